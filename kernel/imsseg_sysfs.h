/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IMSSEG_SYSFS_H
#define _IMSSEG_SYSFS_H

struct kobject;

/* Creates /sys/kernel/imsseg; call after imsseg_stats_init(). */
int imsseg_sysfs_init(void);
void imsseg_sysfs_exit(void);
/* /sys/kernel/imsseg, for other files to add their own groups. */
struct kobject *imsseg_sysfs_kobj(void);

#endif /* _IMSSEG_SYSFS_H */
