/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading /sys/kernel/imsseg. The root can be redirected with the
 * environment variable IMSSEG_SYSFS (unit tests point it at a fake tree).
 */
#ifndef _SEGCTL_SYSFS_H
#define _SEGCTL_SYSFS_H

#include <stddef.h>
#include <stdint.h>

struct sysfs_counter {
	char name[64];
	uint64_t value;
};

const char *sysfs_root(void);
/* 0 when the module's directory exists, else -errno. */
int sysfs_module_present(void);
/* Reads a one-line file under the root into buf, newline stripped. */
int sysfs_read_str(const char *rel, char *buf, size_t len);
int sysfs_read_u64(const char *rel, uint64_t *v);
/*
 * Reads every file of directory rel as a counter, sorted by name.
 * Returns the count (at most max) or -errno; a file that is not a
 * decimal u64 is an error naming the file.
 */
int sysfs_read_counters(const char *rel, struct sysfs_counter *c, int max);

#endif /* _SEGCTL_SYSFS_H */
