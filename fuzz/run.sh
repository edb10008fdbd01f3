#!/bin/sh
# One AFL++ campaign of a harness, bounded in time (make fuzz-run, fuzz-ci).
#   HARNESS  name, for the messages      BIN   the afl-clang-fast build
#   DURATION seconds                    SEEDS the seed directory
#   CORES    1, or 2 for a secondary instance beside the main one
#   DICT     the dictionary              OUT   afl-fuzz's output directory
# Prints executions, executions per second and corpus size; exits 1 when
# the campaign found a crash or a hang (the inputs are in OUT/*/crashes,
# OUT/*/hangs: copy each into fuzz/regressions/HARNESS/ once fixed).
set -eu
: "${HARNESS:?}" "${BIN:?}" "${DURATION:?}" "${SEEDS:?}" "${DICT:?}" "${OUT:?}"
CORES=${CORES:-1}
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
       AFL_SUPPRESS_BANNER=1 AFL_NO_AFFINITY=1
rm -rf "$OUT"
mkdir -p "$OUT"
run() { # name role
  afl-fuzz "$2" "$1" -i "$SEEDS" -o "$OUT" -x "$DICT" -V "$DURATION" -t 1000 -- "$BIN" \
    >"$OUT/$1.log" 2>&1
}
echo "fuzz $HARNESS: afl-fuzz -i $SEEDS -o $OUT -x $DICT -V $DURATION -- $BIN (x$CORES)"
if [ "$CORES" -ge 2 ]; then
  run main -M &
  main=$!
  run second -S || true
  wait "$main" || true
else
  run main -M || true
fi
status=0
execs=0 speed=0 paths=0 crashes=0 hangs=0
for stats in "$OUT"/*/fuzzer_stats; do
  [ -f "$stats" ] || { echo "fuzz $HARNESS: afl-fuzz did not run; see $OUT/*.log" >&2; tail -20 "$OUT"/*.log >&2; exit 2; }
  get() { awk -v k="$1" '$1 == k { print $3 }' "$stats"; }
  execs=$((execs + $(get execs_done)))
  speed=$(awk -v a="$speed" -v b="$(get execs_per_sec)" 'BEGIN { printf "%.0f", a + b }')
  paths=$(get corpus_count || get paths_total)
  crashes=$((crashes + $(ls "$(dirname "$stats")/crashes" 2>/dev/null | grep -vc README || true)))
  hangs=$((hangs + $(ls "$(dirname "$stats")/hangs" 2>/dev/null | grep -vc README || true)))
done
echo "fuzz $HARNESS: $execs executions, $speed per second, corpus $paths, crashes $crashes, hangs $hangs"
if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
  ls "$OUT"/*/crashes "$OUT"/*/hangs >&2
  status=1
fi
exit $status
