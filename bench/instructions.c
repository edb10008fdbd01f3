/*
 * bench/instructions.c - the workloads that `make instructions` counts with
 * callgrind (see mk/measure.mk and bench/instructions.sh).
 *
 *     instructions CASE [CORPUS_DIR]
 *
 * CASE is one of
 *   a  every openai-chat body of the corpus, each its own stream, every
 *      callback set
 *   b  the same bodies, only on_content set
 *   c  64 synthetic openai-chat events of 32 KB of content each, every
 *      callback set
 *   d  the floor: SSE framing with memchr plus jsmn tokenizing each payload,
 *      on the bodies of (a)
 *
 * Everything is loaded and prepared before the measured function runs
 * (measured_streams for a, b, c; measured_floor for d), so that callgrind's
 * --toggle-collect counts that function and its callees only.
 * The program prints "bytes N" (the input bytes of the measured function)
 * and a checksum line that keeps the callbacks' work observable.
 */


/* The floor tokenizes with jsmn configured exactly as sse_delta.c does;
   first, so that this configuration holds even if sse_delta.h ever
   includes jsmn.h itself. */
#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include "inputs.h"
#include "measured.h"
#include "sse_delta.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- input --------------------------------------------------------------- */

static void die(const char *what, const char *detail) {
  fprintf(stderr, "instructions: %s%s%s\n", what, detail ? ": " : "",
          detail ? detail : "");
  exit(2);
}

/* (c): 64 events of 32768 bytes of JSON string each, then [DONE]. */
#define SYNTH_EVENTS 64
#define SYNTH_TEXT 32768

/* ---- callbacks: trivial but real work ------------------------------------- */

/* Each callback adds a length and one byte of what it got, so that the
   library must really produce every delivered slice. */
typedef struct sink {
  uint64_t calls, bytes, sum;
} sink;

static void take(sink *k, const char *s, size_t n) {
  k->calls++;
  k->bytes += n;
  if (n) k->sum = k->sum * 31 + (unsigned char)s[n - 1];
}

static int on_event(void *u, const sse_delta_event *ev) {
  take(u, ev->data, ev->data_len);
  return 0;
}

static int on_retry(void *u, uint64_t ms) {
  ((sink *)u)->sum += ms;
  return 0;
}

static int on_text(void *u, uint32_t choice, const char *s, size_t n) {
  ((sink *)u)->sum += choice;
  take(u, s, n);
  return 0;
}

static int on_tool_call_start(void *u, uint32_t choice, uint32_t tool,
                              const char *id, size_t id_len, const char *name,
                              size_t name_len) {
  ((sink *)u)->sum += choice + tool;
  take(u, id, id_len);
  take(u, name, name_len);
  return 0;
}

static int on_tool_call_arguments(void *u, uint32_t choice, uint32_t tool,
                                  const char *json, size_t len) {
  ((sink *)u)->sum += choice + tool;
  take(u, json, len);
  return 0;
}

static int on_finish(void *u, uint32_t choice, sse_delta_finish reason,
                     const char *raw, size_t raw_len) {
  ((sink *)u)->sum += choice + (uint64_t)reason;
  take(u, raw, raw_len);
  return 0;
}

static int on_usage(void *u, const sse_delta_usage *usage) {
  sink *k = u;
  k->calls++;
  k->sum += (uint64_t)(usage->input_tokens + usage->output_tokens +
                       usage->total_tokens);
  return 0;
}

static int on_error(void *u, sse_delta_status code, const char *msg,
                    size_t len) {
  ((sink *)u)->sum += (uint64_t)code;
  take(u, msg, len);
  return 0;
}

static int on_done(void *u) {
  ((sink *)u)->calls++;
  return 0;
}

static void all_callbacks(sse_delta_callbacks *cb) {
  memset(cb, 0, sizeof *cb);
  cb->on_event = on_event;
  cb->on_retry = on_retry;
  cb->on_content = on_text;
  cb->on_reasoning = on_text;
  cb->on_tool_call_start = on_tool_call_start;
  cb->on_tool_call_arguments = on_tool_call_arguments;
  cb->on_finish = on_finish;
  cb->on_usage = on_usage;
  cb->on_error = on_error;
  cb->on_done = on_done;
}

/* ---- the library cases ----------------------------------------------------- */

static unsigned char workspace[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];

static void init_parser(sse_delta_parser *p, const sse_delta_callbacks *cb,
                        sink *k) {
  if (sse_delta_workspace_size(NULL) > sizeof workspace ||
      sse_delta_init(p, workspace, sizeof workspace, cb, k, NULL) !=
          SSE_DELTA_OK)
    die("sse_delta_init refused the default workspace", NULL);
}

/* Each body is a stream of its own, fed whole. Returns how many feeds did
   not take every byte (there should be none: no callback pauses). */
