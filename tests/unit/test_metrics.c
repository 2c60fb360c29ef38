// SPDX-License-Identifier: GPL-2.0
/*
 * segctl metrics and segctl top, the pure parts: the Prometheus
 * formatter (metrics.c) on a fake sysfs tree (IMSSEG_SYSFS) and fixed
 * "stats" answers of segctl run, checked line by line and by a strict
 * format checker (metrics_check.h, itself tested on bad input);
 * the atomic file writer; the JSON reader; the top screen (top_view.c).
 * test_metrics_cli.c runs the built binary.
 *
 * "test_metrics --check FILE" checks any exposition file (used on the
 * real module's output in the VM, see Documentation/metrics.rst).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "unit.h"
#include "metrics_check.h"
#include "metrics_fixture.h"
#include "jsonval.h"
#include "metrics.h"
#include "snap.h"
#include "top_view.h"

static char *expose(const struct snap *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		exit(2);
	CHECK_EQ(metrics_write(f, s), 0);
	fclose(f);
	return buf;
}

/* @line is one whole line of @text. */
static struct snap *fixture_snap(const char *json)
{
	struct snap *s = snap_new();

	CHECK(s != NULL);
	if (!s)
		exit(2);
	CHECK_EQ(snap_read_module(s), 0);
	s->lists = true;
	s->list_entries[0][0] = 2;	/* allow, admin */
	s->list_entries[1][0] = 3;	/* block, admin */
	s->list_entries[1][1] = 17;	/* block, auto */
	if (json)
		CHECK_EQ(snap_set_segctl(s, json, NULL), 0);
	else
		CHECK_EQ(snap_set_segctl(s, NULL, "segctl run is not running"),
			 -1);
	return s;
}

static void test_kernel_families(void)
{
	struct snap *s = fixture_snap(stats_json);
	char *out = expose(s);
	char line[256];
	size_t i;

	CHECK_VALID(out);
	CHECK_LINE(out, "# TYPE imsseg_events_total counter");
	CHECK_LINE(out, "imsseg_module_loaded 1");
	CHECK_LINE(out, "imsseg_module_info{version=\"0.1.0\",abi=\"1\"} 1");
	CHECK_LINE(out, "imsseg_packets_total{family=\"ipv4\",proto=\"udp\"} 42");
	CHECK_LINE(out, "imsseg_packets_total{family=\"ipv4\",proto=\"tcp\"} 18446744073709551615");
	CHECK_LINE(out, "imsseg_bytes_total{family=\"ipv6\",proto=\"icmp\"} 240");
	CHECK_LINE(out, "imsseg_events_total{event=\"drop_banned\"} 7");
	CHECK_LINE(out, "imsseg_events_total{event=\"drop_pkt_rate\"} 0");
	CHECK_LINE(out, "imsseg_events_total{event=\"punt_register\"} 9");
	CHECK_LINE(out, "imsseg_table_entries 5");
	CHECK_LINE(out, "imsseg_table_max_entries 65536");
	CHECK_LINE(out, "imsseg_table_memory_bytes 131072");
	CHECK_LINE(out, "imsseg_list_max_entries 16384");
	CHECK_LINE(out, "imsseg_list_entries{list=\"block\",origin=\"auto\"} 17");
	CHECK_LINE(out, "imsseg_list_entries{list=\"allow\",origin=\"auto\"} 0");
	CHECK_LINE(out, "imsseg_limit_packets_per_second{scope=\"limits\",bucket=\"udp\"} 500");
	CHECK_LINE(out, "imsseg_limit_burst_packets{scope=\"limits\",bucket=\"v6_64\"} 8000");
	CHECK_LINE(out, "imsseg_limit_packets_per_second{scope=\"aggregate\",bucket=\"trusted\"} 100000");
	CHECK_LINE(out, "imsseg_limit_packets_per_second{scope=\"sip\",bucket=\"invite\"} 20");
	CHECK_LINE(out, "imsseg_ban_after_seconds 30");
	CHECK_LINE(out, "imsseg_ban_duration_seconds 300");
	CHECK_LINE(out, "imsseg_punt_fail_closed 1");
	CHECK_LINE(out, "imsseg_punt_queues 2");

	/* Every stats file exactly once, traffic never as an event. */
	for (i = 0; i < ARRAY_SIZE(kstats); i++) {
		const char *n = kstats[i].name;

		if (!strncmp(n, "ipv", 3)) {
			snprintf(line, sizeof(line), "event=\"%s\"", n);
			CHECK_EQ(count_substr(out, line), 0);
			continue;
		}
		snprintf(line, sizeof(line), "imsseg_events_total{event=\"%s\"} %s",
			 n, kstats[i].value);
		CHECK_LINE(out, line);
		snprintf(line, sizeof(line), "{event=\"%s\"}", n);
		CHECK_EQ(count_substr(out, line), 1);
	}
	CHECK_EQ(count_substr(out, "imsseg_packets_total{"), 4);
	CHECK_EQ(count_substr(out, "imsseg_bytes_total{"), 4);
	/* sip/ports and friends are not limits; no family twice. */
	CHECK_NO(out, "ports");
	CHECK_NO(out, "ua_deny");
	CHECK_EQ(count_substr(out, "# HELP imsseg_events_total "), 1);
	CHECK_EQ(count_substr(out, "# TYPE imsseg_table_entries "), 1);
	free(out);
	snap_free(s);
}

