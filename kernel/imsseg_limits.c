// SPDX-License-Identifier: GPL-2.0
/*
 * Flood-protection tunables under /sys/kernel/imsseg:
 *
 *   limits/<l>_pps, limits/<l>_burst	per source (l = udp, syn, pkt) and
 *					per IPv6 prefix (v6_64, v6_56, v6_48)
 *   aggregate/<l>_pps, <l>_burst	per interface (udp, syn, pkt,
 *					trusted)
 *   ban/after_s, ban/seconds		automatic escalation
 *   sip/<m>_pps, sip/<m>_burst		per source SIP requests (m = invite,
 *					register, options, other)
 *
 * All values live in one struct imsseg_limits published with RCU. A
 * write copies the current object, changes one value, validates the
 * affected bucket configuration (imsseg_bucket_cfg_set()) and publishes
 * the copy under imsseg_limits_mutex; the old object is freed after a
 * grace period. The hot path reads the pointer once per packet, so it
 * never sees a rate from one write and a burst from another. A rejected
 * write changes nothing.
 */

#include <linux/kobject.h>
#include <linux/kstrtox.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "imsseg_limits.h"
#include "imsseg_sysfs.h"

struct imsseg_lim_default {
	const char *name;	/* file name prefix */
	u32 pps, burst;
};

/*
 * Carrier defaults (Documentation/admin-guide.rst explains them). A SIP
 * user agent sends a few packets per second; one IPv4 source may be a
 * NAT with hundreds of phones, so per-source budgets are generous and a
 * larger prefix gets a larger budget than the address inside it.
 */
static const struct imsseg_lim_default imsseg_lim_defaults[IMSSEG_LIM_MAX] = {
	[IMSSEG_LIM_UDP]	 = { "udp",	500,	1000 },
	[IMSSEG_LIM_SYN]	 = { "syn",	50,	100 },
	[IMSSEG_LIM_PKT]	 = { "pkt",	2000,	4000 },
	[IMSSEG_LIM_V6_64]	 = { "v6_64",	4000,	8000 },
	[IMSSEG_LIM_V6_56]	 = { "v6_56",	8000,	16000 },
	[IMSSEG_LIM_V6_48]	 = { "v6_48",	16000,	32000 },
	[IMSSEG_LIM_AGG_UDP]	 = { "udp",	50000,	100000 },
	[IMSSEG_LIM_AGG_SYN]	 = { "syn",	5000,	10000 },
	[IMSSEG_LIM_AGG_PKT]	 = { "pkt",	100000,	200000 },
	[IMSSEG_LIM_AGG_TRUSTED] = { "trusted",	100000,	200000 },
	[IMSSEG_LIM_SIP_INVITE]	 = { "invite",	20,	40 },
	[IMSSEG_LIM_SIP_REGISTER] = { "register", 50,	100 },
	[IMSSEG_LIM_SIP_OPTIONS] = { "options",	20,	40 },
	[IMSSEG_LIM_SIP_OTHER]	 = { "other",	200,	400 },
};

#define IMSSEG_BAN_AFTER_DEFAULT_S	30
#define IMSSEG_BAN_DEFAULT_S		300

static struct imsseg_limits __rcu *imsseg_limits_cur;
static DEFINE_MUTEX(imsseg_limits_mutex);

const struct imsseg_limits *imsseg_limits_get(void)
{
	return rcu_dereference(imsseg_limits_cur);
}

int imsseg_limits_parse(const char *buf, u64 min, u64 max, u64 *val)
{
	u64 v;
	int err;

	/* kstrtou64: digits, optional '+', one trailing '\n'; no '-' */
	err = kstrtou64(buf, 10, &v);
	if (err)
		return err;
	if (v < min || v > max)
		return -ERANGE;
	*val = v;
	return 0;
}

/* What a file changes. */
enum imsseg_lim_field {
	IMSSEG_FIELD_PPS,
	IMSSEG_FIELD_BURST,
	IMSSEG_FIELD_BAN_AFTER,
	IMSSEG_FIELD_BAN,
};

