/*
 * extract.c - an article page's HTML to its main text and metadata.
 *
 * The page is decoded to UTF-8 (charset.c) and parsed once by libxml2's
 * recovering HTML parser.  Then a few walks over the tree, all iterative
 * (libxml2 caps nesting at 256, but a recursion here would be one more
 * thing to trust):
 *
 *  1. measure: per element, visible characters, characters inside links,
 *     commas; mark boilerplate dead (script, nav, aside, footer, a site
 *     <header>, class/id hints such as "share", "related" or "bio");
 *     collect metadata (<meta>, canonical link, <title>, JSON-LD) on the
 *     way.  Nothing is unlinked: a dead flag hides a subtree from later
 *     walks.  Two kinds of element are measured but held back: <noscript>
 *     comes back when its parent shows no text of its own (lazy loading),
 *     captions come back when the page is a gallery (they outweigh the
 *     rest of its text).
 *  2. score: readability's algorithm - every paragraph of 25+ characters
 *     scores its ancestors (commas, length), scores are scaled by link
 *     density, the best candidate and its worthy siblings win.  An
 *     <article> or itemprop=articleBody holding enough of that text is
 *     preferred to the score, with its sibling entries when it is one of
 *     a live blog's; the JSON-LD articleBody wins when the tree holds
 *     little text.
 *  3. emit: block elements become paragraphs ("\n\n" between them),
 *     whitespace collapses, a data table's row becomes one "a | b | c"
 *     line, and lines that are boilerplate ("Read more", link-only lines,
 *     datelines, bylines, reading times, a trailing "Most read" heading and
 *     its links, repeats outside table cells) are dropped.
 *
 * Metadata: title from og:title, the headline <h1> or <title> without the
 * site's name; author from <meta>, JSON-LD, rel=author, byline elements
 * (the name alone: no date, no reading time); dates from <meta>, JSON-LD,
 * <time> or a dateline near the headline (never a page-wide banner); the
 * language declared, else guessed from the text's script or stop words.
 *
 * Per-element measurements hang off xmlNode._private (which libxml2
 * leaves to applications) and live in one array freed on return.
 * Typical pages have 1-5 thousand elements and 5-50 KB of text; the walks
 * cost less than the parse itself.  Pages over NW_EXTRACT_MAX are refused.
 * Every string in the result is copied into the caller's arena and is
 * valid UTF-8.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "err.h"
#include "buf.h"
#include "arena.h"
#include "utf8.h"
#include "json.h"
#include "date.h"
#include "hash.h"
#include "xmlopts.h"
#include "charset.h"
#include "extract.h"

#define MIN_UNIT 25	     /* characters for a paragraph to score */
#define PLAUSIBLE_BODY 200   /* characters of non-link text in an <article> */
#define SHORT_LINE 200	     /* link-only and "Related:" lines longer than this stay */
#define DATELINE_MAX 100     /* a dateline or byline is shorter than this */
#define META_MAX 200	     /* byline/dateline elements bigger than this are text */
#define JSONLD_MAX (4 << 20) /* bytes of one JSON-LD script */
#define FIELD_MAX 1000	     /* bytes of a title, author or URL */
#define NODE_LIST_MAX 64     /* <time>, byline, rel=author candidates kept */
#define BOILER_MAX 48	     /* bytes of the longest boilerplate line or heading */
#define CELL_MAX 80	     /* a table cell's line this short may repeat */

/* Tag kinds. */
enum {
	K_BLOCK = 1 << 0, /* starts and ends a paragraph */
	K_DROP = 1 << 1,  /* never article text: dead with its subtree */
	K_PARA = 1 << 2,  /* a paragraph for scoring */
	K_UNIT = 1 << 3,  /* a paragraph for scoring when it has no block child */
	K_HEAD = 1 << 4,  /* h2-h6: kept as a heading line */
};

enum tag_id {
	T_OTHER,
	T_A,
	T_ARTICLE,
	T_BODY,
	T_BR,
	T_CAPTION,
	T_FIGCAPTION,
	T_FORM,
	T_H1,
	T_HEADER,
	T_HTML,
	T_LINK,
	T_MAIN,
	T_META,
	T_NOSCRIPT,
	T_SCRIPT,
	T_TD,
	T_TH,
	T_TIME,
	T_TITLE,
	T_TR,
};

struct tag {
	const char *name;
	unsigned char id, kind;
	signed char base; /* readability's initial score for a candidate */
};

/* Sorted by name for bsearch. */
static const struct tag tags[] = {
    {"a", T_A, 0, 0},
    {"address", T_OTHER, K_BLOCK, -3},
    {"amp-ad", T_OTHER, K_DROP, 0},
    {"amp-analytics", T_OTHER, K_DROP, 0},
    {"amp-consent", T_OTHER, K_DROP, 0},
    {"amp-embed", T_OTHER, K_DROP, 0},
    {"amp-iframe", T_OTHER, K_DROP, 0},
    {"amp-sidebar", T_OTHER, K_DROP, 0},
    {"amp-social-share", T_OTHER, K_DROP, 0},
    {"amp-user-notification", T_OTHER, K_DROP, 0},
    {"article", T_ARTICLE, K_BLOCK | K_UNIT, 0},
    {"aside", T_OTHER, K_BLOCK | K_DROP, 0},
    {"audio", T_OTHER, K_DROP, 0},
    {"blockquote", T_OTHER, K_BLOCK | K_UNIT, 3},
    {"body", T_BODY, K_BLOCK, 0},
    {"br", T_BR, 0, 0},
    {"button", T_OTHER, K_DROP, 0},
    {"canvas", T_OTHER, K_DROP, 0},
    {"caption", T_CAPTION, K_BLOCK | K_UNIT, 0},
    {"center", T_OTHER, K_BLOCK | K_UNIT, 0},
    {"dd", T_OTHER, K_BLOCK, -3},
    {"details", T_OTHER, K_BLOCK, 0},
    {"dialog", T_OTHER, K_BLOCK | K_DROP, 0},
    {"div", T_OTHER, K_BLOCK | K_UNIT, 5},
    {"dl", T_OTHER, K_BLOCK, -3},
    {"dt", T_OTHER, K_BLOCK, -3},
    {"embed", T_OTHER, K_DROP, 0},
    {"fieldset", T_OTHER, K_BLOCK, 0},
    {"figcaption", T_FIGCAPTION, K_BLOCK | K_UNIT, 0},
    {"figure", T_OTHER, K_BLOCK, 0},
    {"footer", T_OTHER, K_BLOCK | K_DROP, 0},
    {"form", T_FORM, K_BLOCK, -3},
    {"h1", T_H1, K_BLOCK, -5},
    {"h2", T_OTHER, K_BLOCK | K_HEAD, -5},
    {"h3", T_OTHER, K_BLOCK | K_HEAD, -5},
    {"h4", T_OTHER, K_BLOCK | K_HEAD, -5},
    {"h5", T_OTHER, K_BLOCK | K_HEAD, -5},
    {"h6", T_OTHER, K_BLOCK | K_HEAD, -5},
    {"header", T_HEADER, K_BLOCK, 0},
    {"hgroup", T_OTHER, K_BLOCK, 0},
    {"hr", T_OTHER, K_BLOCK, 0},
    {"html", T_HTML, K_BLOCK, 0},
    {"iframe", T_OTHER, K_DROP, 0},
    {"input", T_OTHER, K_DROP, 0},
    {"li", T_OTHER, K_BLOCK, -3},
    {"link", T_LINK, 0, 0},
    {"main", T_MAIN, K_BLOCK | K_UNIT, 0},
    {"map", T_OTHER, K_DROP, 0},
    {"math", T_OTHER, K_DROP, 0},
    {"menu", T_OTHER, K_BLOCK | K_DROP, 0},
    {"meta", T_META, 0, 0},
    {"nav", T_OTHER, K_BLOCK | K_DROP, 0},
    {"noscript", T_NOSCRIPT, K_BLOCK, 0},
    {"object", T_OTHER, K_DROP, 0},
    {"ol", T_OTHER, K_BLOCK, -3},
    {"option", T_OTHER, K_DROP, 0},
    {"p", T_OTHER, K_BLOCK | K_PARA, 0},
    {"pre", T_OTHER, K_BLOCK | K_PARA, 3},
    {"script", T_SCRIPT, K_DROP, 0},
    {"section", T_OTHER, K_BLOCK | K_UNIT, 0},
    {"select", T_OTHER, K_DROP, 0},
    {"style", T_OTHER, K_DROP, 0},
    {"summary", T_OTHER, K_BLOCK, 0},
    {"svg", T_OTHER, K_DROP, 0},
    {"table", T_OTHER, K_BLOCK, 0},
    {"tbody", T_OTHER, K_BLOCK, 0},
    {"td", T_TD, K_BLOCK | K_UNIT, 3},
    {"template", T_OTHER, K_DROP, 0},
    {"textarea", T_OTHER, K_DROP, 0},
    {"tfoot", T_OTHER, K_BLOCK, 0},
    {"th", T_TH, K_BLOCK, -5},
    {"thead", T_OTHER, K_BLOCK, 0},
    {"time", T_TIME, 0, 0},
    {"title", T_TITLE, K_DROP, 0},
    {"tr", T_TR, K_BLOCK, 0},
    {"ul", T_OTHER, K_BLOCK, -3},
    {"video", T_OTHER, K_DROP, 0},
};

/* Class/id hints, matched against each alphanumeric word of the value. */
enum {
	H_NEG = 1,	/* boilerplate */
	H_POS = 2,	/* article content */
	H_META = 4,	/* dateline, entry meta: read for metadata, not emitted */
	H_BYLINE = 8,	/* byline, author: as H_META, and names the author */
	H_WEAK = 16,	/* layout words ("sidebar"): boilerplate unless big and plain */
	H_CAPTION = 32, /* a caption: kept only on a gallery page (as <figcaption>) */
	H_LIVE = 64,	/* a live blog: its entries are the article */
};

struct hint {
	const char *word;
	unsigned char prefix; /* 1: matches words starting with it */
	unsigned char flag;
};

/* Sorted by word: word_hints() looks up the run of a first letter. */
static const struct hint hints[] = {
    {"ad", 0, H_NEG},	       {"ads", 0, H_NEG},	  {"adsbygoogle", 0, H_NEG},
    {"adslot", 1, H_NEG},      {"adunit", 1, H_NEG},	  {"advert", 1, H_NEG},
    {"article", 1, H_POS},     {"author", 1, H_BYLINE},	  {"badge", 1, H_WEAK},
    {"banner", 1, H_WEAK},     {"bio", 0, H_NEG},	  {"biography", 1, H_NEG},
    {"blog", 0, H_POS},	       {"body", 1, H_POS},	  {"breadcrumb", 1, H_WEAK},
    {"byline", 1, H_BYLINE},   {"caption", 1, H_CAPTION}, {"cite", 0, H_WEAK},
    {"comment", 1, H_NEG},     {"consent", 1, H_NEG},	  {"contact", 1, H_WEAK},
    {"content", 1, H_POS},     {"cookie", 1, H_NEG},	  {"copyright", 1, H_NEG},
    {"count", 0, H_WEAK},      {"counter", 0, H_WEAK},	  {"credit", 1, H_WEAK},
    {"cta", 0, H_NEG},	       {"date", 0, H_META},	  {"dateline", 1, H_META},
    {"disclaimer", 1, H_NEG},  {"disqus", 1, H_NEG},	  {"entry", 1, H_POS},
    {"eyebrow", 1, H_WEAK},    {"footer", 1, H_WEAK},	  {"gdpr", 1, H_NEG},
    {"hentry", 0, H_POS},      {"kicker", 1, H_WEAK},	  {"label", 0, H_WEAK},
    {"live", 0, H_LIVE},       {"liveblog", 1, H_LIVE},	  {"login", 1, H_NEG},
    {"main", 1, H_POS},	       {"masthead", 1, H_WEAK},	  {"menu", 1, H_WEAK},
    {"meta", 0, H_META},       {"modal", 1, H_WEAK},	  {"most", 0, H_NEG},
    {"mostpopular", 1, H_NEG}, {"mostread", 1, H_NEG},	  {"nav", 1, H_WEAK},
    {"newsletter", 1, H_NEG},  {"outbrain", 1, H_NEG},	  {"overlay", 1, H_WEAK},
    {"pager", 1, H_WEAK},      {"pagination", 1, H_WEAK}, {"paywall", 1, H_NEG},
    {"popular", 1, H_NEG},     {"popup", 1, H_WEAK},	  {"post", 1, H_POS},
    {"posted", 1, H_META},     {"print", 0, H_WEAK},	  {"promo", 1, H_NEG},
    {"pubdate", 1, H_META},    {"recommend", 1, H_NEG},	  {"related", 1, H_NEG},
    {"share", 1, H_NEG},       {"sharing", 1, H_NEG},	  {"sidebar", 1, H_WEAK},
    {"signin", 1, H_NEG},      {"signup", 1, H_NEG},	  {"skip", 0, H_WEAK},
    {"social", 1, H_NEG},      {"sponsor", 1, H_NEG},	  {"story", 1, H_POS},
    {"submitted", 1, H_META},  {"subscri", 1, H_NEG},	  {"syndication", 0, H_NEG},
    {"taboola", 1, H_NEG},     {"tag", 0, H_WEAK},	  {"tags", 0, H_WEAK},
    {"text", 0, H_POS},	       {"time", 0, H_META},	  {"timestamp", 1, H_META},
    {"toc", 0, H_NEG},	       {"toolbar", 1, H_WEAK},	  {"topbar", 1, H_WEAK},
    {"trending", 1, H_NEG},    {"widget", 1, H_WEAK},
};

/* ARIA landmarks that are never the article. */
static const char *const neg_roles[] = {
    "alertdialog", "banner",  "complementary", "contentinfo", "dialog",
    "menu",	   "menubar", "navigation",    "search",      "toolbar",
};

