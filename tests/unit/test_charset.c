/*
 * test_charset.c - charset decisions and decoding: the XML rules
 * (nw_charset_xml_sniff, nw_charset_xml_utf8) over a table of byte
 * strings, hints and the charset each must be read as, then decoding
 * results, lies and broken bytes; and the page rules (nw_charset_sniff,
 * nw_charset_utf8, nw_charset_of_content_type) that extract.c relies on,
 * so that the XML additions cannot change them.
 */
#include <string.h>

#include "err.h"
#include "buf.h"
#include "utf8.h"
#include "charset.h"
#include "t.h"

struct sniff_case {
	const char *bytes;
	size_t n; /* 0: strlen(bytes) */
	const char *hint, *want;
};

static const struct sniff_case xml_cases[] = {
    /* byte order marks win over everything */
    {"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r/>", 0, "koi8-r", "UTF-8"},
    {"\xFF\xFE<\0r\0/\0>\0", 10, "utf-8", "UTF-16LE"},
    {"\xFE\xFF\0<\0r\0/\0>", 10, NULL, "UTF-16BE"},
    /* UTF-16 without a BOM shows in its NULs */
    {"<\0?\0x\0m\0l\0", 10, NULL, "UTF-16LE"},
    {"\0<\0?\0x\0m\0l", 10, "windows-1251", "UTF-16BE"},
    /* declarations */
    {"<?xml version=\"1.0\" encoding=\"windows-1251\"?><r>\xCF\xF0\xE8</r>", 0, NULL,
     "windows-1251"},
    {"<?xml version='1.0' encoding='KOI8-R'?><r>\xF0\xD2\xC9</r>", 0, NULL, "koi8-r"},
    {"<?xml version=\"1.0\" encoding = \"Shift_JIS\" ?><r>\x93\xfa\x96\x7b</r>", 0, NULL, "CP932"},
    {"<?xml version=\"1.0\" encoding=\"GB2312\"?><r>\xD6\xD0\xCE\xC4</r>", 0, NULL, "GB18030"},
    {"<?xml version=\"1.0\" encoding=\"EUC-KR\"?><r>\xC7\xD1\xB1\xB9</r>", 0, NULL, "CP949"},
    {"<?xml version=\"1.0\" encoding=\"big5\"?><r>\xA4\xA4\xA4\xE5</r>", 0, NULL, "BIG5-HKSCS"},
    {"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>caf\xE9</r>", 0, NULL, "windows-1252"},
    {"<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><r>\xB3\xF3\x64\xBC</r>", 0, NULL,
     "iso-8859-2"},
    /* "encoding" must be the pseudo-attribute, not part of another word */
    {"<?xml version=\"1.0\" xencoding=\"koi8-r\"?><r>caf\xE9</r>", 0, NULL, "windows-1252"},
    /* junk before the declaration does not hide it */
    {"PHP Warning: x\n<?xml version=\"1.0\" encoding=\"koi8-r\"?><r>\xF0\xD2\xC9</r>", 0, NULL,
     "koi8-r"},
    /* the HTTP charset beats the declaration... */
    {"<?xml version=\"1.0\" encoding=\"ISO-8859-5\"?><r>\xF0\xD2\xC9</r>", 0, "koi8-r", "koi8-r"},
    /* ...unless it is the Latin-1 a server adds by default */
    {"<?xml version=\"1.0\" encoding=\"koi8-r\"?><r>\xF0\xD2\xC9</r>", 0, "ISO-8859-1", "koi8-r"},
    {"<?xml version=\"1.0\" encoding=\"koi8-r\"?><r>\xF0\xD2\xC9</r>", 0, "us-ascii", "koi8-r"},
    /* ...or UTF-8 that the bytes refute */
    {"<?xml version=\"1.0\" encoding=\"windows-1251\"?><r>\xCF\xF0\xE8</r>", 0, "utf-8",
     "windows-1251"},
    /* no declaration: the HTTP charset alone */
    {"<r>\xCF\xF0\xE8\xE2\xE5\xF2</r>", 0, "windows-1251", "windows-1251"},
    /* lies: valid UTF-8 with multi-byte sequences is UTF-8 */
    {"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>caf\xC3\xA9</r>", 0, NULL, "UTF-8"},
    {"<?xml version=\"1.0\" encoding=\"windows-1251\"?><r>\xD0\x9C\xD0\xB8\xD1\x80</r>", 0, NULL,
     "UTF-8"},
    {"<r>caf\xC3\xA9</r>", 0, "shift_jis", "UTF-8"},
    {"<?xml version=\"1.0\" encoding=\"UTF-8\"?><r>caf\xE9</r>", 0, NULL, "windows-1252"},
    {"<r>caf\xE9</r>", 0, NULL, "windows-1252"},
    /* mostly UTF-8 with a stray byte is still UTF-8 */
    {"<r>\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 \x92</r>", 0, "windows-1252", "UTF-8"},
    /* UTF-16 claimed by bytes without NULs was transcoded on the way */
    {"<?xml version=\"1.0\" encoding=\"UTF-16\"?><r>plain</r>", 0, NULL, "UTF-8"},
    {"<r>plain</r>", 0, "utf-16", "UTF-8"},
    /* pure ASCII: the declaration, which matters for 7-bit encodings */
    {"<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><r>\x1b$BF|K\\\x1b(B</r>", 0, NULL,
     "iso-2022-jp"},
    {"<r>plain</r>", 0, NULL, "UTF-8"},
    /* labels nobody knows are ignored */
    {"<?xml version=\"1.0\" encoding=\"x-unheard-of\"?><r>caf\xE9</r>", 0, "no such",
     "windows-1252"},
    {"<?xml version=\"1.0\" encoding=\"x-unheard-of\"?><r>plain</r>", 0, NULL, "UTF-8"},
    {"", 0, NULL, "UTF-8"},
};

