/*
 * fetch.c - many HTTP(S) transfers at once on libcurl's multi interface.
 *
 * One CURL easy handle per slot (max_parallel slots, fewer when there are
 * fewer requests), reset and reused for the next request so that the multi
 * handle's connection cache keeps serving the same hosts.  Each slot is the
 * transfer's CURLOPT_PRIVATE context and holds the transfer's large
 * outputs (URLs, validators), so a request itself stays small.  The loop is
 * perform / read messages / refill idle slots / curl_multi_poll, as in
 * curl's 10-at-a-time.c.
 *
 * We schedule per host ourselves instead of letting curl queue transfers
 * beyond CURLMOPT_MAX_HOST_CONNECTIONS: a queued curl transfer spends its
 * CURLOPT_TIMEOUT while it waits (curl issue #4486), so the articles of one
 * slow site would time out without ever being sent, and they would hold
 * slots that other hosts could use.  A request is started only when fewer
 * than max_per_host active transfers share its host[:port]; the curl option
 * stays set as a backstop (redirects can still converge on one host).
 *
 * Response headers are read by a header callback that starts afresh at each
 * status line, so the validators, Retry-After and Cache-Control kept are
 * those of the last response, never of a redirect on the way.  The same
 * callback follows the redirect chain: while every hop so far was a 301 or
 * 308, the URL curl is now fetching (CURLINFO_EFFECTIVE_URL, already
 * resolved against the previous one) is where the resource moved for good.
 *
 * Invariants: at most max_parallel transfers are in the multi handle; the
 * done callback runs exactly once per request, outside any curl callback,
 * and the body is released right after it returns, the output strings
 * pointed back at "".  The request array is scanned from the first
 * unstarted entry, so a refill costs O(n * slots) in the worst case (every
 * remaining request on a busy host); n is a few thousand at most per poll.
 *
 * The caller (main) must call curl_global_init(CURL_GLOBAL_DEFAULT) once
 * before the first nw_fetch_run, and curl_global_cleanup at exit.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "fetch.h"

/* The URL is a placeholder until the project has a public home. */
#define NW_FETCH_USER_AGENT "newswatch/0.1 (+https://newswatch.invalid/)"

/* Below 100 bytes/s for LOW_SPEED_SECS seconds is a slow-drip server. */
#define LOW_SPEED_BYTES 100L
#define LOW_SPEED_SECS 20L
#define POLL_MS 1000
/* A Retry-After further away than this is taken as this. */
#define RETRY_AFTER_MAX (30L * 24 * 3600)
#define URL_MAX 2048
#define CTYPE_MAX 128
#define CACHE_CONTROL_MAX 256
/* Upper bound on idle connections kept open for reuse (file descriptors). */
#define IDLE_MAX 256L

struct slot {
	CURL *easy;
	struct nw_fetch *req; /* NULL while idle */
	const char *host;     /* host[:port] span inside req->url */
	size_t hostlen;
	int fail; /* set by on_write: NW_ETOOBIG, NW_ENOMEM or NW_EFETCH (HTTP status) */
	struct curl_slist *headers; /* conditional request headers */
	/* what the last response said; reset at each status line */
	long hop_status; /* status of the last response seen, 0 before the first */
	int permanent;	 /* every redirect so far was a 301 or 308 */
	char etag[NW_FETCH_ETAG_MAX];
	char last_modified[NW_FETCH_DATE_MAX];
	char retry_after[NW_FETCH_DATE_MAX];
	char cache_control[CACHE_CONTROL_MAX];
	/* outputs the request points at during its callback */
	char content_type[CTYPE_MAX];
	char final_url[URL_MAX];
	char moved_to[URL_MAX];
	char errbuf[CURL_ERROR_SIZE];
};

struct run {
	CURLM *multi;
	struct slot *slots;
	size_t nslots, active;
	struct nw_fetch *reqs;
	size_t n, next; /* next: first request not yet started */
	unsigned char *started;
	const struct nw_fetch_opts *o;
	nw_fetch_done_fn done;
	void *ctx;
};

