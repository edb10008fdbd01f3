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
#include "json_value.h"
#include "summary_run.h"

#define CORPUS_DIR "../shared/corpus"
#define MAX_REPORTED 5 /* failing bodies shown in detail per test */

struct corpus_entry {
  char *file; /* "003dec39090672d1.sse" */
  char *name; /* "003dec39090672d1" */
};

struct corpus {
  struct corpus_entry *entries;
  size_t count;
};

static void corpus_free(struct corpus *c) {
  size_t i;
  for (i = 0; i < c->count; i++) {
    free(c->entries[i].file);
    free(c->entries[i].name);
  }
  free(c->entries);
  memset(c, 0, sizeof *c);
}

static char *dup_n(const char *s, size_t n) {
  char *d = (char *)malloc(n + 1);
  if (d != NULL) {
    memcpy(d, s, n);
    d[n] = '\0';
  }
  return d;
}

/* Reads the body list from index.json: {"<name>": {"file": "<name>.sse",
   ...}, ...}. Returns -1 when the corpus is absent, 0 when it is broken
   (a failure is recorded), 1 when loaded. */
static int corpus_load(struct corpus *c) {
  size_t len, i;
  char *text = read_whole_file(CORPUS_DIR "/index.json", &len);
  json_value *index;
  memset(c, 0, sizeof *c);
  if (text == NULL) return -1;
  index = json_parse(text, len);
  free(text);
  CHECK_MSG(index != NULL && index->type == JSON_OBJECT && index->count > 0,
            "%s is not a JSON object of bodies", CORPUS_DIR "/index.json");
  if (index == NULL || index->type != JSON_OBJECT || index->count == 0) {
    json_free(index);
    return 0;
  }
  c->entries = (struct corpus_entry *)calloc(index->count, sizeof *c->entries);
  if (c->entries == NULL) {
    json_free(index);
    CHECK_MSG(0, "out of memory");
    return 0;
  }
  for (i = 0; i < index->count; i++) {
    const json_member *m = &index->members[i];
    const json_value *file = json_get(m->value, "file");
    struct corpus_entry *e = &c->entries[c->count];
    if (file == NULL || file->type != JSON_STRING) {
      CHECK_MSG(0, "index.json: entry %s has no \"file\"", m->key);
      continue;
    }
    e->file = dup_n(file->string, file->len);
    e->name = dup_n(m->key, m->key_len);
    c->count++;
    if (e->file == NULL || e->name == NULL) {
      CHECK_MSG(0, "out of memory");
      break;
    }
  }
  json_free(index);
  return 1;
}

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
