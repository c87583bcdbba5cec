/*
 * smtp.c - SMTP delivery through libcurl, and sendmail; see smtp.h.
 *
 * libcurl runs the whole transaction (EHLO, STARTTLS, AUTH, MAIL FROM,
 * RCPT TO for each recipient, DATA with dot-stuffing) and returns CURLE_OK
 * only after the 250 that ends DATA.  Its error buffer says which step
 * failed ("RCPT failed: 451") but not what the server said, so a debug
 * callback keeps the last reply line the server sent, for the message: an
 * analyst reading cron mail wants "452 4.3.1 Insufficient storage", and
 * whether it was a 4xx (retry) or a 5xx (give up).  The callback sees only
 * incoming lines, never our AUTH exchange, and skips the 221 that answers
 * the QUIT curl sends after a failed command.
 *
 * sendmail gets the message over a socketpair rather than a pipe so that a
 * program that exits early gives EPIPE through send(MSG_NOSIGNAL) instead of
 * a SIGPIPE that a library has no business catching.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>

#include "err.h"
#include "mail.h"
#include "smtp.h"

extern char **environ;

#define DEFAULT_TIMEOUT_MS 60000L
#define CONNECT_TIMEOUT_MS 10000L
#define MAX_ARGS 32
#define MAX_COMMAND 1024

struct session {
	const char *p; /* what is left to upload */
	size_t left;
	char server[320]; /* scheme://host:port, for messages */
	char reply[160];  /* the last line the server sent */
	char errbuf[CURL_ERROR_SIZE];
};

static size_t on_read(char *buf, size_t size, size_t nitems, void *ctx)
{
	struct session *s = ctx;
	size_t n = size * nitems < s->left ? size * nitems : s->left;

	memcpy(buf, s->p, n);
	s->p += n;
	s->left -= n;
	return n;
}

static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *ctx)
{
	struct session *s = ctx;
	size_t i, j = 0, start = 0;

	if (type != CURLINFO_HEADER_IN)
		return 0;
	while (size && (data[size - 1] == '\n' || data[size - 1] == '\r'))
		size--;
	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			start = i + 1;
	if (size - start >= 3 && !memcmp(data + start, "221", 3))
		return 0; /* the goodbye after a failure must not hide the failure */
	for (i = start; i < size && j + 1 < sizeof(s->reply); i++)
		s->reply[j++] = data[i] >= ' ' && data[i] < 0x7f ? data[i] : '?';
	s->reply[j] = '\0';
	return 0;
}

/* "scheme://host:port" of url into s->server; only smtp and smtps pass. */
static int name_server(const char *url, struct session *s, struct nw_err *e)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	int rc = NW_OK;

	if (!u)
		return nw_errorf(e, NW_ENOMEM, "out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT)) {
		/* the URL may hold a password: echo it only when it cannot */
		rc = strchr(url, '@')
			 ? nw_errorf(e, NW_EINVAL, "SMTP URL: not a valid URL")
			 : nw_errorf(e, NW_EINVAL, "SMTP URL \"%.200s\": not a valid URL", url);
	} else if (strcmp(scheme, "smtp") && strcmp(scheme, "smtps")) {
		rc = nw_errorf(e, NW_EINVAL, "SMTP URL: scheme %.20s: not smtp:// or smtps://",
			       scheme);
	} else {
		snprintf(s->server, sizeof(s->server), "%s://%.250s:%s", scheme, host, port);
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

/* "<bare address>" of a mailbox, for MAIL FROM and RCPT TO. */
static int angle_addr(const char *mailbox, char out[NW_MAIL_ADDR_SIZE + 2], struct nw_err *e)
{
	char addr[NW_MAIL_ADDR_SIZE];
	int rc = nw_mail_addr(mailbox, addr, e);

	if (!rc)
		snprintf(out, NW_MAIL_ADDR_SIZE + 2, "<%s>", addr);
	return rc;
}

static int build_rcpts(const char *const *rcpt, size_t nrcpt, struct curl_slist **list,
		       struct nw_err *e)
{
	char addr[NW_MAIL_ADDR_SIZE + 2];
	size_t i;
	int rc;

	if (nrcpt == 0 || !rcpt)
		return nw_errorf(e, NW_EINVAL, "SMTP: no recipients");
	for (i = 0; i < nrcpt; i++) {
		struct curl_slist *more;

		if ((rc = angle_addr(rcpt[i], addr, e)))
			return rc;
		if (!(more = curl_slist_append(*list, addr)))
			return nw_errorf(e, NW_ENOMEM, "out of memory");
		*list = more;
	}
	return NW_OK;
}

static CURLcode setup(CURL *h, const struct nw_smtp *o, struct session *s, const char *from,
		      struct curl_slist *rcpts, size_t n)
{
	static const long tls[] = {CURLUSESSL_NONE, CURLUSESSL_TRY, CURLUSESSL_ALL};
	long timeout = o->timeout_ms > 0 ? o->timeout_ms : DEFAULT_TIMEOUT_MS;
	CURLcode rc = CURLE_OK;

#define SET(opt, val) (rc = rc != CURLE_OK ? rc : curl_easy_setopt(h, opt, val))
	SET(CURLOPT_URL, o->url);
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	SET(CURLOPT_MAIL_FROM, from);
	SET(CURLOPT_MAIL_RCPT, rcpts);
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_READFUNCTION, on_read);
	SET(CURLOPT_READDATA, (void *)s);
	SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)n);
	SET(CURLOPT_USE_SSL, tls[o->starttls >= 0 && o->starttls <= 2 ? o->starttls : 2]);
	if (o->user)
		SET(CURLOPT_USERNAME, o->user);
	if (o->password)
		SET(CURLOPT_PASSWORD, o->password);
	if (o->netrc)
		SET(CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	SET(CURLOPT_CONNECTTIMEOUT_MS, timeout < CONNECT_TIMEOUT_MS ? timeout : CONNECT_TIMEOUT_MS);
	SET(CURLOPT_TIMEOUT_MS, timeout);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_ERRORBUFFER, s->errbuf);
	SET(CURLOPT_DEBUGFUNCTION, on_debug);
	SET(CURLOPT_DEBUGDATA, (void *)s);
	SET(CURLOPT_VERBOSE, 1L); /* for on_debug; it prints nothing */
