/* A small JSON reader for the tests (see json_value.h).

   jsmn is included here with NO configuration macros: jsmn_init and
   jsmn_parse are defined as ordinary extern functions, in non-strict mode,
   without parent links (16-byte tokens). The library compiles its own copy
   with JSMN_STATIC, JSMN_STRICT and JSMN_PARENT_LINKS, privately; the test
   runner links both, which is the point of test_jsmn_clash. */
#include "json_value.h"

#include <jsmn.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading -------------------------------------------------------------- */

struct reader {
  const char *js;
  size_t len;
  jsmntok_t *t;
  int ntok;
  int next; /* the next token to read */
};

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* jsmn's string tokens exclude the quotes; these give the whole text. */
static size_t tok_begin(const jsmntok_t *t) {
  return t->type == JSMN_STRING ? (size_t)t->start - 1 : (size_t)t->start;
}
static size_t tok_finish(const jsmntok_t *t) {
  return t->type == JSMN_STRING ? (size_t)t->end + 1 : (size_t)t->end;
}

/* Whether js[from..to) is whitespace, then exactly one `sep` when sep is
   not 0, then whitespace. This is what makes non-strict jsmn strict: every
   byte outside the tokens is checked, so missing or extra commas and
   colons, trailing commas, or stray text are all rejected. */
static int gap_ok(const struct reader *r, size_t from, size_t to, char sep) {
  size_t i;
  int seen = 0;
  if (from > to || to > r->len) return 0;
  for (i = from; i < to; i++) {
    char c = r->js[i];
    if (is_ws(c)) continue;
    if (sep != 0 && !seen && c == sep) {
      seen = 1;
      continue;
    }
    return 0;
  }
  return sep == 0 || seen;
}

static json_value *new_value(json_type type) {
  json_value *v = (json_value *)calloc(1, sizeof *v);
  if (v != NULL) v->type = type;
  return v;
}

/* The length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_valid(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  size_t need, i;
  unsigned long cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    cp = c & 0x07u;
  } else {
    return 0;
  }
  if (n < need + 1) return 0;
  for (i = 1; i <= need; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3Fu);
  }
  if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return need + 1;
}

static size_t put_utf8(char *out, unsigned long cp) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) { /* lone surrogates too: generalized UTF-8 */
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

static int hex4(const char *s, size_t n, unsigned long *out) {
  size_t i;
  unsigned long v = 0;
  if (n < 4) return 0;
  for (i = 0; i < 4; i++) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned long)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned long)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned long)(c - 'A' + 10);
    else return 0;
  }
  *out = v;
  return 1;
}

/* Unescapes the string body s[0..n) into a malloc'd buffer. NULL when the
   body is not a valid JSON string (raw control character, bad escape,
   invalid UTF-8) or memory runs out. Decoding never lengthens the text. */
static char *decode_string(const char *s, size_t n, size_t *out_len) {
  char *out = (char *)malloc(n + 1);
  size_t i = 0, o = 0;
  if (out == NULL) return NULL;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == '"') goto bad;
    if (c >= 0x80) {
      size_t k = utf8_valid((const unsigned char *)s + i, n - i);
      if (k == 0) goto bad;
      memcpy(out + o, s + i, k);
      o += k;
      i += k;
      continue;
    }
    if (c != '\\') {
      out[o++] = (char)c;
      i++;
      continue;
    }
    if (i + 1 >= n) goto bad;
    switch (s[i + 1]) {
      case '"': out[o++] = '"'; break;
      case '\\': out[o++] = '\\'; break;
      case '/': out[o++] = '/'; break;
      case 'b': out[o++] = '\b'; break;
      case 'f': out[o++] = '\f'; break;
      case 'n': out[o++] = '\n'; break;
      case 'r': out[o++] = '\r'; break;
      case 't': out[o++] = '\t'; break;
      case 'u': {
        unsigned long cp, lo;
        if (!hex4(s + i + 2, n - i - 2, &cp)) goto bad;
        i += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= n && s[i] == '\\' &&
            s[i + 1] == 'u' && hex4(s + i + 2, 4, &lo) && lo >= 0xDC00 &&
            lo <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        }
        o += put_utf8(out + o, cp);
        continue;
      }
      default: goto bad;
    }
    i += 2;
  }
  out[o] = '\0';
  *out_len = o;
  return out;
bad:
  free(out);
  return NULL;
}