void nw_fetch_opts_default(struct nw_fetch_opts *o)
{
	o->max_parallel = 8;
	o->max_per_host = 2;
	o->max_bytes = 8 * 1024 * 1024;
	o->connect_timeout_ms = 10000;
	o->timeout_ms = 60000;
	o->user_agent = NULL;
}

static int has_prefix_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

int nw_url_is_http(const char *url)
{
	const char *rest;

	if (!url)
		return 0;
	if (has_prefix_ci(url, "http://"))
		rest = url + 7;
	else if (has_prefix_ci(url, "https://"))
		rest = url + 8;
	else
		return 0;
	if (*rest == '\0' || strchr("/?#", *rest))
		return 0;
	/* a URL is ASCII: anything else must come percent-encoded */
	for (; *url; url++)
		if ((unsigned char)*url <= ' ' || (unsigned char)*url >= 0x7f)
			return 0;
	return 1;
}

/* The authority of an http(s) URL without userinfo: "host[:port]". */
static const char *url_host(const char *url, size_t *len)
{
	const char *p = strstr(url, "://") + 3;
	size_t n = strcspn(p, "/?#");
	const char *at = memrchr(p, '@', n);

	if (at) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	*len = n;
	return p;
}

static size_t host_load(const struct run *r, const char *host, size_t len)
{
	size_t i, k = 0;

	for (i = 0; i < r->nslots; i++) {
		const struct slot *s = &r->slots[i];

		if (s->req && s->hostlen == len && !strncasecmp(s->host, host, len))
			k++;
	}
	return k;
}

/* The output strings of a request that is not in its callback. */
static void clear_outputs(struct nw_fetch *f)
{
	f->content_type = f->final_url = f->new_etag = f->new_last_modified = f->moved_to = "";
}

/* Hand a finished request to the caller, then drop its body. */
static void complete(struct run *r, struct nw_fetch *f)
{
	r->done(f, r->ctx);
	nw_buf_release(&f->body);
	clear_outputs(f);
}

static void reject(struct run *r, size_t i, int code, const char *msg)
{
	struct nw_fetch *f = &r->reqs[i];

	r->started[i] = 1;
	f->code = nw_errorf(&f->err, code, "%s", msg);
	complete(r, f);
}

static size_t on_write(char *p, size_t size, size_t nmemb, void *ud)
{
	struct slot *s = ud;
	long status = 0;
	int rc;

	/* Error pages are not worth reading; stop at their first byte. */
	curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status > 299) {
		s->fail = NW_EFETCH;
		return 0;
	}
	/* curl hands us decoded bytes, so the cap holds against gzip bombs */
	rc = nw_buf_add(&s->req->body, p, size * nmemb);
	if (rc != NW_OK) {
		s->fail = rc;
		return 0;
	}
	return size * nmemb;
}

/* Printable ASCII only: what we can store in a text file and send back. */
static int header_safe(const char *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < ' ' || (unsigned char)v[i] >= 0x7f)
			return 0;
	return 1;
}

/*
 * If the header line p (n bytes, with its CRLF) is "name: value", copy the
 * trimmed value into out; a value too long or not printable ASCII is
 * dropped, since a cut or altered validator would never match again.
 */
static void header_value(const char *p, size_t n, const char *name, char *out, size_t size)
{
	size_t k = strlen(name);

	if (n <= k || p[k] != ':' || strncasecmp(p, name, k))
		return;
	p += k + 1;
	n -= k + 1;
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && strchr(" \t\r\n", p[n - 1]))
		n--;
	if (n < size && header_safe(p, n)) {
		memcpy(out, p, n);
		out[n] = '\0';
	}
}

