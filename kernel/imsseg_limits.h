/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flood-protection tunables: the token bucket configurations and the
 * escalation settings, published as one RCU object so that the hot path
 * always sees a consistent set (a rate and its burst change together),
 * and their sysfs files under /sys/kernel/imsseg/{limits,aggregate,ban}
 * and the per-method SIP request limiters sip/<method>_{pps,burst}.
 */
#ifndef _IMSSEG_LIMITS_H
#define _IMSSEG_LIMITS_H

#include <linux/rcupdate.h>
#include <linux/types.h>

#include "imsseg_bucket.h"

/* The limiters; sysfs files <dir>/<name>_pps and <dir>/<name>_burst. */
enum imsseg_lim {
	IMSSEG_LIM_UDP,		/* limits/udp: per source, UDP */
	IMSSEG_LIM_SYN,		/* limits/syn: per source, TCP SYN */
	IMSSEG_LIM_PKT,		/* limits/pkt: per source, all packets */
	IMSSEG_LIM_V6_64,	/* limits/v6_64: per IPv6 /64, all packets */
	IMSSEG_LIM_V6_56,	/* limits/v6_56 */
	IMSSEG_LIM_V6_48,	/* limits/v6_48 */
	IMSSEG_LIM_AGG_UDP,	/* aggregate/udp: per iface, untrusted class */
	IMSSEG_LIM_AGG_SYN,	/* aggregate/syn */
	IMSSEG_LIM_AGG_PKT,	/* aggregate/pkt */
	IMSSEG_LIM_AGG_TRUSTED,	/* aggregate/trusted: per iface, trusted class */
	IMSSEG_LIM_SIP_INVITE,	/* sip/invite: per source, SIP INVITE */
	IMSSEG_LIM_SIP_REGISTER,	/* sip/register */
	IMSSEG_LIM_SIP_OPTIONS,	/* sip/options */
	IMSSEG_LIM_SIP_OTHER,	/* sip/other: any other SIP request */
	IMSSEG_LIM_MAX
};

/* Escalation settings: ban/after_s and ban/seconds. */
#define IMSSEG_BAN_AFTER_MAX_S	86400U		/* a day */
#define IMSSEG_BAN_MAX_S	604800U		/* a week */

struct imsseg_limits {
	struct imsseg_bucket_cfg cfg[IMSSEG_LIM_MAX];
	u32 pps[IMSSEG_LIM_MAX];	/* as written; 0: limiter disabled */
	u32 burst[IMSSEG_LIM_MAX];	/* as written, kept while disabled */
	u32 ban_after_s;		/* 0: escalation disabled */
	u32 ban_s;			/* 0: escalation disabled */
	u64 ban_after_ns;		/* ban_after_s in ns, 0 if disabled */
	u64 ban_ns;			/* ban_s in ns, 0 if disabled */
	u32 gen;			/* +1 per published change */
	struct rcu_head rcu;
};

/*
 * Creates the config and the sysfs groups (including sip/, which
 * imsseg_sipcfg merges its files into); after imsseg_sysfs_init().
 */
int imsseg_limits_init(void);
/* After the hooks are gone (no reader left). */
void imsseg_limits_exit(void);

/* The current settings; call inside an RCU read-side section. */
const struct imsseg_limits *imsseg_limits_get(void);

/*
 * Parse a sysfs write: a decimal integer in min..max, optionally with a
 * leading '+' and one trailing newline. Returns 0, -EINVAL (garbage,
 * empty, negative, trailing junk) or -ERANGE (out of range, overflow).
 */
int imsseg_limits_parse(const char *buf, u64 min, u64 max, u64 *val);

#endif /* _IMSSEG_LIMITS_H */
