/*
 * curl_stream: ask an OpenAI-compatible server for a streamed Chat
 * Completions answer with libcurl, and print it as it arrives, through
 * sse_delta.
 *
 * Usage:
 *   curl_stream [--url BASE_URL] [--key KEY] [--model MODEL]
 *               [--idle-timeout SECONDS] [--reconnect N]
 *               [--out-buffer BYTES] [--stats] PROMPT...
 *
 *   --url           the API's base URL; "/chat/completions" is appended
 *                   unless it already ends so. Default: $OPENAI_BASE_URL,
 *                   else https://api.openai.com/v1
 *   --key           the API key. Default: $OPENAI_API_KEY (better: a key
 *                   on the command line is visible to other users in ps).
 *                   None: no Authorization header (local servers).
 *   --model         default: $OPENAI_MODEL, else gpt-4o-mini
 *   --idle-timeout  give up when nothing arrives for this long (default 60)
 *   --reconnect     when the connection drops in the middle of a stream
 *                   whose events have ids, connect again up to N times
 *                   (default 2, 0: never) with Last-Event-ID, after the
 *                   server's retry delay, and go on where it stopped
 *   --out-buffer    the output buffer's high-water mark (default 4096): the
 *                   parser is paused when the transcript waiting to be
 *                   written reaches it. Small values pause very often.
 *   --stats         say on stderr how often the parser and the transfer
 *                   were paused, and how often it reconnected
 *
 *   OPENAI_API_KEY=sk-... ./curl_stream 'Name three rivers.'
 *   OPENAI_BASE_URL=https://openrouter.ai/api/v1 OPENAI_API_KEY=... \
 *     ./curl_stream --model moonshotai/kimi-k2 'Hello'
 *
 * Build from the repository root (jsmn.h from Debian's libjsmn-dev, curl.h
 * from libcurl4-openssl-dev); `make test-curl` builds build/curl/curl_stream:
 *   cc -std=c99 -I. examples/curl_stream.c -o curl_stream -lcurl
 *
 * Output: the transcript on stdout as it arrives (the same lines as the
 * sse-delta tool's: text, "-> tool NAME(id ID) ARGUMENTS", the finish and
 * usage line, then the verdict: "[complete]", "[truncated: ...]" or
 * "[failed: ...]"); problems on stderr, among them the provider's own
 * message when it refuses (HTTP 401, 429... with a JSON error body).
 * Exit status: 0 complete; 1 failed (an HTTP error, the provider's error,
 * a response that is not a stream); 2 bad command line or setup; 3 cut
 * (the connection dropped or stalled, or the stream ended unfinished).
 */
#define SSE_DELTA_IMPLEMENTATION /* this file carries the library */
#include "sse_delta.h"

#include <curl/curl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXIT_COMPLETE 0
#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define EXIT_CUT 3

#define SHOWN_MAX 300 /* bytes of a message or of a refused body on stderr */

struct config {
  const char *url, *key, *model;
  long idle_timeout;
  int reconnects; /* at most */
  size_t out_buffer;
  int stats;
  char *prompt; /* the words after the options, joined by spaces */
};

/* The transcript waiting for its consumer. The callbacks append to it and
   ask the parser to pause once it holds high_water bytes; the consumer
   (here: stdout, once per turn of the event loop) empties it. */
struct output {
  char *buf;
  size_t len, cap, high_water;
};

enum section { SEC_NONE, SEC_CONTENT, SEC_REASONING, SEC_TOOL };

