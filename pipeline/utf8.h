/*
 * utf8.h - strict UTF-8 decoding, encoding and repair.
 *
 * Everything newswatch writes is valid UTF-8: text that comes from the
 * network is repaired (each invalid sequence becomes U+FFFD) before it
 * reaches a record.  Decoding is strict: overlongs, surrogates and code
 * points past U+10FFFF are invalid.
 */
#ifndef NW_UTF8_H
#define NW_UTF8_H

#include <stddef.h>
#include <stdint.h>

struct nw_buf;

/*
 * Decode one code point at s (n > 0 bytes available).  Returns the number
 * of bytes used (1-4) and sets *cp, or returns 0 for an invalid sequence
 * (then *cp is U+FFFD and the caller should skip one byte).
 */
size_t nw_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Encode cp into out (at least 4 bytes); returns the length. */
size_t nw_utf8_encode(uint32_t cp, char *out);

/* 1 when all n bytes are valid UTF-8. */
int nw_utf8_valid(const char *s, size_t n);

/* Append s to b with every invalid sequence replaced by U+FFFD. */
int nw_utf8_repair(struct nw_buf *b, const char *s, size_t n);

#endif
