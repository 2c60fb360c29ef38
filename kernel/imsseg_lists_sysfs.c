// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/imsseg/lists/max_entries (0644): the most entries each
 * allow or block list of a network namespace may hold, 1..1048576,
 * default 16384. A write that is not a decimal number (garbage, a
 * minus sign, trailing characters other than one newline, nothing)
 * fails with EINVAL, one out of range with ERANGE; the value is then
 * unchanged.
 * Lowering it below a list's current size removes nothing: only new
 * entries are refused (ENOSPC) until the list is below the cap.
 */

#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "imsseg_lists.h"
#include "imsseg_sysfs.h"

static unsigned int imsseg_lists_max = IMSSEG_LISTS_MAX_DEFAULT;

unsigned int imsseg_lists_max_entries(void)
{
	return READ_ONCE(imsseg_lists_max);
}

static ssize_t max_entries_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(imsseg_lists_max));
}

static ssize_t max_entries_store(struct kobject *kobj,
				 struct kobj_attribute *attr, const char *buf,
				 size_t count)
{
	unsigned int v;
	int err;

	/* kstrtouint: -EINVAL for no digits or a sign, -ERANGE overflow */
	err = kstrtouint(buf, 10, &v);
	if (err)
		return err;
	if (v < 1 || v > IMSSEG_LISTS_MAX_LIMIT)
		return -ERANGE;
	WRITE_ONCE(imsseg_lists_max, v);
	return count;
}

static struct kobj_attribute imsseg_attr_max_entries = __ATTR_RW(max_entries);

static struct attribute *imsseg_lists_attrs[] = {
	&imsseg_attr_max_entries.attr,
	NULL
};

static const struct attribute_group imsseg_lists_group = {
	.name = "lists",
	.attrs = imsseg_lists_attrs,
};

int imsseg_lists_sysfs_init(void)
{
	return sysfs_create_group(imsseg_sysfs_kobj(), &imsseg_lists_group);
}

void imsseg_lists_sysfs_exit(void)
{
	sysfs_remove_group(imsseg_sysfs_kobj(), &imsseg_lists_group);
}
