#include "limits.h"

#include <string.h>

/* jsmn counts a payload's tokens when given no token array; configured as
   sse_delta.h configures it, so the count is the one the library needs. */
#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#define MEASURING_EVENT_BYTES (16u << 20)
#define MEASURING_TOKENS 65536u
#define MEASURING_TOOL_CALLS 4096u

void limits_measuring_options(sse_delta_options *o) {
  if (o->max_event_bytes == 0) o->max_event_bytes = MEASURING_EVENT_BYTES;
  if (o->max_tokens == 0) o->max_tokens = MEASURING_TOKENS;
  if (o->max_tool_calls == 0) o->max_tool_calls = MEASURING_TOOL_CALLS;
}

static unsigned long tokens_of(const char *s, size_t n) {
  jsmn_parser jp;
  int r;
  jsmn_init(&jp);
  r = jsmn_parse(&jp, s, n, NULL, 0);
  return r > 0 ? (unsigned long)r : 0; /* not JSON ([DONE]...): no tokens */
}

static int on_event(void *user, const sse_delta_event *ev) {
  struct limits *l = user;
  unsigned long tokens = tokens_of(ev->data, ev->data_len);
  if (tokens > l->most_tokens) l->most_tokens = tokens;
  if (ev->data_len > l->largest_event) {
    l->largest_event = ev->data_len;
    if (l->interaction >= 0)
      snprintf(l->largest_where, sizeof l->largest_where, "%s interaction %ld", l->stream_name,
               l->interaction);
    else
      snprintf(l->largest_where, sizeof l->largest_where, "%s", l->stream_name);
  }
  return 0;
}

/* Set only so that tool calls are tracked: the report counts them. */
static int on_tool_call_start(void *user, uint32_t choice, uint32_t tool, const char *id,
                              size_t id_len, const char *name, size_t name_len) {
  (void)user, (void)choice, (void)tool, (void)id, (void)id_len, (void)name, (void)name_len;
  return 0;
}

void limits_set_callbacks(sse_delta_callbacks *cb) {
  cb->on_event = on_event;
  cb->on_tool_call_start = on_tool_call_start;
}

void limits_begin_stream(struct limits *l, const char *name, long interaction) {
  l->stream_name = name;
  l->interaction = interaction;
}

void limits_end_stream(struct limits *l, const sse_delta_report *r) {
  l->streams++;
  if (r->tool_calls > l->most_calls) l->most_calls = r->tool_calls;
}

/* A limit of 0 means "the default" to the library: the smallest is 1. */
static unsigned long at_least_one(unsigned long v) { return v ? v : 1; }

void limits_write(const struct limits *l, FILE *out) {
  sse_delta_options o;
  size_t ws;
  memset(&o, 0, sizeof o);
  o.max_event_bytes = (uint32_t)at_least_one(l->largest_event);
  o.max_tokens = (uint32_t)at_least_one(l->most_tokens);
  o.max_tool_calls = (uint32_t)at_least_one(l->most_calls);
  ws = sse_delta_workspace_size(&o);
  fprintf(out, "streams read:                  %lu\n", l->streams);
  fprintf(out, "largest event:                 %lu bytes%s%s\n", (unsigned long)l->largest_event,
          l->largest_event ? ", in " : "", l->largest_event ? l->largest_where : "");
  fprintf(out, "most JSON tokens in a payload: %lu\n", l->most_tokens);
  fprintf(out, "most tool calls in a stream:   %lu\n", l->most_calls);
  fprintf(out, "workspace for these:           %lu bytes = SSE_DELTA_WORKSPACE_SIZE(%lu, %lu, %lu)\n",
          (unsigned long)ws, (unsigned long)o.max_event_bytes, (unsigned long)o.max_tokens,
          (unsigned long)o.max_tool_calls);
  fprintf(out, "%31s(with the default %u field bytes and %u choices; sse_delta_parser itself: %lu bytes)\n",
          "", SSE_DELTA_DEFAULT_FIELD_BYTES, SSE_DELTA_DEFAULT_MAX_CHOICES,
          (unsigned long)sizeof(sse_delta_parser));
  fprintf(out, "run the tool with them:        --max-event-bytes %lu --max-tokens %lu --max-tool-calls %lu\n",
          (unsigned long)o.max_event_bytes, (unsigned long)o.max_tokens,
          (unsigned long)o.max_tool_calls);
  fprintf(out, "limits max_event_bytes=%lu max_tokens=%lu max_tool_calls=%lu workspace=%lu\n",
          (unsigned long)o.max_event_bytes, (unsigned long)o.max_tokens,
          (unsigned long)o.max_tool_calls, (unsigned long)ws);
}
