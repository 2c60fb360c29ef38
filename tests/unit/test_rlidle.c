// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for the per-source entry idle time (kernel/imsseg_rlidle.h):
 * random traffic on an entry's buckets and escalation state, driven as
 * imsseg_filter.c drives them; whenever the entry is busy, the time
 * imsseg_rl_idle_from() gives must be one before which the exact test
 * never says idle, whatever traffic follows (under one configuration),
 * and, with no traffic, the entry is idle right after it (the bound is
 * tight, so the cache saves work). Plus the cached word's packing.
 */
#include "unit.h"
#include "imsseg_rlidle.h"

#define NB	4	/* buckets of the simulated entry */

struct sim {
	struct imsseg_bucket_cfg cfgs[NB];
	const struct imsseg_bucket_cfg *cfg[NB];
	struct imsseg_bucket b[NB];
	struct imsseg_esc esc;
	u64 after_ns, ban_ns;
};

static void sim_init(struct sim *s, u64 now_ns)
{
	static const u32 rates[] = { 1, 3, 20, 500, 100000, 10000000 };
	static const u32 bursts[] = { 1, 2, 10, 40, 1000 };
	unsigned int i;

	for (i = 0; i < NB; i++) {
		CHECK_EQ(imsseg_bucket_cfg_set(&s->cfgs[i],
					       rates[unit_rnd() % ARRAY_SIZE(rates)],
					       bursts[unit_rnd() % ARRAY_SIZE(bursts)]),
			 0);
		s->cfg[i] = unit_rnd() % 4 ? &s->cfgs[i] : NULL;	/* unused */
		imsseg_bucket_init(&s->b[i], &s->cfgs[i], now_ns);
	}
	imsseg_esc_reset(&s->esc);
	s->after_ns = unit_rnd() % 3 ? (unit_rnd() % 3) * 1000000000ULL : 0;
	s->ban_ns = s->after_ns ? (1 + unit_rnd() % 3) * 1000000000ULL : 0;
}

/* One packet charged to bucket i, as imsseg_filter_key() does. */
static void sim_packet(struct sim *s, unsigned int i, u64 now_ns)
{
	if (s->ban_ns && imsseg_esc_banned(&s->esc, now_ns))
		return;
	if (!s->cfg[i] || imsseg_bucket_take(&s->b[i], s->cfg[i], now_ns))
		return;
	imsseg_esc_drop(&s->esc, now_ns, s->after_ns, s->ban_ns);
}

static bool sim_idle(const struct sim *s, u64 now_ns)
{
	return imsseg_rl_idle_now(s->b, s->cfg, NB, &s->esc, now_ns);
}

/* Packets spaced by up to @gap ns; the time moves on by at least 1 ns. */
static u64 sim_traffic(struct sim *s, u64 now_ns, unsigned int n, u64 gap)
{
	while (n--) {
		now_ns += 1 + unit_rnd() % gap;
		sim_packet(s, unit_rnd() % NB, now_ns);
	}
	return now_ns;
}

static void test_lower_bound(void)
{
	unsigned int run, k, busy = 0, early = 0;
	static const u64 gaps[] = { 1000, 1000000, 50000000, 2000000000ULL };

	for (run = 0; run < 3000; run++) {
		u64 now = 1000000000ULL + unit_rnd() % 1000000, from, t, word;
		u64 gap = gaps[unit_rnd() % ARRAY_SIZE(gaps)];
		struct sim s;

		sim_init(&s, now);
		now = sim_traffic(&s, now, unit_rnd() % 400, gap);
		if (sim_idle(&s, now))
			continue;
		busy++;
		from = imsseg_rl_idle_from(s.b, s.cfg, NB, &s.esc, now);
		CHECK(from > now);
		word = imsseg_rl_idle_pack(from, 7);
		/* with no more traffic: busy before, idle just after */
		for (k = 0; k < 8; k++) {
			t = k ? now + unit_rnd() % (from - now) : from - 1;
			if (sim_idle(&s, t)) {
				printf("# run %u: idle at %llu < from %llu\n",
				       run, (unsigned long long)t,
				       (unsigned long long)from);
				CHECK(0);
			}
		}
		CHECK(sim_idle(&s, from + 1));
		/* more traffic only moves the idle time later */
		for (k = 0; k < 20; k++) {
			now = sim_traffic(&s, now, 1 + unit_rnd() % 20, gap);
			if (imsseg_rl_idle_busy(word, 7, now)) {
				early += sim_idle(&s, now);
				CHECK(!sim_idle(&s, now));
			}
		}
	}
	printf("# %u busy entries checked, %u wrong busy answers\n", busy,
	       early);
	CHECK(busy > 1000);
}

static void test_pack(void)
{
	u64 t = 123456789012345ULL, w = imsseg_rl_idle_pack(t, 5);

	CHECK(!imsseg_rl_idle_busy(0, 0, 0));	/* a new entry */
	CHECK(!imsseg_rl_idle_busy(0, 0, 1));
	CHECK(imsseg_rl_idle_busy(w, 5, t - (1 << 20)));
	CHECK(!imsseg_rl_idle_busy(w, 5, t));	/* rounded down */
	CHECK(!imsseg_rl_idle_busy(w, 6, 0));	/* other limits */
	CHECK(imsseg_rl_idle_busy(w, 5 + (1 << 20), 0));	/* 20 bits */
	CHECK((w & ~IMSSEG_RL_IDLE_GEN) <= t);
	CHECK(t - (w & ~IMSSEG_RL_IDLE_GEN) < (1 << 20));
}

/* A ban: busy until it ends; the streak before it is forgotten. */
static void test_ban(void)
{
	struct imsseg_bucket_cfg cfg;
	const struct imsseg_bucket_cfg *c[1] = { &cfg };
	struct imsseg_bucket b;
	struct imsseg_esc esc;
	u64 now = 5000000000ULL;

	CHECK_EQ(imsseg_bucket_cfg_set(&cfg, 1000, 1), 0);
	imsseg_bucket_init(&b, &cfg, now);
	imsseg_esc_reset(&esc);
	esc.ban_until_ns = now + 10000000000ULL;
	CHECK_EQ(imsseg_rl_idle_from(&b, c, 1, &esc, now), esc.ban_until_ns);
	CHECK(!imsseg_rl_idle_now(&b, c, 1, &esc, esc.ban_until_ns - 1));
	CHECK(imsseg_rl_idle_now(&b, c, 1, &esc, esc.ban_until_ns));
	imsseg_esc_reset(&esc);
	CHECK(imsseg_esc_drop(&esc, now, 0, 0) == false);
	CHECK(imsseg_rl_idle_now(&b, c, 1, &esc, now));
	CHECK_EQ(imsseg_rl_idle_from(&b, c, 1, &esc, now), now);
}

int main(void)
{
	UNIT_RUN(test_pack);
	UNIT_RUN(test_ban);
	UNIT_RUN(test_lower_bound);
	return unit_done();
}
