#include "transcript.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define STYLE_BOLD "\033[1m"
#define STYLE_DIM "\033[2m"
#define STYLE_TOOL "\033[36m"
#define STYLE_ERROR "\033[31m"
#define STYLE_RESET "\033[0m"

static void style(struct transcript *t, const char *code) {
  if (t->color) fputs(code, t->out);
}

static void write_bytes(struct transcript *t, const char *s, size_t len) {
  if (len == 0) return;
  fwrite(s, 1, len, t->out);
  t->at_line_start = s[len - 1] == '\n';
}

static void write_str(struct transcript *t, const char *s) {
  write_bytes(t, s, strlen(s));
}

/* Text from the stream. Control bytes other than newline and tab are shown
   in caret notation (^[ for ESC), so that a stream cannot move the cursor
   or restyle the terminal. */
static void write_stream_text(struct transcript *t, const char *s, size_t len) {
  size_t start = 0, i;
  if (len == 0) return;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    char caret[3] = {'^', 0, 0};
    if ((c >= 0x20 && c != 0x7F) || c == '\n' || c == '\t') continue;
    write_bytes(t, s + start, i - start);
    caret[1] = c == 0x7F ? '?' : (char)(c + '@');
    write_str(t, caret);
    start = i + 1;
  }
  write_bytes(t, s + start, len - start);
}

static void write_u32(struct transcript *t, uint32_t n) {
  char digits[16];
  snprintf(digits, sizeof digits, "%" PRIu32, n);
  write_str(t, digits);
}

static void end_line(struct transcript *t) {
  if (!t->at_line_start) write_str(t, "\n");
}

static void close_section(struct transcript *t) {
  if (t->section == TRANSCRIPT_REASONING) {
    end_line(t);
    write_str(t, "[/reasoning]");
    style(t, STYLE_RESET);
    write_str(t, "\n");
  }
  end_line(t);
  t->section = TRANSCRIPT_NONE;
}

/* Text of another kind, choice or tool call than the text before it starts
   on a new line. Returns 1 when it does, so the caller writes the opening. */
static int enter_section(struct transcript *t, enum transcript_section section,
                         uint32_t choice, uint32_t tool) {
  if (t->section == section && t->choice == choice &&
      (section != TRANSCRIPT_TOOL || t->tool == tool))
    return 0;
  close_section(t);
  t->section = section;
  t->choice = choice;
  t->tool = tool;
  if (choice != 0) {
    write_str(t, "[choice ");
    write_u32(t, choice);
    write_str(t, "] ");
  }
  return 1;
}

static int on_content(void *user, uint32_t choice, const char *text, size_t len) {
  struct transcript *t = user;
  enter_section(t, TRANSCRIPT_CONTENT, choice, 0);
  write_stream_text(t, text, len);
  return 0;
}

static int on_reasoning(void *user, uint32_t choice, const char *text,
                        size_t len) {
  struct transcript *t = user;
  if (enter_section(t, TRANSCRIPT_REASONING, choice, 0)) {
    style(t, STYLE_DIM);
    write_str(t, "[reasoning] ");
  }
  write_stream_text(t, text, len);
  return 0;
}

static int on_tool_call_start(void *user, uint32_t choice, uint32_t tool,
                              const char *id, size_t id_len, const char *name,
                              size_t name_len) {
  struct transcript *t = user;
  close_section(t); /* every call gets its own line, even a repeated ordinal */
  enter_section(t, TRANSCRIPT_TOOL, choice, tool);
  style(t, STYLE_TOOL);
  write_str(t, "-> tool ");
  if (name_len > 0)
    write_stream_text(t, name, name_len);
  else
    write_str(t, "(no name)");
  if (id_len > 0) {
    write_str(t, "(id ");
    write_stream_text(t, id, id_len);
    write_str(t, ")");
  }
  style(t, STYLE_RESET);
  write_str(t, " ");
  return 0;
}

static int on_tool_call_arguments(void *user, uint32_t choice, uint32_t tool,
                                  const char *json, size_t len) {
  struct transcript *t = user;
  if (enter_section(t, TRANSCRIPT_TOOL, choice, tool)) {
    /* fragments of two calls interleave: say which call this one is */
    style(t, STYLE_TOOL);
    write_str(t, "-> tool #");
    write_u32(t, tool);
    write_str(t, " (continued) ");
    style(t, STYLE_RESET);
  }
  write_stream_text(t, json, len);
  return 0;
}

/* A NUL-terminated copy of a slice; NULL when memory runs out. */
static char *copy_slice(const char *s, size_t len) {
  char *copy = malloc(len + 1);
  if (copy == NULL) return NULL;
  if (len > 0) memcpy(copy, s, len);
  copy[len] = '\0';
  return copy;
}

/* The finish entry of a choice, added on first sight; NULL without memory. */
static struct transcript_finish *finish_of(struct transcript *t,
                                           uint32_t choice) {
  struct transcript_finish *grown;
  size_t i;
  for (i = 0; i < t->finish_count; i++)
    if (t->finishes[i].choice == choice) return &t->finishes[i];
  grown = realloc(t->finishes, (t->finish_count + 1) * sizeof *grown);
  if (grown == NULL) return NULL;
  t->finishes = grown;
  memset(&grown[t->finish_count], 0, sizeof *grown);
  grown[t->finish_count].choice = choice;
  return &grown[t->finish_count++];
}

