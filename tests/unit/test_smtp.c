/*
 * test_smtp.c - delivery (pipeline/smtp.c) against a real SMTP server.
 *
 * Each case that talks SMTP starts its own tests/smtpd.py (python3 with
 * Debian's python3-aiosmtpd; its absence is a failure, not a skip) on a
 * free port of 127.0.0.1, with the misbehaviour it needs, and stops it with
 * SIGTERM, expecting a clean exit.  The server writes every accepted
 * message to a temporary directory, and the cases compare those bytes with
 * what was sent.  Nothing is mocked: libcurl does every transfer.  The
 * sendmail cases run coreutils' dd and false as the "sendmail" program.
 * Each server takes about 0.3 s to start; the slowest case is the 1 s
 * timeout; the whole file runs in about 5 s.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "err.h"
#include "mail.h"
#include "smtp.h"
#include "t.h"
#include "t_server.h"

#define FROM "Newswatch Alerts <alerts@newswatch.example.net>"

struct server {
	pid_t pid;
	int port;
	char dir[64];
	char url[64];
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Start tests/smtpd.py with extra arguments (NULL-terminated); 0 on success. */
static int start_server(struct server *s, const char *const *extra)
{
	const char *args[24] = {"tests/smtpd.py", "--dir"};
	size_t n = 3;

	memset(s, 0, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "/tmp/nw-test-smtp-XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	args[2] = s->dir;
	for (size_t i = 0; extra && extra[i] && n < 22; i++)
		args[n++] = extra[i];
	args[n] = NULL;
	s->port = t_start_server(args, &s->pid);
	snprintf(s->url, sizeof(s->url), "smtp://127.0.0.1:%d", s->port);
	return s->port > 0 ? 0 : -1;
}

/* How many accepted messages (msg-*.eml) the server wrote. */
static int count_messages(const struct server *s)
{
	DIR *d = opendir(s->dir);
	struct dirent *de;
	int n = 0;

	while (d && (de = readdir(d)))
		n += strncmp(de->d_name, "msg-", 4) == 0 && strstr(de->d_name, ".eml") != NULL;
	if (d)
		closedir(d);
	return n;
}

/* File msg-000K.SUFFIX of the server's directory (free it), or NULL. */
static char *server_file(const struct server *s, int k, const char *suffix, size_t *len)
{
	char path[128];
	struct nw_buf b;

	snprintf(path, sizeof(path), "%s/msg-%04d.%s", s->dir, k, suffix);
	nw_buf_init(&b, 1 << 24);
	if (nw_buf_read_file(&b, path, NULL)) {
		nw_buf_release(&b);
		return NULL;
	}
	return nw_buf_detach(&b, len);
}

static void stop_server(struct server *s)
{
	DIR *d;
	struct dirent *de;
	char path[512];
	int status = 0;

	if (s->pid <= 0)
		return;
	T_EXPECT(kill(s->pid, SIGTERM) == 0);
	T_EXPECT(waitpid(s->pid, &status, 0) == s->pid);
	T_EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	s->pid = 0;
	if ((d = opendir(s->dir))) {
		while ((de = readdir(d)))
			if (de->d_name[0] != '.') {
				snprintf(path, sizeof(path), "%s/%s", s->dir, de->d_name);
				unlink(path);
			}
		closedir(d);
	}
	rmdir(s->dir);
}

/* A composed alert with a body that needs dot-stuffing and QP. */
static char *make_message(size_t *len)
{
	static const char *const to[] = {"Desk One <one@analysts.example.org>",
					 "two@analysts.example.org"};
	static const char body[] =
	    "Designation: the ministry froze the assets of Harbourline Freight.\n"
	    ".\n"
	    "..a line that starts with dots\n"
	    "From the evidence: = signs, trailing space \n"
	    "Ümlaut and 中文 and a long line that keeps going past the seventy-six column "
	    "limit so that a soft break is needed.\n";
	struct nw_mail_head h = {.from = FROM,
				 .to = to,
				 .nto = 2,
				 .subject = "Désignation: Harbourline Freight",
				 .message_id_seed = "test",
				 .date = 1536827340};
	struct nw_buf b;

	nw_buf_init(&b, 1 << 20);
	if (nw_mail_compose(&h, body, strlen(body), &b, NULL)) {
		nw_buf_release(&b);
		return NULL;
	}
	return nw_buf_detach(&b, len);
}

static const char *const two_rcpts[] = {"Desk One <one@analysts.example.org>",
					"two@analysts.example.org"};

static int send_to(const struct nw_smtp *o, const char *msg, size_t n, struct nw_err *e)
{
	memset(e, 0, sizeof(*e));
	return nw_smtp_send(o, FROM, two_rcpts, 2, msg, n, e);
}

static void setup(void)
{
	T_ASSERT(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
}

static void send_ok(void)
{
	struct server s;
	struct nw_smtp o = {0};
	struct nw_err e = {0};
	size_t n, got_n = 0;
	char *msg = make_message(&n), *got, *env;

	T_ASSERT(msg != NULL);
	T_ASSERT(start_server(&s, NULL) == 0);
	o.url = s.url;
	o.timeout_ms = 5000;
	T_EXPECT(send_to(&o, msg, n, &e) == NW_OK);
	T_STREQ(e.msg, "");
	T_EXPECT(count_messages(&s) == 1);
	got = server_file(&s, 1, "eml", &got_n);
	T_EXPECT(got && got_n == n && !memcmp(got, msg, n)); /* byte for byte */
	env = server_file(&s, 1, "env", NULL);
	T_STREQ(env, "MAIL FROM:<alerts@newswatch.example.net>\n"
		     "RCPT TO:<one@analysts.example.org>\n"
		     "RCPT TO:<two@analysts.example.org>\n");
	free(got), free(env);

	/* a second message on a new connection; STARTTLS "try" falls back to plain */
	o.starttls = NW_STARTTLS_TRY;
	T_EXPECT(send_to(&o, msg, n, &e) == NW_OK);
	T_EXPECT(count_messages(&s) == 2);
	free(msg);
	stop_server(&s);
}

static void rcpt_rejected(void)
{
	static const char *const extra[] = {"--rcpt-code", "451", NULL};
	struct server s;
	struct nw_smtp o = {0};
	struct nw_err e;
	char want[96];
	size_t n;
	char *msg = make_message(&n);

	T_ASSERT(msg != NULL);
	T_ASSERT(start_server(&s, extra) == 0);
	o.url = s.url;
	o.timeout_ms = 5000;
	T_EXPECT(send_to(&o, msg, n, &e) == NW_EFETCH);
	snprintf(want, sizeof(want), "smtp://127.0.0.1:%d: ", s.port);
	T_EXPECT(!strncmp(e.msg, want, strlen(want)));
	T_EXPECT(strstr(e.msg, "\"451 4.3.0 Local error, try again later\"") != NULL);
	T_EXPECT(strstr(e.msg, "temporary failure") != NULL);
	printf("# rcpt 451: %s\n", e.msg);
	T_EXPECT(count_messages(&s) == 0);
	free(msg);
	stop_server(&s);
}

static void data_rejected(void)
{
	static const char *const extra[] = {"--data-code", "554", NULL};
	struct server s;
	struct nw_smtp o = {0};
	struct nw_err e;
	size_t n;
	char *msg = make_message(&n);

	T_ASSERT(msg != NULL);
	T_ASSERT(start_server(&s, extra) == 0);
	o.url = s.url;
	o.timeout_ms = 5000;
	T_EXPECT(send_to(&o, msg, n, &e) == NW_EFETCH);
	T_EXPECT(strstr(e.msg, "\"554 5.7.1 Transaction refused\"") != NULL);
	T_EXPECT(strstr(e.msg, "permanent failure") != NULL);
	T_EXPECT(count_messages(&s) == 0);
	free(msg);
	stop_server(&s);
}

static void fail_after(void)
{
	static const char *const extra[] = {"--fail-after", "1", "--fail-code", "452", NULL};
	struct server s;
	struct nw_smtp o = {0};
	struct nw_err e;
	size_t n;
	char *msg = make_message(&n);

	T_ASSERT(msg != NULL);
	T_ASSERT(start_server(&s, extra) == 0);
	o.url = s.url;
	o.timeout_ms = 5000;
	T_EXPECT(send_to(&o, msg, n, &e) == NW_OK);
	T_EXPECT(send_to(&o, msg, n, &e) == NW_EFETCH);
	T_EXPECT(strstr(e.msg, "452") != NULL);
	T_EXPECT(count_messages(&s) == 1);
	free(msg);
	stop_server(&s);
}

/* A port of 127.0.0.1 with a listening socket (listen) or none; close it. */
static int local_port(int listen_too, int *fd)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof(a);

	*fd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (*fd < 0 || bind(*fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(*fd, (struct sockaddr *)&a, &len) || (listen_too && listen(*fd, 4)))
		return -1;
	if (!listen_too) {
		close(*fd);
		*fd = -1;
	}
	return ntohs(a.sin_port);
}

static void dead_server(void)
{
	struct nw_smtp o = {.timeout_ms = 30000};
	struct nw_err e;
	char url[96], want[96];
	size_t n;
	char *msg = make_message(&n);
	int fd, port = local_port(0, &fd);
	double t0;

	T_ASSERT(msg != NULL && port > 0);
	snprintf(url, sizeof(url), "smtp://alerts:hunter2@127.0.0.1:%d", port);
	o.url = url;
	t0 = now();
	T_EXPECT(send_to(&o, msg, n, &e) == NW_EFETCH);
	T_EXPECT(now() - t0 < 2.0);
	snprintf(want, sizeof(want), "smtp://127.0.0.1:%d: ", port);
	T_EXPECT(!strncmp(e.msg, want, strlen(want)));
	T_EXPECT(strstr(e.msg, "onnect") != NULL);
	T_EXPECT(strstr(e.msg, "hunter2") == NULL); /* credentials never shown */
	printf("# dead server: %s\n", e.msg);
	free(msg);
}

/* A server that accepts the connection but never greets: the timeout ends it. */
static void silent_server(void)
{
	struct nw_smtp o = {.timeout_ms = 1000};
	struct nw_err e;
	char url[96];
	size_t n;
	char *msg = make_message(&n);
	int fd, port = local_port(1, &fd);
	double t0, took;

	T_ASSERT(msg != NULL && port > 0);
	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", port);
	o.url = url;
	t0 = now();
	T_EXPECT(send_to(&o, msg, n, &e) == NW_EFETCH);
	took = now() - t0;
	T_EXPECT(took >= 0.9 && took < 3.0);
	T_EXPECT(strstr(e.msg, "imeout") != NULL || strstr(e.msg, "timed out") != NULL);
	printf("# silent server: %s\n", e.msg);
	close(fd);
	free(msg);
}

static void auth(void)
{
	static const char *const extra[] = {"--auth", "desk:s3cret pass", NULL};
	struct server s;
	struct nw_smtp o = {0};
	struct nw_err e;
	size_t n;
	char *msg = make_message(&n), *env;

	T_ASSERT(msg != NULL);
	T_ASSERT(start_server(&s, extra) == 0);
	o.url = s.url;
	o.timeout_ms = 5000;

	/* no credentials: refused at MAIL FROM */
	T_EXPECT(send_to(&o, msg, n, &e) == NW_EFETCH);
	T_EXPECT(strstr(e.msg, "530") != NULL);

	/* wrong password */
	o.user = "desk";
	o.password = "wrong";
	T_EXPECT(send_to(&o, msg, n, &e) == NW_EFETCH);
	T_EXPECT(strstr(e.msg, "535") != NULL);
	T_EXPECT(strstr(e.msg, "wrong") == NULL);
	T_EXPECT(count_messages(&s) == 0);

	o.password = "s3cret pass";
	T_EXPECT(send_to(&o, msg, n, &e) == NW_OK);
	T_EXPECT(count_messages(&s) == 1);
	env = server_file(&s, 1, "env", NULL);
	T_EXPECT(env && strstr(env, "\nAUTH desk\n") != NULL);
	free(env);

	/* credentials from ~/.netrc */
	{
		char home[96], path[128], *old = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
		FILE *f;

		snprintf(home, sizeof(home), "%s/home", s.dir);
		T_ASSERT(mkdir(home, 0700) == 0);
		snprintf(path, sizeof(path), "%s/.netrc", home);
		T_ASSERT((f = fopen(path, "w")) != NULL);
		fprintf(f, "machine 127.0.0.1 login desk password \"s3cret pass\"\n");
		fclose(f);
		setenv("HOME", home, 1);
		o.user = o.password = NULL;
		o.netrc = 1;
		T_EXPECT(send_to(&o, msg, n, &e) == NW_OK);
		if (e.msg[0])
			printf("# netrc: %s\n", e.msg);
		T_EXPECT(count_messages(&s) == 2);
		if (old)
			setenv("HOME", old, 1);
		free(old);
		unlink(path);
		rmdir(home);
	}
	free(msg);
	stop_server(&s);
}

static void starttls_required(void)
{
	struct server s;
	struct nw_smtp o = {0};
	struct nw_err e;
	size_t n;
	char *msg = make_message(&n);

	T_ASSERT(msg != NULL);
	T_ASSERT(start_server(&s, NULL) == 0);
	o.url = s.url;
	o.timeout_ms = 5000;
	o.starttls = NW_STARTTLS_REQUIRE;
	T_EXPECT(send_to(&o, msg, n, &e) == NW_EFETCH);
	T_EXPECT(strstr(e.msg, "STARTTLS") != NULL);
	printf("# starttls required: %s\n", e.msg);
	T_EXPECT(count_messages(&s) == 0);
	free(msg);
	stop_server(&s);
}

static void bad_config(void)
{
	static const char *const urls[] = {
	    "http://127.0.0.1:1/",   "ftp://127.0.0.1/", "file:///etc/passwd", "127.0.0.1:25", "",
	    "smtp://u:hunter2@[bad",
	};
	static const char *const injected[] = {"a@b.org>\r\nDATA"};
	static const char *const bad_rcpt[] = {"no address"};
	struct nw_smtp o = {.url = "smtp://127.0.0.1:1"};
	struct nw_err e;
	size_t i;
	double t0 = now();

	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		o.url = urls[i];
		memset(&e, 0, sizeof(e));
		T_EXPECT(nw_smtp_send(&o, FROM, two_rcpts, 2, "x", 1, &e) == NW_EINVAL);
		T_EXPECT(e.msg[0] != '\0' && !strstr(e.msg, "hunter2"));
	}
	o.url = "smtp://127.0.0.1:1";
	T_EXPECT(nw_smtp_send(&o, "bad from", two_rcpts, 2, "x", 1, &e) == NW_EINVAL);
	T_EXPECT(strstr(e.msg, "bad from") != NULL);
	T_EXPECT(nw_smtp_send(&o, NULL, two_rcpts, 2, "x", 1, &e) == NW_EINVAL);
	T_EXPECT(nw_smtp_send(&o, FROM, injected, 1, "x", 1, &e) == NW_EINVAL);
	T_EXPECT(nw_smtp_send(&o, FROM, bad_rcpt, 1, "x", 1, &e) == NW_EINVAL);
	T_EXPECT(nw_smtp_send(&o, FROM, two_rcpts, 0, "x", 1, &e) == NW_EINVAL);
	T_STREQ(e.msg, "SMTP: no recipients");
	T_EXPECT(now() - t0 < 0.5); /* rejected before any connection */
}

static void sendmail_ok(void)
{
	char dir[] = "/tmp/nw-test-sendmail-XXXXXX", cmd[128], path[96], *got;
	struct nw_err e = {0};
	struct nw_buf b;
	size_t n, got_n = 0;
	char *msg = make_message(&n);

	T_ASSERT(msg != NULL && mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/out", dir);
	snprintf(cmd, sizeof(cmd), "  dd\tof=%s  status=none ", path); /* blanks around */
	T_EXPECT(nw_sendmail_send(cmd, msg, n, &e) == NW_OK);
	T_STREQ(e.msg, "");
	nw_buf_init(&b, 1 << 20);
	T_EXPECT(nw_buf_read_file(&b, path, NULL) == NW_OK);
	got = nw_buf_detach(&b, &got_n);
	T_EXPECT(got_n == n && !memcmp(got, msg, n));
	free(got), free(msg);
	unlink(path);
	rmdir(dir);
}

static void sendmail_failures(void)
{
	struct nw_err e = {0};
	char big[1 << 20];

	memset(big, 'm', sizeof(big));
	T_EXPECT(nw_sendmail_send("false", "x\r\n", 3, &e) == NW_EFETCH);
	T_STREQ(e.msg, "sendmail command false: exited with status 1");
	T_EXPECT(nw_sendmail_send("/nonexistent/sendmail -t -i", "x", 1, &e) == NW_EINVAL);
	T_STREQ(e.msg, "sendmail command /nonexistent/sendmail: cannot run: No such file or "
		       "directory");
	T_EXPECT(nw_sendmail_send("   ", "x", 1, &e) == NW_EINVAL);
	T_EXPECT(nw_sendmail_send(NULL, "x", 1, &e) == NW_EINVAL);
	/* exits 0 after reading 10 bytes: not delivered */
	T_EXPECT(nw_sendmail_send("dd of=/dev/null bs=10 count=1 status=none", big, sizeof(big),
				  &e) == NW_EFETCH);
	T_EXPECT(strstr(e.msg, "exited 0 but read only") != NULL);
	printf("# short read: %s\n", e.msg);
}

static void teardown(void)
{
	curl_global_cleanup();
}

T_MAIN(T_CASE(setup), T_CASE(send_ok), T_CASE(rcpt_rejected), T_CASE(data_rejected),
       T_CASE(fail_after), T_CASE(dead_server), T_CASE(silent_server), T_CASE(auth),
       T_CASE(starttls_required), T_CASE(bad_config), T_CASE(sendmail_ok),
       T_CASE(sendmail_failures), T_CASE(teardown))
