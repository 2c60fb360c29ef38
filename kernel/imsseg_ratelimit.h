/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-source table: one entry per (network namespace, source key),
 * where a key is an IPv4 /32, or an IPv6 /128, /64, /56 or /48
 * (imsseg_prefix_src_keys()). An entry holds the token buckets of its key
 * and its escalation state.
 *
 * Global hash table with one cap (table/max_entries), keyed with
 * hsiphash and a random secret; lookups are lock-free under RCU, each
 * entry has its own spinlock around its buckets (after WireGuard's
 * ratelimiter). Idle entries are removed by a periodic GC and, when the
 * table is full, by the insert that needs room. See
 * Documentation/design.rst, "Per-source table".
 */
#ifndef _IMSSEG_RATELIMIT_H
#define _IMSSEG_RATELIMIT_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "imsseg_bucket.h"
#include "imsseg_escalate.h"
#include "imsseg_limits.h"
#include "imsseg_prefix.h"

struct net;

/*
 * Buckets of an entry. A source (/32, /128) uses all of them (the SIP
 * ones are charged by imsseg_sip.c for requests only); an IPv6 prefix
 * entry (/64, /56, /48) uses only IMSSEG_RL_B_PKT, with the prefix's own
 * limit. Each bucket is 16 bytes: the SIP ones add 64 bytes per entry.
 */
enum imsseg_rl_bucket {
	IMSSEG_RL_B_UDP,
	IMSSEG_RL_B_SYN,
	IMSSEG_RL_B_PKT,
	IMSSEG_RL_B_SIP_INVITE,
	IMSSEG_RL_B_SIP_REGISTER,
	IMSSEG_RL_B_SIP_OPTIONS,
	IMSSEG_RL_B_SIP_OTHER,
	IMSSEG_RL_B_MAX
};

struct imsseg_rl_entry {
	struct hlist_node node;		/* chain; under the chain lock */
	const struct net *net;		/* key, never dereferenced */
	struct imsseg_prefix key;	/* key */
	spinlock_t lock;		/* protects b and esc */
	struct imsseg_bucket b[IMSSEG_RL_B_MAX];
	struct imsseg_esc esc;
	atomic64_t idle;		/* busy until, see imsseg_rlidle.h */
	struct rcu_head rcu;
};

/*
 * The limiter of each bucket of an entry with this key (IMSSEG_LIM_MAX:
 * bucket unused). Sources map to udp/syn/pkt, prefixes to their own.
 */
void imsseg_rl_key_lims(const struct imsseg_prefix *key,
			unsigned int lim[IMSSEG_RL_B_MAX]);

/*
 * Hot path (RCU read side, BHs off): the entry of (net, key), created
 * full if missing. NULL when the table is full and no idle entry could
 * be evicted from the key's chain (counted as table_full), or when the
 * allocation failed: the caller then passes the packet (fail-open per
 * source; the aggregate buckets still apply). The entry stays valid
 * until rcu_read_unlock(); lock e->lock around its buckets.
 */
struct imsseg_rl_entry *imsseg_rl_get(const struct net *net,
				      const struct imsseg_prefix *key,
				      const struct imsseg_limits *lim,
				      u64 now_ns);

/* Remove every entry of a network namespace (its pernet exit). */
void imsseg_rl_flush_net(const struct net *net);

/* Creates the table, its GC and the sysfs group table/. */
int imsseg_rl_init(void);
/* After the hooks are gone: stops the GC and frees everything. */
void imsseg_rl_exit(void);

#endif /* _IMSSEG_RATELIMIT_H */
