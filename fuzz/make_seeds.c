/* Writes the fuzzers' seed inputs: stream bodies cut to a few KB at an
   event boundary, one file each, into OUT_DIR.

     make_seeds OUT_DIR FILE...          bodies of go-vcr cassettes (or raw
                                         SSE files), e.g. test/cassettes
     make_seeds OUT_DIR --corpus DIR N   the first N bodies of each dialect
                                         of a recorded corpus (its
                                         index.json names file and dialect)

   Seeds are stream bytes only: each harness reads its first bytes as its
   plan, so a seed also works as "whatever plan these bytes spell". The
   corpus seeds are made at build time from ../shared/corpus and never
   committed (the corpus is not copied into the repository). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../test/json_value.h"
#include "../test/read_file.h"
#include "../tools/cassette.h"

#define SEED_MAX 4096

/* The body cut after its last blank line within SEED_MAX bytes. */
static size_t cut_length(const char *s, size_t n) {
  size_t k;
  if (n <= SEED_MAX) return n;
  for (k = SEED_MAX; k >= 2; k--)
    if (s[k - 1] == '\n' && s[k - 2] == '\n') return k;
  return SEED_MAX;
}

static int write_seed(const char *dir, const char *name, size_t part, const char *s, size_t n) {
  char path[4096];
  FILE *f;
  const char *base = strrchr(name, '/'), *dot;
  base = base ? base + 1 : name;
  dot = strrchr(base, '.');
  snprintf(path, sizeof path, "%s/%.*s-%lu.sse", dir, (int)(dot ? dot - base : (long)strlen(base)),
           base, (unsigned long)part);
  if ((f = fopen(path, "wb")) == NULL) return 1;
  fwrite(s, 1, cut_length(s, n), f);
  return fclose(f) != 0;
}

static int from_file(const char *dir, const char *path) {
  size_t len, i;
  char *data = read_whole_file(path, &len), problem[256];
  struct cassette c;
  int failed = 0;
  if (data == NULL) return 1;
  if (cassette_maybe(data, len) &&
      cassette_load(data, len, &c, problem, sizeof problem) == CASSETTE_OK) {
    for (i = 0; i < c.count; i++) failed |= write_seed(dir, path, i, c.bodies[i].data, c.bodies[i].len);
    cassette_free(&c);
  } else {
    failed = write_seed(dir, path, 0, data, len);
  }
  free(data);
  return failed;
}

static int from_corpus(const char *dir, const char *corpus, int per_dialect) {
  static const char *const dialects[] = {"openai-chat", "anthropic", "openai-responses", "gemini"};
  char path[4096];
  size_t len, i, d;
  char *text;
  json_value *index;
  int failed = 0;
  snprintf(path, sizeof path, "%s/index.json", corpus);
  if ((text = read_whole_file(path, &len)) == NULL || (index = json_parse(text, len)) == NULL) {
    fprintf(stderr, "make_seeds: cannot read %s\n", path);
    free(text);
    return 1;
  }
  for (d = 0; d < sizeof dialects / sizeof dialects[0]; d++) {
    int taken = 0;
    for (i = 0; i < index->count && taken < per_dialect; i++) {
      const json_value *file = json_get(index->members[i].value, "file");
      const json_value *dialect = json_get(index->members[i].value, "dialect");
      char *body;
      if (file == NULL || dialect == NULL || dialect->type != JSON_STRING ||
          strcmp(dialect->string, dialects[d]) != 0)
        continue;
      snprintf(path, sizeof path, "%s/%s", corpus, file->string);
      if ((body = read_whole_file(path, &len)) == NULL) continue;
      failed |= write_seed(dir, path, 0, body, len);
      free(body);
      taken++;
    }
  }
  json_free(index);
  free(text);
  return failed;
}

int main(int argc, char **argv) {
  int i, failed = 0;
  if (argc >= 5 && strcmp(argv[2], "--corpus") == 0) return from_corpus(argv[1], argv[3], atoi(argv[4]));
  if (argc < 3) {
    fprintf(stderr, "usage: make_seeds OUT_DIR FILE... | make_seeds OUT_DIR --corpus DIR N\n");
    return 2;
  }
  for (i = 2; i < argc; i++) failed |= from_file(argv[1], argv[i]);
  return failed;
}
