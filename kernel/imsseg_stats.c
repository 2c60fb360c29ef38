// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU packet and byte counters.
 *
 * Each CPU owns one struct imsseg_pcpu_stats and updates it with BH
 * disabled (netfilter hooks run in softirq or with BHs off), so no
 * lock or atomic is shared between CPUs. u64_stats_sync makes the
 * 64-bit values tear-free for readers on 32-bit builds and is free
 * on 64-bit ones.
 */

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>

#include "imsseg_stats.h"

struct imsseg_pcpu_stats {
	u64_stats_t cnt[IMSSEG_CNT_MAX];
	struct u64_stats_sync syncp;
};

static struct imsseg_pcpu_stats __percpu *imsseg_pcpu;

static const char * const imsseg_fam_names[IMSSEG_FAM_MAX] = {
	[IMSSEG_FAM_IPV4] = "ipv4",
	[IMSSEG_FAM_IPV6] = "ipv6",
};

static const char * const imsseg_l4_names[IMSSEG_L4_MAX] = {
	[IMSSEG_L4_TCP] = "tcp",
	[IMSSEG_L4_UDP] = "udp",
	[IMSSEG_L4_ICMP] = "icmp",
	[IMSSEG_L4_OTHER] = "other",
};

static const char * const imsseg_event_names[IMSSEG_EV_MAX] = {
	[IMSSEG_EV_PASS] = "pass",
	[IMSSEG_EV_PASS_TRUSTED] = "pass_trusted",
	[IMSSEG_EV_DROP_BLOCKLIST] = "drop_blocklist",
	[IMSSEG_EV_DROP_UDP_RATE] = "drop_udp_rate",
	[IMSSEG_EV_DROP_SYN_RATE] = "drop_syn_rate",
	[IMSSEG_EV_DROP_PKT_RATE] = "drop_pkt_rate",
	[IMSSEG_EV_DROP_V6_64_RATE] = "drop_v6_64_rate",
	[IMSSEG_EV_DROP_V6_56_RATE] = "drop_v6_56_rate",
	[IMSSEG_EV_DROP_V6_48_RATE] = "drop_v6_48_rate",
	[IMSSEG_EV_DROP_AGGREGATE_UDP] = "drop_aggregate_udp",
	[IMSSEG_EV_DROP_AGGREGATE_SYN] = "drop_aggregate_syn",
	[IMSSEG_EV_DROP_AGGREGATE_PKT] = "drop_aggregate_pkt",
	[IMSSEG_EV_DROP_AGGREGATE_TRUSTED] = "drop_aggregate_trusted",
	[IMSSEG_EV_DROP_ZA] = "drop_za",
	[IMSSEG_EV_TABLE_INSERTS] = "table_inserts",
	[IMSSEG_EV_TABLE_EVICTIONS] = "table_evictions",
	[IMSSEG_EV_TABLE_FULL] = "table_full",
	[IMSSEG_EV_BANS] = "bans",
	[IMSSEG_EV_BANS_UNLISTED] = "bans_unlisted",
	[IMSSEG_EV_DROP_BANNED] = "drop_banned",
	[IMSSEG_EV_TABLE_EXPIRED] = "table_expired",
	[IMSSEG_EV_LIST_EXPIRED] = "list_expired",
	[IMSSEG_EV_SIP_ACCEPT] = "sip_accept",
	[IMSSEG_EV_SIP_KEEPALIVE] = "sip_keepalive",
	[IMSSEG_EV_SIP_TCP_UNSCANNED] = "sip_tcp_unscanned",
	[IMSSEG_EV_SIP_DROP_NOT_SIP] = "sip_drop_not_sip",
	[IMSSEG_EV_SIP_DROP_BAD_VERSION] = "sip_drop_bad_version",
	[IMSSEG_EV_SIP_DROP_MALFORMED] = "sip_drop_malformed",
	[IMSSEG_EV_SIP_DROP_CONTENT_LENGTH] = "sip_drop_content_length",
	[IMSSEG_EV_SIP_DROP_MISSING_HEADER] = "sip_drop_missing_header",
	[IMSSEG_EV_SIP_DROP_TRUNCATED] = "sip_drop_truncated",
	[IMSSEG_EV_SIP_DROP_MAX_FORWARDS] = "sip_drop_max_forwards",
	[IMSSEG_EV_SIP_DROP_OVERSIZED] = "sip_drop_oversized",
	[IMSSEG_EV_SIP_DROP_UA] = "sip_drop_ua",
	[IMSSEG_EV_SIP_DROP_INVITE_RATE] = "sip_drop_invite_rate",
	[IMSSEG_EV_SIP_DROP_REGISTER_RATE] = "sip_drop_register_rate",
	[IMSSEG_EV_SIP_DROP_OPTIONS_RATE] = "sip_drop_options_rate",
	[IMSSEG_EV_SIP_DROP_OTHER_RATE] = "sip_drop_other_rate",
	[IMSSEG_EV_PUNT_BYE] = "punt_bye",
	[IMSSEG_EV_PUNT_CANCEL] = "punt_cancel",
	[IMSSEG_EV_PUNT_IN_DIALOG] = "punt_in_dialog",
	[IMSSEG_EV_PUNT_REGISTER] = "punt_register",
	[IMSSEG_EV_PUNT_REDIRECT] = "punt_redirect",
	[IMSSEG_EV_PUNT_USE_PROXY] = "punt_use_proxy",
	[IMSSEG_EV_PUNT_VIA_MISMATCH] = "punt_via_mismatch",
	[IMSSEG_EV_PUNT_INSECURE] = "punt_insecure",
	[IMSSEG_EV_PUNT_UNSURE] = "punt_unsure",
	[IMSSEG_EV_PUNT_DIALOG] = "punt_dialog",
	[IMSSEG_EV_PUNT_ALL] = "punt_all",
	[IMSSEG_EV_PUNT_LEARN] = "punt_learn",
	[IMSSEG_EV_SIP_TRUSTED_UNPARSED] = "sip_trusted_unparsed",
};

