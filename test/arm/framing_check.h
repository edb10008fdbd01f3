/* The framing cases of the host tests (test/framing_cases.c) on the
   board: each must give its expected log whole, in slices, split at every
   byte and with every callback pausing. */
#ifndef SSE_DELTA_ARM_FRAMING_CHECK_H
#define SSE_DELTA_ARM_FRAMING_CHECK_H

#include <stddef.h>

/* Prints each case's log in `slice`-byte slices and one line for the
   whole set; returns the number of cases that failed. */
int framing_check(size_t slice);

#endif
