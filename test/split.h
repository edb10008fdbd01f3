/* Shared by the tests that hold a stream to split invariance. */
#ifndef SSE_DELTA_TEST_SPLIT_H
#define SSE_DELTA_TEST_SPLIT_H

#include "recorder.h"

/* Checks that every split point, byte-at-a-time feeding and pausing at
   every callback give the log of the whole feed; counts a failure (and
   prints the first difference) otherwise. Returns 1 when all agree. */
int check_split_invariance(const char *name, const char *bytes, size_t n, const feed_plan *base);

#endif
