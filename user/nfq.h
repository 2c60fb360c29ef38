/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NFQUEUE listener of segctl run, on libmnl and libnetfilter_queue's
 * nfq_nlmsg_* API (not the deprecated nq_open() one). One struct nq
 * per queue and one thread per struct nq: nq_run() reads packets,
 * calls the handler for each and sends the verdicts, batched
 * (mnl_nlmsg_batch) when several packets are ready at once.
 *
 * The queue is bound with: copy mode packet, copy range 65535,
 * NFQA_CFG_F_GSO (no segmentation for us; such packets carry
 * NFQA_SKB_GSO), NFQA_CFG_F_FAIL_OPEN when the punt fail mode is open
 * (a full queue lets packets through instead of dropping them), a
 * queue length of NQ_MAXLEN and a large receive buffer. ENOBUFS (the
 * socket overran: the kernel lost packets for us) is counted and
 * reported through the notice callback, and the loop goes on.
 */
#ifndef _SEGCTL_NFQ_H
#define _SEGCTL_NFQ_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NQ_MAXLEN	4096		/* packets waiting in the kernel */
#define NQ_RCVBUF	(16 << 20)	/* receive buffer, bytes */

struct mnl_socket;
struct mnl_nlmsg_batch;

/* One queued packet. */
struct nq_pkt {
	uint32_t id;
	uint16_t hw_proto;	/* ETH_P_IP / ETH_P_IPV6, host order */
	uint32_t indev;		/* NFQA_IFINDEX_INDEV, 0 if absent */
	const uint8_t *data;	/* the IP packet; NULL if not copied */
	size_t len;
	size_t orig_len;	/* NFQA_CAP_LEN: > len when truncated */
	uint32_t skbinfo;	/* NFQA_SKB_* flags */
};

/* The handler's answer. */
struct nq_verdict {
	uint32_t verdict;	/* NF_ACCEPT or NF_DROP */
	const uint8_t *data;	/* non-NULL: accept this packet instead */
	size_t len;
};

struct nq;

typedef void (*nq_handler_fn)(struct nq *q, const struct nq_pkt *p,
			       struct nq_verdict *v);
/* Something to log: @event ("queue_overrun", "queue_error"), @msg. */
typedef void (*nq_notice_fn)(struct nq *q, const char *event,
			      const char *msg);

struct nq {
	uint16_t num;
	bool secure;		/* the IPsec block of queues */
	void *user;		/* the caller's, e.g. per-thread buffers */
	nq_handler_fn handler;
	nq_notice_fn notice;
	int stop_fd;		/* readable: nq_run() returns */

	/* counters, read by other threads (relaxed atomics) */
	uint64_t packets, enobufs, errors;

	/* private */
	struct mnl_socket *nl;
	unsigned int portid;
	uint32_t seq;
	char *rbuf, *bbuf;
	struct mnl_nlmsg_batch *batch;
	uint64_t last_notice_ms;
	pthread_t thread;
	bool started;
};

/*
 * Binds queue @num (q->num, handler, notice, stop_fd, user set by the
 * caller before). Packets that arrive while the bind is acknowledged
 * already go to the handler. 0, or -1 with @err ("queue 3 is bound by
 * another process", ...).
 */
int nq_open(struct nq *q, bool fail_open, char *err, size_t errlen);

/*
 * Changes NFQA_CFG_F_FAIL_OPEN of a bound queue (no wait for an ack;
 * a refusal comes back to nq_run() as a "queue_error" notice).
 */
int nq_set_fail_open(struct nq *q, bool fail_open);

/*
 * Reads and answers packets until q->stop_fd becomes readable, then
 * answers what is already queued in the socket and unbinds. Returns 0.
 * Run it in its own thread (nq_start()).
 */
int nq_run(struct nq *q);
int nq_start(struct nq *q);		/* pthread_create(nq_run) */
void nq_join(struct nq *q);

/* Unbinds (if nq_run() did not) and frees; safe on a failed open. */
void nq_close(struct nq *q);

#endif /* _SEGCTL_NFQ_H */
