/*
 * entity.c - named entities; see entity.h.
 *
 * Three passes over the tokens.  The first marks lexicon mentions and
 * capitalized runs.  The second classifies each run by its own shape and
 * by the few tokens before it (its "window", which reaches back to the
 * previous name): suffix, cue, title, given or family name, country cue.
 * The third builds the entity table, resolving short mentions to full
 * names and counting mentions.  Unknown runs stay as mentions (the event
 * layer may still take one as a target) but are not entities.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "entity.h"
#include "err.h"
#include "hash.h"
#include "lexicon.h"
#include "text.h"

#define WINDOW 8

const char *nw_kind_name(int kind)
{
	static const char *const names[] = {"unknown", "person",  "org",    "gov",
					    "media",   "country", "vessel", "aircraft"};

	return kind >= 0 && kind <= NW_KIND_AIRCRAFT ? names[kind] : "unknown";
}

/*
 * A hash multimap from keys to entities, so that building the entity table
 * stays linear in the number of mentions however many names a page holds:
 * "n:" full names (kind, country of a body, folded name), "p:" the elements
 * of persons' names, "o:" the first word of organisations' names.
 */
struct index_slot {
	const char *key;
	int ent;
};

struct finder {
	const struct nw_lexicon *lx;
	const struct nw_text *t;
	struct nw_arena *a;
	struct nw_entities *out;
	size_t cap;
	uint32_t sent; /* current sentence */
	struct index_slot *index;
	size_t nindex; /* a power of two */
};

static int is_word(const struct nw_token *tok)
{
	return (tok->flags & NW_TOK_WORD) != 0;
}

static int is_capword(const struct nw_token *tok)
{
	return (tok->flags & NW_TOK_WORD) && (tok->flags & (NW_TOK_CAP | NW_TOK_UPPER)) &&
	       !(tok->flags & NW_TOK_NUM);
}

static int fold_is(const struct nw_token *tok, const char *w)
{
	return !strcmp(tok->fold, w);
}

static struct nw_mention *add_mention(struct finder *f, size_t first, size_t last, int kind,
				      int role)
{
	struct nw_entities *o = f->out;
	struct nw_mention *m;

	if (o->nmen == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		struct nw_mention *nm = nw_arena_alloc_raw(f->a, cap * sizeof(*nm));

		if (!nm)
			return NULL;
		if (o->nmen)
			memcpy(nm, o->men, o->nmen * sizeof(*nm));
		o->men = nm;
		f->cap = cap;
	}
	m = &o->men[o->nmen++];
	m->first = (uint32_t)first;
	m->last = (uint32_t)last;
	m->sent = f->sent;
	m->entity = -1;
	m->affil = -1;
	m->kind = (uint8_t)kind;
	m->role = (uint8_t)role;
	m->capital = 0;
	m->fixed = 0;
	memset(m->country, 0, sizeof(m->country));
	return m;
}

/*
 * A lexicon phrase at token i that types a mention: returns the entry (and
 * *len) when it is a country, demonym, capital, body, medium, title, cue or
 * a capitalized stop word, honouring the lexicon's case rules.
 */
static const struct nw_lex_entry *typed_at(const struct finder *f, size_t i, size_t end,
					   size_t *len)
{
	const struct nw_lex_entry *en, *best = NULL;
	static const int prio[] = {
	    [NW_LEX_GOV] = 9,	  [NW_LEX_MEDIA] = 9, [NW_LEX_COUNTRY] = 8, [NW_LEX_CAPITAL] = 7,
	    [NW_LEX_DEMONYM] = 6, [NW_LEX_TITLE] = 5, [NW_LEX_CUE] = 4,	    [NW_LEX_STOPCAP] = 3,
	};
	size_t n = end - i;

	/* Shorten until a phrase of a useful category matches. */
	while (n > 0) {
		size_t got;

		en = nw_lexicon_longest(f->lx, f->t, i, i + n, 0, &got);
		if (!en)
			return NULL;
		for (; en; en = en->next) {
			if (en->cat >= sizeof(prio) / sizeof(prio[0]) || !prio[en->cat])
				continue;
			if (!nw_lexicon_case_ok(en, f->t, i))
				continue;
			if (en->cat == NW_LEX_STOPCAP && !(f->t->tok[i].flags & NW_TOK_CAP))
				continue;
			if (!best || prio[en->cat] > prio[best->cat])
				best = en;
		}
		if (best) {
			*len = got;
			return best;
		}
		n = got - 1;
	}
	return NULL;
}

