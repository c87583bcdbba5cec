/*
 * feed.h - RSS and Atom feeds to a list of items.
 *
 * Parses RSS 2.0 (and 0.9x), RSS 1.0/RDF and Atom 1.0 (and 0.3) with
 * libxml2 (NW_XML_OPTS; a recovering parse when the strict one fails).
 * Titles, summaries and content come out as plain text (markup stripped,
 * entities decoded, valid UTF-8); links are absolute, resolved against
 * xml:base and then base_url (the feed document's own location, as RFC 3986
 * says; never the channel's <link>, which is the site's home page).
 *
 * At most NW_FEED_MAX_ITEMS items are kept (in document order); the rest
 * of a larger feed is ignored, not an error.
 *
 * Ownership: every string in struct nw_feed lives in the arena passed to
 * nw_feed_parse and dies with it.
 */
#ifndef NW_FEED_H
#define NW_FEED_H

#include <stddef.h>
#include <stdint.h>

#define NW_FEED_MAX_ITEMS 10000

struct nw_arena;
struct nw_buf;
struct nw_err;

struct nw_feed_item {
	const char *id;	     /* guid / atom:id, else the link; NULL when neither */
	const char *title;   /* NULL when absent */
	const char *link;    /* absolute, NULL when absent */
	const char *author;  /* NULL when absent */
	const char *summary; /* plain text, NULL when absent */
	const char *content; /* plain text of content:encoded / atom:content */
	int64_t published;   /* NW_DATE_NONE when absent or unparseable */
	int64_t updated;     /* NW_DATE_NONE when absent or unparseable */
};

struct nw_feed {
	const char *format; /* "rss", "rdf" or "atom" */
	const char *title;
	const char *link;
	struct nw_feed_item *items;
	size_t nitems;
};

/*
 * Parse n bytes of data.  base_url (may be NULL) is where the feed was
 * fetched from.  Returns NW_OK, or NW_EPARSE with a message saying why
 * (not XML, not a feed, line of the first fatal error).
 */
int nw_feed_parse(const char *data, size_t n, const char *base_url, struct nw_arena *a,
		  struct nw_feed *out, struct nw_err *e);

/* Append the feed as SPEC's JSON object (no trailing newline). */
int nw_feed_json(const struct nw_feed *f, struct nw_buf *b);

#endif
