/*
 * sse_delta.h - turn the bytes of an LLM streaming response into typed events.
 * A single-header library (stb style): this comment is the manual, the API
 * follows it, and the implementation sits at the end of the file.
 *
 * A push parser with no allocator, no stdio and no global state. You hand it
 * byte slices of any size as they arrive from the network; it frames
 * Server-Sent Events (WHATWG HTML "server-sent events"), tokenizes each JSON
 * payload with jsmn into memory you provide, maps the fields of the detected
 * API dialect and calls your callbacks:
 *
 *     bytes -> SSE framer -> event payload -> JSON tokens
 *           -> dialect field mapping -> delivery queue -> your callbacks
 *
 * Dialects: OpenAI Chat Completions (and every OpenAI-compatible server),
 * Anthropic Messages, the OpenAI Responses API, and Gemini
 * streamGenerateContent?alt=sse. The framing layer is usable on its own for
 * any SSE stream (see on_event). doc/rules.md in the repository lists every
 * framing and dialect rule the library follows.
 *
 * ------------------------------------------------------------------------
 * Building it in
 *
 * In exactly one C (or C++) file of your program:
 *
 *     #define SSE_DELTA_IMPLEMENTATION
 *     #include "sse_delta.h"
 *
 * and include "sse_delta.h" without the define wherever you call it. The
 * implementation includes <jsmn.h> (Debian: libjsmn-dev; or the jsmn
 * project's single header) with its own configuration, under private names:
 * it does not clash with your own copy of jsmn, in any configuration, in
 * any order of includes, in the same file or another. What the
 * implementation file must not do: define macros named like jsmn's own
 * identifiers (jsmn_parse, jsmntok_t, JSMN_OBJECT...) or beginning with
 * SD_ or sd_ before the include, and rely on JSMN_HEADER, JSMN_STATIC,
 * JSMN_STRICT or JSMN_PARENT_LINKS staying defined after it (they are
 * restored only as "defined", without their former value). The simplest is
 * what the bundled sse_delta.c does: a file of its own. `make` builds that
 * file into build/libsse_delta.a.
 *
 * ------------------------------------------------------------------------
 * Using it
 *
 *     static int on_text(void *user, uint32_t choice, const char *s, size_t n)
 *     {  fwrite(s, 1, n, stdout); return 0;  }
 *
 *     static unsigned char ws[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];
 *     sse_delta_parser p;
 *     sse_delta_callbacks cb;
 *     memset(&cb, 0, sizeof cb);
 *     cb.on_content = on_text;
 *     sse_delta_init(&p, ws, sizeof ws, &cb, NULL, NULL);
 *     while ((n = recv(fd, buf, sizeof buf, 0)) > 0)
 *         sse_delta_feed(&p, buf, n, NULL);
 *     sse_delta_report r;
 *     sse_delta_end(&p, &r);
 *     if (sse_delta_verdict_of(&r) != SSE_DELTA_COMPLETE) ... cut or failed
 *
 * ------------------------------------------------------------------------
 * Memory and ownership
 *
 * - The caller owns every byte: the sse_delta_parser struct (its size is known
 *   at compile time, at most 256 bytes on 32-bit targets; treat its members
 *   as private) and one workspace, a byte array of at least
 *   sse_delta_workspace_size() bytes. The workspace holds, for the limits
 *   you chose in sse_delta_options:
 *     - the event buffer (max_event_bytes): the data of the event being
 *       parsed; JSON strings are decoded in place there. An event whose
 *       data is longer still delivers the text it streams, a piece at a
 *       time, through the same buffer (see "Events over the buffer");
 *     - the token array (max_tokens) and the delivery queue: one jsmn token
 *       and at most one queued callback per token (see "How an event is
 *       delivered"), SSE_DELTA_TOKEN_BYTES per token;
 *     - the tool-call table (max_tool_calls slots, each with max_field_bytes
 *       for the call's id and for its name, and the state of its argument
 *       check and of its argument fields);
 *     - the event type and the event ids (max_field_bytes each; three ids:
 *       the last dispatched event's, the current event's, and one being
 *       read, so a field that turns out invalid spoils neither),
 *       the finish word of each tracked choice (max_choices), and the usage
 *       being reported.
 *   SSE_DELTA_WORKSPACE_SIZE_FOR() gives the exact size at compile time.
 *   Nothing grows after sse_delta_init(); the workspace need not be aligned.
 * - The parser never keeps a pointer to the bytes you feed: sse_delta_feed()
 *   copies what it needs, so your receive buffer is yours again on return.
 * - Every pointer a callback receives points into the workspace (the event
 *   buffer; for on_event the type and id storage; for on_tool_call_start the
 *   tool-call table) or into constant data, and is valid only during that
 *   call. Copy what you keep. Slices are (pointer, length) pairs and are NOT
 *   NUL-terminated; a string may contain NUL bytes when the provider sent
 *   "\u0000".
 * - Strings are delivered JSON-unescaped as UTF-8: \uXXXX escapes and
 *   surrogate pairs are decoded, and a pair split over two consecutive
 *   deltas of the same stream of text is joined into one character.
 *   A lone surrogate is replaced by U+FFFD (EF BF BD) and reported as
 *   SSE_DELTA_E_LONE_SURROGATE. Invalid UTF-8 inside a JSON string the
 *   library decodes for you is reported as SSE_DELTA_E_BAD_UTF8 and passed
 *   through UNCHANGED, and so are control bytes a provider left unescaped
 *   (JSON wants them escaped; the library does not read every string byte
 *   to check); the framing layer (on_event's type, data and id) passes
 *   bytes on without looking at their encoding.
 *
 * Threads and reentrancy: no global mutable state; any number of parsers may
 * run at once, each used by one thread at a time. Calling sse_delta_feed()
 * or sse_delta_end() from inside a callback of the same parser is refused
 * with SSE_DELTA_E_MISUSE; sse_delta_reset() from inside a callback does
 * nothing (return non-zero to pause, then reset).
 *
 * ------------------------------------------------------------------------
 * How an event is delivered, and pausing
 *
 * When a blank line completes an event, on_event (if set) gets its raw
 * data first. Then the dialect's mapping reads the payload's JSON tokens
 * once and records what it found (text slices, tool-call starts, argument
 * fragments, finish, usage, errors, done) in a delivery queue in the
 * workspace; then the queue is delivered to your callbacks in order. The
 * queue never holds more records than the payload has tokens, plus
 * max_tool_calls and a small constant (each record is caused by its own
 * token, except the starts of calls still waiting for a name, at most one
 * per call, and a few end-of-payload reports); its room is part of
 * SSE_DELTA_TOKEN_BYTES and SSE_DELTA_TOOL_BYTES.
 *
 * Every callback returns int. Zero means go on; non-zero asks the parser to
 * stop right after that callback, as in llhttp (not http-parser, where
 * non-zero is an error): sse_delta_feed() returns SSE_DELTA_PAUSED and
 * stores in *consumed how many of the given bytes it used. The parser keeps
 * only its position in the queue. To resume, call sse_delta_feed() again
 * with the bytes it did not consume (or with len 0 to just deliver the rest
 * of the interrupted event): delivery goes on with the next callback, none
 * repeated, none lost, and the payload is not parsed again.
 * sse_delta_reset() abandons the stream instead. During sse_delta_end() a
 * non-zero return is ignored: the connection is gone and everything left
 * is delivered.
 *
 * ------------------------------------------------------------------------
 * Events over the buffer
 *
 * An event whose data passes max_event_bytes (a long text delta, a 36 KB
 * tool input through an 8 KB buffer) is not lost when, at the moment the
 * buffer is full, the data stands inside one of the strings its dialect
 * streams: openai-chat choices[].delta.content / reasoning_content /
 * reasoning / tool_calls[].function.arguments; anthropic delta.text /
 * thinking / partial_json; openai-responses delta; gemini
 * candidates[].content.parts[].text. Then:
 * - What comes before the string (in the buffered prefix) is mapped as
 *   usual, as if the string ended there, and decides where the string goes:
 *   its callback, choice and call, by the dialect's own rules. A field the
 *   dialect needs that comes after the string is not known yet: a missing
 *   choice index is the position in the array (choice 0 for the first), a
 *   missing call index / item_id / output_index means the latest call of
 *   the choice, a missing anthropic delta type is the one the key names; a
 *   gemini "thought": true after its text leaves the text on on_content.
 *   When the rules still do not place the string (openai-responses with no
 *   SSE event type and "type" after "delta"), it is skipped and
 *   E_EVENT_TOO_LARGE reported.
 * - The string is delivered in pieces as its bytes arrive: a piece each
 *   time the buffer fills, and its last at the closing quote (where the
 *   pieces fall depends on the bytes only, never on how they were split
 *   into feeds: the callbacks stay the same for any split),
 *   unescaped, never cut inside a UTF-8 character; escapes and surrogate
 *   pairs split anywhere are joined, and a lone surrogate or bad UTF-8 is
 *   reported once per string. The pieces of one string joined are what a
 *   big enough buffer delivers in one call; tool-call arguments are checked
 *   for the verdict as they go. A callback may pause during a piece: feed()
 *   returns PAUSED with *consumed counting the bytes up to the end of that
 *   piece, and the rest is fed as for any event.
 * - What follows the string is kept after a skeleton of the prefix (the
 *   containers that hold the string, with their numbers, literals and the
 *   strings the mapping did not read), and at the end of the event the
 *   whole is mapped: a finish, usage or done after the string still counts.
 *   Several data lines are joined with "\n" as always, inside the string too.
 * - on_event is not called for such an event (its data is never whole).
 * E_EVENT_TOO_LARGE is reported, at the end of the data line where the
 * parser gives up (else at the blank line), and the rest of the event is
 * skipped when: the buffer fills outside a streamed string (a huge usage
 * object, or fields before the string longer than the buffer), the dialect
 * is not known yet (no decisive payload before), the string starts in the
 * last 16 bytes of the buffer, or what follows the string does not fit in
 * the buffer (pieces delivered stay delivered; fields after the string are
 * lost). A bad escape in the string is E_BAD_ESCAPE, an event that ends
 * inside the string E_JSON_SYNTAX (after what was decoded of the string
 * is delivered). The next event parses normally either
 * way. Framing only (see below), every event over the buffer is skipped.
 *
 * ------------------------------------------------------------------------
 * What each dialect delivers (every rule: doc/rules.md)
 *
 * - Text: openai-chat delta.content / reasoning_content (else reasoning);
 *   anthropic text_delta / thinking_delta; openai-responses
 *   output_text.delta / reasoning_summary_text.delta / reasoning_text.delta;
 *   gemini parts[].text (reasoning when "thought": true).
 * - Tool calls: openai-chat delta.tool_calls[] (index is a key, not a
 *   position; a new id at a used index is a new call; no index: by id, else
 *   the latest call); anthropic tool_use / server_tool_use blocks with
 *   input_json_delta, or a non-empty start `input` delivered at once as
 *   compact JSON text; openai-responses function_call items, argument deltas
 *   by item_id (else output_index), the .done events' arguments when no delta
 *   came; gemini functionCall parts, each a whole call whose arguments are
 *   the JSON text of `args` as sent.
 * - Finish: the provider's word per choice (remembered for the first
 *   max_choices choices; beyond, every report fires). A "stop" after a tool
 *   call is reported as TOOL_CALLS except in anthropic, whose words already
 *   tell the two apart. An anthropic `error` event reports FINISH_ERROR
 *   with raw NULL.
 * - Usage: the last usage object as a whole (openai-chat: top-level `usage`,
 *   else `x_groq.usage`; openai-responses: response.usage; gemini: the last
 *   usageMetadata with counts, output = candidates + thoughts); anthropic:
 *   message_start's counts overridden field by field by message_delta's,
 *   total = input + output.
 * - Provider errors (SSE_DELTA_E_PROVIDER): a top-level "error" (or an
 *   `error` event) with its message: error.message when a string, else the
 *   error when a string, else its JSON text with whitespace removed.
 * - Done: see on_done. After it, events are ignored and reported as
 *   SSE_DELTA_E_AFTER_DONE, except in gemini, where later payloads (other
 *   candidates) are still delivered. A "[DONE]" payload in a stream of
 *   another dialect is ignored.
 * - JSON is checked whole: jsmn's strict mode, then what it lets through is
 *   refused too (a key without its value, a missing or extra comma or
 *   colon, a trailing comma, a literal that is not a JSON number, true,
 *   false or null); one value must fill the payload, an object at the top.
 * - The order of keys in a JSON object never matters. A field of the wrong
 *   JSON type counts as absent. Keys are matched as raw text (an escaped key
 *   does not match); a repeated key: the last one wins.
 *
 * Framing only: when none of on_content, on_reasoning, on_tool_call_start,
 * on_tool_call_arguments, on_tool_call_field, on_finish, on_usage and
 * on_done is set, the parser
 * is a plain SSE framer: payloads are not parsed as JSON, and end() does not
 * ask for an end marker. Set on_event (and on_retry, on_error) alone for
 * non-LLM event streams. More generally, work only a NULL callback would
 * need is not done: tool calls are not tracked when no tool, finish or
 * error callback is set, usage is not read without on_usage, and a string
 * nobody receives is never decoded.
 *
 * ------------------------------------------------------------------------
 * A body that is not SSE
 *
 * An HTTP error (401, 429, 500...) or a non-streamed answer is one JSON
 * value, not events. When the first byte of the body that is not white
 * space (after a BOM) is '{' or '[', the whole body is taken as JSON (no
 * SSE line can start so); sse_delta_flags() then has
 * SSE_DELTA_SAW_JSON_BODY. Each top-level value is one payload (bounded
 * by max_event_bytes: a longer one is reported as E_EVENT_TOO_LARGE when
 * it ends), dispatched as soon as its last bracket arrives, so pausing
 * works as for events; on_event sees it with type "message". It is mapped
 * like a stream's payload: a provider error reaches on_error as
 * SSE_DELTA_E_PROVIDER with the provider's message ({"error":{...}} of
 * OpenAI, OpenRouter and Gemini, Anthropic's {"type":"error",...});
 * a chat.completion (choices[].message), an Anthropic message
 * ("type":"message", its content blocks in order), a Responses object
 * ("object":"response", its output items in order) and a Gemini response
 * (or an array of them: streamGenerateContent without alt=sse) give their
 * text, tool calls with their whole arguments, finish and usage through
 * the same callbacks, and the end of the value is the end marker: on_done
 * fires, provider errors included (a value that is not valid JSON, or is
 * over max_event_bytes, is reported and is no end marker). Bytes after the value that are not white space
 * are reported once as E_JSON_SYNTAX; a second value comes after the end
 * marker (E_AFTER_DONE, except in gemini). A body cut inside its value is
 * an unterminated event, as in SSE.
 *
 * ------------------------------------------------------------------------
 * Tool arguments as fields, while they stream
 *
 * With on_tool_call_field set, each call's argument text (the bytes
 * on_tool_call_arguments gets, whether or not that one is set) is also read
 * as JSON while it arrives, and every scalar member is reported in pieces:
 *
 *     {"led":"on","level":42,"tags":["a"],"at":{"x":true}}
 *       led string "on" | level number "42" | tags[0] string "a" | at.x true
 *
 * so a device can act on "led" as soon as "on" closes, and a long
 * "content" argument can be shown as it streams. Nothing is buffered and
 * nothing re-read: a small fixed state per call (SSE_DELTA_TOOL_BYTES)
 * carries the path, an escape or a surrogate pair cut between fragments,
 * and a number or literal cut between fragments.
 *
 * - When: right after the on_tool_call_arguments call of the same bytes
 *   (in the same order as the argument fragments; a pause inside the field
 *   callbacks resumes with the next piece, none repeated, none lost).
 * - The path: path[0] is the member of the arguments object, path[1] the
 *   member or element inside it, and so on; `depth` levels are given.
 *   Keys are unescaped. A value nested deeper than SSE_DELTA_FIELD_DEPTH
 *   levels is reported with the outer SSE_DELTA_FIELD_DEPTH levels and the
 *   SSE_DELTA_FIELD_DEEP flag. The keys of one path share
 *   SSE_DELTA_FIELD_KEY_BYTES bytes per call: a key that does not fit is cut
 *   (possibly inside a UTF-8 character) and the SSE_DELTA_FIELD_KEY_CUT
 *   flag is set; so is it when an array index passes 65535 (shown as 65535).
 * - The value: strings come unescaped as UTF-8 (escapes and surrogate pairs
 *   split between fragments are joined; a lone surrogate becomes U+FFFD,
 *   not reported as an error; other bytes pass unchanged), numbers as
 *   their JSON text, true, false and null as one piece of that text.
 *   A piece may be empty (a string or number whose end comes in a later
 *   fragment ends with an empty last piece); `last` is 1 on the value's
 *   last piece. Objects and arrays are not reported themselves: an empty
 *   {} or [] gives no event.
 * - Lifetime: the key slices point into the call's slot in the workspace,
 *   the pieces into the event buffer, the slot or constant text; all are
 *   valid only during the call. Pieces of strings are decoded in place in
 *   the event buffer after on_tool_call_arguments has seen those bytes.
 * - Invalid text: the first byte that cannot continue a JSON object (not an
 *   object at the top, a missing colon or comma, a bad escape or literal
 *   or number, a raw control byte in a string, text after the closing
 *   brace, nesting deeper than 32 levels) gives one event of kind
 *   SSE_DELTA_FIELD_INVALID (piece NULL, len 0, last 1, the path where it
 *   happened); the call's field events stop there. A call cut before its
 *   end simply gets no more events: the report's incomplete_calls tells.
 * - Cost: without on_tool_call_field none of this runs.
 * - Not covered: arguments in events the library skips (over
 *   max_event_bytes, for instance) are not seen.
 *
 * License: MIT.
 */
#ifndef SSE_DELTA_H
#define SSE_DELTA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SSE_DELTA_VERSION "0.2.0"

/* ======================================================================== */
/* Status and error codes                                                    */
/* ======================================================================== */

/*
 * One enum serves as the return value of the API functions and as the code
 * passed to on_error. sse_delta_status_name() gives a short name
 * ("E_JSON_SYNTAX"), sse_delta_status_description() one line of text.
 *
 * After every error below except SSE_DELTA_E_MISUSE the parser goes on
 * with the next event; what was skipped is said with the code.
 * E_TRUNCATED_EVENT and E_NO_END_MARKER are only ever return values of
 * sse_delta_end(); every other stream error reaches on_error only.
 */
#define SSE_DELTA_STATUS_MAP(XX)                                               \
  XX(OK, "success")                                                            \
  XX(PAUSED, "a callback asked to pause; feed the rest to resume")             \
  XX(E_MISUSE, "invalid call or arguments")                                    \
  XX(E_EVENT_TOO_LARGE, "event data over max_event_bytes; its rest skipped")    \
  XX(E_FIELD_TOO_LONG, "event type, id or tool id/name over max_field_bytes")  \
  XX(E_TOO_MANY_TOKENS, "payload over max_tokens JSON tokens; event skipped")  \
  XX(E_JSON_SYNTAX, "payload is not valid JSON; event skipped")                \
  XX(E_JSON_SHAPE, "payload is JSON of the wrong shape; skipped")              \
  XX(E_BAD_ESCAPE, "invalid escape in a JSON string; event skipped")           \
  XX(E_LONE_SURROGATE, "lone UTF-16 surrogate; replaced by U+FFFD")            \
  XX(E_BAD_UTF8, "invalid UTF-8 in a string; passed through unchanged")        \
  XX(E_TOOL_LIMIT, "tool call over max_tool_calls; dropped")                   \
  XX(E_NUMBER_OVERFLOW, "number over 64 bits; treated as absent")              \
  XX(E_PROVIDER, "the provider sent an error; message is its text")            \
  XX(E_AFTER_DONE, "event after the end marker; ignored")                      \
  XX(E_TRUNCATED_EVENT, "stream ended inside an event; not dispatched")        \
  XX(E_NO_END_MARKER, "stream ended without the dialect's end marker")

typedef enum sse_delta_status {
#define SSE_DELTA_XX_ENUM(name, desc) SSE_DELTA_##name,
  SSE_DELTA_STATUS_MAP(SSE_DELTA_XX_ENUM)
#undef SSE_DELTA_XX_ENUM
  SSE_DELTA_STATUS_COUNT
} sse_delta_status;

/* Short name of a code, e.g. "E_JSON_SYNTAX"; "UNKNOWN" when out of range. */
const char *sse_delta_status_name(sse_delta_status code);
/* One-line description of a code. Never NULL. */
const char *sse_delta_status_description(sse_delta_status code);

/* ======================================================================== */
/* Dialects, finish reasons, usage                                           */
/* ======================================================================== */

typedef enum sse_delta_dialect {
  SSE_DELTA_DIALECT_AUTO = 0,       /* detect from the stream (options); none yet (accessor) */
  SSE_DELTA_DIALECT_OPENAI_CHAT,    /* "openai-chat" */
  SSE_DELTA_DIALECT_ANTHROPIC,      /* "anthropic" */
  SSE_DELTA_DIALECT_OPENAI_RESPONSES, /* "openai-responses" */
  SSE_DELTA_DIALECT_GEMINI,         /* "gemini" */
  SSE_DELTA_DIALECT_COUNT
} sse_delta_dialect;

/* "openai-chat", "anthropic", "openai-responses", "gemini"; NULL for AUTO. */
const char *sse_delta_dialect_name(sse_delta_dialect d);
/* The dialect named s (length n), or SSE_DELTA_DIALECT_AUTO when unknown. */
sse_delta_dialect sse_delta_dialect_from_name(const char *s, size_t n);

/* The provider's finish word, normalized. */
typedef enum sse_delta_finish {
  SSE_DELTA_FINISH_STOP = 0,     /* natural end of the answer */
  SSE_DELTA_FINISH_TOOL_CALLS,   /* the model wants tool results */
  SSE_DELTA_FINISH_LENGTH,       /* output token limit reached */
  SSE_DELTA_FINISH_CONTENT_FILTER, /* blocked or cut by a safety filter */
  SSE_DELTA_FINISH_ERROR,        /* the provider failed mid-stream */
  SSE_DELTA_FINISH_OTHER,        /* any other word */
  SSE_DELTA_FINISH_COUNT
} sse_delta_finish;

/* "stop", "tool_calls", "length", "content_filter", "error", "other". */
const char *sse_delta_finish_name(sse_delta_finish f);

/* A usage count the stream did not report. */
#define SSE_DELTA_ABSENT (-1)

/*
 * Token usage as the dialect defines it at the time of the report. Each count
 * is >= 0, or SSE_DELTA_ABSENT. A count of the wrong JSON type, negative, or
 * not an integer, is absent; one that overflows is absent and reported as
 * SSE_DELTA_E_NUMBER_OVERFLOW.
 */
typedef struct sse_delta_usage {
  int64_t input_tokens;     /* prompt tokens, cached ones included */
  int64_t output_tokens;    /* completion tokens, reasoning included */
  int64_t total_tokens;
  int64_t cached_tokens;    /* input tokens read from the provider's cache */
  int64_t reasoning_tokens; /* output tokens spent thinking */
  /* The provider's cost (OpenRouter's usage.cost), as the JSON number text it
     sent, e.g. "0.00042"; NULL with length 0 when not sent. */
  const char *cost;
  size_t cost_len;
} sse_delta_usage;

/* A dispatched SSE event, for the framing-layer callback. */
typedef struct sse_delta_event {
  const char *type;  /* the event field, or "message" when none applied */
  size_t type_len;
  const char *data;  /* data lines joined with "\n"; may be empty */
  size_t data_len;
  const char *id;    /* the last event id (persists across events); "" if none */
  size_t id_len;
} sse_delta_event;

/* A tool call's arguments as JSON members, while they stream (see
   on_tool_call_field). */
#define SSE_DELTA_FIELD_DEPTH 4      /* path levels given; deeper: cut */
#define SSE_DELTA_FIELD_KEY_BYTES 30 /* room per call for the path's keys */

/* What a field's value is. INVALID is not a value: the argument text
   stopped being JSON there (see on_tool_call_field). */
typedef enum sse_delta_field_kind {
  SSE_DELTA_FIELD_STRING = 0, /* pieces: the string's contents, unescaped */
  SSE_DELTA_FIELD_NUMBER,     /* pieces: the number's JSON text */
  SSE_DELTA_FIELD_TRUE,       /* one piece: "true" */
  SSE_DELTA_FIELD_FALSE,      /* one piece: "false" */
  SSE_DELTA_FIELD_NULL,       /* one piece: "null" */
  SSE_DELTA_FIELD_INVALID     /* no piece; the call's last field event */
} sse_delta_field_kind;

/* sse_delta_field.flags */
#define SSE_DELTA_FIELD_DEEP 0x01u    /* nested deeper than SSE_DELTA_FIELD_DEPTH:
                                         `path` holds the outer levels only */
#define SSE_DELTA_FIELD_KEY_CUT 0x02u /* a key of the path is cut (the keys
                                         together passed SSE_DELTA_FIELD_KEY_BYTES),
                                         or an array index passed 65535 */

/* One level of a field's path: a member of an object (key set) or an
   element of an array (key NULL, index its position from 0). */
typedef struct sse_delta_path_step {
  const char *key; /* unescaped; NULL for an array element */
  size_t key_len;
  uint32_t index;  /* array element: its position; 0 for a member */
} sse_delta_path_step;

/* A piece of one scalar value of a tool call's arguments. */
typedef struct sse_delta_field {
  sse_delta_path_step path[SSE_DELTA_FIELD_DEPTH]; /* outermost first */
  uint32_t depth;            /* levels of path used, 1..SSE_DELTA_FIELD_DEPTH */
  unsigned flags;            /* SSE_DELTA_FIELD_DEEP, SSE_DELTA_FIELD_KEY_CUT */
  sse_delta_field_kind kind;
  const char *piece;         /* the next bytes of the value; may be empty */
  size_t len;
  int last;                  /* 1 on the value's last piece */
} sse_delta_field;

/* ======================================================================== */
/* Callbacks                                                                 */
/* ======================================================================== */

/*
 * Set the callbacks you need and leave the rest NULL: a NULL callback is
 * skipped, and the strings only it would receive are never decoded.
 * Every callback gets the user pointer given to sse_delta_init() and returns
 * 0 to go on, non-zero to pause (see "How an event is delivered").
 *
 * `choice` is the choice (openai-chat) or candidate (gemini) index the
 * provider gave; always 0 for anthropic and openai-responses.
 *
 * `tool` is the library's own ordinal of a tool call within its choice:
 * 0, 1, 2... in order of first appearance, whatever index, id or position
 * the provider used to tell calls apart.
 *
 * Order within one payload: provider error, then per choice (candidate)
 * its text and tool calls (openai-chat: reasoning, content, tool calls;
 * gemini: part by part, in the payload's order) and its finish; then usage,
 * then done. A call's start always comes before its argument bytes.
 */
typedef struct sse_delta_callbacks {
  /* Framing layer: every dispatched SSE event, before any LLM callback for
     it, whatever the dialect (or none). */
  int (*on_event)(void *user, const sse_delta_event *ev);
  /* A `retry` field whose value was all ASCII digits (milliseconds). */
  int (*on_retry)(void *user, uint64_t retry_ms);

  /* A fragment of the answer text. */
  int (*on_content)(void *user, uint32_t choice, const char *text, size_t len);
  /* A fragment of reasoning / thinking text. */
  int (*on_reasoning)(void *user, uint32_t choice, const char *text, size_t len);
  /* A tool call begins. Fires exactly once per call, before any of its
     argument bytes, with the first non-empty id and name known by then
     (either may be empty: Gemini calls often have no id). When a call's
     first fragments carry no name, start waits for the name, the first
     argument bytes, the choice's finish or the end of the stream. The id
     and the name are cut to max_field_bytes (reported as
     SSE_DELTA_E_FIELD_TOO_LONG, and possibly inside a UTF-8 character). */
  int (*on_tool_call_start)(void *user, uint32_t choice, uint32_t tool,
                            const char *id, size_t id_len,
                            const char *name, size_t name_len);
  /* The next bytes of a tool call's arguments: raw JSON text, unescaped once
     from the provider's string (or, where the provider sends an object: an
     anthropic start `input`, compact; a gemini `args`, as sent).
     Concatenate the fragments of one call. */
  int (*on_tool_call_arguments)(void *user, uint32_t choice, uint32_t tool,
                                const char *json, size_t len);
  /* A finish reason: when first seen for a choice, and again whenever the
     provider's word changes (words are compared whole, for the first
     max_choices choices; later choices report every word). `raw` is the
     provider's word; it is NULL with length 0 when the reason comes from an
     error event that carries none. */
  int (*on_finish)(void *user, uint32_t choice, sse_delta_finish reason,
                   const char *raw, size_t raw_len);
  /* Usage, each time the stream reports counts. The last call holds the
     final numbers. */
  int (*on_usage)(void *user, const sse_delta_usage *usage);
  /* An error in the stream: bad input (the library's codes) or the
     provider's own error (SSE_DELTA_E_PROVIDER, with the provider's
     message; for library codes message is NULL with length 0). Setting
     on_error alone does not turn the LLM layer on (see "Framing only"):
     then only framing errors come. */
  int (*on_error)(void *user, sse_delta_status code, const char *message,
                  size_t message_len);
  /* The dialect's end-of-stream marker: [DONE], message_stop,
     response.completed / .incomplete / .failed, or (gemini) the payload
     carrying candidate 0's finishReason; in a body that is JSON, not SSE,
     the end of its value. Fires once per stream. */
  int (*on_done)(void *user);
  /* A tool call's arguments as JSON members, piece by piece as the
     fragments arrive (see "Tool arguments as fields" above). */
  int (*on_tool_call_field)(void *user, uint32_t choice, uint32_t tool,
                            const sse_delta_field *field);
} sse_delta_callbacks;

