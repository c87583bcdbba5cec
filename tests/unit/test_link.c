/*
 * test_link.c - linking names from news text to list entries (link.h):
 * normalization, the spec's examples, the precision rules, a labelled set
 * of cases (tests/fixtures/lists/link_cases.tsv) that must give no false
 * link and recall >= 0.9 at NW_LINK_THRESHOLD, concurrent linking, and
 * hostile queries.
 *
 * The lists are tests/fixtures/lists/ofac (list OFAC-SDN) and
 * tests/fixtures/lists/watchlist.tsv (list DESK); nothing here reads
 * ../shared/data (tests/bench/link_bench.c checks the same examples
 * against the real SDN list).  The case set's precision and recall at a
 * few thresholds are printed as "#" lines, for choosing the default.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entity.h"
#include "err.h"
#include "link.h"
#include "lists.h"
#include "t.h"

#define CASES "tests/fixtures/lists/link_cases.tsv"
#define MAX_CASES 256

static int load(struct nw_lists *l)
{
	struct nw_err e = {0};

	nw_lists_init(l);
	if (nw_lists_load_ofac(l, "tests/fixtures/lists/ofac", &e) ||
	    nw_lists_load_watchlist(l, "tests/fixtures/lists/watchlist.tsv", "DESK", &e)) {
		printf("# load: %s\n", e.msg);
		return -1;
	}
	return 0;
}

/* The uid name links to at the default threshold, or "-". */
static const char *link_uid(const struct nw_lists *l, const char *name, int kind,
			    const char *country)
{
	struct nw_link out;

	if (!nw_link(l, name, strlen(name), kind, country, NW_LINK_THRESHOLD, &out))
		return "-";
	return out.entry->uid;
}

static void norm(const char *in, int kind, const char *want)
{
	char out[256];

	nw_link_normalize(in, strlen(in), kind, out, sizeof(out));
	T_STREQ(out, want);
}

static void normalization(void)
{
	/* Grün Æsir Łódź Straße; Café (combining accent) O’Brien */
	static const char latin[] = {'G',    'r',    '\xc3', '\xbc', 'n',    ' ',    '\xc3',
				     '\x86', 's',    'i',    'r',    ' ',    '\xc5', '\x81',
				     '\xc3', '\xb3', 'd',    '\xc5', '\xba', ' ',    'S',
				     't',    'r',    'a',    '\xc3', '\x9f', 'e',    '\0'};
	static const char cafe[] = {'C',    'a',    'f', 'e', '\xcc', '\x81', ' ', 'O', '\xe2',
				    '\x80', '\x99', 'B', 'r', 'i',    'e',    'n', '\0'};

	norm("JONG, Song Hwa", NW_KIND_PERSON, "jong song hwa");
	norm("YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.", NW_KIND_ORG,
	     "yanbian silverstar network technology");
	norm(latin, NW_KIND_NONE, "grun aesir lodz strasse");
	norm(cafe, NW_KIND_NONE, "cafe obrien");
	norm("Sergei IVANOFF", NW_KIND_PERSON, "sergey ivanov");
	norm("Mohammed Abdul Rahman", NW_KIND_PERSON, "muhammad abd al rahman");
	norm("Park Gim Lee", NW_KIND_PERSON, "pak kim ri");
	norm("Comercial Norte, S.A. de C.V.", NW_KIND_ORG, "comercial norte");
	norm("The Islamic State", NW_KIND_ORG, "islamic state");
	norm("Dr. Ayman al-Zawahiri", NW_KIND_PERSON, "ayman al zawahiri");
	/* A person keeps a last word that would be a company suffix. */
	norm("PAO, Yu Liang", NW_KIND_PERSON, "pao yu liang");
	norm("Yu Liang Pao", NW_KIND_PERSON, "yu liang pao");
	norm("Yu Liang Pao", NW_KIND_ORG, "yu liang");
	/* Never empties a name; junk bytes separate. */
	norm("Co.", NW_KIND_ORG, "co");
	norm("A\xff\xfe"
	     "B",
	     NW_KIND_NONE, "a b");
	norm("", NW_KIND_NONE, "");
}

static void spec_examples(void)
{
	struct nw_lists l;
	struct nw_link out;

	T_ASSERT(load(&l) == 0);
	T_ASSERT(nw_link(&l, "China Silver Star", 17, NW_KIND_ORG, "CN", NW_LINK_THRESHOLD, &out));
	T_STREQ(out.entry->uid, "24977");
	T_STREQ(out.matched, "SILVER STAR CHINA");
	T_EXPECT(out.score > 0.99);
	T_STREQ(link_uid(&l, "Yanbian Silverstar Network Technology Co", NW_KIND_ORG, "CN"),
		"24977");
	T_STREQ(link_uid(&l, "Jong Song Hwa", NW_KIND_PERSON, "KP"), "24979");
	T_STREQ(link_uid(&l, "Volasys Silver Star", NW_KIND_ORG, NULL), "24978");
	T_STREQ(link_uid(&l, "Bank", NW_KIND_ORG, NULL), "-");
	T_STREQ(link_uid(&l, "China", NW_KIND_NONE, NULL), "-");
	T_STREQ(link_uid(&l, "Network", NW_KIND_ORG, NULL), "-");
	T_STREQ(link_uid(&l, "Kim", NW_KIND_PERSON, "KP"), "-");
	nw_lists_free(&l);
}

