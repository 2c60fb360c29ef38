// SPDX-License-Identifier: GPL-2.0
/*
 * segctl run [-c CONFIG] [-f]
 *
 * Applies the config's tunnels, starts the SIP part (daemon_sip.c) and
 * the control socket (ctl.c), then waits in poll() on a signalfd, the
 * XFRM event socket and the SIP timers: SIGHUP reloads (a bad config is
 * reported and the running state kept; SIP state is kept across a good
 * one), SIGTERM/SIGINT end the daemon: the queues are unbound after
 * the packets they hold got their verdicts, pending kernel operations
 * are done, and every SA and policy stays in place (tunnels keep
 * working; "segctl tunnel del" or removing the section and reloading
 * takes one down). Without -f it goes to the background once all of
 * that started; its exit status says whether it did.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>
#include <linux/xfrm.h>

#include "ctl.h"
#include "daemon.h"
#include "daemon_sip.h"
#include "segctl.h"
#include "xfrm_ctl.h"
#include "xfrm_own.h"
#include "xfrm_store.h"

#define DEFAULT_CONF "/etc/imsseg/segctl.conf"

uint64_t daemon_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

const struct tunnel *daemon_tunnel(struct daemon *d, uint32_t id)
{
	const struct tunnel *t = tt_find_id(&d->cfg, id);

	return t ? t : tt_find_id(&d->cli, id);
}

const struct tunnel *daemon_tunnel_of(struct daemon *d, uint8_t family,
				      const void *addr)
{
	const struct tunnel *t = tt_lookup_src(&d->cfg, family, addr);

	return t ? t : tt_lookup_src(&d->cli, family, addr);
}

/* Installs @tt as d->cfg or d->cli (@dst), under d->mu for the SIP path. */
static void swap_table(struct daemon *d, struct ttable *dst, struct ttable *tt)
{
	struct ttable old;

	tt_index(tt);
	pthread_mutex_lock(&d->mu);
	old = *dst;
	*dst = *tt;
	pthread_mutex_unlock(&d->mu);
	tt_init(tt);
	tt_free(&old);
}

/* The "tunnel add" tunnels, from the state file, keys best effort. */
static void load_cli(struct daemon *d)
{
	struct ttable st;
	char err[512];
	size_t i;
	int lock = xstore_lock(err, sizeof(err));

	tt_init(&st);
	if (lock >= 0)
		xstore_read(&st, err, sizeof(err));
	xstore_unlock(lock);
	for (i = st.n; i-- > 0;)
		if (!xown_id_is_cli(st.v[i]->id))
			tt_del(&st, st.v[i]);
	for (i = 0; i < st.n; i++)
		xctl_load_keys(st.v[i], err, sizeof(err));
	swap_table(d, &d->cli, &st);
	d->cli_stale = false;
}

struct sync_log {
	struct ttable *old;	/* names of removed tunnels */
	unsigned int changed;
};

static void note(void *arg, enum xrec_what what, uint32_t id,
		 const struct tunnel *t, unsigned int nops)
{
	static const char *const ev[] = {
		[XREC_NEW] = "tunnel_up", [XREC_CHANGED] = "tunnel_changed",
		[XREC_REMOVED] = "tunnel_removed",
	};
	struct sync_log *l = arg;
	struct json j;
	char name[24];

	if (what == XREC_SAME)
		return;
	l->changed++;
	if (!t)
		t = tt_find_id(l->old, id);
	snprintf(name, sizeof(name), "#%u", id);
	dlog_begin(&j, ev[what]);
	json_str(&j, "tunnel", t ? t->spec.name : name);
	json_u64(&j, "id", id);
	json_u64(&j, "changes", nops);
	if (t && what != XREC_REMOVED) {
		json_bool(&j, "required", t->spec.required);
		json_str(&j, "mode", t->spec.transport ? "transport" : "tunnel");
	}
	dlog_end(&j);
}

/* [global] log, [sip]: what a good config changes besides tunnels. */
static void apply_rest(struct daemon *d, const struct dconf *dc, bool start)
{
	struct json j;

	d->sipcfg = dc->sip;
	if (start) {
		d->sip_enable = dc->sip_enable;
		return;
	}
	if (d->sip)
		dsip_reload(d->sip, &dc->sip);
	if (dc->sip_enable != d->sip_enable) {
		dlog_begin(&j, "sip_enable_changed");
		json_str(&j, "note", "[sip] enable is read at start: restart segctl run to apply it");
		dlog_end(&j);
	}
}

/*
 * Reads the config and applies it. On any error nothing changes: the
 * kernel, d->cfg and the SIP settings stay as they were.
 */
