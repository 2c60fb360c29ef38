// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of address prefixes (kernel/imsseg_prefix.c). The parser
 * and formatter are checked against glibc inet_pton()/inet_ntop() on
 * fixed tricky cases and on hundreds of thousands of generated inputs.
 * Inputs are handed to imsseg_* in heap buffers of exactly their length
 * (no NUL), so ASan catches any read past the end.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>

#include "unit.h"
#include "imsseg_prefix.h"

#define V4 IMSSEG_FAMILY_V4
#define V6 IMSSEG_FAMILY_V6

static unsigned int rn(unsigned int n)
{
	return (unsigned int)(unit_rnd() % n);
}

/* Exact-length heap copy of s, no NUL. */
static char *dup_exact(const char *s, size_t len)
{
	char *p = malloc(len ? len : 1);

	memcpy(p, s, len);
	return p;
}

static int parse4(const char *s, u8 out[4])
{
	size_t len = strlen(s);
	char *p = dup_exact(s, len);
	int rc = imsseg_parse_ipv4(p, len, out);

	free(p);
	return rc;
}

static int parse6(const char *s, u8 out[16])
{
	size_t len = strlen(s);
	char *p = dup_exact(s, len);
	int rc = imsseg_parse_ipv6(p, len, out);

	free(p);
	return rc;
}

static int pparse(struct imsseg_prefix *pf, const char *s, unsigned int flags)
{
	size_t len = strlen(s);
	char *p = dup_exact(s, len);
	int rc = imsseg_prefix_parse(pf, p, len, flags);

	free(p);
	return rc;
}

/* Parse a prefix that must be valid (test helper). */
static struct imsseg_prefix P(const char *s)
{
	struct imsseg_prefix p;

	memset(&p, 0xa5, sizeof(p));
	if (pparse(&p, s, 0))
		printf("# bad test prefix %s\n", s);
	return p;
}

static const char *fmt(const struct imsseg_prefix *p)
{
	static char buf[4][IMSSEG_PREFIX_STRLEN];
	static unsigned int k;
	char *b = buf[k++ % 4];

	if (imsseg_prefix_format(p, b, IMSSEG_PREFIX_STRLEN) < 0)
		strcpy(b, "(error)");
	return b;
}

static unsigned int popcount_prefix(const u8 *a, unsigned int len,
				    unsigned int *ones)
{
	unsigned int i, n = 0, leading = 0, seen_zero = 0;

	for (i = 0; i < len * 8; i++) {
		if (a[i / 8] & (0x80 >> (i % 8))) {
			n++;
			if (!seen_zero)
				leading++;
		} else {
			seen_zero = 1;
		}
	}
	*ones = n;
	return leading;
}

static void test_mask(void)
{
	unsigned int plen, ones, i;
	u8 a[16];

	for (plen = 0; plen <= 130; plen++) {
		memset(a, 0xff, sizeof(a));
		imsseg_addr_mask(a, 16, plen);
		CHECK_EQ(popcount_prefix(a, 16, &ones), plen > 128 ? 128 : plen);
		CHECK_EQ(ones, plen > 128 ? 128 : plen);
	}
	for (plen = 0; plen <= 33; plen++) {
		memset(a, 0xff, sizeof(a));
		imsseg_addr_mask(a, 4, plen);
		CHECK_EQ(popcount_prefix(a, 4, &ones), plen > 32 ? 32 : plen);
		CHECK_EQ(ones, plen > 32 ? 32 : plen);
		for (i = 4; i < 16; i++)
			CHECK_EQ(a[i], 0xff);	/* nothing past len */
	}
	/* A random address masked is inside its prefix, and minimal. */
	for (i = 0; i < 20000; i++) {
		struct imsseg_prefix p;
		u8 fam = rn(2) ? V4 : V6, b[16];
		unsigned int bits = fam == V4 ? 32 : 128, j;

		for (j = 0; j < 16; j++)
			a[j] = (u8)unit_rnd();
		plen = rn(bits + 1);
		CHECK(!imsseg_prefix_set(&p, fam, a, plen));
		CHECK(imsseg_prefix_contains(&p, fam, a));
		memcpy(b, a, 16);
		imsseg_addr_mask(b, bits / 8, plen);
		CHECK(!memcmp(p.addr, b, bits / 8));
		for (j = bits / 8; j < 16; j++)
			CHECK_EQ(p.addr[j], 0);
		if (plen < bits) {
			/* flipping a bit after the prefix stays inside */
			j = plen + rn(bits - plen);
			memcpy(b, a, 16);
			b[j / 8] ^= 0x80 >> (j % 8);
			CHECK(imsseg_prefix_contains(&p, fam, b));
		}
		if (plen) {
			/* flipping a bit inside the prefix leaves it */
			j = rn(plen);
			memcpy(b, a, 16);
			b[j / 8] ^= 0x80 >> (j % 8);
			CHECK(!imsseg_prefix_contains(&p, fam, b));
		}
	}
}

