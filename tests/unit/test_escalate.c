// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the escalation state machine (kernel/imsseg_escalate.c)
 * on a fake clock: a streak of drops at most a second apart lasting
 * after_ns bans the source for ban_ns; a pause of more than a second
 * ends the streak.
 */
#include "unit.h"
#include "imsseg_escalate.h"

#define MS 1000000ULL
#define S 1000000000ULL
#define T0 (1000 * S)	/* times are non-zero */

/* Drop every step_ns from t0 until a ban; returns the ban time or 0. */
static u64 drop_until_ban(struct imsseg_esc *e, u64 t0, u64 step_ns,
			  u64 end, u64 after, u64 ban)
{
	u64 t;

	for (t = t0; t < end; t += step_ns)
		if (imsseg_esc_drop(e, t, after, ban))
			return t;
	return 0;
}

static void test_ban_after_streak(void)
{
	struct imsseg_esc e = { 0 };
	u64 t;

	CHECK(imsseg_esc_idle(&e, T0));
	CHECK(!imsseg_esc_banned(&e, T0));
	/* Dropped every 10 ms: banned at exactly T0 + after. */
	t = drop_until_ban(&e, T0, 10 * MS, T0 + 10 * S, 3 * S, 60 * S);
	CHECK_EQ(t, T0 + 3 * S);
	CHECK(imsseg_esc_banned(&e, t));
	CHECK(imsseg_esc_banned(&e, t + 60 * S - 1));
	CHECK(!imsseg_esc_idle(&e, t + 60 * S - 1));
	/* The ban ends after ban_ns and the state starts afresh. */
	CHECK(!imsseg_esc_banned(&e, t + 60 * S));
	CHECK(imsseg_esc_idle(&e, t + 60 * S));
	CHECK_EQ(e.streak_ns, 0);
	CHECK_EQ(e.ban_until_ns, 0);
}

static void test_gap_resets(void)
{
	struct imsseg_esc e = { 0 };
	u64 t = T0;

	/* Drops exactly one second apart keep the streak (gap is "more"). */
	CHECK(!imsseg_esc_drop(&e, t, 3 * S, 10 * S));
	CHECK(!imsseg_esc_drop(&e, t + S, 3 * S, 10 * S));
	CHECK(!imsseg_esc_drop(&e, t + 2 * S, 3 * S, 10 * S));
	CHECK(imsseg_esc_drop(&e, t + 3 * S, 3 * S, 10 * S));

	/* A pause of 1 s + 1 ns ends the streak. */
	imsseg_esc_reset(&e);
	CHECK(!imsseg_esc_drop(&e, t, 3 * S, 10 * S));
	CHECK(!imsseg_esc_drop(&e, t + 2 * S, 3 * S, 10 * S));
	CHECK(!imsseg_esc_idle(&e, t + 2 * S + S));
	CHECK(imsseg_esc_idle(&e, t + 2 * S + S + 1));
	t += 2 * S + S + 1;
	CHECK(!imsseg_esc_drop(&e, t, 3 * S, 10 * S));
	CHECK_EQ(e.streak_ns, t);
	/* ... so the ban comes after_ns after the new streak began. */
	CHECK_EQ(drop_until_ban(&e, t, 500 * MS, t + 10 * S, 3 * S, 10 * S),
		 t + 3 * S);
}

static void test_disabled(void)
{
	struct imsseg_esc e = { 0 };
	u64 t;

	/* after 0 or ban 0: never a ban, and no streak is kept. */
	CHECK_EQ(drop_until_ban(&e, T0, MS, T0 + 5 * S, 0, 10 * S), 0);
	CHECK_EQ(drop_until_ban(&e, T0, MS, T0 + 5 * S, 1 * S, 0), 0);
	CHECK(imsseg_esc_idle(&e, T0 + 5 * S));
	/* Enabling later starts the streak at the next drop. */
	t = T0 + 5 * S;
	CHECK_EQ(drop_until_ban(&e, t, 100 * MS, t + 5 * S, S, 10 * S),
		 t + S);
}

static void test_rearm(void)
{
	struct imsseg_esc e = { 0 };
	u64 t, t2;

	t = drop_until_ban(&e, T0, 100 * MS, T0 + 5 * S, S, 2 * S);
	CHECK_EQ(t, T0 + S);
	/* After the ban, a new full streak is needed for the next one. */
	CHECK(!imsseg_esc_banned(&e, t + 2 * S));
	t2 = drop_until_ban(&e, t + 2 * S, 100 * MS, t + 10 * S, S, 2 * S);
	CHECK_EQ(t2, t + 3 * S);
}

static void test_clock_backwards(void)
{
	struct imsseg_esc e = { 0 };

	CHECK(!imsseg_esc_drop(&e, T0 + S, 2 * S, 10 * S));
	/* A step back neither bans nor ends the streak. */
	CHECK(!imsseg_esc_drop(&e, T0, 2 * S, 10 * S));
	CHECK(!imsseg_esc_idle(&e, T0));
	CHECK(!imsseg_esc_drop(&e, T0 + 2 * S, 2 * S, 10 * S));
	CHECK(imsseg_esc_drop(&e, T0 + 3 * S, 2 * S, 10 * S));
}

int main(void)
{
	UNIT_RUN(test_ban_after_streak);
	UNIT_RUN(test_gap_resets);
	UNIT_RUN(test_disabled);
	UNIT_RUN(test_rearm);
	UNIT_RUN(test_clock_backwards);
	return unit_done();
}
