/*
 * config.h - newswatch.conf: settings an analyst edits by hand.
 *
 * The format is the one git's config made familiar:
 *
 *     # comment              ; comment
 *     [lists]
 *     ofac = /srv/ofac        # a directory holding sdn.csv, alt.csv, add.csv
 *     [rule "korea"]
 *     countries = KP CN
 *
 * Section and key names are case-insensitive ASCII; a section may carry a
 * quoted subsection name.  A value runs to the end of the line, trimmed,
 * with a " #" or " ;" comment cut off; a value may be double-quoted to keep
 * those characters.  A key given twice keeps its last value (for a key
 * that takes a list, repeat the words on one line instead).  Relative paths
 * in values are resolved against the file's directory by nw_config_path.
 *
 * Ownership: the struct owns every string; nw_config_release frees them.
 */
#ifndef NW_CONFIG_H
#define NW_CONFIG_H

#include <stddef.h>

#include "arena.h"

struct nw_err;

struct nw_setting {
	const char *section; /* lower case */
	const char *name;    /* subsection, or NULL */
	const char *key;     /* lower case */
	const char *value;
	int line;
};

struct nw_config {
	struct nw_arena arena;
	const char *path; /* NULL for the empty configuration */
	const char *dir;  /* directory of path, for relative values */
	struct nw_setting *set;
	size_t n;
};

/* An empty configuration: every lookup gives NULL. */
void nw_config_init(struct nw_config *c);

/*
 * Read path.  Errors name the file and line ("newswatch.conf:7: expected
 * 'key = value'").  A missing file is NW_EIO.
 */
int nw_config_load(struct nw_config *c, const char *path, struct nw_err *e);
void nw_config_release(struct nw_config *c);

/* The value of section[.name].key, or NULL (name NULL: no subsection). */
const char *nw_config_get(const struct nw_config *c, const char *section, const char *name,
			  const char *key);

/* The setting behind a value, for error messages; NULL when unset. */
const struct nw_setting *nw_config_find(const struct nw_config *c, const char *section,
					const char *name, const char *key);

/*
 * Boolean (yes/no, true/false, on/off, 1/0) and number values: def when the
 * key is unset, NW_EINVAL with a message naming file and line when the
 * value is not one.
 */
int nw_config_bool(const struct nw_config *c, const char *section, const char *name,
		   const char *key, int def, int *out, struct nw_err *e);
int nw_config_double(const struct nw_config *c, const char *section, const char *name,
		     const char *key, double def, double *out, struct nw_err *e);

/* A path value resolved against the file's directory (arena string), or NULL. */
const char *nw_config_path(struct nw_config *c, const char *section, const char *name,
			   const char *key);

/*
 * The distinct subsection names of section, in file order, into names
 * (at most max); returns how many there are (may exceed max).
 */
size_t nw_config_names(const struct nw_config *c, const char *section, const char **names,
		       size_t max);

#endif
