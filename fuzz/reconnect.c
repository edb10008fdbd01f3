/* Harness 6, reconnect: two bytes choose where the connection drops (an
   offset modulo the stream's length + 1); the bytes before it are the
   first connection, the rest the second, after sse_delta_reconnect().
   Which events the second connection skips as replayed must not depend on
   how the bytes arrive: fed whole, in slices of 1 to 16 bytes (third
   byte), and with a pause after every callback, the logs are the same. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input in = {data, size};
  unsigned lo = fuzz_byte(&in), hi = fuzz_byte(&in), mode = fuzz_byte(&in);
  feed_plan plan;
  char *whole, *sliced, *paused;
  memset(&plan, 0, sizeof plan);
  plan.with_report = 1;
  plan.with_on_event = 1;
  plan.reconnect_at = (lo | hi << 8) % (in.size + 1);
  whole = record_stream((const char *)in.data, in.size, &plan);
  plan.feed_size = 1 + mode % 16;
  sliced = record_stream((const char *)in.data, in.size, &plan);
  fuzz_same_logs("reconnect, sliced against whole", whole, sliced);
  plan.feed_size = 0;
  plan.pause_always = 1;
  paused = record_stream((const char *)in.data, in.size, &plan);
  fuzz_same_logs("reconnect, paused against whole", whole, paused);
  free(whole);
  free(sliced);
  free(paused);
  return 0;
}
