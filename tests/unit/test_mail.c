/*
 * test_mail.c - message composition and mbox appends (pipeline/mail.c).
 *
 * Messages are checked three ways: line by line here (CRLF only, header
 * lines at most 78 columns, body lines at most 76, no header added by
 * hostile input), by decoding them back with the small RFC 2047 and
 * quoted-printable decoders below, and by Python's email package, an
 * independent parser (python3, standard library only; its absence is a
 * failure).  The mbox cases use a temporary directory; the torn-write case
 * runs in a child under RLIMIT_FSIZE, the lock cases hold a lock in a
 * child for 0.3 s.  The whole file runs in well under a second.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "mail.h"
#include "utf8.h"
#include "t.h"

#define DATE_2018 1536827340 /* Thu, 13 Sep 2018 08:29:00 +0000 */

static const char *const one_to[] = {"Desk Analyst <desk@analysts.example.org>"};

static struct nw_mail_head head(const char *subject)
{
	struct nw_mail_head h = {.from = "Newswatch Alerts <alerts@newswatch.example.net>",
				 .to = one_to,
				 .nto = 1,
				 .subject = subject,
				 .message_id_seed = "designation:1234",
				 .date = DATE_2018};
	return h;
}

/* Compose into a fresh string (free it); NULL on error, with e filled. */
static char *compose(const struct nw_mail_head *h, const char *body, struct nw_err *e)
{
	struct nw_buf b;

	nw_buf_init(&b, 1 << 20);
	if (nw_mail_compose(h, body, body ? strlen(body) : 0, &b, e)) {
		nw_buf_release(&b);
		return NULL;
	}
	return nw_buf_detach(&b, NULL);
}

/* Length of the header block, up to and including the blank line. */
static size_t head_len(const char *msg)
{
	const char *p = strstr(msg, "\r\n\r\n");

	return p ? (size_t)(p - msg) + 4 : 0;
}

/*
 * 1 when every line ends in CRLF, with no other CR or LF, header lines are
 * at most 78 columns and body lines at most 76, and body lines hold only
 * printable ASCII with no trailing white space.
 */
static int lines_ok(const char *msg)
{
	size_t hl = head_len(msg);
	const char *p = msg;

	if (!hl)
		return 0;
	while (*p) {
		const char *end = strstr(p, "\r\n"), *q;
		size_t len, max = (size_t)(p - msg) < hl ? 78 : 76;

		if (!end)
			return 0;
		len = (size_t)(end - p);
		if (memchr(p, '\r', len) || memchr(p, '\n', len) || len > max)
			return 0;
		if ((size_t)(p - msg) >= hl) {
			for (q = p; q < end; q++)
				if ((unsigned char)*q < 0x20 || (unsigned char)*q > 0x7e)
					return 0;
			if (len && (end[-1] == ' ' || end[-1] == '\t'))
				return 0;
		}
		p = end + 2;
	}
	return 1;
}

/* How many header lines start with name (e.g. "Bcc:"). */
static int count_headers(const char *msg, const char *name)
{
	size_t hl = head_len(msg), n = strlen(name);
	const char *p = msg;
	int k = 0;

	while (p && (size_t)(p - msg) < hl - 2) { /* not the blank line */
		if (!strncasecmp(p, name, n))
			k++;
		p = strstr(p, "\r\n");
		p = p ? p + 2 : NULL;
	}
	return k;
}

