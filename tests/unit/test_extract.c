/*
 * test_extract.c - the extract stage against fixture pages and hostile input.
 *
 * Every tests/fixtures/pages/NAME.html is extracted and its text compared
 * with NAME.txt by bag-of-words F1 (tokens are runs of letters and digits,
 * ASCII lowercased); each page must reach 0.95, and the score of each page
 * is printed as a "# f1" line.  Metadata is checked exactly on a table of
 * pages and on variants built from them here (a page with its <meta> tags
 * removed, a dateline removed, a date banner moved).  Bad input - deep
 * nesting, junk bytes, truncation, lying and unknown charsets, invalid
 * UTF-8, empty pages - must never crash and must give valid UTF-8.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "t.h"
#include "err.h"
#include "buf.h"
#include "arena.h"
#include "utf8.h"
#include "date.h"
#include "charset.h"
#include "extract.h"

#define PAGES "tests/fixtures/pages"
#define MIN_F1 0.95

/* ---- helpers ------------------------------------------------------------ */

static char *slurp(const char *path, size_t *n)
{
	struct nw_buf b;

	nw_buf_init(&b, 16 << 20);
	if (nw_buf_read_file(&b, path, NULL)) {
		nw_buf_release(&b);
		return NULL;
	}
	return nw_buf_detach(&b, n);
}

static char *page(const char *name, size_t *n)
{
	char path[256];

	snprintf(path, sizeof(path), PAGES "/%s", name);
	return slurp(path, n);
}

struct result {
	struct nw_arena arena;
	struct nw_article art;
	struct nw_err err;
	int rc;
};

static void run(struct result *r, const char *html, size_t n, const char *hint, const char *base)
{
	memset(&r->err, 0, sizeof(r->err));
	nw_arena_init(&r->arena);
	r->rc = nw_extract(html, n, hint, base, &r->arena, &r->art, &r->err);
}

static void done(struct result *r)
{
	nw_arena_release(&r->arena);
}

static int valid(const char *s)
{
	return !s || nw_utf8_valid(s, strlen(s));
}

/* Every string of the article is valid UTF-8 and text_len is right. */
static int article_sane(const struct nw_article *a)
{
	return a->text && a->lang && strlen(a->text) == a->text_len &&
	       nw_utf8_valid(a->text, a->text_len) && valid(a->title) && valid(a->author) &&
	       valid(a->url) && valid(a->lang);
}

static const char *iso(int64_t t, char out[NW_DATE_ISO_SIZE])
{
	if (t == NW_DATE_NONE)
		return NULL;
	nw_date_iso(t, out);
	return out;
}

/* ---- bag-of-words F1 ---------------------------------------------------- */

struct toks {
	char **v;
	size_t n, cap;
};

static int is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c >= 0x80;
}

