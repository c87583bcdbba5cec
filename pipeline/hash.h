/*
 * hash.h - FNV-1a, the one string hash newswatch uses.
 *
 * It keys the lexicon, the entity index and item ids.  Item ids are
 * written to var/state/seen, so nw_fnv1a's values must never change.
 */
#ifndef NW_HASH_H
#define NW_HASH_H

#include <stddef.h>
#include <stdint.h>

#define NW_FNV_BASIS 14695981039346656037ULL

/* Go on hashing s from h (start from NW_FNV_BASIS). */
static inline uint64_t nw_fnv1a_more(uint64_t h, const char *s)
{
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* Go on hashing the n bytes at s from h (for strings that are not NUL-terminated). */
static inline uint64_t nw_fnv1a_bytes(uint64_t h, const void *s, size_t n)
{
	const unsigned char *p = s;

	while (n--)
		h = (h ^ *p++) * 1099511628211ULL;
	return h;
}

static inline uint64_t nw_fnv1a(const char *s)
{
	return nw_fnv1a_more(NW_FNV_BASIS, s);
}

#endif