static void test_xml_sniff(void)
{
	char name[NW_CHARSET_NAME_SIZE];
	size_t i, n;

	for (i = 0; i < sizeof(xml_cases) / sizeof(xml_cases[0]); i++) {
		n = xml_cases[i].n ? xml_cases[i].n : strlen(xml_cases[i].bytes);
		nw_charset_xml_sniff(xml_cases[i].bytes, n, xml_cases[i].hint, name);
		if (strcmp(name, xml_cases[i].want))
			printf("#   case %zu\n", i);
		T_STREQ(name, xml_cases[i].want);
	}
}

/* Decode to UTF-8 and compare; NULL want: only check validity. */
static void expect_xml(const char *bytes, size_t n, const char *hint, const char *want,
		       const char *want_name)
{
	char name[NW_CHARSET_NAME_SIZE];
	struct nw_buf conv;
	const char *out;
	size_t outn;

	nw_buf_init(&conv, NW_BUF_NOCAP);
	T_ASSERT(nw_charset_xml_utf8(bytes, n, hint, &conv, &out, &outn, name) == NW_OK);
	T_EXPECT(nw_utf8_valid(out, outn));
	T_STREQ(name, want_name);
	if (want && (outn != strlen(want) || memcmp(out, want, outn))) {
		printf("#   got \"%.*s\"\n#   want \"%s\"\n", (int)outn, out, want);
		T_EXPECT(!"decoded text differs");
	}
	nw_buf_release(&conv);
}

#define LIT(s) s, sizeof(s) - 1

