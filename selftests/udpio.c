// SPDX-License-Identifier: GPL-2.0
/*
 * Exact UDP traffic for selftests (a C tool: the VM runs under TCG,
 * where an interpreter start costs seconds).
 *
 *   udpio send ADDR PORT COUNT SIZE
 *	send COUNT datagrams of SIZE bytes; exit 1 if any send fails
 *   udpio recv ADDR PORT COUNT IDLE_MS [READYFILE]
 *	bind, create READYFILE, then print how many datagrams arrived
 *	before COUNT were seen or nothing came for IDLE_MS
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

#define num(s, what) helper_num("udpio", s, what)

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	static char buf[65536];
	socklen_t len;
	long count, i, n = 0;
	int fd, fam, rcvbuf = 4 << 20;

	if (argc < 6 || (strcmp(argv[1], "send") && strcmp(argv[1], "recv"))) {
		fprintf(stderr,
			"usage: udpio send ADDR PORT COUNT SIZE\n"
			"       udpio recv ADDR PORT COUNT IDLE_MS [READYFILE]\n");
		return 2;
	}
	len = helper_addr("udpio", argv[2], num(argv[3], "port"), &ss);
	fam = ss.ss_family;
	count = num(argv[4], "count");
	fd = socket(fam, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("udpio: socket");
		return 1;
	}

	if (!strcmp(argv[1], "send")) {
		long size = num(argv[5], "size");

		if (size > (long)sizeof(buf)) {
			fprintf(stderr, "udpio: size %ld too large\n", size);
			return 2;
		}
		memset(buf, 'x', size);
		for (i = 0; i < count; i++) {
			if (sendto(fd, buf, size, 0, (struct sockaddr *)&ss,
				   len) != size) {
				perror("udpio: sendto");
				return 1;
			}
		}
		return 0;
	}

	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&ss, len)) {
		perror("udpio: bind");
		return 1;
	}
	if (argc > 6) {
		FILE *f = fopen(argv[6], "w");

		if (!f) {
			perror(argv[6]);
			return 1;
		}
		fclose(f);
	}
	while (n < count) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, (int)num(argv[5], "idle ms")) <= 0)
			break;
		if (recv(fd, buf, sizeof(buf), 0) >= 0)
			n++;
	}
	printf("%ld\n", n);
	return 0;
}
