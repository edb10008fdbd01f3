/* Baseline: SSE framing plus simdjson On-Demand (Debian libsimdjson-dev)
   reading the fields bench/impl_cjson.c reads and handing them to the same
   rules (bench/baseline.h): the ceiling of "parse each payload, then look
   the fields up", with the parser its authors call the fastest, used as
   they advise (one parser, payloads read in place, no DOM). Sections and
   functions follow impl_cjson.c's; only the reading differs.

   On-Demand reads forward, each value once. So each object is read in one
   pass, its fields dispatched on the key whatever their order, and what a
   rule needs after the object (a finish word, usage counts) is kept and
   applied after the pass, in the order impl_cjson.c applies it. Strings
   are kept as views into the parser's buffer, valid until the next
   iterate(). A field the others depend on (a choice's or candidate's
   index, which its tool calls need) is looked up first, and the object
   read again.

   A payload On-Demand finds invalid is dropped where the error is found,
   after what came before it was applied; cJSON drops it whole, having read
   it all first. The parts On-Demand skips are not validated. */
#include "impls.h"

#include "baseline.h"
#include "framer.h"

#include <simdjson.h>

#include <cmath>
#include <cfloat>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

namespace {

struct ctx {
  bl_stream st;
  /* where key_text prints a key: a payload's keys are all read before
     any is used, so each has its own */
  char key[BL_KEY_BYTES], alt[BL_KEY_BYTES], id[BL_KEY_BYTES];
};

/* A string as baseline.h takes it: s NULL when absent or not a string. */
struct span {
  const char *s = nullptr;
  size_t n = 0;
};

/* Usage counts not reported stay absent, as count() gives them. */
struct counts {
  bool is = false; /* the usage was an object */
  int64_t v[5] = {SSE_DELTA_ABSENT, SSE_DELTA_ABSENT, SSE_DELTA_ABSENT, SSE_DELTA_ABSENT,
                  SSE_DELTA_ABSENT};
};

/* ---- reading ---- */

/* The first '"' or '\\' from s on, eight bytes at a time (a byte at a
   time was a tenth of the whole cost): a key is followed by more of the
   payload, then the padding, so reading past its end is safe. The lowest
   byte flagged by the zero-byte test is exact, the higher ones may not be,
   hence little-endian only. */
const char *quote_or_backslash(const char *s) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  for (;; s += 8) {
    uint64_t x, q, b, m;
    memcpy(&x, s, 8);
    q = x ^ ones * '"';
    b = x ^ ones * '\\';
    m = ((q - ones) & ~q) | ((b - ones) & ~b);
    if ((m &= highs) != 0) return s + __builtin_ctzll(m) / 8;
  }
#else
  while (*s != '"' && *s != '\\') s++;
  return s;
#endif
}

/* A key as cJSON matches it: decoded. A key without a backslash is its
   bytes, compared in place; unescaped_key() would copy every key. */
error_code key_of(od::field &f, std::string_view &k) {
  const char *s = f.key().raw(), *e = quote_or_backslash(s);
  if (*e == '"') {
    k = std::string_view(s, (size_t)(e - s));
    return SUCCESS;
  }
  return f.unescaped_key().get(k);
}

/* k == name; memcmp is a call, and most keys differ in their first byte */
bool same(std::string_view k, std::string_view name) {
  return k.size() == name.size() && k[0] == name[0] && memcmp(k.data(), name.data(), k.size()) == 0;
}

error_code as_object(od::value &v, od::object &o, bool &is) {
  od::json_type t;
  SIMDJSON_TRY(v.type().get(t));
  is = t == od::json_type::object;
  return is ? v.get_object().get(o) : SUCCESS;
}

/* Calls fn(i, value) for the field named names[i], in the object's order.
   cJSON's lookup finds a key's first occurrence, so a repeated key is
   skipped; once every name is met the rest of the object is not read. */
template <size_t N, typename Fn>
error_code fields(od::object &o, const std::string_view (&names)[N], Fn &&fn) {
  unsigned seen = 0;
  for (auto r : o) {
    std::string_view k;
    SIMDJSON_TRY(r.error());
    od::field &f = r.value_unsafe();
    SIMDJSON_TRY(key_of(f, k));
    for (size_t i = 0; i < N; i++) {
      if (!same(k, names[i])) continue;
      if (!(seen & 1u << i)) {
        seen |= 1u << i;
        SIMDJSON_TRY(fn(i, f.value()));
      }
      break;
    }
    if (seen == (1u << N) - 1) break;
  }
  return SUCCESS;
}

