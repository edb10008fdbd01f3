#!/bin/sh
# Make sure a tool a measurement needs is there.
#
#     require.sh WHAT 'CHECK COMMAND' DEBIAN_PACKAGE...
#
# When CHECK COMMAND fails: as root with apt-get (CI, like the Makefile does
# for jsmn) the packages are installed; otherwise it says the one-line fix
# and fails.
what=$1 check=$2
shift 2
sh -c "$check" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "missing $what: installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      --no-install-recommends "$@" </dev/null || exit 1
  sh -c "$check" >/dev/null 2>&1 && exit 0
fi
echo "missing $what: run sudo apt-get install $*" >&2
exit 1
