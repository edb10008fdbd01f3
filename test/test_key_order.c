/* Key order never matters: a JSON object is an unordered set of members,
   and providers do not agree on an order (nor keep one: a gateway may
   re-serialize), so the callbacks for a payload must not depend on it.

   The corpus test rewrites every body with the members of every object
   permuted (json_shuffle.h) and requires the callback log (recorder.h) of
   the original. Two parts of the log legitimately follow the key order
   and are compared as JSON values instead of as bytes: a tool call's
   arguments where the provider sent an object (anthropic start `input`,
   gemini `args`), and a provider error reported as the compact JSON text
   of an error object that has no message.

   The bug report's cases (a finish word before the delta or content that
   holds a tool call) are written out by hand at the end, in both orders.

   The corpus lives beside the repository; without it the corpus tests are
   SKIPPED, visibly. They run from the repository root, as `make test`
   does. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "read_file.h"
#include "corpus.h"
#include "expect.h"
#include "json_shuffle.h"
#include "json_value.h"
#include "log_compare.h"
#include "recorder.h"
#include "summary_run.h"

#define MAX_REPORTED 3 /* mismatching variants shown in detail */
#define SHOWN_BYTES 300 /* of each differing log item */

/* ---- the corpus ---------------------------------------------------------- */

typedef struct key_order_run {
  shuffle_stats stats;
  size_t variants, failed_variants, failed_bodies;
  size_t same_by_value; /* arguments or messages equal only as JSON values */
} key_order_run;

/* FNV-1a of the body's name: each body gets its own draws, which do not
   depend on where it sits in the index. */
static uint64_t name_hash(const char *s) {
  uint64_t h = UINT64_C(0xCBF29CE484222325);
  while (*s) h = (h ^ (unsigned char)*s++) * UINT64_C(0x100000001B3);
  return h;
}

static void report_mismatch(key_order_run *run, const char *file, uint64_t seed,
                            const log_items *orig, const log_items *variant, size_t at) {
  run->failed_variants++;
  check_failed_++;
  if (run->failed_variants > MAX_REPORTED) return;
  fprintf(stderr,
          "  %s seed %lu: log item %lu differs\n    original: %.*s\n    shuffled: %.*s\n", file,
          (unsigned long)seed, (unsigned long)at, SHOWN_BYTES, item_text(orig, at), SHOWN_BYTES,
          item_text(variant, at));
}

/* Records the original and one variant per seed (seeds NULL: one variant
   with every member kept in place) and compares their logs. */
static void check_body(const char *file, const char *body, size_t len, const uint64_t *seeds,
                       size_t n_seeds, key_order_run *run) {
  feed_plan with_report;
  char *log;
  log_items orig;
  size_t r, rounds = seeds ? n_seeds : 1;
  int body_failed = 0;
  memset(&with_report, 0, sizeof with_report);
  with_report.with_report = 1;
  log = record_stream(body, len, &with_report);
  parse_log(log, &orig);
  free(log);
  for (r = 0; r < rounds; r++) {
    shuffle_rng rng;
    log_items variant;
    size_t variant_len, at;
    char *shuffled;
    if (seeds) shuffle_rng_seed(&rng, seeds[r] ^ name_hash(file));
    shuffled = sse_shuffle_body(body, len, seeds ? &rng : NULL, &variant_len, &run->stats);
    log = record_stream(shuffled, variant_len, &with_report);
    parse_log(log, &variant);
    at = first_difference(&orig, &variant, &run->same_by_value);
    if (at < orig.count || at < variant.count) {
      report_mismatch(run, file, seeds ? seeds[r] : 0, &orig, &variant, at);
      body_failed = 1;
    }
    run->variants++;
    log_items_free(&variant);
    free(log);
    free(shuffled);
  }
  run->failed_bodies += (size_t)body_failed;
  log_items_free(&orig);
}

/* Every body of the corpus; returns the body count, 0 when skipped. */
static size_t run_corpus(const uint64_t *seeds, size_t n_seeds, key_order_run *run) {
  struct corpus bodies;
  size_t i, count;
  int loaded = corpus_load(&bodies);
  memset(run, 0, sizeof *run);
  if (loaded <= 0) return 0;
  for (i = 0; i < bodies.count; i++) {
    char path[512];
    size_t len;
    char *body;
    sprintf(path, "%s/%.200s", CORPUS_DIR, bodies.entries[i].file);
    body = read_whole_file(path, &len);
    CHECK_MSG(body != NULL, "cannot read %s", path);
    if (body != NULL) check_body(bodies.entries[i].file, body, len, seeds, n_seeds, run);
    free(body);
  }
  count = bodies.count;
  corpus_free(&bodies);
  return count;
}

