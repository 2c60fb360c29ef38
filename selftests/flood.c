// SPDX-License-Identifier: GPL-2.0
/*
 * Flood generator for the flood-protection selftests: exact counts of
 * UDP datagrams, TCP SYNs or ESP packets from one or many (spoofed)
 * source addresses, optionally paced. Raw sockets (IPv4 IPPROTO_RAW,
 * IPv6 IPPROTO_RAW: the header is ours), so any source address works.
 *
 *   flood [-S|-E] [-s SRC] [-n NSRC] [-p PORT] [-c COUNT] [-r PPS]
 *         [-z SIZE] DST
 *
 *   -S       TCP SYN (to PORT) instead of UDP; -E: ESP (SPI 1)
 *   -s SRC   first source address (same family as DST; required)
 *   -n NSRC  packet i comes from SRC + (i % NSRC), added to the low
 *            32 bits of the address (default 1)
 *   -p PORT  destination port (default 9000); the source port is 40000
 *   -c COUNT packets to send (default 1)
 *   -r PPS   pace to PPS packets per second (default 0: no pacing)
 *   -z SIZE  UDP/ESP payload bytes (default 32)
 *
 * Prints "sent COUNT elapsed_ms MS" (first to last send) and exits 0,
 * or 1 if a send failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"

#define num(s, what) helper_num("flood", s, what)

#define SPORT 40000

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Transport checksum over the pseudo header and l4 (len bytes). */
static uint16_t l4_csum(int fam, const void *src, const void *dst,
			uint8_t proto, const void *l4, size_t len)
{
	size_t alen = fam == AF_INET ? 4 : 16;
	uint32_t sum = 0;

	sum = helper_sum16(src, alen, sum);
	sum = helper_sum16(dst, alen, sum);
	sum += proto + (uint32_t)len;
	return helper_csum_fold(helper_sum16(l4, len, sum));
}

static void add32(uint8_t *addr, size_t alen, uint32_t n)
{
	uint32_t v;

	memcpy(&v, addr + alen - 4, 4);
	v = htonl(ntohl(v) + n);
	memcpy(addr + alen - 4, &v, 4);
}

int main(int argc, char **argv)
{
	uint8_t src0[16], src[16], dst[16], pkt[2048], *l4;
	long nsrc = 1, port = 9000, count = 1, pps = 0, size = 32, i;
	struct sockaddr_storage ss;
	int fam, fd, opt, proto = IPPROTO_UDP, have_src = 0;
	size_t alen, hlen, l4len;
	uint64_t t0 = 0, t1 = 0;
	socklen_t sslen;

	while ((opt = getopt(argc, argv, "SEs:n:p:c:r:z:")) != -1) {
		switch (opt) {
		case 'S': proto = IPPROTO_TCP; break;
		case 'E': proto = IPPROTO_ESP; break;
		case 's':
			if (inet_pton(strchr(optarg, ':') ? AF_INET6 : AF_INET,
				      optarg, src0) != 1) {
				fprintf(stderr, "flood: bad source '%s'\n",
					optarg);
				return 2;
			}
			have_src = 1;
			break;
		case 'n': nsrc = num(optarg, "nsrc"); break;
		case 'p': port = num(optarg, "port"); break;
		case 'c': count = num(optarg, "count"); break;
		case 'r': pps = num(optarg, "pps"); break;
		case 'z': size = num(optarg, "size"); break;
		default:
			fprintf(stderr, "usage: flood [-S|-E] -s SRC [-n NSRC] [-p PORT] [-c COUNT] [-r PPS] [-z SIZE] DST\n");
			return 2;
		}
	}
	if (optind + 1 != argc || !have_src || nsrc < 1 || size > 1400) {
		fprintf(stderr, "flood: need -s SRC and DST (size <= 1400)\n");
		return 2;
	}
	fam = strchr(argv[optind], ':') ? AF_INET6 : AF_INET;
	if (inet_pton(fam, argv[optind], dst) != 1) {
		fprintf(stderr, "flood: bad destination '%s'\n", argv[optind]);
		return 2;
	}
	alen = fam == AF_INET ? 4 : 16;
	hlen = fam == AF_INET ? sizeof(struct ip) : sizeof(struct ip6_hdr);
	l4len = proto == IPPROTO_TCP ? sizeof(struct tcphdr) :
		proto == IPPROTO_UDP ? sizeof(struct udphdr) + (size_t)size :
		8 + (size_t)size;

	fd = socket(fam, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0) {
		perror("flood: socket");
		return 1;
	}
	memset(&ss, 0, sizeof(ss));
	if (fam == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, dst, 4);
		sslen = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, dst, 16);
		sslen = sizeof(*s6);
	}

	for (i = 0; i < count; i++) {
		memset(pkt, 0, hlen + l4len);
		memcpy(src, src0, alen);
		add32(src, alen, (uint32_t)(i % nsrc));
		l4 = pkt + hlen;
		if (proto == IPPROTO_UDP) {
			struct udphdr *uh = (struct udphdr *)l4;

			uh->source = htons(SPORT);
			uh->dest = htons(port);
			uh->len = htons(l4len);
			memset(l4 + sizeof(*uh), 'x', size);
			uh->check = l4_csum(fam, src, dst, proto, l4, l4len);
		} else if (proto == IPPROTO_TCP) {
			struct tcphdr *th = (struct tcphdr *)l4;

			th->source = htons(SPORT + i % 20000);
			th->dest = htons(port);
			th->seq = htonl(i);
			th->doff = 5;
			th->syn = 1;
			th->window = htons(8192);
			th->check = l4_csum(fam, src, dst, proto, l4, l4len);
		} else {
			l4[3] = 1;	/* SPI 1, sequence i */
			l4[7] = i & 0xff;
		}
		if (fam == AF_INET) {
			struct ip *ip = (struct ip *)pkt;

			ip->ip_v = 4;
			ip->ip_hl = 5;
			ip->ip_len = htons(hlen + l4len);
			ip->ip_id = htons(i & 0xffff);
			ip->ip_ttl = 64;
			ip->ip_p = proto;
			memcpy(&ip->ip_src, src, 4);
			memcpy(&ip->ip_dst, dst, 4);
		} else {
			struct ip6_hdr *ip6 = (struct ip6_hdr *)pkt;

			ip6->ip6_flow = htonl(6U << 28);
			ip6->ip6_plen = htons(l4len);
			ip6->ip6_nxt = proto;
			ip6->ip6_hlim = 64;
			memcpy(&ip6->ip6_src, src, 16);
			memcpy(&ip6->ip6_dst, dst, 16);
		}
		if (pps) {
			uint64_t due = t0 + (uint64_t)i * 1000000000ULL / pps;

			if (i && now_ns() < due) {
				struct timespec ts = {
					.tv_sec = due / 1000000000ULL,
					.tv_nsec = due % 1000000000ULL,
				};

				clock_nanosleep(CLOCK_MONOTONIC,
						TIMER_ABSTIME, &ts, NULL);
			}
		}
		t1 = now_ns();
		if (!i)
			t0 = t1;
		if (sendto(fd, pkt, hlen + l4len, 0, (struct sockaddr *)&ss,
			   sslen) != (ssize_t)(hlen + l4len)) {
			perror("flood: sendto");
			return 1;
		}
	}
	printf("sent %ld elapsed_ms %llu\n", count,
	       (unsigned long long)((t1 - t0) / 1000000));
	return 0;
}
