/*
 * fuzz_extract.c - libFuzzer target for nw_extract and nw_article_json.
 *
 * The bytes are an article page as a hostile server sends it.  The last
 * byte also picks the HTTP charset hint (mostly none; sometimes UTF-8, a
 * single-byte code page, UTF-16, a multi-byte CJK charset or a name no
 * decoder knows), so the charset detection and conversion paths are fuzzed
 * too.  On success the text must be valid UTF-8 of text_len bytes, lang
 * never NULL, the canonical URL absolute, and nw_article_json one JSON
 * object that jansson reads back.
 *
 * Seeds: tests/fuzz/corpus/extract/ (page fixtures and demo articles).
 */
#include <stddef.h>
#include <stdint.h>

#include <libxml/parser.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "extract.h"
#include "fuzz.h"

#define BASE_URL "https://news.example.org/world/2024/06/story.html"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xmlInitParser();
	return 0;
}

static void check_article(const struct nw_article *art)
{
	struct nw_buf b;
	json_t *root;

	fuzz_utf8("title", art->title);
	fuzz_utf8("author", art->author);
	if (!art->lang)
		fuzz_fail("lang", "NULL", NULL, 0);
	fuzz_utf8("lang", art->lang);
	fuzz_absolute_url("url", art->url);
	if (!art->text)
		fuzz_fail("text", "NULL", NULL, 0);
	fuzz_utf8n("text", art->text, art->text_len);

	nw_buf_init(&b, NW_BUF_NOCAP);
	if (nw_article_json(art, &b) != NW_OK)
		fuzz_fail("nw_article_json", "failed on an extracted article", NULL, 0);
	root = fuzz_json_object("nw_article_json", b.data, b.len);
	if (!json_is_string(json_object_get(root, "text")) ||
	    json_string_length(json_object_get(root, "text")) != art->text_len)
		fuzz_fail("nw_article_json", "\"text\" is not the article's text", b.data, b.len);
	json_decref(root);
	nw_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_arena a;
	struct nw_article art;

	nw_arena_init(&a);
	if (nw_extract((const char *)data, size, fuzz_charset_hint(data, size), BASE_URL, &a, &art,
		       NULL) == NW_OK)
		check_article(&art);
	nw_arena_release(&a);
	return 0;
}
