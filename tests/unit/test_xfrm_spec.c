// SPDX-License-Identifier: GPL-2.0
/*
 * The tunnel grammar shared by "segctl tunnel add" and [tunnel]
 * sections (user/xfrm_spec.c): good command lines and their canonical
 * form, bad ones with the exact message and offending token, and the
 * config variants (flags as yes/no, several subnets on one line).
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "xfrm_spec.h"

#define MAXARGS 40

static int split(const char *line, char *buf, size_t len, char **argv)
{
	int argc = 0;
	char *t;

	snprintf(buf, len, "%s", line);
	for (t = strtok(buf, " "); t && argc < MAXARGS; t = strtok(NULL, " "))
		argv[argc++] = t;
	return argc;
}

/* Parses @line as "tunnel add t1 LINE"; the error as "MSG (token 'X')". */
static int parse(const char *line, struct tspec *t, char *err, size_t len)
{
	char buf[1024], *argv[MAXARGS];
	int argc = split(line, buf, sizeof(buf), argv);
	struct terr e;

	tspec_init(t, "t1");
	if (tspec_parse_args(t, argc, argv, &e) || tspec_finish(t, &e)) {
		terr_str(&e, err, len);
		return -1;
	}
	return 0;
}

#define K "keyfile /etc/imsseg/k.key"

static const struct {
	const char *args, *canon;
} goods[] = {
	{ "peer 192.0.2.2 local 192.0.2.1 " K,
	  "peer 192.0.2.2 local 192.0.2.1 mode tunnel aead rfc4106(gcm(aes)) " K },
	{ "local 2001:db8::1 peer 2001:DB8::2 subnets 10.1.0.0/16=10.2.0.0/16 fd00:1::/48=fd00:2::/48 "
	  "enc cbc(aes) auth hmac(sha256) " K " spi-in 4097 spi-out 0x2001 lifetime 1h lifebytes 1000/900 za",
	  "peer 2001:db8::2 local 2001:db8::1 subnets 10.1.0.0/16=10.2.0.0/16 fd00:1::/48=fd00:2::/48 "
	  "mode tunnel enc cbc(aes) auth hmac(sha256) " K " spi-in 0x1001 spi-out 0x2001 "
	  "lifetime 3600/3240 lifebytes 1000/900 za" },
	{ "peer 192.0.2.2 local 192.0.2.1 mode transport enc ecb(cipher_null) auth hmac(sha1) " K
	  " lifetime 60/30 required",
	  "peer 192.0.2.2 local 192.0.2.1 mode transport enc ecb(cipher_null) auth hmac(sha1) " K
	  " lifetime 60/30 required" },
};

static void good(void)
{
	char err[512], canon[1024];
	struct tspec t, u;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(goods); i++) {
		err[0] = '\0';
		CHECK_EQ(parse(goods[i].args, &t, err, sizeof(err)), 0);
		if (err[0])
			printf("# %s\n", err);
		CHECK(tspec_format(&t, canon, sizeof(canon)) > 0);
		CHECK_STR(canon, goods[i].canon);
		/* the canonical form parses to the same spec */
		CHECK_EQ(parse(canon, &u, err, sizeof(err)), 0);
		CHECK(tspec_same(&t, &u));
	}
	CHECK_EQ(parse(goods[1].args, &t, err, sizeof(err)), 0);
	CHECK(t.required);	/* za implies required */
	CHECK_EQ(t.nsel, 2);
	CHECK_EQ(t.spi_in, 0x1001);
}

