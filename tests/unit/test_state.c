/*
 * test_state.c - the var directory (state.h): layout, the lock, archive
 * files by month of fetching, the seen set across restarts and crashes,
 * whole-line appends when the file system refuses a write, and item ids.
 *
 * Each case works in its own mkdtemp directory under /tmp, removed at the
 * end.  The lock and the failing-write cases run in forked children: flock
 * belongs to an open file description, and RLIMIT_FSIZE must not leak into
 * the other cases.  Fixed epoch times keep the month files predictable.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "buf.h"
#include "state.h"
#include "t.h"

#define SEP_14 1536913740 /* 2018-09-14T08:29:00Z */
#define SEP_30 1538351999 /* 2018-09-30T23:59:59Z, the last second of September */
#define OCT_01 1538352000 /* 2018-10-01T00:00:00Z */
#define OCT_02 1538481600 /* 2018-10-02T12:00:00Z */

static char *make_tmpdir(char *buf, size_t size)
{
	snprintf(buf, size, "/tmp/nw-test-state-XXXXXX");
	return mkdtemp(buf);
}

static void rm_tmpdir(const char *dir)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd)) {
		/* a leftover directory in /tmp is harmless */
	}
}

/* The whole file into b (reset first); 0 when it cannot be read. */
static int slurp(struct nw_buf *b, const char *path)
{
	nw_buf_reset(b);
	return nw_buf_read_file(b, path, NULL) == NW_OK;
}

static int append_raw(const char *path, const char *s)
{
	FILE *f = fopen(path, "a");
	int ok;

	if (!f)
		return 0;
	ok = fputs(s, f) >= 0;
	return fclose(f) == 0 && ok;
}

/* A record line as record.c writes it; pad makes it longer. */
static void record_line(struct nw_buf *b, uint64_t id, const char *feed, size_t pad)
{
	nw_buf_reset(b);
	nw_buf_printf(b, "{\"v\":1,\"id\":\"%016" PRIx64 "\",\"feed\":\"%s\",\"text\":\"", id,
		      feed);
	while (pad--)
		nw_buf_addch(b, 'x');
	nw_buf_addstr(b, "\"}\n");
}

static int is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int is_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* 1 when b holds only complete lines (empty, or ends in '\n'). */
static int whole_lines(const struct nw_buf *b)
{
	return b->len == 0 || b->data[b->len - 1] == '\n';
}

static void state_layout(void)
{
	char tmp[64], var[128], path[256];
	struct nw_state st;
	struct nw_err e = {0};

	T_ASSERT(make_tmpdir(tmp, sizeof(tmp)));
	snprintf(var, sizeof(var), "%s/deep/var", tmp); /* parents created too */
	T_ASSERT(nw_state_open(&st, var, 0, &e) == NW_OK);
	snprintf(path, sizeof(path), "%s/archive", var);
	T_EXPECT(is_dir(path));
	snprintf(path, sizeof(path), "%s/state", var);
	T_EXPECT(is_dir(path));
	snprintf(path, sizeof(path), "%s/lock", var);
	T_EXPECT(is_file(path));
	T_EXPECT(st.lock_fd >= 0);
	T_EXPECT(st.seen.n == 0);
	T_EXPECT(!nw_state_seen(&st, nw_item_id("anything")));
	T_EXPECT(nw_state_sync(&st, &e) == NW_OK); /* nothing archived yet */
	nw_state_close(&st);
	T_EXPECT(st.lock_fd == -1 && st.seen.key == NULL && st.dir == NULL);
	nw_state_close(&st); /* twice is harmless */

	/* an existing layout opens again */
	T_EXPECT(nw_state_open(&st, var, 0, &e) == NW_OK);
	nw_state_close(&st);

	/* a var path through a regular file cannot be created */
	snprintf(path, sizeof(path), "%s/plainfile", tmp);
	T_ASSERT(append_raw(path, "x"));
	snprintf(var, sizeof(var), "%s/plainfile/var", tmp);
	memset(&e, 0, sizeof(e));
	T_EXPECT(nw_state_open(&st, var, 0, &e) == NW_EIO);
	T_EXPECT(e.code == NW_EIO);
	T_EXPECT(strstr(e.msg, "plainfile") != NULL);
	T_EXPECT(st.lock_fd == -1 && st.seen.key == NULL && st.dir == NULL);
	nw_state_close(&st);
	rm_tmpdir(tmp);
}

