/* SSE framing cases written from the WHATWG rules (doc/rules.md section 2):
   an input and the exact framing-layer log it must give (recorder.h). The
   framing tests check each whole; the split tests feed each at every split
   point, byte by byte and pausing at every callback. */
#ifndef SSE_DELTA_TEST_FRAMING_CASES_H
#define SSE_DELTA_TEST_FRAMING_CASES_H

#include <stddef.h>

typedef struct framing_case {
  const char *name;
  const char *input;
  size_t len; /* 0: strlen(input) */
  const char *expect;
  unsigned max_event_bytes; /* 0: the default */
} framing_case;

extern const framing_case framing_cases[];
extern const size_t framing_case_count;

#endif