static int particle(const struct nw_token *tok)
{
	static const char *const words[] = {"of",  "de",  "al", "el", "bin", "ibn", "van",
					    "von", "der", "la", "du", "da",  "&",   "y"};
	size_t k;

	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (fold_is(tok, words[k]))
			return 1;
	return 0;
}

/* "-based", "-registered": a compound adjective, not the rest of a name. */
static int participle(const struct nw_token *tok)
{
	static const char *const words[] = {"based",	  "registered", "owned",	"backed",
					    "controlled", "linked",	"affiliated",	"flagged",
					    "run",	  "operated",	"made",		"designed",
					    "led",	  "built",	"headquartered"};
	size_t k;

	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (fold_is(tok, words[k]))
			return 1;
	return 0;
}

/* End of the capitalized run starting at i (exclusive). */
static size_t run_end(const struct finder *f, size_t i, size_t end)
{
	const struct nw_token *tok = f->t->tok;
	size_t j = i + 1, len;

	while (j < end) {
		if (is_capword(&tok[j]) && tok[j - 1].end <= tok[j].start &&
		    !(tok[j].flags & NW_TOK_NL)) {
			const struct nw_lex_entry *en = typed_at(f, j, end, &len);

			/* "Zarin Star General Trading FZE": a title inside a company's name */
			if (en && en->cat == NW_LEX_TITLE && j + len < end &&
			    is_capword(&tok[j + len]) &&
			    !nw_lexicon_word(f->lx, tok[j + len].fold, NW_LEX_GIVEN) &&
			    !nw_lexicon_word(f->lx, tok[j + len].fold, NW_LEX_SURNAME))
				en = NULL;
			if (en && en->cat != NW_LEX_CUE)
				break;
			j++;
		} else if ((tok[j].flags & NW_TOK_JOINED) && j + 1 < end && is_word(&tok[j + 1]) &&
			   !participle(&tok[j + 1])) {
			j += 2; /* Jong-un, Al-Assad; not "Bishkek-based" */
		} else if (particle(&tok[j]) && j + 1 < end && is_capword(&tok[j + 1]) &&
			   !typed_at(f, j + 1, end, &len)) {
			j += 2;
		} else {
			break;
		}
	}
	/* "Hae Song 3", "Jin Yang 88": a vessel's number */
	if (j < end && (tok[j].flags & NW_TOK_NUM) && tok[j].end - tok[j].start <= 4 &&
	    !strpbrk(tok[j].fold, ",.") &&
	    (j + 1 == end || !(tok[j + 1].flags & NW_TOK_WORD) || fold_is(&tok[j + 1], "and") ||
	     fold_is(&tok[j + 1], "or")))
		j++;
	return j;
}

