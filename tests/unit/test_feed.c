/*
 * test_feed.c - nw_feed_parse and nw_feed_json over the fixture feeds in
 * tests/fixtures/feeds/: a table of files with every expected field, then
 * the hostile ones (billion laughs, external entities, junk, truncation,
 * the item cap).  Every feed's JSON is read back with jansson and compared
 * field by field with the same table.
 */
#include <stdint.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "err.h"
#include "buf.h"
#include "arena.h"
#include "utf8.h"
#include "date.h"
#include "feed.h"
#include "t.h"

#define DIR "tests/fixtures/feeds/"
#define FETCHED "https://fetch.example.com/feeds/main.xml"

struct want_item {
	const char *id, *title, *link, *published, *updated, *author, *summary, *content;
};

struct want_feed {
	const char *file, *base_url;
	int rc;
	const char *format, *title, *link; /* for an error: format is part of e.msg */
	size_t nitems;
	const struct want_item *items;
};

static const struct want_item rss2_items[] = {
    {"ledger-2018-0914-001", "Treasury lists Norvane Shipping over fuel transfers",
     "https://ledger.example.com/2018/09/norvane-shipping", "2018-09-14T08:29:00Z", NULL,
     "desk@ledger.example.com (Mara Ellison)",
     "The Office of Asset Control named two vessels.\n\nOfficials said more listings would "
     "follow.",
     "The Office of Asset Control on Thursday added Norvane Shipping Ltd to its list.\n\nThe "
     "firm denied any wrongdoing & said it would appeal."},
    {"https://ledger.example.com/2018/09/kestrel-bank", "Kestrel Bank removed from watch list",
     "https://ledger.example.com/2018/09/kestrel-bank", "2018-09-13T15:05:00Z", NULL,
     "Tomas Virtanen", "Regulators lifted the measures after a review.", NULL},
    {NULL, "Brief: Ostrava Metals fined", NULL, NULL, NULL, NULL, NULL, NULL},
};

static const struct want_item rss091_items[] = {
    {"http://wire.example.net/stories/4411.html", "Port authority seizes cargo bound for Velmora",
     "http://wire.example.net/stories/4411.html", NULL, NULL, NULL,
     "Inspectors found dual-use parts in a container at the quay.", NULL},
    {"http://wire.example.net/stories/4412.html", "Envoy rejects the accusation",
     "http://wire.example.net/stories/4412.html", NULL, NULL, NULL,
     "The envoy in Gen\xC3\xA8ve called the report fabricated.", NULL},
};

static const struct want_item rdf_items[] = {
    {"https://monitor.example.org/a/1", "Council extends measures on Brask Holdings",
     "https://monitor.example.org/a/1", "2018-09-14T08:29:00Z", NULL, "Ilse Marchetti",
     "The council renewed the asset freeze for a further year.",
     "The council renewed the asset freeze.\n\nBrask Holdings said it would challenge the "
     "decision."},
    {"https://monitor.example.org/a/2", "Second item", "https://monitor.example.org/a/2", NULL,
     NULL, NULL, NULL, NULL},
};

static const struct want_item atom_items[] = {
    {"tag:tracker.example.org,2018:calder-finch", "Ministry names Calder & Finch in new round",
     "https://tracker.example.org/2018/09/calder-finch", "2018-09-14T08:29:00Z",
     "2018-09-14T09:00:00Z", "Rosa Lindqvist", "Two trading houses & one captain are affected.",
     "The ministry said Calder & Finch arranged the shipments.\n\nA spokesman for the firm "
     "rejected the claims."},
    {"tag:tracker.example.org,2018:plain", "Why a <b> tag shows up in plain text",
     "https://tracker.example.org/2018/09/plain", NULL, "2018-09-13T07:00:00Z", "Tracker Staff",
     NULL, "First paragraph.\n\nSecond paragraph."},
    {"https://tracker.example.org/2018/09/remote", "Out-of-line content",
     "https://tracker.example.org/2018/09/remote", NULL, NULL, "Tracker Staff", NULL, NULL},
};

