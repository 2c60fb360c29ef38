// SPDX-License-Identifier: GPL-2.0
/*
 * Send SIP messages from files as UDP datagrams (selftests; a C tool
 * because the VM runs under TCG where interpreters start slowly).
 *
 *   sipsend [-b BINDADDR [-s]] [-p SPORT] [-n COUNT] [-r PPS]
 *	   [-w MS [-c N] [-o FILE]] ADDR PORT FILE...
 *	send each FILE as one datagram (any size up to 65507: IP
 *	fragments it), COUNT rounds (default 1), at most PPS datagrams
 *	per second (default: no pacing); print "sent N"
 *
 *	-s: spoof; BINDADDR need not be local (IP_TRANSPARENT), so the
 *	datagrams carry another host's source address and port
 *
 *	-w MS: then collect what comes back to the socket for MS
 *	milliseconds, or until N datagrams came (-c); print "received
 *	N"; -o FILE appends each datagram to FILE followed by an empty
 *	line (the selftests read SIP responses this way)
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
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

/* -w: collect replies on @fd for @ms, at most @want (0: any number) */
static long collect(int fd, long ms, long want, const char *out)
{
	static char buf[65536];
	long long end = now_ns() + ms * 1000000LL, left;
	FILE *o = NULL;
	long got = 0;
	ssize_t n;

	if (out) {
		o = fopen(out, "a");
		if (!o) {
			perror(out);
			exit(1);
		}
	}
	while ((!want || got < want) && (left = end - now_ns()) > 0) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, left / 1000000 + 1) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			continue;	/* e.g. ICMP port unreachable */
		got++;
		if (o) {
			fwrite(buf, 1, n, o);
			fputs("\n", o);
		}
	}
	if (o)
		fclose(o);
	return got;
}

int main(int argc, char **argv)
{
	const char *bind_addr = NULL;
	struct sockaddr_storage dst, src;
	long count = 1, pps = 0, sent = 0, wait_ms = 0, want = 0, r, i;
	const char *out = NULL;
	char *msg[MAX_FILES];
	size_t len[MAX_FILES];
	int sport = 0, spoof = 0, one = 1, nf, fd, c;
	socklen_t dlen, slen;
	long long t0;

	while ((c = getopt(argc, argv, "b:sp:n:r:w:c:o:")) != -1) {
		switch (c) {
		case 'b': bind_addr = optarg; break;
		case 's': spoof = 1; break;
		case 'p': sport = atoi(optarg); break;
		case 'n': count = atol(optarg); break;
		case 'r': pps = atol(optarg); break;
		case 'w': wait_ms = helper_num("sipsend", optarg, "-w"); break;
		case 'c': want = helper_num("sipsend", optarg, "-c"); break;
		case 'o': out = optarg; break;
		default: return 2;
		}
	}
	if (argc - optind < 3 || argc - optind - 2 > MAX_FILES) {
		fprintf(stderr, "usage: sipsend [-b ADDR [-s]] [-p SPORT] [-n COUNT] [-r PPS] [-w MS [-c N] [-o FILE]] ADDR PORT FILE...\n");
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
	if (spoof && (dst.ss_family == AF_INET ?
		      setsockopt(fd, SOL_IP, IP_TRANSPARENT, &one, sizeof(one)) :
		      setsockopt(fd, SOL_IPV6, IPV6_TRANSPARENT, &one,
				 sizeof(one))) < 0) {
		perror("IP_TRANSPARENT");
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
	if (wait_ms)
		printf("received %ld\n", collect(fd, wait_ms, want, out));
	return 0;
}
