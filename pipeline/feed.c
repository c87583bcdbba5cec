/*
 * feed.c - RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 documents to a
 * struct nw_feed.
 *
 * The bytes are first decoded to UTF-8 here (nw_charset_xml_utf8), not by
 * libxml2: libxml2 2.9 stops at the first byte iconv rejects, and a feed
 * that lies about its encoding would be lost.  The UTF-8 is then parsed
 * once with libxml2's DOM parser (NW_XML_UTF8_OPTS: no network, no entity
 * substitution, no DTD loading, the declaration's encoding ignored; no
 * encoding argument, see xmlopts.h).  When
 * that fails, the bytes are repaired the way feeds usually break (junk
 * before the XML declaration or the root is cut; a bare "&" becomes
 * "&amp;"; an HTML entity such as "&nbsp;" that XML does not know becomes a
 * character reference; control characters and references to characters
 * XML forbids go; the tags of HTML elements no feed format has, such as
 * <b> or <br>, are escaped into text, since unescaped HTML is what usually
 * broke the nesting; CDATA and comments are left alone) and parsed again with
 * NW_XML_UTF8_RECOVER_OPTS, which also copes with bad nesting and
 * truncation.  The document URL is deliberately not given to libxml2:
 * xmlNodeGetBase then yields only the xml:base chain, and links are
 * resolved against that chain, then base_url (where the document came
 * from, as RFC 3986 says), and only when there is no base_url against the
 * feed's own link.
 *
 * Elements are matched by local name and namespace URI (RSS 2.0 elements
 * have none and are matched regardless of case, as broken feeds write
 * <pubdate>; RSS 1.0/0.90 have theirs; Atom 1.0 and 0.3 differ).  Text is
 * gathered from text and CDATA nodes only: entity reference nodes are never
 * expanded (a billion-laughs DTD costs nothing, an external entity is never
 * read), except that an undeclared reference to a known HTML entity yields
 * its character.  Titles, summaries and content go through
 * nw_html_fragment_text; ids, links, authors and dates are trimmed plain
 * text.  Module elements (content:, dc:, dcterms:, media:, feedburner:) are
 * collected on the side and only fill what the core elements left empty.
 * At most NW_FEED_MAX_ITEMS items are kept.  Every string is copied into
 * the caller's arena; empty strings become NULL.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "err.h"
#include "buf.h"
#include "arena.h"
#include "utf8.h"
#include "json.h"
#include "date.h"
#include "hash.h"
#include "html.h"
#include "charset.h"
#include "xmlopts.h"
#include "feed.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_FEEDBURNER "http://rssnamespace.org/feedburner/ext/1.0"

/* The biggest feed accepted; its UTF-8 (at most 3 bytes a byte) fits an int. */
#define MAX_FEED_BYTES ((size_t)INT_MAX / 8)

/* Namespaces that RSS elements are found in besides none at all. */
static const char *const rss_namespaces[] = {
    "http://purl.org/rss/1.0/",
    NS_RSS090,
    "http://backend.userland.com/rss2",
    "http://backend.userland.com/rss",
};

/* Media RSS, with and without the trailing slash found in the wild. */
static const char *const media_namespaces[] = {
    "http://search.yahoo.com/mrss/",
    "http://search.yahoo.com/mrss",
};

/*
 * HTML element names that no feed format uses, sorted for bsearch: in a
 * feed that failed to parse, their tags are escaped into text (see
 * repair()), as they are usually HTML a feed forgot to escape, unclosed
 * ("<br>", "<b>bold</title>").
 */
static const char *const html_only_tags[] = {
    "a",	  "abbr",   "b",      "big",	"blockquote", "br",    "center", "cite",
    "code",	  "dd",	    "del",    "div",	"dl",	      "dt",    "em",	 "embed",
    "figcaption", "figure", "font",   "h1",	"h2",	      "h3",    "h4",	 "h5",
    "h6",	  "hr",	    "i",      "iframe", "img",	      "ins",   "li",	 "mark",
    "noscript",	  "object", "ol",     "p",	"pre",	      "q",     "s",	 "small",
    "span",	  "strike", "strong", "sub",	"sup",	      "table", "tbody",	 "td",
    "tfoot",	  "th",	    "thead",  "tr",	"tt",	      "u",     "ul",	 "video",
};

/* Query parameters that only track clicks: dropped from canonical links. */
static const char *const tracking_params[] = {"fbclid", "gclid", "mc_cid", "mc_eid"};

/* A name pattern matching any RSS namespace (or none) in is_el(). */
#define NS_RSS ((const char *)0)

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct ctx {
	xmlDocPtr doc;
	struct nw_arena *a;
	const char *atom_ns;	 /* the Atom namespace of this feed */
	const char *base_url;	 /* where the feed came from, may be NULL */
	const char *feed_link;	 /* absolute feed link, base for relative links */
	const char *feed_author; /* Atom: inherited by entries without one */
	struct nw_buf raw;	 /* gathered markup, reused per field */
	struct nw_buf text;	 /* finished text, reused per field */
};

/*
 * What an item offers besides its core fields: fallbacks, settled by
 * settle_item once the whole item has been read.
 */
struct extra {
	const char *guid; /* RSS <guid> */
	int permalink;	  /* the guid is a permalink (RSS 2.0 default) */
	int link_rank;	  /* how good it->link is, see link_rank() */
	const char *orig_link, *about;
	const char *encoded, *dc_creator, *dc_title, *dc_desc;
	const char *media_title, *media_desc, *media_credit;
	int64_t dc_date, issued, created, modified;
};

/* How a field's children become text for the HTML parser, or plain text. */
enum gather_mode {
	G_PLAIN, /* text of text nodes and of child elements */
	G_HTML,	 /* text nodes are markup, child elements serialized */
	G_XHTML, /* text nodes escaped, child elements serialized */
};

/* ---- matching ---- */

static const char *ns_of(const xmlNode *n)
{
	return n->ns && n->ns->href ? (const char *)n->ns->href : NULL;
}

