#include "recorder.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct started_call {
  uint32_t choice, tool;
} started_call;

typedef struct recorder {
  char *log;
  size_t len, cap;
  /* when callbacks pause */
  int pause_always;
  const unsigned char *pauses;
  size_t n_pauses, callbacks;
  int asked_pause, ending;
  size_t *end_at_pause; /* the plan's; `used` counts the bytes fed until then */
  size_t used;
  int stopped;
  int cut_at_pause; /* the first pause stops the feeding (reconnect_at_pause) */
  /* what the checks need */
  const unsigned char *ws;
  size_t ws_size;
  uint32_t max_tools;
  started_call *started;
  size_t n_started;
  int sees_starts; /* on_tool_call_start is set, so args can be checked against it */
  int done_seen;
} recorder;

/* A broken promise of the header: the test or fuzz run stops here. */
static void broken(const char *promise) {
  fprintf(stderr, "recorder: the library broke a promise: %s\n", promise);
  abort();
}

/* The texts the library may hand out from its constant data; of U+FFFD
   also a part (a field piece may begin or end inside the one it scans). */
static int is_constant_text(const char *s, size_t n) {
  static const char *const texts[] = {"message", "incomplete", "true", "false", "null"};
  static const char fffd[] = "\xEF\xBF\xBD";
  size_t i, at;
  for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
    if (n == strlen(texts[i]) && memcmp(s, texts[i], n) == 0) return 1;
  for (at = 0; at + n <= 3; at++)
    if (memcmp(s, fffd + at, n) == 0) return 1;
  return 0;
}

static void check_slice(const recorder *r, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  if (n == 0) return;
  if (s == NULL) broken("a NULL slice with a length");
  if (n > r->ws_size) broken("a slice longer than the workspace");
  if (u >= r->ws && u < r->ws + r->ws_size && n <= (size_t)(r->ws + r->ws_size - u)) return;
  if (!is_constant_text(s, n)) broken("a slice outside the workspace");
}

static started_call *find_started(const recorder *r, uint32_t choice, uint32_t tool) {
  size_t i;
  for (i = 0; i < r->n_started; i++)
    if (r->started[i].choice == choice && r->started[i].tool == tool) return &r->started[i];
  return NULL;
}

static void check_tool(const recorder *r, uint32_t tool) {
  if (tool >= r->max_tools) broken("a tool number not below max_tool_calls");
}

static void check_start(recorder *r, uint32_t choice, uint32_t tool) {
  check_tool(r, tool);
  if (find_started(r, choice, tool) != NULL) broken("a tool call started twice");
  r->started = (started_call *)realloc(r->started, (r->n_started + 1) * sizeof *r->started);
  if (r->started == NULL) abort();
  r->started[r->n_started].choice = choice;
  r->started[r->n_started].tool = tool;
  r->n_started++;
}

static void check_error_code(sse_delta_status code, const char *msg, size_t n) {
  if (code < SSE_DELTA_E_EVENT_TOO_LARGE || code > SSE_DELTA_E_AFTER_DONE)
    broken("on_error with a code that is not a stream error");
  if (code != SSE_DELTA_E_PROVIDER && (msg != NULL || n != 0))
    broken("a library error with a message");
  if (code == SSE_DELTA_E_PROVIDER && msg == NULL) broken("a provider error without a message");
}

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

/* Ends a log line; whether this callback pauses. */
static int done_line(recorder *r) {
  size_t k = r->callbacks++;
  int pause = r->pause_always || (r->ending && r->end_at_pause != NULL) ||
              (r->n_pauses > 0 && (r->pauses[(k / 8) % r->n_pauses] >> (k % 8)) & 1u);
  puts_(r, "\n");
  if (pause && !r->ending) r->asked_pause = 1;
  return pause;
}

