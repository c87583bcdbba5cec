/*
 * test_fetch.c - the fetcher against a real HTTP server on 127.0.0.1.
 *
 * The first case starts tests/httpd.py (python3; its absence is a failure,
 * not a skip) on a free port, serving a temporary directory of fixtures that
 * this file writes; the last case stops it with SIGTERM and expects a clean
 * exit.  Every case makes real transfers with libcurl: nothing is mocked.
 * The slowest cases are the timeouts (about 1 s and 1.5 s) and the
 * concurrency timings (about 3 s); the whole file runs in about 8 s.
 *
 * HTTP behaviours covered: status codes, redirects (count, loops, schemes,
 * permanent moves), the body cap before and after gzip/deflate decoding,
 * conditional GET (ETag and Last-Modified, 304), Retry-After in seconds and
 * as a date, Cache-Control max-age, slow-drip and endless servers, refused
 * connections, the User-Agent, connection reuse and the concurrency limits.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "fetch.h"
#include "t.h"
#include "t_server.h"

static const char feed_xml[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			       "<rss version=\"2.0\"><channel><title>Test wire</title>\n"
			       "<item><title>Harbour authority fines a tanker operator</title>\n"
			       "<link>http://example.test/a/1</link></item>\n"
			       "</channel></rss>\n";

static struct {
	pid_t pid;
	int port;
	char root[64];
	char feed_path[96];
} srv;

/* What one done callback saw, copied out before the body is released. */
struct result {
	int calls;
	int code;
	long status;
	char msg[512];
	char ctype[128];
	char final_url[2048];
	int not_modified;
	long retry_after, max_age;
	char etag[256], last_modified[64], moved_to[2048];
	char *body;
	size_t len;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void url(char *buf, size_t size, const char *path)
{
	snprintf(buf, size, "http://127.0.0.1:%d%s", srv.port, path);
}

static void test_opts(struct nw_fetch_opts *o)
{
	nw_fetch_opts_default(o);
	o->connect_timeout_ms = 2000;
	o->timeout_ms = 5000;
}

static void keep(struct nw_fetch *f, void *ctx)
{
	struct result *r = ctx;

	r->calls++;
	r->code = f->code;
	r->status = f->status;
	snprintf(r->msg, sizeof(r->msg), "%s", f->err.msg);
	snprintf(r->ctype, sizeof(r->ctype), "%s", f->content_type);
	snprintf(r->final_url, sizeof(r->final_url), "%s", f->final_url);
	r->not_modified = f->not_modified;
	r->retry_after = f->retry_after;
	r->max_age = f->max_age;
	snprintf(r->etag, sizeof(r->etag), "%s", f->new_etag);
	snprintf(r->last_modified, sizeof(r->last_modified), "%s", f->new_last_modified);
	snprintf(r->moved_to, sizeof(r->moved_to), "%s", f->moved_to);
	free(r->body);
	r->body = nw_buf_detach(&f->body, &r->len);
}

/* A conditional GET when etag or last_modified is set. */
static int fetch_cond(const char *u, const char *etag, const char *last_modified,
		      const struct nw_fetch_opts *o, struct result *r)
{
	struct nw_fetch req = {.url = u, .etag = etag, .last_modified = last_modified};
	struct nw_err e = {0};
	int rc;

	free(r->body);
	memset(r, 0, sizeof(*r));
	rc = nw_fetch_run(&req, 1, o, keep, r, &e);
	/* outside the callback the outputs no longer point into the fetcher */
	if (strcmp(req.final_url, "") || strcmp(req.new_etag, "") || strcmp(req.moved_to, ""))
		return -100;
	return rc;
}

static int fetch_one(const char *u, const struct nw_fetch_opts *o, struct result *r)
{
	return fetch_cond(u, NULL, NULL, o, r);
}

static int fetch_path(const char *path, const struct nw_fetch_opts *o, struct result *r)
{
	char u[256];

	url(u, sizeof(u), path);
	return fetch_one(u, o, r);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void start_server(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	snprintf(srv.root, sizeof(srv.root), "/tmp/nw-test-fetch-XXXXXX");
	T_ASSERT(mkdtemp(srv.root) != NULL);
	snprintf(srv.feed_path, sizeof(srv.feed_path), "%s/feed.xml", srv.root);
	T_ASSERT(write_file(srv.feed_path, feed_xml) == 0);
	srv.port =
	    t_start_server((const char *[]){"tests/httpd.py", "--root", srv.root, NULL}, &srv.pid);
	/* a file that gzip shrinks well below the cap that its decoded size exceeds */
	{
		char path[128], text[5001];

		memset(text, 'x', 5000);
		text[5000] = '\0';
		snprintf(path, sizeof(path), "%s/zeros.txt", srv.root);
		T_ASSERT(write_file(path, text) == 0);
	}
	T_ASSERT(srv.port > 0);
}

static void stop_server(void)
{
	int status = 0;

	T_ASSERT(srv.pid > 0);
	T_EXPECT(kill(srv.pid, SIGTERM) == 0);
	T_EXPECT(waitpid(srv.pid, &status, 0) == srv.pid);
	T_EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	unlink(srv.feed_path);
	{
		char path[128];

		snprintf(path, sizeof(path), "%s/zeros.txt", srv.root);
		unlink(path);
	}
	rmdir(srv.root);
	curl_global_cleanup();
}

static void file_ok(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};
	char u[256];

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	url(u, sizeof(u), "/feed.xml");
	T_ASSERT(fetch_one(u, &o, &r) == NW_OK);
	T_EXPECT(r.calls == 1);
	T_EXPECT(r.code == NW_OK);
	T_EXPECT(r.status == 200);
	T_STREQ(r.msg, "");
	T_STREQ(r.ctype, "application/xml");
	T_STREQ(r.final_url, u);
	T_EXPECT(r.len == strlen(feed_xml));
	T_STREQ(r.body, feed_xml);
	free(r.body);
}

static void http_errors(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	T_ASSERT(fetch_path("/status/404", &o, &r) == NW_OK);
	T_EXPECT(r.calls == 1);
	T_EXPECT(r.code == NW_EFETCH);
	T_EXPECT(r.status == 404);
	T_STREQ(r.msg, "HTTP 404");
	T_EXPECT(r.len == 0); /* error pages are not kept */

	fetch_path("/no-such-file.xml", &o, &r);
	T_EXPECT(r.code == NW_EFETCH && r.status == 404);

	fetch_path("/status/503", &o, &r);
	T_STREQ(r.msg, "HTTP 503");

	fetch_path("/retry-after", &o, &r);
	T_EXPECT(r.code == NW_EFETCH && r.status == 429);

	/* a 304 to a request that asked nothing has no copy to stand for */
	fetch_path("/status/304", &o, &r);
	T_EXPECT(r.code == NW_EFETCH && r.status == 304 && !r.not_modified);
	T_STREQ(r.msg, "HTTP 304");

	fetch_path("/status/204", &o, &r);
	T_EXPECT(r.code == NW_OK && r.status == 204 && r.len == 0);
	free(r.body);
}

static void redirects_followed(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};
	char want[256];

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	url(want, sizeof(want), "/feed.xml");
	T_ASSERT(fetch_path("/redirect/3/feed.xml", &o, &r) == NW_OK);
	T_EXPECT(r.code == NW_OK && r.status == 200);
	T_STREQ(r.final_url, want);
	T_STREQ(r.body, feed_xml);

