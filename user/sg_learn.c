// SPDX-License-Identifier: GPL-2.0
/*
 * What the SIP brain learns from accepted messages (and from everything
 * the trusted side sends): INVITE and REGISTER transactions, dialogs
 * from 1xx-with-tag and 2xx answers to an INVITE, each party's transport
 * address, tunnel, CSeq and media, and registrations from the core's
 * 200 OK to a REGISTER (with TRUST/UNTRUST requests for the kernel).
 *
 * Parties through the core. A call between two Internet UEs crosses the
 * gateway twice (A -> core, core -> B) with the same Call-ID and tags:
 * one dialog, learned from both legs. For each role (caller, callee)
 * the dialog keeps the party seen outside (untrusted or za side) over
 * the core, so A's requests are checked against A and B's against B;
 * a role's media is taken only from messages of the party kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sg_int.h"

static bool is_kept(const struct sg_party *pa, const struct sg_peer *at)
{
	return pa->at.family && pa->at.side == at->side &&
	       sg_peer_same_addr(&pa->at, at->family, at->addr);
}

static bool prefer(const struct sg_peer *old, const struct sg_peer *new)
{
	return !old->family ||
	       (old->side == SG_SIDE_TRUSTED && new->side != SG_SIDE_TRUSTED);
}

static void media(struct sg_ctx *x, struct sg_party *pa, int role,
		  const struct sip_sdp *sdp)
{
	char b[128], a[128];

	if (pa->has_sdp && !sg_sdp_equal(&pa->sdp, sdp)) {
		sg_fmt_sdp(b, sizeof(b), &pa->sdp);
		sg_fmt_sdp(a, sizeof(a), sdp);
		sg_add_detail(x, "media_change=%s before=\"%s\" after=\"%s\"",
			      role == SG_CALLER ? "caller" : "callee", b, a);
	}
	pa->sdp = *sdp;
	pa->has_sdp = true;
}

static bool keys_ok(const struct sipmsg *m)
{
	return !sg_key_cut(m->call_id, SIPMSG_TOKEN_MAX) &&
	       !sg_key_cut(m->from_tag, SIPMSG_TOKEN_MAX) &&
	       !sg_key_cut(m->to_tag, SIPMSG_TOKEN_MAX) &&
	       (!m->n_via ||
		!sg_key_cut(m->via[0].branch, SIPMSG_TOKEN_MAX));
}

static void learn_in_dialog(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;
	struct sg_dialog *d = x->d;
	struct sg_peer me;
	struct sg_party *pa;

	if (!d && x->p->side == SG_SIDE_TRUSTED && keys_ok(m)) {
		d = sg_dialog_find(x->g, m->call_id, m->from_tag, m->to_tag,
				   x->now);
		if (d)
			x->who = strcmp(d->p[SG_CALLER].tag, m->from_tag) ?
				 SG_CALLEE : SG_CALLER;
	}
	if (!d) {
		if (!x->v->detail[0])
			sg_set(x, SG_ACCEPT, SG_R_OK, "unknown dialog");
		return;
	}
	pa = &d->p[x->who];
	sg_peer_from_pkt(&me, x->p);
	if (m->method != SIPM_ACK &&
	    (!pa->cseq_set || m->cseq > pa->cseq)) {
		pa->cseq = m->cseq;
		pa->cseq_set = true;
	}
	sg_set(x, SG_ACCEPT, SG_R_LEARNED, "%s call_id=%s from the %s",
	       m->method_name, m->call_id,
	       x->who == SG_CALLER ? "caller" : "callee");
	if ((m->flags & SIPMSG_F_SDP) && is_kept(pa, &me))
		media(x, pa, x->who, &m->sdp);
	if (m->method == SIPM_BYE) {
		sg_txn_dialog_ended(x->g, d->call_id, d->p[SG_CALLER].tag);
		sg_dialog_delete(x->g, d);
		x->d = NULL;
		sg_add_detail(x, "dialog ended");
		return;
	}
	sg_dialog_touch(x->g, d, x->now);
}

static void learn_txn(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;
	const char *branch = m->n_via ? m->via[0].branch : "";

	if (!keys_ok(m))
		return;
	if (sg_txn_find(x->g, m->call_id, m->cseq, m->method, branch,
			x->now)) {
		if (!x->v->detail[0])
			sg_set(x, SG_ACCEPT, SG_R_OK, "retransmission");
		return;
	}
	if (!sg_txn_add(x))
		return;
	if (x->v->reason == SG_R_OK) {
		x->v->reason = SG_R_LEARNED;
		sg_add_detail(x, "%s transaction call_id=%s cseq=%u",
			      m->method_name, m->call_id, m->cseq);
	}
}

void sg_learn_request(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;

	if (m->to_tag[0] && m->method != SIPM_CANCEL)
		learn_in_dialog(x);
	if (m->method == SIPM_INVITE ||
	    (m->method == SIPM_REGISTER && x->p->side != SG_SIDE_TRUSTED))
		learn_txn(x);
}

/* A 1xx with a To tag or a 2xx to an initial INVITE: the dialog. */
static void learn_dialog(struct sg_ctx *x, struct sg_txn *t)
{
	const struct sipmsg *m = x->m;
	char from[2 * SIPMSG_HOST_MAX] = "", to[2 * SIPMSG_HOST_MAX] = "";
	char a[80], b[80];
	struct sg_dialog *d;
	struct sg_peer me;
	bool created = false;
	int ci, ce;

	d = sg_dialog_find(x->g, t->call_id, t->from_tag, m->to_tag, x->now);
	if (!d) {
		sg_uri_aor(&m->from, from, sizeof(from));
		sg_uri_aor(&m->to, to, sizeof(to));
		d = sg_dialog_add(x->g, t->call_id, t->from_tag, m->to_tag,
				  from, to, x->now);
		if (!d)
			return;
		created = true;
	}
	ci = strcmp(d->p[SG_CALLER].tag, t->from_tag) ? SG_CALLEE : SG_CALLER;
	ce = !ci;
	sg_peer_from_pkt(&me, x->p);
	if (prefer(&d->p[ci].at, &t->src)) {
		d->p[ci].at = t->src;
		d->p[ci].cseq = t->cseq;
		d->p[ci].cseq_set = true;
		d->p[ci].has_sdp = t->has_sdp;
		d->p[ci].sdp = t->sdp;
	}
	if (prefer(&d->p[ce].at, &me)) {
		d->p[ce].at = me;
		if (sg_peer_same_addr(&t->dst, me.family, me.addr))
			d->p[ce].at.port2 = t->dst.port;
		d->p[ce].has_sdp = false;
	}
	if (m->status >= 200)
		d->confirmed = true;
	sg_fmt_peer(a, sizeof(a), &d->p[ci].at);
	sg_fmt_peer(b, sizeof(b), &d->p[ce].at);
	sg_set(x, SG_ACCEPT, SG_R_LEARNED,
	       "%s %s dialog call_id=%s caller=%s callee=%s",
	       created ? "new" : "updated",
	       d->confirmed ? "confirmed" : "early", t->call_id, a, b);
	if ((m->flags & SIPMSG_F_SDP) && is_kept(&d->p[ce], &me))
		media(x, &d->p[ce], ce, &m->sdp);
	sg_dialog_touch(x->g, d, x->now);
}

