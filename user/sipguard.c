// SPDX-License-Identifier: GPL-2.0
/*
 * The SIP brain (sipguard.h): sg_new/free/reconfigure, the per-packet
 * dispatch sg_process(), timers, counters, and the verdict helpers the
 * checks use. The order of the checks is the contract documented in
 * Documentation/sip-attacks.rst, "Order of the checks":
 *
 *   parse/lint -> trusted side (learn only, never dropped) ->
 *   [requests] insecure (494) -> TLS hops (403) -> Via reflection rate
 *   -> per method: CANCEL, REGISTER, in-dialog (BYE, re-INVITE, ...)
 *   -> learn -> Via rewrite (accepted requests only)
 *   [responses] 305 -> transaction/3xx/dialog checks -> learn
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "sg_int.h"
#include "sipreply.h"

static const char *const reason_names[SG_R_COUNT] = {
	[SG_R_OK] = "ok",
	[SG_R_LEARNED] = "learned",
	[SG_R_PARSE] = "parse",
	[SG_R_LINT] = "lint",
	[SG_R_BYE_SPOOF] = "bye_spoof",
	[SG_R_BYE_CSEQ] = "bye_cseq",
	[SG_R_CANCEL_SPOOF] = "cancel_spoof",
	[SG_R_INDIALOG_SPOOF] = "indialog_spoof",
	[SG_R_MEDIA_HIJACK] = "media_hijack",
	[SG_R_REDIRECT_UNSOLICITED] = "redirect_unsolicited",
	[SG_R_REDIRECT_TARGET] = "redirect_target",
	[SG_R_USE_PROXY] = "use_proxy",
	[SG_R_VIA_REFLECT] = "via_reflect",
	[SG_R_VIA_REFLECT_RATE] = "via_reflect_rate",
	[SG_R_REG_HIJACK] = "reg_hijack",
	[SG_R_TUNNEL_BINDING] = "tunnel_binding",
	[SG_R_INSECURE] = "insecure",
	[SG_R_TLS_HOPS] = "tls_hops",
	[SG_R_RESPONSE_SPOOF] = "response_spoof",
};

const char *sg_reason_name(unsigned int r)
{
	return r < SG_R_COUNT ? reason_names[r] : NULL;
}

/* ---- verdict helpers ---- */

static void vdetail(struct sg_verdict *v, bool append, const char *fmt,
		    va_list ap)
{
	size_t n = append ? strnlen(v->detail, sizeof(v->detail)) : 0;

	if (append && n && n + 1 < sizeof(v->detail))
		v->detail[n++] = ' ';
	if (n < sizeof(v->detail))
		vsnprintf(v->detail + n, sizeof(v->detail) - n, fmt, ap);
}

void sg_set(struct sg_ctx *x, uint8_t action, uint8_t reason,
	    const char *fmt, ...)
{
	va_list ap;

	x->v->action = action;
	x->v->reason = reason;
	va_start(ap, fmt);
	vdetail(x->v, false, fmt, ap);
	va_end(ap);
}

void sg_add_detail(struct sg_ctx *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdetail(x->v, true, fmt, ap);
	va_end(ap);
}

void sg_add_kop(struct sg_ctx *x, uint8_t type, uint8_t family,
		const uint8_t *addr, uint32_t ttl, const char *reason)
{
	struct sg_verdict *v = x->v;
	struct sg_kop *k;

	if (v->n_kops >= SG_KOPS_MAX)
		return;
	k = &v->kops[v->n_kops++];
	memset(k, 0, sizeof(*k));
	k->type = type;
	k->family = family;
	memcpy(k->addr, addr, sizeof(k->addr));
	k->ttl = ttl;
	snprintf(k->reason, sizeof(k->reason), "%s", reason);
}

void sg_reply(struct sg_ctx *x, uint8_t reason, uint16_t status,
	      const char *phrase, const char *hdr)
{
	char addr[IMSSEG_PREFIX_STRLEN];
	struct sipreply_src src = { .addr = addr, .port = x->p->sport };
	struct sg_verdict *v = x->v;
	int n;

	v->action = SG_DROP;
	v->reason = reason;
	if (x->m->method == SIPM_ACK) {
		sg_add_detail(x, "reply=none(ACK)");
		return;
	}
	if (imsseg_addr_format(x->p->family, x->p->src, addr,
			       sizeof(addr)) < 0)
		src.addr = NULL;
	n = sipreply_build(x->buf, x->len, x->m, &src, status, phrase, hdr,
			   v->reply, sizeof(v->reply));
	if (n < 0) {
		v->reply_len = 0;
		v->reply[0] = 0;
		sg_add_detail(x, "reply=none(%s)", strerror(-n));
		return;
	}
	v->action = SG_REPLY;
	v->reply_status = status;
	v->reply_len = n;
	sg_add_detail(x, "reply=%u", status);
}

/* ---- lifetime ---- */

