// SPDX-License-Identifier: GPL-2.0
/*
 * The per-source table (see imsseg_ratelimit.h).
 *
 * Layout: imsseg_rl.buckets hlist heads (a power of two) and a smaller
 * power-of-two array of chain locks; chain i is guarded by lock
 * i & (nlocks - 1), so one chain always has one lock. Readers walk a
 * chain under RCU without locks; inserts and removals take the chain
 * lock; an entry's buckets and escalation state are changed under the
 * entry's own spinlock. Lock order: chain lock, then entry lock. The
 * hot path never holds an entry lock when it takes a chain lock.
 *
 * Bounds: at most table/max_entries entries (a slot is reserved with a
 * cmpxchg loop before an insert, so concurrent inserts cannot overshoot)
 * and max_entries <= IMSSEG_RL_LOAD_MAX * buckets, so a chain holds
 * IMSSEG_RL_LOAD_MAX entries on average at the cap; hsiphash with a
 * random secret keeps an attacker from aiming at one chain.
 *
 * Removal: an entry is idle when all its buckets are full and its
 * escalation state is idle (no active ban, no running streak); it then
 * carries no information (a new entry starts full) and may go. A busy
 * entry keeps a time before which it cannot be idle, so that a busy
 * one costs the GC and a full-table insert one load, no lock. The GC
 * removes idle entries (table_expired); an insert into a full table
 * evicts an idle entry of its own chain (table_evictions) or, if there
 * is none, gives up (table_full). Removed entries are freed after an
 * RCU grace period.
 */

#include <linux/atomic.h>
#include <linux/kobject.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>

#include "imsseg_ratelimit.h"
#include "imsseg_rlidle.h"
#include "imsseg_stats.h"
#include "imsseg_sysfs.h"

#define IMSSEG_RL_BUCKETS_MIN	1024U
#define IMSSEG_RL_BUCKETS_MAX	(1024U * 1024U)
#define IMSSEG_RL_LOCKS_MAX	1024U
/* max_entries: default and maximum entries per chain on average */
#define IMSSEG_RL_LOAD_DEFAULT	4U
#define IMSSEG_RL_LOAD_MAX	16U
/* GC: chains scanned per run; a full sweep starts every second */
#define IMSSEG_RL_GC_CHAINS	4096U

static unsigned int table_buckets;
module_param(table_buckets, uint, 0444);
MODULE_PARM_DESC(table_buckets,
		 "per-source hash table buckets, a power of two in 1024..1048576 (0: from RAM size)");

static struct {
	struct hlist_head *chains;
	spinlock_t *locks;	/* chain locks, see above */
	unsigned int buckets;	/* power of two */
	unsigned int nlocks;	/* power of two, <= buckets */
	unsigned int max_entries;	/* READ_ONCE: table/max_entries */
	atomic_t entries;	/* linked entries */
	unsigned int gc_next;	/* next chain for the GC */
	hsiphash_key_t secret;
	struct kmem_cache *cache;
	struct delayed_work gc;
} imsseg_rl;

/* The hash input: the netns pointer and the prefix, 28 bytes. */
struct imsseg_rl_hin {
	u64 net;
	u32 key[IMSSEG_PREFIX_HKEY_WORDS];
} __aligned(HSIPHASH_ALIGNMENT);

static u32 imsseg_rl_hash(const struct net *net,
			  const struct imsseg_prefix *key)
{
	struct imsseg_rl_hin in;

	in.net = (unsigned long)net;
	imsseg_prefix_hkey(key, in.key);
	return hsiphash(&in, offsetofend(struct imsseg_rl_hin, key),
			&imsseg_rl.secret);
}

static spinlock_t *imsseg_rl_lock(unsigned int idx)
{
	return &imsseg_rl.locks[idx & (imsseg_rl.nlocks - 1)];
}

void imsseg_rl_key_lims(const struct imsseg_prefix *key,
			unsigned int lim[IMSSEG_RL_B_MAX])
{
	unsigned int i;

	for (i = 0; i < IMSSEG_RL_B_MAX; i++)
		lim[i] = IMSSEG_LIM_MAX;
	if (key->family == IMSSEG_FAMILY_V4 || key->plen == 128) {
		lim[IMSSEG_RL_B_UDP] = IMSSEG_LIM_UDP;
		lim[IMSSEG_RL_B_SYN] = IMSSEG_LIM_SYN;
		lim[IMSSEG_RL_B_PKT] = IMSSEG_LIM_PKT;
		for (i = 0; i < 4; i++)
			lim[IMSSEG_RL_B_SIP_INVITE + i] =
				IMSSEG_LIM_SIP_INVITE + i;
	} else if (key->plen == 64) {
		lim[IMSSEG_RL_B_PKT] = IMSSEG_LIM_V6_64;
	} else if (key->plen == 56) {
		lim[IMSSEG_RL_B_PKT] = IMSSEG_LIM_V6_56;
	} else if (key->plen == 48) {
		lim[IMSSEG_RL_B_PKT] = IMSSEG_LIM_V6_48;
	}
}

