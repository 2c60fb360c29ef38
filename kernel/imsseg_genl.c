// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family IMSSEG_GENL_NAME: interface roles and the
 * allow/block lists of the caller's network namespace (.netnsok).
 *
 * Validation is strict and complete before anything changes: the family
 * policy checks types, lengths and ranges (strict parsing, no
 * GENL_DONT_VALIDATE_*), each command then rejects attributes it does
 * not take, missing ones, and values the policy cannot express (address
 * family, address length, prefix length per family, host bits, reason
 * characters). Every error carries an extack message naming the
 * attribute and, where one attribute is at fault, its offset
 * (NLMSGERR_ATTR_OFFS). 6.1 has no formatted extack messages, so the
 * bad value itself is not echoed; segctl names it from the request.
 *
 * ABI handshake: every request but GET_VERSION must carry IMSSEG_A_ABI
 * equal to IMSSEG_ABI_VERSION; it is checked first (after the core's
 * permission and policy checks), so a segctl of another ABI fails with
 * EPROTO and a message naming both ABIs before anything is interpreted.
 * GET_VERSION stays attribute-free in every ABI: it is how user space
 * finds out which ABI the module speaks.
 *
 * Permissions: every command but GET_VERSION needs CAP_NET_ADMIN in the
 * user namespace owning the netns (GENL_UNS_ADMIN_PERM), dumps and
 * queries included: the lists are security policy.
 *
 * parallel_ops: handlers lock for themselves (RTNL for roles, the
 * per-netns lists lock for lists), there is no family-wide state.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/stringify.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <net/netlink.h>
#include <linux/imsseg.h>

#include "imsseg_genl.h"
#include "imsseg_lists.h"
#include "imsseg_netstate.h"
#include "imsseg_roles.h"

static struct genl_family imsseg_genl_family;

static struct netlink_range_validation imsseg_ifindex_range = {
	.min = 1,
	.max = INT_MAX,
};

static struct netlink_range_validation imsseg_ttl_range = {
	.min = 0,
	.max = IMSSEG_TTL_MAX,
};

static const struct nla_policy imsseg_genl_policy[IMSSEG_A_MAX + 1] = {
	[IMSSEG_A_VERSION]	= { .type = NLA_REJECT },	/* replies */
	[IMSSEG_A_ABI]		= { .type = NLA_U32 },
	[IMSSEG_A_IFINDEX]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&imsseg_ifindex_range),
	[IMSSEG_A_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[IMSSEG_A_ROLE]		= NLA_POLICY_MAX(NLA_U8, __IMSSEG_ROLE_MAX - 1),
	[IMSSEG_A_LIST]		= NLA_POLICY_MAX(NLA_U8, __IMSSEG_LIST_MAX - 1),
	[IMSSEG_A_FAMILY]	= { .type = NLA_U8 },
	[IMSSEG_A_ADDR]		= NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[IMSSEG_A_PLEN]		= NLA_POLICY_MAX(NLA_U8, 128),
	[IMSSEG_A_TTL]		= NLA_POLICY_FULL_RANGE(NLA_U32,
							&imsseg_ttl_range),
	[IMSSEG_A_EXPIRES]	= { .type = NLA_REJECT },
	[IMSSEG_A_REASON]	= { .type = NLA_NUL_STRING,
				    .len = IMSSEG_REASON_LEN - 1 },
	[IMSSEG_A_HITS]		= { .type = NLA_REJECT },
	[IMSSEG_A_ORIGIN]	= { .type = NLA_REJECT },
	[IMSSEG_A_CLASS]	= { .type = NLA_REJECT },
	[IMSSEG_A_PAD]		= { .type = NLA_REJECT },
};

/* A required attribute: extack names it (and NLMSGERR_ATTR_MISS_TYPE). */
#define IMSSEG_NEED(attrs, extack, type) ({				\
	struct netlink_ext_ack *__ea = (extack);			\
	bool __miss = NL_REQ_ATTR_CHECK(__ea, NULL, attrs, type);	\
									\
	if (__miss)							\
		NL_SET_ERR_MSG(__ea, "missing attribute " #type);	\
	__miss;								\
})

/* Rejects any attribute the command does not take. */
static int imsseg_genl_only(struct nlattr **attrs, unsigned long allowed,
			    struct netlink_ext_ack *extack)
{
	unsigned int i;

