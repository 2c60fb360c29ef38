// SPDX-License-Identifier: GPL-2.0
/*
 * NETLINK_XFRM requests, acks with extended ack messages, and dumps;
 * see xfrm_nl.h. libnl 3.7 does not parse extended acks: the socket
 * gets NETLINK_EXT_ACK and NETLINK_CAP_ACK and the error callback reads
 * NLMSGERR_ATTR_MSG after the struct nlmsgerr.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/sp.h>

#include "nlerr.h"
#include "xfrm_nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int xnl_open(struct xnl *x, uint32_t groups)
{
	int one = 1, rc, g;

	memset(x, 0, sizeof(*x));
	x->sk = nl_socket_alloc();
	if (!x->sk) {
		snprintf(x->why, sizeof(x->why), "out of memory");
		return -ENOMEM;
	}
	if (groups)
		nl_socket_disable_seq_check(x->sk);
	rc = nl_connect(x->sk, NETLINK_XFRM);
	if (rc) {
		snprintf(x->why, sizeof(x->why),
			 "cannot open an XFRM netlink socket: %s (is xfrm_user available?)",
			 nl_geterror(rc));
		nl_socket_free(x->sk);
		x->sk = NULL;
		return -EIO;
	}
	setsockopt(nl_socket_get_fd(x->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(x->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	nl_socket_set_buffer_size(x->sk, 8 << 20, 1 << 20);
	for (g = 1; g < 32; g++)
		if (groups & (1u << g) &&
		    nl_socket_add_membership(x->sk, g) < 0) {
			snprintf(x->why, sizeof(x->why),
				 "cannot join XFRM group %d", g);
			xnl_close(x);
			return -EIO;
		}
	if (groups) {
		int sz = 8 << 20;

		/* past rmem_max: a reconcile of thousands of objects */
		setsockopt(nl_socket_get_fd(x->sk), SOL_SOCKET, SO_RCVBUFFORCE,
			   &sz, sizeof(sz));
		nl_socket_set_nonblocking(x->sk);
	}
	x->port = nl_socket_get_local_port(x->sk);
	return 0;
}

void xnl_close(struct xnl *x)
{
	if (x->sk)
		nl_socket_free(x->sk);
	x->sk = NULL;
}

int xnl_fd(const struct xnl *x)
{
	return nl_socket_get_fd(x->sk);
}

struct talk {
	struct xnl *x;
	int err;
	bool done;
	int (*cb)(struct nl_msg *msg, void *arg);
	void *arg;
};

/* Puts the kernel's answer @e into x->why. */
static void extack(struct talk *t, const struct nlerr *e)
{
	if (e->msg && *e->msg)
		snprintf(t->x->why, sizeof(t->x->why), "kernel: %s (%s)",
			 e->msg, strerror(-e->err));
	else if (e->err == -EPERM)
		snprintf(t->x->why, sizeof(t->x->why),
			 "%s (needs CAP_NET_ADMIN)", strerror(-e->err));
	else
		snprintf(t->x->why, sizeof(t->x->why), "kernel: %s",
			 strerror(-e->err));
}

static int on_err(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct talk *t = arg;
	struct nlerr x;

	nlerr_from_error(e, &x);
	t->err = x.err;
	if (x.err)
		extack(t, &x);
	t->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	((struct talk *)arg)->done = true;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct talk *t = arg;
	struct nlerr x;

	nlerr_from_done(nlmsg_hdr(msg), &x);
	if (x.err && !t->err) {
		t->err = x.err;
		extack(t, &x);
	}
	t->done = true;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct talk *t = arg;
	int rc;

	if (t->err || !t->cb)
		return NL_SKIP;
	rc = t->cb(msg, t->arg);
	if (rc < 0) {
		t->err = rc;
		snprintf(t->x->why, sizeof(t->x->why),
			 rc == -ENOMEM ? "out of memory" :
			 "malformed XFRM message from the kernel");
	}
	return NL_OK;
}

