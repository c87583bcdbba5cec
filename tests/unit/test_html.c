/*
 * test_html.c - nw_html_fragment_text over a table of fragments (input,
 * expected plain text), plus hostile input: deep nesting, huge input,
 * invalid UTF-8, NULs and the output cap.
 */
#include <string.h>

#include <libxml/parser.h>

#include "err.h"
#include "buf.h"
#include "utf8.h"
#include "html.h"
#include "t.h"

struct html_case {
	const char *in;
	const char *want;
};

static const struct html_case html_cases[] = {
    {"", ""},
    {"   \n\t ", ""},
    {"Plain headline", "Plain headline"},
    {"  Padded   headline  ", "Padded headline"},
    {"Ministry &amp; bank named", "Ministry & bank named"},
    {"AT&T and a < b > c", "AT&T and a < b > c"},
    {"caf&eacute; &#8212; &#x4E2D;", "caf\xC3\xA9 \xE2\x80\x94 \xE4\xB8\xAD"},
    {"non&nbsp;breaking&nbsp;&nbsp;space", "non breaking space"},
    {"<p>Hello</p>", "Hello"},
    {"<p>One</p><p>Two</p>", "One\n\nTwo"},
    {"<p>One</p>\n\n   <p>Two</p>\n", "One\n\nTwo"},
    {"<div><div><p>Deep</p></div></div><div>Next</div>", "Deep\n\nNext"},
    {"line one<br>line two<br/>line three", "line one\nline two\nline three"},
    {"line<br><br><br>gap", "line\ngap"},
    {"<ul><li>first</li><li>second</li></ul>after", "first\nsecond\n\nafter"},
    {"<h2>Title</h2>Body text", "Title\n\nBody text"},
    {"<blockquote>Quoted</blockquote>tail", "Quoted\n\ntail"},
    {"<b>Bold</b> and <i>italic</i> inline", "Bold and italic inline"},
    {"no<b>space</b>joined", "nospacejoined"},
    {"<a href=\"/x\">link</a> text", "link text"},
    {"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"},
    {"before<script>var s = '<p>x</p>';</script>after", "beforeafter"},
    {"before <style>p { color: red }</style> after", "before after"},
    {"<noscript>enable js</noscript>shown", "shown"},
    {"<template><p>hidden</p></template>shown", "shown"},
    {"a<!-- comment -->b", "ab"},
    {"<img src=\"x.png\" alt=\"pic\">caption", "caption"},
    {"<pre>one\ntwo   three</pre>", "one\ntwo three"},
    {"<p>unclosed <b>bold <i>both", "unclosed bold both"},
    {"</p></div>stray closers", "stray closers"},
    {"&lt;p&gt;Hello&lt;/p&gt;", "Hello"},
    {"&lt;p&gt;One&lt;/p&gt;&lt;p&gt;Two &amp;amp; three&lt;/p&gt;", "One\n\nTwo & three"},
    {"&lt;a href=&quot;http://example.org/&quot;&gt;Board&lt;/a&gt; named", "Board named"},
    {"first&lt;br&gt;second", "first\nsecond"},
    {"&lt;b&gt;x&lt;/b&gt;", "x"},
    /* text that merely mentions angle brackets is not markup */
    {"if a &lt; b and c &gt; d", "if a < b and c > d"},
    {"&lt;notatag&gt; stays", "<notatag> stays"},
    {"\xE2\x80\x83"
     "em"
     "\xE3\x80\x80"
     "spaces",
     "em spaces"},
    {"<P>UPPER</P><BR>CASE", "UPPER\n\nCASE"},
    {"<B>UP</B>PER<BR>CASE", "UPPER\nCASE"},
    {"<svg><title>icon</title></svg>Visible", "Visible"},
};

static void test_table(void)
{
	struct nw_buf b;
	size_t i;

	xmlInitParser(); /* as main() does; the first case runs first */
	nw_buf_init(&b, NW_BUF_NOCAP);
	for (i = 0; i < sizeof(html_cases) / sizeof(html_cases[0]); i++) {
		const char *in = html_cases[i].in;

		nw_buf_reset(&b);
		T_EXPECT(nw_html_fragment_text(in, strlen(in), &b) == NW_OK);
		if (strcmp(b.data, html_cases[i].want)) {
			printf("#   in:   \"%s\"\n", in);
			T_STREQ(b.data, html_cases[i].want);
		}
		T_EXPECT(nw_utf8_valid(b.data, b.len));
	}
	nw_buf_release(&b);
}

