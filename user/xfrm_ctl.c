// SPDX-License-Identifier: GPL-2.0
/* Tunnel operations under the state lock, see xfrm_ctl.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xfrm_ctl.h"
#include "xfrm_own.h"
#include "xfrm_store.h"

int xctl_open(struct xctl *c, struct xnl *nl, bool lock)
{
	memset(c, 0, sizeof(*c));
	c->nl = nl;
	c->lock = -1;
	tt_init(&c->state);
	if (lock) {
		c->lock = xstore_lock(c->err, sizeof(c->err));
		if (c->lock < 0)
			return -1;
	}
	if (xnl_dump(nl, &c->k)) {
		snprintf(c->err, sizeof(c->err), "reading the kernel's SAs and policies: %s",
			 nl->why);
		xstore_unlock(c->lock);
		return -1;
	}
	if (xstore_read(&c->state, c->err, sizeof(c->err))) {
		xdump_free(&c->k);
		xstore_unlock(c->lock);
		return -1;
	}
	xtxn_begin(&c->txn, nl);
	return 0;
}

void xctl_close(struct xctl *c)
{
	xtxn_end(&c->txn);
	tt_free(&c->state);
	xdump_free(&c->k);
	xstore_unlock(c->lock);
}

int xctl_load_keys(struct tunnel *t, char *err, size_t len)
{
	const struct keygen *g;

	if (keyfile_load(t->spec.keyfile, &t->spec.alg, &t->keys, err, len))
		return -1;
	g = &t->keys.gen[0];
	if (t->spec.spi_in && g->spi_in &&
	    (g->spi_in != t->spec.spi_in || g->spi_out != t->spec.spi_out)) {
		snprintf(err, len,
			 "SPIs 0x%x/0x%x differ from line %u of keyfile %s (0x%x/0x%x); give them in one place",
			 t->spec.spi_in, t->spec.spi_out, g->line, t->spec.keyfile,
			 g->spi_in, g->spi_out);
		keyfile_wipe(&t->keys);
		return -1;
	}
	return 0;
}

void xctl_state_keys(struct xctl *c, bool cli_only)
{
	char err[512];
	size_t i;

	for (i = 0; i < c->state.n; i++)
		if (!c->state.v[i]->keys.n &&
		    (!cli_only || xown_id_is_cli(c->state.v[i]->id)))
			xctl_load_keys(c->state.v[i], err, sizeof(err));
}

struct check {
	char *err;
	size_t len;
	const char *only;	/* report only this tunnel's conflicts */
	int bad;
};

static void report(const struct tunnel *t, const char *msg, void *arg)
{
	struct check *ck = arg;

	if (ck->bad || (ck->only && strcmp(t->spec.name, ck->only)))
		return;
	snprintf(ck->err, ck->len, "tunnel %s: %s", t->spec.name, msg);
	ck->bad = 1;
}

/* @t against the state's tunnels; @t is the later one of every pair. */
static int check_with_state(struct xctl *c, struct tunnel *t,
			    const struct ttable *others)
{
	struct ttable all = { 0 };
	struct check ck = { c->err, sizeof(c->err), t->spec.name, 0 };
	size_t i;

	all.v = calloc(others->n + 1, sizeof(*all.v));
	if (!all.v) {
		snprintf(c->err, sizeof(c->err), "out of memory");
		return -1;
	}
	for (i = 0; i < others->n; i++)
		if (strcmp(others->v[i]->spec.name, t->spec.name))
			all.v[all.n++] = others->v[i];
	all.v[all.n++] = t;
	tt_check(&all, report, &ck);
	free(all.v);
	return ck.bad ? -1 : 0;
}

static int save(struct xctl *c)
{
	char err[512];

	if (xstore_write(&c->state, err, sizeof(err)))
		fprintf(stderr, "segctl: warning: %s (names will be rebuilt from the kernel)\n",
			err);
	return 0;
}

/* Moves @t into the state table (replacing a tunnel of that name). */
static int adopt(struct xctl *c, struct tunnel *t)
{
	struct tunnel *old = tt_find(&c->state, t->spec.name), *n;

	if (old)
		tt_del(&c->state, old);
	n = tt_new(&c->state);
	if (!n)
		return -1;
	*n = *t;
	memset(&n->keys, 0, sizeof(n->keys));	/* the state keeps no keys */
	return 0;
}

