/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SIP fast-path decision (pure: kernel module and host). Given the
 * scanner's result for one message and a few facts about the packet,
 * imsseg_sip_classify() says whether the kernel accepts it, drops it (and
 * why) or punts it to user space over NFQUEUE (and in which class), and
 * which per-source method bucket a request is charged to. The rate check
 * itself needs the per-source table and is done by the caller
 * (imsseg_sip.c), before the scan, on imsseg_sip_rate_peek(). See
 * Documentation/design.rst, "SIP fast path", for the decision table.
 */
#ifndef _IMSSEG_SIPCLASS_H
#define _IMSSEG_SIPCLASS_H

#include "imsseg_pure.h"
#include "imsseg_sipscan.h"

/*
 * Punt classes: bits of the punt/classes mask, names in sysfs, read back
 * in this order. The priority among them is imsseg_punt_order[] in
 * imsseg_sipclass.c.
 */
enum imsseg_punt {
	IMSSEG_PUNT_BYE,
	IMSSEG_PUNT_CANCEL,
	IMSSEG_PUNT_IN_DIALOG,
	IMSSEG_PUNT_REGISTER,
	IMSSEG_PUNT_REDIRECT,
	IMSSEG_PUNT_USE_PROXY,
	IMSSEG_PUNT_VIA_MISMATCH,
	IMSSEG_PUNT_INSECURE,
	IMSSEG_PUNT_UNSURE,
	IMSSEG_PUNT_DIALOG,
	IMSSEG_PUNT_ALL,
	IMSSEG_PUNT_COUNT
};

#define IMSSEG_PUNT_BIT(c)	(1U << (c))
#define IMSSEG_PUNT_MASK_ALL	(IMSSEG_PUNT_BIT(IMSSEG_PUNT_COUNT) - 1)
/* Default punt/classes: every class but "all". */
#define IMSSEG_PUNT_DEFAULT	(IMSSEG_PUNT_MASK_ALL & \
				 ~IMSSEG_PUNT_BIT(IMSSEG_PUNT_ALL))

enum imsseg_sip_action {
	IMSSEG_SIPA_ACCEPT,
	IMSSEG_SIPA_DROP,
	IMSSEG_SIPA_PUNT,
};

/* Why: for ACCEPT and DROP (for PUNT see decision.punt). */
enum imsseg_sip_reason {
	IMSSEG_SIPR_ACCEPT,
	IMSSEG_SIPR_KEEPALIVE,
	IMSSEG_SIPR_NOT_SIP,
	IMSSEG_SIPR_BAD_VERSION,
	IMSSEG_SIPR_MALFORMED,
	IMSSEG_SIPR_CONTENT_LENGTH,
	IMSSEG_SIPR_MISSING_HEADER,
	IMSSEG_SIPR_TRUNCATED,
	IMSSEG_SIPR_MAX_FORWARDS,
	IMSSEG_SIPR_UA,
	IMSSEG_SIPR_COUNT
};

/* Per-source method buckets (requests); NONE for responses etc. */
enum imsseg_sip_rate {
	IMSSEG_SIP_RATE_INVITE,
	IMSSEG_SIP_RATE_REGISTER,
	IMSSEG_SIP_RATE_OPTIONS,
	IMSSEG_SIP_RATE_OTHER,
	IMSSEG_SIP_RATE_NONE,
};

/* User-Agent deny list: NUL-terminated substrings. */
#define IMSSEG_SIP_UA_MAX	8
#define IMSSEG_SIP_UA_LEN	64	/* per entry, with the NUL */

/* What the caller knows about the packet and the policy. */
struct imsseg_sip_ctx {
	const u8 *saddr;	/* 4 or 16 bytes */
	u8 family;		/* IMSSEG_FAMILY_V4 or _V6 */
	bool tcp;		/* stream: more bytes may follow */
	bool secure;		/* arrived through IPsec (has a secpath) */
	bool require_secure;	/* sip/require_secure */
	u32 punt_mask;		/* IMSSEG_PUNT_BIT()s enabled */
	unsigned int n_ua;	/* entries in ua[] */
	const char (*ua)[IMSSEG_SIP_UA_LEN];
};

struct imsseg_sip_decision {
	u8 action;	/* enum imsseg_sip_action */
	u8 reason;	/* enum imsseg_sip_reason */
	u8 punt;	/* enum imsseg_punt if action is PUNT */
	u8 rate;	/* enum imsseg_sip_rate to charge (not for DROP) */
};

/*
 * Decide for the message @buf scanned into @info (imsseg_sip_scan()
 * already ran on it). Reads @buf only inside the spans of @info.
 */
void imsseg_sip_classify(const u8 *buf, const struct imsseg_sip_info *info,
			 const struct imsseg_sip_ctx *ctx,
			 struct imsseg_sip_decision *d);

/*
 * Does the top Via sent-by host differ from the source address, with no
 * rport/received telling the responder to use the source anyway? A
 * hostname never matches.
 */
bool imsseg_sip_via_mismatch(const u8 *buf,
			     const struct imsseg_sip_info *info,
			     u8 family, const u8 *saddr);

/*
 * Trusted-side learning (punt/learn): what the core says that segctl
 * needs to keep dialog and registration state. imsseg_sip_learn_
 * candidate() is the cheap pre-filter on the first bytes, before any
 * scan; imsseg_sip_learn() decides on the scanner's result.
 */
enum imsseg_sip_learn {
	IMSSEG_SIPL_SKIP,	/* not of interest: accept, uncounted */
	IMSSEG_SIPL_PUNT,	/* INVITE, BYE, final answer to INVITE or
				 * REGISTER: punt (never blocking)
				 */
	IMSSEG_SIPL_UNPARSED,	/* a candidate the scanner rejected or could
				 * not read far enough: accept, counted
				 */
};

/*
 * Could the message starting at @buf be learned? "INVITE ", "BYE ", or a
 * status line "SIP/2.0 " with a final (2xx-6xx) code. Reads at most the
 * first IMSSEG_SIP_LEARN_PREFIX bytes of @buf[0..@len).
 */
#define IMSSEG_SIP_LEARN_PREFIX	9
bool imsseg_sip_learn_candidate(const u8 *buf, u32 len);

/*
 * Learn decision for a scanned candidate. @tcp: a stream segment (a
 * message continuing in later segments is not an error).
 */
enum imsseg_sip_learn imsseg_sip_learn(const struct imsseg_sip_info *info,
				       bool tcp);

/*
 * The method bucket of the message at @buf[0..@len) from its first token
 * alone, before any scan: the token (after leading LWS, as the scanner
 * skips it) must be followed by SP/HTAB; NONE otherwise. For a message
 * that imsseg_sip_classify() gives a rate, it is that rate; it also
 * gives one to garbage that starts like a request ("HELLO WORLD").
 */
u8 imsseg_sip_rate_peek(const u8 *buf, u32 len);

/* Does a TCP segment start a SIP message ("SIP/2.0 " or METHOD SP)? */
bool imsseg_sip_starts_message(const u8 *buf, u32 len);

/* sysfs name of a punt class; NULL if out of range. */
const char *imsseg_punt_name(unsigned int c);

#endif /* _IMSSEG_SIPCLASS_H */