/* Pass 1: typed lexicon mentions and capitalized runs of one sentence. */
static int mark_sentence(struct finder *f, const struct nw_sentence *s)
{
	const struct nw_token *tok = f->t->tok;
	size_t i = s->first, len;

	while (i < s->last) {
		const struct nw_lex_entry *en = typed_at(f, i, s->last, &len);
		struct nw_mention *m;

		if (en && en->cat == NW_LEX_STOPCAP) {
			i += len;
			continue;
		}
		if (en && (en->cat == NW_LEX_COUNTRY || en->cat == NW_LEX_CAPITAL) &&
		    i + len < s->last && is_capword(&tok[i + len]) &&
		    tok[i + len].start > tok[i + len - 1].end &&
		    !typed_at(f, i + len, s->last, &(size_t){0})) {
			/* "China Silver Star": a country name leading a longer name */
			size_t e = run_end(f, i + len, s->last);

			if (!(m = add_mention(f, i, e, NW_KIND_NONE, NW_ROLE_NAME)))
				return NW_ENOMEM;
			i = e;
			continue;
		}
		if (en) {
			int kind = NW_KIND_NONE, role = NW_ROLE_NAME;

			switch (en->cat) {
			case NW_LEX_GOV:
				kind = NW_KIND_GOV;
				break;
			case NW_LEX_MEDIA:
				kind = NW_KIND_MEDIA;
				break;
			case NW_LEX_COUNTRY:
			case NW_LEX_CAPITAL:
				kind = NW_KIND_COUNTRY;
				break;
			case NW_LEX_DEMONYM:
				kind = NW_KIND_COUNTRY;
				role = NW_ROLE_DEMONYM;
				break;
			case NW_LEX_TITLE:
				role = NW_ROLE_TITLE;
				break;
			case NW_LEX_CUE:
				role = NW_ROLE_CUE;
				kind = en->cls == 'v'	? NW_KIND_VESSEL
				       : en->cls == 'a' ? NW_KIND_AIRCRAFT
							: NW_KIND_ORG;
				break;
			}
			if (!(m = add_mention(f, i, i + len, kind, role)))
				return NW_ENOMEM;
			m->capital = en->cat == NW_LEX_CAPITAL;
			if (en->country[0] != '?') {
				memcpy(m->country, en->country, 3);
				m->fixed = 1;
			}
			i += len;
			continue;
		}
		if (is_capword(&tok[i])) {
			size_t e = run_end(f, i, s->last);

			if (!add_mention(f, i, e, NW_KIND_NONE, NW_ROLE_NAME))
				return NW_ENOMEM;
			i = e;
			continue;
		}
		i++;
	}
	return NW_OK;
}

static const struct nw_lex_entry *lex_of(const struct finder *f, const struct nw_mention *m,
					 int cat)
{
	return nw_lexicon_find(f->lx, f->t, m->first, m->last - m->first, 0, cat);
}

/* The country an entry-backed mention stands for ("" when none or '?'). */
static const char *mention_country(const struct finder *f, const struct nw_mention *m)
{
	static const int cats[] = {NW_LEX_COUNTRY, NW_LEX_CAPITAL, NW_LEX_DEMONYM, NW_LEX_GOV,
				   NW_LEX_MEDIA};
	size_t k;

	for (k = 0; k < sizeof(cats) / sizeof(cats[0]); k++) {
		const struct nw_lex_entry *en = lex_of(f, m, cats[k]);

		if (en && en->country[0] && en->country[0] != '?')
			return en->country;
	}
	return "";
}

static int is_named(const struct nw_mention *m)
{
	return m->role == NW_ROLE_NAME && m->kind != NW_KIND_COUNTRY;
}

/*
 * Pass 2: classify each unknown run from its shape and its window, and
 * give every name a country where its context says one.
 */
struct context {
	int title, cue_kind, based, adjacent_body; /* adjacent_body: mention index or -1 */
	const char *country;
	int country_dist;
};