static const struct want_item atom03_items[] = {
    {"tag:old.example.com,2018:tesk", "Export ban on Tesk Industries",
     "http://old.example.com/2018/09/14/tesk", "2018-09-14T08:29:00Z", "2018-09-14T10:00:00Z",
     "Archive Team", "Licences for Tesk Industries were revoked.",
     "Licences were revoked on Friday."},
    {"http://old.example.com/2018/09/15/b64", "Encoded body",
     "http://old.example.com/2018/09/15/b64", NULL, NULL, "Archive Team", NULL, NULL},
};

static const struct want_item xmlbase_items[] = {
    {"urn:x:1", "Entry with its own base",
     "http://news.example.org/world/sanctions/2018/09/vessel.html", NULL, NULL, NULL, NULL, NULL},
    {"urn:x:2", "Entry using the feed base", "http://news.example.org/europe/freeze.html", NULL,
     NULL, NULL, NULL, NULL},
    {"urn:x:3", "Absolute link untouched", "https://other.example.net/a?b=1&c=2", NULL, NULL, NULL,
     NULL, NULL},
    {"https://mirror.example.com/top.html", "Absolute base", "https://mirror.example.com/top.html",
     NULL, NULL, NULL, NULL, NULL},
};

static const struct want_item relative_items[] = {
    {"https://fetch.example.com/2018/09/first.html", "Resolved against the fetch URL",
     "https://fetch.example.com/2018/09/first.html", NULL, NULL, NULL, NULL, NULL},
    /* against the document's URL (RFC 3986), not the channel's <link> */
    {"https://fetch.example.com/feeds/second.html", "Path-relative link",
     "https://fetch.example.com/feeds/second.html", NULL, NULL, NULL, NULL, NULL},
};

static const struct want_item relative_nobase_items[] = {
    {"/2018/09/first.html", "Resolved against the fetch URL", "/2018/09/first.html", NULL, NULL,
     NULL, NULL, NULL},
    {"second.html", "Path-relative link", "second.html", NULL, NULL, NULL, NULL, NULL},
};

static const struct want_item escaping_items[] = {
    {"https://esc.example.com/1", "Double escaped & bold", "https://esc.example.com/1", NULL, NULL,
     NULL, "CDATA with a link & an entity.\n\nSecond paragraph.", NULL},
    {"https://esc.example.com/2", "Tariffs & quotas: what changed", "https://esc.example.com/2",
     NULL, NULL, NULL, "Escaped once & decoded.\nNew line.", NULL},
    {"https://esc.example.com/3", "Markup left unescaped", "https://esc.example.com/3", NULL, NULL,
     NULL, "Raw XHTML inside.\n\nStill text.", NULL},
};

static const struct want_item broken_items[] = {
    {"https://broken.example.com/story?id=7&ref=rss", "Ardent & Vale fined for breaches",
     "https://broken.example.com/story?id=7&ref=rss", "2018-09-14T08:29:00Z", NULL, NULL,
     "Penalties of 2 million \xE2\x80\x94 the largest this year.", NULL},
    {"https://broken.example.com/story?id=8&ref=rss", "Second story keeps its & entity",
     "https://broken.example.com/story?id=8&ref=rss", NULL, NULL, NULL,
     "Inside CDATA a bare & stays", NULL},
};

static const struct want_item xxe_items[] = {
    {"https://xxe.example.com/1", "Before after", "https://xxe.example.com/1", NULL, NULL, NULL,
     "Start end", NULL},
};

static const struct want_item xxe_broken_items[] = {
    {"https://xxe.example.com/2", "Fish & chips", "https://xxe.example.com/2", NULL, NULL, NULL,
     "Passwd: secret:", NULL},
};

#define ITEMS(a) sizeof(a) / sizeof(a[0]), a

