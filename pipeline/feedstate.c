/*
 * feedstate.c - per-feed state and scheduling; see feedstate.h.
 *
 * Entries live in one arena and are found by name through an open-address
 * index (FNV-1a, linear probing), so a poll of many thousand feeds looks
 * each up in constant time.  Strings replaced by an update stay in the
 * arena until release: one poll updates each feed once, so the waste is
 * bounded by the size of one state file.  Every string that enters an
 * entry is cleaned on the way in (control characters, tabs and newlines
 * become spaces, invalid UTF-8 is repaired, the length is cut at a
 * character boundary), so saving can never break the line format.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "feedlist.h"
#include "feedstate.h"
#include "hash.h"
#include "utf8.h"

#define NFIELDS 12
#define NAME_MAX_LEN 64
#define VALIDATOR_MAX 255
#define FILE_MAX (64u << 20)
#define HEADER                                                                                     \
	"# newswatch feed state, one feed a line, tab-separated: name url fetch_url etag\n"        \
	"# last_modified last_fetch status items errors next_due interval last_error\n"

static const char *clean(struct nw_feedstate *fs, const char *s, size_t max)
{
	struct nw_buf b;
	size_t n, i;
	char *out;

	if (!s || !s[0])
		return "";
	n = strlen(s);
	nw_buf_init(&b, NW_BUF_NOCAP);
	if (nw_utf8_repair(&b, s, n)) {
		nw_buf_release(&b);
		return NULL;
	}
	for (i = 0; i < b.len; i++)
		if ((unsigned char)b.data[i] < ' ' || b.data[i] == 0x7f)
			b.data[i] = ' ';
	n = b.len;
	if (n > max) {
		n = max;
		while (n && ((unsigned char)b.data[n] & 0xc0) == 0x80)
			n--; /* do not split a character */
	}
	out = nw_arena_strndup(&fs->arena, b.data, n);
	nw_buf_release(&b);
	return out;
}

static size_t slot_of(const struct nw_feedstate *fs, const char *name)
{
	size_t mask = fs->nindex - 1, i = (size_t)nw_fnv1a(name) & mask;

	while (fs->index[i] && strcmp(fs->entry[fs->index[i] - 1]->name, name))
		i = (i + 1) & mask;
	return i;
}

struct nw_feedstate_entry *nw_feedstate_find(const struct nw_feedstate *fs, const char *name)
{
	size_t i;

	if (!fs->nindex || !name)
		return NULL;
	i = slot_of(fs, name);
	return fs->index[i] ? fs->entry[fs->index[i] - 1] : NULL;
}

/* Make room for one more entry: the array and an index twice its size. */
static int grow(struct nw_feedstate *fs)
{
	size_t cap = fs->cap ? fs->cap * 2 : 64, k;
	struct nw_feedstate_entry **entry;

	if (fs->n < fs->cap)
		return NW_OK;
	if (!(entry = realloc(fs->entry, cap * sizeof(*entry))))
		return NW_ENOMEM;
	fs->entry = entry;
	fs->cap = cap;
	free(fs->index);
	fs->nindex = cap * 2;
	if (!(fs->index = calloc(fs->nindex, sizeof(*fs->index)))) {
		fs->nindex = 0;
		return NW_ENOMEM;
	}
	for (k = 0; k < fs->n; k++)
		fs->index[slot_of(fs, fs->entry[k]->name)] = k + 1;
	return NW_OK;
}

static int valid_name(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > NAME_MAX_LEN)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

static void start_afresh(struct nw_feedstate_entry *en, const char *url)
{
	en->url = en->fetch_url = url;
	en->etag = en->last_modified = en->last_error = "";
	en->held_etag = en->held_last_modified = NULL;
	en->last_fetch = en->next_due = 0;
	en->status = en->errors = 0;
	en->items = -1;
	en->interval = NW_FEEDSTATE_DEFAULT_INTERVAL;
}

