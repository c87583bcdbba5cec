/*
 * tag.c - `newswatch tag`: entities and sanctions events of articles.
 *
 * Reads plain text (or HTML with --html, which goes through the extractor
 * first) and prints one JSON object per input on one line, so that a whole
 * corpus can be tagged by one process.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "cluster.h"
#include "cmd.h"
#include "config.h"
#include "date.h"
#include "err.h"
#include "extract.h"
#include "json.h"
#include "lists.h"
#include "tag.h"
#include "utf8.h"

static const char usage[] =
    "usage: newswatch tag [--html] [--published DATE] [--lexicons DIR] [--config FILE]\n"
    "                     [FILE|URL...|-]\n"
    "\n"
    "Tag each article (plain text, or an HTML page with --html) and print one\n"
    "JSON object per article on its own line: {\"file\", \"published\", \"entities\",\n"
    "\"events\"} (\"file\" only when there are several inputs).  With no FILE, read\n"
    "standard input.\n"
    "\n"
    "  --html            the inputs are HTML pages: extract the main text first\n"
    "  --published DATE  publication time for resolving \"on Thursday\"; by default\n"
    "                    a labelled line in the text (\"Updated: 14 Sep 2018\") or\n"
    "                    the page's metadata\n"
    "  --lexicons DIR    word lists that replace the built-in ones by file name\n"
    "  --config FILE     settings, for the sanctions lists to link names to (default\n"
    "                    $NEWSWATCH_CONFIG, else ./newswatch.conf)\n"
    "\n"
    "Designations, delistings and enforcement actions carry a \"key\": reports of\n"
    "one action among the inputs share it.\n";

struct tag_opts {
	int html;
	int64_t published;
	int many;
	struct nw_clusters *clusters; /* in memory: one key per action across the inputs */
};

static int tag_one(struct nw_tagger *tg, const struct tag_opts *o, const char *input,
		   struct nw_buf *out)
{
	char ctype[128], iso[NW_DATE_ISO_SIZE];
	struct nw_buf doc;
	struct nw_arena arena;
	struct nw_article art;
	struct nw_tags tags;
	struct nw_err err = {0, ""};
	const char *text;
	size_t n;
	int64_t published = o->published;
	int rc;

	nw_buf_init(&doc, NW_MAX_DOCUMENT);
	nw_arena_init(&arena);
	if ((rc = nw_read_input(input, &doc, ctype, sizeof(ctype), &err)))
		goto fail;
	if (!nw_utf8_valid(doc.data, doc.len)) {
		/* the tagger reads UTF-8: a stray byte becomes U+FFFD */
		struct nw_buf fixed;

		nw_buf_init(&fixed, NW_BUF_NOCAP);
		if ((rc = nw_utf8_repair(&fixed, doc.data, doc.len))) {
			nw_buf_release(&fixed);
			nw_errorf(&err, rc, "%s", nw_strcode(rc));
			goto fail;
		}
		nw_buf_release(&doc);
		doc = fixed;
	}
	text = doc.data;
	n = doc.len;
	if (o->html) {
		if ((rc = nw_extract(doc.data, doc.len, NULL, NULL, &arena, &art, &err)))
			goto fail;
		text = art.text;
		n = art.text_len;
		if (published == NW_DATE_NONE)
			published = art.published;
	} else if (published == NW_DATE_NONE) {
		published = nw_tag_find_published(text, n);
	}
	if ((rc = nw_tag(tg, text, n, published, &arena, &tags))) {
		nw_errorf(&err, rc, "%s", nw_strcode(rc));
		goto fail;
	}
	if ((rc = nw_tags_cluster(o->clusters, &tags, published, &arena, &err)))
		goto fail;
	nw_buf_reset(out);
	nw_buf_addch(out, '{');
	if (o->many) {
		nw_json_key(out, "file");
		nw_json_str(out, input);
		nw_buf_addch(out, ',');
	}
	nw_json_key(out, "published");
	if (published != NW_DATE_NONE) {
		nw_date_iso(published, iso);
		nw_json_str(out, iso);
	} else {
		nw_buf_addstr(out, "null");
	}
	nw_buf_addch(out, ',');
	rc = nw_tags_json(&tags, out);
	if (!rc)
		rc = nw_buf_addstr(out, "}\n");
	if (!rc)
		fwrite(out->data, 1, out->len, stdout);
	else
		nw_errorf(&err, rc, "%s", nw_strcode(rc));
fail:
	if (rc)
		nw_warn("tag: %s: %s", input, err.msg);
	nw_arena_release(&arena);
	nw_buf_release(&doc);
	return rc;
}

int cmd_tag(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"html", no_argument, NULL, 'H'},		{"published", required_argument, NULL, 'p'},
	    {"lexicons", required_argument, NULL, 'L'}, {"config", required_argument, NULL, 'c'},
	    {"help", no_argument, NULL, 'h'},		{NULL, 0, NULL, 0},
	};
	struct nw_clusters clusters;
	struct tag_opts o = {0, NW_DATE_NONE, 0, &clusters};
	const char *lexdir = NULL, *config = NULL;
	struct nw_config conf;
	struct nw_lists lists;
	double threshold;
	int have_lists;
	struct nw_tagger tg;
	struct nw_err err = {0, ""};
	struct nw_buf out;
	int c, i, failed = 0;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			o.html = 1;
			break;
		case 'p':
			o.published = nw_date_parse(optarg, strlen(optarg));
			if (o.published == NW_DATE_NONE)
				return nw_usage_error(usage, "tag: cannot read the date '%s'",
						      optarg);
			break;
		case 'L':
			lexdir = optarg;
			break;
		case 'c':
			config = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (nw_open_config(config, &conf, "tag"))
		return EXIT_USAGE;
	have_lists = nw_open_lists(&conf, &lists, &threshold, "tag");
	nw_config_release(&conf);
	if (have_lists < 0)
		return EXIT_USAGE;
	if (nw_tagger_init(&tg, lexdir, &err)) {
		nw_warn("tag: %s", err.msg);
		nw_lists_free(&lists);
		return EXIT_USAGE;
	}
	if (have_lists) {
		tg.lists = &lists;
		tg.link_threshold = threshold;
	}
	nw_clusters_open(&clusters, NULL, (int64_t)time(NULL) / 86400, NULL);
	o.many = argc - optind > 1;
	nw_buf_init(&out, NW_BUF_NOCAP);
	if (optind == argc)
		failed += tag_one(&tg, &o, "-", &out) != 0;
	for (i = optind; i < argc; i++)
		failed += tag_one(&tg, &o, argv[i], &out) != 0;
	nw_buf_release(&out);
	nw_clusters_close(&clusters);
	nw_tagger_release(&tg);
	nw_lists_free(&lists);
	if (fflush(stdout)) {
		nw_warn("tag: writing output failed");
		return EXIT_FATAL;
	}
	return failed ? EXIT_PARTIAL : EXIT_OK;
}
