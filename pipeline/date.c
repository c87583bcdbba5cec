/*
 * date.c - reading the dates feeds and pages print; formatting UTC times.
 *
 * Small recursive-descent parsers over a cursor: RFC 3339 / ISO 8601
 * ("2018-09-14T08:29:00.5+02:00", "2018-09-14", "20180914T082900Z"), and
 * RFC 822/1123/850, asctime and the human forms news pages print ("Fri, 14
 * Sep 2018 08:29:00 GMT", "September 14, 2018", "14 Sep 2018, 02:29 PM",
 * "14.09.2018 08:29"), with day and month names in English, French,
 * German, Spanish, Portuguese, Italian, Dutch and Russian ("ven., 14 sept.
 * 2018", "Mi, 14. März 2018 08:29 Uhr", "14 de septiembre de 2018",
 * "пт, 14 сен 2018 08:29:00 +0300", "14 сентября 2018 г.").  Every field
 * is range-checked (month 13, Feb 30, hour 25 are rejected) and the whole
 * string must be consumed: trailing junk means NW_DATE_NONE.
 *
 * A name matches when it is spelled out, or abbreviated to at least three
 * letters and every name so abbreviated means the same month ("mar" is
 * March in six languages; "jui", June or July in French, is rejected).  A
 * leading word that could be a weekday or a month ("mar": Tuesday in
 * French, March in English) is tried both ways.  Words are lowercased for
 * ASCII, Latin-1 and Cyrillic letters, the only ones the names use.
 *
 * Conversion is pure integer arithmetic (days_from_civil, after Howard
 * Hinnant's algorithms), so results never depend on TZ, locale or the C
 * library's timegm/mktime.  Zone choices, documented once here:
 *  - no zone at all means UTC (RFC 3339 "unknown local offset" is the
 *    best we can do, and pages rarely print one);
 *  - military single letters other than Z are read as +0000, as RFC 2822
 *    section 4.3 advises, because RFC 822 got their signs backwards;
 *  - only unambiguous zone names are known (CST is US Central, per RFC 822;
 *    IST, AST and GST, which each mean several zones, are rejected);
 *  - a weekday that disagrees with the date is ignored: the numbers win.
 * Years are 1..9999 (two-digit years: < 50 is 20xx, else 19xx; three
 * digits add 1900, both per RFC 2822 section 4.3).  Inputs are short; no
 * allocation happens.
 */
#include <string.h>

#include "date.h"

struct cur {
	const char *p, *end;
};

struct parts {
	int y, mo, d, h, mi, s;
	int off; /* seconds east of UTC */
};

struct zone {
	const char *name;
	int off; /* minutes east of UTC */
};

/* A word and what it means: a month 1..12 or a weekday 0..6. */
struct name {
	const char *s; /* lowercase UTF-8 */
	int v;
};