static void print_run(const char *what, size_t bodies, const key_order_run *run) {
  const shuffle_stats *st = &run->stats;
  printf("  %s: %lu bodies, %lu variants: %lu JSON payloads rewritten, %lu reordered; "
         "%lu objects kept in order (repeated or escaped keys), %lu multi-line payloads left; "
         "%lu arguments or error texts equal as JSON values only\n",
         what, (unsigned long)bodies, (unsigned long)run->variants,
         (unsigned long)st->json_payloads, (unsigned long)st->reordered,
         (unsigned long)st->fixed_objects, (unsigned long)st->multi_line,
         (unsigned long)run->same_by_value);
  fflush(stdout); /* before the mismatch summary on stderr */
  if (run->failed_variants > 0)
    fprintf(stderr, "  %lu of %lu variants (%lu of %lu bodies) give other callbacks%s\n",
            (unsigned long)run->failed_variants, (unsigned long)run->variants,
            (unsigned long)run->failed_bodies, (unsigned long)bodies,
            run->failed_variants > MAX_REPORTED ? " (details above for the first ones)" : "");
}

#define CORPUS_ABSENT CORPUS_DIR " not found: key-order tests need the shared corpus beside the repository"

static int corpus_present(void) {
  FILE *f = fopen(CORPUS_DIR "/index.json", "rb");
  if (f != NULL) fclose(f);
  return f != NULL;
}

/* Three rounds per body. A reported "seed N" is rebuilt by seeding with
   N ^ name_hash(file) and calling sse_shuffle_body() on the body. */
void test_key_order_corpus(void) {
  static const uint64_t seeds[] = {1, 2, 3};
  key_order_run run;
  size_t bodies;
  if (!corpus_present()) SKIP(CORPUS_ABSENT);
  bodies = run_corpus(seeds, sizeof seeds / sizeof seeds[0], &run);
  print_run("shuffled", bodies, &run);
  CHECK_MSG(run.stats.not_equal == 0, "%lu variants are not the same JSON value: a shuffler bug",
            (unsigned long)run.stats.not_equal);
  /* The test means something only when most payloads really changed. */
  CHECK_MSG(run.stats.json_payloads >= 10000 &&
                run.stats.reordered * 10 >= run.stats.json_payloads * 9,
            "only %lu of %lu JSON payloads were reordered", (unsigned long)run.stats.reordered,
            (unsigned long)run.stats.json_payloads);
}

/* The control: the same rewrite with every member left in place (only the
   whitespace goes) must give the same callbacks, so that what
   key_order_corpus finds is the key order and not the harness. */
void test_key_order_corpus_compact_only(void) {
  key_order_run run;
  size_t bodies;
  if (!corpus_present()) SKIP(CORPUS_ABSENT);
  bodies = run_corpus(NULL, 0, &run);
  print_run("compacted", bodies, &run);
  CHECK(run.stats.reordered == 0);
  CHECK(run.stats.json_payloads >= 10000);
}

/* ---- the shuffler itself ----------------------------------------------- */

/* Every kind of line the shuffler must leave alone, and one payload whose
   strings and numbers must survive as written. */
static const char shuffler_body[] =
    "\xEF\xBB\xBF: comment\r\n"
    "event: x\r\n"
    "data: {\"b\" : \"\\u0041\\n\\\"\", \"a\":[1.0, {\"d\":-0e+1,\"c\":true}],\"e\":null}\r\n"
    "\r\n"
    "data:{\"k\":1,\"k\":2}\n\n"
    "data: [DONE]\n\n"
    "data: {\"x\":1,\"y\":2}\ndata: {\"z\":3}\n\n"
    "data: {\"a\":1,\"b\":2,}\r\r"
    "id: 7\ndata: {\"q\" : 1 , \"r\" : 2}";

/* The body above with its three JSON payloads compacted. */
static const char shuffler_compact[] =
    "\xEF\xBB\xBF: comment\r\n"
    "event: x\r\n"
    "data: {\"b\":\"\\u0041\\n\\\"\",\"a\":[1.0,{\"d\":-0e+1,\"c\":true}],\"e\":null}\r\n"
    "\r\n"
    "data:{\"k\":1,\"k\":2}\n\n"
    "data: [DONE]\n\n"
    "data: {\"x\":1,\"y\":2}\ndata: {\"z\":3}\n\n"
    "data: {\"a\":1,\"b\":2,}\r\r"
    "id: 7\ndata: {\"q\":1,\"r\":2}";

/* Where, in shuffler_compact, the payload after `marker` lies: up to the
   next CR, or to the end. */
