/*
 * text.h - tokens and sentences of an article's text, for the tagger.
 *
 * One pass splits UTF-8 text into tokens (words, numbers, punctuation),
 * each with byte offsets into the text, a case-folded form and an English
 * stem (libstemmer), then groups tokens into sentences.  Sentence breaks
 * come at newlines (extracted text has one paragraph or headline a line) and
 * at . ! ? followed by a capital, unless the word before is a known
 * abbreviation ("U.S.", "Co.", "Mr.", "Jan.") or a single initial.
 *
 * Hyphens inside words become their own tokens marked NW_TOK_JOINED, so
 * "China-based" is China, -, based and "Kim Jong-un" keeps its parts.
 * Typographic quotes, apostrophes and dashes are folded to ASCII in the
 * folded form; "'s" after a word is its own token (NW_TOK_POSS).
 *
 * Sizes: a token costs 32 bytes of arena; a 5 KB article has ~1,000.
 * Ownership: everything lives in the arena given to nw_text_analyze.
 */
#ifndef NW_TEXT_H
#define NW_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct nw_arena;
struct sb_stemmer;

enum {
	NW_TOK_WORD = 1 << 0,	/* letters or digits */
	NW_TOK_CAP = 1 << 1,	/* starts with an upper-case letter */
	NW_TOK_UPPER = 1 << 2,	/* two or more letters, all upper case */
	NW_TOK_NUM = 1 << 3,	/* starts with a digit */
	NW_TOK_PUNCT = 1 << 4,	/* one punctuation character (see punct) */
	NW_TOK_POSS = 1 << 5,	/* the possessive 's */
	NW_TOK_JOINED = 1 << 6, /* hyphen with no space on either side */
	NW_TOK_QUOTE = 1 << 7,	/* a quotation mark of any kind */
	NW_TOK_NL = 1 << 8,	/* a line break comes before it */
};

struct nw_token {
	uint32_t start, end; /* byte offsets into the text */
	uint16_t flags;
	char punct;	   /* ASCII equivalent for NW_TOK_PUNCT, else 0 */
	uint8_t lexmax[2]; /* longest lexicon phrase starting here, by fold and by
			      stem (nw_lexicon_prepare); 255 when not yet known */
	const char *fold;  /* case-folded, quotes folded to ASCII */
	const char *stem;  /* English stem of fold (words only, else fold) */
};

struct nw_sentence {
	uint32_t start, end;  /* byte offsets of the sentence in the text */
	uint32_t first, last; /* token index range [first, last) */
};

struct nw_text {
	const char *s;
	size_t n;
	struct nw_token *tok;
	size_t ntok;
	struct nw_sentence *sent;
	size_t nsent;
};

/*
 * is_abbrev(fold, ctx) says whether a word followed by '.' is an
 * abbreviation; may be NULL (then only single initials are).
 */
typedef int (*nw_abbrev_fn)(const char *fold, const void *ctx);

int nw_text_analyze(struct nw_text *t, const char *s, size_t n, struct sb_stemmer *stemmer,
		    nw_abbrev_fn is_abbrev, const void *abbrev_ctx, struct nw_arena *a);

/* Case-fold n bytes of UTF-8 into out (Latin, Greek, Cyrillic); returns length. */
size_t nw_fold(const char *s, size_t n, char *out, size_t outsize);

#endif