/* Apply one validated value to a copy; 0 or -errno. */
static int imsseg_limits_apply(struct imsseg_limits *l, unsigned int lim,
			       enum imsseg_lim_field field, u64 v)
{
	switch (field) {
	case IMSSEG_FIELD_PPS:
		l->pps[lim] = (u32)v;
		return imsseg_bucket_cfg_set(&l->cfg[lim], v, l->burst[lim]);
	case IMSSEG_FIELD_BURST:
		l->burst[lim] = (u32)v;
		return imsseg_bucket_cfg_set(&l->cfg[lim], l->pps[lim], v);
	case IMSSEG_FIELD_BAN_AFTER:
		l->ban_after_s = (u32)v;
		break;
	case IMSSEG_FIELD_BAN:
		l->ban_s = (u32)v;
		break;
	}
	l->ban_after_ns = l->ban_s ? (u64)l->ban_after_s * NSEC_PER_SEC : 0;
	l->ban_ns = l->ban_after_s ? (u64)l->ban_s * NSEC_PER_SEC : 0;
	return 0;
}

/* Copy, change, validate, publish. */
static int imsseg_limits_update(unsigned int lim, enum imsseg_lim_field field,
				u64 v)
{
	struct imsseg_limits *old, *new;
	int err;

	mutex_lock(&imsseg_limits_mutex);
	old = rcu_dereference_protected(imsseg_limits_cur,
					lockdep_is_held(&imsseg_limits_mutex));
	new = kmemdup(old, sizeof(*old), GFP_KERNEL);
	if (!new) {
		err = -ENOMEM;
		goto out;
	}
	err = imsseg_limits_apply(new, lim, field, v);
	if (err) {
		kfree(new);
		goto out;
	}
	new->gen = old->gen + 1;	/* imsseg_rlidle.h */
	rcu_assign_pointer(imsseg_limits_cur, new);
	kfree_rcu(old, rcu);
out:
	mutex_unlock(&imsseg_limits_mutex);
	return err;
}

/* sysfs */

struct imsseg_lim_attr {
	struct kobj_attribute kattr;
	unsigned int lim;
	enum imsseg_lim_field field;
	u64 min, max;
	char name[24];
};

static ssize_t imsseg_lim_show(struct kobject *kobj,
			       struct kobj_attribute *kattr, char *buf)
{
	struct imsseg_lim_attr *a =
		container_of(kattr, struct imsseg_lim_attr, kattr);
	const struct imsseg_limits *l;
	u32 v = 0;

	rcu_read_lock();
	l = rcu_dereference(imsseg_limits_cur);
	switch (a->field) {
	case IMSSEG_FIELD_PPS:
		v = l->pps[a->lim];
		break;
	case IMSSEG_FIELD_BURST:
		v = l->burst[a->lim];
		break;
	case IMSSEG_FIELD_BAN_AFTER:
		v = l->ban_after_s;
		break;
	case IMSSEG_FIELD_BAN:
		v = l->ban_s;
		break;
	}
	rcu_read_unlock();
	return sysfs_emit(buf, "%u\n", v);
}

static ssize_t imsseg_lim_store(struct kobject *kobj,
				struct kobj_attribute *kattr, const char *buf,
				size_t count)
{
	struct imsseg_lim_attr *a =
		container_of(kattr, struct imsseg_lim_attr, kattr);
	u64 v;
	int err;

	err = imsseg_limits_parse(buf, a->min, a->max, &v);
	if (!err)
		err = imsseg_limits_update(a->lim, a->field, v);
	return err ? err : count;
}

/* Two files per limiter, plus ban/after_s and ban/seconds. */
#define IMSSEG_LIM_FILES	(2 * IMSSEG_LIM_MAX + 2)

static struct imsseg_lim_attr imsseg_lim_attrs[IMSSEG_LIM_FILES];
static struct attribute *imsseg_limits_ptrs[2 * IMSSEG_LIM_AGG_UDP + 1];
static struct attribute *imsseg_agg_ptrs[2 * (IMSSEG_LIM_SIP_INVITE -
					      IMSSEG_LIM_AGG_UDP) + 1];
static struct attribute *imsseg_sip_lim_ptrs[2 * (IMSSEG_LIM_MAX -
						  IMSSEG_LIM_SIP_INVITE) + 1];
static struct attribute *imsseg_ban_ptrs[3];

static const struct attribute_group imsseg_limits_group = {
	.name = "limits",
	.attrs = imsseg_limits_ptrs,
};

static const struct attribute_group imsseg_agg_group = {
	.name = "aggregate",
	.attrs = imsseg_agg_ptrs,
};

static const struct attribute_group imsseg_ban_group = {
	.name = "ban",
	.attrs = imsseg_ban_ptrs,
};

