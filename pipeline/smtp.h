/*
 * smtp.h - handing a composed message to a mail server or to sendmail.
 *
 * nw_smtp_send speaks SMTP itself through libcurl (one easy handle per
 * call: alerts are few, and a fresh connection per message keeps a failed
 * transaction from leaking into the next).  It returns NW_OK only when the
 * server answered 250 to the end of DATA, that is, when the message is the
 * server's responsibility; any other outcome is an error naming the server
 * (scheme://host:port, never the credentials) and the reason, with the
 * server's own reply line when it sent one ("451 4.3.0 ...").  A 4xx reply
 * means "try again later", a 5xx one "never": the message says which.
 *
 * nw_sendmail_send pipes the message to a sendmail-compatible program run
 * without a shell, and succeeds only when that program exits 0 having read
 * the whole message.
 *
 * Both take the message as nw_mail_compose makes it (CRLF line ends); the
 * envelope addresses may be bare ("a@b.org") or mailboxes ("Name <a@b.org>")
 * and are validated as in mail.h, so no CR or LF can reach an SMTP command.
 * The caller must have called curl_global_init before nw_smtp_send.  A
 * path in the URL (smtp://host/example.org) is the name we give in EHLO;
 * without one libcurl gives the local host name.
 */
#ifndef NW_SMTP_H
#define NW_SMTP_H

#include <stddef.h>

struct nw_err;

enum nw_starttls {
	NW_STARTTLS_NONE = 0,	 /* plain SMTP (smtps:// is TLS anyway) */
	NW_STARTTLS_TRY = 1,	 /* upgrade when the server offers STARTTLS */
	NW_STARTTLS_REQUIRE = 2, /* fail unless the session is encrypted */
};

struct nw_smtp {
	const char *url;	     /* smtp[s]://host[:port][/ehlo-name]; port 25/465 */
	const char *user, *password; /* AUTH credentials; NULL: none (or .netrc) */
	int netrc;		     /* 1: missing credentials come from ~/.netrc */
	int starttls;		     /* enum nw_starttls */
	long timeout_ms;	     /* whole transaction; 0: 60 s (connecting: at most 10 s) */
};

/*
 * Send msg (n bytes) from from_addr to the nrcpt recipients in rcpt.
 * NW_OK when accepted; NW_EINVAL for a bad URL, scheme or address (no
 * connection made); NW_EFETCH when the server could not be reached or
 * refused the message (every recipient must be accepted); NW_ENOMEM.
 */
int nw_smtp_send(const struct nw_smtp *s, const char *from_addr, const char *const *rcpt,
		 size_t nrcpt, const char *msg, size_t n, struct nw_err *e);

/*
 * Run command (e.g. "/usr/sbin/sendmail -t -i"; split on blanks, no shell,
 * no quoting; found on PATH when it has no '/') with msg on its standard
 * input, its standard output sent to our standard error.  The command must
 * find the recipients itself (-t reads them from the headers).  NW_OK when
 * it read everything and exited 0; NW_EINVAL when it cannot be run; NW_EFETCH
 * naming its exit status or signal otherwise.  Waits for it without a limit.
 */
int nw_sendmail_send(const char *command, const char *msg, size_t n, struct nw_err *e);

#endif