/* The same for a value: nothing when it is not an object, as cJSON's get()
   finds nothing in one (*is, when given, says whether it was one). */
template <size_t N, typename Fn>
error_code fields(od::value &v, const std::string_view (&names)[N], Fn &&fn,
                  bool *is = nullptr) {
  od::object o;
  bool object;
  SIMDJSON_TRY(as_object(v, o, object));
  if (is) *is = object;
  return object ? fields(o, names, fn) : SUCCESS;
}

/* Calls fn(element, position) for each element when v is an array. */
template <typename Fn>
error_code elements(od::value &v, Fn &&fn) {
  od::json_type t;
  od::array a;
  uint32_t position = 0;
  SIMDJSON_TRY(v.type().get(t));
  if (t != od::json_type::array) return SUCCESS;
  SIMDJSON_TRY(v.get_array().get(a));
  for (auto r : a) {
    SIMDJSON_TRY(r.error());
    SIMDJSON_TRY(fn(r.value_unsafe(), position++));
  }
  return SUCCESS;
}

/* A string field: its decoded text, s NULL when not a string. */
error_code str(od::value &v, span &out) {
  od::json_type t;
  std::string_view s;
  SIMDJSON_TRY(v.type().get(t));
  if (t != od::json_type::string) return SUCCESS;
  SIMDJSON_TRY(v.get_string().get(s));
  out.s = s.data();
  out.n = s.size();
  return SUCCESS;
}

int is(span s, const char *word) { return bl_is(s.s, s.n, word); }

bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

error_code count(od::value &v, int64_t &out) {
  od::json_type t;
  double d = 0;
  SIMDJSON_TRY(v.type().get(t));
  if (t == od::json_type::number) SIMDJSON_TRY(v.get_double().get(d));
  out = bl_count(d, t == od::json_type::number);
  return SUCCESS;
}

error_code is_true(od::value &v, bool &out) {
  od::json_type t;
  SIMDJSON_TRY(v.type().get(t));
  return t == od::json_type::boolean ? v.get_bool().get(out) : SUCCESS;
}

/* An object's text as sent, for bl_arguments_json (which counts it as
   cJSON's compact print would be counted); s NULL when v is not an object,
   or has no member and members_only. */
error_code object_text(od::value &v, span &out, bool members_only) {
  od::object o;
  bool object, empty;
  std::string_view raw;
  SIMDJSON_TRY(as_object(v, o, object));
  if (!object) return SUCCESS;
  SIMDJSON_TRY(o.is_empty().get(empty));
  SIMDJSON_TRY(o.raw_json().get(raw));
  if (members_only && empty) return SUCCESS;
  out.s = raw.data();
  out.n = raw.size();
  return SUCCESS;
}

/* A number as impl_cjson.c's key_text prints it: an integral value's
   digits, else cJSON's print_number (15 significant digits when they read
   back as the value, else 17). A plain integer short enough to be exact
   is its own digits, taken as written. */
error_code number_text(od::value &v, char *buf, span &out) {
  std::string_view raw = v.raw_json_token();
  size_t i, sign;
  double d, back;
  while (!raw.empty() && is_space(raw.back())) raw.remove_suffix(1);
  sign = !raw.empty() && raw[0] == '-';
  for (i = sign; i < raw.size() && raw[i] >= '0' && raw[i] <= '9'; i++) {
  }
  if (i == raw.size() && i > sign && i - sign <= 15 && (raw[sign] != '0' || raw.size() == 1)) {
    out.s = raw.data();
    out.n = raw.size();
    return SUCCESS;
  }
  SIMDJSON_TRY(v.get_double().get(d));
  int n;
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == (double)(long long)d) {
    n = snprintf(buf, BL_KEY_BYTES, "%lld", (long long)d);
  } else {
    n = snprintf(buf, BL_KEY_BYTES, "%1.15g", d);
    back = strtod(buf, nullptr);
    if (!(std::fabs(back - d) <= std::fmax(std::fabs(back), std::fabs(d)) * DBL_EPSILON))
      n = snprintf(buf, BL_KEY_BYTES, "%1.17g", d);
  }
  out.s = buf;
  out.n = (size_t)n;
  return SUCCESS;
}

