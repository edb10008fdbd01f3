/* Every bad input has its answer: each class of bad input, fed between
   two good events, gets its error code, and the good events around it are
   delivered exactly as if it were absent. Every stream below has the same
   shape, good "a", the bad event, good "b" and the dialect's end, so each
   expected log reads: the text a, what the bad event causes (its error,
   and for the errors that still deliver, what is delivered), the text b,
   the end. EXPECT() also holds each stream to split and pause invariance.
   (A stream that ends early is end()'s answer: test_*_cut_streams.) */
#include <string.h>

#include "check.h"
#include "expect.h"

/* ---- openai-chat: every class ---------------------------------------------- */

#define CHAT(bad) DELTA("{\"content\":\"a\"}") bad DELTA("{\"content\":\"b\"}") DONE_EV
#define CHAT_LOG(lines) "content 0 a\n" lines "content 0 b\ndone\nend OK\n"

void test_bad_input_openai_chat(void) {
  sse_delta_options opt;
  EXPECT("invalid JSON", CHAT(EV("{\"choices\":[")), CHAT_LOG("error E_JSON_SYNTAX\n"));
  EXPECT("JSON of the wrong shape", CHAT(EV("[1,2]")), CHAT_LOG("error E_JSON_SHAPE\n"));
  EXPECT("invalid escape", CHAT(DELTA("{\"content\":\"x\\q\"}")), CHAT_LOG("error E_BAD_ESCAPE\n"));
  EXPECT("lone surrogate: replaced, delivered", CHAT(DELTA("{\"content\":\"x\\udc00y\"}")),
         CHAT_LOG("error E_LONE_SURROGATE\ncontent 0 x\xEF\xBF\xBDy\n"));
  EXPECT("invalid UTF-8: delivered unchanged", CHAT(DELTA("{\"content\":\"x\xC0y\"}")),
         CHAT_LOG("error E_BAD_UTF8\ncontent 0 x\xC0y\n"));
  EXPECT("number overflow: that count is absent",
         CHAT(EV("{\"choices\":[],\"usage\":{\"prompt_tokens\":99999999999999999999,"
                 "\"completion_tokens\":2}}")),
         CHAT_LOG("error E_NUMBER_OVERFLOW\nusage - 2 - - - -\n"));
  EXPECT("provider error", CHAT(EV("{\"error\":{\"message\":\"quota\"}}")),
         CHAT_LOG("error E_PROVIDER quota\n"));
  EXPECT("event type over max_field_bytes: cut, event still parsed",
         CHAT("event: " "0123456789012345678901234567890123456789012345678901234567890123"
              "0123456789012345678901234567890123456789012345678901234567890123x\n" DELTA("{}")),
         CHAT_LOG("error E_FIELD_TOO_LONG\n"));

  memset(&opt, 0, sizeof opt);
  opt.max_event_bytes = 64;
  /* not a string the dialect streams (those: test_large_events.c) */
  EXPECT_OPTS("event over max_event_bytes",
              CHAT(DELTA("{\"refusal\":\"0123456789012345678901234567890123456789\"}")),
              CHAT_LOG("error E_EVENT_TOO_LARGE\n"), &opt);
  memset(&opt, 0, sizeof opt);
  opt.max_tokens = 10; /* the good chunks have 10 tokens */
  EXPECT_OPTS("payload over max_tokens",
              CHAT(DELTA("{\"content\":\"x\",\"refusal\":null}")),
              CHAT_LOG("error E_TOO_MANY_TOKENS\n"), &opt);
  memset(&opt, 0, sizeof opt);
  opt.max_tool_calls = 1;
  EXPECT_OPTS("tool call over max_tool_calls: dropped, the first one goes on",
              CHAT(TOOLS("[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\"}}]")
                   TOOLS("[{\"index\":1,\"id\":\"c2\",\"function\":{\"name\":\"g\"}}]")),
              CHAT_LOG("start 0 0 c1|f\nerror E_TOOL_LIMIT\n"), &opt);
}

