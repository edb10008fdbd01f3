/* The baselines (cJSON, simdjson) read JSON with their own library, then
   hand what they found to these functions, which apply the dialect rules
   of SPEC.md section 4 as the library does (which call a fragment belongs
   to, when a finish word counts, which usage is the last). The rules are
   written once here, so that the two baselines differ only in how they
   read JSON, and their cost is what the JSON library costs.

   Strings are passed decoded (escapes resolved), NULL when the field is
   absent or not a string. */
#ifndef SSE_DELTA_BENCH_BASELINE_H
#define SSE_DELTA_BENCH_BASELINE_H

#include "sums.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BL_MAX_CALLS SSE_DELTA_DEFAULT_MAX_TOOL_CALLS
#define BL_KEY_BYTES 64

typedef struct bl_call {
  uint32_t choice;
  char key[BL_KEY_BYTES], alt[BL_KEY_BYTES]; /* index / item_id, output_index */
  size_t key_len, alt_len;                   /* (size_t)-1: none */
  char id[SSE_DELTA_DEFAULT_FIELD_BYTES];
  size_t id_len;
  int has_args;
  unsigned char args_state; /* bench_arguments */
} bl_call;

typedef struct bl_stream {
  bench_sums *sums;
  sse_delta_dialect dialect;
  int done;
  bl_call calls[BL_MAX_CALLS];
  unsigned ncalls;
  int full; /* a call was dropped: the table is full */
  /* choice 0's finish: its reason and the word it came from */
  int finish;
  char word[64];
  long word_len; /* -1: no word yet, -2: a finish without a word */
  int64_t kept[3]; /* anthropic: input, output, cached so far */
  int64_t total;
} bl_stream;

/* Dialect scores of one payload, as the library's detection (3 decisive, 2
   or 1 an error payload's shape, 0 nothing). */
typedef struct bl_detect {
  unsigned score[SSE_DELTA_DIALECT_COUNT];
} bl_detect;

void bl_begin(bl_stream *st, bench_sums *sums);
void bl_end(bl_stream *st);

/* Whether the payload is to be skipped before any JSON is read: after the
   end marker, or [DONE] (handled here). */
int bl_before_json(bl_stream *st, const char *data, size_t n);
/* After a payload is parsed: detect the dialect if not known yet. */
void bl_detected(bl_stream *st, const bl_detect *d);
/* The type that decides: the payload's "type" string, else the event name. */
void bl_type_or_event(const char *type, size_t type_len, const char *event,
                      size_t event_len, const char **t, size_t *n);
int bl_is(const char *s, size_t n, const char *word);
int bl_is_anthropic_type(const char *s, size_t n);

void bl_content(bl_stream *st, size_t n);
void bl_reasoning(bl_stream *st, size_t n);

/* A delta.tool_calls[] entry of openai-chat: index as JSON text (string
   content or number text; NULL: absent or null), id (NULL: none). */
bl_call *bl_chat_call(bl_stream *st, uint32_t choice, const char *index,
                      size_t index_len, const char *id, size_t id_len);
bl_call *bl_open_call(bl_stream *st, uint32_t choice);
bl_call *bl_find(bl_stream *st, uint32_t choice, int alt, const char *key,
                 size_t key_len);
void bl_set_key(bl_call *c, int alt, const char *key, size_t key_len);
/* A string of argument text (nothing for "" or NULL). */
void bl_arguments(bl_stream *st, bl_call *c, const char *s, size_t n);
/* Arguments that come as a JSON value: its text, compact or as sent. */
void bl_arguments_json(bl_stream *st, bl_call *c, const char *s, size_t n);

/* A finish word (NULL: not a string, ignored) for a choice. */
void bl_finish_word(bl_stream *st, uint32_t choice, const char *w, size_t n);
/* A finish without a word (anthropic's error event, an incomplete
   response without a reason). */
void bl_finish_reason(bl_stream *st, int reason, const char *w, size_t n);

/* Usage counts, SSE_DELTA_ABSENT where not an integer >= 0. */
void bl_usage_total(bl_stream *st, const int64_t v[5]);
void bl_anthropic_usage(bl_stream *st, int64_t input, int64_t output,
                        int64_t cached);
void bl_done(bl_stream *st);

/* A JSON number's value as a count: integer, >= 0, else absent. */
int64_t bl_count(double v, int is_number);

#ifdef __cplusplus
}
#endif

#endif
