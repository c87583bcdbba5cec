/*
 * tag.c - sanctions events from tokens and entities; see tag.h.
 *
 * Events are found sentence by sentence from trigger words (lexicons/
 * triggers.txt, matched on stems), then assembled across sentences:
 *
 *   1. Candidates.  Each trigger yields a candidate event with the roles
 *      its sentence gives: targets after "sanctioned" / "imposed sanctions
 *      on" / "the new sanctions target", before "were sanctioned by"; the
 *      authority as the subject, the agent of a passive, or the reporter
 *      of "..., the Treasury Department said"; the denier as the speaker
 *      of the sentence ("KCNA said", "he told", "Russia's denial").
 *   2. Assembly.  A designation whose targets are only generic ("a
 *      China-based firm") takes the named targets of the next candidates
 *      within three sentences; candidates of one event are merged; what is
 *      still unnamed is dropped.  Denials merge per denier, accusations per
 *      accused.
 *
 * Dates: "on Thursday" is the last Thursday on or before the publication
 * day; "earlier this month", "last year" and dates more than ten days old
 * mark a designation as background.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "entity.h"
#include "err.h"
#include "json.h"
#include "lexicon.h"
#include "link.h"
#include "lists.h"
#include "tag.h"
#include "text.h"

#define MAX_TARGETS 64
#define CHAIN_SENTENCES 3
#define BACKGROUND_DAYS 10
#define MAX_CANDIDATES 4096 /* per article; a hostile page gets no more */

struct cand {
	uint8_t type;
	uint8_t background;
	uint8_t dropped;
	uint8_t anaphoric; /* "The new sanctions target ...": continues the last one */
	uint8_t cont;	   /* "The firms are A and B": names what was announced before */
	int64_t date;
	int authority, by, person;
	int targets[MAX_TARGETS];
	size_t ntargets;
	uint32_t sent;
};

struct tagging {
	struct nw_tagger *tg;
	const struct nw_text *t;
	struct nw_entities *en;
	struct nw_arena *a;
	int64_t pub_day; /* NW_DATE_NONE when unknown */
	struct cand *c;
	size_t nc, cap;
	int *speaker, *speaker_person; /* per sentence, from a first pass */
	uint32_t *speaker_verb;	       /* token of its reporting verb */
	uint8_t *targeted;	       /* per entity: a designation or enforcement target */
	int last_speaker;	       /* entity of the last "X said" */
	int last_speaker_person;
	uint32_t last_speaker_sent;
};

static const struct nw_token *tok_at(const struct tagging *g, size_t i)
{
	return &g->t->tok[i];
}

static int fold_is(const struct tagging *g, size_t i, const char *w)
{
	return !strcmp(g->t->tok[i].fold, w);
}

static int fold_in(const struct tagging *g, size_t i, const char *const *words)
{
	const char *f = g->t->tok[i].fold;

	/* the first byte settles most comparisons: this runs for every token */
	for (; *words; words++)
		if (**words == *f && !strcmp(f, *words))
			return 1;
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && !strcmp(s + n - k, suffix);
}

/* The trigger entry of class cls (and event type ev, or any) at token i. */
static const struct nw_lex_entry *trigger_at(const struct tagging *g, size_t i, size_t end, int ev,
					     int cls, size_t *len)
{
	const struct nw_lex_entry *e;
	size_t n = end - i;

	while (n > 0) {
		size_t got;

		if (!(e = nw_lexicon_longest(g->tg->lx, g->t, i, i + n, 1, &got)))
			return NULL;
		for (; e; e = e->next)
			if (e->cat == NW_LEX_TRIGGER && e->cls == cls &&
			    (ev < 0 || e->event == ev || e->event == NW_EV_ANY)) {
				if (len)
					*len = got;
				return e;
			}
		n = got - 1;
	}
	return NULL;
}

static int is_class(const struct tagging *g, size_t i, size_t end, int cls)
{
	return trigger_at(g, i, end, -1, cls, NULL) != NULL;
}

static const struct nw_mention *mention_at(const struct tagging *g, size_t i)
{
	int m = g->en->men_at[i];

	return m >= 0 ? &g->en->men[m] : NULL;
}

static int entity_kind(const struct tagging *g, int ent)
{
	return ent >= 0 ? g->en->ent[ent].kind : NW_KIND_NONE;
}

static const char *const reporting_verbs[] = {
    "said",	"says",	    "say",	 "told",      "tells",	   "stated",
    "states",	"added",    "adds",	 "announced", "announces", "reported",
    "insisted", "insists",  "claimed",	 "claims",    "wrote",	   "noted",
    "warned",	"declared", "commented", "explained", "argued",	   "countered",
    "reports",	"report",   "called",	 "calls",     "quoted",	   NULL};

/* "said", "told" ... but not "States" in "the United States". */
static int is_reporting(const struct tagging *g, size_t j)
{
	return fold_in(g, j, reporting_verbs) && !mention_at(g, j);
}

static const char *const pronouns[] = {"he", "she", "they", "it", "we", NULL};

/* An entity for a mention that names something, promoting unknown runs. */
static int target_entity(struct tagging *g, const struct nw_mention *m)
{
	struct nw_entities *en = g->en;
	struct nw_entity *e;
	const char *s;
	size_t n, k;

	if (m->entity >= 0)
		return m->entity;
	if (m->role != NW_ROLE_NAME || m->kind != NW_KIND_NONE)
		return -1;
	s = g->t->s + g->t->tok[m->first].start;
	n = g->t->tok[m->last - 1].end - g->t->tok[m->first].start;
	for (k = 0; k < en->nent; k++)
		if (strlen(en->ent[k].name) == n && !strncasecmp(en->ent[k].name, s, n))
			return ((struct nw_mention *)m)->entity = (int)k;
	e = &en->ent[en->nent];
	memset(e, 0, sizeof(*e));
	if (!(e->name = nw_arena_strndup(g->a, s, n)))
		return -1;
	e->kind = NW_KIND_ORG;
	memcpy(e->country, m->country, 3);
	e->mentions = 1;
	e->first_token = m->first;
	((struct nw_mention *)m)->kind = NW_KIND_ORG;
	return ((struct nw_mention *)m)->entity = (int)en->nent++;
}

static int authority_capable(int kind)
{
	return kind == NW_KIND_GOV || kind == NW_KIND_COUNTRY;
}

static int targetable(const struct nw_mention *m)
{
	if (m->role != NW_ROLE_NAME)
		return 0;
	return m->kind == NW_KIND_PERSON || m->kind == NW_KIND_ORG || m->kind == NW_KIND_VESSEL ||
	       m->kind == NW_KIND_AIRCRAFT || m->kind == NW_KIND_MEDIA || m->kind == NW_KIND_NONE;
}

static void add_target(struct cand *c, int ent)
{
	size_t k;

	if (ent < 0 || c->ntargets == MAX_TARGETS)
		return;
	for (k = 0; k < c->ntargets; k++)
		if (c->targets[k] == ent)
			return;
	c->targets[c->ntargets++] = ent;
}

/* Words that may follow a name in a list without making it an adjective. */
static const char *const function_words[] = {
    "and",    "or",	"as",	  "of",	      "in",    "on",	"for",	 "to",	  "with",
    "over",   "from",	"at",	  "by",	      "which", "who",	"whose", "that",  "said",
    "says",   "were",	"was",	  "is",	      "are",   "has",	"had",	 "have",  "will",
    "would",  "after",	"before", "under",    "since", "its",	"their", "his",	  "her",
    "told",   "also",	"plus",	  "based",    "being", "been",	"did",	 "does",  "not",
    "could",  "should", "may",	  "might",    "must",  "while", "when",	 "where", "because",
    "but",    "than",	"into",	  "until",    "via",   "per",	"amid",	 "among", "both",
    "either", "nor",	"then",	  "together", "along", "each",	"all",	 NULL};

/* A name that only describes what follows: "a St Petersburg shipping company", "Port Klang-based". */
static int modifier(const struct tagging *g, const struct nw_mention *m, size_t end)
{
	const struct nw_mention *next;
	size_t k;

	if (m->last >= end)
		return 0;
	if (tok_at(g, m->last)->flags & NW_TOK_JOINED)
		return 1;
	if (m->kind != NW_KIND_NONE)
		return 0;
	/* "Siberian metals tycoon", "Haitian gang leaders": an adjective, not a name */
	if ((tok_at(g, m->last)->flags & (NW_TOK_WORD | NW_TOK_CAP | NW_TOK_NUM)) == NW_TOK_WORD &&
	    !fold_in(g, m->last, function_words))
		return 1;
	for (k = m->last; k < end && k < m->last + 3; k++) {
		next = mention_at(g, k);
		if (next && next->role == NW_ROLE_CUE)
			return 1;
		if (next || !(tok_at(g, k)->flags & NW_TOK_WORD))
			return 0;
	}
	return 0;
}

