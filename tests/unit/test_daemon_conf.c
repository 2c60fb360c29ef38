// SPDX-License-Identifier: GPL-2.0
/*
 * segctl run's config (user/daemon_conf.c): [global] and [sip] next to
 * [tunnel] sections, defaults, the exact "FILE:LINE: message (token
 * 'x')" of bad lines (all of them in one run), and the source-only
 * tunnel lookup the SIP path uses on the tunnels of a config
 * (tt_lookup_src in user/xfrm_table.c). Key files are not read: a stub
 * xctl_load_keys() stands in for the netlink-side one.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "imsseg_prefix.h"
#include "unit.h"
#include "xfrm_ctl.h"

int xctl_load_keys(struct tunnel *t, char *err, size_t len)
{
	if (strstr(t->spec.keyfile, "missing")) {
		snprintf(err, len, "keyfile %s: No such file or directory",
			 t->spec.keyfile);
		return -1;
	}
	return 0;
}

static char path[64];

/* Writes @text to a temporary file and loads it. */
static int load(const char *text, struct dconf *dc, struct conf_diag *d)
{
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/segctl-conf-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1000;
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	memset(d, 0, sizeof(*d));
	fd = daemon_load_conf(path, dc, d);
	unlink(path);
	return fd;
}

/* "FILE:" replaced by "c:" for comparisons. */
static const char *diag(const struct conf_diag *d, size_t i)
{
	static char b[1024];
	size_t n = strlen(path);

	if (i >= d->n)
		return "(none)";
	if (!strncmp(d->v[i], path, n))
		snprintf(b, sizeof(b), "c%s", d->v[i] + n);
	else
		snprintf(b, sizeof(b), "%s", d->v[i]);
	return b;
}

static void defaults(void)
{
	struct conf_diag d;
	struct sg_config def;
	struct dconf dc;

	CHECK_EQ(load("# nothing but a comment\n", &dc, &d), 0);
	sg_config_defaults(&def);
	CHECK(!memcmp(&dc.sip, &def, sizeof(def)));
	CHECK_EQ(dc.sip_enable, DSIP_AUTO);
	CHECK_STR(dc.log, "");
	CHECK_EQ(dc.tunnels.n, 0);
	dconf_free(&dc);
	conf_diag_free(&d);
}

static void good(void)
{
	struct conf_diag d;
	struct sg_config def;
	struct dconf dc;

	CHECK_EQ(load("[global]\n"
		      "log = /var/log/segctl.log   # appended\n"
		      "\n"
		      "[sip]\n"
		      "enable = yes\n"
		      "max_dialogs = 1000\n"
		      "ban_ttl = 60\n"
		      "\n"
		      "[tunnel za1]\n"
		      "peer = 192.0.2.2\n"
		      "local = 192.0.2.1\n"
		      "subnets = 10.1.0.0/16=10.2.0.0/16\n"
		      "keyfile = /k\n", &dc, &d), 0);
	CHECK_EQ(d.n, 0);
	CHECK_STR(dc.log, "/var/log/segctl.log");
	CHECK_EQ(dc.log_line, 2);
	CHECK_EQ(dc.sip_enable, DSIP_YES);
	CHECK_EQ(dc.sip.max_dialogs, 1000);
	CHECK_EQ(dc.sip.ban_ttl, 60);
	sg_config_defaults(&def);
	CHECK_EQ(dc.sip.max_transactions, def.max_transactions);	/* kept */
	CHECK_EQ(dc.tunnels.n, 1);
	dconf_free(&dc);
	conf_diag_free(&d);

	CHECK_EQ(load("[sip]\nenable = no\n", &dc, &d), 0);
	CHECK_EQ(dc.sip_enable, DSIP_NO);
	dconf_free(&dc);
	conf_diag_free(&d);
	CHECK_EQ(load("[sip]\nenable = auto\n", &dc, &d), 0);
	CHECK_EQ(dc.sip_enable, DSIP_AUTO);
	dconf_free(&dc);
	conf_diag_free(&d);
}

