// SPDX-License-Identifier: GPL-2.0
/*
 * Transactions and reconciliation of segctl's XFRM objects, see
 * xfrm_apply.h. Install order keeps traffic from ever leaving in clear:
 * block policies, then SAs, then main policies; removal runs the other
 * way round (main policies, SAs, block policies).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xfrm_apply.h"
#include "xfrm_own.h"

enum { U_DEL_SA, U_ADD_SA, U_DEL_SP, U_ADD_SP, U_UPD_SP };

struct xundo {
	int op;
	union {
		struct xsa sa;
		struct xsp sp;
	} u;
};

void xtxn_begin(struct xtxn *t, struct xnl *nl)
{
	memset(t, 0, sizeof(*t));
	t->nl = nl;
}

static int journal(struct xtxn *t, int op, const void *obj, size_t len)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct xundo *v = realloc(t->undo, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		t->undo = v;
		t->cap = cap;
	}
	t->undo[t->n].op = op;
	memcpy(&t->undo[t->n].u, obj, len);
	t->n++;
	return 0;
}

static int failed(struct xtxn *t, int rc, const char *verb, const char *desc,
		  const char *who)
{
	snprintf(t->why, sizeof(t->why), "%s %s%s%s: %s", verb, desc,
		 who ? " of tunnel " : "", who ? who : "", t->nl->why);
	return rc;
}

/*
 * The journal entry is reserved before the change, so that a change the
 * kernel made is never missing from it.
 */
#define CHANGE(t, undo_op, obj, call, verb, descfn, who, counter) ({	\
	char _d[160];							\
	int _rc = journal(t, undo_op, obj, sizeof(*(obj)));		\
	if (_rc) {							\
		snprintf((t)->nl->why, sizeof((t)->nl->why), "out of memory"); \
	} else {							\
		_rc = (call);						\
		if (_rc)						\
			(t)->n--;					\
		else							\
			(t)->counter++;					\
	}								\
	_rc ? failed(t, _rc, verb, descfn(obj, _d, sizeof(_d)), who) : 0; \
})

int xtxn_add_sa(struct xtxn *t, const struct xsa *sa, const char *who)
{
	return CHANGE(t, U_DEL_SA, sa, xnl_add_sa(t->nl, sa), "adding",
		      xsa_desc, who, added);
}

int xtxn_del_sa(struct xtxn *t, const struct xsa *sa, const char *who)
{
	return CHANGE(t, U_ADD_SA, sa, xnl_del_sa(t->nl, sa), "removing",
		      xsa_desc, who, removed);
}

int xtxn_add_sp(struct xtxn *t, const struct xsp *sp, const char *who)
{
	return CHANGE(t, U_DEL_SP, sp, xnl_add_sp(t->nl, sp, false), "adding",
		      xsp_desc, who, added);
}

int xtxn_upd_sp(struct xtxn *t, const struct xsp *sp, const struct xsp *old,
		const char *who)
{
	return CHANGE(t, U_UPD_SP, old, xnl_add_sp(t->nl, sp, true), "updating",
		      xsp_desc, who, updated);
}

int xtxn_del_sp(struct xtxn *t, const struct xsp *sp, const char *who)
{
	return CHANGE(t, U_ADD_SP, sp, xnl_del_sp(t->nl, sp), "removing",
		      xsp_desc, who, removed);
}

void xtxn_rollback(struct xtxn *t)
{
	unsigned int bad = 0;
	char first[400] = "";
	size_t n;
	int rc;

	while (t->n) {
		const struct xundo *u = &t->undo[--t->n];

		switch (u->op) {
		case U_DEL_SA:
			rc = xnl_del_sa(t->nl, &u->u.sa);
			break;
		case U_ADD_SA:
			rc = xnl_add_sa(t->nl, &u->u.sa);
			break;
		case U_DEL_SP:
			rc = xnl_del_sp(t->nl, &u->u.sp);
			break;
		case U_ADD_SP:
			rc = xnl_add_sp(t->nl, &u->u.sp, false);
			break;
		default:
			rc = xnl_add_sp(t->nl, &u->u.sp, true);
			break;
		}
		if (rc && !bad++)
			snprintf(first, sizeof(first), "%s", t->nl->why);
	}
	n = strlen(t->why);
	if (bad && n < sizeof(t->why))
		snprintf(t->why + n, sizeof(t->why) - n,
			 "; rolling back failed for %u object(s): %s", bad, first);
}