static uint64_t run_streams(sse_delta_parser *p, const bench_input *s) {
  uint64_t refused = 0;
  size_t i;
  for (i = 0; i < s->count; i++) {
    sse_delta_reset(p);
    if (sse_delta_feed(p, s->bodies[i].data, s->bodies[i].len, NULL) != SSE_DELTA_OK)
      refused++;
    (void)sse_delta_end(p, NULL); /* a missing end marker is the corpus's truth */
  }
  return refused;
}

/* The measured function of (a), (b) and (c). One function for the three:
   three copies of one body could be folded into one symbol by gcc's
   identical code folding, and callgrind would then not find the others. */
MEASURED uint64_t measured_streams(sse_delta_parser *p, const bench_input *s) {
  return run_streams(p, s);
}

/* ---- (d) the floor ---------------------------------------------------------- */

/* What any SSE + jsmn consumer must do at least: find the line ends, copy
   the data lines of an event into one buffer, tokenize it. */
static char floor_event[SSE_DELTA_DEFAULT_EVENT_BYTES];
static jsmntok_t floor_tokens[SSE_DELTA_DEFAULT_MAX_TOKENS];

static uint64_t tokenize(const char *s, size_t n) {
  jsmn_parser jp;
  int r;
  jsmn_init(&jp);
  r = jsmn_parse(&jp, s, n, floor_tokens, SSE_DELTA_DEFAULT_MAX_TOKENS);
  return r > 0 ? (uint64_t)r + (uint64_t)floor_tokens[r - 1].end : 0;
}

/* One line of a body (without its line end): "data:" lines are joined into
   floor_event, an empty line dispatches. Other fields are skipped. */
static uint64_t floor_line(const char *s, size_t n, size_t *used) {
  uint64_t sum = 0;
  if (n == 0) {
    if (*used) sum = tokenize(floor_event, *used - 1); /* drop the last \n */
    *used = 0;
  } else if (n >= 5 && memcmp(s, "data:", 5) == 0) {
    s += 5, n -= 5;
    if (n && *s == ' ') s++, n--;
    if (*used + n + 1 <= sizeof floor_event) {
      memcpy(floor_event + *used, s, n);
      floor_event[*used + n] = '\n';
      *used += n + 1;
    }
  }
  return sum;
}

static uint64_t floor_body(const char *s, size_t n) {
  const char *end = s + n, *nl;
  size_t used = 0, len;
  uint64_t sum = 0;
  while (s < end) {
    nl = memchr(s, '\n', (size_t)(end - s));
    len = (size_t)((nl ? nl : end) - s);
    if (len && s[len - 1] == '\r') len--; /* CRLF */
    sum += floor_line(s, len, &used);
    s = nl ? nl + 1 : end;
  }
  return sum + floor_line(s, 0, &used); /* the end dispatches what is left */
}

MEASURED uint64_t measured_floor(const bench_input *s) {
  uint64_t sum = 0;
  size_t i;
  for (i = 0; i < s->count; i++) sum += floor_body(s->bodies[i].data, s->bodies[i].len);
  return sum;
}

/* ---- main ------------------------------------------------------------------- */

static void run_case(char which, const bench_input *s) {
  static sse_delta_parser parser;
  sse_delta_callbacks cb;
  sink k;
  uint64_t r;
  memset(&k, 0, sizeof k);
  all_callbacks(&cb);
  if (which == 'b') {
    memset(&cb, 0, sizeof cb);
    cb.on_content = on_text;
  }
  if (which != 'd') init_parser(&parser, &cb, &k);
  if (which == 'd') r = measured_floor(s);
  else r = measured_streams(&parser, s);
  printf("bytes %" PRIu64 "\n", (uint64_t)s->bytes);
  printf("streams %" PRIu64 "\n", (uint64_t)s->count);
  if (which == 'd')
    printf("checksum tokens+ends %" PRIu64 "\n", r);
  else
    printf("checksum calls %" PRIu64 " bytes %" PRIu64 " sum %" PRIu64
           " refused_feeds %" PRIu64 "\n",
           k.calls, k.bytes, k.sum, r);
}

int main(int argc, char **argv) {
  bench_input s;
  char which = argc > 1 ? argv[1][0] : '\0';
  memset(&s, 0, sizeof s);
  if (argc < 2 || argv[1][1] != '\0' || !strchr("abcd", which) ||
      (which != 'c' && argc < 3)) {
    fprintf(stderr, "usage: %s a|b|c|d [CORPUS_DIR]\n", argv[0]);
    return 2;
  }
  if (which == 'c') bench_add_synthetic(&s, SYNTH_TEXT, SYNTH_EVENTS);
  else if (bench_add_corpus(&s, argv[2], "openai-chat") == 0)
    die("no openai-chat body in", argv[2]);
  run_case(which, &s);
  return 0;
}
