/* The command line tool, run as a user would: the same output for every
   feed size, the same callback shapes for every dialect, and a one-line
   message with exit status 2 for every bad invocation. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "check.h"
#include "read_file.h"
#include "json_value.h"
#include "run_tool.h"

static const char *const seed_cassettes[] = {
    "test/cassettes/openrouter_kimi-k2_chutes_multi_tool_streaming.yaml",
    "test/cassettes/openrouter_kimi-k2_fireworks_multi_tool_streaming.yaml",
    "test/cassettes/openrouter_kimi-k2_moonshotai_multi_tool_streaming.yaml",
    "test/cassettes/openrouter_kimi-k2_moonshotai_tool_streaming.yaml",
    "test/cassettes/openrouter_kimi-k2_wandb_tool_streaming.yaml",
};

static int count_lines(const char *s) {
  int n = 0;
  for (; s && *s; s++) n += *s == '\n';
  return n;
}

void test_cli_output_same_for_every_feed_size(void) {
  static const char *const modes[] = {"--raw", "--summary", "--events", ""};
  static const char *const sizes[] = {"1", "2", "7", "1000"};
  size_t c, m, s;
  for (c = 0; c < sizeof seed_cassettes / sizeof *seed_cassettes; c++) {
    for (m = 0; m < sizeof modes / sizeof *modes; m++) {
      char args[512];
      run_result whole;
      snprintf(args, sizeof args, "%s %s", modes[m], seed_cassettes[c]);
      whole = run_tool(args);
      CHECK_MSG(whole.status == 0 && whole.out_len > 100, "%s: exit %d, %zu bytes", args,
                whole.status, whole.out_len);
      for (s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        run_result split;
        snprintf(args, sizeof args, "%s --feed-size %s %s", modes[m], sizes[s], seed_cassettes[c]);
        split = run_tool(args);
        CHECK_MSG(split.status == 0 && split.out_len == whole.out_len &&
                      memcmp(split.out, whole.out, whole.out_len) == 0,
                  "%s differs from the whole feed", args);
        free_run(&split);
      }
      free_run(&whole);
    }
  }
}

void test_cli_raw_lines_are_events(void) {
  /* The first seed cassette's first body: every line a JSON object with
     event, data and id, the data being the chunk (or [DONE]). */
  run_result r = run_tool("--raw " "test/cassettes/openrouter_kimi-k2_moonshotai_tool_streaming.yaml");
  char *line = r.out, *next;
  int lines = 0, done = 0;
  CHECK(r.status == 0);
  for (; line && *line; line = next + 1) {
    json_value *v;
    next = strchr(line, '\n');
    if (next == NULL) break;
    *next = '\0';
    v = json_parse_str(line);
    CHECK_MSG(v != NULL && json_get(v, "event") && json_get(v, "data") && json_get(v, "id"),
              "not a raw event line: %s", line);
    if (v && json_is_string(json_get(v, "event"), "message")) lines++;
    if (v && json_is_string(json_get(v, "data"), "[DONE]")) done++;
    json_free(v);
  }
  CHECK_MSG(lines > 20, "%d events", lines);
  CHECK_MSG(done == 2, "%d [DONE] events in two interactions", done);
  free_run(&r);
}

/* One body of each dialect with text, a tool call, finish, usage and done. */
static const char *const dialect_bodies[][2] = {
    {"openai-chat", "6830a726c2549eee"},
    {"anthropic", "ad637cdf22211542"},
    {"openai-responses", "cc007b709eda50b1"},
    {"gemini", "2db71c6097d72b9b"},
};

#define KINDS 8
static const char *const kinds[KINDS] = {"content", "reasoning", "tool_call_start", "tool_call_arguments",
                                         "finish", "usage", "error", "done"};

/* "k1,k2,..." of an object's keys, in order. */
static void key_list(const json_value *v, char *out, size_t cap) {
  size_t i;
  out[0] = '\0';
  for (i = 0; v && v->type == JSON_OBJECT && i < v->count; i++) {
    strncat(out, v->members[i].key, cap - strlen(out) - 2);
    strcat(out, ",");
  }
}

