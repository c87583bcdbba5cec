/*
 * test_feed.c - nw_feed_parse and nw_feed_json over the fixture feeds in
 * tests/fixtures/feeds/: a table of files with every expected field, then
 * the hostile ones (billion laughs, external entities, junk, truncation,
 * the item cap).  Every feed's JSON is read back with jansson and compared
 * field by field with the same table.  Then the data-driven families:
 * encodings (enc_*.xml against encodings.tsv, made by gen_encodings.py),
 * dates (dates.xml, whose guids hold the expected times), identity and
 * canonical links, and a DTD that points at a live 127.0.0.1 listener
 * which must never see a connection.
 */
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

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

/* id "nw:" stands for a hashed id ("nw:" and 16 hex digits). */
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
    {"nw:", "Brief: Ostrava Metals fined", NULL, NULL, NULL, NULL, NULL, NULL},
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
     "http://old.example.com/2018/09/15/b64", NULL, NULL, "Archive Team", NULL, "Hello"},
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

static const struct want_item rss092_items[] = {
    {"nw:", NULL, NULL, NULL, NULL, NULL,
     "The harbour master says the tanker Aurel Star left without clearance.", NULL},
    {"nw:", "Customs & excise: new inspection rules", NULL, NULL, NULL, NULL,
     "Checks on dual-use goods will double.", NULL},
    {"nw:", "Customs & excise: new inspection rules", NULL, "2018-09-15T06:00:00Z", NULL, NULL,
     "Same title, a later day: a different item.", NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL}, /* nothing to know it by */
};

static const struct want_item rss090_items[] = {
    {"http://old90.example.com/1999/03/first.html", "First headline of 1999",
     "http://old90.example.com/1999/03/first.html", NULL, NULL, NULL, NULL, NULL},
    {"http://old90.example.com/1999/03/second.html", "Second headline",
     "http://old90.example.com/1999/03/second.html", NULL, NULL, NULL, NULL, NULL},
};

static const struct want_item modules_items[] = {
    /* feedburner:origLink gives the canonical link, the proxy link stays the link */
    {"modules-42", "Registry adds Tolvik Freight",
     "http://feeds.proxy.example.net/~r/modules/~3/abc123/", "2018-09-14T08:29:00Z",
     "2018-09-15T07:00:00Z", "Anneke Vos", "Short teaser.",
     "Tolvik Freight was added to the registry.\n\nIts owner could not be reached."},
    /* media:* fill title, summary and author; <PubDate> is read despite its case;
     * the link resolves against the channel's xml:base */
    {"https://modules.example.com/news/2018/09/video-briefing.html?utm_campaign=x&fbclid=abc",
     "Video briefing: the new listings",
     "https://modules.example.com/news/2018/09/video-briefing.html?utm_campaign=x&fbclid=abc",
     "2018-09-14T09:00:00Z", NULL, "Desk Video", "A five-minute summary of this week's measures.",
     NULL},
    {"https://modules.example.com/news/2018/09/atom-only", "Atom link only",
     "https://modules.example.com/news/2018/09/atom-only", "2018-09-13T00:00:00Z", NULL, NULL,
     "Photo caption", NULL},
    /* an unreadable pubDate falls back to dc:date */
    {"https://modules.example.com/news/2018/09/permalink", "Permalink guid only",
     "https://modules.example.com/news/2018/09/permalink", "2018-09-12T06:00:00Z", NULL, NULL, NULL,
     NULL},
};

static const struct want_item atom_more_items[] = {
    {"yt:video:abc", "Briefing on the export ban", "https://watch.example.com/v/abc",
     "2018-09-14T08:29:00Z", NULL, NULL, "Officials explain which goods are covered.", NULL},
    {"urn:uuid:0b7c2e4a-0000-4000-8000-00000000a002", "Tariffs & quotas",
     "https://watch.example.com/v/def?utm_source=x#t=30", NULL, "2018-09-14T00:00:00Z",
     "Panel Host", "A <b> stays literal", "Panel discussion."},
    {"https://watch.example.com/v/ghi", "Binary content has no text",
     "https://watch.example.com/v/ghi", NULL, NULL, NULL, NULL, NULL},
};

