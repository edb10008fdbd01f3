/* Harness 2, split-differential: the first byte says how many split
   points follow (0..15), two bytes each (offsets modulo the stream's
   length + 1, any order); the log of the split feed must equal the log of
   the whole feed, end() included. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define MAX_CUTS 15

static int by_offset(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input in = {data, size};
  size_t cuts[MAX_CUTS], n_cuts = fuzz_byte(&in) % (MAX_CUTS + 1), k;
  uint16_t raw[MAX_CUTS];
  feed_plan plan;
  char *whole, *split;
  for (k = 0; k < n_cuts; k++) raw[k] = (uint16_t)(fuzz_byte(&in) | fuzz_byte(&in) << 8);
  for (k = 0; k < n_cuts; k++) cuts[k] = raw[k] % (in.size + 1);
  qsort(cuts, n_cuts, sizeof cuts[0], by_offset);
  memset(&plan, 0, sizeof plan);
  plan.with_report = 1;
  plan.with_on_event = 1;
  whole = record_stream((const char *)in.data, in.size, &plan);
  plan.cuts = cuts;
  plan.n_cuts = n_cuts;
  split = record_stream((const char *)in.data, in.size, &plan);
  fuzz_same_logs("split feed against whole feed", whole, split);
  free(whole);
  free(split);
  return 0;
}
