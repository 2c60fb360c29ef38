/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-netns state behind imsseg_net.h, for the control-plane files
 * (imsseg_net.c, imsseg_roles.c, imsseg_lists.c, imsseg_genl.c). The
 * data plane sees struct imsseg_net only through imsseg_net.h.
 */
#ifndef _IMSSEG_NETSTATE_H
#define _IMSSEG_NETSTATE_H

#include <linux/xarray.h>

#include "imsseg_lists.h"
#include "imsseg_net.h"

struct imsseg_net {
	/* ifindex -> xa_mk_value(enum imsseg_role); writers hold RTNL */
	struct xarray roles;
	struct imsseg_lists lists;
};

/*
 * Module init/exit of the per-netns state: pernet operations (every
 * netns gets a struct imsseg_net before any hook can run in it), the
 * netdevice notifier and the lists' sysfs knob. Call after
 * imsseg_sysfs_init() and before imsseg_hooks_init().
 */
int imsseg_netstate_init(void);
void imsseg_netstate_exit(void);

#endif /* _IMSSEG_NETSTATE_H */
