/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IMSSEG_GENL_H
#define _IMSSEG_GENL_H

/*
 * Registers the generic netlink family IMSSEG_GENL_NAME (roles, lists).
 * Call after imsseg_netstate_init(): requests use the per-netns state.
 */
int imsseg_genl_init(void);
void imsseg_genl_exit(void);

#endif /* _IMSSEG_GENL_H */
