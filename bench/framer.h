/* The SSE framing every baseline of the benchmark shares: memchr for the
   line ends, data lines joined into the caller's buffer, an event
   dispatched at each empty line (as WHATWG's EventSource; an event the
   body leaves unterminated is not dispatched, as in the library). Enough
   for the recorded bodies: LF and CRLF line ends, comments, event names. */
#ifndef SSE_DELTA_BENCH_FRAMER_H
#define SSE_DELTA_BENCH_FRAMER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BENCH_EVENT_NAME_BYTES 64

typedef void (*bench_event_fn)(void *user, const char *event, size_t event_len,
                               char *data, size_t len);

typedef struct bench_framer {
  char *buf; /* the caller's: cap bytes */
  size_t cap, used;
  int has_data;
  char event[BENCH_EVENT_NAME_BYTES];
  size_t event_len;
  bench_event_fn fn;
  void *user;
} bench_framer;

void bench_frame_body(bench_framer *f, const char *s, size_t n);

/* Line ends only: the memory-bandwidth floor. Returns how many. */
size_t bench_count_lines(const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif
