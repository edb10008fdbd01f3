/* The library's jsmn is private (SPEC section 1, Integration: linking the
   library next to the user's own copy of jsmn, in any configuration, must
   not clash).

   This test program carries its own jsmn, configured unlike the library's:
   json_value.c includes <jsmn.h> with no configuration macros, so it
   defines jsmn_init and jsmn_parse as EXTERN functions, NON-STRICT, WITHOUT
   parent links (16-byte tokens); sse_delta.c compiles jsmn with
   JSMN_STATIC, JSMN_STRICT and JSMN_PARENT_LINKS. The link itself is the
   proof that the library's copy is private: had the library exported
   jsmn_parse or jsmn_init, the test runner (libsse_delta next to
   json_value.o) would fail to link with duplicate symbols. At run time the
   two copies must each behave as configured, in the same program.

   Here jsmn.h is included for its declarations only (JSMN_HEADER: still no
   STATIC, STRICT or PARENT_LINKS); the definitions are json_value.c's. */
#define JSMN_HEADER
#include <jsmn.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../sse_delta.h"
#include "check.h"
#include "json_value.h"

struct clash_log {
  char content[64];
  size_t content_len;
  int syntax_errors, other_errors, done;
};

static int clash_content(void *user, uint32_t choice, const char *text, size_t len) {
  struct clash_log *log = (struct clash_log *)user;
  if (choice == 0 && len <= sizeof log->content - log->content_len) {
    memcpy(log->content + log->content_len, text, len);
    log->content_len += len;
  }
  return 0;
}

static int clash_error(void *user, sse_delta_status code, const char *message,
                       size_t message_len) {
  struct clash_log *log = (struct clash_log *)user;
  (void)message;
  (void)message_len;
  if (code == SSE_DELTA_E_JSON_SYNTAX)
    log->syntax_errors++;
  else
    log->other_errors++;
  return 0;
}

static int clash_done(void *user) {
  ((struct clash_log *)user)->done++;
  return 0;
}

static int tok_is(const char *js, const jsmntok_t *t, jsmntype_t type,
                  const char *text) {
  size_t n = strlen(text);
  return t->type == type && (size_t)(t->end - t->start) == n &&
         memcmp(js + t->start, text, n) == 0;
}

void test_jsmn_clash(void) {
  /* a payload whose object key is not quoted: JSON to non-strict jsmn
     only, a syntax error to the library's strict copy */
  static const char unquoted[] = "{model: \"kimi\"}";
  static const char doc[] =
      "{\"model\":\"kimi-k2\",\"n\":2,\"tools\":[{\"name\":\"weather\"}]}";
  static const char stream[] =
      ": OPENROUTER PROCESSING\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"
      "data: {model: \"kimi\"}\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},"
      "\"finish_reason\":\"stop\"}]}\n\n"
      "data: [DONE]\n\n";
  jsmn_parser jp;
  jsmntok_t tok[16];
  int n;
  json_value *v;
  sse_delta_parser p;
  sse_delta_callbacks cb;
  struct clash_log log;
  unsigned char *ws;
  size_t consumed = 0;

  /* the test's own jsmn: the extern one of json_value.c, 16-byte tokens
     (type, start, end, size: no parent link) */
  CHECK((json_any_function)jsmn_parse == json_value_jsmn_parse_address());
  CHECK(sizeof(jsmntok_t) == 4 * sizeof(int));
  CHECK(sizeof(int) != 4 || sizeof(jsmntok_t) == 16);

  jsmn_init(&jp);
  n = jsmn_parse(&jp, doc, sizeof doc - 1, tok, 16);
  CHECK_MSG(n == 10, "jsmn_parse gives %d tokens, want 10", n);
  if (n == 10) {
    CHECK(tok[0].type == JSMN_OBJECT && tok[0].size == 3);
    CHECK(tok_is(doc, &tok[1], JSMN_STRING, "model"));
    CHECK(tok_is(doc, &tok[2], JSMN_STRING, "kimi-k2"));
    CHECK(tok_is(doc, &tok[4], JSMN_PRIMITIVE, "2"));
    CHECK(tok[6].type == JSMN_ARRAY && tok[6].size == 1);
    CHECK(tok_is(doc, &tok[9], JSMN_STRING, "weather"));
  }
  /* non-strict: the unquoted key is a primitive token */
  jsmn_init(&jp);
  n = jsmn_parse(&jp, unquoted, sizeof unquoted - 1, tok, 16);
  CHECK_MSG(n == 3, "non-strict jsmn gives %d tokens for %s, want 3", n, unquoted);
  if (n == 3) CHECK(tok_is(unquoted, &tok[1], JSMN_PRIMITIVE, "model"));
  /* json_value on top of it is strict all the same */
  CHECK(json_parse_str(unquoted) == NULL);
  v = json_parse_str(doc);
  CHECK(v != NULL);
  CHECK(json_is_string(json_get(v, "model"), "kimi-k2"));
  CHECK(json_number(json_get(v, "n")) == 2);
  CHECK(json_is_string(json_get(json_at(json_get(v, "tools"), 0), "name"), "weather"));
  json_free(v);

  /* the library in the same program, with its strict private jsmn */
  memset(&cb, 0, sizeof cb);
  memset(&log, 0, sizeof log);
  cb.on_content = clash_content;
  cb.on_error = clash_error;
  cb.on_done = clash_done;
  ws = (unsigned char *)malloc(SSE_DELTA_DEFAULT_WORKSPACE_SIZE);
  CHECK(ws != NULL);
  if (ws == NULL) return;
  CHECK(sse_delta_init(&p, ws, SSE_DELTA_DEFAULT_WORKSPACE_SIZE, &cb, &log, NULL) ==
        SSE_DELTA_OK);
  CHECK(sse_delta_feed(&p, stream, sizeof stream - 1, &consumed) == SSE_DELTA_OK);
  CHECK(consumed == sizeof stream - 1);
  CHECK(sse_delta_end(&p) == SSE_DELTA_OK);
  CHECK(sse_delta_get_dialect(&p) == SSE_DELTA_DIALECT_OPENAI_CHAT);
  CHECK_MSG(log.content_len == 5 && memcmp(log.content, "Hello", 5) == 0,
            "content \"%.*s\", want \"Hello\"", (int)log.content_len, log.content);
  CHECK_MSG(log.syntax_errors == 1,
            "the library reports %d E_JSON_SYNTAX for %s, want 1 (its jsmn is strict)",
            log.syntax_errors, unquoted);
  CHECK_MSG(log.other_errors == 0, "%d other errors", log.other_errors);
  CHECK(log.done == 1);
  free(ws);
}