/* ---- the other dialects: their payload errors and provider errors ----------- */

#define ANTHROPIC_TEXT(t)                                                                 \
  EV("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","  \
     "\"text\":\"" t "\"}}")
#define ANTHROPIC(bad) ANTHROPIC_TEXT("a") bad ANTHROPIC_TEXT("b") EV("{\"type\":\"message_stop\"}")

void test_bad_input_anthropic(void) {
  EXPECT("invalid JSON", ANTHROPIC(EV("{\"type\":")), CHAT_LOG("error E_JSON_SYNTAX\n"));
  EXPECT("invalid escape", ANTHROPIC(ANTHROPIC_TEXT("\\x")), CHAT_LOG("error E_BAD_ESCAPE\n"));
  EXPECT("lone surrogate", ANTHROPIC(ANTHROPIC_TEXT("\\ud800")),
         CHAT_LOG("error E_LONE_SURROGATE\ncontent 0 \xEF\xBF\xBD\n"));
  EXPECT("provider error event, which also finishes the message with error",
         ANTHROPIC(EV("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                      "\"message\":\"Overloaded\"}}")),
         CHAT_LOG("error E_PROVIDER Overloaded\nfinish 0 error (none)\n"));
}

#define RESPONSES_TEXT(t) EV("{\"type\":\"response.output_text.delta\",\"delta\":\"" t "\"}")
#define RESPONSES(bad)                                                                  \
  RESPONSES_TEXT("a") bad RESPONSES_TEXT("b")                                           \
  EV("{\"type\":\"response.completed\",\"response\":{\"status\":\"completed\"}}")
#define RESPONSES_LOG(lines) "content 0 a\n" lines "content 0 b\nfinish 0 stop completed\ndone\nend OK\n"

void test_bad_input_openai_responses(void) {
  EXPECT("invalid JSON", RESPONSES(EV("{\"type\":")), RESPONSES_LOG("error E_JSON_SYNTAX\n"));
  EXPECT("invalid UTF-8", RESPONSES(RESPONSES_TEXT("\xFF")),
         RESPONSES_LOG("error E_BAD_UTF8\ncontent 0 \xFF\n"));
  EXPECT("error event", RESPONSES(EV("{\"type\":\"error\",\"message\":\"slow down\"}")),
         RESPONSES_LOG("error E_PROVIDER slow down\n"));
}

#define GEMINI_TEXT(t) EV("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" t "\"}]},\"index\":0}]}")
#define GEMINI(bad)                                                                     \
  GEMINI_TEXT("a") bad GEMINI_TEXT("b")                                                 \
  EV("{\"candidates\":[{\"content\":{\"parts\":[]},\"finishReason\":\"STOP\",\"index\":0}]}")
#define GEMINI_LOG(lines) "content 0 a\n" lines "content 0 b\nfinish 0 stop STOP\ndone\nend OK\n"

void test_bad_input_gemini(void) {
  EXPECT("invalid JSON", GEMINI(EV("{\"candidates\":[{]}")), GEMINI_LOG("error E_JSON_SYNTAX\n"));
  EXPECT("JSON of the wrong shape", GEMINI(EV("\"text\"")), GEMINI_LOG("error E_JSON_SHAPE\n"));
  EXPECT("number overflow in usage",
         GEMINI(EV("{\"usageMetadata\":{\"promptTokenCount\":1,"
                   "\"candidatesTokenCount\":99999999999999999999}}")),
         GEMINI_LOG("error E_NUMBER_OVERFLOW\nusage 1 - - - - -\n"));
  EXPECT("error payload",
         GEMINI(EV("{\"error\":{\"code\":429,\"message\":\"Resource exhausted\"}}")),
         GEMINI_LOG("error E_PROVIDER Resource exhausted\n"));
}

/* ---- which code a refused payload gets --------------------------------------- */

