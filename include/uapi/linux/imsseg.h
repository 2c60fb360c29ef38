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

#endif /* _UAPI_LINUX_IMSSEG_H */