static void tokenize(const char *s, struct toks *t)
{
	size_t i, k;

	t->v = NULL;
	t->n = t->cap = 0;
	for (i = 0; s[i];) {
		if (!is_word((unsigned char)s[i])) {
			i++;
			continue;
		}
		for (k = i; s[k] && is_word((unsigned char)s[k]); k++)
			;
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 256;
			t->v = realloc(t->v, t->cap * sizeof(*t->v));
		}
		t->v[t->n] = strndup(s + i, k - i);
		for (char *p = t->v[t->n]; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p += 32;
		t->n++;
		i = k;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void toks_free(struct toks *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
}

static double f1(const char *got, const char *want)
{
	struct toks g, w;
	size_t i = 0, j = 0, common = 0;
	double p, r;

	tokenize(got, &g);
	tokenize(want, &w);
	if (g.n)
		qsort(g.v, g.n, sizeof(*g.v), cmp_str);
	if (w.n)
		qsort(w.v, w.n, sizeof(*w.v), cmp_str);
	while (i < g.n && j < w.n) {
		int c = strcmp(g.v[i], w.v[j]);

		if (c == 0) {
			common++;
			i++;
			j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	p = g.n ? (double)common / (double)g.n : (w.n ? 0 : 1);
	r = w.n ? (double)common / (double)w.n : 1;
	toks_free(&g);
	toks_free(&w);
	return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

static void test_f1_itself(void)
{
	T_EXPECT(f1("a b c", "c b a") == 1.0);
	T_EXPECT(f1("", "") == 1.0);
	T_EXPECT(f1("a", "") == 0.0);
	T_EXPECT(f1("Sanctions, sanctions!", "sanctions sanctions") == 1.0);
	T_EXPECT(f1("a b", "a c") == 0.5);
}

/* ---- fixture pages ------------------------------------------------------ */

static void test_fixture_pages(void)
{
	DIR *d = opendir(PAGES);
	struct dirent *de;
	size_t pages = 0;

	T_ASSERT(d != NULL);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name), n, wn;
		char txt[256], *html, *want;
		struct result r;
		double score;

		if (len < 6 || strcmp(de->d_name + len - 5, ".html"))
			continue;
		snprintf(txt, sizeof(txt), "%.*s.txt", (int)(len - 5), de->d_name);
		html = page(de->d_name, &n);
		want = page(txt, &wn);
		T_EXPECT(html && want);
		if (!html || !want) {
			free(html);
			free(want);
			continue;
		}
		run(&r, html, n, NULL, NULL);
		T_EXPECT(r.rc == NW_OK);
		T_EXPECT(article_sane(&r.art));
		score = f1(r.art.text, want);
		printf("# f1 %-20s %.3f\n", txt, score);
		if (score < MIN_F1) {
			printf("# got:\n%s\n", r.art.text);
			T_EXPECT(score >= MIN_F1);
		}
		/* one blank line between paragraphs, none at either end */
		T_EXPECT(!strstr(r.art.text, "\n\n\n"));
		T_EXPECT(r.art.text_len == 0 || (r.art.text[0] != '\n' && r.art.text[0] != ' ' &&
						 r.art.text[r.art.text_len - 1] != '\n'));
		done(&r);
		free(html);
		free(want);
		pages++;
	}
	closedir(d);
	T_EXPECT(pages >= 12);
}

struct meta_case {
	const char *page, *base;
	const char *title, *published, *author, *lang, *url;
};

static const struct meta_case meta_cases[] = {
    {"wp_sanctions.html", NULL,
     "Treasury sanctions Harbin Lumen Trading over fuel transfers to North Korea",
     "2023-03-09T14:05:00Z", "Dana Whitcombe", "en",
     "https://meridianledger.example/2023/03/09/treasury-sanctions-harbin-lumen/"},
    {"drupal_delisting.html", "https://northline.example/node/5512",
     "EU lifts asset freeze on Baltic Forge founder after court ruling", "2022-11-17T08:30:00Z",
     "Lina Berzina", "en", "https://northline.example/news/eu-lifts-asset-freeze-baltic-forge"},
    {"amp_article.html", NULL, "UK freezes assets of Caspian Meridian Bank", "2024-02-21T07:45:00Z",
     "Tomas Reid", "en", "https://www.dailycourier.example/world/uk-freezes-caspian-meridian-bank"},
    {"jsonld_only.html", NULL, "Oil trader Kestrel Maritime added to US blacklist",
     "2021-06-04T22:20:00Z", "Priya Natarajan, Owen Hale", "en",
     "https://gulfenergymonitor.example/news/2021/06/04/kestrel-maritime-blacklist"},
    {"date_banner.html", NULL, "US blacklists Shenyang software firm and its North Korean boss",
     "2018-09-14T14:29:00Z", NULL, "en", NULL},
    {"table_layout.html", NULL, "Flooding closes Albula pass road for third day",
     "2021-03-05T16:10:00Z", NULL, "de", NULL},
    {"win1252.html", NULL, "Anatolia Trade Bank denies role in Iranian gold scheme",
     "2020-01-17T00:00:00Z", "Elif Ayd\xC4\xB1n", "und", NULL},
    {"many_divs.html", NULL, "Survey ship maps underwater volcano chain north of Tonga",
     "2022-04-03T00:00:00Z", "Hemi Walker", "en", NULL},
    {"denial_quote.html", NULL, "Pyongyang calls UN panel cyber-theft report \"a bundle of lies\"",
     "2023-04-08T00:00:00Z", "Jae-won Park, Seoul", "en",
     "https://koreawatch.example/north/2023/04/08/un-panel-report-denial"},
    {"itemprop_body.html", NULL, "Frost leaves Yarra valley growers facing thin vintage",
     "2022-11-02T21:00:00Z", "Callum Birch", "en",
     "https://southerngrower.example/news/frost-yarra-valley-vintage"},
    {"list_and_figure.html", NULL,
     "UK adds six to Russia sanctions list over drone parts supply chain", "2023-07-20T11:00:00Z",
     "Nadia Osei", "en",
     "https://westminsterwire.example/politics/uk-adds-six-russia-sanctions-drone-parts"},
    {"comment_thread.html", NULL, "Council backs riverside tram extension despite cost worries",
     "2024-03-02T17:30:00Z", "Marta Ilves", "en",
     "https://harbourcityecho.example/local/council-backs-riverside-tram-extension"},
    {"lying_charset.html", NULL, "Gibraltar detains tanker over suspected Syria-bound crude",
     "2019-07-04T05:30:00Z", "Rosa Mart\xC3\xADn", "en", NULL},
};

static void check_meta(const struct meta_case *c, const char *html, size_t n)
{
	char when[NW_DATE_ISO_SIZE];
	struct result r;

	run(&r, html, n, NULL, c->base);
	T_EXPECT(r.rc == NW_OK);
	printf("# meta %s\n", c->page);
	T_STREQ(r.art.title, c->title);
	T_STREQ(iso(r.art.published, when), c->published);
	T_STREQ(r.art.author, c->author);
	T_STREQ(r.art.lang, c->lang);
	T_STREQ(r.art.url, c->url);
	done(&r);
}

static void test_metadata(void)
{
	size_t i, n;

	for (i = 0; i < sizeof(meta_cases) / sizeof(meta_cases[0]); i++) {
		char *html = page(meta_cases[i].page, &n);

		T_EXPECT(html != NULL);
		if (html)
			check_meta(&meta_cases[i], html, n);
		free(html);
	}
}

/* Replace the first occurrence of from with to in s (malloc'd result). */
static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	size_t n = strlen(s), f = strlen(from), t = strlen(to);
	char *r;

	if (!at)
		return NULL;
	r = malloc(n - f + t + 1);
	memcpy(r, s, (size_t)(at - s));
	memcpy(r + (at - s), to, t);
	strcpy(r + (at - s) + t, at + f);
	return r;
}

/* Overwrite with spaces every line of s that contains needle. */
static void blank_lines(char *s, const char *needle)
{
	char *p, *q;

	while ((p = strstr(s, needle))) {
		while (p > s && p[-1] != '\n')
			p--;
		for (q = p; *q && *q != '\n'; q++)
			*q = ' ';
	}
}

/* Without <meta> and canonical, the page itself names date and author. */
static void test_fallbacks_without_meta(void)
{
	char *html = page("wp_sanctions.html", &(size_t){0}), when[NW_DATE_ISO_SIZE];
	struct result r;

	T_ASSERT(html);
	blank_lines(html, "<meta ");
	blank_lines(html, "<link rel=\"canonical\"");
	run(&r, html, strlen(html), NULL, NULL);
	T_EXPECT(r.rc == NW_OK);
	T_STREQ(r.art.title,
		"Treasury sanctions Harbin Lumen Trading over fuel transfers to North Korea");
	T_STREQ(iso(r.art.published, when), "2023-03-09T14:05:00Z");
	T_STREQ(r.art.author, "Dana Whitcombe");
	T_STREQ(r.art.url, NULL);
	T_STREQ(r.art.lang, "en");
	done(&r);
	free(html);
}

/* A today's-date banner is never the publication date, wherever it sits. */
static void test_date_banner_ignored(void)
{
	char *html = page("date_banner.html", &(size_t){0}), *a, *b, when[NW_DATE_ISO_SIZE];
	struct result r;

	T_ASSERT(html);
	a = replace(html, "<span class=\"upd\">Update : 14 Sep 2018, 02:29 PM</span>", "");
	T_ASSERT(a);
	run(&r, a, strlen(a), NULL, NULL);
	T_EXPECT(r.rc == NW_OK);
	T_STREQ(iso(r.art.published, when), NULL);
	done(&r);

	/* the banner moved out of <header> into a plain div above the article */
	b = replace(
	    html, "<section class=\"content-area\">",
	    "<div class=\"strip\">Sunday, June 23, 2024</div><section class=\"content-area\">");
	T_ASSERT(b);
	run(&r, b, strlen(b), NULL, NULL);
	T_STREQ(iso(r.art.published, when), "2018-09-14T14:29:00Z");
	T_EXPECT(!strstr(r.art.text, "June 23"));
	T_EXPECT(!strstr(r.art.text, "Update"));
	T_EXPECT(!strstr(r.art.text, "Top Brokers"));
	T_EXPECT(!strstr(r.art.text, "Popular Links"));
	done(&r);
	free(a);
	free(b);
	free(html);
}

static void test_boilerplate_gone(void)
{
	static const struct {
		const char *page, *absent;
	} cases[] = {
	    {"wp_sanctions.html", "Harold"},	      {"wp_sanctions.html", "Recent Posts"},
	    {"wp_sanctions.html", "Share this"},      {"wp_sanctions.html", "Advertisement"},
	    {"wp_sanctions.html", "Skip to content"}, {"comment_thread.html", "Reply"},
	    {"comment_thread.html", "dialysis"},      {"cookie_banner.html", "cookies"},
	    {"cookie_banner.html", "briefing"},	      {"cookie_banner.html", "Most read"},
	    {"related_widget.html", "Related"},	      {"related_widget.html", "Fertiliser"},
	    {"related_widget.html", "More from"},     {"related_widget.html", "Read more"},
	    {"amp_article.html", "OFSI publishes"},   {"list_and_figure.html", "trade fair"},
	    {"list_and_figure.html", "Topics"},	      {"drupal_delisting.html", "Submitted"},
	};
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *html = page(cases[i].page, &n);
		struct result r;

		T_ASSERT(html);
		run(&r, html, n, NULL, NULL);
		if (strstr(r.art.text, cases[i].absent)) {
			printf("# %s still has \"%s\"\n", cases[i].page, cases[i].absent);
			T_EXPECT(!strstr(r.art.text, cases[i].absent));
		}
		done(&r);
		free(html);
	}
}

/* The denial lives in a blockquote; it must survive. */
static void test_blockquote_kept(void)
{
	size_t n;
	char *html = page("denial_quote.html", &n);
	struct result r;

	T_ASSERT(html);
	run(&r, html, n, NULL, NULL);
	T_EXPECT(strstr(r.art.text, "we categorically reject the groundless claim") != NULL);
	T_EXPECT(strstr(r.art.text, "bundle of lies cooked up") != NULL);
	done(&r);
	free(html);
}

static void test_json_output(void)
{
	static const char html[] =
	    "<html lang=\"en\"><head><title>A \"quoted\" title | Site</title></head><body>"
	    "<article><p>First paragraph of the story, long enough to count as text here.</p>"
	    "<p>Second paragraph with a tab\tand a backslash \\ in it, also long enough.</p>"
	    "</article></body></html>";
	struct nw_buf b;
	struct result r;

	run(&r, html, sizeof(html) - 1, NULL, NULL);
	T_ASSERT(r.rc == NW_OK);
	nw_buf_init(&b, NW_BUF_NOCAP);
	T_EXPECT(nw_article_json(&r.art, &b) == NW_OK);
	T_STREQ(b.data,
		"{\"title\":\"A \\\"quoted\\\" title\",\"published\":null,\"author\":null,"
		"\"lang\":\"en\",\"url\":null,\"text\":\"First paragraph of the story, long "
		"enough to count as text here.\\n\\nSecond paragraph with a tab and a "
		"backslash \\\\ in it, also long enough.\"}");
	nw_buf_release(&b);
	done(&r);
}

static void test_no_paragraph_twice(void)
{
	static const char html[] =
	    "<html><body><div class=\"story\">"
	    "<p>The ministry said the sanctions would stay in place until the vessel is "
	    "released.</p>"
	    "<p>Officials met on Monday to discuss the listing, according to two diplomats.</p>"
	    "<p>The ministry said the sanctions would stay in place until the vessel is "
	    "released.</p>"
	    "</div></body></html>";
	struct result r;
	const char *first;

	run(&r, html, sizeof(html) - 1, NULL, NULL);
	T_ASSERT(r.rc == NW_OK);
	first = strstr(r.art.text, "The ministry said");
	T_EXPECT(first && !strstr(first + 1, "The ministry said"));
	T_EXPECT(strstr(r.art.text, "Officials met") != NULL);
	done(&r);
}

static void test_url_rules(void)
{
	static const char rel[] = "<html><head><link rel=\"canonical\" href=\"../b/story?id=7\">"
				  "</head><body><p>x</p></body></html>";
	static const char js[] = "<html><head><link rel=\"canonical\" href=\"javascript:alert(1)\">"
				 "<meta property=\"og:url\" content=\"ftp://example.org/x\">"
				 "</head><body><p>x</p></body></html>";
	struct result r;

	run(&r, rel, sizeof(rel) - 1, NULL, "https://news.example/a/c/page.html");
	T_STREQ(r.art.url, "https://news.example/a/b/story?id=7");
	done(&r);
	run(&r, rel, sizeof(rel) - 1, NULL, NULL); /* relative and no base: no URL */
	T_STREQ(r.art.url, NULL);
	done(&r);
	run(&r, js, sizeof(js) - 1, NULL, "https://news.example/");
	T_STREQ(r.art.url, NULL);
	done(&r);
}

static void test_lang_rules(void)
{
	static const struct {
		const char *html, *lang;
	} cases[] = {
	    {"<html lang=\"EN-us\"><body><p>x</p></body></html>", "en"},
	    {"<html lang=\"pt_BR\"><body><p>x</p></body></html>", "pt"},
	    {"<html lang=\"x\"><head><meta property=\"og:locale\" content=\"fr_FR\"></head>"
	     "<body><p>x</p></body></html>",
	     "fr"},
	    {"<html lang=\"english\"><body><p>x</p></body></html>", "und"},
	    {"<html><body><p>x</p></body></html>", "und"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct result r;

		run(&r, cases[i].html, strlen(cases[i].html), NULL, NULL);
		T_STREQ(r.art.lang, cases[i].lang);
		done(&r);
	}
}

/* ---- charsets ------------------------------------------------------------ */

static void test_charset_sniff(void)
{
	static const struct {
		const char *bytes, *hint, *want;
	} cases[] = {
	    {"\xEF\xBB\xBF<p>x</p>", "iso-8859-1", "UTF-8"}, /* the BOM wins */
	    {"<meta charset=\"windows-1251\"><p>x</p>", "utf-8", "UTF-8"},
	    {"<meta charset=\"windows-1251\"><p>x</p>", NULL, "windows-1251"},
	    {"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">", NULL,
	     "windows-1252"},
	    {"<meta charset=utf-16>plain", NULL, "UTF-8"},
	    {"<p>caf\xC3\xA9</p>", NULL, "UTF-8"},
	    {"<p>caf\xE9</p>", NULL, "windows-1252"},
	    {"<p>caf\xE9</p>", "x-no-such-charset", "windows-1252"},
	    {"<p>caf\xE9</p>", "\"UTF-8\"", "windows-1252"}, /* a lie: no valid multibyte */
	    {"<p>caf\xC3\xA9</p>", "iso-8859-1", "UTF-8"},   /* the other lie */
	    {"<p>\x93\xfa\x96\x7b</p>", "Shift_JIS", "CP932"},
	    {"<p>x</p>", "utf-16", "UTF-8"}, /* no NULs: not UTF-16 */
	};
	char name[NW_CHARSET_NAME_SIZE];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nw_charset_sniff(cases[i].bytes, strlen(cases[i].bytes), cases[i].hint, name);
		T_STREQ(name, cases[i].want);
	}
}

static void expect_text(const char *bytes, size_t n, const char *hint, const char *needle)
{
	struct result r;

	run(&r, bytes, n, hint, NULL);
	T_EXPECT(r.rc == NW_OK);
	T_EXPECT(article_sane(&r.art));
	if (!strstr(r.art.text, needle)) {
		printf("# want \"%s\" in \"%s\"\n", needle, r.art.text);
		T_EXPECT(strstr(r.art.text, needle) != NULL);
	}
	done(&r);
}

static void test_charset_decoding(void)
{
	static const char cp1252[] = "<p>\x93Quoted\x94 \x80"
				     "5 caf\xE9 \x81\x8D\x8F\x90\x9D end</p>";
	static const char utf8[] = "<p>\xE2\x80\x9CQuoted\xE2\x80\x9D caf\xC3\xA9</p>";
	static const char sjis[] = "<p>\x93\xfa\x96\x7b and more</p>";
	static const char utf16le[] = "\xFF\xFE<\0p\0>\0H\0i\0 \0\xAC\x20<\0/\0p\0>\0";
	static const char bad_sjis[] = "<p>ok \x81\x20\xFF\xFF tail</p>";
	static const char utf16_bad[] = "\xFF\xFE<\0p\0>\0H\0i\0\x00\xD8 \0x\0<\0/\0p\0>\0";

	/* windows-1252, undefined bytes included, no declaration */
	expect_text(cp1252, sizeof(cp1252) - 1, NULL,
		    "\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x82\xAC"
		    "5 caf\xC3\xA9");
	expect_text(cp1252, sizeof(cp1252) - 1, NULL, "end");
	/* HTTP says UTF-8 but the bytes are windows-1252 */
	expect_text(cp1252, sizeof(cp1252) - 1, "utf-8", "\xE2\x80\x9CQuoted\xE2\x80\x9D");
	/* HTTP says Latin-1 but the bytes are UTF-8 */
	expect_text(utf8, sizeof(utf8) - 1, "ISO-8859-1",
		    "\xE2\x80\x9CQuoted\xE2\x80\x9D caf\xC3\xA9");
	expect_text(sjis, sizeof(sjis) - 1, "shift_jis", "\xE6\x97\xA5\xE6\x9C\xAC and more");
	expect_text(utf16le, sizeof(utf16le) - 1, NULL, "Hi \xE2\x82\xAC");
	/* iconv rejects bytes: each becomes U+FFFD and decoding goes on */
	expect_text(bad_sjis, sizeof(bad_sjis) - 1, "shift_jis", "tail");
	/* a lone surrogate in UTF-16 */
	expect_text(utf16_bad, sizeof(utf16_bad) - 1, NULL, "Hi\xEF\xBF\xBD x");
}

static void test_invalid_utf8(void)
{
	/* mostly UTF-8: a stray byte and a cut sequence become U+FFFD */
	static const char mostly[] =
	    "<html><body><p>Mostly UTF-8 \xE2\x80\x94 caf\xC3\xA9 caf\xC3\xA9 "
	    "caf\xC3\xA9 caf\xC3\xA9 caf\xC3\xA9 caf\xC3\xA9 caf\xC3\xA9 "
	    "caf\xC3\xA9 caf\xC3\xA9 caf\xC3\xA9 caf\xC3\xA9 with one stray "
	    "\xFF byte and a cut \xE2\x80 sequence.</p></body></html>";
	/* surrogates, overlongs, past U+10FFFF: valid UTF-8 out, whatever it decodes as */
	static const char broken[] =
	    "<p>\xED\xA0\x80 \xC0\xAF \xF4\x90\x80\x80 \xF8\x88\x80\x80\x80 "
	    "\xC3\xA9 \xE2\x82 end of a broken paragraph</p>";
	struct result r;

	run(&r, mostly, sizeof(mostly) - 1, "utf-8", NULL);
	T_EXPECT(r.rc == NW_OK);
	T_EXPECT(article_sane(&r.art));
	T_EXPECT(strstr(r.art.text, "Mostly UTF-8 \xE2\x80\x94 caf\xC3\xA9") != NULL);
	T_EXPECT(strstr(r.art.text, "stray \xEF\xBF\xBD byte") != NULL);
	done(&r);
	run(&r, broken, sizeof(broken) - 1, "utf-8", NULL);
	T_EXPECT(r.rc == NW_OK);
	T_EXPECT(article_sane(&r.art));
	done(&r);
	run(&r, broken, sizeof(broken) - 1, NULL, NULL);
	T_EXPECT(article_sane(&r.art));
	T_EXPECT(strstr(r.art.text, "end of a broken paragraph") != NULL);
	done(&r);
}

/* ---- hostile input ------------------------------------------------------- */

static void test_empty(void)
{
	struct result r;

	run(&r, "", 0, NULL, NULL);
	T_EXPECT(r.rc == NW_EPARSE);
	T_EXPECT(strstr(r.err.msg, "empty page") != NULL);
	T_EXPECT(article_sane(&r.art));
	done(&r);
	run(&r, " \r\n\t ", 5, NULL, "https://x.example/");
	T_EXPECT(r.rc == NW_EPARSE);
	T_EXPECT(strstr(r.err.msg, "https://x.example/") != NULL);
	done(&r);
	run(&r, NULL, 0, NULL, NULL);
	T_EXPECT(r.rc == NW_EPARSE);
	done(&r);
	/* no element at all, only a comment */
	run(&r, "<!-- nothing -->", 16, NULL, NULL);
	T_EXPECT(r.rc == NW_EPARSE || (r.rc == NW_OK && r.art.text_len == 0));
	done(&r);
}

static void test_deep_nesting(void)
{
	const size_t depth = 100000;
	static const char *const opens[] = {"<div>", "<b>", "<div><p>", "<table><tr><td>",
					    "<a href=x>"};
	struct nw_buf b;
	struct result r;
	size_t i, k;

	for (k = 0; k < sizeof(opens) / sizeof(opens[0]); k++) {
		nw_buf_init(&b, NW_BUF_NOCAP);
		nw_buf_addstr(&b, "<html><body>");
		for (i = 0; i < depth; i++)
			nw_buf_addstr(&b, opens[k]);
		nw_buf_addstr(
		    &b, "A sentence deep inside, with commas, long enough to be a paragraph.");
		if (k == 0)
			for (i = 0; i < depth; i++)
				nw_buf_addstr(&b, "</div>");
		run(&r, b.data, b.len, NULL, NULL);
		T_EXPECT(r.rc == NW_OK || r.rc == NW_EPARSE);
		T_EXPECT(article_sane(&r.art));
		done(&r);
		nw_buf_release(&b);
	}
}

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 16;
}

