#define _POSIX_C_SOURCE 200809L /* opendir */

#include "inputs.h"

#include "cassette.h"
#include "read_file.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *grow(void *p, size_t bytes) {
  p = realloc(p, bytes);
  if (p == NULL) {
    fprintf(stderr, "sse-delta-bench: out of memory\n");
    exit(2);
  }
  return p;
}

/* Takes ownership of data. */
static void add_body(bench_input *in, char *data, size_t len) {
  if (in->count == in->cap) {
    in->cap = in->cap ? in->cap * 2 : 64;
    in->bodies = (bench_body *)grow(in->bodies, in->cap * sizeof *in->bodies);
  }
  in->bodies[in->count].data = data;
  in->bodies[in->count].len = len;
  in->count++;
  in->bytes += len;
  if (in->passes == 0) in->passes = 1;
}

static char *copy(const char *s, size_t n) {
  char *c = (char *)grow(NULL, n + 1);
  memcpy(c, s, n);
  c[n] = '\0';
  return c;
}

static int add_cassette(bench_input *in, const char *path, char *data, size_t len) {
  struct cassette c;
  char problem[256];
  size_t i;
  switch (cassette_load(data, len, &c, problem, sizeof problem)) {
  case CASSETTE_OK:
    break;
  case CASSETTE_NOT_A_CASSETTE: /* YAML-looking, but an SSE body after all */
    add_body(in, data, len);
    return 0;
  case CASSETTE_BAD_YAML:
    fprintf(stderr, "sse-delta-bench: %s: unreadable YAML: %s\n", path, problem);
    free(data);
    return -1;
  case CASSETTE_NO_BODIES:
    fprintf(stderr, "sse-delta-bench: %s: cassette without response bodies\n", path);
    free(data);
    return -1;
  default:
    fprintf(stderr, "sse-delta-bench: %s: out of memory reading the cassette\n", path);
    free(data);
    return -1;
  }
  for (i = 0; i < c.count; i++) add_body(in, copy(c.bodies[i].data, c.bodies[i].len), c.bodies[i].len);
  cassette_free(&c);
  free(data);
  return 0;
}

int bench_add_file(bench_input *in, const char *path) {
  size_t len;
  char *data = read_whole_file(path, &len);
  if (data == NULL) {
    fprintf(stderr, "sse-delta-bench: cannot read %s\n", path);
    return -1;
  }
  if (cassette_maybe(data, len)) return add_cassette(in, path, data, len);
  add_body(in, data, len);
  return 0;
}

/* expected/<stem>.json says which dialect the recording is; a string search
   is enough for the two spellings a JSON writer may use. */
static int recorded_as(const char *dir, const char *name, size_t stem, const char *dialect) {
  char path[4096], spaced[128], tight[128];
  char *json;
  int yes;
  if (snprintf(path, sizeof path, "%s/expected/%.*s.json", dir, (int)stem, name) >= (int)sizeof path)
    return 0;
  json = read_whole_file(path, NULL);
  if (json == NULL) return 0;
  snprintf(spaced, sizeof spaced, "\"dialect\": \"%s\"", dialect);
  snprintf(tight, sizeof tight, "\"dialect\":\"%s\"", dialect);
  yes = strstr(json, spaced) != NULL || strstr(json, tight) != NULL;
  free(json);
  return yes;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.sse names of dir, sorted so that every run feeds the same order. */
static char **list_sse(const char *dir, size_t *count) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char **names = NULL;
  size_t n = 0, cap = 0, len;
  *count = 0;
  if (d == NULL) return NULL;
  while ((e = readdir(d)) != NULL) {
    len = strlen(e->d_name);
    if (len <= 4 || strcmp(e->d_name + len - 4, ".sse") != 0) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 1024;
      names = (char **)grow(names, cap * sizeof *names);
    }
    names[n++] = copy(e->d_name, len);
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, by_name);
  *count = n;
  return names;
}

size_t bench_add_corpus(bench_input *in, const char *dir, const char *dialect) {
  size_t n, i, added = 0;
  char **names = list_sse(dir, &n);
  char path[4096];
  for (i = 0; i < n; i++) {
    if (dialect == NULL || recorded_as(dir, names[i], strlen(names[i]) - 4, dialect)) {
      if (snprintf(path, sizeof path, "%s/%s", dir, names[i]) < (int)sizeof path &&
          bench_add_file(in, path) == 0)
        added++;
    }
    free(names[i]);
  }
  free(names);
  return added;
}

static void fill_text(char *t, size_t n) {
  static const char words[] = "The quick brown fox jumps over the lazy dog. ";
  size_t i;
  for (i = 0; i < n; i++) t[i] = words[i % (sizeof words - 1)];
  for (i = 4094; i + 2 <= n; i += 4096) {
    t[i] = '\\';
    t[i + 1] = 'n';
  }
}

void bench_add_synthetic(bench_input *in, size_t text_bytes, size_t events) {
  static const char head[] = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";
  static const char tail[] = "\"}}]}\n\n";
  static const char done[] = "data: [DONE]\n\n";
  size_t event = sizeof head - 1 + text_bytes + sizeof tail - 1;
  size_t len = events * event + sizeof done - 1, i;
  char *buf = (char *)grow(NULL, len + 1), *w = buf;
  for (i = 0; i < events; i++) {
    memcpy(w, head, sizeof head - 1);
    w += sizeof head - 1;
    fill_text(w, text_bytes);
    w += text_bytes;
    memcpy(w, tail, sizeof tail - 1);
    w += sizeof tail - 1;
  }
  memcpy(w, done, sizeof done);
  add_body(in, buf, len);
}

void bench_repeat_to(bench_input *in, size_t min_bytes) {
  if (in->bytes == 0) return;
  in->passes = (unsigned)((min_bytes + in->bytes - 1) / in->bytes);
  if (in->passes == 0) in->passes = 1;
}

void bench_input_free(bench_input *in) {
  size_t i;
  for (i = 0; i < in->count; i++) free(in->bodies[i].data);
  free(in->bodies);
  memset(in, 0, sizeof *in);
}
