/* The test's own JSON reader and the summary comparison of doc/rules.md
   section 17: the corpus tests are only as good as this oracle. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json_value.h"

static int parses(const char *text) {
  json_value *v = json_parse_str(text);
  json_free(v);
  return v != NULL;
}

static int equal(const char *a, const char *b) {
  json_value *va = json_parse_str(a), *vb = json_parse_str(b);
  int same = va != NULL && vb != NULL && json_equal(va, vb);
  json_free(va);
  json_free(vb);
  return same;
}

/* json_summary_diff of two texts; `where` receives the first difference. */
static int summary_equal(const char *got, const char *want, char *where,
                         size_t where_size) {
  json_value *g = json_parse_str(got), *w = json_parse_str(want);
  json_diff d;
  int same;
  memset(&d, 0, sizeof d);
  same = g != NULL && w != NULL && json_summary_diff(g, w, &d);
  if (where_size > 0) {
    strncpy(where, same ? "" : d.where, where_size - 1);
    where[where_size - 1] = '\0';
  }
  json_free(g);
  json_free(w);
  return same;
}

static int string_is(const char *json, const char *bytes, size_t n) {
  json_value *v = json_parse_str(json);
  int ok = v != NULL && v->type == JSON_STRING && v->len == n &&
           memcmp(v->string, bytes, n) == 0;
  json_free(v);
  return ok;
}

static int args_eq(const char *a, const char *b) {
  return json_arguments_equal(a, strlen(a), b, strlen(b));
}

#define SUMMARY(content, tools, usage)                                         \
  "{\"dialect\":\"openai-chat\",\"content\":\"" content "\",\"reasoning\":\"\"," \
  "\"tool_calls\":[" tools "],\"finish\":\"stop\",\"finish_raw\":\"stop\","   \
  "\"usage\":" usage ",\"done\":true,\"errors\":[]}"

