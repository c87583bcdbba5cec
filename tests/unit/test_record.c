/*
 * test_record.c - the archive record line (record.h, SPEC schema 1): the
 * fixed prefix and key order that grep relies on, one line however many
 * newlines and control characters the text holds, nulls for unknown
 * url/title/published, UTC ISO-8601 times, and a line jansson reads back
 * to the same values.  The tags come from the real tagger on a short text
 * written for this test.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "err.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "utf8.h"
#include "tag.h"
#include "record.h"
#include "t.h"

#define PUBLISHED 1536913740 /* 2018-09-14T08:29:00Z */
#define FETCHED 1536917399   /* 2018-09-14T09:29:59Z */

static const char article[] =
    "The Treasury Department on Thursday imposed sanctions on Halvard Marine Ltd, a\n"
    "shipping firm it said moved fuel for North Korea.\n"
    "\n"
    "Officials in Pyongyang rejected the move in a statement.\tNo further details were given.\n";

static const char *const key_order[] = {"v",	   "id",   "feed", "url",      "title", "published",
					"fetched", "lang", "text", "entities", "events"};
#define NKEYS (sizeof(key_order) / sizeof(key_order[0]))

/* Tagger, arena and tags for one test. */
struct ctx {
	struct nw_tagger tg;
	struct nw_arena a;
	struct nw_tags tags;
};

static int ctx_init(struct ctx *c, const char *text, size_t n)
{
	struct nw_err e = {0};

	nw_arena_init(&c->a);
	if (nw_tagger_init(&c->tg, NULL, &e)) {
		printf("#   tagger: %s\n", e.msg);
		return 0;
	}
	return nw_tag(&c->tg, text, n, PUBLISHED, &c->a, &c->tags) == NW_OK;
}

static void ctx_release(struct ctx *c)
{
	nw_arena_release(&c->a);
	nw_tagger_release(&c->tg);
}

/*
 * The keys of the top-level object in the order written, read straight
 * from the JSON text (jansson does not promise to keep the order).
 * Returns how many were found (at most max), or -1 on malformed input.
 */
static int top_keys(const char *s, size_t n, char keys[][16], int max)
{
	int depth = 0, nk = 0, in_str = 0, expect_key = 0;
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (in_str) {
			if (c == '\\') {
				i++;
			} else if (c == '"') {
				in_str = 0;
				if (depth == 1 && expect_key) {
					size_t len = i - start;

					if (nk >= max || len >= 16)
						return -1;
					memcpy(keys[nk], s + start, len);
					keys[nk++][len] = '\0';
					expect_key = 0;
				}
			}
			continue;
		}
		if (c == '"') {
			in_str = 1;
			start = i + 1;
		} else if (c == '{' || c == '[') {
			depth++;
			expect_key = depth == 1 && c == '{';
		} else if (c == '}' || c == ']') {
			depth--;
		} else if (c == ',' && depth == 1) {
			expect_key = 1;
		}
	}
	return depth == 0 && !in_str ? nk : -1;
}