static void test_set(void)
{
	static const u8 a[16] = { 0xc0, 0, 2, 0xff, 1, 2, 3, 4,
				  5, 6, 7, 8, 9, 10, 11, 12 };
	struct imsseg_prefix p, before;

	CHECK_EQ(sizeof(struct imsseg_prefix), 20);
	CHECK_EQ(imsseg_family_bits(V4), 32);
	CHECK_EQ(imsseg_family_bits(V6), 128);
	CHECK_EQ(imsseg_family_bits(0), 0);
	CHECK_EQ(imsseg_family_bits(AF_INET6), 0);

	memset(&p, 0x5a, sizeof(p));
	CHECK(!imsseg_prefix_set(&p, V4, a, 24));
	CHECK_STR(fmt(&p), "192.0.2.0/24");
	CHECK(!p.pad[0] && !p.pad[1] && !p.addr[4] && !p.addr[15]);

	before = p;
	CHECK_EQ(imsseg_prefix_set(&p, V4, a, 33), -EINVAL);
	CHECK_EQ(imsseg_prefix_set(&p, V6, a, 129), -EINVAL);
	CHECK_EQ(imsseg_prefix_set(&p, AF_INET, a, 8), -EINVAL);
	CHECK_EQ(imsseg_prefix_set(&p, 0, a, 0), -EINVAL);
	CHECK(!memcmp(&p, &before, sizeof(p)));

	CHECK(!imsseg_prefix_set(&p, V6, a, 128));
	CHECK_STR(fmt(&p), "c000:2ff:102:304:506:708:90a:b0c");
	CHECK(!imsseg_prefix_set(&p, V6, a, 0));
	CHECK_STR(fmt(&p), "::/0");
	CHECK(!imsseg_prefix_set(&p, V6, a, 17));
	CHECK_STR(fmt(&p), "c000::/17");
	CHECK(!imsseg_prefix_set(&p, V4, a, 0));
	CHECK_STR(fmt(&p), "0.0.0.0/0");
}

static void test_src_keys(void)
{
	struct imsseg_prefix k[IMSSEG_SRC_KEYS_MAX];
	u8 a[16];

	memset(k, 0x77, sizeof(k));
	CHECK(inet_pton(AF_INET, "198.51.100.7", a) == 1);
	CHECK_EQ(imsseg_prefix_src_keys(k, V4, a), 1);
	CHECK_STR(fmt(&k[0]), "198.51.100.7");
	CHECK_EQ(k[0].plen, 32);
	CHECK_EQ(k[0].family, V4);
	CHECK(!k[0].pad[0] && !k[0].addr[4] && !k[0].addr[15]);

	CHECK(inet_pton(AF_INET6, "2001:db8:1234:5678:9abc:def0:1234:5678",
			a) == 1);
	CHECK_EQ(imsseg_prefix_src_keys(k, V6, a), 4);
	CHECK_STR(fmt(&k[0]), "2001:db8:1234:5678:9abc:def0:1234:5678");
	CHECK_STR(fmt(&k[1]), "2001:db8:1234:5678::/64");
	CHECK_STR(fmt(&k[2]), "2001:db8:1234:5600::/56");
	CHECK_STR(fmt(&k[3]), "2001:db8:1234::/48");

	CHECK(inet_pton(AF_INET6, "2001:db8:ffff:ffff:ffff::1", a) == 1);
	CHECK_EQ(imsseg_prefix_src_keys(k, V6, a), 4);
	CHECK_STR(fmt(&k[1]), "2001:db8:ffff:ffff::/64");
	CHECK_STR(fmt(&k[2]), "2001:db8:ffff:ff00::/56");
	CHECK_STR(fmt(&k[3]), "2001:db8:ffff::/48");
	CHECK(imsseg_prefix_contains(&k[3], V6, a));
	CHECK(imsseg_prefix_covers(&k[3], &k[0]));
	CHECK(imsseg_prefix_covers(&k[2], &k[1]));
	CHECK(!imsseg_prefix_covers(&k[1], &k[2]));

	CHECK_EQ(imsseg_prefix_src_keys(k, AF_INET, a), 0);
	CHECK_EQ(imsseg_prefix_src_keys(k, 0, a), 0);
}

struct contains_case {
	const char *prefix, *addr;
	bool in;
};

