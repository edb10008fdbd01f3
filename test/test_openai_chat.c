/* openai-chat field mapping and provider quirks (doc/rules.md section 7),
   each as a stream with the exact callbacks it must give. */
#include "check.h"
#include "expect.h"

void test_openai_chat_text_finish_usage_done(void) {
  EXPECT("plain answer",
         ": OPENROUTER PROCESSING\n\n"
         DELTA("{\"role\":\"assistant\",\"content\":\"Hel\"}")
         EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}],\"usage\":null}")
         EV("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
            "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12}}")
         DONE_EV,
         "content 0 Hel\ncontent 0 lo\nfinish 0 stop stop\nusage 10 2 12 - - -\ndone\nend OK\n");
}

void test_openai_chat_done_marker(void) {
  EXPECT("[DONE] inside content is content; [DONE]x is not the marker",
         DELTA("{\"content\":\"[DONE]\"}") "data: [DONE]x\n\n",
         "content 0 [DONE]\nerror E_JSON_SYNTAX\nend E_NO_END_MARKER\n");
  EXPECT("nothing counts after [DONE]", DONE_EV DELTA("{\"content\":\"late\"}"),
         "done\nerror E_AFTER_DONE\nend OK\n");
  EXPECT("[DONE] alone is an openai-chat stream", DONE_EV, "done\nend OK\n");
}

void test_openai_chat_reasoning_fields(void) {
  EXPECT("reasoning_content wins over reasoning; reasoning_details never added",
         DELTA("{\"reasoning_content\":\"A\",\"reasoning\":\"A\",\"reasoning_details\":[{\"text\":\"A\"}]}")
         DELTA("{\"reasoning\":\"B\",\"reasoning_details\":[{\"text\":\"B\"}]}")
         DELTA("{\"reasoning_content\":null,\"reasoning\":\"C\",\"content\":\"D\"}") DONE_EV,
         "reasoning 0 A\nreasoning 0 B\nreasoning 0 C\ncontent 0 D\ndone\nend OK\n");
}

void test_openai_chat_tool_index_is_a_key(void) {
  EXPECT("index starting at 1, arguments in fragments",
         TOOLS("[{\"index\":1,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]")
         TOOLS("[{\"index\":1,\"function\":{\"arguments\":\"{\\\"loc\\\":\"}}]")
         TOOLS("[{\"index\":1,\"function\":{\"arguments\":\"\\\"Rome\\\"}\"}}]")
         EV("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}") DONE_EV,
         "start 0 0 call_a|weather\nargs 0 0 {\"loc\":\nargs 0 0 \"Rome\"}\n"
         "finish 0 tool_calls tool_calls\ndone\nend OK\n");
}

void test_openai_chat_tool_resent_id_and_empty_name(void) {
  EXPECT("whole call in one fragment, then id and name:\"\" re-sent on every fragment",
         TOOLS("[{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"get\",\"arguments\":\"{\\\"a\\\":\"}}]")
         TOOLS("[{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"\",\"arguments\":\"1}\"}}]") DONE_EV,
         "start 0 0 call_1|get\nargs 0 0 {\"a\":\nargs 0 0 1}\ndone\nend OK\n");
}

void test_openai_chat_tool_same_index_new_id(void) {
  EXPECT("parallel calls that all say index 0",
         TOOLS("[{\"index\":0,\"id\":\"call_a\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]")
         TOOLS("[{\"index\":0,\"id\":\"call_b\",\"function\":{\"name\":\"g\",\"arguments\":\"{\"}}]")
         TOOLS("[{\"index\":0,\"function\":{\"arguments\":\"}\"}}]") DONE_EV,
         "start 0 0 call_a|f\nargs 0 0 {}\nstart 0 1 call_b|g\nargs 0 1 {\nargs 0 1 }\ndone\nend OK\n");
}

