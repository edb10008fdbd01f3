#include "expect.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "recorder.h"
#include "split.h"

void expect_stream_opts(const char *name, const char *input, size_t len, const char *want,
                        const sse_delta_options *options) {
  feed_plan plan;
  char *got;
  memset(&plan, 0, sizeof plan);
  plan.options = options;
  got = record_stream(input, len, &plan);
  if (strcmp(got, want) != 0) {
    check_failed_++;
    fprintf(stderr, "  \"%s\"\n    got:\n%s    want:\n%s", name, got, want);
  } else {
    check_split_invariance(name, input, len, &plan);
  }
  free(got);
}
