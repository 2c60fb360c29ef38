// SPDX-License-Identifier: GPL-2.0
/*
 * imsseg - IMS Security Gateway netfilter module.
 *
 * Init ladder: counters, then sysfs (which shows them), then the flood
 * protection state (limits in sysfs, the SIP settings and scan buffers,
 * the per-source table, the per-netns
 * aggregate buckets), then the per-netns state (roles, lists) and the
 * generic netlink family that fills it, then the hooks (which feed the
 * counters and read the state). Exit unwinds in reverse, so no hook can
 * run after the counters or the per-netns state are gone.
 *
 * The order of the two pernet registrations matters: imsseg_netstate
 * registers its pernet_operations before imsseg_hooks registers its own,
 * so in every netns the state is initialised before the hooks and torn
 * down after them; a hook never sees a netns without its state.
 */

#include <linux/module.h>
#include <linux/imsseg.h>

#include "imsseg_filter.h"
#include "imsseg_genl.h"
#include "imsseg_hooks.h"
#include "imsseg_selftest.h"
#include "imsseg_limits.h"
#include "imsseg_netstate.h"
#include "imsseg_ratelimit.h"
#include "imsseg_sip.h"
#include "imsseg_sipcfg.h"
#include "imsseg_stats.h"
#include "imsseg_sysfs.h"

static bool selftest;
module_param(selftest, bool, 0444);
MODULE_PARM_DESC(selftest, "run the in-module self-tests at load; fail the load on error");

static int __init imsseg_init(void)
{
	int err;

	if (selftest) {
		err = imsseg_selftest_run();
		if (err)
			return err;
	}

	err = imsseg_stats_init();
	if (err)
		return err;
	err = imsseg_sysfs_init();
	if (err)
		goto err_stats;
	err = imsseg_limits_init();
	if (err)
		goto err_sysfs;
	err = imsseg_sipcfg_init();	/* merges into limits' sip/ */
	if (err)
		goto err_limits;
	err = imsseg_sip_init();
	if (err)
		goto err_sipcfg;
	err = imsseg_rl_init();
	if (err)
		goto err_sip;
	err = imsseg_filter_init();
	if (err)
		goto err_rl;
	err = imsseg_netstate_init();	/* before the hooks, see above */
	if (err)
		goto err_filter;
	err = imsseg_genl_init();
	if (err)
		goto err_netstate;
	err = imsseg_hooks_init();
	if (err)
		goto err_genl;

	pr_info("imsseg %s loaded (abi %u)\n", IMSSEG_VERSION,
		IMSSEG_ABI_VERSION);
	return 0;

err_genl:
	imsseg_genl_exit();
err_netstate:
	imsseg_netstate_exit();
err_filter:
	imsseg_filter_exit();
err_rl:
	imsseg_rl_exit();
err_sip:
	imsseg_sip_exit();
err_sipcfg:
	imsseg_sipcfg_exit();
err_limits:
	imsseg_limits_exit();
err_sysfs:
	imsseg_sysfs_exit();
err_stats:
	imsseg_stats_exit();
	return err;
}

static void __exit imsseg_exit(void)
{
	imsseg_hooks_exit();
	imsseg_genl_exit();
	imsseg_netstate_exit();
	imsseg_filter_exit();
	imsseg_rl_exit();
	imsseg_sip_exit();
	imsseg_sipcfg_exit();
	imsseg_limits_exit();
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
