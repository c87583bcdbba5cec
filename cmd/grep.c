/*
 * grep.c - `newswatch grep`: search the archive by event type, party name,
 * country, feed, date and a regular expression over title and text.
 *
 * Reads every VAR/archive/NAME.jsonl in name order (YYYY-MM.jsonl sorts by
 * time), one record a line, and prints each matching line byte for byte (so
 * `| jq` works), or one tab-separated summary line per record, or a count.
 *
 * Each line is parsed with jansson at most once.  Before that, a cheap byte
 * test drops lines that cannot match a literal filter (--type, --feed,
 * --country, and --entity NAMEs made of plain ASCII): a record that matches
 * holds the literal in its raw bytes, because JSON writers never escape
 * letters, digits and the punctuation we allow.  The price, documented in
 * the usage: a damaged line ruled out that way is not reported.
 *
 * Records can be large (the article text, tens of kilobytes); memory is one
 * line plus its parse tree.  Names compare with ASCII case folding, so the
 * result never depends on the locale; the regex runs in C.UTF-8 when the C
 * library has it, so that '.' is one character and -i folds non-ASCII too.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "date.h"

static const char usage[] =
    "usage: newswatch grep [--var DIR] [--type T]... [--entity NAME]... [--country CC]...\n"
    "                      [--feed NAME]... [--key K]... [--since DATE] [--until DATE]\n"
    "                      [--table] [-i] [-c]\n"
    "                      [PATTERN]\n"
    "\n"
    "Search the archive, DIR/archive/*.jsonl in name order, and print each matching\n"
    "record's line exactly as stored (one JSON object a line, ready for jq).\n"
    "A record is printed when every filter given holds.\n"
    "\n"
    "  --var DIR      the var directory (default: var)\n"
    "  --type T       the record has an event of type T: designation, delisting,\n"
    "                 denial, accusation or enforcement; repeated: any of them\n"
    "  --entity NAME  an entity, target, authority, accuser or accused has a name\n"
    "                 containing NAME (ASCII letters match in either case);\n"
    "                 repeated: every NAME must be found (each in any name)\n"
    "  --country CC   an entity or party has country CC (ISO 3166 alpha-2, either\n"
    "                 case); repeated: any of them\n"
    "  --feed NAME    the record came from feed NAME (exact); repeated: any of them\n"
    "  --key K        the record reports the action with event key K (every report\n"
    "                 of one designation, whatever the outlet); repeated: any\n"
    "  --since DATE   published (fetched, when the publication time is unknown)\n"
    "                 at or after DATE\n"
    "  --until DATE   ... at or before DATE; a bare date includes its whole day\n"
    "                 DATE is YYYY-MM-DD or ISO 8601 (2024-05-03T10:00:00Z); UTC\n"
    "                 unless a zone is given\n"
    "  --table        one line per record, tab-separated: date (YYYY-MM-DD), feed,\n"
    "                 events (\"designation: AUTHORITY -> TARGET, TARGET +N; ...\"),\n"
    "                 title\n"
    "  -c             print only the number of matching records\n"
    "  -i             PATTERN ignores case\n"
    "  PATTERN        POSIX extended regular expression, searched for in the title\n"
    "                 and the text\n"
    "\n"
    "A line that is not a valid record is reported (once per file) and skipped;\n"
    "lines that a filter rules out without parsing are not checked.\n"
    "\n"
    "Exit status: 0 success, whether or not anything matched; 1 some lines or\n"
    "files could not be read (the rest was searched); 2 usage error or no\n"
    "archive; 4 output could not be written.\n";

static const char *const event_types[] = {"designation", "delisting", "denial", "accusation",
					  "enforcement"};
#define N_EVENT_TYPES (sizeof(event_types) / sizeof(event_types[0]))

/* Where parties sit in an event: one object, or an array of them. */
static const char *const party_fields[] = {"authority", "by"};
static const char *const party_lists[] = {"targets", "against"};

