// SPDX-License-Identifier: GPL-2.0
/*
 * INI-style parser, see conf.h. It keeps going after an error so that
 * one run reports every bad line; a section whose header was refused
 * has its keys skipped (no cascade of errors for one typo).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

#define SECTIONS_MAX 65536

int conf_fail(struct conf_err *e, const char *tok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	snprintf(e->tok, sizeof(e->tok), "%s", tok ? tok : "");
	return -1;
}

void conf_diag_add(struct conf_diag *d, const char *file, unsigned int line,
		   const char *msg, const char *tok)
{
	char **v = realloc(d->v, (d->n + 1) * sizeof(*v));
	char *s;
	int rc;

	if (!v)
		return;
	d->v = v;
	if (tok && *tok)
		rc = asprintf(&s, "%s:%u: %s (token '%s')", file, line, msg, tok);
	else
		rc = asprintf(&s, "%s:%u: %s", file, line, msg);
	if (rc >= 0)
		d->v[d->n++] = s;
}

void conf_diag_free(struct conf_diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i]);
	free(d->v);
	d->v = NULL;
	d->n = 0;
}

struct seen {
	char *id;		/* "type name" */
	unsigned int line;
};

struct parser {
	const char *file;
	const struct conf_ops *ops;
	size_t nops;
	void *arg;
	struct conf_diag *d;
	int errors;
	const struct conf_ops *cur;	/* open section, NULL if none */
	bool skip;			/* its header was refused */
	unsigned int cur_line;
	struct seen *seen;
	size_t nseen, cap;
};

static void report(struct parser *p, unsigned int line, struct conf_err *e)
{
	conf_diag_add(p->d, p->file, e->line ? e->line : line, e->msg, e->tok);
	p->errors++;
}

