/*
 * arena.h - one bump allocator per document.
 *
 * Everything derived from one article (its parsed feed item, extracted text,
 * entities, events, copies of strings owned by libxml2 or libstemmer) lives
 * in one arena and is released at once after the record is written.  Blocks
 * are 64 KiB unless one allocation needs more; a typical article uses a few
 * blocks.  Allocation never fails silently: NULL means out of memory.
 *
 * Ownership: the arena owns every pointer it returns; nw_arena_release frees
 * them all and leaves the arena ready for reuse.
 */
#ifndef NW_ARENA_H
#define NW_ARENA_H

#include <stddef.h>

struct nw_arena_block;

struct nw_arena {
	struct nw_arena_block *head;
	size_t used_total;
};

void nw_arena_init(struct nw_arena *a);
void nw_arena_release(struct nw_arena *a);
/* Free everything but keep one block for reuse: a loop's scratch arena. */
void nw_arena_reset(struct nw_arena *a);

/* Aligned for any type; zero-filled. */
void *nw_arena_alloc(struct nw_arena *a, size_t n);
/* The same, not zero-filled: for arrays the caller fills before reading. */
void *nw_arena_alloc_raw(struct nw_arena *a, size_t n);
/* Copy n bytes and add a NUL. */
char *nw_arena_strndup(struct nw_arena *a, const char *s, size_t n);
char *nw_arena_strdup(struct nw_arena *a, const char *s);
char *nw_arena_printf(struct nw_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
