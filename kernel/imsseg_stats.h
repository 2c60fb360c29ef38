/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU counters. The hot path only ever touches its own CPU's copy;
 * readers (sysfs) sum over all possible CPUs.
 */
#ifndef _IMSSEG_STATS_H
#define _IMSSEG_STATS_H

#include <linux/types.h>

/* Address families the hooks see, in counter order. */
enum imsseg_fam {
	IMSSEG_FAM_IPV4,
	IMSSEG_FAM_IPV6,
	IMSSEG_FAM_MAX
};

/* Transport protocols counted separately; ICMP covers ICMPv6. */
enum imsseg_l4 {
	IMSSEG_L4_TCP,
	IMSSEG_L4_UDP,
	IMSSEG_L4_ICMP,
	IMSSEG_L4_OTHER,
	IMSSEG_L4_MAX
};

/*
 * Event counters: one sysfs file each, named in imsseg_stats.c
 * (imsseg_event_names). Add a new one in both places; the sysfs file,
 * segctl stats and the docs follow the name.
 */
enum imsseg_event {
	IMSSEG_EV_PASS,		/* passed all checks on a filtered iface */
	IMSSEG_EV_PASS_TRUSTED,	/* source in the trusted class */
	IMSSEG_EV_DROP_BLOCKLIST,	/* source in the blocklist (denied) */
	IMSSEG_EV_DROP_UDP_RATE,	/* per-source UDP packets/s */
	IMSSEG_EV_DROP_SYN_RATE,	/* per-source TCP SYN/s */
	IMSSEG_EV_DROP_PKT_RATE,	/* per-source packets/s */
	IMSSEG_EV_DROP_V6_64_RATE,	/* per-/64 packets/s */
	IMSSEG_EV_DROP_V6_56_RATE,	/* per-/56 packets/s */
	IMSSEG_EV_DROP_V6_48_RATE,	/* per-/48 packets/s */
	IMSSEG_EV_DROP_AGGREGATE_UDP,	/* per-iface untrusted UDP packets/s */
	IMSSEG_EV_DROP_AGGREGATE_SYN,	/* per-iface untrusted SYN/s */
	IMSSEG_EV_DROP_AGGREGATE_PKT,	/* per-iface untrusted packets/s */
	IMSSEG_EV_DROP_AGGREGATE_TRUSTED,	/* per-iface trusted packets/s */
	IMSSEG_EV_DROP_ZA,	/* not ESP/IKE/peer on a za iface */
	IMSSEG_EV_TABLE_INSERTS,	/* per-source entries created */
	IMSSEG_EV_TABLE_EVICTIONS,	/* idle entries evicted */
	IMSSEG_EV_TABLE_FULL,	/* no entry: table at max_entries */
	IMSSEG_EV_BANS,		/* automatic bans (escalation) */
	IMSSEG_EV_BANS_UNLISTED,	/* bans imsseg_block_auto() refused */
	IMSSEG_EV_DROP_BANNED,	/* source banned in the per-source table */
	IMSSEG_EV_TABLE_EXPIRED,	/* idle entries removed by the GC */
	IMSSEG_EV_LIST_EXPIRED,	/* allow/block entries whose TTL ran out */
	IMSSEG_EV_SIP_ACCEPT,	/* SIP checked and accepted in the kernel */
	IMSSEG_EV_SIP_KEEPALIVE,	/* CRLF keep-alive on a SIP port */
	IMSSEG_EV_SIP_TCP_UNSCANNED,	/* TCP segment not starting a message */
	IMSSEG_EV_SIP_DROP_NOT_SIP,	/* not SIP on a SIP port */
	IMSSEG_EV_SIP_DROP_BAD_VERSION,	/* SIP-Version not 2.0 */
	IMSSEG_EV_SIP_DROP_MALFORMED,	/* definite syntax error */
	IMSSEG_EV_SIP_DROP_CONTENT_LENGTH,	/* bad or beyond the datagram */
	IMSSEG_EV_SIP_DROP_MISSING_HEADER,	/* mandatory header absent */
	IMSSEG_EV_SIP_DROP_TRUNCATED,	/* header section not in the datagram */
	IMSSEG_EV_SIP_DROP_MAX_FORWARDS,	/* request with Max-Forwards 0 */
	IMSSEG_EV_SIP_DROP_OVERSIZED,	/* UDP SIP over sip/max_bytes */
	IMSSEG_EV_SIP_DROP_UA,	/* User-Agent on sip/ua_deny */
	IMSSEG_EV_SIP_DROP_INVITE_RATE,	/* per-source INVITE/s */
	IMSSEG_EV_SIP_DROP_REGISTER_RATE,	/* per-source REGISTER/s */
	IMSSEG_EV_SIP_DROP_OPTIONS_RATE,	/* per-source OPTIONS/s */
	IMSSEG_EV_SIP_DROP_OTHER_RATE,	/* per-source other requests/s */
	IMSSEG_EV_PUNT_BYE,	/* punted to NFQUEUE, one per class, */
	IMSSEG_EV_PUNT_CANCEL,	/* in the order of enum imsseg_punt */
	IMSSEG_EV_PUNT_IN_DIALOG,
	IMSSEG_EV_PUNT_REGISTER,
	IMSSEG_EV_PUNT_REDIRECT,
	IMSSEG_EV_PUNT_USE_PROXY,
	IMSSEG_EV_PUNT_VIA_MISMATCH,
	IMSSEG_EV_PUNT_INSECURE,
	IMSSEG_EV_PUNT_UNSURE,
	IMSSEG_EV_PUNT_DIALOG,
	IMSSEG_EV_PUNT_ALL,
	IMSSEG_EV_PUNT_LEARN,	/* trusted side: queued for learning */
	IMSSEG_EV_SIP_TRUSTED_UNPARSED,	/* trusted side: learn candidate the
					 * scanner rejected; accepted
					 */
	IMSSEG_EV_MAX
};

/*
 * Counter index: (family, l4) packets and bytes come first, laid out
 * as IMSSEG_CNT_TRAFFIC(fam, l4) + 0 (packets) / + 1 (bytes), then the
 * events at IMSSEG_CNT_EVENT(ev).
 */
#define IMSSEG_CNT_TRAFFIC(fam, l4)	(((fam) * IMSSEG_L4_MAX + (l4)) * 2)
#define IMSSEG_CNT_EVENTS		(IMSSEG_FAM_MAX * IMSSEG_L4_MAX * 2)
#define IMSSEG_CNT_EVENT(ev)		(IMSSEG_CNT_EVENTS + (ev))
#define IMSSEG_CNT_MAX			IMSSEG_CNT_EVENT(IMSSEG_EV_MAX)

int imsseg_stats_init(void);
void imsseg_stats_exit(void);

void imsseg_stats_traffic(enum imsseg_fam fam, enum imsseg_l4 l4,
			  unsigned int bytes);
/* Counts one event on this CPU; call with BHs disabled (hook context). */
void imsseg_stats_event(enum imsseg_event ev);
u64 imsseg_stats_read(unsigned int idx);
/* sysfs file name of counter idx, e.g. "ipv4_udp_packets". */
const char *imsseg_stats_name(unsigned int idx);

#endif /* _IMSSEG_STATS_H */