static const struct want_item atom03_more_items[] = {
    /* the text/html alternate wins over the PDF; created stands in for issued;
     * multipart/alternative gives its HTML part */
    {"tag:legacy.example.org,2018:ruling", "Court upholds freeze",
     "http://legacy.example.org/2018/09/ruling", "2018-09-14T07:00:00Z", "2018-09-14T09:00:00Z",
     "Court Reporter", NULL, "HTML version of the ruling."},
    {"tag:legacy.example.org,2018:b64", "Base64 HTML body", "http://legacy.example.org/2018/09/b64",
     "2018-09-13T16:00:00Z", NULL, NULL, "Encoded with base64 in the feed.",
     "Decoded from base64 & shown."},
    {"tag:legacy.example.org,2018:xhtml", "Inline XHTML content",
     "http://legacy.example.org/2018/09/xhtml", NULL, NULL, NULL, "Tom & Jerry: bold <3",
     "If a < b then b > a.\n\nSecond."},
};

static const struct want_item twice_items[] = {
    {"https://twice.example.com/1", "It\xE2\x80\x99s official: Brenholt & Sons fined",
     "https://twice.example.com/1", NULL, NULL, NULL, "Fish & chips\n\nSecond part", NULL},
    {"https://twice.example.com/2", "Quotes \"inside\" CDATA", "https://twice.example.com/2", NULL,
     NULL, NULL, "Escaped inside CDATA", NULL},
};

static const struct want_item junk_items[] = {
    {"https://junk.example.com/1", "The feed survives a PHP warning", "https://junk.example.com/1",
     NULL, NULL, NULL, NULL, NULL},
};

static const struct want_item blank_items[] = {
    {"https://junk.example.com/2", "Leading white space is cut", "https://junk.example.com/2", NULL,
     NULL, NULL, NULL, NULL},
};

static const struct want_item nesting_items[] = {
    {"https://nest.example.com/1", "Unclosed bold title", "https://nest.example.com/1", NULL, NULL,
     NULL, "First item keeps its link.", NULL},
    {"https://nest.example.com/2", "Second item", "https://nest.example.com/2", NULL, NULL, NULL,
     "Its closing tag is missing.", NULL},
};

static const struct want_item truncated_items[] = {
    {"https://cut.example.com/1", "Complete item", "https://cut.example.com/1",
     "2018-09-14T08:29:00Z", NULL, NULL, NULL, NULL},
    {"https://cut.example.com/2", "Half an item", "https://cut.example.com/2", NULL, NULL, NULL,
     "The connection dropped in the mid", NULL},
};

static const struct want_item control_items[] = {
    {"https://ctl.example.com/1", "Bell and NUL inside", "https://ctl.example.com/1", NULL, NULL,
     NULL, "Reference dropped, \xEF\xBF\xBD and \xEF\xBF\xBD replaced, \xC3\xA9 kept", NULL},
};

