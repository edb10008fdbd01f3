/* The bodies the test-arm program replays, written into a C file by
   embed.c at build time (the recordings stay outside the repository's
   sources: cassettes as YAML, the corpus beside the clone). */
#ifndef SSE_DELTA_ARM_BODIES_H
#define SSE_DELTA_ARM_BODIES_H

#include <stddef.h>

struct embedded_body {
  const char *label; /* "file.yaml#N" or "name.sse:dialect" */
  const unsigned char *data;
  size_t len;
};

extern const struct embedded_body embedded_bodies[];
extern const size_t embedded_body_count;

#endif
