/*
 * lexicon.h - the tagger's word lists: plain text files, compiled in.
 *
 * Each list is a text file in pipeline/lexicons/ (one entry a line, fields
 * separated by tabs, '#' starts a comment).  The files are compiled into
 * the program by embed.sh as nw_lexicon_defaults; a directory given with
 * --lexicons overrides any default file of the same name, so analysts can
 * edit the lists without rebuilding.
 */
#ifndef NW_LEXICON_H
#define NW_LEXICON_H

struct nw_lexicon_file {
	const char *name; /* file name without .txt */
	const char *text; /* whole file contents */
};

/* Terminated by {NULL, NULL}; generated from pipeline/lexicons/\*.txt. */
extern const struct nw_lexicon_file nw_lexicon_defaults[];

#endif

#ifndef NW_LEXICON_API
#define NW_LEXICON_API

#include <stddef.h>
#include <stdint.h>

struct nw_err;
struct nw_text;

/* What a lexicon phrase is. */
enum nw_lex_cat {
	NW_LEX_COUNTRY, /* a country's name or alias */
	NW_LEX_DEMONYM, /* "North Korean" */
	NW_LEX_CAPITAL, /* "Pyongyang": stands for the government */
	NW_LEX_GOV,	/* a government body or authority */
	NW_LEX_MEDIA,	/* a news outlet */
	NW_LEX_TITLE,	/* introduces a person: "Treasury Secretary" */
	NW_LEX_SUFFIX,	/* ends a company name: "Co", "JSC" */
	NW_LEX_CUE,	/* noun that says what follows: "company", "tanker" */
	NW_LEX_SURNAME, /* family name */
	NW_LEX_GIVEN,	/* given name */
	NW_LEX_STOPCAP, /* capitalized word that is never a name */
	NW_LEX_ABBREV,	/* word that a period does not end a sentence after */
	NW_LEX_TRIGGER, /* event trigger (matched on stems) */
	NW_LEX_ROMAN,	/* romanization group id in event */
};

/* Trigger classes, in triggers.txt order of documentation. */
enum nw_trig_class {
	NW_TRIG_VERB,
	NW_TRIG_LIGHT,
	NW_TRIG_SUBJECT,
	NW_TRIG_LIST,
	NW_TRIG_CUE,
	NW_TRIG_NOUN,
	NW_TRIG_PREP,
	NW_TRIG_HEDGE,
	NW_TRIG_NEGATION,
	NW_TRIG_RENEWAL,
	NW_TRIG_CONTINUE,
};

/* Event types; NW_EV_ANY for trigger words that serve every type. */
enum nw_event_type {
	NW_EV_DESIGNATION,
	NW_EV_DELISTING,
	NW_EV_DENIAL,
	NW_EV_ACCUSATION,
	NW_EV_ENFORCEMENT,
	NW_EV_ANY,
};

struct nw_lex_entry {
	const struct nw_lex_entry *next; /* another meaning of the same phrase */
	const char *canon;		 /* canonical name (countries, gov, media) */
	char country[3];		 /* ISO alpha-2, "?" from context, "" none */
	uint8_t cat;			 /* enum nw_lex_cat */
	uint8_t ntok;			 /* phrase length in tokens */
	uint8_t event;			 /* enum nw_event_type (triggers) */
	uint8_t cls;			 /* enum nw_trig_class (triggers); kind (cues) */
	uint8_t state;			 /* media: 1 for state media */
	uint8_t caps;			 /* 1: text must be Capitalized, 2: ALL CAPS */
	uint16_t group;			 /* romanization group */
};

struct nw_lexicon;

/*
 * Load the compiled-in lexicons, each replaced by DIR/NAME.txt when dir is
 * not NULL and that file exists.  Errors name the file and line.  The
 * lexicon owns everything it returns; nw_lexicon_free releases it.
 */
int nw_lexicon_load(struct nw_lexicon **out, const char *dir, struct nw_err *e);
void nw_lexicon_free(struct nw_lexicon *lx);

/*
 * The longest phrase starting at token i (and ending before token end),
 * matched on folded forms (by_stem = 0) or on stems (by_stem = 1); sets
 * *len to its length in tokens.  NULL when nothing matches.
 */
const struct nw_lex_entry *nw_lexicon_longest(const struct nw_lexicon *lx, const struct nw_text *t,
					      size_t i, size_t end, int by_stem, size_t *len);

/* The entry of category cat for the phrase of tokens [i, i + len), or NULL. */
const struct nw_lex_entry *nw_lexicon_find(const struct nw_lexicon *lx, const struct nw_text *t,
					   size_t i, size_t len, int by_stem, int cat);

/* The entry of category cat for one folded word, or NULL. */
const struct nw_lex_entry *nw_lexicon_word(const struct nw_lexicon *lx, const char *fold, int cat);

/* 1 when the text token at i may start a phrase of entry en (case rules). */
int nw_lexicon_case_ok(const struct nw_lex_entry *en, const struct nw_text *t, size_t i);

/* A country's government as an authority ("UK government"), or NULL. */
const char *nw_lexicon_government(const struct nw_lexicon *lx, const char *country);

/*
 * Note in each token of t how long the longest phrase starting there can
 * be, so that later lookups at most tokens cost nothing.
 */
void nw_lexicon_prepare(const struct nw_lexicon *lx, struct nw_text *t);

/* nw_abbrev_fn for nw_text_analyze: ctx is the lexicon. */
int nw_lexicon_is_abbrev(const char *fold, const void *ctx);

/* The stemmer the lexicon stems with (the tagger shares it). */
struct sb_stemmer *nw_lexicon_stemmer(const struct nw_lexicon *lx);

#endif
