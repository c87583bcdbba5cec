/*
 * alert.c - deciding the alert mails from the archive (see alert.h).
 *
 * The archive is read with plain string search first: a record without
 * a "key" has no event that can alert, and most records have none, so only
 * the few that do are parsed (jansson).  The state files are small text
 * files an analyst can read: one line per accepted mail, and one cursor
 * line "2018-09.jsonl 123456".
 */
#include "alert.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cluster.h"
#include "config.h"
#include "date.h"
#include "err.h"
#include "lexicon.h"
#include "state.h"
#include "tag.h"

#define MAX_EVIDENCE 5		      /* sentences quoted per mail */
#define MAX_SOURCES 30		      /* articles listed per mail */
#define MAX_TARGETS 256		      /* targets listed per mail; more are counted */
#define SUBJECT_PREFIX "[newswatch] " /* every subject; the digest's sections drop it */
#define MAX_SUBJECT_NAMES 2	      /* targets named in a subject before "+N" */

struct nw_alerted {
	const char *key;
	const char *targets; /* '|'-separated, as alerted */
};

struct alert_target {
	const char *name, *kind, *country, *listed;
};

struct alert_source {
	const char *title, *feed, *url, *published;
};

struct nw_alert_group {
	const char *key, *type, *authority, *authority_country, *date;
	struct alert_target target[MAX_TARGETS];
	size_t ntarget;
	const char *evidence[MAX_EVIDENCE];
	size_t nevidence;
	struct alert_source source[MAX_SOURCES];
	size_t nsource, more_sources;
	size_t more_targets;	   /* beyond MAX_TARGETS: counted, not listed */
	struct nw_alert_pos first; /* where its first record starts */
};

/* ---- small helpers ---- */

static const char *jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static char *copy(struct nw_alerts *al, const char *s)
{
	return s ? nw_arena_strdup(&al->arena, s) : NULL;
}

/* Whether word (n bytes) is one of the words of list (space or comma separated). */
static int in_list(const char *list, const char *word, size_t n)
{
	for (const char *p = list; *p;) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		size_t wl = strcspn(p, " ,\t");
		if (wl && wl == n && strncasecmp(p, word, n) == 0)
			return 1;
		p += wl;
	}
	return 0;
}

/* ---- the state ---- */

static int state_path(const struct nw_alerts *al, const char *name, char *out, size_t size,
		      struct nw_err *e)
{
	if (snprintf(out, size, "%s/%s", al->var, name) >= (int)size)
		return nw_errorf(e, NW_EINVAL, "%s: path too long", al->var);
	return NW_OK;
}

static int remember(struct nw_alerts *al, const char *key, const char *targets)
{
	if (nw_grow((void **)&al->alerted, &al->capalerted, al->nalerted + 1, sizeof *al->alerted))
		return NW_ENOMEM;
	al->alerted[al->nalerted++] = (struct nw_alerted){copy(al, key), copy(al, targets)};
	return NW_OK;
}

/* "KEY<TAB>TARGETS<TAB>SEED<TAB>TIME": remember the key and its targets. */
static int alerted_line(char *line, void *ctx)
{
	char *tab = strchr(line, '\t'), *end;

	if (!tab)
		return NW_OK;
	*tab = '\0';
	if ((end = strchr(tab + 1, '\t')))
		*end = '\0';
	return remember(ctx, line, tab + 1);
}

static void load_cursor(struct nw_alerts *al, const char *path)
{
	FILE *f = fopen(path, "r");
	char name[32];
	unsigned long long off;
	if (!f)
		return;
	if (fscanf(f, "%31s %llu", name, &off) == 2) {
		snprintf(al->cursor_file, sizeof al->cursor_file, "%s", name);
		al->cursor_off = off;
	}
	fclose(f);
}

