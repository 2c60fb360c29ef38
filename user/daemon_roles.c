// SPDX-License-Identifier: GPL-2.0
/*
 * Interface roles for segctl run's SIP path: which side a punted
 * packet came from (untrusted, za, trusted) is the role of its input
 * interface, which the module keeps (IMSSEG_CMD_IFACE_GET). The cache
 * is refreshed at start, on SIGHUP, and when a packet comes from an
 * interface it does not know, at most once a second (a new interface
 * or role). The dump runs on its own short-lived netlink socket, so
 * that any NFQUEUE thread may do it; the table is swapped under the
 * cache's mutex.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "daemon_sip.h"
#include "nl.h"

#define REFRESH_MS	1000

void droles_init(struct droles *r)
{
	memset(r, 0, sizeof(*r));
	pthread_mutex_init(&r->mu, NULL);
}

void droles_free(struct droles *r)
{
	free(r->v);
	r->v = NULL;
	r->n = 0;
	pthread_mutex_destroy(&r->mu);
}

struct dump {
	struct drole *v;
	size_t n, cap;
	struct segctl_nl *nl;
};

static int collect(struct nlattr **tb, void *arg)
{
	struct dump *d = arg;
	struct drole *v;

	if (!tb[IMSSEG_A_IFINDEX] || !tb[IMSSEG_A_ROLE]) {
		snprintf(d->nl->why, sizeof(d->nl->why),
			 "malformed interface entry from the kernel");
		return -EPROTO;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;

		v = realloc(d->v, cap * sizeof(*v));
		if (!v) {
			snprintf(d->nl->why, sizeof(d->nl->why), "out of memory");
			return -ENOMEM;
		}
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n].ifindex = nla_get_u32(tb[IMSSEG_A_IFINDEX]);
	d->v[d->n].role = nla_get_u8(tb[IMSSEG_A_ROLE]);
	d->n++;
	return 0;
}

static int dump(struct dump *d, char *err, size_t len)
{
	struct segctl_nl nl;
	struct nl_msg *msg;
	int rc;

	d->nl = &nl;
	if (segctl_nl_open(&nl)) {
		snprintf(err, len, "interface roles: %s", nl.why);
		return -1;
	}
	msg = segctl_nl_msg(&nl, IMSSEG_CMD_IFACE_GET, true);
	rc = msg ? segctl_nl_talk(&nl, msg, collect, d) : -ENOMEM;
	if (rc)
		snprintf(err, len, "interface roles: %s",
			 msg ? nl.why : "out of memory");
	segctl_nl_close(&nl);
	return rc ? -1 : 0;
}

int droles_refresh(struct droles *r, char *err, size_t len)
{
	struct dump d = { 0 };
	struct drole *old;

	pthread_mutex_lock(&r->mu);
	r->last_ms = daemon_now_ms();
	pthread_mutex_unlock(&r->mu);
	if (dump(&d, err, len)) {
		free(d.v);
		pthread_mutex_lock(&r->mu);
		r->failures++;
		pthread_mutex_unlock(&r->mu);
		return -1;
	}
	pthread_mutex_lock(&r->mu);
	old = r->v;
	r->v = d.v;
	r->n = d.n;
	r->refreshes++;
	pthread_mutex_unlock(&r->mu);
	free(old);
	return 0;
}

/* -1 if unknown; call with r->mu. Tables are small (interfaces). */
static int find(const struct droles *r, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].ifindex == ifindex)
			return r->v[i].role;
	return -1;
}

uint8_t droles_get(struct droles *r, uint32_t ifindex)
{
	char err[400];
	bool stale;
	int role;

	pthread_mutex_lock(&r->mu);
	role = find(r, ifindex);
	stale = role < 0 && daemon_now_ms() - r->last_ms >= REFRESH_MS;
	if (stale)
		r->last_ms = daemon_now_ms();	/* one thread refreshes */
	pthread_mutex_unlock(&r->mu);
	if (role >= 0)
		return (uint8_t)role;
	if (!stale || droles_refresh(r, err, sizeof(err)))
		return IMSSEG_ROLE_NONE;
	pthread_mutex_lock(&r->mu);
	role = find(r, ifindex);
	pthread_mutex_unlock(&r->mu);
	return role < 0 ? IMSSEG_ROLE_NONE : (uint8_t)role;
}
