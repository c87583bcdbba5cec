/*
 * lists.h - official sanctions lists and analysts' watchlists, loaded for
 * linking names found in news text to list entries (link.h).
 *
 * One struct nw_lists holds the entries of any number of lists: OFAC's SDN
 * list in its legacy CSV form (sdn.csv, alt.csv, add.csv) and watchlists in
 * a small TSV format.  Every string lives in one arena owned by the struct;
 * the arrays are malloc'd and owned by it too.  Each load appends one list
 * and rebuilds the match index, and is all-or-nothing: on error the struct
 * holds the entries and names it held before (its arena may keep a few
 * strings of the failed load).  After loading the struct is read-only,
 * so any number of threads may link against it at once.
 *
 * Sizes: the 2021 SDN set is 9,000 entries, 23,000 names (primary names and
 * aliases) and 3.5 MB of CSV; loading it with its index takes ~35 ms and
 * ~7 MB (1.2 MB of strings, 3.5 MB of index).  Each file is capped at
 * NW_LISTS_MAX_FILE bytes and each field at NW_LISTS_MAX_FIELD bytes;
 * OFAC's own limit is 1,000 bytes a field.
 */
#ifndef NW_LISTS_H
#define NW_LISTS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct nw_err;

#define NW_LISTS_MAX_FILE (64u << 20)
#define NW_LISTS_MAX_FIELD 4096
#define NW_LINK_WORDS 512 /* slots of the index's hashed spelling table */

struct nw_list_entry {
	const char *list;      /* "OFAC-SDN" or the watchlist's name */
	const char *uid;       /* OFAC ent_num, or the watchlist line number */
	const char *name;      /* primary name as published: "JONG, Song Hwa" */
	const char *display;   /* "Jong Song Hwa", "Volasys Silver Star" */
	const char *programs;  /* "DPRK3 DPRK4"; "" when none */
	const char *countries; /* every country the list gives: "CN RU"; "" when none */
	const char *note;      /* the watchlist's note; "" for OFAC */
	const char *const *aliases;
	size_t naliases;
	uint8_t kind;	 /* enum nw_kind: PERSON, ORG, VESSEL, AIRCRAFT; NONE when unknown */
	char country[3]; /* ISO 3166-1 alpha-2 (nationality, else first address), or "" */
};

/*
 * One name to match against: an entry's primary name or one of its
 * aliases.  The token fields are filled by the index (link.c).
 */
struct nw_list_name {
	const char *text; /* as published */
	uint32_t entry;	  /* index into ent */
	uint8_t flags;	  /* NW_NAME_* */
	uint8_t ntok;	  /* normalized tokens: idx.tok[tok .. tok + ntok) */
	uint8_t nlast;	  /* of which the first nlast are the family name */
	uint8_t njoin;	  /* adjacent-pair keys: idx.join[join .. join + njoin) */
	uint32_t tok, join;
	float wsum; /* total weight of the tokens */
};

#define NW_NAME_ALIAS 1	    /* not the primary name */
#define NW_NAME_WEAK 2	    /* a nickname from OFAC remarks ("a.k.a. 'PACHO'") */
#define NW_NAME_LASTFIRST 4 /* "LAST, First": tokens before the comma are the family name */
#define NW_NAME_EAST 8	    /* family name first, given names of two syllables: no middle names */

/* The match index; private to link.c, rebuilt by every load. */
struct nw_link_index {
	/* Normalized tokens and adjacent-pair keys ("silverstar"), interned. */
	char *kbuf; /* their bytes, each followed by a NUL */
	size_t kbuf_len, kbuf_cap;
	uint32_t *koff; /* key k is kbuf + koff[k], klen[k] bytes */
	uint8_t *klen;
	uint8_t *kuse; /* KEY_TOKEN, KEY_PAIR (link.c): what the key is in the names */
	uint32_t *df;  /* names whose keys include this one */
	float *w;      /* rarity weight: log((N + 1) / (df + 0.5)) */
	uint32_t *off; /* postings of key k: post[off[k] .. off[k + 1]), by name */
	uint32_t *post;
	size_t nkey, capkey;
	uint64_t *slot; /* open-addressing table: hash bits | key id + 1; 0 = empty */
	size_t nslot;
	uint32_t *tok; /* token ids of every name */
	size_t ntok, captok;
	uint32_t *join; /* adjacent-pair key ids of every name */
	size_t njoin, capjoin;
	size_t nindexed;	       /* names tokenized so far */
	uint16_t words[NW_LINK_WORDS]; /* link.c's spelling table, hashed */
	int words_ready;
	float wunknown;	 /* the weight of a token no name has */
	float info_min;	 /* least exactly matched weight a multi-token link needs */
	float info_weak; /* the same for weak aliases */
	float wcommon;	 /* the weight of a common name element ("Muhammad", "Kim") */
};

struct nw_lists {
	struct nw_list_entry *ent;
	size_t nent, capent;
	struct nw_list_name *names; /* in the order loaded */
	size_t nnames, capnames;
	const char **alias_ptr; /* storage of every entry's aliases */
	size_t nalias_ptr;
	struct nw_link_index idx;
	struct nw_arena arena; /* every string */
	char *pool;	       /* the current arena chunk strings are packed into */
	size_t pool_left;
};

/* A zeroed struct is also a valid empty set. */
void nw_lists_init(struct nw_lists *l);

/*
 * Load OFAC's SDN list from dir: sdn.csv (required), alt.csv and add.csv
 * (optional: aliases and addresses).  List name "OFAC-SDN".  Returns NW_OK,
 * or NW_EIO, NW_EPARSE (with file and line), NW_ETOOBIG, NW_ENOMEM.
 */
int nw_lists_load_ofac(struct nw_lists *l, const char *dir, struct nw_err *e);

/*
 * Load a watchlist: UTF-8 text, one entry a line,
 *   name TAB aliases (separated by ';') TAB kind TAB country TAB note
 * where every field after the name may be empty or missing; kind is
 * person, org, vessel or aircraft (empty: unknown); country is an ISO
 * alpha-2 code or a country name.  '#' starts a comment line; blank lines
 * are skipped.  Entry uids are line numbers.
 */
int nw_lists_load_watchlist(struct nw_lists *l, const char *path, const char *list_name,
			    struct nw_err *e);

void nw_lists_free(struct nw_lists *l);

/*
 * For link.c, which builds the index beside the lists: grow the array *p
 * of *cap elements of size bytes to hold need (doubling; 0, or -1 when out
 * of memory), and fault in the pages of [p, p + n) with one call (a page
 * fault can cost 10 us on a virtual machine; only a hint).
 */
int nw_lists_grow(void **p, size_t *cap, size_t need, size_t size);
void nw_lists_prefault(void *p, size_t n);

/* ISO alpha-2 code for a country name as OFAC writes it ("Korea, North"), or NULL. */
const char *nw_lists_country_code(const char *name, size_t n);

#endif