/* JSON text without its white space outside strings, cut at BL_KEY_BYTES:
   cJSON prints an object or array key compact. */
void compact(std::string_view raw, char *buf, span &out) {
  bool in_string = false, escaped = false;
  out.s = buf;
  out.n = 0;
  for (char ch : raw) {
    if (out.n == BL_KEY_BYTES) break;
    if (escaped) {
      escaped = false;
    } else if (in_string) {
      escaped = ch == '\\';
      in_string = ch != '"';
    } else if (is_space(ch)) {
      continue;
    } else {
      in_string = ch == '"';
    }
    buf[out.n++] = ch;
  }
}

/* An index or id as the text it is matched by, as impl_cjson.c's key_text:
   a string's content, a number's digits, else the JSON text (compact, as
   cJSON prints it, cut at BL_KEY_BYTES). s NULL for null. */
error_code key_text(od::value &v, char *buf, span &out) {
  od::json_type t;
  std::string_view raw;
  bool b;
  SIMDJSON_TRY(v.type().get(t));
  switch (t) {
  case od::json_type::null:
    SIMDJSON_TRY(v.is_null().get(b));
    return b ? SUCCESS : simdjson::N_ATOM_ERROR;
  case od::json_type::string: return str(v, out);
  case od::json_type::number: return number_text(v, buf, out);
  case od::json_type::boolean:
    SIMDJSON_TRY(v.get_bool().get(b));
    out.s = b ? "true" : "false";
    out.n = b ? 4 : 5;
    return SUCCESS;
  case od::json_type::object: {
    od::object o;
    SIMDJSON_TRY(v.get_object().get(o));
    SIMDJSON_TRY(o.raw_json().get(raw));
    break;
  }
  default: {
    od::array a;
    SIMDJSON_TRY(v.get_array().get(a));
    SIMDJSON_TRY(a.raw_json().get(raw));
    break;
  }
  }
  compact(raw, buf, out);
  return SUCCESS;
}

/* The choice of a chat choice or Gemini candidate: looked up before the
   other fields, whose tool calls need it wherever "index" is, then the
   object is read again from its start. */
error_code index_or(od::object &o, uint32_t position, uint32_t &choice) {
  static constexpr std::string_view names[] = {"index"};
  int64_t v = SSE_DELTA_ABSENT;
  SIMDJSON_TRY(fields(o, names, [&](size_t, od::value &f) { return count(f, v); }));
  choice = v >= 0 && v <= 0x7fffffff ? (uint32_t)v : position;
  return o.reset().error();
}

/* Usage of both OpenAI dialects: three counts, then the cached and the
   reasoning count inside their two details objects. */
error_code openai_usage(od::value &u, const std::string_view (&names)[5], counts &out) {
  static constexpr std::string_view cached[] = {"cached_tokens"};
  static constexpr std::string_view reasoning[] = {"reasoning_tokens"};
  return fields(
      u, names,
      [&](size_t i, od::value &f) -> error_code {
        if (i < 3) return count(f, out.v[i]);
        if (i == 3) return fields(f, cached, [&](size_t, od::value &w) { return count(w, out.v[3]); });
        return fields(f, reasoning, [&](size_t, od::value &w) { return count(w, out.v[4]); });
      },
      &out.is);
}

/* The top-level fields detection looks at are read only while the dialect
   is unknown (bl_detected ignores later payloads), then the object is read
   again for the mapping. */
