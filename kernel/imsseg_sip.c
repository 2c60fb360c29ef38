// SPDX-License-Identifier: GPL-2.0
/*
 * SIP fast path. For a UDP or TCP packet from or to a port in sip/ports
 * that the flood filter passed (untrusted and za interfaces):
 *
 *   1. payload: UDP: the datagram (after defrag); TCP: the segment, only
 *      if it starts a SIP message (else sip_tcp_unscanned, accepted)
 *   2. copy at most sip/scan_bytes of it with skb_header_pointer() into
 *      this CPU's buffer (BHs are off in the hook: no one else uses it)
 *   3. untrusted sources: a message that starts like a request (its
 *      first token and SP, imsseg_sip_rate_peek()) is charged to the
 *      per-method bucket of the source's entry in the per-source table
 *      and dropped if refused, before the scan: a flood costs a token
 *      lookup, not a scan
 *   4. imsseg_sip_scan(), imsseg_sip_classify() (the decision table)
 *   5. NF_ACCEPT, NF_DROP or NF_QUEUE_NR() spread over punt/queues by a
 *      symmetric address hash, so one dialog stays on one queue; packets
 *      with a secpath go to the second block of punt/queues queues
 *
 * On trusted interfaces (imsseg_sip_learn_filter(), punt/learn 1) only
 * the messages segctl learns from are looked at: a prefix check on the
 * first bytes, then the same bounded scan; the verdict is NF_ACCEPT or
 * a punt with the bypass flag, never a drop.
 *
 * No allocation; the only lock is the per-source entry lock that the
 * flood filter already takes. Work is bounded by scan_bytes.
 */

#include <linux/imsseg.h>
#include <linux/netfilter.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/netfilter/nf_queue.h>
#include <net/xfrm.h>

#include "imsseg_filter.h"
#include "imsseg_limits.h"
#include "imsseg_ratelimit.h"
#include "imsseg_sip.h"
#include "imsseg_sipcfg.h"
#include "imsseg_stats.h"

/* IMSSEG_SIP_SCAN_MAX bytes per possible CPU, allocated at load. */
static DEFINE_PER_CPU(u8 *, imsseg_sip_buf);
static u32 imsseg_sip_hash_seed __read_mostly;

static const enum imsseg_event imsseg_sip_reason_ev[IMSSEG_SIPR_COUNT] = {
	[IMSSEG_SIPR_ACCEPT] = IMSSEG_EV_SIP_ACCEPT,
	[IMSSEG_SIPR_KEEPALIVE] = IMSSEG_EV_SIP_KEEPALIVE,
	[IMSSEG_SIPR_NOT_SIP] = IMSSEG_EV_SIP_DROP_NOT_SIP,
	[IMSSEG_SIPR_BAD_VERSION] = IMSSEG_EV_SIP_DROP_BAD_VERSION,
	[IMSSEG_SIPR_MALFORMED] = IMSSEG_EV_SIP_DROP_MALFORMED,
	[IMSSEG_SIPR_CONTENT_LENGTH] = IMSSEG_EV_SIP_DROP_CONTENT_LENGTH,
	[IMSSEG_SIPR_MISSING_HEADER] = IMSSEG_EV_SIP_DROP_MISSING_HEADER,
	[IMSSEG_SIPR_TRUNCATED] = IMSSEG_EV_SIP_DROP_TRUNCATED,
	[IMSSEG_SIPR_MAX_FORWARDS] = IMSSEG_EV_SIP_DROP_MAX_FORWARDS,
	[IMSSEG_SIPR_UA] = IMSSEG_EV_SIP_DROP_UA,
};

static_assert(IMSSEG_EV_PUNT_ALL - IMSSEG_EV_PUNT_BYE ==
	      IMSSEG_PUNT_ALL - IMSSEG_PUNT_BYE);
static_assert(IMSSEG_EV_SIP_DROP_OTHER_RATE - IMSSEG_EV_SIP_DROP_INVITE_RATE ==
	      IMSSEG_SIP_RATE_OTHER - IMSSEG_SIP_RATE_INVITE);
static_assert(IMSSEG_RL_B_SIP_OTHER - IMSSEG_RL_B_SIP_INVITE ==
	      IMSSEG_SIP_RATE_OTHER - IMSSEG_SIP_RATE_INVITE);
static_assert(IMSSEG_LIM_SIP_OTHER - IMSSEG_LIM_SIP_INVITE ==
	      IMSSEG_SIP_RATE_OTHER - IMSSEG_SIP_RATE_INVITE);

static bool imsseg_sip_port(const struct imsseg_sip_cfg *c, u16 sport,
			    u16 dport)
{
	unsigned int i;

	for (i = 0; i < c->nports; i++)
		if (c->ports[i] == sport || c->ports[i] == dport)
			return true;
	return false;
}

