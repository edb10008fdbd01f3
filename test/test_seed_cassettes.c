/* The five seed cassettes (test/cassettes, go-vcr v2 YAML; OpenRouter
   chat completions for moonshotai/kimi-k2-0905 through five upstream
   providers, two streamed turns each).

   The expectations below were written by hand from reading each cassette's
   request and response bodies, not from the library's output: the text is
   the delta.content fragments joined, the tool calls are the
   delta.tool_calls fragments (ids and names from their first fragment,
   arguments joined), finish and usage come from the finish chunk and the
   usage chunk, and every body ends with `data: [DONE]` and a blank line.
   Each body is loaded with the tool's libyaml cassette reader, run through
   the library with the --summary aggregator, whole and one byte at a time,
   and compared field by field. Arguments compare as JSON values, so they
   are written here compactly although the providers sent
   {"a": 2, "b": 3}.

   cassette.h gives the response bodies only, not the requests, so the
   link between the request's tools and the called tool is not checked
   here (it was checked by hand: each first request offers exactly the
   tools that its response calls). */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cassette.h"
#include "check.h"
#include "read_file.h"
#include "json_value.h"
#include "summary_run.h"

struct seed_tool {
  const char *id, *name, *arguments;
};

struct seed_turn {
  const char *content;
  size_t tool_count;
  struct seed_tool tools[2];
  const char *finish, *finish_raw;
  int64_t input, output, total, cached, reasoning;
};

struct seed_cassette {
  const char *file;
  struct seed_turn turns[2];
};

/* UTF-8 of the few non-ASCII characters the answers hold. Kept as
   separate literals so that no hex escape swallows the next letter. */
#define DEGREE "\xC2\xB0"  /* U+00B0 */
#define TIMES "\xC3\x97"   /* U+00D7 */
#define EM_DASH "\xE2\x80\x94" /* U+2014 */

#define ADD_2_3 "{\"a\":2,\"b\":3}"

static const struct seed_cassette seeds[] = {
    {"openrouter_kimi-k2_moonshotai_tool_streaming.yaml",
     {{"I'll check the weather in Florence, Italy for you.",
       1,
       {{"weather:0", "weather", "{\"location\":\"Florence, Italy\"}"}},
       "tool_calls", "tool_calls", 68, 31, 99, 68, 0},
      {"The current weather in Florence, Italy is 40" DEGREE "C (104" DEGREE
       "F). It's quite hot there right now!",
       0,
       {{NULL, NULL, NULL}},
       "stop", "stop", 121, 22, 143, 32, 0}}},
    {"openrouter_kimi-k2_wandb_tool_streaming.yaml",
     {{"I'll check the weather for Florence, Italy right now.",
       1,
       /* the model asked for "Florence" only: Fl + ore + nce + "} */
       {{"functions.weather:0", "weather", "{\"location\":\"Florence\"}"}},
       "tool_calls", "tool_calls", 97, 30, 127, 0, 0},
      {"Florence is quite warm right now" EM_DASH
       "temperatures are around **40 " DEGREE "C**. If you're heading out, "
       "be sure to stay hydrated and use plenty of sun protection!",
       0,
       {{NULL, NULL, NULL}},
       "stop", "stop", 170, 36, 206, 64, 0}}},
    /* chutes re-sends "id": null and "name": null on every fragment */
    {"openrouter_kimi-k2_chutes_multi_tool_streaming.yaml",
     {{"I'll add and multiply 2 and 3 for you.",
       2,
       {{"functions.add:0", "add", ADD_2_3},
        {"functions.multiply:1", "multiply", ADD_2_3}},
       "tool_calls", "tool_calls", 197, 53, 250, 0, 0},
      /* the whole answer in one fragment, on the finish chunk */
      {"The results are:\n- Addition: 2 + 3 = 5\n- Multiplication: 2 " TIMES
       " 3 = 6",
       0,
       {{NULL, NULL, NULL}},
       "stop", "stop", 282, 28, 310, 0, 0}}},
    /* fireworks sends "id": null and an empty arguments fragment last */
    {"openrouter_kimi-k2_fireworks_multi_tool_streaming.yaml",
     {{"I'll add and multiply the numbers 2 and 3 for you.",
       2,
       {{"functions.add:0", "add", ADD_2_3},
        {"functions.multiply:1", "multiply", ADD_2_3}},
       "tool_calls", "tool_calls", 210, 55, 265, 0, 0},
      {"The results are:\n- Addition: 2 + 3 = 5\n- Multiplication: 2 " TIMES
       " 3 = 6",
       0,
       {{NULL, NULL, NULL}},
       "stop", "stop", 283, 29, 312, 0, 0}}},
    {"openrouter_kimi-k2_moonshotai_multi_tool_streaming.yaml",
     {{"I'll add and multiply 2 and 3 for you.",
       2,
       {{"add:0", "add", ADD_2_3}, {"multiply:1", "multiply", ADD_2_3}},
       "tool_calls", "tool_calls", 154, 52, 206, 0, 0},
      {"Here are the results:\n- **Addition**: 2 + 3 = 5\n- "
       "**Multiplication**: 2 " TIMES " 3 = 6",
       0,
       {{NULL, NULL, NULL}},
       "stop", "stop", 236, 32, 268, 0, 0}}},
};

