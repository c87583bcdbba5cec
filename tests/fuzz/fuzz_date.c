/*
 * fuzz_date.c - libFuzzer target for nw_date_parse and the formatters.
 *
 * The bytes are a date string from a feed or a page.  Checks, beyond no
 * crash or UB:
 *  - leading and trailing spaces are ignored, as date.h promises;
 *  - nw_date_iso gives exactly "YYYY-MM-DDTHH:MM:SSZ" (valid UTF-8, as it
 *    goes into records), nw_date_day its first ten bytes, and the weekday
 *    is 0..6;
 *  - for a time inside years 0001..9999 (the parser's range; a zone offset
 *    can push a parsed time just outside it), parsing the ISO form gives the
 *    same time back, so the parser and the formatter agree on every date;
 *  - the calendar conversions round-trip on the parsed day.
 *
 * Seeds: tests/fuzz/corpus/date/ (one date form a file).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "fuzz.h"

#define MIN_T (-62135596800LL) /* 0001-01-01T00:00:00Z */
#define MAX_T 253402300799LL   /* 9999-12-31T23:59:59Z */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void check_iso(const char *iso)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	if (strlen(iso) != sizeof(shape) - 1)
		fuzz_fail("nw_date_iso", "wrong length", iso, strlen(iso));
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !is_digit(iso[i]) : iso[i] != shape[i])
			fuzz_fail("nw_date_iso", "not YYYY-MM-DDTHH:MM:SSZ", iso, strlen(iso));
}

static void check_time(int64_t t)
{
	char iso[NW_DATE_ISO_SIZE], day[11];
	int64_t back;
	int y, m, d;

	nw_date_iso(t, iso);
	check_iso(iso);
	fuzz_utf8("nw_date_iso", iso);
	nw_date_day(t, day);
	if (strlen(day) != 10 || memcmp(day, iso, 10))
		fuzz_fail("nw_date_day", "differs from nw_date_iso's day", day, strlen(day));
	if (nw_date_weekday(t) < 0 || nw_date_weekday(t) > 6)
		fuzz_fail("nw_date_weekday", "out of 0..6", iso, strlen(iso));
	if (t < MIN_T || t > MAX_T)
		return;
	if ((back = nw_date_parse(iso, strlen(iso))) != t)
		fuzz_fail("nw_date_parse", "does not read nw_date_iso's output back", iso,
			  strlen(iso));
	nw_civil_from_days(nw_days_from_civil(atoi(iso), atoi(iso + 5), atoi(iso + 8)), &y, &m, &d);
	if (y != atoi(iso) || m != atoi(iso + 5) || d != atoi(iso + 8))
		fuzz_fail("nw_civil_from_days", "does not invert nw_days_from_civil", iso,
			  strlen(iso));
}

/* " s " must parse as s does. */
static void check_spaces(const uint8_t *data, size_t size, int64_t t)
{
	char *padded = malloc(size + 2);

	if (!padded)
		return;
	padded[0] = ' ';
	memcpy(padded + 1, data, size);
	padded[size + 1] = ' ';
	if (nw_date_parse(padded, size + 2) != t)
		fuzz_fail("nw_date_parse", "surrounding spaces change the result", padded,
			  size + 2);
	free(padded);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t t = nw_date_parse((const char *)data, size);

	check_spaces(data, size, t);
	if (t != NW_DATE_NONE)
		check_time(t);
	return 0;
}