static const struct want_feed feeds[] = {
    {"rss2.xml", FETCHED, NW_OK, "rss", "Harbor Ledger \xE2\x80\x94 Sanctions Desk",
     "https://ledger.example.com/sanctions/", ITEMS(rss2_items)},
    {"rss091.xml", NULL, NW_OK, "rss", "Caf\xC3\xA9 Quarterly wire", "http://wire.example.net/",
     ITEMS(rss091_items)},
    {"rdf.xml", NULL, NW_OK, "rdf", "Compliance Monitor", "https://monitor.example.org/",
     ITEMS(rdf_items)},
    {"atom.xml", FETCHED, NW_OK, "atom", "Meridian Sanctions Tracker",
     "https://tracker.example.org/", ITEMS(atom_items)},
    {"atom03.xml", NULL, NW_OK, "atom", "Old <Atom> Feed", "http://old.example.com/",
     ITEMS(atom03_items)},
    {"xmlbase.xml", FETCHED, NW_OK, "atom", "Relative links",
     "http://news.example.org/world/index.html", ITEMS(xmlbase_items)},
    {"relative.xml", FETCHED, NW_OK, "rss", "Relative RSS", "https://fetch.example.com/",
     ITEMS(relative_items)},
    {"relative.xml", NULL, NW_OK, "rss", "Relative RSS", "/", ITEMS(relative_nobase_items)},
    {"escaping.xml", NULL, NW_OK, "rss", "Escaping & Friends", "https://esc.example.com/",
     ITEMS(escaping_items)},
    {"broken_amp.xml", NULL, NW_OK, "rss", "Smith & Daughters Report",
     "https://broken.example.com/?a=1&b=2", ITEMS(broken_items)},
    {"xxe.xml", NULL, NW_OK, "rss", "External entity", NULL, ITEMS(xxe_items)},
    {"xxe_broken.xml", NULL, NW_OK, "rss", "Broken & external", NULL, ITEMS(xxe_broken_items)},
    {"billion_laughs.xml", NULL, NW_OK, "rss", "Laughs", NULL, 0, NULL},
    {"not_a_feed.xml", NULL, NW_EPARSE, "not a feed: root element <catalog>", NULL, NULL, 0, NULL},
    {"html_page.html", NULL, NW_EPARSE, "not a feed: root element <html>", NULL, NULL, 0, NULL},
    {"junk.bin", NULL, NW_EPARSE, "not XML (line 1:", NULL, NULL, 0, NULL},
    {"empty.xml", NULL, NW_EPARSE, "not XML", NULL, NULL, 0, NULL},
};

static void iso_or_null(int64_t t, char *out, const char **res)
{
	*res = NULL;
	if (t != NW_DATE_NONE) {
		nw_date_iso(t, out);
		*res = out;
	}
}

static void check_item(const struct nw_feed_item *it, const struct want_item *w)
{
	char p[NW_DATE_ISO_SIZE], u[NW_DATE_ISO_SIZE];
	const char *pub, *upd;

	iso_or_null(it->published, p, &pub);
	iso_or_null(it->updated, u, &upd);
	T_STREQ(it->id, w->id);
	T_STREQ(it->title, w->title);
	T_STREQ(it->link, w->link);
	T_STREQ(pub, w->published);
	T_STREQ(upd, w->updated);
	T_STREQ(it->author, w->author);
	T_STREQ(it->summary, w->summary);
	T_STREQ(it->content, w->content);
}

/* A JSON value that must be the string want, or null when want is NULL. */
static void check_json_str(json_t *obj, const char *key, const char *want)
{
	json_t *v = json_object_get(obj, key);

	T_EXPECT(v != NULL);
	if (!v)
		return;
	if (!want)
		T_EXPECT(json_is_null(v));
	else
		T_STREQ(json_string_value(v), want);
}

static void check_json(const struct nw_feed *f, const struct want_feed *w)
{
	static const char *const order[] = {
	    "{\"id\":",	     ",\"title\":",  ",\"link\":",    ",\"published\":",
	    ",\"updated\":", ",\"author\":", ",\"summary\":", ",\"content\":"};
	struct nw_buf b;
	json_error_t err;
	json_t *root, *items, *o;
	const char *p;
	size_t i, k;

	nw_buf_init(&b, NW_BUF_NOCAP);
	T_EXPECT(nw_feed_json(f, &b) == NW_OK);
	T_EXPECT(strncmp(b.data, "{\"title\":", 9) == 0);
	root = json_loadb(b.data, b.len, 0, &err);
	if (!root)
		printf("#   %s: JSON error %s: %s\n", w->file, err.text, b.data);
	T_EXPECT(root != NULL);
	if (root) {
		check_json_str(root, "title", w->title);
		check_json_str(root, "link", w->link);
		items = json_object_get(root, "items");
		T_EXPECT(json_is_array(items) && json_array_size(items) == w->nitems);
		for (i = 0; i < w->nitems && i < json_array_size(items); i++) {
			o = json_array_get(items, i);
			check_json_str(o, "id", w->items[i].id);
			check_json_str(o, "title", w->items[i].title);
			check_json_str(o, "link", w->items[i].link);
			check_json_str(o, "published", w->items[i].published);
			check_json_str(o, "updated", w->items[i].updated);
			check_json_str(o, "author", w->items[i].author);
			check_json_str(o, "summary", w->items[i].summary);
			check_json_str(o, "content", w->items[i].content);
			T_EXPECT(json_object_size(o) == 8);
		}
		json_decref(root);
	}
	/* Field order is part of the contract: check it on the first item. */
	if (w->nitems && (p = strstr(b.data, "\"items\":[")))
		for (k = 0; k < sizeof(order) / sizeof(order[0]) && p; k++)
			T_EXPECT((p = strstr(p, order[k])) != NULL);
	nw_buf_release(&b);
}

