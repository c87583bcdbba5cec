/*
 * fuzz_html.c - libFuzzer target for nw_html_fragment_text.
 *
 * The bytes are a feed title, summary or content: an HTML fragment that may
 * be escaped twice, cut in the middle of a tag or not UTF-8 at all.  The
 * text appended must be valid UTF-8, and what the buffer held before must
 * stay untouched (the function appends; callers build records that way).
 *
 * Seeds: tests/fuzz/corpus/html/ (small fragments written for this target
 * plus a few fixture pages).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>

#include "buf.h"
#include "err.h"
#include "fuzz.h"
#include "html.h"

#define PREFIX "prefix:"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xmlInitParser();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_buf b;

	/* a cap well above what any fragment can expand to, to catch runaway growth */
	nw_buf_init(&b, 64u << 20);
	nw_buf_addstr(&b, PREFIX);
	if (nw_html_fragment_text((const char *)data, size, &b) == NW_OK) {
		if (b.len < strlen(PREFIX) || memcmp(b.data, PREFIX, strlen(PREFIX)))
			fuzz_fail("nw_html_fragment_text", "overwrote the buffer's contents",
				  b.data, b.len);
		fuzz_utf8n("nw_html_fragment_text", b.data, b.len);
	}
	nw_buf_release(&b);
	return 0;
}