static void read_window(const struct finder *f, size_t mi, struct context *c)
{
	const struct nw_entities *o = f->out;
	const struct nw_mention *m = &o->men[mi];
	const struct nw_token *tok = f->t->tok;
	size_t k;

	memset(c, 0, sizeof(*c));
	c->adjacent_body = -1;
	c->country = "";
	for (k = mi; k-- > 0;) {
		const struct nw_mention *p = &o->men[k];
		int dist = (int)m->first - (int)p->last;

		if (p->sent != m->sent || dist > WINDOW)
			break;
		if (p->role == NW_ROLE_TITLE) {
			/* "chief executive Jong Song Hwa", not "a manager at Yanbian Silverstar" */
			if (dist <= 1 && (dist == 0 || tok[p->last].punct == ','))
				c->title = 1;
			continue;
		}
		if (p->role == NW_ROLE_CUE) {
			/* "sister company, Volasys", "the tanker Noor Al Bahr" */
			if (!c->cue_kind && dist <= 2)
				c->cue_kind = p->kind;
			continue;
		}
		if (p->kind == NW_KIND_COUNTRY) {
			const char *cc = mention_country(f, p);
			int based = p->last + 1 < m->first &&
				    (tok[p->last].flags & NW_TOK_JOINED) &&
				    fold_is(&tok[p->last + 1], "based");
			int poss = p->last < m->first && (tok[p->last].flags & NW_TOK_POSS);

			if (!*c->country && cc[0] &&
			    (based || poss || p->role == NW_ROLE_DEMONYM || dist <= 2)) {
				c->country = cc;
				c->country_dist = dist;
				c->based = based;
			}
			continue;
		}
		if (is_named(p)) {
			/* "US Treasury Secretary X", "China's Foreign Ministry Spokesman X" */
			if ((p->kind == NW_KIND_GOV || p->kind == NW_KIND_MEDIA) && c->title &&
			    dist <= 3)
				c->adjacent_body = (int)k;
			break;
		}
	}
}

static int person_shape(const struct finder *f, const struct nw_mention *m)
{
	const struct nw_token *tok = f->t->tok;
	size_t n = m->last - m->first;

	if (n < 2 || n > 5)
		return 0;
	if (n == 3) {
		static const char *const patronymic[] = {"ovich", "evich", "ovna", "evna",  "ichna",
							 "ovych", "ivna",  "auna", "avich", "ich"};
		const char *mid = tok[m->first + 1].fold;
		size_t k, ml = strlen(mid);

		for (k = 0; k < sizeof(patronymic) / sizeof(patronymic[0]); k++) {
			size_t pl = strlen(patronymic[k]);

			if (ml > pl + 2 && !strcmp(mid + ml - pl, patronymic[k]))
				return 1; /* "Vitaly Gennadyevich Orlovsky" */
		}
	}
	return nw_lexicon_word(f->lx, tok[m->first].fold, NW_LEX_GIVEN) ||
	       nw_lexicon_word(f->lx, tok[m->first].fold, NW_LEX_SURNAME) ||
	       nw_lexicon_word(f->lx, tok[m->first].fold, NW_LEX_ROMAN);
}

static void classify(struct finder *f)
{
	struct nw_entities *o = f->out;
	size_t i;

	for (i = 0; i < o->nmen; i++) {
		struct nw_mention *m = &o->men[i];
		const struct nw_token *last = &f->t->tok[m->last - 1];
		struct context c;

		if (m->role != NW_ROLE_NAME || m->kind == NW_KIND_COUNTRY)
			continue;
		read_window(f, i, &c);
		if (m->kind == NW_KIND_NONE && m->last - m->first == 1 && i > 0 &&
		    f->out->men[i - 1].role == NW_ROLE_TITLE &&
		    m->first == f->out->men[i - 1].last &&
		    (fold_is(&f->t->tok[m->first - 1], "name") ||
		     fold_is(&f->t->tok[m->first - 1], "surname")))
			m->kind = NW_KIND_PERSON; /* "his family name Jin" */
		if (m->kind == NW_KIND_NONE && m->last + 2 < f->t->ntok &&
		    f->t->tok[m->last].punct == ',' &&
		    (f->t->tok[m->last + 1].flags & NW_TOK_NUM) &&
		    f->t->tok[m->last + 2].punct == ',')
			m->kind = NW_KIND_PERSON; /* "Ong Kah Seng, 52," */
		if (m->kind == NW_KIND_NONE) {
			if (nw_lexicon_word(f->lx, last->fold, NW_LEX_SUFFIX) &&
			    m->last - m->first > 1)
				m->kind = NW_KIND_ORG;
			else if (c.cue_kind)
				m->kind = (uint8_t)c.cue_kind;
			else if (c.title)
				m->kind = NW_KIND_PERSON;
			else if (c.based)
				m->kind = NW_KIND_ORG;
			else if (person_shape(f, m))
				m->kind = NW_KIND_PERSON;
		}
		if (m->kind == NW_KIND_PERSON && c.adjacent_body >= 0)
			m->affil = c.adjacent_body; /* a mention index until pass 3 */
		if (!m->fixed && !m->country[0] && c.country[0])
			memcpy(m->country, c.country, 3);
		/* "the government", "the administration": a name only with a country */
		if (m->kind == NW_KIND_GOV && !m->fixed && !m->country[0] &&
		    !(f->t->tok[m->first].flags & NW_TOK_CAP)) {
			m->role = NW_ROLE_CUE;
			m->kind = NW_KIND_NONE;
		}
		if (m->kind == NW_KIND_PERSON && !m->country[0] && c.adjacent_body >= 0)
			memcpy(m->country, o->men[c.adjacent_body].country, 3);
	}
}

