/* Tool arguments as fields (on_tool_call_field): each scalar member of a
   call's argument text reported with its path, in pieces, while the
   fragments arrive. The expectations are written by hand from the JSON
   text; the property tests cut the same argument text into fragments at
   every byte (and every pair of bytes for the short ones) and require the
   same values once the pieces of each value are joined. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "corpus.h"
#include "read_file.h"
#include "recorder.h"
#include "split.h"
#include "grow_buf.h"

typedef grow_buf text;

/* s[0..n) as the contents of a JSON string, as a provider escapes it. */
static void add_json_string(text *t, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    char esc[8];
    if (c == '"' || c == '\\') {
      esc[0] = '\\';
      esc[1] = (char)c;
      grow_put(t, esc, 2);
    } else if (c < 0x20) {
      snprintf(esc, sizeof esc, "\\u%04x", c);
      grow_str(t, esc);
    } else {
      grow_put(t, s + i, 1);
    }
  }
}

#define CHUNK_HEAD "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"

/* An openai-chat stream: call c1 "f" whose arguments `args` come in
   fragments ending at cuts[0..ncuts) (ascending) and at the end. */
static text chat_stream(const char *args, const size_t *cuts, size_t ncuts) {
  text t = {NULL, 0, 0};
  size_t k, from = 0, n = strlen(args);
  grow_str(&t, CHUNK_HEAD "\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
              "\"arguments\":\"\"}}]}}]}\n\n");
  for (k = 0; k <= ncuts; k++) {
    size_t to = k < ncuts ? cuts[k] : n;
    if (to <= from) continue;
    grow_str(&t, CHUNK_HEAD "\"function\":{\"arguments\":\"");
    add_json_string(&t, args + from, to - from);
    grow_str(&t, "\"}}]}}]}\n\n");
    from = to;
  }
  grow_str(&t, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
           "data: [DONE]\n\n");
  return t;
}

static char *record_fields(const char *bytes, size_t n, int pause) {
  feed_plan plan;
  memset(&plan, 0, sizeof plan);
  plan.with_fields = 1;
  plan.pause_always = pause;
  return record_stream(bytes, n, &plan);
}

/* The field lines of a log with the pieces of each value joined:
   "field <choice> <tool> <path>[ flags] <kind>[ <value>]\n". A value still
   open when the log ends shows " (open)"; one left open by an invalid
   event is dropped (how much of it came before depends on the cuts). */
static char *joined_fields(const char *log) {
  text out = {NULL, 0, 0}, open = {NULL, 0, 0}, prefix = {NULL, 0, 0};
  int is_open = 0;
  const char *line = log;
  grow_str(&out, "");
  while (*line) {
    const char *nl = strchr(line, '\n'), *more, *last, *mark;
    size_t n = nl ? (size_t)(nl - line) : strlen(line);
    if (strncmp(line, "field ", 6) == 0) {
      more = strstr(line, " more ");
      last = strstr(line, " last ");
      mark = more && (!last || more < last) ? more : last;
      if (mark == NULL || mark > line + n) abort();
      if (!is_open || prefix.n != (size_t)(mark - line) || memcmp(prefix.s, line, prefix.n) != 0) {
        prefix.n = open.n = 0; /* a new value; an open one before it is dropped */
        grow_put(&prefix, line, (size_t)(mark - line));
        grow_str(&open, "");
      }
      grow_put(&open, mark + 6, (size_t)(line + n - (mark + 6)));
      is_open = mark == more;
      if (!is_open) {
        grow_put(&out, prefix.s, prefix.n);
        if (open.n > 0) grow_str(&out, " ");
        grow_put(&out, open.s, open.n);
        grow_str(&out, "\n");
      }
    }
    line += n + (nl != NULL);
  }
  if (is_open) {
    grow_put(&out, prefix.s, prefix.n);
    grow_str(&out, " ");
    grow_put(&out, open.s, open.n);
    grow_str(&out, " (open)\n");
  }
  free(open.s);
  free(prefix.s);
  return out.s;
}

