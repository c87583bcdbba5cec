/*
 * test_feedlist.c - the feed list (feedlist.h): a good list with comments,
 * blank lines, URLs and local paths; every rejected line with its
 * file:line; and nw_local_path, the guard that keeps a local feed's links
 * inside its own directory (.., percent-encoding, symbolic links).
 *
 * Lists and local files are written into a mkdtemp directory under /tmp,
 * removed at the end.  Expected local URLs are "file://" + realpath, so a
 * /tmp that is itself a symbolic link does not matter.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "feedlist.h"
#include "t.h"

static char *make_tmpdir(char *buf, size_t size)
{
	snprintf(buf, size, "/tmp/nw-test-feedlist-XXXXXX");
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

/* Write s to dir/name; returns the path in out. */
static int put(char *out, size_t size, const char *dir, const char *name, const char *s)
{
	FILE *f;
	int ok;

	snprintf(out, size, "%s/%s", dir, name);
	if (!(f = fopen(out, "w")))
		return 0;
	ok = fputs(s, f) >= 0;
	return fclose(f) == 0 && ok;
}

static const struct nw_feed_conf *find(const struct nw_feedlist *fl, const char *name)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (!strcmp(fl->feed[i].name, name))
			return &fl->feed[i];
	return NULL;
}

static void feedlist_good(void)
{
	char tmp[64], real[PATH_MAX], path[512], list[512], want[2 * PATH_MAX],
	    abs_line[2 * PATH_MAX];
	struct nw_feedlist fl;
	struct nw_err e = {0};
	const struct nw_feed_conf *fc;
	char *text;

	T_ASSERT(make_tmpdir(tmp, sizeof(tmp)));
	T_ASSERT(realpath(tmp, real));
	snprintf(path, sizeof(path), "%s/local", tmp);
	T_ASSERT(mkdir(path, 0755) == 0);
	T_ASSERT(put(path, sizeof(path), tmp, "local/a.xml", "<rss/>"));
	T_ASSERT(put(path, sizeof(path), tmp, "b.xml", "<rss/>"));
	snprintf(abs_line, sizeof(abs_line), "theta %s/local/a.xml\n", real);
	text = malloc(3 * PATH_MAX);
	T_ASSERT(text != NULL);
	snprintf(text, 3 * PATH_MAX,
		 "# the feeds we poll\n"			       /* 1 */
		 "\n"						       /* 2 */
		 "   # an indented comment\n"			       /* 3 */
		 "alpha https://example.com/feed.xml\n"		       /* 4 */
		 "beta\thttp://example.org/rss?x=1#top   # trailing\n" /* 5 */
		 "gamma local/a.xml\n"				       /* 6 */
		 "  \t \n"					       /* 7 */
		 "delta    b.xml\r\n"				       /* 8 */
		 "Eps_1.x-2 ./local/../b.xml\n"			       /* 9 */
		 "%s"						       /* 10 */
		 "last https://example.net/no-newline 2h",	       /* 11 */
		 abs_line);
	T_ASSERT(put(list, sizeof(list), tmp, "feeds.conf", text));
	free(text);

	T_ASSERT(nw_feedlist_load(&fl, list, &e) == NW_OK);
	T_EXPECT(fl.n == 7);

	T_ASSERT((fc = find(&fl, "last")) != NULL);
	T_EXPECT(fc->interval == 7200); /* an interval after the location */
	T_ASSERT((fc = find(&fl, "alpha")) != NULL);
	T_EXPECT(fc->interval == 0);
	T_STREQ(fc->url, "https://example.com/feed.xml");
	T_EXPECT(fc->root == NULL);
	T_EXPECT(fc->line == 4);
	T_ASSERT((fc = find(&fl, "beta")) != NULL);
	T_STREQ(fc->url, "http://example.org/rss?x=1#top");
	T_EXPECT(fc->root == NULL);
	T_EXPECT(fc->line == 5);

	/* local feeds: file:// + realpath, root is the feed's directory */
	T_ASSERT((fc = find(&fl, "gamma")) != NULL);
	snprintf(want, sizeof(want), "file://%s/local/a.xml", real);
	T_STREQ(fc->url, want);
	snprintf(want, sizeof(want), "%s/local", real);
	T_STREQ(fc->root, want);
	T_EXPECT(fc->line == 6);
	T_ASSERT((fc = find(&fl, "delta")) != NULL);
	snprintf(want, sizeof(want), "file://%s/b.xml", real);
	T_STREQ(fc->url, want);
	T_STREQ(fc->root, real);
	T_EXPECT(fc->line == 8);
	T_ASSERT((fc = find(&fl, "Eps_1.x-2")) != NULL);
	snprintf(want, sizeof(want), "file://%s/b.xml", real);
	T_STREQ(fc->url, want);
	T_STREQ(fc->root, real);
	T_ASSERT((fc = find(&fl, "theta")) != NULL);
	snprintf(want, sizeof(want), "file://%s/local/a.xml", real);
	T_STREQ(fc->url, want);
	T_EXPECT(fc->line == 10);
	T_ASSERT((fc = find(&fl, "last")) != NULL);
	T_STREQ(fc->url, "https://example.net/no-newline");
	T_EXPECT(fc->line == 11);

	/* in the order of the list */
	T_STREQ(fl.feed[0].name, "alpha");
	T_STREQ(fl.feed[fl.n - 1].name, "last");
	nw_feedlist_release(&fl);
	T_EXPECT(fl.n == 0 && fl.feed == NULL);
	nw_feedlist_release(&fl); /* twice is harmless */

	/* an empty list and a list of comments are valid and empty */
	T_ASSERT(put(list, sizeof(list), tmp, "empty.conf", ""));
	T_EXPECT(nw_feedlist_load(&fl, list, &e) == NW_OK);
	T_EXPECT(fl.n == 0);
	nw_feedlist_release(&fl);
	T_ASSERT(put(list, sizeof(list), tmp, "comments.conf", "# nothing yet\n\n#x y\n"));
	T_EXPECT(nw_feedlist_load(&fl, list, &e) == NW_OK);
	T_EXPECT(fl.n == 0);
	nw_feedlist_release(&fl);
	rm_tmpdir(tmp);
}

