/* Resume after a reconnect: a stream cut anywhere and continued on a new
   connection gives the callbacks of the uncut stream, nothing twice and
   nothing lost, whether the server resumes where it was asked, replays
   the last event again, or ignores the request and starts over. Every
   case is fed whole, byte by byte and paused after every callback. The
   expected logs are written by hand from the streams below. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "corpus.h"
#include "grow_buf.h"
#include "read_file.h"
#include "recorder.h"

/* A Responses stream, sequence numbers 0..6: text, a call whose arguments
   come in two deltas, completion. */
static const char *const responses_events[] = {
    "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
    "\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\"}}\n\n",
    "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
    "\"sequence_number\":1,\"item_id\":\"msg_1\",\"delta\":\"Hel\"}\n\n",
    "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
    "\"sequence_number\":2,\"item_id\":\"msg_1\",\"delta\":\"lo\"}\n\n",
    "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\","
    "\"sequence_number\":3,\"output_index\":1,\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\","
    "\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"\"}}\n\n",
    "event: response.function_call_arguments.delta\ndata: {\"type\":"
    "\"response.function_call_arguments.delta\",\"sequence_number\":4,\"item_id\":\"fc_1\","
    "\"output_index\":1,\"delta\":\"{\\\"a\\\":\"}\n\n",
    "event: response.function_call_arguments.delta\ndata: {\"type\":"
    "\"response.function_call_arguments.delta\",\"sequence_number\":5,\"item_id\":\"fc_1\","
    "\"output_index\":1,\"delta\":\"1}\"}\n\n",
    "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":6,"
    "\"response\":{\"status\":\"completed\",\"usage\":{\"input_tokens\":1,\"output_tokens\":2,"
    "\"total_tokens\":3}}}\n\n",
};
static const char responses_log[] =
    "content 0 Hel\ncontent 0 lo\nstart 0 0 call_1|f\nargs 0 0 {\"a\":\nargs 0 0 1}\n"
    "finish 0 tool_calls completed\nusage 1 2 3 - - -\ndone\nend OK\n";

/* An openai-chat stream whose events carry ids: decimal or opaque. */
static const char *const chat_payloads[] = {
    "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}",
    "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\","
    "\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"b\\\"\"}}]}}]}",
    "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
    "\"function\":{\"arguments\":\":2}\"}}]}}]}",
    "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
    "[DONE]",
};
static const char chat_log[] =
    "content 0 Hi\nstart 0 0 c1|g\nargs 0 0 {\"b\"\nargs 0 0 :2}\n"
    "finish 0 tool_calls tool_calls\ndone\nend OK\n";
static const char *const decimal_ids[] = {"1", "2", "3", "10", "11"};
static const char *const opaque_ids[] = {"evt-q", "evt-b", "evt-z", "evt-a", "evt-m"};

#define N_RESPONSES (sizeof responses_events / sizeof responses_events[0])
#define N_CHAT (sizeof chat_payloads / sizeof chat_payloads[0])

/* Event k of the chat stream with its id line. */
static void add_chat_event(grow_buf *b, const char *const *ids, size_t k) {
  grow_str(b, "id: ");
  grow_str(b, ids[k]);
  grow_str(b, "\ndata: ");
  grow_str(b, chat_payloads[k]);
  grow_str(b, "\n\n");
}

/* How the new connection starts, relative to the last event delivered. */
enum server { RESUMES_AFTER, REPLAYS_LAST, STARTS_OVER };
static const char *const server_names[] = {"resumes after it", "replays it", "starts over"};

/* The log of `b` (two connections, the second from `second`) under the
   three feed plans, each compared with `want`. */