static const struct want_item doctype_items[] = {
    {"https://dtd.example.com/1", "Caf\xC3\xA9 entity from the unread DTD",
     "https://dtd.example.com/1", NULL, NULL, NULL, "Undefined entity & more", NULL},
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
    {"rss092.xml", NULL, NW_OK, "rss", "Dockside Bulletin", "http://bulletin.example.net/",
     ITEMS(rss092_items)},
    {"rss090.xml", NULL, NW_OK, "rdf", "Netscape-era channel", "http://old90.example.com/",
     ITEMS(rss090_items)},
    {"rss2_modules.xml", FETCHED, NW_OK, "rss", "Module & Co. Digest",
     "https://modules.example.com/", ITEMS(modules_items)},
    {"atom_more.xml", FETCHED, NW_OK, "atom", "Watch & Listen", "https://watch.example.com/",
     ITEMS(atom_more_items)},
    {"atom03_more.xml", NULL, NW_OK, "atom", "Legacy Atom desk", "http://legacy.example.org/",
     ITEMS(atom03_more_items)},
    {"double_escaped.xml", NULL, NW_OK, "rss", "AT&T watch", "https://twice.example.com/",
     ITEMS(twice_items)},
    {"junk_before_root.xml", NULL, NW_OK, "rss", "Junk before the root",
     "https://junk.example.com/", ITEMS(junk_items)},
    {"blank_before_decl.xml", NULL, NW_OK, "rss", "Blank lines first", NULL, ITEMS(blank_items)},
    {"bad_nesting.xml", NULL, NW_OK, "rss", "Bad nesting", "https://nest.example.com/",
     ITEMS(nesting_items)},
    {"truncated.xml", NULL, NW_OK, "rss", "Cut short", "https://cut.example.com/",
     ITEMS(truncated_items)},
    {"control_chars.xml", NULL, NW_OK, "rss", "Control chars here", NULL, ITEMS(control_items)},
    {"doctype_remote.xml", NULL, NW_OK, "rss", "Remote DTD never read", "https://dtd.example.com/",
     ITEMS(doctype_items)},
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
	if (w->id && !strcmp(w->id, "nw:")) {
		T_EXPECT(it->id && strlen(it->id) == 19 && !strncmp(it->id, "nw:", 3) &&
			 strspn(it->id + 3, "0123456789abcdef") == 16);
	} else {
		T_STREQ(it->id, w->id);
	}
	T_EXPECT(!it->link == !it->canonical_link);
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
			if (!w->items[i].id || strcmp(w->items[i].id, "nw:"))
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

static int parse_file_with(const char *file, const char *hint, const char *base, struct nw_arena *a,
			   struct nw_feed *f, struct nw_err *e)
{
	char path[256];
	struct nw_buf in;
	int rc;

	snprintf(path, sizeof(path), DIR "%s", file);
	nw_buf_init(&in, 1 << 24);
	rc = nw_buf_read_file(&in, path, e);
	if (!rc)
		rc = nw_feed_parse(in.data, in.len, hint, base, a, f, e);
	nw_buf_release(&in);
	return rc;
}

static int parse_file(const char *file, const char *base, struct nw_arena *a, struct nw_feed *f,
		      struct nw_err *e)
{
	return parse_file_with(file, NULL, base, a, f, e);
}

static int parse_file_hint(const char *file, const char *hint, struct nw_arena *a,
			   struct nw_feed *f, struct nw_err *e)
{
	return parse_file_with(file, hint, NULL, a, f, e);
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
		rc = nw_feed_parse(in.data, n, NULL, NULL, &a, &f, NULL);
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
	T_EXPECT(nw_feed_parse(in.data, in.len, NULL, NULL, &a, &f, NULL) == NW_OK &&
		 f.nitems == 3);
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
	T_ASSERT(nw_feed_parse(in.data, in.len, NULL, NULL, &a, &f, NULL) == NW_OK);
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
	T_ASSERT(nw_feed_parse(wide, 2 + 2 * (sizeof(src) - 1), NULL, NULL, &a, &f, NULL) == NW_OK);
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

/* Split line at tabs into at most max fields; returns the count. */
static size_t split_tabs(char *line, char **field, size_t max)
{
	size_t k = 0;

	while (k < max) {
		field[k++] = line;
		if (!(line = strchr(line, '\t')))
			break;
		*line++ = '\0';
	}
	return k;
}

static void check_encoding_row(char **field)
{
	struct nw_arena a;
	struct nw_feed f;
	struct nw_err e = {0, ""};
	const char *hint = strcmp(field[1], "-") ? field[1] : NULL;
	int rc;

	nw_arena_init(&a);
	rc = parse_file_hint(field[0], hint, &a, &f, &e);
	if (rc != NW_OK)
		printf("#   %s: %s\n", field[0], e.msg);
	T_ASSERT(rc == NW_OK);
	if (!f.encoding || strcmp(f.encoding, field[2]))
		printf("#   %s\n", field[0]);
	T_STREQ(f.encoding, field[2]);
	T_EXPECT(f.title && !strncmp(f.title, "Encoding fixture: ", 18));
	T_ASSERT(f.nitems == 1);
	if (!f.items[0].title || strcmp(f.items[0].title, field[3]) || !f.items[0].summary ||
	    strcmp(f.items[0].summary, field[4]))
		printf("#   %s\n", field[0]);
	T_STREQ(f.items[0].title, field[3]);
	T_STREQ(f.items[0].summary, field[4]);
	T_EXPECT(f.items[0].link && !strncmp(f.items[0].link, "https://enc.example.org/", 24));
	nw_arena_release(&a);
}

/* Every enc_*.xml decodes to the UTF-8 that encodings.tsv holds. */
static void test_encodings(void)
{
	struct nw_buf tsv;
	char *line, *next, *field[6];
	size_t rows = 0;

	nw_buf_init(&tsv, 1 << 20);
	T_ASSERT(nw_buf_read_file(&tsv, DIR "encodings.tsv", NULL) == NW_OK);
	for (line = tsv.data; line && *line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		T_EXPECT(split_tabs(line, field, 5) == 5);
		check_encoding_row(field);
		rows++;
	}
	T_EXPECT(rows >= 30);
	nw_buf_release(&tsv);
}

/* A charset hint that names no charset, or names UTF-16 for 8-bit bytes, is ignored. */
static void test_bad_hints(void)
{
	static const char doc[] = "<?xml version=\"1.0\" encoding=\"KOI8-R\"?><rss version=\"2.0\">"
				  "<channel><title>\xf3\xcf\xd7\xc5\xd4</title></channel></rss>";
	static const char *const hints[] = {NULL, "", "x-no-such-charset", "utf-16", "\"bad label"};
	struct nw_arena a;
	struct nw_feed f;
	size_t i;

	for (i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
		nw_arena_init(&a);
		T_ASSERT(nw_feed_parse(doc, sizeof(doc) - 1, hints[i], NULL, &a, &f, NULL) ==
			 NW_OK);
		T_STREQ(f.encoding, "koi8-r");
		T_STREQ(f.title, "\xD0\xA1\xD0\xBE\xD0\xB2\xD0\xB5\xD1\x82"); /* "Совет" */
		nw_arena_release(&a);
	}
}

/* dates.xml: each item's guid is the time its date must give, or "none". */
static void test_date_families(void)
{
	struct nw_arena a;
	struct nw_feed f;
	char iso[NW_DATE_ISO_SIZE];
	size_t i, bad = 0;

	nw_arena_init(&a);
	T_ASSERT(parse_file("dates.xml", NULL, &a, &f, NULL) == NW_OK);
	T_EXPECT(f.nitems >= 30);
	for (i = 0; i < f.nitems; i++) {
		const struct nw_feed_item *it = &f.items[i];

		strcpy(iso, "none");
		if (it->published != NW_DATE_NONE)
			nw_date_iso(it->published, iso);
		if (!it->id || strcmp(iso, it->id)) {
			printf("#   %s: got %s, want %s\n", it->title, iso, it->id);
			bad++;
		}
	}
	T_EXPECT(bad == 0);
	nw_arena_release(&a);
}

static const char *parse_first_id(const char *doc, struct nw_arena *a)
{
	struct nw_feed f;

	if (nw_feed_parse(doc, strlen(doc), NULL, NULL, a, &f, NULL) || f.nitems < 1)
		return NULL;
	return f.items[0].id;
}

/*
 * Ids: guid, else link, else a hash of title and date that is the same in
 * any feed and any run, and differs when the title or the date does.
 */
static void test_identity(void)
{
	struct nw_arena a;
	const char *one, *two, *other_date, *other_title, *summary_only, *guid, *link;

	nw_arena_init(&a);
	one = parse_first_id(
	    "<rss><channel><title>A</title><item><title>Port closed</title>"
	    "<pubDate>Fri, 14 Sep 2018 08:29:00 GMT</pubDate></item></channel></rss>",
	    &a);
	two = parse_first_id("<rss version=\"0.92\"><channel><title>Another feed</title><item>"
			     "<description>different</description><title> Port   closed </title>"
			     "<pubDate>2018-09-14T10:29:00+02:00</pubDate></item></channel></rss>",
			     &a);
	other_date =
	    parse_first_id("<rss><channel><item><title>Port closed</title><pubDate>"
			   "Sat, 15 Sep 2018 08:29:00 GMT</pubDate></item></channel></rss>",
			   &a);
	other_title =
	    parse_first_id("<rss><channel><item><title>Port open</title><pubDate>"
			   "Fri, 14 Sep 2018 08:29:00 GMT</pubDate></item></channel></rss>",
			   &a);
	summary_only = parse_first_id(
	    "<rss><channel><item><description>Only words</description></item></channel></rss>", &a);
	guid =
	    parse_first_id("<rss><channel><item><guid> g-1 </guid><link>https://x.example/1</link>"
			   "<title>T</title></item></channel></rss>",
			   &a);
	link = parse_first_id("<rss><channel><item><title>T</title><link>https://x.example/1</link>"
			      "</item></channel></rss>",
			      &a);
	T_ASSERT(one && two && other_date && other_title && summary_only);
	T_EXPECT(!strncmp(one, "nw:", 3) && strlen(one) == 19);
	T_STREQ(one, two);
	T_EXPECT(strcmp(one, other_date) != 0);
	T_EXPECT(strcmp(one, other_title) != 0);
	T_EXPECT(!strncmp(summary_only, "nw:", 3));
	T_STREQ(guid, "g-1");
	T_STREQ(link, "https://x.example/1");
	nw_arena_release(&a);
}

/* nw_feed_canonical_link over a table, and the canonical links of fixture items. */
static void test_canonical_links(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"https://example.com/a", "https://example.com/a"},
	    {"HTTPS://WWW.Example.COM/Path/A", "https://www.example.com/Path/A"},
	    {"http://example.com:80/a", "http://example.com/a"},
	    {"https://example.com:443/a", "https://example.com/a"},
	    {"http://example.com:8080/a", "http://example.com:8080/a"},
	    {"https://example.com:80/a", "https://example.com:80/a"},
	    {"https://example.com:/a", "https://example.com/a"},
	    {"https://example.com", "https://example.com/"},
	    {"https://example.com?x=1", "https://example.com/?x=1"},
	    {"https://example.com/a#section-2", "https://example.com/a"},
	    {"https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"},
	    {"https://example.com/a?id=7&utm_campaign=x&page=2",
	     "https://example.com/a?id=7&page=2"},
	    {"https://example.com/a?UTM_Source=x&fbclid=1&gclid=2&mc_cid=3&mc_eid=4",
	     "https://example.com/a"},
	    {"https://example.com/a?utm=keep&utmx=keep",
	     "https://example.com/a?utm=keep&utmx=keep"},
	    {"https://example.com/a?&&id=1&", "https://example.com/a?id=1"},
	    {"https://example.com/a?", "https://example.com/a"},
	    {"https://example.com/%7euser/%2f%41?q=%3d", "https://example.com/~user/%2FA?q=%3D"},
	    {"https://example.com/%zz%4", "https://example.com/%zz%4"},
	    {"https://User:Pw@Example.com:443/a", "https://User:Pw@example.com/a"},
	    {"http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"},
	    {"http://[2001:DB8::1]:8080/a", "http://[2001:db8::1]:8080/a"},
	    {"urn:ISBN:0-395", "urn:ISBN:0-395"},
	    {"tag:Example.com,2018:x#y", "tag:Example.com,2018:x"},
	    {"/relative/path?utm_source=x#f", "/relative/path"},
	    {"#only-fragment", ""},
	};
	static const struct {
		const char *file;
		size_t item;
		const char *want;
	} items[] = {
	    {"rss2_modules.xml", 0, "https://modules.example.com/news/2018/09/tolvik?id=42"},
	    {"rss2_modules.xml", 1, "https://modules.example.com/news/2018/09/video-briefing.html"},
	    {"atom_more.xml", 1, "https://watch.example.com/v/def"},
	    {"rss2.xml", 0, "https://ledger.example.com/2018/09/norvane-shipping"},
	    {"rss092.xml", 0, NULL},
	};
	struct nw_arena a;
	struct nw_feed f;
	size_t i;

	nw_arena_init(&a);
	T_EXPECT(nw_feed_canonical_link(&a, NULL) == NULL);
	T_EXPECT(nw_feed_canonical_link(&a, "") == NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		T_STREQ(nw_feed_canonical_link(&a, cases[i].in), cases[i].want);
	for (i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		T_ASSERT(parse_file(items[i].file, FETCHED, &a, &f, NULL) == NW_OK);
		T_ASSERT(items[i].item < f.nitems);
		T_STREQ(f.items[items[i].item].canonical_link, items[i].want);
	}
	nw_arena_release(&a);
}

/* A TCP listener on 127.0.0.1; its port in *port. -1 when none can be made. */
static int listener(int *port)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) || listen(fd, 8) ||
	    getsockname(fd, (struct sockaddr *)&sin, &len)) {
		close(fd);
		return -1;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

/*
 * External DTDs, parameter entities and external entities pointing at a
 * live listener: the feed parses (strictly, and through the recovering
 * path when it is also broken) and the listener sees no connection.
 */
static void test_no_network(void)
{
	static const char *const bodies[] = {
	    "<rss version=\"2.0\"><channel><title>T &ext;</title></channel></rss>",
	    "<rss version=\"2.0\"><channel><title>T & broken &ext;</title></channel></rss>",
	};
	struct pollfd pfd;
	struct nw_buf doc;
	struct nw_arena a;
	struct nw_feed f;
	size_t i;
	int port, fd = listener(&port);

	T_ASSERT(fd >= 0);
	nw_buf_init(&doc, NW_BUF_NOCAP);
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		nw_buf_reset(&doc);
		T_ASSERT(
		    nw_buf_printf(&doc,
				  "<?xml version=\"1.0\"?>\n"
				  "<!DOCTYPE rss SYSTEM \"http://127.0.0.1:%d/rss.dtd\" [\n"
				  "<!ENTITY %% pe SYSTEM \"http://127.0.0.1:%d/pe.dtd\">\n%%pe;\n"
				  "<!ENTITY ext SYSTEM \"http://127.0.0.1:%d/ext.txt\">\n]>\n%s",
				  port, port, port, bodies[i]) == NW_OK);
		nw_arena_init(&a);
		T_EXPECT(nw_feed_parse(doc.data, doc.len, NULL, NULL, &a, &f, NULL) == NW_OK);
		T_EXPECT(f.title && !strncmp(f.title, "T", 1));
		nw_arena_release(&a);
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	T_EXPECT(poll(&pfd, 1, 200) == 0); /* no connection is waiting */
	close(fd);
	nw_buf_release(&doc);
}

/* Junk before the feed is cut at the declaration, DOCTYPE or root. */
static void test_junk_starts(void)
{
	static const char *const docs[] = {
	    "Notice: undefined index\n<rss version=\"2.0\"><channel><title>Found</title>"
	    "</channel></rss>",
	    "<br />\n<b>Deprecated</b>: x in y<br />\n<rss><channel><title>Found</title>"
	    "</channel></rss>",
	    "\xEF\xBB\xBF\xEF\xBB\xBF<?xml version=\"1.0\"?><rss><channel><title>Found</title>"
	    "</channel></rss>",
	    "garbage & more <!DOCTYPE rss><rss><channel><title>Found</title></channel></rss>",
	    "\n\n<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Found"
	    "</title></feed>",
	};
	struct nw_arena a;
	struct nw_feed f;
	size_t i;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		nw_arena_init(&a);
		T_EXPECT(nw_feed_parse(docs[i], strlen(docs[i]), NULL, NULL, &a, &f, NULL) ==
			 NW_OK);
		T_STREQ(f.title, "Found");
		nw_arena_release(&a);
	}
}

