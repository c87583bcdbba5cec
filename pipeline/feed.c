/*
 * feed.c - RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 documents to a
 * struct nw_feed.
 *
 * The document is parsed once with libxml2's DOM parser (NW_XML_OPTS: no
 * network, no entity substitution, no DTD loading).  When that fails, the
 * bytes are repaired the way feeds usually break (a bare "&" becomes "&amp;",
 * an HTML entity such as "&nbsp;" that XML does not know becomes a
 * character reference; CDATA and comments are left alone) and parsed again
 * with NW_XML_RECOVER_OPTS, so one stray ampersand costs nothing.  The
 * document URL is deliberately not given to libxml2: xmlNodeGetBase then
 * yields only the xml:base chain, and links are resolved against that
 * chain, then base_url (where the document came from, as RFC 3986 says),
 * and only when there is no base_url against the feed's own link.
 *
 * Elements are matched by local name and namespace URI (RSS 2.0 elements
 * have none; RSS 1.0/0.90 have theirs; Atom 1.0 and 0.3 differ).  Text is
 * gathered from text and CDATA nodes only: entity reference nodes are never
 * expanded (a billion-laughs DTD costs nothing, an external entity is never
 * read), except that an undeclared reference to a known HTML entity yields
 * its character.  Titles, summaries and content go through
 * nw_html_fragment_text; ids, links, authors and dates are trimmed plain
 * text.  At most NW_FEED_MAX_ITEMS items are kept.  Every string is copied
 * into the caller's arena; empty strings become NULL.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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
#include "html.h"
#include "xmlopts.h"
#include "feed.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"

/* Namespaces that RSS elements are found in besides none at all. */
static const char *const rss_namespaces[] = {
    "http://purl.org/rss/1.0/",
    "http://my.netscape.com/rdf/simple/0.9/",
    "http://backend.userland.com/rss2",
    "http://backend.userland.com/rss",
};

/* A name pattern matching any RSS namespace (or none) in is_el(). */
#define NS_RSS ((const char *)0)

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

/* ---- matching ---- */

static const char *ns_of(const xmlNode *n)
{
	return n->ns && n->ns->href ? (const char *)n->ns->href : NULL;
}

static int is_rss_ns(const char *ns)
{
	size_t i;

	if (!ns)
		return 1;
	for (i = 0; i < sizeof(rss_namespaces) / sizeof(rss_namespaces[0]); i++)
		if (!strcmp(ns, rss_namespaces[i]))
			return 1;
	return 0;
}

/* Element n named name in namespace ns (NS_RSS: any RSS namespace or none). */
static int is_el(const xmlNode *n, const char *ns, const char *name)
{
	const char *have;

	if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name))
		return 0;
	have = ns_of(n);
	if (ns == NS_RSS)
		return is_rss_ns(have);
	return have && !strcmp(have, ns);
}

static xmlNode *first_child(xmlNode *parent, const char *ns, const char *name)
{
	xmlNode *n;

	for (n = parent->children; n; n = n->next)
		if (is_el(n, ns, name))
			return n;
	return NULL;
}

/* An attribute without namespace, trimmed-compare friendly; caller xmlFree()s. */
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

/*
 * Append the text under el to b.  With markup, child elements are
 * serialized (inline XHTML, or HTML a broken feed forgot to escape) for the
 * HTML parser; without, their text is gathered.  Recursion is bounded by
 * libxml2's depth limit (256; XML_PARSE_HUGE is never used).
 */
static int gather(struct ctx *c, xmlNode *el, int markup, struct nw_buf *b)
{
	xmlNode *n;
	int rc = NW_OK;

	for (n = el->children; n && !rc; n = n->next) {
		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (n->content)
				rc = nw_buf_addstr(b, (const char *)n->content);
			break;
		case XML_ENTITY_REF_NODE:
			rc = entity_text(c, n, b);
			break;
		case XML_ELEMENT_NODE:
			rc = markup ? dump_element(c, n, b) : gather(c, n, 0, b);
			break;
		default:
			break;
		}
	}
	return rc;
}

