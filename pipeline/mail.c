/*
 * mail.c - message composition and mbox delivery; see mail.h.
 *
 * A header value is built as text in which a space is the only place a
 * line may fold; add_field() breaks before such a space whenever the line
 * would pass 78 columns, and reports the longest line, so that a plain
 * subject that cannot be folded in time is redone as encoded-words (each at
 * most 75 characters, so a folded one always fits; the first is shorter, to
 * share the field name's line, since some parsers keep a space folded in
 * right after the colon).  Everything that comes
 * from the caller is cleaned first (add_clean): valid UTF-8, no control
 * characters, so neither CR nor LF can ever reach the output from a value.
 *
 * The quoted-printable body is encoded a character at a time so that a soft
 * break never splits a UTF-8 sequence (decoders would cope; people reading
 * the raw mail need not), and an encoded line never starts with "From "
 * ('F' becomes =46) so that mbox writers that do not quote cannot mangle it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "hash.h"
#include "mail.h"
#include "utf8.h"

#define HDR_COLS 78	 /* RFC 5322 2.1.1: lines SHOULD be at most 78 characters */
#define QP_COLS 76	 /* RFC 2045 6.7: encoded lines at most 76 characters */
#define EWORD_PAYLOAD 63 /* 75 less "=?UTF-8?Q?" and "?=" (RFC 2047 2) */
#define EWORD_FIRST 53	 /* the first shares a line with "Subject: " */
#define NAME_WORD_MAX 60 /* a longer word in a display name is encoded */
#define LOCAL_MAX 64	 /* RFC 5321 4.5.3.1.1 */
#define LABEL_MAX 63	 /* RFC 1035 2.3.4 */
#define LOCK_TRIES 200	 /* times LOCK_PAUSE_NS: about 10 s */
#define LOCK_PAUSE_NS 50000000L
#define MIN_DATE (-2208988800LL) /* 1900-01-01T00:00:00Z */
#define MAX_DATE 253402300799LL	 /* 9999-12-31T23:59:59Z */

static const char hexdigits[] = "0123456789ABCDEF";

/* ---- cleaning and addresses ---- */

static size_t char_len(const char *s, size_t n)
{
	uint32_t cp;
	size_t k = nw_utf8_decode(s, n, &cp);

	return k ? k : 1;
}

/* Drop spaces at both ends of b->data[start..]. */
static void trim_from(struct nw_buf *b, size_t start)
{
	size_t lead = start, end = b->len;

	while (end > start && b->data[end - 1] == ' ')
		end--;
	while (lead < end && b->data[lead] == ' ')
		lead++;
	memmove(b->data + start, b->data + lead, end - lead);
	b->len = start + (end - lead);
	b->data[b->len] = '\0';
}

/*
 * Append s as valid UTF-8 with every control character (C0, DEL, C1)
 * turned into a space, trimmed: what is left can be neither a line break
 * nor a NUL.
 */
static int add_clean(struct nw_buf *b, const char *s)
{
	size_t start = b->len, r, w;
	int rc;

	if (!s || !*s)
		return NW_OK;
	if ((rc = nw_utf8_repair(b, s, strlen(s))))
		return rc;
	for (r = w = start; r < b->len;) {
		uint32_t cp;
		size_t k = nw_utf8_decode(b->data + r, b->len - r, &cp);

		if (!k)
			k = 1; /* not after a repair */
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			b->data[w++] = ' ';
		} else {
			memmove(b->data + w, b->data + r, k);
			w += k;
		}
		r += k;
	}
	b->len = w;
	b->data[w] = '\0';
	trim_from(b, start);
	return NW_OK;
}

static int is_atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* Why local part l (n bytes) is not a dot-atom, or NULL when it is. */
static const char *bad_local(const char *l, size_t n)
{
	size_t i;

	if (n == 0)
		return "nothing before the @";
	if (n > LOCAL_MAX)
		return "more than 64 bytes before the @";
	if (l[0] == '.' || l[n - 1] == '.')
		return "a dot at the start or end of the local part";
	for (i = 0; i < n; i++) {
		if (l[i] == '.' && l[i + 1] == '.')
			return "two dots in a row";
		if (l[i] != '.' && !is_atext((unsigned char)l[i]))
			return "a character not allowed in an address";
	}
	return NULL;
}

