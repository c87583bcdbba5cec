/*
 * feed.c - `newswatch feed`: parse feeds and print each as one JSON line.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "charset.h"
#include "cmd.h"
#include "err.h"
#include "feed.h"
#include "fetch.h"
#include "json.h"

static const char usage[] =
    "usage: newswatch feed FILE|URL...\n"
    "\n"
    "Parse each RSS or Atom feed and print it as one JSON object on one line:\n"
    "{\"title\", \"link\", \"items\": [{\"id\", \"title\", \"link\", \"published\",\n"
    "\"updated\", \"author\", \"summary\", \"content\"}]}, with \"file\" added when\n"
    "there are several inputs.  Text is plain (markup stripped, entities\n"
    "decoded), links absolute, times UTC ISO-8601.  \"-\" reads standard input.\n";

static int feed_one(const char *input, int many, struct nw_buf *out)
{
	struct nw_buf doc;
	struct nw_arena arena;
	struct nw_feed feed;
	struct nw_err err = {0, ""};
	char ctype[128], charset[NW_CHARSET_NAME_SIZE];
	int rc;

	nw_buf_init(&doc, NW_MAX_DOCUMENT);
	nw_arena_init(&arena);
	nw_buf_reset(out);
	rc = nw_read_input(input, &doc, ctype, sizeof(ctype), &err);
	if (!rc)
		rc = nw_feed_parse(doc.data, doc.len,
				   nw_charset_of_content_type(ctype, charset, sizeof(charset)),
				   nw_url_is_http(input) ? input : NULL, &arena, &feed, &err);
	if (!rc)
		rc = nw_feed_json(&feed, out);
	if (rc) {
		nw_warn("feed: %s: %s", input, err.msg[0] ? err.msg : nw_strcode(rc));
	} else {
		nw_print_object(out, many ? input : NULL);
	}
	nw_arena_release(&arena);
	nw_buf_release(&doc);
	return rc;
}

int cmd_feed(int argc, char **argv)
{
	struct nw_buf out;
	int i, failed = 0, first;

	if (nw_wants_help(argc, argv, usage))
		return EXIT_OK;
	if ((first = nw_operands(argc, argv, usage)) < 0)
		return EXIT_USAGE;
	if (argc - first < 1)
		return nw_usage_error(usage, "feed: no FILE or URL given");
	nw_buf_init(&out, NW_BUF_NOCAP);
	for (i = first; i < argc; i++)
		failed += feed_one(argv[i], argc - first > 1, &out) != 0;
	nw_buf_release(&out);
	return failed ? EXIT_PARTIAL : EXIT_OK;
}
