/*
 * link_bench.c - the speed of loading OFAC's SDN list and of linking names
 * to it (pipeline/lists.c, pipeline/link.c), and the spec's linking cases
 * checked against the real list.
 *
 * Usage: link_bench OFAC_DIR     (e.g. ../shared/data/ofac: sdn.csv, alt.csv, add.csv)
 *
 * Uses the real OFAC data, so it is not part of make check.  Prints one
 * "name value" line per measure; times are medians of RUNS runs:
 *   lists-load-ms            load sdn+alt+add and build the index (wall clock)
 *   lists-load-cpu-ms        the same in CPU time (user + system): steadier on a busy host
 *   link-per-sec-match       every entry's display name ("Jong Song Hwa"),
 *                            with its kind and country: names that match
 *   link-self-recall         of those, the share linked to their own entry
 *                            (or to an entry of the same normalized name)
 *   link-per-sec-nomatch     50,000 random capitalized pairs of made-up words
 *   link-nomatch-links       how many of those linked (should be 0)
 *   link-per-sec-listwords   50,000 random pairs of words taken from the list
 *                            ("Trading Muhammad"): near misses, the slow case
 *   link-listwords-links     how many of those linked (some pairs are real names)
 *   link-check-failures      the spec's cases (Silver Star, Jong Song Hwa, Bank,
 *                            Kim ...) that went wrong; each is printed on stderr
 * Exit status: 0, or 1 when the list cannot be loaded or a check failed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "entity.h"
#include "err.h"
#include "link.h"
#include "lists.h"

#define RUNS 5
#define NRANDOM 50000

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

struct query {
	char name[128];
	int kind;
	char country[3];
};

/* Link every query; returns how many linked, and how many to entry want[i] when want is given. */
static size_t run(const struct nw_lists *l, const struct query *q, size_t n, const char **want,
		  size_t *right)
{
	size_t i, linked = 0;
	struct nw_link out;

	if (right)
		*right = 0;
	for (i = 0; i < n; i++) {
		if (!nw_link(l, q[i].name, strlen(q[i].name), q[i].kind, q[i].country,
			     NW_LINK_THRESHOLD, &out))
			continue;
		linked++;
		if (want && right && !strcmp(out.entry->uid, want[i]))
			(*right)++;
		else if (want && right) {
			char a[256], b[256];

			/* Several entries can share a name (vessels, branches). */
			nw_link_normalize(q[i].name, strlen(q[i].name), q[i].kind, b, sizeof(b));
			nw_link_normalize(out.entry->display, strlen(out.entry->display),
					  out.entry->kind, a, sizeof(a));
			*right += !strcmp(a, b);
		}
	}
	return linked;
}

static double per_sec(const struct nw_lists *l, const struct query *q, size_t n, size_t *linked)
{
	double t[RUNS];
	int r;

	for (r = 0; r < RUNS; r++) {
		double t0 = now();

		*linked = run(l, q, n, NULL, NULL);
		t[r] = now() - t0;
	}
	return (double)n / median(t, RUNS);
}

static void made_up_word(uint64_t *s, char *out)
{
	static const char cons[] = "bdfgklmnprstvz", vow[] = "aeiou";
	int syl = 2 + (int)(rnd(s) % 2), i, k = 0;

	for (i = 0; i < syl; i++) {
		out[k++] = cons[rnd(s) % (sizeof(cons) - 1)];
		out[k++] = vow[rnd(s) % (sizeof(vow) - 1)];
	}
	out[k] = '\0';
	out[0] = (char)(out[0] - 'a' + 'A');
}

static void list_word(const struct nw_lists *l, uint64_t *s, char *out, size_t size)
{
	const struct nw_link_index *x = &l->idx;
	uint32_t tok = x->tok[rnd(s) % x->ntok];

	snprintf(out, size, "%s", x->kbuf + x->koff[tok]);
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
}

struct check {
	const char *name;
	int kind;
	const char *country;
	const char *uid; /* NULL: must not link */
};

