/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SIP brain of segctl run (pure: no sockets, no clock, no threads;
 * time comes in with each packet). sg_process() takes one punted packet
 * (its metadata and SIP bytes), checks it against bounded transaction,
 * dialog and registration state, learns from it, and returns a verdict:
 * accept, accept a modified payload, drop, or drop and answer with a
 * SIP response; plus at most SG_KOPS_MAX requests for the kernel (ban a
 * source, trust or untrust an address). Documentation/sip-attacks.rst
 * has one section per reason below, the order of the checks and the
 * [sip] configuration keys.
 *
 * One struct sg per NFQUEUE thread is NOT the model: one struct sg is
 * shared and the caller serialises calls (a mutex), because a dialog's
 * two directions may arrive on different queues.
 */
#ifndef _SEGCTL_SIPGUARD_H
#define _SEGCTL_SIPGUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "json.h"
#include "sipmsg.h"

/* Where the packet came in (the interface role, from the kernel). */
enum sg_side {
	SG_SIDE_UNTRUSTED,	/* the Internet: checked */
	SG_SIDE_TRUSTED,	/* the IMS core: learned from, never dropped */
	SG_SIDE_ZA,		/* a peer SEG's link (through IPsec): checked */
};

/* Punted packet facts, from the NFQUEUE message and the queue number. */
struct sg_pkt {
	uint8_t family;		/* IMSSEG_FAMILY_V4 / _V6 (imsseg_pure.h) */
	uint8_t l4;		/* IPPROTO_UDP or IPPROTO_TCP */
	uint8_t side;		/* enum sg_side */
	bool secure;		/* arrived through IPsec (had a secpath) */
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	uint32_t ifindex;
	uint32_t tunnel;	/* owning tunnel id when secure, 0 if none */
	uint64_t now_ms;	/* CLOCK_MONOTONIC */
};

/* Why: every verdict has one; each has a counter and a JSON event. */
enum sg_reason {
	SG_R_OK,		/* accepted, nothing learned */
	SG_R_LEARNED,		/* accepted, state created or updated */
	SG_R_PARSE,		/* sofia-sip refused it: drop */
	SG_R_LINT,		/* RFC 4475-invalid, sofia-sip took it: drop */
	SG_R_BYE_SPOOF,		/* BYE not from the dialog party (4.2a) */
	SG_R_BYE_CSEQ,		/* BYE CSeq not above that side's last */
	SG_R_CANCEL_SPOOF,	/* CANCEL without matching INVITE txn (4.2c) */
	SG_R_INDIALOG_SPOOF,	/* re-INVITE/UPDATE/... not from the party */
	SG_R_MEDIA_HIJACK,	/* SDP change not from the party (4.1a/4.2b) */
	SG_R_REDIRECT_UNSOLICITED, /* 3xx with no INVITE sent that way */
	SG_R_REDIRECT_TARGET,	/* 3xx Contact outside redirect_allow */
	SG_R_USE_PROXY,		/* 305 from the untrusted side (4.1c) */
	SG_R_VIA_REFLECT,	/* top Via != source: Via rewritten (accept) */
	SG_R_VIA_REFLECT_RATE,	/* too many per target/source: drop, ban */
	SG_R_REG_HIJACK,	/* REGISTER touching others' bindings (4.3a) */
	SG_R_TUNNEL_BINDING,	/* contact/dialog outside the owning tunnel */
	SG_R_INSECURE,		/* unsecured request: 494 sent (5.2.2) */
	SG_R_TLS_HOPS,		/* sips:/protected, a non-TLS Via: 403 sent */
	SG_R_RESPONSE_SPOOF,	/* response to a known transaction, not from
				 * where its request went
				 */
	SG_R_COUNT
};

/* "bye_spoof", ... (the counter and event names); NULL if out of range */
const char *sg_reason_name(unsigned int r);

enum sg_action {
	SG_ACCEPT,
	SG_ACCEPT_MODIFIED,	/* accept v->payload instead */
	SG_DROP,
	SG_REPLY,		/* drop, and send v->reply to the source */
};

enum sg_kop_type { SG_KOP_BAN, SG_KOP_TRUST, SG_KOP_UNTRUST };

/* A request for the kernel (generic netlink, imsseg lists). */
struct sg_kop {
	uint8_t type;		/* enum sg_kop_type */
	uint8_t family;
	uint8_t addr[16];	/* host address (/32 or /128) */
	uint32_t ttl;		/* seconds; 0: no expiry (TRUST) */
	char reason[64];	/* IMSSEG_REASON_LEN */
};

#define SG_KOPS_MAX	2
#define SG_REPLY_MAX	4096
#define SG_DETAIL_MAX	384