/* The table shows this many targets per event and events per record. */
#define TABLE_NAMES 2
#define TABLE_EVENTS 6

struct grep_opts {
	const char *var;
	unsigned types; /* bit i set: event_types[i] wanted; 0: any record */
	const char **entities;
	size_t n_entities;
	const char **countries;
	size_t n_countries;
	const char **feeds;
	size_t n_feeds;
	const char **keys;
	size_t n_keys;
	int feeds_raw; /* every feed name is safe for the byte test */
	int64_t since, until;
	int icase, count, table;
	regex_t re;
	int have_re;
};

struct grep_run {
	const struct grep_opts *o;
	size_t matched;
	int partial; /* some line or file could not be read */
};

/* ---- byte tests on the raw line ---- */

static int fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Printable ASCII that no JSON writer escapes (some escape / < > & '). */
static int raw_safe(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f || strchr("\"\\/<>&'", c))
			return 0;
	}
	return 1;
}

/*
 * Does s (m bytes) occur in the n bytes at p, ASCII case folded when ci,
 * and between double quotes when quoted?  Lines may hold NUL bytes, so
 * nothing here treats p as a C string.
 */
static int raw_find(const char *p, size_t n, const char *s, int ci, int quoted)
{
	size_t m = strlen(s), i, j;

	if (m > n)
		return 0;
	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++) {
			int a = (unsigned char)p[i + j], b = (unsigned char)s[j];

			if (ci ? fold(a) != fold(b) : a != b)
				break;
		}
		if (j < m)
			continue;
		if (!quoted || (i > 0 && i + m < n && p[i - 1] == '"' && p[i + m] == '"'))
			return 1;
	}
	return 0;
}

/* 0 when the raw line cannot hold a matching record; 1 when it might. */
static int raw_may_match(const struct grep_opts *o, const char *p, size_t n)
{
	size_t i;
	int any;

	if (o->types) {
		for (any = 0, i = 0; i < N_EVENT_TYPES && !any; i++)
			any = (o->types & (1u << i)) && raw_find(p, n, event_types[i], 0, 1);
		if (!any)
			return 0;
	}
	if (o->n_feeds && o->feeds_raw) {
		for (any = 0, i = 0; i < o->n_feeds && !any; i++)
			any = raw_find(p, n, o->feeds[i], 0, 1);
		if (!any)
			return 0;
	}
	if (o->n_countries) {
		for (any = 0, i = 0; i < o->n_countries && !any; i++)
			any = raw_find(p, n, o->countries[i], 1, 1);
		if (!any)
			return 0;
	}
	for (i = 0; i < o->n_entities; i++)
		if (raw_safe(o->entities[i]) && !raw_find(p, n, o->entities[i], 1, 0))
			return 0;
	if (o->n_keys) {
		for (any = 0, i = 0; i < o->n_keys && !any; i++)
			any = raw_find(p, n, o->keys[i], 0, 1);
		if (!any)
			return 0;
	}
	return 1;
}

/* ---- tests on the parsed record ---- */

typedef int party_pred(json_t *party, const void *arg);

static int any_in_list(json_t *list, party_pred *pred, const void *arg)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
	{
		if (json_is_object(v) && pred(v, arg))
			return 1;
	}
	return 0;
}

/* Does pred hold for any entity, or any party of any event? */
static int any_party(json_t *rec, party_pred *pred, const void *arg)
{
	size_t i, k;
	json_t *ev, *one;

	if (any_in_list(json_object_get(rec, "entities"), pred, arg))
		return 1;
	json_array_foreach(json_object_get(rec, "events"), i, ev)
	{
		for (k = 0; k < sizeof(party_fields) / sizeof(party_fields[0]); k++) {
			one = json_object_get(ev, party_fields[k]);
			if (json_is_object(one) && pred(one, arg))
				return 1;
		}
		for (k = 0; k < sizeof(party_lists) / sizeof(party_lists[0]); k++)
			if (any_in_list(json_object_get(ev, party_lists[k]), pred, arg))
				return 1;
	}
	return 0;
}

