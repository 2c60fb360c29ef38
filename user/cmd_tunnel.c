// SPDX-License-Identifier: GPL-2.0
/*
 * segctl tunnel add NAME peer ADDR local ADDR [subnets L=R ...] ...
 * segctl tunnel del NAME
 * segctl tunnel list [-j]
 *
 * IPsec tunnels through the kernel's XFRM (Documentation/ipsec.rst).
 * "add" and "del" are all or nothing; "list" reads the kernel, so it
 * shows what is really installed, with names from the state file.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/xfrm.h>

#include "json.h"
#include "segctl.h"
#include "xfrm_ctl.h"
#include "xfrm_own.h"

#define ADD_USAGE "tunnel add NAME peer ADDR local ADDR [subnets LOCAL=REMOTE ...] [mode tunnel|transport] [aead ALG | enc ALG auth ALG] keyfile PATH [spi-in N spi-out N] [lifetime S[/SOFT]] [lifebytes B[/SOFT]] [required] [za]"

static int open_nl(struct xnl *nl, const char *what)
{
	if (xnl_open(nl, 0))
		return segctl_err("%s: %s", what, nl->why);
	return 0;
}

static int tunnel_add(int argc, char **argv)
{
	char what[80], msg[512];
	struct tunnel t = { 0 };
	struct terr e;
	struct xctl c;
	struct xnl nl;
	int rc;

	if (argc < 3)
		return segctl_err("tunnel add: missing NAME; usage: segctl %s",
				  ADD_USAGE);
	snprintf(what, sizeof(what), "tunnel add %s", argv[2]);
	tspec_init(&t.spec, argv[2]);
	if (tspec_check_name(argv[2], &e) ||
	    tspec_parse_args(&t.spec, argc - 3, argv + 3, &e) ||
	    tspec_finish(&t.spec, &e))
		return segctl_err("%s: %s", what, terr_str(&e, msg, sizeof(msg)));
	if (xctl_load_keys(&t, msg, sizeof(msg)))
		return segctl_err("%s: %s", what, msg);
	if (open_nl(&nl, what)) {
		keyfile_wipe(&t.keys);
		return 1;
	}
	rc = xctl_open(&c, &nl, true);
	if (!rc) {
		rc = xctl_add(&c, &t);
		if (rc)
			segctl_err("%s: %s", what, c.err);
		xctl_close(&c);
	} else {
		segctl_err("%s: %s", what, c.err);
	}
	xnl_close(&nl);
	keyfile_wipe(&t.keys);
	return rc ? 1 : 0;
}

static int tunnel_del(int argc, char **argv)
{
	char what[80];
	struct xctl c;
	struct xnl nl;
	uint32_t id;
	int rc;

	if (argc != 3)
		return segctl_err(argc < 3 ? "tunnel del: missing NAME" :
				  "tunnel del: unexpected argument '%s'",
				  argc > 3 ? argv[3] : "");
	snprintf(what, sizeof(what), "tunnel del %s", argv[2]);
	if (open_nl(&nl, what))
		return 1;
	rc = xctl_open(&c, &nl, true);
	if (!rc) {
		rc = xctl_del(&c, argv[2], &id);
		if (rc)
			segctl_err("%s: %s", what, c.err);
		else if (!xown_id_is_cli(id))
			fprintf(stderr, "segctl: %s: note: the tunnel comes from the config; remove its [tunnel] section too, or segctl run puts it back on the next reload\n",
				what);
		xctl_close(&c);
	} else {
		segctl_err("%s: %s", what, c.err);
	}
	xnl_close(&nl);
	return rc ? 1 : 0;
}

/* --- list --- */

struct view {
	uint32_t id;
	const struct tunnel *st;	/* from the state file, may be NULL */
	const struct xsa *sa[2 * KEYFILE_GENS_MAX];
	unsigned int nsa, nin, nout, nmain, nblock;
	const struct xsp *out;		/* a main outbound policy */
	const char *state;
};

