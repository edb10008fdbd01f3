#!/bin/sh
# make fuzz-campaign: each named harness for DURATION seconds on one core, two at a
# time, on the ASan + UBSan build; then the summary of all of them.
set -u
out=$FUZZ_DIR/campaign
summary=$out/summary.txt
: >"$summary"
one() {
  HARNESS=$1 BIN=$FUZZ_DIR/afl/$1 OUT=$out/$1 CORES=1 sh fuzz/run.sh >"$out/$1.txt" 2>&1
  echo $? >"$out/$1.status"
}
set -- "$@"
while [ $# -gt 0 ]; do
  one "$1" &
  first=$!
  if [ $# -gt 1 ]; then one "$2"; shift; fi
  wait "$first"
  shift
done
status=0
for f in "$out"/*.txt; do
  [ "$f" = "$summary" ] && continue
  grep '^fuzz .*executions' "$f" >>"$summary" || { echo "$(basename "$f" .txt): no result" >>"$summary"; status=1; }
done
for s in "$out"/*.status; do [ "$(cat "$s")" = 0 ] || status=1; done
echo "campaign: $(date -u +%Y-%m-%dT%H:%MZ), $DURATION s per harness, ASan + UBSan build" >>"$summary"
cat "$summary"
exit $status
