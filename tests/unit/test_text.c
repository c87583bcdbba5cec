/*
 * test_text.c - tokens and sentences (pipeline/text.h) as the tagger needs them.
 */
#include <libstemmer.h>

#include "arena.h"
#include "err.h"
#include "lexicon.h"
#include "t.h"
#include "text.h"

struct split_case {
	const char *text;
	const char *sentences[6]; /* NULL-terminated */
};

static const struct split_case splits[] = {
    {"The U.S. Treasury acted. Officials said so.",
     {"The U.S. Treasury acted.", "Officials said so.", NULL}},
    {"Sanctions hit Acme Co. and its chief. Mr. Kim denied it.",
     {"Sanctions hit Acme Co. and its chief.", "Mr. Kim denied it.", NULL}},
    {"\xE2\x80\x9CThis is false.\xE2\x80\x9D KCNA said. It went on.",
     {"\xE2\x80\x9CThis is false.\xE2\x80\x9D", "KCNA said.", "It went on.", NULL}},
    {"Headline without a period\n\nFirst line. Second line?\nThird",
     {"Headline without a period", "First line.", "Second line?", "Third", NULL}},
    {"On Jan. 5 the list grew. John F. Doe left.",
     {"On Jan. 5 the list grew.", "John F. Doe left.", NULL}},
    {"", {NULL}},
};

static struct nw_lexicon *lexicon(void)
{
	static struct nw_lexicon *lx;
	struct nw_err e;

	if (!lx && nw_lexicon_load(&lx, NULL, &e))
		printf("# %s\n", e.msg);
	return lx;
}

static void test_sentences(void)
{
	size_t i, k;

	T_ASSERT(lexicon() != NULL);
	for (i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
		const struct split_case *c = &splits[i];
		struct nw_arena a;
		struct nw_text t;

		nw_arena_init(&a);
		T_ASSERT(nw_text_analyze(&t, c->text, strlen(c->text),
					 nw_lexicon_stemmer(lexicon()), nw_lexicon_is_abbrev,
					 lexicon(), &a) == NW_OK);
		for (k = 0; c->sentences[k]; k++) {
			char got[256];

			T_EXPECT(k < t.nsent);
			if (k >= t.nsent)
				break;
			snprintf(got, sizeof(got), "%.*s", (int)(t.sent[k].end - t.sent[k].start),
				 c->text + t.sent[k].start);
			T_STREQ(got, c->sentences[k]);
		}
		T_EXPECT(t.nsent == k);
		nw_arena_release(&a);
	}
}

static void test_tokens(void)
{
	static const char text[] = "China-based firm\xE2\x80\x99s CEO, Kim Jong-un, 1,000.5 U.S.";
	static const char *const folds[] = {"china", "-", "based",   "firm", "'s",
					    "ceo",   ",", "kim",     "jong", "-",
					    "un",    ",", "1,000.5", "u.s.", NULL};
	struct nw_arena a;
	struct nw_text t;
	size_t k;

	nw_arena_init(&a);
	T_ASSERT(nw_text_analyze(&t, text, strlen(text), nw_lexicon_stemmer(lexicon()), NULL, NULL,
				 &a) == NW_OK);
	for (k = 0; folds[k] && k < t.ntok; k++)
		T_STREQ(t.tok[k].fold, folds[k]);
	T_EXPECT(t.ntok == k);
	T_EXPECT(t.tok[1].flags & NW_TOK_JOINED);
	T_EXPECT(t.tok[4].flags & NW_TOK_POSS);
	T_EXPECT(t.tok[5].flags & NW_TOK_UPPER);
	T_EXPECT(t.tok[0].flags & NW_TOK_CAP);
	/* offsets point into the text */
	T_EXPECT(t.tok[3].start == 12 && t.tok[3].end == 16);
	nw_arena_release(&a);
}

static void test_fold_and_stem(void)
{
	static const char text[] =
	    "\xC3\x89MIGR\xC3\x89 \xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90 sanctioned";
	struct nw_arena a;
	struct nw_text t;

	nw_arena_init(&a);
	T_ASSERT(nw_text_analyze(&t, text, strlen(text), nw_lexicon_stemmer(lexicon()), NULL, NULL,
				 &a) == NW_OK);
	T_ASSERT(t.ntok == 3);
	T_STREQ(t.tok[0].fold, "\xC3\xA9migr\xC3\xA9");
	T_STREQ(t.tok[1].fold, "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
	T_STREQ(t.tok[2].stem, "sanction");
	nw_arena_release(&a);
}

static void test_invalid_utf8(void)
{
	static const char text[] = "bad \xFF\xFE bytes \xE2\x80 end";
	struct nw_arena a;
	struct nw_text t;

	nw_arena_init(&a);
	T_ASSERT(nw_text_analyze(&t, text, sizeof(text) - 1, NULL, NULL, NULL, &a) == NW_OK);
	T_EXPECT(t.ntok >= 3);
	T_STREQ(t.tok[t.ntok - 1].fold, "end");
	nw_arena_release(&a);
}

static void test_release(void)
{
	nw_lexicon_free(lexicon());
}

T_MAIN(T_CASE(test_sentences), T_CASE(test_tokens), T_CASE(test_fold_and_stem),
       T_CASE(test_invalid_utf8), T_CASE(test_release))
