/* The implementations the benchmark times on the same bytes. Each handles
   one stream (one recorded body) per call and adds what it found to *sums
   (bench/sums.h); bench/bench.c calls them in interleaved rounds. */
#ifndef SSE_DELTA_BENCH_IMPLS_H
#define SSE_DELTA_BENCH_IMPLS_H

#include "sums.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*bench_stream_fn)(const char *body, size_t len, bench_sums *sums);

/* Floors: what any consumer pays at least (bench/impl_floor.c). */
void bench_memchr_floor(const char *body, size_t len, bench_sums *sums);
void bench_jsmn_floor(const char *body, size_t len, bench_sums *sums);

/* Baselines reading the same fields as the library (bench/baseline.h). */
void bench_cjson(const char *body, size_t len, bench_sums *sums);
void bench_simdjson(const char *body, size_t len, bench_sums *sums);

/* The library (bench/impl_sse_delta.c): every callback set, fed whole;
   only on_content; every callback, fed in 64-byte slices; only on_event.
   bench_sse_delta_slices feeds in slices of bench_slice_size bytes
   (0: whole), for the scaling curve. */
void bench_sse_delta_all(const char *body, size_t len, bench_sums *sums);
void bench_sse_delta_content(const char *body, size_t len, bench_sums *sums);
void bench_sse_delta_64(const char *body, size_t len, bench_sums *sums);
void bench_sse_delta_framing(const char *body, size_t len, bench_sums *sums);
void bench_sse_delta_slices(const char *body, size_t len, bench_sums *sums, size_t slice);

#ifdef __cplusplus
}
#endif

#endif
