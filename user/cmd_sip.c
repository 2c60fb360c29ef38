// SPDX-License-Identifier: GPL-2.0
/*
 * segctl dialogs [-j]
 * segctl registrations [-j]
 * segctl events [-f] [-n N] [-j]
 *
 * What segctl run's SIP brain knows, over its control socket (ctl.h):
 * the dialogs and registrations it tracks (a table, or with -j the
 * daemon's JSON array as it is) and its recent events (one line each:
 * time, event, then key=value; with -j the JSON lines). -f follows new
 * events until interrupted. The table's columns are the keys of the
 * objects, in the order they first appear (a nested object's members
 * as "caller.addr"), so that new fields show up without a change here;
 * a column is cut at 48 characters, except the last.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "jsonval.h"
#include "segctl.h"

#define COLS_MAX	24
#define COL_WIDTH_MAX	48

/* Compact text of a value: strings bare, containers as JSON-ish. */
static size_t value_text(const struct jv *v, char *buf, size_t len)
{
	const struct jv *c;
	size_t n = 0;

	if (!len)
		return 0;
	buf[0] = '\0';
	switch (v->type) {
	case JV_NULL:
		return (size_t)snprintf(buf, len, "-");
	case JV_BOOL:
		return (size_t)snprintf(buf, len, "%s", v->b ? "yes" : "no");
	case JV_NUM:
	case JV_STR:
		return (size_t)snprintf(buf, len, "%s", v->str);
	default:
		break;
	}
	n += (size_t)snprintf(buf, len, "%c", v->type == JV_ARR ? '[' : '{');
	for (c = v->child; c && n < len; c = c->next) {
		if (c != v->child)
			n += (size_t)snprintf(buf + n, len - n, ",");
		if (n < len && c->key)
			n += (size_t)snprintf(buf + n, len - n, "%s=", c->key);
		if (n < len)
			n += value_text(c, buf + n, len - n);
	}
	if (n < len)
		n += (size_t)snprintf(buf + n, len - n, "%c",
				      v->type == JV_ARR ? ']' : '}');
	return n;
}

/* Columns: the members of the rows, nested objects as "a.b" paths. */
struct cols {
	char key[COLS_MAX][64];
	size_t width[COLS_MAX];
	size_t n;
};

static void add_cols(struct cols *c, const struct jv *o, const char *prefix)
{
	const struct jv *m;
	char path[64];
	size_t i;

	for (m = o->child; m; m = m->next) {
		snprintf(path, sizeof(path) - 1, "%s%s", prefix, m->key);
		if (m->type == JV_OBJ && m->child) {
			strcat(path, ".");
			add_cols(c, m, path);
			continue;
		}
		for (i = 0; i < c->n && strcmp(c->key[i], path); i++)
			;
		if (i == c->n && c->n < COLS_MAX) {
			snprintf(c->key[c->n], sizeof(c->key[0]), "%s", path);
			c->width[c->n++] = strlen(path);
		}
	}
}

/* The member at "a.b" of @o; NULL if absent. */
static const struct jv *get_path(const struct jv *o, const char *path)
{
	char k[64], *dot;

	snprintf(k, sizeof(k), "%s", path);
	dot = strchr(k, '.');
	if (!dot)
		return jv_get(o, k);
	*dot = '\0';
	o = jv_get(o, k);
	return o && o->type == JV_OBJ ? get_path(o, dot + 1) : NULL;
}

static void print_table(const struct jv *arr, const char *what)
{
	const struct jv *o, *m;
	struct cols c = { .n = 0 };
	char buf[1024];
	size_t i, w;

	for (o = arr->child; o; o = o->next)
		if (o->type == JV_OBJ)
			add_cols(&c, o, "");
	if (!c.n) {
		printf("no %s\n", what);
		return;
	}
	for (o = arr->child; o; o = o->next)
		for (i = 0; i < c.n; i++) {
			m = get_path(o, c.key[i]);
			w = m ? value_text(m, buf, sizeof(buf)) : 1;
			if (w > c.width[i])
				c.width[i] = w > COL_WIDTH_MAX ? COL_WIDTH_MAX : w;
		}
	for (i = 0; i < c.n; i++) {
		const char *k;

		for (k = c.key[i]; *k; k++)
			putchar(*k >= 'a' && *k <= 'z' ? *k - 'a' + 'A' : *k);
		if (i + 1 < c.n)
			printf("%*s", (int)(c.width[i] - strlen(c.key[i]) + 1), "");
	}
	putchar('\n');
	for (o = arr->child; o; o = o->next) {
		for (i = 0; i < c.n; i++) {
			m = get_path(o, c.key[i]);
			if (m)
				value_text(m, buf, sizeof(buf));
			else
				strcpy(buf, "-");
			if (i + 1 < c.n)
				printf("%-*.*s ", (int)c.width[i],
				       (int)c.width[i], buf);
			else
				printf("%s", buf);
		}
		putchar('\n');
	}
}

/* The daemon's {"error":...} answer, if that is what @v is. */
static const char *daemon_error(const struct jv *v)
{
	const struct jv *e = jv_get(v, "error");

	return e && e->type == JV_STR ? e->str : NULL;
}

