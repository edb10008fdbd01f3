/* Harness 3, pause-resume: four bytes choose which callbacks pause (bit k
   of the mask for callback k, repeating); a flags byte says whether each
   resume starts with a zero-length feed and whether the parser is reset
   mid-stream, two more bytes where. The log with pauses (argument fields
   included) must equal the log without; after a reset, the new stream
   must give what a fresh parser gives. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input in = {data, size};
  unsigned char mask[4];
  unsigned flags;
  size_t reset_at, k;
  feed_plan plan;
  char *plain, *paused;
  for (k = 0; k < sizeof mask; k++) mask[k] = (unsigned char)fuzz_byte(&in);
  flags = fuzz_byte(&in);
  reset_at = fuzz_byte(&in) | fuzz_byte(&in) << 8;
  memset(&plan, 0, sizeof plan);
  plan.with_report = 1;
  plan.with_on_event = 1;
  plan.with_fields = 1; /* pauses inside field pieces too */
  plain = record_stream((const char *)in.data, in.size, &plan);
  plan.pauses = mask;
  plan.n_pauses = sizeof mask;
  plan.zero_feed_first = flags & 1u;
  if (flags & 2u) plan.reset_after = 1 + reset_at % (in.size + 1);
  paused = record_stream((const char *)in.data, in.size, &plan);
  fuzz_same_logs(plan.reset_after ? "paused, after a reset, against fresh" : "paused against plain",
                 plain, paused);
  free(plain);
  free(paused);
  return 0;
}
