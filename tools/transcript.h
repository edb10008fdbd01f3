/* The default output: a readable live transcript of the stream. Text is
   written as it arrives, reasoning is set apart in a [reasoning] block, each
   tool call is a line `-> tool NAME(id ID) ARGUMENTS` with its arguments as
   they stream, and the stream's last finish reason and usage follow on one
   line when the stream ends. */
#ifndef SSE_DELTA_TOOLS_TRANSCRIPT_H
#define SSE_DELTA_TOOLS_TRANSCRIPT_H

#include <stdio.h>

#include "sse_delta.h"

enum transcript_section {
  TRANSCRIPT_NONE,
  TRANSCRIPT_CONTENT,
  TRANSCRIPT_REASONING,
  TRANSCRIPT_TOOL
};

/* The last finish reason of one choice. */
struct transcript_finish {
  uint32_t choice;
  sse_delta_finish reason;
  char *raw; /* NUL-terminated copy, or NULL when no word came */
};

struct transcript {
  FILE *out;
  int color; /* ANSI styles on */
  /* where the text written last belongs, to know when to start a line */
  enum transcript_section section;
  uint32_t choice, tool;
  int at_line_start;
  /* kept for the end of the stream */
  struct transcript_finish *finishes;
  size_t finish_count;
  int has_usage;
  sse_delta_usage usage; /* cost points to cost_copy when set */
  char *cost_copy;
  int out_of_memory;
};

void transcript_init(struct transcript *t, FILE *out, int color);

/* Sets on_content, on_reasoning, on_tool_call_start, on_tool_call_arguments,
   on_finish and on_usage. The parser's user pointer must be the struct
   transcript. */
void transcript_set_callbacks(sse_delta_callbacks *cb);

/* A heading line of its own: "== LABEL ==". */
void transcript_heading(struct transcript *t, const char *label);

/* Closes the open line and writes the finish and usage line, then forgets
   the stream. Returns -1 when memory ran out during the stream, else 0. */
int transcript_end_stream(struct transcript *t, const sse_delta_report *report);

/* Why a stream is not complete, in words ("no finish reason"...); NULL
   when it is. */
const char *transcript_verdict_reason(const sse_delta_report *report);

void transcript_free(struct transcript *t);

#endif
