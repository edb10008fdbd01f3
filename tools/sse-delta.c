/* sse-delta: feed LLM streaming responses (raw SSE bodies or go-vcr
   cassettes) to the sse_delta library and show what it reports.
   Run `sse-delta --help` for the options; README.md has the details. */
#define _POSIX_C_SOURCE 200809L /* open, read, fstat, isatty */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cassette.h"
#include "json_lines.h"
#include "limits.h"
#include "options.h"
#include "sse_delta.h"
#include "summary.h"
#include "transcript.h"

#define EXIT_STREAM_FAILED 1
#define EXIT_BAD_INVOCATION 2 /* also for a bad input file */
#define READ_CHUNK 65536u
#define MESSAGE_SHOWN_MAX 500u /* bytes of a provider message put on stderr */

typedef int (*error_callback)(void *user, sse_delta_status code,
                              const char *message, size_t message_len);

/* The stream being parsed. The parser's user pointer points here. The
   output mode's state comes first, so that the same pointer is also a
   pointer to that state, which is what the mode's own callbacks expect
   (C99 6.7.2.1: a pointer to a struct or union points to its first member,
   and each member of a union begins at the union's address). */
struct stream {
  union {
    struct transcript transcript;
    struct summary summary;
    struct json_lines lines;
    struct limits limits; /* kept over every stream: the needs of them all */
  } mode;
  error_callback mode_on_error; /* the mode's on_error, called first */
  enum output_mode output;
  const char *input_name;
  long interaction;     /* -1 for a raw SSE body */
  int failed;           /* an error was reported for this stream */
};

struct tool {
  struct options opt;
  sse_delta_parser parser;
  struct stream stream;
  int any_stream_failed;
};

static unsigned char default_workspace[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];

/* ---- reporting ----------------------------------------------------------- */

/* The provider's text on one stderr line: control bytes become spaces, and
   a long message is cut. */
static void write_one_line(FILE *out, const char *s, size_t len) {
  size_t i, shown = len < MESSAGE_SHOWN_MAX ? len : MESSAGE_SHOWN_MAX;
  for (i = 0; i < shown; i++) {
    unsigned char c = (unsigned char)s[i];
    putc(c < 0x20 || c == 0x7F ? ' ' : c, out);
  }
  if (shown < len) fputs("...", out);
}

static void report_problem(const struct stream *st, sse_delta_status code,
                           const char *message, size_t message_len) {
  fprintf(stderr, "sse-delta: %s", st->input_name);
  if (st->interaction >= 0)
    fprintf(stderr, " (interaction %ld)", st->interaction);
  fprintf(stderr, ": %s: ", sse_delta_status_name(code));
  if (message != NULL && message_len > 0)
    write_one_line(stderr, message, message_len);
  else
    fputs(sse_delta_status_description(code), stderr);
  putc('\n', stderr);
}

/* --raw looks at the framing layer only: what the LLM layer thinks of the
   payloads (not JSON, no end marker...) does not make its stream fail. */
static int framing_error(sse_delta_status code) {
  return code == SSE_DELTA_E_EVENT_TOO_LARGE ||
         code == SSE_DELTA_E_FIELD_TOO_LONG ||
         code == SSE_DELTA_E_TRUNCATED_EVENT || code == SSE_DELTA_E_MISUSE;
}

static int counts_as_failure(const struct stream *st, sse_delta_status code) {
  return st->output != MODE_RAW || framing_error(code);
}

/* on_error in every mode: the mode sees the error first, then it goes to
   stderr and marks the stream failed. */
static int on_error(void *user, sse_delta_status code, const char *message,
                    size_t message_len) {
  struct stream *st = user;
  if (st->mode_on_error != NULL)
    st->mode_on_error(user, code, message, message_len);
  if (!counts_as_failure(st, code)) return 0;
  st->failed = 1;
  report_problem(st, code, message, message_len);
  return 0;
}

/* ---- one stream ---------------------------------------------------------- */

