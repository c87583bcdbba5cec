/*
 * test_lists.c - loading sanctions lists (lists.h): OFAC's legacy CSV with
 * its quirks (no header, "-0- " nulls, CRLF, the 0x1A end byte, "DPRK3] [DPRK4",
 * "LAST, First", nicknames and nationality in remarks, RFC 4180 quoting),
 * watchlists, errors that name the file and line, all-or-nothing loads, and
 * hostile bytes.
 *
 * Uses only tests/fixtures/lists (our own rows in OFAC's format, with the
 * three 2018 designations copied from the public-domain list) and files it
 * writes under a mkdtemp directory in /tmp.  The real list in
 * ../shared/data/ofac is exercised by tests/bench/link_bench.c only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "entity.h"
#include "err.h"
#include "lists.h"
#include "utf8.h"
#include "t.h"

#define OFAC_DIR "tests/fixtures/lists/ofac"
#define WATCHLIST "tests/fixtures/lists/watchlist.tsv"

static const struct nw_list_entry *find(const struct nw_lists *l, const char *list, const char *uid)
{
	size_t i;

	for (i = 0; i < l->nent; i++) {
		if (!strcmp(l->ent[i].list, list) && !strcmp(l->ent[i].uid, uid))
			return &l->ent[i];
	}
	return NULL;
}

/* The same, or an entry of empty strings, for checks that read a field directly. */
static const struct nw_list_entry *sdn(const struct nw_lists *l, const char *uid)
{
	static const struct nw_list_entry none = {"", "", "", "", "", "", "", NULL, 0, 0, ""};
	const struct nw_list_entry *en = find(l, "OFAC-SDN", uid);

	return en ? en : &none;
}

static int has_alias(const struct nw_list_entry *en, const char *alias)
{
	size_t i;

	for (i = 0; i < en->naliases; i++) {
		if (!strcmp(en->aliases[i], alias))
			return 1;
	}
	return 0;
}

static const struct nw_list_name *find_name(const struct nw_lists *l, const char *text)
{
	size_t i;

	for (i = 0; i < l->nnames; i++) {
		if (!strcmp(l->names[i].text, text))
			return &l->names[i];
	}
	return NULL;
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f) {
		fwrite(data, 1, n, f);
		fclose(f);
	}
}

/* A fresh directory holding sdn.csv with the given contents. */
static char *sdn_dir(char *dir, size_t size, const char *sdn, size_t n)
{
	char path[512];

	snprintf(dir, size, "/tmp/nw-test-lists-XXXXXX");
	if (!mkdtemp(dir))
		return NULL;
	snprintf(path, sizeof(path), "%s/sdn.csv", dir);
	write_file(path, sdn, n);
	return dir;
}

