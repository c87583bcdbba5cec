/*
 * lists.c - loading sanctions lists and watchlists; see lists.h.
 *
 * Each file is read whole with one read() into a temporary buffer and
 * parsed in place (RFC 4180 quoting is undone inside the buffer); only the
 * strings kept (uids, names, aliases, programs) are copied, packed into
 * 64 KiB chunks of the arena.  OFAC's files join on ent_num, found by
 * binary search over the entries of the load.  The OFAC quirks handled:
 * no header row; "-0- " for null; CRLF; a 0x1A byte at the end; programs
 * as "DPRK3] [DPRK4"; individuals as "LAST, First"; nicknames and
 * nationality inside the remarks.  Every kept string is valid UTF-8 with
 * no control characters: a field that is not UTF-8 is read as Latin-1.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "entity.h"
#include "err.h"
#include "link.h"
#include "lists.h"
#include "utf8.h"

#define POOL_CHUNK (64 * 1024)
#define MAX_FIELDS 16	     /* fields of a CSV record kept; more are counted, not kept */
#define MAX_COUNTRIES 8	     /* distinct countries kept per entry */
#define MAX_ALIASES 256	     /* aliases of one watchlist entry */
#define MAX_REMARK_ALIAS 256 /* bytes of a nickname found in remarks */

/*
 * OFAC's country names (add.csv, "nationality" in remarks, vessel flags)
 * and a few common variants, sorted case-insensitively for bsearch.
 */
static const char *const countries[][2] = {
    {"Afghanistan", "AF"},
    {"Albania", "AL"},
    {"Algeria", "DZ"},
    {"Angola", "AO"},
    {"Argentina", "AR"},
    {"Armenia", "AM"},
    {"Australia", "AU"},
    {"Austria", "AT"},
    {"Azerbaijan", "AZ"},
    {"Bahamas, The", "BS"},
    {"Bahrain", "BH"},
    {"Bangladesh", "BD"},
    {"Barbados", "BB"},
    {"Belarus", "BY"},
    {"Belarusian", "BY"},
    {"Belgium", "BE"},
    {"Belize", "BZ"},
    {"Benin", "BJ"},
    {"Bolivia", "BO"},
    {"Bosnia and Herzegovina", "BA"},
    {"Brazil", "BR"},
    {"Bulgaria", "BG"},
    {"Burkina Faso", "BF"},
    {"Burma", "MM"},
    {"Burundi", "BI"},
    {"Cambodia", "KH"},
    {"Cameroon", "CM"},
    {"Canada", "CA"},
    {"Cayman Islands", "KY"},
    {"Central African Republic", "CF"},
    {"Chad", "TD"},
    {"Chile", "CL"},
    {"China", "CN"},
    {"Colombia", "CO"},
    {"Comoros", "KM"},
    {"Congo, Democratic Republic of the", "CD"},
    {"Congo, Republic of the", "CG"},
    {"Costa Rica", "CR"},
    {"Cote d Ivoire", "CI"},
    {"Cote d'Ivoire", "CI"},
    {"Croatia", "HR"},
    {"Cuba", "CU"},
    {"Cyprus", "CY"},
    {"Czech Republic", "CZ"},
    {"Czechia", "CZ"},
    {"Democratic People's Republic of Korea", "KP"},
    {"Denmark", "DK"},
    {"Djibouti", "DJ"},
    {"Dominica", "DM"},
    {"Dominican Republic", "DO"},
    {"Ecuador", "EC"},
    {"Egypt", "EG"},
    {"El Salvador", "SV"},
    {"Equatorial Guinea", "GQ"},
    {"Eritrea", "ER"},
    {"Estonia", "EE"},
    {"Ethiopia", "ET"},
    {"Finland", "FI"},
    {"France", "FR"},
    {"Gambia, The", "GM"},
    {"Gaza", "PS"},
    {"Georgia", "GE"},
    {"Germany", "DE"},
    {"Ghana", "GH"},
    {"Gibraltar", "GI"},
    {"Greece", "GR"},
    {"Guatemala", "GT"},
    {"Guernsey", "GG"},
    {"Guinea", "GN"},
    {"Guinea-Bissau", "GW"},
    {"Guyana", "GY"},
    {"Haiti", "HT"},
    {"Honduras", "HN"},
    {"Hong Kong", "HK"},
    {"Hungary", "HU"},
    {"India", "IN"},
    {"Indonesia", "ID"},
    {"Iran", "IR"},
    {"Iraq", "IQ"},
    {"Ireland", "IE"},
    {"Isle of Man", "IM"},
    {"Israel", "IL"},
    {"Italy", "IT"},
    {"Jamaica", "JM"},
    {"Japan", "JP"},
    {"Jersey", "JE"},
    {"Jordan", "JO"},
    {"Kazakhstan", "KZ"},
    {"Kenya", "KE"},
    {"Korea, North", "KP"},
    {"Korea, South", "KR"},
    {"Kosovo", "XK"},
    {"Kuwait", "KW"},
    {"Kyrgyz Republic", "KG"},
    {"Kyrgyzstan", "KG"},
    {"Laos", "LA"},
    {"Latvia", "LV"},
    {"Lebanon", "LB"},
    {"Liberia", "LR"},
    {"Libya", "LY"},
    {"Libyan", "LY"},
    {"Liechtenstein", "LI"},
    {"Lithuania", "LT"},
    {"Luxembourg", "LU"},
    {"Macao", "MO"},
    {"Macau", "MO"},
    {"Malaysia", "MY"},
    {"Maldives", "MV"},
    {"Mali", "ML"},
    {"Malta", "MT"},
    {"Marshall Islands", "MH"},
    {"Mauritania", "MR"},
    {"Mauritius", "MU"},
    {"Mexico", "MX"},
    {"Moldova", "MD"},
    {"Monaco", "MC"},
    {"Mongolia", "MN"},
    {"Montenegro", "ME"},
    {"Morocco", "MA"},
    {"Mozambique", "MZ"},
    {"Namibia", "NA"},
    {"Nepal", "NP"},
    {"Netherlands", "NL"},
    {"New Zealand", "NZ"},
    {"Nicaragua", "NI"},
    {"Niger", "NE"},
    {"Nigeria", "NG"},
    {"North Korea", "KP"},
    {"North Macedonia", "MK"},
    {"North Macedonia, The Republic of", "MK"},
    {"Norway", "NO"},
    {"Oman", "OM"},
    {"Pakistan", "PK"},
    {"Palestinian", "PS"},
    {"Panama", "PA"},
    {"Paraguay", "PY"},
    {"Peru", "PE"},
    {"Philippines", "PH"},
    {"Poland", "PL"},
    {"Portugal", "PT"},
    {"Qatar", "QA"},
    {"Region: Gaza", "PS"},
    {"Region: West Bank", "PS"},
    {"Romania", "RO"},
    {"Russia", "RU"},
    {"Russian Federation", "RU"},
    {"Rwanda", "RW"},
    {"Saint Kitts and Nevis", "KN"},
    {"Saint Vincent and the Grenadines", "VC"},
    {"Samoa", "WS"},
    {"Saudi Arabia", "SA"},
    {"Senegal", "SN"},
    {"Serbia", "RS"},
    {"Seychelles", "SC"},
    {"Sierra Leone", "SL"},
    {"Singapore", "SG"},
    {"Slovakia", "SK"},
    {"Slovenia", "SI"},
    {"Somalia", "SO"},
    {"South Africa", "ZA"},
    {"South Korea", "KR"},
    {"South Sudan", "SS"},
    {"Spain", "ES"},
    {"Sri Lanka", "LK"},
    {"Sudan", "SD"},
    {"Sweden", "SE"},
    {"Switzerland", "CH"},
    {"Syria", "SY"},
    {"Taiwan", "TW"},
    {"Tajikistan", "TJ"},
    {"Tanzania", "TZ"},
    {"Thailand", "TH"},
    {"The Gambia", "GM"},
    {"Togo", "TG"},
    {"Trinidad and Tobago", "TT"},
    {"Tunisia", "TN"},
    {"Turkey", "TR"},
    {"Turkiye", "TR"},
    {"Turkmenistan", "TM"},
    {"Uganda", "UG"},
    {"Ukraine", "UA"},
    {"United Arab Emirates", "AE"},
    {"United Kingdom", "GB"},
    {"United States", "US"},
    {"Uruguay", "UY"},
    {"Uzbekistan", "UZ"},
    {"Venezuela", "VE"},
    {"Vietnam", "VN"},
    {"Virgin Islands, British", "VG"},
    {"West Bank", "PS"},
    {"Yemen", "YE"},
    {"Zambia", "ZM"},
    {"Zimbabwe", "ZW"},
};