struct app {
  sse_delta_parser parser;
  CURL *easy;
  struct output out;
  /* the transcript: which kind of text came last, and what the end shows.
     The request asks for one choice, so choices are not told apart. */
  enum section section;
  uint32_t tool;
  int at_line_start;
  int finished, has_raw, has_usage;
  sse_delta_finish finish;
  char raw[64], cost[32];
  sse_delta_usage usage;
  int provider_message; /* on_error got the provider's message */
  /* the response, checked when its first body bytes arrive */
  int checked, refused;
  long status;
  /* bytes curl handed over that the parser has not consumed yet */
  char *tail;
  size_t tail_off, tail_len, tail_cap;
  int parser_paused;   /* feed the tail (maybe empty) to go on */
  int transfer_paused; /* the write callback returned CURL_WRITEFUNC_PAUSE */
  unsigned long parser_pauses, transfer_pauses;
  int reconnects;
  time_t last_bytes; /* when the last body bytes (or the request) went */
  long idle_timeout;
};

static unsigned char workspace[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];

/* ---- the output buffer and its consumer -------------------------------- */

static void consume_output(struct app *a) {
  fwrite(a->out.buf, 1, a->out.len, stdout);
  fflush(stdout);
  a->out.len = 0;
}

/* A callback must take its whole slice (the pointer dies when it returns),
   so a slice that does not fit makes the consumer catch up at once; the
   high-water mark, well below the capacity, is what normally stops us. */
static void out_write(struct app *a, const char *s, size_t n) {
  if (n == 0) return;
  if (n > a->out.cap - a->out.len) consume_output(a);
  if (n > a->out.cap)
    fwrite(s, 1, n, stdout);
  else {
    memcpy(a->out.buf + a->out.len, s, n);
    a->out.len += n;
  }
  a->at_line_start = s[n - 1] == '\n';
}

static void out_str(struct app *a, const char *s) { out_write(a, s, strlen(s)); }

/* What every callback returns: non-zero pauses the parser. */
static int output_full(const struct app *a) { return a->out.len >= a->out.high_water; }

/* ---- the transcript (the format of tools/transcript.c) ----------------- */

static void end_line(struct app *a) {
  if (!a->at_line_start) out_str(a, "\n");
}

static void close_section(struct app *a) {
  if (a->section == SEC_REASONING) {
    end_line(a);
    out_str(a, "[/reasoning]\n");
  }
  end_line(a);
  a->section = SEC_NONE;
}

/* Text of another kind (or another call's arguments) starts a new line.
   Returns 1 when it does, so that the caller writes the opening. */
static int enter_section(struct app *a, enum section s, uint32_t tool) {
  if (a->section == s && (s != SEC_TOOL || a->tool == tool)) return 0;
  close_section(a);
  a->section = s;
  a->tool = tool;
  return 1;
}

static int on_content(void *user, uint32_t choice, const char *text, size_t len) {
  struct app *a = user;
  (void)choice;
  enter_section(a, SEC_CONTENT, 0);
  out_write(a, text, len);
  return output_full(a);
}

static int on_reasoning(void *user, uint32_t choice, const char *text, size_t len) {
  struct app *a = user;
  (void)choice;
  if (enter_section(a, SEC_REASONING, 0)) out_str(a, "[reasoning] ");
  out_write(a, text, len);
  return output_full(a);
}

static int on_tool_call_start(void *user, uint32_t choice, uint32_t tool, const char *id,
                              size_t id_len, const char *name, size_t name_len) {
  struct app *a = user;
  (void)choice;
  close_section(a); /* every call on a line of its own */
  enter_section(a, SEC_TOOL, tool);
  out_str(a, "-> tool ");
  if (name_len > 0)
    out_write(a, name, name_len);
  else
    out_str(a, "(no name)");
  if (id_len > 0) {
    out_str(a, "(id ");
    out_write(a, id, id_len);
    out_str(a, ")");
  }
  out_str(a, " ");
  return output_full(a);
}

static int on_tool_call_arguments(void *user, uint32_t choice, uint32_t tool, const char *json,
                                  size_t len) {
  struct app *a = user;
  char label[48];
  (void)choice;
  if (enter_section(a, SEC_TOOL, tool)) { /* two calls' fragments interleave */
    snprintf(label, sizeof label, "-> tool #%lu (continued) ", (unsigned long)tool);
    out_str(a, label);
  }
  out_write(a, json, len);
  return output_full(a);
}

