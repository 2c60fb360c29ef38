// SPDX-License-Identifier: GPL-2.0
/*
 * segctl allow|block add PREFIX [ttl SECONDS] [reason TEXT]
 * segctl allow|block del PREFIX
 * segctl allow|block list
 *
 * The allow and block lists of the current network namespace, over the
 * imsseg generic netlink family (LIST_ADD, LIST_DEL, LIST_GET dump).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "cli.h"
#include "entry.h"
#include "json.h"
#include "nl.h"
#include "segctl.h"

struct entries {
	struct list_entry *v;
	size_t n, cap;
	struct segctl_nl *nl;
};

static int collect(struct nlattr **tb, void *arg)
{
	struct entries *es = arg;
	struct list_entry *v;

	if (es->n == es->cap) {
		size_t cap = es->cap ? es->cap * 2 : 64;

		v = realloc(es->v, cap * sizeof(*v));
		if (!v) {
			snprintf(es->nl->why, sizeof(es->nl->why),
				 "out of memory");
			return -ENOMEM;
		}
		es->v = v;
		es->cap = cap;
	}
	if (entry_from_attrs(tb, &es->v[es->n])) {
		snprintf(es->nl->why, sizeof(es->nl->why),
			 "malformed list entry from the kernel");
		return -EPROTO;
	}
	es->n++;
	return 0;
}

/* "-" for 0 (no TTL, never expires), else seconds. */
static const char *secs(uint32_t v, char *buf, size_t len)
{
	if (!v)
		return "-";
	snprintf(buf, len, "%" PRIu32, v);
	return buf;
}

static void print_entries(const struct list_req *r,
			  const struct entries *es, bool json)
{
	char b1[16], b2[16];
	struct json j;
	size_t i;

	if (json) {
		json_init(&j, stdout);
		json_obj_open(&j, NULL);
		json_arr_open(&j, cli_list_name(r->list));
		for (i = 0; i < es->n; i++) {
			json_obj_open(&j, NULL);
			entry_json(&j, &es->v[i]);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_obj_close(&j);
		return;
	}
	printf("%-32s %-6s %12s %9s %9s  %s\n", "PREFIX", "ORIGIN", "HITS",
	       "TTL", "EXPIRES", "REASON");
	for (i = 0; i < es->n; i++) {
		const struct list_entry *e = &es->v[i];

		printf("%-32s %-6s %12" PRIu64 " %9s %9s  %s\n", e->text,
		       cli_origin_name(e->origin), e->hits,
		       secs(e->ttl, b1, sizeof(b1)),
		       secs(e->expires, b2, sizeof(b2)), e->reason);
	}
}

static int put_prefix(struct nl_msg *msg, const struct list_req *r)
{
	const struct imsseg_prefix *p = &r->prefix;
	int v6 = p->family == IMSSEG_FAMILY_V6;

	return nla_put_u8(msg, IMSSEG_A_LIST, r->list) ||
	       nla_put_u8(msg, IMSSEG_A_FAMILY, v6 ? AF_INET6 : AF_INET) ||
	       nla_put(msg, IMSSEG_A_ADDR, v6 ? 16 : 4, p->addr) ||
	       nla_put_u8(msg, IMSSEG_A_PLEN, p->plen);
}

static int build(struct segctl_nl *nl, const struct list_req *r,
		 struct nl_msg **out)
{
	static const uint8_t cmds[] = {
		[CLI_OP_ADD] = IMSSEG_CMD_LIST_ADD,
		[CLI_OP_DEL] = IMSSEG_CMD_LIST_DEL,
		[CLI_OP_LIST] = IMSSEG_CMD_LIST_GET,
	};
	struct nl_msg *msg;
	int bad;

	msg = segctl_nl_msg(nl, cmds[r->op], r->op == CLI_OP_LIST);
	if (!msg)
		return -ENOMEM;
	if (r->op == CLI_OP_LIST)
		bad = nla_put_u8(msg, IMSSEG_A_LIST, r->list);
	else
		bad = put_prefix(msg, r);
	if (!bad && r->op == CLI_OP_ADD && r->ttl)
		bad = nla_put_u32(msg, IMSSEG_A_TTL, r->ttl);
	if (!bad && r->op == CLI_OP_ADD && r->has_reason)
		bad = nla_put_string(msg, IMSSEG_A_REASON, r->reason);
	if (bad) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	*out = msg;
	return 0;
}

int cmd_list(int argc, char **argv, const struct segctl_opts *o)
{
	struct segctl_nl nl;
	struct entries es = { .nl = &nl };
	struct list_req r;
	struct nl_msg *msg;
	char what[128], err[256];
	int rc;

	if (cli_parse_list(argc, argv, &r, err, sizeof(err)))
		return segctl_err("%s", err);
	if (r.op == CLI_OP_LIST)
		snprintf(what, sizeof(what), "%s list", argv[0]);
	else
		snprintf(what, sizeof(what), "%s %s %s", argv[0], argv[1],
			 argv[2]);

	if (segctl_nl_open(&nl))
		return segctl_err("%s: %s", what, nl.why);
	rc = build(&nl, &r, &msg);
	if (rc) {
		segctl_nl_close(&nl);
		return segctl_err("%s: out of memory", what);
	}
	rc = segctl_nl_talk(&nl, msg, r.op == CLI_OP_LIST ? collect : NULL,
			    &es);
	segctl_nl_close(&nl);
	if (!rc && r.op == CLI_OP_LIST)
		print_entries(&r, &es, o->json);
	free(es.v);
	if (rc)
		return segctl_err("%s: %s", what, nl.why);
	return 0;
}
