/*
 * main.c - the newswatch dispatcher: one table row per subcommand.
 *
 * Process-wide set-up that libraries must not do themselves happens here,
 * once: libxml2's parser and libcurl's global state are initialised before
 * any subcommand runs and released after it returns.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <libxml/parser.h>

#include "cmd.h"

static const struct nw_command commands[] = {
    {"poll", cmd_poll, "fetch the feeds, archive new articles"},
    {"feed", cmd_feed, "parse feeds and print them as JSON"},
    {"feeds", cmd_feeds, "import OPML into the feed list; list each feed's state"},
    {"extract", cmd_extract, "print an article page's main text as JSON"},
    {"tag", cmd_tag, "tag articles: entities and sanctions events as JSON"},
    {"grep", cmd_grep, "search the archive"},
    {"alert", cmd_alert, "mail analysts once per new designation"},
};

static void usage(FILE *out)
{
	size_t i;

	fputs("usage: newswatch COMMAND [ARGS]\n\ncommands:\n", out);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'newswatch COMMAND --help' describes one command; man newswatch has the rest.\n",
	      out);
}

void nw_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("newswatch: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int nw_wants_help(int argc, char **argv, const char *usage_text)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage_text, stdout);
			return 1;
		}
	}
	return 0;
}

int nw_usage_error(const char *usage_text, const char *fmt, ...)
{
	va_list ap;

	fputs("newswatch: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	size_t i;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("newswatch %s\n", NW_VERSION);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		xmlInitParser();
		if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
			nw_warn("cannot initialise libcurl");
			return EXIT_FATAL;
		}
		rc = commands[i].run(argc - 1, argv + 1);
		curl_global_cleanup();
		xmlCleanupParser();
		return rc;
	}
	nw_warn("'%s' is not a newswatch command", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