/* ======================================================================== */
/* Options and workspace                                                     */
/* ======================================================================== */

/* Defaults, chosen to fit every stream of the recorded corpus with room to
   spare (largest event seen: 36 KB; most tokens in one payload: 254; most
   tool calls in one stream: 2; longest tool id: 47 bytes). */
#define SSE_DELTA_DEFAULT_EVENT_BYTES 65536u
#define SSE_DELTA_DEFAULT_MAX_TOKENS 1024u
#define SSE_DELTA_DEFAULT_MAX_TOOL_CALLS 16u
#define SSE_DELTA_DEFAULT_FIELD_BYTES 128u
#define SSE_DELTA_DEFAULT_MAX_CHOICES 8u

/* Workspace bytes per unit of each limit, and the fixed part. A token is
   a jsmn token (20 bytes) plus one delivery record (16); a tool call is a
   table slot without its two strings (48, and 56 for its argument fields)
   plus one delivery record. */
#define SSE_DELTA_TOKEN_BYTES 36u
#define SSE_DELTA_TOOL_BYTES 120u
#define SSE_DELTA_CHOICE_BYTES 16u
#define SSE_DELTA_FIXED_BYTES 480u /* alignment, usage, quirks, the field
                                      record, a cut large event, 9 spare
                                      records */

/* The exact workspace size for the given limits (none may be 0 here). */
#define SSE_DELTA_WORKSPACE_SIZE_FOR(event_bytes, tokens, tool_calls,         \
                                     field_bytes, choices)                    \
  ((size_t)(event_bytes) + (size_t)(tokens) * SSE_DELTA_TOKEN_BYTES +         \
   (size_t)(tool_calls) *                                                     \
       (SSE_DELTA_TOOL_BYTES + 2 * (((size_t)(field_bytes) + 7u) & ~(size_t)7u)) + \
   4 * (size_t)(field_bytes) + (size_t)(choices) * SSE_DELTA_CHOICE_BYTES +   \
   SSE_DELTA_FIXED_BYTES)

/* The same with the default field size and number of choices. */
#define SSE_DELTA_WORKSPACE_SIZE(event_bytes, tokens, tool_calls)             \
  SSE_DELTA_WORKSPACE_SIZE_FOR(event_bytes, tokens, tool_calls,               \
                               SSE_DELTA_DEFAULT_FIELD_BYTES,                 \
                               SSE_DELTA_DEFAULT_MAX_CHOICES)

#define SSE_DELTA_DEFAULT_WORKSPACE_SIZE                                       \
  SSE_DELTA_WORKSPACE_SIZE(SSE_DELTA_DEFAULT_EVENT_BYTES,                      \
                           SSE_DELTA_DEFAULT_MAX_TOKENS,                       \
                           SSE_DELTA_DEFAULT_MAX_TOOL_CALLS)

/* Each limit: 0 means its default. */
typedef struct sse_delta_options {
  /* Largest event data, in bytes (data lines joined). At most 2^31 - 1. */
  uint32_t max_event_bytes;
  /* Most JSON tokens in one payload. At most 2^24. */
  uint32_t max_tokens;
  /* Tool calls remembered per stream (all choices). At most 65535. The
     provider's own index is a key of any value; what is limited is the
     number of calls. A call beyond the limit is dropped and each of its
     fragments reported as SSE_DELTA_E_TOOL_LIMIT, so the `tool` number of
     a callback is always below max_tool_calls. */
  uint32_t max_tool_calls;
  /* Dialect to use instead of detecting it from the first decisive
     payload. SSE_DELTA_DIALECT_AUTO (0): detect. */
  sse_delta_dialect dialect;
  /* Storage of the short strings: the event type (longer ones are cut and
     reported), the last event id (a longer id is reported and ignored),
     each tool call's id and name (cut and reported). At most 65535. */
  uint32_t max_field_bytes;
  /* Choices (candidates) whose finish word is remembered, so that a
     repeated word does not fire on_finish again, and whether one of their
     tool calls was dropped (see SSE_DELTA_E_TOOL_LIMIT). At most 65535. */
  uint32_t max_choices;
} sse_delta_options;

/* Workspace bytes the options need (NULL: the defaults); 0 when a limit
   is beyond its maximum above or the size would not fit in size_t
   (sse_delta_init() refuses such options). */
size_t sse_delta_workspace_size(const sse_delta_options *options);

/* ======================================================================== */
/* The parser                                                                */
/* ======================================================================== */

/* What the stream showed so far (sse_delta_flags). */
#define SSE_DELTA_SAW_DONE 0x01u      /* the dialect's end marker arrived */
#define SSE_DELTA_SAW_FINISH 0x02u    /* some choice reported a finish reason */
#define SSE_DELTA_SAW_TRUNCATED 0x04u /* end() found a partial event */
#define SSE_DELTA_SAW_ERROR 0x08u     /* an error was found (on_error set or not) */
#define SSE_DELTA_ENDED 0x10u         /* end() was called */
#define SSE_DELTA_SAW_JSON_BODY 0x20u /* the body was JSON, not SSE (see
                                         "A body that is not SSE") */

/* The parser state. Allocate it anywhere; all members are private. */
typedef struct sse_delta_parser {
  /* configuration, kept by reset */
  sse_delta_callbacks cb_;
  void *user_;
  unsigned char *ws_; /* the workspace, aligned */
  void *tok_;         /* where its tokens and the queue begin */
  char *text_;        /* where its event type, ids and event data begin */
  uint32_t event_cap_, token_cap_;
  uint16_t tool_cap_, field_cap_, choice_cap_;
  uint8_t forced_, llm_;
  /* the stream: everything from here on is cleared by reset */
  uint8_t line_state_, field_, bom_state_, after_cr_;
  uint8_t name_len_, data_seen_, event_overflow_, line_used_;
  uint8_t value_flags_, retry_digits_, id_cur_, dialect_;
  uint16_t type_len_, id_len_[3];
  uint8_t id_last_, resume_, event_has_id_;
  char name_[8];
  uint32_t data_len_, body_depth_;
  uint64_t retry_acc_;
  int64_t retry_;
  /* reconnects */
  int64_t last_seq_;
  uint64_t first_id_hash_, resume_id_hash_, resume_id_num_;
  /* delivery of one event */
  uint8_t in_callback_, ending_, phase_, step_;
  uint32_t queue_len_, queue_pos_;
  /* an event over the event buffer, while its streamed string goes by */
  uint8_t lg_state_, lg_esc_, lg_utf8_lead_, lg_utf8_left_;
  uint8_t lg_flags_, lg_channel_, lg_hold_, lg_newline_;
  uint16_t lg_unit_, lg_high_, lg_tool_;
  uint8_t lg_depth_;
  char lg_saved_[9];
  uint32_t lg_choice_, lg_tok_, lg_pos_, lg_end_, lg_piece_;
  /* LLM layer */
  uint8_t flags_, pending_channel_, body_, body_scan_;
  uint8_t first_error_, last_error_, last_finish_, failed_;
  uint32_t error_count_;
  uint16_t tool_count_, pending_unit_, pending_tool_;
  uint32_t pending_choice_;
} sse_delta_parser;

/*
 * Prepare a parser. `workspace` (any alignment) of `workspace_size` bytes
 * must stay valid and untouched until the parser is no longer used;
 * `callbacks` is copied; `user` is passed to every callback; `options` may
 * be NULL for the defaults.
 * Returns SSE_DELTA_OK, or SSE_DELTA_E_MISUSE when a pointer is NULL, an
 * option is out of range or the workspace is smaller than
 * sse_delta_workspace_size(options).
 */
sse_delta_status sse_delta_init(sse_delta_parser *p, void *workspace,
                                size_t workspace_size,
                                const sse_delta_callbacks *callbacks,
                                void *user, const sse_delta_options *options);

/*
 * Push `len` bytes of the response body. Split the stream anywhere: the
 * callbacks are the same as for the whole body in one call.
 * Returns SSE_DELTA_OK when every byte was used, SSE_DELTA_PAUSED when a
 * callback asked to stop, or SSE_DELTA_E_MISUSE. Errors in the stream are
 * not return values: they go to on_error and parsing goes on.
 * `consumed` (may be NULL) receives the bytes used: len unless PAUSED.
 */
sse_delta_status sse_delta_feed(sse_delta_parser *p, const void *data,
                                size_t len, size_t *consumed);

/*
 * What a stream showed by its end, filled by sse_delta_end(): everything
 * needed to tell a complete answer from a cut or failed one.
 */
typedef struct sse_delta_report {
  int end_marker;           /* the dialect's end marker came ([DONE]...) */
  int finished;             /* some choice reported a finish reason */
  sse_delta_finish finish;  /* the last finish reason reported, if finished */
  int unterminated_event;   /* the stream stopped inside an event */
  uint32_t errors;          /* errors found, reported to on_error or not */
  sse_delta_status first_error, last_error; /* SSE_DELTA_OK when none */
  int provider_error;       /* the provider sent an error (E_PROVIDER, or a
                               finish with reason SSE_DELTA_FINISH_ERROR) */
  uint32_t tool_calls;      /* calls the stream opened and kept */
  /* Calls whose argument text is not complete JSON: a string, bracket or
     brace left open, a closing one that does not match, text after the
     closing brace, or text that is not an object. A call without argument
     bytes counts as {}. Checked as the fragments are delivered, nothing
     buffered (sse_delta_tool_call_complete() tells which); only when
     on_tool_call_arguments or on_tool_call_field is set, else
     arguments_checked is 0. */
  uint32_t incomplete_calls;
  int arguments_checked;
} sse_delta_report;

typedef enum sse_delta_verdict {
  SSE_DELTA_COMPLETE = 0, /* finished, nothing cut (the end marker may still
                             be missing: some servers close without it) */
  SSE_DELTA_TRUNCATED,    /* no finish, an unterminated event, or a tool
                             call whose arguments are not complete JSON */
  SSE_DELTA_FAILED        /* the provider sent an error */
} sse_delta_verdict;

/*
 * The connection closed. Delivers the rest of an interrupted (paused)
 * event, starts tool calls still waiting for a name and settles a half
 * surrogate pair still waiting for its other half; then fills *report
 * (may be NULL). Returns SSE_DELTA_E_TRUNCATED_EVENT when the stream
 * stopped inside an event (it is not dispatched), else
 * SSE_DELTA_E_NO_END_MARKER when the dialect's end marker never came, else
 * SSE_DELTA_OK. These two are not passed to on_error (nor counted in the
 * report's errors); sse_delta_flags() tells both too. After end(), feed()
 * is refused until reset(); a second end() is refused and leaves *report
 * alone.
 */
sse_delta_status sse_delta_end(sse_delta_parser *p, sse_delta_report *report);

/* The report's verdict: failed, else truncated, else complete. */
sse_delta_verdict sse_delta_verdict_of(const sse_delta_report *report);

/* "complete", "truncated", "failed". */
const char *sse_delta_verdict_name(sse_delta_verdict v);

/*
 * Provider quirks the parser normalized in this stream, counted so that a
 * gateway can log them per provider. A quirk is counted where the library
 * looks: the tool-call ones only when a tool, finish or error callback is
 * set, the usage ones only with on_usage (see "Framing only").
 */
#define SSE_DELTA_QUIRK_MAP(XX)                                                \
  XX(comment_lines, "SSE comment lines (keep-alives), skipped")                \
  XX(non_json_payloads, "payloads that were not a JSON object, skipped")       \
  XX(empty_choices, "openai-chat chunks with an empty choices array")          \
  XX(tool_call_without_index, "tool-call fragments without an index")         \
  XX(index_reused, "a new call id at an index in use: a new call")            \
  XX(id_or_name_resent, "a call's id or name sent again")                     \
  XX(usage_null_after_usage, "usage null after counts: the counts kept")      \
  XX(usage_in_x_groq, "usage found in x_groq.usage")                          \
  XX(finish_word_changed, "a choice's finish word replaced by another")       \
  XX(stop_after_tool_calls, "stop after a tool call, reported as tool_calls") \
  XX(arguments_only_in_done, "tool arguments only in a .done event")          \
  XX(foreign_done, "a [DONE] in a dialect with its own end marker, ignored")  \
  XX(replayed_events, "events a server sent again after a reconnect, skipped")

typedef struct sse_delta_quirks {
#define SSE_DELTA_XX_QUIRK(name, desc) uint32_t name;
  SSE_DELTA_QUIRK_MAP(SSE_DELTA_XX_QUIRK)
#undef SSE_DELTA_XX_QUIRK
} sse_delta_quirks;

/* Fill *q with the stream's counts (zeros for a NULL parser); they start
   over at reset(), not at a reconnect. */
void sse_delta_get_quirks(const sse_delta_parser *p, sse_delta_quirks *q);

/* Whether the argument text of call `tool` of `choice` is complete JSON
   so far: 1 yes (or no argument bytes yet), 0 no, -1 unknown (no such
   call, or neither on_tool_call_arguments nor on_tool_call_field set).
   Valid until reset(). */
int sse_delta_tool_call_complete(const sse_delta_parser *p, uint32_t choice, uint32_t tool);

/*
 * The connection dropped and you open a new one to go on with the same
 * stream: send Last-Event-ID: sse_delta_last_event_id(), or (the Responses
 * API) starting_after=sse_delta_last_sequence(), and call this before
 * feeding the new connection's bytes. The partial event of the lost
 * connection is dropped; everything else carries over (tool calls and
 * their arguments, finish, usage, dialect, the report). The events the
 * new connection starts with that the old one delivered are framed but
 * not delivered, so nothing arrives twice: those whose sequence_number is
 * at most sse_delta_last_sequence(), else those up to and including the
 * event whose id is the old last id (an event with a decimal id below a
 * decimal last id; a server that starts again from the stream's first id
 * is followed up to the last id). The first event that is none of these is
 * delivered normally, and from then on nothing is skipped: a server that
 * resumes where asked loses nothing. Called while an event is paused, it
 * is a cut at the bytes used: the next feed (or end()) first delivers what
 * those bytes gave the event, then the reconnect drops it. An event over
 * the buffer (see "Events over the buffer") cut while its string
 * streamed counts as not delivered (sse_delta_last_sequence() does not name
 * it), and when it comes again by its sequence_number the string bytes
 * already delivered are skipped: it goes on where it stopped. (Its
 * sequence_number must come before its text, as providers send it; by ids
 * alone, or with the number after the text, such an event is delivered
 * again whole.)
 * Returns SSE_DELTA_OK, or SSE_DELTA_E_MISUSE (NULL, from a callback, or
 * after end()).
 */
sse_delta_status sse_delta_reconnect(sse_delta_parser *p);

/* The sequence_number of the last openai-responses event delivered (for a
   reconnect's starting_after), or -1 when none. */
int64_t sse_delta_last_sequence(const sse_delta_parser *p);

/* Forget the stream (framing state, last event id, retry, dialect, tool
   calls) and get ready for a new one with the same workspace, callbacks,
   user pointer and options. */
void sse_delta_reset(sse_delta_parser *p);

/* The accessors below, like sse_delta_feed(), sse_delta_end() and
   sse_delta_reset(), accept a NULL parser: then they return "" (length 0),
   -1, SSE_DELTA_DIALECT_AUTO and 0 (feed and end: SSE_DELTA_E_MISUSE;
   reset does nothing). */

/* The last event id (for a reconnect's Last-Event-ID): as WHATWG's
   EventSource keeps it, the id in effect at the last blank line, so the id
   line of an event cut by a dropped connection does not count; "" when
   none. The pointer stays valid until the next feed, end or reset. */
const char *sse_delta_last_event_id(const sse_delta_parser *p, size_t *len);

/* The last accepted retry value in milliseconds, or -1 when none. */
int64_t sse_delta_retry(const sse_delta_parser *p);

/* The dialect in use: forced, detected, or SSE_DELTA_DIALECT_AUTO when no
   decisive payload came yet. */
sse_delta_dialect sse_delta_get_dialect(const sse_delta_parser *p);

/* SSE_DELTA_SAW_* / SSE_DELTA_ENDED bits. */
uint32_t sse_delta_flags(const sse_delta_parser *p);

#ifdef __cplusplus
}
#endif

#endif /* SSE_DELTA_H */

/* ======================================================================== */
/* ======================================================================== */
/*                           IMPLEMENTATION                                  */
/* ======================================================================== */
/* ======================================================================== */
#if defined(SSE_DELTA_IMPLEMENTATION) && !defined(SSE_DELTA_IMPLEMENTED)
#define SSE_DELTA_IMPLEMENTED
/*
 * The data flows one way, and the implementation is laid out in that order:
 *
 *   1. jsmn             included privately, under our own names
 *   2. names            status names and descriptions
 *   3. workspace        limits, layout of the caller's bytes
 *   4. SSE framer       bytes -> lines -> fields -> a complete event;
 *                       4a. reconnects: skipping what a server replays;
 *                       4b. bodies that are one JSON value, not SSE
 *   5. JSON             tokens: member lookup, skipping, string decoding;
 *                       knows nothing of parsers or callbacks
 *   6. delivery queue   records of what an event reports; delivering them
 *                       to the callbacks, pausing, resuming
 *   7. LLM reports      text (with surrogate pairs across deltas), tool
 *                       calls, finish, usage, provider errors, done: each
 *                       appends records and keeps the stream's state
 *   8. dialects         one mapping function each and one descriptor row
 *   9. dispatch         an event: on_event, tokens, detection, mapping
 *  9b. large events     an event over the buffer: its streamed string in
 *                       pieces, the rest mapped around it
 *  10. public API
 */
#include <string.h>

/* ---- 1. jsmn, private ------------------------------------------------ */
/* Every identifier jsmn.h declares gets a private name while it is
   included, so a jsmn of the user's (before or after this point, in this
   file or another) never meets ours; its include guard and configuration
   macros are put back as they were found. */
#ifdef JSMN_H
#define SD_USER_JSMN_H
#undef JSMN_H
#endif
#ifdef JSMN_HEADER
#define SD_USER_JSMN_HEADER
#undef JSMN_HEADER
#endif
#ifdef JSMN_STATIC
#define SD_USER_JSMN_STATIC
#else
#define JSMN_STATIC
#endif
#ifdef JSMN_STRICT
#define SD_USER_JSMN_STRICT
#else
#define JSMN_STRICT
#endif
#ifdef JSMN_PARENT_LINKS
#define SD_USER_JSMN_PARENT_LINKS
#else
#define JSMN_PARENT_LINKS
#endif
#undef JSMN_API
#define jsmntype_t sd_jsmntype_t
#define jsmnerr sd_jsmnerr
#define jsmntok_t sd_jsmntok_t
#define jsmntok sd_jsmntok
#define jsmn_parser sd_jsmn_parser
#define jsmn_init sd_jsmn_init
#define jsmn_parse sd_jsmn_parse
#define jsmn_alloc_token sd_jsmn_alloc_token
#define jsmn_fill_token sd_jsmn_fill_token
#define jsmn_parse_primitive sd_jsmn_parse_primitive
#define jsmn_parse_string sd_jsmn_parse_string
#define JSMN_UNDEFINED SD_JSMN_UNDEFINED
#define JSMN_OBJECT SD_JSMN_OBJECT
#define JSMN_ARRAY SD_JSMN_ARRAY
#define JSMN_STRING SD_JSMN_STRING
#define JSMN_PRIMITIVE SD_JSMN_PRIMITIVE
#define JSMN_ERROR_NOMEM SD_JSMN_ERROR_NOMEM
#define JSMN_ERROR_INVAL SD_JSMN_ERROR_INVAL
#define JSMN_ERROR_PART SD_JSMN_ERROR_PART
#include <jsmn.h>

typedef jsmntok_t sd_tok;
#define SD_UNDEF JSMN_UNDEFINED /* a string already decoded in place */
#define SD_OBJECT JSMN_OBJECT
#define SD_ARRAY JSMN_ARRAY
#define SD_STRING JSMN_STRING
#define SD_PRIMITIVE JSMN_PRIMITIVE

#define SD_STOP 1
#define SD_GO 0

/* Kept out of line where inlining would put a rare path's locals on the
   stack frame of the hot one. */
#if defined(__GNUC__)
#define SD_NOINLINE __attribute__((noinline))
#else
#define SD_NOINLINE
#endif

/* C99 has no _Static_assert. */
#define SD_ASSERT(name, cond) typedef char sd_assert_##name[(cond) ? 1 : -1]

/* ---- 2. names -------------------------------------------------------- */

static const char *const sd_status_names[] = {
#define SD_XX_NAME(name, desc) #name,
    SSE_DELTA_STATUS_MAP(SD_XX_NAME)
#undef SD_XX_NAME
};

static const char *const sd_status_descriptions[] = {
#define SD_XX_DESC(name, desc) desc,
    SSE_DELTA_STATUS_MAP(SD_XX_DESC)
#undef SD_XX_DESC
};

const char *sse_delta_status_name(sse_delta_status code) {
  if ((unsigned)code >= (unsigned)SSE_DELTA_STATUS_COUNT) return "UNKNOWN";
  return sd_status_names[code];
}

const char *sse_delta_status_description(sse_delta_status code) {
  if ((unsigned)code >= (unsigned)SSE_DELTA_STATUS_COUNT) return "unknown status code";
  return sd_status_descriptions[code];
}

static const char *const sd_finish_names[] = {"stop",           "tool_calls", "length",
                                              "content_filter", "error",      "other"};

const char *sse_delta_finish_name(sse_delta_finish f) {
  if ((unsigned)f >= (unsigned)SSE_DELTA_FINISH_COUNT) return "other";
  return sd_finish_names[f];
}

static int sd_word_is(const char *s, size_t n, const char *word) {
  return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* ---- 3. workspace ---------------------------------------------------- */

/* Whether a call's argument text is complete JSON, fed fragment by
   fragment: the open brackets (their kinds, 1 for '[', for the innermost
   32), inside a string or after its backslash, closed. */
typedef struct sd_json_check {
  uint32_t kinds;
  uint16_t depth;
  uint8_t state; /* SD_JC_* */
  uint8_t unused;
} sd_json_check;
#define SD_JC_STARTED 0x01u
#define SD_JC_IN_STRING 0x02u
#define SD_JC_ESCAPE 0x04u
#define SD_JC_CLOSED 0x08u
#define SD_JC_BAD 0x10u

/* A call's arguments read as JSON members for on_tool_call_field, at
   delivery (the check above runs when the payload is mapped, so the two
   cannot share one state): the open containers as in sd_json_check, the
   path's keys, and what a fragment may leave half done (an escape, a
   surrogate pair, a number, a literal). */
typedef struct sd_fields {
  uint32_t kinds;  /* open containers, bit d set: container d is an array */
  uint16_t level[SSE_DELTA_FIELD_DEPTH]; /* object: end of its key in keys;
                                            array: the element's index */
  uint16_t unit;   /* the hex digits of a \u escape read so far */
  uint16_t high;   /* a high surrogate waiting for its low half; 0: none */
  uint8_t depth;   /* open containers, at most 32 */
  uint8_t mode;    /* FS_* */
  uint8_t sub;     /* string: escape progress; number: NUM_*; literal:
                      which (high nibble) and letters matched */
  uint8_t cut;     /* bit l: path level l is not exact */
  char keys[SSE_DELTA_FIELD_KEY_BYTES]; /* the path's keys, one after another */
  char out[6];     /* a character whose escape began in an earlier fragment
                      (and a U+FFFD before it): no room in place */
} sd_fields;

/* A tool call the stream opened. Providers tell calls apart by an index
   (a key, not a position), an id, a content block index or an output item
   id; `key` and `alt_key` hold a hash of that key's JSON text. The id and
   the name follow the slot, field_cap_ (rounded up to 8) bytes each. */
typedef struct sd_slot {
  uint64_t key;     /* openai index / anthropic block index / responses item id */
  uint64_t alt_key; /* responses output_index */
  uint64_t id_hash; /* of the full id, for ids longer than their storage */
  uint32_t choice;
  uint32_t id_len;  /* full lengths; the storage keeps a prefix */
  uint32_t name_len;
  uint16_t ordinal; /* the `tool` number of the callbacks */
  uint8_t flags;    /* SLOT_* */
  uint8_t unused;
  sd_json_check args;
  sd_fields fields;
} sd_slot;
#define SD_SLOT_KEY 0x01u
#define SD_SLOT_ALT_KEY 0x02u
#define SD_SLOT_STARTED 0x04u
#define SD_SLOT_HAS_ARGS 0x08u

/* One callback (or a few, see sd_deliver_record) an event reports. */
typedef struct sd_record {
  uint8_t kind;   /* R_* */
  uint8_t aux;    /* per kind: channel and string flags, code, reason */
  uint16_t tool;  /* ordinal, or slot index for R_START */
  uint32_t choice;
  uint32_t off;   /* a slice of the event buffer, or per kind */
  uint32_t len;
} sd_record;

/* What the stream keeps between events. */
enum sd_quirk {
#define SD_XX_QUIRK(name, desc) SD_Q_##name,
  SSE_DELTA_QUIRK_MAP(SD_XX_QUIRK)
#undef SD_XX_QUIRK
  SD_QUIRKS
};
typedef struct sd_stream_state {
  int64_t kept[5];   /* anthropic: message_start's counts, overridden */
  int64_t report[5]; /* the counts of the usage record being delivered */
  uint32_t quirks[SD_QUIRKS];
  uint32_t usage_reports; /* so that a null after counts is told apart */
  /* An event over the buffer whose string was streaming when the
     connection dropped: its sequence number and the string bytes already
     delivered, skipped when a server sends it again (-1: none). */
  int64_t large_seq, cut_seq;
  uint64_t large_sent, cut_sent, large_skip;
  /* The record on_tool_call_field receives: here, not on the stack, which
     holds the frames of the delivery below it (room for 64-bit pointers). */
  union {
    sse_delta_field f;
    unsigned char room[144];
  } field;
} sd_stream_state;
SD_ASSERT(field_room, sizeof(sse_delta_field) <= 144);

/* What is kept of a tracked choice: the finish word last reported, and
   whether a call of it was dropped by a full table (openai-chat's rule 3:
   an entry with neither index nor id then is dropped too). */
typedef struct sd_choice {
  uint64_t hash;
  uint32_t len; /* 0: none yet; 0xffffffff: reported without a word */
  uint32_t dropped;
} sd_choice;

#define SD_ALIGN 16u
#define SD_SPARE_RECORDS 9u /* the constant of the queue bound, and a sink */
SD_ASSERT(token_bytes, sizeof(sd_tok) + sizeof(sd_record) == SSE_DELTA_TOKEN_BYTES);
SD_ASSERT(tool_bytes, sizeof(sd_slot) + sizeof(sd_record) == SSE_DELTA_TOOL_BYTES);
SD_ASSERT(field_bytes, sizeof(sd_fields) == 56);
SD_ASSERT(field_levels, SSE_DELTA_FIELD_DEPTH <= 8 && SSE_DELTA_FIELD_KEY_BYTES < 0xffff);
SD_ASSERT(choice_bytes, sizeof(sd_choice) == SSE_DELTA_CHOICE_BYTES);
SD_ASSERT(fixed_bytes, SD_ALIGN + sizeof(sd_stream_state) + SD_SPARE_RECORDS * sizeof(sd_record) ==
                           SSE_DELTA_FIXED_BYTES);

typedef struct sd_limits {
  uint32_t event, tokens, tools, field, choices;
} sd_limits;

static uint32_t sd_or(uint32_t v, uint32_t fallback) { return v ? v : fallback; }

/* The options' limits with defaults filled in; 0 when one is out of range
   or the workspace size would not fit in a size_t. */
static int sd_resolve_limits(const sse_delta_options *o, sd_limits *l) {
  static const sse_delta_options none = {0, 0, 0, SSE_DELTA_DIALECT_AUTO, 0, 0};
  size_t max = (size_t)-1;
  if (o == NULL) o = &none;
  l->event = sd_or(o->max_event_bytes, SSE_DELTA_DEFAULT_EVENT_BYTES);
  l->tokens = sd_or(o->max_tokens, SSE_DELTA_DEFAULT_MAX_TOKENS);
  l->tools = sd_or(o->max_tool_calls, SSE_DELTA_DEFAULT_MAX_TOOL_CALLS);
  l->field = sd_or(o->max_field_bytes, SSE_DELTA_DEFAULT_FIELD_BYTES);
  l->choices = sd_or(o->max_choices, SSE_DELTA_DEFAULT_MAX_CHOICES);
  if (l->event > 0x7fffffffu || l->tokens > 0x1000000u || l->tools > 0xffffu ||
      l->field > 0xffffu || l->choices > 0xffffu)
    return 0;
  /* Each term below a sixth of SIZE_MAX: the sum cannot wrap (32-bit too). */
  max /= 6;
  return l->event <= max && l->tokens <= max / SSE_DELTA_TOKEN_BYTES &&
         l->tools <= max / (SSE_DELTA_TOOL_BYTES + 2u * 0x10000u);
}

static size_t sd_workspace_bytes(const sd_limits *l) {
  return SSE_DELTA_WORKSPACE_SIZE_FOR(l->event, l->tokens, l->tools, l->field, l->choices);
}

size_t sse_delta_workspace_size(const sse_delta_options *options) {
  sd_limits l;
  return sd_resolve_limits(options, &l) ? sd_workspace_bytes(&l) : 0;
}

/* The layout, in this order from the aligned base: usage state, finish
   words, tool slots, tokens, queue, event type, the two ids, event data. */
static size_t sd_field_room(const sse_delta_parser *p) { return ((size_t)p->field_cap_ + 7u) & ~(size_t)7u; }
static size_t sd_slot_bytes(const sse_delta_parser *p) { return sizeof(sd_slot) + 2 * sd_field_room(p); }
static size_t sd_queue_cap(const sse_delta_parser *p) {
  return (size_t)p->token_cap_ + p->tool_cap_ + SD_SPARE_RECORDS - 1;
}

static sd_stream_state *sd_usage(const sse_delta_parser *p) { return (sd_stream_state *)(void *)p->ws_; }
static void sd_quirk(const sse_delta_parser *p, enum sd_quirk q) {
  uint32_t *c = &sd_usage(p)->quirks[q];
  if (*c != 0xffffffffu) ++*c;
}
static sd_choice *sd_choices(const sse_delta_parser *p) {
  return (sd_choice *)(void *)(p->ws_ + sizeof(sd_stream_state));
}
static unsigned char *sd_slots_base(const sse_delta_parser *p) {
  return p->ws_ + sizeof(sd_stream_state) + (size_t)p->choice_cap_ * sizeof(sd_choice);
}
static sd_slot *sd_slot_at(const sse_delta_parser *p, uint32_t k) {
  return (sd_slot *)(void *)(sd_slots_base(p) + k * sd_slot_bytes(p));
}
static char *sd_slot_id(sd_slot *s) { return (char *)(s + 1); }
static char *sd_slot_name(const sse_delta_parser *p, sd_slot *s) {
  return (char *)(s + 1) + sd_field_room(p);
}
/* sse_delta_init() keeps where the tokens and the strings begin, since the
   hot path needs them on every event. */
static sd_tok *sd_tokens(const sse_delta_parser *p) { return (sd_tok *)p->tok_; }
static sd_record *sd_queue(const sse_delta_parser *p) {
  return (sd_record *)(void *)(sd_tokens(p) + p->token_cap_);
}
static char *sd_type_buf(const sse_delta_parser *p) { return p->text_; }
static void sd_place_regions(sse_delta_parser *p) {
  p->tok_ = sd_slots_base(p) + p->tool_cap_ * sd_slot_bytes(p);
  p->text_ = (char *)(sd_queue(p) + sd_queue_cap(p) + 1);
}
static char *sd_id_buf(const sse_delta_parser *p, unsigned which) {
  return sd_type_buf(p) + (size_t)p->field_cap_ * (1 + which);
}
static char *sd_event_buf(const sse_delta_parser *p) { return sd_type_buf(p) + 4 * (size_t)p->field_cap_; }
/* The id slot an id line is read into: neither the current event's id
   (id_cur_, WHATWG's "last event ID buffer") nor the last dispatched
   event's (id_last_, the "last event ID string" a reconnect sends). */
static unsigned sd_id_spare(const sse_delta_parser *p) {
  return p->id_cur_ != p->id_last_ ? 3u - p->id_cur_ - p->id_last_ : (p->id_cur_ + 1u) % 3u;
}

/* FNV-1a: keys, long ids and finish words are matched by hash and length. */
static uint64_t sd_hash(uint64_t h, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h;
}
#define SD_HASH_SEED 14695981039346656037ull

/* Whether v * 10 + digit would pass 2^63 - 1 (no 64-bit division: small
   targets call a library routine for it). */
static int sd_over_int64(uint64_t v, unsigned digit) {
  const uint64_t tenth = UINT64_C(0x7fffffffffffffff) / 10; /* ...5807 = tenth * 10 + 7 */
  return v > tenth || (v == tenth && digit > 7);
}

/* ---- 4. SSE framer --------------------------------------------------- */

enum sd_line_state { LS_START = 0, LS_NAME, LS_VALUE_FIRST, LS_VALUE, LS_SKIP };
enum sd_field { F_UNKNOWN = 0, F_DATA, F_EVENT, F_ID, F_RETRY };

/* Field-value flags (value_flags_). */
#define SD_VF_TOO_LONG 0x01u
#define SD_VF_HAS_NUL 0x02u
#define SD_VF_NOT_DIGITS 0x04u
#define SD_VF_OVERFLOW 0x08u

static int sd_dispatch(sse_delta_parser *p);
static void sd_saw_event_id(sse_delta_parser *p);
static int sd_call_error(sse_delta_parser *p, sse_delta_status code, const char *msg, size_t len);
/* Section 8b: data that does not fit the event buffer. */
static int sd_large_data(sse_delta_parser *p, const char *s, size_t n, size_t *used);
static int sd_large_possible(const sse_delta_parser *p);
static int sd_large_end_event(sse_delta_parser *p);

/* event_overflow_: the event is skipped, and what to report at the end of
   the line (E_EVENT_TOO_LARGE, or E_BAD_ESCAPE found while streaming). */
#define SD_OVER_REPORT 1u
#define SD_OVER_REPORTED 2u
#define SD_OVER_BAD_ESCAPE 3u

static void sd_clear_event(sse_delta_parser *p) {
  p->event_has_id_ = 0;
  p->data_len_ = 0;
  p->data_seen_ = 0;
  p->event_overflow_ = 0;
  p->type_len_ = 0;
  memset(&p->lg_state_, 0,
         offsetof(sse_delta_parser, lg_piece_) + sizeof p->lg_piece_ - offsetof(sse_delta_parser, lg_state_));
}

static enum sd_field sd_classify_field(const char *name, unsigned len) {
  switch (len) {
  case 2:
    return memcmp(name, "id", 2) == 0 ? F_ID : F_UNKNOWN;
  case 4:
    return memcmp(name, "data", 4) == 0 ? F_DATA : F_UNKNOWN;
  case 5:
    if (memcmp(name, "event", 5) == 0) return F_EVENT;
    return memcmp(name, "retry", 5) == 0 ? F_RETRY : F_UNKNOWN;
  default:
    return F_UNKNOWN;
  }
}

static void sd_append_data(sse_delta_parser *p, const char *s, size_t n) {
  if (p->event_overflow_) return;
  if (n > p->event_cap_ - p->data_len_) {
    p->event_overflow_ = SD_OVER_REPORT; /* reported at the end of the line */
    return;
  }
  memcpy(sd_event_buf(p) + p->data_len_, s, n);
  p->data_len_ += (uint32_t)n;
}

/* The line's field name is complete: get ready for its value. */
static void sd_begin_value(sse_delta_parser *p, unsigned field) {
  p->field_ = (uint8_t)field;
  p->value_flags_ = 0;
  switch (p->field_) {
  case F_DATA:
    /* The "\n" joining data lines waits when it would overflow the buffer
       (or the event is already over it): the large-event stage takes it
       with the line's bytes, where it may call back. One is still waiting
       when a pause came before it was taken (it goes first on resuming). */
    if (p->data_seen_) {
      if (p->lg_state_ || (p->data_len_ == p->event_cap_ && !p->event_overflow_ && sd_large_possible(p)))
        p->lg_newline_++;
      else
        sd_append_data(p, "\n", 1);
    }
    p->data_seen_ = 1;
    break;
  case F_EVENT:
    p->type_len_ = 0;
    break;
  case F_ID:
    p->id_len_[sd_id_spare(p)] = 0;
    break;
  case F_RETRY:
    p->retry_acc_ = 0;
    p->value_flags_ = SD_VF_NOT_DIGITS; /* until a digit arrives */
    p->retry_digits_ = 0;
    break;
  default:
    break;
  }
}

static void sd_retry_digits(sse_delta_parser *p, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned d = (unsigned char)s[i] - (unsigned)'0';
    if (d > 9) {
      p->value_flags_ |= SD_VF_NOT_DIGITS;
      p->retry_digits_ = 2; /* a non-digit: never accepted */
      continue;
    }
    if (p->retry_digits_ == 0) {
      p->retry_digits_ = 1;
      p->value_flags_ &= (uint8_t)~SD_VF_NOT_DIGITS;
    }
    if (sd_over_int64(p->retry_acc_, d))
      p->value_flags_ |= SD_VF_OVERFLOW;
    else
      p->retry_acc_ = p->retry_acc_ * 10 + d;
  }
}

