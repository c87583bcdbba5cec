/*
 * err.c - filling struct nw_err; see err.h.
 */
#include <stdarg.h>
#include <stdio.h>

#include "err.h"

int nw_errorf(struct nw_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

const char *nw_strcode(int code)
{
	switch (code) {
	case NW_OK:
		return "success";
	case NW_ENOMEM:
		return "out of memory";
	case NW_EIO:
		return "I/O error";
	case NW_EPARSE:
		return "parse error";
	case NW_ETOOBIG:
		return "too large";
	case NW_EFETCH:
		return "fetch failed";
	case NW_EINVAL:
		return "invalid argument";
	case NW_EDENIED:
		return "denied by policy";
	case NW_EBUSY:
		return "locked by another process";
	}
	return "unknown error";
}