int nw_alerts_open(struct nw_alerts *al, const char *var, int wait, struct nw_err *e)
{
	char path[4096];
	int rc;

	memset(al, 0, sizeof *al);
	nw_arena_init(&al->arena);
	al->lock_fd = al->alerted_fd = -1;
	if (!(al->var = strdup(var)))
		return nw_errorf(e, NW_ENOMEM, "out of memory");
	if ((rc = state_path(al, "state", path, sizeof path, e)))
		return rc;
	if (mkdir(var, 0755) && errno != EEXIST)
		return nw_errorf(e, NW_EIO, "%s: %s", var, strerror(errno));
	if (mkdir(path, 0755) && errno != EEXIST)
		return nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	if ((rc = state_path(al, "alert.lock", path, sizeof path, e)))
		return rc;
	al->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (al->lock_fd < 0)
		return nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	if (flock(al->lock_fd, LOCK_EX | (wait ? 0 : LOCK_NB))) {
		if (errno == EWOULDBLOCK)
			return nw_errorf(e, NW_EBUSY, "%s: another alert run holds the lock", path);
		return nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	}
	/* a line torn before its fsync is skipped: that mail is sent again */
	if ((rc = state_path(al, "state/alerted", path, sizeof path, e)) ||
	    (rc = nw_state_lines(path, NW_BUF_NOCAP, alerted_line, al, e)))
		return rc;
	al->alerted_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (al->alerted_fd < 0)
		return nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	if ((rc = state_path(al, "state/alert-cursor", path, sizeof path, e)))
		return rc;
	load_cursor(al, path);
	return NW_OK;
}

void nw_alerts_close(struct nw_alerts *al)
{
	if (al->lock_fd >= 0)
		close(al->lock_fd);
	if (al->alerted_fd >= 0)
		close(al->alerted_fd);
	free(al->var);
	free(al->alerted);
	free(al->groups);
	free(al->mail);
	free(al->files);
	nw_arena_release(&al->arena);
	memset(al, 0, sizeof *al);
	al->lock_fd = al->alerted_fd = -1;
}

/* ---- rules ---- */

static int parse_types(const char *v, unsigned *types, const struct nw_config *c, const char *rule,
		       struct nw_err *e)
{
	*types = 0;
	for (const char *p = v; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, " ,");
		if (!n)
			break;
		int t;
		for (t = 0; t < NW_EV_ANY; t++)
			if (strlen(nw_event_name(t)) == n && !strncmp(p, nw_event_name(t), n))
				break;
		if (t == NW_EV_ANY || t == NW_EV_DENIAL || t == NW_EV_ACCUSATION)
			return nw_errorf(e, NW_EINVAL,
					 "%s: rule \"%s\": types: '%.*s' is not designation, "
					 "delisting or enforcement",
					 c->path ? c->path : "configuration", rule, (int)n, p);
		*types |= 1u << t;
		p += n;
	}
	return NW_OK;
}

int nw_alert_rules(const struct nw_config *c, struct nw_alert_rule *rules, size_t max,
		   struct nw_err *e)
{
	const char *names[64];
	size_t n = nw_config_names(c, "rule", names, 64);

	if (n > max || n > 64)
		return nw_errorf(e, NW_EINVAL, "%s: more than %zu rules", c->path,
				 max < 64 ? max : 64);
	if (n == 0 && max > 0) {
		rules[0] =
		    (struct nw_alert_rule){.name = "default", .types = 1u << NW_EV_DESIGNATION};
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		struct nw_alert_rule *r = &rules[i];
		const char *types = nw_config_get(c, "rule", names[i], "types");
		memset(r, 0, sizeof *r);
		r->name = names[i];
		r->types = 1u << NW_EV_DESIGNATION;
		if (types) {
			int rc = parse_types(types, &r->types, c, names[i], e);
			if (rc)
				return rc;
		}
		r->countries = nw_config_get(c, "rule", names[i], "countries");
		r->authorities = nw_config_get(c, "rule", names[i], "authorities");
		r->listed = nw_config_get(c, "rule", names[i], "listed");
		r->to = nw_config_get(c, "rule", names[i], "to");
	}
	return (int)n;
}

static int type_index(const char *name)
{
	for (int t = 0; t < NW_EV_ANY; t++)
		if (name && strcmp(name, nw_event_name(t)) == 0)
			return t;
	return -1;
}

