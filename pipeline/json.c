/*
 * json.c - JSON string escaping; see json.h.
 */
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "buf.h"
#include "utf8.h"
#include "json.h"

int nw_json_strn(struct nw_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, run = 0, k;
	uint32_t cp;
	int rc;

	if ((rc = nw_buf_addch(b, '"')))
		return rc;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		size_t elen = 0;

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			k = nw_utf8_decode(s + i, n - i, &cp);
			if (k && cp != 0x2028 && cp != 0x2029) {
				i += k;
				continue;
			}
			if (k) {
				memcpy(esc, cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
				elen = 6;
			} else {
				memcpy(esc, "\xEF\xBF\xBD", 3);
				elen = 3;
				k = 1;
			}
		} else {
			k = 1;
			esc[0] = '\\';
			elen = 2;
			switch (c) {
			case '"':
				esc[1] = '"';
				break;
			case '\\':
				esc[1] = '\\';
				break;
			case '\n':
				esc[1] = 'n';
				break;
			case '\r':
				esc[1] = 'r';
				break;
			case '\t':
				esc[1] = 't';
				break;
			default:
				memcpy(esc, "\\u00", 4);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
				elen = 6;
			}
		}
		if ((rc = nw_buf_add(b, s + run, i - run)) || (rc = nw_buf_add(b, esc, elen)))
			return rc;
		i += k;
		run = i;
	}
	if ((rc = nw_buf_add(b, s + run, n - run)))
		return rc;
	return nw_buf_addch(b, '"');
}

int nw_json_str(struct nw_buf *b, const char *s)
{
	if (!s)
		return nw_buf_add(b, "null", 4);
	return nw_json_strn(b, s, strlen(s));
}

int nw_json_key(struct nw_buf *b, const char *key)
{
	int rc = nw_json_str(b, key);

	return rc ? rc : nw_buf_addch(b, ':');
}
