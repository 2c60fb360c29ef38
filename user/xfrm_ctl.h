/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tunnel operations shared by "segctl tunnel" and "segctl run": each
 * one takes the state lock, reads the kernel's objects and the state
 * file, checks, applies all or nothing, and writes the state file.
 */
#ifndef _SEGCTL_XFRM_CTL_H
#define _SEGCTL_XFRM_CTL_H

#include "xfrm_apply.h"
#include "xfrm_nl.h"
#include "xfrm_table.h"

struct xctl {
	struct xnl *nl;		/* the caller's command socket */
	int lock;
	struct xdump k;		/* the kernel's objects at open */
	struct ttable state;	/* the state file at open */
	struct xtxn txn;
	char err[1200];
};

/*
 * Dumps the kernel's objects and reads the state file, under the state
 * lock if @lock (every change needs it); -1 with c->err.
 */
int xctl_open(struct xctl *c, struct xnl *nl, bool lock);
void xctl_close(struct xctl *c);

/*
 * Loads @t's key file and checks it against the spec (an SPI given in
 * both with two values is an error). -1 with "keyfile ..." in @err.
 */
int xctl_load_keys(struct tunnel *t, char *err, size_t len);

/* Loads the key files of the state's tunnels, best effort. */
void xctl_state_keys(struct xctl *c, bool cli_only);

/* "segctl tunnel add": @t (keys loaded) gets a new id and its objects. */
int xctl_add(struct xctl *c, struct tunnel *t);

/* "segctl tunnel del": NAME, or #ID for a tunnel the state lost. */
int xctl_del(struct xctl *c, const char *name, uint32_t *id);

/*
 * "segctl run": the config tunnels @cfg (keys loaded) become the
 * kernel's; config tunnels no longer in @cfg are removed; tunnels made
 * by "tunnel add" are left alone (their names must not clash).
 */
int xctl_sync(struct xctl *c, struct ttable *cfg,
	      void (*note)(void *arg, enum xrec_what what, uint32_t id,
			   const struct tunnel *t, unsigned int nops),
	      void *arg);

#endif /* _SEGCTL_XFRM_CTL_H */