/*
 * Targets after token i up to the end of their list.  The list is names
 * separated by commas, "and", "as well as" and semicolons; a name may carry
 * an apposition ("Ri Kwang-chol, its chief executive", "X, deputy head of a
 * state agency;"), inside which prepositions and relative clauses do not
 * end the list and only names of a known kind count.  A clause word
 * ("accusing", "over", "because") or a reporting verb ends it; the name
 * before a reporting verb is the reporter, not a target (*reporter).
 * with_countries takes countries and governments too (accused parties).
 */
static size_t collect_after(struct tagging *g, size_t i, size_t end, struct cand *c, int *reporter,
			    int with_countries, const char *stop_at)
{
	static const char *const hard[] = {
	    "over", "because",	 "accusing",  "accused", "alleging", "saying",
	    "amid", "following", "according", "after",	 "while",    "but",
	    "if",   "\"",	 "(",	      ".",	 NULL};
	static const char *const soft[] = {"which", "who",  "whom",  "whose", "that", "to", "as",
					   "under", "with", "since", "from",  "by",   "in", "of",
					   "for",   "when", "where", "at",    "on",   NULL};
	int appos = 0; /* inside ", apposition" after a name */
	size_t j = i;

	*reporter = -1;
	while (j < end) {
		const struct nw_mention *m = mention_at(g, j);
		const struct nw_token *tk = tok_at(g, j);

		if (m && m->first == j) {
			size_t after = m->last;
			int prep = j > i && fold_in(g, j - 1, soft);

			if (after < end && is_reporting(g, after)) {
				*reporter = m->entity;
				return after;
			}
			if (modifier(g, m, end) || (appos && (prep || m->kind == NW_KIND_NONE))) {
				j = after;
				continue;
			}
			if (targetable(m) || (with_countries && m->role == NW_ROLE_NAME)) {
				add_target(c, target_entity(g, m));
				appos = 0;
				if (after < end && tok_at(g, after)->punct == ',')
					appos = 2; /* becomes 1 past the comma */
			}
			j = after;
			continue;
		}
		if (stop_at && fold_is(g, j, stop_at))
			return j;
		if (tk->punct == ';' || fold_is(g, j, "and")) {
			appos = 0;
			j++;
			continue;
		}
		if (j + 2 < end && fold_is(g, j, "as") && fold_is(g, j + 1, "well") &&
		    fold_is(g, j + 2, "as")) {
			appos = 0;
			j += 3;
			continue;
		}
		if (j + 1 < end && (fold_is(g, j, "along") || fold_is(g, j, "together")) &&
		    fold_is(g, j + 1, "with")) {
			appos = 0;
			j += 2;
			continue;
		}
		/* "six individuals: A, B", "namely C", "including D" */
		if (tk->punct == ':' || fold_is(g, j, "namely") || fold_is(g, j, "including")) {
			appos = 0;
			j++;
			continue;
		}
		if (tk->punct == ',') {
			appos = appos == 2 ? 1 : 0;
			j++;
			continue;
		}
		if (is_reporting(g, j))
			return j;
		if (fold_in(g, j, hard)) {
			if (tk->punct == '"' && !c->ntargets) {
				j++;
				continue;
			}
			return j;
		}
		/* "the deputy head of state television Mehrdad Kazemi-Asl" */
		if (fold_is(g, j, "of") && j > i && mention_at(g, j - 1) &&
		    mention_at(g, j - 1)->role == NW_ROLE_TITLE) {
			j++;
			continue;
		}
		if (!appos && fold_in(g, j, soft)) {
			/* "a front company he worked for, Chosun Expo": the list goes on */
			if (fold_is(g, j, "for") && j + 1 < end && tok_at(g, j + 1)->punct == ',') {
				j += 2;
				continue;
			}
			return j;
		}
		j++;
	}
	return j;
}

/* Named targets before token i back to the start of the clause (passive voice). */
static void collect_before(struct tagging *g, size_t start, size_t i, struct cand *c)
{
	size_t j = i, from = start;

	while (j > start) {
		j--;
		if (tok_at(g, j)->punct == ';' || fold_is(g, j, "that") || is_reporting(g, j)) {
			from = j + 1;
			break;
		}
	}
	for (j = from; j < i; j++) {
		const struct nw_mention *m = mention_at(g, j);

		if (m && m->first == j && targetable(m) && !modifier(g, m, i)) {
			add_target(c, target_entity(g, m));
			j = m->last - 1;
		}
	}
}

/* "..., the US Justice Department said": the reporter at the end of a clause. */
static int reporter_after(const struct tagging *g, size_t i, size_t end)
{
	size_t j;

	for (j = i; j < end; j++) {
		const struct nw_mention *m;

		if (!is_reporting(g, j) || j == 0)
			continue;
		m = mention_at(g, j - 1);
		if (m && m->role == NW_ROLE_NAME && authority_capable(m->kind))
			return m->entity;
		return -1;
	}
	return -1;
}

/* The nearest government or country named before token i in its sentence. */
static int authority_before(const struct tagging *g, size_t start, size_t i)
{
	size_t j = i;

	while (j > start) {
		const struct nw_mention *m = mention_at(g, --j);

		if (!m)
			continue;
		static const char *const preps[] = {"on",  "against", "to", "in",   "of", "with",
						    "for", "from",    "at", "over", NULL};

		/* "The committee that oversees the sanctions on North Korea": not it */
		if (m->role == NW_ROLE_NAME && authority_capable(m->kind) && m->entity >= 0 &&
		    !(m->last < g->t->ntok && (tok_at(g, m->last)->flags & NW_TOK_JOINED)) &&
		    !(m->first > start && fold_in(g, m->first - 1, preps)))
			return m->entity;
		j = m->first;
	}
	return -1;
}

/* The agent of a passive: the name right after "by". */
static int agent_after(const struct tagging *g, size_t i, size_t end)
{
	size_t j;

	for (j = i; j < end && j < i + 3; j++) {
		if (!fold_is(g, j, "by"))
			continue;
		/* "assets held by X" names owners, not the agent */
		if (j > 0 && (fold_is(g, j - 1, "held") || fold_is(g, j - 1, "owned") ||
			      fold_is(g, j - 1, "controlled")))
			return -1;
		for (j++; j < end && j < i + 8; j++) {
			const struct nw_mention *m = mention_at(g, j);

			if (m && m->role == NW_ROLE_NAME && m->entity >= 0)
				return m->entity;
		}
		return -1;
	}
	return -1;
}

/* The more specific of two authorities: a body over its country. */
static int better_authority(const struct tagging *g, int a, int b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	if (entity_kind(g, a) == NW_KIND_COUNTRY && entity_kind(g, b) == NW_KIND_GOV &&
	    (!g->en->ent[b].country[0] || !strcmp(g->en->ent[a].country, g->en->ent[b].country)))
		return b;
	return a;
}

/* Threats, plans, calls and negations in the few words before a trigger. */
static int hedged(const struct tagging *g, size_t start, size_t i)
{
	size_t j = i, stop = i > start + 6 ? i - 6 : start;

	while (j > stop) {
		const struct nw_token *tk = tok_at(g, --j);

		if (tk->punct == ',' || tk->punct == ';' || tk->punct == '"')
			break;
		if (ends_with(tk->fold, "n't") || is_class(g, j, i, NW_TRIG_HEDGE) ||
		    is_class(g, j, i, NW_TRIG_NEGATION))
			return 1;
	}
	return 0;
}

static int sentence_has(const struct tagging *g, const struct nw_sentence *s, int cls)
{
	size_t j;

	for (j = s->first; j < s->last; j++)
		if (is_class(g, j, s->last, cls))
			return 1;
	return 0;
}

static int sentence_has_stem(const struct tagging *g, const struct nw_sentence *s,
			     const char *const *stems)
{
	size_t j;

	for (j = s->first; j < s->last; j++) {
		const char *const *p;

		for (p = stems; *p; p++)
			if (!strncmp(tok_at(g, j)->stem, *p, strlen(*p)))
				return 1;
	}
	return 0;
}

static const char *const weekdays[] = {"sunday",   "monday", "tuesday",	 "wednesday",
				       "thursday", "friday", "saturday", NULL};
static const char *const months[] = {"january",	 "february", "march",  "april",	    "may",
				     "june",	 "july",     "august", "september", "october",
				     "november", "december", NULL};

static int month_of(const char *fold)
{
	size_t k;

	for (k = 0; months[k]; k++)
		if (!strcmp(fold, months[k]) ||
		    (strlen(fold) >= 3 && !strncmp(fold, months[k], strlen(fold)) &&
		     strcmp(fold, "ma")))
			return (int)k + 1;
	return 0;
}

/*
 * The day a sentence dates its event to, and whether it speaks of the past
 * as background.  Returns days since the epoch or NW_DATE_NONE.
 */
