// SPDX-License-Identifier: GPL-2.0
/*
 * In-module self-tests, WireGuard style: table-driven, run at load when
 * the module parameter selftest=1 is given; a failure fails the load.
 * The tables are the ones tests/unit runs on the host.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/printk.h>

#include "imsseg_selftest.h"
#include "imsseg_sipscan.h"
#include "imsseg_sipscan_cases.h"

static bool imsseg_selftest_sipscan(void)
{
	const struct imsseg_sipscan_case *c;
	struct imsseg_sip_info in;
	unsigned int n = 0, bad = 0;
	int v;

	for (c = imsseg_sipscan_cases;
	     c < imsseg_sipscan_cases + ARRAY_SIZE(imsseg_sipscan_cases); c++) {
		n++;
		v = imsseg_sip_scan((const u8 *)c->msg,
				    c->scan ? c->scan : c->len, c->len, &in);
		if (v == c->verdict && in.bad == c->bad &&
		    in.missing == c->missing &&
		    (in.flags & c->flags) == c->flags)
			continue;
		bad++;
		pr_err("selftest: sipscan case %s: %s/%s missing %#x, expected %s/%s missing %#x\n",
		       c->name, imsseg_sip_verdict_name(v),
		       imsseg_sip_bad_name(in.bad), in.missing,
		       imsseg_sip_verdict_name(c->verdict),
		       imsseg_sip_bad_name(c->bad), c->missing);
	}
	if (bad) {
		pr_err("selftest: sipscan: %u of %u cases failed\n", bad, n);
		return false;
	}
	pr_info("selftest: sipscan: %u cases passed\n", n);
	return true;
}

int imsseg_selftest_run(void)
{
	return imsseg_selftest_sipscan() ? 0 : -EINVAL;
}