static void check_plans(const char *what, const grow_buf *b, size_t second, const char *want) {
  feed_plan plan;
  int k;
  for (k = 0; k < 3; k++) {
    char *got;
    memset(&plan, 0, sizeof plan);
    plan.reconnect_at = second;
    plan.feed_size = k == 1 ? 1 : 0;
    plan.pause_always = k == 2;
    got = record_stream(b->s, b->n, &plan);
    if (strcmp(got, want) != 0) {
      check_failed_++;
      fprintf(stderr, "  %s (%s)\n    got:\n%s    want:\n%s", what,
              k == 0 ? "whole" : k == 1 ? "byte by byte" : "paused", got, want);
    }
    free(got);
  }
}

/* Events 0..last complete, then half of the next one, on the first
   connection; the second starts where `server` does. */
static size_t cut_responses(grow_buf *b, int last, enum server server) {
  size_t k, second, from;
  b->n = 0;
  for (k = 0; (int)k <= last; k++) grow_str(b, responses_events[k]);
  if ((size_t)(last + 1) < N_RESPONSES) grow_put(b, responses_events[last + 1], strlen(responses_events[last + 1]) / 2);
  second = b->n;
  from = server == STARTS_OVER ? 0 : server == REPLAYS_LAST && last >= 0 ? (size_t)last : (size_t)(last + 1);
  for (k = from; k < N_RESPONSES; k++) grow_str(b, responses_events[k]);
  return second;
}

void test_reconnect_responses_sequence_numbers(void) {
  grow_buf b = {NULL, 0, 0};
  int last, server;
  for (last = -1; last < (int)N_RESPONSES; last++) {
    for (server = RESUMES_AFTER; server <= STARTS_OVER; server++) {
      char what[96];
      size_t second = cut_responses(&b, last, (enum server)server);
      snprintf(what, sizeof what, "responses cut after sequence_number %d, server %s", last,
               server_names[server]);
      check_plans(what, &b, second, responses_log);
    }
  }
  free(b.s);
}

static size_t cut_chat(grow_buf *b, const char *const *ids, int last, enum server server) {
  size_t k, second, from;
  grow_buf next = {NULL, 0, 0};
  b->n = 0;
  for (k = 0; (int)k <= last; k++) add_chat_event(b, ids, k);
  if ((size_t)(last + 1) < N_CHAT) {
    add_chat_event(&next, ids, (size_t)(last + 1));
    grow_put(b, next.s, next.n / 2);
  }
  second = b->n;
  from = server == STARTS_OVER ? 0 : server == REPLAYS_LAST && last >= 0 ? (size_t)last : (size_t)(last + 1);
  for (k = from; k < N_CHAT; k++) add_chat_event(b, ids, k);
  free(next.s);
  return second;
}

void test_reconnect_event_ids(void) {
  grow_buf b = {NULL, 0, 0};
  int last, server, kind;
  for (kind = 0; kind < 2; kind++) {
    const char *const *ids = kind == 0 ? decimal_ids : opaque_ids;
    for (last = 0; last < (int)N_CHAT; last++) {
      for (server = RESUMES_AFTER; server <= STARTS_OVER; server++) {
        char what[96];
        size_t second = cut_chat(&b, ids, last, (enum server)server);
        snprintf(what, sizeof what, "%s ids, cut after event %d, server %s",
                 kind == 0 ? "decimal" : "opaque", last, server_names[server]);
        check_plans(what, &b, second, chat_log);
      }
    }
  }
  free(b.s);
}

#define CHUNK(text) "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" text "\"}}]}\n\n"

/* Two connections as strings: the first, then the second after reconnect. */
static void check_two(const char *what, const char *first, const char *second, const char *want) {
  grow_buf b = {NULL, 0, 0};
  grow_str(&b, first);
  grow_str(&b, second);
  check_plans(what, &b, strlen(first), want);
  free(b.s);
}

