// SPDX-License-Identifier: GPL-2.0
/*
 * libnl-genl-3 wrapper, see nl.h.
 *
 * libnl 3.7 does not parse extended acks, so the socket gets
 * NETLINK_EXT_ACK (and NETLINK_CAP_ACK: errors do not echo the request)
 * and a custom error callback reads the NLMSGERR_ATTR_* TLVs after the
 * struct nlmsgerr: the message (NLMSGERR_ATTR_MSG) and the offset of the
 * bad attribute in our request (NLMSGERR_ATTR_OFFS), which is mapped
 * back to the attribute's name. An error that ends a dump arrives in
 * NLMSG_DONE (errno, then the same TLVs) and is read the same way.
 *
 * ABI handshake: segctl_nl_open() asks GET_VERSION (attribute-free in
 * every ABI) and refuses a module of another IMSSEG_ABI_VERSION, naming
 * both ABIs and versions; every other request carries IMSSEG_A_ABI, so
 * the module refuses a segctl of another ABI too.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "nl.h"
#include "nlerr.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static const char * const attr_names[IMSSEG_A_MAX + 1] = {
	[IMSSEG_A_VERSION] = "IMSSEG_A_VERSION",
	[IMSSEG_A_ABI] = "IMSSEG_A_ABI",
	[IMSSEG_A_IFINDEX] = "IMSSEG_A_IFINDEX",
	[IMSSEG_A_IFNAME] = "IMSSEG_A_IFNAME",
	[IMSSEG_A_ROLE] = "IMSSEG_A_ROLE",
	[IMSSEG_A_LIST] = "IMSSEG_A_LIST",
	[IMSSEG_A_FAMILY] = "IMSSEG_A_FAMILY",
	[IMSSEG_A_ADDR] = "IMSSEG_A_ADDR",
	[IMSSEG_A_PLEN] = "IMSSEG_A_PLEN",
	[IMSSEG_A_TTL] = "IMSSEG_A_TTL",
	[IMSSEG_A_EXPIRES] = "IMSSEG_A_EXPIRES",
	[IMSSEG_A_REASON] = "IMSSEG_A_REASON",
	[IMSSEG_A_HITS] = "IMSSEG_A_HITS",
	[IMSSEG_A_ORIGIN] = "IMSSEG_A_ORIGIN",
	[IMSSEG_A_CLASS] = "IMSSEG_A_CLASS",
	[IMSSEG_A_PAD] = "IMSSEG_A_PAD",
};

/* What segctl accepts in replies; anything else fails the parse. */
static struct nla_policy reply_policy[IMSSEG_A_MAX + 1] = {
	[IMSSEG_A_VERSION] = { .type = NLA_STRING, .maxlen = 32 },
	[IMSSEG_A_ABI] = { .type = NLA_U32 },
	[IMSSEG_A_IFINDEX] = { .type = NLA_U32 },
	[IMSSEG_A_IFNAME] = { .type = NLA_STRING, .maxlen = 16 },
	[IMSSEG_A_ROLE] = { .type = NLA_U8 },
	[IMSSEG_A_LIST] = { .type = NLA_U8 },
	[IMSSEG_A_FAMILY] = { .type = NLA_U8 },
	[IMSSEG_A_ADDR] = { .type = NLA_UNSPEC, .minlen = 4, .maxlen = 16 },
	[IMSSEG_A_PLEN] = { .type = NLA_U8 },
	[IMSSEG_A_TTL] = { .type = NLA_U32 },
	[IMSSEG_A_EXPIRES] = { .type = NLA_U32 },
	[IMSSEG_A_REASON] = { .type = NLA_STRING,
			      .maxlen = IMSSEG_REASON_LEN },
	[IMSSEG_A_HITS] = { .type = NLA_U64 },
	[IMSSEG_A_ORIGIN] = { .type = NLA_U8 },
	[IMSSEG_A_CLASS] = { .type = NLA_U8 },
};

const char *segctl_nl_attr_name(unsigned int type)
{
	return type <= IMSSEG_A_MAX ? attr_names[type] : NULL;
}

struct module_version {
	char version[33];
	uint32_t abi;
	bool has_abi;
};