static int name_contains(json_t *party, const void *arg)
{
	const char *name = json_string_value(json_object_get(party, "name"));
	const char *needle = arg;

	return name && raw_find(name, strlen(name), needle, 1, 0);
}

static int country_in(json_t *party, const void *arg)
{
	const struct grep_opts *o = arg;
	const char *cc = json_string_value(json_object_get(party, "country"));
	size_t i;

	for (i = 0; cc && i < o->n_countries; i++)
		if (!strcasecmp(cc, o->countries[i]))
			return 1;
	return 0;
}

static int has_event_type(const struct grep_opts *o, json_t *rec)
{
	size_t i, k;
	json_t *ev;
	const char *type;

	json_array_foreach(json_object_get(rec, "events"), i, ev)
	{
		type = json_string_value(json_object_get(ev, "type"));
		for (k = 0; type && k < N_EVENT_TYPES; k++)
			if ((o->types & (1u << k)) && !strcmp(type, event_types[k]))
				return 1;
	}
	return 0;
}

static int feed_wanted(const struct grep_opts *o, json_t *rec)
{
	const char *feed = json_string_value(json_object_get(rec, "feed"));
	size_t i;

	for (i = 0; feed && i < o->n_feeds; i++)
		if (!strcmp(feed, o->feeds[i]))
			return 1;
	return 0;
}

static int64_t time_of(json_t *rec, const char *key)
{
	json_t *v = json_object_get(rec, key);

	if (!json_is_string(v))
		return NW_DATE_NONE;
	return nw_date_parse(json_string_value(v), json_string_length(v));
}

/* The publication time, or the fetch time when that is unknown. */
static int64_t record_time(json_t *rec)
{
	int64_t t = time_of(rec, "published");

	return t != NW_DATE_NONE ? t : time_of(rec, "fetched");
}

static int text_matches(const struct grep_opts *o, json_t *rec)
{
	static const char *const fields[] = {"title", "text"};
	const char *s;
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		s = json_string_value(json_object_get(rec, fields[i]));
		if (s && !regexec(&o->re, s, 0, NULL, 0))
			return 1;
	}
	return 0;
}

static int has_key(const struct grep_opts *o, json_t *rec)
{
	size_t i, k;
	json_t *ev;

	json_array_foreach(json_object_get(rec, "events"), i, ev)
	{
		const char *key = json_string_value(json_object_get(ev, "key"));

		for (k = 0; key && k < o->n_keys; k++)
			if (!strcmp(key, o->keys[k]))
				return 1;
	}
	return 0;
}

static int record_matches(const struct grep_opts *o, json_t *rec)
{
	size_t i;
	int64_t t;

	if (o->n_feeds && !feed_wanted(o, rec))
		return 0;
	if (o->types && !has_event_type(o, rec))
		return 0;
	if (o->n_keys && !has_key(o, rec))
		return 0;
	if (o->since != NW_DATE_NONE || o->until != NW_DATE_NONE) {
		t = record_time(rec);
		if (t == NW_DATE_NONE || (o->since != NW_DATE_NONE && t < o->since) ||
		    (o->until != NW_DATE_NONE && t > o->until))
			return 0;
	}
	for (i = 0; i < o->n_entities; i++)
		if (!any_party(rec, name_contains, o->entities[i]))
			return 0;
	if (o->n_countries && !any_party(rec, country_in, o))
		return 0;
	return !o->have_re || text_matches(o, rec);
}

/* ---- the table ---- */