static const char *const pieces[] = {"<",
				     ">",
				     "</",
				     "<p>",
				     "<div class=\"",
				     "\"",
				     "&amp",
				     "&#",
				     ";",
				     "<script>",
				     "<!--",
				     "-->",
				     "\xFF",
				     "\xC3",
				     "\0",
				     " ",
				     "\n",
				     "<meta charset=",
				     "utf-16",
				     "<br>",
				     "<article>",
				     "<h1>",
				     "<time datetime=\""};

static void add_piece(struct nw_buf *b, size_t i)
{
	/* "\0" is one byte, a NUL */
	nw_buf_add(b, pieces[i], pieces[i][0] ? strlen(pieces[i]) : 1);
}

static void test_junk(void)
{
	struct nw_buf b;
	struct result r;
	uint32_t seed;
	size_t i;

	for (seed = 1; seed <= 24; seed++) {
		uint32_t s = seed;

		nw_buf_init(&b, NW_BUF_NOCAP);
		for (i = 0; i < 20000; i++) {
			if (seed % 2)
				nw_buf_addch(&b, (int)(lcg(&s) & 0xFF));
			else
				add_piece(&b, lcg(&s) % (sizeof(pieces) / sizeof(pieces[0])));
		}
		run(&r, b.data, b.len, seed % 3 ? NULL : "utf-8", NULL);
		T_EXPECT(r.rc == NW_OK || r.rc == NW_EPARSE);
		T_EXPECT(article_sane(&r.art));
		done(&r);
		nw_buf_release(&b);
	}
}