/* Why d is not a host name (letters, digits, hyphens; dotted labels). */
static const char *bad_domain(const char *d)
{
	size_t label = 0;

	if (!*d)
		return "nothing after the @";
	for (; *d; d++) {
		unsigned char c = (unsigned char)*d;

		if (c == '.') {
			if (label == 0 || d[-1] == '-')
				return "an empty label or a label ending in '-' in the domain";
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == '-') {
			if (label == 0 && c == '-')
				return "a label starting with '-' in the domain";
			if (++label > LABEL_MAX)
				return "a domain label longer than 63 bytes";
		} else {
			return "a character not allowed in a domain";
		}
	}
	if (label == 0 || d[-1] == '-')
		return "an empty label or a label ending in '-' in the domain";
	return NULL;
}

/* Validate addr-spec a and copy it to out; whole names the mailbox. */
static int check_addr(const char *a, const char *whole, char out[NW_MAIL_ADDR_SIZE],
		      struct nw_err *e)
{
	size_t n = strlen(a);
	const char *at = strrchr(a, '@'), *why;

	if (n == 0)
		why = "empty address";
	else if (n >= NW_MAIL_ADDR_SIZE)
		why = "address longer than 254 bytes";
	else if (!at)
		why = "no @ in the address";
	else if (!(why = bad_local(a, (size_t)(at - a))))
		why = bad_domain(at + 1);
	if (why)
		return nw_errorf(e, NW_EINVAL, "mail address \"%.200s\": %s", whole, why);
	memcpy(out, a, n + 1);
	return NW_OK;
}

/* Append display name s (n bytes, cleaned) unquoted, spaces collapsed. */
static int add_name(struct nw_buf *name, const char *s, size_t n)
{
	size_t i, start = name->len;
	int rc = NW_OK, quoted;

	while (n && s[n - 1] == ' ')
		n--;
	quoted = n >= 2 && s[0] == '"' && s[n - 1] == '"';
	if (quoted)
		s++, n -= 2;
	for (i = 0; i < n && !rc; i++) {
		if (quoted && s[i] == '\\' && i + 1 < n)
			i++;
		else if (s[i] == ' ' && name->len > start && name->data[name->len - 1] == ' ')
			continue;
		rc = nw_buf_addch(name, s[i]);
	}
	if (!rc)
		trim_from(name, start);
	return rc;
}

/*
 * Split a mailbox ("Name <addr>", "<addr>" or "addr") into its display
 * name (appended to name) and its validated bare address.
 */
static int parse_mailbox(const char *in, struct nw_buf *name, char addr[NW_MAIL_ADDR_SIZE],
			 struct nw_err *e)
{
	struct nw_buf t;
	char *lt;
	int rc;

	nw_buf_init(&t, NW_BUF_NOCAP);
	if ((rc = add_clean(&t, in))) {
		nw_buf_release(&t);
		return nw_errorf(e, rc, "mail address: %s", nw_strcode(rc));
	}
	if (t.len && t.data[t.len - 1] == '>' && (lt = memrchr(t.data, '<', t.len))) {
		char whole[256];

		snprintf(whole, sizeof(whole), "%s", t.data);
		t.data[t.len - 1] = '\0';
		rc = check_addr(lt + 1, whole, addr, e);
		if (!rc && (rc = add_name(name, t.data, (size_t)(lt - t.data))))
			rc = nw_errorf(e, rc, "mail address: %s", nw_strcode(rc));
	} else {
		rc = check_addr(t.data, t.data, addr, e);
	}
	nw_buf_release(&t);
	return rc;
}

int nw_mail_addr(const char *mailbox, char addr[NW_MAIL_ADDR_SIZE], struct nw_err *e)
{
	struct nw_buf name;
	int rc;

	nw_buf_init(&name, NW_BUF_NOCAP);
	rc = parse_mailbox(mailbox, &name, addr, e);
	nw_buf_release(&name);
	return rc;
}

/* ---- header values ---- */

/*
 * Append "name:" and value v folded before spaces so that lines stay within
 * HDR_COLS where the value allows it; *longest gets the longest line.
 */
