/* One recorded body through the library in small slices, into the tool's
   --summary aggregator; shared by the test-arm program (on the boards and
   on the host) and by fit.c, which searches the smallest limits. */
#ifndef SSE_DELTA_ARM_RUN_BODY_H
#define SSE_DELTA_ARM_RUN_BODY_H

#include <stddef.h>

#include "sse_delta.h"
#include "summary.h"

/* The slice size the issue asks for: small, and prime, so that slice
   boundaries fall at every offset of every field. */
#define RUN_SLICE 7u

/* Feeds bytes[0..len) to a parser living in `ws` (ws_size bytes, any
   alignment) with `options`, RUN_SLICE bytes per call, then ends the
   stream; the summary `s` (initialized here, freed by the caller) gets
   the dialect and the verdict, *report the end() report. Returns end()'s
   status, or -1 when init or a feed did not succeed. The parser is a
   static of run_body(): one run at a time. */
int run_body(const unsigned char *bytes, size_t len, const sse_delta_options *options,
             unsigned char *ws, size_t ws_size, struct summary *s, sse_delta_report *report);

/* The summary as text: summary_json() of test/summary_run.h. */
#include "../summary_run.h"

#endif
