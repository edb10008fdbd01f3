/* The library exports its API and nothing else (doc/rules.md,
   "Integration"): every global symbol that build/libsse_delta.a defines
   starts with sse_delta_. A stray global (a jsmn function compiled without
   JSMN_STATIC, a helper that lost its `static`) would clash with the
   user's own code at link time, or silently bind to it.

   Reads `nm -g --defined-only`; runs from the repository root after the
   library is built, as `make test` does. */
#define _POSIX_C_SOURCE 200809L /* popen, pclose */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#ifndef BUILD_DIR
#define BUILD_DIR "build" /* the Makefile's $(BUILD) */
#endif
#define LIBRARY BUILD_DIR "/libsse_delta.a"
#define PREFIX "sse_delta_"

/* The symbol name of one line of nm's output ("ADDRESS TYPE NAME"), or
   NULL for the lines that name an archive member or are blank. */
static char *symbol_of(char *line) {
  char *name = NULL, *word;
  int words = 0;
  for (word = strtok(line, " \t\r\n"); word != NULL; word = strtok(NULL, " \t\r\n")) {
    name = word;
    words++;
  }
  return words >= 2 ? name : NULL;
}

void test_symbols_only_the_api_is_global(void) {
  char line[512];
  FILE *nm;
  int api = 0, offenders = 0, status;
  if (system("nm --version >/dev/null 2>&1") != 0) SKIP("nm not available");
  nm = popen("nm -g --defined-only " LIBRARY " 2>/dev/null", "r");
  CHECK(nm != NULL);
  if (nm == NULL) return;
  while (fgets(line, sizeof line, nm) != NULL) {
    const char *name = symbol_of(line);
    if (name == NULL) continue;
    if (strncmp(name, PREFIX, sizeof PREFIX - 1) == 0) {
      api++;
    } else {
      offenders++;
      fprintf(stderr, "  " LIBRARY " defines the global symbol %s\n", name);
    }
  }
  status = pclose(nm);
  CHECK_MSG(status == 0, "nm failed on " LIBRARY " (is the library built?)");
  /* an empty listing would pass the prefix rule without proving anything */
  CHECK_MSG(api > 0, "nm listed no " PREFIX " symbol in " LIBRARY);
  CHECK_MSG(offenders == 0, "%d global symbols without the " PREFIX " prefix", offenders);
}
