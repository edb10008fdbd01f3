/* A callback recorder for the tests: every callback becomes one line of a
   log, so a test states the exact expected sequence as text. */
#ifndef SSE_DELTA_TEST_RECORDER_H
#define SSE_DELTA_TEST_RECORDER_H

#include <stddef.h>

#include "../sse_delta.h"

/* How a stream is pushed through the parser. */
typedef struct feed_plan {
  size_t feed_size;  /* bytes per feed call; 0 = all at once */
  size_t split_at;   /* when non-zero: two feeds, split at this offset */
  int pause_always;  /* every callback asks to pause; the driver resumes */
  int framing_only;  /* set only on_event, on_retry and on_error */
  const sse_delta_options *options;
} feed_plan;

/* Run `n` bytes through a fresh parser and return the log (malloc'd, one
   line per callback, ending with "end <STATUS>\n"). Lines:
     event <type>|<data>|<id>        retry <ms>
     content <choice> <text>         reasoning <choice> <text>
     start <choice> <tool> <id>|<name>
     args <choice> <tool> <json>     finish <choice> <reason> <raw>|(none)
     usage <in> <out> <total> <cached> <reasoning> <cost>|-   (absent: -)
     error <NAME> <message>          done
   Text is written as is, but \n, \r, \t, \\ and other control bytes are
   escaped (\n \r \t \\ \xNN). */
char *record_stream(const char *bytes, size_t n, const feed_plan *plan);

/* record_stream with a default plan and the text given as a C string. */
char *record(const char *text);
char *record_framing(const char *text);

#endif