	/* Five hops is the limit and still allowed. */
	fetch_path("/redirect/5/feed.xml", &o, &r);
	T_EXPECT(r.code == NW_OK);
	T_STREQ(r.final_url, want);
	free(r.body);
}

static void redirect_limits(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	fetch_path("/redirect/6/feed.xml", &o, &r);
	T_EXPECT(r.calls == 1);
	T_EXPECT(r.code == NW_EFETCH);
	T_EXPECT(r.msg[0] != '\0');
	T_EXPECT(r.len == 0);

	fetch_path("/redirect-loop", &o, &r);
	T_EXPECT(r.calls == 1);
	T_EXPECT(r.code == NW_EFETCH);
	T_EXPECT(r.msg[0] != '\0');
	free(r.body);
}

static void redirect_to_file_refused(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	fetch_path("/redirect-file", &o, &r);
	T_EXPECT(r.calls == 1);
	T_EXPECT(r.code == NW_EDENIED);
	T_EXPECT(r.len == 0);
	T_EXPECT(r.body && !strstr(r.body, "root:"));
	free(r.body);
}

static void schemes_refused(void)
{
	static const char *const bad[] = {
	    "file:///etc/passwd",
	    "ftp://127.0.0.1/x",
	    "gopher://127.0.0.1/",
	    "dict://127.0.0.1/",
	    "/etc/passwd",
	    "",
	    "http://",
	    "http:///etc/passwd",
	    "https://",
	    "http://exa mple.test/",
	    "javascript:alert(1)",
	};
	static const char *const good[] = {
	    "http://example.test/",
	    "HTTPS://example.test/a?b#c",
	    "http://u:p@host:8080",
	    "http://127.0.0.1:1/feed.xml",
	};
	struct result r = {0};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		T_EXPECT(!nw_url_is_http(bad[i]));
		T_EXPECT(fetch_one(bad[i], NULL, &r) == NW_OK);
		T_EXPECT(r.calls == 1);
		T_EXPECT(r.code == NW_EDENIED);
		T_STREQ(r.msg, "only http and https URLs are fetched");
		T_EXPECT(r.status == 0 && r.len == 0);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		T_EXPECT(nw_url_is_http(good[i]));
	T_EXPECT(!nw_url_is_http(NULL));
	free(r.body);
}

