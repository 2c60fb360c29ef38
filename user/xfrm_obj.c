// SPDX-License-Identifier: GPL-2.0
/*
 * XFRM objects <-> libnl-xfrm, comparison, descriptions and the
 * objects of a tunnel (see xfrm_obj.h and Documentation/ipsec.rst).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/addr.h>
#include <netlink/xfrm/lifetime.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/selector.h>
#include <netlink/xfrm/sp.h>
#include <netlink/xfrm/template.h>

#include "xfrm_obj.h"
#include "xfrm_own.h"

static unsigned int alen(uint8_t family)
{
	return family == AF_INET6 ? 16 : 4;
}

const char *xaddr_str(uint8_t family, const uint8_t *a, char *buf, size_t len)
{
	if (!inet_ntop(family == AF_INET6 ? AF_INET6 : AF_INET, a, buf,
		       (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

static void from_addr(struct nl_addr *a, uint8_t *out)
{
	memset(out, 0, 16);
	if (a && nl_addr_get_len(a) <= 16)
		memcpy(out, nl_addr_get_binary_addr(a), nl_addr_get_len(a));
}

static struct nl_addr *to_addr(uint8_t family, const void *a)
{
	return nl_addr_build(family == AF_INET6 ? AF_INET6 : AF_INET, a,
			     alen(family));
}

static uint64_t lim(uint64_t v)
{
	return v == XFRM_INF ? 0 : v;
}

int xsa_from_nl(struct xfrmnl_sa *n, struct xsa *sa)
{
	struct xfrmnl_sel *sel = xfrmnl_sa_get_sel(n);
	struct xfrmnl_ltime_cfg *lt = xfrmnl_sa_get_lifetime_cfg(n);
	unsigned long long a, b, c, d;
	unsigned int klen, bits;
	char name[XALG_NAME_MAX];

	memset(sa, 0, sizeof(*sa));
	sa->family = (uint8_t)xfrmnl_sa_get_family(n);
	from_addr(xfrmnl_sa_get_daddr(n), sa->daddr);
	from_addr(xfrmnl_sa_get_saddr(n), sa->saddr);
	sa->spi = (uint32_t)xfrmnl_sa_get_spi(n);
	sa->proto = (uint8_t)xfrmnl_sa_get_proto(n);
	sa->mode = (uint8_t)xfrmnl_sa_get_mode(n);
	sa->reqid = (uint32_t)xfrmnl_sa_get_reqid(n);
	sa->flags = (uint8_t)xfrmnl_sa_get_flags(n);
	sa->replay_window = (uint8_t)xfrmnl_sa_get_replay_window(n);
	if (sel) {
		sa->sel_family = (uint8_t)xfrmnl_sel_get_family(sel);
		sa->sel_user = (uint32_t)xfrmnl_sel_get_userid(sel);
	}
	if (lt) {
		sa->soft_bytes = lim(xfrmnl_ltime_cfg_get_soft_bytelimit(lt));
		sa->hard_bytes = lim(xfrmnl_ltime_cfg_get_hard_bytelimit(lt));
		sa->soft_s = xfrmnl_ltime_cfg_get_soft_addexpires(lt);
		sa->hard_s = xfrmnl_ltime_cfg_get_hard_addexpires(lt);
	}
	if (!xfrmnl_sa_get_curlifetime(n, &a, &b, &c, &d)) {
		sa->bytes = a;
		sa->packets = b;
		sa->add_time = c;
		sa->use_time = d;
	}
	if (!xfrmnl_sa_get_stats(n, &a, &b, &c)) {
		sa->replay_window_errs = (uint32_t)a;
		sa->replay = (uint32_t)b;
		sa->integrity_failed = (uint32_t)c;
	}
	sa->larval = sa->spi == 0;
	sa->id = xown_sa_id(sa->reqid, sa->sel_user);
	if (!sa->id)
		return 0;	/* foreign: its keys are none of our business */

	/* lengths first: a key never overflows our buffers */
	if (!xfrmnl_sa_get_aead_params(n, name, &klen, &bits, NULL)) {
		if (klen > XALG_KEY_MAX * 8)
			return -1;
		sa->aead = true;
		xfrmnl_sa_get_aead_params(n, sa->ealg, &klen, &bits,
					  (char *)sa->key.enc);
		sa->key.enc_len = (unsigned short)(klen / 8);
		sa->icv_bits = bits;
	}
	if (!xfrmnl_sa_get_crypto_params(n, name, &klen, NULL)) {
		if (klen > XALG_KEY_MAX * 8)
			return -1;
		xfrmnl_sa_get_crypto_params(n, sa->ealg, &klen,
					    (char *)sa->key.enc);
		sa->key.enc_len = (unsigned short)(klen / 8);
	}
	if (!xfrmnl_sa_get_auth_params(n, name, &klen, &bits, NULL)) {
		if (klen > XALG_KEY_MAX * 8)
			return -1;
		xfrmnl_sa_get_auth_params(n, sa->aalg, &klen, &bits,
					  (char *)sa->key.auth);
		sa->key.auth_len = (unsigned short)(klen / 8);
		sa->icv_bits = bits;
	}
	return 0;
}