static int add_field(struct nw_buf *out, const char *name, const char *v, size_t n, size_t *longest)
{
	size_t i = 0, col = strlen(name) + 1, max = col;
	int rc = nw_buf_addstr(out, name);

	rc = rc ? rc : nw_buf_addch(out, ':');
	while (i < n && !rc) {
		size_t j = i, sep = i == 0;

		while (j < n && v[j] == ' ')
			j++;
		while (j < n && v[j] != ' ')
			j++;
		/* never before the first word: some parsers keep that space */
		if (i > 0 && col + sep + (j - i) > HDR_COLS) {
			rc = nw_buf_add(out, "\r\n", 2);
			col = 0;
		}
		if (sep && !rc)
			rc = nw_buf_addch(out, ' ');
		rc = rc ? rc : nw_buf_add(out, v + i, j - i);
		col += sep + (j - i);
		max = col > max ? col : max;
		i = j;
	}
	if (longest)
		*longest = max;
	return rc ? rc : nw_buf_add(out, "\r\n", 2);
}

/* Bytes that a Q encoded-word may carry as themselves, even in a phrase. */
static int q_literal(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!*+-/", c));
}

/*
 * Append s (valid UTF-8) as space-separated Q encoded-words; the first is
 * shorter so that it fits on the line of the field's name.
 */
static int add_ewords(struct nw_buf *b, const char *s, size_t n)
{
	size_t i = 0, used = 0, room = EWORD_FIRST;
	int rc = nw_buf_addstr(b, "=?UTF-8?Q?");

	while (i < n && !rc) {
		size_t k = char_len(s + i, n - i), j, m = 0;
		char enc[12];

		for (j = 0; j < k; j++) {
			unsigned char c = (unsigned char)s[i + j];

			if (c == ' ') {
				enc[m++] = '_';
			} else if (q_literal(c)) {
				enc[m++] = (char)c;
			} else {
				enc[m++] = '=';
				enc[m++] = hexdigits[c >> 4];
				enc[m++] = hexdigits[c & 15];
			}
		}
		if (used + m > room) {
			rc = nw_buf_addstr(b, "?= =?UTF-8?Q?");
			used = 0;
			room = EWORD_PAYLOAD;
		}
		rc = rc ? rc : nw_buf_add(b, enc, m);
		used += m;
		i += k;
	}
	return rc ? rc : nw_buf_addstr(b, "?=");
}

/* 1 when s is printable ASCII, with no "=?" to be taken for an encoded-word. */
static int plain_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e ||
		    (s[i] == '=' && i + 1 < n && s[i + 1] == '?'))
			return 0;
	return 1;
}

/* Append a display name as atoms, a quoted-string or encoded-words. */
static int add_phrase(struct nw_buf *b, const char *s, size_t n)
{
	size_t i, word = 0, atoms = 1;
	int rc = NW_OK;

	for (i = 0; i < n; i++) {
		word = s[i] == ' ' ? 0 : word + 1;
		if (word > NAME_WORD_MAX)
			return add_ewords(b, s, n);
		if (s[i] != ' ' && !is_atext((unsigned char)s[i]))
			atoms = 0;
	}
	if (!plain_ascii(s, n))
		return add_ewords(b, s, n);
	if (atoms)
		return nw_buf_add(b, s, n);
	rc = nw_buf_addch(b, '"');
	for (i = 0; i < n && !rc; i++) {
		if (s[i] == '"' || s[i] == '\\')
			rc = nw_buf_addch(b, '\\');
		rc = rc ? rc : nw_buf_addch(b, s[i]);
	}
	return rc ? rc : nw_buf_addch(b, '"');
}

/* Append mailbox in to header value v, and its bare address to addr. */
static int add_mailbox(struct nw_buf *v, const char *in, char addr[NW_MAIL_ADDR_SIZE],
		       struct nw_err *e)
{
	struct nw_buf name;
	int rc;

	nw_buf_init(&name, NW_BUF_NOCAP);
	if ((rc = parse_mailbox(in, &name, addr, e)))
		goto out;
	if (name.len) {
		rc = add_phrase(v, name.data, name.len);
		rc = rc ? rc : nw_buf_addstr(v, " <");
		rc = rc ? rc : nw_buf_addstr(v, addr);
		rc = rc ? rc : nw_buf_addch(v, '>');
	} else {
		rc = nw_buf_addstr(v, addr);
	}
	if (rc)
		rc = nw_errorf(e, rc, "composing mail: %s", nw_strcode(rc));
out:
	nw_buf_release(&name);
	return rc;
}

