#include "json_shuffle.h"

#include <stdlib.h>
#include <string.h>

#include "json_value.h"

/* ---- PRNG ------------------------------------------------------------- */

void shuffle_rng_seed(shuffle_rng *rng, uint64_t seed) { rng->state = seed; }

uint64_t shuffle_rng_next(shuffle_rng *rng) {
  uint64_t z = (rng->state += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* The modulo bias is far below anything a test of small objects could
   notice, and keeping it keeps the draws easy to reproduce by hand. */
size_t shuffle_rng_below(shuffle_rng *rng, size_t n) {
  return (size_t)(shuffle_rng_next(rng) % (uint64_t)n);
}

/* ---- buffer ----------------------------------------------------------- */

static void buf_reserve(shuffle_buf *b, size_t extra) {
  if (b->len + extra + 1 > b->cap) {
    b->cap = (b->len + extra + 1) * 2;
    b->data = (char *)realloc(b->data, b->cap);
    if (b->data == NULL) abort();
  }
}

void shuffle_buf_put(shuffle_buf *b, const char *s, size_t n) {
  buf_reserve(b, n);
  if (n > 0) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static void buf_putc(shuffle_buf *b, char c) { shuffle_buf_put(b, &c, 1); }

void shuffle_buf_free(shuffle_buf *b) {
  free(b->data);
  memset(b, 0, sizeof *b);
}

/* ---- one JSON text ------------------------------------------------------ */

/* The walk below runs only on texts json_parse() accepted, so it can trust
   the grammar and need not check anything. */
typedef struct shuffler {
  const char *p, *end;
  shuffle_rng *rng;
  shuffle_buf *out;
  int moved;
  size_t fixed_objects;
} shuffler;

/* Where one member ("key":value, compact) sits in the output buffer.
   Offsets, not pointers: the buffer moves when it grows. */
typedef struct member_span {
  size_t start, end;        /* the whole member */
  size_t key_start, key_len; /* its key, quotes included */
} member_span;

static void emit_value(shuffler *s);

static int is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_space(shuffler *s) {
  while (s->p < s->end && is_json_space(*s->p)) s->p++;
}

/* A string as written, escapes and all: the shuffle must not touch what
   the library unescapes. */
static void copy_string(shuffler *s) {
  const char *start = s->p++;
  while (*s->p != '"') {
    if (*s->p == '\\') s->p++;
    s->p++;
  }
  s->p++;
  shuffle_buf_put(s->out, start, (size_t)(s->p - start));
}

/* A number, true, false or null, as written (1.0 stays 1.0). */
static void copy_scalar(shuffler *s) {
  const char *start = s->p;
  while (s->p < s->end && !is_json_space(*s->p) && *s->p != ',' &&
         *s->p != ']' && *s->p != '}')
    s->p++;
  shuffle_buf_put(s->out, start, (size_t)(s->p - start));
}

/* Whether the order of these members may change without changing the
   object: no repeated key (the last one wins, so its position matters),
   and no escaped key, which could spell one of the others. */
static int order_is_free(const shuffler *s, const member_span *m, size_t n) {
  const char *text = s->out->data;
  size_t i, j;
  for (i = 0; i < n; i++) {
    if (memchr(text + m[i].key_start, '\\', m[i].key_len) != NULL) return 0;
    for (j = 0; j < i; j++)
      if (m[i].key_len == m[j].key_len &&
          memcmp(text + m[i].key_start, text + m[j].key_start, m[i].key_len) == 0)
        return 0;
  }
  return 1;
}

/* Fisher-Yates over the member indexes; 1 when the result is not the
   identity, i.e. the text really changes. */
static int draw_permutation(shuffle_rng *rng, size_t *order, size_t n) {
  size_t i;
  int moved = 0;
  for (i = 0; i < n; i++) order[i] = i;
  for (i = n - 1; i > 0; i--) {
    size_t j = shuffle_rng_below(rng, i + 1), t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (i = 0; i < n; i++)
    if (order[i] != i) moved = 1;
  return moved;
}

/* Rewrites the members m[0..n) of the object just written, in a random
   order. The members and the commas between them keep their total
   length, so the new text goes exactly where the old one was. */
static void permute_members(shuffler *s, const member_span *m, size_t n) {
  size_t *order, i;
  shuffle_buf moved_text;
  if (s->rng == NULL || n < 2) return;
  if (!order_is_free(s, m, n)) {
    s->fixed_objects++;
    return;
  }
  order = (size_t *)malloc(n * sizeof *order);
  if (order == NULL) abort();
  if (draw_permutation(s->rng, order, n)) {
    memset(&moved_text, 0, sizeof moved_text);
    for (i = 0; i < n; i++) {
      const member_span *one = &m[order[i]];
      if (i > 0) buf_putc(&moved_text, ',');
      shuffle_buf_put(&moved_text, s->out->data + one->start, one->end - one->start);
    }
    memcpy(s->out->data + m[0].start, moved_text.data, moved_text.len);
    shuffle_buf_free(&moved_text);
    s->moved = 1;
  }
  free(order);
}

static void emit_object(shuffler *s) {
  member_span *m = NULL;
  size_t n = 0, cap = 0;
  buf_putc(s->out, '{');
  s->p++;
  skip_space(s);
  if (*s->p == '}') {
    s->p++;
    buf_putc(s->out, '}');
    return;
  }
  for (;;) {
    if (n == cap) {
      cap = cap ? cap * 2 : 8;
      m = (member_span *)realloc(m, cap * sizeof *m);
      if (m == NULL) abort();
    }
    m[n].start = m[n].key_start = s->out->len;
    copy_string(s);
    m[n].key_len = s->out->len - m[n].key_start;
    skip_space(s);
    s->p++; /* ':' */
    buf_putc(s->out, ':');
    skip_space(s);
    emit_value(s);
    m[n].end = s->out->len;
    n++;
    skip_space(s);
    if (*s->p++ == '}') break;
    buf_putc(s->out, ',');
    skip_space(s);
  }
  permute_members(s, m, n);
  buf_putc(s->out, '}');
  free(m);
}

/* Arrays keep their order: it means something (choices, parts, tool
   calls); only the objects inside them are shuffled. */
static void emit_array(shuffler *s) {
  buf_putc(s->out, '[');
  s->p++;
  skip_space(s);
  if (*s->p == ']') {
    s->p++;
    buf_putc(s->out, ']');
    return;
  }
  for (;;) {
    emit_value(s);
    skip_space(s);
    if (*s->p++ == ']') break;
    buf_putc(s->out, ',');
    skip_space(s);
  }
  buf_putc(s->out, ']');
}

static void emit_value(shuffler *s) {
  if (*s->p == '{') emit_object(s);
  else if (*s->p == '[') emit_array(s);
  else if (*s->p == '"') copy_string(s);
  else copy_scalar(s);
}

/* json_shuffle() of a text already known to be valid JSON. */
static void shuffle_valid(const char *text, size_t len, shuffle_rng *rng,
                          shuffle_buf *out, int *moved, size_t *fixed_objects) {
  shuffler s;
  memset(&s, 0, sizeof s);
  s.p = text;
  s.end = text + len;
  s.rng = rng;
  s.out = out;
  skip_space(&s);
  emit_value(&s);
  if (moved != NULL) *moved = s.moved;
  if (fixed_objects != NULL) *fixed_objects += s.fixed_objects;
}

int json_shuffle(const char *text, size_t len, shuffle_rng *rng,
                 shuffle_buf *out, int *moved, size_t *fixed_objects) {
  json_value *v = json_parse(text, len);
  if (v == NULL) return 0;
  json_free(v);
  shuffle_valid(text, len, rng, out, moved, fixed_objects);
  return 1;
}

/* Whether b holds the values of a with object members in any order. Not
   json_equal(): that looks a key up by its first member, so an object with
   a repeated key is not even equal to itself there. Here each member of a
   is paired with the first unpaired member of b with its key: repeated
   keys keep their relative order in a variant, so they pair up right. */
static int same_value_any_member_order(const json_value *a, const json_value *b) {
  size_t i, j;
  unsigned char *paired;
  int same = 1;
  if (a->type != b->type) return 0;
  if (a->type == JSON_ARRAY) {
    if (a->count != b->count) return 0;
    for (i = 0; i < a->count; i++)
      if (!same_value_any_member_order(a->items[i], b->items[i])) return 0;
    return 1;
  }
  if (a->type != JSON_OBJECT) return json_equal(a, b);
  if (a->count != b->count) return 0;
  paired = (unsigned char *)calloc(b->count + 1, 1);
  if (paired == NULL) abort();
  for (i = 0; i < a->count && same; i++) {
    const json_member *m = &a->members[i];
    for (j = 0; j < b->count; j++)
      if (!paired[j] && b->members[j].key_len == m->key_len &&
          memcmp(b->members[j].key, m->key, m->key_len) == 0)
        break;
    same = j < b->count && same_value_any_member_order(m->value, b->members[j].value);
    if (same) paired[j] = 1;
  }
  free(paired);
  return same;
}

/* ---- SSE bodies --------------------------------------------------------- */

/* The line starting at `pos`: returns where its content ends and sets
   *next past its line end (CRLF, LF or CR; none at the end of the body). */
static size_t line_content_end(const char *b, size_t len, size_t pos, size_t *next) {
  size_t i = pos;
  while (i < len && b[i] != '\n' && b[i] != '\r') i++;
  *next = i;
  if (i < len) *next = (b[i] == '\r' && i + 1 < len && b[i + 1] == '\n') ? i + 2 : i + 1;
  return i;
}

/* A line of the field "data" (with a value, or without a colon). */
static int is_data_line(const char *line, size_t n) {
  return (n >= 5 && memcmp(line, "data:", 5) == 0) || (n == 4 && memcmp(line, "data", 4) == 0);
}

/* Rewrites one data line b[pos..next) whose content ends at `content_end`,
   or copies it when its payload is not JSON. */
static void rewrite_data_line(const char *b, size_t pos, size_t content_end, size_t next,
                              shuffle_rng *rng, shuffle_buf *out, shuffle_stats *st) {
  size_t value = pos + 5; /* after "data:" */
  json_value *original, *shuffled;
  size_t payload_at;
  int moved = 0;
  st->payloads++;
  if (content_end < value) { /* "data" without a colon: an empty payload */
    shuffle_buf_put(out, b + pos, next - pos);
    return;
  }
  if (value < content_end && b[value] == ' ') value++;
  original = json_parse(b + value, content_end - value);
  if (original == NULL) {
    shuffle_buf_put(out, b + pos, next - pos);
    return;
  }
  shuffle_buf_put(out, b + pos, value - pos);
  payload_at = out->len;
  shuffle_valid(b + value, content_end - value, rng, out, &moved, &st->fixed_objects);
  /* The variant must be the same JSON value, or the test would blame the
     library for the shuffler's mistake. */
  shuffled = json_parse(out->data + payload_at, out->len - payload_at);
  if (shuffled == NULL || !same_value_any_member_order(original, shuffled)) st->not_equal++;
  json_free(shuffled);
  json_free(original);
  shuffle_buf_put(out, b + content_end, next - content_end);
  st->json_payloads++;
  if (moved) st->reordered++;
}

/* One event: the lines from `pos` up to and including its blank line (or
   the end of the body). Only a payload of one data line is rewritten: one
   of several lines is those lines joined with "\n", which no single line
   is on its own. Returns where the next event starts. */
static size_t shuffle_event(const char *b, size_t len, size_t pos, shuffle_rng *rng,
                            shuffle_buf *out, shuffle_stats *st) {
  size_t q = pos, next, end, data_lines = 0;
  int blank;
  do {
    end = line_content_end(b, len, q, &next);
    if (is_data_line(b + q, end - q)) data_lines++;
    blank = end == q;
    q = next;
  } while (!blank && q < len);
  if (data_lines > 1) st->multi_line++;
  end = q;
  for (q = pos; q < end; q = next) {
    size_t content_end = line_content_end(b, len, q, &next);
    if (data_lines == 1 && is_data_line(b + q, content_end - q))
      rewrite_data_line(b, q, content_end, next, rng, out, st);
    else
      shuffle_buf_put(out, b + q, next - q);
  }
  return end;
}

char *sse_shuffle_body(const char *body, size_t len, shuffle_rng *rng, size_t *out_len,
                       shuffle_stats *stats) {
  shuffle_buf out;
  shuffle_stats ignored;
  size_t pos = 0;
  memset(&ignored, 0, sizeof ignored);
  if (stats == NULL) stats = &ignored;
  memset(&out, 0, sizeof out);
  shuffle_buf_put(&out, "", 0);
  /* The BOM is skipped once at the start: the first field begins after it. */
  if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) {
    shuffle_buf_put(&out, body, 3);
    pos = 3;
  }
  while (pos < len) pos = shuffle_event(body, len, pos, rng, &out, stats);
  if (out_len != NULL) *out_len = out.len;
  return out.data;
}
