/* The end-of-stream report and its verdict: streams cut anywhere are
   truncated, provider errors failed, finished streams complete (with or
   without their end marker); tool-call arguments that are not complete
   JSON make a stream truncated. Every stream is fed whole and byte by
   byte, which must not change the report. The expectations are written
   from the rules, not from the library's output. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "corpus.h"
#include "read_file.h"
#include "noop_callbacks.h"
#include "sse_delta.h"

static unsigned char ws[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];

/* The report of body fed in slices of `slice` bytes (0: whole). */
static sse_delta_report report_of(const char *body, size_t len, size_t slice, int with_args,
                                  sse_delta_parser *p) {
  sse_delta_callbacks cb;
  sse_delta_report r;
  size_t at = 0;
  memset(&cb, 0, sizeof cb);
  cb.on_content = noop_text;
  cb.on_finish = noop_finish;
  if (with_args) cb.on_tool_call_arguments = noop_arguments;
  memset(&r, 0xa5, sizeof r);
  if (sse_delta_init(p, ws, sizeof ws, &cb, NULL, NULL) != SSE_DELTA_OK) abort();
  if (slice == 0) slice = len ? len : 1;
  while (at < len) {
    size_t n = len - at < slice ? len - at : slice;
    sse_delta_feed(p, body + at, n, NULL);
    at += n;
  }
  sse_delta_end(p, &r);
  return r;
}

static int same_report(const sse_delta_report *a, const sse_delta_report *b) {
  return a->end_marker == b->end_marker && a->finished == b->finished &&
         (!a->finished || a->finish == b->finish) &&
         a->unterminated_event == b->unterminated_event && a->errors == b->errors &&
         a->first_error == b->first_error && a->last_error == b->last_error &&
         a->provider_error == b->provider_error && a->tool_calls == b->tool_calls &&
         a->incomplete_calls == b->incomplete_calls &&
         a->arguments_checked == b->arguments_checked;
}

/* The verdict of body, the same whole and byte by byte; *r gets the whole
   feed's report. */
static sse_delta_verdict verdict(const char *body, sse_delta_report *r) {
  sse_delta_parser p;
  sse_delta_report whole = report_of(body, strlen(body), 0, 1, &p);
  sse_delta_report bytes = report_of(body, strlen(body), 1, 1, &p);
  CHECK_MSG(same_report(&whole, &bytes), "byte-by-byte report differs for: %s", body);
  if (r) *r = whole;
  return sse_delta_verdict_of(&whole);
}

#define CHAT(json) "data: {\"choices\":[{\"index\":0," json "}]}\n\n"
#define TEXT(t) CHAT("\"delta\":{\"content\":\"" t "\"}")
#define STOP CHAT("\"delta\":{},\"finish_reason\":\"stop\"")
#define CALLS CHAT("\"delta\":{},\"finish_reason\":\"tool_calls\"")
#define ARGS(a) CHAT("\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"" a "\"}}]}")
#define CALL(a)                                                                      \
  CHAT("\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\"," \
       "\"arguments\":\"" a "\"}}]}")
#define DONE "data: [DONE]\n\n"

void test_verdict_cut_streams(void) {
  sse_delta_report r;
  /* finished, with and without the end marker */
  CHECK(verdict(TEXT("Hi") STOP DONE, &r) == SSE_DELTA_COMPLETE);
  CHECK(r.end_marker && r.finished && r.finish == SSE_DELTA_FINISH_STOP && r.errors == 0);
  CHECK(verdict(TEXT("Hi") STOP, &r) == SSE_DELTA_COMPLETE);
  CHECK(!r.end_marker && r.finished);
  /* cut inside an event: its last line, inside a string, before its blank line */
  CHECK(verdict(TEXT("Hi") "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel", &r) ==
        SSE_DELTA_TRUNCATED);
  CHECK(r.unterminated_event && !r.finished);
  CHECK(verdict(TEXT("Hi") STOP "data: [DONE]\n", &r) == SSE_DELTA_TRUNCATED);
  CHECK(r.unterminated_event && r.finished && !r.end_marker);
  /* cut between events, before any finish */
  CHECK(verdict(TEXT("Hi"), &r) == SSE_DELTA_TRUNCATED);
  CHECK(!r.unterminated_event && !r.finished);
  /* cut inside tool arguments: between two events of a call */
  CHECK(verdict(CALL("{\\\"city\\\": \\\"Par"), &r) == SSE_DELTA_TRUNCATED);
  CHECK(r.tool_calls == 1 && r.incomplete_calls == 1);
  /* after the end marker, nothing else may come: still complete */
  CHECK(verdict(TEXT("Hi") CALLS DONE, &r) == SSE_DELTA_COMPLETE);
  CHECK(verdict("", &r) == SSE_DELTA_TRUNCATED);
}

