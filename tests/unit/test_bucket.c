// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the token bucket (kernel/imsseg_bucket.c) on a fake
 * clock. The reference for "exact" is 128-bit arithmetic:
 * a bucket started full at t0 under constant overload has passed
 * burst + floor(rate * (t - t0) / 10^9) packets at t.
 */
#include <stdint.h>
#include <stdlib.h>

#include "unit.h"
#include "imsseg_bucket.h"

#define NS 1000000000ULL

struct rb {
	u64 rate, burst;
};

static const struct rb shapes[] = {
	{ 1, 1 }, { 1, 5 }, { 3, 2 }, { 7, 1 }, { 100, 10 }, { 999, 3 },
	{ 65537, 17 }, { 999983, 7 }, { 1000000, 1000 }, { 3000000, 1 },
	{ 7000000, 3 }, { 10000000, 1 }, { 10000000, 1000 },
	{ 10000000, 1000000 },
};

/* Time of the k-th refilled packet after a full start at t0. */
static u64 nth_ns(u64 t0, u64 rate, u64 k)
{
	return t0 + (u64)(((unsigned __int128)k * NS + rate - 1) / rate);
}

/* Packets allowed by time t for a bucket started full at t0. */
static u64 allowed(u64 t0, u64 t, u64 rate, u64 burst)
{
	return burst + (u64)((unsigned __int128)(t - t0) * rate / NS);
}

static void test_layout(void)
{
	struct imsseg_bucket_cfg zero_cfg;
	struct imsseg_bucket b = { 0, 0 };
	unsigned int i;

	CHECK_EQ(sizeof(struct imsseg_bucket), 16);
	/* An all-zero cfg is a disabled limiter: everything passes. */
	memset(&zero_cfg, 0, sizeof(zero_cfg));
	for (i = 0; i < 1000; i++)
		CHECK(imsseg_bucket_take(&b, &zero_cfg, i));
	CHECK(imsseg_bucket_is_full(&b, &zero_cfg, 5));
	CHECK_EQ(imsseg_bucket_full_in_ns(&b, &zero_cfg, 5), 0);
}

struct cfg_case {
	u64 rate, burst;
	int rc;
};

static void test_cfg_validation(void)
{
	static const struct cfg_case cases[] = {
		{ 0, 0, 0 },				/* disabled */
		{ 0, 5, 0 },				/* disabled, burst ignored */
		{ 0, ~0ULL, 0 },
		{ 1, 1, 0 },
		{ 10000000, 1, 0 },
		{ 1, 100000000, 0 },
		{ 10000000, 100000000, 0 },
		{ 1, 0, -EINVAL },
		{ 10000000, 0, -EINVAL },
		{ 10000001, 1, -ERANGE },
		{ 1, 100000001, -ERANGE },
		{ ~0ULL, 1, -ERANGE },			/* -1 */
		{ 1, ~0ULL, -ERANGE },
		{ (u64)-5, 5, -ERANGE },
		{ 5, (u64)-5, -ERANGE },
		{ (1ULL << 32) + 5, 10, -ERANGE },	/* u32 truncation */
		{ 10, (1ULL << 32) + 10, -ERANGE },
		{ 1ULL << 32, 1ULL << 32, -ERANGE },	/* product wraps to 0 */
		{ 1ULL << 63, 2, -ERANGE },		/* product wraps to 0 */
		{ 2, 1ULL << 63, -ERANGE },
		{ ~0ULL, ~0ULL, -ERANGE },		/* product wraps to 1 */
		{ 18446744073ULL, 1000000000ULL, -ERANGE },
		{ 10000000, 1ULL << 40, -ERANGE },	/* capacity overflow */
		{ 1ULL << 40, 0, -ERANGE },
	};
	struct imsseg_bucket_cfg cfg, before;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		CHECK(!imsseg_bucket_cfg_set(&cfg, 100, 10));
		before = cfg;
		CHECK_EQ(imsseg_bucket_cfg_set(&cfg, cases[i].rate,
					       cases[i].burst), cases[i].rc);
		if (cases[i].rc) {
			CHECK(!memcmp(&cfg, &before, sizeof(cfg)));
			if (memcmp(&cfg, &before, sizeof(cfg)))
				printf("# case %u changed cfg\n", i);
		} else {
			CHECK_EQ(cfg.rate, cases[i].rate);
			CHECK_EQ(cfg.burst, cases[i].rate ? cases[i].burst : 0);
		}
	}

	/* Derived values */
	CHECK(!imsseg_bucket_cfg_set(&cfg, 3, 2));
	CHECK_EQ(cfg.capacity, 2 * NS);
	CHECK_EQ(cfg.max_credit, 2 * NS + 2);
	CHECK_EQ(cfg.fill_ns, 666666668);	/* ceil((2e9 + 2) / 3) */
	CHECK(!imsseg_bucket_cfg_set(&cfg, 10000000, 100000000));
	CHECK_EQ(cfg.capacity, 100000000ULL * NS);
	CHECK_EQ(cfg.max_credit, 100000000ULL * NS + 9999999);
	CHECK_EQ(cfg.fill_ns, 10 * NS + 1);
	CHECK(!imsseg_bucket_cfg_set(&cfg, 1, 100000000));
	CHECK_EQ(cfg.max_credit, 100000000ULL * NS);
	CHECK_EQ(cfg.fill_ns, 100000000ULL * NS);
	CHECK(!imsseg_bucket_cfg_set(&cfg, 0, 7));
	CHECK_EQ(cfg.rate, 0);
	CHECK_EQ(cfg.capacity, 0);
}

