/* The --events and --raw outputs: one JSON object per line.
   --events: one line per LLM-layer callback (and on_error), with all its
   fields, e.g. {"cb":"content","choice":0,"text":"Hi"} (tool arguments
   both as text and as fields, tool_call_field), and at the end of each
   stream the quirks the parser normalized.
   --raw: one line per dispatched SSE event, {"event":…,"data":…,"id":…},
   and {"retry":N} per accepted retry field: the framing layer only. */
#ifndef SSE_DELTA_TOOLS_JSON_LINES_H
#define SSE_DELTA_TOOLS_JSON_LINES_H

#include <stdio.h>

#include "sse_delta.h"

struct json_lines {
  FILE *out;
};

/* Sets every LLM-layer callback and on_error. The parser's user pointer
   must be the struct json_lines. */
void json_lines_set_event_callbacks(sse_delta_callbacks *cb);

/* Sets on_event and on_retry. Same user pointer. */
void json_lines_set_raw_callbacks(sse_delta_callbacks *cb);

/* The stream's quirk counters that are not zero, as one line:
   {"quirks":{"comment_lines":3}} ({"quirks":{}} when none). */
void json_lines_write_quirks(FILE *out, const sse_delta_quirks *q);

#endif