static int apply(struct daemon *d, const char *why)
{
	struct conf_diag diag = { 0 };
	struct dconf dc;
	struct ttable *cfg = &dc.tunnels;
	struct sync_log l = { 0 };
	struct tnames known;
	char err[400];
	struct xctl c;
	struct json j;
	uint64_t t0 = daemon_now_ms();
	size_t i;
	int rc;

	if (!daemon_load_conf(d->conf, &dc, &diag) &&
	    dlog_set_file(dc.log, err, sizeof(err)))
		conf_diag_add(&diag, d->conf, dc.log_line, err, dc.log);
	if (diag.n) {
		for (i = 0; i < diag.n; i++) {
			if (*why == 's')	/* at start: for the terminal too */
				fprintf(stderr, "segctl: %s\n", diag.v[i]);
			dlog_begin(&j, "config_error");
			json_str(&j, "message", diag.v[i]);
			dlog_end(&j);
		}
		dlog_begin(&j, "config_rejected");
		json_str(&j, "config", d->conf);
		json_u64(&j, "errors", diag.n);
		json_str(&j, "note", *why == 's' ? "nothing was applied" :
			 "the running state is kept");
		dlog_end(&j);
		conf_diag_free(&diag);
		dconf_free(&dc);
		return -1;
	}
	if (xctl_open(&c, &d->cmd, true)) {
		dlog_error("apply_failed", c.err);
		dconf_free(&dc);
		return -1;
	}
	/* keep the ids the running daemon knows: no churn on reload */
	if (!tnames_build(&d->cfg, &known)) {
		for (i = 0; i < cfg->n; i++) {
			const struct tunnel *o = tnames_find(&known,
							     cfg->v[i]->spec.name);

			if (o)
				cfg->v[i]->id = o->id;
		}
		tnames_free(&known);
	}
	l.old = &c.state;
	rc = xctl_sync(&c, cfg, note, &l);
	if (rc) {
		dlog_error("apply_failed", c.err);
	} else {
		dlog_begin(&j, "reconciled");
		json_str(&j, "reason", why);
		json_str(&j, "config", d->conf);
		json_u64(&j, "tunnels", cfg->n);
		json_u64(&j, "tunnels_changed", l.changed);
		json_u64(&j, "objects_added", c.txn.added);
		json_u64(&j, "objects_updated", c.txn.updated);
		json_u64(&j, "objects_removed", c.txn.removed);
		json_u64(&j, "ms", daemon_now_ms() - t0);
		dlog_end(&j);
		swap_table(d, &d->cfg, cfg);
		apply_rest(d, &dc, *why == 's');
	}
	xctl_close(&c);
	dconf_free(&dc);
	load_cli(d);
	return rc;
}

/*
 * The notifications of our own changes may have overflowed the event
 * socket during apply(); that loses nothing: apply() worked from a
 * fresh dump. Read what is left without calling it a loss.
 */
static void drain(struct daemon *d)
{
	xnl_events(&d->ev, daemon_xfrm_event, d);
	if (d->cli_stale)
		load_cli(d);
}

