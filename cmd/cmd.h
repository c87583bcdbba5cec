/*
 * cmd.h - the newswatch command table and what subcommands share.
 *
 * Each subcommand lives in its own cmd/NAME.c, owns its usage text and
 * exports one entry point.  Only this layer prints diagnostics and chooses
 * exit codes: 0 success, 1 partial failure (some inputs failed, the rest
 * done), 2 usage or configuration error, 3 another run holds the lock
 * (poll --wait not given), 4 fatal runtime error (out of memory, var/
 * unwritable).
 */
#ifndef NW_CMD_H
#define NW_CMD_H

#include <stdio.h>

enum {
	EXIT_OK = 0,
	EXIT_PARTIAL = 1,
	EXIT_USAGE = 2,
	EXIT_LOCKED = 3,
	EXIT_FATAL = 4,
};

struct nw_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

int cmd_poll(int argc, char **argv);
int cmd_feed(int argc, char **argv);
int cmd_feeds(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_tag(int argc, char **argv);
int cmd_grep(int argc, char **argv);
int cmd_alert(int argc, char **argv);

/* "newswatch: " + message on stderr. */
void nw_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Shared option handling: returns 1 and prints usage to stdout when argv
 * holds -h/--help (the command then exits 0).
 */
int nw_wants_help(int argc, char **argv, const char *usage);

/* Print usage on stderr with a one-line complaint; returns EXIT_USAGE. */
int nw_usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Read operand (a path, "-" for stdin, or an http/https URL) into out,
 * honouring out->max.  content_type (may be NULL) gets the HTTP
 * Content-Type of a URL, "" for files.
 */
struct nw_buf;
struct nw_err;
int nw_read_input(const char *operand, struct nw_buf *out, char *content_type, size_t ctsize,
		  struct nw_err *e);

/* Print obj (a JSON object) as a line, with "file" first when file is set. */
void nw_print_object(const struct nw_buf *obj, const char *file);

/*
 * Index of the first operand in argv, for commands without options: an
 * argument starting with '-' (other than "-" and "--") is a usage error,
 * reported here (then -1).
 */
int nw_operands(int argc, char **argv, const char *usage);

/*
 * Load the configuration: explicit_path (--config), else $NEWSWATCH_CONFIG,
 * else ./newswatch.conf if present, else an empty one.  On error, prints
 * "CMD: file:line: reason" and returns the code (c is then empty).
 */
struct nw_config;
int nw_open_config(const char *explicit_path, struct nw_config *c, const char *cmd);

/*
 * Load the lists [lists] names (ofac = DIR, watchlist = FILE) into l and
 * the link threshold.  Returns 1 when some list was loaded, 0 when none is
 * configured (l empty), -1 after printing the error (l released).
 */
struct nw_lists;
int nw_open_lists(struct nw_config *c, struct nw_lists *l, double *threshold, const char *cmd);

/* Size cap for one document read by feed, extract or tag. */
#define NW_MAX_DOCUMENT (16u << 20)

#define NW_VERSION "0.1.0"

#endif
