/*
 * sse_delta.h - turn the bytes of an LLM streaming response into typed events.
 *
 * A push parser with no allocator, no stdio and no global state. You hand it
 * byte slices of any size as they arrive from the network; it frames
 * Server-Sent Events (WHATWG HTML "server-sent events"), tokenizes each JSON
 * payload with jsmn into memory you provide, maps the fields of the detected
 * API dialect and calls your callbacks:
 *
 *     bytes -> SSE framer -> event payload -> JSON tokens
 *           -> dialect field mapping -> typed callbacks
 *
 * Dialects: OpenAI Chat Completions (and every OpenAI-compatible server),
 * Anthropic Messages, the OpenAI Responses API, and Gemini
 * streamGenerateContent?alt=sse. The framing layer is usable on its own for
 * any SSE stream (see on_event).
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
 *     sse_delta_end(&p);
 *
 * ------------------------------------------------------------------------
 * Memory and ownership
 *
 * - The caller owns every byte: the sse_delta_parser struct (its size is known
 *   at compile time; treat its members as private) and one workspace, a byte
 *   array of at least sse_delta_workspace_size() bytes that holds the event
 *   buffer, the JSON token array and the tool-call table. Nothing grows after
 *   sse_delta_init(); the workspace need not be aligned.
 * - The parser never keeps a pointer to the bytes you feed: sse_delta_feed()
 *   copies what it needs, so your receive buffer is yours again on return.
 * - Every pointer a callback receives points into the workspace, into the
 *   sse_delta_parser itself (on_event's type and id, on_tool_call_start's
 *   id and name) or into constant data, and is valid only during that
 *   call. Copy what you keep.
 *   Slices are (pointer, length) pairs and are NOT NUL-terminated; a string
 *   may contain NUL bytes when the provider sent "\u0000".
 * - Strings are delivered JSON-unescaped as UTF-8: \uXXXX escapes and
 *   surrogate pairs are decoded, and a pair split over two consecutive
 *   deltas of the same stream of text is joined into one character.
 *   A lone surrogate is replaced by U+FFFD (EF BF BD) and reported as
 *   SSE_DELTA_E_LONE_SURROGATE. Invalid UTF-8 inside a JSON string the
 *   library decodes for you is reported as SSE_DELTA_E_BAD_UTF8 and passed
 *   through UNCHANGED; the framing layer (on_event's type, data and id)
 *   passes bytes on without looking at their encoding.
 *
 * Threads and reentrancy: no global mutable state; any number of parsers may
 * run at once, each used by one thread at a time. Calling sse_delta_feed()
 * or sse_delta_end() from inside a callback of the same parser is refused
 * with SSE_DELTA_E_MISUSE; sse_delta_reset() from inside a callback does
 * nothing (return non-zero to pause, then reset).
 *
 * ------------------------------------------------------------------------
 * Pausing (as in http-parser)
 *
 * Every callback returns int. Zero means go on. Non-zero asks the parser to
 * stop right after that callback: sse_delta_feed() returns SSE_DELTA_PAUSED
 * and stores in *consumed how many of the given bytes it used. To resume,
 * call sse_delta_feed() again with the bytes it did not consume (or with
 * len 0 to just deliver the rest of the interrupted event); the callbacks go
 * on exactly where they stopped, none repeated, none lost. sse_delta_reset()
 * abandons the stream instead. During sse_delta_end() a non-zero return is
 * ignored: the connection is gone and everything left is delivered.
 *
 * ------------------------------------------------------------------------
 * What each dialect delivers (the full rules: SPEC.md section 4)
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
 * - Finish: the provider's word per choice (words are remembered for the
 *   first SSE_DELTA_CHOICES_TRACKED choices; beyond, every report fires). A
 *   "stop" after a tool call is reported as TOOL_CALLS except in anthropic,
 *   whose words already tell the two apart. An anthropic `error` event
 *   reports FINISH_ERROR with raw NULL.
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
 * - JSON is checked by jsmn's strict mode, plus: one value filling the whole
 *   payload, an object at the top, numbers of the JSON grammar where a
 *   number is read. jsmn lets a few malformed texts through (a trailing
 *   comma, for one); those are mapped as far as they make sense.
 * - A field of the wrong JSON type counts as absent. Object keys are matched
 *   as raw text (an escaped key does not match); a repeated key: last wins.
 *
 * Framing only: when none of on_content, on_reasoning, on_tool_call_start,
 * on_tool_call_arguments, on_finish, on_usage and on_done is set, the parser
 * is a plain SSE framer: payloads are not parsed as JSON, and end() does not
 * ask for an end marker. Set on_event (and on_retry, on_error) alone for
 * non-LLM event streams.
 *
 * Integration: add sse_delta.c to your build, with jsmn.h (Debian package
 * libjsmn-dev, or the jsmn project) on the include path. jsmn is compiled
 * into sse_delta.c as private static functions: it needs no configuration
 * from you and does not clash with your own copy of jsmn.
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

#define SSE_DELTA_VERSION "0.1.0"

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
 */
