/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-network-namespace state: interface roles and the allow/block
 * lists. Filled over generic netlink (imsseg_genl.c), read by the hook
 * under RCU without locks.
 */
#ifndef _IMSSEG_NET_H
#define _IMSSEG_NET_H

#include <linux/types.h>
#include <linux/imsseg.h>
#include <net/net_namespace.h>

#include "imsseg_prefix.h"

struct imsseg_net;

/* The netns' state; valid while the netns lives (pernet ops). */
struct imsseg_net *imsseg_net(const struct net *net);

/* Hot path, RCU read side (hook context): the role of an ifindex. */
enum imsseg_role imsseg_role_get(const struct imsseg_net *in, int ifindex);

/*
 * Hot path, RCU read side: the class of a source address. Blocklist
 * wins over allowlist; the matching entry's hit counter is bumped.
 * family is IMSSEG_FAMILY_V4 / _V6 (imsseg_prefix.h).
 */
enum imsseg_class imsseg_class_get(struct imsseg_net *in, u8 family,
				   const void *saddr);

/*
 * Adds a blocklist entry with IMSSEG_ORIGIN_AUTO from any context
 * (escalation ban from the hook): no sleeping, GFP_ATOMIC. An existing
 * entry for the same prefix is refreshed (TTL), not duplicated.
 * Returns 0 or -errno (-ENOSPC when the list is full).
 */
int imsseg_block_auto(struct imsseg_net *in, const struct imsseg_prefix *p,
		      u32 ttl_s, const char *reason);

#endif /* _IMSSEG_NET_H */
