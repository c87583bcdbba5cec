/*
 * fuzz_feed.c - libFuzzer target for nw_feed_parse and nw_feed_json.
 *
 * The bytes are a feed document as fetched from a hostile server; the last
 * byte also picks the HTTP charset hint (mostly none; sometimes UTF-8, a
 * single-byte code page, UTF-16, a CJK charset or an unknown name), so the
 * charset decision and decoding are fuzzed too.  Whatever the bytes hold,
 * the parse must not crash, leak or hit UB; and when it succeeds every
 * string in the feed must be valid UTF-8, every link and canonical link
 * absolute (the base URL below is always given, so even a relative link
 * resolves), every item with a title have an id, at most NW_FEED_MAX_ITEMS
 * items kept, and nw_feed_json must produce one JSON object that jansson
 * reads back with the same number of items.
 *
 * Seeds: tests/fuzz/corpus/feed/ (the feed fixtures and demo feeds).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "feed.h"
#include "fuzz.h"

#define BASE_URL "https://feeds.example.org/news/rss.xml"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xmlInitParser();
	return 0;
}

static void check_item(const struct nw_feed_item *it)
{
	if (it->title && !it->id)
		fuzz_fail("nw_feed_parse", "an item with a title has no id", it->title,
			  strlen(it->title));
	fuzz_utf8("item id", it->id);
	fuzz_utf8("item title", it->title);
	fuzz_absolute_url("item link", it->link);
	fuzz_utf8("item author", it->author);
	fuzz_utf8("item summary", it->summary);
	fuzz_utf8("item content", it->content);
	fuzz_absolute_url("item canonical link", it->canonical_link);
	if (!it->link != !it->canonical_link && it->link)
		fuzz_fail("nw_feed_parse", "a link without a canonical link", it->link,
			  strlen(it->link));
}

static void check_json(const struct nw_feed *f)
{
	struct nw_buf b;
	json_t *root, *items;

	nw_buf_init(&b, NW_BUF_NOCAP);
	if (nw_feed_json(f, &b) != NW_OK)
		fuzz_fail("nw_feed_json", "failed on a parsed feed", NULL, 0);
	root = fuzz_json_object("nw_feed_json", b.data, b.len);
	items = json_object_get(root, "items");
	if (!json_is_array(items) || json_array_size(items) != f->nitems)
		fuzz_fail("nw_feed_json", "\"items\" is not an array of nitems objects", b.data,
			  b.len);
	json_decref(root);
	nw_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_arena a;
	struct nw_feed f;
	size_t i;

	nw_arena_init(&a);
	if (nw_feed_parse((const char *)data, size, fuzz_charset_hint(data, size), BASE_URL, &a, &f,
			  NULL) == NW_OK) {
		if (f.nitems > NW_FEED_MAX_ITEMS)
			fuzz_fail("nw_feed_parse", "more than NW_FEED_MAX_ITEMS items", NULL, 0);
		fuzz_utf8("feed format", f.format);
		fuzz_utf8("feed version", f.version);
		fuzz_utf8("feed encoding", f.encoding);
		fuzz_utf8("feed title", f.title);
		fuzz_absolute_url("feed link", f.link);
		for (i = 0; i < f.nitems; i++)
			check_item(&f.items[i]);
		check_json(&f);
	}
	nw_arena_release(&a);
	return 0;
}