static int shown;

/* The joined fields of `args` cut at cuts[0..ncuts) must be `want`, and
   a pause after every callback must give the same log. */
static int check_cuts(const char *args, const size_t *cuts, size_t ncuts, const char *want) {
  text t = chat_stream(args, cuts, ncuts);
  char *log = record_fields(t.s, t.n, 0), *got = joined_fields(log);
  char *paused = record_fields(t.s, t.n, 1);
  int same = strcmp(got, want) == 0 && strcmp(paused, log) == 0;
  free(paused);
  if (!same) {
    check_failed_++;
    if (shown++ < 3) {
      size_t k;
      fprintf(stderr, "  arguments %s cut at", args);
      for (k = 0; k < ncuts; k++) fprintf(stderr, " %zu", cuts[k]);
      fprintf(stderr, "\n    got:\n%s    want:\n%s    log:\n%s", got, want, log);
    }
  }
  free(got);
  free(log);
  free(t.s);
  return same;
}

/* Whole, cut at every byte, at every pair of bytes (short texts), one
   byte per fragment; the fields joined must always be `want`. */
static void check_every_cut(const char *args, const char *want) {
  size_t n = strlen(args), i, j, *each;
  int ok = check_cuts(args, NULL, 0, want);
  for (i = 1; i < n && ok; i++) ok = check_cuts(args, &i, 1, want);
  for (i = 1; i < n && ok && n <= 48; i++)
    for (j = i + 1; j < n && ok; j++) {
      size_t two[2];
      two[0] = i;
      two[1] = j;
      ok = check_cuts(args, two, 2, want);
    }
  each = (size_t *)malloc((n + 1) * sizeof *each);
  if (each == NULL) abort();
  for (i = 0; i < n; i++) each[i] = i + 1;
  if (ok && n > 1) check_cuts(args, each, n - 1, want);
  free(each);
}

/* A stream with fields held to split invariance (every SSE split, byte
   at a time, a pause after every callback) and to its exact log. */
static void check_stream(const char *name, const char *stream, const char *want) {
  feed_plan plan;
  char *log = record_fields(stream, strlen(stream), 0);
  CHECK_MSG(strcmp(log, want) == 0, "%s:\n    got:\n%s    want:\n%s", name, log, want);
  free(log);
  memset(&plan, 0, sizeof plan);
  plan.with_fields = 1;
  plan.with_report = 1;
  check_split_invariance(name, stream, strlen(stream), &plan);
}

#define F(path_kind_value) "field 0 0 " path_kind_value "\n"

void test_argument_fields_as_they_stream(void) {
  check_stream("a device acts on \"led\" when \"on\" closes",
               CHUNK_HEAD "\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"led\\\":\\\"o\"}}]}}]}\n\n"
               CHUNK_HEAD "\"function\":{\"arguments\":\"n\\\",\\\"level\\\":4\"}}]}}]}\n\n"
               CHUNK_HEAD "\"function\":{\"arguments\":\"2}\"}}]}}]}\n\n"
               "data: [DONE]\n\n",
               "start 0 0 c1|f\n"
               "args 0 0 {\"led\":\"o\n"
               "field 0 0 .led string more o\n"
               "args 0 0 n\",\"level\":4\n"
               "field 0 0 .led string last n\n"
               "field 0 0 .level number more 4\n"
               "args 0 0 2}\n"
               "field 0 0 .level number last 2\n"
               "done\nend OK\n");
  check_stream("a long string in many pieces, then true at once",
               CHUNK_HEAD "\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"content\\\": \\\"Hello\"}}]}}]}\n\n"
               CHUNK_HEAD "\"function\":{\"arguments\":\", wor\"}}]}}]}\n\n"
               CHUNK_HEAD "\"function\":{\"arguments\":\"ld\\\", \\\"ok\\\": tr\"}}]}}]}\n\n"
               CHUNK_HEAD "\"function\":{\"arguments\":\"ue }\"}}]}}]}\n\n"
               "data: [DONE]\n\n",
               "start 0 0 c1|f\n"
               "args 0 0 {\"content\": \"Hello\n"
               "field 0 0 .content string more Hello\n"
               "args 0 0 , wor\n"
               "field 0 0 .content string more , wor\n"
               "args 0 0 ld\", \"ok\": tr\n"
               "field 0 0 .content string last ld\n"
               "args 0 0 ue }\n"
               "field 0 0 .ok true last true\n"
               "done\nend OK\n");
}

