/*
 * sse_server: a one-request HTTP/1.1 server on 127.0.0.1 for the curl
 * example's test (make test-curl). It serves a cassette's response body the
 * way a provider does, in chunked encoding, in small uneven writes (one to
 * three chunks per write) with short delays, or one of the ways a response
 * goes wrong:
 *
 *   full       the whole body
 *   cut-event  the connection closed inside an event (no last chunk)
 *   cut-clean  ended cleanly (last chunk sent) before the finish event
 *   no-done    ended cleanly after the finish and usage, before [DONE]
 *   401, 429   an HTTP error whose body is a plain JSON error, as OpenAI
 *              sends it (the 429 with Retry-After, chunked)
 *   slow       the whole body, late headers and a slow trickle
 *   stall      half the body, then silence until the client gives up
 *   html       a 502 with a proxy's HTML page
 *   resume     events with ids (and retry: 100); the first connection
 *              closed inside an event, the second (it must send
 *              Last-Event-ID) served from the event before that id on, so
 *              the last two events the client got come again
 *
 *   sse_server --variant NAME --cassette FILE --port-file FILE
 *              [--interaction N] [--dump FILE] [--log FILE] [--timeout S]
 *
 * It binds an ephemeral port and writes it to the port file (whole, by a
 * rename), answers one request (resume: two), and exits; an alarm ends it after the
 * timeout (default 20 s) whatever happens. --dump receives the body bytes
 * exactly as sent (without the chunk framing), --log the request.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cassette.h"
#include "read_file.h"

enum body_kind { BODY_CASSETTE, BODY_CASSETTE_IDS, BODY_401, BODY_429, BODY_HTML };

/* Where the body stops and how the response ends. */
enum ending {
  END_WHOLE,         /* everything, then the last chunk */
  END_MID_EVENT,     /* close inside the first tool-call event, no last chunk */
  END_BEFORE_FINISH, /* the last chunk just before the finish event */
  END_BEFORE_DONE,   /* the last chunk just before "data: [DONE]" */
  END_STALL,         /* stop inside an event until the client leaves */
  END_RESUME         /* close inside an event; a second connection resumes */
};

struct variant {
  const char *name, *status, *content_type, *extra_headers;
  enum body_kind body;
  enum ending ending;
  int chunked;
  int head_delay_ms, write_delay_ms; /* before the headers, between writes */
  unsigned max_chunk;                /* the largest chunk, in bytes */
};

static const struct variant variants[] = {
    {"full", "200 OK", "text/event-stream", "", BODY_CASSETTE, END_WHOLE, 1, 0, 1, 64},
    {"cut-event", "200 OK", "text/event-stream", "", BODY_CASSETTE, END_MID_EVENT, 1, 0, 1, 64},
    {"cut-clean", "200 OK", "text/event-stream", "", BODY_CASSETTE, END_BEFORE_FINISH, 1, 0, 1, 64},
    {"no-done", "200 OK", "text/event-stream", "", BODY_CASSETTE, END_BEFORE_DONE, 1, 0, 1, 64},
    {"401", "401 Unauthorized", "application/json", "", BODY_401, END_WHOLE, 0, 0, 1, 40},
    {"429", "429 Too Many Requests", "application/json; charset=utf-8", "Retry-After: 20\r\n",
     BODY_429, END_WHOLE, 1, 0, 1, 16},
    {"slow", "200 OK", "text/event-stream", "", BODY_CASSETTE, END_WHOLE, 1, 400, 6, 96},
    {"stall", "200 OK", "text/event-stream", "", BODY_CASSETTE, END_STALL, 1, 0, 1, 64},
    {"html", "502 Bad Gateway", "text/html", "", BODY_HTML, END_WHOLE, 0, 0, 1, 64},
    {"resume", "200 OK", "text/event-stream", "", BODY_CASSETTE_IDS, END_RESUME, 1, 0, 1, 64},
};

static const char body_401[] =
    "{\"error\":{\"message\":\"Incorrect API key provided: test-key. You can find your API key "
    "at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\","
    "\"param\":null,\"code\":\"invalid_api_key\"}}\n";
static const char body_429[] =
    "{\n  \"error\": {\n    \"message\": \"Rate limit reached for test-model in organization "
    "org-test on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in "
    "20s.\",\n    \"type\": \"requests\",\n    \"param\": null,\n    \"code\": "
    "\"rate_limit_exceeded\"\n  }\n}\n";
static const char body_html[] = "<html><body><h1>502 Bad Gateway</h1></body></html>\n";

#define STALL_MAX_MS 10000 /* a client that never leaves gets the rest then */

struct args {
  const char *variant, *cassette, *port_file, *dump, *log;
  size_t interaction;
  unsigned timeout;
};