/* Nominative and genitive for Russian ("сентябрь", "14 сентября"). */
static const struct name month_names[] = {
    {"january", 1},
    {"janvier", 1},
    {"januar", 1},
    {"j\xC3\xA4nner", 1},
    {"enero", 1},
    {"janeiro", 1},
    {"gennaio", 1},
    {"januari", 1},
    {"\xD1\x8F\xD0\xBD\xD0\xB2\xD0\xB0\xD1\x80\xD1\x8C", 1},
    {"\xD1\x8F\xD0\xBD\xD0\xB2\xD0\xB0\xD1\x80\xD1\x8F", 1},
    {"february", 2},
    {"f\xC3\xA9vrier", 2},
    {"fevrier", 2},
    {"februar", 2},
    {"febrero", 2},
    {"fevereiro", 2},
    {"febbraio", 2},
    {"februari", 2},
    {"\xD1\x84\xD0\xB5\xD0\xB2\xD1\x80\xD0\xB0\xD0\xBB\xD1\x8C", 2},
    {"\xD1\x84\xD0\xB5\xD0\xB2\xD1\x80\xD0\xB0\xD0\xBB\xD1\x8F", 2},
    {"march", 3},
    {"mars", 3},
    {"m\xC3\xA4rz", 3},
    {"maerz", 3},
    {"mrz", 3},
    {"marzo", 3},
    {"mar\xC3\xA7o", 3},
    {"marco", 3},
    {"maart", 3},
    {"mrt", 3},
    {"\xD0\xBC\xD0\xB0\xD1\x80\xD1\x82", 3},
    {"\xD0\xBC\xD0\xB0\xD1\x80\xD1\x82\xD0\xB0", 3},
    {"april", 4},
    {"avril", 4},
    {"abril", 4},
    {"aprile", 4},
    {"\xD0\xB0\xD0\xBF\xD1\x80\xD0\xB5\xD0\xBB\xD1\x8C", 4},
    {"\xD0\xB0\xD0\xBF\xD1\x80\xD0\xB5\xD0\xBB\xD1\x8F", 4},
    {"may", 5},
    {"mai", 5},
    {"mayo", 5},
    {"maio", 5},
    {"maggio", 5},
    {"mei", 5},
    {"\xD0\xBC\xD0\xB0\xD0\xB9", 5},
    {"\xD0\xBC\xD0\xB0\xD1\x8F", 5},
    {"june", 6},
    {"juin", 6},
    {"juni", 6},
    {"junio", 6},
    {"junho", 6},
    {"giugno", 6},
    {"\xD0\xB8\xD1\x8E\xD0\xBD\xD1\x8C", 6},
    {"\xD0\xB8\xD1\x8E\xD0\xBD\xD1\x8F", 6},
    {"july", 7},
    {"juillet", 7},
    {"juli", 7},
    {"julio", 7},
    {"julho", 7},
    {"luglio", 7},
    {"\xD0\xB8\xD1\x8E\xD0\xBB\xD1\x8C", 7},
    {"\xD0\xB8\xD1\x8E\xD0\xBB\xD1\x8F", 7},
    {"august", 8},
    {"ao\xC3\xBBt", 8},
    {"aout", 8},
    {"agosto", 8},
    {"augustus", 8},
    {"\xD0\xB0\xD0\xB2\xD0\xB3\xD1\x83\xD1\x81\xD1\x82", 8},
    {"\xD0\xB0\xD0\xB2\xD0\xB3\xD1\x83\xD1\x81\xD1\x82\xD0\xB0", 8},
    {"september", 9},
    {"septembre", 9},
    {"septiembre", 9},
    {"setiembre", 9},
    {"setembro", 9},
    {"settembre", 9},
    {"\xD1\x81\xD0\xB5\xD0\xBD\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8C", 9},
    {"\xD1\x81\xD0\xB5\xD0\xBD\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F", 9},
    {"october", 10},
    {"octobre", 10},
    {"oktober", 10},
    {"octubre", 10},
    {"outubro", 10},
    {"ottobre", 10},
    {"\xD0\xBE\xD0\xBA\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8C", 10},
    {"\xD0\xBE\xD0\xBA\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F", 10},
    {"november", 11},
    {"novembre", 11},
    {"noviembre", 11},
    {"novembro", 11},
    {"\xD0\xBD\xD0\xBE\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8C", 11},
    {"\xD0\xBD\xD0\xBE\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F", 11},
    {"december", 12},
    {"d\xC3\xA9"
     "cembre",
     12},
    {"decembre", 12},
    {"dezember", 12},
    {"diciembre", 12},
    {"dezembro", 12},
    {"dicembre", 12},
    {"\xD0\xB4\xD0\xB5\xD0\xBA\xD0\xB0\xD0\xB1\xD1\x80\xD1\x8C", 12},
    {"\xD0\xB4\xD0\xB5\xD0\xBA\xD0\xB0\xD0\xB1\xD1\x80\xD1\x8F", 12},
};

/*
 * Weekdays, read only to be skipped.  The two-letter abbreviations
 * (German, Dutch, Russian) match only when spelled so.
 */