static void imsseg_rl_free_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(imsseg_rl.cache,
			container_of(rcu, struct imsseg_rl_entry, rcu));
}

/* Unlink and free after a grace period; chain lock held, BHs off. */
static void imsseg_rl_remove(struct imsseg_rl_entry *e, enum imsseg_event ev)
{
	hlist_del_rcu(&e->node);
	atomic_dec(&imsseg_rl.entries);
	call_rcu(&e->rcu, imsseg_rl_free_rcu);
	imsseg_stats_event(ev);
}

/*
 * Does the entry carry no information at now_ns? With bans disabled
 * (ban/seconds or ban/after_s 0) bans are lifted. Before the time kept
 * by the last test that found it busy the answer is "no" from one
 * lock-free load (imsseg_rlidle.h); otherwise the exact test runs under
 * the entry lock and, if busy, keeps the next such time.
 */
static bool imsseg_rl_idle(struct imsseg_rl_entry *e,
			   const struct imsseg_limits *l, u64 now_ns)
{
	const struct imsseg_bucket_cfg *cfg[IMSSEG_RL_B_MAX];
	unsigned int lim[IMSSEG_RL_B_MAX], i;
	u64 from;
	bool idle;

	if (imsseg_rl_idle_busy(atomic64_read(&e->idle), l->gen, now_ns))
		return false;
	imsseg_rl_key_lims(&e->key, lim);
	for (i = 0; i < IMSSEG_RL_B_MAX; i++)
		cfg[i] = lim[i] < IMSSEG_LIM_MAX ? &l->cfg[lim[i]] : NULL;
	spin_lock(&e->lock);
	if (!l->ban_ns)
		imsseg_esc_reset(&e->esc);
	idle = imsseg_rl_idle_now(e->b, cfg, IMSSEG_RL_B_MAX, &e->esc, now_ns);
	if (!idle) {
		from = imsseg_rl_idle_from(e->b, cfg, IMSSEG_RL_B_MAX,
					   &e->esc, now_ns);
		atomic64_set(&e->idle, imsseg_rl_idle_pack(from, l->gen));
	}
	spin_unlock(&e->lock);
	return idle;
}

/* Take one slot below max_entries; false when the table is full. */
static bool imsseg_rl_reserve(void)
{
	unsigned int max = READ_ONCE(imsseg_rl.max_entries);
	int n = atomic_read(&imsseg_rl.entries);

	do {
		if (n >= (int)max)
			return false;
	} while (!atomic_try_cmpxchg(&imsseg_rl.entries, &n, n + 1));
	return true;
}

static struct imsseg_rl_entry *imsseg_rl_insert(const struct net *net,
						const struct imsseg_prefix *key,
						const struct imsseg_limits *l,
						u64 now_ns, unsigned int idx)
{
	struct hlist_head *chain = &imsseg_rl.chains[idx];
	spinlock_t *lock = imsseg_rl_lock(idx);
	unsigned int lim[IMSSEG_RL_B_MAX], i;
	struct imsseg_rl_entry *e, *victim = NULL;
	bool reserved = imsseg_rl_reserve();

	spin_lock(lock);
	/* Another CPU may have inserted it since our lockless lookup. */
	hlist_for_each_entry(e, chain, node) {
		if (e->net == net && imsseg_prefix_equal(&e->key, key))
			goto out_found;
		if (!reserved && !victim && imsseg_rl_idle(e, l, now_ns))
			victim = e;
	}
	if (!reserved) {
		if (!victim) {
			spin_unlock(lock);
			imsseg_stats_event(IMSSEG_EV_TABLE_FULL);
			return NULL;
		}
		/* The new entry takes the victim's slot. */
		imsseg_rl_remove(victim, IMSSEG_EV_TABLE_EVICTIONS);
		atomic_inc(&imsseg_rl.entries);
	}
	e = kmem_cache_alloc(imsseg_rl.cache, GFP_ATOMIC);
	if (!e) {
		atomic_dec(&imsseg_rl.entries);
		spin_unlock(lock);
		return NULL;
	}
	e->net = net;
	e->key = *key;
	spin_lock_init(&e->lock);
	imsseg_rl_key_lims(key, lim);
	for (i = 0; i < IMSSEG_RL_B_MAX; i++)
		imsseg_bucket_init(&e->b[i], lim[i] < IMSSEG_LIM_MAX ?
				   &l->cfg[lim[i]] : &l->cfg[0], now_ns);
	imsseg_esc_reset(&e->esc);
	atomic64_set(&e->idle, 0);
	hlist_add_head_rcu(&e->node, chain);
	spin_unlock(lock);
	imsseg_stats_event(IMSSEG_EV_TABLE_INSERTS);
	return e;

out_found:
	if (reserved)
		atomic_dec(&imsseg_rl.entries);
	spin_unlock(lock);
	return e;
}