/* ----- strings ----- */

static int ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

static int cmp_country(const void *key, const void *row)
{
	const char *const *k = key;
	const char *name = ((const char *const *)row)[0];
	size_t n = (size_t)(k[1] - k[0]), i;

	for (i = 0; i < n && name[i]; i++) {
		int a = ascii_lower((unsigned char)k[0][i]),
		    b = ascii_lower((unsigned char)name[i]);

		if (a != b)
			return a - b;
	}
	if (i < n)
		return 1;
	return name[i] ? -1 : 0;
}

const char *nw_lists_country_code(const char *name, size_t n)
{
	const char *k[2];
	const char *const *row;

	while (n && isspace((unsigned char)*name)) {
		name++;
		n--;
	}
	while (n && (isspace((unsigned char)name[n - 1]) || name[n - 1] == '.'))
		n--;
	k[0] = name;
	k[1] = name + n;
	row = bsearch(k, countries, sizeof(countries) / sizeof(countries[0]), sizeof(countries[0]),
		      cmp_country);
	return row ? row[1] : NULL;
}

/*
 * Fault in the pages of [p, p + n) with one call: on a virtual machine a
 * page fault can cost 10 us, and a list's arrays span thousands of pages.
 * Only a hint; nothing depends on it working.
 */
void nw_lists_prefault(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t page = 4096, a = ((uintptr_t)p + page - 1) & ~(page - 1),
		  e = ((uintptr_t)p + n) & ~(page - 1);

	if (e > a)
		madvise((void *)a, e - a, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)n;
#endif
}

/* Room for n bytes among the packed strings; NULL when out of memory. */
static char *pool_room(struct nw_lists *l, size_t n)
{
	char *p;

	if (n > POOL_CHUNK / 4)
		return nw_arena_alloc_raw(&l->arena, n);
	if (l->pool_left < n) {
		if (!(l->pool = nw_arena_alloc_raw(&l->arena, POOL_CHUNK)))
			return NULL;
		nw_lists_prefault(l->pool, POOL_CHUNK);
		l->pool_left = POOL_CHUNK;
	}
	p = l->pool;
	l->pool += n;
	l->pool_left -= n;
	return p;
}

/* 1 when s holds only bytes 0x20..0x7E; eight at a time. */
static int printable_ascii(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t v;

		memcpy(&v, s + i, 8);
		/* a high bit, a byte below 0x20, or 0x7F (which + 1 sets a high bit) */
		if ((v | (v - ones * 0x20) | (v + ones)) & highs)
			return 0;
	}
	for (; i < n; i++) {
		if ((unsigned char)(s[i] - 0x20) >= 0x5F)
			return 0;
	}
	return 1;
}

/*
 * A kept copy of s: valid UTF-8 (a field that is not is read as Latin-1),
 * control characters turned into spaces, outer spaces trimmed.
 */
static const char *pool_dup(struct nw_lists *l, const char *s, size_t n)
{
	int utf8;
	char *p, *o;
	size_t i;

	while (n && (unsigned char)*s <= ' ') {
		s++;
		n--;
	}
	while (n && (unsigned char)s[n - 1] <= ' ')
		n--;
	if (!n)
		s = "";		     /* an absent field may come as NULL */
	if (printable_ascii(s, n)) { /* as OFAC's files are */
		if (!(p = pool_room(l, n + 1)))
			return NULL;
		memcpy(p, s, n);
		p[n] = '\0';
		return p;
	}
	utf8 = nw_utf8_valid(s, n);
	if (!(p = pool_room(l, (utf8 ? n : 2 * n) + 1)))
		return NULL;
	for (i = 0, o = p; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7F || (!utf8 && c >= 0x80 && c < 0xA0))
			*o++ = ' ';
		else if (!utf8 && c >= 0x80)
			o += nw_utf8_encode(c, o);
		else
			*o++ = (char)c;
	}
	*o = '\0';
	return p;
}

int nw_lists_grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t old = *cap;

	if (need <= old)
		return 0;
	if (nw_grow(p, cap, need, size))
		return -1;
	nw_lists_prefault((char *)*p + old * size, (*cap - old) * size);
	return 0;
}

