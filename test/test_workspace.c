/* Workspace sizing, judged by behaviour only: sse_delta_workspace_size()
   bytes are accepted and one byte less is refused, at any alignment; with
   exactly that many bytes each limit holds to the byte (max_event_bytes of
   data, max_tokens JSON tokens, max_tool_calls calls fit, one more is
   refused) while the parser never writes outside the workspace. A size
   formula that came out too small would let the parser write past the end,
   which the guard bytes around the workspace catch.

   Nothing here knows the workspace's layout: only the options,
   sse_delta_workspace_size() and SSE_DELTA_DEFAULT_WORKSPACE_SIZE. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "expect.h"

/* Workspace start offsets tried: every residue of any alignment up to 16,
   so unaligned pointers (ws+1..ws+15) are covered. */
#define SHIFTS 16u
#define GUARD 64u /* bytes watched on each side of the workspace */
#define GUARD_BYTE 0xA5u

/* Room for the default workspace at every shift, with its guards; the
   other option sets below are smaller. */
#define ARENA_BYTES (GUARD + SHIFTS + SSE_DELTA_DEFAULT_WORKSPACE_SIZE + GUARD)
static unsigned char arena[ARENA_BYTES];

typedef struct limits {
  uint32_t event_bytes, tokens, tool_calls; /* 0: the default */
} limits;

/* Zeroed first, so that option fields this test does not know keep their
   defaults. */
static sse_delta_options options_for(limits l) {
  sse_delta_options o;
  memset(&o, 0, sizeof o);
  o.max_event_bytes = l.event_bytes;
  o.max_tokens = l.tokens;
  o.max_tool_calls = l.tool_calls;
  return o;
}

/* The workspace size for `o`, or 0 (after a failed check) when the arena
   cannot hold it at every shift. */
static size_t size_for(const sse_delta_options *o) {
  size_t size = sse_delta_workspace_size(o);
  CHECK_MSG(size > 0, "sse_delta_workspace_size() refused valid limits");
  CHECK_MSG(size <= ARENA_BYTES - 2 * GUARD - SHIFTS,
            "workspace of %lu bytes does not fit the test's arena", (unsigned long)size);
  return size > 0 && size <= ARENA_BYTES - 2 * GUARD - SHIFTS ? size : 0;
}

static unsigned char *workspace_at(size_t shift) { return arena + GUARD + shift; }

static void fill_arena(void) { memset(arena, GUARD_BYTE, sizeof arena); }

/* Whether every byte outside [ws, ws + size) still holds the guard. */
static int outside_untouched(const unsigned char *ws, size_t size) {
  size_t i;
  for (i = 0; i < sizeof arena; i++) {
    if (arena + i >= ws && arena + i < ws + size) continue;
    if (arena[i] != GUARD_BYTE) return 0;
  }
  return 1;
}

static sse_delta_callbacks content_only(void);

/* ---- the exact size is accepted, one byte less is refused ---------------- */

static void check_size_boundary(const sse_delta_options *o, const char *what) {
  sse_delta_callbacks cb = content_only();
  sse_delta_parser p;
  size_t size = size_for(o), shift;
  if (size == 0) return;
  for (shift = 0; shift < SHIFTS; shift++) {
    unsigned char *ws = workspace_at(shift);
    CHECK_MSG(sse_delta_init(&p, ws, size, &cb, NULL, o) == SSE_DELTA_OK,
              "%s: %lu bytes at ws+%lu refused", what, (unsigned long)size, (unsigned long)shift);
    CHECK_MSG(sse_delta_init(&p, ws, size - 1, &cb, NULL, o) == SSE_DELTA_E_MISUSE,
              "%s: %lu bytes at ws+%lu accepted", what, (unsigned long)size - 1,
              (unsigned long)shift);
  }
}

void test_workspace_exact_size_is_accepted(void) {
  static const limits sets[] = {{0, 0, 0},    {64, 8, 1},    {1, 1, 1},     {1000, 50, 3},
                                {32768, 1, 1}, {1, 2000, 1}, {1, 1, 64},    {4099, 257, 17}};
  sse_delta_callbacks cb = content_only();
  sse_delta_parser p;
  sse_delta_options o;
  size_t i, shift;
  check_size_boundary(NULL, "default options");
  for (i = 0; i < sizeof sets / sizeof sets[0]; i++) {
    char what[64];
    o = options_for(sets[i]);
    sprintf(what, "limits %lu/%lu/%lu", (unsigned long)sets[i].event_bytes,
            (unsigned long)sets[i].tokens, (unsigned long)sets[i].tool_calls);
    check_size_boundary(&o, what);
  }
  /* The documented static size serves the defaults at any alignment. */
  for (shift = 0; shift < SHIFTS; shift++)
    CHECK(sse_delta_init(&p, workspace_at(shift), SSE_DELTA_DEFAULT_WORKSPACE_SIZE, &cb, NULL,
                         NULL) == SSE_DELTA_OK);
  /* Limits beyond the maxima have no size, and no workspace makes them work. */
  o = options_for((limits){0, 0x80000000u, 0});
  CHECK(sse_delta_workspace_size(&o) == 0);
  CHECK(sse_delta_init(&p, arena, sizeof arena, &cb, NULL, &o) == SSE_DELTA_E_MISUSE);
}

