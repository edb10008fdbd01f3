/* A connection that closes while the parser is paused: end() delivers the
   rest of the interrupted event, and ignores callbacks that ask to pause
   again (the header: "During sse_delta_end() a non-zero return is
   ignored"). So pausing at callback k and calling end() at once must give
   the same log as feeding, without pauses, only the bytes the paused feed
   had used, then end(). Checked with the pause at the first callback of
   every kind, over streams that have every kind, the committed fuzz seeds
   and, when present, the recorded corpus. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "corpus.h"
#include "expect.h"
#include "read_file.h"
#include "recorder.h"

static const char *const kinds[] = {"event ", "content ", "reasoning ", "start ", "args ",
                                    "finish ", "usage ",  "error ",     "done"};

/* Index of the first line of `log` starting with `prefix`, or -1. */
static long first_line_of(const char *log, const char *prefix) {
  long k = 0;
  size_t plen = strlen(prefix);
  while (*log) {
    const char *nl = strchr(log, '\n');
    if (strncmp(log, prefix, plen) == 0) return k;
    if (nl == NULL) break;
    log = nl + 1;
    k++;
  }
  return -1;
}

static int failures_shown;

static void check_pause_at(const char *name, const char *body, size_t len, size_t k) {
  size_t mask_len = k / 8 + 1, used = 0;
  unsigned char *mask = (unsigned char *)calloc(mask_len, 1);
  feed_plan paused, prefix;
  char *got, *want;
  if (mask == NULL) abort();
  mask[k / 8] = (unsigned char)(1u << (k % 8));
  memset(&paused, 0, sizeof paused);
  paused.with_on_event = 1;
  paused.with_report = 1;
  paused.pauses = mask;
  paused.n_pauses = mask_len;
  paused.end_at_pause = &used;
  got = record_stream(body, len, &paused);
  memset(&prefix, 0, sizeof prefix);
  prefix.with_on_event = 1;
  prefix.with_report = 1;
  want = record_stream(body, used, &prefix);
  if (strcmp(got, want) != 0) {
    check_failed_++;
    if (failures_shown++ < 3)
      fprintf(stderr, "  %s, paused at callback %lu, then end():\n    got:\n%s    want (%lu bytes fed):\n%s",
              name, (unsigned long)k, got, (unsigned long)used, want);
  }
  free(got);
  free(want);
  free(mask);
}

static void check_body(const char *name, const char *body, size_t len) {
  feed_plan all;
  char *full;
  size_t i;
  memset(&all, 0, sizeof all);
  all.with_on_event = 1;
  full = record_stream(body, len, &all);
  for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    long k = first_line_of(full, kinds[i]);
    if (k >= 0) check_pause_at(name, body, len, (size_t)k);
  }
  free(full);
}

/* Every callback kind, each followed by more of the same event, so that
   end() has something left to deliver after each of them. */
void test_pause_then_end_every_callback_kind(void) {
  static const char *const streams[] = {
      EV("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"r\",\"content\":\"c\","
         "\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
         "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}")
          DONE_EV,
      EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\ud800 x\"}},"
         "{\"index\":1,\"delta\":{\"content\":\"after\"}}]}"),
      EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"bad \xff utf-8\"}},"
         "{\"index\":1,\"delta\":{\"content\":\"after\"}}]}"),
      EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"half \\ud83d\"}},"
         "{\"index\":1,\"delta\":{\"content\":\"other\"}}]}"),
      EV("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ends \\ud83d\"}}]}"),
      "event: error\ndata: {\"type\":\"error\",\"error\":{\"message\":\"overloaded\"}}\n\n",
  };
  size_t i;
  for (i = 0; i < sizeof streams / sizeof streams[0]; i++)
    check_body(streams[i], streams[i], strlen(streams[i]));
}

void test_pause_then_end_seeds(void) {
  static const char *const seeds[] = {"anthropic.sse", "openai-responses.sse", "gemini.sse",
                                      "framing-and-chat.sse",
                                      "openrouter_kimi-k2_chutes_multi_tool_streaming-0.sse"};
  size_t i;
  for (i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
    char path[256];
    size_t len;
    char *body;
    snprintf(path, sizeof path, "fuzz/seeds/%s", seeds[i]);
    body = read_whole_file(path, &len);
    CHECK_MSG(body != NULL, "cannot read %s", path);
    if (body != NULL) check_body(seeds[i], body, len);
    free(body);
  }
}

void test_pause_then_end_corpus(void) {
  struct corpus c;
  size_t i;
  if (corpus_load(&c) < 0) {
    SKIP(CORPUS_DIR " not found: the pause-then-end corpus test needs it beside the repository");
    return;
  }
  for (i = 0; i < c.count; i++) {
    char path[512];
    size_t len;
    char *body;
    snprintf(path, sizeof path, "%s/%.200s", CORPUS_DIR, c.entries[i].file);
    body = read_whole_file(path, &len);
    CHECK_MSG(body != NULL, "cannot read %s", path);
    if (body != NULL) check_body(c.entries[i].file, body, len);
    free(body);
  }
  corpus_free(&c);
}
