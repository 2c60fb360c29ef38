// SPDX-License-Identifier: GPL-2.0
/*
 * imsseg - IMS Security Gateway netfilter module.
 *
 * Init ladder: counters, then sysfs (which shows them), then the hooks
 * (which feed them). Exit unwinds in reverse, so no hook can run after
 * the counters are gone.
 */

#include <linux/module.h>
#include <linux/imsseg.h>

#include "imsseg_hooks.h"
#include "imsseg_stats.h"
#include "imsseg_sysfs.h"

static int __init imsseg_init(void)
{
	int err;

	err = imsseg_stats_init();
	if (err)
		return err;
	err = imsseg_sysfs_init();
	if (err)
		goto err_stats;
	err = imsseg_hooks_init();
	if (err)
		goto err_sysfs;

	pr_info("imsseg %s loaded (abi %u)\n", IMSSEG_VERSION,
		IMSSEG_ABI_VERSION);
	return 0;

err_sysfs:
	imsseg_sysfs_exit();
err_stats:
	imsseg_stats_exit();
	return err;
}

static void __exit imsseg_exit(void)
{
	imsseg_hooks_exit();
	imsseg_sysfs_exit();
	imsseg_stats_exit();
	pr_info("imsseg %s unloaded\n", IMSSEG_VERSION);
}

module_init(imsseg_init);
module_exit(imsseg_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("IMS Security Gateway: flood and SIP filtering");
MODULE_VERSION(IMSSEG_VERSION);
MODULE_AUTHOR("The imsseg authors");
