/*
 * poll.c - `newswatch poll`: fetch the feeds, archive every new article.
 *
 * The run has two phases, each a batch of concurrent transfers on the
 * fetcher: first every feed, then the article page of every new item.
 * Each page is extracted, tagged and appended to the archive as soon as it
 * arrives, so memory holds one page at a time besides the item list.  A
 * feed or page that fails is reported with its name and URL and is not
 * remembered, so the next run tries it again; everything else goes on.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "err.h"
#include "extract.h"
#include "feed.h"
#include "feedlist.h"
#include "fetch.h"
#include "record.h"
#include "state.h"
#include "tag.h"

#ifndef NW_SHAREDIR
#define NW_SHAREDIR "/usr/local/share/newswatch"
#endif

static const char usage[] =
    "usage: newswatch poll [--feeds FILE] [--var DIR] [-j N] [--wait] [--lexicons DIR] [-v|-q]\n"
    "\n"
    "Fetch every feed in the feed list, then every new article, and append one\n"
    "record per article to DIR/archive/YYYY-MM.jsonl.  Items already archived\n"
    "are skipped; a feed or article that fails is reported and tried again on\n"
    "the next run.  Silent on success.\n"
    "\n"
    "  --feeds FILE    the feed list (default feeds/feeds.conf, else\n"
    "                  " NW_SHAREDIR "/feeds.conf)\n"
    "  --var DIR       where the archive and state live (default var)\n"
    "  -j N            transfers at once (default 8; at most 2 per host)\n"
    "  --wait          wait for a poll that is running instead of exiting\n"
    "  --lexicons DIR  word lists that replace the built-in ones by file name\n"
    "  -v              report each feed and a summary on stderr\n"
    "  -q              report nothing but fatal errors (the exit status still tells)\n"
    "\n"
    "Exit status: 0 success, 1 some feeds or articles failed, 2 usage or\n"
    "configuration error, 4 the archive could not be written.\n";

struct item {
	const struct nw_feed_conf *feed;
	const struct nw_feed_item *fi;
	uint64_t id;
	size_t seq; /* feed list order, then order in the feed */
};

struct poll {
	struct nw_feedlist list;
	struct nw_state state;
	struct nw_tagger tagger;
	struct nw_fetch_opts fetch;
	struct nw_arena feeds; /* parsed feeds: every item of the run */
	struct item *items;
	size_t nitems, capitems;
	struct nw_buf line;
	int64_t now;
	int verbose, quiet, progress;
	size_t feeds_done, feeds_failed, articles_done, articles_failed, archived;
	int fatal;
};

static void progress(struct poll *p, int final)
{
	if (!p->progress)
		return;
	fprintf(stderr, "\rpoll: feeds %zu/%zu, articles %zu/%zu, archived %zu, errors %zu%s",
		p->feeds_done, p->list.n, p->articles_done, p->nitems, p->archived,
		p->feeds_failed + p->articles_failed, final ? "\n" : "");
}

static void feed_failed(struct poll *p, const struct nw_feed_conf *fc, const char *why)
{
	p->feeds_failed++;
	if (!p->quiet)
		nw_warn("feed %s (%s): %s", fc->name, fc->url, why);
}

static int add_item(struct poll *p, const struct nw_feed_conf *fc, const struct nw_feed_item *fi,
		    size_t index)
{
	char key[4096];
	uint64_t id;

	if (fi->id)
		id = nw_item_id(fi->id);
	else if (fi->title)
		snprintf(key, sizeof(key), "%s\n%lld", fi->title, (long long)fi->published),
		    id = nw_item_id(key);
	else
		return NW_OK; /* nothing to know it by */
	if (nw_state_seen(&p->state, id))
		return NW_OK;
	if (p->nitems == p->capitems) {
		size_t cap = p->capitems ? p->capitems * 2 : 256;
		struct item *ni = realloc(p->items, cap * sizeof(*ni));

		if (!ni)
			return NW_ENOMEM;
		p->items = ni;
		p->capitems = cap;
	}
	p->items[p->nitems].feed = fc;
	p->items[p->nitems].fi = fi;
	p->items[p->nitems].id = id;
	p->items[p->nitems].seq = (size_t)(fc - p->list.feed) * NW_FEED_MAX_ITEMS + index;
	p->nitems++;
	return NW_OK;
}

