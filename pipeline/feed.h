/*
 * feed.h - RSS and Atom feeds to a list of items.
 *
 * Parses RSS 0.90/0.91/0.92/2.0, RSS 1.0 (RDF) and Atom 0.3 and 1.0 with
 * libxml2, after decoding the bytes to UTF-8 itself (nw_charset_xml_utf8:
 * byte order mark, HTTP charset, XML declaration, checked against the
 * bytes); a recovering parse of repaired bytes when the strict one fails.
 * Titles, summaries and content come out as plain text (markup stripped,
 * entities decoded, HTML escaped twice stripped too, valid UTF-8); links
 * are absolute, resolved against xml:base and then base_url (the feed
 * document's own location, as RFC 3986 says; the channel's <link>, the
 * site's home page, only when base_url is unknown).  Common modules fill
 * what the core elements lack: content:encoded, dc:date, dc:creator,
 * dcterms:issued/modified, media:title/description/credit and
 * feedburner:origLink.
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
	/*
	 * A stable key for the item: the guid / atom:id, else the link (RSS
	 * 1.0: else rdf:about), else "nw:" and 16 hex digits of the FNV-1a
	 * hash of the title (or the summary, or the content, when there is no
	 * title), a newline and the published time in ISO-8601 ("" when
	 * none): the same in any feed and any run.  NULL only when the item
	 * has no text and no date at all.
	 */
	const char *id;
	const char *title;   /* NULL when absent */
	const char *link;    /* absolute, NULL when absent */
	const char *author;  /* NULL when absent */
	const char *summary; /* plain text, NULL when absent */
	const char *content; /* plain text of content:encoded / atom:content */
	int64_t published;   /* NW_DATE_NONE when absent or unparseable */
	int64_t updated;     /* NW_DATE_NONE when absent or unparseable */
	/*
	 * The link to compare items by (not printed): feedburner:origLink when
	 * there is one, else link, through nw_feed_canonical_link.  Two feeds
	 * that carry the same article, or a feed that changes an item's guid,
	 * give the same canonical_link.  NULL when there is no link.
	 */
	const char *canonical_link;
};

struct nw_feed {
	const char *format;   /* "rss", "rdf" or "atom" */
	const char *version;  /* "2.0", "0.91", "1.0", "0.3"...; "" when undeclared */
	const char *encoding; /* the charset the bytes were decoded from */
	const char *title;
	const char *link;
	long ttl; /* RSS <ttl> in seconds (how long to cache it), -1 when absent */
	struct nw_feed_item *items;
	size_t nitems;
};

/*
 * Parse n bytes of data.  charset (may be NULL or "") is the charset of the
 * HTTP Content-Type (nw_charset_of_content_type); base_url (may be NULL)
 * is where the feed was fetched from.  Returns NW_OK; NW_EPARSE with a
 * message saying why (not XML and libxml2's reason with its line, or not a
 * feed and the root element found); NW_ETOOBIG past 256 MiB; NW_ENOMEM.
 */
int nw_feed_parse(const char *data, size_t n, const char *charset, const char *base_url,
		  struct nw_arena *a, struct nw_feed *out, struct nw_err *e);

/*
 * The URL in a canonical form for comparing (RFC 3986 section 6 plus
 * tracking parameters), copied into a: scheme and host lowercased, the
 * default port and the fragment dropped, an empty http(s) path made "/",
 * percent-escapes of unreserved characters decoded and the others
 * uppercased, and query parameters utm_*, fbclid, gclid, mc_cid and mc_eid
 * removed (with the "?" when none is left).  Still a usable URL.  NULL when
 * url is NULL or empty, or out of memory.
 */
const char *nw_feed_canonical_link(struct nw_arena *a, const char *url);

/* Append the feed as SPEC's JSON object (no trailing newline). */
int nw_feed_json(const struct nw_feed *f, struct nw_buf *b);

#endif