/* Add an entry for a name not in the index yet. */
static struct nw_feedstate_entry *add(struct nw_feedstate *fs, const char *name, const char *url)
{
	struct nw_feedstate_entry *en;

	if (fs->n >= NW_FEEDSTATE_MAX_FEEDS || !valid_name(name) || !url || !url[0] ||
	    strlen(url) > NW_FEEDSTATE_URL_MAX || grow(fs))
		return NULL;
	if (!(en = nw_arena_alloc(&fs->arena, sizeof(*en))) ||
	    !(en->name = nw_arena_strdup(&fs->arena, name)) ||
	    !(url = clean(fs, url, NW_FEEDSTATE_URL_MAX)))
		return NULL;
	start_afresh(en, url);
	fs->entry[fs->n++] = en;
	fs->index[slot_of(fs, name)] = fs->n;
	return en;
}

struct nw_feedstate_entry *nw_feedstate_get(struct nw_feedstate *fs, const char *name,
					    const char *url)
{
	struct nw_feedstate_entry *en = nw_feedstate_find(fs, name);

	if (!en)
		return add(fs, name, url);
	if (strcmp(en->url, url)) {
		if (!(url = clean(fs, url, NW_FEEDSTATE_URL_MAX)))
			return NULL;
		start_afresh(en, url);
	}
	return en;
}

int nw_feedstate_due(const struct nw_feedstate_entry *en, int64_t now)
{
	return en->next_due <= now;
}