static struct xfrmnl_sel *sel_build(uint8_t family, const uint8_t *saddr,
				    const uint8_t *daddr, uint8_t plen_s,
				    uint8_t plen_d, uint32_t user)
{
	static const uint8_t zero[16];
	uint8_t af = family ? family : AF_INET;
	struct xfrmnl_sel *sel = xfrmnl_sel_alloc();
	struct nl_addr *s, *d;

	if (!sel)
		return NULL;
	s = to_addr(af, saddr ? saddr : zero);
	d = to_addr(af, daddr ? daddr : zero);
	if (!s || !d) {
		nl_addr_put(s);
		nl_addr_put(d);
		xfrmnl_sel_put(sel);
		return NULL;
	}
	nl_addr_set_prefixlen(s, plen_s);
	nl_addr_set_prefixlen(d, plen_d);
	xfrmnl_sel_set_saddr(sel, s);
	xfrmnl_sel_set_daddr(sel, d);
	nl_addr_put(s);
	nl_addr_put(d);
	xfrmnl_sel_set_family(sel, family);
	xfrmnl_sel_set_prefixlen_s(sel, plen_s);
	xfrmnl_sel_set_prefixlen_d(sel, plen_d);
	xfrmnl_sel_set_userid(sel, user);
	return sel;
}

static struct xfrmnl_ltime_cfg *life_build(uint64_t soft_bytes,
					   uint64_t hard_bytes,
					   uint64_t soft_s, uint64_t hard_s)
{
	struct xfrmnl_ltime_cfg *lt = xfrmnl_ltime_cfg_alloc();

	if (!lt)
		return NULL;
	xfrmnl_ltime_cfg_set_soft_bytelimit(lt, soft_bytes ? soft_bytes : XFRM_INF);
	xfrmnl_ltime_cfg_set_hard_bytelimit(lt, hard_bytes ? hard_bytes : XFRM_INF);
	xfrmnl_ltime_cfg_set_soft_packetlimit(lt, XFRM_INF);
	xfrmnl_ltime_cfg_set_hard_packetlimit(lt, XFRM_INF);
	xfrmnl_ltime_cfg_set_soft_addexpires(lt, soft_s);
	xfrmnl_ltime_cfg_set_hard_addexpires(lt, hard_s);
	xfrmnl_ltime_cfg_set_soft_useexpires(lt, 0);
	xfrmnl_ltime_cfg_set_hard_useexpires(lt, 0);
	return lt;
}

struct xfrmnl_sa *xsa_to_nl(const struct xsa *sa)
{
	struct xfrmnl_sa *n = xfrmnl_sa_alloc();
	struct xfrmnl_sel *sel = NULL;
	struct xfrmnl_ltime_cfg *lt = NULL;
	struct nl_addr *d = NULL, *s = NULL;
	int bad = 0;

