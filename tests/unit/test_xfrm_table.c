// SPDX-License-Identifier: GPL-2.0
/*
 * The tunnel table (user/xfrm_table.c): the lookup a SIP layer asks
 * ("which tunnel does this source address + inbound SPI belong to?"),
 * SPIs of later key generations, the conflict checks between tunnels
 * and id allocation.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "xfrm_own.h"
#include "xfrm_table.h"

#define MAXARGS 40

static struct tunnel *add(struct ttable *tt, const char *name,
			  const char *line)
{
	char buf[1024], *argv[MAXARGS], *t;
	struct tunnel *tu = tt_new(tt);
	struct terr e;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s keyfile /k", line);
	for (t = strtok(buf, " "); t && argc < MAXARGS; t = strtok(NULL, " "))
		argv[argc++] = t;
	tspec_init(&tu->spec, name);
	if (tspec_parse_args(&tu->spec, argc, argv, &e) ||
	    tspec_finish(&tu->spec, &e))
		printf("# %s: %s (%s)\n", name, e.msg, e.tok);
	return tu;
}

static const struct tunnel *look(const struct ttable *tt, const char *src,
				 uint32_t spi)
{
	uint8_t a[16] = { 0 };

	if (inet_pton(AF_INET, src, a) == 1)
		return tt_lookup(tt, IMSSEG_FAMILY_V4, a, spi);
	inet_pton(AF_INET6, src, a);
	return tt_lookup(tt, IMSSEG_FAMILY_V6, a, spi);
}

static const char *name(const struct tunnel *t)
{
	return t ? t->spec.name : "(none)";
}

static void lookup(void)
{
	struct ttable tt;
	struct tunnel *ue2;

	tt_init(&tt);
	add(&tt, "ue1", "peer 198.51.100.7 local 192.0.2.1 mode transport spi-in 0x1001 spi-out 0x2001");
	ue2 = add(&tt, "ue2", "peer 2001:db8:e::2 local 2001:db8::1 mode transport spi-in 0x1002 spi-out 0x2002");
	add(&tt, "za1", "peer 203.0.113.2 local 192.0.2.1 subnets 10.1.0.0/16=10.2.0.0/16 fd01::/48=fd02::/48 spi-in 0x1003 spi-out 0x2003");
	/* the same inbound SPI on another local address is allowed */
	add(&tt, "ue3", "peer 198.51.100.8 local 192.0.2.99 mode transport spi-in 0x1001 spi-out 0x2004");
	/* ue2's key file has a second generation: a rekey's new SPIs */
	ue2->keys.n = 2;
	ue2->keys.gen[1].spi_in = 0x5002;
	ue2->keys.gen[1].spi_out = 0x6002;
	CHECK_EQ(tt_index(&tt), 0);

	CHECK_STR(name(look(&tt, "198.51.100.7", 0x1001)), "ue1");
	CHECK_STR(name(look(&tt, "198.51.100.8", 0x1001)), "ue3");
	CHECK_STR(name(look(&tt, "2001:db8:e::2", 0x1002)), "ue2");
	CHECK_STR(name(look(&tt, "2001:db8:e::2", 0x5002)), "ue2");
	CHECK_STR(name(look(&tt, "10.2.77.1", 0x1003)), "za1");
	CHECK_STR(name(look(&tt, "fd02::1234", 0x1003)), "za1");
	/* what must not match: wrong source, outbound SPI, unknown SPI */
	CHECK_STR(name(look(&tt, "198.51.100.9", 0x1001)), "(none)");
	CHECK_STR(name(look(&tt, "198.51.100.7", 0x2001)), "(none)");
	CHECK_STR(name(look(&tt, "198.51.100.7", 0x1002)), "(none)");
	CHECK_STR(name(look(&tt, "10.1.0.5", 0x1003)), "(none)");	/* local side */
	CHECK_STR(name(look(&tt, "10.3.0.1", 0x1003)), "(none)");
	CHECK_STR(name(look(&tt, "::ffff:198.51.100.7", 0x1001)), "(none)");
	CHECK_STR(name(look(&tt, "198.51.100.7", 0x9999)), "(none)");
	tt_free(&tt);
}

struct reports {
	char log[2048];
	int n;
};

