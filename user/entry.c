// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <netlink/attr.h>

#include "cli.h"
#include "entry.h"

int entry_from_attrs(struct nlattr **tb, struct list_entry *e)
{
	uint8_t family;

	memset(e, 0, sizeof(*e));
	if (!tb[IMSSEG_A_LIST] || !tb[IMSSEG_A_FAMILY] || !tb[IMSSEG_A_ADDR] ||
	    !tb[IMSSEG_A_PLEN])
		return -EPROTO;
	switch (nla_get_u8(tb[IMSSEG_A_FAMILY])) {
	case AF_INET:
		family = IMSSEG_FAMILY_V4;
		break;
	case AF_INET6:
		family = IMSSEG_FAMILY_V6;
		break;
	default:
		return -EPROTO;
	}
	if ((unsigned int)nla_len(tb[IMSSEG_A_ADDR]) !=
	    imsseg_family_bits(family) / 8 ||
	    imsseg_prefix_set(&e->prefix, family, nla_data(tb[IMSSEG_A_ADDR]),
			      nla_get_u8(tb[IMSSEG_A_PLEN])))
		return -EPROTO;
	imsseg_prefix_format(&e->prefix, e->text, sizeof(e->text));
	e->list = nla_get_u8(tb[IMSSEG_A_LIST]);
	if (tb[IMSSEG_A_ORIGIN])
		e->origin = nla_get_u8(tb[IMSSEG_A_ORIGIN]);
	if (tb[IMSSEG_A_TTL])
		e->ttl = nla_get_u32(tb[IMSSEG_A_TTL]);
	if (tb[IMSSEG_A_EXPIRES])
		e->expires = nla_get_u32(tb[IMSSEG_A_EXPIRES]);
	if (tb[IMSSEG_A_HITS])
		e->hits = nla_get_u64(tb[IMSSEG_A_HITS]);
	if (tb[IMSSEG_A_REASON])
		nla_strlcpy(e->reason, tb[IMSSEG_A_REASON], sizeof(e->reason));
	return 0;
}

void entry_json(struct json *j, const struct list_entry *e)
{
	json_str(j, "prefix", e->text);
	json_str(j, "family",
		 e->prefix.family == IMSSEG_FAMILY_V6 ? "ipv6" : "ipv4");
	json_str(j, "list", cli_list_name(e->list));
	json_str(j, "origin", cli_origin_name(e->origin));
	json_str(j, "reason", e->reason);
	json_u64(j, "hits", e->hits);
	json_u64(j, "ttl", e->ttl);
	json_u64(j, "expires", e->expires);
}