static int on_event(void *u, const sse_delta_event *ev) {
  recorder *r = (recorder *)u;
  check_slice(r, ev->type, ev->type_len);
  check_slice(r, ev->data, ev->data_len);
  check_slice(r, ev->id, ev->id_len);
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
  check_slice(r, s, n);
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
  check_slice(r, id, idn);
  check_slice(r, name, namen);
  check_start(r, choice, tool);
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
  check_slice(r, s, n);
  check_tool(r, tool);
  if (r->sees_starts && find_started(r, choice, tool) == NULL)
    broken("argument bytes before their call's start");
  puts_(r, "args ");
  put_u(r, choice);
  puts_(r, " ");
  put_u(r, tool);
  puts_(r, " ");
  put_escaped(r, s, n);
  return done_line(r);
}

static const char *field_kind_name(sse_delta_field_kind k) {
  static const char *const names[] = {"string", "number", "true", "false", "null", "invalid"};
  if ((unsigned)k > (unsigned)SSE_DELTA_FIELD_INVALID) broken("an unknown field kind");
  return names[k];
}

static void check_field(const recorder *r, const sse_delta_field *f) {
  uint32_t l;
  if (f->depth > SSE_DELTA_FIELD_DEPTH) broken("a field path deeper than SSE_DELTA_FIELD_DEPTH");
  if (f->depth == 0 && f->kind != SSE_DELTA_FIELD_INVALID) broken("a field value without a path");
  if (f->kind == SSE_DELTA_FIELD_INVALID && (f->piece != NULL || f->len != 0 || !f->last))
    broken("an invalid-arguments field event with a piece or not last");
  for (l = 0; l < f->depth; l++) check_slice(r, f->path[l].key, f->path[l].key_len);
  check_slice(r, f->piece, f->len);
}

static int on_field(void *u, uint32_t choice, uint32_t tool, const sse_delta_field *f) {
  recorder *r = (recorder *)u;
  uint32_t l;
  check_field(r, f);
  check_tool(r, tool);
  if (r->sees_starts && find_started(r, choice, tool) == NULL)
    broken("argument fields before their call's start");
  puts_(r, "field ");
  put_u(r, choice);
  puts_(r, " ");
  put_u(r, tool);
  puts_(r, " ");
  for (l = 0; l < f->depth; l++) {
    if (f->path[l].key != NULL) {
      puts_(r, ".");
      put_escaped(r, f->path[l].key, f->path[l].key_len);
    } else {
      puts_(r, "[");
      put_u(r, f->path[l].index);
      puts_(r, "]");
    }
  }
  if (f->flags & SSE_DELTA_FIELD_DEEP) puts_(r, " deep");
  if (f->flags & SSE_DELTA_FIELD_KEY_CUT) puts_(r, " key_cut");
  puts_(r, " ");
  puts_(r, field_kind_name(f->kind));
  puts_(r, f->last ? " last " : " more ");
  put_escaped(r, f->piece, f->len);
  return done_line(r);
}

static int on_finish(void *u, uint32_t choice, sse_delta_finish reason, const char *raw,
                     size_t n) {
  recorder *r = (recorder *)u;
  if ((unsigned)reason >= (unsigned)SSE_DELTA_FINISH_COUNT) broken("an unknown finish reason");
  check_slice(r, raw, n);
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
  if (us->input_tokens < -1 || us->output_tokens < -1 || us->total_tokens < -1 ||
      us->cached_tokens < -1 || us->reasoning_tokens < -1)
    broken("a negative usage count other than SSE_DELTA_ABSENT");
  check_slice(r, us->cost, us->cost_len);
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
  check_error_code(code, msg, n);
  check_slice(r, msg, n);
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
  if (r->done_seen++) broken("done twice in one stream");
  puts_(r, "done");
  return done_line(r);
}

/* One feed call, checked: OK with everything used, or PAUSED, asked for
   by a callback, with no more used than given. Returns the bytes used. */
static size_t feed_once(sse_delta_parser *p, recorder *r, const char *s, size_t n, int *paused) {
  size_t used = (size_t)-1;
  sse_delta_status st;
  r->asked_pause = 0;
  st = sse_delta_feed(p, s, n, &used);
  if (used > n) broken("feed() consumed more than it was given");
  if (st == SSE_DELTA_OK) {
    if (used != n) broken("feed() returned OK without using every byte");
  } else if (st == SSE_DELTA_PAUSED) {
    if (!r->asked_pause) broken("feed() paused with no callback asking");
  } else {
    broken("feed() returned neither OK nor PAUSED for a legal call");
  }
  *paused = st == SSE_DELTA_PAUSED;
  r->used += used;
  if (*paused && (r->end_at_pause != NULL || r->cut_at_pause)) r->stopped = 1;
  return used;
}