static void kinds_and_countries(void)
{
	struct nw_lists l;
	struct nw_link a, b;

	T_ASSERT(load(&l) == 0);
	/* A person does not link to a vessel, nor a vessel to a person. */
	T_STREQ(link_uid(&l, "Ocean Dawn", NW_KIND_VESSEL, NULL), "90003");
	T_STREQ(link_uid(&l, "Ocean Dawn", NW_KIND_PERSON, NULL), "-");
	T_STREQ(link_uid(&l, "Jong Song Hwa", NW_KIND_VESSEL, NULL), "-");
	/* A known, different country costs; an unknown one does not. */
	T_ASSERT(nw_link(&l, "Jong Song Hwa", 13, NW_KIND_PERSON, "KP", 0.5, &a));
	T_ASSERT(nw_link(&l, "Jong Song Hwa", 13, NW_KIND_PERSON, "CN", 0.5, &b));
	T_EXPECT(b.score < a.score);
	T_ASSERT(nw_link(&l, "Jong Song Hwa", 13, NW_KIND_PERSON, "", 0.5, &b));
	T_EXPECT(b.score == a.score);
	/* A name of common words only links within its country. */
	T_STREQ(link_uid(&l, "Global United Bank", NW_KIND_ORG, "IR"), "90007");
	T_STREQ(link_uid(&l, "Global United Bank", NW_KIND_ORG, NULL), "-");
	/* A country name is never a list entry. */
	T_STREQ(link_uid(&l, "Zarnegar", NW_KIND_COUNTRY, NULL), "-");
	/* One word links to a one-word organisation; a vessel's only when it says vessel. */
	T_STREQ(link_uid(&l, "Zarnegar", NW_KIND_NONE, NULL), "90010");
	/* Threshold 1.0 keeps only exact matches. */
	T_ASSERT(nw_link(&l, "Jong Song Hwa", 13, NW_KIND_PERSON, NULL, 1.0, &a));
	T_EXPECT(!nw_link(&l, "Chong Sung Hwa", 14, NW_KIND_PERSON, NULL, 1.0, &a) ||
		 a.score >= 1.0);
	nw_lists_free(&l);
}

struct lcase {
	char name[128], country[3], want[64];
	int kind;
};

static int parse_kind(const char *s)
{
	if (!strcmp(s, "person"))
		return NW_KIND_PERSON;
	if (!strcmp(s, "org"))
		return NW_KIND_ORG;
	if (!strcmp(s, "vessel"))
		return NW_KIND_VESSEL;
	if (!strcmp(s, "aircraft"))
		return NW_KIND_AIRCRAFT;
	return NW_KIND_NONE;
}

static size_t read_cases(struct lcase *c, size_t max)
{
	FILE *f = fopen(CASES, "r");
	char line[512];
	size_t n = 0;

	if (!f)
		return 0;
	while (n < max && fgets(line, sizeof(line), f)) {
		char *name = strtok(line, "\t\n"), *kind = strtok(NULL, "\t\n"),
		     *country = strtok(NULL, "\t\n"), *want = strtok(NULL, "\t\n");

		if (!name || name[0] == '#' || !want)
			continue;
		snprintf(c[n].name, sizeof(c[n].name), "%s", name);
		snprintf(c[n].country, sizeof(c[n].country), "%s",
			 strcmp(country, "-") ? country : "");
		snprintf(c[n].want, sizeof(c[n].want), "%s", want);
		c[n].kind = parse_kind(kind);
		n++;
	}
	fclose(f);
	return n;
}

struct tally {
	int tp, fp, fn, tn, pos;
};

static struct tally score_cases(const struct nw_lists *l, const struct lcase *c, size_t n,
				double threshold, int verbose)
{
	struct tally t = {0};
	size_t i;

	for (i = 0; i < n; i++) {
		struct nw_link out;
		char got[64] = "-";

		if (nw_link(l, c[i].name, strlen(c[i].name), c[i].kind, c[i].country, threshold,
			    &out))
			snprintf(got, sizeof(got), "%s:%s", out.entry->list, out.entry->uid);
		t.pos += strcmp(c[i].want, "-") != 0;
		if (!strcmp(got, c[i].want)) {
			if (strcmp(got, "-"))
				t.tp++;
			else
				t.tn++;
			continue;
		}
		if (strcmp(got, "-"))
			t.fp++; /* a link, and not the right one */
		if (strcmp(c[i].want, "-"))
			t.fn++;
		if (verbose)
			printf("#   %s (%d, %s): got %s (%.3f), want %s\n", c[i].name, c[i].kind,
			       c[i].country, got, strcmp(got, "-") ? out.score : 0.0, c[i].want);
	}
	return t;
}

