/* The library, timed as its users run it: one parser initialised once per
   way of using it, reset between streams, fed a whole body or slices of
   it. The callbacks fill the same sums as the baselines (bench/sums.h). */
#include "impls.h"

#include "sse_delta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Argument bytes are counted per call, and a call is (choice, tool). */
#define ARG_STATES SSE_DELTA_DEFAULT_MAX_TOOL_CALLS

typedef struct ctx {
  bench_sums *sums;
  bench_stream_end end;
  struct {
    uint32_t choice, tool;
    unsigned char state;
  } args[ARG_STATES];
  unsigned nargs;
} ctx;

static int on_event(void *u, const sse_delta_event *ev) {
  (void)u, (void)ev;
  return 0;
}

static int on_retry(void *u, uint64_t ms) {
  (void)u, (void)ms;
  return 0;
}

static int on_content(void *u, uint32_t choice, const char *s, size_t n) {
  (void)choice, (void)s;
  ((ctx *)u)->sums->content += n;
  return 0;
}

static int on_reasoning(void *u, uint32_t choice, const char *s, size_t n) {
  (void)choice, (void)s;
  ((ctx *)u)->sums->reasoning += n;
  return 0;
}

static int on_tool_call_start(void *u, uint32_t choice, uint32_t tool, const char *id,
                              size_t id_len, const char *name, size_t name_len) {
  ctx *c = (ctx *)u;
  (void)id, (void)id_len, (void)name, (void)name_len;
  c->sums->calls++;
  if (c->nargs < ARG_STATES) {
    c->args[c->nargs].choice = choice;
    c->args[c->nargs].tool = tool;
    c->args[c->nargs].state = 0;
    c->nargs++;
  }
  return 0;
}

static int on_tool_call_arguments(void *u, uint32_t choice, uint32_t tool, const char *json,
                                  size_t len) {
  ctx *c = (ctx *)u;
  unsigned i;
  for (i = 0; i < c->nargs; i++)
    if (c->args[i].choice == choice && c->args[i].tool == tool) {
      c->sums->arguments += bench_arguments(&c->args[i].state, json, len);
      return 0;
    }
  return 0;
}

static int on_finish(void *u, uint32_t choice, sse_delta_finish reason, const char *raw,
                     size_t raw_len) {
  (void)raw, (void)raw_len;
  if (choice == 0) ((ctx *)u)->end.finish = (int)reason;
  return 0;
}

static int on_usage(void *u, const sse_delta_usage *usage) {
  ((ctx *)u)->end.total = usage->total_tokens;
  return 0;
}

static int on_error(void *u, sse_delta_status code, const char *msg, size_t len) {
  (void)u, (void)code, (void)msg, (void)len;
  return 0;
}

static int on_done(void *u) {
  (void)u;
  return 0;
}

enum way { ALL, CONTENT_ONLY, FRAMING_ONLY, WAYS };

typedef struct runner {
  sse_delta_parser parser;
  ctx ctx;
  unsigned char workspace[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];
  int ready;
} runner;

static runner runners[WAYS];

static void callbacks_for(enum way w, sse_delta_callbacks *cb) {
  memset(cb, 0, sizeof *cb);
  if (w == FRAMING_ONLY) {
    cb->on_event = on_event;
    return;
  }
  cb->on_content = on_content;
  if (w == CONTENT_ONLY) return;
  cb->on_event = on_event;
  cb->on_retry = on_retry;
  cb->on_reasoning = on_reasoning;
  cb->on_tool_call_start = on_tool_call_start;
  cb->on_tool_call_arguments = on_tool_call_arguments;
  cb->on_finish = on_finish;
  cb->on_usage = on_usage;
  cb->on_error = on_error;
  cb->on_done = on_done;
}

static runner *ready(enum way w) {
  runner *r = &runners[w];
  sse_delta_callbacks cb;
  if (!r->ready) {
    callbacks_for(w, &cb);
    if (sse_delta_init(&r->parser, r->workspace, sizeof r->workspace, &cb, &r->ctx, NULL) !=
        SSE_DELTA_OK) {
      fprintf(stderr, "sse-delta-bench: sse_delta_init refused the default workspace\n");
      exit(2);
    }
    r->ready = 1;
  }
  return r;
}

/* slice 0: the whole body in one feed. No callback pauses, so every feed
   takes all it is given. */
static void stream(enum way w, const char *body, size_t len, bench_sums *sums, size_t slice) {
  runner *r = ready(w);
  size_t at = 0, n;
  r->ctx.sums = sums;
  r->ctx.end.finish = BENCH_NO_FINISH;
  r->ctx.end.total = SSE_DELTA_ABSENT;
  r->ctx.nargs = 0;
  sse_delta_reset(&r->parser);
  if (slice == 0) slice = len;
  do {
    n = len - at < slice ? len - at : slice;
    (void)sse_delta_feed(&r->parser, body + at, n, NULL);
    at += n;
  } while (at < len);
  (void)sse_delta_end(&r->parser, NULL); /* a missing end marker is the body's truth */
  if (w == ALL) bench_sums_end_stream(sums, &r->ctx.end);
}

void bench_sse_delta_all(const char *body, size_t len, bench_sums *sums) {
  stream(ALL, body, len, sums, 0);
}

void bench_sse_delta_content(const char *body, size_t len, bench_sums *sums) {
  stream(CONTENT_ONLY, body, len, sums, 0);
}

void bench_sse_delta_64(const char *body, size_t len, bench_sums *sums) {
  stream(ALL, body, len, sums, 64);
}

void bench_sse_delta_framing(const char *body, size_t len, bench_sums *sums) {
  stream(FRAMING_ONLY, body, len, sums, 0);
}

void bench_sse_delta_slices(const char *body, size_t len, bench_sums *sums, size_t slice) {
  stream(ALL, body, len, sums, slice);
}
