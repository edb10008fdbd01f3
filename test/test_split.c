/* Split invariance: the same bytes split at any point, fed one byte at a
   time, or with every callback pausing the parser, give exactly the same
   callbacks as the bytes fed whole. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "framing_cases.h"
#include "recorder.h"
#include "split.h"

char *record_case(const framing_case *c, const feed_plan *base);

static int same_log(const char *what, const char *name, size_t at, const char *want, char *got) {
  int same = strcmp(want, got) == 0;
  if (!same) {
    check_failed_++;
    fprintf(stderr, "  %s differs for \"%s\" (at %zu)\n    got:\n%s    want:\n%s", what, name, at,
            got, want);
  }
  free(got);
  return same;
}

int check_split_invariance(const char *name, const char *bytes, size_t n,
                           const feed_plan *base) {
  feed_plan plan = *base;
  char *whole = record_stream(bytes, n, &plan);
  size_t k;
  int ok = 1;
  for (k = 1; k < n && ok; k++) {
    plan = *base;
    plan.split_at = k;
    ok = same_log("split", name, k, whole, record_stream(bytes, n, &plan));
  }
  plan = *base;
  plan.feed_size = 1;
  ok = ok && same_log("byte at a time", name, 1, whole, record_stream(bytes, n, &plan));
  plan = *base;
  plan.pause_always = 1;
  ok = ok && same_log("pausing at every callback", name, 0, whole, record_stream(bytes, n, &plan));
  plan.feed_size = 1;
  ok = ok && same_log("pausing, byte at a time", name, 1, whole, record_stream(bytes, n, &plan));
  free(whole);
  return ok;
}

void test_split_framing_cases(void) {
  size_t i;
  for (i = 0; i < framing_case_count; i++) {
    const framing_case *c = &framing_cases[i];
    feed_plan plan;
    sse_delta_options opt;
    memset(&plan, 0, sizeof plan);
    plan.with_report = 1;
    memset(&opt, 0, sizeof opt);
    opt.max_event_bytes = c->max_event_bytes;
    plan.framing_only = 1;
    plan.options = &opt;
    check_split_invariance(c->name, c->input, c->len ? c->len : strlen(c->input), &plan);
  }
}

/* The recorded corpus, fed byte by byte and pausing at every callback,
   gives exactly the callbacks of each body fed whole. */

static char *read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  long size;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    buf = (char *)malloc((size_t)size + 1);
    if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
      free(buf);
      buf = NULL;
    }
    *n = (size_t)size;
  }
  fclose(f);
  return buf;
}

void test_split_corpus_pausing(void) {
  const char *dir = "../shared/corpus";
  DIR *d = opendir(dir);
  struct dirent *e;
  int bodies = 0, failures = 0;
  if (d == NULL) SKIP("../shared/corpus not found: the corpus split test needs it beside the repository");
  while ((e = readdir(d)) != NULL && failures < 3) {
    char path[512];
    size_t n = 0, len = strlen(e->d_name);
    char *body, *whole;
    feed_plan plan;
    if (len < 5 || strcmp(e->d_name + len - 4, ".sse") != 0) continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    body = read_file(path, &n);
    CHECK_MSG(body != NULL, "cannot read %s", path);
    if (body == NULL) continue;
    memset(&plan, 0, sizeof plan);
    plan.with_report = 1;
    whole = record_stream(body, n, &plan);
    plan.pause_always = 1;
    plan.feed_size = 1;
    if (!same_log("byte at a time, pausing at every callback", e->d_name, 0, whole,
                  record_stream(body, n, &plan)))
      failures++;
    plan.feed_size = 0;
    plan.framing_only = 1;
    free(whole);
    whole = record_stream(body, n, &plan);
    plan.feed_size = 3;
    plan.pause_always = 0;
    if (!same_log("framing layer in 3-byte feeds", e->d_name, 3, whole, record_stream(body, n, &plan)))
      failures++;
    free(whole);
    free(body);
    bodies++;
  }
  closedir(d);
  CHECK_MSG(bodies > 900 || failures > 0, "only %d corpus bodies found", bodies);
}