static void end_section(struct parser *p)
{
	struct conf_err e = { 0 };

	if (p->cur && !p->skip && p->cur->end && p->cur->end(p->arg, &e))
		report(p, p->cur_line, &e);
	p->cur = NULL;
	p->skip = false;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* Cuts a comment: '#' at the start or after a blank. */
static void uncomment(char *s)
{
	char *c;

	for (c = s; *c; c++)
		if (*c == '#' && (c == s || isspace((unsigned char)c[-1]))) {
			*c = '\0';
			return;
		}
}

static const struct conf_ops *find_ops(struct parser *p, const char *type)
{
	size_t i;

	for (i = 0; i < p->nops; i++)
		if (!strcmp(p->ops[i].type, type))
			return &p->ops[i];
	return NULL;
}

static void expected_types(struct parser *p, char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < p->nops && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s[%s%s]",
				      !i ? "" : i + 1 == p->nops ? " or " : ", ",
				      p->ops[i].type,
				      p->ops[i].named ? " NAME" : "");
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Open-addressing set of section ids; the table is kept half empty. */
static int remember(struct parser *p, const char *type, const char *name,
		    unsigned int line, struct conf_err *e)
{
	size_t i, mask;
	char *id;

	if (p->nseen == SECTIONS_MAX)
		return conf_fail(e, NULL, "too many sections (at most %d)",
				 SECTIONS_MAX);
	if (2 * (p->nseen + 1) > p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct seen *v = calloc(cap, sizeof(*v));

		if (!v)
			return conf_fail(e, NULL, "out of memory");
		for (i = 0; i < p->cap; i++) {
			size_t j;

			if (!p->seen[i].id)
				continue;
			for (j = hash(p->seen[i].id) & (cap - 1); v[j].id;
			     j = (j + 1) & (cap - 1))
				;
			v[j] = p->seen[i];
		}
		free(p->seen);
		p->seen = v;
		p->cap = cap;
	}
	if (asprintf(&id, "%s %s", type, name ? name : "") < 0)
		return conf_fail(e, NULL, "out of memory");
	mask = p->cap - 1;
	for (i = hash(id) & mask; p->seen[i].id; i = (i + 1) & mask)
		if (!strcmp(p->seen[i].id, id)) {
			free(id);
			return conf_fail(e, name ? name : type,
					 "duplicate section (first on line %u)",
					 p->seen[i].line);
		}
	p->seen[i].id = id;
	p->seen[i].line = line;
	p->nseen++;
	return 0;
}

static int header(struct parser *p, char *s, unsigned int line,
		  struct conf_err *e)
{
	char *close = strchr(s, ']'), *type, *name, *extra, types[128];
	const struct conf_ops *ops;

	if (!close || trim(close + 1)[0])
		return conf_fail(e, s, close ? "text after ']'" :
				 "bad section header: missing ']'");
	*close = '\0';
	type = strtok(s + 1, " \t");
	name = type ? strtok(NULL, " \t") : NULL;
	extra = name ? strtok(NULL, " \t") : NULL;
	if (!type || extra)
		return conf_fail(e, extra ? extra : "[]",
				 "bad section header: expected [TYPE] or [TYPE NAME]");
	ops = find_ops(p, type);
	if (!ops) {
		expected_types(p, types, sizeof(types));
		return conf_fail(e, type, "unknown section; expected %s", types);
	}
	if (ops->named && !name)
		return conf_fail(e, type, "section [%s] needs a name: [%s NAME]",
				 type, type);
	if (!ops->named && name)
		return conf_fail(e, name, "section [%s] takes no name", type);
	p->cur = ops;
	p->cur_line = line;
	if (remember(p, type, name, line, e))
		return -1;
	return ops->begin ? ops->begin(p->arg, name, line, e) : 0;
}

static bool good_key(const char *k)
{
	if (!*k)
		return false;
	for (; *k; k++)
		if (!islower((unsigned char)*k) && !isdigit((unsigned char)*k) &&
		    *k != '-' && *k != '_')
			return false;
	return true;
}

static void line_(struct parser *p, char *raw, unsigned int line)
{
	struct conf_err e = { 0 };
	char *s, *eq, *key, *val;

	if (strlen(raw) > CONF_LINE_MAX) {
		conf_fail(&e, NULL, "line longer than %d characters",
			  CONF_LINE_MAX);
		goto bad;
	}
	uncomment(raw);
	s = trim(raw);
	if (!*s)
		return;
	if (*s == '[') {
		end_section(p);
		if (header(p, s, line, &e)) {
			p->skip = true;
			goto bad;
		}
		return;
	}
	eq = strchr(s, '=');
	if (!eq) {
		conf_fail(&e, strtok(s, " \t"), "expected KEY = VALUE or [SECTION]");
		goto bad;
	}
	*eq = '\0';
	key = trim(s);
	val = trim(eq + 1);
	if (!good_key(key)) {
		conf_fail(&e, key, *key ? "bad key: use lower-case letters, digits, '-' and '_'" :
			  "missing key before '='");
		goto bad;
	}
	if (!*val) {
		conf_fail(&e, key, "missing value after '='");
		goto bad;
	}
	if (p->skip)
		return;		/* in a section whose header was refused */
	if (!p->cur) {
		conf_fail(&e, key, "key outside a section; start one with a [SECTION] header");
		goto bad;
	}
	if (!p->cur->set || !p->cur->set(p->arg, key, val, line, &e))
		return;
bad:
	report(p, line, &e);
}

int conf_parse_text(const char *file, const char *text,
		    const struct conf_ops *ops, size_t nops, void *arg,
		    struct conf_diag *d)
{
	struct parser p = { .file = file, .ops = ops, .nops = nops,
			    .arg = arg, .d = d };
	char *buf = strdup(text), *l, *next;
	unsigned int line = 0;
	size_t i;

	if (!buf) {
		conf_diag_add(d, file, 0, "out of memory", NULL);
		return 1;
	}
	for (l = buf; l; l = next) {
		next = strchr(l, '\n');
		if (next)
			*next++ = '\0';
		else if (!*l)
			break;
		line_(&p, l, ++line);
	}
	end_section(&p);
	for (i = 0; i < p.cap; i++)
		free(p.seen[i].id);
	free(p.seen);
	free(buf);
	return p.errors;
}

int conf_parse_file(const char *path, const struct conf_ops *ops,
		    size_t nops, void *arg, struct conf_diag *d)
{
	FILE *f = fopen(path, "re");
	char *text = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc;

	if (!f) {
		char msg[256];

		snprintf(msg, sizeof(msg), "cannot open: %s", strerror(errno));
		conf_diag_add(d, path, 0, msg, NULL);
		return 1;
	}
	n = getdelim(&text, &cap, '\0', f);
	fclose(f);
	if (n < 0) {
		free(text);
		text = strdup("");
		if (!text)
			return 1;
	} else if ((size_t)n != strlen(text)) {
		conf_diag_add(d, path, 0, "the file contains a NUL byte", NULL);
		free(text);
		return 1;
	}
	rc = conf_parse_text(path, text, ops, nops, arg, d);
	free(text);
	return rc;
}
