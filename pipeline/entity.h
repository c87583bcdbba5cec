/*
 * entity.h - named entities of one article: persons, organisations,
 * government bodies, media, countries, vessels.
 *
 * Works on the tokens of text.h with the lists of lexicon.h.  A mention is
 * a run of tokens; typed mentions come from the lexicons (countries and
 * their demonyms and capitals, government bodies, media), the rest from
 * capitalized runs classified by their shape and context: a company suffix
 * ("... Network Technology Co"), a cue noun before them ("sister company,
 * Volasys Silver Star"; "the tanker Ocean Dawn"), a title ("chief executive
 * Jong Song Hwa") or a known given or family name.  Short mentions are
 * resolved to an earlier or later full one ("Mnuchin", "Park" for "Pak Jin
 * Hyok").  Countries come from the mention's context: "China-based",
 * "North Korean chief executive", "China's Foreign Ministry".
 *
 * Ownership: all arrays and strings live in the arena passed in.
 */
#ifndef NW_ENTITY_H
#define NW_ENTITY_H

#include <stddef.h>
#include <stdint.h>

struct nw_arena;
struct nw_lexicon;
struct nw_link;
struct nw_text;

enum nw_kind {
	NW_KIND_NONE, /* a capitalized run nothing explains */
	NW_KIND_PERSON,
	NW_KIND_ORG,
	NW_KIND_GOV,
	NW_KIND_MEDIA,
	NW_KIND_COUNTRY,
	NW_KIND_VESSEL,
	NW_KIND_AIRCRAFT,
};

/* What part a mention plays besides naming something. */
enum nw_role {
	NW_ROLE_NAME,	 /* names an entity */
	NW_ROLE_DEMONYM, /* "North Korean": a country cue, not a name */
	NW_ROLE_TITLE,	 /* "chief executive" */
	NW_ROLE_CUE,	 /* "company", "tanker" */
};

struct nw_mention {
	uint32_t first, last; /* token range [first, last) */
	uint32_t sent;	      /* sentence index */
	int entity;	      /* index into entities, -1 for none */
	int affil;	      /* a person's body ("Foreign Ministry Spokesman X"): entity, or -1 */
	uint8_t kind;	      /* enum nw_kind */
	uint8_t role;	      /* enum nw_role */
	uint8_t capital;      /* the mention is a capital standing for its country */
	uint8_t fixed;	      /* country comes from the lexicon, not the context */
	char country[3];      /* from the lexicon or the context, "" when unknown */
};

struct nw_entity {
	const char *name;
	char country[3]; /* ISO alpha-2 or "" */
	uint8_t kind;	 /* enum nw_kind */
	uint8_t state;	 /* state media or a government body */
	int mentions;
	int affil;		      /* a person's body ("Foreign Ministry Spokesman X"), or -1 */
	int defining;		      /* the mention that named it in full */
	uint32_t first_token;	      /* where it is first named */
	const struct nw_link *listed; /* the list entry it is linked to (link.h), or NULL */
	const char *listed_uid;	      /* "OFAC-SDN:24977" when linked, else NULL */
};

struct nw_entities {
	struct nw_entity *ent;
	size_t nent;
	struct nw_mention *men; /* in text order */
	size_t nmen;
	int *men_at;  /* per token: the mention covering it, or -1 */
	size_t added; /* entities added after the fact (nw_entities_add) */
};

/* Room the table keeps for entities the event layer adds (nw_entities_add). */
#define NW_ENTITY_SPARE 16

/* Find the mentions and entities of text t. */
int nw_entities_find(const struct nw_lexicon *lx, const struct nw_text *t, struct nw_arena *a,
		     struct nw_entities *out);

/*
 * The entity named name of kind and country, added when missing (at most
 * NW_ENTITY_SPARE times per text); -1 when the table is full.  name must
 * live as long as the table (a lexicon string or an arena copy).
 */
int nw_entities_add(struct nw_entities *en, const char *name, int kind, const char *country);

/* "person", "org", ... for enum nw_kind. */
const char *nw_kind_name(int kind);

#endif
