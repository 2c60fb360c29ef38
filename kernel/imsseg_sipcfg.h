/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIP fast-path and NFQUEUE punt settings, published as one RCU object
 * (like imsseg_limits), and their sysfs files:
 *
 *   sip/ports, sip/scan_bytes, sip/max_bytes, sip/require_secure, sip/ua_deny
 *   punt/classes, punt/queue, punt/queues, punt/fail_mode, punt/learn
 *
 * The per-method rate limiters sip/<m>_{pps,burst} live in imsseg_limits.
 */
#ifndef _IMSSEG_SIPCFG_H
#define _IMSSEG_SIPCFG_H

#include <linux/rcupdate.h>
#include <linux/types.h>

#include "imsseg_sipclass.h"

#define IMSSEG_SIP_PORTS_MAX	8
#define IMSSEG_SIP_SCAN_MIN	256U
#define IMSSEG_SIP_SCAN_DEFAULT	2048U
#define IMSSEG_SIP_MAX_DEFAULT	16384U
#define IMSSEG_PUNT_QUEUES_MAX	64U

struct imsseg_sip_cfg {
	u16 ports[IMSSEG_SIP_PORTS_MAX];
	unsigned int nports;		/* 0: SIP fast path off */
	u32 scan_bytes;			/* 256..65535 */
	u32 max_bytes;			/* larger UDP SIP: dropped */
	bool require_secure;
	bool fail_open;			/* punt/fail_mode "open" */
	bool learn;			/* punt/learn: trusted-side punts */
	u16 queue;			/* first NFQUEUE number */
	u16 queues;			/* 1..64 per block; two blocks:
					 * queue + 2 * queues <= 65536
					 */
	u32 punt_mask;			/* IMSSEG_PUNT_BIT()s */
	unsigned int n_ua;
	char ua[IMSSEG_SIP_UA_MAX][IMSSEG_SIP_UA_LEN];
	struct rcu_head rcu;
};

/* After imsseg_limits_init() (merges into its sip/ directory). */
int imsseg_sipcfg_init(void);
/* After the hooks are gone. */
void imsseg_sipcfg_exit(void);

/* The current settings; call inside an RCU read-side section. */
const struct imsseg_sip_cfg *imsseg_sipcfg_get(void);

#endif /* _IMSSEG_SIPCFG_H */