static int talk(struct xnl *x, struct nl_msg *msg,
		int (*cb)(struct nl_msg *msg, void *arg), void *arg)
{
	struct talk t = { .x = x, .cb = cb, .arg = arg };
	struct nl_cb *c = nl_cb_alloc(NL_CB_DEFAULT);
	int rc;

	x->why[0] = '\0';
	if (!c) {
		nlmsg_free(msg);
		snprintf(x->why, sizeof(x->why), "out of memory");
		return -ENOMEM;
	}
	nl_cb_set(c, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &t);
	nl_cb_set(c, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_set(c, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &t);
	nl_cb_err(c, NL_CB_CUSTOM, on_err, &t);
	rc = nl_send_auto(x->sk, msg);
	nlmsg_free(msg);
	if (rc < 0) {
		snprintf(x->why, sizeof(x->why), "cannot send: %s",
			 nl_geterror(rc));
		nl_cb_put(c);
		return -EIO;
	}
	while (!t.done) {
		rc = nl_recvmsgs(x->sk, c);
		if (rc < 0 && !t.done) {
			snprintf(x->why, sizeof(x->why), "netlink: %s",
				 nl_geterror(rc));
			t.err = -EIO;
			break;
		}
	}
	nl_cb_put(c);
	return t.err;
}

int xnl_talk(struct xnl *x, struct nl_msg *msg)
{
	return talk(x, msg, NULL, NULL);
}

static int nomem(struct xnl *x)
{
	snprintf(x->why, sizeof(x->why), "out of memory");
	return -ENOMEM;
}

int xnl_add_sa(struct xnl *x, const struct xsa *sa)
{
	struct xfrmnl_sa *n = xsa_to_nl(sa);
	struct nl_msg *msg = NULL;
	int rc;

	if (!n)
		return nomem(x);
	rc = xfrmnl_sa_build_add_request(n, 0, &msg);
	xfrmnl_sa_put(n);
	if (rc < 0)
		return nomem(x);
	return xnl_talk(x, msg);
}

int xnl_del_sa(struct xnl *x, const struct xsa *sa)
{
	struct xfrmnl_sa *n = xsa_to_nl(sa);
	struct nl_msg *msg = NULL;
	int rc;

	if (!n)
		return nomem(x);
	rc = xfrmnl_sa_build_delete_request(n, 0, &msg);
	xfrmnl_sa_put(n);
	if (rc < 0)
		return nomem(x);
	return xnl_talk(x, msg);
}

int xnl_add_sp(struct xnl *x, const struct xsp *sp, bool update)
{
	struct xfrmnl_sp *n = xsp_to_nl(sp);
	struct nl_msg *msg = NULL;
	int rc;

	if (!n)
		return nomem(x);
	rc = update ? xfrmnl_sp_build_update_request(n, 0, &msg) :
		      xfrmnl_sp_build_add_request(n, 0, &msg);
	xfrmnl_sp_put(n);
	if (rc < 0)
		return nomem(x);
	return xnl_talk(x, msg);
}

int xnl_del_sp(struct xnl *x, const struct xsp *sp)
{
	struct xfrm_userpolicy_id id;
	struct nl_msg *msg = nlmsg_alloc_simple(XFRM_MSG_DELPOLICY, 0);

	if (!msg)
		return nomem(x);
	memset(&id, 0, sizeof(id));
	id.sel = sp->sel;
	id.dir = sp->dir;
	if (nlmsg_append(msg, &id, sizeof(id), NLMSG_ALIGNTO) < 0 ||
	    (sp->mark.m && nla_put(msg, XFRMA_MARK, sizeof(sp->mark),
				   &sp->mark) < 0)) {
		nlmsg_free(msg);
		return nomem(x);
	}
	return xnl_talk(x, msg);
}

static int seen(struct nl_msg *msg, void *arg)
{
	*(bool *)arg = true;
	return 0;
}

int xnl_has_sa(struct xnl *x, const struct xsa *sa)
{
	struct nl_addr *d = nl_addr_build(sa->family, sa->daddr,
					  sa->family == AF_INET6 ? 16 : 4);
	struct nl_msg *msg = NULL;
	bool found = false;
	int rc;

	if (!d)
		return nomem(x);
	rc = xfrmnl_sa_build_get_request(d, sa->spi, sa->proto, 0, 0, &msg);
	nl_addr_put(d);
	if (rc < 0)
		return nomem(x);
	rc = talk(x, msg, seen, &found);
	if (rc == -ESRCH || rc == -ENOENT)
		return 0;
	return rc < 0 ? rc : found;
}

static int dump_sa(struct nl_msg *msg, void *arg)
{
	struct xdump *d = arg;
	struct xfrmnl_sa *n;
	int rc;

	if (nlmsg_hdr(msg)->nlmsg_type != XFRM_MSG_NEWSA)
		return 0;
	if (xfrmnl_sa_parse(nlmsg_hdr(msg), &n) < 0)
		return -EPROTO;
	if (d->nsa == d->capsa) {
		size_t cap = d->capsa ? d->capsa * 2 : 64;
		struct xsa *v = realloc(d->sa, cap * sizeof(*v));

		if (!v) {
			xfrmnl_sa_put(n);
			return -ENOMEM;
		}
		d->sa = v;
		d->capsa = cap;
	}
	rc = xsa_from_nl(n, &d->sa[d->nsa]);
	xfrmnl_sa_put(n);
	if (!rc)
		d->nsa++;
	return 0;
}

static int dump_sp(struct nl_msg *msg, void *arg)
{
	struct xdump *d = arg;
	struct xfrmnl_sp *n;

	if (nlmsg_hdr(msg)->nlmsg_type != XFRM_MSG_NEWPOLICY)
		return 0;
	if (xfrmnl_sp_parse(nlmsg_hdr(msg), &n) < 0)
		return -EPROTO;
	if (d->nsp == d->capsp) {
		size_t cap = d->capsp ? d->capsp * 2 : 64;
		struct xsp *v = realloc(d->sp, cap * sizeof(*v));

		if (!v) {
			xfrmnl_sp_put(n);
			return -ENOMEM;
		}
		d->sp = v;
		d->capsp = cap;
	}
	xsp_from_nl(n, &d->sp[d->nsp++]);
	xfrmnl_sp_put(n);
	return 0;
}

/*
 * The dump requests carry no body: the kernel parses what follows the
 * netlink header of an SA dump as filter attributes (xfrm_dump_sa's
 * start), so a struct there would be misread as attributes ("bytes
 * leftover after parsing attributes" in the kernel log).
 */
int xnl_dump(struct xnl *x, struct xdump *d)
{
	struct nl_msg *msg;
	int rc;

	memset(d, 0, sizeof(*d));
	msg = nlmsg_alloc_simple(XFRM_MSG_GETSA, NLM_F_DUMP);
	if (!msg)
		return nomem(x);
	rc = talk(x, msg, dump_sa, d);
	if (rc)
		goto fail;
	msg = nlmsg_alloc_simple(XFRM_MSG_GETPOLICY, NLM_F_DUMP);
	if (!msg) {
		rc = nomem(x);
		goto fail;
	}
	rc = talk(x, msg, dump_sp, d);
	if (!rc)
		return 0;
fail:
	xdump_free(d);
	return rc;
}

void xdump_free(struct xdump *d)
{
	if (d->sa)
		explicit_bzero(d->sa, d->capsa * sizeof(*d->sa));
	free(d->sa);
	free(d->sp);
	memset(d, 0, sizeof(*d));
}

struct events {
	void (*cb)(struct nl_msg *msg, void *arg);
	void *arg;
};

/* Multicast events carry the sequence numbers of others' requests. */
static int any_seq(struct nl_msg *msg, void *arg)
{
	return NL_OK;
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct events *e = arg;

	e->cb(msg, e->arg);
	return NL_OK;
}

int xnl_events(struct xnl *x, void (*cb)(struct nl_msg *msg, void *arg),
	       void *arg)
{
	struct events e = { cb, arg };
	struct nl_cb *c = nl_cb_alloc(NL_CB_DEFAULT);
	int rc;

	if (!c)
		return -ENOMEM;
	nl_cb_set(c, NL_CB_VALID, NL_CB_CUSTOM, on_event, &e);
	nl_cb_set(c, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, any_seq, NULL);
	do {
		rc = nl_recvmsgs_report(x->sk, c);
	} while (rc > 0);
	nl_cb_put(c);
	if (rc == -NLE_AGAIN || rc == 0)
		return 0;
	return rc == -NLE_NOMEM ? -ENOBUFS : -EIO;
}
