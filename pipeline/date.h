/*
 * date.h - parsing the dates found in feeds and pages; formatting UTC times.
 *
 * Times are seconds since the epoch, UTC, in an int64_t; NW_DATE_NONE marks
 * a missing or unparseable date.  The parser never guesses: a string it
 * cannot read completely is NW_DATE_NONE, never a wrong year.
 */
#ifndef NW_DATE_H
#define NW_DATE_H

#include <stddef.h>
#include <stdint.h>

#define NW_DATE_NONE INT64_MIN

/*
 * Parse s (n bytes, leading/trailing space ignored).  Accepts RFC 822/1123
 * and their broken variants (two-digit years, missing weekday, named,
 * numeric and military zones, "GMT+8"), RFC 3339 / ISO 8601 with or without
 * a zone (none means UTC), and the human forms news pages print
 * ("14 Sep 2018, 02:29 PM", "September 14, 2018", "Sep. 14, 2018 8:29 am").
 * Returns the time, or NW_DATE_NONE.
 */
int64_t nw_date_parse(const char *s, size_t n);

/* "2018-09-14T08:29:00Z" into out (at least NW_DATE_ISO_SIZE bytes). */
#define NW_DATE_ISO_SIZE 21
void nw_date_iso(int64_t t, char *out);
/* "2018-09-14" into out (at least 11 bytes). */
void nw_date_day(int64_t t, char *out);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t nw_days_from_civil(int y, int m, int d);
void nw_civil_from_days(int64_t days, int *y, int *m, int *d);
/* 0 = Sunday ... 6 = Saturday. */
int nw_date_weekday(int64_t t);

#endif