static void test_segctl_families(void)
{
	struct snap *s = fixture_snap(stats_json);
	char *out = expose(s);

	CHECK_VALID(out);
	CHECK_LINE(out, "imsseg_segctl_up 1");
	CHECK_LINE(out, "imsseg_segctl_uptime_seconds 3725");
	CHECK_LINE(out, "imsseg_segctl_packets_total 1000");
	CHECK_LINE(out, "imsseg_segctl_verdicts_total{verdict=\"accept\"} 900");
	CHECK_LINE(out, "imsseg_segctl_verdicts_total{verdict=\"reply\"} 10");
	CHECK_LINE(out, "imsseg_segctl_reasons_total{reason=\"bye_spoof\"} 7");
	CHECK_LINE(out, "imsseg_segctl_reasons_total{reason=\"reg_hijack\"} 0");
	CHECK_LINE(out, "imsseg_segctl_table_entries{table=\"dialogs\"} 5");
	CHECK_LINE(out, "imsseg_segctl_table_entries{table=\"transactions\"} 12");
	CHECK_LINE(out, "imsseg_segctl_table_evictions_total{table=\"registrations\"} 2");
	CHECK_LINE(out, "imsseg_segctl_table_expired_total{table=\"transactions\"} 100");
	CHECK_LINE(out, "imsseg_segctl_queue_packets_total{queue=\"0\",secure=\"false\"} 600");
	CHECK_LINE(out, "imsseg_segctl_queue_enobufs_total{queue=\"1\",secure=\"true\"} 2");
	CHECK_LINE(out, "imsseg_segctl_kernel_ops_total{op=\"trust\"} 40");
	CHECK_LINE(out, "imsseg_segctl_kernel_ops_failed_total 1");
	CHECK_LINE(out, "imsseg_segctl_kernel_ops_skipped_total 6");
	CHECK_LINE(out, "imsseg_segctl_queue_errors_total{queue=\"1\",secure=\"true\"} 5");
	CHECK_LINE(out, "imsseg_segctl_sip_enabled 1");
	CHECK_LINE(out, "imsseg_segctl_sip_fail_closed 1");
	CHECK_LINE(out, "imsseg_segctl_errors_total{error=\"unparsed\"} 4");
	CHECK_LINE(out, "imsseg_segctl_errors_total{error=\"role_refreshes\"} 12");
	CHECK_EQ(count_substr(out, "imsseg_segctl_errors_total{"), 6);
	CHECK_LINE(out, "imsseg_segctl_replies_total 10");
	CHECK_LINE(out, "imsseg_segctl_replies_failed_total 0");
	CHECK_LINE(out, "imsseg_segctl_tunnels 2");
	CHECK_LINE(out, "# TYPE imsseg_segctl_reasons_total counter");
	CHECK_LINE(out, "# TYPE imsseg_segctl_table_entries gauge");
	/* What must not be there. */
	CHECK_NO(out, "op=\"failed\"");
	CHECK_NO(out, "op=\"skipped\"");
	CHECK_EQ(count_substr(out, "imsseg_segctl_kernel_ops_total{"), 3);
	CHECK_NO(out, "table=\"txn_evicted\"");
	CHECK_NO(out, "table=\"txn\"");
	CHECK_NO(out, "pid");
	CHECK_NO(out, "imsseg_segctl_table_max_entries");
	CHECK_EQ(count_substr(out, "imsseg_segctl_table_entries{"), 3);
	CHECK_EQ(count_substr(out, "imsseg_segctl_verdicts_total{"), 4);
	free(out);
	snap_free(s);
}