static int version_reply(struct nlattr **tb, void *arg)
{
	struct module_version *v = arg;

	if (tb[IMSSEG_A_VERSION])
		snprintf(v->version, sizeof(v->version), "%s",
			 nla_get_string(tb[IMSSEG_A_VERSION]));
	if (tb[IMSSEG_A_ABI]) {
		v->abi = nla_get_u32(tb[IMSSEG_A_ABI]);
		v->has_abi = true;
	}
	return 0;
}

/* GET_VERSION: refuse a module that speaks another ABI. */
static int check_abi(struct segctl_nl *nl)
{
	struct module_version v = { .version = "?" };
	struct nl_msg *msg;
	int rc;

	msg = segctl_nl_msg(nl, IMSSEG_CMD_GET_VERSION, false);
	if (!msg) {
		snprintf(nl->why, sizeof(nl->why), "out of memory");
		return -ENOMEM;
	}
	rc = segctl_nl_talk(nl, msg, version_reply, &v);
	if (rc) {
		char why[sizeof(nl->why)];

		snprintf(why, sizeof(why), "%s", nl->why);
		snprintf(nl->why, sizeof(nl->why),
			 "cannot ask imsseg.ko for its version: %.250s", why);
		return rc;
	}
	if (!v.has_abi) {
		snprintf(nl->why, sizeof(nl->why),
			 "ABI mismatch: segctl %s speaks imsseg ABI %u, the loaded imsseg.ko %s names no ABI: install matching segctl and imsseg.ko",
			 IMSSEG_VERSION, IMSSEG_ABI_VERSION, v.version);
		return -EPROTO;
	}
	if (v.abi != IMSSEG_ABI_VERSION) {
		snprintf(nl->why, sizeof(nl->why),
			 "ABI mismatch: segctl %s speaks imsseg ABI %u, the loaded imsseg.ko %s speaks ABI %u: install matching segctl and imsseg.ko",
			 IMSSEG_VERSION, IMSSEG_ABI_VERSION, v.version, v.abi);
		return -EPROTO;
	}
	return 0;
}

int segctl_nl_open(struct segctl_nl *nl)
{
	int one = 1, rc;

	nl->why[0] = '\0';
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		snprintf(nl->why, sizeof(nl->why), "out of memory");
		return -ENOMEM;
	}
	rc = genl_connect(nl->sk);
	if (rc) {
		snprintf(nl->why, sizeof(nl->why),
			 "cannot open a generic netlink socket: %s",
			 nl_geterror(rc));
		goto err;
	}
	/* Best effort: without them, errors lack the kernel's message. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));

	nl->family = genl_ctrl_resolve(nl->sk, IMSSEG_GENL_NAME);
	if (nl->family < 0) {
		rc = nl->family;
		if (rc == -NLE_OBJ_NOTFOUND)
			snprintf(nl->why, sizeof(nl->why),
				 "imsseg.ko is not loaded (no generic netlink family '%s'): load it with 'modprobe imsseg' or 'insmod kernel/imsseg.ko'",
				 IMSSEG_GENL_NAME);
		else
			snprintf(nl->why, sizeof(nl->why),
				 "cannot resolve generic netlink family '%s': %s",
				 IMSSEG_GENL_NAME, nl_geterror(rc));
		goto err;
	}
	rc = check_abi(nl);
	if (rc) {
		nl_socket_free(nl->sk);
		nl->sk = NULL;
		return rc;
	}
	return 0;
err:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return rc == -NLE_OBJ_NOTFOUND ? -ENOENT : -EIO;
}

void segctl_nl_close(struct segctl_nl *nl)
{
	nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *segctl_nl_msg(struct segctl_nl *nl, uint8_t cmd, bool dump)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 dump ? NLM_F_DUMP : 0, cmd, IMSSEG_GENL_VERSION) ||
	    /* GET_VERSION takes no attribute, in every ABI */
	    (cmd != IMSSEG_CMD_GET_VERSION &&
	     nla_put_u32(msg, IMSSEG_A_ABI, IMSSEG_ABI_VERSION) < 0)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct talk {
	struct segctl_nl *nl;
	struct nl_msg *req;
	segctl_nl_cb cb;
	void *arg;
	int err;	/* 0, the kernel's -errno or the handler's */
	bool done;
};