void test_argument_fields_nested_objects_and_arrays(void) {
  check_every_cut("{\"a\":{\"b\":[1,{\"c\":null}],\"d\":[]},\"e\":[[true,false]],\"f\":{},\"g\":-0.5e+3}",
                  F(".a.b[0] number 1") F(".a.b[1].c null null") F(".e[0][0] true true")
                  F(".e[0][1] false false") F(".g number -0.5e+3"));
  check_every_cut(" { \"k\\\"ey\" : 1 , \"\\u00e9\":\"v\",\"\":true, \"sp\" : [ ] , \"x\" : { } } ",
                  F(".k\"ey number 1") F(".\xC3\xA9 string v") F(". true true"));
  check_every_cut("{\"list\":[\"a\",\"b\",[0,1E2],{\"z\":0}],\"n\":-12}",
                  F(".list[0] string a") F(".list[1] string b") F(".list[2][0] number 0")
                  F(".list[2][1] number 1E2") F(".list[3].z number 0") F(".n number -12"));
  /* deeper than SSE_DELTA_FIELD_DEPTH (4): the outer four levels, flagged */
  check_every_cut("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}},\"k\":[[[[[\"z\"]]]]],\"y\":2}",
                  F(".a.b.c.d deep number 1") F(".k[0][0][0] deep string z") F(".y number 2"));
  /* the path's keys share 30 bytes: the long key is cut, the one inside it
     gets no room, the next top-level key is whole again */
  check_every_cut("{\"abcdefghijklmnopqrstuvwxyz0123456789\":{\"q\":2},\"r\":3}",
                  F(".abcdefghijklmnopqrstuvwxyz0123. key_cut number 2") F(".r number 3"));
  check_every_cut("{\"a\":[{\"b\":[{\"c\":\"x\"}]}]}", F(".a[0].b[0] deep string x"));
}

void test_argument_fields_escapes_and_surrogates(void) {
  check_every_cut("{\"s\":\"a\\nb\\\"c\\\\d\\/e\\u00e9\\u20AC\\ud83d\\ude00!\\t\\b\\f\\r\"}",
                  F(".s string a\\nb\"c\\\\d/e\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80!\\t\\x08\\x0C\\r"));
  /* lone halves become U+FFFD, in every position */
  check_every_cut("{\"h\":\"x\\ud83dy\",\"l\":\"\\ude00\",\"e\":\"\\ud83d\",\"n\":\"\\ud83d\\n\","
                  "\"hh\":\"\\ud83d\\ud83d\\ude00\",\"u\":\"\\ud83d\\u0041\"}",
                  F(".h string x\xEF\xBF\xBDy") F(".l string \xEF\xBF\xBD") F(".e string \xEF\xBF\xBD")
                  F(".n string \xEF\xBF\xBD\\n") F(".hh string \xEF\xBF\xBD\xF0\x9F\x98\x80")
                  F(".u string \xEF\xBF\xBD" "A"));
  check_every_cut("{\"e\":\"\",\"z\":\"\\u0000\",\"raw\":\"h\xC3\xA9llo \xF0\x9F\x98\x80\"}",
                  F(".e string") F(".z string \\x00") F(".raw string h\xC3\xA9llo \xF0\x9F\x98\x80"));
  /* escapes in keys */
  check_every_cut("{\"\\ud83d\\ude00\\n\":1}", F(".\xF0\x9F\x98\x80\\n number 1"));
}