/* Feed s[0..n) until all of it is consumed, resuming after every pause
   (first with zero bytes, when the plan says so). */
static void feed_all(sse_delta_parser *p, recorder *r, const char *s, size_t n, int zero_first) {
  size_t off = 0;
  int paused;
  for (;;) {
    if (r->stopped) return;
    off += feed_once(p, r, s + off, n - off, &paused);
    if (!paused || r->stopped) return;
    while (paused && zero_first) (void)feed_once(p, r, s + off, 0, &paused); /* the event's rest */
  }
}

static void feed_per_plan(sse_delta_parser *p, recorder *r, const char *bytes, size_t n,
                          const feed_plan *plan) {
  size_t off, k;
  int z = plan->zero_feed_first;
  if (plan->cuts != NULL) {
    for (off = 0, k = 0; k < plan->n_cuts; k++) {
      size_t cut = plan->cuts[k] < n ? plan->cuts[k] : n;
      if (cut < off) continue;
      feed_all(p, r, bytes + off, cut - off, z);
      off = cut;
    }
    feed_all(p, r, bytes + off, n - off, z);
  } else if (plan->split_at > 0 && plan->split_at < n) {
    feed_all(p, r, bytes, plan->split_at, z);
    feed_all(p, r, bytes + plan->split_at, n - plan->split_at, z);
  } else if (plan->feed_size > 0) {
    for (off = 0; off < n; off += plan->feed_size)
      feed_all(p, r, bytes + off, n - off < plan->feed_size ? n - off : plan->feed_size, z);
  } else {
    feed_all(p, r, bytes, n, z);
  }
}

/* A new stream: the log and the per-stream checks start over. */
static void forget_stream(recorder *r) {
  r->len = 0;
  r->log[0] = '\0';
  r->n_started = 0;
  r->done_seen = 0;
}

/* What the header promises of end()'s report. */
static void check_report(const sse_delta_report *rp, sse_delta_status end) {
  if ((end == SSE_DELTA_E_TRUNCATED_EVENT) != (rp->unterminated_event != 0))
    broken("the report's unterminated_event disagrees with end()'s status");
  if (end == SSE_DELTA_E_NO_END_MARKER && rp->end_marker) broken("no end marker, yet the report saw it");
  if ((rp->errors == 0) != (rp->first_error == SSE_DELTA_OK) ||
      (rp->errors == 0) != (rp->last_error == SSE_DELTA_OK))
    broken("the report's first and last errors disagree with its count");
  if (rp->incomplete_calls > rp->tool_calls) broken("more incomplete calls than calls");
  if (!rp->arguments_checked && rp->incomplete_calls) broken("incomplete calls without checking");
  if (rp->finished && (unsigned)rp->finish >= (unsigned)SSE_DELTA_FINISH_COUNT)
    broken("the report's finish is not a reason");
}

static void log_report(recorder *r, const sse_delta_report *rp) {
  char line[256];
  snprintf(line, sizeof line,
           "report marker %d finished %d %s unterminated %d errors %u %s %s provider %d "
           "calls %u incomplete %u checked %d: %s\n",
           rp->end_marker, rp->finished,
           rp->finished ? sse_delta_finish_name(rp->finish) : "-", rp->unterminated_event,
           (unsigned)rp->errors, sse_delta_status_name(rp->first_error),
           sse_delta_status_name(rp->last_error), rp->provider_error, (unsigned)rp->tool_calls,
           (unsigned)rp->incomplete_calls, rp->arguments_checked,
           sse_delta_verdict_name(sse_delta_verdict_of(rp)));
  puts_(r, line);
}