static void bad_lines(void)
{
	struct conf_diag d;
	struct dconf dc;
	int bad;

	bad = load("[global]\n"				/* 1 */
		   "log = relative/path\n"			/* 2 */
		   "colour = blue\n"				/* 3 */
		   "[sip]\n"					/* 4 */
		   "enable = maybe\n"				/* 5 */
		   "no_such_key = 1\n"				/* 6 */
		   "max_dialogs = many\n"			/* 7 */
		   "[sip]\n"					/* 8 */
		   "[sip extra]\n"				/* 9 */
		   "[global]\n"					/* 10 */
		   "[tunnel t1]\n"				/* 11 */
		   "peer = 192.0.2.2\n"				/* 12 */
		   "local = 192.0.2.1\n"			/* 13 */
		   "keyfile = /missing.key\n",			/* 14 */
		   &dc, &d);
	CHECK_EQ(bad, 9);
	CHECK_EQ(d.n, 9);
	CHECK_STR(diag(&d, 0),
		  "c:2: log: expected an absolute path (token 'relative/path')");
	CHECK_STR(diag(&d, 1),
		  "c:3: unknown key in [global]; expected log (token 'colour')");
	CHECK_STR(diag(&d, 2),
		  "c:5: enable: expected auto, yes or no (token 'maybe')");
	/* sg_config_set's own words; the line and the token are ours */
	CHECK(!strncmp(diag(&d, 3), "c:6: ", 5));
	CHECK(strstr(diag(&d, 3), "no_such_key") != NULL);
	CHECK(!strncmp(diag(&d, 4), "c:7: ", 5));
	CHECK(strstr(diag(&d, 4), "many") != NULL);
	CHECK(!strncmp(diag(&d, 5), "c:8: duplicate section (first on line 4)",
		       40));
	CHECK_STR(diag(&d, 6),
		  "c:9: section [sip] takes no name (token 'extra')");
	CHECK(!strncmp(diag(&d, 7), "c:10: duplicate section (first on line 1)",
		       41));
	CHECK_STR(diag(&d, 8),
		  "c:14: keyfile /missing.key: No such file or directory (token '/missing.key')");
	/* a bad value changes nothing: defaults stay */
	CHECK_EQ(dc.sip_enable, DSIP_AUTO);
	CHECK_STR(dc.log, "");
	CHECK_EQ(dc.tunnels.n, 0);
	dconf_free(&dc);
	conf_diag_free(&d);

	/* an unreadable file is one error naming it */
	memset(&d, 0, sizeof(d));
	bad = daemon_load_conf("/nonexistent/segctl.conf", &dc, &d);
	CHECK_EQ(bad, 1);
	CHECK(d.n == 1 && strstr(d.v[0], "/nonexistent/segctl.conf"));
	dconf_free(&dc);
	conf_diag_free(&d);
}

static const char *lookup(const struct ttable *tt, const char *a)
{
	uint8_t addr[16];
	const struct tunnel *t;

	if (inet_pton(AF_INET, a, addr) == 1)
		t = tt_lookup_src(tt, IMSSEG_FAMILY_V4, addr);
	else if (inet_pton(AF_INET6, a, addr) == 1)
		t = tt_lookup_src(tt, IMSSEG_FAMILY_V6, addr);
	else
		return "(bad address)";
	return t ? t->spec.name : "(none)";
}

static void tunnel_lookup(void)
{
	struct conf_diag d;
	struct dconf dc;
	struct tunnel *t;

	CHECK_EQ(load("[tunnel za1]\n"
		      "peer = 192.0.2.2\nlocal = 192.0.2.1\n"
		      "subnets = 10.1.0.0/16=10.2.0.0/16 fd00:1::/48=fd00:2::/48\n"
		      "keyfile = /k\n"
		      "[tunnel za2]\n"
		      "peer = 192.0.2.3\nlocal = 192.0.2.1\n"
		      "subnets = 10.5.0.0/16=10.2.5.0/24\n"
		      "keyfile = /k\n"
		      "[tunnel ue1]\n"
		      "peer = 198.51.100.7\nlocal = 192.0.2.1\n"
		      "mode = transport\n"
		      "keyfile = /k\n"
		      "[tunnel ue2]\n"
		      "peer = 2001:db8::7\nlocal = 2001:db8::1\n"
		      "mode = transport\n"
		      "keyfile = /k\n", &dc, &d), 0);
	CHECK_EQ(d.n, 0);
	CHECK_EQ(tt_index(&dc.tunnels), 0);
	CHECK_STR(lookup(&dc.tunnels, "10.2.0.1"), "za1");
	CHECK_STR(lookup(&dc.tunnels, "10.2.5.9"), "za2");	/* longest */
	CHECK_STR(lookup(&dc.tunnels, "10.2.6.1"), "za1");
	CHECK_STR(lookup(&dc.tunnels, "fd00:2::99"), "za1");
	CHECK_STR(lookup(&dc.tunnels, "198.51.100.7"), "ue1");	/* host */
	CHECK_STR(lookup(&dc.tunnels, "2001:db8::7"), "ue2");
	/* not a remote selector: local sides and strangers */
	CHECK_STR(lookup(&dc.tunnels, "10.1.0.1"), "(none)");
	CHECK_STR(lookup(&dc.tunnels, "198.51.100.8"), "(none)");
	CHECK_STR(lookup(&dc.tunnels, "192.0.2.1"), "(none)");
	CHECK_STR(lookup(&dc.tunnels, "2001:db8::8"), "(none)");
	CHECK_STR(lookup(&dc.tunnels, "::ffff:10.2.0.1"), "(none)");

	/* removing a tunnel invalidates the index until it is rebuilt */
	t = tt_find(&dc.tunnels, "za2");
	tt_del(&dc.tunnels, t);
	CHECK_STR(lookup(&dc.tunnels, "10.2.0.1"), "(none)");
	CHECK_EQ(tt_index(&dc.tunnels), 0);
	CHECK_STR(lookup(&dc.tunnels, "10.2.5.9"), "za1");
	CHECK_STR(lookup(&dc.tunnels, "198.51.100.7"), "ue1");
	dconf_free(&dc);
	conf_diag_free(&d);

	/* an empty table answers nothing */
	CHECK_EQ(load("", &dc, &d), 0);
	CHECK_EQ(tt_index(&dc.tunnels), 0);
	CHECK_STR(lookup(&dc.tunnels, "10.2.0.1"), "(none)");
	dconf_free(&dc);
	conf_diag_free(&d);
}

int main(void)
{
	UNIT_RUN(defaults);
	UNIT_RUN(good);
	UNIT_RUN(bad_lines);
	UNIT_RUN(tunnel_lookup);
	return unit_done();
}
