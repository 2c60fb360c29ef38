/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-netns allow and block lists of CIDR prefixes (the trust classes).
 *
 * Readers (the hook, through imsseg_class_get()) are lock-free under
 * RCU; writers (netlink, imsseg_block_auto(), the expiry worker) take
 * the per-netns spinlock with BHs disabled. See imsseg_lists.c.
 */
#ifndef _IMSSEG_LISTS_H
#define _IMSSEG_LISTS_H

#include <linux/bitmap.h>
#include <linux/rbtree.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/imsseg.h>

#include "imsseg_prefix.h"

struct netlink_ext_ack;

/* Prefix lengths 0..128 of one family (IPv4 uses 0..32). */
#define IMSSEG_PLENS		129
/* Index of a family in the per-family arrays below. */
#define IMSSEG_LIST_FIDX(family)	((family) == IMSSEG_FAMILY_V6)

struct imsseg_pfxlist {
	/* lookup by (family, plen, masked address) */
	struct rhashtable ht;
	/* all entries in imsseg_key_cmp() order, for dumps */
	struct rb_root by_key;
	unsigned int count;
	/* entries per (family, prefix length) and the lengths in use */
	u32 plen_cnt[2][IMSSEG_PLENS];
	DECLARE_BITMAP(plens[2], IMSSEG_PLENS);
};

struct imsseg_lists {
	spinlock_t lock;	/* writers of both lists, the GC */
	struct imsseg_pfxlist list[__IMSSEG_LIST_MAX];
	/* entries of both lists that have a TTL, soonest expiry first */
	struct rb_root by_exp;
	struct delayed_work gc;
};

/* A snapshot of one entry, for netlink replies. */
struct imsseg_entry_info {
	struct imsseg_prefix prefix;
	u8 list;		/* enum imsseg_list */
	u8 origin;		/* enum imsseg_origin */
	u32 ttl;		/* seconds as configured, 0: none */
	u32 expires;		/* seconds left (rounded up), 0: never */
	u64 hits;
	char reason[IMSSEG_REASON_LEN];
};

/* Where a dump stopped: list, and the last key emitted in it. */
struct imsseg_lists_pos {
	u8 list;		/* list being walked; __IMSSEG_LIST_MAX: done */
	bool single;		/* only pos.list, not the following ones */
	bool started;		/* last is valid */
	struct imsseg_prefix last;
};

/* Module-wide: hash key, the lists/max_entries sysfs knob. */
int imsseg_lists_init(void);
void imsseg_lists_exit(void);

/* Per netns. */
int imsseg_lists_net_init(struct imsseg_lists *ls);
void imsseg_lists_net_exit(struct imsseg_lists *ls);

/*
 * Admin add/del (process context). @p is canonical; @reason is
 * printable ASCII shorter than IMSSEG_REASON_LEN. Errors: -EEXIST,
 * -ENOENT, -ENOSPC (list at lists/max_entries), -ENOMEM; extack says
 * which.
 */
int imsseg_lists_add(struct imsseg_lists *ls, enum imsseg_list list,
		     const struct imsseg_prefix *p, u32 ttl_s,
		     const char *reason, struct netlink_ext_ack *extack);
int imsseg_lists_del(struct imsseg_lists *ls, enum imsseg_list list,
		     const struct imsseg_prefix *p,
		     struct netlink_ext_ack *extack);

/*
 * The class of @addr like imsseg_class_get(), but a query: no hit is
 * counted. On a match, *ent describes the entry and true is returned
 * in *matched.
 */
enum imsseg_class imsseg_lists_query(struct imsseg_lists *ls, u8 family,
				     const void *addr,
				     struct imsseg_entry_info *ent,
				     bool *matched);

/*
 * Calls @fill for each live entry after @pos, in list then key order,
 * and advances @pos past each one @fill accepts (returns 0). Stops at
 * the first error of @fill and returns it; 0 when all were walked.
 * @fill runs under the lists' spinlock: it must not sleep.
 */
int imsseg_lists_walk(struct imsseg_lists *ls, struct imsseg_lists_pos *pos,
		      int (*fill)(void *arg, const struct imsseg_entry_info *),
		      void *arg);

/* lists/max_entries (imsseg_lists_sysfs.c) */
#define IMSSEG_LISTS_MAX_DEFAULT	16384
#define IMSSEG_LISTS_MAX_LIMIT		1048576
unsigned int imsseg_lists_max_entries(void);
int imsseg_lists_sysfs_init(void);
void imsseg_lists_sysfs_exit(void);

#endif /* _IMSSEG_LISTS_H */