void xtxn_end(struct xtxn *t)
{
	if (t->undo)
		explicit_bzero(t->undo, t->cap * sizeof(*t->undo));
	free(t->undo);
	t->undo = NULL;
	t->n = t->cap = 0;
}

/* --- kernel indexes --- */

static unsigned int alen(uint8_t family)
{
	return family == AF_INET6 ? 16 : 4;
}

static int sa_key_cmp(const struct xsa *a, const struct xsa *b)
{
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	c = memcmp(a->daddr, b->daddr, alen(a->family));
	if (c)
		return c;
	if (a->spi != b->spi)
		return a->spi < b->spi ? -1 : 1;
	return a->proto < b->proto ? -1 : a->proto > b->proto;
}

static int sa_id_cmp(const void *x, const void *y)
{
	const struct xsa *a = *(const struct xsa * const *)x;
	const struct xsa *b = *(const struct xsa * const *)y;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return sa_key_cmp(a, b);
}

static int sa_addr_cmp(const void *x, const void *y)
{
	return sa_key_cmp(*(const struct xsa * const *)x,
			  *(const struct xsa * const *)y);
}

static int sp_id_cmp(const void *x, const void *y)
{
	const struct xsp *a = *(const struct xsp * const *)x;
	const struct xsp *b = *(const struct xsp * const *)y;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	if (a->dir != b->dir)
		return a->dir < b->dir ? -1 : 1;
	return memcmp(&a->sel, &b->sel, sizeof(a->sel));
}

struct kidx {
	const struct xsa **sa;	/* ours, by id then address */
	size_t nsa;
	const struct xsa **all;	/* every SA by address */
	size_t nall;
	const struct xsp **sp;	/* ours, by id, dir, selector */
	size_t nsp;
	uint8_t *used_sa, *used_sp;
};

static void kidx_free(struct kidx *x)
{
	free(x->sa);
	free(x->all);
	free(x->sp);
	free(x->used_sa);
	free(x->used_sp);
}

static int kidx_build(struct kidx *x, const struct xdump *k)
{
	size_t i;

	memset(x, 0, sizeof(*x));
	x->sa = calloc(k->nsa + 1, sizeof(*x->sa));
	x->all = calloc(k->nsa + 1, sizeof(*x->all));
	x->sp = calloc(k->nsp + 1, sizeof(*x->sp));
	x->used_sa = calloc(k->nsa + 1, 1);
	x->used_sp = calloc(k->nsp + 1, 1);
	if (!x->sa || !x->all || !x->sp || !x->used_sa || !x->used_sp) {
		kidx_free(x);
		return -ENOMEM;
	}
	for (i = 0; i < k->nsa; i++) {
		if (k->sa[i].larval)
			continue;	/* kernel-made, expires by itself */
		x->all[x->nall++] = &k->sa[i];
		if (k->sa[i].id)
			x->sa[x->nsa++] = &k->sa[i];
	}
	for (i = 0; i < k->nsp; i++)
		if (k->sp[i].id)
			x->sp[x->nsp++] = &k->sp[i];
	qsort(x->sa, x->nsa, sizeof(*x->sa), sa_id_cmp);
	qsort(x->all, x->nall, sizeof(*x->all), sa_addr_cmp);
	qsort(x->sp, x->nsp, sizeof(*x->sp), sp_id_cmp);
	return 0;
}

