/*
 * tag.h - the tagger: named entities and sanctions events of one article.
 *
 * A struct nw_tagger holds the lexicons and the English stemmer; build it
 * once per process (it is not shared between threads: libstemmer keeps
 * state).  nw_tag reads an article's plain text and finds entities
 * (entity.h) and events: designations, delistings, denials, accusations
 * and enforcement actions, each with the roles the sentence gives
 * (authority, targets, denier), a date resolved against the publication
 * date, and the evidence sentence as byte offsets into the text.
 *
 * Precision first: threats, proposals, calls, renewals and ongoing
 * pressure are not designations, and an event needs named targets.  An
 * announcement with only generic targets ("a China-based firm") borrows
 * the names from the next sentences that give them.
 *
 * Ownership: struct nw_tags and everything in it live in the arena passed
 * to nw_tag; the text must outlive it.
 */
#ifndef NW_TAG_H
#define NW_TAG_H

#include <stddef.h>
#include <stdint.h>

#include "entity.h"
#include "text.h"

struct nw_arena;
struct nw_buf;
struct nw_err;
struct nw_lexicon;

struct nw_lists;

struct nw_tagger {
	struct nw_lexicon *lx;
	/* Sanctions lists to link entities to (link.h), or NULL; not owned. */
	const struct nw_lists *lists;
	double link_threshold;
};

struct nw_event {
	uint8_t type;	    /* enum nw_event_type (lexicon.h) */
	uint8_t background; /* reported as background ("earlier this month") */
	uint8_t state;	    /* denial: by speaks for a state */
	int64_t date;	    /* days since 1970-01-01, or NW_DATE_NONE */
	int authority;	    /* entity index, or -1 */
	int by;		    /* denial, accusation: entity index, or -1 */
	int person;	    /* denial: the spokesperson, or -1 */
	int *targets;	    /* entity indices: targets, or accusation's "against" */
	size_t ntargets;
	uint32_t sent;	 /* evidence sentence index */
	const char *key; /* cluster key (cluster.h), set by the caller; NULL when none */
};

struct nw_tags {
	struct nw_text text;
	struct nw_entities ents;
	struct nw_event *ev;
	size_t nev;
};

/* Load the lexicons (lexdir may be NULL: the compiled-in defaults). */
int nw_tagger_init(struct nw_tagger *tg, const char *lexdir, struct nw_err *e);
void nw_tagger_release(struct nw_tagger *tg);

/*
 * Tag n bytes of UTF-8 text published at time published (seconds, or
 * NW_DATE_NONE when unknown: then no relative date is resolved).
 */
int nw_tag(struct nw_tagger *tg, const char *text, size_t n, int64_t published, struct nw_arena *a,
	   struct nw_tags *out);

/* Append "entities":[...],"events":[...] (no braces) to b. */
int nw_tags_json(const struct nw_tags *tags, struct nw_buf *b);

/*
 * The publication time a plain-text article states on a labelled line
 * ("Update : 14 Sep 2018, 02:29 PM", "Published: ..."), or NW_DATE_NONE.
 * A bare date line (a page's today banner) is not taken.
 */
int64_t nw_tag_find_published(const char *text, size_t n);

/* "designation", "denial", ... */
const char *nw_event_name(int type);

#endif
