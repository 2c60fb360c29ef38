// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/imsseg: one value per file.
 *
 *   version		release version ("0.1.0")
 *   abi_version	kernel <-> user ABI version (decimal)
 *   stats/<name>	per-CPU counters summed on read (decimal u64)
 *
 * The layout is documented in Documentation/ABI/testing/
 * sysfs-kernel-imsseg; the names are part of the ABI.
 */

#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/imsseg.h>

#include "imsseg_stats.h"
#include "imsseg_sysfs.h"

static struct kobject *imsseg_kobj;

static ssize_t version_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", IMSSEG_VERSION);
}

static ssize_t abi_version_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", IMSSEG_ABI_VERSION);
}

static struct kobj_attribute imsseg_attr_version = __ATTR_RO(version);
static struct kobj_attribute imsseg_attr_abi_version = __ATTR_RO(abi_version);

static struct attribute *imsseg_top_attrs[] = {
	&imsseg_attr_version.attr,
	&imsseg_attr_abi_version.attr,
	NULL
};

static const struct attribute_group imsseg_top_group = {
	.attrs = imsseg_top_attrs,
};

/* Counter files are generated from the counter table at init. */
struct imsseg_stat_attr {
	struct kobj_attribute kattr;
	unsigned int idx;
};

static struct imsseg_stat_attr imsseg_stat_attrs[IMSSEG_CNT_MAX];
static struct attribute *imsseg_stat_attr_ptrs[IMSSEG_CNT_MAX + 1];

static ssize_t imsseg_stat_show(struct kobject *kobj,
				struct kobj_attribute *kattr, char *buf)
{
	struct imsseg_stat_attr *a =
		container_of(kattr, struct imsseg_stat_attr, kattr);

	return sysfs_emit(buf, "%llu\n", imsseg_stats_read(a->idx));
}

static const struct attribute_group imsseg_stats_group = {
	.name = IMSSEG_SYSFS_STATS,
	.attrs = imsseg_stat_attr_ptrs,
};

int imsseg_sysfs_init(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < IMSSEG_CNT_MAX; i++) {
		struct imsseg_stat_attr *a = &imsseg_stat_attrs[i];

		sysfs_attr_init(&a->kattr.attr);
		a->kattr.attr.name = imsseg_stats_name(i);
		a->kattr.attr.mode = 0444;
		a->kattr.show = imsseg_stat_show;
		a->idx = i;
		imsseg_stat_attr_ptrs[i] = &a->kattr.attr;
	}

	imsseg_kobj = kobject_create_and_add("imsseg", kernel_kobj);
	if (!imsseg_kobj)
		return -ENOMEM;

	err = sysfs_create_group(imsseg_kobj, &imsseg_top_group);
	if (err)
		goto err_put;
	err = sysfs_create_group(imsseg_kobj, &imsseg_stats_group);
	if (err)
		goto err_top;
	return 0;

err_top:
	sysfs_remove_group(imsseg_kobj, &imsseg_top_group);
err_put:
	kobject_put(imsseg_kobj);
	imsseg_kobj = NULL;
	return err;
}

struct kobject *imsseg_sysfs_kobj(void)
{
	return imsseg_kobj;
}

void imsseg_sysfs_exit(void)
{
	sysfs_remove_group(imsseg_kobj, &imsseg_stats_group);
	sysfs_remove_group(imsseg_kobj, &imsseg_top_group);
	kobject_put(imsseg_kobj);
	imsseg_kobj = NULL;
}