/* Finish and usage are shown once, at the end: keep copies (the slices die
   with the callback). */
static void copy_slice(char *dst, size_t size, const char *s, size_t n) {
  if (n >= size) n = size - 1;
  memcpy(dst, s, n);
  dst[n] = '\0';
}

static int on_finish(void *user, uint32_t choice, sse_delta_finish reason, const char *raw,
                     size_t raw_len) {
  struct app *a = user;
  (void)choice;
  a->finished = 1;
  a->finish = reason;
  if (raw != NULL) { /* an error event brings no word: keep the last one */
    a->has_raw = 1;
    copy_slice(a->raw, sizeof a->raw, raw, raw_len);
  }
  return 0;
}

static int on_usage(void *user, const sse_delta_usage *usage) {
  struct app *a = user;
  a->has_usage = 1;
  a->usage = *usage;
  a->usage.cost = NULL;
  if (usage->cost != NULL) {
    copy_slice(a->cost, sizeof a->cost, usage->cost, usage->cost_len);
    a->usage.cost = a->cost;
  }
  return 0;
}

/* The provider's text on one line of stderr: control bytes become spaces. */
static void print_line(const char *s, size_t n) {
  size_t i, shown = n < SHOWN_MAX ? n : SHOWN_MAX;
  for (i = 0; i < shown; i++) {
    unsigned char c = (unsigned char)s[i];
    fputc(c < 0x20 || c == 0x7f ? ' ' : c, stderr);
  }
  fputs(shown < n ? "...\n" : "\n", stderr);
}

static int on_error(void *user, sse_delta_status code, const char *message, size_t len) {
  struct app *a = user;
  consume_output(a); /* so that the message comes after the text it follows */
  if (code == SSE_DELTA_E_PROVIDER) {
    a->provider_message = 1;
    fputs("curl_stream: provider error: ", stderr);
    print_line(message, len);
  } else {
    fprintf(stderr, "curl_stream: stream problem: %s (%s)\n", sse_delta_status_name(code),
            sse_delta_status_description(code));
  }
  return 0;
}

static void print_count(struct app *a, const char *label, int64_t n) {
  char line[48];
  if (n == SSE_DELTA_ABSENT)
    snprintf(line, sizeof line, "%s -", label);
  else
    snprintf(line, sizeof line, "%s %lld", label, (long long)n);
  out_str(a, line);
}

static void print_finish_and_usage(struct app *a) {
  if (a->finished) {
    out_str(a, "[finish: ");
    out_str(a, sse_delta_finish_name(a->finish));
    if (a->has_raw) {
      out_str(a, " (raw ");
      out_str(a, a->raw);
      out_str(a, ")");
    }
    out_str(a, a->has_usage ? "] " : "]");
  }
  if (a->has_usage) {
    print_count(a, "[usage: in", a->usage.input_tokens);
    print_count(a, ", out", a->usage.output_tokens);
    print_count(a, ", total", a->usage.total_tokens);
    print_count(a, ", cached", a->usage.cached_tokens);
    print_count(a, ", reasoning", a->usage.reasoning_tokens);
    if (a->usage.cost != NULL) {
      out_str(a, ", cost ");
      out_str(a, a->usage.cost);
    }
    out_str(a, "]");
  }
  if (a->finished || a->has_usage) out_str(a, "\n");
}

static const char *verdict_reason(const sse_delta_report *r) {
  if (r->provider_error) return "the provider sent an error";
  if (!r->finished) return "no finish reason";
  if (r->unterminated_event) return "it stopped inside an event";
  if (r->incomplete_calls) return "a tool call's arguments are not complete JSON";
  return NULL;
}

