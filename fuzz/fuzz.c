#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned fuzz_byte(fuzz_input *in) {
  if (in->size == 0) return 0;
  in->size--;
  return *in->data++;
}

const uint8_t *fuzz_bytes(fuzz_input *in, size_t n, size_t *got) {
  const uint8_t *at = in->data;
  *got = n < in->size ? n : in->size;
  in->data += *got;
  in->size -= *got;
  return at;
}

void fuzz_same_logs(const char *what, const char *expected, const char *got) {
  if (strcmp(expected, got) == 0) return;
  fprintf(stderr, "fuzz: %s: the logs differ\n--- expected\n%s--- got\n%s", what, expected, got);
  abort();
}
