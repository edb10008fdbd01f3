/* Anthropic Messages streaming (doc/rules.md section 8). */
#include "check.h"
#include "expect.h"

#define AEV(type, json) "event: " type "\ndata: " json "\n\n"

void test_anthropic_full_stream(void) {
  EXPECT("thinking, text, a tool call with input_json_delta, usage override",
         AEV("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"usage\":"
                              "{\"input_tokens\":25,\"cache_read_input_tokens\":5,\"output_tokens\":1}}}")
         AEV("ping", "{\"type\": \"ping\"}")
         AEV("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}")
         AEV("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hmm.\"}}")
         AEV("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"abc\"}}")
         AEV("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
         AEV("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
         AEV("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}")
         AEV("content_block_start", "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}")
         AEV("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}")
         AEV("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}}")
         AEV("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}")
         AEV("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":2}")
         AEV("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":30}}")
         AEV("message_stop", "{\"type\":\"message_stop\"}"),
         "usage 25 1 26 5 - -\nreasoning 0 Hmm.\ncontent 0 Hi\nstart 0 0 toolu_1|get_weather\n"
         "args 0 0 {\"city\":\nargs 0 0 \"Paris\"}\nfinish 0 tool_calls tool_use\n"
         "usage 25 30 55 5 - -\ndone\nend OK\n");
}

void test_anthropic_without_event_lines(void) {
  EXPECT("a proxy that drops the event: lines; text of two blocks joined",
         EV("{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}")
         EV("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}")
         EV("{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":\"b\"}}")
         EV("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"input_tokens\":4,\"output_tokens\":2,\"cache_read_input_tokens\":1}}")
         EV("{\"type\":\"message_stop\"}"),
         "usage 3 0 3 - - -\ncontent 0 a\ncontent 0 b\nfinish 0 stop end_turn\nusage 4 2 6 1 - -\n"
         "done\nend OK\n");
}

void test_anthropic_server_tool_use(void) {
  EXPECT("server_tool_use is a call; a non-empty input is its arguments, compact; end_turn stays stop",
         AEV("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}")
         AEV("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{\"query\": \"x\"}}}")
         AEV("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"srvtoolu_1\",\"content\":[]}}")
         AEV("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"citations_delta\",\"citation\":{}}}")
         AEV("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":5}}")
         AEV("message_stop", "{\"type\":\"message_stop\"}"),
         "usage 9 1 10 - - -\nstart 0 0 srvtoolu_1|web_search\nargs 0 0 {\"query\":\"x\"}\n"
         "finish 0 stop end_turn\nusage 9 5 14 - - -\ndone\nend OK\n");
}

void test_anthropic_finishes(void) {
  EXPECT("max_tokens is length",
         EV("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"}}") EV("{\"type\":\"message_stop\"}"),
         "finish 0 length max_tokens\ndone\nend OK\n");
  EXPECT("refusal is content_filter, pause_turn and stop_sequence are stop, others other",
         EV("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\"}}")
         EV("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"pause_turn\"}}")
         EV("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"stop_sequence\"}}")
         EV("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"model_context_window_exceeded\"}}")
         EV("{\"type\":\"message_stop\"}"),
         "finish 0 content_filter refusal\nfinish 0 stop pause_turn\nfinish 0 stop stop_sequence\n"
         "finish 0 other model_context_window_exceeded\ndone\nend OK\n");
}

void test_anthropic_error_event(void) {
  EXPECT("overloaded_error: the message, finish error without a word, no end marker",
         AEV("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":2,\"output_tokens\":1}}}")
         AEV("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}")
         AEV("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
         "usage 2 1 3 - - -\ncontent 0 Hi\nerror E_PROVIDER Overloaded\nfinish 0 error (none)\n"
         "end E_NO_END_MARKER\n");
}

void test_anthropic_cut_streams(void) {
  EXPECT("cut in the middle of tool arguments",
         EV("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}}")
         EV("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\"}}")
         "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\":1",
         "start 0 0 t|f\nargs 0 0 {\"a\n"
         "end E_TRUNCATED_EVENT\n");
  EXPECT("input_json_delta for a block that is no tool call is reported",
         EV("{\"type\":\"content_block_delta\",\"index\":5,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}")
         EV("{\"type\":\"message_stop\"}"),
         "error E_JSON_SHAPE\ndone\nend OK\n");
}

void test_anthropic_total_overflow(void) {
  EXPECT("input + output beyond 64 bits: total absent, reported",
         EV("{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":9223372036854775807,\"output_tokens\":1}}}")
         EV("{\"type\":\"message_stop\"}"),
         "error E_NUMBER_OVERFLOW\nusage 9223372036854775807 1 - - - -\ndone\nend OK\n");
}

void test_anthropic_fragments_for_no_call(void) {
  EXPECT("input_json_delta for a block that is no call: reported, unless it is empty",
         AEV("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":4,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}")
         AEV("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":4,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}")
         AEV("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":4,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":7}}")
         AEV("message_stop", "{\"type\":\"message_stop\"}"),
         "error E_JSON_SHAPE\ndone\nend OK\n");
}