/* What cannot be recovered is reported, with the reason. */
static void test_errors(void)
{
	static const struct {
		const char *doc, *msg;
	} cases[] = {
	    {"", "not XML: empty document"},
	    {" \n\t ", "not XML: empty document"},
	    {"just some words", "not XML (line 1: Start tag expected"},
	    {"{\"json\": true}", "not XML (line 1: Start tag expected"},
	    {"<html><body>page</body></html>", "not a feed: root element <html>"},
	    {"<?xml version=\"1.0\"?><opml version=\"2.0\"><body/></opml>",
	     "not a feed: root element <opml>"},
	    {"<feed><title>no namespace</title></feed>", "not a feed: root element <feed>"},
	};
	struct nw_arena a;
	struct nw_feed f;
	struct nw_err e;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nw_arena_init(&a);
		e.msg[0] = '\0';
		T_EXPECT(nw_feed_parse(cases[i].doc, strlen(cases[i].doc), NULL, NULL, &a, &f,
				       &e) == NW_EPARSE);
		if (strncmp(e.msg, cases[i].msg, strlen(cases[i].msg)))
			printf("#   \"%s\": message \"%s\"\n", cases[i].doc, e.msg);
		T_EXPECT(!strncmp(e.msg, cases[i].msg, strlen(cases[i].msg)));
		T_EXPECT(f.nitems == 0 && f.title == NULL);
		nw_arena_release(&a);
	}
}

