/*
 * buf.c - growable capped buffer; see buf.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "buf.h"

static char empty[1];

void nw_buf_init(struct nw_buf *b, size_t max)
{
	b->data = empty;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void nw_buf_release(struct nw_buf *b)
{
	if (b->cap)
		free(b->data);
	nw_buf_init(b, b->max);
}

char *nw_buf_detach(struct nw_buf *b, size_t *len)
{
	char *p = b->cap ? b->data : strdup("");

	if (len)
		*len = b->len;
	nw_buf_init(b, b->max);
	return p;
}

void nw_buf_reset(struct nw_buf *b)
{
	nw_buf_truncate(b, 0);
}

void nw_buf_truncate(struct nw_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		if (b->cap)
			b->data[len] = '\0';
	}
}

static int grow(struct nw_buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (extra > b->max - b->len)
		return NW_ETOOBIG;
	want = b->len + extra + 1;
	if (want <= b->cap)
		return NW_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap < ((size_t)-1) / 4 ? cap * 2 : want;
	p = b->cap ? realloc(b->data, cap) : malloc(cap);
	if (!p)
		return NW_ENOMEM;
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return NW_OK;
}

int nw_grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return NW_OK;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			return NW_ENOMEM;
		c *= 2;
	}
	if (size && c > SIZE_MAX / size)
		return NW_ENOMEM;
	if (!(q = realloc(*p, c * size)))
		return NW_ENOMEM;
	*p = q;
	*cap = c;
	return NW_OK;
}

int nw_buf_add(struct nw_buf *b, const void *p, size_t n)
{
	int rc;

	if (n == 0)
		return NW_OK;
	if ((rc = grow(b, n)))
		return rc;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return NW_OK;
}

int nw_buf_addstr(struct nw_buf *b, const char *s)
{
	return nw_buf_add(b, s, strlen(s));
}

int nw_buf_addch(struct nw_buf *b, int c)
{
	char ch = (char)c;

	return nw_buf_add(b, &ch, 1);
}

int nw_buf_vprintf(struct nw_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return NW_EINVAL;
	if ((rc = grow(b, (size_t)n)))
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return NW_OK;
}

int nw_buf_printf(struct nw_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = nw_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

int nw_buf_read_file(struct nw_buf *b, const char *path, struct nw_err *e)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char chunk[65536];
	size_t n;
	int rc = NW_OK;

	if (!f)
		return nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if ((rc = nw_buf_add(b, chunk, n))) {
			nw_errorf(e, rc, "%s: %s (limit %zu bytes)", path, nw_strcode(rc), b->max);
			break;
		}
	}
	if (!rc && ferror(f))
		rc = nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	if (f != stdin)
		fclose(f);
	return rc;
}