void test_openai_chat_tool_without_index(void) {
  EXPECT("no index: a seen id continues, a new id opens, none goes to the latest",
         TOOLS("[{\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"1\"}}]")
         TOOLS("[{\"id\":\"c2\",\"function\":{\"name\":\"g\",\"arguments\":\"2\"}}]")
         TOOLS("[{\"id\":\"c1\",\"function\":{\"arguments\":\"3\"}}]")
         TOOLS("[{\"function\":{\"arguments\":\"4\"}}]") DONE_EV,
         "start 0 0 c1|f\nargs 0 0 1\nstart 0 1 c2|g\nargs 0 1 2\nargs 0 0 3\nargs 0 1 4\n"
         "done\nend OK\n");
  EXPECT("no index and no id before any call opens a call with no id",
         TOOLS("[{\"function\":{\"name\":\"h\",\"arguments\":\"x\"}}]") DONE_EV,
         "start 0 0 |h\nargs 0 0 x\ndone\nend OK\n");
}

void test_openai_chat_tool_null_and_negative_index(void) {
  EXPECT("null index counts as absent; -1 is a key like any other",
         TOOLS("[{\"index\":null,\"id\":\"n1\",\"function\":{\"name\":\"f\",\"arguments\":\"a\"}}]")
         TOOLS("[{\"index\":-1,\"id\":\"m1\",\"function\":{\"name\":\"g\",\"arguments\":\"b\"}}]")
         TOOLS("[{\"index\":-1,\"function\":{\"arguments\":\"c\"}}]")
         TOOLS("[{\"index\":null,\"id\":\"n1\",\"function\":{\"arguments\":\"d\"}}]") DONE_EV,
         "start 0 0 n1|f\nargs 0 0 a\nstart 0 1 m1|g\nargs 0 1 b\nargs 0 1 c\nargs 0 0 d\n"
         "done\nend OK\n");
}

void test_openai_chat_tool_entries_in_one_chunk(void) {
  EXPECT("two entries for one index in a single chunk are applied in order",
         TOOLS("[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}},"
               "{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]") DONE_EV,
         "start 0 0 c|f\nargs 0 0 {\"a\"\nargs 0 0 :1}\ndone\nend OK\n");
  EXPECT("interleaved fragments of two calls",
         TOOLS("[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}},"
               "{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"\"}}]")
         TOOLS("[{\"index\":1,\"function\":{\"arguments\":\"B1\"}}]")
         TOOLS("[{\"index\":0,\"function\":{\"arguments\":\"A1\"}}]")
         TOOLS("[{\"index\":1,\"function\":{\"arguments\":\"B2\"}}]") DONE_EV,
         "start 0 0 a|f\nstart 0 1 b|g\nargs 0 1 B1\nargs 0 0 A1\nargs 0 1 B2\ndone\nend OK\n");
}

void test_openai_chat_tool_start_waits_for_name(void) {
  EXPECT("start fires once the name is known, before the first argument bytes",
         TOOLS("[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"\",\"arguments\":\"\"}}]")
         TOOLS("[{\"index\":0,\"function\":{\"name\":\"f\"}}]")
         TOOLS("[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]") DONE_EV,
         "start 0 0 c|f\nargs 0 0 {}\ndone\nend OK\n");
  EXPECT("a call with no name and no arguments starts before the finish",
         TOOLS("[{\"index\":0,\"id\":\"z\"}]")
         EV("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}") DONE_EV,
         "start 0 0 z|\nfinish 0 tool_calls stop\ndone\nend OK\n");
}

void test_openai_chat_finish_words(void) {
  EXPECT("a repeated word does not fire again, a changed word does",
         EV("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")
         EV("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")
         EV("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":null}]}")
         EV("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}") DONE_EV,
         "finish 0 stop stop\nfinish 0 length length\ndone\nend OK\n");
  EXPECT("normalization",
         EV("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"content_filter\"},"
            "{\"index\":1,\"delta\":{},\"finish_reason\":\"function_call\"},"
            "{\"index\":2,\"delta\":{},\"finish_reason\":\"error\"},"
            "{\"index\":3,\"delta\":{},\"finish_reason\":\"eos\"}]}") DONE_EV,
         "finish 0 content_filter content_filter\nfinish 1 tool_calls function_call\n"
         "finish 2 error error\nfinish 3 other eos\ndone\nend OK\n");
  EXPECT("stop after a tool call means tool_calls",
         TOOLS("[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]")
         EV("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}") DONE_EV,
         "start 0 0 c|f\nargs 0 0 {}\nfinish 0 tool_calls stop\ndone\nend OK\n");
}