/* A new response begins: forget the last one's headers, follow the chain. */
static void status_line(struct slot *s, const char *p, size_t n)
{
	const char *sp = memchr(p, ' ', n);
	long code = 0;
	char *url = NULL;

	if (sp && (size_t)(sp - p) + 4 <= n)
		code = strtol(sp + 1, NULL, 10);
	if (code >= 100 && code < 200)
		return; /* interim: the real status line follows */
	if (s->hop_status) {
		/* curl followed a redirect: it is now fetching its target */
		if (s->permanent && (s->hop_status == 301 || s->hop_status == 308) &&
		    curl_easy_getinfo(s->easy, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url &&
		    strlen(url) < sizeof(s->moved_to) && header_safe(url, strlen(url)))
			strcpy(s->moved_to, url);
		else
			s->permanent = 0;
	}
	s->hop_status = code;
	s->etag[0] = s->last_modified[0] = s->retry_after[0] = s->cache_control[0] = '\0';
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud)
{
	struct slot *s = ud;
	size_t n = size * nmemb;

	if (n > 5 && !strncmp(p, "HTTP/", 5)) {
		status_line(s, p, n);
		return n;
	}
	header_value(p, n, "ETag", s->etag, sizeof(s->etag));
	header_value(p, n, "Last-Modified", s->last_modified, sizeof(s->last_modified));
	header_value(p, n, "Retry-After", s->retry_after, sizeof(s->retry_after));
	header_value(p, n, "Cache-Control", s->cache_control, sizeof(s->cache_control));
	return n;
}

static long low_speed_secs(long timeout_ms)
{
	long t = timeout_ms / 3000;

	/* A short total timeout makes the low-speed check matter less, but
	 * it must still fire before the total does. */
	if (timeout_ms <= 0 || t > LOW_SPEED_SECS)
		return LOW_SPEED_SECS;
	return t < 1 ? 1 : t;
}

/* Add "name: value" to the request headers when value is safe to send. */
static int add_header(struct slot *s, const char *name, const char *value)
{
	char line[NW_FETCH_ETAG_MAX + 32];
	struct curl_slist *l;

	if (!value || !value[0] || !header_safe(value, strlen(value)) ||
	    strlen(value) >= NW_FETCH_ETAG_MAX)
		return NW_OK; /* nothing to send, or not something we would have stored */
	snprintf(line, sizeof(line), "%s: %s", name, value);
	if (!(l = curl_slist_append(s->headers, line)))
		return NW_ENOMEM;
	s->headers = l;
	return NW_OK;
}

static void reset_slot(struct slot *s)
{
	s->errbuf[0] = '\0';
	s->fail = NW_OK;
	s->hop_status = 0;
	s->permanent = 1;
	s->etag[0] = s->last_modified[0] = s->retry_after[0] = s->cache_control[0] = '\0';
	s->content_type[0] = s->final_url[0] = s->moved_to[0] = '\0';
	curl_slist_free_all(s->headers);
	s->headers = NULL;
}

static CURLcode setup(struct slot *s, const struct nw_fetch_opts *o)
{
	CURL *h = s->easy;
	const char *ua = o->user_agent ? o->user_agent : NW_FETCH_USER_AGENT;
	CURLcode rc = CURLE_OK;

	curl_easy_reset(h);
	reset_slot(s);
	if (add_header(s, "If-None-Match", s->req->etag) ||
	    add_header(s, "If-Modified-Since", s->req->last_modified))
		return CURLE_OUT_OF_MEMORY;
#define SET(opt, val) (rc = rc != CURLE_OK ? rc : curl_easy_setopt(h, opt, val))
	SET(CURLOPT_URL, s->req->url);
	SET(CURLOPT_PRIVATE, (void *)s);
	SET(CURLOPT_WRITEFUNCTION, on_write);
	SET(CURLOPT_WRITEDATA, (void *)s);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, (void *)s);
	SET(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L); /* a proxy's 200 is no hop */
	SET(CURLOPT_ERRORBUFFER, s->errbuf);
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85: the _STR forms; the others are deprecated */
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	SET(CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	SET(CURLOPT_FOLLOWLOCATION, 1L);
	SET(CURLOPT_MAXREDIRS, 5L);
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, o->timeout_ms);
	SET(CURLOPT_LOW_SPEED_LIMIT, LOW_SPEED_BYTES);
	SET(CURLOPT_LOW_SPEED_TIME, low_speed_secs(o->timeout_ms));
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_NOPROGRESS, 1L);
	SET(CURLOPT_USERAGENT, ua);
	if (s->headers)
		SET(CURLOPT_HTTPHEADER, s->headers);