static int on_finish(void *user, uint32_t choice, sse_delta_finish reason,
                     const char *raw, size_t raw_len) {
  struct transcript *t = user;
  struct transcript_finish *f = finish_of(t, choice);
  if (f == NULL) {
    t->out_of_memory = 1;
    return 0;
  }
  f->reason = reason;
  if (raw != NULL) { /* an error event brings no word: keep the last one */
    free(f->raw);
    f->raw = copy_slice(raw, raw_len);
    if (f->raw == NULL) t->out_of_memory = 1;
  }
  return 0;
}

static int on_usage(void *user, const sse_delta_usage *usage) {
  struct transcript *t = user;
  t->has_usage = 1;
  t->usage = *usage;
  free(t->cost_copy);
  t->cost_copy = NULL;
  if (usage->cost != NULL) {
    t->cost_copy = copy_slice(usage->cost, usage->cost_len);
    if (t->cost_copy == NULL) t->out_of_memory = 1;
  }
  t->usage.cost = t->cost_copy;
  return 0;
}

void transcript_init(struct transcript *t, FILE *out, int color) {
  memset(t, 0, sizeof *t);
  t->out = out;
  t->color = color;
  t->at_line_start = 1;
}

void transcript_set_callbacks(sse_delta_callbacks *cb) {
  cb->on_content = on_content;
  cb->on_reasoning = on_reasoning;
  cb->on_tool_call_start = on_tool_call_start;
  cb->on_tool_call_arguments = on_tool_call_arguments;
  cb->on_finish = on_finish;
  cb->on_usage = on_usage;
}

void transcript_heading(struct transcript *t, const char *label) {
  close_section(t);
  style(t, STYLE_BOLD);
  write_str(t, "== ");
  write_str(t, label);
  write_str(t, " ==");
  style(t, STYLE_RESET);
  write_str(t, "\n");
}

static void write_finish(struct transcript *t, const struct transcript_finish *f) {
  write_str(t, "[finish");
  if (f->choice != 0) {
    write_str(t, " choice ");
    write_u32(t, f->choice);
  }
  write_str(t, ": ");
  write_str(t, sse_delta_finish_name(f->reason));
  if (f->raw != NULL) {
    write_str(t, " (raw ");
    write_stream_text(t, f->raw, strlen(f->raw));
    write_str(t, ")");
  }
  write_str(t, "]");
}

static void write_count(struct transcript *t, const char *label, int64_t n) {
  char digits[24] = "-";
  if (n != SSE_DELTA_ABSENT) snprintf(digits, sizeof digits, "%" PRId64, n);
  write_str(t, label);
  write_str(t, " ");
  write_str(t, digits);
}

static void write_usage(struct transcript *t) {
  const sse_delta_usage *u = &t->usage;
  write_count(t, "[usage: in", u->input_tokens);
  write_count(t, ", out", u->output_tokens);
  write_count(t, ", total", u->total_tokens);
  write_count(t, ", cached", u->cached_tokens);
  write_count(t, ", reasoning", u->reasoning_tokens);
  if (u->cost != NULL) {
    write_str(t, ", cost ");
    write_stream_text(t, u->cost, strlen(u->cost));
  }
  write_str(t, "]");
}

static void forget_stream(struct transcript *t) {
  FILE *out = t->out;
  int color = t->color;
  size_t i;
  for (i = 0; i < t->finish_count; i++) free(t->finishes[i].raw);
  free(t->finishes);
  free(t->cost_copy);
  transcript_init(t, out, color);
}

const char *transcript_verdict_reason(const sse_delta_report *r) {
  if (r->provider_error) return "the provider sent an error";
  if (!r->finished) return "no finish reason";
  if (r->unterminated_event) return "it stopped inside an event";
  if (r->incomplete_calls) return "a tool call's arguments are not complete JSON";
  return NULL;
}

/* The verdict, what made it, and the report's other facts a reader acts on. */
static void write_verdict(struct transcript *t, const sse_delta_report *r) {
  char line[160];
  sse_delta_verdict v = sse_delta_verdict_of(r);
  const char *reason = transcript_verdict_reason(r);
  int n = snprintf(line, sizeof line, "[%s", sse_delta_verdict_name(v));
  if (reason) n += snprintf(line + n, sizeof line - (size_t)n, ": %s", reason);
  if (!r->end_marker)
    n += snprintf(line + n, sizeof line - (size_t)n, "%s no end marker", reason ? "," : ":");
  if (r->errors) n += snprintf(line + n, sizeof line - (size_t)n, ", %u error(s)", (unsigned)r->errors);
  snprintf(line + n, sizeof line - (size_t)n, "]\n");
  style(t, v == SSE_DELTA_COMPLETE ? STYLE_DIM : STYLE_ERROR);
  write_str(t, line);
  style(t, STYLE_RESET);
}

int transcript_end_stream(struct transcript *t, const sse_delta_report *report) {
  int out_of_memory = t->out_of_memory;
  size_t i;
  close_section(t);
  if (t->finish_count > 0 || t->has_usage) {
    style(t, STYLE_DIM);
    for (i = 0; i < t->finish_count; i++) {
      if (i > 0) write_str(t, " ");
      write_finish(t, &t->finishes[i]);
    }
    if (t->finish_count > 0 && t->has_usage) write_str(t, " ");
    if (t->has_usage) write_usage(t);
    style(t, STYLE_RESET);
    write_str(t, "\n");
  }
  if (report != NULL) write_verdict(t, report);
  forget_stream(t);
  return out_of_memory ? -1 : 0;
}

void transcript_free(struct transcript *t) { forget_stream(t); }