static const struct {
	const char *args, *err;
} bads[] = {
	{ "", "peer ADDR is missing" },
	{ "peer 192.0.2.2 " K, "local ADDR is missing" },
	{ "peer 192.0.2.2 local 192.0.2.1", "keyfile PATH is missing" },
	{ "peer 192.0.2.300 local 192.0.2.1 " K,
	  "bad peer address: expected one IPv4 or IPv6 address (token '192.0.2.300')" },
	{ "peer 192.0.2.0/24 local 192.0.2.1 " K,
	  "bad peer address: expected one IPv4 or IPv6 address (token '192.0.2.0/24')" },
	{ "peer 192.0.2.2 local 2001:db8::1 " K,
	  "peer and local must be of the same family" },
	{ "peer 192.0.2.1 local 192.0.2.1 " K, "peer and local are the same address" },
	{ "peer 192.0.2.2 peer 192.0.2.3 local 192.0.2.1 " K,
	  "peer is given twice (token 'peer')" },
	{ "peer 192.0.2.2 local 192.0.2.1 " K " colour blue",
	  "unknown keyword; expected peer, local, subnets, mode, aead, enc, auth, keyfile, spi-in, spi-out, lifetime, lifebytes, required or za (token 'colour')" },
	{ "peer 192.0.2.2 local", "local needs a value (ADDR) (token 'local')" },
	{ "peer 192.0.2.2 local 192.0.2.1 subnets " K,
	  "subnets needs at least one LOCAL=REMOTE (token 'subnets')" },
	{ "peer 192.0.2.2 local 192.0.2.1 subnets 10.1.0.0/16 " K,
	  "bad subnet pair: expected LOCAL=REMOTE, e.g. 10.1.0.0/16=10.2.0.0/16 (token '10.1.0.0/16')" },
	{ "peer 192.0.2.2 local 192.0.2.1 subnets 10.1.0.1/16=10.2.0.0/16 " K,
	  "bad local prefix 10.1.0.1/16: host bits set; did you mean 10.1.0.0/16? (token '10.1.0.1/16=10.2.0.0/16')" },
	{ "peer 192.0.2.2 local 192.0.2.1 subnets 10.1.0.0/16=fd00::/8 " K,
	  "bad subnet pair: LOCAL and REMOTE are of different families (token '10.1.0.0/16=fd00::/8')" },
	{ "peer 192.0.2.2 local 192.0.2.1 subnets 10.1.0.0/16=10.2.0.0/16 10.1.1.0/24=10.2.0.0/24 " K,
	  "subnet pairs overlap (with 10.1.0.0/16=10.2.0.0/16) (token '10.1.1.0/24=10.2.0.0/24')" },
	{ "peer 192.0.2.2 local 192.0.2.1 mode tunel " K,
	  "bad mode: expected tunnel or transport (token 'tunel')" },
	{ "peer 192.0.2.2 local 192.0.2.1 aead gcm(aes) " K,
	  "unknown aead algorithm; expected rfc4106(gcm(aes)) or rfc7539esp(chacha20,poly1305) (token 'gcm(aes)')" },
	{ "peer 192.0.2.2 local 192.0.2.1 enc aes " K,
	  "unknown enc algorithm; expected cbc(aes), rfc3686(ctr(aes)) or ecb(cipher_null) (token 'aes')" },
	{ "peer 192.0.2.2 local 192.0.2.1 enc cbc(aes) " K,
	  "enc needs auth: ESP without integrity is refused (token 'enc')" },
	{ "peer 192.0.2.2 local 192.0.2.1 auth hmac(sha256) " K,
	  "auth needs enc (use enc ecb(cipher_null) for integrity only) (token 'auth')" },
	{ "peer 192.0.2.2 local 192.0.2.1 aead rfc4106(gcm(aes)) enc cbc(aes) auth hmac(sha1) " K,
	  "aead cannot be combined with enc or auth (token 'enc')" },
	{ "peer 192.0.2.2 local 192.0.2.1 keyfile etc/k.key",
	  "keyfile must be an absolute path (token 'etc/k.key')" },
	{ "peer 192.0.2.2 local 192.0.2.1 " K " spi-in 0x1001",
	  "spi-in and spi-out go together" },
	{ "peer 192.0.2.2 local 192.0.2.1 " K " spi-in 255 spi-out 0x2001",
	  "bad spi-in: expected 256..0xffffffff (decimal or 0x-hex) (token '255')" },
	{ "peer 192.0.2.2 local 192.0.2.1 " K " lifetime 0",
	  "bad lifetime: expected SECONDS[/SOFT], e.g. 3600/3240 or 8h (suffix s, m, h or d) (token '0')" },
	{ "peer 192.0.2.2 local 192.0.2.1 " K " lifetime 60/60",
	  "bad lifetime: the soft limit must be below the hard one and above 0 (token '60/60')" },
	{ "peer 192.0.2.2 local 192.0.2.1 " K " lifebytes 1x",
	  "bad lifebytes: expected BYTES[/SOFT], e.g. 1000000000/900000000 (token '1x')" },
	{ "peer 192.0.2.2 local 192.0.2.1 subnets 10.1.0.0/16=10.2.0.0/16 mode transport " K,
	  "subnets need mode tunnel (transport mode protects local <-> peer) (token 'subnets')" },
	{ "peer 192.0.2.2 local 192.0.2.1 mode transport za " K,
	  "a za tunnel (TS 33.210) must use mode tunnel (token 'transport')" },
	{ "peer 192.0.2.2 local 192.0.2.1 enc ecb(cipher_null) auth hmac(sha256) za " K,
	  "a za tunnel (TS 33.210) needs encryption and integrity (token 'ecb(cipher_null)')" },
};