static int is_iso_z(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	if (!s || strlen(s) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
			return 0;
	return 1;
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int count_char(const char *s, size_t n, char c)
{
	int k = 0;

	while (n--)
		k += *s++ == c;
	return k;
}

/* The tags alone as {"entities":[...],"events":[...]}. */
static json_t *tags_json(const struct nw_tags *tags)
{
	struct nw_buf b;
	json_t *v = NULL;

	nw_buf_init(&b, NW_BUF_NOCAP);
	if (!nw_buf_addch(&b, '{') && !nw_tags_json(tags, &b) && !nw_buf_addch(&b, '}'))
		v = json_loadb(b.data, b.len, 0, NULL);
	nw_buf_release(&b);
	return v;
}

static void record_full(void)
{
	static const char title[] = "Sanctions:\nHalvard \"Marine\"\r\t\x01 listed\xE2\x80\xA8";
	struct ctx c;
	struct nw_record r = {0};
	struct nw_buf b;
	char keys[16][16];
	json_t *v, *t;
	json_error_t err;
	int nk, i;

	T_ASSERT(ctx_init(&c, article, sizeof(article) - 1));
	nw_buf_init(&b, NW_BUF_NOCAP);
	r.id = 0x0123456789abcdefULL;
	r.feed = "ledger";
	r.url = "https://ledger.example.com/2018/09/halvard?a=1&b=2";
	r.title = title;
	r.published = PUBLISHED;
	r.fetched = FETCHED;
	r.lang = "en";
	r.text = article;
	r.text_len = sizeof(article) - 1;
	T_ASSERT(nw_record_json(&r, &c.tags, &b) == NW_OK);

	/* the grep-friendly prefix, one line, valid UTF-8 */
	T_EXPECT(starts_with(b.data, "{\"v\":1,\"id\":\"0123456789abcdef\",\"feed\":\"ledger\","));
	T_EXPECT(b.len > 2 && !strcmp(b.data + b.len - 2, "}\n"));
	T_EXPECT(count_char(b.data, b.len, '\n') == 1);
	T_EXPECT(count_char(b.data, b.len, '\r') == 0);
	T_EXPECT(strlen(b.data) == b.len);
	T_EXPECT(nw_utf8_valid(b.data, b.len));
	T_EXPECT(strstr(b.data, "\xE2\x80\xA8") == NULL);
	for (i = 0; i < (int)b.len; i++)
		if ((unsigned char)b.data[i] < 0x20 && b.data[i] != '\n')
			break;
	T_EXPECT(i == (int)b.len);
	T_EXPECT(strstr(b.data, ",\"published\":\"2018-09-14T08:29:00Z\",") != NULL);
	T_EXPECT(strstr(b.data, ",\"fetched\":\"2018-09-14T09:29:59Z\",") != NULL);

	/* keys in the fixed order, nothing else at the top */
	nk = top_keys(b.data, b.len, keys, 16);
	T_EXPECT(nk == (int)NKEYS);
	for (i = 0; i < nk && i < (int)NKEYS; i++)
		T_STREQ(keys[i], key_order[i]);

	/* jansson reads back the same values */
	v = json_loadb(b.data, b.len, 0, &err);
	if (!v)
		printf("#   jansson: %s at %d\n", err.text, err.position);
	T_ASSERT(v != NULL);
	T_EXPECT(json_integer_value(json_object_get(v, "v")) == 1);
	T_STREQ(json_string_value(json_object_get(v, "id")), "0123456789abcdef");
	T_STREQ(json_string_value(json_object_get(v, "feed")), "ledger");
	T_STREQ(json_string_value(json_object_get(v, "url")), r.url);
	T_STREQ(json_string_value(json_object_get(v, "title")), title);
	T_STREQ(json_string_value(json_object_get(v, "published")), "2018-09-14T08:29:00Z");
	T_STREQ(json_string_value(json_object_get(v, "fetched")), "2018-09-14T09:29:59Z");
	T_STREQ(json_string_value(json_object_get(v, "lang")), "en");
	T_STREQ(json_string_value(json_object_get(v, "text")), article);
	T_EXPECT(json_is_array(json_object_get(v, "entities")));
	T_EXPECT(json_is_array(json_object_get(v, "events")));
	/* entities and events are exactly what the tagger writes */
	t = tags_json(&c.tags);
	T_ASSERT(t != NULL);
	T_EXPECT(json_equal(json_object_get(v, "entities"), json_object_get(t, "entities")));
	T_EXPECT(json_equal(json_object_get(v, "events"), json_object_get(t, "events")));
	T_EXPECT(json_array_size(json_object_get(v, "entities")) > 0);
	T_EXPECT(json_array_size(json_object_get(v, "events")) > 0);
	json_decref(t);
	json_decref(v);
	nw_buf_release(&b);
	ctx_release(&c);
}

static void record_nulls(void)
{
	struct ctx c;
	struct nw_record r = {0};
	struct nw_buf b;
	json_t *v;

	T_ASSERT(ctx_init(&c, "Nothing to see.", 15));
	nw_buf_init(&b, NW_BUF_NOCAP);
	r.id = 1;
	r.feed = "f";
	r.url = NULL;
	r.title = NULL;
	r.published = NW_DATE_NONE;
	r.fetched = 0;
	r.lang = "en";
	r.text = "Nothing to see.";
	r.text_len = 15;
	T_ASSERT(nw_record_json(&r, &c.tags, &b) == NW_OK);
	T_EXPECT(starts_with(b.data, "{\"v\":1,\"id\":\"0000000000000001\",\"feed\":\"f\","));
	T_EXPECT(strstr(b.data, ",\"url\":null,\"title\":null,\"published\":null,") != NULL);
	T_EXPECT(strstr(b.data, "\"fetched\":\"1970-01-01T00:00:00Z\"") != NULL);
	T_EXPECT(b.len > 2 && !strcmp(b.data + b.len - 2, "}\n"));
	v = json_loadb(b.data, b.len, 0, NULL);
	T_ASSERT(v != NULL);
	T_EXPECT(json_is_null(json_object_get(v, "url")));
	T_EXPECT(json_is_null(json_object_get(v, "title")));
	T_EXPECT(json_is_null(json_object_get(v, "published")));
	T_EXPECT(is_iso_z(json_string_value(json_object_get(v, "fetched"))));
	T_EXPECT(json_array_size(json_object_get(v, "events")) == 0);
	json_decref(v);
	nw_buf_release(&b);
	ctx_release(&c);
}

/* text_len, not the NUL, bounds the text; bad bytes become U+FFFD. */
static void record_text_bytes(void)
{
	static const char raw[] = "line one\nline\x00two\xFF\xC0 end\x1f\x7f";
	struct ctx c;
	struct nw_record r = {0};
	struct nw_buf b;
	json_t *v, *text;
	int i;

	T_ASSERT(ctx_init(&c, raw, 8));
	nw_buf_init(&b, NW_BUF_NOCAP);
	nw_buf_addstr(&b, "previous line\n"); /* the record is appended */
	r.id = UINT64_MAX;
	r.feed = "feed with \"quotes\" and \\";
	r.title = "x";
	r.url = "https://example.com/";
	r.published = PUBLISHED;
	r.fetched = FETCHED;
	r.lang = "en";
	r.text = raw;
	r.text_len = 8;
	T_ASSERT(nw_record_json(&r, &c.tags, &b) == NW_OK);
	T_EXPECT(starts_with(b.data, "previous line\n{\"v\":1,\"id\":\"ffffffffffffffff\","));
	v = json_loadb(b.data + 14, b.len - 14, 0, NULL);
	T_ASSERT(v != NULL);
	T_STREQ(json_string_value(json_object_get(v, "text")), "line one");
	T_STREQ(json_string_value(json_object_get(v, "feed")), "feed with \"quotes\" and \\");
	json_decref(v);

	/* the whole raw text, NUL and bad bytes included */
	nw_buf_reset(&b);
	r.text_len = sizeof(raw) - 1;
	T_ASSERT(nw_record_json(&r, &c.tags, &b) == NW_OK);
	T_EXPECT(count_char(b.data, b.len, '\n') == 1);
	T_EXPECT(strlen(b.data) == b.len);
	T_EXPECT(nw_utf8_valid(b.data, b.len));
	for (i = 0; i < (int)b.len; i++)
		if ((unsigned char)b.data[i] < 0x20 && b.data[i] != '\n')
			break;
	T_EXPECT(i == (int)b.len);
	v = json_loadb(b.data, b.len, JSON_ALLOW_NUL, NULL);
	T_ASSERT(v != NULL);
	text = json_object_get(v, "text");
	T_EXPECT(json_string_length(text) == 29);
	T_EXPECT(json_string_length(text) == 29 &&
		 !memcmp(json_string_value(text),
			 "line one\nline\0two\xEF\xBF\xBD\xEF\xBF\xBD end\x1f\x7f", 29));
	json_decref(v);
	nw_buf_release(&b);
	ctx_release(&c);
}

/* A record that does not fit under the buffer's cap is refused. */
static void record_cap(void)
{
	struct ctx c;
	struct nw_record r = {0};
	struct nw_buf b;

	T_ASSERT(ctx_init(&c, article, sizeof(article) - 1));
	nw_buf_init(&b, 100);
	r.id = 7;
	r.feed = "ledger";
	r.published = PUBLISHED;
	r.fetched = FETCHED;
	r.lang = "en";
	r.text = article;
	r.text_len = sizeof(article) - 1;
	T_EXPECT(nw_record_json(&r, &c.tags, &b) == NW_ETOOBIG);
	T_EXPECT(b.len <= 100);
	nw_buf_release(&b);
	ctx_release(&c);
}

T_MAIN(T_CASE(record_full), T_CASE(record_nulls), T_CASE(record_text_bytes), T_CASE(record_cap))