static const struct check checks[] = {
    {"China Silver Star", NW_KIND_ORG, "CN", "24977"},
    {"Yanbian Silverstar Network Technology Co", NW_KIND_ORG, "CN", "24977"},
    {"Yanbian Silverstar", NW_KIND_ORG, "", "24977"},
    {"Jong Song Hwa", NW_KIND_PERSON, "KP", "24979"},
    {"Song Hwa Jong", NW_KIND_PERSON, "", "24979"},
    {"Volasys Silver Star", NW_KIND_ORG, "RU", "24978"},
    {"Volasys Silverstar", NW_KIND_NONE, "", "24978"},
    {"Bank", NW_KIND_ORG, "", NULL},
    {"China", NW_KIND_NONE, "", NULL},
    {"Network", NW_KIND_ORG, "", NULL},
    {"Kim", NW_KIND_PERSON, "KP", NULL},
    {"Silver Star Shipping", NW_KIND_ORG, "", NULL},
    {"Yanbian Network Technology", NW_KIND_ORG, "CN", NULL},
    {"Jong Song Hwa", NW_KIND_VESSEL, "", NULL},
};

static int run_checks(const struct nw_lists *l)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		const struct check *c = &checks[i];
		struct nw_link out;
		int got = nw_link(l, c->name, strlen(c->name), c->kind, c->country,
				  NW_LINK_THRESHOLD, &out);

		if (c->uid ? (got && !strcmp(out.entry->uid, c->uid)) : !got)
			continue;
		bad++;
		fprintf(stderr, "check failed: \"%s\" -> %s (want %s)\n", c->name,
			got ? out.entry->uid : "none", c->uid ? c->uid : "none");
	}
	return bad;
}

int main(int argc, char **argv)
{
	struct nw_lists l;
	struct nw_err e = {0};
	struct query *q;
	const char **want;
	double t[RUNS], cpu[RUNS];
	size_t i, n, linked, right;
	uint64_t seed = 0x9E3779B97F4A7C15ULL;
	int r, bad;

	if (argc != 2) {
		fprintf(stderr, "usage: link_bench OFAC_DIR\n");
		return 2;
	}
	for (r = 0; r < RUNS; r++) {
		double t0 = now(), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);

		nw_lists_init(&l);
		if (nw_lists_load_ofac(&l, argv[1], &e)) {
			fprintf(stderr, "link_bench: %s\n", e.msg);
			return 1;
		}
		t[r] = now() - t0;
		cpu[r] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
		if (r < RUNS - 1)
			nw_lists_free(&l);
	}
	printf("lists-load-ms %.1f\n", median(t, RUNS) * 1000);
	printf("lists-load-cpu-ms %.1f\n", median(cpu, RUNS) * 1000);
	printf("lists-entries %zu\nlists-names %zu\n", l.nent, l.nnames);

	n = l.nent > NRANDOM ? l.nent : NRANDOM;
	q = calloc(n, sizeof(*q));
	want = calloc(n, sizeof(*want));
	if (!q || !want)
		return 1;
	for (i = 0; i < l.nent; i++) {
		snprintf(q[i].name, sizeof(q[i].name), "%s", l.ent[i].display);
		q[i].kind = l.ent[i].kind;
		memcpy(q[i].country, l.ent[i].country, 3);
		want[i] = l.ent[i].uid;
	}
	printf("link-per-sec-match %.0f\n", per_sec(&l, q, l.nent, &linked));
	run(&l, q, l.nent, want, &right);
	printf("link-self-recall %.3f\n", (double)right / (double)l.nent);

	for (i = 0; i < NRANDOM; i++) {
		char a[16], b[16];

		made_up_word(&seed, a);
		made_up_word(&seed, b);
		snprintf(q[i].name, sizeof(q[i].name), "%s %s", a, b);
		q[i].kind = NW_KIND_NONE;
		q[i].country[0] = '\0';
	}
	printf("link-per-sec-nomatch %.0f\n", per_sec(&l, q, NRANDOM, &linked));
	printf("link-nomatch-links %zu\n", linked);

	for (i = 0; i < NRANDOM; i++) {
		char a[64], b[64];

		list_word(&l, &seed, a, sizeof(a));
		list_word(&l, &seed, b, sizeof(b));
		snprintf(q[i].name, sizeof(q[i].name), "%s %s", a, b);
		q[i].kind = NW_KIND_NONE;
		q[i].country[0] = '\0';
	}
	printf("link-per-sec-listwords %.0f\n", per_sec(&l, q, NRANDOM, &linked));
	printf("link-listwords-links %zu\n", linked);

	bad = run_checks(&l);
	printf("link-check-failures %d\n", bad);
	free(q);
	free(want);
	nw_lists_free(&l);
	return bad ? 1 : 0;
}