/* The answer to a re-INVITE: the responder's media, activity. */
static void learn_reinvite_answer(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;
	struct sg_dialog *d;
	struct sg_peer me;
	int r;

	d = sg_dialog_find(x->g, m->call_id, m->from_tag, m->to_tag, x->now);
	if (!d) {
		sg_set(x, SG_ACCEPT, SG_R_OK, "unknown dialog");
		return;
	}
	r = strcmp(d->p[SG_CALLER].tag, m->to_tag) ? SG_CALLEE : SG_CALLER;
	sg_peer_from_pkt(&me, x->p);
	sg_set(x, SG_ACCEPT, SG_R_LEARNED, "status=%u call_id=%s re-INVITE",
	       m->status, m->call_id);
	if ((m->flags & SIPMSG_F_SDP) && is_kept(&d->p[r], &me))
		media(x, &d->p[r], r, &m->sdp);
	sg_dialog_touch(x->g, d, x->now);
}

static void learn_invite_answer(struct sg_ctx *x, struct sg_txn *t)
{
	const struct sipmsg *m = x->m;

	if (m->status < 200) {
		sg_txn_timer(x->g, t, x->now);
	} else {
		t->final = m->status / 100;
		sg_txn_timer(x->g, t, x->now);
	}
	if (m->status >= 300) {
		if (!t->in_dialog)
			sg_dialog_drop_early(x->g, t->call_id, t->from_tag);
		sg_set(x, SG_ACCEPT, SG_R_LEARNED,
		       "status=%u call_id=%s: INVITE failed", m->status,
		       m->call_id);
		return;
	}
	if (!m->to_tag[0] || !keys_ok(m)) {
		sg_set(x, SG_ACCEPT, SG_R_OK, "status=%u call_id=%s",
		       m->status, m->call_id);
		return;
	}
	if (t->in_dialog)
		learn_reinvite_answer(x);
	else if (t->ended)
		sg_set(x, SG_ACCEPT, SG_R_OK,
		       "status=%u call_id=%s: the dialog already ended",
		       m->status, m->call_id);
	else
		learn_dialog(x, t);
}

static int32_t contact_expires(const struct sipmsg *m,
			       const struct sip_contact *c, uint32_t cap)
{
	int64_t e = c->expires >= 0 ? c->expires :
		    m->expires >= 0 ? m->expires : 3600;

	return e > cap ? (int32_t)cap : (int32_t)e;
}