/* Every fixture cut short at several points still extracts (or fails cleanly). */
static void test_truncated(void)
{
	DIR *d = opendir(PAGES);
	struct dirent *de;

	T_ASSERT(d != NULL);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name), n, cut;
		char *html;

		if (len < 6 || strcmp(de->d_name + len - 5, ".html") ||
		    !(html = page(de->d_name, &n)))
			continue;
		for (cut = 1; cut < n; cut += n / 13 + 1) {
			struct result r;

			run(&r, html, cut, NULL, NULL);
			T_EXPECT(r.rc == NW_OK || r.rc == NW_EPARSE);
			T_EXPECT(article_sane(&r.art));
			done(&r);
		}
		free(html);
	}
	closedir(d);
}

static void test_hostile_jsonld(void)
{
	struct nw_buf b;
	struct result r;
	size_t i;

	nw_buf_init(&b, NW_BUF_NOCAP);
	nw_buf_addstr(&b, "<html><head><script type=\"application/ld+json\">");
	for (i = 0; i < 5000; i++)
		nw_buf_addstr(&b, "{\"@graph\":[");
	nw_buf_addstr(&b,
		      "</script><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
		      "\"author\":[1,{\"name\":null},{\"name\":\"Real Name\"}],"
		      "\"datePublished\":42,\"articleBody\":\"<p>Body in JSON-LD, "
		      "as HTML, long enough to be chosen over the page.</p><script>x()<\\/script>"
		      "<p>Second paragraph of the JSON-LD body.</p>\"}</script></head><body>"
		      "<div>Loading</div></body></html>");
	run(&r, b.data, b.len, NULL, NULL);
	T_EXPECT(r.rc == NW_OK);
	T_STREQ(r.art.author, "Real Name");
	T_EXPECT(r.art.published == NW_DATE_NONE);
	T_STREQ(r.art.text, "Body in JSON-LD, as HTML, long enough to be chosen over the page.\n\n"
			    "Second paragraph of the JSON-LD body.");
	done(&r);
	nw_buf_release(&b);
}