static void test_segctl_absent(void)
{
	struct snap *s = fixture_snap(NULL);
	char *out = expose(s);

	CHECK_VALID(out);
	CHECK_LINE(out, "imsseg_segctl_up 0");
	CHECK_LINE(out, "# TYPE imsseg_segctl_up gauge");
	CHECK_STR(s->segctl_err, "segctl run is not running");
	/* Nothing else of the daemon; the kernel part is all there. */
	CHECK_EQ(count_substr(out, "\nimsseg_segctl_"), 1);
	CHECK_EQ(count_substr(out, "# TYPE imsseg_segctl_"), 1);
	CHECK_LINE(out, "imsseg_events_total{event=\"drop_banned\"} 7");
	free(out);

	/* An answer that is no stats object counts as absent. */
	CHECK_EQ(snap_set_segctl(s, "{\"error\":\"unknown request 'x'\"}",
				 NULL), -1);
	CHECK(strstr(s->segctl_err, "unknown request 'x'") != NULL);
	CHECK_EQ(snap_set_segctl(s, "[1,2]", NULL), -1);
	CHECK_EQ(snap_set_segctl(s, "{\"packets\":1", NULL), -1);
	CHECK(strstr(s->segctl_err, "bad JSON") != NULL);
	out = expose(s);
	CHECK_VALID(out);
	CHECK_LINE(out, "imsseg_segctl_up 0");
	CHECK_NO(out, "imsseg_segctl_packets_total");
	free(out);
	snap_free(s);
}

static void test_module_absent(void)
{
	struct snap *s = snap_new();
	char *out;

	setenv("IMSSEG_SYSFS", "/nonexistent/imsseg", 1);
	CHECK(snap_read_module(s) < 0);
	setenv("IMSSEG_SYSFS", root, 1);
	CHECK(!s->module);
	CHECK(strstr(s->module_err, "not loaded") != NULL);
	snap_set_segctl(s, NULL, "not running");
	out = expose(s);
	CHECK_VALID(out);
	CHECK_STR(out,
		  "# HELP imsseg_module_loaded 1 when imsseg.ko is loaded (its sysfs directory exists), else 0\n"
		  "# TYPE imsseg_module_loaded gauge\n"
		  "imsseg_module_loaded 0\n"
		  "# HELP imsseg_segctl_up 1 when segctl run answered the stats request on its control socket, else 0\n"
		  "# TYPE imsseg_segctl_up gauge\n"
		  "imsseg_segctl_up 0\n");
	free(out);
	snap_free(s);
}

/* Label values from the daemon are escaped; repeated series dropped. */
static void test_escaping_and_duplicates(void)
{
	static const char json[] =
		"{\"reasons\":{\"a\\\"b\\\\c\\nd\":1,\"caf\\u00e9\":2,"
		"\"tab\\there\":3},"
		"\"queues\":[{\"queue\":3,\"packets\":1,\"enobufs\":0},"
		"{\"queue\":3,\"packets\":9,\"enobufs\":9},"
		"{\"packets\":5},{\"queue\":-1,\"packets\":5},"
		"{\"queue\":4,\"packets\":1.5,\"enobufs\":\"7\"}],"
		"\"tables\":{\"dialogs\":1,\"dialog_evicted\":4,"
		"\"dialogs_evicted\":5},"
		"\"verdicts\":{\"accept\":-3,\"drop\":2}}";
	struct snap *s = fixture_snap(json);
	char *out = expose(s);

	CHECK_VALID(out);
	CHECK_LINE(out, "imsseg_segctl_reasons_total{reason=\"a\\\"b\\\\c\\nd\"} 1");
	CHECK_LINE(out, "imsseg_segctl_reasons_total{reason=\"caf__\"} 2");
	CHECK_LINE(out, "imsseg_segctl_reasons_total{reason=\"tab_here\"} 3");
	/* The first queue 3 wins; entries without a number are skipped. */
	CHECK_LINE(out, "imsseg_segctl_queue_packets_total{queue=\"3\",secure=\"false\"} 1");
	CHECK_EQ(count_substr(out, "queue=\"3\""), 2);
	CHECK_NO(out, "queue=\"4\"");
	CHECK_NO(out, "queue=\"-1\"");
	/* "dialog_evicted" and "dialogs_evicted" are one series. */
	CHECK_LINE(out, "imsseg_segctl_table_evictions_total{table=\"dialogs\"} 4");
	CHECK_EQ(count_substr(out, "imsseg_segctl_table_evictions_total{"), 1);
	/* Negative numbers are not counters. */
	CHECK_NO(out, "verdict=\"accept\"");
	CHECK_LINE(out, "imsseg_segctl_verdicts_total{verdict=\"drop\"} 2");
	/* Absent members: no empty family. */
	CHECK_NO(out, "imsseg_segctl_tunnels");
	CHECK_NO(out, "imsseg_segctl_kernel_ops");
	free(out);
	snap_free(s);
}

