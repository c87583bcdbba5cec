/*
 * config.c - reading newswatch.conf (see config.h for the format).
 *
 * The file is small and read once per run, so it is parsed in one pass
 * into an array of settings and looked up linearly; later settings win,
 * so lookups scan from the end.  The file is capped at 1 MiB: anything
 * bigger is not a hand-edited configuration.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"

#define CONFIG_MAX_BYTES (1u << 20)

void nw_config_init(struct nw_config *c)
{
	memset(c, 0, sizeof *c);
	nw_arena_init(&c->arena);
}

void nw_config_release(struct nw_config *c)
{
	free(c->set);
	nw_arena_release(&c->arena);
	memset(c, 0, sizeof *c);
}

static int is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

static int is_name_char(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '_' || ch == '.';
}

static char *lower(char *s)
{
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

struct parser {
	struct nw_config *c;
	const char *file;
	int line;
	const char *section, *name;
	size_t cap;
	struct nw_err *e;
};

static int syntax(struct parser *p, const char *what)
{
	return nw_errorf(p->e, NW_EINVAL, "%s:%d: %s", p->file, p->line, what);
}

/* "[section]" or "[section "name"]" at s (past the '['), up to end. */
static int parse_header(struct parser *p, const char *s, const char *end)
{
	const char *q = s;
	while (q < end && is_name_char((unsigned char)*q))
		q++;
	if (q == s)
		return syntax(p, "expected a section name after '['");
	p->section = lower(nw_arena_strndup(&p->c->arena, s, (size_t)(q - s)));
	p->name = NULL;
	while (q < end && is_space((unsigned char)*q))
		q++;
	if (q < end && *q == '"') {
		const char *n = ++q;
		while (q < end && *q != '"')
			q++;
		if (q == end)
			return syntax(p, "unterminated subsection name");
		p->name = nw_arena_strndup(&p->c->arena, n, (size_t)(q - n));
		q++;
		while (q < end && is_space((unsigned char)*q))
			q++;
	}
	if (q == end || *q != ']')
		return syntax(p, "expected ']'");
	for (q++; q < end && is_space((unsigned char)*q); q++)
		;
	if (q < end && *q != '#' && *q != ';')
		return syntax(p, "text after ']'");
	return NW_OK;
}

/* The value between s and end: quoted, or trimmed up to a comment. */
static char *parse_value(struct parser *p, const char *s, const char *end)
{
	while (s < end && is_space((unsigned char)*s))
		s++;
	if (s < end && *s == '"') {
		const char *q = ++s;
		while (q < end && *q != '"')
			q++;
		if (q == end) {
			syntax(p, "unterminated quoted value");
			return NULL;
		}
		return nw_arena_strndup(&p->c->arena, s, (size_t)(q - s));
	}
	const char *q = s;
	while (q < end && !((*q == '#' || *q == ';') && (q == s || is_space((unsigned char)q[-1]))))
		q++;
	while (q > s && is_space((unsigned char)q[-1]))
		q--;
	return nw_arena_strndup(&p->c->arena, s, (size_t)(q - s));
}

static int add_setting(struct parser *p, const char *key, size_t keylen, const char *s,
		       const char *end)
{
	struct nw_config *c = p->c;
	if (!p->section)
		return syntax(p, "setting outside a [section]");
	if (nw_grow((void **)&c->set, &p->cap, c->n + 1, sizeof *c->set))
		return nw_errorf(p->e, NW_ENOMEM, "%s: out of memory", p->file);
	char *value = parse_value(p, s, end);
	if (!value)
		return p->e ? p->e->code : NW_EINVAL;
	c->set[c->n++] = (struct nw_setting){
	    .section = p->section,
	    .name = p->name,
	    .key = lower(nw_arena_strndup(&c->arena, key, keylen)),
	    .value = value,
	    .line = p->line,
	};
	return NW_OK;
}

