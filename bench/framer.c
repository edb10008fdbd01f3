#include "framer.h"

#include <string.h>

static void dispatch(bench_framer *f) {
  if (f->has_data) f->fn(f->user, f->event, f->event_len, f->buf, f->used);
  f->used = 0;
  f->has_data = 0;
  f->event_len = 0;
}

/* A data line too long for the buffer is dropped, as a small buffer must. */
static void data_line(bench_framer *f, const char *v, size_t n) {
  size_t join = f->has_data ? 1 : 0;
  if (f->used + join + n > f->cap) return;
  if (join) f->buf[f->used++] = '\n';
  memcpy(f->buf + f->used, v, n);
  f->used += n;
  f->has_data = 1;
}

static void line(bench_framer *f, const char *s, size_t n) {
  const char *colon;
  size_t name_len;
  if (n == 0) {
    dispatch(f);
    return;
  }
  colon = memchr(s, ':', n);
  name_len = colon ? (size_t)(colon - s) : n;
  if (name_len == 0) return; /* a comment */
  if (colon) {
    colon++;
    if (colon < s + n && *colon == ' ') colon++;
  } else {
    colon = s + n;
  }
  if (name_len == 4 && memcmp(s, "data", 4) == 0) {
    data_line(f, colon, (size_t)(s + n - colon));
  } else if (name_len == 5 && memcmp(s, "event", 5) == 0) {
    f->event_len = (size_t)(s + n - colon);
    if (f->event_len > sizeof f->event) f->event_len = sizeof f->event;
    memcpy(f->event, colon, f->event_len);
  }
}

void bench_frame_body(bench_framer *f, const char *s, size_t n) {
  const char *end = s + n, *nl;
  size_t len;
  f->used = 0;
  f->has_data = 0;
  f->event_len = 0;
  if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3;
  while (s < end) {
    nl = memchr(s, '\n', (size_t)(end - s));
    if (nl == NULL) break; /* an unterminated line ends nothing */
    len = (size_t)(nl - s);
    if (len && s[len - 1] == '\r') len--;
    line(f, s, len);
    s = nl + 1;
  }
}

size_t bench_count_lines(const char *s, size_t n) {
  const char *end = s + n, *nl;
  size_t lines = 0;
  while (s < end && (nl = memchr(s, '\n', (size_t)(end - s))) != NULL) {
    lines++;
    s = nl + 1;
  }
  return lines;
}
