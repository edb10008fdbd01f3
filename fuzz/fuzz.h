/* What the fuzz harnesses share. Each harness is one libFuzzer entry point,
   LLVMFuzzerTestOneInput(), built three ways by the Makefile: with AFL++'s
   driver (afl-clang-fast, persistent mode, shared-memory test cases), as a
   libFuzzer target (clang -fsanitize=fuzzer), and with replay.c, a plain
   main() that runs files through it (regression tests, seeds).

   The parser is driven by test/recorder.c, which checks every promise of
   the header while it records each callback into a log (see recorder.h);
   a broken promise aborts. A harness feeds the same bytes two ways and
   aborts when the two logs differ. The first bytes of an input choose how
   (split points, pauses, limits); the rest is the stream. */
#ifndef SSE_DELTA_FUZZ_H
#define SSE_DELTA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "../test/recorder.h"

#ifdef __cplusplus
extern "C"
#endif
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input, read from its front. */
typedef struct fuzz_input {
  const uint8_t *data;
  size_t size;
} fuzz_input;

/* The next byte, or 0 once the input is used up. */
unsigned fuzz_byte(fuzz_input *in);
/* The next n bytes, or fewer at the end; advances past them. */
const uint8_t *fuzz_bytes(fuzz_input *in, size_t n, size_t *got);

/* Aborts, showing both logs, when they differ. */
void fuzz_same_logs(const char *what, const char *expected, const char *got);

#endif
