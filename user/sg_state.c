// SPDX-License-Identifier: GPL-2.0
/*
 * The SIP brain's state (sg_int.h): find, add and delete transactions,
 * dialogs, registrations and per-source records, with their timers; and
 * the small address/URI/SDP helpers the checks share. An entry found
 * past its deadline is deleted (counted as expired) and not returned,
 * so a verdict never depends on how often sg_expire() runs.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sg_int.h"

uint64_t sg_hash_str(const struct sg *g, const char *s)
{
	return sg_siphash(g->key, s, strlen(s));
}

bool sg_key_cut(const char *s, size_t size)
{
	return strnlen(s, size) >= size - 1;
}

/* ---- addresses, URIs, SDP ---- */

void sg_peer_from_pkt(struct sg_peer *a, const struct sg_pkt *p)
{
	memset(a, 0, sizeof(*a));
	a->family = p->family;
	a->side = p->side;
	a->l4 = p->l4;
	a->secure = p->secure;
	memcpy(a->addr, p->src, sizeof(a->addr));
	a->port = p->sport;
	a->ifindex = p->ifindex;
	a->tunnel = p->secure ? p->tunnel : 0;
}

static size_t addr_len(uint8_t family)
{
	return family == IMSSEG_FAMILY_V4 ? 4 : 16;
}

bool sg_peer_same_addr(const struct sg_peer *a, uint8_t family,
		       const uint8_t *addr)
{
	return a->family == family &&
	       !memcmp(a->addr, addr, addr_len(family));
}

void sg_fmt_addr(char *buf, size_t size, uint8_t family, const uint8_t *addr,
		 uint16_t port)
{
	char a[IMSSEG_PREFIX_STRLEN];

	if (imsseg_addr_format(family, addr, a, sizeof(a)) < 0) {
		snprintf(buf, size, "?");
		return;
	}
	if (family == IMSSEG_FAMILY_V6)
		snprintf(buf, size, "[%s]:%u", a, port);
	else
		snprintf(buf, size, "%s:%u", a, port);
}

void sg_fmt_peer(char *buf, size_t size, const struct sg_peer *a)
{
	char s[IMSSEG_PREFIX_STRLEN + 8];

	sg_fmt_addr(s, sizeof(s), a->family, a->addr, a->port);
	if (a->tunnel)
		snprintf(buf, size, "%s/tunnel:%u", s, a->tunnel);
	else
		snprintf(buf, size, "%s", s);
}

void sg_fmt_sdp(char *buf, size_t size, const struct sip_sdp *s)
{
	size_t n;
	unsigned int i;

	n = snprintf(buf, size, "%s", s->conn[0] ? s->conn : "-");
	for (i = 0; i < s->n_media && i < SIPMSG_MEDIA_MAX && n < size; i++)
		n += snprintf(buf + n, size - n, "%c%u", i ? ',' : ' ',
			      s->port[i]);
}

bool sg_sdp_equal(const struct sip_sdp *a, const struct sip_sdp *b)
{
	unsigned int i, n = a->n_media;

	if (strcasecmp(a->conn, b->conn) || a->n_media != b->n_media)
		return false;
	if (n > SIPMSG_MEDIA_MAX)
		n = SIPMSG_MEDIA_MAX;
	for (i = 0; i < n; i++)
		if (a->port[i] != b->port[i])
			return false;
	return true;
}

bool sg_host_ip(const char *host, uint8_t *family, uint8_t addr[16])
{
	size_t len = strlen(host);
	uint8_t a[16] = { 0 };

	if (len >= 2 && host[0] == '[' && host[len - 1] == ']') {
		if (imsseg_parse_ipv6(host + 1, len - 2, a))
			return false;
		*family = IMSSEG_FAMILY_V6;
	} else if (strchr(host, ':')) {
		if (imsseg_parse_ipv6(host, len, a))
			return false;
		*family = IMSSEG_FAMILY_V6;
	} else {
		if (!len || imsseg_parse_ipv4(host, len, a))
			return false;
		*family = IMSSEG_FAMILY_V4;
	}
	memcpy(addr, a, 16);
	return true;
}