void test_bad_input_diagnosis(void) {
  EXPECT("a bad escape after good ones, in a payload jsmn refuses",
         CHAT(EV("{\"a\":\"\\u00e9\\n\\q\"]")), CHAT_LOG("error E_BAD_ESCAPE\n"));
  EXPECT("good escapes only, in a payload jsmn refuses: syntax",
         CHAT(EV("{\"a\":\"\\u00e9\\n\"]")), CHAT_LOG("error E_JSON_SYNTAX\n"));
  EXPECT("a backslash ending a refused payload: syntax", CHAT(EV("{]\"x\\")),
         CHAT_LOG("error E_JSON_SYNTAX\n"));
  EXPECT("a lone number is the wrong shape; number characters that are no number are not JSON",
         CHAT(EV("-12.5e3") EV("-x") EV("1-") EV("0x1F")),
         CHAT_LOG("error E_JSON_SHAPE\nerror E_JSON_SYNTAX\nerror E_JSON_SYNTAX\nerror E_JSON_SYNTAX\n"));
}

void test_bad_input_fragments_without_a_call(void) {
  EXPECT("responses: argument bytes for an item no event opened",
         RESPONSES(EV("{\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"nope\","
                      "\"output_index\":7,\"delta\":\"{}\"}")),
         RESPONSES_LOG("error E_JSON_SHAPE\n"));
  EXPECT("anthropic: a start input with an escaped quote, compacted as sent",
         ANTHROPIC(EV("{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":"
                      "\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{ \"q\" : \"a\\\"b c\" }}}")),
         CHAT_LOG("start 0 0 t|f\nargs 0 0 {\"q\":\"a\\\\\"b c\"}\n")); /* log: \\ is \ */
}

/* ---- the JSON grammar, where no callback reads ------------------------------- */

void test_bad_input_grammar(void) {
  EXPECT("numbers of the grammar are JSON, anywhere in a payload",
         CHAT(EV("{\"x\":[0,-0,1.5,-2.25e10,3E+2,4e-2,1E5],\"choices\":[]}")), CHAT_LOG(""));
  EXPECT("numbers outside the grammar are not JSON",
         CHAT(EV("{\"x\":01}") EV("{\"x\":1.}") EV("{\"x\":1e}") EV("{\"x\":-}") EV("{\"x\":.5}")
              EV("{\"x\":1e+}")),
         CHAT_LOG("error E_JSON_SYNTAX\nerror E_JSON_SYNTAX\nerror E_JSON_SYNTAX\n"
                  "error E_JSON_SYNTAX\nerror E_JSON_SYNTAX\nerror E_JSON_SYNTAX\n"));
  EXPECT("a fraction or an exponent needs a digit",
         CHAT(EV("{\"x\":1.x}") EV("{\"x\":1./}") EV("{\"x\":1ex}") EV("{\"x\":1e+/}")
              EV("{\"x\":1e-:}")),
         CHAT_LOG("error E_JSON_SYNTAX\nerror E_JSON_SYNTAX\nerror E_JSON_SYNTAX\n"
                  "error E_JSON_SYNTAX\nerror E_JSON_SYNTAX\n"));
  EXPECT("literals of the right length but the wrong letters",
         CHAT(EV("{\"x\":trux}") EV("{\"x\":falsy}") EV("{\"x\":nulx}")),
         CHAT_LOG("error E_JSON_SYNTAX\nerror E_JSON_SYNTAX\nerror E_JSON_SYNTAX\n"));
  EXPECT("JSON white space of every kind between tokens (a line feed from two data lines)",
         CHAT("data: {\"choices\" :\t[ {\"index\":0,\ndata: \"delta\":{\"content\":\"w\"}}\t]}\n\n"),
         CHAT_LOG("content 0 w\n"));
  EXPECT("literals are whole words",
         CHAT(EV("{\"x\":[true,false,null]}") EV("{\"x\":truex}") EV("{\"x\":fals}") EV("{\"x\":nul}")),
         CHAT_LOG("error E_JSON_SYNTAX\nerror E_JSON_SYNTAX\nerror E_JSON_SYNTAX\n"));
  EXPECT("closing brackets and white space before a comma are fine, a doubled comma is not",
         CHAT(EV("{\"x\":{\"y\":[1]\t} , \"choices\":[]}") EV("{\"x\":[1,,2]}")),
         CHAT_LOG("error E_JSON_SYNTAX\n"));
  EXPECT("a lone scalar with white space around it is the wrong shape",
         CHAT(EV(" \t12 ") EV(" null")), CHAT_LOG("error E_JSON_SHAPE\nerror E_JSON_SHAPE\n"));
}