/* Compares a collected text with the expected one, showing both. */
static void check_text(const char *what, const char *where,
                       const struct summary_text *got, const char *want) {
  size_t n = strlen(want);
  if (got->len == n && (n == 0 || memcmp(got->data, want, n) == 0)) return;
  check_failed_++;
  fprintf(stderr, "  %s: %s\n    got:  \"%.*s\"\n    want: \"%s\"\n", where, what,
          (int)got->len, got->data ? got->data : "", want);
}

static void check_count(const char *what, const char *where, int64_t got,
                        int64_t want) {
  if (got == want) return;
  check_failed_++;
  fprintf(stderr, "  %s: %s is %" PRId64 ", want %" PRId64 "\n", where, what,
          got, want);
}

static void check_turn(const char *where, const struct summary *s,
                       const struct seed_turn *t) {
  size_t i;
  CHECK_MSG(s->dialect == SSE_DELTA_DIALECT_OPENAI_CHAT, "%s: dialect %s", where,
            sse_delta_dialect_name(s->dialect) ? sse_delta_dialect_name(s->dialect)
                                               : "null");
  check_text("content", where, &s->content, t->content);
  check_text("reasoning", where, &s->reasoning, "");
  CHECK_MSG(s->tool_call_count == t->tool_count, "%s: %lu tool calls, want %lu",
            where, (unsigned long)s->tool_call_count,
            (unsigned long)t->tool_count);
  for (i = 0; i < t->tool_count && i < s->tool_call_count; i++) {
    const struct summary_tool_call *call = &s->tool_calls[i];
    const struct seed_tool *want = &t->tools[i];
    char at[200];
    sprintf(at, "%.150s, tool call %lu", where, (unsigned long)i);
    check_text("id", at, &call->id, want->id);
    check_text("name", at, &call->name, want->name);
    if (!json_arguments_equal(call->arguments.data ? call->arguments.data : "",
                              call->arguments.len, want->arguments,
                              strlen(want->arguments)))
      check_text("arguments (as JSON)", at, &call->arguments, want->arguments);
  }
  CHECK_MSG(s->has_finish && strcmp(sse_delta_finish_name(s->finish), t->finish) == 0,
            "%s: finish %s, want %s", where,
            s->has_finish ? sse_delta_finish_name(s->finish) : "null", t->finish);
  CHECK_MSG(s->has_finish_raw, "%s: finish_raw null, want %s", where,
            t->finish_raw);
  if (s->has_finish_raw) check_text("finish_raw", where, &s->finish_raw, t->finish_raw);
  CHECK_MSG(s->has_usage, "%s: no usage", where);
  if (s->has_usage) {
    check_count("input_tokens", where, s->usage.input_tokens, t->input);
    check_count("output_tokens", where, s->usage.output_tokens, t->output);
    check_count("total_tokens", where, s->usage.total_tokens, t->total);
    check_count("cached_tokens", where, s->usage.cached_tokens, t->cached);
    check_count("reasoning_tokens", where, s->usage.reasoning_tokens,
                t->reasoning);
  }
  CHECK_MSG(s->done, "%s: done is false ([DONE] ends the body)", where);
  CHECK_MSG(s->error_count == 0, "%s: %lu provider errors, want none", where,
            (unsigned long)s->error_count);
  CHECK_MSG(!s->out_of_memory, "%s: the summary ran out of memory", where);
}

static void check_cassette(const struct seed_cassette *seed) {
  static const size_t feed_sizes[] = {0, 1};
  char path[256], problem[200];
  struct cassette c;
  enum cassette_result r;
  size_t len, i, k;
  char *data;
  sprintf(path, "test/cassettes/%.200s", seed->file);
  data = read_whole_file(path, &len);
  CHECK_MSG(data != NULL, "cannot read %s (the tests run from the repository root)",
            path);
  if (data == NULL) return;
  CHECK_MSG(cassette_maybe(data, len), "%s does not look like a cassette", path);
  r = cassette_load(data, len, &c, problem, sizeof problem);
  free(data);
  CHECK_MSG(r == CASSETTE_OK, "%s: cassette_load gives %d %s", path, (int)r, problem);
  if (r != CASSETTE_OK) return;
  CHECK_MSG(c.count == 2, "%s: %lu response bodies, want 2", path,
            (unsigned long)c.count);
  for (i = 0; i < c.count && i < 2; i++) {
    const struct cassette_body *b = &c.bodies[i];
    CHECK_MSG(b->interaction == i, "%s: body %lu is interaction %lu", path,
              (unsigned long)i, (unsigned long)b->interaction);
    for (k = 0; k < sizeof feed_sizes / sizeof feed_sizes[0]; k++) {
      struct summary s;
      sse_delta_status end;
      char where[300];
      char *json;
      sprintf(where, "%.200s interaction %lu (%s)", seed->file, (unsigned long)i,
              feed_sizes[k] ? "byte at a time" : "fed whole");
      CHECK_MSG(run_summary(b->data, b->len, feed_sizes[k], &s, &end) == 0,
                "%s: the parser refused the input", where);
      CHECK_MSG(end == SSE_DELTA_OK, "%s: sse_delta_end gives %s for a complete body",
                where, sse_delta_status_name(end));
      check_turn(where, &s, &seed->turns[i]);
      json = summary_json(&s, NULL);
      CHECK_MSG(json != NULL, "%s: summary_write_json failed", where);
      free(json);
      summary_free(&s);
    }
  }
  cassette_free(&c);
}

void test_seed_cassettes(void) {
  size_t i;
  for (i = 0; i < sizeof seeds / sizeof seeds[0]; i++) check_cassette(&seeds[i]);
}
