/*
 * html.h - HTML fragments to plain text.
 *
 * Feed titles, summaries and content carry HTML (sometimes escaped twice);
 * analysts want plain text.  The fragment is parsed with libxml2's HTML
 * parser (NW_HTML_OPTS), script/style dropped, block elements become line
 * breaks, whitespace is collapsed, entities decoded, output valid UTF-8.
 */
#ifndef NW_HTML_H
#define NW_HTML_H

#include <stddef.h>

struct nw_buf;

/*
 * Append the plain text of the HTML fragment s (n bytes, UTF-8) to out.
 * Paragraph-level blocks are separated by "\n\n"; inline runs of white
 * space become one space.  If the decoded text still looks like markup
 * or holds a character reference (double-escaped HTML), it is stripped
 * once more.
 */
int nw_html_fragment_text(const char *s, size_t n, struct nw_buf *out);

#endif