void test_bad_input_utf8(void) {
  EXPECT("each kind of invalid UTF-8 is reported and passed through",
         CHAT(DELTA("{\"content\":\"\xE0\x80\x80\"}")    /* overlong 3 bytes */
              DELTA("{\"content\":\"\xED\xA0\x80\"}")    /* a surrogate in UTF-8 */
              DELTA("{\"content\":\"\xF4\x90\x80\x80\"}") /* beyond U+10FFFF */
              DELTA("{\"content\":\"\xF0\x80\x80\x80\"}") /* overlong 4 bytes */
              DELTA("{\"content\":\"\xE2\x28\xA1\"}")),  /* a bad continuation */
         CHAT_LOG("error E_BAD_UTF8\ncontent 0 \xE0\x80\x80\n"
                  "error E_BAD_UTF8\ncontent 0 \xED\xA0\x80\n"
                  "error E_BAD_UTF8\ncontent 0 \xF4\x90\x80\x80\n"
                  "error E_BAD_UTF8\ncontent 0 \xF0\x80\x80\x80\n"
                  "error E_BAD_UTF8\ncontent 0 \xE2(\xA1\n"));
  EXPECT("valid UTF-8 of every length and escapes in both cases pass without a report",
         CHAT(DELTA("{\"content\":\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\\u00E9\\u00e9\"}")),
         CHAT_LOG("content 0 \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xC3\xA9\xC3\xA9\n"));
  EXPECT("a high surrogate followed by no escape, or by one that is no low surrogate",
         CHAT(DELTA("{\"content\":\"\\ud83dx\"}") DELTA("{\"content\":\"\\ud83d\\u0041\"}")
              DELTA("{\"content\":\"\\ud83d\\ue000\"}") DELTA("{\"content\":\"\\ud83d\\n\"}")
              DELTA("{\"content\":\"\\ud83d\\tabcdef\"}")),
         CHAT_LOG("error E_LONE_SURROGATE\ncontent 0 \xEF\xBF\xBDx\n"
                  "error E_LONE_SURROGATE\ncontent 0 \xEF\xBF\xBD" "A\n"
                  "error E_LONE_SURROGATE\ncontent 0 \xEF\xBF\xBD\xEE\x80\x80\n"
                  "error E_LONE_SURROGATE\ncontent 0 \xEF\xBF\xBD\\n\n"
                  "error E_LONE_SURROGATE\ncontent 0 \xEF\xBF\xBD\\tabcdef\n"));
  EXPECT("a high surrogate waiting from the delta before, then an escape that is no low surrogate",
         CHAT(DELTA("{\"content\":\"x\\ud83d\"}") DELTA("{\"content\":\"\\ue000y\"}")),
         CHAT_LOG("content 0 x\nerror E_LONE_SURROGATE\ncontent 0 \xEF\xBF\xBD\n"
                  "content 0 \xEE\x80\x80y\n"));
  EXPECT("U+E000 and above are no surrogates",
         CHAT(DELTA("{\"content\":\"\\ue000\\uFFFF\"}")),
         CHAT_LOG("content 0 \xEE\x80\x80\xEF\xBF\xBF\n"));
  EXPECT("a \\u escape with a byte that is no hex digit",
         CHAT(DELTA("{\"content\":\"\\u00!0\"}") DELTA("{\"content\":\"\\u00:0\"}")
              DELTA("{\"content\":\"\\u00g0\"}")),
         CHAT_LOG("error E_BAD_ESCAPE\nerror E_BAD_ESCAPE\nerror E_BAD_ESCAPE\n"));
}
