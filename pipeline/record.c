/*
 * record.c - the archive record; see record.h.
 */
#include <inttypes.h>

#include "buf.h"
#include "date.h"
#include "err.h"
#include "json.h"
#include "record.h"
#include "tag.h"

static int json_time(struct nw_buf *b, int64_t t)
{
	char iso[NW_DATE_ISO_SIZE];

	if (t == NW_DATE_NONE)
		return nw_buf_addstr(b, "null");
	nw_date_iso(t, iso);
	return nw_json_str(b, iso);
}

int nw_record_json(const struct nw_record *r, const struct nw_tags *tags, struct nw_buf *b)
{
	int rc;

	if ((rc = nw_buf_printf(b, "{\"v\":1,\"id\":\"%016" PRIx64 "\",\"feed\":", r->id)) ||
	    (rc = nw_json_str(b, r->feed)) || (rc = nw_buf_addstr(b, ",\"url\":")) ||
	    (rc = nw_json_str(b, r->url)) || (rc = nw_buf_addstr(b, ",\"title\":")) ||
	    (rc = nw_json_str(b, r->title)) || (rc = nw_buf_addstr(b, ",\"published\":")) ||
	    (rc = json_time(b, r->published)) || (rc = nw_buf_addstr(b, ",\"fetched\":")) ||
	    (rc = json_time(b, r->fetched)) || (rc = nw_buf_addstr(b, ",\"lang\":")) ||
	    (rc = nw_json_str(b, r->lang)) || (rc = nw_buf_addstr(b, ",\"text\":")) ||
	    (rc = nw_json_strn(b, r->text, r->text_len)) || (rc = nw_buf_addch(b, ',')) ||
	    (rc = nw_tags_json(tags, b)))
		return rc;
	return nw_buf_addstr(b, "}\n");
}
