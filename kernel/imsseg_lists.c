// SPDX-License-Identifier: GPL-2.0
/*
 * Allow and block lists of CIDR prefixes, per network namespace.
 *
 * Lookup (hot path, RCU, no lock): each list keeps an rhashtable keyed by
 * the canonical prefix (family, length, masked address), hashed with
 * hsiphash under a per-boot random key, and per family a bitmap of the
 * prefix lengths in use. A lookup probes only those lengths, longest
 * first: at most 33 (IPv4) or 129 (IPv6) probes, in practice as many as
 * there are distinct lengths in the list. The blocklist is searched
 * first and wins: a source in both lists is denied.
 *
 * Writers (netlink, imsseg_block_auto() from softirq, the expiry work)
 * take ls->lock with BHs disabled; imsseg_block_auto() allocates with
 * GFP_ATOMIC, admin adds allocate with GFP_KERNEL before locking.
 * Entries are freed with kfree_rcu().
 *
 * Expiry: an entry with a TTL expires at a jiffies_64 deadline. Lookups,
 * dumps and queries treat an expired entry as absent, so expiry is exact
 * to the jiffy. A delayed work per netns, queued only while entries with
 * a TTL exist, frees them: it pops expired entries from an rbtree ordered
 * by deadline and counts each in IMSSEG_EV_LIST_EXPIRED, in batches,
 * then sleeps until the next deadline (at most a second).
 *
 * Duplicates: an admin add of a prefix already in that list fails with
 * -EEXIST (there is no silent replace: del, then add). The same prefix
 * may be in both lists; the blocklist wins. imsseg_block_auto() on a
 * prefix that already has an automatic ban refreshes its TTL and reason;
 * on an admin entry it changes nothing (the operator's entry stands).
 *
 * Hit counters are atomic64: one shared cache line per entry, bumped
 * only when that entry decides a packet's class.
 */

#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/netlink.h>

#include "imsseg_netstate.h"
#include "imsseg_stats.h"

/* Expired entries freed per lock hold by the GC. */
#define IMSSEG_GC_BATCH		256

struct imsseg_entry {
	struct rhash_head node;		/* in list->ht */
	struct rb_node by_key;		/* in list->by_key */
	struct rb_node by_exp;		/* in ls->by_exp iff expires */
	struct imsseg_prefix key;	/* canonical */
	u8 list;
	u8 origin;
	u32 ttl_s;
	u64 expires;			/* jiffies_64; 0: never */
	atomic64_t hits;
	struct rcu_head rcu;
	char reason[IMSSEG_REASON_LEN];
};

static hsiphash_key_t imsseg_lists_hkey __read_mostly;

static u32 imsseg_entry_hash(const void *data, u32 len, u32 seed)
{
	u32 buf[IMSSEG_PREFIX_HKEY_WORDS + 1] __aligned(8);

	imsseg_prefix_hkey(data, buf);
	buf[IMSSEG_PREFIX_HKEY_WORDS] = seed;
	return hsiphash(buf, sizeof(buf), &imsseg_lists_hkey);
}

static const struct rhashtable_params imsseg_rht_params = {
	.key_len = sizeof(struct imsseg_prefix),
	.key_offset = offsetof(struct imsseg_entry, key),
	.head_offset = offsetof(struct imsseg_entry, node),
	.hashfn = imsseg_entry_hash,
	.automatic_shrinking = true,
};

static bool imsseg_expired(const struct imsseg_entry *e, u64 now)
{
	u64 exp = READ_ONCE(e->expires);

	return exp && time_after_eq64(now, exp);
}

/* Dump order: family, address, then prefix length (shortest first). */
static int imsseg_key_cmp(const struct imsseg_prefix *a,
			  const struct imsseg_prefix *b)
{
	int d;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	d = memcmp(a->addr, b->addr, sizeof(a->addr));
	if (d)
		return d;
	if (a->plen != b->plen)
		return a->plen < b->plen ? -1 : 1;
	return 0;
}

static void imsseg_key_insert(struct imsseg_pfxlist *l, struct imsseg_entry *e)
{
	struct rb_node **link = &l->by_key.rb_node, *parent = NULL;

	while (*link) {
		struct imsseg_entry *o = rb_entry(*link, struct imsseg_entry,
						  by_key);

		parent = *link;
		if (imsseg_key_cmp(&e->key, &o->key) < 0)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&e->by_key, parent, link);
	rb_insert_color(&e->by_key, &l->by_key);
}

