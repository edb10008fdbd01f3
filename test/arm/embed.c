/* Host tool of `make test-arm`: writes the bodies the test-arm program
   replays as a C file, so that the boards (which have no file system)
   carry them in flash.

       embed OUT.c OUT.list [--corpus DIR] CASSETTE.yaml...

   Each cassette's response bodies are read with the tool's cassette
   reader. With --corpus, a sample of the recorded corpus is added, for
   each dialect of its index.json: the smallest body, the smallest whose
   expected summary has tool calls, and the smallest with reasoning
   (smallest: fewest bytes, then name, so the sample is the same on every
   machine). OUT.list gets the input files in order, one a line, for
   `build/sse-delta --summary`, whose output the program's must equal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cassette.h"
#include "json_value.h"
#include "read_file.h"

#define KINDS 3 /* smallest, with tool calls, with reasoning */
#define MAX_PICKS 32

struct pick {
  char name[64];
  char dialect[32];
  size_t bytes;
};

struct output {
  FILE *c, *list;
  size_t count;
};

static void write_body(struct output *o, const char *label, const char *data, size_t len) {
  size_t i;
  fprintf(o->c, "static const unsigned char body_%lu[] = {", (unsigned long)o->count);
  for (i = 0; i < len; i++)
    fprintf(o->c, "%s%u,", i % 24 ? "" : "\n ", (unsigned)(unsigned char)data[i]);
  fprintf(o->c, "\n};\n");
  fprintf(o->c, "#define LABEL_%lu \"%s\"\n", (unsigned long)o->count, label);
  o->count++;
}

static int embed_cassette(struct output *o, const char *path) {
  struct cassette c;
  char problem[200], label[300];
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  size_t len, i;
  char *data = read_whole_file(path, &len);
  if (data == NULL || cassette_load(data, len, &c, problem, sizeof problem) != CASSETTE_OK) {
    fprintf(stderr, "embed: cannot read the cassette %s\n", path);
    free(data);
    return -1;
  }
  free(data);
  for (i = 0; i < c.count; i++) {
    sprintf(label, "%.200s#%lu", base, (unsigned long)c.bodies[i].interaction);
    write_body(o, label, c.bodies[i].data, c.bodies[i].len);
  }
  fprintf(o->list, "%s\n", path);
  cassette_free(&c);
  return 0;
}

/* Whether the expected summary of a body has the kind: 0 any, 1 tool
   calls, 2 reasoning. */
static int has_kind(const json_value *expected, int kind) {
  const json_value *v;
  if (kind == 0) return 1;
  v = json_get(expected, kind == 1 ? "tool_calls" : "reasoning");
  if (v == NULL) return 0;
  return kind == 1 ? v->type == JSON_ARRAY && v->count > 0 : v->type == JSON_STRING && v->len > 0;
}

static int smaller(const struct pick *a, size_t bytes, const char *name) {
  return a->name[0] == '\0' || bytes < a->bytes || (bytes == a->bytes && strcmp(name, a->name) < 0);
}

/* Considers one index entry for every (dialect, kind) slot. */
static void consider(const char *dir, const json_member *m, struct pick *picks, size_t *n) {
  const json_value *d = json_get(m->value, "dialect"), *b = json_get(m->value, "bytes");
  char path[600];
  char *text;
  json_value *expected;
  size_t i;
  int kind;
  if (d == NULL || d->type != JSON_STRING || b == NULL || m->key_len >= 64 || d->len >= 32) return;
  sprintf(path, "%.400s/expected/%.64s.json", dir, m->key);
  text = read_whole_file(path, NULL);
  expected = text ? json_parse_str(text) : NULL;
  free(text);
  if (expected == NULL) return;
  for (kind = 0; kind < KINDS; kind++) {
    struct pick *slot = NULL;
    if (!has_kind(expected, kind)) continue;
    for (i = kind; i < *n; i += KINDS)
      if (strcmp(picks[i].dialect, d->string) == 0) slot = &picks[i];
    if (slot == NULL && *n + KINDS <= MAX_PICKS) { /* a new dialect: three slots */
      for (i = 0; i < KINDS; i++) strcpy(picks[*n + i].dialect, d->string);
      slot = &picks[*n + kind];
      *n += KINDS;
    }
    if (slot != NULL && smaller(slot, (size_t)json_number(b), m->key)) {
      strcpy(slot->name, m->key);
      slot->bytes = (size_t)json_number(b);
    }
  }
  json_free(expected);
}

