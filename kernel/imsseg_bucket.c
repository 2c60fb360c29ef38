// SPDX-License-Identifier: GPL-2.0
/*
 * Token bucket rate limiter, pure logic. See imsseg_bucket.h for the
 * units, the clock and the locking rules.
 */
#include "imsseg_pure.h"
#include "imsseg_bucket.h"

/*
 * The refill never overflows: it multiplies elapsed * rate only while
 * elapsed < fill_ns, so the product is below max_credit, which fits in
 * u64 for every valid burst and rate (cfg_set checks it anyway).
 */
static_assert(IMSSEG_BUCKET_BURST_MAX <
	      (~0ULL - IMSSEG_BUCKET_RATE_MAX) / IMSSEG_BUCKET_UNIT,
	      "max_credit must fit in u64");
static_assert(IMSSEG_BUCKET_RATE_MAX <= IMSSEG_BUCKET_UNIT,
	      "the sub-ns slack must be less than a packet");

int imsseg_bucket_cfg_set(struct imsseg_bucket_cfg *cfg, u64 rate_pps,
			  u64 burst)
{
	u64 capacity, max_credit, fill;

	if (!rate_pps) {
		memset(cfg, 0, sizeof(*cfg));
		return 0;
	}
	if (rate_pps > IMSSEG_BUCKET_RATE_MAX)
		return -ERANGE;
	if (!burst)
		return -EINVAL;
	if (burst > IMSSEG_BUCKET_BURST_MAX)
		return -ERANGE;
	if (imsseg_mul_overflow(burst, IMSSEG_BUCKET_UNIT, &capacity))
		return -ERANGE;
	if (imsseg_add_overflow(capacity, rate_pps - 1, &max_credit))
		return -ERANGE;
	/* fill_ns = ceil(max_credit / rate) */
	if (imsseg_add_overflow(max_credit, rate_pps - 1, &fill))
		return -ERANGE;
	cfg->capacity = capacity;
	cfg->max_credit = max_credit;
	cfg->fill_ns = imsseg_div64_u64(fill, rate_pps);
	cfg->rate = (u32)rate_pps;
	cfg->burst = (u32)burst;
	return 0;
}

void imsseg_bucket_init(struct imsseg_bucket *b,
			const struct imsseg_bucket_cfg *cfg, u64 now_ns)
{
	b->last_ns = now_ns;
	b->credit = cfg->capacity;
}

/*
 * The credit of @b at @now_ns and the new last refill time (*last). Does
 * not modify @b.
 */
static u64 imsseg_bucket_refill(const struct imsseg_bucket *b,
				const struct imsseg_bucket_cfg *cfg,
				u64 now_ns, u64 *last)
{
	u64 credit = min_t(u64, b->credit, cfg->max_credit);
	u64 elapsed, gain;

	if (unlikely(now_ns < b->last_ns)) {
		/* Clock went backwards: no credit; see imsseg_bucket_take(). */
		if (b->last_ns - now_ns > cfg->fill_ns)
			*last = now_ns;
		else
			*last = b->last_ns;
		return credit;
	}
	elapsed = now_ns - b->last_ns;
	*last = now_ns;
	if (elapsed >= cfg->fill_ns)
		return cfg->max_credit;
	gain = elapsed * cfg->rate;	/* < max_credit: no overflow */
	if (gain >= cfg->max_credit - credit)
		return cfg->max_credit;
	return credit + gain;
}

bool imsseg_bucket_take(struct imsseg_bucket *b,
			const struct imsseg_bucket_cfg *cfg, u64 now_ns)
{
	u64 credit, last;

	if (unlikely(!cfg->rate))
		return true;
	credit = imsseg_bucket_refill(b, cfg, now_ns, &last);
	b->last_ns = last;
	if (credit >= IMSSEG_BUCKET_UNIT) {
		b->credit = credit - IMSSEG_BUCKET_UNIT;
		return true;
	}
	b->credit = credit;
	return false;
}

u64 imsseg_bucket_full_in_ns(const struct imsseg_bucket *b,
			     const struct imsseg_bucket_cfg *cfg, u64 now_ns)
{
	u64 credit, missing, last;

	if (!cfg->rate)
		return 0;
	credit = imsseg_bucket_refill(b, cfg, now_ns, &last);
	if (credit >= cfg->capacity)
		return 0;
	missing = cfg->capacity - credit;
	/*
	 * Refill resumes at last (later than now_ns if the clock went
	 * back). missing <= capacity, so the rounding cannot overflow.
	 */
	return imsseg_div64_u64(missing + cfg->rate - 1, cfg->rate) +
	       (last - now_ns);
}

bool imsseg_bucket_is_full(const struct imsseg_bucket *b,
			   const struct imsseg_bucket_cfg *cfg, u64 now_ns)
{
	u64 last;

	if (!cfg->rate)
		return true;
	return imsseg_bucket_refill(b, cfg, now_ns, &last) >= cfg->capacity;
}
