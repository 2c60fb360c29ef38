/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tunnel state file: names and specs of segctl's tunnels by id, in
 * $IMSSEG_RUNDIR (default /run/imsseg) as xfrm-<netns>.state, one per
 * network namespace (XFRM state is per namespace). It is a convenience,
 * not the truth: the kernel's objects carry their tunnel ids
 * (xfrm_own.h) and "segctl run" rebuilds names from its config when
 * the file is gone. Every change takes xfrm-<netns>.lock (flock).
 *
 *   # written by segctl; do not edit
 *   ID NAME WORDS...    (WORDS as for "tunnel add NAME WORDS...")
 */
#ifndef _SEGCTL_XFRM_STORE_H
#define _SEGCTL_XFRM_STORE_H

#include <stddef.h>

#include "xfrm_table.h"

/* "$IMSSEG_RUNDIR/xfrm-<netns inode>.<suffix>"; -1 on error. */
int xstore_path(const char *suffix, char *buf, size_t len);

/* Creates the directory (0700) and takes the lock: an fd, or -1. */
int xstore_lock(char *err, size_t len);
void xstore_unlock(int fd);

/* Tunnels of the state file into @tt (ids, names, specs; no keys). */
int xstore_read(struct ttable *tt, char *err, size_t len);

/* Replaces the state file with @tt (written aside, then renamed). */
int xstore_write(const struct ttable *tt, char *err, size_t len);

#endif /* _SEGCTL_XFRM_STORE_H */
