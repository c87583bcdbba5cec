/*
 * state.h - the var directory: archive, remembered items, lock.
 *
 *   VAR/archive/YYYY-MM.jsonl   the archive, one record a line, by month of fetching
 *   VAR/state/seen              ids of archived items, one 16-hex-digit id a line
 *   VAR/lock                    held (flock) by the poll that runs
 *
 * Records are appended whole: each is one write(2) of a complete line to a
 * file opened O_APPEND, and a short or failed write is cut back off with
 * ftruncate, so a full disk never leaves a torn line; a line torn by a
 * crash or power loss is cut off before the file is written again, and its
 * item fetched anew.  A record once
 * written is never rewritten.  An item's id goes to seen only after its
 * record is in the archive; on start the newest archive file is read for
 * ids that a crash kept out of seen, so an item is never archived twice.
 * The seen set costs about 18 bytes an item in memory (idmap.h).
 *
 * Ownership: struct nw_state owns its descriptors and the seen set;
 * nw_state_close releases everything and the lock.
 */
#ifndef NW_STATE_H
#define NW_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "idmap.h"

struct nw_err;

struct nw_state {
	char *dir;	/* the var directory */
	int lock_fd;	/* -1 when not locked */
	int seen_fd;	/* VAR/state/seen, O_APPEND */
	int archive_fd; /* the month file open for appending, or -1 */
	char archive_month[8];
	struct nw_idmap seen; /* ids of archived items */
};

/*
 * Create the layout if needed, take the lock (NW_EBUSY when another
 * process has it, unless wait is set), and load the seen set.
 */
int nw_state_open(struct nw_state *st, const char *dir, int wait, struct nw_err *e);
void nw_state_close(struct nw_state *st);

/* The 64-bit id of an item: FNV-1a of its key (guid, link, or title+date). */
uint64_t nw_item_id(const char *key);

int nw_state_seen(const struct nw_state *st, uint64_t id);

/*
 * Append one record line (ending in '\n') to the month file of time
 * fetched, then remember id.  All or nothing.
 */
int nw_state_archive(struct nw_state *st, uint64_t id, int64_t fetched, const char *line,
		     size_t len, struct nw_err *e);

/*
 * Remember one more id of an archived item: its canonical link's, so that
 * the same article under another guid or through another feed is not
 * archived again.  (Unlike the record's own id, the start-up scan cannot
 * recover it after a crash; the cost is at most one duplicate.)
 */
int nw_state_remember(struct nw_state *st, uint64_t id, struct nw_err *e);

/*
 * Call each(line, ctx) on every complete line of the state file path, in
 * order; the line is NUL-terminated, without its '\n', and may be changed.
 * A missing file has no lines, and a last line without '\n' (cut short by
 * a crash) is skipped: state files are append-only, so the line is simply
 * written again.  The file may hold at most max bytes.  Returns NW_OK, the
 * first non-zero result of each, or an error naming path.
 */
int nw_state_lines(const char *path, size_t max, int (*each)(char *line, void *ctx), void *ctx,
		   struct nw_err *e);

/* Flush the archive and the seen file to disk (fsync). */
int nw_state_sync(struct nw_state *st, struct nw_err *e);

#endif
