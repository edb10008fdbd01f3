#include "run_body.h"

#include <string.h>

int run_body(const unsigned char *bytes, size_t len, const sse_delta_options *options,
             unsigned char *ws, size_t ws_size, struct summary *s, sse_delta_report *report) {
  /* static, not on the stack: the stack the boards measure around a run
     is then the library's and the callbacks', and the parser counts once
     in the RAM budget (the program runs one body at a time) */
  static sse_delta_parser p;
  sse_delta_callbacks cb;
  sse_delta_status end;
  size_t off;
  int ok = 1;
  summary_init(s);
  memset(&cb, 0, sizeof cb);
  summary_set_callbacks(&cb);
  memset(report, 0, sizeof *report);
  if (sse_delta_init(&p, ws, ws_size, &cb, s, options) != SSE_DELTA_OK) return -1;
  for (off = 0; off < len && ok; off += RUN_SLICE) {
    size_t n = len - off < RUN_SLICE ? len - off : RUN_SLICE, used = 0;
    /* the summary never pauses, so anything but OK with every byte used
       is a failure */
    ok = sse_delta_feed(&p, bytes + off, n, &used) == SSE_DELTA_OK && used == n;
  }
  end = sse_delta_end(&p, report);
  summary_set_dialect(s, sse_delta_get_dialect(&p));
  s->verdict = sse_delta_verdict_name(sse_delta_verdict_of(report));
  return ok ? (int)end : -1;
}
