/*
 * sse_delta.c - see sse_delta.h for the manual.
 *
 * The data flows one way, and this file is laid out in that order:
 *
 *   1. names            status, dialect and finish tables
 *   2. workspace        layout of the caller's bytes, tool-call slots
 *   3. emitting         calling back, pausing and resuming
 *   4. SSE framer       bytes -> lines -> fields -> dispatched events
 *   5. JSON access      jsmn tokens, one-pass key lookup, string decoding
 *   6. LLM events       what every dialect reports: text, tool calls,
 *                       finish, usage, provider errors, done
 *   7. dialects         one field mapping each: openai-chat, anthropic,
 *                       openai-responses, gemini; then detection
 *   8. dispatch         an event's payload -> tokens -> dialect mapping
 *   9. public API
 *
 * Pausing: a callback may return non-zero anywhere, also in the middle of
 * the callbacks of one event. The event's bytes and tokens stay in the
 * workspace, and on resume the event's mapping runs again from the start.
 * Callbacks are of two kinds: "counted" ones (text, argument bytes, usage,
 * errors) are numbered per event and the already delivered numbers are
 * skipped; "latched" ones (tool-call start, finish, done, late U+FFFD)
 * change the parser state before calling out, so running again finds
 * nothing left to report. Whether a counted callback happens depends on the
 * payload only, so the numbering is the same in every run. State that an
 * entry later in the same payload changed must not leak into a rerun of an
 * earlier entry: tool calls and finish words remember the payload position
 * that opened or set them (see `at_token_`). String decoding happens in
 * place, once; the token remembers it.
 */
#include "sse_delta.h"

#include <string.h>

/* jsmn is private to this file: static functions, our own configuration. */
#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#define STOP 1
#define GO 0

/* C99 has no _Static_assert. */
#define SSE_DELTA_ASSERT(name, cond) typedef char sse_delta_assert_##name[(cond) ? 1 : -1]

/* ======================================================================== */
/* 1. names                                                                  */
/* ======================================================================== */

static const char *const status_names[] = {
#define SSE_DELTA_XX_NAME(name, desc) #name,
    SSE_DELTA_STATUS_MAP(SSE_DELTA_XX_NAME)
#undef SSE_DELTA_XX_NAME
};

static const char *const status_descriptions[] = {
#define SSE_DELTA_XX_DESC(name, desc) desc,
    SSE_DELTA_STATUS_MAP(SSE_DELTA_XX_DESC)
#undef SSE_DELTA_XX_DESC
};

const char *sse_delta_status_name(sse_delta_status code) {
  if ((unsigned)code >= (unsigned)SSE_DELTA_STATUS_COUNT) return "UNKNOWN";
  return status_names[code];
}

const char *sse_delta_status_description(sse_delta_status code) {
  if ((unsigned)code >= (unsigned)SSE_DELTA_STATUS_COUNT) return "unknown status code";
  return status_descriptions[code];
}

static const char *const dialect_names[] = {NULL, "openai-chat", "anthropic",
                                            "openai-responses", "gemini"};

const char *sse_delta_dialect_name(sse_delta_dialect d) {
  if ((unsigned)d >= (unsigned)SSE_DELTA_DIALECT_COUNT) return NULL;
  return dialect_names[d];
}

sse_delta_dialect sse_delta_dialect_from_name(const char *s, size_t n) {
  int d;
  if (s == NULL) return SSE_DELTA_DIALECT_AUTO;
  for (d = 1; d < (int)SSE_DELTA_DIALECT_COUNT; d++) {
    if (strlen(dialect_names[d]) == n && memcmp(dialect_names[d], s, n) == 0)
      return (sse_delta_dialect)d;
  }
  return SSE_DELTA_DIALECT_AUTO;
}

static const char *const finish_names[] = {"stop",           "tool_calls", "length",
                                           "content_filter", "error",      "other"};

const char *sse_delta_finish_name(sse_delta_finish f) {
  if ((unsigned)f >= (unsigned)SSE_DELTA_FINISH_COUNT) return "other";
  return finish_names[f];
}

/* ======================================================================== */
/* 2. workspace                                                              */
/* ======================================================================== */

/* A tool call the stream opened. Providers tell calls apart by an index
   (a key, not a position), an id, a content block index or an output item
   id; `key` and `alt_key` hold a hash of that key's JSON text. */
typedef struct tool_slot {
  uint64_t key;     /* openai index / anthropic block index / responses item id */
  uint64_t alt_key; /* responses output_index */
  uint64_t id_hash; /* of the full id, for ids longer than id[] */
  uint64_t opened_by; /* event serial and token that opened it */
  uint32_t choice;
  uint32_t ordinal; /* the `tool` number of the callbacks */
  uint32_t id_len;  /* full lengths; storage keeps a prefix */
  uint32_t name_len;
  uint32_t args_by; /* 0, or the serial of the event whose arguments it took first */
  uint8_t has_key, has_alt_key, started, pad;
  char id[SSE_DELTA_TOOL_ID_MAX];
  char name[SSE_DELTA_TOOL_NAME_MAX];
} tool_slot;

SSE_DELTA_ASSERT(token_fits, sizeof(jsmntok_t) <= SSE_DELTA_TOKEN_BYTES);
SSE_DELTA_ASSERT(slot_fits, sizeof(tool_slot) <= SSE_DELTA_TOOL_SLOT_BYTES);

static void resolve_limits(const sse_delta_options *o, uint32_t *event_bytes,
                           uint32_t *tokens, uint32_t *tools) {
  *event_bytes = (o && o->max_event_bytes) ? o->max_event_bytes : SSE_DELTA_DEFAULT_EVENT_BYTES;
  *tokens = (o && o->max_tokens) ? o->max_tokens : SSE_DELTA_DEFAULT_MAX_TOKENS;
  *tools = (o && o->max_tool_calls) ? o->max_tool_calls : SSE_DELTA_DEFAULT_MAX_TOOL_CALLS;
}

/* Limits whose workspace size cannot wrap around, even with a 32-bit
   size_t, and whose offsets fit jsmn's int. */
static int limits_fit(uint32_t ev, uint32_t tok, uint32_t tools) {
  const size_t quarter = (size_t)-1 / 4;
  return ev <= 0x7fffffffu && ev <= quarter && tok <= 0x7fffffffu &&
         tok <= quarter / SSE_DELTA_TOKEN_BYTES && tools <= quarter / SSE_DELTA_TOOL_SLOT_BYTES;
}

size_t sse_delta_workspace_size(const sse_delta_options *options) {
  uint32_t ev, tok, tools;
  resolve_limits(options, &ev, &tok, &tools);
  if (!limits_fit(ev, tok, tools)) return 0;
  return SSE_DELTA_WORKSPACE_SIZE(ev, tok, tools);
}

static tool_slot *slots(const sse_delta_parser *p) { return (tool_slot *)p->tools_; }

/* FNV-1a: keys and long ids are matched by hash (and length). */
static uint64_t hash_bytes(uint64_t h, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h;
}
#define HASH_SEED 14695981039346656037ull

/* ======================================================================== */
/* 3. emitting                                                               */
/* ======================================================================== */

/* A counted callback already delivered before a pause is skipped. */
static int already_delivered(sse_delta_parser *p) {
  return p->emit_seq_++ < p->resume_seq_;
}

/* Every callback's return value goes through here. */
static int after_callback(sse_delta_parser *p, int rc) {
  p->in_callback_ = 0;
  if (rc != 0 && !p->ending_) {
    /* never lower: a counted callback delivered once stays delivered */
    if (p->emit_seq_ > p->resume_seq_) p->resume_seq_ = p->emit_seq_;
    return STOP;
  }
  return GO;
}

/* An error whose report is latched by a state change the caller made
   first: it is not counted, so it never shifts the counted ones. */
static int emit_error_latched(sse_delta_parser *p, sse_delta_status code) {
  p->flags_ |= SSE_DELTA_SAW_ERROR;
  if (p->cb_.on_error == NULL) return GO;
  p->in_callback_ = 1;
  return after_callback(p, p->cb_.on_error(p->user_, code, NULL, 0));
}

static int emit_error(sse_delta_parser *p, sse_delta_status code, const char *msg,
                      size_t len) {
  p->flags_ |= SSE_DELTA_SAW_ERROR;
  if (p->cb_.on_error == NULL || already_delivered(p)) return GO;
  p->in_callback_ = 1;
  return after_callback(p, p->cb_.on_error(p->user_, code, msg, len));
}

/* Text channels: where a decoded string goes. A surrogate pair split over
   two strings is joined only within the same channel. */
enum channel { CH_NONE = 0, CH_CONTENT, CH_REASONING, CH_ARGUMENTS };

static int wants_text(const sse_delta_parser *p, int channel) {
  if (channel == CH_CONTENT) return p->cb_.on_content != NULL;
  if (channel == CH_REASONING) return p->cb_.on_reasoning != NULL;
  return channel == CH_ARGUMENTS && p->cb_.on_tool_call_arguments != NULL;
}

/* Text to its channel's callback, ungated. */
static int call_text(sse_delta_parser *p, int channel, uint32_t choice, uint32_t tool,
                     const char *s, size_t n) {
  int rc;
  p->in_callback_ = 1;
  if (channel == CH_CONTENT)
    rc = p->cb_.on_content(p->user_, choice, s, n);
  else if (channel == CH_REASONING)
    rc = p->cb_.on_reasoning(p->user_, choice, s, n);
  else
    rc = p->cb_.on_tool_call_arguments(p->user_, choice, tool, s, n);
  return after_callback(p, rc);
}

/* Text from the payload: counted. */
static int emit_text(sse_delta_parser *p, int channel, uint32_t choice, uint32_t tool,
                     const char *s, size_t n) {
  if (n == 0 || !wants_text(p, channel) || already_delivered(p)) return GO;
  return call_text(p, channel, choice, tool, s, n);
}

/* ======================================================================== */
/* 4. SSE framer                                                             */
/* ======================================================================== */

enum line_state { LS_START = 0, LS_NAME, LS_VALUE_FIRST, LS_VALUE, LS_SKIP };
enum field { F_UNKNOWN = 0, F_DATA, F_EVENT, F_ID, F_RETRY };

/* Field-value flags (value_flags_). */
#define VF_TOO_LONG 0x01u
#define VF_HAS_NUL 0x02u
#define VF_NOT_DIGITS 0x04u
#define VF_OVERFLOW 0x08u

static int dispatch_event(sse_delta_parser *p);

static void clear_event(sse_delta_parser *p) {
  p->data_len_ = 0;
  p->data_seen_ = 0;
  p->event_overflow_ = 0;
  p->type_len_ = 0;
}

static enum field classify_field(const char *name, unsigned len) {
  switch (len) {
  case 2:
    return memcmp(name, "id", 2) == 0 ? F_ID : F_UNKNOWN;
  case 4:
    return memcmp(name, "data", 4) == 0 ? F_DATA : F_UNKNOWN;
  case 5:
    if (memcmp(name, "event", 5) == 0) return F_EVENT;
    return memcmp(name, "retry", 5) == 0 ? F_RETRY : F_UNKNOWN;
  default:
    return F_UNKNOWN;
  }
}