static int parse_file(const char *file, const char *base, struct nw_arena *a, struct nw_feed *f,
		      struct nw_err *e)
{
	char path[256];
	struct nw_buf in;
	int rc;

	snprintf(path, sizeof(path), DIR "%s", file);
	nw_buf_init(&in, 1 << 24);
	rc = nw_buf_read_file(&in, path, e);
	if (!rc)
		rc = nw_feed_parse(in.data, in.len, base, a, f, e);
	nw_buf_release(&in);
	return rc;
}

static void check_feed(const struct want_feed *w)
{
	struct nw_arena a;
	struct nw_feed f;
	struct nw_err e = {0, ""};
	size_t i;
	int rc;

	nw_arena_init(&a);
	rc = parse_file(w->file, w->base_url, &a, &f, &e);
	if (rc != w->rc)
		printf("#   %s: rc %d (%s), want %d\n", w->file, rc, e.msg, w->rc);
	T_EXPECT(rc == w->rc);
	if (rc != NW_OK) {
		if (!strstr(e.msg, w->format))
			printf("#   %s: message \"%s\" lacks \"%s\"\n", w->file, e.msg, w->format);
		T_EXPECT(strstr(e.msg, w->format) != NULL);
		T_EXPECT(e.code == w->rc);
		T_EXPECT(f.nitems == 0 && f.items == NULL);
		nw_arena_release(&a);
		return;
	}
	T_STREQ(f.format, w->format);
	T_STREQ(f.title, w->title);
	T_STREQ(f.link, w->link);
	if (f.nitems != w->nitems)
		printf("#   %s: %zu items, want %zu\n", w->file, f.nitems, w->nitems);
	T_EXPECT(f.nitems == w->nitems);
	for (i = 0; i < f.nitems && i < w->nitems; i++)
		check_item(&f.items[i], &w->items[i]);
	check_json(&f, w);
	nw_arena_release(&a);
}

static void test_fixtures(void)
{
	size_t i;

	xmlInitParser(); /* as main() does; this case runs first */
	for (i = 0; i < sizeof(feeds) / sizeof(feeds[0]); i++) {
		printf("# %s%s\n", feeds[i].file, feeds[i].base_url ? " (with base URL)" : "");
		check_feed(&feeds[i]);
	}
}

static int any_field_has(const struct nw_feed *f, const char *needle)
{
	size_t i;
	const struct nw_feed_item *it;

	if ((f->title && strstr(f->title, needle)) || (f->link && strstr(f->link, needle)))
		return 1;
	for (i = 0; i < f->nitems; i++) {
		it = &f->items[i];
		if ((it->title && strstr(it->title, needle)) ||
		    (it->summary && strstr(it->summary, needle)) ||
		    (it->content && strstr(it->content, needle)) ||
		    (it->id && strstr(it->id, needle)))
			return 1;
	}
	return 0;
}

/* Entities are never expanded: no laughter, no file contents. */
static void test_entities_not_expanded(void)
{
	static const char *const files[] = {"billion_laughs.xml", "xxe.xml", "xxe_broken.xml"};
	struct nw_arena a;
	struct nw_feed f;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		nw_arena_init(&a);
		T_EXPECT(parse_file(files[i], NULL, &a, &f, NULL) == NW_OK);
		T_EXPECT(!any_field_has(&f, "lollol"));
		T_EXPECT(!any_field_has(&f, "root:"));
		T_EXPECT(!any_field_has(&f, "SECRET-MARKER"));
		/* a whole expansion would need gigabytes; a few blocks is plenty */
		T_EXPECT(a.used_total < 1 << 20);
		nw_arena_release(&a);
	}
}