static int rule_matches(const struct nw_alert_rule *r, const struct nw_alert_group *g)
{
	int t = type_index(g->type);
	if (t < 0 || !(r->types & (1u << t)))
		return 0;
	if (r->countries) {
		int hit = g->authority_country && in_list(r->countries, g->authority_country, 2);
		for (size_t i = 0; i < g->ntarget && !hit; i++)
			hit =
			    g->target[i].country && in_list(r->countries, g->target[i].country, 2);
		if (!hit)
			return 0;
	}
	if (r->authorities) {
		int hit = g->authority_country && in_list(r->authorities, g->authority_country,
							  strlen(g->authority_country));
		for (const char *p = g->authority; p && *p && !hit;) {
			size_t n = strcspn(p, " ");
			hit = n && in_list(r->authorities, p, n);
			p += n + (p[n] == ' ');
		}
		if (!hit)
			return 0;
	}
	if (r->listed) {
		int hit = 0;
		for (size_t i = 0; i < g->ntarget && !hit; i++) {
			const char *l = g->target[i].listed;
			hit = l && (!strcasecmp(r->listed, "any") ||
				    !strncasecmp(l, r->listed, strlen(r->listed)));
		}
		if (!hit)
			return 0;
	}
	return 1;
}

/* ---- reading the archive ---- */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_month_file(const char *n)
{
	return strlen(n) == 13 && isdigit((unsigned char)n[0]) && n[4] == '-' &&
	       strcmp(n + 7, ".jsonl") == 0;
}

static struct nw_alert_group *group_of(struct nw_alerts *al, const char *key)
{
	for (size_t i = 0; i < al->ngroups; i++)
		if (strcmp(al->groups[i].key, key) == 0)
			return &al->groups[i];
	if (nw_grow((void **)&al->groups, &al->capgroups, al->ngroups + 1, sizeof *al->groups))
		return NULL;
	struct nw_alert_group *g = &al->groups[al->ngroups++];
	memset(g, 0, sizeof *g);
	g->key = copy(al, key);
	g->first = al->at;
	return g;
}

/* The list entry of a target, as one line, from the target or the record's entities. */
static const char *listed_line(struct nw_alerts *al, const json_t *target, const json_t *rec)
{
	const json_t *l = json_object_get(target, "listed");
	if (!json_is_object(l)) {
		const json_t *ents = json_object_get(rec, "entities");
		size_t i;
		json_t *en;
		json_array_foreach(ents, i, en)
		{
			const char *n = jstr(en, "name"), *tn = jstr(target, "name");
			if (n && tn && !strcmp(n, tn) &&
			    json_is_object(json_object_get(en, "listed"))) {
				l = json_object_get(en, "listed");
				break;
			}
		}
	}
	if (!json_is_object(l))
		return NULL;
	const char *programs = jstr(l, "programs");
	return nw_arena_printf(
	    &al->arena, "%s %s: %s%s%s%s (match %.2f)", jstr(l, "list") ? jstr(l, "list") : "list",
	    jstr(l, "uid") ? jstr(l, "uid") : "?", jstr(l, "name") ? jstr(l, "name") : "?",
	    programs ? " [" : "", programs ? programs : "", programs ? "]" : "",
	    json_number_value(json_object_get(l, "score")));
}

