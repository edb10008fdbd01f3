/* Reading a whole file, for the tests, the fuzz replay and the seed maker. */
#ifndef SSE_DELTA_TEST_READ_FILE_H
#define SSE_DELTA_TEST_READ_FILE_H

#include <stddef.h>

/* The whole file (malloc'd, NUL-terminated), or NULL when it cannot be
   read. `len` (may be NULL) receives its length. */
char *read_whole_file(const char *path, size_t *len);

#endif
