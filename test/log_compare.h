/* A recorder log (recorder.h) as a list of items to compare, for the
   property tests and fuzzers that require "the same callbacks": lines are
   compared byte for byte, except two kinds that legitimately follow the
   key order of the JSON the provider sent and are compared as JSON values:
   a tool call's arguments (its consecutive args lines joined), and a
   provider error whose message is the compact text of an error object. */
#ifndef SSE_DELTA_TEST_LOG_COMPARE_H
#define SSE_DELTA_TEST_LOG_COMPARE_H

#include <stddef.h>

#include "json_shuffle.h"

typedef enum item_kind {
  ITEM_LINE,          /* compared byte for byte */
  ITEM_ARGS,          /* consecutive args lines of one call, joined */
  ITEM_PROVIDER_ERROR /* error E_PROVIDER <message> */
} item_kind;

typedef struct log_item {
  item_kind kind;
  shuffle_buf shown;  /* the log text; for ITEM_ARGS the fragments joined */
  size_t prefix_len;  /* ITEM_ARGS: "args <choice> <tool> " */
  shuffle_buf raw;    /* ITEM_ARGS, ITEM_PROVIDER_ERROR: the bytes the
                         callback got (the recorder's escapes undone) */
} log_item;

typedef struct log_items {
  log_item *items;
  size_t count, cap;
} log_items;

/* Splits a recorder log into items, joining the args lines of a call. */
void parse_log(const char *log, log_items *l);
void log_items_free(log_items *l);
/* Index of the first differing item, or the item count when the logs are
   the same. *by_value counts the items equal only as JSON values. */
size_t first_difference(const log_items *a, const log_items *b, size_t *by_value);
/* The text of item i, or "(end of the log)". */
const char *item_text(const log_items *l, size_t i);

#endif
