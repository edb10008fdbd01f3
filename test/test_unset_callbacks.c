/* Callbacks left unset: a NULL callback is skipped, and what the others
   receive does not change. For each LLM callback set alone (and paused
   after every call), its log must be exactly the lines of its kind in the
   log with every callback set, over the committed fuzz seeds (every
   dialect) and, when present, the whole recorded corpus. Errors are not
   compared this way: a string no callback receives is never decoded, so
   its errors are not found (doc/rules.md, "Framing only"). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "read_file.h"
#include "corpus.h"
#include "recorder.h"
#include "summary_run.h"

#define SEEDS_DIR "fuzz/seeds"

static const struct {
  unsigned bit;
  const char *prefix; /* of its log lines */
} kinds[] = {{CB_CONTENT, "content "}, {CB_REASONING, "reasoning "}, {CB_START, "start "},
             {CB_ARGS, "args "},       {CB_FINISH, "finish "},       {CB_USAGE, "usage "},
             {CB_DONE, "done"}};

/* The lines of `log` starting with `prefix`, then its end line. */
static char *lines_of(const char *log, const char *prefix) {
  size_t cap = strlen(log) + 1, w = 0, plen = strlen(prefix);
  char *out = (char *)malloc(cap);
  const char *line = log;
  if (out == NULL) abort();
  while (*line) {
    const char *nl = strchr(line, '\n');
    size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
    if (strncmp(line, prefix, plen) == 0 || strncmp(line, "end ", 4) == 0) {
      memcpy(out + w, line, n);
      w += n;
    }
    line += n;
  }
  out[w] = '\0';
  return out;
}

static int failures_shown;

static void check_body(const char *name, const char *body, size_t len) {
  char *full = record_stream(body, len, NULL);
  size_t k;
  for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    feed_plan plan;
    char *alone, *want;
    memset(&plan, 0, sizeof plan);
    plan.only = kinds[k].bit;
    plan.pause_always = 1;
    alone = record_stream(body, len, &plan);
    want = lines_of(full, kinds[k].prefix);
    if (strcmp(alone, want) != 0) {
      check_failed_++;
      if (failures_shown++ < 3)
        fprintf(stderr, "  %s, %s alone:\n    got:\n%s    want:\n%s", name, kinds[k].prefix, alone,
                want);
    }
    free(alone);
    free(want);
  }
  free(full);
}

static void run_file(const char *path, const char *name) {
  size_t len;
  char *body = read_whole_file(path, &len);
  CHECK_MSG(body != NULL, "cannot read %s", path);
  if (body != NULL) check_body(name, body, len);
  free(body);
}

/* Strings with problems whose reports nobody receives: the text still
   comes, with its U+FFFD. */
void test_unset_callbacks_bad_strings(void) {
  static const char *const streams[] = {
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a \\ud800 b \xff c\"}}]}\n\n",
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"half \\ud83d\"}}]}\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"other\"}}]}\n\n",
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ends \\ud83d\"}}]}\n\n",
  };
  size_t i;
  for (i = 0; i < sizeof streams / sizeof streams[0]; i++)
    check_body(streams[i], streams[i], strlen(streams[i]));
}

void test_unset_callbacks_seeds(void) {
  static const char *const seeds[] = {"anthropic.sse", "openai-responses.sse", "gemini.sse",
                                      "framing-and-chat.sse",
                                      "openrouter_kimi-k2_chutes_multi_tool_streaming-0.sse"};
  size_t i;
  for (i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", SEEDS_DIR, seeds[i]);
    run_file(path, seeds[i]);
  }
}

void test_unset_callbacks_corpus(void) {
  struct corpus c;
  size_t i;
  int loaded = corpus_load(&c);
  if (loaded < 0) {
    SKIP(CORPUS_DIR " not found: the unset-callback corpus test needs it beside the repository");
    return;
  }
  for (i = 0; i < c.count; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%.200s", CORPUS_DIR, c.entries[i].file);
    run_file(path, c.entries[i].file);
  }
  corpus_free(&c);
}
