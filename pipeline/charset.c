/*
 * charset.c - a page's charset and its bytes as UTF-8; see charset.h.
 *
 * Pages and feeds (XML documents) have different rules; see charset.h.
 * Most documents are valid UTF-8 and cost one validation pass and no copy.
 * windows-1252 (and every Latin-1 label, which means the same on the web)
 * is decoded from a table here: it is the common fallback and iconv
 * rejects its five undefined bytes.  Everything else goes through iconv
 * with a fresh descriptor per call (no shared state), U+FFFD for each byte
 * it rejects.  Labels are at most 40 bytes of [a-z0-9._:-]; anything else
 * is not a label and is ignored.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "buf.h"
#include "utf8.h"
#include "charset.h"

#define SNIFF_BYTES 2048
#define REPLACEMENT "\xEF\xBF\xBD"

struct alias {
	const char *label, *name;
};

/* WHATWG labels that differ from what glibc's iconv would make of them. */
static const struct alias aliases[] = {
    {"utf-8", "UTF-8"},
    {"utf8", "UTF-8"},
    {"unicode-1-1-utf-8", "UTF-8"},
    {"x-unicode20utf8", "UTF-8"},
    {"windows-1252", "windows-1252"},
    {"cp1252", "windows-1252"},
    {"x-cp1252", "windows-1252"},
    {"iso-8859-1", "windows-1252"},
    {"iso8859-1", "windows-1252"},
    {"iso_8859-1", "windows-1252"},
    {"iso88591", "windows-1252"},
    {"iso_8859-1:1987", "windows-1252"},
    {"latin1", "windows-1252"},
    {"l1", "windows-1252"},
    {"cp819", "windows-1252"},
    {"ibm819", "windows-1252"},
    {"iso-ir-100", "windows-1252"},
    {"csisolatin1", "windows-1252"},
    {"us-ascii", "windows-1252"},
    {"ascii", "windows-1252"},
    {"ansi_x3.4-1968", "windows-1252"},
    {"x-user-defined", "windows-1252"},
    {"utf-16", "UTF-16LE"},
    {"utf-16le", "UTF-16LE"},
    {"utf-16be", "UTF-16BE"},
    {"gb2312", "GB18030"},
    {"gbk", "GB18030"},
    {"x-gbk", "GB18030"},
    {"chinese", "GB18030"},
    {"gb18030", "GB18030"},
    {"shift_jis", "CP932"},
    {"shift-jis", "CP932"},
    {"sjis", "CP932"},
    {"x-sjis", "CP932"},
    {"ms_kanji", "CP932"},
    {"windows-31j", "CP932"},
    {"euc-kr", "CP949"},
    {"ks_c_5601-1987", "CP949"},
    {"windows-949", "CP949"},
    {"big5", "BIG5-HKSCS"},
    {"big5-hkscs", "BIG5-HKSCS"},
    {"x-x-big5", "BIG5-HKSCS"},
};

/* windows-1252 0x80-0x9F; the undefined five map to C1 controls (WHATWG). */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

struct utf8_stats {
	size_t multibyte; /* valid sequences of 2-4 bytes */
	size_t invalid;	  /* bytes that start no valid sequence */
};

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static struct utf8_stats utf8_scan(const char *s, size_t n)
{
	struct utf8_stats st = {0, 0};
	size_t i = 0, k;
	uint64_t w;
	uint32_t cp;

	while (i < n) {
		if (n - i >= 8) {
			memcpy(&w, s + i, 8);
			if (!(w & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
		} else if ((k = nw_utf8_decode(s + i, n - i, &cp))) {
			st.multibyte++;
			i += k;
		} else {
			st.invalid++;
			i++;
		}
	}
	return st;
}

/* Mostly UTF-8 with a few broken bytes (a cut sequence, one stray byte). */
static int looks_utf8(struct utf8_stats st)
{
	return st.invalid == 0 || st.multibyte >= 4 * st.invalid;
}

/* Normalise a label: trim blanks and quotes, lowercase; 0 when not a label. */
static int label_norm(const char *s, size_t n, char out[NW_CHARSET_NAME_SIZE])
{
	size_t i, len = 0;

	while (n && strchr(" \t\r\n\"'", *s)) {
		s++;
		n--;
	}
	while (n && strchr(" \t\r\n\"';", s[n - 1]))
		n--;
	if (n == 0 || n >= NW_CHARSET_NAME_SIZE)
		return 0;
	for (i = 0; i < n; i++) {
		int c = lower((unsigned char)s[i]);

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("._:-", c)))
			return 0;
		out[len++] = (char)c;
	}
	out[len] = '\0';
	return 1;
}