static void rep(const struct tunnel *t, const char *msg, void *arg)
{
	struct reports *r = arg;
	char b[512];

	snprintf(b, sizeof(b), "%s: %s\n", t->spec.name, msg);
	strncat(r->log, b, sizeof(r->log) - strlen(r->log) - 1);
	r->n++;
}

static void checks(void)
{
	struct reports r = { "", 0 };
	struct ttable tt;

	tt_init(&tt);
	add(&tt, "a", "peer 198.51.100.7 local 192.0.2.1 subnets 10.1.0.0/16=10.2.0.0/16 spi-in 0x1001 spi-out 0x2001");
	add(&tt, "b", "peer 198.51.100.8 local 192.0.2.1 subnets 10.1.5.0/24=10.2.0.0/24 spi-in 0x1002 spi-out 0x2002");
	add(&tt, "c", "peer 198.51.100.7 local 192.0.2.1 mode transport spi-in 0x1001 spi-out 0x2003");
	add(&tt, "d", "peer 198.51.100.7 local 192.0.2.2 mode transport spi-in 0x1004 spi-out 0x2001");
	add(&tt, "e", "peer 198.51.100.9 local 192.0.2.1 mode transport spi-in 0x1005 spi-out 0x2005");
	add(&tt, "f", "peer 198.51.100.9 local 192.0.2.1 mode transport spi-in 0x1006 spi-out 0x2006");
	/* no SPIs anywhere: reported once its key file is loaded */
	add(&tt, "g", "peer 198.51.100.10 local 192.0.2.1 mode transport")->keys.n = 1;
	add(&tt, "h", "peer 198.51.100.11 local 192.0.2.1 mode transport");
	CHECK_EQ(tt_check(&tt, rep, &r), 5);
	CHECK_STR(r.log,
		  "c: spi-in 0x1001 is already used by tunnel a\n"
		  "g: no SPIs: give spi-in and spi-out, or put them in the key file\n"
		  "d: spi-out 0x2001 is already used by tunnel a\n"
		  "f: selector 192.0.2.1=198.51.100.9 overlaps tunnel e\n"
		  "b: selector 10.1.5.0/24=10.2.0.0/24 overlaps tunnel a's 10.1.0.0/16=10.2.0.0/16\n");
	tt_free(&tt);
}

/* Many UE tunnels check quickly and without false conflicts. */
static void scale(void)
{
	struct reports r = { "", 0 };
	struct ttable tt;
	char line[200], nm[16];
	int i;

	tt_init(&tt);
	for (i = 0; i < 20000; i++) {
		snprintf(nm, sizeof(nm), "ue%d", i);
		snprintf(line, sizeof(line),
			 "peer 10.%d.%d.%d local 192.0.2.1 mode transport spi-in %d spi-out %d",
			 100 + i / 62500, i / 250 % 250, i % 250 + 1, 0x10000 + i,
			 0x40000 + i);
		add(&tt, nm, line);
	}
	CHECK_EQ(tt_check(&tt, rep, &r), 0);
	CHECK_EQ(tt_index(&tt), 0);
	CHECK_STR(name(look(&tt, "10.100.39.251", 0x10000 + 9999)), "(none)");
	CHECK_STR(name(look(&tt, "10.100.39.250", 0x10000 + 9999)), "ue9999");
	tt_free(&tt);
}

static void ids(void)
{
	uint8_t *busy = calloc(XOWN_ID_MAX + 1, 1);

	busy[1] = busy[2] = busy[4] = 1;
	CHECK_EQ(xid_alloc(busy, 0), 3);
	CHECK_EQ(xid_alloc(busy, 0), 5);
	CHECK_EQ(xid_alloc(busy, 1), XOWN_ID_CLI + 1);
	CHECK_EQ(xid_alloc(busy, 1), XOWN_ID_CLI + 2);
	memset(busy + 1, 1, XOWN_ID_CLI - 1);
	CHECK_EQ(xid_alloc(busy, 0), 0);	/* config class full */
	CHECK_EQ(xid_alloc(busy, 1), XOWN_ID_CLI + 3);
	free(busy);
}

int main(void)
{
	UNIT_RUN(lookup);
	UNIT_RUN(checks);
	UNIT_RUN(scale);
	UNIT_RUN(ids);
	return unit_done();
}