/* Append to a short field, cutting at the field storage. */
static void sd_append_field(sse_delta_parser *p, char *dst, uint16_t *len, const char *s, size_t n) {
  size_t room = (size_t)p->field_cap_ - *len;
  if (n > room) {
    p->value_flags_ |= SD_VF_TOO_LONG;
    n = room;
  }
  memcpy(dst + *len, s, n);
  *len = (uint16_t)(*len + n);
}

/* Bytes of the current field's value (never a line end). Only data that
   goes past the event buffer may call back, and pause after *used bytes. */
static int sd_value_bytes(sse_delta_parser *p, const char *s, size_t n, size_t *used) {
  *used = n;
  switch (p->field_) {
  case F_DATA:
    if (p->lg_state_ || p->lg_newline_ || (n > p->event_cap_ - p->data_len_ && !p->event_overflow_))
      return sd_large_data(p, s, n, used);
    sd_append_data(p, s, n);
    break;
  case F_EVENT:
    sd_append_field(p, sd_type_buf(p), &p->type_len_, s, n);
    break;
  case F_ID:
    if (memchr(s, 0, n) != NULL) p->value_flags_ |= SD_VF_HAS_NUL;
    sd_append_field(p, sd_id_buf(p, sd_id_spare(p)), &p->id_len_[sd_id_spare(p)], s, n);
    break;
  default: /* F_RETRY: a line of another field is skipped before its value */
    sd_retry_digits(p, s, n);
    break;
  }
  return SD_GO;
}

/* The line ended: a field takes effect. Calls back last, so a pause leaves
   the framer ready for the next line. */
static int sd_end_value(sse_delta_parser *p) {
  switch (p->field_) {
  case F_DATA: {
    unsigned over;
    size_t unused;
    if (p->lg_newline_ && sd_large_data(p, "", 0, &unused) == SD_STOP) return SD_STOP;
    over = p->event_overflow_;
    if (over != SD_OVER_REPORT && over != SD_OVER_BAD_ESCAPE) return SD_GO;
    p->event_overflow_ = SD_OVER_REPORTED;
    return sd_call_error(p, over == SD_OVER_REPORT ? SSE_DELTA_E_EVENT_TOO_LARGE : SSE_DELTA_E_BAD_ESCAPE,
                         NULL, 0);
  }
  case F_EVENT:
    if (p->value_flags_ & SD_VF_TOO_LONG) return sd_call_error(p, SSE_DELTA_E_FIELD_TOO_LONG, NULL, 0);
    return SD_GO;
  case F_ID:
    if (p->value_flags_ & SD_VF_HAS_NUL) return SD_GO; /* WHATWG: ignored */
    if (p->value_flags_ & SD_VF_TOO_LONG) return sd_call_error(p, SSE_DELTA_E_FIELD_TOO_LONG, NULL, 0);
    p->id_cur_ = (uint8_t)sd_id_spare(p);
    sd_saw_event_id(p);
    return SD_GO;
  case F_RETRY:
    if (p->value_flags_ & SD_VF_NOT_DIGITS) return SD_GO; /* WHATWG: ignored */
    if (p->value_flags_ & SD_VF_OVERFLOW) return sd_call_error(p, SSE_DELTA_E_NUMBER_OVERFLOW, NULL, 0);
    p->retry_ = (int64_t)p->retry_acc_;
    if (p->cb_.on_retry == NULL) return SD_GO;
    {
      int rc;
      p->in_callback_ = 1;
      rc = p->cb_.on_retry(p->user_, p->retry_acc_);
      p->in_callback_ = 0;
      return rc != 0 ? SD_STOP : SD_GO;
    }
  default:
    return SD_GO;
  }
}

/* A blank line: dispatch the event (WHATWG: nothing when no data line,
   but its id becomes the one a reconnect sends). */
static int sd_blank_line(sse_delta_parser *p) {
  p->id_last_ = p->id_cur_;
  if (!p->data_seen_ || p->event_overflow_) {
    unsigned over = p->event_overflow_;
    sd_clear_event(p);
    /* given up on after its last data line (a pause came between) */
    if (over == SD_OVER_REPORT) return sd_call_error(p, SSE_DELTA_E_EVENT_TOO_LARGE, NULL, 0);
    if (over == SD_OVER_BAD_ESCAPE) return sd_call_error(p, SSE_DELTA_E_BAD_ESCAPE, NULL, 0);
    return SD_GO;
  }
  if (p->lg_state_) return sd_large_end_event(p);
  return sd_dispatch(p);
}

/* The UTF-8 byte order mark is skipped once, at the very start. A partial
   match that fails was the start of the first line's field name (no field
   name begins with 0xEF), so it only has to make that name unknown. */
static size_t sd_skip_bom(sse_delta_parser *p, const unsigned char *s, size_t n) {
  static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
  size_t i = 0;
  while (p->bom_state_ < 3 && i < n) {
    if (s[i] == bom[p->bom_state_]) {
      p->bom_state_++;
      i++;
      continue;
    }
    if (p->bom_state_ > 0) {
      p->line_state_ = LS_NAME;
      p->name_len_ = sizeof p->name_; /* too long to be a known field */
      p->line_used_ = 1;
    }
    p->bom_state_ = 3;
  }
  return i;
}

/* Where the next CR and the next LF of a feed are: each is searched for
   once and again only after the framer has passed it, so no byte is
   scanned twice for the same character. Offsets into the feed; n: none. */
typedef struct sd_line_ends {
  size_t cr, lf;
} sd_line_ends;
#define SD_UNSEARCHED ((size_t)-1)

static size_t sd_next_of(size_t *cached, const char *s, size_t from, size_t n, int c) {
  if (*cached == SD_UNSEARCHED || *cached < from) {
    const char *hit = (const char *)memchr(s + from, c, n - from);
    *cached = hit ? (size_t)(hit - s) : n;
  }
  return *cached;
}

/* The offset of the first CR or LF at or after `from`, or n. A feed's
   last few bytes are looked at one by one: cheaper than two searches. */
static size_t sd_line_end(sd_line_ends *le, const char *s, size_t from, size_t n) {
  size_t lf, cr;
  if (n - from <= 16) {
    while (from < n && s[from] != '\n' && s[from] != '\r') from++;
    return from;
  }
  lf = sd_next_of(&le->lf, s, from, n, '\n');
  cr = sd_next_of(&le->cr, s, from, n, '\r');
  return lf < cr ? lf : cr;
}

/* Run the framer over s[i..n). Returns SD_STOP with *used set when paused. */
static int sd_frame_bytes(sse_delta_parser *p, const char *s, size_t i, size_t n, size_t *used) {
  sd_line_ends le;
  le.cr = le.lf = SD_UNSEARCHED;
  while (i < n) {
    char c = s[i];
    if (p->after_cr_) {
      p->after_cr_ = 0;
      if (c == '\n') {
        i++;
        continue;
      }
    }
    switch (p->line_state_) {
    case LS_START:
      if (c == '\r' || c == '\n') {
        i++;
        p->after_cr_ = (c == '\r');
        if (sd_blank_line(p) == SD_STOP) goto paused;
        continue;
      }
      p->line_used_ = 1;
      if (c == ':') { /* a comment */
        sd_quirk(p, SD_Q_comment_lines);
        p->line_state_ = LS_SKIP;
        i++;
        continue;
      }
      if (n - i >= 6 && memcmp(s + i, "data: ", 6) == 0) { /* most lines: no name loop */
        sd_begin_value(p, F_DATA);
        p->line_state_ = LS_VALUE;
        i += 6;
        continue;
      }
      p->line_state_ = LS_NAME;
      p->name_len_ = 0;
      /* fall through */
    case LS_NAME:
      while (i < n) {
        c = s[i];
        if (c == ':' || c == '\r' || c == '\n') break;
        if (p->name_len_ < sizeof p->name_) p->name_[p->name_len_++] = c;
        i++;
      }
      if (i == n) break;
      sd_begin_value(p, sd_classify_field(p->name_, p->name_len_));
      if (c == ':') {
        i++;
        p->line_state_ = (p->field_ == F_UNKNOWN) ? LS_SKIP : LS_VALUE_FIRST;
        continue;
      }
      goto line_end; /* a field with an empty value */
    case LS_VALUE_FIRST:
      p->line_state_ = LS_VALUE;
      if (c == ' ') {
        i++;
        continue;
      }
      /* fall through */
    case LS_VALUE: {
      size_t k = sd_line_end(&le, s, i, n);
      if (sd_value_bytes(p, s + i, k - i, used) == SD_STOP) {
        i += *used;
        goto paused;
      }
      i = k;
      if (i == n) break;
      c = s[i];
      goto line_end;
    }
    default: /* LS_SKIP: comments and unknown fields are never buffered */
      i = sd_line_end(&le, s, i, n);
      if (i == n) break;
      p->field_ = F_UNKNOWN;
      c = s[i];
      goto line_end;
    }
    continue;
  line_end:
    i++;
    p->after_cr_ = (c == '\r');
    p->line_state_ = LS_START;
    p->line_used_ = 0;
    if (sd_end_value(p) == SD_STOP) goto paused;
  }
  *used = n;
  return SD_GO;
paused:
  *used = i;
  return SD_STOP;
}

/* ---- 4a. reconnects -------------------------------------------------- */
/* After sse_delta_reconnect(), the new connection's first events may be
   ones the old one delivered. They are recognized by what the stream
   numbers them with: the payload's sequence_number (openai-responses),
   else the event's own id: the last id seen (and what came before it, when
   the ids are decimal numbers, or when the server started again from the
   stream's first id). The first event that is none of these ends it. */

#define SD_RS_ON 0x01u         /* resume_: skipping what was delivered */
#define SD_RS_ID 0x02u         /* the old connection's last id is known */
#define SD_RS_ID_NUM 0x04u     /* ... and is a decimal number */
#define SD_RS_FROM_START 0x08u /* the server started again from the first id */
#define SD_RS_LAST_SEEN 0x10u  /* the last id came again: what follows is new */
#define SD_RS_FIRST_ID 0x20u   /* first_id_hash_ is set */
#define SD_RS_DEFERRED 0x40u   /* a reconnect came while an event was paused */

/* A decimal number of at most 19 digits, as event ids often are. */
static int sd_decimal(const char *s, size_t n, uint64_t *v) {
  size_t k;
  *v = 0;
  if (n == 0) return 0;
  for (k = 0; k < n; k++) {
    unsigned d = (unsigned char)s[k] - (unsigned)'0';
    if (d > 9 || sd_over_int64(*v, d)) return 0;
    *v = *v * 10 + d;
  }
  return 1;
}

static uint64_t sd_current_id_hash(const sse_delta_parser *p) {
  return sd_hash(SD_HASH_SEED, sd_id_buf(p, p->id_cur_), p->id_len_[p->id_cur_]);
}

/* An id line took effect: this event has an id of its own. */
static void sd_saw_event_id(sse_delta_parser *p) {
  p->event_has_id_ = 1;
  if (!(p->resume_ & SD_RS_FIRST_ID)) {
    p->resume_ |= SD_RS_FIRST_ID;
    p->first_id_hash_ = sd_current_id_hash(p);
  }
}

/* Where the old connection stopped: its last dispatched id, and (kept by
   the openai-responses mapping as events are delivered) last_seq_. Clears
   SD_RS_DEFERRED. */
static void sd_start_resuming(sse_delta_parser *p) {
  const char *id = sd_id_buf(p, p->id_last_);
  size_t n = p->id_len_[p->id_last_];
  p->resume_ = (uint8_t)((p->resume_ & SD_RS_FIRST_ID) | SD_RS_ON);
  if (n == 0) return;
  p->resume_ |= SD_RS_ID;
  p->resume_id_hash_ = sd_hash(SD_HASH_SEED, id, n);
  if (sd_decimal(id, n, &p->resume_id_num_)) p->resume_ |= SD_RS_ID_NUM;
}

static int sd_payload_sequence(sse_delta_parser *p, int64_t *seq);

/* Whether the event just framed is one the old connection delivered, given
   its payload's sequence number when it has one. */
static int sd_is_replayed(sse_delta_parser *p, int has_seq, int64_t seq) {
  uint64_t num;
  if (p->last_seq_ >= 0 && has_seq) return seq <= p->last_seq_;
  if (p->event_has_id_ && (p->resume_ & SD_RS_ID)) {
    uint64_t h = sd_current_id_hash(p);
    const char *id = sd_id_buf(p, p->id_cur_);
    if (h == p->resume_id_hash_) {
      p->resume_ |= SD_RS_LAST_SEEN;
      return 1;
    }
    if ((p->resume_ & SD_RS_ID_NUM) && sd_decimal(id, p->id_len_[p->id_cur_], &num))
      return num < p->resume_id_num_;
    if (h == p->first_id_hash_) p->resume_ |= SD_RS_FROM_START;
  }
  return (p->resume_ & SD_RS_FROM_START) != 0;
}

/* An event while resuming: skipped (1, and counted) or the first new one,
   which ends the resuming. */
static int sd_replay_verdict(sse_delta_parser *p, int has_seq, int64_t seq) {
  if (sd_is_replayed(p, has_seq, seq)) {
    if (p->resume_ & SD_RS_LAST_SEEN) p->resume_ &= SD_RS_FIRST_ID;
    sd_quirk(p, SD_Q_replayed_events);
    return 1;
  }
  p->resume_ &= SD_RS_FIRST_ID;
  return 0;
}

/* A dispatched event while resuming (the sequence number is read only when
   the stream has one). */
SD_NOINLINE static int sd_skip_replayed(sse_delta_parser *p) {
  int64_t seq = 0;
  int has_seq = p->last_seq_ >= 0 && sd_payload_sequence(p, &seq);
  return sd_replay_verdict(p, has_seq, seq);
}

/* ---- 4b. bodies that are not SSE ------------------------------------- */
/* An HTTP error or a non-streamed answer is one JSON value, not events.
   The first byte that is not white space (after a BOM) tells: '{' or '['
   starts a JSON body, anything else an SSE stream. Each top-level value of
   a JSON body is then one payload, dispatched when its last bracket comes;
   nothing between values but white space. */

/* JSON's white space: space, tab, line feed, carriage return. */
static int sd_is_space(char c) {
  unsigned char u = (unsigned char)c;
  return u == ' ' || (u <= '\r' && ((0x2600u >> u) & 1u));
}

enum sd_body { SD_BODY_UNDECIDED = 0, SD_BODY_BLANKS, SD_BODY_SSE, SD_BODY_JSON };
#define SD_BS_STRING 0x01u /* body_scan_: inside a string */
#define SD_BS_ESCAPE 0x02u /* after its backslash */
#define SD_BS_JUNK 0x04u   /* bytes between values reported */

/* Blank lines say nothing yet; blanks starting a line that turns out to be
   SSE begin a field name no field has, as in SSE itself. */
static size_t sd_sniff_body(sse_delta_parser *p, const char *s, size_t n) {
  size_t i;
  if (p->line_state_ != LS_START) { /* a failed BOM began a line */
    p->body_ = SD_BODY_SSE;
    return 0;
  }
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (c == '\r' || c == '\n') {
      p->body_ = SD_BODY_UNDECIDED;
      p->line_used_ = 0;
    } else if (c == ' ' || c == '\t') {
      p->body_ = SD_BODY_BLANKS;
      p->line_used_ = 1;
    } else if (c == '{' || c == '[') {
      p->body_ = SD_BODY_JSON;
      p->line_used_ = 0;
      p->flags_ |= SSE_DELTA_SAW_JSON_BODY;
      return i;
    } else {
      if (p->body_ == SD_BODY_BLANKS) {
        p->line_state_ = LS_NAME;
        p->name_len_ = sizeof p->name_;
      }
      p->body_ = SD_BODY_SSE;
      return i;
    }
  }
  return n;
}

/* How many of s[0..n) belong to the current value: up to its closing
   bracket (*closed set), or all. Brackets inside strings do not count; a
   mismatched one is the tokenizer's to report. */
static size_t sd_body_value_bytes(sse_delta_parser *p, const char *s, size_t n, int *closed) {
  size_t k;
  *closed = 0;
  for (k = 0; k < n; k++) {
    char c = s[k];
    if (p->body_scan_ & SD_BS_STRING) {
      if (p->body_scan_ & SD_BS_ESCAPE) p->body_scan_ &= (uint8_t)~SD_BS_ESCAPE;
      else if (c == '\\') p->body_scan_ |= SD_BS_ESCAPE;
      else if (c == '"') p->body_scan_ &= (uint8_t)~SD_BS_STRING;
    } else if (c == '"') {
      p->body_scan_ |= SD_BS_STRING;
    } else if (c == '{' || c == '[') {
      p->body_depth_++;
    } else if ((c == '}' || c == ']') && --p->body_depth_ == 0) {
      *closed = 1;
      return k + 1;
    }
  }
  return n;
}

/* Run the JSON body over s[i..n); as sd_frame_bytes. A value over
   max_event_bytes is reported as E_EVENT_TOO_LARGE once it has ended. */
static int sd_body_bytes(sse_delta_parser *p, const char *s, size_t i, size_t n, size_t *used) {
  while (i < n) {
    int closed;
    size_t k;
    if (!p->data_seen_) { /* between values */
      char c = s[i++];
      if (sd_is_space(c)) continue;
      if (c != '{' && c != '[') {
        if (p->body_scan_ & SD_BS_JUNK) continue;
        p->body_scan_ |= SD_BS_JUNK;
        if (sd_call_error(p, SSE_DELTA_E_JSON_SYNTAX, NULL, 0) == SD_STOP) goto paused;
        continue;
      }
      i--;
      p->data_seen_ = 1;
      p->body_scan_ = 0;
    }
    k = sd_body_value_bytes(p, s + i, n - i, &closed);
    sd_append_data(p, s + i, k);
    i += k;
    if (!closed) break;
    if (p->event_overflow_) {
      sd_clear_event(p);
      if (sd_call_error(p, SSE_DELTA_E_EVENT_TOO_LARGE, NULL, 0) == SD_STOP) goto paused;
    } else if (sd_dispatch(p) == SD_STOP) {
      goto paused;
    }
  }
  *used = n;
  return SD_GO;
paused:
  *used = i;
  return SD_STOP;
}

/* ---- 5. JSON --------------------------------------------------------- */

/* A tokenized payload. jsmn gives tokens in the order they start, so the
   token after a value's subtree is the first one starting at or after the
   value's end: a binary search, never a walk. A string decoded in place
   gets type SD_UNDEF, its end moved to the decoded end and what decoding
   found in `size`. */
typedef struct sd_doc {
  char *js;
  sd_tok *t;
  int n;
} sd_doc;

typedef struct sd_key {
  const char *name;
  unsigned len;
} sd_key;
#define SD_KEY(s) {s, sizeof(s) - 1}

static int sd_is_string(const sd_doc *d, int i) {
  return i >= 0 && (d->t[i].type == SD_STRING || d->t[i].type == SD_UNDEF);
}
static int sd_is_object(const sd_doc *d, int i) { return i >= 0 && d->t[i].type == SD_OBJECT; }
static int sd_is_array(const sd_doc *d, int i) { return i >= 0 && d->t[i].type == SD_ARRAY; }
static const char *sd_text(const sd_doc *d, int i) { return d->js + d->t[i].start; }
static size_t sd_len(const sd_doc *d, int i) { return (size_t)(d->t[i].end - d->t[i].start); }

/* Whether token i is the string s[0..n), compared as raw text (an
   escaped one does not match), or the literal s (null, true): a value of
   another type is not. */
static int sd_text_is(const sd_doc *d, int i, const char *s, unsigned n) {
  return sd_len(d, i) == n && memcmp(sd_text(d, i), s, n) == 0;
}
static int sd_string_is(const sd_doc *d, int i, const char *s, unsigned n) {
  return sd_is_string(d, i) && sd_text_is(d, i, s, n);
}
static int sd_literal_is(const sd_doc *d, int i, const char *s, unsigned n) {
  return i >= 0 && d->t[i].type == SD_PRIMITIVE && sd_text_is(d, i, s, n);
}