/* A field of the table: control characters would break the columns. */
static void put_clean(const char *s)
{
	for (; s && *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

static void put_name(json_t *party)
{
	const char *name = json_string_value(json_object_get(party, "name"));

	put_clean(name && *name ? name : "?");
}

/* "A, B +3" */
static void put_names(json_t *list)
{
	size_t i, n = json_array_size(list);

	for (i = 0; i < n && i < TABLE_NAMES; i++) {
		if (i)
			fputs(", ", stdout);
		put_name(json_array_get(list, i));
	}
	if (n > TABLE_NAMES)
		printf(" +%zu", n - TABLE_NAMES);
}

/* "designation: US Treasury -> A, B +1", "denial: KCNA" */
static void put_event(json_t *ev)
{
	const char *type = json_string_value(json_object_get(ev, "type"));
	json_t *who = NULL, *whom = NULL, *v;
	size_t k;

	for (k = 0; !who && k < sizeof(party_fields) / sizeof(party_fields[0]); k++)
		if (json_is_object(v = json_object_get(ev, party_fields[k])))
			who = v;
	for (k = 0; !whom && k < sizeof(party_lists) / sizeof(party_lists[0]); k++)
		if (json_array_size(v = json_object_get(ev, party_lists[k])))
			whom = v;
	put_clean(type && *type ? type : "?");
	if (!who && !whom)
		return;
	fputs(": ", stdout);
	if (who || !whom)
		put_name(who);
	if (whom) {
		fputs(who ? " -> " : "-> ", stdout);
		put_names(whom);
	}
}

static void put_table_row(json_t *rec)
{
	json_t *events = json_object_get(rec, "events");
	size_t i, n = json_array_size(events);
	int64_t t = record_time(rec);
	char day[11];

	if (t != NW_DATE_NONE) {
		nw_date_day(t, day);
		fputs(day, stdout);
	} else {
		putchar('-');
	}
	putchar('\t');
	put_clean(json_string_value(json_object_get(rec, "feed")));
	putchar('\t');
	for (i = 0; i < n && i < TABLE_EVENTS; i++) {
		if (i)
			fputs("; ", stdout);
		put_event(json_array_get(events, i));
	}
	if (n > TABLE_EVENTS)
		printf("; +%zu more", n - TABLE_EVENTS);
	if (!n)
		putchar('-');
	putchar('\t');
	put_clean(json_string_value(json_object_get(rec, "title")));
	putchar('\n');
}

/* ---- reading the archive ---- */

/*
 * One line (n bytes, with its newline if any): -1 not a valid record,
 * 0 no match, 1 matched (and printed unless counting).
 */
static int grep_line(struct grep_run *run, const char *line, size_t n)
{
	const struct grep_opts *o = run->o;
	size_t len = n;
	json_t *rec, *v;
	json_error_t jerr;
	int hit;

	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	/* A blank line holds no record, but it loses nothing either: not worth a warning. */
	if (!len || !raw_may_match(o, line, len))
		return 0;
	rec = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
	v = json_object_get(rec, "v");
	if (!json_is_object(rec) || !json_is_integer(v) || json_integer_value(v) != 1) {
		json_decref(rec);
		return -1;
	}
	hit = record_matches(o, rec);
	if (hit && !o->count) {
		if (o->table) {
			put_table_row(rec);
		} else {
			fwrite(line, 1, len, stdout);
			putchar('\n');
		}
	}
	json_decref(rec);
	run->matched += hit;
	return hit;
}

static void grep_file(struct grep_run *run, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0, first_bad = 0, n_bad = 0;

	if (!f) {
		nw_warn("cannot open %s: %s", path, strerror(errno));
		run->partial = 1;
		return;
	}
	errno = 0;
	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		if (grep_line(run, line, (size_t)n) < 0 && !n_bad++)
			first_bad = lineno;
	}
	if (!feof(f)) {
		nw_warn("%s:%lu: cannot read: %s", path, lineno + 1, strerror(errno ? errno : EIO));
		run->partial = 1;
	}
	if (n_bad == 1)
		nw_warn("%s:%lu: not a valid record, skipped", path, first_bad);
	else if (n_bad > 1)
		nw_warn("%s:%lu: not a valid record, skipped (and %lu more in this file)", path,
			first_bad, n_bad - 1);
	if (n_bad)
		run->partial = 1;
	free(line);
	fclose(f);
}

static int jsonl_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 6 && !strcmp(d->d_name + n - 6, ".jsonl");
}