/* SIP path off: enabled 0, no fail mode; the note is not a metric. */
static void test_segctl_sip_off(void)
{
	static const char json[] =
		"{\"uptime_s\":5,\"sip\":{\"enabled\":false,"
		"\"note\":\"no [sip] section\"}}";
	struct snap *s = fixture_snap(json);
	char *out = expose(s);

	CHECK_VALID(out);
	CHECK_LINE(out, "imsseg_segctl_up 1");
	CHECK_LINE(out, "imsseg_segctl_sip_enabled 0");
	CHECK_NO(out, "fail_closed\n# HELP imsseg_segctl");
	CHECK_NO(out, "imsseg_segctl_sip_fail_closed");
	CHECK_NO(out, "no [sip] section");
	CHECK_NO(out, "imsseg_segctl_errors_total");
	free(out);
	snap_free(s);
}

/* The checker must catch what it claims to. */
static void test_checker_rejects(void)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "a_total 1\n", "before its HELP" },
		{ "# HELP a_total x\na_total 1\n", "before its TYPE" },
		{ "# TYPE a_total counter\n", "TYPE before HELP" },
		{ "# HELP a_total x\n# TYPE a_total counter\na_total 1",
		  "no newline" },
		{ "# HELP 1a x\n", "bad metric name" },
		{ "# HELP a-b x\n", "bad metric name" },
		{ "# HELP a_total x\n# HELP a_total y\n", "second HELP" },
		{ "# HELP a_total x\n# TYPE a_total counter\n# TYPE a_total counter\n",
		  "second TYPE" },
		{ "# HELP a_total x\n# TYPE a_total counters\n", "unknown type" },
		{ "# HELP a x\n# TYPE a counter\n", "does not end in _total" },
		{ "# HELP a_total x\n# TYPE a_total gauge\n", "ends in _total" },
		{ "# HELP a_total x\n# TYPE a_total counter\na_total{l=\"1\"} 1\na_total{l=\"1\"} 2\n",
		  "duplicate series" },
		{ "# HELP a_total x\n# TYPE a_total counter\na_total{l=\"1\",m=\"2\"} 1\na_total{m=\"2\",l=\"1\"} 2\n",
		  "duplicate series" },
		{ "# HELP a_total x\n# TYPE a_total counter\na_total{l=\"1\",l=\"2\"} 1\n",
		  "label twice" },
		{ "# HELP a_total x\n# TYPE a_total counter\na_total{l=\"a\\tb\"} 1\n",
		  "bad escape" },
		{ "# HELP a_total x\n# TYPE a_total counter\na_total{l=\"\xc3\"} 1\n",
		  "not UTF-8" },
		{ "# HELP a_total x\n# TYPE a_total counter\na_total{1l=\"a\"} 1\n",
		  "bad label name" },
		{ "# HELP a_total x\n# TYPE a_total counter\na_total{__l=\"a\"} 1\n",
		  "reserved" },
		{ "# HELP a_total x\n# TYPE a_total counter\na_total{l=\"a} 1\n",
		  "unterminated" },
		{ "# HELP a_total x\n# TYPE a_total counter\na_total 1 1700000000\n",
		  "timestamp" },
		{ "# HELP a_total x\n# TYPE a_total counter\na_total -1\n",
		  "negative" },
		{ "# HELP a_total x\n# TYPE a_total counter\na_total one\n",
		  "bad value" },
		{ "# HELP a_total x\n# TYPE a_total counter\na_total 1\n# HELP b x\n# TYPE b gauge\nb 1\na_total{x=\"1\"} 2\n",
		  "comes back" },
		{ "# HELP a_total x\n# TYPE a_total counter\nb_total 1\n",
		  "before its HELP" },
		{ "# HELP a_total x \\t\n", "bad escape in HELP" },
		{ "# HELP a_total x\n\n", "blank line" },
		{ "# some comment\n", "comment other than" },
		{ "# HELP a_total x\n", "has no TYPE" },
	};
	char err[256];
	size_t i;
	int n;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_EQ(prom_check(bad[i].text, err, sizeof(err), NULL), -1);
		if (!strstr(err, bad[i].why))
			printf("# case %zu: \"%s\" does not say \"%s\"\n", i,
			       err, bad[i].why);
		CHECK(strstr(err, bad[i].why) != NULL);
	}
	/* And accepts what it should. */
	CHECK_EQ(prom_check("", err, sizeof(err), &n), 0);
	CHECK_EQ(prom_check("# HELP a_total x \\\\ \\n\n# TYPE a_total counter\n"
			    "a_total{l=\"q\\\"\\\\\\n\xc3\xa9\"} 1e3\n"
			    "a_total{l=\"n\"} 0\na_total{l=\"\\n\"} NaN\n"
			    "# HELP b x\n# TYPE b gauge\nb -2.5\n",
			    err, sizeof(err), &n), 0);
	CHECK_STR(err, "");
	CHECK_EQ(n, 4);
}