/* Whole lines that are never article text (compared case-insensitively). */
static const char *const boiler_lines[] = {
    "ad",
    "advertisement",
    "advertisement - scroll to continue",
    "also read",
    "article continues below advertisement",
    "back to top",
    "click here",
    "comment",
    "comments",
    "continue reading",
    "email",
    "facebook",
    "follow us",
    "linkedin",
    "listen to this article",
    "loading",
    "more",
    "next",
    "previous",
    "print",
    "read full story",
    "read more",
    "related",
    "scroll to continue with content",
    "see also",
    "share",
    "share this",
    "share this article",
    "share this story",
    "sign up",
    "skip to content",
    "skip to main content",
    "sponsored",
    "story continues below advertisement",
    "subscribe",
    "subscribe now",
    "tweet",
    "twitter",
    "whatsapp",
};

/* Line openings that mark a short line as boilerplate. */
static const char *const boiler_prefixes[] = {
    "advertisement",
    "also read:",
    "click here to",
    "follow us on",
    "listen:",
    "more:",
    "our standards:",
    "photo:",
    "read also:",
    "read more:",
    "read next:",
    "recommended:",
    "related:",
    "see also:",
    "sign up for",
    "source:",
    "sources:",
    "sponsored:",
    "subscribe to our",
    "watch:",
    "quelle:",
    "fuente:",
    "\xD0\x98\xD1\x81\xD1\x82\xD0\xBE\xD1\x87\xD0\xBD\xD0\xB8\xD0\xBA:", /* Источник: */
};

/* Headings of link lists: dropped at the end or when only links follow. */
static const char *const boiler_heads[] = {
    "don't miss",
    "editor's picks",
    "editors' picks",
    "from around the web",
    "in other news",
    "latest news",
    "latest stories",
    "leave a comment",
    "leave a reply",
    "more from",
    "more news",
    "more stories",
    "most popular",
    "most read",
    "most viewed",
    "popular",
    "popular links",
    "popular now",
    "read next",
    "recommended",
    "recommended for you",
    "related articles",
    "related content",
    "related coverage",
    "related news",
    "related stories",
    "sponsored content",
    "tags",
    "top brokers",
    "top stories",
    "topics",
    "trending",
    "trending now",
    "you may also like",
    "you might also like",
};

/* Labels that introduce a visible publication date. */
static const char *const date_labels[] = {
    "first published", "last modified", "last updated", "last update", "published on",
    "published",       "posted on",	"posted",	"updated on",  "updated",
    "update",	       "dated",		"date",
};

enum {
	F_DEAD = 1 << 0,     /* boilerplate: hidden from every later walk */
	F_BLOCKKID = 1 << 1, /* has a live block-level child */
	F_KEEPER = 1 << 2,   /* holds the headline or a substantial article */
	F_CAND = 1 << 3,     /* a scored content candidate */
	F_SEL = 1 << 4,	     /* selected for output */
	F_SKIP = 1 << 5,     /* emission did not enter it */
	F_ARTBODY = 1 << 6,  /* itemprop=articleBody */
	F_ARTICLE = 1 << 7,  /* <article>, <main>, role=main/article */
	F_DIGIT = 1 << 8,    /* a digit in the text: could hold a date */
	F_PREFER = 1 << 9,   /* <article>, role=article or itemprop=articleBody */
	F_CAPTION = 1 << 10, /* an outermost caption: dead unless the page is a gallery */
	F_NSKID = 1 << 11,   /* has a <noscript> child */
	F_H1 = 1 << 12,	     /* holds a headline <h1> */
};

struct info {
	uint32_t text;	 /* visible characters, whitespace runs count one */
	uint32_t link;	 /* of which inside <a> */
	uint32_t own;	 /* of which in direct text children */
	uint32_t commas; /* ',' in the text */
	float score;
	uint16_t flags;
	unsigned char id, kind, hints;
	signed char base;
};

/* JSON-LD fields, copied into the scratch arena. */
struct jsonld {
	const char *headline, *published, *author, *body, *lang;
};

struct ex {
	struct nw_arena scratch; /* JSON-LD strings, bylines */
	struct info *infos;	 /* one per element, counted before the walks */
	size_t ninfos, used;
	struct nw_arena *out; /* the caller's arena */
	struct nw_buf tmp;    /* short-lived text */
	int oom;

	int in_a, in_art; /* open <a> and article-like elements (measure walk) */
	int in_cap;	  /* open captions (measure walk) */
	int collect;	  /* collect metadata (off for a JSON-LD body fragment) */
	int no_hints;	  /* class/id hints never make boilerplate (second try) */

	const char *og_title, *tw_title, *doc_title, *meta_author, *canonical, *og_url;
	const char *og_locale, *html_lang, *content_lang, *pub_meta, *date_meta, *site_name;
	struct jsonld ld;
	struct nw_buf times, itemprop_dates, authors, bylines, articles, cands, h1s;
	struct nw_buf captions; /* F_CAPTION elements, held back until the gallery test */
	struct nw_buf metas;	/* dateline-like elements: "By Jane Roe · 3 May" */

	const char *title; /* the title decided, for dropping a repeat */
	size_t title_len;

	/*
	 * The parser interns element names, so one name is one pointer: a
	 * direct-mapped cache from name pointer to tag saves the bsearch.
	 */
	struct tag_cache {
		const xmlChar *name;
		const struct tag *tag;
	} tag_cache[64];
};

/* One output paragraph (or a dropped link line, len 0); R_DATA: a table row or cell. */
enum { R_TEXT, R_HEAD, R_LINKS, R_DATA };

struct rec {
	size_t off, len;
	int kind;
};

/* Open-addressed set of kept paragraphs (offsets into emit.out). */
struct slot {
	uint64_t h;
	size_t off, len; /* len 0: empty */
};

struct pset {
	struct slot *slots;
	size_t cap, used; /* cap is 0 or a power of two */
};

struct emit {
	struct ex *ex;
	struct nw_buf para; /* the paragraph being built */
	struct nw_buf out;  /* kept paragraphs, back to back */
	struct nw_buf recs; /* struct rec[] */
	struct pset seen;
	size_t para_link; /* bytes of para inside links */
	int in_a, head, space, after_br;
	int in_cell;	    /* open <td>/<th> */
	const xmlNode *row; /* the data-table row being joined into one line */
	int sep;	    /* a " | " is due before the next cell's text */
	const char *byline; /* a "By Jane Roe" line, author of last resort */
	size_t byline_len;
};

/* ---- small helpers ---------------------------------------------------- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int tag_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct tag *)elem)->name);
}

static const struct tag *tag_lookup(const xmlChar *name)
{
	return bsearch(name, tags, sizeof(tags) / sizeof(tags[0]), sizeof(tags[0]), tag_cmp);
}

static struct info *info_of(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE ? n->_private : NULL;
}

static int is_live_elem(const xmlNode *n)
{
	const struct info *in = info_of(n);

	return in && !(in->flags & F_DEAD);
}

/* Live when no element from n up to the root is dead or unvisited. */
static int is_live(const xmlNode *n)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (!is_live_elem(n))
			return 0;
	return 1;
}

static int is_inside(const xmlNode *n, const xmlNode *anc)
{
	for (; n; n = n->parent)
		if (n == anc)
			return 1;
	return 0;
}

static void push_node(struct ex *ex, struct nw_buf *list, xmlNode *n, size_t max)
{
	if (list->len / sizeof(n) >= max)
		return;
	if (nw_buf_add(list, &n, sizeof(n)))
		ex->oom = 1;
}

static xmlNode *node_at(const struct nw_buf *list, size_t i)
{
	xmlNode *n;

	memcpy(&n, list->data + i * sizeof(n), sizeof(n));
	return n;
}

static size_t node_count(const struct nw_buf *list)
{
	return list->len / sizeof(xmlNode *);
}

static int eq_ci(const char *s, size_t n, const char *lit)
{
	return n > 0 && lower((unsigned char)s[0]) == (unsigned char)lit[0] && strlen(lit) == n &&
	       !strncasecmp(s, lit, n);
}

static int in_list(const char *s, size_t n, const char *const *list, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (eq_ci(s, n, list[i]))
			return 1;
	return 0;
}

#define IN_LIST(s, n, list) in_list(s, n, list, sizeof(list) / sizeof(list[0]))

static int starts_ci(const char *s, size_t n, const char *lit)
{
	size_t m;

	if (n == 0 || lower((unsigned char)s[0]) != (unsigned char)lit[0])
		return 0;
	m = strlen(lit);
	return n >= m && !strncasecmp(s, lit, m);
}

/* No letter at all: a counter ("412"), a rule ("* * *"), a lone number. */
static int letterless(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int c = lower((unsigned char)s[i]);

		if ((c >= 'a' && c <= 'z') || c >= 0x80)
			return 0;
	}
	return 1;
}

/* "6 min read", "6 min read · Feb 3, 2025": reading-time widgets. */
static int read_time(const char *s, size_t n)
{
	size_t i;

	for (i = 0; n <= DATELINE_MAX && i + 8 <= n; i++)
		if (!strncasecmp(s + i, "min read", 8) ||
		    (i + 11 <= n && !strncasecmp(s + i, "minute read", 11)))
			return 1;
	return 0;
}

/*
 * Decode-free whitespace test for UTF-8: the Unicode spaces pages use
 * (U+00A0, U+2000-U+200A, U+202F, U+3000) count as space; U+200B and
 * U+FEFF are invisible.  Returns the sequence length, sets *kind to 1 for
 * space, 2 for invisible, 0 otherwise.
 */
static size_t uspace(const unsigned char *s, size_t n, int *kind)
{
	*kind = 0;
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) {
		*kind = 1;
		return 2;
	}
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8B || s[2] == 0xAF)) {
		*kind = s[2] == 0x8B ? 2 : 1;
		return 3;
	}
	if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) {
		*kind = 1;
		return 3;
	}
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		*kind = 2;
		return 3;
	}
	return 1;
}

/* Append s to b with whitespace runs collapsed; *space carries a pending one. */
static int add_collapsed(struct nw_buf *b, const char *str, size_t n, int *space)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0, k;
	int kind, rc;

	while (i < n) {
		if (s[i] < 0x80) {
			k = 1;
			kind = is_space(s[i]);
		} else {
			k = uspace(s + i, n - i, &kind);
		}
		if (!kind) {
			/* run == i here whenever a space is pending */
			if (*space && b->len > 0 && (rc = nw_buf_addch(b, ' ')))
				return rc;
			*space = 0;
			i += k;
			continue;
		}
		if ((rc = nw_buf_add(b, s + run, i - run)))
			return rc;
		if (kind == 1)
			*space = 1;
		i += k;
		run = i;
	}
	return nw_buf_add(b, s + run, n - run);
}

/*
 * A string for the result: whitespace collapsed, trimmed, repaired to
 * UTF-8, at most max bytes (cut on a character boundary), in the caller's
 * arena.  NULL when empty.
 */
static const char *clean(struct ex *ex, const char *s, size_t n, size_t max)
{
	struct nw_buf fixed, flat;
	const char *r = NULL;
	int space = 0;
	size_t len;

	if (!s)
		return NULL;
	nw_buf_init(&fixed, NW_BUF_NOCAP);
	nw_buf_init(&flat, NW_BUF_NOCAP);
	if (nw_utf8_repair(&fixed, s, n) || add_collapsed(&flat, fixed.data, fixed.len, &space)) {
		ex->oom = 1;
	} else {
		len = flat.len;
		if (len > max) {
			len = max;
			while (len > 0 && ((unsigned char)flat.data[len] & 0xC0) == 0x80)
				len--;
		}
		if (len > 0 && !(r = nw_arena_strndup(ex->out, flat.data, len)))
			ex->oom = 1;
	}
	nw_buf_release(&fixed);
	nw_buf_release(&flat);
	return r;
}

static const char *clean_str(struct ex *ex, const char *s)
{
	return s ? clean(ex, s, strlen(s), FIELD_MAX) : NULL;
}

/*
 * The collapsed text of a live subtree, at most max bytes, into b.  With
 * no_dates, <time> and date-only elements (class "date", "meta") below
 * root are left out: a byline's name without its timestamp.
 */
static void subtree_text(xmlNode *root, struct nw_buf *b, size_t max, int no_dates)
{
	xmlNode *n = root;
	int space = 0;

	while (n) {
		int down = 0;

		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content && add_collapsed(b, (const char *)n->content,
							strlen((const char *)n->content), &space))
				return;
			if (b->len >= max)
				return;
		} else if (n->type == XML_ELEMENT_NODE && is_live_elem(n)) {
			const struct info *in = n->_private;

			down = n->children != NULL;
			if (no_dates && n != root &&
			    (in->id == T_TIME || (in->hints & (H_META | H_BYLINE)) == H_META))
				down = 0;
			if (in->kind & K_BLOCK)
				space = 1;
		}
		if (down) {
			n = n->children;
			continue;
		}
		while (n != root && !n->next)
			n = n->parent;
		if (n == root)
			return;
		n = n->next;
	}
}

static void node_text(xmlNode *root, struct nw_buf *b, size_t max)
{
	subtree_text(root, b, max, 0);
}

/* ---- walking ------------------------------------------------------------ */

/*
 * Depth-first over the subtree at root without recursion: enter() is
 * called for every node and returns 1 to descend; leave() (may be NULL)
 * for every entered node after its children.
 */
static void walk(xmlNode *root, int (*enter)(xmlNode *, void *), void (*leave)(xmlNode *, void *),
		 void *ctx)
{
	xmlNode *n = root;

	while (n) {
		if (enter(n, ctx) && n->children) {
			n = n->children;
			continue;
		}
		for (;;) {
			if (leave)
				leave(n, ctx);
			if (n == root)
				return;
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
		}
	}
}

