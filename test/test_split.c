/* Split invariance: the same bytes split at any point, fed one byte at a
   time, or with every callback pausing the parser, give exactly the same
   callbacks as the bytes fed whole. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "framing_cases.h"
#include "recorder.h"
#include "split.h"

char *record_case(const framing_case *c, const feed_plan *base);

static int same_log(const char *what, const char *name, size_t at, const char *want, char *got) {
  int same = strcmp(want, got) == 0;
  if (!same) {
    check_failed_++;
    fprintf(stderr, "  %s differs for \"%s\" (at %zu)\n    got:\n%s    want:\n%s", what, name, at,
            got, want);
  }
  free(got);
  return same;
}

int check_split_invariance(const char *name, const char *bytes, size_t n,
                           const feed_plan *base) {
  feed_plan plan = *base;
  char *whole = record_stream(bytes, n, &plan);
  size_t k;
  int ok = 1;
  for (k = 1; k < n && ok; k++) {
    plan = *base;
    plan.split_at = k;
    ok = same_log("split", name, k, whole, record_stream(bytes, n, &plan));
  }
  plan = *base;
  plan.feed_size = 1;
  ok = ok && same_log("byte at a time", name, 1, whole, record_stream(bytes, n, &plan));
  plan = *base;
  plan.pause_always = 1;
  ok = ok && same_log("pausing at every callback", name, 0, whole, record_stream(bytes, n, &plan));
  plan.feed_size = 1;
  ok = ok && same_log("pausing, byte at a time", name, 1, whole, record_stream(bytes, n, &plan));
  free(whole);
  return ok;
}

void test_split_framing_cases(void) {
  size_t i;
  for (i = 0; i < framing_case_count; i++) {
    const framing_case *c = &framing_cases[i];
    feed_plan plan;
    sse_delta_options opt;
    memset(&plan, 0, sizeof plan);
    memset(&opt, 0, sizeof opt);
    opt.max_event_bytes = c->max_event_bytes;
    plan.framing_only = 1;
    plan.options = &opt;
    check_split_invariance(c->name, c->input, c->len ? c->len : strlen(c->input), &plan);
  }
}