error_code detect(ctx *c, od::object &doc, const char *event, size_t event_len) {
  enum { TYPE, CHOICES, OBJECT, ERR, MESSAGE, CANDIDATES, USAGE_METADATA, PROMPT_FEEDBACK };
  static constexpr std::string_view names[] = {"type",    "choices",    "object",
                                               "error",   "message",    "candidates",
                                               "usageMetadata", "promptFeedback"};
  static constexpr std::string_view status[] = {"status"};
  bl_detect d;
  const char *t;
  size_t n;
  span type, object;
  unsigned has = 0;
  bool error_object = false, error_status = false;
  SIMDJSON_TRY(fields(doc, names, [&](size_t i, od::value &f) -> error_code {
    has |= 1u << i;
    switch (i) {
    case TYPE: return str(f, type);
    case OBJECT: return str(f, object);
    case ERR:
      return fields(
          f, status,
          [&](size_t, od::value &) -> error_code {
            error_status = true;
            return SUCCESS;
          },
          &error_object);
    default: return SUCCESS;
    }
  }));
  memset(&d, 0, sizeof d);
  bl_type_or_event(type.s, type.n, event, event_len, &t, &n);
  if ((has & 1u << CHOICES) || is(object, "chat.completion.chunk"))
    d.score[SSE_DELTA_DIALECT_OPENAI_CHAT] = 3;
  else if (error_object)
    d.score[SSE_DELTA_DIALECT_OPENAI_CHAT] = 1;
  if (bl_is_anthropic_type(t, n)) d.score[SSE_DELTA_DIALECT_ANTHROPIC] = 3;
  else if (is(type, "error") && error_object)
    d.score[SSE_DELTA_DIALECT_ANTHROPIC] = 2;
  if (t != NULL && n > 9 && memcmp(t, "response.", 9) == 0)
    d.score[SSE_DELTA_DIALECT_OPENAI_RESPONSES] = 3;
  else if (is(type, "error") && (has & 1u << MESSAGE))
    d.score[SSE_DELTA_DIALECT_OPENAI_RESPONSES] = 2;
  if (has & (1u << CANDIDATES | 1u << USAGE_METADATA | 1u << PROMPT_FEEDBACK))
    d.score[SSE_DELTA_DIALECT_GEMINI] = 3;
  else if (error_status)
    d.score[SSE_DELTA_DIALECT_GEMINI] = 2;
  bl_detected(&c->st, &d);
  return SUCCESS;
}

/* ---- openai-chat ---- */

error_code chat_tool(ctx *c, uint32_t choice, od::value &entry) {
  enum { INDEX, ID, FUNCTION };
  static constexpr std::string_view names[] = {"index", "id", "function"};
  static constexpr std::string_view arguments[] = {"arguments"};
  span index, id, s;
  bool object;
  bl_call *call;
  SIMDJSON_TRY(fields(
      entry, names,
      [&](size_t i, od::value &f) -> error_code {
        switch (i) {
        case INDEX: return key_text(f, c->key, index);
        case ID: return str(f, id);
        default: return fields(f, arguments, [&](size_t, od::value &a) { return str(a, s); });
        }
      },
      &object));
  if (!object) return SUCCESS;
  call = bl_chat_call(&c->st, choice, index.s, index.n, id.s, id.n);
  bl_arguments(&c->st, call, s.s, s.n);
  return SUCCESS;
}

/* Text adds up in any order, but a tool call is applied as its entry is
   read, so the choice comes first (index_or) and the finish word after. */
error_code chat_choice(ctx *c, od::value &v, uint32_t position) {
  enum { DELTA, FINISH_REASON };
  enum { REASONING_CONTENT, REASONING, CONTENT, TOOL_CALLS };
  static constexpr std::string_view names[] = {"delta", "finish_reason"};
  static constexpr std::string_view delta[] = {"reasoning_content", "reasoning", "content",
                                               "tool_calls"};
  od::object ch;
  bool object;
  uint32_t choice;
  span text[3], finish;
  SIMDJSON_TRY(as_object(v, ch, object));
  if (!object) return SUCCESS;
  SIMDJSON_TRY(index_or(ch, position, choice));
  SIMDJSON_TRY(fields(ch, names, [&](size_t i, od::value &f) -> error_code {
    if (i == FINISH_REASON) return str(f, finish);
    return fields(f, delta, [&](size_t j, od::value &g) -> error_code {
      if (j != TOOL_CALLS) return str(g, text[j]);
      return elements(g, [&](od::value &e, uint32_t) { return chat_tool(c, choice, e); });
    });
  }));
  if (text[REASONING_CONTENT].s != NULL) bl_reasoning(&c->st, text[REASONING_CONTENT].n);
  else if (text[REASONING].s != NULL) bl_reasoning(&c->st, text[REASONING].n);
  if (text[CONTENT].s != NULL) bl_content(&c->st, text[CONTENT].n);
  bl_finish_word(&c->st, choice, finish.s, finish.n);
  return SUCCESS;
}