/* Tokens a and b name the same element: same fold or same romanization group. */
static int same_element(const struct finder *f, size_t a, size_t b)
{
	const struct nw_lex_entry *ra, *rb;

	if (!strcmp(f->t->tok[a].fold, f->t->tok[b].fold))
		return 1;
	ra = nw_lexicon_word(f->lx, f->t->tok[a].fold, NW_LEX_ROMAN);
	rb = nw_lexicon_word(f->lx, f->t->tok[b].fold, NW_LEX_ROMAN);
	return ra && rb && ra->group == rb->group;
}

/*
 * Whether short mention s is a part of long mention l: a person's family
 * or given name ("Mnuchin", "Park" for "Pak Jin Hyok", "Kim"), or the
 * leading words of an organisation's name ("Yanbian Silverstar").
 */
static int is_short_form(const struct finder *f, const struct nw_mention *s,
			 const struct nw_mention *l, int lkind)
{
	size_t ns = s->last - s->first, nl = l->last - l->first, k;

	if (ns >= nl)
		return 0;
	if (lkind == NW_KIND_PERSON) {
		if (ns == 1 &&
		    (same_element(f, s->first, l->last - 1) || same_element(f, s->first, l->first)))
			return 1;
		/* "Auguste-Pierre" for "Micheline Auguste-Pierre": the family name whole */
		for (k = 0; k < ns; k++)
			if (!same_element(f, s->first + k, l->last - ns + k))
				return 0;
		return 1;
	}
	if (lkind == NW_KIND_ORG || lkind == NW_KIND_VESSEL) {
		for (k = 0; k < ns; k++)
			if (!same_element(f, s->first + k, l->first + k))
				return 0;
		return 1;
	}
	return 0;
}

/* Text of mention m as a name: the source bytes with white space collapsed. */
static const char *span_name(struct finder *f, const struct nw_mention *m)
{
	const char *s = f->t->s + f->t->tok[m->first].start;
	size_t n = f->t->tok[m->last - 1].end - f->t->tok[m->first].start, i, o = 0;
	char *p = nw_arena_alloc(f->a, n + 1);

	if (!p)
		return NULL;
	for (i = 0; i < n; i++) {
		char c = s[i] == '\n' || s[i] == '\t' ? ' ' : s[i];

		if (c == ' ' && o && p[o - 1] == ' ')
			continue;
		p[o++] = c;
	}
	p[o] = '\0';
	return p;
}

/* The canonical name of the country with code cc, from a mention of it. */
static const char *country_name(const struct finder *f, const char *cc)
{
	size_t i;

	for (i = 0; i < f->out->nmen; i++) {
		const struct nw_mention *m = &f->out->men[i];
		const struct nw_lex_entry *en;

		if (m->kind != NW_KIND_COUNTRY || strcmp(m->country, cc))
			continue;
		if ((en = lex_of(f, m, NW_LEX_COUNTRY)) || (en = lex_of(f, m, NW_LEX_DEMONYM)) ||
		    (en = lex_of(f, m, NW_LEX_CAPITAL)))
			return en->canon;
	}
	return NULL;
}