static int cmp_pick(const void *a, const void *b) {
  const struct pick *x = a, *y = b;
  int c = strcmp(x->dialect, y->dialect);
  return c ? c : strcmp(x->name, y->name);
}

static int embed_corpus(struct output *o, const char *dir) {
  struct pick picks[MAX_PICKS];
  char path[600];
  size_t n = 0, i, len;
  char *text;
  json_value *index;
  sprintf(path, "%.400s/index.json", dir);
  text = read_whole_file(path, NULL);
  index = text ? json_parse_str(text) : NULL;
  free(text);
  if (index == NULL || index->type != JSON_OBJECT) {
    fprintf(stderr, "embed: %s is not a corpus index\n", path);
    json_free(index);
    return -1;
  }
  memset(picks, 0, sizeof picks);
  for (i = 0; i < index->count; i++) consider(dir, &index->members[i], picks, &n);
  json_free(index);
  qsort(picks, n, sizeof picks[0], cmp_pick);
  for (i = 0; i < n; i++) {
    char *data;
    if (picks[i].name[0] == '\0' || (i > 0 && strcmp(picks[i].name, picks[i - 1].name) == 0))
      continue; /* no body of that kind, or the same body as another kind */
    sprintf(path, "%.400s/%.64s.sse", dir, picks[i].name);
    data = read_whole_file(path, &len);
    if (data == NULL) {
      fprintf(stderr, "embed: cannot read %s\n", path);
      return -1;
    }
    sprintf(path, "%.64s.sse:%.31s", picks[i].name, picks[i].dialect);
    write_body(o, path, data, len);
    sprintf(path, "%.400s/%.64s.sse", dir, picks[i].name);
    fprintf(o->list, "%s\n", path);
    free(data);
  }
  return 0;
}

static void write_table(struct output *o) {
  size_t i;
  fprintf(o->c, "\nconst struct embedded_body embedded_bodies[] = {\n");
  for (i = 0; i < o->count; i++)
    fprintf(o->c, "    {LABEL_%lu, body_%lu, sizeof body_%lu},\n", (unsigned long)i,
            (unsigned long)i, (unsigned long)i);
  if (o->count == 0) fprintf(o->c, "    {\"\", 0, 0},\n");
  fprintf(o->c, "};\nconst size_t embedded_body_count = %lu;\n", (unsigned long)o->count);
}

int main(int argc, char **argv) {
  struct output o;
  int i, failed = 0;
  if (argc < 3) {
    fprintf(stderr, "usage: embed OUT.c OUT.list [--corpus DIR] CASSETTE...\n");
    return 2;
  }
  o.c = fopen(argv[1], "w");
  o.list = fopen(argv[2], "w");
  o.count = 0;
  if (o.c == NULL || o.list == NULL) return 2;
  fprintf(o.c, "/* written by test/arm/embed.c: do not edit */\n#include \"bodies.h\"\n\n");
  for (i = 3; i < argc && !failed; i++) {
    if (strcmp(argv[i], "--corpus") == 0 && i + 1 < argc)
      failed = embed_corpus(&o, argv[++i]) != 0;
    else
      failed = embed_cassette(&o, argv[i]) != 0;
  }
  write_table(&o);
  if (fclose(o.c) != 0 || fclose(o.list) != 0) failed = 1;
  return failed ? 1 : 0;
}