/* "[complete]", "[truncated: no finish reason, no end marker]"... */
static void print_verdict(struct app *a, const sse_delta_report *r) {
  char line[160];
  const char *reason = verdict_reason(r);
  int n = snprintf(line, sizeof line, "[%s", sse_delta_verdict_name(sse_delta_verdict_of(r)));
  if (reason) n += snprintf(line + n, sizeof line - (size_t)n, ": %s", reason);
  if (!r->end_marker)
    n += snprintf(line + n, sizeof line - (size_t)n, "%s no end marker", reason ? "," : ":");
  if (r->errors)
    n += snprintf(line + n, sizeof line - (size_t)n, ", %lu error(s)", (unsigned long)r->errors);
  snprintf(line + n, sizeof line - (size_t)n, "]\n");
  out_str(a, line);
}

/* ---- feeding the parser -------------------------------------------------- */

/* Keep what the parser did not consume: curl's buffer is only ours during
   the write callback. */
static int keep_tail(struct app *a, const char *s, size_t n) {
  if (n > a->tail_cap) {
    char *grown = realloc(a->tail, n);
    if (grown == NULL) return 0;
    a->tail = grown;
    a->tail_cap = n;
  }
  if (n > 0) memmove(a->tail, s, n);
  a->tail_off = 0;
  a->tail_len = n;
  return 1;
}

/* Feed bytes; on a pause keep the unconsumed rest for resume(). Returns 0
   only when memory for that rest ran out. */
static int feed(struct app *a, const char *s, size_t n) {
  size_t used = 0;
  sse_delta_status st = sse_delta_feed(&a->parser, s, n, &used);
  if (st != SSE_DELTA_PAUSED) { /* OK; E_MISUSE cannot happen here */
    a->parser_paused = 0;
    a->tail_len = 0;
    return 1;
  }
  a->parser_paused = 1;
  a->parser_pauses++;
  return keep_tail(a, s + used, n - used);
}

/* Once the consumer made room: deliver the rest of the interrupted event
   and the kept bytes (feeding an empty tail is how a paused event goes on),
   and let curl go on once nothing is left over. */
static void resume(struct app *a) {
  if (a->parser_paused && !output_full(a)) {
    size_t used = 0;
    sse_delta_status st =
        sse_delta_feed(&a->parser, a->tail + a->tail_off, a->tail_len, &used);
    a->tail_off += used;
    a->tail_len -= used;
    if (st == SSE_DELTA_PAUSED)
      a->parser_pauses++;
    else
      a->parser_paused = 0;
  }
  if (!a->parser_paused && a->transfer_paused) {
    a->transfer_paused = 0;
    /* may call on_body at once with the chunk it held back */
    curl_easy_pause(a->easy, CURLPAUSE_CONT);
  }
}

/* ---- the response -------------------------------------------------------- */

/* Whether a Content-Type is the media type given (parameters and case
   ignored: "Text/Event-Stream; charset=utf-8"). */
static int media_type_is(const char *type, const char *want) {
  size_t i, n = strlen(want);
  for (i = 0; i < n; i++) {
    char c = type[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != want[i]) return 0;
  }
  return type[n] == '\0' || type[n] == ';' || type[n] == ' ';
}

/* Before the first body byte: the status and the content type. An SSE
   stream or a JSON body (an error, or an answer not streamed) goes to the
   parser, whatever the status, so that a provider's message reaches on_error;
   anything else (a proxy's HTML page...) is shown and refused. No
   Content-Type at all: the parser tells SSE from JSON itself. */
static void check_response(struct app *a, const char *body, size_t n) {
  char *type = NULL;
  a->checked = 1;
  curl_easy_getinfo(a->easy, CURLINFO_RESPONSE_CODE, &a->status);
  curl_easy_getinfo(a->easy, CURLINFO_CONTENT_TYPE, &type);
  if (type == NULL || media_type_is(type, "text/event-stream") ||
      media_type_is(type, "application/json"))
    return;
  a->refused = 1;
  fprintf(stderr, "curl_stream: HTTP %ld with Content-Type %s, not a stream: ", a->status, type);
  print_line(body, n);
}

