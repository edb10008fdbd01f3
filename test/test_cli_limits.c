/* `sse-delta --limits` sizes a device: for the bundled seed cassettes it
   must name the needs measured before (659-byte events, 60 tokens, 2 tool
   calls), and running the tool with exactly those limits must give the
   summaries of the defaults, while one byte, token or call less changes
   them (the limits are tight, not merely enough). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "run_tool.h"

#define SEEDS "test/cassettes/*.yaml"

static int read_limits(const char *out, unsigned long *event, unsigned long *tokens,
                       unsigned long *calls) {
  const char *at = out ? strstr(out, "\nlimits ") : NULL;
  unsigned long ws;
  return at != NULL && sscanf(at + 1, "limits max_event_bytes=%lu max_tokens=%lu "
                                      "max_tool_calls=%lu workspace=%lu",
                              event, tokens, calls, &ws) == 4;
}

static char *summaries_with(unsigned long event, unsigned long tokens, unsigned long calls) {
  char args[200];
  run_result r;
  snprintf(args, sizeof args, "--summary --max-event-bytes %lu --max-tokens %lu --max-tool-calls %lu " SEEDS,
           event, tokens, calls);
  r = run_tool(args);
  free(r.err);
  return r.out;
}

void test_cli_limits_size_a_device(void) {
  run_result limits = run_tool("--limits " SEEDS), defaults = run_tool("--summary " SEEDS);
  unsigned long event = 0, tokens = 0, calls = 0;
  char *exact, *less;
  CHECK(limits.status == 0 && defaults.status == 0);
  CHECK_MSG(read_limits(limits.out, &event, &tokens, &calls), "no limits line in: %s",
            limits.out ? limits.out : "(none)");
  CHECK(event == 659 && tokens == 60 && calls == 2);
  exact = summaries_with(event, tokens, calls);
  CHECK_MSG(exact != NULL && defaults.out != NULL && strcmp(exact, defaults.out) == 0,
            "the summaries with the measured limits differ from the defaults'");
  less = summaries_with(event - 1, tokens, calls);
  CHECK_MSG(less == NULL || strcmp(less, defaults.out) != 0, "659 bytes are more than needed");
  free(less);
  less = summaries_with(event, tokens - 1, calls);
  CHECK_MSG(less == NULL || strcmp(less, defaults.out) != 0, "60 tokens are more than needed");
  free(less);
  less = summaries_with(event, tokens, calls - 1);
  CHECK_MSG(less == NULL || strcmp(less, defaults.out) != 0, "2 tool calls are more than needed");
  free(less);
  free(exact);
  free_run(&limits);
  free_run(&defaults);
}

void test_cli_limits_out_of_range(void) {
  run_result r = run_tool("--max-tokens 0 " SEEDS);
  CHECK(r.status == 2);
  free_run(&r);
  r = run_tool("--max-tokens 99999999 " SEEDS); /* over the library's 2^24 */
  CHECK(r.status == 2 && r.err != NULL && strstr(r.err, "out of range") != NULL);
  free_run(&r);
}