static const char *canonical_name(struct finder *f, const struct nw_mention *m)
{
	static const int cats[] = {NW_LEX_GOV, NW_LEX_MEDIA, NW_LEX_COUNTRY, NW_LEX_CAPITAL,
				   NW_LEX_DEMONYM};
	size_t k;

	for (k = 0; k < sizeof(cats) / sizeof(cats[0]); k++) {
		const struct nw_lex_entry *en = lex_of(f, m, cats[k]);

		if (en && en->canon && cats[k] == NW_LEX_GOV && m->country[0] &&
		    !strcmp(en->canon, "government") && nw_lexicon_government(f->lx, m->country))
			return nw_lexicon_government(f->lx, m->country); /* "Japan's government" */
		if (en && en->canon && cats[k] == NW_LEX_GOV && m->country[0] &&
		    !strcmp(en->canon, "government") && country_name(f, m->country))
			return country_name(f, m->country); /* "Nicaragua's government" */
		if (en && en->canon &&
		    ((m->kind == NW_KIND_GOV) == (cats[k] == NW_LEX_GOV) ||
		     m->kind == NW_KIND_COUNTRY))
			return en->canon;
	}
	return span_name(f, m);
}

static int index_add(struct finder *f, const char *key, int ent)
{
	size_t i = (size_t)nw_fnv1a(key) & (f->nindex - 1);
	char *copy = nw_arena_strdup(f->a, key);

	if (!copy)
		return NW_ENOMEM;
	while (f->index[i].key) {
		if (f->index[i].ent == ent && !strcmp(f->index[i].key, key))
			return NW_OK;
		i = (i + 1) & (f->nindex - 1);
	}
	f->index[i].key = copy;
	f->index[i].ent = ent;
	return NW_OK;
}

/* The next entity filed under key after slot *at (start with *at = -1), or -1. */
static int index_next(const struct finder *f, const char *key, long *at)
{
	size_t i =
	    *at < 0 ? (size_t)nw_fnv1a(key) & (f->nindex - 1) : ((size_t)*at + 1) & (f->nindex - 1);

	for (; f->index[i].key; i = (i + 1) & (f->nindex - 1)) {
		if (!strcmp(f->index[i].key, key)) {
			*at = (long)i;
			return f->index[i].ent;
		}
	}
	return -1;
}

static void name_key(char *key, size_t size, int kind, const char *country, const char *name)
{
	size_t o =
	    (size_t)snprintf(key, size, "n:%d:%s:", kind, kind == NW_KIND_GOV ? country : "");

	for (; *name && o + 1 < size; name++)
		key[o++] = (*name >= 'A' && *name <= 'Z') ? (char)(*name + 32) : *name;
	key[o < size ? o : size - 1] = '\0';
}

/* The keys a short form can be found by: name elements, or a first word. */
static int index_parts(struct finder *f, const struct nw_mention *m, int ent)
{
	const struct nw_token *tok = f->t->tok;
	char key[300];
	int rc = NW_OK;

	if (m->kind == NW_KIND_PERSON) {
		size_t ends[2] = {m->first, m->last - 1}, k;

		for (k = 0; k < 2 && !rc; k++) {
			const struct nw_lex_entry *r =
			    nw_lexicon_word(f->lx, tok[ends[k]].fold, NW_LEX_ROMAN);

			if (r)
				snprintf(key, sizeof(key), "p:#%u", r->group);
			else
				snprintf(key, sizeof(key), "p:%s", tok[ends[k]].fold);
			rc = index_add(f, key, ent);
		}
	} else if (m->kind == NW_KIND_ORG || m->kind == NW_KIND_VESSEL) {
		snprintf(key, sizeof(key), "o:%s", tok[m->first].fold);
		rc = index_add(f, key, ent);
	}
	return rc;
}

