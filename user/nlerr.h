/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink error and done messages with extended ack (NETLINK_EXT_ACK),
 * for both of segctl's netlink users (nl.c: the imsseg family; xfrm_nl.c:
 * XFRM): where the TLVs are, and what they say.
 */
#ifndef _SEGCTL_NLERR_H
#define _SEGCTL_NLERR_H

#include <stdint.h>
#include <linux/netlink.h>

struct nlerr {
	int err;		/* -errno, 0 for an ACK */
	const char *msg;	/* NLMSGERR_ATTR_MSG, or NULL */
	int64_t off;		/* NLMSGERR_ATTR_OFFS into the request, or -1 */
	int64_t miss_type;	/* NLMSGERR_ATTR_MISS_TYPE, or -1 */
};

/* An NLMSG_ERROR payload (as libnl's error callback gets it). */
void nlerr_from_error(const struct nlmsgerr *e, struct nlerr *x);
/* An NLMSG_DONE ending a dump: its errno and TLVs, if any. */
void nlerr_from_done(const struct nlmsghdr *h, struct nlerr *x);

#endif /* _SEGCTL_NLERR_H */