static void case_set(void)
{
	static const double thresholds[] = {0.75, 0.80, 0.85, 0.88, 0.90, 0.95};
	struct lcase *c = calloc(MAX_CASES, sizeof(*c));
	struct nw_lists l;
	struct tally t;
	size_t n, i, neg = 0;

	T_ASSERT(c != NULL);
	n = read_cases(c, MAX_CASES);
	for (i = 0; i < n; i++)
		neg += !strcmp(c[i].want, "-");
	T_EXPECT(n >= 60 && neg * 2 >= n - 2);
	if (load(&l)) {
		free(c);
		T_ASSERT(0);
	}
	for (i = 0; i < sizeof(thresholds) / sizeof(thresholds[0]); i++) {
		t = score_cases(&l, c, n, thresholds[i], 0);
		printf("# threshold %.2f: %d cases, %d false links, precision %.3f, recall %.3f\n",
		       thresholds[i], (int)n, t.fp,
		       t.tp + t.fp ? (double)t.tp / (t.tp + t.fp) : 1.0,
		       t.pos ? (double)t.tp / t.pos : 1.0);
	}
	t = score_cases(&l, c, n, NW_LINK_THRESHOLD, 1);
	T_EXPECT(t.fp == 0);
	T_EXPECT(t.pos > 0 && (double)t.tp / t.pos >= 0.9);
	nw_lists_free(&l);
	free(c);
}

struct worker {
	const struct nw_lists *l;
	const struct lcase *c;
	size_t n;
	int mismatches;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	int round;
	size_t i;

	for (round = 0; round < 20; round++) {
		for (i = 0; i < w->n; i++) {
			struct nw_link a, b;
			int x = nw_link(w->l, w->c[i].name, strlen(w->c[i].name), w->c[i].kind,
					w->c[i].country, NW_LINK_THRESHOLD, &a);
			int y = nw_link(w->l, w->c[i].name, strlen(w->c[i].name), w->c[i].kind,
					w->c[i].country, NW_LINK_THRESHOLD, &b);

			w->mismatches +=
			    x != y || (x && (a.entry != b.entry || a.score != b.score));
		}
	}
	return NULL;
}

/* The lists are read-only after loading: threads link at once and agree. */
static void threads(void)
{
	struct lcase *c = calloc(MAX_CASES, sizeof(*c));
	struct worker w[4];
	pthread_t th[4];
	struct nw_lists l;
	int i, started = 0;

	T_ASSERT(c != NULL);
	if (load(&l)) {
		free(c);
		T_ASSERT(0);
	}
	for (i = 0; i < 4; i++) {
		w[i].l = &l;
		w[i].c = c;
		w[i].n = read_cases(c, MAX_CASES);
		w[i].mismatches = 0;
		if (pthread_create(&th[i], NULL, work, &w[i]) == 0)
			started++;
	}
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	T_EXPECT(started == 4);
	for (i = 0; i < started; i++)
		T_EXPECT(w[i].mismatches == 0);
	nw_lists_free(&l);
	free(c);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void hostile_queries(void)
{
	struct nw_lists l, empty;
	struct nw_link out;
	uint64_t seed = 7;
	char *big;
	int i;

	T_ASSERT(load(&l) == 0);
	big = malloc(1 << 16);
	T_ASSERT(big != NULL);
	for (i = 0; i < (1 << 16); i++)
		big[i] = "Ab Co, \xc3\xa9\xff-'."[i % 14];
	nw_link(&l, big, 1 << 16, NW_KIND_NONE, NULL, NW_LINK_THRESHOLD, &out);
	for (i = 0; i < 2000; i++) {
		size_t n = rnd(&seed) % 200, k;

		for (k = 0; k < n; k++)
			big[k] = (char)(rnd(&seed) & 0xFF);
		nw_link(&l, big, n, (int)(rnd(&seed) % 9), i % 2 ? "K" : "KP",
			rnd(&seed) % 2 ? 0 : 1, &out);
	}
	T_EXPECT(!nw_link(&l, "", 0, NW_KIND_NONE, NULL, 0.0, &out));
	T_EXPECT(!nw_link(&l, NULL, 5, NW_KIND_NONE, NULL, 0.0, &out));
	T_EXPECT(!nw_link(&l, "...,,,", 6, NW_KIND_NONE, NULL, 0.0, &out));
	free(big);
	nw_lists_free(&l);

	nw_lists_init(&empty);
	T_EXPECT(!nw_link(&empty, "Jong Song Hwa", 13, NW_KIND_PERSON, NULL, 0.0, &out));
	nw_lists_free(&empty);
}

T_MAIN(T_CASE(normalization), T_CASE(spec_examples), T_CASE(kinds_and_countries), T_CASE(case_set),
       T_CASE(threads), T_CASE(hostile_queries))
