/*
 * state.c - archive, seen set and lock; see state.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "err.h"
#include "hash.h"
#include "state.h"

uint64_t nw_item_id(const char *key)
{
	uint64_t h = nw_fnv1a(key);

	return h ? h : 1; /* 0 marks a free slot */
}

int nw_state_seen(const struct nw_state *st, uint64_t id)
{
	return nw_idmap_get(&st->seen, id) != NULL;
}

static int mkdir_p(const char *path, struct nw_err *e)
{
	char tmp[4096], *p;

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return nw_errorf(e, NW_EINVAL, "%s: path too long", path);
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return nw_errorf(e, NW_EIO, "%s: %s", tmp, strerror(errno));
		*p = '/';
	}
	if (mkdir(tmp, 0755) && errno != EEXIST)
		return nw_errorf(e, NW_EIO, "%s: %s", tmp, strerror(errno));
	return NW_OK;
}

/* Ids from a file of "%016x" lines (seen) or from archive records. */
static int load_ids(struct nw_state *st, const char *path, int records, struct nw_err *e)
{
	static const char marker[] = "{\"v\":1,\"id\":\"";
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = NW_OK;

	if (!f)
		return errno == ENOENT ? NW_OK
				       : nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	while (!rc && (n = getline(&line, &cap, f)) > 0) {
		const char *hex = line;
		char *end;
		uint64_t id;

		if (records) {
			if (strncmp(line, marker, sizeof(marker) - 1))
				continue;
			hex = line + sizeof(marker) - 1;
		}
		id = strtoull(hex, &end, 16);
		if (end == hex + 16 && (!records || *end == '"') && id)
			rc = nw_idmap_put(&st->seen, id) ? NW_OK : NW_ENOMEM;
	}
	free(line);
	fclose(f);
	return rc ? nw_errorf(e, rc, "%s: %s", path, nw_strcode(rc)) : NW_OK;
}

/*
 * Cut a torn last line (a crash or power loss mid-write) off an archive file,
 * so the next record starts on a line of its own and the torn record's id
 * is not taken as archived: it is fetched again.
 */
static int repair_tail(const char *path, struct nw_err *e)
{
	char chunk[4096];
	struct stat sb;
	off_t end;
	int fd = open(path, O_RDWR | O_CLOEXEC), rc = NW_OK;

	if (fd < 0)
		return errno == ENOENT ? NW_OK
				       : nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb)) {
		rc = nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
		goto out;
	}
	for (end = sb.st_size; end > 0;) {
		size_t n = end > (off_t)sizeof(chunk) ? sizeof(chunk) : (size_t)end;
		ssize_t got = pread(fd, chunk, n, end - (off_t)n);

		if (got != (ssize_t)n) {
			rc = nw_errorf(e, NW_EIO, "%s: %s", path,
				       got < 0 ? strerror(errno) : "short read");
			goto out;
		}
		while (n > 0 && chunk[n - 1] != '\n')
			n--, end--;
		if (n > 0)
			break;
	}
	if (end != sb.st_size && ftruncate(fd, end))
		rc =
		    nw_errorf(e, NW_EIO, "%s: cutting a torn last line: %s", path, strerror(errno));
out:
	close(fd);
	return rc;
}

/* The newest archive file (names sort by month), or "" when none. */
static void newest_archive(const char *dir, char *out, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	out[0] = '\0';
	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (n == 13 && size > 13 && !strcmp(de->d_name + 7, ".jsonl") &&
		    strcmp(de->d_name, out) > 0)
			memcpy(out, de->d_name, 14);
	}
	closedir(d);
}

