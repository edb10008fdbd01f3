/* The bytes the benchmarks run on, loaded into memory before anything is
   timed: recorded bodies (raw SSE files, go-vcr cassettes, the recorded
   corpus) and synthetic openai-chat streams. Each body is one stream. */
#ifndef SSE_DELTA_BENCH_INPUTS_H
#define SSE_DELTA_BENCH_INPUTS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bench_body {
  char *data;
  size_t len;
} bench_body;

typedef struct bench_input {
  const char *name;
  bench_body *bodies;
  size_t count, cap;
  size_t bytes;    /* of one pass over the bodies */
  unsigned passes; /* passes per timed run (bench_repeat_to) */
} bench_input;

/* A raw SSE body or each response body of a go-vcr cassette. Returns 0, or
   -1 after saying why on stderr. */
int bench_add_file(bench_input *in, const char *path);

/* Every *.sse body of a recorded corpus directory in name order; with
   dialect non-NULL only those whose expected/<name>.json names that
   dialect. Returns how many were added (0 when the directory is absent). */
size_t bench_add_corpus(bench_input *in, const char *dir, const char *dialect);

/* One openai-chat stream of `events` events of `text_bytes` bytes of
   content each (ordinary text, a \n escape every 4 KB), then [DONE]. */
void bench_add_synthetic(bench_input *in, size_t text_bytes, size_t events);

/* Enough passes that one run reads at least min_bytes. */
void bench_repeat_to(bench_input *in, size_t min_bytes);

void bench_input_free(bench_input *in);

#ifdef __cplusplus
}
#endif

#endif