	if (!n)
		return NULL;
	d = to_addr(sa->family, sa->daddr);
	s = to_addr(sa->family, sa->saddr);
	sel = sel_build(sa->sel_family, NULL, NULL, 0, 0, sa->sel_user);
	lt = life_build(sa->soft_bytes, sa->hard_bytes, sa->soft_s, sa->hard_s);
	if (!d || !s || !sel || !lt)
		goto fail;
	xfrmnl_sa_set_family(n, sa->family);
	bad |= xfrmnl_sa_set_daddr(n, d) | xfrmnl_sa_set_saddr(n, s);
	xfrmnl_sa_set_spi(n, sa->spi);
	xfrmnl_sa_set_proto(n, sa->proto);
	xfrmnl_sa_set_mode(n, sa->mode);
	xfrmnl_sa_set_reqid(n, sa->reqid);
	xfrmnl_sa_set_flags(n, sa->flags);
	xfrmnl_sa_set_replay_window(n, sa->replay_window);
	xfrmnl_sa_set_sel(n, sel);
	xfrmnl_sa_set_lifetime_cfg(n, lt);
	if (sa->aead) {
		bad |= xfrmnl_sa_set_aead_params(n, sa->ealg, sa->key.enc_len * 8u,
						 sa->icv_bits,
						 (const char *)sa->key.enc);
	} else {
		bad |= xfrmnl_sa_set_crypto_params(n, sa->ealg,
						   sa->key.enc_len * 8u,
						   (const char *)sa->key.enc);
		bad |= xfrmnl_sa_set_auth_params(n, sa->aalg,
						 sa->key.auth_len * 8u,
						 sa->icv_bits,
						 (const char *)sa->key.auth);
	}
	if (bad)
		goto fail;
	nl_addr_put(d);
	nl_addr_put(s);
	xfrmnl_sel_put(sel);
	xfrmnl_ltime_cfg_put(lt);
	return n;
fail:
	nl_addr_put(d);
	nl_addr_put(s);
	if (sel)
		xfrmnl_sel_put(sel);
	if (lt)
		xfrmnl_ltime_cfg_put(lt);
	xfrmnl_sa_put(n);
	return NULL;
}

int xsp_from_nl(struct xfrmnl_sp *n, struct xsp *sp)
{
	struct xfrmnl_sel *sel = xfrmnl_sp_get_sel(n);
	struct xfrmnl_user_tmpl *t;
	unsigned long long a, b, c, d;
	unsigned int mv, mm;

	memset(sp, 0, sizeof(*sp));
	sp->dir = (uint8_t)xfrmnl_sp_get_dir(n);
	sp->action = (uint8_t)xfrmnl_sp_get_action(n);
	sp->priority = (uint32_t)xfrmnl_sp_get_priority(n);
	sp->index = (uint32_t)xfrmnl_sp_get_index(n);
	if (sel) {
		struct xfrm_selector *s = &sp->sel;

		from_addr(xfrmnl_sel_get_daddr(sel), (uint8_t *)&s->daddr);
		from_addr(xfrmnl_sel_get_saddr(sel), (uint8_t *)&s->saddr);
		s->dport = htons((uint16_t)xfrmnl_sel_get_dport(sel));
		s->dport_mask = htons((uint16_t)xfrmnl_sel_get_dportmask(sel));
		s->sport = htons((uint16_t)xfrmnl_sel_get_sport(sel));
		s->sport_mask = htons((uint16_t)xfrmnl_sel_get_sportmask(sel));
		s->family = (uint16_t)xfrmnl_sel_get_family(sel);
		s->prefixlen_d = (uint8_t)xfrmnl_sel_get_prefixlen_d(sel);
		s->prefixlen_s = (uint8_t)xfrmnl_sel_get_prefixlen_s(sel);
		s->proto = (uint8_t)xfrmnl_sel_get_proto(sel);
		s->ifindex = xfrmnl_sel_get_ifindex(sel);
		s->user = (uint32_t)xfrmnl_sel_get_userid(sel);
	}
	if (!xfrmnl_sp_get_mark(n, &mm, &mv)) {
		sp->mark.m = mm;
		sp->mark.v = mv;
	}
	if (!xfrmnl_sp_get_curlifetime(n, &a, &b, &c, &d)) {
		sp->add_time = c;
		sp->use_time = d;
	}
	sp->ntmpl = (unsigned int)xfrmnl_sp_get_nusertemplates(n);
	t = sp->ntmpl ? xfrmnl_sp_usertemplate_n(n, 0) : NULL;
	if (t) {
		sp->tfamily = (uint8_t)xfrmnl_user_tmpl_get_family(t);
		sp->tmode = (uint8_t)xfrmnl_user_tmpl_get_mode(t);
		sp->tproto = (uint8_t)xfrmnl_user_tmpl_get_proto(t);
		sp->toptional = (uint8_t)xfrmnl_user_tmpl_get_optional(t);
		sp->treqid = (uint32_t)xfrmnl_user_tmpl_get_reqid(t);
		from_addr(xfrmnl_user_tmpl_get_saddr(t), sp->tsaddr);
		from_addr(xfrmnl_user_tmpl_get_daddr(t), sp->tdaddr);
	}
	sp->id = xown_sp_id(sp->sel.user, &sp->block);
	return 0;
}

