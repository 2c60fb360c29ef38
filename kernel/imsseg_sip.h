/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SIP fast path: bounded header scan of SIP on untrusted and za
 * interfaces, then accept, drop or punt to NFQUEUE; on trusted
 * interfaces, punts for learning only (Documentation/design.rst, "SIP
 * fast path").
 */
#ifndef _IMSSEG_SIP_H
#define _IMSSEG_SIP_H

#include <linux/types.h>

struct sk_buff;
struct nf_hook_state;
struct imsseg_pkt;

/*
 * Verdict for a packet the flood filter accepted: NF_ACCEPT (not SIP,
 * or clean), NF_DROP, or NF_QUEUE_NR(q) (with the bypass flag in fail
 * mode open). @trusted: the source is in the trusted class (scanned, not
 * rate limited). Counts one sip_* or punt_* event per scanned packet.
 */
unsigned int imsseg_sip_filter(struct sk_buff *skb,
			       const struct nf_hook_state *state,
			       const struct imsseg_pkt *pkt, bool trusted);

/*
 * Trusted interfaces, punt/learn 1: NF_ACCEPT, or for an INVITE, a BYE
 * or a final answer to INVITE or REGISTER NF_QUEUE_NR(q) with the
 * bypass flag (punt_learn). Never drops. A learn candidate the scanner
 * rejects is accepted and counted (sip_trusted_unparsed).
 */
unsigned int imsseg_sip_learn_filter(struct sk_buff *skb,
				     const struct nf_hook_state *state,
				     const struct imsseg_pkt *pkt);

/* The per-CPU scan buffers; after imsseg_limits_init(). */
int imsseg_sip_init(void);
void imsseg_sip_exit(void);

#endif /* _IMSSEG_SIP_H */
