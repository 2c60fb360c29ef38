// SPDX-License-Identifier: GPL-2.0
/*
 * Throughput of one UDP or TCP flow, for the legitimate-traffic
 * benchmark (no iperf3 on the build hosts; a C tool because the bench
 * VM runs under TCG).
 *
 *   tput recv udp|tcp ADDR PORT IDLE_MS READYFILE
 *	bind ADDR:PORT, create READYFILE, count what arrives; stop when
 *	nothing came for IDLE_MS after the first byte (TCP: when the
 *	sender closes). Prints "bytes B packets P elapsed_ms E bps R
 *	best_bps X median_bps M": R from the first to the last byte,
 *	X and M the fastest and the median 100 ms slice (the fastest is
 *	the one the host disturbed least: the VM shares its CPUs).
 *	"packets" counts datagrams (UDP) or reads (TCP).
 *   tput send udp|tcp ADDR PORT MS SIZE
 *	send SIZE-byte datagrams (UDP) or SIZE-byte writes (TCP) for MS
 *	milliseconds, as fast as the socket takes them. Prints "bytes B
 *	packets P elapsed_ms E" and exits 0, or 1 on an error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../selftests/helpers.h"

#define SLICE_NS	100000000ULL
#define MAX_SLICES	4096

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* A decimal argument >= 0 (selftests/helpers.h: exit 2 naming it). */
static long num(const char *s, const char *what)
{
	return helper_num("tput", s, what);
}

static void addr(const char *a, long port, struct sockaddr_in *sin)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	if (inet_pton(AF_INET, a, &sin->sin_addr) != 1) {
		fprintf(stderr, "tput: bad IPv4 address '%s'\n", a);
		exit(2);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

static int do_recv(int tcp, struct sockaddr_in *sin, long idle_ms,
		   const char *ready)
{
	static uint64_t slices[MAX_SLICES];
	static char buf[1 << 16];
	uint64_t bytes = 0, pkts = 0, first = 0, last = 0, s_t0 = 0;
	uint64_t s_bytes0 = 0, best = 0, t;
	int fd, cfd, one = 1, rcvbuf = 4 << 20, n = 0, fdr;
	struct pollfd p;
	ssize_t r;

	fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (fd < 0)
		return perror("tput: socket"), 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)sin, sizeof(*sin)) < 0)
		return perror("tput: bind"), 1;
	if (tcp && listen(fd, 1) < 0)
		return perror("tput: listen"), 1;
	fdr = open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fdr < 0)
		return perror(ready), 1;
	close(fdr);
	cfd = fd;
	if (tcp) {
		cfd = accept(fd, NULL, NULL);
		if (cfd < 0)
			return perror("tput: accept"), 1;
	}
	p.fd = cfd;
	p.events = POLLIN;
	for (;;) {
		if (poll(&p, 1, first ? idle_ms : 60000) <= 0)
			break;
		r = recv(cfd, buf, sizeof(buf), 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return perror("tput: recv"), 1;
		}
		if (r == 0 && tcp)
			break;
		t = now_ns();
		if (!first) {
			first = t;
			s_t0 = t;
		}
		last = t;
		bytes += r;
		pkts++;
		if (t - s_t0 >= SLICE_NS) {
			uint64_t rate = (bytes - s_bytes0) * 8000000000ULL /
					(t - s_t0);

			if (rate > best)
				best = rate;
			if (n < MAX_SLICES)
				slices[n++] = rate;
			s_t0 = t;
			s_bytes0 = bytes;
		}
	}
	qsort(slices, n, sizeof(slices[0]), cmp_u64);
	printf("bytes %llu packets %llu elapsed_ms %llu bps %llu best_bps %llu median_bps %llu\n",
	       (unsigned long long)bytes, (unsigned long long)pkts,
	       (unsigned long long)((last - first) / 1000000),
	       (unsigned long long)(last > first ?
				    bytes * 8000000000ULL / (last - first) : 0),
	       (unsigned long long)best,
	       (unsigned long long)(n ? slices[n / 2] : 0));
	return 0;
}

static int do_send(int tcp, struct sockaddr_in *sin, long ms, long size)
{
	static char buf[1 << 16];
	uint64_t t0, end, bytes = 0, pkts = 0;
	ssize_t r;
	int fd;

	if (size < 1 || size > (long)sizeof(buf)) {
		fprintf(stderr, "tput: size %ld not in 1..%zu\n", size,
			sizeof(buf));
		return 2;
	}
	memset(buf, 'x', size);
	fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (fd < 0)
		return perror("tput: socket"), 1;
	if (connect(fd, (struct sockaddr *)sin, sizeof(*sin)) < 0)
		return perror("tput: connect"), 1;
	t0 = now_ns();
	end = t0 + (uint64_t)ms * 1000000ULL;
	do {
		/* check the clock every 64 sends: it is slow under TCG */
		int i;

		for (i = 0; i < 64; i++) {
			r = send(fd, buf, size, 0);
			if (r < 0) {
				/* UDP: ICMP errors, full queues: go on */
				if (!tcp && (errno == ECONNREFUSED ||
					     errno == ENOBUFS))
					continue;
				return perror("tput: send"), 1;
			}
			bytes += r;
			pkts++;
		}
	} while (now_ns() < end);
	printf("bytes %llu packets %llu elapsed_ms %llu\n",
	       (unsigned long long)bytes, (unsigned long long)pkts,
	       (unsigned long long)((now_ns() - t0) / 1000000));
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin;
	int tcp;

	if (argc != 7 || (strcmp(argv[1], "send") && strcmp(argv[1], "recv")) ||
	    (strcmp(argv[2], "udp") && strcmp(argv[2], "tcp"))) {
		fprintf(stderr,
			"usage: tput recv udp|tcp ADDR PORT IDLE_MS READYFILE\n"
			"       tput send udp|tcp ADDR PORT MS SIZE\n");
		return 2;
	}
	tcp = !strcmp(argv[2], "tcp");
	addr(argv[3], num(argv[4], "port"), &sin);
	if (!strcmp(argv[1], "recv"))
		return do_recv(tcp, &sin, num(argv[5], "idle_ms"), argv[6]);
	return do_send(tcp, &sin, num(argv[5], "ms"), num(argv[6], "size"));
}