static void add_event(struct nw_alerts *al, struct nw_alert_group *g, const json_t *ev,
		      const json_t *rec)
{
	const json_t *auth = json_object_get(ev, "authority");
	if (!g->type) {
		g->type = copy(al, jstr(ev, "type"));
		g->authority = copy(al, jstr(auth, "name"));
		g->authority_country = copy(al, jstr(auth, "country"));
		g->date = copy(al, jstr(ev, "date"));
	}
	if (!g->date)
		g->date = copy(al, jstr(ev, "date"));
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(ev, "targets"), i, t)
	{
		const char *name = jstr(t, "name");
		size_t k = 0;
		while (name && k < g->ntarget && !nw_cluster_same_name(g->target[k].name, name))
			k++;
		if (!name || k < g->ntarget) {
			if (name && !g->target[k].listed)
				g->target[k].listed = listed_line(al, t, rec);
			continue;
		}
		if (g->ntarget == MAX_TARGETS) {
			g->more_targets++;
			continue;
		}
		g->target[g->ntarget++] =
		    (struct alert_target){copy(al, name), copy(al, jstr(t, "kind")),
					  copy(al, jstr(t, "country")), listed_line(al, t, rec)};
	}
	const char *sentence = jstr(json_object_get(ev, "evidence"), "sentence");
	size_t k = 0;
	while (sentence && k < g->nevidence && strcmp(g->evidence[k], sentence) != 0)
		k++;
	if (sentence && k == g->nevidence && g->nevidence < MAX_EVIDENCE)
		g->evidence[g->nevidence++] = copy(al, sentence);
	const char *url = jstr(rec, "url");
	for (k = 0; k < g->nsource; k++)
		if (url && g->source[k].url && !strcmp(url, g->source[k].url))
			return;
	if (g->nsource == MAX_SOURCES) {
		g->more_sources++;
		return;
	}
	g->source[g->nsource++] =
	    (struct alert_source){copy(al, jstr(rec, "title")), copy(al, jstr(rec, "feed")),
				  copy(al, url), copy(al, jstr(rec, "published"))};
}

static void read_record(struct nw_alerts *al, const char *line, size_t n, unsigned types)
{
	if (!memmem(line, n, "\"key\"", 5))
		return;
	json_t *rec = json_loadb(line, n, 0, NULL);
	size_t i;
	json_t *ev;
	json_array_foreach(json_object_get(rec, "events"), i, ev)
	{
		const char *key = jstr(ev, "key");
		int t = type_index(jstr(ev, "type"));
		if (!key || t < 0 || !(types & (1u << t)) ||
		    json_is_true(json_object_get(ev, "background")))
			continue;
		struct nw_alert_group *g = group_of(al, key);
		if (g)
			add_event(al, g, ev, rec);
	}
	json_decref(rec);
}

static int read_file_from(struct nw_alerts *al, const char *path, uint32_t file, uint64_t from,
			  unsigned types, struct nw_err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	struct nw_buf b;
	nw_buf_init(&b, NW_BUF_NOCAP);
	char chunk[65536];
	ssize_t got;
	int rc = NW_OK;
	uint64_t off = from; /* file offset of b.data[0] */
	if (lseek(fd, (off_t)from, SEEK_SET) < 0)
		rc = nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	while (rc == NW_OK && (got = read(fd, chunk, sizeof chunk)) > 0) {
		if ((rc = nw_buf_add(&b, chunk, (size_t)got)))
			break;
		size_t start = 0;
		for (char *nl; (nl = memchr(b.data + start, '\n', b.len - start));) {
			size_t end = (size_t)(nl - b.data) + 1;
			al->at = (struct nw_alert_pos){file, off + start};
			read_record(al, b.data + start, end - start - 1, types);
			start = end;
		}
		/* keep the unfinished line: a poll may be appending it right now */
		memmove(b.data, b.data + start, b.len - start);
		nw_buf_truncate(&b, b.len - start);
		off += start;
	}
	al->at = (struct nw_alert_pos){file, off}; /* just past the last complete line */
	if (rc == NW_ENOMEM)
		nw_errorf(e, rc, "%s: out of memory", path);
	nw_buf_release(&b);
	close(fd);
	return rc;
}

/* Whether position a comes before b in the archive. */
static int before(const struct nw_alert_pos *a, const struct nw_alert_pos *b)
{
	return a->file < b->file || (a->file == b->file && a->off < b->off);
}

/* ---- the mails ---- */

static int alerted_before(const struct nw_alerts *al, const char *key)
{
	for (size_t i = 0; i < al->nalerted; i++)
		if (strcmp(al->alerted[i].key, key) == 0)
			return 1;
	return 0;
}

static int was_alerted(const struct nw_alerts *al, const char *key, const char *name)
{
	for (size_t i = 0; i < al->nalerted; i++) {
		if (strcmp(al->alerted[i].key, key) != 0)
			continue;
		for (const char *p = al->alerted[i].targets; *p;) {
			size_t n = strcspn(p, "|");
			char alerted[256];
			snprintf(alerted, sizeof alerted, "%.*s", (int)n, p);
			if (nw_cluster_same_name(alerted, name))
				return 1;
			p += n + (p[n] == '|');
		}
	}
	return 0;
}

