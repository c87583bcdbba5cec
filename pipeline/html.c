/*
 * html.c - the plain text of an HTML fragment (feed titles, summaries,
 * content:encoded).
 *
 * The fragment goes through libxml2's recovering HTML parser (NW_HTML_OPTS),
 * which decodes entities and copes with any tag soup; the tree is then
 * walked iteratively (parent/next pointers, no recursion, so nesting depth
 * costs no stack).  script/style/noscript/template and other non-text
 * subtrees are skipped.  Block elements leave a pending break that is only
 * written when more text follows, so output never starts or ends with white
 * space and consecutive blocks merge into one break: "\n\n" between
 * paragraph-level blocks, "\n" for br/li/tr, one space for table cells and
 * for any run of white space (including U+00A0 and the Unicode spaces).
 *
 * Feeds often escape their HTML twice ("&lt;p&gt;Hello&lt;/p&gt;"): when the
 * text of the first pass still contains tag-like markup ("<p>", "<a href",
 * "<br") or a character reference ("&amp;", "&#8217;": "&amp;amp;" in the
 * feed), it is parsed once more, never a third time.
 *
 * Input is copied, repaired to valid UTF-8 (invalid bytes become U+FFFD,
 * NULs spaces), inside a wrapper element before parsing, so the output is
 * valid UTF-8 too.  Fragments are up to a few hundred KiB; libxml2's own
 * limits (depth 256, no XML_PARSE_HUGE) bound the tree, and the text never
 * makes out exceed out->max (NW_ETOOBIG, out unchanged).
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "err.h"
#include "buf.h"
#include "utf8.h"
#include "xmlopts.h"
#include "html.h"

enum kind {
	K_INLINE, /* text flows through */
	K_CELL,	  /* td, th: a space */
	K_LINE,	  /* br, li, tr: a line break */
	K_PARA,	  /* p, div, h1...: a blank line */
	K_SKIP,	  /* script, style...: no text at all */
};

struct tag_kind {
	const char *name;
	enum kind kind;
};

/* Sorted by name for bsearch; libxml2's HTML parser lowercases names. */
static const struct tag_kind tags[] = {
    {"address", K_PARA}, {"applet", K_SKIP},	 {"article", K_PARA},  {"aside", K_PARA},
    {"audio", K_SKIP},	 {"blockquote", K_PARA}, {"body", K_PARA},     {"br", K_LINE},
    {"canvas", K_SKIP},	 {"caption", K_LINE},	 {"center", K_PARA},   {"dd", K_LINE},
    {"details", K_PARA}, {"dialog", K_PARA},	 {"div", K_PARA},      {"dl", K_PARA},
    {"dt", K_LINE},	 {"embed", K_SKIP},	 {"fieldset", K_PARA}, {"figcaption", K_PARA},
    {"figure", K_PARA},	 {"footer", K_PARA},	 {"form", K_PARA},     {"h1", K_PARA},
    {"h2", K_PARA},	 {"h3", K_PARA},	 {"h4", K_PARA},       {"h5", K_PARA},
    {"h6", K_PARA},	 {"head", K_SKIP},	 {"header", K_PARA},   {"hr", K_PARA},
    {"html", K_PARA},	 {"iframe", K_SKIP},	 {"legend", K_LINE},   {"li", K_LINE},
    {"main", K_PARA},	 {"math", K_SKIP},	 {"nav", K_PARA},      {"noscript", K_SKIP},
    {"object", K_SKIP},	 {"ol", K_PARA},	 {"option", K_LINE},   {"p", K_PARA},
    {"pre", K_PARA},	 {"script", K_SKIP},	 {"section", K_PARA},  {"select", K_SKIP},
    {"style", K_SKIP},	 {"summary", K_LINE},	 {"svg", K_SKIP},      {"table", K_PARA},
    {"tbody", K_INLINE}, {"td", K_CELL},	 {"template", K_SKIP}, {"textarea", K_SKIP},
    {"tfoot", K_INLINE}, {"th", K_CELL},	 {"thead", K_INLINE},  {"title", K_SKIP},
    {"tr", K_LINE},	 {"ul", K_PARA},	 {"video", K_SKIP},
};

