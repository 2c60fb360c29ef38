// SPDX-License-Identifier: GPL-2.0
/*
 * Prometheus text exposition of a snapshot (metrics.h). The families
 * and their meaning are listed in Documentation/metrics.rst; keep the
 * two in step.
 *
 * Kernel counters are read by name: stats/<family>_<l4>_packets|bytes
 * become imsseg_packets_total / imsseg_bytes_total with family and
 * proto labels, every other stats/ file one series of
 * imsseg_events_total{event="<file>"}, so a new kernel counter is
 * exported without a change here. The daemon's members are read the
 * same way: a new reason or verdict is a new label value.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "metrics.h"

#define LABELS_MAX	512

struct prom {
	FILE *f;
	const char *name, *type, *help;
	bool header_done;
	char **seen;		/* label sets written in this family */
	size_t n_seen, cap_seen;
	bool nomem;
};

static void prom_clear_seen(struct prom *p)
{
	size_t i;

	for (i = 0; i < p->n_seen; i++)
		free(p->seen[i]);
	p->n_seen = 0;
}

/* Starts a family; its HELP and TYPE are written with its first sample. */
static void fam(struct prom *p, const char *name, const char *type,
		const char *help)
{
	prom_clear_seen(p);
	p->name = name;
	p->type = type;
	p->help = help;
	p->header_done = false;
}

/* HELP text escaping: backslash and newline. */
static void put_help(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

/* Appends value @v escaped for a label; false when @buf is full. */
static bool put_label_value(char *buf, size_t len, size_t *at, const char *v)
{
	const unsigned char *c;
	char esc[3];
	size_t n;

	for (c = (const unsigned char *)v; *c; c++) {
		esc[1] = '\0';
		esc[2] = '\0';
		if (*c == '\\' || *c == '"') {
			esc[0] = '\\';
			esc[1] = (char)*c;
		} else if (*c == '\n') {
			esc[0] = '\\';
			esc[1] = 'n';
		} else if (*c < 0x20 || *c >= 0x7f) {
			esc[0] = '_';
		} else {
			esc[0] = (char)*c;
		}
		n = strlen(esc);
		if (*at + n >= len)
			return false;
		memcpy(buf + *at, esc, n);
		*at += n;
	}
	buf[*at] = '\0';
	return true;
}

/* Formats name="value",... from a NULL-terminated list of pairs. */
static bool format_labels(char *buf, size_t len, va_list ap)
{
	const char *k, *v;
	size_t at = 0;
	int n;

	buf[0] = '\0';
	while ((k = va_arg(ap, const char *))) {
		v = va_arg(ap, const char *);
		n = snprintf(buf + at, len - at, "%s%s=\"", at ? "," : "", k);
		if (n < 0 || (size_t)n >= len - at)
			return false;
		at += (size_t)n;
		if (!put_label_value(buf, len, &at, v ? v : ""))
			return false;
		if (at + 1 >= len)
			return false;
		buf[at++] = '"';
		buf[at] = '\0';
	}
	return true;
}

static bool seen_before(struct prom *p, const char *labels)
{
	char **v;
	size_t i;

	for (i = 0; i < p->n_seen; i++)
		if (!strcmp(p->seen[i], labels))
			return true;
	if (p->n_seen == p->cap_seen) {
		size_t cap = p->cap_seen ? p->cap_seen * 2 : 32;

		v = realloc(p->seen, cap * sizeof(*v));
		if (!v) {
			p->nomem = true;
			return true;
		}
		p->seen = v;
		p->cap_seen = cap;
	}
	p->seen[p->n_seen] = strdup(labels);
	if (!p->seen[p->n_seen]) {
		p->nomem = true;
		return true;
	}
	p->n_seen++;
	return false;
}

/*
 * One sample of the current family: value, then label name/value pairs
 * ending with NULL. A repeated label set is dropped.
 */
static void sample(struct prom *p, uint64_t value, ...)
{
	char labels[LABELS_MAX];
	va_list ap;
	bool ok;

	va_start(ap, value);
	ok = format_labels(labels, sizeof(labels), ap);
	va_end(ap);
	if (!ok || seen_before(p, labels))
		return;
	if (!p->header_done) {
		fprintf(p->f, "# HELP %s ", p->name);
		put_help(p->f, p->help);
		fprintf(p->f, "\n# TYPE %s %s\n", p->name, p->type);
		p->header_done = true;
	}
	if (*labels)
		fprintf(p->f, "%s{%s} %" PRIu64 "\n", p->name, labels, value);
	else
		fprintf(p->f, "%s %" PRIu64 "\n", p->name, value);
}

/* "ipv4_udp_packets" -> family "ipv4", proto "udp", kind "packets". */
static bool traffic_name(const char *name, const char *kind, char *family,
			 char *proto, size_t len)
{
	size_t n = strlen(name), k = strlen(kind);
	const char *l4 = name + 5;

	if (strncmp(name, "ipv4_", 5) && strncmp(name, "ipv6_", 5))
		return false;
	if (n <= 5 + k + 1 || strcmp(name + n - k, kind) ||
	    name[n - k - 1] != '_' || n - 5 - k - 1 >= len)
		return false;
	memcpy(family, name, 4);
	family[4] = '\0';
	memcpy(proto, l4, n - 5 - k - 1);
	proto[n - 5 - k - 1] = '\0';
	return true;
}

static bool is_traffic(const char *name)
{
	char fa[8], pr[32];

	return traffic_name(name, "packets", fa, pr, sizeof(pr)) ||
	       traffic_name(name, "bytes", fa, pr, sizeof(pr));
}

static void write_traffic(struct prom *p, const struct snap *s,
			  const char *kind)
{
	char fa[8], pr[32];
	int i;

	for (i = 0; i < s->n_stats; i++)
		if (traffic_name(s->stats[i].name, kind, fa, pr, sizeof(pr)))
			sample(p, s->stats[i].value, "family", fa, "proto", pr,
			       NULL);
}

static const struct {
	const char *file, *metric, *help;
} table_gauges[] = {
	{ "entries", "imsseg_table_entries",
	  "Entries in the per-source rate-limit table now (all network namespaces; table/entries)" },
	{ "max_entries", "imsseg_table_max_entries",
	  "Cap of the per-source rate-limit table (table/max_entries)" },
	{ "buckets", "imsseg_table_buckets",
	  "Hash buckets of the per-source rate-limit table (table/buckets)" },
	{ "entry_bytes", "imsseg_table_entry_bytes",
	  "Bytes of one per-source table entry (table/entry_bytes)" },
	{ "memory_bytes", "imsseg_table_memory_bytes",
	  "Memory of the per-source table now (table/memory_bytes)" },
	{ "memory_max_bytes", "imsseg_table_memory_max_bytes",
	  "Memory of the per-source table at its cap (table/memory_max_bytes)" },
};

static bool simple_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return false;
	return true;
}

