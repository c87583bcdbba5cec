/*
 * link.c - normalizing names, the token index over the lists, and linking;
 * see link.h.
 *
 * Every name of the lists (primary names and aliases) is normalized once,
 * at load, into at most MAXTOK tokens; each token, and each pair of
 * adjacent tokens written together ("silver" "star" -> "silverstar"), is a
 * key of one interned dictionary with a postings list of the names holding
 * it (sorted by name) and a rarity weight.  A query is normalized the same
 * way; its candidates are the names in the postings of its rarest tokens:
 * enough of them that a name missing all of them could not reach the
 * threshold (a Dice score >= t needs the matched tokens to carry t/(2-t)
 * of the query's weight), plus its adjacent-pair keys.  Each candidate is
 * scored by aligning tokens (exact, then pair-to-one, then Jaro-Winkler).
 *
 * Sizes: the 2021 SDN list gives 23,000 names, 72,000 tokens, 49,000
 * adjacent pairs and 50,000 distinct keys; the index is 3.5 MB (1 MB of it
 * the hash table).  Linking a name reads a few postings lists: 20
 * candidates on average, rarely more than a few hundred.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entity.h"
#include "err.h"
#include "hash.h"
#include "link.h"
#include "lists.h"
#include "utf8.h"

#define MAXTOK 32   /* tokens of one name kept */
#define TOKLEN 48   /* bytes of one token kept */
#define NORMBUF 640 /* bytes of one normalized name: MAXTOK * (TOKLEN/3 + 1) is typical */
#define MAXIN 1024  /* bytes of a query looked at */
#define NONE UINT32_MAX
#define MAX_CANDIDATES 50000 /* names scored for one query at most */
#define KEY_TOKEN 1	     /* kuse: the key is a token of some name */
#define KEY_PAIR 2	     /* kuse: the key is two adjacent tokens of some name */

/* Precision rules; see link.h. */
#define COUNTRY_FACTOR 0.9   /* both countries known and different */
#define SINGLE_MAX_DF 30     /* a one-word link needs a word at most this many names use */
#define SINGLE_MIN_LEN 4     /* ... and at least this long */
#define INFO_FACTOR 0.85     /* exactly matched weight >= INFO_FACTOR * log(names + 1) */
#define INFO_WEAK_FACTOR 1.2 /* the same for OFAC's weak aliases (nicknames) */
#define COMMON_CAP 0.45	     /* weight cap of common_parts[], times log(names + 1) */
#define PREFIX_SLACK 0.08    /* candidates as if the threshold were this much lower */
#define JW_MIN 0.9	     /* Jaro-Winkler similarity that counts as a match */
#define JW_MIN_LEN 4	     /* shorter tokens must match exactly */

struct toks {
	const uint16_t *words; /* the spelling table hashed (words_build), or NULL */
	int n;
	int nlast; /* tokens before the first comma, or -1 when there is none */
	uint16_t off[MAXTOK];
	uint8_t len[MAXTOK];
	size_t used;
	char buf[NORMBUF]; /* each token NUL-terminated */
};

/*
 * Spellings of one name element, mapped to one of them.  Both sides of a
 * comparison go through the table, so the target spelling is arbitrary.
 * A target with a space becomes two tokens ("abdul" -> "abd al").  Sorted
 * by the first column (strcmp), for bsearch.
 */
static const char *const canon[][2] = {
    {"abdal", "abd al"},
    {"abdallah", "abdullah"},
    {"abdel", "abd al"},
    {"abdol", "abd al"},
    {"abdoul", "abd al"},
    {"abdul", "abd al"},
    {"abdulla", "abdullah"},
    {"abo", "abu"},
    {"abou", "abu"},
    {"ahmed", "ahmad"},
    {"ahmet", "ahmad"},
    {"aleksander", "aleksandr"},
    {"aleksei", "aleksey"},
    {"alexander", "aleksandr"},
    {"alexandr", "aleksandr"},
    {"alexei", "aleksey"},
    {"alexey", "aleksey"},
    {"aliaksandr", "aleksandr"},
    {"aly", "ali"},
    {"alyaksandr", "aleksandr"},
    {"andrei", "andrey"},
    {"bak", "pak"},
    {"bin", "ibn"},
    {"cho", "jo"},
    {"choi", "choe"},
    {"chong", "jong"},
    {"choy", "choe"},
    {"chung", "jong"},
    {"dmitri", "dmitry"},
    {"dmitriy", "dmitry"},
    {"el", "al"},
    {"evgeniy", "yevgeny"},
    {"evgeny", "yevgeny"},
    {"gang", "kang"},
    {"ghasem", "qasem"},
    {"gim", "kim"},
    {"hameed", "hamid"},
    {"hassan", "hasan"},
    {"hezbollah", "hizballah"},
    {"hizbollah", "hizballah"},
    {"hosein", "husayn"},
    {"hossein", "husayn"},
    {"husain", "husayn"},
    {"husein", "husayn"},
    {"hussain", "husayn"},
    {"hussein", "husayn"},
    {"hyun", "hyon"},
    {"jaafar", "jafar"},
    {"jeong", "jong"},
    {"jung", "jong"},
    {"kasem", "qasem"},
    {"khaled", "khalid"},
    {"lee", "ri"},
    {"li", "ri"},
    {"mahmood", "mahmud"},
    {"mahmoud", "mahmud"},
    {"mohamad", "muhammad"},
    {"mohamed", "muhammad"},
    {"mohammad", "muhammad"},
    {"mohammed", "muhammad"},
    {"mohd", "muhammad"},
    {"mostafa", "mustafa"},
    {"muhamad", "muhammad"},
    {"muhammed", "muhammad"},
    {"mustapha", "mustafa"},
    {"nikolai", "nikolay"},
    {"oh", "o"},
    {"park", "pak"},
    {"qasim", "qasem"},
    {"qassem", "qasem"},
    {"rasheed", "rashid"},
    {"rhee", "ri"},
    {"rhie", "ri"},
    {"saeed", "said"},
    {"sayed", "said"},
    {"sergei", "sergey"},
    {"soleiman", "suleiman"},
    {"sulaiman", "suleiman"},
    {"sulayman", "suleiman"},
    {"ul", "al"},
    {"umar", "omar"},
    {"usama", "osama"},
    {"yevgeniy", "yevgeny"},
    {"yi", "ri"},
    {"yoo", "ryu"},
    {"yoon", "yun"},
    {"yousef", "yusuf"},
    {"yousif", "yusuf"},
    {"youssef", "yusuf"},
    {"yousuf", "yusuf"},
    {"yuriy", "yuri"},
    {"yury", "yuri"},
    {"yusef", "yusuf"},
};

