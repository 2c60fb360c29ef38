// SPDX-License-Identifier: GPL-2.0
/*
 * XFRM events in segctl run: SA expiry (soft: rekey with the key
 * file's next key; hard: the kernel removed the SA, report it),
 * ACQUIRE for segctl's policies (traffic found no SA: it was dropped)
 * and SA/policy changes made by anybody else than this daemon.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <linux/xfrm.h>

#include "daemon.h"
#include "xfrm_apply.h"
#include "xfrm_own.h"
#include "xfrm_store.h"

static void put_tunnel(struct json *j, struct daemon *d, uint32_t id)
{
	const struct tunnel *t = daemon_tunnel(d, id);
	char name[24];

	if (!id) {
		json_str(j, "owner", "other");
		return;
	}
	json_str(j, "owner", "segctl");
	snprintf(name, sizeof(name), "#%u", id);
	json_str(j, "tunnel", t ? t->spec.name : name);
	json_u64(j, "id", id);
}

/* Which key generation @sa belongs to; -1 if none. */
static int gen_of(const struct tunnel *t, const struct xsa *sa)
{
	unsigned int g;

	for (g = 0; g < tunnel_gens(t); g++)
		if (sa->spi == tunnel_spi_in(t, g) ||
		    sa->spi == tunnel_spi_out(t, g))
			return (int)g;
	return -1;
}

static void rekey(struct daemon *d, const struct tunnel *t,
		  const struct xsa *old)
{
	struct xsa *sa = NULL;
	struct xsp *sp = NULL;
	size_t nsa = 0, capsa = 0, nsp = 0, capsp = 0, i;
	bool gens[KEYFILE_GENS_MAX] = { false };
	int g = gen_of(t, old), lock;
	struct xtxn txn;
	struct json j;
	char err[512];
	bool have = true;

	if (g < 0 || (unsigned int)g + 1 >= t->keys.n) {
		dlog_begin(&j, "rekey_skipped");
		json_str(&j, "tunnel", t->spec.name);
		json_u64(&j, "spi", old->spi);
		json_str(&j, "reason", g < 0 ? "the SA is not from the key file" :
			 "the key file has no next key: add a line and reload, or the tunnel goes down at the hard expiry");
		dlog_end(&j);
		return;
	}
	gens[g + 1] = true;
	lock = xstore_lock(err, sizeof(err));
	if (lock < 0) {
		dlog_error("rekey_failed", err);
		return;
	}
	if (xobj_tunnel(t, gens, &sa, &nsa, &capsa, &sp, &nsp, &capsp)) {
		dlog_error("rekey_failed", "out of memory");
		goto out;
	}
	for (i = 0; i < nsa; i++)
		have &= xnl_has_sa(&d->cmd, &sa[i]) == 1;
	if (have)
		goto out;	/* the other SA of the pair got here first */
	xtxn_begin(&txn, &d->cmd);
	for (i = 0; i < nsa; i++)
		if (xtxn_add_sa(&txn, &sa[i], t->spec.name)) {
			xtxn_rollback(&txn);
			dlog_error("rekey_failed", txn.why);
			xtxn_end(&txn);
			goto out;
		}
	xtxn_end(&txn);
	dlog_begin(&j, "rekey");
	json_str(&j, "tunnel", t->spec.name);
	json_u64(&j, "generation", (uint64_t)g + 2);
	json_u64(&j, "old_spi_in", tunnel_spi_in(t, (unsigned int)g));
	json_u64(&j, "old_spi_out", tunnel_spi_out(t, (unsigned int)g));
	json_u64(&j, "spi_in", tunnel_spi_in(t, (unsigned int)g + 1));
	json_u64(&j, "spi_out", tunnel_spi_out(t, (unsigned int)g + 1));
	dlog_end(&j);
out:
	if (sa)
		explicit_bzero(sa, capsa * sizeof(*sa));
	free(sa);
	free(sp);
	xstore_unlock(lock);
}

/*
 * The fields of an SA that events need, straight from the kernel's
 * struct (libnl-xfrm 3.7 mis-parses EXPIRE and DELSA: it reads their
 * attributes after a struct xfrm_usersa_info header they do not have).
 */
static void sa_of_info(const struct xfrm_usersa_info *p, struct xsa *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->family = (uint8_t)p->family;
	memcpy(sa->saddr, &p->saddr, 16);
	memcpy(sa->daddr, &p->id.daddr, 16);
	sa->spi = ntohl(p->id.spi);
	sa->proto = p->id.proto;
	sa->reqid = p->reqid;
	sa->sel_user = p->sel.user;
	sa->bytes = p->curlft.bytes;
	sa->packets = p->curlft.packets;
	sa->larval = !sa->spi;
	sa->id = xown_sa_id(sa->reqid, sa->sel_user);
}

static void on_expire(struct daemon *d, struct nlmsghdr *h)
{
	const struct xfrm_user_expire *x = nlmsg_data(h);
	const struct tunnel *t;
	struct xsa sa;
	struct json j;
	bool hard;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*x)))
		return;
	sa_of_info(&x->state, &sa);
	hard = x->hard;
	if (!sa.id)
		return;		/* another daemon's SA */
	t = daemon_tunnel(d, sa.id);
	dlog_begin(&j, hard ? "sa_expired" : "sa_soft_expired");
	put_tunnel(&j, d, sa.id);
	json_u64(&j, "spi", sa.spi);
	json_u64(&j, "bytes", sa.bytes);
	json_u64(&j, "packets", sa.packets);
	if (hard)
		json_str(&j, "note", "the kernel removed the SA; traffic needing it is dropped");
	dlog_end(&j);
	if (!hard && t)
		rekey(d, t, &sa);
}