static int parse_line(struct parser *p, const char *s, const char *end)
{
	while (s < end && is_space((unsigned char)*s))
		s++;
	if (s == end || *s == '#' || *s == ';')
		return NW_OK;
	if (*s == '[')
		return parse_header(p, s + 1, end);
	const char *k = s;
	while (s < end && is_name_char((unsigned char)*s))
		s++;
	size_t keylen = (size_t)(s - k);
	while (s < end && is_space((unsigned char)*s))
		s++;
	if (keylen == 0 || s == end || *s != '=')
		return syntax(p, "expected 'key = value'");
	return add_setting(p, k, keylen, s + 1, end);
}

int nw_config_load(struct nw_config *c, const char *path, struct nw_err *e)
{
	struct nw_buf b;
	nw_buf_init(&b, CONFIG_MAX_BYTES);
	int rc = nw_buf_read_file(&b, path, e);
	if (rc == NW_OK && memchr(b.data, '\0', b.len))
		rc = nw_errorf(e, NW_EINVAL, "%s: not a text file", path);
	c->path = nw_arena_strdup(&c->arena, path);
	const char *slash = strrchr(path, '/');
	c->dir = slash ? nw_arena_strndup(&c->arena, path, (size_t)(slash - path + (slash == path)))
		       : ".";
	struct parser p = {.c = c, .file = path, .cap = 0, .e = e};
	const char *s = b.data, *end = b.data + b.len;
	while (rc == NW_OK && s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *eol = nl ? nl : end;
		p.line++;
		rc = parse_line(&p, s, eol);
		s = nl ? nl + 1 : end;
	}
	nw_buf_release(&b);
	return rc;
}

static int same_name(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

const struct nw_setting *nw_config_find(const struct nw_config *c, const char *section,
					const char *name, const char *key)
{
	for (size_t i = c->n; i-- > 0;) {
		const struct nw_setting *s = &c->set[i];
		if (strcasecmp(s->section, section) == 0 && same_name(s->name, name) &&
		    strcasecmp(s->key, key) == 0)
			return s;
	}
	return NULL;
}

const char *nw_config_get(const struct nw_config *c, const char *section, const char *name,
			  const char *key)
{
	const struct nw_setting *s = nw_config_find(c, section, name, key);
	return s ? s->value : NULL;
}

static int bad_value(const struct nw_config *c, const struct nw_setting *s, const char *want,
		     struct nw_err *e)
{
	return nw_errorf(e, NW_EINVAL, "%s:%d: %s: expected %s, not '%s'", c->path, s->line, s->key,
			 want, s->value);
}

int nw_config_bool(const struct nw_config *c, const char *section, const char *name,
		   const char *key, int def, int *out, struct nw_err *e)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};
	const struct nw_setting *s = nw_config_find(c, section, name, key);
	*out = def;
	if (!s)
		return NW_OK;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(s->value, yes[i]) == 0)
			return *out = 1, NW_OK;
		if (strcasecmp(s->value, no[i]) == 0)
			return *out = 0, NW_OK;
	}
	return bad_value(c, s, "yes or no", e);
}

int nw_config_double(const struct nw_config *c, const char *section, const char *name,
		     const char *key, double def, double *out, struct nw_err *e)
{
	const struct nw_setting *s = nw_config_find(c, section, name, key);
	*out = def;
	if (!s)
		return NW_OK;
	char *end;
	errno = 0;
	double v = strtod(s->value, &end);
	if (end == s->value || *end || errno)
		return bad_value(c, s, "a number", e);
	*out = v;
	return NW_OK;
}

const char *nw_config_path(struct nw_config *c, const char *section, const char *name,
			   const char *key)
{
	const char *v = nw_config_get(c, section, name, key);
	if (!v || !*v || v[0] == '/' || !c->dir)
		return v;
	return nw_arena_printf(&c->arena, "%s/%s", c->dir, v);
}

size_t nw_config_names(const struct nw_config *c, const char *section, const char **names,
		       size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++) {
		const struct nw_setting *s = &c->set[i];
		if (!s->name || strcasecmp(s->section, section) != 0)
			continue;
		size_t j = 0;
		while (j < n && j < max && strcmp(names[j], s->name) != 0)
			j++;
		if (j < n && j < max)
			continue;
		if (n < max)
			names[n] = s->name;
		n++;
	}
	return n;
}