static int64_t sentence_date(const struct tagging *g, const struct nw_sentence *s, uint8_t *bg)
{
	int64_t day = NW_DATE_NONE;
	size_t j;

	for (j = s->first; j < s->last; j++) {
		const char *f = tok_at(g, j)->fold;
		int k;

		if (j + 2 < s->last && (!strcmp(f, "earlier") || !strcmp(f, "last")) &&
		    (fold_is(g, j + 1, "this") || fold_is(g, j + 1, "month") ||
		     fold_is(g, j + 1, "year") || fold_is(g, j + 1, "week")))
			*bg = 1;
		if (!strcmp(f, "previously") || !strcmp(f, "already"))
			*bg = 1;
		if (g->pub_day == NW_DATE_NONE || day != NW_DATE_NONE)
			continue;
		for (k = 0; weekdays[k]; k++) {
			if (strcmp(f, weekdays[k]))
				continue;
			if ((j > s->first &&
			     (fold_is(g, j - 1, "on") || fold_is(g, j - 1, "last"))) ||
			    (j + 1 < s->last && (tok_at(g, j + 1)->flags & NW_TOK_POSS)) ||
			    (j > s->first &&
			     (fold_is(g, j - 1, "late") || fold_is(g, j - 1, "early")))) {
				int pub_wd =
				    (int)(((g->pub_day % 7) + 11) % 7); /* 1970-01-01: Thursday */

				day = g->pub_day - ((pub_wd - k + 7) % 7);
			}
		}
		if (!strcmp(f, "today"))
			day = g->pub_day;
		else if (!strcmp(f, "yesterday"))
			day = g->pub_day - 1;
		else if ((k = month_of(f)) && j + 1 < s->last &&
			 (tok_at(g, j + 1)->flags & NW_TOK_NUM)) {
			/* "September 13", "Sept. 13" (the period is its own token) */
			int d = atoi(tok_at(g, j + 1)->fold), y, m, dd;

			nw_civil_from_days(g->pub_day, &y, &m, &dd);
			if (d >= 1 && d <= 31) {
				day = nw_days_from_civil(y, k, d);
				if (day > g->pub_day + 1)
					day = nw_days_from_civil(y - 1, k, d);
			}
		} else if ((tok_at(g, j)->flags & NW_TOK_NUM) && j + 1 < s->last &&
			   (k = month_of(tok_at(g, j + 1)->fold)) && strlen(f) <= 2) {
			int d = atoi(f), y, m, dd;

			nw_civil_from_days(g->pub_day, &y, &m, &dd);
			if (d >= 1 && d <= 31) {
				day = nw_days_from_civil(y, k, d);
				if (day > g->pub_day + 1)
					day = nw_days_from_civil(y - 1, k, d);
			}
		}
	}
	if (day != NW_DATE_NONE && g->pub_day != NW_DATE_NONE && g->pub_day - day > BACKGROUND_DAYS)
		*bg = 1;
	return day;
}

static struct cand *new_cand(struct tagging *g, int type, uint32_t sent)
{
	struct cand *c;

	if (g->nc == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		struct cand *nc = nw_arena_alloc(g->a, cap * sizeof(*nc));

		if (!nc)
			return NULL;
		if (g->nc)
			memcpy(nc, g->c, g->nc * sizeof(*nc));
		g->c = nc;
		g->cap = cap;
	}
	c = &g->c[g->nc++];
	memset(c, 0, sizeof(*c));
	c->type = (uint8_t)type;
	c->sent = sent;
	c->authority = c->by = c->person = -1;
	c->date = NW_DATE_NONE;
	return c;
}

/* Whether token i is used as a verb: inflected, or "X sanctions Y" in a headline. */
static int verb_form(const struct tagging *g, size_t i, size_t start, size_t end)
{
	const char *f = tok_at(g, i)->fold;

	/* nouns: "designation", "prosecution", "announcement"; "sanctions" may be a verb */
	if (strncmp(f, "sanction", 8) && (ends_with(f, "tion") || ends_with(f, "tions") ||
					  ends_with(f, "ment") || ends_with(f, "ments")))
		return 0;
	/* "a sanctioned banker": an adjective */
	if (i > start && (fold_is(g, i - 1, "a") || fold_is(g, i - 1, "an") ||
			  fold_is(g, i - 1, "the") || (tok_at(g, i - 1)->flags & NW_TOK_POSS)))
		return 0;
	if (ends_with(f, "ed") || ends_with(f, "ing") || !strcmp(f, "froze") ||
	    !strcmp(f, "frozen"))
		return 1;
	/* "agreed to add", "voted to designate": done, in the infinitive */
	if (i > start + 1 && fold_is(g, i - 1, "to") &&
	    (fold_is(g, i - 2, "agreed") || fold_is(g, i - 2, "decided") ||
	     fold_is(g, i - 2, "voted") || fold_is(g, i - 2, "moved")))
		return 1;
	if (ends_with(f, "s") && i > start) {
		const struct nw_mention *m = mention_at(g, i - 1);

		/* "US sanctions Russian firms", not "US sanctions on Iran" */
		return m && m->role == NW_ROLE_NAME && authority_capable(m->kind) && i + 1 < end &&
		       !is_class(g, i + 1, end, NW_TRIG_PREP) &&
		       (tok_at(g, i + 1)->flags & (NW_TOK_CAP | NW_TOK_WORD));
	}
	return 0;
}

static int passive_before(const struct tagging *g, size_t start, size_t i)
{
	static const char *const aux[] = {"was",   "were", "been", "be",   "is", "are",
					  "being", "got",  "get",  "gets", NULL};

	return i > start && (fold_in(g, i - 1, aux) || (i > start + 1 && fold_in(g, i - 2, aux)));
}

/* "froze the assets of X", "any assets held by Y": where the owners begin. */
static size_t assets_of(const struct tagging *g, size_t i, size_t end)
{
	size_t j;

	for (j = i; j < end && j < i + 6; j++) {
		if (strcmp(tok_at(g, j)->stem, "asset") && strcmp(tok_at(g, j)->stem, "properti") &&
		    strcmp(tok_at(g, j)->stem, "fund"))
			continue;
		if (j + 1 < end && fold_is(g, j + 1, "of"))
			return j + 2;
		if (j + 2 < end && fold_is(g, j + 1, "held") && fold_is(g, j + 2, "by"))
			return j + 3;
		break;
	}
	return i;
}

/* Candidates from a verb trigger: "sanctioned X", "X was sanctioned by Y". */
static int verb_event(struct tagging *g, const struct nw_sentence *s, size_t i, int type)
{
	struct cand *c;
	int reporter = -1, agent;
	size_t j;

	static const char *const breach[] = {"sanction", "violat", "evad",    "evas", "breach",
					     "circumv",	 "smuggl", "embargo", NULL};

	if (!verb_form(g, i, s->first, s->last))
		return NW_OK;
	if (type != NW_EV_ACCUSATION && type != NW_EV_ENFORCEMENT && hedged(g, s->first, i))
		return NW_OK;
	/* an accusation here is one of breaking sanctions, not of anything */
	if (type == NW_EV_ACCUSATION && !sentence_has_stem(g, s, breach))
		return NW_OK;
	if (!(c = new_cand(g, type, (uint32_t)(s - g->t->sent))))
		return NW_ENOMEM;
	agent = agent_after(g, i + 1, s->last);
	if (agent >= 0 || passive_before(g, s->first, i)) {
		collect_before(g, s->first, i, c);
		/* "Among those designated by the Treasury were A and B" */
		for (j = i + 1; !c->ntargets && j < s->last && j < i + 10; j++)
			if (fold_is(g, j, "were") || fold_is(g, j, "was") || fold_is(g, j, "are") ||
			    fold_is(g, j, "is")) {
				collect_after(g, j + 1, s->last, c, &reporter, 0, NULL);
				break;
			}
		/* "X and Y were designated along with three tankers: A, B and C" */
		for (j = i + 1; j < s->last && j < i + 3; j++)
			if (fold_is(g, j, "along") || fold_is(g, j, "together") ||
			    (fold_is(g, j, "as") && j + 1 < s->last && fold_is(g, j + 1, "well")))
				collect_after(g, j, s->last, c, &reporter, 0, NULL);
		c->authority = agent >= 0 ? agent : reporter_after(g, i, s->last);
		if (type == NW_EV_ACCUSATION)
			c->by = agent;
	} else {
		j = assets_of(g, i + 1, s->last);
		/* "charged and sanctioned X": the targets follow the last verb */
		while (j + 1 < s->last && (fold_is(g, j, "and") || tok_at(g, j)->punct == ',') &&
		       verb_form(g, j + 1, s->first, s->last) &&
		       (is_class(g, j + 1, s->last, NW_TRIG_VERB)))
			j += 2;
		collect_after(g, j, s->last, c, &reporter, type == NW_EV_ACCUSATION,
			      type == NW_EV_ACCUSATION ? "of" : NULL);
		if (type == NW_EV_ACCUSATION) {
			size_t k;

			for (k = i; k > s->first; k--) {
				const struct nw_mention *m = mention_at(g, k - 1);

				if (m && m->role == NW_ROLE_NAME && m->entity >= 0 &&
				    m->kind != NW_KIND_NONE) {
					c->by = m->entity;
					break;
				}
			}
		} else {
			c->authority = authority_before(g, s->first, i);
		}
		c->authority = better_authority(g, c->authority, reporter);
	}
	c->date = sentence_date(g, s, &c->background);
	return NW_OK;
}