static int in_list(const char *s, const char *const *list, size_t count)
{
	size_t i;

	for (i = 0; s && i < count; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

/* Element n named name in namespace ns (NS_RSS: any RSS namespace or none). */
static int is_el(const xmlNode *n, const char *ns, const char *name)
{
	const char *have;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	have = ns_of(n);
	if (ns == NS_RSS)
		return (!have || in_list(have, rss_namespaces, COUNT(rss_namespaces))) &&
		       !strcasecmp((const char *)n->name, name);
	return !strcmp((const char *)n->name, name) && have && !strcmp(have, ns);
}

static int is_media(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name) &&
	       in_list(ns_of(n), media_namespaces, COUNT(media_namespaces));
}

static xmlNode *first_child(xmlNode *parent, const char *ns, const char *name)
{
	xmlNode *n;

	for (n = parent->children; n; n = n->next)
		if (is_el(n, ns, name))
			return n;
	return NULL;
}

/* An attribute without namespace; caller xmlFree()s. */
static xmlChar *attr(xmlNode *n, const char *name)
{
	return xmlGetNoNsProp(n, (const xmlChar *)name);
}

static int attr_is(xmlNode *n, const char *name, const char *want)
{
	xmlChar *v = attr(n, name);
	int eq = v && !xmlStrcasecmp(v, (const xmlChar *)want);

	xmlFree(v);
	return eq;
}

static int attr_has(xmlNode *n, const char *name, const char *part)
{
	xmlChar *v = attr(n, name);
	int has = v && strcasestr((const char *)v, part);

	xmlFree(v);
	return has;
}

/* ---- gathering text ---- */

/* An undeclared "&nbsp;" left by a feed with an unread DTD: its character. */
static int entity_text(struct ctx *c, const xmlNode *n, struct nw_buf *b)
{
	const htmlEntityDesc *d;
	char utf8[4];

	if (xmlGetDocEntity(c->doc, n->name))
		return NW_OK; /* declared: never expanded, see the top of the file */
	d = htmlEntityLookup(n->name);
	if (!d)
		return NW_OK;
	return nw_buf_add(b, utf8, nw_utf8_encode(d->value, utf8));
}

static int dump_element(struct ctx *c, xmlNode *n, struct nw_buf *b)
{
	xmlBufferPtr xb = xmlBufferCreate();
	int rc = NW_ENOMEM;

	if (!xb)
		return rc;
	if (xmlNodeDump(xb, c->doc, n, 0, 0) >= 0)
		rc = nw_buf_add(b, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
	return rc;
}

/* Text as markup for the HTML parser: "<" "&" ">" escaped. */
static int add_escaped(struct nw_buf *b, const char *s)
{
	size_t run;
	int rc = NW_OK;

	while (*s && !rc) {
		run = strcspn(s, "<&>");
		if ((rc = nw_buf_add(b, s, run)) || !s[run])
			break;
		s += run;
		rc = nw_buf_addstr(b, *s == '<' ? "&lt;" : *s == '&' ? "&amp;" : "&gt;");
		s++;
	}
	return rc;
}

/*
 * Append the text under el to b (see enum gather_mode).  G_HTML serializes
 * child elements for HTML a broken feed forgot to escape.  Recursion is
 * bounded by libxml2's depth limit (256; XML_PARSE_HUGE is never used).
 */
static int gather(struct ctx *c, xmlNode *el, enum gather_mode mode, struct nw_buf *b)
{
	xmlNode *n;
	int rc = NW_OK;

	for (n = el->children; n && !rc; n = n->next) {
		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (!n->content)
				break;
			if (mode == G_XHTML)
				rc = add_escaped(b, (const char *)n->content);
			else
				rc = nw_buf_addstr(b, (const char *)n->content);
			break;
		case XML_ENTITY_REF_NODE:
			rc = entity_text(c, n, b);
			break;
		case XML_ELEMENT_NODE:
			rc = mode == G_PLAIN ? gather(c, n, G_PLAIN, b) : dump_element(c, n, b);
			break;
		default:
			break;
		}
	}
	return rc;
}

static int is_space(char ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r');
}

/* Collapse white-space runs to one space and trim, into out (valid UTF-8). */
static int squeeze(const char *s, size_t n, struct nw_buf *out)
{
	size_t i = 0, start;
	int rc;

	while (i < n) {
		while (i < n && is_space(s[i]))
			i++;
		start = i;
		while (i < n && !is_space(s[i]))
			i++;
		if (i == start)
			break;
		if (out->len && (rc = nw_buf_addch(out, ' ')))
			return rc;
		if ((rc = nw_utf8_repair(out, s + start, i - start)))
			return rc;
	}
	return NW_OK;
}

/* Plain trimmed text of el in c->text; valid until the next field. */
static int plain_tmp(struct ctx *c, xmlNode *el)
{
	int rc;

	nw_buf_reset(&c->raw);
	nw_buf_reset(&c->text);
	if ((rc = gather(c, el, G_PLAIN, &c->raw)))
		return rc;
	return squeeze(c->raw.data, c->raw.len, &c->text);
}

/* c->text copied into the arena; NULL when empty (or *rc set on failure). */
static const char *keep_text(struct ctx *c, int *rc)
{
	char *s;

	if (*rc || c->text.len == 0)
		return NULL;
	s = nw_arena_strndup(c->a, c->text.data, c->text.len);
	if (!s)
		*rc = NW_ENOMEM;
	return s;
}

static const char *plain_field(struct ctx *c, xmlNode *el, int *rc)
{
	if (!*rc)
		*rc = plain_tmp(c, el);
	return keep_text(c, rc);
}

static const char *markup_field(struct ctx *c, xmlNode *el, enum gather_mode mode, int *rc)
{
	if (*rc)
		return NULL;
	nw_buf_reset(&c->raw);
	nw_buf_reset(&c->text);
	if (!(*rc = gather(c, el, mode, &c->raw)))
		*rc = nw_html_fragment_text(c->raw.data, c->raw.len, &c->text);
	return keep_text(c, rc);
}

static const char *html_field(struct ctx *c, xmlNode *el, int *rc)
{
	return markup_field(c, el, G_HTML, rc);
}

static int64_t date_field(struct ctx *c, xmlNode *el, int *rc)
{
	if (*rc || (*rc = plain_tmp(c, el)))
		return NW_DATE_NONE;
	return nw_date_parse(c->text.data, c->text.len);
}

/* ---- Atom text constructs ---- */

static int base64_value(int ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '+' || ch == '-')
		return 62;
	if (ch == '/' || ch == '_')
		return 63;
	return -1;
}

/* Base64 (white space and junk skipped, "=" ends it) appended to out. */
static int base64_decode(const char *s, size_t n, struct nw_buf *out)
{
	uint32_t acc = 0;
	int bits = 0, v, rc;
	size_t i;

	for (i = 0; i < n && s[i] != '='; i++) {
		if ((v = base64_value((unsigned char)s[i])) < 0)
			continue;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if ((rc = nw_buf_addch(out, (int)((acc >> bits) & 0xFF))))
				return rc;
			acc &= (1u << bits) - 1;
		}
	}
	return NW_OK;
}

/* Atom 0.3 mode="base64": the decoded bytes, as HTML or as plain text. */
static const char *atom_base64(struct ctx *c, xmlNode *el, int html, int *rc)
{
	struct nw_buf bin;

	if (*rc)
		return NULL;
	nw_buf_init(&bin, NW_BUF_NOCAP);
	nw_buf_reset(&c->raw);
	nw_buf_reset(&c->text);
	if (!(*rc = gather(c, el, G_PLAIN, &c->raw)) &&
	    !(*rc = base64_decode(c->raw.data, c->raw.len, &bin)))
		*rc = html ? nw_html_fragment_text(bin.data, bin.len, &c->text)
			   : squeeze(bin.data, bin.len, &c->text);
	nw_buf_release(&bin);
	return keep_text(c, rc);
}

