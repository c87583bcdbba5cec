/*
 * test_feedstate.c - per-feed state: the file round trip, scheduling
 * arithmetic (interval bounds, backoff, Retry-After), holds, atomic saves,
 * and damaged state files.  Works in a temporary directory under /tmp.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include "err.h"
#include "feedlist.h"
#include "feedstate.h"
#include "t.h"

#define MIN NW_FEEDSTATE_MIN_INTERVAL
#define DEF NW_FEEDSTATE_DEFAULT_INTERVAL
#define MAX NW_FEEDSTATE_MAX_INTERVAL

static char var[64];

static void make_var(void)
{
	char path[128];

	snprintf(var, sizeof(var), "/tmp/nw-test-feedstate-XXXXXX");
	T_ASSERT(mkdtemp(var) != NULL);
	snprintf(path, sizeof(path), "%s/state", var);
	T_ASSERT(mkdir(path, 0755) == 0);
}

static void state_file(char *path, size_t size)
{
	snprintf(path, size, "%s/state/feeds", var);
}

static int write_text(const char *text)
{
	char path[128];
	FILE *f;

	state_file(path, sizeof(path));
	if (!(f = fopen(path, "w")))
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* Files in VAR/state: a save must leave no temporary behind. */
static int files_in_state(void)
{
	char path[128];
	DIR *d;
	struct dirent *de;
	int n = 0;

	snprintf(path, sizeof(path), "%s/state", var);
	if (!(d = opendir(path)))
		return -1;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static struct nw_feedstate_result success(long items)
{
	struct nw_feedstate_result r = {.ok = 1, .status = 200, .items = items};

	r.retry_after = r.max_age = r.ttl = -1;
	return r;
}

static struct nw_feedstate_result failure(long status, const char *why)
{
	struct nw_feedstate_result r = {.status = status, .error = why};

	r.retry_after = r.max_age = r.ttl = -1;
	return r;
}

static void intervals(void)
{
	T_EXPECT(nw_feedstate_interval(0, -1, -1) == DEF);
	T_EXPECT(nw_feedstate_interval(0, 3600, -1) == 3600);
	T_EXPECT(nw_feedstate_interval(0, -1, 7200) == 7200);
	T_EXPECT(nw_feedstate_interval(0, 1800, 7200) == 7200);
	/* a hint never shortens the default */
	T_EXPECT(nw_feedstate_interval(0, 60, 0) == DEF);
	T_EXPECT(nw_feedstate_interval(0, -1, 30) == DEF);
	/* and never goes past a day */
	T_EXPECT(nw_feedstate_interval(0, 10000000, -1) == MAX);
	T_EXPECT(nw_feedstate_interval(0, -1, 999999999) == MAX);
	/* the feed list's interval wins, within bounds */
	T_EXPECT(nw_feedstate_interval(7200, 60, 99999) == 7200);
	T_EXPECT(nw_feedstate_interval(60, -1, -1) == MIN);
	T_EXPECT(nw_feedstate_interval(1000000, -1, -1) == MAX);
}

static void backoff(void)
{
	/* the first failure is retried at the next run */
	T_EXPECT(nw_feedstate_backoff(DEF, 1, -1) == 0);
	T_EXPECT(nw_feedstate_backoff(DEF, 2, -1) == 2 * DEF);
	T_EXPECT(nw_feedstate_backoff(DEF, 3, -1) == 4 * DEF);
	T_EXPECT(nw_feedstate_backoff(DEF, 7, -1) == 64 * DEF);
	T_EXPECT(nw_feedstate_backoff(DEF, 8, -1) == MAX); /* 128 * 15 min > 24 h */
	T_EXPECT(nw_feedstate_backoff(DEF, 1000000, -1) == MAX);
	T_EXPECT(nw_feedstate_backoff(MAX, 2, -1) == MAX);
	T_EXPECT(nw_feedstate_backoff(3600, 2, -1) == 7200);
	/* Retry-After wins when longer, also capped */
	T_EXPECT(nw_feedstate_backoff(DEF, 1, 120) == 120);
	T_EXPECT(nw_feedstate_backoff(DEF, 2, 120) == 2 * DEF);
	T_EXPECT(nw_feedstate_backoff(DEF, 2, 5000) == 5000);
	T_EXPECT(nw_feedstate_backoff(DEF, 1, 99999999) == MAX);
	T_EXPECT(nw_feedstate_backoff(DEF, 0, -1) == 0);
}

static void schedule(void)
{
	struct nw_feedstate fs;
	struct nw_feedstate_entry *en;
	struct nw_feedstate_result r;
	int64_t t = 1700000000;

	make_var();
	T_ASSERT(nw_feedstate_load(&fs, var, NULL) == NW_OK); /* no file yet */
	T_EXPECT(fs.n == 0);
	en = nw_feedstate_get(&fs, "wire", "http://a.test/feed");
	T_ASSERT(en != NULL);
	T_EXPECT(nw_feedstate_due(en, t));
	T_EXPECT(en->items == -1 && en->errors == 0 && en->interval == DEF);
	T_EXPECT(nw_feedstate_get(&fs, "wire", "http://a.test/feed") == en);

	r = success(20);
	r.etag = "\"v1\"";
	r.ttl = 3600;
	T_ASSERT(nw_feedstate_update(&fs, en, &r, t) == NW_OK);
	T_EXPECT(en->interval == 3600 && en->next_due == t + 3600 && en->items == 20);
	T_STREQ(en->etag, "\"v1\"");
	T_EXPECT(!nw_feedstate_due(en, t + 3599) && nw_feedstate_due(en, t + 3600));

	/* a 304 keeps the items, the validators and the ttl-based interval */
	r = success(0);
	r.not_modified = 1;
	r.status = 304;
	T_ASSERT(nw_feedstate_update(&fs, en, &r, t + 3600) == NW_OK);
	T_EXPECT(en->items == 20 && en->status == 304 && en->interval == 3600);
	T_STREQ(en->etag, "\"v1\"");

	/* failures: next run, then doubling; Retry-After when longer */
	r = failure(503, "HTTP 503");
	T_ASSERT(nw_feedstate_update(&fs, en, &r, t + 7200) == NW_OK);
	T_EXPECT(en->errors == 1 && en->next_due == t + 7200 && en->status == 503);
	T_STREQ(en->last_error, "HTTP 503");
	T_STREQ(en->etag, "\"v1\""); /* a failure keeps the last good copy's */
	r.retry_after = 600;
	T_ASSERT(nw_feedstate_update(&fs, en, &r, t + 8000) == NW_OK);
	T_EXPECT(en->errors == 2 && en->next_due == t + 8000 + 7200);
	r.retry_after = 90000;
	T_ASSERT(nw_feedstate_update(&fs, en, &r, t + 9000) == NW_OK);
	T_EXPECT(en->errors == 3 && en->next_due == t + 9000 + MAX);
	r = success(3);
	T_ASSERT(nw_feedstate_update(&fs, en, &r, t + 10000) == NW_OK);
	T_EXPECT(en->errors == 0 && en->items == 3 && en->interval == DEF);
	T_STREQ(en->last_error, "");
	T_STREQ(en->etag, ""); /* a 200 without an ETag drops the old one */

	/* an edited feed list starts the feed afresh */
	T_ASSERT(nw_feedstate_get(&fs, "wire", "http://b.test/feed") == en);
	T_STREQ(en->url, "http://b.test/feed");
	T_STREQ(en->fetch_url, "http://b.test/feed");
	T_EXPECT(en->items == -1 && nw_feedstate_due(en, 0));

	T_EXPECT(nw_feedstate_get(&fs, "bad name", "http://a.test/") == NULL);
	T_EXPECT(nw_feedstate_get(&fs, "x", "") == NULL);
	nw_feedstate_release(&fs);
}

static void hold_and_settle(void)
{
	struct nw_feedstate fs;
	struct nw_feedstate_entry *en;
	struct nw_feedstate_result r = success(5);
	int64_t t = 1700000000;

	T_ASSERT(nw_feedstate_load(&fs, var, NULL) == NW_OK);
	en = nw_feedstate_get(&fs, "held", "http://a.test/held");
	T_ASSERT(en != NULL);
	r.etag = "\"e\"";
	r.last_modified = "Tue, 02 Jan 2024 03:04:05 GMT";
	T_ASSERT(nw_feedstate_update(&fs, en, &r, t) == NW_OK);
	nw_feedstate_hold(en, t);
	T_STREQ(en->etag, "");
	T_STREQ(en->last_modified, "");
	T_EXPECT(nw_feedstate_due(en, t));
	nw_feedstate_settle(en);
	T_STREQ(en->etag, "\"e\"");
	T_STREQ(en->last_modified, "Tue, 02 Jan 2024 03:04:05 GMT");
	T_EXPECT(en->next_due == t + DEF);
	nw_feedstate_settle(en); /* not held: nothing changes */
	T_STREQ(en->etag, "\"e\"");

	/* a failed feed has nothing to hold */
	r = failure(404, "HTTP 404");
	T_ASSERT(nw_feedstate_update(&fs, en, &r, t) == NW_OK);
	nw_feedstate_hold(en, t);
	T_STREQ(en->etag, "\"e\"");
	nw_feedstate_release(&fs);
}

static void round_trip(void)
{
	struct nw_feed_conf confs[2] = {{.name = "one", .url = "http://a.test/1"},
					{.name = "two", .url = "https://b.test/2"}};
	struct nw_feedlist list = {.feed = confs, .n = 2};
	struct nw_feedstate fs, back;
	struct nw_feedstate_entry *en;
	struct nw_feedstate_result r;
	struct nw_err e = {0, ""};
	struct stat before, after;
	char path[128];
	int64_t t = 1700000000;

	T_ASSERT(nw_feedstate_load(&fs, var, &e) == NW_OK);
	T_ASSERT((en = nw_feedstate_get(&fs, "one", "http://a.test/1")));
	r = success(20);
	r.etag = "W/\"x\ty\"";
	r.last_modified = "Tue, 02 Jan 2024 03:04:05 GMT";
	r.moved_to = "https://a.test/new";
	r.max_age = 7200;
	T_ASSERT(nw_feedstate_update(&fs, en, &r, t) == NW_OK);
	T_ASSERT((en = nw_feedstate_get(&fs, "two", "https://b.test/2")));
	/* tabs, newlines and bad UTF-8 in an error must not break the line */
	r = failure(0, "parse error:\tline 3\nbad \xff byte");
	T_ASSERT(nw_feedstate_update(&fs, en, &r, t) == NW_OK);
	T_ASSERT(nw_feedstate_get(&fs, "gone", "http://c.test/") != NULL);
	state_file(path, sizeof(path));
	T_ASSERT(nw_feedstate_save(&fs, &list, &e) == NW_OK);
	T_ASSERT(stat(path, &before) == 0);
	T_ASSERT(nw_feedstate_save(&fs, &list, &e) == NW_OK);
	T_ASSERT(stat(path, &after) == 0);
	T_EXPECT(before.st_ino != after.st_ino); /* replaced by rename, not rewritten */
	T_EXPECT(files_in_state() == 1);
	nw_feedstate_release(&fs);

	T_ASSERT(nw_feedstate_load(&back, var, &e) == NW_OK);
	T_EXPECT(back.n == 2 && back.skipped == 0);
	T_EXPECT(nw_feedstate_find(&back, "gone") == NULL); /* not in the list */
	T_ASSERT((en = nw_feedstate_find(&back, "one")));
	T_STREQ(en->url, "http://a.test/1");
	T_STREQ(en->fetch_url, "https://a.test/new");
	T_STREQ(en->etag, "W/\"x y\"");
	T_STREQ(en->last_modified, "Tue, 02 Jan 2024 03:04:05 GMT");
	T_STREQ(en->last_error, "");
	T_EXPECT(en->last_fetch == t && en->status == 200 && en->items == 20);
	T_EXPECT(en->errors == 0 && en->interval == 7200 && en->next_due == t + 7200);
	T_ASSERT((en = nw_feedstate_find(&back, "two")));
	T_STREQ(en->fetch_url, "https://b.test/2");
	T_STREQ(en->last_error, "parse error: line 3 bad \xef\xbf\xbd byte");
	T_EXPECT(en->errors == 1 && en->status == 0 && en->items == -1 && en->next_due == t);
	nw_feedstate_release(&back);
}

static void damaged_file(void)
{
	struct nw_feedstate fs;
	struct nw_feedstate_entry *en;

	T_ASSERT(
	    write_text("# comment\n"
		       "\n"
		       "good\thttp://a.test/\t\t\t\t100\t200\t3\t0\t1000\t900\t\n"
		       "short\thttp://a.test/\t\t\n"
		       "good\thttp://dup.test/\t\t\t\t100\t200\t3\t0\t1000\t900\t\n"
		       "nums\thttp://a.test/\t\t\t\tx\t200\t3\t0\t1000\t900\t\n"
		       "range\thttp://a.test/\t\t\t\t100\t200\t3\t0\t1000\t5\t\n"
		       "extra\thttp://a.test/\t\t\t\t100\t200\t3\t0\t1000\t900\t\tmore\n"
		       "nourl\t\t\t\t\t100\t200\t3\t0\t1000\t900\t\n"
		       "\xff\xfe junk without tabs\n"
		       "last\thttps://l.test/\t\t\"e\"\t\t1\t304\t-1\t2\t5\t86400\tHTTP 304") == 0);
	T_ASSERT(nw_feedstate_load(&fs, var, NULL) == NW_OK);
	T_EXPECT(fs.n == 2);
	T_EXPECT(fs.skipped == 7);
	T_ASSERT((en = nw_feedstate_find(&fs, "good")));
	T_STREQ(en->url, "http://a.test/");
	T_ASSERT((en = nw_feedstate_find(&fs, "last"))); /* no final newline */
	T_STREQ(en->etag, "\"e\"");
	T_EXPECT(en->items == -1 && en->errors == 2 && en->interval == MAX);
	nw_feedstate_release(&fs);
}

static void save_failure_keeps_old(void)
{
	struct nw_feedstate fs;
	struct nw_err e = {0, ""};
	char path[128];

	T_ASSERT(write_text("keep\thttp://a.test/\t\t\t\t1\t200\t1\t0\t1\t900\t\n") == 0);
	T_ASSERT(nw_feedstate_load(&fs, var, NULL) == NW_OK);
	T_ASSERT(nw_feedstate_get(&fs, "new", "http://n.test/") != NULL);
	/* make the rename fail: a directory stands where the file goes */
	free(fs.path);
	snprintf(path, sizeof(path), "%s/state", var);
	fs.path = strdup(path);
	T_EXPECT(nw_feedstate_save(&fs, NULL, &e) == NW_EIO);
	T_EXPECT(strstr(e.msg, "/state") != NULL);
	T_EXPECT(files_in_state() == 1); /* the temporary file was removed */
	nw_feedstate_release(&fs);
	T_ASSERT(nw_feedstate_load(&fs, var, NULL) == NW_OK);
	T_EXPECT(fs.n == 1 && nw_feedstate_find(&fs, "keep"));
	nw_feedstate_release(&fs);

	/* an unreadable state is an error, not an empty state */
	snprintf(path, sizeof(path), "%s/state/feeds", var);
	T_ASSERT(unlink(path) == 0);
	T_ASSERT(mkdir(path, 0755) == 0);
	T_EXPECT(nw_feedstate_load(&fs, var, &e) != NW_OK);
	nw_feedstate_release(&fs);
	rmdir(path);
}

static void many_feeds(void)
{
	struct nw_feedstate fs;
	char name[32], url[64];
	size_t i;

	T_ASSERT(nw_feedstate_load(&fs, var, NULL) == NW_OK);
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "feed-%zu", i);
		snprintf(url, sizeof(url), "http://h%zu.test/feed", i % 7);
		T_ASSERT(nw_feedstate_get(&fs, name, url) != NULL);
	}
	T_EXPECT(fs.n == 5000);
	for (i = 0; i < 5000; i += 97) {
		struct nw_feedstate_entry *en;

		snprintf(name, sizeof(name), "feed-%zu", i);
		T_ASSERT((en = nw_feedstate_find(&fs, name)));
		T_STREQ(en->name, name);
	}
	T_EXPECT(nw_feedstate_find(&fs, "feed-5000") == NULL);
	T_ASSERT(nw_feedstate_save(&fs, NULL, NULL) == NW_OK);
	nw_feedstate_release(&fs);
	T_ASSERT(nw_feedstate_load(&fs, var, NULL) == NW_OK);
	T_EXPECT(fs.n == 5000 && fs.skipped == 0);
	nw_feedstate_release(&fs);
}

static void cleanup(void)
{
	char path[128];

	state_file(path, sizeof(path));
	unlink(path);
	snprintf(path, sizeof(path), "%s/state", var);
	T_EXPECT(rmdir(path) == 0);
	T_EXPECT(rmdir(var) == 0);
}

T_MAIN(T_CASE(intervals), T_CASE(backoff), T_CASE(schedule), T_CASE(hold_and_settle),
       T_CASE(round_trip), T_CASE(damaged_file), T_CASE(save_failure_keeps_old), T_CASE(many_feeds),
       T_CASE(cleanup))