/*
 * Payload offset and length of a SIP packet, or false if the packet is
 * not on a SIP port (or has no payload).
 */
static bool imsseg_sip_payload(const struct sk_buff *skb,
			       const struct imsseg_pkt *pkt,
			       const struct imsseg_sip_cfg *c,
			       unsigned int *off, unsigned int *len)
{
	const struct udphdr *uh;
	const struct tcphdr *th;
	struct udphdr _uh;
	struct tcphdr _th;
	unsigned int hl, ulen = 0;

	if (pkt->l4off < 0 || !c->nports)
		return false;
	switch (pkt->l4proto) {
	case IPPROTO_UDP:
		uh = skb_header_pointer(skb, pkt->l4off, sizeof(_uh), &_uh);
		if (!uh || !imsseg_sip_port(c, ntohs(uh->source),
					    ntohs(uh->dest)))
			return false;
		hl = sizeof(*uh);
		ulen = ntohs(uh->len);
		break;
	case IPPROTO_TCP:
		th = skb_header_pointer(skb, pkt->l4off, sizeof(_th), &_th);
		if (!th || !imsseg_sip_port(c, ntohs(th->source),
					    ntohs(th->dest)))
			return false;
		hl = th->doff * 4;
		break;
	default:
		return false;
	}
	*off = pkt->l4off + hl;
	if (*off >= skb->len)
		return false;	/* no payload: a bare ACK, SYN, FIN */
	*len = skb->len - *off;
	if (ulen >= hl)
		*len = min_t(unsigned int, *len, ulen - hl);
	return *len > 0;
}

/* Charge the source's method bucket; false if the rate is exceeded. */
static bool imsseg_sip_rate_ok(const struct nf_hook_state *state,
			       const struct imsseg_pkt *pkt, unsigned int r)
{
	const struct imsseg_limits *l = imsseg_limits_get();
	unsigned int lim = IMSSEG_LIM_SIP_INVITE + r;
	struct imsseg_rl_entry *e;
	struct imsseg_prefix key;
	u64 now_ns;
	bool ok;

	if (!l->cfg[lim].rate)
		return true;
	if (imsseg_prefix_set(&key, pkt->family, pkt->saddr,
			      pkt->family == IMSSEG_FAMILY_V4 ? 32 : 128))
		return true;
	now_ns = ktime_get_ns();
	e = imsseg_rl_get(state->net, &key, l, now_ns);
	if (!e)
		return true;	/* table full: fail-open, as the filter */
	spin_lock(&e->lock);
	ok = imsseg_bucket_take(&e->b[IMSSEG_RL_B_SIP_INVITE + r],
				&l->cfg[lim], now_ns);
	spin_unlock(&e->lock);
	return ok;
}

/*
 * The NFQUEUE verdict of a punt: block IMSSEG_PUNT_BLOCK_SECURE for a
 * packet with a secpath, else IMSSEG_PUNT_BLOCK_PLAIN; inside the block
 * the symmetric address hash. sipcfg keeps queue + 2 * queues <= 65536.
 */
static unsigned int imsseg_sip_queue(const struct sk_buff *skb,
				     const struct nf_hook_state *state,
				     const struct imsseg_sip_cfg *c,
				     bool bypass)
{
	u32 q = IMSSEG_PUNT_BLOCK_QUEUE(c->queue, c->queues,
					secpath_exists(skb) ?
					IMSSEG_PUNT_BLOCK_SECURE :
					IMSSEG_PUNT_BLOCK_PLAIN);

	if (c->queues > 1)
		q = nfqueue_hash(skb, q, c->queues, state->pf,
				 imsseg_sip_hash_seed);
	return NF_QUEUE_NR(q) | (bypass ? NF_VERDICT_FLAG_QUEUE_BYPASS : 0);
}

static unsigned int imsseg_sip_punt(const struct sk_buff *skb,
				    const struct nf_hook_state *state,
				    const struct imsseg_sip_cfg *c,
				    unsigned int class)
{
	imsseg_stats_event(IMSSEG_EV_PUNT_BYE + class);
	return imsseg_sip_queue(skb, state, c, c->fail_open);
}

