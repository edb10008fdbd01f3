/* See corpus.h. */
#include "corpus.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "read_file.h"
#include "json_value.h"
#include "summary_run.h"

void corpus_free(struct corpus *c) {
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

int corpus_load(struct corpus *c) {
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

