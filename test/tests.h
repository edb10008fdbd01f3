/* Every test of the suite, one X(name) per test function test_<name>. */
#ifndef SSE_DELTA_TEST_TESTS_H
#define SSE_DELTA_TEST_TESTS_H

#define TEST_LIST(X)                                                           \
  X(framing_rules)                                                             \
  X(split_framing_cases)                                                       \
  X(openai_chat_text_finish_usage_done)                                                   \
  X(openai_chat_done_marker)                                                   \
  X(openai_chat_reasoning_fields)                                                   \
  X(openai_chat_tool_index_is_a_key)                                                   \
  X(openai_chat_tool_resent_id_and_empty_name)                                                   \
  X(openai_chat_tool_same_index_new_id)                                                   \
  X(openai_chat_tool_without_index)                                                   \
  X(openai_chat_tool_null_and_negative_index)                                                   \
  X(openai_chat_tool_entries_in_one_chunk)                                                   \
  X(openai_chat_tool_start_waits_for_name)                                                   \
  X(openai_chat_finish_words)                                                   \
  X(openai_chat_usage_rules)                                                   \
  X(openai_chat_choices)                                                   \
  X(openai_chat_provider_errors)                                                   \
  X(openai_chat_wrong_types_are_absent)                                                   \
  X(openai_chat_bad_payloads)                                                   \
  X(openai_chat_bounds)                                                   \
  X(openai_chat_cut_streams)

#endif