/* Checks the RFC 8259 number grammar and fills the canonical form. */
static int read_number(json_value *v, const char *s, size_t n) {
  size_t i = 0, nd = 0, first;
  long long exp10 = 0, e = 0;
  int eneg = 0;
  char *digits;
  v->number_text = (char *)malloc(n + 1);
  digits = (char *)malloc(n + 1);
  v->digits = digits;
  if (v->number_text == NULL || digits == NULL) return 0;
  memcpy(v->number_text, s, n);
  v->number_text[n] = '\0';
  if (i < n && s[i] == '-') {
    v->negative = 1;
    i++;
  }
  if (i >= n || s[i] < '0' || s[i] > '9') return 0;
  if (s[i] == '0') {
    digits[nd++] = s[i++];
  } else {
    while (i < n && s[i] >= '0' && s[i] <= '9') digits[nd++] = s[i++];
  }
  if (i < n && s[i] == '.') {
    i++;
    if (i >= n || s[i] < '0' || s[i] > '9') return 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
      digits[nd++] = s[i++];
      exp10--;
    }
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    if (i >= n || s[i] < '0' || s[i] > '9') return 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
      if (e < 1000000000LL) e = e * 10 + (s[i] - '0');
      i++;
    }
  }
  if (i != n) return 0;
  exp10 += eneg ? -e : e;
  /* canonical: strip leading and trailing zero digits */
  for (first = 0; first < nd && digits[first] == '0'; first++) {
  }
  memmove(digits, digits + first, nd - first);
  nd -= first;
  while (nd > 0 && digits[nd - 1] == '0') {
    nd--;
    exp10++;
  }
  digits[nd] = '\0';
  v->ndigits = nd;
  if (nd == 0) {
    v->negative = 0;
    v->exponent = 0;
  } else {
    long long x = exp10 + (long long)nd;
    if (x > 2000000000LL) x = 2000000000LL;
    if (x < -2000000000LL) x = -2000000000LL;
    v->exponent = (long)x;
  }
  return 1;
}

static json_value *read_value(struct reader *r, size_t *pos);

static json_value *read_container(struct reader *r, size_t *pos) {
  const jsmntok_t *t = &r->t[r->next];
  int is_object = t->type == JSMN_OBJECT;
  size_t p = (size_t)t->start + 1, k, n = t->size > 0 ? (size_t)t->size : 0;
  json_value *v = new_value(is_object ? JSON_OBJECT : JSON_ARRAY);
  if (v == NULL) return NULL;
  if (is_object)
    v->members = (json_member *)calloc(n ? n : 1, sizeof *v->members);
  else
    v->items = (json_value **)calloc(n ? n : 1, sizeof *v->items);
  if (v->members == NULL && v->items == NULL) goto bad;
  r->next++;
  for (k = 0; k < n; k++) {
    const jsmntok_t *kt;
    if (r->next >= r->ntok) goto bad;
    kt = &r->t[r->next];
    if (!gap_ok(r, p, tok_begin(kt), k ? ',' : 0)) goto bad;
    if (is_object) {
      json_member *m = &v->members[k];
      const jsmntok_t *vt;
      if (kt->type != JSMN_STRING || kt->size != 1) goto bad;
      m->key = decode_string(r->js + kt->start, (size_t)(kt->end - kt->start),
                             &m->key_len);
      v->count = k + 1; /* so that json_free sees this member */
      if (m->key == NULL) goto bad;
      p = tok_finish(kt);
      r->next++;
      if (r->next >= r->ntok) goto bad;
      vt = &r->t[r->next];
      if (!gap_ok(r, p, tok_begin(vt), ':')) goto bad;
      m->value = read_value(r, &p);
      if (m->value == NULL) goto bad;
    } else {
      v->items[k] = read_value(r, &p);
      v->count = k + 1;
      if (v->items[k] == NULL) goto bad;
    }
  }
  if (t->end <= t->start || !gap_ok(r, p, (size_t)t->end - 1, 0) ||
      r->js[t->end - 1] != (is_object ? '}' : ']'))
    goto bad;
  *pos = (size_t)t->end;
  return v;
bad:
  json_free(v);
  return NULL;
}

/* Reads token r->next (and its children); *pos receives the end of the
   value's text. */