void test_reconnect_without_replay_markers(void) {
  /* no ids, no sequence numbers: nothing can be recognized, nothing is skipped */
  check_two("no ids: the partial event goes, the new connection is delivered",
            CHUNK("a") "data: {\"cho", CHUNK("b") "data: [DONE]\n\n",
            "content 0 a\ncontent 0 b\ndone\nend OK\n");
  check_two("a 429 body on the new connection", "id: 4\n" CHUNK("a"),
            "{\"error\":{\"message\":\"Rate limit reached\",\"code\":429}}",
            "content 0 a\nerror E_PROVIDER Rate limit reached\ndone\nend OK\n");
  check_two("a BOM and a comment first, then a replay", "id: 1\n" CHUNK("a") "id: 2\ndata: {",
            "\xEF\xBB\xBF: keep-alive\nid: 1\n" CHUNK("a") "id: 2\n" CHUNK("b"),
            "content 0 a\ncontent 0 b\nend E_NO_END_MARKER\n");
}

static int pause_once(void *u, uint32_t c, const char *s, size_t n) {
  (void)c, (void)s, (void)n;
  ++*(int *)u;
  return 1;
}

void test_reconnect_api(void) {
  static unsigned char ws[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];
  static const char one[] = "id: 7\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
                            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}\n\n";
  sse_delta_callbacks cb;
  sse_delta_parser p;
  size_t used = 0, idn = 0;
  int calls = 0;
  memset(&cb, 0, sizeof cb);
  cb.on_content = pause_once;
  CHECK(sse_delta_init(&p, ws, sizeof ws, &cb, &calls, NULL) == SSE_DELTA_OK);
  CHECK(sse_delta_last_sequence(&p) == -1);
  CHECK(sse_delta_feed(&p, one, sizeof one - 1, &used) == SSE_DELTA_PAUSED);
  CHECK(calls == 1);
  /* the connection drops while the second event is not yet framed */
  CHECK(sse_delta_reconnect(&p) == SSE_DELTA_OK);
  CHECK(strncmp(sse_delta_last_event_id(&p, &idn), "7", 1) == 0 && idn == 1);
  CHECK(sse_delta_feed(&p, "id: 7\ndata: {\"choices\":[]}\n\n", 28, &used) == SSE_DELTA_OK);
  CHECK(calls == 1); /* the replayed event 7 is skipped */
  {
    sse_delta_quirks q;
    sse_delta_get_quirks(&p, &q);
    CHECK(q.replayed_events == 1);
  }
  CHECK(sse_delta_reconnect(NULL) == SSE_DELTA_E_MISUSE);
  CHECK(sse_delta_last_sequence(NULL) == -1);
  (void)sse_delta_end(&p, NULL);
  CHECK(sse_delta_reconnect(&p) == SSE_DELTA_E_MISUSE);
}

static int line_has(const char *line, size_t n, const char *word) {
  size_t k, w = strlen(word);
  for (k = 0; k + w <= n; k++)
    if (memcmp(line + k, word, w) == 0) return 1;
  return 0;
}

/* Whether every data line of the body carries a sequence_number. */
static int every_event_numbered(const char *body) {
  const char *line = body;
  int data_lines = 0;
  while (*line) {
    const char *end = strchr(line, '\n');
    size_t n = end ? (size_t)(end - line) : strlen(line);
    if (n >= 5 && memcmp(line, "data:", 5) == 0) {
      data_lines++;
      if (!line_has(line, n, "\"sequence_number\"")) return 0;
    }
    if (end == NULL) break;
    line = end + 1;
  }
  return data_lines > 0;
}

/* Every recorded stream whose events are numbered, cut at eight places
   and sent again from its start on a new connection (a server that
   ignores starting_after): the callbacks of the uncut stream, fed whole
   and in 7-byte slices. */