error_code chat_usage(od::value &u, counts &out) {
  static constexpr std::string_view names[] = {"prompt_tokens", "completion_tokens",
                                               "total_tokens", "prompt_tokens_details",
                                               "completion_tokens_details"};
  return openai_usage(u, names, out);
}

/* "usage" wins over x_groq's wherever the two are: both are read, and the
   one that counts applied after. */
error_code map_chat(ctx *c, od::object &doc) {
  enum { CHOICES, USAGE, X_GROQ };
  static constexpr std::string_view names[] = {"choices", "usage", "x_groq"};
  static constexpr std::string_view usage_name[] = {"usage"};
  counts usage, groq;
  SIMDJSON_TRY(fields(doc, names, [&](size_t i, od::value &f) -> error_code {
    switch (i) {
    case CHOICES:
      return elements(f, [&](od::value &e, uint32_t position) { return chat_choice(c, e, position); });
    case USAGE: return chat_usage(f, usage);
    default: return fields(f, usage_name, [&](size_t, od::value &u) { return chat_usage(u, groq); });
    }
  }));
  if (usage.is) bl_usage_total(&c->st, usage.v);
  else if (groq.is) bl_usage_total(&c->st, groq.v);
  return SUCCESS;
}

/* ---- anthropic ---- */

/* The fields of "delta" and "content_block" every type reads, read before
   the type is known: the type may come after them. */
enum { DELTA_TYPE, DELTA_TEXT, DELTA_THINKING, DELTA_PARTIAL_JSON, DELTA_STOP_REASON };
enum { BLOCK_TYPE, BLOCK_INPUT };

error_code anthropic_counts(od::value &u, counts &out) {
  static constexpr std::string_view names[] = {"input_tokens", "output_tokens",
                                               "cache_read_input_tokens"};
  return fields(u, names, [&](size_t i, od::value &f) { return count(f, out.v[i]); }, &out.is);
}

void anthropic_usage(ctx *c, const counts &u) {
  if (u.is) bl_anthropic_usage(&c->st, u.v[0], u.v[1], u.v[2]);
}

void anthropic_start(ctx *c, span index, const span block[2]) {
  bl_call *call;
  if (!is(block[BLOCK_TYPE], "tool_use") && !is(block[BLOCK_TYPE], "server_tool_use")) return;
  call = bl_open_call(&c->st, 0);
  if (call == NULL) return;
  if (index.s != NULL) bl_set_key(call, 0, index.s, index.n);
  if (block[BLOCK_INPUT].s != NULL)
    bl_arguments_json(&c->st, call, block[BLOCK_INPUT].s, block[BLOCK_INPUT].n);
}

void anthropic_delta(ctx *c, span index, const span delta[5]) {
  if (is(delta[DELTA_TYPE], "text_delta")) {
    if (delta[DELTA_TEXT].s != NULL) bl_content(&c->st, delta[DELTA_TEXT].n);
  } else if (is(delta[DELTA_TYPE], "thinking_delta")) {
    if (delta[DELTA_THINKING].s != NULL) bl_reasoning(&c->st, delta[DELTA_THINKING].n);
  } else if (is(delta[DELTA_TYPE], "input_json_delta")) {
    if (index.s != NULL)
      bl_arguments(&c->st, bl_find(&c->st, 0, 0, index.s, index.n), delta[DELTA_PARTIAL_JSON].s,
                   delta[DELTA_PARTIAL_JSON].n);
  }
}

