/* Baseline: SSE framing plus cJSON (Debian libcjson-dev) reading the
   fields the library reads, what C and firmware code does today: parse
   each payload into a tree, look the fields up by name, free the tree. */
#include "impls.h"

#include "baseline.h"
#include "framer.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct ctx {
  bl_stream st;
  char key[BL_KEY_BYTES];
} ctx;

static cJSON *get(const cJSON *o, const char *k) {
  return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

/* A string field: its decoded text, NULL when absent or not a string. */
static const char *str(const cJSON *o, const char *k, size_t *n) {
  cJSON *v = get(o, k);
  if (!cJSON_IsString(v)) {
    *n = 0;
    return NULL;
  }
  *n = strlen(v->valuestring);
  return v->valuestring;
}

static int64_t count(const cJSON *o, const char *k) {
  cJSON *v = get(o, k);
  return bl_count(cJSON_IsNumber(v) ? v->valuedouble : 0, cJSON_IsNumber(v));
}

static uint32_t index_or(const cJSON *o, uint32_t position) {
  int64_t v = count(o, "index");
  return v >= 0 && v <= 0x7fffffff ? (uint32_t)v : position;
}

static int is(const cJSON *o, const char *k, const char *word) {
  size_t n;
  const char *s = str(o, k, &n);
  return bl_is(s, n, word);
}

/* An index or id as the text it is matched by: a string's content, a
   number's digits, else the JSON text. NULL for absent or null. */
static const char *key_text(ctx *c, const cJSON *v, size_t *n) {
  char *printed;
  if (v == NULL || cJSON_IsNull(v)) return NULL;
  if (cJSON_IsString(v)) {
    *n = strlen(v->valuestring);
    return v->valuestring;
  }
  if (cJSON_IsNumber(v) && fabs(v->valuedouble) < 9e18 &&
      v->valuedouble == (double)(long long)v->valuedouble) {
    *n = (size_t)snprintf(c->key, sizeof c->key, "%lld", (long long)v->valuedouble);
  } else {
    printed = cJSON_PrintUnformatted(v);
    *n = printed ? strlen(printed) : 0;
    if (*n > sizeof c->key) *n = sizeof c->key;
    if (printed) memcpy(c->key, printed, *n);
    cJSON_free(printed);
  }
  return c->key;
}

/* A JSON value given as arguments: cJSON can only print it again. */
static void arguments_json(ctx *c, bl_call *call, const cJSON *v) {
  char *printed = cJSON_PrintUnformatted(v);
  if (printed) bl_arguments_json(&c->st, call, printed, strlen(printed));
  cJSON_free(printed);
}

static void detect(ctx *c, const cJSON *doc, const char *event, size_t event_len) {
  bl_detect d;
  const char *t;
  size_t n, tn;
  const char *type = str(doc, "type", &tn);
  memset(&d, 0, sizeof d);
  bl_type_or_event(type, tn, event, event_len, &t, &n);
  if (get(doc, "choices") || is(doc, "object", "chat.completion.chunk"))
    d.score[SSE_DELTA_DIALECT_OPENAI_CHAT] = 3;
  else if (cJSON_IsObject(get(doc, "error")))
    d.score[SSE_DELTA_DIALECT_OPENAI_CHAT] = 1;
  if (bl_is_anthropic_type(t, n)) d.score[SSE_DELTA_DIALECT_ANTHROPIC] = 3;
  else if (bl_is(type, tn, "error") && cJSON_IsObject(get(doc, "error")))
    d.score[SSE_DELTA_DIALECT_ANTHROPIC] = 2;
  if (t != NULL && n > 9 && memcmp(t, "response.", 9) == 0)
    d.score[SSE_DELTA_DIALECT_OPENAI_RESPONSES] = 3;
  else if (bl_is(type, tn, "error") && get(doc, "message"))
    d.score[SSE_DELTA_DIALECT_OPENAI_RESPONSES] = 2;
  if (get(doc, "candidates") || get(doc, "usageMetadata") || get(doc, "promptFeedback"))
    d.score[SSE_DELTA_DIALECT_GEMINI] = 3;
  else if (get(get(doc, "error"), "status"))
    d.score[SSE_DELTA_DIALECT_GEMINI] = 2;
  bl_detected(&c->st, &d);
}

/* ---- openai-chat ---- */

static void chat_tool(ctx *c, uint32_t choice, const cJSON *entry) {
  const cJSON *fn = get(entry, "function");
  const char *index, *id, *s;
  size_t index_len = 0, id_len, n;
  bl_call *call;
  index = key_text(c, get(entry, "index"), &index_len);
  id = str(entry, "id", &id_len);
  call = bl_chat_call(&c->st, choice, index, index_len, id, id_len);
  s = str(fn, "arguments", &n);
  bl_arguments(&c->st, call, s, n);
}

static void chat_choice(ctx *c, const cJSON *ch, uint32_t position) {
  const cJSON *delta = get(ch, "delta"), *tools, *e;
  uint32_t choice = index_or(ch, position);
  const char *s;
  size_t n;
  if ((s = str(delta, "reasoning_content", &n)) != NULL || (s = str(delta, "reasoning", &n)) != NULL)
    bl_reasoning(&c->st, n);
  if ((s = str(delta, "content", &n)) != NULL) bl_content(&c->st, n);
  tools = get(delta, "tool_calls");
  if (cJSON_IsArray(tools)) {
    cJSON_ArrayForEach(e, tools) {
      if (cJSON_IsObject(e)) chat_tool(c, choice, e);
    }
  }
  s = str(ch, "finish_reason", &n);
  bl_finish_word(&c->st, choice, s, n);
}

/* OpenAI's usage object, with Chat Completions' names or the Responses
   API's: the input and output counts and the objects detailing them. */
static void openai_usage(ctx *c, const cJSON *u, const char *input, const char *output,
                         const char *input_details, const char *output_details) {
  int64_t v[5];
  v[0] = count(u, input);
  v[1] = count(u, output);
  v[2] = count(u, "total_tokens");
  v[3] = count(get(u, input_details), "cached_tokens");
  v[4] = count(get(u, output_details), "reasoning_tokens");
  bl_usage_total(&c->st, v);
}

static void map_chat(ctx *c, const cJSON *doc) {
  const cJSON *choices = get(doc, "choices"), *e, *usage;
  uint32_t position = 0;
  if (cJSON_IsArray(choices)) {
    cJSON_ArrayForEach(e, choices) {
      if (cJSON_IsObject(e)) chat_choice(c, e, position);
      position++;
    }
  }
  usage = get(doc, "usage");
  if (!cJSON_IsObject(usage)) usage = get(get(doc, "x_groq"), "usage");
  if (cJSON_IsObject(usage)) openai_usage(c, usage, "prompt_tokens", "completion_tokens", "prompt_tokens_details",
                                           "completion_tokens_details");
}

/* ---- anthropic ---- */

static void anthropic_usage(ctx *c, const cJSON *u) {
  if (!cJSON_IsObject(u)) return;
  bl_anthropic_usage(&c->st, count(u, "input_tokens"), count(u, "output_tokens"),
                     count(u, "cache_read_input_tokens"));
}

static void anthropic_start(ctx *c, const cJSON *index, const cJSON *block) {
  const cJSON *input = get(block, "input");
  const char *key;
  size_t key_len = 0;
  bl_call *call;
  if (!is(block, "type", "tool_use") && !is(block, "type", "server_tool_use")) return;
  call = bl_open_call(&c->st, 0);
  if (call == NULL) return;
  key = key_text(c, index, &key_len);
  if (key != NULL) bl_set_key(call, 0, key, key_len);
  if (cJSON_IsObject(input) && input->child != NULL) arguments_json(c, call, input);
}

static void anthropic_delta(ctx *c, const cJSON *index, const cJSON *delta) {
  const char *s, *key;
  size_t n, key_len = 0;
  if (is(delta, "type", "text_delta")) {
    if ((s = str(delta, "text", &n)) != NULL) bl_content(&c->st, n);
  } else if (is(delta, "type", "thinking_delta")) {
    if ((s = str(delta, "thinking", &n)) != NULL) bl_reasoning(&c->st, n);
  } else if (is(delta, "type", "input_json_delta")) {
    key = key_text(c, index, &key_len);
    s = str(delta, "partial_json", &n);
    if (key != NULL) bl_arguments(&c->st, bl_find(&c->st, 0, 0, key, key_len), s, n);
  }
}

static void map_anthropic(ctx *c, const cJSON *doc, const char *event, size_t event_len) {
  const char *type, *t, *s;
  size_t tn, n, sn;
  type = str(doc, "type", &tn);
  bl_type_or_event(type, tn, event, event_len, &t, &n);
  if (bl_is(t, n, "content_block_delta")) {
    anthropic_delta(c, get(doc, "index"), get(doc, "delta"));
  } else if (bl_is(t, n, "content_block_start")) {
    anthropic_start(c, get(doc, "index"), get(doc, "content_block"));
  } else if (bl_is(t, n, "message_start")) {
    anthropic_usage(c, get(get(doc, "message"), "usage"));
  } else if (bl_is(t, n, "message_delta")) {
    s = str(get(doc, "delta"), "stop_reason", &sn);
    bl_finish_word(&c->st, 0, s, sn);
    anthropic_usage(c, get(doc, "usage"));
  } else if (bl_is(t, n, "message_stop")) {
    bl_done(&c->st);
  } else if (bl_is(t, n, "error")) {
    bl_finish_reason(&c->st, SSE_DELTA_FINISH_ERROR, NULL, 0);
  }
}

/* ---- openai-responses ---- */

static bl_call *responses_call(ctx *c, const cJSON *item_id, const cJSON *output_index) {
  const char *k;
  size_t n = 0;
  bl_call *call = NULL;
  if ((k = key_text(c, item_id, &n)) != NULL) call = bl_find(&c->st, 0, 0, k, n);
  if (call == NULL && (k = key_text(c, output_index, &n)) != NULL) call = bl_find(&c->st, 0, 1, k, n);
  return call;
}

static void responses_item(ctx *c, const cJSON *item, const cJSON *output_index, int added) {
  const char *k, *s;
  size_t n = 0;
  bl_call *call;
  if (!is(item, "type", "function_call")) return;
  call = responses_call(c, get(item, "id"), output_index);
  if (call == NULL) {
    call = bl_open_call(&c->st, 0);
    if (call == NULL) return;
    if ((k = key_text(c, get(item, "id"), &n)) != NULL) bl_set_key(call, 0, k, n);
    if ((k = key_text(c, output_index, &n)) != NULL) bl_set_key(call, 1, k, n);
  }
  if (!added && !call->has_args) {
    s = str(item, "arguments", &n);
    bl_arguments(&c->st, call, s, n);
  }
}

static void responses_end(ctx *c, const cJSON *r, const char *t, size_t tn) {
  const cJSON *u = get(r, "usage");
  const char *s;
  size_t n;
  if (!bl_is(t, tn, "response.incomplete")) {
    s = str(r, "status", &n);
    bl_finish_word(&c->st, 0, s, n);
  } else if ((s = str(get(r, "incomplete_details"), "reason", &n)) != NULL) {
    bl_finish_word(&c->st, 0, s, n);
  } else {
    bl_finish_reason(&c->st, SSE_DELTA_FINISH_OTHER, "incomplete", 10);
  }
  openai_usage(c, u, "input_tokens", "output_tokens", "input_tokens_details",
               "output_tokens_details");
  bl_done(&c->st);
}

static void map_responses(ctx *c, const cJSON *doc, const char *event, size_t event_len) {
  const char *type, *t, *s;
  size_t tn, n, sn;
  bl_call *call;
  type = str(doc, "type", &tn);
  bl_type_or_event(type, tn, event, event_len, &t, &n);
  if (bl_is(t, n, "response.output_text.delta")) {
    if ((s = str(doc, "delta", &sn)) != NULL) bl_content(&c->st, sn);
  } else if (bl_is(t, n, "response.reasoning_summary_text.delta") ||
             bl_is(t, n, "response.reasoning_text.delta")) {
    if ((s = str(doc, "delta", &sn)) != NULL) bl_reasoning(&c->st, sn);
  } else if (bl_is(t, n, "response.function_call_arguments.delta") ||
             bl_is(t, n, "response.function_call_arguments.done")) {
    int is_delta = t[n - 1] == 'a';
    call = responses_call(c, get(doc, "item_id"), get(doc, "output_index"));
    if (call != NULL && (is_delta || !call->has_args)) {
      s = str(doc, is_delta ? "delta" : "arguments", &sn);
      bl_arguments(&c->st, call, s, sn);
    }
  } else if (bl_is(t, n, "response.output_item.added") || bl_is(t, n, "response.output_item.done")) {
    responses_item(c, get(doc, "item"), get(doc, "output_index"), t[n - 1] == 'd');
  } else if (bl_is(t, n, "response.completed") || bl_is(t, n, "response.incomplete") ||
             bl_is(t, n, "response.failed")) {
    responses_end(c, get(doc, "response"), t, n);
  }
}

/* ---- gemini ---- */

static void gemini_part(ctx *c, uint32_t choice, const cJSON *part) {
  const cJSON *fc = get(part, "functionCall"), *args;
  const char *s;
  size_t n;
  bl_call *call;
  if ((s = str(part, "text", &n)) != NULL) {
    if (cJSON_IsTrue(get(part, "thought"))) bl_reasoning(&c->st, n);
    else bl_content(&c->st, n);
  }
  if (!cJSON_IsObject(fc)) return;
  call = bl_open_call(&c->st, choice);
  args = get(fc, "args");
  if (call != NULL && cJSON_IsObject(args)) arguments_json(c, call, args);
}

/* Returns whether this is candidate 0 with a finish reason. */
static int gemini_candidate(ctx *c, const cJSON *cand, uint32_t position) {
  const cJSON *parts = get(get(cand, "content"), "parts"), *e;
  uint32_t choice = index_or(cand, position);
  const char *s;
  size_t n;
  if (cJSON_IsArray(parts)) {
    cJSON_ArrayForEach(e, parts) {
      if (cJSON_IsObject(e)) gemini_part(c, choice, e);
    }
  }
  s = str(cand, "finishReason", &n);
  bl_finish_word(&c->st, choice, s, n);
  return s != NULL && choice == 0;
}

static void map_gemini(ctx *c, const cJSON *doc) {
  const cJSON *cands = get(doc, "candidates"), *u = get(doc, "usageMetadata"), *e;
  uint32_t position = 0;
  int finished0 = 0;
  int64_t v[5];
  if (cJSON_IsArray(cands)) {
    cJSON_ArrayForEach(e, cands) {
      if (cJSON_IsObject(e)) finished0 |= gemini_candidate(c, e, position);
      position++;
    }
  }
  if (cJSON_IsObject(u)) {
    v[0] = count(u, "promptTokenCount");
    v[1] = count(u, "candidatesTokenCount");
    v[2] = count(u, "totalTokenCount");
    v[3] = count(u, "cachedContentTokenCount");
    v[4] = count(u, "thoughtsTokenCount");
    bl_usage_total(&c->st, v);
  }
  if (finished0) bl_done(&c->st);
}

/* ---- the stream ---- */

static void on_event(void *user, const char *event, size_t event_len, char *data, size_t len) {
  ctx *c = (ctx *)user;
  cJSON *doc;
  if (bl_before_json(&c->st, data, len)) return;
  /* Whole payloads only, as the library: cJSON checks for trailing text
     only up to a NUL, which the framer's spare byte holds. */
  data[len] = '\0';
  doc = cJSON_ParseWithLengthOpts(data, len + 1, NULL, 1);
  if (!cJSON_IsObject(doc)) { /* the library maps objects only */
    cJSON_Delete(doc);
    return;
  }
  detect(c, doc, event, event_len);
  switch (c->st.dialect) {
  case SSE_DELTA_DIALECT_OPENAI_CHAT: map_chat(c, doc); break;
  case SSE_DELTA_DIALECT_ANTHROPIC: map_anthropic(c, doc, event, event_len); break;
  case SSE_DELTA_DIALECT_OPENAI_RESPONSES: map_responses(c, doc, event, event_len); break;
  case SSE_DELTA_DIALECT_GEMINI: map_gemini(c, doc); break;
  default: break;
  }
  cJSON_Delete(doc);
}

static char event_buf[SSE_DELTA_DEFAULT_EVENT_BYTES + 1];

void bench_cjson(const char *s, size_t n, bench_sums *sums) {
  ctx c;
  bench_framer f;
  bl_begin(&c.st, sums);
  memset(&f, 0, sizeof f);
  f.buf = event_buf;
  f.cap = sizeof event_buf - 1;
  f.fn = on_event;
  f.user = &c;
  bench_frame_body(&f, s, n);
  bl_end(&c.st);
}
