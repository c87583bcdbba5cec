/*
 * cluster.c - grouping reports of one sanctions action under one key.
 *
 * Clusters live in memory for NW_CLUSTER_HORIZON days; a poll sees a few
 * hundred at most, so a report is compared with every cluster of its type
 * in the date window, target by target.  Names are compared in link.c's
 * normalized form (case and diacritics folded, punctuation and corporate
 * suffixes dropped), as a set of tokens and as the tokens run together in
 * their order, which makes "Silver Star" and "Silverstar" one name.  Two names match when their run-together forms are equal or
 * the tokens of one (at least two) are all in the other; a list uid on
 * both sides decides alone.
 *
 * The state file is append-only and replayed on open (see cluster.h);
 * every line is written with one write(2) on an O_APPEND descriptor, and
 * a line a crash cut short is ignored on replay.
 */
#include "cluster.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "err.h"
#include "hash.h"
#include "lexicon.h"
#include "state.h"
#include "link.h"
#include "tag.h"

#define NAME_MAX_BYTES 200	    /* a target name longer than this is cut */
#define STATE_MAX_BYTES (64u << 20) /* a state file beyond this is not ours */

struct target {
	const char *uid;    /* NULL when not linked */
	const char *name;   /* as first reported, sanitized */
	const char *tokens; /* sorted normalized tokens, space-separated */
	const char *joined; /* normalized tokens in order, run together */
	int ntokens;
};