static void body_cap(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	o.max_bytes = 1000;
	fetch_path("/big/1000", &o, &r);
	T_EXPECT(r.code == NW_OK);
	T_EXPECT(r.len == 1000);

	fetch_path("/big/1001", &o, &r);
	T_EXPECT(r.code == NW_ETOOBIG);
	T_STREQ(r.msg, "response larger than 1000 bytes");

	fetch_path("/big/50000000", &o, &r);
	T_EXPECT(r.calls == 1);
	T_EXPECT(r.code == NW_ETOOBIG);
	T_EXPECT(r.len <= 1000);
	free(r.body);
}

static void gzip_decoded(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	fetch_path("/gzip/feed.xml", &o, &r);
	T_EXPECT(r.code == NW_OK);
	T_STREQ(r.ctype, "application/xml");
	T_STREQ(r.body, feed_xml);
	free(r.body);
}

static void gzip_bomb_capped(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};
	double t0 = now();

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	o.max_bytes = 1 << 20;
	fetch_path("/gzip-bomb", &o, &r);
	T_EXPECT(r.calls == 1);
	T_EXPECT(r.code == NW_ETOOBIG);
	T_STREQ(r.msg, "response larger than 1048576 bytes");
	T_EXPECT(r.len <= (size_t)1 << 20);
	T_EXPECT(now() - t0 < 5.0);
	free(r.body);
}

static void deflate_and_decoded_cap(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	fetch_path("/deflate/feed.xml", &o, &r);
	T_EXPECT(r.code == NW_OK);
	T_STREQ(r.body, feed_xml);

	/* 5000 bytes that gzip to about 40: the cap counts decoded bytes */
	o.max_bytes = 4999;
	fetch_path("/gzip/zeros.txt", &o, &r);
	T_EXPECT(r.code == NW_ETOOBIG);
	T_STREQ(r.msg, "response larger than 4999 bytes");
	o.max_bytes = 5000;
	fetch_path("/deflate/zeros.txt", &o, &r);
	T_EXPECT(r.code == NW_OK && r.len == 5000);
	free(r.body);
}