/* The authority (the subject, or the reporter of "..., X said") and the date a candidate takes from its sentence. */
static void settle_cand(struct tagging *g, const struct nw_sentence *s, size_t i, struct cand *c,
			int reporter)
{
	if (c->authority < 0)
		c->authority = authority_before(g, s->first, i);
	c->authority = better_authority(g, c->authority, reporter);
	c->date = sentence_date(g, s, &c->background);
}

/* "imposed (new) sanctions on X", "lifted sanctions against X". */
static int light_event(struct tagging *g, const struct nw_sentence *s, size_t i, int type)
{
	struct cand *c;
	int reporter;
	size_t j, len, noun = 0;

	for (j = i + 1; j < s->last && j <= i + 5; j++) {
		if (trigger_at(g, j, s->last, NW_EV_ANY, NW_TRIG_NOUN, &len)) {
			noun = j + len;
			break;
		}
	}
	if (!noun)
		return NW_OK;
	/* "and asset freezes on ...": skip a second noun */
	while (noun + 1 < s->last && fold_is(g, noun, "and") &&
	       trigger_at(g, noun + 1, s->last, NW_EV_ANY, NW_TRIG_NOUN, &len))
		noun += 1 + len;
	if (hedged(g, s->first, i) ||
	    (type == NW_EV_DESIGNATION && sentence_has(g, s, NW_TRIG_RENEWAL)))
		return NW_OK;
	/* "imposed a civil penalty on X", "announced charges against Y": enforcement */
	if (type == NW_EV_DESIGNATION && (!strcmp(tok_at(g, noun - 1)->stem, "penalti") ||
					  !strcmp(tok_at(g, noun - 1)->stem, "fine") ||
					  !strcmp(tok_at(g, noun - 1)->stem, "charg") ||
					  !strcmp(tok_at(g, noun - 1)->stem, "indict")))
		type = NW_EV_ENFORCEMENT;
	if (!(c = new_cand(g, type, (uint32_t)(s - g->t->sent))))
		return NW_ENOMEM;
	/* "ordered the freezing of assets held by ...": announced, targets to follow */
	reporter = -1;
	if (noun < s->last && is_class(g, noun, s->last, NW_TRIG_PREP))
		collect_after(g, noun + 1, s->last, c, &reporter, 0, NULL);
	else if (assets_of(g, noun, s->last) != noun)
		collect_after(g, assets_of(g, noun, s->last), s->last, c, &reporter, 0, NULL);
	settle_cand(g, s, i, c, reporter);
	return NW_OK;
}

/* "The new sanctions target X": a sanctions noun as the subject. */
static int subject_event(struct tagging *g, const struct nw_sentence *s, size_t i)
{
	struct cand *c;
	int reporter;
	size_t j;

	if (i == s->first || !trigger_at(g, i - 1, i, NW_EV_ANY, NW_TRIG_NOUN, NULL))
		return NW_OK;
	if (hedged(g, s->first, i) || sentence_has(g, s, NW_TRIG_RENEWAL))
		return NW_OK;
	if (!(c = new_cand(g, NW_EV_DESIGNATION, (uint32_t)(s - g->t->sent))))
		return NW_ENOMEM;
	for (j = s->first; j < i; j++)
		if (fold_is(g, j, "new") || fold_is(g, j, "the"))
			c->anaphoric = 1;
	collect_after(g, i + 1, s->last, c, &reporter, 0, NULL);
	settle_cand(g, s, i, c, reporter);
	return NW_OK;
}

/* "added X to its sanctions list", "removed X from the list". */
static int list_event(struct tagging *g, const struct nw_sentence *s, size_t i, int type)
{
	const char *prep = type == NW_EV_DESIGNATION ? "to" : "from";
	struct cand *c;
	int reporter;
	size_t j, stop;

	if (!verb_form(g, i, s->first, s->last) || hedged(g, s->first, i))
		return NW_OK;
	if (!(c = new_cand(g, type, (uint32_t)(s - g->t->sent))))
		return NW_ENOMEM;
	if (passive_before(g, s->first, i)) {
		collect_before(g, s->first, i, c);
		stop = i + 1;
		reporter = reporter_after(g, i, s->last);
		c->authority = agent_after(g, i + 1, s->last);
	} else {
		stop = collect_after(g, i + 1, s->last, c, &reporter, 0, prep);
	}
	for (j = stop; j < s->last && j < stop + 8; j++)
		if (!strcmp(tok_at(g, j)->stem, "list") || fold_is(g, j, "sdn"))
			break;
	if (stop >= s->last || !fold_is(g, stop, prep) || j == s->last || j == stop + 8) {
		c->dropped = 1;
		return NW_OK;
	}
	settle_cand(g, s, i, c, reporter);
	return NW_OK;
}

/*
 * "The firms are A and B", "the measures apply to C", "The list names D":
 * a sentence that names the targets of what was announced just before.
 * It stands for nothing on its own; assembly joins it to that event.
 */
static int continue_event(struct tagging *g, const struct nw_sentence *s, size_t i, size_t len)
{
	struct cand *c;
	int reporter;
	size_t j, from = i + len;

	const char *f = tok_at(g, i)->fold;
	int copula = !strcmp(f, "are") || !strcmp(f, "is") || !strcmp(f, "apply");

	/* "The list names ...", not "The list": a verb, or "are", "apply to" */
	if (!copula && !ends_with(f, "s") && !ends_with(f, "ed") && !ends_with(f, "ing"))
		return NW_OK;
	if (hedged(g, s->first, i) || sentence_has(g, s, NW_TRIG_RENEWAL))
		return NW_OK;
	/* "The designations cover six individuals: A, B", "listed, namely C" */
	for (j = from; j < s->last && j < from + 8; j++) {
		if (tok_at(g, j)->punct == ':' || fold_is(g, j, "namely")) {
			from = j + 1;
			copula = 1; /* the list follows, whatever the verb's voice */
			break;
		}
		if (mention_at(g, j) && mention_at(g, j)->role == NW_ROLE_NAME)
			break;
	}
	/* "named the officials as X and Y" */
	for (j = from; j < s->last && j < from + 4; j++) {
		const struct nw_mention *m = mention_at(g, j);

		if (m && m->role == NW_ROLE_NAME)
			break;
		if (fold_is(g, j, "as")) {
			from = j + 1;
			break;
		}
	}
	if (!(c = new_cand(g, NW_EV_DESIGNATION, (uint32_t)(s - g->t->sent))))
		return NW_ENOMEM;
	c->cont = 1;
	reporter = -1;
	if (!copula && passive_before(g, s->first, i)) /* "X and Y were named in ..." */
		collect_before(g, s->first, i, c);
	else
		collect_after(g, from, s->last, c, &reporter, 0, NULL);
	settle_cand(g, s, i, c, reporter);
	return NW_OK;
}

/* "new sanctions on X" with no verb (headlines, noun phrases). */
static int noun_event(struct tagging *g, const struct nw_sentence *s, size_t i, size_t len)
{
	size_t j;

	if (i == s->first || !fold_is(g, i - 1, "new") || i + len >= s->last ||
	    !is_class(g, i + len, s->last, NW_TRIG_PREP))
		return NW_OK;
	for (j = i > s->first + 5 ? i - 5 : s->first; j < i; j++)
		if (trigger_at(g, j, s->last, NW_EV_DESIGNATION, NW_TRIG_LIGHT, NULL))
			return NW_OK; /* light_event has it */
	return light_event(g, s, i - 1, NW_EV_DESIGNATION) == NW_OK ? NW_OK : NW_ENOMEM;
}

/* The body a person speaks for, if any: "Foreign Ministry spokesperson Lin Wei". */
static int speaker_of(const struct tagging *g, const struct nw_mention *m, int *person)
{
	int affil = m->affil >= 0 ? m->affil : g->en->ent[m->entity].affil;

	if (g->en->ent[m->entity].kind == NW_KIND_PERSON && affil >= 0) {
		*person = m->entity;
		return affil;
	}
	return m->entity;
}

/* Words that may stand between a subject and its verb: "China on Monday criticised". */
static int skippable(const struct tagging *g, size_t j)
{
	static const char *const words[] = {
	    "on",      "last",	    "this",   "also",	     "has",	  "had",
	    "have",    "again",	    "flatly", "firmly",	     "strongly",  "swiftly",
	    "quickly", "earlier",   "later",  "promptly",    "angrily",	  "week",
	    "today",   "yesterday", "monday", "tuesday",     "wednesday", "thursday",
	    "friday",  "saturday",  "sunday", "immediately", "publicly",  "officially",
	    NULL};
	const struct nw_token *tk = tok_at(g, j);

	return fold_in(g, j, words) || tk->punct == ',' || tk->punct == '"' ||
	       (tk->flags & NW_TOK_NUM);
}

