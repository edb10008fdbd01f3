/* See read_file.h. */
#include "read_file.h"

#include <stdio.h>
#include <stdlib.h>

char *read_whole_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *data = NULL;
  size_t n = 0, cap = 0;
  if (f == NULL) return NULL;
  for (;;) {
    size_t got;
    if (cap - n < 4096) {
      char *grown;
      cap = cap ? cap * 2 : 65536;
      grown = (char *)realloc(data, cap + 1);
      if (grown == NULL) {
        free(data);
        fclose(f);
        return NULL;
      }
      data = grown;
    }
    got = fread(data + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  if (ferror(f)) {
    free(data);
    fclose(f);
    return NULL;
  }
  fclose(f);
  data[n] = '\0';
  if (len != NULL) *len = n;
  return data;
}
