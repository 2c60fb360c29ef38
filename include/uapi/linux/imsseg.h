/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * imsseg kernel <-> user ABI. This header is the only contract between
 * imsseg.ko and segctl: fixed-width types only, no kernel-internal
 * structures. Anything that crosses the boundary is named here.
 */
#ifndef _UAPI_LINUX_IMSSEG_H
#define _UAPI_LINUX_IMSSEG_H

/* Release version of the pair; segctl and the module must agree. */
#define IMSSEG_VERSION		"0.1.0"

/*
 * ABI version: bumped whenever anything below changes incompatibly.
 * The module exposes it in IMSSEG_SYSFS_DIR "/abi_version".
 */
#define IMSSEG_ABI_VERSION	1

/*
 * sysfs layout (Documentation/ABI/testing/sysfs-kernel-imsseg):
 *   version, abi_version	one line each
 *   stats/<counter>		one decimal u64 per file, monotonic
 */
#define IMSSEG_SYSFS_DIR	"/sys/kernel/imsseg"
#define IMSSEG_SYSFS_STATS	"stats"

/*
 * Generic netlink family for per-network-namespace objects: interface
 * roles, allow/block lists (trust classes) and bans. Every command acts
 * on the caller's network namespace and needs CAP_NET_ADMIN there,
 * except GET_VERSION. Errors carry an extack message naming the bad
 * attribute. Attributes are flat (no nesting).
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
	IMSSEG_A_ABI,		/* u32: IMSSEG_ABI_VERSION */
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