static void conditional_etag(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};
	char u[256], etag[256], lm[64];

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	url(u, sizeof(u), "/etag/feed.xml");
	T_ASSERT(fetch_one(u, &o, &r) == NW_OK);
	T_EXPECT(r.code == NW_OK && r.status == 200 && !r.not_modified);
	T_EXPECT(r.etag[0] == '"');
	T_EXPECT(strstr(r.last_modified, " GMT") != NULL);
	snprintf(etag, sizeof(etag), "%s", r.etag);
	snprintf(lm, sizeof(lm), "%s", r.last_modified);

	T_ASSERT(fetch_cond(u, etag, NULL, &o, &r) == NW_OK);
	T_EXPECT(r.code == NW_OK && r.status == 304 && r.not_modified);
	T_EXPECT(r.len == 0);
	T_STREQ(r.msg, "");
	T_STREQ(r.etag, etag); /* a 304 repeats the validator */

	/* a stale ETag gets the whole body, and the server's If-None-Match
	 * takes precedence over If-Modified-Since */
	T_ASSERT(fetch_cond(u, "\"stale\"", lm, &o, &r) == NW_OK);
	T_EXPECT(r.code == NW_OK && r.status == 200 && !r.not_modified);
	T_STREQ(r.body, feed_xml);
	free(r.body);
}

static void conditional_last_modified(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};
	char u[256], lm[64];

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	url(u, sizeof(u), "/lastmod/feed.xml");
	fetch_one(u, &o, &r);
	T_EXPECT(r.code == NW_OK && r.status == 200);
	T_STREQ(r.etag, "");
	T_EXPECT(r.last_modified[0] != '\0');
	snprintf(lm, sizeof(lm), "%s", r.last_modified);

	fetch_cond(u, NULL, lm, &o, &r);
	T_EXPECT(r.code == NW_OK && r.status == 304 && r.not_modified && r.len == 0);

	fetch_cond(u, "", "Sat, 01 Jan 2000 00:00:00 GMT", &o, &r);
	T_EXPECT(r.code == NW_OK && r.status == 200 && r.len == strlen(feed_xml));
	free(r.body);
}

/* The validators go out as headers; one that could inject a header does not. */
static void conditional_headers_sent(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};
	char u[256];

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	url(u, sizeof(u), "/headers");
	fetch_cond(u, "W/\"v1\"", "Tue, 02 Jan 2024 03:04:05 GMT", &o, &r);
	T_EXPECT(r.code == NW_OK);
	T_EXPECT(r.body && strstr(r.body, "If-None-Match: W/\"v1\"\n"));
	T_EXPECT(r.body && strstr(r.body, "If-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT\n"));

	fetch_cond(u, "\"a\"\r\nX-Injected: 1", NULL, &o, &r);
	T_EXPECT(r.code == NW_OK);
	T_EXPECT(r.body && !strstr(r.body, "X-Injected"));
	T_EXPECT(r.body && !strstr(r.body, "If-None-Match"));
	free(r.body);
}

static void permanent_redirects(void)
{
	static const struct {
		const char *path, *moved; /* moved: "" for none */
	} cases[] = {
	    {"/moved/301/feed.xml", "/feed.xml"},
	    {"/moved/308/feed.xml", "/feed.xml"},
	    {"/moved/301/moved/308/feed.xml", "/feed.xml"},
	    {"/moved/301/moved/302/feed.xml", "/moved/302/feed.xml"},
	    {"/moved/302/feed.xml", ""},
	    {"/moved/307/feed.xml", ""},
	    {"/moved/302/moved/301/feed.xml", ""},
	    {"/feed.xml", ""},
	};
	struct nw_fetch_opts o;
	struct result r = {0};
	char want[256], final[256];
	size_t i;

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	url(final, sizeof(final), "/feed.xml");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fetch_path(cases[i].path, &o, &r);
		T_EXPECT(r.code == NW_OK && r.status == 200);
		T_STREQ(r.final_url, final);
		if (cases[i].moved[0])
			url(want, sizeof(want), cases[i].moved);
		else
			want[0] = '\0';
		T_STREQ(r.moved_to, want);
	}
	/* a move to somewhere that fails moves nothing */
	fetch_path("/moved/301/status/404", &o, &r);
	T_EXPECT(r.code == NW_EFETCH && r.status == 404);
	T_STREQ(r.moved_to, "");
	free(r.body);
}

