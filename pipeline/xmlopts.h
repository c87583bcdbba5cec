/*
 * xmlopts.h - every libxml2 parser option newswatch uses, in one place.
 *
 * Input is hostile.  Always XML_PARSE_NONET (libxml2 2.9 may still fetch DTDs
 * or entities over the network without it); never XML_PARSE_NOENT (entity
 * expansion bombs, external entities), DTD loading/validation, XInclude or
 * XML_PARSE_HUGE (its limits are what stop deep nesting and huge text nodes).
 * xmlInitParser() is called once, in main().
 */
#ifndef NW_XMLOPTS_H
#define NW_XMLOPTS_H

#include <libxml/parser.h>
#include <libxml/HTMLparser.h>

/* Feeds: strict first; a recovering parse is the fallback for broken feeds. */
#define NW_XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)
#define NW_XML_RECOVER_OPTS (NW_XML_OPTS | XML_PARSE_RECOVER)

/*
 * Feeds already decoded to UTF-8 (nw_charset_xml_utf8): the declaration's
 * encoding= is ignored, so that encoding="ISO-8859-1" or "UTF-16" cannot
 * make libxml2 decode again.  Pass no encoding argument with these: UTF-8
 * is libxml2's default, and naming it routes every byte through libxml2's
 * UTF-8 converter, five times slower.
 */
#define NW_XML_UTF8_OPTS (NW_XML_OPTS | XML_PARSE_IGNORE_ENC)
#define NW_XML_UTF8_RECOVER_OPTS (NW_XML_UTF8_OPTS | XML_PARSE_RECOVER)

/* HTML pages and fragments: always recovering, never networked. */
#define NW_HTML_OPTS                                                                               \
	(HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |       \
	 HTML_PARSE_COMPACT | HTML_PARSE_NOIMPLIED)

/*
 * Whole pages (extract.c): without NOIMPLIED, so text outside any element
 * still lands in <body> instead of nesting oddly; with IGNORE_ENC, because
 * the page is decoded to UTF-8 before parsing and its <meta charset> must
 * not switch the decoder again.
 */
#define NW_HTML_PAGE_OPTS                                                                          \
	(HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |       \
	 HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC)

#endif
