/* A body that is not SSE: an HTTP error or a non-streamed answer is one
   JSON value. Its errors reach on_error as E_PROVIDER with the provider's
   message; a whole answer comes through the same callbacks as a stream,
   and the end of the value is the end marker. The bodies have the shapes
   the providers document; every one is checked whole, split at every byte
   and paused after every callback (expect.h). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "expect.h"
#include "recorder.h"

void test_json_body_provider_errors(void) {
  EXPECT("OpenAI 401",
         "{\n    \"error\": {\n        \"message\": \"Incorrect API key provided: sk-abc.\",\n"
         "        \"type\": \"invalid_request_error\",\n        \"param\": null,\n"
         "        \"code\": \"invalid_api_key\"\n    }\n}\n",
         "error E_PROVIDER Incorrect API key provided: sk-abc.\ndone\nend OK\n");
  EXPECT("OpenAI 429",
         "{\"error\":{\"message\":\"Rate limit reached for gpt-4o\",\"type\":\"requests\","
         "\"param\":null,\"code\":\"rate_limit_exceeded\"}}",
         "error E_PROVIDER Rate limit reached for gpt-4o\ndone\nend OK\n");
  EXPECT("OpenRouter: a numeric code and metadata",
         "{\"error\":{\"message\":\"No auth credentials found\",\"code\":401}}",
         "error E_PROVIDER No auth credentials found\ndone\nend OK\n");
  EXPECT("Anthropic: an error object with its own type; the error also finishes",
         "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
         "\"message\":\"invalid x-api-key\"},\"request_id\":\"req_011\"}",
         "error E_PROVIDER invalid x-api-key\nfinish 0 error (none)\ndone\nend OK\n");
  EXPECT("Gemini: an error object with code and status",
         "{\n  \"error\": {\n    \"code\": 400,\n    \"message\": \"API key not valid. Please pass a valid API key.\",\n"
         "    \"status\": \"INVALID_ARGUMENT\"\n  }\n}\n",
         "error E_PROVIDER API key not valid. Please pass a valid API key.\ndone\nend OK\n");
  EXPECT("Gemini streamGenerateContent without alt=sse: the error inside an array",
         "[{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted\","
         "\"status\":\"RESOURCE_EXHAUSTED\"}}]",
         "error E_PROVIDER Resource has been exhausted\ndone\nend OK\n");
  EXPECT("after a BOM and blank lines",
         "\xEF\xBB\xBF\r\n \t{\"error\":\"overloaded\"}",
         "error E_PROVIDER overloaded\ndone\nend OK\n");
}

void test_json_body_whole_answers(void) {
  EXPECT("openai-chat: a chat.completion with text and a tool call",
         "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
         "\"message\":{\"role\":\"assistant\",\"content\":\"Let me look.\",\"tool_calls\":[{"
         "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\","
         "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
         "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}",
         "content 0 Let me look.\nstart 0 0 call_1|weather\nargs 0 0 {\"city\":\"Paris\"}\n"
         "finish 0 tool_calls tool_calls\nusage 10 5 15 - - -\ndone\nend OK\n");
  EXPECT("anthropic: a message with thinking, text and tool_use blocks",
         "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":["
         "{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"s\"},"
         "{\"type\":\"text\",\"text\":\"Hi!\"},"
         "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather\",\"input\":{\"city\": \"Rome\"}}],"
         "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
         "\"usage\":{\"input_tokens\":12,\"output_tokens\":7,\"cache_read_input_tokens\":2}}",
         "reasoning 0 hmm\ncontent 0 Hi!\nstart 0 0 toolu_1|weather\nargs 0 0 {\"city\":\"Rome\"}\n"
         "finish 0 tool_calls tool_use\nusage 12 7 19 2 - -\ndone\nend OK\n");
  EXPECT("openai-responses: a response object with reasoning, message and function_call items",
         "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":["
         "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"think\"}]},"
         "{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":["
         "{\"type\":\"output_text\",\"text\":\"Hello\",\"annotations\":[]}]},"
         "{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"f\","
         "\"arguments\":\"{\\\"a\\\":1}\",\"status\":\"completed\"}],"
         "\"usage\":{\"input_tokens\":3,\"output_tokens\":4,\"total_tokens\":7,"
         "\"output_tokens_details\":{\"reasoning_tokens\":1}}}",
         "reasoning 0 think\ncontent 0 Hello\nstart 0 0 call_1|f\nargs 0 0 {\"a\":1}\n"
         "finish 0 tool_calls completed\nusage 3 4 7 - 1 -\ndone\nend OK\n");
  EXPECT("openai-responses: an incomplete response",
         "{\"object\":\"response\",\"status\":\"incomplete\",\"incomplete_details\":"
         "{\"reason\":\"max_output_tokens\"},\"output\":[{\"type\":\"message\",\"content\":"
         "[{\"type\":\"output_text\",\"text\":\"cut\"}]}]}",
         "content 0 cut\nfinish 0 length max_output_tokens\ndone\nend OK\n");
  EXPECT("gemini: a generateContent response",
         "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hello\"}],\"role\": \"model\"},"
         "\"finishReason\": \"STOP\",\"index\": 0}],"
         "\"usageMetadata\": {\"promptTokenCount\": 2,\"candidatesTokenCount\": 3,\"totalTokenCount\": 5}}",
         "content 0 Hello\nfinish 0 stop STOP\nusage 2 3 5 - - -\ndone\nend OK\n");
  EXPECT("gemini streamGenerateContent without alt=sse: an array of chunks",
         "[{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hel\"}]},\"index\": 0}]}\r\n,\r\n"
         "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"lo\"}]},\"finishReason\": \"STOP\",\"index\": 0}]}]",
         "content 0 Hel\ncontent 0 lo\nfinish 0 stop STOP\ndone\nend OK\n");
}

void test_json_body_bad_and_cut(void) {
  EXPECT("a body cut inside its value is an unterminated event",
         "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hel",
         "end E_TRUNCATED_EVENT\n");
  EXPECT("brackets inside strings do not end the value",
         "{\"error\":{\"message\":\"a } and a ] and \\\" then {\"}}",
         "error E_PROVIDER a } and a ] and \" then {\ndone\nend OK\n");
  EXPECT("bytes after the value are reported once; a later value is after the end",
         "{\"error\":\"x\"} junk junk {\"error\":\"y\"}",
         "error E_PROVIDER x\ndone\nerror E_JSON_SYNTAX\nerror E_AFTER_DONE\nend OK\n");
  EXPECT("a value that is not valid JSON",
         "{\"error\":{\"message\":\"x\",}}",
         "error E_JSON_SYNTAX\nend E_NO_END_MARKER\n");
  EXPECT("an array of something else than objects",
         "[1, {\"error\":\"z\"}]",
         "error E_JSON_SHAPE\nerror E_PROVIDER z\ndone\nend OK\n");
}

void test_json_body_over_the_buffer(void) {
  static const sse_delta_options small = {64, 0, 0, SSE_DELTA_DIALECT_AUTO, 0, 0};
  EXPECT_OPTS("a body over max_event_bytes is reported when it ends",
              "{\"error\":{\"message\":\"a message far longer than the sixty-four bytes of this buffer\"}}",
              "error E_EVENT_TOO_LARGE\nend E_NO_END_MARKER\n", &small);
}

void test_json_body_is_not_guessed_from_sse(void) {
  EXPECT("a line of blanks before SSE is an unknown field, as in SSE",
         "  data: {\"error\":\"no\"}\n\ndata: {\"error\":\"yes\"}\n\n",
         "error E_PROVIDER yes\nend E_NO_END_MARKER\n");
  EXPECT("blank lines before SSE change nothing",
         "\r\n\n" EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}") DONE_EV,
         "content 0 a\ndone\nend OK\n");
  EXPECT("a comment first",
         ": {\"error\":\"no\"}\n" EV("{\"error\":\"yes\"}"),
         "error E_PROVIDER yes\nend E_NO_END_MARKER\n");  EXPECT("a broken BOM begins the first line: SSE, its field unknown",
         "\xEF\xBB{\"error\":\"no\"}\n\n" EV("{\"error\":\"yes\"}"),
         "error E_PROVIDER yes\nend E_NO_END_MARKER\n");
}

void test_json_body_error_whatever_the_dialect(void) {
  static const sse_delta_options responses = {0, 0, 0, SSE_DELTA_DIALECT_OPENAI_RESPONSES, 0, 0};
  static const sse_delta_options anthropic = {0, 0, 0, SSE_DELTA_DIALECT_ANTHROPIC, 0, 0};
  EXPECT_OPTS("an untyped error body in openai-responses (its events type their errors)",
              "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":null}}",
              "error E_PROVIDER Rate limit reached\ndone\nend OK\n", &responses);
  EXPECT_OPTS("an untyped error body in anthropic",
              "{\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
              "error E_PROVIDER Overloaded\ndone\nend OK\n", &anthropic);
  EXPECT("\"error\": null is no error: the answer is mapped",
         "{\"object\":\"chat.completion\",\"error\":null,\"choices\":[{\"index\":0,\"message\":"
         "{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}",
         "content 0 ok\nfinish 0 stop stop\ndone\nend OK\n");
}

/* The log with only on_content set: tool calls are then not tracked. */
static char *content_only(const char *body) {
  feed_plan plan;
  memset(&plan, 0, sizeof plan);
  plan.only = CB_CONTENT;
  return record_stream(body, strlen(body), &plan);
}