static int cmd_table(const char *req, const char *what,
		     const struct segctl_opts *o)
{
	char err[512], *ans;
	struct jv *v;
	const char *de;

	if (ctl_request(req, &ans, err, sizeof(err)))
		return segctl_err("%s: %s", req, err);
	v = jv_parse(ans, err, sizeof(err));
	if (!v) {
		free(ans);
		return segctl_err("%s: bad answer from segctl run: %s", req, err);
	}
	de = daemon_error(v);
	if (de) {
		segctl_err("%s: segctl run: %s", req, de);
		jv_free(v);
		free(ans);
		return 1;
	}
	if (v->type != JV_ARR) {
		jv_free(v);
		free(ans);
		return segctl_err("%s: bad answer from segctl run: not an array",
				  req);
	}
	if (o->json)
		fputs(ans, stdout);
	else
		print_table(v, what);
	jv_free(v);
	free(ans);
	return 0;
}

int cmd_dialogs(int argc, char **argv, const struct segctl_opts *o)
{
	if (argc > 1)
		return segctl_err("dialogs: unexpected argument '%s'; usage: segctl dialogs [-j]",
				  argv[1]);
	return cmd_table("dialogs", "dialogs", o);
}

int cmd_registrations(int argc, char **argv, const struct segctl_opts *o)
{
	if (argc > 1)
		return segctl_err("registrations: unexpected argument '%s'; usage: segctl registrations [-j]",
				  argv[1]);
	return cmd_table("registrations", "registrations", o);
}

/* "TS EVENT key=value ..." for one event line; the line as is if odd. */
static void print_event(const char *line, bool json)
{
	const struct jv *ts, *ev, *m;
	char err[128], buf[1024];
	struct jv *v;

	v = json ? NULL : jv_parse(line, err, sizeof(err));
	if (!v) {
		printf("%s\n", line);
		return;
	}
	ts = jv_get(v, "ts");
	ev = jv_get(v, "event");
	printf("%s %s", ts && ts->type == JV_STR ? ts->str : "-",
	       ev && ev->type == JV_STR ? ev->str : "-");
	for (m = v->type == JV_OBJ ? v->child : NULL; m; m = m->next) {
		if (m == ts || m == ev)
			continue;
		value_text(m, buf, sizeof(buf));
		if (!*buf || strpbrk(buf, " \t\"="))
			printf(" %s=\"%s\"", m->key, buf);
		else
			printf(" %s=%s", m->key, buf);
	}
	putchar('\n');
	jv_free(v);
}

static int follow_line(const char *l, void *arg)
{
	const bool *json = arg;
	struct jv *v;
	char err[64];

	v = jv_parse(l, err, sizeof(err));
	if (v && daemon_error(v)) {
		segctl_err("events: segctl run: %s", daemon_error(v));
		jv_free(v);
		return 1;
	}
	jv_free(v);
	print_event(l, *json);
	fflush(stdout);
	return 0;
}

static int parse_count(const char *s, unsigned long max, unsigned long *n)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*n = strtoul(s, &end, 10);
	return errno || *end || *n > max ? -1 : 0;
}

int cmd_events(int argc, char **argv, const struct segctl_opts *o)
{
	unsigned long n = 0;
	bool follow = false, have_n = false, json = o->json;
	char err[512], req[32], *ans, *l, *next;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f")) {
			follow = true;
		} else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			if (parse_count(argv[++i], CTL_EVENTS_MAX, &n))
				return segctl_err("events: bad count '%s': expected 0..%d (-f: 0..%d)",
						  argv[i], CTL_EVENTS_MAX,
						  CTL_FOLLOW_MAX);
			have_n = true;
		} else {
			return segctl_err("events: unexpected argument '%s'; usage: segctl events [-f] [-n N] [-j]",
					  argv[i]);
		}
	}
	if (follow) {
		if (have_n && n > CTL_FOLLOW_MAX)
			return segctl_err("events: -f shows at most %d past events, not %lu",
					  CTL_FOLLOW_MAX, n);
		signal(SIGPIPE, SIG_DFL);
		if (ctl_follow(have_n ? (unsigned int)n : CTL_FOLLOW_DEFAULT,
			       follow_line, &json, err, sizeof(err)))
			return segctl_err("events: %s", err);
		return 0;
	}
	if (have_n && !n)
		return 0;
	snprintf(req, sizeof(req), "events %lu",
		 have_n ? n : (unsigned long)CTL_EVENTS_DEFAULT);
	if (ctl_request(req, &ans, err, sizeof(err)))
		return segctl_err("events: %s", err);
	if (!strncmp(ans, "{\"error\"", 8)) {
		follow_line(strtok(ans, "\n"), &json);
		free(ans);
		return 1;
	}
	for (l = ans; *l; l = next) {
		next = strchr(l, '\n');
		if (next)
			*next++ = '\0';
		else
			next = l + strlen(l);
		print_event(l, json);
	}
	free(ans);
	return 0;
}