void test_openai_chat_usage_rules(void) {
  EXPECT("usage-only tail chunk with empty choices, cost and details",
         EV("{\"id\":\"\",\"choices\":[],\"prompt_filter_results\":[{\"prompt_index\":0}]}")
         DELTA("{\"content\":\"x\"}")
         EV("{\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10,"
            "\"cost\":0.00042,\"prompt_tokens_details\":{\"cached_tokens\":4},"
            "\"completion_tokens_details\":{\"reasoning_tokens\":2}}}") DONE_EV,
         "content 0 x\nusage 7 3 10 4 2 0.00042\ndone\nend OK\n");
  EXPECT("usage twice: each report fires, the last holds, never summed; null never erases",
         EV("{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}")
         EV("{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":9}}")
         EV("{\"choices\":[],\"usage\":null}") DONE_EV,
         "usage 5 1 6 - - -\nusage 5 9 - - - -\ndone\nend OK\n");
  EXPECT("x_groq.usage is used when there is no top-level usage; top-level wins",
         EV("{\"choices\":[],\"x_groq\":{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}}")
         EV("{\"choices\":[],\"x_groq\":{\"usage\":{\"prompt_tokens\":8}},\"usage\":{\"prompt_tokens\":4}}")
         DONE_EV,
         "usage 1 2 3 - - -\nusage 4 - - - - -\ndone\nend OK\n");
  EXPECT("usage objects nested elsewhere are not usage; no counts does not fire",
         EV("{\"choices\":[{\"index\":0,\"delta\":{\"usage\":{\"prompt_tokens\":1}},\"usage\":{\"prompt_tokens\":2}}],"
            "\"usage\":{}}") DONE_EV,
         "done\nend OK\n");
}

void test_openai_chat_choices(void) {
  EXPECT("n>1 choices are delivered with their index",
         EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}},{\"index\":1,\"delta\":{\"content\":\"b\"}}]}")
         EV("{\"choices\":[{\"index\":1,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"k\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}")
         EV("{\"choices\":[{\"delta\":{\"content\":\"no index: position 0\"}}]}") DONE_EV,
         "content 0 a\ncontent 1 b\nstart 1 0 k|f\nargs 1 0 {}\ncontent 0 no index: position 0\n"
         "done\nend OK\n");
}

void test_openai_chat_provider_errors(void) {
  EXPECT("OpenRouter error object with finish_reason error",
         EV("{\"error\":{\"message\":\"Upstream error\",\"code\":502},"
            "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}") DONE_EV,
         "error E_PROVIDER Upstream error\nfinish 0 error error\ndone\nend OK\n");
  EXPECT("error null is not an error, a string is, an object without message is its JSON",
         EV("{\"error\":null,\"choices\":[]}") EV("{\"error\":\"\"}") EV("{\"error\":\"boom\"}")
         EV("{\"error\": { \"code\" : 429, \"detail\": \"a b\" }}") DONE_EV,
         "error E_PROVIDER boom\nerror E_PROVIDER {\"code\":429,\"detail\":\"a b\"}\ndone\nend OK\n");
}

void test_openai_chat_wrong_types_are_absent(void) {
  EXPECT("fields of the wrong JSON type count as absent",
         EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":5,\"tool_calls\":{}},\"finish_reason\":3}],"
            "\"usage\":{\"prompt_tokens\":\"10\",\"completion_tokens\":-5,\"total_tokens\":1.5}}")
         EV("{\"choices\":{\"index\":0},\"usage\":\"x\"}")
         EV("{\"choices\":[7,null,{\"delta\":[]}]}") DONE_EV,
         "done\nend OK\n");
}