void test_json_value_rules(void) {
  char where[160];

  /* strict RFC 8259 on top of non-strict jsmn */
  CHECK(parses("{\"a\":[1,-2.5e+3,true,false,null,\"x\"],\"b\":{}}"));
  CHECK(parses(" \t\r\n[]\n"));
  CHECK(parses("\"\""));
  CHECK(parses("0"));
  CHECK(!parses(""));
  CHECK(!parses("  "));
  CHECK(!parses("{\"a\":1,}"));
  CHECK(!parses("[1,]"));
  CHECK(!parses("[,1]"));
  CHECK(!parses("[1 2]"));
  CHECK(!parses("{\"a\" 1}"));
  CHECK(!parses("{\"a\"}"));
  CHECK(!parses("{\"a\":1 \"b\":2}"));
  CHECK(!parses("{\"a\"::1}"));
  CHECK(!parses("{\"a\":1:2}"));
  CHECK(!parses("[\"a\":1]"));
  CHECK(!parses("{a:1}"));
  CHECK(!parses("{1:1}"));
  CHECK(!parses("[tru]"));
  CHECK(!parses("[NaN]"));
  CHECK(!parses("01"));
  CHECK(!parses("1."));
  CHECK(!parses(".5"));
  CHECK(!parses("-"));
  CHECK(!parses("1e"));
  CHECK(!parses("+1"));
  CHECK(!parses("[1]x"));
  CHECK(!parses("{}{}"));
  CHECK(!parses("1 2"));
  CHECK(!parses("["));
  CHECK(!parses("]"));
  CHECK(!parses("[}"));
  CHECK(!parses("\"abc"));
  CHECK(!parses("\"\\x\""));
  CHECK(!parses("\"\\u12\""));
  CHECK(!parses("\"a\tb\""));     /* raw control character */
  CHECK(!parses("\"\xC3\""));     /* truncated UTF-8 */
  CHECK(!parses("\"\xC0\xAF\"")); /* overlong */
  CHECK(!parses("\"\xED\xA0\x80\"")); /* a surrogate in UTF-8 */
  CHECK(json_parse("[1]\0", 4) == NULL); /* a NUL after the value */

  /* strings unescaped to UTF-8 */
  CHECK(string_is("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", "a\"b\\c/d\b\f\n\r\t", 12));
  CHECK(string_is("\"\\u00e9\\u20AC\"", "\xC3\xA9\xE2\x82\xAC", 5));
  CHECK(string_is("\"\\ud83d\\ude00\"", "\xF0\x9F\x98\x80", 4));
  CHECK(string_is("\"\xF0\x9F\x98\x80\"", "\xF0\x9F\x98\x80", 4));
  CHECK(string_is("\"\\u0000\"", "\0", 1));
  CHECK(string_is("\"\\ud800x\"", "\xED\xA0\x80x", 4)); /* lone: kept apart */
  CHECK(!equal("\"\\ud800\"", "\"\\ufffd\""));
  CHECK(equal("\"\\u00e9\"", "\"\xC3\xA9\""));

  /* values: numbers by value, objects as key sets, arrays in order */
  CHECK(equal("1", "1.0"));
  CHECK(equal("1", "10e-1"));
  CHECK(equal("1", "0.1e1"));
  CHECK(equal("100", "1E2"));
  CHECK(equal("0", "-0.0e7"));
  CHECK(equal("-2.50", "-25e-1"));
  CHECK(!equal("1", "-1"));
  CHECK(!equal("1", "1.0000000000000001"));
  CHECK(!equal("12345678901234567890", "12345678901234567891"));
  CHECK(!equal("1", "\"1\""));
  CHECK(!equal("null", "false"));
  CHECK(equal("{\"a\":1,\"b\":[1,2]}", "{\"b\":[1,2],\"a\":1}"));
  CHECK(!equal("[1,2]", "[2,1]"));
  CHECK(!equal("{\"a\":1}", "{\"a\":1,\"b\":2}"));
  CHECK(!equal("{\"a\":1,\"b\":2}", "{\"a\":1}"));

  /* tool-call arguments */
  CHECK(args_eq("", "{}"));
  CHECK(args_eq("{}", ""));
  CHECK(args_eq("", " { } "));
  CHECK(args_eq("{\"a\":1,\"b\":\"x\"}", "{ \"b\": \"x\", \"a\": 1.0 }"));
  CHECK(args_eq("{\"a\":", "{\"a\":")); /* same text */
  CHECK(!args_eq("{\"a\":", "{\"a\": ")); /* neither parses */
  CHECK(!args_eq("{\"a\":1}", "{\"a\":1"));
  CHECK(!args_eq("", "[]"));
  CHECK(!args_eq("{\"a\":1}", "{\"a\":2}"));

  /* doc/rules.md section 17, "Comparing two summaries" */
  CHECK(summary_equal(SUMMARY("hi", "", "null"), SUMMARY("hi", "", "null"), where,
                      sizeof where));
  CHECK(summary_equal( /* key order free */
      SUMMARY("hi", "", "null"),
      "{\"errors\":[],\"done\":true,\"usage\":null,\"finish_raw\":\"stop\","
      "\"finish\":\"stop\",\"tool_calls\":[],\"reasoning\":\"\",\"content\":\"hi\","
      "\"dialect\":\"openai-chat\"}",
      where, sizeof where));
  CHECK(summary_equal(
      SUMMARY("", "{\"id\":\"c1\",\"name\":\"f\",\"arguments\":\"\"}", "null"),
      SUMMARY("", "{\"arguments\":\"{}\",\"name\":\"f\",\"id\":\"c1\"}", "null"), where,
      sizeof where));
  CHECK(summary_equal(
      SUMMARY("", "{\"id\":null,\"name\":\"f\",\"arguments\":\"{\\\"a\\\": [1, 2]}\"}", "null"),
      SUMMARY("", "{\"id\":null,\"name\":\"f\",\"arguments\":\"{\\\"a\\\":[1,2.0]}\"}", "null"),
      where, sizeof where));
  CHECK(summary_equal( /* a usage number absent equals null */
      SUMMARY("", "", "{\"input_tokens\":3,\"output_tokens\":null,\"total_tokens\":3}"),
      SUMMARY("", "", "{\"input_tokens\":3.0,\"total_tokens\":3,\"cached_tokens\":null}"),
      where, sizeof where));
  CHECK(!summary_equal(SUMMARY("", "", "{\"input_tokens\":3}"),
                       SUMMARY("", "", "{\"input_tokens\":4}"), where, sizeof where));
  CHECK_STR(where, "usage.input_tokens");
  CHECK(!summary_equal(SUMMARY("", "", "{\"input_tokens\":0}"),
                       SUMMARY("", "", "{}"), where, sizeof where));
  CHECK_STR(where, "usage.input_tokens");
  CHECK(!summary_equal(SUMMARY("", "", "null"),
                       SUMMARY("", "", "{\"input_tokens\":null}"), where, sizeof where));
  CHECK_STR(where, "usage");
  CHECK(!summary_equal(SUMMARY("hi", "", "null"), SUMMARY("ho", "", "null"), where,
                       sizeof where));
  CHECK_STR(where, "content");
  CHECK(!summary_equal(
      SUMMARY("", "{\"id\":\"c1\",\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}", "null"),
      SUMMARY("", "{\"id\":\"c1\",\"name\":\"f\",\"arguments\":\"{\\\"a\\\":2}\"}", "null"),
      where, sizeof where));
  CHECK_STR(where, "tool_calls[0].arguments");
  CHECK(!summary_equal(
      SUMMARY("", "{\"id\":\"c1\",\"name\":\"f\",\"arguments\":\"\"}", "null"),
      SUMMARY("", "{\"id\":null,\"name\":\"f\",\"arguments\":\"\"}", "null"), where,
      sizeof where));
  CHECK_STR(where, "tool_calls[0].id");
  CHECK(!summary_equal(SUMMARY("", "{\"id\":null,\"name\":\"f\",\"arguments\":\"\"}", "null"),
                       SUMMARY("", "", "null"), where, sizeof where));
  CHECK_STR(where, "tool_calls (number of calls)");
  /* keys compared as sets: a missing or an extra key is a difference */
  CHECK(!summary_equal("{\"content\":\"\",\"done\":true}", "{\"content\":\"\"}", where,
                       sizeof where));
  CHECK_STR(where, "done");
  CHECK(!summary_equal("{\"content\":\"\"}", "{\"content\":\"\",\"done\":true}", where,
                       sizeof where));
  CHECK_STR(where, "done");
  /* numbers by value outside usage too, but types count */
  CHECK(!summary_equal("{\"done\":true}", "{\"done\":1}", where, sizeof where));
}
