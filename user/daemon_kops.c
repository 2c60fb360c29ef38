// SPDX-License-Identifier: GPL-2.0
/*
 * The SIP brain's requests for the kernel, done off the verdict path:
 * an NFQUEUE thread queues them (dkops_push never waits for netlink)
 * and this worker sends them on its one generic netlink socket:
 *
 *   BAN      LIST_ADD blocklist, host prefix, TTL, reason "segctl: ..."
 *   TRUST    LIST_ADD allowlist (trusted class), host prefix, TTL
 *   UNTRUST  CLASS_GET first: only an allowlist entry for exactly that
 *            host whose reason starts with "segctl" (one segctl made)
 *            is deleted (LIST_DEL); an operator's entry stays
 *
 * The ABI has no origin attribute for LIST_ADD (IMSSEG_A_ORIGIN is
 * rejected): the entries show origin "admin"; the "segctl: " reason
 * prefix tells them apart. An entry that is already there is not an
 * error (counted as "exists"). Every operation is logged as a
 * "kernel_op" event with its result; the counters feed "segctl stats".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "daemon_sip.h"
#include "imsseg_prefix.h"
#include "nl.h"
#include "pktio.h"

#define REASON_PREFIX	"segctl: "

static const char *const op_names[] = {
	[SG_KOP_BAN] = "ban", [SG_KOP_TRUST] = "trust",
	[SG_KOP_UNTRUST] = "untrust",
};

static void count(struct dkops *k, uint64_t *c)
{
	pthread_mutex_lock(&k->mu);
	(*c)++;
	pthread_mutex_unlock(&k->mu);
}

static int put_host(struct nl_msg *msg, uint8_t list, const struct sg_kop *op)
{
	int v6 = op->family == IMSSEG_FAMILY_V6;

	return nla_put_u8(msg, IMSSEG_A_LIST, list) ||
	       nla_put_u8(msg, IMSSEG_A_FAMILY, v6 ? AF_INET6 : AF_INET) ||
	       nla_put(msg, IMSSEG_A_ADDR, v6 ? 16 : 4, op->addr) ||
	       nla_put_u8(msg, IMSSEG_A_PLEN, v6 ? 128 : 32);
}

static int add(struct segctl_nl *nl, uint8_t list, const struct sg_kop *op)
{
	char reason[IMSSEG_REASON_LEN];
	struct nl_msg *msg = segctl_nl_msg(nl, IMSSEG_CMD_LIST_ADD, false);
	uint32_t ttl = op->ttl > IMSSEG_TTL_MAX ? IMSSEG_TTL_MAX : op->ttl;

	snprintf(reason, sizeof(reason), REASON_PREFIX "%.*s",
		 (int)(sizeof(reason) - sizeof(REASON_PREFIX)), op->reason);
	if (!msg || put_host(msg, list, op) ||
	    (ttl && nla_put_u32(msg, IMSSEG_A_TTL, ttl)) ||
	    nla_put_string(msg, IMSSEG_A_REASON, reason)) {
		nlmsg_free(msg);
		snprintf(nl->why, sizeof(nl->why), "out of memory");
		return -ENOMEM;
	}
	return segctl_nl_talk(nl, msg, NULL, NULL);
}

struct owned {
	const struct sg_kop *op;
	bool ours;
};

/* CLASS_GET's answer: is the deciding entry our allowlist host entry? */
static int on_class(struct nlattr **tb, void *arg)
{
	struct owned *o = arg;
	unsigned int plen = o->op->family == IMSSEG_FAMILY_V6 ? 128 : 32;
	char reason[IMSSEG_REASON_LEN] = "";

	if (!tb[IMSSEG_A_LIST] || !tb[IMSSEG_A_PLEN] || !tb[IMSSEG_A_REASON])
		return 0;
	nla_strlcpy(reason, tb[IMSSEG_A_REASON], sizeof(reason));
	o->ours = nla_get_u8(tb[IMSSEG_A_LIST]) == IMSSEG_LIST_ALLOW &&
		  nla_get_u8(tb[IMSSEG_A_PLEN]) == plen &&
		  !strncmp(reason, "segctl", 6);
	return 0;
}

/* 0 done, 1 skipped (not ours), <0 error. */
static int untrust(struct segctl_nl *nl, const struct sg_kop *op)
{
	struct owned o = { op, false };
	int v6 = op->family == IMSSEG_FAMILY_V6, rc;
	struct nl_msg *msg = segctl_nl_msg(nl, IMSSEG_CMD_CLASS_GET, false);

	if (!msg || nla_put_u8(msg, IMSSEG_A_FAMILY, v6 ? AF_INET6 : AF_INET) ||
	    nla_put(msg, IMSSEG_A_ADDR, v6 ? 16 : 4, op->addr)) {
		nlmsg_free(msg);
		snprintf(nl->why, sizeof(nl->why), "out of memory");
		return -ENOMEM;
	}
	rc = segctl_nl_talk(nl, msg, on_class, &o);
	if (rc)
		return rc;
	if (!o.ours)
		return 1;
	msg = segctl_nl_msg(nl, IMSSEG_CMD_LIST_DEL, false);
	if (!msg || put_host(msg, IMSSEG_LIST_ALLOW, op)) {
		nlmsg_free(msg);
		snprintf(nl->why, sizeof(nl->why), "out of memory");
		return -ENOMEM;
	}
	rc = segctl_nl_talk(nl, msg, NULL, NULL);
	return rc == -ENOENT ? 0 : rc;
}

