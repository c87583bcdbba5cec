/*
 * test_date.c - nw_date_parse over a table of the dates feeds and pages
 * print (and the broken ones they should not be trusted with), plus the
 * civil-calendar conversions and the formatters.
 */
#include <stdint.h>
#include <string.h>

#include "date.h"
#include "t.h"

struct date_case {
	const char *in;
	const char *want; /* ISO-8601 UTC, or NULL for NW_DATE_NONE */
};

static const struct date_case date_cases[] = {
    /* RFC 822 / 1123 */
    {"Fri, 14 Sep 2018 08:29:00 GMT", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 08:29:00 +0000", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 17:29:00 +0900", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 04:29:00 -0400", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 03:29:00 EST", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 04:29:00 EDT", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 01:29:00 PDT", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 00:29:00 PST", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 03:29:00 CDT", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 02:29:00 MDT", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 08:29:00 UT", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 08:29:00 UTC", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 08:29:00 Z", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 08:29:00 A", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 08:29:00 y", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 08:29:00 J", NULL},
    {"Fri, 14 Sep 2018 16:29:00 GMT+8", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 16:29:00 GMT+08:00", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 03:29:00 UTC-0500", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 17:29:00 KST", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 10:29:00 CEST", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 08:29:00 +0000 (UTC)", "2018-09-14T08:29:00Z"},
    {"14 Sep 2018 08:29:00 GMT", "2018-09-14T08:29:00Z"},
    {"14 Sep 2018 08:29 GMT", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 18 08:29:00 GMT", "2018-09-14T08:29:00Z"},
    {"Mon, 14 Sep 98 08:29:00 GMT", "1998-09-14T08:29:00Z"},
    {"Fri, 14 Sep 49 08:29:00 GMT", "2049-09-14T08:29:00Z"},
    {"Tue, 14 Sep 50 08:29:00 GMT", "1950-09-14T08:29:00Z"},
    {"Fri, 14 Sep 118 08:29:00 GMT", "2018-09-14T08:29:00Z"},
    {"  Fri,  14  Sep  2018   08:29:00   GMT  ", "2018-09-14T08:29:00Z"},
    {"Fri,14 Sep 2018 08:29:00 GMT", "2018-09-14T08:29:00Z"},
    {"Friday, 14-Sep-18 08:29:00 GMT", "2018-09-14T08:29:00Z"},
    {"Fri, 4 Sep 2018 08:29:00 GMT", "2018-09-04T08:29:00Z"},
    {"Sat, 14 Sep 2018 08:29:00 GMT", "2018-09-14T08:29:00Z"}, /* wrong weekday */
    {"Fri, 14 Sept 2018 08:29:00 GMT", "2018-09-14T08:29:00Z"},
    {"Fri Sep 14 08:29:00 2018", "2018-09-14T08:29:00Z"},
    {"Fri Sep 14 08:29:00 UTC 2018", "2018-09-14T08:29:00Z"},
    {"Thu, 01 Jan 1970 00:00:00 GMT", "1970-01-01T00:00:00Z"},
    {"Wed, 31 Dec 1969 23:59:59 GMT", "1969-12-31T23:59:59Z"},
    {"Thu, 29 Feb 2024 12:00:00 GMT", "2024-02-29T12:00:00Z"},
    {"Sat, 31 Dec 2016 23:59:60 GMT", "2016-12-31T23:59:59Z"},
    {"Mon, 01 Jan 2018 01:00:00 +0200", "2017-12-31T23:00:00Z"},
    /* RFC 3339 / ISO 8601 */
    {"2018-09-14T08:29:00Z", "2018-09-14T08:29:00Z"},
    {"2018-09-14t08:29:00z", "2018-09-14T08:29:00Z"},
    {"2018-09-14T10:29:00+02:00", "2018-09-14T08:29:00Z"},
    {"2018-09-14T10:29:00+0200", "2018-09-14T08:29:00Z"},
    {"2018-09-14T03:29:00-05:00", "2018-09-14T08:29:00Z"},
    {"2018-09-14T08:29:00.123Z", "2018-09-14T08:29:00Z"},
    {"2018-09-14T08:29:00.123456789+00:00", "2018-09-14T08:29:00Z"},
    {"2018-09-14T08:29:00", "2018-09-14T08:29:00Z"},
    {"2018-09-14T08:29", "2018-09-14T08:29:00Z"},
    {"2018-09-14 08:29:00", "2018-09-14T08:29:00Z"},
    {"2018-09-14 08:29:00 +0000", "2018-09-14T08:29:00Z"},
    {"2018-09-14", "2018-09-14T00:00:00Z"},
    {" 2018-09-14\n", "2018-09-14T00:00:00Z"},
    {"2018-09-14T00:30:00+09:00", "2018-09-13T15:30:00Z"},
    {"2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z"},
    /* human forms */
    {"14 Sep 2018, 02:29 PM", "2018-09-14T14:29:00Z"},
    {"14 Sep 2018, 02:29 AM", "2018-09-14T02:29:00Z"},
    {"14 Sep 2018, 12:29 AM", "2018-09-14T00:29:00Z"},
    {"14 Sep 2018, 12:29 PM", "2018-09-14T12:29:00Z"},
    {"September 14, 2018", "2018-09-14T00:00:00Z"},
    {"Sep. 14, 2018 8:29 am", "2018-09-14T08:29:00Z"},
    {"Sep. 14, 2018 8:29 p.m.", "2018-09-14T20:29:00Z"},
    {"Sep. 14, 2018 at 8:29 pm", "2018-09-14T20:29:00Z"},
    {"Sep 14, 2018, 8:29 PM EDT", "2018-09-15T00:29:00Z"},
    {"Friday, September 14, 2018", "2018-09-14T00:00:00Z"},
    {"Friday, September 14th, 2018", "2018-09-14T00:00:00Z"},
    {"14 September 2018", "2018-09-14T00:00:00Z"},
    {"14th September 2018", "2018-09-14T00:00:00Z"},
    {"14 September, 2018", "2018-09-14T00:00:00Z"},
    {"Friday 14 September 2018 - 08:29", "2018-09-14T08:29:00Z"},
    {"14\xC2\xA0Sep\xC2\xA0"
     "2018",
     "2018-09-14T00:00:00Z"},
    {"SEPTEMBER 14, 2018", "2018-09-14T00:00:00Z"},
    /* rejected */
    {"", NULL},
    {"   ", NULL},
    {"yesterday", NULL},
    {"Fri, 14 Sep 2018 08:29:00 GMT junk", NULL},
    {"Fri, 14 Sep 2018 08:29:00 GMT,", NULL},
    {"2018-09-14T08:29:00Zjunk", NULL},
    {"2018-09-14 and more", NULL},
    {"2018-13-14", NULL},
    {"2018-00-14", NULL},
    {"2018-02-30", NULL},
    {"2019-02-29", NULL},
    {"1900-02-29", NULL},
    {"2018-09-00", NULL},
    {"2018-09-31", NULL},
    {"2018-09-14T25:00:00Z", NULL},
    {"2018-09-14T24:00:00Z", NULL},
    {"2018-09-14T08:60:00Z", NULL},
    {"2018-09-14T08:29:61Z", NULL},
    {"2018-09-14T08:29:00+25:00", NULL},
    {"2018-09-14T08:29:00+02:60", NULL},
    {"2018-09-14T08:29:00+123", NULL},
    {"2018-9-14", NULL},
    {"20180-09-14", NULL},
    {"Fri, 30 Feb 2018 08:29:00 GMT", NULL},
    {"Fri, 14 Foo 2018 08:29:00 GMT", NULL},
    {"Fri, 14 Sep 2018 25:29:00 GMT", NULL},
    {"Fri, 14 Sep 2018 08:29:00 XYZ", NULL},
    {"Fri, 14 Sep 2018 08:29:00 IST", NULL},
    {"Fri, 14 Sep 2018 8", NULL},
    {"Fri, 14 Sep 2018 08:", NULL},
    {"Fri, 14 Sep 2018 08:29:", NULL},
    {"Fri, 14 Sep 12018 08:29:00 GMT", NULL},
    {"Fri, 14 Sep", NULL},
    {"14 Sep 2018, 13:29 PM", NULL},
    {"14 Sep 2018, 00:29 PM", NULL},
    {"Fri, 123 Sep 2018 08:29:00 GMT", NULL},
    {"Fri, 14 Sep 2018 08:29:00 +0000 (UTC", NULL},
    {"Ma, 14 Sep 2018", NULL},
    {"Sep 14 2018 8:29 xm", NULL},
    {"2018-09-14T08:29:00+02:00 (x)", "2018-09-14T06:29:00Z"},
};

static void test_table(void)
{
	size_t i;
	char iso[NW_DATE_ISO_SIZE];

	for (i = 0; i < sizeof(date_cases) / sizeof(date_cases[0]); i++) {
		int64_t t = nw_date_parse(date_cases[i].in, strlen(date_cases[i].in));

		if (t == NW_DATE_NONE) {
			if (date_cases[i].want) {
				printf("#   \"%s\": got NONE, want %s\n", date_cases[i].in,
				       date_cases[i].want);
				T_EXPECT(!"parse failed");
			}
			continue;
		}
		nw_date_iso(t, iso);
		if (!date_cases[i].want || strcmp(iso, date_cases[i].want)) {
			printf("#   \"%s\": got %s, want %s\n", date_cases[i].in, iso,
			       date_cases[i].want ? date_cases[i].want : "NONE");
			T_EXPECT(!"wrong time");
		}
	}
}

/* The length argument is honoured: no reading past n, no NUL needed. */
static void test_length_bound(void)
{
	const char s[] = "2018-09-14T08:29:00Zjunk";
	char iso[NW_DATE_ISO_SIZE];
	int64_t t = nw_date_parse(s, 20);

	T_ASSERT(t != NW_DATE_NONE);
	nw_date_iso(t, iso);
	T_STREQ(iso, "2018-09-14T08:29:00Z");
	T_EXPECT(nw_date_parse(s, 19) == 1536913740);
	T_EXPECT(nw_date_parse(s, 21) == NW_DATE_NONE);
	T_EXPECT(nw_date_parse(NULL, 0) == NW_DATE_NONE);
	T_EXPECT(nw_date_parse("2018", 4) == NW_DATE_NONE);
}

static void test_known_epochs(void)
{
	const char *s = "Fri, 14 Sep 2018 08:29:00 GMT";

	T_EXPECT(nw_date_parse(s, strlen(s)) == 1536913740);
	T_EXPECT(nw_date_parse("1970-01-01T00:00:00Z", 20) == 0);
	T_EXPECT(nw_date_parse("1969-12-31T23:59:59Z", 20) == -1);
}

static void test_civil_roundtrip(void)
{
	int64_t days;
	int y, m, d, bad = 0;

	T_EXPECT(nw_days_from_civil(1970, 1, 1) == 0);
	T_EXPECT(nw_days_from_civil(2000, 3, 1) == 11017);
	T_EXPECT(nw_days_from_civil(1969, 12, 31) == -1);
	for (days = -800000; days <= 800000; days += 7) {
		nw_civil_from_days(days, &y, &m, &d);
		if (nw_days_from_civil(y, m, d) != days || m < 1 || m > 12 || d < 1 || d > 31)
			bad++;
	}
	T_EXPECT(bad == 0);
	nw_civil_from_days(17788, &y, &m, &d);
	T_EXPECT(y == 2018 && m == 9 && d == 14);
}

static void test_weekday(void)
{
	T_EXPECT(nw_date_weekday(0) == 4);	    /* Thursday */
	T_EXPECT(nw_date_weekday(1536913740) == 5); /* Friday 14 Sep 2018 */
	T_EXPECT(nw_date_weekday(-1) == 3);	    /* Wednesday */
	T_EXPECT(nw_date_weekday(-86400 * 4) == 0); /* Sunday 28 Dec 1969 */
	T_EXPECT(nw_date_weekday(1536913740 + 86400) == 6);
}

static void test_format(void)
{
	char iso[NW_DATE_ISO_SIZE], day[11];

	nw_date_iso(1536913740, iso);
	T_STREQ(iso, "2018-09-14T08:29:00Z");
	nw_date_day(1536913740, day);
	T_STREQ(day, "2018-09-14");
	nw_date_day(-1, day);
	T_STREQ(day, "1969-12-31");
	nw_date_iso(INT64_MAX, iso);
	T_STREQ(iso, "9999-12-31T23:59:59Z");
	nw_date_iso(NW_DATE_NONE, iso);
	T_STREQ(iso, "0000-01-01T00:00:00Z");
}

T_MAIN(T_CASE(test_table), T_CASE(test_length_bound), T_CASE(test_known_epochs),
       T_CASE(test_civil_roundtrip), T_CASE(test_weekday), T_CASE(test_format))
