// SPDX-License-Identifier: GPL-2.0
/*
 * The SIP part of segctl run: the module punts SIP to NFQUEUE (queues
 * Q..Q+N-1 for cleartext, Q+N..Q+2N-1 for packets that came through
 * IPsec; Q, N from punt/queue, punt/queues); each packet becomes a
 * struct sg_pkt (side from the input interface's role, secure from the
 * queue block, owning tunnel from the tunnel tables), sg_process()
 * decides, and the verdict is applied here:
 *
 *   accept            NF_ACCEPT
 *   accept modified   UDP: NF_ACCEPT with the rebuilt packet (pktio.c);
 *                     TCP, GSO, source-routed: accepted unmodified and
 *                     counted ("not_modified"): pktio.h says why
 *   drop              NF_DROP
 *   reply             NF_DROP, and over UDP the response is sent from
 *                     the request's destination address and port to its
 *                     source (raw socket); a TCP request is only dropped
 *                     and counted ("tcp_reply_dropped")
 *
 * Packets from trusted interfaces (learning punts) always get NF_ACCEPT
 * whatever the verdict says. Kernel operations go to the worker
 * (daemon_kops.c). Every verdict whose reason is not "ok" is logged as
 * an event named after the reason.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <linux/imsseg.h>

#include "daemon_sip.h"
#include "imsseg_prefix.h"
#include "nfq.h"
#include "pktio.h"
#include "sysfs.h"

#define TIMER_MS	250		/* sg_expire() period */
#define NOTE_MS		1000		/* rate of "sip_unparsed" events */
#define PKT_BUF		(PKT_IP_MAX + 64)

enum { V_ACCEPT, V_MODIFIED, V_DROP, V_REPLY, V_COUNT };

struct dsip_q {
	struct dsip *s;
	struct sg_verdict v;
	uint8_t mod[PKT_BUF];		/* copy of the modified payload */
	uint8_t out[PKT_BUF + 64];	/* rebuilt or reply packet */
	uint64_t last_note_ms;
};

struct dsip {
	struct daemon *d;
	struct sg *sg;			/* under d->mu */
	unsigned int q0, nq;		/* first queue, queues per block */
	size_t nqueues;
	struct nq *queues;
	struct dsip_q *qc;
	int stop_fd, timer_fd;
	bool fail_open;			/* atomic */
	struct pkt_tx tx;
	struct droles roles;
	struct dkops kops;
	/* relaxed atomics */
	uint64_t verdicts[V_COUNT];
	uint64_t replies_sent, replies_failed;
	uint64_t not_modified, tcp_reply_dropped, unparsed;
	uint64_t trusted_overrides;
};