static void run_op(struct dkops *k, struct segctl_nl *nl, bool *open,
		   const struct sg_kop *op)
{
	char a[64], why[sizeof(nl->why)] = "";
	const char *result = "done";
	struct json j;
	int rc;

	if (!*open && segctl_nl_open(nl)) {
		rc = -EIO;
		goto out;
	}
	*open = true;
	switch (op->type) {
	case SG_KOP_BAN:
		rc = add(nl, IMSSEG_LIST_BLOCK, op);
		break;
	case SG_KOP_TRUST:
		rc = add(nl, IMSSEG_LIST_ALLOW, op);
		break;
	case SG_KOP_UNTRUST:
		rc = untrust(nl, op);
		break;
	default:
		rc = -EINVAL;
		snprintf(nl->why, sizeof(nl->why), "unknown operation %u",
			 op->type);
	}
	if (rc == -EEXIST) {
		rc = 0;
		result = "exists";
	}
	if (rc == -EIO) {	/* the socket may be broken: reopen next time */
		segctl_nl_close(nl);
		*open = false;
	}
out:
	if (rc < 0)
		snprintf(why, sizeof(why), "%s", nl->why);
	if (rc == 1)
		result = "skipped";
	count(k, rc < 0 ? &k->failed : rc == 1 ? &k->skipped :
	      *result == 'e' ? &k->exists :
	      op->type == SG_KOP_BAN ? &k->ban :
	      op->type == SG_KOP_TRUST ? &k->trust : &k->untrust);
	dlog_begin(&j, "kernel_op");
	json_str(&j, "op", op->type < 3 ? op_names[op->type] : "?");
	json_str(&j, "addr", pkt_addr_str(op->family, op->addr, 0, a,
					  sizeof(a)));
	if (op->type != SG_KOP_UNTRUST)
		json_u64(&j, "ttl", op->ttl);
	json_str(&j, "reason", op->reason);
	json_str(&j, "result", rc < 0 ? "failed" : result);
	if (rc < 0)
		json_str(&j, "error", why);
	if (rc == 1)
		json_str(&j, "note", "the allowlist entry was not made by segctl; it stays");
	dlog_end(&j);
}

static void *worker(void *arg)
{
	struct dkops *k = arg;
	struct segctl_nl nl = { 0 };
	bool open = false;
	struct sg_kop op;

	for (;;) {
		pthread_mutex_lock(&k->mu);
		while (!k->n && !k->stop)
			pthread_cond_wait(&k->cv, &k->mu);
		if (!k->n) {		/* stopping, nothing left */
			pthread_mutex_unlock(&k->mu);
			break;
		}
		op = k->ring[k->head];
		k->head = (k->head + 1) % DKOPS_RING;
		k->n--;
		pthread_mutex_unlock(&k->mu);
		run_op(k, &nl, &open, &op);
	}
	if (open)
		segctl_nl_close(&nl);
	return NULL;
}

int dkops_start(struct dkops *k, char *err, size_t len)
{
	int rc;

	memset(k, 0, sizeof(*k));
	pthread_mutex_init(&k->mu, NULL);
	pthread_cond_init(&k->cv, NULL);
	rc = pthread_create(&k->thread, NULL, worker, k);
	if (rc) {
		snprintf(err, len, "kernel operations thread: %s", strerror(rc));
		return -1;
	}
	k->started = true;
	return 0;
}

void dkops_push(struct dkops *k, const struct sg_kop *op)
{
	struct json j;
	char a[64];
	bool full;

	pthread_mutex_lock(&k->mu);
	full = k->n == DKOPS_RING || k->stop;
	if (!full) {
		k->ring[(k->head + k->n) % DKOPS_RING] = *op;
		k->n++;
		pthread_cond_signal(&k->cv);
	} else {
		k->failed++;
	}
	pthread_mutex_unlock(&k->mu);
	if (!full)
		return;
	dlog_begin(&j, "kernel_op");
	json_str(&j, "op", op->type < 3 ? op_names[op->type] : "?");
	json_str(&j, "addr", pkt_addr_str(op->family, op->addr, 0, a,
					  sizeof(a)));
	json_str(&j, "result", "failed");
	json_str(&j, "error", "too many kernel operations pending; dropped");
	dlog_end(&j);
}

void dkops_stop(struct dkops *k)
{
	if (!k->started)
		return;
	pthread_mutex_lock(&k->mu);
	k->stop = true;
	pthread_cond_signal(&k->cv);
	pthread_mutex_unlock(&k->mu);
	pthread_join(k->thread, NULL);
	k->started = false;
	pthread_cond_destroy(&k->cv);
	pthread_mutex_destroy(&k->mu);
}
