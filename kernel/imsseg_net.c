// SPDX-License-Identifier: GPL-2.0
/*
 * Per-network-namespace state: struct imsseg_net (interface roles and
 * the allow/block lists), one per netns through pernet_operations with
 * .id/.size.
 *
 * Ordering. imsseg_hooks.c registers the hooks with pernet operations
 * of its own. This subsystem is registered first (imsseg_main.c), so in
 * every netns its init runs before the hooks' and its exit after them:
 * a hook never runs in a netns whose state is missing or freed.
 * The netdevice notifier is registered after the pernet operations and
 * unregistered before them, so it always finds the state too.
 */

#include <linux/module.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "imsseg_lists.h"
#include "imsseg_netstate.h"
#include "imsseg_roles.h"

static unsigned int imsseg_net_id __read_mostly;

struct imsseg_net *imsseg_net(const struct net *net)
{
	return net_generic(net, imsseg_net_id);
}

static int __net_init imsseg_netstate_net_init(struct net *net)
{
	struct imsseg_net *in = imsseg_net(net);

	imsseg_roles_net_init(in);
	return imsseg_lists_net_init(&in->lists);
}

static void __net_exit imsseg_netstate_net_exit(struct net *net)
{
	struct imsseg_net *in = imsseg_net(net);

	imsseg_lists_net_exit(&in->lists);
	imsseg_roles_net_exit(in);
}

static struct pernet_operations imsseg_netstate_ops = {
	.init = imsseg_netstate_net_init,
	.exit = imsseg_netstate_net_exit,
	.id = &imsseg_net_id,
	.size = sizeof(struct imsseg_net),
};

int imsseg_netstate_init(void)
{
	int err;

	err = imsseg_lists_init();
	if (err)
		return err;
	err = register_pernet_subsys(&imsseg_netstate_ops);
	if (err)
		goto err_lists;
	err = imsseg_roles_init();
	if (err)
		goto err_pernet;
	return 0;

err_pernet:
	unregister_pernet_subsys(&imsseg_netstate_ops);
err_lists:
	imsseg_lists_exit();
	return err;
}

void imsseg_netstate_exit(void)
{
	imsseg_roles_exit();
	unregister_pernet_subsys(&imsseg_netstate_ops);
	imsseg_lists_exit();
}
