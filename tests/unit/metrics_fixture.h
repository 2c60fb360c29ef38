/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by test_metrics.c and test_metrics_cli.c: a fake sysfs tree of
 * imsseg.ko (IMSSEG_SYSFS) with known counters, an empty run directory
 * (IMSSEG_RUNDIR: no segctl run), the fixed "stats" answer of segctl
 * run per ctl.h, and line checks on an exposition.
 */
#ifndef _METRICS_FIXTURE_H
#define _METRICS_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "unit.h"
#include "metrics_check.h"

static char root[64];		/* fake /sys/kernel/imsseg */
static char tmpdir[64];		/* run dir, output files */

static const char stats_json[] =
	"{\"pid\":4242,\"uptime_s\":3725,\"packets\":1000,"
	"\"verdicts\":{\"accept\":900,\"modified\":10,\"drop\":80,\"reply\":10},"
	"\"reasons\":{\"ok\":500,\"learned\":400,\"parse\":5,\"lint\":3,"
	"\"bye_spoof\":7,\"reg_hijack\":0,\"insecure\":10},"
	"\"tables\":{\"transactions\":12,\"dialogs\":5,\"registrations\":40,"
	"\"txn_evicted\":1,\"dialog_evicted\":0,\"reg_evicted\":2,"
	"\"txn_expired\":100,\"dialog_expired\":20,\"reg_expired\":3},"
	"\"queues\":[{\"queue\":0,\"secure\":false,\"packets\":600,\"enobufs\":0,"
	"\"errors\":0},"
	"{\"queue\":1,\"secure\":true,\"packets\":400,\"enobufs\":2,\"errors\":5}],"
	"\"kernel_ops\":{\"ban\":3,\"trust\":40,\"untrust\":1,\"failed\":1,"
	"\"skipped\":6},"
	"\"replies\":{\"sent\":10,\"failed\":0},"
	"\"tunnels\":2,"
	"\"sip\":{\"enabled\":true,\"fail_mode\":\"closed\"},"
	"\"errors\":{\"unparsed\":4,\"not_modified\":0,\"tcp_reply_dropped\":1,"
	"\"trusted_overrides\":0,\"role_refreshes\":12,\"role_failures\":0}}";

static void put(const char *rel, const char *content)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(content, f);
	fclose(f);
}

static void dir(const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkdir(path, 0755);
}

/* The kernel's counters as stats/ files, name and value. */
static const struct {
	const char *name, *value;
} kstats[] = {
	{ "ipv4_udp_packets", "42" }, { "ipv4_udp_bytes", "4200" },
	{ "ipv4_tcp_packets", "18446744073709551615" },
	{ "ipv4_tcp_bytes", "0" }, { "ipv6_icmp_packets", "3" },
	{ "ipv6_icmp_bytes", "240" }, { "ipv6_other_packets", "1" },
	{ "ipv6_other_bytes", "40" },
	{ "pass", "30" }, { "pass_trusted", "4" }, { "drop_banned", "7" },
	{ "drop_udp_rate", "100" }, { "drop_syn_rate", "5" },
	{ "drop_pkt_rate", "0" }, { "sip_accept", "20" },
	{ "sip_drop_malformed", "2" }, { "punt_bye", "3" },
	{ "punt_register", "9" }, { "bans", "1" }, { "table_inserts", "11" },
	{ "list_expired", "0" },
};

static void fake_tree(void)
{
	char path[256];
	size_t i;

	strcpy(root, "/tmp/metrics-unit-XXXXXX");
	strcpy(tmpdir, "/tmp/metrics-run-XXXXXX");
	if (!mkdtemp(root) || !mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(2);
	}
	dir("stats");
	dir("table");
	dir("lists");
	dir("limits");
	dir("aggregate");
	dir("sip");
	dir("ban");
	dir("punt");
	put("version", "0.1.0\n");
	put("abi_version", "1\n");
	for (i = 0; i < ARRAY_SIZE(kstats); i++) {
		snprintf(path, sizeof(path), "stats/%s", kstats[i].name);
		put(path, kstats[i].value);
	}
	put("table/entries", "5\n");
	put("table/max_entries", "65536\n");
	put("table/buckets", "16384\n");
	put("table/memory_bytes", "131072\n");
	put("lists/max_entries", "16384\n");
	put("limits/udp_pps", "500\n");
	put("limits/udp_burst", "1000\n");
	put("limits/v6_64_pps", "4000\n");
	put("limits/v6_64_burst", "8000\n");
	put("aggregate/trusted_pps", "100000\n");
	put("aggregate/trusted_burst", "200000\n");
	put("sip/invite_pps", "20\n");
	put("sip/invite_burst", "40\n");
	put("sip/ports", "5060 5080\n");	/* not a limit: ignored */
	put("sip/ua_deny", "\n");
	put("ban/after_s", "30\n");
	put("ban/seconds", "300\n");
	put("punt/fail_mode", "closed\n");
	put("punt/queues", "2\n");
	put("punt/classes", "bye cancel\n");
	setenv("IMSSEG_SYSFS", root, 1);
	setenv("IMSSEG_RUNDIR", tmpdir, 1);
}


static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return true;
		p++;
	}
	return false;
}

static int count_substr(const char *text, const char *s)
{
	int n = 0;

	while ((text = strstr(text, s))) {
		n++;
		text++;
	}
	return n;
}

#define CHECK_LINE(text, line) do {					\
	if (!has_line(text, line)) {					\
		unit_case_failed++;					\
		printf("# %s:%d: no line \"%s\"\n", __FILE__,		\
		       __LINE__, line);					\
	}								\
} while (0)

#define CHECK_NO(text, s) do {						\
	if (strstr(text, s)) {						\
		unit_case_failed++;					\
		printf("# %s:%d: unexpected \"%s\"\n", __FILE__,	\
		       __LINE__, s);					\
	}								\
} while (0)

#define CHECK_VALID(text) do {						\
	char _err[256];							\
	if (prom_check(text, _err, sizeof(_err), NULL)) {		\
		unit_case_failed++;					\
		printf("# %s:%d: invalid exposition: %s\n", __FILE__,	\
		       __LINE__, _err);					\
	}								\
} while (0)


static void cleanup(void)
{
	char cmd[192];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", root, tmpdir);
	if (system(cmd))
		fprintf(stderr, "cleanup of %s failed\n", root);
}

/* --check FILE: the strict format check on any exposition. */

#endif /* _METRICS_FIXTURE_H */
