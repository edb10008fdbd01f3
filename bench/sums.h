/* What every implementation of the benchmark computes from the same bytes,
   so that the table can show they did the same work (bench/bench.c fails
   when two disagree). One set per input, summed over its streams. */
#ifndef SSE_DELTA_BENCH_SUMS_H
#define SSE_DELTA_BENCH_SUMS_H

#include "sse_delta.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* finish[] has one slot per sse_delta_finish, and BENCH_NO_FINISH for a
   stream whose choice 0 never finished. */
#define BENCH_NO_FINISH SSE_DELTA_FINISH_COUNT

typedef struct bench_sums {
  uint64_t content;   /* bytes of answer text, every choice */
  uint64_t reasoning; /* bytes of reasoning text, every choice */
  uint64_t calls;     /* tool calls started */
  uint64_t arguments; /* bytes of tool-call argument text, JSON white space
                         outside strings not counted (bench_arguments) */
  uint64_t finish[SSE_DELTA_FINISH_COUNT + 1]; /* streams by choice 0's final finish */
  uint64_t tokens;    /* the final total_tokens of each stream */
} bench_sums;

/* What one stream is left with when it ends, folded into the sums. */
typedef struct bench_stream_end {
  int finish;         /* an sse_delta_finish, or BENCH_NO_FINISH */
  int64_t total;      /* the last reported total_tokens, or SSE_DELTA_ABSENT */
} bench_stream_end;

void bench_sums_end_stream(bench_sums *s, const bench_stream_end *e);

/* Counts the argument bytes of one call's next fragment that are not JSON
   white space outside a string: a property of the call's whole text, not
   of where fragments are cut (*state, 0 at the call's start, carries
   "inside a string" and "after a backslash" over). Counting this way
   lets a baseline that re-prints a JSON value (cJSON) agree with one that
   passes the provider's text on as sent. */
uint64_t bench_arguments(unsigned char *state, const char *s, size_t n);

/* 1 when every field agrees. */
int bench_sums_equal(const bench_sums *a, const bench_sums *b);

#ifdef __cplusplus
}
#endif

#endif
