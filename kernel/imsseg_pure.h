/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types and helpers for the "pure" files: logic that compiles unchanged
 * in the kernel module and in host programs (unit tests, fuzzers,
 * callgrind benchmarks). A pure file includes only this header and its
 * own; it never allocates, sleeps, locks or touches an skb.
 */
#ifndef _IMSSEG_PURE_H
#define _IMSSEG_PURE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/compiler.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef min_t
/* The type is named once: checkpatch's MACRO_ARG_REUSE stays quiet. */
#define min_t(t, a, b) \
	({ t __m[2] = { (a), (b) }; __m[0] < __m[1] ? __m[0] : __m[1]; })
#define max_t(t, a, b) \
	({ t __m[2] = { (a), (b) }; __m[0] > __m[1] ? __m[0] : __m[1]; })
#endif
#endif /* __KERNEL__ */

#endif /* _IMSSEG_PURE_H */
