#!/bin/sh
# Prints the AFL/libFuzzer dictionary for sse_delta: the SSE field names
# and line ends, and every JSON key and word the dialects read, taken from
# the mapping tables of sse_delta.h itself (SD_KEY("..."), the finish-word
# tables, and the literals compared with sd_word_is / sd_raw_is), so the
# dictionary follows the code.
#
#     dict.sh sse_delta.h > sse_delta.dict
set -eu
header=$1
n=0
entry() { n=$((n + 1)); printf 'w%d="%s"\n' "$n" "$1"; }

for s in 'data:' 'data: ' 'event:' 'id:' 'retry:' ':' '\x0a\x0a' '\x0d\x0a' '\x0d' '\xef\xbb\xbf' \
         '[DONE]' 'true' 'false' 'null' '\\u' '\\ud83d\\ude00' '\\\"' '{}' '[]' '\":' '\",\"'; do
  entry "$s"
done
# keys: SD_KEY("name") -> "\"name\":"
grep -o 'SD_KEY("[^"]*")' "$header" | sed 's/SD_KEY("\(.*\)")/\1/' | sort -u | while read -r k; do
  printf 'k_%s="\\"%s\\":"\n' "$(printf %s "$k" | tr -c 'A-Za-z0-9_\n' _)" "$k"
done
# words: {"word", SSE_DELTA_FINISH_...}, sd_word_is(.., "word"), sd_raw_is(.., "word", n)
{
  grep -o '{"[^"]*", SSE_DELTA_FINISH' "$header" | sed 's/{"\([^"]*\)".*/\1/'
  grep -o 'sd_word_is([^"]*"[^"]*"' "$header" | sed 's/.*"\([^"]*\)"$/\1/'
  grep -o 'sd_raw_is([^"]*"[^"]*"' "$header" | sed 's/.*"\([^"]*\)"$/\1/'
} | sort -u | while read -r w; do
  printf 'v_%s="\\"%s\\""\n' "$(printf %s "$w" | tr -c 'A-Za-z0-9_\n' _)" "$w"
done
