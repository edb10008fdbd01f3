#!/bin/sh
# `make bench-callgrind`: instructions per input byte of every
# implementation of build/sse-delta-bench, counted by valgrind's callgrind
# (deterministic on one machine, whatever the noise), on one pass over the
# input of the ratio line (the whole corpus when it is there, else the
# seeds; or the FILEs given in BENCH_ARGS).
#
#     callgrind.sh BENCH_TOOL OUT_DIR
#
# Only measured_pass() and what it calls is counted (--toggle-collect);
# loading is not. Exits 2 when a run fails.
set -eu
tool=$1 out=$2
mkdir -p "$out"
echo "make bench-callgrind: $(valgrind --version), instructions per input byte, one pass"
printf '  %-20s %14s %10s %9s\n' implementation instructions bytes "per byte"
for impl in memchr_floor jsmn_floor cjson simdjson sse_delta sse_delta_content \
  sse_delta_64 sse_delta_framing; do
  cg=$out/callgrind.$impl.out
  if ! valgrind --tool=callgrind --callgrind-out-file="$cg" --toggle-collect=measured_pass \
    "$tool" --callgrind "$impl" ${BENCH_ARGS:-} >"$out/$impl.txt" 2>"$out/$impl.log"; then
    echo "bench-callgrind: $impl failed; see $out/$impl.log" >&2
    exit 2
  fi
  ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$cg")
  bytes=$(awk '$1 == "bytes" { print $2 }' "$out/$impl.txt")
  [ -n "$ir" ] && [ "$ir" -gt 0 ] || { echo "bench-callgrind: $impl counted nothing" >&2; exit 2; }
  awk -v i="$impl" -v ir="$ir" -v b="$bytes" \
    'BEGIN { printf "  %-20s %14d %10d %9.2f\n", i, ir, b, ir / b }'
done
echo "per-function profile: callgrind_annotate $out/callgrind.sse_delta.out"
