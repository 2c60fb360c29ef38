// SPDX-License-Identifier: GPL-2.0
/*
 * segctl.conf for segctl run: [tunnel NAME] sections with the keywords
 * of "segctl tunnel add" as keys (Documentation/ipsec.rst), the [sip]
 * section of the SIP brain (sg_config_set(), plus "enable") and
 * [global] (Documentation/segctl-run.rst):
 *
 *   [global]
 *   log = /var/log/imsseg/segctl.log
 *
 *   [sip]
 *   enable = auto
 *   max_dialogs = 100000
 *
 *   [tunnel za1]
 *   peer = 192.0.2.2
 *   local = 192.0.2.1
 *   subnets = 10.1.0.0/16=10.2.0.0/16 fd00:1::/48=fd00:2::/48
 *   keyfile = /etc/imsseg/za1.key
 *   za = yes
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "xfrm_ctl.h"

#define WORDS_MAX (TSEL_MAX + 2)

struct load {
	struct dconf *dc;
	const char *file;
	struct ttable *tt;
	struct tunnel *cur;	/* section being read */
	bool bad;		/* it had an error: no cascade */
	unsigned int keyfile_line;
	struct conf_diag *d;
};

static void from_terr(struct conf_err *e, const struct terr *t)
{
	snprintf(e->msg, sizeof(e->msg), "%s", t->msg);
	snprintf(e->tok, sizeof(e->tok), "%s", t->tok);
}

static int t_begin(void *arg, const char *name, unsigned int line,
		   struct conf_err *e)
{
	struct load *l = arg;
	struct terr te;

	l->cur = NULL;
	l->bad = true;
	if (tspec_check_name(name, &te)) {
		from_terr(e, &te);
		return -1;
	}
	l->cur = tt_new(l->tt);
	if (!l->cur)
		return conf_fail(e, NULL, "out of memory");
	tspec_init(&l->cur->spec, name);
	l->cur->line = line;
	l->keyfile_line = line;
	l->bad = false;
	return 0;
}

static int t_set(void *arg, const char *key, char *value, unsigned int line,
		 struct conf_err *e)
{
	struct load *l = arg;
	char *w[WORDS_MAX + 1], *save = NULL, *tok;
	struct terr te;
	int n = 0;

	if (!l->cur)
		return 0;
	for (tok = strtok_r(value, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save)) {
		if (n == WORDS_MAX)
			return conf_fail(e, tok, "too many values");
		w[n++] = tok;
	}
	if (!strcmp(key, "keyfile"))
		l->keyfile_line = line;
	if (tspec_key(&l->cur->spec, key, w, n, true, &te)) {
		from_terr(e, &te);
		l->bad = true;
		return -1;
	}
	return 0;
}

static int t_end(void *arg, struct conf_err *e)
{
	struct load *l = arg;
	struct tunnel *t = l->cur;
	struct terr te;

	l->cur = NULL;
	if (!t)
		return 0;
	if (l->bad) {
		tt_del(l->tt, t);
		return 0;
	}
	if (tspec_finish(&t->spec, &te)) {
		from_terr(e, &te);
		snprintf(e->msg, sizeof(e->msg), "[tunnel %s]: %.400s",
			 t->spec.name, te.msg);
		tt_del(l->tt, t);
		return -1;
	}
	if (xctl_load_keys(t, e->msg, sizeof(e->msg))) {
		snprintf(e->tok, sizeof(e->tok), "%s", t->spec.keyfile);
		e->line = l->keyfile_line;
		tt_del(l->tt, t);
		return -1;
	}
	return 0;
}

static int sip_set(void *arg, const char *key, char *value, unsigned int line,
		   struct conf_err *e)
{
	struct load *l = arg;

	(void)line;
	if (strcmp(key, "enable"))
		return sg_config_set(&l->dc->sip, key, value, e);
	if (!strcmp(value, "auto"))
		l->dc->sip_enable = DSIP_AUTO;
	else if (!strcmp(value, "yes"))
		l->dc->sip_enable = DSIP_YES;
	else if (!strcmp(value, "no"))
		l->dc->sip_enable = DSIP_NO;
	else
		return conf_fail(e, value, "enable: expected auto, yes or no");
	return 0;
}

static int global_set(void *arg, const char *key, char *value,
		      unsigned int line, struct conf_err *e)
{
	struct load *l = arg;

	if (strcmp(key, "log"))
		return conf_fail(e, key, "unknown key in [global]; expected log");
	if (value[0] != '/')
		return conf_fail(e, value, "log: expected an absolute path");
	if (strlen(value) >= sizeof(l->dc->log))
		return conf_fail(e, value, "log: path longer than %zu characters",
				 sizeof(l->dc->log) - 1);
	strcpy(l->dc->log, value);
	l->dc->log_line = line;
	return 0;
}

static const struct conf_ops ops[] = {
	{ "tunnel", true, t_begin, t_set, t_end },
	{ "sip", false, NULL, sip_set, NULL },
	{ "global", false, NULL, global_set, NULL },
};

static void conflict(const struct tunnel *t, const char *msg, void *arg)
{
	struct load *l = arg;
	char m[400];

	snprintf(m, sizeof(m), "[tunnel %s]: %s", t->spec.name, msg);
	conf_diag_add(l->d, l->file, t->line, m, NULL);
}

int daemon_load_conf(const char *path, struct dconf *dc,
		     struct conf_diag *d)
{
	struct load l = { .dc = dc, .file = path, .tt = &dc->tunnels, .d = d };
	int bad;

	memset(dc, 0, sizeof(*dc));
	tt_init(&dc->tunnels);
	sg_config_defaults(&dc->sip);
	dc->sip_enable = DSIP_AUTO;
	bad = conf_parse_file(path, ops, sizeof(ops) / sizeof(ops[0]), &l, d);
	if (!bad)
		bad = tt_check(&dc->tunnels, conflict, &l);
	return bad;
}

void dconf_free(struct dconf *dc)
{
	tt_free(&dc->tunnels);
}