/* ---- dates ---- */

static int format_date(int64_t t, char *out, size_t size, int mbox)
{
	static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;

	if (t < MIN_DATE || t > MAX_DATE || !gmtime_r(&tt, &tm))
		return NW_EINVAL;
	if (mbox) /* asctime's layout, as mbox "From " lines have it */
		snprintf(out, size, "%s %s %2d %02d:%02d:%02d %04d", days[tm.tm_wday],
			 months[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			 tm.tm_year + 1900);
	else
		snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
			 tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
			 tm.tm_sec);
	return NW_OK;
}

/* ---- the body ---- */

/* Quoted-printable for one character (k bytes) of a line. */
static size_t qp_char(const char *s, size_t k, int last, int line_start, char enc[12])
{
	size_t j, m = 0;

	for (j = 0; j < k; j++) {
		unsigned char c = (unsigned char)s[j];
		int lit = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);

		if (j == 0 && c == 'F' && line_start && !strncmp(s, "From ", 5))
			lit = 0;
		if (lit) {
			enc[m++] = (char)c;
		} else {
			enc[m++] = '=';
			enc[m++] = hexdigits[c >> 4];
			enc[m++] = hexdigits[c & 15];
		}
	}
	return m;
}

/* One body line (without its line end) as QP lines ending in CRLF. */
static int add_qp_line(struct nw_buf *out, const char *s, size_t n)
{
	size_t i = 0, col = 0;
	int rc = NW_OK;

	while (i < n && !rc) {
		size_t k = char_len(s + i, n - i);
		int last = i + k == n;
		char enc[12];
		size_t m = qp_char(s + i, k, last, col == 0 && n - i >= 5, enc);

		/* room for the '=' of a soft break unless the line ends here */
		if (col + m > (last ? QP_COLS : QP_COLS - 1)) {
			rc = nw_buf_add(out, "=\r\n", 3);
			col = 0;
			m = qp_char(s + i, k, last, n - i >= 5, enc);
		}
		rc = rc ? rc : nw_buf_add(out, enc, m);
		col += m;
		i += k;
	}
	return rc ? rc : nw_buf_add(out, "\r\n", 2);
}

/* The body: LF or CRLF line ends in, CRLF out; a lone CR is encoded. */
static int add_qp_body(struct nw_buf *out, const char *s, size_t n)
{
	size_t i = 0;
	int rc = NW_OK;

	while (i < n && !rc) {
		const char *lf = memchr(s + i, '\n', n - i);
		size_t end = lf ? (size_t)(lf - s) : n, len = end - i;

		if (lf && len && s[end - 1] == '\r')
			len--;
		rc = add_qp_line(out, s + i, len);
		i = lf ? end + 1 : n;
	}
	return rc;
}

/* ---- the message ---- */

/* The message for a failed append to out. */
static int buf_fail(struct nw_err *e, int rc, const struct nw_buf *out)
{
	if (rc == NW_ETOOBIG)
		return nw_errorf(e, rc, "composing mail: message larger than %zu bytes", out->max);
	return nw_errorf(e, rc, "composing mail: %s", nw_strcode(rc));
}

static int add_to(struct nw_buf *out, const struct nw_mail_head *h, struct nw_buf *v,
		  struct nw_err *e)
{
	char addr[NW_MAIL_ADDR_SIZE];
	size_t i;
	int rc;

	if (h->nto == 0 || !h->to)
		return nw_errorf(e, NW_EINVAL, "composing mail: no recipients");
	nw_buf_reset(v);
	for (i = 0; i < h->nto; i++) {
		if (i && (rc = nw_buf_addstr(v, ", ")))
			return buf_fail(e, rc, v);
		if ((rc = add_mailbox(v, h->to[i], addr, e)))
			return rc;
	}
	rc = add_field(out, "To", v->data, v->len, NULL);
	return rc ? buf_fail(e, rc, out) : NW_OK;
}