static void append_data(sse_delta_parser *p, const char *s, size_t n) {
  if (p->event_overflow_) return;
  if (n > p->event_cap_ - p->data_len_) {
    p->event_overflow_ = 1; /* reported at the end of the line */
    return;
  }
  memcpy(p->event_buf_ + p->data_len_, s, n);
  p->data_len_ += (uint32_t)n;
}

/* The line's field name is complete: get ready for its value. */
static void begin_value(sse_delta_parser *p) {
  p->field_ = (uint8_t)classify_field(p->name_, p->name_len_);
  p->value_flags_ = 0;
  switch (p->field_) {
  case F_DATA:
    if (p->data_seen_) append_data(p, "\n", 1);
    p->data_seen_ = 1;
    break;
  case F_EVENT:
    p->type_len_ = 0;
    break;
  case F_ID:
    p->id_len_[p->id_cur_ ^ 1] = 0;
    break;
  case F_RETRY:
    p->retry_acc_ = 0;
    p->value_flags_ = VF_NOT_DIGITS; /* until a digit arrives */
    p->retry_digits_ = 0;
    break;
  default:
    break;
  }
}

static void retry_digits(sse_delta_parser *p, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned d = (unsigned char)s[i] - (unsigned)'0';
    if (d > 9) {
      p->value_flags_ |= VF_NOT_DIGITS;
      p->retry_digits_ = 2; /* a non-digit: never accepted */
      continue;
    }
    if (p->retry_digits_ == 0) {
      p->retry_digits_ = 1;
      p->value_flags_ &= (uint8_t)~VF_NOT_DIGITS;
    }
    if (p->retry_acc_ > (UINT64_C(0x7fffffffffffffff) - d) / 10)
      p->value_flags_ |= VF_OVERFLOW;
    else
      p->retry_acc_ = p->retry_acc_ * 10 + d;
  }
}

/* Bytes of the current field's value (never a line end). */
static void value_bytes(sse_delta_parser *p, const char *s, size_t n) {
  switch (p->field_) {
  case F_DATA:
    append_data(p, s, n);
    break;
  case F_EVENT: {
    size_t room = SSE_DELTA_EVENT_TYPE_MAX - p->type_len_;
    if (n > room) {
      p->value_flags_ |= VF_TOO_LONG;
      n = room;
    }
    memcpy(p->type_ + p->type_len_, s, n);
    p->type_len_ = (uint8_t)(p->type_len_ + n);
    break;
  }
  case F_ID: {
    char *dst = p->id_[p->id_cur_ ^ 1];
    uint32_t *len = &p->id_len_[p->id_cur_ ^ 1];
    size_t room = SSE_DELTA_EVENT_ID_MAX - *len;
    if (memchr(s, 0, n) != NULL) p->value_flags_ |= VF_HAS_NUL;
    if (n > room) {
      p->value_flags_ |= VF_TOO_LONG;
      n = room;
    }
    memcpy(dst + *len, s, n);
    *len += (uint32_t)n;
    break;
  }
  case F_RETRY:
    retry_digits(p, s, n);
    break;
  default:
    break;
  }
}

/* The line ended: a field takes effect. Calls back last, so a pause leaves
   the framer ready for the next line. */
static int end_value(sse_delta_parser *p) {
  int rc;
  switch (p->field_) {
  case F_DATA:
    if (p->event_overflow_ == 1) {
      p->event_overflow_ = 2;
      return emit_error(p, SSE_DELTA_E_EVENT_TOO_LARGE, NULL, 0);
    }
    return GO;
  case F_EVENT:
    if (p->value_flags_ & VF_TOO_LONG) return emit_error(p, SSE_DELTA_E_FIELD_TOO_LONG, NULL, 0);
    return GO;
  case F_ID:
    if (p->value_flags_ & VF_HAS_NUL) return GO; /* WHATWG: ignored */
    if (p->value_flags_ & VF_TOO_LONG) return emit_error(p, SSE_DELTA_E_FIELD_TOO_LONG, NULL, 0);
    p->id_cur_ ^= 1;
    return GO;
  case F_RETRY:
    if (p->value_flags_ & VF_NOT_DIGITS) return GO; /* WHATWG: ignored */
    if (p->value_flags_ & VF_OVERFLOW) return emit_error(p, SSE_DELTA_E_NUMBER_OVERFLOW, NULL, 0);
    p->retry_ = (int64_t)p->retry_acc_;
    if (p->cb_.on_retry == NULL) return GO;
    p->in_callback_ = 1;
    rc = p->cb_.on_retry(p->user_, p->retry_acc_);
    return after_callback(p, rc);
  default:
    return GO;
  }
}

/* A blank line: dispatch the event (WHATWG: nothing when no data line). */
static int blank_line(sse_delta_parser *p) {
  if (!p->data_seen_ || p->event_overflow_) {
    clear_event(p);
    return GO;
  }
  p->dispatch_pending_ = 1;
  p->resume_seq_ = 0;
  p->ntok_ = 0;
  p->compact_tok_ = -1;
  p->done_before_ = (uint8_t)p->done_seen_;
  p->event_serial_++;
  if (dispatch_event(p) == STOP) return STOP;
  p->dispatch_pending_ = 0;
  p->emit_seq_ = p->resume_seq_ = 0;
  clear_event(p);
  return GO;
}

/* Offset of the first CR or LF in s[0..n), or n. */
static size_t find_line_end(const char *s, size_t n) {
  const char *lf = (const char *)memchr(s, '\n', n);
  size_t upto = lf ? (size_t)(lf - s) : n;
  const char *cr = (const char *)memchr(s, '\r', upto);
  return cr ? (size_t)(cr - s) : upto;
}

/* The UTF-8 byte order mark is skipped once, at the very start. A partial
   match that fails was the start of the first line's field name (no field
   name begins with 0xEF), so it only has to make that name unknown. */
static size_t skip_bom(sse_delta_parser *p, const unsigned char *s, size_t n) {
  static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
  size_t i = 0;
  while (p->bom_state_ < 3 && i < n) {
    if (s[i] == bom[p->bom_state_]) {
      p->bom_state_++;
      i++;
      continue;
    }
    if (p->bom_state_ > 0) {
      p->line_state_ = LS_NAME;
      p->name_len_ = sizeof p->name_; /* too long to be a known field */
      p->line_used_ = 1;
    }
    p->bom_state_ = 3;
  }
  return i;
}

/* Run the framer over s[0..n). Returns STOP with *used set when paused. */
static int frame_bytes(sse_delta_parser *p, const char *s, size_t n, size_t *used) {
  size_t i = skip_bom(p, (const unsigned char *)s, n);
  while (i < n) {
    char c = s[i];
    if (p->after_cr_) {
      p->after_cr_ = 0;
      if (c == '\n') {
        i++;
        continue;
      }
    }
    switch (p->line_state_) {
    case LS_START:
      if (c == '\r' || c == '\n') {
        i++;
        p->after_cr_ = (c == '\r');
        if (blank_line(p) == STOP) goto paused;
        continue;
      }
      p->line_used_ = 1;
      if (c == ':') { /* a comment */
        p->line_state_ = LS_SKIP;
        i++;
        continue;
      }
      p->line_state_ = LS_NAME;
      p->name_len_ = 0;
      /* fall through */
    case LS_NAME:
      while (i < n) {
        c = s[i];
        if (c == ':' || c == '\r' || c == '\n') break;
        if (p->name_len_ < sizeof p->name_) p->name_[p->name_len_] = c;
        if (p->name_len_ < sizeof p->name_) p->name_len_++;
        i++;
      }
      if (i == n) break;
      begin_value(p);
      if (c == ':') {
        i++;
        p->line_state_ = (p->field_ == F_UNKNOWN) ? LS_SKIP : LS_VALUE_FIRST;
        continue;
      }
      goto line_end; /* a field with an empty value */
    case LS_VALUE_FIRST:
      p->line_state_ = LS_VALUE;
      if (c == ' ') {
        i++;
        continue;
      }
      /* fall through */
    case LS_VALUE: {
      size_t k = find_line_end(s + i, n - i);
      value_bytes(p, s + i, k);
      i += k;
      if (i == n) break;
      c = s[i];
      goto line_end;
    }
    default: /* LS_SKIP: comments and unknown fields are never buffered */
      i += find_line_end(s + i, n - i);
      if (i == n) break;
      p->field_ = F_UNKNOWN;
      c = s[i];
      goto line_end;
    }
    continue;
  line_end:
    i++;
    p->after_cr_ = (c == '\r');
    p->line_state_ = LS_START;
    p->line_used_ = 0;
    if (end_value(p) == STOP) goto paused;
  }
  *used = n;
  return GO;
paused:
  *used = i;
  return STOP;
}

/* ======================================================================== */
/* 5. JSON access                                                            */
/* ======================================================================== */

/* A parsed payload. Strings are decoded in place on first use; a decoded
   string token gets type JSMN_UNDEFINED, its end moved to the decoded end,
   and what its delivery must report in `size` (STR_* flags). */
typedef struct json_doc {
  char *js;
  jsmntok_t *t;
  int n;
} json_doc;

#define STR_LONE_SURROGATE 0x01 /* a lone surrogate became U+FFFD */
#define STR_BAD_UTF8 0x02       /* invalid UTF-8 passed through */
#define STR_FFFD_FIRST 0x04     /* the previous string's pending high surrogate was lone */

typedef struct json_key {
  const char *name;
  unsigned len;
} json_key;
#define KEY(s) {s, sizeof(s) - 1}

static int json_is_string(const json_doc *d, int i) {
  return i >= 0 && (d->t[i].type == JSMN_STRING || d->t[i].type == JSMN_UNDEFINED);
}
static int json_is_object(const json_doc *d, int i) {
  return i >= 0 && d->t[i].type == JSMN_OBJECT;
}
static int json_is_array(const json_doc *d, int i) {
  return i >= 0 && d->t[i].type == JSMN_ARRAY;
}

/* Index of the token after token i and everything inside it. */
static int json_next(const json_doc *d, int i) {
  int end, j;
  if (d->t[i].type != JSMN_OBJECT && d->t[i].type != JSMN_ARRAY) return i + 1;
  end = d->t[i].end;
  j = i + 1;
  while (j < d->n && d->t[j].start < end) j++;
  return j;
}

/* Raw text equality of token i (a string's contents, or a primitive). */
static int json_raw_is(const json_doc *d, int i, const char *s, unsigned n) {
  return i >= 0 && (unsigned)(d->t[i].end - d->t[i].start) == n &&
         memcmp(d->js + d->t[i].start, s, n) == 0;
}

/* One pass over the members of object `obj`: out[k] receives the value token
   of keys[k], or -1. When a key repeats, the last one wins (as in most JSON
   readers). Keys are compared as raw text: an escaped key does not match. */