/* ---- each limit holds exactly, inside the workspace ---------------------- */

typedef struct tally {
  size_t content_bytes;
  uint32_t starts;
  int ordinals_in_order; /* every start had tool == number of starts before */
  unsigned errors[SSE_DELTA_STATUS_COUNT + 1]; /* last slot: unknown codes */
  unsigned error_total;
} tally;

static int tally_content(void *u, uint32_t choice, const char *s, size_t n) {
  (void)choice;
  (void)s;
  ((tally *)u)->content_bytes += n;
  return 0;
}

static int tally_start(void *u, uint32_t choice, uint32_t tool, const char *id, size_t idn,
                       const char *name, size_t namen) {
  tally *t = (tally *)u;
  (void)choice;
  (void)id;
  (void)idn;
  (void)name;
  (void)namen;
  if (tool != t->starts) t->ordinals_in_order = 0;
  t->starts++;
  return 0;
}

static int tally_error(void *u, sse_delta_status code, const char *m, size_t n) {
  tally *t = (tally *)u;
  (void)m;
  (void)n;
  t->errors[(unsigned)code < SSE_DELTA_STATUS_COUNT ? (unsigned)code : SSE_DELTA_STATUS_COUNT]++;
  t->error_total++;
  return 0;
}

static sse_delta_callbacks content_only(void) {
  sse_delta_callbacks cb;
  memset(&cb, 0, sizeof cb);
  cb.on_content = tally_content;
  return cb;
}

static sse_delta_callbacks tally_callbacks(void) {
  sse_delta_callbacks cb = content_only();
  cb.on_tool_call_start = tally_start;
  cb.on_error = tally_error;
  return cb;
}

/* One payload at a time, built here; the largest is one byte over the
   default event limit. */
static char payload[SSE_DELTA_DEFAULT_EVENT_BYTES + 2];

/* The framer is fed the event in pieces: that it joins them is the split
   tests' business, here it keeps the payload in one buffer. */
static void feed_event(sse_delta_parser *p, const char *event_line, const char *data, size_t n) {
  if (event_line) sse_delta_feed(p, event_line, strlen(event_line), NULL);
  sse_delta_feed(p, "data: ", 6, NULL);
  sse_delta_feed(p, data, n, NULL);
  sse_delta_feed(p, "\n\n", 2, NULL);
}

/* An openai-chat chunk of exactly `len` bytes (8 JSON tokens) whose content
   is the len - 38 bytes around the template. */
#define CONTENT_HEAD "{\"choices\":[{\"delta\":{\"content\":\""
#define CONTENT_TAIL "\"}}]}"
#define CONTENT_FRAME (sizeof CONTENT_HEAD - 1 + sizeof CONTENT_TAIL - 1)

static size_t content_payload(size_t len) {
  memcpy(payload, CONTENT_HEAD, sizeof CONTENT_HEAD - 1);
  memset(payload + sizeof CONTENT_HEAD - 1, 'x', len - CONTENT_FRAME);
  memcpy(payload + len - (sizeof CONTENT_TAIL - 1), CONTENT_TAIL, sizeof CONTENT_TAIL - 1);
  return len;
}

/* An openai-chat chunk of exactly `tokens` JSON tokens (8 or more): one
   choice with content "x", then tokens - 8 zeros in the choices array,
   which the mapping skips as they are not objects. */
static size_t token_payload(uint32_t tokens) {
  static const char head[] = "{\"choices\":[{\"delta\":{\"content\":\"x\"}}";
  size_t n = sizeof head - 1;
  uint32_t k;
  memcpy(payload, head, n);
  for (k = 8; k < tokens; k++) {
    payload[n++] = ',';
    payload[n++] = '0';
  }
  payload[n++] = ']';
  payload[n++] = '}';
  return n;
}

/* openai-chat: data of max_event_bytes and max_tokens tokens parse, one
   byte or one token more skips the event with its own error. */