static void bump(uint64_t *c)
{
	__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

static uint64_t load(const uint64_t *c)
{
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

static const char *side_name(uint8_t side)
{
	return side == SG_SIDE_TRUSTED ? "trusted" :
	       side == SG_SIDE_ZA ? "za" : "untrusted";
}

static const char *action_name(uint8_t a)
{
	static const char *const n[] = {
		[SG_ACCEPT] = "accept", [SG_ACCEPT_MODIFIED] = "accept_modified",
		[SG_DROP] = "drop", [SG_REPLY] = "reply",
	};

	return a < 4 ? n[a] : "?";
}

/* sg's callback (inside sg_process, d->mu held): inner address -> id */
static uint32_t tunnel_of(void *arg, uint8_t family, const void *addr)
{
	const struct tunnel *t = daemon_tunnel_of(arg, family, addr);

	return t ? t->id : 0;
}

static int read_fail_open(bool *open)
{
	char b[32];
	int rc = sysfs_read_str(IMSSEG_SYSFS_PUNT "/fail_mode", b, sizeof(b));

	if (rc)
		return rc;
	*open = strcmp(b, "closed") != 0;
	return 0;
}

static void log_verdict(struct nq *q, const struct sg_pkt *p,
			const struct sg_verdict *v, const char *tunnel,
			const char *applied)
{
	const char *ev = sg_reason_name(v->reason);
	char a[64];
	struct json j;

	dlog_begin(&j, ev ? ev : "sip_verdict");
	json_str(&j, "src", pkt_addr_str(p->family, p->src, p->sport, a,
					 sizeof(a)));
	json_str(&j, "dst", pkt_addr_str(p->family, p->dst, p->dport, a,
					 sizeof(a)));
	json_u64(&j, "ifindex", p->ifindex);
	json_str(&j, "side", side_name(p->side));
	json_bool(&j, "secure", p->secure);
	json_str(&j, "tunnel", tunnel);
	json_str(&j, "action", action_name(v->action));
	json_str(&j, "detail", v->detail);
	json_str(&j, "proto", p->l4 == IPPROTO_TCP ? "tcp" : "udp");
	json_u64(&j, "queue", q->num);
	if (v->action == SG_REPLY)
		json_u64(&j, "status", v->reply_status);
	if (applied)
		json_str(&j, "applied", applied);
	dlog_end(&j);
}

static void note_unparsed(struct dsip_q *c, struct nq *q, const char *why)
{
	uint64_t now = daemon_now_ms();
	struct json j;

	bump(&c->s->unparsed);
	if (now - c->last_note_ms < NOTE_MS)
		return;
	c->last_note_ms = now;
	dlog_begin(&j, "sip_unparsed");
	json_u64(&j, "queue", q->num);
	json_str(&j, "reason", why);
	json_u64(&j, "total", load(&c->s->unparsed));
	json_str(&j, "note", "given the fail-mode verdict (open: accept, closed: drop)");
	dlog_end(&j);
}

static void send_reply(struct dsip_q *c, const struct sg_pkt *p,
		       const struct sg_verdict *v)
{
	ssize_t n;

	/* from the request's destination to its source */
	n = pkt_udp_build(p->family, p->dst, p->dport, p->src, p->sport,
			  (const uint8_t *)v->reply, v->reply_len, c->out,
			  sizeof(c->out));
	if (n < 0 || pkt_tx_send(&c->s->tx, p->family, c->out, (size_t)n))
		bump(&c->s->replies_failed);
	else
		bump(&c->s->replies_sent);
}

/* The verdict for NFQUEUE; @applied tells the event what happened. */
static void apply(struct dsip_q *c, const struct nq_pkt *np,
		  const struct pkt_info *pi, const struct sg_pkt *p,
		  const struct sg_verdict *v, struct nq_verdict *out,
		  const char **applied)
{
	struct dsip *s = c->s;
	ssize_t n;

	if (p->side == SG_SIDE_TRUSTED &&
	    (v->action == SG_DROP || v->action == SG_REPLY)) {
		bump(&s->trusted_overrides);
		bump(&s->verdicts[V_ACCEPT]);
		*applied = "accept (trusted side)";
		return;
	}
	switch (v->action) {
	case SG_ACCEPT_MODIFIED:
		if (p->l4 != IPPROTO_UDP) {
			*applied = "unmodified (tcp)";
		} else if (np->skbinfo & NFQA_SKB_GSO) {
			*applied = "unmodified (gso)";
		} else {
			n = pkt_udp_rebuild(np->data, pi, c->mod, v->payload_len,
					    c->out, sizeof(c->out));
			if (n > 0) {
				out->data = c->out;
				out->len = (size_t)n;
				bump(&s->verdicts[V_MODIFIED]);
				return;
			}
			*applied = n == -EMSGSIZE ? "unmodified (too long)" :
				   "unmodified (source route)";
		}
		bump(&s->not_modified);
		bump(&s->verdicts[V_ACCEPT]);
		return;
	case SG_DROP:
		out->verdict = NF_DROP;
		bump(&s->verdicts[V_DROP]);
		return;
	case SG_REPLY:
		out->verdict = NF_DROP;
		bump(&s->verdicts[V_REPLY]);
		if (p->l4 == IPPROTO_UDP) {
			send_reply(c, p, v);
		} else {
			bump(&s->tcp_reply_dropped);
			*applied = "dropped, no reply (tcp)";
		}
		return;
	default:
		bump(&s->verdicts[V_ACCEPT]);
	}
}

static void on_packet(struct nq *q, const struct nq_pkt *np,
		      struct nq_verdict *out)
{
	struct dsip_q *c = q->user;
	struct dsip *s = c->s;
	struct sg_verdict *v = &c->v;
	const char *applied = NULL;
	char tname[TNAME_MAX + 1] = "";
	struct pkt_info pi;
	struct sg_pkt p;
	uint8_t role;
	size_t i;

	out->verdict = NF_ACCEPT;
	if (!np->data || pkt_parse(np->data, np->len, &pi)) {
		if (!__atomic_load_n(&s->fail_open, __ATOMIC_RELAXED))
			out->verdict = NF_DROP;
		note_unparsed(c, q, !np->data ? "no packet data" :
			      np->orig_len > np->len ? "truncated" :
			      "not an IPv4/IPv6 UDP or TCP packet");
		return;
	}
	role = droles_get(&s->roles, np->indev);
	memset(&p, 0, sizeof(p));
	p.family = pi.family;
	p.l4 = pi.l4;
	p.side = role == IMSSEG_ROLE_TRUSTED ? SG_SIDE_TRUSTED :
		 role == IMSSEG_ROLE_ZA ? SG_SIDE_ZA : SG_SIDE_UNTRUSTED;
	p.secure = q->secure;
	memcpy(p.src, pi.src, sizeof(p.src));
	memcpy(p.dst, pi.dst, sizeof(p.dst));
	p.sport = pi.sport;
	p.dport = pi.dport;
	p.ifindex = np->indev;
	p.now_ms = daemon_now_ms();

	pthread_mutex_lock(&s->d->mu);
	if (p.secure) {
		const struct tunnel *t = daemon_tunnel_of(s->d, p.family, p.src);

		if (t) {
			p.tunnel = t->id;
			snprintf(tname, sizeof(tname), "%s", t->spec.name);
		}
	}
	sg_process(s->sg, &p, np->data + pi.payload_off, pi.payload_len, v);
	if (v->action == SG_ACCEPT_MODIFIED) {
		/* v->payload lives until the next sg_process() */
		if (v->payload && v->payload_len <= sizeof(c->mod))
			memcpy(c->mod, v->payload, v->payload_len);
		else
			v->action = SG_ACCEPT;
	}
	pthread_mutex_unlock(&s->d->mu);

	apply(c, np, &pi, &p, v, out, &applied);
	for (i = 0; i < v->n_kops && i < SG_KOPS_MAX; i++)
		dkops_push(&s->kops, &v->kops[i]);
	if (v->reason != SG_R_OK)
		log_verdict(q, &p, v, tname, applied);
}

static void on_notice(struct nq *q, const char *event, const char *msg)
{
	struct json j;

	dlog_begin(&j, event);
	json_u64(&j, "queue", q->num);
	json_bool(&j, "secure", q->secure);
	json_str(&j, "message", msg);
	dlog_end(&j);
}

/* Q and N from sysfs; 1 with @why if the module has no punt queues. */
static int read_queues(struct dsip *s, char *why, size_t len)
{
	uint64_t q0, nq;

	if (sysfs_read_u64(IMSSEG_SYSFS_PUNT "/queue", &q0) ||
	    sysfs_read_u64(IMSSEG_SYSFS_PUNT "/queues", &nq)) {
		snprintf(why, len, "the module has no punt queues (%s/%s/queue unreadable)",
			 sysfs_root(), IMSSEG_SYSFS_PUNT);
		return 1;
	}
	if (!nq || q0 > 65535 || nq > 65536) {
		snprintf(why, len, "punt/queue %llu, punt/queues %llu: out of range",
			 (unsigned long long)q0, (unsigned long long)nq);
		return 1;
	}
	s->q0 = (unsigned int)q0;
	s->nq = (unsigned int)nq;
	return 0;
}

static void free_sip(struct dsip *s)
{
	size_t i;

	for (i = 0; i < s->nqueues; i++)
		nq_close(&s->queues[i]);
	dkops_stop(&s->kops);
	pkt_tx_close(&s->tx);
	if (s->stop_fd >= 0)
		close(s->stop_fd);
	if (s->timer_fd >= 0)
		close(s->timer_fd);
	if (s->sg)
		sg_free(s->sg);
	droles_free(&s->roles);
	free(s->queues);
	free(s->qc);
	free(s);
}

static int bind_queues(struct dsip *s, char *why, size_t len)
{
	unsigned int b, i, num;
	struct nq *q;

	s->queues = calloc(IMSSEG_PUNT_QUEUE_BLOCKS * (size_t)s->nq,
			   sizeof(*s->queues));
	s->qc = calloc(IMSSEG_PUNT_QUEUE_BLOCKS * (size_t)s->nq,
		       sizeof(*s->qc));
	if (!s->queues || !s->qc) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	for (b = 0; b < IMSSEG_PUNT_QUEUE_BLOCKS; b++)
		for (i = 0; i < s->nq; i++) {
			num = IMSSEG_PUNT_BLOCK_QUEUE(s->q0, s->nq, b) + i;
			if (num > 65535)
				break;
			q = &s->queues[s->nqueues];
			s->qc[s->nqueues].s = s;
			q->num = (uint16_t)num;
			q->secure = b == IMSSEG_PUNT_BLOCK_SECURE;
			q->user = &s->qc[s->nqueues];
			q->handler = on_packet;
			q->notice = on_notice;
			q->stop_fd = s->stop_fd;
			s->nqueues++;
			if (nq_open(q, s->fail_open, why, len))
				return -1;
		}
	return 0;
}

static int start_timer(struct dsip *s, char *why, size_t len)
{
	struct itimerspec it = {
		.it_interval = { 0, TIMER_MS * 1000000L },
		.it_value = { 0, TIMER_MS * 1000000L },
	};

	s->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (s->timer_fd < 0 || timerfd_settime(s->timer_fd, 0, &it, NULL)) {
		snprintf(why, len, "timerfd: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void log_start(struct dsip *s, const char *txerr)
{
	struct json j;

	dlog_begin(&j, "sip_start");
	json_u64(&j, "queue", s->q0);
	json_u64(&j, "queues", s->nq);
	json_u64(&j, "bound", s->nqueues);
	json_str(&j, "fail_mode", s->fail_open ? "open" : "closed");
	json_u64(&j, "interfaces", s->roles.n);
	if (*txerr)
		json_str(&j, "reply_sockets", txerr);
	dlog_end(&j);
}

int dsip_start(struct daemon *d, const struct sg_config *c, uint8_t enable,
	       struct dsip **out, char *why, size_t len)
{
	char txerr[160] = "", err[400];
	struct dsip *s;
	size_t i;
	int rc;

	*out = NULL;
	if (enable == DSIP_NO) {
		snprintf(why, len, "off in the config ([sip] enable = no)");
		return 1;
	}
	if (sysfs_module_present()) {
		snprintf(why, len, "imsseg.ko is not loaded (no %s)",
			 sysfs_root());
		return enable == DSIP_YES ? -1 : 1;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	s->d = d;
	s->stop_fd = s->timer_fd = -1;
	s->tx.fd4 = s->tx.fd6 = -1;
	droles_init(&s->roles);
	rc = read_queues(s, why, len);
	if (rc || read_fail_open(&s->fail_open)) {
		if (!rc)
			snprintf(why, len, "cannot read %s/%s/fail_mode",
				 sysfs_root(), IMSSEG_SYSFS_PUNT);
		free_sip(s);
		return enable == DSIP_YES ? -1 : 1;
	}
	s->sg = sg_new(c, tunnel_of, d);
	s->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (!s->sg || s->stop_fd < 0) {
		snprintf(why, len, "out of memory");
		free_sip(s);
		return -1;
	}
	if (droles_refresh(&s->roles, err, sizeof(err)))
		dlog_error("roles_failed", err);
	if (pkt_tx_open(&s->tx, txerr, sizeof(txerr)) == 0 &&
	    s->tx.fd4 >= 0 && s->tx.fd6 >= 0)
		txerr[0] = '\0';
	if (start_timer(s, why, len) || dkops_start(&s->kops, why, len) ||
	    bind_queues(s, why, len)) {
		free_sip(s);
		return enable == DSIP_YES ? -1 : 1;
	}
	for (i = 0; i < s->nqueues; i++)
		if (nq_start(&s->queues[i])) {
			snprintf(why, len, "queue thread: out of resources");
			eventfd_write(s->stop_fd, 1);
			while (i-- > 0)
				nq_join(&s->queues[i]);
			free_sip(s);
			return -1;
		}
	log_start(s, txerr);
	*out = s;
	return 0;
}

void dsip_stop(struct dsip *s)
{
	struct json j;
	size_t i;

	if (!s)
		return;
	eventfd_write(s->stop_fd, 1);
	for (i = 0; i < s->nqueues; i++)
		nq_join(&s->queues[i]);
	dlog_begin(&j, "sip_stop");
	json_u64(&j, "queues_unbound", s->nqueues);
	dlog_end(&j);
	free_sip(s);	/* the caller stopped the control thread first */
}

void dsip_reload(struct dsip *s, const struct sg_config *c)
{
	char err[400], why[200] = "";
	unsigned int q0 = s->q0, nq = s->nq;
	bool open = s->fail_open, was = s->fail_open;
	struct json j;
	size_t i;

	pthread_mutex_lock(&s->d->mu);
	sg_reconfigure(s->sg, c);
	pthread_mutex_unlock(&s->d->mu);
	if (!read_fail_open(&open) && open != was) {
		__atomic_store_n(&s->fail_open, open, __ATOMIC_RELAXED);
		for (i = 0; i < s->nqueues; i++)
			nq_set_fail_open(&s->queues[i], open);
	}
	if (droles_refresh(&s->roles, err, sizeof(err)))
		dlog_error("roles_failed", err);
	dlog_begin(&j, "sip_reload");
	json_str(&j, "fail_mode", open ? "open" : "closed");
	json_u64(&j, "interfaces", s->roles.n);
	if (!read_queues(s, why, sizeof(why)) &&
	    (s->q0 != q0 || s->nq != nq))
		json_str(&j, "note", "punt/queue or punt/queues changed: restart segctl run to bind the new queues");
	s->q0 = q0;
	s->nq = nq;
	dlog_end(&j);
}

int dsip_timer_fd(const struct dsip *s)
{
	return s ? s->timer_fd : -1;
}

void dsip_timer(struct dsip *s)
{
	uint64_t n;

	if (read(s->timer_fd, &n, sizeof(n)) != (ssize_t)sizeof(n))
		return;
	pthread_mutex_lock(&s->d->mu);
	sg_expire(s->sg, daemon_now_ms());
	pthread_mutex_unlock(&s->d->mu);
}

static void stats_queues(struct json *j, const struct dsip *s)
{
	size_t i;

	json_arr_open(j, "queues");
	for (i = 0; s && i < s->nqueues; i++) {
		const struct nq *q = &s->queues[i];

		json_obj_open(j, NULL);
		json_u64(j, "queue", q->num);
		json_bool(j, "secure", q->secure);
		json_u64(j, "packets", load(&q->packets));
		json_u64(j, "enobufs", load(&q->enobufs));
		json_u64(j, "errors", load(&q->errors));
		json_obj_close(j);
	}
	json_arr_close(j);
}

static void stats_kops(struct json *j, struct dsip *s)
{
	uint64_t v[6] = { 0 };

	if (s && s->kops.started) {
		pthread_mutex_lock(&s->kops.mu);
		v[0] = s->kops.ban;
		v[1] = s->kops.trust;
		v[2] = s->kops.untrust;
		v[3] = s->kops.failed;
		v[4] = s->kops.skipped;
		v[5] = s->kops.exists;
		pthread_mutex_unlock(&s->kops.mu);
	}
	json_obj_open(j, "kernel_ops");
	json_u64(j, "ban", v[0]);
	json_u64(j, "trust", v[1]);
	json_u64(j, "untrust", v[2]);
	json_u64(j, "failed", v[3]);
	json_u64(j, "skipped", v[4]);
	json_u64(j, "exists", v[5]);
	json_obj_close(j);
}

static void stats_tables(struct json *j, const struct sg_stats *st)
{
	json_obj_open(j, "tables");
	json_u64(j, "transactions", st->transactions);
	json_u64(j, "dialogs", st->dialogs);
	json_u64(j, "registrations", st->registrations);
	json_u64(j, "txn_evicted", st->txn_evicted);
	json_u64(j, "dialog_evicted", st->dialog_evicted);
	json_u64(j, "reg_evicted", st->reg_evicted);
	json_u64(j, "txn_expired", st->txn_expired);
	json_u64(j, "dialog_expired", st->dialog_expired);
	json_u64(j, "reg_expired", st->reg_expired);
	json_obj_close(j);
}

void dsip_stats_json(struct daemon *d, struct dsip *s, FILE *f)
{
	static const char *const vn[V_COUNT] = {
		"accept", "modified", "drop", "reply",
	};
	struct sg_stats st;
	uint64_t packets = 0;
	size_t tunnels, i;
	struct json j;

	memset(&st, 0, sizeof(st));
	pthread_mutex_lock(&d->mu);
	if (s)
		sg_stats(s->sg, &st);
	tunnels = d->cfg.n + d->cli.n;
	pthread_mutex_unlock(&d->mu);
	for (i = 0; s && i < s->nqueues; i++)
		packets += load(&s->queues[i].packets);

	json_init(&j, f);
	json_obj_open(&j, NULL);
	json_u64(&j, "pid", (uint64_t)getpid());
	json_u64(&j, "uptime_s", (daemon_now_ms() - d->start_ms) / 1000);
	json_u64(&j, "packets", packets);
	json_obj_open(&j, "verdicts");
	for (i = 0; i < V_COUNT; i++)
		json_u64(&j, vn[i], s ? load(&s->verdicts[i]) : 0);
	json_obj_close(&j);
	json_obj_open(&j, "reasons");
	for (i = 0; i < SG_R_COUNT; i++)
		if (sg_reason_name((unsigned int)i))
			json_u64(&j, sg_reason_name((unsigned int)i),
				 st.reason[i]);
	json_obj_close(&j);
	stats_tables(&j, &st);
	stats_queues(&j, s);
	stats_kops(&j, s);
	json_obj_open(&j, "replies");
	json_u64(&j, "sent", s ? load(&s->replies_sent) : 0);
	json_u64(&j, "failed", s ? load(&s->replies_failed) : 0);
	json_obj_close(&j);
	json_u64(&j, "tunnels", tunnels);
	json_obj_open(&j, "sip");
	json_bool(&j, "enabled", s != NULL);
	if (s)
		json_str(&j, "fail_mode", s->fail_open ? "open" : "closed");
	else
		json_str(&j, "note", d->sip_off);
	json_obj_close(&j);
	json_obj_open(&j, "errors");
	json_u64(&j, "unparsed", s ? load(&s->unparsed) : 0);
	json_u64(&j, "not_modified", s ? load(&s->not_modified) : 0);
	json_u64(&j, "tcp_reply_dropped", s ? load(&s->tcp_reply_dropped) : 0);
	json_u64(&j, "trusted_overrides", s ? load(&s->trusted_overrides) : 0);
	json_u64(&j, "role_refreshes", s ? s->roles.refreshes : 0);
	json_u64(&j, "role_failures", s ? s->roles.failures : 0);
	json_obj_close(&j);
	json_obj_close(&j);
}

static void table_json(struct daemon *d, struct dsip *s, FILE *f, bool dialogs)
{
	struct json j;

	if (!s) {
		fputs("[]\n", f);
		return;
	}
	json_init(&j, f);
	pthread_mutex_lock(&d->mu);
	if (dialogs)
		sg_dialogs_json(s->sg, &j, daemon_now_ms());
	else
		sg_registrations_json(s->sg, &j, daemon_now_ms());
	pthread_mutex_unlock(&d->mu);
}

void dsip_dialogs_json(struct daemon *d, struct dsip *s, FILE *f)
{
	table_json(d, s, f, true);
}

void dsip_registrations_json(struct daemon *d, struct dsip *s, FILE *f)
{
	table_json(d, s, f, false);
}
