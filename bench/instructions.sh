#!/bin/sh
# `make instructions`: instructions per input byte of four cases of
# build/sse-delta-bench --callgrind, counted by callgrind (deterministic on
# one machine: the same valgrind, glibc and CPU; glibc picks its
# memchr/memcpy by CPU features):
#   (a) the library, every callback set, the corpus's openai-chat bodies
#   (b) the same with only on_content
#   (c) the library on 64 synthetic events of 32 KB of text each
#   (d) the jsmn floor of make bench (framing + jsmn) on the bodies of (a)
#
#     instructions.sh BENCH_TOOL CORPUS_DIR OUT_DIR
#
# Only measured_pass() and what it calls is counted (--toggle-collect);
# loading the inputs is not. Exits 1 when a target is missed, 2 when a run
# fails.
set -eu
tool=$1 corpus=$2 out=$3
mkdir -p "$out"
results=$out/results.$$
trap 'rm -f "$results"' EXIT

if [ -d "$corpus/expected" ]; then
  cases="a b c d"
else
  echo "corpus not found at $corpus (no $corpus/expected): measuring only (c)"
  cases="c"
fi

echo "make instructions: $(valgrind --version), library CFLAGS=${LIB_CFLAGS:-?}"
start=$(date +%s)
for c in $cases; do
  case $c in
  a) args="sse_delta --input chat" ;;
  b) args="sse_delta_content --input chat" ;;
  c) args="sse_delta --input synthetic" ;;
  d) args="jsmn_floor --input chat" ;;
  esac
  cmd="valgrind --tool=callgrind --callgrind-out-file=$out/callgrind.$c.out --toggle-collect=measured_pass $tool --callgrind $args"
  echo "  $cmd"
  t0=$(date +%s)
  if ! $cmd >"$out/$c.txt" 2>"$out/$c.log"; then
    echo "instructions: case ($c) failed; see $out/$c.log" >&2
    exit 2
  fi
  t1=$(date +%s)
  # summary: is the total of the collected events (Ir only, the default).
  ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$out/callgrind.$c.out")
  bytes=$(awk '$1 == "bytes" { print $2 }' "$out/$c.txt")
  if [ -z "$ir" ] || [ "$ir" -eq 0 ]; then
    echo "instructions: case ($c) counted nothing: is measured_pass inlined?" >&2
    exit 2
  fi
  echo "    $((t1 - t0)) s"
  printf '%s %s %s\n' "$c" "$ir" "$bytes" >>"$results"
done
echo "  run time: $(( $(date +%s) - start )) s under callgrind"
echo

# One line per case; targets: (a) <= 20, (c) <= 15 per byte, (b) at least
# 10 % below (a).
awk '
{ ir[$1] = $2; by[$1] = $3; per[$1] = $2 / $3 }
END {
  desc["a"] = "(a) openai-chat corpus, every callback"
  desc["b"] = "(b) same bodies, on_content only"
  desc["c"] = "(c) synthetic: 64 x 32 KB content"
  desc["d"] = "(d) jsmn floor: framing + jsmn"
  printf "  %-40s %12s %10s %9s  %-24s %s\n", "case", "instructions", "bytes",
    "per byte", "target", "status"
  missed = 0
  for (k = 1; k <= 4; k++) {
    c = substr("abcd", k, 1)
    if (!(c in ir)) continue
    target = ""; status = ""
    if (c == "a") { target = "<= 20"; status = per[c] <= 20 ? "ok" : "OVER" }
    if (c == "c") { target = "<= 15"; status = per[c] <= 15 ? "ok" : "OVER" }
    if (c == "b") {
      ratio = per["b"] / per["a"]
      target = sprintf("(b)/(a) <= 0.90: %.3f", ratio)
      status = ratio <= 0.90 ? "ok" : "MISSED"
    }
    if (c == "d") {
      target = "reference"
      if ("a" in per) target = sprintf("(a)/(d) = %.2f", per["a"] / per["d"])
    }
    if (status != "" && status != "ok") missed++
    printf "  %-40s %12s %10s %9.2f  %-24s %s\n", desc[c], ir[c], by[c],
      per[c], target, status
  }
  print ""
  if (missed) { printf "instructions: %d target(s) missed\n", missed; exit 1 }
  print "instructions: every target met"
}' "$results"
