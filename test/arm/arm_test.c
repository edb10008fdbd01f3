/* The test-arm program: the same source runs on the Cortex-M boards
   under qemu and on the build machine, and `make test-arm` requires the
   two outputs to be byte-identical, except the lines starting with '#'
   (the board's own figures: stack, RAM).

   It replays the embedded bodies (bodies.h) in 7-byte slices and prints
   each summary as `build/sse-delta --summary` writes it, which make
   compares with the tool's output at the default limits; it replays the
   framing cases of the host tests and checks their logs; with ARM_FIT it
   runs with the smallest limits fit.c found and shows that each limit one
   smaller breaks some body; with ARM_OFFSETS 8 it places the workspace at
   each offset 0..7 from an 8-aligned base and requires the same results.
   Exit status 0 only when every check passed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "bodies.h"
#include "run_body.h"
#include "sse_delta.h"
#include "framing_check.h"
#include "stack_alone.h"

#ifdef ARM_FIT
#include "fit_limits.h" /* FIT_EVENT_BYTES... written by fit.c */
#define WS_SIZE                                                                       \
  SSE_DELTA_WORKSPACE_SIZE_FOR(FIT_EVENT_BYTES, FIT_TOKENS, FIT_TOOL_CALLS, FIT_FIELD_BYTES, \
                               FIT_CHOICES)
#else
#define WS_SIZE SSE_DELTA_DEFAULT_WORKSPACE_SIZE
#endif
#ifndef ARM_OFFSETS
#define ARM_OFFSETS 1
#endif
#ifdef ARM_STATIC_FIGURES
#include "static_stack.h" /* STATIC_STACK_*: make size's worst cases */
#endif

/* The workspace, 8-aligned at its base, with room to move it 0..7 bytes:
   the library promises any alignment works. */
static union {
  uint64_t align;
  unsigned char bytes[WS_SIZE + ARM_OFFSETS - 1];
} workspace;

static int failures;
static size_t deepest_parse; /* stack bytes below run_one's caller */

static void fail(const char *what, const char *label) {
  failures++;
  printf("FAIL %s: %s\n", label, what);
}

/* One body at one workspace offset: its summary text, or NULL after
   counting a failure. The stack is painted around the parse only, so
   that printf's own needs do not count. */
static char *run_one(const struct embedded_body *b, const sse_delta_options *opt, size_t offset,
                     sse_delta_report *report) {
  struct summary s;
  int end;
  char *text;
  size_t used;
  stack_paint();
  end = run_body(b->data, b->len, opt, workspace.bytes + offset, WS_SIZE, &s, report);
  used = stack_used_since_paint();
  if (used > deepest_parse) deepest_parse = used;
  text = summary_json(&s, NULL);
  summary_free(&s);
  if (end < 0) fail("the parser refused the input", b->label);
  if (text == NULL) fail("the summary ran out of memory", b->label);
  return text;
}

static void print_limits(const sse_delta_options *opt) {
  printf("limits: max_event_bytes %lu, max_tokens %lu, max_tool_calls %lu, max_field_bytes %lu, "
         "max_choices %lu: a workspace of %lu bytes\n",
         (unsigned long)opt->max_event_bytes, (unsigned long)opt->max_tokens,
         (unsigned long)opt->max_tool_calls, (unsigned long)opt->max_field_bytes,
         (unsigned long)opt->max_choices, (unsigned long)sse_delta_workspace_size(opt));
}

/* Every body at offset 0, printed; at the other offsets, compared. */
static void run_summaries(const sse_delta_options *opt) {
  size_t i, k, differ = 0;
  for (i = 0; i < embedded_body_count; i++) {
    const struct embedded_body *b = &embedded_bodies[i];
    sse_delta_report r;
    char *first = run_one(b, opt, 0, &r);
    printf("summary %s %s\n", b->label, first ? first : "null");
    for (k = 1; k < ARM_OFFSETS && first != NULL; k++) {
      char *again = run_one(b, opt, k, &r);
      if (again != NULL && strcmp(again, first) != 0) {
        differ++;
        fail("the summary differs with the workspace moved", b->label);
      }
      free(again);
    }
    free(first);
  }
  if (ARM_OFFSETS > 1)
    printf("workspace at offsets 1..%d from an 8-aligned base: %s\n", ARM_OFFSETS - 1,
           differ ? "summaries DIFFER" : "every summary as at offset 0");
}

#ifdef ARM_FIT
/* A summary kept as a hash (FNV-1a): the M0's heap cannot hold every body's
   summary text at once. */