/* Words that end a company name and say nothing about which one. Sorted. */
static const char *const corp_suffixes[] = {
    "ag",  "ao",      "bhd", "bv",   "cjsc", "co",   "company", "corp",		"corporation",
    "cv",  "dmcc",    "fzc", "fzco", "fze",  "gmbh", "inc",	"incorporated", "jsc",
    "kg",  "limited", "llc", "llp",  "lp",   "ltd",  "nv",	"oao",		"ojsc",
    "ooo", "oy",      "pao", "pjsc", "plc",  "pte",  "pty",	"pvt",		"rl",
    "sa",  "sac",     "sal", "sarl", "sas",  "sdn",  "spa",	"srl",		"zao",
};

/* Titles dropped wherever they stand ("AL ZAWAHIRI, Dr. Ayman"). Sorted. */
static const char *const titles[] = {
    "capt", "col", "dr", "gen", "jr", "lt", "maj", "mr", "mrs", "ms", "prof", "sgt", "sr",
};

/* Words too common in news to name anything alone, whatever the lists say. Sorted. */
static const char *const generic[] = {
    "agency",	     "airlines",     "arizona",
    "bank",	     "base",	     "both",
    "canal",	     "capital",	     "central",
    "china",	     "company",	     "corporation",
    "denise",	     "eagles",	     "elemento",
    "emma",	     "energy",	     "evil",
    "export",	     "finance",	     "galapagos",
    "general",	     "global",	     "gorge",
    "group",	     "handyman",     "holding",
    "holdings",	     "import",	     "impulse",
    "industrial",    "industries",   "intercontinental",
    "international", "intersection", "investment",
    "iran",	     "korea",	     "leverage",
    "logistics",     "marine",	     "ministry",
    "national",	     "network",	     "oil",
    "optima",	     "petroleum",    "russia",
    "services",	     "shipping",     "solid",
    "source",	     "state",	     "step",
    "syria",	     "technology",   "timber",
    "trading",	     "trust",	     "unidas",
    "union",	     "united",	     "venezuela",
    "wayside",
};

/*
 * Name elements so common in the world that the lists' own counts
 * understate it (a watchlist of ten names makes "Muhammad" look rare):
 * their weight, and that of generic[] words, is capped at COMMON_CAP *
 * log(names + 1).  Spelt as canon[] leaves them.
 */
static const char *const common_parts[] = {
    "abd",    "abdullah", "abu",     "ahmad",	 "al",	   "ali",	"bin",	     "bint",
    "chen",   "choe",	  "garcia",  "gonzalez", "han",	   "hasan",	"hernandez", "huang",
    "husayn", "ibn",	  "ibrahim", "jang",	 "jo",	   "jong",	"kang",	     "khan",
    "kim",    "li",	  "liu",     "lopez",	 "mahmud", "martinez",	"muhammad",  "mustafa",
    "o",      "omar",	  "pak",     "perez",	 "ri",	   "rodriguez", "said",	     "sanchez",
    "wang",   "wu",	  "yang",    "yun",	 "yusuf",  "zhang",	"zhao",	     "zhou",
};

/* strcmp, inline: the tables are searched once a word at load. */
static int str_cmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/* Binary search of a sorted table whose rows start with a string; the row or NULL. */
static const void *find_row(const char *w, const void *table, size_t n, size_t size)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *const *row = (const void *)((const char *)table + mid * size);
		int c = str_cmp(w, *row);

		if (!c)
			return row;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int in_set(const char *w, const char *const *set, size_t n)
{
	return find_row(w, set, n, sizeof(*set)) != NULL;
}

#define IN_SET(w, set) in_set(w, set, sizeof(set) / sizeof(set[0]))

/* ----- normalization ----- */

/*
 * ASCII letters for U+00C0..U+00FF ('?': two letters, '*': not a letter)
 * and U+0100..U+017F (two letters for U+0132/3 and U+0152/3).
 */
static const char latin1[] = "aaaaaa?ceeeeiiiidnooooo*ouuuuy??"
			     "aaaaaa?ceeeeiiiidnooooo*ouuuuy?y";
static const char latin_ext_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkk"
				  "llllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuu"
				  "wwyyyzzzzzzs";

/* The ASCII spelling of cp >= 0x80 in a token: "" deletes it, NULL separates. */
static const char *fold_cp(uint32_t cp, char tmp[2])
{
	tmp[1] = '\0';
	if (cp >= 0xC0 && cp <= 0xFF) {
		switch (cp) {
		case 0xC6:
		case 0xE6:
			return "ae";
		case 0xDE:
		case 0xFE:
			return "th";
		case 0xDF:
			return "ss";
		case 0xD7:
		case 0xF7:
			return NULL;
		}
		tmp[0] = latin1[cp - 0xC0];
		return tmp;
	}
	if (cp >= 0x100 && cp <= 0x17F) {
		if (cp == 0x132 || cp == 0x133)
			return "ij";
		if (cp == 0x152 || cp == 0x153)
			return "oe";
		tmp[0] = latin_ext_a[cp - 0x100];
		return tmp;
	}
	if (cp == 0xB4 || cp == 0x2BB || cp == 0x2BC || cp == 0x2018 || cp == 0x2019 ||
	    (cp >= 0x300 && cp <= 0x36F))
		return ""; /* apostrophes, combining accents */
	return NULL;
}

/* Other scripts keep their bytes; punctuation blocks separate. */
static int is_separator_cp(uint32_t cp)
{
	return cp < 0x180 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF20) || cp == 0xFEFF;
}

static void push_tok(struct toks *t, const char *s, size_t n)
{
	if (t->n >= MAXTOK || !n || t->used + n + 1 > sizeof(t->buf))
		return;
	memcpy(t->buf + t->used, s, n);
	t->buf[t->used + n] = '\0';
	t->off[t->n] = (uint16_t)t->used;
	t->len[t->n] = (uint8_t)n;
	t->used += n + 1;
	t->n++;
}