/*
 * At ns resolution: burst packets pass at t0, then the k-th more passes
 * exactly at t0 + ceil(k * 10^9 / rate), not 1 ns earlier, and only one.
 */
static void run_exact(u64 t0, u64 rate, u64 burst, u64 npkts)
{
	struct imsseg_bucket_cfg cfg;
	struct imsseg_bucket b;
	u64 k, t, bad = 0, passed = 0;

	CHECK(!imsseg_bucket_cfg_set(&cfg, rate, burst));
	imsseg_bucket_init(&b, &cfg, t0);
	for (k = 0; k < burst; k++)
		passed += imsseg_bucket_take(&b, &cfg, t0);
	CHECK_EQ(passed, burst);
	CHECK(!imsseg_bucket_take(&b, &cfg, t0));
	for (k = 1; k <= npkts && bad < 5; k++) {
		t = nth_ns(t0, rate, k);
		if (imsseg_bucket_take(&b, &cfg, t - 1))
			bad++;
		if (!imsseg_bucket_take(&b, &cfg, t))
			bad++;
		if (imsseg_bucket_take(&b, &cfg, t))
			bad++;
		if (bad)
			printf("# rate %llu burst %llu: packet %llu at %llu\n",
			       (unsigned long long)rate,
			       (unsigned long long)burst,
			       (unsigned long long)k,
			       (unsigned long long)(t - t0));
	}
	CHECK_EQ(bad, 0);
}

static void test_exact_ns(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(shapes); i++) {
		u64 n = shapes[i].rate < 200000 ? 200000 : 2000000;

		run_exact(0, shapes[i].rate, shapes[i].burst, n);
		/* late start: no absolute-time arithmetic may overflow */
		run_exact(1000000000000000000ULL, shapes[i].rate,
			  shapes[i].burst, 20000);
		run_exact(~0ULL - nth_ns(0, shapes[i].rate, 20001),
			  shapes[i].rate, shapes[i].burst, 20000);
	}
}

/*
 * Constant overload with random arrival gaps: at each arrival, offer
 * packets until one is refused. The count must always equal the formula
 * exactly, as long as gaps are short enough that a drained bucket does
 * not overflow (gap * rate <= (burst - 1) packets, or 1 ns for burst 1).
 */
static void test_overload_drain(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(shapes); i++) {
		u64 rate = shapes[i].rate, burst = shapes[i].burst;
		u64 maxgap = (burst - 1) * NS / rate, t0 = 12345, t = t0;
		u64 passed = 0, steps, bad = 0;
		struct imsseg_bucket_cfg cfg;
		struct imsseg_bucket b;

		if (!maxgap)
			maxgap = 1;
		CHECK(!imsseg_bucket_cfg_set(&cfg, rate, burst));
		imsseg_bucket_init(&b, &cfg, t0);
		for (steps = 0; steps < 300000 && passed < 3000000; steps++) {
			while (imsseg_bucket_take(&b, &cfg, t))
				passed++;
			if (passed != allowed(t0, t, rate, burst)) {
				bad++;
				break;
			}
			t += 1 + unit_rnd() % maxgap;
		}
		CHECK(!bad);
		if (bad)
			printf("# rate %llu burst %llu: %llu passed at %llu, want %llu\n",
			       (unsigned long long)rate,
			       (unsigned long long)burst,
			       (unsigned long long)passed,
			       (unsigned long long)(t - t0),
			       (unsigned long long)allowed(t0, t, rate, burst));
	}
}