struct imsseg_rl_entry *imsseg_rl_get(const struct net *net,
				      const struct imsseg_prefix *key,
				      const struct imsseg_limits *l,
				      u64 now_ns)
{
	unsigned int idx = imsseg_rl_hash(net, key) & (imsseg_rl.buckets - 1);
	struct imsseg_rl_entry *e;

	hlist_for_each_entry_rcu(e, &imsseg_rl.chains[idx], node)
		if (e->net == net && imsseg_prefix_equal(&e->key, key))
			return e;
	return imsseg_rl_insert(net, key, l, now_ns, idx);
}

/*
 * Remove the entries of chain idx that belong to net (all if net is
 * NULL) or, with only_idle, the idle ones. Process context.
 */
static void imsseg_rl_sweep(unsigned int idx, const struct net *net,
			    bool only_idle, u64 now_ns)
{
	spinlock_t *lock = imsseg_rl_lock(idx);
	const struct imsseg_limits *l;
	struct imsseg_rl_entry *e;
	struct hlist_node *tmp;

	spin_lock_bh(lock);
	rcu_read_lock();
	l = imsseg_limits_get();
	hlist_for_each_entry_safe(e, tmp, &imsseg_rl.chains[idx], node) {
		if (net && e->net != net)
			continue;
		if (only_idle && !imsseg_rl_idle(e, l, now_ns))
			continue;
		imsseg_rl_remove(e, IMSSEG_EV_TABLE_EXPIRED);
	}
	rcu_read_unlock();
	spin_unlock_bh(lock);
}

static void imsseg_rl_gc(struct work_struct *work)
{
	unsigned int idx = imsseg_rl.gc_next, n;
	u64 now_ns = ktime_get_ns();

	for (n = 0; n < IMSSEG_RL_GC_CHAINS && idx < imsseg_rl.buckets;
	     n++, idx++) {
		imsseg_rl_sweep(idx, NULL, true, now_ns);
		cond_resched();
	}
	if (idx >= imsseg_rl.buckets) {
		imsseg_rl.gc_next = 0;
		queue_delayed_work(system_power_efficient_wq, &imsseg_rl.gc,
				   HZ);
	} else {
		imsseg_rl.gc_next = idx;
		queue_delayed_work(system_power_efficient_wq, &imsseg_rl.gc,
				   1);
	}
}

static void imsseg_rl_flush(const struct net *net)
{
	unsigned int idx;

	for (idx = 0; idx < imsseg_rl.buckets; idx++) {
		imsseg_rl_sweep(idx, net, false, 0);
		cond_resched();
	}
}

void imsseg_rl_flush_net(const struct net *net)
{
	imsseg_rl_flush(net);
}

/* sysfs: table/ */

static u64 imsseg_rl_fixed_bytes(void)
{
	return (u64)imsseg_rl.buckets * sizeof(struct hlist_head) +
	       (u64)imsseg_rl.nlocks * sizeof(spinlock_t);
}

static u64 imsseg_rl_entry_bytes(void)
{
	return kmem_cache_size(imsseg_rl.cache);
}

static ssize_t max_entries_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(imsseg_rl.max_entries));
}

static ssize_t max_entries_store(struct kobject *kobj,
				 struct kobj_attribute *attr, const char *buf,
				 size_t count)
{
	u64 v;
	int err;

	err = imsseg_limits_parse(buf, 1,
				  (u64)imsseg_rl.buckets * IMSSEG_RL_LOAD_MAX,
				  &v);
	if (err)
		return err;
	WRITE_ONCE(imsseg_rl.max_entries, (unsigned int)v);
	return count;
}

static ssize_t entries_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&imsseg_rl.entries));
}

static ssize_t buckets_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%u\n", imsseg_rl.buckets);
}

static ssize_t entry_bytes_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", imsseg_rl_entry_bytes());
}