/* ---- attributes ------------------------------------------------------- */

struct attrs {
	const char *cls, *id, *role, *itemprop, *rel, *style, *datetime, *lang, *href;
	const char *content, *property, *name, *http_equiv, *type;
	int hidden;
};

static void read_attrs(const xmlNode *n, struct attrs *a)
{
	static const struct {
		const char *name;
		size_t off;
	} known[] = {
#define A(f, s) {s, offsetof(struct attrs, f)}
	    A(cls, "class"),
	    A(id, "id"),
	    A(role, "role"),
	    A(itemprop, "itemprop"),
	    A(rel, "rel"),
	    A(style, "style"),
	    A(datetime, "datetime"),
	    A(lang, "lang"),
	    A(href, "href"),
	    A(content, "content"),
	    A(property, "property"),
	    A(name, "name"),
	    A(http_equiv, "http-equiv"),
	    A(type, "type"),
#undef A
	};
	const xmlAttr *p;
	size_t i;

	memset(a, 0, sizeof(*a));
	for (p = n->properties; p; p = p->next) {
		const char *name = (const char *)p->name, *v = "";

		if (p->children && p->children->content)
			v = (const char *)p->children->content;
		if (!strcmp(name, "hidden")) {
			a->hidden = 1;
			continue;
		}
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
			if (name[0] == known[i].name[0] && !strcmp(name, known[i].name)) {
				const char **slot = (const char **)((char *)a + known[i].off);

				if (!*slot)
					*slot = v;
				break;
			}
		}
	}
}

/* Does the space-separated list s hold word (case-insensitively)? */
static int has_word(const char *s, const char *word)
{
	size_t m = strlen(word);

	while (s && *s) {
		size_t k;

		while (*s && is_space((unsigned char)*s))
			s++;
		for (k = 0; s[k] && !is_space((unsigned char)s[k]); k++)
			;
		if (k == m && !strncasecmp(s, word, m))
			return 1;
		s += k;
	}
	return 0;
}

/* Every class and id word of every element comes here: scan only its letter's run. */
static int word_hints(const char *w, size_t k)
{
	size_t lo = 0, hi = sizeof(hints) / sizeof(hints[0]), i, m;
	int flags = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((unsigned char)hints[mid].word[0] < (unsigned char)w[0])
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < sizeof(hints) / sizeof(hints[0]) && hints[i].word[0] == w[0]; i++) {
		m = strlen(hints[i].word);
		if (k == m ? !memcmp(w, hints[i].word, m)
			   : hints[i].prefix && k > m && !memcmp(w, hints[i].word, m))
			flags |= hints[i].flag;
	}
	return flags;
}

/* Hints from a class or id value: each run of [a-z0-9] is one word. */
static int value_hints(const char *s)
{
	char w[32];
	int flags = 0;
	size_t k;

	while (s && *s) {
		for (k = 0; *s; s++) {
			int c = lower((unsigned char)*s);

			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
				break;
			if (k < sizeof(w))
				w[k++] = (char)c;
		}
		if (k > 0 && k < sizeof(w))
			flags |= word_hints(w, k);
		while (*s &&
		       !((lower((unsigned char)*s) >= 'a' && lower((unsigned char)*s) <= 'z') ||
			 (*s >= '0' && *s <= '9')))
			s++;
	}
	return flags;
}

static int role_hints(const char *role)
{
	size_t i;

	if (!role)
		return 0;
	for (i = 0; i < sizeof(neg_roles) / sizeof(neg_roles[0]); i++)
		if (has_word(role, neg_roles[i]))
			return H_NEG;
	return 0;
}

static int display_none(const char *style)
{
	const char *p = style;

	while (p && (p = strstr(p, "display"))) {
		p += 7;
		while (is_space((unsigned char)*p))
			p++;
		if (*p != ':')
			continue;
		p++;
		while (is_space((unsigned char)*p))
			p++;
		if (!strncasecmp(p, "none", 4))
			return 1;
	}
	return 0;
}

/* ---- metadata: <meta>, <link>, <title>, JSON-LD ------------------------- */

static void set_once(const char **slot, const char *v)
{
	if (!*slot && v && *v)
		*slot = v;
}

static int is_url(const char *s)
{
	return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8);
}

static void on_meta(struct ex *ex, const struct attrs *a)
{
	static const char *const pub[] = {
	    "article:published_time", "og:article:published_time", "published_time",
	    "article.published",      "og:published_time",
	};
	static const char *const dates[] = {
	    "date",
	    "pubdate",
	    "publishdate",
	    "publish-date",
	    "publish_date",
	    "dc.date",
	    "dc.date.issued",
	    "dcterms.date",
	    "dcterms.created",
	    "dcterms.issued",
	    "sailthru.date",
	    "parsely-pub-date",
	    "original-publish-date",
	};
	static const char *const authors[] = {
	    "author", "article:author", "parsely-author", "sailthru.author", "byl", "dc.creator",
	};
	const char *key = a->property ? a->property : a->name, *c = a->content;
	size_t n;

	if (a->http_equiv && !strcasecmp(a->http_equiv, "content-language"))
		set_once(&ex->content_lang, c);
	if (!key || !c || !*c)
		return;
	n = strlen(key);
	if (eq_ci(key, n, "og:title"))
		set_once(&ex->og_title, c);
	else if (eq_ci(key, n, "twitter:title"))
		set_once(&ex->tw_title, c);
	else if (eq_ci(key, n, "og:url"))
		set_once(&ex->og_url, c);
	else if (eq_ci(key, n, "og:locale"))
		set_once(&ex->og_locale, c);
	else if (eq_ci(key, n, "og:site_name") || eq_ci(key, n, "application-name"))
		set_once(&ex->site_name, c);
	else if (IN_LIST(key, n, pub))
		set_once(&ex->pub_meta, c);
	else if (IN_LIST(key, n, dates))
		set_once(&ex->date_meta, c);
	else if (IN_LIST(key, n, authors) && !is_url(c))
		set_once(&ex->meta_author, c);
}

static const char *ld_copy(struct ex *ex, const char *s)
{
	const char *r;

	if (!s || !*s)
		return NULL;
	if (!(r = nw_arena_strdup(&ex->scratch, s)))
		ex->oom = 1;
	return r;
}

static int ld_is_article(json_t *type)
{
	const char *t;
	size_t i;

	if (json_is_array(type)) {
		for (i = 0; i < json_array_size(type) && i < 16; i++)
			if (ld_is_article(json_array_get(type, i)))
				return 1;
		return 0;
	}
	t = json_string_value(type);
	return t && (strstr(t, "Article") || strstr(t, "Posting") || !strcmp(t, "Report"));
}

/* author: "Name", {"name": "Name"} or a list of those; a list joins with ", ". */
static const char *ld_author(struct ex *ex, json_t *v)
{
	struct nw_buf *b = &ex->tmp;
	const char *name, *r;
	size_t i, start = b->len;

	if (json_is_string(v))
		return ld_copy(ex, json_string_value(v));
	if (json_is_object(v))
		return ld_copy(ex, json_string_value(json_object_get(v, "name")));
	if (!json_is_array(v))
		return NULL;
	for (i = 0; i < json_array_size(v) && i < 8; i++) {
		json_t *e = json_array_get(v, i);

		name = json_is_object(e) ? json_string_value(json_object_get(e, "name"))
					 : json_string_value(e);
		if (!name || !*name)
			continue;
		if ((b->len > start && nw_buf_add(b, ", ", 2)) || nw_buf_addstr(b, name))
			ex->oom = 1;
	}
	r = b->len > start ? ld_copy(ex, b->data + start) : NULL;
	nw_buf_truncate(b, start);
	return r;
}

/* Find the article object in a JSON-LD value; depth and breadth bounded. */
static void ld_take(struct ex *ex, json_t *v, int depth)
{
	struct jsonld *ld = &ex->ld;
	json_t *body;
	size_t i;

	if (depth > 6)
		return;
	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v) && i < 256; i++)
			ld_take(ex, json_array_get(v, i), depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	ld_take(ex, json_object_get(v, "@graph"), depth + 1);
	body = json_object_get(v, "articleBody");
	if (ld_is_article(json_object_get(v, "@type")) || json_is_string(body)) {
		if (!ld->headline)
			ld->headline =
			    ld_copy(ex, json_string_value(json_object_get(v, "headline")));
		if (!ld->published)
			ld->published =
			    ld_copy(ex, json_string_value(json_object_get(v, "datePublished")));
		if (!ld->author)
			ld->author = ld_author(ex, json_object_get(v, "author"));
		if (!ld->body)
			ld->body = ld_copy(ex, json_string_value(body));
		if (!ld->lang)
			ld->lang = ld_copy(ex, json_string_value(json_object_get(v, "inLanguage")));
	}
	ld_take(ex, json_object_get(v, "mainEntity"), depth + 1);
}

static void on_jsonld(struct ex *ex, xmlNode *script)
{
	struct nw_buf *b = &ex->tmp;
	json_error_t err;
	json_t *v;
	xmlNode *c;

	for (c = script->children; c; c = c->next) {
		if (c->content && nw_buf_addstr(b, (const char *)c->content)) {
			nw_buf_reset(b);
			return;
		}
		if (b->len > JSONLD_MAX) {
			nw_buf_reset(b);
			return;
		}
	}
	v = json_loadb(b->data, b->len, 0, &err);
	nw_buf_reset(b);
	if (v) {
		ld_take(ex, v, 0);
		json_decref(v);
	}
}

static void on_title(struct ex *ex, xmlNode *n)
{
	if (!ex->doc_title && n->children && n->children->content)
		ex->doc_title = (const char *)n->children->content;
}

static void collect(struct ex *ex, xmlNode *n, struct info *in, const struct attrs *a)
{
	switch (in->id) {
	case T_HTML:
		set_once(&ex->html_lang, a->lang);
		break;
	case T_META:
		on_meta(ex, a);
		break;
	case T_LINK:
		if (a->rel && has_word(a->rel, "canonical"))
			set_once(&ex->canonical, a->href);
		break;
	case T_TITLE:
		on_title(ex, n);
		break;
	case T_SCRIPT:
		if (a->type && strstr(a->type, "ld+json"))
			on_jsonld(ex, n);
		break;
	case T_H1:
		push_node(ex, &ex->h1s, n, NODE_LIST_MAX);
		break;
	case T_TIME:
		if (a->datetime && *a->datetime)
			push_node(ex, &ex->times, n, NODE_LIST_MAX);
		break;
	}
	if (a->itemprop) {
		if (has_word(a->itemprop, "datePublished"))
			push_node(ex, &ex->itemprop_dates, n, NODE_LIST_MAX);
		if (has_word(a->itemprop, "author"))
			push_node(ex, &ex->bylines, n, NODE_LIST_MAX);
	}
	if (in->id == T_A && a->rel && has_word(a->rel, "author"))
		push_node(ex, &ex->authors, n, NODE_LIST_MAX);
	if (in->hints & H_BYLINE)
		push_node(ex, &ex->bylines, n, NODE_LIST_MAX);
	else if (in->hints & H_META)
		push_node(ex, &ex->metas, n, NODE_LIST_MAX);
}

/* ---- walk 1: measure, collect, mark boilerplate ------------------------ */

static const struct tag *tag_of(struct ex *ex, const xmlChar *name)
{
	struct tag_cache *c = &ex->tag_cache[((uintptr_t)name >> 4) & 63];

	if (c->name != name) {
		c->name = name;
		c->tag = tag_lookup(name);
	}
	return c->tag;
}

static int count_enter(xmlNode *n, void *ctx)
{
	*(size_t *)ctx += n->type == XML_ELEMENT_NODE;
	return n->type == XML_ELEMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE ||
	       n->type == XML_DOCUMENT_NODE;
}

/*
 * One exactly sized array for the per-element measurements: small pages
 * then cost a small allocation, not a fresh 64 KiB arena block.
 */
static int alloc_infos(struct ex *ex, xmlDoc *doc)
{
	size_t count = 0;

	walk((xmlNode *)doc, count_enter, NULL, &count);
	ex->infos = calloc(count ? count : 1, sizeof(*ex->infos));
	ex->ninfos = count;
	ex->used = 0;
	if (!ex->infos)
		ex->oom = 1;
	return ex->infos != NULL;
}

static struct info *new_info(struct ex *ex, xmlNode *n)
{
	struct info *in;
	const struct tag *t;

	if (ex->used >= ex->ninfos) {
		ex->oom = 1;
		return NULL;
	}
	in = &ex->infos[ex->used++];
	if (n->name && (t = tag_of(ex, n->name))) {
		in->id = t->id;
		in->kind = t->kind;
		in->base = t->base;
	}
	n->_private = in;
	return in;
}

static void count_text(struct ex *ex, const xmlNode *n)
{
	struct info *in = info_of(n->parent);
	const unsigned char *s = n->content;
	uint32_t chars = 0, commas = 0;
	int ws = 0, digits = 0;

	if (!in || !s)
		return;
	for (; *s; s++) {
		if (is_space(*s)) {
			chars += !ws;
			ws = 1;
			continue;
		}
		ws = 0;
		chars += (*s & 0xC0) != 0x80;
		commas += *s == ',';
		digits |= *s >= '0' && *s <= '9';
	}
	if (digits)
		in->flags |= F_DIGIT;
	in->text += chars;
	in->own += chars;
	in->commas += commas;
	if (ex->in_a)
		in->link += chars;
}

