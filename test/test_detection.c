/* Dialect detection from the first decisive payload, error-only streams
   included (doc/rules.md section 6). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "expect.h"

static int on_content(void *u, uint32_t c, const char *s, size_t n) {
  (void)u;
  (void)c;
  (void)s;
  (void)n;
  return 0;
}

/* The dialect a stream ends up with. */
static sse_delta_dialect dialect_of(const char *input, sse_delta_dialect forced) {
  static unsigned char ws[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];
  sse_delta_parser p;
  sse_delta_callbacks cb;
  sse_delta_options opt;
  memset(&cb, 0, sizeof cb);
  memset(&opt, 0, sizeof opt);
  cb.on_content = on_content;
  opt.dialect = forced;
  if (sse_delta_init(&p, ws, sizeof ws, &cb, NULL, &opt) != SSE_DELTA_OK) return SSE_DELTA_DIALECT_COUNT;
  sse_delta_feed(&p, input, strlen(input), NULL);
  sse_delta_end(&p, NULL);
  return sse_delta_get_dialect(&p);
}

#define DETECTS(input, want) CHECK_MSG(dialect_of(input, SSE_DELTA_DIALECT_AUTO) == (want), "%s", input)

void test_detection_decisive_payloads(void) {
  DETECTS(DONE_EV, SSE_DELTA_DIALECT_OPENAI_CHAT);
  DETECTS(EV("{\"choices\":[]}"), SSE_DELTA_DIALECT_OPENAI_CHAT);
  DETECTS(EV("{\"object\":\"chat.completion.chunk\"}"), SSE_DELTA_DIALECT_OPENAI_CHAT);
  DETECTS(EV("{\"type\":\"message_start\",\"message\":{}}"), SSE_DELTA_DIALECT_ANTHROPIC);
  DETECTS(EV("{\"type\":\"ping\"}"), SSE_DELTA_DIALECT_ANTHROPIC);
  DETECTS(EV("{\"type\":\"content_block_delta\"}"), SSE_DELTA_DIALECT_ANTHROPIC);
  DETECTS("event: message_start\ndata: {\"message\":{}}\n\n", SSE_DELTA_DIALECT_ANTHROPIC);
  DETECTS(EV("{\"type\":\"response.created\",\"response\":{}}"), SSE_DELTA_DIALECT_OPENAI_RESPONSES);
  DETECTS(EV("{\"candidates\":[]}"), SSE_DELTA_DIALECT_GEMINI);
  DETECTS(EV("{\"usageMetadata\":{}}"), SSE_DELTA_DIALECT_GEMINI);
  DETECTS(EV("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}"), SSE_DELTA_DIALECT_GEMINI);
}

void test_detection_first_decisive_wins(void) {
  DETECTS(EV("{\"hello\":1}") "data: not json\n\n" EV("{\"candidates\":[]}") EV("{\"choices\":[]}"),
          SSE_DELTA_DIALECT_GEMINI);
  DETECTS("", SSE_DELTA_DIALECT_AUTO);
  DETECTS(EV("{\"hello\":1}"), SSE_DELTA_DIALECT_AUTO);
  DETECTS("event: message_start\ndata: {\"type\":\"response.created\"}\n\n",
          SSE_DELTA_DIALECT_OPENAI_RESPONSES); /* the payload's type wins over the event name */
}

void test_detection_error_only_streams(void) {
  DETECTS(EV("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"x\"}}"),
          SSE_DELTA_DIALECT_ANTHROPIC);
  DETECTS(EV("{\"type\":\"error\",\"message\":\"x\"}"), SSE_DELTA_DIALECT_OPENAI_RESPONSES);
  DETECTS(EV("{\"error\":{\"code\":503,\"message\":\"x\",\"status\":\"UNAVAILABLE\"}}"), SSE_DELTA_DIALECT_GEMINI);
  DETECTS(EV("{\"error\":{\"message\":\"x\",\"code\":502}}"), SSE_DELTA_DIALECT_OPENAI_CHAT);
}

void test_detection_forced(void) {
  CHECK(dialect_of(EV("{\"choices\":[]}"), SSE_DELTA_DIALECT_GEMINI) == SSE_DELTA_DIALECT_GEMINI);
  CHECK(dialect_of("", SSE_DELTA_DIALECT_ANTHROPIC) == SSE_DELTA_DIALECT_ANTHROPIC);
}

void test_detection_undecided_stream_reports_errors(void) {
  EXPECT("nothing decisive: only top-level errors are reported",
         EV("{\"hello\":\"world\",\"error\":\"bad key\"}") EV("{\"content\":\"ignored\"}"),
         "error E_PROVIDER bad key\nend E_NO_END_MARKER\n");
}
