/*
 * idmap.c - map from 64-bit ids to a byte; see idmap.h.
 */
#include <stdlib.h>
#include <string.h>

#include "idmap.h"

static size_t slot_of(uint64_t *keys, size_t cap, uint64_t key)
{
	size_t i = (size_t)key & (cap - 1);

	while (keys[i] && keys[i] != key)
		i = (i + 1) & (cap - 1);
	return i;
}

static int grow(struct nw_idmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 4096, k;
	uint64_t *keys = calloc(cap, sizeof(*keys));
	uint8_t *vals = calloc(cap, sizeof(*vals));

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	for (k = 0; k < m->cap; k++) {
		if (m->key[k]) {
			size_t i = slot_of(keys, cap, m->key[k]);

			keys[i] = m->key[k];
			vals[i] = m->val[k];
		}
	}
	free(m->key);
	free(m->val);
	m->key = keys;
	m->val = vals;
	m->cap = cap;
	return 0;
}

uint8_t *nw_idmap_put(struct nw_idmap *m, uint64_t key)
{
	size_t i;

	if (!key)
		key = 1;
	if ((m->n + 1) * 2 > m->cap && grow(m))
		return NULL;
	i = slot_of(m->key, m->cap, key);
	if (!m->key[i]) {
		m->key[i] = key;
		m->n++;
	}
	return &m->val[i];
}

const uint8_t *nw_idmap_get(const struct nw_idmap *m, uint64_t key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	if (!key)
		key = 1;
	i = slot_of(m->key, m->cap, key);
	return m->key[i] ? &m->val[i] : NULL;
}

void nw_idmap_release(struct nw_idmap *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}