static ssize_t memory_bytes_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	u64 n = max(atomic_read(&imsseg_rl.entries), 0);

	return sysfs_emit(buf, "%llu\n",
			  n * imsseg_rl_entry_bytes() + imsseg_rl_fixed_bytes());
}

static ssize_t memory_max_bytes_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	u64 n = READ_ONCE(imsseg_rl.max_entries);

	return sysfs_emit(buf, "%llu\n",
			  n * imsseg_rl_entry_bytes() + imsseg_rl_fixed_bytes());
}

static struct kobj_attribute imsseg_rl_attr_max_entries =
	__ATTR_RW(max_entries);
static struct kobj_attribute imsseg_rl_attr_entries = __ATTR_RO(entries);
static struct kobj_attribute imsseg_rl_attr_buckets = __ATTR_RO(buckets);
static struct kobj_attribute imsseg_rl_attr_entry_bytes =
	__ATTR_RO(entry_bytes);
static struct kobj_attribute imsseg_rl_attr_memory_bytes =
	__ATTR_RO(memory_bytes);
static struct kobj_attribute imsseg_rl_attr_memory_max_bytes =
	__ATTR_RO(memory_max_bytes);

static struct attribute *imsseg_rl_attrs[] = {
	&imsseg_rl_attr_max_entries.attr,
	&imsseg_rl_attr_entries.attr,
	&imsseg_rl_attr_buckets.attr,
	&imsseg_rl_attr_entry_bytes.attr,
	&imsseg_rl_attr_memory_bytes.attr,
	&imsseg_rl_attr_memory_max_bytes.attr,
	NULL
};

static const struct attribute_group imsseg_rl_group = {
	.name = "table",
	.attrs = imsseg_rl_attrs,
};

/* Buckets: the module parameter, or 1/16384 of RAM (as xt_hashlimit). */
static unsigned int imsseg_rl_nbuckets(void)
{
	unsigned long n = table_buckets;

	if (!n)
		n = (totalram_pages() << PAGE_SHIFT) / 16384 /
		    sizeof(struct hlist_head);
	n = clamp_t(unsigned long, n, IMSSEG_RL_BUCKETS_MIN,
		    IMSSEG_RL_BUCKETS_MAX);
	return roundup_pow_of_two(n);
}

int imsseg_rl_init(void)
{
	unsigned int i;
	int err = -ENOMEM;

	imsseg_rl.buckets = imsseg_rl_nbuckets();
	imsseg_rl.nlocks = min(imsseg_rl.buckets, IMSSEG_RL_LOCKS_MAX);
	imsseg_rl.max_entries = imsseg_rl.buckets * IMSSEG_RL_LOAD_DEFAULT;
	atomic_set(&imsseg_rl.entries, 0);
	imsseg_rl.gc_next = 0;
	get_random_bytes(&imsseg_rl.secret, sizeof(imsseg_rl.secret));

	imsseg_rl.cache = KMEM_CACHE(imsseg_rl_entry, 0);
	if (!imsseg_rl.cache)
		return -ENOMEM;
	imsseg_rl.chains = kvcalloc(imsseg_rl.buckets,
				    sizeof(*imsseg_rl.chains), GFP_KERNEL);
	if (!imsseg_rl.chains)
		goto err_cache;
	imsseg_rl.locks = kvcalloc(imsseg_rl.nlocks,
				   sizeof(*imsseg_rl.locks), GFP_KERNEL);
	if (!imsseg_rl.locks)
		goto err_chains;
	for (i = 0; i < imsseg_rl.nlocks; i++)
		spin_lock_init(&imsseg_rl.locks[i]);

	err = sysfs_create_group(imsseg_sysfs_kobj(), &imsseg_rl_group);
	if (err)
		goto err_locks;

	INIT_DELAYED_WORK(&imsseg_rl.gc, imsseg_rl_gc);
	queue_delayed_work(system_power_efficient_wq, &imsseg_rl.gc, HZ);
	return 0;

err_locks:
	kvfree(imsseg_rl.locks);
err_chains:
	kvfree(imsseg_rl.chains);
err_cache:
	kmem_cache_destroy(imsseg_rl.cache);
	return err;
}

void imsseg_rl_exit(void)
{
	sysfs_remove_group(imsseg_sysfs_kobj(), &imsseg_rl_group);
	cancel_delayed_work_sync(&imsseg_rl.gc);
	imsseg_rl_flush(NULL);
	/* Wait for imsseg_rl_free_rcu() before the cache goes. */
	rcu_barrier();
	WARN_ON(atomic_read(&imsseg_rl.entries));
	kvfree(imsseg_rl.locks);
	kvfree(imsseg_rl.chains);
	kmem_cache_destroy(imsseg_rl.cache);
}