int nw_state_open(struct nw_state *st, const char *dir, int wait, struct nw_err *e)
{
	char path[4096], newest[64];
	int rc;

	memset(st, 0, sizeof(*st));
	st->lock_fd = st->seen_fd = st->archive_fd = -1;
	if (!(st->dir = strdup(dir)))
		return nw_errorf(e, NW_ENOMEM, "out of memory");
	snprintf(path, sizeof(path), "%s/archive", dir);
	if ((rc = mkdir_p(path, e)))
		goto fail;
	snprintf(path, sizeof(path), "%s/state", dir);
	if ((rc = mkdir_p(path, e)))
		goto fail;
	snprintf(path, sizeof(path), "%s/lock", dir);
	if ((st->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0) {
		rc = nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (flock(st->lock_fd, LOCK_EX | (wait ? 0 : LOCK_NB))) {
		rc = errno == EWOULDBLOCK
			 ? nw_errorf(e, NW_EBUSY, "%s is held by another newswatch poll", path)
			 : nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/state/seen", dir);
	if ((rc = load_ids(st, path, 0, e)))
		goto fail;
	if ((st->seen_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) < 0) {
		rc = nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
		goto fail;
	}
	/* Records whose id a crash kept out of seen. */
	snprintf(path, sizeof(path), "%s/archive", dir);
	newest_archive(path, newest, sizeof(newest));
	if (newest[0]) {
		snprintf(path, sizeof(path), "%s/archive/%s", dir, newest);
		if ((rc = repair_tail(path, e)) || (rc = load_ids(st, path, 1, e)))
			goto fail;
	}
	return NW_OK;
fail:
	nw_state_close(st);
	return rc;
}

void nw_state_close(struct nw_state *st)
{
	if (st->archive_fd >= 0)
		close(st->archive_fd);
	if (st->seen_fd >= 0)
		close(st->seen_fd);
	if (st->lock_fd >= 0)
		close(st->lock_fd); /* releases the flock */
	nw_idmap_release(&st->seen);
	free(st->dir);
	memset(st, 0, sizeof(*st));
	st->lock_fd = st->seen_fd = st->archive_fd = -1;
}

/* write(2) all of buf, or cut the file back to where it was. */
static int append_whole(int fd, const char *buf, size_t len, const char *path, struct nw_err *e)
{
	struct stat sb;
	size_t done = 0;

	if (fstat(fd, &sb))
		return nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	while (done < len) {
		ssize_t w = write(fd, buf + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int err = w < 0 ? errno : ENOSPC;

			if (ftruncate(fd, sb.st_size)) {
				/* nothing more we can do; the reader skips a torn last line */
			}
			return nw_errorf(e, NW_EIO, "%s: %s", path, strerror(err));
		}
		done += (size_t)w;
	}
	return NW_OK;
}

int nw_state_archive(struct nw_state *st, uint64_t id, int64_t fetched, const char *line,
		     size_t len, struct nw_err *e)
{
	char path[4096], day[11], month[8];
	int rc;

	nw_date_day(fetched, day);
	memcpy(month, day, 7);
	month[7] = '\0';
	snprintf(path, sizeof(path), "%s/archive/%s.jsonl", st->dir, month);
	if (st->archive_fd < 0 || strcmp(month, st->archive_month)) {
		if (st->archive_fd >= 0)
			close(st->archive_fd);
		if ((rc = repair_tail(path, e)))
			return rc;
		st->archive_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		if (st->archive_fd < 0)
			return nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
		memcpy(st->archive_month, month, sizeof(month));
	}
	if ((rc = append_whole(st->archive_fd, line, len, path, e)))
		return rc;
	/* should this fail, the record is archived; the start-up scan recovers its id */
	return nw_state_remember(st, id, e);
}

int nw_state_remember(struct nw_state *st, uint64_t id, struct nw_err *e)
{
	char path[4096], idline[18];
	int rc;

	snprintf(idline, sizeof(idline), "%016" PRIx64 "\n", id);
	snprintf(path, sizeof(path), "%s/state/seen", st->dir);
	if ((rc = append_whole(st->seen_fd, idline, 17, path, e)))
		return rc;
	return nw_idmap_put(&st->seen, id) ? NW_OK : nw_errorf(e, NW_ENOMEM, "out of memory");
}

int nw_state_sync(struct nw_state *st, struct nw_err *e)
{
	if (st->archive_fd >= 0 && fsync(st->archive_fd))
		return nw_errorf(e, NW_EIO, "%s/archive/%s.jsonl: %s", st->dir, st->archive_month,
				 strerror(errno));
	if (st->seen_fd >= 0 && fsync(st->seen_fd))
		return nw_errorf(e, NW_EIO, "%s/state/seen: %s", st->dir, strerror(errno));
	return NW_OK;
}

int nw_state_lines(const char *path, size_t max, int (*each)(char *line, void *ctx), void *ctx,
		   struct nw_err *e)
{
	struct nw_buf b;
	char *p, *nl;
	int rc;

	nw_buf_init(&b, max);
	rc = nw_buf_read_file(&b, path, NULL);
	if (rc == NW_EIO && errno == ENOENT)
		rc = NW_OK;
	else if (rc)
		rc = nw_errorf(e, rc, "%s: cannot read (%s)", path, nw_strcode(rc));
	for (p = b.data; !rc && (nl = memchr(p, '\n', b.len - (size_t)(p - b.data))); p = nl + 1) {
		*nl = '\0';
		rc = each(p, ctx);
	}
	nw_buf_release(&b);
	return rc;
}
