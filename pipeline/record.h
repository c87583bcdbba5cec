/*
 * record.h - one archive record (SPEC schema version 1) as a JSON line.
 *
 * Field order is fixed so that plain grep works on the archive:
 * v, id, feed, url, title, published, fetched, lang, text, entities,
 * events.  The line ends in '\n' and holds no other newline.
 */
#ifndef NW_RECORD_H
#define NW_RECORD_H

#include <stdint.h>

struct nw_buf;
struct nw_tags;

struct nw_record {
	uint64_t id;
	const char *feed;
	const char *url;   /* may be NULL */
	const char *title; /* may be NULL */
	int64_t published; /* NW_DATE_NONE when unknown */
	int64_t fetched;
	const char *lang;
	const char *text;
	size_t text_len;
};

/* Append the record line, with the tags' entities and events, to b. */
int nw_record_json(const struct nw_record *r, const struct nw_tags *tags, struct nw_buf *b);

#endif