/* A layout word on the page wrapper ("with-sidebar") must not take the article with it. */
static void test_layout_wrapper(void)
{
	static const char *const paras[] = {
	    "<p>The finance ministry said on Tuesday that it would freeze the accounts of three "
	    "exporters, citing violations of the arms embargo.</p>",
	    "<p>Officials declined to name the companies but said they had shipped dual-use "
	    "machine parts through a free zone.</p>",
	    "<p>The exporters have thirty days to appeal, according to the decree, which takes "
	    "effect immediately.</p>",
	    "<p>Trade groups warned that the measures could delay legitimate shipments while "
	    "banks check which transactions are affected.</p>",
	    "<p>The ministry has frozen the assets of eleven companies this year, compared with "
	    "four in the whole of last year.</p>",
	};
	static const size_t counts[] = {5, 2};
	size_t k, i;

	/* five paragraphs: kept by size; two: kept by the second try without hints */
	for (k = 0; k < 2; k++) {
		struct nw_buf b;
		struct result r;

		nw_buf_init(&b, NW_BUF_NOCAP);
		nw_buf_addstr(&b, "<html><body><div id=\"wrapper\" class=\"layout with-sidebar\">"
				  "<div class=\"left\">");
		for (i = 0; i < counts[k]; i++)
			nw_buf_addstr(&b, paras[i]);
		nw_buf_addstr(&b, "</div><div class=\"sidebar\"><ul><li><a href=\"/a\">One</a></li>"
				  "<li><a href=\"/b\">Two</a></li></ul></div></div></body></html>");
		run(&r, b.data, b.len, NULL, NULL);
		T_EXPECT(r.rc == NW_OK);
		T_EXPECT(strstr(r.art.text, "The finance ministry said") != NULL);
		T_EXPECT(strstr(r.art.text, "Officials declined") != NULL);
		T_EXPECT(!strstr(r.art.text, "One"));
		done(&r);
		nw_buf_release(&b);
	}
}