static void remove_dir(const char *dir)
{
	static const char *const files[] = {"sdn.csv", "alt.csv", "add.csv", "w.tsv"};
	char path[512];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void ofac_entries(void)
{
	struct nw_lists l;
	struct nw_err e = {0};
	const struct nw_list_entry *en;

	nw_lists_init(&l);
	T_ASSERT(nw_lists_load_ofac(&l, OFAC_DIR, &e) == NW_OK);
	T_EXPECT(l.nent == 23);

	en = find(&l, "OFAC-SDN", "24979");
	T_ASSERT(en != NULL);
	T_STREQ(en->name, "JONG, Song Hwa");
	T_STREQ(en->display, "Jong Song Hwa");
	T_EXPECT(en->kind == NW_KIND_PERSON);
	T_STREQ(en->country, "KP");
	T_STREQ(en->programs, "DPRK4");
	T_EXPECT(en->naliases == 0);

	en = find(&l, "OFAC-SDN", "24977");
	T_ASSERT(en != NULL);
	T_STREQ(en->display, "Yanbian Silverstar Network Technology Co., Ltd.");
	T_EXPECT(en->kind == NW_KIND_ORG);
	T_STREQ(en->programs, "DPRK3 DPRK4");
	T_STREQ(en->country, "CN");
	T_STREQ(en->countries, "CN");
	T_EXPECT(en->naliases == 7);
	T_EXPECT(has_alias(en, "SILVER STAR CHINA"));
	T_EXPECT(has_alias(en, "YANBIAN SILVER STAR"));

	en = find(&l, "OFAC-SDN", "24978");
	T_ASSERT(en != NULL);
	T_STREQ(en->country, "RU");
	T_STREQ(en->display, "Volasys Silver Star");
	nw_lists_free(&l);
}

static void ofac_quirks(void)
{
	struct nw_lists l;
	struct nw_err e = {0};
	const struct nw_list_entry *en;
	const struct nw_list_name *nm;

	nw_lists_init(&l);
	T_ASSERT(nw_lists_load_ofac(&l, OFAC_DIR, &e) == NW_OK);

	/* Western names are reordered, East Asian ones keep the family name first. */
	T_STREQ(sdn(&l, "90015")->display, "Gilberto Jose Rodriguez Orejuela");
	T_STREQ(sdn(&l, "90017")->display, "Feliciano Semborio Delos Reyes Jr.");
	T_STREQ(sdn(&l, "90002")->display, "Pak Chol Jin");
	T_STREQ(sdn(&l, "90004")->display, "Al-Noor Trading, L.L.C.");
	T_STREQ(sdn(&l, "90016")->display, "Trans-Asia Network Solutions, JSC");

	/* "citizen X", an address country, a vessel's flag; every country kept. */
	T_STREQ(sdn(&l, "90015")->country, "CO");
	T_STREQ(sdn(&l, "90004")->countries, "AE OM");
	T_STREQ(sdn(&l, "90011")->country, "PA");
	T_EXPECT(sdn(&l, "90011")->kind == NW_KIND_VESSEL);
	T_EXPECT(sdn(&l, "90014")->kind == NW_KIND_AIRCRAFT);
	T_STREQ(sdn(&l, "90010")->country, "IR");

	/* RFC 4180: "" inside quotes is one quote. */
	en = find(&l, "OFAC-SDN", "90012");
	T_ASSERT(en != NULL);
	T_STREQ(en->name, "THE \"RED CRESCENT\" LOGISTICS GROUP");

	/* A Latin-1 byte comes out as UTF-8. */
	en = find(&l, "OFAC-SDN", "90013");
	T_ASSERT(en != NULL);
	T_STREQ(en->name, "M\xc3\x9cLLER HANDELSKONTOR GMBH");
	T_EXPECT(nw_utf8_valid(en->display, strlen(en->display)));

	/* Nicknames in remarks are weak aliases; alt.csv's are not. */
	en = find(&l, "OFAC-SDN", "90005");
	T_ASSERT(en != NULL);
	T_EXPECT(has_alias(en, "ABU HAFS"));
	T_EXPECT(has_alias(en, "AL-HALABI, Karim"));
	nm = find_name(&l, "ABU HAFS");
	T_ASSERT(nm != NULL);
	T_EXPECT(nm->flags & NW_NAME_WEAK);
	nm = find_name(&l, "AL-HALABI, Karim");
	T_ASSERT(nm != NULL);
	T_EXPECT(nm->flags & NW_NAME_LASTFIRST);
	nm = find_name(&l, "KOREA OCEAN SHIPPING CORPORATION");
	T_ASSERT(nm != NULL);
	T_EXPECT(!(nm->flags & NW_NAME_WEAK));

	/* Rows for an ent_num sdn.csv lacks are skipped. */
	T_EXPECT(find_name(&l, "NOBODY AT ALL") == NULL);
	nw_lists_free(&l);
}

static void watchlist(void)
{
	struct nw_lists l;
	struct nw_err e = {0};
	const struct nw_list_entry *en;

	nw_lists_init(&l);
	T_ASSERT(nw_lists_load_ofac(&l, OFAC_DIR, &e) == NW_OK);
	T_ASSERT(nw_lists_load_watchlist(&l, WATCHLIST, "DESK", &e) == NW_OK);
	T_EXPECT(l.nent == 23 + 6);

	en = find(&l, "DESK", "4");
	T_ASSERT(en != NULL);
	T_STREQ(en->name, "Northern Lights Maritime Ltd");
	T_EXPECT(en->kind == NW_KIND_ORG);
	T_STREQ(en->country, "SG");
	T_EXPECT(en->naliases == 2 && has_alias(en, "NLM Shipping"));
	T_STREQ(en->note, "front company named in a 2023 court filing");

	en = find(&l, "DESK", "5");
	T_ASSERT(en != NULL);
	T_STREQ(en->display, "Oleg Borisovich Vantsev");
	T_STREQ(en->country, "RU");

	en = find(&l, "DESK", "6");
	T_ASSERT(en != NULL);
	T_EXPECT(en->kind == NW_KIND_VESSEL);
	T_STREQ(en->country, "KP");

	en = find(&l, "DESK", "9");
	T_ASSERT(en != NULL);
	T_EXPECT(en->kind == NW_KIND_NONE);
	T_STREQ(en->country, "");

	en = find(&l, "DESK", "10");
	T_ASSERT(en != NULL);
	T_STREQ(en->note, "note with a tab inside"); /* control characters become spaces */

	/* The OFAC entries' aliases survive the second load's regrouping. */
	T_EXPECT(has_alias(sdn(&l, "24977"), "SILVER STAR CHINA"));
	nw_lists_free(&l);
}

/* Load text as sdn.csv; returns the code, with the message in e. */
static int load_sdn(const char *text, size_t n, struct nw_err *e)
{
	struct nw_lists l;
	char dir[64];
	int rc;

	if (!sdn_dir(dir, sizeof(dir), text, n))
		return -100;
	nw_lists_init(&l);
	rc = nw_lists_load_ofac(&l, dir, e);
	nw_lists_free(&l);
	remove_dir(dir);
	return rc;
}

static void csv_errors(void)
{
	static const char unterminated[] = "1,\"A\",-0- ,\"X\"\r\n"
					   "2,\"B\",-0- ,\"X\"\r\n"
					   "3,\"C,-0- ,\"X\r\n";
	static const char junk_after_quote[] = "1,\"A\"x,-0- \r\n";
	static const char bad_id[] = "1,\"A\",-0- \r\nabc,\"B\",-0- \r\n";
	static const char few[] = "1,\"A\"\r\n";
	static const char twice[] = "5,\"A\",-0- \r\n5,\"B\",-0- \r\n";
	static const char multiline[] = "1,\"A\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
					"\"two\r\nlines\"\r\n2,\"B\",-0- ,\"bad\"q\r\n";
	struct nw_err e = {0};
	char *big;

	T_EXPECT(load_sdn(unterminated, sizeof(unterminated) - 1, &e) == NW_EPARSE);
	T_EXPECT(strstr(e.msg, "sdn.csv:3:") != NULL);
	T_EXPECT(load_sdn(junk_after_quote, sizeof(junk_after_quote) - 1, &e) == NW_EPARSE);
	T_EXPECT(strstr(e.msg, "sdn.csv:1:") != NULL);
	T_EXPECT(load_sdn(bad_id, sizeof(bad_id) - 1, &e) == NW_EPARSE);
	T_EXPECT(strstr(e.msg, "sdn.csv:2: bad ent_num") != NULL);
	T_EXPECT(load_sdn(few, sizeof(few) - 1, &e) == NW_EPARSE);
	T_EXPECT(load_sdn(twice, sizeof(twice) - 1, &e) == NW_EPARSE);
	T_EXPECT(strstr(e.msg, "ent_num 5") != NULL);
	/* A quoted field may hold a line break; later lines are still counted. */
	T_EXPECT(load_sdn(multiline, sizeof(multiline) - 1, &e) == NW_EPARSE);
	T_EXPECT(strstr(e.msg, "sdn.csv:3:") != NULL);

	big = malloc(3 * NW_LISTS_MAX_FIELD);
	T_ASSERT(big != NULL);
	memcpy(big, "1,\"", 3);
	memset(big + 3, 'A', 2 * NW_LISTS_MAX_FIELD);
	memcpy(big + 3 + 2 * NW_LISTS_MAX_FIELD, "\",-0- \r\n", 8);
	T_EXPECT(load_sdn(big, 2 * NW_LISTS_MAX_FIELD + 11, &e) == NW_ETOOBIG);
	T_EXPECT(strstr(e.msg, "sdn.csv:1:") != NULL);
	memcpy(big, "1,", 2); /* the same unquoted */
	memset(big + 2, 'A', 2 * NW_LISTS_MAX_FIELD);
	memcpy(big + 2 + 2 * NW_LISTS_MAX_FIELD, ",-0- \r\n", 7);
	T_EXPECT(load_sdn(big, 2 * NW_LISTS_MAX_FIELD + 9, &e) == NW_ETOOBIG);
	free(big);
}

static void csv_lenient(void)
{
	/* No CRLF, no 0x1A, blank lines, short rows, a missing alt.csv and add.csv. */
	static const char text[] =
	    "\n7,\"SOLO, Han\",\"individual\"\n\n8,PLAIN NAME,-0-,\"P1]  [P2\"";
	struct nw_lists l;
	struct nw_err e = {0};
	char dir[64];

	T_ASSERT(sdn_dir(dir, sizeof(dir), text, sizeof(text) - 1) != NULL);
	nw_lists_init(&l);
	T_EXPECT(nw_lists_load_ofac(&l, dir, &e) == NW_OK);
	T_EXPECT(l.nent == 2);
	if (l.nent == 2) {
		T_STREQ(l.ent[0].display, "Han Solo");
		T_STREQ(l.ent[1].name, "PLAIN NAME");
		T_STREQ(l.ent[1].programs, "P1 P2");
		T_EXPECT(l.ent[1].kind == NW_KIND_ORG);
	}
	nw_lists_free(&l);
	remove_dir(dir);
}

static void missing_files(void)
{
	struct nw_lists l;
	struct nw_err e = {0};

	nw_lists_init(&l);
	T_EXPECT(nw_lists_load_ofac(&l, "tests/fixtures/lists/no-such-dir", &e) == NW_EIO);
	T_EXPECT(strstr(e.msg, "no-such-dir/sdn.csv") != NULL);
	T_EXPECT(nw_lists_load_watchlist(&l, "tests/fixtures/lists/none.tsv", "X", &e) == NW_EIO);
	T_EXPECT(nw_lists_load_watchlist(&l, WATCHLIST, "", &e) == NW_EINVAL);
	T_EXPECT(l.nent == 0);
	nw_lists_free(&l);
}

static void watchlist_errors(void)
{
	static const char bad_kind[] = "# c\nGood Name\t\torg\nOther Name\t\tsubmarine\n";
	static const char bad_country[] = "Good Name\t\torg\tNarnia\n";
	static const char no_name[] = "\tAlias only\torg\n";
	struct nw_lists l;
	struct nw_err e = {0};
	char dir[64], path[128];

	T_ASSERT(sdn_dir(dir, sizeof(dir), "", 0) != NULL);
	snprintf(path, sizeof(path), "%s/w.tsv", dir);
	nw_lists_init(&l);
	T_ASSERT(nw_lists_load_ofac(&l, OFAC_DIR, &e) == NW_OK);

	write_file(path, bad_kind, sizeof(bad_kind) - 1);
	T_EXPECT(nw_lists_load_watchlist(&l, path, "W", &e) == NW_EPARSE);
	T_EXPECT(strstr(e.msg, "w.tsv:3: unknown kind \"submarine\"") != NULL);
	write_file(path, bad_country, sizeof(bad_country) - 1);
	T_EXPECT(nw_lists_load_watchlist(&l, path, "W", &e) == NW_EPARSE);
	T_EXPECT(strstr(e.msg, "w.tsv:1:") != NULL);
	write_file(path, no_name, sizeof(no_name) - 1);
	T_EXPECT(nw_lists_load_watchlist(&l, path, "W", &e) == NW_EPARSE);

	/* All or nothing: the failed loads left the OFAC entries as they were. */
	T_EXPECT(l.nent == 23);
	T_EXPECT(find(&l, "W", "2") == NULL);
	T_EXPECT(has_alias(sdn(&l, "24977"), "SILVER STAR CHINA"));
	T_EXPECT(l.idx.nindexed == l.nnames);
	nw_lists_free(&l);
	remove_dir(dir);
}

/* Enough entries that the arrays move while loading: every pointer must stay good. */
static void watchlist_large(void)
{
	struct nw_lists l;
	struct nw_err e = {0};
	char dir[64], path[128];
	size_t i, bad = 0;
	FILE *f;

	T_ASSERT(sdn_dir(dir, sizeof(dir), "", 0) != NULL);
	snprintf(path, sizeof(path), "%s/w.tsv", dir);
	f = fopen(path, "w");
	T_ASSERT(f != NULL);
	for (i = 0; i < 3000; i++)
		fprintf(f, "Target Number%zu Holdings\tTN%zu; Number%zu Group\torg\t%s\tnote %zu\n",
			i, i, i, i % 2 ? "KP" : "Iran", i);
	fclose(f);
	nw_lists_init(&l);
	T_EXPECT(nw_lists_load_ofac(&l, OFAC_DIR, &e) == NW_OK);
	T_EXPECT(nw_lists_load_watchlist(&l, path, "BIG", &e) == NW_OK);
	T_EXPECT(l.nent == 23 + 3000);
	for (i = 23; i < l.nent; i++) {
		const struct nw_list_entry *en = &l.ent[i];

		bad += strcmp(en->countries, i % 2 ? "IR" : "KP") != 0 || en->naliases != 2 ||
		       strncmp(en->aliases[0], "TN", 2) != 0;
	}
	T_EXPECT(bad == 0);
	T_EXPECT(has_alias(sdn(&l, "24977"), "SILVER STAR CHINA"));
	nw_lists_free(&l);
	remove_dir(dir);
}

static void country_codes(void)
{
	T_STREQ(nw_lists_country_code("Korea, North", 12), "KP");
	T_STREQ(nw_lists_country_code("korea, north.", 13), "KP");
	T_STREQ(nw_lists_country_code(" China ", 7), "CN");
	T_STREQ(nw_lists_country_code("Russia", 6), "RU");
	T_STREQ(nw_lists_country_code("Iran", 4), "IR");
	T_STREQ(nw_lists_country_code("Burma", 5), "MM");
	T_STREQ(nw_lists_country_code("Congo, Democratic Republic of the", 33), "CD");
	T_EXPECT(nw_lists_country_code("Narnia", 6) == NULL);
	T_EXPECT(nw_lists_country_code("Chin", 4) == NULL);
	T_EXPECT(nw_lists_country_code("", 0) == NULL);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Junk and mangled rows: any code is fine, a crash or a leak is not (run under ASan). */
static void hostile_bytes(void)
{
	static const char alphabet[] = "\",\r\n -0\x1a\xff\xc3\x80"
				       "a1;'[]";
	static const char real[] =
	    "24979,\"JONG, Song Hwa\",\"individual\",\"DPRK4\",-0- ,-0- ,-0- ,"
	    "-0- ,-0- ,-0- ,-0- ,\"nationality Korea, North; a.k.a. 'X\"\r\n";
	uint64_t seed = 42;
	char buf[2048], dir[64];
	int round;

	for (round = 0; round < 300; round++) {
		struct nw_err e = {0};
		size_t n, i;

		if (round % 2) { /* mutate a real row */
			n = sizeof(real) - 1;
			memcpy(buf, real, n);
			for (i = 0; i < 4; i++)
				buf[rnd(&seed) % n] = alphabet[rnd(&seed) % (sizeof(alphabet) - 1)];
		} else {
			n = rnd(&seed) % sizeof(buf);
			for (i = 0; i < n; i++)
				buf[i] = alphabet[rnd(&seed) % (sizeof(alphabet) - 1)];
		}
		load_sdn(buf, n, &e);
	}
	/* The same bytes as a watchlist. */
	T_ASSERT(sdn_dir(dir, sizeof(dir), "", 0) != NULL);
	for (round = 0; round < 100; round++) {
		struct nw_lists l;
		struct nw_err e = {0};
		char path[128];
		size_t n = rnd(&seed) % sizeof(buf), i;

		for (i = 0; i < n; i++)
			buf[i] = "\t;\n#ab \xff\xc3"[rnd(&seed) % 10];
		snprintf(path, sizeof(path), "%s/w.tsv", dir);
		write_file(path, buf, n);
		nw_lists_init(&l);
		nw_lists_load_watchlist(&l, path, "W", &e);
		for (i = 0; i < l.nent; i++)
			T_EXPECT(nw_utf8_valid(l.ent[i].name, strlen(l.ent[i].name)));
		nw_lists_free(&l);
	}
	remove_dir(dir);
}

T_MAIN(T_CASE(ofac_entries), T_CASE(ofac_quirks), T_CASE(watchlist), T_CASE(csv_errors),
       T_CASE(csv_lenient), T_CASE(missing_files), T_CASE(watchlist_errors),
       T_CASE(watchlist_large), T_CASE(country_codes), T_CASE(hostile_bytes))
