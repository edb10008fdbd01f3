/* Events larger than the event buffer (the manual's "Events over the
   buffer"): the streamed string of each dialect arrives in pieces through a
   4 KB buffer, whole, byte by byte and in 7-byte slices, and gives the text
   a big enough buffer gives; what cannot be delivered is reported.
   Expectations are built from the rules: the text the test encoded, logged
   as recorder.h says (\n \r \t \\ and \xNN escaped). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "grow_buf.h"
#include "recorder.h"

/* ---- texts: decoded, JSON-escaped, as logged ---- */

static unsigned rng_state = 12345u;
static unsigned rnd(unsigned n) {
  rng_state = rng_state * 1103515245u + 12345u;
  return (rng_state >> 16) % n;
}

/* A text of about n bytes of UTF-8 with everything escaping touches:
   quotes, backslashes, slashes, control bytes, two- three- and four-byte
   characters. */
static void make_text(grow_buf *out, size_t n) {
  static const char *const pieces[] = {"lorem ", "ipsum ", "\n", "\"", "\\", "/", "\t",
                                       "\xC3\xA9", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "x", "0"};
  while (out->n < n) grow_str(out, pieces[rnd(sizeof pieces / sizeof pieces[0])]);
}

/* The code point of the UTF-8 character at s, and its length. */
static unsigned long utf8_at(const unsigned char *s, size_t *len) {
  if (s[0] < 0x80) return *len = 1, s[0];
  if (s[0] < 0xE0) return *len = 2, ((s[0] & 0x1Ful) << 6) | (s[1] & 0x3F);
  if (s[0] < 0xF0) return *len = 3, ((s[0] & 0x0Ful) << 12) | ((s[1] & 0x3Ful) << 6) | (s[2] & 0x3F);
  *len = 4;
  return ((s[0] & 0x07ul) << 18) | ((s[1] & 0x3Ful) << 12) | ((s[2] & 0x3Ful) << 6) | (s[3] & 0x3F);
}

/* s as the contents of a JSON string: what JSON requires escaped is, and
   of the rest one character in `every` (0: none) is written as \uXXXX,
   characters past U+FFFF as a surrogate pair. */
static void json_escape(grow_buf *out, const char *s, size_t n, unsigned every) {
  size_t i = 0;
  while (i < n) {
    size_t len;
    unsigned long cp = utf8_at((const unsigned char *)s + i, &len);
    int as_unit = every != 0 && rnd(every) == 0;
    if (cp == '"') grow_str(out, "\\\"");
    else if (cp == '\\') grow_str(out, "\\\\");
    else if (cp == '\n') grow_str(out, "\\n");
    else if (cp == '\t') grow_str(out, as_unit ? "\\u0009" : "\\t");
    else if (cp == '/' && as_unit) grow_str(out, "\\/");
    else if (!as_unit) grow_put(out, s + i, len);
    else if (cp < 0x10000) grow_fmt(out, "\\u%04lx", cp);
    else grow_fmt(out, "\\u%04lX\\u%04lx", 0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF));
    i += len;
  }
}

/* s as the recorder logs it. */
static void log_text(grow_buf *out, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n') grow_str(out, "\\n");
    else if (c == '\r') grow_str(out, "\\r");
    else if (c == '\t') grow_str(out, "\\t");
    else if (c == '\\') grow_str(out, "\\\\");
    else if (c < 0x20 || c == 0x7f) grow_fmt(out, "\\x%02X", c);
    else grow_put(out, s + i, 1);
  }
}

/* Consecutive text lines of the same callback, choice (and tool) joined
   into one: pieces of one string compare with the whole string. */
static char *join_text(const char *log) {
  static const char *const kinds[] = {"content ", "reasoning ", "args "};
  grow_buf out = {NULL, 0, 0};
  char last[64] = "";
  const char *line = log;
  while (*line) {
    const char *end = strchr(line, '\n'), *text = NULL;
    size_t k, spaces = 0;
    if (end == NULL) end = line + strlen(line);
    for (k = 0; k < 3 && text == NULL; k++) {
      size_t kl = strlen(kinds[k]);
      if (strncmp(line, kinds[k], kl) == 0) {
        const char *q = line;
        size_t need = k == 2 ? 3 : 2; /* "args c t " vs "content c " */
        while (q < end && spaces < need) spaces += *q++ == ' ';
        text = q;
      }
    }
    if (text != NULL && (size_t)(text - line) < sizeof last && strlen(last) == (size_t)(text - line) &&
        memcmp(last, line, (size_t)(text - line)) == 0) {
      out.n--; /* drop the newline: the text goes on */
      grow_put(&out, text, (size_t)(end - text));
      grow_str(&out, "\n");
    } else {
      grow_put(&out, line, (size_t)(end - line));
      grow_str(&out, "\n");
      last[0] = '\0';
      if (text != NULL && (size_t)(text - line) < sizeof last) {
        memcpy(last, line, (size_t)(text - line));
        last[text - line] = '\0';
      }
    }
    line = *end ? end + 1 : end;
  }
  return grow_take(&out);
}

/* ---- running a stream ---- */

static sse_delta_options small_buffer(void) {
  sse_delta_options o;
  memset(&o, 0, sizeof o);
  o.max_event_bytes = 4096;
  return o;
}

static sse_delta_options big_buffer(void) {
  sse_delta_options o;
  memset(&o, 0, sizeof o);
  o.max_event_bytes = 4u << 20;
  return o;
}

/* The joined log of a stream fed as `plan` says, through `options`. */
static char *joined_run(const char *in, size_t n, const sse_delta_options *options, size_t feed_size,
                        int pause_always) {
  feed_plan plan;
  char *log, *joined;
  memset(&plan, 0, sizeof plan);
  plan.options = options;
  plan.feed_size = feed_size;
  plan.pause_always = pause_always;
  plan.with_report = 1;
  log = record_stream(in, n, &plan);
  joined = join_text(log);
  free(log);
  return joined;
}

static void check_joined(const char *name, const char *how, const char *got, const char *want) {
  size_t k = 0;
  if (strcmp(got, want) == 0) return;
  while (got[k] && got[k] == want[k]) k++;
  check_failed_++;
  fprintf(stderr, "  %s (%s): logs differ at byte %lu\n    got:  %.160s\n    want: %.160s\n", name, how,
          (unsigned long)k, got + (k > 40 ? k - 40 : 0), want + (k > 40 ? k - 40 : 0));
}

/* Whole, byte by byte and in 7-byte slices through a 4 KB buffer, and
   whole through a big one: each the same joined log, `want`. With
   `same_as_big` 0 the big buffer is not compared (a key order where the
   rules for events over the buffer differ). */
static void check_stream(const char *name, const char *in, size_t n, const char *want, int same_as_big) {
  sse_delta_options small = small_buffer(), big = big_buffer();
  char *got;
  got = joined_run(in, n, &small, 0, 0);
  check_joined(name, "whole, 4 KB", got, want);
  free(got);
  got = joined_run(in, n, &small, 1, 0);
  check_joined(name, "byte by byte, 4 KB", got, want);
  free(got);
  got = joined_run(in, n, &small, 7, 0);
  check_joined(name, "7-byte slices, 4 KB", got, want);
  free(got);
  if (same_as_big) {
    got = joined_run(in, n, &big, 0, 0);
    check_joined(name, "whole, big buffer", got, want);
    free(got);
  }
}

static const char complete_chat[] =
    "end OK\nreport marker 1 finished 1 %s unterminated 0 errors 0 OK OK provider 0 calls %u "
    "incomplete 0 checked 1: complete\n";

#define MB (1u << 20)

/* A first chunk that makes the dialect known (openai-chat) and says nothing. */
static const char role_chunk[] = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n";

/* ---- openai-chat ---- */

void test_large_events_openai_chat(void) {
  grow_buf text = {NULL, 0, 0}, in = {NULL, 0, 0}, want = {NULL, 0, 0}, args = {NULL, 0, 0};
  make_text(&text, MB);

  /* content, with the usual members after the string */
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n");
  grow_str(&in, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
              "\"delta\":{\"content\":\"");
  json_escape(&in, text.s, text.n, 5);
  grow_str(&in, "\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
  grow_str(&want, "content 0 ");
  log_text(&want, text.s, text.n);
  grow_str(&want, "\nfinish 0 stop stop\ndone\n");
  grow_fmt(&want, complete_chat, "stop", 0u);
  check_stream("openai-chat content", in.s, in.n, want.s, 1);

  /* reasoning, whose finish and usage come after the string in the event */
  in.n = want.n = 0;
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n");
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"");
  json_escape(&in, text.s, text.n, 3);
  grow_str(&in, "\"},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":5,"
              "\"completion_tokens\":7,\"total_tokens\":12}}\n\ndata: [DONE]\n\n");
  grow_str(&want, "reasoning 0 ");
  log_text(&want, text.s, text.n);
  grow_str(&want, "\nfinish 0 length length\nusage 5 7 12 - - -\ndone\n");
  grow_fmt(&want, complete_chat, "length", 0u);
  check_stream("openai-chat reasoning, finish and usage after it", in.s, in.n, want.s, 1);

  /* tool arguments: JSON text escaped once more */
  in.n = want.n = 0;
  grow_str(&args, "{\"q\":\"");
  json_escape(&args, text.s, text.n, 4);
  grow_str(&args, "\"}");
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
              "\"type\":\"function\",\"function\":{\"name\":\"search\",\"arguments\":\"\"}}]}}]}\n\n");
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
              "{\"arguments\":\"");
  json_escape(&in, args.s, args.n, 6);
  grow_str(&in, "\"}}]}}]}\n\n");
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
              "data: [DONE]\n\n");
  grow_str(&want, "start 0 0 call_1|search\nargs 0 0 ");
  log_text(&want, args.s, args.n);
  grow_str(&want, "\nfinish 0 tool_calls tool_calls\ndone\n");
  grow_fmt(&want, complete_chat, "tool_calls", 1u);
  check_stream("openai-chat tool arguments", in.s, in.n, want.s, 1);
  free(text.s);
  free(in.s);
  free(want.s);
  free(args.s);
}

