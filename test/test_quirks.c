/* Quirk counters: each provider quirk the parser normalizes is counted
   once per occurrence, whole or byte by byte, and only that quirk. The
   streams are hand-written, one quirk each; the counts come from reading
   them. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "expect.h"
#include "noop_callbacks.h"
#include "sse_delta.h"

static unsigned char ws[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];

static sse_delta_quirks quirks_of(const char *s, size_t slice) {
  sse_delta_callbacks cb;
  sse_delta_parser p;
  sse_delta_quirks q;
  size_t n = strlen(s), at;
  memset(&cb, 0, sizeof cb);
  cb.on_content = noop_text;
  cb.on_tool_call_arguments = noop_arguments;
  cb.on_finish = noop_finish;
  cb.on_usage = noop_usage;
  if (sse_delta_init(&p, ws, sizeof ws, &cb, NULL, NULL) != SSE_DELTA_OK) abort();
  for (at = 0; at < n; at += slice ? slice : n)
    (void)sse_delta_feed(&p, s + at, slice && n - at > slice ? slice : n - at, NULL);
  (void)sse_delta_end(&p, NULL);
  sse_delta_get_quirks(&p, &q);
  return q;
}

/* The stream has `count` of the quirk at offset `field` and no other. */
static void expect_quirk(const char *name, const char *s, size_t field, uint32_t count) {
  size_t slices[2] = {0, 1}, k, f;
  for (k = 0; k < 2; k++) {
    sse_delta_quirks q = quirks_of(s, slices[k]);
    const uint32_t *c = (const uint32_t *)(const void *)&q;
    for (f = 0; f < sizeof q / sizeof(uint32_t); f++) {
      uint32_t want = f * sizeof(uint32_t) == field ? count : 0;
      CHECK_MSG(c[f] == want, "%s (%s): counter %u is %u, want %u", name,
                k ? "byte by byte" : "whole", (unsigned)f, (unsigned)c[f], (unsigned)want);
    }
  }
}
#define QUIRK(name, stream, member, count)                                      \
  expect_quirk(name, stream, offsetof(sse_delta_quirks, member), count)

void test_quirks_each_counted(void) {
  QUIRK("two keep-alive comments", ": ping\n" DELTA("{\"content\":\"a\"}") ":\n" DONE_EV,
        comment_lines, 2);
  QUIRK("a payload that is not JSON", EV("not json") DELTA("{\"content\":\"a\"}") DONE_EV,
        non_json_payloads, 1);
  QUIRK("an empty choices chunk", DELTA("{\"content\":\"a\"}") EV("{\"choices\":[]}") DONE_EV,
        empty_choices, 1);
  QUIRK("tool calls without an index",
        TOOLS("[{\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\"}}]")
        TOOLS("[{\"function\":{\"arguments\":\"}\"}}]") DONE_EV,
        tool_call_without_index, 2);
  QUIRK("a new id at a used index",
        TOOLS("[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\"}}]")
        TOOLS("[{\"index\":0,\"id\":\"c2\",\"function\":{\"name\":\"g\"}}]") DONE_EV,
        index_reused, 1);
  QUIRK("id and name sent again",
        TOOLS("[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\"}}]")
        TOOLS("[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]") DONE_EV,
        id_or_name_resent, 2);
  QUIRK("usage null after counts",
        EV("{\"choices\":[{\"index\":0,\"delta\":{}}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}")
        EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"usage\":null}") DONE_EV,
        usage_null_after_usage, 1);
  QUIRK("usage in x_groq",
        EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"x_groq\":{\"usage\":{\"prompt_tokens\":1}}}") DONE_EV,
        usage_in_x_groq, 1);
  QUIRK("a finish word replaced",
        EV("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}")
        EV("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}") DONE_EV,
        finish_word_changed, 1);
  QUIRK("stop after a tool call",
        TOOLS("[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]")
        EV("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}") DONE_EV,
        stop_after_tool_calls, 1);
  QUIRK("arguments only in the .done event",
        "data: {\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"function_call\",\"id\":\"fc\",\"call_id\":\"c\",\"name\":\"f\"}}\n\n"
        "data: {\"type\":\"response.function_call_arguments.done\",\"item_id\":\"fc\",\"arguments\":\"{}\"}\n\n"
        "data: {\"type\":\"response.completed\",\"response\":{\"status\":\"completed\"}}\n\n",
        arguments_only_in_done, 1);
  QUIRK("a [DONE] before anthropic's own end",
        "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\n"
        DONE_EV "data: {\"type\":\"message_stop\"}\n\n",
        foreign_done, 1);
}

void test_quirks_api(void) {
  sse_delta_quirks q;
  sse_delta_callbacks cb;
  sse_delta_parser p;
  static const char two[] = ": a\n: b\n";
  memset(&q, 0xff, sizeof q);
  sse_delta_get_quirks(NULL, &q);
  CHECK(q.comment_lines == 0 && q.replayed_events == 0);
  sse_delta_get_quirks(NULL, NULL); /* must not crash */
  memset(&cb, 0, sizeof cb);
  cb.on_content = noop_text;
  CHECK(sse_delta_init(&p, ws, sizeof ws, &cb, NULL, NULL) == SSE_DELTA_OK);
  CHECK(sse_delta_feed(&p, two, sizeof two - 1, NULL) == SSE_DELTA_OK);
  CHECK(sse_delta_reconnect(&p) == SSE_DELTA_OK);
  CHECK(sse_delta_feed(&p, two, 4, NULL) == SSE_DELTA_OK);
  sse_delta_get_quirks(&p, &q);
  CHECK(q.comment_lines == 3); /* a reconnect keeps counting */
  sse_delta_reset(&p);
  sse_delta_get_quirks(&p, &q);
  CHECK(q.comment_lines == 0); /* a reset starts over */
}