static void test_xml_decode(void)
{
	static const char le[] = "\xFF\xFE<\0r\0>\0\x1F\x04\x40\x04<\0/\0r\0>\0";
	static const char be_nobom[] = "\0<\0r\0>\x04\x1F\x04\x40\0<\0/\0r\0>";
	static const char odd[] = "\xFF\xFE<\0r\0>\0x"; /* a cut code unit at the end */

	/* valid UTF-8 is passed through without a copy, minus its BOM */
	expect_xml(LIT("\xEF\xBB\xBF<r>\xC3\xA9</r>"), NULL, "<r>\xC3\xA9</r>", "UTF-8");
	expect_xml(le, sizeof(le) - 1, NULL, "<r>\xD0\x9F\xD1\x80</r>", "UTF-16LE");
	expect_xml(be_nobom, sizeof(be_nobom) - 1, NULL, "<r>\xD0\x9F\xD1\x80</r>", "UTF-16BE");
	expect_xml(odd, sizeof(odd) - 1, NULL, "<r>\xEF\xBF\xBD", "UTF-16LE");
	/* windows-1252, the five undefined bytes as C1 controls */
	expect_xml(LIT("<r>\x93q\x94 \x80 \x81</r>"), NULL,
		   "<r>\xE2\x80\x9Cq\xE2\x80\x9D \xE2\x82\xAC \xC2\x81</r>", "windows-1252");
	/* mostly UTF-8: the stray byte is read as windows-1252, not dropped */
	expect_xml(LIT("<r>\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 it\x92s</r>"), NULL,
		   "<r>\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 it\xE2\x80\x99s</r>", "UTF-8");
	/* KOI8-R and windows-1251 by declaration */
	expect_xml(LIT("<?xml version=\"1.0\" encoding=\"KOI8-R\"?><r>\xF0\xD2\xC9</r>"), NULL,
		   "<?xml version=\"1.0\" encoding=\"KOI8-R\"?><r>\xD0\x9F\xD1\x80\xD0\xB8</r>",
		   "koi8-r");
	/* Shift_JIS with a broken pair: U+FFFD, and decoding goes on */
	expect_xml(
	    LIT("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><r>\x93\xfa\x81\x20\x96\x7b</r>"),
	    NULL, NULL, "CP932");
	/* junk of every byte value comes out valid */
	{
		char junk[512];
		size_t i;

		for (i = 0; i < sizeof(junk); i++)
			junk[i] = (char)(i * 7 + 3);
		expect_xml(junk, sizeof(junk), NULL, NULL, "windows-1252");
		expect_xml(junk, sizeof(junk), "utf-16", NULL, "windows-1252");
		expect_xml(junk, sizeof(junk), "gb18030", NULL, "GB18030");
		expect_xml(junk, sizeof(junk), "big5", NULL, "BIG5-HKSCS");
	}
}

/* The conversion buffer's cap is honoured. */
static void test_xml_cap(void)
{
	static const char cp1252[] = "<r>\xE9\xE9\xE9\xE9\xE9\xE9\xE9\xE9</r>";
	struct nw_buf conv;
	const char *out;
	size_t outn;

	nw_buf_init(&conv, 8);
	T_EXPECT(nw_charset_xml_utf8(cp1252, sizeof(cp1252) - 1, NULL, &conv, &out, &outn, NULL) ==
		 NW_ETOOBIG);
	nw_buf_release(&conv);
}

/* The page rules extract.c uses are unchanged by the XML ones. */
static void test_page_sniff(void)
{
	static const struct sniff_case cases[] = {
	    {"\xEF\xBB\xBF<p>x</p>", 0, "iso-8859-1", "UTF-8"},
	    {"<meta charset=\"windows-1251\"><p>x</p>", 0, "utf-8", "UTF-8"},
	    {"<meta charset=\"windows-1251\"><p>x</p>", 0, NULL, "windows-1251"},
	    {"<meta charset=utf-16>plain", 0, NULL, "UTF-8"},
	    {"<p>caf\xE9</p>", 0, NULL, "windows-1252"},
	    {"<p>caf\xC3\xA9</p>", 0, "iso-8859-1", "UTF-8"},
	    /* a page's XML declaration is not one of the page rules */
	    {"<?xml version=\"1.0\" encoding=\"koi8-r\"?><p>\xF0\xD2\xC9</p>", 0, NULL,
	     "windows-1252"},
	};
	char name[NW_CHARSET_NAME_SIZE];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nw_charset_sniff(cases[i].bytes, strlen(cases[i].bytes), cases[i].hint, name);
		T_STREQ(name, cases[i].want);
	}
}

static void test_content_type(void)
{
	static const struct {
		const char *ctype, *want;
	} cases[] = {
	    {"application/rss+xml; charset=UTF-8", "UTF-8"},
	    {"text/xml;charset=\"windows-1251\"", "windows-1251"},
	    {"text/xml; Charset=koi8-r; foo=bar", "koi8-r"},
	    {"text/xml", ""},
	    {NULL, ""},
	    {"text/xml; charset=0123456789012345678901234567890123456789012345", ""},
	};
	char out[NW_CHARSET_NAME_SIZE];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		T_STREQ(nw_charset_of_content_type(cases[i].ctype, out, sizeof(out)),
			cases[i].want);
}

T_MAIN(T_CASE(test_xml_sniff), T_CASE(test_xml_decode), T_CASE(test_xml_cap),
       T_CASE(test_page_sniff), T_CASE(test_content_type))