static int entity_for(struct finder *f, size_t mi, const char *name)
{
	struct nw_entities *o = f->out;
	struct nw_mention *m = &o->men[mi];
	struct nw_entity *e;
	char key[600];
	long at = -1;
	int k;

	name_key(key, sizeof(key), m->kind, m->country, name);
	if ((k = index_next(f, key, &at)) >= 0)
		return k;
	if (index_add(f, key, (int)o->nent) || index_parts(f, m, (int)o->nent))
		return -1;
	e = &o->ent[o->nent];
	e->name = name;
	e->kind = m->kind;
	memcpy(e->country, m->country, 3);
	e->first_token = m->first;
	e->defining = (int)mi;
	e->affil = -1;
	if (m->kind == NW_KIND_GOV)
		e->state = 1;
	if (m->kind == NW_KIND_MEDIA) {
		const struct nw_lex_entry *en = lex_of(f, m, NW_LEX_MEDIA);

		e->state = en && en->state;
	}
	return (int)o->nent++;
}

/*
 * The entity that mention m is a short form of (of kind only_kind, or any
 * when it is -1), looked up by the name element or first word it shares.
 */
static int find_long_form(const struct finder *f, const struct nw_mention *m, int only_kind)
{
	const struct nw_token *tok = f->t->tok;
	const struct nw_lex_entry *r = nw_lexicon_word(f->lx, tok[m->first].fold, NW_LEX_ROMAN);
	char keys[2][300];
	size_t k;

	if (r)
		snprintf(keys[0], sizeof(keys[0]), "p:#%u", r->group);
	else
		snprintf(keys[0], sizeof(keys[0]), "p:%s", tok[m->last - 1].fold);
	snprintf(keys[1], sizeof(keys[1]), "o:%s", tok[m->first].fold);
	for (k = 0; k < 2; k++) {
		long at = -1;
		int ent;

		while ((ent = index_next(f, keys[k], &at)) >= 0) {
			const struct nw_entity *e = &f->out->ent[ent];

			if ((only_kind < 0 || e->kind == only_kind) &&
			    is_short_form(f, m, &f->out->men[e->defining], e->kind))
				return ent;
		}
	}
	return -1;
}

/*
 * "a Chinese company, its North Korean CEO ..." then "its CEO Jong Song Hwa":
 * a person the text names only by a role takes the country that role was
 * given where the text spoke of it in general.
 */
static void countries_by_role(struct finder *f)
{
	struct nw_entities *o = f->out;
	struct {
		const char *title;
		const char *country;
	} roles[32];
	size_t i, k, nroles = 0;

	for (k = 1; k < o->nmen && nroles < 32; k++) {
		const struct nw_mention *t = &o->men[k], *dem = &o->men[k - 1];

		if (t->role == NW_ROLE_TITLE && dem->role == NW_ROLE_DEMONYM &&
		    dem->last == t->first && dem->country[0]) {
			roles[nroles].title = f->t->tok[t->first].fold;
			roles[nroles++].country = dem->country;
		}
	}
	for (i = 0; i < o->nent && nroles; i++) {
		struct nw_entity *e = &o->ent[i];
		const struct nw_mention *d, *title;

		if (e->kind != NW_KIND_PERSON || e->country[0] || e->defining < 1)
			continue;
		d = &o->men[e->defining];
		title = &o->men[e->defining - 1];
		if (title->role != NW_ROLE_TITLE || title->sent != d->sent ||
		    d->first - title->last > 1)
			continue;
		for (k = 0; k < nroles; k++) {
			if (!strcmp(roles[k].title, f->t->tok[title->first].fold)) {
				memcpy(e->country, roles[k].country, 3);
				break;
			}
		}
	}
}

