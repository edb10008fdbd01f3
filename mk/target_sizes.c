/*
 * Compiled for the target by `make size`, never linked or run: the size of
 * each array below is a sizeof on the target, read back with nm -S.
 */
#include "sse_delta.h"

char parser_size[sizeof(sse_delta_parser)];
char default_workspace_size[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];