/* The named subject right before token i (skipping time words), or -1. */
static int subject_before(const struct tagging *g, size_t start, size_t i, int *person)
{
	size_t j = i;

	while (j > start) {
		const struct nw_mention *m = mention_at(g, j - 1);

		if (m && m->role == NW_ROLE_NAME && m->entity >= 0) {
			static const char *const preps[] = {"in",  "at",   "of", "by",	 "from",
							    "for", "with", "to", "near", NULL};
			const struct nw_mention *t;

			/* "reached by telephone in Hunchun, denied": not a subject, but
			 * "a director of Victory Lane told" speaks for Victory Lane */
			if (m->first > start && fold_in(g, m->first - 1, preps) &&
			    !(fold_is(g, m->first - 1, "of") && m->first >= start + 2 &&
			      (t = mention_at(g, m->first - 2)) && t->role == NW_ROLE_TITLE))
				return -1;
			return speaker_of(g, m, person);
		}
		/* "Iran's Foreign Ministry spokesman rejected", "Harrowby's lawyer said" */
		if (m && m->role == NW_ROLE_TITLE && m->first > start) {
			const struct nw_mention *b;
			size_t before = m->first;

			if ((tok_at(g, before - 1)->flags & NW_TOK_POSS) && before > start + 1)
				before--;
			b = mention_at(g, before - 1);
			if (b && b->role == NW_ROLE_NAME && b->entity >= 0)
				return speaker_of(g, b, person);
			return -1;
		}
		if (fold_in(g, j - 1, pronouns) && g->last_speaker >= 0) {
			*person = g->last_speaker_person;
			return g->last_speaker;
		}
		if (m || !skippable(g, j - 1))
			return -1;
		j--;
	}
	return -1;
}

/*
 * The speaker of a sentence: "KCNA said", "said Treasury Secretary X",
 * "he told Reuters" (the last speaker).  Sets *person for a spokesperson
 * speaking for a body ("Foreign Ministry Spokesman Geng Shuang said").
 */
static int sentence_speaker(const struct tagging *g, const struct nw_sentence *s, int *person,
			    uint32_t *verb)
{
	static const char *const fillers[] = {"the", "a", "an", "its", "their", NULL};
	size_t v, j;
	int who;

	*person = -1;
	for (v = s->first; v < s->last; v++) {
		/* "the United States" is no reporting verb */
		if (!is_reporting(g, v))
			continue;
		/* "TASS quoted a Kremlin spokesperson as saying": the one quoted speaks */
		*verb = (uint32_t)v;
		if (!fold_is(g, v, "quoted") && (who = subject_before(g, s->first, v, person)) >= 0)
			return who;
		if (g->last_speaker >= 0 && v > s->first && fold_in(g, v - 1, pronouns) &&
		    s - g->t->sent <= (long)g->last_speaker_sent + 3) {
			*person = g->last_speaker_person;
			return g->last_speaker;
		}
		/* "anyone called Ri Kwang Chol" names, it does not report */
		if (fold_is(g, v, "called") || fold_is(g, v, "calls"))
			continue;
		/* "said Treasury Secretary Steven Mnuchin": only titles may come between */
		for (j = v + 1; j < s->last && j < v + 8; j++) {
			const struct nw_mention *m = mention_at(g, j);

			if (m && m->role == NW_ROLE_NAME && m->entity >= 0)
				return speaker_of(g, m, person);
			if (m && m->role == NW_ROLE_TITLE) {
				j = m->last - 1;
				continue;
			}
			if (!fold_in(g, j, fillers))
				break;
		}
	}
	return -1;
}

/* Weak denial cues count only where the sentence is about sanctions or charges. */
static int weak_cue(const char *stem)
{
	static const char *const weak[] = {
	    "oppos",	     "protest",	 "condemn",  "fals",	  "farc",      "absurd",
	    "dismiss",	     "reject",	 "lie",	     "rebuff",	  "impossibl", "illegitim",
	    "refut",	     "criticis", "criticiz", "slam",	  "denounc",   "illeg",
	    "unlaw",	     "interfer", "coerc",    "fake",	  "appeal",    "retali",
	    "countermeasur", "nonsens",	 "ridicul",  "no effect", "unjustifi", "unaccept",
	    "void",	     NULL};
	const char *const *p;

	for (p = weak; *p; p++)
		if (!strncmp(stem, *p, strlen(*p)))
			return 1;
	return 0;
}

static int denial_event(struct tagging *g, const struct nw_sentence *s, size_t k, int speaker,
			int person)
{
	static const char *const context[] = {"sanction", "accus", "alleg", "charg",  "claim",
					      "measur",	  "move",  "decis", "design", "restrict",
					      "action",	  "step",  "list",  NULL};
	const struct nw_mention *m;
	struct cand *c;
	int by = -1;
	uint32_t si = (uint32_t)(s - g->t->sent);

	if (weak_cue(tok_at(g, k)->stem) && !sentence_has_stem(g, s, context))
		return NW_OK;
	/* "Russia's denial" */
	if (k >= 2 && (tok_at(g, k - 1)->flags & NW_TOK_POSS) && (m = mention_at(g, k - 2)) &&
	    m->role == NW_ROLE_NAME && m->entity >= 0) {
		by = m->entity;
		person = -1;
	}
	/* "X said Washington had smeared China": the speaker denies, not Washington */
	if (by < 0 && g->speaker_verb[si] != UINT32_MAX && k > g->speaker_verb[si]) {
		if (speaker < 0)
			return NW_OK;
		by = speaker;
	}
	/* "Beijing rejected ...", "North Korea on Tuesday dismissed ..." */
	if (by < 0 && (tok_at(g, k)->flags & NW_TOK_WORD) && verb_form(g, k, s->first, s->last)) {
		int p2 = -1;

		if ((by = subject_before(g, s->first, k, &p2)) >= 0)
			person = p2;
	}
	/* a second cue with no subject of its own says more of the same denial */
	if (by < 0 && g->nc && g->c[g->nc - 1].type == NW_EV_DENIAL && g->c[g->nc - 1].sent == si)
		return NW_OK;
	if (by < 0)
		by = speaker;
	if (by < 0 && (tok_at(g, s->first)->flags & NW_TOK_QUOTE)) {
		/* a quote attributed later in its paragraph, or earlier */
		if (si + 1 < g->t->nsent && !(tok_at(g, s[1].first)->flags & NW_TOK_NL) &&
		    g->speaker[si + 1] >= 0) {
			by = g->speaker[si + 1];
			person = g->speaker_person[si + 1];
		} else if (si > 0 && !(tok_at(g, s->first)->flags & NW_TOK_NL) &&
			   g->speaker[si - 1] >= 0) {
			by = g->speaker[si - 1];
			person = g->speaker_person[si - 1];
		}
	}
	if (by < 0)
		return NW_OK;
	if (!(c = new_cand(g, NW_EV_DENIAL, si)))
		return NW_ENOMEM;
	c->by = by;
	c->person = person;
	c->date = NW_DATE_NONE;
	return NW_OK;
}

/*
 * "KCTV called the measures 'a foolish act'", "IRNA described the sanctions
 * as 'a stunt'": a party's quoted verdict on the sanctions is a denial.
 */
static int verdict_event(struct tagging *g, const struct nw_sentence *s)
{
	static const char *const verbs[] = {"called",  "calls",	 "described", "describes",
					    "branded", "brands", "labelled",  "labeled",
					    "termed",  NULL};
	static const char *const objects[] = {"sanction", "measur", "move",   "list",	 "accus",
					      "alleg",	  "charg",  "seizur", "step",	 "decis",
					      "action",	  "them",   "it",     "penalti", NULL};
	size_t v, j;

	for (v = s->first; v < s->last; v++) {
		int object = 0, person = -1, by;
		struct cand *c;

		if (!fold_in(g, v, verbs))
			continue;
		for (j = v + 1; j < s->last && j < v + 8; j++) {
			const char *const *o;

			for (o = objects; *o; o++)
				object |= !strncmp(tok_at(g, j)->stem, *o, strlen(*o));
			if (tok_at(g, j)->flags & NW_TOK_QUOTE)
				break;
		}
		if (!object || j == s->last || j == v + 8)
			continue;
		if ((by = subject_before(g, s->first, v, &person)) < 0)
			continue;
		if (!(c = new_cand(g, NW_EV_DENIAL, (uint32_t)(s - g->t->sent))))
			return NW_ENOMEM;
		c->by = by;
		c->person = person;
		return NW_OK;
	}
	return NW_OK;
}