static uint64_t text_hash(const char *s) {
  uint64_t h = 14695981039346656037ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* The first body the options break (an error, or a summary that is not
   the one of the fitted limits), with what broke: NULL when none. */
static const char *first_broken(const sse_delta_options *opt, const uint64_t *reference,
                                const char **what) {
  size_t i;
  for (i = 0; i < embedded_body_count; i++) {
    sse_delta_report r;
    char *text = run_one(&embedded_bodies[i], opt, 0, &r);
    int same = text != NULL && text_hash(text) == reference[i];
    free(text);
    *what = r.errors ? sse_delta_status_name(r.first_error) : "a different summary";
    if (r.errors || !same) return embedded_bodies[i].label;
  }
  return NULL;
}

/* Each limit one smaller than fitted must break some body: the fitted
   workspace is the smallest. max_choices stops at 1 (0 is the default). */
static void show_each_limit_needed(const sse_delta_options *fitted) {
  static const char *const names[] = {"max_event_bytes", "max_tokens", "max_tool_calls",
                                      "max_field_bytes", "max_choices"};
  uint64_t reference[64];
  size_t i;
  int k;
  if (embedded_body_count > 64) return;
  for (i = 0; i < embedded_body_count; i++) {
    sse_delta_report r;
    char *text = run_one(&embedded_bodies[i], fitted, 0, &r);
    if (text == NULL) return;
    reference[i] = text_hash(text);
    free(text);
  }
  for (k = 0; k < 5; k++) {
    sse_delta_options o = *fitted;
    uint32_t *limit[5];
    const char *what = NULL, *broken;
    limit[0] = &o.max_event_bytes;
    limit[1] = &o.max_tokens;
    limit[2] = &o.max_tool_calls;
    limit[3] = &o.max_field_bytes;
    limit[4] = &o.max_choices;
    if (*limit[k] <= 1) {
      printf("one smaller: %s %lu is the least there is\n", names[k], (unsigned long)*limit[k]);
      continue;
    }
    (*limit[k])--;
    broken = first_broken(&o, reference, &what);
    printf("one smaller: %s %lu: %s%s%s\n", names[k], (unsigned long)*limit[k],
           broken ? what : "every body still fits", broken ? " in " : "", broken ? broken : "");
    if (broken == NULL) fail("the workspace is not the smallest", names[k]);
  }
}
#endif

/* The board's figures: every line starts with '#'. */
static void print_budget(const sse_delta_options *opt) {
  sse_delta_parser p;
  int refused;
  size_t alone = deepest_library_run(opt, workspace.bytes, WS_SIZE, &refused);
  if (refused) fail("the parser refused a body", "the library's own stack run");
  printf("# board: %s; unaligned accesses: %s\n", board_name, board_unaligned());
  if (stack_size() == 0) return; /* the host: nothing measured */
  printf("# stack high-water, measured (painted, untouched words counted after), deepest "
         "over the bodies: the library alone (init, 7-byte feeds, end; callbacks that do "
         "nothing) %lu bytes; with the summary's callbacks (realloc) %lu bytes\n",
         (unsigned long)alone, (unsigned long)deepest_parse);
#ifdef ARM_STATIC_FIGURES
  printf("# stack, static (make size: .su frames over the call graph, callbacks not counted): "
         "sse_delta_init %d, sse_delta_feed %d, sse_delta_end %d bytes\n",
         STATIC_STACK_INIT, STATIC_STACK_FEED, STATIC_STACK_END);
#endif
  printf("# RAM for the parser: sizeof(sse_delta_parser) %lu + workspace %lu + stack %lu (the "
         "library's; the callbacks' own comes on top) = %lu bytes\n",
         (unsigned long)sizeof p, (unsigned long)WS_SIZE, (unsigned long)alone,
         (unsigned long)(sizeof p + WS_SIZE + alone));
  printf("# RAM of this test program: .data+.bss %lu (the workspace included), heap %lu (the "
         "summaries), stack %lu (printf included)\n",
         (unsigned long)static_ram(), (unsigned long)heap_in_use(), (unsigned long)stack_peak());
}

int main(void) {
  sse_delta_options opt;
  static char line[256]; /* line-buffered: a fault loses at most a line */
  board_start();
  setvbuf(stdout, line, _IOLBF, sizeof line);
  memset(&opt, 0, sizeof opt);
#ifdef ARM_FIT
  opt.max_event_bytes = FIT_EVENT_BYTES;
  opt.max_tokens = FIT_TOKENS;
  opt.max_tool_calls = FIT_TOOL_CALLS;
  opt.max_field_bytes = FIT_FIELD_BYTES;
  opt.max_choices = FIT_CHOICES;
#else
  opt.max_event_bytes = SSE_DELTA_DEFAULT_EVENT_BYTES;
  opt.max_tokens = SSE_DELTA_DEFAULT_MAX_TOKENS;
  opt.max_tool_calls = SSE_DELTA_DEFAULT_MAX_TOOL_CALLS;
  opt.max_field_bytes = SSE_DELTA_DEFAULT_FIELD_BYTES;
  opt.max_choices = SSE_DELTA_DEFAULT_MAX_CHOICES;
#endif
  printf("test-arm: %lu bodies in %u-byte slices\n", (unsigned long)embedded_body_count,
         RUN_SLICE);
  print_limits(&opt);
  run_summaries(&opt);
#ifdef ARM_FIT
  show_each_limit_needed(&opt);
#endif
  failures += framing_check(RUN_SLICE);
  print_budget(&opt);
  printf("test-arm: %s\n", failures ? "FAILED" : "passed");
  fflush(stdout);
  return failures ? 1 : 0;
}
