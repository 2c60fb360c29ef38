// SPDX-License-Identifier: GPL-2.0
/*
 * segctl run's packet code (user/pktio.c): parsing of IPv4/IPv6 UDP and
 * TCP packets (extension headers, fragments, bad lengths), checksums
 * against packets whose checksums tshark validated, the UDP rebuild
 * around a new payload (lengths, checksums, IPv4 and IPv6) and what it
 * refuses, and reply packets built from scratch.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "imsseg_prefix.h"
#include "pktio.h"
#include "unit.h"

/*
 * 192.0.2.10:5060 -> 198.51.100.20:5062, id 0x1234, DF, TTL 64,
 * "OPTIONS sip:a@b SIP/2.0\r\n\r\n"; header checksum 0x3c30, UDP
 * checksum 0xe4fd (tshark: both "Good").
 */
static const char v4_hex[] =
	"450000371234400040113c30c000020ac633641413c413c60023e4fd"
	"4f5054494f4e53207369703a614062205349502f322e300d0a0d0a";

/*
 * [2001:db8::1]:5060 -> [2001:db8:1::2]:5060, hop limit 64,
 * "BYE sip:x SIP/2.0\r\n\r\n"; UDP checksum 0x7fb7 (tshark: "Good").
 */
static const char v6_hex[] =
	"60000000001d114020010db800000000000000000000000120010db8000100"
	"00000000000000000213c413c4001d7fb7425945207369703a78205349502f"
	"322e300d0a0d0a";