/* The first entry whose key is greater than @key. */
static struct imsseg_entry *imsseg_key_after(struct imsseg_pfxlist *l,
					     const struct imsseg_prefix *key)
{
	struct rb_node *n = l->by_key.rb_node;
	struct imsseg_entry *best = NULL;

	while (n) {
		struct imsseg_entry *e = rb_entry(n, struct imsseg_entry,
						  by_key);

		if (imsseg_key_cmp(&e->key, key) > 0) {
			best = e;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

/* by_exp: deadline order, ties by address so that keys are unique. */
static void imsseg_exp_insert(struct imsseg_lists *ls, struct imsseg_entry *e)
{
	struct rb_node **link = &ls->by_exp.rb_node, *parent = NULL;

	while (*link) {
		struct imsseg_entry *o = rb_entry(*link, struct imsseg_entry,
						  by_exp);

		parent = *link;
		if (e->expires < o->expires ||
		    (e->expires == o->expires && e < o))
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&e->by_exp, parent, link);
	rb_insert_color(&e->by_exp, &ls->by_exp);
}

static void imsseg_exp_erase(struct imsseg_lists *ls, struct imsseg_entry *e)
{
	if (RB_EMPTY_NODE(&e->by_exp))
		return;
	rb_erase(&e->by_exp, &ls->by_exp);
	RB_CLEAR_NODE(&e->by_exp);
}

/* Sets the TTL of @e (locked); queues the GC for a new deadline. */
static void imsseg_set_ttl(struct imsseg_lists *ls, struct imsseg_entry *e,
			   u32 ttl_s, u64 now)
{
	imsseg_exp_erase(ls, e);
	e->ttl_s = ttl_s;
	WRITE_ONCE(e->expires, ttl_s ? now + (u64)ttl_s * HZ : 0);
	if (!ttl_s)
		return;
	imsseg_exp_insert(ls, e);
	/* A no-op while queued; callable from softirq. */
	queue_delayed_work(system_power_efficient_wq, &ls->gc, HZ);
}

static void imsseg_plen_get(struct imsseg_pfxlist *l,
			    const struct imsseg_prefix *p)
{
	unsigned int f = IMSSEG_LIST_FIDX(p->family);

	if (!l->plen_cnt[f][p->plen]++)
		set_bit(p->plen, l->plens[f]);
}

static void imsseg_plen_put(struct imsseg_pfxlist *l,
			    const struct imsseg_prefix *p)
{
	unsigned int f = IMSSEG_LIST_FIDX(p->family);

	if (!--l->plen_cnt[f][p->plen])
		clear_bit(p->plen, l->plens[f]);
}

static struct imsseg_entry *imsseg_entry_new(const struct imsseg_prefix *p,
					     u8 list, u8 origin,
					     const char *reason, gfp_t gfp)
{
	struct imsseg_entry *e = kzalloc(sizeof(*e), gfp);

	if (!e)
		return NULL;
	e->key = *p;
	e->list = list;
	e->origin = origin;
	atomic64_set(&e->hits, 0);
	RB_CLEAR_NODE(&e->by_exp);
	strscpy(e->reason, reason ? reason : "", sizeof(e->reason));
	return e;
}

/* Links a new entry into its list (locked). */
static int imsseg_insert(struct imsseg_lists *ls, struct imsseg_entry *e,
			 u32 ttl_s, u64 now)
{
	struct imsseg_pfxlist *l = &ls->list[e->list];
	int err;

	/* The length bit goes up before the entry is visible. */
	imsseg_plen_get(l, &e->key);
	err = rhashtable_insert_fast(&l->ht, &e->node, imsseg_rht_params);
	if (err) {
		imsseg_plen_put(l, &e->key);
		return err;
	}
	imsseg_key_insert(l, e);
	imsseg_set_ttl(ls, e, ttl_s, now);
	l->count++;
	return 0;
}

/* Unlinks @e (locked) and frees it after a grace period. */
static void imsseg_remove(struct imsseg_lists *ls, struct imsseg_entry *e)
{
	struct imsseg_pfxlist *l = &ls->list[e->list];

	rhashtable_remove_fast(&l->ht, &e->node, imsseg_rht_params);
	rb_erase(&e->by_key, &l->by_key);
	imsseg_exp_erase(ls, e);
	imsseg_plen_put(l, &e->key);
	l->count--;
	kfree_rcu(e, rcu);
}

/* Locked, BHs off (for the per-CPU counter). */
static void imsseg_expire(struct imsseg_lists *ls, struct imsseg_entry *e)
{
	imsseg_remove(ls, e);
	imsseg_stats_event(IMSSEG_EV_LIST_EXPIRED);
}

/* The live entry for exactly @p (locked); an expired one is removed. */
static struct imsseg_entry *imsseg_find(struct imsseg_lists *ls,
					struct imsseg_pfxlist *l,
					const struct imsseg_prefix *p, u64 now)
{
	struct imsseg_entry *e;

	e = rhashtable_lookup_fast(&l->ht, p, imsseg_rht_params);
	if (e && imsseg_expired(e, now)) {
		imsseg_expire(ls, e);
		e = NULL;
	}
	return e;
}

/*
 * Longest live prefix of @l containing @addr. RCU read side (or the
 * lock); probes only the prefix lengths in use, longest first.
 */
static struct imsseg_entry *imsseg_match(struct imsseg_pfxlist *l, u8 family,
					 const void *addr, u64 now)
{
	unsigned int bits = imsseg_family_bits(family), plen, next;
	const unsigned long *bm;
	struct imsseg_prefix key;
	struct imsseg_entry *e;

	if (!bits)
		return NULL;
	bm = l->plens[IMSSEG_LIST_FIDX(family)];
	plen = bits + 1;
	while (plen) {
		next = find_last_bit(bm, plen);
		if (next >= plen)
			break;
		plen = next;
		imsseg_prefix_set(&key, family, addr, plen);
		e = rhashtable_lookup(&l->ht, &key, imsseg_rht_params);
		if (e && !imsseg_expired(e, now))
			return e;
	}
	return NULL;
}

enum imsseg_class imsseg_class_get(struct imsseg_net *in, u8 family,
				   const void *saddr)
{
	struct imsseg_lists *ls = &in->lists;
	u64 now = get_jiffies_64();
	struct imsseg_entry *e;

	e = imsseg_match(&ls->list[IMSSEG_LIST_BLOCK], family, saddr, now);
	if (e) {
		atomic64_inc(&e->hits);
		return IMSSEG_CLASS_DENIED;
	}
	e = imsseg_match(&ls->list[IMSSEG_LIST_ALLOW], family, saddr, now);
	if (e) {
		atomic64_inc(&e->hits);
		return IMSSEG_CLASS_TRUSTED;
	}
	return IMSSEG_CLASS_UNTRUSTED;
}

static bool imsseg_list_full(const struct imsseg_pfxlist *l)
{
	return l->count >= imsseg_lists_max_entries();
}

int imsseg_lists_add(struct imsseg_lists *ls, enum imsseg_list list,
		     const struct imsseg_prefix *p, u32 ttl_s,
		     const char *reason, struct netlink_ext_ack *extack)
{
	struct imsseg_pfxlist *l = &ls->list[list];
	struct imsseg_entry *e;
	u64 now;
	int err;

	e = imsseg_entry_new(p, list, IMSSEG_ORIGIN_ADMIN, reason, GFP_KERNEL);
	if (!e)
		return -ENOMEM;

	spin_lock_bh(&ls->lock);
	now = get_jiffies_64();
	if (imsseg_find(ls, l, p, now)) {
		if (list == IMSSEG_LIST_BLOCK)
			NL_SET_ERR_MSG(extack, "already in the blocklist");
		else
			NL_SET_ERR_MSG(extack, "already in the allowlist");
		err = -EEXIST;
	} else if (imsseg_list_full(l)) {
		if (list == IMSSEG_LIST_BLOCK)
			NL_SET_ERR_MSG(extack,
				       "blocklist full (see /sys/kernel/imsseg/lists/max_entries)");
		else
			NL_SET_ERR_MSG(extack,
				       "allowlist full (see /sys/kernel/imsseg/lists/max_entries)");
		err = -ENOSPC;
	} else {
		err = imsseg_insert(ls, e, ttl_s, now);
	}
	spin_unlock_bh(&ls->lock);

	if (err)
		kfree(e);
	return err;
}

int imsseg_lists_del(struct imsseg_lists *ls, enum imsseg_list list,
		     const struct imsseg_prefix *p,
		     struct netlink_ext_ack *extack)
{
	struct imsseg_pfxlist *l = &ls->list[list];
	struct imsseg_entry *e;
	int err = 0;

	spin_lock_bh(&ls->lock);
	e = imsseg_find(ls, l, p, get_jiffies_64());
	if (e) {
		imsseg_remove(ls, e);
	} else {
		if (list == IMSSEG_LIST_BLOCK)
			NL_SET_ERR_MSG(extack, "not in the blocklist");
		else
			NL_SET_ERR_MSG(extack, "not in the allowlist");
		err = -ENOENT;
	}
	spin_unlock_bh(&ls->lock);
	return err;
}

int imsseg_block_auto(struct imsseg_net *in, const struct imsseg_prefix *p,
		      u32 ttl_s, const char *reason)
{
	struct imsseg_lists *ls = &in->lists;
	struct imsseg_pfxlist *l = &ls->list[IMSSEG_LIST_BLOCK];
	struct imsseg_prefix canon;
	struct imsseg_entry *e;
	u64 now;
	int err = 0;

	if (imsseg_prefix_set(&canon, p->family, p->addr, p->plen) ||
	    !imsseg_prefix_equal(&canon, p))
		return -EINVAL;
	ttl_s = min_t(u32, ttl_s, IMSSEG_TTL_MAX);

	spin_lock_bh(&ls->lock);
	now = get_jiffies_64();
	e = imsseg_find(ls, l, &canon, now);
	if (e) {
		/* Refresh our own ban; never touch the operator's entry. */
		if (e->origin == IMSSEG_ORIGIN_AUTO) {
			imsseg_set_ttl(ls, e, ttl_s, now);
			strscpy(e->reason, reason ? reason : "",
				sizeof(e->reason));
		}
		goto unlock;
	}
	if (imsseg_list_full(l)) {
		err = -ENOSPC;
		goto unlock;
	}
	e = imsseg_entry_new(&canon, IMSSEG_LIST_BLOCK, IMSSEG_ORIGIN_AUTO,
			     reason, GFP_ATOMIC);
	if (!e) {
		err = -ENOMEM;
		goto unlock;
	}
	err = imsseg_insert(ls, e, ttl_s, now);
	if (err)
		kfree(e);
unlock:
	spin_unlock_bh(&ls->lock);
	return err;
}

/* Locked. */
static void imsseg_entry_info(const struct imsseg_entry *e, u64 now,
			      struct imsseg_entry_info *ent)
{
	ent->prefix = e->key;
	ent->list = e->list;
	ent->origin = e->origin;
	ent->ttl = e->ttl_s;
	ent->expires = e->expires ?
		(u32)div_u64(e->expires - now + HZ - 1, HZ) : 0;
	ent->hits = atomic64_read(&e->hits);
	/* reason is written only under the lock, always NUL-terminated */
	memcpy(ent->reason, e->reason, sizeof(ent->reason));
}

enum imsseg_class imsseg_lists_query(struct imsseg_lists *ls, u8 family,
				     const void *addr,
				     struct imsseg_entry_info *ent,
				     bool *matched)
{
	enum imsseg_class cls = IMSSEG_CLASS_UNTRUSTED;
	struct imsseg_entry *e;
	u64 now;

	spin_lock_bh(&ls->lock);
	rcu_read_lock();	/* for the rhashtable lookups */
	now = get_jiffies_64();
	e = imsseg_match(&ls->list[IMSSEG_LIST_BLOCK], family, addr, now);
	if (e) {
		cls = IMSSEG_CLASS_DENIED;
	} else {
		e = imsseg_match(&ls->list[IMSSEG_LIST_ALLOW], family, addr,
				 now);
		if (e)
			cls = IMSSEG_CLASS_TRUSTED;
	}
	*matched = e;
	if (e)
		imsseg_entry_info(e, now, ent);
	rcu_read_unlock();
	spin_unlock_bh(&ls->lock);
	return cls;
}

int imsseg_lists_walk(struct imsseg_lists *ls, struct imsseg_lists_pos *pos,
		      int (*fill)(void *arg, const struct imsseg_entry_info *),
		      void *arg)
{
	struct imsseg_entry_info ent;
	struct imsseg_entry *e;
	struct rb_node *n;
	int err = 0;
	u64 now;

	spin_lock_bh(&ls->lock);
	now = get_jiffies_64();
	while (pos->list < __IMSSEG_LIST_MAX) {
		struct imsseg_pfxlist *l = &ls->list[pos->list];

		e = pos->started ? imsseg_key_after(l, &pos->last) :
			rb_entry_safe(rb_first(&l->by_key),
				      struct imsseg_entry, by_key);
		for (; e; n = rb_next(&e->by_key),
		     e = rb_entry_safe(n, struct imsseg_entry, by_key)) {
			if (imsseg_expired(e, now))
				continue;
			imsseg_entry_info(e, now, &ent);
			err = fill(arg, &ent);
			if (err)
				goto unlock;
			pos->last = e->key;
			pos->started = true;
		}
		pos->started = false;
		pos->list = pos->single ? __IMSSEG_LIST_MAX : pos->list + 1;
	}
unlock:
	spin_unlock_bh(&ls->lock);
	return err;
}

static void imsseg_lists_gc(struct work_struct *work)
{
	struct imsseg_lists *ls = container_of(to_delayed_work(work),
					       struct imsseg_lists, gc);
	unsigned long delay = 0;
	struct imsseg_entry *e;
	unsigned int n;
	u64 now;

	do {
		spin_lock_bh(&ls->lock);
		now = get_jiffies_64();
		for (n = 0; n < IMSSEG_GC_BATCH; n++) {
			e = rb_entry_safe(rb_first(&ls->by_exp),
					  struct imsseg_entry, by_exp);
			if (!e)
				break;
			if (!imsseg_expired(e, now)) {
				/* Wake up at the next deadline, within 1 s. */
				delay = min_t(u64, e->expires - now, HZ);
				break;
			}
			imsseg_expire(ls, e);
		}
		spin_unlock_bh(&ls->lock);
		cond_resched();
	} while (n == IMSSEG_GC_BATCH);

	if (delay)
		queue_delayed_work(system_power_efficient_wq, &ls->gc, delay);
}

int imsseg_lists_net_init(struct imsseg_lists *ls)
{
	unsigned int i;
	int err;

	spin_lock_init(&ls->lock);
	ls->by_exp = RB_ROOT;
	INIT_DELAYED_WORK(&ls->gc, imsseg_lists_gc);
	for (i = 0; i < __IMSSEG_LIST_MAX; i++) {
		ls->list[i].by_key = RB_ROOT;
		err = rhashtable_init(&ls->list[i].ht, &imsseg_rht_params);
		if (err)
			goto err_ht;
	}
	return 0;

err_ht:
	while (i--)
		rhashtable_destroy(&ls->list[i].ht);
	return err;
}

void imsseg_lists_net_exit(struct imsseg_lists *ls)
{
	struct imsseg_entry *e, *tmp;
	unsigned int i;

	/*
	 * No hook runs here any more (the hooks' pernet exit ran first)
	 * and no netlink request can (its socket would hold the netns).
	 */
	cancel_delayed_work_sync(&ls->gc);
	for (i = 0; i < __IMSSEG_LIST_MAX; i++) {
		struct imsseg_pfxlist *l = &ls->list[i];

		rhashtable_destroy(&l->ht);
		rbtree_postorder_for_each_entry_safe(e, tmp, &l->by_key,
						     by_key)
			kfree_rcu(e, rcu);
		l->by_key = RB_ROOT;
		l->count = 0;
	}
	ls->by_exp = RB_ROOT;
}

int imsseg_lists_init(void)
{
	get_random_bytes(&imsseg_lists_hkey, sizeof(imsseg_lists_hkey));
	return imsseg_lists_sysfs_init();
}

void imsseg_lists_exit(void)
{
	imsseg_lists_sysfs_exit();
}
