/* JSON strings as delivered: unescaped to UTF-8, surrogate pairs joined
   (also across two deltas of the same text), lone surrogates replaced by
   U+FFFD and reported, invalid UTF-8 reported and passed through. */
#include <string.h>

#include "check.h"
#include "expect.h"

#define SMILE "\xF0\x9F\x98\x80" /* U+1F600 */
#define FFFD "\xEF\xBF\xBD"

void test_strings_escapes(void) {
  EXPECT("short escapes and \\u escapes",
         DELTA("{\"content\":\"q\\\" b\\\\ s\\/ n\\n t\\t r\\r \\b\\f caf\\u00e9 \\u20AC nul\\u0000.\"}") DONE_EV,
         "content 0 q\" b\\\\ s/ n\\n t\\t r\\r \\x08\\x0C caf\xC3\xA9 \xE2\x82\xAC nul\\x00.\ndone\nend OK\n");
  EXPECT("U+2028 inside a string, escaped and raw, is not a line end",
         DELTA("{\"content\":\"a\\u2028b\xE2\x80\xA8" "c\"}") DONE_EV,
         "content 0 a\xE2\x80\xA8" "b\xE2\x80\xA8" "c\ndone\nend OK\n");
}

void test_strings_surrogates(void) {
  EXPECT("a pair in one string",
         DELTA("{\"content\":\"\\ud83d\\ude00!\"}") DONE_EV, "content 0 " SMILE "!\ndone\nend OK\n");
  EXPECT("a pair split over two deltas is joined",
         DELTA("{\"content\":\"a\\ud83d\"}") DELTA("{\"content\":\"\\uDE00b\"}") DONE_EV,
         "content 0 a\ncontent 0 " SMILE "b\ndone\nend OK\n");
  EXPECT("a high surrogate not followed by its pair",
         DELTA("{\"content\":\"x\\ud83d\"}") DELTA("{\"content\":\"y\"}") DONE_EV,
         "content 0 x\nerror E_LONE_SURROGATE\ncontent 0 " FFFD "\ncontent 0 y\ndone\nend OK\n");
  EXPECT("lone surrogates inside a string",
         DELTA("{\"content\":\"\\ude00-\\ud83d-\"}") DONE_EV,
         "error E_LONE_SURROGATE\ncontent 0 " FFFD "-" FFFD "-\ndone\nend OK\n");
  EXPECT("a high surrogate left at the end of the stream",
         DELTA("{\"content\":\"a\\ud83d\"}") DONE_EV,
         "content 0 a\nerror E_LONE_SURROGATE\ncontent 0 " FFFD "\ndone\nend OK\n");
  EXPECT("a high surrogate before text of another channel is settled first",
         DELTA("{\"content\":\"a\\ud83d\"}") DELTA("{\"reasoning\":\"\\ude00\"}") DONE_EV,
         "content 0 a\nerror E_LONE_SURROGATE\ncontent 0 " FFFD "\n"
         "error E_LONE_SURROGATE\nreasoning 0 " FFFD "\ndone\nend OK\n");
  EXPECT("pairs split in tool arguments are joined per call",
         TOOLS("[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"e\\\":\\\"\\ud83d\"}}]")
         TOOLS("[{\"index\":0,\"function\":{\"arguments\":\"\\ude00\\\"}\"}}]") DONE_EV,
         "start 0 0 c|f\nargs 0 0 {\"e\":\"\nargs 0 0 " SMILE "\"}\ndone\nend OK\n");
  EXPECT("a lone surrogate in an id is replaced",
         TOOLS("[{\"index\":0,\"id\":\"c\\ud800\",\"function\":{\"name\":\"f\"}}]") DONE_EV,
         "error E_LONE_SURROGATE\nstart 0 0 c" FFFD "|f\ndone\nend OK\n");
}

void test_strings_invalid_input(void) {
  EXPECT("an invalid escape skips the event",
         DELTA("{\"content\":\"a\\x\"}") DELTA("{\"content\":\"\\u12G4\"}") DELTA("{\"content\":\"ok\"}")
         DONE_EV,
         "error E_BAD_ESCAPE\nerror E_BAD_ESCAPE\ncontent 0 ok\ndone\nend OK\n");
  EXPECT("invalid UTF-8 is reported and passed through unchanged",
         DELTA("{\"content\":\"a\xFF" "b\xC3\"}") DELTA("{\"content\":\"\xED\xA0\x80\"}") DONE_EV,
         "error E_BAD_UTF8\ncontent 0 a\xFF" "b\xC3\nerror E_BAD_UTF8\ncontent 0 \xED\xA0\x80\n"
         "done\nend OK\n");
}

static int only_content(void *u, uint32_t c, const char *s, size_t n) {
  (void)c;
  (void)s;
  *(size_t *)u += n;
  return 0;
}

static int count_errors(void *u, sse_delta_status code, const char *m, size_t n) {
  (void)u;
  (void)code;
  (void)m;
  (void)n;
  check_failed_++;
  fprintf(stderr, "  unexpected error %s for a string nobody asked for\n", sse_delta_status_name(code));
  return 0;
}

void test_strings_unwanted_are_never_decoded(void) {
  /* Only on_content is set: thinking text with a lone surrogate and bad
     UTF-8 is never decoded, so nothing is reported, in every dialect. */
  static const char *const inputs[] = {
      EV("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"\\ud800\xFF\"}}")
      EV("{\"type\":\"message_stop\"}"),
      EV("{\"type\":\"response.reasoning_text.delta\",\"delta\":\"\\ud800\xFF\"}")
      EV("{\"type\":\"response.completed\",\"response\":{\"status\":\"completed\"}}"),
      DELTA("{\"reasoning\":\"\\ud800\xFF\"}") DONE_EV,
      EV("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\\ud800\xFF\",\"thought\":true}]},\"finishReason\":\"STOP\"}]}"),
  };
  size_t i;
  for (i = 0; i < sizeof inputs / sizeof *inputs; i++) {
    static unsigned char ws[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];
    sse_delta_parser p;
    sse_delta_callbacks cb;
    size_t text = 0;
    memset(&cb, 0, sizeof cb);
    cb.on_content = only_content;
    cb.on_error = count_errors;
    CHECK(sse_delta_init(&p, ws, sizeof ws, &cb, &text, NULL) == SSE_DELTA_OK);
    CHECK(sse_delta_feed(&p, inputs[i], strlen(inputs[i]), NULL) == SSE_DELTA_OK);
    CHECK(sse_delta_end(&p, NULL) == SSE_DELTA_OK);
    CHECK(text == 0);
  }
}