static int scan_sentence(struct tagging *g, const struct nw_sentence *s)
{
	int speaker, person, continued = 0, rc = NW_OK;
	size_t i;

	if (g->nc >= MAX_CANDIDATES)
		return NW_OK;
	speaker = g->speaker[s - g->t->sent];
	person = g->speaker_person[s - g->t->sent];
	for (i = s->first; i < s->last && !rc; i++) {
		const struct nw_lex_entry *e;
		size_t len;

		if (!(e = nw_lexicon_longest(g->tg->lx, g->t, i, s->last, 1, &len)))
			continue;
		for (; e && !rc; e = e->next) {
			if (e->cat != NW_LEX_TRIGGER)
				continue;
			switch (e->cls) {
			case NW_TRIG_VERB:
				rc = verb_event(g, s, i, e->event);
				break;
			case NW_TRIG_LIGHT:
				rc = light_event(g, s, i, e->event);
				break;
			case NW_TRIG_SUBJECT:
				rc = subject_event(g, s, i);
				break;
			case NW_TRIG_LIST:
				rc = list_event(g, s, i, e->event);
				break;
			case NW_TRIG_NOUN:
				if (e->event == NW_EV_ANY)
					rc = noun_event(g, s, i, len);
				break;
			case NW_TRIG_CONTINUE:
				if (!continued) {
					size_t before = g->nc;

					rc = continue_event(g, s, i, len);
					continued = g->nc > before;
				}
				break;
			case NW_TRIG_CUE:
				/* several deniers may share a sentence; one per denier stays */
				if (e->event == NW_EV_DENIAL)
					rc = denial_event(g, s, i, speaker, person);
				break;
			}
		}
	}
	if (!rc)
		rc = verdict_event(g, s);
	if (speaker >= 0) {
		g->last_speaker = speaker;
		g->last_speaker_person = person;
		g->last_speaker_sent = (uint32_t)(s - g->t->sent);
	}
	return rc;
}

static int overlap(const struct cand *a, const struct cand *b)
{
	size_t i, j;

	for (i = 0; i < a->ntargets; i++)
		for (j = 0; j < b->ntargets; j++)
			if (a->targets[i] == b->targets[j])
				return 1;
	return 0;
}

/* Fold src into dst: targets, the more specific authority, date, background. */
static void merge(const struct tagging *g, struct cand *dst, struct cand *src)
{
	size_t k;

	for (k = 0; k < src->ntargets; k++)
		add_target(dst, src->targets[k]);
	dst->authority = better_authority(g, dst->authority, src->authority);
	if (dst->date == NW_DATE_NONE)
		dst->date = src->date;
	dst->background |= src->background;
	src->dropped = 1;
}

/* Countries and governments are not designation targets. */
static void keep_named_targets(const struct tagging *g, struct cand *c)
{
	size_t i, o = 0;

	for (i = 0; i < c->ntargets; i++) {
		int kind = entity_kind(g, c->targets[i]);

		if (kind != NW_KIND_COUNTRY && kind != NW_KIND_GOV)
			c->targets[o++] = c->targets[i];
	}
	c->ntargets = o;
}

static void assemble_listings(struct tagging *g, int type)
{
	struct cand *open = NULL, *named = NULL;
	size_t i;

	for (i = 0; i < g->nc; i++) {
		struct cand *c = &g->c[i];
		int absorbs = 0;

		if (c->dropped)
			continue;
		/* "... said in a statement that accused X, Y and Z of violating sanctions" */
		if (type == NW_EV_DESIGNATION && c->type == NW_EV_ACCUSATION && open &&
		    c->sent - open->sent <= CHAIN_SENTENCES &&
		    authority_capable(entity_kind(g, c->by))) {
			keep_named_targets(g, c);
			if (!c->ntargets)
				continue;
			absorbs = 1;
		}
		if (c->type != type && !absorbs && !c->cont)
			continue;
		if (!absorbs)
			keep_named_targets(g, c);
		if (c->cont) {
			/* names what the open announcement, or the event just named, covers */
			struct cand *to = open && c->sent - open->sent <= CHAIN_SENTENCES ? open
					  : named && c->sent - named->sent <= 2		  ? named
											  : NULL;

			if (!to || !c->ntargets)
				continue; /* perhaps another kind of event's; else dropped later */
			c->cont = 0;
			c->type = (uint8_t)type;
			merge(g, c, to);
			/* the announcement says who acted; the naming sentence only reports */
			c->authority = better_authority(g, to->authority, c->authority);
			if (to == named)
				named = NULL;
			open = NULL;
			named = c;
			continue;
		}
		if (!c->ntargets && !absorbs) {
			if (open && c->sent - open->sent <= CHAIN_SENTENCES)
				merge(g, c, open);
			open = c;
			continue;
		}
		if (absorbs) {
			c->type = (uint8_t)type;
			c->authority = better_authority(g, c->by, c->authority);
			c->by = -1;
		}
		if (open && c->sent - open->sent <= CHAIN_SENTENCES)
			merge(g, c, open);
		open = NULL;
		if (named && (overlap(c, named) || (c->anaphoric && c->sent - named->sent <= 1))) {
			merge(g, named, c);
			continue;
		}
		named = c;
	}
	for (i = 0; i < g->nc; i++)
		if (g->c[i].type == type && !g->c[i].ntargets)
			g->c[i].dropped = 1;
}

/* Index of the first mention in sentence sent or later (mentions are in text order). */
static size_t first_mention(const struct tagging *g, uint32_t sent)
{
	size_t lo = 0, hi = g->en->nmen;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->en->men[mid].sent < sent)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Authorities the sentence left vague: "the United States sanctioned ...,
 * the Treasury Department said" is the Treasury; an event with no authority
 * in its sentence takes the one of the event before it, or is dropped.
 */
static void settle_authorities(struct tagging *g)
{
	int last = -1;
	size_t i, k;

	for (i = 0; i < g->nc; i++) {
		struct cand *c = &g->c[i];
		const struct nw_entity *a;

		if (c->dropped || c->type == NW_EV_DENIAL || c->type == NW_EV_ACCUSATION)
			continue;
		if (c->authority < 0)
			c->authority = last;
		if (c->authority < 0) {
			c->dropped = 1;
			continue;
		}
		a = &g->en->ent[c->authority];
		if (a->kind == NW_KIND_COUNTRY && !strcmp(a->country, "US")) {
			uint32_t from = c->sent > 0 ? c->sent - 1 : 0;

			for (k = first_mention(g, from);
			     k < g->en->nmen && g->en->men[k].sent <= c->sent + 2; k++) {
				const struct nw_mention *m = &g->en->men[k];

				if (m->role == NW_ROLE_NAME && m->entity >= 0 &&
				    entity_kind(g, m->entity) == NW_KIND_GOV &&
				    !strncmp(g->en->ent[m->entity].name, "US ", 3)) {
					c->authority = m->entity;
					break;
				}
			}
		}
		last = c->authority;
	}
}

/* Whether entity ent is a target of a designation or enforcement kept so far. */
static int is_target(const struct tagging *g, int ent)
{
	return ent >= 0 && g->targeted && g->targeted[ent];
}

/* Mark the targets of the designations and enforcement actions kept so far. */
static int mark_targets(struct tagging *g)
{
	size_t i, k;

	g->targeted = nw_arena_alloc(g->a, g->en->nent + NW_ENTITY_SPARE);
	if (!g->targeted)
		return NW_ENOMEM;
	for (i = 0; i < g->nc; i++) {
		const struct cand *c = &g->c[i];

		if (c->dropped || (c->type != NW_EV_DESIGNATION && c->type != NW_EV_ENFORCEMENT))
			continue;
		for (k = 0; k < c->ntargets; k++)
			g->targeted[c->targets[k]] = 1;
	}
	return NW_OK;
}

/*
 * A person's denial counts when the person speaks for a party: a target, or
 * someone named beside a target ("a manager at Yanbian Silverstar ... Jin").
 * An analyst's remark on a denial is not one.
 */
static int party_to_it(const struct tagging *g, const struct cand *c)
{
	const struct nw_entities *en = g->en;
	size_t i;

	if (entity_kind(g, c->by) != NW_KIND_PERSON || is_target(g, c->by))
		return 1;
	for (i = first_mention(g, c->sent > 0 ? c->sent - 1 : 0);
	     i < en->nmen && en->men[i].sent <= c->sent; i++)
		if (en->men[i].entity >= 0 && en->men[i].entity != c->by &&
		    is_target(g, en->men[i].entity))
			return 1;
	return 0;
}

/*
 * A target that speaks for itself in quotes or in the negative ("X told a
 * newspaper that his company 'has never exported a single item'") denies.
 */
static int target_denials(struct tagging *g)
{
	size_t i, j;

	for (i = 0; i < g->t->nsent; i++) {
		const struct nw_sentence *s = &g->t->sent[i];
		int sp = g->speaker[i], says = 0;
		struct cand *c;

		if (sp < 0 || !is_target(g, sp))
			continue;
		for (j = s->first; j < s->last && !says; j++)
			says = (tok_at(g, j)->flags & NW_TOK_QUOTE) || fold_is(g, j, "not") ||
			       fold_is(g, j, "never") || fold_is(g, j, "no") ||
			       ends_with(tok_at(g, j)->fold, "n't");
		if (!says)
			continue;
		if (!(c = new_cand(g, NW_EV_DENIAL, (uint32_t)i)))
			return NW_ENOMEM;
		c->by = sp;
		c->person = g->speaker_person[i];
	}
	return NW_OK;
}

