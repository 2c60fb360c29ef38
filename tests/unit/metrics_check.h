/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A strict checker of the Prometheus text exposition format 0.0.4, for
 * test_metrics.c (promtool is not a build dependency). Stricter than
 * the parsers where segctl's output should be:
 *
 *  - every line ends with '\n'; no blank lines, no comments other than
 *    "# HELP" and "# TYPE";
 *  - metric names match [a-zA-Z_:][a-zA-Z0-9_:]*, label names
 *    [a-zA-Z_][a-zA-Z0-9_]* and do not start with "__";
 *  - each family has exactly one HELP then one TYPE line, both before
 *    its first sample; its samples are contiguous (a family never comes
 *    back) and the sample name is the family name;
 *  - label values are quoted with only \\, \" and \n escapes, valid
 *    UTF-8; no label twice in a sample; no series twice;
 *  - values are decimal numbers (or NaN, +Inf, -Inf); no timestamps
 *    (node_exporter's textfile collector refuses them);
 *  - conventions: a counter's name ends in _total and its value is not
 *    negative; a gauge's name does not end in _total.
 *
 * prom_check() returns 0, or -1 with "line N: why" in @err.
 */
#ifndef _METRICS_CHECK_H
#define _METRICS_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PC_FAMILIES_MAX	256
#define PC_SERIES_MAX	4096
#define PC_LINE_MAX	4096

struct pc_family {
	char name[128];
	char type[16];
	bool help, closed;
};

struct pc {
	struct pc_family fam[PC_FAMILIES_MAX];
	int n_fam;
	int cur;		/* family of the last line, -1 none */
	char *series[PC_SERIES_MAX];
	int n_series;
	int line;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int pc_fail(struct pc *c, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "line %d: %s", c->line, msg);
	return -1;
}

static bool pc_name_start(char ch, bool colon)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       ch == '_' || (colon && ch == ':');
}

static bool pc_name_char(char ch, bool colon)
{
	return pc_name_start(ch, colon) || (ch >= '0' && ch <= '9');
}

/* Length of the name at @s (0 if none). */
static size_t pc_name(const char *s, bool colon)
{
	size_t n = 0;

	if (!pc_name_start(s[0], colon))
		return 0;
	while (pc_name_char(s[n], colon))
		n++;
	return n;
}

static bool pc_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static int pc_find(struct pc *c, const char *name)
{
	int i;

	for (i = 0; i < c->n_fam; i++)
		if (!strcmp(c->fam[i].name, name))
			return i;
	return -1;
}

/* The family of a HELP/TYPE/sample line; opening it closes the last. */
static int pc_family(struct pc *c, const char *name, bool create)
{
	int i = pc_find(c, name);

	if (i >= 0 && i != c->cur && c->fam[i].closed)
		return pc_fail(c, "family %s comes back after another one",
			       name), -2;
	if (i < 0) {
		if (!create)
			return pc_fail(c, "sample of %s before its HELP and TYPE",
				       name), -2;
		if (c->n_fam == PC_FAMILIES_MAX)
			return pc_fail(c, "too many families"), -2;
		i = c->n_fam++;
		memset(&c->fam[i], 0, sizeof(c->fam[i]));
		snprintf(c->fam[i].name, sizeof(c->fam[i].name), "%s", name);
	}
	if (c->cur >= 0 && c->cur != i)
		c->fam[c->cur].closed = true;
	c->cur = i;
	return i;
}