static void test_write_file(void)
{
	struct snap *s = fixture_snap(stats_json);
	char path[128], other[128], err[256], *want = expose(s), *got;
	struct stat st;
	size_t len = 0;
	FILE *f;
	DIR *d;
	struct dirent *de;
	int files = 0;

	snprintf(path, sizeof(path), "%s/imsseg.prom", tmpdir);
	put("stats/drop_banned", "8\n");	/* old content is replaced */
	CHECK_EQ(metrics_write_file(path, s, err, sizeof(err)), 0);
	CHECK_EQ(metrics_write_file(path, s, err, sizeof(err)), 0);
	put("stats/drop_banned", "7\n");
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (f) {
		got = NULL;
		CHECK(getdelim(&got, &len, '\0', f) > 0);
		fclose(f);
		CHECK_STR(got, want);
		free(got);
	}
	CHECK_EQ(stat(path, &st), 0);
	CHECK_EQ(st.st_mode & 0777, 0644);
	/* No temporary file left behind, none matching *.prom. */
	d = opendir(tmpdir);
	while (d && (de = readdir(d)))
		files += de->d_name[0] != '.';
	if (d)
		closedir(d);
	CHECK_EQ(files, 1);
	d = opendir(tmpdir);
	while (d && (de = readdir(d)))
		CHECK(strncmp(de->d_name, ".imsseg.prom.", 13));
	if (d)
		closedir(d);

	/* Errors name the file; nothing is created. */
	snprintf(other, sizeof(other), "%s/nodir/imsseg.prom", tmpdir);
	CHECK_EQ(metrics_write_file(other, s, err, sizeof(err)), -ENOENT);
	CHECK(strstr(err, other) != NULL);
	CHECK_EQ(metrics_write_file("", s, err, sizeof(err)), -EINVAL);
	snprintf(other, sizeof(other), "%s/", tmpdir);
	CHECK_EQ(metrics_write_file(other, s, err, sizeof(err)), -EINVAL);
	CHECK_EQ(unlink(path), 0);
	free(want);
	snap_free(s);
}