static const char *verb_of(const char *type)
{
	if (type && !strcmp(type, "delisting"))
		return "lifts sanctions on";
	if (type && !strcmp(type, "enforcement"))
		return "takes enforcement action against";
	return "designates";
}

static const char *subject_of(struct nw_alerts *al, const struct nw_alert_group *g,
			      const struct alert_target *const *t, size_t n, int update)
{
	struct nw_buf b;
	nw_buf_init(&b, 4096);
	nw_buf_printf(&b, SUBJECT_PREFIX "%s%s %s ", update ? "update: " : "",
		      g->authority ? g->authority : "unknown authority", verb_of(g->type));
	for (size_t i = 0; i < n && i < MAX_SUBJECT_NAMES; i++)
		nw_buf_printf(&b, "%s%s", i ? ", " : "", t[i]->name);
	if (n + g->more_targets > MAX_SUBJECT_NAMES)
		nw_buf_printf(&b, " +%zu", n + g->more_targets - MAX_SUBJECT_NAMES);
	const char *s = nw_arena_strndup(&al->arena, b.data, b.len);
	nw_buf_release(&b);
	return s;
}

static void body_of(struct nw_buf *b, const struct nw_alert_group *g,
		    const struct alert_target *const *t, size_t n, int update)
{
	nw_buf_printf(b, "%s %s %zu %s%s.\n\n",
		      g->authority ? g->authority : "An unknown authority", verb_of(g->type),
		      n + g->more_targets, update ? "more " : "",
		      n + g->more_targets == 1 ? "target" : "targets");
	nw_buf_printf(b, "Authority: %s", g->authority ? g->authority : "unknown");
	if (g->authority_country)
		nw_buf_printf(b, " (%s)", g->authority_country);
	nw_buf_printf(b, "\nDate:      %s\nEvent:     %s, key %s\n\n",
		      g->date ? g->date : "unknown", g->type, g->key);
	nw_buf_printf(b, "%s\n", update ? "New targets" : "Targets");
	for (size_t i = 0; i < n; i++) {
		nw_buf_printf(b, "- %s (%s%s%s)\n", t[i]->name, t[i]->kind ? t[i]->kind : "unknown",
			      t[i]->country ? ", " : "", t[i]->country ? t[i]->country : "");
		if (t[i]->listed)
			nw_buf_printf(b, "  listed: %s\n", t[i]->listed);
	}
	if (g->more_targets)
		nw_buf_printf(b, "- and %zu more\n", g->more_targets);
	nw_buf_addstr(b, "\nEvidence\n");
	for (size_t i = 0; i < g->nevidence; i++)
		nw_buf_printf(b, "- \"%s\"\n", g->evidence[i]);
	nw_buf_printf(b, "\nSources (%zu)\n", g->nsource + g->more_sources);
	for (size_t i = 0; i < g->nsource; i++) {
		const struct alert_source *s = &g->source[i];
		nw_buf_printf(b, "- %s\n  %s%s%s\n", s->title ? s->title : "(untitled)",
			      s->feed ? s->feed : "", s->published ? ", " : "",
			      s->published ? s->published : "");
		if (s->url)
			nw_buf_printf(b, "  %s\n", s->url);
	}
	if (g->more_sources)
		nw_buf_printf(b, "- and %zu more\n", g->more_sources);
}

/* The recipients of the rules g matches, space-separated; NULL when none. */
static const char *recipients(struct nw_alerts *al, const struct nw_alert_group *g,
			      const struct nw_alert_rule *rules, size_t nrules,
			      const char *default_to)
{
	struct nw_buf b;
	const char *out = NULL;
	nw_buf_init(&b, 1 << 16);
	for (size_t i = 0; i < nrules; i++) {
		const char *to = rules[i].to ? rules[i].to : default_to;
		if (!to || !rule_matches(&rules[i], g))
			continue;
		for (const char *p = to; *p;) {
			while (*p == ' ' || *p == ',' || *p == '\t')
				p++;
			size_t n = strcspn(p, " ,\t");
			if (n && !(b.len && in_list(b.data, p, n)))
				nw_buf_printf(&b, "%s%.*s", b.len ? " " : "", (int)n, p);
			p += n;
		}
	}
	if (b.len)
		out = nw_arena_strndup(&al->arena, b.data, b.len);
	nw_buf_release(&b);
	return out;
}