#define NCANON (sizeof(canon) / sizeof(canon[0]))
#define NCOMMON (sizeof(common_parts) / sizeof(common_parts[0]))
#define NGENERIC (sizeof(generic) / sizeof(generic[0]))
#define NTITLES (sizeof(titles) / sizeof(titles[0]))
#define TITLE_BIT 0x8000

static uint32_t hash32(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Hash the spelling and title tables into words, so a word costs one probe, not a bsearch. */
static void words_build(uint16_t words[NW_LINK_WORDS])
{
	size_t r;

	memset(words, 0, NW_LINK_WORDS * sizeof(words[0]));
	for (r = 0; r < NCANON + NTITLES; r++) {
		const char *w = r < NCANON ? canon[r][0] : titles[r - NCANON];
		uint32_t i = hash32(w, strlen(w)) & (NW_LINK_WORDS - 1);

		while (words[i])
			i = (i + 1) & (NW_LINK_WORDS - 1);
		words[i] = (uint16_t)(r < NCANON ? r + 1 : TITLE_BIT | (r - NCANON));
	}
}

/* w's row in the spelling table (1-based), TITLE_BIT | title, or 0. */
static unsigned word_class(const uint16_t *words, const char *w, size_t n)
{
	uint32_t i;

	if (!words) {
		const char *const *row = find_row(w, canon, NCANON, sizeof(canon[0]));

		if (row)
			return (unsigned)((const char *const(*)[2])row - canon) + 1;
		return n <= 4 && IN_SET(w, titles) ? TITLE_BIT : 0;
	}
	for (i = hash32(w, n) & (NW_LINK_WORDS - 1); words[i]; i = (i + 1) & (NW_LINK_WORDS - 1)) {
		unsigned v = words[i];
		const char *k = v & TITLE_BIT ? titles[v & ~TITLE_BIT] : canon[v - 1][0];

		if (!str_cmp(k, w))
			return v;
	}
	return 0;
}

/* One word: spelling rules, then the table of variants. */
static void add_word(struct toks *t, char *w, size_t n)
{
	unsigned v;

	w[n] = '\0';
	if (n >= 5 && w[n - 2] == 'f' && w[n - 1] == 'f' && (w[n - 3] == 'o' || w[n - 3] == 'e')) {
		w[n - 1] = '\0'; /* Ivanoff -> Ivanov */
		w[n - 2] = 'v';
		n--;
	}
	v = word_class(t->words, w, n);
	if (v & TITLE_BIT)
		return;
	if (v) {
		const char *to = canon[v - 1][1], *sp = strchr(to, ' ');

		if (sp) {
			push_tok(t, to, (size_t)(sp - to));
			push_tok(t, sp + 1, strlen(sp + 1));
		} else {
			push_tok(t, to, strlen(to));
		}
		return;
	}
	push_tok(t, w, n);
}

static void drop_tok(struct toks *t, int i)
{
	memmove(&t->off[i], &t->off[i + 1], (size_t)(t->n - i - 1) * sizeof(t->off[0]));
	memmove(&t->len[i], &t->len[i + 1], (size_t)(t->n - i - 1) * sizeof(t->len[0]));
	t->n--;
	if (t->nlast > i)
		t->nlast--;
}

static const char *tok_str(const struct toks *t, int i)
{
	return t->buf + t->off[i];
}

/*
 * "The", and an organisation's trailing corporate suffixes ("S.A. de
 * C.V."), as long as a word remains.  Persons keep theirs: "PAO, Yu Liang",
 * "GHALI, Iyad ag".
 */
static void trim_words(struct toks *t, int person)
{
	int dropped = 0;

	if (t->n > 1 && !strcmp(tok_str(t, 0), "the"))
		drop_tok(t, 0);
	while (!person && t->n > 1) {
		const char *w = tok_str(t, t->n - 1);

		if (IN_SET(w, corp_suffixes)) {
			dropped = 1;
		} else if (!(dropped && (!strcmp(w, "de") || !strcmp(w, "y") || !strcmp(w, "and"))))
			break;
		drop_tok(t, t->n - 1);
	}
	if (t->nlast > t->n)
		t->nlast = t->n;
}

/*
 * ASCII: 2 for a letter or digit (lower-cased into *out), 0 for the marks
 * that join ("O'Brien", "S.A."), 1 for a separator.
 */
static int ascii_class(unsigned char c, char *out)
{
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
		*out = (char)c;
		return 2;
	}
	if (c >= 'A' && c <= 'Z') {
		*out = (char)(c - 'A' + 'a');
		return 2;
	}
	return c == '\'' || c == '.' || c == '`' ? 0 : 1;
}

static void end_word(struct toks *t, char *w, size_t *wl, uint32_t cp)
{
	if (*wl)
		add_word(t, w, *wl);
	*wl = 0;
	if (cp == ',' && t->nlast < 0)
		t->nlast = t->n;
}

static void normalize(const char *s, size_t n, const uint16_t *words, int kind, struct toks *t)
{
	char w[TOKLEN + 8], tmp[2];
	size_t wl = 0, i = 0;

	t->words = words;
	t->n = 0;
	t->nlast = -1;
	t->used = 0;
	if (n > MAXIN)
		n = MAXIN;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = c;
		size_t k = 1;
		const char *f;

		if (c < 0x80) { /* the common case, inline */
			int cls = ascii_class(c, w + wl);

			if (cls == 2 && wl < TOKLEN)
				wl++;
			else if (cls == 1)
				end_word(t, w, &wl, cp);
			i++;
			continue;
		}
		if (!(k = nw_utf8_decode(s + i, n - i, &cp))) {
			k = 1;
			cp = ' ';
		}
		f = fold_cp(cp, tmp);
		if (!f && !is_separator_cp(cp)) {
			/* A letter of another script: keep its bytes as they are. */
			if (wl + k <= TOKLEN) {
				memcpy(w + wl, s + i, k);
				wl += k;
			}
		} else if (f) {
			size_t fl = strlen(f);

			if (wl + fl <= TOKLEN) {
				memcpy(w + wl, f, fl);
				wl += fl;
			}
		} else {
			end_word(t, w, &wl, cp);
		}
		i += k;
	}
	end_word(t, w, &wl, 0);
	if (t->nlast < 0)
		t->nlast = 0;
	trim_words(t, kind == NW_KIND_PERSON);
}