/* Bylines come in many shapes; the author is the name alone. */
static void test_author_shapes(void)
{
	static const struct {
		const char *byline, *want;
	} cases[] = {
	    {"<div class=\"art-author\">Sam Ortiz ,</div>", "Sam Ortiz"},
	    {"<p class=\"byline\">By <a href=\"/s/jr\">Jane Roe</a> | Reuters</p>", "Jane Roe"},
	    {"<span class=\"author-name\">BY: Lee Park</span>", "Lee Park"},
	    {"<p>By Omar Haddad</p>", "Omar Haddad"}, /* a plain "By" line, the last resort */
	    {"<div class=\"author\">https://social.example/someone</div>", NULL},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nw_buf b;
		struct result r;

		nw_buf_init(&b, NW_BUF_NOCAP);
		nw_buf_addstr(&b,
			      "<html><body><div class=\"story\"><h1>Headline of the story</h1>");
		nw_buf_addstr(&b, cases[i].byline);
		nw_buf_addstr(
		    &b, "<p>The body of the story is one paragraph, long enough, with a comma.</p>"
			"</div></body></html>");
		run(&r, b.data, b.len, NULL, NULL);
		T_STREQ(r.art.author, cases[i].want);
		T_EXPECT(!strstr(r.art.text, "Sam Ortiz") && !strstr(r.art.text, "Jane Roe"));
		T_EXPECT(!strstr(r.art.text, "Omar Haddad"));
		done(&r);
		nw_buf_release(&b);
	}
}