static int iconv_knows(const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);

	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

/* Resolve a label to a name we can decode; 0 when we cannot. */
static int resolve(const char *label, size_t n, char name[NW_CHARSET_NAME_SIZE])
{
	char norm[NW_CHARSET_NAME_SIZE];
	size_t i;

	if (!label_norm(label, n, norm))
		return 0;
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		if (!strcmp(norm, aliases[i].label)) {
			strcpy(name, aliases[i].name);
			return 1;
		}
	}
	if (!iconv_knows(norm))
		return 0;
	strcpy(name, norm);
	return 1;
}

static const char *find_ci(const char *s, const char *end, const char *pat)
{
	size_t m = strlen(pat), i;

	for (; (size_t)(end - s) >= m; s++) {
		for (i = 0; i < m && lower((unsigned char)s[i]) == pat[i]; i++)
			;
		if (i == m)
			return s;
	}
	return NULL;
}

/* The charset label of the first <meta> that declares one in [s, end). */
static int sniff_meta(const char *s, const char *end, char name[NW_CHARSET_NAME_SIZE])
{
	const char *m, *tag_end, *p, *v;

	while ((m = find_ci(s, end, "<meta"))) {
		tag_end = memchr(m, '>', (size_t)(end - m));
		if (!tag_end)
			return 0;
		p = find_ci(m, tag_end, "charset");
		if (p) {
			p += 7;
			while (p < tag_end && strchr(" \t\r\n", *p))
				p++;
			if (p < tag_end && *p == '=') {
				p++;
				while (p < tag_end && strchr(" \t\r\n\"'", *p))
					p++;
				for (v = p; v < tag_end && !strchr(" \t\r\n\"';/>", *v); v++)
					;
				if (resolve(p, (size_t)(v - p), name)) {
					/* Readable as ASCII, so it is not really UTF-16. */
					if (!strncmp(name, "UTF-16", 6))
						strcpy(name, "UTF-8");
					return 1;
				}
			}
		}
		s = tag_end + 1;
	}
	return 0;
}

static size_t bom(const char *s, size_t n, char name[NW_CHARSET_NAME_SIZE])
{
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		strcpy(name, "UTF-8");
		return 3;
	}
	if (n >= 2 && !memcmp(s, "\xFF\xFE", 2)) {
		strcpy(name, "UTF-16LE");
		return 2;
	}
	if (n >= 2 && !memcmp(s, "\xFE\xFF", 2)) {
		strcpy(name, "UTF-16BE");
		return 2;
	}
	return 0;
}

/* The declared charset (HTTP, then <meta>), or 0 when none is usable. */
static int declared(const char *s, size_t n, const char *hint, char name[NW_CHARSET_NAME_SIZE])
{
	size_t head = n < SNIFF_BYTES ? n : SNIFF_BYTES;

	if (hint && resolve(hint, strlen(hint), name)) {
		/* UTF-16 text without a BOM has NULs in its ASCII half. */
		if (strncmp(name, "UTF-16", 6) || memchr(s, '\0', head))
			return 1;
	}
	return sniff_meta(s, s + head, name);
}

/* Trust, but check the two lies that are common and easy to see. */
static void settle(const char *s, size_t n, char name[NW_CHARSET_NAME_SIZE], int have,
		   struct utf8_stats *st)
{
	int is_utf8 = have && !strcmp(name, "UTF-8");
	int is_latin = have && !strcmp(name, "windows-1252");

	if (have && !is_utf8 && !is_latin)
		return;
	*st = utf8_scan(s, n);
	if (is_latin && st->invalid == 0 && st->multibyte > 0)
		is_latin = 0;
	if (is_latin)
		return;
	strcpy(name, looks_utf8(*st) ? "UTF-8" : "windows-1252");
}

static size_t sniff(const char *s, size_t n, const char *hint, char name[NW_CHARSET_NAME_SIZE],
		    struct utf8_stats *st)
{
	size_t skip = bom(s, n, name);

	st->multibyte = 0;
	st->invalid = 1; /* unknown until scanned */
	if (skip) {
		if (!strcmp(name, "UTF-8"))
			*st = utf8_scan(s + skip, n - skip);
		return skip;
	}
	settle(s, n, name, declared(s, n, hint, name), st);
	return 0;
}