/*
 * In a child: try to open dir; exit 0 when the result is want.  The child
 * first closes its copy of the parent's lock descriptor (held, the open
 * file description would keep the lock alive after the parent lets go),
 * and gives up after a few seconds rather than hang the test.
 */
static pid_t try_open_child(const char *dir, int wait, int want, int inherited_fd)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct nw_state st;
		struct nw_err e = {0};
		int rc;

		alarm(5);
		if (inherited_fd >= 0)
			close(inherited_fd);
		rc = nw_state_open(&st, dir, wait, &e);

		if (rc == NW_OK)
			nw_state_close(&st);
		if (rc != want)
			_exit(1);
		if (want == NW_EBUSY && (e.code != NW_EBUSY || !strstr(e.msg, "lock")))
			_exit(2);
		_exit(0);
	}
	return pid;
}

static int child_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void state_lock(void)
{
	char tmp[64];
	struct nw_state st;
	struct nw_err e = {0};
	struct timespec pause = {0, 150 * 1000 * 1000};
	pid_t pid;
	int status;

	T_ASSERT(make_tmpdir(tmp, sizeof(tmp)));
	T_ASSERT(nw_state_open(&st, tmp, 0, &e) == NW_OK);
	/* a second poll while the first runs: refused at once */
	pid = try_open_child(tmp, 0, NW_EBUSY, st.lock_fd);
	T_ASSERT(pid > 0);
	T_EXPECT(child_status(pid) == 0);

	/* with wait set, the second one blocks until the first lets go */
	pid = try_open_child(tmp, 1, NW_OK, st.lock_fd);
	T_ASSERT(pid > 0);
	nanosleep(&pause, NULL);
	T_EXPECT(waitpid(pid, &status, WNOHANG) == 0); /* still waiting */
	nw_state_close(&st);
	T_EXPECT(child_status(pid) == 0);

	/* closed: the lock is free again */
	pid = try_open_child(tmp, 0, NW_OK, -1);
	T_ASSERT(pid > 0);
	T_EXPECT(child_status(pid) == 0);
	rm_tmpdir(tmp);
}

