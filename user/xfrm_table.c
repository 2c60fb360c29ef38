// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnel table, see xfrm_table.h. Checks scale to UE counts (10^4 and
 * more): SPI duplicates and host-to-host selectors are found by
 * sorting; only selectors with a prefix on either side are compared
 * pairwise against the others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xfrm_own.h"
#include "xfrm_table.h"

void tt_init(struct ttable *tt)
{
	memset(tt, 0, sizeof(*tt));
}

void tt_free(struct ttable *tt)
{
	size_t i;

	for (i = 0; i < tt->n; i++) {
		keyfile_wipe(&tt->v[i]->keys);
		free(tt->v[i]);
	}
	free(tt->v);
	free(tt->idx);
	free(tt->src);
	tt_init(tt);
}

struct tunnel *tt_new(struct ttable *tt)
{
	struct tunnel *t;

	if (tt->n == tt->cap) {
		size_t cap = tt->cap ? tt->cap * 2 : 16;
		struct tunnel **v = realloc(tt->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		tt->v = v;
		tt->cap = cap;
	}
	t = calloc(1, sizeof(*t));
	if (t)
		tt->v[tt->n++] = t;
	return t;
}

void tt_del(struct ttable *tt, struct tunnel *t)
{
	size_t i;

	for (i = 0; i < tt->n; i++)
		if (tt->v[i] == t) {
			memmove(&tt->v[i], &tt->v[i + 1],
				(tt->n - i - 1) * sizeof(tt->v[0]));
			tt->n--;
			break;
		}
	tt->nidx = 0;	/* the indexes may point at @t */
	tt->nsrc = tt->nsrc_host = 0;
	keyfile_wipe(&t->keys);
	free(t);
}

struct tunnel *tt_find(const struct ttable *tt, const char *name)
{
	size_t i;

	for (i = 0; i < tt->n; i++)
		if (!strcmp(tt->v[i]->spec.name, name))
			return tt->v[i];
	return NULL;
}

struct tunnel *tt_find_id(const struct ttable *tt, uint32_t id)
{
	size_t i;

	for (i = 0; i < tt->n; i++)
		if (tt->v[i]->id == id)
			return tt->v[i];
	return NULL;
}

static int byname(const void *a, const void *b)
{
	return strcmp((*(struct tunnel * const *)a)->spec.name,
		      (*(struct tunnel * const *)b)->spec.name);
}

int tnames_build(const struct ttable *tt, struct tnames *ix)
{
	ix->n = tt->n;
	ix->v = malloc((tt->n + 1) * sizeof(*ix->v));
	if (!ix->v)
		return -1;
	memcpy(ix->v, tt->v, tt->n * sizeof(*ix->v));
	qsort(ix->v, ix->n, sizeof(*ix->v), byname);
	return 0;
}

struct tunnel *tnames_find(const struct tnames *ix, const char *name)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ix->v[mid]->spec.name, name);

		if (!c)
			return ix->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void tnames_free(struct tnames *ix)
{
	free(ix->v);
	ix->v = NULL;
	ix->n = 0;
}

unsigned int tunnel_gens(const struct tunnel *t)
{
	return t->keys.n ? t->keys.n : 1;
}

uint32_t tunnel_spi_in(const struct tunnel *t, unsigned int gen)
{
	if (gen == 0 && t->spec.spi_in)
		return t->spec.spi_in;
	return gen < t->keys.n ? t->keys.gen[gen].spi_in : 0;
}

uint32_t tunnel_spi_out(const struct tunnel *t, unsigned int gen)
{
	if (gen == 0 && t->spec.spi_out)
		return t->spec.spi_out;
	return gen < t->keys.n ? t->keys.gen[gen].spi_out : 0;
}

/* One (address, SPI) use or one selector, with its tunnel's position. */
struct use {
	struct imsseg_prefix a, b;
	uint32_t spi;
	size_t pos;
	const struct tunnel *t;
};

static int use_cmp(const void *x, const void *y)
{
	const struct use *u = x, *v = y;
	int c = imsseg_prefix_cmp(&u->a, &v->a);

	if (!c)
		c = imsseg_prefix_cmp(&u->b, &v->b);
	if (!c)
		c = u->spi < v->spi ? -1 : u->spi > v->spi;
	if (!c)
		c = u->pos < v->pos ? -1 : u->pos > v->pos;
	return c;
}