void test_reconnect_corpus_starting_over(void) {
  struct corpus c;
  char path[4096];
  size_t i, len, bodies = 0, bad = 0;
  int loaded = corpus_load(&c);
  if (loaded < 0) SKIP("../shared/corpus not found");
  if (loaded == 0) return;
  for (i = 0; i < c.count; i++) {
    char *body, *want, *two;
    size_t cut, k;
    feed_plan plan;
    snprintf(path, sizeof path, "%s/%s", CORPUS_DIR, c.entries[i].file);
    body = read_whole_file(path, &len);
    CHECK(body != NULL);
    if (body == NULL || !every_event_numbered(body)) {
      free(body);
      continue;
    }
    bodies++;
    want = record_stream(body, len, NULL);
    two = (char *)malloc(2 * len);
    if (two == NULL) abort();
    for (k = 1; k <= 8; k++) {
      char *got;
      cut = len * k / 9;
      memcpy(two, body, cut);
      memcpy(two + cut, body, len);
      memset(&plan, 0, sizeof plan);
      plan.reconnect_at = cut;
      plan.feed_size = k % 2 ? 0 : 7;
      got = record_stream(two, cut + len, &plan);
      if (strcmp(got, want) != 0 && bad++ < 3)
        fprintf(stderr, "  %s cut at %lu: got\n%s  want\n%s", c.entries[i].name,
                (unsigned long)cut, got, want);
      free(got);
    }
    free(two);
    free(want);
    free(body);
  }
  CHECK_MSG(bodies > 0, "no numbered stream in the corpus");
  CHECK_MSG(bad == 0, "%lu replays differ (%lu bodies)", (unsigned long)bad, (unsigned long)bodies);
  corpus_free(&c);
}

/* The log with its consecutive content lines joined into the first: the
   pieces of large strings compare with the strings whole. */
static int joined_equal(const char *log, const char *want) {
  grow_buf j = {NULL, 0, 0};
  const char *at = log;
  int same;
  for (;;) {
    const char *next = strstr(at, "\ncontent 0 ");
    if (next == NULL) break;
    grow_put(&j, at, (size_t)(next - at));
    at = next + 11;
  }
  grow_str(&j, at);
  same = strcmp(j.s, want) == 0;
  free(j.s);
  return same;
}

/* `two` (two connections, the second from `second`) through a 4 KB
   buffer, whole, in 7-byte slices and paused after every callback: each
   log, its text joined, is `want`. */
static void check_large_plans(const char *what, const grow_buf *two, size_t second, const char *want) {
  static const sse_delta_options small = {4096, 0, 0, SSE_DELTA_DIALECT_AUTO, 0, 0};
  int plan_kind;
  for (plan_kind = 0; plan_kind < 3; plan_kind++) {
    feed_plan plan;
    char *got;
    size_t n;
    memset(&plan, 0, sizeof plan);
    plan.options = &small;
    plan.reconnect_at = second;
    plan.feed_size = plan_kind == 1 ? 7 : 0;
    plan.pause_always = plan_kind == 2;
    got = record_stream(two->s, two->n, &plan);
    n = strlen(got);
    CHECK_MSG(joined_equal(got, want), "%s (plan %d): %lu bytes of log, ending %s", what, plan_kind,
              (unsigned long)n, got + (n > 160 ? n - 160 : 0));
    free(got);
  }
}

/* An event over the event buffer is recognized as replayed from what
   precedes its text (its sequence_number), so its pieces do not come twice
   either; the new events after it, large or not, are delivered. */
void test_reconnect_large_events(void) {
  grow_buf b = {NULL, 0, 0}, text = {NULL, 0, 0}, want = {NULL, 0, 0};
  char head[160];
  size_t k, second;
  for (k = 0; k < 10000; k++) grow_put(&text, "abcdefghij" + k % 10, 1);
  grow_str(&want, "content 0 ");
  grow_put(&want, text.s, text.n);
  grow_put(&want, text.s, text.n);
  grow_str(&want, "\nfinish 0 stop completed\ndone\nend OK\n");
  /* a small first event: a large one streams once the dialect is known */
  grow_str(&b, "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{}}\n\n");
  for (k = 0; k < 2; k++) {
    snprintf(head, sizeof head, "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":%lu,"
             "\"delta\":\"", (unsigned long)k + 1);
    grow_str(&b, head);
    grow_put(&b, text.s, text.n);
    grow_str(&b, "\"}\n\n");
    if (k == 0) second = b.n;
  }
  grow_str(&b, "data: {\"type\":\"response.completed\",\"sequence_number\":3,\"response\":{\"status\":\"completed\"}}\n\n");
  /* the first connection: event 1, and event 2 cut; the second starts over */
  {
    grow_buf two = {NULL, 0, 0};
    size_t cut = second + 5000;
    grow_put(&two, b.s, cut);
    grow_put(&two, b.s, b.n);
    /* pieces of one string come in several calls: compare the text joined */
    check_large_plans("large events replayed", &two, cut, want.s);
    free(two.s);
  }
  free(b.s);
  free(text.s);
  free(want.s);
}