static void json_lookup(const json_doc *d, int obj, const json_key *keys, int nkeys, int *out) {
  int k, m, members;
  for (k = 0; k < nkeys; k++) out[k] = -1;
  if (!json_is_object(d, obj)) return;
  members = d->t[obj].size;
  k = obj + 1;
  for (m = 0; m < members && k + 1 < d->n; m++) {
    const jsmntok_t *key = &d->t[k];
    unsigned len = (unsigned)(key->end - key->start);
    int j;
    if (key->type != JSMN_STRING || key->size != 1) return; /* a key without a value */
    for (j = 0; j < nkeys; j++) {
      if (keys[j].len == len && memcmp(d->js + key->start, keys[j].name, len) == 0) {
        out[j] = k + 1;
        break;
      }
    }
    k = json_next(d, k + 1);
  }
}

/* The i-th element (in order) of array `arr`, iterated with json_next. */
#define JSON_FOR_EACH(d, arr, it, count)                                        \
  for ((it) = (arr) + 1, (count) = 0; (count) < (d)->t[arr].size && (it) < (d)->n; \
       (it) = json_next((d), (it)), (count)++)

/* A non-negative JSON integer. */
enum num_result { NUM_ABSENT = 0, NUM_OK, NUM_OVERFLOW };

static enum num_result json_int(const json_doc *d, int i, int64_t *out) {
  const char *s;
  int k, n;
  uint64_t v = 0;
  if (i < 0 || d->t[i].type != JSMN_PRIMITIVE) return NUM_ABSENT;
  s = d->js + d->t[i].start;
  n = d->t[i].end - d->t[i].start;
  if (n == 0) return NUM_ABSENT;
  for (k = 0; k < n; k++) {
    unsigned digit = (unsigned char)s[k] - (unsigned)'0';
    if (digit > 9) return NUM_ABSENT; /* negative, fraction, exponent, literal */
    if (v > (UINT64_C(0x7fffffffffffffff) - digit) / 10) return NUM_OVERFLOW;
    v = v * 10 + digit;
  }
  *out = (int64_t)v;
  return NUM_OK;
}

/* A choice/candidate index: the provider's when it is a small non-negative
   integer, else the position in the array. */
static uint32_t json_index_or(const json_doc *d, int i, uint32_t fallback) {
  int64_t v;
  if (json_int(d, i, &v) == NUM_OK && v <= 0x7fffffff) return (uint32_t)v;
  return fallback;
}

