/*
 * extract.h - an article page's HTML to its main text and metadata.
 *
 * Parses the page with libxml2's HTML parser (NW_HTML_OPTS), finds the
 * charset (BOM, charset_hint from HTTP, <meta>), removes boilerplate
 * (navigation, related links, ads, cookie banners, comments, footers) and
 * keeps the main text as paragraphs separated by a blank line.  Also reads
 * the title, publication time, author, canonical URL and language.
 *
 * Ownership: every string in struct nw_article lives in the arena passed to
 * nw_extract and dies with it.
 */
#ifndef NW_EXTRACT_H
#define NW_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

struct nw_arena;
struct nw_buf;
struct nw_err;

struct nw_article {
	const char *title;  /* NULL when none found */
	const char *author; /* NULL when none found */
	const char *lang;   /* "en", ...; never NULL ("und" when unknown) */
	const char *url;    /* canonical URL (absolute), NULL when none */
	const char *text;   /* main text, valid UTF-8, never NULL */
	size_t text_len;
	int64_t published; /* NW_DATE_NONE when none found */
};

/*
 * Pages larger than this are refused (NW_ETOOBIG) before parsing: the tree
 * costs about seven times the page, and no article is that big (the
 * command line and the fetcher cap documents at 16 MiB already).
 */
#define NW_EXTRACT_MAX (32u << 20)

/*
 * Extract n bytes of html.  charset_hint is the HTTP Content-Type charset
 * (or NULL); base_url (or NULL) resolves a relative canonical link.
 * Returns NW_OK, NW_EPARSE when the bytes are not an HTML page at all,
 * NW_ETOOBIG past NW_EXTRACT_MAX bytes, or NW_ENOMEM.
 */
int nw_extract(const char *html, size_t n, const char *charset_hint, const char *base_url,
	       struct nw_arena *a, struct nw_article *out, struct nw_err *e);

/* Append SPEC's {"title","published","author","lang","url","text"} object. */
int nw_article_json(const struct nw_article *art, struct nw_buf *b);

#endif