static const char *scheme_name(uint8_t s)
{
	switch (s) {
	case SIPS_SIP:
		return "sip";
	case SIPS_SIPS:
		return "sips";
	case SIPS_TEL:
		return "tel";
	default:
		return NULL;
	}
}

static size_t put_lower(char *dst, size_t size, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		dst[i] = tolower((unsigned char)s[i]);
	if (size)
		dst[i] = 0;
	return i;
}

static bool uri_fmt(const struct sip_uri *u, char *buf, size_t size,
		    bool port)
{
	const char *sch = scheme_name(u->scheme);
	char host[SIPMSG_HOST_MAX];
	int n;

	if (!sch || sg_key_cut(u->user, sizeof(u->user)) ||
	    sg_key_cut(u->hp.host, sizeof(u->hp.host)))
		return false;
	if (!u->user[0] && !u->hp.host[0])
		return false;
	put_lower(host, sizeof(host), u->hp.host);
	n = snprintf(buf, size, "%s:%s%s%s", sch, u->user,
		     u->user[0] && host[0] ? "@" : "", host);
	if (port && u->hp.port && n > 0 && (size_t)n < size)
		n += snprintf(buf + n, size - n, ":%u", u->hp.port);
	return n > 0 && (size_t)n < size;
}

bool sg_uri_aor(const struct sip_uri *u, char *buf, size_t size)
{
	return uri_fmt(u, buf, size, false);
}

bool sg_uri_contact(const struct sip_uri *u, char *buf, size_t size)
{
	return uri_fmt(u, buf, size, true);
}

/* Copies the strings after the struct: returns the new position. */
static char *pack(char *pos, char **field, const char *s)
{
	size_t n = strlen(s) + 1;

	memcpy(pos, s, n);
	*field = pos;
	return pos + n;
}

/* ---- transactions ---- */

static void free_node(struct sg_node *n)
{
	free(n);
}

struct sg_txn *sg_txn_find(struct sg *g, const char *call_id, uint32_t cseq,
			   uint8_t method, const char *branch, uint64_t now)
{
	uint64_t h = sg_hash_str(g, call_id);
	struct sg_node *n, *next;

	for (n = sgt_chain(&g->txns, h); n; n = next) {
		struct sg_txn *t = (struct sg_txn *)n;

		next = n->hnext;
		if (n->hash != h || strcmp(t->call_id, call_id))
			continue;
		if (now >= n->deadline_ms) {
			sgt_delete(&g->txns, n, true);
			continue;
		}
		if (t->cseq == cseq && t->method == method &&
		    !strcmp(t->branch, branch))
			return t;
	}
	return NULL;
}

void sg_txn_dialog_ended(struct sg *g, const char *call_id, const char *tag)
{
	uint64_t h = sg_hash_str(g, call_id);
	struct sg_node *n;

	for (n = sgt_chain(&g->txns, h); n; n = n->hnext) {
		struct sg_txn *t = (struct sg_txn *)n;

		if (n->hash == h && t->method == SIPM_INVITE &&
		    !t->in_dialog && !strcmp(t->call_id, call_id) &&
		    !strcmp(t->from_tag, tag))
			t->ended = true;
	}
}

bool sg_txn_call_known(struct sg *g, const char *call_id, uint64_t now)
{
	uint64_t h = sg_hash_str(g, call_id);
	struct sg_node *n;

	for (n = sgt_chain(&g->txns, h); n; n = n->hnext) {
		const struct sg_txn *t = (const struct sg_txn *)n;

		if (n->hash == h && now < n->deadline_ms &&
		    t->method == SIPM_INVITE && !strcmp(t->call_id, call_id))
			return true;
	}
	return false;
}