/* First index in the sorted @v whose id is >= @id. */
#define LOWER(v, n, key) ({					\
	size_t _lo = 0, _hi = (n);					\
	while (_lo < _hi) {						\
		size_t _m = _lo + (_hi - _lo) / 2;			\
		if ((v)[_m]->id < (key))				\
			_lo = _m + 1;					\
		else							\
			_hi = _m;					\
	}								\
	_lo;								\
})

static const struct xsa *find_addr(const struct kidx *x, const struct xsa *key)
{
	const struct xsa **p = bsearch(&key, x->all, x->nall, sizeof(*x->all),
				       sa_addr_cmp);

	return p ? *p : NULL;
}

/* --- reconciliation --- */

struct want_objs {
	struct xsa *sa;
	size_t nsa, capsa;
	struct xsp *sp;
	size_t nsp, capsp;
};

/* Removes objects in the index range [sa_lo, sa_hi) / [sp_lo, sp_hi) not used. */
static int remove_unused(struct xtxn *txn, struct kidx *x, size_t sa_lo,
			 size_t sa_hi, size_t sp_lo, size_t sp_hi,
			 const char *who, unsigned int *nops)
{
	size_t i;
	int pass, rc;

	for (pass = 0; pass < 3; pass++) {	/* main SPs, SAs, block SPs */
		if (pass == 1) {
			for (i = sa_lo; i < sa_hi; i++) {
				if (x->used_sa[i])
					continue;
				rc = xtxn_del_sa(txn, x->sa[i], who);
				if (rc && rc != -ENOENT && rc != -ESRCH)
					return rc;
				(*nops)++;
			}
			continue;
		}
		for (i = sp_lo; i < sp_hi; i++) {
			if (x->used_sp[i] || x->sp[i]->block != (pass == 2))
				continue;
			rc = xtxn_del_sp(txn, x->sp[i], who);
			if (rc && rc != -ENOENT)
				return rc;
			(*nops)++;
		}
	}
	return 0;
}

static int sync_tunnel(struct xtxn *txn, struct kidx *x, const struct tunnel *t,
		       struct want_objs *w, unsigned int *nops, bool *fresh)
{
	size_t sa_lo = LOWER(x->sa, x->nsa, t->id), sa_hi;
	size_t sp_lo = LOWER(x->sp, x->nsp, t->id), sp_hi;
	bool gens[KEYFILE_GENS_MAX] = { false };
	const char *who = t->spec.name;
	size_t i, j;
	int rc;

	sa_hi = LOWER(x->sa, x->nsa, t->id + 1);
	sp_hi = LOWER(x->sp, x->nsp, t->id + 1);
	*fresh = sa_lo == sa_hi && sp_lo == sp_hi;
	/* key generations the kernel still has (a rekey in progress) */
	for (i = sa_lo; i < sa_hi; i++)
		for (j = 0; j < t->keys.n; j++)
			if (x->sa[i]->spi == tunnel_spi_in(t, (unsigned int)j) ||
			    x->sa[i]->spi == tunnel_spi_out(t, (unsigned int)j))
				gens[j] = true;
	w->nsa = w->nsp = 0;
	if (xobj_tunnel(t, gens, &w->sa, &w->nsa, &w->capsa, &w->sp, &w->nsp,
			&w->capsp))
		return -ENOMEM;