/* The index of the token after value i and everything inside it. */
static int sd_skip(const sd_doc *d, int i) {
  const sd_tok *t = d->t;
  int lo = i + 1, hi = d->n, end = t[i].end;
  if (t[i].type != SD_OBJECT && t[i].type != SD_ARRAY) return lo;
  while (lo < hi) { /* the first token in [lo, hi) starting at or after end */
    int mid = lo + (hi - lo) / 2;
    if (t[mid].start < end) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* Whether the n bytes at a and b are equal. Keys are short: their first
   and last four bytes are compared as words, memcmp sees only longer ones. */
static int sd_same_bytes(const char *a, const char *b, unsigned n) {
  uint32_t x, y, u, v;
  if (n < 4) return memcmp(a, b, n) == 0;
  memcpy(&x, a, 4);
  memcpy(&y, b, 4);
  memcpy(&u, a + n - 4, 4);
  memcpy(&v, b + n - 4, 4);
  return x == y && u == v && (n <= 8 || memcmp(a + 4, b + 4, n - 8) == 0);
}

/* One pass over the members of object `obj`: out[k] receives the value
   token of keys[k], or -1. A repeated key: the last one wins. Keys are
   compared as raw text (an escaped key does not match). */
static void sd_lookup(const sd_doc *d, int obj, const sd_key *keys, int nkeys, int *out) {
  const sd_tok *t = d->t;
  const char *js = d->js;
  const int n = d->n;
  uint32_t lengths = 0; /* bit n: some wanted key is n bytes long (mod 32) */
  int k, m, members;
  for (k = 0; k < nkeys; k++) {
    out[k] = -1;
    lengths |= (uint32_t)1 << (keys[k].len & 31u);
  }
  if (!sd_is_object(d, obj)) return;
  members = t[obj].size;
  for (m = 0, k = obj + 1; m < members && k + 1 < n; m++) {
    int start = t[k].start;
    unsigned len = (unsigned)(t[k].end - start);
    int value = k + 1;
    if ((lengths >> (len & 31u)) & 1u) {
      const char *text = js + start;
      int j;
      for (j = 0; j < nkeys; j++) {
        if (keys[j].len == len && keys[j].name[0] == text[0] && sd_same_bytes(text, keys[j].name, len)) {
          out[j] = value;
          break;
        }
      }
    }
    if (m + 1 == members) break; /* the last value needs no skipping */
    k = t[value].type == SD_OBJECT || t[value].type == SD_ARRAY ? sd_skip(d, value) : value + 1;
  }
}

/* Elements of array `arr`, in order. */
#define SD_FOR_EACH(d, arr, it, count)                                          \
  for ((it) = (arr) + 1, (count) = 0; (count) < (d)->t[arr].size && (it) < (d)->n; \
       (it) = ++(count) < (d)->t[arr].size ? sd_skip((d), (it)) : (it))

/* A non-negative JSON integer. */
enum sd_num { NUM_ABSENT = 0, NUM_OK, NUM_OVERFLOW };

static enum sd_num sd_int(const sd_doc *d, int i, int64_t *out) {
  const char *s;
  size_t k, n;
  uint64_t v = 0;
  if (i < 0 || d->t[i].type != SD_PRIMITIVE) return NUM_ABSENT;
  s = sd_text(d, i);
  n = sd_len(d, i);
  for (k = 0; k < n; k++) {
    unsigned digit = (unsigned char)s[k] - (unsigned)'0';
    if (digit > 9) return NUM_ABSENT; /* negative, fraction, exponent, literal */
    if (sd_over_int64(v, digit)) return NUM_OVERFLOW;
    v = v * 10 + digit;
  }
  *out = (int64_t)v;
  return NUM_OK;
}

/* Whether s[0..n) is a number by the JSON grammar. */
static int sd_is_number(const char *s, size_t n) {
  size_t i = 0, digits;
  if (i < n && s[i] == '-') i++;
  if (i < n && s[i] == '0') {
    i++;
  } else {
    for (digits = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) digits++;
    if (digits == 0) return 0;
  }
  if (i < n && s[i] == '.') {
    for (i++, digits = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) digits++;
    if (digits == 0) return 0;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    for (digits = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) digits++;
    if (digits == 0) return 0;
  }
  return i == n;
}

/* Hash of a token's JSON text, with its type, so 1 and "1" differ. */
static uint64_t sd_token_hash(const sd_doc *d, int i) {
  unsigned char type = (unsigned char)(d->t[i].type == SD_UNDEF ? SD_STRING : d->t[i].type);
  return sd_hash(sd_hash(SD_HASH_SEED, (const char *)&type, 1), sd_text(d, i), sd_len(d, i));
}

static int sd_hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* The code unit of a \uXXXX escape at s (s[0] == '\\'), or -1. */
static long sd_escape_unit(const char *s, const char *end) {
  long v = 0;
  int k;
  if (end - s < 6 || s[1] != 'u') return -1;
  for (k = 2; k < 6; k++) {
    int h = sd_hex(s[k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

static size_t sd_put_utf8(char *w, unsigned long cp) {
  if (cp < 0x80) {
    w[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    w[0] = (char)(0xC0 | (cp >> 6));
    w[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    w[0] = (char)(0xE0 | (cp >> 12));
    w[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    w[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  w[0] = (char)(0xF0 | (cp >> 18));
  w[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  w[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  w[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t sd_utf8_sequence(const unsigned char *s, const unsigned char *end) {
  size_t need, k;
  unsigned long cp;
  unsigned char c = s[0];
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    cp = c & 0x07u;
  } else {
    return 0;
  }
  if ((size_t)(end - s) < need) return 0;
  for (k = 1; k < need; k++) {
    if ((s[k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[k] & 0x3Fu);
  }
  if ((need == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return need;
}

/* The first byte in [s, end) that is a backslash or not ASCII, or end. A
   machine word at a time: most strings have neither. */
static const char *sd_find_special(const char *s, const char *end) {
  const size_t ones = (size_t)-1 / 255, highs = ones * 0x80, slashes = ones * '\\';
  while ((size_t)(end - s) >= 2 * sizeof(size_t)) { /* two words per test */
    size_t v, u, bv, bu;
    memcpy(&v, s, sizeof v);
    memcpy(&u, s + sizeof v, sizeof u);
    bv = v ^ slashes;
    bu = u ^ slashes;
    if (((v | u | ((bv - ones) & ~bv) | ((bu - ones) & ~bu)) & highs) != 0) break;
    s += 2 * sizeof v;
  }
  while (s < end && (unsigned char)*s < 0x80 && *s != '\\') s++;
  return s;
}

/* What decoding a string found. */
#define SD_STR_LONE 0x01u      /* a lone surrogate became U+FFFD */
#define SD_STR_BAD_UTF8 0x02u  /* invalid UTF-8 passed through */
#define SD_STR_CARRY_LONE 0x04u /* the carried high surrogate found no pair */

typedef struct sd_decoded {
  unsigned flags;
  unsigned tail_high; /* a high surrogate ending the string, not written; 0: none */
} sd_decoded;

static const char sd_replacement[3] = {'\xEF', '\xBF', '\xBD'};

/* Decode the escapes of string token i in place, once: JSON escapes to
   UTF-8, surrogate pairs joined, lone surrogates to U+FFFD. `carry` is a
   high surrogate that ended the previous string of the same text (0:
   none): a low one starting this string pairs with it. With `keep_tail`, a
   high surrogate ending this string is left out and returned instead of
   replaced. The text never grows: an escape is longer than what it
   decodes to. Returns the flags (also kept in the token's size). */
static unsigned sd_decode(sd_doc *d, int i, unsigned carry, int keep_tail, sd_decoded *out) {
  sd_tok *t = &d->t[i];
  char *r = d->js + t->start, *w = r, *end = d->js + t->end;
  unsigned flags = 0;
  out->tail_high = 0;
  if (carry != 0) {
    long lo = (r < end && *r == '\\') ? sd_escape_unit(r, end) : -1;
    if (lo >= 0xDC00 && lo <= 0xDFFF) {
      w += sd_put_utf8(w, 0x10000 + ((carry - 0xD800ul) << 10) + ((unsigned long)lo - 0xDC00));
      r += 6;
    } else {
      flags |= SD_STR_CARRY_LONE | SD_STR_LONE;
    }
  }
  for (;;) {
    const char *q = sd_find_special(r, end);
    long u, lo;
    if (w != r) memmove(w, r, (size_t)(q - r));
    w += q - r;
    r = (char *)q;
    if (r == end) break;
    if ((unsigned char)*r >= 0x80) {
      size_t k = sd_utf8_sequence((const unsigned char *)r, (const unsigned char *)end);
      if (k == 0) {
        flags |= SD_STR_BAD_UTF8;
        k = 1;
      }
      while (k--) *w++ = *r++;
      continue;
    }
    /* a backslash: jsmn's strict mode let only valid escapes through */
    switch (r[1]) {
    case 'n': *w++ = '\n'; r += 2; continue;
    case 't': *w++ = '\t'; r += 2; continue;
    case 'r': *w++ = '\r'; r += 2; continue;
    case 'b': *w++ = '\b'; r += 2; continue;
    case 'f': *w++ = '\f'; r += 2; continue;
    case 'u': break;
    default: *w++ = r[1]; r += 2; continue; /* " \ / */
    }
    u = sd_escape_unit(r, end);
    r += 6;
    if (u >= 0xD800 && u <= 0xDBFF) {
      lo = (r < end && *r == '\\') ? sd_escape_unit(r, end) : -1;
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        w += sd_put_utf8(w, 0x10000 + (((unsigned long)u - 0xD800) << 10) + ((unsigned long)lo - 0xDC00));
        r += 6;
        continue;
      }
      if (r == end && keep_tail) {
        out->tail_high = (unsigned)u;
        continue;
      }
      u = 0xFFFD;
      flags |= SD_STR_LONE;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      u = 0xFFFD;
      flags |= SD_STR_LONE;
    }
    w += sd_put_utf8(w, (unsigned long)u);
  }
  t->type = SD_UNDEF;
  t->end = (int)(w - d->js);
  t->size = (int)flags;
  out->flags = flags;
  return flags;
}

/* Remove JSON whitespace outside strings, in place, within token i.
   Returns the compact length; the token keeps its bounds. */
static size_t sd_compact(sd_doc *d, int i) {
  char *r = d->js + d->t[i].start, *w = r, *end = d->js + d->t[i].end;
  int in_string = 0;
  for (; r < end; r++) {
    char c = *r;
    if (in_string) {
      *w++ = c;
      if (c == '\\')
        *w++ = *++r; /* jsmn ended the string at its quote: never past end */
      else if (c == '"')
        in_string = 0;
      continue;
    }
    if (sd_is_space(c)) continue;
    if (c == '"') in_string = 1;
    *w++ = c;
  }
  return (size_t)(w - (d->js + d->t[i].start));
}


/* Why jsmn refused a payload: a bad escape gets its own code. */
static sse_delta_status sd_diagnose_syntax(const char *s, size_t n) {
  size_t i;
  int in_string = 0;
  for (i = 0; i < n; i++) {
    if (!in_string) {
      in_string = s[i] == '"';
      continue;
    }
    if (s[i] == '"') {
      in_string = 0;
    } else if (s[i] == '\\') {
      if (i + 1 >= n) return SSE_DELTA_E_JSON_SYNTAX;
      if (s[i + 1] == 'u') {
        if (sd_escape_unit(s + i, s + n) < 0) return SSE_DELTA_E_BAD_ESCAPE;
        i += 5;
      } else if (memchr("\"\\/bfnrt", s[i + 1], 8) == NULL) {
        return SSE_DELTA_E_BAD_ESCAPE;
      } else {
        i++;
      }
    }
  }
  return SSE_DELTA_E_JSON_SYNTAX;
}

/* Whether v[0..len) is a JSON number, true, false or null. */
static int sd_is_scalar_text(const char *v, size_t len) {
  switch (len > 0 ? v[0] : 0) {
  case 't': return len == 4 && memcmp(v, "true", 4) == 0;
  case 'f': return len == 5 && memcmp(v, "false", 5) == 0;
  case 'n': return len == 4 && memcmp(v, "null", 4) == 0;
  default: return sd_is_number(v, len);
  }
}

/* A lone scalar (null, true, 12...) is JSON, just not an object: strict
   jsmn wants a primitive to be followed by a delimiter. */
static int sd_is_lone_scalar(const char *s, size_t n) {
  size_t i = 0;
  while (i < n && sd_is_space(s[i])) i++;
  while (n > i && sd_is_space(s[n - 1])) n--;
  return sd_is_scalar_text(s + i, n - i);
}

/* Where token i's text begins and ends (a string's quotes included). */
static int sd_text_start(const sd_tok *t) { return t->start - (t->type == SD_STRING); }
static int sd_text_end(const sd_tok *t) { return t->end + (t->type == SD_STRING); }

/* Whether s[from..to) is what may stand between two tokens: white space,
   then closing brackets (with white space), then `sep` once when it is
   not 0. */
static int sd_gap_is(const char *s, int from, int to, char sep) {
  int seen = 0;
  for (; from < to; from++) {
    char c = s[from];
    if (sd_is_space(c)) continue;
    if ((c == '}' || c == ']') && !seen) continue;
    if (c != sep || seen) return 0;
    seen = 1;
  }
  return seen == (sep != 0);
}

/* What strict jsmn lets through is refused here: a key without its value,
   a missing or doubled comma or colon, a trailing comma, a key that is
   not a string, a primitive that is not a number, true, false or null.
   Every token is looked at once, with the text between it and the one
   before (most often exactly its separator, tested first). */
static int sd_well_formed(const char *s, const sd_tok *t, int n) {
  int j;
  for (j = 1; j < n; j++) {
    const sd_tok *tok = &t[j], *up, *before = tok - 1;
    int parent = tok->parent, from, to;
    char sep;
    up = &t[parent]; /* inside t[0], which spans the payload: 0 <= parent < j */
    if (up->type == SD_OBJECT) { /* a key: strict jsmn makes only strings keys */
      if (tok->size != 1) return 0;
    } else if (tok->type == SD_STRING) { /* a string value */
      if (tok->size != 0) return 0;
    } else if (tok->type == SD_PRIMITIVE) {
      if (!sd_is_scalar_text(s + tok->start, (size_t)(tok->end - tok->start))) return 0;
    } else if (tok->size == 0 && !sd_gap_is(s, tok->start + 1, tok->end - 1, 0)) {
      return 0; /* an empty container holds white space only: [,] {:} */
    }
    sep = up->type == SD_STRING ? ':' : (before == up ? 0 : ',');
    from = before == up && up->type != SD_STRING ? up->start + 1 : sd_text_end(before);
    to = sd_text_start(tok);
    if (sep ? (to - from == 1 && s[from] == sep) : to == from) continue;
    if (!sd_gap_is(s, from, to, sep)) return 0;
  }
  /* after the last token, only closing brackets up to the last one */
  return sd_gap_is(s, n > 1 ? sd_text_end(&t[n - 1]) : t[0].start + 1, t[0].end - 1, 0);
}

/* What strict jsmn's r tokens of s[0..n) still must pass: white space
   only before and after the value (jsmn passes over a leading , or :; a
   string ends before its quote), a lone primitive that is a JSON word, an
   object or array at the top, the grammar inside. Out of line, so that
   these checks do not change how jsmn's loop is compiled. */
SD_NOINLINE static sse_delta_status sd_check_value(const char *s, size_t n, const sd_tok *t, int r) {
  size_t k;
  for (k = 0; k < (size_t)sd_text_start(&t[0]); k++)
    if (!sd_is_space(s[k])) return SSE_DELTA_E_JSON_SYNTAX;
  if (t[0].type == SD_PRIMITIVE && !sd_is_scalar_text(s + t[0].start, (size_t)(t[0].end - t[0].start)))
    return SSE_DELTA_E_JSON_SYNTAX; /* tru, 1.2.3 */
  for (k = (size_t)sd_text_end(&t[0]); k < n; k++)
    if (!sd_is_space(s[k])) return SSE_DELTA_E_JSON_SYNTAX; /* a second value, or a NUL jsmn stopped at */
  if (t[0].type != SD_OBJECT && t[0].type != SD_ARRAY) return SSE_DELTA_E_JSON_SHAPE;
  return sd_well_formed(s, t, r) ? SSE_DELTA_OK : SSE_DELTA_E_JSON_SYNTAX;
}

/* Tokenize s[0..n) into t[0..cap). Returns the token count, or 0 after
   setting *err: not JSON, not one value, not an object or array, or not
   well formed.
   Kept out of line: inlined into the dispatcher, jsmn's loop is compiled
   worse, and its cost would move with unrelated code. */
SD_NOINLINE static int sd_tokenize(const char *s, size_t n, sd_tok *t, unsigned cap, sse_delta_status *err) {
  jsmn_parser jp;
  int r;
  jsmn_init(&jp);
  r = jsmn_parse(&jp, s, n, t, cap);
  if (r == JSMN_ERROR_NOMEM) {
    *err = SSE_DELTA_E_TOO_MANY_TOKENS;
    return 0;
  }
  if (r <= 0) {
    *err = r == JSMN_ERROR_INVAL  ? sd_diagnose_syntax(s, n)
           : sd_is_lone_scalar(s, n) ? SSE_DELTA_E_JSON_SHAPE
                                     : SSE_DELTA_E_JSON_SYNTAX;
    return 0;
  }
  *err = sd_check_value(s, n, t, r);
  return *err == SSE_DELTA_OK ? r : 0;
}

/* ---- 6. delivery queue ----------------------------------------------- */
/* The mapping of a payload appends records; delivery walks them. Only the
   position (record, and step within a record) survives a pause. */

enum sd_record_kind { R_TEXT = 0, R_FFFD, R_REPORTS, R_ERROR, R_START, R_FINISH, R_USAGE, R_DONE };

/* Text channels: where a decoded string goes. */
enum sd_channel { CH_NONE = 0, CH_CONTENT, CH_REASONING, CH_ARGUMENTS };

/* R_TEXT aux: the channel in the low 2 bits, then what comes before the
   text: its string flags (SD_STR_LONE, SD_STR_BAD_UTF8) and a U+FFFD for
   a carried surrogate that found no pair. */
#define SD_AUX_SHIFT 2
#define SD_AUX_CHANNEL 0x03u

/* R_FINISH aux: the reason, and where the raw word is. */
#define SD_RAW_NULL 0x10u       /* no word (an error event) */
#define SD_RAW_INCOMPLETE 0x20u /* the constant "incomplete" */

/* Calling out: every callback goes through here. Non-zero asks to pause,
   except while end() delivers what is left. */
#define SD_CALL(p, expr)                                                       \
  do {                                                                         \
    int rc_;                                                                   \
    (p)->in_callback_ = 1;                                                     \
    rc_ = (expr);                                                              \
    (p)->in_callback_ = 0;                                                     \
    if (rc_ != 0 && !(p)->ending_) return SD_STOP;                             \
  } while (0)

/* Every error the stream shows, heard by on_error or not, for the report. */
static void sd_saw_error(sse_delta_parser *p, sse_delta_status code) {
  p->flags_ |= SSE_DELTA_SAW_ERROR;
  if (p->error_count_ == 0) p->first_error_ = (uint8_t)code;
  if (p->error_count_ != 0xffffffffu) p->error_count_++;
  p->last_error_ = (uint8_t)code;
  if (code == SSE_DELTA_E_PROVIDER) p->failed_ = 1;
}

static void sd_saw_string_errors(sse_delta_parser *p, unsigned flags) {
  if (flags & SD_STR_LONE) sd_saw_error(p, SSE_DELTA_E_LONE_SURROGATE);
  if (flags & SD_STR_BAD_UTF8) sd_saw_error(p, SSE_DELTA_E_BAD_UTF8);
}

static int sd_call_error(sse_delta_parser *p, sse_delta_status code, const char *msg, size_t len) {
  sd_saw_error(p, code);
  if (p->cb_.on_error != NULL) SD_CALL(p, p->cb_.on_error(p->user_, code, msg, len));
  return SD_GO;
}

static int sd_wants_text(const sse_delta_parser *p, unsigned channel) {
  if (channel == CH_CONTENT) return p->cb_.on_content != NULL;
  if (channel == CH_REASONING) return p->cb_.on_reasoning != NULL;
  return channel == CH_ARGUMENTS &&
         (p->cb_.on_tool_call_arguments != NULL || p->cb_.on_tool_call_field != NULL);
}

static int sd_call_text(sse_delta_parser *p, unsigned channel, uint32_t choice, uint32_t tool,
                        const char *s, size_t n) {
  if (n == 0 || !sd_wants_text(p, channel)) return SD_GO;
  if (channel == CH_CONTENT)
    SD_CALL(p, p->cb_.on_content(p->user_, choice, s, n));
  else if (channel == CH_REASONING)
    SD_CALL(p, p->cb_.on_reasoning(p->user_, choice, s, n));
  else if (p->cb_.on_tool_call_arguments != NULL) /* else only its fields are wanted */
    SD_CALL(p, p->cb_.on_tool_call_arguments(p->user_, choice, tool, s, n));
  return SD_GO;
}

/* --- argument fields (on_tool_call_field) --- */
/* A call's argument text read as JSON members at delivery, byte by byte
   from where the last fragment stopped. The scan's position within a
   fragment lives in its record (off, len), so a pause inside the field
   callbacks resumes with the next piece. String pieces are decoded in
   place: an escape is never shorter than what it decodes to, except one
   begun in an earlier fragment, which goes through the slot's `out`. */

enum sd_fields_mode {
  FS_START = 0,   /* before the arguments object */
  FS_FIRST_KEY,   /* after '{': a key or '}' */
  FS_KEY,         /* inside a key */
  FS_COLON,       /* after a key */
  FS_VALUE,       /* after ':' or an array's ',' */
  FS_FIRST_VALUE, /* after '[': a value or ']' */
  FS_STRING,      /* inside a string value */
  FS_NUMBER,      /* inside a number */
  FS_LITERAL,     /* inside true, false or null */
  FS_NEXT,        /* after a value: ',' or the container's end */
  FS_NEXT_KEY,    /* after an object's ',': a key */
  FS_DONE,        /* after the arguments object: white space only */
  FS_BAD          /* not JSON: reported, the call's fields stop */
};

/* Number states (sd_fields.sub): where a JSON number may go on or end. */
enum sd_number_state { NUM_START = 0, NUM_MINUS, NUM_ZERO, NUM_INT, NUM_DOT, NUM_FRAC, NUM_E, NUM_ESIGN, NUM_EXP };

static const char *const sd_literals[3] = {"true", "false", "null"};

/* Containers are tracked like sd_json_check's: 32 levels of kinds. */
#define SD_FIELDS_MAX_DEPTH 32u

static int sd_fields_in_array(const sd_fields *f, unsigned d) { return (f->kinds >> d) & 1u; }

/* Where the key of path level l begins: after the key of the nearest
   object level outside it. */
static unsigned sd_fields_key_start(const sd_fields *f, unsigned l) {
  while (l-- > 0)
    if (!sd_fields_in_array(f, l)) return f->level[l];
  return 0;
}

static void sd_fields_path(const sd_fields *f, sse_delta_field *out) {
  unsigned l, levels = f->depth < SSE_DELTA_FIELD_DEPTH ? f->depth : SSE_DELTA_FIELD_DEPTH;
  unsigned start = 0;
  for (l = 0; l < levels; l++) {
    sse_delta_path_step *st = &out->path[l];
    if (sd_fields_in_array(f, l)) {
      st->key = NULL;
      st->key_len = 0;
      st->index = f->level[l];
    } else {
      st->key = f->keys + start;
      st->key_len = (size_t)(f->level[l] - start);
      st->index = 0;
      start = f->level[l];
    }
  }
  for (; l < SSE_DELTA_FIELD_DEPTH; l++) {
    out->path[l].key = NULL;
    out->path[l].key_len = 0;
    out->path[l].index = 0;
  }
  out->depth = levels;
  out->flags = (f->depth > SSE_DELTA_FIELD_DEPTH ? SSE_DELTA_FIELD_DEEP : 0u) |
               ((f->cut & ((1u << levels) - 1u)) ? SSE_DELTA_FIELD_KEY_CUT : 0u);
}

/* The kind of the value being read: asked only in FS_STRING, FS_NUMBER
   and FS_LITERAL. */
static sse_delta_field_kind sd_fields_kind(const sd_fields *f) {
  if (f->mode == FS_STRING) return SSE_DELTA_FIELD_STRING;
  if (f->mode == FS_NUMBER) return SSE_DELTA_FIELD_NUMBER;
  return (sse_delta_field_kind)(SSE_DELTA_FIELD_TRUE + (f->sub >> 4));
}

/* One field callback: the value `kind` at the call's current path. */
static int sd_call_field(sse_delta_parser *p, const sd_slot *s, sse_delta_field_kind kind,
                         const char *piece, size_t len, int last) {
  sse_delta_field *f = &sd_usage(p)->field.f;
  sd_fields_path(&s->fields, f);
  f->kind = kind;
  f->piece = piece;
  f->len = len;
  f->last = last;
  SD_CALL(p, p->cb_.on_tool_call_field(p->user_, s->choice, s->ordinal, f));
  return SD_GO;
}

/* A code unit of a \uXXXX escape, given the high surrogate before it:
   pairs join, lone halves become U+FFFD. Writes at most 6 bytes to o. */
static int sd_fields_unit(sd_fields *f, unsigned u, char *o) {
  int n = 0;
  if (f->high != 0) {
    if (u >= 0xDC00 && u <= 0xDFFF) {
      unsigned long cp = 0x10000ul + (((unsigned long)f->high - 0xD800u) << 10) + (u - 0xDC00u);
      f->high = 0;
      return (int)sd_put_utf8(o, cp);
    }
    memcpy(o, sd_replacement, 3);
    n = 3;
    f->high = 0;
  }
  if (u >= 0xD800 && u <= 0xDBFF) {
    f->high = (uint16_t)u; /* its fate is known with the next unit */
    return n;
  }
  if (u >= 0xDC00 && u <= 0xDFFF) {
    memcpy(o + n, sd_replacement, 3);
    return n + 3;
  }
  return n + (int)sd_put_utf8(o + n, u);
}

/* The escape letter after a backslash, as the byte it stands for; -1 when
   it is not one of JSON's. ('u' is handled by the caller.) */
static int sd_fields_escape(unsigned char c) {
  switch (c) {
  case '"': case '\\': case '/': return c;
  case 'b': return '\b';
  case 'f': return '\f';
  case 'n': return '\n';
  case 'r': return '\r';
  case 't': return '\t';
  default: return -1;
  }
}

/* One byte of a string (key or value): the bytes it decodes to go to o (at
   most 6), their count is returned, -1 when the byte breaks the string;
   *closed is set by the closing quote. sub: 0 plain, 1 after a backslash,
   2 + n after n hex digits of \u. */
static int sd_fields_string_byte(sd_fields *f, unsigned char c, char *o, int *closed) {
  int n = 0, e, escaped = 0;
  if (f->sub >= 2) {
    int h = sd_hex((char)c);
    if (h < 0) return -1;
    f->unit = (uint16_t)(f->unit * 16u + (unsigned)h);
    if (++f->sub < 6) return 0;
    f->sub = 0;
    return sd_fields_unit(f, f->unit, o);
  }
  if (f->sub == 1) {
    if (c == 'u') {
      f->sub = 2;
      f->unit = 0;
      return 0;
    }
    if ((e = sd_fields_escape(c)) < 0) return -1;
    f->sub = 0;
    escaped = 1;
  } else if (c == '\\') {
    f->sub = 1; /* a waiting high surrogate may still find its pair */
    return 0;
  } else if (c < 0x20) {
    return -1; /* JSON strings hold no raw control bytes */
  } else {
    e = c;
  }
  if (f->high != 0) { /* a plain byte or a one-letter escape: no pair */
    memcpy(o, sd_replacement, 3);
    n = 3;
    f->high = 0;
  }
  if (c == '"' && !escaped) {
    *closed = 1;
    return n;
  }
  o[n++] = (char)e;
  return n;
}

/* A key's decoded bytes, kept while they fit (levels past the path's depth
   are not kept at all). */
static void sd_fields_key_bytes(sd_fields *f, const char *o, int n) {
  unsigned l = (unsigned)f->depth - 1u;
  int k;
  if (l >= SSE_DELTA_FIELD_DEPTH) return;
  for (k = 0; k < n; k++) {
    if (f->level[l] < SSE_DELTA_FIELD_KEY_BYTES)
      f->keys[f->level[l]++] = o[k];
    else
      f->cut |= (uint8_t)(1u << l);
  }
}

static void sd_fields_begin_key(sd_fields *f) {
  unsigned l = (unsigned)f->depth - 1u;
  if (l < SSE_DELTA_FIELD_DEPTH) {
    f->level[l] = (uint16_t)sd_fields_key_start(f, l);
    f->cut &= (uint8_t)~(1u << l);
  }
  f->mode = FS_KEY;
  f->sub = 0;
}

static void sd_fields_next_element(sd_fields *f) {
  unsigned l = (unsigned)f->depth - 1u;
  if (l >= SSE_DELTA_FIELD_DEPTH) return;
  if (f->level[l] == 0xffffu)
    f->cut |= (uint8_t)(1u << l);
  else
    f->level[l]++;
}

/* '{' or '['; 0 when nested too deep to follow. */
static int sd_fields_open(sd_fields *f, int array) {
  unsigned d = f->depth;
  if (d >= SD_FIELDS_MAX_DEPTH) return 0;
  f->kinds = array ? f->kinds | (uint32_t)1 << d : f->kinds & ~((uint32_t)1 << d);
  if (d < SSE_DELTA_FIELD_DEPTH) {
    f->level[d] = array ? 0 : (uint16_t)sd_fields_key_start(f, d);
    f->cut &= (uint8_t)~(1u << d);
  }
  f->depth++;
  f->mode = array ? FS_FIRST_VALUE : FS_FIRST_KEY;
  return 1;
}

/* '}' or ']'; 0 when it does not close the innermost container. */
static int sd_fields_close(sd_fields *f, unsigned char c) {
  if (f->depth == 0 || sd_fields_in_array(f, f->depth - 1u) != (c == ']')) return 0;
  f->depth--;
  f->mode = f->depth == 0 ? FS_DONE : FS_NEXT;
  return 1;
}

/* A value begins with c. Returns 1 when c was used, 0 when it is the
   first byte of a number or literal (read again in that mode), -1 when no
   value begins so. */
static int sd_fields_value(sd_fields *f, unsigned char c) {
  const char *lit = c == 't' ? sd_literals[0] : c == 'f' ? sd_literals[1] : c == 'n' ? sd_literals[2] : NULL;
  if (c == '{' || c == '[') return sd_fields_open(f, c == '[') ? 1 : -1;
  if (c == '"') {
    f->mode = FS_STRING;
    f->sub = 0;
    return 1;
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    f->mode = FS_NUMBER;
    f->sub = NUM_START;
    return 0;
  }
  if (lit != NULL) {
    f->mode = FS_LITERAL;
    f->sub = (uint8_t)((lit == sd_literals[0] ? 0 : lit == sd_literals[1] ? 1 : 2) << 4);
    return 0;
  }
  return -1;
}

/* A byte between values. Returns as sd_fields_value does. */
static int sd_fields_structure(sd_fields *f, unsigned char c) {
  switch (f->mode) {
  case FS_START:
    return c == '{' && sd_fields_open(f, 0) ? 1 : -1;
  case FS_FIRST_KEY:
    if (c == '}') return sd_fields_close(f, c) ? 1 : -1;
    /* fall through */
  case FS_NEXT_KEY:
    if (c != '"') return -1;
    sd_fields_begin_key(f);
    return 1;
  case FS_COLON:
    if (c != ':') return -1;
    f->mode = FS_VALUE;
    return 1;
  case FS_FIRST_VALUE:
    if (c == ']') return sd_fields_close(f, c) ? 1 : -1;
    /* fall through */
  case FS_VALUE:
    return sd_fields_value(f, c);
  case FS_NEXT:
    if (c == '}' || c == ']') return sd_fields_close(f, c) ? 1 : -1;
    if (c != ',') return -1;
    if (sd_fields_in_array(f, f->depth - 1u)) {
      sd_fields_next_element(f);
      f->mode = FS_VALUE;
    } else {
      f->mode = FS_NEXT_KEY;
    }
    return 1;
  default: /* FS_DONE: nothing may follow the object */
    return -1;
  }
}

/* One byte of a number: 1 when it continues it, 0 when it ends it (the
   byte is read again after the number), -1 when the number is broken. */
static int sd_fields_number_byte(sd_fields *f, unsigned char c) {
  int digit = c >= '0' && c <= '9';
  int ends = f->sub == NUM_ZERO || f->sub == NUM_INT || f->sub == NUM_FRAC || f->sub == NUM_EXP;
  unsigned next;
  switch (f->sub) {
  case NUM_START: next = c == '-' ? NUM_MINUS : c == '0' ? NUM_ZERO : digit ? NUM_INT : 0; break;
  case NUM_MINUS: next = c == '0' ? NUM_ZERO : digit ? NUM_INT : 0; break;
  case NUM_ZERO: next = c == '.' ? NUM_DOT : (c == 'e' || c == 'E') ? NUM_E : 0; break;
  case NUM_INT: next = digit ? NUM_INT : c == '.' ? NUM_DOT : (c == 'e' || c == 'E') ? NUM_E : 0; break;
  case NUM_DOT: next = digit ? NUM_FRAC : 0; break;
  case NUM_FRAC: next = digit ? NUM_FRAC : (c == 'e' || c == 'E') ? NUM_E : 0; break;
  case NUM_E: next = (c == '+' || c == '-') ? NUM_ESIGN : digit ? NUM_EXP : 0; break;
  default: next = digit ? NUM_EXP : 0; break; /* NUM_ESIGN, NUM_EXP */
  }
  if (next != 0) {
    f->sub = (uint8_t)next;
    return 1;
  }
  return ends ? 0 : -1;
}

/* The argument bytes in[*off, *off + *len) of call s. `in_place` is `in`
   when its bytes may be rewritten (the event buffer), NULL when they are
   constant. *off and *len follow the bytes used, so that after a pause the
   next call goes on from there. */
static int sd_fields_scan(sse_delta_parser *p, sd_slot *s, const char *in, char *in_place,
                          uint32_t *off, uint32_t *len) {
  sd_fields *f = &s->fields;
  uint32_t k = *off, end = *off + *len;
  uint32_t start = k, w = k; /* the piece gathered: in[start, w) */
  const char *base = in_place != NULL ? in_place : in;
#define SD_FIELDS_USED(at) (*off = (at), *len = end - (at))
  if (f->mode == FS_BAD) k = end; /* reported once; the rest is ignored */
  while (k < end) {
    unsigned char c = (unsigned char)in[k];
    int r;
    if (f->mode == FS_STRING || f->mode == FS_KEY) {
      char o[6];
      int closed = 0, n = sd_fields_string_byte(f, c, o, &closed);
      if (n < 0) break;
      k++;
      if (f->mode == FS_KEY) {
        sd_fields_key_bytes(f, o, n);
        if (closed) f->mode = FS_COLON;
        continue;
      }
      if (w + (uint32_t)n <= k && (in_place != NULL || (n == 1 && w + 1 == k && o[0] == (char)c))) {
        if (in_place != NULL) memcpy(in_place + w, o, (size_t)n);
        w += (uint32_t)n;
      } else if (n > 0) {
        /* An escape begun in an earlier fragment: nothing else of this
           string came before it in this one, so the piece is empty. */
        memcpy(f->out, o, (size_t)n);
        if (closed) f->mode = FS_NEXT;
        SD_FIELDS_USED(k);
        if (sd_call_field(p, s, SSE_DELTA_FIELD_STRING, f->out, (size_t)n, closed) == SD_STOP)
          return SD_STOP;
        start = w = k;
        continue;
      }
      if (closed) {
        f->mode = FS_NEXT;
        SD_FIELDS_USED(k);
        if (sd_call_field(p, s, SSE_DELTA_FIELD_STRING, base + start, w - start, 1) == SD_STOP)
          return SD_STOP;
        start = w = k;
      }
      continue;
    }
    if (f->mode == FS_NUMBER) {
      if ((r = sd_fields_number_byte(f, c)) < 0) break;
      if (r > 0) {
        w = ++k;
        continue;
      }
      f->mode = FS_NEXT; /* c ends the number and is read again */
      SD_FIELDS_USED(k);
      if (sd_call_field(p, s, SSE_DELTA_FIELD_NUMBER, in + start, k - start, 1) == SD_STOP)
        return SD_STOP;
      start = w = k;
      continue;
    }
    if (f->mode == FS_LITERAL) {
      const char *lit = sd_literals[f->sub >> 4];
      sse_delta_field_kind kind = sd_fields_kind(f);
      if ((unsigned char)lit[f->sub & 0x0fu] != c) break;
      f->sub++;
      k++;
      if (lit[f->sub & 0x0fu] == '\0') {
        f->mode = FS_NEXT;
        SD_FIELDS_USED(k);
        if (sd_call_field(p, s, kind, lit, strlen(lit), 1) == SD_STOP) return SD_STOP;
      }
      start = w = k;
      continue;
    }
    if (sd_is_space((char)c)) {
      k++;
    } else if ((r = sd_fields_structure(f, c)) < 0) {
      break;
    } else if (r > 0) {
      k++;
    }
    start = w = k;
  }
  SD_FIELDS_USED(end);
  if (k < end) { /* the byte at k is not JSON */
    f->mode = FS_BAD;
    return sd_call_field(p, s, SSE_DELTA_FIELD_INVALID, NULL, 0, 1);
  }
  if (w > start && (f->mode == FS_STRING || f->mode == FS_NUMBER))
    return sd_call_field(p, s, sd_fields_kind(f), base + start, w - start, 0);
  return SD_GO;
#undef SD_FIELDS_USED
}

/* Steps of one record that calls back more than once; `step_` is set
   before each call, so a pause resumes with the next one. */
static int sd_deliver_reports(sse_delta_parser *p, unsigned flags) {
  if (p->step_ == 0) {
    p->step_ = 1;
    if ((flags & SD_STR_LONE) && p->cb_.on_error)
      SD_CALL(p, p->cb_.on_error(p->user_, SSE_DELTA_E_LONE_SURROGATE, NULL, 0));
  }
  if (p->step_ == 1) {
    p->step_ = 2;
    if (flags & SD_STR_BAD_UTF8) /* only in records made when on_error is set */
      SD_CALL(p, p->cb_.on_error(p->user_, SSE_DELTA_E_BAD_UTF8, NULL, 0));
  }
  return SD_GO;
}

/* The call an argument record belongs to, for its fields. */
static sd_slot *sd_call_of(const sse_delta_parser *p, uint32_t choice, uint32_t ordinal) {
  uint32_t k;
  for (k = 0; k < p->tool_count_; k++) {
    sd_slot *s = sd_slot_at(p, k);
    if (s->choice == choice && s->ordinal == ordinal) return s;
  }
  return NULL;
}

/* The fields of argument bytes just delivered, from step `step`: a U+FFFD
   first when `fffd` (steps step to step + 3 say how many of its 3 bytes
   are scanned: it may call back twice, after an escape an earlier fragment
   began), then the record's own bytes (step + 4), whose scan position is
   the record's slice. */
static int sd_deliver_fields(sse_delta_parser *p, sd_record *r, unsigned step, int fffd, int text) {
  sd_slot *s = sd_call_of(p, r->choice, r->tool);
  if (s == NULL) return SD_GO;
  if (p->step_ < step + 4) {
    uint32_t off = p->step_ - step, len = 3 - off;
    p->step_ = (uint8_t)(step + 4);
    if (fffd && sd_fields_scan(p, s, sd_replacement, NULL, &off, &len) == SD_STOP) {
      p->step_ = (uint8_t)(p->step_ - 4 + off); /* a pause: it goes on from there */
      return SD_STOP;
    }
  }
  if (text) {
    char *buf = sd_event_buf(p);
    return sd_fields_scan(p, s, buf, buf, &r->off, &r->len);
  }
  return SD_GO;
}

static int sd_deliver_text(sse_delta_parser *p, sd_record *r) {
  unsigned channel = r->aux & SD_AUX_CHANNEL, flags = (unsigned)r->aux >> SD_AUX_SHIFT;
  const char *s = sd_event_buf(p) + r->off;
  if (sd_deliver_reports(p, flags) == SD_STOP) return SD_STOP;
  if (p->step_ == 2) {
    p->step_ = 3;
    if (flags & SD_STR_CARRY_LONE)
      if (sd_call_text(p, channel, r->choice, r->tool, sd_replacement, 3) == SD_STOP) return SD_STOP;
  }
  if (p->step_ == 3) {
    p->step_ = 4;
    if (sd_call_text(p, channel, r->choice, r->tool, s, r->len) == SD_STOP) return SD_STOP;
  }
  if (channel == CH_ARGUMENTS && p->cb_.on_tool_call_field != NULL)
    return sd_deliver_fields(p, r, 4, (flags & SD_STR_CARRY_LONE) != 0, 1);
  return SD_GO;
}

/* Out of line: the usage record would sit on the stack below every
   delivery. */
SD_NOINLINE static int sd_call_usage(sse_delta_parser *p, const char *cost, size_t cost_len) {
  const int64_t *v = sd_usage(p)->report;
  sse_delta_usage u;
  u.input_tokens = v[0];
  u.output_tokens = v[1];
  u.total_tokens = v[2];
  u.cached_tokens = v[3];
  u.reasoning_tokens = v[4];
  u.cost = cost;
  u.cost_len = cost_len;
  SD_CALL(p, p->cb_.on_usage(p->user_, &u));
  return SD_GO;
}

static int sd_deliver_record(sse_delta_parser *p, sd_record *r) {
  const char *s = sd_event_buf(p) + r->off;
  switch (r->kind) {
  case R_TEXT:
    return sd_deliver_text(p, r);
  case R_FFFD: /* a high surrogate that waited for its pair in vain */
    if (sd_deliver_reports(p, SD_STR_LONE) == SD_STOP) return SD_STOP;
    if (p->step_ == 2) {
      p->step_ = 3;
      if (sd_call_text(p, r->aux, r->choice, r->tool, sd_replacement, 3) == SD_STOP) return SD_STOP;
    }
    if (r->aux == CH_ARGUMENTS && p->cb_.on_tool_call_field != NULL)
      return sd_deliver_fields(p, r, 3, 1, 0);
    return SD_GO;
  case R_REPORTS:
    return sd_deliver_reports(p, r->aux);
  case R_ERROR:
    SD_CALL(p, p->cb_.on_error(p->user_, (sse_delta_status)r->aux, r->len ? s : NULL, r->len));
    return SD_GO;
  case R_START: {
    sd_slot *slot = sd_slot_at(p, r->tool);
    SD_CALL(p, p->cb_.on_tool_call_start(p->user_, slot->choice, slot->ordinal,
                                         sd_slot_id(slot), r->off, sd_slot_name(p, slot),
                                         r->len));
    return SD_GO;
  }
  case R_FINISH: {
    const char *raw = (r->aux & SD_RAW_NULL) ? NULL : (r->aux & SD_RAW_INCOMPLETE) ? "incomplete" : s;
    SD_CALL(p, p->cb_.on_finish(p->user_, r->choice, (sse_delta_finish)(r->aux & 0x0f), raw,
                                raw ? r->len : 0));
    return SD_GO;
  }
  case R_USAGE:
    return sd_call_usage(p, r->len ? s : NULL, r->len);
  default: /* R_DONE */
    SD_CALL(p, p->cb_.on_done(p->user_));
    return SD_GO;
  }
}

/* Deliver the queue from where it stands. A record whose callback is NULL
   is never queued (see sd_push's callers). */
static int sd_deliver_queue(sse_delta_parser *p) {
  sd_record *q = sd_queue(p);
  while (p->queue_pos_ < p->queue_len_) {
    if (sd_deliver_record(p, &q[p->queue_pos_]) == SD_STOP) {
      if (p->step_ == 0) p->queue_pos_++; /* a one-call record: done */
      return SD_STOP;
    }
    p->queue_pos_++;
    p->step_ = 0;
  }
  return SD_GO;
}

/* A new record. The queue cannot overflow: every record is caused by a
   token of its own (a text, id, name, finish word or number by its value
   token, a flushed surrogate by that text's key token, a start or a
   dropped call by its entry's object token, a usage or error report by its
   object), except the starts of calls that waited for a name (at most one
   per call) and at most SD_SPARE_RECORDS - 1 end-of-payload reports (done
   with its flushed surrogate, an error finish or "incomplete", one summed
   count overflowing). The sink after the queue is never delivered. */
static sd_record *sd_push(sse_delta_parser *p, unsigned kind, unsigned aux, uint32_t choice) {
  sd_record *r = sd_queue(p) + (p->queue_len_ < sd_queue_cap(p) ? p->queue_len_++ : sd_queue_cap(p));
  r->kind = (uint8_t)kind;
  r->aux = (uint8_t)aux;
  r->tool = 0;
  r->choice = choice;
  r->off = 0;
  r->len = 0;
  return r;
}

/* ---- 7. LLM reports -------------------------------------------------- */

static void sd_set_slice(const sse_delta_parser *p, sd_record *r, const char *s, size_t n) {
  r->off = (uint32_t)(s - sd_event_buf(p));
  r->len = (uint32_t)n;
}

static void sd_report_message(sse_delta_parser *p, sse_delta_status code, const char *msg, size_t n) {
  sd_saw_error(p, code);
  if (p->cb_.on_error != NULL) {
    sd_record *r = sd_push(p, R_ERROR, code, 0);
    if (n > 0) sd_set_slice(p, r, msg, n);
  }
}

static void sd_report_error(sse_delta_parser *p, sse_delta_status code) {
  sd_report_message(p, code, NULL, 0);
}

static void sd_report_string_flags(sse_delta_parser *p, unsigned flags) {
  flags &= SD_STR_LONE | SD_STR_BAD_UTF8;
  if (flags == 0) return;
  sd_saw_string_errors(p, flags);
  if (p->cb_.on_error != NULL) sd_push(p, R_REPORTS, flags, 0);
}

/* A string on its own (an id, a name, a word, a message): decoded once,
   its problems reported once. */
static void sd_use_string(sse_delta_parser *p, sd_doc *d, int i) {
  sd_decoded dec;
  if (d->t[i].type == SD_UNDEF) return;
  sd_report_string_flags(p, sd_decode(d, i, 0, 0, &dec));
}

/* A high surrogate that ended a text and waits for its pair is lone when
   the next text goes elsewhere, or the stream ends. */
static void sd_flush_pending(sse_delta_parser *p) {
  if (p->pending_unit_ == 0) return;
  p->pending_unit_ = 0;
  sd_saw_error(p, SSE_DELTA_E_LONE_SURROGATE);
  if (p->cb_.on_error != NULL || sd_wants_text(p, p->pending_channel_)) {
    sd_record *r = sd_push(p, R_FFFD, p->pending_channel_, p->pending_choice_);
    r->tool = p->pending_tool_;
  }
}

static int sd_pending_is(const sse_delta_parser *p, unsigned channel, uint32_t choice, uint32_t tool) {
  return p->pending_channel_ == channel && p->pending_choice_ == choice && p->pending_tool_ == tool;
}

/* A text of this channel begins: a high surrogate that ended the last text
   of the same channel, choice and tool is its carry; any other waits in
   vain. */
static unsigned sd_take_carry(sse_delta_parser *p, unsigned channel, uint32_t choice, uint32_t tool) {
  unsigned carry = 0;
  if (p->pending_unit_ != 0 && sd_pending_is(p, channel, choice, tool)) {
    carry = p->pending_unit_;
    p->pending_unit_ = 0;
  }
  sd_flush_pending(p);
  return carry;
}

/* A text ended with a high surrogate: it waits for the next text. */
static void sd_keep_pending(sse_delta_parser *p, unsigned unit, unsigned channel, uint32_t choice,
                            uint32_t tool) {
  p->pending_unit_ = (uint16_t)unit;
  p->pending_channel_ = (uint8_t)channel;
  p->pending_choice_ = choice;
  p->pending_tool_ = (uint16_t)tool;
}

/* Section 8b: the string of an over-large event, seen in its prefix. */
#define SD_LG_PREFIX 1u /* lg_state_: the prefix is being mapped */
static int sd_is_large_token(const sse_delta_parser *p, int i) {
  return i > 0 && p->lg_state_ == SD_LG_PREFIX && (uint32_t)i == p->lg_tok_;
}
static void sd_large_claim(sse_delta_parser *p, unsigned channel, uint32_t choice, uint32_t tool);

/* Text from string token i to a channel. */
static void sd_report_text(sse_delta_parser *p, sd_doc *d, int i, unsigned channel, uint32_t choice,
                    uint32_t tool) {
  unsigned carry, flags;
  sd_decoded dec;
  sd_record *r;
  if (sd_is_large_token(p, i)) { /* it streams later, piece by piece */
    sd_large_claim(p, channel, choice, tool);
    return;
  }
  /* a raw string: no mapping reads a text token twice */
  if (!sd_wants_text(p, channel) || i < 0 || d->t[i].type != SD_STRING ||
      d->t[i].end == d->t[i].start)
    return;
  carry = sd_take_carry(p, channel, choice, tool);
  flags = sd_decode(d, i, carry, 1, &dec);
  if (dec.tail_high != 0) sd_keep_pending(p, dec.tail_high, channel, choice, tool);
  sd_saw_string_errors(p, flags);
  if (p->cb_.on_error == NULL) flags &= SD_STR_CARRY_LONE;
  r = sd_push(p, R_TEXT, channel | (flags << SD_AUX_SHIFT), choice);
  r->tool = (uint16_t)tool;
  sd_set_slice(p, r, sd_text(d, i), sd_len(d, i));
}

/* --- tool calls --- */

static sd_slot *sd_find_by_key(const sse_delta_parser *p, uint32_t choice, unsigned which,
                               uint64_t key) {
  uint32_t k = p->tool_count_;
  while (k-- > 0) {
    sd_slot *s = sd_slot_at(p, k);
    if (s->choice == choice && (s->flags & which) &&
        (which == SD_SLOT_KEY ? s->key : s->alt_key) == key)
      return s;
  }
  return NULL;
}

static int sd_same_id(const sse_delta_parser *p, sd_slot *s, const char *id, size_t len) {
  size_t kept = len < p->field_cap_ ? len : p->field_cap_;
  return s->id_len == len && memcmp(sd_slot_id(s), id, kept) == 0 &&
         s->id_hash == sd_hash(SD_HASH_SEED, id, len);
}

static sd_slot *sd_find_by_id(const sse_delta_parser *p, uint32_t choice, const char *id, size_t len) {
  uint32_t k;
  for (k = 0; k < p->tool_count_; k++) {
    sd_slot *s = sd_slot_at(p, k);
    if (s->choice == choice && sd_same_id(p, s, id, len)) return s;
  }
  return NULL;
}

static sd_slot *sd_latest_call(const sse_delta_parser *p, uint32_t choice) {
  uint32_t k = p->tool_count_;
  while (k-- > 0)
    if (sd_slot_at(p, k)->choice == choice) return sd_slot_at(p, k);
  return NULL;
}

static uint32_t sd_calls_in_choice(const sse_delta_parser *p, uint32_t choice) {
  uint32_t k, n = 0;
  for (k = 0; k < p->tool_count_; k++) n += sd_slot_at(p, k)->choice == choice;
  return n;
}

/* A new call, or NULL (and E_TOOL_LIMIT reported) when the table is full. */
static sd_slot *sd_open_call(sse_delta_parser *p, uint32_t choice) {
  sd_slot *s;
  if (p->tool_count_ >= p->tool_cap_) {
    if (choice < p->choice_cap_) sd_choices(p)[choice].dropped = 1;
    sd_report_error(p, SSE_DELTA_E_TOOL_LIMIT);
    return NULL;
  }
  s = sd_slot_at(p, p->tool_count_);
  memset(s, 0, sizeof *s);
  s->choice = choice;
  s->ordinal = (uint16_t)sd_calls_in_choice(p, choice);
  p->tool_count_++;
  return s;
}

static void sd_set_key(sd_slot *s, unsigned which, uint64_t key) {
  s->flags |= (uint8_t)which;
  if (which == SD_SLOT_KEY)
    s->key = key;
  else
    s->alt_key = key;
}

/* Keep the first non-empty id and name, cut to the field storage. */
static void sd_adopt(sse_delta_parser *p, sd_slot *s, int is_id, const char *v, size_t len) {
  uint32_t *have = is_id ? &s->id_len : &s->name_len;
  if (len == 0) return;
  if (*have != 0) {
    sd_quirk(p, SD_Q_id_or_name_resent);
    return;
  }
  *have = (uint32_t)len;
  if (is_id) s->id_hash = sd_hash(SD_HASH_SEED, v, len);
  memcpy(is_id ? sd_slot_id(s) : sd_slot_name(p, s), v, len < p->field_cap_ ? len : p->field_cap_);
  if (len > p->field_cap_) sd_report_error(p, SSE_DELTA_E_FIELD_TOO_LONG);
}

static void sd_adopt_token(sse_delta_parser *p, sd_doc *d, sd_slot *s, int is_id, int i) {
  if (!sd_is_string(d, i)) return;
  sd_use_string(p, d, i);
  sd_adopt(p, s, is_id, sd_text(d, i), sd_len(d, i));
}

/* tool-call start, once per call, with the id and name known now. */
static void sd_start_call(sse_delta_parser *p, sd_slot *s) {
  sd_record *r;
  if (s->flags & SD_SLOT_STARTED) return;
  s->flags |= SD_SLOT_STARTED;
  if (p->cb_.on_tool_call_start == NULL) return;
  r = sd_push(p, R_START, 0, s->choice);
  r->tool = (uint16_t)(((unsigned char *)s - sd_slots_base(p)) / sd_slot_bytes(p));
  r->off = s->id_len < p->field_cap_ ? s->id_len : p->field_cap_;
  r->len = s->name_len < p->field_cap_ ? s->name_len : p->field_cap_;
}

/* Calls still waiting for their name start when their choice finishes or
   the stream ends. */
static void sd_start_waiting(sse_delta_parser *p, int all, uint32_t choice) {
  uint32_t k;
  for (k = 0; k < p->tool_count_; k++) {
    sd_slot *s = sd_slot_at(p, k);
    if (all || s->choice == choice) sd_start_call(p, s);
  }
}

/* The next fragment of a call's argument text. Only the structure is
   followed (strings, brackets, what comes after the object), which is what
   a cut stream breaks; the grammar between is the provider's. */
static void sd_check_json(sd_json_check *c, const char *s, size_t n) {
  size_t k;
  for (k = 0; k < n && !(c->state & SD_JC_BAD); k++) {
    char ch = s[k];
    if (c->state & SD_JC_IN_STRING) {
      if (c->state & SD_JC_ESCAPE) c->state &= (uint8_t)~SD_JC_ESCAPE;
      else if (ch == '\\') c->state |= SD_JC_ESCAPE;
      else if (ch == '"') c->state &= (uint8_t)~SD_JC_IN_STRING;
      continue;
    }
    if (sd_is_space(ch)) continue;
    if ((c->state & SD_JC_CLOSED) || (!(c->state & SD_JC_STARTED) && ch != '{')) {
      c->state |= SD_JC_BAD; /* text after the object, or not an object */
      break;
    }
    c->state |= SD_JC_STARTED;
    if (ch == '"') {
      c->state |= SD_JC_IN_STRING;
    } else if (ch == '{' || ch == '[') {
      uint32_t bit = c->depth < 32 ? (uint32_t)1 << c->depth : 0;
      if (c->depth == 0xffffu) c->state |= SD_JC_BAD;
      c->kinds = ch == '[' ? c->kinds | bit : c->kinds & ~bit;
      c->depth++;
    } else if (ch == '}' || ch == ']') {
      uint32_t bit;
      c->depth--;
      bit = c->depth < 32 ? (uint32_t)1 << c->depth : 0;
      if (bit && ((c->kinds & bit) != 0) != (ch == ']')) c->state |= SD_JC_BAD;
      if (c->depth == 0) c->state |= SD_JC_CLOSED;
    }
  }
}

static int sd_json_complete(const sd_json_check *c) {
  return !(c->state & SD_JC_BAD) && (!(c->state & SD_JC_STARTED) || (c->state & SD_JC_CLOSED));
}

/* Argument text for call s from string token i (escaped JSON text). */
static void sd_call_arguments(sse_delta_parser *p, sd_doc *d, sd_slot *s, int i) {
  if (!sd_is_string(d, i) || (d->t[i].end == d->t[i].start && !sd_is_large_token(p, i))) return;
  s->flags |= SD_SLOT_HAS_ARGS;
  sd_start_call(p, s);
  sd_report_text(p, d, i, CH_ARGUMENTS, s->choice, s->ordinal);
  if (sd_wants_text(p, CH_ARGUMENTS)) sd_check_json(&s->args, sd_text(d, i), sd_len(d, i));
}

/* Argument text for call s from a JSON object: as sent, or compact. */
enum { SD_AS_SENT = 0, SD_COMPACT = 1 };

static void sd_call_arguments_json(sse_delta_parser *p, sd_doc *d, sd_slot *s, int i, int form) {
  sd_record *r;
  sd_flush_pending(p); /* no string goes on here: a high surrogate waits in vain */
  s->flags |= SD_SLOT_HAS_ARGS;
  sd_start_call(p, s);
  if (!sd_wants_text(p, CH_ARGUMENTS)) return;
  r = sd_push(p, R_TEXT, CH_ARGUMENTS, s->choice);
  r->tool = s->ordinal;
  sd_set_slice(p, r, sd_text(d, i), form == SD_COMPACT ? sd_compact(d, i) : sd_len(d, i));
  sd_check_json(&s->args, sd_text(d, i), r->len);
}

/* Fragments for a call the stream never opened: dropped by a full table,
   or a payload of the wrong shape. */
static void sd_unknown_call(sse_delta_parser *p) {
  sd_report_error(p, p->tool_count_ >= p->tool_cap_ ? SSE_DELTA_E_TOOL_LIMIT : SSE_DELTA_E_JSON_SHAPE);
}

/* --- finish, usage, errors, done --- */

/* finish: fires when a tracked choice's word changes; raw is a slice of
   the event buffer unless `raw_kind` says otherwise. */
static void sd_report_finish(sse_delta_parser *p, uint32_t choice, sse_delta_finish reason,
                             const char *raw, size_t raw_len, unsigned raw_kind) {
  sd_record *r;
  sd_start_waiting(p, 0, choice);
  if (choice < p->choice_cap_) {
    sd_choice *w = &sd_choices(p)[choice];
    uint32_t len = raw_kind == SD_RAW_NULL ? 0xffffffffu : (uint32_t)raw_len;
    uint64_t hash = raw_kind == SD_RAW_NULL ? 0 : sd_hash(SD_HASH_SEED, raw, raw_len);
    if (w->len == len && w->hash == hash) return;
    if (w->len != 0) sd_quirk(p, SD_Q_finish_word_changed);
    w->len = len;
    w->hash = hash;
  }
  p->flags_ |= SSE_DELTA_SAW_FINISH;
  p->last_finish_ = (uint8_t)reason;
  if (reason == SSE_DELTA_FINISH_ERROR) p->failed_ = 1;
  if (p->cb_.on_finish == NULL) return;
  r = sd_push(p, R_FINISH, (unsigned)reason | raw_kind, choice);
  if (raw_kind == 0) sd_set_slice(p, r, raw, raw_len);
  else r->len = raw_kind == SD_RAW_INCOMPLETE ? 10 : 0;
}

enum sd_usage_field { U_INPUT = 0, U_OUTPUT, U_TOTAL, U_CACHED, U_REASONING, U_FIELDS };

/* A count into *v; overflow is reported, the count stays absent. */
static void sd_read_count(sse_delta_parser *p, const sd_doc *d, int i, int64_t *v) {
  enum sd_num r = sd_int(d, i, v);
  if (r != NUM_OK) *v = SSE_DELTA_ABSENT;
  if (r == NUM_OVERFLOW) sd_report_error(p, SSE_DELTA_E_NUMBER_OVERFLOW);
}

/* a + b when both are known (an absent one counts as 0 when
   `absent_is_zero`); a sum that overflows is absent and reported. */
static int64_t sd_add_counts(sse_delta_parser *p, int64_t a, int64_t b, int absent_is_zero) {
  if (a == SSE_DELTA_ABSENT && b == SSE_DELTA_ABSENT) return SSE_DELTA_ABSENT;
  if (a == SSE_DELTA_ABSENT || b == SSE_DELTA_ABSENT) {
    if (!absent_is_zero) return SSE_DELTA_ABSENT;
    return a == SSE_DELTA_ABSENT ? b : a;
  }
  if (a > INT64_MAX - b) {
    sd_report_error(p, SSE_DELTA_E_NUMBER_OVERFLOW);
    return SSE_DELTA_ABSENT;
  }
  return a + b;
}

/* Counts of fields[0..U_FIELDS) (tokens or -1) with an optional cost. */
static void sd_read_counts(sse_delta_parser *p, const sd_doc *d, const int *fields, int64_t *v) {
  int f;
  for (f = 0; f < U_FIELDS; f++) sd_read_count(p, d, fields[f], &v[f]);
}

/* usage: nothing when the report has no count at all. */
static void sd_report_usage(sse_delta_parser *p, const sd_doc *d, const int64_t *v, int cost) {
  sd_record *r;
  int f;
  for (f = 0; f < U_FIELDS && v[f] == SSE_DELTA_ABSENT; f++) {
  }
  if (f == U_FIELDS || p->cb_.on_usage == NULL) return;
  memcpy(sd_usage(p)->report, v, sizeof sd_usage(p)->report);
  sd_usage(p)->usage_reports++;
  r = sd_push(p, R_USAGE, 0, 0);
  if (cost >= 0 && d->t[cost].type == SD_PRIMITIVE && sd_is_number(sd_text(d, cost), sd_len(d, cost)))
    sd_set_slice(p, r, sd_text(d, cost), sd_len(d, cost));
}

/* The provider's error value at token e: its `message` when a string, else
   the value itself when a string, else its compact JSON text. `null`, an
   empty string and a missing value are not errors. */
static void sd_report_provider_error(sse_delta_parser *p, sd_doc *d, int e) {
  static const sd_key keys[] = {SD_KEY("message")};
  int msg = -1;
  if (e < 0) return;
  sd_lookup(d, e, keys, 1, &msg);
  if (!sd_is_string(d, msg)) msg = sd_is_string(d, e) ? e : -1;
  if (msg >= 0) {
    if (sd_len(d, msg) == 0) return;
    sd_use_string(p, d, msg);
    sd_report_message(p, SSE_DELTA_E_PROVIDER, sd_text(d, msg), sd_len(d, msg));
    return;
  }
  if (sd_is_object(d, e) || sd_is_array(d, e))
    sd_report_message(p, SSE_DELTA_E_PROVIDER, sd_text(d, e), sd_compact(d, e));
}

/* done: once per stream; waiting calls start and a waiting half surrogate
   is settled first. */
static void sd_report_done(sse_delta_parser *p) {
  if (p->flags_ & SSE_DELTA_SAW_DONE) return;
  sd_start_waiting(p, 1, 0);
  sd_flush_pending(p);
  p->flags_ |= SSE_DELTA_SAW_DONE;
  if (p->cb_.on_done != NULL) sd_push(p, R_DONE, 0, 0);
}

/* ---- 8. dialects ----------------------------------------------------- */
/* A dialect is one row of sd_dialects: its name, a detection score, one
   mapping function from a parsed payload (token 0 is the root object) to
   the reports of section 7, its finish words, and flags. `type` is the
   SSE event type, for proxies that keep it but drop the payload's own. */

typedef struct sd_word {
  const char *word;
  sse_delta_finish reason;
} sd_word;

#define SD_DONE_PAYLOAD 0x01u     /* a "[DONE]" payload is the end marker */
#define SD_COUNTS_AFTER_DONE 0x02u /* payloads after the end marker still count */
#define SD_STOP_AFTER_CALLS 0x04u /* "stop" after a tool call means tool_calls */

typedef struct sd_dialect {
  const char *name;
  /* 3: decisive; 2: this dialect's error shape; 1: any error shape; 0: no */
  unsigned (*detect)(sd_doc *d, const char *type, size_t type_len);
  void (*map)(sse_delta_parser *p, sd_doc *d, const char *type, size_t type_len);
  /* A body that is JSON, not SSE (section 4b), in the shape of a whole
     answer, which a stream's payloads never have: returns 0 for any other
     payload (an error), which then goes to map. NULL: none. */
  int (*map_body)(sse_delta_parser *p, sd_doc *d);
  const sd_word *finish_words; /* ends with a NULL word; others: OTHER */
  unsigned flags;
  /* The strings an event over the buffer may stream (section 8b), as
     paths from the root: keys joined by '.', "[]" for any element of an
     array; ends with NULL. NULL: none. */
  const char *const *streamed;
} sd_dialect;

/* The row of the dialect in use (defined after the table). */
static const sd_dialect *sd_current(const sse_delta_parser *p);

#define SD_TRACK_TOOLS 0x02u /* llm_: a tool, finish or error callback is set */
#define SD_READ_USAGE 0x04u  /* llm_: on_usage is set */

/* The payload's "type" string, else the SSE event type. */
static void sd_type_of(const sd_doc *d, int type_tok, const char *type, size_t type_len,
                       const char **s, size_t *n) {
  if (sd_is_string(d, type_tok)) {
    *s = sd_text(d, type_tok);
    *n = sd_len(d, type_tok);
  } else {
    *s = type;
    *n = type_len;
  }
}

/* A choice/candidate index: the provider's when it is a small non-negative
   integer, else the position in the array. */
static uint32_t sd_index_or(const sd_doc *d, int i, uint32_t fallback) {
  int64_t v;
  if (sd_int(d, i, &v) == NUM_OK && v <= 0x7fffffff) return (uint32_t)v;
  return fallback;
}

/* Whether the dialect has a word of its own for tool calls: then "stop"
   after a call is a server's quirk, not the dialect's way to say it. */
static int sd_has_tool_calls_word(const sd_dialect *dl) {
  const sd_word *w;
  for (w = dl->finish_words; w->word != NULL; w++)
    if (w->reason == SSE_DELTA_FINISH_TOOL_CALLS) return 1;
  return 0;
}

/* A finish word from string token i, normalized by the dialect's words. */
static void sd_finish_from_token(sse_delta_parser *p, sd_doc *d, int i, uint32_t choice) {
  const sd_word *w;
  sse_delta_finish reason = SSE_DELTA_FINISH_OTHER;
  if (!sd_is_string(d, i)) return;
  sd_use_string(p, d, i);
  for (w = sd_current(p)->finish_words; w->word != NULL; w++) {
    if (sd_word_is(sd_text(d, i), sd_len(d, i), w->word)) {
      reason = w->reason;
      break;
    }
  }
  if ((sd_current(p)->flags & SD_STOP_AFTER_CALLS) && reason == SSE_DELTA_FINISH_STOP &&
      sd_calls_in_choice(p, choice) > 0) {
    if (sd_has_tool_calls_word(sd_current(p))) sd_quirk(p, SD_Q_stop_after_tool_calls);
    reason = SSE_DELTA_FINISH_TOOL_CALLS;
  }
  sd_report_finish(p, choice, reason, sd_text(d, i), sd_len(d, i), 0);
}

/* --- openai-chat --- */

static const sd_word sd_chat_words[] = {{"stop", SSE_DELTA_FINISH_STOP},
                                        {"tool_calls", SSE_DELTA_FINISH_TOOL_CALLS},
                                        {"function_call", SSE_DELTA_FINISH_TOOL_CALLS},
                                        {"length", SSE_DELTA_FINISH_LENGTH},
                                        {"content_filter", SSE_DELTA_FINISH_CONTENT_FILTER},
                                        {"error", SSE_DELTA_FINISH_ERROR},
                                        {NULL, SSE_DELTA_FINISH_OTHER}};

/* Which call a delta.tool_calls[] entry belongs to: by index (a key; a new
   id at that index is a new call), else by id, else the latest call. */
static sd_slot *sd_chat_call_for(sse_delta_parser *p, sd_doc *d, uint32_t choice, int index, int id) {
  const char *idp = NULL;
  size_t idn = 0;
  sd_slot *s;
  if (sd_is_string(d, id)) {
    sd_use_string(p, d, id);
    idp = sd_text(d, id);
    idn = sd_len(d, id);
  }
  if (index >= 0 && !sd_literal_is(d, index, "null", 4)) {
    uint64_t key = sd_token_hash(d, index);
    s = sd_find_by_key(p, choice, SD_SLOT_KEY, key);
    if (s != NULL && !(idn > 0 && s->id_len > 0 && !sd_same_id(p, s, idp, idn))) return s;
    if (s != NULL) sd_quirk(p, SD_Q_index_reused);
    s = sd_open_call(p, choice);
    if (s != NULL) sd_set_key(s, SD_SLOT_KEY, key);
    return s;
  }
  sd_quirk(p, SD_Q_tool_call_without_index);
  if (idn > 0) {
    s = sd_find_by_id(p, choice, idp, idn);
    return s ? s : sd_open_call(p, choice);
  }
  if (choice < p->choice_cap_ && sd_choices(p)[choice].dropped) { /* its latest call is a dropped one */
    sd_report_error(p, SSE_DELTA_E_TOOL_LIMIT);
    return NULL;
  }
  s = sd_latest_call(p, choice);
  return s ? s : sd_open_call(p, choice);
}

static void sd_chat_tool_entry(sse_delta_parser *p, sd_doc *d, uint32_t choice, int entry) {
  static const sd_key keys[] = {SD_KEY("index"), SD_KEY("id"), SD_KEY("function")};
  static const sd_key fn_keys[] = {SD_KEY("name"), SD_KEY("arguments")};
  int v[3], fn[2];
  sd_slot *s;
  sd_lookup(d, entry, keys, 3, v);
  sd_lookup(d, v[2], fn_keys, 2, fn);
  s = sd_chat_call_for(p, d, choice, v[0], v[1]);
  if (s == NULL) return;
  sd_adopt_token(p, d, s, 1, v[1]);
  sd_adopt_token(p, d, s, 0, fn[0]);
  if (s->name_len > 0) sd_start_call(p, s);
  sd_call_arguments(p, d, s, fn[1]);
}

static void sd_chat_choice(sse_delta_parser *p, sd_doc *d, int c, uint32_t position) {
  static const sd_key keys[] = {SD_KEY("index"), SD_KEY("delta"), SD_KEY("finish_reason")};
  static const sd_key message_key[] = {SD_KEY("message")};
  static const sd_key delta_keys[] = {SD_KEY("reasoning_content"), SD_KEY("reasoning"),
                                      SD_KEY("content"), SD_KEY("tool_calls")};
  int v[3], dv[4], it, count;
  uint32_t choice;
  sd_lookup(d, c, keys, 3, v);
  choice = sd_index_or(d, v[0], position);
  /* a non-streamed completion has the whole message where a chunk has its delta */
  if (!sd_is_object(d, v[1])) sd_lookup(d, c, message_key, 1, &v[1]);
  sd_lookup(d, v[1], delta_keys, 4, dv);
  sd_report_text(p, d, sd_is_string(d, dv[0]) ? dv[0] : dv[1], CH_REASONING, choice, 0);
  sd_report_text(p, d, dv[2], CH_CONTENT, choice, 0);
  if ((p->llm_ & SD_TRACK_TOOLS) && sd_is_array(d, dv[3])) {
    SD_FOR_EACH(d, dv[3], it, count) {
      if (sd_is_object(d, it)) sd_chat_tool_entry(p, d, choice, it);
    }
  }
  sd_finish_from_token(p, d, v[2], choice);
}

SD_NOINLINE static void sd_chat_usage(sse_delta_parser *p, sd_doc *d, int u) {
  static const sd_key keys[] = {SD_KEY("prompt_tokens"), SD_KEY("completion_tokens"),
                                SD_KEY("total_tokens"), SD_KEY("prompt_tokens_details"),
                                SD_KEY("completion_tokens_details"), SD_KEY("cost")};
  static const sd_key cached_key[] = {SD_KEY("cached_tokens")};
  static const sd_key reasoning_key[] = {SD_KEY("reasoning_tokens")};
  int v[6], f[U_FIELDS];
  int64_t n[U_FIELDS];
  sd_lookup(d, u, keys, 6, v);
  f[U_INPUT] = v[0];
  f[U_OUTPUT] = v[1];
  f[U_TOTAL] = v[2];
  sd_lookup(d, v[3], cached_key, 1, &f[U_CACHED]);
  sd_lookup(d, v[4], reasoning_key, 1, &f[U_REASONING]);
  sd_read_counts(p, d, f, n);
  sd_report_usage(p, d, n, v[5]);
}

static void sd_map_chat(sse_delta_parser *p, sd_doc *d, const char *type, size_t type_len) {
  static const sd_key keys[] = {SD_KEY("error"), SD_KEY("choices"), SD_KEY("usage"),
                                SD_KEY("x_groq")};
  static const sd_key groq_keys[] = {SD_KEY("usage")};
  int v[4], it, count, usage;
  (void)type;
  (void)type_len;
  sd_lookup(d, 0, keys, 4, v);
  sd_report_provider_error(p, d, v[0]);
  if (sd_is_array(d, v[1])) {
    if (d->t[v[1]].size == 0) sd_quirk(p, SD_Q_empty_choices);
    SD_FOR_EACH(d, v[1], it, count) {
      if (sd_is_object(d, it)) sd_chat_choice(p, d, it, (uint32_t)count);
    }
  }
  if (!(p->llm_ & SD_READ_USAGE)) return;
  usage = v[2];
  if (sd_literal_is(d, usage, "null", 4) && sd_usage(p)->usage_reports > 0)
    sd_quirk(p, SD_Q_usage_null_after_usage);
  if (!sd_is_object(d, usage)) {
    sd_lookup(d, v[3], groq_keys, 1, &usage);
    if (sd_is_object(d, usage)) sd_quirk(p, SD_Q_usage_in_x_groq);
  }
  if (sd_is_object(d, usage)) sd_chat_usage(p, d, usage);
}

static unsigned sd_detect_chat(sd_doc *d, const char *type, size_t type_len) {
  static const sd_key keys[] = {SD_KEY("choices"), SD_KEY("object"), SD_KEY("error")};
  int v[3];
  (void)type;
  (void)type_len;
  sd_lookup(d, 0, keys, 3, v);
  if (v[0] >= 0 || sd_string_is(d, v[1], "chat.completion.chunk", 21)) return 3;
  return sd_is_object(d, v[2]) ? 1 : 0;
}

/* --- anthropic --- */

static const sd_word sd_anthropic_words[] = {{"end_turn", SSE_DELTA_FINISH_STOP},
                                             {"stop_sequence", SSE_DELTA_FINISH_STOP},
                                             {"pause_turn", SSE_DELTA_FINISH_STOP},
                                             {"tool_use", SSE_DELTA_FINISH_TOOL_CALLS},
                                             {"max_tokens", SSE_DELTA_FINISH_LENGTH},
                                             {"refusal", SSE_DELTA_FINISH_CONTENT_FILTER},
                                             {NULL, SSE_DELTA_FINISH_OTHER}};

/* message_start sets the counts, message_delta overrides the ones it has. */
static void sd_anthropic_usage(sse_delta_parser *p, sd_doc *d, int u) {
  static const sd_key keys[] = {SD_KEY("input_tokens"), SD_KEY("output_tokens"),
                                SD_KEY("cache_read_input_tokens")};
  static const int into[3] = {U_INPUT, U_OUTPUT, U_CACHED};
  int v[3], k;
  int64_t *kept = sd_usage(p)->kept, report[U_FIELDS];
  if (!(p->llm_ & SD_READ_USAGE) || !sd_is_object(d, u)) return;
  sd_lookup(d, u, keys, 3, v);
  for (k = 0; k < 3; k++) {
    int64_t n;
    sd_read_count(p, d, v[k], &n);
    if (n != SSE_DELTA_ABSENT) kept[into[k]] = n;
  }
  memcpy(report, kept, sizeof report);
  report[U_REASONING] = SSE_DELTA_ABSENT;
  report[U_TOTAL] = sd_add_counts(p, report[U_INPUT], report[U_OUTPUT], 0);
  sd_report_usage(p, d, report, -1);
}

static void sd_anthropic_block_start(sse_delta_parser *p, sd_doc *d, int index, int block) {
  static const sd_key keys[] = {SD_KEY("type"), SD_KEY("id"), SD_KEY("name"), SD_KEY("input")};
  int v[4];
  sd_slot *s;
  sd_lookup(d, block, keys, 4, v);
  if (!sd_string_is(d, v[0], "tool_use", 8) && !sd_string_is(d, v[0], "server_tool_use", 15)) return;
  s = sd_open_call(p, 0);
  if (s == NULL) return;
  if (index >= 0) sd_set_key(s, SD_SLOT_KEY, sd_token_hash(d, index));
  sd_adopt_token(p, d, s, 1, v[1]);
  sd_adopt_token(p, d, s, 0, v[2]);
  sd_start_call(p, s);
  /* A non-empty input is the whole arguments (no deltas follow it). */
  if (sd_is_object(d, v[3]) && d->t[v[3]].size > 0) sd_call_arguments_json(p, d, s, v[3], SD_COMPACT);
}

static void sd_anthropic_block_delta(sse_delta_parser *p, sd_doc *d, int index, int delta) {
  static const sd_key keys[] = {SD_KEY("type"), SD_KEY("text"), SD_KEY("thinking"),
                                SD_KEY("partial_json")};
  int v[4], untyped;
  sd_slot *s;
  sd_lookup(d, delta, keys, 4, v);
  /* An over-large delta whose type comes after its string: the key says. */
  untyped = v[0] < 0 ? 1 : 0;
  if (sd_string_is(d, v[0], "text_delta", 10) || (untyped && sd_is_large_token(p, v[1]))) {
    sd_report_text(p, d, v[1], CH_CONTENT, 0, 0);
  } else if (sd_string_is(d, v[0], "thinking_delta", 14) || (untyped && sd_is_large_token(p, v[2]))) {
    sd_report_text(p, d, v[2], CH_REASONING, 0, 0);
  } else if ((sd_string_is(d, v[0], "input_json_delta", 16) || (untyped && sd_is_large_token(p, v[3]))) &&
             (p->llm_ & SD_TRACK_TOOLS)) {
    s = index >= 0 ? sd_find_by_key(p, 0, SD_SLOT_KEY, sd_token_hash(d, index)) : NULL;
    /* an over-large one whose index comes after: the latest call */
    if (s == NULL && index < 0 && sd_is_large_token(p, v[3])) s = sd_latest_call(p, 0);
    if (s != NULL)
      sd_call_arguments(p, d, s, v[3]);
    else if (sd_is_string(d, v[3]) && sd_len(d, v[3]) > 0)
      sd_unknown_call(p);
  } /* signature_delta, citations_delta... */
}

/* A whole message (a body, not a stream): its blocks in order, then what
   message_delta and message_stop would say. */
static void sd_anthropic_message(sse_delta_parser *p, sd_doc *d, int message) {
  static const sd_key keys[] = {SD_KEY("content"), SD_KEY("stop_reason"), SD_KEY("usage")};
  static const sd_key block_keys[] = {SD_KEY("type"), SD_KEY("text"), SD_KEY("thinking")};
  int v[3], b[3], it, count;
  sd_lookup(d, message, keys, 3, v);
  if (sd_is_array(d, v[0])) {
    SD_FOR_EACH(d, v[0], it, count) {
      sd_lookup(d, it, block_keys, 3, b);
      if (sd_string_is(d, b[0], "text", 4))
        sd_report_text(p, d, b[1], CH_CONTENT, 0, 0);
      else if (sd_string_is(d, b[0], "thinking", 8))
        sd_report_text(p, d, b[2], CH_REASONING, 0, 0);
      else if (p->llm_ & SD_TRACK_TOOLS)
        sd_anthropic_block_start(p, d, -1, it);
    }
  }
  sd_finish_from_token(p, d, v[1], 0);
  sd_anthropic_usage(p, d, v[2]);
}

static void sd_map_anthropic(sse_delta_parser *p, sd_doc *d, const char *type, size_t type_len) {
  static const sd_key keys[] = {SD_KEY("type"),  SD_KEY("index"), SD_KEY("message"),
                                SD_KEY("content_block"), SD_KEY("delta"), SD_KEY("usage"),
                                SD_KEY("error")};
  static const sd_key usage_key[] = {SD_KEY("usage")};
  static const sd_key stop_key[] = {SD_KEY("stop_reason")};
  int v[7], x;
  const char *t;
  size_t n;
  sd_lookup(d, 0, keys, 7, v);
  sd_type_of(d, v[0], type, type_len, &t, &n);
  if (sd_word_is(t, n, "content_block_delta")) {
    sd_anthropic_block_delta(p, d, v[1], v[4]);
  } else if (sd_word_is(t, n, "content_block_start")) {
    if (p->llm_ & SD_TRACK_TOOLS) sd_anthropic_block_start(p, d, v[1], v[3]);
  } else if (sd_word_is(t, n, "message_start")) {
    sd_lookup(d, v[2], usage_key, 1, &x);
    sd_anthropic_usage(p, d, x);
  } else if (sd_word_is(t, n, "message_delta")) {
    sd_lookup(d, v[4], stop_key, 1, &x);
    sd_finish_from_token(p, d, x, 0);
    sd_anthropic_usage(p, d, v[5]);
  } else if (sd_word_is(t, n, "message_stop")) {
    sd_report_done(p);
  } else if (sd_word_is(t, n, "error")) {
    sd_report_provider_error(p, d, v[6]);
    sd_report_finish(p, 0, SSE_DELTA_FINISH_ERROR, NULL, 0, SD_RAW_NULL);
  } /* ping, content_block_stop, unknown types */
}

/* A body that is a whole message ("type":"message"). */
static int sd_map_anthropic_body(sse_delta_parser *p, sd_doc *d) {
  static const sd_key keys[] = {SD_KEY("type")};
  int t;
  sd_lookup(d, 0, keys, 1, &t);
  if (!sd_string_is(d, t, "message", 7)) return 0;
  sd_anthropic_message(p, d, 0);
  return 1;
}

static int sd_is_anthropic_type(const char *s, size_t n) {
  return sd_word_is(s, n, "message_start") || sd_word_is(s, n, "message_delta") ||
         sd_word_is(s, n, "message_stop") || sd_word_is(s, n, "ping") ||
         (n > 14 && memcmp(s, "content_block_", 14) == 0);
}

static unsigned sd_detect_anthropic(sd_doc *d, const char *type, size_t type_len) {
  static const sd_key keys[] = {SD_KEY("type"), SD_KEY("error")};
  int v[2];
  const char *t;
  size_t n;
  sd_lookup(d, 0, keys, 2, v);
  sd_type_of(d, v[0], type, type_len, &t, &n);
  if (sd_is_anthropic_type(t, n) || sd_string_is(d, v[0], "message", 7)) return 3;
  return sd_string_is(d, v[0], "error", 5) && sd_is_object(d, v[1]) ? 2 : 0;
}

/* --- openai-responses --- */

static const sd_word sd_responses_words[] = {{"completed", SSE_DELTA_FINISH_STOP},
                                             {"max_output_tokens", SSE_DELTA_FINISH_LENGTH},
                                             {"content_filter", SSE_DELTA_FINISH_CONTENT_FILTER},
                                             {"failed", SSE_DELTA_FINISH_ERROR},
                                             {NULL, SSE_DELTA_FINISH_OTHER}};

/* The call an event names by item_id, else by output_index. */
static sd_slot *sd_responses_call(sse_delta_parser *p, sd_doc *d, int item_id, int output_index) {
  sd_slot *s = NULL;
  if (item_id >= 0) s = sd_find_by_key(p, 0, SD_SLOT_KEY, sd_token_hash(d, item_id));
  if (s == NULL && output_index >= 0)
    s = sd_find_by_key(p, 0, SD_SLOT_ALT_KEY, sd_token_hash(d, output_index));
  return s;
}

static void sd_responses_item(sse_delta_parser *p, sd_doc *d, int item, int output_index, int added) {
  static const sd_key keys[] = {SD_KEY("type"), SD_KEY("id"), SD_KEY("call_id"), SD_KEY("name"),
                                SD_KEY("arguments")};
  int v[5];
  sd_slot *s;
  sd_lookup(d, item, keys, 5, v);
  if (!sd_string_is(d, v[0], "function_call", 13)) return;
  s = sd_responses_call(p, d, v[1], output_index);
  if (s == NULL) {
    s = sd_open_call(p, 0);
    if (s == NULL) return;
    if (v[1] >= 0) sd_set_key(s, SD_SLOT_KEY, sd_token_hash(d, v[1]));
    if (output_index >= 0) sd_set_key(s, SD_SLOT_ALT_KEY, sd_token_hash(d, output_index));
  }
  sd_adopt_token(p, d, s, 1, v[2]);
  sd_adopt_token(p, d, s, 0, v[3]);
  sd_start_call(p, s);
  if (!added && !(s->flags & SD_SLOT_HAS_ARGS)) sd_call_arguments(p, d, s, v[4]);
}

/* Out of line: its counts would sit on the stack below every finish. */
SD_NOINLINE static void sd_responses_usage(sse_delta_parser *p, sd_doc *d, int usage) {
  static const sd_key usage_keys[] = {SD_KEY("input_tokens"), SD_KEY("output_tokens"),
                                      SD_KEY("total_tokens"), SD_KEY("input_tokens_details"),
                                      SD_KEY("output_tokens_details")};
  static const sd_key cached_key[] = {SD_KEY("cached_tokens")};
  static const sd_key reasoning_key[] = {SD_KEY("reasoning_tokens")};
  int u[U_FIELDS];
  int64_t c[U_FIELDS];
  sd_lookup(d, usage, usage_keys, 5, u);
  sd_lookup(d, u[3], cached_key, 1, &u[U_CACHED]);
  sd_lookup(d, u[4], reasoning_key, 1, &u[U_REASONING]);
  sd_read_counts(p, d, u, c);
  sd_report_usage(p, d, c, -1);
}

static void sd_responses_end(sse_delta_parser *p, sd_doc *d, int response, const char *t, size_t n) {
  static const sd_key keys[] = {SD_KEY("status"), SD_KEY("incomplete_details"), SD_KEY("usage"),
                                SD_KEY("error")};
  static const sd_key reason_key[] = {SD_KEY("reason")};
  int v[4], reason;
  sd_lookup(d, response, keys, 4, v);
  if (sd_word_is(t, n, "response.failed")) sd_report_provider_error(p, d, v[3]);
  sd_lookup(d, v[1], reason_key, 1, &reason);
  if (!sd_word_is(t, n, "response.incomplete"))
    sd_finish_from_token(p, d, v[0], 0);
  else if (sd_is_string(d, reason))
    sd_finish_from_token(p, d, reason, 0);
  else
    sd_report_finish(p, 0, SSE_DELTA_FINISH_OTHER, "incomplete", 10, SD_RAW_INCOMPLETE);
  if (p->llm_ & SD_READ_USAGE) sd_responses_usage(p, d, v[2]);
  sd_report_done(p);
}

/* The text parts of a message item (output_text) or a reasoning item's
   summary (summary_text). */
static void sd_responses_parts(sse_delta_parser *p, sd_doc *d, int parts, unsigned channel) {
  static const sd_key keys[] = {SD_KEY("text")};
  int it, count, text;
  if (!sd_is_array(d, parts)) return;
  SD_FOR_EACH(d, parts, it, count) {
    sd_lookup(d, it, keys, 1, &text);
    sd_report_text(p, d, text, channel, 0, 0);
  }
}

/* A whole response object (a body, not a stream): its output items in
   order. Returns the event whose end it is: response.completed,
   .incomplete or .failed. */
static const char *sd_responses_whole(sse_delta_parser *p, sd_doc *d, int response) {
  static const sd_key keys[] = {SD_KEY("output"), SD_KEY("status")};
  static const sd_key item_keys[] = {SD_KEY("type"), SD_KEY("content"), SD_KEY("summary")};
  int v[2], item[3], it, count;
  const char *end = "response.completed";
  sd_lookup(d, response, keys, 2, v);
  if (sd_is_array(d, v[0])) {
    SD_FOR_EACH(d, v[0], it, count) {
      sd_lookup(d, it, item_keys, 3, item);
      if (sd_string_is(d, item[0], "message", 7))
        sd_responses_parts(p, d, item[1], CH_CONTENT);
      else if (sd_string_is(d, item[0], "reasoning", 9))
        sd_responses_parts(p, d, item[2], CH_REASONING);
      else if (p->llm_ & SD_TRACK_TOOLS)
        sd_responses_item(p, d, it, -1, 0);
    }
  }
  if (sd_string_is(d, v[1], "failed", 6)) end = "response.failed";
  if (sd_string_is(d, v[1], "incomplete", 10)) end = "response.incomplete";
  return end;
}

static void sd_map_responses(sse_delta_parser *p, sd_doc *d, const char *type, size_t type_len) {
  static const sd_key keys[] = {SD_KEY("type"),     SD_KEY("delta"),        SD_KEY("item"),
                                SD_KEY("item_id"),  SD_KEY("output_index"), SD_KEY("arguments"),
                                SD_KEY("response"), SD_KEY("message"),      SD_KEY("error"),
                                SD_KEY("sequence_number")};
  int v[10];
  const char *t;
  size_t n;
  sd_lookup(d, 0, keys, 10, v);
  /* for a reconnect; set only when an integer, and for an event over the
     buffer only once it is whole (from its skeleton, not its prefix) */
  if (p->lg_state_ != SD_LG_PREFIX) (void)sd_int(d, v[9], &p->last_seq_);
  sd_type_of(d, v[0], type, type_len, &t, &n);
  if (sd_word_is(t, n, "response.output_text.delta")) {
    sd_report_text(p, d, v[1], CH_CONTENT, 0, 0);
  } else if (sd_word_is(t, n, "response.reasoning_summary_text.delta") ||
             sd_word_is(t, n, "response.reasoning_text.delta")) {
    sd_report_text(p, d, v[1], CH_REASONING, 0, 0);
  } else if (sd_word_is(t, n, "response.function_call_arguments.delta") ||
             sd_word_is(t, n, "response.function_call_arguments.done")) {
    int is_delta = t[n - 1] == 'a';
    sd_slot *s;
    if (!(p->llm_ & SD_TRACK_TOOLS)) return;
    s = sd_responses_call(p, d, v[3], v[4]);
    /* an over-large delta whose item_id and output_index come after it */
    if (s == NULL && v[3] < 0 && v[4] < 0 && sd_is_large_token(p, v[1])) s = sd_latest_call(p, 0);
    if (s == NULL) {
      if (is_delta && sd_is_string(d, v[1]) && sd_len(d, v[1]) > 0) sd_unknown_call(p); /* an empty one loses nothing (a large one's skeleton is empty) */
    } else if (is_delta || !(s->flags & SD_SLOT_HAS_ARGS)) {
      if (!is_delta && sd_is_string(d, v[5]) && sd_len(d, v[5]) > 0) sd_quirk(p, SD_Q_arguments_only_in_done);
      sd_call_arguments(p, d, s, is_delta ? v[1] : v[5]);
    }
  } else if (sd_word_is(t, n, "response.output_item.added") ||
             sd_word_is(t, n, "response.output_item.done")) {
    if (p->llm_ & SD_TRACK_TOOLS) sd_responses_item(p, d, v[2], v[4], t[n - 1] == 'd');
  } else if (sd_word_is(t, n, "response.completed") || sd_word_is(t, n, "response.incomplete") ||
             sd_word_is(t, n, "response.failed")) {
    sd_responses_end(p, d, v[6], t, n);
  } else if (sd_word_is(t, n, "error")) {
    sd_report_provider_error(p, d, sd_is_string(d, v[7]) ? v[7] : v[8]);
  }
}

/* A body that is a whole response object ("object":"response"). */
static int sd_map_responses_body(sse_delta_parser *p, sd_doc *d) {
  static const sd_key keys[] = {SD_KEY("object")};
  const char *end;
  int o;
  sd_lookup(d, 0, keys, 1, &o);
  if (!sd_string_is(d, o, "response", 8)) return 0;
  end = sd_responses_whole(p, d, 0);
  sd_responses_end(p, d, 0, end, strlen(end));
  return 1;
}

static unsigned sd_detect_responses(sd_doc *d, const char *type, size_t type_len) {
  static const sd_key keys[] = {SD_KEY("type"), SD_KEY("message"), SD_KEY("object")};
  int v[3];
  const char *t;
  size_t n;
  sd_lookup(d, 0, keys, 3, v);
  sd_type_of(d, v[0], type, type_len, &t, &n);
  if ((n > 9 && memcmp(t, "response.", 9) == 0) || sd_string_is(d, v[2], "response", 8)) return 3;
  return sd_string_is(d, v[0], "error", 5) && v[1] >= 0 ? 2 : 0;
}

/* --- gemini --- */

static const sd_word sd_gemini_words[] = {{"STOP", SSE_DELTA_FINISH_STOP},
                                          {"MAX_TOKENS", SSE_DELTA_FINISH_LENGTH},
                                          {"SAFETY", SSE_DELTA_FINISH_CONTENT_FILTER},
                                          {"RECITATION", SSE_DELTA_FINISH_CONTENT_FILTER},
                                          {"BLOCKLIST", SSE_DELTA_FINISH_CONTENT_FILTER},
                                          {"PROHIBITED_CONTENT", SSE_DELTA_FINISH_CONTENT_FILTER},
                                          {"SPII", SSE_DELTA_FINISH_CONTENT_FILTER},
                                          {"IMAGE_SAFETY", SSE_DELTA_FINISH_CONTENT_FILTER},
                                          {NULL, SSE_DELTA_FINISH_OTHER}};

static void sd_gemini_part(sse_delta_parser *p, sd_doc *d, uint32_t choice, int part) {
  static const sd_key keys[] = {SD_KEY("text"), SD_KEY("thought"), SD_KEY("functionCall")};
  static const sd_key call_keys[] = {SD_KEY("id"), SD_KEY("name"), SD_KEY("args")};
  int v[3], c[3];
  sd_slot *s;
  sd_lookup(d, part, keys, 3, v);
  if (sd_is_string(d, v[0]))
    sd_report_text(p, d, v[0], sd_literal_is(d, v[1], "true", 4) ? CH_REASONING : CH_CONTENT, choice, 0);
  if (!sd_is_object(d, v[2]) || !(p->llm_ & SD_TRACK_TOOLS)) return;
  sd_lookup(d, v[2], call_keys, 3, c);
  s = sd_open_call(p, choice);
  if (s == NULL) return;
  sd_adopt_token(p, d, s, 1, c[0]);
  sd_adopt_token(p, d, s, 0, c[1]);
  sd_start_call(p, s);
  if (sd_is_object(d, c[2])) sd_call_arguments_json(p, d, s, c[2], SD_AS_SENT);
}

/* Returns whether the candidate is candidate 0 with a finish reason. */
static int sd_gemini_candidate(sse_delta_parser *p, sd_doc *d, int cand, uint32_t position) {
  static const sd_key keys[] = {SD_KEY("index"), SD_KEY("content"), SD_KEY("finishReason")};
  static const sd_key content_keys[] = {SD_KEY("parts")};
  int v[3], parts, it, count;
  uint32_t choice;
  sd_lookup(d, cand, keys, 3, v);
  choice = sd_index_or(d, v[0], position);
  sd_lookup(d, v[1], content_keys, 1, &parts);
  if (sd_is_array(d, parts)) {
    SD_FOR_EACH(d, parts, it, count) {
      if (sd_is_object(d, it)) sd_gemini_part(p, d, choice, it);
    }
  }
  sd_finish_from_token(p, d, v[2], choice);
  return sd_is_string(d, v[2]) && choice == 0;
}

SD_NOINLINE static void sd_gemini_usage(sse_delta_parser *p, sd_doc *d, int u) {
  static const sd_key keys[] = {SD_KEY("promptTokenCount"), SD_KEY("candidatesTokenCount"),
                                SD_KEY("totalTokenCount"), SD_KEY("cachedContentTokenCount"),
                                SD_KEY("thoughtsTokenCount")};
  int v[U_FIELDS];
  int64_t c[U_FIELDS];
  sd_lookup(d, u, keys, U_FIELDS, v);
  sd_read_counts(p, d, v, c); /* c[U_OUTPUT] holds candidates for now */
  /* Output counts thinking, as in every other dialect. */
  c[U_OUTPUT] = sd_add_counts(p, c[U_OUTPUT], c[U_REASONING], 1);
  sd_report_usage(p, d, c, -1);
}

static void sd_map_gemini(sse_delta_parser *p, sd_doc *d, const char *type, size_t type_len) {
  static const sd_key keys[] = {SD_KEY("error"), SD_KEY("candidates"), SD_KEY("usageMetadata")};
  int v[3], it, count, finished0 = 0;
  (void)type;
  (void)type_len;
  sd_lookup(d, 0, keys, 3, v);
  sd_report_provider_error(p, d, v[0]);
  if (sd_is_array(d, v[1])) {
    SD_FOR_EACH(d, v[1], it, count) {
      if (sd_is_object(d, it)) finished0 |= sd_gemini_candidate(p, d, it, (uint32_t)count);
    }
  }
  if ((p->llm_ & SD_READ_USAGE) && sd_is_object(d, v[2])) sd_gemini_usage(p, d, v[2]);
  if (finished0) sd_report_done(p);
}

static unsigned sd_detect_gemini(sd_doc *d, const char *type, size_t type_len) {
  static const sd_key keys[] = {SD_KEY("candidates"), SD_KEY("usageMetadata"),
                                SD_KEY("promptFeedback"), SD_KEY("error")};
  static const sd_key status_key[] = {SD_KEY("status")};
  int v[4], status;
  (void)type;
  (void)type_len;
  sd_lookup(d, 0, keys, 4, v);
  if (v[0] >= 0 || v[1] >= 0 || v[2] >= 0) return 3;
  sd_lookup(d, v[3], status_key, 1, &status);
  return status >= 0 ? 2 : 0;
}

/* --- no dialect yet: only top-level errors count --- */

static void sd_map_undetected(sse_delta_parser *p, sd_doc *d, const char *type, size_t type_len) {
  static const sd_key keys[] = {SD_KEY("error")};
  int e;
  (void)type;
  (void)type_len;
  sd_lookup(d, 0, keys, 1, &e);
  sd_report_provider_error(p, d, e);
}

static const sd_word sd_no_words[] = {{NULL, SSE_DELTA_FINISH_OTHER}};

/* The text and argument strings each dialect streams out of an event over
   the buffer; where each goes is still the mapping's decision. */
static const char *const sd_chat_streamed[] = {
    "choices[].delta.content", "choices[].delta.reasoning_content", "choices[].delta.reasoning",
    "choices[].delta.tool_calls[].function.arguments", NULL};
static const char *const sd_anthropic_streamed[] = {"delta.text", "delta.thinking",
                                                    "delta.partial_json", NULL};
static const char *const sd_responses_streamed[] = {"delta", NULL};
static const char *const sd_gemini_streamed[] = {"candidates[].content.parts[].text", NULL};

static const sd_dialect sd_dialects[SSE_DELTA_DIALECT_COUNT] = {
    {NULL, NULL, sd_map_undetected, NULL, sd_no_words, 0, NULL},
    {"openai-chat", sd_detect_chat, sd_map_chat, NULL, sd_chat_words,
     SD_DONE_PAYLOAD | SD_STOP_AFTER_CALLS, sd_chat_streamed},
    {"anthropic", sd_detect_anthropic, sd_map_anthropic, sd_map_anthropic_body, sd_anthropic_words, 0,
     sd_anthropic_streamed},
    {"openai-responses", sd_detect_responses, sd_map_responses, sd_map_responses_body,
     sd_responses_words, SD_STOP_AFTER_CALLS, sd_responses_streamed},
    {"gemini", sd_detect_gemini, sd_map_gemini, NULL, sd_gemini_words,
     SD_COUNTS_AFTER_DONE | SD_STOP_AFTER_CALLS, sd_gemini_streamed},
};

static const sd_dialect *sd_current(const sse_delta_parser *p) { return &sd_dialects[p->dialect_]; }

/* The dialect a payload shows: the highest score, the first row on a tie. */
static uint8_t sd_detect(sd_doc *d, const char *type, size_t type_len) {
  unsigned k, best = 0, best_score = 0;
  for (k = 1; k < SSE_DELTA_DIALECT_COUNT; k++) {
    unsigned score = sd_dialects[k].detect(d, type, type_len);
    if (score > best_score) {
      best = k;
      best_score = score;
    }
  }
  return (uint8_t)best;
}

const char *sse_delta_dialect_name(sse_delta_dialect dl) {
  if ((unsigned)dl >= (unsigned)SSE_DELTA_DIALECT_COUNT) return NULL;
  return sd_dialects[dl].name;
}

sse_delta_dialect sse_delta_dialect_from_name(const char *s, size_t n) {
  unsigned k;
  if (s == NULL) return SSE_DELTA_DIALECT_AUTO;
  for (k = 1; k < SSE_DELTA_DIALECT_COUNT; k++)
    if (sd_word_is(s, n, sd_dialects[k].name)) return (sse_delta_dialect)k;
  return SSE_DELTA_DIALECT_AUTO;
}

/* ---- 9. dispatch ----------------------------------------------------- */

enum sd_phase { PH_IDLE = 0, PH_EVENT, PH_MAP, PH_DELIVER, PH_LARGE /* pieces, section 9b */ };
static int sd_large_continue(sse_delta_parser *p);

/* An HTTP error's body, {"error": ...} without a "type" or "object" of
   its own (those are answers or typed events, mapped by the dialect), is
   the provider's error whatever the dialect: the stream before a
   reconnect may have been of a dialect whose events say errors otherwise. */
SD_NOINLINE static int sd_body_error(sse_delta_parser *p, sd_doc *d) {
  static const sd_key keys[] = {SD_KEY("error"), SD_KEY("type"), SD_KEY("object")};
  int v[3];
  sd_lookup(d, 0, keys, 3, v);
  if (v[0] < 0 || sd_literal_is(d, v[0], "null", 4) || sd_is_string(d, v[1]) || sd_is_string(d, v[2]))
    return 0;
  sd_report_provider_error(p, d, v[0]);
  return 1;
}

/* A payload whose root (token 0) is an object. */
static void sd_map_object(sse_delta_parser *p, sd_doc *d) {
  const sd_dialect *dl;
  if (p->dialect_ == SSE_DELTA_DIALECT_AUTO)
    p->dialect_ = sd_detect(d, sd_type_buf(p), p->type_len_);
  dl = sd_current(p);
  if (p->body_ == SD_BODY_JSON && (sd_body_error(p, d) || (dl->map_body != NULL && dl->map_body(p, d))))
    return;
  dl->map(p, d, sd_type_buf(p), p->type_len_);
}

/* The top-level sequence_number of a payload, if it has one. */
static int sd_doc_sequence(const sd_doc *d, int64_t *seq) {
  static const sd_key keys[] = {SD_KEY("sequence_number")};
  int v;
  sd_lookup(d, 0, keys, 1, &v);
  return sd_int(d, v, seq) == NUM_OK;
}

static int sd_payload_sequence(sse_delta_parser *p, int64_t *seq) {
  sse_delta_status err;
  sd_doc d;
  d.js = sd_event_buf(p);
  d.t = sd_tokens(p);
  d.n = sd_tokenize(d.js, p->data_len_, d.t, p->token_cap_, &err);
  return d.n > 0 && sd_doc_sequence(&d, seq);
}

/* The root object, or each object of a root array: a JSON body may be an
   array of payloads (gemini's streamGenerateContent without alt=sse). The
   queue bound holds: an element's end-of-payload reports are caused by its
   own object token, and done comes once per stream. */
static void sd_map_objects(sse_delta_parser *p, sd_doc *d) {
  int k, count = 1;
  if (d->t[0].type == SD_ARRAY) { /* the mappings read token 0: move it along */
    count = d->t[0].size;
    d->t++;
    d->n--;
  }
  for (k = 0; k < count; k++) { /* jsmn counted the elements: they are there */
    int next = sd_skip(d, 0);
    if (sd_is_object(d, 0))
      sd_map_object(p, d);
    else
      sd_report_error(p, SSE_DELTA_E_JSON_SHAPE);
    d->t += next;
    d->n -= next;
  }
}

/* Map the buffered payload once into the delivery queue. The body of a
   JSON body ends with its value: that is its end marker. */
static void sd_map_payload(sse_delta_parser *p) {
  const char *s = sd_event_buf(p);
  size_t n = p->data_len_;
  sse_delta_status err = SSE_DELTA_OK;
  sd_doc d;
  if ((p->flags_ & SSE_DELTA_SAW_DONE) && !(sd_current(p)->flags & SD_COUNTS_AFTER_DONE)) {
    sd_report_error(p, SSE_DELTA_E_AFTER_DONE);
    return;
  }
  if (n == 6 && memcmp(s, "[DONE]", 6) == 0) {
    unsigned k;
    for (k = 1; p->dialect_ == SSE_DELTA_DIALECT_AUTO && k < SSE_DELTA_DIALECT_COUNT; k++)
      if (sd_dialects[k].flags & SD_DONE_PAYLOAD) p->dialect_ = (uint8_t)k;
    /* Other dialects have their own end marker; a proxy's [DONE] adds nothing. */
    if (sd_current(p)->flags & SD_DONE_PAYLOAD)
      sd_report_done(p);
    else
      sd_quirk(p, SD_Q_foreign_done);
    return;
  }
  d.js = sd_event_buf(p);
  d.t = sd_tokens(p);
  d.n = sd_tokenize(s, n, d.t, p->token_cap_, &err);
  if (d.n > 0 && d.t[0].type == SD_ARRAY && p->body_ != SD_BODY_JSON) { /* only a body may be one */
    d.n = 0;
    err = SSE_DELTA_E_JSON_SHAPE;
  }
  if (d.n == 0) {
    if (err != SSE_DELTA_E_TOO_MANY_TOKENS) sd_quirk(p, SD_Q_non_json_payloads);
    sd_report_error(p, err);
    return;
  }
  sd_map_objects(p, &d);
  if (p->body_ == SD_BODY_JSON) sd_report_done(p);
}

/* Out of line: the event record would sit on the stack below every
   mapping. */
SD_NOINLINE static int sd_call_on_event(sse_delta_parser *p) {
  sse_delta_event ev;
  ev.type = p->type_len_ ? sd_type_buf(p) : "message";
  ev.type_len = p->type_len_ ? p->type_len_ : 7;
  ev.data = sd_event_buf(p);
  ev.data_len = p->data_len_;
  ev.id = sd_id_buf(p, p->id_cur_);
  ev.id_len = p->id_len_[p->id_cur_];
  SD_CALL(p, p->cb_.on_event(p->user_, &ev));
  return SD_GO;
}

/* Deliver the buffered event: on_event with the raw data, then the
   mapping's queue. Also where a paused event resumes. */
static int sd_dispatch(sse_delta_parser *p) {
  if (p->phase_ == PH_LARGE) return sd_large_continue(p);
  if (p->phase_ == PH_IDLE) {
    if ((p->resume_ & SD_RS_ON) && sd_skip_replayed(p)) {
      sd_clear_event(p);
      return SD_GO;
    }
    p->phase_ = PH_MAP;
    /* an event over the buffer has no whole data to show */
    if (p->cb_.on_event != NULL && p->lg_state_ == 0 && sd_call_on_event(p) == SD_STOP) return SD_STOP;
  }
  if (p->phase_ == PH_MAP) {
    p->queue_len_ = p->queue_pos_ = 0;
    p->step_ = 0;
    if (p->llm_) sd_map_payload(p);
    p->phase_ = PH_DELIVER;
  }
  if (sd_deliver_queue(p) == SD_STOP) return SD_STOP;
  p->phase_ = PH_IDLE;
  sd_clear_event(p);
  return SD_GO;
}

/* ---- 9b. large events ------------------------------------------------ */
/* An event whose data passes the event buffer. When the buffered prefix
   ends inside one of the strings the dialect streams (its row's `streamed`
   paths), the event goes on in four steps, in bounded memory:
     1. the prefix is mapped as if that string ended where the buffer is
        full (closed with `"` and its brackets): what comes before the
        string is delivered as usual, and where the mapping would deliver
        the string (channel, choice, tool) is where its pieces go;
     2. the prefix shrinks to a skeleton: the containers that hold the
        string, keeping only the members the mapping did not use up
        (numbers, literals, strings it did not decode), elements before the
        one on the way as 0, and the string itself as "";
     3. the string's bytes (the rest of the prefix, then the feed) are
        decoded into the buffer after the skeleton and delivered a piece at
        a time, at most a buffer's worth, never cut inside a UTF-8
        character;
     4. what follows the string is appended to the skeleton, and at the end
        of the event the whole is mapped as a payload: fields after the
        string (a finish, usage...) still count.
   Otherwise the event is reported as E_EVENT_TOO_LARGE and skipped. */

enum sd_lg_state {
  LG_NONE = 0, LG_PREFIX = SD_LG_PREFIX, LG_MAPPED, LG_STRING, LG_CLOSING, LG_TAIL,
  LG_BROKEN /* the event ended inside the string: its last piece goes, then the error */
};

/* lg_flags_: the string flags (SD_STR_*) of the piece being decoded, and
   what holds for the whole string. */
#define SD_LG_PIECE_FLAGS 0x07u
#define SD_LG_CARRIED 0x08u  /* lg_high_ came from the previous text */
#define SD_LG_SAW_LONE 0x10u /* each problem is reported once per string, */
#define SD_LG_SAW_BAD 0x20u  /* as for a string that fits */
#define SD_LG_DEPTH 8u       /* containers around a streamed string, at most */
#define SD_LG_ROOM 16u       /* buffer bytes a piece needs at least */
#define SD_LG_STEP 8u        /* more than one input byte ever decodes to */

static int sd_large_possible(const sse_delta_parser *p) {
  const sd_dialect *dl = sd_current(p);
  if (!p->llm_ || p->event_cap_ < 2 * SD_LG_ROOM) return 0;
  if ((p->flags_ & SSE_DELTA_SAW_DONE) && !(dl->flags & SD_COUNTS_AFTER_DONE)) return 0;
  return dl->streamed != NULL; /* none while the dialect is unknown */
}

/* --- finding the string: one pass over the prefix --- */

typedef struct sd_level {
  uint32_t key;     /* where the key of the current member begins (objects) */
  uint32_t key_len;
  uint8_t is_array, want_key;
} sd_level;

typedef struct sd_open_string {
  sd_level lv[SD_LG_DEPTH];
  uint32_t depth; /* containers open; only the first SD_LG_DEPTH are kept */
  uint32_t start; /* where the open string's text begins */
} sd_open_string;

/* Whether s[0..n) ends inside a string that is a member's value, and in
   which containers. Only the structure is followed: jsmn checks the rest. */
static int sd_scan_prefix(const char *s, uint32_t n, sd_open_string *o) {
  uint32_t i, start = 0;
  int in_string = 0, escape = 0, is_key = 0;
  o->depth = 0;
  for (i = 0; i < n; i++) {
    char c = s[i];
    sd_level *top = o->depth > 0 && o->depth <= SD_LG_DEPTH ? &o->lv[o->depth - 1] : NULL;
    if (in_string) {
      if (escape) escape = 0;
      else if (c == '\\') escape = 1;
      else if (c == '"') {
        in_string = 0;
        if (is_key && top) top->key_len = i - start;
      }
      continue;
    }
    if (c == '{' || c == '[') {
      if (o->depth < SD_LG_DEPTH) {
        sd_level *lv = &o->lv[o->depth];
        lv->is_array = c == '[';
        lv->want_key = c == '{';
        lv->key = lv->key_len = 0;
      }
      o->depth++;
    } else if (c == '}' || c == ']') {
      if (o->depth > 0) o->depth--;
    } else if (c == ',' && top) {
      top->want_key = !top->is_array;
    } else if (c == ':' && top) {
      top->want_key = 0;
    } else if (c == '"') {
      in_string = 1;
      start = i + 1;
      is_key = top && !top->is_array && top->want_key;
      if (is_key) top->key = start;
    }
  }
  o->start = start;
  return in_string && !is_key && o->depth > 0 && o->depth <= SD_LG_DEPTH &&
         !o->lv[o->depth - 1].is_array;
}

/* Whether the open string's place matches path `pat` (see sd_dialect). */
static int sd_path_is(const char *pat, const sd_open_string *o, const char *s) {
  uint32_t k;
  for (k = 0; k < o->depth; k++) {
    const sd_level *lv = &o->lv[k];
    size_t n = 0;
    if (lv->is_array) {
      if (pat[0] != '[' || pat[1] != ']') return 0;
      pat += 2;
      continue;
    }
    if (*pat == '.') pat++;
    while (pat[n] != '\0' && pat[n] != '.' && pat[n] != '[') n++;
    if (n == 0 || n != lv->key_len || memcmp(pat, s + lv->key, n) != 0) return 0;
    pat += n;
  }
  return *pat == '\0';
}

/* The dialects (bit k: dialect k) that stream the open string. */
static unsigned sd_streaming_dialects(const sd_open_string *o, const char *s) {
  unsigned k, mask = 0;
  for (k = 1; k < SSE_DELTA_DIALECT_COUNT; k++) {
    const char *const *pat = sd_dialects[k].streamed;
    for (; pat != NULL && *pat != NULL; pat++)
      if (sd_path_is(*pat, o, s)) mask |= 1u << k;
  }
  return mask;
}

SD_ASSERT(saved_bytes, sizeof(((sse_delta_parser *)0)->lg_saved_) == SD_LG_DEPTH + 1);

/* When the prefix ends inside a string some dialect streams: the mask of
   those dialects; the string closed where the prefix stops (`"` and the
   brackets, over the string's first bytes, which are kept in lg_saved_),
   lg_pos_ where its text begins. Kept out of line: its scan state is not
   on the stack while the mapping runs. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static unsigned sd_close_prefix(sse_delta_parser *p) {
  char *buf = sd_event_buf(p);
  sd_open_string o;
  unsigned mask, k;
  if (!sd_scan_prefix(buf, p->data_len_, &o) || o.start + 1 + o.depth > p->event_cap_) return 0;
  mask = sd_streaming_dialects(&o, buf);
  if (mask == 0) return 0;
  p->lg_pos_ = o.start;
  p->lg_depth_ = (uint8_t)o.depth;
  memcpy(p->lg_saved_, buf + o.start, o.depth + 1);
  buf[o.start] = '"';
  for (k = 0; k < o.depth; k++) buf[o.start + 1 + k] = o.lv[o.depth - 1 - k].is_array ? ']' : '}';
  return mask;
}

/* --- step 1: map the prefix, the string closed where it stands --- */

/* Called by the mapping for the prefix's open string: its pieces go here. */
static void sd_large_claim(sse_delta_parser *p, unsigned channel, uint32_t choice, uint32_t tool) {
  unsigned carry;
  p->lg_channel_ = (uint8_t)channel;
  p->lg_choice_ = choice;
  p->lg_tool_ = (uint16_t)tool;
  if (!sd_wants_text(p, channel)) return;
  carry = sd_take_carry(p, channel, choice, tool);
  if (carry != 0) {
    p->lg_high_ = (uint16_t)carry;
    p->lg_flags_ |= SD_LG_CARRIED;
  }
}

/* After a reconnect, from what precedes the string: whether the event is
   one the server sends again (1), or the one cut while its string streamed
   (its bytes already delivered are then skipped). Out of line, so that its
   locals are not on the stack below the prefix's mapping. */
SD_NOINLINE static int sd_large_replayed(sse_delta_parser *p, const sd_doc *d) {
  sd_stream_state *st = sd_usage(p);
  int64_t seq = 0;
  st->large_sent = st->large_skip = 0;
  st->large_seq = sd_doc_sequence(d, &seq) ? seq : -1;
  if ((p->resume_ & SD_RS_ON) && sd_replay_verdict(p, p->last_seq_ >= 0 && st->large_seq >= 0, seq))
    return 1;
  if (st->large_seq >= 0 && st->large_seq == st->cut_seq) {
    st->large_skip = st->cut_sent;
    st->cut_seq = -1;
  }
  return 0;
}

/* Returns 0, with nothing changed, when the event cannot stream; 2 when it
   is one a server sends again after a reconnect (skipped, not reported). The
   dialect must be known (detecting it here too would put a detection's
   frame under the mapping's, past the stack budget). */
SD_NOINLINE static int sd_large_begin(sse_delta_parser *p) {
  char *buf = sd_event_buf(p);
  unsigned mask;
  sse_delta_status err;
  sd_doc d;
  if (!sd_large_possible(p) || (mask = sd_close_prefix(p)) == 0) return 0;
  d.js = buf;
  d.t = sd_tokens(p);
  d.n = sd_tokenize(buf, p->lg_pos_ + 1u + p->lg_depth_, d.t, p->token_cap_, &err);
  if (d.n == 0 || d.t[d.n - 1].type != SD_STRING || d.t[d.n - 1].start != (int)p->lg_pos_ ||
      !(mask & (1u << p->dialect_))) {
    memcpy(buf + p->lg_pos_, p->lg_saved_, p->lg_depth_ + 1u);
    return 0;
  }
  if (sd_large_replayed(p, &d)) {
    memcpy(buf + p->lg_pos_, p->lg_saved_, p->lg_depth_ + 1u);
    return 2;
  }
  p->queue_len_ = p->queue_pos_ = 0;
  p->step_ = 0;
  p->lg_tok_ = (uint32_t)(d.n - 1);
  p->lg_state_ = LG_PREFIX;
  p->lg_channel_ = CH_NONE;
  sd_current(p)->map(p, &d, sd_type_buf(p), p->type_len_);
  memcpy(buf + p->lg_pos_, p->lg_saved_, p->lg_depth_ + 1u);
  /* the dialect's rules did not take the string (a field it needs comes
     after it): skipped, and said */
  if (p->lg_channel_ == CH_NONE) sd_report_error(p, SSE_DELTA_E_EVENT_TOO_LARGE);
  p->lg_state_ = LG_MAPPED;
  p->lg_end_ = p->data_len_;
  p->phase_ = PH_LARGE;
  return 1;
}

/* --- step 2: the skeleton --- */

/* n bytes from `from` to w, which never runs ahead of what it copies. */
static char *sd_put_text(char *w, const char *from, size_t n) {
  memmove(w, from, n);
  return w + n;
}

static char *sd_put_token(char *w, const sd_doc *d, int i) {
  int start = sd_text_start(&d->t[i]);
  return sd_put_text(w, d->js + start, (size_t)(sd_text_end(&d->t[i]) - start));
}

/* Written over the prefix from its start; returns its length. Kept out
   of line: its chain of tokens is not on the stack while pieces go out. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static uint32_t sd_large_skeleton(sse_delta_parser *p) {
  int chain[2 * SD_LG_DEPTH + 2], top = 0, c;
  char *w;
  sd_doc d;
  d.js = sd_event_buf(p);
  d.t = sd_tokens(p);
  d.n = (int)p->lg_tok_ + 1;
  /* from the string up: its key, the object, (the array,) the key... */
  for (c = (int)p->lg_tok_; c > 0 && top < (int)(sizeof chain / sizeof chain[0]) - 1; c = d.t[c].parent)
    chain[top++] = c;
  chain[top] = 0;
  w = d.js;
  for (c = top; c > 0;) {
    int box = chain[c], next = chain[c - 1], k, first = 1;
    if (d.t[box].type == SD_ARRAY) {
      *w++ = '[';
      for (k = box + 1; k < next; k = sd_skip(&d, k)) {
        *w++ = '0';
        *w++ = ',';
      }
      c -= 1;
      continue;
    }
    *w++ = '{';
    for (k = box + 1; k < next; k = sd_skip(&d, k + 1)) {
      if (d.t[k + 1].type != SD_PRIMITIVE && d.t[k + 1].type != SD_STRING) continue;
      if (!first) *w++ = ',';
      first = 0;
      w = sd_put_token(w, &d, k);
      *w++ = ':';
      w = sd_put_token(w, &d, k + 1);
    }
    if (!first) *w++ = ',';
    w = sd_put_token(w, &d, next);
    *w++ = ':';
    c -= 2;
  }
  *w++ = '"'; /* its closing quote comes once the pieces are delivered */
  return (uint32_t)(w - d.js);
}

/* --- step 3: the string, decoded piece by piece --- */

static unsigned sd_utf8_total(unsigned lead) { return lead >= 0xF0 ? 4u : lead >= 0xE0 ? 3u : 2u; }

/* Continuation bytes a lead byte asks for; 0: not a lead byte. */
static unsigned sd_utf8_need(unsigned c) {
  if (c >= 0xC2 && c <= 0xDF) return 1;
  if (c >= 0xE0 && c <= 0xEF) return 2;
  return c >= 0xF0 && c <= 0xF4 ? 3u : 0u;
}

/* The byte after a lead byte excludes overlong forms, surrogates and code
   points past U+10FFFF, as sd_utf8_sequence does. */
static int sd_utf8_continues(unsigned lead, unsigned left, unsigned c) {
  unsigned lo = 0x80, hi = 0xBF;
  if (left == sd_utf8_total(lead) - 1) {
    if (lead == 0xE0) lo = 0xA0;
    else if (lead == 0xED) hi = 0x9F;
    else if (lead == 0xF0) lo = 0x90;
    else if (lead == 0xF4) hi = 0x8F;
  }
  return c >= lo && c <= hi;
}

static char *sd_lg_out(const sse_delta_parser *p) { return sd_event_buf(p) + p->data_len_ + p->lg_piece_; }
static void sd_lg_put(sse_delta_parser *p, char c) { *sd_lg_out(p) = c, p->lg_piece_++; }
static void sd_lg_put_cp(sse_delta_parser *p, unsigned long cp) {
  p->lg_piece_ += (uint32_t)sd_put_utf8(sd_lg_out(p), cp);
}

static void sd_lg_flag(sse_delta_parser *p, unsigned f) {
  if ((f & SD_STR_LONE) && !(p->lg_flags_ & SD_LG_SAW_LONE)) p->lg_flags_ |= SD_LG_SAW_LONE | SD_STR_LONE;
  if ((f & SD_STR_BAD_UTF8) && !(p->lg_flags_ & SD_LG_SAW_BAD)) p->lg_flags_ |= SD_LG_SAW_BAD | SD_STR_BAD_UTF8;
  p->lg_flags_ |= (uint8_t)(f & SD_STR_CARRY_LONE);
}

/* A waiting high surrogate that is not followed by its low half. The
   last text's carry becomes the U+FFFD delivered before this piece (which
   holds nothing yet), as sd_report_text does. */
static void sd_lg_settle(sse_delta_parser *p) {
  if (p->lg_high_ == 0) return;
  if (p->lg_flags_ & SD_LG_CARRIED) {
    sd_lg_flag(p, SD_STR_CARRY_LONE | SD_STR_LONE);
  } else {
    sd_lg_put_cp(p, 0xFFFD);
    sd_lg_flag(p, SD_STR_LONE);
  }
  p->lg_high_ = 0;
  p->lg_flags_ &= (uint8_t)~SD_LG_CARRIED;
}

/* A \uXXXX escape's code unit. */
static void sd_lg_unit(sse_delta_parser *p, unsigned u) {
  if (p->lg_high_ != 0 && u >= 0xDC00 && u <= 0xDFFF) {
    sd_lg_put_cp(p, 0x10000 + ((unsigned long)(p->lg_high_ - 0xD800u) << 10) + (u - 0xDC00u));
    p->lg_high_ = 0;
    p->lg_flags_ &= (uint8_t)~SD_LG_CARRIED;
    return;
  }
  sd_lg_settle(p);
  if (u >= 0xD800 && u <= 0xDBFF) {
    p->lg_high_ = (uint16_t)u; /* its pair may come in the next feed */
  } else if (u >= 0xDC00 && u <= 0xDFFF) {
    sd_lg_put_cp(p, 0xFFFD);
    sd_lg_flag(p, SD_STR_LONE);
  } else {
    sd_lg_put_cp(p, u);
  }
}

/* The byte after a backslash, or the next hex digit of \uXXXX. A bad
   escape skips the rest of the event, reported at the end of the line. */
static void sd_lg_escape(sse_delta_parser *p, unsigned char c) {
  static const char from[] = "nrtbf\"\\/", to[] = "\n\r\t\b\f\"\\/";
  const char *hit;
  if (p->lg_esc_ >= 2) {
    int h = sd_hex((char)c);
    if (h < 0) {
      p->event_overflow_ = SD_OVER_BAD_ESCAPE;
      return;
    }
    p->lg_unit_ = (uint16_t)(p->lg_unit_ * 16 + (unsigned)h);
    if (++p->lg_esc_ == 6) {
      p->lg_esc_ = 0;
      sd_lg_unit(p, p->lg_unit_);
    }
    return;
  }
  if (c == 'u') {
    p->lg_esc_ = 2;
    p->lg_unit_ = 0;
    return;
  }
  hit = c != 0 ? (const char *)memchr(from, c, sizeof from - 1) : NULL;
  if (hit == NULL) {
    p->event_overflow_ = SD_OVER_BAD_ESCAPE;
    return;
  }
  p->lg_esc_ = 0;
  sd_lg_settle(p);
  sd_lg_put(p, to[hit - from]);
}

/* One byte of the string's JSON text; 1 at its closing quote. Invalid
   UTF-8 passes through, flagged, as in sd_decode. */
static int sd_lg_byte(sse_delta_parser *p, unsigned char c) {
  if (p->lg_utf8_left_ != 0) {
    if (sd_utf8_continues(p->lg_utf8_lead_, p->lg_utf8_left_, c)) {
      sd_lg_put(p, (char)c);
      p->lg_utf8_left_--;
      return 0;
    }
    p->lg_utf8_left_ = 0;
    sd_lg_flag(p, SD_STR_BAD_UTF8);
  }
  if (p->lg_esc_ != 0) {
    sd_lg_escape(p, c);
    return 0;
  }
  if (c == '\\') {
    p->lg_esc_ = 1;
    return 0;
  }
  if (c == '"') return 1;
  sd_lg_settle(p);
  if (c >= 0x80) {
    p->lg_utf8_left_ = (uint8_t)sd_utf8_need(c);
    p->lg_utf8_lead_ = c;
    if (p->lg_utf8_left_ == 0) sd_lg_flag(p, SD_STR_BAD_UTF8);
  }
  sd_lg_put(p, (char)c);
  return 0;
}

/* A piece is delivered: its room is free. The start of a UTF-8 character
   held back moves to the front; after the string, its closing quote goes
   where the pieces were, and the rest of the event follows it. */
static void sd_large_delivered(sse_delta_parser *p) {
  char *piece = sd_event_buf(p) + p->data_len_;
  memmove(piece, piece + p->lg_piece_ - p->lg_hold_, p->lg_hold_);
  p->lg_piece_ = p->lg_hold_;
  p->lg_hold_ = 0;
  if (p->lg_state_ == LG_CLOSING) {
    piece[0] = '"';
    p->data_len_++;
    p->lg_piece_ = 0;
    p->lg_state_ = LG_TAIL;
  }
}

/* Deliver the decoded piece (through the queue, so a pause resumes inside
   it), all but an unfinished UTF-8 character. */
static int sd_large_flush(sse_delta_parser *p) {
  unsigned flags = p->lg_flags_ & SD_LG_PIECE_FLAGS, channel = p->lg_channel_;
  uint32_t hold = p->lg_utf8_left_ ? sd_utf8_total(p->lg_utf8_lead_) - p->lg_utf8_left_ : 0;
  uint32_t len = p->lg_piece_ - hold, skip;
  sd_stream_state *st = sd_usage(p);
  p->lg_flags_ &= (uint8_t)~SD_LG_PIECE_FLAGS;
  /* what the connection before a reconnect delivered of this string */
  st->large_sent += len;
  skip = st->large_skip < len ? (uint32_t)st->large_skip : len;
  st->large_skip -= skip;
  p->queue_len_ = p->queue_pos_ = 0;
  p->step_ = 0;
  if (!sd_wants_text(p, channel)) {
    hold = p->lg_piece_ = 0; /* nobody takes it: dropped */
  } else if (len > skip || (flags != 0 && skip == 0)) { /* a piece skipped whole had its reports */
    sd_record *r;
    sd_saw_string_errors(p, flags);
    if (p->cb_.on_error == NULL) flags &= SD_STR_CARRY_LONE;
    r = sd_push(p, R_TEXT, channel | (flags << SD_AUX_SHIFT), p->lg_choice_);
    r->tool = p->lg_tool_;
    r->off = p->data_len_ + skip;
    r->len = len - skip;
    if (channel == CH_ARGUMENTS) {
      sd_slot *s = sd_call_of(p, p->lg_choice_, p->lg_tool_);
      if (s != NULL) sd_check_json(&s->args, sd_event_buf(p) + r->off, r->len);
    }
  }
  p->lg_hold_ = (uint8_t)hold;
  p->phase_ = PH_LARGE;
  if (sd_deliver_queue(p) == SD_STOP) return SD_STOP;
  p->phase_ = PH_IDLE;
  sd_large_delivered(p);
  return SD_GO;
}

/* The closing quote: a high surrogate ending the string waits for the
   next text of its channel, as after a string that fits. */
static void sd_large_string_ended(sse_delta_parser *p) {
  if (p->lg_high_ != 0 && sd_wants_text(p, p->lg_channel_))
    sd_keep_pending(p, p->lg_high_, p->lg_channel_, p->lg_choice_, p->lg_tool_);
  p->lg_high_ = 0;
  p->lg_state_ = LG_CLOSING;
}

/* String bytes s[0..n): SD_STOP when a piece's callback paused, *used
   then the bytes taken. Stops after the closing quote. With `flush`, what
   was decoded is delivered before returning. */
static int sd_large_string(sse_delta_parser *p, const char *s, size_t n, size_t *used, int flush) {
  size_t i = 0;
  *used = n;
  while (i < n && !p->event_overflow_) {
    if (p->event_cap_ - p->data_len_ - p->lg_piece_ < SD_LG_STEP && sd_large_flush(p) == SD_STOP) {
      *used = i;
      return SD_STOP;
    }
    if (sd_lg_byte(p, (unsigned char)s[i++])) {
      sd_large_string_ended(p);
      *used = i;
      return sd_large_flush(p);
    }
  }
  if (flush && !p->event_overflow_ && (p->lg_piece_ > 0 || (p->lg_flags_ & SD_LG_PIECE_FLAGS)))
    return sd_large_flush(p);
  return SD_GO;
}

/* --- step 4: the rest of the event, after the skeleton --- */

static void sd_large_tail(sse_delta_parser *p, const char *s, size_t n) {
  if (n > p->event_cap_ - p->data_len_) {
    p->event_overflow_ = SD_OVER_REPORT;
    return;
  }
  memcpy(sd_event_buf(p) + p->data_len_, s, n);
  p->data_len_ += (uint32_t)n;
}

/* Data bytes of the event, wherever it stands. Out of line: inlined into
   sd_large_data, its frame would sit below the prefix's mapping (make size). */
SD_NOINLINE static int sd_large_bytes(sse_delta_parser *p, const char *s, size_t n, size_t *used, int flush) {
  size_t k = 0;
  *used = n;
  if (p->lg_state_ == LG_STRING && sd_large_string(p, s, n, &k, flush) == SD_STOP) {
    *used = k;
    return SD_STOP;
  }
  if (p->lg_state_ == LG_TAIL && !p->event_overflow_) sd_large_tail(p, s + k, n - k);
  return SD_GO;
}

/* The work a pause interrupted: the rest of the queue, the skeleton, the
   string bytes still in the prefix. Also how feed() resumes (sd_dispatch). */
static int sd_large_broken(sse_delta_parser *p);

static int sd_large_continue(sse_delta_parser *p) {
  if (p->phase_ == PH_LARGE) {
    if (sd_deliver_queue(p) == SD_STOP) return SD_STOP;
    p->phase_ = PH_IDLE;
    sd_large_delivered(p);
  }
  if (p->lg_state_ == LG_BROKEN) return sd_large_broken(p);
  if (p->event_overflow_) return SD_GO;
  if (p->lg_state_ == LG_MAPPED) {
    p->data_len_ = sd_large_skeleton(p);
    p->lg_piece_ = 0;
    p->lg_state_ = LG_STRING;
    /* A string that starts in the buffer's last SD_LG_ROOM bytes leaves
       too little room after the skeleton for a piece: the event is too
       large after all. */
    if (p->event_cap_ - p->data_len_ < SD_LG_ROOM) {
      p->event_overflow_ = SD_OVER_REPORT;
      return SD_GO;
    }
  }
  if (p->lg_state_ == LG_STRING && p->lg_pos_ < p->lg_end_) {
    size_t taken;
    int rc = sd_large_string(p, sd_event_buf(p) + p->lg_pos_, p->lg_end_ - p->lg_pos_, &taken, 1);
    p->lg_pos_ += (uint32_t)taken;
    if (rc == SD_STOP) return SD_STOP;
    p->lg_pos_ = p->lg_end_;
  }
  while (p->lg_newline_ > 0 && p->lg_state_ != LG_NONE) { /* "\n"s between data lines */
    size_t took = 1; /* sd_large_bytes' work, one call less deep */
    if (p->lg_state_ == LG_STRING && sd_large_string(p, "\n", 1, &took, 0) == SD_STOP) {
      p->lg_newline_ = (uint8_t)(p->lg_newline_ - took);
      return SD_STOP;
    }
    if (p->lg_state_ == LG_TAIL && !p->event_overflow_) sd_large_tail(p, "\n", 1);
    p->lg_newline_--;
  }
  return SD_GO;
}

/* Data of an event that does not fit, or no longer fits, the buffer.
   Kept out of line, so the framer's frame does not grow with it. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int sd_large_data(sse_delta_parser *p, const char *s, size_t n, size_t *used) {
  size_t took = 0;
  int rc;
  *used = n;
  if (p->event_overflow_) {
    p->lg_newline_ = 0;
    return SD_GO;
  }
  if (p->lg_state_ == LG_NONE) {
    /* the buffer is filled first: the more of the prefix, the more of
       what precedes the string is known */
    if (!p->lg_newline_) {
      took = p->event_cap_ - p->data_len_;
      if (took > n) took = n;
      memcpy(sd_event_buf(p) + p->data_len_, s, took);
      p->data_len_ += (uint32_t)took;
    }
    int begun = sd_large_begin(p);
    if (begun != 1) { /* skipped: reported, or (2) replayed after a reconnect */
      p->lg_newline_ = 0;
      p->event_overflow_ = begun == 0 ? SD_OVER_REPORT : SD_OVER_REPORTED;
      return SD_GO;
    }
  }
  *used = took;
  if (sd_large_continue(p) == SD_STOP) return SD_STOP; /* with the waiting "\n"s */
  rc = sd_large_bytes(p, s + took, n - took, used, 0); /* pieces end where the buffer fills, not where a feed does */
  *used += took;
  return rc;
}

/* The blank line: the skeleton and the rest make the payload mapped now;
   a string still open is not JSON. */
static int sd_large_broken(sse_delta_parser *p) {
  sd_clear_event(p);
  return sd_call_error(p, SSE_DELTA_E_JSON_SYNTAX, NULL, 0);
}

static int sd_large_end_event(sse_delta_parser *p) {
  if (p->lg_state_ == LG_TAIL) return sd_dispatch(p);
  if (p->lg_state_ == LG_STRING && !p->event_overflow_) {
    /* what was decoded of the string still goes out, before the error */
    p->lg_state_ = LG_BROKEN;
    if (sd_large_flush(p) == SD_STOP) return SD_STOP;
  }
  return sd_large_broken(p);
}

/* ---- 10. public API -------------------------------------------------- */

/* Everything about the stream back to its start; configuration kept. */
static void sd_clear_stream(sse_delta_parser *p) {
  sd_stream_state *u;
  int f;
  memset(&p->line_state_, 0, sizeof *p - offsetof(sse_delta_parser, line_state_));
  p->dialect_ = p->forced_;
  p->retry_ = -1;
  p->last_seq_ = -1;
  u = sd_usage(p);
  for (f = 0; f < U_FIELDS; f++) u->kept[f] = SSE_DELTA_ABSENT;
  memset(u->quirks, 0, sizeof u->quirks);
  u->usage_reports = 0;
  u->large_seq = u->cut_seq = -1;
  memset(sd_choices(p), 0, (size_t)p->choice_cap_ * sizeof(sd_choice));
}

sse_delta_status sse_delta_init(sse_delta_parser *p, void *workspace, size_t workspace_size,
                                const sse_delta_callbacks *callbacks, void *user,
                                const sse_delta_options *options) {
  const sse_delta_callbacks *c = callbacks;
  sd_limits l;
  if (p == NULL || workspace == NULL || c == NULL || !sd_resolve_limits(options, &l) ||
      workspace_size < sd_workspace_bytes(&l) ||
      (options && (unsigned)options->dialect >= (unsigned)SSE_DELTA_DIALECT_COUNT))
    return SSE_DELTA_E_MISUSE;
  p->cb_ = *c;
  p->user_ = user;
  p->ws_ = (unsigned char *)workspace +
           (SD_ALIGN - (uintptr_t)workspace % SD_ALIGN) % SD_ALIGN;
  p->event_cap_ = l.event;
  p->token_cap_ = l.tokens;
  p->tool_cap_ = (uint16_t)l.tools;
  p->field_cap_ = (uint16_t)l.field;
  p->choice_cap_ = (uint16_t)l.choices;
  sd_place_regions(p);
  p->forced_ = (uint8_t)(options ? options->dialect : SSE_DELTA_DIALECT_AUTO);
  p->llm_ = 0;
  if (c->on_content || c->on_reasoning || c->on_tool_call_start || c->on_tool_call_arguments ||
      c->on_tool_call_field || c->on_finish || c->on_usage || c->on_done) {
    p->llm_ = 1;
    if (c->on_tool_call_start || c->on_tool_call_arguments || c->on_tool_call_field ||
        c->on_finish || c->on_error)
      p->llm_ |= SD_TRACK_TOOLS;
    if (c->on_usage) p->llm_ |= SD_READ_USAGE;
  }
  sd_clear_stream(p);
  return SSE_DELTA_OK;
}

/* What a reconnect forgets of the lost connection beyond its partial
   line: the body's kind, the event being framed (an event over the buffer
   cut while its string streamed is remembered, to be skipped when it comes
   again, until it does), and where resuming starts. */
static void sd_forget_connection(sse_delta_parser *p) {
  p->body_ = SD_BODY_UNDECIDED;
  p->body_depth_ = 0;
  p->body_scan_ = 0;
  if (p->lg_state_ != 0) { /* bytes seen of its string: sent now, or before and skipped */
    sd_usage(p)->cut_seq = sd_usage(p)->large_seq;
    sd_usage(p)->cut_sent = sd_usage(p)->large_sent + sd_usage(p)->large_skip;
  }
  sd_clear_event(p);
  sd_start_resuming(p);
}

/* The rest of an event a pause stopped (feed() and end() call this first),
   then what a reconnect during the pause put off. */
static int sd_finish_paused(sse_delta_parser *p) {
  if (p->phase_ != PH_IDLE && sd_dispatch(p) == SD_STOP) return SD_STOP;
  if (p->resume_ & SD_RS_DEFERRED) sd_forget_connection(p);
  return SD_GO;
}

/* The bytes of a feed: a BOM, then SSE or a JSON body (section 4b). */
static int sd_feed_bytes(sse_delta_parser *p, const char *s, size_t n, size_t *used) {
  size_t i = sd_skip_bom(p, (const unsigned char *)s, n);
  if (p->body_ < SD_BODY_SSE && p->llm_) i += sd_sniff_body(p, s + i, n - i); /* a framer only frames */
  if (p->body_ == SD_BODY_JSON) return sd_body_bytes(p, s, i, n, used);
  return sd_frame_bytes(p, s, i, n, used);
}

sse_delta_status sse_delta_feed(sse_delta_parser *p, const void *data, size_t len,
                                size_t *consumed) {
  size_t used = 0;
  if (consumed) *consumed = 0;
  if (p == NULL || (data == NULL && len > 0) || p->in_callback_ || (p->flags_ & SSE_DELTA_ENDED))
    return SSE_DELTA_E_MISUSE;
  if (sd_finish_paused(p) == SD_STOP) return SSE_DELTA_PAUSED;
  if (len == 0) return SSE_DELTA_OK;
  if (sd_feed_bytes(p, (const char *)data, len, &used) == SD_STOP) {
    if (consumed) *consumed = used;
    return SSE_DELTA_PAUSED;
  }
  if (consumed) *consumed = len;
  return SSE_DELTA_OK;
}

static void sd_fill_report(const sse_delta_parser *p, sse_delta_report *r) {
  uint32_t k;
  r->end_marker = (p->flags_ & SSE_DELTA_SAW_DONE) != 0;
  r->finished = (p->flags_ & SSE_DELTA_SAW_FINISH) != 0;
  r->finish = (sse_delta_finish)p->last_finish_;
  r->unterminated_event = (p->flags_ & SSE_DELTA_SAW_TRUNCATED) != 0;
  r->errors = p->error_count_;
  r->first_error = p->error_count_ ? (sse_delta_status)p->first_error_ : SSE_DELTA_OK;
  r->last_error = p->error_count_ ? (sse_delta_status)p->last_error_ : SSE_DELTA_OK;
  r->provider_error = p->failed_;
  r->tool_calls = p->tool_count_;
  r->arguments_checked = sd_wants_text(p, CH_ARGUMENTS);
  r->incomplete_calls = 0;
  for (k = 0; r->arguments_checked && k < p->tool_count_; k++)
    r->incomplete_calls += !sd_json_complete(&sd_slot_at(p, k)->args);
}

sse_delta_verdict sse_delta_verdict_of(const sse_delta_report *r) {
  if (r == NULL) return SSE_DELTA_TRUNCATED;
  if (r->provider_error) return SSE_DELTA_FAILED;
  if (!r->finished || r->unterminated_event || r->incomplete_calls > 0) return SSE_DELTA_TRUNCATED;
  return SSE_DELTA_COMPLETE;
}

const char *sse_delta_verdict_name(sse_delta_verdict v) {
  switch (v) {
  case SSE_DELTA_COMPLETE: return "complete";
  case SSE_DELTA_FAILED: return "failed";
  default: return "truncated";
  }
}

int sse_delta_tool_call_complete(const sse_delta_parser *p, uint32_t choice, uint32_t tool) {
  const sd_slot *s;
  if (p == NULL || !sd_wants_text(p, CH_ARGUMENTS)) return -1;
  s = sd_call_of(p, choice, tool);
  return s != NULL ? sd_json_complete(&s->args) : -1;
}

sse_delta_status sse_delta_end(sse_delta_parser *p, sse_delta_report *report) {
  sse_delta_status result = SSE_DELTA_OK;
  if (p == NULL || p->in_callback_ || (p->flags_ & SSE_DELTA_ENDED)) return SSE_DELTA_E_MISUSE;
  p->ending_ = 1;
  (void)sd_finish_paused(p);
  if (p->data_seen_ || (p->line_used_ && p->line_state_ != LS_SKIP) || (p->bom_state_ > 0 && p->bom_state_ < 3)) {
    p->flags_ |= SSE_DELTA_SAW_TRUNCATED;
    result = SSE_DELTA_E_TRUNCATED_EVENT;
  }
  if (p->llm_) {
    p->queue_len_ = p->queue_pos_ = 0;
    p->step_ = 0;
    sd_start_waiting(p, 1, 0);
    sd_flush_pending(p);
    (void)sd_deliver_queue(p);
    if (result == SSE_DELTA_OK && !(p->flags_ & SSE_DELTA_SAW_DONE)) result = SSE_DELTA_E_NO_END_MARKER;
  }
  p->ending_ = 0;
  p->flags_ |= SSE_DELTA_ENDED;
  if (report != NULL) sd_fill_report(p, report);
  return result;
}

sse_delta_status sse_delta_reconnect(sse_delta_parser *p) {
  if (p == NULL || p->in_callback_ || (p->flags_ & SSE_DELTA_ENDED)) return SSE_DELTA_E_MISUSE;
  p->line_state_ = LS_START;
  p->line_used_ = 0;
  p->after_cr_ = 0;
  p->field_ = F_UNKNOWN;
  p->bom_state_ = 0;
  /* An event paused in delivery still gets what the old connection's bytes
     gave it (the mapping of a JSON body needs its kind, an event over the
     buffer the pieces of the bytes already used): the rest waits for it. */
  if (p->phase_ == PH_IDLE)
    sd_forget_connection(p);
  else
    p->resume_ |= SD_RS_DEFERRED;
  return SSE_DELTA_OK;
}

int64_t sse_delta_last_sequence(const sse_delta_parser *p) { return p ? p->last_seq_ : -1; }

void sse_delta_get_quirks(const sse_delta_parser *p, sse_delta_quirks *q) {
  if (q == NULL) return;
  memset(q, 0, sizeof *q);
  if (p == NULL) return;
#define SD_XX_COPY(name, desc) q->name = sd_usage(p)->quirks[SD_Q_##name];
  SSE_DELTA_QUIRK_MAP(SD_XX_COPY)
#undef SD_XX_COPY
}

void sse_delta_reset(sse_delta_parser *p) {
  if (p == NULL || p->in_callback_) return;
  sd_clear_stream(p);
}

const char *sse_delta_last_event_id(const sse_delta_parser *p, size_t *len) {
  if (p == NULL) {
    if (len) *len = 0;
    return "";
  }
  if (len) *len = p->id_len_[p->id_last_];
  return sd_id_buf(p, p->id_last_);
}

int64_t sse_delta_retry(const sse_delta_parser *p) { return p ? p->retry_ : -1; }

sse_delta_dialect sse_delta_get_dialect(const sse_delta_parser *p) {
  return p ? (sse_delta_dialect)p->dialect_ : SSE_DELTA_DIALECT_AUTO;
}

uint32_t sse_delta_flags(const sse_delta_parser *p) { return p ? p->flags_ : 0; }

/* ---- the private names go, jsmn's macros come back as they were ----- */
#undef jsmntype_t
#undef jsmnerr
#undef jsmntok_t
#undef jsmntok
#undef jsmn_parser
#undef jsmn_init
#undef jsmn_parse
#undef jsmn_alloc_token
#undef jsmn_fill_token
#undef jsmn_parse_primitive
#undef jsmn_parse_string
#undef JSMN_UNDEFINED
#undef JSMN_OBJECT
#undef JSMN_ARRAY
#undef JSMN_STRING
#undef JSMN_PRIMITIVE
#undef JSMN_ERROR_NOMEM
#undef JSMN_ERROR_INVAL
#undef JSMN_ERROR_PART
#undef JSMN_API
#ifndef SD_USER_JSMN_H
#undef JSMN_H
#endif
#ifdef SD_USER_JSMN_HEADER
#define JSMN_HEADER
#endif
#ifndef SD_USER_JSMN_STATIC
#undef JSMN_STATIC
#endif
#ifndef SD_USER_JSMN_STRICT
#undef JSMN_STRICT
#endif
#ifndef SD_USER_JSMN_PARENT_LINKS
#undef JSMN_PARENT_LINKS
#endif
#undef SD_USER_JSMN_H
#undef SD_USER_JSMN_HEADER
#undef SD_USER_JSMN_STATIC
#undef SD_USER_JSMN_STRICT
#undef SD_USER_JSMN_PARENT_LINKS
#undef SD_UNDEF
#undef SD_OBJECT
#undef SD_ARRAY
#undef SD_STRING
#undef SD_PRIMITIVE
#undef SD_STOP
#undef SD_GO
#undef SD_ASSERT
#undef SD_NOINLINE
#undef SD_SLOT_KEY
#undef SD_SLOT_ALT_KEY
#undef SD_SLOT_STARTED
#undef SD_SLOT_HAS_ARGS
#undef SD_ALIGN
#undef SD_SPARE_RECORDS
#undef SD_HASH_SEED
#undef SD_VF_TOO_LONG
#undef SD_VF_HAS_NUL
#undef SD_VF_NOT_DIGITS
#undef SD_VF_OVERFLOW
#undef SD_UNSEARCHED
#undef SD_KEY
#undef SD_FOR_EACH
#undef SD_STR_LONE
#undef SD_STR_BAD_UTF8
#undef SD_STR_CARRY_LONE
#undef SD_AUX_SHIFT
#undef SD_AUX_CHANNEL
#undef SD_RAW_NULL
#undef SD_RAW_INCOMPLETE
#undef SD_CALL
#undef SD_DONE_PAYLOAD
#undef SD_COUNTS_AFTER_DONE
#undef SD_STOP_AFTER_CALLS
#undef SD_TRACK_TOOLS
#undef SD_READ_USAGE
#undef SD_RS_ON
#undef SD_RS_ID
#undef SD_RS_ID_NUM
#undef SD_RS_FROM_START
#undef SD_RS_LAST_SEEN
#undef SD_RS_FIRST_ID
#undef SD_BS_STRING
#undef SD_BS_ESCAPE
#undef SD_BS_JUNK
#undef SD_FIELDS_MAX_DEPTH
#undef SD_OVER_REPORT
#undef SD_OVER_REPORTED
#undef SD_OVER_BAD_ESCAPE
#undef SD_LG_PREFIX
#undef SD_LG_PIECE_FLAGS
#undef SD_LG_CARRIED
#undef SD_LG_SAW_LONE
#undef SD_LG_SAW_BAD
#undef SD_LG_DEPTH
#undef SD_LG_ROOM
#undef SD_LG_STEP

#endif /* SSE_DELTA_IMPLEMENTATION */
