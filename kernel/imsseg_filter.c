// SPDX-License-Identifier: GPL-2.0
/*
 * The flood-protection pipeline (Documentation/design.rst, "Filter
 * pipeline"). Per packet on a filtered interface:
 *
 *   role (imsseg_role_get)       none: accept; trusted: accept or, SIP
 *                                to learn from, a bypass punt
 *                                (imsseg_sip_learn_filter); not limited
 *   class (imsseg_class_get)     denied: drop_blocklist
 *   za interface                 ESP, IKE (UDP 500/4500): pass;
 *                                trusted class: pass_trusted;
 *                                anything else: drop_za
 *   untrusted interface, trusted class
 *                                aggregate trusted bucket:
 *                                pass_trusted / drop_aggregate_trusted
 *   untrusted interface, untrusted class
 *     per source (/32; /128, /64, /56, /48): ban? drop_banned;
 *                                udp or syn bucket, then pkt bucket
 *     per interface aggregate:   udp or syn bucket, then pkt bucket
 *                                pass / drop_*
 *   passed (untrusted and za)    SIP ports: imsseg_sip_filter() (scan,
 *                                accept / drop / punt to NFQUEUE)
 *
 * Every packet on an untrusted or za interface ends in exactly one event
 * counter. A packet refused by a bucket is not charged to the later
 * buckets, so one source's excess never eats its prefix's or the
 * interface's budget.
 *
 * Aggregate buckets live in this file's per-netns state: an xarray from
 * ifindex to struct imsseg_agg, created on the first packet of an
 * untrusted interface and freed when the device is unregistered or the
 * netns goes (so bounded by the number of devices). Each aggregate
 * bucket has its own spinlock on its own cache line, as nft_limit has:
 * a per-CPU split (rate / num_online_cpus) would cut the budget of a
 * single-queue NIC to 1/ncpus and make the limit depend on RSS spread.
 */

#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "imsseg_filter.h"
#include "imsseg_limits.h"
#include "imsseg_net.h"
#include "imsseg_ratelimit.h"
#include "imsseg_sip.h"
#include "imsseg_stats.h"

#define IMSSEG_IKE_PORT		500
#define IMSSEG_IKE_NATT_PORT	4500

/* Aggregate buckets, in the order of IMSSEG_LIM_AGG_* */
enum imsseg_agg_slot {
	IMSSEG_AGG_UDP,
	IMSSEG_AGG_SYN,
	IMSSEG_AGG_PKT,
	IMSSEG_AGG_TRUSTED,
	IMSSEG_AGG_MAX
};

static_assert(IMSSEG_LIM_AGG_UDP + IMSSEG_AGG_MAX == IMSSEG_LIM_SIP_INVITE);

struct imsseg_agg_bucket {
	spinlock_t lock;	/* serialises imsseg_bucket_take() on b */
	struct imsseg_bucket b;
} ____cacheline_aligned_in_smp;

struct imsseg_agg {
	struct imsseg_agg_bucket slot[IMSSEG_AGG_MAX];
	struct rcu_head rcu;
};

struct imsseg_filter_net {
	struct xarray aggs;	/* ifindex -> struct imsseg_agg */
};

static unsigned int imsseg_filter_net_id __read_mostly;

/* What a packet is charged as. */
enum imsseg_kind {
	IMSSEG_KIND_UDP,
	IMSSEG_KIND_SYN,	/* TCP, SYN set and ACK clear */
	IMSSEG_KIND_OTHER,
};

static enum imsseg_kind imsseg_kind_of(const struct sk_buff *skb,
				       const struct imsseg_pkt *pkt,
				       u16 *dport)
{
	const struct udphdr *uh;
	const struct tcphdr *th;
	struct udphdr _uh;
	struct tcphdr _th;

	if (pkt->l4off < 0)
		return IMSSEG_KIND_OTHER;
	switch (pkt->l4proto) {
	case IPPROTO_UDP:
		uh = skb_header_pointer(skb, pkt->l4off, sizeof(_uh), &_uh);
		if (!uh)
			return IMSSEG_KIND_OTHER;
		*dport = ntohs(uh->dest);
		return IMSSEG_KIND_UDP;
	case IPPROTO_TCP:
		th = skb_header_pointer(skb, pkt->l4off, sizeof(_th), &_th);
		if (th && th->syn && !th->ack)
			return IMSSEG_KIND_SYN;
		return IMSSEG_KIND_OTHER;
	default:
		return IMSSEG_KIND_OTHER;
	}
}

