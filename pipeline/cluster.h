/*
 * cluster.h - one key per sanctions action, however many outlets report it.
 *
 * Thirty articles about one Treasury action name it in thirty wordings
 * with partial target lists.  A report joins an existing cluster when it
 * has the same event type, a compatible authority (same country, or one
 * of them unknown), a date within NW_CLUSTER_WINDOW days of the cluster's
 * (an unknown date is compatible), and at least one target in common: the
 * same list entry (uid) or the same name up to case, punctuation, word
 * order, corporate suffixes and spacing ("Silver Star" / "Silverstar").
 * Otherwise a new cluster starts, with a key made from the authority's
 * country, the date and a hash of the first report's targets:
 *
 *     US-20180913-5c1e08a7
 *
 * A report that joins adds its new targets to the cluster, so a later
 * report naming only those joins too.  Background reports ("was
 * sanctioned last year") join a cluster but never start one.
 *
 * Persistence: VAR/state/clusters, one line per created or grown cluster,
 * appended; replayed on open.  Clusters older than NW_CLUSTER_HORIZON days
 * (by their date) are forgotten and the file is rewritten without them
 * once it holds more dead lines than live ones, so it stays bounded
 * whatever the archive's size.  A NULL path keeps everything in memory
 * (`newswatch tag` clusters across the inputs of one run).
 *
 * Ownership: struct nw_clusters owns everything; nw_clusters_close frees it.
 */
#ifndef NW_CLUSTER_H
#define NW_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct nw_err;

#define NW_CLUSTER_WINDOW 10   /* days between reports of one action */
#define NW_CLUSTER_HORIZON 120 /* days a cluster is remembered */
#define NW_CLUSTER_KEY_SIZE 24 /* "US-20180913-5c1e08a7" and its NUL */

struct nw_cluster_target {
	const char *name; /* as the article names it */
	const char *uid;  /* "OFAC-SDN:24977" when linked to a list, else NULL */
};

struct nw_cluster_report {
	int type;	     /* enum nw_event_type */
	const char *country; /* the authority's country, "" or NULL when unknown */
	int64_t day;	     /* days since 1970-01-01, NW_DATE_NONE when unknown */
	int background;	     /* a report of an earlier action */
	const struct nw_cluster_target *targets;
	size_t ntargets;
};

struct nw_cluster;

struct nw_clusters {
	struct nw_arena arena;
	char *path; /* NULL: memory only */
	int fd;	    /* open for appending, or -1 */
	struct nw_cluster **c;
	size_t n, cap;
	size_t lines;  /* lines in the file, live or not */
	int64_t today; /* days since 1970-01-01: new clusters' creation day */
};

/* Load path (created when missing; NULL for memory only); today in days. */
int nw_clusters_open(struct nw_clusters *cs, const char *path, int64_t today, struct nw_err *e);
void nw_clusters_close(struct nw_clusters *cs);

/*
 * The key of report r, into key: an existing cluster it joins, or a new
 * one.  Returns 1 when a key was given, 0 when none (a background report
 * that joins nothing, or no targets), or an NW_E* code (the file could not
 * be written; the key is then still given for this run).
 */
int nw_clusters_assign(struct nw_clusters *cs, const struct nw_cluster_report *r,
		       char key[NW_CLUSTER_KEY_SIZE], struct nw_err *e);

/* Whether two target names are one name by the rules above. */
int nw_cluster_same_name(const char *a, const char *b);

struct nw_tags;

/*
 * Give every designation, delisting and enforcement event of one article
 * its key (ev->key, an arena string).  published (seconds, or
 * NW_DATE_NONE) dates the events the text leaves undated.  Errors are
 * those of nw_clusters_assign; the keys are given all the same.
 */
int nw_tags_cluster(struct nw_clusters *cs, struct nw_tags *tags, int64_t published,
		    struct nw_arena *a, struct nw_err *e);

#endif
