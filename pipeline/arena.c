/*
 * arena.c - bump allocator; see arena.h.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define BLOCK_SIZE (64 * 1024)

struct nw_arena_block {
	struct nw_arena_block *next;
	size_t size, used;
	alignas(max_align_t) unsigned char mem[];
};

void nw_arena_init(struct nw_arena *a)
{
	a->head = NULL;
	a->used_total = 0;
}

void nw_arena_release(struct nw_arena *a)
{
	struct nw_arena_block *b = a->head, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	nw_arena_init(a);
}

void nw_arena_reset(struct nw_arena *a)
{
	struct nw_arena_block *keep = a->head, *b, *next;

	if (!keep)
		return;
	for (b = keep->next; b; b = next) {
		next = b->next;
		free(b);
	}
	keep->next = NULL;
	keep->used = 0;
	a->used_total = 0;
}

void *nw_arena_alloc(struct nw_arena *a, size_t n)
{
	void *p = nw_arena_alloc_raw(a, n);

	if (p)
		memset(p, 0, n);
	return p;
}

void *nw_arena_alloc_raw(struct nw_arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	struct nw_arena_block *b = a->head;
	size_t at;

	if (n > SIZE_MAX / 2)
		return NULL; /* no document needs it; rounding would wrap */
	n = (n + align - 1) & ~(align - 1);
	if (!n)
		n = align;
	if (!b || b->size - b->used < n) {
		size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;

		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->size = size;
		b->used = 0;
		/* An oversized block goes second so the current block keeps filling. */
		if (a->head && n > BLOCK_SIZE) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	at = b->used;
	b->used += n;
	a->used_total += n;
	return b->mem + at;
}

char *nw_arena_strndup(struct nw_arena *a, const char *s, size_t n)
{
	char *p = nw_arena_alloc(a, n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *nw_arena_strdup(struct nw_arena *a, const char *s)
{
	return s ? nw_arena_strndup(a, s, strlen(s)) : NULL;
}

char *nw_arena_printf(struct nw_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(p = nw_arena_alloc(a, (size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