int nw_link_normalize(const char *name, size_t n, int kind, char *out, size_t size)
{
	struct toks t;
	size_t used = 0;
	int i;

	normalize(name, n, NULL, kind, &t);
	if (!size)
		return t.n;
	out[0] = '\0';
	for (i = 0; i < t.n; i++) {
		size_t l = t.len[i];

		if (used + l + 2 > size)
			break;
		if (i)
			out[used++] = ' ';
		memcpy(out + used, tok_str(&t, i), l);
		used += l;
		out[used] = '\0';
	}
	return t.n;
}

/* ----- the dictionary of keys ----- */

static uint64_t hash_bytes(const char *s, size_t n)
{
	return nw_fnv1a_bytes(NW_FNV_BASIS, s, n);
}

/*
 * Slots hold the key id + 1 in their low half and the high half of the
 * key's hash in their high half, so a probe rarely touches the key bytes.
 */
static uint64_t slot_of(uint64_t h, uint32_t id)
{
	return (h & 0xFFFFFFFF00000000ULL) | ((uint64_t)id + 1);
}

/* The id of s, or NONE with *at the empty slot where it would go. */
static uint32_t key_lookup(const struct nw_link_index *x, const char *s, size_t n, uint64_t h,
			   size_t *at)
{
	size_t i = (size_t)h & (x->nslot - 1);

	for (; x->slot[i]; i = (i + 1) & (x->nslot - 1)) {
		uint32_t k = (uint32_t)x->slot[i] - 1;

		if ((x->slot[i] >> 32) == (h >> 32) && x->klen[k] == n &&
		    !memcmp(x->kbuf + x->koff[k], s, n))
			return k;
	}
	*at = i;
	return NONE;
}

static uint32_t key_find(const struct nw_link_index *x, const char *s, size_t n)
{
	size_t at;

	return x->nslot ? key_lookup(x, s, n, hash_bytes(s, n), &at) : NONE;
}

static int rehash(struct nw_link_index *x, size_t nslot)
{
	uint64_t *slot = calloc(nslot, sizeof(*slot));
	size_t k;

	if (!slot)
		return -1;
	nw_lists_prefault(slot, nslot * sizeof(*slot));
	for (k = 0; k < x->nkey; k++) {
		uint64_t h = hash_bytes(x->kbuf + x->koff[k], x->klen[k]);
		size_t i = (size_t)h & (nslot - 1);

		while (slot[i])
			i = (i + 1) & (nslot - 1);
		slot[i] = slot_of(h, (uint32_t)k);
	}
	free(x->slot);
	x->slot = slot;
	x->nslot = nslot;
	return 0;
}

/* Room for need keys in the arrays indexed by key: koff, klen, kuse. */
static int grow_keys(struct nw_link_index *x, size_t need)
{
	size_t cap = x->capkey;

	if (nw_lists_grow((void **)&x->koff, &cap, need, sizeof(*x->koff)))
		return -1;
	cap = x->capkey;
	if (nw_lists_grow((void **)&x->klen, &cap, need, sizeof(*x->klen)))
		return -1;
	cap = x->capkey;
	if (nw_lists_grow((void **)&x->kuse, &cap, need, sizeof(*x->kuse)))
		return -1;
	x->capkey = cap;
	return 0;
}

/* The id of key s, added when new; NONE when out of memory. */
static uint32_t key_intern(struct nw_link_index *x, const char *s, size_t n)
{
	uint64_t h = hash_bytes(s, n);
	size_t at = 0;
	uint32_t k;

	if ((x->nkey + 1) * 2 > x->nslot && rehash(x, x->nslot ? x->nslot * 2 : 4096))
		return NONE;
	if ((k = key_lookup(x, s, n, h, &at)) != NONE)
		return k;
	if (grow_keys(x, x->nkey + 1) ||
	    nw_lists_grow((void **)&x->kbuf, &x->kbuf_cap, x->kbuf_len + n + 1, 1))
		return NONE;
	memcpy(x->kbuf + x->kbuf_len, s, n);
	x->kbuf[x->kbuf_len + n] = '\0';
	x->koff[x->nkey] = (uint32_t)x->kbuf_len;
	x->klen[x->nkey] = (uint8_t)n;
	x->kuse[x->nkey] = 0;
	x->kbuf_len += n + 1;
	x->slot[at] = slot_of(h, (uint32_t)x->nkey);
	return (uint32_t)x->nkey++;
}

/* ----- building the index ----- */

static int index_name(struct nw_link_index *x, struct nw_list_name *nm, int kind)
{
	struct toks t;
	char pair[2 * TOKLEN + 1];
	int i;

	normalize(nm->text, strlen(nm->text), x->words, kind, &t);
	if (nw_lists_grow((void **)&x->tok, &x->captok, x->ntok + (size_t)t.n, sizeof(*x->tok)) ||
	    nw_lists_grow((void **)&x->join, &x->capjoin, x->njoin + (size_t)t.n, sizeof(*x->join)))
		return -1;
	nm->tok = (uint32_t)x->ntok;
	nm->join = (uint32_t)x->njoin;
	nm->ntok = (uint8_t)t.n;
	nm->nlast = (nm->flags & NW_NAME_LASTFIRST) ? (uint8_t)t.nlast : 0;
	nm->njoin = t.n > 1 ? (uint8_t)(t.n - 1) : 0;
	for (i = 0; i < t.n; i++) {
		uint32_t k = key_intern(x, tok_str(&t, i), t.len[i]);

		if (k == NONE)
			return -1;
		x->kuse[k] |= KEY_TOKEN;
		x->tok[x->ntok++] = k;
	}
	for (i = 0; i + 1 < t.n; i++) {
		size_t a = t.len[i], b = t.len[i + 1];
		uint32_t k = NONE;

		if (a + b <= TOKLEN) {
			memcpy(pair, tok_str(&t, i), a);
			memcpy(pair + a, tok_str(&t, i + 1), b);
			if ((k = key_intern(x, pair, a + b)) == NONE)
				return -1;
			x->kuse[k] |= KEY_PAIR;
		}
		x->join[x->njoin++] = k;
	}
	return 0;
}