/* A NULL struct nw_err is allowed; junk and truncations never crash. */
static void test_truncations(void)
{
	struct nw_buf in;
	struct nw_arena a;
	struct nw_feed f;
	size_t n, bad = 0, i;
	int rc;

	nw_buf_init(&in, 1 << 20);
	T_ASSERT(nw_buf_read_file(&in, DIR "rss2.xml", NULL) == NW_OK);
	for (n = 0; n <= in.len; n += 7) {
		nw_arena_init(&a);
		rc = nw_feed_parse(in.data, n, NULL, &a, &f, NULL);
		if (rc != NW_OK && rc != NW_EPARSE)
			bad++;
		for (i = 0; rc == NW_OK && i < f.nitems; i++)
			if (f.items[i].title &&
			    !nw_utf8_valid(f.items[i].title, strlen(f.items[i].title)))
				bad++;
		nw_arena_release(&a);
	}
	T_EXPECT(bad == 0);
	/* the whole file parses, so the loop above did reach real items */
	nw_arena_init(&a);
	T_EXPECT(nw_feed_parse(in.data, in.len, NULL, &a, &f, NULL) == NW_OK && f.nitems == 3);
	nw_arena_release(&a);
	nw_buf_release(&in);
}

/* Feeds past NW_FEED_MAX_ITEMS are cut, not rejected. */
static void test_item_cap(void)
{
	struct nw_buf in;
	struct nw_arena a;
	struct nw_feed f;
	int i, rc = NW_OK;

	nw_buf_init(&in, NW_BUF_NOCAP);
	rc = nw_buf_addstr(&in, "<rss version=\"2.0\"><channel><title>Many</title>");
	for (i = 0; i < NW_FEED_MAX_ITEMS + 50 && !rc; i++)
		rc =
		    nw_buf_printf(&in, "<item><guid>n%d</guid><title>Item %d</title></item>", i, i);
	if (!rc)
		rc = nw_buf_addstr(&in, "</channel></rss>");
	T_ASSERT(rc == NW_OK);
	nw_arena_init(&a);
	T_ASSERT(nw_feed_parse(in.data, in.len, NULL, &a, &f, NULL) == NW_OK);
	T_EXPECT(f.nitems == NW_FEED_MAX_ITEMS);
	T_STREQ(f.items[0].id, "n0");
	T_STREQ(f.items[NW_FEED_MAX_ITEMS - 1].title, "Item 9999");
	nw_arena_release(&a);
	nw_buf_release(&in);
}

/* A UTF-16 feed (with BOM) is decoded by libxml2, not mangled by repairs. */
static void test_utf16(void)
{
	static const char src[] = "<rss version=\"2.0\"><channel><title>Wide &amp; far</title>"
				  "<item><title>One</title><link>https://w.example/1</link>"
				  "</item></channel></rss>";
	char wide[2 * sizeof(src) + 2];
	struct nw_arena a;
	struct nw_feed f;
	size_t i;

	wide[0] = (char)0xFF;
	wide[1] = (char)0xFE;
	for (i = 0; i + 1 < sizeof(src); i++) {
		wide[2 + 2 * i] = src[i];
		wide[3 + 2 * i] = 0;
	}
	nw_arena_init(&a);
	T_ASSERT(nw_feed_parse(wide, 2 + 2 * (sizeof(src) - 1), NULL, &a, &f, NULL) == NW_OK);
	T_STREQ(f.title, "Wide & far");
	T_ASSERT(f.nitems == 1);
	T_STREQ(f.items[0].link, "https://w.example/1");
	nw_arena_release(&a);
}

/* An empty feed prints an empty items array. */
static void test_json_empty(void)
{
	struct nw_feed f;
	struct nw_buf b;

	memset(&f, 0, sizeof(f));
	nw_buf_init(&b, NW_BUF_NOCAP);
	T_EXPECT(nw_feed_json(&f, &b) == NW_OK);
	T_STREQ(b.data, "{\"title\":null,\"link\":null,\"items\":[]}");
	nw_buf_release(&b);
}

T_MAIN(T_CASE(test_fixtures), T_CASE(test_entities_not_expanded), T_CASE(test_truncations),
       T_CASE(test_item_cap), T_CASE(test_utf16), T_CASE(test_json_empty))