static void redirect_to_ftp_refused(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	fetch_path("/redirect-ftp", &o, &r);
	T_EXPECT(r.calls == 1);
	T_EXPECT(r.code == NW_EDENIED);
	T_EXPECT(r.len == 0);
	free(r.body);
}

static void retry_after(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	fetch_path("/retry/429/120", &o, &r);
	T_EXPECT(r.code == NW_EFETCH && r.status == 429 && r.retry_after == 120);
	fetch_path("/retry/503/7", &o, &r);
	T_EXPECT(r.code == NW_EFETCH && r.status == 503 && r.retry_after == 7);
	fetch_path("/retry-date/503/300", &o, &r);
	T_EXPECT(r.status == 503 && r.retry_after >= 290 && r.retry_after <= 301);
	fetch_path("/retry-date/429/0", &o, &r);
	T_EXPECT(r.status == 429 && r.retry_after >= 0 && r.retry_after <= 1);
	/* years away is capped at 30 days */
	fetch_path("/retry/429/99999999999", &o, &r);
	T_EXPECT(r.retry_after == 30L * 24 * 3600);
	fetch_path("/status/503", &o, &r);
	T_EXPECT(r.status == 503 && r.retry_after == -1);
	fetch_path("/feed.xml", &o, &r);
	T_EXPECT(r.code == NW_OK && r.retry_after == -1 && r.max_age == -1);
	free(r.body);
}

/* The fetcher does not judge content: a broken feed arrives as served. */
static void malformed_passed_through(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	fetch_path("/malformed.xml", &o, &r);
	T_EXPECT(r.code == NW_OK && r.status == 200);
	T_STREQ(r.ctype, "application/rss+xml");
	T_EXPECT(r.body && strstr(r.body, "Broken & proud") &&
		 strstr(r.body, "<item><title>Cut off"));
	free(r.body);
}

static void cache_max_age(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	fetch_path("/cache/1800/feed.xml", &o, &r);
	T_EXPECT(r.code == NW_OK && r.max_age == 1800);
	T_STREQ(r.body, feed_xml);
	fetch_path("/cache/0/feed.xml", &o, &r);
	T_EXPECT(r.code == NW_OK && r.max_age == 0);
	free(r.body);
}

static void slow_drip_times_out(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};
	double t0 = now(), dt;

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	o.timeout_ms = 3000; /* low-speed time: 1 s */
	fetch_path("/slow", &o, &r);
	dt = now() - t0;
	T_EXPECT(r.calls == 1);
	T_EXPECT(r.code == NW_EFETCH);
	/* the low-speed limit, not the total timeout, ended it */
	T_EXPECT(strstr(r.msg, "too slow") != NULL);
	T_EXPECT(dt < 2.9);
	printf("# slow drip: %.2f s, \"%s\"\n", dt, r.msg);
	free(r.body);
}

/* 1 KB/s forever passes the low-speed check; the total timeout must end it. */
static void endless_stream_times_out(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};
	double t0 = now(), dt;

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	o.timeout_ms = 1500;
	fetch_path("/stream", &o, &r);
	dt = now() - t0;
	T_EXPECT(r.calls == 1);
	T_EXPECT(r.code == NW_EFETCH);
	T_EXPECT(strstr(r.msg, "timed out") != NULL);
	T_EXPECT(dt >= 1.4 && dt < 3.0);
	printf("# endless stream: %.2f s, \"%s\"\n", dt, r.msg);
	free(r.body);
}

/* A port that nothing listens on: bind one, then close it. */
static int closed_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static void connection_refused(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};
	char u[128];
	int port = closed_port();

	T_ASSERT(port > 0);
	test_opts(&o);
	snprintf(u, sizeof(u), "http://127.0.0.1:%d/feed.xml", port);
	T_EXPECT(fetch_one(u, &o, &r) == NW_OK);
	T_EXPECT(r.calls == 1);
	T_EXPECT(r.code == NW_EFETCH);
	T_EXPECT(r.status == 0);
	T_EXPECT(r.msg[0] != '\0');
	printf("# refused: \"%s\"\n", r.msg);
	free(r.body);
}

