/*
 * fuzz.h - checks shared by the libFuzzer targets in tests/fuzz/.
 *
 * A target calls one parser on the fuzzer's bytes, then checks the promises
 * its header makes: every string out is valid UTF-8, every JSON text parses
 * with jansson (no trailing bytes; \u0000 is allowed, as RFC 8259 allows it
 * and the pipeline escapes a NUL byte of raw input that way).  A broken promise
 * calls abort() after printing what broke, so libFuzzer saves the input as a
 * crash just as it does for a sanitizer report.
 *
 * Only tests/fuzz/ includes this; everything here is static inline so each
 * target carries its own copy and unused helpers cost no warning.
 */
#ifndef NW_FUZZ_H
#define NW_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "utf8.h"

/* Print why, with up to 200 bytes of the offending string, and abort. */
static inline void fuzz_fail(const char *what, const char *why, const char *s, size_t n)
{
	fprintf(stderr, "\nFUZZ CHECK FAILED: %s: %s\n", what, why);
	if (s) {
		fprintf(stderr, "  value (%zu bytes): \"", n);
		fwrite(s, 1, n < 200 ? n : 200, stderr);
		fprintf(stderr, "%s\"\n", n > 200 ? "..." : "");
	}
	abort();
}

/* s (n bytes) must be valid UTF-8. */
static inline void fuzz_utf8n(const char *what, const char *s, size_t n)
{
	if (!nw_utf8_valid(s, n))
		fuzz_fail(what, "not valid UTF-8", s, n);
}

/* A NUL-terminated string (NULL allowed: an absent field) must be UTF-8. */
static inline void fuzz_utf8(const char *what, const char *s)
{
	if (s)
		fuzz_utf8n(what, s, strlen(s));
}

/*
 * An HTTP charset hint picked by the input's last byte, as a server would
 * send it: half of the byte values mean "no hint", as most servers send
 * none; the rest name common, rare, misspelt-case and unknown charsets.
 */
static inline const char *fuzz_charset_hint(const uint8_t *data, size_t size)
{
	static const char *const hints[] = {"utf-8",
					    "UTF-8",
					    "iso-8859-1",
					    "windows-1251",
					    "windows-1252",
					    "utf-16",
					    "utf-16be",
					    "euc-kr",
					    "shift_jis",
					    "gb2312",
					    "big5",
					    "koi8-r",
					    "x-no-such-charset",
					    "us-ascii"};
	const size_t n = sizeof(hints) / sizeof(hints[0]);
	unsigned k;

	if (!size)
		return NULL;
	k = data[size - 1] % (2 * n);
	return k < n ? hints[k] : NULL;
}

/*
 * s (n bytes) must be one JSON object, valid UTF-8, accepted by jansson.
 * Returns the tree for further checks; the caller json_decref()s it.
 */
static inline json_t *fuzz_json_object(const char *what, const char *s, size_t n)
{
	json_error_t jerr;
	json_t *root;

	fuzz_utf8n(what, s, n);
	if (!(root = json_loadb(s, n, JSON_ALLOW_NUL, &jerr))) {
		char why[256];

		snprintf(why, sizeof(why), "jansson rejects it at byte %d: %s", jerr.position,
			 jerr.text);
		fuzz_fail(what, why, s, n);
	}
	if (!json_is_object(root))
		fuzz_fail(what, "JSON is not an object", s, n);
	return root;
}

/* An absolute URL (RFC 3986 scheme ":" ...); NULL allowed: an absent link. */
static inline void fuzz_absolute_url(const char *what, const char *url)
{
	const char *p = url;

	if (!url)
		return;
	fuzz_utf8(what, url);
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		fuzz_fail(what, "URL is not absolute (no scheme)", url, strlen(url));
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p != ':')
		fuzz_fail(what, "URL is not absolute (no scheme)", url, strlen(url));
}

#endif