void sg_txn_timer(struct sg *g, struct sg_txn *t, uint64_t now)
{
	uint64_t tb = 64ULL * g->c.t1_ms;
	uint64_t early = (uint64_t)g->c.early_dialog_s * 1000;

	/*
	 * An INVITE without a final answer may ring for minutes: a proxy
	 * keeps it with Timer C, not Timer B, and the provisionals that
	 * stop Timer B are often not punted to us.
	 */
	if (t->method == SIPM_INVITE && !t->final)
		t->node.deadline_ms = now + (early > tb ? early : tb);
	else
		t->node.deadline_ms = now + tb;
}

/* Keeps at most SG_TXN_PER_CALL transactions per Call-ID. */
static void txn_limit_call(struct sg *g, uint64_t h, const char *call_id)
{
	struct sg_node *n, *old = NULL;
	unsigned int count = 0;

	for (n = sgt_chain(&g->txns, h); n; n = n->hnext) {
		const struct sg_txn *t = (const struct sg_txn *)n;

		if (n->hash != h || strcmp(t->call_id, call_id))
			continue;
		count++;
		if (!old || t->created_ms <
		    ((const struct sg_txn *)old)->created_ms)
			old = n;
	}
	if (count >= SG_TXN_PER_CALL && old) {
		sgt_delete(&g->txns, old, false);
		g->txns.evicted++;
	}
}

struct sg_txn *sg_txn_add(struct sg_ctx *x)
{
	const struct sipmsg *m = x->m;
	const struct sg_pkt *p = x->p;
	struct sg *g = x->g;
	char aor[2 * SIPMSG_HOST_MAX] = "";
	const char *branch = m->n_via ? m->via[0].branch : "";
	size_t sz;
	struct sg_txn *t;
	uint64_t h = sg_hash_str(g, m->call_id);
	char *pos;

	if (m->method == SIPM_REGISTER && !sg_uri_aor(&m->to, aor, sizeof(aor)))
		return NULL;
	sz = sizeof(*t) + strlen(m->call_id) + strlen(m->from_tag) +
	     strlen(branch) + strlen(aor) + 4;
	t = calloc(1, sz);
	if (!t)
		return NULL;
	t->method = m->method;
	t->in_dialog = m->to_tag[0] != 0;
	t->auth = m->flags & SIPMSG_F_AUTH;
	t->cseq = m->cseq;
	sg_peer_from_pkt(&t->src, p);
	t->dst.family = p->family;
	memcpy(t->dst.addr, p->dst, sizeof(t->dst.addr));
	t->dst.port = p->dport;
	t->dst.l4 = p->l4;
	if (g->tunnel_of && p->side == SG_SIDE_TRUSTED)
		t->dst.tunnel = g->tunnel_of(g->arg, p->family, p->dst);
	if (m->flags & SIPMSG_F_SDP) {
		t->has_sdp = true;
		t->sdp = m->sdp;
	}
	t->created_ms = x->now;
	pos = pack(t->s, &t->call_id, m->call_id);
	pos = pack(pos, &t->from_tag, m->from_tag);
	pos = pack(pos, &t->branch, branch);
	pack(pos, &t->aor, aor);
	t->node.hash = h;
	t->node.cls = 0;
	sg_txn_timer(g, t, x->now);
	txn_limit_call(g, h, m->call_id);
	sgt_insert(&g->txns, &t->node);
	return t;
}

/* ---- dialogs ---- */

static bool tags_match(const struct sg_dialog *d, const char *a,
		       const char *b)
{
	return (!strcmp(d->p[0].tag, a) && !strcmp(d->p[1].tag, b)) ||
	       (!strcmp(d->p[0].tag, b) && !strcmp(d->p[1].tag, a));
}

static bool dialog_dead(struct sg *g, struct sg_node *n, uint64_t now)
{
	if (now < n->deadline_ms)
		return false;
	sgt_delete(&g->dialogs, n, true);
	return true;
}

