/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control socket of segctl run: a Unix stream socket at
 * "$IMSSEG_RUNDIR/segctl-<netns inode>.sock" (default /run/imsseg, mode
 * 0600, one daemon per network namespace). A client connects, writes
 * one request line and reads until EOF:
 *
 *   stats           one JSON object: the daemon's counters (below)
 *   dialogs         a JSON array (sg_dialogs_json)
 *   registrations   a JSON array (sg_registrations_json)
 *   events [N]      the last N (1..1000, default 100) events, JSON lines
 *   follow [N]      the last N (0..100, default 10) events, then every
 *                   new one as it is logged, JSON lines, until the client
 *                   closes (a client that does not keep up is cut off)
 *
 * An unknown or bad request gets {"error":"unknown request 'x'"}.
 *
 * "stats" object, the contract for "segctl stats -j", metrics, top:
 *   {"pid":N, "uptime_s":N, "packets":N,
 *    "verdicts":{"accept":N,"modified":N,"drop":N,"reply":N},
 *    "reasons":{"<sg_reason_name>":N, ...every reason...},
 *    "tables":{"transactions":N,"dialogs":N,"registrations":N,
 *              "txn_evicted":N,"dialog_evicted":N,"reg_evicted":N,
 *              "txn_expired":N,"dialog_expired":N,"reg_expired":N},
 *    "queues":[{"queue":N,"secure":BOOL,"packets":N,"enobufs":N,
 *               "errors":N}, ...],
 *    "kernel_ops":{"ban":N,"trust":N,"untrust":N,"failed":N,
 *                  "skipped":N,"exists":N},
 *    "replies":{"sent":N,"failed":N},
 *    "tunnels":N,
 *    "sip":{"enabled":BOOL, "fail_mode":"open"|"closed" (enabled) or
 *           "note":"why not" (disabled)},
 *    "errors":{"unparsed":N,"not_modified":N,"tcp_reply_dropped":N,
 *              "trusted_overrides":N,"role_refreshes":N,
 *              "role_failures":N}}
 */
#ifndef _SEGCTL_CTL_H
#define _SEGCTL_CTL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CTL_EVENTS_DEFAULT	100
#define CTL_EVENTS_MAX		1000
#define CTL_FOLLOW_DEFAULT	10
#define CTL_FOLLOW_MAX		100
#define CTL_FOLLOWERS		16

/* The socket path for this network namespace; -1 on error. */
int ctl_path(char *buf, size_t len);

/*
 * Sends @req and reads the whole answer into a malloc'ed NUL-terminated
 * @out. Returns 0, or -1 with @err set ("segctl run is not running in
 * this network namespace (no /run/imsseg/segctl-....sock)" etc.).
 */
int ctl_request(const char *req, char **out, char *err, size_t errlen);

/*
 * "follow @n": calls @line for each JSON line (NUL-terminated, without
 * the newline) until it returns non-zero or the daemon closes. Returns
 * 0 or -1 with @err set.
 */
int ctl_follow(unsigned int n, int (*line)(const char *l, void *arg),
	       void *arg, char *err, size_t errlen);

/* Server side: what the daemon answers with. */
struct ctl_ops {
	void *arg;
	void (*stats)(void *arg, FILE *f);
	void (*dialogs)(void *arg, FILE *f);
	void (*registrations)(void *arg, FILE *f);
	void (*events)(void *arg, unsigned int n, FILE *f);
	/*
	 * sends the last @n events to @fd and adds it as a follower;
	 * 0, or -1 (refused: the server closes @fd)
	 */
	int (*follow)(void *arg, int fd, unsigned int n);
	void (*unfollow)(void *arg, int fd);
};

struct ctl_server {
	struct ctl_ops ops;
	char path[256];
	int lfd, stop_fd;
	int followers[CTL_FOLLOWERS];
	size_t nfollowers;
	pthread_t thread;
	bool started;
};

/*
 * Creates the socket at ctl_path() (a stale one is replaced; the
 * caller makes sure that it is the only daemon of the netns). 0, or -1
 * with @err.
 */
int ctl_server_open(struct ctl_server *s, const struct ctl_ops *ops,
		    char *err, size_t errlen);
/* Serves clients on a thread, one at a time, until ctl_server_stop(). */
int ctl_server_start(struct ctl_server *s, char *err, size_t errlen);
/* Ends the thread, closes every client, removes the socket. */
void ctl_server_stop(struct ctl_server *s);

/*
 * Reads one request from the connected @fd and answers it. Returns 1
 * when @fd became a follower (the server keeps it), 0 when the caller
 * closes it.
 */
int ctl_serve(struct ctl_server *s, int fd);

#endif /* _SEGCTL_CTL_H */
