// SPDX-License-Identifier: GPL-2.0
/*
 * The attack checks of the SIP brain, one function per attack of
 * Documentation/sip-attacks.rst. Each looks at a message from the
 * untrusted or za side (the trusted side is never checked) and either
 * decides the verdict (returns true, or -1 for the reflection check)
 * or lets the message go on to the next check and to learning. They
 * read state and never change it, except the per-source records
 * (reflection bucket, hijack count).
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sg_int.h"

#define CALL_KEY_OK(m) (!sg_key_cut((m)->call_id, SIPMSG_TOKEN_MAX) && \
			!sg_key_cut((m)->from_tag, SIPMSG_TOKEN_MAX) && \
			!sg_key_cut((m)->to_tag, SIPMSG_TOKEN_MAX))

static const char *top_branch(const struct sipmsg *m)
{
	return m->n_via ? m->via[0].branch : "";
}

static void fmt_src(char *buf, size_t size, const struct sg_pkt *p)
{
	struct sg_peer a;

	sg_peer_from_pkt(&a, p);
	sg_fmt_peer(buf, size, &a);
}

bool sg_peer_match(const struct sg_peer *a, const struct sg_pkt *p,
		   bool *tunnel)
{
	*tunnel = false;
	if (a->tunnel && (!p->secure || p->tunnel != a->tunnel)) {
		*tunnel = true;
		return false;
	}
	if (a->side != p->side || (a->secure && !p->secure))
		return false;
	if (!sg_peer_same_addr(a, p->family, p->src))
		return false;
	if (a->ifindex && p->ifindex && a->ifindex != p->ifindex)
		return false;
	/*
	 * Ports: only for plain UDP parties (behind a NAT several share an
	 * address). Over TCP a new connection has a new port, and an IPsec
	 * UE sends requests from its protected client port but answers
	 * from its server port (TS 33.203): the SA is the identity there.
	 */
	if (a->l4 == IPPROTO_UDP && p->l4 == IPPROTO_UDP && !a->secure &&
	    p->sport != a->port && (!a->port2 || p->sport != a->port2))
		return false;
	return true;
}

/* 8: unsecured request from the Internet (RFC 3329 494). */
bool sg_check_insecure(struct sg_ctx *x)
{
	const struct sg_pkt *p = x->p;
	const struct sg *g = x->g;
	char src[80], hdr[160];

	if (!g->c.require_secure || p->side != SG_SIDE_UNTRUSTED || p->secure)
		return false;
	fmt_src(src, sizeof(src), p);
	sg_set(x, SG_DROP, SG_R_INSECURE, "method=%s src=%s call_id=%s",
	       x->m->method_name, src, x->m->call_id);
	if (!g->c.answer_insecure) {
		sg_add_detail(x, "reply=none(answer_insecure=no)");
		return true;
	}
	snprintf(hdr, sizeof(hdr), "Security-Server: %s",
		 g->c.security_server);
	sg_reply(x, SG_R_INSECURE, 494, NULL, hdr);
	return true;
}

static const char *tp_name(uint8_t tp)
{
	static const char *const n[] = { "?", "UDP", "TCP", "TLS", "SCTP",
					 "WS", "WSS", "other" };

	return tp < ARRAY_SIZE(n) ? n[tp] : "?";
}

/* 9: sips: or a protected path: every hop over TLS (RFC 5630). */
bool sg_check_tls_hops(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;
	const struct sg_pkt *p = x->p;
	bool sips = m->ruri.scheme == SIPS_SIPS;
	bool prot = p->side == SG_SIDE_UNTRUSTED && p->secure;
	unsigned int i;
	int bad = -1;

	if (!x->g->c.tls_hops || (!sips && !prot))
		return false;
	for (i = 0; i < m->n_via && bad < 0; i++) {
		if (i == 0) {
			/* the hop into the gateway: we saw it arrive */
			if (!p->secure)
				bad = 0;
			continue;
		}
		if (m->via[i].tp != SIPTP_TLS && m->via[i].tp != SIPTP_WSS)
			bad = i;
	}
	if (bad < 0 && !(m->flags & SIPMSG_F_MORE_VIA))
		return false;
	if (bad < 0)
		sg_set(x, SG_DROP, SG_R_TLS_HOPS,
		       "%s: more than %u Vias, not all checked",
		       sips ? "sips" : "protected", SIPMSG_VIA_MAX);
	else if (bad == 0)
		sg_set(x, SG_DROP, SG_R_TLS_HOPS,
		       "sips: request arrived in clear hop=0 via=%s/%s",
		       tp_name(m->via[0].tp), m->via[0].by.host);
	else
		sg_set(x, SG_DROP, SG_R_TLS_HOPS, "%s: hop=%d via=%s/%s",
		       sips ? "sips" : "protected", bad,
		       tp_name(m->via[bad].tp), m->via[bad].by.host);
	sg_add_detail(x, "call_id=%s", m->call_id);
	sg_reply(x, SG_R_TLS_HOPS, 403, NULL,
		 "Warning: 399 imsseg \"every hop must be TLS\"");
	return true;
}

