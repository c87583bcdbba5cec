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
    /* broken RFC 822 seen in feeds */
    {"Fri, 14 Sep 2018 08:29 +0000", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 8:29:00 GMT", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 08:29:00GMT", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 10:29:00 +02:00", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 03:29:00 -5", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 16:29:00 +08", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 13:59:00 GMT+5:30", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 08:29:00 -0000", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 08:29:00 +0000 (Coordinated Universal Time)", "2018-09-14T08:29:00Z"},
    {"Fri, 14 SEP 2018 08:29:00 gmt", "2018-09-14T08:29:00Z"},
    {"FRIDAY, 14 SEPTEMBER 2018 08:29:00 GMT", "2018-09-14T08:29:00Z"},
    {"Fri., 14 Sept. 2018 08:29:00 GMT", "2018-09-14T08:29:00Z"},
    {"Fri 14 Sep 2018 08:29:00 GMT", "2018-09-14T08:29:00Z"},
    {"14 Sep 18 08:29 Z", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 08:29:00 M", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 10:29:00 MESZ", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 11:29:00 MSK", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 17:29:00 JST", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 18:29:00 AEST", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 04:29:00 -0400 (EDT)", "2018-09-14T08:29:00Z"},
    {"Fri, 14 Sep 2018 08:29:00 +0000 GMT junk", NULL},
    /* ISO 8601 variants */
    {"2018-09-14T08:29:00.000000Z", "2018-09-14T08:29:00Z"},
    {"2018-09-14T08:29:00,5Z", "2018-09-14T08:29:00Z"},
    {"2018-09-14T16:29:00+08", "2018-09-14T08:29:00Z"},
    {"2018-09-14 08:29:00Z", "2018-09-14T08:29:00Z"},
    {"2018-09-14 10:29:00 +02:00", "2018-09-14T08:29:00Z"},
    {"2018-09-14T08:29:00 GMT", "2018-09-14T08:29:00Z"},
    {"20180914T082900Z", "2018-09-14T08:29:00Z"},
    {"20180914T1029+0200", "2018-09-14T08:29:00Z"},
    {"20180914", NULL},
    {"20181314T082900Z", NULL},
    /* numeric day-first dates (German, Russian...) */
    /* year first, as East Asian pages print dates */
    {"2025.05.02 14:20", "2025-05-02T14:20:00Z"},
    {"2025.05.02.", "2025-05-02T00:00:00Z"},
    {"2025/5/2", "2025-05-02T00:00:00Z"},
    {"2025\xE5\xB9\xB4"
     "6\xE6\x9C\x88"
     "10\xE6\x97\xA5",
     "2025-06-10T00:00:00Z"},
    {"2025\xE5\xB9\xB4"
     "6\xE6\x9C\x88"
     "10\xE6\x97\xA5 09:05",
     "2025-06-10T09:05:00Z"},
    {"2025\xEB\x85\x84 6\xEC\x9B\x94 10\xEC\x9D\xBC", "2025-06-10T00:00:00Z"},
    {"2025.13.02", NULL},
    {"2025.05", NULL},
    {"2025/05.02", NULL},
    {"2025\xE5\xB9\xB4"
     "6\xE6\x9C\x88",
     NULL},
    {"14.09.2018", "2018-09-14T00:00:00Z"},
    {"14.09.2018 08:29", "2018-09-14T08:29:00Z"},
    {"14.09.18, 08:29 Uhr", "2018-09-14T08:29:00Z"},
    {"4.9.2018", "2018-09-04T00:00:00Z"},
    {"31.09.2018", NULL},
    {"14.13.2018", NULL},
    {"14.09.201", NULL},
    /* French */
    {"ven., 14 sept. 2018 10:29:00 +0200", "2018-09-14T08:29:00Z"},
    {"vendredi 14 septembre 2018", "2018-09-14T00:00:00Z"},
    {"14 septembre 2018 \xC3\xA0 08h29", "2018-09-14T08:29:00Z"},
    {"mer., 14 f\xC3\xA9vr. 2018 08:29:00 +0000", "2018-02-14T08:29:00Z"},
    {"14 ao\xC3\xBBt 2018", "2018-08-14T00:00:00Z"},
    {"14 AO\xC3\x9BT 2018", "2018-08-14T00:00:00Z"},
    {"14 d\xC3\xA9"
     "c. 2018",
     "2018-12-14T00:00:00Z"},
    {"14 juil. 2018", "2018-07-14T00:00:00Z"},
    {"14 jui 2018", NULL}, /* juin or juillet */
    /* German */
    {"Fr, 14 Sep 2018 10:29:00 +0200", "2018-09-14T08:29:00Z"},
    {"Mi, 14 M\xC3\xA4r 2018 08:29:00 +0000", "2018-03-14T08:29:00Z"},
    {"Freitag, 14. September 2018", "2018-09-14T00:00:00Z"},
    {"14. M\xC3\xA4rz 2018, 08:29 Uhr", "2018-03-14T08:29:00Z"},
    {"14 Okt 2018 08:29 MEZ", "2018-10-14T07:29:00Z"},
    {"Do, 14 Dez 2018 08:29:00 GMT", "2018-12-14T08:29:00Z"},
    {"14. Mai 2018 um 08:29", "2018-05-14T08:29:00Z"},
    /* Spanish */
    {"vie, 14 sep 2018 08:29:00 +0000", "2018-09-14T08:29:00Z"},
    {"14 de septiembre de 2018", "2018-09-14T00:00:00Z"},
    {"mi\xC3\xA9rcoles, 14 de marzo de 2018", "2018-03-14T00:00:00Z"},
    {"14 de ene. de 2018 a las 08:29", "2018-01-14T08:29:00Z"},
    {"s\xC3\xA1"
     "b, 14 dic 2018 08:29:00 GMT",
     "2018-12-14T08:29:00Z"},
    /* Portuguese */
    {"sex, 14 set 2018 08:29:00 -0300", "2018-09-14T11:29:00Z"},
    {"segunda-feira, 14 de maio de 2018", "2018-05-14T00:00:00Z"},
    {"14 de outubro de 2018 \xC3\xA0s 08:29", "2018-10-14T08:29:00Z"},
    {"14 fev 2018", "2018-02-14T00:00:00Z"},
    /* Italian */
    {"ven, 14 set 2018 10:29:00 +0200", "2018-09-14T08:29:00Z"},
    {"venerd\xC3\xAC 14 settembre 2018", "2018-09-14T00:00:00Z"},
    {"14 gen 2018 alle 08:29", "2018-01-14T08:29:00Z"},
    {"14 giugno 2018", "2018-06-14T00:00:00Z"},
    {"14 lug 2018", "2018-07-14T00:00:00Z"},
    /* Dutch */
    {"vr, 14 sep 2018 10:29:00 +0200", "2018-09-14T08:29:00Z"},
    {"14 maart 2018 om 08:29", "2018-03-14T08:29:00Z"},
    {"14 mrt 2018", "2018-03-14T00:00:00Z"},
    {"woensdag 14 mei 2018", "2018-05-14T00:00:00Z"},
    /* Russian */
    {"\xD0\xBF\xD1\x82, 14 \xD1\x81\xD0\xB5\xD0\xBD 2018 11:29:00 +0300", "2018-09-14T08:29:00Z"},
    {"14 \xD1\x81\xD0\xB5\xD0\xBD\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F 2018 \xD0\xB3.",
     "2018-09-14T00:00:00Z"},
    {"14 \xD0\x9C\xD0\x90\xD0\xAF 2018", "2018-05-14T00:00:00Z"},
    {"14 \xD0\xBC\xD0\xB0\xD1\x80\xD1\x82\xD0\xB0 2018 \xD0\xB3., 08:29", "2018-03-14T08:29:00Z"},
    {"\xD0\x9F\xD0\xBE\xD0\xBD\xD0\xB5\xD0\xB4\xD0\xB5\xD0\xBB\xD1\x8C\xD0\xBD\xD0\xB8\xD0\xBA"
     ", 14 \xD1\x8F\xD0\xBD\xD0\xB2 2018",
     "2018-01-14T00:00:00Z"},
    {"14 \xD0\xB8\xD1\x8E 2018", NULL}, /* two letters: June or July */
    /* a leading "mar" is Tuesday or March */
    {"mar., 14 mars 2018 08:29:00 +0000", "2018-03-14T08:29:00Z"},
    {"Mar 14, 2018", "2018-03-14T00:00:00Z"},
    {"Mar 14 08:29:00 2018", "2018-03-14T08:29:00Z"},
    /* never a wrong year */
    {"14 Sep", NULL},
    {"Sep 2018", NULL},
    {"09/14/2018", NULL},
    {"14/09/2018", NULL},
    {"1536913740", NULL},
    {"Fri, 14 Sep 2018 08:29:00 GMT+25", NULL},
    {"14 Sepx 2018", NULL},
    {"14 Septembers 2018", NULL},
    {"Fri, 14 Sep 02018 08:29:00 GMT", NULL},
    {"\xFF\xFE", NULL},
    {"14 \xC3 2018", NULL},
    {"2018-09-14T08:29:00\xC2\xA0Z", "2018-09-14T08:29:00Z"},
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
    {"Qq, 14 Sep 2018", NULL},
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