/* The keys of name nm without repeats: tokens, then pairs; returns how many. */
static int name_keys(const struct nw_link_index *x, const struct nw_list_name *nm,
		     uint32_t keys[2 * MAXTOK])
{
	int n = 0, i, j;

	for (i = 0; i < nm->ntok + nm->njoin; i++) {
		uint32_t k = i < nm->ntok ? x->tok[nm->tok + i] : x->join[nm->join + i - nm->ntok];

		for (j = 0; j < n && keys[j] != k; j++)
			;
		if (k != NONE && j == n)
			keys[n++] = k;
	}
	return n;
}

static int build_postings(struct nw_lists *l)
{
	struct nw_link_index *x = &l->idx;
	size_t i, total = 0, k;
	double n1 = (double)l->nnames + 1;
	uint32_t *all;
	uint8_t *cnt;
	uint32_t *df = realloc(x->df, (x->nkey + 1) * sizeof(*df));
	float *w;
	uint32_t *off, *post;

	if (!df)
		return -1;
	x->df = df;
	if (!(w = realloc(x->w, (x->nkey + 1) * sizeof(*w))))
		return -1;
	x->w = w;
	if (!(off = realloc(x->off, (x->nkey + 1) * sizeof(*off))))
		return -1;
	x->off = off;
	nw_lists_prefault(df, (x->nkey + 1) * sizeof(*df));
	nw_lists_prefault(w, (x->nkey + 1) * sizeof(*w));
	nw_lists_prefault(off, (x->nkey + 1) * sizeof(*off));
	/* Each name's keys without repeats, in name order, kept for the second pass. */
	all = malloc((x->ntok + x->njoin + 1) * sizeof(*all));
	cnt = malloc(l->nnames + 1);
	if (!all || !cnt) {
		free(all);
		free(cnt);
		return -1;
	}
	nw_lists_prefault(all, (x->ntok + x->njoin + 1) * sizeof(*all));
	memset(df, 0, x->nkey * sizeof(*df));
	for (i = 0; i < l->nnames; i++) {
		int n = name_keys(x, &l->names[i], all + total), j;

		for (j = 0; j < n; j++)
			df[all[total + j]]++;
		cnt[i] = (uint8_t)n;
		total += (size_t)n;
	}
	if (!(post = realloc(x->post, (total ? total : 1) * sizeof(*post)))) {
		free(all);
		free(cnt);
		return -1;
	}
	x->post = post;
	nw_lists_prefault(post, total * sizeof(*post));
	for (k = 0, total = 0; k < x->nkey; k++) {
		off[k] = (uint32_t)total;
		total += df[k];
		w[k] = (float)log(n1 / (df[k] + 0.5));
	}
	off[x->nkey] = (uint32_t)total;
	/* Fill in name order so each list is sorted; off[k] runs ahead, then is restored. */
	for (i = 0, total = 0; i < l->nnames; i++) {
		size_t end = total + cnt[i];

		for (; total < end; total++)
			post[off[all[total]]++] = (uint32_t)i;
	}
	free(all);
	free(cnt);
	for (k = 0; k < x->nkey; k++)
		off[k] -= df[k];
	x->wcommon = (float)(COMMON_CAP * log(n1));
	for (i = 0; i < NCOMMON + NGENERIC; i++) {
		const char *word = i < NCOMMON ? common_parts[i] : generic[i - NCOMMON];
		uint32_t c = key_find(x, word, strlen(word));

		if (c != NONE && w[c] > x->wcommon)
			w[c] = x->wcommon;
	}
	for (i = 0; i < l->nnames; i++) {
		struct nw_list_name *nm = &l->names[i];
		float s = 0;
		int j;

		for (j = 0; j < nm->ntok; j++)
			s += w[x->tok[nm->tok + j]];
		nm->wsum = s;
	}
	x->wunknown = (float)log(n1 / 0.5);
	x->info_min = (float)(INFO_FACTOR * log(n1));
	x->info_weak = (float)(INFO_WEAK_FACTOR * log(n1));
	return 0;
}

/* Room for the names to come, so that the arrays grow once (guesses; growth still works). */
static int reserve(struct nw_link_index *x, size_t names)
{
	size_t keys = x->nkey + names * 2 + names / 4, slots = 4096;

	if (nw_lists_grow((void **)&x->tok, &x->captok, x->ntok + names * 5, sizeof(*x->tok)) ||
	    nw_lists_grow((void **)&x->join, &x->capjoin, x->njoin + names * 4, sizeof(*x->join)) ||
	    nw_lists_grow((void **)&x->kbuf, &x->kbuf_cap, x->kbuf_len + names * 24, 1) ||
	    grow_keys(x, keys))
		return -1;
	while (slots < 2 * keys)
		slots *= 2;
	return slots > x->nslot ? rehash(x, slots) : 0;
}

int nw_link_index(struct nw_lists *l, struct nw_err *e)
{
	struct nw_link_index *x = &l->idx;
	size_t i;

	if (!x->words_ready) {
		words_build(x->words);
		x->words_ready = 1;
	}
	if (reserve(x, l->nnames - x->nindexed))
		return nw_errorf(e, NW_ENOMEM, "lists: out of memory building the index");
	for (i = x->nindexed; i < l->nnames; i++) {
		if (index_name(x, &l->names[i], l->ent[l->names[i].entry].kind))
			return nw_errorf(e, NW_ENOMEM, "lists: out of memory building the index");
	}
	x->nindexed = l->nnames;
	if (build_postings(l))
		return nw_errorf(e, NW_ENOMEM, "lists: out of memory building the index");
	return NW_OK;
}

void nw_link_index_free(struct nw_lists *l)
{
	struct nw_link_index *x = &l->idx;

	free(x->kbuf);
	free(x->koff);
	free(x->klen);
	free(x->kuse);
	free(x->df);
	free(x->w);
	free(x->off);
	free(x->post);
	free(x->slot);
	free(x->tok);
	free(x->join);
	memset(x, 0, sizeof(*x));
}

/* ----- scoring ----- */