	/* block policies come first in w->sp, then SAs, then main ones */
	for (int phase = 0; phase < 3; phase++) {
		if (phase == 1) {
			for (i = 0; i < w->nsa; i++) {
				const struct xsa *d = &w->sa[i], *k = NULL;

				for (j = sa_lo; j < sa_hi; j++)
					if (!sa_key_cmp(x->sa[j], d)) {
						k = x->sa[j];
						x->used_sa[j] = 1;
						break;
					}
				if (k && xsa_same(k, d))
					continue;
				rc = k ? xtxn_del_sa(txn, k, who) : 0;
				if (!rc)
					rc = xtxn_add_sa(txn, d, who);
				if (rc)
					return rc;
				(*nops)++;
			}
			continue;
		}
		for (i = 0; i < w->nsp; i++) {
			const struct xsp *d = &w->sp[i], *k = NULL;
			const struct xsp *key = d;
			const struct xsp **p;

			if (d->block != (phase == 0))
				continue;
			p = bsearch(&key, x->sp + sp_lo, sp_hi - sp_lo,
				    sizeof(*x->sp), sp_id_cmp);
			if (p) {
				k = *p;
				x->used_sp[p - x->sp] = 1;
			}
			if (k && xsp_same(k, d))
				continue;
			rc = k ? xtxn_upd_sp(txn, d, k, who) :
				 xtxn_add_sp(txn, d, who);
			if (rc)
				return rc;
			(*nops)++;
		}
	}
	return remove_unused(txn, x, sa_lo, sa_hi, sp_lo, sp_hi, who, nops);
}