void test_reconnect_id_forms(void) {
  check_two("a decimal last id, then an id that is not a number: new", "id: 5\n" CHUNK("a"),
            "id: abc\n" CHUNK("b"), "content 0 a\ncontent 0 b\nend E_NO_END_MARKER\n");
  check_two("an empty id on the new connection: new", "id: 1\n" CHUNK("a"), "id:\n" CHUNK("b"),
            "content 0 a\ncontent 0 b\nend E_NO_END_MARKER\n");
  check_two("ids over 64 bits are not numbers: the same one is replayed, another is new",
            "id: 99999999999999999999\n" CHUNK("a"),
            "id: 99999999999999999999\n" CHUNK("a") "id: 99999999999999999998\n" CHUNK("b"),
            "content 0 a\ncontent 0 b\nend E_NO_END_MARKER\n");
  check_two("an event without an id of its own first: new", "id: 1\n" CHUNK("a"), CHUNK("b"),
            "content 0 a\ncontent 0 b\nend E_NO_END_MARKER\n");
  check_two("sequence numbers known, the first new event has none: new",
            "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":0,\"delta\":\"a\"}\n\n",
            "data: {\"type\":\"error\",\"message\":\"overloaded\"}\n\n",
            "content 0 a\nerror E_PROVIDER overloaded\nend E_NO_END_MARKER\n");
  check_two("sequence numbers known, the first new event is not JSON: new",
            "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":0,\"delta\":\"a\"}\n\n",
            "data: oops\n\n"
            "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":0,\"delta\":\"a\"}\n\n",
            "content 0 a\nerror E_JSON_SYNTAX\ncontent 0 a\nend E_NO_END_MARKER\n");
}

void test_reconnect_ids_only_after(void) {
  check_two("no id before the reconnect, ids after: nothing to skip", CHUNK("a"),
            "id: 1\n" CHUNK("a") "id: 2\n" CHUNK("b"),
            "content 0 a\ncontent 0 a\ncontent 0 b\nend E_NO_END_MARKER\n");
}

/* A reconnect while an event is paused is a cut at the bytes used: the
   paused event still gets what those bytes gave it (a JSON body its
   mapping, an event over the buffer the pieces of its bytes), then the new
   connection goes on as after any cut. For each callback of the first
   connection: pause there and reconnect, against feeding the bytes used
   and reconnecting without a pause. Returns how many pauses were tried. */