/* The aggregate state of an interface, created on first use. */
static struct imsseg_agg *imsseg_agg_get(struct net *net, int ifindex,
					 const struct imsseg_limits *l,
					 u64 now_ns)
{
	struct imsseg_filter_net *fn = net_generic(net, imsseg_filter_net_id);
	struct imsseg_agg *a, *old;
	unsigned int i;

	a = xa_load(&fn->aggs, ifindex);
	if (likely(a))
		return a;
	a = kmalloc(sizeof(*a), GFP_ATOMIC);
	if (!a)
		return NULL;
	for (i = 0; i < IMSSEG_AGG_MAX; i++) {
		spin_lock_init(&a->slot[i].lock);
		imsseg_bucket_init(&a->slot[i].b,
				   &l->cfg[IMSSEG_LIM_AGG_UDP + i], now_ns);
	}
	old = xa_cmpxchg_bh(&fn->aggs, ifindex, NULL, a, GFP_ATOMIC);
	if (old) {
		/* Lost a race (old is the winner) or -ENOMEM. */
		kfree(a);
		return xa_is_err(old) ? NULL : old;
	}
	return a;
}

static bool imsseg_agg_take(struct imsseg_agg *a, enum imsseg_agg_slot slot,
			    const struct imsseg_limits *l, u64 now_ns)
{
	const struct imsseg_bucket_cfg *cfg = &l->cfg[IMSSEG_LIM_AGG_UDP + slot];
	struct imsseg_agg_bucket *ab = &a->slot[slot];
	bool ok;

	if (!cfg->rate)
		return true;
	spin_lock(&ab->lock);
	ok = imsseg_bucket_take(&ab->b, cfg, now_ns);
	spin_unlock(&ab->lock);
	return ok;
}

static void imsseg_agg_del(struct net *net, int ifindex)
{
	struct imsseg_filter_net *fn = net_generic(net, imsseg_filter_net_id);
	struct imsseg_agg *a;

	a = xa_erase_bh(&fn->aggs, ifindex);
	if (a)
		kfree_rcu(a, rcu);
}

/* Register a new ban with the blocklist, so that segctl shows it. */
static void imsseg_filter_ban(struct imsseg_net *in,
			      const struct imsseg_prefix *key,
			      enum imsseg_event ev,
			      const struct imsseg_limits *l)
{
	char reason[IMSSEG_REASON_LEN];
	const char *name = imsseg_stats_name(IMSSEG_CNT_EVENT(ev));

	imsseg_stats_event(IMSSEG_EV_BANS);
	/* "drop_udp_rate" -> "auto: udp_rate" */
	if (!strncmp(name, "drop_", 5))
		name += 5;
	snprintf(reason, sizeof(reason), "auto: %s", name);
	if (imsseg_block_auto(in, key, l->ban_s, reason))
		imsseg_stats_event(IMSSEG_EV_BANS_UNLISTED);
}

static const enum imsseg_event imsseg_lim_drop_ev[IMSSEG_LIM_AGG_UDP] = {
	[IMSSEG_LIM_UDP] = IMSSEG_EV_DROP_UDP_RATE,
	[IMSSEG_LIM_SYN] = IMSSEG_EV_DROP_SYN_RATE,
	[IMSSEG_LIM_PKT] = IMSSEG_EV_DROP_PKT_RATE,
	[IMSSEG_LIM_V6_64] = IMSSEG_EV_DROP_V6_64_RATE,
	[IMSSEG_LIM_V6_56] = IMSSEG_EV_DROP_V6_56_RATE,
	[IMSSEG_LIM_V6_48] = IMSSEG_EV_DROP_V6_48_RATE,
};