#undef SET
	return rc;
}

/* Copy header text, percent-encoding what does not belong in it. */
static void copy_clean(char *dst, size_t size, const char *src)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t j = 0;

	for (; src && *src && j + 4 <= size; src++) {
		unsigned char c = (unsigned char)*src;

		if (c > ' ' && c < 0x7f) {
			dst[j++] = (char)c;
		} else if (c == ' ') {
			dst[j++] = ' ';
		} else {
			dst[j++] = '%';
			dst[j++] = hex[c >> 4];
			dst[j++] = hex[c & 15];
		}
	}
	dst[j] = '\0';
}

static int curl_to_nw(CURLcode res)
{
	switch (res) {
	case CURLE_UNSUPPORTED_PROTOCOL:
		return NW_EDENIED; /* a redirect to a scheme we refuse */
	case CURLE_OUT_OF_MEMORY:
		return NW_ENOMEM;
	default:
		return NW_EFETCH;
	}
}

/* Retry-After: delta-seconds or an HTTP-date (RFC 9110 10.2.3); -1 when neither. */
static long parse_retry_after(const char *v)
{
	char *end;
	long secs;
	time_t when;

	if (!v[0])
		return -1;
	if (v[0] >= '0' && v[0] <= '9') {
		secs = strtol(v, &end, 10);
		if (*end)
			return -1;
	} else {
		if ((when = curl_getdate(v, NULL)) == -1)
			return -1;
		secs = when - time(NULL) > RETRY_AFTER_MAX ? RETRY_AFTER_MAX
							   : (long)(when - time(NULL));
	}
	return secs < 0 ? 0 : secs > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : secs;
}

/* max-age=N of a Cache-Control value; -1 when absent or malformed. */
static long parse_max_age(const char *v)
{
	const char *p;

	for (p = v; (p = strcasestr(p, "max-age")); p += 7) {
		const char *q = p + 7;
		long secs;

		if (p > v && p[-1] != ' ' && p[-1] != ',')
			continue; /* s-maxage and friends */
		while (*q == ' ')
			q++;
		if (*q++ != '=')
			continue;
		q += *q == '"';
		if (*q < '0' || *q > '9')
			return -1;
		secs = strtol(q, NULL, 10);
		return secs > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : secs;
	}
	return -1;
}

static void set_outputs(struct slot *s, int success)
{
	struct nw_fetch *f = s->req;
	char *ct = NULL, *url = NULL;

	curl_easy_getinfo(s->easy, CURLINFO_CONTENT_TYPE, &ct);
	curl_easy_getinfo(s->easy, CURLINFO_EFFECTIVE_URL, &url);
	copy_clean(s->content_type, sizeof(s->content_type), ct);
	copy_clean(s->final_url, sizeof(s->final_url), url);
	f->content_type = s->content_type;
	f->final_url = s->final_url;
	if (f->status == 429 || f->status == 503)
		f->retry_after = parse_retry_after(s->retry_after);
	if (!success)
		return;
	f->max_age = parse_max_age(s->cache_control);
	f->new_etag = s->etag;
	f->new_last_modified = s->last_modified;
	f->moved_to = s->moved_to;
}

static int conditional(const struct nw_fetch *f)
{
	return (f->etag && f->etag[0]) || (f->last_modified && f->last_modified[0]);
}

static void set_result(struct slot *s, CURLcode res)
{
	struct nw_fetch *f = s->req;

	curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &f->status);
	f->code = NW_OK;
	if (s->fail == NW_ETOOBIG)
		f->code =
		    nw_errorf(&f->err, NW_ETOOBIG, "response larger than %zu bytes", f->body.max);
	else if (s->fail == NW_ENOMEM)
		f->code = nw_errorf(&f->err, NW_ENOMEM, "out of memory");
	else if (res == CURLE_OK && f->status == 304 && conditional(f))
		f->not_modified = 1; /* success: our copy is still good */
	else if (s->fail == NW_EFETCH || (res == CURLE_OK && (f->status < 200 || f->status > 299)))
		f->code = nw_errorf(&f->err, NW_EFETCH, "HTTP %ld", f->status);
	else if (res != CURLE_OK)
		f->code = nw_errorf(&f->err, curl_to_nw(res), "%s",
				    s->errbuf[0] ? s->errbuf : curl_easy_strerror(res));
	set_outputs(s, f->code == NW_OK);
}

