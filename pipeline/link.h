/*
 * link.h - linking a name found in news text to a sanctions list entry.
 *
 * Names are compared as sets of normalized tokens: case and diacritics
 * folded, punctuation dropped, an organisation's corporate suffixes ("Co.,
 * Ltd.", "JSC", "S.A. de C.V.") and titles ("Dr.") dropped, romanization
 * variants mapped to one spelling (Mohammed and Muhammad, Pak and Park, Ri
 * and Lee, Jong and Chong, -off and -ov).  So "JONG, Song Hwa", "Jong Song
 * Hwa" and "Song Hwa Jong" are the same name, and a token may also match
 * two adjacent tokens of the other name ("Silverstar" and "Silver Star")
 * or a near spelling (Jaro-Winkler >= 0.9, same first letter).
 *
 * The score is a weighted Dice coefficient over the two token sets, each
 * token weighted by its rarity among the lists' names (common name
 * elements and generic company words are capped low whatever the lists
 * say), so "Yanbian Silverstar" counts for more than "Network Technology";
 * a person's unmatched middle names count half.  Precision comes first:
 *   - a person needs a family name (spelt the same) and a given name;
 *   - one word links only to a one-word organisation whose word is rare
 *     and not a common word ("Bank", "China" and "Kim" never link);
 *   - the words matched exactly must carry enough rarity that a random
 *     list name would not share them ("Muhammad Ali" alone does not link);
 *   - an organisation named without its rarest word is another one;
 *   - OFAC's weak aliases (nicknames in remarks) need all their words;
 *   - a person never links to a vessel or an aircraft, nor the reverse;
 *     a person and an organisation cost 10%;
 *   - known, different countries cost 10%, and a name of generic words
 *     only ("Industrial Bank") links only within its country.
 * Candidates come from an inverted index over the rarest tokens of the
 * query, so a link costs a few microseconds against the full SDN list.
 *
 * Thread safety: nw_link only reads the lists.
 */
#ifndef NW_LINK_H
#define NW_LINK_H

#include <stddef.h>

struct nw_err;
struct nw_list_entry;
struct nw_lists;

/*
 * The default threshold.  On tests/fixtures/lists/link_cases.tsv (82 cases,
 * 42 of them negatives, many near misses; test_link prints this table):
 *
 *   threshold   false links   precision   recall
 *   0.75        5             0.889       1.000
 *   0.80        3             0.930       1.000
 *   0.85        1             0.976       1.000
 *   0.88        0             1.000       1.000
 *   0.90        0             1.000       0.950
 *   0.95        0             1.000       0.900
 *
 * The rules above were tuned on that set, so these figures flatter them.
 * Against the real SDN list at 0.88 (tests/bench/link_bench.c), 99.4% of
 * the entries' own display names link back to them, and none of 50,000
 * made-up name pairs links; the misses are by design (one-word person
 * names, names made only of very common elements).
 */
#define NW_LINK_THRESHOLD 0.88

struct nw_link {
	const struct nw_list_entry *entry;
	const char *matched; /* the entry's primary name or alias that matched, as published */
	double score;	     /* 0..1 */
};

/*
 * Link name (n bytes of UTF-8) of kind (enum nw_kind, NW_KIND_NONE when
 * unknown) and country (ISO alpha-2; NULL or "" when unknown).  Returns 1
 * and fills out with the best match scoring >= threshold, else 0.
 */
int nw_link(const struct nw_lists *l, const char *name, size_t n, int kind, const char *country,
	    double threshold, struct nw_link *out);

/*
 * Tokenize the names added since the last call and rebuild the index.
 * Called by the loaders of lists.c; nobody else needs it.
 */
int nw_link_index(struct nw_lists *l, struct nw_err *e);

/* Release the index's arrays (by nw_lists_free). */
void nw_link_index_free(struct nw_lists *l);

/*
 * Normalize name (of kind: persons keep trailing words such as "Ao") into
 * out (size bytes): its tokens separated by single spaces, in order
 * ("JONG, Song Hwa" -> "jong song hwa").  For tests and diagnostics;
 * returns the number of tokens.
 */
int nw_link_normalize(const char *name, size_t n, int kind, char *out, size_t size);

#endif
