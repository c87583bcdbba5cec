/*
 * idmap.h - a map from 64-bit ids (hashes already) to one byte each.
 *
 * Open addressing with linear probing, grown to stay at most half full, so
 * an entry costs about 18 bytes.  It holds the seen set of the archive (the
 * byte unused) and the lexicon's longest phrase per first word.  Key 0
 * marks a free slot, so it is stored as 1: callers hash into 64 bits, where
 * one id in 2^64 sharing a slot with another costs nothing that matters.
 *
 * Ownership: the map owns its arrays; nw_idmap_release frees them.  A map
 * of all zeroes is empty and ready.
 */
#ifndef NW_IDMAP_H
#define NW_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct nw_idmap {
	uint64_t *key;
	uint8_t *val;
	size_t n;   /* entries */
	size_t cap; /* slots, a power of two, or 0 */
};

/* The value of key, inserting it with value 0 when absent; NULL when out of memory. */
uint8_t *nw_idmap_put(struct nw_idmap *m, uint64_t key);

/* The value of key, or NULL when absent. */
const uint8_t *nw_idmap_get(const struct nw_idmap *m, uint64_t key);

void nw_idmap_release(struct nw_idmap *m);

#endif