static void load_config(struct sg *g, const struct sg_config *c)
{
	g->c = *c;
	if (imsseg_bucket_cfg_set(&g->reflect, c->reflect_pps,
				  c->reflect_pps ? c->reflect_burst : 0))
		memset(&g->reflect, 0, sizeof(g->reflect));
	if (sg_allow_load(g))
		g->n_allow = 0;
}

struct sg *sg_new(const struct sg_config *c, sg_tunnel_of_fn tunnel_of,
		  void *arg)
{
	struct sg *g = calloc(1, sizeof(*g));

	if (!g)
		return NULL;
	if (getrandom(g->key, sizeof(g->key), 0) != sizeof(g->key)) {
		free(g);
		return NULL;
	}
	load_config(g, c);
	g->tunnel_of = tunnel_of;
	g->arg = arg;
	if (sg_tables_init(g)) {
		free(g);
		return NULL;
	}
	return g;
}

void sg_free(struct sg *g)
{
	if (!g)
		return;
	sg_tables_free(g);
	free(g->out);
	free(g);
}

void sg_reconfigure(struct sg *g, const struct sg_config *c)
{
	load_config(g, c);
	sgt_set_cap(&g->txns, c->max_transactions);
	sgt_set_cap(&g->dialogs, c->max_dialogs);
	sgt_set_cap(&g->regs, c->max_registrations);
	sgt_set_cap(&g->srcs, c->max_sources);
}

void sg_expire(struct sg *g, uint64_t now_ms)
{
	sgt_expire(&g->txns, now_ms);
	sgt_expire(&g->dialogs, now_ms);
	sgt_expire(&g->regs, now_ms);
	sgt_expire(&g->srcs, now_ms);
}

void sg_stats(const struct sg *g, struct sg_stats *s)
{
	*s = g->st;
	s->transactions = g->txns.n;
	s->dialogs = g->dialogs.n;
	s->registrations = g->regs.n;
	s->txn_evicted = g->txns.evicted;
	s->dialog_evicted = g->dialogs.evicted;
	s->reg_evicted = g->regs.evicted;
	s->txn_expired = g->txns.expired;
	s->dialog_expired = g->dialogs.expired;
	s->reg_expired = g->regs.expired;
	s->sources = g->srcs.n;
	s->src_evicted = g->srcs.evicted;
	s->src_expired = g->srcs.expired;
}

/* ---- the decision ---- */

static void parse_failed(struct sg_ctx *x, enum sipmsg_err err,
			 const char *why)
{
	uint8_t r = err == SIPMSG_E_LINT ? SG_R_LINT : SG_R_PARSE;

	if (!why)
		why = err == SIPMSG_E_MISSING ? "missing header" : "?";
	if (x->p->side == SG_SIDE_TRUSTED)
		sg_set(x, SG_ACCEPT, SG_R_OK, "trusted side, not parsed: %s",
		       why);
	else
		sg_set(x, SG_DROP, r, "%s", why);
}

static bool check_request(struct sg_ctx *x, int *reflect)
{
	const struct sipmsg *m = x->m;

	if (sg_check_insecure(x) || sg_check_tls_hops(x))
		return true;
	*reflect = sg_check_reflect(x);
	if (*reflect < 0)
		return true;
	if (m->method == SIPM_CANCEL)
		return sg_check_cancel(x);
	if (m->method == SIPM_REGISTER)
		return sg_check_register(x);
	if (m->to_tag[0])
		return sg_check_in_dialog(x);
	return false;
}

void sg_process(struct sg *g, const struct sg_pkt *p, const uint8_t *buf,
		size_t len, struct sg_verdict *v)
{
	struct sg_ctx x = { .g = g, .p = p, .m = &g->m, .v = v,
			    .buf = buf, .len = len, .now = p->now_ms };
	const char *why = NULL;
	enum sipmsg_err err;
	int reflect = 0;

	v->action = SG_ACCEPT;
	v->reason = SG_R_OK;
	v->reply_status = 0;
	v->reply_len = 0;
	v->reply[0] = 0;
	v->payload = NULL;
	v->payload_len = 0;
	v->n_kops = 0;
	v->detail[0] = 0;
	g->st.packets++;

	err = sipmsg_parse((const char *)buf, len, &g->m, &why);
	if (err != SIPMSG_OK) {
		parse_failed(&x, err, why);
	} else if (p->side == SG_SIDE_TRUSTED) {
		if (g->m.request)
			sg_learn_request(&x);
		else
			sg_learn_response(&x);
	} else if (g->m.request) {
		if (!check_request(&x, &reflect)) {
			sg_learn_request(&x);
			if (reflect > 0)
				sg_rewrite_via(&x);
		}
	} else if (!sg_check_response(&x)) {
		sg_learn_response(&x);
	}
	if (v->reason >= SG_R_COUNT)
		v->reason = SG_R_OK;
	if (!v->detail[0] && err == SIPMSG_OK) {
		if (g->m.request)
			sg_set(&x, v->action, v->reason, "%s call_id=%s",
			       g->m.method_name, g->m.call_id);
		else
			sg_set(&x, v->action, v->reason, "status=%u call_id=%s",
			       g->m.status, g->m.call_id);
	}
	g->st.reason[v->reason]++;
}
