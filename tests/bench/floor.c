/*
 * floor.c - the extraction benchmark's floor: parse each page and keep all text.
 *
 * `make bench` compares newswatch extract with the least work any
 * libxml2-based extractor must do: one recovering HTML parse per page and
 * one walk that copies every text node into a buffer, with no scoring and
 * no boilerplate removal.  It is built by tests/bench/run.sh into a
 * temporary directory, never by the Makefile's normal build.
 *
 * Usage: floor FILE.html...
 * Prints one line: "BYTES SECONDS PAGES TEXTBYTES", where SECONDS is the
 * process CPU time spent parsing and walking only (reading the files is
 * excluded, as is process start-up), so the caller can divide BYTES by it.
 * The walk is iterative (first child, next sibling, parent), so a deep tree
 * costs no stack.  Pages are read whole; each is bounded by MAX_PAGE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#define MAX_PAGE (64 << 20) /* bytes of one page read; larger pages are cut */

#define FLOOR_OPTS                                                                                 \
	(HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |       \
	 HTML_PARSE_COMPACT)

struct text {
	char *data;
	size_t len, cap;
};

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int text_add(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 4096;
		char *p;

		while (cap < t->len + n + 1)
			cap *= 2;
		p = realloc(t->data, cap);
		if (!p)
			return -1;
		t->data = p;
		t->cap = cap;
	}
	memcpy(t->data + t->len, s, n);
	t->len += n;
	t->data[t->len] = '\0';
	return 0;
}

/* Reads a whole file into *out; returns its length or -1. */
static long read_file(const char *path, char **out)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!f)
		return -1;
	do {
		if (len == cap) {
			char *p;

			cap = cap ? cap * 2 : 65536;
			p = realloc(buf, cap);
			if (!p) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = p;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0 && len < MAX_PAGE);
	fclose(f);
	*out = buf;
	return (long)len;
}

/* Every text node of the tree, in document order, into t. */
static int walk(xmlNode *root, struct text *t)
{
	xmlNode *n = root;

	while (n) {
		if (n->type == XML_TEXT_NODE && n->content &&
		    text_add(t, (const char *)n->content, strlen((const char *)n->content)))
			return -1;
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		if (!n || n == root)
			break;
		n = n->next;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct text t = {0};
	double spent = 0;
	size_t bytes = 0, text_bytes = 0;
	int pages = 0;

	for (int i = 1; i < argc; i++) {
		char *html = NULL;
		long len = read_file(argv[i], &html);
		double t0 = cpu_seconds();
		htmlDocPtr doc;

		if (len < 0) {
			fprintf(stderr, "floor: %s: cannot read\n", argv[i]);
			continue;
		}
		doc = htmlReadMemory(html, (int)len, argv[i], NULL, FLOOR_OPTS);
		t.len = 0;
		if (doc && walk(xmlDocGetRootElement(doc), &t)) {
			fprintf(stderr, "floor: out of memory\n");
			return 1;
		}
		xmlFreeDoc(doc);
		spent += cpu_seconds() - t0;
		text_bytes += t.len;
		bytes += (size_t)len;
		pages++;
		free(html);
	}
	free(t.data);
	printf("%zu %.6f %d %zu\n", bytes, spent, pages, text_bytes);
	return 0;
}
