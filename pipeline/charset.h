/*
 * charset.h - deciding a page's character set and turning it into UTF-8.
 *
 * The order is the one browsers use, minus the guessing: a byte order mark,
 * then the HTTP charset, then a <meta charset> or <meta http-equiv> in the
 * first 2 KiB, then UTF-8 when the bytes are valid UTF-8, else
 * windows-1252.  Labels follow the WHATWG Encoding Standard where it
 * matters (iso-8859-1, latin1 and us-ascii all mean windows-1252; a <meta>
 * claiming UTF-16 means UTF-8).  Declarations lie: a declared UTF-8 page
 * with no valid multi-byte sequence but invalid bytes is windows-1252, and
 * a declared Latin page whose bytes are valid UTF-8 with multi-byte
 * sequences is UTF-8.
 *
 * Decoding happens here rather than inside libxml2: libxml2 2.9 stops the
 * parse at the first byte iconv rejects (windows-1252 leaves five bytes
 * undefined) and reports it through its global error handler, which would
 * print.  Here every undecodable byte becomes U+FFFD and decoding goes on.
 * The result is always valid UTF-8.
 */
#ifndef NW_CHARSET_H
#define NW_CHARSET_H

#include <stddef.h>

struct nw_buf;

/* Room for a charset name: canonical names and labels passed to iconv. */
#define NW_CHARSET_NAME_SIZE 41

/*
 * The charset parameter of an HTTP Content-Type ("text/html; charset=UTF-8"),
 * into out (size bytes, at least NW_CHARSET_NAME_SIZE); "" when there is
 * none or it does not fit.  ctype may be NULL.  Returns out, for passing on
 * as a hint ("" means none).
 */
const char *nw_charset_of_content_type(const char *ctype, char *out, size_t size);

/*
 * Decide the charset of the n bytes at s.  hint is the HTTP Content-Type
 * charset or NULL.  Writes the canonical name ("UTF-8", "windows-1252",
 * "UTF-16LE", "UTF-16BE" or an iconv label such as "shift_jis") into name
 * and returns the length of a byte order mark to skip (0 when none).
 */
size_t nw_charset_sniff(const char *s, size_t n, const char *hint, char name[NW_CHARSET_NAME_SIZE]);

/*
 * The n bytes at s as valid UTF-8.  *out and *outn are set to s itself
 * (minus a BOM) when it already is valid UTF-8, else to conv's contents,
 * where the decoded bytes are appended.  The name decided is written to
 * name (may be NULL).  Returns NW_OK, NW_ENOMEM or NW_ETOOBIG (conv's cap).
 */
int nw_charset_utf8(const char *s, size_t n, const char *hint, struct nw_buf *conv,
		    const char **out, size_t *outn, char *name);

/*
 * The same two for an XML document (a feed), whose rules differ from a
 * page's (RFC 7303 and what feed readers learned):
 *  - a byte order mark wins; without one, a document whose first bytes
 *    alternate with NULs is UTF-16 of that byte order;
 *  - bytes that are valid UTF-8 with multi-byte sequences (or mostly so:
 *    at most one stray byte in five sequences) are UTF-8, whatever is
 *    declared: a feed declaring ISO-8859-1, windows-1251 or Shift_JIS
 *    whose bytes are UTF-8 lies, as real legacy text is almost never
 *    valid UTF-8;
 *  - otherwise the HTTP charset, then the XML declaration's encoding=,
 *    except that a claim of UTF-8 the bytes refute is passed over, and a
 *    Latin-1 HTTP charset (a server default) yields to a different
 *    declaration;
 *  - otherwise UTF-8 for pure ASCII, else windows-1252.
 * When UTF-8 is decided but some bytes are invalid (a windows-1252 quote
 * pasted into a UTF-8 feed), each stray byte is read as windows-1252
 * rather than dropped.  The XML declaration is left in the output: parse
 * it with its encoding ignored (NW_XML_UTF8_OPTS).
 */
size_t nw_charset_xml_sniff(const char *s, size_t n, const char *hint,
			    char name[NW_CHARSET_NAME_SIZE]);
int nw_charset_xml_utf8(const char *s, size_t n, const char *hint, struct nw_buf *conv,
			const char **out, size_t *outn, char *name);

#endif
