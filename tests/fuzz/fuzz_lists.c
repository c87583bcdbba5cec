/*
 * fuzz_lists.c - libFuzzer target for the sanctions lists and linking
 * (lists.c, link.c).
 *
 * Each input is written as a file in a private temporary directory made
 * once, and loaded as OFAC's sdn.csv when its first byte is even, else as
 * a watchlist.  On success every entry must have a list, a uid and a name,
 * and linking each entry's display name (and a few byte slices of the
 * input) must give a score in [0, 1] that meets the threshold.
 *
 * Seeds: tests/fuzz/corpus/lists/ (the fixture lists).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "entity.h"
#include "err.h"
#include "fuzz.h"
#include "link.h"
#include "lists.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/nw-fuzz-lists.XXXXXX";
static char sdn[sizeof(dir) + 16], watch[sizeof(dir) + 16];

static void remove_dir(void)
{
	unlink(sdn);
	unlink(watch);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (!mkdtemp(dir)) {
		perror("fuzz_lists: mkdtemp");
		exit(1);
	}
	snprintf(sdn, sizeof(sdn), "%s/sdn.csv", dir);
	snprintf(watch, sizeof(watch), "%s/watch.tsv", dir);
	atexit(remove_dir);
	return 0;
}

static void check_link(const struct nw_lists *l, const char *name, size_t n, int kind)
{
	struct nw_link k;

	if (!nw_link(l, name, n, kind, NULL, NW_LINK_THRESHOLD, &k))
		return;
	if (!k.entry || !(k.score >= NW_LINK_THRESHOLD && k.score <= 1.0001))
		fuzz_fail("nw_link", "bad score or entry", name, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = size && data[0] % 2 ? watch : sdn;
	struct nw_lists l;
	FILE *f = fopen(path, "wb");
	size_t i;

	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		perror(path);
		abort();
	}
	nw_lists_init(&l);
	if ((path == sdn ? nw_lists_load_ofac(&l, dir, NULL)
			 : nw_lists_load_watchlist(&l, path, "desk", NULL)) == NW_OK) {
		for (i = 0; i < l.nent; i++) {
			const struct nw_list_entry *en = &l.ent[i];

			if (!en->list || !en->uid || !en->name || !en->display)
				fuzz_fail("entry", "missing field", NULL, 0);
			check_link(&l, en->display, strlen(en->display), en->kind);
		}
		for (i = 0; i + 1 < size && i < 64; i += 8)
			check_link(&l, (const char *)data + i, size - i < 40 ? size - i : 40,
				   NW_KIND_NONE);
	}
	nw_lists_free(&l);
	unlink(path);
	return 0;
}
