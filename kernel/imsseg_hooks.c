// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks, registered per network namespace.
 *
 * imsseg hooks PRE_ROUTING at IMSSEG_HOOK_PRIO, between defragmentation
 * (-400) and the raw table (-300) / conntrack (-200): it sees whole
 * datagrams (when defrag is active in the netns) and can drop a flood
 * before conntrack allocates state for it. See Documentation/design.rst.
 *
 * Each hook counts the packet (every packet, dropped or not), finds its
 * transport header and hands it to imsseg_filter() for the verdict.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include <net/net_namespace.h>

#include "imsseg_filter.h"
#include "imsseg_hooks.h"
#include "imsseg_prefix.h"
#include "imsseg_stats.h"

#define IMSSEG_HOOK_PRIO	(NF_IP_PRI_CONNTRACK_DEFRAG + 50)

static enum imsseg_l4 imsseg_l4_of(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return IMSSEG_L4_TCP;
	case IPPROTO_UDP:
		return IMSSEG_L4_UDP;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return IMSSEG_L4_ICMP;
	default:
		return IMSSEG_L4_OTHER;
	}
}

static unsigned int imsseg_hook_ipv4(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	/* ip_rcv_core() has validated and linearised the IPv4 header. */
	const struct iphdr *iph = ip_hdr(skb);
	struct imsseg_pkt pkt = {
		.saddr = &iph->saddr,
		.family = IMSSEG_FAMILY_V4,
		.l4proto = iph->protocol,
		.l4off = skb_network_offset(skb) + iph->ihl * 4,
	};

	imsseg_stats_traffic(IMSSEG_FAM_IPV4, imsseg_l4_of(iph->protocol),
			     skb->len);
	if (iph->frag_off & htons(IP_OFFSET))
		pkt.l4off = -1;	/* non-first fragment: no L4 header */
	return imsseg_filter(skb, state, &pkt);
}

static unsigned int imsseg_hook_ipv6(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	struct imsseg_pkt pkt = {
		.saddr = &ipv6_hdr(skb)->saddr,
		.family = IMSSEG_FAMILY_V6,
	};
	__be16 frag_off;
	int off;

	/* Extension headers are read with skb_header_pointer(). */
	off = ipv6_skip_exthdr(skb, skb_network_offset(skb) +
			       sizeof(struct ipv6hdr), &nexthdr, &frag_off);
	if (off < 0 || (frag_off & htons(~0x7)))
		nexthdr = NEXTHDR_NONE;	/* non-first fragment: no L4 */
	imsseg_stats_traffic(IMSSEG_FAM_IPV6, imsseg_l4_of(nexthdr), skb->len);
	pkt.l4proto = nexthdr;
	pkt.l4off = nexthdr == NEXTHDR_NONE ? -1 : off;
	return imsseg_filter(skb, state, &pkt);
}

static const struct nf_hook_ops imsseg_nf_ops[] = {
	{
		.hook		= imsseg_hook_ipv4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= IMSSEG_HOOK_PRIO,
	},
	{
		.hook		= imsseg_hook_ipv6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= IMSSEG_HOOK_PRIO,
	},
};

/*
 * Defragmentation runs in a netns only if something enabled it there
 * (conntrack, or us): the SIP fast path needs whole datagrams, so every
 * netns with our hooks reassembles at -400, before them.
 */
static int __net_init imsseg_net_init(struct net *net)
{
	int err;

	err = nf_defrag_ipv4_enable(net);
	if (err)
		return err;
	err = nf_defrag_ipv6_enable(net);
	if (err)
		goto err_v4;
	err = nf_register_net_hooks(net, imsseg_nf_ops,
				    ARRAY_SIZE(imsseg_nf_ops));
	if (err)
		goto err_v6;
	return 0;

err_v6:
	nf_defrag_ipv6_disable(net);
err_v4:
	nf_defrag_ipv4_disable(net);
	return err;
}

static void __net_exit imsseg_net_exit(struct net *net)
{
	nf_unregister_net_hooks(net, imsseg_nf_ops, ARRAY_SIZE(imsseg_nf_ops));
	nf_defrag_ipv6_disable(net);
	nf_defrag_ipv4_disable(net);
}

static struct pernet_operations imsseg_net_ops = {
	.init = imsseg_net_init,
	.exit = imsseg_net_exit,
};

int imsseg_hooks_init(void)
{
	return register_pernet_subsys(&imsseg_net_ops);
}

void imsseg_hooks_exit(void)
{
	unregister_pernet_subsys(&imsseg_net_ops);
	/*
	 * nf_unregister_net_hooks() does not wait for hooks running on
	 * other CPUs; they run under RCU, so wait for them here before the
	 * state they use (table, limits, per-netns state) is freed.
	 */
	synchronize_net();
}