error_code map_anthropic(ctx *c, od::object &doc, const char *event, size_t event_len) {
  enum { TYPE, INDEX, DELTA, CONTENT_BLOCK, MESSAGE, USAGE };
  static constexpr std::string_view names[] = {"type",          "index",   "delta",
                                               "content_block", "message", "usage"};
  static constexpr std::string_view delta_names[] = {"type", "text", "thinking", "partial_json",
                                                     "stop_reason"};
  static constexpr std::string_view block_names[] = {"type", "input"};
  static constexpr std::string_view usage_name[] = {"usage"};
  span type, index, delta[5], block[2];
  counts message_usage, usage;
  const char *t;
  size_t n;
  SIMDJSON_TRY(fields(doc, names, [&](size_t i, od::value &f) -> error_code {
    switch (i) {
    case TYPE: return str(f, type);
    case INDEX: return key_text(f, c->key, index);
    case DELTA:
      return fields(f, delta_names, [&](size_t j, od::value &g) { return str(g, delta[j]); });
    case CONTENT_BLOCK:
      return fields(f, block_names, [&](size_t j, od::value &g) {
        return j == BLOCK_TYPE ? str(g, block[j]) : object_text(g, block[j], true);
      });
    case MESSAGE:
      return fields(f, usage_name, [&](size_t, od::value &u) { return anthropic_counts(u, message_usage); });
    default: return anthropic_counts(f, usage);
    }
  }));
  bl_type_or_event(type.s, type.n, event, event_len, &t, &n);
  if (bl_is(t, n, "content_block_delta")) {
    anthropic_delta(c, index, delta);
  } else if (bl_is(t, n, "content_block_start")) {
    anthropic_start(c, index, block);
  } else if (bl_is(t, n, "message_start")) {
    anthropic_usage(c, message_usage);
  } else if (bl_is(t, n, "message_delta")) {
    bl_finish_word(&c->st, 0, delta[DELTA_STOP_REASON].s, delta[DELTA_STOP_REASON].n);
    anthropic_usage(c, usage);
  } else if (bl_is(t, n, "message_stop")) {
    bl_done(&c->st);
  } else if (bl_is(t, n, "error")) {
    bl_finish_reason(&c->st, SSE_DELTA_FINISH_ERROR, NULL, 0);
  }
  return SUCCESS;
}

/* ---- openai-responses ---- */

enum { ITEM_TYPE, ITEM_KEY, ITEM_ARGUMENTS }; /* ITEM_KEY: the item's "id" */
enum { RESPONSE_STATUS, RESPONSE_REASON };

bl_call *responses_call(ctx *c, span item_id, span output_index) {
  bl_call *call = NULL;
  if (item_id.s != NULL) call = bl_find(&c->st, 0, 0, item_id.s, item_id.n);
  if (call == NULL && output_index.s != NULL)
    call = bl_find(&c->st, 0, 1, output_index.s, output_index.n);
  return call;
}

void responses_item(ctx *c, const span item[3], span output_index, int added) {
  bl_call *call;
  if (!is(item[ITEM_TYPE], "function_call")) return;
  call = responses_call(c, item[ITEM_KEY], output_index);
  if (call == NULL) {
    call = bl_open_call(&c->st, 0);
    if (call == NULL) return;
    if (item[ITEM_KEY].s != NULL) bl_set_key(call, 0, item[ITEM_KEY].s, item[ITEM_KEY].n);
    if (output_index.s != NULL) bl_set_key(call, 1, output_index.s, output_index.n);
  }
  if (!added && !call->has_args)
    bl_arguments(&c->st, call, item[ITEM_ARGUMENTS].s, item[ITEM_ARGUMENTS].n);
}

void responses_end(ctx *c, const span r[2], const counts &u, const char *t, size_t tn) {
  if (!bl_is(t, tn, "response.incomplete")) {
    bl_finish_word(&c->st, 0, r[RESPONSE_STATUS].s, r[RESPONSE_STATUS].n);
  } else if (r[RESPONSE_REASON].s != NULL) {
    bl_finish_word(&c->st, 0, r[RESPONSE_REASON].s, r[RESPONSE_REASON].n);
  } else {
    bl_finish_reason(&c->st, SSE_DELTA_FINISH_OTHER, "incomplete", 10);
  }
  bl_usage_total(&c->st, u.v);
  bl_done(&c->st);
}

/* As for anthropic, the fields every type reads are read before the type
   is known, and the type decides after. */