/* Puts the kernel's answer @x into nl->why, after "kernel: ". */
static void talk_extack(struct talk *t, const struct nlerr *x)
{
	struct nlmsghdr *req = nlmsg_hdr(t->req);
	const char *name = NULL;
	char *why = t->nl->why;
	size_t size = sizeof(t->nl->why);
	int n;

	/* The offset is from the start of our request. */
	if (x->off >= NLMSG_HDRLEN && x->off + NLA_HDRLEN <= req->nlmsg_len) {
		struct nlattr *a = (struct nlattr *)((char *)req + x->off);

		name = segctl_nl_attr_name(nla_type(a));
	}
	if (!name && x->miss_type >= 0)
		name = segctl_nl_attr_name(x->miss_type);
	if (!x->msg || !*x->msg) {
		n = snprintf(why, size, "%s", strerror(-x->err));
		if (x->err == -EPERM)
			snprintf(why + n, size - n,
				 " (needs CAP_NET_ADMIN in this network namespace)");
		return;
	}
	n = snprintf(why, size, "kernel: %s", x->msg);
	if (name && !strstr(x->msg, name) && n > 0 && (size_t)n < size)
		snprintf(why + n, size - n, " (%s)", name);
}

static int talk_err(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct talk *t = arg;
	struct nlerr x;

	nlerr_from_error(e, &x);
	t->err = x.err;
	talk_extack(t, &x);
	t->done = true;
	return NL_STOP;
}

static int talk_ack(struct nl_msg *msg, void *arg)
{
	struct talk *t = arg;

	t->done = true;
	return NL_STOP;
}

/* NLMSG_DONE of a dump: an int errno, then extack TLVs if flagged. */
static int talk_finish(struct nl_msg *msg, void *arg)
{
	struct talk *t = arg;
	struct nlerr x;

	nlerr_from_done(nlmsg_hdr(msg), &x);
	if (x.err && !t->err) {
		t->err = x.err;
		talk_extack(t, &x);
	}
	t->done = true;
	return NL_STOP;
}

static int talk_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IMSSEG_A_MAX + 1];
	struct talk *t = arg;
	int rc;

	if (t->err)
		return NL_SKIP;	/* drain the rest of a failed dump */
	rc = genlmsg_parse(nlmsg_hdr(msg), 0, tb, IMSSEG_A_MAX, reply_policy);
	if (rc < 0) {
		t->err = -EPROTO;
		snprintf(t->nl->why, sizeof(t->nl->why),
			 "malformed reply from the kernel: %s", nl_geterror(rc));
		return NL_SKIP;
	}
	if (t->cb) {
		rc = t->cb(tb, t->arg);
		if (rc < 0 && !t->err)
			t->err = rc;	/* the handler set nl->why */
	}
	return NL_OK;
}

int segctl_nl_talk(struct segctl_nl *nl, struct nl_msg *msg, segctl_nl_cb cb,
		   void *arg)
{
	struct talk t = { .nl = nl, .req = msg, .cb = cb, .arg = arg };
	struct nl_cb *c;
	int rc;

	nl->why[0] = '\0';
	c = nl_cb_alloc(NL_CB_DEFAULT);
	if (!c) {
		nlmsg_free(msg);
		snprintf(nl->why, sizeof(nl->why), "out of memory");
		return -ENOMEM;
	}
	nl_cb_set(c, NL_CB_VALID, NL_CB_CUSTOM, talk_valid, &t);
	nl_cb_set(c, NL_CB_ACK, NL_CB_CUSTOM, talk_ack, &t);
	nl_cb_set(c, NL_CB_FINISH, NL_CB_CUSTOM, talk_finish, &t);
	nl_cb_err(c, NL_CB_CUSTOM, talk_err, &t);

	rc = nl_send_auto(nl->sk, msg);
	if (rc < 0) {
		snprintf(nl->why, sizeof(nl->why), "cannot send: %s",
			 nl_geterror(rc));
		t.err = -EIO;
		t.done = true;
	}
	while (!t.done) {
		rc = nl_recvmsgs(nl->sk, c);
		if (rc < 0 && !t.done) {
			snprintf(nl->why, sizeof(nl->why), "netlink: %s",
				 nl_geterror(rc));
			t.err = -EIO;
			break;
		}
	}
	nl_cb_put(c);
	nlmsg_free(msg);
	if (t.err && !nl->why[0])
		snprintf(nl->why, sizeof(nl->why), "%s", strerror(-t.err));
	return t.err;
}
