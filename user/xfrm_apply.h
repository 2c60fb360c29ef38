/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Changing the kernel's XFRM objects without leaving anything half
 * done: a transaction journals the inverse of every change, and
 * reconciliation brings segctl's objects to what a set of tunnels needs
 * (adds what is missing, replaces what differs, removes only its own
 * stale objects, never touches anybody else's). See
 * Documentation/ipsec.rst, "Reconciliation".
 */
#ifndef _SEGCTL_XFRM_APPLY_H
#define _SEGCTL_XFRM_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xfrm_nl.h"
#include "xfrm_table.h"

struct xundo;

struct xtxn {
	struct xnl *nl;
	struct xundo *undo;
	size_t n, cap;
	unsigned int added, updated, removed;
	char why[800];		/* the failed change and the kernel's ack */
};

void xtxn_begin(struct xtxn *t, struct xnl *nl);
/* Each returns 0 or -errno with t->why naming the object and @who. */
int xtxn_add_sa(struct xtxn *t, const struct xsa *sa, const char *who);
int xtxn_del_sa(struct xtxn *t, const struct xsa *sa, const char *who);
int xtxn_add_sp(struct xtxn *t, const struct xsp *sp, const char *who);
int xtxn_upd_sp(struct xtxn *t, const struct xsp *sp, const struct xsp *old,
		const char *who);
int xtxn_del_sp(struct xtxn *t, const struct xsp *sp, const char *who);
/* Undoes every change, newest first; appends failures to t->why. */
void xtxn_rollback(struct xtxn *t);
/* Forgets the journal (the changes stay). */
void xtxn_end(struct xtxn *t);

enum xrec_what { XREC_NEW, XREC_CHANGED, XREC_SAME, XREC_REMOVED };

/*
 * Brings the kernel to the tunnels of @want (ids assigned, keys loaded)
 * and removes the objects of every other id for which @stale(id) is
 * true. @k is the kernel's state before. All or nothing: on failure
 * every change is undone and @txn->why says what failed. @note (may be
 * NULL) hears about each tunnel: new, changed, unchanged or removed
 * (@t NULL then, only the id).
 */
int xrec_apply(struct xtxn *txn, const struct xdump *k,
	       const struct ttable *want,
	       bool (*stale)(uint32_t id, void *arg), void *sarg,
	       void (*note)(void *arg, enum xrec_what what, uint32_t id,
			    const struct tunnel *t, unsigned int nops),
	       void *narg);

/*
 * Gives every tunnel of @want without an id one of class @cli: the id
 * that @state (may be NULL) has for its name, else the id of unclaimed
 * kernel SAs that match its SPIs (a tunnel found again without the
 * state file), else the lowest free one. 0 or -1 (@err).
 */
int xrec_assign(struct ttable *want, const struct ttable *state,
		const struct xdump *k, bool cli, char *err, size_t len);

/*
 * Refuses SPIs that an SA not in @want's own ids already holds (a
 * foreign SA, or another segctl tunnel): -1 and @err naming the tunnel,
 * the SPI and the holder.
 */
int xrec_check_spis(const struct ttable *want, const struct xdump *k,
		    char *err, size_t len);

#endif /* _SEGCTL_XFRM_APPLY_H */