static void write_table(struct prom *p, const struct snap *s)
{
	char metric[96], help[160];
	bool found, known;
	uint64_t v;
	size_t k;
	int i;

	for (k = 0; k < sizeof(table_gauges) / sizeof(table_gauges[0]); k++) {
		v = snap_table(s, table_gauges[k].file, &found);
		if (!found)
			continue;
		fam(p, table_gauges[k].metric, "gauge", table_gauges[k].help);
		sample(p, v, NULL);
	}
	/* Files added to table/ later: exported under their own name. */
	for (i = 0; i < s->n_table; i++) {
		known = false;
		for (k = 0; k < sizeof(table_gauges) / sizeof(table_gauges[0]);
		     k++)
			known |= !strcmp(s->table[i].name, table_gauges[k].file);
		if (known || !simple_name(s->table[i].name))
			continue;
		snprintf(metric, sizeof(metric), "imsseg_table_%s",
			 s->table[i].name);
		snprintf(help, sizeof(help),
			 "Per-source table value table/%s of imsseg.ko",
			 s->table[i].name);
		fam(p, metric, "gauge", help);
		sample(p, s->table[i].value, NULL);
	}
}

static void write_lists(struct prom *p, const struct snap *s)
{
	static const char * const list[] = { "allow", "block" };
	static const char * const origin[] = { "admin", "auto" };
	int l, o;

	if (s->has_list_max) {
		fam(p, "imsseg_list_max_entries", "gauge",
		    "Most entries one allow or block list of one network namespace may hold (lists/max_entries)");
		sample(p, s->list_max, NULL);
	}
	if (!s->lists)
		return;
	fam(p, "imsseg_list_entries", "gauge",
	    "Allow/block list entries of this network namespace now, by list and origin (admin: segctl, auto: automatic bans)");
	for (l = 0; l < 2; l++)
		for (o = 0; o < 2; o++)
			sample(p, s->list_entries[l][o], "list", list[l],
			       "origin", origin[o], NULL);
}