#define SSE_DELTA_STATUS_MAP(XX)                                               \
  XX(OK, "success")                                                            \
  XX(PAUSED, "a callback returned non-zero; feed the unconsumed bytes to resume") \
  XX(E_MISUSE, "invalid call: NULL argument, workspace too small, feed after end, or call from inside a callback") \
  XX(E_EVENT_TOO_LARGE, "an event's data exceeded the event buffer; the event was skipped") \
  XX(E_FIELD_TOO_LONG, "an event type, event id or tool id/name exceeded its fixed storage") \
  XX(E_TOO_MANY_TOKENS, "a JSON payload had more tokens than the token array holds; the event was skipped") \
  XX(E_JSON_SYNTAX, "a data payload is not valid JSON; the event was skipped") \
  XX(E_JSON_SHAPE, "a data payload is valid JSON but not the shape the dialect expects; the event was skipped") \
  XX(E_BAD_ESCAPE, "a JSON string holds an invalid escape sequence; the event was skipped") \
  XX(E_LONE_SURROGATE, "a JSON string holds a lone UTF-16 surrogate; it was replaced by U+FFFD") \
  XX(E_BAD_UTF8, "a string is not valid UTF-8; its bytes were passed through unchanged") \
  XX(E_TOOL_LIMIT, "more tool calls than the tool-call table holds; the extra call was dropped") \
  XX(E_NUMBER_OVERFLOW, "a number does not fit in 64 bits; the field was treated as absent") \
  XX(E_PROVIDER, "the provider sent an error payload or error event; the message is its text") \
  XX(E_AFTER_DONE, "an event arrived after the dialect's end marker; it was ignored") \
  XX(E_TRUNCATED_EVENT, "the stream ended inside an event; the partial event was not dispatched") \
  XX(E_NO_END_MARKER, "the stream ended without the dialect's end marker")

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

/* ======================================================================== */
/* Callbacks                                                                 */
/* ======================================================================== */

/*
 * Set the callbacks you need and leave the rest NULL: a NULL callback is
 * skipped, and the strings only it would receive are never decoded.
 * Every callback gets the user pointer given to sse_delta_init() and returns
 * 0 to go on, non-zero to pause (see "Pausing" above).
 *
 * `choice` is the choice (openai-chat) or candidate (gemini) index the
 * provider gave; always 0 for anthropic and openai-responses.
 *
 * `tool` is the library's own ordinal of a tool call within its choice:
 * 0, 1, 2... in order of first appearance, whatever index, id or position
 * the provider used to tell calls apart (see the dialect rules in SPEC.md).
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
     is cut to SSE_DELTA_TOOL_ID_MAX bytes and the name to
     SSE_DELTA_TOOL_NAME_MAX (reported as SSE_DELTA_E_FIELD_TOO_LONG, and
     possibly inside a UTF-8 character). */
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
     SSE_DELTA_CHOICES_TRACKED choices; later choices report every word). `raw` is the provider's word; it is NULL with
     length 0 when the reason comes from an error event that carries none. */
  int (*on_finish)(void *user, uint32_t choice, sse_delta_finish reason,
                   const char *raw, size_t raw_len);
  /* Usage, each time the stream reports counts. The last call holds the
     final numbers. */
  int (*on_usage)(void *user, const sse_delta_usage *usage);
  /* An error: bad input (the library's codes) or the provider's own error
     (SSE_DELTA_E_PROVIDER, with the provider's message; for library codes
     message is NULL with length 0). Setting on_error alone does not turn
     the LLM layer on (see "Framing only"): then only framing errors come. */
  int (*on_error)(void *user, sse_delta_status code, const char *message,
                  size_t message_len);
  /* The dialect's end-of-stream marker: [DONE], message_stop,
     response.completed / .incomplete / .failed, or (gemini) the payload
     carrying candidate 0's finishReason. Fires once per stream. */
  int (*on_done)(void *user);
} sse_delta_callbacks;

