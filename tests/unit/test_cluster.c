/*
 * test_cluster.c - one key per sanctions action (cluster.h): reports in
 * other wordings join, other actions do not, and the state file survives
 * restarts, torn lines and age.
 *
 * File cases work in their own mkdtemp directory under /tmp.  Days are
 * fixed (2018-09-13 is day 17787) so keys are predictable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cluster.h"
#include "date.h"
#include "err.h"
#include "lexicon.h"
#include "t.h"

#define SEP_13 17787 /* 2018-09-13 in days */

#define TARGETS(...) ((const struct nw_cluster_target[]){__VA_ARGS__})
#define NTARGETS(...) (sizeof(TARGETS(__VA_ARGS__)) / sizeof(struct nw_cluster_target))
#define REPORT(type_, country_, day_, ...)                                                         \
	((struct nw_cluster_report){.type = (type_),                                               \
				    .country = (country_),                                         \
				    .day = (day_),                                                 \
				    .targets = TARGETS(__VA_ARGS__),                               \
				    .ntargets = NTARGETS(__VA_ARGS__)})

static int assign(struct nw_clusters *cs, struct nw_cluster_report r, char *key)
{
	struct nw_err e = {0, ""};
	return nw_clusters_assign(cs, &r, key, &e);
}

static void seed_reports_share_a_key(void)
{
	struct nw_clusters cs;
	char a[NW_CLUSTER_KEY_SIZE], b[NW_CLUSTER_KEY_SIZE];

	T_ASSERT(nw_clusters_open(&cs, NULL, SEP_13 + 1, NULL) == NW_OK);
	T_EXPECT(assign(&cs,
			REPORT(NW_EV_DESIGNATION, "US", SEP_13,
			       {"Yanbian Silverstar Network Technology Co., Ltd.", NULL},
			       {"Jong Song Hwa", NULL}, {"Volasys Silver Star", NULL}),
			a) == 1);
	T_EXPECT(strncmp(a, "US-20180913-", 12) == 0);
	/* another outlet, a day later, other spellings and a partial list */
	T_EXPECT(assign(&cs,
			REPORT(NW_EV_DESIGNATION, "US", SEP_13 + 1, {"China Silver Star", NULL},
			       {"Volasys Silverstar", NULL}, {"Song Hwa Jong", NULL}),
			b) == 1);
	T_STREQ(b, a);
	nw_clusters_close(&cs);
}

static void other_actions_get_other_keys(void)
{
	struct nw_clusters cs;
	char a[NW_CLUSTER_KEY_SIZE], k[NW_CLUSTER_KEY_SIZE];

	T_ASSERT(nw_clusters_open(&cs, NULL, SEP_13, NULL) == NW_OK);
	T_ASSERT(assign(&cs,
			REPORT(NW_EV_DESIGNATION, "US", SEP_13, {"Ocean Pearl Shipping LLC", NULL},
			       {"Ri Myong Su", NULL}),
			a) == 1);
	/* same targets, another authority */
	T_EXPECT(assign(&cs,
			REPORT(NW_EV_DESIGNATION, "GB", SEP_13, {"Ocean Pearl Shipping", NULL}),
			k) == 1);
	T_EXPECT(strcmp(k, a) != 0);
	/* same targets, a month later: a new action */
	T_EXPECT(assign(&cs, REPORT(NW_EV_DESIGNATION, "US", SEP_13 + 30, {"Ri Myong Su", NULL}),
			k) == 1);
	T_EXPECT(strcmp(k, a) != 0);
	/* same targets, lifted rather than imposed */
	T_EXPECT(assign(&cs, REPORT(NW_EV_DELISTING, "US", SEP_13, {"Ri Myong Su", NULL}), k) == 1);
	T_EXPECT(strcmp(k, a) != 0);
	/* one shared word is not a shared target */
	T_EXPECT(assign(&cs, REPORT(NW_EV_DESIGNATION, "US", SEP_13, {"Ocean Star Trading", NULL}),
			k) == 1);
	T_EXPECT(strcmp(k, a) != 0);
	nw_clusters_close(&cs);

	/* two list entries that differ are two targets, whatever their names */
	T_ASSERT(nw_clusters_open(&cs, NULL, SEP_13, NULL) == NW_OK);
	T_EXPECT(assign(&cs, REPORT(NW_EV_DESIGNATION, "US", SEP_13, {"Ri Myong Su", "OFAC-SDN:1"}),
			a) == 1);
	T_EXPECT(assign(&cs, REPORT(NW_EV_DESIGNATION, "US", SEP_13, {"Ri Myong Su", "OFAC-SDN:2"}),
			k) == 1);
	T_EXPECT(strcmp(k, a) != 0);
	nw_clusters_close(&cs);
}

