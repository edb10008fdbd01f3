/* The --limits output: what the given recordings need of the parser's
   limits (the largest event, the most JSON tokens in one payload, the most
   tool calls in one stream) and the workspace those take, so that a device
   can be sized for its provider. */
#ifndef SSE_DELTA_TOOLS_LIMITS_H
#define SSE_DELTA_TOOLS_LIMITS_H

#include <stdio.h>

#include "sse_delta.h"

struct limits {
  size_t largest_event;
  unsigned long most_tokens, most_calls;
  unsigned long streams;
  char largest_where[200]; /* which stream holds the largest event */
  const char *stream_name; /* the stream being read, for largest_where */
  long interaction;
};

/* The limits to parse with while measuring: roomy, since what the
   recordings need is not known yet. */
void limits_measuring_options(sse_delta_options *o);

/* Sets on_event and on_tool_call_start. The parser's user pointer must be
   the struct limits. */
void limits_set_callbacks(sse_delta_callbacks *cb);

void limits_begin_stream(struct limits *l, const char *name, long interaction);
void limits_end_stream(struct limits *l, const sse_delta_report *r);

/* The needs, the workspace they take, and the options giving exactly them;
   the last line is "limits max_event_bytes=E max_tokens=T max_tool_calls=C
   workspace=W". */
void limits_write(const struct limits *l, FILE *out);

#endif