/* The unfolded value of header name (without "Name: "); free it. */
static char *header(const char *msg, const char *name)
{
	size_t hl = head_len(msg), n = strlen(name), j = 0;
	const char *p = msg, *v;
	char *out;

	while ((size_t)(p - msg) < hl && !(strncmp(p, name, n) == 0 && p[n] == ':'))
		p = strstr(p, "\r\n") + 2;
	if ((size_t)(p - msg) >= hl)
		return NULL;
	v = p + n + 1;
	out = malloc(hl);
	while (*v) {
		if (v[0] == '\r' && v[1] == '\n') {
			if (v[2] != ' ' && v[2] != '\t')
				break;
			v += 2;
			continue;
		}
		out[j++] = *v++;
	}
	out[j] = '\0';
	memmove(out, out + (out[0] == ' '), j + 1 - (out[0] == ' '));
	return out;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/*
 * Decode the RFC 2047 Q encoded-words in an unfolded header value (white
 * space between two encoded-words vanishes).  Returns NULL when an encoded
 * word is malformed, longer than 75 characters, or not valid UTF-8 alone.
 */
static char *decode_ewords(const char *v)
{
	char *out = malloc(strlen(v) + 1);
	size_t j = 0;
	int after_word = 0;

	while (*v) {
		if (!strncmp(v, "=?UTF-8?Q?", 10)) {
			const char *end = strstr(v + 10, "?="), *q;
			size_t start = j;

			if (!end || end + 2 - v > 75)
				goto bad;
			for (q = v + 10; q < end; q++) {
				if (*q == '_') {
					out[j++] = ' ';
				} else if (*q == '=') {
					if (hexval(q[1]) < 0 || hexval(q[2]) < 0)
						goto bad;
					out[j++] = (char)(hexval(q[1]) * 16 + hexval(q[2]));
					q += 2;
				} else if (*q == ' ' || *q == '?') {
					goto bad;
				} else {
					out[j++] = *q;
				}
			}
			if (!nw_utf8_valid(out + start, j - start))
				goto bad;
			v = end + 2;
			after_word = 1;
		} else if (*v == ' ' && after_word) {
			const char *w = v;

			while (*w == ' ')
				w++;
			if (strncmp(w, "=?", 2))
				while (v < w)
					out[j++] = *v++;
			v = w;
		} else {
			out[j++] = *v++;
			after_word = 0;
		}
	}
	out[j] = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

/* Decode a quoted-printable body (CRLF lines) to bytes with CRLF line ends. */
static char *decode_qp(const char *s)
{
	char *out = malloc(strlen(s) + 1);
	size_t j = 0;

	while (*s) {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 3;
		} else if (s[0] == '=' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			out[j++] = (char)(hexval(s[1]) * 16 + hexval(s[2]));
			s += 3;
		} else {
			out[j++] = *s++;
		}
	}
	out[j] = '\0';
	return out;
}

static char *body_of(const char *msg)
{
	return decode_qp(msg + head_len(msg));
}

static void headers_basic(void)
{
	struct nw_mail_head h = head("Ministry lists three shipping firms");
	struct nw_err e = {0};
	char *msg = compose(&h, "First line.\nSecond line.\n", &e), *v;

	T_ASSERT(msg != NULL);
	T_EXPECT(lines_ok(msg));
	T_EXPECT(!strncmp(msg, "Date: Thu, 13 Sep 2018 08:29:00 +0000\r\n", 39));
	T_STREQ((v = header(msg, "From")), "Newswatch Alerts <alerts@newswatch.example.net>");
	free(v);
	T_STREQ((v = header(msg, "To")), "Desk Analyst <desk@analysts.example.org>");
	free(v);
	T_STREQ((v = header(msg, "Subject")), "Ministry lists three shipping firms");
	free(v);
	T_STREQ((v = header(msg, "MIME-Version")), "1.0");
	free(v);
	T_STREQ((v = header(msg, "Content-Type")), "text/plain; charset=UTF-8");
	free(v);
	T_STREQ((v = header(msg, "Content-Transfer-Encoding")), "quoted-printable");
	free(v);
	T_STREQ((v = header(msg, "User-Agent")), "newswatch");
	free(v);
	v = header(msg, "Message-ID");
	T_EXPECT(v && strlen(v) == 2 + 16 + strlen(".newswatch@newswatch.example.net"));
	T_EXPECT(v && v[0] == '<' && strspn(v + 1, "0123456789abcdef") == 16);
	T_EXPECT(v && !strcmp(v + 17, ".newswatch@newswatch.example.net>"));
	free(v);
	T_EXPECT(count_headers(msg, "") == 9); /* nine header lines, none folded */
	T_STREQ(msg + head_len(msg), "First line.\r\nSecond line.\r\n");
	free(msg);
}

static void message_id_stable(void)
{
	struct nw_mail_head h = head("Same alert");
	struct nw_err e = {0};
	char *a = compose(&h, "x", &e), *b, *c, *ia, *ib, *ic;

	h.date += 3600; /* a retry an hour later keeps its id */
	h.subject = "Same alert, new subject";
	b = compose(&h, "y", &e);
	h.message_id_seed = "designation:1235";
	c = compose(&h, "x", &e);
	T_ASSERT(a && b && c);
	ia = header(a, "Message-ID");
	ib = header(b, "Message-ID");
	ic = header(c, "Message-ID");
	T_STREQ(ia, ib);
	T_EXPECT(strcmp(ia, ic) != 0);
	free(ia), free(ib), free(ic), free(a), free(b), free(c);

	/* a single-label From domain is no host to name */
	h.from = "root@localhost";
	a = compose(&h, "x", &e);
	T_ASSERT(a != NULL);
	ia = header(a, "Message-ID");
	T_EXPECT(strstr(ia, ".newswatch@newswatch.invalid>") != NULL);
	free(ia), free(a);
}

static void subject_encoded(void)
{
	static const char *const subjects[] = {
	    "Sanktionen gegen Händler",
	    ("Réseau de négoce désigné — « Société Maritime Éole » et trois navires "
	     "pétroliers sous sanctions, avoirs gelés à compter de jeudi"),
	    "制裁指定：三家航运公司与两艘油轮被列入名单，资产冻结即日生效，相关人员禁止入境",
	    "emoji 🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢 end",
	    "ASCII but with =?UTF-8?Q?fake?= encoded-word",
	    "a_b=c?d  two  spaces",
	};
	size_t i;

	for (i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
		struct nw_mail_head h = head(subjects[i]);
		struct nw_err e = {0};
		char *msg = compose(&h, "body", &e), *v, *d;

		T_ASSERT(msg != NULL);
		T_EXPECT(lines_ok(msg));
		v = header(msg, "Subject");
		T_EXPECT(!strncmp(v, "=?UTF-8?Q?", 10) || i == 5);
		d = decode_ewords(v);
		T_STREQ(d, subjects[i]);
		free(v), free(d), free(msg);
	}
}

static void subject_plain_folding(void)
{
	char subject[400] = "", *msg, *v;
	struct nw_mail_head h = head(subject);
	struct nw_err e = {0};

	/* long but made of short words: folded, not encoded */
	snprintf(subject, sizeof(subject), "%s",
		 "Treasury designates a network of freight forwarders, two shipping "
		 "agents and the captains of four tankers accused of transferring "
		 "refined fuel between ships at sea in breach of the embargo");
	msg = compose(&h, "", &e);
	T_ASSERT(msg != NULL);
	T_EXPECT(lines_ok(msg));
	T_EXPECT(count_headers(msg, " ") >= 2); /* continuation lines */
	v = header(msg, "Subject");
	T_STREQ(v, subject);
	free(v), free(msg);

	/* one word too long to fold: encoded-words instead */
	memset(subject, 'w', 120);
	strcpy(subject + 120, " tail");
	msg = compose(&h, "", &e);
	T_ASSERT(msg != NULL);
	T_EXPECT(lines_ok(msg));
	v = header(msg, "Subject");
	T_EXPECT(!strncmp(v, "=?UTF-8?Q?", 10));
	free(v), free(msg);

	/* empty and NULL subjects */
	h.subject = NULL;
	msg = compose(&h, "", &e);
	T_ASSERT(msg != NULL);
	T_STREQ((v = header(msg, "Subject")), "");
	free(v), free(msg);
}

static void display_names(void)
{
	static const struct {
		const char *in, *header, *decoded;
	} cases[] = {
	    {"plain@example.org", "plain@example.org", "plain@example.org"},
	    {"<angle@example.org>", "angle@example.org", "angle@example.org"},
	    {"Desk  Two <d2@example.org>", "Desk Two <d2@example.org>", NULL},
	    {"Smith, Jane <js@example.org>", "\"Smith, Jane\" <js@example.org>", NULL},
	    {"\"Smith, Jane\" <js@example.org>", "\"Smith, Jane\" <js@example.org>", NULL},
	    {"\"Say \\\"hi\\\"\" <q@example.org>", "\"Say \\\"hi\\\"\" <q@example.org>", NULL},
	    {"Zoë Ørsted <zoe@example.org>", NULL, "Zoë Ørsted <zoe@example.org>"},
	    {"=?UTF-8?Q?x?= <fake@example.org>", NULL, "=?UTF-8?Q?x?= <fake@example.org>"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *const to[] = {cases[i].in};
		struct nw_mail_head h = head("names");
		struct nw_err e = {0};
		char *msg, *v, *d;

		h.to = to;
		msg = compose(&h, "", &e);
		T_ASSERT(msg != NULL);
		T_EXPECT(lines_ok(msg));
		v = header(msg, "To");
		if (cases[i].header)
			T_STREQ(v, cases[i].header);
		if (cases[i].decoded) {
			T_EXPECT(cases[i].header || !strncmp(v, "=?UTF-8?Q?", 10));
			d = decode_ewords(v);
			T_STREQ(d, cases[i].decoded);
			free(d);
		}
		free(v), free(msg);
	}
}

static void to_folding(void)
{
	const char *to[40];
	char addrs[40][64], *msg, *v, *p;
	struct nw_mail_head h = head("many");
	struct nw_err e = {0};
	size_t i;

	for (i = 0; i < 40; i++) {
		snprintf(addrs[i], sizeof(addrs[i]), "%sanalyst%02zu@desk%zu.example.org",
			 i % 3 ? "" : "Ünal Analyst <", i, i % 7);
		if (i % 3 == 0)
			strcat(addrs[i], ">");
		to[i] = addrs[i];
	}
	h.to = to;
	h.nto = 40;
	msg = compose(&h, "", &e);
	T_ASSERT(msg != NULL);
	T_EXPECT(lines_ok(msg));
	T_EXPECT(count_headers(msg, " ") >= 20);
	v = header(msg, "To");
	for (i = 0, p = v; i < 40 && p; i++) {
		char want[64];

		snprintf(want, sizeof(want), "analyst%02zu@desk%zu.example.org", i, i % 7);
		p = strstr(p, want);
		T_EXPECT(p != NULL);
	}
	free(v), free(msg);
}

static void injection(void)
{
	static const char *const subjects[] = {
	    "x\r\nBcc: evil@x.example", "x\nBcc: evil@x.example",
	    "x\rBcc: evil@x.example",	"x\r\n\r\nbody injected",
	    "x\tBcc:\x01\x7f evil",	"x\302\205Bcc: evil@x.example" /* NEL, a C1 control */,
	};
	size_t i;

	for (i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
		struct nw_mail_head h = head(subjects[i]);
		struct nw_err e = {0};
		char *msg = compose(&h, "the body", &e), *v;

		T_ASSERT(msg != NULL);
		T_EXPECT(lines_ok(msg));
		T_EXPECT(count_headers(msg, "Bcc") == 0);
		T_EXPECT(count_headers(msg, "") == 9);
		T_STREQ(msg + head_len(msg), "the body\r\n");
		v = header(msg, "Subject");
		T_EXPECT(v && v[0] == 'x' && !strchr(v, '\r') && !strchr(v, '\n'));
		free(v), free(msg);
	}
	{
		struct nw_mail_head h = head("x\r\nBcc: evil@x.example");
		struct nw_err e = {0};
		char *msg = compose(&h, "", &e), *v = header(msg, "Subject");

		T_STREQ(v, "x  Bcc: evil@x.example"); /* each control character a space */
		free(v), free(msg);
	}
	{
		/* a display name cannot add a header either */
		const char *const to[] = {"Evil\r\nBcc: evil@x.example\r\n <ok@example.org>"};
		struct nw_mail_head h = head("names");
		struct nw_err e = {0};
		char *msg, *v;

		h.to = to;
		msg = compose(&h, "", &e);
		T_ASSERT(msg != NULL);
		T_EXPECT(lines_ok(msg));
		T_EXPECT(count_headers(msg, "Bcc") == 0);
		v = header(msg, "To");
		T_STREQ(v, "\"Evil Bcc: evil@x.example\" <ok@example.org>");
		free(v), free(msg);
	}
}

static void bad_addresses(void)
{
	static const char *const bad[] = {
	    "",
	    "   ",
	    "noat.example.org",
	    "user@",
	    "@example.org",
	    "two words@example.org",
	    "a..b@example.org",
	    ".a@example.org",
	    "a.@example.org",
	    "a@-example.org",
	    "a@example-.org",
	    "a@example..org",
	    "a@example.org.",
	    "a@exa_mple.org",
	    "ü@example.org",
	    "a@bücher.example",
	    "a(comment)@example.org",
	    "\"quoted\"@example.org",
	    "a@[127.0.0.1]",
	    "ok@example.org\r\nBcc: evil@x.example",
	    "Name <ok@example.org\r\nRCPT TO:<evil@x.example>>",
	    "Name <>",
	    "Name <ok@example.org> trailing",
	    "a@b@example.org",
	    "1234567890123456789012345678901234567890123456789012345678901234567890@example.org",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *const to[] = {bad[i]};
		struct nw_mail_head h = head("x");
		struct nw_err e = {0};
		char addr[NW_MAIL_ADDR_SIZE];
		struct nw_buf b;

		h.to = to;
		nw_buf_init(&b, 1 << 16);
		nw_buf_addstr(&b, "keep");
		T_EXPECT(nw_mail_compose(&h, "", 0, &b, &e) == NW_EINVAL);
		T_EXPECT(strstr(e.msg, "mail address \"") != NULL);
		T_EXPECT(!strchr(e.msg, '\r') && !strchr(e.msg, '\n'));
		T_STREQ(b.data, "keep"); /* left as it was */
		nw_buf_release(&b);
		T_EXPECT(nw_mail_addr(bad[i], addr, NULL) == NW_EINVAL);
		h = head("x");
		h.from = bad[i];
		T_EXPECT(compose(&h, "", &e) == NULL && e.code == NW_EINVAL);
		if (e.code != NW_EINVAL)
			printf("#     accepted: %s\n", bad[i]);
	}
	{
		struct nw_mail_head h = head("x");
		struct nw_err e = {0};

		T_EXPECT(nw_mail_addr("two words@example.org", (char[NW_MAIL_ADDR_SIZE]){0}, &e) ==
			 NW_EINVAL);
		T_STREQ(e.msg, "mail address \"two words@example.org\": a character not allowed "
			       "in an address");
		h.nto = 0;
		T_EXPECT(compose(&h, "", &e) == NULL && e.code == NW_EINVAL);
		T_STREQ(e.msg, "composing mail: no recipients");
		h = head("x");
		h.from = NULL;
		T_EXPECT(compose(&h, "", &e) == NULL && e.code == NW_EINVAL);
		h = head("x");
		h.date = 300000000000LL; /* past year 9999 */
		T_EXPECT(compose(&h, "", &e) == NULL && e.code == NW_EINVAL);
	}
}

static void good_addresses(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"a@b.org", "a@b.org"},
	    {"  a@b.org  ", "a@b.org"},
	    {"Name <a@b.org>", "a@b.org"},
	    {"\"Name, Second\" <first.last+tag@sub.b-c.org>", "first.last+tag@sub.b-c.org"},
	    {"Ünïcode Name <x@y.example>", "x@y.example"},
	    {"o'brien!#$%&*/=?^_`{|}~-@example.org", "o'brien!#$%&*/=?^_`{|}~-@example.org"},
	    {"root@localhost", "root@localhost"},
	    {"<a@b.org>", "a@b.org"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char addr[NW_MAIL_ADDR_SIZE];
		struct nw_err e = {0};

		T_EXPECT(nw_mail_addr(cases[i].in, addr, &e) == NW_OK);
		T_STREQ(addr, cases[i].want);
	}
}

static void qp_body(void)
{
	static const struct {
		const char *in, *want; /* want: decoded, CRLF line ends */
	} cases[] = {
	    {"", ""},
	    {"no newline at end", "no newline at end\r\n"},
	    {"a\nb\r\nc\n", "a\r\nb\r\nc\r\n"},
	    {"\n\n\n", "\r\n\r\n\r\n"},
	    {"trailing space   \ntab\t\n", "trailing space   \r\ntab\t\r\n"},
	    {"equals = sign and =41 lookalike", "equals = sign and =41 lookalike\r\n"},
	    {"From the desk\n>From quoted\nFrom", "From the desk\r\n>From quoted\r\nFrom\r\n"},
	    {"lone\rcarriage", "lone\rcarriage\r\n"},
	    {"bad \xff\xfe utf-8 \xc3", "bad \xef\xbf\xbd\xef\xbf\xbd utf-8 \xef\xbf\xbd\r\n"},
	    {"Ümlaut, 中文, emoji 🚢.", "Ümlaut, 中文, emoji 🚢.\r\n"},
	    {".\n..\n", ".\r\n..\r\n"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nw_mail_head h = head("qp");
		struct nw_err e = {0};
		char *msg = compose(&h, cases[i].in, &e), *d;

		T_ASSERT(msg != NULL);
		T_EXPECT(lines_ok(msg));
		d = body_of(msg);
		T_STREQ(d, cases[i].want);
		free(d), free(msg);
	}
}

static void qp_long_lines(void)
{
	char body[4000], want[4100];
	size_t i, n = 0;
	struct nw_mail_head h = head("long");
	struct nw_err e = {0};
	char *msg, *d, *p;

	/* one very long line mixing ASCII, '=', spaces and multi-byte characters */
	for (i = 0; n < 3000; i++) {
		static const char *const parts[] = {"word ", "=", "é", "中", "🚢", "  ", "x"};
		const char *s = parts[i % 7];

		memcpy(body + n, s, strlen(s));
		n += strlen(s);
	}
	body[n++] = ' '; /* trailing space on the last line */
	body[n] = '\0';
	snprintf(want, sizeof(want), "%s\r\n", body);
	msg = compose(&h, body, &e);
	T_ASSERT(msg != NULL);
	T_EXPECT(lines_ok(msg));
	d = body_of(msg);
	T_STREQ(d, want);
	free(d);
	/* soft breaks never split a UTF-8 sequence: each raw line decodes alone */
	for (p = msg + head_len(msg); *p;) {
		char *end = strstr(p, "\r\n"), line[100], *dl;
		size_t len = (size_t)(end - p);

		T_ASSERT(len < sizeof(line));
		memcpy(line, p, len);
		line[len] = '\0';
		if (len && line[len - 1] == '=')
			line[len - 1] = '\0';
		dl = decode_qp(line);
		T_EXPECT(nw_utf8_valid(dl, strlen(dl)));
		T_EXPECT(strncmp(line, "From ", 5) != 0);
		free(dl);
		p = end + 2;
	}
	free(msg);
}

static void too_big(void)
{
	struct nw_mail_head h = head("cap");
	struct nw_err e = {0};
	struct nw_buf b;
	char body[3000];

	memset(body, 'z', sizeof(body) - 1);
	body[sizeof(body) - 1] = '\0';
	nw_buf_init(&b, 1000);
	nw_buf_addstr(&b, "before");
	T_EXPECT(nw_mail_compose(&h, body, strlen(body), &b, &e) == NW_ETOOBIG);
	T_STREQ(e.msg, "composing mail: message larger than 1000 bytes");
	T_STREQ(b.data, "before");
	T_EXPECT(b.len == 6);
	nw_buf_release(&b);
}

/* Run python3's email package on msg; 1 when it reads back what we meant. */
static int python_agrees(const char *msg, const char *subject, const char *from_name,
			 const char *to_addr, const char *body)
{
	static const char script[] =
	    "import sys, email, email.policy\n"
	    "raw = open(sys.argv[1], 'rb').read()\n"
	    "m = email.message_from_bytes(raw, policy=email.policy.default)\n"
	    "errs = []\n"
	    "def want(what, got, exp):\n"
	    "    if got != exp: errs.append('%s: %r != %r' % (what, got, exp))\n"
	    "want('subject', str(m['subject']), sys.argv[2])\n"
	    "want('from name', m['from'].addresses[0].display_name, sys.argv[3])\n"
	    "want('to', [a.addr_spec for a in m['to'].addresses], sys.argv[4].split(','))\n"
	    "want('body', m.get_content().replace('\\r\\n', '\\n'), sys.argv[5])\n"
	    "want('charset', m.get_content_charset(), 'utf-8')\n"
	    "want('defects', [d for p in m.walk() for d in p.defects], [])\n"
	    "for k in m.keys():\n"
	    "    want('defects ' + k, list(m[k].defects), [])\n"
	    "print('\\n'.join(errs) or 'OK')\n";
	char path[] = "/tmp/nw-test-mail-XXXXXX", out[4096] = "";
	int fd = mkstemp(path), fds[2], status = 0;
	size_t got = 0;
	ssize_t k;
	pid_t pid;

	if (fd < 0 || write(fd, msg, strlen(msg)) != (ssize_t)strlen(msg) || close(fd) || pipe(fds))
		return 0;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl("/usr/bin/python3", "python3", "-c", script, path, subject, from_name,
		      to_addr, body, (char *)NULL);
		execlp("python3", "python3", "-c", script, path, subject, from_name, to_addr, body,
		       (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while ((k = read(fds[0], out + got, sizeof(out) - 1 - got)) > 0)
		got += (size_t)k;
	out[got] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	unlink(path);
	if (strcmp(out, "OK\n"))
		printf("#     python3: %s", out[0] ? out : "(no output)\n");
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 && !strcmp(out, "OK\n");
}

static void python_parses(void)
{
	static const char body[] =
	    "Désignation : le ministère gèle les avoirs de « Éole Shipping ».\n"
	    "\n"
	    "From the evidence sentence = \"trois navires\"; trailing space \n"
	    "A long line that goes on and on about tankers, harbours, cargo manifests, "
	    "insurers and flag registries well past seventy-six columns 中文 🚢 end.\n";
	const char *const to[] = {"Smith, Jane <js@analysts.example.org>",
				  "Zoë Ørsted <zoe@analysts.example.org>", "plain@example.org"};
	struct nw_mail_head h = head("Sanctions: « Éole Shipping » désignée — 3 navires "
				     "pétroliers, avoirs gelés; a =?fake?= word too");
	struct nw_err e = {0};
	char *msg;

	h.from = "Veille Sanctions Équipe <alerts@newswatch.example.net>";
	h.to = to;
	h.nto = 3;
	msg = compose(&h, body, &e);
	T_ASSERT(msg != NULL);
	T_EXPECT(lines_ok(msg));
	T_EXPECT(python_agrees(msg, h.subject, "Veille Sanctions Équipe",
			       "js@analysts.example.org,zoe@analysts.example.org,"
			       "plain@example.org",
			       body));
	free(msg);
}

/* ---- mbox ---- */

static char tmpdir[64];

static char *slurp(const char *path, size_t *len)
{
	struct nw_buf b;

	nw_buf_init(&b, 1 << 24);
	if (nw_buf_read_file(&b, path, NULL)) {
		nw_buf_release(&b);
		return NULL;
	}
	return nw_buf_detach(&b, len);
}

static void mbox_path(char *path, size_t size, const char *name)
{
	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/nw-test-mbox-XXXXXX");
		if (!mkdtemp(tmpdir))
			tmpdir[0] = '\0';
	}
	snprintf(path, size, "%s/%s", tmpdir, name);
}

static void mbox_quoting(void)
{
	static const char msg1[] = "Subject: one\r\n\r\nFrom here\r\n>From there\r\n"
				   ">>From everywhere\r\nFromage\r\n From not\r\nlast";
	static const char msg2[] = "Subject: two\n\nplain LF body\n";
	static const char want[] = "From alerts@newswatch.example.net Thu Sep 13 08:29:00 2018\n"
				   "Subject: one\n\n>From here\n>>From there\n"
				   ">>>From everywhere\nFromage\n From not\nlast\n"
				   "\n"
				   "From MAILER-DAEMON Fri Sep 14 08:29:00 2018\n"
				   "Subject: two\n\nplain LF body\n"
				   "\n";
	char path[128], *got;
	struct nw_err e = {0};
	struct stat sb;

	mbox_path(path, sizeof(path), "quoting.mbox");
	unlink(path);
	T_ASSERT(nw_mbox_append(path, msg1, strlen(msg1), "Alerts <alerts@newswatch.example.net>",
				DATE_2018, &e) == NW_OK);
	T_ASSERT(nw_mbox_append(path, msg2, strlen(msg2), NULL, DATE_2018 + 86400, &e) == NW_OK);
	got = slurp(path, NULL);
	T_STREQ(got, want);
	free(got);
	T_EXPECT(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);

	T_EXPECT(nw_mbox_append(path, msg2, strlen(msg2), "bad address", DATE_2018, &e) ==
		 NW_EINVAL);
	T_EXPECT(nw_mbox_append("/nonexistent-dir/x.mbox", msg2, strlen(msg2), NULL, DATE_2018,
				&e) == NW_EIO);
	T_EXPECT(strstr(e.msg, "/nonexistent-dir/x.mbox") != NULL);
	unlink(path);
}

static void mbox_separates(void)
{
	static const struct {
		const char *before, *after;
	} cases[] = {
	    {"", ""},
	    {"old\n\n", "old\n\n"},
	    {"old\n", "old\n\n"},
	    {"old", "old\n\n"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[128], want[256], *got;
		struct nw_err e = {0};
		FILE *f;

		mbox_path(path, sizeof(path), "sep.mbox");
		f = fopen(path, "w");
		T_ASSERT(f != NULL);
		fputs(cases[i].before, f);
		fclose(f);
		T_ASSERT(nw_mbox_append(path, "S: x\r\n\r\nb\r\n", 11, "a@b.org", DATE_2018, &e) ==
			 NW_OK);
		snprintf(want, sizeof(want),
			 "%sFrom a@b.org Thu Sep 13 08:29:00 2018\nS: x\n\nb\n\n", cases[i].after);
		got = slurp(path, NULL);
		T_STREQ(got, want);
		free(got);
		unlink(path);
	}
}

/* A write cut short (file size limit) leaves the mbox exactly as it was. */
static void mbox_torn_write(void)
{
	static const char first[] = "Subject: kept\r\n\r\nkept\r\n";
	char path[128], *before, *after, big[20000];
	size_t nb, na;
	struct nw_err e = {0};
	struct stat sb;
	int status = 0;
	pid_t pid;

	mbox_path(path, sizeof(path), "torn.mbox");
	unlink(path);
	T_ASSERT(nw_mbox_append(path, first, strlen(first), NULL, DATE_2018, &e) == NW_OK);
	T_ASSERT(stat(path, &sb) == 0);
	memset(big, 'q', sizeof(big));
	memcpy(big, "Subject: big\r\n\r\n", 16);
	big[sizeof(big) - 1] = '\0';
	before = slurp(path, &nb);
	pid = fork();
	T_ASSERT(pid >= 0);
	if (pid == 0) {
		struct rlimit rl;
		struct nw_err ce = {0};
		int rc;

		signal(SIGXFSZ, SIG_IGN);
		getrlimit(RLIMIT_FSIZE, &rl);
		rl.rlim_cur = (rlim_t)sb.st_size + 4096; /* the write stops part way */
		setrlimit(RLIMIT_FSIZE, &rl);
		rc = nw_mbox_append(path, big, strlen(big), NULL, DATE_2018, &ce);
		_exit(rc == NW_EIO && strstr(ce.msg, "too large") ? 0 : 1);
	}
	T_EXPECT(waitpid(pid, &status, 0) == pid);
	T_EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	after = slurp(path, &na);
	T_EXPECT(before && after && nb == na && !memcmp(before, after, nb));
	free(before), free(after);
	unlink(path);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A child holds the lock (fcntl or flock) for 0.3 s; the append waits for it. */
static void lock_waits(int use_flock)
{
	char path[128], *got;
	struct nw_err e = {0};
	int fds[2], status = 0;
	double t0;
	pid_t pid;
	char c;

	mbox_path(path, sizeof(path), "lock.mbox");
	unlink(path);
	T_ASSERT(pipe(fds) == 0);
	pid = fork();
	T_ASSERT(pid >= 0);
	if (pid == 0) {
		int fd = open(path, O_RDWR | O_CREAT, 0600);
		struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
		struct timespec hold = {0, 300000000L};

		if (fd < 0 || (use_flock ? flock(fd, LOCK_EX) : fcntl(fd, F_SETLK, &fl)))
			_exit(1);
		if (write(fds[1], "l", 1) != 1)
			_exit(1);
		nanosleep(&hold, NULL);
		if (write(fd, "held\n\n", 6) != 6)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	T_ASSERT(read(fds[0], &c, 1) == 1);
	close(fds[0]);
	t0 = now();
	T_EXPECT(nw_mbox_append(path, "S: y\n\nz\n", 8, "a@b.org", DATE_2018, &e) == NW_OK);
	T_EXPECT(now() - t0 >= 0.2);
	T_EXPECT(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	got = slurp(path, NULL);
	T_STREQ(got, "held\n\nFrom a@b.org Thu Sep 13 08:29:00 2018\nS: y\n\nz\n\n");
	free(got);
	unlink(path);
}

static void mbox_fcntl_lock(void)
{
	lock_waits(0);
}

static void mbox_flock_lock(void)
{
	lock_waits(1);
	rmdir(tmpdir);
}

T_MAIN(T_CASE(headers_basic), T_CASE(message_id_stable), T_CASE(subject_encoded),
       T_CASE(subject_plain_folding), T_CASE(display_names), T_CASE(to_folding), T_CASE(injection),
       T_CASE(bad_addresses), T_CASE(good_addresses), T_CASE(qp_body), T_CASE(qp_long_lines),
       T_CASE(too_big), T_CASE(python_parses), T_CASE(mbox_quoting), T_CASE(mbox_separates),
       T_CASE(mbox_torn_write), T_CASE(mbox_fcntl_lock), T_CASE(mbox_flock_lock))