/* Two deniers that are one: the same entity, or a state and its own body. */
static int same_denier(const struct tagging *g, int a, int b)
{
	const struct nw_entity *x = &g->en->ent[a], *y = &g->en->ent[b];

	if (a == b)
		return 1;
	if (!x->country[0] || strcmp(x->country, y->country))
		return 0;
	return (x->kind == NW_KIND_COUNTRY &&
		(y->kind == NW_KIND_GOV || y->kind == NW_KIND_MEDIA)) ||
	       (y->kind == NW_KIND_COUNTRY && (x->kind == NW_KIND_GOV || x->kind == NW_KIND_MEDIA));
}

/* "The UK accused ... the UK": the accuser is never among the accused. */
static void drop_self(const struct tagging *g, struct cand *c)
{
	const char *cc = c->by >= 0 ? g->en->ent[c->by].country : "";
	size_t i, o = 0;

	for (i = 0; i < c->ntargets; i++) {
		const struct nw_entity *t = &g->en->ent[c->targets[i]];

		if (c->targets[i] == c->by ||
		    (cc[0] && t->kind == NW_KIND_COUNTRY && !strcmp(t->country, cc)))
			continue;
		c->targets[o++] = c->targets[i];
	}
	c->ntargets = o;
}

/* One denial per denier, one accusation per accused, enforcement needs targets. */
static void assemble_others(struct tagging *g)
{
	size_t i, j;

	for (i = 0; i < g->nc; i++) {
		struct cand *c = &g->c[i];

		if (c->dropped)
			continue;
		if (c->type == NW_EV_ACCUSATION)
			drop_self(g, c);
		if ((c->type == NW_EV_ENFORCEMENT || c->type == NW_EV_ACCUSATION) &&
		    (!c->ntargets || (c->type == NW_EV_ACCUSATION && c->by < 0))) {
			c->dropped = 1;
			continue;
		}
		if (c->type == NW_EV_ENFORCEMENT)
			keep_named_targets(g, c);
		if ((c->type == NW_EV_ENFORCEMENT && !c->ntargets) ||
		    (c->type == NW_EV_DENIAL && !party_to_it(g, c)))
			c->dropped = 1;
		for (j = 0; j < i && !c->dropped; j++) {
			struct cand *p = &g->c[j];

			if (p->dropped || p->type != c->type)
				continue;
			if (c->type == NW_EV_DENIAL && same_denier(g, p->by, c->by)) {
				/* keep the body ("KCNA") over the state ("North Korea") */
				if (entity_kind(g, p->by) == NW_KIND_COUNTRY && p->by != c->by) {
					p->by = c->by;
					p->person = c->person;
				}
				if (p->person < 0)
					p->person = c->person;
				c->dropped = 1;
			} else if ((c->type == NW_EV_ACCUSATION || c->type == NW_EV_ENFORCEMENT) &&
				   overlap(p, c)) {
				merge(g, p, c);
			}
		}
	}
}

static int is_state(const struct tagging *g, int by)
{
	int kind = entity_kind(g, by);

	return kind == NW_KIND_GOV || kind == NW_KIND_COUNTRY ||
	       (kind == NW_KIND_MEDIA && g->en->ent[by].state);
}

/*
 * "Britain sanctioned ...": the authority is the UK government.  The United
 * States stay as they are, since an American action without an agency
 * named is usually not the government as a whole but one department.
 */
static int government_of(struct tagging *g, int authority)
{
	const struct nw_entity *e;
	const char *gov;
	int ent;

	if (authority < 0)
		return authority;
	e = &g->en->ent[authority];
	/* "Japan's Foreign Ministry designated ...": the Japanese government */
	if (e->kind == NW_KIND_GOV && !strstr(e->name, "Ministry"))
		return authority;
	if (e->kind != NW_KIND_COUNTRY && e->kind != NW_KIND_GOV)
		return authority;
	if (!strcmp(e->country, "US") || !(gov = nw_lexicon_government(g->tg->lx, e->country)))
		return authority;
	ent = nw_entities_add(g->en, gov, NW_KIND_GOV, e->country);
	return ent >= 0 ? ent : authority;
}

static int finish(struct tagging *g, struct nw_tags *out)
{
	size_t i, n = 0;

	for (i = 0; i < g->nc; i++)
		n += !g->c[i].dropped;
	out->ev = nw_arena_alloc(g->a, (n + 1) * sizeof(*out->ev));
	if (!out->ev)
		return NW_ENOMEM;
	for (i = 0; i < g->nc; i++) {
		const struct cand *c = &g->c[i];
		struct nw_event *ev;

		if (c->dropped)
			continue;
		ev = &out->ev[out->nev++];
		ev->type = c->type;
		ev->authority = government_of(g, c->authority);
		ev->background = c->background;
		ev->date = c->date;
		ev->by = c->by;
		ev->person = c->person;
		ev->state = c->type == NW_EV_DENIAL && is_state(g, c->by);
		ev->sent = c->sent;
		ev->ntargets = c->ntargets;
		if (c->ntargets) {
			ev->targets = nw_arena_alloc(g->a, c->ntargets * sizeof(int));
			if (!ev->targets)
				return NW_ENOMEM;
			memcpy(ev->targets, c->targets, c->ntargets * sizeof(int));
		}
	}
	return NW_OK;
}

/*
 * Link persons, organisations, vessels and aircraft to the lists.  This
 * runs last, on the names the events settled, so "Park" resolved to "Pak
 * Jin Hyok" links as the full name.
 */
static int link_entities(const struct nw_tagger *tg, struct nw_tags *out, struct nw_arena *a)
{
	struct nw_link l;
	size_t i;

	if (!tg->lists)
		return NW_OK;
	for (i = 0; i < out->ents.nent; i++) {
		struct nw_entity *e = &out->ents.ent[i];
		struct nw_link *copy;

		if (e->kind != NW_KIND_PERSON && e->kind != NW_KIND_ORG &&
		    e->kind != NW_KIND_VESSEL && e->kind != NW_KIND_AIRCRAFT)
			continue;
		if (!nw_link(tg->lists, e->name, strlen(e->name), e->kind, e->country,
			     tg->link_threshold, &l))
			continue;
		copy = nw_arena_alloc(a, sizeof(*copy));
		if (!copy)
			return NW_ENOMEM;
		*copy = l;
		e->listed = copy;
		e->listed_uid = nw_arena_printf(a, "%s:%s", l.entry->list, l.entry->uid);
		if (!e->listed_uid)
			return NW_ENOMEM;
	}
	return NW_OK;
}

static int about_sanctions(const struct nw_text *t)
{
	size_t i;

	for (i = 0; i < t->ntok; i++) {
		const char *f = t->tok[i].fold;

		if (!strncmp(f, "sanction", 8) || !strncmp(f, "designat", 8) ||
		    !strncmp(f, "blacklist", 9) || !strncmp(f, "delist", 6) ||
		    !strncmp(f, "embargo", 7) || !strcmp(f, "sdn") || !strncmp(f, "freez", 5) ||
		    !strcmp(f, "froze") || !strcmp(f, "frozen") || !strncmp(f, "seiz", 4) ||
		    !strncmp(f, "indict", 6) || !strncmp(f, "smuggl", 6))
			return 1;
	}
	return 0;
}