/*
 * Poisson-like overload: one packet per arrival, arrivals on average 3x
 * faster than the rate but never more than one period apart. Over a long
 * window the bucket passes burst + rate * seconds packets, within 1.
 */
static void test_overload_long(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(shapes); i++) {
		u64 rate = shapes[i].rate, burst = shapes[i].burst;
		u64 period = NS / rate, t0 = 5, t = t0, last = t0;
		u64 passed = 0, want, offered;
		struct imsseg_bucket_cfg cfg;
		struct imsseg_bucket b;

		/*
		 * With burst 1 a bucket cannot bank the credit of a gap, so
		 * discrete arrivals lose some: test_exact_ns covers it.
		 */
		if (burst < 2 || burst > 1000000)
			continue;
		CHECK(!imsseg_bucket_cfg_set(&cfg, rate, burst));
		imsseg_bucket_init(&b, &cfg, t0);
		for (offered = 0; offered < 4000000; offered++) {
			passed += imsseg_bucket_take(&b, &cfg, t);
			last = t;
			t += 1 + unit_rnd() % (period * 2 / 3 + 1);
		}
		/* no credit lost, less than one packet left: exact */
		want = allowed(t0, last, rate, burst);
		CHECK(passed <= want && passed + 1 >= want);
		CHECK_EQ(passed, want);
		if (!(passed <= want && passed + 1 >= want))
			printf("# rate %llu burst %llu: %llu passed, want %llu\n",
			       (unsigned long long)rate,
			       (unsigned long long)burst,
			       (unsigned long long)passed,
			       (unsigned long long)want);
	}
}

/* Traffic at or under the rate always passes, even with burst 1. */
static void test_under_rate(void)
{
	unsigned int i, k;

	for (i = 0; i < ARRAY_SIZE(shapes); i++) {
		u64 rate = shapes[i].rate, t = 777, fails = 0;
		u64 period = (NS + rate - 1) / rate;
		struct imsseg_bucket_cfg cfg;
		struct imsseg_bucket b;

		CHECK(!imsseg_bucket_cfg_set(&cfg, rate, shapes[i].burst));
		imsseg_bucket_init(&b, &cfg, t);
		for (k = 0; k < 200000; k++) {
			fails += !imsseg_bucket_take(&b, &cfg, t);
			t += period + (k % 3 ? 0 : unit_rnd() % (period + 1));
		}
		CHECK_EQ(fails, 0);
	}
}

/* After any idle time, including ~2^64 ns, a bucket holds burst packets. */
static void test_idle_refill(void)
{
	static const u64 idles[] = {
		0, 1, 999, NS, 3600 * NS, 1ULL << 62, ~0ULL - 100,
	};
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(shapes); i++) {
		u64 rate = shapes[i].rate, burst = shapes[i].burst;
		struct imsseg_bucket_cfg cfg;
		struct imsseg_bucket b;

		if (burst > 1000000)
			continue;
		CHECK(!imsseg_bucket_cfg_set(&cfg, rate, burst));
		for (j = 0; j < ARRAY_SIZE(idles); j++) {
			u64 t = 50, n = 0, want;

			imsseg_bucket_init(&b, &cfg, t);
			while (imsseg_bucket_take(&b, &cfg, t))
				n++;
			CHECK_EQ(n, burst);
			CHECK(!imsseg_bucket_is_full(&b, &cfg, t));
			t += idles[j];
			want = allowed(50, t, rate, burst) - burst;
			if (want > burst)
				want = burst;
			for (n = 0; imsseg_bucket_take(&b, &cfg, t); n++)
				;
			CHECK_EQ(n, want);
		}
	}
}