struct xfrmnl_sp *xsp_to_nl(const struct xsp *sp)
{
	const struct xfrm_selector *s = &sp->sel;
	struct xfrmnl_sp *n = xfrmnl_sp_alloc();
	struct xfrmnl_sel *sel;
	struct xfrmnl_ltime_cfg *lt;
	struct xfrmnl_user_tmpl *t;
	struct nl_addr *a, *b;

	if (!n)
		return NULL;
	sel = sel_build((uint8_t)s->family, (const uint8_t *)&s->saddr,
			(const uint8_t *)&s->daddr, s->prefixlen_s,
			s->prefixlen_d, s->user);
	lt = life_build(0, 0, 0, 0);
	if (!sel || !lt)
		goto fail;
	xfrmnl_sp_set_sel(n, sel);
	xfrmnl_sp_set_lifetime_cfg(n, lt);
	xfrmnl_sel_put(sel);
	xfrmnl_ltime_cfg_put(lt);
	sel = NULL;
	lt = NULL;
	xfrmnl_sp_set_dir(n, sp->dir);
	xfrmnl_sp_set_action(n, sp->action);
	xfrmnl_sp_set_priority(n, sp->priority);
	xfrmnl_sp_set_share(n, XFRM_SHARE_ANY);
	xfrmnl_sp_set_flags(n, 0);
	if (sp->mark.m)
		xfrmnl_sp_set_mark(n, sp->mark.v, sp->mark.m);
	if (!sp->ntmpl)
		return n;
	t = xfrmnl_user_tmpl_alloc();
	if (!t)
		goto fail;
	a = to_addr(sp->tfamily, sp->tsaddr);
	b = to_addr(sp->tfamily, sp->tdaddr);
	if (!a || !b) {
		nl_addr_put(a);
		nl_addr_put(b);
		xfrmnl_user_tmpl_free(t);
		goto fail;
	}
	xfrmnl_user_tmpl_set_saddr(t, a);
	xfrmnl_user_tmpl_set_daddr(t, b);
	nl_addr_put(a);
	nl_addr_put(b);
	xfrmnl_user_tmpl_set_family(t, sp->tfamily);
	xfrmnl_user_tmpl_set_proto(t, sp->tproto);
	xfrmnl_user_tmpl_set_spi(t, 0);
	xfrmnl_user_tmpl_set_reqid(t, sp->treqid);
	xfrmnl_user_tmpl_set_mode(t, sp->tmode);
	xfrmnl_user_tmpl_set_share(t, XFRM_SHARE_ANY);
	xfrmnl_user_tmpl_set_optional(t, sp->toptional);
	/* any algorithm: the SA decides (like "ip xfrm policy") */
	xfrmnl_user_tmpl_set_aalgos(t, ~0u);
	xfrmnl_user_tmpl_set_ealgos(t, ~0u);
	xfrmnl_user_tmpl_set_calgos(t, ~0u);
	xfrmnl_sp_add_usertemplate(n, t);
	return n;
fail:
	if (sel)
		xfrmnl_sel_put(sel);
	if (lt)
		xfrmnl_ltime_cfg_put(lt);
	xfrmnl_sp_put(n);
	return NULL;
}

bool xsa_same(const struct xsa *a, const struct xsa *b)
{
	unsigned int n = alen(a->family);

	return a->family == b->family && a->sel_family == b->sel_family &&
	       a->mode == b->mode && a->flags == b->flags &&
	       a->replay_window == b->replay_window && a->proto == b->proto &&
	       a->reqid == b->reqid && a->sel_user == b->sel_user &&
	       a->spi == b->spi && !memcmp(a->saddr, b->saddr, n) &&
	       !memcmp(a->daddr, b->daddr, n) && a->aead == b->aead &&
	       !strcmp(a->ealg, b->ealg) && !strcmp(a->aalg, b->aalg) &&
	       a->icv_bits == b->icv_bits &&
	       a->key.enc_len == b->key.enc_len &&
	       a->key.auth_len == b->key.auth_len &&
	       !memcmp(a->key.enc, b->key.enc, a->key.enc_len) &&
	       !memcmp(a->key.auth, b->key.auth, a->key.auth_len) &&
	       a->soft_s == b->soft_s && a->hard_s == b->hard_s &&
	       a->soft_bytes == b->soft_bytes && a->hard_bytes == b->hard_bytes;
}

