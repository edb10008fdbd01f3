/* The numbers README.md states about memory are the library's: the
   workspace formula, read from the README and evaluated, must give what
   sse_delta_workspace_size() asks for under many limits; the default and
   the example sizes, the defaults of the limits and sizeof the parser on
   this build must be the ones written there. A README sized by hand that
   drifted from the code fails here. (The 32-bit figures are printed by
   `make size`.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "expect.h"
#include "read_file.h"

static char *read_readme(void) {
  FILE *f = fopen("README.md", "rb");
  char *text;
  long n;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
      (text = (char *)malloc((size_t)n + 1)) == NULL) {
    fclose(f);
    return NULL;
  }
  text[fread(text, 1, (size_t)n, f)] = '\0';
  fclose(f);
  return text;
}

/* "108,144": how the README writes a size. */
static void with_commas(char *out, size_t cap, size_t v) {
  char digits[32];
  size_t n = (size_t)snprintf(digits, sizeof digits, "%zu", v), i, w = 0;
  for (i = 0; i < n && w + 2 < cap; i++) {
    if (i > 0 && (n - i) % 3 == 0) out[w++] = ',';
    out[w++] = digits[i];
  }
  out[w] = '\0';
}

static int mentions(const char *readme, const char *s) { return strstr(readme, s) != NULL; }

struct formula {
  unsigned per_token, slot, per_name, per_field, per_choice, fixed;
};

static int read_formula(const char *readme, struct formula *f) {
  const char *at = strstr(readme, "= `event_bytes + ");
  return at != NULL &&
         sscanf(at,
                "= `event_bytes + %u * tokens + (%u + %u * field8) * tool_calls + %u * "
                "field_bytes + %u * choices + %u`",
                &f->per_token, &f->slot, &f->per_name, &f->per_field, &f->per_choice,
                &f->fixed) == 6;
}

static size_t evaluate(const struct formula *f, const sse_delta_options *o) {
  size_t field8 = ((size_t)o->max_field_bytes + 7u) & ~(size_t)7u;
  return o->max_event_bytes + (size_t)f->per_token * o->max_tokens +
         ((size_t)f->slot + f->per_name * field8) * o->max_tool_calls +
         (size_t)f->per_field * o->max_field_bytes + (size_t)f->per_choice * o->max_choices +
         f->fixed;
}

void test_readme_memory_numbers(void) {
  static const uint32_t events[] = {1, 659, 8192, 65536};
  static const uint32_t tokens[] = {1, 60, 1024};
  static const uint32_t tools[] = {1, 2, 16};
  static const uint32_t fields[] = {1, 7, 8, 128, 1000};
  static const uint32_t choices[] = {1, 8, 100};
  char *readme = read_readme();
  char want[96], size[32];
  struct formula f;
  size_t a, b, c, d, e, wrong = 0;
  sse_delta_options o;
  if (readme == NULL) {
    CHECK_MSG(0, "README.md not readable from the working directory");
    return;
  }
  CHECK_MSG(read_formula(readme, &f), "the workspace formula line is missing or reshaped");
  for (a = 0; a < 4; a++)
    for (b = 0; b < 3; b++)
      for (c = 0; c < 3; c++)
        for (d = 0; d < 5; d++)
          for (e = 0; e < 3; e++) {
            memset(&o, 0, sizeof o);
            o.max_event_bytes = events[a];
            o.max_tokens = tokens[b];
            o.max_tool_calls = tools[c];
            o.max_field_bytes = fields[d];
            o.max_choices = choices[e];
            size_t readme_size = evaluate(&f, &o), lib_size = sse_delta_workspace_size(&o);
            if (readme_size != lib_size && wrong++ == 0) /* the first one is enough */
              CHECK_MSG(readme_size == lib_size,
                        "README formula %zu, library %zu (events %u tokens %u tools %u field "
                        "%u choices %u)",
                        readme_size, lib_size, o.max_event_bytes, o.max_tokens, o.max_tool_calls,
                        o.max_field_bytes, o.max_choices);
          }

  with_commas(size, sizeof size, sse_delta_workspace_size(NULL));
  snprintf(want, sizeof want, "`SSE_DELTA_DEFAULT_WORKSPACE_SIZE`, is %s bytes", size);
  CHECK_MSG(mentions(readme, want), "README should say: %s", want);

  memset(&o, 0, sizeof o);
  o.max_event_bytes = 8192;
  o.max_tokens = 256;
  o.max_tool_calls = 4;
  with_commas(size, sizeof size, sse_delta_workspace_size(&o));
  snprintf(want, sizeof want, "8 KiB events,\n256 tokens and 4 tool calls take %s bytes", size);
  CHECK_MSG(mentions(readme, want), "README should say: %s", want);
  CHECK(SSE_DELTA_WORKSPACE_SIZE(8192, 256, 4) == sse_delta_workspace_size(&o));

  snprintf(want, sizeof want, "a largest\nevent of %u KiB, %u JSON tokens per payload and %u tool calls",
           SSE_DELTA_DEFAULT_EVENT_BYTES / 1024u, SSE_DELTA_DEFAULT_MAX_TOKENS,
           SSE_DELTA_DEFAULT_MAX_TOOL_CALLS);
  CHECK_MSG(mentions(readme, want), "README should say: %s", want);
  snprintf(want, sizeof want, "default %u field bytes and %u choices", SSE_DELTA_DEFAULT_FIELD_BYTES,
           SSE_DELTA_DEFAULT_MAX_CHOICES);
  CHECK_MSG(mentions(readme, want), "README should say: %s", want);

#if defined(__x86_64__)
  snprintf(want, sizeof want, "(`sizeof`: %zu bytes on x86-64", sizeof(sse_delta_parser));
  CHECK_MSG(mentions(readme, want), "README should say: %s", want);
#endif
  free(readme);
}

/* The program the README shows is examples/minimal.c, which `make test`
   builds and runs: the README cannot show code that does not compile. */
void test_readme_shows_the_minimal_example(void) {
  char *readme = read_readme(), *example = read_whole_file("examples/minimal.c", NULL);
  const char *block;
  CHECK_MSG(readme != NULL && example != NULL, "README.md or examples/minimal.c not readable");
  if (readme == NULL || example == NULL) {
    free(readme);
    free(example);
    return;
  }
  block = strstr(readme, "```c\n/* examples/minimal.c");
  CHECK_MSG(block != NULL, "README should show examples/minimal.c in a ```c block");
  if (block != NULL) {
    block += 5;
    CHECK_MSG(strncmp(block, example, strlen(example)) == 0 &&
                  strncmp(block + strlen(example), "```", 3) == 0,
              "the README's copy of examples/minimal.c differs from the file");
  }
  free(readme);
  free(example);
}
