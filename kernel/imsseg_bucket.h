/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Token bucket rate limiter: the pure logic behind per-source flood
 * protection. Compiles unchanged in the kernel module and on the host.
 *
 * Units. Instead of counting tokens in nanoseconds of "cost" (as
 * nft_limit, xt_hashlimit and WireGuard do with cost = NSEC_PER_SEC / rate,
 * which truncates: at 7,000,000 pps the cost would be 142 ns instead of
 * 142.857 ns and the limiter would pass 0.6% too much), a bucket holds
 * credit units: one packet costs IMSSEG_BUCKET_UNIT (= 10^9) units and the
 * bucket gains cfg->rate units per nanosecond. A second of refill then is
 * exactly rate * 10^9 units = rate packets, for every rate: there is no
 * rounding anywhere, the hot path has no division, and the number of
 * packets a bucket holds does not depend on the rate, so the rate can be
 * changed at run time without rescaling buckets.
 *
 * Why not GCRA (one u64 "theoretical arrival time" per bucket)? In integer
 * nanoseconds its emission interval 10^9 / rate has the same rounding
 * error; an exact GCRA needs a fractional part (a second word) or a
 * timestamp scaled by the rate, which overflows u64 (10^18 ns of uptime *
 * 10^7 pps). So the state is two u64 words (16 bytes): the time of the
 * last refill and the credit. GCRA's one advantage, a single word that
 * could be updated with cmpxchg, is lost anyway on the 16-byte state.
 *
 * Concurrency: the functions are not atomic. The caller serialises all
 * calls on one bucket (per-entry spinlock, or a per-CPU bucket). A cfg
 * may be replaced while buckets exist (see imsseg_bucket_take()), but a
 * reader must see a consistent cfg: copy it under a lock or RCU-publish
 * a new one instead of writing fields in place.
 *
 * Clock: now_ns comes from the caller (ktime_get_ns() or similar,
 * monotonic). With a coarse clock (ktime_get_coarse_*: one tick, up to
 * 10 ms) time advances in steps of a tick and the bucket cannot hold more
 * than burst packets, so the rate actually reached is at most
 * burst / tick: choose burst >= rate * tick or use a fine clock.
 */
#ifndef _IMSSEG_BUCKET_H
#define _IMSSEG_BUCKET_H

#include "imsseg_pure.h"

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/math64.h>
#include <linux/overflow.h>
/* u64 / u64: div64_u64() in the kernel (32-bit safe), plain / on the host */
#define imsseg_div64_u64(a, b)		div64_u64(a, b)
#define imsseg_mul_overflow(a, b, d)	check_mul_overflow(a, b, d)
#define imsseg_add_overflow(a, b, d)	check_add_overflow(a, b, d)
#else
#include <assert.h>
#include <errno.h>
#define imsseg_div64_u64(a, b)		((u64)(a) / (u64)(b))
#define imsseg_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)
#define imsseg_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#endif

/* Credit of one packet, in units; the bucket gains rate units per ns. */
#define IMSSEG_BUCKET_UNIT	1000000000ULL

/* Valid configuration: rate 1..RATE_MAX pps, burst 1..BURST_MAX packets. */
#define IMSSEG_BUCKET_RATE_MAX	10000000U
#define IMSSEG_BUCKET_BURST_MAX	100000000U

/*
 * A validated configuration, shared by many buckets. Set it only with
 * imsseg_bucket_cfg_set(). An all-zero cfg (rate 0) is a disabled
 * limiter: every packet passes.
 *
 * A bucket holds up to max_credit = capacity + rate - 1 units: burst
 * packets plus less than one nanosecond of refill, never a whole packet
 * more (rate <= 10^7 < 10^9). Without that slack a bucket refilled past
 * a packet boundary within a nanosecond would lose the remainder: a
 * burst-1 bucket at 3,000,000 pps would pass one packet per 334 ns
 * instead of 3 per 1000 ns.
 */
struct imsseg_bucket_cfg {
	u64 capacity;	/* burst * IMSSEG_BUCKET_UNIT: a full bucket */
	u64 max_credit;	/* capacity + rate - 1 */
	u64 fill_ns;	/* ceil(max_credit / rate): refill from empty to max */
	u32 rate;	/* packets per second, 0 = disabled */
	u32 burst;	/* packets a full bucket passes back to back */
};

/*
 * One bucket: 16 bytes. Initialise it with imsseg_bucket_init(), which
 * makes it full; an all-zero bucket is empty at time 0 and full only once
 * now_ns >= cfg->fill_ns.
 */
struct imsseg_bucket {
	u64 last_ns;	/* time of the last refill */
	u64 credit;	/* credit units, at most cfg->max_credit */
};

/*
 * Validate and set a configuration. rate_pps 0 disables the limiter
 * (every packet passes; burst is then ignored). Otherwise rate_pps must be
 * 1..IMSSEG_BUCKET_RATE_MAX and burst 1..IMSSEG_BUCKET_BURST_MAX. Both are
 * u64 so that a value truncated or wrapped by the caller ((u64)-1,
 * 2^32 + 5) is rejected instead of silently narrowed. Returns 0, -EINVAL
 * (burst 0 with a non-zero rate) or -ERANGE (a value above its maximum, or
 * an overflow of the derived values, impossible with the limits above but
 * checked anyway); on error *cfg is left unchanged.
 */
int imsseg_bucket_cfg_set(struct imsseg_bucket_cfg *cfg, u64 rate_pps,
			  u64 burst);

/* Start a new bucket, full: credit = capacity, burst packets at once. */
void imsseg_bucket_init(struct imsseg_bucket *b,
			const struct imsseg_bucket_cfg *cfg, u64 now_ns);

/*
 * Account one packet at now_ns. Returns true if it conforms (pass), false
 * if it is over the limit. Exact: at constant overload a bucket started
 * full at t0 passes burst + floor(rate * (t - t0) / 10^9) packets up to t.
 *
 * Config changes: credit is kept in packets, so a new rate applies from
 * the next call on and a smaller burst clamps the credit to the new burst.
 *
 * Time going backwards (now_ns < last refill): no credit is gained. A step
 * back of at most cfg->fill_ns (jitter between CPUs) keeps the last refill
 * time, so no time is credited twice; a larger jump restarts the timeline
 * at now_ns, so a bucket never stalls for longer than fill_ns. Either way
 * a bucket never holds more than burst packets.
 */
bool imsseg_bucket_take(struct imsseg_bucket *b,
			const struct imsseg_bucket_cfg *cfg, u64 now_ns);

/*
 * Nanoseconds until the bucket is full again (holds burst packets) if no
 * packet arrives; 0: full now. A full bucket carries no state (a new one
 * starts full), so the caller may evict it. Read-only; one u64 division.
 */
u64 imsseg_bucket_full_in_ns(const struct imsseg_bucket *b,
			     const struct imsseg_bucket_cfg *cfg, u64 now_ns);

/* Same as imsseg_bucket_full_in_ns() == 0, without a division. */
bool imsseg_bucket_is_full(const struct imsseg_bucket *b,
			   const struct imsseg_bucket_cfg *cfg, u64 now_ns);

#endif /* _IMSSEG_BUCKET_H */