static void parse_feed(struct poll *p, const struct nw_feed_conf *fc, const char *data, size_t n,
		       const char *base)
{
	struct nw_feed feed;
	struct nw_err err = {0, ""};
	size_t i, before = p->nitems;

	if (nw_feed_parse(data, n, base, &p->feeds, &feed, &err)) {
		feed_failed(p, fc, err.msg);
		return;
	}
	for (i = 0; i < feed.nitems; i++) {
		if (add_item(p, fc, &feed.items[i], i)) {
			feed_failed(p, fc, "out of memory");
			return;
		}
	}
	if (p->verbose)
		nw_warn("feed %s: %zu items, %zu new", fc->name, feed.nitems, p->nitems - before);
}

static void feed_fetched(struct nw_fetch *f, void *ctx)
{
	struct poll *p = ctx;
	const struct nw_feed_conf *fc = f->user;

	p->feeds_done++;
	if (f->code)
		feed_failed(p, fc, f->err.msg);
	else
		parse_feed(p, fc, f->body.data, f->body.len,
			   f->final_url[0] ? f->final_url : fc->url);
	progress(p, 0);
}

static int read_local_feed(struct poll *p, const struct nw_feed_conf *fc)
{
	struct nw_err err = {0, ""};
	struct nw_buf body;
	char *path = nw_local_path(fc->url, fc->root, &err);

	p->feeds_done++;
	nw_buf_init(&body, p->fetch.max_bytes);
	if (!path || nw_buf_read_file(&body, path, &err))
		feed_failed(p, fc, err.msg);
	else
		parse_feed(p, fc, body.data, body.len, fc->url);
	free(path);
	nw_buf_release(&body);
	return NW_OK;
}

static int by_id(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq; /* the first feed wins */
}

/* Oldest first, so that each archive file reads in the order things happened. */
static int by_time(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->fi->published != y->fi->published)
		return x->fi->published < y->fi->published ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * The same item through two feeds is archived once, from the first feed
 * that lists it; then the items are put in publication order.
 */
static void drop_duplicates(struct poll *p)
{
	size_t i, o = 0;

	if (p->nitems < 2)
		return;
	qsort(p->items, p->nitems, sizeof(*p->items), by_id);
	for (i = 0; i < p->nitems; i++)
		if (!o || p->items[o - 1].id != p->items[i].id)
			p->items[o++] = p->items[i];
	p->nitems = o;
	qsort(p->items, p->nitems, sizeof(*p->items), by_time);
}

static void charset_of(const char *ctype, char *out, size_t size)
{
	const char *cs = ctype ? strcasestr(ctype, "charset=") : NULL;
	size_t n;

	out[0] = '\0';
	if (!cs)
		return;
	cs += 8;
	if (*cs == '"')
		cs++;
	n = strcspn(cs, "\"; \t");
	if (n < size)
		snprintf(out, size, "%.*s", (int)n, cs);
}

static void article_failed(struct poll *p, const struct item *it, const char *url, const char *why)
{
	p->articles_failed++;
	if (!p->quiet)
		nw_warn("feed %s: article %s: %s", it->feed->name, url ? url : "(no link)", why);
}