/* Surrogate halves split by the provider's own escaping (the argument
   text itself holds the raw character): joined before the fields see them,
   or U+FFFD when the pair never completes. */
void test_argument_fields_provider_surrogates(void) {
  check_stream("a pair split between two provider strings",
               CHUNK_HEAD "\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"e\\\":\\\"\\ud83d\"}}]}}]}\n\n"
               CHUNK_HEAD "\"function\":{\"arguments\":\"\\ude00\\\"}\"}}]}}]}\n\n"
               "data: [DONE]\n\n",
               "start 0 0 c1|f\nargs 0 0 {\"e\":\"\n"
               "args 0 0 \xF0\x9F\x98\x80\"}\n"
               "field 0 0 .e string last \xF0\x9F\x98\x80\n"
               "done\nend OK\n");
  check_stream("a high half the next fragment does not pair",
               CHUNK_HEAD "\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"e\\\":\\\"\\ud83d\"}}]}}]}\n\n"
               CHUNK_HEAD "\"function\":{\"arguments\":\"x\\\"}\"}}]}}]}\n\n"
               "data: [DONE]\n\n",
               "start 0 0 c1|f\nargs 0 0 {\"e\":\"\n"
               "error E_LONE_SURROGATE\n"
               "args 0 0 \xEF\xBF\xBD\n"
               "args 0 0 x\"}\n"
               "field 0 0 .e string more \xEF\xBF\xBD\n"
               "field 0 0 .e string last x\n"
               "done\nend OK\n");
  /* The arguments' own \ud83d waits for its low half in the field scan
     when the provider's lone half ends the fragment too: the U+FFFD of
     each comes in two field calls, which a pause may come between. */
  check_stream("a high half of the arguments' own, then the provider's",
               CHUNK_HEAD "\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":\\\"x\\\\ud83d\\ud83d\"}}]}}]}\n\n"
               CHUNK_HEAD "\"function\":{\"arguments\":\"y\\\"}\"}}]}}]}\n\n"
               "data: [DONE]\n\n",
               "start 0 0 c1|f\nargs 0 0 {\"a\":\"x\\\\ud83d\n"
               "field 0 0 .a string more x\n"
               "error E_LONE_SURROGATE\n"
               "args 0 0 \xEF\xBF\xBD\n"
               "args 0 0 y\"}\n"
               "field 0 0 .a string more \xEF\xBF\xBD\xEF\n"
               "field 0 0 .a string more \xBF\xBD\n"
               "field 0 0 .a string last y\n"
               "done\nend OK\n");
  check_stream("a high half at the end of the stream",
               CHUNK_HEAD "\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"e\\\":\\\"ab\\ud83d\"}}]}}]}\n\n",
               "start 0 0 c1|f\nargs 0 0 {\"e\":\"ab\n"
               "field 0 0 .e string more ab\n"
               "error E_LONE_SURROGATE\n"
               "args 0 0 \xEF\xBF\xBD\n"
               "field 0 0 .e string more \xEF\xBF\xBD\n"
               "end E_NO_END_MARKER\n");
}