	for (i = 1; i <= IMSSEG_A_MAX; i++) {
		if (attrs[i] && !(allowed & BIT(i))) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[i],
					    "attribute not valid for this command");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * The extack message for a request of ABI n. 6.1 has no formatted extack
 * messages and the message must outlive the handler, so the sentences
 * are built at compile time, one per ABI number that can be named.
 */
#define IMSSEG_ABI_TAIL							\
	"this module ABI " __stringify(IMSSEG_ABI_VERSION)		\
	" (imsseg " IMSSEG_VERSION "): install matching segctl and imsseg.ko"
#define IMSSEG_ABI_MSG(n)	"segctl speaks imsseg ABI " #n ", " IMSSEG_ABI_TAIL

static const char * const imsseg_abi_msgs[] = {
	IMSSEG_ABI_MSG(0), IMSSEG_ABI_MSG(1), IMSSEG_ABI_MSG(2),
	IMSSEG_ABI_MSG(3), IMSSEG_ABI_MSG(4), IMSSEG_ABI_MSG(5),
	IMSSEG_ABI_MSG(6), IMSSEG_ABI_MSG(7), IMSSEG_ABI_MSG(8),
	IMSSEG_ABI_MSG(9), IMSSEG_ABI_MSG(10), IMSSEG_ABI_MSG(11),
	IMSSEG_ABI_MSG(12), IMSSEG_ABI_MSG(13), IMSSEG_ABI_MSG(14),
	IMSSEG_ABI_MSG(15),
};

/* IMSSEG_A_ABI present and equal to ours, else -EPROTO with a message. */
static int imsseg_genl_abi(struct nlattr **attrs,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *a = attrs[IMSSEG_A_ABI];
	u32 abi;

	if (NL_REQ_ATTR_CHECK(extack, NULL, attrs, IMSSEG_A_ABI)) {
		NL_SET_ERR_MSG(extack,
			       "request without IMSSEG_A_ABI: segctl older than ABI "
			       __stringify(IMSSEG_ABI_VERSION) ", "
			       IMSSEG_ABI_TAIL);
		return -EPROTO;
	}
	abi = nla_get_u32(a);
	if (abi == IMSSEG_ABI_VERSION)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, a,
			    "segctl speaks an imsseg ABI above 15, "
			    IMSSEG_ABI_TAIL);
	/* NL_SET_ERR_MSG() takes literals only: pick the table's */
	if (extack && abi < ARRAY_SIZE(imsseg_abi_msgs))
		extack->_msg = imsseg_abi_msgs[abi];
	return -EPROTO;
}

/* A request: the ABI first, then only the attributes @allowed (+ ABI). */
static int imsseg_genl_req(struct nlattr **attrs, unsigned long allowed,
			   struct netlink_ext_ack *extack)
{
	int err = imsseg_genl_abi(attrs, extack);

	if (err)
		return err;
	return imsseg_genl_only(attrs, allowed | BIT(IMSSEG_A_ABI), extack);
}

/* IMSSEG_A_FAMILY and IMSSEG_A_ADDR (both present) -> family, address. */
static int imsseg_genl_addr(struct nlattr **attrs, u8 *family,
			    const u8 **addr, struct netlink_ext_ack *extack)
{
	struct nlattr *fa = attrs[IMSSEG_A_FAMILY];
	struct nlattr *aa = attrs[IMSSEG_A_ADDR];

	switch (nla_get_u8(fa)) {
	case AF_INET:
		*family = IMSSEG_FAMILY_V4;
		break;
	case AF_INET6:
		*family = IMSSEG_FAMILY_V6;
		break;
	default:
		NL_SET_ERR_MSG_ATTR(extack, fa,
				    "IMSSEG_A_FAMILY is not AF_INET or AF_INET6");
		return -EINVAL;
	}
	if (nla_len(aa) != imsseg_family_bits(*family) / 8) {
		NL_SET_ERR_MSG_ATTR(extack, aa,
				    "IMSSEG_A_ADDR length does not match IMSSEG_A_FAMILY (4 or 16 bytes)");
		return -EINVAL;
	}
	*addr = nla_data(aa);
	return 0;
}

