/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SEGCTL_VERSION_H
#define _SEGCTL_VERSION_H

#include <stddef.h>

struct segctl_version {
	char version[32];
	unsigned int abi;
};

/* The loaded module's version from sysfs; -errno on failure. */
int version_of_module(struct segctl_version *v);
/*
 * 0 when segctl (u) can drive the module (k); otherwise -1 and a
 * sentence in why that names both sides and the way out.
 */
int version_compatible(const struct segctl_version *u,
		       const struct segctl_version *k, char *why, size_t len);

#endif /* _SEGCTL_VERSION_H */
