/*
 * test_config.c - newswatch.conf (config.h): sections, subsections,
 * comments, quoting, typed values, relative paths and errors that name
 * the file and line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "err.h"
#include "t.h"

#define FIXTURE "tests/fixtures/config/newswatch.conf"

static void reads_every_construct(void)
{
	struct nw_config c;
	struct nw_err e = {0, ""};
	const char *names[4];
	double th;
	int digest;

	nw_config_init(&c);
	T_ASSERT(nw_config_load(&c, FIXTURE, &e) == NW_OK);
	T_STREQ(nw_config_get(&c, "lists", NULL, "watchlist"), "/srv/watch list.tsv");
	T_STREQ(nw_config_path(&c, "lists", NULL, "ofac"), "tests/fixtures/config/ofac");
	T_STREQ(nw_config_path(&c, "lists", NULL, "watchlist"), "/srv/watch list.tsv");
	T_STREQ(nw_config_get(&c, "mail", NULL, "from"), "newswatch <alerts@example.org>");
	T_STREQ(nw_config_get(&c, "MAIL", NULL, "To"), "desk@example.org");
	T_STREQ(nw_config_get(&c, "mail", NULL, "missing"), NULL);
	T_STREQ(nw_config_get(&c, "rule", "korea", "countries"), "KP CN");
	T_STREQ(nw_config_get(&c, "rule", "korea", "to"), "korea-desk@example.org");
	T_STREQ(nw_config_get(&c, "rule", "iran", "to"), NULL);
	T_STREQ(nw_config_get(&c, "rule", NULL, "countries"), NULL);
	T_EXPECT(nw_config_names(&c, "rule", names, 4) == 2);
	T_STREQ(names[0], "korea");
	T_STREQ(names[1], "iran");
	T_EXPECT(nw_config_double(&c, "lists", NULL, "threshold", 0.5, &th, &e) == NW_OK);
	T_EXPECT(th > 0.899 && th < 0.901);
	T_EXPECT(nw_config_double(&c, "lists", NULL, "unset", 0.5, &th, &e) == NW_OK && th == 0.5);
	T_EXPECT(nw_config_bool(&c, "mail", NULL, "digest", 0, &digest, &e) == NW_OK && digest);
	T_EXPECT(nw_config_bool(&c, "mail", NULL, "to", 0, &digest, &e) == NW_EINVAL);
	T_EXPECT(strstr(e.msg, "newswatch.conf:9:") != NULL);
	nw_config_release(&c);
}

static int load_text(const char *text, struct nw_err *e)
{
	char path[] = "/tmp/nw-test-config-XXXXXX";
	int fd = mkstemp(path);
	struct nw_config c;
	int rc;

	if (fd < 0)
		return -100;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		rc = -100;
	close(fd);
	nw_config_init(&c);
	rc = nw_config_load(&c, path, e);
	nw_config_release(&c);
	unlink(path);
	return rc;
}

static void errors_name_file_and_line(void)
{
	struct nw_err e = {0, ""};

	T_EXPECT(load_text("[lists]\nofac\n", &e) == NW_EINVAL);
	T_EXPECT(strstr(e.msg, ":2: expected 'key = value'") != NULL);
	T_EXPECT(load_text("key = value\n", &e) == NW_EINVAL);
	T_EXPECT(strstr(e.msg, ":1: setting outside a [section]") != NULL);
	T_EXPECT(load_text("[rule \"open\n", &e) == NW_EINVAL);
	T_EXPECT(load_text("[a]\nk = \"open\n", &e) == NW_EINVAL);
	T_EXPECT(load_text("[a] junk\n", &e) == NW_EINVAL);
	T_EXPECT(load_text("[a]\nk = v\0x\n", &e) == NW_OK); /* strlen stops at the NUL */
	T_EXPECT(load_text("", &e) == NW_OK);
	T_EXPECT(load_text("[a]\r\nk = v\r\n", &e) == NW_OK);
	struct nw_config c;
	nw_config_init(&c);
	T_EXPECT(nw_config_load(&c, "/nonexistent/newswatch.conf", &e) == NW_EIO);
	T_EXPECT(strstr(e.msg, "/nonexistent/newswatch.conf") != NULL);
	nw_config_release(&c);
}

T_MAIN(T_CASE(reads_every_construct), T_CASE(errors_name_file_and_line))