int xctl_add(struct xctl *c, struct tunnel *t)
{
	const struct tunnel *old = tt_find(&c->state, t->spec.name);
	struct ttable want = { 0 };
	struct tunnel *one[1] = { t };
	int rc;

	if (old) {
		snprintf(c->err, sizeof(c->err),
			 "tunnel %s already exists (id %u, %s); delete it first or pick another name",
			 t->spec.name, old->id, xown_id_is_cli(old->id) ?
			 "made by tunnel add" : "from the config");
		return -1;
	}
	xctl_state_keys(c, false);
	if (check_with_state(c, t, &c->state))
		return -1;
	want.v = one;
	want.n = 1;
	t->id = 0;
	if (xrec_assign(&want, NULL, &c->k, true, c->err, sizeof(c->err)) ||
	    xrec_check_spis(&want, &c->k, c->err, sizeof(c->err)))
		return -1;
	rc = xrec_apply(&c->txn, &c->k, &want, NULL, NULL, NULL, NULL);
	if (rc) {
		snprintf(c->err, sizeof(c->err), "%s; nothing was installed",
			 c->txn.why);
		return -1;
	}
	if (adopt(c, t))
		fprintf(stderr, "segctl: warning: out of memory saving the state\n");
	return save(c);
}

static bool only_id(uint32_t id, void *arg)
{
	return id == *(uint32_t *)arg;
}

int xctl_del(struct xctl *c, const char *name, uint32_t *idp)
{
	struct tunnel *t = tt_find(&c->state, name);
	struct ttable none = { 0 };
	uint32_t id = 0;
	size_t i;
	int rc;

	if (t) {
		id = t->id;
	} else if (name[0] == '#') {
		char *end;

		id = (uint32_t)strtoul(name + 1, &end, 10);
		if (*end || !xown_id_valid(id))
			id = 0;
	}
	for (i = 0; id && !t && i < c->k.nsa + c->k.nsp; i++)
		if ((i < c->k.nsa ? c->k.sa[i].id : c->k.sp[i - c->k.nsa].id) == id)
			break;
	if (!id || (!t && i == c->k.nsa + c->k.nsp)) {
		snprintf(c->err, sizeof(c->err),
			 "no tunnel '%s' (see segctl tunnel list)", name);
		return -1;
	}
	*idp = id;
	rc = xrec_apply(&c->txn, &c->k, &none, only_id, &id, NULL, NULL);
	if (rc) {
		snprintf(c->err, sizeof(c->err), "%s; the tunnel is unchanged",
			 c->txn.why);
		return -1;
	}
	if (t)
		tt_del(&c->state, t);
	return save(c);
}

static bool config_id(uint32_t id, void *arg)
{
	return !xown_id_is_cli(id);
}

int xctl_sync(struct xctl *c, struct ttable *cfg,
	      void (*note)(void *arg, enum xrec_what what, uint32_t id,
			   const struct tunnel *t, unsigned int nops),
	      void *arg)
{
	struct check ck = { c->err, sizeof(c->err), NULL, 0 };
	struct ttable all = { 0 };
	size_t i, j;
	int rc;

	/* names and conflicts with tunnels made by "tunnel add" */
	xctl_state_keys(c, true);
	all.v = calloc(cfg->n + c->state.n + 1, sizeof(*all.v));
	if (!all.v) {
		snprintf(c->err, sizeof(c->err), "out of memory");
		return -1;
	}
	for (i = 0; i < c->state.n; i++) {
		struct tunnel *s = c->state.v[i];

		if (!xown_id_is_cli(s->id))
			continue;
		if (tt_find(cfg, s->spec.name)) {
			snprintf(c->err, sizeof(c->err),
				 "tunnel %s exists already, made by 'segctl tunnel add'; delete it (segctl tunnel del %s) or rename the [tunnel %s] section",
				 s->spec.name, s->spec.name, s->spec.name);
			free(all.v);
			return -1;
		}
		all.v[all.n++] = s;
	}
	for (j = 0; j < cfg->n; j++)
		all.v[all.n++] = cfg->v[j];
	tt_check(&all, report, &ck);
	free(all.v);
	if (ck.bad)
		return -1;
	for (j = 0; j < cfg->n; j++)
		if (cfg->v[j]->id && xown_id_is_cli(cfg->v[j]->id))
			cfg->v[j]->id = 0;
	if (xrec_assign(cfg, &c->state, &c->k, false, c->err, sizeof(c->err)) ||
	    xrec_check_spis(cfg, &c->k, c->err, sizeof(c->err)))
		return -1;
	rc = xrec_apply(&c->txn, &c->k, cfg, config_id, NULL, note, arg);
	if (rc) {
		snprintf(c->err, sizeof(c->err), "%s; nothing was changed",
			 c->txn.why);
		return -1;
	}
	/* the state: tunnels of "tunnel add", then the config's */
	for (i = j = 0; i < c->state.n; i++) {
		if (xown_id_is_cli(c->state.v[i]->id)) {
			c->state.v[j++] = c->state.v[i];
		} else {
			keyfile_wipe(&c->state.v[i]->keys);
			free(c->state.v[i]);
		}
	}
	c->state.n = j;
	for (j = 0; j < cfg->n; j++) {
		struct tunnel *n = tt_new(&c->state);

		if (!n)
			break;
		*n = *cfg->v[j];
		memset(&n->keys, 0, sizeof(n->keys));
	}
	return save(c);
}
