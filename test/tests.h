/* Every test of the suite, one X(name) per test function test_<name>. */
#ifndef SSE_DELTA_TEST_TESTS_H
#define SSE_DELTA_TEST_TESTS_H

#define TEST_LIST(X)                                                           \
  X(framing_rules)                                                             \
  X(split_framing_cases) \
  X(split_corpus_pausing)                                                       \
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
  X(openai_chat_cut_streams) \
  X(strings_escapes) \
  X(strings_surrogates) \
  X(strings_invalid_input) \
  X(anthropic_full_stream) \
  X(anthropic_without_event_lines) \
  X(anthropic_server_tool_use) \
  X(anthropic_finishes) \
  X(anthropic_error_event) \
  X(anthropic_cut_streams) \
  X(openai_responses_full_stream) \
  X(openai_responses_arguments_from_done_events) \
  X(openai_responses_incomplete_and_failed) \
  X(openai_responses_error_events) \
  X(gemini_full_stream) \
  X(gemini_calls) \
  X(gemini_finishes) \
  X(gemini_error_payload) \
  X(gemini_cut_stream) \
  X(detection_decisive_payloads) \
  X(detection_first_decisive_wins) \
  X(detection_error_only_streams) \
  X(detection_forced) \
  X(detection_undecided_stream_reports_errors) \
  X(api_workspace_size) \
  X(api_init_misuse) \
  X(api_no_reentry_from_callbacks) \
  X(api_pause_and_resume) \
  X(api_pause_then_end_delivers_the_rest) \
  X(api_reset_forgets_the_stream) \
  X(api_tool_ordinals_restart_after_reset) \
  X(api_names) \
  X(api_two_parsers_at_once)

#endif