static void finish(struct run *r, struct slot *s, CURLcode res)
{
	struct nw_fetch *f = s->req;

	set_result(s, res);
	curl_multi_remove_handle(r->multi, s->easy);
	s->req = NULL;
	r->active--;
	complete(r, f);
	curl_slist_free_all(s->headers);
	s->headers = NULL;
}

/*
 * The next request that may start now, or r->n.  Requests refused by scheme
 * are completed on the way, so they never take a slot.
 */
static size_t pick(struct run *r)
{
	size_t i, len;
	const char *host;

	while (r->next < r->n && r->started[r->next])
		r->next++;
	for (i = r->next; i < r->n; i++) {
		if (r->started[i])
			continue;
		if (!nw_url_is_http(r->reqs[i].url)) {
			reject(r, i, NW_EDENIED, "only http and https URLs are fetched");
			continue;
		}
		host = url_host(r->reqs[i].url, &len);
		if (host_load(r, host, len) < (size_t)r->o->max_per_host)
			return i;
	}
	return r->n;
}

static void start(struct run *r, struct slot *s, size_t i)
{
	CURLcode cc;
	CURLMcode mc;

	r->started[i] = 1;
	s->req = &r->reqs[i];
	s->host = url_host(s->req->url, &s->hostlen);
	cc = setup(s, r->o);
	if (cc != CURLE_OK) {
		s->req = NULL;
		reject(r, i, curl_to_nw(cc), curl_easy_strerror(cc));
		return;
	}
	mc = curl_multi_add_handle(r->multi, s->easy);
	if (mc != CURLM_OK) {
		s->req = NULL;
		reject(r, i, NW_EFETCH, curl_multi_strerror(mc));
		return;
	}
	r->active++;
}

static void refill(struct run *r)
{
	size_t k, i;

	/* start() can fail and leave its slot idle: retry the slot. */
	for (k = 0; k < r->nslots; k++) {
		while (!r->slots[k].req) {
			i = pick(r);
			if (i == r->n)
				return;
			start(r, &r->slots[k], i);
		}
	}
}

/* Finish every completed transfer; returns how many slots were freed. */
static size_t read_messages(struct run *r)
{
	CURLMsg *m;
	int left;
	size_t freed = 0;

	while ((m = curl_multi_info_read(r->multi, &left))) {
		char *p = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &p);
		finish(r, (struct slot *)(void *)p, m->data.result);
		freed++;
	}
	return freed;
}

/* The multi handle broke: fail everything still pending, once each. */
static void abandon(struct run *r, const char *why)
{
	size_t k, i;

	for (k = 0; k < r->nslots; k++) {
		struct slot *s = &r->slots[k];
		struct nw_fetch *f = s->req;

		if (!f)
			continue;
		curl_multi_remove_handle(r->multi, s->easy);
		s->req = NULL;
		r->active--;
		f->code = nw_errorf(&f->err, NW_EFETCH, "%s", why);
		complete(r, f);
	}
	for (i = r->next; i < r->n; i++)
		if (!r->started[i])
			reject(r, i, NW_EFETCH, why);
}

static int loop(struct run *r, struct nw_err *e)
{
	CURLMcode mc = CURLM_OK;
	int running;

	for (;;) {
		refill(r);
		if (r->active == 0)
			return NW_OK; /* refill found nothing left to start */
		mc = curl_multi_perform(r->multi, &running);
		if (mc != CURLM_OK)
			break;
		/* Freed slots are refilled before waiting on the others. */
		if (read_messages(r) > 0)
			continue;
		mc = curl_multi_poll(r->multi, NULL, 0, POLL_MS, NULL);
		if (mc != CURLM_OK)
			break;
	}
	abandon(r, curl_multi_strerror(mc));
	return nw_errorf(e, NW_EFETCH, "%s", curl_multi_strerror(mc));
}