void test_argument_fields_invalid_text(void) {
  static const char *const cases[][2] = {
      {"[1]", F(" invalid")},
      {"\"s\"", F(" invalid")},
      {"{\"a\" 1}", F(".a invalid")},
      {"{\"a\":1 \"b\":2}", F(".a number 1") F(".a invalid")},
      {"{\"a\":tru}", F(".a invalid")},
      {"{\"a\":nulL}", F(".a invalid")},
      {"{\"a\":01}", F(".a number 0") F(".a invalid")},
      {"{\"a\":1.}", F(".a invalid")},
      {"{\"a\":-}", F(".a invalid")},
      {"{\"a\":1e}", F(".a invalid")},
      {"{\"a\":+1}", F(".a invalid")},
      {"{\"a\":\"x\"}}", F(".a string x") F(" invalid")},
      {"{\"a\":1} x", F(".a number 1") F(" invalid")},
      {"{\"a\":[1,]}", F(".a[0] number 1") F(".a[1] invalid")},
      {"{\"a\":1,}", F(".a number 1") F(".a invalid")},
      {"{\"a\":[1}", F(".a[0] number 1") F(".a[0] invalid")},
      {"{\"a\":{\"b\":1]}", F(".a.b number 1") F(".a.b invalid")},
      {"{,}", F(". invalid")},
      {"{\"a\":\"\\q\"}", F(".a invalid")},
      {"{\"a\":\"\\u12G4\"}", F(".a invalid")},
      {"{\"a\":\"x\ty\"}", F(".a invalid")},
      {"{\"k\\x\":1}", F(".k invalid")},
      {"{\"a\":1}{\"b\":2}", F(".a number 1") F(" invalid")},
      /* after the invalid byte nothing more comes, valid or not */
      {"{\"a\" :: 1, \"b\": 2}", F(".a invalid")},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) check_every_cut(cases[i][0], cases[i][1]);
}

/* 32 open containers are followed; the 33rd stops the fields. */
void test_argument_fields_nesting_limit(void) {
  text deep = {NULL, 0, 0}, over = {NULL, 0, 0};
  int k;
  grow_str(&deep, "{\"a\":");
  grow_str(&over, "{\"a\":");
  for (k = 0; k < 31; k++) grow_str(&deep, "[");
  for (k = 0; k < 32; k++) grow_str(&over, "[");
  grow_str(&deep, "1");
  grow_str(&over, "1");
  for (k = 0; k < 31; k++) grow_str(&deep, "]");
  for (k = 0; k < 32; k++) grow_str(&over, "]");
  grow_str(&deep, ",\"b\":2}");
  grow_str(&over, ",\"b\":2}");
  check_cuts(deep.s, NULL, 0, F(".a[0][0][0] deep number 1") F(".b number 2"));
  check_cuts(over.s, NULL, 0, F(".a[0][0][0] deep invalid"));
  free(deep.s);
  free(over.s);
}

#define AEV(type, json) "event: " type "\ndata: " json "\n\n"
#define ADELTA(partial)                                                                       \
  AEV("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{"      \
                             "\"type\":\"input_json_delta\",\"partial_json\":\"" partial "\"}}")

void test_argument_fields_other_dialects(void) {
  check_stream("anthropic input_json_delta",
               AEV("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\"}}")
               AEV("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                                          "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"write\",\"input\":{}}}")
               ADELTA("")
               ADELTA("{\\\"path\\\": \\\"/tmp/a\\\", \\\"con")
               ADELTA("tent\\\": \\\"line 1\\\\nli")
               ADELTA("ne 2\\\", \\\"mode\\\": [6,4")
               ADELTA("4]}")
               AEV("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
               AEV("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"}}")
               AEV("message_stop", "{\"type\":\"message_stop\"}"),
               "start 0 0 toolu_1|write\n"
               "args 0 0 {\"path\": \"/tmp/a\", \"con\n"
               "field 0 0 .path string last /tmp/a\n"
               "args 0 0 tent\": \"line 1\\\\nli\n"
               "field 0 0 .content string more line 1\\nli\n"
               "args 0 0 ne 2\", \"mode\": [6,4\n"
               "field 0 0 .content string last ne 2\n"
               "field 0 0 .mode[0] number last 6\n"
               "field 0 0 .mode[1] number more 4\n"
               "args 0 0 4]}\n"
               "field 0 0 .mode[1] number last 4\n"
               "finish 0 tool_calls tool_use\n"
               "done\nend OK\n");
  check_stream("anthropic: a start with its whole input",
               AEV("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                                          "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"n\",\"input\":{\"city\": \"Paris\", \"n\": 2}}}")
               AEV("message_stop", "{\"type\":\"message_stop\"}"),
               "start 0 0 t|n\nargs 0 0 {\"city\":\"Paris\",\"n\":2}\n"
               "field 0 0 .city string last Paris\nfield 0 0 .n number last 2\n"
               "done\nend OK\n");
  check_stream("gemini: functionCall args as sent",
               "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"g\","
               "\"args\":{\"on\": true, \"t\": [1.5]}}}]},\"finishReason\":\"STOP\"}]}\n\n",
               "start 0 0 |g\nargs 0 0 {\"on\": true, \"t\": [1.5]}\n"
               "field 0 0 .on true last true\nfield 0 0 .t[0] number last 1.5\n"
               "finish 0 tool_calls STOP\ndone\nend OK\n");
}