error_code map_responses(ctx *c, od::object &doc, const char *event, size_t event_len) {
  enum { TYPE, DELTA, ARGUMENTS, ITEM_ID, OUTPUT_INDEX, ITEM, RESPONSE };
  enum { STATUS, INCOMPLETE_DETAILS, USAGE };
  static constexpr std::string_view names[] = {"type",         "delta", "arguments", "item_id",
                                               "output_index", "item",  "response"};
  static constexpr std::string_view item_names[] = {"type", "id", "arguments"};
  static constexpr std::string_view response_names[] = {"status", "incomplete_details", "usage"};
  static constexpr std::string_view reason[] = {"reason"};
  static constexpr std::string_view usage_names[] = {"input_tokens", "output_tokens",
                                                     "total_tokens", "input_tokens_details",
                                                     "output_tokens_details"};
  span type, delta, arguments, item_id, output_index, item[3], response[2];
  counts usage;
  const char *t;
  size_t n;
  bl_call *call;
  SIMDJSON_TRY(fields(doc, names, [&](size_t i, od::value &f) -> error_code {
    switch (i) {
    case TYPE: return str(f, type);
    case DELTA: return str(f, delta);
    case ARGUMENTS: return str(f, arguments);
    case ITEM_ID: return key_text(f, c->key, item_id);
    case OUTPUT_INDEX: return key_text(f, c->alt, output_index);
    case ITEM:
      return fields(f, item_names, [&](size_t j, od::value &g) {
        return j == ITEM_KEY ? key_text(g, c->id, item[j]) : str(g, item[j]);
      });
    default:
      return fields(f, response_names, [&](size_t j, od::value &g) -> error_code {
        if (j == STATUS) return str(g, response[RESPONSE_STATUS]);
        if (j == USAGE) return openai_usage(g, usage_names, usage);
        return fields(g, reason, [&](size_t, od::value &w) { return str(w, response[RESPONSE_REASON]); });
      });
    }
  }));
  bl_type_or_event(type.s, type.n, event, event_len, &t, &n);
  if (bl_is(t, n, "response.output_text.delta")) {
    if (delta.s != NULL) bl_content(&c->st, delta.n);
  } else if (bl_is(t, n, "response.reasoning_summary_text.delta") ||
             bl_is(t, n, "response.reasoning_text.delta")) {
    if (delta.s != NULL) bl_reasoning(&c->st, delta.n);
  } else if (bl_is(t, n, "response.function_call_arguments.delta") ||
             bl_is(t, n, "response.function_call_arguments.done")) {
    int is_delta = t[n - 1] == 'a';
    call = responses_call(c, item_id, output_index);
    if (call != NULL && (is_delta || !call->has_args)) {
      span s = is_delta ? delta : arguments;
      bl_arguments(&c->st, call, s.s, s.n);
    }
  } else if (bl_is(t, n, "response.output_item.added") || bl_is(t, n, "response.output_item.done")) {
    responses_item(c, item, output_index, t[n - 1] == 'd');
  } else if (bl_is(t, n, "response.completed") || bl_is(t, n, "response.incomplete") ||
             bl_is(t, n, "response.failed")) {
    responses_end(c, response, usage, t, n);
  }
  return SUCCESS;
}

/* ---- gemini ---- */

error_code gemini_part(ctx *c, uint32_t choice, od::value &part) {
  enum { TEXT, THOUGHT, FUNCTION_CALL };
  static constexpr std::string_view names[] = {"text", "thought", "functionCall"};
  static constexpr std::string_view args_name[] = {"args"};
  span s, args;
  bool thought = false, fc = false;
  bl_call *call;
  SIMDJSON_TRY(fields(part, names, [&](size_t i, od::value &f) -> error_code {
    switch (i) {
    case TEXT: return str(f, s);
    case THOUGHT: return is_true(f, thought);
    default:
      return fields(
          f, args_name, [&](size_t, od::value &a) { return object_text(a, args, false); }, &fc);
    }
  }));
  if (s.s != NULL) {
    if (thought) bl_reasoning(&c->st, s.n);
    else bl_content(&c->st, s.n);
  }
  if (!fc) return SUCCESS;
  call = bl_open_call(&c->st, choice);
  if (call != NULL && args.s != NULL) bl_arguments_json(&c->st, call, args.s, args.n);
  return SUCCESS;
}

/* *finished0: whether this is candidate 0 with a finish reason. The
   choice comes first (index_or), as "index" usually follows the parts. */
error_code gemini_candidate(ctx *c, od::value &v, uint32_t position, int *finished0) {
  enum { CONTENT, FINISH_REASON };
  static constexpr std::string_view names[] = {"content", "finishReason"};
  static constexpr std::string_view parts[] = {"parts"};
  od::object cand;
  bool object;
  uint32_t choice;
  span finish;
  SIMDJSON_TRY(as_object(v, cand, object));
  if (!object) return SUCCESS;
  SIMDJSON_TRY(index_or(cand, position, choice));
  SIMDJSON_TRY(fields(cand, names, [&](size_t i, od::value &f) -> error_code {
    if (i == FINISH_REASON) return str(f, finish);
    return fields(f, parts, [&](size_t, od::value &p) {
      return elements(p, [&](od::value &e, uint32_t) { return gemini_part(c, choice, e); });
    });
  }));
  bl_finish_word(&c->st, choice, finish.s, finish.n);
  *finished0 |= finish.s != NULL && choice == 0;
  return SUCCESS;
}