static int single_instance(char *err, size_t len)
{
	char path[400];
	int fd;

	fd = xstore_lock(err, len);	/* creates the directory */
	xstore_unlock(fd);
	if (fd < 0 || xstore_path("run", path, sizeof(path)))
		return -1;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB)) {
		snprintf(err, len, "another segctl run is active in this network namespace (%s is locked)",
			 path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;	/* held until exit */
}

static int loop(struct daemon *d, int sfd)
{
	struct pollfd p[3] = {
		{ sfd, POLLIN, 0 }, { xnl_fd(&d->ev), POLLIN, 0 },
		{ dsip_timer_fd(d->sip), POLLIN, 0 },
	};
	struct signalfd_siginfo si;
	struct json j;

	for (;;) {
		if (poll(p, d->sip ? 3 : 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			dlog_error("error", strerror(errno));
			return 1;
		}
		if (d->sip && p[2].revents)
			dsip_timer(d->sip);
		if (p[1].revents) {
			if (xnl_events(&d->ev, daemon_xfrm_event, d) == -ENOBUFS) {
				dlog_begin(&j, "events_lost");
				json_str(&j, "note", "XFRM events were lost (socket buffer full); reload to reconcile");
				dlog_end(&j);
			}
			if (d->cli_stale)
				load_cli(d);
		}
		if (!p[0].revents ||
		    read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
			continue;
		if (si.ssi_signo == SIGHUP) {
			dlog_begin(&j, "reload");
			json_str(&j, "config", d->conf);
			dlog_end(&j);
			apply(d, "reload");
			drain(d);
			continue;
		}
		dlog_begin(&j, "stop");
		json_str(&j, "signal", si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
		json_str(&j, "note", "SAs and policies stay installed; tunnels keep working; SIP queues are unbound");
		dlog_end(&j);
		return 0;
	}
}

/* The control socket's answers. */
static void ctl_stats(void *arg, FILE *f)
{
	struct daemon *d = arg;

	dsip_stats_json(d, d->sip, f);
}

static void ctl_dialogs(void *arg, FILE *f)
{
	struct daemon *d = arg;

	dsip_dialogs_json(d, d->sip, f);
}

static void ctl_registrations(void *arg, FILE *f)
{
	struct daemon *d = arg;

	dsip_registrations_json(d, d->sip, f);
}

static void ctl_events(void *arg, unsigned int n, FILE *f)
{
	dlog_recent(n, f);
}

static int ctl_follow_fd(void *arg, int fd, unsigned int n)
{
	return dlog_follow(fd, n);
}

static void ctl_unfollow(void *arg, int fd)
{
	dlog_unfollow(fd);
}

/*
 * Starts the SIP part and the control socket (threads: after the fork).
 * Returns 0, or -1 with @err when the daemon must not run.
 */
static int start_threads(struct daemon *d, struct ctl_server *ctl, char *err,
			 size_t len)
{
	const struct ctl_ops ops = {
		.arg = d, .stats = ctl_stats, .dialogs = ctl_dialogs,
		.registrations = ctl_registrations, .events = ctl_events,
		.follow = ctl_follow_fd, .unfollow = ctl_unfollow,
	};
	struct json j;
	int rc;

	rc = dsip_start(d, &d->sipcfg, d->sip_enable, &d->sip, d->sip_off,
			sizeof(d->sip_off));
	if (rc < 0) {
		snprintf(err, len, "SIP: %s", d->sip_off);
		return -1;
	}
	if (rc > 0) {
		dlog_begin(&j, "sip_disabled");
		json_str(&j, "reason", d->sip_off);
		json_str(&j, "note", "running tunnels only");
		dlog_end(&j);
	}
	if (ctl_server_open(ctl, &ops, err, len) ||
	    ctl_server_start(ctl, err, len)) {
		ctl_server_stop(ctl);
		dsip_stop(d->sip);
		d->sip = NULL;
		return -1;
	}
	return 0;
}

/*
 * Without -f: the parent waits for the child to have started (or not)
 * and exits with its status; the child gets the write end of @fds.
 */
static int background(int fds[2])
{
	pid_t pid;
	char c = 1;

	if (pipe2(fds, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		close(fds[1]);
		if (read(fds[0], &c, 1) != 1)
			c = 1;
		_exit(c);
	}
	close(fds[0]);
	setsid();
	return 0;
}

static void started(int fd, char status)
{
	if (fd < 0)
		return;
	if (write(fd, &status, 1) < 0)
		status = 1;
	close(fd);
}

int cmd_run(int argc, char **argv, const struct segctl_opts *o)
{
	struct daemon d = { .conf = DEFAULT_CONF };
	struct ctl_server ctl = { .lfd = -1, .stop_fd = -1 };
	bool foreground = false;
	char err[640];
	sigset_t set;
	int i, sfd, run, rc, fds[2] = { -1, -1 };
	struct json j;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f")) {
			foreground = true;
		} else if (!strcmp(argv[i], "-c") && i + 1 < argc) {
			d.conf = argv[++i];
		} else {
			return segctl_err("run: %s '%s'; usage: segctl run [-c CONFIG] [-f]",
					  !strcmp(argv[i], "-c") ? "-c needs a file" :
					  "unexpected argument", argv[i]);
		}
	}
	run = single_instance(err, sizeof(err));
	if (run < 0)
		return segctl_err("run: %s", err);
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);	/* threads inherit it */
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0)
		return segctl_err("run: signalfd: %s", strerror(errno));
	pthread_mutex_init(&d.mu, NULL);
	d.start_ms = daemon_now_ms();
	tt_init(&d.cfg);
	tt_init(&d.cli);
	if (xnl_open(&d.cmd, 0) ||
	    xnl_open(&d.ev, 1u << XFRMNLGRP_EXPIRE | 1u << XFRMNLGRP_ACQUIRE |
		     1u << XFRMNLGRP_SA | 1u << XFRMNLGRP_POLICY))
		return segctl_err("run: %s", d.cmd.sk ? d.ev.why : d.cmd.why);
	dlog_begin(&j, "start");
	json_str(&j, "config", d.conf);
	json_u64(&j, "pid", (uint64_t)getpid());
	dlog_end(&j);
	if (apply(&d, "start"))
		return segctl_err("run: %s not applied; nothing was changed", d.conf);
	drain(&d);
	if (!foreground) {
		if (background(fds))
			return segctl_err("run: fork: %s", strerror(errno));
		dlog_begin(&j, "detached");
		json_u64(&j, "pid", (uint64_t)getpid());
		dlog_end(&j);
	}
	if (start_threads(&d, &ctl, err, sizeof(err))) {
		dlog_error("start_failed", err);
		started(fds[1], 1);
		rc = 1;
	} else {
		started(fds[1], 0);
		rc = loop(&d, sfd);
		ctl_server_stop(&ctl);
		dsip_stop(d.sip);
		d.sip = NULL;
	}
	tt_free(&d.cfg);
	tt_free(&d.cli);
	xnl_close(&d.ev);
	xnl_close(&d.cmd);
	dlog_set_file(NULL, NULL, 0);
	close(sfd);
	close(run);
	return rc;
}