int xrec_apply(struct xtxn *txn, const struct xdump *k,
	       const struct ttable *want,
	       bool (*stale)(uint32_t id, void *arg), void *sarg,
	       void (*note)(void *arg, enum xrec_what what, uint32_t id,
			    const struct tunnel *t, unsigned int nops),
	       void *narg)
{
	struct want_objs w = { 0 };
	uint8_t *wanted;
	struct kidx x;
	unsigned int nops;
	size_t i, si, pi;
	bool fresh;
	int rc;

	wanted = calloc(XOWN_ID_MAX + 1, 1);
	if (!wanted || kidx_build(&x, k)) {
		free(wanted);
		snprintf(txn->why, sizeof(txn->why), "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < want->n; i++)
		wanted[want->v[i]->id & XOWN_ID_MASK] = 1;
	for (i = 0; i < want->n; i++) {
		const struct tunnel *t = want->v[i];

		nops = 0;
		rc = sync_tunnel(txn, &x, t, &w, &nops, &fresh);
		if (rc)
			goto fail;
		if (note)
			note(narg, fresh ? XREC_NEW : nops ? XREC_CHANGED :
			     XREC_SAME, t->id, t, nops);
	}
	/* stale ids: ours, in scope, wanted by nobody */
	for (si = pi = 0; si < x.nsa || pi < x.nsp;) {
		uint32_t id = si < x.nsa ? x.sa[si]->id : UINT32_MAX;
		size_t se, pe;

		if (pi < x.nsp && x.sp[pi]->id < id)
			id = x.sp[pi]->id;
		se = LOWER(x.sa, x.nsa, id + 1);
		pe = LOWER(x.sp, x.nsp, id + 1);
		if (!wanted[id] && stale && stale(id, sarg)) {
			nops = 0;
			rc = remove_unused(txn, &x, si, se, pi, pe, NULL, &nops);
			if (rc)
				goto fail;
			if (note)
				note(narg, XREC_REMOVED, id, NULL, nops);
		}
		si = se;
		pi = pe;
	}
	rc = 0;
	goto out;
fail:
	xtxn_rollback(txn);
out:
	if (w.sa)
		explicit_bzero(w.sa, w.capsa * sizeof(*w.sa));
	free(w.sa);
	free(w.sp);
	free(wanted);
	kidx_free(&x);
	return rc;
}

int xrec_check_spis(const struct ttable *want, const struct xdump *k,
		    char *err, size_t len)
{
	struct want_objs w = { 0 };
	struct kidx x;
	char d[INET6_ADDRSTRLEN];
	size_t i, j;
	int rc = 0;

	if (kidx_build(&x, k)) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	for (i = 0; i < want->n && !rc; i++) {
		const struct tunnel *t = want->v[i];
		bool gens[KEYFILE_GENS_MAX];

		memset(gens, 1, sizeof(gens));
		w.nsa = w.nsp = 0;
		if (xobj_tunnel(t, gens, &w.sa, &w.nsa, &w.capsa, &w.sp, &w.nsp,
				&w.capsp)) {
			snprintf(err, len, "out of memory");
			rc = -1;
			break;
		}
		for (j = 0; j < w.nsa; j++) {
			const struct xsa *o = find_addr(&x, &w.sa[j]);

			if (!o || o->id == t->id)
				continue;
			xaddr_str(o->family, o->daddr, d, sizeof(d));
			if (o->id)
				snprintf(err, len,
					 "tunnel %s: %s 0x%x to %s is taken by segctl tunnel #%u",
					 t->spec.name, w.sa[j].inbound ? "spi-in" : "spi-out",
					 o->spi, d, o->id);
			else
				snprintf(err, len,
					 "tunnel %s: %s 0x%x to %s is taken by an SA that is not segctl's (reqid %u)",
					 t->spec.name, w.sa[j].inbound ? "spi-in" : "spi-out",
					 o->spi, d, o->reqid);
			rc = -1;
			break;
		}
	}
	if (w.sa)
		explicit_bzero(w.sa, w.capsa * sizeof(*w.sa));
	free(w.sa);
	free(w.sp);
	kidx_free(&x);
	return rc;
}

int xrec_assign(struct ttable *want, const struct ttable *state,
		const struct xdump *k, bool cli, char *err, size_t len)
{
	uint8_t *busy = calloc(XOWN_ID_MAX + 1, 1);
	uint8_t *claimed = calloc(XOWN_ID_MAX + 1, 1);
	struct tnames names;
	struct kidx x;
	size_t i, j;
	unsigned int g;
	int rc = -1;

	if (!busy || !claimed || kidx_build(&x, k)) {
		free(busy);
		free(claimed);
		snprintf(err, len, "out of memory");
		return -1;
	}
	for (i = 0; i < x.nsa; i++)
		busy[x.sa[i]->id] = 1;
	for (i = 0; i < x.nsp; i++)
		busy[x.sp[i]->id] = 1;
	for (i = 0; state && i < state->n; i++)
		busy[state->v[i]->id] = 1;
	for (i = 0; i < want->n; i++)
		if (want->v[i]->id)
			busy[want->v[i]->id] = claimed[want->v[i]->id] = 1;
	/* by name, from the state file */
	if (state && !tnames_build(state, &names)) {
		for (i = 0; i < want->n; i++) {
			struct tunnel *t = want->v[i];
			const struct tunnel *s = tnames_find(&names, t->spec.name);

			if (!t->id && s && xown_id_is_cli(s->id) == cli &&
			    !claimed[s->id])
				t->id = s->id, claimed[s->id] = 1;
		}
		tnames_free(&names);
	}
	/* by SPI: the kernel's SAs of an unclaimed id of our class */
	for (i = 0; i < want->n; i++) {
		struct tunnel *t = want->v[i];

		for (g = 0; !t->id && g < tunnel_gens(t); g++) {
			struct xsa key = { .family = t->spec.peer.family ==
					   IMSSEG_FAMILY_V6 ? AF_INET6 : AF_INET,
					   .proto = IPPROTO_ESP,
					   .spi = tunnel_spi_out(t, g) };
			const struct xsa *o;

			memcpy(key.daddr, t->spec.peer.addr, 16);
			o = find_addr(&x, &key);
			if (o && o->id && xown_id_is_cli(o->id) == cli &&
			    !claimed[o->id])
				t->id = o->id, claimed[o->id] = 1;
		}
	}
	for (j = 0; j < want->n; j++) {
		struct tunnel *t = want->v[j];

		if (t->id)
			continue;
		t->id = xid_alloc(busy, cli);
		if (!t->id) {
			snprintf(err, len, "no free tunnel id left");
			goto out;
		}
	}
	rc = 0;
out:
	kidx_free(&x);
	free(busy);
	free(claimed);
	return rc;
}