/* curl's write callback: each slice of the body as it arrives.
   CURL_WRITEFUNC_PAUSE means "I took nothing of this chunk, hand it to me
   again after curl_easy_pause(CURLPAUSE_CONT)", so it may only be returned
   before anything is fed. When the parser pauses in the middle of a chunk,
   part of it is consumed already: the rest is copied to the tail, the whole
   chunk is reported taken, and it is the NEXT chunk that is refused with
   CURL_WRITEFUNC_PAUSE while the tail waits. That holds the connection
   back (TCP flow control) without losing or repeating a byte. */
static size_t on_body(char *data, size_t size, size_t nmemb, void *user) {
  struct app *a = user;
  size_t n = size * nmemb;
  a->last_bytes = time(NULL);
  if (!a->checked) check_response(a, data, n);
  if (a->refused) return 0; /* any other count than n: curl stops, CURLE_WRITE_ERROR */
  if (a->parser_paused) {
    a->transfer_paused = 1;
    a->transfer_pauses++;
    return CURL_WRITEFUNC_PAUSE;
  }
  return feed(a, data, n) ? n : 0;
}

/* ---- the request --------------------------------------------------------- */

/* s as the inside of a JSON string; malloc'd, NULL without memory. */
static char *json_escape(const char *s) {
  char *out = malloc(6 * strlen(s) + 1), *o = out;
  if (out == NULL) return NULL;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      *o++ = '\\';
      *o++ = (char)c;
    } else if (c < 0x20) {
      o += sprintf(o, "\\u%04x", c);
    } else {
      *o++ = (char)c;
    }
  }
  *o = '\0';
  return out;
}

static char *request_body(const struct config *c) {
  static const char format[] =
      "{\"model\":\"%s\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      "\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";
  char *model = json_escape(c->model), *prompt = json_escape(c->prompt), *body = NULL;
  if (model && prompt) {
    size_t n = sizeof format + strlen(model) + strlen(prompt);
    body = malloc(n);
    if (body) snprintf(body, n, format, model, prompt);
  }
  free(model);
  free(prompt);
  return body;
}

/* BASE_URL + "/chat/completions", unless it ends so already. */
static char *endpoint(const char *base) {
  static const char path[] = "/chat/completions";
  size_t n = strlen(base), p = sizeof path - 1;
  char *url = malloc(n + p + 1);
  if (url == NULL) return NULL;
  while (n > 0 && base[n - 1] == '/') n--;
  memcpy(url, base, n);
  url[n] = '\0';
  if (n < p || strcmp(url + n - p, path) != 0) strcat(url, path);
  return url;
}

/* The request's headers; a reconnect adds Last-Event-ID (id, NULL when
   none). curl_slist_append copies each line. */
static struct curl_slist *request_headers(const struct config *c, const char *id, size_t id_len) {
  struct curl_slist *h = NULL;
  h = curl_slist_append(h, "Content-Type: application/json");
  h = curl_slist_append(h, "Accept: text/event-stream");
  if (id != NULL) {
    char line[200];
    snprintf(line, sizeof line, "Last-Event-ID: %.*s", (int)id_len, id);
    h = curl_slist_append(h, line);
  }
  if (c->key != NULL && c->key[0] != '\0') {
    size_t n = strlen(c->key) + 32;
    char *auth = malloc(n);
    if (auth == NULL) return h;
    snprintf(auth, n, "Authorization: Bearer %s", c->key);
    h = curl_slist_append(h, auth);
    free(auth);
  }
  return h;
}

/* ---- the transfer -------------------------------------------------------- */

/* Whether nothing came for idle_timeout seconds while we waited for the
   network (a paused transfer is our own doing and does not count). A
   stream has no total time limit, but one that stops moving is dead.
   (curl's CURLOPT_LOW_SPEED_TIME would do, but it averages over about
   five seconds, so it gives up late.) */
