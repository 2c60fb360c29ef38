// SPDX-License-Identifier: GPL-2.0
/*
 * segctl's argument parsing for iface, allow, block and trust
 * (user/cli.c): tables of good inputs with what they parse to, and of
 * bad inputs with the exact error text.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "unit.h"

#define MAXARGS 12

/* Splits @line at spaces; "_" stands for an empty argument. */
static int split(const char *line, char *buf, size_t len, char **argv)
{
	int argc = 0;
	char *t;

	snprintf(buf, len, "%s", line);
	for (t = strtok(buf, " "); t && argc < MAXARGS; t = strtok(NULL, " "))
		argv[argc++] = strcmp(t, "_") ? t : t + 1;
	return argc;
}

struct bad_case {
	const char *args;
	const char *err;
};

static const struct bad_case bad_lists[] = {
	{ "block", "block: missing subcommand; expected add, del or list" },
	{ "block show", "block: unknown subcommand 'show'; expected add, del or list" },
	{ "block add", "block add: missing PREFIX" },
	{ "allow del", "allow del: missing PREFIX" },
	{ "block add 10.0.0.1/8",
	  "block add: bad prefix '10.0.0.1/8': host bits set; did you mean 10.0.0.0/8?" },
	{ "block add 2001:db8::1/32",
	  "block add: bad prefix '2001:db8::1/32': host bits set; did you mean 2001:db8::/32?" },
	{ "block add 10.0.0.0/33",
	  "block add: bad prefix '10.0.0.0/33': prefix length above 32" },
	{ "block add ::/129",
	  "block add: bad prefix '::/129': prefix length above 128" },
	{ "block add 10.0.0",
	  "block add: bad prefix '10.0.0': expected ADDRESS or ADDRESS/LENGTH (IPv4 or IPv6)" },
	{ "block add 10.0.0.0/",
	  "block add: bad prefix '10.0.0.0/': expected ADDRESS or ADDRESS/LENGTH (IPv4 or IPv6)" },
	{ "block add 010.0.0.0/8",
	  "block add: bad prefix '010.0.0.0/8': expected ADDRESS or ADDRESS/LENGTH (IPv4 or IPv6)" },
	{ "block add foo",
	  "block add: bad prefix 'foo': expected ADDRESS or ADDRESS/LENGTH (IPv4 or IPv6)" },
	{ "block add _",
	  "block add: bad prefix '': expected ADDRESS or ADDRESS/LENGTH (IPv4 or IPv6)" },
	{ "block add 10.0.0.0/8 ttl",
	  "block add: ttl needs a value (SECONDS)" },
	{ "block add 10.0.0.0/8 reason",
	  "block add: reason needs a value (TEXT)" },
	{ "block add 10.0.0.0/8 ttl -1",
	  "block add: bad ttl '-1': expected whole seconds 0..31536000 (0: no expiry)" },
	{ "block add 10.0.0.0/8 ttl +5",
	  "block add: bad ttl '+5': expected whole seconds 0..31536000 (0: no expiry)" },
	{ "block add 10.0.0.0/8 ttl 5s",
	  "block add: bad ttl '5s': expected whole seconds 0..31536000 (0: no expiry)" },
	{ "block add 10.0.0.0/8 ttl 1.5",
	  "block add: bad ttl '1.5': expected whole seconds 0..31536000 (0: no expiry)" },
	{ "block add 10.0.0.0/8 ttl _",
	  "block add: bad ttl '': expected whole seconds 0..31536000 (0: no expiry)" },
	{ "block add 10.0.0.0/8 ttl 31536001",
	  "block add: ttl '31536001' too large: at most 31536000 seconds (1 year); omit ttl for no expiry" },
	{ "block add 10.0.0.0/8 ttl 99999999999999999999999",
	  "block add: ttl '99999999999999999999999' too large: at most 31536000 seconds (1 year); omit ttl for no expiry" },
	{ "block add 10.0.0.0/8 ttl 5 ttl 6", "block add: ttl given twice" },
	{ "block add 10.0.0.0/8 reason a reason b",
	  "block add: reason given twice" },
	{ "block add 10.0.0.0/8 expire 5",
	  "block add: unknown argument 'expire'; expected ttl SECONDS or reason TEXT" },
	{ "block add 10.0.0.0/8 5",
	  "block add: unknown argument '5'; expected ttl SECONDS or reason TEXT" },
	{ "block del 10.0.0.0/8 ttl 5",
	  "block del: unexpected argument 'ttl'" },
	{ "block list all", "block list: unexpected argument 'all'" },
	{ "allow add 10.0.0.0/8 ttl 5 reason x extra",
	  "allow add: unknown argument 'extra'; expected ttl SECONDS or reason TEXT" },
};

static void test_list_bad(void)
{
	char buf[256], err[256];
	char *argv[MAXARGS];
	struct list_req r;
	size_t i;
	int argc;

	for (i = 0; i < ARRAY_SIZE(bad_lists); i++) {
		argc = split(bad_lists[i].args, buf, sizeof(buf), argv);
		err[0] = '\0';
		CHECK_EQ(cli_parse_list(argc, argv, &r, err, sizeof(err)), -1);
		CHECK_STR(err, bad_lists[i].err);
	}
}