static int is_null(const char *s, size_t n)
{
	return !n || (n == 3 && !memcmp(s, "-0-", 3));
}

/* ----- files and CSV ----- */

/*
 * A file's bytes, NUL-terminated.  Anonymous memory mapped and populated
 * at once: a 2 MB buffer faulted in page by page costs more than reading
 * the file into it.  Reused from one file to the next.
 */
struct filebuf {
	char *p;
	size_t cap; /* bytes mapped; 0 when none */
};

#ifndef MAP_POPULATE
#define MAP_POPULATE 0
#endif

static int filebuf_reserve(struct filebuf *b, size_t need)
{
	void *p;

	if (need <= b->cap)
		return 0;
	if (b->cap)
		munmap(b->p, b->cap);
	b->cap = 0;
	p = mmap(NULL, need, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1,
		 0);
	if (p == MAP_FAILED)
		return -1;
	b->p = p;
	b->cap = need;
	return 0;
}

static void filebuf_release(struct filebuf *b)
{
	if (b->cap)
		munmap(b->p, b->cap);
	b->p = NULL;
	b->cap = 0;
}

/*
 * Read path whole into b; *len is its size.  Returns NW_OK, 1 when
 * optional and missing, or an error.
 */
static int read_whole(const char *path, int optional, struct filebuf *b, size_t *len,
		      struct nw_err *e)
{
	struct stat st;
	size_t got = 0, size;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*len = 0;
	if (fd < 0) {
		if (optional && errno == ENOENT)
			return 1;
		return nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return nw_errorf(e, NW_EIO, "%s: not a regular file", path);
	}
	if ((uintmax_t)st.st_size > NW_LISTS_MAX_FILE) {
		close(fd);
		return nw_errorf(e, NW_ETOOBIG, "%s: larger than %u bytes", path,
				 NW_LISTS_MAX_FILE);
	}
	size = (size_t)st.st_size;
	if (filebuf_reserve(b, size + 1)) {
		close(fd);
		return nw_errorf(e, NW_ENOMEM, "%s: out of memory", path);
	}
	while (got < size) {
		ssize_t r = read(fd, b->p + got, size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break; /* the file shrank: parse what was there */
		got += (size_t)r;
	}
	close(fd);
	b->p[got] = '\0';
	*len = got;
	return NW_OK;
}

/* Room for more entries and names, so that the arrays grow once. */
static int reserve(struct nw_lists *l, size_t entries, size_t names)
{
	return nw_lists_grow((void **)&l->ent, &l->capent, l->nent + entries, sizeof(*l->ent)) ||
	       nw_lists_grow((void **)&l->names, &l->capnames, l->nnames + names,
			     sizeof(*l->names));
}

struct csv {
	char *p, *end;
	size_t line; /* line of the next record */
	const char *path;
};

struct field {
	char *s;
	size_t n; /* 0 for OFAC's null "-0- " too */
};

static int at_eol(const struct csv *c)
{
	return c->p >= c->end || *c->p == '\n' ||
	       (*c->p == '\r' && (c->p + 1 >= c->end || c->p[1] == '\n'));
}

/* Past the separator after a field: 0 when another field follows, 1 at the end of a record. */
static int csv_sep(struct csv *c)
{
	if (c->p < c->end && *c->p == ',') {
		c->p++;
		return 0;
	}
	if (c->p < c->end && *c->p == '\r')
		c->p++;
	if (c->p < c->end && *c->p == '\n')
		c->p++;
	c->line++;
	return 1;
}

/* Lines in [p, end). */
static size_t newlines(const char *p, const char *end)
{
	size_t k = 0;

	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		k++;
		p++;
	}
	return k;
}

/* A quoted field: "" inside stands for one quote and is undone in place. */
static int csv_quoted(struct csv *c, struct field *f, size_t line, struct nw_err *e)
{
	char *w = ++c->p;

	f->s = w;
	for (;;) {
		char *q = memchr(c->p, '"', (size_t)(c->end - c->p));
		size_t run = (size_t)((q ? q : c->end) - c->p);

		if (!q)
			return nw_errorf(e, NW_EPARSE, "%s:%zu: quoted field never ends", c->path,
					 line);
		if ((size_t)(w - f->s) + run > NW_LISTS_MAX_FIELD)
			return nw_errorf(e, NW_ETOOBIG, "%s:%zu: field longer than %d bytes",
					 c->path, line, NW_LISTS_MAX_FIELD);
		c->line += newlines(c->p, q);
		if (w != c->p)
			memmove(w, c->p, run);
		w += run;
		c->p = q + 1;
		if (c->p < c->end && *c->p == '"') {
			*w++ = '"';
			c->p++;
			continue;
		}
		break;
	}
	f->n = (size_t)(w - f->s);
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
	if (!at_eol(c) && *c->p != ',')
		return nw_errorf(e, NW_EPARSE, "%s:%zu: text after a closing quote", c->path,
				 c->line);
	return csv_sep(c);
}

/* One field and its separator: 0 when another field follows, 1 at the end of the record. */
static int csv_field(struct csv *c, struct field *f, size_t line, struct nw_err *e)
{
	char *p = c->p, *end = c->end, *s; /* locals: a char store may alias c->p */
	size_t n;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p == '"') {
		c->p = p;
		return csv_quoted(c, f, line, e);
	}
	for (s = p; p < end && *p != ',' && *p != '\n'; p++)
		;
	for (n = (size_t)(p - s); n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r');)
		n--;
	c->p = p;
	if (n > NW_LISTS_MAX_FIELD)
		return nw_errorf(e, NW_ETOOBIG, "%s:%zu: field longer than %d bytes", c->path, line,
				 NW_LISTS_MAX_FIELD);
	f->s = s;
	f->n = is_null(s, n) ? 0 : n;
	return csv_sep(c);
}

/* Only 0x1A, spaces and line ends from p on: DOS's end-of-file mark. */
static int only_eof_mark(const char *p, const char *end)
{
	for (; p < end; p++) {
		if (*p != 0x1A && *p != '\r' && *p != '\n' && *p != ' ')
			return 0;
	}
	return 1;
}

/*
 * The next record into f (at most MAX_FIELDS kept).  Returns the number of
 * fields it has, 0 at the end of the file, or an error; *line is the line
 * it starts on.  Blank lines are skipped.
 */