/* One per-source key: its ban, then its class bucket, then pkt. */
static enum imsseg_event imsseg_filter_key(struct imsseg_net *in,
					   const struct net *net,
					   const struct imsseg_prefix *key,
					   enum imsseg_kind kind,
					   const struct imsseg_limits *l,
					   u64 now_ns)
{
	unsigned int lim[IMSSEG_RL_B_MAX], order[2], n = 0, i;
	enum imsseg_event ev = IMSSEG_EV_PASS;
	struct imsseg_rl_entry *e;
	bool ban = false;

	imsseg_rl_key_lims(key, lim);
	if (kind == IMSSEG_KIND_UDP && lim[IMSSEG_RL_B_UDP] < IMSSEG_LIM_MAX &&
	    l->cfg[lim[IMSSEG_RL_B_UDP]].rate)
		order[n++] = IMSSEG_RL_B_UDP;
	if (kind == IMSSEG_KIND_SYN && lim[IMSSEG_RL_B_SYN] < IMSSEG_LIM_MAX &&
	    l->cfg[lim[IMSSEG_RL_B_SYN]].rate)
		order[n++] = IMSSEG_RL_B_SYN;
	if (lim[IMSSEG_RL_B_PKT] < IMSSEG_LIM_MAX &&
	    l->cfg[lim[IMSSEG_RL_B_PKT]].rate)
		order[n++] = IMSSEG_RL_B_PKT;
	if (!n)
		return IMSSEG_EV_PASS;	/* no limit: no entry needed */

	e = imsseg_rl_get(net, key, l, now_ns);
	if (!e)
		return IMSSEG_EV_PASS;	/* table full: fail-open per source */

	spin_lock(&e->lock);
	if (l->ban_ns && imsseg_esc_banned(&e->esc, now_ns)) {
		ev = IMSSEG_EV_DROP_BANNED;
	} else {
		for (i = 0; i < n; i++) {
			unsigned int b = order[i];

			if (imsseg_bucket_take(&e->b[b], &l->cfg[lim[b]],
					       now_ns))
				continue;
			ev = imsseg_lim_drop_ev[lim[b]];
			ban = imsseg_esc_drop(&e->esc, now_ns, l->ban_after_ns,
					      l->ban_ns);
			break;
		}
	}
	spin_unlock(&e->lock);
	if (ban)
		imsseg_filter_ban(in, key, ev, l);
	return ev;
}

static enum imsseg_event imsseg_filter_sources(struct imsseg_net *in,
					       const struct net *net,
					       const struct imsseg_pkt *pkt,
					       enum imsseg_kind kind,
					       const struct imsseg_limits *l,
					       u64 now_ns)
{
	struct imsseg_prefix keys[IMSSEG_SRC_KEYS_MAX];
	enum imsseg_event ev;
	unsigned int n, i;

	n = imsseg_prefix_src_keys(keys, pkt->family, pkt->saddr);
	for (i = 0; i < n; i++) {
		ev = imsseg_filter_key(in, net, &keys[i], kind, l, now_ns);
		if (ev != IMSSEG_EV_PASS)
			return ev;
	}
	return IMSSEG_EV_PASS;
}

static enum imsseg_event imsseg_filter_untrusted(struct imsseg_net *in,
						 struct sk_buff *skb,
						 const struct nf_hook_state *state,
						 const struct imsseg_pkt *pkt)
{
	const struct imsseg_limits *l;
	enum imsseg_class class;
	enum imsseg_event ev;
	enum imsseg_kind kind;
	struct imsseg_agg *a;
	u16 dport = 0;
	u64 now_ns;

	class = imsseg_class_get(in, pkt->family, pkt->saddr);
	if (class == IMSSEG_CLASS_DENIED)
		return IMSSEG_EV_DROP_BLOCKLIST;

	l = imsseg_limits_get();
	now_ns = ktime_get_ns();
	kind = imsseg_kind_of(skb, pkt, &dport);
	if (class != IMSSEG_CLASS_TRUSTED) {
		ev = imsseg_filter_sources(in, state->net, pkt, kind, l,
					   now_ns);
		if (ev != IMSSEG_EV_PASS)
			return ev;
	}

	a = imsseg_agg_get(state->net, state->in->ifindex, l, now_ns);
	if (class == IMSSEG_CLASS_TRUSTED) {
		if (a && !imsseg_agg_take(a, IMSSEG_AGG_TRUSTED, l, now_ns))
			return IMSSEG_EV_DROP_AGGREGATE_TRUSTED;
		return IMSSEG_EV_PASS_TRUSTED;
	}
	if (!a)
		return IMSSEG_EV_PASS;	/* no memory: fail-open */
	if (kind == IMSSEG_KIND_UDP &&
	    !imsseg_agg_take(a, IMSSEG_AGG_UDP, l, now_ns))
		return IMSSEG_EV_DROP_AGGREGATE_UDP;
	if (kind == IMSSEG_KIND_SYN &&
	    !imsseg_agg_take(a, IMSSEG_AGG_SYN, l, now_ns))
		return IMSSEG_EV_DROP_AGGREGATE_SYN;
	if (!imsseg_agg_take(a, IMSSEG_AGG_PKT, l, now_ns))
		return IMSSEG_EV_DROP_AGGREGATE_PKT;
	return IMSSEG_EV_PASS;
}

