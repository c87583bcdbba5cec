/*
 * fuzz_feedlist.c - libFuzzer target for nw_feedlist_load and nw_local_path.
 *
 * nw_feedlist_load reads a file, so each input is written to feeds.conf in
 * a private temporary directory made once (relative LOCATIONs resolve
 * there; nothing is created besides that file, which is removed at exit).
 * On success every feed must have a valid, unique NAME, an http(s):// URL
 * without a root or a file:// URL with one, URLs valid UTF-8 (a root is a
 * directory as the file system names it: any bytes), and lines in
 * increasing order.  For each local feed, nw_local_path must
 * either refuse or return a path inside the feed's root: the guard that
 * keeps a feed's links from reaching other files.
 *
 * Seeds: tests/fuzz/corpus/feedlist/ (the project's feed lists and a few
 * small lists written for this target).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "err.h"
#include "feedlist.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/nw-fuzz-feedlist.XXXXXX";
static char path[sizeof(dir) + 16];

static void remove_dir(void)
{
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xmlInitParser();
	if (!mkdtemp(dir)) {
		perror("fuzz_feedlist: mkdtemp");
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/feeds.conf", dir);
	atexit(remove_dir);
	return 0;
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

static void check_name(const struct nw_feedlist *fl, size_t i)
{
	const char *name = fl->feed[i].name;
	size_t k;

	if (!name || !*name)
		fuzz_fail("feed name", "empty", NULL, 0);
	for (k = 0; name[k]; k++)
		if (!name_char(name[k]))
			fuzz_fail("feed name", "not [A-Za-z0-9._-]+", name, strlen(name));
	for (k = 0; k < i; k++)
		if (!strcmp(fl->feed[k].name, name))
			fuzz_fail("feed name", "duplicate", name, strlen(name));
}

/* The file nw_local_path returns must lie inside root. */
static void check_local(const struct nw_feed_conf *fc)
{
	size_t rl = strlen(fc->root);
	char *p = nw_local_path(fc->url, fc->root, NULL);

	if (!p)
		return;
	if (strncmp(p, fc->root, rl) || (p[rl] != '/' && strcmp(fc->root, "/")))
		fuzz_fail("nw_local_path", "path outside the feed's root", p, strlen(p));
	free(p);
}

static void check_feed(const struct nw_feedlist *fl, size_t i)
{
	const struct nw_feed_conf *fc = &fl->feed[i];

	check_name(fl, i);
	if (!fc->url)
		fuzz_fail("feed url", "NULL", NULL, 0);
	fuzz_utf8("feed url", fc->url);
	if (i && fc->line <= fl->feed[i - 1].line)
		fuzz_fail("feed line", "not increasing", fc->url, strlen(fc->url));
	if (!strncmp(fc->url, "http://", 7) || !strncmp(fc->url, "https://", 8)) {
		if (fc->root)
			fuzz_fail("feed root", "set for a network feed", fc->url, strlen(fc->url));
	} else if (!strncmp(fc->url, "file://", 7)) {
		if (!fc->root)
			fuzz_fail("feed root", "NULL for a local feed", fc->url, strlen(fc->url));
		check_local(fc);
	} else {
		fuzz_fail("feed url", "neither http(s):// nor file://", fc->url, strlen(fc->url));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_feedlist fl;
	FILE *f = fopen(path, "wb");
	size_t i;

	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		perror(path);
		abort();
	}
	if (nw_feedlist_load(&fl, path, NULL) == NW_OK) {
		for (i = 0; i < fl.n; i++)
			check_feed(&fl, i);
		nw_feedlist_release(&fl);
	}
	return 0;
}