/* 6: top Via sent-by is not the source and nothing says where to answer */
int sg_check_reflect(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;
	const struct sg_pkt *p = x->p;
	const struct sip_via *via = &m->via[0];
	struct sg *g = x->g;
	uint8_t fam, a[16];
	struct sg_src *s;
	char src[80];
	bool ok;

	if (p->l4 != IPPROTO_UDP || m->method == SIPM_ACK || !m->n_via ||
	    via->rport)
		return 0;
	if (sg_host_ip(via->by.host, &fam, a) && fam == p->family &&
	    !memcmp(a, p->src, fam == IMSSEG_FAMILY_V4 ? 4 : 16))
		return 0;
	if (via->received[0] && sg_host_ip(via->received, &fam, a) &&
	    fam == p->family &&
	    !memcmp(a, p->src, fam == IMSSEG_FAMILY_V4 ? 4 : 16))
		return 0;
	s = sg_src_get(g, p->family, p->src, x->now);
	ok = !s || imsseg_bucket_take(&s->bucket, &g->reflect,
				      x->now * 1000000ULL);
	if (s)
		sg_src_touch(g, s, x->now);
	if (ok)
		return 1;
	fmt_src(src, sizeof(src), p);
	sg_set(x, SG_DROP, SG_R_VIA_REFLECT_RATE,
	       "via=%s src=%s over %u/s burst %u: banned for %u s",
	       via->by.host, src, g->c.reflect_pps, g->c.reflect_burst,
	       g->c.ban_ttl);
	if (s)
		sg_src_ban(x, s, "via_reflect_rate");
	else
		sg_add_kop(x, SG_KOP_BAN, p->family, p->src, g->c.ban_ttl,
			   "via_reflect_rate");
	return -1;
}

void sg_src_ban(struct sg_ctx *x, struct sg_src *s, const char *why)
{
	uint64_t ttl_ms = (uint64_t)x->g->c.ban_ttl * 1000;

	if (x->now < s->banned_until)
		return;
	s->banned_until = x->now + ttl_ms;
	sg_add_kop(x, SG_KOP_BAN, s->family, s->addr, x->g->c.ban_ttl, why);
}

static bool is_lws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * The byte range [*hs, *he) of the top Via's sent-by (host[:port]) in
 * the first Via header line; false if it cannot be found there or does
 * not start with @host (then nothing is rewritten).
 */
static bool find_sent_by(const char *b, size_t end,
			 const char *host, size_t *hs, size_t *he)
{
	size_t i = 0, n, hl = strlen(host);

	/* skip the start line, then find the first "Via:" or "v:" line */
	for (;;) {
		while (i < end && b[i] != '\n')
			i++;
		if (++i >= end)
			return false;
		n = 0;
		if (end - i > 3 && !strncasecmp(b + i, "via", 3))
			n = 3;
		else if (end - i > 1 && (b[i] == 'v' || b[i] == 'V'))
			n = 1;
		if (!n)
			continue;
		n += i;
		while (n < end && (b[n] == ' ' || b[n] == '\t'))
			n++;
		if (n < end && b[n] == ':')
			break;
	}
	i = n + 1;
	/* sent-protocol: SIP LWS? / LWS? 2.0 LWS? / LWS? transport */
	while (i < end && is_lws(b[i]))
		i++;
	for (n = 0; n < 2; n++) {
		while (i < end && b[i] != '/')
			i++;
		if (++i >= end)
			return false;
	}
	while (i < end && is_lws(b[i]))
		i++;
	while (i < end && !is_lws(b[i]))	/* transport token */
		i++;
	while (i < end && is_lws(b[i]))
		i++;
	if (end - i < hl || strncasecmp(b + i, host, hl))
		return false;
	*hs = i;
	i += hl;
	n = i;
	while (n < end && is_lws(b[n]))
		n++;
	if (n < end && b[n] == ':') {
		n++;
		while (n < end && is_lws(b[n]))
			n++;
		while (n < end && b[n] >= '0' && b[n] <= '9')
			n++;
		i = n;
	}
	*he = i;
	return true;
}

