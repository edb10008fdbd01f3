/* The API contract of sse_delta.h: init and misuse, pausing and resuming
   with byte offsets, reset, accessors, names. (Workspace sizing:
   test_workspace.c.) */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "expect.h"

typedef struct counter {
  int contents;
  int pause_on_content; /* pause at this content callback (1-based), 0: never */
  char text[256];
  sse_delta_parser *parser; /* for the reentrancy check */
  sse_delta_status inner, inner_end;
} counter;

static int count_content(void *u, uint32_t choice, const char *s, size_t n) {
  counter *c = (counter *)u;
  size_t room;
  (void)choice;
  c->contents++;
  room = sizeof c->text - strlen(c->text) - 1;
  strncat(c->text, s, n < room ? n : room);
  if (c->parser) {
    c->inner = sse_delta_feed(c->parser, "x", 1, NULL);
    c->inner_end = sse_delta_end(c->parser, NULL);
    sse_delta_reset(c->parser); /* does nothing inside a callback */
  }
  return c->contents == c->pause_on_content;
}

static sse_delta_callbacks content_callbacks(void) {
  sse_delta_callbacks cb;
  memset(&cb, 0, sizeof cb);
  cb.on_content = count_content;
  return cb;
}

void test_api_init_misuse(void) {
  static unsigned char ws[SSE_DELTA_DEFAULT_WORKSPACE_SIZE + 1];
  sse_delta_parser p;
  sse_delta_callbacks cb = content_callbacks();
  sse_delta_options opt;
  memset(&opt, 0, sizeof opt);
  CHECK(sse_delta_init(NULL, ws, sizeof ws, &cb, NULL, NULL) == SSE_DELTA_E_MISUSE);
  CHECK(sse_delta_init(&p, NULL, sizeof ws, &cb, NULL, NULL) == SSE_DELTA_E_MISUSE);
  CHECK(sse_delta_init(&p, ws, sizeof ws, NULL, NULL, NULL) == SSE_DELTA_E_MISUSE);
  CHECK(sse_delta_init(&p, ws, SSE_DELTA_DEFAULT_WORKSPACE_SIZE - 1, &cb, NULL, NULL) == SSE_DELTA_E_MISUSE);
  opt.dialect = SSE_DELTA_DIALECT_COUNT;
  CHECK(sse_delta_init(&p, ws, sizeof ws, &cb, NULL, &opt) == SSE_DELTA_E_MISUSE);
  /* Any alignment works. */
  CHECK(sse_delta_init(&p, ws + 1, SSE_DELTA_DEFAULT_WORKSPACE_SIZE, &cb, NULL, NULL) == SSE_DELTA_OK);
  CHECK(sse_delta_feed(&p, NULL, 1, NULL) == SSE_DELTA_E_MISUSE);
  CHECK(sse_delta_feed(&p, NULL, 0, NULL) == SSE_DELTA_OK);
  CHECK(sse_delta_end(&p, NULL) == SSE_DELTA_E_NO_END_MARKER);
  CHECK(sse_delta_feed(&p, "data: x\n\n", 9, NULL) == SSE_DELTA_E_MISUSE);
  CHECK(sse_delta_end(&p, NULL) == SSE_DELTA_E_MISUSE);
  sse_delta_reset(&p);
  CHECK(sse_delta_feed(&p, DONE_EV, sizeof DONE_EV - 1, NULL) == SSE_DELTA_OK);
  CHECK(sse_delta_end(&p, NULL) == SSE_DELTA_OK);
}