/* Valid UTF-8 for the @n bytes at @s. */
static bool pc_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	unsigned int cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			len = 2;
			cp = s[i] & 0x1f;
		} else if ((s[i] & 0xf0) == 0xe0) {
			len = 3;
			cp = s[i] & 0x0f;
		} else if ((s[i] & 0xf8) == 0xf0) {
			len = 4;
			cp = s[i] & 0x07;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

static int pc_help_text(struct pc *c, const char *s)
{
	for (; *s; s++) {
		if (*s != '\\')
			continue;
		s++;
		if (*s != '\\' && *s != 'n')
			return pc_fail(c, "bad escape in HELP text");
	}
	return 0;
}

static int pc_comment(struct pc *c, const char *l)
{
	static const char * const types[] = {
		"counter", "gauge", "histogram", "summary", "untyped",
	};
	const char *rest;
	char name[128];
	bool help;
	size_t n, i;
	int f;

	if (!strncmp(l, "# HELP ", 7))
		help = true;
	else if (!strncmp(l, "# TYPE ", 7))
		help = false;
	else
		return pc_fail(c, "comment other than HELP/TYPE: %s", l);
	n = pc_name(l + 7, true);
	if (!n || n >= sizeof(name) || l[7 + n] != ' ')
		return pc_fail(c, "bad metric name in %.6s line", l + 2);
	memcpy(name, l + 7, n);
	name[n] = '\0';
	rest = l + 7 + n + 1;
	f = pc_family(c, name, true);
	if (f < 0)
		return -1;
	if (help) {
		if (c->fam[f].help)
			return pc_fail(c, "second HELP for %s", name);
		if (c->fam[f].type[0])
			return pc_fail(c, "HELP after TYPE for %s", name);
		if (!*rest)
			return pc_fail(c, "empty HELP for %s", name);
		c->fam[f].help = true;
		return pc_help_text(c, rest);
	}
	if (c->fam[f].type[0])
		return pc_fail(c, "second TYPE for %s", name);
	if (!c->fam[f].help)
		return pc_fail(c, "TYPE before HELP for %s", name);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(rest, types[i]))
			break;
	if (i == sizeof(types) / sizeof(types[0]))
		return pc_fail(c, "unknown type '%s'", rest);
	snprintf(c->fam[f].type, sizeof(c->fam[f].type), "%s", rest);
	if (!strcmp(rest, "counter") && !pc_ends_with(name, "_total"))
		return pc_fail(c, "counter %s does not end in _total", name);
	if (!strcmp(rest, "gauge") && pc_ends_with(name, "_total"))
		return pc_fail(c, "gauge %s ends in _total", name);
	return 0;
}

static int pc_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