static int add_subject(struct nw_buf *out, const char *subject, struct nw_buf *v)
{
	size_t start = out->len, longest;
	struct nw_buf words;
	int rc;

	nw_buf_reset(v);
	if ((rc = add_clean(v, subject)))
		return rc;
	if (plain_ascii(v->data, v->len)) {
		rc = add_field(out, "Subject", v->data, v->len, &longest);
		if (rc || longest <= HDR_COLS)
			return rc;
		nw_buf_truncate(out, start); /* a word too long to fold */
	}
	nw_buf_init(&words, NW_BUF_NOCAP);
	rc = add_ewords(&words, v->data, v->len);
	rc = rc ? rc : add_field(out, "Subject", words.data, words.len, NULL);
	nw_buf_release(&words);
	return rc;
}

/* Message-ID: <HEX16.newswatch@HOST>, a function of the seed and HOST only. */
static int add_message_id(struct nw_buf *out, const struct nw_mail_head *h, const char *from,
			  const char *date)
{
	const char *host = strrchr(from, '@') + 1;
	uint64_t id;

	if (h->message_id_seed)
		id = nw_fnv1a(h->message_id_seed);
	else
		id = nw_fnv1a_more(nw_fnv1a_more(nw_fnv1a(date), from),
				   h->subject ? h->subject : "");
	if (!strchr(host, '.'))
		host = "newswatch.invalid"; /* "localhost" names no one */
	return nw_buf_printf(out, "Message-ID: <%016" PRIx64 ".newswatch@%s>\r\n", id, host);
}

static int add_body(struct nw_buf *out, const char *body, size_t n)
{
	struct nw_buf clean;
	int rc;

	nw_buf_init(&clean, out->max);
	rc = body && n ? nw_utf8_repair(&clean, body, n) : NW_OK;
	rc = rc ? rc : add_qp_body(out, clean.data, clean.len);
	nw_buf_release(&clean);
	return rc;
}

static int compose(const struct nw_mail_head *h, const char *body, size_t n, struct nw_buf *out,
		   struct nw_buf *v, struct nw_err *e)
{
	char date[40], from[NW_MAIL_ADDR_SIZE];
	int rc;

	if (!h->from || !*h->from)
		return nw_errorf(e, NW_EINVAL, "composing mail: no From address");
	if (format_date(h->date, date, sizeof(date), 0))
		return nw_errorf(e, NW_EINVAL, "composing mail: date %" PRId64 " out of range",
				 h->date);
	if ((rc = add_mailbox(v, h->from, from, e)))
		return rc;
	rc = nw_buf_printf(out, "Date: %s\r\n", date);
	rc = rc ? rc : add_field(out, "From", v->data, v->len, NULL);
	if (rc)
		return buf_fail(e, rc, out);
	if ((rc = add_to(out, h, v, e)))
		return rc;
	rc = add_subject(out, h->subject, v);
	rc = rc ? rc : add_message_id(out, h, from, date);
	rc = rc ? rc
		: nw_buf_addstr(out, "MIME-Version: 1.0\r\n"
				     "Content-Type: text/plain; charset=UTF-8\r\n"
				     "Content-Transfer-Encoding: quoted-printable\r\n"
				     "User-Agent: newswatch\r\n"
				     "\r\n");
	rc = rc ? rc : add_body(out, body, n);
	return rc ? buf_fail(e, rc, out) : NW_OK;
}

int nw_mail_compose(const struct nw_mail_head *h, const char *body_utf8, size_t n,
		    struct nw_buf *out, struct nw_err *e)
{
	size_t start = out->len;
	struct nw_buf v;
	int rc;

	nw_buf_init(&v, NW_BUF_NOCAP);
	rc = compose(h, body_utf8, n, out, &v, e);
	nw_buf_release(&v);
	if (rc)
		nw_buf_truncate(out, start);
	return rc;
}

/* ---- mbox ---- */

/*
 * The mboxrd entry, after two spare newlines that the writer uses to end
 * the file's previous message when it does not end with a blank line.
 */