/*
 * The top Via becomes "SRC:SPORT" with ;received and ;rport: a core that
 * answers to the Via sent-by (ignoring received, as some do) and one
 * that follows RFC 3581 both answer the real source, never the forged
 * host. Client transactions match responses by branch, so the source's
 * own stack is not confused.
 */
void sg_rewrite_via(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;
	const struct sg_pkt *p = x->p;
	struct sg *g = x->g;
	struct sg_verdict *v = x->v;
	char ins[IMSSEG_PREFIX_STRLEN + 40], a[IMSSEG_PREFIX_STRLEN];
	char by[IMSSEG_PREFIX_STRLEN + 10];
	size_t off = m->via_top_end, n, nb, hs, he, need, vend;
	char old[SG_DETAIL_MAX];
	uint8_t *o, fam, ip[16];

	snprintf(old, sizeof(old), "%s", v->detail);
	if (imsseg_addr_format(p->family, p->src, a, sizeof(a)) < 0)
		a[0] = 0;
	n = snprintf(ins, sizeof(ins), ";received=%s;rport=%u", a, p->sport);
	nb = snprintf(by, sizeof(by), p->family == IMSSEG_FAMILY_V6 ?
		      "[%s]:%u" : "%s:%u", a, p->sport);
	if (!off || off > x->len || !a[0] ||
	    !find_sent_by((const char *)x->buf, off,
			  m->via[0].by.host, &hs, &he) || he > off ||
	    hs < m->via_val || off > m->via_val_end) {
		sg_set(x, SG_DROP, SG_R_VIA_REFLECT,
		       "via=%s: top Via not found, cannot rewrite it",
		       m->via[0].by.host);
		return;
	}
	need = x->len - (he - hs) + nb + n;
	if (g->out_cap < need) {
		o = realloc(g->out, need);
		if (!o) {
			sg_set(x, SG_DROP, SG_R_VIA_REFLECT,
			       "via=%s: out of memory", m->via[0].by.host);
			return;
		}
		g->out = o;
		g->out_cap = need;
	}
	o = g->out;
	memcpy(o, x->buf, hs);
	memcpy(o + hs, by, nb);
	memcpy(o + hs + nb, x->buf + he, off - he);
	memcpy(o + hs + nb + (off - he), ins, n);
	memcpy(o + hs + nb + (off - he) + n, x->buf + off, x->len - off);
	/*
	 * What goes on must parse, with the source as its top Via. Only
	 * the first Via field changed (no CR, LF, NUL or comma was added),
	 * so that field is what is parsed again, with sipmsg_parse()'s
	 * rules; the other fields are the bytes that parsed before.
	 */
	vend = m->via_val_end + nb + n - (he - hs);
	if (need > SIPMSG_LEN_MAX ||
	    sipmsg_parse_via((const char *)o + m->via_val, vend - m->via_val,
			     &g->check, NULL) != SIPMSG_OK ||
	    !g->check.n_via || !sg_host_ip(g->check.via[0].by.host, &fam, ip) ||
	    fam != p->family ||
	    memcmp(ip, p->src, fam == IMSSEG_FAMILY_V4 ? 4 : 16)) {
		sg_set(x, SG_DROP, SG_R_VIA_REFLECT,
		       "via=%s: the rewritten Via does not parse, dropped",
		       m->via[0].by.host);
		return;
	}
	v->payload = g->out;
	v->payload_len = need;
	sg_set(x, SG_ACCEPT_MODIFIED, SG_R_VIA_REFLECT, "via=%s sent_by=%s added=%s",
	       m->via[0].by.host, by, ins);
	if (old[0])
		sg_add_detail(x, "%s", old);
}