static json_value *read_value(struct reader *r, size_t *pos) {
  const jsmntok_t *t = &r->t[r->next];
  const char *s;
  size_t n;
  json_value *v;
  if (t->start < 0 || t->end < t->start) return NULL;
  s = r->js + t->start;
  n = (size_t)(t->end - t->start);
  switch (t->type) {
    case JSMN_OBJECT:
    case JSMN_ARRAY:
      return read_container(r, pos);
    case JSMN_STRING:
      if (t->size != 0) return NULL; /* a string with a child: "a":1 in an array */
      v = new_value(JSON_STRING);
      if (v == NULL) return NULL;
      v->string = decode_string(s, n, &v->len);
      if (v->string == NULL) {
        json_free(v);
        return NULL;
      }
      break;
    case JSMN_PRIMITIVE:
      if (t->size != 0) return NULL;
      if (n == 4 && memcmp(s, "null", 4) == 0) {
        v = new_value(JSON_NULL);
      } else if (n == 4 && memcmp(s, "true", 4) == 0) {
        v = new_value(JSON_BOOL);
        if (v != NULL) v->boolean = 1;
      } else if (n == 5 && memcmp(s, "false", 5) == 0) {
        v = new_value(JSON_BOOL);
      } else {
        v = new_value(JSON_NUMBER);
        if (v != NULL && !read_number(v, s, n)) {
          json_free(v);
          return NULL;
        }
      }
      if (v == NULL) return NULL;
      break;
    default:
      return NULL;
  }
  r->next++;
  *pos = tok_finish(t);
  return v;
}

json_value *json_parse(const char *text, size_t len) {
  struct reader r;
  unsigned int cap = 64;
  json_value *v;
  size_t end = 0;
  if (len > 0x7FFFFFF0u) return NULL; /* jsmn positions are int */
  memset(&r, 0, sizeof r);
  r.js = text;
  r.len = len;
  for (;;) {
    jsmn_parser p;
    jsmntok_t *grown = (jsmntok_t *)realloc(r.t, cap * sizeof *r.t);
    if (grown == NULL) {
      free(r.t);
      return NULL;
    }
    r.t = grown;
    jsmn_init(&p);
    r.ntok = jsmn_parse(&p, text, len, r.t, cap);
    if (r.ntok != JSMN_ERROR_NOMEM) break;
    cap *= 2;
  }
  /* one value, nothing around it but whitespace (a NUL byte stops jsmn,
     so it shows up as stray text after the value and is rejected) */
  if (r.ntok <= 0 || !gap_ok(&r, 0, tok_begin(&r.t[0]), 0)) {
    free(r.t);
    return NULL;
  }
  v = read_value(&r, &end);
  if (v != NULL && (r.next != r.ntok || !gap_ok(&r, end, len, 0))) {
    json_free(v);
    v = NULL;
  }
  free(r.t);
  return v;
}

json_value *json_parse_str(const char *text) {
  return json_parse(text, strlen(text));
}

void json_free(json_value *v) {
  size_t i;
  if (v == NULL) return;
  if (v->type == JSON_OBJECT && v->members != NULL) {
    for (i = 0; i < v->count; i++) {
      free(v->members[i].key);
      json_free(v->members[i].value);
    }
  }
  if (v->type == JSON_ARRAY && v->items != NULL)
    for (i = 0; i < v->count; i++) json_free(v->items[i]);
  free(v->members);
  free(v->items);
  free(v->string);
  free(v->number_text);
  free(v->digits);
  free(v);
}

/* ---- access --------------------------------------------------------------- */

static const json_value *get_n(const json_value *obj, const char *key,
                               size_t key_len) {
  size_t i;
  if (obj == NULL || obj->type != JSON_OBJECT) return NULL;
  for (i = 0; i < obj->count; i++)
    if (obj->members[i].key_len == key_len &&
        memcmp(obj->members[i].key, key, key_len) == 0)
      return obj->members[i].value;
  return NULL;
}

const json_value *json_get(const json_value *obj, const char *key) {
  return get_n(obj, key, strlen(key));
}

const json_value *json_at(const json_value *arr, size_t i) {
  if (arr == NULL || arr->type != JSON_ARRAY || i >= arr->count) return NULL;
  return arr->items[i];
}

double json_number(const json_value *v) {
  if (v == NULL || v->type != JSON_NUMBER) return 0;
  return strtod(v->number_text, NULL);
}

int json_is_string(const json_value *v, const char *s) {
  size_t n = strlen(s);
  return v != NULL && v->type == JSON_STRING && v->len == n &&
         memcmp(v->string, s, n) == 0;
}