static void test_contains(void)
{
	static const struct contains_case cases[] = {
		{ "192.0.2.0/24", "192.0.2.0", true },
		{ "192.0.2.0/24", "192.0.2.255", true },
		{ "192.0.2.0/24", "192.0.3.0", false },
		{ "192.0.2.0/24", "192.0.1.255", false },
		{ "192.0.2.0/23", "192.0.3.7", true },
		{ "192.0.2.0/25", "192.0.2.128", false },
		{ "192.0.2.128/25", "192.0.2.128", true },
		{ "192.0.2.1", "192.0.2.1", true },
		{ "192.0.2.1", "192.0.2.0", false },
		{ "0.0.0.0/0", "255.255.255.255", true },
		{ "0.0.0.0/0", "::", false },
		{ "128.0.0.0/1", "127.255.255.255", false },
		{ "128.0.0.0/1", "128.0.0.0", true },
		{ "::/0", "ffff::1", true },
		{ "::/0", "0.0.0.0", false },
		{ "2001:db8::/32", "2001:db8:ffff::1", true },
		{ "2001:db8::/32", "2001:db9::", false },
		{ "2001:db8::/33", "2001:db8:8000::", false },
		{ "2001:db8:8000::/33", "2001:db8:8000::", true },
		{ "2001:db8::/127", "2001:db8::1", true },
		{ "2001:db8::/127", "2001:db8::2", false },
		{ "2001:db8::1", "2001:db8::1", true },
		/* IPv4-mapped addresses are IPv6, never IPv4 */
		{ "::ffff:192.0.2.0/120", "::ffff:192.0.2.9", true },
		{ "::ffff:192.0.2.0/120", "192.0.2.9", false },
		{ "192.0.2.0/24", "::ffff:192.0.2.9", false },
		{ "::ffff:0.0.0.0/96", "::ffff:1.2.3.4", true },
		{ "::ffff:0.0.0.0/96", "::1.2.3.4", false },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct imsseg_prefix p = P(cases[i].prefix), a = P(cases[i].addr);
		bool in = imsseg_prefix_contains(&p, a.family, a.addr);

		CHECK_EQ(in, cases[i].in);
		CHECK_EQ(imsseg_prefix_covers(&p, &a), cases[i].in);
		if (in != cases[i].in)
			printf("# %s in %s\n", cases[i].addr, cases[i].prefix);
	}
	{
		struct imsseg_prefix p = P("10.0.0.0/8"), q = P("10.1.0.0/16");

		CHECK(imsseg_prefix_covers(&p, &q));
		CHECK(!imsseg_prefix_covers(&q, &p));
		CHECK(imsseg_prefix_covers(&p, &p));
		q = P("11.0.0.0/16");
		CHECK(!imsseg_prefix_covers(&p, &q));
		/* a shorter prefix is never inside a longer one */
		q = P("10.0.0.0/16");
		CHECK(!imsseg_prefix_covers(&q, &p));
		p = P("::/0");
		CHECK(!imsseg_prefix_covers(&p, &q));
		CHECK(!imsseg_prefix_covers(&q, &p));
	}
}

static void test_equal_cmp_hkey(void)
{
	static const char *const sorted[] = {
		"0.0.0.0/0", "10.0.0.0/8", "192.0.2.0/24", "10.0.0.1",
		"192.0.2.1", "::/0", "2001:db8::/32", "2001:db8::/48",
		"::ffff:192.0.2.1", "2001:db8::1",
	};
	struct imsseg_prefix a, b;
	u32 ha[IMSSEG_PREFIX_HKEY_WORDS], hb[IMSSEG_PREFIX_HKEY_WORDS];
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(sorted); i++) {
		for (j = 0; j < ARRAY_SIZE(sorted); j++) {
			int c;

			a = P(sorted[i]);
			b = P(sorted[j]);
			c = imsseg_prefix_cmp(&a, &b);
			CHECK_EQ(c < 0, i < j);
			CHECK_EQ(c > 0, i > j);
			CHECK_EQ(imsseg_prefix_equal(&a, &b), i == j);
			imsseg_prefix_hkey(&a, ha);
			imsseg_prefix_hkey(&b, hb);
			CHECK_EQ(!memcmp(ha, hb, sizeof(ha)), i == j);
		}
	}
	/* Same bytes, different family or length: different keys. */
	a = P("10.0.0.0/8");
	b = a;
	b.family = V6;
	imsseg_prefix_hkey(&a, ha);
	imsseg_prefix_hkey(&b, hb);
	CHECK(memcmp(ha, hb, sizeof(ha)));
	a = P("10.0.0.0/8");
	b = P("10.0.0.0/16");
	imsseg_prefix_hkey(&a, ha);
	imsseg_prefix_hkey(&b, hb);
	CHECK(memcmp(ha, hb, sizeof(ha)));
	CHECK(!imsseg_prefix_equal(&a, &b));
	/* The key carries the whole masked address. */
	a = P("2001:db8:1:2:3:4:5:6");
	imsseg_prefix_hkey(&a, ha);
	CHECK(!memcmp(&ha[1], a.addr, 16));
	CHECK_EQ(ha[0] & 0xff, V6);
	CHECK_EQ(ha[0] >> 8, 128);
}

struct parse_case {
	const char *s;
	int rc;
	const char *out;	/* formatted result when rc == 0 */
	unsigned int flags;
};