static const char *atom_text(struct ctx *c, xmlNode *el, int *rc);

/* Atom 0.3 multipart/alternative: the HTML part, else the first one. */
static const char *atom_alternative(struct ctx *c, xmlNode *el, int *rc)
{
	xmlNode *n, *pick = NULL;

	for (n = el->children; n; n = n->next) {
		if (!is_el(n, c->atom_ns, "content") || attr_is(n, "type", "multipart/alternative"))
			continue;
		if (!pick)
			pick = n;
		if (attr_has(n, "type", "html")) {
			pick = n;
			break;
		}
	}
	return pick ? atom_text(c, pick, rc) : NULL;
}

/*
 * An Atom text construct: type text (default), html or xhtml in 1.0; a
 * MIME type (default text/plain) with mode xml (default), escaped or
 * base64 in 0.3.  Out-of-line (src=) and non-text content has no text.
 */
static const char *atom_text(struct ctx *c, xmlNode *el, int *rc)
{
	xmlChar *type = attr(el, "type"), *mode = attr(el, "mode"), *src = attr(el, "src");
	const char *t = type ? (const char *)type : "text";
	const char *m = mode ? (const char *)mode : "";
	int html = strcasestr(t, "html") != NULL, xhtml = strcasestr(t, "xhtml") != NULL;
	int text = !strcasecmp(t, "text") || !strncasecmp(t, "text/", 5);
	const char *res = NULL;

	if (src)
		res = NULL;
	else if (!strcasecmp(t, "multipart/alternative"))
		res = atom_alternative(c, el, rc);
	else if (!strcasecmp(m, "base64"))
		res = html || text ? atom_base64(c, el, html, rc) : NULL;
	else if (xhtml || (html && !strcasecmp(m, "xml")))
		res = markup_field(c, el, G_XHTML, rc);
	else if (html)
		res = markup_field(c, el, G_HTML, rc);
	else if (text)
		res = plain_field(c, el, rc);
	xmlFree(type);
	xmlFree(mode);
	xmlFree(src);
	return res;
}

/* ---- links ---- */

/* "scheme:" at the start (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )). */
static size_t scheme_len(const char *u)
{
	const char *p = u;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':' ? (size_t)(p - u) : 0;
}

static int has_scheme(const char *u)
{
	return scheme_len(u) > 0;
}

/*
 * href resolved against the xml:base chain at el, then base_url, or the
 * feed's link when no base_url is known; kept as written when there is
 * nothing to resolve against; NULL when it cannot be made absolute.
 */
static const char *resolve(struct ctx *c, xmlNode *el, const char *href, int *rc)
{
	const char *fallback = c->base_url ? c->base_url : c->feed_link;
	xmlChar *xbase = xmlNodeGetBase(c->doc, el), *base = NULL, *abs = NULL;
	const xmlChar *use = (const xmlChar *)fallback;
	const char *res;

	if (xbase && fallback)
		base = xmlBuildURI(xbase, (const xmlChar *)fallback);
	if (base)
		use = base;
	else if (xbase)
		use = xbase;
	if (use)
		abs = xmlBuildURI((const xmlChar *)href, use);
	if (use && !abs) {
		/* "/news/a b.html", "/x/[1].html": percent-encode what a URI may not
		 * hold raw and try again; a link still unusable is dropped */
		xmlChar *esc =
		    xmlURIEscapeStr((const xmlChar *)href, (const xmlChar *)":/?#@!$&'()*+,;=%~");

		if (esc)
			abs = xmlBuildURI(esc, use);
		xmlFree(esc);
	}
	/* a broken base (xml:base="\xe4ttp://...") leaves the link relative: drop it */
	if (use && (!abs || !has_scheme((const char *)abs))) {
		xmlFree(xbase);
		xmlFree(base);
		xmlFree(abs);
		return NULL;
	}
	res = nw_arena_strdup(c->a, abs ? (const char *)abs : href);
	if (!res)
		*rc = NW_ENOMEM;
	xmlFree(xbase);
	xmlFree(base);
	xmlFree(abs);
	return res;
}

/* An attribute value squeezed and resolved; NULL when absent or empty. */
static const char *href_attr(struct ctx *c, xmlNode *el, const char *name, int *rc)
{
	xmlChar *href = attr(el, name);
	const char *res = NULL;

	if (href && !*rc) {
		nw_buf_reset(&c->text);
		*rc = squeeze((const char *)href, (size_t)xmlStrlen(href), &c->text);
		if (!*rc && c->text.len)
			res = resolve(c, el, c->text.data, rc);
	}
	xmlFree(href);
	return res;
}

/* The text of a <link> element (or its href=, which some RSS feeds use), resolved. */
static const char *link_text(struct ctx *c, xmlNode *el, int *rc)
{
	const char *href = plain_field(c, el, rc);

	return href ? resolve(c, el, href, rc) : href_attr(c, el, "href", rc);
}

/*
 * How good an Atom <link> is as the item's page: 2 for an alternate (no
 * rel means alternate) of an HTML type or none, 1 for another alternate
 * (a PDF, a feed), 0 for enclosures, self links and the like.
 */
static int link_rank(xmlNode *el)
{
	xmlChar *rel = attr(el, "rel"), *type = attr(el, "type");
	int rank = 0;

	if (!rel || !xmlStrcasecmp(rel, (const xmlChar *)"alternate") ||
	    !xmlStrcmp(rel, (const xmlChar *)"http://www.iana.org/assignments/relation/alternate"))
		rank = !type || strcasestr((const char *)type, "html") ? 2 : 1;
	xmlFree(rel);
	xmlFree(type);
	return rank;
}

/* An RSS <link>: better than any atom:link (rank 3), unless empty. */
static void rss_link(struct ctx *c, xmlNode *el, const char **link, int *rank, int *rc)
{
	const char *href;

	if (*rank < 3 && (href = link_text(c, el, rc))) {
		*link = href;
		*rank = 3;
	}
}

/* Take el's link when it ranks better than what *link has. */
static void better_link(struct ctx *c, xmlNode *el, const char **link, int *rank, int *rc)
{
	int r = link_rank(el);
	const char *href;

	if (r > *rank && (href = href_attr(c, el, "href", rc))) {
		*link = href;
		*rank = r;
	}
}

/* ---- canonical links ---- */