/* Collapse white-space runs to one space and trim, into out (valid UTF-8). */
static int squeeze(const char *s, size_t n, struct nw_buf *out)
{
	size_t i = 0, start;
	int rc;

	while (i < n) {
		while (i < n && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
			i++;
		start = i;
		while (i < n && !(s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
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
	if ((rc = gather(c, el, 0, &c->raw)))
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

static const char *html_field(struct ctx *c, xmlNode *el, int *rc)
{
	if (*rc)
		return NULL;
	nw_buf_reset(&c->raw);
	nw_buf_reset(&c->text);
	if (!(*rc = gather(c, el, 1, &c->raw)))
		*rc = nw_html_fragment_text(c->raw.data, c->raw.len, &c->text);
	return keep_text(c, rc);
}

static int64_t date_field(struct ctx *c, xmlNode *el, int *rc)
{
	if (*rc || (*rc = plain_tmp(c, el)))
		return NW_DATE_NONE;
	return nw_date_parse(c->text.data, c->text.len);
}

/*
 * An Atom text construct: type text (default), html or xhtml in 1.0;
 * type text/plain or text/html with mode xml, escaped or base64 in 0.3.
 * Out-of-line (src=) and non-text content has no text for us.
 */
static const char *atom_text(struct ctx *c, xmlNode *el, int *rc)
{
	xmlChar *type = attr(el, "type"), *mode = attr(el, "mode"), *src = attr(el, "src");
	const char *t = type ? (const char *)type : "text";
	const char *res = NULL;

	if (src || (mode && !xmlStrcmp(mode, (const xmlChar *)"base64")))
		res = NULL;
	else if (strstr(t, "html")) /* html, xhtml, text/html, application/xhtml+xml */
		res = html_field(c, el, rc);
	else if (mode && !xmlStrcmp(mode, (const xmlChar *)"xml"))
		res = html_field(c, el, rc);
	else if (!strcmp(t, "text") || !strncmp(t, "text/", 5))
		res = plain_field(c, el, rc);
	xmlFree(type);
	xmlFree(mode);
	xmlFree(src);
	return res;
}

/* ---- links ---- */

/*
 * href resolved against the xml:base chain at el, then base_url, or the
 * feed's link when no base_url is known; kept as written when there is nothing to resolve against
 * or libxml2 cannot parse it.
 */
/* "scheme:" at the start (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )). */
static int has_scheme(const char *u)
{
	const char *p = u;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

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

/* The text of a <link> element, resolved. */
static const char *link_text(struct ctx *c, xmlNode *el, int *rc)
{
	const char *href = plain_field(c, el, rc);

	return href ? resolve(c, el, href, rc) : NULL;
}

/* Atom <link rel="alternate" href=...> (no rel means alternate), resolved. */
static const char *atom_link(struct ctx *c, xmlNode *el, int *rc)
{
	xmlChar *rel = attr(el, "rel"), *href = attr(el, "href");
	const char *res = NULL;

	if ((!rel || !xmlStrcmp(rel, (const xmlChar *)"alternate")) && href && !*rc) {
		nw_buf_reset(&c->text);
		*rc = squeeze((const char *)href, (size_t)xmlStrlen(href), &c->text);
		if (!*rc && c->text.len)
			res = resolve(c, el, c->text.data, rc);
	}
	xmlFree(rel);
	xmlFree(href);
	return res;
}

/* ---- RSS ---- */

static void rss_child(struct ctx *c, xmlNode *n, struct nw_feed_item *it, const char **guid,
		      int *permalink, int *rc)
{
	if (is_el(n, NS_RSS, "title") && !it->title) {
		it->title = html_field(c, n, rc);
	} else if (is_el(n, NS_RSS, "link") && !it->link) {
		it->link = link_text(c, n, rc);
	} else if (is_el(n, NS_RSS, "guid") && !*guid) {
		*guid = plain_field(c, n, rc);
		*permalink = !attr_is(n, "isPermaLink", "false");
	} else if (is_el(n, NS_RSS, "pubDate") && it->published == NW_DATE_NONE) {
		it->published = date_field(c, n, rc);
	} else if (is_el(n, NS_DC, "date") && it->published == NW_DATE_NONE) {
		it->published = date_field(c, n, rc);
	} else if ((is_el(n, NS_RSS, "author") || is_el(n, NS_DC, "creator")) && !it->author) {
		it->author = plain_field(c, n, rc);
	} else if (is_el(n, NS_RSS, "description") && !it->summary) {
		it->summary = html_field(c, n, rc);
	} else if (is_el(n, NS_CONTENT, "encoded") && !it->content) {
		it->content = html_field(c, n, rc);
	} else if (is_el(n, NS_ATOM, "link") && !it->link) {
		it->link = atom_link(c, n, rc);
	} else if (is_el(n, NS_ATOM, "updated") && it->updated == NW_DATE_NONE) {
		it->updated = date_field(c, n, rc);
	}
}

static int rss_item(struct ctx *c, xmlNode *item, struct nw_feed_item *it)
{
	const char *guid = NULL;
	int permalink = 0, rc = NW_OK;
	xmlNode *n;

	for (n = item->children; n && !rc; n = n->next)
		rss_child(c, n, it, &guid, &permalink, &rc);
	/* RSS 2.0: a permalink guid is the item's link when it has none. */
	if (!rc && !it->link && guid && permalink && strstr(guid, "://") && has_scheme(guid) &&
	    !strpbrk(guid, " \t\n\"<>"))
		it->link = guid;
	it->id = guid ? guid : it->link;
	return rc;
}

/* ---- Atom ---- */

static const char *atom_author(struct ctx *c, xmlNode *author, int *rc)
{
	xmlNode *name = first_child(author, c->atom_ns, "name");

	return name ? plain_field(c, name, rc) : NULL;
}

static void atom_child(struct ctx *c, xmlNode *n, struct nw_feed_item *it, int *rc)
{
	const char *ns = c->atom_ns;

	if (is_el(n, ns, "id") && !it->id) {
		it->id = plain_field(c, n, rc);
	} else if (is_el(n, ns, "title") && !it->title) {
		it->title = atom_text(c, n, rc);
	} else if (is_el(n, ns, "link") && !it->link) {
		it->link = atom_link(c, n, rc);
	} else if ((is_el(n, ns, "published") || is_el(n, ns, "issued")) &&
		   it->published == NW_DATE_NONE) {
		it->published = date_field(c, n, rc);
	} else if ((is_el(n, ns, "updated") || is_el(n, ns, "modified")) &&
		   it->updated == NW_DATE_NONE) {
		it->updated = date_field(c, n, rc);
	} else if (is_el(n, ns, "author") && !it->author) {
		it->author = atom_author(c, n, rc);
	} else if (is_el(n, ns, "summary") && !it->summary) {
		it->summary = atom_text(c, n, rc);
	} else if (is_el(n, ns, "content") && !it->content) {
		it->content = atom_text(c, n, rc);
	}
}

static int atom_entry(struct ctx *c, xmlNode *entry, struct nw_feed_item *it)
{
	xmlNode *n;
	int rc = NW_OK;

	for (n = entry->children; n && !rc; n = n->next)
		atom_child(c, n, it, &rc);
	if (!it->author)
		it->author = c->feed_author;
	if (!it->id)
		it->id = it->link;
	return rc;
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

static int parse_rss(struct ctx *c, xmlNode *root, struct nw_feed *f)
{
	xmlNode *ch = first_child(root, NS_RSS, "channel"), *n;
	int rc = NW_OK;

	if (ch && (n = first_child(ch, NS_RSS, "title")))
		f->title = html_field(c, n, &rc);
	if (ch && (n = first_child(ch, NS_RSS, "link")))
		f->link = link_text(c, n, &rc);
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
	int rc = NW_OK;

	for (n = root->children; n && !rc; n = n->next) {
		if (is_el(n, c->atom_ns, "title") && !f->title)
			f->title = atom_text(c, n, &rc);
		else if (is_el(n, c->atom_ns, "link") && !f->link)
			f->link = atom_link(c, n, &rc);
		else if (is_el(n, c->atom_ns, "author") && !c->feed_author)
			c->feed_author = atom_author(c, n, &rc);
	}
	c->feed_link = f->link && strstr(f->link, "://") ? f->link : NULL;
	if (rc)
		return rc;
	return collect_items(c, root, root, c->atom_ns, "entry", f);
}

/* ---- parsing the bytes ---- */

static int is_name_char(char ch, int first)
{
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_')
		return 1;
	return !first && ((ch >= '0' && ch <= '9') || ch == '.' || ch == '-');
}

static int is_ref_digit(char ch, int hex)
{
	return (ch >= '0' && ch <= '9') ||
	       (hex && ((ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')));
}

/*
 * "&name;" or "&#123;" / "&#x1F;" at s: its length, or 0 for a bare "&".
 * A named reference's name goes to name (cap bytes); "" for numeric ones.
 */
static size_t reference_len(const char *s, size_t n, char *name, size_t cap)
{
	size_t i = 1, k = 0;
	int hex;

	name[0] = '\0';
	if (i < n && s[i] == '#') {
		i++;
		hex = i < n && (s[i] == 'x' || s[i] == 'X');
		i += hex;
		for (; i < n && is_ref_digit(s[i], hex); i++)
			k++;
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

/* Copy through the end marker (or to the end), for CDATA and comments. */
static size_t copy_through(const char *s, size_t n, size_t i, const char *end_mark,
			   struct nw_buf *b, int *rc)
{
	const char *e = memmem(s + i, n - i, end_mark, strlen(end_mark));
	size_t stop = e ? (size_t)(e - s) + strlen(end_mark) : n;

	*rc = nw_buf_add(b, s + i, stop - i);
	return stop;
}

/*
 * The repairs before the recovering parse (see the top of the file).
 * Not for UTF-16/32 input, whose NULs tell us early.
 */
static int fix_refs(const char *s, size_t n, struct nw_buf *b)
{
	const htmlEntityDesc *d;
	char name[33], num[16];
	size_t i = 0, k;
	int rc = NW_OK;

	if (memchr(s, '\0', n < 4 ? n : 4))
		return nw_buf_add(b, s, n);
	while (i < n && !rc) {
		if (s[i] == '<' && n - i >= 9 && !memcmp(s + i, "<![CDATA[", 9)) {
			i = copy_through(s, n, i, "]]>", b, &rc);
		} else if (s[i] == '<' && n - i >= 4 && !memcmp(s + i, "<!--", 4)) {
			i = copy_through(s, n, i, "-->", b, &rc);
		} else if (s[i] != '&') {
			rc = nw_buf_addch(b, s[i++]);
		} else if (!(k = reference_len(s + i, n - i, name, sizeof(name)))) {
			rc = nw_buf_add(b, "&amp;", 5);
			i++;
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

/* The strict parse, then the repaired recovering one; NULL with e filled. */
static xmlDocPtr read_doc(const char *data, size_t n, int *code, struct nw_err *e)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	struct nw_buf fixed;
	xmlDocPtr doc;
	char why[200] = "empty document";
	int line = 0, len;

	*code = NW_ENOMEM;
	if (!ctxt)
		return NULL;
	doc = xmlCtxtReadMemory(ctxt, data, (int)n, NULL, NULL, NW_XML_OPTS);
	if (!doc) {
		if (ctxt->lastError.message) {
			len = snprintf(why, sizeof(why), "%s", ctxt->lastError.message);
			while (len > 0 && (size_t)len < sizeof(why) && why[len - 1] == '\n')
				why[--len] = '\0';
			line = ctxt->lastError.line;
		}
		nw_buf_init(&fixed, (size_t)INT_MAX);
		if (!fix_refs(data, n, &fixed))
			doc = xmlCtxtReadMemory(ctxt, fixed.data, (int)fixed.len, NULL, NULL,
						NW_XML_RECOVER_OPTS);
		nw_buf_release(&fixed);
	}
	xmlFreeParserCtxt(ctxt);
	if (doc && xmlDocGetRootElement(doc))
		return doc;
	xmlFreeDoc(doc);
	*code = nw_errorf(e, NW_EPARSE, "not XML (line %d: %s)", line, why);
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

int nw_feed_parse(const char *data, size_t n, const char *base_url, struct nw_arena *a,
		  struct nw_feed *out, struct nw_err *e)
{
	struct ctx c;
	xmlNode *root;
	int rc;

	memset(out, 0, sizeof(*out));
	if (n > INT_MAX / 8)
		return nw_errorf(e, NW_ETOOBIG, "feed of %zu bytes is too big", n);
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.base_url = base_url && *base_url ? base_url : NULL;
	if (!(c.doc = read_doc(data, n, &rc, e)))
		return rc;
	root = xmlDocGetRootElement(c.doc);
	if (!(out->format = feed_format(&c, root))) {
		rc = nw_errorf(e, NW_EPARSE, "not a feed: root element <%.64s>",
			       (const char *)root->name);
		xmlFreeDoc(c.doc);
		return rc;
	}
	nw_buf_init(&c.raw, NW_BUF_NOCAP);
	nw_buf_init(&c.text, NW_BUF_NOCAP);
	rc = !strcmp(out->format, "atom") ? parse_atom(&c, root, out) : parse_rss(&c, root, out);
	nw_buf_release(&c.raw);
	nw_buf_release(&c.text);
	xmlFreeDoc(c.doc);
	if (rc)
		return nw_errorf(e, rc, "feed: %s", nw_strcode(rc));
	return NW_OK;
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
