/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Prometheus text exposition format (version 0.0.4) of one
 * snapshot (snap.h): every kernel counter, gauge and limit and every
 * counter of segctl run, each family with # HELP and # TYPE lines.
 * Documentation/metrics.rst lists the families.
 *
 * The writer emits a family's HELP/TYPE only with its first sample,
 * never twice, escapes label values (\\, \", \n; other control and
 * non-ASCII bytes become '_') and drops a series whose labels repeat
 * within its family, so the output is valid whatever the inputs say.
 */
#ifndef _SEGCTL_METRICS_H
#define _SEGCTL_METRICS_H

#include <stdio.h>

#include "snap.h"

/* Writes the exposition of @s to @f. Returns 0 or -EIO. */
int metrics_write(FILE *f, const struct snap *s);

/*
 * Writes the exposition of @s to @path atomically: a temporary file in
 * the same directory (".<name>.XXXXXX", not matching *.prom), fsync'ed,
 * mode 0644, renamed over @path. Returns 0 or -errno; @err says what
 * failed, naming the file.
 */
int metrics_write_file(const char *path, const struct snap *s, char *err,
		       size_t errlen);

#endif /* _SEGCTL_METRICS_H */
