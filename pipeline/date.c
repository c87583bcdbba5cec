/*
 * date.c - reading the dates feeds and pages print; formatting UTC times.
 *
 * Two small recursive-descent parsers over a cursor: one for RFC 3339 /
 * ISO 8601 ("2018-09-14T08:29:00.5+02:00", "2018-09-14"), one for RFC
 * 822/1123/850, asctime and the human forms news pages print ("Fri, 14 Sep
 * 2018 08:29:00 GMT", "September 14, 2018", "14 Sep 2018, 02:29 PM").
 * Every field is range-checked (month 13, Feb 30, hour 25 are rejected) and
 * the whole string must be consumed: trailing junk means NW_DATE_NONE.
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

static const char *const months[] = {"january",	  "february", "march",	  "april",
				     "may",	  "june",     "july",	  "august",
				     "september", "october",  "november", "december"};

static const char *const weekdays[] = {"sunday",   "monday", "tuesday", "wednesday",
				       "thursday", "friday", "saturday"};

/*
 * Only names with one meaning in English-language feeds: IST, AST and GST
 * each name two or three zones and are rejected rather than guessed.
 */
static const struct zone zones[] = {
    {"ut", 0},	      {"utc", 0},	{"gmt", 0},	   {"z", 0},	      {"est", -5 * 60},
    {"edt", -4 * 60}, {"cst", -6 * 60}, {"cdt", -5 * 60},  {"mst", -7 * 60},  {"mdt", -6 * 60},
    {"pst", -8 * 60}, {"pdt", -7 * 60}, {"akst", -9 * 60}, {"akdt", -8 * 60}, {"hst", -10 * 60},
    {"nst", -210},    {"ndt", -150},	{"wet", 0},	   {"west", 60},      {"bst", 60},
    {"cet", 60},      {"cest", 120},	{"met", 60},	   {"mest", 120},     {"eet", 120},
    {"eest", 180},    {"msk", 180},	{"pkt", 300},	   {"ict", 420},      {"wib", 420},
    {"hkt", 480},     {"sgt", 480},	{"awst", 480},	   {"jst", 540},      {"kst", 540},
    {"acst", 570},    {"acdt", 630},	{"aest", 600},	   {"aedt", 660},     {"nzst", 720},
    {"nzdt", 780},
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

/* Case-insensitive literal, e.g. "a.m.". */
static int eat_lit(struct cur *c, const char *lit)
{
	size_t n = strlen(lit), i;

	if ((size_t)(c->end - c->p) < n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)c->p[i]) != lit[i])
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

/* A run of letters, lowercased into w; fails on an empty or overlong run. */
static int word(struct cur *c, char *w, size_t cap)
{
	size_t n = 0;

	while (is_alpha(peek(c))) {
		if (n + 1 == cap)
			return 0;
		w[n++] = (char)lower(peek(c));
		c->p++;
	}
	w[n] = '\0';
	return n > 0;
}

/* Full name, or a prefix of at least three letters ("sep", "sept"). */
static int name_index(const char *w, const char *const *names, int count)
{
	size_t n = strlen(w);
	int i;

	if (n < 3)
		return -1;
	for (i = 0; i < count; i++)
		if (!strncmp(names[i], w, n))
			return i;
	return -1;
}

static int month_word(struct cur *c, int *mo)
{
	struct cur save = *c;
	char w[16];
	int i;

	if (!word(c, w, sizeof(w)) || (i = name_index(w, months, 12)) < 0) {
		*c = save;
		return 0;
	}
	*mo = i + 1;
	eat(c, '.');
	return 1;
}

/* "Fri," "Friday," "Fri." - the weekday is read and then ignored. */
static void skip_weekday(struct cur *c)
{
	struct cur save = *c;
	char w[16];

	if (!word(c, w, sizeof(w)) || name_index(w, weekdays, 7) < 0) {
		*c = save;
		return;
	}
	eat(c, '.');
	skip_ws(c);
	eat(c, ',');
	skip_ws(c);
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
		else if (w[1] == '\0' && w[0] != 'j')
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

/* "08:29", "8:29:00", "08:29:00.123"; fractions are dropped. */
static int clock(struct cur *c, struct parts *t)
{
	if (!num(c, 2, &t->h, NULL) || !eat(c, ':') || !num_exact(c, 2, &t->mi))
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
	if (!clock(c, t))
		return 0;
	if (peek(c) == 'Z' || peek(c) == 'z') {
		c->p++;
		return 1;
	}
	return opt_zone(c, t);
}

/* 2-digit years per RFC 2822: 00-49 are 20xx, 50-99 are 19xx. */
static int year(struct cur *c, int *y)
{
	int nd;

	if (!num(c, 4, y, &nd))
		return 0;
	if (nd == 2)
		*y += *y < 50 ? 2000 : 1900;
	else if (nd == 3)
		*y += 1900;
	return 1;
}

/* "14th" - an ordinal suffix after a day of the month. */
static void skip_ordinal(struct cur *c)
{
	if (!eat_lit(c, "st") && !eat_lit(c, "nd") && !eat_lit(c, "rd"))
		eat_lit(c, "th");
}

/* "14 Sep 2018", "14-Sep-18", "14 September, 2018". */
static int day_month_year(struct cur *c, struct parts *t)
{
	if (!num(c, 2, &t->d, NULL))
		return 0;
	skip_ordinal(c);
	if (!eat(c, '-'))
		skip_ws(c);
	if (!month_word(c, &t->mo))
		return 0;
	if (!eat(c, '-')) {
		skip_ws(c);
		eat(c, ',');
		skip_ws(c);
	}
	return year(c, &t->y);
}

/*
 * Time after the date: separators ", " / " at " / " - " then a clock with
 * an optional meridiem and zone.  Returns 1 when there was none, too.
 */
static int time_after_date(struct cur *c, struct parts *t)
{
	struct cur save = *c;

	skip_ws(c);
	if (eat(c, ',') || eat(c, '@') || eat(c, '|') || eat_lit(c, "at "))
		skip_ws(c);
	else if (peek(c) == '-' && c->end - c->p > 1 && c->p[1] == ' ')
		c->p++;
	skip_ws(c);
	if (!is_digit(peek(c))) {
		*c = save;
		return 1;
	}
	if (!clock(c, t) || !apply_meridiem(t, meridiem(c)))
		return 0;
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

static int parse_text(struct cur *c, struct parts *t)
{
	skip_weekday(c);
	if (is_digit(peek(c)))
		return day_month_year(c, t) && time_after_date(c, t);
	return month_day_year(c, t);
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

int64_t nw_date_parse(const char *s, size_t n)
{
	struct cur c = {s, s + n}, start;
	struct parts t;
	int ok;

	if (!s)
		return NW_DATE_NONE;
	skip_ws(&c);
	start = c;
	memset(&t, 0, sizeof(t));
	ok = parse_iso(&c, &t);
	if (!ok) {
		c = start;
		memset(&t, 0, sizeof(t));
		ok = parse_text(&c, &t);
	}
	skip_ws(&c);
	if (!ok || c.p != c.end)
		return NW_DATE_NONE;
	return to_time(&t);
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
