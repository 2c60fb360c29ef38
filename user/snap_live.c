// SPDX-License-Identifier: GPL-2.0
/*
 * snap_take(): a snapshot from the running system. Besides sysfs it
 * counts the allow/block list entries of this network namespace with
 * one LIST_GET dump (both lists), and asks segctl run for "stats" over
 * its control socket (ctl.h). Each part that fails leaves its reason in
 * the snapshot; nothing here prints.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>

#include "ctl.h"
#include "nl.h"
#include "snap.h"

struct list_count {
	struct snap *s;
	struct segctl_nl *nl;
};

static int count_entry(struct nlattr **tb, void *arg)
{
	struct list_count *lc = arg;
	uint8_t list, origin = IMSSEG_ORIGIN_ADMIN;

	if (!tb[IMSSEG_A_LIST]) {
		snprintf(lc->nl->why, sizeof(lc->nl->why),
			 "list entry without IMSSEG_A_LIST from the kernel");
		return -EPROTO;
	}
	list = nla_get_u8(tb[IMSSEG_A_LIST]);
	if (tb[IMSSEG_A_ORIGIN])
		origin = nla_get_u8(tb[IMSSEG_A_ORIGIN]);
	if (list >= 2 || origin >= 2) {
		snprintf(lc->nl->why, sizeof(lc->nl->why),
			 "unknown list %u or origin %u from the kernel",
			 list, origin);
		return -EPROTO;
	}
	lc->s->list_entries[list][origin]++;
	return 0;
}

static void take_lists(struct snap *s)
{
	struct segctl_nl nl;
	struct list_count lc = { .s = s, .nl = &nl };
	struct nl_msg *msg;
	int rc;

	if (segctl_nl_open(&nl)) {
		snprintf(s->lists_err, sizeof(s->lists_err), "%s", nl.why);
		return;
	}
	msg = segctl_nl_msg(&nl, IMSSEG_CMD_LIST_GET, true);
	if (!msg) {
		segctl_nl_close(&nl);
		snprintf(s->lists_err, sizeof(s->lists_err), "out of memory");
		return;
	}
	rc = segctl_nl_talk(&nl, msg, count_entry, &lc);
	segctl_nl_close(&nl);
	if (rc) {
		memset(s->list_entries, 0, sizeof(s->list_entries));
		snprintf(s->lists_err, sizeof(s->lists_err),
			 "allow/block list dump: %s", nl.why);
		return;
	}
	s->lists = true;
}

static void take_segctl(struct snap *s)
{
	char err[256];
	char *out = NULL;

	if (ctl_request("stats", &out, err, sizeof(err)))
		snap_set_segctl(s, NULL, err);
	else
		snap_set_segctl(s, out, NULL);
	free(out);
}

void snap_take(struct snap *s, unsigned int what)
{
	snap_read_module(s);
	if ((what & SNAP_LISTS) && s->module)
		take_lists(s);
	else if (what & SNAP_LISTS)
		snprintf(s->lists_err, sizeof(s->lists_err), "%s",
			 s->module_err);
	if (what & SNAP_SEGCTL)
		take_segctl(s);
}