/* ======================================================================== */
/* Options and workspace                                                     */
/* ======================================================================== */

/* Defaults, chosen to fit every stream of the recorded corpus with room to
   spare (largest event seen: 36 KB; most tokens in one payload: 254; most
   tool calls in one stream: 2). */
#define SSE_DELTA_DEFAULT_EVENT_BYTES 65536u
#define SSE_DELTA_DEFAULT_MAX_TOKENS 1024u
#define SSE_DELTA_DEFAULT_MAX_TOOL_CALLS 16u

/* Fixed storage inside the parser and each tool-call slot. */
#define SSE_DELTA_EVENT_TYPE_MAX 64u /* longer event types are truncated */
#define SSE_DELTA_EVENT_ID_MAX 128u  /* longer ids are ignored */
#define SSE_DELTA_TOOL_ID_MAX 96u    /* ids kept for matching/late start */
#define SSE_DELTA_TOOL_NAME_MAX 64u
#define SSE_DELTA_CHOICES_TRACKED 8u /* choices whose finish word is remembered */

/* Bytes of one JSON token and one tool-call slot in the workspace. */
#define SSE_DELTA_TOKEN_BYTES 20u
#define SSE_DELTA_TOOL_SLOT_BYTES 216u
#define SSE_DELTA_WORKSPACE_ALIGN 16u

/* Workspace bytes for a largest event of `event_bytes`, `tokens` JSON tokens
   per payload and `tool_calls` tool calls per stream. */
#define SSE_DELTA_WORKSPACE_SIZE(event_bytes, tokens, tool_calls)             \
  ((size_t)(event_bytes) + (size_t)(tokens) * SSE_DELTA_TOKEN_BYTES +         \
   (size_t)(tool_calls) * SSE_DELTA_TOOL_SLOT_BYTES + SSE_DELTA_WORKSPACE_ALIGN)

#define SSE_DELTA_DEFAULT_WORKSPACE_SIZE                                       \
  SSE_DELTA_WORKSPACE_SIZE(SSE_DELTA_DEFAULT_EVENT_BYTES,                      \
                           SSE_DELTA_DEFAULT_MAX_TOKENS,                       \
                           SSE_DELTA_DEFAULT_MAX_TOOL_CALLS)

typedef struct sse_delta_options {
  /* Largest event data, in bytes (data lines joined). 0: the default. At
     most 2^31 - 1, and a quarter of SIZE_MAX. */
  uint32_t max_event_bytes;
  /* Largest number of JSON tokens in one payload. 0: the default. At most
     2^31 - 1, and such that tokens * SSE_DELTA_TOKEN_BYTES stays below a
     quarter of SIZE_MAX (on a 32-bit target: 53,687,091). */
  uint32_t max_tokens;
  /* Tool calls remembered per stream (all choices). 0: the default. The
     provider's own index is a key of any value; what is limited is the
     number of calls. A call beyond the limit is dropped and each of its
     fragments reported as SSE_DELTA_E_TOOL_LIMIT, so the `tool` number of
     a callback is always below max_tool_calls. */
  uint32_t max_tool_calls;
  /* Force a dialect instead of detecting it from the first decisive
     payload. SSE_DELTA_DIALECT_AUTO (0): detect. */
  sse_delta_dialect dialect;
} sse_delta_options;

