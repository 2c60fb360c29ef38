/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The flood-protection verdict of one packet, called by the hooks:
 * interface role, then trust class, then the per-source buckets, then
 * the per-interface aggregate buckets, then escalation. See
 * Documentation/design.rst, "Filter pipeline".
 */
#ifndef _IMSSEG_FILTER_H
#define _IMSSEG_FILTER_H

#include <linux/types.h>

struct sk_buff;
struct nf_hook_state;

/* What the hook already parsed. */
struct imsseg_pkt {
	const void *saddr;	/* source address in the header, 4 or 16 B */
	int l4off;		/* transport header offset from skb->data,
				 * -1: none (a non-first fragment)
				 */
	u8 family;		/* IMSSEG_FAMILY_V4 or IMSSEG_FAMILY_V6 */
	u8 l4proto;		/* IPPROTO_*, after IPv6 extension headers */
};

/*
 * NF_ACCEPT, NF_DROP or a SIP punt (NF_QUEUE_NR()); counts the verdict's
 * event. Hook context.
 */
unsigned int imsseg_filter(struct sk_buff *skb,
			   const struct nf_hook_state *state,
			   const struct imsseg_pkt *pkt);

/* Per-netns aggregate state; before the hooks, after imsseg_rl_init(). */
int imsseg_filter_init(void);
void imsseg_filter_exit(void);

#endif /* _IMSSEG_FILTER_H */