void test_api_no_reentry_from_callbacks(void) {
  static unsigned char ws[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];
  const char in[] = "id: 7\n" DELTA("{\"content\":\"a\"}") DELTA("{\"content\":\"b\"}");
  sse_delta_parser p;
  sse_delta_callbacks cb = content_callbacks();
  counter c;
  memset(&c, 0, sizeof c);
  c.parser = &p;
  c.inner = c.inner_end = SSE_DELTA_OK;
  CHECK(sse_delta_init(&p, ws, sizeof ws, &cb, &c, NULL) == SSE_DELTA_OK);
  CHECK(sse_delta_feed(&p, in, sizeof in - 1, NULL) == SSE_DELTA_OK);
  CHECK(c.inner == SSE_DELTA_E_MISUSE && c.inner_end == SSE_DELTA_E_MISUSE);
  /* The resets inside the callbacks did nothing: the stream went on. */
  CHECK(c.contents == 2);
  CHECK_STR(c.text, "ab");
  CHECK(strncmp(sse_delta_last_event_id(&p, NULL), "7", 1) == 0);
  CHECK(sse_delta_get_dialect(&p) == SSE_DELTA_DIALECT_OPENAI_CHAT);
}

/* One event with content for two choices: a pause at "a" leaves "b". */
#define TWO_CHOICES \
  EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}},{\"index\":1,\"delta\":{\"content\":\"b\"}}]}")

void test_api_pause_and_resume(void) {
  static unsigned char ws[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];
  const char first[] = TWO_CHOICES;
  const char in[] = TWO_CHOICES
      DELTA("{\"content\":\"c\"}") DONE_EV;
  sse_delta_parser p;
  sse_delta_callbacks cb = content_callbacks();
  counter c;
  size_t used = 99;
  memset(&c, 0, sizeof c);
  c.pause_on_content = 1;
  CHECK(sse_delta_init(&p, ws, sizeof ws, &cb, &c, NULL) == SSE_DELTA_OK);
  /* Paused at "a": the whole first event (up to its blank line) is consumed. */
  CHECK(sse_delta_feed(&p, in, sizeof in - 1, &used) == SSE_DELTA_PAUSED);
  CHECK(used == sizeof first - 1);
  CHECK_STR(c.text, "a");
  /* len 0 delivers the rest of the interrupted event, nothing more. */
  CHECK(sse_delta_feed(&p, NULL, 0, &used) == SSE_DELTA_OK);
  CHECK(used == 0);
  CHECK_STR(c.text, "ab");
  CHECK(sse_delta_feed(&p, in + sizeof first - 1, sizeof in - sizeof first, &used) == SSE_DELTA_OK);
  CHECK(used == sizeof in - sizeof first);
  CHECK_STR(c.text, "abc");
  CHECK(sse_delta_end(&p, NULL) == SSE_DELTA_OK);
  CHECK(sse_delta_flags(&p) == (SSE_DELTA_SAW_DONE | SSE_DELTA_ENDED));
}

void test_api_pause_then_end_delivers_the_rest(void) {
  static unsigned char ws[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];
  const char in[] = TWO_CHOICES;
  sse_delta_parser p;
  sse_delta_callbacks cb = content_callbacks();
  counter c;
  memset(&c, 0, sizeof c);
  c.pause_on_content = 1;
  CHECK(sse_delta_init(&p, ws, sizeof ws, &cb, &c, NULL) == SSE_DELTA_OK);
  CHECK(sse_delta_feed(&p, in, sizeof in - 1, NULL) == SSE_DELTA_PAUSED);
  CHECK(sse_delta_end(&p, NULL) == SSE_DELTA_E_NO_END_MARKER);
  CHECK_STR(c.text, "ab");
}

