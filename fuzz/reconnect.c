/* Harness 6, reconnect: two bytes choose where the connection drops (an
   offset modulo the stream's length + 1); the bytes before it are the
   first connection, the rest the second, after sse_delta_reconnect().
   Which events the second connection skips as replayed must not depend on
   how the bytes arrive: fed whole, in slices of 1 to 16 bytes (third
   byte, low half), and with a pause after every callback, the logs are the
   same. And a reconnect while paused at callback k of the first connection
   (third byte, high half) is a cut at the bytes used then. */
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
  if (plan.reconnect_at > 0) {
    unsigned char pauses[8];
    unsigned k = mode >> 4;
    size_t used = 0;
    memset(pauses, 0, sizeof pauses);
    pauses[k / 8] = (unsigned char)(1u << (k % 8));
    plan.pause_always = 0;
    plan.pauses = pauses;
    plan.n_pauses = sizeof pauses;
    plan.reconnect_at_pause = &used;
    paused = record_stream((const char *)in.data, in.size, &plan);
    if (used > 0) {
      size_t second = in.size - plan.reconnect_at, n = used + second;
      char *cut = (char *)malloc(n + 1), *uncut;
      if (cut == NULL) abort();
      memcpy(cut, in.data, used);
      memcpy(cut + used, in.data + plan.reconnect_at, second);
      memset(&plan, 0, sizeof plan);
      plan.with_report = 1;
      plan.with_on_event = 1;
      plan.reconnect_at = used;
      uncut = record_stream(cut, n, &plan);
      fuzz_same_logs("reconnect at a pause, against a cut at the bytes used", uncut, paused);
      free(uncut);
      free(cut);
    }
    free(paused);
  }
  return 0;
}