/*
 * Nothing reaches stderr, whatever the bytes: leading NULs (which libxml2
 * would take for UCS-4 and complain about on its own), UTF-16 cut short,
 * a lying declaration.
 */
static void test_silent(void)
{
	static const struct {
		const char *doc;
		size_t n;
	} cases[] = {
	    {"\0\0\0<rss><channel><title>a</title></channel></rss>", 48},
	    {"<\0\0\0rss><channel><title>b</title></channel></rss>", 48},
	    {"\0<\0\0rss><channel><title>c</title></channel></rss>", 48},
	    {"\xFE\xFF\0<\0r\0s\0s\0>\0<\0/\0r", 19},
	    {"<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel/></rss>", 59},
	    {"\x4C\x6F\xA7\x94<rss/>", 10},
	};
	char tmpl[] = "/tmp/test_feed_stderrXXXXXX";
	int fd = mkstemp(tmpl), saved = dup(2);
	struct nw_arena a;
	struct nw_feed f;
	off_t size;
	size_t i;

	T_ASSERT(fd >= 0 && saved >= 0);
	unlink(tmpl);
	fflush(stderr);
	T_ASSERT(dup2(fd, 2) == 2);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nw_arena_init(&a);
		nw_feed_parse(cases[i].doc, cases[i].n, NULL, NULL, &a, &f, NULL);
		nw_arena_release(&a);
	}
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	size = lseek(fd, 0, SEEK_END);
	close(fd);
	T_EXPECT(size == 0);
}