void test_cli_events_same_shape_in_every_dialect(void) {
  char shapes[KINDS][256];
  size_t d;
  int k;
  FILE *probe = fopen("../shared/corpus/index.json", "r");
  if (probe == NULL) SKIP("../shared/corpus not found: the per-dialect --events check needs it");
  fclose(probe);
  memset(shapes, 0, sizeof shapes);
  for (d = 0; d < sizeof dialect_bodies / sizeof *dialect_bodies; d++) {
    char args[256];
    int seen[KINDS] = {0};
    run_result r;
    char *line, *next;
    snprintf(args, sizeof args, "--events ../shared/corpus/%s.sse", dialect_bodies[d][1]);
    r = run_tool(args);
    CHECK_MSG(r.status == 0, "%s: exit %d", args, r.status);
    for (line = r.out; line && *line; line = next + 1) {
      json_value *v;
      char keys[256];
      next = strchr(line, '\n');
      if (next == NULL) break;
      *next = '\0';
      v = json_parse_str(line);
      CHECK_MSG(v != NULL, "%s: not JSON: %s", dialect_bodies[d][0], line);
      key_list(v, keys, sizeof keys);
      for (k = 0; k < KINDS; k++) {
        if (!json_is_string(json_get(v, "cb"), kinds[k])) continue;
        seen[k] = 1;
        if (shapes[k][0] == '\0') strcpy(shapes[k], keys);
        CHECK_MSG(strcmp(shapes[k], keys) == 0, "%s: %s has keys %s, elsewhere %s",
                  dialect_bodies[d][0], kinds[k], keys, shapes[k]);
      }
      json_free(v);
    }
    CHECK_MSG(seen[0] || seen[1], "%s: no text", dialect_bodies[d][0]);
    for (k = 2; k < KINDS; k++)
      CHECK_MSG(seen[k] || k == 6, "%s: no %s callback", dialect_bodies[d][0], kinds[k]);
    free_run(&r);
  }
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (f == NULL) abort();
  fputs(text, f);
  fclose(f);
}

void test_cli_bad_invocations(void) {
  static const char *const bad[] = {
      "--no-such-option", SCRATCH "/missing-file.sse", "--feed-size 0 -", "--feed-size x -",
      "--dialect cobol -", SCRATCH "/broken.yaml", SCRATCH "/no-bodies.yaml",
  };
  size_t i;
  mkdir(BUILD_DIR, 0777);
  mkdir(SCRATCH, 0777);
  write_file(SCRATCH "/broken.yaml", "---\nversion: 2\ninteractions:\n  - id: [unclosed\n");
  write_file(SCRATCH "/no-bodies.yaml", "---\nversion: 2\ninteractions: []\n");
  for (i = 0; i < sizeof bad / sizeof *bad; i++) {
    run_result r = run_tool(bad[i]);
    CHECK_MSG(r.status == 2, "%s: exit %d", bad[i], r.status);
    CHECK_MSG(count_lines(r.err) == 1, "%s: stderr has %d lines: %s", bad[i], count_lines(r.err), r.err);
    free_run(&r);
  }
}

void test_cli_exit_status_reports_bad_streams(void) {
  run_result r;
  mkdir(BUILD_DIR, 0777);
  mkdir(SCRATCH, 0777);
  write_file(SCRATCH "/clean.sse", "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"},"
                                   "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
  write_file(SCRATCH "/cut.sse", "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\ndata: {\"cho");
  r = run_tool("--summary " SCRATCH "/clean.sse");
  CHECK_MSG(r.status == 0 && r.err[0] == '\0', "clean stream: exit %d, stderr %s", r.status, r.err);
  free_run(&r);
  r = run_tool("--summary " SCRATCH "/cut.sse");
  CHECK_MSG(r.status == 1, "cut stream: exit %d", r.status);
  CHECK_MSG(strstr(r.err, "E_TRUNCATED_EVENT") != NULL, "stderr: %s", r.err);
  CHECK_MSG(strstr(r.out, "\"content\":\"hi\"") != NULL, "summary still printed: %s", r.out);
  CHECK_MSG(strstr(r.out, "\"verdict\":\"truncated\"") != NULL, "summary: %s", r.out);
  free_run(&r);
}

/* The verdict (issue 11): complete when finished, even without the end
   marker; truncated without a finish; failed on a provider error. In the
   summary, at the end of the transcript, and in the exit status. */
