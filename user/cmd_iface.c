// SPDX-License-Identifier: GPL-2.0
/*
 * segctl iface set DEV untrusted|trusted|za|none
 * segctl iface list
 *
 * Interface roles of the current network namespace (IFACE_SET by name,
 * resolved by the kernel in our netns; IFACE_GET dump).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "cli.h"
#include "json.h"
#include "nl.h"
#include "segctl.h"

struct iface {
	uint32_t ifindex;
	uint8_t role;
	char name[IF_NAMESIZE];
};

struct ifaces {
	struct iface *v;
	size_t n, cap;
	struct segctl_nl *nl;
};

static int collect(struct nlattr **tb, void *arg)
{
	struct ifaces *is = arg;
	struct iface *v;

	if (!tb[IMSSEG_A_IFINDEX] || !tb[IMSSEG_A_IFNAME] ||
	    !tb[IMSSEG_A_ROLE]) {
		snprintf(is->nl->why, sizeof(is->nl->why),
			 "malformed interface entry from the kernel");
		return -EPROTO;
	}
	if (is->n == is->cap) {
		size_t cap = is->cap ? is->cap * 2 : 16;

		v = realloc(is->v, cap * sizeof(*v));
		if (!v) {
			snprintf(is->nl->why, sizeof(is->nl->why),
				 "out of memory");
			return -ENOMEM;
		}
		is->v = v;
		is->cap = cap;
	}
	v = &is->v[is->n++];
	v->ifindex = nla_get_u32(tb[IMSSEG_A_IFINDEX]);
	v->role = nla_get_u8(tb[IMSSEG_A_ROLE]);
	nla_strlcpy(v->name, tb[IMSSEG_A_IFNAME], sizeof(v->name));
	return 0;
}

static void print_ifaces(const struct ifaces *is, bool json)
{
	struct json j;
	size_t i;

	if (json) {
		json_init(&j, stdout);
		json_obj_open(&j, NULL);
		json_arr_open(&j, "ifaces");
		for (i = 0; i < is->n; i++) {
			json_obj_open(&j, NULL);
			json_u64(&j, "ifindex", is->v[i].ifindex);
			json_str(&j, "ifname", is->v[i].name);
			json_str(&j, "role", cli_role_name(is->v[i].role));
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_obj_close(&j);
		return;
	}
	printf("%-8s %-16s %s\n", "IFINDEX", "IFNAME", "ROLE");
	for (i = 0; i < is->n; i++)
		printf("%-8u %-16s %s\n", is->v[i].ifindex, is->v[i].name,
		       cli_role_name(is->v[i].role));
}

int cmd_iface(int argc, char **argv, const struct segctl_opts *o)
{
	struct segctl_nl nl;
	struct ifaces is = { .nl = &nl };
	struct iface_req r;
	struct nl_msg *msg;
	char what[64], err[256];
	int rc;

	if (cli_parse_iface(argc, argv, &r, err, sizeof(err)))
		return segctl_err("%s", err);
	if (r.op == CLI_OP_SET)
		snprintf(what, sizeof(what), "iface set %s", r.dev);
	else
		snprintf(what, sizeof(what), "iface list");

	if (segctl_nl_open(&nl))
		return segctl_err("%s: %s", what, nl.why);
	if (r.op == CLI_OP_SET) {
		msg = segctl_nl_msg(&nl, IMSSEG_CMD_IFACE_SET, false);
		if (msg && (nla_put_string(msg, IMSSEG_A_IFNAME, r.dev) ||
			    nla_put_u8(msg, IMSSEG_A_ROLE, r.role))) {
			nlmsg_free(msg);
			msg = NULL;
		}
	} else {
		msg = segctl_nl_msg(&nl, IMSSEG_CMD_IFACE_GET, true);
	}
	if (!msg) {
		segctl_nl_close(&nl);
		return segctl_err("%s: out of memory", what);
	}
	rc = segctl_nl_talk(&nl, msg, r.op == CLI_OP_LIST ? collect : NULL,
			    &is);
	segctl_nl_close(&nl);
	if (!rc && r.op == CLI_OP_LIST)
		print_ifaces(&is, o->json);
	free(is.v);
	if (rc)
		return segctl_err("%s: %s", what, nl.why);
	return 0;
}
