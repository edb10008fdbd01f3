#include "json_lines.h"

#include <inttypes.h>
#include <string.h>

#include "json_out.h"

static void write_name(FILE *out, const char *name) {
  json_write_string(out, name, strlen(name));
}

/* Starts a line: {"cb":NAME */
static void begin_callback(FILE *out, const char *cb) {
  fputs("{\"cb\":", out);
  write_name(out, cb);
}

static void write_choice(FILE *out, uint32_t choice) {
  fprintf(out, ",\"choice\":%" PRIu32, choice);
}

static void write_choice_tool(FILE *out, uint32_t choice, uint32_t tool) {
  write_choice(out, choice);
  fprintf(out, ",\"tool\":%" PRIu32, tool);
}

/* ,"key":"value" */
static void write_field(FILE *out, const char *key, const char *s, size_t len) {
  fprintf(out, ",\"%s\":", key);
  json_write_string(out, s, len);
}

static void end_line(FILE *out) { fputs("}\n", out); }

static int on_content(void *user, uint32_t choice, const char *text, size_t len) {
  FILE *out = ((struct json_lines *)user)->out;
  begin_callback(out, "content");
  write_choice(out, choice);
  write_field(out, "text", text, len);
  end_line(out);
  return 0;
}

static int on_reasoning(void *user, uint32_t choice, const char *text,
                        size_t len) {
  FILE *out = ((struct json_lines *)user)->out;
  begin_callback(out, "reasoning");
  write_choice(out, choice);
  write_field(out, "text", text, len);
  end_line(out);
  return 0;
}

static int on_tool_call_start(void *user, uint32_t choice, uint32_t tool,
                              const char *id, size_t id_len, const char *name,
                              size_t name_len) {
  FILE *out = ((struct json_lines *)user)->out;
  begin_callback(out, "tool_call_start");
  write_choice_tool(out, choice, tool);
  write_field(out, "id", id, id_len);
  write_field(out, "name", name, name_len);
  end_line(out);
  return 0;
}

static int on_tool_call_arguments(void *user, uint32_t choice, uint32_t tool,
                                  const char *json, size_t len) {
  FILE *out = ((struct json_lines *)user)->out;
  begin_callback(out, "tool_call_arguments");
  write_choice_tool(out, choice, tool);
  write_field(out, "json", json, len);
  end_line(out);
  return 0;
}

static const char *field_kind_name(sse_delta_field_kind kind) {
  static const char *const names[] = {"string", "number", "true", "false", "null", "invalid"};
  return (unsigned)kind <= (unsigned)SSE_DELTA_FIELD_INVALID ? names[kind] : "invalid";
}

/* {"cb":"tool_call_field",...,"path":["todos",0,"content"],"kind":"string",
   "piece":"...","last":true,"deep":false,"key_cut":false}; piece is null
   for an invalid-arguments event. */
static int on_tool_call_field(void *user, uint32_t choice, uint32_t tool,
                              const sse_delta_field *f) {
  FILE *out = ((struct json_lines *)user)->out;
  uint32_t l;
  begin_callback(out, "tool_call_field");
  write_choice_tool(out, choice, tool);
  fputs(",\"path\":[", out);
  for (l = 0; l < f->depth; l++) {
    if (l > 0) fputc(',', out);
    if (f->path[l].key != NULL)
      json_write_string(out, f->path[l].key, f->path[l].key_len);
    else
      fprintf(out, "%" PRIu32, f->path[l].index);
  }
  fputs("],\"kind\":", out);
  write_name(out, field_kind_name(f->kind));
  fputs(",\"piece\":", out);
  json_write_string_or_null(out, f->piece, f->len);
  fprintf(out, ",\"last\":%s,\"deep\":%s,\"key_cut\":%s", f->last ? "true" : "false",
          (f->flags & SSE_DELTA_FIELD_DEEP) ? "true" : "false",
          (f->flags & SSE_DELTA_FIELD_KEY_CUT) ? "true" : "false");
  end_line(out);
  return 0;
}

static int on_finish(void *user, uint32_t choice, sse_delta_finish reason,
                     const char *raw, size_t raw_len) {
  FILE *out = ((struct json_lines *)user)->out;
  begin_callback(out, "finish");
  write_choice(out, choice);
  fputs(",\"reason\":", out);
  write_name(out, sse_delta_finish_name(reason));
  fputs(",\"raw\":", out);
  json_write_string_or_null(out, raw, raw_len);
  end_line(out);
  return 0;
}

/* ,"key":n or ,"key":null */
static void write_count_field(FILE *out, const char *key, int64_t count) {
  fprintf(out, ",\"%s\":", key);
  json_write_count(out, count);
}

static int on_usage(void *user, const sse_delta_usage *usage) {
  FILE *out = ((struct json_lines *)user)->out;
  begin_callback(out, "usage");
  write_count_field(out, "input_tokens", usage->input_tokens);
  write_count_field(out, "output_tokens", usage->output_tokens);
  write_count_field(out, "total_tokens", usage->total_tokens);
  write_count_field(out, "cached_tokens", usage->cached_tokens);
  write_count_field(out, "reasoning_tokens", usage->reasoning_tokens);
  fputs(",\"cost\":", out);
  json_write_string_or_null(out, usage->cost, usage->cost_len);
  end_line(out);
  return 0;
}

static int on_error(void *user, sse_delta_status code, const char *message,
                    size_t message_len) {
  FILE *out = ((struct json_lines *)user)->out;
  begin_callback(out, "error");
  fputs(",\"code\":", out);
  write_name(out, sse_delta_status_name(code));
  fputs(",\"message\":", out);
  json_write_string_or_null(out, message, message_len);
  end_line(out);
  return 0;
}

static int on_done(void *user) {
  FILE *out = ((struct json_lines *)user)->out;
  begin_callback(out, "done");
  end_line(out);
  return 0;
}

static int on_event(void *user, const sse_delta_event *ev) {
  FILE *out = ((struct json_lines *)user)->out;
  fputs("{\"event\":", out);
  json_write_string(out, ev->type, ev->type_len);
  write_field(out, "data", ev->data, ev->data_len);
  write_field(out, "id", ev->id, ev->id_len);
  end_line(out);
  return 0;
}

static int on_retry(void *user, uint64_t retry_ms) {
  FILE *out = ((struct json_lines *)user)->out;
  fprintf(out, "{\"retry\":%" PRIu64 "}\n", retry_ms);
  return 0;
}

void json_lines_set_event_callbacks(sse_delta_callbacks *cb) {
  cb->on_content = on_content;
  cb->on_reasoning = on_reasoning;
  cb->on_tool_call_start = on_tool_call_start;
  cb->on_tool_call_arguments = on_tool_call_arguments;
  cb->on_tool_call_field = on_tool_call_field;
  cb->on_finish = on_finish;
  cb->on_usage = on_usage;
  cb->on_error = on_error;
  cb->on_done = on_done;
}

void json_lines_set_raw_callbacks(sse_delta_callbacks *cb) {
  cb->on_event = on_event;
  cb->on_retry = on_retry;
}

void json_lines_write_quirks(FILE *out, const sse_delta_quirks *q) {
  const char *sep = "";
  fputs("{\"quirks\":{", out);
#define JSON_LINES_XX_QUIRK(name, desc)                                        \
  if (q->name != 0) {                                                          \
    fprintf(out, "%s\"" #name "\":%" PRIu32, sep, q->name);                   \
    sep = ",";                                                                 \
  }
  SSE_DELTA_QUIRK_MAP(JSON_LINES_XX_QUIRK)
#undef JSON_LINES_XX_QUIRK
  fputs("}}\n", out);
}