void test_verdict_tool_arguments(void) {
  sse_delta_report r;
  sse_delta_parser p;
  /* complete, split over events, with escapes, braces and brackets inside strings */
  CHECK(verdict(CALL("{\\\"a\\\":") ARGS("\\\"b\\\\\\\"}]\\\"}") CALLS DONE, &r) ==
        SSE_DELTA_COMPLETE);
  CHECK(r.tool_calls == 1 && r.incomplete_calls == 0 && r.arguments_checked);
  CHECK(verdict(CALL("{\\\"a\\\":[1,{\\\"b\\\":[]}]}") CALLS DONE, &r) == SSE_DELTA_COMPLETE);
  /* a call without argument bytes counts as {} */
  CHECK(verdict(CALL("") CALLS DONE, &r) == SSE_DELTA_COMPLETE);
  CHECK(r.tool_calls == 1 && r.incomplete_calls == 0);
  /* ending inside a string, unbalanced, mismatched, trailing garbage, not an object */
  CHECK(verdict(CALL("{\\\"a\\\":\\\"x") CALLS DONE, &r) == SSE_DELTA_TRUNCATED);
  CHECK(r.incomplete_calls == 1 && r.finished && r.end_marker);
  CHECK(verdict(CALL("{\\\"a\\\":{\\\"b\\\":1}") CALLS DONE, NULL) == SSE_DELTA_TRUNCATED);
  CHECK(verdict(CALL("{\\\"a\\\":[1,2}") CALLS DONE, NULL) == SSE_DELTA_TRUNCATED);
  CHECK(verdict(CALL("{\\\"a\\\":1}x") CALLS DONE, NULL) == SSE_DELTA_TRUNCATED);
  CHECK(verdict(CALL("{\\\"a\\\":1}}") CALLS DONE, NULL) == SSE_DELTA_TRUNCATED);
  CHECK(verdict(CALL("[1]") CALLS DONE, NULL) == SSE_DELTA_TRUNCATED);
  CHECK(verdict(CALL("{\\\"a\\\":1} \\n") CALLS DONE, NULL) == SSE_DELTA_COMPLETE);
  /* which call: the accessor */
  {
    static const char two_calls[] =
        CALL("{}") CHAT("\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"c2\",\"function\":"
                        "{\"name\":\"g\",\"arguments\":\"{\\\"x\"}}]}") CALLS DONE;
    report_of(two_calls, strlen(two_calls), 0, 1, &p);
  }
  CHECK(sse_delta_tool_call_complete(&p, 0, 0) == 1);
  CHECK(sse_delta_tool_call_complete(&p, 0, 1) == 0);
  CHECK(sse_delta_tool_call_complete(&p, 0, 2) == -1);
  CHECK(sse_delta_tool_call_complete(&p, 1, 0) == -1);
  /* without on_tool_call_arguments nothing is checked, and nothing is truncated by it */
  {
    static const char cut[] = CALL("{\\\"a") CALLS DONE;
    r = report_of(cut, strlen(cut), 0, 0, &p);
  }
  CHECK(!r.arguments_checked && r.incomplete_calls == 0);
  CHECK(sse_delta_verdict_of(&r) == SSE_DELTA_COMPLETE);
  CHECK(sse_delta_tool_call_complete(&p, 0, 0) == -1);
}