static const struct name weekday_names[] = {
    {"sunday", 0},
    {"monday", 1},
    {"tuesday", 2},
    {"wednesday", 3},
    {"thursday", 4},
    {"friday", 5},
    {"saturday", 6},
    {"dimanche", 0},
    {"lundi", 1},
    {"mardi", 2},
    {"mercredi", 3},
    {"jeudi", 4},
    {"vendredi", 5},
    {"samedi", 6},
    {"sonntag", 0},
    {"montag", 1},
    {"dienstag", 2},
    {"mittwoch", 3},
    {"donnerstag", 4},
    {"freitag", 5},
    {"samstag", 6},
    {"sonnabend", 6},
    {"domingo", 0},
    {"lunes", 1},
    {"martes", 2},
    {"mi\xC3\xA9rcoles", 3},
    {"miercoles", 3},
    {"jueves", 4},
    {"viernes", 5},
    {"s\xC3\xA1"
     "bado",
     6},
    {"sabado", 6},
    {"segunda", 1},
    {"ter\xC3\xA7"
     "a",
     2},
    {"terca", 2},
    {"quarta", 3},
    {"quinta", 4},
    {"sexta", 5},
    {"domenica", 0},
    {"luned\xC3\xAC", 1},
    {"lunedi", 1},
    {"marted\xC3\xAC", 2},
    {"martedi", 2},
    {"mercoled\xC3\xAC", 3},
    {"mercoledi", 3},
    {"gioved\xC3\xAC", 4},
    {"giovedi", 4},
    {"venerd\xC3\xAC", 5},
    {"venerdi", 5},
    {"sabato", 6},
    {"zondag", 0},
    {"maandag", 1},
    {"dinsdag", 2},
    {"woensdag", 3},
    {"donderdag", 4},
    {"vrijdag", 5},
    {"zaterdag", 6},
    {"so", 0},
    {"mo", 1},
    {"di", 2},
    {"mi", 3},
    {"do", 4},
    {"fr", 5},
    {"sa", 6},
    {"zo", 0},
    {"ma", 1},
    {"wo", 3},
    {"vr", 5},
    {"za", 6},
    {"\xD0\xB2\xD0\xBE\xD1\x81\xD0\xBA\xD1\x80\xD0\xB5\xD1\x81\xD0\xB5\xD0\xBD\xD1\x8C\xD0\xB5", 0},
    {"\xD0\xBF\xD0\xBE\xD0\xBD\xD0\xB5\xD0\xB4\xD0\xB5\xD0\xBB\xD1\x8C\xD0\xBD\xD0\xB8\xD0\xBA", 1},
    {"\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80\xD0\xBD\xD0\xB8\xD0\xBA", 2},
    {"\xD1\x81\xD1\x80\xD0\xB5\xD0\xB4\xD0\xB0", 3},
    {"\xD1\x87\xD0\xB5\xD1\x82\xD0\xB2\xD0\xB5\xD1\x80\xD0\xB3", 4},
    {"\xD0\xBF\xD1\x8F\xD1\x82\xD0\xBD\xD0\xB8\xD1\x86\xD0\xB0", 5},
    {"\xD1\x81\xD1\x83\xD0\xB1\xD0\xB1\xD0\xBE\xD1\x82\xD0\xB0", 6},
    {"\xD0\xB2\xD1\x81", 0},
    {"\xD0\xBF\xD0\xBD", 1},
    {"\xD0\xB2\xD1\x82", 2},
    {"\xD1\x81\xD1\x80", 3},
    {"\xD1\x87\xD1\x82", 4},
    {"\xD0\xBF\xD1\x82", 5},
    {"\xD1\x81\xD0\xB1", 6},
};

/*
 * Only names with one meaning in the feeds we read: IST, AST and GST each
 * name two or three zones and are rejected rather than guessed.  MEZ and
 * MESZ are the German names of CET and CEST.
 */
static const struct zone zones[] = {
    {"ut", 0},	      {"utc", 0},	{"gmt", 0},	   {"z", 0},	      {"est", -5 * 60},
    {"edt", -4 * 60}, {"cst", -6 * 60}, {"cdt", -5 * 60},  {"mst", -7 * 60},  {"mdt", -6 * 60},
    {"pst", -8 * 60}, {"pdt", -7 * 60}, {"akst", -9 * 60}, {"akdt", -8 * 60}, {"hst", -10 * 60},
    {"nst", -210},    {"ndt", -150},	{"wet", 0},	   {"west", 60},      {"bst", 60},
    {"cet", 60},      {"cest", 120},	{"met", 60},	   {"mest", 120},     {"mez", 60},
    {"mesz", 120},    {"eet", 120},	{"eest", 180},	   {"msk", 180},      {"pkt", 300},
    {"ict", 420},     {"wib", 420},	{"hkt", 480},	   {"sgt", 480},      {"awst", 480},
    {"jst", 540},     {"kst", 540},	{"acst", 570},	   {"acdt", 630},     {"aest", 600},
    {"aedt", 660},    {"nzst", 720},	{"nzdt", 780},
};