struct sg_dialog *sg_dialog_find(struct sg *g, const char *call_id,
				 const char *tag1, const char *tag2,
				 uint64_t now)
{
	uint64_t h = sg_hash_str(g, call_id);
	struct sg_node *n, *next;

	for (n = sgt_chain(&g->dialogs, h); n; n = next) {
		struct sg_dialog *d = (struct sg_dialog *)n;

		next = n->hnext;
		if (n->hash != h || strcmp(d->call_id, call_id))
			continue;
		if (dialog_dead(g, n, now))
			continue;
		if (tags_match(d, tag1, tag2))
			return d;
	}
	return NULL;
}

void sg_dialog_touch(struct sg *g, struct sg_dialog *d, uint64_t now)
{
	d->last_ms = now;
	if (d->confirmed)
		d->node.deadline_ms = now + (uint64_t)g->c.dialog_idle_s * 1000;
	else
		d->node.deadline_ms = now + (uint64_t)g->c.early_dialog_s * 1000;
	sgt_touch(&g->dialogs, &d->node, d->confirmed);
}

void sg_dialog_delete(struct sg *g, struct sg_dialog *d)
{
	sgt_delete(&g->dialogs, &d->node, false);
}

void sg_dialog_drop_early(struct sg *g, const char *call_id,
			  const char *tag)
{
	uint64_t h = sg_hash_str(g, call_id);
	struct sg_node *n, *next;

	for (n = sgt_chain(&g->dialogs, h); n; n = next) {
		struct sg_dialog *d = (struct sg_dialog *)n;

		next = n->hnext;
		if (n->hash == h && !d->confirmed &&
		    !strcmp(d->call_id, call_id) && !strcmp(d->p[0].tag, tag))
			sg_dialog_delete(g, d);
	}
}

static void dialog_limit_call(struct sg *g, uint64_t h, const char *call_id)
{
	struct sg_node *n, *old = NULL;
	unsigned int count = 0;

	for (n = sgt_chain(&g->dialogs, h); n; n = n->hnext) {
		const struct sg_dialog *d = (const struct sg_dialog *)n;
		const struct sg_dialog *o = (const struct sg_dialog *)old;

		if (n->hash != h || strcmp(d->call_id, call_id))
			continue;
		count++;
		/* early ones go first, then the oldest */
		if (!o || (o->confirmed && !d->confirmed) ||
		    (o->confirmed == d->confirmed &&
		     d->created_ms < o->created_ms))
			old = n;
	}
	if (count >= SG_DIALOG_PER_CALL && old) {
		sgt_delete(&g->dialogs, old, false);
		g->dialogs.evicted++;
	}
}

struct sg_dialog *sg_dialog_add(struct sg *g, const char *call_id,
				const char *caller_tag, const char *callee_tag,
				const char *from, const char *to, uint64_t now)
{
	uint64_t h = sg_hash_str(g, call_id);
	struct sg_dialog *d;
	char *pos;

	d = calloc(1, sizeof(*d) + strlen(call_id) + strlen(caller_tag) +
		   strlen(callee_tag) + strlen(from) + strlen(to) + 5);
	if (!d)
		return NULL;
	pos = pack(d->s, &d->call_id, call_id);
	pos = pack(pos, &d->p[SG_CALLER].tag, caller_tag);
	pos = pack(pos, &d->p[SG_CALLEE].tag, callee_tag);
	pos = pack(pos, &d->from, from);
	pack(pos, &d->to, to);
	d->created_ms = d->last_ms = now;
	d->node.hash = h;
	d->node.cls = 0;
	d->node.deadline_ms = now + (uint64_t)g->c.early_dialog_s * 1000;
	dialog_limit_call(g, h, call_id);
	sgt_insert(&g->dialogs, &d->node);
	return d;
}

/* ---- registrations ---- */

static void free_reg(struct sg_node *n)
{
	struct sg_reg *r = (struct sg_reg *)n;
	unsigned int i;

	for (i = 0; i < r->n; i++)
		free(r->b[i].uri);
	free(r);
}

void sg_reg_delete(struct sg *g, struct sg_reg *r)
{
	sgt_delete(&g->regs, &r->node, false);
}

