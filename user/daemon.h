/* SPDX-License-Identifier: GPL-2.0 */
/*
 * segctl run: the daemon. It applies the [tunnel] sections of
 * segctl.conf (reconciling, never flushing), reloads on SIGHUP, logs
 * XFRM events as JSON lines on stdout, rekeys on soft expiry and exits
 * on SIGTERM/SIGINT leaving every SA and policy in place. A SIP layer
 * will add its own config sections (conf.h) and file descriptors.
 */
#ifndef _SEGCTL_DAEMON_H
#define _SEGCTL_DAEMON_H

#include <stdbool.h>

#include "conf.h"
#include "json.h"
#include "xfrm_nl.h"
#include "xfrm_table.h"

struct nl_msg;

struct daemon {
	const char *conf;	/* config file path */
	struct xnl cmd;		/* requests */
	struct xnl ev;		/* XFRM multicast events */
	struct ttable cfg;	/* [tunnel] sections, keys loaded */
	struct ttable cli;	/* "tunnel add" tunnels (state file) */
	bool cli_stale;		/* re-read cli from the state file */
};

/* A JSON line: {"ts":"...","event":EVENT, ...fields...} on stdout. */
void dlog_begin(struct json *j, const char *event);
void dlog_end(struct json *j);
/* {"ts","event":"error","message":...} and the same on stderr. */
void dlog_error(const char *event, const char *msg);

/*
 * Reads @path into @cfg: parsed, key files loaded, tunnels checked
 * against each other. Returns the number of errors, each one in @d as
 * "FILE:LINE: message (token 'x')".
 */
int daemon_load_conf(const char *path, struct ttable *cfg,
		     struct conf_diag *d);

/* The tunnel with ownership id @id, config or cli; NULL if unknown. */
const struct tunnel *daemon_tunnel(struct daemon *d, uint32_t id);

/* Handles one XFRM event (expiry, acquire, changes by others). */
void daemon_xfrm_event(struct nl_msg *msg, void *arg);

#endif /* _SEGCTL_DAEMON_H */