static int measure_enter(xmlNode *n, void *ctx)
{
	struct ex *ex = ctx;
	struct info *in;
	struct attrs a;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		count_text(ex, n);
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE)
		return n->type == XML_HTML_DOCUMENT_NODE || n->type == XML_DOCUMENT_NODE;
	if (!(in = new_info(ex, n)))
		return 0;
	read_attrs(n, &a);
	in->hints = (unsigned char)(value_hints(a.cls) | value_hints(a.id) | role_hints(a.role));
	if (ex->no_hints)
		in->hints &= (unsigned char)~(H_NEG | H_WEAK);
	if (a.itemprop && has_word(a.itemprop, "articleBody"))
		in->flags |= F_ARTBODY;
	if (in->id == T_ARTICLE || (in->flags & F_ARTBODY) ||
	    (a.role && has_word(a.role, "article")))
		in->flags |= F_PREFER | F_ARTICLE;
	if (in->id == T_MAIN || (a.role && has_word(a.role, "main")))
		in->flags |= F_ARTICLE;
	if (ex->collect) {
		collect(ex, n, in, &a);
		if (in->flags & F_PREFER)
			push_node(ex, &ex->articles, n, (size_t)-1);
	}
	if ((in->kind & K_DROP) || a.hidden || display_none(a.style)) {
		in->flags |= F_DEAD;
		return 0;
	}
	if (in->id == T_NOSCRIPT && info_of(n->parent))
		info_of(n->parent)->flags |= F_NSKID;
	if (ex->in_cap == 0 &&
	    (in->id == T_FIGCAPTION || in->id == T_CAPTION || (in->hints & H_CAPTION)))
		in->flags |= F_CAPTION;
	ex->in_a += in->id == T_A;
	ex->in_art += (in->flags & F_ARTICLE) != 0;
	ex->in_cap += (in->flags & F_CAPTION) != 0;
	return 1;
}

/* Add a revived subtree's measurements to its parent. */
static void add_to_parent(struct info *up, const struct info *in)
{
	up->text += in->text;
	up->link += in->link;
	up->commas += in->commas;
	up->flags |= in->flags & (F_KEEPER | F_DIGIT | F_H1);
	if (in->kind & K_BLOCK)
		up->flags |= F_BLOCKKID;
}

/*
 * Lazy-loading pages put a paragraph in <noscript> and leave an empty
 * placeholder beside it for the script to fill: when the parent shows no
 * text of its own, its <noscript> children are the content.  Elsewhere
 * <noscript> repeats what is visible or asks for JavaScript, and stays
 * dead.  The children were measured but not added to the parent.
 */
static void revive_noscript(struct ex *ex, xmlNode *n, struct info *in)
{
	struct nw_buf *b = &ex->tmp;
	xmlNode *c;
	int empty;

	if (in->text > 16)
		return;
	node_text(n, b, 17);
	empty = b->len == 0;
	nw_buf_reset(b);
	if (!empty)
		return;
	for (c = n->children; c; c = c->next) {
		struct info *ci = info_of(c);

		if (!ci || ci->id != T_NOSCRIPT || ci->text == 0 || (ci->flags & F_CAPTION))
			continue;
		ci->flags &= (uint16_t)~F_DEAD;
		node_text(c, b, 400);
		if (strcasestr(b->data, "javascript"))
			ci->flags |= F_DEAD;
		else
			add_to_parent(in, ci);
		nw_buf_reset(b);
	}
}

/*
 * Captions are held back (dead, not counted in their parents) until
 * gallery_captions() decides; a "caption" class on a big block of plain
 * text is no caption.
 */
static int hold_caption(struct ex *ex, xmlNode *n, struct info *in)
{
	if (!(in->flags & F_CAPTION))
		return 0;
	if ((in->flags & F_KEEPER) || (in->id != T_FIGCAPTION && in->id != T_CAPTION &&
				       in->text >= 500 && in->link * 10 < in->text * 3)) {
		in->flags &= (uint16_t)~F_CAPTION;
		return 0;
	}
	push_node(ex, &ex->captions, n, (size_t)-1);
	return 1;
}

/* Boilerplate that needs the subtree's measurements to decide. */
static int late_dead(const struct ex *ex, const struct info *in)
{
	if (in->flags & F_KEEPER)
		return 0;
	if (in->id == T_HEADER)
		return ex->in_art == 0;
	if (in->id == T_FORM)
		return in->text - in->link < 500;
	if (!(in->hints & (H_NEG | H_WEAK)) || in->id == T_BODY || in->id == T_HTML)
		return 0;
	/* "print-byline": metadata, which emission skips anyway */
	if ((in->hints & (H_META | H_BYLINE)) && !(in->hints & H_NEG) && (in->kind & K_BLOCK) &&
	    in->text <= META_MAX)
		return 0;
	/* "main-content has-related": content with a stray negative word */
	if ((in->hints & H_POS) && in->text >= 300 && in->link * 10 < in->text * 3)
		return 0;
	/* "wrapper with-sidebar": a layout word on a block of plain text */
	if (!(in->hints & H_NEG) && in->text >= 500 && in->link * 10 < in->text * 3)
		return 0;
	return 1;
}

static void measure_leave(xmlNode *n, void *ctx)
{
	struct ex *ex = ctx;
	struct info *in = info_of(n), *up;

	if (!in || (in->flags & F_DEAD))
		return;
	ex->in_a -= in->id == T_A;
	ex->in_art -= (in->flags & F_ARTICLE) != 0;
	ex->in_cap -= (in->flags & F_CAPTION) != 0;
	if (in->flags & F_NSKID)
		revive_noscript(ex, n, in);
	if (in->id == T_H1 && in->text > 0 && in->link * 2 < in->text)
		in->flags |= F_KEEPER | F_H1;
	if ((in->flags & F_ARTICLE) && !(in->hints & H_NEG) && in->text - in->link >= 300)
		in->flags |= F_KEEPER;
	if (late_dead(ex, in) || in->id == T_NOSCRIPT || hold_caption(ex, n, in)) {
		in->flags |= F_DEAD;
		return;
	}
	if ((up = info_of(n->parent)))
		add_to_parent(up, in);
}

/*
 * On a photo gallery the captions carry the story: when there are at
 * least three real ones (40+ characters) and they hold at least two
 * thirds as much text as the rest of the page, they come back to life.
 * A news story with a few captioned photos stays far below that.
 */
static void gallery_captions(struct ex *ex, xmlNode *root)
{
	const struct info *r = info_of(root);
	uint64_t chars = 0;
	size_t i, real = 0;

	if (!r || (r->flags & F_DEAD))
		return;
	for (i = 0; i < node_count(&ex->captions); i++) {
		xmlNode *c = node_at(&ex->captions, i);
		const struct info *ci = info_of(c);

		if (!is_live(c->parent))
			continue;
		chars += ci->text - ci->link;
		real += ci->text - ci->link >= 40;
	}
	if (real < 3 || chars * 3 < (uint64_t)(r->text - r->link) * 2)
		return;
	for (i = 0; i < node_count(&ex->captions); i++) {
		xmlNode *c = node_at(&ex->captions, i), *p;
		struct info *ci = info_of(c);

		if (!is_live(c->parent))
			continue;
		ci->flags &= (uint16_t)~F_DEAD;
		for (p = c->parent; info_of(p); p = p->parent)
			add_to_parent(info_of(p), ci);
	}
}

/* ---- walk 2: readability scoring -------------------------------------- */

static void candidate(struct ex *ex, xmlNode *n, struct info *in)
{
	if (in->flags & F_CAND)
		return;
	in->flags |= F_CAND;
	in->score = in->base;
	if (in->hints & H_POS)
		in->score += 25;
	if (in->hints & (H_NEG | H_WEAK))
		in->score -= 25;
	push_node(ex, &ex->cands, n, (size_t)-1);
}

static int score_enter(xmlNode *n, void *ctx)
{
	struct ex *ex = ctx;
	struct info *in = info_of(n), *up;
	xmlNode *target = n->parent;
	uint32_t len = in ? in->text : 0, commas = in ? in->commas : 0;
	float score;
	int level;

	if (!in || (in->flags & F_DEAD))
		return n->type == XML_HTML_DOCUMENT_NODE || n->type == XML_DOCUMENT_NODE;
	if (!(in->kind & (K_PARA | K_UNIT)))
		return 1;
	if ((in->kind & K_UNIT) && (in->flags & F_BLOCKKID)) {
		/* Text runs between blocks are this element's own paragraphs. */
		len = in->own;
		commas = 0;
		target = n;
	}
	if (len < MIN_UNIT)
		return 1;
	score = 1.0f + (float)commas + (float)(len / 100 < 3 ? len / 100 : 3);
	for (level = 0; level < 5 && (up = info_of(target)); level++) {
		candidate(ex, target, up);
		up->score += score / (level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3);
		target = target->parent;
	}
	return 1;
}

static float link_density(const struct info *in)
{
	return in->text ? (float)in->link / (float)in->text : 0.0f;
}

static int is_top_level(const xmlNode *n)
{
	const struct info *in = info_of(n);

	return !in || in->id == T_BODY || in->id == T_HTML;
}

/* Readability: climb while the parent scores as well; then past only-children. */
static xmlNode *climb(xmlNode *top)
{
	float last = info_of(top)->score, threshold = last / 3;
	xmlNode *p = top->parent, *c;
	struct info *in;
	int kids;

	for (; p && !is_top_level(p); p = p->parent) {
		in = info_of(p);
		if (!(in->flags & F_CAND))
			continue;
		if (in->score < threshold)
			break;
		if (in->score > last) {
			top = p;
			break;
		}
		last = in->score;
	}
	while (top->parent && !is_top_level(top->parent)) {
		for (kids = 0, c = top->parent->children; c; c = c->next)
			kids += is_live_elem(c);
		if (kids != 1)
			break;
		top = top->parent;
	}
	return top;
}

static xmlNode *best_candidate(struct ex *ex)
{
	xmlNode *top = NULL, *n;
	struct info *in;
	size_t i;

	for (i = 0; i < node_count(&ex->cands); i++) {
		n = node_at(&ex->cands, i);
		in = info_of(n);
		in->score *= 1.0f - link_density(in);
		if (!top || in->score > info_of(top)->score)
			top = n;
	}
	return top ? climb(top) : NULL;
}

static const char *attr_value(const xmlNode *n, const char *name)
{
	const xmlAttr *p;

	for (p = n->properties; p; p = p->next)
		if (!strcmp((const char *)p->name, name))
			return p->children && p->children->content
				   ? (const char *)p->children->content
				   : "";
	return NULL;
}

static int same_class(const xmlNode *a, const xmlNode *b)
{
	const char *ca = attr_value(a, "class"), *cb = attr_value(b, "class");

	return ca && cb && *ca && !strcmp(ca, cb);
}

/* A <p>, or a <div> holding only text, that is not a byline or dateline. */
static int paragraph_like(const struct info *in)
{
	if (in->hints & (H_META | H_BYLINE))
		return 0;
	return (in->kind & K_PARA) || ((in->kind & K_UNIT) && !(in->flags & F_BLOCKKID));
}

/* Mark top and the siblings that score close to it (readability). */
static void select_siblings(xmlNode *top)
{
	struct info *t = info_of(top), *in;
	float threshold = t->score * 0.2f > 10 ? t->score * 0.2f : 10;
	xmlNode *s;

	t->flags |= F_SEL;
	if (!info_of(top->parent))
		return;
	for (s = top->parent->children; s; s = s->next) {
		if (s == top || !is_live_elem(s))
			continue;
		in = info_of(s);
		if ((in->flags & F_CAND) &&
		    in->score + (same_class(s, top) ? t->score * 0.2f : 0) >= threshold)
			in->flags |= F_SEL;
		else if (paragraph_like(in) && in->text >= 40 && link_density(in) < 0.25f)
			in->flags |= F_SEL; /* readability wants 80; a standfirst is shorter */
	}
}

static uint32_t body_chars(const struct info *in)
{
	return in->text - in->link;
}

/* itemprop=articleBody, else the <article> with the most text, when plausible. */
static xmlNode *preferred(struct ex *ex)
{
	xmlNode *best = NULL, *n;
	struct info *in;
	size_t i;

	for (i = 0; i < node_count(&ex->articles); i++) {
		n = node_at(&ex->articles, i);
		in = info_of(n);
		if (!(in->flags & F_PREFER) || !is_live(n) || body_chars(in) < PLAUSIBLE_BODY ||
		    in->link * 2 >= in->text)
			continue;
		if (in->flags & F_ARTBODY)
			return n;
		if (!best || body_chars(in) > body_chars(info_of(best)))
			best = n;
	}
	return best;
}

/*
 * A live blog is a run of sibling entries - same element, same class -
 * each with text of its own; the <article> with the most text is only one
 * of them.  An entry with its own <h1> is a whole article (an endless
 * scroll of stories), not an entry.
 */
static int is_entry(xmlNode *s, xmlNode *pref)
{
	const struct info *si = info_of(s);

	return is_live_elem(s) && !(si->flags & F_H1) && body_chars(si) >= 40 &&
	       link_density(si) <= 0.3f &&
	       !strcmp((const char *)s->name, (const char *)pref->name) && same_class(s, pref);
}

/*
 * How many entries pref belongs to (1: none), and their text in *chars;
 * with mark set, flag them F_SEL.  Three are needed, or two when a class
 * or id says "live", so that a story and a look-alike teaser do not merge.
 */
static size_t live_entries(xmlNode *pref, int mark, uint32_t *chars)
{
	const struct info *in = info_of(pref), *up = info_of(pref->parent);
	size_t count = 0;
	xmlNode *s;

	*chars = body_chars(in);
	if (!up || !attr_value(pref, "class") || !is_entry(pref, pref))
		return 1;
	for (s = pref->parent->children; s; s = s->next)
		count += is_entry(s, pref);
	if (count < (((in->hints | up->hints) & H_LIVE) ? 2u : 3u))
		return 1;
	*chars = 0;
	for (s = pref->parent->children; s; s = s->next) {
		if (!is_entry(s, pref))
			continue;
		*chars += body_chars(info_of(s));
		if (mark)
			info_of(s)->flags |= F_SEL;
	}
	return count;
}