static const struct attribute_group imsseg_sip_lim_group = {
	.name = "sip",
	.attrs = imsseg_sip_lim_ptrs,
};

static const struct attribute_group *imsseg_lim_groups[] = {
	&imsseg_limits_group,
	&imsseg_agg_group,
	&imsseg_ban_group,
	&imsseg_sip_lim_group,
	NULL
};

static struct attribute *imsseg_lim_attr_init(unsigned int i,
					      unsigned int lim,
					      enum imsseg_lim_field field,
					      const char *name, u64 min,
					      u64 max)
{
	struct imsseg_lim_attr *a = &imsseg_lim_attrs[i];

	strscpy(a->name, name, sizeof(a->name));
	sysfs_attr_init(&a->kattr.attr);
	a->kattr.attr.name = a->name;
	a->kattr.attr.mode = 0644;
	a->kattr.show = imsseg_lim_show;
	a->kattr.store = imsseg_lim_store;
	a->lim = lim;
	a->field = field;
	a->min = min;
	a->max = max;
	return &a->kattr.attr;
}

static void imsseg_lim_attrs_init(void)
{
	struct attribute **ptrs;
	unsigned int lim, i = 0, k;
	char name[24];

	for (lim = 0; lim < IMSSEG_LIM_MAX; lim++) {
		const char *base = imsseg_lim_defaults[lim].name;

		if (lim < IMSSEG_LIM_AGG_UDP) {
			ptrs = imsseg_limits_ptrs;
			k = 2 * lim;
		} else if (lim < IMSSEG_LIM_SIP_INVITE) {
			ptrs = imsseg_agg_ptrs;
			k = 2 * (lim - IMSSEG_LIM_AGG_UDP);
		} else {
			ptrs = imsseg_sip_lim_ptrs;
			k = 2 * (lim - IMSSEG_LIM_SIP_INVITE);
		}
		snprintf(name, sizeof(name), "%s_pps", base);
		ptrs[k] = imsseg_lim_attr_init(i++, lim, IMSSEG_FIELD_PPS,
					       name, 0,
					       IMSSEG_BUCKET_RATE_MAX);
		snprintf(name, sizeof(name), "%s_burst", base);
		ptrs[k + 1] = imsseg_lim_attr_init(i++, lim,
						   IMSSEG_FIELD_BURST, name, 1,
						   IMSSEG_BUCKET_BURST_MAX);
	}
	imsseg_ban_ptrs[0] = imsseg_lim_attr_init(i++, 0,
						  IMSSEG_FIELD_BAN_AFTER,
						  "after_s", 0,
						  IMSSEG_BAN_AFTER_MAX_S);
	imsseg_ban_ptrs[1] = imsseg_lim_attr_init(i++, 0, IMSSEG_FIELD_BAN,
						  "seconds", 0,
						  IMSSEG_BAN_MAX_S);
}

int imsseg_limits_init(void)
{
	struct imsseg_limits *l;
	unsigned int lim;
	int err;

	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	for (lim = 0; lim < IMSSEG_LIM_MAX; lim++) {
		l->pps[lim] = imsseg_lim_defaults[lim].pps;
		l->burst[lim] = imsseg_lim_defaults[lim].burst;
		err = imsseg_bucket_cfg_set(&l->cfg[lim], l->pps[lim],
					    l->burst[lim]);
		if (WARN_ON(err))
			goto err_free;
	}
	l->ban_after_s = IMSSEG_BAN_AFTER_DEFAULT_S;
	imsseg_limits_apply(l, 0, IMSSEG_FIELD_BAN, IMSSEG_BAN_DEFAULT_S);
	RCU_INIT_POINTER(imsseg_limits_cur, l);

	imsseg_lim_attrs_init();
	err = sysfs_create_groups(imsseg_sysfs_kobj(), imsseg_lim_groups);
	if (err)
		goto err_unpublish;
	return 0;

err_unpublish:
	RCU_INIT_POINTER(imsseg_limits_cur, NULL);
err_free:
	kfree(l);
	return err;
}

void imsseg_limits_exit(void)
{
	sysfs_remove_groups(imsseg_sysfs_kobj(), imsseg_lim_groups);
	/* No reader is left: the hooks are gone and sysfs is removed. */
	kfree(rcu_dereference_protected(imsseg_limits_cur, 1));
	RCU_INIT_POINTER(imsseg_limits_cur, NULL);
}
