/* Harness 5, key order: eight bytes seed a permutation of the members of
   every JSON object in every one-line payload (test/json_shuffle.h); the
   callbacks must be those of the same payloads with their members in
   place (both compacted alike, so sizes match), tool-call arguments and
   provider error texts compared as JSON values (test/log_compare.h).
   on_event is not set: its raw data legitimately differs. */
#include <stdlib.h>
#include <string.h>

#include "../test/json_shuffle.h"
#include "../test/log_compare.h"
#include "fuzz.h"

static char *record_variant(const char *body, size_t len, shuffle_rng *rng) {
  feed_plan with_report;
  size_t n;
  char *variant = sse_shuffle_body(body, len, rng, &n, NULL);
  char *log;
  memset(&with_report, 0, sizeof with_report);
  with_report.with_report = 1;
  log = record_stream(variant, n, &with_report);
  free(variant);
  return log;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input in = {data, size};
  uint64_t seed = 0;
  shuffle_rng rng;
  char *in_place, *shuffled;
  log_items a, b;
  size_t k, by_value = 0, at;
  for (k = 0; k < 8; k++) seed = seed << 8 | fuzz_byte(&in);
  shuffle_rng_seed(&rng, seed);
  in_place = record_variant((const char *)in.data, in.size, NULL);
  shuffled = record_variant((const char *)in.data, in.size, &rng);
  parse_log(in_place, &a);
  parse_log(shuffled, &b);
  at = first_difference(&a, &b, &by_value);
  if (at < a.count || at < b.count) fuzz_same_logs("members shuffled against in place", in_place, shuffled);
  log_items_free(&a);
  log_items_free(&b);
  free(in_place);
  free(shuffled);
  return 0;
}
