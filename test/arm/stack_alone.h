/* The library's own stack use, measured to stand next to make size's
   static figure, which leaves the user's callbacks out: each body run
   with callbacks that do nothing (every LLM callback set, so that the
   whole LLM layer works). */
#ifndef SSE_DELTA_ARM_STACK_ALONE_H
#define SSE_DELTA_ARM_STACK_ALONE_H

#include <stddef.h>

#include "bodies.h"
#include "sse_delta.h"

/* The most stack bytes below this function's caller that init, the
   7-byte feeds and end used over all the bodies (0 on the host); -1 in
   *failed when the parser refused something. */
size_t deepest_library_run(const sse_delta_options *opt, unsigned char *ws, size_t ws_size,
                           int *failed);

#endif