int nw_tag(struct nw_tagger *tg, const char *text, size_t n, int64_t published, struct nw_arena *a,
	   struct nw_tags *out)
{
	struct tagging g;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = nw_text_analyze(&out->text, text, n, nw_lexicon_stemmer(tg->lx), nw_lexicon_is_abbrev,
			     tg->lx, a);
	if (rc)
		return rc;
	nw_lexicon_prepare(tg->lx, &out->text);
	if ((rc = nw_entities_find(tg->lx, &out->text, a, &out->ents)))
		return rc;
	if (!about_sanctions(&out->text))
		return link_entities(tg, out, a);
	memset(&g, 0, sizeof(g));
	g.tg = tg;
	g.t = &out->text;
	g.en = &out->ents;
	g.a = a;
	g.pub_day = published == NW_DATE_NONE ? NW_DATE_NONE
		    : published >= 0	      ? published / 86400
					      : -((-published + 86399) / 86400);
	g.speaker = nw_arena_alloc(a, (out->text.nsent + 1) * sizeof(int));
	g.speaker_person = nw_arena_alloc(a, (out->text.nsent + 1) * sizeof(int));
	g.speaker_verb = nw_arena_alloc(a, (out->text.nsent + 1) * sizeof(uint32_t));
	if (!g.speaker || !g.speaker_person || !g.speaker_verb)
		return NW_ENOMEM;
	g.last_speaker = g.last_speaker_person = -1;
	for (i = 0; i < out->text.nsent; i++) {
		g.speaker_verb[i] = UINT32_MAX;
		g.speaker[i] = sentence_speaker(&g, &out->text.sent[i], &g.speaker_person[i],
						&g.speaker_verb[i]);
		if (g.speaker[i] >= 0) {
			g.last_speaker = g.speaker[i];
			g.last_speaker_person = g.speaker_person[i];
			g.last_speaker_sent = (uint32_t)i;
		}
	}
	g.last_speaker = g.last_speaker_person = -1;
	for (i = 0; i < out->text.nsent; i++)
		if ((rc = scan_sentence(&g, &out->text.sent[i])))
			return rc;
	assemble_listings(&g, NW_EV_DESIGNATION);
	assemble_listings(&g, NW_EV_DELISTING);
	assemble_listings(&g, NW_EV_ENFORCEMENT);
	for (i = 0; i < g.nc; i++)
		if (g.c[i].cont) /* named nothing anyone announced */
			g.c[i].dropped = 1;
	settle_authorities(&g);
	if ((rc = mark_targets(&g)) || (rc = target_denials(&g)))
		return rc;
	assemble_others(&g);
	if ((rc = finish(&g, out)))
		return rc;
	return link_entities(tg, out, a);
}

const char *nw_event_name(int type)
{
	static const char *const names[] = {"designation", "delisting", "denial", "accusation",
					    "enforcement"};

	return type >= 0 && type < NW_EV_ANY ? names[type] : "unknown";
}

static int json_country(struct nw_buf *b, const char *cc)
{
	return cc[0] ? nw_json_str(b, cc) : nw_buf_addstr(b, "null");
}

/* ,"listed":{list, uid, name, programs, score} when e is linked to a list. */
static int json_listed(struct nw_buf *b, const struct nw_entity *e)
{
	const struct nw_list_entry *le;
	int rc;

	if (!e->listed)
		return NW_OK;
	le = e->listed->entry;
	if ((rc = nw_buf_addstr(b, ",\"listed\":{\"list\":")) || (rc = nw_json_str(b, le->list)) ||
	    (rc = nw_buf_addstr(b, ",\"uid\":")) || (rc = nw_json_str(b, le->uid)) ||
	    (rc = nw_buf_addstr(b, ",\"name\":")) || (rc = nw_json_str(b, le->name)) ||
	    (rc = nw_buf_addstr(b, ",\"programs\":")) || (rc = nw_json_str(b, le->programs)))
		return rc;
	return nw_buf_printf(b, ",\"score\":%.2f}", e->listed->score);
}

static int json_party(const struct nw_tags *t, struct nw_buf *b, int ent, int with_kind)
{
	const struct nw_entity *e;
	int rc;

	if (ent < 0)
		return nw_buf_addstr(b, "null");
	e = &t->ents.ent[ent];
	if ((rc = nw_buf_addstr(b, "{\"name\":")) || (rc = nw_json_str(b, e->name)))
		return rc;
	if (with_kind &&
	    ((rc = nw_buf_addstr(b, ",\"kind\":")) || (rc = nw_json_str(b, nw_kind_name(e->kind)))))
		return rc;
	if ((rc = nw_buf_addstr(b, ",\"country\":")) || (rc = json_country(b, e->country)) ||
	    (rc = json_listed(b, e)))
		return rc;
	return nw_buf_addch(b, '}');
}

static int json_event(const struct nw_tags *t, const struct nw_event *ev, struct nw_buf *b)
{
	const struct nw_sentence *s = &t->text.sent[ev->sent];
	char day[11];
	size_t k;
	int rc;

	if ((rc = nw_buf_addstr(b, "{\"type\":")) ||
	    (rc = nw_json_str(b, nw_event_name(ev->type))) || (rc = nw_buf_addstr(b, ",\"date\":")))
		return rc;
	if (ev->date != NW_DATE_NONE) {
		nw_date_day(ev->date * 86400, day);
		rc = nw_json_str(b, day);
	} else {
		rc = nw_buf_addstr(b, "null");
	}
	if (rc)
		return rc;
	switch (ev->type) {
	case NW_EV_DENIAL:
		if ((rc = nw_buf_addstr(b, ",\"by\":")) || (rc = json_party(t, b, ev->by, 1)) ||
		    (rc = nw_buf_addstr(b, ",\"person\":")) ||
		    (rc = nw_json_str(b, ev->person >= 0 ? t->ents.ent[ev->person].name : NULL)) ||
		    (rc = nw_buf_addstr(b, ev->state ? ",\"state\":true" : ",\"state\":false")))
			return rc;
		break;
	case NW_EV_ACCUSATION:
		if ((rc = nw_buf_addstr(b, ",\"by\":")) || (rc = json_party(t, b, ev->by, 1)) ||
		    (rc = nw_buf_addstr(b, ",\"against\":[")))
			return rc;
		break;
	default:
		if ((rc = nw_buf_addstr(b, ",\"key\":")) || (rc = nw_json_str(b, ev->key)) ||
		    (rc = nw_buf_addstr(b, ev->background ? ",\"background\":true"
							  : ",\"background\":false")) ||
		    (rc = nw_buf_addstr(b, ",\"authority\":")) ||
		    (rc = json_party(t, b, ev->authority, 0)) ||
		    (rc = nw_buf_addstr(b, ",\"targets\":[")))
			return rc;
	}
	if (ev->type != NW_EV_DENIAL) {
		for (k = 0; k < ev->ntargets; k++)
			if ((k && (rc = nw_buf_addch(b, ','))) ||
			    (rc = json_party(t, b, ev->targets[k], 1)))
				return rc;
		if ((rc = nw_buf_addch(b, ']')))
			return rc;
	}
	if ((rc = nw_buf_addstr(b, ",\"evidence\":{\"sentence\":")) ||
	    (rc = nw_json_strn(b, t->text.s + s->start, s->end - s->start)) ||
	    (rc = nw_buf_printf(b, ",\"start\":%u,\"end\":%u}}", s->start, s->end)))
		return rc;
	return NW_OK;
}

int nw_tags_json(const struct nw_tags *t, struct nw_buf *b)
{
	size_t i;
	int rc, first = 1;

	if ((rc = nw_buf_addstr(b, "\"entities\":[")))
		return rc;
	for (i = 0; i < t->ents.nent; i++) {
		const struct nw_entity *e = &t->ents.ent[i];

		if (e->kind == NW_KIND_NONE || !e->mentions)
			continue;
		if ((!first && (rc = nw_buf_addch(b, ','))) ||
		    (rc = nw_buf_addstr(b, "{\"name\":")) || (rc = nw_json_str(b, e->name)) ||
		    (rc = nw_buf_addstr(b, ",\"kind\":")) ||
		    (rc = nw_json_str(b, nw_kind_name(e->kind))) ||
		    (rc = nw_buf_addstr(b, ",\"country\":")) ||
		    (rc = json_country(b, e->country)) ||
		    (rc = nw_buf_printf(b, ",\"mentions\":%d", e->mentions)) ||
		    (rc = json_listed(b, e)) || (rc = nw_buf_addch(b, '}')))
			return rc;
		first = 0;
	}
	if ((rc = nw_buf_addstr(b, "],\"events\":[")))
		return rc;
	for (i = 0; i < t->nev; i++)
		if ((i && (rc = nw_buf_addch(b, ','))) || (rc = json_event(t, &t->ev[i], b)))
			return rc;
	return nw_buf_addch(b, ']');
}

int64_t nw_tag_find_published(const char *text, size_t n)
{
	static const char *const labels[] = {
	    "first published", "last updated", "published", "updated",
	    "update",	       "posted",       "date",	    NULL};
	const char *p = text, *end = text + n;
	int lines = 0;

	while (p < end && lines++ < 60) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *const *l;

		for (l = labels; *l; l++) {
			size_t ll = strlen(*l);
			const char *q;
			int64_t t;

			if ((size_t)(le - p) <= ll || strncasecmp(p, *l, ll))
				continue;
			q = p + ll;
			while (q < le && (*q == ' ' || *q == ':' || *q == '-' || *q == '\t'))
				q++;
			if (le - q > 3 && !strncasecmp(q, "on ", 3))
				q += 3;
			if ((t = nw_date_parse(q, (size_t)(le - q))) != NW_DATE_NONE)
				return t;
			break;
		}
		p = le + 1;
	}
	return NW_DATE_NONE;
}

int nw_tagger_init(struct nw_tagger *tg, const char *lexdir, struct nw_err *e)
{
	tg->lists = NULL;
	tg->link_threshold = NW_LINK_THRESHOLD;
	return nw_lexicon_load(&tg->lx, lexdir, e);
}

void nw_tagger_release(struct nw_tagger *tg)
{
	nw_lexicon_free(tg->lx);
	tg->lx = NULL;
}