void test_openai_chat_bad_payloads(void) {
  EXPECT("not JSON, not an object, two values: each reported, parsing goes on",
         "data: hello\n\n" "data: null\n\n" "data: [1,2]\n\n" "data: {}{}\n\n" "data: {\"a\":\n\n"
         DELTA("{\"content\":\"ok\"}") DONE_EV,
         "error E_JSON_SYNTAX\nerror E_JSON_SHAPE\nerror E_JSON_SHAPE\nerror E_JSON_SYNTAX\n"
         "error E_JSON_SYNTAX\ncontent 0 ok\ndone\nend OK\n");
}

void test_openai_chat_bounds(void) {
  sse_delta_options opt = {0};
  opt.max_tokens = 12;
  EXPECT_OPTS("more tokens than the array holds: the event is skipped",
              EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\",\"a\":1,\"b\":2,\"c\":3}}]}")
              DELTA("{\"content\":\"ok\"}") DONE_EV,
              "error E_TOO_MANY_TOKENS\ncontent 0 ok\ndone\nend OK\n", &opt);
  opt.max_tokens = 0;
  opt.max_tool_calls = 1;
  EXPECT_OPTS("more tool calls than the table holds: the extra call is dropped and reported",
              TOOLS("[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"1\"}}]")
              TOOLS("[{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"2\"}}]")
              TOOLS("[{\"index\":1,\"function\":{\"arguments\":\"3\"}}]")
              TOOLS("[{\"index\":0,\"function\":{\"arguments\":\"4\"}}]") DONE_EV,
              "start 0 0 a|f\nargs 0 0 1\nerror E_TOOL_LIMIT\nerror E_TOOL_LIMIT\nargs 0 0 4\n"
              "done\nend OK\n",
              &opt);
  EXPECT("a count that overflows is reported and absent",
         EV("{\"choices\":[],\"usage\":{\"prompt_tokens\":99999999999999999999,\"completion_tokens\":2}}")
         DONE_EV,
         "error E_NUMBER_OVERFLOW\nusage - 2 - - - -\ndone\nend OK\n");
  opt.max_tool_calls = 0;
  opt.max_event_bytes = 60;
  EXPECT_OPTS("an event larger than the buffer (60 bytes) is skipped",
              DELTA("{\"content\":\"this payload is longer than forty bytes\"}")
              DELTA("{\"content\":\"ok\"}") DONE_EV,
              "error E_EVENT_TOO_LARGE\ncontent 0 ok\ndone\nend OK\n", &opt);
}

void test_openai_chat_cut_streams(void) {
  EXPECT("cut in the middle of an event",
         DELTA("{\"content\":\"a\"}") "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}\n",
         "content 0 a\nend E_TRUNCATED_EVENT\n");
  EXPECT("cut in the middle of a string",
         DELTA("{\"content\":\"a\"}") "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel",
         "content 0 a\nend E_TRUNCATED_EVENT\n");
  EXPECT("cut in the middle of tool arguments; a call waiting for its name starts at the end",
         TOOLS("[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}}]")
         TOOLS("[{\"index\":1,\"id\":\"d\"}]")
         "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":1",
         "start 0 0 c|f\nargs 0 0 {\"a\"\nstart 0 1 d|\n"
         "end E_TRUNCATED_EVENT\n");
  EXPECT("a clean stream without [DONE]",
         EV("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"),
         "finish 0 stop stop\nend E_NO_END_MARKER\n");
}