static size_t check_reconnect_at_pauses(const char *what, const char *first, size_t first_n,
                                        const char *second, const sse_delta_options *options,
                                        int with_on_event) {
  size_t k;
  for (k = 0;; k++) {
    unsigned char pauses[128];
    size_t used = 0;
    feed_plan plan;
    grow_buf two = {NULL, 0, 0}, cut = {NULL, 0, 0};
    char *paused, *uncut;
    memset(pauses, 0, sizeof pauses);
    pauses[k / 8] = (unsigned char)(1u << (k % 8));
    memset(&plan, 0, sizeof plan);
    plan.options = options;
    plan.with_on_event = with_on_event;
    plan.with_report = 1;
    plan.pauses = pauses;
    plan.n_pauses = sizeof pauses;
    plan.reconnect_at = first_n;
    plan.reconnect_at_pause = &used;
    grow_put(&two, first, first_n);
    grow_str(&two, second);
    paused = record_stream(two.s, two.n, &plan);
    free(two.s);
    if (used == 0) { /* callback k came after the first connection */
      free(paused);
      return k;
    }
    plan.pauses = NULL;
    plan.n_pauses = 0;
    plan.reconnect_at = used;
    plan.reconnect_at_pause = NULL;
    grow_put(&cut, first, used);
    grow_str(&cut, second);
    uncut = record_stream(cut.s, cut.n, &plan);
    free(cut.s);
    CHECK_MSG(strcmp(paused, uncut) == 0,
              "%s: reconnect while paused at callback %lu (%lu bytes used)\n    got:\n%s    want:\n%s",
              what, (unsigned long)k, (unsigned long)used, paused, uncut);
    free(paused);
    free(uncut);
    if (check_failed_) return k + 1;
  }
}

void test_reconnect_while_paused(void) {
  static const sse_delta_options small = {4096, 0, 0, SSE_DELTA_DIALECT_AUTO, 0, 0};
  static const char *const bodies[] = {
      "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
      "\"content\":\"Hello\"},\"finish_reason\":\"stop\"}]}",
      "[{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],\"role\":\"model\"},"
      "\"finishReason\":\"STOP\",\"index\":0}]}]",
      "{\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"type\":\"message\","
      "\"content\":[{\"type\":\"output_text\",\"text\":\"Yo\"}]}]}"};
  grow_buf large = {NULL, 0, 0};
  size_t k, tried;
  /* JSON bodies, paused in on_event or later; the server sends the body again */
  for (k = 0; k < sizeof bodies / sizeof bodies[0]; k++) {
    tried = check_reconnect_at_pauses("a JSON body", bodies[k], strlen(bodies[k]), bodies[k], NULL, 1);
    CHECK_MSG(tried >= 4, "JSON body %lu: only %lu callbacks", (unsigned long)k, (unsigned long)tried);
  }
  /* a Responses event over a 4 KB buffer, cut 6000 bytes into its text;
     the server starts over */
  grow_str(&large, "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{}}\n\n"
                   "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"delta\":\"");
  for (k = 0; k < 10000; k++) grow_put(&large, "abcdefghij" + k % 10, 1);
  grow_str(&large, "\"}\n\ndata: {\"type\":\"response.completed\",\"sequence_number\":2,"
                   "\"response\":{\"status\":\"completed\"}}\n\n");
  tried = check_reconnect_at_pauses("an event over the buffer", large.s, 90 + 6000, large.s, &small, 0);
  CHECK_MSG(tried >= 2, "the large event: only %lu callbacks", (unsigned long)tried);
  /* ordinary events with ids; the server starts over */
  tried = check_reconnect_at_pauses("events with ids", "id: 1\n" CHUNK("a") "id: 2\n" CHUNK("b") "id: 3\ndata: {",
                                    strlen("id: 1\n" CHUNK("a") "id: 2\n" CHUNK("b") "id: 3\ndata: {"),
                                    "id: 1\n" CHUNK("a") "id: 2\n" CHUNK("b") "id: 3\n" CHUNK("c")
                                    "data: [DONE]\n\n", NULL, 1);
  CHECK_MSG(tried >= 4, "events with ids: only %lu callbacks", (unsigned long)tried);
  free(large.s);
}

static int collect_content(void *u, uint32_t c, const char *s, size_t n) {
  (void)c;
  grow_put((grow_buf *)u, s, n);
  return 0;
}

/* An event over the buffer cut while its string streamed is remembered
   until it comes again, and what was delivered of it stays skipped when
   the connection drops more than once: before the event comes again, or
   while its delivered bytes are being skipped. Its text arrives once. */
