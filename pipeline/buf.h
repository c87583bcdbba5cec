/*
 * buf.h - a growable byte buffer with a hard size cap.
 *
 * Invariants (as git's strbuf): after nw_buf_init, b->data is never NULL and
 * b->data[b->len] is always '\0', so the contents can be used as a C string
 * when they hold no NUL.  Every append fails with NW_ETOOBIG, leaving the
 * buffer unchanged, when it would make len exceed max (as curl's dynbuf):
 * everything read off the network goes through one of these.
 *
 * Ownership: the buffer owns data; nw_buf_release frees it and re-inits,
 * nw_buf_detach hands it to the caller (free() it).
 */
#ifndef NW_BUF_H
#define NW_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct nw_err;

struct nw_buf {
	char *data;
	size_t len;
	size_t cap; /* allocated bytes; 0 while data points at a shared "" */
	size_t max; /* hard cap on len */
};

#define NW_BUF_NOCAP ((size_t)-1 / 2)

void nw_buf_init(struct nw_buf *b, size_t max);
void nw_buf_release(struct nw_buf *b);
char *nw_buf_detach(struct nw_buf *b, size_t *len);
void nw_buf_reset(struct nw_buf *b);
void nw_buf_truncate(struct nw_buf *b, size_t len);

int nw_buf_add(struct nw_buf *b, const void *p, size_t n);
int nw_buf_addstr(struct nw_buf *b, const char *s);
int nw_buf_addch(struct nw_buf *b, int c);
int nw_buf_printf(struct nw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int nw_buf_vprintf(struct nw_buf *b, const char *fmt, va_list ap);

/*
 * Make the array *p (of *cap elements of size bytes) hold at least need
 * elements, doubling from 16; *p and *cap change only on success.  The one
 * growth rule for every array that is not a byte buffer.  Returns NW_OK or
 * NW_ENOMEM (also when the size would overflow).
 */
int nw_grow(void **p, size_t *cap, size_t need, size_t size);

/* Read a whole file (or stdin for "-") into b; NW_ETOOBIG past b->max. */
int nw_buf_read_file(struct nw_buf *b, const char *path, struct nw_err *e);

#endif