static int csv_record(struct csv *c, struct field *f, size_t *line, struct nw_err *e)
{
	int nf = 0, rc;

	for (;;) {
		if (c->p >= c->end || (*c->p == 0x1A && only_eof_mark(c->p, c->end)))
			return 0;
		if (*c->p == '\n' || (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')) {
			c->p += *c->p == '\r' ? 2 : 1;
			c->line++;
			continue;
		}
		break;
	}
	*line = c->line;
	do {
		struct field tmp;

		rc = csv_field(c, nf < MAX_FIELDS ? &f[nf] : &tmp, *line, e);
		if (rc < 0)
			return rc;
		if (nf < MAX_FIELDS * 64)
			nf++;
	} while (rc == 0);
	return nf;
}

/* ----- entries ----- */

static struct nw_list_entry *add_entry(struct nw_lists *l)
{
	struct nw_list_entry *en;

	if (nw_lists_grow((void **)&l->ent, &l->capent, l->nent + 1, sizeof(*l->ent)))
		return NULL;
	en = &l->ent[l->nent++];
	memset(en, 0, sizeof(*en));
	en->programs = en->countries = en->note = "";
	return en;
}

static int add_name(struct nw_lists *l, size_t entry, const char *s, size_t n, int flags)
{
	struct nw_list_name *nm;
	const char *text;

	if (!(text = pool_dup(l, s, n)))
		return NW_ENOMEM;
	if (!*text)
		return NW_OK;
	if (nw_lists_grow((void **)&l->names, &l->capnames, l->nnames + 1, sizeof(*l->names)))
		return NW_ENOMEM;
	nm = &l->names[l->nnames++];
	memset(nm, 0, sizeof(*nm));
	nm->text = text;
	nm->entry = (uint32_t)entry;
	nm->flags = (uint8_t)flags;
	if (l->ent[entry].kind == NW_KIND_PERSON && memchr(text, ',', strlen(text)))
		nm->flags |= NW_NAME_LASTFIRST;
	return NW_OK;
}

/* Words written in lower case inside a name ("Banco Nacional de Cuba"). Sorted. */
static const char *const particles[] = {
    "al",  "and", "at",	 "bin", "bint", "da",  "das", "de",  "del", "della", "den",
    "der", "di",  "do",	 "dos", "du",	"el",  "et",  "for", "ibn", "in",    "la",
    "las", "le",  "los", "of",	"on",	"the", "und", "van", "von", "y",
};

/* Words kept in capitals although they have vowels. Sorted. */
static const char *const acronyms[] = {
    "ii", "iii", "iv", "oao", "ooo", "pao", "uae", "uk", "usa", "vi", "vii", "viii", "zao",
};

/* Vowelless words that are not acronyms. Sorted. */
static const char *const vowelless[] = {"dr", "jr", "ltd", "mr", "mrs", "ms", "mt", "sr", "st"};

static int in_list(const char *w, const char *const *set, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(w, set[mid]);

		if (!c)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

#define IN_LIST(w, set) in_list(w, set, sizeof(set) / sizeof(set[0]))

static int word_char(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') ||
	       (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'z') || c == '\'' || c == '.';
}

/* One word of an all-capitals name in sensible case, in place. */
static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* One word of an all-capitals name in sensible case, in place. */
static void case_word(char *w, size_t n, int first)
{
	char low[64];
	size_t i, letters = 0, vowels = 0, dots = 0;

	if (n >= sizeof(low))
		return;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];

		if ((c >= '0' && c <= '9') || c >= 0x80)
			return;
		low[i] = (char)ascii_lower(c);
		letters += low[i] >= 'a' && low[i] <= 'z';
		vowels += is_vowel(low[i]);
		dots += c == '.';
	}
	low[n] = '\0';
	if (dots && dots * 2 >= n && n > 2) /* "S.A.", "U.S." */
		return;
	if (n > 1 && low[n - 1] == '.')
		low[n - 1] = '\0';
	if ((n <= 4 && IN_LIST(low, acronyms)) ||
	    (letters > 1 && !vowels && !IN_LIST(low, vowelless)))
		return;
	memcpy(w, low, n);
	w[n - 1] = low[n - 1] ? low[n - 1] : '.';
	if (!first && n <= 5 && IN_LIST(low, particles))
		return;
	w[0] = (char)toupper((unsigned char)w[0]);
	/* O'Brien, but Kata'ib */
	if (n > 2 && w[1] == '\'')
		w[2] = (char)toupper((unsigned char)w[2]);
}

/* s in sensible case when it has no lower-case letter, else as it is; into out. */
static size_t fix_case(const char *s, size_t n, char *out, int first)
{
	size_t i = 0, j;

	memcpy(out, s, n);
	out[n] = '\0';
	for (j = 0; j < n; j++) {
		if (s[j] >= 'a' && s[j] <= 'z')
			return n;
	}
	while (i < n) {
		for (j = i; j < n && word_char((unsigned char)out[j]); j++)
			;
		if (j > i) {
			case_word(out + i, j - i, first);
			first = 0;
		}
		i = j + 1;
	}
	return n;
}

/* Family names whose bearers write them first, when nothing says where they are from. Sorted. */
static const char *const korean_surnames[] = {
    "an",  "chang", "cho", "choe", "chon", "han",  "hong", "hwang", "hyon", "jang", "jo",
    "jon", "jong",  "ju",  "kang", "kim",  "ko",   "kwon", "mun",   "nam",  "o",    "paek",
    "pak", "ri",    "ryu", "sin",  "so",   "song", "yang", "yu",    "yun",
};

static int family_first(const struct nw_list_entry *en, const char *last, size_t nlast,
			const char *given, size_t ngiven)
{
	static const char *const east[] = {"CN", "HK", "KP", "KR", "MO", "TW", "VN"};
	char low[16];
	size_t i, words = 1;

	for (i = 0; i < sizeof(east) / sizeof(east[0]); i++) {
		if (!strcmp(en->country, east[i]))
			return 1;
	}
	if (en->country[0] || nlast >= sizeof(low))
		return 0;
	for (i = 0; i < nlast; i++)
		low[i] = (char)tolower((unsigned char)last[i]);
	low[nlast] = '\0';
	for (i = 0; i < ngiven; i++)
		words += given[i] == ' ';
	return words == 2 && IN_LIST(low, korean_surnames);
}

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* "a b c" into out from up to three parts, skipping empty ones; returns the length. */
static size_t join3(char *out, const char *a, size_t na, const char *b, size_t nb, const char *c,
		    size_t nc)
{
	const char *part[3] = {a, b, c};
	size_t len[3] = {na, nb, nc}, k = 0, i;

	for (i = 0; i < 3; i++) {
		if (!len[i])
			continue;
		if (k)
			out[k++] = ' ';
		memcpy(out + k, part[i], len[i]);
		k += len[i];
	}
	out[k] = '\0';
	return k;
}