static int hex_value(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch |= 0x20;
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

static int is_unreserved(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '.' || ch == '_' || ch == '~';
}

static int add_lower(struct nw_buf *b, const char *s, size_t n)
{
	size_t i;
	int rc = NW_OK;

	for (i = 0; i < n && !rc; i++)
		rc = nw_buf_addch(b, s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	return rc;
}

/* "%7e" becomes "~", "%2f" becomes "%2F" (RFC 3986 section 6.2.2). */
static int add_escapes_normal(struct nw_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;
	int hi, lo, v, rc = NW_OK;

	for (i = 0; i < n && !rc; i++) {
		if (s[i] != '%' || i + 2 >= n || (hi = hex_value((unsigned char)s[i + 1])) < 0 ||
		    (lo = hex_value((unsigned char)s[i + 2])) < 0) {
			rc = nw_buf_addch(b, s[i]);
			continue;
		}
		v = hi * 16 + lo;
		if (is_unreserved(v)) {
			rc = nw_buf_addch(b, v);
		} else if (!(rc = nw_buf_addch(b, '%')) && !(rc = nw_buf_addch(b, hex[hi]))) {
			rc = nw_buf_addch(b, hex[lo]);
		}
		i += 2;
	}
	return rc;
}

static int is_tracking(const char *p, size_t n)
{
	size_t name = 0, i;

	while (name < n && p[name] != '=')
		name++;
	if (name >= 4 && !strncasecmp(p, "utm_", 4))
		return 1;
	for (i = 0; i < COUNT(tracking_params); i++)
		if (strlen(tracking_params[i]) == name && !strncasecmp(p, tracking_params[i], name))
			return 1;
	return 0;
}

/* The query q (n bytes, no "?") without trackers and empty parameters. */
static int add_query(struct nw_buf *b, const char *q, size_t n)
{
	size_t i = 0, len;
	int first = 1, rc = NW_OK;

	while (i <= n && !rc) {
		for (len = 0; i + len < n && q[i + len] != '&'; len++)
			;
		if (len && !is_tracking(q + i, len)) {
			if (!(rc = nw_buf_addch(b, first ? '?' : '&')))
				rc = add_escapes_normal(b, q + i, len);
			first = 0;
		}
		i += len + 1;
	}
	return rc;
}

/*
 * "//user@Host:port" up to end: host lowercased, an empty or default port
 * dropped.  Returns where the path starts.
 */
static const char *add_authority(struct nw_buf *b, const char *p, const char *end, int port_default,
				 int *rc)
{
	const char *auth_end = p, *host = p, *h, *colon = NULL, *port;
	long v = 0;

	while (auth_end < end && *auth_end != '/' && *auth_end != '?')
		auth_end++;
	for (h = p; h < auth_end; h++)
		if (*h == '@')
			host = h + 1;
	/* the port's colon comes after the host, which may be "[::1]" */
	for (h = auth_end; h > host && h[-1] != ']' && !colon; h--)
		if (h[-1] == ':')
			colon = h - 1;
	if ((*rc = nw_buf_add(b, "//", 2)) || (*rc = nw_buf_add(b, p, (size_t)(host - p))) ||
	    (*rc = add_lower(b, host, (size_t)((colon ? colon : auth_end) - host))) || !colon)
		return auth_end;
	for (port = colon + 1; port < auth_end && *port >= '0' && *port <= '9' && v < 100000;
	     port++)
		v = v * 10 + (*port - '0');
	if (colon + 1 < auth_end && (port != auth_end || v != port_default))
		*rc = nw_buf_add(b, colon, (size_t)(auth_end - colon));
	return auth_end;
}

static int canonical(struct nw_buf *b, const char *url)
{
	const char *end = url + strcspn(url, "#"), *p = url, *q;
	size_t slen = scheme_len(url);
	int http = 0, port = -1, rc = NW_OK;

	if (slen && slen < (size_t)(end - url)) {
		if ((rc = add_lower(b, url, slen + 1)))
			return rc;
		http = (slen == 4 && !strncasecmp(url, "http", 4)) ||
		       (slen == 5 && !strncasecmp(url, "https", 5));
		port = slen == 4 ? 80 : slen == 5 ? 443 : -1;
		p = url + slen + 1;
	}
	if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
		p = add_authority(b, p + 2, end, http ? port : -1, &rc);
		if (!rc && http && (p == end || *p == '?'))
			rc = nw_buf_addch(b, '/');
	}
	q = memchr(p, '?', (size_t)(end - p));
	if (!rc)
		rc = add_escapes_normal(b, p, (size_t)((q ? q : end) - p));
	if (!rc && q)
		rc = add_query(b, q + 1, (size_t)(end - q - 1));
	return rc;
}

const char *nw_feed_canonical_link(struct nw_arena *a, const char *url)
{
	struct nw_buf b;
	const char *res = NULL;

	if (!url || !*url)
		return NULL;
	nw_buf_init(&b, NW_BUF_NOCAP);
	if (!canonical(&b, url))
		res = nw_arena_strndup(a, b.data, b.len);
	nw_buf_release(&b);
	return res;
}

/* ---- module elements (any item) ---- */

static const char *media_text(struct ctx *c, xmlNode *el, int *rc)
{
	return attr_is(el, "type", "html") ? html_field(c, el, rc) : plain_field(c, el, rc);
}

/* media:title, media:description and media:credit, also inside group/content. */
static void media_child(struct ctx *c, xmlNode *n, struct extra *x, int depth, int *rc)
{
	xmlNode *k;

	if (is_media(n, "title") && !x->media_title) {
		x->media_title = media_text(c, n, rc);
	} else if (is_media(n, "description") && !x->media_desc) {
		x->media_desc = media_text(c, n, rc);
	} else if (is_media(n, "credit") && !x->media_credit) {
		xmlChar *role = attr(n, "role");

		if (!role || !xmlStrcasecmp(role, (const xmlChar *)"author"))
			x->media_credit = plain_field(c, n, rc);
		xmlFree(role);
	} else if ((is_media(n, "group") || is_media(n, "content")) && depth < 2) {
		for (k = n->children; k && !*rc; k = k->next)
			media_child(c, k, x, depth + 1, rc);
	}
}

static void first_date(struct ctx *c, xmlNode *n, int64_t *t, int *rc)
{
	if (*t == NW_DATE_NONE)
		*t = date_field(c, n, rc);
}

static void first_text(struct ctx *c, xmlNode *n, const char **s, int html, int *rc)
{
	if (!*s)
		*s = html ? html_field(c, n, rc) : plain_field(c, n, rc);
}

/* A module element of an item into x; 0 when n is none of them. */
static int module_child(struct ctx *c, xmlNode *n, struct extra *x, int *rc)
{
	if (is_el(n, NS_CONTENT, "encoded"))
		first_text(c, n, &x->encoded, 1, rc);
	else if (is_el(n, NS_DC, "date"))
		first_date(c, n, &x->dc_date, rc);
	else if (is_el(n, NS_DC, "creator"))
		first_text(c, n, &x->dc_creator, 0, rc);
	else if (is_el(n, NS_DC, "title"))
		first_text(c, n, &x->dc_title, 1, rc);
	else if (is_el(n, NS_DC, "description"))
		first_text(c, n, &x->dc_desc, 1, rc);
	else if (is_el(n, NS_DCTERMS, "issued") || is_el(n, NS_DCTERMS, "date"))
		first_date(c, n, &x->issued, rc);
	else if (is_el(n, NS_DCTERMS, "created"))
		first_date(c, n, &x->created, rc);
	else if (is_el(n, NS_DCTERMS, "modified"))
		first_date(c, n, &x->modified, rc);
	else if (is_el(n, NS_FEEDBURNER, "origLink") && !x->orig_link)
		x->orig_link = link_text(c, n, rc);
	else if (n->type == XML_ELEMENT_NODE &&
		 in_list(ns_of(n), media_namespaces, COUNT(media_namespaces)))
		media_child(c, n, x, 0, rc);
	else
		return 0;
	return 1;
}

static const char *either(const char *a, const char *b)
{
	return a ? a : b;
}

static int64_t either_date(int64_t a, int64_t b)
{
	return a != NW_DATE_NONE ? a : b;
}

/* "nw:" and the hash of the item's text and date; NULL when it has neither. */
static const char *hashed_id(struct ctx *c, const struct nw_feed_item *it, int *rc)
{
	const char *text = either(it->title, either(it->summary, it->content));
	char iso[NW_DATE_ISO_SIZE] = "";
	const char *id;
	uint64_t h;

	if (!text && it->published == NW_DATE_NONE)
		return NULL;
	if (it->published != NW_DATE_NONE)
		nw_date_iso(it->published, iso);
	h = nw_fnv1a_more(nw_fnv1a_more(nw_fnv1a(text ? text : ""), "\n"), iso);
	if (!(id = nw_arena_printf(c->a, "nw:%016" PRIx64, h)))
		*rc = NW_ENOMEM;
	return id;
}

/* Fill the item's gaps from x; then its canonical link and its id. */
static int settle_item(struct ctx *c, struct nw_feed_item *it, const struct extra *x)
{
	const char *canon_from;
	int rc = NW_OK;

	it->title = either(it->title, either(x->dc_title, x->media_title));
	it->summary = either(it->summary, either(x->dc_desc, x->media_desc));
	it->content = either(it->content, x->encoded);
	it->author = either(it->author, either(x->dc_creator, x->media_credit));
	it->published = either_date(it->published, either_date(x->dc_date, x->issued));
	it->published = either_date(it->published, x->created);
	it->updated = either_date(it->updated, x->modified);
	if (!it->link && x->about && strstr(x->about, "://"))
		it->link = x->about;
	canon_from = either(x->orig_link, it->link);
	if (canon_from && !(it->canonical_link = nw_feed_canonical_link(c->a, canon_from)))
		return NW_ENOMEM;
	if (!it->id)
		it->id = either(it->link, x->about);
	if (!it->id)
		it->id = hashed_id(c, it, &rc);
	return rc;
}

static void extra_init(struct extra *x)
{
	memset(x, 0, sizeof(*x));
	x->dc_date = x->issued = x->created = x->modified = NW_DATE_NONE;
}

/* ---- RSS ---- */

static void rss_child(struct ctx *c, xmlNode *n, struct nw_feed_item *it, struct extra *x, int *rc)
{
	if (is_el(n, NS_RSS, "title")) {
		first_text(c, n, &it->title, 1, rc);
	} else if (is_el(n, NS_RSS, "link")) {
		rss_link(c, n, &it->link, &x->link_rank, rc);
	} else if (is_el(n, NS_RSS, "guid") && !x->guid) {
		x->guid = plain_field(c, n, rc);
		x->permalink = !attr_is(n, "isPermaLink", "false");
	} else if (is_el(n, NS_RSS, "pubDate")) {
		first_date(c, n, &it->published, rc);
	} else if (is_el(n, NS_RSS, "author")) {
		first_text(c, n, &it->author, 0, rc);
	} else if (is_el(n, NS_RSS, "description")) {
		first_text(c, n, &it->summary, 1, rc);
	} else if (is_el(n, NS_ATOM, "link")) {
		better_link(c, n, &it->link, &x->link_rank, rc);
	} else if (is_el(n, NS_ATOM, "published")) {
		first_date(c, n, &x->issued, rc);
	} else if (is_el(n, NS_ATOM, "updated")) {
		first_date(c, n, &it->updated, rc);
	} else {
		module_child(c, n, x, rc);
	}
}

static int rss_item(struct ctx *c, xmlNode *item, struct nw_feed_item *it)
{
	struct extra x;
	xmlChar *about = xmlGetNsProp(item, (const xmlChar *)"about", (const xmlChar *)NS_RDF);
	int rc = NW_OK;
	xmlNode *n;

	extra_init(&x);
	for (n = item->children; n && !rc; n = n->next)
		rss_child(c, n, it, &x, &rc);
	/* RSS 2.0: a permalink guid is the item's link when it has none. */
	if (!rc && !it->link && x.guid && x.permalink && strstr(x.guid, "://") &&
	    has_scheme(x.guid) && !strpbrk(x.guid, " \t\n\"<>"))
		it->link = x.guid;
	it->id = x.guid;
	if (!rc && about && *about)
		x.about = resolve(c, item, (const char *)about, &rc);
	xmlFree(about);
	return rc ? rc : settle_item(c, it, &x);
}

/* ---- Atom ---- */

static const char *atom_author(struct ctx *c, xmlNode *author, int *rc)
{
	xmlNode *name = first_child(author, c->atom_ns, "name");

	return name ? plain_field(c, name, rc) : NULL;
}

static void atom_child(struct ctx *c, xmlNode *n, struct nw_feed_item *it, struct extra *x, int *rc)
{
	const char *ns = c->atom_ns;

	if (is_el(n, ns, "id")) {
		first_text(c, n, &it->id, 0, rc);
	} else if (is_el(n, ns, "title")) {
		if (!it->title)
			it->title = atom_text(c, n, rc);
	} else if (is_el(n, ns, "link")) {
		better_link(c, n, &it->link, &x->link_rank, rc);
	} else if (is_el(n, ns, "published") || is_el(n, ns, "issued")) {
		first_date(c, n, &it->published, rc);
	} else if (is_el(n, ns, "created")) {
		first_date(c, n, &x->created, rc);
	} else if (is_el(n, ns, "updated") || is_el(n, ns, "modified")) {
		first_date(c, n, &it->updated, rc);
	} else if (is_el(n, ns, "author")) {
		if (!it->author)
			it->author = atom_author(c, n, rc);
	} else if (is_el(n, ns, "summary")) {
		if (!it->summary)
			it->summary = atom_text(c, n, rc);
	} else if (is_el(n, ns, "content")) {
		if (!it->content)
			it->content = atom_text(c, n, rc);
	} else {
		module_child(c, n, x, rc);
	}
}

static int atom_entry(struct ctx *c, xmlNode *entry, struct nw_feed_item *it)
{
	struct extra x;
	xmlNode *n;
	int rc = NW_OK;

	extra_init(&x);
	for (n = entry->children; n && !rc; n = n->next)
		atom_child(c, n, it, &x, &rc);
	if (rc || (rc = settle_item(c, it, &x)))
		return rc;
	if (!it->author)
		it->author = c->feed_author;
	return NW_OK;
}

/* ---- the document ---- */

/* Children of parent named name in namespace ns, up to what is left of max. */
static size_t count_items(xmlNode *parent, const char *ns, const char *name, size_t have)
{
	xmlNode *n;
	size_t k = 0;

	if (!parent)
		return 0;
	for (n = parent->children; n && have + k < NW_FEED_MAX_ITEMS; n = n->next)
		k += is_el(n, ns, name);
	return k;
}

static int add_items(struct ctx *c, xmlNode *parent, const char *ns, const char *name,
		     struct nw_feed *f, size_t max)
{
	xmlNode *n;
	struct nw_feed_item *it;
	int rc = NW_OK;

	if (!parent)
		return NW_OK;
	for (n = parent->children; n && !rc && f->nitems < max; n = n->next) {
		if (!is_el(n, ns, name))
			continue;
		it = &f->items[f->nitems++];
		it->published = it->updated = NW_DATE_NONE;
		rc = ns == NS_RSS ? rss_item(c, n, it) : atom_entry(c, n, it);
	}
	return rc;
}

/*
 * Items live under up to two parents: RSS 2.0 channel (plus the root, where
 * some 0.9x feeds put them), RDF root, Atom root.
 */
static int collect_items(struct ctx *c, xmlNode *p1, xmlNode *p2, const char *ns, const char *name,
			 struct nw_feed *f)
{
	size_t n1 = count_items(p1, ns, name, 0);
	size_t n2 = p2 != p1 ? count_items(p2, ns, name, n1) : 0;
	int rc;

	if (n1 + n2 == 0)
		return NW_OK;
	f->items = nw_arena_alloc(c->a, (n1 + n2) * sizeof(*f->items));
	if (!f->items)
		return NW_ENOMEM;
	rc = add_items(c, p1, ns, name, f, n1);
	if (!rc && n2)
		rc = add_items(c, p2, ns, name, f, n1 + n2);
	return rc;
}

/* <ttl>MINUTES</ttl> in seconds; -1 unless it is a plain number up to a year. */
static long ttl_seconds(xmlNode *n)
{
	xmlChar *s = xmlNodeGetContent(n);
	char *end;
	long minutes = -1;

	if (s) {
		const char *p = (const char *)s;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		minutes = strtol(p, &end, 10);
		while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
			end++;
		if (end == p || *end || minutes < 0 || minutes > 525600)
			minutes = -1;
		xmlFree(s);
	}
	return minutes < 0 ? -1 : minutes * 60;
}

static int parse_rss(struct ctx *c, xmlNode *root, struct nw_feed *f)
{
	xmlNode *ch = first_child(root, NS_RSS, "channel"), *n;
	int rc = NW_OK, rank = 0;

	for (n = ch ? ch->children : NULL; n && !rc; n = n->next) {
		if (is_el(n, NS_RSS, "title") && !f->title)
			f->title = html_field(c, n, &rc);
		else if (is_el(n, NS_RSS, "link"))
			rss_link(c, n, &f->link, &rank, &rc);
		else if (is_el(n, NS_ATOM, "link"))
			better_link(c, n, &f->link, &rank, &rc);
		else if (is_el(n, NS_RSS, "ttl"))
			f->ttl = ttl_seconds(n);
	}
	c->feed_link = f->link && strstr(f->link, "://") ? f->link : NULL;
	if (rc)
		return rc;
	if (!strcmp(f->format, "rdf"))
		return collect_items(c, root, root, NS_RSS, "item", f);
	return collect_items(c, ch, root, NS_RSS, "item", f);
}

static int parse_atom(struct ctx *c, xmlNode *root, struct nw_feed *f)
{
	xmlNode *n;
	int rc = NW_OK, rank = 0;

	for (n = root->children; n && !rc; n = n->next) {
		if (is_el(n, c->atom_ns, "title") && !f->title)
			f->title = atom_text(c, n, &rc);
		else if (is_el(n, c->atom_ns, "link"))
			better_link(c, n, &f->link, &rank, &rc);
		else if (is_el(n, c->atom_ns, "author") && !c->feed_author)
			c->feed_author = atom_author(c, n, &rc);
	}
	c->feed_link = f->link && strstr(f->link, "://") ? f->link : NULL;
	if (rc)
		return rc;
	return collect_items(c, root, root, c->atom_ns, "entry", f);
}

/* ---- repairing the bytes ---- */

static int is_name_char(char ch, int first)
{
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_')
		return 1;
	return !first && ((ch >= '0' && ch <= '9') || ch == '.' || ch == '-');
}

/* A character XML 1.0 allows (section 2.2). */
static int is_xml_char(unsigned long cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
	       (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/*
 * "&name;" or "&#123;" / "&#x1F;" at s: its length, or 0 for a bare "&".
 * A named reference's name goes to name (cap bytes); "" for numeric ones,
 * whose value goes to *cp (past U+10FFFF when too big).
 */
static size_t reference_len(const char *s, size_t n, char *name, size_t cap, unsigned long *cp)
{
	size_t i = 1, k = 0;
	int hex, v;

	name[0] = '\0';
	*cp = 0;
	if (i < n && s[i] == '#') {
		i++;
		hex = i < n && (s[i] == 'x' || s[i] == 'X');
		i += hex;
		for (; i < n && (v = hex_value((unsigned char)s[i])) >= 0 && (hex || v < 10); i++) {
			*cp = *cp > 0x10FFFF ? *cp : *cp * (hex ? 16 : 10) + (unsigned long)v;
			k++;
		}
		return k && i < n && s[i] == ';' ? i + 1 : 0;
	}
	for (; i < n && k + 1 < cap && is_name_char(s[i], k == 0); i++)
		name[k++] = s[i];
	name[k] = '\0';
	return k && i < n && s[i] == ';' ? i + 1 : 0;
}

static int is_xml_entity(const char *name)
{
	return !strcmp(name, "amp") || !strcmp(name, "lt") || !strcmp(name, "gt") ||
	       !strcmp(name, "quot") || !strcmp(name, "apos");
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* "<b>", "</b ", "<BR/": the length of "<" or "</" before an HTML-only name, else 0. */
static size_t html_tag_start(const char *s, size_t n)
{
	char name[16];
	size_t i = 1, k = 0;

	if (i < n && s[i] == '/')
		i++;
	while (i + k < n && k + 1 < sizeof(name) &&
	       ((s[i + k] >= 'a' && s[i + k] <= 'z') || (s[i + k] >= 'A' && s[i + k] <= 'Z') ||
		(s[i + k] >= '1' && s[i + k] <= '6')))
		name[k] = (char)(s[i + k] | 0x20), k++;
	name[k] = '\0';
	if (!k || i + k >= n || !strchr(" \t\r\n/>", s[i + k]) ||
	    !bsearch(name, html_only_tags, COUNT(html_only_tags), sizeof(html_only_tags[0]),
		     cmp_name))
		return 0;
	return i;
}

/* Bytes of an XML-forbidden character at s (a control, U+FFFE/U+FFFF), or 0. */
static size_t forbidden_len(const char *s, size_t n)
{
	unsigned char ch = (unsigned char)s[0];

	if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
		return 1;
	if (ch == 0xEF && n >= 3 && (unsigned char)s[1] == 0xBF &&
	    ((unsigned char)s[2] == 0xBE || (unsigned char)s[2] == 0xBF))
		return 3;
	return 0;
}

/* Append s without the characters XML forbids. */
static int add_allowed(struct nw_buf *b, const char *s, size_t n)
{
	size_t i = 0, start;
	int rc = NW_OK;

	while (i < n && !rc) {
		for (start = i; i < n && !forbidden_len(s + i, n - i); i++)
			;
		rc = nw_buf_add(b, s + start, i - start);
		if (i < n)
			i += forbidden_len(s + i, n - i);
	}
	return rc;
}

/* Copy through the end marker (or to the end), for CDATA and comments. */
static size_t copy_through(const char *s, size_t n, size_t i, const char *end_mark,
			   struct nw_buf *b, int *rc)
{
	const char *e = memmem(s + i, n - i, end_mark, strlen(end_mark));
	size_t stop = e ? (size_t)(e - s) + strlen(end_mark) : n;

	*rc = add_allowed(b, s + i, stop - i);
	return stop;
}

/* How feeds start: the declaration, a DOCTYPE or a root element. */
static const char *const feed_starts[] = {
    "<?xml", "<!DOCTYPE", "<rss", "<RSS", "<feed", "<atom:feed", "<rdf:RDF", "<RDF",
};

/*
 * Where the document really starts when something precedes it (white
 * space before the declaration, a PHP warning, a second BOM): at the
 * first of feed_starts in the first 64 KiB.  Other junk is left for the
 * parser to name.
 */
static size_t junk_len(const char *s, size_t n)
{
	size_t head = n < 65536 ? n : 65536, best = head, i;
	const char *p;

	for (i = 0; i < COUNT(feed_starts); i++)
		if ((p = memmem(s, best, feed_starts[i], strlen(feed_starts[i]))))
			best = (size_t)(p - s);
	return best < head ? best : 0;
}

/* The repairs before the recovering parse (see the top of the file). */
static int repair(const char *s, size_t n, struct nw_buf *b)
{
	const htmlEntityDesc *d;
	char name[33], num[16];
	unsigned long cp;
	size_t i = junk_len(s, n), k;
	int rc = NW_OK;

	while (i < n && !rc) {
		if (s[i] == '<' && n - i >= 9 && !memcmp(s + i, "<![CDATA[", 9)) {
			i = copy_through(s, n, i, "]]>", b, &rc);
		} else if (s[i] == '<' && n - i >= 4 && !memcmp(s + i, "<!--", 4)) {
			i = copy_through(s, n, i, "-->", b, &rc);
		} else if ((k = forbidden_len(s + i, n - i))) {
			/* vertical tab and form feed are white space to a reader */
			if (s[i] == '\v' || s[i] == '\f')
				rc = nw_buf_addch(b, ' ');
			i += k;
		} else if (s[i] == '<' && (k = html_tag_start(s + i, n - i))) {
			rc = nw_buf_add(b, "&lt;", 4);
			i++;
		} else if (s[i] != '&') {
			rc = nw_buf_addch(b, s[i++]);
		} else if (!(k = reference_len(s + i, n - i, name, sizeof(name), &cp))) {
			rc = nw_buf_add(b, "&amp;", 5);
			i++;
		} else if (!name[0] && !is_xml_char(cp)) {
			/* a control character goes; anything else was meant as one */
			if (cp >= 0x20)
				rc = nw_buf_addstr(b, "&#xFFFD;");
			i += k;
		} else if (name[0] && !is_xml_entity(name) &&
			   (d = htmlEntityLookup((const xmlChar *)name))) {
			int len = snprintf(num, sizeof(num), "&#%u;", d->value);

			rc = nw_buf_add(b, num, (size_t)len);
			i += k;
		} else {
			rc = nw_buf_add(b, s + i, k);
			i += k;
		}
	}
	return rc;
}

/* libxml2's last error as "line N: reason", into why. */
static void parse_error(xmlParserCtxtPtr ctxt, char *why, size_t size)
{
	int len;

	if (!ctxt->lastError.message) {
		snprintf(why, size, "no root element");
		return;
	}
	len = snprintf(why, size, "line %d: %s", ctxt->lastError.line, ctxt->lastError.message);
	while (len > 0 && (size_t)len < size && why[len - 1] == '\n')
		why[--len] = '\0';
}

/* The strict parse of UTF-8, then the repaired recovering one; NULL with e filled. */
static xmlDocPtr read_doc(const char *data, size_t n, int *code, struct nw_err *e)
{
	xmlParserCtxtPtr ctxt;
	struct nw_buf fixed;
	xmlDocPtr doc = NULL;
	char why[200] = "no root element";
	size_t i;
	int rc;

	for (i = 0; i < n && is_space(data[i]); i++)
		;
	if (i == n) {
		*code = nw_errorf(e, NW_EPARSE, "not XML: empty document");
		return NULL;
	}
	*code = NW_ENOMEM;
	if (!(ctxt = xmlNewParserCtxt()))
		return NULL;
	/*
	 * libxml2 takes NULs among the first four bytes for UCS-4 or UTF-16
	 * and its conversion errors print whatever the options say: such
	 * junk goes straight to the repairs, which drop NULs.
	 */
	if (!memchr(data, '\0', n < 4 ? n : 4))
		doc = xmlCtxtReadMemory(ctxt, data, (int)n, NULL, NULL, NW_XML_UTF8_OPTS);
	else
		snprintf(why, sizeof(why), "line 1: NUL bytes at the start");
	if (!doc) {
		if (ctxt->lastError.message)
			parse_error(ctxt, why, sizeof(why));
		nw_buf_init(&fixed, (size_t)INT_MAX);
		if ((rc = repair(data, n, &fixed))) {
			nw_buf_release(&fixed);
			xmlFreeParserCtxt(ctxt);
			*code = nw_errorf(e, rc, "feed: repairing broken XML: %s", nw_strcode(rc));
			return NULL;
		}
		doc = xmlCtxtReadMemory(ctxt, fixed.data, (int)fixed.len, NULL, NULL,
					NW_XML_UTF8_RECOVER_OPTS);
		nw_buf_release(&fixed);
	}
	xmlFreeParserCtxt(ctxt);
	if (doc && xmlDocGetRootElement(doc))
		return doc;
	xmlFreeDoc(doc);
	*code = nw_errorf(e, NW_EPARSE, "not XML (%s)", why);
	return NULL;
}

/* Which feed the root is, or NULL; sets c->atom_ns for Atom. */
static const char *feed_format(struct ctx *c, xmlNode *root)
{
	if (is_el(root, NS_RSS, "rss"))
		return "rss";
	if (is_el(root, NS_RDF, "RDF"))
		return "rdf";
	if (is_el(root, NS_ATOM, "feed")) {
		c->atom_ns = NS_ATOM;
		return "atom";
	}
	if (is_el(root, NS_ATOM03, "feed")) {
		c->atom_ns = NS_ATOM03;
		return "atom";
	}
	return NULL;
}

/* The version the root declares, or the one its namespace implies. */
static const char *feed_version(struct ctx *c, xmlNode *root, const char *format, int *rc)
{
	xmlChar *v = attr(root, "version");
	const char *res;

	if (!strcmp(format, "rdf"))
		res = first_child(root, NS_RSS090, "channel") ? "0.90" : "1.0";
	else if (!strcmp(format, "atom"))
		res = strcmp(c->atom_ns, NS_ATOM03) ? "1.0" : "0.3";
	else
		res = "";
	if (v && !strcmp(format, "rss")) {
		nw_buf_reset(&c->text);
		if (!(*rc = squeeze((const char *)v, (size_t)xmlStrlen(v), &c->text)))
			res = nw_arena_strndup(c->a, c->text.data, c->text.len);
		if (!res)
			*rc = NW_ENOMEM;
	}
	xmlFree(v);
	return res;
}

static int parse_doc(struct ctx *c, xmlNode *root, struct nw_feed *out, struct nw_err *e)
{
	int rc = NW_OK;

	if (!(out->format = feed_format(c, root)))
		return nw_errorf(e, NW_EPARSE, "not a feed: root element <%.64s>",
				 (const char *)root->name);
	out->version = feed_version(c, root, out->format, &rc);
	if (!rc)
		rc = !strcmp(out->format, "atom") ? parse_atom(c, root, out)
						  : parse_rss(c, root, out);
	if (rc)
		return nw_errorf(e, rc, "feed: %s", nw_strcode(rc));
	return NW_OK;
}

int nw_feed_parse(const char *data, size_t n, const char *charset, const char *base_url,
		  struct nw_arena *a, struct nw_feed *out, struct nw_err *e)
{
	char enc[NW_CHARSET_NAME_SIZE];
	struct nw_buf conv;
	const char *u8;
	size_t u8n;
	struct ctx c;
	int rc;

	memset(out, 0, sizeof(*out));
	out->ttl = -1;
	if (n > MAX_FEED_BYTES)
		return nw_errorf(e, NW_ETOOBIG, "feed of %zu bytes is too big", n);
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.base_url = base_url && *base_url ? base_url : NULL;
	nw_buf_init(&conv, (size_t)INT_MAX);
	rc = nw_charset_xml_utf8(data, n, charset && *charset ? charset : NULL, &conv, &u8, &u8n,
				 enc);
	if (rc) {
		nw_buf_release(&conv);
		return nw_errorf(e, rc, "feed: decoding %s: %s", enc, nw_strcode(rc));
	}
	c.doc = read_doc(u8, u8n, &rc, e);
	nw_buf_release(&conv);
	if (!c.doc)
		return rc;
	nw_buf_init(&c.raw, NW_BUF_NOCAP);
	nw_buf_init(&c.text, NW_BUF_NOCAP);
	if (!(out->encoding = nw_arena_strdup(a, enc)))
		rc = nw_errorf(e, NW_ENOMEM, "feed: %s", nw_strcode(NW_ENOMEM));
	else
		rc = parse_doc(&c, xmlDocGetRootElement(c.doc), out, e);
	nw_buf_release(&c.raw);
	nw_buf_release(&c.text);
	xmlFreeDoc(c.doc);
	if (rc) {
		const char *enc_kept = out->encoding;

		memset(out, 0, sizeof(*out));
		out->encoding = enc_kept;
		out->ttl = -1;
	}
	return rc;
}

/* ---- JSON ---- */

static int json_time(struct nw_buf *b, int64_t t)
{
	char iso[NW_DATE_ISO_SIZE];

	if (t == NW_DATE_NONE)
		return nw_buf_add(b, "null", 4);
	nw_date_iso(t, iso);
	return nw_json_str(b, iso);
}

/* ",\"key\":" then the string or null; first omits the comma. */
static int json_field(struct nw_buf *b, const char *key, const char *v, int first)
{
	int rc;

	if ((!first && (rc = nw_buf_addch(b, ','))) || (rc = nw_json_key(b, key)))
		return rc;
	return nw_json_str(b, v);
}

static int json_item(const struct nw_feed_item *it, struct nw_buf *b)
{
	int rc;

	if ((rc = nw_buf_addch(b, '{')) || (rc = json_field(b, "id", it->id, 1)) ||
	    (rc = json_field(b, "title", it->title, 0)) ||
	    (rc = json_field(b, "link", it->link, 0)) || (rc = nw_buf_addch(b, ',')) ||
	    (rc = nw_json_key(b, "published")) || (rc = json_time(b, it->published)) ||
	    (rc = nw_buf_addch(b, ',')) || (rc = nw_json_key(b, "updated")) ||
	    (rc = json_time(b, it->updated)) || (rc = json_field(b, "author", it->author, 0)) ||
	    (rc = json_field(b, "summary", it->summary, 0)) ||
	    (rc = json_field(b, "content", it->content, 0)))
		return rc;
	return nw_buf_addch(b, '}');
}

int nw_feed_json(const struct nw_feed *f, struct nw_buf *b)
{
	size_t i;
	int rc;

	if ((rc = nw_buf_addch(b, '{')) || (rc = json_field(b, "title", f->title, 1)) ||
	    (rc = json_field(b, "link", f->link, 0)) || (rc = nw_buf_addch(b, ',')) ||
	    (rc = nw_json_key(b, "items")) || (rc = nw_buf_addch(b, '[')))
		return rc;
	for (i = 0; i < f->nitems; i++)
		if ((i && (rc = nw_buf_addch(b, ','))) || (rc = json_item(&f->items[i], b)))
			return rc;
	return nw_buf_add(b, "]}", 2);
}
