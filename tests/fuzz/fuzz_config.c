/*
 * fuzz_config.c - libFuzzer target for newswatch.conf (config.c) and the
 * alert rules built from it (alert.c).
 *
 * Each input is written to newswatch.conf in a private temporary directory
 * made once.  On success every setting must have a lower-case section and
 * key made of [a-z0-9._-], a value with no newline, and a line number that
 * never decreases; the rules must build or fail with a message.
 *
 * Seeds: tests/fuzz/corpus/config/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert.h"
#include "config.h"
#include "err.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/nw-fuzz-config.XXXXXX";
static char path[sizeof(dir) + 16];

static void remove_dir(void)
{
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (!mkdtemp(dir)) {
		perror("fuzz_config: mkdtemp");
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/newswatch.conf", dir);
	atexit(remove_dir);
	return 0;
}

static void check_word(const char *what, const char *w)
{
	if (!w || !*w)
		fuzz_fail(what, "empty", NULL, 0);
	for (const char *p = w; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("._-", *p)))
			fuzz_fail(what, "not lower-case [a-z0-9._-]", w, strlen(w));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_alert_rule rules[8];
	struct nw_config c;
	struct nw_err e = {0, ""};
	FILE *f = fopen(path, "wb");
	size_t i;

	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		perror(path);
		abort();
	}
	nw_config_init(&c);
	if (nw_config_load(&c, path, &e) == NW_OK) {
		for (i = 0; i < c.n; i++) {
			check_word("section", c.set[i].section);
			check_word("key", c.set[i].key);
			if (strchr(c.set[i].value, '\n'))
				fuzz_fail("value", "holds a newline", c.set[i].value,
					  strlen(c.set[i].value));
			if (i && c.set[i].line < c.set[i - 1].line)
				fuzz_fail("line", "decreases", NULL, 0);
		}
		if (nw_alert_rules(&c, rules, 8, &e) < 0 && !e.msg[0])
			fuzz_fail("nw_alert_rules", "failed without a message", NULL, 0);
		(void)nw_config_path(&c, "lists", NULL, "ofac");
	} else if (!e.msg[0]) {
		fuzz_fail("nw_config_load", "failed without a message", NULL, 0);
	}
	nw_config_release(&c);
	return 0;
}