/* "ipv6_other_packets" plus NUL is the longest traffic name. */
#define IMSSEG_STAT_NAME_LEN	24
static char imsseg_names[IMSSEG_CNT_EVENTS][IMSSEG_STAT_NAME_LEN];

int imsseg_stats_init(void)
{
	unsigned int fam, l4, idx;
	int cpu;

	for (idx = 0; idx < IMSSEG_EV_MAX; idx++)
		if (WARN_ON(!imsseg_event_names[idx]))
			return -EINVAL;

	imsseg_pcpu = alloc_percpu(struct imsseg_pcpu_stats);
	if (!imsseg_pcpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(imsseg_pcpu, cpu)->syncp);

	for (fam = 0; fam < IMSSEG_FAM_MAX; fam++) {
		for (l4 = 0; l4 < IMSSEG_L4_MAX; l4++) {
			idx = IMSSEG_CNT_TRAFFIC(fam, l4);
			snprintf(imsseg_names[idx], IMSSEG_STAT_NAME_LEN,
				 "%s_%s_packets", imsseg_fam_names[fam],
				 imsseg_l4_names[l4]);
			snprintf(imsseg_names[idx + 1], IMSSEG_STAT_NAME_LEN,
				 "%s_%s_bytes", imsseg_fam_names[fam],
				 imsseg_l4_names[l4]);
		}
	}
	return 0;
}

void imsseg_stats_exit(void)
{
	free_percpu(imsseg_pcpu);
	imsseg_pcpu = NULL;
}

void imsseg_stats_traffic(enum imsseg_fam fam, enum imsseg_l4 l4,
			  unsigned int bytes)
{
	struct imsseg_pcpu_stats *s = this_cpu_ptr(imsseg_pcpu);
	unsigned int idx = IMSSEG_CNT_TRAFFIC(fam, l4);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->cnt[idx]);
	u64_stats_add(&s->cnt[idx + 1], bytes);
	u64_stats_update_end(&s->syncp);
}

void imsseg_stats_event(enum imsseg_event ev)
{
	struct imsseg_pcpu_stats *s = this_cpu_ptr(imsseg_pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->cnt[IMSSEG_CNT_EVENT(ev)]);
	u64_stats_update_end(&s->syncp);
}

u64 imsseg_stats_read(unsigned int idx)
{
	const struct imsseg_pcpu_stats *s;
	unsigned int start;
	u64 sum = 0, v;
	int cpu;

	if (idx >= IMSSEG_CNT_MAX)
		return 0;
	for_each_possible_cpu(cpu) {
		s = per_cpu_ptr(imsseg_pcpu, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			v = u64_stats_read(&s->cnt[idx]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum += v;
	}
	return sum;
}

const char *imsseg_stats_name(unsigned int idx)
{
	if (idx < IMSSEG_CNT_EVENTS)
		return imsseg_names[idx];
	if (idx < IMSSEG_CNT_MAX)
		return imsseg_event_names[idx - IMSSEG_CNT_EVENTS];
	return NULL;
}