bool sg_reg_update(struct sg *g, struct sg_reg *r, uint64_t now)
{
	unsigned int i, j;
	uint64_t last = 0;

	for (i = j = 0; i < r->n; i++) {
		if (now >= r->b[i].expires_ms) {
			free(r->b[i].uri);
			continue;
		}
		if (r->b[i].expires_ms > last)
			last = r->b[i].expires_ms;
		r->b[j++] = r->b[i];
	}
	r->n = j;
	if (!r->n) {
		sgt_delete(&g->regs, &r->node, true);
		return false;
	}
	r->node.deadline_ms = last;
	return true;
}

struct sg_reg *sg_reg_find(struct sg *g, const char *aor, uint64_t now)
{
	uint64_t h = sg_hash_str(g, aor);
	struct sg_node *n;

	for (n = sgt_chain(&g->regs, h); n; n = n->hnext) {
		struct sg_reg *r = (struct sg_reg *)n;

		if (n->hash == h && !strcmp(r->aor, aor))
			return sg_reg_update(g, r, now) ? r : NULL;
	}
	return NULL;
}

struct sg_reg *sg_reg_get(struct sg *g, const char *aor, uint64_t now)
{
	struct sg_reg *r = sg_reg_find(g, aor, now);

	if (r) {
		sgt_touch(&g->regs, &r->node, 0);
		return r;
	}
	r = calloc(1, sizeof(*r) + strlen(aor) + 1);
	if (!r)
		return NULL;
	strcpy(r->aor, aor);
	r->node.hash = sg_hash_str(g, aor);
	r->node.deadline_ms = now;
	r->updated_ms = now;
	sgt_insert(&g->regs, &r->node);
	return r;
}

/* ---- sources ---- */

struct sg_src *sg_src_get(struct sg *g, uint8_t family, const uint8_t *addr,
			  uint64_t now)
{
	uint8_t key[17];
	uint64_t h;
	struct sg_node *n, *next;
	struct sg_src *s;

	key[0] = family;
	memset(key + 1, 0, 16);
	memcpy(key + 1, addr, addr_len(family));
	h = sg_siphash(g->key, key, sizeof(key));
	for (n = sgt_chain(&g->srcs, h); n; n = next) {
		s = (struct sg_src *)n;
		next = n->hnext;
		if (n->hash != h || s->family != family ||
		    memcmp(s->addr, key + 1, 16))
			continue;
		if (now >= n->deadline_ms) {
			sgt_delete(&g->srcs, n, true);
			break;
		}
		return s;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->family = family;
	memcpy(s->addr, key + 1, 16);
	imsseg_bucket_init(&s->bucket, &g->reflect, now * 1000000ULL);
	s->node.hash = h;
	s->last_ms = now;
	s->node.deadline_ms = now + 1;
	sgt_insert(&g->srcs, &s->node);
	return s;
}

void sg_src_touch(struct sg *g, struct sg_src *s, uint64_t now)
{
	uint64_t full = 0, keep;

	if (g->reflect.rate)
		full = imsseg_bucket_full_in_ns(&s->bucket, &g->reflect,
						now * 1000000ULL) / 1000000 + 1;
	keep = s->hijacks ? (uint64_t)g->c.ban_ttl * 1000 : 0;
	s->last_ms = now;
	s->node.deadline_ms = now + (full > keep ? full : keep) + 1;
	sgt_touch(&g->srcs, &s->node, 0);
}

int sg_tables_init(struct sg *g)
{
	const struct sg_config *c = &g->c;

	if (sgt_init(&g->txns, c->max_transactions, free_node) ||
	    sgt_init(&g->dialogs, c->max_dialogs, free_node) ||
	    sgt_init(&g->regs, c->max_registrations, free_reg) ||
	    sgt_init(&g->srcs, c->max_sources, free_node)) {
		sg_tables_free(g);
		return -1;
	}
	return 0;
}

void sg_tables_free(struct sg *g)
{
	sgt_free(&g->txns);
	sgt_free(&g->dialogs);
	sgt_free(&g->regs);
	sgt_free(&g->srcs);
}
