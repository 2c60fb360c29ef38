/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packets of segctl run's SIP path, as NFQUEUE hands them over (the IP
 * header first): find the addresses, ports and the L4 payload; rebuild
 * an IP/UDP packet around a new payload (SG_ACCEPT_MODIFIED); build an
 * IP/UDP packet from scratch and send it through a raw socket
 * (SG_REPLY). The parse/build part is pure (no sockets) and unit
 * tested (tests/unit/test_pktio.c).
 *
 * What is not done, on purpose:
 *  - TCP payloads are never modified: a longer or shorter segment moves
 *    the stream's sequence numbers and the endpoints would lose sync
 *    (the kernel offers no seqadj for a queue verdict outside
 *    conntrack helpers). The packet is accepted unmodified and counted.
 *  - TCP requests get no SIP reply: the stream belongs to the two
 *    endpoints; a response injected by the gateway would need the
 *    peer's sequence space and would desynchronise the real connection.
 *    The request is dropped and counted.
 *  - IPv6 packets with a routing header that still has segments left
 *    are not modified (the UDP checksum covers the final destination,
 *    which is not the one in the header); IPv4 source routes likewise.
 *  - Fragments and IPv6 jumbograms are refused by pkt_parse(): the
 *    kernel module reassembles before it punts.
 */
#ifndef _SEGCTL_PKTIO_H
#define _SEGCTL_PKTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PKT_IP_MAX	65535	/* largest IPv4 packet / IPv6 payload */

struct pkt_info {
	uint8_t family;		/* IMSSEG_FAMILY_V4 / _V6 */
	uint8_t l4;		/* IPPROTO_UDP or IPPROTO_TCP */
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	bool no_mangle;		/* source route / routing header: see above */
	size_t ip_len;		/* bytes of the packet the IP header covers */
	size_t l4_off;		/* the UDP/TCP header */
	size_t payload_off;	/* the SIP bytes */
	size_t payload_len;
};

/*
 * Parses the IPv4 or IPv6 packet @p of @len bytes (IPv6 extension
 * headers skipped: hop-by-hop, routing, destination options, AH, an
 * atomic fragment header). 0, or -EINVAL (truncated or inconsistent
 * lengths), -EPROTONOSUPPORT (not UDP/TCP, a fragment, a jumbogram).
 */
int pkt_parse(const uint8_t *p, size_t len, struct pkt_info *pi);

/* The Internet checksum of @len bytes, added to @sum (not folded). */
uint32_t pkt_csum_add(uint32_t sum, const void *data, size_t len);
/* Folds @sum to 16 bits and complements it. */
uint16_t pkt_csum_fold(uint32_t sum);

/*
 * The UDP checksum (network order, 0 mapped to 0xffff) of the UDP
 * header + payload @udp of @len bytes (its checksum field taken as 0).
 */
uint16_t pkt_udp_csum(uint8_t family, const uint8_t *src, const uint8_t *dst,
		      const uint8_t *udp, size_t len);

/*
 * The UDP packet @p (parsed into @pi) with its payload replaced by
 * @pl/@plen, into @out (@cap bytes): IP headers and options kept,
 * IPv4 total length and header checksum, IPv6 payload length, UDP
 * length and checksum recomputed. Returns the new length, or -EINVAL
 * (not UDP, no_mangle set), -EMSGSIZE (too long for @cap or for IP).
 */
ssize_t pkt_udp_rebuild(const uint8_t *p, const struct pkt_info *pi,
			const uint8_t *pl, size_t plen, uint8_t *out,
			size_t cap);

/*
 * A new IPv4 or IPv6 UDP packet from @src:@sport to @dst:@dport with
 * payload @pl/@plen (hop limit / TTL 64, no options), into @out.
 * Returns its length or -EMSGSIZE / -EINVAL (family).
 */
ssize_t pkt_udp_build(uint8_t family, const uint8_t *src, uint16_t sport,
		      const uint8_t *dst, uint16_t dport, const uint8_t *pl,
		      size_t plen, uint8_t *out, size_t cap);

/* "192.0.2.1:5060" or "[2001:db8::1]:5060" (port 0: address only). */
const char *pkt_addr_str(uint8_t family, const uint8_t *addr, uint16_t port,
			 char *buf, size_t len);

/* Raw sockets for SIP replies (IP_HDRINCL / IPV6_HDRINCL). */
struct pkt_tx {
	int fd4, fd6;		/* -1: not open */
};

/*
 * Opens both raw sockets; a family that fails (no IPv6, no
 * CAP_NET_RAW) stays -1 and its error is in @err. 0 if at least one
 * opened, -1 if none.
 */
int pkt_tx_open(struct pkt_tx *tx, char *err, size_t errlen);
void pkt_tx_close(struct pkt_tx *tx);

/* Sends the IP packet @pkt built by pkt_udp_build(); 0 or -errno. */
int pkt_tx_send(const struct pkt_tx *tx, uint8_t family, const uint8_t *pkt,
		size_t len);

#endif /* _SEGCTL_PKTIO_H */