static int view_cmp(const void *a, const void *b)
{
	const struct view *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static struct view *view_get(struct view *v, size_t *n, uint32_t id)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (v[i].id == id)
			return &v[i];
	memset(&v[*n], 0, sizeof(v[*n]));
	v[*n].id = id;
	return &v[(*n)++];
}

static bool sa_in(const struct view *v, const struct xsa *sa)
{
	const uint8_t *peer;

	if (v->st)
		return !memcmp(sa->daddr, v->st->spec.local.addr, 16);
	if (!v->out)
		return false;
	peer = v->out->tmode == XFRM_MODE_TUNNEL ? v->out->tdaddr :
	       (const uint8_t *)&v->out->sel.daddr;
	return memcmp(sa->daddr, peer, 16) != 0;
}

static void view_finish(struct view *v)
{
	unsigned int nsel = 1, main_want, block_want, i;

	if (v->st) {
		struct tsel sel[TSEL_MAX];

		nsel = tspec_selectors(&v->st->spec, sel);
	}
	main_want = nsel * (v->st && v->st->spec.transport ? 2 : 3);
	if (!v->st)
		main_want = 1;
	block_want = v->st && v->st->spec.required ? main_want : 0;
	for (i = 0; i < v->nsa; i++) {
		if (sa_in(v, v->sa[i]))
			v->nin++;
		else
			v->nout++;
	}
	if (!v->nin && !v->nout)
		v->state = v->nblock ? "down (blocking)" : "down";
	else if (!v->nin || !v->nout || v->nmain < main_want ||
		 v->nblock < block_want)
		v->state = "partial";
	else
		v->state = v->nin > 1 || v->nout > 1 ? "rekeying" : "up";
}

static const char *when(uint64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!t || !gmtime_r(&tt, &tm))
		return "never";
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

static void name_of(const struct view *v, char *buf, size_t len)
{
	if (v->st)
		snprintf(buf, len, "%s", v->st->spec.name);
	else
		snprintf(buf, len, "#%u", v->id);
}