/* ---- published, author, title, url, lang ------------------------------- */

static int has_digit(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	return 0;
}

/* Skip a leading label ("Update :", "Published on") and separators. */
static const char *skip_label(const char *s, size_t n, size_t *rest)
{
	size_t i, m;

	if (!strchr("dflpu", lower((unsigned char)s[0])))
		return NULL;

	for (i = 0; i < sizeof(date_labels) / sizeof(date_labels[0]); i++) {
		m = strlen(date_labels[i]);
		if (n > m && !strncasecmp(s, date_labels[i], m) &&
		    !(lower((unsigned char)s[m]) >= 'a' && lower((unsigned char)s[m]) <= 'z'))
			break;
	}
	if (i == sizeof(date_labels) / sizeof(date_labels[0]))
		return NULL;
	for (; m < n && (is_space((unsigned char)s[m]) || strchr(":|-,", s[m])); m++)
		;
	*rest = n - m;
	return s + m;
}

/* The date in d[0, len), or before a trailing "| Politics". */
/* Length of a field separator at s ('|', '·', '•'), or 0. */
static size_t sep_at(const char *s, size_t n)
{
	if (n >= 1 && s[0] == '|')
		return 1;
	if (n >= 2 && !memcmp(s, "\xC2\xB7", 2))
		return 2;
	if (n >= 3 && !memcmp(s, "\xE2\x80\xA2", 3))
		return 3;
	return 0;
}

/*
 * The date in d[0, len), or in one of its fields: "Jane Roe · 3 May 2021",
 * "3 May 2021 | Politics".
 */
static int64_t date_or_cut(const char *d, size_t len)
{
	int64_t t = nw_date_parse(d, len);
	size_t i = 0, start = 0, k;

	if (t != NW_DATE_NONE)
		return t;
	while (i < len) {
		if (!(k = sep_at(d + i, len - i))) {
			i++;
			continue;
		}
		if ((t = nw_date_parse(d + start, i - start)) != NW_DATE_NONE)
			return t;
		start = i += k;
	}
	return start > 0 ? nw_date_parse(d + start, len - start) : NW_DATE_NONE;
}

/*
 * The date of a line such as "Update : 14 Sep 2018, 02:29 PM" or "Desk
 * report Published 3 May 2021": a label at any word, then only the date.
 * A bare date counts only when bare is set.
 */
static int64_t dateline(const char *s, size_t n, int bare)
{
	const char *d;
	size_t len, i;
	int64_t t;

	if (n == 0 || n > DATELINE_MAX || !has_digit(s, n))
		return NW_DATE_NONE;
	if (bare && (t = date_or_cut(s, n)) != NW_DATE_NONE)
		return t;
	for (i = 0; i < n; i++) {
		if (i > 0 && s[i - 1] != ' ')
			continue;
		if ((d = skip_label(s + i, n - i, &len)) &&
		    (t = date_or_cut(d, len)) != NW_DATE_NONE)
			return t;
	}
	return NW_DATE_NONE;
}

static int64_t parse_attr_date(const char *s)
{
	char iso[11];
	size_t n, i;

	if (!s)
		return NW_DATE_NONE;
	n = strlen(s);
	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	if (n != 8 || i != 8)
		return nw_date_parse(s, n);
	/* "20200117", common in <meta name="pubdate"> */
	memcpy(iso, s, 4);
	iso[4] = '-';
	memcpy(iso + 5, s + 4, 2);
	iso[7] = '-';
	memcpy(iso + 8, s + 6, 2);
	return nw_date_parse(iso, 10);
}

struct datesearch {
	struct ex *ex;
	xmlNode *region;
	int64_t found;
};

static int date_enter(xmlNode *n, void *ctx)
{
	struct datesearch *ds = ctx;
	struct info *in = info_of(n);
	struct nw_buf *b = &ds->ex->tmp;
	int bare;

	if (ds->found != NW_DATE_NONE)
		return 0;
	if (!in || (in->flags & F_DEAD))
		return n->type == XML_HTML_DOCUMENT_NODE || n->type == XML_DOCUMENT_NODE;
	if (!(in->flags & F_DIGIT))
		return 0;
	if (in->text > DATELINE_MAX || ((in->flags & F_BLOCKKID) && in->id != T_TIME))
		return 1;
	bare = (in->id == T_TIME || (in->hints & (H_META | H_BYLINE))) && ds->region &&
	       is_inside(n, ds->region);
	node_text(n, b, DATELINE_MAX + 1);
	ds->found = dateline(b->data, b->len, bare);
	nw_buf_reset(b);
	return 1;
}

/* First live <time datetime> (or node list entry) inside region. */
static int64_t first_date_in(const struct nw_buf *list, xmlNode *region, int need_region)
{
	struct attrs a;
	int64_t t;
	size_t i;

	for (i = 0; i < node_count(list); i++) {
		xmlNode *n = node_at(list, i);

		if (!is_live(n) || (need_region && !(region && is_inside(n, region))))
			continue;
		read_attrs(n, &a);
		if ((t = parse_attr_date(a.datetime)) != NW_DATE_NONE ||
		    (t = parse_attr_date(a.content)) != NW_DATE_NONE)
			return t;
	}
	return NW_DATE_NONE;
}

static int64_t itemprop_text_date(struct ex *ex)
{
	int64_t t = NW_DATE_NONE;
	size_t i;

	for (i = 0; i < node_count(&ex->itemprop_dates) && t == NW_DATE_NONE; i++) {
		xmlNode *n = node_at(&ex->itemprop_dates, i);

		if (!is_live(n))
			continue;
		node_text(n, &ex->tmp, DATELINE_MAX + 1);
		t = dateline(ex->tmp.data, ex->tmp.len, 1);
		nw_buf_reset(&ex->tmp);
	}
	return t;
}

static int64_t find_published(struct ex *ex, xmlDoc *doc, xmlNode *region)
{
	struct datesearch ds = {ex, region, NW_DATE_NONE};
	int64_t t;

	if ((t = parse_attr_date(ex->pub_meta)) != NW_DATE_NONE ||
	    (t = parse_attr_date(ex->ld.published)) != NW_DATE_NONE ||
	    (t = first_date_in(&ex->times, region, 1)) != NW_DATE_NONE ||
	    (t = first_date_in(&ex->itemprop_dates, region, 0)) != NW_DATE_NONE ||
	    (t = itemprop_text_date(ex)) != NW_DATE_NONE ||
	    (t = parse_attr_date(ex->date_meta)) != NW_DATE_NONE)
		return t;
	walk((xmlNode *)doc, date_enter, NULL, &ds);
	return ds.found;
}

/* "By Jane Roe | Reuters" -> "Jane Roe | Reuters" -> cut at the bar. */
/* "Jane Roe 3 May 2021" -> the length of "Jane Roe ". */
static size_t cut_date(const char *s, size_t n)
{
	size_t i;

	if (!has_digit(s, n))
		return n;
	for (i = 0; i < n; i++)
		if ((i == 0 || s[i - 1] == ' ') && s[i] != ' ' &&
		    nw_date_parse(s + i, n - i) != NW_DATE_NONE)
			return i;
	return n;
}

/*
 * "By Jane Roe | Reuters", "Jane Roe · 3 May 2021 · 4 min read" -> "Jane
 * Roe": the first field, without a date.  NULL when what is left is no
 * name (empty, no letter, a URL, too long).
 */
static const char *author_clean(struct ex *ex, const char *s, size_t n)
{
	const char *r;
	size_t i;

	while (n && is_space((unsigned char)*s)) {
		s++;
		n--;
	}
	if (starts_ci(s, n, "by ") || starts_ci(s, n, "by:")) {
		s += 3;
		n -= 3;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '\n' || sep_at(s + i, n - i) ||
		    (i + 5 <= n && (!memcmp(s + i, " \xE2\x80\x94 ", 5) ||
				    !memcmp(s + i, " \xE2\x80\x93 ", 5)))) {
			n = i;
			break;
		}
	}
	n = cut_date(s, n);
	/* "Sam Ortiz ," */
	while (n && (is_space((unsigned char)s[n - 1]) || strchr(",;:-", s[n - 1])))
		n--;
	if (n == 0 || letterless(s, n) || read_time(s, n))
		return NULL;
	r = clean(ex, s, n, FIELD_MAX);
	if (r && (strlen(r) > 80 || is_url(r)))
		return NULL;
	return r;
}

/*
 * Where the name starts in a field introduced by "By" or "Author:" (in a
 * few languages): "12 June · Author: Olga Smirnova".  n when there is none.
 */
static size_t author_label(const char *s, size_t n)
{
	static const char *const labels[] = {
	    "by ",
	    "by:",
	    "author:",
	    "authors:",
	    "autor:",
	    "auteur:",
	    "auteur :",
	    "\xD0\xB0\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80:", /* автор: */
	    "\xD0\x90\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80:", /* Автор: */
	};
	size_t i = 0, j, k;

	while (i < n) {
		while (i < n && is_space((unsigned char)s[i]))
			i++;
		for (j = 0; j < sizeof(labels) / sizeof(labels[0]); j++)
			if (starts_ci(s + i, n - i, labels[j]))
				return i + (labels[j][0] == 'b' ? 0 : strlen(labels[j]));
		for (k = 0; i < n && !(k = sep_at(s + i, n - i)); i++)
			;
		i += k;
	}
	return n;
}

/* The first name in a list of byline-like elements (by_only: labelled ones). */
static const char *author_from_nodes(struct ex *ex, const struct nw_buf *list, int by_only)
{
	const char *r = NULL;
	size_t i, at;

	for (i = 0; i < node_count(list) && !r; i++) {
		xmlNode *n = node_at(list, i);

		if (!is_live(n) || info_of(n)->text > META_MAX)
			continue;
		subtree_text(n, &ex->tmp, META_MAX + 1, 1);
		if ((at = author_label(ex->tmp.data, ex->tmp.len)) < ex->tmp.len)
			r = author_clean(ex, ex->tmp.data + at, ex->tmp.len - at);
		else if (!by_only)
			r = author_clean(ex, ex->tmp.data, ex->tmp.len);
		nw_buf_reset(&ex->tmp);
	}
	return r;
}

static const char *find_author(struct ex *ex)
{
	const char *r = NULL;

	if (ex->meta_author)
		r = author_clean(ex, ex->meta_author, strlen(ex->meta_author));
	if (!r && ex->ld.author)
		r = author_clean(ex, ex->ld.author, strlen(ex->ld.author));
	if (!r)
		r = author_from_nodes(ex, &ex->authors, 0);
	if (!r)
		r = author_from_nodes(ex, &ex->bylines, 0);
	if (!r)
		r = author_from_nodes(ex, &ex->metas, 1);
	return r;
}

/* The first live, non-empty h1 inside region (anywhere when region is NULL). */
static const char *h1_title(struct ex *ex, xmlNode *region)
{
	struct nw_buf b;
	const char *r = NULL;
	size_t i;

	for (i = 0; i < node_count(&ex->h1s) && !r; i++) {
		xmlNode *h1 = node_at(&ex->h1s, i);

		if (!is_live(h1) || info_of(h1)->text == 0 || (region && !is_inside(h1, region)))
			continue;
		nw_buf_init(&b, NW_BUF_NOCAP);
		node_text(h1, &b, FIELD_MAX);
		r = clean(ex, b.data, b.len, FIELD_MAX);
		nw_buf_release(&b);
	}
	return r;
}

/*
 * "Headline | Site" -> "Headline" (readability's rule): cut at the last
 * separator, unless that leaves fewer than three words ("Site | Headline"),
 * then keep what follows the first one.
 */
static const char *const seps[] = {" | ",  " - ",	 " \xE2\x80\x93 ", " \xE2\x80\x94 ",
				   " :: ", " \xC2\xB7 ", " \xC2\xBB "};

static const char *title_strip(struct ex *ex, const char *t)
{
	const char *last = NULL, *first = NULL, *p;
	size_t i, words = 1, firstlen = 0;

	for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
		for (p = t; (p = strstr(p, seps[i])); p++) {
			if (!last || p > last)
				last = p;
			if (!first || p < first) {
				first = p;
				firstlen = strlen(seps[i]);
			}
		}
	}
	if (!last)
		return t;
	for (p = t; p < last; p++)
		words += *p == ' ';
	if (words >= 3)
		return clean(ex, t, (size_t)(last - t), FIELD_MAX);
	return clean_str(ex, first + firstlen);
}

/*
 * With the site's name known (og:site_name): "Headline | Site" or "Site -
 * Headline" -> "Headline".  NULL when t does not carry the name.
 */
static const char *strip_site(struct ex *ex, const char *t, const char *site)
{
	size_t tn = strlen(t), sn, k, i;

	if (!site)
		return NULL;
	sn = strlen(site);
	for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
		k = strlen(seps[i]);
		if (tn <= sn + k)
			continue;
		if (!strcasecmp(t + tn - sn, site) && !memcmp(t + tn - sn - k, seps[i], k))
			return clean(ex, t, tn - sn - k, FIELD_MAX);
		if (!strncasecmp(t, site, sn) && !memcmp(t + sn, seps[i], k))
			return clean_str(ex, t + sn + k);
	}
	return NULL;
}

/* og:title, twitter:title, the headline <h1>, JSON-LD, <title>: without the site's name. */
static const char *find_title(struct ex *ex, xmlNode *region)
{
	const char *t, *site = clean_str(ex, ex->site_name), *s;

	if ((t = clean_str(ex, ex->og_title)) || (t = clean_str(ex, ex->tw_title)))
		return (s = strip_site(ex, t, site)) ? s : t;
	if ((t = h1_title(ex, region)) || (t = h1_title(ex, NULL)) ||
	    (t = clean_str(ex, ex->ld.headline)))
		return t;
	if (!(t = clean_str(ex, ex->doc_title)))
		return NULL;
	return (s = strip_site(ex, t, site)) ? s : title_strip(ex, t);
}