/* full_in_ns() and is_full() agree with the refill, to the ns. */
static void test_full_in(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(shapes); i++) {
		u64 rate = shapes[i].rate, burst = shapes[i].burst, t = 1000;
		u64 d, taken;
		struct imsseg_bucket_cfg cfg;
		struct imsseg_bucket b;

		CHECK(!imsseg_bucket_cfg_set(&cfg, rate, burst));
		imsseg_bucket_init(&b, &cfg, t);
		CHECK(imsseg_bucket_is_full(&b, &cfg, t));
		CHECK_EQ(imsseg_bucket_full_in_ns(&b, &cfg, t), 0);
		/* take up to 3 packets, then it is full after their refill */
		for (taken = 0; taken < 3 && taken < burst; taken++)
			CHECK(imsseg_bucket_take(&b, &cfg, t));
		d = nth_ns(0, rate, taken);
		CHECK_EQ(imsseg_bucket_full_in_ns(&b, &cfg, t), d);
		CHECK_EQ(imsseg_bucket_full_in_ns(&b, &cfg, t + d - 1), 1);
		CHECK(!imsseg_bucket_is_full(&b, &cfg, t + d - 1));
		CHECK(imsseg_bucket_is_full(&b, &cfg, t + d));
		CHECK_EQ(imsseg_bucket_full_in_ns(&b, &cfg, t + d), 0);
		CHECK_EQ(imsseg_bucket_full_in_ns(&b, &cfg, ~0ULL), 0);
		/* drained: full after exactly fill_ns */
		imsseg_bucket_init(&b, &cfg, t);
		while (imsseg_bucket_take(&b, &cfg, t))
			;
		d = nth_ns(0, rate, burst);
		CHECK_EQ(imsseg_bucket_full_in_ns(&b, &cfg, t), d);
		CHECK(!imsseg_bucket_is_full(&b, &cfg, t + d - 1));
		CHECK(imsseg_bucket_is_full(&b, &cfg, t + d));
		CHECK(d <= cfg.fill_ns && cfg.fill_ns <= d + 1);
		/* clock behind the last refill: the gap is added */
		CHECK_EQ(imsseg_bucket_full_in_ns(&b, &cfg, t - 10), d + 10);
	}
}

static void test_time_backwards(void)
{
	struct imsseg_bucket_cfg cfg;
	struct imsseg_bucket b;
	u64 t = 10000 * NS, n;

	/* 100 pps, burst 10: period 10 ms, fill 100 ms */
	CHECK(!imsseg_bucket_cfg_set(&cfg, 100, 10));
	imsseg_bucket_init(&b, &cfg, t);
	for (n = 0; imsseg_bucket_take(&b, &cfg, t); n++)
		;
	CHECK_EQ(n, 10);

	/* small step back (jitter): no credit, and none twice later */
	CHECK(!imsseg_bucket_take(&b, &cfg, t - 5000000));
	CHECK(!imsseg_bucket_take(&b, &cfg, t + 9999999));
	CHECK(imsseg_bucket_take(&b, &cfg, t + 10000000));
	CHECK(!imsseg_bucket_take(&b, &cfg, t + 10000000));
	CHECK(!imsseg_bucket_take(&b, &cfg, t + 19999999));
	CHECK(imsseg_bucket_take(&b, &cfg, t + 20000000));
	t += 20000000;

	/* a step back of exactly fill_ns still keeps the timeline */
	CHECK(!imsseg_bucket_take(&b, &cfg, t - 100000000));
	CHECK(!imsseg_bucket_take(&b, &cfg, t + 9999999));
	CHECK(imsseg_bucket_take(&b, &cfg, t + 10000000));
	t += 10000000;

	/* a jump back of 1 hour: no credit, timeline restarts there */
	t -= 3600 * NS;
	CHECK(!imsseg_bucket_take(&b, &cfg, t));
	CHECK(!imsseg_bucket_take(&b, &cfg, t + 9999999));
	CHECK(imsseg_bucket_take(&b, &cfg, t + 10000000));
	/* and it refills to at most burst */
	t += 10 * NS;
	for (n = 0; imsseg_bucket_take(&b, &cfg, t); n++)
		;
	CHECK_EQ(n, 10);

	/* time at 0 and a bucket whose last refill is in the far future */
	b.last_ns = ~0ULL;
	b.credit = 0;
	CHECK(!imsseg_bucket_take(&b, &cfg, 0));
	CHECK_EQ(b.last_ns, 0);
	for (n = 0; imsseg_bucket_take(&b, &cfg, 200000000); n++)
		;
	CHECK_EQ(n, 10);

	/*
	 * Random walk with steps back. The refill clock follows the model
	 * (forward with time, back only on a jump of more than fill_ns), and
	 * the credit ever gained is at most burst + rate * (furthest time -
	 * t0 + sum of the jumps back of the refill clock).
	 */
	{
		u64 passed = 0, t0 = 1ULL << 40, hi, mlast, rejumps = 0;
		u64 bad_last = 0, nrestarts = 0;

		t = t0;
		hi = t;
		mlast = t;
		imsseg_bucket_init(&b, &cfg, t);
		for (n = 0; n < 100000; n++) {
			if (unit_rnd() % 100 < 10 && t - t0 > 200000000)
				t -= unit_rnd() % 200000000;
			else
				t += unit_rnd() % 3000000;
			if (t > hi)
				hi = t;
			if (t >= mlast) {
				mlast = t;
			} else if (mlast - t > cfg.fill_ns) {
				rejumps += mlast - t;
				mlast = t;
				nrestarts++;
			}
			passed += imsseg_bucket_take(&b, &cfg, t);
			bad_last += b.last_ns != mlast;
		}
		CHECK_EQ(bad_last, 0);
		CHECK(nrestarts > 100);
		CHECK(passed <= allowed(t0, hi + rejumps, 100, 10));
		CHECK(passed > 0);
	}
}

