/* SPDX-License-Identifier: GPL-2.0 */
/*
 * segctl's view of XFRM objects: plain structs for SAs and policies
 * (SPs), converted to and from libnl-xfrm objects, compared field by
 * field (configuration only, not counters) and described in one line
 * for messages. xobj_tunnel() computes the objects a tunnel needs.
 */
#ifndef _SEGCTL_XFRM_OBJ_H
#define _SEGCTL_XFRM_OBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/xfrm.h>

#include "keyfile.h"
#include "xfrm_table.h"

struct xfrmnl_sa;
struct xfrmnl_sp;

struct xsa {
	uint32_t id;		/* owning tunnel (xfrm_own.h), 0: foreign */
	uint32_t reqid, sel_user;
	uint8_t family;		/* outer: AF_INET or AF_INET6 */
	uint8_t sel_family;	/* 0: any inner family (af-unspec) */
	uint8_t mode, flags, replay_window, proto;
	uint8_t saddr[16], daddr[16];
	uint32_t spi;
	bool aead;
	char ealg[XALG_NAME_MAX], aalg[XALG_NAME_MAX];
	unsigned int icv_bits;	/* AEAD ICV or auth truncation */
	struct keymat key;
	uint64_t soft_s, hard_s, soft_bytes, hard_bytes;
	/* what the kernel reports; not configuration */
	uint64_t bytes, packets, add_time, use_time;
	uint32_t replay, integrity_failed, replay_window_errs;
	bool larval;		/* an ACQUIRE placeholder (SPI 0) */
	/* desired objects: which key generation and direction */
	unsigned int gen;
	bool inbound;
};

struct xsp {
	uint32_t id;		/* owning tunnel, 0: foreign */
	bool block;		/* a block policy */
	uint8_t dir, action;
	uint32_t priority, index;
	struct xfrm_selector sel;
	struct xfrm_mark mark;
	unsigned int ntmpl;
	uint8_t tfamily, tmode, tproto, toptional;
	uint8_t tsaddr[16], tdaddr[16];
	uint32_t treqid;
	uint64_t add_time, use_time;
};

int xsa_from_nl(struct xfrmnl_sa *n, struct xsa *sa);
struct xfrmnl_sa *xsa_to_nl(const struct xsa *sa);
int xsp_from_nl(struct xfrmnl_sp *n, struct xsp *sp);
struct xfrmnl_sp *xsp_to_nl(const struct xsp *sp);

/* Same configuration? (counters, index and times are ignored) */
bool xsa_same(const struct xsa *a, const struct xsa *b);
bool xsp_same(const struct xsp *a, const struct xsp *b);

/* "SA 192.0.2.1->192.0.2.2 spi 0x2001", "block policy out 10.1.0.0/24->..." */
const char *xsa_desc(const struct xsa *sa, char *buf, size_t len);
const char *xsp_desc(const struct xsp *sp, char *buf, size_t len);

/* Address of @family (AF_*) as text. */
const char *xaddr_str(uint8_t family, const uint8_t *a, char *buf, size_t len);

/*
 * The objects tunnel @t (id set, keys loaded) needs: block policies (if
 * required), the SAs of each key generation g with @gens[g] set (gen 0
 * if none is), the main policies. Appends to the arrays; -1 on ENOMEM.
 */
int xobj_tunnel(const struct tunnel *t, const bool *gens,
		struct xsa **sa, size_t *nsa, size_t *capsa,
		struct xsp **sp, size_t *nsp, size_t *capsp);

#endif /* _SEGCTL_XFRM_OBJ_H */