struct query {
	struct toks t;
	uint32_t id[MAXTOK];
	uint32_t jid[MAXTOK]; /* key of tokens i and i + 1 written together */
	float w[MAXTOK];
	float wsum;
	int rare; /* the known token of least df, or -1 */
};

struct match {
	double score;
	double info; /* weight of the query tokens matched exactly */
	int qmatched, last, given, nmatched, exact;
	int rarest;   /* the name's rarest token is matched */
	int uncommon; /* name tokens weighing more than a common name element */
};

/* Whether the name's rarest token is among those matched; how many of its tokens are uncommon. */
static void name_facts(const struct nw_link_index *x, const struct nw_list_name *nm,
		       const uint8_t *ndone, struct match *m)
{
	const uint32_t *nt = x->tok + nm->tok;
	float top = -1;
	int j;

	for (j = 0; j < nm->ntok; j++) {
		float w = x->w[nt[j]];

		m->uncommon += w > x->wcommon;
		if (w > top) {
			top = w;
			m->rarest = 0;
		}
		if (w == top && ndone[j])
			m->rarest = 1;
	}
}

static double jaro_winkler(const char *a, int la, const char *b, int lb)
{
	uint8_t ma[TOKLEN] = {0}, mb[TOKLEN] = {0};
	int range = (la > lb ? la : lb) / 2 - 1, m = 0, tr = 0, i, j, k, p;
	double jaro;

	if (!la || !lb || la > TOKLEN || lb > TOKLEN)
		return 0;
	if (range < 0)
		range = 0;
	for (i = 0; i < la; i++) {
		int lo = i > range ? i - range : 0, hi = i + range + 1 < lb ? i + range + 1 : lb;

		for (j = lo; j < hi; j++) {
			if (!mb[j] && a[i] == b[j]) {
				ma[i] = mb[j] = 1;
				m++;
				break;
			}
		}
	}
	if (!m)
		return 0;
	for (i = 0, k = 0; i < la; i++) {
		if (!ma[i])
			continue;
		while (!mb[k])
			k++;
		tr += a[i] != b[k];
		k++;
	}
	jaro = ((double)m / la + (double)m / lb + (m - tr / 2.0) / m) / 3;
	for (p = 0; p < 4 && p < la && p < lb && a[p] == b[p]; p++)
		;
	return jaro + p * 0.1 * (1 - jaro);
}

/* Name token j is matched; a family name only counts when spelt the same (Hadid is not Hadi). */
static void take(const struct nw_list_name *nm, int j, uint8_t *ndone, struct match *m, int exact)
{
	ndone[j] = 1;
	m->nmatched++;
	if (j >= nm->nlast)
		m->given++;
	else if (exact)
		m->last++;
}

/* One query aligned with one name: which tokens are matched, and the weight they carry. */
struct align {
	const struct nw_link_index *x;
	const struct query *q;
	const struct nw_list_name *nm;
	const uint32_t *nt, *nj; /* the name's tokens and adjacent pairs */
	uint8_t qdone[MAXTOK], ndone[MAXTOK];
	double num; /* sum of similarity * (query weight + name weight) over matches */
	double wq;  /* the query's weight */
	struct match *m;
};

/* The same token on both sides. */
static void align_exact(struct align *a)
{
	const struct query *q = a->q;
	int i, j;

	for (i = 0; i < q->t.n; i++) {
		for (j = 0; q->id[i] != NONE && j < a->nm->ntok; j++) {
			if (!a->ndone[j] && a->nt[j] == q->id[i]) {
				a->qdone[i] = 1;
				take(a->nm, j, a->ndone, a->m, 1);
				a->num += 2 * q->w[i];
				a->m->info += q->w[i];
				break;
			}
		}
	}
}

/* Two words on one side written as one on the other: "Silver Star", "SILVERSTAR". */
static void align_pairs(struct align *a)
{
	const struct query *q = a->q;
	const float *w = a->x->w;
	int i, j, k = a->nm->ntok;

	for (i = 0; i + 1 < q->t.n; i++) {
		if (q->jid[i] == NONE || !(a->x->kuse[q->jid[i]] & KEY_TOKEN))
			continue;
		for (j = 0; !a->qdone[i] && !a->qdone[i + 1] && j < k; j++) {
			if (!a->ndone[j] && a->nt[j] == q->jid[i]) {
				a->qdone[i] = a->qdone[i + 1] = 1;
				take(a->nm, j, a->ndone, a->m, 1);
				a->num += q->w[i] + q->w[i + 1] + w[a->nt[j]];
				a->m->info += q->w[i] + q->w[i + 1];
			}
		}
	}
	for (i = 0; i < q->t.n; i++) {
		if (q->id[i] == NONE || !(a->x->kuse[q->id[i]] & KEY_PAIR))
			continue;
		for (j = 0; !a->qdone[i] && j + 1 < k; j++) {
			if (!a->ndone[j] && !a->ndone[j + 1] && a->nj[j] == q->id[i]) {
				a->qdone[i] = 1;
				take(a->nm, j, a->ndone, a->m, 1);
				take(a->nm, j + 1, a->ndone, a->m, 1);
				a->num += q->w[i] + w[a->nt[j]] + w[a->nt[j + 1]];
				a->m->info += q->w[i];
			}
		}
	}
}

/* The best unmatched name token within Jaro-Winkler JW_MIN of query token i, or -1. */
static int near_spelling(const struct align *a, int i, double *sim)
{
	const struct nw_link_index *x = a->x;
	const char *s = tok_str(&a->q->t, i);
	int ls = a->q->t.len[i], best = -1, j;

	*sim = JW_MIN;
	for (j = 0; j < a->nm->ntok; j++) {
		const char *t = x->kbuf + x->koff[a->nt[j]];
		int lt = x->klen[a->nt[j]];
		double v;

		/* Same first letter: romanizations that differ there are in canon[]. */
		if (a->ndone[j] || lt < JW_MIN_LEN || abs(ls - lt) > 3 || t[0] != s[0])
			continue;
		if ((v = jaro_winkler(s, ls, t, lt)) >= *sim) {
			*sim = v;
			best = j;
		}
	}
	return best;
}

