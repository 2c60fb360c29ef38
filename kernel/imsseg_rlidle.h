/* SPDX-License-Identifier: GPL-2.0 */
/*
 * When a per-source table entry becomes idle (imsseg_ratelimit.c): pure
 * logic, also built by the host unit test tests/unit/test_rlidle.c.
 *
 * An entry is idle when all its used buckets are full and its escalation
 * state is idle (imsseg_rl_idle_now()). That test needs the entry lock
 * and one refill per bucket; the GC runs it on every entry each second
 * and an insert into a full table on every entry of its chain. When it
 * finds an entry busy it also computes imsseg_rl_idle_from(), a time
 * before which the entry cannot become idle, and keeps it in the entry
 * (imsseg_rl_idle_pack()), so that the next tests before that time
 * answer "busy" from one lock-free load (imsseg_rl_idle_busy()).
 *
 * Why a lower bound stays one: a take, a refused take or a drop only
 * moves an entry's idle time later (the full time of a bucket after a
 * take is its full time before plus the cost of one packet; a drop moves
 * the streak's end or sets a ban longer than the gap); with a monotonic
 * clock nothing moves it earlier but a new configuration (faster refill,
 * smaller burst, bans disabled). The cached time is therefore tagged
 * with the generation of the limits it was computed with
 * (struct imsseg_limits gen) and ignored under any other. A "maybe
 * idle" answer always falls back to the exact test.
 */
#ifndef _IMSSEG_RLIDLE_H
#define _IMSSEG_RLIDLE_H

#include "imsseg_pure.h"
#include "imsseg_bucket.h"
#include "imsseg_escalate.h"

/*
 * The cached word: the time rounded down to 2^20 ns (about 1 ms) in the
 * high bits, the low 20 bits of the limits generation in the low bits.
 * 0 (a new entry) never says busy. A generation that comes back after
 * 2^20 configuration changes could reuse a stale time: that could only
 * keep an entry (it was busy under some configuration), never remove
 * one early.
 */
#define IMSSEG_RL_IDLE_SHIFT	20
#define IMSSEG_RL_IDLE_GEN	((1ULL << IMSSEG_RL_IDLE_SHIFT) - 1)

static inline u64 imsseg_rl_idle_pack(u64 from_ns, u32 gen)
{
	return (from_ns & ~IMSSEG_RL_IDLE_GEN) | (gen & IMSSEG_RL_IDLE_GEN);
}

/* Is the entry certainly busy at @now_ns, by its cached @word? */
static inline bool imsseg_rl_idle_busy(u64 word, u32 gen, u64 now_ns)
{
	return (word & IMSSEG_RL_IDLE_GEN) == (gen & IMSSEG_RL_IDLE_GEN) &&
	       now_ns < (word & ~IMSSEG_RL_IDLE_GEN);
}

/*
 * The exact test: the escalation state and every bucket b[i] with a
 * cfg[i] (NULL: unused) idle at @now_ns.
 */
static inline bool imsseg_rl_idle_now(const struct imsseg_bucket *b,
				      const struct imsseg_bucket_cfg *const *cfg,
				      unsigned int n,
				      const struct imsseg_esc *esc, u64 now_ns)
{
	unsigned int i;

	if (!imsseg_esc_idle(esc, now_ns))
		return false;
	for (i = 0; i < n; i++)
		if (cfg[i] && !imsseg_bucket_is_full(&b[i], cfg[i], now_ns))
			return false;
	return true;
}

/*
 * A time before which the same state cannot be idle (at least @now_ns):
 * the latest of the buckets' full times, the end of a ban and the end of
 * a streak (its last drop plus the gap; idle only after that).
 */
static inline u64 imsseg_rl_idle_from(const struct imsseg_bucket *b,
				      const struct imsseg_bucket_cfg *const *cfg,
				      unsigned int n,
				      const struct imsseg_esc *esc, u64 now_ns)
{
	u64 t = now_ns, f;
	unsigned int i;

	if (esc->ban_until_ns > t)
		t = esc->ban_until_ns;
	if (esc->streak_ns && esc->last_drop_ns + IMSSEG_ESC_GAP_NS > t)
		t = esc->last_drop_ns + IMSSEG_ESC_GAP_NS;
	for (i = 0; i < n; i++) {
		if (!cfg[i])
			continue;
		f = now_ns + imsseg_bucket_full_in_ns(&b[i], cfg[i], now_ns);
		if (f > t)
			t = f;
	}
	return t;
}

#endif /* _IMSSEG_RLIDLE_H */
