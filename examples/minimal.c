/* examples/minimal.c: an answer read from stdin, printed as it streams. */
#include <stdio.h>
#include <string.h>
#include "sse_delta.h"

static int on_content(void *user, uint32_t choice, const char *text, size_t len) {
  (void)user;
  if (choice == 0) fwrite(text, 1, len, stdout);
  return 0; /* non-zero would pause the parser */
}

static int on_tool_call_start(void *user, uint32_t choice, uint32_t tool,
                              const char *id, size_t id_len,
                              const char *name, size_t name_len) {
  (void)user;
  printf("\n[call %u.%u %.*s id=%.*s] ", (unsigned)choice, (unsigned)tool,
         (int)name_len, name, (int)id_len, id);
  return 0;
}

static int on_tool_call_arguments(void *user, uint32_t choice, uint32_t tool,
                                  const char *json, size_t len) {
  (void)user; (void)choice; (void)tool;
  fwrite(json, 1, len, stdout); /* concatenate: the arguments' JSON text */
  return 0;
}

static int on_finish(void *user, uint32_t choice, sse_delta_finish reason,
                     const char *raw, size_t raw_len) {
  (void)user; (void)choice;
  printf("\n[finish %s (%.*s)]\n", sse_delta_finish_name(reason), (int)raw_len,
         raw ? raw : "");
  return 0;
}

static int on_usage(void *user, const sse_delta_usage *u) {
  (void)user;
  printf("[usage in=%lld out=%lld]\n", (long long)u->input_tokens,
         (long long)u->output_tokens); /* -1: SSE_DELTA_ABSENT */
  return 0;
}

static unsigned char workspace[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];

int main(void) {
  sse_delta_parser parser;
  sse_delta_callbacks cb;
  sse_delta_report report;
  char buf[4096];
  size_t n;
  memset(&cb, 0, sizeof cb); /* NULL callbacks are skipped */
  cb.on_content = on_content;
  cb.on_tool_call_start = on_tool_call_start;
  cb.on_tool_call_arguments = on_tool_call_arguments;
  cb.on_finish = on_finish;
  cb.on_usage = on_usage;
  if (sse_delta_init(&parser, workspace, sizeof workspace, &cb, NULL, NULL) !=
      SSE_DELTA_OK)
    return 2;
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) /* e.g. from recv() */
    sse_delta_feed(&parser, buf, n, NULL);
  sse_delta_end(&parser, &report);
  /* complete: finished, nothing cut; else truncated or failed */
  return sse_delta_verdict_of(&report) == SSE_DELTA_COMPLETE ? 0 : 1;
}
