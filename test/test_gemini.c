/* Gemini streamGenerateContent?alt=sse (doc/rules.md section 10). */
#include "check.h"
#include "expect.h"

/* Gemini ends lines with CRLF and puts spaces after colons. */
#define GEV(json) "data: " json "\r\n\r\n"

void test_gemini_full_stream(void) {
  EXPECT("thought, text, a function call, STOP with a call, usage with thoughts",
         GEV("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Let me think\",\"thought\": true}],\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 9}}")
         GEV("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hello\"}]},\"index\": 0}],\"usageMetadata\": {\"trafficType\": \"ON_DEMAND\"}}")
         GEV("{\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"name\": \"weather\",\"args\": {\"city\": \"Rome\"}}}]},\"finishReason\": \"STOP\",\"index\": 0}],"
             "\"usageMetadata\": {\"promptTokenCount\": 9,\"candidatesTokenCount\": 5,\"totalTokenCount\": 20,\"thoughtsTokenCount\": 6,\"cachedContentTokenCount\": 3}}"),
         "reasoning 0 Let me think\nusage 9 - - - - -\ncontent 0 Hello\nstart 0 0 |weather\n"
         "args 0 0 {\"city\": \"Rome\"}\nfinish 0 tool_calls STOP\nusage 9 11 20 3 6 -\ndone\nend OK\n");
}

void test_gemini_calls(void) {
  EXPECT("each functionCall is a new call; an id when given; no args, no argument bytes",
         GEV("{\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"id\": \"fc1\",\"name\": \"a\",\"args\": {}}},"
             "{\"functionCall\": {\"name\": \"b\"}}]},\"finishReason\": \"STOP\"}]}"),
         "start 0 0 fc1|a\nargs 0 0 {}\nstart 0 1 |b\nfinish 0 tool_calls STOP\ndone\nend OK\n");
}

void test_gemini_finishes(void) {
  EXPECT("MAX_TOKENS is length",
         GEV("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"cut\"}]},\"finishReason\": \"MAX_TOKENS\"}]}"),
         "content 0 cut\nfinish 0 length MAX_TOKENS\ndone\nend OK\n");
  EXPECT("SAFETY is content_filter; later candidates are still delivered",
         GEV("{\"candidates\": [{\"finishReason\": \"SAFETY\",\"index\": 0}]}")
         GEV("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"second\"}]},\"finishReason\": \"PROHIBITED_CONTENT\",\"index\": 1}]}")
         GEV("{\"candidates\": [{\"finishReason\": \"OTHER\",\"index\": 2}]}"),
         "finish 0 content_filter SAFETY\ndone\ncontent 1 second\n"
         "finish 1 content_filter PROHIBITED_CONTENT\nfinish 2 other OTHER\nend OK\n");
}

void test_gemini_error_payload(void) {
  EXPECT("an error payload mid-stream",
         GEV("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}]}}]}")
         GEV("{\"error\": {\"code\": 503,\"message\": \"The model is overloaded.\",\"status\": \"UNAVAILABLE\"}}"),
         "content 0 Hi\nerror E_PROVIDER The model is overloaded.\n"
         "end E_NO_END_MARKER\n");
}

void test_gemini_cut_stream(void) {
  EXPECT("cut in the middle of a string",
         GEV("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}]}}]}")
         "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"the",
         "content 0 Hi\nend E_TRUNCATED_EVENT\n");
}

void test_gemini_bad_numbers_and_args(void) {
  EXPECT("candidates + thoughts beyond 64 bits; args that is no object is absent",
         GEV("{\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"name\": \"f\",\"args\": \"abc\"}}]},\"finishReason\": \"STOP\"}],"
             "\"usageMetadata\": {\"candidatesTokenCount\": 9223372036854775807,\"thoughtsTokenCount\": 9}}"),
         "start 0 0 |f\nfinish 0 tool_calls STOP\nerror E_NUMBER_OVERFLOW\nusage - - - - 9 -\ndone\nend OK\n");
}

void test_gemini_typed_values(void) {
  EXPECT("\"thought\": \"true\" (a string) is not the literal: the text is content",
         GEV("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"hi\",\"thought\": \"true\"}]}}]}"),
         "content 0 hi\nend E_NO_END_MARKER\n");
  EXPECT("a high surrogate ending a text waits in vain when a call's args come next",
         GEV("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"a\\ud83d\"}]}}]}")
         GEV("{\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"name\": \"f\",\"args\": {\"x\": 1}}}]}}]}")
         GEV("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\\ude00b\"}]}}]}"),
         "content 0 a\nstart 0 0 |f\nerror E_LONE_SURROGATE\ncontent 0 \xEF\xBF\xBD\nargs 0 0 {\"x\": 1}\n"
         "error E_LONE_SURROGATE\ncontent 0 \xEF\xBF\xBD" "b\nend E_NO_END_MARKER\n");
}