struct nw_cluster {
	char key[NW_CLUSTER_KEY_SIZE];
	int type;
	char country[3];
	int64_t day;	 /* NW_DATE_NONE when no report gave one */
	int64_t created; /* day the cluster was made */
	struct target *t;
	size_t nt, capt;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

#define MAX_TOKENS 16

/* The two forms of a name, in buffers of their own (see forms_of). */
struct forms {
	char joined[NAME_MAX_BYTES + 1];
	char sorted[NAME_MAX_BYTES + 1];
	struct target t; /* pointing into the buffers above */
};

/*
 * The forms of name: link.c's normalization (case and diacritics folded,
 * punctuation and corporate suffixes dropped), its tokens sorted, and the
 * same tokens run together in their order.
 */
static void forms_of(const char *name, struct forms *f)
{
	char norm[NAME_MAX_BYTES + 1], *joined = f->joined, *sorted = f->sorted;
	char *tok[MAX_TOKENS], *save = NULL;
	size_t nj = 0, ns = 0;
	int ntok = 0;

	nw_link_normalize(name, strnlen(name, NAME_MAX_BYTES), NW_KIND_NONE, norm, sizeof norm);
	for (char *w = strtok_r(norm, " ", &save); w && ntok < MAX_TOKENS;
	     w = strtok_r(NULL, " ", &save)) {
		size_t wl = strlen(w);
		tok[ntok++] = w;
		memcpy(joined + nj, w, wl);
		nj += wl;
	}
	joined[nj] = '\0';
	qsort(tok, (size_t)ntok, sizeof tok[0], cmp_str);
	for (int i = 0; i < ntok; i++) {
		size_t wl = strlen(tok[i]);
		if (i)
			sorted[ns++] = ' ';
		memcpy(sorted + ns, tok[i], wl);
		ns += wl;
	}
	sorted[ns] = '\0';
	f->t = (struct target){.joined = joined, .tokens = sorted, .ntokens = ntok};
}

/* Fill t's forms of name, copied into arena a. */
static void normalize(struct nw_arena *a, const char *name, struct target *t)
{
	struct forms f;

	forms_of(name, &f);
	t->joined = nw_arena_strdup(a, f.joined);
	t->tokens = nw_arena_strdup(a, f.sorted);
	t->ntokens = f.t.ntokens;
}

/* 1 when every token of small is among the tokens of big. */
static int tokens_within(const char *small, const char *big)
{
	for (const char *s = small; *s;) {
		size_t wl = strcspn(s, " ");
		int found = 0;
		for (const char *b = big; *b && !found;) {
			size_t bl = strcspn(b, " ");
			found = bl == wl && memcmp(s, b, wl) == 0;
			b += bl + (b[bl] == ' ');
		}
		if (!found)
			return 0;
		s += wl + (s[wl] == ' ');
	}
	return 1;
}

static int same_target(const struct target *a, const struct target *b)
{
	if (a->uid && b->uid)
		return strcmp(a->uid, b->uid) == 0;
	if (a->joined[0] && strcmp(a->joined, b->joined) == 0)
		return 1;
	const struct target *small = a->ntokens <= b->ntokens ? a : b;
	const struct target *big = small == a ? b : a;
	return small->ntokens >= 2 && tokens_within(small->tokens, big->tokens);
}

/* A copy of s fit for one tab-separated field. */
static char *field_copy(struct nw_arena *a, const char *s)
{
	size_t n = strnlen(s, NAME_MAX_BYTES);
	char *c = nw_arena_strndup(a, s, n);
	for (char *p = c; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == '|')
			*p = ' ';
	return c;
}

static int add_target(struct nw_clusters *cs, struct nw_cluster *c, const char *uid,
		      const char *name)
{
	if (nw_grow((void **)&c->t, &c->capt, c->nt + 1, sizeof *c->t))
		return NW_ENOMEM;
	struct target *t = &c->t[c->nt];
	memset(t, 0, sizeof *t);
	t->uid = uid && *uid ? field_copy(&cs->arena, uid) : NULL;
	t->name = field_copy(&cs->arena, name);
	normalize(&cs->arena, t->name, t);
	c->nt++;
	return NW_OK;
}

static struct nw_cluster *new_cluster(struct nw_clusters *cs)
{
	if (nw_grow((void **)&cs->c, &cs->cap, cs->n + 1, sizeof *cs->c))
		return NULL;
	struct nw_cluster *c = calloc(1, sizeof *c);
	if (c)
		cs->c[cs->n++] = c;
	return c;
}

static struct nw_cluster *find_key(const struct nw_clusters *cs, const char *key)
{
	for (size_t i = cs->n; i-- > 0;)
		if (strcmp(cs->c[i]->key, key) == 0)
			return cs->c[i];
	return NULL;
}

/* ---- the state file ---- */

static int type_of(const char *name)
{
	for (int t = 0; t < NW_EV_ANY; t++)
		if (strcmp(name, nw_event_name(t)) == 0)
			return t;
	return -1;
}

static void day_field(int64_t day, char out[16])
{
	if (day == NW_DATE_NONE)
		strcpy(out, "-");
	else
		nw_date_day(day * 86400, out);
}

static int64_t parse_day(const char *s)
{
	if (strcmp(s, "-") == 0)
		return NW_DATE_NONE;
	int64_t t = nw_date_parse(s, strlen(s));
	return t == NW_DATE_NONE ? NW_DATE_NONE : t / 86400;
}

/*
 * One line: key, type, country, day, created, then a uid|name field per
 * target.  Lines after a cluster's first add targets to it.
 */
static int format_line(const struct nw_cluster *c, size_t from, struct nw_buf *b)
{
	char day[16], created[16];
	day_field(c->day, day);
	day_field(c->created, created);
	int rc = nw_buf_printf(b, "%s\t%s\t%s\t%s\t%s", c->key, nw_event_name(c->type),
			       c->country[0] ? c->country : "-", day, created);
	for (size_t i = from; rc == NW_OK && i < c->nt; i++)
		rc = nw_buf_printf(b, "\t%s|%s", c->t[i].uid ? c->t[i].uid : "", c->t[i].name);
	return rc ? rc : nw_buf_addch(b, '\n');
}

/* One line of the state file; lines that are not ours are skipped. */
static int replay_line(char *line, void *ctx)
{
	struct nw_clusters *cs = ctx;
	char *f[5], *p = line;

	cs->lines++;
	for (int i = 0; i < 5; i++)
		if (!(f[i] = strsep(&p, "\t")))
			return NW_OK;
	int type = type_of(f[1]);
	if (type < 0 || strlen(f[0]) >= NW_CLUSTER_KEY_SIZE || strlen(f[2]) > 2)
		return NW_OK;
	struct nw_cluster *c = find_key(cs, f[0]);
	if (!c) {
		if (!(c = new_cluster(cs)))
			return NW_OK; /* forgotten, like a line cut short */
		strcpy(c->key, f[0]);
		c->type = type;
		c->day = NW_DATE_NONE;
		c->created = parse_day(f[4]);
	}
	if (!c->country[0] && strcmp(f[2], "-"))
		strcpy(c->country, f[2]);
	int64_t day = parse_day(f[3]);
	if (day != NW_DATE_NONE)
		c->day = day;
	for (char *t; (t = strsep(&p, "\t"));) {
		char *bar = strchr(t, '|');
		if (!bar)
			continue;
		*bar = '\0';
		add_target(cs, c, t, bar + 1);
	}
	return NW_OK;
}

static int64_t last_day(const struct nw_cluster *c)
{
	return c->day != NW_DATE_NONE && c->day > c->created ? c->day : c->created;
}

static void free_cluster(struct nw_cluster *c)
{
	free(c->t);
	free(c);
}

static void forget_old(struct nw_clusters *cs, int64_t today)
{
	size_t kept = 0;
	for (size_t i = 0; i < cs->n; i++) {
		struct nw_cluster *c = cs->c[i];
		if (c->created == NW_DATE_NONE || today - last_day(c) > NW_CLUSTER_HORIZON)
			free_cluster(c);
		else
			cs->c[kept++] = c;
	}
	cs->n = kept;
}

/* Rewrite the file with the live clusters only: temp file, fsync, rename. */
static int compact(struct nw_clusters *cs, struct nw_err *e)
{
	struct nw_buf b;
	nw_buf_init(&b, STATE_MAX_BYTES);
	int rc = NW_OK;
	for (size_t i = 0; rc == NW_OK && i < cs->n; i++)
		rc = format_line(cs->c[i], 0, &b);
	char tmp[4096];
	if (rc == NW_OK && snprintf(tmp, sizeof tmp, "%s.tmp", cs->path) >= (int)sizeof tmp)
		rc = NW_EINVAL;
	int fd = rc == NW_OK ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
	if (rc == NW_OK && (fd < 0 || write(fd, b.data, b.len) != (ssize_t)b.len || fsync(fd)))
		rc = nw_errorf(e, NW_EIO, "%s: %s", tmp, strerror(errno));
	if (fd >= 0)
		close(fd);
	if (rc == NW_OK && rename(tmp, cs->path))
		rc = nw_errorf(e, NW_EIO, "%s: %s", cs->path, strerror(errno));
	if (rc == NW_OK)
		cs->lines = cs->n;
	nw_buf_release(&b);
	return rc;
}

int nw_clusters_open(struct nw_clusters *cs, const char *path, int64_t today, struct nw_err *e)
{
	memset(cs, 0, sizeof *cs);
	nw_arena_init(&cs->arena);
	cs->fd = -1;
	cs->today = today;
	if (!path)
		return NW_OK;
	if (!(cs->path = strdup(path)))
		return nw_errorf(e, NW_ENOMEM, "%s: out of memory", path);
	int rc = nw_state_lines(path, STATE_MAX_BYTES, replay_line, cs, e);
	if (rc != NW_OK)
		return rc;
	forget_old(cs, today);
	if (cs->lines > 2 * cs->n + 64 && (rc = compact(cs, e)) != NW_OK)
		return rc;
	cs->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (cs->fd < 0)
		return nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	return NW_OK;
}

void nw_clusters_close(struct nw_clusters *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		free_cluster(cs->c[i]);
	free(cs->c);
	free(cs->path);
	if (cs->fd >= 0)
		close(cs->fd);
	nw_arena_release(&cs->arena);
	memset(cs, 0, sizeof *cs);
	cs->fd = -1;
}

/* ---- assigning ---- */

static int countries_agree(const char *a, const char *b)
{
	return !a[0] || !b[0] || strcmp(a, b) == 0;
}

static int64_t day_gap(int64_t a, int64_t b)
{
	if (a == NW_DATE_NONE || b == NW_DATE_NONE)
		return 0;
	return a > b ? a - b : b - a;
}

/* How many of the report's targets (normalized in t) the cluster has. */
static size_t shared_targets(const struct nw_cluster *c, const struct target *t, size_t n)
{
	size_t shared = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < c->nt; j++)
			if (same_target(&t[i], &c->t[j])) {
				shared++;
				break;
			}
	return shared;
}