static enum imsseg_event imsseg_filter_za(struct imsseg_net *in,
					  struct sk_buff *skb,
					  const struct imsseg_pkt *pkt)
{
	enum imsseg_class class;
	u16 dport = 0;

	class = imsseg_class_get(in, pkt->family, pkt->saddr);
	if (class == IMSSEG_CLASS_DENIED)
		return IMSSEG_EV_DROP_BLOCKLIST;
	if (pkt->l4proto == IPPROTO_ESP)
		return IMSSEG_EV_PASS;
	if (imsseg_kind_of(skb, pkt, &dport) == IMSSEG_KIND_UDP &&
	    (dport == IMSSEG_IKE_PORT || dport == IMSSEG_IKE_NATT_PORT))
		return IMSSEG_EV_PASS;
	if (class == IMSSEG_CLASS_TRUSTED)
		return IMSSEG_EV_PASS_TRUSTED;
	return IMSSEG_EV_DROP_ZA;
}

static unsigned int imsseg_verdict(enum imsseg_event ev)
{
	imsseg_stats_event(ev);
	if (ev == IMSSEG_EV_PASS || ev == IMSSEG_EV_PASS_TRUSTED)
		return NF_ACCEPT;
	return NF_DROP;
}

unsigned int imsseg_filter(struct sk_buff *skb,
			   const struct nf_hook_state *state,
			   const struct imsseg_pkt *pkt)
{
	struct imsseg_net *in;
	enum imsseg_event ev;

	if (unlikely(!state->in))
		return NF_ACCEPT;
	in = imsseg_net(state->net);
	switch (imsseg_role_get(in, state->in->ifindex)) {
	case IMSSEG_ROLE_UNTRUSTED:
		ev = imsseg_filter_untrusted(in, skb, state, pkt);
		break;
	case IMSSEG_ROLE_ZA:
		ev = imsseg_filter_za(in, skb, pkt);
		break;
	case IMSSEG_ROLE_TRUSTED:
		/* never limited nor dropped; SIP to learn from is queued */
		return imsseg_sip_learn_filter(skb, state, pkt);
	default:
		/* none: counted by the hook only */
		return NF_ACCEPT;
	}
	if (imsseg_verdict(ev) != NF_ACCEPT)
		return NF_DROP;
	/* Passed the flood limits: SIP gets the fast path's verdict. */
	return imsseg_sip_filter(skb, state, pkt, ev == IMSSEG_EV_PASS_TRUSTED);
}

/* Per-netns state and device removal */

static int imsseg_filter_netdev_event(struct notifier_block *nb,
				      unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_UNREGISTER)
		imsseg_agg_del(dev_net(dev), dev->ifindex);
	return NOTIFY_DONE;
}

static struct notifier_block imsseg_filter_netdev_nb = {
	.notifier_call = imsseg_filter_netdev_event,
};

static int __net_init imsseg_filter_net_init(struct net *net)
{
	struct imsseg_filter_net *fn = net_generic(net, imsseg_filter_net_id);

	xa_init_flags(&fn->aggs, XA_FLAGS_LOCK_BH);
	return 0;
}

static void __net_exit imsseg_filter_net_exit(struct net *net)
{
	struct imsseg_filter_net *fn = net_generic(net, imsseg_filter_net_id);
	struct imsseg_agg *a;
	unsigned long idx;

	/* The hooks of net are gone (registered later, exit earlier). */
	xa_for_each(&fn->aggs, idx, a) {
		xa_erase_bh(&fn->aggs, idx);
		kfree_rcu(a, rcu);
	}
	xa_destroy(&fn->aggs);
	imsseg_rl_flush_net(net);
}

static struct pernet_operations imsseg_filter_net_ops = {
	.init = imsseg_filter_net_init,
	.exit = imsseg_filter_net_exit,
	.id = &imsseg_filter_net_id,
	.size = sizeof(struct imsseg_filter_net),
};

int imsseg_filter_init(void)
{
	int err;

	err = register_pernet_subsys(&imsseg_filter_net_ops);
	if (err)
		return err;
	err = register_netdevice_notifier(&imsseg_filter_netdev_nb);
	if (err)
		goto err_pernet;
	return 0;

err_pernet:
	unregister_pernet_subsys(&imsseg_filter_net_ops);
	return err;
}

void imsseg_filter_exit(void)
{
	unregister_netdevice_notifier(&imsseg_filter_netdev_nb);
	unregister_pernet_subsys(&imsseg_filter_net_ops);
}
