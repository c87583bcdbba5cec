/*
 * opml.c - the feeds of an OPML subscription list; see opml.h.
 *
 * The tree is walked without recursion (first child, next sibling, back
 * up through parents), so nesting depth costs nothing beyond what libxml2
 * itself allows.  Attribute names are compared without case: exporters
 * write xmlUrl, xmlurl and XMLURL.  Strings are copied into the caller's
 * arena before the document is freed.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "arena.h"
#include "err.h"
#include "fetch.h"
#include "opml.h"
#include "utf8.h"
#include "xmlopts.h"

/* The value of attribute name (any case) of node, trimmed; NULL when absent or blank. */
static const char *attr(xmlNode *node, const char *name, struct nw_arena *a, int *oom)
{
	xmlAttr *at;

	for (at = node->properties; at; at = at->next) {
		xmlChar *v;
		const char *p, *s;
		size_t len;
		char *copy;

		if (!at->name || strcasecmp((const char *)at->name, name))
			continue;
		if (!(v = xmlNodeGetContent((xmlNode *)at)))
			return NULL;
		for (p = (const char *)v; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'; p++)
			;
		len = strlen(p);
		for (s = p + len; len && strchr(" \t\r\n", s[-1]); s--)
			len--;
		copy = len ? nw_arena_strndup(a, p, len) : NULL;
		*oom |= len && !copy;
		xmlFree(v);
		return copy;
	}
	return NULL;
}

static int grow(struct nw_arena *a, struct nw_opml *out, size_t *cap)
{
	struct nw_opml_feed *bigger;

	if (out->n < *cap)
		return NW_OK;
	*cap = *cap ? *cap * 2 : 64;
	if (!(bigger = nw_arena_alloc(a, *cap * sizeof(*bigger))))
		return NW_ENOMEM;
	if (out->n)
		memcpy(bigger, out->feed, out->n * sizeof(*bigger));
	out->feed = bigger;
	return NW_OK;
}

static int add_outline(xmlNode *node, struct nw_arena *a, struct nw_opml *out, size_t *cap)
{
	int oom = 0;
	const char *url = attr(node, "xmlUrl", a, &oom), *title;

	if (!url)
		return oom ? NW_ENOMEM : NW_OK; /* a folder */
	if (!nw_url_is_http(url)) {
		out->skipped++;
		return NW_OK;
	}
	title = attr(node, "title", a, &oom);
	if (!title)
		title = attr(node, "text", a, &oom);
	if (oom || out->n >= NW_OPML_MAX_FEEDS || grow(a, out, cap))
		return oom || out->n < NW_OPML_MAX_FEEDS ? NW_ENOMEM : NW_ETOOBIG;
	out->feed[out->n].title = title;
	out->feed[out->n].url = url;
	out->n++;
	return NW_OK;
}

/* Document order, without recursion. */
static xmlNode *next_node(xmlNode *node, xmlNode *root)
{
	if (node->children && node->type == XML_ELEMENT_NODE)
		return node->children;
	while (node && node != root) {
		if (node->next)
			return node->next;
		node = node->parent;
	}
	return NULL;
}

/*
 * Strict, then recovering.  A document without a root element is no
 * document: the error then names the strict parse's first fatal error.
 */
static int read_doc(const char *data, size_t n, xmlDoc **doc, struct nw_err *e)
{
	xmlParserCtxt *ctxt = xmlNewParserCtxt();
	const xmlError *err;
	char why[200] = "no root element";

	if (!ctxt)
		return nw_errorf(e, NW_ENOMEM, "out of memory");
	*doc = xmlCtxtReadMemory(ctxt, data, (int)n, NULL, NULL, NW_XML_OPTS);
	if (!*doc) {
		if ((err = xmlCtxtGetLastError(ctxt)) && err->message)
			snprintf(why, sizeof(why), "line %d: %.*s", err->line,
				 (int)strcspn(err->message, "\n"), err->message);
		*doc = xmlCtxtReadMemory(ctxt, data, (int)n, NULL, NULL, NW_XML_RECOVER_OPTS);
	}
	xmlFreeParserCtxt(ctxt);
	if (*doc && xmlDocGetRootElement(*doc))
		return NW_OK;
	xmlFreeDoc(*doc);
	*doc = NULL;
	return nw_errorf(e, NW_EPARSE, "not XML: %s", why);
}

int nw_opml_parse(const char *data, size_t n, struct nw_arena *a, struct nw_opml *out,
		  struct nw_err *e)
{
	xmlDoc *doc;
	xmlNode *root, *node;
	size_t cap = 0;
	int rc = NW_OK;

	memset(out, 0, sizeof(*out));
	if (n > (size_t)INT_MAX)
		return nw_errorf(e, NW_ETOOBIG, "OPML file too large");
	if ((rc = read_doc(data, n, &doc, e)))
		return rc;
	root = xmlDocGetRootElement(doc);
	if (strcasecmp((const char *)root->name, "opml")) {
		rc = nw_errorf(e, NW_EPARSE, "not OPML (the root element is <%.40s>)",
			       (const char *)root->name);
		xmlFreeDoc(doc);
		return rc;
	}
	for (node = root; node && rc == NW_OK; node = next_node(node, root))
		if (node->type == XML_ELEMENT_NODE &&
		    !strcasecmp((const char *)node->name, "outline"))
			rc = add_outline(node, a, out, &cap);
	xmlFreeDoc(doc);
	if (rc == NW_ETOOBIG)
		return nw_errorf(e, rc, "more than %d feeds", NW_OPML_MAX_FEEDS);
	if (rc)
		return nw_errorf(e, rc, "out of memory");
	return NW_OK;
}

/*
 * The ASCII letter of a lowercase code point, or 0: Latin-1 letters lose
 * their accents ("Zürich" is zurich), other scripts separate words.
 */
static char ascii_letter(uint32_t cp)
{
	/* U+00C0 ... U+00FF; '-' for the two signs among them */
	static const char latin1[] =
	    "aaaaaaaceeeeiiiidnooooo-ouuuuytsaaaaaaaceeeeiiiidnooooo-ouuuuyty";

	if (cp >= 'A' && cp <= 'Z')
		return (char)(cp - 'A' + 'a');
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		return (char)cp;
	if (cp >= 0xc0 && cp <= 0xff && latin1[cp - 0xc0] != '-')
		return latin1[cp - 0xc0];
	return 0;
}

/* Letters and digits lowercased, each other run one '-', none at the ends. */
static size_t slug(const char *s, size_t len, char *out)
{
	size_t i = 0, k = 0, used;
	uint32_t cp;
	char c;

	while (i < len && k < NW_OPML_NAME_MAX) {
		used = nw_utf8_decode(s + i, len - i, &cp);
		i += used ? used : 1;
		if ((c = ascii_letter(cp)))
			out[k++] = c;
		else if (k && out[k - 1] != '-')
			out[k++] = '-';
	}
	while (k && out[k - 1] == '-')
		k--;
	out[k] = '\0';
	return k;
}

void nw_opml_name(const char *title, const char *url, char *out)
{
	const char *host, *end;

	if (title && slug(title, strlen(title), out))
		return;
	if (url && (host = strstr(url, "://"))) {
		host += 3;
		end = host + strcspn(host, "/?#:");
		if (memchr(host, '@', (size_t)(end - host)))
			host = (const char *)memchr(host, '@', (size_t)(end - host)) + 1;
		if (end - host > 4 && !strncasecmp(host, "www.", 4))
			host += 4;
		if (slug(host, (size_t)(end - host), out))
			return;
	}
	strcpy(out, "feed");
}
