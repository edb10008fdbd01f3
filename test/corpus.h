/* The recorded corpus beside the repository (../shared/corpus, never
   copied into it): its list of bodies, for the tests that run over it. */
#ifndef SSE_DELTA_TEST_CORPUS_H
#define SSE_DELTA_TEST_CORPUS_H

#include <stddef.h>

#define CORPUS_DIR "../shared/corpus"

struct corpus_entry {
  char *file; /* "003dec39090672d1.sse" */
  char *name; /* "003dec39090672d1" */
};

struct corpus {
  struct corpus_entry *entries;
  size_t count;
};

/* Reads the body list from index.json: {"<name>": {"file": "<name>.sse",
   ...}, ...}. Returns -1 when the corpus is absent, 0 when it is broken
   (a failure is recorded), 1 when loaded. */
int corpus_load(struct corpus *c);
void corpus_free(struct corpus *c);

#endif
