/*
 * lexicon.c - loading the tagger's word lists into one hash table.
 *
 * Every phrase of every list is run through the same tokenizer as article
 * text (text.c), so a lookup compares like with like: the key is the
 * phrase's folded tokens joined by spaces ("f:north korean"), or its stems
 * for triggers ("s:smear campaign").  A key maps to a chain of entries, one
 * per meaning ("Washington" is a capital; "Treasury" is a government body).
 * The defaults hold about 2,500 phrases; loading them takes well under a
 * millisecond, so no cache is kept.
 */
#include <errno.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "hash.h"
#include "idmap.h"
#include "lexicon.h"
#include "text.h"

#define MAX_PHRASE_TOKENS 8
#define KEY_MAX 512

struct slot {
	const char *key;
	struct nw_lex_entry *head;
};

struct nw_lexicon {
	struct nw_arena arena;
	struct nw_arena scratch; /* one phrase's tokens at a time */
	struct sb_stemmer *stemmer;
	struct slot *slots;
	size_t nslots, used;
	size_t maxlen;
	uint16_t ngroups;
	const char *government[26 * 26]; /* by country code */
	struct nw_idmap first;		 /* longest phrase per first word */
};

static struct slot *lookup(const struct nw_lexicon *lx, const char *key)
{
	size_t i = (size_t)nw_fnv1a(key) & (lx->nslots - 1);

	while (lx->slots[i].key && strcmp(lx->slots[i].key, key))
		i = (i + 1) & (lx->nslots - 1);
	return &lx->slots[i];
}

static int grow(struct nw_lexicon *lx)
{
	size_t i, old = lx->nslots;
	struct slot *os = lx->slots;

	lx->nslots = old ? old * 2 : 4096;
	lx->slots = calloc(lx->nslots, sizeof(*lx->slots));
	if (!lx->slots)
		return NW_ENOMEM;
	for (i = 0; i < old; i++)
		if (os[i].key)
			*lookup(lx, os[i].key) = os[i];
	free(os);
	return NW_OK;
}

/* Build the lookup key of tokens [i, i + len) into key; 0 when too long. */
static size_t make_key(const struct nw_text *t, size_t i, size_t len, int by_stem, char *key)
{
	size_t k, o = 2;

	key[0] = by_stem ? 's' : 'f';
	key[1] = ':';
	for (k = i; k < i + len; k++) {
		const char *w = by_stem ? t->tok[k].stem : t->tok[k].fold;
		size_t wl = strlen(w);

		if (o + wl + 2 >= KEY_MAX)
			return 0;
		if (k > i)
			key[o++] = ' ';
		memcpy(key + o, w, wl);
		o += wl;
	}
	key[o] = '\0';
	return o;
}

/*
 * How long the longest phrase starting with a word is, by word ("f") or
 * stem ("s"): a lookup starts there, so the many words that begin no phrase
 * cost one probe of a small table of hashes instead of one string lookup per
 * phrase length.  Two words with one 64-bit hash would only make a lookup
 * try lengths in vain; the phrase itself is always compared in full.
 */
static uint64_t word_hash(const char *w, int by_stem)
{
	return nw_fnv1a_more(nw_fnv1a(by_stem ? "s:" : "f:"), w);
}

static int note_first_word(struct nw_lexicon *lx, const struct nw_text *t, int by_stem)
{
	uint8_t *max =
	    nw_idmap_put(&lx->first, word_hash(by_stem ? t->tok[0].stem : t->tok[0].fold, by_stem));

	if (!max)
		return NW_ENOMEM;
	if (t->ntok > *max)
		*max = (uint8_t)t->ntok;
	return NW_OK;
}

/* The length of the longest phrase that can start at token i, 0 for none. */
static size_t first_word_max(const struct nw_lexicon *lx, const struct nw_text *t, size_t i,
			     int by_stem)
{
	const uint8_t *max;

	if (t->tok[i].lexmax[by_stem] != 255)
		return t->tok[i].lexmax[by_stem];
	max =
	    nw_idmap_get(&lx->first, word_hash(by_stem ? t->tok[i].stem : t->tok[i].fold, by_stem));
	return max ? *max : 0;
}