/* Name order is time order for YYYY-MM.jsonl, whatever the locale says. */
static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int grep_archive(struct grep_run *run)
{
	struct dirent **names;
	char *dir, *path;
	int n, i, rc = EXIT_OK;

	if (asprintf(&dir, "%s/archive", run->o->var) < 0) {
		nw_warn("out of memory");
		return EXIT_FATAL;
	}
	n = scandir(dir, &names, jsonl_name, by_name);
	if (n < 0) {
		if (errno == ENOENT)
			nw_warn("no archive in %s (is --var right?)", dir);
		else
			nw_warn("cannot read %s: %s", dir, strerror(errno));
		free(dir);
		return errno == ENOMEM ? EXIT_FATAL : EXIT_USAGE;
	}
	for (i = 0; i < n; i++) {
		if (rc == EXIT_OK) {
			if (asprintf(&path, "%s/%s", dir, names[i]->d_name) < 0) {
				nw_warn("out of memory");
				rc = EXIT_FATAL;
			} else {
				grep_file(run, path);
				free(path);
			}
		}
		free(names[i]);
	}
	free(names);
	free(dir);
	return rc;
}

/* ---- options ---- */

/* YYYY-MM-DD or ISO 8601; a bare date as --until means its last second. */
static int parse_date_opt(const char *s, int until, int64_t *out)
{
	size_t n = strlen(s), i;

	for (i = 0; i < 10; i++)
		if (i >= n || ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9')))
			return -1;
	*out = nw_date_parse(s, n);
	if (*out == NW_DATE_NONE)
		return -1;
	if (until && n == 10)
		*out += 86400 - 1;
	return 0;
}

static int type_bit(const char *t, unsigned *bits)
{
	size_t i;

	for (i = 0; i < N_EVENT_TYPES; i++) {
		if (!strcmp(t, event_types[i])) {
			*bits |= 1u << i;
			return 0;
		}
	}
	return -1;
}

static int country_ok(const char *cc)
{
	return strlen(cc) == 2 && fold(cc[0]) >= 'a' && fold(cc[0]) <= 'z' && fold(cc[1]) >= 'a' &&
	       fold(cc[1]) <= 'z';
}

enum {
	OPT_VAR = 256,
	OPT_TYPE,
	OPT_ENTITY,
	OPT_COUNTRY,
	OPT_FEED,
	OPT_KEY,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_TABLE
};

static const struct option long_opts[] = {
    {"var", required_argument, NULL, OPT_VAR},
    {"type", required_argument, NULL, OPT_TYPE},
    {"entity", required_argument, NULL, OPT_ENTITY},
    {"country", required_argument, NULL, OPT_COUNTRY},
    {"feed", required_argument, NULL, OPT_FEED},
    {"key", required_argument, NULL, OPT_KEY},
    {"since", required_argument, NULL, OPT_SINCE},
    {"until", required_argument, NULL, OPT_UNTIL},
    {"table", no_argument, NULL, OPT_TABLE},
    {NULL, 0, NULL, 0},
};

/* Fills o from argv; returns the index of the first operand or -1 (usage error printed). */
static int parse_opts(int argc, char **argv, struct grep_opts *o)
{
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ic", long_opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			o->icase = 1;
			break;
		case 'c':
			o->count = 1;
			break;
		case OPT_VAR:
			o->var = optarg;
			break;
		case OPT_TYPE:
			if (type_bit(optarg, &o->types) < 0) {
				nw_usage_error(usage, "unknown event type '%s'", optarg);
				return -1;
			}
			break;
		case OPT_ENTITY:
			o->entities[o->n_entities++] = optarg;
			break;
		case OPT_COUNTRY:
			if (!country_ok(optarg)) {
				nw_usage_error(usage, "--country wants a two-letter code, not '%s'",
					       optarg);
				return -1;
			}
			o->countries[o->n_countries++] = optarg;
			break;
		case OPT_FEED:
			o->feeds_raw = (o->n_feeds == 0 || o->feeds_raw) && raw_safe(optarg);
			o->feeds[o->n_feeds++] = optarg;
			break;
		case OPT_KEY:
			o->keys[o->n_keys++] = optarg;
			break;
		case OPT_SINCE:
		case OPT_UNTIL:
			if (parse_date_opt(optarg, c == OPT_UNTIL,
					   c == OPT_UNTIL ? &o->until : &o->since) < 0) {
				nw_usage_error(usage, "bad date '%s' (want YYYY-MM-DD or ISO 8601)",
					       optarg);
				return -1;
			}
			break;
		case OPT_TABLE:
			o->table = 1;
			break;
		case ':':
			/* Only long options take arguments, and getopt has moved past them. */
			nw_usage_error(usage, "option '%s' needs an argument", argv[optind - 1]);
			return -1;
		default:
			if (optopt)
				nw_usage_error(usage, "unknown option '-%c'", optopt);
			else
				nw_usage_error(usage, "unknown option '%s'", argv[optind - 1]);
			return -1;
		}
	}
	if (argc - optind > 1) {
		nw_usage_error(usage, "one PATTERN at most (got '%s' and '%s')", argv[optind],
			       argv[optind + 1]);
		return -1;
	}
	return optind;
}