static int mbox_entry(struct nw_buf *b, const char *from, const char *when, const char *msg,
		      size_t n)
{
	size_t i = 0;
	int rc = nw_buf_printf(b, "\n\nFrom %s %s\n", from, when);

	while (i < n && !rc) {
		const char *lf = memchr(msg + i, '\n', n - i);
		size_t end = lf ? (size_t)(lf - msg) : n, len = end - i, q = 0;

		if (len && msg[i + len - 1] == '\r')
			len--;
		while (q < len && msg[i + q] == '>')
			q++;
		if (len - q >= 5 && !memcmp(msg + i + q, "From ", 5))
			rc = nw_buf_addch(b, '>');
		rc = rc ? rc : nw_buf_add(b, msg + i, len);
		rc = rc ? rc : nw_buf_addch(b, '\n');
		i = lf ? end + 1 : n;
	}
	return rc ? rc : nw_buf_addch(b, '\n');
}

static int lock_mbox(int fd, const char *path, struct nw_err *e)
{
	struct timespec pause = {0, LOCK_PAUSE_NS};
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	int tries, err = 0;

	for (tries = 0; fcntl(fd, F_SETLK, &fl); tries++) {
		err = errno;
		if ((err != EACCES && err != EAGAIN && err != EINTR) || tries >= LOCK_TRIES)
			goto fail;
		nanosleep(&pause, NULL);
	}
	for (tries = 0; flock(fd, LOCK_EX | LOCK_NB); tries++) {
		err = errno;
		if ((err != EWOULDBLOCK && err != EINTR) || tries >= LOCK_TRIES)
			goto fail;
		nanosleep(&pause, NULL);
	}
	return NW_OK;
fail:
	if (err == EACCES || err == EAGAIN || err == EWOULDBLOCK)
		return nw_errorf(e, NW_EBUSY, "%s: locked by another program for over 10 s", path);
	return nw_errorf(e, NW_EIO, "%s: locking: %s", path, strerror(err));
}

/* How many of the two spare newlines the file's current end needs. */
static int needs_newlines(int fd, off_t size)
{
	char tail[2];

	if (size == 0)
		return 0;
	if (size == 1)
		return pread(fd, tail, 1, 0) == 1 && tail[0] == '\n' ? 1 : 2;
	if (pread(fd, tail, 2, size - 2) != 2)
		return 2;
	return tail[1] != '\n' ? 2 : tail[0] != '\n' ? 1 : 0;
}

/* Write buf whole and fsync it, or cut the file back to where it was. */
static int write_locked(int fd, const char *path, const struct nw_buf *b, struct nw_err *e)
{
	struct stat sb;
	const char *p;
	size_t len, done = 0;
	int err = 0;

	if (fstat(fd, &sb))
		return nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	p = b->data + 2 - needs_newlines(fd, sb.st_size);
	len = b->len - (size_t)(p - b->data);
	while (done < len && !err) {
		ssize_t w = write(fd, p + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			err = w < 0 ? errno : ENOSPC;
		else
			done += (size_t)w;
	}
	if (!err && fsync(fd))
		err = errno;
	if (!err)
		return NW_OK;
	if (ftruncate(fd, sb.st_size)) {
		/* nothing more to do: the next reader sees a torn message */
	}
	return nw_errorf(e, NW_EIO, "%s: %s", path, strerror(err));
}

int nw_mbox_append(const char *path, const char *msg, size_t n, const char *envelope_from,
		   int64_t date, struct nw_err *e)
{
	char from[NW_MAIL_ADDR_SIZE] = "MAILER-DAEMON", when[32];
	struct nw_buf b;
	int fd, rc;

	if (envelope_from && (rc = nw_mail_addr(envelope_from, from, e)))
		return rc;
	if (format_date(date, when, sizeof(when), 1))
		return nw_errorf(e, NW_EINVAL, "%s: date %" PRId64 " out of range", path, date);
	nw_buf_init(&b, NW_BUF_NOCAP);
	if ((rc = mbox_entry(&b, from, when, msg, n))) {
		nw_buf_release(&b);
		return nw_errorf(e, rc, "%s: %s", path, nw_strcode(rc));
	}
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		rc = nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	else if (!(rc = lock_mbox(fd, path, e)))
		rc = write_locked(fd, path, &b, e);
	if (fd >= 0)
		close(fd); /* releases both locks */
	nw_buf_release(&b);
	return rc;
}
