// SPDX-License-Identifier: GPL-2.0
/*
 * segctl's user-space pieces against a fake sysfs tree (IMSSEG_SYSFS):
 * counter reading, version checks, JSON escaping.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "unit.h"
#include "json.h"
#include "segctl.h"
#include "sysfs.h"
#include "version.h"

static char root[64];

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

static void fake_tree(void)
{
	char path[256];

	strcpy(root, "/tmp/segctl-unit-XXXXXX");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(path, sizeof(path), "%s/stats", root);
	mkdir(path, 0755);
	put("version", "0.1.0\n");
	put("abi_version", "1\n");
	put("stats/ipv4_udp_packets", "42\n");
	put("stats/ipv4_tcp_packets", "18446744073709551615\n");
	put("stats/ipv6_udp_bytes", "0\n");
	setenv("IMSSEG_SYSFS", root, 1);
}

static void test_counters_sorted(void)
{
	struct sysfs_counter c[8];
	int n = sysfs_read_counters("stats", c, 8);

	CHECK_EQ(n, 3);
	if (n != 3)
		return;
	CHECK_STR(c[0].name, "ipv4_tcp_packets");
	CHECK(c[0].value == 18446744073709551615ULL);
	CHECK_STR(c[1].name, "ipv4_udp_packets");
	CHECK_EQ(c[1].value, 42);
	CHECK_STR(c[2].name, "ipv6_udp_bytes");
	CHECK_EQ(c[2].value, 0);
}

static void test_counters_too_many(void)
{
	struct sysfs_counter c[2];

	CHECK_EQ(sysfs_read_counters("stats", c, 2), -E2BIG);
}

static void test_counter_garbage(void)
{
	struct sysfs_counter c[8];
	static const char * const bad[] = {
		"-1\n", "12x\n", "\n", "18446744073709551616\n", " 5\n",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		put("stats/zz_bad", bad[i]);
		CHECK_EQ(sysfs_read_counters("stats", c, 8), -EINVAL);
	}
	put("stats/zz_bad", "7\n");
	CHECK_EQ(sysfs_read_counters("stats", c, 8), 4);
}

static void test_missing_module(void)
{
	setenv("IMSSEG_SYSFS", "/nonexistent/imsseg", 1);
	CHECK_EQ(sysfs_module_present(), -ENOENT);
	setenv("IMSSEG_SYSFS", root, 1);
	CHECK_EQ(sysfs_module_present(), 0);
}

static void test_version_read(void)
{
	struct segctl_version k;

	CHECK_EQ(version_of_module(&k), 0);
	CHECK_STR(k.version, "0.1.0");
	CHECK_EQ(k.abi, 1);
	put("abi_version", "one\n");
	CHECK_EQ(version_of_module(&k), -EINVAL);
	put("abi_version", "1\n");
}

static void test_version_compatible(void)
{
	static const struct {
		struct segctl_version u, k;
		int ok;
		const char *why;
	} cases[] = {
		{ { "0.1.0", 1 }, { "0.1.0", 1 }, 0, "" },
		{ { "0.1.0", 1 }, { "0.1.0", 2 }, -1, "ABI mismatch" },
		{ { "0.1.0", 1 }, { "0.1.1", 1 }, -1, "version mismatch" },
		{ { "0.2.0", 2 }, { "0.1.0", 1 }, -1, "ABI mismatch" },
	};
	char why[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		why[0] = '\0';
		CHECK_EQ(version_compatible(&cases[i].u, &cases[i].k, why,
					    sizeof(why)), cases[i].ok);
		CHECK(strstr(why, cases[i].why) == why);
	}
}

static void test_json_escape(void)
{
	char *buf = NULL;
	size_t len = 0;
	struct json j;
	FILE *f = open_memstream(&buf, &len);

	json_init(&j, f);
	json_obj_open(&j, NULL);
	json_str(&j, "a\"b", "x\\y\n\t\x01z");
	json_u64(&j, "n", 18446744073709551615ULL);
	json_obj_open(&j, "o");
	json_obj_close(&j);
	json_obj_close(&j);
	fclose(f);
	CHECK_STR(buf,
		  "{\"a\\\"b\":\"x\\\\y\\n\\t\\u0001z\",\"n\":18446744073709551615,\"o\":{}}\n");
	free(buf);
}

static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		fprintf(stderr, "cleanup of %s failed\n", root);
}

int main(void)
{
	fake_tree();
	UNIT_RUN(test_counters_sorted);
	UNIT_RUN(test_counters_too_many);
	UNIT_RUN(test_counter_garbage);
	UNIT_RUN(test_missing_module);
	UNIT_RUN(test_version_read);
	UNIT_RUN(test_version_compatible);
	UNIT_RUN(test_json_escape);
	cleanup();
	return unit_done();
}