/* A local feed whose path needs percent-encoding gets a URL that round-trips. */
static void feedlist_local_escaped(void)
{
	char tmp[64], real[PATH_MAX], dir[512], path[512], list[512], want[2 * PATH_MAX];
	struct nw_feedlist fl;
	struct nw_err e = {0};
	char *back;

	T_ASSERT(make_tmpdir(tmp, sizeof(tmp)));
	T_ASSERT(realpath(tmp, real));
	snprintf(dir, sizeof(dir), "%s/odd%%dir", tmp);
	T_ASSERT(mkdir(dir, 0755) == 0);
	T_ASSERT(put(path, sizeof(path), dir, "f#1.xml", "<rss/>"));
	T_ASSERT(put(list, sizeof(list), tmp, "feeds.conf", "odd odd%dir/f#1.xml\n"));
	T_ASSERT(nw_feedlist_load(&fl, list, &e) == NW_OK);
	T_ASSERT(fl.n == 1);
	T_EXPECT(strncmp(fl.feed[0].url, "file://", 7) == 0);
	T_EXPECT(strchr(fl.feed[0].url, '#') == NULL);
	/* the guard maps the URL back to the very file */
	back = nw_local_path(fl.feed[0].url, fl.feed[0].root, &e);
	if (!back)
		printf("#   %s -> %s\n", fl.feed[0].url, e.msg);
	snprintf(want, sizeof(want), "%s/odd%%dir/f#1.xml", real);
	T_STREQ(back, want);
	free(back);
	nw_feedlist_release(&fl);
	rm_tmpdir(tmp);
}

struct bad_list {
	const char *text;
	int line;
	const char *says; /* part of the message */
};

static const struct bad_list bad_lists[] = {
    {"onlyname\n", 1, "NAME LOCATION"},
    {"# header\nok https://a.example/\nthree https://b.example/ extra\n", 3,
     "bad interval 'extra'"},
    {"four https://b.example/ 30m more\n", 1, "NAME LOCATION [INTERVAL]"},
    {"x https://b.example/ 30\n", 1, "bad interval"},
    {"x https://b.example/ 0m\n", 1, "bad interval"},
    {"x https://b.example/ 31d\n", 1, "bad interval"},
    {"x https://b.example/ 99999999999999999999h\n", 1, "bad interval"},
    {"a/b https://a.example/\n", 1, "a/b"},
    {"caf\xC3\xA9 https://a.example/\n", 1, "bad feed name"},
    {"dup https://a.example/\n\ndup https://b.example/\n", 3, "duplicate"},
    {"x ftp://example.com/feed.xml\n", 1, "http"},
    {"x file:///etc/hostname\n", 1, "http"},
    {"x https://\n", 1, "URL"},
};

