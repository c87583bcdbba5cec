/*
 * json.h - writing JSON into a struct nw_buf.
 *
 * Records are written by hand rather than through a DOM so that field order
 * is fixed (plain grep works on the archive) and so that writing costs one
 * pass over the text.  Strings are escaped per RFC 8259 and repaired to valid
 * UTF-8 on the way (invalid bytes become U+FFFD); U+2028/2029 are escaped
 * too so a line is safe to paste into JavaScript.
 *
 * The writer does not track commas: callers write the punctuation.  Reading
 * JSON (grep, alert) uses jansson instead.
 */
#ifndef NW_JSON_H
#define NW_JSON_H

#include <stddef.h>

struct nw_buf;

/* Append s (n bytes) as a quoted JSON string. */
int nw_json_strn(struct nw_buf *b, const char *s, size_t n);
/* Append s as a quoted string, or null when s is NULL. */
int nw_json_str(struct nw_buf *b, const char *s);
/* Append "key": (with the quotes) - key must be plain ASCII. */
int nw_json_key(struct nw_buf *b, const char *key);

#endif
