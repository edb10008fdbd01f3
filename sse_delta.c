/* The compilation unit the Makefile builds into libsse_delta.a: the whole
 * library is in sse_delta.h, compiled here. */
#define SSE_DELTA_IMPLEMENTATION
#include "sse_delta.h"