void test_verdict_errors(void) {
  sse_delta_report r;
  /* a provider error: failed, whatever else came */
  CHECK(verdict("data: {\"error\":{\"message\":\"rate limited\"}}\n\n", &r) == SSE_DELTA_FAILED);
  CHECK(r.provider_error && r.errors == 1 && r.first_error == SSE_DELTA_E_PROVIDER);
  CHECK(verdict("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                "\"message\":\"Overloaded\"}}\n\n",
                &r) == SSE_DELTA_FAILED);
  CHECK(verdict(CHAT("\"delta\":{},\"finish_reason\":\"error\"") DONE, &r) == SSE_DELTA_FAILED);
  CHECK(r.finished && r.finish == SSE_DELTA_FINISH_ERROR);
  /* errors in the input are counted, first and last, but do not fail a finished stream */
  CHECK(verdict("data: {\"choices\":[}\n\n" TEXT("a\\ud800") STOP DONE, &r) == SSE_DELTA_COMPLETE);
  CHECK(r.errors == 2 && r.first_error == SSE_DELTA_E_JSON_SYNTAX &&
        r.last_error == SSE_DELTA_E_LONE_SURROGATE);
  CHECK(verdict(TEXT("a") STOP DONE TEXT("late"), &r) == SSE_DELTA_COMPLETE);
  CHECK(r.errors == 1 && r.last_error == SSE_DELTA_E_AFTER_DONE);
  CHECK(strcmp(sse_delta_verdict_name(SSE_DELTA_COMPLETE), "complete") == 0);
  CHECK(strcmp(sse_delta_verdict_name(SSE_DELTA_TRUNCATED), "truncated") == 0);
  CHECK(strcmp(sse_delta_verdict_name(SSE_DELTA_FAILED), "failed") == 0);
  CHECK(sse_delta_verdict_of(NULL) == SSE_DELTA_TRUNCATED);
}

/* Every recorded body finished: complete, whole and in 7-byte slices. */
void test_verdict_corpus_complete(void) {
  struct corpus c;
  char path[4096];
  size_t i, len, bad = 0;
  int loaded = corpus_load(&c);
  if (loaded < 0) SKIP("../shared/corpus not found");
  if (loaded == 0) return;
  for (i = 0; i < c.count; i++) {
    char *body;
    sse_delta_parser p;
    sse_delta_report whole, sliced;
    snprintf(path, sizeof path, "%s/%s", CORPUS_DIR, c.entries[i].file);
    body = read_whole_file(path, &len);
    CHECK(body != NULL);
    if (body == NULL) continue;
    whole = report_of(body, len, 0, 1, &p);
    sliced = report_of(body, len, 7, 1, &p);
    if (sse_delta_verdict_of(&whole) != SSE_DELTA_COMPLETE || !same_report(&whole, &sliced)) {
      if (bad++ < 5)
        fprintf(stderr, "  %s: %s (finished %d, unterminated %d, incomplete calls %u, provider error %d)\n",
                c.entries[i].name, sse_delta_verdict_name(sse_delta_verdict_of(&whole)),
                whole.finished, whole.unterminated_event, (unsigned)whole.incomplete_calls,
                whole.provider_error);
    }
    free(body);
  }
  CHECK_MSG(bad == 0, "%lu of %lu bodies are not complete", (unsigned long)bad,
            (unsigned long)c.count);
  corpus_free(&c);
}

/* Nesting deeper than the checker counts (65535) is not complete, and a
   reset forgets what the last stream showed. */
void test_verdict_deep_arguments_and_reset(void) {
  static const char head[] =
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\","
      "\"function\":{\"name\":\"f\",\"arguments\":\"";
  static const char tail[] = "\"}}]}}]}\n\n";
  size_t per_event = 40000, events = 2, k, len = 0;
  char *body = (char *)malloc(events * (sizeof head + per_event + sizeof tail) + 256);
  sse_delta_parser p;
  sse_delta_report r;
  if (body == NULL) abort();
  for (k = 0; k < events; k++) {
    memcpy(body + len, head, sizeof head - 1);
    len += sizeof head - 1;
    memset(body + len, '[', per_event);
    if (k == 0) body[len] = '{';
    len += per_event;
    memcpy(body + len, tail, sizeof tail - 1);
    len += sizeof tail - 1;
  }
  memcpy(body + len, CALLS DONE, sizeof(CALLS DONE) - 1);
  len += sizeof(CALLS DONE) - 1;
  r = report_of(body, len, 0, 1, &p);
  CHECK(r.tool_calls == 1 && r.incomplete_calls == 1);
  CHECK(sse_delta_verdict_of(&r) == SSE_DELTA_TRUNCATED);
  free(body);
  /* the same parser after reset: a clean stream, nothing carried over */
  sse_delta_reset(&p);
  sse_delta_feed(&p, TEXT("x") STOP DONE, strlen(TEXT("x") STOP DONE), NULL);
  sse_delta_end(&p, &r);
  CHECK(r.tool_calls == 0 && r.incomplete_calls == 0 && r.errors == 0 && !r.provider_error);
  CHECK(sse_delta_verdict_of(&r) == SSE_DELTA_COMPLETE);
  /* a second end() is refused and leaves the report alone */
  memset(&r, 0x5a, sizeof r);
  CHECK(sse_delta_end(&p, &r) == SSE_DELTA_E_MISUSE);
  CHECK(r.errors == 0x5a5a5a5au);
}