#undef SET
	return rc;
}

static int failure(struct session *s, CURLcode cc, struct nw_err *e)
{
	const char *why = s->errbuf[0] ? s->errbuf : curl_easy_strerror(cc);

	if (s->reply[0] == '4' || s->reply[0] == '5')
		return nw_errorf(
		    e, NW_EFETCH, "%s: %s: server said \"%s\" (%s)", s->server, why, s->reply,
		    s->reply[0] == '4' ? "temporary failure, try later" : "permanent failure");
	return nw_errorf(e, NW_EFETCH, "%s: %s", s->server, why);
}

int nw_smtp_send(const struct nw_smtp *o, const char *from_addr, const char *const *rcpt,
		 size_t nrcpt, const char *msg, size_t n, struct nw_err *e)
{
	char from[NW_MAIL_ADDR_SIZE + 2];
	struct session s = {.p = msg, .left = n};
	struct curl_slist *rcpts = NULL;
	CURL *h = NULL;
	CURLcode cc;
	int rc;

	if (!o->url || !*o->url)
		return nw_errorf(e, NW_EINVAL, "SMTP: no server URL");
	if ((rc = name_server(o->url, &s, e)) || (rc = angle_addr(from_addr, from, e)) ||
	    (rc = build_rcpts(rcpt, nrcpt, &rcpts, e)))
		goto out;
	if (!(h = curl_easy_init())) {
		rc = nw_errorf(e, NW_ENOMEM, "%s: cannot start a transfer", s.server);
		goto out;
	}
	if ((cc = setup(h, o, &s, from, rcpts, n))) {
		rc = nw_errorf(e, NW_EINVAL, "%s: %s", s.server, curl_easy_strerror(cc));
		goto out;
	}
	cc = curl_easy_perform(h);
	rc = cc == CURLE_OK ? NW_OK : failure(&s, cc, e);
out:
	curl_easy_cleanup(h);
	curl_slist_free_all(rcpts);
	return rc;
}

/* Split buf in place on blanks into argv (NULL-terminated); -1 past max. */
static int split_args(char *buf, char **argv, size_t max)
{
	size_t argc = 0;
	char *p = buf;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		if (argc + 1 >= max)
			return -1;
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	argv[argc] = NULL;
	return (int)argc;
}

static int spawn(char **argv, int in, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	int err;

	if ((err = posix_spawn_file_actions_init(&fa)))
		return err;
	err = posix_spawn_file_actions_adddup2(&fa, in, 0);
	err = err ? err : posix_spawn_file_actions_adddup2(&fa, 2, 1);
	err = err ? err : posix_spawnp(pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return err;
}

static int wait_child(pid_t pid, const char *name, size_t done, size_t n, int werr,
		      struct nw_err *e)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return nw_errorf(e, NW_EIO, "sendmail command %s: waiting: %s", name,
					 strerror(errno));
	if (WIFSIGNALED(status))
		return nw_errorf(e, NW_EFETCH, "sendmail command %s: killed by signal %d (%s)",
				 name, WTERMSIG(status), strsignal(WTERMSIG(status)));
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return nw_errorf(e, NW_EFETCH, "sendmail command %s: exited with status %d", name,
				 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (done < n)
		return nw_errorf(
		    e, NW_EFETCH,
		    "sendmail command %s: exited 0 but read only %zu of %zu bytes (%s)", name, done,
		    n, strerror(werr));
	return NW_OK;
}

int nw_sendmail_send(const char *command, const char *msg, size_t n, struct nw_err *e)
{
	char buf[MAX_COMMAND], *argv[MAX_ARGS];
	size_t done = 0;
	int sv[2], err, werr = 0;
	pid_t pid;

	if (!command || strlen(command) >= sizeof(buf))
		return nw_errorf(e, NW_EINVAL, "sendmail command: missing or too long");
	memcpy(buf, command, strlen(command) + 1);
	if (split_args(buf, argv, MAX_ARGS) <= 0)
		return nw_errorf(e, NW_EINVAL, "sendmail command \"%.200s\": %s", command,
				 argv[0] ? "more than 31 words" : "empty");
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return nw_errorf(e, NW_EIO, "sendmail command %s: %s", argv[0], strerror(errno));
	err = spawn(argv, sv[1], &pid);
	close(sv[1]);
	if (err) {
		close(sv[0]);
		return nw_errorf(e, NW_EINVAL, "sendmail command %s: cannot run: %s", argv[0],
				 strerror(err));
	}
	while (done < n) {
		ssize_t w = send(sv[0], msg + done, n - done, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			werr = w < 0 ? errno : EPIPE;
			break;
		}
		done += (size_t)w;
	}
	close(sv[0]); /* end of input */
	return wait_child(pid, argv[0], done, n, werr, e);
}
