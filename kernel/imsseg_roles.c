// SPDX-License-Identifier: GPL-2.0
/*
 * Interface roles, per network namespace.
 *
 * An xarray maps ifindex to the role, stored as a value entry: the hook
 * reads it with xa_load(), lock-free under RCU. Writers (netlink and the
 * netdevice notifier) hold RTNL, which is what ties a role to a device:
 * netlink resolves the device and stores its role under RTNL, and the
 * notifier erases the role on NETDEV_UNREGISTER under RTNL. A device
 * that is deleted, or moved to another netns (which unregisters it from
 * the old one), therefore loses its role before its ifindex can be
 * reused; a device never inherits the role of an earlier one.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/xarray.h>

#include "imsseg_netstate.h"
#include "imsseg_roles.h"

enum imsseg_role imsseg_role_get(const struct imsseg_net *in, int ifindex)
{
	void *entry;

	if (ifindex <= 0)
		return IMSSEG_ROLE_NONE;
	/* xa_load() does not write the xarray; it only lacks a const. */
	entry = xa_load((struct xarray *)&in->roles, ifindex);
	return xa_is_value(entry) ? xa_to_value(entry) : IMSSEG_ROLE_NONE;
}

int imsseg_roles_set(struct imsseg_net *in, int ifindex,
		     enum imsseg_role role)
{
	ASSERT_RTNL();
	if (ifindex <= 0 || role >= __IMSSEG_ROLE_MAX)
		return -EINVAL;
	if (role == IMSSEG_ROLE_NONE) {
		xa_erase(&in->roles, ifindex);
		return 0;
	}
	return xa_err(xa_store(&in->roles, ifindex, xa_mk_value(role),
			       GFP_KERNEL));
}

bool imsseg_roles_next(struct imsseg_net *in, unsigned long *ifindex,
		       enum imsseg_role *role)
{
	void *entry = xa_find(&in->roles, ifindex, INT_MAX, XA_PRESENT);

	if (!entry)
		return false;
	*role = xa_to_value(entry);
	return true;
}

void imsseg_roles_net_init(struct imsseg_net *in)
{
	xa_init(&in->roles);
}

void imsseg_roles_net_exit(struct imsseg_net *in)
{
	/* Devices are gone (pernet device exit runs before subsys exit). */
	xa_destroy(&in->roles);
}

static int imsseg_roles_netdev_event(struct notifier_block *nb,
				     unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_UNREGISTER)
		xa_erase(&imsseg_net(dev_net(dev))->roles, dev->ifindex);
	return NOTIFY_DONE;
}

static struct notifier_block imsseg_roles_nb = {
	.notifier_call = imsseg_roles_netdev_event,
};

int imsseg_roles_init(void)
{
	return register_netdevice_notifier(&imsseg_roles_nb);
}

void imsseg_roles_exit(void)
{
	unregister_netdevice_notifier(&imsseg_roles_nb);
}