static void test_parse_table(void)
{
	static const struct parse_case cases[] = {
		{ "192.0.2.0/24", 0, "192.0.2.0/24", 0 },
		{ "192.0.2.1", 0, "192.0.2.1", 0 },
		{ "192.0.2.1/32", 0, "192.0.2.1", 0 },
		{ "0.0.0.0/0", 0, "0.0.0.0/0", 0 },
		{ "255.255.255.255", 0, "255.255.255.255", 0 },
		{ "192.0.2.1/24", -EINVAL, NULL, 0 },		/* host bits */
		{ "192.0.2.1/24", 0, "192.0.2.0/24", IMSSEG_PREFIX_PARSE_MASK },
		{ "1.2.3.4/0", -EINVAL, NULL, 0 },
		{ "1.2.3.4/0", 0, "0.0.0.0/0", IMSSEG_PREFIX_PARSE_MASK },
		{ "1.2.3.4/33", -ERANGE, NULL, 0 },
		{ "1.2.3.4/999", -ERANGE, NULL, 0 },
		{ "1.2.3.4/99999999999999999999", -ERANGE, NULL, 0 },
		{ "1.2.3.4/", -EINVAL, NULL, 0 },
		{ "10.0.0.0/08", -EINVAL, NULL, 0 },		/* leading zero */
		{ "10.0.0.0/00", -EINVAL, NULL, 0 },
		{ "1.2.3.4/-1", -EINVAL, NULL, 0 },
		{ "1.2.3.4/+32", -EINVAL, NULL, 0 },
		{ "1.2.3.4/ 32", -EINVAL, NULL, 0 },
		{ "1.2.3.4/32 ", -EINVAL, NULL, 0 },
		{ "1.2.3.4/32/32", -EINVAL, NULL, 0 },
		{ "1.2.3.4/32x", -EINVAL, NULL, 0 },
		{ "1.2.3.4/1:2", -EINVAL, NULL, 0 },
		{ "/24", -EINVAL, NULL, 0 },
		{ "/", -EINVAL, NULL, 0 },
		{ "", -EINVAL, NULL, 0 },
		{ "01.2.3.4", -EINVAL, NULL, 0 },
		{ "1.2.3.04/32", -EINVAL, NULL, 0 },
		{ "1.2.3", -EINVAL, NULL, 0 },
		{ "1.2.3.4.5", -EINVAL, NULL, 0 },
		{ "256.1.1.1", -EINVAL, NULL, 0 },
		{ "1.2.3.4 ", -EINVAL, NULL, 0 },
		{ " 1.2.3.4", -EINVAL, NULL, 0 },
		{ "0x1.2.3.4", -EINVAL, NULL, 0 },
		{ "2001:db8::/32", 0, "2001:db8::/32", 0 },
		{ "2001:DB8::/32", 0, "2001:db8::/32", 0 },
		{ "2001:0db8:0000:0000::/32", 0, "2001:db8::/32", 0 },
		{ "2001:db8::1/32", -EINVAL, NULL, 0 },
		{ "2001:db8::1/32", 0, "2001:db8::/32", IMSSEG_PREFIX_PARSE_MASK },
		{ "2001:db8::/129", -ERANGE, NULL, 0 },
		{ "2001:db8::/128", 0, "2001:db8::", 0 },
		{ "2001:db8::", 0, "2001:db8::", 0 },
		{ "::/0", 0, "::/0", 0 },
		{ "::", 0, "::", 0 },
		{ "::1", 0, "::1", 0 },
		{ "::ffff:192.0.2.1", 0, "::ffff:192.0.2.1", 0 },
		{ "::ffff:192.0.2.0/120", 0, "::ffff:192.0.2.0/120", 0 },
		{ "::FFFF:c000:0201", 0, "::ffff:192.0.2.1", 0 },
		{ "64:ff9b::192.0.2.1", 0, "64:ff9b::c000:201", 0 },
		{ "64:ff9b::/96", 0, "64:ff9b::/96", 0 },
		{ "::192.0.2.1", 0, "::192.0.2.1", 0 },
		{ "1:0:0:2::/64", 0, "1:0:0:2::/64", 0 },
		{ "1:0:0:2:0:0:0:0/64", 0, "1:0:0:2::/64", 0 },
		{ "1:0:0:0:2:0:0:0", 0, "1::2:0:0:0", 0 },
		{ "1:0:1:0:1:0:1:0", 0, "1:0:1:0:1:0:1:0", 0 },
		{ "2001:db8::/1000", -ERANGE, NULL, 0 },
		{ "2001:db8::/032", -EINVAL, NULL, 0 },
		{ ":::/0", -EINVAL, NULL, 0 },
		{ "1::2::3", -EINVAL, NULL, 0 },
		{ "1:2:3:4:5:6:7:8:9", -EINVAL, NULL, 0 },
		{ "12345::", -EINVAL, NULL, 0 },
		{ "::g", -EINVAL, NULL, 0 },
		{ "fe80::1%eth0", -EINVAL, NULL, 0 },		/* no zone ids */
		{ "[::1]", -EINVAL, NULL, 0 },
		{ "192.0.2.1:80", -EINVAL, NULL, 0 },
	};
	struct imsseg_prefix p, before;
	unsigned int i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&p, 0x3c, sizeof(p));
		before = p;
		rc = pparse(&p, cases[i].s, cases[i].flags);
		CHECK_EQ(rc, cases[i].rc);
		if (rc != cases[i].rc)
			printf("# \"%s\": %d\n", cases[i].s, rc);
		if (rc) {
			CHECK(!memcmp(&p, &before, sizeof(p)));
			continue;
		}
		if (cases[i].out)
			CHECK_STR(fmt(&p), cases[i].out);
	}

	/* A NUL inside the given length is an error, not an end. */
	CHECK_EQ(imsseg_prefix_parse(&p, "1.2.3.4\0/8", 10, 0), -EINVAL);
	CHECK_EQ(imsseg_prefix_parse(&p, "1.2.3.4\0", 8, 0), -EINVAL);
	CHECK_EQ(imsseg_prefix_parse(&p, "1.2.3.4/8", 7, 0), 0);
	CHECK_STR(fmt(&p), "1.2.3.4");
	CHECK_EQ(imsseg_prefix_parse(&p, "::1", 0, 0), -EINVAL);
}

