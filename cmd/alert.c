/*
 * alert.c - `newswatch alert`: one mail per new sanctions action.
 *
 * pipeline/alert.c decides which mails the archive calls for and keeps the
 * exactly-once state; this file composes each mail (pipeline/mail.c) and
 * hands it to the transport: SMTP through libcurl, a sendmail command, an
 * mbox file, or standard output (--dry-run, which changes no state).  A
 * mail's state advances only after the transport accepted it, so a failed
 * or interrupted run resends exactly what was not delivered.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alert.h"
#include "buf.h"
#include "cmd.h"
#include "config.h"
#include "err.h"
#include "mail.h"
#include "smtp.h"

static const char usage[] =
    "usage: newswatch alert [--config FILE] [--var DIR] [--dry-run | --mbox FILE]\n"
    "                       [--smtp URL] [--from ADDR] [--to ADDR]... [--digest] [--wait]\n"
    "                       [-v|-q]\n"
    "\n"
    "Mail one message per new designation (per event key) archived since the\n"
    "last run, to the recipients of the rules in newswatch.conf.  A key already\n"
    "mailed is mailed again only when later reports name new targets.  Silent\n"
    "on success.\n"
    "\n"
    "  --config FILE  settings (default $NEWSWATCH_CONFIG, else ./newswatch.conf)\n"
    "  --var DIR      the archive and state (default var)\n"
    "  --dry-run      print the messages on standard output; remember nothing\n"
    "  --mbox FILE    append the messages to an mbox file instead of sending\n"
    "  --smtp URL     smtp://host:port or smtps://host:port (default [mail] smtp)\n"
    "  --from ADDR    the From address (default [mail] from)\n"
    "  --to ADDR      send everything to ADDR, whatever the rules say (repeatable)\n"
    "  --digest       one message per run instead of one per event\n"
    "  --wait         wait for a running alert instead of exiting\n"
    "  -v             report each message on stderr\n"
    "  -q             report nothing but fatal errors\n"
    "\n"
    "Exit status: 0 success, 1 some messages were not accepted (they are sent\n"
    "on the next run), 2 usage or configuration error, 4 the state could not\n"
    "be written.\n";

#define MAX_RULES 64
#define MAX_RCPT 64

enum transport { T_NONE, T_DRY_RUN, T_MBOX, T_SMTP, T_SENDMAIL };

struct alert {
	struct nw_config conf;
	struct nw_alerts al;
	enum transport how;
	const char *mbox, *from, *sendmail;
	struct nw_smtp smtp;
	struct nw_buf to_override;
	int digest, verbose, quiet;
};

static int starttls_of(const char *v, int *out)
{
	if (!v || !strcmp(v, "try"))
		*out = NW_STARTTLS_TRY;
	else if (!strcmp(v, "no") || !strcmp(v, "none"))
		*out = NW_STARTTLS_NONE;
	else if (!strcmp(v, "require") || !strcmp(v, "yes"))
		*out = NW_STARTTLS_REQUIRE;
	else
		return -1;
	return 0;
}

/* The settings of [mail] that the options did not give. */
static int read_mail_settings(struct alert *a, const char *smtp_opt)
{
	struct nw_config *c = &a->conf;
	struct nw_err err = {0, ""};
	double timeout;
	int digest;

	if (!a->from)
		a->from = nw_config_get(c, "mail", NULL, "from");
	if (!a->from)
		a->from = "newswatch <newswatch@localhost>";
	if (nw_config_bool(c, "mail", NULL, "digest", 0, &digest, &err) ||
	    nw_config_double(c, "mail", NULL, "timeout", 60, &timeout, &err) ||
	    nw_config_bool(c, "mail", NULL, "netrc", 0, &a->smtp.netrc, &err)) {
		nw_warn("alert: %s", err.msg);
		return -1;
	}
	a->digest |= digest;
	a->smtp.url = smtp_opt ? smtp_opt : nw_config_get(c, "mail", NULL, "smtp");
	a->smtp.user = nw_config_get(c, "mail", NULL, "user");
	a->smtp.password = nw_config_get(c, "mail", NULL, "password");
	a->smtp.timeout_ms = (long)(timeout * 1000);
	if (starttls_of(nw_config_get(c, "mail", NULL, "starttls"), &a->smtp.starttls)) {
		nw_warn("alert: %s: [mail] starttls is no, try or require", c->path);
		return -1;
	}
	a->sendmail = nw_config_get(c, "mail", NULL, "sendmail");
	if (a->how == T_NONE)
		a->how = a->smtp.url ? T_SMTP : a->sendmail ? T_SENDMAIL : T_NONE;
	if (a->how == T_NONE) {
		nw_warn("alert: no way to send: set [mail] smtp or sendmail in newswatch.conf, "
			"or give --smtp, --mbox or --dry-run");
		return -1;
	}
	return 0;
}