typedef void (*report_fn)(const struct tunnel *t, const char *msg, void *arg);

/* Sorted duplicates: report the later one of each equal run. */
static int dups(struct use *u, size_t n, const char *what, report_fn report,
		void *arg)
{
	char msg[400], s[TSEL_STRLEN];
	size_t i;
	int bad = 0;

	qsort(u, n, sizeof(*u), use_cmp);
	for (i = 1; i < n; i++) {
		const struct use *x = &u[i - 1], *y = &u[i];

		if (x->t == y->t || imsseg_prefix_cmp(&x->a, &y->a) ||
		    imsseg_prefix_cmp(&x->b, &y->b) || x->spi != y->spi)
			continue;
		if (x->spi) {
			snprintf(msg, sizeof(msg), "%s 0x%x is already used by tunnel %s",
				 what, y->spi, x->t->spec.name);
		} else {
			struct tsel sel = { x->a, x->b };

			tsel_format(&sel, s, sizeof(s));
			snprintf(msg, sizeof(msg), "selector %s overlaps tunnel %s",
				 s, x->t->spec.name);
		}
		report(x->pos > y->pos ? x->t : y->t, msg, arg);
		bad++;
	}
	return bad;
}

static bool exact(const struct tsel *s)
{
	return s->local.plen == imsseg_family_bits(s->local.family) &&
	       s->remote.plen == imsseg_family_bits(s->remote.family);
}

int tt_check(const struct ttable *tt, report_fn report, void *arg)
{
	struct use *u, *wide;
	struct tsel sel[TSEL_MAX];
	size_t i, n, nw, j, k, cap = 0;
	unsigned int g, ns, s;
	int bad = 0;
	char msg[400], a[TSEL_STRLEN], b[TSEL_STRLEN];

	for (i = 0; i < tt->n; i++)
		cap += TSEL_MAX + KEYFILE_GENS_MAX;
	u = calloc(cap ? cap : 1, sizeof(*u));
	wide = calloc(cap ? cap : 1, sizeof(*wide));
	if (!u || !wide) {
		free(u);
		free(wide);
		return -1;
	}
	/* inbound SPIs per local address, outbound per peer */
	for (int dir = 0; dir < 2; dir++) {
		for (i = n = 0; i < tt->n; i++) {
			const struct tunnel *t = tt->v[i];

			for (g = 0; g < tunnel_gens(t); g++) {
				uint32_t spi = dir ? tunnel_spi_out(t, g) :
					       tunnel_spi_in(t, g);

				if (!spi) {
					/* unknown without its key file */
					if (dir && !g && t->keys.n) {
						report(t, "no SPIs: give spi-in and spi-out, or put them in the key file", arg);
						bad++;
					}
					continue;
				}
				u[n++] = (struct use){ .a = dir ? t->spec.peer :
						       t->spec.local,
						       .spi = spi, .pos = i, .t = t };
			}
		}
		bad += dups(u, n, dir ? "spi-out" : "spi-in", report, arg);
	}
	/* selectors: host-to-host ones by sorting, the rest pairwise */
	for (i = n = nw = 0; i < tt->n; i++) {
		ns = tspec_selectors(&tt->v[i]->spec, sel);
		for (s = 0; s < ns; s++) {
			struct use x = { .a = sel[s].local, .b = sel[s].remote,
					 .pos = i, .t = tt->v[i] };

			if (exact(&sel[s]))
				u[n++] = x;
			else
				wide[nw++] = x;
		}
	}
	bad += dups(u, n, "", report, arg);
	for (j = 0; j < nw; j++) {
		struct tsel w = { wide[j].a, wide[j].b };

		for (k = 0; k < n + nw; k++) {
			const struct use *o = k < n ? &u[k] : &wide[k - n];
			struct tsel x = { o->a, o->b };

			if (o->t == wide[j].t || (k >= n && k - n >= j) ||
			    !tsel_overlap(&w, &x))
				continue;
			tsel_format(&w, a, sizeof(a));
			tsel_format(&x, b, sizeof(b));
			snprintf(msg, sizeof(msg), "selector %s overlaps tunnel %s's %s",
				 o->pos > wide[j].pos ? b : a, o->pos > wide[j].pos ?
				 wide[j].t->spec.name : o->t->spec.name,
				 o->pos > wide[j].pos ? a : b);
			report(o->pos > wide[j].pos ? o->t : wide[j].t, msg, arg);
			bad++;
		}
	}
	free(u);
	free(wide);
	return bad;
}