/* Words between a date and its time: "at 08:29", "à 08h29", "um 08:29". */
static const char *const time_words[] = {
    "at", "\xC3\xA0", "a las", "um", "om", "alle", "\xC3\xA0s", "\xD0\xB2",
};

static int peek(const struct cur *c)
{
	return c->p < c->end ? (unsigned char)*c->p : -1;
}

static int is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int is_alpha(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* Spaces, tabs, line breaks and U+00A0 (pages love &nbsp; in dates). */
static int skip_ws(struct cur *c)
{
	const char *start = c->p;

	while (c->p < c->end) {
		int ch = peek(c);

		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
			c->p++;
		else if (ch == 0xC2 && c->end - c->p >= 2 && (unsigned char)c->p[1] == 0xA0)
			c->p += 2;
		else
			break;
	}
	return c->p != start;
}

static int eat(struct cur *c, int ch)
{
	if (peek(c) != ch)
		return 0;
	c->p++;
	return 1;
}

/* Case-insensitive (ASCII) literal, e.g. "a.m.". */
static int eat_lit(struct cur *c, const char *lit)
{
	size_t n = strlen(lit), i;

	if ((size_t)(c->end - c->p) < n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)c->p[i]) != (unsigned char)lit[i])
			return 0;
	c->p += n;
	return 1;
}

/*
 * Read 1..max digits into *v; *nd gets the count.  Fails when no digit is
 * there or more than max follow (a 5-digit year is junk, not a year).
 */
static int num(struct cur *c, int max, int *v, int *nd)
{
	int n = 0, val = 0;

	while (is_digit(peek(c))) {
		if (n == max)
			return 0;
		val = val * 10 + (peek(c) - '0');
		n++;
		c->p++;
	}
	if (!n)
		return 0;
	*v = val;
	if (nd)
		*nd = n;
	return 1;
}

static int num_exact(struct cur *c, int digits, int *v)
{
	int nd;

	return num(c, digits, v, &nd) && nd == digits;
}

/*
 * The letter at the cursor, lowercased into out (1 or 2 bytes): ASCII,
 * Latin-1 and Latin Extended letters, Cyrillic.  0 when there is none.
 */
static size_t letter(const struct cur *c, char out[2])
{
	unsigned cp;

	if (is_alpha(peek(c))) {
		out[0] = (char)lower(peek(c));
		return 1;
	}
	if (c->end - c->p < 2 || peek(c) < 0xC3 || peek(c) > 0xD3 ||
	    ((unsigned char)c->p[1] & 0xC0) != 0x80)
		return 0;
	cp = ((unsigned)(peek(c) & 0x1F) << 6) | ((unsigned char)c->p[1] & 0x3F);
	if (cp == 0xD7 || cp == 0xF7 || (cp > 0x24F && cp < 0x400))
		return 0;
	if ((cp >= 0xC0 && cp <= 0xDE) || (cp >= 0x410 && cp <= 0x42F))
		cp += 0x20;
	else if (cp >= 0x400 && cp <= 0x40F)
		cp += 0x50;
	out[0] = (char)(0xC0 | (cp >> 6));
	out[1] = (char)(0x80 | (cp & 0x3F));
	return 2;
}