/* A plain-text articleBody with entities is decoded, one paragraph a line. */
static void test_jsonld_entities(void)
{
	static const char html[] =
	    "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
	    "\"articleBody\":\"It&#8217;s the first line &amp; it is long enough to count.\\n"
	    "Smith &amp; Sons were listed on "
	    "Monday.\"}</script></head><body><p>Hi</p></body></html>";
	struct result r;

	run(&r, html, sizeof(html) - 1, NULL, NULL);
	T_EXPECT(r.rc == NW_OK);
	T_STREQ(r.art.text, "It\xE2\x80\x99s the first line & it is long enough to count.\n\n"
			    "Smith & Sons were listed on Monday.");
	done(&r);
}

static void setup(void)
{
	xmlInitParser();
}

static void teardown(void)
{
	xmlCleanupParser();
}

T_MAIN(T_CASE(setup), T_CASE(test_f1_itself), T_CASE(test_fixture_pages), T_CASE(test_metadata),
       T_CASE(test_fallbacks_without_meta), T_CASE(test_date_banner_ignored),
       T_CASE(test_boilerplate_gone), T_CASE(test_blockquote_kept), T_CASE(test_json_output),
       T_CASE(test_no_paragraph_twice), T_CASE(test_url_rules), T_CASE(test_lang_rules),
       T_CASE(test_charset_sniff), T_CASE(test_charset_decoding), T_CASE(test_invalid_utf8),
       T_CASE(test_empty), T_CASE(test_deep_nesting), T_CASE(test_junk), T_CASE(test_truncated),
       T_CASE(test_hostile_jsonld), T_CASE(test_jsonld_entities), T_CASE(test_layout_wrapper),
       T_CASE(test_author_shapes), T_CASE(teardown))
