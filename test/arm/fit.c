/* Host tool of `make test-arm`: the smallest limits (sse_delta_options)
   with which the embedded bodies give exactly their summaries at the
   default limits, no error reported; written as fit_limits.h for the M0
   build, whose workspace is then SSE_DELTA_WORKSPACE_SIZE_FOR() of them.

       fit OUT.h

   Each limit is searched on its own (the others at their defaults) by
   bisection: each is a separate part of the workspace, and a body that
   fits a limit fits any larger one. The M0 run then checks the result
   from the other side: all five together fit, and each one smaller does
   not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bodies.h"
#include "run_body.h"

static const char **reference; /* each body's summary at the defaults */

/* Whether every body gives its reference summary, error-free. */
static int fits(const sse_delta_options *opt) {
  size_t size = sse_delta_workspace_size(opt), i;
  unsigned char *ws = malloc(size);
  int ok = ws != NULL;
  for (i = 0; i < embedded_body_count && ok; i++) {
    struct summary s;
    sse_delta_report r;
    int end = run_body(embedded_bodies[i].data, embedded_bodies[i].len, opt, ws, size, &s, &r);
    char *text = summary_json(&s, NULL);
    ok = end == SSE_DELTA_OK && r.errors == 0 && text != NULL &&
         (reference[i] == NULL || strcmp(text, reference[i]) == 0);
    if (reference[i] == NULL) reference[i] = text;
    else free(text);
    summary_free(&s);
  }
  free(ws);
  return ok;
}

/* The least value of *limit in [1, hi] that fits (hi must fit). */
static uint32_t least(sse_delta_options *opt, uint32_t *limit, uint32_t hi) {
  uint32_t lo = 1, saved = *limit;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    *limit = mid;
    if (fits(opt)) hi = mid;
    else lo = mid + 1;
  }
  *limit = saved;
  return hi;
}

int main(int argc, char **argv) {
  sse_delta_options opt;
  uint32_t ev, tok, tools, field, choices;
  FILE *out;
  if (argc != 2) {
    fprintf(stderr, "usage: fit OUT.h\n");
    return 2;
  }
  reference = calloc(embedded_body_count + 1, sizeof *reference);
  memset(&opt, 0, sizeof opt);
  opt.max_event_bytes = SSE_DELTA_DEFAULT_EVENT_BYTES;
  opt.max_tokens = SSE_DELTA_DEFAULT_MAX_TOKENS;
  opt.max_tool_calls = SSE_DELTA_DEFAULT_MAX_TOOL_CALLS;
  opt.max_field_bytes = SSE_DELTA_DEFAULT_FIELD_BYTES;
  opt.max_choices = SSE_DELTA_DEFAULT_MAX_CHOICES;
  if (reference == NULL || !fits(&opt)) {
    fprintf(stderr, "fit: the bodies do not run clean at the default limits\n");
    return 1;
  }
  ev = least(&opt, &opt.max_event_bytes, opt.max_event_bytes);
  tok = least(&opt, &opt.max_tokens, opt.max_tokens);
  tools = least(&opt, &opt.max_tool_calls, opt.max_tool_calls);
  field = least(&opt, &opt.max_field_bytes, opt.max_field_bytes);
  choices = least(&opt, &opt.max_choices, opt.max_choices);
  opt.max_event_bytes = ev;
  opt.max_tokens = tok;
  opt.max_tool_calls = tools;
  opt.max_field_bytes = field;
  opt.max_choices = choices;
  if (!fits(&opt)) {
    fprintf(stderr, "fit: the least limits found one by one do not fit together\n");
    return 1;
  }
  out = fopen(argv[1], "w");
  if (out == NULL) return 2;
  fprintf(out, "/* written by test/arm/fit.c: the least limits for the embedded bodies */\n"
               "#define FIT_EVENT_BYTES %luu\n#define FIT_TOKENS %luu\n#define FIT_TOOL_CALLS %luu\n"
               "#define FIT_FIELD_BYTES %luu\n#define FIT_CHOICES %luu\n",
          (unsigned long)ev, (unsigned long)tok, (unsigned long)tools, (unsigned long)field,
          (unsigned long)choices);
  printf("fit: max_event_bytes %lu, max_tokens %lu, max_tool_calls %lu, max_field_bytes %lu, "
         "max_choices %lu: %lu workspace bytes\n",
         (unsigned long)ev, (unsigned long)tok, (unsigned long)tools, (unsigned long)field,
         (unsigned long)choices, (unsigned long)sse_delta_workspace_size(&opt));
  return fclose(out) == 0 ? 0 : 2;
}