static void test_jsonval(void)
{
	static const char * const bad[] = {
		"", " ", "{", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "{a:1}",
		"01", "-", "1.", ".5", "1e", "+1", "\"\\x\"", "\"a",
		"\"\\u00\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\u0000\"",
		"{\"a\":1,\"a\":2}", "tru", "nul", "[1] 2", "\"\x01\"",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	};
	char err[128];
	struct jv *v;
	uint64_t n;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		v = jv_parse(bad[i], err, sizeof(err));
		CHECK(v == NULL);
		CHECK(!strncmp(err, "offset ", 7));
		jv_free(v);
	}
	v = jv_parse(" {\"a\":[1,-2,3.5e2,true,false,null,\"x\\u00e9\\ud83d\\ude00\\n\"],"
		     "\"big\":18446744073709551615,\"over\":18446744073709551616,"
		     "\"neg\":-1,\"frac\":1.0,\"exp\":1e3,\"o\":{}} ",
		     err, sizeof(err));
	CHECK(v != NULL);
	if (!v)
		return;
	CHECK_EQ(jv_u64(jv_get(v, "big"), &n), 0);
	CHECK(n == 18446744073709551615ULL);
	CHECK_EQ(jv_u64(jv_get(v, "over"), &n), -1);
	CHECK_EQ(jv_u64(jv_get(v, "neg"), &n), -1);
	CHECK_EQ(jv_u64(jv_get(v, "frac"), &n), -1);
	CHECK_EQ(jv_u64(jv_get(v, "exp"), &n), -1);
	CHECK_EQ(jv_u64(jv_get(v, "o"), &n), -1);
	CHECK_EQ(jv_get_u64(v, "missing", 77), 77);
	CHECK(jv_get(v, "missing") == NULL);
	CHECK(jv_get(jv_get(v, "a"), "x") == NULL);	/* not an object */
	{
		const struct jv *a = jv_get(v, "a")->child;

		CHECK_EQ(a->type, JV_NUM);
		CHECK_EQ(a->next->next->type, JV_NUM);
		CHECK_STR(a->next->next->str, "3.5e2");
		CHECK(a->next->next->next->type == JV_BOOL &&
		      a->next->next->next->b);
		a = a->next->next->next->next->next->next;
		CHECK_EQ(a->type, JV_STR);
		CHECK_STR(a->str, "x\xc3\xa9\xf0\x9f\x98\x80\n");
	}
	jv_free(v);
}

/* Two snapshots 2 s apart; counters moved in between. */
static char *render(bool all, int width, int height, bool second_segctl,
		    int *lines)
{
	static const char json2[] =
		"{\"uptime_s\":3727,\"packets\":1100,"
		"\"verdicts\":{\"accept\":990,\"modified\":10,\"drop\":90,\"reply\":10},"
		"\"reasons\":{\"ok\":500,\"learned\":490,\"parse\":5,\"lint\":3,"
		"\"bye_spoof\":17,\"reg_hijack\":0,\"insecure\":10},"
		"\"tables\":{\"transactions\":12,\"dialogs\":6,\"registrations\":40},"
		"\"queues\":[{\"queue\":0,\"secure\":false,\"packets\":700,\"enobufs\":0},"
		"{\"queue\":1,\"secure\":true,\"packets\":400,\"enobufs\":4}],"
		"\"tunnels\":2,\"sip\":{\"enabled\":true,\"fail_mode\":\"closed\"},"
		"\"errors\":{\"unparsed\":6,\"role_refreshes\":12}}";
	struct top_opts o = {
		.width = width, .height = height, .all = all,
		.interval_s = 2, .clock = "2026-11-29 12:00:00",
	};
	struct snap *a = fixture_snap(stats_json), *b;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	put("stats/drop_udp_rate", "300\n");	/* 100/s */
	put("stats/drop_syn_rate", "7\n");	/* 1/s */
	put("stats/sip_drop_malformed", "3\n");	/* 0.5/s */
	put("stats/ipv4_udp_packets", "1042\n");
	b = fixture_snap(second_segctl ? json2 : NULL);
	put("stats/drop_udp_rate", "100\n");
	put("stats/drop_syn_rate", "5\n");
	put("stats/sip_drop_malformed", "2\n");
	put("stats/ipv4_udp_packets", "42\n");
	b->mono_ms = a->mono_ms + 2000;
	f = open_memstream(&buf, &len);
	*lines = top_render(f, a, b, &o);
	fclose(f);
	snap_free(a);
	snap_free(b);
	return buf;
}

