// SPDX-License-Identifier: GPL-2.0
/*
 * NFQUEUE listener on libmnl + nfq_nlmsg_*, see nfq.h.
 *
 * One datagram from the kernel carries one queued packet; after the
 * first one the loop keeps reading without blocking while packets are
 * ready (up to DRAIN_BUDGET), puts each verdict into one batch buffer
 * and sends the batch in one sendto(). A verdict that modifies the
 * packet carries it in NFQA_PAYLOAD. The socket has NETLINK_CAP_ACK:
 * an error about a verdict does not echo the 64 KiB payload back.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <libnetfilter_queue/libnetfilter_queue.h>

#include "nfq.h"

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK	10
#endif

#define COPY_RANGE	0xffff
#define RBUF_SIZE	(COPY_RANGE + 8192)	/* a packet and its attrs */
#define BATCH_LIMIT	(128 * 1024)
#define BBUF_SIZE	(BATCH_LIMIT + RBUF_SIZE)	/* + one overflow msg */
#define DRAIN_BUDGET	64
#define ACK_WAIT_MS	5000
#define NOTICE_MS	1000

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void count(uint64_t *c)
{
	__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

static void notice(struct nq *q, const char *event, const char *msg)
{
	if (q->notice)
		q->notice(q, event, msg);
}

static void flush(struct nq *q)
{
	char m[128];
	ssize_t n;

	if (mnl_nlmsg_batch_is_empty(q->batch))
		return;
	do {
		n = mnl_socket_sendto(q->nl, mnl_nlmsg_batch_head(q->batch),
				      mnl_nlmsg_batch_size(q->batch));
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		count(&q->errors);
		snprintf(m, sizeof(m), "queue %u: sending verdicts: %s",
			 q->num, strerror(errno));
		notice(q, "queue_error", m);
	}
	mnl_nlmsg_batch_reset(q->batch);
}

static void put_verdict(struct nq *q, uint32_t id, const struct nq_verdict *v)
{
	struct nlmsghdr *nlh;

	nlh = nfq_nlmsg_put(mnl_nlmsg_batch_current(q->batch),
			    NFQNL_MSG_VERDICT, q->num);
	nfq_nlmsg_verdict_put(nlh, (int)id, (int)v->verdict);
	if (v->data)
		nfq_nlmsg_verdict_put_pkt(nlh, v->data, (uint32_t)v->len);
	if (!mnl_nlmsg_batch_next(q->batch))
		flush(q);	/* sends the full batch; keeps this one */
}

static void on_packet(struct nq *q, const struct nlmsghdr *nlh)
{
	struct nlattr *a[NFQA_MAX + 1] = { NULL };
	const struct nfqnl_msg_packet_hdr *ph;
	struct nq_pkt p = { 0 };
	struct nq_verdict v = { .verdict = NF_ACCEPT };

	if (nfq_nlmsg_parse(nlh, a) < 0 || !a[NFQA_PACKET_HDR] ||
	    mnl_attr_get_payload_len(a[NFQA_PACKET_HDR]) < sizeof(*ph)) {
		count(&q->errors);
		return;
	}
	ph = mnl_attr_get_payload(a[NFQA_PACKET_HDR]);
	p.id = ntohl(ph->packet_id);
	p.hw_proto = ntohs(ph->hw_protocol);
	if (a[NFQA_IFINDEX_INDEV])
		p.indev = ntohl(mnl_attr_get_u32(a[NFQA_IFINDEX_INDEV]));
	if (a[NFQA_PAYLOAD]) {
		p.data = mnl_attr_get_payload(a[NFQA_PAYLOAD]);
		p.len = mnl_attr_get_payload_len(a[NFQA_PAYLOAD]);
	}
	p.orig_len = p.len;
	if (a[NFQA_CAP_LEN])
		p.orig_len = ntohl(mnl_attr_get_u32(a[NFQA_CAP_LEN]));
	if (a[NFQA_SKB_INFO])
		p.skbinfo = ntohl(mnl_attr_get_u32(a[NFQA_SKB_INFO]));
	count(&q->packets);
	q->handler(q, &p, &v);
	put_verdict(q, p.id, &v);
}

/*
 * Every message of a datagram: packets go to the handler; the ack of
 * @want (a sequence number, 0: none) is stored in *ack; other errors
 * are reported.
 */
static void handle(struct nq *q, const void *buf, size_t n, uint32_t want,
		   int *ack)
{
	const struct nlmsghdr *nlh = buf;
	int len = (int)n;
	char m[128];

	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

			if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
				continue;
			if (want && nlh->nlmsg_seq == want) {
				*ack = e->error;
				continue;
			}
			if (e->error) {
				count(&q->errors);
				snprintf(m, sizeof(m), "queue %u: kernel: %s",
					 q->num, strerror(-e->error));
				notice(q, "queue_error", m);
			}
			continue;
		}
		if (nlh->nlmsg_type ==
		    ((NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET))
			on_packet(q, nlh);
	}
}

