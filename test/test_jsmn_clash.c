/* The library's jsmn is private (doc/rules.md, "Integration"): linking the
   library next to the user's own copy of jsmn, in any configuration, must
   not clash.

   This test program carries its own jsmn, configured unlike the library's:
   json_value.c includes <jsmn.h> with no configuration macros, so it
   defines jsmn_init and jsmn_parse as EXTERN functions, NON-STRICT, WITHOUT
   parent links; sse_delta.c compiles jsmn with JSMN_STATIC, JSMN_STRICT and
   JSMN_PARENT_LINKS. The link itself is the first proof: had the library
   exported jsmn_parse or jsmn_init, the test runner (libsse_delta next to
   json_value.o) would fail to link with duplicate symbols. The run is the
   second: in one program, the extern jsmn_parse is the test's own, the
   test's JSON reader works on top of it, and the library still applies
   its own strict copy (had it bound to the test's non-strict jsmn, the
   unquoted key below would pass as JSON).

   Here jsmn.h is included for its declarations only (JSMN_HEADER); the
   definitions are json_value.c's. test_symbols.c checks the library's
   global symbols directly. */
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

/* The test's own jsmn, through the reader built on it. */
static void check_the_tests_jsmn(void) {
  static const char doc[] =
      "{\"model\":\"kimi-k2\",\"n\":2,\"tools\":[{\"name\":\"weather\"}]}";
  json_value *v;
  CHECK((json_any_function)jsmn_parse == json_value_jsmn_parse_address());
  v = json_parse_str(doc);
  CHECK(v != NULL);
  if (v == NULL) return;
  CHECK(json_is_string(json_get(v, "model"), "kimi-k2"));
  CHECK(json_number(json_get(v, "n")) == 2);
  CHECK(json_is_string(json_get(json_at(json_get(v, "tools"), 0), "name"), "weather"));
  json_free(v);
}

/* The library, in the same program, with its own strict jsmn. */
static void check_the_librarys_jsmn(void) {
  static const char stream[] =
      ": OPENROUTER PROCESSING\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"
      "data: {model: \"kimi\"}\n\n" /* an unquoted key: only non-strict jsmn takes it */
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},"
      "\"finish_reason\":\"stop\"}]}\n\n"
      "data: [DONE]\n\n";
  sse_delta_parser p;
  sse_delta_callbacks cb;
  struct clash_log log;
  unsigned char *ws;
  size_t consumed = 0;
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
  CHECK(sse_delta_end(&p, NULL) == SSE_DELTA_OK);
  CHECK(sse_delta_get_dialect(&p) == SSE_DELTA_DIALECT_OPENAI_CHAT);
  CHECK_MSG(log.content_len == 5 && memcmp(log.content, "Hello", 5) == 0,
            "content \"%.*s\", want \"Hello\"", (int)log.content_len, log.content);
  CHECK_MSG(log.syntax_errors == 1,
            "the library reports %d E_JSON_SYNTAX for the unquoted key, want 1 (its jsmn is strict)",
            log.syntax_errors);
  CHECK_MSG(log.other_errors == 0, "%d other errors", log.other_errors);
  CHECK(log.done == 1);
  free(ws);
}

void test_jsmn_clash(void) {
  check_the_tests_jsmn();
  check_the_librarys_jsmn();
}
