/* A callback recorder for the tests and the fuzzers: every callback
   becomes one line of a log, so a test states the exact expected sequence
   as text. While it records, it checks what the header promises of every
   call, and aborts with a message on stderr when a promise is broken:
   every slice lies in the workspace (or is one of the library's constant
   texts) and fits in it; `tool` is below max_tool_calls; a call starts
   once, before its argument bytes; done comes at most once per stream;
   on_error gets only stream codes; feed() returns OK or PAUSED (PAUSED
   only after a callback asked), never consumes more than it was given,
   and end() returns OK, E_TRUNCATED_EVENT or E_NO_END_MARKER. */
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
  /* The fuzzers' plans; zero in the tests' own. */
  const size_t *cuts; /* feed boundaries, ascending offsets (overrides the above) */
  size_t n_cuts;
  const unsigned char *pauses; /* callback k pauses when bit k % (8 * n_pauses) is set */
  size_t n_pauses;
  int zero_feed_first; /* after a pause, resume with a zero-length feed first */
  int with_on_event;   /* with the LLM callbacks, set on_event as well */
  size_t reset_after;  /* when non-zero: feed this many bytes, reset(), then
                          record the whole input as a new stream */
  unsigned only;       /* when non-zero: set only these callbacks (CB_ bits) */
  size_t *end_at_pause; /* when set: the first pause ends the stream there: the
                           bytes used so far are stored here, end() is called
                           at once, and every callback during end() asks to
                           pause (end() must ignore it) */
  int with_report;      /* log end()'s report after its status */
  size_t reconnect_at;  /* when non-zero: the bytes are two connections; after
                           this many, sse_delta_reconnect() (it must return
                           OK), then the rest, each fed per the plan */
  int with_fields;      /* set on_tool_call_field too (CB_FIELD with `only`) */
  size_t *reconnect_at_pause; /* with reconnect_at: the first pause in the first
                                 connection's bytes cuts it there, and
                                 sse_delta_reconnect() is called while paused;
                                 the bytes used until then are stored here (0:
                                 no pause came) */
} feed_plan;

/* Callback bits for feed_plan.only. */
#define CB_EVENT 0x001u
#define CB_RETRY 0x002u
#define CB_CONTENT 0x004u
#define CB_REASONING 0x008u
#define CB_START 0x010u
#define CB_ARGS 0x020u
#define CB_FINISH 0x040u
#define CB_USAGE 0x080u
#define CB_ERROR 0x100u
#define CB_DONE 0x200u
#define CB_FIELD 0x400u

/* Run `n` bytes through a fresh parser and return the log (malloc'd, one
   line per callback, ending with "end <STATUS>\n"). Lines:
     event <type>|<data>|<id>        retry <ms>
     content <choice> <text>         reasoning <choice> <text>
     start <choice> <tool> <id>|<name>
     args <choice> <tool> <json>     finish <choice> <reason> <raw>|(none)
     usage <in> <out> <total> <cached> <reasoning> <cost>|-   (absent: -)
     error <NAME> <message>          done
     field <choice> <tool> <path>[ deep][ key_cut] <kind> last|more <piece>
       (path: .key per member, [n] per element; kind: string, number,
       true, false, null, invalid)
   Text is written as is, but \n, \r, \t, \\ and other control bytes are
   escaped (\n \r \t \\ \xNN). */
char *record_stream(const char *bytes, size_t n, const feed_plan *plan);

/* record_stream with a default plan and the text given as a C string. */
char *record(const char *text);
char *record_framing(const char *text);

#endif