void test_api_reset_forgets_the_stream(void) {
  static unsigned char ws[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];
  const char in[] = "id: 42\nretry: 1500\n" EV("{\"type\":\"ping\"}") "data: {\"type\":\"mess";
  sse_delta_parser p;
  sse_delta_callbacks cb = content_callbacks();
  size_t n = 99;
  CHECK(sse_delta_init(&p, ws, sizeof ws, &cb, NULL, NULL) == SSE_DELTA_OK);
  CHECK(sse_delta_last_event_id(&p, &n)[0] == '\0' && n == 0);
  CHECK(sse_delta_retry(&p) == -1);
  CHECK(sse_delta_feed(&p, in, sizeof in - 1, NULL) == SSE_DELTA_OK);
  CHECK(strncmp(sse_delta_last_event_id(&p, &n), "42", 2) == 0 && n == 2);
  CHECK(sse_delta_retry(&p) == 1500);
  CHECK(sse_delta_get_dialect(&p) == SSE_DELTA_DIALECT_ANTHROPIC);
  sse_delta_reset(&p);
  CHECK(sse_delta_last_event_id(&p, &n)[0] == '\0' && n == 0);
  CHECK(sse_delta_retry(&p) == -1);
  CHECK(sse_delta_get_dialect(&p) == SSE_DELTA_DIALECT_AUTO);
  CHECK(sse_delta_flags(&p) == 0);
  /* The partial event before the reset is gone: a fresh stream parses. */
  CHECK(sse_delta_feed(&p, DONE_EV, sizeof DONE_EV - 1, NULL) == SSE_DELTA_OK);
  CHECK(sse_delta_end(&p, NULL) == SSE_DELTA_OK);
  CHECK(sse_delta_get_dialect(&p) == SSE_DELTA_DIALECT_OPENAI_CHAT);
}

static int remember_tool(void *u, uint32_t choice, uint32_t tool, const char *id, size_t idn,
                         const char *name, size_t namen) {
  (void)choice;
  (void)id;
  (void)idn;
  (void)name;
  (void)namen;
  *(long *)u = (long)tool;
  return 0;
}

void test_api_tool_ordinals_restart_after_reset(void) {
  static unsigned char ws[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];
  static const char one[] = TOOLS("[{\"index\":3,\"id\":\"a\",\"function\":{\"name\":\"f\"}}]");
  static const char two[] = TOOLS("[{\"index\":4,\"id\":\"b\",\"function\":{\"name\":\"g\"}}]");
  sse_delta_parser p;
  sse_delta_callbacks cb;
  long tool = -1;
  memset(&cb, 0, sizeof cb);
  cb.on_tool_call_start = remember_tool;
  CHECK(sse_delta_init(&p, ws, sizeof ws, &cb, &tool, NULL) == SSE_DELTA_OK);
  sse_delta_feed(&p, one, sizeof one - 1, NULL);
  CHECK(tool == 0);
  sse_delta_feed(&p, two, sizeof two - 1, NULL);
  CHECK(tool == 1);
  sse_delta_reset(&p);
  tool = -1;
  sse_delta_feed(&p, two, sizeof two - 1, NULL);
  CHECK(tool == 0);
}

/* The short names are what the tool's stderr and --events show and what
   doc/rules.md lists. Both ends of the table and its middle: a name table
   out of step with the enum shows at one of them. */
void test_api_names(void) {
  int i;
  CHECK_STR(sse_delta_status_name(SSE_DELTA_OK), "OK");
  CHECK_STR(sse_delta_status_name(SSE_DELTA_E_JSON_SYNTAX), "E_JSON_SYNTAX");
  CHECK_STR(sse_delta_status_name(SSE_DELTA_E_NO_END_MARKER), "E_NO_END_MARKER");
  for (i = 0; i < (int)SSE_DELTA_STATUS_COUNT; i++) { /* one line of text each */
    const char *desc = sse_delta_status_description((sse_delta_status)i);
    CHECK(desc != NULL && desc[0] != '\0' && strchr(desc, '\n') == NULL);
  }
  CHECK_STR(sse_delta_status_name(SSE_DELTA_STATUS_COUNT), "UNKNOWN");
  CHECK_STR(sse_delta_status_name((sse_delta_status)(SSE_DELTA_STATUS_COUNT + 100)), "UNKNOWN");
  CHECK(sse_delta_status_description(SSE_DELTA_STATUS_COUNT) != NULL);
  for (i = 1; i < (int)SSE_DELTA_DIALECT_COUNT; i++) {
    const char *name = sse_delta_dialect_name((sse_delta_dialect)i);
    CHECK(sse_delta_dialect_from_name(name, strlen(name)) == (sse_delta_dialect)i);
  }
  CHECK_STR(sse_delta_dialect_name(SSE_DELTA_DIALECT_OPENAI_RESPONSES), "openai-responses");
  CHECK(sse_delta_dialect_name(SSE_DELTA_DIALECT_AUTO) == NULL);
  CHECK(sse_delta_dialect_from_name("gemini2", 7) == SSE_DELTA_DIALECT_AUTO);
  CHECK(sse_delta_dialect_from_name("gemini", 5) == SSE_DELTA_DIALECT_AUTO);
  CHECK_STR(sse_delta_finish_name(SSE_DELTA_FINISH_CONTENT_FILTER), "content_filter");
  CHECK_STR(sse_delta_finish_name(SSE_DELTA_FINISH_TOOL_CALLS), "tool_calls");
}

