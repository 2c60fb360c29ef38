/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SIP part of segctl run (Documentation/segctl-run.rst):
 *
 *   daemon_sip.c    queues, packet -> sg_process() -> verdict, events,
 *                   timers, reload, the "stats" object
 *   daemon_roles.c  ifindex -> interface role cache (IFACE_GET dump)
 *   daemon_kops.c   the verdicts' kernel operations (ban, trust,
 *                   untrust) on their own thread and netlink socket
 *
 * Threads: one per NFQUEUE queue, one for the kernel operations, one
 * for the control socket, and the main thread (signals, timers, XFRM
 * events). The struct sg is shared behind daemon.mu.
 */
#ifndef _SEGCTL_DAEMON_SIP_H
#define _SEGCTL_DAEMON_SIP_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "daemon.h"
#include "sipguard.h"

/* Interface roles of this netns, refreshed at most once a second. */
struct droles {
	pthread_mutex_t mu;
	struct drole {
		uint32_t ifindex;
		uint8_t role;	/* enum imsseg_role */
	} *v;
	size_t n;
	uint64_t last_ms;	/* last refresh attempt */
	uint64_t refreshes, failures;
};

void droles_init(struct droles *r);
void droles_free(struct droles *r);
/* Dumps the roles now (SIGHUP, start); 0 or -1 with @err. */
int droles_refresh(struct droles *r, char *err, size_t len);
/*
 * The role of @ifindex; an unknown one triggers a refresh if the last
 * was at least a second ago. IMSSEG_ROLE_NONE when still unknown.
 */
uint8_t droles_get(struct droles *r, uint32_t ifindex);

/* Kernel operations from verdicts, done by a worker thread. */
#define DKOPS_RING	1024

struct dkops {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct sg_kop ring[DKOPS_RING];
	size_t head, n;
	bool stop, started;
	/*
	 * done, exists (ban or trust of an entry already there), failed
	 * (including ops dropped because the ring was full), skipped
	 * (untrust of an entry segctl did not make)
	 */
	uint64_t ban, trust, untrust, exists, failed, skipped;
};

int dkops_start(struct dkops *k, char *err, size_t len);
/* Queues @op; never blocks on the kernel. A full ring drops it. */
void dkops_push(struct dkops *k, const struct sg_kop *op);
/* Does what is queued, then ends the thread. */
void dkops_stop(struct dkops *k);

/* The SIP part. */
struct dsip;

/*
 * Starts the SIP part if @enable says so and the module is there:
 * reads punt/queue, punt/queues, punt/fail_mode, opens the reply
 * sockets, binds the queues, starts the threads. Returns 0 with *out
 * set, 1 with *out NULL and @why saying why the SIP part is off (auto:
 * module not loaded, ...), -1 on an error (@why) that must stop the
 * daemon (enable = yes and it cannot run, or a queue cannot be bound).
 */
int dsip_start(struct daemon *d, const struct sg_config *c, uint8_t enable,
	       struct dsip **out, char *why, size_t len);
/*
 * Unbinds the queues (after answering what they hold), ends the
 * threads, finishes the queued kernel operations, frees.
 */
void dsip_stop(struct dsip *s);
/* SIGHUP: new limits (state kept), fail mode re-read, roles refreshed. */
void dsip_reload(struct dsip *s, const struct sg_config *c);
/* The timerfd to poll, and its handler (sg_expire). */
int dsip_timer_fd(const struct dsip *s);
void dsip_timer(struct dsip *s);

/* The control socket's answers (ctl.h); @s may be NULL (SIP off). */
void dsip_stats_json(struct daemon *d, struct dsip *s, FILE *f);
void dsip_dialogs_json(struct daemon *d, struct dsip *s, FILE *f);
void dsip_registrations_json(struct daemon *d, struct dsip *s, FILE *f);

#endif /* _SEGCTL_DAEMON_SIP_H */
