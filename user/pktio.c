// SPDX-License-Identifier: GPL-2.0
/*
 * IP/UDP/TCP parsing, UDP rebuild and reply packets for segctl run's
 * SIP path, see pktio.h. Byte-level code without struct casts: the
 * packet buffer of an NFQUEUE message has no alignment guarantee.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "imsseg_prefix.h"
#include "pktio.h"

#define IP4_HLEN	20
#define IP6_HLEN	40
#define UDP_HLEN	8
#define TCP_HLEN	20
#define EXT_MAX		16	/* IPv6 extension headers we walk at most */
#define TTL_DEFAULT	64

#ifndef IPV6_HDRINCL
#define IPV6_HDRINCL	36
#endif

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

uint32_t pkt_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (; len > 1; p += 2, len -= 2) {
		sum += get16(p);
		if (sum & 0x80000000u)
			sum = (sum & 0xffff) + (sum >> 16);
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

uint16_t pkt_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t pkt_udp_csum(uint8_t family, const uint8_t *src, const uint8_t *dst,
		      const uint8_t *udp, size_t len)
{
	size_t alen = family == IMSSEG_FAMILY_V6 ? 16 : 4;
	uint8_t tail[4] = { 0, 0, 0, IPPROTO_UDP };
	uint32_t sum = 0;
	uint16_t c;

	sum = pkt_csum_add(sum, src, alen);
	sum = pkt_csum_add(sum, dst, alen);
	if (family == IMSSEG_FAMILY_V6) {
		uint8_t l[4] = { (uint8_t)(len >> 24), (uint8_t)(len >> 16),
				 (uint8_t)(len >> 8), (uint8_t)len };

		sum = pkt_csum_add(sum, l, 4);
		sum = pkt_csum_add(sum, tail, 4);
	} else {
		sum += IPPROTO_UDP + (uint32_t)len;
	}
	sum = pkt_csum_add(sum, udp, 6);	/* ports, length */
	sum = pkt_csum_add(sum, udp + UDP_HLEN, len - UDP_HLEN);
	c = pkt_csum_fold(sum);
	return c ? c : 0xffff;
}

/* IPv4 options: a loose or strict source route changes the final dst. */
static bool v4_source_routed(const uint8_t *o, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (o[i] == 0)		/* end of options */
			break;
		if (o[i] == 1) {	/* NOP */
			i++;
			continue;
		}
		if (o[i] == 131 || o[i] == 137)	/* LSRR, SSRR */
			return true;
		if (i + 1 >= len || o[i + 1] < 2)
			return false;
		i += o[i + 1];
	}
	return false;
}

static int parse_v4(const uint8_t *p, size_t len, struct pkt_info *pi,
		    uint8_t *proto)
{
	size_t hl, tot;

	if (len < IP4_HLEN)
		return -EINVAL;
	hl = (size_t)(p[0] & 0xf) * 4;
	tot = get16(p + 2);
	if (hl < IP4_HLEN || tot < hl || tot > len)
		return -EINVAL;
	if (get16(p + 6) & 0x3fff)	/* MF or an offset */
		return -EPROTONOSUPPORT;
	pi->family = IMSSEG_FAMILY_V4;
	memcpy(pi->src, p + 12, 4);
	memcpy(pi->dst, p + 16, 4);
	pi->no_mangle = v4_source_routed(p + IP4_HLEN, hl - IP4_HLEN);
	pi->ip_len = tot;
	pi->l4_off = hl;
	*proto = p[9];
	return 0;
}