static void print_json(const struct view *v, size_t n)
{
	char name[40], spec[1024];
	struct json j;
	size_t i;
	unsigned int s;

	json_init(&j, stdout);
	json_obj_open(&j, NULL);
	json_arr_open(&j, "tunnels");
	for (i = 0; i < n; i++) {
		name_of(&v[i], name, sizeof(name));
		json_obj_open(&j, NULL);
		json_str(&j, "name", name);
		json_u64(&j, "id", v[i].id);
		json_str(&j, "origin", xown_id_is_cli(v[i].id) ? "cli" : "config");
		json_str(&j, "state", v[i].state);
		if (v[i].st && tspec_format(&v[i].st->spec, spec, sizeof(spec)) >= 0)
			json_str(&j, "spec", spec);
		json_bool(&j, "required", v[i].nblock > 0);
		json_u64(&j, "policies", v[i].nmain);
		json_u64(&j, "block_policies", v[i].nblock);
		json_arr_open(&j, "sas");
		for (s = 0; s < v[i].nsa; s++) {
			const struct xsa *sa = v[i].sa[s];
			char a[INET6_ADDRSTRLEN];

			json_obj_open(&j, NULL);
			json_str(&j, "dir", sa_in(&v[i], sa) ? "in" : "out");
			json_u64(&j, "spi", sa->spi);
			json_str(&j, "src", xaddr_str(sa->family, sa->saddr, a, sizeof(a)));
			json_str(&j, "dst", xaddr_str(sa->family, sa->daddr, a, sizeof(a)));
			json_u64(&j, "bytes", sa->bytes);
			json_u64(&j, "packets", sa->packets);
			json_u64(&j, "added", sa->add_time);
			json_u64(&j, "last_use", sa->use_time);
			json_u64(&j, "replay_errors", sa->replay);
			json_u64(&j, "integrity_errors", sa->integrity_failed);
			json_u64(&j, "replay_window_errors", sa->replay_window_errs);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
}

static void print_text(const struct view *v, size_t n)
{
	char name[40], t[32], spec[1024];
	size_t i;
	unsigned int s;

	if (!n)
		printf("no tunnels\n");
	for (i = 0; i < n; i++) {
		name_of(&v[i], name, sizeof(name));
		printf("%s (id %u, %s): %s; %u policies, %u block policies\n",
		       name, v[i].id, xown_id_is_cli(v[i].id) ? "cli" : "config",
		       v[i].state, v[i].nmain, v[i].nblock);
		if (v[i].st && tspec_format(&v[i].st->spec, spec, sizeof(spec)) >= 0)
			printf("  %s\n", spec);
		for (s = 0; s < v[i].nsa; s++) {
			const struct xsa *sa = v[i].sa[s];

			printf("  SA %-3s spi 0x%08x  %" PRIu64 " packets  %" PRIu64
			       " bytes  last use %s  errors: replay %u integrity %u window %u\n",
			       sa_in(&v[i], sa) ? "in" : "out", sa->spi, sa->packets,
			       sa->bytes, when(sa->use_time, t, sizeof(t)),
			       sa->replay, sa->integrity_failed,
			       sa->replay_window_errs);
		}
	}
}

static int tunnel_list(int argc, char **argv, bool json)
{
	struct view *v;
	struct xctl c;
	struct xnl nl;
	size_t n = 0, i;

	if (argc > 2)
		return segctl_err("tunnel list: unexpected argument '%s'", argv[2]);
	if (open_nl(&nl, "tunnel list"))
		return 1;
	if (xctl_open(&c, &nl, false)) {
		xnl_close(&nl);
		return segctl_err("tunnel list: %s", c.err);
	}
	v = calloc(c.k.nsa + c.k.nsp + c.state.n + 1, sizeof(*v));
	if (!v) {
		xctl_close(&c);
		xnl_close(&nl);
		return segctl_err("tunnel list: out of memory");
	}
	for (i = 0; i < c.state.n; i++)
		view_get(v, &n, c.state.v[i]->id)->st = c.state.v[i];
	for (i = 0; i < c.k.nsp; i++) {
		const struct xsp *sp = &c.k.sp[i];
		struct view *w;

		if (!sp->id)
			continue;
		w = view_get(v, &n, sp->id);
		if (sp->block) {
			w->nblock++;
		} else {
			w->nmain++;
			if (sp->dir == XFRM_POLICY_OUT)
				w->out = sp;
		}
	}
	for (i = 0; i < c.k.nsa; i++) {
		const struct xsa *sa = &c.k.sa[i];
		struct view *w;

		if (!sa->id || sa->larval)
			continue;
		w = view_get(v, &n, sa->id);
		if (w->nsa < 2 * KEYFILE_GENS_MAX)
			w->sa[w->nsa++] = sa;
	}
	for (i = 0; i < n; i++)
		view_finish(&v[i]);
	qsort(v, n, sizeof(*v), view_cmp);
	if (json)
		print_json(v, n);
	else
		print_text(v, n);
	free(v);
	xctl_close(&c);
	xnl_close(&nl);
	return 0;
}

int cmd_tunnel(int argc, char **argv, const struct segctl_opts *o)
{
	if (argc < 2)
		return segctl_err("tunnel: missing subcommand; expected add, del or list");
	if (!strcmp(argv[1], "add"))
		return tunnel_add(argc, argv);
	if (!strcmp(argv[1], "del"))
		return tunnel_del(argc, argv);
	if (!strcmp(argv[1], "list"))
		return tunnel_list(argc, argv, o->json);
	return segctl_err("tunnel: unknown subcommand '%s'; expected add, del or list",
			  argv[1]);
}