static void user_agent_sent(void)
{
	struct nw_fetch_opts o;
	struct result r = {0};

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	fetch_path("/headers", &o, &r);
	T_EXPECT(r.code == NW_OK);
	T_EXPECT(r.body && strstr(r.body, "User-Agent: newswatch/"));
	T_EXPECT(r.body && strstr(r.body, "(+https://newswatch.invalid/)"));
	T_EXPECT(r.body && !strstr(r.body, "If-None-Match")); /* nothing to validate */
	T_EXPECT(r.body && strstr(r.body, "gzip"));	      /* Accept-Encoding */

	o.user_agent = "nw-test-agent/1";
	fetch_path("/headers", &o, &r);
	T_EXPECT(r.body && strstr(r.body, "User-Agent: nw-test-agent/1\n"));
	free(r.body);
}

/* /headers echoes the client's port: one slot, two requests, one connection. */
struct peer_ctx {
	char peer[2][64];
	int calls;
};

static void note_peer(struct nw_fetch *f, void *ctx)
{
	struct peer_ctx *p = ctx;
	const char *x = strstr(f->body.data, "X-Peer: ");
	int i = (int)(intptr_t)f->user;

	p->calls++;
	if (x && i >= 0 && i < 2)
		snprintf(p->peer[i], sizeof(p->peer[i]), "%.*s", (int)strcspn(x, "\n"), x);
}

static void connection_reused(void)
{
	struct nw_fetch_opts o;
	struct nw_fetch reqs[2];
	struct peer_ctx p = {0};
	char u[256];

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	o.max_parallel = 1;
	url(u, sizeof(u), "/headers");
	memset(reqs, 0, sizeof(reqs));
	reqs[0].url = reqs[1].url = u;
	reqs[1].user = (void *)(intptr_t)1;
	T_ASSERT(nw_fetch_run(reqs, 2, &o, note_peer, &p, NULL) == NW_OK);
	T_EXPECT(p.calls == 2);
	T_EXPECT(p.peer[0][0] != '\0');
	T_STREQ(p.peer[0], p.peer[1]);
}

struct mark {
	size_t index;
	int calls;
	int code;
	size_t len;
};

struct many_ctx {
	struct nw_fetch *reqs;
	int calls;
	int wrong;
};

static void count(struct nw_fetch *f, void *ctx)
{
	struct many_ctx *c = ctx;
	struct mark *m = f->user;

	c->calls++;
	if (f != &c->reqs[m->index])
		c->wrong++;
	m->calls++;
	m->code = f->code;
	m->len = f->body.len;
}

static void many_requests(void)
{
	enum { N = 30 };
	struct nw_fetch reqs[N];
	struct mark marks[N];
	char urls[N][128];
	struct many_ctx c = {reqs, 0, 0};
	struct nw_fetch_opts o;
	size_t i;

	T_ASSERT(srv.port > 0);
	test_opts(&o);
	o.max_parallel = 4;
	o.max_per_host = 4;
	memset(reqs, 0, sizeof(reqs));
	for (i = 0; i < N; i++) {
		if (i % 10 == 3)
			snprintf(urls[i], sizeof(urls[i]), "ftp://127.0.0.1:%d/x", srv.port);
		else if (i % 10 == 7)
			snprintf(urls[i], sizeof(urls[i]), "http://127.0.0.1:%d/status/500",
				 srv.port);
		else
			snprintf(urls[i], sizeof(urls[i]), "http://127.0.0.1:%d/big/%zu", srv.port,
				 100 + i);
		marks[i] = (struct mark){.index = i};
		reqs[i].url = urls[i];
		reqs[i].user = &marks[i];
	}
	T_ASSERT(nw_fetch_run(reqs, N, &o, count, &c, NULL) == NW_OK);
	T_EXPECT(c.calls == N);
	T_EXPECT(c.wrong == 0);
	for (i = 0; i < N; i++) {
		T_EXPECT(marks[i].calls == 1);
		if (i % 10 == 3)
			T_EXPECT(marks[i].code == NW_EDENIED);
		else if (i % 10 == 7)
			T_EXPECT(marks[i].code == NW_EFETCH);
		else
			T_EXPECT(marks[i].code == NW_OK && marks[i].len == 100 + i);
		T_EXPECT(reqs[i].body.len == 0); /* released after the callback */
	}
}

