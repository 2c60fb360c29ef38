// SPDX-License-Identifier: GPL-2.0
/*
 * Automatic escalation state machine, pure logic. See imsseg_escalate.h
 * for the definition of a streak and a ban.
 */
#include "imsseg_pure.h"
#include "imsseg_escalate.h"

/* Did the streak end before now_ns (no drop for longer than the gap)? */
static bool imsseg_esc_gap(const struct imsseg_esc *e, u64 now_ns)
{
	/* A clock step backwards keeps the streak going. */
	return now_ns > e->last_drop_ns &&
	       now_ns - e->last_drop_ns > IMSSEG_ESC_GAP_NS;
}

void imsseg_esc_reset(struct imsseg_esc *e)
{
	e->streak_ns = 0;
	e->last_drop_ns = 0;
	e->ban_until_ns = 0;
}

bool imsseg_esc_banned(struct imsseg_esc *e, u64 now_ns)
{
	if (!e->ban_until_ns)
		return false;
	if (now_ns < e->ban_until_ns)
		return true;
	imsseg_esc_reset(e);
	return false;
}

bool imsseg_esc_drop(struct imsseg_esc *e, u64 now_ns, u64 after_ns,
		     u64 ban_ns)
{
	if (!after_ns || !ban_ns) {
		e->streak_ns = 0;
		e->last_drop_ns = 0;
		return false;
	}
	if (!e->streak_ns || imsseg_esc_gap(e, now_ns))
		e->streak_ns = now_ns;
	if (now_ns > e->last_drop_ns)
		e->last_drop_ns = now_ns;
	if (now_ns < e->streak_ns || now_ns - e->streak_ns < after_ns)
		return false;
	e->streak_ns = 0;
	e->last_drop_ns = 0;
	e->ban_until_ns = now_ns + ban_ns;
	return true;
}

bool imsseg_esc_idle(const struct imsseg_esc *e, u64 now_ns)
{
	if (e->ban_until_ns && now_ns < e->ban_until_ns)
		return false;
	return !e->streak_ns || imsseg_esc_gap(e, now_ns);
}