/* Split "a b, c" into rcpt (pointers into a copy kept in b). */
static size_t split_rcpt(const char *list, struct nw_buf *b, const char **rcpt)
{
	size_t n = 0;
	nw_buf_reset(b);
	nw_buf_addstr(b, list);
	for (char *p = b->data; *p && n < MAX_RCPT;) {
		p += strspn(p, " ,\t");
		size_t len = strcspn(p, " ,\t");
		if (!len)
			break;
		rcpt[n++] = p;
		if (!p[len])
			break;
		p[len] = '\0';
		p += len + 1;
	}
	return n;
}

static int deliver(struct alert *a, const char *msg, size_t n, const char *const *rcpt,
		   size_t nrcpt, struct nw_err *e)
{
	switch (a->how) {
	case T_DRY_RUN:
		fwrite(msg, 1, n, stdout);
		fputs("\r\n", stdout);
		return NW_OK;
	case T_MBOX:
		return nw_mbox_append(a->mbox, msg, n, a->from, (int64_t)time(NULL), e);
	case T_SENDMAIL:
		return nw_sendmail_send(a->sendmail, msg, n, e);
	case T_SMTP:
		return nw_smtp_send(&a->smtp, a->from, rcpt, nrcpt, msg, n, e);
	default:
		return nw_errorf(e, NW_EINVAL, "no transport");
	}
}

/* Compose and hand over mail i; returns NW_OK when it was accepted. */
static int send_one(struct alert *a, size_t i, struct nw_buf *msg, struct nw_buf *rcptbuf)
{
	const struct nw_alert_mail *m = &a->al.mail[i];
	const char *rcpt[MAX_RCPT];
	struct nw_err err = {0, ""};
	const char *to = a->to_override.len ? a->to_override.data : m->to;
	size_t nrcpt = split_rcpt(to, rcptbuf, rcpt);
	struct nw_mail_head h = {
	    .from = a->from,
	    .to = rcpt,
	    .nto = nrcpt,
	    .subject = m->subject,
	    .message_id_seed = m->seed,
	    .date = (int64_t)time(NULL),
	};
	int rc;

	nw_buf_reset(msg);
	if ((rc = nw_mail_compose(&h, m->body, strlen(m->body), msg, &err)) ||
	    (rc = deliver(a, msg->data, msg->len, rcpt, nrcpt, &err))) {
		if (!a->quiet)
			nw_warn("alert: %s: %s", m->key, err.msg);
		return rc;
	}
	if (a->verbose)
		nw_warn("alert: %s: sent to %s: %s", m->key, to, m->subject);
	return NW_OK;
}

