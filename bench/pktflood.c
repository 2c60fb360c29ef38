// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark packet generator: IPv4 UDP datagrams or TCP SYNs from one
 * or many (spoofed) source addresses, written straight to a device
 * with an AF_PACKET socket (qdisc bypassed, sendmmsg batches), so that
 * the generator costs little next to the gateway it loads. A C tool:
 * the bench VM runs under TCG, where interpreters and per-packet
 * user-space work (trafgen's dynamic fields) are slow.
 *
 *   pktflood -i DEV -m DSTMAC -s SRC -d DST [-S] [-n NSRC] [-R]
 *            [-p DPORT] [-f PAYLOAD] [-c COUNT] [-t MS] [-r PPS]
 *            [-b BATCH] [-E SEED] [-I MS]
 *
 *   -i DEV     output device (its MAC is the Ethernet source)
 *   -m MAC     Ethernet destination (the gateway's interface)
 *   -s SRC     first source address; -n NSRC sources (default 1):
 *              packet i comes from SRC + (i % NSRC), or with -R from
 *              SRC + a random number below NSRC
 *   -d DST     destination address; -p DPORT its port (default 9000)
 *   -S         TCP SYN (source port and sequence vary) instead of UDP
 *   -f FILE    UDP payload from FILE (default 18 bytes of 'x'); each
 *              "@@@@@@@@" in it becomes the packet number in hex, so
 *              that e.g. every SIP INVITE gets its own Call-ID. Up to
 *              8 -f: packet i carries file i % N
 *   -c COUNT   stop after COUNT packets; -t MS after MS milliseconds
 *              (one of them is required)
 *   -r PPS     pace to PPS packets per second (default: as fast as
 *              the device takes them)
 *   -b BATCH   packets per sendmmsg (default 32)
 *   -E SEED    seed of the source randomizer (default 1)
 *   -I MS      slice length for best_pps (default 100)
 *
 * UDP checksums are 0 (allowed for IPv4); IP and TCP checksums are
 * computed. SIGINT or SIGTERM ends the run early. Prints "sent N errors E elapsed_ms MS pps P best_pps B
 * median_pps M": P over the whole run, B and M the fastest and the
 * median of its MS-long slices (the fastest slice is the one the host
 * disturbed least: the VM shares its CPUs). Exits 0;
 * 1 on a setup error, 2 on a bad argument. A send the device refuses
 * (ENOBUFS) counts as an error, not sent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../selftests/helpers.h"

#define MAX_BATCH	256
#define MAX_FRAME	1514
#define MARK		"@@@@@@@@"

#define MAX_FILES	8

/* One frame template per payload file. */
struct tmpl {
	uint8_t f[MAX_FRAME];
	size_t len;
	size_t marks[16];
	int nmarks;
};

struct opts {
	const char *dev, *files[MAX_FILES];
	int nfiles;
	uint8_t dmac[6];
	uint32_t src, dst;		/* host order */
	long nsrc, dport, count, ms, pps, batch, slice;
	int syn, rnd;
	uint64_t seed;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: pktflood -i DEV -m DSTMAC -s SRC -d DST [-S] [-n NSRC] [-R] [-p DPORT] [-f PAYLOAD]... [-c COUNT] [-t MS] [-r PPS] [-b BATCH] [-E SEED] [-I MS]\n");
	exit(2);
}

/* A decimal argument >= 0 (selftests/helpers.h: exit 2 naming it). */
static long num(const char *s, const char *what)
{
	return helper_num("pktflood", s, what);
}

static uint32_t addr4(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "pktflood: bad IPv4 address '%s'\n", s);
		exit(2);
	}
	return ntohl(a.s_addr);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void parse(int argc, char **argv, struct opts *o)
{
	unsigned int m[6];
	int c;

	memset(o, 0, sizeof(*o));
	o->nsrc = 1;
	o->dport = 9000;
	o->batch = 32;
	o->seed = 1;
	o->slice = 100;
	while ((c = getopt(argc, argv, "i:m:s:d:Sn:Rp:f:c:t:r:b:E:I:")) != -1) {
		switch (c) {
		case 'i': o->dev = optarg; break;
		case 'm':
			if (sscanf(optarg, "%x:%x:%x:%x:%x:%x", &m[0], &m[1],
				   &m[2], &m[3], &m[4], &m[5]) != 6) {
				fprintf(stderr, "pktflood: bad MAC '%s'\n",
					optarg);
				exit(2);
			}
			for (c = 0; c < 6; c++)
				o->dmac[c] = m[c];
			break;
		case 's': o->src = addr4(optarg); break;
		case 'd': o->dst = addr4(optarg); break;
		case 'S': o->syn = 1; break;
		case 'n': o->nsrc = num(optarg, "-n"); break;
		case 'R': o->rnd = 1; break;
		case 'p': o->dport = num(optarg, "-p"); break;
		case 'f':
			if (o->nfiles == MAX_FILES)
				usage();
			o->files[o->nfiles++] = optarg;
			break;
		case 'c': o->count = num(optarg, "-c"); break;
		case 't': o->ms = num(optarg, "-t"); break;
		case 'r': o->pps = num(optarg, "-r"); break;
		case 'b': o->batch = num(optarg, "-b"); break;
		case 'E': o->seed = num(optarg, "-E") | 1; break;
		case 'I': o->slice = num(optarg, "-I"); break;
		default: usage();
		}
	}
	if (optind != argc || !o->dev || !o->src || !o->dst ||
	    (!o->count && !o->ms) || o->nsrc < 1 || o->batch < 1 ||
	    o->batch > MAX_BATCH || o->dport > 65535 || (o->syn && o->nfiles) ||
	    o->slice < 1)
		usage();
}

/* The payload: FILE's bytes, or 18 bytes of 'x'; offsets of MARKs. */
static size_t payload(const char *file, uint8_t *buf, size_t max,
		      size_t *marks, int *nmarks)
{
	size_t len = 18, i;
	ssize_t n;
	int fd;

	*nmarks = 0;
	if (!file) {
		memset(buf, 'x', len);
		return len;
	}
	fd = open(file, O_RDONLY);
	if (fd < 0) {
		perror(file);
		exit(1);
	}
	n = read(fd, buf, max);
	close(fd);
	if (n < 0 || (size_t)n == max) {
		fprintf(stderr, "pktflood: %s: unreadable or over %zu bytes\n",
			file, max - 1);
		exit(1);
	}
	len = n;
	for (i = 0; i + 8 <= len && *nmarks < 16; i++)
		if (!memcmp(buf + i, MARK, 8)) {
			marks[(*nmarks)++] = i;
			i += 7;
		}
	return len;
}

/* Fill one frame for packet @i from @src; returns its length. */
static size_t frame(const struct opts *o, uint8_t *f, const struct tmpl *t,
		    uint32_t src, uint64_t i, uint64_t rnd)
{
	struct iphdr *ip = (struct iphdr *)(f + ETH_HLEN);
	uint8_t *l4 = (uint8_t *)(ip + 1);
	char hex[9];
	int k;

	memcpy(f, t->f, t->len);
	ip->saddr = htonl(src);
	ip->id = htons(i & 0xffff);
	ip->check = 0;
	ip->check = helper_csum_fold(helper_sum16(ip, sizeof(*ip), 0));
	if (o->syn) {
		struct tcphdr *th = (struct tcphdr *)l4;
		uint32_t sum = 0;

		th->source = htons(1024 + rnd % 60000);
		th->seq = htonl((uint32_t)(rnd >> 16));
		th->check = 0;
		sum = helper_sum16(&ip->saddr, 8, sum);
		sum += IPPROTO_TCP + sizeof(*th);
		th->check = helper_csum_fold(helper_sum16(l4, sizeof(*th),
							  sum));
	} else if (t->nmarks) {
		snprintf(hex, sizeof(hex), "%08llx",
			 (unsigned long long)(i & 0xffffffffULL));
		for (k = 0; k < t->nmarks; k++)
			memcpy(l4 + sizeof(struct udphdr) + t->marks[k], hex, 8);
	}
	return t->len;
}

/* Build template @t: Ethernet, IPv4, then UDP with @file's payload or TCP. */
static void build(const struct opts *o, const uint8_t *smac, const char *file,
		  struct tmpl *t)
{
	struct iphdr *ip;
	size_t l4len;

	memset(t, 0, sizeof(*t));
	memcpy(t->f, o->dmac, 6);
	memcpy(t->f + 6, smac, 6);
	t->f[12] = ETH_P_IP >> 8;
	t->f[13] = ETH_P_IP & 0xff;
	ip = (struct iphdr *)(t->f + ETH_HLEN);
	if (o->syn) {
		struct tcphdr *th = (struct tcphdr *)(ip + 1);

		th->dest = htons(o->dport);
		th->doff = 5;
		th->syn = 1;
		th->window = htons(8192);
		l4len = sizeof(*th);
	} else {
		struct udphdr *uh = (struct udphdr *)(ip + 1);
		size_t plen;

		plen = payload(file, (uint8_t *)(uh + 1),
			       MAX_FRAME - ETH_HLEN - sizeof(*ip) - sizeof(*uh),
			       t->marks, &t->nmarks);
		uh->source = htons(40000);
		uh->dest = htons(o->dport);
		l4len = sizeof(*uh) + plen;
		uh->len = htons(l4len);
	}
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = o->syn ? IPPROTO_TCP : IPPROTO_UDP;
	ip->daddr = htonl(o->dst);
	ip->tot_len = htons(sizeof(*ip) + l4len);
	t->len = ETH_HLEN + sizeof(*ip) + l4len;
	if (t->len < 60)
		t->len = 60;	/* Ethernet minimum (the IP length says less) */
}

#define MAX_SLICES	4096

static int cmp_u64(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

int main(int argc, char **argv)
{
	static uint64_t slices[MAX_SLICES];
	uint64_t s_t0, s_sent0, s_len, best = 0;
	int nslices = 0;
	static uint8_t frames[MAX_BATCH][MAX_FRAME];
	static struct tmpl tmpls[MAX_FILES];
	struct mmsghdr msgs[MAX_BATCH];
	struct iovec iov[MAX_BATCH];
	struct sockaddr_ll sll;
	struct ifreq ifr;
	struct opts o;
	uint64_t t0, t1, deadline, i = 0, sent = 0, errs = 0, rs;
	int fd, one = 1, ntmpl, n, k, r;

	parse(argc, argv, &o);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	rs = o.seed * 0x9e3779b97f4a7c15ULL | 1;

	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		perror("pktflood: socket(AF_PACKET)");
		return 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", o.dev);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		fprintf(stderr, "pktflood: device %s: %s\n", o.dev,
			strerror(errno));
		return 1;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = if_nametoindex(o.dev);
	sll.sll_protocol = htons(ETH_P_IP);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("pktflood: bind");
		return 1;
	}
	/* best effort: older kernels queue through the qdisc instead */
	setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one));

	ntmpl = o.nfiles ? o.nfiles : 1;
	for (k = 0; k < ntmpl; k++)
		build(&o, (uint8_t *)ifr.ifr_hwaddr.sa_data,
		      o.nfiles ? o.files[k] : NULL, &tmpls[k]);

	memset(msgs, 0, sizeof(msgs));
	for (k = 0; k < o.batch; k++) {
		iov[k].iov_base = frames[k];
		msgs[k].msg_hdr.msg_iov = &iov[k];
		msgs[k].msg_hdr.msg_iovlen = 1;
	}

	t0 = now_ns();
	deadline = o.ms ? t0 + (uint64_t)o.ms * 1000000ULL : 0;
	t1 = t0;
	s_t0 = t0;
	s_sent0 = 0;
	s_len = (uint64_t)o.slice * 1000000ULL;
	while ((!o.count || i < (uint64_t)o.count) && !stop) {
		n = o.batch;
		if (o.count && (uint64_t)o.count - i < (uint64_t)n)
			n = o.count - i;
		if (o.pps) {
			uint64_t due = t0 + i * 1000000000ULL / o.pps;

			/* pace by batch; small batches pace smoothly */
			while ((t1 = now_ns()) < due) {
				struct timespec ts = {
					.tv_sec = 0,
					.tv_nsec = due - t1 > 1000000 ?
						   1000000 : due - t1,
				};

				nanosleep(&ts, NULL);
			}
		}
		for (k = 0; k < n; k++) {
			uint64_t x = xorshift(&rs);
			uint32_t off = o.rnd ? x % o.nsrc : (i + k) % o.nsrc;

			iov[k].iov_len = frame(&o, frames[k],
					       &tmpls[(i + k) % ntmpl],
					       o.src + off, i + k, x);
		}
		r = sendmmsg(fd, msgs, n, 0);
		if (r < 0) {
			if (errno != ENOBUFS && errno != EAGAIN &&
			    errno != EINTR) {
				perror("pktflood: sendmmsg");
				return 1;
			}
			r = 0;
		}
		sent += r;
		errs += n - r;
		i += n;
		t1 = now_ns();
		if (t1 - s_t0 >= s_len) {
			uint64_t rate = (sent - s_sent0) * 1000000000ULL /
					(t1 - s_t0);

			if (rate > best)
				best = rate;
			if (nslices < MAX_SLICES)
				slices[nslices++] = rate;
			s_t0 = t1;
			s_sent0 = sent;
		}
		if (deadline && t1 >= deadline)
			break;
	}
	t1 = now_ns();
	qsort(slices, nslices, sizeof(slices[0]), cmp_u64);
	printf("sent %llu errors %llu elapsed_ms %llu pps %llu best_pps %llu median_pps %llu\n",
	       (unsigned long long)sent, (unsigned long long)errs,
	       (unsigned long long)((t1 - t0) / 1000000),
	       (unsigned long long)(t1 > t0 ? sent * 1000000000ULL /
				    (t1 - t0) : 0),
	       (unsigned long long)best,
	       (unsigned long long)(nslices ? slices[nslices / 2] : 0));
	return 0;
}