/* The log of `body` without field lines, and whether it has an invalid
   field event. */
static char *without_fields(const char *log, int *invalid) {
  text out = {NULL, 0, 0};
  const char *line = log;
  grow_str(&out, "");
  while (*line) {
    const char *nl = strchr(line, '\n');
    size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
    if (strncmp(line, "field ", 6) != 0) grow_put(&out, line, n);
    else if (strstr(line, " invalid last ") != NULL && strstr(line, " invalid last ") < line + n)
      *invalid = 1;
    line += n;
  }
  return out.s;
}

static int body_failures;

/* With on_tool_call_field set, every other callback and the report are
   the same as without it; pausing after every callback changes nothing
   either; the corpus' arguments are all valid JSON. */
static void check_unset_is_same(const char *name, const char *body, size_t len) {
  feed_plan plan;
  char *plain, *fields, *paused, *rest;
  int invalid = 0;
  memset(&plan, 0, sizeof plan);
  plan.with_report = 1;
  plain = record_stream(body, len, &plan);
  plan.with_fields = 1;
  fields = record_stream(body, len, &plan);
  plan.pause_always = 1;
  paused = record_stream(body, len, &plan);
  rest = without_fields(fields, &invalid);
  if (strcmp(rest, plain) != 0 || strcmp(paused, fields) != 0 || invalid) {
    check_failed_++;
    if (body_failures++ < 2)
      fprintf(stderr, "  %s: fields change other callbacks (%d), pausing changes fields (%d), "
              "invalid arguments (%d)\n", name, strcmp(rest, plain) != 0,
              strcmp(paused, fields) != 0, invalid);
  }
  free(plain);
  free(fields);
  free(paused);
  free(rest);
}

static void check_file(const char *path) {
  size_t len;
  char *body = read_whole_file(path, &len);
  CHECK_MSG(body != NULL, "cannot read %s", path);
  if (body != NULL) check_unset_is_same(path, body, len);
  free(body);
}

void test_argument_fields_unset_changes_nothing(void) {
  static const char *const seeds[] = {"fuzz/seeds/anthropic.sse", "fuzz/seeds/openai-responses.sse",
                                      "fuzz/seeds/gemini.sse", "fuzz/seeds/framing-and-chat.sse",
                                      "fuzz/seeds/openrouter_kimi-k2_chutes_multi_tool_streaming-0.sse"};
  struct corpus c;
  size_t i;
  for (i = 0; i < sizeof seeds / sizeof seeds[0]; i++) check_file(seeds[i]);
  if (corpus_load(&c) < 0) return; /* the seeds suffice without the corpus */
  for (i = 0; i < c.count; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%.200s", CORPUS_DIR, c.entries[i].file);
    check_file(path);
  }
  corpus_free(&c);
}

/* Every form of a JSON number, and the bytes that end one or break it. */
void test_argument_fields_number_forms(void) {
  check_every_cut("{\"a\":0e5,\"b\":0.25,\"c\":1.5E-3,\"d\":12e+1,\"e\":-0,\"f\":0E0}",
                  F(".a number 0e5") F(".b number 0.25") F(".c number 1.5E-3") F(".d number 12e+1")
                  F(".e number -0") F(".f number 0E0"));
  /* a number ends where its grammar does: what follows is read again */
  check_every_cut("{\"a\":01}", F(".a number 0") F(".a invalid"));
  check_every_cut("{\"a\":1.}", F(".a invalid"));
  check_every_cut("{\"a\":1.5e}", F(".a invalid"));
  check_every_cut("{\"a\":-x}", F(".a invalid"));
  check_every_cut("{\"a\":0.1.2}", F(".a number 0.1") F(".a invalid"));
}