static int make_mail(struct nw_alerts *al, const struct nw_alert_group *g, const char *to)
{
	const struct alert_target *t[MAX_TARGETS];
	size_t n = 0;
	int update = alerted_before(al, g->key);
	for (size_t i = 0; i < g->ntarget; i++)
		if (!update || !was_alerted(al, g->key, g->target[i].name))
			t[n++] = &g->target[i];
	if (n == 0)
		return NW_OK; /* alerted before, nothing new */
	struct nw_buf b;
	nw_buf_init(&b, NW_BUF_NOCAP);
	for (size_t i = 0; i < n; i++)
		nw_buf_printf(&b, "%s%s", i ? "|" : "", t[i]->name);
	const char *targets = nw_arena_strndup(&al->arena, b.data, b.len);
	nw_buf_reset(&b);
	body_of(&b, g, t, n, update);
	struct nw_alert_mail *m = &al->mail[al->nmail++];
	*m = (struct nw_alert_mail){
	    .key = g->key,
	    .seed = update ? nw_arena_printf(&al->arena, "%s+%s", g->key, targets) : g->key,
	    .subject = subject_of(al, g, t, n, update),
	    .body = nw_arena_strndup(&al->arena, b.data, b.len),
	    .to = to,
	    .targets = targets,
	    .first = g->first,
	};
	nw_buf_release(&b);
	return m->subject && m->body && m->targets ? NW_OK : NW_ENOMEM;
}

/* Fold the mails into one; the state still gets a line per key. */
static int make_digest(struct nw_alerts *al)
{
	struct nw_buf body, to, keys;
	struct nw_alert_pos first = al->at;
	nw_buf_init(&body, NW_BUF_NOCAP);
	nw_buf_init(&to, 1 << 16);
	nw_buf_init(&keys, NW_BUF_NOCAP);
	for (size_t i = 0; i < al->nmail; i++) {
		const struct nw_alert_mail *m = &al->mail[i];
		nw_buf_printf(&body, "%s== %s\n\n%s\n", i ? "\n" : "",
			      m->subject + strlen(SUBJECT_PREFIX), m->body);
		for (const char *p = m->to; *p;) {
			size_t n = strcspn(p, " ");
			if (n && !(to.len && in_list(to.data, p, n)))
				nw_buf_printf(&to, "%s%.*s", to.len ? " " : "", (int)n, p);
			p += n + (p[n] == ' ');
		}
		nw_buf_printf(&keys, "%s%s", i ? "," : "", m->seed);
		if (before(&m->first, &first))
			first = m->first;
	}
	struct nw_alert_mail d = {
	    .key = "digest",
	    .seed = nw_arena_strndup(&al->arena, keys.data, keys.len),
	    .subject = nw_arena_printf(&al->arena, SUBJECT_PREFIX "%zu sanctions event%s",
				       al->nmail, al->nmail == 1 ? "" : "s"),
	    .body = nw_arena_strndup(&al->arena, body.data, body.len),
	    .to = nw_arena_strndup(&al->arena, to.data, to.len),
	    .targets = NULL,
	    .first = first,
	};
	nw_buf_release(&body);
	nw_buf_release(&to);
	nw_buf_release(&keys);
	/* the members stay after the digest, for nw_alerts_sent (mail has room: ngroups + 1) */
	memmove(al->mail + 1, al->mail, al->nmail * sizeof *al->mail);
	al->mail[0] = d;
	al->ndigested = al->nmail;
	al->nmail = 1;
	return NW_OK;
}

