/*
 * feedlist.h - the list of feeds to poll (feeds/feeds.conf).
 *
 * One feed a line: NAME LOCATION [INTERVAL], separated by white space
 * (INTERVAL such as 30m, 2h, 1d: how often to fetch it); '#' starts a
 * comment at the start of a line or after white space; blank lines are
 * ignored.  NAME is [A-Za-z0-9._-]+ and unique.  LOCATION is an http:// or
 * https:// URL, or a local file path, relative to the directory of the
 * list that names it.  A local feed may link to local article pages, but
 * only to files inside its own directory; a feed fetched from the network
 * can only ever lead to http(s) URLs.
 *
 * Ownership: the list owns its strings; nw_feedlist_release frees them.
 */
#ifndef NW_FEEDLIST_H
#define NW_FEEDLIST_H

#include <stddef.h>

#include "arena.h"

struct nw_err;

struct nw_feed_conf {
	const char *name;
	const char *url;  /* http(s) URL, or file:// URL of a local feed */
	const char *root; /* local feeds: the directory articles must stay in; else NULL */
	long interval;	  /* seconds between fetches the list asks for, 0 for the default */
	int line;	  /* where the list names it */
};

struct nw_feedlist {
	struct nw_arena arena;
	struct nw_feed_conf *feed;
	size_t n;
};

/* Errors name the file and line ("feeds.conf:12: duplicate feed name 'x'"). */
int nw_feedlist_load(struct nw_feedlist *fl, const char *path, struct nw_err *e);
void nw_feedlist_release(struct nw_feedlist *fl);

/*
 * The local path a file:// URL stands for, when it lies inside root (both
 * resolved with realpath, so ".." and symbolic links cannot escape).
 * Returns a malloc'd path, or NULL with e filled.
 */
char *nw_local_path(const char *url, const char *root, struct nw_err *e);

#endif