struct sg_verdict {
	uint8_t action;		/* enum sg_action */
	uint8_t reason;		/* enum sg_reason */
	uint16_t reply_status;	/* SG_REPLY: 494, 403, ... */
	size_t reply_len;
	char reply[SG_REPLY_MAX];	/* SG_REPLY: the whole response */
	/* SG_ACCEPT_MODIFIED: the new SIP bytes (owned by the sg, valid
	 * until the next sg_process call) */
	const uint8_t *payload;
	size_t payload_len;
	uint8_t n_kops;
	struct sg_kop kops[SG_KOPS_MAX];
	/* for the JSON event: "key=value ..." free text, e.g.
	 * "call_id=... party=192.0.2.7:5060 got=198.51.100.9:5060" */
	char detail[SG_DETAIL_MAX];
};

/* Limits and policy; the [sip] section of segctl.conf. */
struct sg_config {
	uint32_t max_transactions;	/* default 65536 */
	uint32_t max_dialogs;		/* default 65536 */
	uint32_t max_registrations;	/* default 65536 */
	uint32_t t1_ms;			/* RFC 3261 T1, default 500:
					 * Timer B/F = 64*T1 */
	uint32_t dialog_idle_s;		/* confirmed dialog idle expiry, 7200 */
	uint32_t early_dialog_s;	/* early dialog (no 2xx) expiry, 180 */
	uint32_t reg_max_expires;	/* cap on a learned binding, 7200 */
	/* 3xx Contacts allowed: domains (exact or ".suffix") and CIDRs */
	char redirect_allow[16][SIPMSG_HOST_MAX];
	uint8_t n_redirect_allow;
	uint32_t reflect_pps;		/* Via-mismatch requests/s per source */
	uint32_t reflect_burst;
	uint32_t hijack_ban_after;	/* refused REGISTERs before a ban, 3 */
	uint32_t ban_ttl;		/* seconds, default 600 */
	bool answer_insecure;		/* 494 to unsecured requests, yes */
	char security_server[128];	/* "tls;q=0.2, ipsec-3gpp;q=0.1" */
	bool tls_hops;			/* check every Via is TLS, yes */
	bool trust_registered;		/* TRUST a source after an
					 * authenticated 200 OK, yes */
	uint32_t max_sources;		/* per-source records (reflection
					 * bucket, hijack count), 65536 */
	bool require_secure;		/* refuse plain requests from the
					 * untrusted side (494 or drop), yes */
};

void sg_config_defaults(struct sg_config *c);

/*
 * One "key = value" of the [sip] section: validated, @c changed only
 * on success; on error @e names the key or the bad token.
 */
int sg_config_set(struct sg_config *c, const char *key, char *value,
		  struct conf_err *e);

/*
 * Which tunnel owns the inner address @addr? The daemon answers from
 * its tunnel table (remote selectors); 0 if none. Lets the checks bind
 * a REGISTER through tunnel X to X's inner addresses (#6).
 */
typedef uint32_t (*sg_tunnel_of_fn)(void *arg, uint8_t family,
				    const void *addr);

struct sg;

struct sg *sg_new(const struct sg_config *c, sg_tunnel_of_fn tunnel_of,
		  void *arg);
void sg_free(struct sg *g);

/* New limits and policy; the state is kept (trimmed if over new caps). */
void sg_reconfigure(struct sg *g, const struct sg_config *c);

/* The decision for one packet; @buf/@len are its SIP bytes (L4 payload). */
void sg_process(struct sg *g, const struct sg_pkt *p, const uint8_t *buf,
		size_t len, struct sg_verdict *v);

/* Runs the timers (transaction, dialog, registration expiry). */
void sg_expire(struct sg *g, uint64_t now_ms);

/* Counters: per reason, and per table. */
struct sg_stats {
	uint64_t reason[SG_R_COUNT];
	uint64_t packets;
	uint32_t transactions, dialogs, registrations;	/* now */
	uint64_t txn_evicted, dialog_evicted, reg_evicted; /* cap reached */
	uint64_t txn_expired, dialog_expired, reg_expired; /* timers */
	uint32_t sources;		/* per-source records now */
	uint64_t src_evicted, src_expired;
};
void sg_stats(const struct sg *g, struct sg_stats *s);

/* For "segctl dialogs -j" / "registrations -j": an array of objects. */
void sg_dialogs_json(const struct sg *g, struct json *j, uint64_t now_ms);
void sg_registrations_json(const struct sg *g, struct json *j,
			   uint64_t now_ms);

#endif /* _SEGCTL_SIPGUARD_H */