bool xsp_same(const struct xsp *a, const struct xsp *b)
{
	unsigned int n = alen(a->tfamily);

	if (a->dir != b->dir || a->action != b->action ||
	    a->priority != b->priority || a->ntmpl != b->ntmpl ||
	    a->mark.v != b->mark.v || a->mark.m != b->mark.m ||
	    memcmp(&a->sel, &b->sel, sizeof(a->sel)))
		return false;
	if (!a->ntmpl)
		return true;
	return a->tfamily == b->tfamily && a->tmode == b->tmode &&
	       a->tproto == b->tproto && a->toptional == b->toptional &&
	       a->treqid == b->treqid && !memcmp(a->tsaddr, b->tsaddr, n) &&
	       !memcmp(a->tdaddr, b->tdaddr, n);
}

const char *xsa_desc(const struct xsa *sa, char *buf, size_t len)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];

	snprintf(buf, len, "SA %s->%s spi 0x%x",
		 xaddr_str(sa->family, sa->saddr, s, sizeof(s)),
		 xaddr_str(sa->family, sa->daddr, d, sizeof(d)), sa->spi);
	return buf;
}

static const char *dir_name(uint8_t dir)
{
	return dir == XFRM_POLICY_IN ? "in" : dir == XFRM_POLICY_OUT ? "out" :
	       dir == XFRM_POLICY_FWD ? "fwd" : "?";
}

const char *xsp_desc(const struct xsp *sp, char *buf, size_t len)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
	uint8_t af = (uint8_t)sp->sel.family;

	snprintf(buf, len, "%spolicy %s %s/%u->%s/%u", sp->block ? "block " : "",
		 dir_name(sp->dir),
		 xaddr_str(af, (const uint8_t *)&sp->sel.saddr, s, sizeof(s)),
		 sp->sel.prefixlen_s,
		 xaddr_str(af, (const uint8_t *)&sp->sel.daddr, d, sizeof(d)),
		 sp->sel.prefixlen_d);
	return buf;
}

static uint8_t af_of(const struct imsseg_prefix *p)
{
	return p->family == IMSSEG_FAMILY_V6 ? AF_INET6 : AF_INET;
}

#define GROW(arr, n, cap) ({						\
	int _ok = 1;							\
	if (*(n) == *(cap)) {						\
		size_t _c = *(cap) ? *(cap) * 2 : 16;			\
		void *_v = realloc(*(arr), _c * sizeof(**(arr)));	\
		if (_v) {						\
			*(arr) = _v;					\
			*(cap) = _c;					\
		} else {						\
			_ok = 0;					\
		}							\
	}								\
	_ok;								\
})

static void policy(struct xsp *p, const struct tunnel *t, uint8_t dir,
		   const struct imsseg_prefix *src,
		   const struct imsseg_prefix *dst, bool block)
{
	const struct tspec *s = &t->spec;
	bool in = dir != XFRM_POLICY_OUT;

	memset(p, 0, sizeof(*p));
	p->id = t->id;
	p->block = block;
	p->dir = dir;
	p->sel.family = af_of(src);
	memcpy(&p->sel.saddr, src->addr, 16);
	memcpy(&p->sel.daddr, dst->addr, 16);
	p->sel.prefixlen_s = src->plen;
	p->sel.prefixlen_d = dst->plen;
	p->sel.user = block ? xown_block_tag(t->id) : xown_tag(t->id);
	p->priority = xown_prio(block);
	if (block) {
		p->action = XFRM_POLICY_BLOCK;
		return;
	}
	p->action = XFRM_POLICY_ALLOW;
	p->ntmpl = 1;
	p->tfamily = af_of(&s->peer);
	p->tproto = IPPROTO_ESP;
	p->tmode = s->transport ? XFRM_MODE_TRANSPORT : XFRM_MODE_TUNNEL;
	p->treqid = xown_tag(t->id);
	if (!s->transport) {
		memcpy(p->tsaddr, in ? s->peer.addr : s->local.addr, 16);
		memcpy(p->tdaddr, in ? s->local.addr : s->peer.addr, 16);
	}
}