/* "JONG, Song Hwa" -> "Jong Song Hwa"; "NORIEGA, Manuel Antonio" -> "Manuel Antonio Noriega". */
static int set_display(struct nw_lists *l, struct nw_list_entry *en, uint8_t *east)
{
	char buf[3 * NW_LISTS_MAX_FIELD + 8], a[NW_LISTS_MAX_FIELD + 1], b[NW_LISTS_MAX_FIELD + 1];
	const char *s = en->name, *c1 = strchr(s, ','), *last = s, *given, *suffix = "";
	const char *c2;
	size_t n = strlen(s), nlast, ngiven, nsuffix = 0, la, lb, k;

	if (n > NW_LISTS_MAX_FIELD)
		n = NW_LISTS_MAX_FIELD;
	*east = 0;
	if (en->kind != NW_KIND_PERSON || !c1 || (size_t)(c1 - s) >= n) {
		fix_case(s, n, buf, 1);
		return (en->display = pool_dup(l, buf, n)) ? NW_OK : NW_ENOMEM;
	}
	nlast = (size_t)(c1 - s);
	given = c1 + 1;
	ngiven = n - nlast - 1;
	if ((c2 = memchr(given, ',', ngiven))) { /* "DELOS REYES, Feliciano Semborio, Jr." */
		suffix = c2 + 1;
		nsuffix = (size_t)(s + n - suffix);
		ngiven = (size_t)(c2 - given);
	}
	trim(&last, &nlast);
	trim(&given, &ngiven);
	trim(&suffix, &nsuffix);
	la = fix_case(last, nlast, a, 0);
	lb = fix_case(given, ngiven, b, 1);
	if ((*east = (uint8_t)family_first(en, last, nlast, given, ngiven))) {
		fix_case(last, nlast, a, 1);
		k = join3(buf, a, la, b, lb, suffix, nsuffix);
	} else {
		k = join3(buf, b, lb, a, la, suffix, nsuffix);
	}
	return (en->display = pool_dup(l, buf, k)) ? NW_OK : NW_ENOMEM;
}

/*
 * Point every entry at its aliases: alias_ptr holds them grouped by entry,
 * in the order the lists give them (a counting sort of the alias names).
 */
static int finish_aliases(struct nw_lists *l)
{
	size_t i, n = 0;
	const char **ap;

	for (i = 0; i < l->nent; i++)
		l->ent[i].naliases = 0;
	for (i = 0; i < l->nnames; i++) {
		if (l->names[i].flags & NW_NAME_ALIAS) {
			l->ent[l->names[i].entry].naliases++;
			n++;
		}
	}
	if (!(ap = realloc(l->alias_ptr, (n ? n : 1) * sizeof(*ap))))
		return NW_ENOMEM;
	l->alias_ptr = ap;
	l->nalias_ptr = n;
	for (i = 0, n = 0; i < l->nent; i++) {
		l->ent[i].aliases = ap + n;
		n += l->ent[i].naliases;
		l->ent[i].naliases = 0;
	}
	for (i = 0; i < l->nnames; i++) {
		struct nw_list_entry *en = &l->ent[l->names[i].entry];

		if (l->names[i].flags & NW_NAME_ALIAS)
			ap[(size_t)(en->aliases - ap) + en->naliases++] = l->names[i].text;
	}
	return NW_OK;
}

struct mark {
	size_t nent, nnames, ntok, njoin;
};

static void mark_take(const struct nw_lists *l, struct mark *m)
{
	m->nent = l->nent;
	m->nnames = l->nnames;
	m->ntok = l->idx.ntok;
	m->njoin = l->idx.njoin;
}

/* Undo a failed load: forget its entries and names (their strings stay in the arena). */
static int rollback(struct nw_lists *l, const struct mark *m, int rc)
{
	l->nent = m->nent;
	l->nnames = m->nnames;
	l->idx.ntok = m->ntok;
	l->idx.njoin = m->njoin;
	l->idx.nindexed = m->nnames;
	if (finish_aliases(l) == NW_OK)
		nw_link_index(l, NULL);
	return rc;
}

/* Names and aliases are in; display names, aliases and the index follow. */
static int finish_load(struct nw_lists *l, const struct mark *m, struct nw_err *e)
{
	uint8_t *east = calloc(l->nent - m->nent + 1, 1);
	size_t i;
	int rc = NW_OK;

	if (!east)
		return nw_errorf(e, NW_ENOMEM, "lists: out of memory");
	for (i = m->nent; i < l->nent && !rc; i++)
		rc = set_display(l, &l->ent[i], &east[i - m->nent]);
	for (i = m->nnames; i < l->nnames; i++) {
		if (east[l->names[i].entry - m->nent])
			l->names[i].flags |= NW_NAME_EAST;
	}
	free(east);
	if (rc || finish_aliases(l))
		return nw_errorf(e, NW_ENOMEM, "lists: out of memory");
	return nw_link_index(l, e);
}

void nw_lists_init(struct nw_lists *l)
{
	memset(l, 0, sizeof(*l));
	nw_arena_init(&l->arena);
}

void nw_lists_free(struct nw_lists *l)
{
	nw_link_index_free(l);
	free(l->ent);
	free(l->names);
	free(l->alias_ptr);
	nw_arena_release(&l->arena);
	nw_lists_init(l);
}

/* ----- OFAC ----- */

struct cc_set {
	char cc[MAX_COUNTRIES][3];
	uint8_t n;
};

struct numidx {
	uint32_t num, idx;
};

struct ofac {
	struct nw_lists *l;
	size_t e0;	    /* first entry of this load */
	uint32_t *ent_num;  /* per entry of this load */
	struct numidx *ord; /* the entries of this load by ent_num */
	struct cc_set *cc;  /* per entry of this load */
	size_t cap, capcc;
	const char *list;   /* "OFAC-SDN", shared */
	struct filebuf buf; /* the file being parsed, one buffer for all three */
	char cname[64];	    /* the last country name looked up, and its code */
	size_t cname_len;
	const char *ccode;
	char path[4096];
};