static int idle_expired(struct app *a) {
  if (a->parser_paused || a->transfer_paused) {
    a->last_bytes = time(NULL);
    return 0;
  }
  return difftime(time(NULL), a->last_bytes) > (double)a->idle_timeout;
}

/* The event loop: curl moves bytes, the consumer empties the output, the
   parser goes on where it paused. A real program would have its own
   consumer here (a UI, a socket to a browser, a serial line), slower than
   the network; the structure is the same. */
static CURLcode run_transfer(struct app *a, CURLM *multi, char *errbuf) {
  CURLcode result = CURLE_OK;
  CURLMsg *msg;
  int running = 1, left;
  a->last_bytes = time(NULL);
  while (running || a->parser_paused) {
    if (running && curl_multi_perform(multi, &running) != CURLM_OK) break;
    consume_output(a);
    resume(a);
    if (running && idle_expired(a)) {
      snprintf(errbuf, CURL_ERROR_SIZE, "nothing received for %ld s", a->idle_timeout);
      return CURLE_OPERATION_TIMEDOUT;
    }
    /* no sleeping while the parser has work: nothing would wake us */
    if (running && !a->parser_paused) curl_multi_poll(multi, NULL, 0, 250, NULL);
  }
  while ((msg = curl_multi_info_read(multi, &left)) != NULL)
    if (msg->msg == CURLMSG_DONE) result = msg->data.result;
  return result;
}

static void setup_easy(struct app *a, const char *url, const char *body, char *errbuf) {
  CURL *e = a->easy;
  curl_easy_setopt(e, CURLOPT_URL, url);
  curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(e, CURLOPT_USERAGENT, "sse_delta-curl_stream/" SSE_DELTA_VERSION);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, a);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, 30L);
}

/* One connection, from the request to its end. */
static CURLcode connect_once(struct app *a, CURLM *multi, struct curl_slist *headers,
                             char *errbuf) {
  CURLcode result;
  errbuf[0] = '\0';
  curl_easy_setopt(a->easy, CURLOPT_HTTPHEADER, headers);
  curl_multi_add_handle(multi, a->easy);
  result = run_transfer(a, multi, errbuf);
  curl_multi_remove_handle(multi, a->easy);
  return result;
}

/* Whether to connect again: the connection dropped (a transport error, not
   the server's own close nor an HTTP error) inside an SSE stream whose
   events have ids, so that the server can go on after the last one. Most
   Chat Completions servers send no ids (OpenAI does not): for them a new
   request would be a new answer, not the rest of this one. */
static int should_reconnect(const struct app *a, CURLcode result, int max) {
  size_t id_len = 0;
  uint32_t flags = sse_delta_flags(&a->parser);
  sse_delta_last_event_id(&a->parser, &id_len);
  return result != CURLE_OK && a->reconnects < max && !a->refused && a->status >= 200 &&
         a->status < 300 && id_len > 0 &&
         !(flags & (SSE_DELTA_SAW_DONE | SSE_DELTA_SAW_JSON_BODY));
}

/* Before the next connection: wait the server's retry time (else a second,
   at most ten), tell the parser, and forget the last response's checks.
   Returns the new connection's headers, with Last-Event-ID. */
static struct curl_slist *prepare_reconnect(struct app *a, CURLM *multi, const struct config *c,
                                            const char *errbuf) {
  size_t id_len = 0;
  const char *id = sse_delta_last_event_id(&a->parser, &id_len);
  int64_t retry = sse_delta_retry(&a->parser);
  long wait_ms = retry < 0 ? 1000 : retry > 10000 ? 10000 : (long)retry;
  struct curl_slist *headers = request_headers(c, id, id_len);
  consume_output(a);
  fprintf(stderr, "curl_stream: connection lost (%s); again in %ld ms after event id %.*s\n",
          errbuf, wait_ms, (int)id_len, id);
  /* with no transfer in it, curl_multi_poll just waits: a portable sleep */
  curl_multi_poll(multi, NULL, 0, (int)wait_ms, NULL);
  sse_delta_reconnect(&a->parser); /* the lost connection's partial event goes */
  a->reconnects++;
  a->checked = a->refused = 0;
  a->status = 0;
  return headers;
}