static void sa_of(struct xsa *sa, const struct tunnel *t, unsigned int g,
		  bool in, uint8_t sel_family)
{
	const struct tspec *s = &t->spec;
	const struct keygen *k = &t->keys.gen[g];

	memset(sa, 0, sizeof(*sa));
	sa->id = t->id;
	sa->gen = g;
	sa->inbound = in;
	sa->family = af_of(&s->peer);
	sa->sel_family = sel_family;
	sa->flags = sel_family ? 0 : XFRM_STATE_AF_UNSPEC;
	sa->mode = s->transport ? XFRM_MODE_TRANSPORT : XFRM_MODE_TUNNEL;
	sa->replay_window = 32;
	sa->proto = IPPROTO_ESP;
	sa->reqid = sa->sel_user = xown_tag(t->id);
	memcpy(sa->saddr, in ? s->peer.addr : s->local.addr, 16);
	memcpy(sa->daddr, in ? s->local.addr : s->peer.addr, 16);
	sa->spi = in ? tunnel_spi_in(t, g) : tunnel_spi_out(t, g);
	sa->aead = s->alg.aead != NULL;
	snprintf(sa->ealg, sizeof(sa->ealg), "%s",
		 s->alg.aead ? s->alg.aead->name : s->alg.enc->name);
	if (!sa->aead)
		snprintf(sa->aalg, sizeof(sa->aalg), "%s", s->alg.auth->name);
	sa->icv_bits = s->alg.aead ? s->alg.aead->bits : s->alg.auth->bits;
	sa->key = in ? k->in : k->out;
	sa->soft_s = s->life_soft_s;
	sa->hard_s = s->life_s;
	sa->soft_bytes = s->bytes_soft;
	sa->hard_bytes = s->bytes;
}

static int policies(const struct tunnel *t, const struct tsel *sel,
		    unsigned int n, bool block, struct xsp **sp, size_t *nsp,
		    size_t *capsp)
{
	static const uint8_t dirs[] = { XFRM_POLICY_OUT, XFRM_POLICY_FWD,
					XFRM_POLICY_IN };
	unsigned int i, d;

	for (i = 0; i < n; i++)
		for (d = 0; d < 3; d++) {
			bool out = dirs[d] == XFRM_POLICY_OUT;

			if (dirs[d] == XFRM_POLICY_FWD && t->spec.transport)
				continue;
			if (!GROW(sp, nsp, capsp))
				return -1;
			policy(&(*sp)[(*nsp)++], t, dirs[d],
			       out ? &sel[i].local : &sel[i].remote,
			       out ? &sel[i].remote : &sel[i].local, block);
		}
	return 0;
}

int xobj_tunnel(const struct tunnel *t, const bool *gens,
		struct xsa **sa, size_t *nsa, size_t *capsa,
		struct xsp **sp, size_t *nsp, size_t *capsp)
{
	struct tsel sel[TSEL_MAX];
	unsigned int n = tspec_selectors(&t->spec, sel), i, g;
	uint8_t sel_family = af_of(&t->spec.peer);
	bool any = false;
	int in;

	for (i = 0; i < n; i++)
		if (sel[i].local.family != t->spec.peer.family)
			sel_family = 0;	/* mixed inner/outer families */
	/* in installation order: block policies, SAs, main policies */
	if (t->spec.required &&
	    policies(t, sel, n, true, sp, nsp, capsp))
		return -1;
	for (g = 0; gens && g < t->keys.n; g++)
		any |= gens[g];
	for (g = 0; g < t->keys.n; g++) {
		if (any ? !gens[g] : g != 0)
			continue;
		for (in = 1; in >= 0; in--) {
			if (!GROW(sa, nsa, capsa))
				return -1;
			sa_of(&(*sa)[(*nsa)++], t, g, in, sel_family);
		}
	}
	return policies(t, sel, n, false, sp, nsp, capsp);
}