void test_reconnect_twice_around_a_large_event(void) {
  static unsigned char ws[1 << 16];
  grow_buf stream = {NULL, 0, 0}, text = {NULL, 0, 0};
  size_t k, head, into;
  int plan;
  for (k = 0; k < 300; k++) grow_put(&text, &"ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(k / 10) % 26], 1);
  grow_str(&stream, "data: {\"type\":\"response.created\",\"sequence_number\":0}\n\n");
  head = stream.n;
  grow_str(&stream, "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"delta\":\"");
  into = stream.n - head; /* where the string starts in its event */
  grow_put(&stream, text.s, text.n);
  grow_str(&stream, "\"}\n\ndata: {\"type\":\"response.completed\",\"sequence_number\":2,"
                    "\"response\":{\"status\":\"completed\"}}\n\n");
  for (plan = 0; plan < 2; plan++) {
    sse_delta_options o;
    sse_delta_callbacks cb;
    sse_delta_parser p;
    grow_buf got = {NULL, 0, 0};
    memset(&o, 0, sizeof o);
    o.max_event_bytes = 128;
    memset(&cb, 0, sizeof cb);
    cb.on_content = collect_content;
    CHECK(sse_delta_init(&p, ws, sizeof ws, &cb, &got, &o) == SSE_DELTA_OK);
    CHECK(sse_delta_feed(&p, stream.s, head + into + 200, NULL) == SSE_DELTA_OK);
    CHECK(got.n > 0 && got.n < 200);
    CHECK(sse_delta_reconnect(&p) == SSE_DELTA_OK);
    if (plan == 0) { /* dropped again before anything came */
      CHECK(sse_delta_reconnect(&p) == SSE_DELTA_OK);
    } else { /* dropped again 60 bytes into the string, all of them delivered before */
      CHECK(sse_delta_feed(&p, stream.s, head + into + 60, NULL) == SSE_DELTA_OK);
      CHECK(sse_delta_reconnect(&p) == SSE_DELTA_OK);
    }
    CHECK(sse_delta_feed(&p, stream.s, stream.n, NULL) == SSE_DELTA_OK);
    (void)sse_delta_end(&p, NULL);
    CHECK_MSG(got.n == text.n && memcmp(got.s, text.s, text.n) == 0,
              "%s: %lu bytes of text instead of %lu", plan ? "dropped inside the skipped part" : "dropped twice",
              (unsigned long)got.n, (unsigned long)text.n);
    free(got.s);
  }
  free(stream.s);
  free(text.s);
}

/* The problems of the string bytes an earlier connection delivered are not
   reported again when those bytes are skipped: a lone surrogate early in
   an event over the buffer, cut later, replayed from the start. */
void test_reconnect_large_event_reports_once(void) {
  grow_buf b = {NULL, 0, 0}, text = {NULL, 0, 0}, want = {NULL, 0, 0}, two = {NULL, 0, 0};
  size_t k, cut;
  for (k = 0; k < 10000; k++) grow_put(&text, "abcdefghij" + k % 10, 1);
  grow_str(&b, "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{}}\n\n"
               "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"delta\":\"");
  grow_put(&b, text.s, 100);
  grow_str(&b, "\\ud800");
  cut = b.n + 6000;
  grow_put(&b, text.s + 100, text.n - 100);
  grow_str(&b, "\"}\n\ndata: {\"type\":\"response.completed\",\"sequence_number\":2,"
               "\"response\":{\"status\":\"completed\"}}\n\n");
  grow_put(&two, b.s, cut);
  grow_put(&two, b.s, b.n);
  grow_str(&want, "error E_LONE_SURROGATE"); /* joined_equal joins each content line to the one before */
  grow_put(&want, text.s, 100);
  grow_str(&want, "\xEF\xBF\xBD");
  grow_put(&want, text.s + 100, text.n - 100);
  grow_str(&want, "\nfinish 0 stop completed\ndone\nend OK\n");
  check_large_plans("a lone surrogate replayed", &two, cut, want.s);
  free(b.s);
  free(text.s);
  free(want.s);
  free(two.s);
}