static void write_config(struct prom *p, const struct snap *s)
{
	int i;

	fam(p, "imsseg_limit_packets_per_second", "gauge",
	    "Configured rate of a token bucket (<scope>/<bucket>_pps; 0: limiter off)");
	for (i = 0; i < s->n_limits; i++)
		if (s->limits[i].has_pps)
			sample(p, s->limits[i].pps, "scope", s->limits[i].scope,
			       "bucket", s->limits[i].bucket, NULL);
	fam(p, "imsseg_limit_burst_packets", "gauge",
	    "Configured burst of a token bucket (<scope>/<bucket>_burst)");
	for (i = 0; i < s->n_limits; i++)
		if (s->limits[i].has_burst)
			sample(p, s->limits[i].burst, "scope",
			       s->limits[i].scope, "bucket",
			       s->limits[i].bucket, NULL);
	if (s->has_ban) {
		fam(p, "imsseg_ban_after_seconds", "gauge",
		    "Seconds of continuous per-source drops before an automatic ban (ban/after_s; 0: off)");
		sample(p, s->ban_after_s, NULL);
		fam(p, "imsseg_ban_duration_seconds", "gauge",
		    "Length of an automatic ban (ban/seconds; 0: off)");
		sample(p, s->ban_seconds, NULL);
	}
	if (s->fail_closed >= 0) {
		fam(p, "imsseg_punt_fail_closed", "gauge",
		    "1 when punted SIP is dropped without a queue listener (punt/fail_mode closed), 0 when it passes (open)");
		sample(p, (uint64_t)s->fail_closed, NULL);
	}
	if (s->has_queues) {
		fam(p, "imsseg_punt_queues", "gauge",
		    "Number of NFQUEUE queues SIP is punted to (punt/queues)");
		sample(p, s->punt_queues, NULL);
	}
}

static void write_module(struct prom *p, const struct snap *s)
{
	int i;

	fam(p, "imsseg_module_loaded", "gauge",
	    "1 when imsseg.ko is loaded (its sysfs directory exists), else 0");
	sample(p, s->module ? 1 : 0, NULL);
	if (!s->module)
		return;
	if (*s->version || *s->abi) {
		fam(p, "imsseg_module_info", "gauge",
		    "Release version and ABI version of the loaded imsseg.ko; always 1");
		sample(p, 1, "version", s->version, "abi", s->abi, NULL);
	}
	fam(p, "imsseg_packets_total", "counter",
	    "Packets seen by imsseg.ko at PRE_ROUTING, all network namespaces, by address family and transport");
	write_traffic(p, s, "packets");
	fam(p, "imsseg_bytes_total", "counter",
	    "Bytes (IP header included) seen by imsseg.ko at PRE_ROUTING, by address family and transport");
	write_traffic(p, s, "bytes");
	fam(p, "imsseg_events_total", "counter",
	    "imsseg.ko events by name (the files of /sys/kernel/imsseg/stats): pass*, drop_*, sip_*, punt_*, table_*, bans, list_expired");
	for (i = 0; i < s->n_stats; i++)
		if (!is_traffic(s->stats[i].name))
			sample(p, s->stats[i].value, "event",
			       s->stats[i].name, NULL);
	write_table(p, s);
	write_lists(p, s);
	write_config(p, s);
}

/*
 * Every numeric member of object @o as one series labelled @label,
 * but those named in @skip (NULL-terminated; may be NULL).
 */
static void members(struct prom *p, const struct jv *o, const char *label,
		    const char * const *skip)
{
	const struct jv *m;
	const char * const *k;
	uint64_t v;

	if (!o || o->type != JV_OBJ)
		return;
	for (m = o->child; m; m = m->next) {
		for (k = skip; k && *k && strcmp(*k, m->key); k++)
			;
		if ((!k || !*k) && !jv_u64(m, &v))
			sample(p, v, label, m->key, NULL);
	}
}

static void one(struct prom *p, const struct jv *v, const char *name,
		const char *type, const char *help)
{
	uint64_t n;

	if (jv_u64(v, &n))
		return;
	fam(p, name, type, help);
	sample(p, n, NULL);
}

