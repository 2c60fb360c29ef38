/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A snapshot of everything imsseg counts, at one instant: the module's
 * sysfs counters, gauges and limits, the allow/block list sizes of this
 * network namespace (generic netlink) and the counters of segctl run
 * (the "stats" request of its control socket, ctl.h). "segctl metrics"
 * formats one snapshot (metrics.h); "segctl top" shows the difference
 * between two (top_view.h).
 *
 * snap.c fills the pure parts (sysfs through sysfs.h, the daemon's
 * answer as text); snap_live.c talks to netlink and the socket.
 */
#ifndef _SEGCTL_SNAP_H
#define _SEGCTL_SNAP_H

#include <stdbool.h>
#include <stdint.h>

#include "jsonval.h"
#include "sysfs.h"

#define SNAP_STATS_MAX	1024	/* stats/ files */
#define SNAP_TABLE_MAX	32	/* table/ files */
#define SNAP_LIMITS_MAX	48	/* <dir>/<bucket>_pps|_burst pairs */

/* One rate limiter: <scope>/<bucket>_pps and <scope>/<bucket>_burst. */
struct snap_limit {
	char scope[16];		/* sysfs directory: limits, aggregate, sip */
	char bucket[48];	/* file stem: udp, syn, v6_64, invite, ... */
	bool has_pps, has_burst;
	uint64_t pps, burst;
};

struct snap {
	uint64_t mono_ms;	/* CLOCK_MONOTONIC when taken */

	/* The module (sysfs). */
	bool module;		/* its sysfs directory exists */
	char module_err[256];	/* why not, or why a part is missing */
	char version[32];	/* "" when unreadable */
	char abi[16];		/* "" when unreadable */
	int n_stats;		/* stats/, sorted by name */
	struct sysfs_counter stats[SNAP_STATS_MAX];
	int n_table;		/* table/, sorted by name */
	struct sysfs_counter table[SNAP_TABLE_MAX];
	bool has_list_max;
	uint64_t list_max;	/* lists/max_entries */
	int n_limits;		/* sorted by scope, then bucket */
	struct snap_limit limits[SNAP_LIMITS_MAX];
	bool has_ban;
	uint64_t ban_after_s, ban_seconds;	/* ban/after_s, ban/seconds */
	int fail_closed;	/* punt/fail_mode: 1 closed, 0 open, -1 ? */
	bool has_queues;
	uint64_t punt_queues;	/* punt/queues */

	/* Allow/block lists of this network namespace (LIST_GET dump). */
	bool lists;		/* the dump worked */
	char lists_err[384];
	uint64_t list_entries[2][2];	/* [enum imsseg_list][origin] */

	/* segctl run: its "stats" object, NULL when it did not answer. */
	struct jv *segctl;
	char segctl_err[320];
};

struct snap *snap_new(void);
/* Frees the daemon's answer and the snapshot itself. */
void snap_free(struct snap *s);

/*
 * Reads the module's sysfs tree (sysfs_root()) into @s. A missing tree
 * leaves s->module false with s->module_err set; a tree with unreadable
 * parts fills what it can. Returns 0, or -errno of the first failure.
 */
int snap_read_module(struct snap *s);

/*
 * Takes the daemon's answer to "stats" (@json), or its absence (@json
 * NULL, @err says why). An answer that is not a JSON object counts as
 * absent, with the parse error in s->segctl_err. Returns 0 or -1.
 */
int snap_set_segctl(struct snap *s, const char *json, const char *err);

/* Counter @name of stats/; @found (may be NULL) says if it exists. */
uint64_t snap_stat(const struct snap *s, const char *name, bool *found);
/* Gauge @name of table/ (0 if absent). */
uint64_t snap_table(const struct snap *s, const char *name, bool *found);

/* What snap_take() collects besides sysfs. */
#define SNAP_LISTS	0x1	/* allow/block list sizes over netlink */
#define SNAP_SEGCTL	0x2	/* segctl run's counters */

/* snap_read_module() and, per @what, the lists and the daemon (live). */
void snap_take(struct snap *s, unsigned int what);

#endif /* _SEGCTL_SNAP_H */