/* Extract (when there is a page), tag and archive one item. */
static void archive_item(struct poll *p, const struct item *it, const char *html, size_t n,
			 const char *ctype, const char *page_url)
{
	const struct nw_feed_item *fi = it->fi;
	struct nw_err err = {0, ""};
	struct nw_arena arena;
	struct nw_article art;
	struct nw_record rec;
	struct nw_tags tags;
	char charset[64];
	const char *fallback = fi->content ? fi->content : fi->summary;
	int rc;

	nw_arena_init(&arena);
	memset(&art, 0, sizeof(art));
	art.published = NW_DATE_NONE;
	art.lang = "und";
	art.text = "";
	charset_of(ctype, charset, sizeof(charset));
	if (html &&
	    (rc = nw_extract(html, n, charset[0] ? charset : NULL, page_url, &arena, &art, &err)) &&
	    !fallback) {
		article_failed(p, it, page_url, err.msg);
		goto out;
	}
	if (!art.text[0] && fallback) {
		art.text = fallback;
		art.text_len = strlen(fallback);
	}
	memset(&rec, 0, sizeof(rec));
	rec.id = it->id;
	rec.feed = it->feed->name;
	rec.url = fi->link && nw_url_is_http(fi->link) ? fi->link
		  : art.url && nw_url_is_http(art.url) ? art.url
						       : NULL;
	rec.title = fi->title ? fi->title : art.title;
	rec.published = fi->published != NW_DATE_NONE ? fi->published : art.published;
	rec.fetched = p->now;
	rec.lang = art.lang;
	rec.text = art.text;
	rec.text_len = art.text_len;
	if ((rc = nw_tag(&p->tagger, rec.text, rec.text_len, rec.published, &arena, &tags))) {
		article_failed(p, it, page_url, nw_strcode(rc));
		goto out;
	}
	nw_buf_reset(&p->line);
	if ((rc = nw_record_json(&rec, &tags, &p->line))) {
		article_failed(p, it, page_url, nw_strcode(rc));
		goto out;
	}
	if ((rc = nw_state_archive(&p->state, it->id, p->now, p->line.data, p->line.len, &err))) {
		/* a full disk fails every later item the same way: stop trying */
		p->fatal = 1;
		article_failed(p, it, page_url, err.msg);
		goto out;
	}
	p->archived++;
out:
	nw_arena_release(&arena);
}

static void article_fetched(struct nw_fetch *f, void *ctx)
{
	struct poll *p = ctx;
	const struct item *it = f->user;

	p->articles_done++;
	if (p->fatal)
		return;
	if (f->code)
		article_failed(p, it, f->url, f->err.msg);
	else
		archive_item(p, it, f->body.data, f->body.len, f->content_type,
			     f->final_url[0] ? f->final_url : f->url);
	progress(p, 0);
}

static void local_article(struct poll *p, const struct item *it)
{
	struct nw_err err = {0, ""};
	struct nw_buf page;
	char *path = nw_local_path(it->fi->link, it->feed->root, &err);

	p->articles_done++;
	nw_buf_init(&page, p->fetch.max_bytes);
	if (!path || nw_buf_read_file(&page, path, &err))
		article_failed(p, it, it->fi->link, err.msg);
	else
		archive_item(p, it, page.data, page.len, NULL, it->fi->link);
	free(path);
	nw_buf_release(&page);
}

static int run(struct poll *p)
{
	struct nw_fetch *reqs;
	struct nw_err err = {0, ""};
	size_t i, n = 0;
	int rc;

	/* Phase 1: the feeds. */
	if (!(reqs = calloc(p->list.n + 1, sizeof(*reqs))))
		return NW_ENOMEM;
	for (i = 0; i < p->list.n; i++) {
		if (p->list.feed[i].root) {
			read_local_feed(p, &p->list.feed[i]);
			continue;
		}
		reqs[n].url = p->list.feed[i].url;
		reqs[n++].user = &p->list.feed[i];
	}
	rc = nw_fetch_run(reqs, n, &p->fetch, feed_fetched, p, &err);
	free(reqs);
	if (rc) {
		nw_warn("poll: %s", err.msg);
		return rc;
	}
	drop_duplicates(p);

	/* Phase 2: the articles. */
	if (!(reqs = calloc(p->nitems + 1, sizeof(*reqs))))
		return NW_ENOMEM;
	for (i = n = 0; i < p->nitems && !p->fatal; i++) {
		const struct item *it = &p->items[i];
		const char *link = it->fi->link;

		if (link && nw_url_is_http(link)) {
			reqs[n].url = link;
			reqs[n++].user = &p->items[i];
		} else if (link && it->feed->root && !strncmp(link, "file://", 7)) {
			local_article(p, it);
		} else {
			p->articles_done++;
			archive_item(p, it, NULL, 0, NULL, link);
		}
	}
	rc = p->fatal ? NW_OK : nw_fetch_run(reqs, n, &p->fetch, article_fetched, p, &err);
	free(reqs);
	if (rc) {
		nw_warn("poll: %s", err.msg);
		return rc;
	}
	if ((rc = nw_state_sync(&p->state, &err))) {
		nw_warn("poll: %s", err.msg);
		p->fatal = 1;
	}
	return NW_OK;
}

