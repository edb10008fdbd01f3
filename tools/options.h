/* The command line of sse-delta. */
#ifndef SSE_DELTA_TOOLS_OPTIONS_H
#define SSE_DELTA_TOOLS_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "sse_delta.h"

enum output_mode { MODE_TRANSCRIPT, MODE_SUMMARY, MODE_EVENTS, MODE_RAW, MODE_LIMITS };

struct options {
  enum output_mode mode;
  int mode_given;
  size_t feed_size; /* 0: each body in one call */
  sse_delta_dialect dialect;
  /* the parser's limits; 0: the library's default */
  uint32_t max_event_bytes, max_tokens, max_tool_calls;
  char **inputs; /* at least one; "-" is stdin */
  int input_count;
};

/* Fills opt from the command line. Returns 1 to go on, 0 for a bad command
   line (after one line on stderr saying why), -1 when help was asked for. */
int options_parse(struct options *opt, int argc, char **argv);

void options_print_usage(FILE *out);

#endif