/* Add phrase (plain text) with the fields of proto. */
static int add_phrase(struct nw_lexicon *lx, const char *phrase, size_t plen,
		      const struct nw_lex_entry *proto, int by_stem)
{
	struct nw_arena *scratch = &lx->scratch;
	struct nw_text t;
	struct nw_lex_entry *en;
	const struct nw_lex_entry *dup;
	struct slot *sl;
	char key[KEY_MAX];
	size_t i;
	int rc, upper = 1, letters = 0;

	while (plen && (phrase[plen - 1] == ' ' || phrase[plen - 1] == '\r'))
		plen--;
	while (plen && *phrase == ' ')
		phrase++, plen--;
	if (!plen)
		return NW_OK;
	nw_arena_reset(scratch);
	rc = nw_text_analyze(&t, phrase, plen, lx->stemmer, NULL, NULL, scratch);
	if (rc || !t.ntok || t.ntok > MAX_PHRASE_TOKENS || !make_key(&t, 0, t.ntok, by_stem, key)) {
		return rc;
	}
	if (lx->used * 2 >= lx->nslots && (rc = grow(lx)))
		goto out;
	rc = NW_ENOMEM;
	if (!(en = nw_arena_alloc(&lx->arena, sizeof(*en))))
		goto out;
	*en = *proto;
	en->ntok = (uint8_t)t.ntok;
	for (i = 0; i < plen; i++) {
		if (phrase[i] >= 'a' && phrase[i] <= 'z')
			upper = 0;
		else if (phrase[i] >= 'A' && phrase[i] <= 'Z')
			letters++;
	}
	if (proto->cat != NW_LEX_TRIGGER && proto->cat != NW_LEX_ABBREV && proto->cat != NW_LEX_CUE)
		en->caps = (upper && letters >= 2) ? 2 : (t.tok[0].flags & NW_TOK_CAP) ? 1 : 0;
	sl = lookup(lx, key);
	if (!sl->key) {
		if (!(sl->key = nw_arena_strdup(&lx->arena, key)))
			goto out;
		lx->used++;
	}
	for (dup = sl->head; dup; dup = dup->next)
		if (dup->cat == en->cat && dup->event == en->event && dup->cls == en->cls &&
		    dup->canon == en->canon && dup->caps == en->caps &&
		    !strcmp(dup->country, en->country))
			break;
	if (dup) { /* the same meaning again, as inflections often are */
		rc = NW_OK;
		goto out;
	}
	en->next = sl->head;
	sl->head = en;
	if (t.ntok > lx->maxlen)
		lx->maxlen = t.ntok;
	rc = note_first_word(lx, &t, by_stem);
out:
	return rc;
}

/* Split s at sep and add each part. */
static int add_list(struct nw_lexicon *lx, const char *s, size_t n, char sep,
		    const struct nw_lex_entry *proto, int by_stem)
{
	size_t i, start = 0;
	int rc;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != sep)
			continue;
		if ((rc = add_phrase(lx, s + start, i - start, proto, by_stem)))
			return rc;
		start = i + 1;
	}
	return NW_OK;
}

/*
 * A trigger and the inflections of its last word, since the stemmer does
 * not always bring them together ("added" stems to "ad", "add" to "add").
 */
static int add_inflected(struct nw_lexicon *lx, const char *s, size_t n,
			 const struct nw_lex_entry *proto)
{
	static const char *const endings[] = {"", "s", "es", "ed", "d", "ing"};
	char word[256];
	size_t k, last = n;
	int rc;

	if (n + 8 > sizeof(word))
		return NW_OK;
	while (last > 0 && s[last - 1] != ' ')
		last--;
	for (k = 0; k < sizeof(endings) / sizeof(endings[0]); k++) {
		snprintf(word, sizeof(word), "%.*s%s", (int)n, s, endings[k]);
		if ((rc = add_phrase(lx, word, strlen(word), proto, 1)))
			return rc;
	}
	/* doubled consonant ("added" after "add" is covered; "slapped", "banned") */
	if (n - last >= 3 && strchr("aeiou", s[n - 2]) && !strchr("aeiouwxy", s[n - 1])) {
		snprintf(word, sizeof(word), "%.*s%ced", (int)n, s, s[n - 1]);
		if ((rc = add_phrase(lx, word, strlen(word), proto, 1)))
			return rc;
		snprintf(word, sizeof(word), "%.*s%cing", (int)n, s, s[n - 1]);
		if ((rc = add_phrase(lx, word, strlen(word), proto, 1)))
			return rc;
	}
	/* "impose" -> "imposing", "imposed" */
	if (n - last >= 3 && s[n - 1] == 'e') {
		snprintf(word, sizeof(word), "%.*sing", (int)n - 1, s);
		if ((rc = add_phrase(lx, word, strlen(word), proto, 1)))
			return rc;
	}
	return NW_OK;
}

