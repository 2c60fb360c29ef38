// SPDX-License-Identifier: GPL-2.0
/*
 * segctl stats: every counter the module exposes under stats/, as a
 * table or (-j) as JSON. Counters are read by name, so new kernel
 * counters show up without a segctl change. Then segctl run's own
 * counters from its control socket (ctl.h "stats"): in JSON the
 * daemon's object under "segctl" (null, with "segctl_note" saying why,
 * when it is not running), in the table as dotted names
 * ("segctl.verdicts.drop", "segctl.queues[1].enobufs").
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/imsseg.h>

#include "ctl.h"
#include "json.h"
#include "jsonval.h"
#include "segctl.h"
#include "sysfs.h"

#define STATS_MAX	1024

static struct sysfs_counter counters[STATS_MAX];

static void flatten(const struct jv *v, char *name, size_t at, size_t cap)
{
	const struct jv *c;
	size_t i = 0;
	int n;

	switch (v->type) {
	case JV_OBJ:
	case JV_ARR:
		for (c = v->child; c; c = c->next, i++) {
			if (v->type == JV_OBJ)
				n = snprintf(name + at, cap - at, "%s%s",
					     at ? "." : "", c->key);
			else
				n = snprintf(name + at, cap - at, "[%zu]", i);
			if (n > 0 && at + (size_t)n < cap)
				flatten(c, name, at + (size_t)n, cap);
		}
		return;
	case JV_NULL:
		printf("%-32s %20s\n", name, "-");
		return;
	case JV_BOOL:
		printf("%-32s %20d\n", name, v->b);
		return;
	default:
		printf("%-32s %20s\n", name, v->str);
	}
}

/* segctl run's part of "segctl stats". */
static void daemon_stats(bool json)
{
	char err[512], perr[256], name[256] = "segctl", *ans = NULL;
	struct jv *v = NULL;

	if (!ctl_request("stats", &ans, err, sizeof(err))) {
		v = jv_parse(ans, perr, sizeof(perr));
		if (!v || v->type != JV_OBJ || jv_get(v, "error")) {
			snprintf(err, sizeof(err), "bad answer from segctl run: %s",
				 v ? "not a stats object" : perr);
			jv_free(v);
			v = NULL;
		}
	}
	if (json) {
		if (v) {
			ans[strcspn(ans, "\n")] = '\0';
			printf(",\"segctl\":%s}\n", ans);
		} else {
			fputs(",\"segctl\":null,\"segctl_note\":", stdout);
			json_write_string(stdout, err);
			fputs("}\n", stdout);
		}
	} else if (v) {
		flatten(v, name, strlen(name), sizeof(name));
	} else {
		printf("%s\n", err);	/* "segctl run is not running ..." */
	}
	jv_free(v);
	free(ans);
}

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
		json_obj_close(&j);	/* the top object stays open */
		fflush(stdout);
		daemon_stats(true);
		return 0;
	}

	printf("%-32s %20s\n", "COUNTER", "VALUE");
	for (i = 0; i < n; i++)
		printf("%-32s %20" PRIu64 "\n", counters[i].name,
		       counters[i].value);
	daemon_stats(false);
	return 0;
}