/* IMSSEG_A_LIST, FAMILY, ADDR, PLEN -> list, canonical prefix. */
static int imsseg_genl_prefix(struct genl_info *info, enum imsseg_list *list,
			      struct imsseg_prefix *p)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	unsigned int bits, plen;
	const u8 *addr;
	u8 family;
	int err;

	if (IMSSEG_NEED(attrs, extack, IMSSEG_A_LIST) ||
	    IMSSEG_NEED(attrs, extack, IMSSEG_A_FAMILY) ||
	    IMSSEG_NEED(attrs, extack, IMSSEG_A_ADDR) ||
	    IMSSEG_NEED(attrs, extack, IMSSEG_A_PLEN))
		return -EINVAL;
	err = imsseg_genl_addr(attrs, &family, &addr, extack);
	if (err)
		return err;
	bits = imsseg_family_bits(family);
	plen = nla_get_u8(attrs[IMSSEG_A_PLEN]);
	if (plen > bits) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[IMSSEG_A_PLEN],
				    "IMSSEG_A_PLEN is above 32 for AF_INET");
		return -ERANGE;
	}
	imsseg_prefix_set(p, family, addr, plen);
	if (memcmp(p->addr, addr, bits / 8)) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[IMSSEG_A_ADDR],
				    "host bits set: IMSSEG_A_ADDR has bits after IMSSEG_A_PLEN");
		return -EINVAL;
	}
	*list = nla_get_u8(attrs[IMSSEG_A_LIST]);
	return 0;
}

static int imsseg_genl_put_entry(struct sk_buff *skb,
				 const struct imsseg_entry_info *e)
{
	const struct imsseg_prefix *p = &e->prefix;
	bool v6 = p->family == IMSSEG_FAMILY_V6;

	if (nla_put_u8(skb, IMSSEG_A_LIST, e->list) ||
	    nla_put_u8(skb, IMSSEG_A_FAMILY, v6 ? AF_INET6 : AF_INET) ||
	    nla_put(skb, IMSSEG_A_ADDR, v6 ? 16 : 4, p->addr) ||
	    nla_put_u8(skb, IMSSEG_A_PLEN, p->plen) ||
	    nla_put_u32(skb, IMSSEG_A_TTL, e->ttl) ||
	    nla_put_u32(skb, IMSSEG_A_EXPIRES, e->expires) ||
	    nla_put_string(skb, IMSSEG_A_REASON, e->reason) ||
	    nla_put_u64_64bit(skb, IMSSEG_A_HITS, e->hits, IMSSEG_A_PAD) ||
	    nla_put_u8(skb, IMSSEG_A_ORIGIN, e->origin))
		return -EMSGSIZE;
	return 0;
}

