/* Reading go-vcr cassettes (YAML, with libyaml): the response bodies of the
   `interactions:` list, in order, so that each can be replayed as a stream. */
#ifndef SSE_DELTA_TOOLS_CASSETTE_H
#define SSE_DELTA_TOOLS_CASSETTE_H

#include <stddef.h>

struct cassette_body {
  size_t interaction; /* position in the interactions list */
  char *data;
  size_t len;
};

struct cassette {
  struct cassette_body *bodies; /* interactions without a body are left out */
  size_t count;
};

enum cassette_result {
  CASSETTE_OK,
  CASSETTE_NOT_A_CASSETTE, /* valid YAML, but no top-level `interactions` */
  CASSETTE_BAD_YAML,
  CASSETTE_NO_BODIES, /* `interactions` holds no response body */
  CASSETTE_NO_MEMORY
};

/* Whether the input may be a cassette rather than a raw SSE body: its first
   meaningful line opens a YAML document (`---`, `%YAML`) or it has a
   top-level `interactions:` line, and it does not start like an SSE body.
   Only then is it worth parsing as YAML. */
int cassette_maybe(const char *data, size_t len);

/* Parses `data` as a cassette. On CASSETTE_OK, `out` holds the bodies (free
   with cassette_free). On CASSETTE_BAD_YAML, `problem` receives libyaml's
   description and its line number. */
enum cassette_result cassette_load(const char *data, size_t len,
                                   struct cassette *out, char *problem,
                                   size_t problem_size);

void cassette_free(struct cassette *c);

/* Whether the input's first non-blank line is an SSE line: a comment (`:`)
   or a `data`, `event`, `id` or `retry` field. */
int sse_body_start(const char *data, size_t len);

#endif