/* Tag names whose markup in decoded text means "escaped twice". */
static const char *const markup_names[] = {
    "a",  "b",	"blockquote", "br", "div", "em",   "font", "h1",  "h2",	    "h3",     "h4",
    "h5", "h6", "hr",	      "i",  "img", "li",   "ol",   "p",	  "span",   "strong", "table",
    "td", "tr", "u",	      "ul", "pre", "code", "sub",  "sup", "iframe", "script", "style",
};

struct walk {
	struct nw_buf *b;
	enum kind brk; /* strongest break pending before the next text */
	int space;     /* white space pending before the next text */
	int pre;       /* depth inside <pre>, where newlines are kept */
};

static int cmp_tag(const void *key, const void *elem)
{
	return strcmp(key, ((const struct tag_kind *)elem)->name);
}

static enum kind classify(const xmlNode *n)
{
	const struct tag_kind *t;

	if (!n->name)
		return K_INLINE;
	t = bsearch(n->name, tags, sizeof(tags) / sizeof(tags[0]), sizeof(tags[0]), cmp_tag);
	return t ? t->kind : K_INLINE;
}

/* Bytes of the white-space character at s (n > 0 left), or 0. */
static size_t space_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t k;

	if (*s < 0x80)
		return (*s == ' ' || (*s >= '\t' && *s <= '\r')) ? 1 : 0;
	k = nw_utf8_decode((const char *)s, n, &cp);
	if (k && (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
		  cp == 0x3000))
		return k;
	return 0;
}

static int flush_separator(struct walk *w)
{
	int rc = NW_OK;

	if (w->b->len) {
		if (w->brk == K_PARA)
			rc = nw_buf_add(w->b, "\n\n", 2);
		else if (w->brk == K_LINE)
			rc = nw_buf_addch(w->b, '\n');
		else if (w->brk == K_CELL || w->space)
			rc = nw_buf_addch(w->b, ' ');
	}
	w->brk = K_INLINE;
	w->space = 0;
	return rc;
}

static int put_text(struct walk *w, const unsigned char *s)
{
	size_t n = strlen((const char *)s), i = 0, k, start;
	int rc;

	while (i < n) {
		if ((k = space_len(s + i, n - i))) {
			if (w->pre && s[i] == '\n' && w->brk < K_LINE)
				w->brk = K_LINE;
			else
				w->space = 1;
			i += k;
			continue;
		}
		start = i;
		while (i < n && !space_len(s + i, n - i))
			i++;
		if ((rc = flush_separator(w)) || (rc = nw_buf_add(w->b, s + start, i - start)))
			return rc;
	}
	return NW_OK;
}

static void block(struct walk *w, const xmlNode *n, int entering)
{
	enum kind k = classify(n);

	if (k == K_SKIP)
		return;
	if (k > w->brk)
		w->brk = k;
	if (n->name && !strcmp((const char *)n->name, "pre"))
		w->pre += entering ? 1 : -1;
}

/* Depth-first over the children of root without recursion. */
static int walk_tree(struct walk *w, xmlNode *root)
{
	xmlNode *n = root->children;
	int rc;

	while (n) {
		if (n->type == XML_ELEMENT_NODE && classify(n) != K_SKIP) {
			block(w, n, 1);
			if (n->children) {
				n = n->children;
				continue;
			}
		} else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
			   n->content) {
			if ((rc = put_text(w, n->content)))
				return rc;
		}
		/* n is done: close it and its finished ancestors. */
		for (;;) {
			if (n->type == XML_ELEMENT_NODE)
				block(w, n, 0);
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (!n || n == root)
				return NW_OK;
		}
	}
	return NW_OK;
}

/*
 * libxml2 wraps text that has no parent element in an implied <p>, which
 * would split "<b>a</b> b" into two paragraphs; a wrapper element of an
 * unknown name is a parent that no fragment tag auto-closes.
 */