void test_api_two_parsers_at_once(void) {
  static unsigned char ws1[SSE_DELTA_DEFAULT_WORKSPACE_SIZE], ws2[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];
  const char a[] = DELTA("{\"content\":\"one\"}");
  const char b[] = EV("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"two\"}]}}]}");
  sse_delta_parser p1, p2;
  sse_delta_callbacks cb = content_callbacks();
  counter c1, c2;
  size_t k;
  memset(&c1, 0, sizeof c1);
  memset(&c2, 0, sizeof c2);
  CHECK(sse_delta_init(&p1, ws1, sizeof ws1, &cb, &c1, NULL) == SSE_DELTA_OK);
  CHECK(sse_delta_init(&p2, ws2, sizeof ws2, &cb, &c2, NULL) == SSE_DELTA_OK);
  for (k = 0; k < sizeof a - 1 || k < sizeof b - 1; k++) { /* interleaved, byte by byte */
    if (k < sizeof a - 1) sse_delta_feed(&p1, a + k, 1, NULL);
    if (k < sizeof b - 1) sse_delta_feed(&p2, b + k, 1, NULL);
  }
  CHECK_STR(c1.text, "one");
  CHECK_STR(c2.text, "two");
  CHECK(sse_delta_get_dialect(&p1) == SSE_DELTA_DIALECT_OPENAI_CHAT);
  CHECK(sse_delta_get_dialect(&p2) == SSE_DELTA_DIALECT_GEMINI);
}

/* Every function taking a parser accepts NULL (as the header says): the
   ones returning a status return E_MISUSE, the accessors their "nothing"
   value; out-of-range enums get their fallback names. */
void test_api_null_and_out_of_range_arguments(void) {
  size_t len = 99;
  CHECK(sse_delta_feed(NULL, "x", 1, &len) == SSE_DELTA_E_MISUSE && len == 0);
  CHECK(sse_delta_end(NULL, NULL) == SSE_DELTA_E_MISUSE);
  sse_delta_reset(NULL); /* nothing to do, no crash */
  len = 99;
  CHECK_STR(sse_delta_last_event_id(NULL, &len), "");
  CHECK(len == 0);
  CHECK_STR(sse_delta_last_event_id(NULL, NULL), "");
  CHECK(sse_delta_retry(NULL) == -1);
  CHECK(sse_delta_get_dialect(NULL) == SSE_DELTA_DIALECT_AUTO);
  CHECK(sse_delta_flags(NULL) == 0);
  CHECK(sse_delta_dialect_name(SSE_DELTA_DIALECT_COUNT) == NULL);
  CHECK(sse_delta_dialect_name((sse_delta_dialect)-1) == NULL);
  CHECK(sse_delta_dialect_from_name(NULL, 0) == SSE_DELTA_DIALECT_AUTO);
  CHECK_STR(sse_delta_finish_name(SSE_DELTA_FINISH_COUNT), "other");
  CHECK_STR(sse_delta_finish_name((sse_delta_finish)-1), "other");
}