static void later_reports_join_through_new_targets(void)
{
	struct nw_clusters cs;
	char a[NW_CLUSTER_KEY_SIZE], k[NW_CLUSTER_KEY_SIZE];

	T_ASSERT(nw_clusters_open(&cs, NULL, SEP_13, NULL) == NW_OK);
	T_ASSERT(assign(&cs, REPORT(NW_EV_DESIGNATION, "", NW_DATE_NONE, {"Kim Chol Nam", NULL}),
			a) == 1);
	/* joins (unknown authority and date agree with anything) and adds a target */
	T_EXPECT(assign(&cs,
			REPORT(NW_EV_DESIGNATION, "US", SEP_13, {"Kim Chol Nam", NULL},
			       {"Korea Sobaeksu Trading Company", NULL}),
			k) == 1);
	T_STREQ(k, a);
	/* names only the added target */
	T_EXPECT(assign(&cs,
			REPORT(NW_EV_DESIGNATION, "US", SEP_13 + 2, {"Sobaeksu Trading", NULL}),
			k) == 1);
	T_STREQ(k, a);
	/* a background mention joins but never starts a cluster */
	struct nw_cluster_report bg =
	    REPORT(NW_EV_DESIGNATION, "US", SEP_13 + 5, {"Kim Chol Nam", NULL});
	bg.background = 1;
	T_EXPECT(assign(&cs, bg, k) == 1);
	T_STREQ(k, a);
	bg = REPORT(NW_EV_DESIGNATION, "US", SEP_13, {"Someone Else Entirely", NULL});
	bg.background = 1;
	T_EXPECT(assign(&cs, bg, k) == 0);
	T_STREQ(k, "");
	/* no targets, no key */
	struct nw_cluster_report none = {.type = NW_EV_DESIGNATION, .day = SEP_13};
	T_EXPECT(assign(&cs, none, k) == 0);
	nw_clusters_close(&cs);
}

static char *make_tmpdir(char *buf, size_t size)
{
	snprintf(buf, size, "/tmp/nw-test-cluster-XXXXXX");
	return mkdtemp(buf);
}

static void keys_survive_a_restart(void)
{
	char dir[64], path[128], a[NW_CLUSTER_KEY_SIZE], k[NW_CLUSTER_KEY_SIZE];
	struct nw_clusters cs;
	struct nw_err e = {0, ""};

	T_ASSERT(make_tmpdir(dir, sizeof dir));
	snprintf(path, sizeof path, "%s/clusters", dir);
	T_ASSERT(nw_clusters_open(&cs, path, SEP_13, &e) == NW_OK);
	T_ASSERT(
	    assign(&cs, REPORT(NW_EV_DESIGNATION, "US", SEP_13, {"Blue Heron Ltd", NULL}), a) == 1);
	T_ASSERT(assign(&cs,
			REPORT(NW_EV_DESIGNATION, "US", SEP_13, {"Blue Heron", NULL},
			       {"Grey Gull Marine", NULL}),
			k) == 1);
	nw_clusters_close(&cs);

	/* a crash cut the next line short: it is ignored */
	FILE *f = fopen(path, "a");
	T_ASSERT(f);
	fputs("US-20180913-00000000\tdesignation\tUS\t2018-09-", f);
	fclose(f);

	T_ASSERT(nw_clusters_open(&cs, path, SEP_13 + 3, &e) == NW_OK);
	T_EXPECT(cs.n == 1);
	T_EXPECT(assign(&cs,
			REPORT(NW_EV_DESIGNATION, "US", SEP_13 + 1, {"Grey Gull Marine", NULL}),
			k) == 1);
	T_STREQ(k, a);
	nw_clusters_close(&cs);
	unlink(path);
	rmdir(dir);
}

static void old_clusters_are_forgotten(void)
{
	char dir[64], path[128], k[NW_CLUSTER_KEY_SIZE];
	struct nw_clusters cs;
	struct nw_err e = {0, ""};
	struct nw_buf b;

	T_ASSERT(make_tmpdir(dir, sizeof dir));
	snprintf(path, sizeof path, "%s/clusters", dir);
	T_ASSERT(nw_clusters_open(&cs, path, SEP_13, &e) == NW_OK);
	for (int i = 0; i < 200; i++) {
		char name[32];
		snprintf(name, sizeof name, "Target Number %d", i);
		T_ASSERT(assign(&cs, REPORT(NW_EV_DESIGNATION, "US", SEP_13, {name, NULL}), k) ==
			 1);
	}
	nw_clusters_close(&cs);

	/* past the horizon every cluster is gone and the file is rewritten */
	T_ASSERT(nw_clusters_open(&cs, path, SEP_13 + NW_CLUSTER_HORIZON + 1, &e) == NW_OK);
	T_EXPECT(cs.n == 0);
	T_EXPECT(assign(&cs, REPORT(NW_EV_DESIGNATION, "US", SEP_13, {"Target Number 7", NULL}),
			k) == 1);
	nw_clusters_close(&cs);
	nw_buf_init(&b, 1 << 20);
	T_ASSERT(nw_buf_read_file(&b, path, &e) == NW_OK);
	size_t lines = 0;
	for (size_t i = 0; i < b.len; i++)
		lines += b.data[i] == '\n';
	T_EXPECT(lines == 1);
	nw_buf_release(&b);
	unlink(path);
	rmdir(dir);
}

T_MAIN(T_CASE(seed_reports_share_a_key), T_CASE(other_actions_get_other_keys),
       T_CASE(later_reports_join_through_new_targets), T_CASE(keys_survive_a_restart),
       T_CASE(old_clusters_are_forgotten))