/* Output is appended, never replacing what the buffer held. */
static void test_appends(void)
{
	struct nw_buf b;

	nw_buf_init(&b, NW_BUF_NOCAP);
	nw_buf_addstr(&b, "prefix:");
	T_ASSERT(nw_html_fragment_text("<p>x</p>", 8, &b) == NW_OK);
	T_STREQ(b.data, "prefix:x");
	nw_buf_release(&b);
}

/* The length argument bounds the read; the text need not be terminated. */
static void test_length(void)
{
	struct nw_buf b;

	nw_buf_init(&b, NW_BUF_NOCAP);
	T_ASSERT(nw_html_fragment_text("<p>abc</p>TRAILING", 10, &b) == NW_OK);
	T_STREQ(b.data, "abc");
	nw_buf_release(&b);
}

static void test_invalid_utf8_and_nul(void)
{
	static const char in[] = "ok \xFF bad \xE2\x82 end\0after";
	struct nw_buf b;

	nw_buf_init(&b, NW_BUF_NOCAP);
	T_ASSERT(nw_html_fragment_text(in, sizeof(in) - 1, &b) == NW_OK);
	T_EXPECT(nw_utf8_valid(b.data, b.len));
	T_EXPECT(strlen(b.data) == b.len);
	/* each invalid byte becomes one U+FFFD, as nw_utf8_repair does */
	T_STREQ(b.data, "ok \xEF\xBF\xBD bad \xEF\xBF\xBD\xEF\xBF\xBD end after");
	nw_buf_release(&b);
}

/* 100,000 nested elements: no crash, no stack overflow, text kept or dropped. */
static void test_deep_nesting(void)
{
	struct nw_buf in, out;
	int i, ok = 1;

	nw_buf_init(&in, NW_BUF_NOCAP);
	nw_buf_init(&out, NW_BUF_NOCAP);
	for (i = 0; i < 100000 && ok; i++)
		ok = nw_buf_addstr(&in, "<div><b>") == NW_OK;
	T_ASSERT(ok);
	nw_buf_addstr(&in, "deep text");
	T_EXPECT(nw_html_fragment_text(in.data, in.len, &out) == NW_OK);
	T_EXPECT(nw_utf8_valid(out.data, out.len));
	nw_buf_release(&in);
	nw_buf_release(&out);
}

/* Several MiB of paragraphs go through, and the output cap is honoured. */
static void test_huge_and_cap(void)
{
	struct nw_buf in, out;
	int i, ok = 1;

	nw_buf_init(&in, NW_BUF_NOCAP);
	for (i = 0; i < 100000 && ok; i++)
		ok = nw_buf_addstr(&in, "<p>Sanctions text &amp; more words</p>") == NW_OK;
	T_ASSERT(ok);
	nw_buf_init(&out, NW_BUF_NOCAP);
	T_EXPECT(nw_html_fragment_text(in.data, in.len, &out) == NW_OK);
	T_EXPECT(out.len == 100000 * strlen("Sanctions text & more words") + 99999 * 2);
	nw_buf_release(&out);
	nw_buf_init(&out, 1000);
	T_EXPECT(nw_html_fragment_text(in.data, in.len, &out) == NW_ETOOBIG);
	T_EXPECT(out.len == 0);
	nw_buf_release(&out);
	nw_buf_release(&in);
}

/* Random bytes and tag soup never crash and always give valid UTF-8. */
static void test_junk(void)
{
	static const char *const pieces[] = {
	    "<p>", "</p>", "<", ">", "&",   "&amp;", "&lt;p&gt;", "\xFF",     "\xC3", "<script>",
	    "</",  "<!--", "x", " ", "<br", "\n",    "&#0;",	  "&#xD800;", "<pre>"};
	struct nw_buf in, out;
	unsigned seed = 12345;
	int round, i, bad = 0;

	nw_buf_init(&in, NW_BUF_NOCAP);
	nw_buf_init(&out, NW_BUF_NOCAP);
	for (round = 0; round < 2000; round++) {
		nw_buf_reset(&in);
		nw_buf_reset(&out);
		for (i = 0; i < 40; i++) {
			seed = seed * 1103515245u + 12345u;
			nw_buf_addstr(&in,
				      pieces[(seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]))]);
		}
		if (nw_html_fragment_text(in.data, in.len, &out) != NW_OK ||
		    !nw_utf8_valid(out.data, out.len) || strlen(out.data) != out.len)
			bad++;
	}
	T_EXPECT(bad == 0);
	nw_buf_release(&in);
	nw_buf_release(&out);
}

T_MAIN(T_CASE(test_table), T_CASE(test_appends), T_CASE(test_length),
       T_CASE(test_invalid_utf8_and_nul), T_CASE(test_deep_nesting), T_CASE(test_huge_and_cap),
       T_CASE(test_junk))
