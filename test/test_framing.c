/* SSE framing, each rule on its own input, fed whole. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "framing_cases.h"
#include "recorder.h"

char *record_case(const framing_case *c, const feed_plan *base);

char *record_case(const framing_case *c, const feed_plan *base) {
  feed_plan plan;
  sse_delta_options opt;
  size_t n = c->len ? c->len : strlen(c->input);
  memset(&opt, 0, sizeof opt);
  opt.max_event_bytes = c->max_event_bytes;
  plan = *base;
  plan.framing_only = 1;
  plan.options = &opt;
  return record_stream(c->input, n, &plan);
}

void test_framing_rules(void) {
  feed_plan whole;
  size_t i;
  memset(&whole, 0, sizeof whole);
  for (i = 0; i < framing_case_count; i++) {
    const framing_case *c = &framing_cases[i];
    char *log = record_case(c, &whole);
    if (strcmp(log, c->expect) != 0) {
      check_failed_++;
      fprintf(stderr, "  case \"%s\"\n    got:\n%s    want:\n%s", c->name, log, c->expect);
    }
    free(log);
  }
}