static int parse_v6(const uint8_t *p, size_t len, struct pkt_info *pi,
		    uint8_t *proto)
{
	size_t off = IP6_HLEN, tot, hl;
	uint8_t nh;
	int n;

	if (len < IP6_HLEN)
		return -EINVAL;
	tot = IP6_HLEN + get16(p + 4);
	if (tot == IP6_HLEN && p[6] == 0)
		return -EPROTONOSUPPORT;	/* a jumbogram (RFC 2675) */
	if (tot > len)
		return -EINVAL;
	pi->family = IMSSEG_FAMILY_V6;
	memcpy(pi->src, p + 8, 16);
	memcpy(pi->dst, p + 24, 16);
	pi->no_mangle = false;
	nh = p[6];
	for (n = 0; n < EXT_MAX; n++) {
		if (nh == IPPROTO_UDP || nh == IPPROTO_TCP)
			break;
		if (off + 8 > tot)
			return -EINVAL;
		switch (nh) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_DSTOPTS:
			hl = ((size_t)p[off + 1] + 1) * 8;
			break;
		case IPPROTO_ROUTING:
			hl = ((size_t)p[off + 1] + 1) * 8;
			if (p[off + 3])		/* segments left */
				pi->no_mangle = true;
			break;
		case IPPROTO_FRAGMENT:
			/* only an atomic fragment (offset 0, no M bit) */
			if (get16(p + off + 2) & 0xfff9)
				return -EPROTONOSUPPORT;
			hl = 8;
			break;
		case IPPROTO_AH:
			hl = ((size_t)p[off + 1] + 2) * 4;
			break;
		default:
			return -EPROTONOSUPPORT;
		}
		if (off + hl > tot)
			return -EINVAL;
		nh = p[off];
		off += hl;
	}
	if (n == EXT_MAX)
		return -EPROTONOSUPPORT;
	pi->ip_len = tot;
	pi->l4_off = off;
	*proto = nh;
	return 0;
}

int pkt_parse(const uint8_t *p, size_t len, struct pkt_info *pi)
{
	uint8_t proto = 0;
	size_t l4len, hl;
	int rc;

	memset(pi, 0, sizeof(*pi));
	if (!len)
		return -EINVAL;
	switch (p[0] >> 4) {
	case 4:
		rc = parse_v4(p, len, pi, &proto);
		break;
	case 6:
		rc = parse_v6(p, len, pi, &proto);
		break;
	default:
		return -EPROTONOSUPPORT;
	}
	if (rc)
		return rc;
	l4len = pi->ip_len - pi->l4_off;
	pi->l4 = proto;
	if (proto == IPPROTO_UDP) {
		size_t ulen;

		if (l4len < UDP_HLEN)
			return -EINVAL;
		ulen = get16(p + pi->l4_off + 4);
		if (ulen < UDP_HLEN || ulen > l4len)
			return -EINVAL;
		hl = UDP_HLEN;
		l4len = ulen;
	} else if (proto == IPPROTO_TCP) {
		if (l4len < TCP_HLEN)
			return -EINVAL;
		hl = (size_t)(p[pi->l4_off + 12] >> 4) * 4;
		if (hl < TCP_HLEN || hl > l4len)
			return -EINVAL;
	} else {
		return -EPROTONOSUPPORT;
	}
	pi->sport = get16(p + pi->l4_off);
	pi->dport = get16(p + pi->l4_off + 2);
	pi->payload_off = pi->l4_off + hl;
	pi->payload_len = l4len - hl;
	return 0;
}

/* Fills in the IPv4 header checksum of the header at @ip. */
static void v4_hdr_csum(uint8_t *ip)
{
	size_t hl = (size_t)(ip[0] & 0xf) * 4;

	put16(ip + 10, 0);
	put16(ip + 10, pkt_csum_fold(pkt_csum_add(0, ip, hl)));
}

/* Lengths and checksums of the packet @out: IP header(s), then UDP. */
static void finish_udp(uint8_t family, uint8_t *out, size_t l4_off,
		       size_t total, const uint8_t *src, const uint8_t *dst)
{
	uint8_t *udp = out + l4_off;
	size_t ulen = total - l4_off;

	if (family == IMSSEG_FAMILY_V4) {
		put16(out + 2, (uint16_t)total);
		v4_hdr_csum(out);
	} else {
		put16(out + 4, (uint16_t)(total - IP6_HLEN));
	}
	put16(udp + 4, (uint16_t)ulen);
	put16(udp + 6, 0);
	put16(udp + 6, pkt_udp_csum(family, src, dst, udp, ulen));
}

/* Largest total length: IPv4 total length, IPv6 40 + payload length. */
static size_t ip_max(uint8_t family)
{
	return family == IMSSEG_FAMILY_V6 ? IP6_HLEN + PKT_IP_MAX : PKT_IP_MAX;
}