/* ---- small helpers --------------------------------------------------------- */

static void die(const char *what) {
  fprintf(stderr, "sse_server: %s\n", what);
  exit(2);
}

static void on_alarm(int sig) {
  static const char msg[] = "sse_server: timed out\n";
  (void)sig;
  if (write(2, msg, sizeof msg - 1) < 0) _exit(3);
  _exit(3);
}

static void sleep_ms(int ms) {
  struct timespec ts;
  if (ms <= 0) return;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (long)(ms % 1000) * 1000000L;
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

/* A fixed sequence (an LCG), so that every run cuts the body the same way. */
static unsigned next_random(unsigned *state) {
  *state = *state * 1103515245u + 12345u;
  return (*state >> 16) & 0x7fffu;
}

/* Returns 0 when the client is gone. */
static int send_all(int fd, const char *s, size_t n) {
  while (n > 0) {
    ssize_t sent = send(fd, s, n, 0);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return 0;
    s += sent;
    n -= (size_t)sent;
  }
  return 1;
}

/* ---- the body ----------------------------------------------------------------- */

/* The cassette's response body of the given interaction; exits when none. */
static char *cassette_body(const char *path, size_t interaction, size_t *len) {
  struct cassette c;
  char problem[200];
  size_t file_len;
  char *file = read_whole_file(path, &file_len), *body;
  if (file == NULL) die("cannot read the cassette");
  if (cassette_load(file, file_len, &c, problem, sizeof problem) != CASSETTE_OK)
    die("not a cassette");
  if (interaction >= c.count) die("no such interaction");
  body = malloc(c.bodies[interaction].len + 1);
  if (body == NULL) die("out of memory");
  memcpy(body, c.bodies[interaction].data, c.bodies[interaction].len);
  *len = c.bodies[interaction].len;
  body[*len] = '\0';
  cassette_free(&c);
  free(file);
  return body;
}

/* The body with "id: N" (1, 2...) at the start of each event, and a retry
   field before the first. */
static char *with_ids(const char *body, size_t *len) {
  size_t i, n = 0, events = 1;
  char *out;
  for (i = 0; i + 2 < *len; i++)
    if (body[i] == '\n' && body[i + 1] == '\n' && body[i + 2] != '\n') events++;
  out = malloc(*len + events * 16 + 16);
  if (out == NULL) die("out of memory");
  events = 0;
  n = (size_t)sprintf(out, "retry: 100\nid: %lu\n", (unsigned long)++events);
  for (i = 0; i < *len; i++) {
    out[n++] = body[i];
    if (i >= 1 && i + 1 < *len && body[i] == '\n' && body[i - 1] == '\n' && body[i + 1] != '\n')
      n += (size_t)sprintf(out + n, "id: %lu\n", (unsigned long)++events);
  }
  out[n] = '\0';
  *len = n;
  return out;
}

/* Where the event before the one with id `id` begins: the resumed
   connection sends both again, as a server that resumes a little early. */
static size_t replay_offset(const char *body, unsigned long id) {
  char line[32];
  const char *p;
  if (id < 2) return 0;
  snprintf(line, sizeof line, "\nid: %lu\n", id - 1);
  p = strstr(body, line);
  if (p == NULL) die("no event before the Last-Event-ID");
  return (size_t)(p + 1 - body);
}

/* Where the variant's ending stops the body (`len` when it does not). */
static size_t stop_offset(const struct variant *v, const char *body, size_t len) {
  const char *p;
  switch (v->ending) {
  case END_MID_EVENT:
  case END_STALL:
  case END_RESUME: /* inside a data line: between the text and the tool calls */
    p = strstr(body, "\"tool_calls\":[");
    break;
  case END_BEFORE_FINISH: /* the start of the line that has the finish */
    p = strstr(body, "\"finish_reason\":\"");
    while (p != NULL && p > body && p[-1] != '\n') p--;
    break;
  case END_BEFORE_DONE:
    p = strstr(body, "data: [DONE]");
    break;
  default:
    return len;
  }
  if (p == NULL) die("the cassette's body has no place for this variant's cut");
  return (size_t)(p - body);
}

static const char *header_value(const char *head, const char *name);

/* ---- the response ----------------------------------------------------------- */

struct sender {
  int fd;
  const struct variant *v;
  FILE *dump;
  unsigned random;
};

/* One write: one to three chunks (or raw bytes without chunking) of uneven
   sizes. Returns the body bytes it took, 0 when the client is gone. */
static size_t send_piece(struct sender *s, const char *data, size_t n) {
  char buf[4096];
  size_t used = 0, fill = 0;
  unsigned k, chunks = 1 + next_random(&s->random) % 3;
  for (k = 0; k < chunks && used < n; k++) {
    size_t size = 1 + next_random(&s->random) % s->v->max_chunk;
    if (size > n - used) size = n - used;
    if (s->v->chunked) fill += (size_t)sprintf(buf + fill, "%lx\r\n", (unsigned long)size);
    memcpy(buf + fill, data + used, size);
    fill += size;
    if (s->v->chunked) fill += (size_t)sprintf(buf + fill, "\r\n");
    used += size;
  }
  if (!send_all(s->fd, buf, fill)) return 0;
  if (s->dump) fwrite(data, 1, used, s->dump);
  return used;
}

/* Returns 0 when the client left before the end. */
static int send_body(struct sender *s, const char *data, size_t n) {
  while (n > 0) {
    size_t used = send_piece(s, data, n);
    if (used == 0) return 0;
    data += used;
    n -= used;
    sleep_ms(s->v->write_delay_ms);
  }
  return 1;
}

static int send_head(struct sender *s, size_t body_len) {
  char head[512];
  int n = snprintf(head, sizeof head, "HTTP/1.1 %s\r\nContent-Type: %s\r\n%s", s->v->status,
                   s->v->content_type, s->v->extra_headers);
  if (s->v->chunked)
    n += snprintf(head + n, sizeof head - (size_t)n, "Transfer-Encoding: chunked\r\n");
  else
    n += snprintf(head + n, sizeof head - (size_t)n, "Content-Length: %lu\r\n",
                  (unsigned long)body_len);
  n += snprintf(head + n, sizeof head - (size_t)n,
                "Cache-Control: no-cache\r\nConnection: close\r\n\r\n");
  sleep_ms(s->v->head_delay_ms);
  return send_all(s->fd, head, (size_t)n);
}

/* Silence until the client closes (it reads 0) or STALL_MAX_MS pass.
   Returns 1 when it left. */
static int wait_for_client_to_leave(int fd) {
  struct pollfd p;
  int waited;
  char byte;
  for (waited = 0; waited < STALL_MAX_MS; waited += 100) {
    p.fd = fd;
    p.events = POLLIN;
    if (poll(&p, 1, 100) > 0 && recv(fd, &byte, 1, 0) <= 0) return 1;
  }
  return 0;
}

static void serve(struct sender *s, const char *body, size_t len) {
  size_t stop = s->v->body <= BODY_CASSETTE_IDS ? stop_offset(s->v, body, len) : len;
  if (!send_head(s, len) || !send_body(s, body, stop)) return;
  if (s->v->ending == END_STALL) {
    if (wait_for_client_to_leave(s->fd)) return;
    if (!send_body(s, body + stop, len - stop)) return;
  }
  if (s->v->ending == END_MID_EVENT || s->v->ending == END_RESUME || !s->v->chunked)
    return; /* just close */
  send_all(s->fd, "0\r\n\r\n", 5);
}

/* The second connection of `resume`: the rest, from the event before the
   Last-Event-ID on, ended properly. */
static void serve_resumed(struct sender *s, const char *request, const char *body, size_t len) {
  const char *id = header_value(request, "last-event-id");
  size_t from;
  if (id == NULL) die("the reconnect has no Last-Event-ID");
  from = replay_offset(body, strtoul(id, NULL, 10));
  if (send_head(s, len - from) && send_body(s, body + from, len - from))
    send_all(s->fd, "0\r\n\r\n", 5);
}

/* ---- the request ------------------------------------------------------------ */

/* The value of a header (case-insensitive name) in the head, or NULL. */
static const char *header_value(const char *head, const char *name) {
  size_t n = strlen(name);
  const char *line = strstr(head, "\r\n");
  for (; line != NULL; line = strstr(line + 2, "\r\n")) {
    size_t i;
    for (i = 0; i < n; i++) {
      char c = line[2 + i];
      if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
      if (c != name[i]) break;
    }
    if (i == n && line[2 + n] == ':') return line + 3 + n;
  }
  return NULL;
}

/* Reads the request's head and body (by Content-Length) into buf; logs it.
   Returns 0 when the client went away first. */
static int read_request(int fd, char *buf, size_t cap, const char *log) {
  size_t got = 0, want = 0;
  char *end = NULL;
  while (end == NULL || got < want) {
    ssize_t n = recv(fd, buf + got, cap - 1 - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    got += (size_t)n;
    buf[got] = '\0';
    if (end == NULL && (end = strstr(buf, "\r\n\r\n")) != NULL) {
      const char *length = header_value(buf, "content-length");
      const char *expect = header_value(buf, "expect");
      want = (size_t)(end + 4 - buf) + (length ? strtoul(length, NULL, 10) : 0);
      if (want >= cap) die("request too large");
      if (expect && strstr(expect, "100-continue"))
        send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n", 25);
    }
    if (got >= cap - 1) die("request too large");
  }
  if (log) {
    FILE *f = fopen(log, "ab"); /* both requests of a resume */
    if (f == NULL) die("cannot write the log");
    fwrite(buf, 1, got, f);
    fclose(f);
  }
  return 1;
}

/* ---- the socket ------------------------------------------------------------- */

/* A listening socket on 127.0.0.1, on a port the kernel picks. */
static int listen_loopback(unsigned *port) {
  struct sockaddr_in addr;
  socklen_t addr_len = sizeof addr;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) die("socket");
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 1) != 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &addr_len) != 0)
    die("cannot listen on 127.0.0.1");
  *port = ntohs(addr.sin_port);
  return fd;
}