static void state_archive_months(void)
{
	char tmp[64], sep[256], oct[256], seen[256], want_seen[64];
	uint64_t id[5];
	struct nw_buf l[5], got, want;
	struct nw_state st;
	struct nw_err e = {0};
	int i;

	T_ASSERT(make_tmpdir(tmp, sizeof(tmp)));
	snprintf(sep, sizeof(sep), "%s/archive/2018-09.jsonl", tmp);
	snprintf(oct, sizeof(oct), "%s/archive/2018-10.jsonl", tmp);
	snprintf(seen, sizeof(seen), "%s/state/seen", tmp);
	nw_buf_init(&got, NW_BUF_NOCAP);
	nw_buf_init(&want, NW_BUF_NOCAP);
	for (i = 0; i < 5; i++) {
		char key[64];

		snprintf(key, sizeof(key), "https://example.com/item/%d", i);
		id[i] = nw_item_id(key);
		nw_buf_init(&l[i], NW_BUF_NOCAP);
		record_line(&l[i], id[i], "demo", (size_t)i * 10);
	}
	T_ASSERT(nw_state_open(&st, tmp, 0, &e) == NW_OK);
	T_EXPECT(nw_state_archive(&st, id[0], SEP_14, l[0].data, l[0].len, &e) == NW_OK);
	T_EXPECT(nw_state_archive(&st, id[1], OCT_02, l[1].data, l[1].len, &e) == NW_OK);
	T_EXPECT(nw_state_archive(&st, id[2], SEP_30, l[2].data, l[2].len, &e) == NW_OK);
	T_EXPECT(nw_state_archive(&st, id[3], OCT_01, l[3].data, l[3].len, &e) == NW_OK);
	T_EXPECT(nw_state_sync(&st, &e) == NW_OK);
	for (i = 0; i < 4; i++)
		T_EXPECT(nw_state_seen(&st, id[i]));
	T_EXPECT(!nw_state_seen(&st, id[4]));
	T_EXPECT(st.seen.n == 4);

	T_ASSERT(slurp(&got, sep));
	nw_buf_addstr(&want, l[0].data);
	nw_buf_addstr(&want, l[2].data);
	T_EXPECT(got.len == want.len && !strcmp(got.data, want.data));
	T_ASSERT(slurp(&got, oct));
	nw_buf_reset(&want);
	nw_buf_addstr(&want, l[1].data);
	nw_buf_addstr(&want, l[3].data);
	T_EXPECT(got.len == want.len && !strcmp(got.data, want.data));

	/* seen lists the ids in order, one 16-hex-digit line each */
	T_ASSERT(slurp(&got, seen));
	nw_buf_reset(&want);
	for (i = 0; i < 4; i++) {
		snprintf(want_seen, sizeof(want_seen), "%016" PRIx64 "\n", id[i]);
		nw_buf_addstr(&want, want_seen);
	}
	T_STREQ(got.data, want.data);
	nw_state_close(&st);

	/* records are appended, never rewritten */
	T_ASSERT(nw_state_open(&st, tmp, 0, &e) == NW_OK);
	T_EXPECT(nw_state_archive(&st, id[4], SEP_14, l[4].data, l[4].len, &e) == NW_OK);
	nw_state_close(&st);
	T_ASSERT(slurp(&got, sep));
	nw_buf_reset(&want);
	nw_buf_addstr(&want, l[0].data);
	nw_buf_addstr(&want, l[2].data);
	nw_buf_addstr(&want, l[4].data);
	T_STREQ(got.data, want.data);

	for (i = 0; i < 5; i++)
		nw_buf_release(&l[i]);
	nw_buf_release(&got);
	nw_buf_release(&want);
	rm_tmpdir(tmp);
}

static void state_seen_persists(void)
{
	enum { N = 5000 }; /* more than the first table holds: the set grows */
	char tmp[64], key[64];
	struct nw_buf line;
	struct nw_state st;
	struct nw_err e = {0};
	int i, missing = 0;

	T_ASSERT(make_tmpdir(tmp, sizeof(tmp)));
	nw_buf_init(&line, NW_BUF_NOCAP);
	T_ASSERT(nw_state_open(&st, tmp, 0, &e) == NW_OK);
	for (i = 0; i < N; i++) {
		uint64_t id;

		snprintf(key, sizeof(key), "guid-%d", i);
		id = nw_item_id(key);
		record_line(&line, id, "bulk", 0);
		/* the older half in September, the newer in October */
		if (nw_state_archive(&st, id, i < N / 2 ? SEP_14 : OCT_02, line.data, line.len,
				     &e) != NW_OK) {
			printf("#   archive %d: %s\n", i, e.msg);
			T_EXPECT(!"archive");
			break;
		}
	}
	T_EXPECT(st.seen.n == N);
	nw_state_close(&st);

	T_ASSERT(nw_state_open(&st, tmp, 0, &e) == NW_OK);
	T_EXPECT(st.seen.n == N);
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof(key), "guid-%d", i);
		missing += !nw_state_seen(&st, nw_item_id(key));
	}
	T_EXPECT(missing == 0);
	for (i = N; i < N + 100; i++) {
		snprintf(key, sizeof(key), "guid-%d", i);
		T_EXPECT(!nw_state_seen(&st, nw_item_id(key)));
	}
	nw_state_close(&st);
	nw_buf_release(&line);
	rm_tmpdir(tmp);
}