static void begin_stream(struct tool *t, const char *name, long interaction) {
  struct stream *st = &t->stream;
  st->input_name = name;
  st->interaction = interaction;
  st->failed = 0;
  if (st->output == MODE_SUMMARY) summary_init(&st->mode.summary);
  if (st->output == MODE_LIMITS) limits_begin_stream(&st->mode.limits, name, interaction);
  if (st->output == MODE_TRANSCRIPT && interaction >= 0) {
    char label[40];
    snprintf(label, sizeof label, "interaction %ld", interaction);
    transcript_heading(&st->mode.transcript, label);
  }
}

/* Feeds len bytes, feed_size at a time. The tool's callbacks never pause
   the parser, but a PAUSED status is still honoured by feeding what was
   not consumed (and len 0 to finish an interrupted event). */
static void feed(struct tool *t, const char *data, size_t len) {
  size_t step = t->opt.feed_size ? t->opt.feed_size : len;
  sse_delta_status status = SSE_DELTA_OK;
  while (len > 0 || status == SSE_DELTA_PAUSED) {
    size_t chunk = len < step ? len : step;
    size_t used = 0;
    status = sse_delta_feed(&t->parser, data, chunk, &used);
    if (status != SSE_DELTA_OK && status != SSE_DELTA_PAUSED) {
      t->stream.failed = 1;
      report_problem(&t->stream, status, NULL, 0);
      return;
    }
    data += used;
    len -= used;
  }
}

/* Writes what the mode shows at the end of a stream; 0 when memory ran out. */
static int finish_output(struct tool *t, const sse_delta_report *report) {
  struct stream *st = &t->stream;
  int ok = 1;
  if (st->output == MODE_SUMMARY) {
    summary_set_dialect(&st->mode.summary, sse_delta_get_dialect(&t->parser));
    st->mode.summary.verdict = sse_delta_verdict_name(sse_delta_verdict_of(report));
    ok = summary_write_json(&st->mode.summary, stdout) == 0;
    putc('\n', stdout);
    summary_free(&st->mode.summary);
  } else if (st->output == MODE_TRANSCRIPT) {
    ok = transcript_end_stream(&st->mode.transcript, report) == 0;
  } else if (st->output == MODE_LIMITS) {
    limits_end_stream(&st->mode.limits, report);
  } else if (st->output == MODE_EVENTS) {
    sse_delta_quirks q;
    sse_delta_get_quirks(&t->parser, &q);
    json_lines_write_quirks(stdout, &q);
  }
  return ok;
}

/* A stream the verdict does not call complete fails, with the reason; a
   finished stream without its end marker does not (some servers close
   without one). The framing-only --raw mode has no verdict, and --limits
   measures recordings whatever their state. */
static void judge(struct stream *st, const sse_delta_report *r) {
  sse_delta_verdict v = sse_delta_verdict_of(r);
  if (st->output == MODE_RAW || st->output == MODE_LIMITS || v == SSE_DELTA_COMPLETE) return;
  st->failed = 1;
  fprintf(stderr, "sse-delta: %s", st->input_name);
  if (st->interaction >= 0) fprintf(stderr, " interaction %ld", st->interaction);
  fprintf(stderr, ": stream %s: %s\n", sse_delta_verdict_name(v), transcript_verdict_reason(r));
}

static void end_stream(struct tool *t) {
  struct stream *st = &t->stream;
  sse_delta_report report;
  sse_delta_status status;
  status = sse_delta_end(&t->parser, &report);
  if (status == SSE_DELTA_E_TRUNCATED_EVENT && counts_as_failure(st, status)) {
    st->failed = 1;
    report_problem(st, status, NULL, 0);
  }
  judge(st, &report);
  if (!finish_output(t, &report)) {
    st->failed = 1;
    fprintf(stderr, "sse-delta: %s: out of memory, output incomplete\n",
            st->input_name);
  }
  fflush(stdout);
  if (st->failed) t->any_stream_failed = 1;
  sse_delta_reset(&t->parser);
}

static void run_stream(struct tool *t, const char *name, long interaction,
                       const char *data, size_t len) {
  begin_stream(t, name, interaction);
  feed(t, data, len);
  end_stream(t);
}

/* ---- reading inputs ------------------------------------------------------ */

struct bytes {
  char *data;
  size_t len, cap;
};

/* Reads up to READ_CHUNK more bytes onto b: >0 read, 0 at end, -1 error
   (errno set). */
