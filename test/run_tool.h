/* Running build/sse-delta from the tests, as a user would. */
#ifndef SSE_DELTA_TEST_RUN_TOOL_H
#define SSE_DELTA_TEST_RUN_TOOL_H

#include <stddef.h>

#ifndef BUILD_DIR
#define BUILD_DIR "build" /* the Makefile's $(BUILD) */
#endif
#define TOOL BUILD_DIR "/sse-delta"
#define SCRATCH BUILD_DIR "/test-cli"

typedef struct run_result {
  int status; /* exit status, -1 when it did not exit normally */
  char *out;
  size_t out_len;
  char *err;
} run_result;

/* Run the tool with `args` (shell words), stdin from /dev/null. */
run_result run_tool(const char *args);
void free_run(run_result *r);

#endif