/* "Russians", "Iranians": the people of a demonym, for the ones that take an s. */
static int add_plurals(struct nw_lexicon *lx, const char *s, size_t n,
		       const struct nw_lex_entry *proto)
{
	size_t i, start = 0;
	char word[128];
	int rc;

	for (i = 0; i <= n; i++) {
		size_t len = i - start;

		if (i < n && s[i] != '|')
			continue;
		if (len > 2 && len + 2 < sizeof(word) && (s[i - 1] == 'n' || s[i - 1] == 'i')) {
			snprintf(word, sizeof(word), "%.*ss", (int)len, s + start);
			if ((rc = add_phrase(lx, word, len + 1, proto, 0)))
				return rc;
		}
		start = i + 1;
	}
	return NW_OK;
}

/* Length of the first '|'-separated alternative of a field. */
static size_t first_alias(const char *s, size_t n)
{
	const char *bar = memchr(s, '|', n);

	return bar ? (size_t)(bar - s) : n;
}

struct line {
	const char *field[5];
	size_t len[5];
	int nfield;
};

static void split_fields(const char *s, size_t n, struct line *ln)
{
	size_t i, start = 0;

	ln->nfield = 0;
	for (i = 0; i <= n && ln->nfield < 5; i++) {
		if (i < n && s[i] != '\t')
			continue;
		ln->field[ln->nfield] = s + start;
		ln->len[ln->nfield++] = i - start;
		start = i + 1;
	}
}

static const char *const event_names[] = {"designation", "delisting",	"denial",
					  "accusation",	 "enforcement", "any"};
static const char *const class_names[] = {"verb", "light", "subject",  "list",	  "cue",     "noun",
					  "prep", "hedge", "negation", "renewal", "continue"};

static int find_name(const char *const *names, size_t count, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strlen(names[i]) == n && !memcmp(names[i], s, n))
			return (int)i;
	return -1;
}

static void set_country(struct nw_lex_entry *en, const char *s, size_t n)
{
	memset(en->country, 0, sizeof(en->country));
	if (n == 2 || (n == 1 && *s == '?'))
		memcpy(en->country, s, n);
}

