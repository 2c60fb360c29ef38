/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IMSSEG_SELFTEST_H
#define _IMSSEG_SELFTEST_H

#include <linux/types.h>

/*
 * Runs the pure logic's shared case tables in the kernel build (module
 * parameter selftest=1): the same tables the host unit tests run, so
 * both builds are held to the same verdicts. 0 or -EINVAL.
 */
int imsseg_selftest_run(void);

#endif /* _IMSSEG_SELFTEST_H */