/* A run of letters, lowercased into w; fails on an empty or overlong run. */
static int word(struct cur *c, char *w, size_t cap)
{
	size_t n = 0, k;
	char l[2];

	while ((k = letter(c, l))) {
		if (n + k >= cap)
			return 0;
		memcpy(w + n, l, k);
		n += k;
		c->p += k;
	}
	w[n] = '\0';
	return n > 0;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/*
 * What w means: the value of the name it spells, else of every name it
 * abbreviates (three letters or more) when they agree; -1 otherwise.
 */
static int lookup(const char *w, const struct name *names, size_t count)
{
	size_t n = strlen(w), i;
	int v = -1;

	for (i = 0; i < count; i++)
		if (!strcmp(names[i].s, w))
			return names[i].v;
	if (utf8_chars(w) < 3)
		return -1;
	for (i = 0; i < count; i++) {
		if (strncmp(names[i].s, w, n))
			continue;
		if (v >= 0 && v != names[i].v)
			return -1;
		v = names[i].v;
	}
	return v;
}

static int month_word(struct cur *c, int *mo)
{
	struct cur save = *c;
	char w[32];
	int v;

	if (!word(c, w, sizeof(w)) ||
	    (v = lookup(w, month_names, sizeof(month_names) / sizeof(month_names[0]))) < 0) {
		*c = save;
		return 0;
	}
	*mo = v;
	eat(c, '.');
	return 1;
}

/*
 * "Fri," "Friday," "Fri." "ven.," "segunda-feira," - read and then
 * ignored.  Returns 1 when a weekday was skipped.
 */
static int skip_weekday(struct cur *c)
{
	struct cur save = *c;
	char w[32];

	if (!word(c, w, sizeof(w)) ||
	    lookup(w, weekday_names, sizeof(weekday_names) / sizeof(weekday_names[0])) < 0) {
		*c = save;
		return 0;
	}
	eat_lit(c, "-feira");
	eat(c, '.');
	skip_ws(c);
	eat(c, ',');
	skip_ws(c);
	return 1;
}

/* An optional connecting word ("de" in "14 de septiembre de 2018"). */
static void skip_word(struct cur *c, const char *w)
{
	struct cur save = *c;

	if (eat_lit(c, w) && skip_ws(c))
		return;
	*c = save;
}

static int zone_offset_digits(struct cur *c, int sign, int *off)
{
	int h, m = 0, nd;

	if (!num(c, 4, &h, &nd) || nd == 3)
		return 0;
	if (nd == 4) {
		m = h % 100;
		h /= 100;
	} else if (eat(c, ':') && !num_exact(c, 2, &m)) {
		return 0;
	}
	if (h > 23 || m > 59)
		return 0;
	*off = sign * (h * 3600 + m * 60);
	return 1;
}

/*
 * A zone: "Z", "+0900", "+09:00", "-5", "GMT", "EST", "GMT+8", "UTC-05:00",
 * a military letter; then an optional RFC 2822 comment "(UTC)".
 */
static int zone(struct cur *c, int *off)
{
	int ch = peek(c);
	char w[8];
	size_t i;

	if (ch == '+' || ch == '-') {
		c->p++;
		if (!zone_offset_digits(c, ch == '+' ? 1 : -1, off))
			return 0;
	} else if (is_alpha(ch)) {
		if (!word(c, w, sizeof(w)))
			return 0;
		ch = peek(c);
		if ((!strcmp(w, "gmt") || !strcmp(w, "utc") || !strcmp(w, "ut")) &&
		    (ch == '+' || ch == '-')) {
			c->p++;
			return zone_offset_digits(c, ch == '+' ? 1 : -1, off);
		}
		for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
			if (!strcmp(w, zones[i].name))
				break;
		if (i < sizeof(zones) / sizeof(zones[0]))
			*off = zones[i].off * 60;
		else if (w[1] == '\0' && w[0] != 'j' && is_alpha((unsigned char)w[0]))
			*off = 0; /* military: see the top of the file */
		else
			return 0;
	} else {
		return 0;
	}
	return 1;
}

/* "(UTC)" or "(Pacific Daylight Time)" after a zone; no nesting. */
static void skip_comment(struct cur *c)
{
	struct cur save = *c;

	skip_ws(c);
	if (!eat(c, '(')) {
		*c = save;
		return;
	}
	while (c->p < c->end && *c->p != ')' && *c->p != '(')
		c->p++;
	if (!eat(c, ')'))
		*c = save;
}

/* "08:29", "8:29:00", "08:29:00.123", "08h29"; fractions are dropped. */
static int clock(struct cur *c, struct parts *t)
{
	if (!num(c, 2, &t->h, NULL) || !(eat(c, ':') || eat(c, 'h') || eat(c, 'H')) ||
	    !num_exact(c, 2, &t->mi))
		return 0;
	t->s = 0;
	if (eat(c, ':')) {
		if (!num_exact(c, 2, &t->s))
			return 0;
		if ((peek(c) == '.' || peek(c) == ',') && c->end - c->p > 1 &&
		    is_digit((unsigned char)c->p[1])) {
			c->p++;
			while (is_digit(peek(c)))
				c->p++;
		}
	}
	return 1;
}

/* Optional "am"/"pm"/"a.m."/"p.m." after a clock; -1 when absent. */
static int meridiem(struct cur *c)
{
	struct cur save = *c;

	skip_ws(c);
	if (eat_lit(c, "a.m.") || eat_lit(c, "am"))
		return 0;
	if (eat_lit(c, "p.m.") || eat_lit(c, "pm"))
		return 1;
	*c = save;
	return -1;
}

static int apply_meridiem(struct parts *t, int pm)
{
	if (pm < 0)
		return 1;
	if (t->h > 12 || (t->h == 0 && pm))
		return 0;
	if (t->h == 12)
		t->h = 0;
	if (pm)
		t->h += 12;
	return 1;
}

/* Optional whitespace then a zone; absent is fine (UTC), malformed is not. */
static int opt_zone(struct cur *c, struct parts *t)
{
	struct cur save = *c;
	int ch;

	skip_ws(c);
	ch = peek(c);
	if (ch != '+' && ch != '-' && !is_alpha(ch)) {
		*c = save;
		return 1;
	}
	if (!zone(c, &t->off))
		return 0;
	skip_comment(c);
	return 1;
}

/* The time of an ISO date, after its "T" or space. */
static int iso_time(struct cur *c, struct parts *t)
{
	if (!clock(c, t))
		return 0;
	if (peek(c) == 'Z' || peek(c) == 'z') {
		c->p++;
		return 1;
	}
	return opt_zone(c, t);
}

/* RFC 3339 / ISO 8601 extended format. */
static int parse_iso(struct cur *c, struct parts *t)
{
	int ch;

	if (!num_exact(c, 4, &t->y) || !eat(c, '-') || !num_exact(c, 2, &t->mo) || !eat(c, '-') ||
	    !num_exact(c, 2, &t->d))
		return 0;
	ch = peek(c);
	if (ch == 'T' || ch == 't') {
		c->p++;
	} else if (ch == ' ') {
		skip_ws(c);
		if (!is_digit(peek(c)))
			return 1;
	} else {
		return 1;
	}
	return iso_time(c, t);
}

/* Exactly k digits, whatever follows (the fields of the basic format touch). */
static int fixed(struct cur *c, int k, int *v)
{
	int i;

	for (*v = 0, i = 0; i < k; i++, c->p++) {
		if (!is_digit(peek(c)))
			return 0;
		*v = *v * 10 + (peek(c) - '0');
	}
	return 1;
}

/* ISO 8601 basic format with a time: "20180914T082900Z", "20180914T0829+0200". */
static int parse_iso_basic(struct cur *c, struct parts *t)
{
	if (!fixed(c, 4, &t->y) || !fixed(c, 2, &t->mo) || !fixed(c, 2, &t->d) ||
	    !(eat(c, 'T') || eat(c, 't')) || !fixed(c, 2, &t->h) || !fixed(c, 2, &t->mi))
		return 0;
	if (is_digit(peek(c)) && !num_exact(c, 2, &t->s))
		return 0;
	if (eat(c, 'Z') || eat(c, 'z'))
		return 1;
	return opt_zone(c, t);
}

/* "年 6 月 10 日" / "년 6월 10일": the month and day after a CJK year mark. */
static int cjk_month_day(struct cur *c, struct parts *t, const char *mo, const char *d)
{
	skip_ws(c);
	if (!num(c, 2, &t->mo, NULL) || !eat_lit(c, mo))
		return 0;
	skip_ws(c);
	return num(c, 2, &t->d, NULL) && eat_lit(c, d);
}

/*
 * Year first, as East Asian pages print dates: "2025.05.02 14:20",
 * "2025/5/2", "2025年6月10日 14:20", "2025년 6월 10일".  No zone means UTC,
 * as everywhere else here.
 */
static int parse_year_first(struct cur *c, struct parts *t)
{
	int sep;

	if (!num_exact(c, 4, &t->y))
		return 0;
	if (eat_lit(c, "\xE5\xB9\xB4")) {				  /* 年 */
		if (!cjk_month_day(c, t, "\xE6\x9C\x88", "\xE6\x97\xA5")) /* 月 日 */
			return 0;
	} else if (eat_lit(c, "\xEB\x85\x84")) {			  /* 년 */
		if (!cjk_month_day(c, t, "\xEC\x9B\x94", "\xEC\x9D\xBC")) /* 월 일 */
			return 0;
	} else {
		sep = peek(c);
		if ((sep != '.' && sep != '/') || !eat(c, sep) || !num(c, 2, &t->mo, NULL) ||
		    !eat(c, sep) || !num(c, 2, &t->d, NULL))
			return 0;
		eat(c, '.'); /* "2025.05.02." */
	}
	skip_ws(c);
	if (!is_digit(peek(c)))
		return 1;
	return clock(c, t) && opt_zone(c, t);
}

/* 2-digit years per RFC 2822: 00-49 are 20xx, 50-99 are 19xx. */
static int year(struct cur *c, int *y)
{
	struct cur save;
	int nd;

	if (!num(c, 4, y, &nd))
		return 0;
	if (nd == 2)
		*y += *y < 50 ? 2000 : 1900;
	else if (nd == 3)
		*y += 1900;
	/* Russian "2018 г." / "2018 года" */
	save = *c;
	skip_ws(c);
	if (!eat_lit(c, "\xD0\xB3\xD0\xBE\xD0\xB4\xD0\xB0") && !eat_lit(c, "\xD0\xB3"))
		*c = save;
	else
		eat(c, '.');
	return 1;
}

/* "14th" - an ordinal suffix after a day of the month. */
static void skip_ordinal(struct cur *c)
{
	if (!eat_lit(c, "st") && !eat_lit(c, "nd") && !eat_lit(c, "rd"))
		eat_lit(c, "th");
}

/* "14.09.2018", "14.09.18" after the day: day first, always. */
static int dotted_month_year(struct cur *c, struct parts *t)
{
	int nd;

	if (!eat(c, '.') || !num(c, 2, &t->mo, NULL) || !eat(c, '.') || !num(c, 4, &t->y, &nd) ||
	    (nd != 2 && nd != 4))
		return 0;
	if (nd == 2)
		t->y += t->y < 50 ? 2000 : 1900;
	return 1;
}

/* "14 Sep 2018", "14-Sep-18", "14 September, 2018", "14. März 2018", "14 de mayo de 2018". */
static int day_month_year(struct cur *c, struct parts *t)
{
	if (!num(c, 2, &t->d, NULL))
		return 0;
	if (peek(c) == '.' && c->end - c->p > 1 && is_digit((unsigned char)c->p[1]))
		return dotted_month_year(c, t);
	skip_ordinal(c);
	eat(c, '.');
	if (!eat(c, '-'))
		skip_ws(c);
	skip_word(c, "de");
	if (!month_word(c, &t->mo))
		return 0;
	if (!eat(c, '-')) {
		skip_ws(c);
		eat(c, ',');
		skip_ws(c);
	}
	skip_word(c, "de");
	return year(c, &t->y);
}

/* A word that joins a date to its time, with the space after it. */
static void skip_time_word(struct cur *c)
{
	struct cur save = *c;
	size_t i;

	for (i = 0; i < sizeof(time_words) / sizeof(time_words[0]); i++) {
		if (eat_lit(c, time_words[i]) && skip_ws(c))
			return;
		*c = save;
	}
}

/*
 * Time after the date: separators ", " / " at " / " - " then a clock with
 * an optional meridiem, "Uhr" and zone.  Returns 1 when there was none, too.
 */
static int time_after_date(struct cur *c, struct parts *t)
{
	struct cur save = *c, after;

	skip_ws(c);
	if (eat(c, ',') || eat(c, '@') || eat(c, '|'))
		skip_ws(c);
	else if (peek(c) == '-' && c->end - c->p > 1 && c->p[1] == ' ')
		c->p++;
	skip_ws(c);
	skip_time_word(c);
	if (!is_digit(peek(c))) {
		*c = save;
		return 1;
	}
	if (!clock(c, t) || !apply_meridiem(t, meridiem(c)))
		return 0;
	after = *c;
	skip_ws(c);
	if (!eat_lit(c, "uhr"))
		*c = after;
	return opt_zone(c, t);
}

/* "September 14, 2018 ..." or asctime "Sep 14 08:29:00 2018". */
static int month_day_year(struct cur *c, struct parts *t)
{
	struct cur look;

	if (!month_word(c, &t->mo))
		return 0;
	skip_ws(c);
	if (!num(c, 2, &t->d, NULL))
		return 0;
	skip_ordinal(c);
	skip_ws(c);
	if (eat(c, ',')) {
		skip_ws(c);
		return year(c, &t->y) && time_after_date(c, t);
	}
	look = *c;
	while (is_digit(peek(&look)))
		look.p++;
	if (peek(&look) != ':')
		return year(c, &t->y) && time_after_date(c, t);
	if (!clock(c, t) || !apply_meridiem(t, meridiem(c)) || !opt_zone(c, t))
		return 0;
	skip_ws(c);
	return year(c, &t->y);
}

static int parse_words(struct cur *c, struct parts *t)
{
	if (is_digit(peek(c)))
		return day_month_year(c, t) && time_after_date(c, t);
	return month_day_year(c, t);
}

static int parse_weekday_words(struct cur *c, struct parts *t)
{
	return skip_weekday(c) && parse_words(c, t);
}

static int days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

static int64_t to_time(struct parts *t)
{
	if (t->y < 1 || t->y > 9999 || t->mo < 1 || t->mo > 12 || t->d < 1 ||
	    t->d > days_in_month(t->y, t->mo) || t->h > 23 || t->mi > 59 || t->s > 60)
		return NW_DATE_NONE;
	if (t->s == 60) /* a leap second stays inside its minute */
		t->s = 59;
	return nw_days_from_civil(t->y, t->mo, t->d) * 86400 + t->h * 3600 + t->mi * 60 + t->s -
	       t->off;
}

/* One grammar over the whole of [c, end): 1 when it matched all of it. */
static int whole(struct cur c, struct parts *t, int (*grammar)(struct cur *, struct parts *))
{
	memset(t, 0, sizeof(*t));
	if (!grammar(&c, t))
		return 0;
	skip_ws(&c);
	return c.p == c.end;
}

int64_t nw_date_parse(const char *s, size_t n)
{
	/* a leading weekday first, then without: "Mar 14, 2018" is March */
	static int (*const grammars[])(struct cur *, struct parts *) = {
	    parse_iso, parse_iso_basic, parse_year_first, parse_weekday_words, parse_words};
	struct cur c = {s, s + n};
	struct parts t;
	size_t i;

	if (!s)
		return NW_DATE_NONE;
	skip_ws(&c);
	for (i = 0; i < sizeof(grammars) / sizeof(grammars[0]); i++)
		if (whole(c, &t, grammars[i]))
			return to_time(&t);
	return NW_DATE_NONE;
}

int64_t nw_days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void nw_civil_from_days(int64_t days, int *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t mm = mp + (mp < 10 ? 3 : -9);

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)mm;
	*y = (int)(yoe + era * 400 + (mm <= 2));
}

