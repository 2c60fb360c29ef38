/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * imsseg kernel <-> user ABI. This header is the only contract between
 * imsseg.ko and segctl: fixed-width types only, no kernel-internal
 * structures. Anything that crosses the boundary is named here.
 */
#ifndef _UAPI_LINUX_IMSSEG_H
#define _UAPI_LINUX_IMSSEG_H

/* Release version of the pair; segctl and the module must agree. */
#define IMSSEG_VERSION		"0.2.0"

/*
 * ABI version: bumped whenever anything below changes incompatibly.
 * The module exposes it in IMSSEG_SYSFS_DIR "/abi_version" and in the
 * GET_VERSION reply (IMSSEG_A_ABI); every other generic netlink request
 * must carry it (see IMSSEG_A_ABI below).
 *
 *   1  0.1.0  first release
 *   2  0.2.0  IMSSEG_A_ABI mandatory in requests; punt class "dialog";
 *             punt/learn (trusted-side punts); IPsec punts on a second
 *             block of queues (IMSSEG_PUNT_QUEUE_BLOCKS)
 */
#define IMSSEG_ABI_VERSION	2

/*
 * sysfs layout (Documentation/ABI/testing/sysfs-kernel-imsseg):
 *   version, abi_version	one line each
 *   stats/<counter>		one decimal u64 per file, monotonic
 *   punt/queue, punt/queues	the NFQUEUE numbers of punted SIP (below)
 *   punt/classes, punt/fail_mode, punt/learn
 */
#define IMSSEG_SYSFS_DIR	"/sys/kernel/imsseg"
#define IMSSEG_SYSFS_STATS	"stats"
#define IMSSEG_SYSFS_PUNT	"punt"

/*
 * NFQUEUE numbers of punted SIP. With Q = punt/queue and N = punt/queues
 * the module uses IMSSEG_PUNT_QUEUE_BLOCKS blocks of N queues:
 *
 *   Q .. Q+N-1         packets without a secpath (cleartext)
 *   Q+N .. Q+2N-1      packets that arrived through IPsec (a secpath:
 *                      decapsulated by an XFRM state, any mode)
 *
 * Inside a block the queue is chosen by a hash of the two addresses
 * (symmetric: both directions between two hosts share a queue). The
 * listener binds all 2N queues; the queue a packet arrives on tells it
 * whether the packet came through IPsec. Q + 2N - 1 <= 65535 always
 * holds (the module refuses writes that would break it, ERANGE).
 *
 * Both blocks carry two kinds of punts: from untrusted and za
 * interfaces, the enabled punt/classes (fail_mode open: with the
 * bypass flag, closed: without); from trusted interfaces, when
 * punt/learn is 1, INVITE, BYE and final answers to INVITE and REGISTER
 * for learning, always with the bypass flag (the core's SIP is never
 * held up by a missing listener). The listener tells them apart by the
 * input interface (NFQA_IFINDEX_INDEV) and its role (IMSSEG_CMD_IFACE_GET).
 */
#define IMSSEG_PUNT_QUEUE_BLOCKS	2
#define IMSSEG_PUNT_BLOCK_PLAIN		0
#define IMSSEG_PUNT_BLOCK_SECURE	1
/* First queue of block @b (IMSSEG_PUNT_BLOCK_*) */
#define IMSSEG_PUNT_BLOCK_QUEUE(queue, queues, b)	((queue) + (b) * (queues))

/*
 * Generic netlink family for per-network-namespace objects: interface
 * roles, allow/block lists (trust classes) and bans. Every command acts
 * on the caller's network namespace and needs CAP_NET_ADMIN there,
 * except GET_VERSION. Errors carry an extack message naming the bad
 * attribute. Attributes are flat (no nesting).
 *
 * ABI handshake: GET_VERSION takes no attribute and answers VERSION and
 * ABI in every ABI, so any user space can ask first. Every other
 * request must carry IMSSEG_A_ABI equal to the module's
 * IMSSEG_ABI_VERSION; otherwise it fails with EPROTO and an extack
 * message naming both ABIs and the module's version, before anything
 * is looked at or changed.
 */
#define IMSSEG_GENL_NAME	"imsseg"
#define IMSSEG_GENL_VERSION	1