static int check_opts(const struct nw_fetch_opts *o, struct nw_err *e)
{
	if (o->max_parallel < 1 || o->max_per_host < 1)
		return nw_errorf(e, NW_EINVAL, "max_parallel and max_per_host must be at least 1");
	if (o->connect_timeout_ms < 0 || o->timeout_ms < 0)
		return nw_errorf(e, NW_EINVAL, "timeouts must not be negative");
	return NW_OK;
}

static void init_requests(struct nw_fetch *reqs, size_t n, size_t max_bytes)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct nw_fetch *f = &reqs[i];

		f->code = NW_OK;
		f->not_modified = 0;
		f->err.code = NW_OK;
		f->err.msg[0] = '\0';
		f->status = 0;
		f->retry_after = -1;
		f->max_age = -1;
		nw_buf_init(&f->body, max_bytes);
		clear_outputs(f);
	}
}

/* Idle connections kept: enough for every slot's host and then some. */
static long idle_connections(const struct nw_fetch_opts *o)
{
	long n = o->max_parallel * o->max_per_host * 4;

	return n > IDLE_MAX ? IDLE_MAX : n;
}

static int open_run(struct run *r, struct nw_err *e)
{
	const struct nw_fetch_opts *o = r->o;
	size_t k;

	r->nslots = r->n < (size_t)o->max_parallel ? r->n : (size_t)o->max_parallel;
	r->multi = curl_multi_init();
	r->slots = calloc(r->nslots, sizeof(*r->slots));
	r->started = calloc(r->n, 1);
	if (!r->multi || !r->slots || !r->started)
		return nw_errorf(e, NW_ENOMEM, "cannot set up transfers: out of memory");
	/*
	 * The slots bound the transfers at once; connections may outnumber
	 * them, idle and ready for reuse.  A total cap equal to max_parallel
	 * would close a warm connection to one host for each request to
	 * another, as soon as more hosts than slots are in play.
	 */
	curl_multi_setopt(r->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
	curl_multi_setopt(r->multi, CURLMOPT_MAXCONNECTS, idle_connections(o));
	curl_multi_setopt(r->multi, CURLMOPT_MAX_HOST_CONNECTIONS, o->max_per_host);
	for (k = 0; k < r->nslots; k++)
		if (!(r->slots[k].easy = curl_easy_init()))
			return nw_errorf(e, NW_ENOMEM,
					 "cannot set up transfers: curl_easy_init failed");
	return NW_OK;
}

static void close_run(struct run *r)
{
	size_t k;

	for (k = 0; r->slots && k < r->nslots; k++) {
		if (r->slots[k].easy)
			curl_easy_cleanup(r->slots[k].easy);
		curl_slist_free_all(r->slots[k].headers);
	}
	if (r->multi)
		curl_multi_cleanup(r->multi);
	free(r->slots);
	free(r->started);
}

int nw_fetch_run(struct nw_fetch *reqs, size_t n, const struct nw_fetch_opts *opts,
		 nw_fetch_done_fn done, void *ctx, struct nw_err *e)
{
	struct nw_fetch_opts defaults;
	struct run r;
	int rc;

	if (!opts) {
		nw_fetch_opts_default(&defaults);
		opts = &defaults;
	}
	if (n == 0)
		return NW_OK;
	if (!reqs || !done)
		return nw_errorf(e, NW_EINVAL, "no requests or no done callback");
	if ((rc = check_opts(opts, e)) != NW_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	r.reqs = reqs;
	r.n = n;
	r.o = opts;
	r.done = done;
	r.ctx = ctx;
	init_requests(reqs, n, opts->max_bytes);
	rc = open_run(&r, e);
	if (rc == NW_OK)
		rc = loop(&r, e);
	close_run(&r);
	return rc;
}
