/*
 * err.h - error codes and messages for the pipeline library.
 *
 * Library functions never print and never exit: they return an NW_E* code
 * and, when given a struct nw_err, fill it with a one-line message that the
 * command layer prints with its own context (feed name, file, URL).  A NULL
 * struct nw_err is allowed everywhere and means "the caller wants no detail".
 */
#ifndef NW_ERR_H
#define NW_ERR_H

#include <stddef.h>

enum nw_code {
	NW_OK = 0,
	NW_ENOMEM = -1,	 /* out of memory */
	NW_EIO = -2,	 /* read, write or sync failed; errno-style detail */
	NW_EPARSE = -3,	 /* input is not what it claims to be */
	NW_ETOOBIG = -4, /* input exceeds a hard size cap */
	NW_EFETCH = -5,	 /* network transfer failed */
	NW_EINVAL = -6,	 /* bad argument or configuration */
	NW_EDENIED = -7, /* refused by policy (scheme, path outside a root) */
	NW_EBUSY = -8,	 /* another process holds the lock */
};

struct nw_err {
	int code;
	char msg[512];
};

/* Fill e (if not NULL) with code and a printf-style message; returns code. */
int nw_errorf(struct nw_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A static English name for a code ("out of memory", "parse error", ...). */
const char *nw_strcode(int code);

#endif
