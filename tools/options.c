#include "options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: sse-delta [OPTIONS] [FILE...]\n"
    "Feeds each FILE (or stdin when none, or for '-') to the sse_delta parser.\n"
    "A FILE is a raw SSE response body or a go-vcr cassette (YAML), whose\n"
    "response bodies are replayed in order, each as its own stream.\n"
    "\n"
    "Output (one of; default: a readable transcript):\n"
    "  --summary         one JSON object per stream (doc/rules.md section 16)\n"
    "  --events          one JSON line per callback, then the stream's quirks\n"
    "  --raw             one JSON line per SSE event: {\"event\",\"data\",\"id\"},\n"
    "                    and {\"retry\":N}; framing layer only\n"
    "  --limits          what the inputs need of the parser's limits (largest\n"
    "                    event, most tokens in a payload, most tool calls in a\n"
    "                    stream) and the workspace those take\n"
    "Parsing:\n"
    "  --feed-size N     feed N bytes per sse_delta_feed call (default: all)\n"
    "  --dialect NAME    openai-chat, anthropic, openai-responses or gemini\n"
    "                    (default: detected from the stream)\n"
    "  --max-event-bytes N, --max-tokens N, --max-tool-calls N\n"
    "                    parse with a device's limits (default: the library's)\n"
    "  -h, --help        show this help\n"
    "\n"
    "Exit status: 0 when every stream was clean; 1 when a stream had errors\n"
    "or ended early (reasons on stderr); 2 for a bad invocation or input file.\n"
    "\n"
    "Every rule the parser follows (framing, dialects, callbacks, error codes,\n"
    "the summary format): doc/rules.md in the sse_delta repository.\n";

void options_print_usage(FILE *out) { fputs(usage_text, out); }

static void complain(const char *what, const char *detail) {
  fprintf(stderr, "sse-delta: %s%s%s\n", what, detail ? ": " : "",
          detail ? detail : "");
}

/* Matches `--name VALUE` and `--name=VALUE`, moving *i past the value.
   Returns 1 with *value set, 0 when argv[*i] is another option, -1 when
   the value is missing. */
static int option_value(int argc, char **argv, int *i, const char *name,
                        const char **value) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0) return 0;
  if (argv[*i][n] == '=') {
    *value = argv[*i] + n + 1;
    return 1;
  }
  if (argv[*i][n] != '\0') return 0;
  if (*i + 1 >= argc) return -1;
  *value = argv[++*i];
  return 1;
}

static int parse_feed_size(const char *s, size_t *out) {
  char *end;
  unsigned long long n;
  if (*s < '0' || *s > '9') return 0;
  errno = 0;
  n = strtoull(s, &end, 10);
  if (errno != 0 || *end != '\0' || n == 0 || n > (size_t)-1) return 0;
  *out = (size_t)n;
  return 1;
}

static int parse_limit(const char *s, uint32_t *out) {
  size_t n;
  if (!parse_feed_size(s, &n) || n > 0x7fffffffu) return 0;
  *out = (uint32_t)n;
  return 1;
}

static const struct {
  const char *flag;
  size_t at; /* offset of the limit in struct options */
} limit_flags[] = {{"--max-event-bytes", offsetof(struct options, max_event_bytes)},
                   {"--max-tokens", offsetof(struct options, max_tokens)},
                   {"--max-tool-calls", offsetof(struct options, max_tool_calls)}};

static const struct {
  const char *flag;
  enum output_mode mode;
} mode_flags[] = {
    {"--summary", MODE_SUMMARY}, {"--events", MODE_EVENTS}, {"--raw", MODE_RAW},
    {"--limits", MODE_LIMITS}};

/* Parses the option at argv[*i], moving *i past its value; 0 after
   reporting a bad one. */
static int parse_option(struct options *opt, int argc, char **argv, int *i) {
  const char *value = NULL;
  size_t m;
  int found;
  for (m = 0; m < sizeof mode_flags / sizeof mode_flags[0]; m++) {
    if (strcmp(argv[*i], mode_flags[m].flag) != 0) continue;
    if (opt->mode_given && opt->mode != mode_flags[m].mode) {
      complain("choose one of --summary, --events, --raw, --limits", NULL);
      return 0;
    }
    opt->mode = mode_flags[m].mode;
    opt->mode_given = 1;
    return 1;
  }
  if ((found = option_value(argc, argv, i, "--feed-size", &value)) != 0) {
    if (found > 0 && parse_feed_size(value, &opt->feed_size)) return 1;
    complain("--feed-size needs a whole number of bytes, 1 or more",
                   value);
    return 0;
  }
  for (m = 0; m < sizeof limit_flags / sizeof limit_flags[0]; m++) {
    if ((found = option_value(argc, argv, i, limit_flags[m].flag, &value)) == 0) continue;
    if (found > 0 && parse_limit(value, (uint32_t *)(void *)((char *)opt + limit_flags[m].at)))
      return 1;
    complain("a limit needs a whole number, 1 or more (the library checks its maximum)", value);
    return 0;
  }
  if ((found = option_value(argc, argv, i, "--dialect", &value)) != 0) {
    if (found > 0)
      opt->dialect = sse_delta_dialect_from_name(value, strlen(value));
    if (opt->dialect != SSE_DELTA_DIALECT_AUTO) return 1;
    complain("--dialect needs openai-chat, anthropic, openai-responses "
                   "or gemini", value);
    return 0;
  }
  complain("unknown option (see --help)", argv[*i]);
  return 0;
}

int options_parse(struct options *opt, int argc, char **argv) {
  int i, only_inputs = 0;
  memset(opt, 0, sizeof *opt);
  opt->inputs = argv + 1; /* inputs are gathered in place, in order */
  for (i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (only_inputs || arg[0] != '-' || arg[1] == '\0') {
      opt->inputs[opt->input_count++] = argv[i];
    } else if (strcmp(arg, "--") == 0) {
      only_inputs = 1;
    } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
      return -1;
    } else if (!parse_option(opt, argc, argv, &i)) {
      return 0;
    }
  }
  if (opt->input_count == 0) { /* no FILE: read stdin */
    static char dash[] = "-";
    static char *stdin_only[] = {dash};
    opt->inputs = stdin_only;
    opt->input_count = 1;
  }
  if (opt->mode == MODE_RAW && opt->dialect != SSE_DELTA_DIALECT_AUTO) {
    complain("--raw shows the framing layer only; drop --dialect", NULL);
    return 0;
  }
  return 1;
}

