// SPDX-License-Identifier: GPL-2.0
/*
 * "segctl dialogs -j" and "segctl registrations -j": the SIP brain's
 * dialogs and registrations as JSON arrays (one object each; entries
 * past their deadline that sg_expire() has not removed yet are left
 * out). Field names are documented in Documentation/sip-attacks.rst,
 * "State".
 */
#include <stdio.h>

#include "sg_int.h"

static const char *side_name(uint8_t side)
{
	switch (side) {
	case SG_SIDE_UNTRUSTED:
		return "untrusted";
	case SG_SIDE_TRUSTED:
		return "trusted";
	case SG_SIDE_ZA:
		return "za";
	default:
		return "?";
	}
}

static uint64_t secs(uint64_t later, uint64_t earlier)
{
	return later > earlier ? (later - earlier) / 1000 : 0;
}

static void peer_json(struct json *j, const struct sg_peer *a)
{
	char buf[80];

	sg_fmt_addr(buf, sizeof(buf), a->family, a->addr, a->port);
	json_str(j, "addr", buf);
	json_str(j, "side", side_name(a->side));
	json_bool(j, "secure", a->secure);
	json_u64(j, "tunnel", a->tunnel);
}

struct walk {
	struct json *j;
	uint64_t now;
};

static void party_json(struct json *j, const char *key,
		       const struct sg_party *pa)
{
	char sdp[128];

	json_obj_open(j, key);
	json_str(j, "tag", pa->tag);
	peer_json(j, &pa->at);
	if (pa->cseq_set)
		json_u64(j, "cseq", pa->cseq);
	if (pa->has_sdp) {
		sg_fmt_sdp(sdp, sizeof(sdp), &pa->sdp);
		json_str(j, "media", sdp);
	}
	json_obj_close(j);
}

static void dialog_one(const struct sg_node *n, void *arg)
{
	const struct sg_dialog *d = (const struct sg_dialog *)n;
	struct walk *w = arg;
	struct json *j = w->j;

	if (w->now >= n->deadline_ms)
		return;
	json_obj_open(j, NULL);
	json_str(j, "call_id", d->call_id);
	json_str(j, "state", d->confirmed ? "confirmed" : "early");
	json_str(j, "from", d->from);
	json_str(j, "to", d->to);
	json_u64(j, "age_s", secs(w->now, d->created_ms));
	json_u64(j, "idle_s", secs(w->now, d->last_ms));
	json_u64(j, "expires_in_s", secs(n->deadline_ms, w->now));
	party_json(j, "caller", &d->p[SG_CALLER]);
	party_json(j, "callee", &d->p[SG_CALLEE]);
	json_obj_close(j);
}

void sg_dialogs_json(const struct sg *g, struct json *j, uint64_t now_ms)
{
	struct walk w = { j, now_ms };

	json_arr_open(j, NULL);
	sgt_walk(&g->dialogs, dialog_one, &w);
	json_arr_close(j);
}

static void reg_one(const struct sg_node *n, void *arg)
{
	const struct sg_reg *r = (const struct sg_reg *)n;
	struct walk *w = arg;
	struct json *j = w->j;
	unsigned int i;

	if (w->now >= n->deadline_ms)
		return;
	json_obj_open(j, NULL);
	json_str(j, "aor", r->aor);
	json_u64(j, "expires_in_s", secs(n->deadline_ms, w->now));
	json_u64(j, "updated_s_ago", secs(w->now, r->updated_ms));
	json_arr_open(j, "bindings");
	for (i = 0; i < r->n; i++) {
		const struct sg_binding *b = &r->b[i];

		if (w->now >= b->expires_ms)
			continue;
		json_obj_open(j, NULL);
		json_str(j, "contact", b->uri);
		json_u64(j, "expires_in_s", secs(b->expires_ms, w->now));
		peer_json(j, &b->src);
		json_bool(j, "auth", b->auth);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_obj_close(j);
}

void sg_registrations_json(const struct sg *g, struct json *j,
			   uint64_t now_ms)
{
	struct walk w = { j, now_ms };

	json_arr_open(j, NULL);
	sgt_walk(&g->regs, reg_one, &w);
	json_arr_close(j);
}
