#!/bin/sh
# examples/minimal.c, however it was built: a whole stream prints its text,
# finish and usage and exits 0; the same stream cut inside an event exits 1
# (the verdict is truncated).
#
#     check_minimal.sh PROGRAM
set -u
prog=$1 dir=$(dirname "$0")
want='Hello, world.
[finish stop (stop)]
[usage in=5 out=3]'
got=$("$prog" < "$dir/hello.sse") || { echo "$prog: exit $? on a whole stream" >&2; exit 1; }
if [ "$got" != "$want" ]; then
  printf '%s: printed\n%s\nwanted\n%s\n' "$prog" "$got" "$want" >&2
  exit 1
fi
if head -c 100 "$dir/hello.sse" | "$prog" >/dev/null; then
  echo "$prog: a cut stream exited 0" >&2
  exit 1
fi
echo "$prog: ok"
