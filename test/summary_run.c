/* open_memstream() is POSIX.1-2008 */
#define _POSIX_C_SOURCE 200809L

#include "summary_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int run_summary(const char *bytes, size_t len, size_t feed_size,
                struct summary *s, sse_delta_status *end_status) {
  sse_delta_parser p;
  sse_delta_callbacks cb;
  sse_delta_status st, end;
  unsigned char *ws;
  size_t off = 0;
  int result = 0;
  summary_init(s);
  if (end_status != NULL) *end_status = SSE_DELTA_OK;
  memset(&cb, 0, sizeof cb);
  summary_set_callbacks(&cb);
  ws = (unsigned char *)malloc(SSE_DELTA_DEFAULT_WORKSPACE_SIZE);
  if (ws == NULL) return -1;
  st = sse_delta_init(&p, ws, SSE_DELTA_DEFAULT_WORKSPACE_SIZE, &cb, s, NULL);
  if (st != SSE_DELTA_OK) {
    fprintf(stderr, "  sse_delta_init: %s\n", sse_delta_status_name(st));
    free(ws);
    return -1;
  }
  if (feed_size == 0) feed_size = len;
  while (off < len) {
    size_t n = len - off < feed_size ? len - off : feed_size, consumed = 0;
    st = sse_delta_feed(&p, bytes + off, n, &consumed);
    if (st != SSE_DELTA_OK || consumed != n) {
      fprintf(stderr, "  sse_delta_feed at %lu: %s, consumed %lu of %lu\n",
              (unsigned long)off, sse_delta_status_name(st),
              (unsigned long)consumed, (unsigned long)n);
      result = -1;
      break;
    }
    off += n;
  }
  end = sse_delta_end(&p, NULL);
  if (end_status != NULL) *end_status = end;
  summary_set_dialect(s, sse_delta_get_dialect(&p));
  free(ws);
  return result;
}

char *summary_json(const struct summary *s, size_t *len) {
  char *text = NULL;
  size_t size = 0;
  int written;
  FILE *f = open_memstream(&text, &size);
  if (f == NULL) return NULL;
  written = summary_write_json(s, f);
  if (fclose(f) != 0 || written != 0) {
    free(text);
    return NULL;
  }
  if (len != NULL) *len = size;
  return text;
}