/* Reasons with characters split() cannot carry. */
static void test_list_bad_reason(void)
{
	char long_reason[101], err[256];
	char *argv[] = { "block", "add", "10.0.0.0/8", "reason", NULL };
	struct list_req r;

	memset(long_reason, 'x', 100);
	long_reason[100] = '\0';
	argv[4] = long_reason;
	CHECK_EQ(cli_parse_list(5, argv, &r, err, sizeof(err)), -1);
	CHECK_STR(err, "block add: reason too long (100 characters; at most 63)");

	long_reason[64] = '\0';	/* 64: one too many */
	CHECK_EQ(cli_parse_list(5, argv, &r, err, sizeof(err)), -1);
	CHECK_STR(err, "block add: reason too long (64 characters; at most 63)");

	long_reason[63] = '\0';	/* 63: fits */
	CHECK_EQ(cli_parse_list(5, argv, &r, err, sizeof(err)), 0);
	CHECK_STR(r.reason, long_reason);

	argv[4] = "tab\there";
	CHECK_EQ(cli_parse_list(5, argv, &r, err, sizeof(err)), -1);
	CHECK_STR(err, "block add: reason has a non-printable character at position 4; use printable ASCII");

	argv[4] = "caf\xc3\xa9";
	CHECK_EQ(cli_parse_list(5, argv, &r, err, sizeof(err)), -1);
	CHECK_STR(err, "block add: reason has a non-printable character at position 4; use printable ASCII");

	argv[4] = "del\x7f";
	CHECK_EQ(cli_parse_list(5, argv, &r, err, sizeof(err)), -1);
	CHECK_STR(err, "block add: reason has a non-printable character at position 4; use printable ASCII");
}

