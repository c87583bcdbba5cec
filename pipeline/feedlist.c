/*
 * feedlist.c - reading feeds.conf; see feedlist.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/uri.h>

#include "buf.h"
#include "err.h"
#include "feedlist.h"
#include "fetch.h"

#define MAX_FEEDS 100000

static int valid_name(const char *s, size_t n)
{
	size_t i;

	if (!n || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/* "file://" + the absolute, percent-encoded path of a local feed. */
static int local_url(struct nw_feedlist *fl, struct nw_feed_conf *fc, const char *dir,
		     const char *loc, size_t n, const char *path, int line, struct nw_err *e)
{
	char joined[PATH_MAX], real[PATH_MAX], *slash;
	xmlChar *esc;

	if (n >= sizeof(joined) - strlen(dir) - 2)
		return nw_errorf(e, NW_EINVAL, "%s:%d: path too long", path, line);
	if (loc[0] == '/')
		memcpy(joined, loc, n), joined[n] = '\0';
	else if (snprintf(joined, sizeof(joined), "%s/%.*s", dir, (int)n, loc) >=
		 (int)sizeof(joined))
		return nw_errorf(e, NW_EINVAL, "%s:%d: path too long", path, line);
	if (!realpath(joined, real)) {
		/* not there yet: the poll reports it as one failed feed, like a dead URL */
		char cwd[PATH_MAX];

		if (joined[0] == '/' || !getcwd(cwd, sizeof(cwd)))
			snprintf(real, sizeof(real), "%s", joined);
		else if (snprintf(real, sizeof(real), "%s/%s", cwd, joined) >= (int)sizeof(real))
			return nw_errorf(e, NW_EINVAL, "%s:%d: path too long", path, line);
	}
	esc = xmlURIEscapeStr((const xmlChar *)real, (const xmlChar *)"/");
	fc->url = nw_arena_printf(&fl->arena, "file://%s", esc ? (const char *)esc : real);
	xmlFree(esc);
	if ((slash = strrchr(real, '/')))
		*slash = '\0';
	fc->root = nw_arena_strdup(&fl->arena, real[0] ? real : "/");
	return fc->url && fc->root ? NW_OK : NW_ENOMEM;
}

/* "90s", "30m", "2h", "1d" in seconds, at most 30 days; -1 when not one. */
static long parse_interval(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9' && v <= 30L * 86400; i++)
		v = v * 10 + (s[i] - '0');
	if (i == 0 || i + 1 != n || v == 0)
		return -1;
	switch (s[i]) {
	case 's':
		break;
	case 'm':
		v *= 60;
		break;
	case 'h':
		v *= 3600;
		break;
	case 'd':
		v *= 86400;
		break;
	default:
		return -1;
	}
	return v <= 30L * 86400 ? v : -1;
}

