/*
 * mail.h - alert messages: RFC 5322 composition, addresses, mbox delivery.
 *
 * nw_mail_compose turns a head (From, To, Subject, date, a seed for the
 * Message-ID) and a UTF-8 body into a complete message that any mail
 * reader and any SMTP server accepts unchanged:
 *
 *   - CRLF line ends everywhere; header lines folded to at most 78 columns
 *     (only an address too long for a line, which cannot be folded, makes
 *     its line longer: at most about 270 columns);
 *     body lines quoted-printable, at most 76 columns.
 *   - Non-ASCII subjects and display names become RFC 2047 encoded-words
 *     (UTF-8, Q encoding), each at most 75 characters and never splitting
 *     a UTF-8 sequence.
 *   - No header injection: every control character (C0, DEL, C1) in the
 *     subject, names and addresses becomes a space before use, and invalid
 *     UTF-8 becomes U+FFFD.  Addresses must then be plain ASCII addr-specs
 *     (dot-atom local part, host name domain): anything else is NW_EINVAL.
 *   - The Message-ID is a pure function of the seed and the From domain, so
 *     the same alert sent twice carries the same id and readers fold it.
 *
 * nw_mbox_append adds one message to an mbox file (mboxrd quoting) under a
 * lock, as one write that is cut back off if it fails: the mbox never holds
 * a torn message.
 *
 * Sizes: alerts are a few KB; every output goes through an nw_buf whose
 * max the caller chooses.  Addresses are capped at 254 bytes (RFC 5321).
 */
#ifndef NW_MAIL_H
#define NW_MAIL_H

#include <stddef.h>
#include <stdint.h>

struct nw_buf;
struct nw_err;

/* Bytes needed for a bare address and its NUL. */
#define NW_MAIL_ADDR_SIZE 255

struct nw_mail_head {
	const char *from;      /* "addr@host" or "Display Name <addr@host>" */
	const char *const *to; /* nto mailboxes in the same forms; nto >= 1 */
	size_t nto;
	const char *subject;	     /* UTF-8; NULL means empty */
	const char *message_id_seed; /* same seed, same Message-ID; NULL: from the head */
	int64_t date;		     /* seconds since the epoch, UTC; years 1900-9999 */
};

/*
 * Append the whole message (headers, blank line, quoted-printable body) to
 * out.  Returns NW_OK; NW_EINVAL naming a bad or missing address or date;
 * NW_ETOOBIG past out->max; NW_ENOMEM.  On error out is left as it was.
 */
int nw_mail_compose(const struct nw_mail_head *h, const char *body_utf8, size_t n,
		    struct nw_buf *out, struct nw_err *e);

/*
 * The bare address of a mailbox ("Name <a@b.org>" or "a@b.org") into addr
 * (NW_MAIL_ADDR_SIZE bytes), validated as in the headers: what SMTP's MAIL
 * FROM and RCPT TO take.  NW_EINVAL naming the mailbox when it is not one.
 */
int nw_mail_addr(const char *mailbox, char addr[NW_MAIL_ADDR_SIZE], struct nw_err *e);

/*
 * Append msg (n bytes, CRLF or LF line ends) to the mbox file path
 * (created 0600 if missing) as mboxrd: a "From ENVELOPE_FROM DATE" line,
 * the message with LF line ends and every line matching ^>*From quoted by
 * one more '>', then a blank line.  envelope_from is a mailbox as above
 * (NULL: MAILER-DAEMON).  Takes an fcntl and a flock lock on the file,
 * waiting up to about 10 s (then NW_EBUSY); writes once; cuts the file back
 * on a failed write or fsync (NW_EIO).  Returns NW_OK once it is on disk.
 */
int nw_mbox_append(const char *path, const char *msg, size_t n, const char *envelope_from,
		   int64_t date, struct nw_err *e);

#endif