ssize_t pkt_udp_rebuild(const uint8_t *p, const struct pkt_info *pi,
			const uint8_t *pl, size_t plen, uint8_t *out,
			size_t cap)
{
	size_t head = pi->l4_off + UDP_HLEN, total = head + plen;

	if (pi->l4 != IPPROTO_UDP || pi->no_mangle)
		return -EINVAL;
	if (total > cap || total > ip_max(pi->family) ||
	    total - pi->l4_off > 0xffff)
		return -EMSGSIZE;
	memmove(out, p, head);
	memmove(out + head, pl, plen);
	finish_udp(pi->family, out, pi->l4_off, total, pi->src, pi->dst);
	return (ssize_t)total;
}

ssize_t pkt_udp_build(uint8_t family, const uint8_t *src, uint16_t sport,
		      const uint8_t *dst, uint16_t dport, const uint8_t *pl,
		      size_t plen, uint8_t *out, size_t cap)
{
	size_t hl, total;
	uint8_t *udp;

	if (family == IMSSEG_FAMILY_V4)
		hl = IP4_HLEN;
	else if (family == IMSSEG_FAMILY_V6)
		hl = IP6_HLEN;
	else
		return -EINVAL;
	total = hl + UDP_HLEN + plen;
	if (total > cap || total > ip_max(family) ||
	    UDP_HLEN + plen > 0xffff)
		return -EMSGSIZE;
	memset(out, 0, hl + UDP_HLEN);
	if (family == IMSSEG_FAMILY_V4) {
		out[0] = 0x45;
		out[8] = TTL_DEFAULT;
		out[9] = IPPROTO_UDP;
		memcpy(out + 12, src, 4);
		memcpy(out + 16, dst, 4);
	} else {
		out[0] = 0x60;
		out[6] = IPPROTO_UDP;
		out[7] = TTL_DEFAULT;
		memcpy(out + 8, src, 16);
		memcpy(out + 24, dst, 16);
	}
	udp = out + hl;
	put16(udp, sport);
	put16(udp + 2, dport);
	memmove(udp + UDP_HLEN, pl, plen);
	finish_udp(family, out, hl, total, src, dst);
	return (ssize_t)total;
}

const char *pkt_addr_str(uint8_t family, const uint8_t *addr, uint16_t port,
			 char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	int v6 = family == IMSSEG_FAMILY_V6;

	if (!inet_ntop(v6 ? AF_INET6 : AF_INET, addr, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	if (!port)
		snprintf(buf, len, "%s", a);
	else
		snprintf(buf, len, v6 ? "[%s]:%u" : "%s:%u", a, port);
	return buf;
}

int pkt_tx_open(struct pkt_tx *tx, char *err, size_t errlen)
{
	int one = 1;

	tx->fd4 = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (tx->fd4 < 0)
		snprintf(err, errlen, "raw IPv4 socket: %s", strerror(errno));
	tx->fd6 = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (tx->fd6 >= 0 &&
	    setsockopt(tx->fd6, IPPROTO_IPV6, IPV6_HDRINCL, &one, sizeof(one))) {
		snprintf(err, errlen, "IPV6_HDRINCL: %s", strerror(errno));
		close(tx->fd6);
		tx->fd6 = -1;
	} else if (tx->fd6 < 0) {
		snprintf(err, errlen, "raw IPv6 socket: %s", strerror(errno));
	}
	return tx->fd4 < 0 && tx->fd6 < 0 ? -1 : 0;
}

void pkt_tx_close(struct pkt_tx *tx)
{
	if (tx->fd4 >= 0)
		close(tx->fd4);
	if (tx->fd6 >= 0)
		close(tx->fd6);
	tx->fd4 = tx->fd6 = -1;
}

int pkt_tx_send(const struct pkt_tx *tx, uint8_t family, const uint8_t *pkt,
		size_t len)
{
	struct sockaddr_in s4 = { .sin_family = AF_INET };
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6 };
	ssize_t n;

	if (family == IMSSEG_FAMILY_V4) {
		if (tx->fd4 < 0)
			return -EAFNOSUPPORT;
		memcpy(&s4.sin_addr, pkt + 16, 4);
		n = sendto(tx->fd4, pkt, len, 0, (struct sockaddr *)&s4,
			   sizeof(s4));
	} else {
		if (tx->fd6 < 0)
			return -EAFNOSUPPORT;
		memcpy(&s6.sin6_addr, pkt + 24, 16);
		n = sendto(tx->fd6, pkt, len, 0, (struct sockaddr *)&s6,
			   sizeof(s6));
	}
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}