static void on_acquire(struct daemon *d, struct nlmsghdr *h)
{
	const struct xfrm_user_acquire *a = nlmsg_data(h);
	char s[INET6_ADDRSTRLEN], t[INET6_ADDRSTRLEN];
	struct json j;
	bool block;
	uint32_t id;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*a)))
		return;
	id = xown_sp_id(a->policy.sel.user, &block);
	if (!id)
		return;		/* for an IKE daemon */
	dlog_begin(&j, "acquire");
	put_tunnel(&j, d, id);
	json_str(&j, "src", xaddr_str((uint8_t)a->sel.family,
				      (const uint8_t *)&a->sel.saddr, s, sizeof(s)));
	json_str(&j, "dst", xaddr_str((uint8_t)a->sel.family,
				      (const uint8_t *)&a->sel.daddr, t, sizeof(t)));
	json_u64(&j, "proto", a->sel.proto);
	json_str(&j, "note", "no SA for this traffic: it is dropped, not sent in clear");
	dlog_end(&j);
}

/* The SA or policy of a change notification, by message type. */
static bool changed_object(struct nlmsghdr *h, uint32_t *id, char *desc,
			   size_t len)
{
	const struct xfrm_usersa_info *sa = NULL;
	const struct xfrm_userpolicy_info *pol = NULL;
	struct nlattr *a;
	size_t n = h->nlmsg_len;

	switch (h->nlmsg_type) {
	case XFRM_MSG_NEWSA:
	case XFRM_MSG_UPDSA:
		if (n >= NLMSG_LENGTH(sizeof(*sa)))
			sa = nlmsg_data(h);
		break;
	case XFRM_MSG_DELSA:
		if (n < NLMSG_LENGTH(sizeof(struct xfrm_usersa_id)))
			return false;
		a = nlmsg_find_attr(h, sizeof(struct xfrm_usersa_id), XFRMA_SA);
		if (a && nla_len(a) >= (int)sizeof(*sa))
			sa = nla_data(a);
		break;
	case XFRM_MSG_NEWPOLICY:
	case XFRM_MSG_UPDPOLICY:
		if (n >= NLMSG_LENGTH(sizeof(*pol)))
			pol = nlmsg_data(h);
		break;
	case XFRM_MSG_DELPOLICY:
		if (n < NLMSG_LENGTH(sizeof(struct xfrm_userpolicy_id)))
			return false;
		a = nlmsg_find_attr(h, sizeof(struct xfrm_userpolicy_id),
				    XFRMA_POLICY);
		if (a && nla_len(a) >= (int)sizeof(*pol))
			pol = nla_data(a);
		break;
	default:
		return true;	/* a flush: no object */
	}
	if (sa) {
		struct xsa x;

		sa_of_info(sa, &x);
		if (x.larval)
			return false;	/* the kernel's ACQUIRE placeholder */
		*id = x.id;
		xsa_desc(&x, desc, len);
		return true;
	}
	if (pol) {
		struct xsp x = { .dir = pol->dir, .sel = pol->sel };

		*id = xown_sp_id(pol->sel.user, &x.block);
		xsp_desc(&x, desc, len);
		return true;
	}
	return false;
}

static void on_change(struct daemon *d, struct nlmsghdr *h, const char *op)
{
	char desc[200] = "";
	struct json j;
	uint32_t id = 0;

	if (h->nlmsg_pid == d->cmd.port)
		return;		/* our own change */
	if (!changed_object(h, &id, desc, sizeof(desc)))
		return;
	if (id)
		d->cli_stale = true;	/* maybe "segctl tunnel add/del" */
	dlog_begin(&j, "xfrm_change");
	json_str(&j, "op", op);
	put_tunnel(&j, d, id);
	if (*desc)
		json_str(&j, "object", desc);
	json_u64(&j, "pid", h->nlmsg_pid);
	if (id || strstr(op, "flush"))
		json_str(&j, "note", "a segctl object was changed by another process; segctl reconciles on reload (SIGHUP)");
	dlog_end(&j);
}

void daemon_xfrm_event(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct daemon *d = arg;

	switch (h->nlmsg_type) {
	case XFRM_MSG_EXPIRE:
		on_expire(d, h);
		break;
	case XFRM_MSG_ACQUIRE:
		on_acquire(d, h);
		break;
	case XFRM_MSG_NEWSA:
		on_change(d, h, "sa_add");
		break;
	case XFRM_MSG_UPDSA:
		on_change(d, h, "sa_update");
		break;
	case XFRM_MSG_DELSA:
		on_change(d, h, "sa_del");
		break;
	case XFRM_MSG_NEWPOLICY:
		on_change(d, h, "policy_add");
		break;
	case XFRM_MSG_UPDPOLICY:
		on_change(d, h, "policy_update");
		break;
	case XFRM_MSG_DELPOLICY:
		on_change(d, h, "policy_del");
		break;
	case XFRM_MSG_FLUSHSA:
		on_change(d, h, "sa_flush");
		break;
	case XFRM_MSG_FLUSHPOLICY:
		on_change(d, h, "policy_flush");
		break;
	default:
		break;
	}
}