static void cc_add(struct cc_set *s, const char *code)
{
	int i;

	if (!code)
		return;
	for (i = 0; i < s->n; i++) {
		if (!strcmp(s->cc[i], code))
			return;
	}
	if (s->n < MAX_COUNTRIES)
		memcpy(s->cc[s->n++], code, 3);
}

static int starts(const char *p, const char *q, const char *prefix)
{
	size_t n = strlen(prefix);

	return (size_t)(q - p) >= n && !memcmp(p, prefix, n);
}

/*
 * The remarks, one "; "-separated item at a time: "nationality X",
 * "citizen X" (countries) and "a.k.a. 'X'", "f.k.a. 'X'" (weak aliases:
 * nicknames, mostly).
 */
static int scan_remarks(struct ofac *o, size_t entry, struct cc_set *cc, const char *r, size_t n)
{
	const char *p = r, *end = r + n;

	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p)), *q = semi ? semi : end;

		while (p < q && *p == ' ')
			p++;
		if (starts(p, q, "nationality "))
			cc_add(cc, nw_lists_country_code(p + 12, (size_t)(q - p - 12)));
		else if (starts(p, q, "alt. nationality "))
			cc_add(cc, nw_lists_country_code(p + 17, (size_t)(q - p - 17)));
		else if (starts(p, q, "citizen "))
			cc_add(cc, nw_lists_country_code(p + 8, (size_t)(q - p - 8)));
		else if (q - p > 8 && !memcmp(p + 1, ".k.a. '", 7)) {
			const char *v = p + 8, *w = q;

			while (w > v && (w[-1] == '.' || w[-1] == ' '))
				w--;
			if (w > v + 1 && w[-1] == '\'' && w - 1 - v <= MAX_REMARK_ALIAS &&
			    add_name(o->l, entry, v, (size_t)(w - 1 - v),
				     NW_NAME_ALIAS | NW_NAME_WEAK))
				return NW_ENOMEM;
		}
		p = q + 1;
	}
	return NW_OK;
}

/* "DPRK3] [DPRK4" -> "DPRK3 DPRK4" */
static const char *programs(struct nw_lists *l, const char *s, size_t n)
{
	char buf[NW_LISTS_MAX_FIELD + 1];
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		char c = s[i] == '[' || s[i] == ']' ? ' ' : s[i];

		if (c == ' ' && (!k || buf[k - 1] == ' '))
			continue;
		buf[k++] = c;
	}
	while (k && buf[k - 1] == ' ')
		k--;
	return pool_dup(l, buf, k);
}

static int parse_ent_num(const struct field *f, uint32_t *v)
{
	uint32_t x = 0;
	size_t i;

	if (!f->n || f->n > 9)
		return -1;
	for (i = 0; i < f->n; i++) {
		if (f->s[i] < '0' || f->s[i] > '9')
			return -1;
		x = x * 10 + (uint32_t)(f->s[i] - '0');
	}
	*v = x;
	return 0;
}

static int sdn_kind(const struct field *f)
{
	if (f->n == 10 && !strncasecmp(f->s, "individual", 10))
		return NW_KIND_PERSON;
	if (f->n == 6 && !strncasecmp(f->s, "vessel", 6))
		return NW_KIND_VESSEL;
	if (f->n == 8 && !strncasecmp(f->s, "aircraft", 8))
		return NW_KIND_AIRCRAFT;
	return NW_KIND_ORG;
}

static int sdn_row(struct ofac *o, struct field *f, int nf, size_t line, struct nw_err *e)
{
	struct nw_lists *l = o->l;
	struct nw_list_entry *en;
	size_t i = l->nent - o->e0;
	uint32_t num;
	int rc;

	if (nf < 3)
		return nw_errorf(e, NW_EPARSE, "%s:%zu: %d fields, expected 12", o->path, line, nf);
	for (; nf < 12; nf++) {
		f[nf].s = "";
		f[nf].n = 0;
	}
	if (parse_ent_num(&f[0], &num))
		return nw_errorf(e, NW_EPARSE, "%s:%zu: bad ent_num", o->path, line);
	if (!f[1].n)
		return nw_errorf(e, NW_EPARSE, "%s:%zu: empty name", o->path, line);
	if (nw_lists_grow((void **)&o->ent_num, &o->cap, i + 1, sizeof(*o->ent_num)) ||
	    nw_lists_grow((void **)&o->cc, &o->capcc, i + 1, sizeof(*o->cc)) ||
	    !(en = add_entry(l)))
		return nw_errorf(e, NW_ENOMEM, "%s: out of memory", o->path);
	o->ent_num[i] = num;
	o->cc[i].n = 0;
	en->list = o->list;
	en->kind = (uint8_t)sdn_kind(&f[2]);
	if (!(en->uid = pool_dup(l, f[0].s, f[0].n)) || !(en->name = pool_dup(l, f[1].s, f[1].n)) ||
	    !(en->programs = programs(l, f[3].s, f[3].n)))
		return nw_errorf(e, NW_ENOMEM, "%s: out of memory", o->path);
	if ((rc = add_name(l, l->nent - 1, f[1].s, f[1].n, 0)) ||
	    (rc = scan_remarks(o, l->nent - 1, &o->cc[i], f[11].s, f[11].n)))
		return nw_errorf(e, rc, "%s: out of memory", o->path);
	if (en->kind == NW_KIND_VESSEL)
		cc_add(&o->cc[i], nw_lists_country_code(f[9].s, f[9].n));
	return NW_OK;
}

static int cmp_numidx(const void *a, const void *b)
{
	uint32_t x = ((const struct numidx *)a)->num, y = ((const struct numidx *)b)->num;

	return x < y ? -1 : x > y;
}