static void align_fuzzy(struct align *a)
{
	const struct query *q = a->q;
	int i, j;

	for (i = 0; i < q->t.n; i++) {
		double sim, wn, wqi;

		if (a->qdone[i] || q->t.len[i] < JW_MIN_LEN || (j = near_spelling(a, i, &sim)) < 0)
			continue;
		wn = a->x->w[a->nt[j]];
		wqi = q->id[i] == NONE ? wn : q->w[i];
		a->wq += wqi - q->w[i]; /* an unknown spelling weighs what it matched */
		a->qdone[i] = 1;
		take(a->nm, j, a->ndone, a->m, 0);
		a->num += sim * (wqi + wn);
		a->m->exact = 0;
	}
}

/* Align q with name nm: exact tokens, pairs written as one word, near spellings. */
static void score_name(const struct nw_link_index *x, const struct query *q,
		       const struct nw_list_name *nm, struct match *m)
{
	struct align a;
	double wn = nm->wsum;
	int i, j;

	memset(m, 0, sizeof(*m));
	m->exact = 1;
	a.x = x;
	a.q = q;
	a.nm = nm;
	a.nt = x->tok + nm->tok;
	a.nj = x->join + nm->join;
	memset(a.qdone, 0, sizeof(a.qdone));
	memset(a.ndone, 0, sizeof(a.ndone));
	a.num = 0;
	a.wq = q->wsum;
	a.m = m;
	align_exact(&a);
	for (i = 0; i < q->t.n; i++)
		m->qmatched += a.qdone[i];
	if (m->qmatched < q->t.n && m->nmatched < nm->ntok) {
		align_pairs(&a);
		align_fuzzy(&a);
		for (i = 0, m->qmatched = 0; i < q->t.n; i++)
			m->qmatched += a.qdone[i];
	}
	name_facts(x, nm, a.ndone, m);
	/* Exactly the same words: exactly 1, whatever the rounding. */
	if (m->exact && m->qmatched == q->t.n && m->nmatched == nm->ntok) {
		m->score = 1;
		return;
	}
	/* News drops middle names: a person's unmatched given names after the first weigh half. */
	for (j = nm->nlast + 1; nm->nlast && !(nm->flags & NW_NAME_EAST) && j < nm->ntok; j++)
		wn -= a.ndone[j] ? 0 : x->w[a.nt[j]] / 2;
	m->score = a.wq + wn > 0 ? a.num / (a.wq + wn) : 0;
}

/* ----- linking ----- */

static int is_orgish(int kind)
{
	return kind == NW_KIND_ORG || kind == NW_KIND_GOV || kind == NW_KIND_MEDIA;
}

/* How much a pair of kinds keeps of a score: 0 forbids the link. */
static double kind_factor(int q, int e)
{
	if (q == NW_KIND_NONE || e == NW_KIND_NONE || q == e || (is_orgish(q) && e == NW_KIND_ORG))
		return 1;
	if (q == NW_KIND_PERSON || e == NW_KIND_PERSON) {
		if (q == NW_KIND_VESSEL || q == NW_KIND_AIRCRAFT || e == NW_KIND_VESSEL ||
		    e == NW_KIND_AIRCRAFT)
			return 0;
		return 0.9;
	}
	if (is_orgish(q) || e == NW_KIND_ORG)
		return 0.95; /* a company and its ships often share a name */
	return 0.9;
}

static int has_country(const char *list, const char *cc)
{
	for (; *list; list += list[2] ? 3 : 2) {
		if ((list[0] | 0x20) == (cc[0] | 0x20) && (list[1] | 0x20) == (cc[1] | 0x20))
			return 1;
		if (!list[1])
			break;
	}
	return 0;
}

static int prepare_query(const struct nw_link_index *x, const char *name, size_t n, int kind,
			 struct query *q)
{
	char pair[2 * TOKLEN + 1];
	int i;

	normalize(name, n, x->words, kind, &q->t);
	q->wsum = 0;
	q->rare = -1;
	for (i = 0; i < q->t.n; i++) {
		q->id[i] = key_find(x, tok_str(&q->t, i), q->t.len[i]);
		q->w[i] = q->id[i] == NONE ? x->wunknown : x->w[q->id[i]];
		q->wsum += q->w[i];
		if (q->id[i] != NONE && (q->rare < 0 || q->w[i] > q->w[q->rare]))
			q->rare = i;
		q->jid[i] = NONE;
		if (i + 1 < q->t.n && q->t.len[i] + q->t.len[i + 1] <= TOKLEN) {
			size_t a = q->t.len[i];

			memcpy(pair, tok_str(&q->t, i), a);
			memcpy(pair + a, tok_str(&q->t, i + 1), q->t.len[i + 1]);
			q->jid[i] = key_find(x, pair, a + q->t.len[i + 1]);
		}
	}
	return q->t.n;
}

/*
 * The keys whose postings hold every name that can reach threshold t: the
 * query's rarest known tokens until the rest weigh too little, then each
 * pair of its words that some name writes as one.  Returns how many.
 */
static int candidate_keys(const struct nw_link_index *x, const struct query *q, double t,
			  uint32_t keys[2 * MAXTOK])
{
	int order[MAXTOK], n = 0, nk = 0, i, j;
	double known = 0, got = 0, need;

	for (i = 0; i < q->t.n; i++) {
		if (q->id[i] == NONE)
			continue;
		for (j = n; j > 0 && q->w[order[j - 1]] < q->w[i]; j--)
			order[j] = order[j - 1];
		order[j] = i;
		n++;
		known += q->w[i];
	}
	t -= PREFIX_SLACK;
	if (t < 0.1)
		t = 0.1;
	need = (1 - t / (2 - t)) * known; /* weight a candidate may leave unmatched */
	for (i = 0; i < n && (i == 0 || got <= need); i++) {
		keys[nk++] = q->id[order[i]];
		got += q->w[order[i]];
	}
	/* "Silver Star" finds "SILVERSTAR"; names with "abd al" have "abd" and "al" already. */
	for (i = 0; i + 1 < q->t.n; i++) {
		if (q->jid[i] != NONE && (x->kuse[q->jid[i]] & KEY_TOKEN))
			keys[nk++] = q->jid[i];
	}
	return nk;
}