/* Parse one line of the list called name; 1 when the line is malformed. */
static int parse_line(struct nw_lexicon *lx, const char *name, const char *s, size_t n, int *bad)
{
	struct nw_lex_entry en;
	struct line ln;
	int rc = NW_OK;

	memset(&en, 0, sizeof(en));
	split_fields(s, n, &ln);
	*bad = 0;
	if (!strcmp(name, "countries")) {
		if (ln.nfield < 2 || ln.len[0] != 2)
			return (*bad = 1), NW_OK;
		set_country(&en, ln.field[0], 2);
		en.canon =
		    nw_arena_strndup(&lx->arena, ln.field[1], first_alias(ln.field[1], ln.len[1]));
		en.cat = NW_LEX_COUNTRY;
		rc = add_list(lx, ln.field[1], ln.len[1], '|', &en, 0);
		en.cat = NW_LEX_DEMONYM;
		if (!rc && ln.nfield > 2)
			rc = add_list(lx, ln.field[2], ln.len[2], '|', &en, 0);
		if (!rc && ln.nfield > 2)
			rc = add_plurals(lx, ln.field[2], ln.len[2], &en);
		en.cat = NW_LEX_CAPITAL;
		if (!rc && ln.nfield > 3)
			rc = add_list(lx, ln.field[3], ln.len[3], '|', &en, 0);
	} else if (!strcmp(name, "authorities") || !strcmp(name, "media")) {
		int media = name[0] == 'm';

		if (ln.nfield < (media ? 3 : 2))
			return (*bad = 1), NW_OK;
		en.cat = media ? NW_LEX_MEDIA : NW_LEX_GOV;
		en.canon = nw_arena_strndup(&lx->arena, ln.field[0], ln.len[0]);
		set_country(&en, ln.field[1], ln.len[1]);
		en.state = media && ln.len[2] == 5 && !memcmp(ln.field[2], "state", 5);
		rc = add_phrase(lx, ln.field[0], ln.len[0], &en, 0);
		if (!media && en.country[0] >= 'A' && en.country[0] <= 'Z' &&
		    en.country[1] >= 'A' && en.country[1] <= 'Z' && ln.len[0] > 11 &&
		    !memcmp(ln.field[0] + ln.len[0] - 11, " government", 11))
			lx->government[(en.country[0] - 'A') * 26 + en.country[1] - 'A'] = en.canon;
		if (!rc && ln.nfield > (media ? 3 : 2))
			rc = add_list(lx, ln.field[media ? 3 : 2], ln.len[media ? 3 : 2], '|', &en,
				      0);
	} else if (!strcmp(name, "cues")) {
		if (ln.nfield < 2)
			return (*bad = 1), NW_OK;
		en.cat = NW_LEX_CUE;
		en.cls = ln.field[0][0]; /* 'o'rg, 'v'essel, 'a'ircraft */
		rc = add_phrase(lx, ln.field[1], ln.len[1], &en, 0);
	} else if (!strcmp(name, "triggers")) {
		int ev, cls;

		if (ln.nfield < 3 || (ev = find_name(event_names, 6, ln.field[0], ln.len[0])) < 0 ||
		    (cls = find_name(class_names, 11, ln.field[1], ln.len[1])) < 0)
			return (*bad = 1), NW_OK;
		en.cat = NW_LEX_TRIGGER;
		en.event = (uint8_t)ev;
		en.cls = (uint8_t)cls;
		rc = add_inflected(lx, ln.field[2], ln.len[2], &en);
	} else if (!strcmp(name, "romanizations")) {
		en.cat = NW_LEX_ROMAN;
		en.group = ++lx->ngroups;
		rc = add_list(lx, s, n, ' ', &en, 0);
	} else {
		static const struct {
			const char *name;
			int cat;
			char sep;
		} simple[] = {
		    {"titles", NW_LEX_TITLE, '\n'},    {"company_suffixes", NW_LEX_SUFFIX, '\n'},
		    {"surnames", NW_LEX_SURNAME, ' '}, {"given_names", NW_LEX_GIVEN, ' '},
		    {"stopcaps", NW_LEX_STOPCAP, ' '}, {"abbreviations", NW_LEX_ABBREV, ' '},
		};
		size_t i;

		for (i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
			if (strcmp(name, simple[i].name))
				continue;
			en.cat = (uint8_t)simple[i].cat;
			return add_list(lx, s, n, simple[i].sep, &en, 0);
		}
	}
	return rc;
}

static int parse_file(struct nw_lexicon *lx, const char *name, const char *text, const char *path,
		      struct nw_err *e)
{
	const char *p = text;
	int lineno = 0, rc, bad;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		lineno++;
		if (n && p[0] != '#') {
			if ((rc = parse_line(lx, name, p, n, &bad)))
				return nw_errorf(e, rc, "%s: %s", path, nw_strcode(rc));
			if (bad)
				return nw_errorf(e, NW_EINVAL, "%s:%d: malformed line", path,
						 lineno);
		}
		p += n + (nl != NULL);
	}
	return NW_OK;
}

int nw_lexicon_load(struct nw_lexicon **out, const char *dir, struct nw_err *e)
{
	const struct nw_lexicon_file *f;
	struct nw_lexicon *lx;
	struct nw_buf file;
	int rc = NW_OK;

	*out = NULL;
	if (!(lx = calloc(1, sizeof(*lx))))
		return nw_errorf(e, NW_ENOMEM, "lexicons: out of memory");
	nw_arena_init(&lx->arena);
	nw_arena_init(&lx->scratch);
	if (!(lx->stemmer = sb_stemmer_new("english", "UTF_8"))) {
		free(lx);
		return nw_errorf(e, NW_EINVAL, "libstemmer has no English stemmer");
	}
	if (dir && access(dir, R_OK | X_OK)) {
		nw_lexicon_free(lx);
		return nw_errorf(e, NW_EINVAL, "%s: %s", dir, strerror(errno));
	}
	nw_buf_init(&file, 16 << 20);
	for (f = nw_lexicon_defaults; f->name && !rc; f++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s.txt", dir ? dir : "", f->name);
		nw_buf_reset(&file);
		if (dir && access(path, F_OK) == 0) {
			if (!(rc = nw_buf_read_file(&file, path, e)))
				rc = parse_file(lx, f->name, file.data, path, e);
		} else {
			snprintf(path, sizeof(path), "(built-in) %s.txt", f->name);
			rc = parse_file(lx, f->name, f->text, path, e);
		}
	}
	nw_buf_release(&file);
	if (rc) {
		nw_lexicon_free(lx);
		return rc;
	}
	*out = lx;
	return NW_OK;
}