/* 2: CANCEL only for a pending INVITE, from that INVITE's source. */
bool sg_check_cancel(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;
	const struct sg_pkt *p = x->p;
	const char *branch = top_branch(m);
	char want[80], got[80];
	struct sg_txn *t;
	bool tun;

	if (!CALL_KEY_OK(m) || sg_key_cut(branch, SIPMSG_TOKEN_MAX)) {
		sg_set(x, SG_ACCEPT, SG_R_OK, "cancel: key too long to match");
		return false;
	}
	t = sg_txn_find(x->g, m->call_id, m->cseq, SIPM_INVITE, branch,
			x->now);
	if (!t) {
		if (!sg_txn_call_known(x->g, m->call_id, x->now)) {
			sg_set(x, SG_ACCEPT, SG_R_OK,
			       "cancel: no INVITE of this Call-ID seen");
			return false;
		}
		sg_set(x, SG_DROP, SG_R_CANCEL_SPOOF,
		       "call_id=%s cseq=%u branch=%s: no such pending INVITE",
		       m->call_id, m->cseq, branch);
		return true;
	}
	if (strcmp(t->from_tag, m->from_tag)) {
		sg_set(x, SG_DROP, SG_R_CANCEL_SPOOF,
		       "call_id=%s from_tag=%s: INVITE had %s", m->call_id,
		       m->from_tag, t->from_tag);
		return true;
	}
	if (!sg_peer_match(&t->src, p, &tun)) {
		sg_fmt_peer(want, sizeof(want), &t->src);
		fmt_src(got, sizeof(got), p);
		sg_set(x, SG_DROP, tun ? SG_R_TUNNEL_BINDING :
		       SG_R_CANCEL_SPOOF, "call_id=%s party=%s got=%s",
		       m->call_id, want, got);
		return true;
	}
	sg_set(x, SG_ACCEPT, SG_R_OK, "cancel matches the INVITE");
	return false;
}

/* #6: a REGISTER through tunnel X binds only X's inner addresses. */
static bool contacts_in_tunnel(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;
	const struct sg_pkt *p = x->p;
	struct sg *g = x->g;
	unsigned int i;
	uint8_t fam, a[16];

	if (!p->secure || !p->tunnel || !g->tunnel_of)
		return true;
	if (m->flags & SIPMSG_F_MORE_CONTACT) {
		sg_set(x, SG_DROP, SG_R_TUNNEL_BINDING,
		       "tunnel=%u: more than %u contacts to check", p->tunnel,
		       SIPMSG_CONTACT_MAX);
		return false;
	}
	for (i = 0; i < m->n_contact; i++) {
		const struct sip_contact *c = &m->contact[i];

		if (c->star)
			continue;
		if (!sg_host_ip(c->uri.hp.host, &fam, a) ||
		    g->tunnel_of(g->arg, fam, a) != p->tunnel) {
			sg_set(x, SG_DROP, SG_R_TUNNEL_BINDING,
			       "tunnel=%u contact=%s: not an address of the tunnel",
			       p->tunnel, c->uri.hp.host);
			return false;
		}
	}
	return true;
}

static bool same_source(const struct sg_peer *a, const struct sg_pkt *p)
{
	return sg_peer_same_addr(a, p->family, p->src) &&
	       a->tunnel == (p->secure ? p->tunnel : 0);
}

/*
 * Would this unauthenticated REGISTER change a binding made from another
 * source? Fills @why. A query (no Contact) changes nothing.
 */
static bool touches_others(struct sg_ctx *x, const struct sg_reg *r,
			   char *why, size_t size)
{
	const struct sipmsg *m = x->m;
	const struct sg_binding *other = NULL;
	bool mine = false;
	unsigned int i, j;
	char uri[2 * SIPMSG_HOST_MAX], src[80];

	for (i = 0; i < r->n; i++) {
		if (same_source(&r->b[i].src, x->p))
			mine = true;
		else if (!other)
			other = &r->b[i];
	}
	if (!other || !m->n_contact)
		return false;
	sg_fmt_peer(src, sizeof(src), &other->src);
	if (m->flags & SIPMSG_F_MORE_CONTACT) {
		snprintf(why, size, "too many contacts, bound from %s", src);
		return true;
	}
	for (i = 0; i < m->n_contact; i++) {
		const struct sip_contact *c = &m->contact[i];
		int32_t exp = c->expires >= 0 ? c->expires : m->expires;
		const struct sg_binding *b = NULL;

		if (c->star) {
			snprintf(why, size, "Contact: * removes bindings from %s",
				 src);
			return true;
		}
		if (!sg_uri_contact(&c->uri, uri, sizeof(uri))) {
			snprintf(why, size, "unreadable contact, bound from %s",
				 src);
			return true;
		}
		for (j = 0; j < r->n && !b; j++)
			if (!strcmp(r->b[j].uri, uri))
				b = &r->b[j];
		if (b && !same_source(&b->src, x->p)) {
			sg_fmt_peer(src, sizeof(src), &b->src);
			snprintf(why, size, "%s contact=%s bound from %s",
				 exp == 0 ? "removes" : "changes", uri, src);
			return true;
		}
		if (!b && exp != 0 && !mine) {
			snprintf(why, size, "adds contact=%s, bound from %s",
				 uri, src);
			return true;
		}
	}
	return false;
}

