/*
 * fetch.h - many HTTP(S) transfers at once on libcurl's multi interface.
 *
 * The caller fills an array of struct nw_fetch (url, user, and for a
 * conditional GET the validators it kept) and calls nw_fetch_run, which
 * runs them with at most opts->max_parallel transfers at once and
 * opts->max_per_host per host, reusing connections.  Each transfer's done
 * callback runs as soon as it finishes, in the caller's thread; the body
 * buffer is released right after the callback returns (take it with
 * nw_buf_detach to keep it), and the string outputs point into the
 * fetcher's own storage, valid only inside the callback (copy them).
 *
 * Every byte is hostile: http and https only (redirects too, at most 5),
 * a hard cap on the decoded body size (gzip, deflate and whatever else
 * libcurl decodes count after decoding), connect and total timeouts and a
 * low-speed limit against slow-drip servers.  An HTTP status outside 2xx is
 * a failure (code NW_EFETCH, err.msg "HTTP 404"), except a 304 answering a
 * conditional request, which is a success with not_modified set and an
 * empty body.  Proxies come from the usual environment variables
 * (http_proxy, https_proxy, no_proxy), as libcurl reads them by default.
 *
 * Memory: struct nw_fetch is small (about 650 bytes, mostly err.msg), so a
 * poll can hold one per article; the large per-transfer buffers (URLs,
 * headers) belong to the max_parallel slots of a run.
 *
 * Ownership: the caller owns the array and the url and validator strings;
 * the fetcher owns the body and the output strings until the callback
 * returns.
 */
#ifndef NW_FETCH_H
#define NW_FETCH_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Longest validator kept: a longer ETag or Last-Modified is ignored. */
#define NW_FETCH_ETAG_MAX 256
#define NW_FETCH_DATE_MAX 64

struct nw_fetch_opts {
	long max_parallel;	 /* total transfers at once (poll -j), >= 1 */
	long max_per_host;	 /* transfers at once to one host, >= 1 */
	size_t max_bytes;	 /* cap on a decoded body */
	long connect_timeout_ms; /* per transfer */
	long timeout_ms;	 /* whole transfer */
	const char *user_agent;	 /* NULL: "newswatch/0.1 (+https://newswatch.invalid/)" */
};

/* Sensible defaults: 8 at once, 2 per host, 8 MiB, 10 s connect, 60 s total. */
void nw_fetch_opts_default(struct nw_fetch_opts *o);

struct nw_fetch {
	/* in */
	const char *url;
	const char *etag;	   /* sent as If-None-Match; NULL or "" for none */
	const char *last_modified; /* sent as If-Modified-Since; NULL or "" for none */
	void *user;
	/* out, valid inside the done callback */
	int code;	    /* NW_OK or NW_E* */
	int not_modified;   /* 1: a 304 to a conditional request (code NW_OK, no body) */
	struct nw_err err;  /* message when code != NW_OK */
	long status;	    /* HTTP status of the last response, 0 when none was received */
	long retry_after;   /* seconds a 429 or 503 asked to wait (Retry-After), else -1 */
	long max_age;	    /* Cache-Control max-age of a 2xx or 304, else -1 */
	struct nw_buf body; /* decoded body, capped at max_bytes */
	/* never NULL; "" when absent; point into the fetcher until the callback returns */
	const char *content_type;      /* Content-Type header */
	const char *final_url;	       /* URL after redirects */
	const char *new_etag;	       /* ETag of a 2xx or 304 */
	const char *new_last_modified; /* Last-Modified of a 2xx or 304 */
	const char *moved_to;	       /* where 301/308 redirects from url led, else "" */
};

typedef void (*nw_fetch_done_fn)(struct nw_fetch *f, void *ctx);

/*
 * Run all n transfers; call done(f, ctx) once for each.  Returns NW_OK when
 * every transfer was attempted (individual failures are in each f->code),
 * or an error when the run itself could not start (curl init failed).
 */
int nw_fetch_run(struct nw_fetch *reqs, size_t n, const struct nw_fetch_opts *opts,
		 nw_fetch_done_fn done, void *ctx, struct nw_err *e);

/* 1 when url is an absolute http:// or https:// URL. */
int nw_url_is_http(const char *url);

#endif