static size_t unhex(const char *h, uint8_t *out)
{
	size_t n = 0;

	for (; h[0] && h[1]; h += 2) {
		char b[3] = { h[0], h[1], 0 };

		out[n++] = (uint8_t)strtoul(b, NULL, 16);
	}
	return n;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* An independent check: the one's complement sum over the pseudo
 * header and the UDP datagram, checksum included, is 0xffff. */
static int udp_ok(const uint8_t *pkt, const struct pkt_info *pi)
{
	const uint8_t *u = pkt + pi->l4_off;
	size_t ulen = get16(u + 4), alen = pi->family == IMSSEG_FAMILY_V4 ? 4 : 16;
	uint32_t s = 0;
	uint8_t ph[8] = { 0 };

	s = pkt_csum_add(s, pi->src, alen);
	s = pkt_csum_add(s, pi->dst, alen);
	ph[0] = (uint8_t)(ulen >> 24);
	ph[1] = (uint8_t)(ulen >> 16);
	ph[2] = (uint8_t)(ulen >> 8);
	ph[3] = (uint8_t)ulen;
	ph[7] = IPPROTO_UDP;
	s = pkt_csum_add(s, ph, 8);
	s = pkt_csum_add(s, u, ulen);
	return pkt_csum_fold(s) == 0;
}

static int ip4_ok(const uint8_t *pkt)
{
	return pkt_csum_fold(pkt_csum_add(0, pkt, (pkt[0] & 0xf) * 4u)) == 0;
}

static void parse_v4(void)
{
	uint8_t p[256];
	size_t n = unhex(v4_hex, p);
	struct pkt_info pi;
	char b[64];

	CHECK_EQ(pkt_parse(p, n, &pi), 0);
	CHECK_EQ(pi.family, IMSSEG_FAMILY_V4);
	CHECK_EQ(pi.l4, IPPROTO_UDP);
	CHECK_EQ(pi.sport, 5060);
	CHECK_EQ(pi.dport, 5062);
	CHECK_EQ(pi.l4_off, 20);
	CHECK_EQ(pi.payload_off, 28);
	CHECK_EQ(pi.payload_len, 27);
	CHECK(!memcmp(p + pi.payload_off, "OPTIONS sip:a@b", 15));
	CHECK(!pi.no_mangle);
	CHECK_STR(pkt_addr_str(pi.family, pi.src, pi.sport, b, sizeof(b)),
		  "192.0.2.10:5060");
	CHECK_STR(pkt_addr_str(pi.family, pi.dst, 0, b, sizeof(b)),
		  "198.51.100.20");
	/* the fixture's checksums are right, by our code and by tshark */
	CHECK(ip4_ok(p));
	CHECK(udp_ok(p, &pi));
	CHECK_EQ(pkt_udp_csum(pi.family, pi.src, pi.dst, p + 20, 35), 0xe4fd);

	/* Ethernet padding after the IP packet is not payload */
	memset(p + n, 0xee, 10);
	CHECK_EQ(pkt_parse(p, n + 10, &pi), 0);
	CHECK_EQ(pi.payload_len, 27);
	CHECK_EQ(pi.ip_len, n);
}

static void parse_v6(void)
{
	uint8_t p[256];
	size_t n = unhex(v6_hex, p);
	struct pkt_info pi;
	char b[64];

	CHECK_EQ(pkt_parse(p, n, &pi), 0);
	CHECK_EQ(pi.family, IMSSEG_FAMILY_V6);
	CHECK_EQ(pi.l4, IPPROTO_UDP);
	CHECK_EQ(pi.l4_off, 40);
	CHECK_EQ(pi.payload_len, 21);
	CHECK_STR(pkt_addr_str(pi.family, pi.src, pi.sport, b, sizeof(b)),
		  "[2001:db8::1]:5060");
	CHECK(udp_ok(p, &pi));
	CHECK_EQ(pkt_udp_csum(pi.family, pi.src, pi.dst, p + 40, 29), 0x7fb7);
}

/* v6_hex with extension headers inserted before UDP. */
static size_t v6_with_ext(uint8_t *p, const uint8_t *ext, size_t elen,
			  uint8_t first)
{
	uint8_t base[256];
	size_t n = unhex(v6_hex, base);

	memcpy(p, base, 40);
	memcpy(p + 40, ext, elen);
	memcpy(p + 40 + elen, base + 40, n - 40);
	p[6] = first;
	p[4] = (uint8_t)((n - 40 + elen) >> 8);
	p[5] = (uint8_t)(n - 40 + elen);
	return n + elen;
}

static void v6_extension_headers(void)
{
	/* hop-by-hop (8, PadN) -> destination options (16) -> UDP */
	static const uint8_t ext[] = {
		IPPROTO_DSTOPTS, 0, 1, 4, 0, 0, 0, 0,
		IPPROTO_UDP, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	/* routing header type 4 with segments left 1, then UDP */
	static const uint8_t rh[] = { IPPROTO_UDP, 0, 4, 1, 0, 0, 0, 0 };
	/* fragment header, offset 0, M=1: a real fragment */
	static const uint8_t fh[] = { IPPROTO_UDP, 0, 0, 1, 0, 0, 0, 1 };
	/* atomic fragment (offset 0, M=0): fine */
	static const uint8_t af[] = { IPPROTO_UDP, 0, 0, 0, 0, 0, 0, 1 };
	/* ESP: cannot be walked */
	static const uint8_t esp[] = { 0, 0, 0, 1, 0, 0, 0, 1 };
	uint8_t p[512], out[512];
	struct pkt_info pi, pj;
	size_t n;
	ssize_t m;

	n = v6_with_ext(p, ext, sizeof(ext), IPPROTO_HOPOPTS);
	CHECK_EQ(pkt_parse(p, n, &pi), 0);
	CHECK_EQ(pi.l4_off, 64);
	CHECK_EQ(pi.payload_off, 72);
	CHECK_EQ(pi.payload_len, 21);
	CHECK(!pi.no_mangle);
	/* rebuilt: the headers stay, payload length covers them */
	m = pkt_udp_rebuild(p, &pi, (const uint8_t *)"X", 1, out, sizeof(out));
	CHECK_EQ(m, 64 + 8 + 1);
	CHECK_EQ(get16(out + 4), 24 + 8 + 1);
	CHECK(!memcmp(out, p, 4) && !memcmp(out + 6, p + 6, 58));
	CHECK_EQ(pkt_parse(out, (size_t)m, &pj), 0);
	CHECK_EQ(pj.payload_len, 1);
	CHECK(udp_ok(out, &pj));

	n = v6_with_ext(p, rh, sizeof(rh), IPPROTO_ROUTING);
	CHECK_EQ(pkt_parse(p, n, &pi), 0);
	CHECK(pi.no_mangle);
	CHECK_EQ(pkt_udp_rebuild(p, &pi, (const uint8_t *)"X", 1, out,
				 sizeof(out)), -EINVAL);

	n = v6_with_ext(p, fh, sizeof(fh), IPPROTO_FRAGMENT);
	CHECK_EQ(pkt_parse(p, n, &pi), -EPROTONOSUPPORT);
	n = v6_with_ext(p, af, sizeof(af), IPPROTO_FRAGMENT);
	CHECK_EQ(pkt_parse(p, n, &pi), 0);
	CHECK_EQ(pi.l4_off, 48);
	n = v6_with_ext(p, esp, sizeof(esp), IPPROTO_ESP);
	CHECK_EQ(pkt_parse(p, n, &pi), -EPROTONOSUPPORT);
	/* a header length running past the packet */
	n = v6_with_ext(p, ext, sizeof(ext), IPPROTO_HOPOPTS);
	p[41] = 40;
	CHECK_EQ(pkt_parse(p, n, &pi), -EINVAL);
}

static void bad_packets(void)
{
	uint8_t p[256], q[256];
	size_t n = unhex(v4_hex, p), n6;
	struct pkt_info pi;

	memcpy(q, p, n);
	CHECK_EQ(pkt_parse(q, 0, &pi), -EINVAL);
	CHECK_EQ(pkt_parse(q, 19, &pi), -EINVAL);
	CHECK_EQ(pkt_parse(q, n - 1, &pi), -EINVAL);	/* tot_len > len */
	q[0] = 0x44;					/* IHL 4 */
	CHECK_EQ(pkt_parse(q, n, &pi), -EINVAL);
	memcpy(q, p, n);
	q[6] = 0x20;					/* MF */
	CHECK_EQ(pkt_parse(q, n, &pi), -EPROTONOSUPPORT);
	memcpy(q, p, n);
	q[7] = 0x01;					/* offset 8 */
	CHECK_EQ(pkt_parse(q, n, &pi), -EPROTONOSUPPORT);
	memcpy(q, p, n);
	q[9] = IPPROTO_ICMP;
	CHECK_EQ(pkt_parse(q, n, &pi), -EPROTONOSUPPORT);
	memcpy(q, p, n);
	q[25] = 36;				/* UDP length > datagram */
	CHECK_EQ(pkt_parse(q, n, &pi), -EINVAL);
	q[25] = 7;				/* UDP length < 8 */
	CHECK_EQ(pkt_parse(q, n, &pi), -EINVAL);
	q[0] = 0x55;				/* version 5 */
	CHECK_EQ(pkt_parse(q, n, &pi), -EPROTONOSUPPORT);

	n6 = unhex(v6_hex, q);
	q[4] = q[5] = 0;			/* payload length 0, next hdr UDP */
	CHECK_EQ(pkt_parse(q, n6, &pi), -EINVAL);
	q[6] = 0;				/* ...and hop-by-hop: jumbogram */
	CHECK_EQ(pkt_parse(q, n6, &pi), -EPROTONOSUPPORT);
}

static void v4_options_and_tcp(void)
{
	uint8_t p[256], out[256];
	struct pkt_info pi;
	size_t n = 0;

	/* IPv4, IHL 6 with an LSRR option, TCP with doff 8 (options) */
	memset(p, 0, sizeof(p));
	p[0] = 0x46;
	p[9] = IPPROTO_TCP;
	p[12] = 10;
	p[16] = 10;
	p[19] = 2;
	p[20] = 131;			/* LSRR */
	p[21] = 3;
	p[22] = 4;
	p[23] = 0;			/* end of options */
	n = 24;
	p[n + 0] = 0x13;
	p[n + 1] = 0xc4;		/* sport 5060 */
	p[n + 2] = 0x9c;
	p[n + 3] = 0x40;		/* dport 40000 */
	p[n + 12] = 8 << 4;		/* 32-byte header */
	n += 32;
	memcpy(p + n, "BYE", 3);
	n += 3;
	p[2] = 0;
	p[3] = (uint8_t)n;
	CHECK_EQ(pkt_parse(p, n, &pi), 0);
	CHECK_EQ(pi.l4, IPPROTO_TCP);
	CHECK(pi.no_mangle);
	CHECK_EQ(pi.l4_off, 24);
	CHECK_EQ(pi.payload_off, 56);
	CHECK_EQ(pi.payload_len, 3);
	CHECK_EQ(pi.sport, 5060);
	CHECK_EQ(pi.dport, 40000);
	/* TCP is never rebuilt (sequence numbers) */
	CHECK_EQ(pkt_udp_rebuild(p, &pi, (const uint8_t *)"X", 1, out,
				 sizeof(out)), -EINVAL);
	p[n - 3 - 32 + 12] = 4 << 4;	/* doff 4: below 20 */
	CHECK_EQ(pkt_parse(p, n, &pi), -EINVAL);
}

static void rebuild_v4(void)
{
	static const char longer[] =
		"OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;received=192.0.2.10;rport=5060\r\n\r\n";
	uint8_t p[256], out[512], back[512];
	size_t n = unhex(v4_hex, p);
	struct pkt_info pi, pj;
	ssize_t m, k;

	CHECK_EQ(pkt_parse(p, n, &pi), 0);
	/* the same payload gives the same bytes (checksums included) */
	m = pkt_udp_rebuild(p, &pi, p + 28, 27, out, sizeof(out));
	CHECK_EQ(m, (ssize_t)n);
	CHECK(!memcmp(out, p, n));

	m = pkt_udp_rebuild(p, &pi, (const uint8_t *)longer,
			    sizeof(longer) - 1, out, sizeof(out));
	CHECK_EQ(m, 28 + (ssize_t)sizeof(longer) - 1);
	CHECK_EQ(get16(out + 2), m);			/* total length */
	CHECK_EQ(get16(out + 24), 8 + sizeof(longer) - 1);	/* UDP len */
	CHECK_EQ(get16(out + 4), 0x1234);		/* id kept */
	CHECK_EQ(out[8], 64);				/* TTL kept */
	CHECK(ip4_ok(out));
	CHECK_EQ(pkt_parse(out, (size_t)m, &pj), 0);
	CHECK(udp_ok(out, &pj));
	CHECK(!memcmp(out + pj.payload_off, longer, sizeof(longer) - 1));

	/* and back to the original payload: the original packet again */
	k = pkt_udp_rebuild(out, &pj, p + 28, 27, back, sizeof(back));
	CHECK_EQ(k, (ssize_t)n);
	CHECK(!memcmp(back, p, n));

	/* in place (payload inside the output buffer) works too */
	memcpy(back, p, n);
	k = pkt_udp_rebuild(back, &pi, back + 28, 5, back, sizeof(back));
	CHECK_EQ(k, 33);
	CHECK_EQ(pkt_parse(back, 33, &pj), 0);
	CHECK(udp_ok(back, &pj));

	/* too long for the buffer, too long for IPv4 */
	CHECK_EQ(pkt_udp_rebuild(p, &pi, (const uint8_t *)longer,
				 sizeof(longer) - 1, out, 40), -EMSGSIZE);
	{
		static uint8_t big[70000], o[70100];

		CHECK_EQ(pkt_udp_rebuild(p, &pi, big, 65535 - 28 + 1, o,
					 sizeof(o)), -EMSGSIZE);
		CHECK_EQ(pkt_udp_rebuild(p, &pi, big, 65535 - 28, o,
					 sizeof(o)), 65535);
	}
}

static void rebuild_v6(void)
{
	uint8_t p[256], out[512];
	size_t n = unhex(v6_hex, p);
	struct pkt_info pi, pj;
	ssize_t m;

	CHECK_EQ(pkt_parse(p, n, &pi), 0);
	m = pkt_udp_rebuild(p, &pi, p + 48, 21, out, sizeof(out));
	CHECK_EQ(m, (ssize_t)n);
	CHECK(!memcmp(out, p, n));
	m = pkt_udp_rebuild(p, &pi, (const uint8_t *)"BYE", 3, out,
			    sizeof(out));
	CHECK_EQ(m, 51);
	CHECK_EQ(get16(out + 4), 11);		/* payload length */
	CHECK_EQ(get16(out + 44), 11);		/* UDP length */
	CHECK_EQ(pkt_parse(out, (size_t)m, &pj), 0);
	CHECK(udp_ok(out, &pj));
	/* IPv6: 65535 bytes of payload after the fixed header */
	{
		static uint8_t big[70000], o[70100];

		CHECK_EQ(pkt_udp_rebuild(p, &pi, big, 65535 - 8, o,
					 sizeof(o)), 40 + 65535);
		CHECK_EQ(pkt_udp_rebuild(p, &pi, big, 65535 - 7, o,
					 sizeof(o)), -EMSGSIZE);
	}
}

static void build_reply(void)
{
	static const char pl4[] = "OPTIONS sip:a@b SIP/2.0\r\n\r\n";
	static const char pl6[] = "BYE sip:x SIP/2.0\r\n\r\n";
	uint8_t ref[256], out[256];
	struct pkt_info pi, pj;
	ssize_t m;

	unhex(v4_hex, ref);
	CHECK_EQ(pkt_parse(ref, 55, &pi), 0);
	m = pkt_udp_build(IMSSEG_FAMILY_V4, pi.src, 5060, pi.dst, 5062,
			  (const uint8_t *)pl4, sizeof(pl4) - 1, out,
			  sizeof(out));
	CHECK_EQ(m, 55);
	CHECK_EQ(pkt_parse(out, (size_t)m, &pj), 0);
	/* same UDP bytes as the tshark-checked fixture */
	CHECK(!memcmp(out + 20, ref + 20, 35));
	CHECK(ip4_ok(out));
	CHECK_EQ(out[8], 64);
	CHECK_EQ(get16(out + 2), 55);

	unhex(v6_hex, ref);
	CHECK_EQ(pkt_parse(ref, 69, &pi), 0);
	m = pkt_udp_build(IMSSEG_FAMILY_V6, pi.src, 5060, pi.dst, 5060,
			  (const uint8_t *)pl6, sizeof(pl6) - 1, out,
			  sizeof(out));
	CHECK_EQ(m, 69);
	CHECK(!memcmp(out, ref, 69));		/* byte for byte */

	CHECK_EQ(pkt_udp_build(IMSSEG_FAMILY_V6, pi.src, 1, pi.dst, 2,
			       (const uint8_t *)pl6, 21, out, 60), -EMSGSIZE);
	CHECK_EQ(pkt_udp_build(9, pi.src, 1, pi.dst, 2,
			       (const uint8_t *)pl6, 21, out, 100), -EINVAL);
}

/* A UDP checksum that sums to 0 is sent as 0xffff (RFC 768). */
static void zero_checksum(void)
{
	uint8_t src[4] = { 0, 0, 0, 0 }, dst[4] = { 0, 0, 0, 0 };
	uint8_t u[10] = { 0 };
	uint32_t s;
	uint16_t c;

	/* pseudo header: 17 + len; pick payload making the sum 0xffff */
	u[4] = 0;
	u[5] = 10;
	s = 17 + 10 + 10;	/* proto + len (pseudo) + len (header) */
	u[8] = (uint8_t)((0xffff - s) >> 8);
	u[9] = (uint8_t)(0xffff - s);
	c = pkt_udp_csum(IMSSEG_FAMILY_V4, src, dst, u, 10);
	CHECK_EQ(c, 0xffff);
}

int main(void)
{
	UNIT_RUN(parse_v4);
	UNIT_RUN(parse_v6);
	UNIT_RUN(v6_extension_headers);
	UNIT_RUN(bad_packets);
	UNIT_RUN(v4_options_and_tcp);
	UNIT_RUN(rebuild_v4);
	UNIT_RUN(rebuild_v6);
	UNIT_RUN(build_reply);
	UNIT_RUN(zero_checksum);
	return unit_done();
}
