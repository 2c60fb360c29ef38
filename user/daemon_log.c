// SPDX-License-Identifier: GPL-2.0
/*
 * segctl run's log: one JSON object per line on stdout, flushed at
 * once, so that "segctl run | jq" and journald both work:
 *   {"ts":"2026-01-02T03:04:05.678Z","event":"tunnel_up",...}
 */
#include <stdio.h>
#include <time.h>

#include "daemon.h"

void dlog_begin(struct json *j, const char *event)
{
	struct timespec ts;
	struct tm tm;
	char buf[48], t[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, sizeof(buf), "%s.%03ldZ", t, ts.tv_nsec / 1000000);
	json_init(j, stdout);
	json_obj_open(j, NULL);
	json_str(j, "ts", buf);
	json_str(j, "event", event);
}

void dlog_end(struct json *j)
{
	json_obj_close(j);
	fflush(stdout);
}

void dlog_error(const char *event, const char *msg)
{
	struct json j;

	fprintf(stderr, "segctl: %s\n", msg);
	dlog_begin(&j, event);
	json_str(&j, "message", msg);
	dlog_end(&j);
}