enum imsseg_cmd {
	IMSSEG_CMD_UNSPEC,
	IMSSEG_CMD_GET_VERSION,	/* -> VERSION, ABI */
	IMSSEG_CMD_IFACE_SET,	/* IFINDEX | IFNAME, ROLE (NONE removes) */
	IMSSEG_CMD_IFACE_GET,	/* dump -> IFINDEX, IFNAME, ROLE */
	IMSSEG_CMD_LIST_ADD,	/* LIST, FAMILY, ADDR, PLEN [TTL] [REASON] */
	IMSSEG_CMD_LIST_DEL,	/* LIST, FAMILY, ADDR, PLEN */
	IMSSEG_CMD_LIST_GET,	/* dump [LIST] -> LIST, FAMILY, ADDR, PLEN,
				 * TTL, EXPIRES, REASON, HITS, ORIGIN
				 */
	IMSSEG_CMD_CLASS_GET,	/* FAMILY, ADDR -> CLASS (+ the matching
				 * entry if any, as in LIST_GET: LIST,
				 * FAMILY, ADDR/PLEN of the entry's
				 * prefix, TTL, EXPIRES, REASON, HITS,
				 * ORIGIN); a query, not a hit
				 */
	__IMSSEG_CMD_MAX,
};

#define IMSSEG_CMD_MAX (__IMSSEG_CMD_MAX - 1)

enum imsseg_attr {
	IMSSEG_A_UNSPEC,
	IMSSEG_A_VERSION,	/* string: IMSSEG_VERSION */
	IMSSEG_A_ABI,		/* u32: IMSSEG_ABI_VERSION; the caller's in
				 * every request but GET_VERSION, the
				 * module's in the GET_VERSION reply
				 */
	IMSSEG_A_IFINDEX,	/* u32 */
	IMSSEG_A_IFNAME,	/* string, < IFNAMSIZ */
	IMSSEG_A_ROLE,		/* u8: enum imsseg_role */
	IMSSEG_A_LIST,		/* u8: enum imsseg_list */
	IMSSEG_A_FAMILY,	/* u8: AF_INET or AF_INET6 */
	IMSSEG_A_ADDR,		/* binary: 4 or 16 bytes, network order */
	IMSSEG_A_PLEN,		/* u8: prefix length, host bits zero */
	IMSSEG_A_TTL,		/* u32: seconds, 0 = no expiry; at most
				 * IMSSEG_TTL_MAX
				 */
	IMSSEG_A_EXPIRES,	/* u32: seconds left, 0 = no expiry */
	IMSSEG_A_REASON,	/* string, < IMSSEG_REASON_LEN */
	IMSSEG_A_HITS,		/* u64: packets that matched the entry */
	IMSSEG_A_ORIGIN,	/* u8: enum imsseg_origin */
	IMSSEG_A_CLASS,		/* u8: enum imsseg_class */
	IMSSEG_A_PAD,
	__IMSSEG_A_MAX,
};

#define IMSSEG_A_MAX (__IMSSEG_A_MAX - 1)

/* Interface roles; an interface without a role is not filtered. */
enum imsseg_role {
	IMSSEG_ROLE_NONE,
	IMSSEG_ROLE_UNTRUSTED,	/* Internet side: full protection */
	IMSSEG_ROLE_TRUSTED,	/* IMS core side: counted, not limited */
	IMSSEG_ROLE_ZA,		/* link to a peer SEG: ESP, IKE, peers only */
	__IMSSEG_ROLE_MAX,
};

enum imsseg_list {
	IMSSEG_LIST_ALLOW,	/* trusted class */
	IMSSEG_LIST_BLOCK,	/* denied class */
	__IMSSEG_LIST_MAX,
};

enum imsseg_class {
	IMSSEG_CLASS_UNTRUSTED,
	IMSSEG_CLASS_TRUSTED,
	IMSSEG_CLASS_DENIED,
	__IMSSEG_CLASS_MAX,
};

enum imsseg_origin {
	IMSSEG_ORIGIN_ADMIN,	/* added over netlink (segctl) */
	IMSSEG_ORIGIN_AUTO,	/* added by the module (escalation ban) */
	__IMSSEG_ORIGIN_MAX,
};

#define IMSSEG_REASON_LEN	64	/* including the NUL */

/*
 * Largest IMSSEG_A_TTL: one year. Longer bans are permanent ones (TTL 0)
 * that the operator removes.
 */
#define IMSSEG_TTL_MAX		31536000

#endif /* _UAPI_LINUX_IMSSEG_H */