static const char *default_feeds(void)
{
	return access("feeds/feeds.conf", R_OK) == 0 ? "feeds/feeds.conf"
						     : NW_SHAREDIR "/feeds.conf";
}

int cmd_poll(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"feeds", required_argument, NULL, 'f'},	{"var", required_argument, NULL, 'V'},
	    {"lexicons", required_argument, NULL, 'L'}, {"wait", no_argument, NULL, 'w'},
	    {"verbose", no_argument, NULL, 'v'},	{"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},		{NULL, 0, NULL, 0},
	};
	const char *feeds = NULL, *var = "var", *lexdir = NULL;
	struct nw_err err = {0, ""};
	struct poll p;
	int c, wait = 0, rc, status;
	char *end;

	memset(&p, 0, sizeof(p));
	nw_fetch_opts_default(&p.fetch);
	while ((c = getopt_long(argc, argv, "j:vqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			feeds = optarg;
			break;
		case 'V':
			var = optarg;
			break;
		case 'L':
			lexdir = optarg;
			break;
		case 'w':
			wait = 1;
			break;
		case 'j':
			p.fetch.max_parallel = strtol(optarg, &end, 10);
			if (*end || p.fetch.max_parallel < 1 || p.fetch.max_parallel > 256)
				return nw_usage_error(usage,
						      "poll: -j takes a number from 1 to 256");
			break;
		case 'v':
			p.verbose = 1;
			break;
		case 'q':
			p.quiet = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return nw_usage_error(usage, "poll: unexpected argument '%s'", argv[optind]);
	if (!feeds)
		feeds = default_feeds();
	if (nw_feedlist_load(&p.list, feeds, &err)) {
		nw_warn("poll: %s", err.msg);
		return EXIT_USAGE;
	}
	if (nw_tagger_init(&p.tagger, lexdir, &err)) {
		nw_warn("poll: %s", err.msg);
		nw_feedlist_release(&p.list);
		return EXIT_USAGE;
	}
	if ((rc = nw_state_open(&p.state, var, wait, &err))) {
		nw_feedlist_release(&p.list);
		nw_tagger_release(&p.tagger);
		nw_warn("poll: %s", err.msg);
		/* an overlapping cron run is not an error */
		return rc == NW_EBUSY ? EXIT_OK : EXIT_FATAL;
	}
	p.progress = !p.quiet && !p.verbose && isatty(STDERR_FILENO);
	p.now = (int64_t)time(NULL);
	nw_arena_init(&p.feeds);
	nw_buf_init(&p.line, NW_BUF_NOCAP);
	rc = run(&p);
	progress(&p, 1);
	if (p.verbose)
		nw_warn("poll: %zu feeds (%zu failed), %zu new articles: %zu archived, %zu failed",
			p.list.n, p.feeds_failed, p.nitems, p.archived, p.articles_failed);
	status = rc || p.fatal			       ? EXIT_FATAL
		 : p.feeds_failed || p.articles_failed ? EXIT_PARTIAL
						       : EXIT_OK;
	nw_buf_release(&p.line);
	nw_arena_release(&p.feeds);
	free(p.items);
	nw_state_close(&p.state);
	nw_tagger_release(&p.tagger);
	nw_feedlist_release(&p.list);
	return status;
}
