/* A small JSON reader for the tests: parses a JSON text into a tree and
   compares two summaries (doc/rules.md section 16) by the rules of
   doc/rules.md section 17, "Comparing two summaries".

   Tokenizing is done by jsmn, configured here differently from the library
   (extern jsmn_init/jsmn_parse, non-strict, no parent links: see
   json_value.c and test_jsmn_clash.c). jsmn's non-strict mode accepts far
   more than JSON, so the reader checks the text between the tokens itself:
   json_parse() accepts exactly RFC 8259 JSON (one value, UTF-8). */
#ifndef SSE_DELTA_TEST_JSON_VALUE_H
#define SSE_DELTA_TEST_JSON_VALUE_H

#include <stddef.h>

typedef enum json_type {
  JSON_NULL,
  JSON_BOOL,
  JSON_NUMBER,
  JSON_STRING,
  JSON_ARRAY,
  JSON_OBJECT
} json_type;

typedef struct json_value json_value;

typedef struct json_member {
  char *key; /* unescaped, NUL-terminated (may hold NUL: use key_len) */
  size_t key_len;
  json_value *value;
} json_member;

struct json_value {
  json_type type;
  int boolean;  /* JSON_BOOL */
  /* JSON_NUMBER: the text as written, and its exact value in canonical
     form: (-1)^negative * 0.digits * 10^exponent, no leading or trailing
     zero digits; zero is ndigits 0, negative 0, exponent 0. Numbers are
     equal when their canonical forms are: 1, 1.0, 10e-1 and 0.1e1 are. */
  char *number_text;
  int negative;
  char *digits;
  size_t ndigits;
  long exponent;
  /* JSON_STRING: unescaped UTF-8, NUL-terminated (may hold NUL: use len).
     A lone surrogate escape is kept as its 3-byte generalized UTF-8 form
     (ED A0 80..ED BF BF), so it never equals U+FFFD or anything valid. */
  char *string;
  size_t len;
  /* JSON_ARRAY: items[count]; JSON_OBJECT: members[count], in text order */
  json_value **items;
  json_member *members;
  size_t count;
};

/* Parses `len` bytes holding one JSON value (surrounding whitespace
   allowed). NULL when the text is not valid JSON or memory runs out. */
json_value *json_parse(const char *text, size_t len);
/* Same for a NUL-terminated text. */
json_value *json_parse_str(const char *text);
void json_free(json_value *v);

/* The value of the first member named `key` in an object; NULL when `obj`
   is not an object or has no such member. */
const json_value *json_get(const json_value *obj, const char *key);
/* Item i of an array, or NULL. */
const json_value *json_at(const json_value *arr, size_t i);
/* A number as a double (strtod of its text); 0 for a non-number. */
double json_number(const json_value *v);
/* Whether v is a string equal to the NUL-terminated s. */
int json_is_string(const json_value *v, const char *s);

/* Value equality: same type; numbers by value; strings byte for byte;
   arrays item by item; objects with the same members in any order. */
int json_equal(const json_value *a, const json_value *b);

/* Tool-call arguments rule: equal when the texts are identical, or both
   parse as JSON and are equal values, "" counting as "{}". */
int json_arguments_equal(const char *a, size_t a_len, const char *b,
                         size_t b_len);

/* Where two summaries first differ. */
typedef struct json_diff {
  char where[160];        /* e.g. "usage.cached_tokens", "tool_calls[1].name" */
  const json_value *got;  /* the differing values (NULL when absent) */
  const json_value *want;
} json_diff;

/* doc/rules.md section 17, "Comparing two summaries": keys compared as
   sets, every key equal by json_equal() except tool-call `arguments` (by
   json_arguments_equal()) and usage numbers (absent equals null). Returns 1
   when equal; otherwise 0, and fills `diff` (may be NULL) with the first
   difference in `got`'s key order, then keys only `want` has. */
int json_summary_diff(const json_value *got, const json_value *want,
                      json_diff *diff);
int json_equal_summary(const json_value *a, const json_value *b);

/* Compact JSON text of a value (malloc'd, NUL-terminated), NULL when
   memory runs out; "(absent)" text for a NULL value. */
char *json_to_string(const json_value *v);

/* The address of the jsmn_parse that json_value.c calls, for
   test_jsmn_clash: it is the test's own extern jsmn. */
typedef void (*json_any_function)(void);
json_any_function json_value_jsmn_parse_address(void);

#endif
