#include "baseline.h"

#include <string.h>

#define NO_KEY ((size_t)-1)

typedef struct word_reason {
  const char *word;
  int reason;
} word_reason;

/* The finish words of SPEC.md section 4, per dialect. */
static const word_reason chat_words[] = {
    {"stop", SSE_DELTA_FINISH_STOP},     {"tool_calls", SSE_DELTA_FINISH_TOOL_CALLS},
    {"function_call", SSE_DELTA_FINISH_TOOL_CALLS}, {"length", SSE_DELTA_FINISH_LENGTH},
    {"content_filter", SSE_DELTA_FINISH_CONTENT_FILTER}, {"error", SSE_DELTA_FINISH_ERROR},
    {NULL, 0}};
static const word_reason anthropic_words[] = {
    {"end_turn", SSE_DELTA_FINISH_STOP},  {"stop_sequence", SSE_DELTA_FINISH_STOP},
    {"pause_turn", SSE_DELTA_FINISH_STOP}, {"tool_use", SSE_DELTA_FINISH_TOOL_CALLS},
    {"max_tokens", SSE_DELTA_FINISH_LENGTH}, {"refusal", SSE_DELTA_FINISH_CONTENT_FILTER},
    {NULL, 0}};
static const word_reason responses_words[] = {
    {"completed", SSE_DELTA_FINISH_STOP}, {"max_output_tokens", SSE_DELTA_FINISH_LENGTH},
    {"content_filter", SSE_DELTA_FINISH_CONTENT_FILTER}, {"failed", SSE_DELTA_FINISH_ERROR},
    {NULL, 0}};
static const word_reason gemini_words[] = {
    {"STOP", SSE_DELTA_FINISH_STOP}, {"MAX_TOKENS", SSE_DELTA_FINISH_LENGTH},
    {"SAFETY", SSE_DELTA_FINISH_CONTENT_FILTER}, {"RECITATION", SSE_DELTA_FINISH_CONTENT_FILTER},
    {"BLOCKLIST", SSE_DELTA_FINISH_CONTENT_FILTER},
    {"PROHIBITED_CONTENT", SSE_DELTA_FINISH_CONTENT_FILTER},
    {"SPII", SSE_DELTA_FINISH_CONTENT_FILTER}, {"IMAGE_SAFETY", SSE_DELTA_FINISH_CONTENT_FILTER},
    {NULL, 0}};

int bl_is(const char *s, size_t n, const char *word) {
  return s != NULL && strlen(word) == n && memcmp(s, word, n) == 0;
}

int bl_is_anthropic_type(const char *s, size_t n) {
  return bl_is(s, n, "message_start") || bl_is(s, n, "message_delta") ||
         bl_is(s, n, "message_stop") || bl_is(s, n, "ping") ||
         (s != NULL && n > 14 && memcmp(s, "content_block_", 14) == 0);
}

void bl_type_or_event(const char *type, size_t type_len, const char *event,
                      size_t event_len, const char **t, size_t *n) {
  *t = type ? type : event;
  *n = type ? type_len : event_len;
}

void bl_begin(bl_stream *st, bench_sums *sums) {
  memset(st, 0, sizeof *st);
  st->sums = sums;
  st->finish = BENCH_NO_FINISH;
  st->word_len = -1;
  st->kept[0] = st->kept[1] = st->kept[2] = SSE_DELTA_ABSENT;
  st->total = SSE_DELTA_ABSENT;
}

void bl_end(bl_stream *st) {
  bench_stream_end e;
  e.finish = st->finish;
  e.total = st->total;
  bench_sums_end_stream(st->sums, &e);
}

void bl_done(bl_stream *st) { st->done = 1; }