static const char *find_url(struct ex *ex, const char *base)
{
	const char *cands[2] = {ex->canonical, ex->og_url}, *r = NULL;
	xmlChar *u;
	size_t i;

	for (i = 0; i < 2 && !r; i++) {
		const char *c = clean_str(ex, cands[i]);

		if (!c)
			continue;
		u = xmlBuildURI(BAD_CAST c, base ? BAD_CAST base : NULL);
		if (u && is_url((const char *)u) && !strpbrk((const char *)u, " \t\r\n"))
			r = clean_str(ex, (const char *)u);
		xmlFree(u);
	}
	return r;
}

/* "en-US" -> "en"; NULL unless 2-3 letters. */
static const char *lang_primary(struct ex *ex, const char *s)
{
	char l[4];
	size_t k = 0;

	if (!s)
		return NULL;
	while (is_space((unsigned char)*s))
		s++;
	for (; *s && *s != '-' && *s != '_' && !is_space((unsigned char)*s); s++) {
		int c = lower((unsigned char)*s);

		if (c < 'a' || c > 'z' || k == 3)
			return NULL;
		l[k++] = (char)c;
	}
	if (k < 2)
		return NULL;
	l[k] = '\0';
	return nw_arena_strdup(ex->out, l);
}

static const char *find_lang(struct ex *ex)
{
	const char *r;

	if ((r = lang_primary(ex, ex->html_lang)) || (r = lang_primary(ex, ex->content_lang)) ||
	    (r = lang_primary(ex, ex->og_locale)) || (r = lang_primary(ex, ex->ld.lang)))
		return r;
	return NULL;
}

/* ---- language, when the page does not say ----------------------------- */

/*
 * A cheap guess from the text: most scripts name their language well
 * enough (Hangul is Korean, kana Japanese, Cyrillic Russian unless the
 * Ukrainian letters show), and Latin-script text is told apart by counting
 * stop words of seven languages.  Only the first LANG_SAMPLE bytes are
 * read; too few letters or words leave the language unknown.
 */
#define LANG_SAMPLE 16384

enum script {
	S_LATIN,
	S_GREEK,
	S_CYRILLIC,
	S_ARMENIAN,
	S_HEBREW,
	S_ARABIC,
	S_DEVANAGARI,
	S_THAI,
	S_GEORGIAN,
	S_HANGUL,
	S_KANA,
	S_HAN,
	S_COUNT,
};

static const struct script_range {
	uint32_t lo, hi;
	unsigned char script;
} script_ranges[] = {
    {0x00C0, 0x024F, S_LATIN},	  {0x0370, 0x03FF, S_GREEK},	  {0x0400, 0x052F, S_CYRILLIC},
    {0x0531, 0x058F, S_ARMENIAN}, {0x05D0, 0x05FF, S_HEBREW},	  {0x0620, 0x06FF, S_ARABIC},
    {0x0750, 0x077F, S_ARABIC},	  {0x0900, 0x097F, S_DEVANAGARI}, {0x0E00, 0x0E7F, S_THAI},
    {0x10A0, 0x10FF, S_GEORGIAN}, {0x1100, 0x11FF, S_HANGUL},	  {0x3040, 0x30FF, S_KANA},
    {0x3130, 0x318F, S_HANGUL},	  {0x3400, 0x4DBF, S_HAN},	  {0x4E00, 0x9FFF, S_HAN},
    {0xAC00, 0xD7AF, S_HANGUL},
};

/* Languages a script names; Latin, Cyrillic, Arabic and CJK are decided below. */
static const char *const script_lang[S_COUNT] = {
    [S_GREEK] = "el",	   [S_ARMENIAN] = "hy", [S_HEBREW] = "he",
    [S_DEVANAGARI] = "hi", [S_THAI] = "th",	[S_GEORGIAN] = "ka",
};

enum {
	L_EN = 1 << 0,
	L_FR = 1 << 1,
	L_DE = 1 << 2,
	L_ES = 1 << 3,
	L_IT = 1 << 4,
	L_PT = 1 << 5,
	L_NL = 1 << 6,
};

static const char *const latin_langs[] = {"en", "fr", "de", "es", "it", "pt", "nl"};

/* Frequent short words, sorted by bytes; a word may belong to several languages. */
static const struct stopword {
	const char *word;
	unsigned char langs;
} stopwords[] = {
    {"a", L_EN | L_FR | L_ES | L_IT | L_PT},
    {"aan", L_NL},
    {"after", L_EN},
    {"ai", L_IT},
    {"al", L_ES | L_IT},
    {"alla", L_IT},
    {"an", L_EN},
    {"anche", L_IT},
    {"and", L_EN},
    {"ao", L_PT},
    {"are", L_EN},
    {"as", L_EN | L_PT},
    {"at", L_EN},
    {"au", L_FR},
    {"auch", L_DE},
    {"auf", L_DE},
    {"aus", L_DE},
    {"aux", L_FR},
    {"avec", L_FR},
    {"be", L_EN},
    {"been", L_EN},
    {"bei", L_DE},
    {"bij", L_NL},
    {"by", L_EN},
    {"ce", L_FR},
    {"cette", L_FR},
    {"che", L_IT},
    {"com", L_PT},
    {"come", L_IT},
    {"como", L_ES},
    {"con", L_ES | L_IT},
    {"da", L_DE | L_IT | L_PT},
    {"dan", L_NL},
    {"dans", L_FR},
    {"das", L_DE | L_PT},
    {"dass", L_DE},
    {"dat", L_NL},
    {"de", L_FR | L_ES | L_PT | L_NL},
    {"degli", L_IT},
    {"dei", L_IT},
    {"del", L_ES | L_IT},
    {"della", L_IT},
    {"delle", L_IT},
    {"dem", L_DE},
    {"den", L_DE},
    {"der", L_DE},
    {"des", L_FR | L_DE},
    {"di", L_IT},
    {"die", L_DE | L_NL},
    {"do", L_EN | L_PT},
    {"door", L_NL},
    {"dos", L_PT},
    {"du", L_FR},
    {"e", L_IT | L_PT},
    {"ed", L_IT},
    {"een", L_NL},
    {"ein", L_DE},
    {"eine", L_DE},
    {"einer", L_DE},
    {"el", L_ES},
    {"elle", L_FR},
    {"em", L_PT},
    {"en", L_FR | L_ES | L_NL},
    {"entre", L_ES},
    {"er", L_NL},
    {"es", L_DE | L_ES},
    {"est", L_FR},
    {"esta", L_ES},
    {"este", L_ES},
    {"et", L_FR},
    {"foi", L_PT},
    {"for", L_EN},
    {"from", L_EN},
    {"fue", L_ES},
    {"f\xC3\xBCr", L_DE},
    {"gli", L_IT},
    {"ha", L_ES | L_IT},
    {"has", L_EN},
    {"hat", L_DE},
    {"have", L_EN},
    {"he", L_EN},
    {"heeft", L_NL},
    {"het", L_NL},
    {"hij", L_NL},
    {"his", L_EN},
    {"il", L_FR | L_IT},
    {"im", L_DE},
    {"in", L_EN | L_DE | L_IT | L_NL},
    {"is", L_EN | L_NL},
    {"ist", L_DE},
    {"it", L_EN},
    {"its", L_EN},
    {"la", L_FR | L_ES | L_IT},
    {"las", L_ES},
    {"le", L_FR | L_IT},
    {"les", L_FR},
    {"leur", L_FR},
    {"lo", L_ES},
    {"los", L_ES},
    {"maar", L_NL},
    {"mais", L_FR | L_PT},
    {"met", L_NL},
    {"mit", L_DE},
    {"m\xC3\xA1s", L_ES},
    {"na", L_PT},
    {"naar", L_NL},
    {"nach", L_DE},
    {"nel", L_IT},
    {"nicht", L_DE},
    {"niet", L_NL},
    {"no", L_EN | L_ES | L_PT},
    {"nog", L_NL},
    {"non", L_FR | L_IT},
    {"not", L_EN},
    {"n\xC3\xA3o", L_PT},
    {"o", L_ES | L_IT | L_PT},
    {"of", L_EN},
    {"om", L_NL},
    {"on", L_EN},
    {"ont", L_FR},
    {"ook", L_NL},
    {"op", L_NL},
    {"os", L_PT},
    {"par", L_FR},
    {"para", L_ES | L_PT},
    {"pas", L_FR},
    {"pela", L_PT},
    {"pelo", L_PT},
    {"per", L_IT},
    {"pero", L_ES},
    {"pi\xC3\xB9", L_IT},
    {"por", L_ES | L_PT},
    {"pour", L_FR},
    {"que", L_FR | L_ES | L_PT},
    {"questo", L_IT},
    {"qui", L_FR},
    {"said", L_EN},
    {"se", L_FR | L_ES | L_PT},
    {"ses", L_FR},
    {"si", L_IT},
    {"sich", L_DE},
    {"sind", L_DE},
    {"sobre", L_ES},
    {"sono", L_IT},
    {"sont", L_FR},
    {"stato", L_IT},
    {"su", L_ES},
    {"sur", L_FR},
    {"sus", L_ES},
    {"s\xC3\xA3o", L_PT},
    {"tambi\xC3\xA9n", L_ES},
    {"tamb\xC3\xA9m", L_PT},
    {"te", L_NL},
    {"that", L_EN},
    {"the", L_EN},
    {"their", L_EN},
    {"they", L_EN},
    {"this", L_EN},
    {"to", L_EN},
    {"tot", L_NL},
    {"um", L_PT},
    {"uma", L_PT},
    {"un", L_FR | L_ES | L_IT},
    {"una", L_ES | L_IT},
    {"und", L_DE},
    {"une", L_FR},
    {"van", L_NL},
    {"von", L_DE},
    {"voor", L_NL},
    {"was", L_EN},
    {"werd", L_NL},
    {"werden", L_DE},
    {"were", L_EN},
    {"which", L_EN},
    {"who", L_EN},
    {"wie", L_DE},
    {"will", L_EN},
    {"with", L_EN},
    {"worden", L_NL},
    {"wordt", L_NL},
    {"would", L_EN},
    {"wurde", L_DE},
    {"y", L_ES},
    {"zijn", L_NL},
    {"zu", L_DE},
    {"zum", L_DE},
    {"zur", L_DE},
    {"\xC3\xA8", L_IT},
    {"\xC3\xA9t\xC3\xA9", L_FR},
};

struct lang_counts {
	uint32_t script[S_COUNT];
	uint32_t uk, fa, ur; /* letters only Ukrainian, Persian, Urdu use */
	uint32_t latin[7];
};

static int script_of(uint32_t cp)
{
	size_t i;

	if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
		return S_LATIN;
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
		return -1;
	for (i = 0; i < sizeof(script_ranges) / sizeof(script_ranges[0]); i++)
		if (cp >= script_ranges[i].lo && cp <= script_ranges[i].hi)
			return script_ranges[i].script;
	return -1;
}

static void count_letter(struct lang_counts *c, uint32_t cp)
{
	int sc = script_of(cp);

	if (sc < 0)
		return;
	c->script[sc]++;
	/* і ї є ґ */
	c->uk += cp == 0x456 || cp == 0x457 || cp == 0x454 || cp == 0x491;
	/* پ چ ژ گ ی */
	c->fa += cp == 0x67E || cp == 0x686 || cp == 0x698 || cp == 0x6AF || cp == 0x6CC;
	/* ٹ ڈ ڑ ں ھ ہ ے */
	c->ur += cp == 0x679 || cp == 0x688 || cp == 0x691 || cp == 0x6BA || cp == 0x6BE ||
		 cp == 0x6C1 || cp == 0x6D2;
}

static int stopword_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct stopword *)elem)->word);
}

static void count_word(struct lang_counts *c, const char *w, size_t k)
{
	const struct stopword *sw;
	char low[16];
	size_t i;

	if (k == 0 || k >= sizeof(low))
		return;
	for (i = 0; i < k; i++)
		low[i] = (char)lower((unsigned char)w[i]);
	low[k] = '\0';
	sw = bsearch(low, stopwords, sizeof(stopwords) / sizeof(stopwords[0]), sizeof(stopwords[0]),
		     stopword_cmp);
	for (i = 0; sw && i < 7; i++)
		c->latin[i] += (sw->langs >> i) & 1;
}

static void lang_count(const char *s, size_t n, struct lang_counts *c)
{
	size_t i = 0, word = 0, len;
	uint32_t cp;
	int in_word = 0;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			cp = (unsigned char)s[i];
			len = 1;
		} else if (!(len = nw_utf8_decode(s + i, n - i, &cp))) {
			len = 1;
			cp = 0;
		}
		if (script_of(cp) == S_LATIN) {
			if (!in_word)
				word = i;
			in_word = 1;
		} else if (in_word) {
			count_word(c, s + word, i - word);
			in_word = 0;
		}
		count_letter(c, cp);
		i += len;
	}
	if (in_word)
		count_word(c, s + word, n - word);
}

static const char *latin_lang(const struct lang_counts *c)
{
	uint32_t best = 0, second = 0;
	size_t i, at = 0;

	for (i = 0; i < 7; i++) {
		if (c->latin[i] > best) {
			second = best;
			best = c->latin[i];
			at = i;
		} else if (c->latin[i] > second) {
			second = c->latin[i];
		}
	}
	/* a clear lead among enough stop words */
	if (best < 3 || best * 4 < second * 5)
		return NULL;
	return latin_langs[at];
}

