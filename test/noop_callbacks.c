#include "noop_callbacks.h"

int noop_text(void *user, uint32_t choice, const char *s, size_t n) {
  (void)user, (void)choice, (void)s, (void)n;
  return 0;
}

int noop_arguments(void *user, uint32_t choice, uint32_t tool, const char *s, size_t n) {
  (void)user, (void)choice, (void)tool, (void)s, (void)n;
  return 0;
}

int noop_finish(void *user, uint32_t choice, sse_delta_finish f, const char *raw, size_t n) {
  (void)user, (void)choice, (void)f, (void)raw, (void)n;
  return 0;
}

int noop_usage(void *user, const sse_delta_usage *usage) {
  (void)user, (void)usage;
  return 0;
}