static struct nw_cluster *best_cluster(const struct nw_clusters *cs,
				       const struct nw_cluster_report *r, const char *country,
				       const struct target *t)
{
	struct nw_cluster *best = NULL;
	size_t best_shared = 0;
	int64_t best_gap = 0;
	for (size_t i = 0; i < cs->n; i++) {
		struct nw_cluster *c = cs->c[i];
		if (c->type != r->type || !countries_agree(c->country, country))
			continue;
		int64_t gap = day_gap(c->day, r->day);
		if (gap > NW_CLUSTER_WINDOW)
			continue;
		size_t shared = shared_targets(c, t, r->ntargets);
		if (shared > best_shared || (shared && shared == best_shared && gap < best_gap)) {
			best = c;
			best_shared = shared;
			best_gap = gap;
		}
	}
	return best;
}

static void make_key(const struct nw_clusters *cs, const struct nw_cluster_report *r,
		     const char *country, int64_t day, const struct target *t, char *key)
{
	const char *sorted[64];
	size_t n = r->ntargets < 64 ? r->ntargets : 64;
	for (size_t i = 0; i < n; i++)
		sorted[i] = t[i].tokens;
	qsort(sorted, n, sizeof sorted[0], cmp_str);
	uint64_t h = nw_fnv1a(nw_event_name(r->type));
	for (size_t i = 0; i < n; i++)
		h = nw_fnv1a_more(nw_fnv1a_more(h, "|"), sorted[i]);
	int y, m, d;
	nw_civil_from_days(day, &y, &m, &d);
	/* the new cluster is not in cs yet: a key found there is another's */
	for (unsigned salt = 0;; salt++) {
		snprintf(key, NW_CLUSTER_KEY_SIZE, "%s-%04d%02d%02d-%08x",
			 country[0] ? country : "XX", y % 10000, m, d,
			 (unsigned)((h ^ (h >> 32)) + salt));
		if (!find_key(cs, key))
			return;
	}
}