static void state_crash_recovery(void)
{
	char tmp[64], path[256];
	uint64_t a = nw_item_id("archived normally"), b = nw_item_id("crashed before seen");
	uint64_t d = nw_item_id("not a record line");
	struct nw_buf line;
	struct nw_state st;
	struct nw_err e = {0};

	T_ASSERT(make_tmpdir(tmp, sizeof(tmp)));
	nw_buf_init(&line, NW_BUF_NOCAP);
	T_ASSERT(nw_state_open(&st, tmp, 0, &e) == NW_OK);
	record_line(&line, a, "demo", 5);
	T_EXPECT(nw_state_archive(&st, a, OCT_02, line.data, line.len, &e) == NW_OK);
	nw_state_close(&st);

	/* a record that reached the newest archive file but not state/seen */
	snprintf(path, sizeof(path), "%s/archive/2018-10.jsonl", tmp);
	record_line(&line, b, "demo", 5);
	T_ASSERT(append_raw(path, line.data));
	/* lines that are not records are no ids */
	nw_buf_reset(&line);
	nw_buf_printf(&line, "garbage \"id\":\"%016" PRIx64 "\"\n", d);
	T_ASSERT(append_raw(path, line.data));
	T_ASSERT(append_raw(path, "{\"v\":1,\"id\":\"12345\"}\n"));
	/* an older month's file does not hide the newest one */
	snprintf(path, sizeof(path), "%s/archive/2018-09.jsonl", tmp);
	T_ASSERT(append_raw(path, "{\"v\":1}\n"));
	/* junk in seen is skipped */
	snprintf(path, sizeof(path), "%s/state/seen", tmp);
	T_ASSERT(append_raw(path, "not-hex\n\n123\n"));

	T_ASSERT(nw_state_open(&st, tmp, 0, &e) == NW_OK);
	T_EXPECT(nw_state_seen(&st, a));
	T_EXPECT(nw_state_seen(&st, b));
	T_EXPECT(!nw_state_seen(&st, d));
	T_EXPECT(!nw_state_seen(&st, 0x12345));
	T_EXPECT(st.seen.n == 2);
	nw_state_close(&st);
	nw_buf_release(&line);
	rm_tmpdir(tmp);
}

/*
 * A crash (or power loss) can leave a torn last line in the archive.  The
 * next record must still land on a line of its own, not glued to the torn
 * bytes, or two records are lost to every JSON reader.
 */
static void state_torn_tail(void)
{
	char tmp[64], path[256];
	uint64_t a = nw_item_id("before the crash"), b = nw_item_id("after the restart");
	struct nw_buf line, got;
	struct nw_state st;
	struct nw_err e = {0};
	const char *nl;

	T_ASSERT(make_tmpdir(tmp, sizeof(tmp)));
	nw_buf_init(&line, NW_BUF_NOCAP);
	nw_buf_init(&got, NW_BUF_NOCAP);
	T_ASSERT(nw_state_open(&st, tmp, 0, &e) == NW_OK);
	record_line(&line, a, "demo", 5);
	T_EXPECT(nw_state_archive(&st, a, SEP_14, line.data, line.len, &e) == NW_OK);
	nw_state_close(&st);
	snprintf(path, sizeof(path), "%s/archive/2018-09.jsonl", tmp);
	T_ASSERT(append_raw(path, "{\"v\":1,\"id\":\"00000000000000ff\",\"feed\":\"de"));

	T_ASSERT(nw_state_open(&st, tmp, 0, &e) == NW_OK);
	record_line(&line, b, "demo", 5);
	T_EXPECT(nw_state_archive(&st, b, SEP_14, line.data, line.len, &e) == NW_OK);
	nw_state_close(&st);
	T_ASSERT(slurp(&got, path));
	T_EXPECT(whole_lines(&got));
	/* the new record is a line of its own */
	nl = strstr(got.data, line.data);
	T_EXPECT(nl != NULL && nl > got.data && nl[-1] == '\n');
	nw_buf_release(&line);
	nw_buf_release(&got);
	rm_tmpdir(tmp);
}

