/*
 * feedstate.h - what poll remembers about each feed between runs, and when
 * each feed is due again.
 *
 * VAR/state/feeds is a text file, one line per feed, fields separated by
 * tabs (times in Unix seconds, "" for an absent string):
 *
 *   name url fetch_url etag last_modified last_fetch status items errors
 *   next_due interval last_error
 *
 * url is the feed list's URL as it was last saved (an edited list resets
 * the entry); fetch_url is where poll fetches it, which a permanent
 * redirect (301, 308) changes.  Lines starting with '#' are comments, and
 * a line that does not parse is skipped (and counted), never fatal.  The
 * file is rewritten whole: a temporary file in the same directory, fsync,
 * rename, so a reader or a crash sees the old state or the new, never a
 * mix.  Saving keeps only the feeds of the current feed list.
 *
 * Scheduling (all in seconds):
 *   interval   the feed list's interval when it gives one, else the longest
 *              of the default (15 min), the feed's <ttl> and the response's
 *              Cache-Control max-age; always clamped to [5 min, 24 h].
 *              A hint only ever lengthens the default: both say how long a
 *              copy stays fresh, not that we should ask more often.
 *   success    next due = now + interval; errors = 0.
 *   failure    errors + 1.  The first failure is retried at the next run
 *              (most failures are transient: a timeout, a 502); after
 *              that the delay is interval * 2^(errors - 1), at most 24 h
 *              (30 min, 1 h, 2 h ... with the default interval).  A longer
 *              Retry-After (429, 503) wins, also capped at 24 h.
 *   hold       a feed that listed items not archived yet (a page failed,
 *              poll --no-articles, a crash) stays due and sends no
 *              validators, so that the next fetch returns the whole feed
 *              and its items are tried again; nw_feedstate_settle ends the
 *              hold once they are archived.
 *
 * Sizes: an entry costs about 110 bytes plus its strings; at most
 * NW_FEEDSTATE_MAX_FEEDS entries and a 64 MiB file are read, strings are cut
 * to the lengths below.
 *
 * Ownership: struct nw_feedstate owns every entry and string (one arena);
 * entry pointers stay valid until nw_feedstate_release.
 */
#ifndef NW_FEEDSTATE_H
#define NW_FEEDSTATE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct nw_err;
struct nw_feedlist;

#define NW_FEEDSTATE_MIN_INTERVAL (5L * 60)
#define NW_FEEDSTATE_DEFAULT_INTERVAL (15L * 60)
#define NW_FEEDSTATE_MAX_INTERVAL (24L * 3600)
#define NW_FEEDSTATE_MAX_FEEDS 100000
#define NW_FEEDSTATE_URL_MAX 8191
#define NW_FEEDSTATE_ERROR_MAX 300

struct nw_feedstate_entry {
	const char *name;
	const char *url;	   /* the feed list's URL */
	const char *fetch_url;	   /* url, or where it moved permanently */
	const char *etag;	   /* validators of the last good copy, "" when none */
	const char *last_modified; /* */
	const char *last_error;	   /* "" after a success */
	int64_t last_fetch;	   /* last attempt, 0 for never */
	int64_t next_due;	   /* may be fetched from then on */
	long status;		   /* HTTP status of the last attempt, 0 for none */
	long items;		   /* items in the last parsed copy, -1 unknown */
	long errors;		   /* consecutive failures */
	long interval;		   /* seconds between fetches while all is well */
	/* in memory only: the validators put aside by nw_feedstate_hold */
	const char *held_etag, *held_last_modified;
};

struct nw_feedstate {
	struct nw_arena arena;
	struct nw_feedstate_entry **entry; /* in file order, then in order added */
	size_t n, cap;
	size_t *index;	/* open addressing by name: entry index + 1, 0 for empty */
	size_t nindex;	/* a power of two, at least 2 * cap */
	char *path;	/* VAR/state/feeds */
	size_t skipped; /* lines of the file that did not parse */
};

/* What one fetch of a feed came to. */
struct nw_feedstate_result {
	int ok;				  /* 1: 2xx or 304, and the feed parsed */
	int not_modified;		  /* 1: a 304; items and ttl are unknown */
	long status;			  /* HTTP status, 0 for none (local feeds, no connection) */
	long items;			  /* items parsed */
	const char *error;		  /* why it failed (ok == 0) */
	const char *etag, *last_modified; /* validators of a success; NULL or "" for none */
	const char *moved_to;		  /* a permanent redirect's target; NULL or "" */
	long retry_after;		  /* seconds, -1 for none */
	long max_age;			  /* Cache-Control max-age, -1 for none */
	long ttl;			  /* the feed's <ttl> in seconds, -1 for none */
	long conf_interval;		  /* the feed list's interval, 0 for none */
};

/*
 * Read VAR/state/feeds; a missing file is an empty state.  Fails only when
 * the file exists and cannot be read (or is too big), or out of memory.
 */
int nw_feedstate_load(struct nw_feedstate *fs, const char *var, struct nw_err *e);
void nw_feedstate_release(struct nw_feedstate *fs);

/* The entry of feed name, or NULL. */
struct nw_feedstate_entry *nw_feedstate_find(const struct nw_feedstate *fs, const char *name);

/*
 * The entry of feed name at url, added (due now) when there is none; an
 * entry whose url differs is started afresh, since the list was edited.
 * NULL when out of memory, the name or URL is unusable (empty, longer than
 * NW_FEEDSTATE_URL_MAX) or the state is full: the caller then fetches the
 * feed without state.
 */
struct nw_feedstate_entry *nw_feedstate_get(struct nw_feedstate *fs, const char *name,
					    const char *url);

/* 1 when the feed may be fetched at time now. */
int nw_feedstate_due(const struct nw_feedstate_entry *en, int64_t now);

/* Record one fetch made at time now and schedule the next.  NW_ENOMEM only. */
int nw_feedstate_update(struct nw_feedstate *fs, struct nw_feedstate_entry *en,
			const struct nw_feedstate_result *r, int64_t now);

/* See "hold" above.  Both are no-ops when they do not apply. */
void nw_feedstate_hold(struct nw_feedstate_entry *en, int64_t now);
void nw_feedstate_settle(struct nw_feedstate_entry *en);

/*
 * Write the entries of the feeds in list (all entries when list is NULL)
 * to VAR/state/feeds atomically.  The directory VAR/state must exist.
 */
int nw_feedstate_save(const struct nw_feedstate *fs, const struct nw_feedlist *list,
		      struct nw_err *e);

/* The scheduling arithmetic above, exposed for tests and `feeds list`. */
long nw_feedstate_interval(long conf_interval, long ttl, long max_age);
long nw_feedstate_backoff(long interval, long errors, long retry_after);

#endif