static void test_list_good(void)
{
	char buf[256], err[256], text[IMSSEG_PREFIX_STRLEN];
	char *argv[MAXARGS];
	struct list_req r;
	int argc;

	argc = split("block add 10.0.0.0/8", buf, sizeof(buf), argv);
	CHECK_EQ(cli_parse_list(argc, argv, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.op, CLI_OP_ADD);
	CHECK_EQ(r.list, IMSSEG_LIST_BLOCK);
	CHECK_EQ(r.prefix.family, IMSSEG_FAMILY_V4);
	CHECK_EQ(r.prefix.plen, 8);
	CHECK_EQ(r.prefix.addr[0], 10);
	CHECK_EQ(r.ttl, 0);
	CHECK(!r.has_reason);

	argc = split("allow add 2001:DB8::/32 reason peer-seg ttl 31536000",
		     buf, sizeof(buf), argv);
	CHECK_EQ(cli_parse_list(argc, argv, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.list, IMSSEG_LIST_ALLOW);
	CHECK_EQ(r.prefix.family, IMSSEG_FAMILY_V6);
	imsseg_prefix_format(&r.prefix, text, sizeof(text));
	CHECK_STR(text, "2001:db8::/32");
	CHECK_EQ(r.ttl, 31536000);
	CHECK(r.has_reason);
	CHECK_STR(r.reason, "peer-seg");

	argc = split("block add 192.0.2.1 ttl 0 reason _", buf, sizeof(buf),
		     argv);
	CHECK_EQ(cli_parse_list(argc, argv, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.prefix.plen, 32);
	CHECK_EQ(r.ttl, 0);
	CHECK(r.has_reason);
	CHECK_STR(r.reason, "");

	argc = split("block add 0.0.0.0/0 ttl 007", buf, sizeof(buf), argv);
	CHECK_EQ(cli_parse_list(argc, argv, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.prefix.plen, 0);
	CHECK_EQ(r.ttl, 7);

	argc = split("block del ::ffff:10.0.0.0/104", buf, sizeof(buf), argv);
	CHECK_EQ(cli_parse_list(argc, argv, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.op, CLI_OP_DEL);
	CHECK_EQ(r.prefix.family, IMSSEG_FAMILY_V6);
	CHECK_EQ(r.prefix.plen, 104);

	argc = split("allow list", buf, sizeof(buf), argv);
	CHECK_EQ(cli_parse_list(argc, argv, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.op, CLI_OP_LIST);
	CHECK_EQ(r.list, IMSSEG_LIST_ALLOW);
}

static const struct bad_case bad_ifaces[] = {
	{ "iface", "iface: missing subcommand; expected set or list" },
	{ "iface get", "iface: unknown subcommand 'get'; expected set or list" },
	{ "iface set", "iface set: missing DEV" },
	{ "iface set eth0",
	  "iface set: missing ROLE (untrusted, trusted, za or none)" },
	{ "iface set eth0 internet",
	  "iface set: unknown role 'internet'; expected untrusted, trusted, za or none" },
	{ "iface set eth0 Trusted",
	  "iface set: unknown role 'Trusted'; expected untrusted, trusted, za or none" },
	{ "iface set eth0 za extra",
	  "iface set: unexpected argument 'extra'" },
	{ "iface set abcdefghijklmnop trusted",
	  "iface set: bad interface name 'abcdefghijklmnop': 1 to 15 characters" },
	{ "iface set _ trusted",
	  "iface set: bad interface name '': 1 to 15 characters" },
	{ "iface set eth0/1 trusted",
	  "iface set: bad interface name 'eth0/1'" },
	{ "iface set eth0:1 trusted",
	  "iface set: bad interface name 'eth0:1'" },
	{ "iface set .. trusted", "iface set: bad interface name '..'" },
	{ "iface list -x", "iface list: unexpected argument '-x'" },
};

static void test_iface(void)
{
	char buf[256], err[256];
	char *argv[MAXARGS];
	struct iface_req r;
	size_t i;
	int argc;

	for (i = 0; i < ARRAY_SIZE(bad_ifaces); i++) {
		argc = split(bad_ifaces[i].args, buf, sizeof(buf), argv);
		err[0] = '\0';
		CHECK_EQ(cli_parse_iface(argc, argv, &r, err, sizeof(err)), -1);
		CHECK_STR(err, bad_ifaces[i].err);
	}

	argc = split("iface set abcdefghijklmno za", buf, sizeof(buf), argv);
	CHECK_EQ(cli_parse_iface(argc, argv, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.op, CLI_OP_SET);
	CHECK_STR(r.dev, "abcdefghijklmno");
	CHECK_EQ(r.role, IMSSEG_ROLE_ZA);

	argc = split("iface set veth0 none", buf, sizeof(buf), argv);
	CHECK_EQ(cli_parse_iface(argc, argv, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.role, IMSSEG_ROLE_NONE);
	argc = split("iface set veth0 untrusted", buf, sizeof(buf), argv);
	CHECK_EQ(cli_parse_iface(argc, argv, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.role, IMSSEG_ROLE_UNTRUSTED);
	argc = split("iface set veth0 trusted", buf, sizeof(buf), argv);
	CHECK_EQ(cli_parse_iface(argc, argv, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.role, IMSSEG_ROLE_TRUSTED);

	argc = split("iface list", buf, sizeof(buf), argv);
	CHECK_EQ(cli_parse_iface(argc, argv, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.op, CLI_OP_LIST);
}

static const struct bad_case bad_trusts[] = {
	{ "trust", "trust: missing ADDR" },
	{ "trust 10.0.0.0/8",
	  "trust: bad address '10.0.0.0/8': expected one IPv4 or IPv6 address" },
	{ "trust 10.0.0.256",
	  "trust: bad address '10.0.0.256': expected one IPv4 or IPv6 address" },
	{ "trust fe80::1%eth0",
	  "trust: bad address 'fe80::1%eth0': expected one IPv4 or IPv6 address" },
	{ "trust host.example",
	  "trust: bad address 'host.example': expected one IPv4 or IPv6 address" },
	{ "trust 10.0.0.1 10.0.0.2", "trust: unexpected argument '10.0.0.2'" },
};

static void test_trust(void)
{
	char buf[256], err[256];
	char *argv[MAXARGS];
	struct trust_req r;
	size_t i;
	int argc;

	for (i = 0; i < ARRAY_SIZE(bad_trusts); i++) {
		argc = split(bad_trusts[i].args, buf, sizeof(buf), argv);
		err[0] = '\0';
		CHECK_EQ(cli_parse_trust(argc, argv, &r, err, sizeof(err)), -1);
		CHECK_STR(err, bad_trusts[i].err);
	}

	argc = split("trust 192.0.2.7", buf, sizeof(buf), argv);
	CHECK_EQ(cli_parse_trust(argc, argv, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.family, IMSSEG_FAMILY_V4);
	CHECK_EQ(r.addr[3], 7);
	CHECK_STR(r.text, "192.0.2.7");

	argc = split("trust 2001:DB8:0:0::1", buf, sizeof(buf), argv);
	CHECK_EQ(cli_parse_trust(argc, argv, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.family, IMSSEG_FAMILY_V6);
	CHECK_EQ(r.addr[15], 1);
	CHECK_STR(r.text, "2001:db8::1");
}

static void test_names(void)
{
	CHECK_STR(cli_role_name(IMSSEG_ROLE_ZA), "za");
	CHECK_STR(cli_role_name(__IMSSEG_ROLE_MAX), "?");
	CHECK_STR(cli_list_name(IMSSEG_LIST_BLOCK), "block");
	CHECK_STR(cli_list_name(__IMSSEG_LIST_MAX), "?");
	CHECK_STR(cli_class_name(IMSSEG_CLASS_DENIED), "denied");
	CHECK_STR(cli_class_name(__IMSSEG_CLASS_MAX), "?");
	CHECK_STR(cli_origin_name(IMSSEG_ORIGIN_AUTO), "auto");
	CHECK_STR(cli_origin_name(__IMSSEG_ORIGIN_MAX), "?");
}

int main(void)
{
	UNIT_RUN(test_list_bad);
	UNIT_RUN(test_list_bad_reason);
	UNIT_RUN(test_list_good);
	UNIT_RUN(test_iface);
	UNIT_RUN(test_trust);
	UNIT_RUN(test_names);
	return unit_done();
}