/*
 * tables members: "<table>" now, "<t>_evicted", "<t>_expired" and (if
 * the daemon reports it) "<t>_max". Short stems are the table's name.
 */
static bool table_member(const char *key, const char *suffix, char *table,
			 size_t len)
{
	static const struct {
		const char *stem, *name;
	} names[] = {
		{ "txn", "transactions" },
		{ "dialog", "dialogs" },
		{ "reg", "registrations" },
	};
	size_t n = strlen(key), k = suffix ? strlen(suffix) : 0, i;

	if (!suffix) {
		if (strchr(key, '_'))
			return false;
		snprintf(table, len, "%s", key);
		return true;
	}
	if (n <= k || strcmp(key + n - k, suffix) || n - k >= len)
		return false;
	memcpy(table, key, n - k);
	table[n - k] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(table, names[i].stem))
			snprintf(table, len, "%s", names[i].name);
	return true;
}

static void write_tables(struct prom *p, const struct jv *t)
{
	static const struct {
		const char *suffix, *name, *type, *help;
	} kinds[] = {
		{ NULL, "imsseg_segctl_table_entries", "gauge",
		  "Entries in a table of segctl run now (transactions, dialogs, registrations)" },
		{ "_max", "imsseg_segctl_table_max_entries", "gauge",
		  "Cap of a table of segctl run" },
		{ "_evicted", "imsseg_segctl_table_evictions_total", "counter",
		  "Entries of a table of segctl run evicted because it was full" },
		{ "_expired", "imsseg_segctl_table_expired_total", "counter",
		  "Entries of a table of segctl run removed by their timers" },
	};
	const struct jv *m;
	char table[64];
	uint64_t v;
	size_t k;

	if (!t || t->type != JV_OBJ)
		return;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		fam(p, kinds[k].name, kinds[k].type, kinds[k].help);
		for (m = t->child; m; m = m->next)
			if (!jv_u64(m, &v) &&
			    table_member(m->key, kinds[k].suffix, table,
					 sizeof(table)))
				sample(p, v, "table", table, NULL);
	}
}

static void write_queues(struct prom *p, const struct jv *q)
{
	static const struct {
		const char *key, *name, *help;
	} kinds[] = {
		{ "packets", "imsseg_segctl_queue_packets_total",
		  "Packets segctl run received from an NFQUEUE queue" },
		{ "enobufs", "imsseg_segctl_queue_enobufs_total",
		  "ENOBUFS on an NFQUEUE socket of segctl run: packets the kernel could not deliver to it" },
		{ "errors", "imsseg_segctl_queue_errors_total",
		  "Other errors on an NFQUEUE socket of segctl run (receive, parse, verdict)" },
	};
	const struct jv *e, *sec;
	char num[24];
	uint64_t qn, v;
	size_t k;

	if (!q || q->type != JV_ARR)
		return;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		fam(p, kinds[k].name, "counter", kinds[k].help);
		for (e = q->child; e; e = e->next) {
			if (jv_u64(jv_get(e, "queue"), &qn) ||
			    jv_u64(jv_get(e, kinds[k].key), &v))
				continue;
			sec = jv_get(e, "secure");
			snprintf(num, sizeof(num), "%" PRIu64, qn);
			sample(p, v, "queue", num, "secure",
			       sec && sec->type == JV_BOOL && sec->b ?
			       "true" : "false", NULL);
		}
	}
}

static const char * const kops_not_ops[] = { "failed", "skipped", NULL };

/* "sip": {"enabled":BOOL, "fail_mode":"open"|"closed" | "note":TEXT} */
static void write_sip(struct prom *p, const struct jv *sip)
{
	const struct jv *en = jv_get(sip, "enabled"), *fm;

	if (!en || en->type != JV_BOOL)
		return;
	fam(p, "imsseg_segctl_sip_enabled", "gauge",
	    "1 when the SIP path of segctl run (NFQUEUE) is running, else 0");
	sample(p, en->b ? 1 : 0, NULL);
	fm = jv_get(sip, "fail_mode");
	if (!en->b || !fm || fm->type != JV_STR ||
	    (strcmp(fm->str, "open") && strcmp(fm->str, "closed")))
		return;
	fam(p, "imsseg_segctl_sip_fail_closed", "gauge",
	    "1 when segctl run drops punted SIP it cannot parse (fail mode closed), 0 when it accepts it (open)");
	sample(p, strcmp(fm->str, "closed") ? 0 : 1, NULL);
}