static void test_top_screen(void)
{
	char *out, *p;
	int lines, n;

	out = render(false, 100, 0, true, &lines);
	CHECK(strstr(out, "imsseg.ko 0.1.0 (abi 1) | segctl run up 1h02m") == out);
	/* Drops sorted by rate, then total; zero rows hidden. */
	p = strstr(out, "Dropped in the kernel, by reason\n");
	CHECK(p != NULL);
	if (p) {
		char *udp = strstr(p, "drop_udp_rate"), *syn = strstr(p, "drop_syn_rate");
		char *mal = strstr(p, "sip_drop_malformed");
		char *ban = strstr(p, "drop_banned");

		CHECK(udp && syn && mal && ban);
		CHECK(udp < syn && syn < mal && mal < ban);
	}
	CHECK(strstr(out, " 100.0 ") != NULL);	/* drop_udp_rate */
	CHECK(strstr(out, "  500.0 ") != NULL);	/* packets: 1000 in 2 s */
	CHECK_NO(out, "drop_pkt_rate");
	CHECK_NO(out, "list_expired");
	CHECK_NO(out, "\033");		/* no ANSI unless asked */
	CHECK(strstr(out, "blocklist entries (auto 17)") != NULL);
	CHECK(strstr(out, "per-source table (max 65536)") != NULL);
	CHECK(strstr(out, "punt_register") != NULL);
	/* segctl run: reasons by rate (bye_spoof 5/s, learned 45/s). */
	p = strstr(out, "segctl run verdict reasons\n");
	CHECK(p && strstr(p, "learned") < strstr(p, "bye_spoof"));
	CHECK(strstr(out, "queue 1 (secure) packets") != NULL);
	CHECK(strstr(out, "queue 1 ENOBUFS") != NULL);
	p = strstr(out, "segctl run anomalies\n");
	CHECK(p && strstr(p, "unparsed") && strstr(p, "1.0"));
	CHECK(strstr(out, "segctl run up 1h02m, fail closed") != NULL);
	CHECK_NO(out, "reg_hijack");
	free(out);

	out = render(true, 100, 0, true, &lines);
	CHECK(strstr(out, "drop_pkt_rate") != NULL);
	CHECK(strstr(out, "list_expired") != NULL);
	CHECK(strstr(out, "reg_hijack") != NULL);
	free(out);

	/* Width and height are respected. */
	out = render(true, 50, 12, true, &lines);
	CHECK(lines <= 11);
	n = 0;
	for (p = out; *p; p = strchr(p, '\n') + 1) {
		CHECK(strcspn(p, "\n") <= 50);
		n++;
	}
	CHECK_EQ(n, lines);
	CHECK(strstr(out, "more rows: enlarge the window") != NULL);
	free(out);

	/* The daemon down: said once, nothing of it shown. */
	out = render(false, 100, 0, false, &lines);
	CHECK(strstr(out, "segctl run: not answering (segctl run is not running)") != NULL);
	CHECK(strstr(out, "segctl run down") != NULL);
	CHECK_NO(out, "verdict ");
	free(out);
}

static void test_top_first_frame(void)
{
	struct top_opts o = { .width = 80, .ansi = true, .clock = "" };
	struct snap *s = fixture_snap(NULL);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	top_render(f, NULL, s, &o);
	fclose(f);
	/* No rates yet; erase to end of line and of screen. */
	CHECK(strstr(buf, "-                  100\033[K\n") != NULL);
	CHECK(strstr(buf, "\033[J") != NULL);
	CHECK_EQ(count_substr(buf, "\033[K\n"), count_substr(buf, "\n"));
	free(buf);
	snap_free(s);
}


static int check_file(const char *path)
{
	char err[256], *text = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "r");
	int n = 0;

	if (!f) {
		perror(path);
		return 2;
	}
	if (getdelim(&text, &len, '\0', f) < 0) {
		free(text);
		text = strdup("");
	}
	fclose(f);
	if (prom_check(text, err, sizeof(err), &n)) {
		printf("%s: %s\n", path, err);
		free(text);
		return 1;
	}
	printf("%s: valid, %d series\n", path, n);
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--check"))
		return check_file(argv[2]);
	fake_tree();
	UNIT_RUN(test_jsonval);
	UNIT_RUN(test_checker_rejects);
	UNIT_RUN(test_kernel_families);
	UNIT_RUN(test_segctl_families);
	UNIT_RUN(test_segctl_absent);
	UNIT_RUN(test_segctl_sip_off);
	UNIT_RUN(test_module_absent);
	UNIT_RUN(test_escaping_and_duplicates);
	UNIT_RUN(test_write_file);
	UNIT_RUN(test_top_screen);
	UNIT_RUN(test_top_first_frame);
	cleanup();
	return unit_done();
}