static int run(struct alert *a, const char *var, int wait)
{
	struct nw_alert_rule rules[MAX_RULES];
	struct nw_err err = {0, ""};
	struct nw_buf msg, rcpt;
	size_t failed = 0;
	int n, rc;

	if ((n = nw_alert_rules(&a->conf, rules, MAX_RULES, &err)) < 0) {
		nw_warn("alert: %s", err.msg);
		return EXIT_USAGE;
	}
	const char *default_to = nw_config_get(&a->conf, "mail", NULL, "to");
	if (a->to_override.len)
		default_to = a->to_override.data;
	int anyone = default_to != NULL;
	for (int i = 0; i < n; i++)
		anyone |= rules[i].to != NULL;
	if (!anyone) {
		nw_warn("alert: no recipients: set [mail] to in newswatch.conf or give --to");
		return EXIT_USAGE;
	}
	if ((rc = nw_alerts_open(&a->al, var, wait, &err))) {
		if (!a->quiet || rc != NW_EBUSY)
			nw_warn("alert: %s", err.msg);
		return rc == NW_EBUSY ? EXIT_OK : EXIT_FATAL;
	}
	if ((rc = nw_alerts_scan(&a->al, rules, (size_t)n, default_to, a->digest, &err))) {
		nw_warn("alert: %s", err.msg);
		return EXIT_FATAL;
	}
	nw_buf_init(&msg, 16u << 20);
	nw_buf_init(&rcpt, 1u << 16);
	for (size_t i = 0; i < a->al.nmail; i++) {
		if (send_one(a, i, &msg, &rcpt) != NW_OK) {
			nw_alerts_failed(&a->al, i);
			failed++;
			continue;
		}
		if (a->how != T_DRY_RUN && (rc = nw_alerts_sent(&a->al, i, &err))) {
			nw_warn("alert: %s", err.msg);
			break;
		}
	}
	nw_buf_release(&msg);
	nw_buf_release(&rcpt);
	if (rc == NW_OK && a->how != T_DRY_RUN && (rc = nw_alerts_commit(&a->al, &err)))
		nw_warn("alert: %s", err.msg);
	if (a->verbose)
		nw_warn("alert: %zu messages, %zu not accepted", a->al.nmail, failed);
	if (rc)
		return EXIT_FATAL;
	if (a->how == T_DRY_RUN && fflush(stdout))
		return EXIT_FATAL;
	return failed ? EXIT_PARTIAL : EXIT_OK;
}

int cmd_alert(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"var", required_argument, NULL, 'V'},
	    {"dry-run", no_argument, NULL, 'n'},
	    {"mbox", required_argument, NULL, 'm'},
	    {"smtp", required_argument, NULL, 's'},
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"digest", no_argument, NULL, 'd'},
	    {"wait", no_argument, NULL, 'w'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *config = NULL, *var = "var", *smtp = NULL;
	struct alert a;
	int c, wait = 0, status;

	memset(&a, 0, sizeof a);
	a.al.lock_fd = a.al.alerted_fd = -1; /* closed only once opened */
	nw_buf_init(&a.to_override, 1u << 16);
	optind = 0;
	while ((c = getopt_long(argc, argv, "vqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'V':
			var = optarg;
			break;
		case 'n':
		case 'm':
			if (a.how != T_NONE) {
				nw_buf_release(&a.to_override);
				return nw_usage_error(
				    usage, "alert: --dry-run and --mbox exclude each other");
			}
			a.how = c == 'n' ? T_DRY_RUN : T_MBOX;
			a.mbox = optarg;
			break;
		case 's':
			smtp = optarg;
			break;
		case 'f':
			a.from = optarg;
			break;
		case 't':
			nw_buf_printf(&a.to_override, "%s%s", a.to_override.len ? " " : "", optarg);
			break;
		case 'd':
			a.digest = 1;
			break;
		case 'w':
			wait = 1;
			break;
		case 'v':
			a.verbose = 1;
			break;
		case 'q':
			a.quiet = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			nw_buf_release(&a.to_override);
			return EXIT_OK;
		default:
			fputs(usage, stderr);
			nw_buf_release(&a.to_override);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		nw_buf_release(&a.to_override);
		return nw_usage_error(usage, "alert: unexpected argument '%s'", argv[optind]);
	}
	if (smtp && a.how == T_NONE)
		a.how = T_SMTP;
	if (nw_open_config(config, &a.conf, "alert") || read_mail_settings(&a, smtp)) {
		nw_config_release(&a.conf);
		nw_buf_release(&a.to_override);
		return EXIT_USAGE;
	}
	status = run(&a, var, wait);
	nw_alerts_close(&a.al);
	nw_config_release(&a.conf);
	nw_buf_release(&a.to_override);
	return status;
}
