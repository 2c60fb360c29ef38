/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One screen of "segctl top": per-second rates (between two snapshots)
 * and totals of passes, kernel drops by reason (sorted by rate), punts
 * by class, bans and tables, and segctl run's verdicts, reasons,
 * dialogs, registrations, queues and tunnels. Pure: the caller takes
 * the snapshots and owns the terminal.
 */
#ifndef _SEGCTL_TOP_VIEW_H
#define _SEGCTL_TOP_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "snap.h"

struct top_opts {
	int width;		/* columns; lines are cut to it */
	int height;		/* rows; 0: no limit (scrolling output) */
	bool all;		/* show rows that are zero */
	bool ansi;		/* erase to end of line/screen (tty) */
	bool keys;		/* mention the keys in the header */
	double interval_s;	/* for the header */
	const char *clock;	/* wall clock text for the header */
};

/*
 * Writes one frame for @cur to @f; rates are against @prev (NULL on the
 * first frame: rates show "-"). With o->ansi the caller has put the
 * cursor home; lines end with "erase to end of line" and the frame
 * with "erase below". Returns the number of lines written.
 */
int top_render(FILE *f, const struct snap *prev, const struct snap *cur,
	       const struct top_opts *o);

#endif /* _SEGCTL_TOP_VIEW_H */
