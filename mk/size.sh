#!/bin/sh
# `make size`: code bytes, parser size and worst-case stack of sse_delta.c
# on a Cortex-M4, with Debian's arm-none-eabi-gcc. Nothing is run on the
# target: every figure is read from the compiler's output.
#
# Environment (mk/measure.mk sets it): OUT (a directory), ARM_CC, ARM_FLAGS,
# WARNINGS, HOST_CC and CPPFLAGS (to find the host's jsmn.h), and the
# limits CODE_LIMIT, PARSER_LIMIT, STACK_LIMIT.
set -eu

: "${OUT:=build/size}" "${ARM_CC:=arm-none-eabi-gcc}"
: "${ARM_FLAGS:=-mcpu=cortex-m4 -mthumb -Os -ffunction-sections -fdata-sections}"
: "${WARNINGS:=-Wall -Wextra -Wpedantic -Werror}" "${HOST_CC:=cc}"
: "${CPPFLAGS:=}"
: "${CODE_LIMIT:=12288}" "${PARSER_LIMIT:=256}" "${STACK_LIMIT:=512}"
cross=${ARM_CC%gcc}
mkdir -p "$OUT/include"

# jsmn.h is a host package: copy only it for the cross compiler, so that no
# other host header (glibc's stdint.h...) can stand in for newlib's.
# shellcheck disable=SC2086 # CPPFLAGS is a list of words
jsmn=$(printf '#include <jsmn.h>\n' | $HOST_CC $CPPFLAGS -E -x c - 2>/dev/null |
  awk -F'"' '/^# [0-9]+ ".*jsmn\.h"/ { print $2; exit }')
[ -n "$jsmn" ] || { echo "size: jsmn.h not found by $HOST_CC" >&2; exit 1; }
cp "$jsmn" "$OUT/include/jsmn.h"

# Warnings are shown but do not stop the measurement: the host builds
# (make check-builds) are where the library must be warning-free.
warnings=$(echo "$WARNINGS" | awk '{ for (i = 1; i <= NF; i++) if ($i != "-Werror") printf "%s ", $i }')
flags="-std=c99 $warnings$ARM_FLAGS -I. -I$OUT/include"
lib_cmd="$ARM_CC $flags -fstack-usage -fcallgraph-info=su -c sse_delta.c -o $OUT/sse_delta.o"
sizes_cmd="$ARM_CC $flags -c mk/target_sizes.c -o $OUT/target_sizes.o"
$lib_cmd
$sizes_cmd

echo "make size: sse_delta.c for Cortex-M4 ($("$ARM_CC" --version | head -n 1))"
echo "  $lib_cmd"
echo "  $sizes_cmd   (sizeof read with ${cross}nm -S, not run)"
echo

# Code: every .text* and .rodata* section of the object.
code=$("${cross}size" -A "$OUT/sse_delta.o" |
  awk '$1 ~ /^\.(text|rodata)/ { s += $2 } END { print s + 0 }')
data=$("${cross}size" -A "$OUT/sse_delta.o" |
  awk '$1 ~ /^\.(data|bss)/ { s += $2 } END { print s + 0 }')
# sizeof: the byte size of an array of that many chars.
sym_size() {
  "${cross}nm" -S -t d "$OUT/target_sizes.o" |
    awk -v s="$1" '$4 == s { print $2 + 0; found = 1 } END { if (!found) print "?" }'
}
parser=$(sym_size parser_size)
workspace=$(sym_size default_workspace_size)

# The public functions: every global function of the object named sse_delta_*.
api=$("${cross}nm" -g --defined-only "$OUT/sse_delta.o" |
  awk '$2 == "T" && $3 ~ /^sse_delta_/ { print $3 }' | sort | tr '\n' ' ')
others=$("${cross}nm" -g --defined-only "$OUT/sse_delta.o" |
  awk '$2 == "T" && $3 !~ /^sse_delta_/ { printf " %s", $3 }')

# Symbols and relocations, for the calls through pointers the library sets.
{
  "${cross}readelf" -SW "$OUT/sse_delta.o" |
    awk 'match($0, /\[ *[0-9]+\]/) { i = substr($0, RSTART + 1, RLENGTH - 2) + 0;
         split(substr($0, RSTART + RLENGTH), f, " "); print "sec\t" i "\t" f[1] }'
  "${cross}readelf" -sW "$OUT/sse_delta.o" |
    awk '($4 == "FUNC" || $4 == "OBJECT") && $7 ~ /^[0-9]+$/ {
         print ($4 == "FUNC" ? "func" : "obj") "\t" $8 "\t" $7 }'
  "${cross}readelf" -rW "$OUT/sse_delta.o" |
    awk -F"'" '/^Relocation section/ { s = $2; sub(/^\.rela?/, "", s); next }
         s != "" && NF == 1 && $0 ~ /^[0-9a-f]+ / { split($0, f, " ");
         if (f[5] != "") print "rel\t" s "\t" f[3] "\t" f[5] }'
} | awk -F'\t' '$1 == "sec" { sec[$2] = $3; next }
      $1 == "func" || $1 == "obj" { print $1 "\t" $2 "\t" sec[$3]; next }
      { print }' >"$OUT/sse_delta.refs"

status() { if [ "$1" = "?" ] || [ "$1" -gt "$2" ]; then echo OVER; else echo ok; fi; }
over=0
code_s=$(status "$code" "$CODE_LIMIT"); [ "$code_s" = ok ] || over=$((over + 1))
parser_s=$(status "$parser" "$PARSER_LIMIT"); [ "$parser_s" = ok ] || over=$((over + 1))

printf '  %-34s %6s %6s  %s\n' "figure" bytes limit status
printf '  %-34s %6s %6s  %s\n' ".text* + .rodata* of sse_delta.o" "$code" "$CODE_LIMIT" "$code_s"
printf '  %-34s %6s %6s  %s\n' "sizeof(sse_delta_parser)" "$parser" "$PARSER_LIMIT" "$parser_s"
printf '  %-34s %6s %6s  %s\n' ".data* + .bss* of sse_delta.o" "$data" "-" "info"
printf '  %-34s %6s %6s  %s\n' "SSE_DELTA_DEFAULT_WORKSPACE_SIZE" "$workspace" "-" "info"
echo
echo "worst-case stack of each public function (frames from $OUT/sse_delta.su,"
echo "calls from $OUT/sse_delta.ci, internal function pointers from its relocations):"
awk -v api="$api" -v limit="$STACK_LIMIT" -f mk/stack.awk \
  "$OUT/sse_delta.refs" "$OUT/sse_delta.su" "$OUT/sse_delta.ci" >"$OUT/stack.txt"
sed '$d' "$OUT/stack.txt"
stack_over=$(sed -n '$s/^stack_over //p' "$OUT/stack.txt")
[ -z "$others" ] || echo "  note: global functions not named sse_delta_*:$others"
over=$((over + stack_over))

echo
if [ "$over" -gt 0 ]; then
  echo "size: $over figure(s) over the limit"
  exit 1
fi
echo "size: every figure within its limit"
