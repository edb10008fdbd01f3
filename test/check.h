/* A minimal test harness: each test is a void function; CHECK records a
   failure and carries on, so one run shows every broken expectation. */
#ifndef SSE_DELTA_TEST_CHECK_H
#define SSE_DELTA_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

extern int check_failed_;            /* failures in the running test */
extern const char *check_skip_reason_; /* set by SKIP */

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      check_failed_++;                                                         \
      fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__,       \
              #cond);                                                          \
    }                                                                          \
  } while (0)

#define CHECK_MSG(cond, ...)                                                   \
  do {                                                                         \
    if (!(cond)) {                                                             \
      check_failed_++;                                                         \
      fprintf(stderr, "  %s:%d: CHECK(%s) failed: ", __FILE__, __LINE__,       \
              #cond);                                                          \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
    }                                                                          \
  } while (0)

/* Compare two byte strings, showing both on failure. */
#define CHECK_STR(got, want)                                                   \
  do {                                                                         \
    const char *g_ = (got), *w_ = (want);                                      \
    if (strcmp(g_, w_) != 0) {                                                 \
      check_failed_++;                                                         \
      fprintf(stderr, "  %s:%d: %s\n    got:  %s\n    want: %s\n", __FILE__,   \
              __LINE__, #got, g_, w_);                                         \
    }                                                                          \
  } while (0)

#define SKIP(reason)                                                           \
  do {                                                                         \
    check_skip_reason_ = (reason);                                             \
    return;                                                                    \
  } while (0)

#endif
