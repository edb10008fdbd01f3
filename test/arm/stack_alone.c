#include "stack_alone.h"

#include <string.h>

#include "board.h"
#include "run_body.h"

static int text(void *u, uint32_t choice, const char *s, size_t n) {
  (void)u, (void)choice, (void)s, (void)n;
  return 0;
}

static int start(void *u, uint32_t choice, uint32_t tool, const char *id, size_t id_len,
                 const char *name, size_t name_len) {
  (void)u, (void)choice, (void)tool, (void)id, (void)id_len, (void)name, (void)name_len;
  return 0;
}

static int args(void *u, uint32_t choice, uint32_t tool, const char *s, size_t n) {
  (void)u, (void)choice, (void)tool, (void)s, (void)n;
  return 0;
}

static int finish(void *u, uint32_t choice, sse_delta_finish f, const char *raw, size_t n) {
  (void)u, (void)choice, (void)f, (void)raw, (void)n;
  return 0;
}

static int usage(void *u, const sse_delta_usage *us) {
  (void)u, (void)us;
  return 0;
}

static int error(void *u, sse_delta_status code, const char *m, size_t n) {
  (void)u, (void)code, (void)m, (void)n;
  return 0;
}

static int done(void *u) {
  (void)u;
  return 0;
}

/* One body: init, feeds, end; 0, or -1 when the parser refused it. */
static int run_quietly(const struct embedded_body *b, const sse_delta_options *opt,
                       unsigned char *ws, size_t ws_size) {
  static sse_delta_parser p; /* not on the stack: see run_body.c */
  sse_delta_callbacks cb;
  size_t off;
  memset(&cb, 0, sizeof cb);
  cb.on_content = text;
  cb.on_reasoning = text;
  cb.on_tool_call_start = start;
  cb.on_tool_call_arguments = args;
  cb.on_finish = finish;
  cb.on_usage = usage;
  cb.on_error = error;
  cb.on_done = done;
  if (sse_delta_init(&p, ws, ws_size, &cb, NULL, opt) != SSE_DELTA_OK) return -1;
  for (off = 0; off < b->len; off += RUN_SLICE) {
    size_t n = b->len - off < RUN_SLICE ? b->len - off : RUN_SLICE, used = 0;
    if (sse_delta_feed(&p, b->data + off, n, &used) != SSE_DELTA_OK || used != n) return -1;
  }
  (void)sse_delta_end(&p, NULL);
  return 0;
}

size_t deepest_library_run(const sse_delta_options *opt, unsigned char *ws, size_t ws_size,
                           int *failed) {
  size_t i, deepest = 0;
  *failed = 0;
  for (i = 0; i < embedded_body_count; i++) {
    size_t used;
    stack_paint();
    if (run_quietly(&embedded_bodies[i], opt, ws, ws_size) != 0) *failed = -1;
    used = stack_used_since_paint();
    if (used > deepest) deepest = used;
  }
  return deepest;
}