static void test_config_change(void)
{
	struct imsseg_bucket_cfg cfg;
	struct imsseg_bucket b;
	u64 t = 1000, n;

	CHECK(!imsseg_bucket_cfg_set(&cfg, 100, 10));
	imsseg_bucket_init(&b, &cfg, t);

	/* shrink burst on a full bucket: clamps to the new burst */
	CHECK(!imsseg_bucket_cfg_set(&cfg, 100, 3));
	for (n = 0; imsseg_bucket_take(&b, &cfg, t); n++)
		;
	CHECK_EQ(n, 3);

	/* grow burst: the credit is kept, refill goes up to the new burst */
	CHECK(!imsseg_bucket_cfg_set(&cfg, 100, 50));
	CHECK(!imsseg_bucket_take(&b, &cfg, t));
	t += NS;	/* 100 packets of refill, capped at 50 */
	for (n = 0; imsseg_bucket_take(&b, &cfg, t); n++)
		;
	CHECK_EQ(n, 50);

	/* faster rate from now on: 1000 pps, 1 ms per packet */
	CHECK(!imsseg_bucket_cfg_set(&cfg, 1000, 50));
	CHECK(!imsseg_bucket_take(&b, &cfg, t + 999999));
	CHECK(imsseg_bucket_take(&b, &cfg, t + 1000000));
	t += 1000000;

	/* partial credit is kept in packets across a rate change */
	CHECK(!imsseg_bucket_cfg_set(&cfg, 1, 50));
	CHECK(!imsseg_bucket_take(&b, &cfg, t + 500000));	/* 1/2000 pkt */
	CHECK(!imsseg_bucket_cfg_set(&cfg, 2000, 50));
	/* 999,500,000 units missing at 2000 units per ns: 499,750 ns */
	CHECK(!imsseg_bucket_take(&b, &cfg, t + 500000 + 499749));
	CHECK(imsseg_bucket_take(&b, &cfg, t + 500000 + 499750));
	t += 500000 + 499750;

	/* disable and re-enable: state untouched while disabled */
	CHECK(!imsseg_bucket_cfg_set(&cfg, 0, 0));
	for (n = 0; n < 100; n++)
		CHECK(imsseg_bucket_take(&b, &cfg, t));
	CHECK(!imsseg_bucket_cfg_set(&cfg, 2000, 50));
	CHECK(!imsseg_bucket_take(&b, &cfg, t));

	/* shrink burst on a half-empty bucket: credit <= new burst */
	CHECK(!imsseg_bucket_cfg_set(&cfg, 100, 10));
	imsseg_bucket_init(&b, &cfg, t);
	for (n = 0; n < 4; n++)
		CHECK(imsseg_bucket_take(&b, &cfg, t));
	CHECK(!imsseg_bucket_cfg_set(&cfg, 100, 2));
	for (n = 0; imsseg_bucket_take(&b, &cfg, t); n++)
		;
	CHECK_EQ(n, 2);
	CHECK(!imsseg_bucket_cfg_set(&cfg, 100, 10));
	for (n = 0; imsseg_bucket_take(&b, &cfg, t); n++)
		;
	CHECK_EQ(n, 0);
}

int main(void)
{
	unit_rnd_state = 0x9e3779b97f4a7c15ULL;
	UNIT_RUN(test_layout);
	UNIT_RUN(test_cfg_validation);
	UNIT_RUN(test_exact_ns);
	UNIT_RUN(test_overload_drain);
	UNIT_RUN(test_overload_long);
	UNIT_RUN(test_under_rate);
	UNIT_RUN(test_idle_refill);
	UNIT_RUN(test_full_in);
	UNIT_RUN(test_time_backwards);
	UNIT_RUN(test_config_change);
	return unit_done();
}