static void overrun(struct nq *q)
{
	uint64_t now = mono_ms(), n;
	char m[160];

	count(&q->enobufs);
	if (now - q->last_notice_ms < NOTICE_MS)
		return;
	q->last_notice_ms = now;
	n = __atomic_load_n(&q->enobufs, __ATOMIC_RELAXED);
	snprintf(m, sizeof(m),
		 "queue %u: receive buffer overrun (ENOBUFS), packets were lost; %llu so far",
		 q->num, (unsigned long long)n);
	notice(q, "queue_overrun", m);
}

/* Reads what is ready (at most DRAIN_BUDGET datagrams), then flushes. */
static void drain(struct nq *q, uint32_t want, int *ack)
{
	int fd = mnl_socket_get_fd(q->nl), budget = DRAIN_BUDGET;
	char m[128];
	ssize_t n;

	while (budget-- > 0) {
		n = recv(fd, q->rbuf, RBUF_SIZE, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				overrun(q);
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK) {
				count(&q->errors);
				snprintf(m, sizeof(m), "queue %u: recv: %s",
					 q->num, strerror(errno));
				notice(q, "queue_error", m);
			}
			break;
		}
		handle(q, q->rbuf, (size_t)n, want, ack);
		if (want && *ack != 1)
			break;
	}
	flush(q);
}

