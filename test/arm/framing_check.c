#include "framing_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "framing_cases.h"
#include "recorder.h"

/* Framing only: no payload is tokenized, so one token, one tool call and
   one choice are enough, and a small event buffer keeps the M0's heap
   free. The field size stays the default, which the cases test. */
#define FRAMING_EVENT_BYTES 512u

static int same(const framing_case *c, const feed_plan *plan) {
  size_t n = c->len ? c->len : strlen(c->input);
  char *log = record_stream(c->input, n, plan);
  int ok = strcmp(log, c->expect) == 0;
  free(log);
  return ok;
}

/* Whole, at every split point, byte by byte and pausing everywhere. */
static int case_holds(const framing_case *c, feed_plan plan) {
  size_t n = c->len ? c->len : strlen(c->input), k;
  int ok = same(c, &plan);
  for (k = 1; k < n && ok; k++) {
    plan.split_at = k;
    ok = same(c, &plan);
  }
  plan.split_at = 0;
  plan.feed_size = 1;
  ok = ok && same(c, &plan);
  plan.pause_always = 1;
  ok = ok && same(c, &plan);
  return ok;
}

/* The log in slices, each line prefixed, for the byte-identical output. */
static void print_log(size_t i, const char *log) {
  const char *p = log;
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    printf("framing %lu | %.*s\n", (unsigned long)i, (int)len, p);
    p += len + (nl != NULL);
  }
}

int framing_check(size_t slice) {
  size_t i;
  int failed = 0;
  for (i = 0; i < framing_case_count; i++) {
    const framing_case *c = &framing_cases[i];
    sse_delta_options opt;
    feed_plan plan;
    char *log;
    memset(&opt, 0, sizeof opt);
    opt.max_event_bytes = c->max_event_bytes ? c->max_event_bytes : FRAMING_EVENT_BYTES;
    opt.max_tokens = 1;
    opt.max_tool_calls = 1;
    opt.max_choices = 1;
    memset(&plan, 0, sizeof plan);
    plan.framing_only = 1;
    plan.options = &opt;
    plan.feed_size = slice;
    log = record_stream(c->input, c->len ? c->len : strlen(c->input), &plan);
    print_log(i, log);
    plan.feed_size = 0;
    if (strcmp(log, c->expect) != 0 || !case_holds(c, plan)) {
      failed++;
      printf("FAIL framing case %lu \"%s\"\n", (unsigned long)i, c->name);
    }
    free(log);
  }
  printf("framing: %lu cases, each in %lu-byte slices, whole, split at every byte, byte by byte "
         "and pausing at every callback: %s\n",
         (unsigned long)framing_case_count, (unsigned long)slice,
         failed ? "some FAILED" : "every log as expected");
  return failed;
}