/* Pass 3: the entity table. */
static int build(struct finder *f)
{
	struct nw_entities *o = f->out;
	size_t i;

	o->ent = nw_arena_alloc(f->a, (o->nmen + NW_ENTITY_SPARE) * sizeof(*o->ent));
	for (f->nindex = 64; f->nindex < 8 * (o->nmen + 1); f->nindex *= 2)
		;
	f->index = nw_arena_alloc(f->a, f->nindex * sizeof(*f->index));
	if (!o->ent || !f->index)
		return NW_ENOMEM;
	/* Full names first, so short forms can find them wherever they stand. */
	for (i = 0; i < o->nmen; i++) {
		struct nw_mention *m = &o->men[i];
		const char *name;

		if (m->role == NW_ROLE_TITLE || m->role == NW_ROLE_CUE || m->kind == NW_KIND_NONE)
			continue;
		if (m->kind == NW_KIND_PERSON)
			continue;
		if (!(name = canonical_name(f, m)))
			return NW_ENOMEM;
		m->entity = entity_for(f, i, name);
	}
	/* Then persons, unless they are a company's short name ("Yanbian Silverstar"). */
	for (i = 0; i < o->nmen; i++) {
		struct nw_mention *m = &o->men[i];
		const char *name;

		if (m->kind != NW_KIND_PERSON || m->last - m->first == 1 || m->role != NW_ROLE_NAME)
			continue;
		m->entity = find_long_form(f, m, NW_KIND_ORG);
		if (m->entity >= 0) {
			m->kind = NW_KIND_ORG;
			continue;
		}
		if (!(name = span_name(f, m)))
			return NW_ENOMEM;
		m->entity = entity_for(f, i, name);
	}
	for (i = 0; i < o->nmen; i++) {
		struct nw_mention *m = &o->men[i];

		if (m->entity >= 0 || m->role != NW_ROLE_NAME)
			continue;
		m->entity = find_long_form(f, m, -1);
		if (m->entity >= 0) {
			m->kind = o->ent[m->entity].kind;
		} else if (m->kind == NW_KIND_PERSON) {
			const char *name = span_name(f, m);

			if (!name)
				return NW_ENOMEM;
			m->entity = entity_for(f, i, name);
		}
	}
	for (i = 0; i < o->nmen; i++) {
		struct nw_mention *m = &o->men[i];

		if (m->entity < 0)
			continue;
		o->ent[m->entity].mentions++;
		if (!o->ent[m->entity].country[0] && m->country[0])
			memcpy(o->ent[m->entity].country, m->country, 3);
		if (m->affil >= 0)
			m->affil = o->men[m->affil].entity;
		if (m->affil >= 0 && o->ent[m->entity].affil < 0)
			o->ent[m->entity].affil = m->affil;
	}
	return NW_OK;
}

int nw_entities_find(const struct nw_lexicon *lx, const struct nw_text *t, struct nw_arena *a,
		     struct nw_entities *out)
{
	struct finder f = {lx, t, a, out, 0, 0, NULL, 0};
	size_t i, k;
	int rc;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < t->nsent; i++) {
		f.sent = (uint32_t)i;
		if ((rc = mark_sentence(&f, &t->sent[i])))
			return rc;
	}
	classify(&f);
	if ((rc = build(&f)))
		return rc;
	countries_by_role(&f);
	if (!(out->men_at = nw_arena_alloc_raw(a, (t->ntok + 1) * sizeof(int))))
		return NW_ENOMEM;
	for (i = 0; i < t->ntok; i++)
		out->men_at[i] = -1;
	for (i = 0; i < out->nmen; i++)
		for (k = out->men[i].first; k < out->men[i].last; k++)
			out->men_at[k] = (int)i;
	return NW_OK;
}

int nw_entities_add(struct nw_entities *en, const char *name, int kind, const char *country)
{
	struct nw_entity *e;
	size_t k;

	for (k = 0; k < en->nent; k++)
		if (en->ent[k].kind == kind && !strcmp(en->ent[k].name, name))
			return (int)k;
	if (en->added >= NW_ENTITY_SPARE - 1)
		return -1;
	en->added++;
	e = &en->ent[en->nent];
	memset(e, 0, sizeof(*e));
	e->name = name;
	e->kind = (uint8_t)kind;
	snprintf(e->country, sizeof(e->country), "%s", country ? country : "");
	e->state = kind == NW_KIND_GOV;
	e->affil = e->defining = -1;
	return (int)en->nent++;
}