/* Workspace bytes the options need (NULL: the defaults); 0 when a limit
   is beyond the maxima above (sse_delta_init() refuses such options).
   SSE_DELTA_WORKSPACE_SIZE() does not check them. */
size_t sse_delta_workspace_size(const sse_delta_options *options);

/* ======================================================================== */
/* The parser                                                                */
/* ======================================================================== */

/* What end() found, and what the stream showed so far (sse_delta_flags). */
#define SSE_DELTA_SAW_DONE 0x01u      /* the dialect's end marker arrived */
#define SSE_DELTA_SAW_FINISH 0x02u    /* some choice reported a finish reason */
#define SSE_DELTA_SAW_TRUNCATED 0x04u /* end() found a partial event */
#define SSE_DELTA_SAW_ERROR 0x08u     /* on_error was (or would have been) called */
#define SSE_DELTA_ENDED 0x10u         /* end() was called */

/* The parser state. Allocate it anywhere; all members are private. */
typedef struct sse_delta_parser {
  /* configuration */
  sse_delta_callbacks cb_;
  void *user_;
  char *event_buf_;
  void *tokens_;
  void *tools_;
  uint32_t event_cap_, token_cap_, tool_cap_;
  sse_delta_dialect forced_;
  uint8_t llm_;
  /* SSE framer */
  uint8_t line_state_, field_, bom_state_, after_cr_;
  uint8_t name_len_, data_seen_, event_overflow_, line_used_;
  uint8_t value_flags_, retry_digits_, type_len_, id_cur_;
  uint32_t data_len_;
  uint32_t id_len_[2];
  uint64_t retry_acc_;
  int64_t retry_;
  char name_[8];
  char type_[SSE_DELTA_EVENT_TYPE_MAX];
  char id_[2][SSE_DELTA_EVENT_ID_MAX];
  /* callbacks, pause and resume of one dispatch */
  uint8_t in_callback_, dispatch_pending_, ending_, done_before_;
  uint32_t emit_seq_, resume_seq_, event_serial_;
  int32_t ntok_;
  int32_t compact_tok_;
  uint32_t compact_len_;
  /* LLM layer */
  sse_delta_dialect dialect_;
  uint32_t flags_;
  uint32_t tool_count_;
  uint32_t done_seen_;
  uint32_t surrogate_unit_, surrogate_channel_, surrogate_choice_, surrogate_tool_;
  int32_t at_token_;
  uint32_t dropped_choice_;
  uint64_t dropped_at_;
  int64_t usage_[5];
  uint32_t finish_len_[SSE_DELTA_CHOICES_TRACKED];
  uint64_t finish_hash_[SSE_DELTA_CHOICES_TRACKED];
  uint64_t finish_by_[SSE_DELTA_CHOICES_TRACKED];
} sse_delta_parser;

/*
 * Prepare a parser. `workspace` (any alignment) of `workspace_size` bytes
 * must stay valid and untouched until the parser is no longer used;
 * `callbacks` is copied; `user` is passed to every callback; `options` may
 * be NULL for the defaults.
 * Returns SSE_DELTA_OK, or SSE_DELTA_E_MISUSE when a pointer is NULL or the
 * workspace is smaller than sse_delta_workspace_size(options).
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
 * The connection closed. Delivers an interrupted (paused) event, reports a
 * partial event (SSE_DELTA_E_TRUNCATED_EVENT, not dispatched), starts tool
 * calls still waiting for a name, and reports SSE_DELTA_E_NO_END_MARKER when
 * the dialect's end marker never came. Returns the first of those two codes,
 * or SSE_DELTA_OK for a complete stream. sse_delta_flags() tells the rest.
 * After end(), feed() is refused until reset().
 */
sse_delta_status sse_delta_end(sse_delta_parser *p);

/* Forget the stream (framing state, last event id, retry, dialect, tool
   calls) and get ready for a new one with the same workspace, callbacks,
   user pointer and options. */
void sse_delta_reset(sse_delta_parser *p);

/* The last event id (for a reconnect's Last-Event-ID); "" when none. The
   pointer stays valid until the next feed, end or reset. */
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
