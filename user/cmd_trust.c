// SPDX-License-Identifier: GPL-2.0
/*
 * segctl trust ADDR
 *
 * The trust class of an address in the current network namespace
 * (CLASS_GET): untrusted, trusted (allowlisted) or denied (blocklisted;
 * the blocklist wins), with the entry that decided it. A query is not a
 * hit: the entry's hit counter does not move.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "cli.h"
#include "entry.h"
#include "json.h"
#include "nl.h"
#include "segctl.h"

struct answer {
	struct segctl_nl *nl;
	bool got, matched;
	uint8_t cls;
	struct list_entry e;
};

static int on_reply(struct nlattr **tb, void *arg)
{
	struct answer *a = arg;

	if (!tb[IMSSEG_A_CLASS]) {
		snprintf(a->nl->why, sizeof(a->nl->why),
			 "malformed reply from the kernel (no class)");
		return -EPROTO;
	}
	a->got = true;
	a->cls = nla_get_u8(tb[IMSSEG_A_CLASS]);
	a->matched = tb[IMSSEG_A_LIST] && !entry_from_attrs(tb, &a->e);
	return 0;
}

static void print_answer(const struct trust_req *r, const struct answer *a,
			 bool json)
{
	struct json j;

	if (json) {
		json_init(&j, stdout);
		json_obj_open(&j, NULL);
		json_str(&j, "address", r->text);
		json_str(&j, "class", cli_class_name(a->cls));
		if (a->matched) {
			json_obj_open(&j, "entry");
			entry_json(&j, &a->e);
			json_obj_close(&j);
		}
		json_obj_close(&j);
		return;
	}
	if (!a->matched) {
		printf("%s %s\n", r->text, cli_class_name(a->cls));
		return;
	}
	printf("%s %s (%slist %s, %s, reason \"%s\")\n", r->text,
	       cli_class_name(a->cls), cli_list_name(a->e.list), a->e.text,
	       cli_origin_name(a->e.origin), a->e.reason);
}

int cmd_trust(int argc, char **argv, const struct segctl_opts *o)
{
	struct segctl_nl nl;
	struct answer a = { .nl = &nl };
	struct trust_req r;
	struct nl_msg *msg;
	char what[80], err[256];
	int v6, rc;

	if (cli_parse_trust(argc, argv, &r, err, sizeof(err)))
		return segctl_err("%s", err);
	snprintf(what, sizeof(what), "trust %s", argv[1]);
	if (segctl_nl_open(&nl))
		return segctl_err("%s: %s", what, nl.why);
	v6 = r.family == IMSSEG_FAMILY_V6;
	msg = segctl_nl_msg(&nl, IMSSEG_CMD_CLASS_GET, false);
	if (msg && (nla_put_u8(msg, IMSSEG_A_FAMILY, v6 ? AF_INET6 : AF_INET) ||
		    nla_put(msg, IMSSEG_A_ADDR, v6 ? 16 : 4, r.addr))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	if (!msg) {
		segctl_nl_close(&nl);
		return segctl_err("%s: out of memory", what);
	}
	rc = segctl_nl_talk(&nl, msg, on_reply, &a);
	segctl_nl_close(&nl);
	if (!rc && !a.got) {
		rc = -EPROTO;
		snprintf(nl.why, sizeof(nl.why), "no answer from the kernel");
	}
	if (rc)
		return segctl_err("%s: %s", what, nl.why);
	print_answer(&r, &a, o->json);
	return 0;
}
