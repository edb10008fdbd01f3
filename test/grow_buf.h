/* A growing, NUL-terminated byte string, for the tests that build streams
   and expected logs. Out of memory aborts: a test cannot go on without. */
#ifndef SSE_DELTA_TEST_GROW_BUF_H
#define SSE_DELTA_TEST_GROW_BUF_H

#include <stddef.h>

typedef struct grow_buf {
  char *s; /* NULL until something is put */
  size_t n, cap;
} grow_buf;

void grow_put(grow_buf *b, const char *s, size_t n);
void grow_str(grow_buf *b, const char *s);
/* printf-style, up to 511 bytes at a time */
void grow_fmt(grow_buf *b, const char *fmt, ...);
/* The string (malloc'd, "" when nothing was put); b is empty again. */
char *grow_take(grow_buf *b);

#endif
