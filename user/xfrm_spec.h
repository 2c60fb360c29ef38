/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tunnel's specification: what "segctl tunnel add NAME ..." and a
 * [tunnel NAME] section of segctl.conf say, parsed by one grammar
 * (Documentation/ipsec.rst). Pure: no netlink, no files.
 *
 *   peer ADDR local ADDR [subnets LOCAL=REMOTE ...]
 *   [mode tunnel|transport] [aead ALG | enc ALG auth ALG]
 *   keyfile PATH [spi-in N spi-out N]
 *   [lifetime SECONDS[/SOFT]] [lifebytes BYTES[/SOFT]] [required] [za]
 */
#ifndef _SEGCTL_XFRM_SPEC_H
#define _SEGCTL_XFRM_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "imsseg_prefix.h"
#include "xfrm_alg.h"

#define TNAME_MAX	31	/* characters of a tunnel name */
#define TSEL_MAX	8	/* subnet pairs per tunnel */
#define TPATH_MAX	240

/* One protected pair: traffic between @local and @remote. */
struct tsel {
	struct imsseg_prefix local, remote;
};

struct tspec {
	char name[TNAME_MAX + 1];
	struct imsseg_prefix peer, local;	/* outer addresses */
	struct tsel sel[TSEL_MAX];
	unsigned int nsel;		/* 0: local <-> peer only */
	bool transport;			/* mode transport (default tunnel) */
	struct xalgs alg;
	char keyfile[TPATH_MAX];
	uint32_t spi_in, spi_out;	/* 0: from the key file */
	uint64_t life_s, life_soft_s;	/* 0: no time limit */
	uint64_t bytes, bytes_soft;	/* 0: no byte limit */
	bool required;			/* block policies: never in clear */
	bool za;			/* TS 33.210 Za peer: see tspec_finish */
	uint32_t seen;			/* keywords given, for duplicates */
};

/* An error: a sentence, and the offending token ("" if none). */
struct terr {
	char msg[320];
	char tok[128];
};

/* "MSG (token 'TOK')" or "MSG" into @buf. */
const char *terr_str(const struct terr *e, char *buf, size_t len);

int tspec_check_name(const char *name, struct terr *e);

void tspec_init(struct tspec *t, const char *name);

/*
 * One keyword and its values. @config: a segctl.conf line (flags take
 * yes/no; subnets may be several words) rather than command-line words.
 */
int tspec_key(struct tspec *t, const char *key, char **val, int nval,
	      bool config, struct terr *e);

/* Command-line words after "tunnel add NAME". */
int tspec_parse_args(struct tspec *t, int argc, char **argv, struct terr *e);

/* Checks that the spec is complete and consistent; fills defaults. */
int tspec_finish(struct tspec *t, struct terr *e);

/* The canonical words of @t (without the name), for the state file. */
int tspec_format(const struct tspec *t, char *buf, size_t len);

/* Same configuration (name excluded)? */
bool tspec_same(const struct tspec *a, const struct tspec *b);

/*
 * The protected pairs of @t: its subnets, or local <-> peer when it has
 * none. Returns the number written to @out (at most TSEL_MAX).
 */
unsigned int tspec_selectors(const struct tspec *t, struct tsel *out);

/* Do two pairs cover a common packet (same family, both sides meet)? */
bool tsel_overlap(const struct tsel *a, const struct tsel *b);

/* "10.1.0.0/16=10.2.0.0/16" into @buf of TSEL_STRLEN bytes */
#define TSEL_STRLEN	(2 * IMSSEG_PREFIX_STRLEN)
void tsel_format(const struct tsel *s, char *buf, size_t len);

#endif /* _SEGCTL_XFRM_SPEC_H */
