/* SPDX-License-Identifier: GPL-2.0 */
/*
 * segctl run: the daemon. It applies the [tunnel] sections of
 * segctl.conf (reconciling, never flushing), runs the SIP brain on the
 * module's NFQUEUE punts (daemon_sip.c; [sip] section), answers the
 * control socket (ctl.h), reloads on SIGHUP, logs JSON lines, rekeys
 * on soft expiry and exits on SIGTERM/SIGINT leaving every SA and
 * policy in place and no queue bound. Documentation/segctl-run.rst.
 */
#ifndef _SEGCTL_DAEMON_H
#define _SEGCTL_DAEMON_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "conf.h"
#include "json.h"
#include "sipguard.h"
#include "xfrm_nl.h"
#include "xfrm_table.h"

struct nl_msg;
struct dsip;

/* [sip] enable = auto|yes|no */
enum dsip_enable { DSIP_AUTO, DSIP_YES, DSIP_NO };

#define DCONF_PATH_MAX	240

/* What segctl.conf says. */
struct dconf {
	struct ttable tunnels;		/* [tunnel NAME], keys loaded */
	struct sg_config sip;		/* [sip], defaults filled */
	uint8_t sip_enable;		/* enum dsip_enable */
	char log[DCONF_PATH_MAX];	/* [global] log = PATH, "" none */
	unsigned int log_line;		/* ...on this line */
};

struct daemon {
	const char *conf;	/* config file path */
	struct xnl cmd;		/* requests */
	struct xnl ev;		/* XFRM multicast events */
	/*
	 * mu guards cfg, cli and the SIP state: the NFQUEUE threads read
	 * the tunnel tables (which tunnel owns a source), the main thread
	 * swaps them after an apply or a "tunnel add" by somebody else.
	 */
	pthread_mutex_t mu;
	struct ttable cfg;	/* [tunnel] sections, keys loaded */
	struct ttable cli;	/* "tunnel add" tunnels (state file) */
	bool cli_stale;		/* re-read cli from the state file */
	uint8_t sip_enable;	/* [sip] enable at start (enum dsip_enable) */
	struct sg_config sipcfg;	/* [sip] in force */
	struct dsip *sip;	/* NULL: the SIP part is off... */
	char sip_off[256];	/* ...and why */
	uint64_t start_ms;	/* CLOCK_MONOTONIC */
};

/* Log: one JSON line {"ts":"...","event":EVENT, ...fields...}. */
#define DLOG_RING	1000	/* events kept for "segctl events" */
#define DLOG_FOLLOWERS	16	/* "segctl events -f" clients at once */
#define DLOG_FOLLOW_MAX	100	/* backlog a follower gets at most */

void dlog_begin(struct json *j, const char *event);
void dlog_end(struct json *j);
/* {"ts","event":EVENT,"message":...} and the same on stderr. */
void dlog_error(const char *event, const char *msg);
/* Also append every line to @path (NULL or "": stop); -1 with @err. */
int dlog_set_file(const char *path, char *err, size_t len);
/* The last @n events, oldest first, one per line. */
void dlog_recent(unsigned int n, FILE *f);
/*
 * Sends the last @n events to @fd, then every new one; -1: too many
 * followers or @fd cannot take the backlog.
 */
int dlog_follow(int fd, unsigned int n);
void dlog_unfollow(int fd);
/* Forgets the ring and followers, closes the file (tests). */
void dlog_reset(void);

/*
 * Reads @path into @dc (tunnels parsed, key files loaded, tunnels
 * checked against each other; [sip] through sg_config_set(); [global]).
 * Returns the number of errors, each one in @d as
 * "FILE:LINE: message (token 'x')". @dc is always initialised; free it
 * with dconf_free().
 */
int daemon_load_conf(const char *path, struct dconf *dc,
		     struct conf_diag *d);
void dconf_free(struct dconf *dc);

/* The tunnel with ownership id @id, config or cli; NULL if unknown. */
const struct tunnel *daemon_tunnel(struct daemon *d, uint32_t id);

/*
 * The tunnel whose remote selectors hold @addr, config tunnels first;
 * call with d->mu held. NULL if none.
 */
const struct tunnel *daemon_tunnel_of(struct daemon *d, uint8_t family,
				      const void *addr);

/* Handles one XFRM event (expiry, acquire, changes by others). */
void daemon_xfrm_event(struct nl_msg *msg, void *arg);

/* Milliseconds of CLOCK_MONOTONIC. */
uint64_t daemon_now_ms(void);

#endif /* _SEGCTL_DAEMON_H */