static int idx_cmp(const void *x, const void *y)
{
	const struct tidx *a = x, *b = y;

	return a->spi < b->spi ? -1 : a->spi > b->spi;
}

static bool src_host(const struct imsseg_prefix *p)
{
	return p->plen == imsseg_family_bits(p->family);
}

/* Host selectors first, by address; then the others, longest first. */
static int src_cmp(const void *x, const void *y)
{
	const struct tsrc *a = x, *b = y;
	bool ha = src_host(&a->remote), hb = src_host(&b->remote);

	if (ha != hb)
		return ha ? -1 : 1;
	if (ha)
		return imsseg_prefix_cmp(&a->remote, &b->remote);
	return a->remote.plen > b->remote.plen ? -1 :
	       a->remote.plen < b->remote.plen;
}

static int src_index(struct ttable *tt)
{
	struct tsel sel[TSEL_MAX];
	size_t i, n = 0;
	unsigned int k, ns;

	free(tt->src);
	tt->nsrc = tt->nsrc_host = 0;
	tt->src = calloc(tt->n * TSEL_MAX + 1, sizeof(*tt->src));
	if (!tt->src)
		return -1;
	for (i = 0; i < tt->n; i++) {
		ns = tspec_selectors(&tt->v[i]->spec, sel);
		for (k = 0; k < ns; k++)
			tt->src[n++] = (struct tsrc){ sel[k].remote, tt->v[i] };
	}
	qsort(tt->src, n, sizeof(*tt->src), src_cmp);
	while (tt->nsrc_host < n && src_host(&tt->src[tt->nsrc_host].remote))
		tt->nsrc_host++;
	tt->nsrc = n;
	return 0;
}

const struct tunnel *tt_lookup_src(const struct ttable *tt, uint8_t family,
				   const void *addr)
{
	struct imsseg_prefix key;
	size_t lo = 0, hi = tt->nsrc_host, mid, i;
	int c;

	if (imsseg_prefix_set(&key, family, addr, imsseg_family_bits(family)))
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = imsseg_prefix_cmp(&tt->src[mid].remote, &key);
		if (!c)
			return tt->src[mid].t;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = tt->nsrc_host; i < tt->nsrc; i++)
		if (imsseg_prefix_contains(&tt->src[i].remote, family, addr))
			return tt->src[i].t;
	return NULL;
}

int tt_index(struct ttable *tt)
{
	size_t i, n = 0;
	unsigned int g;

	if (src_index(tt))
		return -1;
	free(tt->idx);
	tt->idx = calloc(tt->n * KEYFILE_GENS_MAX + 1, sizeof(*tt->idx));
	tt->nidx = 0;
	if (!tt->idx)
		return -1;
	for (i = 0; i < tt->n; i++)
		for (g = 0; g < tunnel_gens(tt->v[i]); g++)
			if (tunnel_spi_in(tt->v[i], g))
				tt->idx[n++] = (struct tidx){
					tunnel_spi_in(tt->v[i], g), tt->v[i] };
	qsort(tt->idx, n, sizeof(*tt->idx), idx_cmp);
	tt->nidx = n;
	return 0;
}

const struct tunnel *tt_lookup(const struct ttable *tt, uint8_t family,
			       const void *src, uint32_t spi)
{
	size_t lo = 0, hi = tt->nidx, mid;
	struct tsel sel[TSEL_MAX];
	unsigned int i, n;

	while (lo < hi) {	/* first entry with this SPI */
		mid = lo + (hi - lo) / 2;
		if (tt->idx[mid].spi < spi)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < tt->nidx && tt->idx[lo].spi == spi; lo++) {
		n = tspec_selectors(&tt->idx[lo].t->spec, sel);
		for (i = 0; i < n; i++)
			if (imsseg_prefix_contains(&sel[i].remote, family, src))
				return tt->idx[lo].t;
	}
	return NULL;
}

uint32_t xid_alloc(uint8_t *busy, int cli)
{
	uint32_t lo = cli ? XOWN_ID_CLI + 1 : 1;
	uint32_t hi = cli ? XOWN_ID_MAX : XOWN_ID_CLI - 1;
	uint8_t *p = memchr(busy + lo, 0, hi - lo + 1);

	if (!p)
		return 0;
	*p = 1;
	return (uint32_t)(p - busy);
}
