/*
 * test_opml.c - OPML subscription lists: feeds found through folders, in
 * document order; attribute spellings; non-http URLs skipped; broken XML
 * recovered; files that are not OPML refused; entities never loaded or
 * expanded; and the feed names derived from titles.
 */
#include <libxml/parser.h>

#include "arena.h"
#include "err.h"
#include "opml.h"
#include "t.h"

static const char reader_export[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<opml version=\"2.0\">\n"
    "<head><title>Subscriptions of a desk editor</title></head>\n"
    "<body>\n"
    "  <outline text=\"Ports\" title=\"Ports\">\n"
    "    <outline type=\"rss\" text=\"Harbour Wire\" title=\"Harbour Wire\"\n"
    "             xmlUrl=\"https://harbour.example/feed.xml\" "
    "htmlUrl=\"https://harbour.example/\"/>\n"
    "    <outline text=\"Nested\"><outline text=\"Deep Water Notes\"\n"
    "             xmlurl=\"  http://deep.example/rss  \"/></outline>\n"
    "  </outline>\n"
    "  <outline type=\"rss\" text=\"Only text, no title\" XMLURL=\"http://text.example/atom\"/>\n"
    "  <outline type=\"rss\" title=\"Local file\" xmlUrl=\"file:///etc/passwd\"/>\n"
    "  <outline type=\"rss\" title=\"FTP\" xmlUrl=\"ftp://ftp.example/feed\"/>\n"
    "  <outline type=\"rss\" title=\"Blank\" xmlUrl=\"   \"/>\n"
    "  <outline type=\"rss\" xmlUrl=\"https://untitled.example/feed\"/>\n"
    "</body>\n"
    "</opml>\n";

static void feeds_in_order(void)
{
	struct nw_arena a;
	struct nw_opml o;
	struct nw_err e = {0, ""};

	nw_arena_init(&a);
	T_ASSERT(nw_opml_parse(reader_export, strlen(reader_export), &a, &o, &e) == NW_OK);
	T_ASSERT(o.n == 4);
	T_STREQ(o.feed[0].title, "Harbour Wire");
	T_STREQ(o.feed[0].url, "https://harbour.example/feed.xml");
	T_STREQ(o.feed[1].title, "Deep Water Notes");
	T_STREQ(o.feed[1].url, "http://deep.example/rss");
	T_STREQ(o.feed[2].title, "Only text, no title");
	T_STREQ(o.feed[2].url, "http://text.example/atom");
	T_STREQ(o.feed[3].title, NULL);
	T_STREQ(o.feed[3].url, "https://untitled.example/feed");
	T_EXPECT(o.skipped == 2); /* file: and ftp:; a blank xmlUrl is a folder */
	nw_arena_release(&a);
}

static void broken_and_refused(void)
{
	static const char ampersand[] =
	    "<opml version=\"1.0\"><body><outline text=\"Trade & Tariffs\" "
	    "xmlUrl=\"http://t.example/?a=1&b=2\"/></body></opml>";
	static const char rss[] = "<rss version=\"2.0\"><channel/></rss>";
	static const char junk[] = "\x01\x02 this is not xml at all";
	struct nw_arena a;
	struct nw_opml o;
	struct nw_err e = {0, ""};

	nw_arena_init(&a);
	/* unescaped '&' everywhere: the recovering parse keeps what it can */
	T_ASSERT(nw_opml_parse(ampersand, strlen(ampersand), &a, &o, &e) == NW_OK);
	T_EXPECT(o.n == 1);
	T_EXPECT(o.n == 1 && !strncmp(o.feed[0].url, "http://t.example/", 17));
	T_EXPECT(nw_opml_parse(rss, strlen(rss), &a, &o, &e) == NW_EPARSE);
	T_STREQ(e.msg, "not OPML (the root element is <rss>)");
	T_EXPECT(nw_opml_parse(junk, strlen(junk), &a, &o, &e) == NW_EPARSE);
	T_EXPECT(nw_opml_parse("", 0, &a, &o, &e) == NW_EPARSE);
	T_EXPECT(o.n == 0);
	nw_arena_release(&a);
}

static void entities_inert(void)
{
	static const char external[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE opml [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n"
	    "<opml version=\"2.0\"><body>\n"
	    "<outline title=\"&secret;\" xmlUrl=\"http://x.example/feed\"/>\n"
	    "</body></opml>\n";
	static const char laughs[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE opml [<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
	    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
	    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
	    "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
	    "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
	    "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]>\n"
	    "<opml version=\"2.0\"><body>\n"
	    "<outline title=\"&g;\" xmlUrl=\"http://y.example/feed\"/>\n"
	    "</body></opml>\n";
	struct nw_arena a;
	struct nw_opml o;
	struct nw_err e = {0, ""};
	size_t i;
	int rc;

	nw_arena_init(&a);
	rc = nw_opml_parse(external, strlen(external), &a, &o, &e);
	T_EXPECT(rc == NW_OK || rc == NW_EPARSE);
	for (i = 0; rc == NW_OK && i < o.n; i++)
		T_EXPECT(!o.feed[i].title || !strstr(o.feed[i].title, "root:"));
	/* 45 * 16^6 bytes if expanded: must end fast and small either way */
	rc = nw_opml_parse(laughs, strlen(laughs), &a, &o, &e);
	T_EXPECT(rc == NW_OK || rc == NW_EPARSE);
	for (i = 0; rc == NW_OK && i < o.n; i++)
		T_EXPECT(!o.feed[i].title || strlen(o.feed[i].title) < 100000);
	nw_arena_release(&a);
}

static void names(void)
{
	static const struct {
		const char *title, *url, *want;
	} cases[] = {
	    {"Harbour Wire", "http://h.example/", "harbour-wire"},
	    {"  BBC News - World  ", NULL, "bbc-news-world"},
	    {"Zürich Tägliche Außenpolitik", NULL, "zurich-tagliche-ausenpolitik"},
	    {"Le Monde diplomatique — Éditions", NULL, "le-monde-diplomatique-editions"},
	    {"Новости", "https://www.news.example.ru/rss", "news-example-ru"},
	    {NULL, "http://user@www.Feeds.Example:8080/x", "feeds-example"},
	    {"!!!", "http:///", "feed"},
	    {"a\tb\nc\xff"
	     "d",
	     NULL, "a-b-c-d"},
	    {"The quick brown fox jumps over the lazy dog again and again", NULL,
	     "the-quick-brown-fox-jumps-over-the-lazy"},
	};
	char out[NW_OPML_NAME_MAX + 1];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nw_opml_name(cases[i].title, cases[i].url, out);
		T_STREQ(out, cases[i].want);
	}
}

static void done(void)
{
	xmlCleanupParser();
}

T_MAIN(T_CASE(feeds_in_order), T_CASE(broken_and_refused), T_CASE(entities_inert), T_CASE(names),
       T_CASE(done))