/* ---- anthropic ---- */

#define AEV(type, json) "event: " type "\ndata: " json "\n\n"

void test_large_events_anthropic(void) {
  grow_buf text = {NULL, 0, 0}, in = {NULL, 0, 0}, want = {NULL, 0, 0}, args = {NULL, 0, 0};
  make_text(&text, MB);
  grow_str(&args, "{\"query\":\"");
  json_escape(&args, text.s, text.n, 0);
  grow_str(&args, "\"}");
  grow_str(&in, AEV("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3,"
                                   "\"output_tokens\":1}}}")
              AEV("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                                         "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
              "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
              "\"delta\":{\"type\":\"text_delta\",\"text\":\"");
  json_escape(&in, text.s, text.n, 5);
  grow_str(&in, "\"}}\n\n"
              AEV("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
              AEV("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                                         "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"web\",\"input\":{}}}")
              "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
              "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"");
  json_escape(&in, args.s, args.n, 7);
  grow_str(&in, "\"}}\n\n"
              AEV("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
              AEV("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},"
                                   "\"usage\":{\"output_tokens\":9}}")
              AEV("message_stop", "{\"type\":\"message_stop\"}"));
  grow_str(&want, "usage 3 1 4 - - -\ncontent 0 ");
  log_text(&want, text.s, text.n);
  grow_str(&want, "\nstart 0 0 toolu_1|web\nargs 0 0 ");
  log_text(&want, args.s, args.n);
  grow_str(&want, "\nfinish 0 tool_calls tool_use\nusage 3 9 12 - - -\ndone\n");
  grow_fmt(&want, complete_chat, "tool_calls", 1u);
  check_stream("anthropic text_delta and input_json_delta", in.s, in.n, want.s, 1);
  free(text.s);
  free(in.s);
  free(want.s);
  free(args.s);
}

/* ---- openai-responses ---- */

#define REV(type, json) "event: " type "\ndata: " json "\n\n"

void test_large_events_openai_responses(void) {
  grow_buf text = {NULL, 0, 0}, in = {NULL, 0, 0}, want = {NULL, 0, 0}, args = {NULL, 0, 0};
  make_text(&text, MB);
  grow_str(&args, "{\"path\":\"");
  json_escape(&args, text.s, text.n, 2);
  grow_str(&args, "\"}");
  grow_str(&in, REV("response.created", "{\"type\":\"response.created\",\"response\":{\"id\":\"r1\"}}")
              "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
              "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"");
  json_escape(&in, text.s, text.n, 5);
  grow_str(&in, "\",\"logprobs\":[]}\n\n"
              REV("response.output_item.added", "{\"type\":\"response.output_item.added\",\"output_index\":1,"
                  "\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"read\","
                  "\"arguments\":\"\"}}")
              "event: response.function_call_arguments.delta\ndata: {\"type\":"
              "\"response.function_call_arguments.delta\",\"item_id\":\"fc_1\",\"output_index\":1,\"delta\":\"");
  json_escape(&in, args.s, args.n, 5);
  grow_str(&in, "\"}\n\n"
              REV("response.completed", "{\"type\":\"response.completed\",\"response\":{\"status\":\"completed\","
                  "\"usage\":{\"input_tokens\":2,\"output_tokens\":4,\"total_tokens\":6}}}"));
  grow_str(&want, "content 0 ");
  log_text(&want, text.s, text.n);
  grow_str(&want, "\nstart 0 0 call_1|read\nargs 0 0 ");
  log_text(&want, args.s, args.n);
  grow_str(&want, "\nfinish 0 tool_calls completed\nusage 2 4 6 - - -\ndone\n");
  grow_fmt(&want, complete_chat, "tool_calls", 1u);
  check_stream("openai-responses output_text.delta and function_call_arguments.delta", in.s, in.n,
               want.s, 1);
  free(text.s);
  free(in.s);
  free(want.s);
  free(args.s);
}

/* ---- gemini ---- */

void test_large_events_gemini(void) {
  grow_buf text = {NULL, 0, 0}, in = {NULL, 0, 0}, want = {NULL, 0, 0};
  make_text(&text, MB);
  /* finish, usage and done come from after the string */
  grow_str(&in, "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}],\"role\":\"model\"}}]}\n\n");
  grow_str(&in, "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi \"},{\"text\":\"");
  json_escape(&in, text.s, text.n, 5);
  grow_str(&in, "\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":"
              "{\"promptTokenCount\":4,\"candidatesTokenCount\":6,\"totalTokenCount\":10},"
              "\"modelVersion\":\"g\"}\r\n\r\n");
  grow_str(&want, "content 0 Hi ");
  log_text(&want, text.s, text.n);
  grow_str(&want, "\nfinish 0 stop STOP\nusage 4 6 10 - - -\ndone\n");
  grow_fmt(&want, complete_chat, "stop", 0u);
  check_stream("gemini parts text", in.s, in.n, want.s, 1);
  free(text.s);
  free(in.s);
  free(want.s);
}

/* ---- key orders: what the event needs comes after its string ---- */

/* A stream made of `before`, the text escaped, and `after`. */
static void sandwich(grow_buf *in, const char *before, const char *text, size_t n, const char *after) {
  in->n = 0;
  grow_str(in, before);
  json_escape(in, text, n, 5);
  grow_str(in, after);
}

void test_large_events_key_orders(void) {
  grow_buf text = {NULL, 0, 0}, in = {NULL, 0, 0}, want = {NULL, 0, 0};
  make_text(&text, 64 * 1024);

  /* openai-chat: the choice index after the text: the choice is the
     position (0), and the finish after it has its own index (3) */
  sandwich(&in, "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"},\"index\":3}]}\n\n"
                "data: {\"choices\":[{\"delta\":{\"content\":\"", text.s, text.n,
           "\"},\"index\":3,\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
  grow_str(&want, "content 0 ");
  log_text(&want, text.s, text.n);
  grow_str(&want, "\nfinish 3 stop stop\ndone\n");
  grow_fmt(&want, complete_chat, "stop", 0u);
  check_stream("openai-chat index after the content", in.s, in.n, want.s, 0);

  /* openai-chat: a tool call's index after its arguments: the latest call */
  want.n = 0;
  {
    /* the arguments themselves must be over the buffer: pad them */
    grow_buf a = {NULL, 0, 0};
    grow_str(&a, "{\"pad\":\"");
    json_escape(&a, text.s, text.n, 0);
    grow_str(&a, "\"}");
    in.n = 0;
    grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\","
                "\"function\":{\"name\":\"f\"}}]}}]}\n\n"
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"");
    json_escape(&in, a.s, a.n, 3);
    grow_str(&in, "\"},\"index\":0}]}}]}\n\ndata: {\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\"}]}\n\n"
                "data: [DONE]\n\n");
    grow_str(&want, "start 0 0 c1|f\nargs 0 0 ");
    log_text(&want, a.s, a.n);
    grow_str(&want, "\nfinish 0 tool_calls tool_calls\ndone\n");
    grow_fmt(&want, complete_chat, "tool_calls", 1u);
    check_stream("openai-chat tool index after the arguments", in.s, in.n, want.s, 1);

    /* anthropic: delta type and block index after the string: the key
       says which delta, the latest call takes the arguments */
    want.n = 0;
    in.n = 0;
    grow_str(&in, AEV("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                                           "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"g\",\"input\":{}}}")
                "event: content_block_delta\ndata: {\"delta\":{\"partial_json\":\"");
    json_escape(&in, a.s, a.n, 3);
    grow_str(&in, "\",\"type\":\"input_json_delta\"},\"index\":0,\"type\":\"content_block_delta\"}\n\n"
                "event: content_block_delta\ndata: {\"delta\":{\"thinking\":\"");
    json_escape(&in, text.s, text.n, 3);
    grow_str(&in, "\",\"type\":\"thinking_delta\"},\"type\":\"content_block_delta\",\"index\":1}\n\n"
                AEV("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"}}")
                AEV("message_stop", "{\"type\":\"message_stop\"}"));
    grow_str(&want, "start 0 0 t1|g\nargs 0 0 ");
    log_text(&want, a.s, a.n);
    grow_str(&want, "\nreasoning 0 ");
    log_text(&want, text.s, text.n);
    grow_str(&want, "\nfinish 0 tool_calls tool_use\ndone\n");
    grow_fmt(&want, complete_chat, "tool_calls", 1u);
    check_stream("anthropic delta type and index after the string", in.s, in.n, want.s, 0);

    /* openai-responses: item_id and output_index after the delta: the
       latest call */
    want.n = 0;
    in.n = 0;
    grow_str(&in, REV("response.output_item.added", "{\"type\":\"response.output_item.added\",\"output_index\":0,"
                    "\"item\":{\"type\":\"function_call\",\"id\":\"fc_9\",\"call_id\":\"call_9\",\"name\":\"h\"}}")
                "event: response.function_call_arguments.delta\ndata: {\"delta\":\"");
    json_escape(&in, a.s, a.n, 3);
    grow_str(&in, "\",\"item_id\":\"fc_9\",\"output_index\":0,\"type\":\"response.function_call_arguments.delta\"}\n\n"
                REV("response.completed", "{\"type\":\"response.completed\",\"response\":{\"status\":\"completed\"}}"));
    grow_str(&want, "start 0 0 call_9|h\nargs 0 0 ");
    log_text(&want, a.s, a.n);
    grow_str(&want, "\nfinish 0 tool_calls completed\ndone\n");
    grow_fmt(&want, complete_chat, "tool_calls", 1u);
    check_stream("openai-responses item_id after the delta", in.s, in.n, want.s, 1);
    free(a.s);
  }

  /* openai-responses without event lines, its type after the delta: the
     string cannot be placed: skipped, reported; the next event is normal */
  want.n = 0;
  sandwich(&in, "data: {\"type\":\"response.created\",\"response\":{}}\n\ndata: {\"delta\":\"", text.s, text.n,
           "\",\"type\":\"response.output_text.delta\"}\n\n"
           "data: {\"type\":\"response.output_text.delta\",\"delta\":\"next\"}\n\n");
  check_stream("openai-responses type after the delta, no event line", in.s, in.n,
               "error E_EVENT_TOO_LARGE\ncontent 0 next\nend E_NO_END_MARKER\n"
               "report marker 0 finished 0 - unterminated 0 errors 1 E_EVENT_TOO_LARGE E_EVENT_TOO_LARGE "
               "provider 0 calls 0 incomplete 0 checked 1: truncated\n", 0);

  /* gemini: "thought" after the text is not known yet: the text is content */
  want.n = 0;
  sandwich(&in, "data: {\"candidates\":[]}\n\ndata: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"", text.s, text.n,
           "\",\"thought\":true}]},\"finishReason\":\"STOP\"}]}\n\n");
  grow_str(&want, "content 0 ");
  log_text(&want, text.s, text.n);
  grow_str(&want, "\nfinish 0 stop STOP\ndone\n");
  grow_fmt(&want, complete_chat, "stop", 0u);
  check_stream("gemini thought after the text", in.s, in.n, want.s, 0);
  free(text.s);
  free(in.s);
  free(want.s);
}

/* ---- escapes at the buffer's edge and across deltas ---- */

void test_large_events_escapes_at_the_edge(void) {
  static const char *const escapes[] = {"\\ud83d\\ude00", "\\u00e9", "\\n", "\\\\", "\xF0\x9F\x98\x80",
                                        "\xE4\xB8\xAD"};
  static const char *const decoded[] = {"\xF0\x9F\x98\x80", "\xC3\xA9", "\n", "\\", "\xF0\x9F\x98\x80",
                                        "\xE4\xB8\xAD"};
  static const char head[] = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";
  grow_buf in = {NULL, 0, 0}, want = {NULL, 0, 0}, pad = {NULL, 0, 0};
  size_t e, shift;
  make_text(&pad, 6000);
  for (e = 0; e < sizeof escapes / sizeof escapes[0]; e++) {
    /* the escape starts `shift` bytes before the end of the 4 KB buffer */
    for (shift = 0; shift <= strlen(escapes[e]); shift++) {
      size_t lead = 4096 - (sizeof head - 1 - 6) - shift, k;
      char name[96];
      in.n = want.n = 0;
      grow_str(&in, role_chunk);
      grow_str(&in, head);
      for (k = 0; k < lead; k++) grow_put(&in, "a", 1);
      grow_str(&in, escapes[e]);
      json_escape(&in, pad.s, pad.n, 5);
      grow_str(&in, "\"}}]}\n\ndata: {\"choices\":[{\"index\":0,\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
      grow_str(&want, "content 0 ");
      for (k = 0; k < lead; k++) grow_put(&want, "a", 1);
      log_text(&want, decoded[e], strlen(decoded[e]));
      log_text(&want, pad.s, pad.n);
      grow_str(&want, "\nfinish 0 stop stop\ndone\n");
      grow_fmt(&want, complete_chat, "stop", 0u);
      snprintf(name, sizeof name, "escape %lu, %lu bytes before the edge", (unsigned long)e,
               (unsigned long)shift);
      check_stream(name, in.s, in.n, want.s, 1);
    }
  }

  /* a high surrogate ending a large text pairs with the next delta's low */
  in.n = want.n = 0;
  grow_str(&in, role_chunk);
  grow_str(&in, head);
  json_escape(&in, pad.s, pad.n, 5);
  grow_str(&in, "\\ud83d\"}}]}\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\ude00!\"}}]}\n\n"
              "data: [DONE]\n\n");
  grow_str(&want, "content 0 ");
  log_text(&want, pad.s, pad.n);
  grow_str(&want, "\xF0\x9F\x98\x80!\ndone\nend OK\nreport marker 1 finished 0 - unterminated 0 errors 0 "
                "OK OK provider 0 calls 0 incomplete 0 checked 1: truncated\n");
  check_stream("a surrogate pair split between a large delta and the next", in.s, in.n, want.s, 1);

  /* ...and a small delta's high surrogate pairs with a large one's start */
  in.n = want.n = 0;
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"<\\ud83d\"}}]}\n\n");
  grow_str(&in, head);
  grow_str(&in, "\\ude00");
  json_escape(&in, pad.s, pad.n, 5);
  grow_str(&in, "\"}}]}\n\ndata: [DONE]\n\n");
  grow_str(&want, "content 0 <\xF0\x9F\x98\x80");
  log_text(&want, pad.s, pad.n);
  grow_str(&want, "\ndone\nend OK\nreport marker 1 finished 0 - unterminated 0 errors 0 "
                "OK OK provider 0 calls 0 incomplete 0 checked 1: truncated\n");
  check_stream("a surrogate pair split between a small delta and a large one", in.s, in.n, want.s, 1);

  /* a lone surrogate in a large text: U+FFFD, reported once */
  in.n = want.n = 0;
  grow_str(&in, role_chunk);
  grow_str(&in, head);
  json_escape(&in, pad.s, pad.n, 0);
  grow_str(&in, "\\udc00\\ud800x\"}}]}\n\ndata: [DONE]\n\n");
  grow_str(&want, "error E_LONE_SURROGATE\ncontent 0 ");
  log_text(&want, pad.s, pad.n);
  grow_str(&want, "\xEF\xBF\xBD\xEF\xBF\xBDx\ndone\nend OK\nreport marker 1 finished 0 - unterminated 0 errors 1 "
                "E_LONE_SURROGATE E_LONE_SURROGATE provider 0 calls 0 incomplete 0 checked 1: truncated\n");
  {
    sse_delta_options small = small_buffer(), big = big_buffer();
    char *got = joined_run(in.s, in.n, &small, 0, 0);
    /* the error comes before the piece holding the surrogates: moved to
       the front, the log is the big buffer's */
    char *at = strstr(got, "error E_LONE_SURROGATE\n");
    CHECK(at != NULL);
    if (at != NULL) {
      grow_buf fixed = {NULL, 0, 0};
      char *rejoined;
      grow_str(&fixed, "error E_LONE_SURROGATE\n");
      grow_put(&fixed, got, (size_t)(at - got));
      grow_str(&fixed, at + strlen("error E_LONE_SURROGATE\n"));
      rejoined = join_text(fixed.s);
      check_joined("a lone surrogate", "whole, 4 KB", rejoined, want.s);
      free(rejoined);
      free(fixed.s);
    }
    free(got);
    got = joined_run(in.s, in.n, &big, 0, 0);
    check_joined("a lone surrogate", "big buffer", got, want.s);
    free(got);
  }
  free(in.s);
  free(want.s);
  free(pad.s);
}

/* ---- data lines, pauses ---- */

void test_large_events_data_lines_and_pauses(void) {
  static const char head[] = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";
  grow_buf in = {NULL, 0, 0}, want = {NULL, 0, 0}, pad = {NULL, 0, 0};
  sse_delta_options small = small_buffer();
  size_t first, k;
  make_text(&pad, 9000);
  /* a string over two data lines (joined with "\n"), the first line ending
     just before, at and after the end of the buffer */
  for (first = 4094; first <= 4098; first++) {
    char name[64];
    in.n = want.n = 0;
    grow_str(&in, role_chunk);
    grow_str(&in, head);
    for (k = sizeof head - 1 - 6; k < first; k++) grow_put(&in, "b", 1);
    grow_str(&in, "\ndata:");
    json_escape(&in, pad.s, pad.n, 5);
    grow_str(&in, "\ndata\ndata: z\"}}]}\n\ndata: [DONE]\n\n");
    grow_str(&want, "content 0 ");
    for (k = sizeof head - 1 - 6; k < first; k++) grow_put(&want, "b", 1);
    grow_str(&want, "\\n");
    log_text(&want, pad.s, pad.n);
    grow_str(&want, "\\n\\nz\ndone\nend OK\nreport marker 1 finished 0 - unterminated 0 errors 0 "
                  "OK OK provider 0 calls 0 incomplete 0 checked 1: truncated\n");
    snprintf(name, sizeof name, "data lines, the first %lu bytes", (unsigned long)first);
    check_stream(name, in.s, in.n, want.s, 1);
  }
  /* every callback pauses: resuming repeats and loses nothing */
  {
    char *got = joined_run(in.s, in.n, &small, 0, 1);
    check_joined("pausing at every piece", "whole", got, want.s);
    free(got);
    got = joined_run(in.s, in.n, &small, 3, 1);
    check_joined("pausing at every piece", "3-byte slices", got, want.s);
    free(got);
  }
  free(in.s);
  free(want.s);
  free(pad.s);
}

/* ---- what is still reported ---- */

void test_large_events_still_reported(void) {
  static const char chunk_hi[] = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n";
  grow_buf text = {NULL, 0, 0}, in = {NULL, 0, 0};
  const char *report = "end OK\nreport marker 1 finished 0 - unterminated 0 errors 1 E_EVENT_TOO_LARGE "
                       "E_EVENT_TOO_LARGE provider 0 calls 0 incomplete 0 checked 1: truncated\n";
  grow_buf want = {NULL, 0, 0};
  make_text(&text, 100 * 1000);

  /* a huge usage object: no streamed string */
  sandwich(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
                "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"note\":\"", text.s, text.n,
           "\"}}\n\n");
  grow_str(&in, chunk_hi);
  grow_str(&in, "data: [DONE]\n\n");
  grow_str(&want, "error E_EVENT_TOO_LARGE\ncontent 0 hi\ndone\n");
  grow_str(&want, report);
  check_stream("a huge usage object", in.s, in.n, want.s, 0);

  /* the content starts past the buffer (huge logprobs before it) */
  sandwich(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
                "data: {\"choices\":[{\"index\":0,\"logprobs\":{\"x\":\"", text.s, text.n,
           "\"},\"delta\":{\"content\":\"lost\"}}]}\n\n");
  grow_str(&in, chunk_hi);
  grow_str(&in, "data: [DONE]\n\n");
  check_stream("content after huge logprobs", in.s, in.n, want.s, 0);

  /* content delivered, then more than a buffer after it: its finish is lost */
  {
    grow_buf content = {NULL, 0, 0};
    int k;
    grow_str(&content, "ok");
    for (k = 0; k < 1000; k++) grow_str(&content, "more text ");
    want.n = 0;
    sandwich(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
                  "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"", content.s, content.n,
             "\"},\"logprobs\":{\"x\":\"");
    json_escape(&in, text.s, text.n, 0);
    grow_str(&in, "\"},\"finish_reason\":\"stop\"}]}\n\n");
    grow_str(&in, chunk_hi);
    grow_str(&in, "data: [DONE]\n\n");
    grow_str(&want, "content 0 ");
    log_text(&want, content.s, content.n);
    grow_str(&want, "\nerror E_EVENT_TOO_LARGE\ncontent 0 hi\ndone\n");
    grow_str(&want, report);
    check_stream("a huge member after the content", in.s, in.n, want.s, 0);
    free(content.s);
  }

  /* the dialect not known yet: reported as before */
  in.n = want.n = 0;
  sandwich(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"", text.s, text.n, "\"}}]}\n\n");
  grow_str(&in, chunk_hi);
  grow_str(&in, "data: [DONE]\n\n");
  grow_str(&want, "error E_EVENT_TOO_LARGE\ncontent 0 hi\ndone\n");
  grow_str(&want, report);
  check_stream("the first payload over the buffer", in.s, in.n, want.s, 0);

  /* framing only: nothing is parsed, the event is reported as before */
  {
    feed_plan plan;
    sse_delta_options small = small_buffer();
    char *got;
    memset(&plan, 0, sizeof plan);
    plan.framing_only = 1;
    plan.options = &small;
    in.n = 0;
    sandwich(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"", text.s, text.n,
             "\"}}]}\n\ndata: x\n\n");
    got = record_stream(in.s, in.n, &plan);
    CHECK_STR(got, "error E_EVENT_TOO_LARGE\nevent message|x|\nend OK\n");
    free(got);
  }
  free(text.s);
  free(in.s);
  free(want.s);
}

/* ---- rarer paths: the helpers ---- */

static const char chunk_hi[] = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n";
static const char content_head[] = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";

/* n bytes of plain ASCII text. */
static void plain_text(grow_buf *out, size_t n) {
  static const char words[] = "the quick brown fox jumps over the lazy dog ";
  size_t k;
  for (k = 0; k < n; k++) grow_put(out, words + k % (sizeof words - 1), 1);
}

/* The end of a log whose stream saw no finish: end() and its report
   (arguments are checked when a callback takes them: `checked`). */
static void unfinished_report(grow_buf *want, const char *end, unsigned errors, const char *first,
                              const char *last, int checked) {
  grow_fmt(want, "end %s\nreport marker %d finished 0 - unterminated 0 errors %u %s %s provider 0 calls 0 "
           "incomplete 0 checked %d: truncated\n", end, strcmp(end, "OK") == 0, errors, first, last, checked);
}

/* The joined log through a 4 KB buffer, fed whole, byte by byte and in
   7-byte slices (optionally pausing at every callback), with only the
   callbacks in `only` (0: the usual ones), and on_event when asked. */
static void check_plan(const char *name, const char *in, size_t n, unsigned only, int on_event, int pause,
                       const sse_delta_options *options, const char *want) {
  static const size_t feeds[] = {0, 1, 7};
  sse_delta_options small = small_buffer();
  size_t k;
  for (k = 0; k < sizeof feeds / sizeof feeds[0]; k++) {
    feed_plan plan;
    char *log, *got, how[48];
    memset(&plan, 0, sizeof plan);
    plan.options = options != NULL ? options : &small;
    plan.feed_size = feeds[k];
    plan.pause_always = pause;
    plan.with_report = 1;
    plan.only = only;
    plan.with_on_event = on_event;
    log = record_stream(in, n, &plan);
    got = join_text(log);
    snprintf(how, sizeof how, "feeds of %lu%s", (unsigned long)feeds[k], pause ? ", pausing" : "");
    check_joined(name, how, got, want);
    free(got);
    free(log);
  }
}

/* A large content event (role chunk first): content_head, `text` raw as
   its JSON text, `after`, then chunk_hi and [DONE]. */
static void content_event(grow_buf *in, const char *text, size_t n, const char *after) {
  in->n = 0;
  grow_str(in, role_chunk);
  grow_str(in, content_head);
  grow_put(in, text, n);
  grow_str(in, after);
  grow_str(in, chunk_hi);
  grow_str(in, "data: [DONE]\n\n");
}

/* ---- rare characters in a large string ---- */

/* UTF-8 whose second byte has a narrower range (after E0, ED, F4), \u
   units past the surrogates, after a high half or alone; then invalid
   UTF-8, which passes through. Without on_error: each string's problem is
   counted once in the report and the text is whole. */
void test_large_events_rare_characters(void) {
  grow_buf pad = {NULL, 0, 0}, in = {NULL, 0, 0}, want = {NULL, 0, 0}, json = {NULL, 0, 0};
  plain_text(&pad, 6000);
  /* valid: U+0800, U+D7FF, U+10FFFF raw; \ud83d\u0041, \ud83d\ue000: a
     lone high half (U+FFFD) then the unit; \uffff */
  grow_put(&json, pad.s, 3000);
  grow_str(&json, "\xE0\xA0\x80\xED\x9F\xBF\xF4\x8F\xBF\xBF\\ud83d\\u0041\\ud83d\\ue000\\uffff");
  grow_put(&json, pad.s + 3000, 3000);
  content_event(&in, json.s, json.n, "\"}}]}\n\n");
  grow_str(&want, "content 0 ");
  grow_put(&want, pad.s, 3000);
  grow_str(&want, "\xE0\xA0\x80\xED\x9F\xBF\xF4\x8F\xBF\xBF\xEF\xBF\xBD" "A\xEF\xBF\xBD\xEE\x80\x80\xEF\xBF\xBF");
  grow_put(&want, pad.s + 3000, 3000);
  grow_str(&want, "hi\ndone\n"); /* the next event's text joins it */
  unfinished_report(&want, "OK", 1, "E_LONE_SURROGATE", "E_LONE_SURROGATE", 0);
  check_plan("narrow second bytes and units past the surrogates", in.s, in.n, CB_CONTENT | CB_DONE, 0, 0, NULL,
             want.s);
  {
    sse_delta_options big = big_buffer();
    check_plan("narrow second bytes and units past the surrogates", in.s, in.n, CB_CONTENT | CB_DONE, 0, 0, &big,
               want.s);
  }

  /* invalid, one sequence per string (each string's problem counted):
     a lone continuation byte, C1 (overlong lead), F5 (past U+10FFFF), C3
     before '(', E0 80 80 (overlong), ED A0 80 (a surrogate), F4 90 80 80
     (past U+10FFFF) */
  {
    static const char *const bad[] = {"\x80", "\xC1", "\xF5", "\xC3(", "\xE0\x80\x80", "\xED\xA0\x80",
                                      "\xF4\x90\x80\x80"};
    size_t b;
    for (b = 0; b < sizeof bad / sizeof bad[0]; b++) {
      char name[48];
      json.n = want.n = 0;
      grow_put(&json, pad.s, 3000);
      grow_str(&json, bad[b]);
      grow_put(&json, pad.s + 3000, 3000);
      content_event(&in, json.s, json.n, "\"}}]}\n\n");
      grow_str(&want, "content 0 ");
      grow_put(&want, json.s, json.n);
      grow_str(&want, "hi\ndone\n"); /* the next event's text joins it */
      unfinished_report(&want, "OK", 1, "E_BAD_UTF8", "E_BAD_UTF8", 0);
      snprintf(name, sizeof name, "invalid UTF-8 %lu passes through", (unsigned long)b);
      check_plan(name, in.s, in.n, CB_CONTENT | CB_DONE, 0, 0, NULL, want.s);
    }
  }
  free(pad.s);
  free(in.s);
  free(want.s);
  free(json.s);
}

/* A bad escape at the start of a large string (in the buffered prefix):
   nothing of it is delivered, E_BAD_ESCAPE at the end of the line, the
   next event is normal. A letter JSON does not have, a \u with a non-hex
   digit, a NUL after the backslash. */
void test_large_events_bad_escapes(void) {
  static const char *const escapes[] = {"\\q", "\\u12G4", "\\"};
  grow_buf pad = {NULL, 0, 0}, in = {NULL, 0, 0}, json = {NULL, 0, 0}, want = {NULL, 0, 0};
  size_t e;
  plain_text(&pad, 6000);
  grow_str(&want, "error E_BAD_ESCAPE\ncontent 0 hi\ndone\n");
  unfinished_report(&want, "OK", 1, "E_BAD_ESCAPE", "E_BAD_ESCAPE", 1);
  for (e = 0; e < sizeof escapes / sizeof escapes[0]; e++) {
    json.n = 0;
    grow_str(&json, escapes[e]);
    if (e == 2) grow_put(&json, "\0", 1);
    grow_put(&json, pad.s, pad.n);
    content_event(&in, json.s, json.n, "\"}}]}\n\n");
    check_plan(escapes[e], in.s, in.n, 0, 0, 0, NULL, want.s);
  }
  free(pad.s);
  free(in.s);
  free(json.s);
  free(want.s);
}

/* ---- where the string stands in the prefix ---- */

/* A large event of JSON `before` + `text` + `after` after the role chunk,
   then chunk_hi and [DONE]. */
static void large_json(grow_buf *in, const char *before, const grow_buf *text, const char *after) {
  in->n = 0;
  grow_str(in, role_chunk);
  grow_str(in, "data: ");
  grow_str(in, before);
  grow_put(in, text->s, text->n);
  grow_str(in, after);
  grow_str(in, chunk_hi);
  grow_str(in, "data: [DONE]\n\n");
}

/* A chat content event whose text begins at byte `at` of its data (a
   "logprobs" string, kept in the skeleton, pads what comes before), then
   `after`, then [DONE]. */
static void content_at(grow_buf *in, size_t at, const grow_buf *text, const char *after) {
  static const char before[] = "{\"choices\":[{\"index\":0,\"logprobs\":\"";
  static const char middle[] = "\",\"delta\":{\"content\":\"";
  grow_buf head = {NULL, 0, 0};
  size_t k;
  grow_str(&head, before);
  for (k = sizeof before - 1 + sizeof middle - 1; k < at; k++) grow_put(&head, "p", 1);
  grow_str(&head, middle);
  in->n = 0;
  grow_str(in, role_chunk);
  grow_str(in, "data: ");
  grow_put(in, head.s, head.n);
  grow_put(in, text->s, text->n);
  grow_str(in, after);
  grow_str(in, "data: [DONE]\n\n");
  free(head.s);
}

void test_large_events_prefix_shapes(void) {
  static const char *const rejected[][3] = {
      {"the prefix ends inside a key", "{\"choices\":[{\"index\":0,\"delta\":{\"", "\":1}}]}\n\n"},
      {"a string that is the whole payload", "\"", "\"\n\n"},
      {"nine objects deep",
       "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"content\":\"", "\"}}}}}}}}}\n\n"},
      {"a string element of an array", "{\"choices\":[{\"index\":0,\"delta\":{\"content\":[\"", "\"]}}]}\n\n"},
      {"an array where the path has a key", "{\"choices\":[{\"delta\":[{\"content\":\"", "\"}]}]}\n\n"},
      {"not JSON before the string", "]\"a\":,{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"",
       "\"}}]}\n\n"},
      {"another dialect's string", "{\"type\":\"response.output_text.delta\",\"delta\":\"", "\"}\n\n"},
  };
  grow_buf text = {NULL, 0, 0}, in = {NULL, 0, 0}, want = {NULL, 0, 0};
  size_t k;
  plain_text(&text, 6000);

  /* containers deeper than followed, strings in arrays, before the
     string: passed over, the string streams */
  large_json(&in, "{\"choices\":[{\"index\":0,\"tags\":[\"a\",\"b\"],\"x\":[[[[[[[[[{\"k\":\"s\"},1]]]]]]]]],"
                  "\"delta\":{\"content\":\"", &text, "\"},\"finish_reason\":\"stop\"}]}\n\n");
  grow_str(&want, "content 0 ");
  grow_put(&want, text.s, text.n);
  grow_str(&want, "\nfinish 0 stop stop\ncontent 0 hi\ndone\n");
  grow_fmt(&want, complete_chat, "stop", 0u);
  check_stream("deep containers and arrays of strings before the string", in.s, in.n, want.s, 1);

  /* the string cannot stream: skipped, reported, the next event normal */
  want.n = 0;
  grow_str(&want, "error E_EVENT_TOO_LARGE\ncontent 0 hi\ndone\n");
  unfinished_report(&want, "OK", 1, "E_EVENT_TOO_LARGE", "E_EVENT_TOO_LARGE", 1);
  for (k = 0; k < sizeof rejected / sizeof rejected[0]; k++) {
    large_json(&in, rejected[k][1], &text, rejected[k][2]);
    check_stream(rejected[k][0], in.s, in.n, want.s, 0);
  }

  /* the string starting in the last 16 bytes of the 4 KB buffer: 2 bytes
     before its end (no room to close the prefix), 10 (no room after the
     skeleton); 16 bytes before, it streams */
  want.n = 0;
  grow_str(&want, "error E_EVENT_TOO_LARGE\ndone\n");
  grow_fmt(&want, "end OK\nreport marker 1 finished 0 - unterminated 0 errors 1 E_EVENT_TOO_LARGE "
           "E_EVENT_TOO_LARGE provider 0 calls 0 incomplete 0 checked 1: truncated\n");
  content_at(&in, 4096 - 2, &text, "\"},\"finish_reason\":\"stop\"}]}\n\n");
  check_stream("a string 2 bytes before the end of the buffer", in.s, in.n, want.s, 0);
  content_at(&in, 4096 - 10, &text, "\"},\"finish_reason\":\"stop\"}]}\n\n");
  check_stream("a string 10 bytes before the end of the buffer", in.s, in.n, want.s, 0);
  /* 16 bytes before: it streams; the skeleton (4080 bytes, the padding
     kept) has room for a short rest ... */
  want.n = 0;
  grow_str(&want, "content 0 ");
  grow_put(&want, text.s, text.n);
  grow_str(&want, "\ndone\n");
  unfinished_report(&want, "OK", 0, "OK", "OK", 1);
  content_at(&in, 4096 - 16, &text, "\"}}]}\n\n");
  check_stream("a string 16 bytes before the end of the buffer", in.s, in.n, want.s, 1);
  /* ... not for one with a finish: 4080 + 1 + 27 bytes; the finish is lost */
  want.n = 0;
  grow_str(&want, "content 0 ");
  grow_put(&want, text.s, text.n);
  grow_str(&want, "\nerror E_EVENT_TOO_LARGE\ndone\n");
  unfinished_report(&want, "OK", 1, "E_EVENT_TOO_LARGE", "E_EVENT_TOO_LARGE", 1);
  content_at(&in, 4096 - 16, &text, "\"},\"finish_reason\":\"stop\"}]}\n\n");
  check_stream("a string 16 bytes before the end, a finish after it", in.s, in.n, want.s, 0);
  free(text.s);
  free(in.s);
  free(want.s);
}

/* ---- callbacks and limits ---- */

void test_large_events_callbacks_and_limits(void) {
  grow_buf text = {NULL, 0, 0}, in = {NULL, 0, 0}, want = {NULL, 0, 0};
  plain_text(&text, 6000);

  /* no on_content: the pieces go nowhere, a high surrogate ending the
     string waits for nothing; the finish after the string still counts */
  content_event(&in, text.s, text.n, "\\ud83d\"},\"finish_reason\":\"stop\"}]}\n\n");
  check_plan("no text callback", in.s, in.n, CB_FINISH | CB_DONE, 0, 0, NULL,
             "finish 0 stop stop\ndone\nend OK\nreport marker 1 finished 1 stop unterminated 0 errors 0 OK OK "
             "provider 0 calls 0 incomplete 0 checked 0: complete\n");

  /* on_event: not for the large event, whose data is never whole */
  in.n = 0;
  grow_str(&in, role_chunk);
  grow_str(&in, content_head);
  grow_put(&in, text.s, text.n);
  grow_str(&in, "\"}}]}\n\ndata: [DONE]\n\n");
  grow_str(&want, "event message|{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}|\ncontent 0 ");
  grow_put(&want, text.s, text.n);
  grow_str(&want, "\nevent message|[DONE]|\ndone\n");
  unfinished_report(&want, "OK", 0, "OK", "OK", 1);
  check_plan("on_event set", in.s, in.n, 0, 1, 0, NULL, want.s);

  /* a buffer under 32 bytes never streams a string; at 34 bytes,
     {"delta":{"text":" leaves 16 (the dialect set: no payload fits to
     detect it) */
  {
    sse_delta_options o;
    memset(&o, 0, sizeof o);
    o.dialect = SSE_DELTA_DIALECT_ANTHROPIC;
    in.n = 0;
    grow_str(&in, "event: content_block_delta\ndata: {\"delta\":{\"text\":\"");
    grow_put(&in, text.s, 100);
    grow_str(&in, "\"}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    o.max_event_bytes = 31;
    want.n = 0;
    grow_str(&want, "error E_EVENT_TOO_LARGE\ndone\n");
    unfinished_report(&want, "OK", 1, "E_EVENT_TOO_LARGE", "E_EVENT_TOO_LARGE", 1);
    check_plan("a 31-byte buffer", in.s, in.n, 0, 0, 0, &o, want.s);
    o.max_event_bytes = 34;
    want.n = 0;
    grow_str(&want, "content 0 ");
    grow_put(&want, text.s, 100);
    grow_str(&want, "\ndone\n");
    unfinished_report(&want, "OK", 0, "OK", "OK", 1);
    check_plan("a 34-byte buffer", in.s, in.n, 0, 0, 0, &o, want.s);
  }

  /* after openai-chat's [DONE] payloads do not count: not streamed
     either; gemini's count after its finish: streamed */
  in.n = 0;
  grow_str(&in, role_chunk);
  grow_str(&in, "data: [DONE]\n\n");
  grow_str(&in, content_head);
  grow_put(&in, text.s, text.n);
  grow_str(&in, "\"}}]}\n\n");
  grow_str(&in, chunk_hi);
  want.n = 0;
  grow_str(&want, "done\nerror E_EVENT_TOO_LARGE\nerror E_AFTER_DONE\n");
  unfinished_report(&want, "OK", 2, "E_EVENT_TOO_LARGE", "E_AFTER_DONE", 1);
  check_plan("openai-chat after [DONE]", in.s, in.n, 0, 0, 0, NULL, want.s);
  in.n = 0;
  grow_str(&in, "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"finishReason\":\"STOP\"}]}\n\n"
                "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"");
  grow_put(&in, text.s, text.n);
  grow_str(&in, "\"}]}}]}\n\n");
  want.n = 0;
  grow_str(&want, "content 0 a\nfinish 0 stop STOP\ndone\ncontent 0 ");
  grow_put(&want, text.s, text.n);
  grow_str(&want, "\n");
  grow_fmt(&want, complete_chat, "stop", 0u);
  check_stream("gemini after its finish", in.s, in.n, want.s, 1);
  free(text.s);
  free(in.s);
  free(want.s);
}

/* ---- calls, carried surrogates, pauses ---- */

void test_large_events_calls_and_carries(void) {
  static const char call_head[] = "data: {\"choices\":[{\"index\":%d,\"delta\":{\"tool_calls\":[{\"index\":%d,"
                                  "\"function\":{\"arguments\":\"";
  grow_buf text = {NULL, 0, 0}, in = {NULL, 0, 0}, want = {NULL, 0, 0}, args = {NULL, 0, 0};
  size_t k;
  plain_text(&text, 6000);

  /* large arguments of a choice's second call, and of a call of choice 1 */
  grow_str(&args, "{\"q\":\"");
  grow_put(&args, text.s, text.n);
  grow_str(&args, "\"}");
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":"
                "{\"name\":\"f\",\"arguments\":\"{}\"}},{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"g\"}}]}},"
                "{\"index\":1,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"h\"}}]}}]}\n\n");
  grow_fmt(&in, call_head, 0, 1);
  json_escape(&in, args.s, args.n, 0);
  grow_str(&in, "\"}}]}}]}\n\n");
  grow_fmt(&in, call_head, 1, 0);
  json_escape(&in, args.s, args.n, 0);
  grow_str(&in, "\"}}]}}]}\n\ndata: [DONE]\n\n");
  grow_str(&want, "start 0 0 a|f\nargs 0 0 {}\nstart 0 1 b|g\nstart 1 0 c|h\nargs 0 1 ");
  log_text(&want, args.s, args.n);
  grow_str(&want, "\nargs 1 0 ");
  log_text(&want, args.s, args.n);
  grow_str(&want, "\ndone\n");
  grow_str(&want, "end OK\nreport marker 1 finished 0 - unterminated 0 errors 0 OK OK provider 0 calls 3 "
                  "incomplete 0 checked 1: truncated\n");
  check_stream("the second call of a choice, a call of another choice", in.s, in.n, want.s, 1);

  /* a high surrogate ending a small delta, then a large string that does
     not begin with its low half: U+FFFD before the first piece */
  in.n = 0;
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"<\\ud83d\"}}]}\n\n");
  grow_str(&in, content_head);
  grow_str(&in, "x");
  grow_put(&in, text.s, text.n);
  grow_str(&in, "\"}}]}\n\ndata: [DONE]\n\n");
  want.n = 0;
  grow_str(&want, "content 0 <\nerror E_LONE_SURROGATE\ncontent 0 \xEF\xBF\xBDx");
  grow_put(&want, text.s, text.n);
  grow_str(&want, "\ndone\n");
  unfinished_report(&want, "OK", 1, "E_LONE_SURROGATE", "E_LONE_SURROGATE", 1);
  check_stream("a carried high half, then a plain byte", in.s, in.n, want.s, 1);
  check_plan("a carried high half, then a plain byte", in.s, in.n, 0, 0, 1, NULL, want.s);

  /* ... then another high half, the last bytes of the 4 KB prefix: a
     piece with nothing but the carried U+FFFD; the new half pairs with
     the low one after the prefix. The object before "delta" leaves the
     skeleton short. */
  in.n = 0;
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"<\\ud83d\"}}]}\n\n");
  {
    static const char before[] = "{\"choices\":[{\"index\":0,\"logprobs\":{\"p\":\"";
    static const char middle[] = "\"},\"delta\":{\"content\":\"\\ud83d";
    grow_str(&in, "data: ");
    grow_str(&in, before);
    for (k = sizeof before - 1 + sizeof middle - 1; k < 4096; k++) grow_put(&in, "p", 1);
    grow_str(&in, middle);
  }
  grow_str(&in, "\\ude00");
  grow_put(&in, text.s, text.n);
  grow_str(&in, "\"}}]}\n\ndata: [DONE]\n\n");
  want.n = 0;
  grow_str(&want, "content 0 <\nerror E_LONE_SURROGATE\ncontent 0 \xEF\xBF\xBD\xF0\x9F\x98\x80");
  grow_put(&want, text.s, text.n);
  grow_str(&want, "\ndone\n");
  unfinished_report(&want, "OK", 1, "E_LONE_SURROGATE", "E_LONE_SURROGATE", 1);
  check_stream("a carried high half, then a high half ending the prefix", in.s, in.n, want.s, 1);
  check_plan("a carried high half, then a high half ending the prefix", in.s, in.n, 0, 0, 1, NULL, want.s);
  free(text.s);
  free(in.s);
  free(want.s);
  free(args.s);
}

/* ---- how a large event ends ---- */

void test_large_events_endings(void) {
  static const char fixed[] = "},\"finish_reason\":\"stop\",\"pad\":\"";
  grow_buf text = {NULL, 0, 0}, in = {NULL, 0, 0}, want = {NULL, 0, 0};
  size_t extra, k;
  plain_text(&text, 6000);

  /* the blank line inside the string: E_JSON_SYNTAX; its pieces stay
     delivered */
  content_event(&in, text.s, text.n, "\n\n");
  grow_str(&want, "content 0 ");
  grow_put(&want, text.s, text.n);
  grow_str(&want, "\nerror E_JSON_SYNTAX\ncontent 0 hi\ndone\n");
  unfinished_report(&want, "OK", 1, "E_JSON_SYNTAX", "E_JSON_SYNTAX", 1);
  check_stream("an event ending inside its string", in.s, in.n, want.s, 0);

  /* what follows the string over two data lines, after the skeleton
     {"choices":[{"index":0,"delta":{"content":" (43 bytes) and the
     string's closing quote: the first line's rest `fixed` PAD "} ends
     `extra` bytes before the end of the 4 KB buffer, the second is ]}
     (with its "\n", 3 bytes). 3: all fits, the finish counts; 1: the "\n"
     fits, not the "]}"; 0: not even the "\n". */
  for (extra = 0; extra <= 3; extra += extra == 1 ? 2 : 1) {
    size_t pad = 4096 - 44 - (sizeof fixed - 1) - 2 - extra;
    char name[64];
    in.n = 0;
    grow_str(&in, role_chunk);
    grow_str(&in, content_head);
    grow_put(&in, text.s, text.n);
    grow_str(&in, "\"");
    grow_str(&in, fixed);
    for (k = 0; k < pad; k++) grow_put(&in, "p", 1);
    grow_str(&in, "\"}\ndata: ]}\n\ndata: [DONE]\n\n");
    want.n = 0;
    grow_str(&want, "content 0 ");
    grow_put(&want, text.s, text.n);
    if (extra == 3) {
      grow_str(&want, "\nfinish 0 stop stop\ndone\n");
      grow_fmt(&want, complete_chat, "stop", 0u);
    } else {
      grow_str(&want, "\nerror E_EVENT_TOO_LARGE\ndone\n");
      unfinished_report(&want, "OK", 1, "E_EVENT_TOO_LARGE", "E_EVENT_TOO_LARGE", 1);
    }
    snprintf(name, sizeof name, "the rest %lu bytes short of the buffer", (unsigned long)extra);
    check_stream(name, in.s, in.n, want.s, extra == 3);
  }
  free(text.s);
  free(in.s);
  free(want.s);
}

/* ---- bad input inside a large string ---- */

/* What a stream whose large string breaks must give, however it is fed:
   the same log whole, byte by byte and in 7-byte slices; only a prefix of
   the string's text delivered; the error, once; the next event parsed. */
static void check_broken(const char *name, const char *in, size_t n, const char *text,
                         const char *error_line) {
  sse_delta_options small = small_buffer();
  char *whole = joined_run(in, n, &small, 0, 0), *other;
  const char *content = strstr(whole, "content 0 "), *err = strstr(whole, error_line);
  size_t sizes[2] = {1, 7}, k;
  CHECK_MSG(err != NULL && strstr(err + 1, error_line) == NULL, "%s: %s not reported once:\n%.400s",
            name, error_line, whole);
  /* (its text may join the string's last piece in the joined log) */
  CHECK_MSG(strstr(whole, "next\n") != NULL, "%s: the next event is not delivered", name);
  if (content != NULL && content < err) {
    size_t len = (size_t)(strchr(content, '\n') - content) - 10;
    size_t same = len < strlen(text) ? len : strlen(text); /* (the bad part may follow) */
    CHECK_MSG(memcmp(content + 10, text, same) == 0, "%s: what was delivered is not the string's start",
              name);
  }
  for (k = 0; k < 2; k++) {
    other = joined_run(in, n, &small, sizes[k], 0);
    check_joined(name, k ? "7-byte slices" : "byte by byte", other, whole);
    free(other);
  }
  free(whole);
}

static void broken_stream(grow_buf *in, const char *text, const char *bad, const char *end) {
  in->n = 0;
  grow_str(in, role_chunk);
  grow_str(in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
  grow_str(in, text);
  grow_str(in, bad);
  grow_str(in, end);
  grow_str(in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"next\"}}]}\n\n");
}

void test_large_events_bad_strings(void) {
  grow_buf text = {NULL, 0, 0}, in = {NULL, 0, 0};
  size_t k;
  for (k = 0; k < 6000; k++) grow_put(&text, "abcdefgh" + k % 8, 1);
  broken_stream(&in, text.s, "\\u12G4 more", "\"}}]}\n\n");
  check_broken("a bad hex digit in a \\u escape", in.s, in.n, text.s, "error E_BAD_ESCAPE\n");
  broken_stream(&in, text.s, "\\q more", "\"}}]}\n\n");
  check_broken("an escape letter JSON has not", in.s, in.n, text.s, "error E_BAD_ESCAPE\n");
  broken_stream(&in, text.s, " and the event ends inside the string", "\n\n");
  check_broken("an event that ends inside its string", in.s, in.n, text.s, "error E_JSON_SYNTAX\n");
  broken_stream(&in, text.s, "\xE2\x82z then", "\"}}]}\n\n");
  check_broken("a UTF-8 character cut by a plain byte", in.s, in.n, text.s, "error E_BAD_UTF8\n");
  free(text.s);
  free(in.s);
}

void test_large_events_carried_surrogate(void) {
  grow_buf in = {NULL, 0, 0}, want = {NULL, 0, 0};
  size_t k;
  /* a high surrogate ends a small delta; the large one after it starts
     with no low half: U+FFFD, reported as a lone surrogate */
  grow_str(&in, role_chunk);
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\\ud83d\"}}]}\n\n");
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
  for (k = 0; k < 6000; k++) grow_put(&in, "y", 1);
  grow_str(&in, "\"}}]}\n\ndata: [DONE]\n\n");
  grow_str(&want, "content 0 x\nerror E_LONE_SURROGATE\ncontent 0 \xEF\xBF\xBD");
  for (k = 0; k < 6000; k++) grow_put(&want, "y", 1);
  grow_str(&want, "\ndone\nend OK\nreport marker 1 finished 0 - unterminated 0 errors 1 "
                  "E_LONE_SURROGATE E_LONE_SURROGATE provider 0 calls 0 incomplete 0 checked 1: truncated\n");
  check_stream("a carried high surrogate before a large string", in.s, in.n, want.s, 1);
  free(in.s);
  free(want.s);
}

void test_large_events_other_dialects_path(void) {
  grow_buf in = {NULL, 0, 0}, want = {NULL, 0, 0};
  size_t k;
  /* an openai-chat stream, then an event with anthropic's text path: not
     a string this dialect streams, so the event is reported */
  grow_str(&in, role_chunk);
  grow_str(&in, "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
              "\"text_delta\",\"text\":\"");
  for (k = 0; k < 6000; k++) grow_put(&in, "y", 1);
  grow_str(&in, "\"}}\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"next\"}}]}\n\n");
  grow_str(&want, "error E_EVENT_TOO_LARGE\ncontent 0 next\nend E_NO_END_MARKER\nreport marker 0 "
                  "finished 0 - unterminated 0 errors 1 E_EVENT_TOO_LARGE E_EVENT_TOO_LARGE provider 0 "
                  "calls 0 incomplete 0 checked 1: truncated\n");
  check_stream("another dialect's path", in.s, in.n, want.s, 0);
  free(in.s);
  free(want.s);
}

/* A data line of a large string ending at every place of the second
   piece, every callback pausing: somewhere the "\n" joining the lines
   falls where the buffer is full, and its piece pauses; nothing is
   repeated or lost. */
void test_large_events_pause_at_the_join(void) {
  static const char head[] = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";
  grow_buf in = {NULL, 0, 0}, want = {NULL, 0, 0};
  sse_delta_options small = small_buffer();
  size_t first, k, bad = 0;
  for (first = 4100; first < 8300; first++) {
    char *got;
    in.n = want.n = 0;
    grow_str(&in, role_chunk);
    grow_str(&in, head);
    for (k = 0; k < first; k++) grow_put(&in, "b", 1);
    grow_str(&in, "\ndata: z\"}}]}\n\n");
    grow_str(&want, "content 0 ");
    for (k = 0; k < first; k++) grow_put(&want, "b", 1);
    grow_str(&want, "\\nz\nend E_NO_END_MARKER\nreport marker 0 finished 0 - unterminated 0 errors 0 "
                    "OK OK provider 0 calls 0 incomplete 0 checked 1: truncated\n");
    got = joined_run(in.s, in.n, &small, 0, 1);
    if (strcmp(got, want.s) != 0 && bad++ == 0) check_joined("pausing at the join", "whole", got, want.s);
    free(got);
  }
  CHECK_MSG(bad == 0, "%lu line lengths lose or repeat text", (unsigned long)bad);
  free(in.s);
  free(want.s);
}

/* The large arguments of a stream's second call go to that call. */
void test_large_events_second_call(void) {
  grow_buf in = {NULL, 0, 0}, want = {NULL, 0, 0};
  size_t k;
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\","
              "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},{\"index\":1,\"id\":\"b\","
              "\"function\":{\"name\":\"g\",\"arguments\":\"\"}}]}}]}\n\n");
  grow_str(&in, "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":"
              "{\"arguments\":\"{\\\"q\\\":\\\"");
  for (k = 0; k < 6000; k++) grow_put(&in, "y", 1);
  grow_str(&in, "\\\"}\"}}]}}]}\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":"
              "\"tool_calls\"}]}\n\ndata: [DONE]\n\n");
  grow_str(&want, "start 0 0 a|f\nargs 0 0 {}\nstart 0 1 b|g\nargs 0 1 {\"q\":\"");
  for (k = 0; k < 6000; k++) grow_put(&want, "y", 1);
  grow_str(&want, "\"}\nfinish 0 tool_calls tool_calls\ndone\n");
  grow_fmt(&want, complete_chat, "tool_calls", 2u);
  check_stream("the second call's large arguments", in.s, in.n, want.s, 1);
  free(in.s);
  free(want.s);
}

/* ---- more that a large string may hold ---- */

void test_large_events_bad_utf8_kinds(void) {
  static const char *const bad[] = {
      "\xC0\xAF",         /* a lead byte never used */
      "\xE0\x80\xAF",     /* overlong */
      "\xED\xA0\x80",     /* a surrogate */
      "\xF4\x90\x80\x80", /* past U+10FFFF */
      "\xF5\x80",         /* a lead byte past F4 */
      "\x80",             /* a continuation byte alone */
      "\xF0\x9F\x98",     /* cut: a 4-byte character with 3 */
      "\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80\xEF\xBF", /* good ones, then a cut one */
  };
  grow_buf text = {NULL, 0, 0}, in = {NULL, 0, 0}, two = {NULL, 0, 0};
  size_t k;
  for (k = 0; k < 6000; k++) grow_put(&text, "abcdefgh" + k % 8, 1);
  for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    char name[64];
    snprintf(name, sizeof name, "invalid UTF-8, kind %lu", (unsigned long)k);
    broken_stream(&in, text.s, bad[k], " tail\"}}]}\n\n");
    check_broken(name, in.s, in.n, text.s, "error E_BAD_UTF8\n");
  }
  /* two invalid sequences in one string: reported once */
  grow_str(&two, "\x80 and \xC0 again");
  broken_stream(&in, text.s, two.s, "\"}}]}\n\n");
  check_broken("invalid UTF-8 twice", in.s, in.n, text.s, "error E_BAD_UTF8\n");
  free(text.s);
  free(in.s);
  free(two.s);
}

