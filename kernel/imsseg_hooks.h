/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IMSSEG_HOOKS_H
#define _IMSSEG_HOOKS_H

/* Registers the IPv4/IPv6 hooks in every current and future netns. */
int imsseg_hooks_init(void);
void imsseg_hooks_exit(void);

#endif /* _IMSSEG_HOOKS_H */
