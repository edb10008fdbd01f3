/* Callbacks that take what they get and go on, for the tests that need
   the LLM layer on but look only at the parser's state afterwards (the
   report, the quirk counters). */
#ifndef SSE_DELTA_TEST_NOOP_CALLBACKS_H
#define SSE_DELTA_TEST_NOOP_CALLBACKS_H

#include "../sse_delta.h"

int noop_text(void *user, uint32_t choice, const char *s, size_t n);
int noop_arguments(void *user, uint32_t choice, uint32_t tool, const char *s, size_t n);
int noop_finish(void *user, uint32_t choice, sse_delta_finish f, const char *raw, size_t n);
int noop_usage(void *user, const sse_delta_usage *usage);

#endif
