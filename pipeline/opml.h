/*
 * opml.h - the feeds of an OPML subscription list.
 *
 * Feed readers export their subscriptions as OPML 1.0/2.0: a tree of
 * <outline> elements in <body>, where each feed is an outline with an
 * xmlUrl attribute (and usually text, title, htmlUrl) and the others are
 * folders.  nw_opml_parse collects the feeds in document order, folders
 * flattened.  Parsing is libxml2 with NW_XML_OPTS (no network, no entity
 * expansion), then a recovering parse for the broken files some readers
 * write.  Only http(s) feed URLs are kept; others are counted as skipped.
 * At most NW_OPML_MAX_FEEDS feeds are read.
 *
 * nw_opml_name turns an outline's title into a feed name as feeds.conf
 * wants it: [a-z0-9-], no white space, at most NW_OPML_NAME_MAX bytes.
 *
 * Ownership: the strings and the array live in the arena given.
 */
#ifndef NW_OPML_H
#define NW_OPML_H

#include <stddef.h>

struct nw_arena;
struct nw_err;

#define NW_OPML_MAX_FEEDS 100000
#define NW_OPML_NAME_MAX 40

struct nw_opml_feed {
	const char *title; /* title, else text; NULL when neither */
	const char *url;   /* xmlUrl, an http(s) URL */
};

struct nw_opml {
	struct nw_opml_feed *feed;
	size_t n;
	size_t skipped; /* outlines whose xmlUrl is not an http(s) URL */
};

/* NW_EPARSE (not XML, or no <opml> root) with the reason in e. */
int nw_opml_parse(const char *data, size_t n, struct nw_arena *a, struct nw_opml *out,
		  struct nw_err *e);

/*
 * The name for a feed: title's ASCII letters and digits, lowercased, each
 * run of anything else one '-'; else the URL's host without "www."; else
 * "feed".  out needs NW_OPML_NAME_MAX + 1 bytes.
 */
void nw_opml_name(const char *title, const char *url, char *out);

#endif
