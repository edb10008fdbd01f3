/* Helpers shared by the corpus and seed-cassette tests: run one stream
   through a fresh parser into the tool's --summary aggregator, write the
   summary as JSON, read a whole file. */
#ifndef SSE_DELTA_TEST_SUMMARY_RUN_H
#define SSE_DELTA_TEST_SUMMARY_RUN_H

#include <stddef.h>

#include "../sse_delta.h"
#include "summary.h"

/* Feeds bytes[0..len) to a fresh parser (default options, a malloc'd
   workspace of exactly SSE_DELTA_DEFAULT_WORKSPACE_SIZE bytes, so that a
   sanitizer sees any access beyond it), `feed_size` bytes per call (0: all
   at once), then ends the stream and sets the detected dialect. `s` is
   initialized here; the caller frees it with summary_free() whatever the
   result. *end_status (may be NULL) receives sse_delta_end()'s status.
   Returns 0, or -1 when init or a feed did not succeed (message on
   stderr). */
int run_summary(const char *bytes, size_t len, size_t feed_size,
                struct summary *s, sse_delta_status *end_status);

/* summary_write_json() into memory: a malloc'd NUL-terminated string, or
   NULL when summary_write_json() reports failure or memory runs out. */
char *summary_json(const struct summary *s, size_t *len);


#endif
