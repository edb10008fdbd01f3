/* Writing JSON values for the tool's outputs (--summary, --events, --raw).
   Every string written is valid UTF-8 JSON whatever bytes it is given. */
#ifndef SSE_DELTA_TOOLS_JSON_OUT_H
#define SSE_DELTA_TOOLS_JSON_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Writes the bytes s[0..len) as a quoted JSON string: `"` and `\` escaped,
   \n \r \t as short escapes, other control characters as \u00XX, valid
   multi-byte UTF-8 passed through, and each maximal invalid UTF-8 subpart
   (the Unicode "substitution of maximal subparts" practice) written as
   U+FFFD. */
void json_write_string(FILE *out, const char *s, size_t len);

/* Like json_write_string, but writes null when s is NULL. */
void json_write_string_or_null(FILE *out, const char *s, size_t len);

/* Writes a count, or null when it is negative (SSE_DELTA_ABSENT). */
void json_write_count(FILE *out, int64_t count);

#endif
