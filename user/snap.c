// SPDX-License-Identifier: GPL-2.0
/*
 * The pure parts of a snapshot (snap.h): the module's sysfs tree, read
 * by name so that new counters show up without a segctl change, and
 * the daemon's "stats" answer parsed from text.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "snap.h"

struct snap *snap_new(void)
{
	struct snap *s = calloc(1, sizeof(*s));

	if (s)
		s->fail_closed = -1;
	return s;
}

void snap_free(struct snap *s)
{
	if (!s)
		return;
	jv_free(s->segctl);
	free(s);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Empties @s for a new reading (keeps the allocation). */
static void snap_reset(struct snap *s)
{
	jv_free(s->segctl);
	memset(s, 0, sizeof(*s));
	s->fail_closed = -1;
	s->mono_ms = now_ms();
}

static void note(struct snap *s, int *first, int err, const char *what)
{
	if (*first)
		return;
	*first = err;
	snprintf(s->module_err, sizeof(s->module_err), "cannot read %s/%s: %s",
		 sysfs_root(), what, strerror(-err));
}

static bool ends_with(const char *s, const char *suffix, size_t *stem)
{
	size_t n = strlen(s), m = strlen(suffix);

	if (n <= m || strcmp(s + n - m, suffix))
		return false;
	*stem = n - m;
	return true;
}

static struct snap_limit *limit_slot(struct snap *s, const char *scope,
				     const char *bucket, size_t len)
{
	struct snap_limit *l;
	int i;

	if (len >= sizeof(l->bucket))
		return NULL;
	for (i = 0; i < s->n_limits; i++) {
		l = &s->limits[i];
		if (!strcmp(l->scope, scope) && strlen(l->bucket) == len &&
		    !strncmp(l->bucket, bucket, len))
			return l;
	}
	if (s->n_limits == SNAP_LIMITS_MAX)
		return NULL;
	l = &s->limits[s->n_limits++];
	snprintf(l->scope, sizeof(l->scope), "%s", scope);
	memcpy(l->bucket, bucket, len);
	l->bucket[len] = '\0';
	return l;
}

/* Every <bucket>_pps and <bucket>_burst of directory @scope. */
static int read_limits(struct snap *s, const char *scope)
{
	char dir[512], rel[320];
	struct snap_limit *l;
	struct dirent *de;
	uint64_t v;
	size_t stem;
	bool pps;
	int err = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s", sysfs_root(), scope);
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		pps = ends_with(de->d_name, "_pps", &stem);
		if (!pps && !ends_with(de->d_name, "_burst", &stem))
			continue;
		snprintf(rel, sizeof(rel), "%s/%s", scope, de->d_name);
		if (sysfs_read_u64(rel, &v)) {
			err = -EINVAL;
			continue;
		}
		l = limit_slot(s, scope, de->d_name, stem);
		if (!l) {
			err = -E2BIG;
			continue;
		}
		if (pps) {
			l->has_pps = true;
			l->pps = v;
		} else {
			l->has_burst = true;
			l->burst = v;
		}
	}
	closedir(d);
	return err;
}

static int cmp_limit(const void *a, const void *b)
{
	const struct snap_limit *x = a, *y = b;
	int c = strcmp(x->scope, y->scope);

	return c ? c : strcmp(x->bucket, y->bucket);
}

/* An optional u64 file: absent is fine, garbage is an error. */
static int opt_u64(const char *rel, bool *has, uint64_t *v)
{
	int err = sysfs_read_u64(rel, v);

	*has = !err;
	return err == -ENOENT ? 0 : err;
}

int snap_read_module(struct snap *s)
{
	static const char * const scopes[] = { "limits", "aggregate", "sip" };
	char buf[64];
	bool has_after = false, has_secs = false;
	int first = 0, err, n;
	size_t i;

	snap_reset(s);
	err = sysfs_module_present();
	if (err) {
		snprintf(s->module_err, sizeof(s->module_err),
			 "imsseg.ko is not loaded (no %s)", sysfs_root());
		return err;
	}
	s->module = true;

	err = sysfs_read_str("version", s->version, sizeof(s->version));
	if (err) {
		s->version[0] = '\0';
		note(s, &first, err, "version");
	}
	err = sysfs_read_str("abi_version", s->abi, sizeof(s->abi));
	if (err) {
		s->abi[0] = '\0';
		note(s, &first, err, "abi_version");
	}

	n = sysfs_read_counters("stats", s->stats, SNAP_STATS_MAX);
	if (n < 0)
		note(s, &first, n, "stats");
	else
		s->n_stats = n;

	n = sysfs_read_counters("table", s->table, SNAP_TABLE_MAX);
	if (n >= 0)
		s->n_table = n;
	else if (n != -ENOENT)
		note(s, &first, n, "table");

	err = opt_u64("lists/max_entries", &s->has_list_max, &s->list_max);
	if (err)
		note(s, &first, err, "lists/max_entries");

	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		err = read_limits(s, scopes[i]);
		if (err)
			note(s, &first, err, scopes[i]);
	}
	qsort(s->limits, s->n_limits, sizeof(s->limits[0]), cmp_limit);

	err = opt_u64("ban/after_s", &has_after, &s->ban_after_s);
	if (!err)
		err = opt_u64("ban/seconds", &has_secs, &s->ban_seconds);
	if (err)
		note(s, &first, err, "ban");
	s->has_ban = has_after && has_secs && !err;

	err = opt_u64("punt/queues", &s->has_queues, &s->punt_queues);
	if (err)
		note(s, &first, err, "punt/queues");
	err = sysfs_read_str("punt/fail_mode", buf, sizeof(buf));
	if (!err && !strcmp(buf, "closed"))
		s->fail_closed = 1;
	else if (!err && !strcmp(buf, "open"))
		s->fail_closed = 0;
	else if (err != -ENOENT)
		note(s, &first, err ? err : -EINVAL, "punt/fail_mode");
	return first;
}

int snap_set_segctl(struct snap *s, const char *json, const char *err)
{
	char perr[128];
	struct jv *v;

	jv_free(s->segctl);
	s->segctl = NULL;
	if (!json) {
		snprintf(s->segctl_err, sizeof(s->segctl_err), "%s",
			 err && *err ? err : "segctl run did not answer");
		return -1;
	}
	v = jv_parse(json, perr, sizeof(perr));
	if (!v) {
		snprintf(s->segctl_err, sizeof(s->segctl_err),
			 "segctl run answered 'stats' with bad JSON: %s", perr);
		return -1;
	}
	if (v->type != JV_OBJ || jv_get(v, "error")) {
		const struct jv *e = jv_get(v, "error");

		snprintf(s->segctl_err, sizeof(s->segctl_err),
			 "segctl run answered 'stats' with %s%s",
			 e && e->type == JV_STR ? "an error: " : "no object",
			 e && e->type == JV_STR ? e->str : "");
		jv_free(v);
		return -1;
	}
	s->segctl = v;
	s->segctl_err[0] = '\0';
	return 0;
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct sysfs_counter *)elem)->name);
}

static uint64_t lookup(const struct sysfs_counter *c, int n, const char *name,
		       bool *found)
{
	const struct sysfs_counter *hit;

	hit = n > 0 ? bsearch(name, c, n, sizeof(*c), cmp_name) : NULL;
	if (found)
		*found = hit != NULL;
	return hit ? hit->value : 0;
}

uint64_t snap_stat(const struct snap *s, const char *name, bool *found)
{
	return lookup(s->stats, s->n_stats, name, found);
}

uint64_t snap_table(const struct snap *s, const char *name, bool *found)
{
	return lookup(s->table, s->n_table, name, found);
}