char *record_stream(const char *bytes, size_t n, const feed_plan *plan) {
  static const feed_plan whole;
  sse_delta_callbacks cb;
  sse_delta_parser p;
  recorder r;
  size_t ws_size;
  void *ws;
  sse_delta_status end;
  sse_delta_report report;
  if (plan == NULL) plan = &whole;
  memset(&cb, 0, sizeof cb);
  memset(&r, 0, sizeof r);
  puts_(&r, "");
  r.pause_always = plan->pause_always;
  r.pauses = plan->pauses;
  r.n_pauses = plan->n_pauses;
  r.end_at_pause = plan->end_at_pause;
  cb.on_event = on_event;
  cb.on_retry = on_retry;
  cb.on_error = on_error;
  if (!plan->framing_only) {
    cb.on_event = plan->with_on_event ? on_event : NULL;
    cb.on_content = on_content;
    cb.on_reasoning = on_reasoning;
    cb.on_tool_call_start = on_start;
    cb.on_tool_call_arguments = on_args;
    cb.on_finish = on_finish;
    cb.on_usage = on_usage;
    cb.on_done = on_done;
    if (plan->with_fields) cb.on_tool_call_field = on_field;
  }
  if (plan->only) {
    memset(&cb, 0, sizeof cb);
    if (plan->only & CB_EVENT) cb.on_event = on_event;
    if (plan->only & CB_RETRY) cb.on_retry = on_retry;
    if (plan->only & CB_CONTENT) cb.on_content = on_content;
    if (plan->only & CB_REASONING) cb.on_reasoning = on_reasoning;
    if (plan->only & CB_START) cb.on_tool_call_start = on_start;
    if (plan->only & CB_ARGS) cb.on_tool_call_arguments = on_args;
    if (plan->only & CB_FINISH) cb.on_finish = on_finish;
    if (plan->only & CB_USAGE) cb.on_usage = on_usage;
    if (plan->only & CB_ERROR) cb.on_error = on_error;
    if (plan->only & CB_DONE) cb.on_done = on_done;
    if (plan->only & CB_FIELD) cb.on_tool_call_field = on_field;
  }
  r.sees_starts = cb.on_tool_call_start != NULL;
  ws_size = sse_delta_workspace_size(plan->options);
  ws = malloc(ws_size);
  if (ws == NULL || sse_delta_init(&p, ws, ws_size, &cb, &r, plan->options) != SSE_DELTA_OK)
    abort();
  r.ws = (const unsigned char *)ws;
  r.ws_size = ws_size;
  r.max_tools = plan->options && plan->options->max_tool_calls ? plan->options->max_tool_calls
                                                               : SSE_DELTA_DEFAULT_MAX_TOOL_CALLS;
  if (plan->reset_after > 0) {
    feed_all(&p, &r, bytes, plan->reset_after < n ? plan->reset_after : n, plan->zero_feed_first);
    sse_delta_reset(&p);
    forget_stream(&r);
  }
  if (plan->reconnect_at > 0 && plan->reconnect_at <= n) {
    r.cut_at_pause = plan->reconnect_at_pause != NULL;
    feed_per_plan(&p, &r, bytes, plan->reconnect_at, plan);
    if (r.cut_at_pause) {
      *plan->reconnect_at_pause = r.stopped ? r.used : 0;
      r.stopped = r.cut_at_pause = 0;
    }
    if (!r.stopped && sse_delta_reconnect(&p) != SSE_DELTA_OK) broken("reconnect() refused between feeds");
    feed_per_plan(&p, &r, bytes + plan->reconnect_at, n - plan->reconnect_at, plan);
  } else {
    feed_per_plan(&p, &r, bytes, n, plan);
  }
  if (plan->end_at_pause != NULL) *plan->end_at_pause = r.used;
  r.ending = 1;
  end = sse_delta_end(&p, &report);
  if (end != SSE_DELTA_OK && end != SSE_DELTA_E_TRUNCATED_EVENT && end != SSE_DELTA_E_NO_END_MARKER)
    broken("end() returned a code other than OK, E_TRUNCATED_EVENT, E_NO_END_MARKER");
  check_report(&report, end);
  puts_(&r, "end ");
  puts_(&r, sse_delta_status_name(end));
  puts_(&r, "\n");
  if (plan->with_report) log_report(&r, &report);
  free(r.started);
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