/* 7 (and #6): registration hijack, tunnel-bound AORs. */
bool sg_check_register(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;
	const struct sg_pkt *p = x->p;
	struct sg *g = x->g;
	char aor[2 * SIPMSG_HOST_MAX], got[80], why[400];
	struct sg_reg *r;
	struct sg_src *s;
	unsigned int i;

	if (!contacts_in_tunnel(x))
		return true;
	if (!sg_uri_aor(&m->to, aor, sizeof(aor))) {
		sg_set(x, SG_ACCEPT, SG_R_OK, "register: To URI unusable");
		return false;
	}
	r = sg_reg_find(g, aor, x->now);
	if (!r)
		return false;
	fmt_src(got, sizeof(got), p);
	for (i = 0; i < r->n; i++) {
		uint32_t tun = r->b[i].src.tunnel;

		if (tun && (!p->secure || p->tunnel != tun)) {
			sg_set(x, SG_DROP, SG_R_TUNNEL_BINDING,
			       "aor=%s bound through tunnel=%u got=%s", aor,
			       tun, got);
			return true;
		}
	}
	if (m->flags & SIPMSG_F_AUTH)
		return false;
	if (!touches_others(x, r, why, sizeof(why)))
		return false;
	sg_set(x, SG_DROP, SG_R_REG_HIJACK, "aor=%s src=%s %s", aor, got, why);
	s = sg_src_get(g, p->family, p->src, x->now);
	if (!s)
		return true;
	s->hijacks++;
	sg_add_detail(x, "attempt=%u", s->hijacks);
	if (g->c.hijack_ban_after && s->hijacks >= g->c.hijack_ban_after) {
		sg_src_ban(x, s, "reg_hijack");
		sg_add_detail(x, "banned=%us", g->c.ban_ttl);
		s->hijacks = 0;
	}
	sg_src_touch(g, s, x->now);
	return true;
}

/* Would this body move the party's media? Unreadable SDP counts. */
static bool sdp_changes(const struct sipmsg *m, const struct sg_party *pa)
{
	if (m->flags & (SIPMSG_F_SDP_BAD | SIPMSG_F_MORE_MEDIA))
		return true;
	return (m->flags & SIPMSG_F_SDP) &&
	       (!pa->has_sdp || !sg_sdp_equal(&pa->sdp, &m->sdp));
}

/* 1, 3 (and #6): in-dialog requests only from the dialog's party. */
bool sg_check_in_dialog(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;
	const struct sg_pkt *p = x->p;
	char want[80], got[80], sdp[128];
	struct sg_dialog *d;
	struct sg_party *pa;
	uint8_t r;
	bool tun;

	if (!CALL_KEY_OK(m)) {
		sg_set(x, SG_ACCEPT, SG_R_OK, "dialog key too long to match");
		return false;
	}
	d = sg_dialog_find(x->g, m->call_id, m->from_tag, m->to_tag, x->now);
	if (!d) {
		sg_set(x, SG_ACCEPT, SG_R_OK, "unknown dialog");
		return false;
	}
	x->d = d;
	x->who = strcmp(d->p[SG_CALLER].tag, m->from_tag) ? SG_CALLEE :
							     SG_CALLER;
	pa = &d->p[x->who];
	if (!sg_peer_match(&pa->at, p, &tun)) {
		if (tun)
			r = SG_R_TUNNEL_BINDING;
		else if (m->method == SIPM_BYE)
			r = SG_R_BYE_SPOOF;
		else if (sdp_changes(m, pa))
			r = SG_R_MEDIA_HIJACK;
		else
			r = SG_R_INDIALOG_SPOOF;
		sg_fmt_peer(want, sizeof(want), &pa->at);
		fmt_src(got, sizeof(got), p);
		sg_set(x, SG_DROP, r, "method=%s call_id=%s party=%s got=%s",
		       m->method_name, m->call_id, want, got);
		if (m->flags & SIPMSG_F_SDP) {
			sg_fmt_sdp(sdp, sizeof(sdp), &m->sdp);
			sg_add_detail(x, "sdp=\"%s\"", sdp);
		}
		x->d = NULL;
		return true;
	}
	if (m->method == SIPM_BYE && pa->cseq_set && m->cseq <= pa->cseq) {
		sg_set(x, SG_DROP, SG_R_BYE_CSEQ,
		       "call_id=%s cseq=%u last=%u from the %s", m->call_id,
		       m->cseq, pa->cseq, x->who ? "callee" : "caller");
		x->d = NULL;
		return true;
	}
	return false;
}

