/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How segctl recognises its own XFRM objects, from the kernel alone
 * (Documentation/ipsec.rst, "Ownership"). XFRM objects have no name or
 * owner field, so segctl writes a 32-bit tag into fields that are part
 * of an object's identity or configuration but never of packet
 * matching:
 *
 *   SA   reqid and selector uid      TAG_SA    << 20 | id
 *   SP   selector uid (main policy)  TAG_SA    << 20 | id
 *   SP   selector uid (block policy) TAG_BLOCK << 20 | id
 *
 * The selector's uid ("user") is compared when the kernel looks for a
 * duplicate policy or deletes one by selector, but never when it
 * matches a packet (xfrm_selector_match() ignores it). So a main and a
 * block policy with equal addresses are two policies, neither can
 * collide with another daemon's policy, and no packet mark is needed
 * (a mark is a selector: it would change which packets match).
 *
 * id: 1..0xfffff; ids with XOWN_ID_CLI set belong to tunnels made with
 * "segctl tunnel add", the others to [tunnel] sections of the config.
 *
 * Priorities: main policies XOWN_PRIO_MAIN, block policies
 * XOWN_PRIO_BLOCK, both in the reserved band XOWN_PRIO_LO..HI, below
 * (i.e. before) the bands of IKE daemons (strongSwan ~68k-500k,
 * libreswan up to ~2M, Kamailio/OpenSIPS 1024 and 2080).
 */
#ifndef _SEGCTL_XFRM_OWN_H
#define _SEGCTL_XFRM_OWN_H

#include <stdbool.h>
#include <stdint.h>

#define XOWN_SHIFT	20
#define XOWN_TAG_SA	0x5e6u		/* "SEG" */
#define XOWN_TAG_BLOCK	0x5e7u
#define XOWN_ID_MASK	0xfffffu
#define XOWN_ID_CLI	0x80000u	/* set: made by "tunnel add" */
#define XOWN_ID_MAX	XOWN_ID_MASK

#define XOWN_PRIO_LO	600u
#define XOWN_PRIO_MAIN	600u
#define XOWN_PRIO_BLOCK	690u
#define XOWN_PRIO_HI	699u

static inline bool xown_id_valid(uint32_t id)
{
	return id && id <= XOWN_ID_MAX && id != XOWN_ID_CLI;
}

/* reqid and selector uid of a tunnel's SAs, uid of its main policies */
static inline uint32_t xown_tag(uint32_t id)
{
	return XOWN_TAG_SA << XOWN_SHIFT | (id & XOWN_ID_MASK);
}

/* selector uid of a tunnel's block policies */
static inline uint32_t xown_block_tag(uint32_t id)
{
	return XOWN_TAG_BLOCK << XOWN_SHIFT | (id & XOWN_ID_MASK);
}

/* Tunnel id of an SA, or 0 when the SA is not segctl's. */
static inline uint32_t xown_sa_id(uint32_t reqid, uint32_t sel_uid)
{
	uint32_t id = reqid & XOWN_ID_MASK;

	if (reqid >> XOWN_SHIFT != XOWN_TAG_SA || sel_uid != reqid ||
	    !xown_id_valid(id))
		return 0;
	return id;
}

/*
 * Tunnel id of a policy (from its selector uid), or 0 when it is not
 * segctl's; *block tells a block policy from a main one.
 */
static inline uint32_t xown_sp_id(uint32_t sel_uid, bool *block)
{
	uint32_t tag = sel_uid >> XOWN_SHIFT, id = sel_uid & XOWN_ID_MASK;

	if ((tag != XOWN_TAG_SA && tag != XOWN_TAG_BLOCK) ||
	    !xown_id_valid(id))
		return 0;
	*block = tag == XOWN_TAG_BLOCK;
	return id;
}

static inline bool xown_id_is_cli(uint32_t id)
{
	return id & XOWN_ID_CLI;
}

static inline uint32_t xown_prio(bool block)
{
	return block ? XOWN_PRIO_BLOCK : XOWN_PRIO_MAIN;
}

#endif /* _SEGCTL_XFRM_OWN_H */