unsigned int imsseg_sip_filter(struct sk_buff *skb,
			       const struct nf_hook_state *state,
			       const struct imsseg_pkt *pkt, bool trusted)
{
	const struct imsseg_sip_cfg *c = imsseg_sipcfg_get();
	struct imsseg_sip_decision d;
	struct imsseg_sip_info info;
	unsigned int off, total, len;
	struct imsseg_sip_ctx ctx;
	const u8 *buf;
	u8 rate;

	if (!imsseg_sip_payload(skb, pkt, c, &off, &total))
		return NF_ACCEPT;
	/* A UDP datagram is one message; a TCP segment is not. */
	if (pkt->l4proto == IPPROTO_UDP && total > c->max_bytes) {
		imsseg_stats_event(IMSSEG_EV_SIP_DROP_OVERSIZED);
		return NF_DROP;
	}
	len = min_t(unsigned int, total, c->scan_bytes);
	buf = skb_header_pointer(skb, off, len, this_cpu_read(imsseg_sip_buf));
	if (unlikely(!buf))
		return NF_ACCEPT;
	if (pkt->l4proto == IPPROTO_TCP &&
	    !imsseg_sip_starts_message(buf, len)) {
		imsseg_stats_event(IMSSEG_EV_SIP_TCP_UNSCANNED);
		return NF_ACCEPT;
	}
	/*
	 * The method bucket before the scan. A message dropped by the scan
	 * below has used its token; one over the rate is a rate drop
	 * whatever the scan would have said (Documentation/design.rst).
	 */
	rate = trusted ? IMSSEG_SIP_RATE_NONE : imsseg_sip_rate_peek(buf, len);
	if (rate != IMSSEG_SIP_RATE_NONE &&
	    !imsseg_sip_rate_ok(state, pkt, rate)) {
		imsseg_stats_event(IMSSEG_EV_SIP_DROP_INVITE_RATE + rate);
		return NF_DROP;
	}

	imsseg_sip_scan(buf, len, total, &info);
	ctx = (struct imsseg_sip_ctx) {
		.saddr = pkt->saddr,
		.family = pkt->family,
		.tcp = pkt->l4proto == IPPROTO_TCP,
		.secure = secpath_exists(skb),
		.require_secure = c->require_secure,
		.punt_mask = c->punt_mask,
		.n_ua = c->n_ua,
		.ua = c->ua,
	};
	imsseg_sip_classify(buf, &info, &ctx, &d);
	if (d.action == IMSSEG_SIPA_DROP) {
		imsseg_stats_event(imsseg_sip_reason_ev[d.reason]);
		return NF_DROP;
	}
	if (d.action == IMSSEG_SIPA_PUNT)
		return imsseg_sip_punt(skb, state, c, d.punt);
	imsseg_stats_event(imsseg_sip_reason_ev[d.reason]);
	return NF_ACCEPT;
}

unsigned int imsseg_sip_learn_filter(struct sk_buff *skb,
				     const struct nf_hook_state *state,
				     const struct imsseg_pkt *pkt)
{
	const struct imsseg_sip_cfg *c = imsseg_sipcfg_get();
	unsigned int off, total, len;
	struct imsseg_sip_info info;
	const u8 *buf;
	u8 head[IMSSEG_SIP_LEARN_PREFIX];

	if (!c->learn || !imsseg_sip_payload(skb, pkt, c, &off, &total))
		return NF_ACCEPT;
	/*
	 * Most of the core's SIP is not learned: decide on the first bytes
	 * before copying scan_bytes. On TCP a segment starting with one of
	 * these starts a message.
	 */
	len = min_t(unsigned int, total, sizeof(head));
	buf = skb_header_pointer(skb, off, len, head);
	if (unlikely(!buf) || !imsseg_sip_learn_candidate(buf, len))
		return NF_ACCEPT;
	len = min_t(unsigned int, total, c->scan_bytes);
	buf = skb_header_pointer(skb, off, len, this_cpu_read(imsseg_sip_buf));
	if (unlikely(!buf))
		return NF_ACCEPT;
	imsseg_sip_scan(buf, len, total, &info);
	switch (imsseg_sip_learn(&info, pkt->l4proto == IPPROTO_TCP)) {
	case IMSSEG_SIPL_PUNT:
		imsseg_stats_event(IMSSEG_EV_PUNT_LEARN);
		/* never blocking: bypass whatever punt/fail_mode says */
		return imsseg_sip_queue(skb, state, c, true);
	case IMSSEG_SIPL_UNPARSED:
		imsseg_stats_event(IMSSEG_EV_SIP_TRUSTED_UNPARSED);
		return NF_ACCEPT;
	default:
		return NF_ACCEPT;
	}
}

int imsseg_sip_init(void)
{
	int cpu;

	imsseg_sip_hash_seed = get_random_u32();
	for_each_possible_cpu(cpu) {
		u8 *b = kvmalloc_node(IMSSEG_SIP_SCAN_MAX, GFP_KERNEL,
				      cpu_to_node(cpu));

		if (!b) {
			imsseg_sip_exit();
			return -ENOMEM;
		}
		per_cpu(imsseg_sip_buf, cpu) = b;
	}
	return 0;
}

void imsseg_sip_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		kvfree(per_cpu(imsseg_sip_buf, cpu));
		per_cpu(imsseg_sip_buf, cpu) = NULL;
	}
}