static void write_segctl(struct prom *p, const struct snap *s)
{
	const struct jv *j = s->segctl, *o;

	fam(p, "imsseg_segctl_up", "gauge",
	    "1 when segctl run answered the stats request on its control socket, else 0");
	sample(p, j ? 1 : 0, NULL);
	if (!j)
		return;
	one(p, jv_get(j, "uptime_s"), "imsseg_segctl_uptime_seconds", "gauge",
	    "Seconds since segctl run started");
	one(p, jv_get(j, "packets"), "imsseg_segctl_packets_total", "counter",
	    "Punted packets segctl run decided on");
	fam(p, "imsseg_segctl_verdicts_total", "counter",
	    "Verdicts of segctl run on punted packets (accept, modified, drop, reply)");
	members(p, jv_get(j, "verdicts"), "verdict", NULL);
	fam(p, "imsseg_segctl_reasons_total", "counter",
	    "Reasons of the verdicts of segctl run (Documentation/admin-guide.rst, SIP attacks)");
	members(p, jv_get(j, "reasons"), "reason", NULL);
	write_tables(p, jv_get(j, "tables"));
	write_queues(p, jv_get(j, "queues"));
	o = jv_get(j, "kernel_ops");
	fam(p, "imsseg_segctl_kernel_ops_total", "counter",
	    "Requests of segctl run to imsseg.ko done, by operation (ban, trust, untrust)");
	members(p, o, "op", kops_not_ops);
	one(p, jv_get(o, "failed"), "imsseg_segctl_kernel_ops_failed_total",
	    "counter",
	    "Requests of segctl run to imsseg.ko that failed (or were dropped: queue full)");
	one(p, jv_get(o, "skipped"), "imsseg_segctl_kernel_ops_skipped_total",
	    "counter",
	    "Untrust requests of segctl run skipped: the allowlist entry was not made by segctl");
	o = jv_get(j, "replies");
	one(p, jv_get(o, "sent"), "imsseg_segctl_replies_total", "counter",
	    "SIP responses segctl run sent in place of a dropped request (494, 403, ...)");
	one(p, jv_get(o, "failed"), "imsseg_segctl_replies_failed_total",
	    "counter", "SIP responses segctl run failed to send");
	one(p, jv_get(j, "tunnels"), "imsseg_segctl_tunnels", "gauge",
	    "IPsec tunnels segctl run manages now");
	write_sip(p, jv_get(j, "sip"));
	fam(p, "imsseg_segctl_errors_total", "counter",
	    "Anomalies counted by segctl run, by kind (its stats \"errors\": unparsed, not_modified, tcp_reply_dropped, trusted_overrides, role_refreshes, role_failures)");
	members(p, jv_get(j, "errors"), "error", NULL);
}

int metrics_write(FILE *f, const struct snap *s)
{
	struct prom p = { .f = f };

	write_module(&p, s);
	write_segctl(&p, s);
	prom_clear_seen(&p);
	free(p.seen);
	if (fflush(f) || ferror(f) || p.nomem)
		return -EIO;
	return 0;
}

int metrics_write_file(const char *path, const struct snap *s, char *err,
		       size_t errlen)
{
	const char *base = strrchr(path, '/');
	char tmp[4096];
	int fd, rc = 0;
	FILE *f;

	if (base)
		snprintf(tmp, sizeof(tmp), "%.*s/.%s.XXXXXX",
			 (int)(base - path), path, base + 1);
	else
		snprintf(tmp, sizeof(tmp), ".%s.XXXXXX", path);
	if (!*path || (base && !base[1]) || strlen(path) + 9 >= sizeof(tmp)) {
		snprintf(err, errlen, "%s: not a file name", path);
		return -EINVAL;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		snprintf(err, errlen, "cannot create a temporary file beside %s: %s",
			 path, strerror(errno));
		return rc;
	}
	f = fdopen(fd, "w");
	if (!f) {
		rc = -errno;
		close(fd);
		goto fail;
	}
	if (metrics_write(f, s))
		rc = -EIO;
	else if (fsync(fd) || fchmod(fd, 0644))
		rc = -errno;
	if (fclose(f) && !rc)
		rc = -errno;
	if (rc)
		goto fail;
	if (rename(tmp, path)) {
		rc = -errno;
		goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, "cannot write %s: %s", path, strerror(-rc));
	unlink(tmp);
	return rc;
}
