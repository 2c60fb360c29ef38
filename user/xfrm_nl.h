/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NETLINK_XFRM through libnl-3: one request and its ack (with the
 * kernel's extended ack message), dumps of SAs and policies into
 * struct xsa / struct xsp arrays, and the event socket of "segctl run".
 * Messages are built with libnl-xfrm where it can (SAs, policy adds);
 * a policy is deleted by selector with a message of our own (libnl-xfrm
 * deletes by index only, which the kernel does not return on add).
 */
#ifndef _SEGCTL_XFRM_NL_H
#define _SEGCTL_XFRM_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xfrm_obj.h"

struct nl_sock;
struct nl_msg;

struct xnl {
	struct nl_sock *sk;
	uint32_t port;		/* our netlink port id */
	char why[400];		/* why the last call failed */
};

/* Opens an XFRM socket; @groups: XFRMNLGRP_* bits to listen to. */
int xnl_open(struct xnl *x, uint32_t groups);
void xnl_close(struct xnl *x);
int xnl_fd(const struct xnl *x);

/* Sends @msg (freed) and waits for the ack; 0 or -errno, x->why set. */
int xnl_talk(struct xnl *x, struct nl_msg *msg);

int xnl_add_sa(struct xnl *x, const struct xsa *sa);
int xnl_del_sa(struct xnl *x, const struct xsa *sa);
/* 1 if the kernel has an SA with @sa's address, SPI and protocol. */
int xnl_has_sa(struct xnl *x, const struct xsa *sa);
/* NEWPOLICY (fails with -EEXIST on a duplicate) or UPDPOLICY. */
int xnl_add_sp(struct xnl *x, const struct xsp *sp, bool update);
int xnl_del_sp(struct xnl *x, const struct xsp *sp);

/* Every SA and policy of this network namespace, segctl's or not. */
struct xdump {
	struct xsa *sa;
	size_t nsa, capsa;
	struct xsp *sp;
	size_t nsp, capsp;
};

int xnl_dump(struct xnl *x, struct xdump *d);
/* Frees the arrays, keys wiped. */
void xdump_free(struct xdump *d);

/*
 * Reads what is waiting on an event socket (non-blocking) and calls @cb
 * with each message. Returns 0, or -ENOBUFS when events were lost.
 */
int xnl_events(struct xnl *x, void (*cb)(struct nl_msg *msg, void *arg),
	       void *arg);

#endif /* _SEGCTL_XFRM_NL_H */