static int in_postings(const struct nw_link_index *x, uint32_t k, uint32_t name)
{
	const uint32_t *lo = x->post + x->off[k], *hi = x->post + x->off[k + 1];

	while (lo < hi) {
		const uint32_t *mid = lo + (hi - lo) / 2;

		if (*mid == name)
			return 1;
		if (*mid < name)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * A name matched by one word (one-word names: "Hizballah", "Cimex") needs
 * that word rare, at least SINGLE_MIN_LEN long and not a common word; it
 * names an organisation, or a vessel or an aircraft only when the text
 * says what it is ("the tanker Sol").
 */
static int lone_word_ok(const struct nw_link_index *x, uint32_t key, int kind,
			const struct nw_list_name *nm, const struct nw_list_entry *en,
			const struct match *m)
{
	if (en->kind == NW_KIND_PERSON || (nm->flags & NW_NAME_WEAK) || !m->exact ||
	    m->nmatched != nm->ntok || key == NONE)
		return 0;
	if ((en->kind == NW_KIND_VESSEL || en->kind == NW_KIND_AIRCRAFT) && kind != en->kind)
		return 0;
	return x->df[key] <= SINGLE_MAX_DF && x->klen[key] >= SINGLE_MIN_LEN &&
	       !IN_SET(x->kbuf + x->koff[key], generic);
}

/* A name of common words only ("Industrial Bank") links only within its country. */
static int all_generic(const struct nw_link_index *x, const struct nw_list_name *nm)
{
	int j;

	for (j = 0; j < nm->ntok; j++) {
		uint32_t k = x->tok[nm->tok + j];

		if (!IN_SET(x->kbuf + x->koff[k], generic))
			return 0;
	}
	return 1;
}

/*
 * The precision rules of link.h on a scored candidate; 0 rejects it.
 * same_country: both countries known and equal.
 */
static int acceptable(const struct nw_link_index *x, const struct query *q, int kind,
		      int same_country, const struct nw_list_name *nm,
		      const struct nw_list_entry *en, const struct match *m)
{
	double floor = (nm->flags & NW_NAME_WEAK) ? x->info_weak : x->info_min;

	if (q->t.n == 1)
		return lone_word_ok(x, q->id[0], kind, nm, en, m);
	if (m->nmatched == 1 && nm->ntok == 1)
		return lone_word_ok(x, x->tok[nm->tok], kind, nm, en, m);
	/* Too little matched rarity, unless all of an organisation's name with a rare word. */
	if (m->info < floor &&
	    (m->qmatched != q->t.n ||
	     !lone_word_ok(x, q->rare < 0 ? NONE : q->id[q->rare], kind, nm, en, m)))
		return 0;
	/* A nickname needs all its words, two of them uncommon: not "Abu Hafs". */
	if ((nm->flags & NW_NAME_WEAK) && (m->score < 1 || m->uncommon < 2))
		return 0;
	/* An organisation named without its most distinctive word is another one. */
	if (en->kind != NW_KIND_PERSON && !m->rarest)
		return 0;
	if (en->kind == NW_KIND_PERSON) {
		if (m->nmatched < 2)
			return 0;
		if (nm->nlast && (!m->last || (nm->ntok > nm->nlast && !m->given)))
			return 0;
	}
	return !all_generic(x, nm) || same_country;
}

/*
 * Whether no name can pass acceptable() whatever it matches: several
 * words, all of them common ("Muhammad Ali Hassan"), weigh less than the
 * least a link needs, and none is rare enough to link alone.
 */
static int hopeless(const struct nw_link_index *x, const struct query *q)
{
	return q->t.n > 1 && q->wsum < x->info_min &&
	       (q->rare < 0 || x->df[q->id[q->rare]] > SINGLE_MAX_DF);
}

/* A query's context while its candidates are scored, and the best link so far. */
struct search {
	const struct nw_lists *l;
	const struct query *q;
	int kind;
	const char *country; /* NULL when unknown */
	double threshold, best;
	struct nw_link *out;
};

/* Score name i; keep it in s->out when it is the best acceptable link yet. */
static void consider(struct search *s, uint32_t i)
{
	const struct nw_link_index *x = &s->l->idx;
	const struct nw_list_name *nm = &s->l->names[i];
	const struct nw_list_entry *en = &s->l->ent[nm->entry];
	double kf = kind_factor(s->kind, en->kind), v;
	struct match m;
	int same;

	if (kf == 0)
		return;
	score_name(x, s->q, nm, &m);
	v = m.score * kf;
	same = s->country && en->countries[0] && has_country(en->countries, s->country);
	if (s->country && en->countries[0] && !same)
		v *= COUNTRY_FACTOR;
	/* Ties go to the earlier name, or to a primary name over an alias. */
	if (v < s->threshold || v < s->best || (v == s->best && (nm->flags & NW_NAME_ALIAS)) ||
	    !acceptable(x, s->q, s->kind, same, nm, en, &m))
		return;
	s->best = v;
	s->out->entry = en;
	s->out->matched = nm->text;
	s->out->score = v > 1 ? 1 : v;
}

int nw_link(const struct nw_lists *l, const char *name, size_t n, int kind, const char *country,
	    double threshold, struct nw_link *out)
{
	const struct nw_link_index *x = &l->idx;
	struct search s = {l, NULL, kind, country, threshold, -1, out};
	struct query q;
	uint32_t keys[2 * MAXTOK];
	size_t scored = 0;
	int nk, i, j;

	memset(out, 0, sizeof(*out));
	if (!name || !l->nnames || kind == NW_KIND_COUNTRY || x->nindexed != l->nnames)
		return 0;
	if (!prepare_query(x, name, n, kind, &q) || hopeless(x, &q))
		return 0;
	s.q = &q;
	if (country && (!country[0] || !country[1]))
		s.country = NULL;
	nk = candidate_keys(x, &q, threshold, keys);
	for (i = 0; i < nk && scored < MAX_CANDIDATES; i++) {
		const uint32_t *p = x->post + x->off[keys[i]], *end = x->post + x->off[keys[i] + 1];

		if (q.t.n == 1 && end - p > SINGLE_MAX_DF)
			continue;
		for (; p < end && scored < MAX_CANDIDATES; p++) {
			/* once per name: skip those an earlier key's postings held */
			for (j = 0; j < i && !in_postings(x, keys[j], *p); j++)
				;
			if (j == i) {
				scored++;
				consider(&s, *p);
			}
		}
	}
	return out->entry != NULL;
}