/* Index the entries of sdn.csv by ent_num (OFAC sorts them; nothing relies on it). */
static int order_entries(struct ofac *o, struct nw_err *e)
{
	size_t n = o->l->nent - o->e0, i, sorted = 1;

	if (!(o->ord = malloc((n ? n : 1) * sizeof(*o->ord))))
		return nw_errorf(e, NW_ENOMEM, "%s: out of memory", o->path);
	for (i = 0; i < n; i++) {
		o->ord[i].num = o->ent_num[i];
		o->ord[i].idx = (uint32_t)i;
		sorted &= !i || o->ord[i - 1].num < o->ord[i].num;
	}
	if (!sorted)
		qsort(o->ord, n, sizeof(*o->ord), cmp_numidx);
	for (i = 1; i < n; i++) {
		if (o->ord[i - 1].num == o->ord[i].num)
			return nw_errorf(e, NW_EPARSE, "%s: ent_num %u listed twice", o->path,
					 o->ord[i].num);
	}
	return NW_OK;
}

/* The entry of this load with ent_num num (an offset from e0), or -1. */
static long find_ent(const struct ofac *o, uint32_t num)
{
	size_t lo = 0, hi = o->l->nent - o->e0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (o->ord[mid].num == num)
			return (long)o->ord[mid].idx;
		if (o->ord[mid].num < num)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int alt_row(struct ofac *o, struct field *f, int nf, size_t line, struct nw_err *e)
{
	uint32_t num;
	long i;

	if (nf < 4)
		return nw_errorf(e, NW_EPARSE, "%s:%zu: %d fields, expected 5", o->path, line, nf);
	if (parse_ent_num(&f[0], &num))
		return nw_errorf(e, NW_EPARSE, "%s:%zu: bad ent_num", o->path, line);
	if ((i = find_ent(o, num)) < 0 || !f[3].n)
		return NW_OK; /* snapshots of different days do not always line up */
	if (add_name(o->l, o->e0 + (size_t)i, f[3].s, f[3].n, NW_NAME_ALIAS))
		return nw_errorf(e, NW_ENOMEM, "%s: out of memory", o->path);
	return NW_OK;
}

/* add.csv names one country row after row: the last lookup is remembered. */
static const char *ofac_country(struct ofac *o, const char *s, size_t n)
{
	if (n == o->cname_len && !memcmp(s, o->cname, n))
		return o->ccode;
	o->ccode = nw_lists_country_code(s, n);
	o->cname_len = (size_t)-1;
	if (n < sizeof(o->cname)) {
		memcpy(o->cname, s, n);
		o->cname_len = n;
	}
	return o->ccode;
}

static int add_row(struct ofac *o, struct field *f, int nf, size_t line, struct nw_err *e)
{
	uint32_t num;
	long i;

	if (nf < 5)
		return nw_errorf(e, NW_EPARSE, "%s:%zu: %d fields, expected 6", o->path, line, nf);
	if (parse_ent_num(&f[0], &num))
		return nw_errorf(e, NW_EPARSE, "%s:%zu: bad ent_num", o->path, line);
	if ((i = find_ent(o, num)) >= 0 && f[4].n)
		cc_add(&o->cc[i], ofac_country(o, f[4].s, f[4].n));
	return NW_OK;
}

typedef int (*row_fn)(struct ofac *, struct field *, int, size_t, struct nw_err *);

static int ofac_file(struct ofac *o, const char *dir, const char *file, int optional, row_fn fn,
		     struct nw_err *e)
{
	struct field f[MAX_FIELDS];
	struct csv c;
	size_t len, line, lines;
	int rc, nf;

	snprintf(o->path, sizeof(o->path), "%s/%s", dir, file);
	if ((rc = read_whole(o->path, optional, &o->buf, &len, e)) != NW_OK)
		return rc == 1 ? NW_OK : rc;
	lines = newlines(o->buf.p, o->buf.p + len);
	/* sdn.csv: an entry, a name and its nicknames a line; alt.csv: a name a line */
	if (reserve(o->l, fn == sdn_row ? lines : 0,
		    fn == sdn_row   ? lines + lines / 4
		    : fn == alt_row ? lines
				    : 0))
		return nw_errorf(e, NW_ENOMEM, "%s: out of memory", o->path);
	if (fn == sdn_row &&
	    (nw_lists_grow((void **)&o->ent_num, &o->cap, lines + 1, sizeof(*o->ent_num)) ||
	     nw_lists_grow((void **)&o->cc, &o->capcc, lines + 1, sizeof(*o->cc))))
		return nw_errorf(e, NW_ENOMEM, "%s: out of memory", o->path);
	c.p = o->buf.p;
	c.end = o->buf.p + len;
	c.line = 1;
	c.path = o->path;
	while ((nf = csv_record(&c, f, &line, e)) > 0) {
		if ((rc = fn(o, f, nf, line, e)) != NW_OK)
			break;
	}
	return nf < 0 ? nf : rc;
}

/* Each entry's country and the list of all its countries. */
static int ofac_countries(struct ofac *o)
{
	struct nw_lists *l = o->l;
	size_t i;

	for (i = o->e0; i < l->nent; i++) {
		const struct cc_set *s = &o->cc[i - o->e0];
		char buf[MAX_COUNTRIES * 3];
		int k;

		if (!s->n)
			continue;
		memcpy(l->ent[i].country, s->cc[0], 3);
		for (k = 0; k < s->n; k++) {
			memcpy(buf + 3 * k, s->cc[k], 2);
			buf[3 * k + 2] = ' ';
		}
		if (!(l->ent[i].countries = pool_dup(l, buf, 3 * (size_t)s->n - 1)))
			return NW_ENOMEM;
	}
	return NW_OK;
}

int nw_lists_load_ofac(struct nw_lists *l, const char *dir, struct nw_err *e)
{
	struct ofac *o = calloc(1, sizeof(*o));
	struct mark m;
	int rc;

	if (!o)
		return nw_errorf(e, NW_ENOMEM, "%s: out of memory", dir);
	mark_take(l, &m);
	o->l = l;
	o->e0 = l->nent;
	o->cname_len = (size_t)-1;
	if (!(o->list = pool_dup(l, "OFAC-SDN", 8)))
		rc = nw_errorf(e, NW_ENOMEM, "%s: out of memory", dir);
	else if (!(rc = ofac_file(o, dir, "sdn.csv", 0, sdn_row, e)) &&
		 !(rc = order_entries(o, e)) &&
		 !(rc = ofac_file(o, dir, "alt.csv", 1, alt_row, e)) &&
		 !(rc = ofac_file(o, dir, "add.csv", 1, add_row, e))) {
		if (ofac_countries(o))
			rc = nw_errorf(e, NW_ENOMEM, "%s: out of memory", dir);
		else
			rc = finish_load(l, &m, e);
	}
	filebuf_release(&o->buf);
	free(o->ent_num);
	free(o->ord);
	free(o->cc);
	free(o);
	return rc ? rollback(l, &m, rc) : NW_OK;
}

/* ----- watchlists ----- */

static int watch_kind(const char *s, size_t n)
{
	static const struct {
		const char *name;
		int kind;
	} kinds[] = {
	    {"person", NW_KIND_PERSON},	   {"individual", NW_KIND_PERSON},
	    {"org", NW_KIND_ORG},	   {"organization", NW_KIND_ORG},
	    {"organisation", NW_KIND_ORG}, {"entity", NW_KIND_ORG},
	    {"company", NW_KIND_ORG},	   {"vessel", NW_KIND_VESSEL},
	    {"ship", NW_KIND_VESSEL},	   {"aircraft", NW_KIND_AIRCRAFT},
	};
	size_t i;

	if (!n || (n == 1 && *s == '-'))
		return NW_KIND_NONE;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strlen(kinds[i].name) == n && !strncasecmp(s, kinds[i].name, n))
			return kinds[i].kind;
	}
	return -1;
}