static void feedlist_errors(void)
{
	char tmp[64], list[512], prefix[600];
	struct nw_feedlist fl;
	struct nw_err e;
	size_t i;

	T_ASSERT(make_tmpdir(tmp, sizeof(tmp)));
	for (i = 0; i < sizeof(bad_lists) / sizeof(bad_lists[0]); i++) {
		const struct bad_list *c = &bad_lists[i];
		int rc;

		T_ASSERT(put(list, sizeof(list), tmp, "feeds.conf", c->text));
		memset(&e, 0, sizeof(e));
		rc = nw_feedlist_load(&fl, list, &e);
		snprintf(prefix, sizeof(prefix), "%s:%d:", list, c->line);
		if (rc != NW_EINVAL || e.code != NW_EINVAL ||
		    strncmp(e.msg, prefix, strlen(prefix)) || !strstr(e.msg, c->says)) {
			printf("#   case %zu: rc %d msg '%s'\n", i, rc, e.msg);
			T_EXPECT(!"feed list error");
		}
		/* nothing is handed out on failure */
		T_EXPECT(fl.n == 0 && fl.feed == NULL);
		nw_feedlist_release(&fl);
	}

	/* a list that does not exist */
	snprintf(list, sizeof(list), "%s/nope.conf", tmp);
	memset(&e, 0, sizeof(e));
	T_EXPECT(nw_feedlist_load(&fl, list, &e) == NW_EIO);
	T_EXPECT(strstr(e.msg, list) != NULL);
	T_EXPECT(fl.n == 0);
	nw_feedlist_release(&fl);
	T_EXPECT(nw_feedlist_load(&fl, list, NULL) == NW_EIO);
	nw_feedlist_release(&fl);
	rm_tmpdir(tmp);
}

/*
 * A local feed whose file is missing is not a list error: like a dead URL
 * it fails when polled, and nw_local_path is where that shows.
 */
static void feedlist_missing_local(void)
{
	char tmp[64], real[PATH_MAX], list[512], want[2 * PATH_MAX], *got;
	struct nw_feedlist fl;
	struct nw_err e = {0};

	T_ASSERT(make_tmpdir(tmp, sizeof(tmp)));
	T_ASSERT(realpath(tmp, real));
	T_ASSERT(put(list, sizeof(list), tmp, "feeds.conf",
		     "ok https://a.example/\ngone missing.xml\n"));
	T_ASSERT(nw_feedlist_load(&fl, list, &e) == NW_OK);
	T_ASSERT(fl.n == 2);
	snprintf(want, sizeof(want), "file://%s/missing.xml", real);
	T_STREQ(fl.feed[1].url, want);
	T_STREQ(fl.feed[1].root, real);
	T_EXPECT(fl.feed[1].line == 2);
	memset(&e, 0, sizeof(e));
	got = nw_local_path(fl.feed[1].url, fl.feed[1].root, &e);
	T_EXPECT(got == NULL);
	T_EXPECT(e.code != NW_OK);
	T_EXPECT(strstr(e.msg, "missing.xml") != NULL);
	free(got);
	nw_feedlist_release(&fl);
	rm_tmpdir(tmp);
}

/* The files nw_local_path is tried on. */
struct guard {
	char tmp[64], root[PATH_MAX + 64], outside[PATH_MAX + 64];
};

static int guard_setup(struct guard *g)
{
	char path[2 * PATH_MAX], real[PATH_MAX];

	if (!make_tmpdir(g->tmp, sizeof(g->tmp)) || !realpath(g->tmp, real))
		return 0;
	snprintf(g->root, sizeof(g->root), "%s/root", real);
	snprintf(g->outside, sizeof(g->outside), "%s/secret.html", real);
	snprintf(path, sizeof(path), "%s/root/sub", real);
	if (mkdir(g->root, 0755) || mkdir(path, 0755))
		return 0;
	snprintf(path, sizeof(path), "%s/rootx", real); /* shares root's prefix */
	if (mkdir(path, 0755))
		return 0;
	if (!put(path, sizeof(path), g->root, "a.html", "a") ||
	    !put(path, sizeof(path), g->root, "my file.html", "b") ||
	    !put(path, sizeof(path), g->root, "sub/c.html", "c") ||
	    !put(path, sizeof(path), real, "secret.html", "s") ||
	    !put(path, sizeof(path), real, "rootx/d.html", "d"))
		return 0;
	snprintf(path, sizeof(path), "%s/out.html", g->root);
	if (symlink("../secret.html", path))
		return 0;
	snprintf(path, sizeof(path), "%s/in.html", g->root);
	if (symlink("sub/c.html", path))
		return 0;
	snprintf(path, sizeof(path), "%s/up", g->root);
	return symlink("..", path) == 0;
}