int nw_feedlist_load(struct nw_feedlist *fl, const char *path, struct nw_err *e)
{
	struct nw_buf file;
	char dir[PATH_MAX], *slash;
	size_t cap = 0;
	const char *p;
	int line = 0, rc;

	memset(fl, 0, sizeof(*fl));
	nw_arena_init(&fl->arena);
	nw_buf_init(&file, 16u << 20);
	if ((rc = nw_buf_read_file(&file, path, e)))
		goto out;
	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')))
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	for (p = file.data; *p && !rc;) {
		const char *eol = strchr(p, '\n'), *f[4];
		size_t len = eol ? (size_t)(eol - p) : strlen(p), flen[4], k, nf = 0, i = 0;
		struct nw_feed_conf *fc;

		line++;
		while (i < len && nf < 4) {
			while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
				i++;
			if (i == len || p[i] == '#')
				break;
			f[nf] = p + i;
			while (i < len && p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
				i++;
			flen[nf] = p + i - f[nf];
			nf++;
		}
		p += len + (eol != NULL);
		if (nf == 0)
			continue;
		if (nf < 2 || nf > 3) {
			rc = nw_errorf(e, NW_EINVAL, "%s:%d: expected NAME LOCATION [INTERVAL]",
				       path, line);
			break;
		}
		if (!valid_name(f[0], flen[0])) {
			rc = nw_errorf(e, NW_EINVAL,
				       "%s:%d: bad feed name '%.*s' (letters, digits, . _ -)", path,
				       line, (int)flen[0], f[0]);
			break;
		}
		for (k = 0; k < fl->n; k++)
			if (strlen(fl->feed[k].name) == flen[0] &&
			    !memcmp(fl->feed[k].name, f[0], flen[0]))
				break;
		if (k < fl->n) {
			rc = nw_errorf(e, NW_EINVAL, "%s:%d: duplicate feed name '%.*s'", path,
				       line, (int)flen[0], f[0]);
			break;
		}
		if (fl->n == cap) {
			struct nw_feed_conf *grown;

			if (cap >= MAX_FEEDS) {
				rc = nw_errorf(e, NW_ETOOBIG, "%s: more than %d feeds", path,
					       MAX_FEEDS);
				break;
			}
			cap = cap ? cap * 2 : 32;
			if (!(grown = nw_arena_alloc(&fl->arena, cap * sizeof(*grown)))) {
				rc = nw_errorf(e, NW_ENOMEM, "%s: out of memory", path);
				break;
			}
			if (fl->n)
				memcpy(grown, fl->feed, fl->n * sizeof(*grown));
			fl->feed = grown;
		}
		fc = &fl->feed[fl->n];
		memset(fc, 0, sizeof(*fc));
		fc->line = line;
		fc->name = nw_arena_strndup(&fl->arena, f[0], flen[0]);
		if (nf == 3 && (fc->interval = parse_interval(f[2], flen[2])) < 0) {
			rc =
			    nw_errorf(e, NW_EINVAL,
				      "%s:%d: bad interval '%.*s' (a number and s, m, h or d: 30m)",
				      path, line, (int)flen[2], f[2]);
			break;
		}
		if (flen[1] > 7 &&
		    (!strncmp(f[1], "http://", 7) || !strncmp(f[1], "https://", 8))) {
			fc->url = nw_arena_strndup(&fl->arena, f[1], flen[1]);
			if (fc->url && !nw_url_is_http(fc->url))
				rc = nw_errorf(e, NW_EINVAL, "%s:%d: bad URL '%s'", path, line,
					       fc->url);
		} else if (memmem(f[1], flen[1], "://", 3)) {
			rc = nw_errorf(e, NW_EINVAL,
				       "%s:%d: only http, https and local paths are feeds", path,
				       line);
		} else {
			rc = local_url(fl, fc, dir, f[1], flen[1], path, line, e);
		}
		if (!rc && (!fc->name || !fc->url))
			rc = nw_errorf(e, NW_ENOMEM, "%s: out of memory", path);
		if (!rc)
			fl->n++;
	}
out:
	nw_buf_release(&file);
	if (rc)
		nw_feedlist_release(fl);
	return rc;
}

void nw_feedlist_release(struct nw_feedlist *fl)
{
	nw_arena_release(&fl->arena);
	fl->feed = NULL;
	fl->n = 0;
}

char *nw_local_path(const char *url, const char *root, struct nw_err *e)
{
	char *path, real[PATH_MAX];
	size_t rl = strlen(root);

	if (strncmp(url, "file://", 7))
		return nw_errorf(e, NW_EDENIED, "not a local link"), NULL;
	/* a query or fragment ends the path before decoding: "%23" is a '#' in a name */
	path = xmlURIUnescapeString(url + 7, (int)strcspn(url + 7, "?#"), NULL);
	if (!path)
		return nw_errorf(e, NW_ENOMEM, "out of memory"), NULL;
	if (!realpath(path, real)) {
		nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
		xmlFree(path);
		return NULL;
	}
	xmlFree(path);
	if (strncmp(real, root, rl) || (real[rl] != '/' && strcmp(root, "/")))
		return nw_errorf(e, NW_EDENIED, "%s is outside the feed's directory %s", real,
				 root),
		       NULL;
	return strdup(real);
}
