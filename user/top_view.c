// SPDX-License-Identifier: GPL-2.0
/*
 * The "segctl top" screen (top_view.h). Rows are built per section,
 * sorted where the order says something (drops, punts and reasons by
 * rate), then printed cut to the terminal's width and height. Kernel
 * counters are picked by name; one that no section claims is shown
 * under "Other kernel counters", so new counters are never hidden.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "top_view.h"

#define ROWS_MAX	256
#define LINE_MAX_COLS	512
#define LINES_MAX	512

struct row {
	char name[96];
	bool gauge;		/* a value now, no rate */
	bool has_rate;
	double rate;
	uint64_t total;
};

struct section {
	struct row rows[ROWS_MAX];
	int n;
};

struct view {
	FILE *f;
	const struct top_opts *o;
	const struct snap *prev, *cur;
	double dt;		/* seconds between the snapshots, 0: none */
	bool used[SNAP_STATS_MAX];	/* kernel counters shown */
	int lines;		/* lines of the frame, in line[] */
	char line[LINES_MAX][LINE_MAX_COLS + 1];
};

static void out(struct view *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Adds a line to the frame, cut to the width. */
static void out(struct view *v, const char *fmt, ...)
{
	int w = v->o->width > 0 && v->o->width < LINE_MAX_COLS ?
		v->o->width : LINE_MAX_COLS;
	va_list ap;

	if (v->lines == LINES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(v->line[v->lines], sizeof(v->line[0]), fmt, ap);
	va_end(ap);
	v->line[v->lines][w] = '\0';
	v->lines++;
}

static void put_line(struct view *v, const char *line)
{
	fputs(line, v->f);
	if (v->o->ansi)
		fputs("\033[K", v->f);
	fputc('\n', v->f);
}

static int name_width(const struct view *v)
{
	int w = v->o->width - 2 - 11 - 21;

	return w < 16 ? 16 : w > 44 ? 44 : w;
}

/* 12.3, 4.56k, 7.89M ...; "-" when unknown. */
static void fmt_rate(char *buf, size_t len, const struct row *r)
{
	static const char units[] = "kMGTPE";
	double x = r->rate;
	int u = -1;

	if (r->gauge) {
		buf[0] = '\0';
		return;
	}
	if (!r->has_rate) {
		snprintf(buf, len, "-");
		return;
	}
	while (x >= 999.95 && u < 5) {
		x /= 1000;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%.1f", x);
	else
		snprintf(buf, len, "%.2f%c", x, units[u]);
}

static void print_row(struct view *v, const struct row *r)
{
	char rate[16];

	fmt_rate(rate, sizeof(rate), r);
	out(v, "  %-*.*s %10s %20" PRIu64, name_width(v), name_width(v),
	    r->name, rate, r->total);
}

static bool row_zero(const struct row *r)
{
	return r->total == 0 && (!r->has_rate || r->rate == 0);
}

static int cmp_rate(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	double rx = x->has_rate ? x->rate : -1, ry = y->has_rate ? y->rate : -1;

	if (rx != ry)
		return rx > ry ? -1 : 1;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Prints @title and the rows worth showing ("none" when no row is). */
static void print_section(struct view *v, const char *title,
			  struct section *s, bool sort)
{
	int i, shown = 0;

	if (sort)
		qsort(s->rows, s->n, sizeof(s->rows[0]), cmp_rate);
	for (i = 0; i < s->n; i++)
		shown += v->o->all || !row_zero(&s->rows[i]);
	if (!shown) {
		out(v, "%s: none", title);
		return;
	}
	out(v, "%s", title);
	for (i = 0; i < s->n; i++)
		if (v->o->all || !row_zero(&s->rows[i]))
			print_row(v, &s->rows[i]);
}

static struct row *add(struct section *s, const char *name)
{
	struct row *r;

	if (s->n == ROWS_MAX)
		return NULL;
	r = &s->rows[s->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	return r;
}

/* A counter row from its value now and before (@had: it existed). */
static void counter(struct view *v, struct section *s, const char *name,
		    uint64_t now, uint64_t before, bool had)
{
	struct row *r = add(s, name);

	if (!r)
		return;
	r->total = now;
	if (v->dt > 0 && had && now >= before) {
		r->has_rate = true;
		r->rate = (double)(now - before) / v->dt;
	}
}

static void gauge(struct section *s, const char *name, uint64_t now)
{
	struct row *r = add(s, name);

	if (r) {
		r->gauge = true;
		r->total = now;
	}
}

/* Kernel counter @name (marked shown); absent ones get no row. */
static void kstat(struct view *v, struct section *s, const char *label,
		  const char *name)
{
	const struct sysfs_counter *c = v->cur->stats;
	bool had = false;
	uint64_t before = 0;
	int i;

	for (i = 0; i < v->cur->n_stats; i++)
		if (!strcmp(c[i].name, name))
			break;
	if (i == v->cur->n_stats)
		return;
	v->used[i] = true;
	if (v->prev)
		before = snap_stat(v->prev, name, &had);
	counter(v, s, label ? label : name, c[i].value, before, had);
}

/* Every kernel counter starting with @prefix (and not @unless). */
static void kstat_prefix(struct view *v, struct section *s,
			 const char *prefix, const char *unless)
{
	int i;

	for (i = 0; i < v->cur->n_stats; i++) {
		const char *n = v->cur->stats[i].name;

		if (strncmp(n, prefix, strlen(prefix)) ||
		    (unless && !strncmp(n, unless, strlen(unless))))
			continue;
		kstat(v, s, NULL, n);
	}
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Sum of the kernel counters of @s whose name ends with @suffix. */
static uint64_t ksum(const struct snap *s, const char *prefix,
		     const char *suffix, bool mark, struct view *v)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < s->n_stats; i++) {
		const char *n = s->stats[i].name;

		if (strncmp(n, prefix, strlen(prefix)) || !ends_with(n, suffix))
			continue;
		sum += s->stats[i].value;
		if (mark)
			v->used[i] = true;
	}
	return sum;
}

static void ksum_row(struct view *v, struct section *s, const char *label,
		     const char *prefix, const char *suffix)
{
	counter(v, s, label, ksum(v->cur, prefix, suffix, true, v),
		v->prev ? ksum(v->prev, prefix, suffix, false, v) : 0,
		v->prev && v->prev->module);
}

static void section_traffic(struct view *v)
{
	static struct section s;

	s.n = 0;
	ksum_row(v, &s, "packets", "ipv", "_packets");
	ksum_row(v, &s, "bytes", "ipv", "_bytes");
	ksum_row(v, &s, "IPv4 packets", "ipv4_", "_packets");
	ksum_row(v, &s, "IPv6 packets", "ipv6_", "_packets");
	print_section(v, "Traffic at PRE_ROUTING", &s, false);
}

static void section_kernel(struct view *v)
{
	static struct section s;
	char name[96];
	bool had;
	uint64_t n;

	s.n = 0;
	kstat(v, &s, NULL, "pass");
	kstat(v, &s, NULL, "pass_trusted");
	kstat(v, &s, NULL, "sip_accept");
	kstat(v, &s, NULL, "sip_keepalive");
	kstat(v, &s, NULL, "sip_tcp_unscanned");
	kstat(v, &s, NULL, "sip_trusted_unparsed");
	print_section(v, "Passed", &s, false);

	s.n = 0;
	kstat_prefix(v, &s, "drop_", NULL);
	kstat_prefix(v, &s, "sip_drop_", NULL);
	print_section(v, "Dropped in the kernel, by reason", &s, true);

	s.n = 0;
	kstat_prefix(v, &s, "punt_", NULL);
	print_section(v, "Punted to segctl run, by class", &s, true);

	s.n = 0;
	kstat(v, &s, "automatic bans", "bans");
	kstat(v, &s, "bans the blocklist refused", "bans_unlisted");
	if (v->cur->lists) {
		n = v->cur->list_entries[1][0] + v->cur->list_entries[1][1];
		snprintf(name, sizeof(name), "blocklist entries (auto %" PRIu64 ")",
			 v->cur->list_entries[1][1]);
		gauge(&s, name, n);
		gauge(&s, "allowlist entries",
		      v->cur->list_entries[0][0] + v->cur->list_entries[0][1]);
	}
	n = snap_table(v->cur, "entries", &had);
	if (had) {
		snprintf(name, sizeof(name), "per-source table (max %" PRIu64 ")",
			 snap_table(v->cur, "max_entries", NULL));
		gauge(&s, name, n);
	}
	kstat_prefix(v, &s, "table_", NULL);
	kstat(v, &s, NULL, "list_expired");
	print_section(v, "Bans and tables", &s, false);
	if (!v->cur->lists && v->o->all && *v->cur->lists_err)
		out(v, "  (lists: %s)", v->cur->lists_err);

	/* Whatever no section claimed: a counter newer than this view. */
	s.n = 0;
	for (n = 0; n < (uint64_t)v->cur->n_stats; n++)
		if (!v->used[n] && strncmp(v->cur->stats[n].name, "ipv", 3))
			kstat(v, &s, NULL, v->cur->stats[n].name);
	if (s.n)
		print_section(v, "Other kernel counters", &s, true);
}

/* Member @key of @o now and in the previous answer (path @parent). */
static void jcounter(struct view *v, struct section *s, const char *label,
		     const char *parent, const char *key)
{
	const struct jv *now = v->cur->segctl, *before = NULL;
	uint64_t a, b = 0;
	bool had;

	if (v->prev && v->prev->segctl)
		before = v->prev->segctl;
	if (parent) {
		now = jv_get(now, parent);
		before = jv_get(before, parent);
	}
	if (jv_u64(jv_get(now, key), &a))
		return;
	had = before && !jv_u64(jv_get(before, key), &b);
	counter(v, s, label ? label : key, a, b, had);
}

static void jgauge(struct view *v, struct section *s, const char *label,
		   const char *parent, const char *key)
{
	const struct jv *o = v->cur->segctl;
	uint64_t a;

	if (parent)
		o = jv_get(o, parent);
	if (!jv_u64(jv_get(o, key), &a))
		gauge(s, label ? label : key, a);
}

/* The previous answer's entry for queue @q, if any. */
static const struct jv *prev_queue(struct view *v, uint64_t q)
{
	const struct jv *e;
	uint64_t n;

	if (!v->prev || !v->prev->segctl)
		return NULL;
	e = jv_get(v->prev->segctl, "queues");
	for (e = e && e->type == JV_ARR ? e->child : NULL; e; e = e->next)
		if (!jv_u64(jv_get(e, "queue"), &n) && n == q)
			return e;
	return NULL;
}

static void queue_rows(struct view *v, struct section *s)
{
	const struct jv *e = jv_get(v->cur->segctl, "queues"), *p, *sec;
	uint64_t q, a, b;
	char name[96];
	bool had;

	for (e = e && e->type == JV_ARR ? e->child : NULL; e; e = e->next) {
		if (jv_u64(jv_get(e, "queue"), &q))
			continue;
		p = prev_queue(v, q);
		sec = jv_get(e, "secure");
		if (!jv_u64(jv_get(e, "packets"), &a)) {
			had = p && !jv_u64(jv_get(p, "packets"), &b);
			snprintf(name, sizeof(name), "queue %" PRIu64 "%s packets",
				 q, sec && sec->type == JV_BOOL && sec->b ?
				 " (secure)" : "");
			counter(v, s, name, a, had ? b : 0, had);
		}
		if (!jv_u64(jv_get(e, "enobufs"), &a)) {
			had = p && !jv_u64(jv_get(p, "enobufs"), &b);
			snprintf(name, sizeof(name), "queue %" PRIu64 " ENOBUFS",
				 q);
			counter(v, s, name, a, had ? b : 0, had);
		}
		if (!jv_u64(jv_get(e, "errors"), &a)) {
			had = p && !jv_u64(jv_get(p, "errors"), &b);
			snprintf(name, sizeof(name), "queue %" PRIu64 " errors",
				 q);
			counter(v, s, name, a, had ? b : 0, had);
		}
	}
}

static void section_segctl(struct view *v)
{
	static struct section s;
	const struct jv *o, *sip;

	if (!v->cur->segctl) {
		out(v, "segctl run: not answering (%s)", v->cur->segctl_err);
		return;
	}
	sip = jv_get(v->cur->segctl, "sip");
	o = jv_get(sip, "enabled");
	if (o && o->type == JV_BOOL && !o->b) {
		o = jv_get(sip, "note");
		out(v, "segctl run: SIP path off%s%s%s",
		    o && o->type == JV_STR ? " (" : "",
		    o && o->type == JV_STR ? o->str : "",
		    o && o->type == JV_STR ? ")" : "");
	}
	s.n = 0;
	jcounter(v, &s, "punted packets", NULL, "packets");
	o = jv_get(v->cur->segctl, "verdicts");
	for (o = o && o->type == JV_OBJ ? o->child : NULL; o; o = o->next) {
		char name[64];

		snprintf(name, sizeof(name), "verdict %s", o->key);
		jcounter(v, &s, name, "verdicts", o->key);
	}
	print_section(v, "segctl run verdicts", &s, false);

	s.n = 0;
	o = jv_get(v->cur->segctl, "reasons");
	for (o = o && o->type == JV_OBJ ? o->child : NULL; o; o = o->next)
		jcounter(v, &s, NULL, "reasons", o->key);
	print_section(v, "segctl run verdict reasons", &s, true);

	s.n = 0;
	jgauge(v, &s, "dialogs", "tables", "dialogs");
	jgauge(v, &s, "registrations", "tables", "registrations");
	jgauge(v, &s, "transactions", "tables", "transactions");
	jgauge(v, &s, "tunnels", NULL, "tunnels");
	jcounter(v, &s, "dialogs evicted (table full)", "tables",
		 "dialog_evicted");
	jcounter(v, &s, "registrations evicted", "tables", "reg_evicted");
	jcounter(v, &s, "transactions evicted", "tables", "txn_evicted");
	queue_rows(v, &s);
	jcounter(v, &s, "kernel bans requested", "kernel_ops", "ban");
	jcounter(v, &s, "kernel trusts requested", "kernel_ops", "trust");
	jcounter(v, &s, "kernel requests failed", "kernel_ops", "failed");
	jcounter(v, &s, "SIP replies sent", "replies", "sent");
	jcounter(v, &s, "SIP replies failed", "replies", "failed");
	print_section(v, "segctl run state", &s, false);

	s.n = 0;
	o = jv_get(v->cur->segctl, "errors");
	for (o = o && o->type == JV_OBJ ? o->child : NULL; o; o = o->next)
		jcounter(v, &s, NULL, "errors", o->key);
	print_section(v, "segctl run anomalies", &s, true);
}

static void fmt_uptime(char *buf, size_t len, uint64_t s)
{
	if (s >= 86400)
		snprintf(buf, len, "%" PRIu64 "d%02" PRIu64 "h", s / 86400,
			 s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(buf, len, "%" PRIu64 "h%02" PRIu64 "m", s / 3600,
			 s % 3600 / 60);
	else if (s >= 60)
		snprintf(buf, len, "%" PRIu64 "m%02" PRIu64 "s", s / 60,
			 s % 60);
	else
		snprintf(buf, len, "%" PRIu64 "s", s);
}

static void header(struct view *v)
{
	const struct snap *c = v->cur;
	char mod[300], run[64], up[32];

	if (c->module)
		snprintf(mod, sizeof(mod), "imsseg.ko %s (abi %s)",
			 *c->version ? c->version : "?",
			 *c->abi ? c->abi : "?");
	else
		snprintf(mod, sizeof(mod), "%s", c->module_err);
	if (c->segctl) {
		const struct jv *fm = jv_get(jv_get(c->segctl, "sip"),
					     "fail_mode");

		fmt_uptime(up, sizeof(up),
			   jv_get_u64(c->segctl, "uptime_s", 0));
		snprintf(run, sizeof(run), "segctl run up %s%s%s", up,
			 fm && fm->type == JV_STR ? ", fail " : "",
			 fm && fm->type == JV_STR ? fm->str : "");
	} else {
		snprintf(run, sizeof(run), "segctl run down");
	}
	out(v, "%s | %s | %s every %gs", mod, run,
	    v->o->clock ? v->o->clock : "", v->o->interval_s);
	out(v, "%-*s %10s %20s", name_width(v) + 2,
	    v->o->keys ? "(q: quit, a: all rows)" : "", "RATE/s", "TOTAL");
}

int top_render(FILE *f, const struct snap *prev, const struct snap *cur,
	       const struct top_opts *o)
{
	static struct view v;
	/* Keep the last row of a screen free: printing it would scroll. */
	int max = o->height > 1 ? o->height - 1 : 0, i, n;
	char note[64];

	memset(&v, 0, offsetof(struct view, line));
	v.f = f;
	v.o = o;
	v.cur = cur;
	v.prev = prev;
	if (prev && cur->mono_ms > prev->mono_ms)
		v.dt = (double)(cur->mono_ms - prev->mono_ms) / 1000;

	header(&v);
	if (cur->module) {
		section_traffic(&v);
		section_kernel(&v);
	}
	section_segctl(&v);

	n = v.lines;
	if (max && n > max)
		n = max - 1;
	for (i = 0; i < n; i++)
		put_line(&v, v.line[i]);
	if (n < v.lines) {
		snprintf(note, sizeof(note),
			 "... %d more rows: enlarge the window", v.lines - n);
		put_line(&v, note);
		n++;
	}
	if (o->ansi)
		fputs("\033[J", f);
	fflush(f);
	return n;
}