/* Hash of a token's JSON text, with its type, so 1 and "1" differ. */
static uint64_t json_hash(const json_doc *d, int i) {
  unsigned char type = (unsigned char)(d->t[i].type == JSMN_UNDEFINED ? JSMN_STRING : d->t[i].type);
  uint64_t h = hash_bytes(HASH_SEED, (const char *)&type, 1);
  return hash_bytes(h, d->js + d->t[i].start, (size_t)(d->t[i].end - d->t[i].start));
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* The code unit of a \uXXXX escape at s (s[0] == '\\'), or -1. */
static long escape_unit(const char *s, const char *end) {
  long v = 0;
  int k;
  if (end - s < 6 || s[1] != 'u') return -1;
  for (k = 2; k < 6; k++) {
    int h = hex_value(s[k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

static size_t put_utf8(char *w, unsigned long cp) {
  if (cp < 0x80) {
    w[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    w[0] = (char)(0xC0 | (cp >> 6));
    w[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    w[0] = (char)(0xE0 | (cp >> 12));
    w[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    w[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  w[0] = (char)(0xF0 | (cp >> 18));
  w[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  w[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  w[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_sequence(const unsigned char *s, const unsigned char *end) {
  size_t need, k;
  unsigned long cp;
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    cp = c & 0x07u;
  } else {
    return 0;
  }
  if ((size_t)(end - s) < need) return 0;
  for (k = 1; k < need; k++) {
    if ((s[k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[k] & 0x3Fu);
  }
  if ((need == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return need;
}

/* Where a string is going, for joining a surrogate pair split over two
   strings of the same channel. */
typedef struct text_target {
  int channel; /* CH_NONE: a string on its own (id, name, message...) */
  uint32_t choice, tool;
} text_target;

static int pending_matches(const sse_delta_parser *p, const text_target *to) {
  return p->surrogate_unit_ >= 0xD800 && to->channel != CH_NONE &&
         p->surrogate_channel_ == (uint32_t)to->channel &&
         p->surrogate_choice_ == to->choice && p->surrogate_tool_ == to->tool;
}

/* Decode string token i in place: JSON escapes to UTF-8, surrogate pairs
   joined, lone surrogates replaced by U+FFFD. The decoded text never needs
   more room than its escaped form. jsmn already rejected invalid escapes. */
static void json_decode(sse_delta_parser *p, json_doc *d, int i, const text_target *to) {
  jsmntok_t *t = &d->t[i];
  char *r = d->js + t->start, *w = r, *end = d->js + t->end;
  int flags = 0;
  if (pending_matches(p, to)) {
    long lo = (r < end && *r == '\\') ? escape_unit(r, end) : -1;
    unsigned long hi = p->surrogate_unit_;
    p->surrogate_unit_ = 0;
    if (lo >= 0xDC00 && lo <= 0xDFFF) {
      w += put_utf8(w, 0x10000 + ((hi - 0xD800) << 10) + ((unsigned long)lo - 0xDC00));
      r += 6;
    } else {
      flags |= STR_FFFD_FIRST | STR_LONE_SURROGATE;
    }
  }
  while (r < end) {
    unsigned char c = (unsigned char)*r;
    if (c >= 0x80) {
      size_t k = utf8_sequence((const unsigned char *)r, (const unsigned char *)end);
      if (k == 0) {
        flags |= STR_BAD_UTF8;
        k = 1;
      }
      while (k--) *w++ = *r++;
      continue;
    }
    if (c != '\\') {
      *w++ = *r++;
      continue;
    }
    if (r + 1 >= end) { /* cannot happen after jsmn; keep the byte */
      *w++ = *r++;
      continue;
    }
    switch (r[1]) {
    case 'n': *w++ = '\n'; r += 2; continue;
    case 't': *w++ = '\t'; r += 2; continue;
    case 'r': *w++ = '\r'; r += 2; continue;
    case 'b': *w++ = '\b'; r += 2; continue;
    case 'f': *w++ = '\f'; r += 2; continue;
    case 'u': break;
    default: *w++ = r[1]; r += 2; continue; /* " \ / */
    }
    {
      long u = escape_unit(r, end);
      if (u < 0) { /* jsmn let it through: keep the bytes */
        *w++ = *r++;
        continue;
      }
      r += 6;
      if (u >= 0xD800 && u <= 0xDBFF) {
        long lo = (r < end && *r == '\\') ? escape_unit(r, end) : -1;
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
          w += put_utf8(w, 0x10000 + (((unsigned long)u - 0xD800) << 10) +
                               ((unsigned long)lo - 0xDC00));
          r += 6;
          continue;
        }
        if (r == end && to->channel != CH_NONE) { /* may pair with the next string */
          p->surrogate_unit_ = (uint32_t)u;
          p->surrogate_channel_ = (uint32_t)to->channel;
          p->surrogate_choice_ = to->choice;
          p->surrogate_tool_ = to->tool;
          continue;
        }
        u = 0xFFFD;
        flags |= STR_LONE_SURROGATE;
      } else if (u >= 0xDC00 && u <= 0xDFFF) {
        u = 0xFFFD;
        flags |= STR_LONE_SURROGATE;
      }
      w += put_utf8(w, (unsigned long)u);
    }
  }
  t->type = JSMN_UNDEFINED;
  t->end = (int)(w - d->js);
  t->size = flags;
}

/* ======================================================================== */
/* 6. LLM events                                                             */
/* ======================================================================== */

static const char replacement_char[3] = {'\xEF', '\xBF', '\xBD'};

/* A high surrogate that waited for its pair at the end of a string of
   another channel, or at the end of the stream, is lone: report it, then
   deliver U+FFFD to its channel. Latched in two steps (surrogate_unit_ 1
   means "reported, U+FFFD still owed") so a pause between them loses
   nothing. */
static int flush_surrogate(sse_delta_parser *p) {
  if (p->surrogate_unit_ == 0) return GO;
  if (p->surrogate_unit_ != 1) {
    p->surrogate_unit_ = 1;
    if (emit_error_latched(p, SSE_DELTA_E_LONE_SURROGATE) == STOP) return STOP;
  }
  p->surrogate_unit_ = 0;
  if (!wants_text(p, (int)p->surrogate_channel_)) return GO;
  return call_text(p, (int)p->surrogate_channel_, p->surrogate_choice_, p->surrogate_tool_,
                   replacement_char, 3);
}

/* Decode string token i (once) and report what decoding found. The text is
   then d->js[t.start .. t.end). */
static int use_string(sse_delta_parser *p, json_doc *d, int i, const text_target *to) {
  int flags;
  if (d->t[i].type == JSMN_STRING) {
    if (p->surrogate_unit_ != 0 && to->channel != CH_NONE && !pending_matches(p, to) &&
        flush_surrogate(p) == STOP)
      return STOP;
    json_decode(p, d, i, to);
  }
  /* Reports are latched on the token: a string used twice, or a resumed
     run, reports once. */
  flags = d->t[i].size;
  if (flags & STR_LONE_SURROGATE) {
    d->t[i].size = flags &= ~STR_LONE_SURROGATE;
    if (emit_error_latched(p, SSE_DELTA_E_LONE_SURROGATE) == STOP) return STOP;
  }
  if (flags & STR_BAD_UTF8) {
    d->t[i].size = flags &= ~STR_BAD_UTF8;
    if (emit_error_latched(p, SSE_DELTA_E_BAD_UTF8) == STOP) return STOP;
  }
  if (flags & STR_FFFD_FIRST) {
    d->t[i].size = flags &= ~STR_FFFD_FIRST;
    if (wants_text(p, to->channel))
      return call_text(p, to->channel, to->choice, to->tool, replacement_char, 3);
  }
  return GO;
}

static const text_target plain_string = {CH_NONE, 0, 0};

/* Deliver string token i to a text channel. */
static int deliver_text(sse_delta_parser *p, json_doc *d, int i, int channel, uint32_t choice,
                        uint32_t tool) {
  text_target to;
  to.channel = channel;
  to.choice = choice;
  to.tool = tool;
  if (!wants_text(p, channel) || !json_is_string(d, i) || d->t[i].end == d->t[i].start)
    return GO;
  if (use_string(p, d, i, &to) == STOP) return STOP;
  return emit_text(p, channel, choice, tool, d->js + d->t[i].start,
                   (size_t)(d->t[i].end - d->t[i].start));
}

/* --- tool calls --------------------------------------------------------- */

/* Where the mapping is in the payload (a token index), so that a resumed
   run sees the calls as they were at this point in its first run: a call
   opened later in the same event is not there yet. */
#define EVERYWHERE 0x7fffffff

static uint64_t position(const sse_delta_parser *p, int token) {
  return ((uint64_t)p->event_serial_ << 32) | (uint32_t)token;
}

static int visible(const sse_delta_parser *p, const tool_slot *s) {
  return (s->opened_by >> 32) != p->event_serial_ ||
         (int32_t)(s->opened_by & 0xffffffffu) <= p->at_token_;
}

static tool_slot *find_call_by_key(sse_delta_parser *p, uint32_t choice, uint64_t key) {
  uint32_t k = p->tool_count_;
  while (k-- > 0) {
    tool_slot *s = &slots(p)[k];
    if (s->choice == choice && s->has_key && s->key == key && visible(p, s)) return s;
  }
  return NULL;
}

static tool_slot *find_call_by_alt_key(sse_delta_parser *p, uint32_t choice, uint64_t key) {
  uint32_t k = p->tool_count_;
  while (k-- > 0) {
    tool_slot *s = &slots(p)[k];
    if (s->choice == choice && s->has_alt_key && s->alt_key == key && visible(p, s)) return s;
  }
  return NULL;
}

static int same_id(const tool_slot *s, const char *id, size_t len) {
  size_t kept = len < SSE_DELTA_TOOL_ID_MAX ? len : SSE_DELTA_TOOL_ID_MAX;
  return s->id_len == len && memcmp(s->id, id, kept) == 0 &&
         s->id_hash == hash_bytes(HASH_SEED, id, len);
}

static tool_slot *find_call_by_id(sse_delta_parser *p, uint32_t choice, const char *id,
                                  size_t len) {
  uint32_t k;
  for (k = 0; k < p->tool_count_; k++) {
    tool_slot *s = &slots(p)[k];
    if (s->choice == choice && same_id(s, id, len) && visible(p, s)) return s;
  }
  return NULL;
}

static tool_slot *latest_call(sse_delta_parser *p, uint32_t choice) {
  uint32_t k = p->tool_count_;
  while (k-- > 0)
    if (slots(p)[k].choice == choice && visible(p, &slots(p)[k])) return &slots(p)[k];
  return NULL;
}

static uint32_t calls_in_choice(const sse_delta_parser *p, uint32_t choice) {
  uint32_t k, n = 0;
  for (k = 0; k < p->tool_count_; k++)
    n += slots(p)[k].choice == choice && visible(p, &slots(p)[k]);
  return n;
}

/* Open a new call for the payload token `opener`; NULL (and E_TOOL_LIMIT
   reported) when the table is full. A resumed run finds the call its first
   run opened for the same token instead of opening another. */
static tool_slot *open_call(sse_delta_parser *p, uint32_t choice, int opener, int *stop) {
  uint64_t by = position(p, opener);
  tool_slot *s;
  uint32_t k = p->tool_count_;
  *stop = GO;
  while (k-- > 0)
    if (slots(p)[k].opened_by == by) return &slots(p)[k];
  if (p->tool_count_ >= p->tool_cap_) {
    p->dropped_choice_ = choice + 1;
    p->dropped_at_ = by;
    *stop = emit_error(p, SSE_DELTA_E_TOOL_LIMIT, NULL, 0);
    return NULL;
  }
  s = &slots(p)[p->tool_count_];
  memset(s, 0, sizeof *s);
  s->choice = choice;
  s->opened_by = by;
  s->ordinal = calls_in_choice(p, choice);
  p->tool_count_++;
  return s;
}

/* Keep the first non-empty id and name. */
static int adopt_id(sse_delta_parser *p, tool_slot *s, const char *id, size_t len) {
  if (s->id_len != 0 || len == 0) return GO;
  s->id_len = (uint32_t)len;
  s->id_hash = hash_bytes(HASH_SEED, id, len);
  memcpy(s->id, id, len < SSE_DELTA_TOOL_ID_MAX ? len : SSE_DELTA_TOOL_ID_MAX);
  if (len > SSE_DELTA_TOOL_ID_MAX) return emit_error_latched(p, SSE_DELTA_E_FIELD_TOO_LONG);
  return GO;
}

static int adopt_name(sse_delta_parser *p, tool_slot *s, const char *name, size_t len) {
  if (s->name_len != 0 || len == 0) return GO;
  s->name_len = (uint32_t)len;
  memcpy(s->name, name, len < SSE_DELTA_TOOL_NAME_MAX ? len : SSE_DELTA_TOOL_NAME_MAX);
  if (len > SSE_DELTA_TOOL_NAME_MAX) return emit_error_latched(p, SSE_DELTA_E_FIELD_TOO_LONG);
  return GO;
}

/* Adopt id and name from string tokens (either may be -1). */
static int adopt_id_name(sse_delta_parser *p, json_doc *d, tool_slot *s, int id, int name) {
  if (json_is_string(d, id)) {
    if (use_string(p, d, id, &plain_string) ||
        adopt_id(p, s, d->js + d->t[id].start, (size_t)(d->t[id].end - d->t[id].start)))
      return STOP;
  }
  if (json_is_string(d, name)) {
    if (use_string(p, d, name, &plain_string) ||
        adopt_name(p, s, d->js + d->t[name].start, (size_t)(d->t[name].end - d->t[name].start)))
      return STOP;
  }
  return GO;
}

/* tool-call start: latched, once per call. */
static int start_call(sse_delta_parser *p, tool_slot *s) {
  if (s->started) return GO;
  s->started = 1;
  if (p->cb_.on_tool_call_start == NULL) return GO;
  p->in_callback_ = 1;
  return after_callback(
      p, p->cb_.on_tool_call_start(
             p->user_, s->choice, s->ordinal, s->id,
             s->id_len < SSE_DELTA_TOOL_ID_MAX ? s->id_len : SSE_DELTA_TOOL_ID_MAX, s->name,
             s->name_len < SSE_DELTA_TOOL_NAME_MAX ? s->name_len : SSE_DELTA_TOOL_NAME_MAX));
}

/* Calls still waiting for their name start when their choice finishes or
   the stream ends. */
static int start_waiting_calls(sse_delta_parser *p, int all, uint32_t choice) {
  uint32_t k;
  for (k = 0; k < p->tool_count_; k++) {
    tool_slot *s = &slots(p)[k];
    if ((all || s->choice == choice) && visible(p, s) && start_call(p, s) == STOP) return STOP;
  }
  return GO;
}

/* Whether call s has had no arguments before this event (a resumed run of
   the event that gave the first ones still counts as "none before"). */
static int no_arguments_before(const sse_delta_parser *p, const tool_slot *s) {
  return s->args_by == 0 || s->args_by == p->event_serial_;
}

/* Argument text for call s from string token i (escaped JSON text). */
static int call_arguments(sse_delta_parser *p, json_doc *d, tool_slot *s, int i) {
  if (!json_is_string(d, i) || d->t[i].end == d->t[i].start) return GO;
  if (s->args_by == 0) s->args_by = p->event_serial_;
  if (start_call(p, s) == STOP) return STOP;
  return deliver_text(p, d, i, CH_ARGUMENTS, s->choice, s->ordinal);
}

static size_t compact_in_place(sse_delta_parser *p, json_doc *d, int i);

/* Argument text for call s from a JSON object: its text as sent, or with
   the whitespace between tokens removed. */
enum { AS_SENT = 0, COMPACT = 1 };

static int call_arguments_json(sse_delta_parser *p, json_doc *d, tool_slot *s, int i,
                               int form) {
  size_t len = (size_t)(d->t[i].end - d->t[i].start);
  if (s->args_by == 0) s->args_by = p->event_serial_;
  if (start_call(p, s) == STOP) return STOP;
  if (!wants_text(p, CH_ARGUMENTS)) return GO;
  if (form == COMPACT) len = compact_in_place(p, d, i);
  return emit_text(p, CH_ARGUMENTS, s->choice, s->ordinal, d->js + d->t[i].start, len);
}

/* --- finish, usage, errors, done ---------------------------------------- */

/* finish: latched on the provider's word (length and hash) per tracked
   choice, and on where in the payload it was last reported, so that a
   resumed run does not report again what an entry later in the same
   payload already changed. Choices beyond the tracked ones fire on every
   report (counted). raw may be NULL (an error event without a word). */
static int report_finish(sse_delta_parser *p, uint32_t choice, sse_delta_finish reason,
                         const char *raw, size_t raw_len) {
  if (start_waiting_calls(p, 0, choice) == STOP) return STOP;
  if (choice < SSE_DELTA_CHOICES_TRACKED) {
    uint64_t here = position(p, p->at_token_);
    uint32_t len = raw ? (uint32_t)raw_len : 0xffffffffu;
    uint64_t hash = raw ? hash_bytes(HASH_SEED, raw, raw_len) : 0;
    if ((p->finish_by_[choice] >> 32) == p->event_serial_ && p->finish_by_[choice] >= here)
      return GO;
    if (p->finish_len_[choice] == len && p->finish_hash_[choice] == hash) return GO;
    p->finish_len_[choice] = len;
    p->finish_hash_[choice] = hash;
    p->finish_by_[choice] = here;
  } else if (p->cb_.on_finish != NULL && already_delivered(p)) {
    return GO;
  }
  p->flags_ |= SSE_DELTA_SAW_FINISH;
  if (p->cb_.on_finish == NULL) return GO;
  p->in_callback_ = 1;
  return after_callback(p, p->cb_.on_finish(p->user_, choice, reason, raw, raw ? raw_len : 0));
}

/* A finish word from string token i; normalize() maps it for the dialect.
   Providers that say "stop" after a tool call mean tool_calls (Gemini and
   OpenAI-compatible layers over it), unless the dialect's word already
   tells the two apart (anthropic: a server tool's call ends in end_turn). */
enum { KEEP_STOP = 0, STOP_AFTER_CALLS_IS_TOOL_CALLS = 1 };

static int finish_from_token(sse_delta_parser *p, json_doc *d, int i, uint32_t choice,
                             sse_delta_finish (*normalize)(const char *, size_t), int promote) {
  const char *raw;
  size_t len;
  sse_delta_finish reason;
  if (!json_is_string(d, i)) return GO;
  p->at_token_ = i;
  if (use_string(p, d, i, &plain_string) == STOP) return STOP;
  raw = d->js + d->t[i].start;
  len = (size_t)(d->t[i].end - d->t[i].start);
  reason = normalize(raw, len);
  if (promote && reason == SSE_DELTA_FINISH_STOP && calls_in_choice(p, choice) > 0)
    reason = SSE_DELTA_FINISH_TOOL_CALLS;
  return report_finish(p, choice, reason, raw, len);
}

static int word_is(const char *s, size_t n, const char *word) {
  return strlen(word) == n && memcmp(s, word, n) == 0;
}

enum usage_field { U_INPUT = 0, U_OUTPUT, U_TOTAL, U_CACHED, U_REASONING, U_FIELDS };

/* *sum = a + b when both are known (an absent one counts as 0 when
   `absent_is_zero`); a sum that overflows is absent and reported. */
static int add_counts(sse_delta_parser *p, int64_t a, int64_t b, int absent_is_zero,
                      int64_t *sum) {
  *sum = SSE_DELTA_ABSENT;
  if (absent_is_zero) {
    if (a == SSE_DELTA_ABSENT && b == SSE_DELTA_ABSENT) return GO;
    if (a == SSE_DELTA_ABSENT) a = 0;
    if (b == SSE_DELTA_ABSENT) b = 0;
  } else if (a == SSE_DELTA_ABSENT || b == SSE_DELTA_ABSENT) {
    return GO;
  }
  if (a > INT64_MAX - b) return emit_error(p, SSE_DELTA_E_NUMBER_OVERFLOW, NULL, 0);
  *sum = a + b;
  return GO;
}

/* Read a count into v[f]; overflow is reported, the count stays absent. */
static int read_count(sse_delta_parser *p, const json_doc *d, int i, int64_t *v) {
  switch (json_int(d, i, v)) {
  case NUM_OK:
    return GO;
  case NUM_OVERFLOW:
    *v = SSE_DELTA_ABSENT;
    return emit_error(p, SSE_DELTA_E_NUMBER_OVERFLOW, NULL, 0);
  default:
    *v = SSE_DELTA_ABSENT;
    return GO;
  }
}

/* Whether s[0..n) is a number by the JSON grammar. */
static int is_json_number(const char *s, size_t n) {
  size_t i = 0, digits;
  if (i < n && s[i] == '-') i++;
  if (i < n && s[i] == '0') {
    i++;
  } else {
    for (digits = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) digits++;
    if (digits == 0) return 0;
  }
  if (i < n && s[i] == '.') {
    for (i++, digits = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) digits++;
    if (digits == 0) return 0;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    for (digits = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) digits++;
    if (digits == 0) return 0;
  }
  return i == n;
}

/* usage: counted; nothing when the report has no count at all. */
static int report_usage(sse_delta_parser *p, const int64_t v[U_FIELDS], const json_doc *d,
                        int cost) {
  sse_delta_usage u;
  int f;
  for (f = 0; f < U_FIELDS && v[f] == SSE_DELTA_ABSENT; f++) {
  }
  if (f == U_FIELDS || p->cb_.on_usage == NULL || already_delivered(p)) return GO;
  u.input_tokens = v[U_INPUT];
  u.output_tokens = v[U_OUTPUT];
  u.total_tokens = v[U_TOTAL];
  u.cached_tokens = v[U_CACHED];
  u.reasoning_tokens = v[U_REASONING];
  u.cost = NULL;
  u.cost_len = 0;
  if (cost >= 0 && d->t[cost].type == JSMN_PRIMITIVE &&
      is_json_number(d->js + d->t[cost].start, (size_t)(d->t[cost].end - d->t[cost].start))) {
    u.cost = d->js + d->t[cost].start;
    u.cost_len = (size_t)(d->t[cost].end - d->t[cost].start);
  }
  p->in_callback_ = 1;
  return after_callback(p, p->cb_.on_usage(p->user_, &u));
}

/* Remove JSON whitespace outside strings, in place, within token i; the
   token keeps its bounds (its children stay addressable), the compact length
   is remembered for a resumed run. */
static size_t compact_in_place(sse_delta_parser *p, json_doc *d, int i) {
  char *r, *w, *end;
  int in_string = 0;
  if (p->compact_tok_ == i) return p->compact_len_;
  r = w = d->js + d->t[i].start;
  end = d->js + d->t[i].end;
  for (; r < end; r++) {
    char c = *r;
    if (in_string) {
      *w++ = c;
      if (c == '\\' && r + 1 < end)
        *w++ = *++r;
      else if (c == '"')
        in_string = 0;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (c == '"') in_string = 1;
    *w++ = c;
  }
  p->compact_tok_ = i;
  p->compact_len_ = (uint32_t)(w - (d->js + d->t[i].start));
  return p->compact_len_;
}

/* The provider's error value at token e: its `message` when a string, else
   the value itself when a string, else its compact JSON text. `null`, an
   empty string and a missing value are not errors. */
static int report_provider_error(sse_delta_parser *p, json_doc *d, int e) {
  static const json_key keys[] = {KEY("message")};
  int msg = -1;
  size_t len;
  if (e < 0) return GO;
  if (json_is_object(d, e) && p->compact_tok_ != e) json_lookup(d, e, keys, 1, &msg);
  if (!json_is_string(d, msg)) msg = json_is_string(d, e) ? e : -1;
  if (msg >= 0) {
    if (d->t[msg].start == d->t[msg].end) return GO;
    if (use_string(p, d, msg, &plain_string) == STOP) return STOP;
    return emit_error(p, SSE_DELTA_E_PROVIDER, d->js + d->t[msg].start,
                      (size_t)(d->t[msg].end - d->t[msg].start));
  }
  if (!json_is_object(d, e) && !json_is_array(d, e)) return GO;
  len = compact_in_place(p, d, e);
  return emit_error(p, SSE_DELTA_E_PROVIDER, d->js + d->t[e].start, len);
}

/* done: latched, once per stream; waiting calls start and a waiting half
   surrogate is settled first. */
static int report_done(sse_delta_parser *p) {
  if (p->done_seen_) return GO;
  p->at_token_ = EVERYWHERE;
  if (start_waiting_calls(p, 1, 0) == STOP || flush_surrogate(p) == STOP) return STOP;
  p->done_seen_ = 1;
  p->flags_ |= SSE_DELTA_SAW_DONE;
  if (p->cb_.on_done == NULL) return GO;
  p->in_callback_ = 1;
  return after_callback(p, p->cb_.on_done(p->user_));
}

/* ======================================================================== */
/* 7. dialects                                                               */
/* ======================================================================== */

/* Each dialect is one mapping function from a parsed payload (token 0 is
   the root object) to the reports of section 6. `event_type` is the SSE
   event field, for proxies that keep it but drop the payload's `type`. */
typedef int (*dialect_map)(sse_delta_parser *p, json_doc *d, const char *event_type,
                           size_t event_type_len);

/* The payload's "type" string, else the SSE event type. */
static void type_of(json_doc *d, int type_tok, const char *event_type, size_t event_type_len,
                    const char **s, size_t *n) {
  if (json_is_string(d, type_tok)) {
    *s = d->js + d->t[type_tok].start;
    *n = (size_t)(d->t[type_tok].end - d->t[type_tok].start);
  } else {
    *s = event_type;
    *n = event_type_len;
  }
}

/* --- openai-chat ---------------------------------------------------------- */

static sse_delta_finish openai_chat_finish(const char *s, size_t n) {
  if (word_is(s, n, "stop")) return SSE_DELTA_FINISH_STOP;
  if (word_is(s, n, "tool_calls") || word_is(s, n, "function_call"))
    return SSE_DELTA_FINISH_TOOL_CALLS;
  if (word_is(s, n, "length")) return SSE_DELTA_FINISH_LENGTH;
  if (word_is(s, n, "content_filter")) return SSE_DELTA_FINISH_CONTENT_FILTER;
  if (word_is(s, n, "error")) return SSE_DELTA_FINISH_ERROR;
  return SSE_DELTA_FINISH_OTHER;
}

/* Whether the call most recently opened in `choice` (latest: s, or none)
   is one the full table dropped: its fragments must not go to another. */
static int latest_was_dropped(const sse_delta_parser *p, uint32_t choice, const tool_slot *s) {
  int drop_visible = (p->dropped_at_ >> 32) != p->event_serial_ ||
                     (int32_t)(p->dropped_at_ & 0xffffffffu) <= p->at_token_;
  return p->dropped_choice_ == choice + 1 && drop_visible &&
         (s == NULL || p->dropped_at_ > s->opened_by);
}

/* Fragments for a call the stream never opened: dropped by a full table,
   or a payload of the wrong shape. */
static int unknown_call(sse_delta_parser *p) {
  return emit_error(p, p->tool_count_ >= p->tool_cap_ ? SSE_DELTA_E_TOOL_LIMIT : SSE_DELTA_E_JSON_SHAPE,
                    NULL, 0);
}

/* Which call a delta.tool_calls[] entry belongs to (SPEC 4, openai-chat). */
static tool_slot *openai_chat_call_for(sse_delta_parser *p, json_doc *d, uint32_t choice,
                                       int entry, int index, int id, int *stop) {
  const char *idp = NULL;
  size_t idn = 0;
  tool_slot *s;
  *stop = GO;
  if (json_is_string(d, id)) {
    if (use_string(p, d, id, &plain_string) == STOP) {
      *stop = STOP;
      return NULL;
    }
    idp = d->js + d->t[id].start;
    idn = (size_t)(d->t[id].end - d->t[id].start);
  }
  if (index >= 0 && !json_raw_is(d, index, "null", 4)) {
    uint64_t key = json_hash(d, index);
    s = find_call_by_key(p, choice, key);
    if (s != NULL && !(idn > 0 && s->id_len > 0 && !same_id(s, idp, idn))) return s;
    s = open_call(p, choice, entry, stop);
    if (s != NULL) {
      s->has_key = 1;
      s->key = key;
    }
    return s;
  }
  if (idn > 0) {
    s = find_call_by_id(p, choice, idp, idn);
    return s ? s : open_call(p, choice, entry, stop);
  }
  s = latest_call(p, choice);
  if (latest_was_dropped(p, choice, s)) {
    *stop = emit_error(p, SSE_DELTA_E_TOOL_LIMIT, NULL, 0);
    return NULL;
  }
  return s ? s : open_call(p, choice, entry, stop);
}

static int openai_chat_tool_entry(sse_delta_parser *p, json_doc *d, uint32_t choice, int entry) {
  static const json_key keys[] = {KEY("index"), KEY("id"), KEY("function")};
  static const json_key fn_keys[] = {KEY("name"), KEY("arguments")};
  int v[3], fn[2], stop;
  tool_slot *s;
  p->at_token_ = entry;
  json_lookup(d, entry, keys, 3, v);
  json_lookup(d, v[2], fn_keys, 2, fn);
  s = openai_chat_call_for(p, d, choice, entry, v[0], v[1], &stop);
  if (s == NULL) return stop;
  if (adopt_id_name(p, d, s, v[1], fn[0]) == STOP) return STOP;
  if (s->name_len > 0 && start_call(p, s) == STOP) return STOP;
  return call_arguments(p, d, s, fn[1]);
}

static int openai_chat_choice(sse_delta_parser *p, json_doc *d, int c, uint32_t position) {
  static const json_key keys[] = {KEY("index"), KEY("delta"), KEY("finish_reason")};
  static const json_key delta_keys[] = {KEY("reasoning_content"), KEY("reasoning"),
                                        KEY("content"), KEY("tool_calls")};
  int v[3], dv[4], it, count;
  uint32_t choice;
  json_lookup(d, c, keys, 3, v);
  choice = json_index_or(d, v[0], position);
  json_lookup(d, v[1], delta_keys, 4, dv);
  if (deliver_text(p, d, json_is_string(d, dv[0]) ? dv[0] : dv[1], CH_REASONING, choice, 0) ==
          STOP ||
      deliver_text(p, d, dv[2], CH_CONTENT, choice, 0) == STOP)
    return STOP;
  if (json_is_array(d, dv[3])) {
    JSON_FOR_EACH(d, dv[3], it, count) {
      if (json_is_object(d, it) && openai_chat_tool_entry(p, d, choice, it) == STOP) return STOP;
    }
  }
  return finish_from_token(p, d, v[2], choice, openai_chat_finish, STOP_AFTER_CALLS_IS_TOOL_CALLS);
}

static int openai_chat_usage(sse_delta_parser *p, json_doc *d, int u) {
  static const json_key keys[] = {KEY("prompt_tokens"),         KEY("completion_tokens"),
                                  KEY("total_tokens"),          KEY("prompt_tokens_details"),
                                  KEY("completion_tokens_details"), KEY("cost")};
  static const json_key cached_key[] = {KEY("cached_tokens")};
  static const json_key reasoning_key[] = {KEY("reasoning_tokens")};
  int v[6], cached, reasoning;
  int64_t n[U_FIELDS];
  json_lookup(d, u, keys, 6, v);
  json_lookup(d, v[3], cached_key, 1, &cached);
  json_lookup(d, v[4], reasoning_key, 1, &reasoning);
  if (read_count(p, d, v[0], &n[U_INPUT]) || read_count(p, d, v[1], &n[U_OUTPUT]) ||
      read_count(p, d, v[2], &n[U_TOTAL]) || read_count(p, d, cached, &n[U_CACHED]) ||
      read_count(p, d, reasoning, &n[U_REASONING]))
    return STOP;
  return report_usage(p, n, d, v[5]);
}

static int map_openai_chat(sse_delta_parser *p, json_doc *d, const char *et, size_t etn) {
  static const json_key keys[] = {KEY("error"), KEY("choices"), KEY("usage"), KEY("x_groq")};
  static const json_key groq_keys[] = {KEY("usage")};
  int v[4], it, count, usage;
  (void)et;
  (void)etn;
  json_lookup(d, 0, keys, 4, v);
  if (report_provider_error(p, d, v[0]) == STOP) return STOP;
  if (json_is_array(d, v[1])) {
    JSON_FOR_EACH(d, v[1], it, count) {
      if (json_is_object(d, it) && openai_chat_choice(p, d, it, (uint32_t)count) == STOP)
        return STOP;
    }
  }
  usage = v[2];
  if (!json_is_object(d, usage)) json_lookup(d, v[3], groq_keys, 1, &usage);
  if (json_is_object(d, usage) && p->cb_.on_usage) return openai_chat_usage(p, d, usage);
  return GO;
}

/* --- anthropic ------------------------------------------------------------ */

static sse_delta_finish anthropic_finish(const char *s, size_t n) {
  if (word_is(s, n, "end_turn") || word_is(s, n, "stop_sequence") || word_is(s, n, "pause_turn"))
    return SSE_DELTA_FINISH_STOP;
  if (word_is(s, n, "tool_use")) return SSE_DELTA_FINISH_TOOL_CALLS;
  if (word_is(s, n, "max_tokens")) return SSE_DELTA_FINISH_LENGTH;
  if (word_is(s, n, "refusal")) return SSE_DELTA_FINISH_CONTENT_FILTER;
  return SSE_DELTA_FINISH_OTHER;
}

/* message_start sets the counts, message_delta overrides the ones it has. */
static int anthropic_usage(sse_delta_parser *p, json_doc *d, int u) {
  static const json_key keys[] = {KEY("input_tokens"), KEY("output_tokens"),
                                  KEY("cache_read_input_tokens")};
  int v[3];
  int64_t n[3], report[U_FIELDS];
  if (!json_is_object(d, u)) return GO;
  json_lookup(d, u, keys, 3, v);
  if (read_count(p, d, v[0], &n[0]) || read_count(p, d, v[1], &n[1]) ||
      read_count(p, d, v[2], &n[2]))
    return STOP;
  if (n[0] != SSE_DELTA_ABSENT) p->usage_[U_INPUT] = n[0];
  if (n[1] != SSE_DELTA_ABSENT) p->usage_[U_OUTPUT] = n[1];
  if (n[2] != SSE_DELTA_ABSENT) p->usage_[U_CACHED] = n[2];
  memcpy(report, p->usage_, sizeof report);
  report[U_REASONING] = SSE_DELTA_ABSENT;
  if (add_counts(p, report[U_INPUT], report[U_OUTPUT], 0, &report[U_TOTAL]) == STOP) return STOP;
  return report_usage(p, report, d, -1);
}

static int anthropic_block_start(sse_delta_parser *p, json_doc *d, int index, int block) {
  static const json_key keys[] = {KEY("type"), KEY("id"), KEY("name"), KEY("input")};
  int v[4], stop;
  tool_slot *s;
  json_lookup(d, block, keys, 4, v);
  if (!json_raw_is(d, v[0], "tool_use", 8) && !json_raw_is(d, v[0], "server_tool_use", 15))
    return GO;
  s = open_call(p, 0, block, &stop);
  if (s == NULL) return stop;
  if (index >= 0) {
    s->has_key = 1;
    s->key = json_hash(d, index);
  }
  if (adopt_id_name(p, d, s, v[1], v[2]) || start_call(p, s)) return STOP;
  /* A non-empty input is the whole arguments (no deltas follow it). */
  if (json_is_object(d, v[3]) && d->t[v[3]].size > 0)
    return call_arguments_json(p, d, s, v[3], COMPACT);
  return GO;
}

static int anthropic_block_delta(sse_delta_parser *p, json_doc *d, int index, int delta) {
  static const json_key keys[] = {KEY("type"), KEY("text"), KEY("thinking"),
                                  KEY("partial_json")};
  int v[4];
  json_lookup(d, delta, keys, 4, v);
  if (json_raw_is(d, v[0], "text_delta", 10)) return deliver_text(p, d, v[1], CH_CONTENT, 0, 0);
  if (json_raw_is(d, v[0], "thinking_delta", 14))
    return deliver_text(p, d, v[2], CH_REASONING, 0, 0);
  if (json_raw_is(d, v[0], "input_json_delta", 16)) {
    tool_slot *s = index >= 0 ? find_call_by_key(p, 0, json_hash(d, index)) : NULL;
    if (s == NULL)
      return json_is_string(d, v[3]) && d->t[v[3]].end > d->t[v[3]].start ? unknown_call(p) : GO;
    return call_arguments(p, d, s, v[3]);
  }
  return GO; /* signature_delta, citations_delta... */
}

static int map_anthropic(sse_delta_parser *p, json_doc *d, const char *et, size_t etn) {
  static const json_key keys[] = {KEY("type"),  KEY("index"), KEY("message"), KEY("content_block"),
                                  KEY("delta"), KEY("usage"), KEY("error")};
  static const json_key message_keys[] = {KEY("usage")};
  static const json_key delta_keys[] = {KEY("stop_reason")};
  int v[7], x;
  const char *type;
  size_t n;
  json_lookup(d, 0, keys, 7, v);
  type_of(d, v[0], et, etn, &type, &n);
  if (word_is(type, n, "content_block_delta")) return anthropic_block_delta(p, d, v[1], v[4]);
  if (word_is(type, n, "content_block_start")) return anthropic_block_start(p, d, v[1], v[3]);
  if (word_is(type, n, "message_start")) {
    json_lookup(d, v[2], message_keys, 1, &x);
    return anthropic_usage(p, d, x);
  }
  if (word_is(type, n, "message_delta")) {
    json_lookup(d, v[4], delta_keys, 1, &x);
    if (finish_from_token(p, d, x, 0, anthropic_finish, KEEP_STOP) == STOP) return STOP;
    return anthropic_usage(p, d, v[5]);
  }
  if (word_is(type, n, "message_stop")) return report_done(p);
  if (word_is(type, n, "error")) {
    if (report_provider_error(p, d, v[6]) == STOP) return STOP;
    return report_finish(p, 0, SSE_DELTA_FINISH_ERROR, NULL, 0);
  }
  return GO; /* ping, content_block_stop, unknown types */
}

/* --- openai-responses ----------------------------------------------------- */

static sse_delta_finish responses_finish(const char *s, size_t n) {
  if (word_is(s, n, "completed")) return SSE_DELTA_FINISH_STOP;
  if (word_is(s, n, "max_output_tokens")) return SSE_DELTA_FINISH_LENGTH;
  if (word_is(s, n, "content_filter")) return SSE_DELTA_FINISH_CONTENT_FILTER;
  if (word_is(s, n, "failed")) return SSE_DELTA_FINISH_ERROR;
  return SSE_DELTA_FINISH_OTHER;
}

/* The call an event names by item_id, else by output_index. */
static tool_slot *responses_call(sse_delta_parser *p, json_doc *d, int item_id, int output_index) {
  tool_slot *s = NULL;
  if (item_id >= 0) s = find_call_by_key(p, 0, json_hash(d, item_id));
  if (s == NULL && output_index >= 0) s = find_call_by_alt_key(p, 0, json_hash(d, output_index));
  return s;
}

static int responses_item(sse_delta_parser *p, json_doc *d, int item, int output_index,
                          int added) {
  static const json_key keys[] = {KEY("type"), KEY("id"), KEY("call_id"), KEY("name"),
                                  KEY("arguments")};
  int v[5], stop;
  tool_slot *s;
  json_lookup(d, item, keys, 5, v);
  if (!json_raw_is(d, v[0], "function_call", 13)) return GO;
  s = responses_call(p, d, v[1], output_index);
  if (s == NULL) {
    s = open_call(p, 0, item, &stop);
    if (s == NULL) return stop;
    if (v[1] >= 0) {
      s->has_key = 1;
      s->key = json_hash(d, v[1]);
    }
    if (output_index >= 0) {
      s->has_alt_key = 1;
      s->alt_key = json_hash(d, output_index);
    }
  }
  if (adopt_id_name(p, d, s, v[2], v[3]) || start_call(p, s)) return STOP;
  if (!added && no_arguments_before(p, s)) return call_arguments(p, d, s, v[4]);
  return GO;
}

static int responses_end(sse_delta_parser *p, json_doc *d, int response, const char *type,
                         size_t n) {
  static const json_key keys[] = {KEY("status"), KEY("incomplete_details"), KEY("usage"),
                                  KEY("error")};
  static const json_key reason_key[] = {KEY("reason")};
  static const json_key usage_keys[] = {KEY("input_tokens"), KEY("output_tokens"),
                                        KEY("total_tokens"), KEY("input_tokens_details"),
                                        KEY("output_tokens_details")};
  static const json_key cached_key[] = {KEY("cached_tokens")};
  static const json_key reasoning_key[] = {KEY("reasoning_tokens")};
  int v[4], reason, u[5], cached, reasoning;
  int64_t c[U_FIELDS];
  json_lookup(d, response, keys, 4, v);
  if (word_is(type, n, "response.failed") && report_provider_error(p, d, v[3]) == STOP)
    return STOP;
  json_lookup(d, v[1], reason_key, 1, &reason);
  if (word_is(type, n, "response.incomplete")) {
    if (json_is_string(d, reason)) {
      if (finish_from_token(p, d, reason, 0, responses_finish, STOP_AFTER_CALLS_IS_TOOL_CALLS) == STOP) return STOP;
    } else if (report_finish(p, 0, SSE_DELTA_FINISH_OTHER, "incomplete", 10) == STOP) {
      return STOP;
    }
  } else if (finish_from_token(p, d, v[0], 0, responses_finish, STOP_AFTER_CALLS_IS_TOOL_CALLS) == STOP) {
    return STOP;
  }
  json_lookup(d, v[2], usage_keys, 5, u);
  json_lookup(d, u[3], cached_key, 1, &cached);
  json_lookup(d, u[4], reasoning_key, 1, &reasoning);
  if (read_count(p, d, u[0], &c[U_INPUT]) || read_count(p, d, u[1], &c[U_OUTPUT]) ||
      read_count(p, d, u[2], &c[U_TOTAL]) || read_count(p, d, cached, &c[U_CACHED]) ||
      read_count(p, d, reasoning, &c[U_REASONING]) || report_usage(p, c, d, -1))
    return STOP;
  return report_done(p);
}

static int map_openai_responses(sse_delta_parser *p, json_doc *d, const char *et, size_t etn) {
  static const json_key keys[] = {KEY("type"),      KEY("delta"),        KEY("item"),
                                  KEY("item_id"),   KEY("output_index"), KEY("arguments"),
                                  KEY("response"),  KEY("message"),      KEY("error")};
  int v[9];
  const char *type;
  size_t n;
  json_lookup(d, 0, keys, 9, v);
  type_of(d, v[0], et, etn, &type, &n);
  if (word_is(type, n, "response.output_text.delta"))
    return deliver_text(p, d, v[1], CH_CONTENT, 0, 0);
  if (word_is(type, n, "response.reasoning_summary_text.delta") ||
      word_is(type, n, "response.reasoning_text.delta"))
    return deliver_text(p, d, v[1], CH_REASONING, 0, 0);
  if (word_is(type, n, "response.function_call_arguments.delta") ||
      word_is(type, n, "response.function_call_arguments.done")) {
    int is_delta = type[n - 1] == 'a';
    tool_slot *s = responses_call(p, d, v[3], v[4]);
    if (s == NULL) return is_delta ? unknown_call(p) : GO;
    if (!is_delta && !no_arguments_before(p, s)) return GO;
    return call_arguments(p, d, s, is_delta ? v[1] : v[5]);
  }
  if (word_is(type, n, "response.output_item.added")) return responses_item(p, d, v[2], v[4], 1);
  if (word_is(type, n, "response.output_item.done")) return responses_item(p, d, v[2], v[4], 0);
  if (word_is(type, n, "response.completed") || word_is(type, n, "response.incomplete") ||
      word_is(type, n, "response.failed"))
    return responses_end(p, d, v[6], type, n);
  if (word_is(type, n, "error"))
    return report_provider_error(p, d, json_is_string(d, v[7]) ? v[7] : v[8]);
  return GO;
}

/* --- gemini --------------------------------------------------------------- */

static sse_delta_finish gemini_finish(const char *s, size_t n) {
  if (word_is(s, n, "STOP")) return SSE_DELTA_FINISH_STOP;
  if (word_is(s, n, "MAX_TOKENS")) return SSE_DELTA_FINISH_LENGTH;
  if (word_is(s, n, "SAFETY") || word_is(s, n, "RECITATION") || word_is(s, n, "BLOCKLIST") ||
      word_is(s, n, "PROHIBITED_CONTENT") || word_is(s, n, "SPII") ||
      word_is(s, n, "IMAGE_SAFETY"))
    return SSE_DELTA_FINISH_CONTENT_FILTER;
  return SSE_DELTA_FINISH_OTHER;
}

static int gemini_part(sse_delta_parser *p, json_doc *d, uint32_t choice, int part) {
  static const json_key keys[] = {KEY("text"), KEY("thought"), KEY("functionCall")};
  static const json_key call_keys[] = {KEY("id"), KEY("name"), KEY("args")};
  int v[3], c[3], stop;
  tool_slot *s;
  p->at_token_ = part;
  json_lookup(d, part, keys, 3, v);
  if (json_is_string(d, v[0])) {
    int channel = json_raw_is(d, v[1], "true", 4) ? CH_REASONING : CH_CONTENT;
    if (deliver_text(p, d, v[0], channel, choice, 0) == STOP) return STOP;
  }
  if (!json_is_object(d, v[2])) return GO;
  json_lookup(d, v[2], call_keys, 3, c);
  s = open_call(p, choice, part, &stop);
  if (s == NULL) return stop;
  if (adopt_id_name(p, d, s, c[0], c[1]) || start_call(p, s)) return STOP;
  if (json_is_object(d, c[2])) return call_arguments_json(p, d, s, c[2], AS_SENT);
  return GO;
}

static int gemini_candidate(sse_delta_parser *p, json_doc *d, int cand, uint32_t position,
                            int *finished0) {
  static const json_key keys[] = {KEY("index"), KEY("content"), KEY("finishReason")};
  static const json_key content_keys[] = {KEY("parts")};
  int v[3], parts, it, count;
  uint32_t choice;
  json_lookup(d, cand, keys, 3, v);
  choice = json_index_or(d, v[0], position);
  json_lookup(d, v[1], content_keys, 1, &parts);
  if (json_is_array(d, parts)) {
    JSON_FOR_EACH(d, parts, it, count) {
      if (json_is_object(d, it) && gemini_part(p, d, choice, it) == STOP) return STOP;
    }
  }
  if (json_is_string(d, v[2]) && choice == 0) *finished0 = 1;
  return finish_from_token(p, d, v[2], choice, gemini_finish, STOP_AFTER_CALLS_IS_TOOL_CALLS);
}

static int gemini_usage(sse_delta_parser *p, json_doc *d, int u) {
  static const json_key keys[] = {KEY("promptTokenCount"), KEY("candidatesTokenCount"),
                                  KEY("totalTokenCount"), KEY("cachedContentTokenCount"),
                                  KEY("thoughtsTokenCount")};
  int v[5];
  int64_t c[U_FIELDS], candidates;
  json_lookup(d, u, keys, 5, v);
  if (read_count(p, d, v[0], &c[U_INPUT]) || read_count(p, d, v[1], &candidates) ||
      read_count(p, d, v[2], &c[U_TOTAL]) || read_count(p, d, v[3], &c[U_CACHED]) ||
      read_count(p, d, v[4], &c[U_REASONING]))
    return STOP;
  /* Output counts thinking, as in every other dialect. */
  if (add_counts(p, candidates, c[U_REASONING], 1, &c[U_OUTPUT]) == STOP) return STOP;
  return report_usage(p, c, d, -1);
}

static int map_gemini(sse_delta_parser *p, json_doc *d, const char *et, size_t etn) {
  static const json_key keys[] = {KEY("error"), KEY("candidates"), KEY("usageMetadata")};
  int v[3], it, count, finished0 = 0;
  (void)et;
  (void)etn;
  json_lookup(d, 0, keys, 3, v);
  if (report_provider_error(p, d, v[0]) == STOP) return STOP;
  if (json_is_array(d, v[1])) {
    JSON_FOR_EACH(d, v[1], it, count) {
      if (json_is_object(d, it) && gemini_candidate(p, d, it, (uint32_t)count, &finished0) == STOP)
        return STOP;
    }
  }
  if (json_is_object(d, v[2]) && p->cb_.on_usage && gemini_usage(p, d, v[2]) == STOP) return STOP;
  return finished0 ? report_done(p) : GO;
}

/* --- no dialect yet: only top-level errors count --------------------------- */

static int map_undetected(sse_delta_parser *p, json_doc *d, const char *et, size_t etn) {
  static const json_key keys[] = {KEY("error")};
  int e;
  (void)et;
  (void)etn;
  json_lookup(d, 0, keys, 1, &e);
  return report_provider_error(p, d, e);
}

static const dialect_map dialect_maps[SSE_DELTA_DIALECT_COUNT] = {
    map_undetected, map_openai_chat, map_anthropic, map_openai_responses, map_gemini};

/* --- detection ------------------------------------------------------------ */

static int is_anthropic_type(const char *s, size_t n) {
  return word_is(s, n, "message_start") || word_is(s, n, "message_delta") ||
         word_is(s, n, "message_stop") || word_is(s, n, "ping") ||
         (n > 14 && memcmp(s, "content_block_", 14) == 0);
}

/* The dialect a payload shows (SPEC 4 "Detection", 6), or AUTO. */
static sse_delta_dialect detect_dialect(json_doc *d, const char *et, size_t etn) {
  static const json_key keys[] = {KEY("choices"),       KEY("object"),         KEY("type"),
                                  KEY("candidates"),    KEY("usageMetadata"),  KEY("promptFeedback"),
                                  KEY("error"),         KEY("message")};
  static const json_key status_key[] = {KEY("status")};
  int v[8], status;
  const char *type;
  size_t n;
  json_lookup(d, 0, keys, 8, v);
  if (v[0] >= 0 || json_raw_is(d, v[1], "chat.completion.chunk", 21))
    return SSE_DELTA_DIALECT_OPENAI_CHAT;
  type_of(d, v[2], et, etn, &type, &n);
  if (is_anthropic_type(type, n)) return SSE_DELTA_DIALECT_ANTHROPIC;
  if (n > 9 && memcmp(type, "response.", 9) == 0) return SSE_DELTA_DIALECT_OPENAI_RESPONSES;
  if (v[3] >= 0 || v[4] >= 0 || v[5] >= 0) return SSE_DELTA_DIALECT_GEMINI;
  if (json_raw_is(d, v[2], "error", 5)) {
    if (json_is_object(d, v[6])) return SSE_DELTA_DIALECT_ANTHROPIC;
    if (v[7] >= 0) return SSE_DELTA_DIALECT_OPENAI_RESPONSES;
  }
  if (json_is_object(d, v[6])) {
    json_lookup(d, v[6], status_key, 1, &status);
    return status >= 0 ? SSE_DELTA_DIALECT_GEMINI : SSE_DELTA_DIALECT_OPENAI_CHAT;
  }
  return SSE_DELTA_DIALECT_AUTO;
}

/* ======================================================================== */
/* 8. dispatch                                                               */
/* ======================================================================== */

/* Why jsmn refused a payload: a bad escape gets its own code. */
static sse_delta_status diagnose_syntax(const char *s, size_t n) {
  size_t i;
  int in_string = 0;
  for (i = 0; i < n; i++) {
    if (!in_string) {
      in_string = s[i] == '"';
      continue;
    }
    if (s[i] == '"') {
      in_string = 0;
    } else if (s[i] == '\\') {
      if (i + 1 >= n) return SSE_DELTA_E_JSON_SYNTAX;
      if (s[i + 1] == 'u') {
        if (escape_unit(s + i, s + n) < 0) return SSE_DELTA_E_BAD_ESCAPE;
        i += 5;
      } else if (memchr("\"\\/bfnrt", s[i + 1], 8) == NULL) {
        return SSE_DELTA_E_BAD_ESCAPE;
      } else {
        i++;
      }
    }
  }
  return SSE_DELTA_E_JSON_SYNTAX;
}

static int is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* A lone scalar (null, true, 12...) is JSON, just not an object. */
static int is_lone_scalar(const char *s, size_t n) {
  size_t i = 0, j;
  while (i < n && is_json_space(s[i])) i++;
  while (n > i && is_json_space(s[n - 1])) n--;
  if (i == n) return 0;
  if (word_is(s + i, n - i, "null") || word_is(s + i, n - i, "true") ||
      word_is(s + i, n - i, "false"))
    return 1;
  for (j = i; j < n; j++)
    if (memchr("-+.eE0123456789", s[j], 15) == NULL) return 0;
  return s[i] == '-' || (s[i] >= '0' && s[i] <= '9');
}

/* Tokenize the payload into the token array. Returns the token count, or
   0 after setting *err. */
static int tokenize(sse_delta_parser *p, sse_delta_status *err) {
  jsmn_parser jp;
  jsmntok_t *t = (jsmntok_t *)p->tokens_;
  const char *s = p->event_buf_;
  size_t n = p->data_len_, k;
  int r;
  jsmn_init(&jp);
  r = jsmn_parse(&jp, s, n, t, p->token_cap_);
  if (r == JSMN_ERROR_NOMEM) {
    *err = SSE_DELTA_E_TOO_MANY_TOKENS;
    return 0;
  }
  if (r < 0 || r == 0) {
    *err = r == JSMN_ERROR_INVAL ? diagnose_syntax(s, n)
           : is_lone_scalar(s, n) ? SSE_DELTA_E_JSON_SHAPE
                                  : SSE_DELTA_E_JSON_SYNTAX;
    return 0;
  }
  for (k = (size_t)t[0].end; k < n; k++) {
    if (!is_json_space(s[k])) { /* a second value, or a NUL jsmn stopped at */
      *err = SSE_DELTA_E_JSON_SYNTAX;
      return 0;
    }
  }
  if (t[0].type != JSMN_OBJECT) {
    *err = SSE_DELTA_E_JSON_SHAPE;
    return 0;
  }
  return r;
}

static int llm_layer_wanted(const sse_delta_parser *p) {
  const sse_delta_callbacks *c = &p->cb_;
  return c->on_content || c->on_reasoning || c->on_tool_call_start ||
         c->on_tool_call_arguments || c->on_finish || c->on_usage || c->on_done;
}

/* The LLM layer's view of one event. Runs again from the top after a pause
   (see the file comment): tokenizing and detection happen only once. */
static int map_payload(sse_delta_parser *p) {
  json_doc d;
  const char *s = p->event_buf_;
  size_t n = p->data_len_;
  if (p->done_before_ && p->dialect_ != SSE_DELTA_DIALECT_GEMINI)
    return emit_error(p, SSE_DELTA_E_AFTER_DONE, NULL, 0);
  if (n == 6 && memcmp(s, "[DONE]", 6) == 0) {
    if (p->dialect_ == SSE_DELTA_DIALECT_AUTO) p->dialect_ = SSE_DELTA_DIALECT_OPENAI_CHAT;
    /* Other dialects have their own end marker; a proxy's [DONE] adds nothing. */
    return p->dialect_ == SSE_DELTA_DIALECT_OPENAI_CHAT ? report_done(p) : GO;
  }
  if (p->ntok_ == 0) {
    sse_delta_status err = SSE_DELTA_OK;
    int count = tokenize(p, &err);
    p->ntok_ = count > 0 ? count : -(int32_t)err;
  }
  if (p->ntok_ < 0) return emit_error(p, (sse_delta_status)(-p->ntok_), NULL, 0);
  d.js = p->event_buf_;
  d.t = (jsmntok_t *)p->tokens_;
  d.n = p->ntok_;
  p->at_token_ = 0;
  if (p->dialect_ == SSE_DELTA_DIALECT_AUTO) p->dialect_ = detect_dialect(&d, p->type_, p->type_len_);
  return dialect_maps[p->dialect_](p, &d, p->type_, p->type_len_);
}

/* Deliver the buffered event: the framing-layer callback, then the LLM
   layer. Also the entry point of a resumed (paused) dispatch. */
static int dispatch_event(sse_delta_parser *p) {
  p->emit_seq_ = 0;
  if (p->cb_.on_event && !already_delivered(p)) {
    sse_delta_event ev;
    ev.type = p->type_len_ ? p->type_ : "message";
    ev.type_len = p->type_len_ ? p->type_len_ : 7;
    ev.data = p->event_buf_;
    ev.data_len = p->data_len_;
    ev.id = p->id_[p->id_cur_];
    ev.id_len = p->id_len_[p->id_cur_];
    p->in_callback_ = 1;
    if (after_callback(p, p->cb_.on_event(p->user_, &ev)) == STOP) return STOP;
  }
  if (!p->llm_) return GO;
  return map_payload(p);
}

/* ======================================================================== */
/* 9. public API                                                             */
/* ======================================================================== */

/* Everything about the stream back to its start; configuration kept. */
static void clear_stream(sse_delta_parser *p) {
  sse_delta_parser keep = *p;
  int f;
  memset(p, 0, sizeof *p);
  p->cb_ = keep.cb_;
  p->user_ = keep.user_;
  p->event_buf_ = keep.event_buf_;
  p->tokens_ = keep.tokens_;
  p->tools_ = keep.tools_;
  p->event_cap_ = keep.event_cap_;
  p->token_cap_ = keep.token_cap_;
  p->tool_cap_ = keep.tool_cap_;
  p->forced_ = keep.forced_;
  p->llm_ = keep.llm_;
  p->dialect_ = keep.forced_;
  p->retry_ = -1;
  p->compact_tok_ = -1;
  for (f = 0; f < U_FIELDS; f++) p->usage_[f] = SSE_DELTA_ABSENT;
}

sse_delta_status sse_delta_init(sse_delta_parser *p, void *workspace, size_t workspace_size,
                                const sse_delta_callbacks *callbacks, void *user,
                                const sse_delta_options *options) {
  uint32_t ev, tok, tools;
  uintptr_t base;
  char *at;
  if (p == NULL || workspace == NULL || callbacks == NULL) return SSE_DELTA_E_MISUSE;
  resolve_limits(options, &ev, &tok, &tools);
  if (!limits_fit(ev, tok, tools) || workspace_size < sse_delta_workspace_size(options))
    return SSE_DELTA_E_MISUSE;
  if (options && (unsigned)options->dialect >= (unsigned)SSE_DELTA_DIALECT_COUNT)
    return SSE_DELTA_E_MISUSE;
  memset(p, 0, sizeof *p);
  base = (uintptr_t)workspace;
  at = (char *)workspace + ((SSE_DELTA_WORKSPACE_ALIGN - base % SSE_DELTA_WORKSPACE_ALIGN) %
                            SSE_DELTA_WORKSPACE_ALIGN);
  p->tools_ = at;
  at += (size_t)tools * sizeof(tool_slot);
  p->tokens_ = at;
  at += (size_t)tok * sizeof(jsmntok_t);
  p->event_buf_ = at;
  p->event_cap_ = ev;
  p->token_cap_ = tok;
  p->tool_cap_ = tools;
  p->cb_ = *callbacks;
  p->user_ = user;
  p->forced_ = options ? options->dialect : SSE_DELTA_DIALECT_AUTO;
  p->llm_ = (uint8_t)llm_layer_wanted(p);
  clear_stream(p);
  return SSE_DELTA_OK;
}

/* Finish an event a callback paused. */
static int resume_dispatch(sse_delta_parser *p) {
  if (!p->dispatch_pending_) return GO;
  if (dispatch_event(p) == STOP) return STOP;
  p->dispatch_pending_ = 0;
  clear_event(p);
  return GO;
}

sse_delta_status sse_delta_feed(sse_delta_parser *p, const void *data, size_t len,
                                size_t *consumed) {
  size_t used = 0;
  if (consumed) *consumed = 0;
  if (p == NULL || (data == NULL && len > 0) || p->in_callback_ || (p->flags_ & SSE_DELTA_ENDED))
    return SSE_DELTA_E_MISUSE;
  if (resume_dispatch(p) == STOP) return SSE_DELTA_PAUSED;
  p->emit_seq_ = p->resume_seq_ = 0;
  if (len == 0) return SSE_DELTA_OK;
  if (frame_bytes(p, (const char *)data, len, &used) == STOP) {
    if (consumed) *consumed = used;
    return SSE_DELTA_PAUSED;
  }
  if (consumed) *consumed = len;
  return SSE_DELTA_OK;
}

sse_delta_status sse_delta_end(sse_delta_parser *p) {
  sse_delta_status result = SSE_DELTA_OK;
  if (p == NULL || p->in_callback_ || (p->flags_ & SSE_DELTA_ENDED)) return SSE_DELTA_E_MISUSE;
  p->ending_ = 1;
  (void)resume_dispatch(p);
  p->emit_seq_ = p->resume_seq_ = 0;
  if (p->data_seen_ || (p->line_used_ && p->line_state_ != LS_SKIP)) {
    p->flags_ |= SSE_DELTA_SAW_TRUNCATED;
    result = SSE_DELTA_E_TRUNCATED_EVENT;
    (void)emit_error(p, result, NULL, 0);
  }
  if (p->llm_) {
    p->at_token_ = EVERYWHERE;
    (void)start_waiting_calls(p, 1, 0);
    (void)flush_surrogate(p);
    if (!p->done_seen_) {
      if (result == SSE_DELTA_OK) result = SSE_DELTA_E_NO_END_MARKER;
      (void)emit_error(p, SSE_DELTA_E_NO_END_MARKER, NULL, 0);
    }
  }
  p->ending_ = 0;
  p->flags_ |= SSE_DELTA_ENDED;
  return result;
}

void sse_delta_reset(sse_delta_parser *p) {
  if (p == NULL || p->in_callback_) return;
  clear_stream(p);
}

const char *sse_delta_last_event_id(const sse_delta_parser *p, size_t *len) {
  if (p == NULL) {
    if (len) *len = 0;
    return "";
  }
  if (len) *len = p->id_len_[p->id_cur_];
  return p->id_[p->id_cur_];
}

int64_t sse_delta_retry(const sse_delta_parser *p) { return p ? p->retry_ : -1; }

sse_delta_dialect sse_delta_get_dialect(const sse_delta_parser *p) {
  return p ? p->dialect_ : SSE_DELTA_DIALECT_AUTO;
}

uint32_t sse_delta_flags(const sse_delta_parser *p) { return p ? p->flags_ : 0; }
