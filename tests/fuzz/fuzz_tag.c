/*
 * fuzz_tag.c - libFuzzer target for the tagger: nw_tag_find_published,
 * nw_tag and nw_tags_json.
 *
 * The bytes are an article's text as `newswatch tag FILE` reads it: raw,
 * so possibly not UTF-8 and possibly holding NULs.  The tagger (lexicons
 * and stemmer) is built once; each input is tagged with the publication
 * time found on a labelled line, as cmd/tag.c does.  Checks: every event's
 * evidence is a byte range inside the text, and the entities and events
 * form a JSON object jansson reads back (valid UTF-8 whatever the input:
 * the JSON writer repairs).  nw_tag's contract is UTF-8 in, so only when
 * the input is valid UTF-8 must every entity name be valid UTF-8 too (a
 * name cut inside a character would be the tagger's bug).
 *
 * Seeds: tests/fuzz/corpus/tag/ (the expected texts of the page fixtures).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "err.h"
#include "fuzz.h"
#include "tag.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Built once: loading the lexicons per input would drown the fuzzing. */
static struct nw_tagger tagger;

static void release_tagger(void)
{
	nw_tagger_release(&tagger);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct nw_err e = {0, ""};

	if (nw_tagger_init(&tagger, NULL, &e) != NW_OK) {
		fprintf(stderr, "fuzz_tag: nw_tagger_init: %s\n", e.msg);
		exit(1);
	}
	atexit(release_tagger);
	return 0;
}

/* Each event's evidence {start, end} must lie inside the n bytes tagged. */
static void check_events(json_t *root, size_t n, const char *js, size_t jn)
{
	json_t *events = json_object_get(root, "events"), *ev;
	size_t i;

	if (!json_is_array(events) || !json_is_array(json_object_get(root, "entities")))
		fuzz_fail("nw_tags_json", "no \"entities\" or \"events\" array", js, jn);
	json_array_foreach(events, i, ev)
	{
		json_t *evid = json_object_get(ev, "evidence");
		json_int_t start = json_integer_value(json_object_get(evid, "start"));
		json_int_t end = json_integer_value(json_object_get(evid, "end"));

		if (!json_is_string(json_object_get(ev, "type")) || !json_is_object(evid))
			fuzz_fail("nw_tags_json", "event without type or evidence", js, jn);
		if (start < 0 || start > end || (size_t)end > n)
			fuzz_fail("nw_tags_json", "evidence outside the text", js, jn);
	}
}

static void check_tags(const struct nw_tags *tags, const char *text, size_t n)
{
	struct nw_buf b;
	json_t *root;
	size_t i;

	if (nw_utf8_valid(text, n))
		for (i = 0; i < tags->ents.nent; i++)
			fuzz_utf8("entity name", tags->ents.ent[i].name);
	nw_buf_init(&b, NW_BUF_NOCAP);
	if (nw_buf_addch(&b, '{') || nw_tags_json(tags, &b) || nw_buf_addch(&b, '}'))
		fuzz_fail("nw_tags_json", "failed on a tagged text", NULL, 0);
	root = fuzz_json_object("nw_tags_json", b.data, b.len);
	check_events(root, n, b.data, b.len);
	json_decref(root);
	nw_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct nw_arena a;
	struct nw_tags tags;
	int64_t published = nw_tag_find_published(text, size);

	if (published != NW_DATE_NONE) {
		char iso[NW_DATE_ISO_SIZE];

		nw_date_iso(published, iso);
		fuzz_utf8("published", iso);
	}
	nw_arena_init(&a);
	if (nw_tag(&tagger, text, size, published, &a, &tags) == NW_OK)
		check_tags(&tags, text, size);
	nw_arena_release(&a);
	return 0;
}
