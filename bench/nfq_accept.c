// SPDX-License-Identifier: GPL-2.0
/*
 * The NFQUEUE benchmark's reference: a bare accept-all listener on
 * libmnl and libnetfilter_queue's nfq_nlmsg_* API, bound the way
 * segctl run binds its queues (copy mode packet, range 65535, queue
 * length 4096, NFQA_CFG_F_GSO, 16 MiB receive buffer, no fail-open),
 * one thread per queue, the verdicts of one receive buffer sent in one
 * batch. It looks at nothing but the packet id: whatever segctl does
 * beyond this is the cost of its SIP checks.
 *
 *   nfq_accept FIRST[-LAST] [READYFILE]
 *	bind queues FIRST..LAST (at most 16), create READYFILE once all
 *	are bound, accept every packet until SIGINT/SIGTERM, then print
 *	"verdicts N" per queue ("queue Q verdicts N") and in total.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXQ		16
#define QMAXLEN		4096
#define RCVBUF		(16 << 20)
#define BUFSZ		(0xffff + MNL_SOCKET_BUFFER_SIZE / 2)

struct q {
	unsigned int num, portid;
	struct mnl_socket *nl;
	char *rbuf, *bbuf;
	struct mnl_nlmsg_batch *batch;
	unsigned long verdicts;
	pthread_t thread;
};

static void die(const char *what, unsigned int q)
{
	fprintf(stderr, "nfq_accept: queue %u: %s: %s\n", q, what,
		strerror(errno));
	exit(1);
}

static int packet_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *attr[NFQA_MAX + 1] = {};
	struct nfqnl_msg_packet_hdr *ph;
	struct q *q = data;
	struct nlmsghdr *v;

	if (nfq_nlmsg_parse(nlh, attr) < 0 || !attr[NFQA_PACKET_HDR])
		return MNL_CB_ERROR;
	ph = mnl_attr_get_payload(attr[NFQA_PACKET_HDR]);
	v = nfq_nlmsg_put(mnl_nlmsg_batch_current(q->batch),
			  NFQNL_MSG_VERDICT, q->num);
	nfq_nlmsg_verdict_put(v, ntohl(ph->packet_id), NF_ACCEPT);
	if (!mnl_nlmsg_batch_next(q->batch)) {
		/* batch full: send what is in it, start again */
		if (mnl_socket_sendto(q->nl, mnl_nlmsg_batch_head(q->batch),
				      mnl_nlmsg_batch_size(q->batch)) < 0)
			die("verdict", q->num);
		mnl_nlmsg_batch_reset(q->batch);
	}
	q->verdicts++;
	return MNL_CB_OK;
}

static void *run(void *arg)
{
	struct q *q = arg;
	int r;

	for (;;) {
		r = mnl_socket_recvfrom(q->nl, q->rbuf, BUFSZ);
		if (r < 0) {
			if (errno == ENOBUFS || errno == EINTR)
				continue;
			die("recv", q->num);
		}
		if (mnl_cb_run(q->rbuf, r, 0, q->portid, packet_cb, q) < 0)
			die("packet", q->num);
		if (!mnl_nlmsg_batch_is_empty(q->batch)) {
			if (mnl_socket_sendto(q->nl,
					      mnl_nlmsg_batch_head(q->batch),
					      mnl_nlmsg_batch_size(q->batch)) < 0)
				die("verdict", q->num);
			mnl_nlmsg_batch_reset(q->batch);
		}
	}
	return NULL;
}

static void bind_queue(struct q *q)
{
	struct nlmsghdr *nlh;
	int one = 1, rcvbuf = RCVBUF;

	q->rbuf = malloc(BUFSZ);
	q->bbuf = malloc(MNL_SOCKET_BUFFER_SIZE * 2);
	q->nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!q->rbuf || !q->bbuf || !q->nl)
		die("open", q->num);
	if (mnl_socket_bind(q->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("bind", q->num);
	q->portid = mnl_socket_get_portid(q->nl);
	setsockopt(mnl_socket_get_fd(q->nl), SOL_SOCKET, SO_RCVBUFFORCE,
		   &rcvbuf, sizeof(rcvbuf));
	mnl_socket_setsockopt(q->nl, NETLINK_NO_ENOBUFS, &one, sizeof(one));

	nlh = nfq_nlmsg_put(q->rbuf, NFQNL_MSG_CONFIG, q->num);
	nfq_nlmsg_cfg_put_cmd(nlh, AF_INET, NFQNL_CFG_CMD_BIND);
	if (mnl_socket_sendto(q->nl, nlh, nlh->nlmsg_len) < 0)
		die("config bind", q->num);
	nlh = nfq_nlmsg_put(q->rbuf, NFQNL_MSG_CONFIG, q->num);
	nfq_nlmsg_cfg_put_params(nlh, NFQNL_COPY_PACKET, 0xffff);
	mnl_attr_put_u32(nlh, NFQA_CFG_FLAGS, htonl(NFQA_CFG_F_GSO));
	mnl_attr_put_u32(nlh, NFQA_CFG_MASK, htonl(NFQA_CFG_F_GSO));
	mnl_attr_put_u32(nlh, NFQA_CFG_QUEUE_MAXLEN, htonl(QMAXLEN));
	if (mnl_socket_sendto(q->nl, nlh, nlh->nlmsg_len) < 0)
		die("config params", q->num);
	q->batch = mnl_nlmsg_batch_start(q->bbuf, MNL_SOCKET_BUFFER_SIZE);
	if (!q->batch)
		die("batch", q->num);
}

int main(int argc, char **argv)
{
	static struct q qs[MAXQ];
	unsigned int first, last, n, i;
	unsigned long total = 0;
	sigset_t set;
	char *end;
	FILE *f;
	int sig;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: nfq_accept FIRST[-LAST] [READYFILE]\n");
		return 2;
	}
	first = strtoul(argv[1], &end, 10);
	last = *end == '-' ? strtoul(end + 1, &end, 10) : first;
	if (*end || end == argv[1] || last < first || last > 65535 ||
	    last - first >= MAXQ) {
		fprintf(stderr, "nfq_accept: bad queue range '%s'\n", argv[1]);
		return 2;
	}
	n = last - first + 1;

	/* the threads inherit the blocked signals; main waits for them */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	for (i = 0; i < n; i++) {
		qs[i].num = first + i;
		bind_queue(&qs[i]);
	}
	for (i = 0; i < n; i++)
		if (pthread_create(&qs[i].thread, NULL, run, &qs[i]))
			die("thread", qs[i].num);
	if (argc > 2) {
		f = fopen(argv[2], "w");
		if (!f)
			die(argv[2], first);
		fclose(f);
	}
	sigwait(&set, &sig);
	for (i = 0; i < n; i++) {
		printf("queue %u verdicts %lu\n", qs[i].num, qs[i].verdicts);
		total += qs[i].verdicts;
	}
	printf("verdicts %lu\n", total);
	return 0;
}