/* The connection, and the next ones while it drops and can be resumed.
   Returns the last one's result; *headers is the headers in use. */
static CURLcode run_stream(struct app *a, CURLM *multi, const struct config *c,
                           struct curl_slist **headers, char *errbuf) {
  CURLcode result = connect_once(a, multi, *headers, errbuf);
  while (should_reconnect(a, result, c->reconnects)) {
    struct curl_slist *next = prepare_reconnect(a, multi, c, errbuf);
    if (next == NULL) break;
    curl_slist_free_all(*headers);
    *headers = next;
    result = connect_once(a, multi, *headers, errbuf);
  }
  return result;
}

/* ---- the end ------------------------------------------------------------- */

/* The transcript's last lines and the exit status: an HTTP error or a
   refused body first, then the verdict. A transport error only matters
   when the stream is not complete (a server may drop the connection just
   after its last event). */
static int finish_stream(struct app *a, CURLcode result, const char *errbuf) {
  sse_delta_report r;
  sse_delta_verdict v;
  if (result != CURLE_OK && !a->refused)
    fprintf(stderr, "curl_stream: connection: %s\n",
            errbuf[0] ? errbuf : curl_easy_strerror(result));
  if (a->refused) return EXIT_FAILED;
  sse_delta_end(&a->parser, &r);
  v = sse_delta_verdict_of(&r);
  close_section(a);
  print_finish_and_usage(a);
  if (a->status >= 300 && !r.provider_error) {
    char line[64];
    snprintf(line, sizeof line, "[failed: HTTP %ld]\n", a->status);
    out_str(a, line);
  } else {
    print_verdict(a, &r);
  }
  consume_output(a);
  if (a->status >= 300) {
    curl_off_t wait = -1;
    curl_easy_getinfo(a->easy, CURLINFO_RETRY_AFTER, &wait);
    fprintf(stderr, "curl_stream: HTTP %ld", a->status);
    if (wait > 0) fprintf(stderr, " (retry after %ld s)", (long)wait);
    fputs(a->provider_message ? "\n" : ", no error message in the body\n", stderr);
    return EXIT_FAILED;
  }
  if (v == SSE_DELTA_FAILED) return EXIT_FAILED;
  return v == SSE_DELTA_COMPLETE ? EXIT_COMPLETE : EXIT_CUT;
}

/* ---- the command line ---------------------------------------------------- */

static const char *env_or(const char *name, const char *fallback) {
  const char *v = getenv(name);
  return v != NULL && v[0] != '\0' ? v : fallback;
}

static void usage(void) {
  fputs("usage: curl_stream [--url BASE_URL] [--key KEY] [--model MODEL]\n"
        "                   [--idle-timeout SECONDS] [--reconnect N]\n"
        "                   [--out-buffer BYTES] [--stats] PROMPT...\n"
        "(defaults: $OPENAI_BASE_URL, $OPENAI_API_KEY, $OPENAI_MODEL; see the source)\n",
        stderr);
}

/* The words of the prompt, joined by spaces. */
static char *join_words(char **words, int count) {
  size_t n = 1;
  int i;
  char *s;
  for (i = 0; i < count; i++) n += strlen(words[i]) + 1;
  s = malloc(n);
  if (s == NULL) return NULL;
  s[0] = '\0';
  for (i = 0; i < count; i++) {
    if (i > 0) strcat(s, " ");
    strcat(s, words[i]);
  }
  return s;
}

