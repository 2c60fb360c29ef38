/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-netns interface roles, keyed by ifindex. The hook reads them with
 * imsseg_role_get() (imsseg_net.h); writers hold RTNL, so a role can
 * only be set on a registered device and is dropped when it unregisters.
 */
#ifndef _IMSSEG_ROLES_H
#define _IMSSEG_ROLES_H

#include <linux/types.h>
#include <linux/imsseg.h>

struct imsseg_net;

void imsseg_roles_net_init(struct imsseg_net *in);
void imsseg_roles_net_exit(struct imsseg_net *in);

/* Sets (or with IMSSEG_ROLE_NONE removes) a role. Caller holds RTNL. */
int imsseg_roles_set(struct imsseg_net *in, int ifindex,
		     enum imsseg_role role);

/*
 * The first interface with a role at or after *ifindex: true and
 * *ifindex, *role set, or false when there is none.
 */
bool imsseg_roles_next(struct imsseg_net *in, unsigned long *ifindex,
		       enum imsseg_role *role);

/* The netdevice notifier that drops the role of an unregistering device. */
int imsseg_roles_init(void);
void imsseg_roles_exit(void);

#endif /* _IMSSEG_ROLES_H */