/* "en", "ko", ...; NULL when the text does not tell. */
static const char *guess_lang(const char *s, size_t n)
{
	struct lang_counts c;
	uint32_t cjk, best = 0, total = 0;
	int sc, top = 0;

	memset(&c, 0, sizeof(c));
	if (n > LANG_SAMPLE) {
		n = LANG_SAMPLE;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	lang_count(s, n, &c);
	/* an ideograph or syllable carries what several letters do */
	c.script[S_HANGUL] *= 3;
	c.script[S_KANA] *= 3;
	c.script[S_HAN] *= 3;
	cjk = c.script[S_HANGUL] + c.script[S_KANA] + c.script[S_HAN];
	for (sc = 0; sc < S_COUNT; sc++) {
		total += c.script[sc];
		if (sc < S_HANGUL && c.script[sc] > best) {
			best = c.script[sc];
			top = sc;
		}
	}
	if (total < 20)
		return NULL;
	if (cjk > best) {
		if (c.script[S_HANGUL] >= c.script[S_KANA] && c.script[S_HANGUL] >= c.script[S_HAN])
			return "ko";
		return c.script[S_KANA] * 5 >= c.script[S_KANA] + c.script[S_HAN] ? "ja" : "zh";
	}
	switch (top) {
	case S_LATIN:
		return latin_lang(&c);
	case S_CYRILLIC:
		return c.uk * 100 >= c.script[S_CYRILLIC] ? "uk" : "ru";
	case S_ARABIC:
		return c.ur * 50 >= c.script[S_ARABIC]	 ? "ur"
		       : c.fa * 50 >= c.script[S_ARABIC] ? "fa"
							 : "ar";
	default:
		return script_lang[top];
	}
}

/* ---- walk 3: emit the text --------------------------------------------- */

static uint64_t hash(const char *s, size_t n)
{
	return nw_fnv1a_bytes(NW_FNV_BASIS, s, n);
}

static int pset_grow(struct pset *ps)
{
	size_t ncap = ps->cap ? ps->cap * 2 : 64, i, j;
	struct slot *ns = calloc(ncap, sizeof(*ns));

	if (!ns)
		return NW_ENOMEM;
	for (i = 0; i < ps->cap; i++) {
		if (!ps->slots[i].len)
			continue;
		for (j = ps->slots[i].h & (ncap - 1); ns[j].len; j = (j + 1) & (ncap - 1))
			;
		ns[j] = ps->slots[i];
	}
	free(ps->slots);
	ps->slots = ns;
	ps->cap = ncap;
	return NW_OK;
}

/* 1 when base[off, off+len) is already in the set; else add it and return 0. */
static int pset_seen(struct pset *ps, const char *base, size_t off, size_t len, int *oom)
{
	uint64_t h = hash(base + off, len);
	struct slot *s;
	size_t i;

	if ((ps->used + 1) * 2 > ps->cap && pset_grow(ps)) {
		*oom = 1;
		return 0;
	}
	for (i = h & (ps->cap - 1);; i = (i + 1) & (ps->cap - 1)) {
		s = &ps->slots[i];
		if (!s->len) {
			s->h = h;
			s->off = off;
			s->len = len;
			ps->used++;
			return 0;
		}
		if (s->h == h && s->len == len && !memcmp(base + s->off, base + off, len))
			return 1;
	}
}

/* Compare a line with a list, ignoring trailing ':', dots, arrows and blanks. */
static int line_in(const char *s, size_t n, const char *const *list, size_t count)
{
	while (n > 0 && (strchr(" :.>", s[n - 1]) || (unsigned char)s[n - 1] >= 0x80)) {
		if ((unsigned char)s[n - 1] < 0x80) {
			n--;
			continue;
		}
		/* » › … → and ▸ are 2-3 bytes; anything else non-ASCII stays */
		if (n >= 2 && !memcmp(s + n - 2, "\xC2\xBB", 2))
			n -= 2;
		else if (n >= 3 && (!memcmp(s + n - 3, "\xE2\x80\xBA", 3) ||
				    !memcmp(s + n - 3, "\xE2\x80\xA6", 3) ||
				    !memcmp(s + n - 3, "\xE2\x86\x92", 3) ||
				    !memcmp(s + n - 3, "\xE2\x96\xB8", 3)))
			n -= 3;
		else
			break;
	}
	return in_list(s, n, list, count);
}

#define LINE_IN(s, n, list) line_in(s, n, list, sizeof(list) / sizeof(list[0]))

static int boiler_line(const char *s, size_t n)
{
	size_t i;

	if (n <= BOILER_MAX && LINE_IN(s, n, boiler_lines))
		return 1;
	if (n > SHORT_LINE)
		return 0;
	if (read_time(s, n))
		return 1;
	for (i = 0; i < sizeof(boiler_prefixes) / sizeof(boiler_prefixes[0]); i++)
		if (starts_ci(s, n, boiler_prefixes[i]))
			return 1;
	return 0;
}

static size_t words(const char *s, size_t n)
{
	size_t w = n > 0, i;

	for (i = 0; i < n; i++)
		w += s[i] == ' ';
	return w;
}

/* "By Jane Roe" or "By Jane Roe, Staff Reporter": short, no full stop. */
static int byline_line(const char *s, size_t n)
{
	return (!strncmp(s, "By ", 3) || !strncmp(s, "BY ", 3)) && n <= 80 && words(s, n) <= 8 &&
	       s[n - 1] != '.';
}

/* A short title-case line without sentence punctuation, like "Top Brokers". */
static int heading_like(const char *s, size_t n)
{
	unsigned char last = (unsigned char)s[n - 1];
	size_t i;

	if (n > 40 || words(s, n) > 4 || strchr(".!?:;,\"')", last))
		return 0;
	for (i = 0; i < n; i++)
		if ((i == 0 || s[i - 1] == ' ') && s[i] >= 'a' && s[i] <= 'z')
			return 0;
	/* closing quotes ” and ’ */
	return !(n >= 3 &&
		 (!memcmp(s + n - 3, "\xE2\x80\x9D", 3) || !memcmp(s + n - 3, "\xE2\x80\x99", 3)));
}

static int is_cell(const struct info *in)
{
	return in->id == T_TD || in->id == T_TH;
}

/*
 * A row of a data table: two or more live cells, none holding a block or
 * a long text (a layout table's cells hold the page).  Its cells become
 * one line, "Name | Country | Role", so a record stays together.
 */
static int data_row(const xmlNode *tr)
{
	const xmlNode *c;
	size_t cells = 0;

	for (c = tr->children; c; c = c->next) {
		const struct info *in = info_of(c);

		if (!in || (in->flags & F_DEAD) || !is_cell(in))
			continue;
		if ((in->flags & F_BLOCKKID) || in->text > CELL_MAX * 3)
			return 0;
		cells++;
	}
	return cells >= 2;
}

static void add_rec(struct emit *e, size_t off, size_t len, int kind)
{
	struct rec r = {off, len, kind};

	if (nw_buf_add(&e->recs, &r, sizeof(r)))
		e->ex->oom = 1;
}

static void keep_byline(struct emit *e, const char *s, size_t n)
{
	if (e->byline)
		return;
	if (!(e->byline = nw_arena_strndup(&e->ex->scratch, s, n)))
		e->ex->oom = 1;
	e->byline_len = n;
}

/*
 * End the paragraph being built: filter it, then keep it or drop it.
 * A table row, or a short line inside a table cell, is data: "Myanmar"
 * may stand in many rows, and a row that starts with a date is no
 * dateline.
 */
static void flush(struct emit *e)
{
	struct nw_buf *p = &e->para;
	const char *s = p->data, *title = e->ex->title;
	size_t n = p->len, off = e->out.len;
	int row = e->row != NULL, cell = row || (e->in_cell && n <= CELL_MAX);

	if (n == 0)
		goto done;
	if (boiler_line(s, n))
		goto done;
	if (e->para_link * 10 >= n * 8 && n <= SHORT_LINE) {
		add_rec(e, off, 0, R_LINKS);
		goto done;
	}
	if (!cell && n <= BOILER_MAX && letterless(s, n))
		goto done;
	if (!row && n <= DATELINE_MAX && dateline(s, n, 1) != NW_DATE_NONE)
		goto done;
	if (!row && byline_line(s, n)) {
		keep_byline(e, s, n);
		goto done;
	}
	if (title && e->ex->title_len == n && !memcmp(title, s, n))
		goto done;
	if (nw_buf_add(&e->out, s, n)) {
		e->ex->oom = 1;
		goto done;
	}
	if (!cell && pset_seen(&e->seen, e->out.data, off, n, &e->ex->oom)) {
		nw_buf_truncate(&e->out, off);
		goto done;
	}
	add_rec(e, off, n, e->head ? R_HEAD : cell ? R_DATA : R_TEXT);
done:
	nw_buf_reset(p);
	e->para_link = 0;
	e->head = 0;
	e->space = 0;
	e->after_br = 0;
}

static int has_ink(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_space((unsigned char)s[i]))
			return 1;
	return 0;
}

static void append_text(struct emit *e, const char *s, size_t n)
{
	size_t before;

	if (e->sep && has_ink(s, n)) {
		/* the pending space puts exactly one blank after the bar */
		if (e->para.len > 0 && nw_buf_add(&e->para, " |", 2))
			e->ex->oom = 1;
		e->space = e->para.len > 0;
		e->sep = 0;
	}
	before = e->para.len;
	if (add_collapsed(&e->para, s, n, &e->space)) {
		e->ex->oom = 1;
		return;
	}
	if (e->para.len > before) {
		e->after_br = 0;
		if (e->in_a)
			e->para_link += e->para.len - before;
	}
}

static int emit_enter(xmlNode *n, void *ctx)
{
	struct emit *e = ctx;
	struct info *in;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			append_text(e, (const char *)n->content, strlen((const char *)n->content));
		return 0;
	}
	if (!(in = info_of(n)) || (in->flags & F_DEAD))
		return n->type == XML_HTML_DOCUMENT_NODE || n->type == XML_DOCUMENT_NODE;
	if (is_cell(in) && e->row && n->parent == e->row) {
		e->sep = 1; /* a cell of a joined row: no paragraph break */
		e->in_cell++;
		return 1;
	}
	if (in->kind & K_BLOCK)
		flush(e);
	if (in->id == T_TR && !e->row && data_row(n))
		e->row = n;
	if (in->id == T_BR) {
		/* one <br> is a space, two in a row end a paragraph */
		if (e->after_br)
			flush(e);
		else
			e->after_br = e->space = 1;
	}
	if (in->id == T_H1 || in->id == T_BR ||
	    ((in->hints & (H_META | H_BYLINE)) && (in->kind & K_BLOCK) && in->text <= META_MAX)) {
		in->flags |= F_SKIP;
		return 0;
	}
	if (in->kind & K_HEAD)
		e->head = 1;
	e->in_a += in->id == T_A;
	e->in_cell += is_cell(in);
	return 1;
}

static void emit_leave(xmlNode *n, void *ctx)
{
	struct emit *e = ctx;
	struct info *in = info_of(n);

	if (!in || (in->flags & (F_DEAD | F_SKIP)))
		return;
	if (is_cell(in) && e->row && n->parent == e->row) {
		e->in_cell--;
		return;
	}
	if (in->kind & K_BLOCK)
		flush(e);
	if (n == e->row) {
		e->row = NULL;
		e->sep = 0;
	}
	e->in_a -= in->id == T_A;
	e->in_cell -= is_cell(in);
}

static void emit_init(struct emit *e, struct ex *ex)
{
	memset(e, 0, sizeof(*e));
	e->ex = ex;
	nw_buf_init(&e->para, NW_BUF_NOCAP);
	nw_buf_init(&e->out, NW_BUF_NOCAP);
	nw_buf_init(&e->recs, NW_BUF_NOCAP);
}

static void emit_release(struct emit *e)
{
	nw_buf_release(&e->para);
	nw_buf_release(&e->out);
	nw_buf_release(&e->recs);
	free(e->seen.slots);
}

static void emit_tree(struct emit *e, xmlNode *root)
{
	walk(root, emit_enter, emit_leave, e);
	flush(e);
}

static struct rec *rec_at(struct emit *e, size_t i)
{
	return (struct rec *)e->recs.data + i;
}

static int is_head(struct emit *e, const struct rec *r)
{
	return r->kind == R_HEAD || (r->kind == R_TEXT && r->len <= BOILER_MAX &&
				     LINE_IN(e->out.data + r->off, r->len, boiler_heads));
}

/*
 * Drop headings of link lists: a heading followed only by link lines, a
 * known one ("Most read") followed only by short lines, and any heading or
 * heading-like line ("Top Brokers") that ends the article.
 */
static void drop_list_heads(struct emit *e)
{
	size_t m = e->recs.len / sizeof(struct rec), i, j, k;

	for (i = 0; i < m; i++) {
		struct rec *h = rec_at(e, i);
		size_t texts = 0, links = 0, longs = 0;

		if (!is_head(e, h))
			continue;
		for (j = i + 1; j < m && !is_head(e, rec_at(e, j)); j++) {
			if (rec_at(e, j)->kind == R_LINKS)
				links++;
			else if (rec_at(e, j)->kind == R_TEXT || rec_at(e, j)->kind == R_DATA)
				texts++;
			if (rec_at(e, j)->kind == R_TEXT && rec_at(e, j)->len >= 120)
				longs++;
		}
		if (texts == 0 && (links > 0 || j == m)) {
			h->kind = R_LINKS;
		} else if (longs == 0 && LINE_IN(e->out.data + h->off, h->len, boiler_heads)) {
			for (k = i; k < j; k++)
				rec_at(e, k)->kind = R_LINKS;
		}
	}
	/* trailing headings, but never the only text there is */
	for (i = m; i-- > 0;) {
		struct rec *r = rec_at(e, i);

		if (r->kind == R_LINKS)
			continue;
		if (r->kind == R_DATA ||
		    (r->kind != R_HEAD && !heading_like(e->out.data + r->off, r->len)))
			break;
		for (k = 0; k < i && rec_at(e, k)->kind != R_TEXT; k++)
			;
		if (k == i)
			break;
		r->kind = R_LINKS;
	}
}