void test_json_body_odd_shapes(void) {
  char *got;
  EXPECT("anthropic: content that is not an array, a stop reason alone",
         "{\"type\":\"message\",\"content\":\"x\",\"stop_reason\":\"max_tokens\"}",
         "finish 0 length max_tokens\ndone\nend OK\n");
  EXPECT("openai-responses: output that is not an array, parts that are not one, a failed status",
         "{\"object\":\"response\",\"status\":\"failed\",\"error\":{\"message\":\"server error\"},"
         "\"output\":{}}",
         "error E_PROVIDER server error\nfinish 0 error failed\ndone\nend OK\n");
  EXPECT("openai-responses: a message whose content is not an array",
         "{\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"type\":\"message\",\"content\":7}]}",
         "finish 0 stop completed\ndone\nend OK\n");
  got = content_only(
      "{\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"type\":\"function_call\","
      "\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"{}\"},{\"type\":\"message\",\"content\":"
      "[{\"type\":\"output_text\",\"text\":\"hi\"}]}]}");
  CHECK_STR(got, "content 0 hi\nend OK\n");
  free(got);
  got = content_only("{\"type\":\"message\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\","
                      "\"input\":{\"a\":1}},{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"tool_use\"}");
  CHECK_STR(got, "content 0 hi\nend OK\n");
  free(got);
}

void test_json_body_typed_events(void) {
  EXPECT("a Responses error event as the whole body",
         "{\"type\":\"error\",\"code\":\"rate_limit_exceeded\",\"message\":\"Slow down\"}",
         "error E_PROVIDER Slow down\ndone\nend OK\n");
  EXPECT("a Responses event with an empty arguments text as the whole body",
         "[{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"function_call\","
         "\"id\":\"fc\",\"call_id\":\"c\",\"name\":\"f\"}},"
         "{\"type\":\"response.function_call_arguments.done\",\"item_id\":\"fc\",\"arguments\":\"\"}]",
         "start 0 0 c|f\ndone\nend OK\n");
}