static int imsseg_genl_get_version(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = imsseg_genl_only(info->attrs, 0, info->extack);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &imsseg_genl_family, 0,
				IMSSEG_CMD_GET_VERSION);
	if (!hdr ||
	    nla_put_string(msg, IMSSEG_A_VERSION, IMSSEG_VERSION) ||
	    nla_put_u32(msg, IMSSEG_A_ABI, IMSSEG_ABI_VERSION)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int imsseg_genl_iface_set(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct net *net = genl_info_net(info);
	struct nlattr **attrs = info->attrs;
	struct net_device *dev;
	enum imsseg_role role;
	int err;

	err = imsseg_genl_req(attrs, BIT(IMSSEG_A_IFINDEX) |
			       BIT(IMSSEG_A_IFNAME) | BIT(IMSSEG_A_ROLE),
			       extack);
	if (err)
		return err;
	if (IMSSEG_NEED(attrs, extack, IMSSEG_A_ROLE))
		return -EINVAL;
	if (!attrs[IMSSEG_A_IFINDEX] == !attrs[IMSSEG_A_IFNAME]) {
		NL_SET_ERR_MSG(extack,
			       "give exactly one of IMSSEG_A_IFINDEX and IMSSEG_A_IFNAME");
		return -EINVAL;
	}
	role = nla_get_u8(attrs[IMSSEG_A_ROLE]);

	/* Under RTNL the device cannot unregister before its role is set. */
	rtnl_lock();
	if (attrs[IMSSEG_A_IFINDEX])
		dev = __dev_get_by_index(net,
					 nla_get_u32(attrs[IMSSEG_A_IFINDEX]));
	else
		dev = __dev_get_by_name(net, nla_data(attrs[IMSSEG_A_IFNAME]));
	if (!dev) {
		if (attrs[IMSSEG_A_IFINDEX])
			NL_SET_ERR_MSG_ATTR(extack, attrs[IMSSEG_A_IFINDEX],
					    "no such interface (IMSSEG_A_IFINDEX) in this network namespace");
		else
			NL_SET_ERR_MSG_ATTR(extack, attrs[IMSSEG_A_IFNAME],
					    "no such interface (IMSSEG_A_IFNAME) in this network namespace");
		err = -ENODEV;
	} else {
		err = imsseg_roles_set(imsseg_net(net), dev->ifindex, role);
	}
	rtnl_unlock();
	return err;
}

/* Dump state in cb->ctx. */
struct imsseg_iface_dump {
	unsigned long next;	/* ifindex to continue from */
};

static int imsseg_genl_iface_dump(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	const struct genl_dumpit_info *di = genl_dumpit_info(cb);
	struct imsseg_iface_dump *st = (void *)cb->ctx;
	struct net *net = sock_net(cb->skb->sk);
	struct imsseg_net *in = imsseg_net(net);
	struct net_device *dev;
	enum imsseg_role role;
	unsigned long idx;
	void *hdr;
	int err;

	BUILD_BUG_ON(sizeof(*st) > sizeof(cb->ctx));
	err = imsseg_genl_req(di->attrs, 0, cb->extack);
	if (err)
		return err;

	rtnl_lock();	/* a consistent ifindex -> name mapping */
	for (idx = st->next; imsseg_roles_next(in, &idx, &role); idx++) {
		dev = __dev_get_by_index(net, idx);
		if (!dev)
			continue;	/* cannot happen: removed on unregister */
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &imsseg_genl_family,
				  NLM_F_MULTI, IMSSEG_CMD_IFACE_GET);
		if (!hdr)
			break;
		if (nla_put_u32(skb, IMSSEG_A_IFINDEX, idx) ||
		    nla_put_string(skb, IMSSEG_A_IFNAME, dev->name) ||
		    nla_put_u8(skb, IMSSEG_A_ROLE, role)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	rtnl_unlock();
	st->next = idx;
	return skb->len;
}

static int imsseg_genl_list_add(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	struct nlattr *ra = attrs[IMSSEG_A_REASON];
	const char *reason = "", *c;
	enum imsseg_list list;
	struct imsseg_prefix p;
	u32 ttl = 0;
	int err;

	err = imsseg_genl_req(attrs, BIT(IMSSEG_A_LIST) |
			       BIT(IMSSEG_A_FAMILY) | BIT(IMSSEG_A_ADDR) |
			       BIT(IMSSEG_A_PLEN) | BIT(IMSSEG_A_TTL) |
			       BIT(IMSSEG_A_REASON), extack);
	if (err)
		return err;
	err = imsseg_genl_prefix(info, &list, &p);
	if (err)
		return err;
	if (attrs[IMSSEG_A_TTL])
		ttl = nla_get_u32(attrs[IMSSEG_A_TTL]);
	if (ra) {
		/* NUL within IMSSEG_REASON_LEN: checked by the policy */
		reason = nla_data(ra);
		for (c = reason; *c; c++) {
			if (*c < 0x20 || *c > 0x7e) {
				NL_SET_ERR_MSG_ATTR(extack, ra,
						    "IMSSEG_A_REASON has a character that is not printable ASCII");
				return -EINVAL;
			}
		}
	}
	return imsseg_lists_add(&imsseg_net(genl_info_net(info))->lists, list,
				&p, ttl, reason, extack);
}

static int imsseg_genl_list_del(struct sk_buff *skb, struct genl_info *info)
{
	enum imsseg_list list;
	struct imsseg_prefix p;
	int err;

	err = imsseg_genl_req(info->attrs, BIT(IMSSEG_A_LIST) |
			       BIT(IMSSEG_A_FAMILY) | BIT(IMSSEG_A_ADDR) |
			       BIT(IMSSEG_A_PLEN), info->extack);
	if (err)
		return err;
	err = imsseg_genl_prefix(info, &list, &p);
	if (err)
		return err;
	return imsseg_lists_del(&imsseg_net(genl_info_net(info))->lists, list,
				&p, info->extack);
}

struct imsseg_list_fill {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static int imsseg_genl_list_fill(void *arg, const struct imsseg_entry_info *e)
{
	struct imsseg_list_fill *f = arg;
	void *hdr;

	hdr = genlmsg_put(f->skb, NETLINK_CB(f->cb->skb).portid,
			  f->cb->nlh->nlmsg_seq, &imsseg_genl_family,
			  NLM_F_MULTI, IMSSEG_CMD_LIST_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (imsseg_genl_put_entry(f->skb, e)) {
		genlmsg_cancel(f->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(f->skb, hdr);
	return 0;
}

/* Dump state in cb->ctx. */
struct imsseg_list_dump {
	bool begun;
	struct imsseg_lists_pos pos;
};

/* [LIST] -> every live entry of that list, or of both (allow first). */
static int imsseg_genl_list_dump(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	const struct genl_dumpit_info *di = genl_dumpit_info(cb);
	struct imsseg_list_dump *st = (void *)cb->ctx;
	struct imsseg_net *in = imsseg_net(sock_net(cb->skb->sk));
	struct imsseg_list_fill f = { .skb = skb, .cb = cb };
	int err;

	BUILD_BUG_ON(sizeof(*st) > sizeof(cb->ctx));
	if (!st->begun) {
		/* The first call has the extack: validate here, not in start */
		err = imsseg_genl_req(di->attrs, BIT(IMSSEG_A_LIST), cb->extack);
		if (err)
			return err;
		st->begun = true;
		if (di->attrs[IMSSEG_A_LIST]) {
			st->pos.list = nla_get_u8(di->attrs[IMSSEG_A_LIST]);
			st->pos.single = true;
		}
	}
	err = imsseg_lists_walk(&in->lists, &st->pos, imsseg_genl_list_fill,
				&f);
	if (err == -EMSGSIZE && skb->len)
		return skb->len;	/* full: continue in the next call */
	return err ? err : skb->len;
}

/* FAMILY, ADDR -> CLASS [+ the matching entry, as in LIST_GET]. */
static int imsseg_genl_class_get(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	struct imsseg_entry_info ent;
	enum imsseg_class cls;
	struct sk_buff *msg;
	const u8 *addr;
	bool matched;
	u8 family;
	void *hdr;
	int err;

	err = imsseg_genl_req(attrs, BIT(IMSSEG_A_FAMILY) |
			       BIT(IMSSEG_A_ADDR), extack);
	if (err)
		return err;
	if (IMSSEG_NEED(attrs, extack, IMSSEG_A_FAMILY) ||
	    IMSSEG_NEED(attrs, extack, IMSSEG_A_ADDR))
		return -EINVAL;
	err = imsseg_genl_addr(attrs, &family, &addr, extack);
	if (err)
		return err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	cls = imsseg_lists_query(&imsseg_net(genl_info_net(info))->lists,
				 family, addr, &ent, &matched);
	hdr = genlmsg_put_reply(msg, info, &imsseg_genl_family, 0,
				IMSSEG_CMD_CLASS_GET);
	if (!hdr || nla_put_u8(msg, IMSSEG_A_CLASS, cls) ||
	    (matched && imsseg_genl_put_entry(msg, &ent))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static const struct genl_small_ops imsseg_genl_ops[] = {
	{
		.cmd = IMSSEG_CMD_GET_VERSION,
		.doit = imsseg_genl_get_version,
	}, {
		.cmd = IMSSEG_CMD_IFACE_SET,
		.doit = imsseg_genl_iface_set,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = IMSSEG_CMD_IFACE_GET,
		.dumpit = imsseg_genl_iface_dump,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = IMSSEG_CMD_LIST_ADD,
		.doit = imsseg_genl_list_add,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = IMSSEG_CMD_LIST_DEL,
		.doit = imsseg_genl_list_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = IMSSEG_CMD_LIST_GET,
		.dumpit = imsseg_genl_list_dump,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = IMSSEG_CMD_CLASS_GET,
		.doit = imsseg_genl_class_get,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family imsseg_genl_family __ro_after_init = {
	.name = IMSSEG_GENL_NAME,
	.version = IMSSEG_GENL_VERSION,
	.maxattr = IMSSEG_A_MAX,
	.policy = imsseg_genl_policy,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.small_ops = imsseg_genl_ops,
	.n_small_ops = ARRAY_SIZE(imsseg_genl_ops),
	/* resv_start_op 0: every command gets strict header checks */
};

int imsseg_genl_init(void)
{
	return genl_register_family(&imsseg_genl_family);
}

void imsseg_genl_exit(void)
{
	genl_unregister_family(&imsseg_genl_family);
}