/* ---- equality ------------------------------------------------------------- */

int json_equal(const json_value *a, const json_value *b) {
  size_t i;
  if (a == NULL || b == NULL) return a == b;
  if (a->type != b->type) return 0;
  switch (a->type) {
    case JSON_NULL:
      return 1;
    case JSON_BOOL:
      return a->boolean == b->boolean;
    case JSON_NUMBER:
      return a->negative == b->negative && a->exponent == b->exponent &&
             a->ndigits == b->ndigits &&
             memcmp(a->digits, b->digits, a->ndigits) == 0;
    case JSON_STRING:
      return a->len == b->len && memcmp(a->string, b->string, a->len) == 0;
    case JSON_ARRAY:
      if (a->count != b->count) return 0;
      for (i = 0; i < a->count; i++)
        if (!json_equal(a->items[i], b->items[i])) return 0;
      return 1;
    case JSON_OBJECT:
      if (a->count != b->count) return 0;
      for (i = 0; i < a->count; i++) {
        const json_member *m = &a->members[i];
        if (!json_equal(m->value, get_n(b, m->key, m->key_len))) return 0;
      }
      for (i = 0; i < b->count; i++) /* keys as sets, duplicates or not */
        if (get_n(a, b->members[i].key, b->members[i].key_len) == NULL) return 0;
      return 1;
  }
  return 0;
}

int json_arguments_equal(const char *a, size_t a_len, const char *b,
                         size_t b_len) {
  json_value *va, *vb;
  int same;
  if (a_len == b_len && memcmp(a, b, a_len) == 0) return 1;
  if (a_len == 0) {
    a = "{}";
    a_len = 2;
  }
  if (b_len == 0) {
    b = "{}";
    b_len = 2;
  }
  va = json_parse(a, a_len);
  vb = json_parse(b, b_len);
  same = va != NULL && vb != NULL && json_equal(va, vb);
  json_free(va);
  json_free(vb);
  return same;
}

/* ---- comparing summaries -------------------------------------------------- */

static int differ(json_diff *d, const char *where, const char *key,
                  const json_value *got, const json_value *want) {
  if (d != NULL) {
    size_t n = strlen(where), k = strlen(key);
    if (n >= sizeof d->where) n = sizeof d->where - 1;
    memcpy(d->where, where, n);
    if (k > sizeof d->where - 1 - n) k = sizeof d->where - 1 - n;
    memcpy(d->where + n, key, k);
    d->where[n + k] = '\0';
    d->got = got;
    d->want = want;
  }
  return 0;
}

static int is_null_or_absent(const json_value *v) {
  return v == NULL || v->type == JSON_NULL;
}

/* Compares the members of two objects as key sets; `rule` decides one key's
   equality. Reports the first difference under the prefix `where`. */
typedef int (*member_rule)(const char *key, const json_value *got,
                           const json_value *want, json_diff *d,
                           const char *where);

static int compare_members(const json_value *got, const json_value *want,
                           member_rule rule, json_diff *d, const char *where) {
  size_t i;
  for (i = 0; i < got->count; i++) {
    const json_member *m = &got->members[i];
    if (get_n(got, m->key, m->key_len) != m->value) continue; /* duplicate */
    if (!rule(m->key, m->value, get_n(want, m->key, m->key_len), d, where))
      return 0;
  }
  for (i = 0; i < want->count; i++) {
    const json_member *m = &want->members[i];
    if (get_n(got, m->key, m->key_len) == NULL &&
        !rule(m->key, NULL, m->value, d, where))
      return 0;
  }
  return 1;
}

static int usage_rule(const char *key, const json_value *got,
                      const json_value *want, json_diff *d, const char *where) {
  if (is_null_or_absent(got) && is_null_or_absent(want)) return 1;
  return json_equal(got, want) ? 1 : differ(d, where, key, got, want);
}

static int tool_call_rule(const char *key, const json_value *got,
                          const json_value *want, json_diff *d,
                          const char *where) {
  if (strcmp(key, "arguments") == 0 && got != NULL && want != NULL &&
      got->type == JSON_STRING && want->type == JSON_STRING)
    return json_arguments_equal(got->string, got->len, want->string, want->len)
               ? 1
               : differ(d, where, key, got, want);
  return json_equal(got, want) ? 1 : differ(d, where, key, got, want);
}