void test_large_events_lone_surrogates(void) {
  grow_buf text = {NULL, 0, 0}, in = {NULL, 0, 0};
  size_t k;
  for (k = 0; k < 6000; k++) grow_put(&text, "abcdefgh" + k % 8, 1);
  broken_stream(&in, text.s, "\\udc00 low alone", "\"}}]}\n\n");
  check_broken("a low surrogate alone", in.s, in.n, text.s, "error E_LONE_SURROGATE\n");
  broken_stream(&in, text.s, "\\ud800\\u0041 high, then no low", "\"}}]}\n\n");
  check_broken("a high surrogate, then no low", in.s, in.n, text.s, "error E_LONE_SURROGATE\n");
  free(text.s);
  free(in.s);
}

/* An event over the buffer whose string is not one the dialect streams
   where it is, or whose prefix is not JSON: reported, the next parsed. */
static void check_reported(const char *name, const char *prefix, const char *suffix) {
  grow_buf in = {NULL, 0, 0}, want = {NULL, 0, 0};
  size_t k;
  grow_str(&in, role_chunk);
  grow_str(&in, "data: ");
  grow_str(&in, prefix);
  for (k = 0; k < 6000; k++) grow_put(&in, "y", 1);
  grow_str(&in, suffix);
  grow_str(&in, "\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"next\"}}]}\n\n");
  grow_str(&want, "error E_EVENT_TOO_LARGE\ncontent 0 next\nend E_NO_END_MARKER\nreport marker 0 "
                  "finished 0 - unterminated 0 errors 1 E_EVENT_TOO_LARGE E_EVENT_TOO_LARGE provider 0 "
                  "calls 0 incomplete 0 checked 1: truncated\n");
  check_stream(name, in.s, in.n, want.s, 0);
  free(in.s);
  free(want.s);
}

