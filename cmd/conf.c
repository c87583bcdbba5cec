/*
 * conf.c - finding newswatch.conf for the commands that read it.
 *
 * The order is the usual one for a Unix tool run from cron: --config FILE,
 * else $NEWSWATCH_CONFIG, else ./newswatch.conf when it exists; a file
 * named explicitly must exist, and with none of them the configuration is
 * empty and every setting takes its default.  The sanctions lists it names
 * are loaded here too, for the commands that tag.
 */
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "err.h"
#include "link.h"
#include "lists.h"

int nw_open_config(const char *explicit_path, struct nw_config *c, const char *cmd)
{
	struct nw_err err = {0, ""};
	const char *path = explicit_path;

	nw_config_init(c);
	if (!path)
		path = getenv("NEWSWATCH_CONFIG");
	if (!path || !*path) {
		if (access("newswatch.conf", F_OK) != 0)
			return NW_OK;
		path = "newswatch.conf";
	}
	if (nw_config_load(c, path, &err)) {
		nw_warn("%s: %s", cmd, err.msg);
		nw_config_release(c);
		nw_config_init(c);
		return err.code ? err.code : NW_EINVAL;
	}
	return NW_OK;
}

int nw_open_lists(struct nw_config *c, struct nw_lists *l, double *threshold, const char *cmd)
{
	struct nw_err err = {0, ""};
	const char *ofac = nw_config_path(c, "lists", NULL, "ofac");
	const char *watch = nw_config_path(c, "lists", NULL, "watchlist");
	const char *name = nw_config_get(c, "lists", NULL, "watchlist-name");

	nw_lists_init(l);
	if (nw_config_double(c, "lists", NULL, "threshold", NW_LINK_THRESHOLD, threshold, &err) ||
	    (ofac && nw_lists_load_ofac(l, ofac, &err)) ||
	    (watch && nw_lists_load_watchlist(l, watch, name ? name : "watchlist", &err))) {
		nw_warn("%s: %s", cmd, err.msg);
		nw_lists_free(l);
		return -1;
	}
	if (*threshold <= 0 || *threshold > 1) {
		nw_warn("%s: %s: [lists] threshold must be above 0 and at most 1", cmd, c->path);
		nw_lists_free(l);
		return -1;
	}
	return ofac || watch;
}