int nw_alerts_scan(struct nw_alerts *al, const struct nw_alert_rule *rules, size_t nrules,
		   const char *default_to, int digest, struct nw_err *e)
{
	char dir[4096], path[4200];
	unsigned types = 0;
	int rc;

	for (size_t i = 0; i < nrules; i++)
		types |= rules[i].types;
	if ((rc = state_path(al, "archive", dir, sizeof dir, e)))
		return rc;
	DIR *d = opendir(dir);
	if (!d && errno != ENOENT)
		return nw_errorf(e, NW_EIO, "%s: %s", dir, strerror(errno));
	char **names = NULL;
	size_t nnames = 0, cap = 0;
	for (struct dirent *de; d && (de = readdir(d));) {
		if (!is_month_file(de->d_name) || strcmp(de->d_name, al->cursor_file) < 0)
			continue;
		if (nw_grow((void **)&names, &cap, nnames + 1, sizeof *names))
			break;
		names[nnames++] = copy(al, de->d_name);
	}
	if (d)
		closedir(d);
	qsort(names, nnames, sizeof *names, by_name);
	al->files = (const char **)names;
	al->nfiles = nnames;
	for (size_t i = 0; i < nnames; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		uint64_t from = strcmp(names[i], al->cursor_file) == 0 ? al->cursor_off : 0;
		if ((rc = read_file_from(al, path, (uint32_t)i, from, types, e)))
			return rc;
	}
	al->resume = al->at; /* unless a mail fails */
	al->mail = calloc(al->ngroups + 1, sizeof *al->mail);
	if (!al->mail && al->ngroups)
		return nw_errorf(e, NW_ENOMEM, "out of memory");
	for (size_t i = 0; i < al->ngroups; i++) {
		const char *to = recipients(al, &al->groups[i], rules, nrules, default_to);
		if (to && (rc = make_mail(al, &al->groups[i], to)))
			return nw_errorf(e, rc, "out of memory");
	}
	if (digest && al->nmail > 1)
		return make_digest(al);
	return NW_OK;
}

static int append_alerted(struct nw_alerts *al, const struct nw_alert_mail *m, struct nw_err *e)
{
	char iso[NW_DATE_ISO_SIZE];
	nw_date_iso((int64_t)time(NULL), iso);
	char *line =
	    nw_arena_printf(&al->arena, "%s\t%s\t%s\t%s\n", m->key, m->targets, m->seed, iso);
	size_t n = strlen(line);
	if (write(al->alerted_fd, line, n) != (ssize_t)n || fsync(al->alerted_fd))
		return nw_errorf(e, NW_EIO, "%s/state/alerted: %s", al->var, strerror(errno));
	return remember(al, m->key, m->targets);
}

int nw_alerts_sent(struct nw_alerts *al, size_t i, struct nw_err *e)
{
	const struct nw_alert_mail *m = &al->mail[i];
	if (m->targets)
		return append_alerted(al, m, e);
	for (size_t k = 1; k <= al->ndigested; k++) {
		int rc = append_alerted(al, &al->mail[k], e);
		if (rc)
			return rc;
	}
	return NW_OK;
}

void nw_alerts_failed(struct nw_alerts *al, size_t i)
{
	if (before(&al->mail[i].first, &al->resume))
		al->resume = al->mail[i].first;
}

int nw_alerts_commit(struct nw_alerts *al, struct nw_err *e)
{
	char path[4096], tmp[4200];
	if (al->nfiles == 0)
		return NW_OK; /* nothing read */
	const struct nw_alert_pos *p = &al->resume;
	int rc = state_path(al, "state/alert-cursor", path, sizeof path, e);
	if (rc)
		return rc;
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return nw_errorf(e, NW_EIO, "%s: %s", tmp, strerror(errno));
	fprintf(f, "%s %llu\n", al->files[p->file], (unsigned long long)p->off);
	if (fflush(f) || fsync(fileno(f))) {
		fclose(f);
		return nw_errorf(e, NW_EIO, "%s: %s", tmp, strerror(errno));
	}
	fclose(f);
	if (rename(tmp, path))
		return nw_errorf(e, NW_EIO, "%s: %s", path, strerror(errno));
	return NW_OK;
}