static void find_payload(const char *marker, size_t *at, size_t *n) {
  const char *c = shuffler_compact;
  const char *p = strstr(c, marker) + strlen(marker);
  const char *e = strchr(p, '\r');
  *at = (size_t)(p - c);
  *n = (size_t)((e ? e : c + strlen(c)) - p);
}

static int same_json_value(const char *a, const char *b, size_t n) {
  json_value *va = json_parse(a, n), *vb = json_parse(b, n);
  int same = va != NULL && vb != NULL && json_equal(va, vb);
  json_free(va);
  json_free(vb);
  return same;
}

/* Whether `got` is the compact body with only its first and last payload
   (the only ones with objects free to move) changed, those the same JSON
   values with their strings and numbers as written. A permutation keeps
   a payload's length, so both sit where they sit in the compact body. */
static int only_payloads_moved(const char *got, size_t len) {
  const char *c = shuffler_compact;
  size_t a1, n1, a2, n2;
  find_payload("event: x\r\ndata: ", &a1, &n1);
  find_payload("id: 7\ndata: ", &a2, &n2);
  return len == sizeof shuffler_compact - 1 && memcmp(got, c, a1) == 0 &&
         same_json_value(got + a1, c + a1, n1) &&
         memcmp(got + a1 + n1, c + a1 + n1, a2 - a1 - n1) == 0 &&
         same_json_value(got + a2, c + a2, n2) && a2 + n2 == len &&
         strstr(got, "\"\\u0041\\n\\\"\"") != NULL && strstr(got, "[1.0,") != NULL &&
         strstr(got, "-0e+1") != NULL;
}

void test_key_order_shuffler(void) {
  shuffle_stats st;
  shuffle_rng rng;
  size_t len, seed;
  int moved_some = 0;
  char *out, *again;
  memset(&st, 0, sizeof st);
  out = sse_shuffle_body(shuffler_body, sizeof shuffler_body - 1, NULL, &len, &st);
  CHECK(len == sizeof shuffler_compact - 1 && memcmp(out, shuffler_compact, len) == 0);
  CHECK_MSG(st.payloads == 5 && st.json_payloads == 3 && st.multi_line == 1 && st.reordered == 0 &&
                st.not_equal == 0,
            "payloads %lu json %lu multi-line %lu reordered %lu", (unsigned long)st.payloads,
            (unsigned long)st.json_payloads, (unsigned long)st.multi_line,
            (unsigned long)st.reordered);
  free(out);
  for (seed = 1; seed <= 20; seed++) {
    memset(&st, 0, sizeof st);
    shuffle_rng_seed(&rng, seed);
    out = sse_shuffle_body(shuffler_body, sizeof shuffler_body - 1, &rng, &len, &st);
    CHECK_MSG(only_payloads_moved(out, len), "seed %lu: %s", (unsigned long)seed, out);
    CHECK_MSG(st.fixed_objects == 1 && st.not_equal == 0, "seed %lu: fixed %lu", (unsigned long)seed,
              (unsigned long)st.fixed_objects);
    moved_some |= st.reordered > 0;
    shuffle_rng_seed(&rng, seed);
    again = sse_shuffle_body(shuffler_body, sizeof shuffler_body - 1, &rng, NULL, NULL);
    CHECK_MSG(strcmp(out, again) == 0, "seed %lu gives two different variants", (unsigned long)seed);
    free(again);
    free(out);
  }
  CHECK(moved_some);
}

/* ---- the cases of the bug report ------------------------------------- */

void test_key_order_openai_chat_finish_before_delta(void) {
  static const char want[] =
      "start 0 0 z|\nfinish 0 tool_calls stop\nend E_NO_END_MARKER\n";
  EXPECT("finish_reason before a delta that opens a call",
         "data: {\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
         "\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"z\"}]}}]}\n\n",
         want);
  EXPECT("the same with delta first",
         "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"z\"}]},"
         "\"finish_reason\":\"stop\"}]}\n\n",
         want);
}

void test_key_order_gemini_finish_before_content(void) {
  static const char want[] =
      "start 0 0 |f\nargs 0 0 {\"a\":1}\nfinish 0 tool_calls STOP\ndone\nend OK\n";
  EXPECT("finishReason before the content holding a call",
         "data: {\"candidates\":[{\"finishReason\":\"STOP\","
         "\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"f\",\"args\":{\"a\":1}}}]}}]}\r\n\r\n",
         want);
  EXPECT("the same with content first",
         "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"f\","
         "\"args\":{\"a\":1}}}]},\"finishReason\":\"STOP\"}]}\r\n\r\n",
         want);
}