static long read_more(int fd, struct bytes *b) {
  ssize_t got;
  if (b->cap - b->len < READ_CHUNK) {
    size_t cap = b->cap ? b->cap * 2 : READ_CHUNK;
    char *grown;
    while (cap - b->len < READ_CHUNK) cap *= 2;
    grown = realloc(b->data, cap);
    if (grown == NULL) {
      errno = ENOMEM;
      return -1;
    }
    b->data = grown;
    b->cap = cap;
  }
  do {
    got = read(fd, b->data + b->len, READ_CHUNK);
  } while (got < 0 && errno == EINTR);
  if (got > 0) b->len += (size_t)got;
  return (long)got;
}

static int read_rest(int fd, struct bytes *b) {
  long got;
  while ((got = read_more(fd, b)) > 0) {
  }
  return got == 0 ? 0 : -1;
}

/* Whether b holds a whole first non-blank line, enough to tell an SSE body
   from a cassette. */
static int has_first_line(const struct bytes *b) {
  size_t i = 0;
  while (i < b->len && strchr(" \t\r\n", b->data[i]) != NULL) i++;
  for (; i < b->len; i++)
    if (b->data[i] == '\n' || b->data[i] == '\r') return 1;
  return 0;
}

/* SSE from a pipe or terminal is shown as it arrives, not after the end. */
static int run_live_sse(struct tool *t, const char *name, int fd,
                        struct bytes *b) {
  long got;
  begin_stream(t, name, -1);
  do {
    feed(t, b->data, b->len);
    fflush(stdout);
    b->len = 0;
  } while ((got = read_more(fd, b)) > 0);
  end_stream(t);
  return got == 0 ? 0 : -1;
}

/* Runs one whole input: a cassette's bodies, or one SSE body. Returns 0, or
   EXIT_BAD_INVOCATION after saying why on stderr. */
static int run_body(struct tool *t, const char *name, const struct bytes *b) {
  struct cassette cassette;
  char problem[256];
  size_t i;
  if (!cassette_maybe(b->data, b->len)) {
    run_stream(t, name, -1, b->data, b->len);
    return 0;
  }
  switch (cassette_load(b->data, b->len, &cassette, problem, sizeof problem)) {
  case CASSETTE_OK:
    break;
  case CASSETTE_NOT_A_CASSETTE: /* YAML-looking, but an SSE body after all */
    run_stream(t, name, -1, b->data, b->len);
    return 0;
  case CASSETTE_BAD_YAML:
    fprintf(stderr, "sse-delta: %s: unreadable YAML: %s\n", name, problem);
    return EXIT_BAD_INVOCATION;
  case CASSETTE_NO_BODIES:
    fprintf(stderr, "sse-delta: %s: cassette without response bodies\n", name);
    return EXIT_BAD_INVOCATION;
  default:
    fprintf(stderr, "sse-delta: %s: out of memory reading the cassette\n", name);
    return EXIT_BAD_INVOCATION;
  }
  for (i = 0; i < cassette.count; i++)
    run_stream(t, name, (long)cassette.bodies[i].interaction,
               cassette.bodies[i].data, cassette.bodies[i].len);
  cassette_free(&cassette);
  return 0;
}

/* Reads until b holds the first line (or the input ends); a read error
   shows up again on the next read. */
static void read_first_line(int fd, struct bytes *b) {
  while (!has_first_line(b) && read_more(fd, b) > 0) {
  }
}

static int is_regular_file(int fd) {
  struct stat info;
  return fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
}

static int read_input(struct tool *t, const char *name, int fd) {
  struct bytes b = {NULL, 0, 0};
  int status = 0, read_ok;
  int live = !is_regular_file(fd);
  if (live) read_first_line(fd, &b);
  if (live && sse_body_start(b.data, b.len)) {
    read_ok = run_live_sse(t, name, fd, &b) == 0;
  } else {
    read_ok = read_rest(fd, &b) == 0;
    if (read_ok) status = run_body(t, name, &b);
  }
  if (!read_ok) {
    fprintf(stderr, "sse-delta: %s: cannot read: %s\n", name, strerror(errno));
    status = EXIT_BAD_INVOCATION;
  }
  free(b.data);
  return status;
}

