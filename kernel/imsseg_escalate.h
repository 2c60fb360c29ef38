/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Automatic escalation: when a rate-limited source (or IPv6 prefix)
 * keeps exceeding its budget, ban it. Pure logic: compiles unchanged in
 * the module and in the host unit tests.
 *
 * Definition. A *drop* is a packet of the source refused by one of its
 * own token buckets. A *streak* is a run of drops in which no two
 * consecutive drops are more than IMSSEG_ESC_GAP_NS apart (i.e. the
 * source was dropped at least once in every second). A source whose
 * current streak has lasted at least after_ns (time of this drop minus
 * time of the streak's first drop) is banned for ban_ns from this drop
 * on. A source that goes more than IMSSEG_ESC_GAP_NS without a drop has
 * conformed: its streak ends and the next drop starts a new one. A ban
 * also ends the streak, so a source that resumes after its ban must
 * exceed for after_ns again before the next ban.
 *
 * Times are nanoseconds of a monotonic clock and must be non-zero
 * (0 means "none" in the state). The state is not atomic: the caller
 * serialises (the per-entry spinlock).
 */
#ifndef _IMSSEG_ESCALATE_H
#define _IMSSEG_ESCALATE_H

#include "imsseg_pure.h"

/* Longest pause between two drops of one streak. */
#define IMSSEG_ESC_GAP_NS	1000000000ULL

struct imsseg_esc {
	u64 streak_ns;		/* first drop of the current streak, 0: none */
	u64 last_drop_ns;	/* latest drop of the current streak */
	u64 ban_until_ns;	/* banned while now < ban_until_ns, 0: not */
};

/*
 * Is the source banned at now_ns? An expired ban is cleared (and the
 * state starts afresh), so call it with the caller's lock held.
 */
bool imsseg_esc_banned(struct imsseg_esc *e, u64 now_ns);

/*
 * Record a drop at now_ns. after_ns or ban_ns 0 disables escalation (the
 * streak is forgotten). Returns true when this drop starts a ban: the
 * state is then banned until now_ns + ban_ns; the caller registers the
 * ban elsewhere (blocklist) exactly once, on this true.
 */
bool imsseg_esc_drop(struct imsseg_esc *e, u64 now_ns, u64 after_ns,
		     u64 ban_ns);

/* Lift a ban and forget the streak (bans disabled at run time). */
void imsseg_esc_reset(struct imsseg_esc *e);

/*
 * May the state be forgotten at now_ns without changing any future
 * decision? True when not banned and no streak would continue: no drop
 * yet, or the last one more than IMSSEG_ESC_GAP_NS ago.
 */
bool imsseg_esc_idle(const struct imsseg_esc *e, u64 now_ns);

#endif /* _IMSSEG_ESCALATE_H */