void test_large_events_paths_not_streamed(void) {
  check_reported("a prefix that is not JSON", "{\"choices\":[{\"index\":0,,\"delta\":{\"content\":\"", "\"}}]}");
  check_reported("a key over the buffer", "{\"choices\":[{\"index\":0,\"delta\":{\"", "\":1}}]}");
  check_reported("choices as an object, not an array",
                 "{\"choices\":{\"index\":0,\"delta\":{\"content\":\"", "\"}}}");
  check_reported("the string nested deeper than followed",
                 "{\"choices\":[{\"index\":0,\"delta\":{\"a\":[[[[[[[[{\"content\":\"", "\"}]]]]]]]]}}]}");
  check_reported("content not inside delta", "{\"choices\":[{\"index\":0,\"content\":\"", "\"}]}");
}

void test_large_events_after_the_end(void) {
  grow_buf in = {NULL, 0, 0}, want = {NULL, 0, 0};
  size_t k;
  /* gemini: payloads after the end marker still count, large ones too */
  grow_str(&in, "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"a\"}]},\"finishReason\": "
              "\"STOP\",\"index\": 0}]}\r\n\r\n");
  grow_str(&in, "data: {\"candidates\": [{\"index\": 1,\"content\": {\"parts\": [{\"text\": \"");
  for (k = 0; k < 6000; k++) grow_put(&in, "y", 1);
  grow_str(&in, "\"}]},\"finishReason\": \"STOP\"}]}\r\n\r\n");
  grow_str(&want, "content 0 a\nfinish 0 stop STOP\ndone\ncontent 1 ");
  for (k = 0; k < 6000; k++) grow_put(&want, "y", 1);
  grow_str(&want, "\nfinish 1 stop STOP\nend OK\nreport marker 1 finished 1 stop unterminated 0 errors 0 "
                  "OK OK provider 0 calls 0 incomplete 0 checked 1: complete\n");
  check_stream("gemini: a large candidate after the end marker", in.s, in.n, want.s, 1);
  /* openai-chat: after [DONE] nothing counts, a large event neither */
  in.n = want.n = 0;
  grow_str(&in, role_chunk);
  grow_str(&in, "data: [DONE]\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
  for (k = 0; k < 6000; k++) grow_put(&in, "y", 1);
  grow_str(&in, "\"}}]}\n\n");
  grow_str(&want, "done\nerror E_EVENT_TOO_LARGE\nend OK\nreport marker 1 finished 0 - unterminated 0 "
                  "errors 1 E_EVENT_TOO_LARGE E_EVENT_TOO_LARGE provider 0 calls 0 incomplete 0 checked 1: "
                  "truncated\n");
  check_stream("openai-chat: a large event after [DONE]", in.s, in.n, want.s, 0);
  free(in.s);
  free(want.s);
}

/* openai-responses: a large argument delta naming no item goes to the
   latest call, as a small one does. */
void test_large_events_responses_latest_call(void) {
  grow_buf in = {NULL, 0, 0}, want = {NULL, 0, 0};
  size_t k;
  grow_str(&in, "data: {\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":"
              "\"function_call\",\"id\":\"fc\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"\"}}\n\n");
  grow_str(&in, "data: {\"type\":\"response.function_call_arguments.delta\",\"delta\":\"{\\\"q\\\":\\\"");
  for (k = 0; k < 6000; k++) grow_put(&in, "y", 1);
  grow_str(&in, "\\\"}\"}\n\ndata: {\"type\":\"response.completed\",\"response\":{\"status\":\"completed\"}}\n\n");
  grow_str(&want, "start 0 0 c|f\nargs 0 0 {\"q\":\"");
  for (k = 0; k < 6000; k++) grow_put(&want, "y", 1);
  grow_str(&want, "\"}\nfinish 0 tool_calls completed\ndone\nend OK\nreport marker 1 finished 1 tool_calls "
                  "unterminated 0 errors 0 OK OK provider 0 calls 1 incomplete 0 checked 1: complete\n");
  check_stream("a large argument delta naming no item", in.s, in.n, want.s, 0);
  free(in.s);
  free(want.s);
}

/* The first data line of a call's arguments fills the buffer exactly, and
   an empty data line follows: the "\n" joining the two waits while the
   prefix is mapped, and the call's start, delivered then, may pause. Both
   "\n"s (after the first line and after the empty one) still come, with
   every callback pausing as without pauses. */
void test_large_events_pause_in_the_first_flush(void) {
  static const char head[] = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                             "\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"k\\\":\\\"";
  sse_delta_options small = small_buffer();
  grow_buf in = {NULL, 0, 0}, want = {NULL, 0, 0};
  size_t k, value = sizeof head - 1 - 6; /* the line's value, after "data: " */
  int pause;
  grow_str(&in, role_chunk);
  grow_str(&in, head);
  for (k = value; k < small.max_event_bytes; k++) grow_put(&in, "A", 1);
  grow_str(&in, "\ndata\ndata: B\\\"}\"}}]}}]}\n\ndata: [DONE]\n\n");
  grow_str(&want, "start 0 0 c|f\nargs 0 0 {\"k\":\"");
  for (k = value; k < small.max_event_bytes; k++) grow_put(&want, "A", 1);
  grow_str(&want, "\\n\\nB\"}\ndone\nend OK\nreport marker 1 finished 0 - unterminated 0 errors 0 "
                  "OK OK provider 0 calls 1 incomplete 0 checked 1: truncated\n");
  for (pause = 0; pause < 2; pause++) {
    char *got = joined_run(in.s, in.n, &small, 0, pause);
    check_joined("a full first line, then an empty one", pause ? "every callback pausing" : "whole", got,
                 want.s);
    free(got);
  }
  free(in.s);
  free(want.s);
}