static void test_versions(void)
{
	static const struct {
		const char *file, *format, *version;
	} cases[] = {
	    {"rss091.xml", "rss", "0.91"}, {"rss092.xml", "rss", "0.92"},
	    {"rss2.xml", "rss", "2.0"},	   {"rdf.xml", "rdf", "1.0"},
	    {"rss090.xml", "rdf", "0.90"}, {"atom.xml", "atom", "1.0"},
	    {"atom03.xml", "atom", "0.3"}, {"relative.xml", "rss", "2.0"},
	};
	struct nw_arena a;
	struct nw_feed f;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nw_arena_init(&a);
		T_ASSERT(parse_file(cases[i].file, NULL, &a, &f, NULL) == NW_OK);
		T_STREQ(f.format, cases[i].format);
		T_STREQ(f.version, cases[i].version);
		nw_arena_release(&a);
	}
}

/* <ttl> minutes as seconds, for the poll schedule; junk and absence are -1. */
static void test_ttl(void)
{
	static const struct {
		const char *xml;
		long ttl;
	} cases[] = {
	    {"<rss version=\"2.0\"><channel><title>t</title><ttl>60</ttl></channel></rss>", 3600},
	    {"<rss version=\"2.0\"><channel><ttl> 15\n</ttl></channel></rss>", 900},
	    {"<rss version=\"2.0\"><channel><title>t</title></channel></rss>", -1},
	    {"<rss version=\"2.0\"><channel><ttl>soon</ttl></channel></rss>", -1},
	    {"<rss version=\"2.0\"><channel><ttl>-5</ttl></channel></rss>", -1},
	    {"<rss version=\"2.0\"><channel><ttl>99999999999</ttl></channel></rss>", -1},
	    {"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title></feed>", -1},
	};
	struct nw_arena a;
	struct nw_feed f;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nw_arena_init(&a);
		T_ASSERT(nw_feed_parse(cases[i].xml, strlen(cases[i].xml), NULL, NULL, &a, &f,
				       NULL) == NW_OK);
		if (f.ttl != cases[i].ttl)
			printf("#   case %zu: ttl %ld\n", i, f.ttl);
		T_EXPECT(f.ttl == cases[i].ttl);
		nw_arena_release(&a);
	}
}

T_MAIN(T_CASE(test_ttl), T_CASE(test_fixtures), T_CASE(test_entities_not_expanded),
       T_CASE(test_truncations), T_CASE(test_item_cap), T_CASE(test_utf16), T_CASE(test_json_empty),
       T_CASE(test_encodings), T_CASE(test_bad_hints), T_CASE(test_date_families),
       T_CASE(test_identity), T_CASE(test_canonical_links), T_CASE(test_no_network),
       T_CASE(test_errors), T_CASE(test_junk_starts), T_CASE(test_silent), T_CASE(test_versions))
