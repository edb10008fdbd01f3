/* See log_compare.h. */
#include "log_compare.h"

#include <stdlib.h>
#include <string.h>

#include "json_value.h"

void log_items_free(log_items *l) {
  size_t i;
  for (i = 0; i < l->count; i++) {
    shuffle_buf_free(&l->items[i].shown);
    shuffle_buf_free(&l->items[i].raw);
  }
  free(l->items);
  memset(l, 0, sizeof *l);
}

static log_item *new_item(log_items *l, item_kind kind) {
  log_item *it;
  if (l->count == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 64;
    l->items = (log_item *)realloc(l->items, l->cap * sizeof *l->items);
    if (l->items == NULL) abort();
  }
  it = &l->items[l->count++];
  memset(it, 0, sizeof *it);
  it->kind = kind;
  shuffle_buf_put(&it->shown, "", 0);
  shuffle_buf_put(&it->raw, "", 0);
  return it;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return c - 'a' + 10;
}

/* Undoes the recorder's escapes (\n \r \t \\ \xNN) of s[0..n). */
static void put_unescaped(shuffle_buf *out, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (c == '\\' && i + 1 < n) {
      char e = s[++i];
      if (e == 'n') c = '\n';
      else if (e == 'r') c = '\r';
      else if (e == 't') c = '\t';
      else if (e == 'x' && i + 2 < n) {
        c = (char)(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
        i += 2;
      } else c = e;
    }
    shuffle_buf_put(out, &c, 1);
  }
}

/* Length of "args <choice> <tool> " at the start of line[0..n). */
static size_t args_prefix_len(const char *line, size_t n) {
  size_t i, spaces = 0;
  for (i = 0; i < n; i++)
    if (line[i] == ' ' && ++spaces == 3) return i + 1;
  return n;
}

static void add_args_line(log_items *l, const char *line, size_t n) {
  size_t prefix = args_prefix_len(line, n);
  log_item *last = l->count ? &l->items[l->count - 1] : NULL;
  if (last == NULL || last->kind != ITEM_ARGS || last->prefix_len != prefix ||
      memcmp(last->shown.data, line, prefix) != 0) {
    last = new_item(l, ITEM_ARGS);
    last->prefix_len = prefix;
    shuffle_buf_put(&last->shown, line, prefix);
  }
  /* Escaping is byte by byte, so the joined escaped text is the escaped
     joined text: fine to show. */
  shuffle_buf_put(&last->shown, line + prefix, n - prefix);
  put_unescaped(&last->raw, line + prefix, n - prefix);
}

/* Splits a recorder log into items, joining the args lines of a call. */
void parse_log(const char *log, log_items *l) {
  static const char provider[] = "error E_PROVIDER ";
  const char *line = log;
  memset(l, 0, sizeof *l);
  while (*line) {
    const char *nl = strchr(line, '\n');
    size_t n = nl ? (size_t)(nl - line) : strlen(line);
    if (n >= 5 && memcmp(line, "args ", 5) == 0) {
      add_args_line(l, line, n);
    } else {
      int is_provider = n >= sizeof provider - 1 && memcmp(line, provider, sizeof provider - 1) == 0;
      log_item *it = new_item(l, is_provider ? ITEM_PROVIDER_ERROR : ITEM_LINE);
      shuffle_buf_put(&it->shown, line, n);
      if (is_provider)
        put_unescaped(&it->raw, line + sizeof provider - 1, n - (sizeof provider - 1));
    }
    line += nl ? n + 1 : n;
  }
}

/* How two log items compare. */
typedef enum sameness { DIFFERENT, SAME_BYTES, SAME_JSON_VALUE } sameness;

/* Equal bytes, or two JSON texts of the same value. */
static sameness same_bytes_or_json(const shuffle_buf *a, const shuffle_buf *b) {
  json_value *va, *vb;
  int same;
  if (a->len == b->len && memcmp(a->data, b->data, a->len) == 0) return SAME_BYTES;
  va = json_parse(a->data, a->len);
  vb = va ? json_parse(b->data, b->len) : NULL;
  same = va != NULL && vb != NULL && json_equal(va, vb);
  json_free(va);
  json_free(vb);
  return same ? SAME_JSON_VALUE : DIFFERENT;
}

static sameness same_item(const log_item *a, const log_item *b) {
  if (a->kind != b->kind) return DIFFERENT;
  if (a->kind == ITEM_LINE) return strcmp(a->shown.data, b->shown.data) == 0 ? SAME_BYTES : DIFFERENT;
  if (a->kind == ITEM_ARGS &&
      (a->prefix_len != b->prefix_len || memcmp(a->shown.data, b->shown.data, a->prefix_len) != 0))
    return DIFFERENT;
  return same_bytes_or_json(&a->raw, &b->raw);
}

/* Index of the first differing item, or the item count when the logs are
   the same. *by_value counts the items equal only as JSON values (the
   texts that follow the key order), to show that rule at work. */
size_t first_difference(const log_items *a, const log_items *b, size_t *by_value) {
  size_t i;
  for (i = 0; i < a->count && i < b->count; i++) {
    sameness s = same_item(&a->items[i], &b->items[i]);
    if (s == DIFFERENT) return i;
    if (s == SAME_JSON_VALUE) ++*by_value;
  }
  return a->count == b->count ? a->count : i;
}

const char *item_text(const log_items *l, size_t i) {
  return i < l->count ? l->items[i].shown.data : "(end of the log)";
}