static int summary_rule(const char *key, const json_value *got,
                        const json_value *want, json_diff *d,
                        const char *where) {
  (void)where;
  /* the tool's verdict is added to SPEC section 3's keys, which the
     expected summaries hold */
  if (strcmp(key, "verdict") == 0 && want == NULL) return 1;
  if (got == NULL || want == NULL) return differ(d, "", key, got, want);
  if (strcmp(key, "usage") == 0 && got->type == JSON_OBJECT &&
      want->type == JSON_OBJECT)
    return compare_members(got, want, usage_rule, d, "usage.");
  if (strcmp(key, "tool_calls") == 0 && got->type == JSON_ARRAY &&
      want->type == JSON_ARRAY) {
    size_t i;
    if (got->count != want->count)
      return differ(d, "", "tool_calls (number of calls)", got, want);
    for (i = 0; i < got->count; i++) {
      char prefix[48];
      const json_value *g = got->items[i], *w = want->items[i];
      sprintf(prefix, "tool_calls[%lu].", (unsigned long)i);
      if (g->type == JSON_OBJECT && w->type == JSON_OBJECT) {
        if (!compare_members(g, w, tool_call_rule, d, prefix)) return 0;
      } else if (!json_equal(g, w)) {
        prefix[strlen(prefix) - 1] = '\0';
        return differ(d, prefix, "", g, w);
      }
    }
    return 1;
  }
  return json_equal(got, want) ? 1 : differ(d, "", key, got, want);
}

int json_summary_diff(const json_value *got, const json_value *want,
                      json_diff *diff) {
  if (got == NULL || want == NULL || got->type != JSON_OBJECT ||
      want->type != JSON_OBJECT)
    return json_equal(got, want) ? 1 : differ(diff, "(whole summary)", "", got, want);
  return compare_members(got, want, summary_rule, diff, "");
}

int json_equal_summary(const json_value *a, const json_value *b) {
  return json_summary_diff(a, b, NULL);
}

/* ---- writing -------------------------------------------------------------- */

struct buf {
  char *p;
  size_t len, cap;
  int failed;
};

static void put(struct buf *b, const char *s, size_t n) {
  if (b->failed) return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    char *grown;
    while (cap < b->len + n + 1) cap *= 2;
    grown = (char *)realloc(b->p, cap);
    if (grown == NULL) {
      b->failed = 1;
      return;
    }
    b->p = grown;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void put_s(struct buf *b, const char *s) { put(b, s, strlen(s)); }

static void put_string(struct buf *b, const char *s, size_t n) {
  size_t i;
  put_s(b, "\"");
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    char esc[8];
    if (c == '"' || c == '\\') {
      esc[0] = '\\';
      esc[1] = (char)c;
      put(b, esc, 2);
    } else if (c == '\n') {
      put_s(b, "\\n");
    } else if (c < 0x20) {
      sprintf(esc, "\\u%04x", c);
      put_s(b, esc);
    } else {
      put(b, s + i, 1);
    }
  }
  put_s(b, "\"");
}

static void put_value(struct buf *b, const json_value *v) {
  size_t i;
  switch (v->type) {
    case JSON_NULL: put_s(b, "null"); break;
    case JSON_BOOL: put_s(b, v->boolean ? "true" : "false"); break;
    case JSON_NUMBER: put_s(b, v->number_text); break;
    case JSON_STRING: put_string(b, v->string, v->len); break;
    case JSON_ARRAY:
      put_s(b, "[");
      for (i = 0; i < v->count; i++) {
        if (i) put_s(b, ",");
        put_value(b, v->items[i]);
      }
      put_s(b, "]");
      break;
    case JSON_OBJECT:
      put_s(b, "{");
      for (i = 0; i < v->count; i++) {
        if (i) put_s(b, ",");
        put_string(b, v->members[i].key, v->members[i].key_len);
        put_s(b, ":");
        put_value(b, v->members[i].value);
      }
      put_s(b, "}");
      break;
  }
}

char *json_to_string(const json_value *v) {
  struct buf b;
  memset(&b, 0, sizeof b);
  if (v == NULL)
    put_s(&b, "(absent)");
  else
    put_value(&b, v);
  if (b.failed) {
    free(b.p);
    return NULL;
  }
  return b.p;
}

json_any_function json_value_jsmn_parse_address(void) {
  return (json_any_function)jsmn_parse;
}