/* Join the kept paragraphs with blank lines into b. */
static void emit_finish(struct emit *e, struct nw_buf *b)
{
	size_t m = e->recs.len / sizeof(struct rec), i;

	drop_list_heads(e);
	for (i = 0; i < m; i++) {
		struct rec *r = rec_at(e, i);

		if (r->kind == R_LINKS)
			continue;
		if ((b->len && nw_buf_add(b, "\n\n", 2)) ||
		    nw_buf_add(b, e->out.data + r->off, r->len))
			e->ex->oom = 1;
	}
}

/* ---- putting it together ---------------------------------------------- */

static void ex_init(struct ex *ex, struct nw_arena *out)
{
	memset(ex, 0, sizeof(*ex));
	nw_arena_init(&ex->scratch);
	ex->out = out;
	ex->collect = 1;
	nw_buf_init(&ex->tmp, NW_BUF_NOCAP);
	nw_buf_init(&ex->times, NW_BUF_NOCAP);
	nw_buf_init(&ex->itemprop_dates, NW_BUF_NOCAP);
	nw_buf_init(&ex->authors, NW_BUF_NOCAP);
	nw_buf_init(&ex->bylines, NW_BUF_NOCAP);
	nw_buf_init(&ex->articles, NW_BUF_NOCAP);
	nw_buf_init(&ex->cands, NW_BUF_NOCAP);
	nw_buf_init(&ex->h1s, NW_BUF_NOCAP);
	nw_buf_init(&ex->captions, NW_BUF_NOCAP);
	nw_buf_init(&ex->metas, NW_BUF_NOCAP);
}

static void ex_release(struct ex *ex)
{
	free(ex->infos);
	nw_arena_release(&ex->scratch);
	nw_buf_release(&ex->tmp);
	nw_buf_release(&ex->times);
	nw_buf_release(&ex->itemprop_dates);
	nw_buf_release(&ex->authors);
	nw_buf_release(&ex->bylines);
	nw_buf_release(&ex->articles);
	nw_buf_release(&ex->cands);
	nw_buf_release(&ex->h1s);
	nw_buf_release(&ex->captions);
	nw_buf_release(&ex->metas);
}

static htmlDocPtr parse(const char *s, size_t n)
{
	htmlDocPtr doc = htmlReadMemory(s, (int)n, NULL, "UTF-8", NW_HTML_PAGE_OPTS);

	if (doc && !xmlDocGetRootElement(doc)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

/* Plain text with entities as HTML: each newline a paragraph break. */
static int text_to_html(const char *s, struct nw_buf *b)
{
	const char *nl;
	int rc = NW_OK;

	for (; !rc && (nl = strchr(s, '\n')); s = nl + 1)
		if (!(rc = nw_buf_add(b, s, (size_t)(nl - s))))
			rc = nw_buf_addstr(b, "<br><br>");
	return rc ? rc : nw_buf_addstr(b, s);
}

/*
 * The JSON-LD articleBody: plain text with newlines, or HTML, or text
 * with entities ("&#8217;"), which the HTML parser decodes.
 */
static void emit_ld_body(struct emit *e, const char *s)
{
	size_t n = strlen(s), i, start = 0;
	struct nw_buf html;
	struct ex sub;
	htmlDocPtr doc = NULL;

	nw_buf_init(&html, NW_BUF_NOCAP);
	if (!strchr(s, '<') && strchr(s, '&')) {
		if (text_to_html(s, &html))
			e->ex->oom = 1;
		s = html.data;
		n = html.len;
	}
	if ((strchr(s, '<') && strchr(s, '>')) && n <= INT_MAX)
		doc = parse(s, n);
	if (doc) {
		ex_init(&sub, e->ex->out);
		sub.collect = 0;
		if (alloc_infos(&sub, doc)) {
			walk((xmlNode *)doc, measure_enter, measure_leave, &sub);
			emit_tree(e, (xmlNode *)doc);
		}
		e->ex->oom |= sub.oom;
		ex_release(&sub);
		xmlFreeDoc(doc);
	} else {
		for (i = 0; i <= n; i++) {
			if (i == n || s[i] == '\n') {
				append_text(e, s + start, i - start);
				flush(e);
				start = i + 1;
			}
		}
	}
	nw_buf_release(&html);
}

/* Where the article's own h1 and <time> live: its <article>, or the root's parent. */
static xmlNode *article_region(xmlNode *root)
{
	xmlNode *n;

	for (n = root; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (info_of(n) && (info_of(n)->flags & F_ARTICLE))
			return n;
	return is_top_level(root->parent) ? root : root->parent;
}

/*
 * Many pages put the headline, byline and date above the article body,
 * outside its element: widen the region to the smallest element that also
 * holds the first headline <h1>, unless that is the whole page (where a
 * today's-date banner would come in).
 */
static xmlNode *with_headline(struct ex *ex, xmlNode *region)
{
	xmlNode *h1 = NULL, *a;
	size_t i;

	for (i = 0; i < node_count(&ex->h1s) && !h1; i++) {
		xmlNode *n = node_at(&ex->h1s, i);

		if (is_live(n) && (info_of(n)->flags & F_H1))
			h1 = n;
	}
	if (!h1 || is_inside(h1, region))
		return region;
	for (a = region->parent; a && !is_top_level(a); a = a->parent)
		if (is_inside(h1, a))
			return a;
	return region;
}

/* Emit the chosen root(s): an <article>, or the top candidate and its siblings. */
static void emit_main(struct emit *e, xmlNode *pref, xmlNode *top, xmlNode *fallback)
{
	xmlNode *c;

	if (pref && (info_of(pref)->flags & F_SEL)) {
		for (c = pref->parent->children; c; c = c->next)
			if (info_of(c) && (info_of(c)->flags & F_SEL))
				emit_tree(e, c);
	} else if (pref) {
		emit_tree(e, pref);
	} else if (top && info_of(top->parent)) {
		for (c = top->parent->children; c; c = c->next)
			if (info_of(c) && (info_of(c)->flags & F_SEL))
				emit_tree(e, c);
	} else {
		emit_tree(e, top ? top : fallback);
	}
}

static int choose_pref(xmlNode *pref, size_t entries, uint32_t chars, xmlNode *top)
{
	if (!pref)
		return 0;
	if (!top || is_inside(top, entries > 1 ? pref->parent : pref))
		return 1;
	return (uint64_t)chars * 2 >= body_chars(info_of(top));
}

/* The text: from the tree, or from JSON-LD when the tree holds little. */
static void build_text(struct ex *ex, xmlNode *pref, xmlNode *top, xmlNode *fallback,
		       struct nw_buf *text, const char **byline, size_t *byline_len)
{
	struct emit e;

	emit_init(&e, ex);
	emit_main(&e, pref, top, fallback);
	emit_finish(&e, text);
	*byline = e.byline;
	*byline_len = e.byline_len;
	emit_release(&e);
	if (!ex->ld.body || text->len * 10 >= strlen(ex->ld.body) * 6)
		return;
	emit_init(&e, ex);
	emit_ld_body(&e, ex->ld.body);
	if (e.out.len > text->len) {
		nw_buf_reset(text);
		emit_finish(&e, text);
	}
	emit_release(&e);
}

static void set_text(struct ex *ex, const struct nw_buf *text, struct nw_article *out)
{
	struct nw_buf fixed;

	nw_buf_init(&fixed, NW_BUF_NOCAP);
	out->text = NULL;
	if (nw_utf8_valid(text->data, text->len)) {
		out->text = nw_arena_strndup(ex->out, text->data, text->len);
		out->text_len = text->len;
	} else if (!nw_utf8_repair(&fixed, text->data, text->len)) {
		out->text = nw_arena_strndup(ex->out, fixed.data, fixed.len);
		out->text_len = fixed.len;
	}
	if (!out->text) {
		ex->oom = 1;
		out->text = "";
		out->text_len = 0;
	}
	nw_buf_release(&fixed);
}

/* Measure, score, choose the content, read the metadata, emit the text. */
static void analyse(struct ex *ex, xmlDoc *doc, const char *base_url, struct nw_article *out)
{
	xmlNode *root = xmlDocGetRootElement(doc), *top, *pref, *region;
	struct nw_buf text;
	const char *byline;
	size_t byline_len, entries;
	uint32_t chars = 0;

	if (!alloc_infos(ex, doc))
		return;
	walk((xmlNode *)doc, measure_enter, measure_leave, ex);
	gallery_captions(ex, root);
	walk((xmlNode *)doc, score_enter, NULL, ex);
	top = best_candidate(ex);
	pref = preferred(ex);
	entries = pref ? live_entries(pref, 0, &chars) : 0;
	if (choose_pref(pref, entries, chars, top))
		top = NULL;
	else
		pref = NULL;
	if (top)
		select_siblings(top);
	if (pref && entries > 1) {
		live_entries(pref, 1, &chars);
		region = article_region(pref->parent);
	} else {
		region = article_region(pref ? pref : top ? top : root);
	}
	region = with_headline(ex, region);

	out->title = ex->title = find_title(ex, region);
	ex->title_len = ex->title ? strlen(ex->title) : 0;
	out->url = find_url(ex, base_url);
	out->published = find_published(ex, doc, region);
	out->author = find_author(ex);

	nw_buf_init(&text, NW_BUF_NOCAP);
	build_text(ex, pref, top, root, &text, &byline, &byline_len);
	if (!out->author && byline)
		out->author = author_clean(ex, byline, byline_len);
	set_text(ex, &text, out);
	nw_buf_release(&text);
	/* the page's word first; else the text's, with the title when it is short */
	if (!(out->lang = find_lang(ex)) && !(out->lang = guess_lang(out->text, out->text_len)) &&
	    out->title)
		out->lang = guess_lang(out->title, strlen(out->title));
	if (!out->lang)
		out->lang = "und";
}

/*
 * Class and id hints are guesses; when they leave no text at all (a
 * wrapper named "page has-sidebar" around a short article), try once more
 * without them.  Metadata already collected is kept: the tree is the same.
 */
static void extract_doc(struct ex *ex, xmlDoc *doc, const char *base_url, struct nw_article *out)
{
	analyse(ex, doc, base_url, out);
	if (out->text_len > 0 || ex->oom)
		return;
	free(ex->infos);
	ex->infos = NULL;
	nw_buf_reset(&ex->cands);
	nw_buf_reset(&ex->captions);
	ex->in_a = ex->in_art = ex->in_cap = 0;
	ex->collect = 0;
	ex->no_hints = 1;
	analyse(ex, doc, base_url, out);
}

static int blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_space((unsigned char)s[i]))
			return 0;
	return 1;
}

int nw_extract(const char *html, size_t n, const char *charset_hint, const char *base_url,
	       struct nw_arena *a, struct nw_article *out, struct nw_err *e)
{
	const char *what = base_url ? base_url : "page", *u8;
	struct nw_buf conv;
	size_t u8n;
	htmlDocPtr doc;
	struct ex ex;
	int rc;

	memset(out, 0, sizeof(*out));
	out->lang = "und";
	out->text = "";
	out->published = NW_DATE_NONE;
	if (n > NW_EXTRACT_MAX)
		return nw_errorf(e, NW_ETOOBIG, "%s: page of %zu bytes is larger than %u", what, n,
				 NW_EXTRACT_MAX);
	if (!html || blank(html, n))
		return nw_errorf(e, NW_EPARSE, "%s: empty page", what);
	nw_buf_init(&conv, NW_BUF_NOCAP);
	if ((rc = nw_charset_utf8(html, n, charset_hint, &conv, &u8, &u8n, NULL))) {
		nw_buf_release(&conv);
		return nw_errorf(e, rc, "%s: decoding the page: %s", what, nw_strcode(rc));
	}
	if (u8n > INT_MAX) {
		nw_buf_release(&conv);
		return nw_errorf(e, NW_ETOOBIG, "%s: page of %zu bytes is too large", what, n);
	}
	doc = parse(u8, u8n);
	nw_buf_release(&conv);
	if (!doc)
		return nw_errorf(e, NW_EPARSE, "%s: no HTML element in the page", what);
	ex_init(&ex, a);
	extract_doc(&ex, doc, base_url, out);
	xmlFreeDoc(doc);
	ex_release(&ex);
	if (ex.oom)
		return nw_errorf(e, NW_ENOMEM, "%s: out of memory extracting the article", what);
	return NW_OK;
}

static int add_field(struct nw_buf *b, const char *key, const char *v, int first)
{
	int rc;

	if ((!first && (rc = nw_buf_addch(b, ','))) || (rc = nw_json_key(b, key)))
		return rc;
	return nw_json_str(b, v);
}

int nw_article_json(const struct nw_article *art, struct nw_buf *b)
{
	char iso[NW_DATE_ISO_SIZE];
	int rc;

	if (art->published != NW_DATE_NONE)
		nw_date_iso(art->published, iso);
	if ((rc = nw_buf_addch(b, '{')) || (rc = add_field(b, "title", art->title, 1)) ||
	    (rc = add_field(b, "published", art->published != NW_DATE_NONE ? iso : NULL, 0)) ||
	    (rc = add_field(b, "author", art->author, 0)) ||
	    (rc = add_field(b, "lang", art->lang ? art->lang : "und", 0)) ||
	    (rc = add_field(b, "url", art->url, 0)) || (rc = nw_buf_add(b, ",", 1)) ||
	    (rc = nw_json_key(b, "text")) ||
	    (rc = nw_json_strn(b, art->text ? art->text : "", art->text ? art->text_len : 0)))
		return rc;
	return nw_buf_addch(b, '}');
}