/* Labels at @p (after '{'); canonical "k=v\x01..." into @key. */
static const char *pc_labels(struct pc *c, const char *p, char *key,
			     size_t keylen)
{
	char *lab[64], buf[PC_LINE_MAX];
	int n = 0, i, j;
	size_t at = 0, k, start;

	while (*p != '}') {
		k = pc_name(p, false);
		if (!k)
			return pc_fail(c, "bad label name"), NULL;
		if (k >= 2 && p[0] == '_' && p[1] == '_')
			return pc_fail(c, "reserved label name"), NULL;
		if (n == 64)
			return pc_fail(c, "too many labels"), NULL;
		lab[n++] = buf + at;
		if (at + k + 2 >= sizeof(buf))
			return pc_fail(c, "labels too long"), NULL;
		memcpy(buf + at, p, k);
		at += k;
		buf[at++] = '=';
		p += k;
		if (p[0] != '=' || p[1] != '"')
			return pc_fail(c, "'=\"' expected after a label name"),
			       NULL;
		p += 2;
		start = at;
		while (*p != '"') {
			if (!*p)
				return pc_fail(c, "unterminated label value"),
				       NULL;
			if (at + 3 >= sizeof(buf))
				return pc_fail(c, "labels too long"), NULL;
			if (*p == '\\') {
				/* kept escaped: the series key stays exact */
				if (p[1] != '\\' && p[1] != '"' && p[1] != 'n')
					return pc_fail(c, "bad escape in a label value"),
					       NULL;
				buf[at++] = *p++;
			}
			buf[at++] = *p++;
		}
		if (!pc_utf8((const unsigned char *)buf + start, at - start))
			return pc_fail(c, "label value not UTF-8"), NULL;
		buf[at++] = '\0';
		p++;
		if (*p == ',')
			p++;
		else if (*p != '}')
			return pc_fail(c, "',' or '}' expected"), NULL;
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (!strncmp(lab[i], lab[j], strcspn(lab[i], "=") + 1))
				return pc_fail(c, "label twice in a sample"),
				       NULL;
	qsort(lab, n, sizeof(lab[0]), pc_cmp_str);
	key[0] = '\0';
	for (i = 0; i < n; i++) {
		if (strlen(key) + strlen(lab[i]) + 2 >= keylen)
			return pc_fail(c, "labels too long"), NULL;
		strcat(key, lab[i]);
		strcat(key, "\x01");
	}
	return p + 1;
}

static int pc_value(struct pc *c, const char *v, const char *type)
{
	char *end;
	double d;

	if (!strcmp(v, "NaN") || !strcmp(v, "+Inf") || !strcmp(v, "-Inf"))
		return 0;
	if (!*v || strchr(v, ' '))
		return pc_fail(c, "bad value or a timestamp: '%s'", v);
	d = strtod(v, &end);
	if (*end || !((*v >= '0' && *v <= '9') || *v == '-' || *v == '+' ||
		      *v == '.'))
		return pc_fail(c, "bad value '%s'", v);
	if (!strcmp(type, "counter") && d < 0)
		return pc_fail(c, "negative counter value '%s'", v);
	return 0;
}

static int pc_sample(struct pc *c, const char *l)
{
	char name[128], key[PC_LINE_MAX], *s;
	const char *p;
	size_t n;
	int f, i;

	n = pc_name(l, true);
	if (!n || n >= sizeof(name))
		return pc_fail(c, "bad metric name");
	memcpy(name, l, n);
	name[n] = '\0';
	f = pc_family(c, name, false);
	if (f < 0)
		return -1;
	if (!c->fam[f].type[0])
		return pc_fail(c, "sample of %s before its TYPE", name);
	p = l + n;
	key[0] = '\0';
	if (*p == '{') {
		p = pc_labels(c, p + 1, key, sizeof(key));
		if (!p)
			return -1;
	}
	if (*p != ' ')
		return pc_fail(c, "' ' expected before the value");
	if (pc_value(c, p + 1, c->fam[f].type))
		return -1;
	s = malloc(strlen(name) + strlen(key) + 2);
	if (!s)
		return pc_fail(c, "out of memory");
	sprintf(s, "%s\x02%s", name, key);
	for (i = 0; i < c->n_series; i++)
		if (!strcmp(c->series[i], s)) {
			free(s);
			return pc_fail(c, "duplicate series %s{%s}", name, key);
		}
	if (c->n_series == PC_SERIES_MAX) {
		free(s);
		return pc_fail(c, "too many series");
	}
	c->series[c->n_series++] = s;
	return 0;
}

/* Checks @text; on failure "line N: why" in @err. @nseries: count out. */
static int prom_check(const char *text, char *err, size_t errlen,
		      int *nseries)
{
	static struct pc c;
	char l[PC_LINE_MAX];
	const char *p = text, *nl;
	int rc = 0, i;

	memset(&c, 0, sizeof(c));
	c.cur = -1;
	c.err = err;
	c.errlen = errlen;
	err[0] = '\0';
	while (*p && !rc) {
		c.line++;
		nl = strchr(p, '\n');
		if (!nl) {
			rc = pc_fail(&c, "no newline at the end");
			break;
		}
		if ((size_t)(nl - p) >= sizeof(l)) {
			rc = pc_fail(&c, "line too long");
			break;
		}
		memcpy(l, p, nl - p);
		l[nl - p] = '\0';
		p = nl + 1;
		if (!l[0])
			rc = pc_fail(&c, "blank line");
		else if (l[0] == '#')
			rc = pc_comment(&c, l);
		else
			rc = pc_sample(&c, l);
	}
	for (i = 0; !rc && i < c.n_fam; i++)
		if (!c.fam[i].type[0])
			rc = pc_fail(&c, "family %s has no TYPE",
				     c.fam[i].name);
	if (nseries)
		*nseries = c.n_series;
	for (i = 0; i < c.n_series; i++)
		free(c.series[i]);
	return rc;
}

#endif /* _METRICS_CHECK_H */
