/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tunnel table: segctl's tunnels with their specs, ids and keys,
 * the checks between them (an SPI used twice, overlapping selectors)
 * and the lookup a SIP layer needs: which tunnel does a packet from
 * this source address, received on this SA (secpath SPI), belong to?
 * Pure: no netlink, no files.
 */
#ifndef _SEGCTL_XFRM_TABLE_H
#define _SEGCTL_XFRM_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "keyfile.h"
#include "xfrm_spec.h"

struct tunnel {
	uint32_t id;		/* ownership id (xfrm_own.h), 0: none yet */
	struct tspec spec;
	struct keyfile keys;	/* keys.n == 0: key file not loaded */
	unsigned int line;	/* line of its [tunnel] section, 0: none */
};

struct tidx {
	uint32_t spi;
	const struct tunnel *t;
};

/* A remote selector of a tunnel, for tt_lookup_src(). */
struct tsrc {
	struct imsseg_prefix remote;
	const struct tunnel *t;
};

struct ttable {
	struct tunnel **v;
	size_t n, cap;
	struct tidx *idx;	/* inbound SPIs, sorted (tt_index) */
	size_t nidx;
	/* remote selectors (tt_index): host ones sorted by address, then
	 * the wider ones, longest prefix first */
	struct tsrc *src;
	size_t nsrc, nsrc_host;
};

void tt_init(struct ttable *tt);
/* Frees every tunnel (keys wiped). */
void tt_free(struct ttable *tt);

/* A new zeroed tunnel at the end of @tt, NULL when out of memory. */
struct tunnel *tt_new(struct ttable *tt);
/* Removes and frees @t. */
void tt_del(struct ttable *tt, struct tunnel *t);
struct tunnel *tt_find(const struct ttable *tt, const char *name);
struct tunnel *tt_find_id(const struct ttable *tt, uint32_t id);

/*
 * A sorted view by name, for lookups in big tables (tt_find() is
 * linear). It holds pointers: rebuild it after tt_new()/tt_del().
 */
struct tnames {
	struct tunnel **v;
	size_t n;
};

int tnames_build(const struct ttable *tt, struct tnames *ix);
struct tunnel *tnames_find(const struct tnames *ix, const char *name);
void tnames_free(struct tnames *ix);

/* Key generations of @t (at least 1) and their SPIs. */
unsigned int tunnel_gens(const struct tunnel *t);
uint32_t tunnel_spi_in(const struct tunnel *t, unsigned int gen);
uint32_t tunnel_spi_out(const struct tunnel *t, unsigned int gen);

/*
 * Conflicts between the tunnels of @tt: an inbound SPI used twice on
 * one local address, an outbound SPI used twice towards one peer, a
 * tunnel without SPIs (with its key file loaded), selectors of two
 * tunnels that overlap. @report
 * is called with the later tunnel of each conflicting pair and a
 * sentence naming the other. Returns the number of conflicts.
 */
int tt_check(const struct ttable *tt,
	     void (*report)(const struct tunnel *t, const char *msg, void *arg),
	     void *arg);

/*
 * Rebuilds the indexes used by tt_lookup() and tt_lookup_src(); -1
 * when out of memory.
 */
int tt_index(struct ttable *tt);

/*
 * The tunnel that a packet from @src (4 or 16 bytes by @family:
 * IMSSEG_FAMILY_V4/_V6) received through the SA with SPI @spi belongs
 * to: @spi is one of the tunnel's inbound SPIs (any key generation) and
 * @src is inside one of its remote selectors. NULL otherwise.
 */
const struct tunnel *tt_lookup(const struct ttable *tt, uint8_t family,
			       const void *src, uint32_t spi);

/*
 * Source-only lookup, for segctl run's SIP path: NFQUEUE tells that a
 * packet came through IPsec (secpath) but not through which SA. The
 * tunnel whose remote selector holds @addr (4 or 16 bytes by @family),
 * the longest prefix winning; NULL if none. Host selectors (UE
 * tunnels, transport mode peers) are found by binary search, the
 * others by a scan. Uses the index of tt_index().
 */
const struct tunnel *tt_lookup_src(const struct ttable *tt, uint8_t family,
				   const void *addr);

/*
 * The lowest id of the class of @cli (xfrm_own.h) whose byte in @busy
 * (XOWN_ID_MAX + 1 bytes, non-zero: in use) is 0; marks it used.
 * Returns 0 when the class is full.
 */
uint32_t xid_alloc(uint8_t *busy, int cli);

#endif /* _SEGCTL_XFRM_TABLE_H */