/* Times outside years 0000..9999 are clamped so output keeps its width. */
static int64_t clamp(int64_t t)
{
	const int64_t lo = -62167219200LL; /* 0000-01-01T00:00:00Z */
	const int64_t hi = 253402300799LL; /* 9999-12-31T23:59:59Z */

	return t < lo ? lo : t > hi ? hi : t;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static void split(int64_t t, int *y, int *mo, int *d, int *secs)
{
	int64_t days = floor_div(clamp(t), 86400);

	*secs = (int)(clamp(t) - days * 86400);
	nw_civil_from_days(days, y, mo, d);
}

/* Fixed-width digits; the callers' ranges make truncation impossible. */
static char *digits(char *p, int v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

static char *put_day(char *p, int y, int mo, int d)
{
	p = digits(p, y, 4);
	*p++ = '-';
	p = digits(p, mo, 2);
	*p++ = '-';
	return digits(p, d, 2);
}

void nw_date_iso(int64_t t, char *out)
{
	int y, mo, d, s;
	char *p;

	split(t, &y, &mo, &d, &s);
	p = put_day(out, y, mo, d);
	*p++ = 'T';
	p = digits(p, s / 3600, 2);
	*p++ = ':';
	p = digits(p, s / 60 % 60, 2);
	*p++ = ':';
	p = digits(p, s % 60, 2);
	*p++ = 'Z';
	*p = '\0';
}

void nw_date_day(int64_t t, char *out)
{
	int y, mo, d, s;

	split(t, &y, &mo, &d, &s);
	*put_day(out, y, mo, d) = '\0';
}

int nw_date_weekday(int64_t t)
{
	/* 1970-01-01 was a Thursday. */
	return (int)((floor_div(t, 86400) % 7 + 11) % 7);
}