size_t nw_charset_sniff(const char *s, size_t n, const char *hint, char name[NW_CHARSET_NAME_SIZE])
{
	struct utf8_stats st;

	return sniff(s, n, hint, name, &st);
}

static int decode_cp1252(const char *s, size_t n, struct nw_buf *out)
{
	char chunk[4096];
	size_t i, len = 0;
	int rc;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (len > sizeof(chunk) - 4) {
			if ((rc = nw_buf_add(out, chunk, len)))
				return rc;
			len = 0;
		}
		if (c < 0x80)
			chunk[len++] = (char)c;
		else
			len += nw_utf8_encode(c < 0xA0 ? cp1252_c1[c - 0x80] : c, chunk + len);
	}
	return nw_buf_add(out, chunk, len);
}

static int decode_iconv(const char *s, size_t n, const char *name, struct nw_buf *out)
{
	iconv_t cd = iconv_open("UTF-8", name);
	char chunk[8192], *in = (char *)s, *o;
	size_t left = n, room, unit = strncmp(name, "UTF-16", 6) ? 1 : 2;
	int rc = NW_OK, err;

	if (cd == (iconv_t)-1)
		return decode_cp1252(s, n, out);
	while (left > 0 && !rc) {
		o = chunk;
		room = sizeof(chunk);
		err = iconv(cd, &in, &left, &o, &room) == (size_t)-1 ? errno : 0;
		rc = nw_buf_add(out, chunk, (size_t)(o - chunk));
		if (rc || !err || err == E2BIG)
			continue;
		/* EILSEQ: skip one code unit; EINVAL: a sequence cut at the end */
		rc = nw_buf_add(out, REPLACEMENT, 3);
		if (err == EINVAL || left <= unit)
			break;
		in += unit;
		left -= unit;
	}
	iconv_close(cd);
	return rc;
}

/*
 * The n bytes at s, in charset name, as UTF-8: s itself when it already is
 * valid UTF-8, else decoded onto conv (invalid UTF-8 through fix_utf8).
 */
static int decode_as(const char *s, size_t n, const char *name, const struct utf8_stats *st,
		     int (*fix_utf8)(const char *, size_t, struct nw_buf *), struct nw_buf *conv,
		     const char **out, size_t *outn, char *name_out)
{
	size_t start = conv->len;
	int rc;

	if (name_out)
		strcpy(name_out, name);
	if (!strcmp(name, "UTF-8") && st->invalid == 0) {
		*out = s;
		*outn = n;
		return NW_OK;
	}
	if (!strcmp(name, "UTF-8"))
		rc = fix_utf8(s, n, conv);
	else if (!strcmp(name, "windows-1252"))
		rc = decode_cp1252(s, n, conv);
	else
		rc = decode_iconv(s, n, name, conv);
	if (rc)
		return rc;
	*out = conv->data + start;
	*outn = conv->len - start;
	return NW_OK;
}

static int repair_utf8(const char *s, size_t n, struct nw_buf *conv)
{
	return nw_utf8_repair(conv, s, n);
}

int nw_charset_utf8(const char *s, size_t n, const char *hint, struct nw_buf *conv,
		    const char **out, size_t *outn, char *name_out)
{
	char name[NW_CHARSET_NAME_SIZE];
	struct utf8_stats st;
	size_t skip = sniff(s, n, hint, name, &st);

	return decode_as(s + skip, n - skip, name, &st, repair_utf8, conv, out, outn, name_out);
}

/* ---- XML documents (feeds) ---- */

/*
 * UTF-16 without a byte order mark still shows itself: an XML document
 * starts with "<" or white space, ASCII, so every other byte is NUL.
 */