/* Written under another name and renamed, so a reader never sees half. */
static void write_port_file(const char *path, unsigned port) {
  char tmp[4096];
  FILE *f;
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  f = fopen(tmp, "w");
  if (f == NULL || fprintf(f, "%u\n", port) < 0 || fclose(f) != 0 || rename(tmp, path) != 0)
    die("cannot write the port file");
}

static int accept_client(int listener) {
  int one = 1, fd;
  do fd = accept(listener, NULL, NULL);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) die("accept");
  /* each write its own segment, so the client sees the writes as made */
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

/* ---- main ------------------------------------------------------------------- */

static const struct variant *find_variant(const char *name) {
  size_t i;
  for (i = 0; i < sizeof variants / sizeof variants[0]; i++)
    if (strcmp(variants[i].name, name) == 0) return &variants[i];
  die("unknown variant");
  return NULL;
}

static void parse_args(struct args *a, int argc, char **argv) {
  int i;
  memset(a, 0, sizeof *a);
  a->timeout = 20;
  for (i = 1; i + 1 < argc; i += 2) {
    const char *opt = argv[i], *val = argv[i + 1];
    if (strcmp(opt, "--variant") == 0) a->variant = val;
    else if (strcmp(opt, "--cassette") == 0) a->cassette = val;
    else if (strcmp(opt, "--port-file") == 0) a->port_file = val;
    else if (strcmp(opt, "--dump") == 0) a->dump = val;
    else if (strcmp(opt, "--log") == 0) a->log = val;
    else if (strcmp(opt, "--interaction") == 0) a->interaction = strtoul(val, NULL, 10);
    else if (strcmp(opt, "--timeout") == 0) a->timeout = (unsigned)strtoul(val, NULL, 10);
    else die("unknown option");
  }
  if (i != argc || !a->variant || !a->cassette || !a->port_file || a->timeout == 0)
    die("usage: sse_server --variant NAME --cassette FILE --port-file FILE "
        "[--interaction N] [--dump FILE] [--log FILE] [--timeout S]");
}

