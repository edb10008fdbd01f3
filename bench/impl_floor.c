/* The floors: what any consumer of these bytes pays at least. The memchr
   floor finds the line ends and nothing else (the memory-bandwidth limit);
   the jsmn floor frames the events as the baselines do and tokenizes each
   payload with jsmn configured as the library configures it, the parser in
   a local variable, the tokens unused (the cost of the tokenizer itself). */
#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include "impls.h"

#include "framer.h"

/* Keeps the line count observable without a checksum of its own: the
   floors do not fill the sums (bench.c shows them as not compared). */
volatile size_t bench_floor_sink;

void bench_memchr_floor(const char *body, size_t len, bench_sums *sums) {
  (void)sums;
  bench_floor_sink += bench_count_lines(body, len);
}

static jsmntok_t tokens[SSE_DELTA_DEFAULT_MAX_TOKENS];
static char event_buf[SSE_DELTA_DEFAULT_EVENT_BYTES + 1];

static void tokenize(void *user, const char *event, size_t event_len, char *data,
                     size_t len) {
  jsmn_parser p;
  (void)user, (void)event, (void)event_len;
  jsmn_init(&p);
  bench_floor_sink += (size_t)jsmn_parse(&p, data, len, tokens, SSE_DELTA_DEFAULT_MAX_TOKENS);
}

void bench_jsmn_floor(const char *body, size_t len, bench_sums *sums) {
  bench_framer f = {0};
  (void)sums;
  f.buf = event_buf;
  f.cap = sizeof event_buf - 1;
  f.fn = tokenize;
  bench_frame_body(&f, body, len);
}