/* Number forms and \u escapes the cases above leave out: an exponent
   right after 0, a capital E after a fraction of two digits, a negative
   exponent; a high half followed by a unit past the low halves, and a
   unit past them alone (both plain characters). */
void test_argument_fields_numbers_and_units(void) {
  check_every_cut("{\"a\":0e5,\"b\":0E1,\"c\":1.25E3,\"d\":1e-3}",
                  F(".a number 0e5") F(".b number 0E1") F(".c number 1.25E3") F(".d number 1e-3"));
  check_every_cut("{\"a\":\"\\ud83d\\ue000\",\"b\":\"\\uffff\"}",
                  F(".a string \xEF\xBF\xBD\xEE\x80\x80") F(".b string \xEF\xBF\xBF"));
}

/* Elements of arrays deeper than the path are counted nowhere: the path
   keeps its outer levels; an index past 65535 stays 65535, flagged. */
void test_argument_fields_index_limits(void) {
  text args = {NULL, 0, 0}, want = {NULL, 0, 0}, stream;
  size_t cuts[40], ncuts = 0, k;
  feed_plan plan;
  char *log;
  check_every_cut("{\"k\":[[[[[1,2]]]],3]}",
                  F(".k[0][0][0] deep number 1") F(".k[0][0][0] deep number 2") F(".k[1] number 3"));
  /* 65537 elements: 0 at [0] to [65534], 1 at [65535], 2 past it; in
     fragments of 4000 bytes, each cut after a comma (6 + 2k bytes), so
     every number ends in its own fragment and has one piece */
  grow_str(&args, "{\"a\":[");
  for (k = 0; k < 65535; k++) {
    grow_str(&args, "0,");
    grow_fmt(&want, "field 0 0 .a[%lu] number last 0\n", (unsigned long)k);
  }
  grow_str(&args, "1,2],\"b\":3}");
  grow_str(&want, "field 0 0 .a[65535] number last 1\nfield 0 0 .a[65535] key_cut number last 2\n"
                  "field 0 0 .b number last 3\ndone\nend OK\n");
  for (k = 4000; k < args.n; k += 4000) cuts[ncuts++] = k;
  stream = chat_stream(args.s, cuts, ncuts);
  memset(&plan, 0, sizeof plan);
  plan.only = CB_FIELD | CB_DONE;
  log = record_stream(stream.s, stream.n, &plan);
  CHECK_STR(log, want.s);
  free(log);
  free(stream.s);
  free(args.s);
  free(want.s);
}

/* Only on_tool_call_field set (no on_tool_call_arguments): the fields
   come as with both, a carried surrogate's U+FFFD included. */
void test_argument_fields_without_the_text_callback(void) {
  static const char stream[] =
      CHUNK_HEAD "\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"s\\\":\\\"a\\ud83d\"}}]}}]}\n\n"
      CHUNK_HEAD "\"function\":{\"arguments\":\"b\\\",\\\"n\\\":7}\"}}]}}]}\n\n"
      "data: [DONE]\n\n";
  static const char want[] = "start 0 0 c1|f\n"
                             "field 0 0 .s string more a\n"
                             "field 0 0 .s string more \xEF\xBF\xBD\n"
                             "field 0 0 .s string last b\n"
                             "field 0 0 .n number last 7\n"
                             "done\nend OK\n";
  feed_plan plan;
  int pause;
  memset(&plan, 0, sizeof plan);
  plan.only = CB_START | CB_FIELD | CB_DONE;
  for (pause = 0; pause < 2; pause++) { /* and pausing after every callback */
    char *log;
    plan.pause_always = pause;
    log = record_stream(stream, strlen(stream), &plan);
    CHECK_STR(log, want);
    free(log);
  }
}