/*
 * In a child, with the archive file's size limited: a record past the
 * limit must fail with NW_EIO and leave nothing behind; the descriptor
 * keeps working for a record that fits.  Exit codes name the failed step.
 */
static int full_disk_child(const char *dir, uint64_t ok1, uint64_t big, uint64_t ok2)
{
	struct nw_buf line;
	struct nw_state st;
	struct nw_err e = {0};
	struct rlimit rl;
	struct stat sb;
	int rc;

	nw_buf_init(&line, NW_BUF_NOCAP);
	signal(SIGXFSZ, SIG_IGN);
	if (nw_state_open(&st, dir, 0, &e))
		return 10;
	record_line(&line, ok1, "demo", 100);
	if (nw_state_archive(&st, ok1, SEP_14, line.data, line.len, &e))
		return 11;
	if (fstat(st.archive_fd, &sb))
		return 12;
	/* room for a few hundred more bytes, not for 20 KB */
	rl.rlim_cur = rl.rlim_max = (rlim_t)sb.st_size + 300;
	if (setrlimit(RLIMIT_FSIZE, &rl))
		return 13;
	record_line(&line, big, "demo", 20000);
	rc = nw_state_archive(&st, big, SEP_14, line.data, line.len, &e);
	if (rc != NW_EIO)
		return 14;
	if (e.code != NW_EIO || !strstr(e.msg, "2018-09.jsonl"))
		return 15;
	if (nw_state_seen(&st, big))
		return 16;
	/* a record that fits still goes through */
	record_line(&line, ok2, "demo", 50);
	if (nw_state_archive(&st, ok2, SEP_14, line.data, line.len, &e))
		return 17;
	/* now exactly at no room at all: the very first write fails */
	if (fstat(st.archive_fd, &sb))
		return 12;
	rl.rlim_cur = rl.rlim_max = (rlim_t)sb.st_size;
	if (setrlimit(RLIMIT_FSIZE, &rl))
		return 13;
	record_line(&line, big, "demo", 10);
	if (nw_state_archive(&st, big, SEP_14, line.data, line.len, &e) != NW_EIO)
		return 18;
	nw_state_close(&st);
	nw_buf_release(&line);
	return 0;
}