int bl_before_json(bl_stream *st, const char *data, size_t n) {
  if (st->done && st->dialect != SSE_DELTA_DIALECT_GEMINI) return 1;
  if (n == 6 && memcmp(data, "[DONE]", 6) == 0) {
    if (st->dialect == SSE_DELTA_DIALECT_AUTO) st->dialect = SSE_DELTA_DIALECT_OPENAI_CHAT;
    if (st->dialect == SSE_DELTA_DIALECT_OPENAI_CHAT) bl_done(st);
    return 1;
  }
  return 0;
}

void bl_detected(bl_stream *st, const bl_detect *d) {
  unsigned k, best = 0;
  if (st->dialect != SSE_DELTA_DIALECT_AUTO) return;
  for (k = 1; k < SSE_DELTA_DIALECT_COUNT; k++)
    if (d->score[k] > d->score[best]) best = k;
  st->dialect = (sse_delta_dialect)best;
}

void bl_content(bl_stream *st, size_t n) { st->sums->content += n; }
void bl_reasoning(bl_stream *st, size_t n) { st->sums->reasoning += n; }

bl_call *bl_open_call(bl_stream *st, uint32_t choice) {
  bl_call *c;
  if (st->ncalls == BL_MAX_CALLS) {
    st->full = 1;
    return NULL;
  }
  c = &st->calls[st->ncalls++];
  memset(c, 0, sizeof *c);
  c->choice = choice;
  c->key_len = c->alt_len = NO_KEY;
  st->sums->calls++;
  return c;
}

void bl_set_key(bl_call *c, int alt, const char *key, size_t key_len) {
  if (key_len > BL_KEY_BYTES) key_len = BL_KEY_BYTES;
  memcpy(alt ? c->alt : c->key, key, key_len);
  if (alt) c->alt_len = key_len;
  else c->key_len = key_len;
}

/* The most recent call of the choice with that key: a key reused by a new
   call (a new id at the same index) names the new one. */
bl_call *bl_find(bl_stream *st, uint32_t choice, int alt, const char *key, size_t key_len) {
  unsigned i;
  if (key_len > BL_KEY_BYTES) key_len = BL_KEY_BYTES;
  for (i = st->ncalls; i-- > 0;) {
    bl_call *c = &st->calls[i];
    size_t len = alt ? c->alt_len : c->key_len;
    if (c->choice == choice && len == key_len && memcmp(alt ? c->alt : c->key, key, len) == 0)
      return c;
  }
  return NULL;
}

static bl_call *find_by_id(bl_stream *st, uint32_t choice, const char *id, size_t n) {
  unsigned i;
  for (i = st->ncalls; i-- > 0;) {
    bl_call *c = &st->calls[i];
    if (c->choice == choice && c->id_len == n && memcmp(c->id, id, n) == 0) return c;
  }
  return NULL;
}

static bl_call *latest(bl_stream *st, uint32_t choice) {
  unsigned i;
  for (i = st->ncalls; i-- > 0;)
    if (st->calls[i].choice == choice) return &st->calls[i];
  return NULL;
}

static void adopt_id(bl_call *c, const char *id, size_t n) {
  if (c == NULL || c->id_len > 0 || id == NULL || n == 0) return;
  if (n > sizeof c->id) n = sizeof c->id;
  memcpy(c->id, id, n);
  c->id_len = n;
}

bl_call *bl_chat_call(bl_stream *st, uint32_t choice, const char *index, size_t index_len,
                      const char *id, size_t id_len) {
  bl_call *c;
  if (id == NULL) id_len = 0;
  if (index != NULL) {
    c = bl_find(st, choice, 0, index, index_len);
    if (c == NULL || (id_len > 0 && c->id_len > 0 &&
                      !(c->id_len == (id_len > sizeof c->id ? sizeof c->id : id_len) &&
                        memcmp(c->id, id, c->id_len) == 0))) {
      c = bl_open_call(st, choice);
      if (c != NULL) bl_set_key(c, 0, index, index_len);
    }
  } else if (id_len > 0) {
    c = find_by_id(st, choice, id, id_len > sizeof c->id ? sizeof c->id : id_len);
    if (c == NULL) c = bl_open_call(st, choice);
  } else {
    c = latest(st, choice);
    if (c == NULL && !st->full) c = bl_open_call(st, choice);
  }
  adopt_id(c, id, id_len);
  return c;
}

