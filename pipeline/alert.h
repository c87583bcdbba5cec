/*
 * alert.h - which alert mails the archive calls for, exactly once.
 *
 * A run reads the archive from where the last run stopped (the cursor),
 * groups the events of the types the rules want by cluster key (one key
 * per action, cluster.h), and makes one mail per new key: authority,
 * date, every target (with its list entry when linked), the evidence
 * sentences and every source article.  A key already alerted makes an
 * update mail only when its reports name targets the earlier mails did
 * not.  Background reports never alert.
 *
 * Exactly once: VAR/state/alerted gets a line (fsync'd) for each mail the
 * transport accepted, and only then; the cursor (VAR/state/alert-cursor,
 * replaced atomically) moves past a record only when every mail it called
 * for was accepted.  A crash or a failed transport therefore resends only
 * what was not accepted, and a resend carries the same Message-ID seed.
 * VAR/alert.lock (flock) keeps two runs from overlapping.
 *
 * Ownership: struct nw_alerts owns the mails, their strings and the lock;
 * nw_alerts_close releases them.
 */
#ifndef NW_ALERT_H
#define NW_ALERT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

struct nw_err;
struct nw_config;

/* One [rule "NAME"] of newswatch.conf. */
struct nw_alert_rule {
	const char *name;
	unsigned types;		 /* bit (1 << enum nw_event_type) per type that alerts */
	const char *countries;	 /* space-separated ISO codes of authority or target; NULL: any */
	const char *authorities; /* space-separated authority countries or name words; NULL: any */
	const char *listed;	 /* "any" or a list name: a target must be linked to it; NULL */
	const char *to;		 /* space- or comma-separated recipients; NULL: [mail] to */
};

struct nw_alert_mail {
	const char *key;     /* the cluster key (a digest: "digest") */
	const char *seed;    /* Message-ID seed: the key, plus the new targets of an update */
	const char *subject; /* UTF-8, one line */
	const char *body;    /* UTF-8 text, LF line ends */
	const char *to;	     /* recipients, space-separated */
	const char *targets; /* the targets this mail reports, '|'-separated, for the state */
	struct nw_alert_pos {
		uint32_t file; /* index into files */
		uint64_t off;  /* byte offset in it */
	} first;	       /* where the first record that called for it starts */
};

struct nw_alert_group;

struct nw_alerts {
	struct nw_arena arena;
	char *var;
	int lock_fd, alerted_fd;
	/* keys alerted before, each with its targets */
	struct nw_alerted *alerted;
	size_t nalerted, capalerted;
	char cursor_file[32];
	uint64_t cursor_off;
	struct nw_alert_group *groups;
	size_t ngroups, capgroups;
	const char **files; /* the archive files read, oldest first */
	size_t nfiles;
	struct nw_alert_mail *mail; /* with digest: mail[0], then its ndigested members */
	size_t nmail, ndigested;
	struct nw_alert_pos at;	    /* while reading: the record being read; then the end */
	struct nw_alert_pos resume; /* where the next run starts reading */
};

/*
 * Lock VAR/alert.lock (NW_EBUSY when held, unless wait) and load the
 * state.  The lock is released by nw_alerts_close.
 */
int nw_alerts_open(struct nw_alerts *al, const char *var, int wait, struct nw_err *e);
void nw_alerts_close(struct nw_alerts *al);

/*
 * The rules of c: every [rule "NAME"], or when there is none a default
 * rule alerting designations to [mail] to.  rules has room for max.
 * Returns how many, or an NW_E* code naming the bad setting.
 */
int nw_alert_rules(const struct nw_config *c, struct nw_alert_rule *rules, size_t max,
		   struct nw_err *e);

/*
 * Read the archive from the cursor and make the mails the rules call for
 * (al->mail, al->nmail); digest folds them into one.  default_to stands
 * in for a rule's missing recipients.  Unreadable lines are skipped.
 */
int nw_alerts_scan(struct nw_alerts *al, const struct nw_alert_rule *rules, size_t nrules,
		   const char *default_to, int digest, struct nw_err *e);

/* Mail i was accepted: remember its key and targets on disk (fsync). */
int nw_alerts_sent(struct nw_alerts *al, size_t i, struct nw_err *e);
/* Mail i was not accepted: the cursor stays before its first record. */
void nw_alerts_failed(struct nw_alerts *al, size_t i);
/* Move the cursor past every record whose mails were all accepted. */
int nw_alerts_commit(struct nw_alerts *al, struct nw_err *e);

#endif
