#include "summary.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"

/* Only the first choice goes into the summary (doc/rules.md section 16). */
#define SUMMARY_CHOICE 0u

/* Callbacks never pause the parser, so running out of memory is recorded
   in the summary instead of being returned. */
static void text_append(struct summary *s, struct summary_text *t,
                        const char *bytes, size_t len) {
  if (len == 0) return;
  if (len > SIZE_MAX / 2 - t->len) {
    s->out_of_memory = 1;
    return;
  }
  if (t->len + len > t->cap) {
    size_t cap = t->cap ? t->cap : 64;
    char *grown;
    while (cap < t->len + len) cap *= 2;
    grown = realloc(t->data, cap);
    if (grown == NULL) {
      s->out_of_memory = 1;
      return;
    }
    t->data = grown;
    t->cap = cap;
  }
  memcpy(t->data + t->len, bytes, len);
  t->len += len;
}

static void text_free(struct summary_text *t) {
  free(t->data);
  memset(t, 0, sizeof *t);
}

/* The tool call with ordinal `tool`, creating it (and any ordinals below it
   that never started) on first sight. NULL when memory runs out. */
static struct summary_tool_call *tool_call_at(struct summary *s, uint32_t tool) {
  size_t count = (size_t)tool + 1;
  if (count > s->tool_call_count) {
    struct summary_tool_call *grown;
    if (count > SIZE_MAX / sizeof *grown) return NULL;
    grown = realloc(s->tool_calls, count * sizeof *grown);
    if (grown == NULL) return NULL;
    memset(grown + s->tool_call_count, 0,
           (count - s->tool_call_count) * sizeof *grown);
    s->tool_calls = grown;
    s->tool_call_count = count;
  }
  return &s->tool_calls[tool];
}

/* The summarized choice's call `tool`; NULL for other choices, and when
   memory runs out (then noted). */
static struct summary_tool_call *summarized_call(struct summary *s, uint32_t choice,
                                                 uint32_t tool) {
  struct summary_tool_call *call;
  if (choice != SUMMARY_CHOICE) return NULL;
  call = tool_call_at(s, tool);
  if (call == NULL) s->out_of_memory = 1;
  return call;
}

static int on_content(void *user, uint32_t choice, const char *text, size_t len) {
  struct summary *s = user;
  if (choice == SUMMARY_CHOICE) text_append(s, &s->content, text, len);
  return 0;
}

static int on_reasoning(void *user, uint32_t choice, const char *text,
                        size_t len) {
  struct summary *s = user;
  if (choice == SUMMARY_CHOICE) text_append(s, &s->reasoning, text, len);
  return 0;
}

static int on_tool_call_start(void *user, uint32_t choice, uint32_t tool,
                              const char *id, size_t id_len, const char *name,
                              size_t name_len) {
  struct summary *s = user;
  struct summary_tool_call *call = summarized_call(s, choice, tool);
  if (call == NULL) return 0;
  /* start fires once per call; should it come again, the first id and
     name stay, as the "first non-empty value" rule of doc/rules.md says */
  if (call->id.len == 0) text_append(s, &call->id, id, id_len);
  if (call->name.len == 0) text_append(s, &call->name, name, name_len);
  return 0;
}

static int on_tool_call_arguments(void *user, uint32_t choice, uint32_t tool,
                                  const char *json, size_t len) {
  struct summary *s = user;
  struct summary_tool_call *call = summarized_call(s, choice, tool);
  if (call == NULL) return 0;
  text_append(s, &call->arguments, json, len);
  return 0;
}

static int on_finish(void *user, uint32_t choice, sse_delta_finish reason,
                     const char *raw, size_t raw_len) {
  struct summary *s = user;
  if (choice != SUMMARY_CHOICE) return 0;
  s->has_finish = 1;
  s->finish = reason;
  /* an error event brings a reason but no word: the earlier word stays */
  if (raw != NULL) {
    s->finish_raw.len = 0;
    text_append(s, &s->finish_raw, raw, raw_len);
    s->has_finish_raw = 1;
  }
  return 0;
}

static int on_usage(void *user, const sse_delta_usage *usage) {
  struct summary *s = user;
  s->has_usage = 1;
  s->usage = *usage;
  s->usage.cost = NULL; /* points into the parser's workspace */
  s->usage.cost_len = 0;
  return 0;
}

int summary_on_error(void *user, sse_delta_status code, const char *message,
                     size_t message_len) {
  struct summary *s = user;
  struct summary_text *grown;
  if (code != SSE_DELTA_E_PROVIDER) return 0;
  if (s->error_count >= SIZE_MAX / sizeof *grown - 1) {
    s->out_of_memory = 1;
    return 0;
  }
  grown = realloc(s->errors, (s->error_count + 1) * sizeof *grown);
  if (grown == NULL) {
    s->out_of_memory = 1;
    return 0;
  }
  s->errors = grown;
  memset(&grown[s->error_count], 0, sizeof *grown);
  text_append(s, &grown[s->error_count], message, message_len);
  s->error_count++;
  return 0;
}

