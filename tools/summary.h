/* The --summary aggregator: collects one stream's callbacks into the
   summary of doc/rules.md section 16 and writes it as one JSON object.

       struct summary s;
       sse_delta_callbacks cb;
       memset(&cb, 0, sizeof cb);
       summary_init(&s);
       summary_set_callbacks(&cb);
       sse_delta_init(&p, ws, sizeof ws, &cb, &s, NULL);   user = &s
       ... sse_delta_feed(), sse_delta_end() ...
       summary_set_dialect(&s, sse_delta_get_dialect(&p));
       summary_write_json(&s, stdout);
       summary_free(&s);

   Reuse for the next stream: summary_free() then summary_init(). */
#ifndef SSE_DELTA_TOOLS_SUMMARY_H
#define SSE_DELTA_TOOLS_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

#include "sse_delta.h"

/* A growing byte string; `data` is NULL until the first byte arrives. */
struct summary_text {
  char *data;
  size_t len, cap;
};

struct summary_tool_call {
  struct summary_text id;   /* empty: null in the JSON */
  struct summary_text name; /* empty: null in the JSON */
  struct summary_text arguments;
};

struct summary {
  sse_delta_dialect dialect; /* AUTO: null in the JSON */
  struct summary_text content;
  struct summary_text reasoning;
  struct summary_tool_call *tool_calls; /* choice 0's, by tool ordinal */
  size_t tool_call_count;
  int has_finish;
  sse_delta_finish finish;
  int has_finish_raw;
  struct summary_text finish_raw;
  int has_usage;
  sse_delta_usage usage; /* cost is not kept: cost NULL, cost_len 0 */
  int done;
  struct summary_text *errors; /* the provider's error messages */
  size_t error_count;
  int out_of_memory; /* some text was lost; summary_write_json() fails */
  const char *verdict; /* sse_delta_verdict_name(), or NULL: not written */
};

void summary_init(struct summary *s);

/* Sets on_content, on_reasoning, on_tool_call_start, on_tool_call_arguments,
   on_finish, on_usage, on_error and on_done; the others are left alone. The
   parser's user pointer must be the struct summary. */
void summary_set_callbacks(sse_delta_callbacks *cb);

/* The on_error that summary_set_callbacks() installs, exposed so that a
   caller with an on_error of its own can pass the call on. Keeps the
   message of SSE_DELTA_E_PROVIDER only. Returns 0. */
int summary_on_error(void *summary, sse_delta_status code, const char *message,
                     size_t message_len);

/* The dialect to report: call with sse_delta_get_dialect() after end(). */
void summary_set_dialect(struct summary *s, sse_delta_dialect dialect);

/* Writes the summary as one JSON object, with no newline after it. Returns 0,
   or -1 when memory ran out while collecting, so that what was written is
   incomplete. (Write errors are the caller's to check, with ferror.) */
int summary_write_json(const struct summary *s, FILE *out);

/* Frees what the summary holds; summary_init() makes it usable again. */
void summary_free(struct summary *s);

#endif
