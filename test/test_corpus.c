/* The recorded corpus: for every body in ../shared/corpus, the summary the
   library gives (through the tool's --summary aggregator) equals
   ../shared/corpus/expected/<name>.json by the comparison of doc/rules.md
   section 17, fed whole, one byte at a time, and in chunks of several
   sizes.

   The corpus lives beside the repository (it must not be copied into it);
   without it these tests are SKIPPED, visibly. They run from the
   repository root, as `make test` does. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "read_file.h"
#include "corpus.h"
#include "json_value.h"
#include "summary_run.h"

#define MAX_REPORTED 5 /* failing bodies shown in detail per test */

struct failures {
  int bodies;   /* bodies with at least one failure */
  int reported; /* of which shown in detail */
};

/* Counts one failing body; prints details for the first MAX_REPORTED. */
static int report_failure(struct failures *f, const char *file,
                          size_t feed_size) {
  f->bodies++;
  check_failed_++;
  if (f->reported >= MAX_REPORTED) return 0;
  f->reported++;
  if (feed_size == 0)
    fprintf(stderr, "  corpus %s (fed whole): ", file);
  else
    fprintf(stderr, "  corpus %s (feed size %lu): ", file,
            (unsigned long)feed_size);
  return 1;
}

/* Runs one body at one feed size and compares its summary with the
   expected one. Returns 1 when they are equal. */
static int check_body(const struct corpus_entry *e, const char *body,
                      size_t body_len, const json_value *expected,
                      size_t feed_size, struct failures *f) {
  struct summary s;
  char *json = NULL;
  size_t json_len = 0;
  json_value *got = NULL;
  json_diff diff;
  int ok = 0;
  if (run_summary(body, body_len, feed_size, &s, NULL) != 0) {
    if (report_failure(f, e->file, feed_size))
      fprintf(stderr, "the parser refused the input (see above)\n");
    goto done;
  }
  json = summary_json(&s, &json_len);
  if (json == NULL) {
    if (report_failure(f, e->file, feed_size))
      fprintf(stderr, "summary_write_json failed\n");
    goto done;
  }
  got = json_parse(json, json_len);
  if (got == NULL) {
    if (report_failure(f, e->file, feed_size))
      fprintf(stderr, "the summary is not valid JSON: %.300s\n", json);
    goto done;
  }
  if (!json_summary_diff(got, expected, &diff)) {
    if (report_failure(f, e->file, feed_size)) {
      char *g = json_to_string(diff.got), *w = json_to_string(diff.want);
      fprintf(stderr, "first difference at %s\n    got:  %.300s\n    want: %.300s\n",
              diff.where, g ? g : "?", w ? w : "?");
      free(g);
      free(w);
    }
    goto done;
  }
  ok = 1;
done:
  json_free(got);
  free(json);
  summary_free(&s);
  return ok;
}

/* Every body of the corpus at each of the feed sizes (0: whole). */
static void run_corpus(const size_t *feed_sizes, size_t n_sizes) {
  struct corpus c;
  struct failures f;
  size_t i, k;
  int loaded = corpus_load(&c);
  if (loaded < 0)
    SKIP(CORPUS_DIR " not found: corpus tests need the shared corpus beside "
                    "the repository");
  memset(&f, 0, sizeof f);
  for (i = 0; i < c.count; i++) {
    const struct corpus_entry *e = &c.entries[i];
    char path[512];
    char *body, *want_text;
    size_t body_len, want_len;
    json_value *want;
    sprintf(path, "%s/%.200s", CORPUS_DIR, e->file);
    body = read_whole_file(path, &body_len);
    sprintf(path, "%s/expected/%.200s.json", CORPUS_DIR, e->name);
    want_text = read_whole_file(path, &want_len);
    want = want_text ? json_parse(want_text, want_len) : NULL;
    if (body == NULL || want == NULL) {
      if (report_failure(&f, e->file, 0))
        fprintf(stderr, "cannot read %s or its expected summary %s\n",
                e->file, path);
    } else {
      for (k = 0; k < n_sizes; k++)
        if (!check_body(e, body, body_len, want, feed_sizes[k], &f)) break;
    }
    json_free(want);
    free(want_text);
    free(body);
  }
  CHECK_MSG(c.count > 0, "the corpus index lists no bodies");
  if (f.bodies > 0)
    fprintf(stderr, "  %d of %lu corpus bodies fail%s\n", f.bodies,
            (unsigned long)c.count,
            f.bodies > f.reported ? " (details above for the first ones)" : "");
  corpus_free(&c);
}

void test_corpus_whole(void) {
  static const size_t sizes[] = {0};
  run_corpus(sizes, 1);
}

void test_corpus_byte_at_a_time(void) {
  static const size_t sizes[] = {1};
  run_corpus(sizes, 1);
}

void test_corpus_feed_sizes(void) {
  static const size_t sizes[] = {2, 3, 7, 64, 4096};
  run_corpus(sizes, sizeof sizes / sizeof sizes[0]);
}