static void state_failed_write(void)
{
	char tmp[64], path[256];
	uint64_t ok1 = nw_item_id("fits"), big = nw_item_id("too big"), ok2 = nw_item_id("fits 2");
	struct nw_buf got, want;
	struct nw_state st;
	struct nw_err e = {0};
	pid_t pid;
	int status;

	T_ASSERT(make_tmpdir(tmp, sizeof(tmp)));
	fflush(stdout);
	pid = fork();
	T_ASSERT(pid >= 0);
	if (pid == 0) {
		alarm(10);
		_exit(full_disk_child(tmp, ok1, big, ok2));
	}
	status = child_status(pid);
	if (status)
		printf("#   child failed at step %d\n", status);
	T_EXPECT(status == 0);

	/* the file holds exactly the two records that fit, each whole */
	nw_buf_init(&got, NW_BUF_NOCAP);
	nw_buf_init(&want, NW_BUF_NOCAP);
	snprintf(path, sizeof(path), "%s/archive/2018-09.jsonl", tmp);
	T_ASSERT(slurp(&got, path));
	T_EXPECT(whole_lines(&got));
	record_line(&want, ok1, "demo", 100);
	T_EXPECT(got.len >= want.len && !memcmp(got.data, want.data, want.len));
	{
		size_t first = want.len;

		record_line(&want, ok2, "demo", 50);
		T_EXPECT(got.len == first + want.len && !strcmp(got.data + first, want.data));
	}

	/* after a restart the failed item is still new */
	T_ASSERT(nw_state_open(&st, tmp, 0, &e) == NW_OK);
	T_EXPECT(nw_state_seen(&st, ok1));
	T_EXPECT(nw_state_seen(&st, ok2));
	T_EXPECT(!nw_state_seen(&st, big));
	nw_state_close(&st);
	nw_buf_release(&got);
	nw_buf_release(&want);
	rm_tmpdir(tmp);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void state_item_id(void)
{
	enum { N = 20000 };
	uint64_t *ids = malloc(N * sizeof(*ids));
	char key[64];
	size_t i, dup = 0, zero = 0;

	T_ASSERT(ids != NULL);
	/* FNV-1a 64: archived ids depend on these exact values */
	T_EXPECT(nw_item_id("") == 0xcbf29ce484222325ULL);
	T_EXPECT(nw_item_id("a") == 0xaf63dc4c8601ec8cULL);
	T_EXPECT(nw_item_id("foobar") == 0x85944171f73967e8ULL);
	T_EXPECT(nw_item_id("https://example.com/a") == nw_item_id("https://example.com/a"));
	T_EXPECT(nw_item_id("https://example.com/a") != nw_item_id("https://example.com/b"));
	T_EXPECT(nw_item_id("ab") != nw_item_id("ba"));
	T_EXPECT(nw_item_id("\xC3\xA9") != nw_item_id("e"));
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof(key), "https://news.example.org/%zu?ref=%zu", i, i % 7);
		ids[i] = nw_item_id(key);
		zero += ids[i] == 0;
	}
	qsort(ids, N, sizeof(*ids), cmp_u64);
	for (i = 1; i < N; i++)
		dup += ids[i] == ids[i - 1];
	T_EXPECT(zero == 0);
	T_EXPECT(dup == 0);
	free(ids);
}

static int count_line(char *line, void *ctx)
{
	struct nw_buf *seen = ctx;

	nw_buf_printf(seen, "[%s]", line);
	return strcmp(line, "stop") ? NW_OK : 7;
}

/* nw_state_lines: complete lines only, a missing file is empty, each may stop the walk. */
static void state_lines(void)
{
	char dir[64], path[128];
	struct nw_buf seen;
	struct nw_err e = {0, ""};
	FILE *f;

	T_ASSERT(make_tmpdir(dir, sizeof(dir)));
	snprintf(path, sizeof(path), "%s/lines", dir);
	nw_buf_init(&seen, 1 << 16);
	T_EXPECT(nw_state_lines(path, 1 << 20, count_line, &seen, &e) == NW_OK && seen.len == 0);
	T_ASSERT((f = fopen(path, "w")) != NULL);
	fputs("one\n\ntwo\tthree\ntorn", f);
	fclose(f);
	T_EXPECT(nw_state_lines(path, 1 << 20, count_line, &seen, &e) == NW_OK);
	T_STREQ(seen.data, "[one][][two\tthree]");
	nw_buf_reset(&seen);
	T_ASSERT((f = fopen(path, "w")) != NULL);
	fputs("a\nstop\nb\n", f);
	fclose(f);
	T_EXPECT(nw_state_lines(path, 1 << 20, count_line, &seen, &e) == 7);
	T_STREQ(seen.data, "[a][stop]");
	T_EXPECT(nw_state_lines(path, 4, count_line, &seen, &e) == NW_ETOOBIG);
	T_EXPECT(strstr(e.msg, path) != NULL);
	nw_buf_release(&seen);
	unlink(path);
	rmdir(dir);
}

T_MAIN(T_CASE(state_lines), T_CASE(state_layout), T_CASE(state_lock), T_CASE(state_archive_months),
       T_CASE(state_seen_persists), T_CASE(state_crash_recovery), T_CASE(state_torn_tail),
       T_CASE(state_failed_write), T_CASE(state_item_id))
