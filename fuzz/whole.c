/* Harness 1, whole: the stream in one feed, every callback set (on_event
   too), the dialect detected or forced (first byte: 0 detect, 1..4 the
   dialects; bit 3: the framing layer only). Its checks are the recorder's:
   nothing outside the workspace, no broken promise, no crash, no hang. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input in = {data, size};
  unsigned mode = fuzz_byte(&in);
  sse_delta_options opt;
  feed_plan plan;
  memset(&opt, 0, sizeof opt);
  memset(&plan, 0, sizeof plan);
  plan.with_report = 1;
  opt.dialect = (sse_delta_dialect)((mode & 7u) % SSE_DELTA_DIALECT_COUNT);
  plan.options = &opt;
  plan.with_on_event = 1;
  plan.with_fields = 1; /* the argument field scanner on whatever the fuzzer makes */
  plan.framing_only = (mode >> 3) & 1u;
  free(record_stream((const char *)in.data, in.size, &plan));
  return 0;
}