static int on_done(void *user) {
  struct summary *s = user;
  s->done = 1;
  return 0;
}

void summary_init(struct summary *s) {
  memset(s, 0, sizeof *s);
  s->dialect = SSE_DELTA_DIALECT_AUTO;
}

void summary_set_callbacks(sse_delta_callbacks *cb) {
  cb->on_content = on_content;
  cb->on_reasoning = on_reasoning;
  cb->on_tool_call_start = on_tool_call_start;
  cb->on_tool_call_arguments = on_tool_call_arguments;
  cb->on_finish = on_finish;
  cb->on_usage = on_usage;
  cb->on_error = summary_on_error;
  cb->on_done = on_done;
}

void summary_set_dialect(struct summary *s, sse_delta_dialect dialect) {
  s->dialect = dialect;
}

static void write_text(FILE *out, const struct summary_text *t) {
  json_write_string(out, t->data, t->len);
}

/* Tool ids and names are null when the provider gave none. */
static void write_text_or_null(FILE *out, const struct summary_text *t) {
  if (t->len == 0)
    fputs("null", out);
  else
    write_text(out, t);
}

static void write_tool_calls(FILE *out, const struct summary *s) {
  size_t i;
  putc('[', out);
  for (i = 0; i < s->tool_call_count; i++) {
    const struct summary_tool_call *call = &s->tool_calls[i];
    if (i > 0) putc(',', out);
    fputs("{\"id\":", out);
    write_text_or_null(out, &call->id);
    fputs(",\"name\":", out);
    write_text_or_null(out, &call->name);
    fputs(",\"arguments\":", out);
    write_text(out, &call->arguments);
    putc('}', out);
  }
  putc(']', out);
}

static void write_usage(FILE *out, const struct summary *s) {
  const sse_delta_usage *u = &s->usage;
  if (!s->has_usage) {
    fputs("null", out);
    return;
  }
  fputs("{\"input_tokens\":", out);
  json_write_count(out, u->input_tokens);
  fputs(",\"output_tokens\":", out);
  json_write_count(out, u->output_tokens);
  fputs(",\"total_tokens\":", out);
  json_write_count(out, u->total_tokens);
  fputs(",\"cached_tokens\":", out);
  json_write_count(out, u->cached_tokens);
  fputs(",\"reasoning_tokens\":", out);
  json_write_count(out, u->reasoning_tokens);
  putc('}', out);
}

static void write_errors(FILE *out, const struct summary *s) {
  size_t i;
  putc('[', out);
  for (i = 0; i < s->error_count; i++) {
    if (i > 0) putc(',', out);
    write_text(out, &s->errors[i]);
  }
  putc(']', out);
}

/* Names from the library are plain ASCII, or NULL for "none". */
static void write_name_or_null(FILE *out, const char *name) {
  json_write_string_or_null(out, name, name ? strlen(name) : 0);
}

int summary_write_json(const struct summary *s, FILE *out) {
  fputs("{\"dialect\":", out);
  write_name_or_null(out, sse_delta_dialect_name(s->dialect));
  fputs(",\"content\":", out);
  write_text(out, &s->content);
  fputs(",\"reasoning\":", out);
  write_text(out, &s->reasoning);
  fputs(",\"tool_calls\":", out);
  write_tool_calls(out, s);
  fputs(",\"finish\":", out);
  write_name_or_null(out, s->has_finish ? sse_delta_finish_name(s->finish) : NULL);
  fputs(",\"finish_raw\":", out);
  if (s->has_finish_raw)
    write_text(out, &s->finish_raw);
  else
    fputs("null", out);
  fputs(",\"usage\":", out);
  write_usage(out, s);
  fprintf(out, ",\"done\":%s", s->done ? "true" : "false");
  fputs(",\"errors\":", out);
  write_errors(out, s);
  if (s->verdict != NULL) {
    fputs(",\"verdict\":", out);
    write_name_or_null(out, s->verdict);
  }
  putc('}', out);
  return s->out_of_memory ? -1 : 0;
}

void summary_free(struct summary *s) {
  size_t i;
  text_free(&s->content);
  text_free(&s->reasoning);
  for (i = 0; i < s->tool_call_count; i++) {
    text_free(&s->tool_calls[i].id);
    text_free(&s->tool_calls[i].name);
    text_free(&s->tool_calls[i].arguments);
  }
  free(s->tool_calls);
  text_free(&s->finish_raw);
  for (i = 0; i < s->error_count; i++) text_free(&s->errors[i]);
  free(s->errors);
  summary_init(s);
}
