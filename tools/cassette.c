#include "cassette.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ---- telling a cassette from an SSE body -------------------------------- */

struct line_cursor {
  const char *p, *end;
};

/* The next line (without its CR, LF or CRLF end); 0 at the end of input. */
static int next_line(struct line_cursor *c, const char **line, size_t *len) {
  const char *start = c->p;
  if (c->p >= c->end) return 0;
  while (c->p < c->end && *c->p != '\n' && *c->p != '\r') c->p++;
  *line = start;
  *len = (size_t)(c->p - start);
  if (c->p < c->end && *c->p == '\r') c->p++;
  if (c->p < c->end && *c->p == '\n') c->p++;
  return 1;
}

static struct line_cursor cursor_after_bom(const char *data, size_t len) {
  struct line_cursor c;
  c.p = data;
  c.end = data + len;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) c.p += 3;
  return c;
}

static int is_blank(const char *line, size_t len) {
  size_t i;
  for (i = 0; i < len; i++)
    if (line[i] != ' ' && line[i] != '\t') return 0;
  return 1;
}

static int starts_with(const char *line, size_t len, const char *prefix) {
  size_t n = strlen(prefix);
  return len >= n && memcmp(line, prefix, n) == 0;
}

/* The first line that is neither blank nor, when `skip_comments`, a YAML
   comment. 0 when there is none. */
static int first_meaningful_line(const char *data, size_t len,
                                 int skip_comments, const char **line,
                                 size_t *line_len) {
  struct line_cursor c = cursor_after_bom(data, len);
  while (next_line(&c, line, line_len)) {
    if (is_blank(*line, *line_len)) continue;
    if (skip_comments && (*line)[0] == '#') continue;
    return 1;
  }
  return 0;
}

int sse_body_start(const char *data, size_t len) {
  static const char *const fields[] = {"data", "event", "id", "retry"};
  const char *line;
  size_t line_len, name_len, i;
  if (!first_meaningful_line(data, len, 0, &line, &line_len)) return 0;
  if (line[0] == ':') return 1;
  for (name_len = 0; name_len < line_len && line[name_len] != ':'; name_len++) {
  }
  for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if (name_len == strlen(fields[i]) && memcmp(line, fields[i], name_len) == 0)
      return 1;
  return 0;
}

static int has_top_level_interactions(const char *data, size_t len) {
  struct line_cursor c = cursor_after_bom(data, len);
  const char *line;
  size_t line_len;
  while (next_line(&c, &line, &line_len))
    if (starts_with(line, line_len, "interactions:")) return 1;
  return 0;
}

int cassette_maybe(const char *data, size_t len) {
  const char *line;
  size_t line_len;
  if (sse_body_start(data, len)) return 0;
  if (first_meaningful_line(data, len, 1, &line, &line_len) &&
      (starts_with(line, line_len, "---") || starts_with(line, line_len, "%YAML")))
    return 1;
  return has_top_level_interactions(data, len);
}

/* ---- walking the YAML document ------------------------------------------ */

/* The value of `key` in a mapping node, or NULL. */
static yaml_node_t *mapping_get(yaml_document_t *doc, yaml_node_t *map,
                                const char *key) {
  size_t key_len = strlen(key);
  yaml_node_pair_t *pair;
  if (map == NULL || map->type != YAML_MAPPING_NODE) return NULL;
  for (pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top;
       pair++) {
    yaml_node_t *k = yaml_document_get_node(doc, pair->key);
    if (k != NULL && k->type == YAML_SCALAR_NODE &&
        k->data.scalar.length == key_len &&
        memcmp(k->data.scalar.value, key, key_len) == 0)
      return yaml_document_get_node(doc, pair->value);
  }
  return NULL;
}

/* Appends a copy of a scalar's text to the bodies. 0 when memory runs out. */
static int add_body(struct cassette *c, size_t interaction,
                    const yaml_node_t *scalar) {
  struct cassette_body *grown;
  size_t len = scalar->data.scalar.length;
  char *copy = malloc(len + 1); /* +1: malloc(0) may return NULL */
  if (copy == NULL) return 0;
  memcpy(copy, scalar->data.scalar.value, len);
  grown = realloc(c->bodies, (c->count + 1) * sizeof *grown);
  if (grown == NULL) {
    free(copy);
    return 0;
  }
  c->bodies = grown;
  c->bodies[c->count].interaction = interaction;
  c->bodies[c->count].data = copy;
  c->bodies[c->count].len = len;
  c->count++;
  return 1;
}

static enum cassette_result collect_bodies(yaml_document_t *doc,
                                           struct cassette *out) {
  yaml_node_t *root = yaml_document_get_root_node(doc);
  yaml_node_t *interactions;
  yaml_node_item_t *item;
  if (root == NULL || root->type != YAML_MAPPING_NODE)
    return CASSETTE_NOT_A_CASSETTE;
  interactions = mapping_get(doc, root, "interactions");
  if (interactions == NULL) return CASSETTE_NOT_A_CASSETTE;
  if (interactions->type != YAML_SEQUENCE_NODE) return CASSETTE_NO_BODIES;
  for (item = interactions->data.sequence.items.start;
       item < interactions->data.sequence.items.top; item++) {
    yaml_node_t *interaction = yaml_document_get_node(doc, *item);
    yaml_node_t *body =
        mapping_get(doc, mapping_get(doc, interaction, "response"), "body");
    if (body == NULL || body->type != YAML_SCALAR_NODE) continue;
    if (!add_body(out, (size_t)(item - interactions->data.sequence.items.start),
                  body))
      return CASSETTE_NO_MEMORY;
  }
  return out->count > 0 ? CASSETTE_OK : CASSETTE_NO_BODIES;
}

static void describe_problem(const yaml_parser_t *parser, char *problem,
                             size_t problem_size) {
  if (problem_size == 0) return;
  snprintf(problem, problem_size, "%s at line %lu",
           parser->problem ? parser->problem : "unknown error",
           (unsigned long)parser->problem_mark.line + 1);
}

enum cassette_result cassette_load(const char *data, size_t len,
                                   struct cassette *out, char *problem,
                                   size_t problem_size) {
  yaml_parser_t parser;
  yaml_document_t doc;
  enum cassette_result result;
  memset(out, 0, sizeof *out);
  if (problem_size > 0) problem[0] = '\0';
  if (!yaml_parser_initialize(&parser)) return CASSETTE_NO_MEMORY;
  yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
  if (!yaml_parser_load(&parser, &doc)) {
    result = parser.error == YAML_MEMORY_ERROR ? CASSETTE_NO_MEMORY
                                               : CASSETTE_BAD_YAML;
    describe_problem(&parser, problem, problem_size);
    yaml_parser_delete(&parser);
    return result;
  }
  result = collect_bodies(&doc, out);
  yaml_document_delete(&doc);
  yaml_parser_delete(&parser);
  if (result != CASSETTE_OK) cassette_free(out);
  return result;
}

void cassette_free(struct cassette *c) {
  size_t i;
  for (i = 0; i < c->count; i++) free(c->bodies[i].data);
  free(c->bodies);
  memset(c, 0, sizeof *c);
}