void test_cli_verdict(void) {
  static const struct {
    const char *name, *body, *verdict;
    int status;
  } cases[] = {
      {"no-marker", "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}\n\n",
       "complete", 0},
      {"no-finish", "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\ndata: [DONE]\n\n",
       "truncated", 1},
      {"provider-error", "data: {\"error\":{\"message\":\"quota\"}}\n\n", "failed", 1},
  };
  size_t i;
  mkdir(BUILD_DIR, 0777);
  mkdir(SCRATCH, 0777);
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[256], args[300], want[64];
    run_result r;
    snprintf(path, sizeof path, SCRATCH "/%s.sse", cases[i].name);
    write_file(path, cases[i].body);
    snprintf(args, sizeof args, "--summary %s", path);
    r = run_tool(args);
    snprintf(want, sizeof want, "\"verdict\":\"%s\"", cases[i].verdict);
    CHECK_MSG(r.status == cases[i].status && strstr(r.out, want) != NULL, "%s: exit %d, %s",
              cases[i].name, r.status, r.out);
    free_run(&r);
    r = run_tool(path);
    snprintf(want, sizeof want, "[%s", cases[i].verdict);
    CHECK_MSG(r.status == cases[i].status && strstr(r.out, want) != NULL, "%s: exit %d, %s",
              cases[i].name, r.status, r.out);
    if (cases[i].status != 0)
      CHECK_MSG(strstr(r.err, cases[i].verdict) != NULL, "%s: stderr %s", cases[i].name, r.err);
    free_run(&r);
  }
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The corpus bodies' names (without .sse), sorted; NULL when absent. */
static char **corpus_names(size_t *n) {
  DIR *d = opendir("../shared/corpus");
  struct dirent *e;
  char **names = NULL;
  size_t cap = 0;
  *n = 0;
  if (d == NULL) return NULL;
  while ((e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (len < 5 || strcmp(e->d_name + len - 4, ".sse") != 0) continue;
    if (*n == cap) {
      cap = cap ? cap * 2 : 1024;
      names = (char **)realloc(names, cap * sizeof *names);
      if (names == NULL) abort();
    }
    names[*n] = (char *)malloc(len - 3);
    if (names[*n] == NULL) abort();
    memcpy(names[*n], e->d_name, len - 4);
    names[(*n)++][len - 4] = '\0';
  }
  closedir(d);
  qsort(names, *n, sizeof *names, compare_names);
  return names;
}

/* build/sse-delta --summary over every corpus body in one process: each
   output line equals the body's expected summary (doc/rules.md section 17).
   feed_size NULL: whole bodies. */
static void check_tool_summaries(const char *feed_size) {
  size_t n = 0, i, cmd_len;
  char **names = corpus_names(&n);
  char *args, *line, *next;
  run_result r;
  int failures = 0;
  if (names == NULL || n == 0) SKIP("../shared/corpus not found: the tool's corpus check needs it");
  cmd_len = 64 + n * 64;
  args = (char *)malloc(cmd_len);
  if (args == NULL) abort();
  snprintf(args, cmd_len, "--summary%s%s", feed_size ? " --feed-size " : "", feed_size ? feed_size : "");
  for (i = 0; i < n; i++) {
    strcat(args, " ../shared/corpus/");
    strcat(args, names[i]);
    strcat(args, ".sse");
  }
  r = run_tool(args);
  CHECK_MSG(r.status == 0 || r.status == 1, "exit %d: %s", r.status, r.err);
  CHECK_MSG(count_lines(r.out) == (int)n, "%d summaries for %zu bodies", count_lines(r.out), n);
  for (i = 0, line = r.out; i < n && line && *line; i++, line = next + 1) {
    char path[512];
    char *want_text;
    json_value *got, *want;
    next = strchr(line, '\n');
    if (next == NULL) break;
    *next = '\0';
    snprintf(path, sizeof path, "../shared/corpus/expected/%s.json", names[i]);
    want_text = read_whole_file(path, NULL);
    got = json_parse_str(line);
    want = want_text ? json_parse_str(want_text) : NULL;
    if (got == NULL || want == NULL || !json_equal_summary(got, want)) {
      if (failures++ < 3)
        CHECK_MSG(0, "%s (feed size %s): got %.300s", names[i], feed_size ? feed_size : "all", line);
    }
    json_free(got);
    json_free(want);
    free(want_text);
  }
  CHECK_MSG(failures == 0, "%d of %zu bodies differ", failures, n);
  free_run(&r);
  free(args);
  for (i = 0; i < n; i++) free(names[i]);
  free(names);
}

void test_cli_summary_matches_corpus_whole(void) { check_tool_summaries(NULL); }
void test_cli_summary_matches_corpus_byte_at_a_time(void) { check_tool_summaries("1"); }