static void bad(void)
{
	char err[512];
	struct tspec t;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bads); i++) {
		err[0] = '\0';
		CHECK_EQ(parse(bads[i].args, &t, err, sizeof(err)), -1);
		CHECK_STR(err, bads[i].err);
	}
}

static void names(void)
{
	struct terr e;

	CHECK_EQ(tspec_check_name("za-1.peer_B", &e), 0);
	CHECK_EQ(tspec_check_name("", &e), -1);
	CHECK_EQ(tspec_check_name("a b", &e), -1);
	CHECK_STR(e.msg, "tunnel name may only contain letters, digits, '_', '-' and '.'");
	CHECK_EQ(tspec_check_name("-x", &e), -1);
	CHECK_EQ(tspec_check_name("0123456789012345678901234567890123", &e), -1);
	CHECK_STR(e.msg, "tunnel name must have 1..31 characters");
}

/* segctl.conf lines: several values in one line, flags as yes/no */
static void config(void)
{
	char v1[] = "10.1.0.0/16=10.2.0.0/16", v2[] = "fd00::/16=fd01::/16";
	char yes[] = "yes", maybe[] = "maybe", no[] = "no";
	char *sub[] = { v1, v2 }, *flag[] = { yes }, *bad[] = { maybe };
	char *off[] = { no };
	struct tspec t;
	struct terr e;

	tspec_init(&t, "c1");
	CHECK_EQ(tspec_key(&t, "subnets", sub, 2, true, &e), 0);
	CHECK_EQ(t.nsel, 2);
	CHECK_EQ(tspec_key(&t, "required", flag, 1, true, &e), 0);
	CHECK(t.required);
	CHECK_EQ(tspec_key(&t, "za", bad, 1, true, &e), -1);
	CHECK_STR(e.msg, "za takes yes or no");
	CHECK_STR(e.tok, "maybe");
	tspec_init(&t, "c2");
	CHECK_EQ(tspec_key(&t, "required", off, 1, true, &e), 0);
	CHECK(!t.required);
	CHECK_EQ(tspec_key(&t, "peer", sub, 2, true, &e), -1);
	CHECK_STR(e.msg, "peer takes one value (ADDR)");
}

static void overlap(void)
{
	struct tsel a, b;
	char err[64];
	struct tspec t;

	CHECK_EQ(parse("peer 192.0.2.2 local 192.0.2.1 subnets 10.0.0.0/8=0.0.0.0/0 " K,
		       &t, err, sizeof(err)), 0);
	a = t.sel[0];
	CHECK_EQ(parse("peer 192.0.2.2 local 192.0.2.1 subnets 10.9.0.0/16=192.168.1.0/24 " K,
		       &t, err, sizeof(err)), 0);
	b = t.sel[0];
	CHECK(tsel_overlap(&a, &b));
	CHECK_EQ(parse("peer 192.0.2.2 local 192.0.2.1 subnets 11.9.0.0/16=192.168.1.0/24 " K,
		       &t, err, sizeof(err)), 0);
	b = t.sel[0];
	CHECK(!tsel_overlap(&a, &b));
}

int main(void)
{
	UNIT_RUN(good);
	UNIT_RUN(bad);
	UNIT_RUN(names);
	UNIT_RUN(config);
	UNIT_RUN(overlap);
	return unit_done();
}