static int utf16_shape(const char *s, size_t n, char name[NW_CHARSET_NAME_SIZE])
{
	if (n < 4)
		return 0;
	if (s[0] && !s[1] && s[2] && !s[3]) {
		strcpy(name, "UTF-16LE");
		return 1;
	}
	if (!s[0] && s[1] && !s[2] && s[3]) {
		strcpy(name, "UTF-16BE");
		return 1;
	}
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * The encoding="..." of the XML declaration in the first SNIFF_BYTES
 * (found after junk, too: a PHP warning before "<?xml" is common).
 */
static int xml_declared(const char *s, size_t n, char name[NW_CHARSET_NAME_SIZE])
{
	const char *end = s + (n < SNIFF_BYTES ? n : SNIFF_BYTES);
	const char *d = find_ci(s, end, "<?xml"), *close, *p, *v;
	char quote;

	if (!d || !(close = find_ci(d, end, "?>")))
		return 0;
	for (p = d + 5; (p = find_ci(p, close, "encoding")); p += 8) {
		if (!is_blank(p[-1]))
			continue;
		for (v = p + 8; v < close && is_blank(*v); v++)
			;
		if (v == close || *v++ != '=')
			return 0;
		while (v < close && is_blank(*v))
			v++;
		if (v == close || (*v != '"' && *v != '\''))
			return 0;
		quote = *v++;
		for (p = v; p < close && *p != quote; p++)
			;
		return p < close && resolve(v, (size_t)(p - v), name);
	}
	return 0;
}

/*
 * The first declaration that is not UTF-8: the HTTP charset, then the XML
 * declaration.  A Latin-1 HTTP charset yields to a different declaration:
 * it is what servers add by default (Apache's AddDefaultCharset), while a
 * feed's own declaration was written for it.  UTF-16 claimed by a document
 * without NULs was transcoded on its way and is ignored.
 */
static int xml_candidate(const char *s, size_t n, const char *hint, char name[NW_CHARSET_NAME_SIZE])
{
	char http[NW_CHARSET_NAME_SIZE], decl[NW_CHARSET_NAME_SIZE];
	int have_http = hint && resolve(hint, strlen(hint), http);
	int have_decl = xml_declared(s, n, decl);

	if (have_http && !strncmp(http, "UTF-16", 6))
		have_http = 0;
	if (have_decl && !strncmp(decl, "UTF-16", 6))
		have_decl = 0;
	if (have_http && have_decl && !strcmp(http, "windows-1252") && strcmp(decl, http))
		have_http = 0;
	if (have_http && strcmp(http, "UTF-8")) {
		strcpy(name, http);
		return 1;
	}
	if (have_decl && strcmp(decl, "UTF-8")) {
		strcpy(name, decl);
		return 1;
	}
	return 0;
}

static size_t xml_sniff(const char *s, size_t n, const char *hint, char name[NW_CHARSET_NAME_SIZE],
			struct utf8_stats *st)
{
	size_t skip = bom(s, n, name);

	st->multibyte = 0;
	st->invalid = 1; /* unknown until scanned */
	if (skip || utf16_shape(s, n, name)) {
		if (!strcmp(name, "UTF-8"))
			*st = utf8_scan(s + skip, n - skip);
		return skip;
	}
	*st = utf8_scan(s, n);
	if (st->multibyte > 0 && looks_utf8(*st))
		strcpy(name, "UTF-8");
	else if (!xml_candidate(s, n, hint, name))
		strcpy(name, st->invalid ? "windows-1252" : "UTF-8");
	return 0;
}

size_t nw_charset_xml_sniff(const char *s, size_t n, const char *hint,
			    char name[NW_CHARSET_NAME_SIZE])
{
	struct utf8_stats st;

	return xml_sniff(s, n, hint, name, &st);
}

/* UTF-8 with stray bytes: each byte that starts no valid sequence is windows-1252. */
static int decode_utf8_mixed(const char *s, size_t n, struct nw_buf *out)
{
	size_t i = 0, start, k;
	uint32_t cp;
	int rc;

	while (i < n) {
		for (start = i; i < n && (k = nw_utf8_decode(s + i, n - i, &cp)); i += k)
			;
		if ((rc = nw_buf_add(out, s + start, i - start)))
			return rc;
		if (i < n && (rc = decode_cp1252(s + i++, 1, out)))
			return rc;
	}
	return NW_OK;
}

int nw_charset_xml_utf8(const char *s, size_t n, const char *hint, struct nw_buf *conv,
			const char **out, size_t *outn, char *name_out)
{
	char name[NW_CHARSET_NAME_SIZE];
	struct utf8_stats st;
	size_t skip = xml_sniff(s, n, hint, name, &st);

	/* a feed mostly in UTF-8 reads its stray bytes as windows-1252 */
	return decode_as(s + skip, n - skip, name, &st, decode_utf8_mixed, conv, out, outn,
			 name_out);
}

const char *nw_charset_of_content_type(const char *ctype, char *out, size_t size)
{
	const char *cs = ctype ? strcasestr(ctype, "charset=") : NULL;
	size_t n;

	out[0] = '\0';
	if (!cs)
		return out;
	cs += 8;
	cs += *cs == '"';
	n = strcspn(cs, "\"; \t");
	if (n < size) {
		memcpy(out, cs, n);
		out[n] = '\0';
	}
	return out;
}
