#!/bin/sh
# make fuzz-campaign: each named harness for DURATION seconds on one core,
# two harnesses at a time, in two halves: the ASan + UBSan build from the
# seeds, then the build without sanitizers (several times faster) from the
# queue the first half left; then every input of both queues is replayed
# through the ASan + UBSan build, so that what the fast half found is
# checked by the sanitizers too. Then the summary of all of them.
set -u
out=$FUZZ_DIR/campaign
summary=$out/summary.txt
half=$((DURATION / 2))
: >"$summary"
one() {
  h=$1
  HARNESS=$h BIN=$FUZZ_DIR/afl/$h OUT=$out/$h/asan DURATION=$half CORES=1 \
    sh fuzz/run.sh >"$out/$h.asan.txt" 2>&1
  s1=$?
  HARNESS=$h BIN=$FUZZ_DIR/afl-fast/$h OUT=$out/$h/fast DURATION=$half CORES=1 \
    SEEDS=$out/$h/asan/main/queue sh fuzz/run.sh >"$out/$h.fast.txt" 2>&1
  s2=$?
  "$FUZZ_DIR/replay-asan/$h" "$out/$h/asan/main/queue" "$out/$h/fast/main/queue" \
    >"$out/$h.replay.txt" 2>&1
  s3=$?
  echo $((s1 | s2 | s3)) >"$out/$h.status"
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
for f in "$out"/*.asan.txt "$out"/*.fast.txt; do
  build=$(basename "$f" .txt); build=${build##*.}
  line=$(grep '^fuzz .*executions' "$f") || { echo "$(basename "$f" .txt): no result" >>"$summary"; status=1; continue; }
  echo "$line ($build build)" >>"$summary"
done
for f in "$out"/*.replay.txt; do
  echo "replay $(basename "$f" .replay.txt) under ASan + UBSan: $(tail -n 1 "$f")" >>"$summary"
done
for s in "$out"/*.status; do [ "$(cat "$s")" = 0 ] || status=1; done
echo "campaign: $(date -u +%Y-%m-%dT%H:%MZ), $DURATION s per harness ($half ASan + UBSan, $half without sanitizers), library (sse_delta.h) at $(git log -1 --format=%h -- sse_delta.h 2>/dev/null || echo '?')" >>"$summary"
cat "$summary"
exit $status
