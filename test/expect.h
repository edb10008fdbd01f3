/* Hand-written expectations for whole streams: the exact callback log
   (recorder.h) a stream must give, checked fed whole and then held to
   split invariance (every split point, byte by byte, pausing). */
#ifndef SSE_DELTA_TEST_EXPECT_H
#define SSE_DELTA_TEST_EXPECT_H

#include "../sse_delta.h"

/* One SSE event holding a JSON payload, and the openai-chat end marker. */
#define EV(json) "data: " json "\n\n"
#define DONE_EV "data: [DONE]\n\n"
/* An openai-chat chunk with one choice whose delta is `delta`. */
#define DELTA(delta) EV("{\"choices\":[{\"index\":0,\"delta\":" delta "}]}")
/* An openai-chat chunk with tool-call entries `entries` (a JSON array). */
#define TOOLS(entries) DELTA("{\"tool_calls\":" entries "}")

void expect_stream_opts(const char *name, const char *input, size_t len, const char *want,
                        const sse_delta_options *options);
#define EXPECT(name, input, want) expect_stream_opts(name, input, sizeof(input) - 1, want, NULL)
#define EXPECT_OPTS(name, input, want, opts)                                     \
  expect_stream_opts(name, input, sizeof(input) - 1, want, opts)

#endif