static bool from_src(const struct sg_binding *b, const struct sg_txn *t)
{
	return sg_peer_same_addr(&b->src, t->src.family, t->src.addr) &&
	       b->src.tunnel == t->src.tunnel;
}

/* The 200 OK lists every binding of the AOR (RFC 3261 10.3, step 8). */
static void learn_bindings(struct sg_ctx *x, struct sg_txn *t)
{
	const struct sipmsg *m = x->m;
	struct sg *g = x->g;
	struct sg_binding nb[SIPMSG_CONTACT_MAX];
	unsigned int i, j, n = 0;
	struct sg_reg *r = sg_reg_find(g, t->aor, x->now);
	bool had = false, mine = false;
	uint64_t until = 0;
	char src[80], uri[2 * SIPMSG_HOST_MAX];

	for (i = 0; r && i < r->n; i++)
		had |= from_src(&r->b[i], t);
	for (i = 0; i < m->n_contact; i++) {
		const struct sip_contact *c = &m->contact[i];
		int32_t e = contact_expires(m, c, g->c.reg_max_expires);
		struct sg_binding *b = &nb[n];

		if (c->star || e <= 0 ||
		    !sg_uri_contact(&c->uri, uri, sizeof(uri)))
			continue;
		memset(b, 0, sizeof(*b));
		b->src = t->src;
		b->auth = t->auth;
		for (j = 0; r && j < r->n; j++) {
			if (strcmp(r->b[j].uri, uri))
				continue;
			if (!from_src(&r->b[j], t)) {
				b->src = r->b[j].src;
				b->auth = r->b[j].auth;
			}
		}
		b->uri = strdup(uri);
		if (!b->uri)
			continue;
		b->expires_ms = x->now + (uint64_t)e * 1000;
		if (from_src(b, t)) {
			mine = true;
			if (b->expires_ms > until)
				until = b->expires_ms;
		}
		n++;
	}
	sg_fmt_peer(src, sizeof(src), &t->src);
	if (!n) {
		if (r)
			sg_reg_delete(g, r);
		sg_set(x, SG_ACCEPT, SG_R_LEARNED,
		       "aor=%s src=%s: no binding left", t->aor, src);
	} else {
		if (!r)
			r = sg_reg_get(g, t->aor, x->now);
		if (!r) {
			for (i = 0; i < n; i++)
				free(nb[i].uri);
			return;
		}
		for (i = 0; i < r->n; i++)
			free(r->b[i].uri);
		memcpy(r->b, nb, n * sizeof(nb[0]));
		r->n = n;
		r->updated_ms = x->now;
		sg_reg_update(g, r, x->now);
		sg_set(x, SG_ACCEPT, SG_R_LEARNED,
		       "aor=%s src=%s bindings=%u%s", t->aor, src, n,
		       m->flags & SIPMSG_F_MORE_CONTACT ? " (more not kept)" :
		       "");
	}
	if (!g->c.trust_registered)
		return;
	if (mine && t->auth) {
		sg_add_kop(x, SG_KOP_TRUST, t->src.family, t->src.addr,
			   (uint32_t)((until - x->now + 999) / 1000),
			   "registered");
		sg_add_detail(x, "trust=%llus",
			      (unsigned long long)(until - x->now + 999) / 1000);
	} else if (had && !mine) {
		sg_add_kop(x, SG_KOP_UNTRUST, t->src.family, t->src.addr, 0,
			   "deregistered");
		sg_add_detail(x, "untrust");
	}
}

static void learn_register_answer(struct sg_ctx *x, struct sg_txn *t)
{
	const struct sipmsg *m = x->m;

	if (m->status < 200) {
		sg_set(x, SG_ACCEPT, SG_R_OK, "status=%u", m->status);
		return;
	}
	t->final = m->status / 100;
	sg_txn_timer(x->g, t, x->now);
	if (x->p->side != SG_SIDE_TRUSTED) {
		sg_set(x, SG_ACCEPT, SG_R_OK,
		       "status=%u: bindings are learned from the core only",
		       m->status);
		return;
	}
	if (m->status >= 300 || t->src.side == SG_SIDE_TRUSTED) {
		sg_set(x, SG_ACCEPT, SG_R_OK, "status=%u aor=%s: not learned",
		       m->status, t->aor);
		return;
	}
	learn_bindings(x, t);
}

void sg_learn_response(struct sg_ctx *x)
{
	struct sg_txn *t = sg_resp_txn(x);

	if (!t) {
		if (!x->v->detail[0])
			sg_set(x, SG_ACCEPT, SG_R_OK, "unknown transaction");
		return;
	}
	if (t->method == SIPM_INVITE)
		learn_invite_answer(x, t);
	else
		learn_register_answer(x, t);
}
