// SPDX-License-Identifier: GPL-2.0
/*
 * segctl stats: every counter the module exposes under stats/, as a
 * table or (-j) as JSON. Counters are read by name, so new kernel
 * counters show up without a segctl change.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <linux/imsseg.h>

#include "json.h"
#include "segctl.h"
#include "sysfs.h"

#define STATS_MAX	1024

static struct sysfs_counter counters[STATS_MAX];

int cmd_stats(int argc, char **argv, const struct segctl_opts *o)
{
	struct json j;
	int i, n;

	if (argc > 1)
		return segctl_err("stats: unexpected argument '%s'", argv[1]);
	if (sysfs_module_present())
		return segctl_err("imsseg.ko is not loaded (no %s): load it with 'modprobe imsseg' or 'insmod kernel/imsseg.ko'",
				  sysfs_root());

	n = sysfs_read_counters(IMSSEG_SYSFS_STATS, counters, STATS_MAX);
	if (n < 0)
		return segctl_err("cannot read %s/%s: %s", sysfs_root(),
				  IMSSEG_SYSFS_STATS, strerror(-n));

	if (o->json) {
		json_init(&j, stdout);
		json_obj_open(&j, NULL);
		json_obj_open(&j, "module");
		for (i = 0; i < n; i++)
			json_u64(&j, counters[i].name, counters[i].value);
		json_obj_close(&j);
		json_obj_close(&j);
		return 0;
	}

	printf("%-32s %20s\n", "COUNTER", "VALUE");
	for (i = 0; i < n; i++)
		printf("%-32s %20" PRIu64 "\n", counters[i].name,
		       counters[i].value);
	return 0;
}
