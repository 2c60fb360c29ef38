/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small pieces shared by the selftests' C helpers (udpio, sipsend,
 * flood) and the benchmark's (bench/pktflood, bench/tput): strict number
 * arguments, socket addresses, the Internet checksum. A bad argument
 * ends the program with exit status 2 and a message naming it.
 */
#ifndef _IMSSEG_SELFTEST_HELPERS_H
#define _IMSSEG_SELFTEST_HELPERS_H

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* A decimal argument >= 0; @prog and @what name it in the error. */
static inline long helper_num(const char *prog, const char *s,
			      const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0) {
		fprintf(stderr, "%s: bad %s '%s'\n", prog, what, s);
		exit(2);
	}
	return v;
}

/* Fills @ss from an IPv4 or IPv6 literal; returns the address length. */
static inline socklen_t helper_addr(const char *prog, const char *s, int port,
				    struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, s, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		return sizeof(*s4);
	}
	if (inet_pton(AF_INET6, s, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		return sizeof(*s6);
	}
	fprintf(stderr, "%s: bad address '%s'\n", prog, s);
	exit(2);
}

/* Adds @len bytes at @p to a one's complement sum (RFC 1071). */
static inline uint32_t helper_sum16(const void *p, size_t len, uint32_t sum)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	if (len & 1)
		sum += (uint32_t)b[len - 1] << 8;
	return sum;
}

/* The checksum field for a sum of helper_sum16(), in network order. */
static inline uint16_t helper_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

#endif /* _IMSSEG_SELFTEST_HELPERS_H */
