/*
 * fetch.h - many HTTP(S) transfers at once on libcurl's multi interface.
 *
 * The caller fills an array of struct nw_fetch (url, user) and calls
 * nw_fetch_run, which runs them with at most opts->max_parallel transfers at
 * once and opts->max_per_host per host, reusing connections.  Each
 * transfer's done callback runs as soon as it finishes, in the caller's
 * thread; the body buffer is released right after the callback returns
 * (take it with nw_buf_detach to keep it).
 *
 * Every byte is hostile: http and https only (redirects too, at most 5),
 * a hard cap on the decoded body size, connect and total timeouts and a
 * low-speed limit against slow-drip servers.  An HTTP status outside 2xx is
 * a failure (code NW_EFETCH, err.msg "HTTP 404").
 *
 * Ownership: the caller owns the array and the url strings; the fetcher owns
 * the body until the callback returns.
 */
#ifndef NW_FETCH_H
#define NW_FETCH_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

struct nw_fetch_opts {
	long max_parallel;	 /* total transfers at once (poll -j), >= 1 */
	long max_per_host;	 /* transfers at once to one host, >= 1 */
	size_t max_bytes;	 /* cap on a decoded body */
	long connect_timeout_ms; /* per transfer */
	long timeout_ms;	 /* whole transfer */
	const char *user_agent;
};

/* Sensible defaults: 8 at once, 2 per host, 8 MiB, 10 s connect, 60 s total. */
void nw_fetch_opts_default(struct nw_fetch_opts *o);

struct nw_fetch {
	/* in */
	const char *url;
	void *user;
	/* out, valid inside the done callback */
	int code;		/* NW_OK or NW_E* */
	struct nw_err err;	/* message when code != NW_OK */
	long status;		/* HTTP status, 0 when none was received */
	struct nw_buf body;	/* decoded body, capped at max_bytes */
	char content_type[128]; /* Content-Type header, "" when none */
	char final_url[2048];	/* URL after redirects */
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