/* Returns 1 to go on, 0 after saying what is wrong. */
static int parse_args(struct config *c, int argc, char **argv) {
  int i;
  c->url = env_or("OPENAI_BASE_URL", "https://api.openai.com/v1");
  c->key = env_or("OPENAI_API_KEY", NULL);
  c->model = env_or("OPENAI_MODEL", "gpt-4o-mini");
  c->idle_timeout = 60;
  c->reconnects = 2;
  c->out_buffer = 4096;
  c->stats = 0;
  for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
    const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(opt, "--") == 0) {
      i++;
      break;
    }
    if (strcmp(opt, "--stats") == 0) {
      c->stats = 1;
      continue;
    }
    if (val == NULL) break;
    i++;
    if (strcmp(opt, "--url") == 0) c->url = val;
    else if (strcmp(opt, "--key") == 0) c->key = val;
    else if (strcmp(opt, "--model") == 0) c->model = val;
    else if (strcmp(opt, "--idle-timeout") == 0) c->idle_timeout = atol(val);
    else if (strcmp(opt, "--reconnect") == 0) c->reconnects = atoi(val);
    else if (strcmp(opt, "--out-buffer") == 0) c->out_buffer = (size_t)atol(val);
    else break;
  }
  if (i >= argc || argv[i][0] == '-' || c->idle_timeout <= 0 || c->reconnects < 0 ||
      c->out_buffer == 0) {
    usage();
    return 0;
  }
  c->prompt = join_words(argv + i, argc - i);
  return c->prompt != NULL;
}

/* ---- main ---------------------------------------------------------------- */

static int init_app(struct app *a, const struct config *c) {
  sse_delta_callbacks cb;
  memset(a, 0, sizeof *a);
  memset(&cb, 0, sizeof cb);
  cb.on_content = on_content;
  cb.on_reasoning = on_reasoning;
  cb.on_tool_call_start = on_tool_call_start;
  cb.on_tool_call_arguments = on_tool_call_arguments;
  cb.on_finish = on_finish;
  cb.on_usage = on_usage;
  cb.on_error = on_error;
  a->at_line_start = 1;
  a->idle_timeout = c->idle_timeout;
  /* room above the mark for the slice that crosses it */
  a->out.high_water = c->out_buffer;
  a->out.cap = 2 * c->out_buffer + 256;
  a->out.buf = malloc(a->out.cap);
  if (a->out.buf == NULL) return 0;
  return sse_delta_init(&a->parser, workspace, sizeof workspace, &cb, a, NULL) == SSE_DELTA_OK;
}

int main(int argc, char **argv) {
  static struct app a;
  struct config c;
  char errbuf[CURL_ERROR_SIZE] = "";
  char *url, *body;
  struct curl_slist *headers;
  CURLM *multi;
  int status = EXIT_USAGE;
  if (!parse_args(&c, argc, argv)) return EXIT_USAGE;
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !init_app(&a, &c)) return EXIT_USAGE;
  url = endpoint(c.url);
  body = request_body(&c);
  headers = request_headers(&c, NULL, 0);
  a.easy = curl_easy_init();
  multi = curl_multi_init();
  if (url && body && headers && a.easy && multi) {
    setup_easy(&a, url, body, errbuf);
    status = finish_stream(&a, run_stream(&a, multi, &c, &headers, errbuf), errbuf);
  } else {
    fputs("curl_stream: out of memory or libcurl failed to start\n", stderr);
  }
  if (c.stats)
    fprintf(stderr, "curl_stream: %lu parser pauses, %lu transfer pauses, %d reconnects\n",
            a.parser_pauses, a.transfer_pauses, a.reconnects);
  curl_easy_cleanup(a.easy);
  curl_multi_cleanup(multi);
  curl_slist_free_all(headers);
  free(url);
  free(body);
  free(c.prompt);
  free(a.out.buf);
  free(a.tail);
  curl_global_cleanup();
  return status;
}