void test_openai_chat_dropped_call_fragments(void) {
  sse_delta_options opt = {0};
  opt.max_tool_calls = 1;
  EXPECT_OPTS("fragments without index or id after a dropped call are not given to another call",
              TOOLS("[{\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":\"}}]")
              TOOLS("[{\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"y\\\":\"}}]")
              TOOLS("[{\"function\":{\"arguments\":\"2}\"}}]") TOOLS("[{\"id\":\"a\",\"function\":{\"arguments\":\"1}\"}}]")
              DONE_EV,
              "start 0 0 a|f\nargs 0 0 {\"x\":\nerror E_TOOL_LIMIT\nerror E_TOOL_LIMIT\nargs 0 0 1}\n"
              "done\nend OK\n",
              &opt);  EXPECT_OPTS("a drop in another choice does not make this choice's drop forgotten",
              TOOLS("[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\"}}]")
              TOOLS("[{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"g\"}}]")
              EV("{\"choices\":[{\"index\":1,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\","
                 "\"function\":{\"name\":\"h\"}}]}}]}")
              TOOLS("[{\"function\":{\"arguments\":\"XX\"}}]") DONE_EV,
              "start 0 0 a|f\nargs 0 0 {\nerror E_TOOL_LIMIT\nerror E_TOOL_LIMIT\nerror E_TOOL_LIMIT\n"
              "done\nend OK\n",
              &opt);
}

/* A value of another type than the rule's is no match: the string "null"
   is an index like "x", not the null that means none. */
void test_openai_chat_index_string_null(void) {
  EXPECT("an index \"null\" (a string) is a key",
         TOOLS("[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\"}}]")
         TOOLS("[{\"index\":\"null\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]") DONE_EV,
         "start 0 0 a|f\nargs 0 0 {\nstart 0 1 |g\nargs 0 1 {}\ndone\nend OK\n");
}

/* Strict jsmn lets these through; the library refuses each as JSON. */
void test_openai_chat_malformed_json_jsmn_accepts(void) {
  EXPECT("a key without its value, a missing comma or colon, a trailing comma, a bad literal",
         EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\",\"y\"}}]}")
         EV("{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"cost\":--1.2.3}}")
         EV("{\"a\":1 \"b\":2}") EV("{\"a\":[1 2]}") EV("{\"a\",\"b\":1}") EV("{\"a\":[1,]}")
         EV("{\"a\":1,}") EV("{\"a\":tru}") EV("{\"a\":\"b\":1}")
         EV("{\"choices\":[],\"usage\":{\"prompt_tokens\":2,\"cost\":1.5e-3}}") DONE_EV,
         "error E_JSON_SYNTAX\nerror E_JSON_SYNTAX\nerror E_JSON_SYNTAX\nerror E_JSON_SYNTAX\n"
         "error E_JSON_SYNTAX\nerror E_JSON_SYNTAX\nerror E_JSON_SYNTAX\nerror E_JSON_SYNTAX\n"
         "error E_JSON_SYNTAX\nusage 2 - - - - 1.5e-3\ndone\nend OK\n");
  EXPECT("white space anywhere JSON allows it is fine",
         EV(" { \"choices\" : [ { \"index\" : 0 , \"delta\" : { \"content\" : \"x\" } } ] } ") DONE_EV,
         "content 0 x\ndone\nend OK\n");
  EXPECT("a separator before the value, or inside an empty container, a bad lone word",
         EV(",{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}")
         EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\",\"x\":[,]}}]}")
         EV("{\"a\":{:}}") EV("[[,]]") EV("tru ") EV("1.2.3\t")
         EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"c\",\"x\":[ ],\"y\":{ }}}]}") DONE_EV,
         "error E_JSON_SYNTAX\nerror E_JSON_SYNTAX\nerror E_JSON_SYNTAX\nerror E_JSON_SYNTAX\n"
         "error E_JSON_SYNTAX\nerror E_JSON_SYNTAX\ncontent 0 c\ndone\nend OK\n");
}

void test_openai_chat_cost_forms(void) {
  EXPECT("a cost that is a string, a literal or an object is no cost",
         EV("{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"cost\":\"0.1\"}}")
         EV("{\"choices\":[],\"usage\":{\"prompt_tokens\":2,\"cost\":true}}")
         EV("{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"cost\":{\"usd\":1}}}") DONE_EV,
         "usage 1 - - - - -\nusage 2 - - - - -\nusage 3 - - - - -\ndone\nend OK\n");
}