static long clamp(long v, long lo, long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

long nw_feedstate_interval(long conf_interval, long ttl, long max_age)
{
	long iv = NW_FEEDSTATE_DEFAULT_INTERVAL;

	if (conf_interval > 0)
		iv = conf_interval;
	else if (ttl > iv || max_age > iv)
		iv = ttl > max_age ? ttl : max_age;
	return clamp(iv, NW_FEEDSTATE_MIN_INTERVAL, NW_FEEDSTATE_MAX_INTERVAL);
}

long nw_feedstate_backoff(long interval, long errors, long retry_after)
{
	long delay = 0, k;

	if (errors >= 2) {
		delay = clamp(interval, NW_FEEDSTATE_MIN_INTERVAL, NW_FEEDSTATE_MAX_INTERVAL);
		for (k = 1; k < errors && delay < NW_FEEDSTATE_MAX_INTERVAL; k++)
			delay *= 2;
		delay = clamp(delay, 0, NW_FEEDSTATE_MAX_INTERVAL);
	}
	if (retry_after > delay)
		delay = clamp(retry_after, 0, NW_FEEDSTATE_MAX_INTERVAL);
	return delay;
}

static int succeeded(struct nw_feedstate *fs, struct nw_feedstate_entry *en,
		     const struct nw_feedstate_result *r, int64_t now)
{
	const char *etag = clean(fs, r->etag, VALIDATOR_MAX);
	const char *lm = clean(fs, r->last_modified, VALIDATOR_MAX);
	long ttl = r->ttl;

	if (!etag || !lm)
		return NW_ENOMEM;
	if (r->moved_to && r->moved_to[0] &&
	    !(en->fetch_url = clean(fs, r->moved_to, NW_FEEDSTATE_URL_MAX)))
		return NW_ENOMEM;
	/* a 304 brings no validator when they did not change, and no <ttl> */
	if (etag[0] || !r->not_modified)
		en->etag = etag;
	if (lm[0] || !r->not_modified)
		en->last_modified = lm;
	if (r->not_modified && ttl < 0)
		ttl = en->interval;
	else
		en->items = r->items;
	en->interval = nw_feedstate_interval(r->conf_interval, ttl, r->max_age);
	en->errors = 0;
	en->last_error = "";
	en->next_due = now + en->interval;
	return NW_OK;
}

int nw_feedstate_update(struct nw_feedstate *fs, struct nw_feedstate_entry *en,
			const struct nw_feedstate_result *r, int64_t now)
{
	const char *why;

	en->last_fetch = now;
	en->status = r->status;
	en->held_etag = en->held_last_modified = NULL;
	if (r->ok)
		return succeeded(fs, en, r, now);
	if (!(why =
		  clean(fs, r->error && r->error[0] ? r->error : "failed", NW_FEEDSTATE_ERROR_MAX)))
		return NW_ENOMEM;
	en->last_error = why;
	if (en->errors < 1000000)
		en->errors++;
	if (r->conf_interval > 0)
		en->interval = nw_feedstate_interval(r->conf_interval, -1, -1);
	en->next_due = now + nw_feedstate_backoff(en->interval, en->errors, r->retry_after);
	return NW_OK;
}

void nw_feedstate_hold(struct nw_feedstate_entry *en, int64_t now)
{
	if (en->errors || en->held_etag)
		return;
	en->held_etag = en->etag;
	en->held_last_modified = en->last_modified;
	en->etag = en->last_modified = "";
	en->next_due = now;
}

void nw_feedstate_settle(struct nw_feedstate_entry *en)
{
	if (!en->held_etag)
		return;
	en->etag = en->held_etag;
	en->last_modified = en->held_last_modified;
	en->held_etag = en->held_last_modified = NULL;
	en->next_due = en->last_fetch + en->interval;
}

/* ---- reading and writing the file ---- */

static int parse_num(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	char *end;
	long long v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* One line split at its tabs (in place); 0 when it is a valid entry. */
static int parse_line(struct nw_feedstate *fs, char *line)
{
	char *f[NFIELDS], *p;
	int64_t num[6];
	size_t k = 0;
	struct nw_feedstate_entry *en;

	f[k++] = line;
	for (p = line; *p; p++) {
		if (*p != '\t')
			continue;
		if (k == NFIELDS)
			return -1;
		*p = '\0';
		f[k++] = p + 1;
	}
	if (k != NFIELDS || nw_feedstate_find(fs, f[0]))
		return -1;
	if (parse_num(f[5], 0, INT64_MAX / 2, &num[0]) || parse_num(f[6], 0, 999, &num[1]) ||
	    parse_num(f[7], -1, 1000000000, &num[2]) || parse_num(f[8], 0, 1000000, &num[3]) ||
	    parse_num(f[9], 0, INT64_MAX / 2, &num[4]) ||
	    parse_num(f[10], NW_FEEDSTATE_MIN_INTERVAL, NW_FEEDSTATE_MAX_INTERVAL, &num[5]))
		return -1;
	if (!f[1][0] || !(en = add(fs, f[0], f[1])))
		return -1;
	if (!(en->fetch_url = clean(fs, f[2][0] ? f[2] : f[1], NW_FEEDSTATE_URL_MAX)) ||
	    !(en->etag = clean(fs, f[3], VALIDATOR_MAX)) ||
	    !(en->last_modified = clean(fs, f[4], VALIDATOR_MAX)) ||
	    !(en->last_error = clean(fs, f[11], NW_FEEDSTATE_ERROR_MAX)))
		return -1;
	en->last_fetch = num[0];
	en->status = (long)num[1];
	en->items = (long)num[2];
	en->errors = (long)num[3];
	en->next_due = num[4];
	en->interval = (long)num[5];
	return 0;
}

static int state_path(struct nw_feedstate *fs, const char *var)
{
	size_t n = strlen(var) + sizeof("/state/feeds");

	if (!(fs->path = malloc(n)))
		return NW_ENOMEM;
	snprintf(fs->path, n, "%s/state/feeds", var);
	return NW_OK;
}

int nw_feedstate_load(struct nw_feedstate *fs, const char *var, struct nw_err *e)
{
	struct nw_buf file;
	char *p, *eol;
	int rc;

	memset(fs, 0, sizeof(*fs));
	nw_arena_init(&fs->arena);
	if (state_path(fs, var))
		return nw_errorf(e, NW_ENOMEM, "out of memory");
	if (access(fs->path, F_OK) && errno == ENOENT)
		return NW_OK;
	nw_buf_init(&file, FILE_MAX);
	if ((rc = nw_buf_read_file(&file, fs->path, e))) {
		nw_buf_release(&file);
		return rc;
	}
	for (p = file.data; p < file.data + file.len; p = eol + 1) {
		if (!(eol = memchr(p, '\n', file.len - (size_t)(p - file.data))))
			eol = file.data + file.len; /* a last line without its newline */
		*eol = '\0';
		if (*p && *p != '#' && parse_line(fs, p))
			fs->skipped++;
	}
	nw_buf_release(&file);
	return NW_OK;
}

void nw_feedstate_release(struct nw_feedstate *fs)
{
	nw_arena_release(&fs->arena);
	free(fs->entry);
	free(fs->index);
	free(fs->path);
	memset(fs, 0, sizeof(*fs));
}

static int write_entry(struct nw_buf *b, const struct nw_feedstate_entry *en)
{
	return nw_buf_printf(
	    b, "%s\t%s\t%s\t%s\t%s\t%" PRId64 "\t%ld\t%ld\t%ld\t%" PRId64 "\t%ld\t%s\n", en->name,
	    en->url, strcmp(en->fetch_url, en->url) ? en->fetch_url : "", en->etag,
	    en->last_modified, en->last_fetch, en->status, en->items, en->errors, en->next_due,
	    en->interval, en->last_error);
}

static int format(const struct nw_feedstate *fs, const struct nw_feedlist *list, struct nw_buf *b)
{
	size_t i;
	int rc = nw_buf_addstr(b, HEADER);

	if (!list)
		for (i = 0; i < fs->n && !rc; i++)
			rc = write_entry(b, fs->entry[i]);
	for (i = 0; list && i < list->n && !rc; i++) {
		const struct nw_feedstate_entry *en = nw_feedstate_find(fs, list->feed[i].name);

		if (en)
			rc = write_entry(b, en);
	}
	return rc;
}

/* Write b to a new file beside path, fsync it, rename it over path. */
static int replace_file(const char *path, const struct nw_buf *b, struct nw_err *e)
{
	char tmp[4096];
	const char *p = b->data;
	size_t left = b->len;
	int fd, rc = NW_OK;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return nw_errorf(e, NW_EINVAL, "%s: path too long", path);
	if ((fd = mkstemp(tmp)) < 0)
		return nw_errorf(e, NW_EIO, "%s: %s", tmp, strerror(errno));
	while (left && rc == NW_OK) {
		ssize_t k = write(fd, p, left);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			rc = nw_errorf(e, NW_EIO, "%s: %s", tmp,
				       k < 0 ? strerror(errno) : "short write");
		else {
			p += k;
			left -= (size_t)k;
		}
	}
	if (rc == NW_OK && (fchmod(fd, 0644) || fsync(fd)))
		rc = nw_errorf(e, NW_EIO, "%s: %s", tmp, strerror(errno));
	if (close(fd) && rc == NW_OK)
		rc = nw_errorf(e, NW_EIO, "%s: %s", tmp, strerror(errno));
	if (rc == NW_OK && rename(tmp, path))
		rc = nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	if (rc != NW_OK)
		unlink(tmp);
	return rc;
}

/* The rename is durable once the directory is synced too. */
static void sync_dir(const char *path)
{
	char dir[4096], *slash;
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	if (!(slash = strrchr(dir, '/')))
		return;
	*slash = '\0';
	if ((fd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
}

int nw_feedstate_save(const struct nw_feedstate *fs, const struct nw_feedlist *list,
		      struct nw_err *e)
{
	struct nw_buf b;
	int rc;

	if (!fs->path)
		return nw_errorf(e, NW_EINVAL, "feed state was not loaded");
	nw_buf_init(&b, NW_BUF_NOCAP);
	if ((rc = format(fs, list, &b)))
		rc = nw_errorf(e, rc, "%s: out of memory", fs->path);
	else if ((rc = replace_file(fs->path, &b, e)) == NW_OK)
		sync_dir(fs->path);
	nw_buf_release(&b);
	return rc;
}
