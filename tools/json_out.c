#include "json_out.h"

#include <inttypes.h>

static const char replacement_character[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* The range a UTF-8 sequence's second byte must be in, which depends on the
   lead byte: it is what rules out overlong forms, surrogates and code points
   above U+10FFFF. Returns the sequence length, or 0 for a byte that cannot
   lead one. */
static size_t utf8_lead(unsigned char lead, unsigned char *second_min,
                        unsigned char *second_max) {
  *second_min = 0x80;
  *second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead == 0xE0) *second_min = 0xA0;
  if (lead == 0xED) *second_max = 0x9F;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead == 0xF0) *second_min = 0x90;
  if (lead == 0xF4) *second_max = 0x8F;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

/* How many bytes at s (n > 0, s[0] >= 0x80) form a valid UTF-8 character.
   Returns 0 when they do not, with *invalid_len set to the length of the
   maximal subpart to replace by one U+FFFD (at least 1). */
static size_t utf8_valid_length(const unsigned char *s, size_t n,
                                size_t *invalid_len) {
  unsigned char lo, hi;
  size_t want = utf8_lead(s[0], &lo, &hi);
  size_t i;
  *invalid_len = 1;
  if (want == 0) return 0;
  for (i = 1; i < want; i++) {
    if (i >= n || s[i] < lo || s[i] > hi) {
      *invalid_len = i;
      return 0;
    }
    lo = 0x80;
    hi = 0xBF;
  }
  return want;
}

/* The escape for an ASCII byte that JSON does not allow raw, or NULL. */
static const char *json_escape(unsigned char c, char scratch[7]) {
  switch (c) {
  case '"': return "\\\"";
  case '\\': return "\\\\";
  case '\n': return "\\n";
  case '\r': return "\\r";
  case '\t': return "\\t";
  default: break;
  }
  if (c >= 0x20) return NULL;
  sprintf(scratch, "\\u%04x", (unsigned)c);
  return scratch;
}

/* Writes s[start..start+len); s may be NULL when len is 0. */
static void write_run(FILE *out, const char *s, size_t start, size_t len) {
  if (len > 0) fwrite(s + start, 1, len, out);
}

void json_write_string(FILE *out, const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t run = 0; /* bytes before i that are written verbatim */
  size_t i = 0;
  char scratch[7];
  putc('"', out);
  while (i < len) {
    const char *escape = NULL;
    size_t take = 1, skip = 1;
    if (u[i] < 0x80) {
      escape = json_escape(u[i], scratch);
    } else {
      take = utf8_valid_length(u + i, len - i, &skip);
      if (take == 0) escape = replacement_character;
    }
    if (escape == NULL) {
      run += take;
      i += take;
      continue;
    }
    write_run(out, s, i - run, run);
    fputs(escape, out);
    run = 0;
    i += skip;
  }
  write_run(out, s, i - run, run);
  putc('"', out);
}

void json_write_string_or_null(FILE *out, const char *s, size_t len) {
  if (s == NULL)
    fputs("null", out);
  else
    json_write_string(out, s, len);
}

void json_write_count(FILE *out, int64_t count) {
  if (count < 0)
    fputs("null", out);
  else
    fprintf(out, "%" PRId64, count);
}