void nw_lexicon_free(struct nw_lexicon *lx)
{
	if (!lx)
		return;
	if (lx->stemmer)
		sb_stemmer_delete(lx->stemmer);
	free(lx->slots);
	nw_idmap_release(&lx->first);
	nw_arena_release(&lx->scratch);
	nw_arena_release(&lx->arena);
	free(lx);
}

const struct nw_lex_entry *nw_lexicon_find(const struct nw_lexicon *lx, const struct nw_text *t,
					   size_t i, size_t len, int by_stem, int cat)
{
	const struct nw_lex_entry *en;
	char key[KEY_MAX];

	if (!lx->nslots || !first_word_max(lx, t, i, by_stem) || !make_key(t, i, len, by_stem, key))
		return NULL;
	for (en = lookup(lx, key)->head; en; en = en->next)
		if ((int)en->cat == cat)
			return en;
	return NULL;
}

const struct nw_lex_entry *nw_lexicon_longest(const struct nw_lexicon *lx, const struct nw_text *t,
					      size_t i, size_t end, int by_stem, size_t *len)
{
	char key[KEY_MAX];
	size_t n;

	if (!lx->nslots || i >= end)
		return NULL;
	n = first_word_max(lx, t, i, by_stem);
	if (n > end - i)
		n = end - i;
	for (; n > 0; n--) {
		struct slot *sl;

		if (!make_key(t, i, n, by_stem, key))
			continue;
		sl = lookup(lx, key);
		if (sl->head) {
			*len = n;
			return sl->head;
		}
	}
	return NULL;
}

const struct nw_lex_entry *nw_lexicon_word(const struct nw_lexicon *lx, const char *fold, int cat)
{
	const struct nw_lex_entry *en;
	char key[KEY_MAX];

	if (!lx->nslots || strlen(fold) + 3 > sizeof(key))
		return NULL;
	snprintf(key, sizeof(key), "f:%s", fold);
	for (en = lookup(lx, key)->head; en; en = en->next)
		if ((int)en->cat == cat)
			return en;
	return NULL;
}

void nw_lexicon_prepare(const struct nw_lexicon *lx, struct nw_text *t)
{
	size_t i;

	for (i = 0; i < t->ntok; i++) {
		t->tok[i].lexmax[0] = (uint8_t)first_word_max(lx, t, i, 0);
		t->tok[i].lexmax[1] = (uint8_t)first_word_max(lx, t, i, 1);
	}
}

int nw_lexicon_case_ok(const struct nw_lex_entry *en, const struct nw_text *t, size_t i)
{
	uint16_t f = t->tok[i].flags;

	if (en->caps == 2)
		return (f & NW_TOK_UPPER) || (t->tok[i].end - t->tok[i].start <= 1) ||
		       strchr(t->tok[i].fold, '.') != NULL;
	if (en->caps == 1)
		return (f & (NW_TOK_CAP | NW_TOK_UPPER)) != 0;
	return 1;
}

int nw_lexicon_is_abbrev(const char *fold, const void *ctx)
{
	return nw_lexicon_word(ctx, fold, NW_LEX_ABBREV) != NULL;
}

const char *nw_lexicon_government(const struct nw_lexicon *lx, const char *cc)
{
	if (!cc || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
		return NULL;
	return lx->government[(cc[0] - 'A') * 26 + cc[1] - 'A'];
}

struct sb_stemmer *nw_lexicon_stemmer(const struct nw_lexicon *lx)
{
	return lx->stemmer;
}