static void check_event_and_token_limits(sse_delta_parser *p, limits l, tally *t) {
  feed_event(p, NULL, payload, content_payload(l.event_bytes));
  CHECK_MSG(t->content_bytes == l.event_bytes - CONTENT_FRAME,
            "an event of exactly %lu bytes was not delivered", (unsigned long)l.event_bytes);
  feed_event(p, NULL, payload, content_payload(l.event_bytes + 1));
  CHECK(t->errors[SSE_DELTA_E_EVENT_TOO_LARGE] == 1);
  t->content_bytes = 0;
  feed_event(p, NULL, payload, token_payload(l.tokens));
  CHECK_MSG(t->content_bytes == 1, "a payload of exactly %lu tokens was not mapped",
            (unsigned long)l.tokens);
  feed_event(p, NULL, payload, token_payload(l.tokens + 1));
  CHECK(t->errors[SSE_DELTA_E_TOO_MANY_TOKENS] == 1);
  feed_event(p, NULL, "[DONE]", 6);
  CHECK(sse_delta_end(p, NULL) == SSE_DELTA_OK);
  CHECK(t->content_bytes == 1);
  CHECK_MSG(t->error_total == 2, "%u errors, want 2", t->error_total);
}

/* anthropic (7 tokens, 48 bytes per call, so it fits the smallest limits):
   max_tool_calls calls start, in order, and one more is dropped. */
static void check_tool_limit(sse_delta_parser *p, limits l, tally *t) {
  static const char start[] = "{\"content_block\":{\"type\":\"tool_use\",\"name\":\"f\"}}";
  uint32_t k;
  for (k = 0; k <= l.tool_calls; k++)
    feed_event(p, "event: content_block_start\n", start, sizeof start - 1);
  feed_event(p, "event: message_stop\n", "{}", 2);
  CHECK(sse_delta_end(p, NULL) == SSE_DELTA_OK);
  CHECK_MSG(t->starts == l.tool_calls, "%lu calls started, want %lu", (unsigned long)t->starts,
            (unsigned long)l.tool_calls);
  CHECK(t->ordinals_in_order);
  CHECK(t->errors[SSE_DELTA_E_TOOL_LIMIT] == 1);
  CHECK_MSG(t->error_total == 1, "%u errors, want 1", t->error_total);
}

static void check_limits_at(limits l, size_t shift) {
  sse_delta_options o = options_for(l);
  sse_delta_callbacks cb = tally_callbacks();
  sse_delta_parser p;
  tally t;
  unsigned char *ws = workspace_at(shift);
  size_t size = size_for(&o);
  if (size == 0) return;
  fill_arena();
  memset(&t, 0, sizeof t);
  t.ordinals_in_order = 1;
  CHECK(sse_delta_init(&p, ws, size, &cb, &t, &o) == SSE_DELTA_OK);
  check_event_and_token_limits(&p, l, &t);
  sse_delta_reset(&p);
  memset(&t, 0, sizeof t);
  t.ordinals_in_order = 1;
  check_tool_limit(&p, l, &t);
  CHECK_MSG(outside_untouched(ws, size),
            "limits %lu/%lu/%lu at ws+%lu: the parser wrote outside its %lu-byte workspace",
            (unsigned long)l.event_bytes, (unsigned long)l.tokens, (unsigned long)l.tool_calls,
            (unsigned long)shift, (unsigned long)size);
}

void test_workspace_limits_hold_exactly(void) {
  /* Spelled out (no 0 = default), since the checks use the numbers; the
     payloads need at least 64 event bytes and 8 tokens. */
  static const limits sets[] = {{64, 8, 1},
                                {1000, 50, 3},
                                {4099, 257, 17},
                                {SSE_DELTA_DEFAULT_EVENT_BYTES, SSE_DELTA_DEFAULT_MAX_TOKENS,
                                 SSE_DELTA_DEFAULT_MAX_TOOL_CALLS}};
  size_t i, shift;
  for (i = 0; i < sizeof sets / sizeof sets[0]; i++)
    for (shift = 0; shift < SHIFTS; shift++) check_limits_at(sets[i], shift);
}

/* Each limit at its documented maximum has a size; one more has none (0),
   and sse_delta_init() refuses it. */
void test_workspace_limits_beyond_their_maxima(void) {
  static unsigned char small[64];
  sse_delta_parser p;
  sse_delta_callbacks cb;
  sse_delta_options o;
  int k;
  memset(&cb, 0, sizeof cb);
  for (k = 0; k < 5; k++) {
    uint32_t *field, max;
    memset(&o, 0, sizeof o);
    switch (k) {
    case 0: field = &o.max_event_bytes, max = 0x7fffffffu; break;
    case 1: field = &o.max_tokens, max = 0x1000000u; break;
    case 2: field = &o.max_tool_calls, max = 0xffffu; break;
    case 3: field = &o.max_field_bytes, max = 0xffffu; break;
    default: field = &o.max_choices, max = 0xffffu; break;
    }
    *field = max;
    CHECK_MSG(sse_delta_workspace_size(&o) > 0, "limit %d at its maximum has no size", k);
    *field = max + 1;
    CHECK_MSG(sse_delta_workspace_size(&o) == 0, "limit %d beyond its maximum has a size", k);
    CHECK(sse_delta_init(&p, small, sizeof small, &cb, NULL, &o) == SSE_DELTA_E_MISUSE);
  }
}