struct guard_case {
	const char *rel;  /* appended to "file://" + root */
	const char *want; /* path under root, or NULL when refused */
	int code;	  /* for a refusal, when the code matters */
};

static const struct guard_case guard_cases[] = {
    {"/a.html", "/a.html", 0},
    {"/sub/c.html", "/sub/c.html", 0},
    {"/my%20file.html", "/my file.html", 0},
    {"/%61.html", "/a.html", 0},
    {"/sub/../a.html", "/a.html", 0},
    {"/./sub/./c.html", "/sub/c.html", 0},
    {"/a.html?page=2", "/a.html", 0},
    {"/a.html#top", "/a.html", 0},
    {"/in.html", "/sub/c.html", 0},
    {"/../secret.html", NULL, NW_EDENIED},
    {"/sub/../../secret.html", NULL, NW_EDENIED},
    {"/%2e%2e/secret.html", NULL, NW_EDENIED},
    {"/..%2fsecret.html", NULL, NW_EDENIED},
    {"/out.html", NULL, NW_EDENIED},
    {"/up/secret.html", NULL, NW_EDENIED},
    {"x/d.html", NULL, NW_EDENIED}, /* the sibling directory "rootx" */
    {"", NULL, 0},		    /* the root itself is no file inside it */
    {"/nothere.html", NULL, 0},
};

static void local_path_guard(void)
{
	struct guard g;
	struct nw_err e;
	char url[3 * PATH_MAX], want[3 * PATH_MAX], *got;
	size_t i;

	T_ASSERT(guard_setup(&g));
	for (i = 0; i < sizeof(guard_cases) / sizeof(guard_cases[0]); i++) {
		const struct guard_case *c = &guard_cases[i];

		snprintf(url, sizeof(url), "file://%s%s", g.root, c->rel);
		memset(&e, 0, sizeof(e));
		got = nw_local_path(url, g.root, &e);
		if (c->want) {
			snprintf(want, sizeof(want), "%s%s", g.root, c->want);
			if (!got || strcmp(got, want)) {
				printf("#   %s: got %s (%s)\n", url, got ? got : "NULL", e.msg);
				T_EXPECT(!"accepted");
			}
		} else if (got || e.code == 0 || !e.msg[0] || (c->code && e.code != c->code)) {
			printf("#   %s: got %s, code %d (%s)\n", url, got ? got : "NULL", e.code,
			       e.msg);
			T_EXPECT(!"refused");
		}
		free(got);
	}

	/* the missing file is named in the message */
	snprintf(url, sizeof(url), "file://%s/nothere.html", g.root);
	memset(&e, 0, sizeof(e));
	T_EXPECT(nw_local_path(url, g.root, &e) == NULL);
	T_EXPECT(strstr(e.msg, "nothere.html") != NULL);

	/* the outside file by its own absolute path */
	snprintf(url, sizeof(url), "file://%s", g.outside);
	memset(&e, 0, sizeof(e));
	T_EXPECT(nw_local_path(url, g.root, &e) == NULL);
	T_EXPECT(e.code == NW_EDENIED);

	/* not file:// at all */
	memset(&e, 0, sizeof(e));
	T_EXPECT(nw_local_path("http://example.com/a.html", g.root, &e) == NULL);
	T_EXPECT(e.code == NW_EDENIED);
	memset(&e, 0, sizeof(e));
	snprintf(url, sizeof(url), "%s/a.html", g.root); /* a bare path is no URL */
	T_EXPECT(nw_local_path(url, g.root, &e) == NULL);
	T_EXPECT(e.code == NW_EDENIED);
	T_EXPECT(nw_local_path("ftp://example.com/a.html", g.root, NULL) == NULL);
	rm_tmpdir(g.tmp);
}

T_MAIN(T_CASE(feedlist_good), T_CASE(feedlist_local_escaped), T_CASE(feedlist_errors),
       T_CASE(feedlist_missing_local), T_CASE(local_path_guard))