void bl_arguments(bl_stream *st, bl_call *c, const char *s, size_t n) {
  if (c == NULL || s == NULL || n == 0) return;
  c->has_args = 1;
  st->sums->arguments += bench_arguments(&c->args_state, s, n);
}

void bl_arguments_json(bl_stream *st, bl_call *c, const char *s, size_t n) {
  unsigned char whole = 0;
  if (c == NULL) return;
  c->has_args = 1;
  st->sums->arguments += bench_arguments(&whole, s, n);
}

static const word_reason *words_of(sse_delta_dialect d) {
  switch (d) {
  case SSE_DELTA_DIALECT_OPENAI_CHAT: return chat_words;
  case SSE_DELTA_DIALECT_ANTHROPIC: return anthropic_words;
  case SSE_DELTA_DIALECT_OPENAI_RESPONSES: return responses_words;
  case SSE_DELTA_DIALECT_GEMINI: return gemini_words;
  default: return NULL;
  }
}

static unsigned calls_in_choice(const bl_stream *st, uint32_t choice) {
  unsigned i, n = 0;
  for (i = 0; i < st->ncalls; i++) n += st->calls[i].choice == choice;
  return n;
}

/* Only choice 0's finish is summed; a repeated word does not report again
   (so a stop that became tool_calls stays what it was first reported as). */
static void finish_of_choice0(bl_stream *st, int reason, const char *w, long n) {
  if (n == st->word_len && (n < 0 || memcmp(st->word, w, (size_t)n) == 0)) return;
  st->finish = reason;
  st->word_len = n;
  if (n > (long)sizeof st->word) st->word_len = n = (long)sizeof st->word;
  if (n > 0) memcpy(st->word, w, (size_t)n);
}

void bl_finish_word(bl_stream *st, uint32_t choice, const char *w, size_t n) {
  const word_reason *t = words_of(st->dialect);
  int reason = SSE_DELTA_FINISH_OTHER;
  if (w == NULL || choice != 0) return;
  for (; t != NULL && t->word != NULL; t++)
    if (bl_is(w, n, t->word)) {
      reason = t->reason;
      break;
    }
  if (st->dialect != SSE_DELTA_DIALECT_ANTHROPIC && reason == SSE_DELTA_FINISH_STOP &&
      calls_in_choice(st, choice) > 0)
    reason = SSE_DELTA_FINISH_TOOL_CALLS;
  finish_of_choice0(st, reason, w, (long)n);
}

void bl_finish_reason(bl_stream *st, int reason, const char *w, size_t n) {
  finish_of_choice0(st, reason, w, w ? (long)n : -2);
}

void bl_usage_total(bl_stream *st, const int64_t v[5]) {
  int f;
  for (f = 0; f < 5 && v[f] == SSE_DELTA_ABSENT; f++) {
  }
  if (f < 5) st->total = v[2];
}

void bl_anthropic_usage(bl_stream *st, int64_t input, int64_t output, int64_t cached) {
  int64_t v[5];
  if (input != SSE_DELTA_ABSENT) st->kept[0] = input;
  if (output != SSE_DELTA_ABSENT) st->kept[1] = output;
  if (cached != SSE_DELTA_ABSENT) st->kept[2] = cached;
  v[0] = st->kept[0];
  v[1] = st->kept[1];
  v[2] = v[0] >= 0 && v[1] >= 0 ? v[0] + v[1] : SSE_DELTA_ABSENT;
  v[3] = st->kept[2];
  v[4] = SSE_DELTA_ABSENT;
  bl_usage_total(st, v);
}

int64_t bl_count(double v, int is_number) {
  if (!is_number || v < 0 || v > 9007199254740992.0 || v != (double)(int64_t)v)
    return SSE_DELTA_ABSENT;
  return (int64_t)v;
}