error_code map_gemini(ctx *c, od::object &doc) {
  enum { CANDIDATES, USAGE_METADATA };
  static constexpr std::string_view names[] = {"candidates", "usageMetadata"};
  static constexpr std::string_view usage_names[] = {
      "promptTokenCount", "candidatesTokenCount", "totalTokenCount", "cachedContentTokenCount",
      "thoughtsTokenCount"};
  counts usage;
  int finished0 = 0;
  SIMDJSON_TRY(fields(doc, names, [&](size_t i, od::value &f) -> error_code {
    if (i == CANDIDATES)
      return elements(f, [&](od::value &e, uint32_t position) {
        return gemini_candidate(c, e, position, &finished0);
      });
    return fields(f, usage_names, [&](size_t j, od::value &u) { return count(u, usage.v[j]); },
                  &usage.is);
  }));
  if (usage.is) bl_usage_total(&c->st, usage.v);
  if (finished0) bl_done(&c->st);
  return SUCCESS;
}

/* ---- the stream ---- */

/* One parser for the whole benchmark (single-threaded), its buffers
   allocated once for the largest event. Its stage 1 (the SIMD scan) is
   chosen at run time by libsimdjson; the reading above is compiled for the
   build's target (generic code without -march), which measured no slower
   on the corpus. */
od::parser parser;
error_code read_payload(ctx *c, const char *event, size_t event_len, const char *data,
                        size_t len) {
  od::document doc;
  od::object top;
  od::json_type t;
  /* Whole payloads only, as the library: iterate() finds a truncated
     object (its last token is not its '}') before anything is read. */
  SIMDJSON_TRY(parser.iterate(data, len, len + simdjson::SIMDJSON_PADDING).get(doc));
  SIMDJSON_TRY(doc.type().get(t));
  if (t != od::json_type::object) return SUCCESS; /* the library maps objects only */
  SIMDJSON_TRY(doc.get_object().get(top));
  if (c->st.dialect == SSE_DELTA_DIALECT_AUTO) {
    SIMDJSON_TRY(detect(c, top, event, event_len));
    SIMDJSON_TRY(top.reset().error());
  }
  switch (c->st.dialect) {
  case SSE_DELTA_DIALECT_OPENAI_CHAT: return map_chat(c, top);
  case SSE_DELTA_DIALECT_ANTHROPIC: return map_anthropic(c, top, event, event_len);
  case SSE_DELTA_DIALECT_OPENAI_RESPONSES: return map_responses(c, top, event, event_len);
  case SSE_DELTA_DIALECT_GEMINI: return map_gemini(c, top);
  default: return SUCCESS;
  }
}

void on_event(void *user, const char *event, size_t event_len, char *data, size_t len) {
  ctx *c = (ctx *)user;
  if (bl_before_json(&c->st, data, len)) return;
  /* iterate() checks a payload's balance by a second scan when the byte
     after it is '}', which a longer event before may have left */
  data[len] = '\0';
  (void)read_payload(c, event, event_len, data, len);
}

/* SIMDJSON_PADDING readable bytes after every payload: iterate() reads the
   framer's buffer in place. */
char event_buf[SSE_DELTA_DEFAULT_EVENT_BYTES + simdjson::SIMDJSON_PADDING];

} // namespace

extern "C" void bench_simdjson(const char *s, size_t n, bench_sums *sums) {
  ctx c;
  bench_framer f;
  if (parser.capacity() < SSE_DELTA_DEFAULT_EVENT_BYTES) {
    /* at once for the largest event, not growing payload by payload;
       failing, iterate() allocates what each payload needs */
    error_code e = parser.allocate(SSE_DELTA_DEFAULT_EVENT_BYTES);
    (void)e;
  }
  bl_begin(&c.st, sums);
  memset(&f, 0, sizeof f);
  f.buf = event_buf;
  f.cap = SSE_DELTA_DEFAULT_EVENT_BYTES;
  f.fn = on_event;
  f.user = &c;
  bench_frame_body(&f, s, n);
  bl_end(&c.st);
}