static int append_line(struct nw_clusters *cs, const struct nw_cluster *c, size_t from,
		       struct nw_err *e)
{
	if (cs->fd < 0)
		return NW_OK;
	struct nw_buf b;
	nw_buf_init(&b, 1u << 20);
	int rc = format_line(c, from, &b);
	if (rc == NW_OK && write(cs->fd, b.data, b.len) != (ssize_t)b.len)
		rc = nw_errorf(e, NW_EIO, "%s: %s", cs->path, strerror(errno ? errno : ENOSPC));
	if (rc == NW_OK)
		cs->lines++;
	nw_buf_release(&b);
	return rc;
}

int nw_clusters_assign(struct nw_clusters *cs, const struct nw_cluster_report *r,
		       char key[NW_CLUSTER_KEY_SIZE], struct nw_err *e)
{
	key[0] = '\0';
	if (r->ntargets == 0)
		return 0;
	/* the report's names, normalized for this call only: the arena keeps what is added */
	struct forms *f = calloc(r->ntargets, sizeof *f);
	struct target *t = calloc(r->ntargets, sizeof *t);
	if (!f || !t) {
		free(f);
		free(t);
		return nw_errorf(e, NW_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < r->ntargets; i++) {
		forms_of(r->targets[i].name, &f[i]);
		t[i] = f[i].t;
		t[i].uid = r->targets[i].uid;
		t[i].name = r->targets[i].name;
	}
	char country[3] = "";
	if (r->country && strlen(r->country) == 2)
		memcpy(country, r->country, 3);

	int rc = 1, grown = 0;
	struct nw_cluster *c = best_cluster(cs, r, country, t);
	size_t from = 0;
	if (c) {
		from = c->nt;
		for (size_t i = 0; i < r->ntargets && rc == 1; i++) {
			size_t j = 0;
			while (j < c->nt && !same_target(&t[i], &c->t[j]))
				j++;
			if (j == c->nt && add_target(cs, c, t[i].uid, t[i].name) != NW_OK)
				rc = nw_errorf(e, NW_ENOMEM, "out of memory");
		}
		if (!c->country[0] && country[0])
			memcpy(c->country, country, 3), grown = 1;
		if (c->day == NW_DATE_NONE && r->day != NW_DATE_NONE && !r->background)
			c->day = r->day, grown = 1;
	} else if (!r->background) {
		char fresh[NW_CLUSTER_KEY_SIZE];
		make_key(cs, r, country, r->day != NW_DATE_NONE ? r->day : cs->today, t, fresh);
		if ((c = new_cluster(cs)) == NULL) {
			free(f);
			free(t);
			return nw_errorf(e, NW_ENOMEM, "out of memory");
		}
		memcpy(c->key, fresh, sizeof fresh);
		c->type = r->type;
		memcpy(c->country, country, 3);
		c->day = r->day;
		c->created = cs->today;
		for (size_t i = 0; i < r->ntargets && rc == 1; i++)
			if (add_target(cs, c, t[i].uid, t[i].name) != NW_OK)
				rc = nw_errorf(e, NW_ENOMEM, "out of memory");
	} else {
		rc = 0;
	}
	if (c && rc == 1) {
		memcpy(key, c->key, NW_CLUSTER_KEY_SIZE);
		if (c->nt > from || grown) {
			int wrc = append_line(cs, c, from, e);
			if (wrc != NW_OK)
				rc = wrc;
		}
	}
	free(f);
	free(t);
	return rc;
}

int nw_tags_cluster(struct nw_clusters *cs, struct nw_tags *tags, int64_t published,
		    struct nw_arena *a, struct nw_err *e)
{
	int rc = NW_OK;
	for (size_t i = 0; i < tags->nev; i++) {
		struct nw_event *ev = &tags->ev[i];
		if (ev->type == NW_EV_DENIAL || ev->type == NW_EV_ACCUSATION || !ev->ntargets)
			continue;
		struct nw_cluster_target *t = nw_arena_alloc(a, ev->ntargets * sizeof *t);
		if (!t)
			return nw_errorf(e, NW_ENOMEM, "out of memory");
		for (size_t k = 0; k < ev->ntargets; k++) {
			const struct nw_entity *en = &tags->ents.ent[ev->targets[k]];
			t[k].name = en->name;
			t[k].uid = en->listed_uid;
		}
		struct nw_cluster_report r = {
		    .type = ev->type,
		    .country = ev->authority >= 0 ? tags->ents.ent[ev->authority].country : NULL,
		    .day = ev->date != NW_DATE_NONE    ? ev->date
			   : published != NW_DATE_NONE ? published / 86400
						       : NW_DATE_NONE,
		    .background = ev->background,
		    .targets = t,
		    .ntargets = ev->ntargets,
		};
		char key[NW_CLUSTER_KEY_SIZE];
		int got = nw_clusters_assign(cs, &r, key, e);
		if (key[0])
			ev->key = nw_arena_strdup(a, key);
		if (got < 0 && rc == NW_OK)
			rc = got;
	}
	return rc;
}

int nw_cluster_same_name(const char *a, const char *b)
{
	struct forms fa, fb;

	forms_of(a, &fa);
	forms_of(b, &fb);
	return same_target(&fa.t, &fb.t);
}