/* Fixed tricky inputs, with the result decided by this project */
struct pton_case {
	const char *s;
	int ok4, ok6;
};

static void check_pton(const char *s, unsigned int *n4, unsigned int *n6);

static void test_pton_table(void)
{
	static const struct pton_case cases[] = {
		{ "0.0.0.0", 1, 0 }, { "255.255.255.255", 1, 0 },
		{ "256.0.0.0", 0, 0 }, { "01.2.3.4", 0, 0 },
		{ "1.2.3.00", 0, 0 }, { "1.2.3.0", 1, 0 },
		{ "1.2.3", 0, 0 }, { "1.2.3.4.5", 0, 0 }, { "1..2.3", 0, 0 },
		{ ".1.2.3", 0, 0 }, { "1.2.3.4.", 0, 0 }, { "", 0, 0 },
		{ "1", 0, 0 }, { "4294967295", 0, 0 }, { "1.2.3.-1", 0, 0 },
		{ "1.2.3.4 ", 0, 0 }, { "0x7f.0.0.1", 0, 0 },
		{ "::", 0, 1 }, { "::1", 0, 1 }, { "1::", 0, 1 },
		{ ":", 0, 0 }, { ":::", 0, 0 }, { "1:::2", 0, 0 },
		{ "1::2::3", 0, 0 }, { "::1::", 0, 0 }, { ":1::", 0, 0 },
		{ "1::2:", 0, 0 }, { "1:", 0, 0 }, { ":1", 0, 0 },
		{ "1:2:3:4:5:6:7:8", 0, 1 }, { "1:2:3:4:5:6:7:8:9", 0, 0 },
		{ "1:2:3:4:5:6:7", 0, 0 }, { "1:2:3:4:5:6:7::", 0, 1 },
		{ "::2:3:4:5:6:7:8", 0, 1 }, { "1:2:3:4:5:6:7:8::", 0, 0 },
		{ "::1:2:3:4:5:6:7:8", 0, 0 }, { "1:2:3:4::5:6:7:8", 0, 0 },
		{ "1:2:3::5:6:7:8", 0, 1 }, { "12345::", 0, 0 },
		{ "0000:0000:0000:0000:0000:0000:0000:0000", 0, 1 },
		{ "00000::", 0, 0 }, { "FFFF::abCD", 0, 1 }, { "::g", 0, 0 },
		{ "::ffff:1.2.3.4", 0, 1 }, { "64:ff9b::192.0.2.1", 0, 1 },
		{ "::1.2.3.4", 0, 1 }, { "1::1.2.3.4", 0, 1 },
		{ "1:2:3:4:5:6:1.2.3.4", 0, 1 },
		{ "1:2:3:4:5:6:7:1.2.3.4", 0, 0 },
		{ "1:2:3:4:5::1.2.3.4", 0, 1 },
		{ "1:2:3:4:5:6::1.2.3.4", 0, 0 },
		{ "::1.2.3", 0, 0 }, { "::1.2.3.4:5", 0, 0 },
		{ "::01.2.3.4", 0, 0 }, { "::ffff:256.1.1.1", 0, 0 },
		{ "::1.2.3.4.5", 0, 0 }, { "1.2.3.4::", 0, 0 },
		{ "::1.2.3.4::", 0, 0 }, { "::.1.2.3", 0, 0 },
		{ "::a.1.2.3", 0, 0 }, { "::1234.1.2.3", 0, 0 },
		{ "::12345.1.2.3", 0, 0 }, { "1.2.3.4", 1, 0 },
		{ "::ffff:1.2.3.4/24", 0, 0 }, { "fe80::1%1", 0, 0 },
		{ " ::1", 0, 0 }, { "::1 ", 0, 0 }, { "::-1", 0, 0 },
	};
	unsigned int i, n4 = 0, n6 = 0;
	u8 a[16];

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int ok4 = !parse4(cases[i].s, a), ok6 = !parse6(cases[i].s, a);

		CHECK_EQ(ok4, cases[i].ok4);
		CHECK_EQ(ok6, cases[i].ok6);
		if (ok4 != cases[i].ok4 || ok6 != cases[i].ok6)
			printf("# \"%s\": v4 %d v6 %d\n", cases[i].s, ok4, ok6);
		check_pton(cases[i].s, &n4, &n6);
	}
	CHECK(!parse6("::ffff:1.2.3.4", a));
	CHECK(!memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff\x01\x02\x03\x04", 16));
	CHECK(!parse6("1:2:3:4:5::1.2.3.4", a));
	CHECK(!memcmp(a, "\0\1\0\2\0\3\0\4\0\5\0\0\x01\x02\x03\x04", 16));
	CHECK(!parse6("1::", a));
	CHECK(!memcmp(a, "\0\1\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16));
	CHECK(!parse4("1.2.3.4", a));
	CHECK(!memcmp(a, "\1\2\3\4", 4));
}

/* Generated inputs */

static const char alphabet[] = "0123456789abcdefABCDEF:./";

static void gen_random(char *s)
{
	unsigned int n = rn(48), i;

	for (i = 0; i < n; i++)
		s[i] = rn(50) ? alphabet[rn(sizeof(alphabet) - 1)] :
				"g x-%[]\t+"[rn(9)];
	s[n] = '\0';
}

static void gen_octet(char *s)
{
	static const char *const special[] = {
		"0", "00", "01", "1", "9", "10", "99", "100", "199", "200",
		"249", "250", "255", "256", "299", "300", "999", "0255",
		"1000", "",
	};
	unsigned int r = rn(3);

	if (r == 0)
		strcat(s, special[rn(ARRAY_SIZE(special))]);
	else
		sprintf(s + strlen(s), "%u", r == 1 ? rn(256) : rn(10));
}

static void gen_v4(char *s)
{
	unsigned int n = rn(10) ? 4 : 2 + rn(4), i;

	for (i = 0; i < n; i++) {
		if (i)
			strcat(s, rn(30) ? "." : "..");
		gen_octet(s);
	}
}

static void gen_v6(char *s)
{
	static const char hex[] = "0123456789abcdefABCDEF";
	unsigned int n = rn(10), i, j, dcolons = rn(4) ? 1 : rn(3);
	unsigned int dpos = rn(n + 1);

	s[0] = '\0';
	if (!rn(15))
		strcat(s, ":");
	for (i = 0; i < n; i++) {
		unsigned int nd = rn(12) ? 1 + rn(4) : rn(7);
		char g[8];

		if (dcolons && i == dpos) {
			strcat(s, "::");
			dcolons--;
			if (dcolons)
				dpos = i + 1 + rn(n - i + 1);
		} else if (i) {
			strcat(s, ":");
		}
		for (j = 0; j < nd; j++)
			g[j] = rn(3) ? hex[rn(sizeof(hex) - 1)] : '0';
		g[nd] = '\0';
		strcat(s, g);
	}
	if (dcolons && dpos >= n)
		strcat(s, "::");
	if (!rn(4)) {
		if (n || rn(2))
			strcat(s, ":");
		gen_v4(s);
	}
	if (!rn(15))
		strcat(s, ":");
}

static void rand_addr6(u8 *a)
{
	unsigned int i, w;

	for (i = 0; i < 8; i++) {
		switch (rn(6)) {
		case 0: case 1: case 2:
			w = 0;
			break;
		case 3:
			w = 0xffff;
			break;
		case 4:
			w = rn(16);
			break;
		default:
			w = rn(65536);
		}
		a[2 * i] = w >> 8;
		a[2 * i + 1] = w & 0xff;
	}
	switch (rn(8)) {
	case 0:	/* ::ffff:a.b.c.d */
		memset(a, 0, 10);
		a[10] = 0xff;
		a[11] = 0xff;
		break;
	case 1:	/* ::a.b.c.d */
		memset(a, 0, 12);
		break;
	case 2:	/* 64:ff9b::a.b.c.d */
		memset(a, 0, 12);
		a[1] = 0x64;
		a[2] = 0xff;
		a[3] = 0x9b;
		break;
	}
}

static void gen_mutated(char *s)
{
	u8 a[16];
	unsigned int i, n, m = rn(4);

	if (rn(2)) {
		for (i = 0; i < 4; i++)
			a[i] = rn(3) ? rn(256) : 0;
		inet_ntop(AF_INET, a, s, 64);
	} else {
		rand_addr6(a);
		inet_ntop(AF_INET6, a, s, 64);
	}
	while (m--) {
		n = strlen(s);
		switch (rn(4)) {
		case 0:	/* delete */
			if (n) {
				i = rn(n);
				memmove(s + i, s + i + 1, n - i);
			}
			break;
		case 1:	/* insert */
			if (n < 60) {
				i = rn(n + 1);
				memmove(s + i + 1, s + i, n - i + 1);
				s[i] = alphabet[rn(sizeof(alphabet) - 1)];
			}
			break;
		case 2:	/* replace */
			if (n)
				s[rn(n)] = alphabet[rn(sizeof(alphabet) - 1)];
			break;
		default:	/* duplicate a piece */
			if (n && n < 40) {
				unsigned int from = rn(n), len = 1 + rn(n - from);

				memmove(s + n, s + from, len);
				s[n + len] = '\0';
			}
		}
	}
}

static unsigned int mismatches;

/* inet_pton() and imsseg must agree on s, and so must prefix_parse. */
static void check_pton(const char *s, unsigned int *n4, unsigned int *n6)
{
	u8 g4[4], g6[16], m4[4] = { 0 }, m6[16] = { 0 };
	struct imsseg_prefix p;
	int ok4 = inet_pton(AF_INET, s, g4) == 1;
	int ok6 = inet_pton(AF_INET6, s, g6) == 1;
	int my4 = !parse4(s, m4), my6 = !parse6(s, m6), rc;

	*n4 += ok4;
	*n6 += ok6;
	if (my4 != ok4 || my6 != ok6 || (ok4 && memcmp(g4, m4, 4)) ||
	    (ok6 && memcmp(g6, m6, 16))) {
		if (mismatches++ < 20)
			printf("# \"%s\": inet_pton v4 %d v6 %d, imsseg v4 %d v6 %d\n",
			       s, ok4, ok6, my4, my6);
		CHECK(0);
	}
	if (strchr(s, '/'))
		return;
	rc = pparse(&p, s, 0);
	if (strchr(s, ':'))
		CHECK_EQ(!rc, ok6);
	else
		CHECK_EQ(!rc, ok4);
	if (!rc)
		CHECK(!memcmp(p.addr, p.family == V4 ? g4 : g6,
			      p.family == V4 ? 4 : 16));
}

static void test_pton_differential(void)
{
	unsigned int i, n4 = 0, n6 = 0, total = 0;
	char s[256];

	for (i = 0; i < 400000; i++) {
		switch (i % 4) {
		case 0:
			gen_random(s);
			break;
		case 1:
			s[0] = '\0';
			gen_v4(s);
			break;
		case 2:
			gen_v6(s);
			break;
		default:
			gen_mutated(s);
		}
		check_pton(s, &n4, &n6);
		total++;
	}
	printf("# %u inputs, inet_pton accepted %u as IPv4, %u as IPv6\n",
	       total, n4, n6);
	/* the generators must reach both sides of every rule */
	CHECK(n4 > 20000 && n4 < total / 2);
	CHECK(n6 > 40000 && n6 < total / 2);
}

/* "addr/len" inputs against a reference built from inet_pton. */
static void test_prefix_differential(void)
{
	static const char *const lens[] = {
		"", "0", "00", "01", "1", "7", "8", "9", "16", "23", "24",
		"31", "32", "33", "48", "56", "63", "64", "96", "120", "127",
		"128", "129", "255", "256", "1000", "-1", "+8", " 8", "8 ",
		"0x10", "1/2", "99999999999999999999999",
	};
	unsigned int i, nok = 0;
	char s[320], a[256];

	for (i = 0; i < 200000; i++) {
		const char *l = lens[rn(ARRAY_SIZE(lens))];
		struct imsseg_prefix p;
		u8 g[16], m[16];
		int fam, bits, want, rc, plen = -1;
		size_t k;
		char *slash;

		a[0] = '\0';
		if (rn(2))
			gen_v4(a);
		else if (rn(2))
			gen_v6(a);
		else
			gen_mutated(a);
		if (rn(3)) {
			/* make host bits zero often enough */
			fam = strchr(a, ':') ? AF_INET6 : AF_INET;
			if (inet_pton(fam, a, g) == 1 && rn(2)) {
				int b = fam == AF_INET ? 32 : 128;
				int pl = rn(b + 1);

				imsseg_addr_mask(g, b / 8, pl);
				inet_ntop(fam, g, a, sizeof(a));
				snprintf(s, sizeof(s), "%s/%d", a, pl);
			} else {
				snprintf(s, sizeof(s), "%s/%s", a, l);
			}
		} else {
			snprintf(s, sizeof(s), "%s", a);
		}

		/* reference */
		slash = strchr(s, '/');
		memcpy(a, s, slash ? (size_t)(slash - s) : strlen(s) + 1);
		if (slash)
			a[slash - s] = '\0';
		fam = strchr(a, ':') ? AF_INET6 : AF_INET;
		bits = fam == AF_INET ? 32 : 128;
		want = inet_pton(fam, a, g) == 1 ? 0 : -EINVAL;
		if (!want && slash) {
			const char *d = slash + 1;

			if (!*d || (d[0] == '0' && d[1]))
				want = -EINVAL;
			for (k = 0; !want && d[k]; k++)
				if (d[k] < '0' || d[k] > '9')
					want = -EINVAL;
			if (!want)
				plen = strlen(d) > 4 ? 9999 : atoi(d);
			if (!want && plen > bits)
				want = -ERANGE;
		}
		if (!want && slash) {
			memcpy(m, g, 16);
			imsseg_addr_mask(m, bits / 8, plen);
			if (memcmp(m, g, bits / 8))
				want = -EINVAL;
		}
		rc = pparse(&p, s, 0);
		if (rc != want) {
			if (mismatches++ < 20)
				printf("# \"%s\": %d, want %d\n", s, rc, want);
			CHECK(0);
		}
		if (!rc) {
			nok++;
			CHECK_EQ(p.family, fam == AF_INET ? V4 : V6);
			CHECK_EQ(p.plen, slash ? plen : bits);
			CHECK(!memcmp(p.addr, g, bits / 8));
		}
	}
	printf("# %u of 200000 prefixes valid\n", nok);
	CHECK(nok > 30000);
}

/* imsseg_addr_format() prints what glibc inet_ntop() prints. */
static void test_format_ntop(void)
{
	char want[INET6_ADDRSTRLEN], got[IMSSEG_PREFIX_STRLEN];
	unsigned int i, bad = 0;
	u8 a[16];
	int rc;

	for (i = 0; i < 300000; i++) {
		int fam = i % 3 ? AF_INET6 : AF_INET;
		unsigned int j;

		if (fam == AF_INET6) {
			rand_addr6(a);
		} else {
			for (j = 0; j < 4; j++)
				a[j] = rn(3) ? rn(256) : rn(2) * 255;
		}
		inet_ntop(fam, a, want, sizeof(want));
		rc = imsseg_addr_format(fam == AF_INET ? V4 : V6, a, got,
					sizeof(got));
		if (rc != (int)strlen(want) || strcmp(got, want)) {
			if (bad++ < 20)
				printf("# got \"%s\" (%d), inet_ntop \"%s\"\n",
				       got, rc, want);
		}
	}
	CHECK_EQ(bad, 0);

	/* every IPv6 zero-run pattern */
	for (i = 0; i < 256; i++) {
		unsigned int j;

		for (j = 0; j < 8; j++) {
			a[2 * j] = 0;
			a[2 * j + 1] = (i >> j) & 1 ? 0 : (u8)(j + 1);
		}
		for (j = 0; j < 3; j++) {
			if (j == 1) {	/* also with ffff at word 5 */
				a[10] = 0xff;
				a[11] = 0xff;
			}
			if (j == 2)
				a[15] = (u8)i;
			inet_ntop(AF_INET6, a, want, sizeof(want));
			imsseg_addr_format(V6, a, got, sizeof(got));
			CHECK_STR(got, want);
		}
	}
}

static void test_format_bounds(void)
{
	struct imsseg_prefix p = P("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ff00/120");
	char buf[IMSSEG_PREFIX_STRLEN + 8];
	const char *want = "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ff00/120";
	size_t n = strlen(want);
	u8 a[16];

	memset(buf, 'X', sizeof(buf));
	CHECK_EQ(imsseg_prefix_format(&p, buf, n + 1), (int)n);
	CHECK_STR(buf, want);
	CHECK_EQ(buf[n + 1], 'X');
	memset(buf, 'X', sizeof(buf));
	CHECK_EQ(imsseg_prefix_format(&p, buf, n), -ENOSPC);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], 'X');
	memset(buf, 'X', sizeof(buf));
	CHECK_EQ(imsseg_prefix_format(&p, buf, 0), -ENOSPC);
	CHECK_EQ(buf[0], 'X');
	CHECK_EQ(imsseg_prefix_format(&p, NULL, 0), -ENOSPC);

	/* the longest outputs fit IMSSEG_PREFIX_STRLEN */
	memset(a, 0xff, 16);
	CHECK(!imsseg_prefix_set(&p, V6, a, 128));
	CHECK_EQ(imsseg_prefix_format(&p, buf, sizeof(buf)), 39);
	CHECK(!imsseg_prefix_set(&p, V6, a, 127));
	CHECK_EQ(imsseg_prefix_format(&p, buf, sizeof(buf)), 43);
	CHECK(IMSSEG_PREFIX_STRLEN >= 44);
	CHECK(IMSSEG_PREFIX_STRLEN >= INET6_ADDRSTRLEN);
	memset(a, 0, 10);
	CHECK(!imsseg_prefix_set(&p, V6, a, 127));
	CHECK_EQ(imsseg_prefix_format(&p, buf, sizeof(buf)),
		 (int)strlen("::ffff:255.255.255.254/127"));
	CHECK_STR(buf, "::ffff:255.255.255.254/127");

	p.family = AF_INET;
	CHECK_EQ(imsseg_prefix_format(&p, buf, sizeof(buf)), -EINVAL);
	CHECK_EQ(imsseg_addr_format(0, a, buf, sizeof(buf)), -EINVAL);
	p.family = V4;
	p.plen = 33;
	CHECK_EQ(imsseg_prefix_format(&p, buf, sizeof(buf)), -EINVAL);
}