static const char *fixed_body(enum body_kind kind) {
  return kind == BODY_401 ? body_401 : kind == BODY_429 ? body_429 : body_html;
}

int main(int argc, char **argv) {
  static char request[65536];
  struct args a;
  struct sender s;
  const char *body;
  char *loaded = NULL;
  size_t len;
  unsigned port;
  int listener;
  parse_args(&a, argc, argv);
  signal(SIGALRM, on_alarm);
  signal(SIGPIPE, SIG_IGN); /* a client that left: send() says so */
  alarm(a.timeout);
  memset(&s, 0, sizeof s);
  s.v = find_variant(a.variant);
  s.random = 12;
  if (s.v->body == BODY_CASSETTE)
    body = loaded = cassette_body(a.cassette, a.interaction, &len);
  else if (s.v->body == BODY_CASSETTE_IDS) {
    char *plain = cassette_body(a.cassette, a.interaction, &len);
    body = loaded = with_ids(plain, &len);
    free(plain);
  } else
    len = strlen(body = fixed_body(s.v->body));
  listener = listen_loopback(&port);
  write_port_file(a.port_file, port);
  s.fd = accept_client(listener);
  if (a.dump && (s.dump = fopen(a.dump, "wb")) == NULL) die("cannot write the dump");
  if (read_request(s.fd, request, sizeof request, a.log)) serve(&s, body, len);
  close(s.fd);
  if (s.v->ending == END_RESUME) {
    s.fd = accept_client(listener);
    if (read_request(s.fd, request, sizeof request, a.log)) serve_resumed(&s, request, body, len);
    close(s.fd);
  }
  if (s.dump) fclose(s.dump);
  close(listener);
  free(loaded);
  return 0;
}