/* Sends @nlh with NLM_F_ACK and waits for its ack, serving packets. */
static int request(struct nq *q, struct nlmsghdr *nlh)
{
	struct pollfd p = { mnl_socket_get_fd(q->nl), POLLIN, 0 };
	uint64_t end = mono_ms() + ACK_WAIT_MS, now;
	int ack = 1;	/* not yet */

	nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = ++q->seq;
	if (mnl_socket_sendto(q->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	while (ack == 1) {
		now = mono_ms();
		if (now >= end)
			return -ETIMEDOUT;
		if (poll(&p, 1, (int)(end - now)) < 0 && errno != EINTR)
			return -errno;
		if (p.revents)
			drain(q, q->seq, &ack);
	}
	return ack;
}

static struct nlmsghdr *config(struct nq *q, char *buf, uint8_t cmd)
{
	struct nlmsghdr *nlh = nfq_nlmsg_put(buf, NFQNL_MSG_CONFIG, q->num);

	if (cmd)
		nfq_nlmsg_cfg_put_cmd(nlh, AF_UNSPEC, cmd);
	return nlh;
}

static void put_flags(struct nlmsghdr *nlh, bool fail_open)
{
	uint32_t mask = NFQA_CFG_F_GSO | NFQA_CFG_F_FAIL_OPEN;
	uint32_t flags = NFQA_CFG_F_GSO | (fail_open ? NFQA_CFG_F_FAIL_OPEN : 0);

	mnl_attr_put_u32(nlh, NFQA_CFG_FLAGS, htonl(flags));
	mnl_attr_put_u32(nlh, NFQA_CFG_MASK, htonl(mask));
}

int nq_open(struct nq *q, bool fail_open, char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int one = 1, size = NQ_RCVBUF, fd, rc;

	q->nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
	if (!q->nl) {
		snprintf(err, errlen, "queue %u: netlink socket: %s", q->num,
			 strerror(errno));
		return -1;
	}
	if (mnl_socket_bind(q->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		snprintf(err, errlen, "queue %u: netlink bind: %s", q->num,
			 strerror(errno));
		goto fail;
	}
	q->portid = mnl_socket_get_portid(q->nl);
	q->seq = (uint32_t)time(NULL);
	fd = mnl_socket_get_fd(q->nl);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	mnl_socket_setsockopt(q->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	q->rbuf = malloc(RBUF_SIZE);
	q->bbuf = malloc(BBUF_SIZE);
	q->batch = q->bbuf ? mnl_nlmsg_batch_start(q->bbuf, BATCH_LIMIT) : NULL;
	if (!q->rbuf || !q->batch) {
		snprintf(err, errlen, "queue %u: out of memory", q->num);
		goto fail;
	}
	nlh = config(q, buf, NFQNL_CFG_CMD_BIND);
	nfq_nlmsg_cfg_put_params(nlh, NFQNL_COPY_PACKET, COPY_RANGE);
	nfq_nlmsg_cfg_put_qmaxlen(nlh, NQ_MAXLEN);
	put_flags(nlh, fail_open);
	rc = request(q, nlh);
	if (rc) {
		if (rc == -EPERM || rc == -EBUSY)
			snprintf(err, errlen,
				 "queue %u: %s: another process has bound it, or CAP_NET_ADMIN is missing",
				 q->num, strerror(-rc));
		else if (rc == -EOPNOTSUPP)
			snprintf(err, errlen,
				 "queue %u: the kernel refuses the GSO or fail-open queue flags",
				 q->num);
		else
			snprintf(err, errlen, "queue %u: bind: %s", q->num,
				 strerror(-rc));
		goto fail;
	}
	return 0;
fail:
	mnl_socket_close(q->nl);
	q->nl = NULL;
	return -1;
}

int nq_set_fail_open(struct nq *q, bool fail_open)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	if (!q->nl)
		return -EBADF;
	nlh = config(q, buf, 0);
	put_flags(nlh, fail_open);
	return mnl_socket_sendto(q->nl, nlh, nlh->nlmsg_len) < 0 ? -errno : 0;
}

static void unbind(struct nq *q)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	if (!q->nl)
		return;
	request(q, config(q, buf, NFQNL_CFG_CMD_UNBIND));
	mnl_socket_close(q->nl);
	q->nl = NULL;
}

int nq_run(struct nq *q)
{
	struct pollfd p[2] = {
		{ mnl_socket_get_fd(q->nl), POLLIN, 0 },
		{ q->stop_fd, POLLIN, 0 },
	};
	int ack = 0;

	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents)
			drain(q, 0, &ack);
		if (p[1].revents)
			break;
	}
	drain(q, 0, &ack);	/* what is already here gets its verdict */
	unbind(q);
	return 0;
}

static void *thread_main(void *arg)
{
	nq_run(arg);
	return NULL;
}

int nq_start(struct nq *q)
{
	int rc = pthread_create(&q->thread, NULL, thread_main, q);

	q->started = !rc;
	return -rc;
}

void nq_join(struct nq *q)
{
	if (q->started)
		pthread_join(q->thread, NULL);
	q->started = false;
}

void nq_close(struct nq *q)
{
	unbind(q);
	if (q->batch)
		mnl_nlmsg_batch_stop(q->batch);
	free(q->rbuf);
	free(q->bbuf);
	q->rbuf = q->bbuf = NULL;
	q->batch = NULL;
}