/* format -> parse is the identity on random canonical prefixes */
static void test_roundtrip(void)
{
	unsigned int i, bad = 0;

	for (i = 0; i < 200000; i++) {
		struct imsseg_prefix p, q;
		u8 fam = rn(2) ? V4 : V6, a[16];
		unsigned int bits = fam == V4 ? 32 : 128, plen, j;
		char buf[IMSSEG_PREFIX_STRLEN];
		int n;

		if (fam == V6)
			rand_addr6(a);
		else
			for (j = 0; j < 4; j++)
				a[j] = rn(256);
		plen = rn(4) ? bits : rn(bits + 1);
		CHECK(!imsseg_prefix_set(&p, fam, a, plen));
		n = imsseg_prefix_format(&p, buf, sizeof(buf));
		CHECK(n > 0 && (size_t)n == strlen(buf));
		memset(&q, 0x11, sizeof(q));
		if (pparse(&q, buf, 0) || !imsseg_prefix_equal(&p, &q) ||
		    memcmp(&p, &q, sizeof(p))) {
			if (bad++ < 10)
				printf("# roundtrip \"%s\"\n", buf);
		}
	}
	CHECK_EQ(bad, 0);
}

int main(void)
{
	UNIT_RUN(test_mask);
	UNIT_RUN(test_set);
	UNIT_RUN(test_src_keys);
	UNIT_RUN(test_contains);
	UNIT_RUN(test_equal_cmp_hkey);
	UNIT_RUN(test_parse_table);
	UNIT_RUN(test_pton_table);
	UNIT_RUN(test_pton_differential);
	UNIT_RUN(test_prefix_differential);
	UNIT_RUN(test_format_ntop);
	UNIT_RUN(test_format_bounds);
	UNIT_RUN(test_roundtrip);
	return unit_done();
}
