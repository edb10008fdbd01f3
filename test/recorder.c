#include "recorder.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct recorder {
  char *log;
  size_t len, cap;
  int pause_always;
} recorder;

static void put(recorder *r, const char *s, size_t n) {
  if (r->len + n + 1 > r->cap) {
    r->cap = (r->len + n + 1) * 2;
    r->log = (char *)realloc(r->log, r->cap);
    if (r->log == NULL) abort();
  }
  memcpy(r->log + r->len, s, n);
  r->len += n;
  r->log[r->len] = '\0';
}

static void puts_(recorder *r, const char *s) { put(r, s, strlen(s)); }

static void put_escaped(recorder *r, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    char buf[8];
    if (c == '\n') puts_(r, "\\n");
    else if (c == '\r') puts_(r, "\\r");
    else if (c == '\t') puts_(r, "\\t");
    else if (c == '\\') puts_(r, "\\\\");
    else if (c < 0x20 || c == 0x7f) {
      snprintf(buf, sizeof buf, "\\x%02X", c);
      puts_(r, buf);
    } else {
      put(r, s + i, 1);
    }
  }
}

static void put_num(recorder *r, int64_t v) {
  char buf[32];
  if (v == SSE_DELTA_ABSENT) {
    puts_(r, "-");
    return;
  }
  snprintf(buf, sizeof buf, "%" PRId64, v);
  puts_(r, buf);
}

static void put_u(recorder *r, uint64_t v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%" PRIu64, v);
  puts_(r, buf);
}

static int done_line(recorder *r) {
  puts_(r, "\n");
  return r->pause_always;
}

static int on_event(void *u, const sse_delta_event *ev) {
  recorder *r = (recorder *)u;
  puts_(r, "event ");
  put_escaped(r, ev->type, ev->type_len);
  puts_(r, "|");
  put_escaped(r, ev->data, ev->data_len);
  puts_(r, "|");
  put_escaped(r, ev->id, ev->id_len);
  return done_line(r);
}

static int on_retry(void *u, uint64_t ms) {
  recorder *r = (recorder *)u;
  puts_(r, "retry ");
  put_u(r, ms);
  return done_line(r);
}

static int text_line(void *u, const char *what, uint32_t choice, const char *s, size_t n) {
  recorder *r = (recorder *)u;
  puts_(r, what);
  put_u(r, choice);
  puts_(r, " ");
  put_escaped(r, s, n);
  return done_line(r);
}

static int on_content(void *u, uint32_t choice, const char *s, size_t n) {
  return text_line(u, "content ", choice, s, n);
}

static int on_reasoning(void *u, uint32_t choice, const char *s, size_t n) {
  return text_line(u, "reasoning ", choice, s, n);
}

static int on_start(void *u, uint32_t choice, uint32_t tool, const char *id, size_t idn,
                    const char *name, size_t namen) {
  recorder *r = (recorder *)u;
  puts_(r, "start ");
  put_u(r, choice);
  puts_(r, " ");
  put_u(r, tool);
  puts_(r, " ");
  put_escaped(r, id, idn);
  puts_(r, "|");
  put_escaped(r, name, namen);
  return done_line(r);
}

static int on_args(void *u, uint32_t choice, uint32_t tool, const char *s, size_t n) {
  recorder *r = (recorder *)u;
  puts_(r, "args ");
  put_u(r, choice);
  puts_(r, " ");
  put_u(r, tool);
  puts_(r, " ");
  put_escaped(r, s, n);
  return done_line(r);
}

static int on_finish(void *u, uint32_t choice, sse_delta_finish reason, const char *raw,
                     size_t n) {
  recorder *r = (recorder *)u;
  puts_(r, "finish ");
  put_u(r, choice);
  puts_(r, " ");
  puts_(r, sse_delta_finish_name(reason));
  puts_(r, " ");
  if (raw) put_escaped(r, raw, n);
  else puts_(r, "(none)");
  return done_line(r);
}

static int on_usage(void *u, const sse_delta_usage *us) {
  recorder *r = (recorder *)u;
  puts_(r, "usage ");
  put_num(r, us->input_tokens);
  puts_(r, " ");
  put_num(r, us->output_tokens);
  puts_(r, " ");
  put_num(r, us->total_tokens);
  puts_(r, " ");
  put_num(r, us->cached_tokens);
  puts_(r, " ");
  put_num(r, us->reasoning_tokens);
  puts_(r, " ");
  if (us->cost) put_escaped(r, us->cost, us->cost_len);
  else puts_(r, "-");
  return done_line(r);
}

static int on_error(void *u, sse_delta_status code, const char *msg, size_t n) {
  recorder *r = (recorder *)u;
  puts_(r, "error ");
  puts_(r, sse_delta_status_name(code));
  if (msg) {
    puts_(r, " ");
    put_escaped(r, msg, n);
  }
  return done_line(r);
}

static int on_done(void *u) {
  recorder *r = (recorder *)u;
  puts_(r, "done");
  return done_line(r);
}

/* Feed s[0..n) until all of it is consumed, resuming after every pause. */
static void feed_all(sse_delta_parser *p, const char *s, size_t n) {
  size_t used = 0, off = 0;
  int guard = 0;
  for (;;) {
    sse_delta_status st = sse_delta_feed(p, s + off, n - off, &used);
    off += used;
    if (st == SSE_DELTA_OK) return;
    if (st != SSE_DELTA_PAUSED || ++guard > 10000000) abort();
  }
}

char *record_stream(const char *bytes, size_t n, const feed_plan *plan) {
  static const feed_plan whole = {0, 0, 0, 0, NULL};
  sse_delta_callbacks cb;
  sse_delta_parser p;
  recorder r;
  size_t ws_size, off;
  void *ws;
  sse_delta_status end;
  if (plan == NULL) plan = &whole;
  memset(&cb, 0, sizeof cb);
  memset(&r, 0, sizeof r);
  puts_(&r, "");
  r.pause_always = plan->pause_always;
  cb.on_event = on_event;
  cb.on_retry = on_retry;
  cb.on_error = on_error;
  if (!plan->framing_only) {
    cb.on_event = NULL;
    cb.on_content = on_content;
    cb.on_reasoning = on_reasoning;
    cb.on_tool_call_start = on_start;
    cb.on_tool_call_arguments = on_args;
    cb.on_finish = on_finish;
    cb.on_usage = on_usage;
    cb.on_done = on_done;
  }
  ws_size = sse_delta_workspace_size(plan->options);
  ws = malloc(ws_size);
  if (ws == NULL || sse_delta_init(&p, ws, ws_size, &cb, &r, plan->options) != SSE_DELTA_OK)
    abort();
  if (plan->split_at > 0 && plan->split_at < n) {
    feed_all(&p, bytes, plan->split_at);
    feed_all(&p, bytes + plan->split_at, n - plan->split_at);
  } else if (plan->feed_size > 0) {
    for (off = 0; off < n; off += plan->feed_size)
      feed_all(&p, bytes + off, n - off < plan->feed_size ? n - off : plan->feed_size);
  } else {
    feed_all(&p, bytes, n);
  }
  end = sse_delta_end(&p);
  puts_(&r, "end ");
  puts_(&r, sse_delta_status_name(end));
  puts_(&r, "\n");
  free(ws);
  return r.log;
}

char *record(const char *text) { return record_stream(text, strlen(text), NULL); }

char *record_framing(const char *text) {
  feed_plan plan;
  memset(&plan, 0, sizeof plan);
  plan.framing_only = 1;
  return record_stream(text, strlen(text), &plan);
}
