// SPDX-License-Identifier: GPL-2.0
/*
 * segctl metrics [-o FILE [-i SECONDS]]
 *
 * Every kernel and segctl run counter in the Prometheus text format
 * (metrics.h): on stdout once, or into FILE (atomically: temporary file
 * and rename) for node_exporter's textfile collector, once or every
 * SECONDS until SIGTERM/SIGINT. Why a textfile and not an HTTP
 * listener: Documentation/metrics.rst.
 *
 * A module that is not loaded or a daemon that is not running is not
 * an error: the output says so (imsseg_module_loaded 0,
 * imsseg_segctl_up 0) so that an alert can fire.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "metrics.h"
#include "segctl.h"
#include "snap.h"

#define INTERVAL_MAX	86400

struct metrics_args {
	const char *file;
	unsigned long interval;	/* 0: once */
};

static int parse_args(int argc, char **argv, struct metrics_args *a)
{
	char *end;
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			a->file = argv[++i];
		} else if (!strcmp(argv[i], "-i") && i + 1 < argc) {
			i++;
			errno = 0;
			a->interval = strtoul(argv[i], &end, 10);
			if (errno || end == argv[i] || *end ||
			    argv[i][0] == '-' || a->interval < 1 ||
			    a->interval > INTERVAL_MAX)
				return segctl_err("metrics: -i '%s': seconds, 1..%d expected",
						  argv[i], INTERVAL_MAX);
		} else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "-i")) {
			return segctl_err("metrics: %s needs a value", argv[i]);
		} else {
			return segctl_err("metrics: unexpected argument '%s'; usage: segctl metrics [-o FILE [-i SECONDS]]",
					  argv[i]);
		}
	}
	if (a->interval && !a->file)
		return segctl_err("metrics: -i needs -o FILE (use 'segctl top' to watch counters)");
	if (a->file && !*a->file)
		return segctl_err("metrics: -o: empty file name");
	return 0;
}

/* Says once on stderr why a part is missing, and again when it changes. */
static void report(char *last, size_t len, const char *now)
{
	if (!strcmp(last, now))
		return;
	if (*now)
		segctl_err("metrics: %s", now);
	snprintf(last, len, "%s", now);
}

static int write_once(struct snap *s, const struct metrics_args *a,
		      char *last_mod, char *last_err, size_t len)
{
	char err[512];

	snap_take(s, SNAP_LISTS | SNAP_SEGCTL);
	report(last_mod, len, s->module_err);
	if (!a->file) {
		if (metrics_write(stdout, s))
			return segctl_err("metrics: cannot write to stdout");
		return 0;
	}
	if (metrics_write_file(a->file, s, err, sizeof(err))) {
		report(last_err, len, err);
		return 1;
	}
	report(last_err, len, "");
	return 0;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * Every a->interval seconds (on a fixed schedule, no drift) until
 * SIGTERM or SIGINT, which are blocked and waited for: a write is
 * never interrupted half-way.
 */
static int loop(struct snap *s, const struct metrics_args *a,
		char *last_mod, char *last_err, size_t len)
{
	uint64_t next = mono_ms(), now, wait;
	struct timespec ts;
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (;;) {
		write_once(s, a, last_mod, last_err, len);
		next += a->interval * 1000;
		now = mono_ms();
		if (next <= now)	/* fell behind (suspend): restart */
			next = now + a->interval * 1000;
		do {
			now = mono_ms();
			wait = next > now ? next - now : 0;
			ts.tv_sec = (time_t)(wait / 1000);
			ts.tv_nsec = (long)(wait % 1000) * 1000000;
			sig = sigtimedwait(&set, NULL, &ts);
			if (sig == SIGTERM || sig == SIGINT)
				return 0;
		} while (sig < 0 && errno == EINTR);
	}
}

int cmd_metrics(int argc, char **argv, const struct segctl_opts *o)
{
	char last_mod[600] = "", last_err[600] = "";
	struct metrics_args a;
	struct snap *s;
	int rc;

	if (o->json)
		return segctl_err("metrics: -j does not apply (the output is the Prometheus text format)");
	if (parse_args(argc, argv, &a))
		return 1;
	s = snap_new();
	if (!s)
		return segctl_err("metrics: out of memory");
	if (a.interval)
		rc = loop(s, &a, last_mod, last_err, sizeof(last_err));
	else
		rc = write_once(s, &a, last_mod, last_err, sizeof(last_err));
	snap_free(s);
	return rc;
}
