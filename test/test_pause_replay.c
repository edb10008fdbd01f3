/* Pausing in the middle of a payload whose entries touch the same choice
   or the same tool call more than once: resuming must neither repeat nor
   lose a callback (EXPECT pauses at every callback and resumes). These
   inputs were found by review, not by the recordings. */
#include "check.h"
#include "expect.h"

void test_pause_replay_finish_before_a_later_call(void) {
  EXPECT("a finish, then a call opened later in the same payload",
         EV("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\"},"
            "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"x\"}]}},"
            "{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}"),
         "finish 0 stop stop\ncontent 0 hi\nstart 0 0 x|\n"
         "end E_NO_END_MARKER\n");
}

void test_pause_replay_same_index_new_id_in_one_chunk(void) {
  EXPECT("fragments of an index that a later entry of the chunk reopens",
         TOOLS("[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\"}}]")
         TOOLS("[{\"index\":0,\"function\":{\"arguments\":\"1\"}},{\"index\":0,\"id\":\"b\"},"
               "{\"index\":1,\"id\":\"c\",\"function\":{\"name\":\"g\",\"arguments\":\"2\"}}]") DONE_EV,
         "start 0 0 a|f\nargs 0 0 1\nstart 0 2 c|g\nargs 0 2 2\nstart 0 1 b|\ndone\nend OK\n");
}

void test_pause_replay_two_finish_words_in_one_payload(void) {
  EXPECT("openai-chat: two words for one choice in one chunk",
         EV("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\"},{\"index\":0,\"finish_reason\":\"length\"}]}")
         DONE_EV,
         "finish 0 stop stop\nfinish 0 length length\ndone\nend OK\n");
  EXPECT("gemini: two words for candidate 0 in one payload",
         EV("{\"candidates\":[{\"finishReason\":\"STOP\"},{\"index\":0,\"finishReason\":\"SAFETY\"}]}"),
         "finish 0 stop STOP\nfinish 0 content_filter SAFETY\ndone\nend OK\n");
  EXPECT("words that differ only after 24 bytes are different words",
         EV("{\"choices\":[{\"index\":0,\"finish_reason\":\"xxxxxxxxxxxxxxxxxxxxxxxxA\"}]}")
         EV("{\"choices\":[{\"index\":0,\"finish_reason\":\"xxxxxxxxxxxxxxxxxxxxxxxxB\"}]}") DONE_EV,
         "finish 0 other xxxxxxxxxxxxxxxxxxxxxxxxA\nfinish 0 other xxxxxxxxxxxxxxxxxxxxxxxxB\n"
         "done\nend OK\n");
  EXPECT("choices beyond the tracked ones report every word once",
         EV("{\"choices\":[{\"index\":9,\"finish_reason\":\"stop\"},{\"index\":9,\"finish_reason\":\"stop\"}]}")
         DONE_EV,
         "finish 9 stop stop\nfinish 9 stop stop\ndone\nend OK\n");
}