static int run_input(struct tool *t, const char *path) {
  int is_stdin = strcmp(path, "-") == 0;
  const char *name = is_stdin ? "<stdin>" : path;
  int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
  int status;
  if (fd < 0) {
    fprintf(stderr, "sse-delta: %s: cannot open: %s\n", path, strerror(errno));
    return EXIT_BAD_INVOCATION;
  }
  if (t->opt.mode == MODE_TRANSCRIPT && t->opt.input_count > 1)
    transcript_heading(&t->stream.mode.transcript, name);
  status = read_input(t, name, fd);
  if (!is_stdin) close(fd);
  return status;
}

/* ---- main ---------------------------------------------------------------- */

static int use_color(void) {
  const char *no_color = getenv("NO_COLOR");
  const char *term = getenv("TERM");
  return isatty(STDOUT_FILENO) && (no_color == NULL || *no_color == '\0') &&
         !(term != NULL && strcmp(term, "dumb") == 0);
}

/* Sets the mode's callbacks and its state, with on_error always ours. */
static void prepare_mode(struct tool *t, sse_delta_callbacks *cb) {
  struct stream *st = &t->stream;
  memset(cb, 0, sizeof *cb);
  st->output = t->opt.mode;
  switch (t->opt.mode) {
  case MODE_TRANSCRIPT:
    transcript_init(&st->mode.transcript, stdout, use_color());
    transcript_set_callbacks(cb);
    break;
  case MODE_SUMMARY:
    summary_init(&st->mode.summary);
    summary_set_callbacks(cb);
    break;
  case MODE_EVENTS:
    st->mode.lines.out = stdout;
    json_lines_set_event_callbacks(cb);
    break;
  case MODE_RAW:
    st->mode.lines.out = stdout;
    json_lines_set_raw_callbacks(cb);
    break;
  case MODE_LIMITS:
    memset(&st->mode.limits, 0, sizeof st->mode.limits);
    limits_set_callbacks(cb);
    break;
  }
  st->mode_on_error = cb->on_error;
  cb->on_error = on_error;
}

int main(int argc, char **argv) {
  static struct tool tool;
  sse_delta_callbacks cb;
  sse_delta_options options;
  sse_delta_status status;
  unsigned char *workspace;
  size_t workspace_size;
  int i, parsed = options_parse(&tool.opt, argc, argv);
  if (parsed < 0) {
    options_print_usage(stdout);
    return 0;
  }
  if (parsed == 0) return EXIT_BAD_INVOCATION;
  prepare_mode(&tool, &cb);
  memset(&options, 0, sizeof options);
  options.dialect = tool.opt.dialect;
  options.max_event_bytes = tool.opt.max_event_bytes;
  options.max_tokens = tool.opt.max_tokens;
  options.max_tool_calls = tool.opt.max_tool_calls;
  if (tool.opt.mode == MODE_LIMITS) limits_measuring_options(&options);
  workspace_size = sse_delta_workspace_size(&options);
  workspace = workspace_size <= sizeof default_workspace ? default_workspace
                                                         : malloc(workspace_size);
  if (workspace_size == 0 || workspace == NULL) {
    fprintf(stderr, "sse-delta: limits out of range or too large for memory\n");
    return EXIT_BAD_INVOCATION;
  }
  status = sse_delta_init(&tool.parser, workspace, workspace_size, &cb,
                          &tool.stream, &options);
  if (status != SSE_DELTA_OK) {
    fprintf(stderr, "sse-delta: cannot start the parser: %s\n",
            sse_delta_status_name(status));
    return EXIT_STREAM_FAILED;
  }
  for (i = 0; i < tool.opt.input_count; i++) {
    int input_status = run_input(&tool, tool.opt.inputs[i]);
    if (input_status != 0) return input_status;
  }
  if (tool.opt.mode == MODE_TRANSCRIPT) transcript_free(&tool.stream.mode.transcript);
  if (tool.opt.mode == MODE_LIMITS) limits_write(&tool.stream.mode.limits, stdout);
  if (workspace != default_workspace) free(workspace);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "sse-delta: cannot write the output: %s\n", strerror(errno));
    return EXIT_STREAM_FAILED;
  }
  return tool.any_stream_failed ? EXIT_STREAM_FAILED : 0;
}
