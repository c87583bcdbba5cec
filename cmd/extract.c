/*
 * extract.c - `newswatch extract`: an article page's main text as JSON.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "charset.h"
#include "cmd.h"
#include "err.h"
#include "extract.h"
#include "fetch.h"

static const char usage[] =
    "usage: newswatch extract [--text] FILE|URL...\n"
    "\n"
    "Extract each HTML page's main text and print one JSON object per page on\n"
    "one line: {\"title\", \"published\", \"author\", \"lang\", \"url\", \"text\"}, with\n"
    "\"file\" added when there are several inputs.  Paragraphs in \"text\" are\n"
    "separated by a blank line; navigation, related links, ads, comments and\n"
    "footers are left out.  --text prints the plain text instead.\n";

static int extract_one(const char *input, int many, int text, struct nw_buf *out)
{
	struct nw_buf doc;
	struct nw_arena arena;
	struct nw_article art;
	struct nw_err err = {0, ""};
	char ctype[128], charset[NW_CHARSET_NAME_SIZE];
	int rc;

	nw_buf_init(&doc, NW_MAX_DOCUMENT);
	nw_arena_init(&arena);
	nw_buf_reset(out);
	rc = nw_read_input(input, &doc, ctype, sizeof(ctype), &err);
	nw_charset_of_content_type(ctype, charset, sizeof(charset));
	if (!rc)
		rc = nw_extract(doc.data, doc.len, charset[0] ? charset : NULL,
				nw_url_is_http(input) ? input : NULL, &arena, &art, &err);
	if (!rc && !text)
		rc = nw_article_json(&art, out);
	if (rc) {
		nw_warn("extract: %s: %s", input, err.msg[0] ? err.msg : nw_strcode(rc));
	} else if (text) {
		if (many)
			printf("==> %s <==\n", input);
		fwrite(art.text, 1, art.text_len, stdout);
		fputc('\n', stdout);
	} else {
		nw_print_object(out, many ? input : NULL);
	}
	nw_arena_release(&arena);
	nw_buf_release(&doc);
	return rc;
}

int cmd_extract(int argc, char **argv)
{
	struct nw_buf out;
	int i, failed = 0, first = 1, text = 0;

	if (nw_wants_help(argc, argv, usage))
		return EXIT_OK;
	/* --text may stand anywhere before "--" */
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (strcmp(argv[i], "--text"))
			continue;
		text = 1;
		memmove(argv + i, argv + i + 1, (size_t)(argc - i) * sizeof(*argv));
		argc--;
		i--;
	}
	if ((first = nw_operands(argc, argv, usage)) < 0)
		return EXIT_USAGE;
	if (argc - first < 1)
		return nw_usage_error(usage, "extract: no FILE or URL given");
	nw_buf_init(&out, NW_BUF_NOCAP);
	for (i = first; i < argc; i++)
		failed += extract_one(argv[i], argc - first > 1, text, &out) != 0;
	nw_buf_release(&out);
	return failed ? EXIT_PARTIAL : EXIT_OK;
}