#define WRAP_OPEN "<nw-fragment>"
#define WRAP_CLOSE "</nw-fragment>"

/*
 * Append s as valid UTF-8 without NULs (libxml2 stops at a NUL): invalid
 * bytes become U+FFFD, NULs spaces.
 */
static int add_clean(struct nw_buf *b, const char *s, size_t n)
{
	size_t i = b->len;
	int rc;

	if ((rc = nw_utf8_repair(b, s, n)))
		return rc;
	for (; i < b->len; i++)
		if (b->data[i] == '\0')
			b->data[i] = ' ';
	return NW_OK;
}

/* Parse s as HTML and append its text to out (no second pass). */
static int one_pass(const char *s, size_t n, struct nw_buf *out)
{
	struct walk w = {out, K_INLINE, 0, 0};
	struct nw_buf in;
	htmlDocPtr doc;
	int rc;

	if (n == 0)
		return NW_OK;
	nw_buf_init(&in, (size_t)INT_MAX);
	if (!(rc = nw_buf_addstr(&in, WRAP_OPEN)) && !(rc = add_clean(&in, s, n)) &&
	    !(rc = nw_buf_addstr(&in, WRAP_CLOSE))) {
		doc = htmlReadMemory(in.data, (int)in.len, NULL, "UTF-8", NW_HTML_OPTS);
		if (doc) {
			rc = walk_tree(&w, (xmlNode *)doc);
			xmlFreeDoc(doc);
		}
	}
	nw_buf_release(&in);
	return rc;
}

/* "<p>", "</b>", "<br/>", "<a href=..." - a known tag name, then a delimiter. */
static int looks_like_markup(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	size_t i, len;

	while ((p = memchr(p, '<', (size_t)(end - p)))) {
		p++;
		if (p < end && *p == '/')
			p++;
		for (i = 0; i < sizeof(markup_names) / sizeof(markup_names[0]); i++) {
			len = strlen(markup_names[i]);
			if ((size_t)(end - p) > len && !strncasecmp(p, markup_names[i], len) &&
			    (p[len] == '>' || p[len] == ' ' || p[len] == '/' || p[len] == '\t' ||
			     p[len] == '\n'))
				return 1;
		}
	}
	return 0;
}

/* Names whose reference left in decoded text means "escaped twice". */
static const char *const escaped_names[] = {"amp;", "lt;", "gt;", "quot;", "apos;", "nbsp;"};

/* "&amp;", "&#8217;", "&#x2019;" somewhere in s. */
static int has_reference(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	size_t i, len;

	while ((p = memchr(p, '&', (size_t)(end - p)))) {
		p++;
		if (p < end && *p == '#') {
			int hex = p + 1 < end && (p[1] == 'x' || p[1] == 'X');
			const char *d = p + 1 + hex, *start = d;

			while (d < end && d - start < 8 &&
			       ((*d >= '0' && *d <= '9') ||
				(hex && ((*d | 0x20) >= 'a' && (*d | 0x20) <= 'f'))))
				d++;
			if (d > start && d < end && *d == ';')
				return 1;
			continue;
		}
		for (i = 0; i < sizeof(escaped_names) / sizeof(escaped_names[0]); i++) {
			len = strlen(escaped_names[i]);
			if ((size_t)(end - p) >= len && !memcmp(p, escaped_names[i], len))
				return 1;
		}
	}
	return 0;
}

int nw_html_fragment_text(const char *s, size_t n, struct nw_buf *out)
{
	struct nw_buf text, again;
	size_t room = out->max - out->len;
	int rc;

	nw_buf_init(&text, room);
	nw_buf_init(&again, room);
	rc = one_pass(s, n, &text);
	if (!rc && (looks_like_markup(text.data, text.len) || has_reference(text.data, text.len))) {
		rc = one_pass(text.data, text.len, &again);
		if (!rc)
			rc = nw_utf8_repair(out, again.data, again.len);
	} else if (!rc) {
		rc = nw_utf8_repair(out, text.data, text.len);
	}
	nw_buf_release(&text);
	nw_buf_release(&again);
	return rc;
}
