/* Harness 4, tiny memory: the smallest limits (256-byte events, 16
   tokens, 1 or 2 tool calls, 8-byte fields, 1 choice remembered), so that
   every overflow path runs all the time; fed whole and in slices of 1 to
   16 bytes (first byte), which must give the same log. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input in = {data, size};
  unsigned mode = fuzz_byte(&in);
  sse_delta_options opt;
  feed_plan plan;
  char *whole, *sliced;
  memset(&opt, 0, sizeof opt);
  opt.max_event_bytes = 256;
  opt.max_tokens = 16;
  opt.max_tool_calls = 1 + (mode & 1u);
  opt.max_field_bytes = 8;
  opt.max_choices = 1;
  memset(&plan, 0, sizeof plan);
  plan.with_report = 1;
  plan.options = &opt;
  plan.with_on_event = 1;
  whole = record_stream((const char *)in.data, in.size, &plan);
  plan.feed_size = 1 + (mode >> 1) % 16;
  sliced = record_stream((const char *)in.data, in.size, &plan);
  fuzz_same_logs("tiny limits, sliced against whole", whole, sliced);
  free(whole);
  free(sliced);
  return 0;
}