static int compile_pattern(struct grep_opts *o, const char *pattern)
{
	char msg[256];
	int rc = regcomp(&o->re, pattern, REG_EXTENDED | REG_NOSUB | (o->icase ? REG_ICASE : 0));

	if (rc) {
		regerror(rc, &o->re, msg, sizeof(msg));
		return nw_usage_error(usage, "bad PATTERN '%s': %s", pattern, msg);
	}
	o->have_re = 1;
	return EXIT_OK;
}

static int grep_with(struct grep_opts *o, const char *pattern)
{
	struct grep_run run = {o, 0, 0};
	int rc;

	if (pattern && (rc = compile_pattern(o, pattern)) != EXIT_OK)
		return rc;
	rc = grep_archive(&run);
	if (o->have_re)
		regfree(&o->re);
	if (rc != EXIT_OK)
		return rc;
	if (o->count)
		printf("%zu\n", run.matched);
	if (fflush(stdout) || ferror(stdout)) {
		nw_warn("cannot write output: %s", strerror(errno));
		return EXIT_FATAL;
	}
	return run.partial ? EXIT_PARTIAL : EXIT_OK;
}

int cmd_grep(int argc, char **argv)
{
	struct grep_opts o = {.var = "var", .since = NW_DATE_NONE, .until = NW_DATE_NONE};
	char *old_locale = NULL;
	const char *cur;
	int first, rc;

	if (nw_wants_help(argc, argv, usage))
		return EXIT_OK;
	o.entities = calloc((size_t)argc, sizeof(*o.entities));
	o.countries = calloc((size_t)argc, sizeof(*o.countries));
	o.feeds = calloc((size_t)argc, sizeof(*o.feeds));
	o.keys = calloc((size_t)argc, sizeof(*o.keys));
	if (!o.entities || !o.countries || !o.feeds || !o.keys) {
		nw_warn("out of memory");
		rc = EXIT_FATAL;
		goto out;
	}
	first = parse_opts(argc, argv, &o);
	if (first < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	/* The archive is UTF-8 whatever the user's locale; only the regex cares. */
	cur = setlocale(LC_CTYPE, NULL);
	old_locale = cur ? strdup(cur) : NULL;
	setlocale(LC_CTYPE, "C.UTF-8");
	rc = grep_with(&o, first < argc ? argv[first] : NULL);
	if (old_locale)
		setlocale(LC_CTYPE, old_locale);
out:
	free(old_locale);
	free(o.entities);
	free(o.countries);
	free(o.feeds);
	free(o.keys);
	return rc;
}
