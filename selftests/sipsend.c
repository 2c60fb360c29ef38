// SPDX-License-Identifier: GPL-2.0
/*
 * Send SIP messages from files as UDP datagrams (selftests; a C tool
 * because the VM runs under TCG where interpreters start slowly).
 *
 *   sipsend [-b BINDADDR] [-p SPORT] [-n COUNT] [-r PPS] ADDR PORT FILE...
 *	send each FILE as one datagram (any size up to 65507: IP
 *	fragments it), COUNT rounds (default 1), at most PPS datagrams
 *	per second (default: no pacing); print "sent N"
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"

#define MAX_FILES	256
#define MAX_LEN		65507

static char *slurp(const char *path, size_t *len)
{
	char *b = malloc(MAX_LEN);
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || !b) {
		perror(path);
		exit(2);
	}
	n = read(fd, b, MAX_LEN);
	if (n < 0) {
		perror(path);
		exit(2);
	}
	close(fd);
	*len = n;
	return b;
}

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv)
{
	const char *bind_addr = NULL;
	struct sockaddr_storage dst, src;
	long count = 1, pps = 0, sent = 0, r, i;
	char *msg[MAX_FILES];
	size_t len[MAX_FILES];
	int sport = 0, nf, fd, c;
	socklen_t dlen, slen;
	long long t0;

	while ((c = getopt(argc, argv, "b:p:n:r:")) != -1) {
		switch (c) {
		case 'b': bind_addr = optarg; break;
		case 'p': sport = atoi(optarg); break;
		case 'n': count = atol(optarg); break;
		case 'r': pps = atol(optarg); break;
		default: return 2;
		}
	}
	if (argc - optind < 3 || argc - optind - 2 > MAX_FILES) {
		fprintf(stderr, "usage: sipsend [-b ADDR] [-p SPORT] [-n COUNT] [-r PPS] ADDR PORT FILE...\n");
		return 2;
	}
	dlen = helper_addr("sipsend", argv[optind], atoi(argv[optind + 1]), &dst);
	nf = argc - optind - 2;
	for (i = 0; i < nf; i++)
		msg[i] = slurp(argv[optind + 2 + i], &len[i]);
	fd = socket(dst.ss_family, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	if (bind_addr || sport) {
		slen = helper_addr("sipsend", bind_addr ? bind_addr :
			    dst.ss_family == AF_INET ? "0.0.0.0" : "::",
			    sport, &src);
		if (bind(fd, (struct sockaddr *)&src, slen) < 0) {
			perror("bind");
			return 1;
		}
	}
	t0 = now_ns();
	for (r = 0; r < count; r++) {
		for (i = 0; i < nf; i++) {
			if (pps)
				while (now_ns() < t0 + sent * 1000000000LL / pps)
					usleep(200);
			if (sendto(fd, msg[i], len[i], 0,
				   (struct sockaddr *)&dst, dlen) < 0) {
				perror("sendto");
				return 1;
			}
			sent++;
		}
	}
	printf("sent %ld\n", sent);
	return 0;
}
