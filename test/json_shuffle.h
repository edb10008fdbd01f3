/* Key-order variants of SSE bodies, for the "key order never matters"
   property test (test_key_order.c).

   A JSON object is an unordered set of members (RFC 8259 section 4), so a
   provider may send its keys in any order and the callbacks must not
   change. json_shuffle() rewrites one JSON text with the members of every
   object, at every depth, permuted by a small fixed-seed PRNG; the raw
   text of every string (escapes as written) and every number or literal
   is copied unchanged, only the whitespace between tokens is dropped.
   sse_shuffle_body() does that to every single-line data payload of an SSE
   body and copies every other byte as it is. */
#ifndef SSE_DELTA_TEST_JSON_SHUFFLE_H
#define SSE_DELTA_TEST_JSON_SHUFFLE_H

#include <stddef.h>
#include <stdint.h>

/* splitmix64: tiny, fixed, and the same on every platform (unlike rand()),
   so a failing variant can be rebuilt from its seed. */
typedef struct shuffle_rng {
  uint64_t state;
} shuffle_rng;

void shuffle_rng_seed(shuffle_rng *rng, uint64_t seed);
uint64_t shuffle_rng_next(shuffle_rng *rng);
/* A number in [0, n), n > 0. */
size_t shuffle_rng_below(shuffle_rng *rng, size_t n);

/* A growable byte buffer (malloc'd; aborts when memory runs out). */
typedef struct shuffle_buf {
  char *data;
  size_t len, cap;
} shuffle_buf;

void shuffle_buf_put(shuffle_buf *b, const char *s, size_t n);
void shuffle_buf_free(shuffle_buf *b);

/* What sse_shuffle_body() did, summed over the calls that share it. */
typedef struct shuffle_stats {
  size_t payloads;      /* data payloads of one data line */
  size_t json_payloads; /* of which valid JSON, hence rewritten */
  size_t reordered;     /* of which some object's members really moved */
  size_t multi_line;    /* payloads of several data lines, left untouched */
  size_t fixed_objects; /* objects kept in their order (see json_shuffle) */
  size_t not_equal;     /* rewritten payloads that are not json_equal to the
                           original: a bug of the shuffler itself */
} shuffle_stats;

/* Appends to `out` the compact text of the JSON value text[0..len) with the
   members of every object permuted (rng NULL: kept in order, so only the
   whitespace goes). An object with a repeated key, or with a key holding
   an escape (which might spell another key), keeps its member order, since
   for a repeated key the last one wins and order matters there; such
   objects are counted in *fixed_objects. *moved is set when a member
   moved. Returns 0, with `out` unchanged, when the text is not one valid
   RFC 8259 JSON value (then it is no JSON object to reorder). */
int json_shuffle(const char *text, size_t len, shuffle_rng *rng,
                 shuffle_buf *out, int *moved, size_t *fixed_objects);

/* The body with every data payload that is one JSON value on one data line
   replaced by json_shuffle() of it, everything else (other lines, line
   ends, "data:" and its optional space, payloads that are not JSON,
   events of several data lines) byte-identical. Malloc'd, NUL-terminated;
   length in *out_len. `stats` (may be NULL) is added to. */
char *sse_shuffle_body(const char *body, size_t len, shuffle_rng *rng,
                       size_t *out_len, shuffle_stats *stats);

#endif
