/*
 * input.c - what feed, extract and tag share: reading each FILE|URL operand.
 *
 * A URL (http or https) is fetched with the same limits as poll; anything
 * else is a local file, or standard input for "-".  Each input is read
 * whole into a capped buffer, since every stage works on whole documents.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "err.h"
#include "fetch.h"
#include "json.h"

struct one_fetch {
	struct nw_buf *out;
	char *content_type;
	size_t ctsize;
	int code;
	struct nw_err err;
};

static void fetched(struct nw_fetch *f, void *ctx)
{
	struct one_fetch *o = ctx;
	int rc;

	o->code = f->code;
	o->err = f->err;
	if (o->content_type)
		snprintf(o->content_type, o->ctsize, "%s", f->content_type);
	if (!f->code && (rc = nw_buf_add(o->out, f->body.data, f->body.len)))
		o->code = nw_errorf(&o->err, rc, "%s", nw_strcode(rc));
}

/* nw_buf_read_file says "PATH: reason"; the caller names the input itself. */
static const char *nw_strip_path(struct nw_err *e, const char *path)
{
	size_t n = strlen(path);

	if (e && !strncmp(e->msg, path, n) && !strncmp(e->msg + n, ": ", 2))
		return e->msg + n + 2;
	return e ? e->msg : "";
}

int nw_read_input(const char *operand, struct nw_buf *out, char *content_type, size_t ctsize,
		  struct nw_err *e)
{
	int rc;

	if (content_type && ctsize)
		content_type[0] = '\0';
	if (nw_url_is_http(operand)) {
		struct nw_fetch_opts opts;
		struct nw_fetch req;
		struct one_fetch o = {out, content_type, ctsize, NW_OK, {0, ""}};

		nw_fetch_opts_default(&opts);
		opts.max_bytes = out->max;
		memset(&req, 0, sizeof(req));
		req.url = operand;
		if ((rc = nw_fetch_run(&req, 1, &opts, fetched, &o, e)))
			return rc;
		if (o.code)
			return nw_errorf(e, o.code, "%s", o.err.msg);
		return NW_OK;
	}
	if (strstr(operand, "://"))
		return nw_errorf(e, NW_EDENIED, "only http and https URLs are fetched");
	if ((rc = nw_buf_read_file(out, operand, e)) && e) {
		char why[sizeof(e->msg)];

		snprintf(why, sizeof(why), "%s", nw_strip_path(e, operand));
		nw_errorf(e, rc, "%s", why);
	}
	return rc;
}

void nw_print_object(const struct nw_buf *obj, const char *file)
{
	if (file && obj->len > 1) {
		struct nw_buf name;

		nw_buf_init(&name, NW_BUF_NOCAP);
		nw_json_str(&name, file);
		printf("{\"file\":%s,%s\n", name.data, obj->data + 1);
		nw_buf_release(&name);
		return;
	}
	fwrite(obj->data, 1, obj->len, stdout);
	fputc('\n', stdout);
}

int nw_operands(int argc, char **argv, const char *usage)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return i + 1;
		if (argv[i][0] != '-' || !argv[i][1])
			return i;
		nw_usage_error(usage, "%s: unknown option '%s'", argv[0], argv[i]);
		return -1;
	}
	return i;
}
