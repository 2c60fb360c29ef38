// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "nlerr.h"

static void nlerr_tlvs(struct nlerr *x, const void *tlv, int len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	x->msg = NULL;
	x->off = -1;
	x->miss_type = -1;
	if (len <= 0 ||
	    nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)tlv, len, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		x->msg = nla_get_string(tb[NLMSGERR_ATTR_MSG]);
	if (tb[NLMSGERR_ATTR_OFFS])
		x->off = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	if (tb[NLMSGERR_ATTR_MISS_TYPE])
		x->miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
}

void nlerr_from_error(const struct nlmsgerr *e, struct nlerr *x)
{
	const struct nlmsghdr *h =
		(const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	size_t ack = sizeof(*e);
	int len;

	/* Unless capped, the whole request is echoed before the TLVs. */
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		ack += e->msg.nlmsg_len - NLMSG_HDRLEN;
	len = (int)h->nlmsg_len - NLMSG_HDRLEN - (int)NLMSG_ALIGN(ack);
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		len = 0;
	x->err = e->error;
	nlerr_tlvs(x, (const char *)e + NLMSG_ALIGN(ack), len);
}

void nlerr_from_done(const struct nlmsghdr *h, struct nlerr *x)
{
	int err = 0, len = 0;

	if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
		memcpy(&err, NLMSG_DATA(h), sizeof(err));
	if (h->nlmsg_flags & NLM_F_ACK_TLVS)
		len = (int)(h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(int))));
	x->err = err < 0 ? err : 0;
	nlerr_tlvs(x, (const char *)NLMSG_DATA(h) + NLMSG_ALIGN(sizeof(int)),
		   len);
}
