/* The drop-in use: one file of the user's program defines
   SSE_DELTA_IMPLEMENTATION and includes sse_delta.h, without linking
   libsse_delta.a, next to the user's own jsmn in its default configuration
   (extern functions, non-strict, no parent links), included before or
   after the library (USER_JSMN_FIRST chooses). The Makefile builds this
   program both ways, as C and as C++, and runs it.

   Neither jsmn may bind to the other: the user's non-strict jsmn accepts
   an unquoted key, the library's strict one must still refuse it; and the
   library must deliver text as the linked build does. */
#ifdef USER_JSMN_FIRST
#include <jsmn.h>
#define SSE_DELTA_IMPLEMENTATION
#include "sse_delta.h"
#else
#define SSE_DELTA_IMPLEMENTATION
#include "sse_delta.h"
#include <jsmn.h>
#endif
#include "sse_delta.h" /* a second include is harmless */

#include <stdio.h>
#include <string.h>

struct seen {
  char text[16];
  size_t len;
  int syntax_errors, other_errors, done;
};

static int on_content(void *user, uint32_t choice, const char *text, size_t len) {
  struct seen *s = (struct seen *)user;
  if (choice == 0 && len <= sizeof s->text - s->len) {
    memcpy(s->text + s->len, text, len);
    s->len += len;
  }
  return 0;
}

static int on_error(void *user, sse_delta_status code, const char *message, size_t len) {
  struct seen *s = (struct seen *)user;
  (void)message;
  (void)len;
  if (code == SSE_DELTA_E_JSON_SYNTAX) s->syntax_errors++;
  else s->other_errors++;
  return 0;
}

static int on_done(void *user) {
  ((struct seen *)user)->done++;
  return 0;
}

static int user_jsmn_accepts_unquoted_key(void) {
  jsmn_parser jp;
  jsmntok_t t[4];
  jsmn_init(&jp);
  return jsmn_parse(&jp, "{a:1}", 5, t, 4) == 3;
}

int main(void) {
  static const char stream[] =
      "data: {a:1}\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n"
      "data: [DONE]\n\n";
  static unsigned char ws[SSE_DELTA_DEFAULT_WORKSPACE_SIZE];
  sse_delta_parser p;
  sse_delta_callbacks cb;
  struct seen s;
  sse_delta_status fed, ended;
  int failures = 0;

  memset(&cb, 0, sizeof cb);
  memset(&s, 0, sizeof s);
  cb.on_content = on_content;
  cb.on_error = on_error;
  cb.on_done = on_done;
  if (sse_delta_init(&p, ws, sizeof ws, &cb, &s, NULL) != SSE_DELTA_OK) {
    puts("FAIL sse_delta_init refused the default workspace");
    return 1;
  }
  fed = sse_delta_feed(&p, stream, sizeof stream - 1, NULL);
  ended = sse_delta_end(&p, NULL);

#define EXPECT(cond)                                                           \
  do {                                                                         \
    if (!(cond)) {                                                             \
      printf("FAIL %s\n", #cond);                                              \
      failures++;                                                              \
    }                                                                          \
  } while (0)
  EXPECT(user_jsmn_accepts_unquoted_key());
  EXPECT(fed == SSE_DELTA_OK);
  EXPECT(ended == SSE_DELTA_OK);
  EXPECT(s.syntax_errors == 1);
  EXPECT(s.other_errors == 0);
  EXPECT(s.len == 2 && memcmp(s.text, "hi", 2) == 0);
  EXPECT(s.done == 1);
  if (failures == 0) puts("ok   drop-in header with the user's jsmn "
#ifdef USER_JSMN_FIRST
                          "included first"
#else
                          "included last"
#endif
  );
  return failures != 0;
}