/* Split s at sep into at most max trimmed fields; returns how many. */
static int split(const char *s, size_t n, char sep, struct field *f, int max)
{
	int k = 0;

	while (k < max) {
		const char *q = memchr(s, sep, n), *v = s;
		size_t vn = q ? (size_t)(q - s) : n;

		if (k == max - 1 && sep == '\t')
			vn = n; /* the note keeps any further tabs */
		f[k].n = vn;
		trim(&v, &f[k].n);
		f[k].s = (char *)v;
		k++;
		if (!q || vn == n)
			break;
		s = q + 1;
		n -= vn + 1;
	}
	return k;
}

static int watch_line(struct nw_lists *l, const char *list, const char *path, size_t line,
		      const char *s, size_t n, struct nw_err *e)
{
	struct field f[5] = {{0}}, al[MAX_ALIASES];
	struct nw_list_entry *en;
	const char *cc = "";
	int nf = split(s, n, '\t', f, 5), kind, na, i;
	char uid[24];

	for (i = 0; i < nf; i++) {
		if (f[i].n > NW_LISTS_MAX_FIELD)
			return nw_errorf(e, NW_ETOOBIG, "%s:%zu: field longer than %d bytes", path,
					 line, NW_LISTS_MAX_FIELD);
	}
	if (!f[0].n)
		return nw_errorf(e, NW_EPARSE, "%s:%zu: empty name", path, line);
	if ((kind = watch_kind(f[2].s, f[2].n)) < 0)
		return nw_errorf(e, NW_EPARSE, "%s:%zu: unknown kind \"%.*s\"", path, line,
				 (int)(f[2].n > 40 ? 40 : f[2].n), f[2].s);
	if (f[3].n == 2 && isalpha((unsigned char)f[3].s[0]) && isalpha((unsigned char)f[3].s[1]))
		cc = f[3].s;
	else if (f[3].n && !(f[3].n == 1 && *f[3].s == '-') &&
		 !(cc = nw_lists_country_code(f[3].s, f[3].n)))
		return nw_errorf(e, NW_EPARSE, "%s:%zu: unknown country \"%.*s\"", path, line,
				 (int)(f[3].n > 40 ? 40 : f[3].n), f[3].s);
	if (!(en = add_entry(l)))
		return nw_errorf(e, NW_ENOMEM, "%s: out of memory", path);
	en->list = list;
	en->kind = (uint8_t)kind;
	if (*cc) {
		en->country[0] = (char)toupper((unsigned char)cc[0]);
		en->country[1] = (char)toupper((unsigned char)cc[1]);
		/* not en->country itself: the entries array may move */
		if (!(en->countries = pool_dup(l, en->country, 2)))
			return nw_errorf(e, NW_ENOMEM, "%s: out of memory", path);
	}
	snprintf(uid, sizeof(uid), "%zu", line);
	if (!(en->uid = pool_dup(l, uid, strlen(uid))) ||
	    !(en->name = pool_dup(l, f[0].s, f[0].n)) ||
	    !(en->note = pool_dup(l, f[4].s, f[4].n)) ||
	    add_name(l, l->nent - 1, f[0].s, f[0].n, 0))
		return nw_errorf(e, NW_ENOMEM, "%s: out of memory", path);
	na = f[1].n ? split(f[1].s, f[1].n, ';', al, MAX_ALIASES) : 0;
	for (i = 0; i < na; i++) {
		if (al[i].n && add_name(l, l->nent - 1, al[i].s, al[i].n, NW_NAME_ALIAS))
			return nw_errorf(e, NW_ENOMEM, "%s: out of memory", path);
	}
	return NW_OK;
}

static int watch_parse(struct nw_lists *l, const char *list, const char *path, char *data,
		       size_t len, struct nw_err *e)
{
	const char *p = data, *end = data + len;
	size_t line = 0;
	int rc;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *s = p, *t = p;
		size_t n = (size_t)((nl ? nl : end) - p);

		line++;
		p = nl ? nl + 1 : end;
		if (n && s[n - 1] == '\r')
			n--;
		while (t < s + n && (*t == ' ' || *t == '\t'))
			t++;
		if (t == s + n || *t == '#')
			continue;
		/* The line as it is: a leading tab means an empty name. */
		if ((rc = watch_line(l, list, path, line, s, n, e)) != NW_OK)
			return rc;
	}
	return NW_OK;
}

int nw_lists_load_watchlist(struct nw_lists *l, const char *path, const char *list_name,
			    struct nw_err *e)
{
	struct mark m;
	const char *list;
	struct filebuf b = {NULL, 0};
	size_t len;
	int rc;

	if (!list_name || !*list_name)
		return nw_errorf(e, NW_EINVAL, "%s: a watchlist needs a name", path);
	if ((rc = read_whole(path, 0, &b, &len, e)) != NW_OK) {
		filebuf_release(&b);
		return rc;
	}
	mark_take(l, &m);
	if (!(list = pool_dup(l, list_name, strlen(list_name))))
		rc = nw_errorf(e, NW_ENOMEM, "%s: out of memory", path);
	else if (!(rc = watch_parse(l, list, path, b.p, len, e)))
		rc = finish_load(l, &m, e);
	filebuf_release(&b);
	return rc ? rollback(l, &m, rc) : NW_OK;
}