static void ignore(struct nw_fetch *f, void *ctx)
{
	int *ok = ctx;

	if (f->code == NW_OK)
		(*ok)++;
}

/* Eight 500 ms requests to one host; returns the wall time. */
static double timed_batch(long parallel, long per_host, int *ok)
{
	struct nw_fetch reqs[8];
	struct nw_fetch_opts o;
	char u[128];
	double t0;
	size_t i;

	test_opts(&o);
	o.max_parallel = parallel;
	o.max_per_host = per_host;
	url(u, sizeof(u), "/delay/500");
	memset(reqs, 0, sizeof(reqs));
	for (i = 0; i < 8; i++)
		reqs[i].url = u;
	*ok = 0;
	t0 = now();
	nw_fetch_run(reqs, 8, &o, ignore, ok, NULL);
	return now() - t0;
}

static void parallel_limits(void)
{
	double dt;
	int ok;

	T_ASSERT(srv.port > 0);
	dt = timed_batch(4, 4, &ok); /* two waves */
	printf("# 8 x 0.5 s, 4 at once: %.2f s\n", dt);
	T_EXPECT(ok == 8);
	T_EXPECT(dt >= 0.95 && dt < 1.9);

	dt = timed_batch(8, 2, &ok); /* the host limit makes four waves */
	printf("# 8 x 0.5 s, 2 per host: %.2f s\n", dt);
	T_EXPECT(ok == 8);
	T_EXPECT(dt >= 1.95 && dt < 3.5);
}

static void never_called(struct nw_fetch *f, void *ctx)
{
	(*(int *)ctx)++;
}

static void bad_arguments(void)
{
	struct nw_fetch req = {.url = "http://127.0.0.1:1/"};
	struct nw_fetch_opts o;
	struct nw_err e = {0};
	int calls = 0;

	test_opts(&o);
	o.max_parallel = 0;
	T_EXPECT(nw_fetch_run(&req, 1, &o, never_called, &calls, &e) == NW_EINVAL);
	T_EXPECT(e.code == NW_EINVAL && e.msg[0] != '\0');
	test_opts(&o);
	o.max_per_host = 0;
	T_EXPECT(nw_fetch_run(&req, 1, &o, never_called, &calls, NULL) == NW_EINVAL);
	T_EXPECT(nw_fetch_run(NULL, 0, &o, never_called, &calls, NULL) == NW_OK);
	T_EXPECT(calls == 0);
}

T_MAIN(T_CASE(start_server), T_CASE(file_ok), T_CASE(http_errors), T_CASE(redirects_followed),
       T_CASE(redirect_limits), T_CASE(redirect_to_file_refused), T_CASE(schemes_refused),
       T_CASE(body_cap), T_CASE(gzip_decoded), T_CASE(gzip_bomb_capped),
       T_CASE(deflate_and_decoded_cap), T_CASE(conditional_etag), T_CASE(conditional_last_modified),
       T_CASE(conditional_headers_sent), T_CASE(permanent_redirects),
       T_CASE(redirect_to_ftp_refused), T_CASE(retry_after), T_CASE(cache_max_age),
       T_CASE(malformed_passed_through), T_CASE(slow_drip_times_out),
       T_CASE(endless_stream_times_out), T_CASE(connection_refused), T_CASE(user_agent_sent),
       T_CASE(connection_reused), T_CASE(many_requests), T_CASE(parallel_limits),
       T_CASE(bad_arguments), T_CASE(stop_server))
