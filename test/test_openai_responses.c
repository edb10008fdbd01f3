/* OpenAI Responses API event streams (doc/rules.md section 9). */
#include "check.h"
#include "expect.h"

#define REV(type, json) "event: " type "\ndata: {\"type\":\"" type "\"," json "}\n\n"

void test_openai_responses_full_stream(void) {
  EXPECT("reasoning, text, a function call with argument deltas, completed",
         REV("response.created", "\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"usage\":null}")
         REV("response.reasoning_summary_text.delta", "\"item_id\":\"rs_1\",\"output_index\":0,\"delta\":\"Think\"")
         REV("response.reasoning_text.delta", "\"item_id\":\"rs_1\",\"output_index\":0,\"delta\":\"ing\"")
         REV("response.output_text.delta", "\"item_id\":\"msg_1\",\"output_index\":1,\"content_index\":0,\"delta\":\"Hi\"")
         REV("response.output_item.added", "\"output_index\":2,\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"weather\",\"arguments\":\"\"}")
         REV("response.function_call_arguments.delta", "\"item_id\":\"fc_1\",\"output_index\":2,\"delta\":\"{\\\"l\\\":\"")
         REV("response.function_call_arguments.delta", "\"item_id\":\"fc_1\",\"output_index\":2,\"delta\":\"1}\"")
         REV("response.function_call_arguments.done", "\"item_id\":\"fc_1\",\"output_index\":2,\"arguments\":\"{\\\"l\\\":1}\"")
         REV("response.output_item.done", "\"output_index\":2,\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"weather\",\"arguments\":\"{\\\"l\\\":1}\"}")
         REV("response.completed", "\"response\":{\"status\":\"completed\",\"usage\":{\"input_tokens\":10,\"input_tokens_details\":{\"cached_tokens\":2},\"output_tokens\":20,\"output_tokens_details\":{\"reasoning_tokens\":5},\"total_tokens\":30}}"),
         "reasoning 0 Think\nreasoning 0 ing\ncontent 0 Hi\nstart 0 0 call_1|weather\n"
         "args 0 0 {\"l\":\nargs 0 0 1}\nfinish 0 tool_calls completed\nusage 10 20 30 2 5 -\n"
         "done\nend OK\n");
}

void test_openai_responses_arguments_from_done_events(void) {
  EXPECT("a call without deltas takes .done's arguments once; deltas by output_index",
         REV("response.output_item.added", "\"output_index\":0,\"item\":{\"type\":\"function_call\",\"id\":\"fc_a\",\"call_id\":\"call_a\",\"name\":\"f\"}")
         REV("response.function_call_arguments.done", "\"item_id\":\"fc_a\",\"output_index\":0,\"arguments\":\"{\\\"x\\\":1}\"")
         REV("response.output_item.done", "\"output_index\":0,\"item\":{\"type\":\"function_call\",\"id\":\"fc_a\",\"call_id\":\"call_a\",\"name\":\"f\",\"arguments\":\"{\\\"x\\\":1}\"}")
         REV("response.output_item.added", "\"output_index\":1,\"item\":{\"type\":\"function_call\",\"id\":\"fc_b\",\"call_id\":\"call_b\",\"name\":\"g\"}")
         REV("response.output_item.done", "\"output_index\":1,\"item\":{\"type\":\"function_call\",\"id\":\"fc_b\",\"call_id\":\"call_b\",\"name\":\"g\",\"arguments\":\"{}\"}")
         REV("response.output_item.added", "\"output_index\":2,\"item\":{\"type\":\"function_call\",\"id\":\"fc_c\",\"call_id\":\"call_c\",\"name\":\"h\"}")
         REV("response.function_call_arguments.delta", "\"output_index\":2,\"delta\":\"[]\"")
         REV("response.completed", "\"response\":{\"status\":\"completed\"}"),
         "start 0 0 call_a|f\nargs 0 0 {\"x\":1}\nstart 0 1 call_b|g\nargs 0 1 {}\n"
         "start 0 2 call_c|h\nargs 0 2 []\nfinish 0 tool_calls completed\ndone\nend OK\n");
}

void test_openai_responses_incomplete_and_failed(void) {
  EXPECT("incomplete with a reason",
         REV("response.incomplete", "\"response\":{\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"}}"),
         "finish 0 length max_output_tokens\ndone\nend OK\n");
  EXPECT("incomplete without a reason",
         REV("response.incomplete", "\"response\":{\"status\":\"incomplete\",\"incomplete_details\":null}"),
         "finish 0 other incomplete\ndone\nend OK\n");
  EXPECT("content_filter",
         REV("response.incomplete", "\"response\":{\"incomplete_details\":{\"reason\":\"content_filter\"}}"),
         "finish 0 content_filter content_filter\ndone\nend OK\n");
  EXPECT("failed: the error's message, finish error, done; nothing counts after",
         REV("response.output_text.delta", "\"delta\":\"par\"")
         REV("response.failed", "\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"The server had an error\"}}")
         REV("response.output_text.delta", "\"delta\":\"late\""),
         "content 0 par\nerror E_PROVIDER The server had an error\nfinish 0 error failed\ndone\n"
         "error E_AFTER_DONE\nend OK\n");
}

void test_openai_responses_error_events(void) {
  EXPECT("error events: top-level message, else nested error.message",
         REV("response.created", "\"response\":{}")
         REV("error", "\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limited\"")
         REV("error", "\"error\":{\"message\":\"nested\"}"),
         "error E_PROVIDER Rate limited\nerror E_PROVIDER nested\n"
         "end E_NO_END_MARKER\n");
}
