#include "grow_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void grow_put(grow_buf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->s = (char *)realloc(b->s, b->cap);
    if (b->s == NULL) abort();
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = '\0';
}

void grow_str(grow_buf *b, const char *s) { grow_put(b, s, strlen(s)); }

void grow_fmt(grow_buf *b, const char *fmt, ...) {
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  grow_str(b, line);
}

char *grow_take(grow_buf *b) {
  char *s = b->s;
  if (s == NULL) s = (char *)calloc(1, 1);
  if (s == NULL) abort();
  b->s = NULL;
  b->n = b->cap = 0;
  return s;
}
