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
 * Counter index: (family, l4) packets and bytes come first, laid out
 * as IMSSEG_CNT_TRAFFIC(fam, l4) + 0 (packets) / + 1 (bytes).
 */
#define IMSSEG_CNT_TRAFFIC(fam, l4)	(((fam) * IMSSEG_L4_MAX + (l4)) * 2)
#define IMSSEG_CNT_MAX			(IMSSEG_FAM_MAX * IMSSEG_L4_MAX * 2)

int imsseg_stats_init(void);
void imsseg_stats_exit(void);

void imsseg_stats_traffic(enum imsseg_fam fam, enum imsseg_l4 l4,
			  unsigned int bytes);
u64 imsseg_stats_read(unsigned int idx);
/* sysfs file name of counter idx, e.g. "ipv4_udp_packets". */
const char *imsseg_stats_name(unsigned int idx);

#endif /* _IMSSEG_STATS_H */