struct sg_txn *sg_resp_txn(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;
	const char *branch = top_branch(m);

	if (x->txn_looked_up)
		return x->t;
	x->txn_looked_up = true;
	x->t = NULL;
	if ((m->cseq_method != SIPM_INVITE &&
	     m->cseq_method != SIPM_REGISTER) ||
	    sg_key_cut(m->call_id, SIPMSG_TOKEN_MAX) ||
	    sg_key_cut(branch, SIPMSG_TOKEN_MAX))
		return NULL;
	x->t = sg_txn_find(x->g, m->call_id, m->cseq, m->cseq_method, branch,
			   x->now);
	return x->t;
}

/* 4: 3xx Contacts only inside redirect_allow. */
static bool redirect_targets(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;
	unsigned int i;

	if (m->flags & SIPMSG_F_MORE_CONTACT) {
		sg_set(x, SG_DROP, SG_R_REDIRECT_TARGET,
		       "call_id=%s: more than %u contacts", m->call_id,
		       SIPMSG_CONTACT_MAX);
		return false;
	}
	for (i = 0; i < m->n_contact; i++) {
		const struct sip_contact *c = &m->contact[i];

		if (c->star || (c->uri.scheme != SIPS_SIP &&
				c->uri.scheme != SIPS_SIPS) ||
		    !sg_allow_match(x->g, c->uri.hp.host)) {
			sg_set(x, SG_DROP, SG_R_REDIRECT_TARGET,
			       "status=%u call_id=%s contact=%s not in redirect_allow",
			       m->status, m->call_id,
			       c->star ? "*" : c->uri.hp.host);
			return false;
		}
	}
	return true;
}

/* 4, 5 and responses in general: only from where the request went. */
bool sg_check_response(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;
	const struct sg_pkt *p = x->p;
	bool redirect = m->status >= 300 && m->status < 400;
	char want[80], got[80];
	struct sg_txn *t;

	fmt_src(got, sizeof(got), p);
	if (m->status == 305) {
		sg_set(x, SG_DROP, SG_R_USE_PROXY,
		       "call_id=%s src=%s contact=%s", m->call_id, got,
		       m->n_contact ? m->contact[0].uri.hp.host : "-");
		return true;
	}
	t = sg_resp_txn(x);
	if (!t) {
		if (!redirect) {
			sg_set(x, SG_ACCEPT, SG_R_OK, "unknown transaction");
			return false;
		}
		sg_set(x, SG_DROP, SG_R_REDIRECT_UNSOLICITED,
		       "status=%u call_id=%s src=%s: no request sent that way",
		       m->status, m->call_id, got);
		return true;
	}
	if (t->dst.tunnel && (!p->secure || p->tunnel != t->dst.tunnel)) {
		sg_set(x, SG_DROP, SG_R_TUNNEL_BINDING,
		       "status=%u call_id=%s request went into tunnel=%u got=%s",
		       m->status, m->call_id, t->dst.tunnel, got);
		return true;
	}
	/* a request from outside went to the core: answers come from it */
	if (t->src.side != SG_SIDE_TRUSTED ||
	    !sg_peer_same_addr(&t->dst, p->family, p->src)) {
		sg_fmt_addr(want, sizeof(want), t->dst.family, t->dst.addr,
			    t->dst.port);
		sg_set(x, SG_DROP, redirect ? SG_R_REDIRECT_UNSOLICITED :
		       (m->flags & (SIPMSG_F_SDP | SIPMSG_F_SDP_BAD)) ?
		       SG_R_MEDIA_HIJACK :
		       SG_R_RESPONSE_SPOOF,
		       "status=%u call_id=%s request went to %s got=%s",
		       m->status, m->call_id, want, got);
		return true;
	}
	if (redirect && !redirect_targets(x))
		return true;
	return false;
}
