/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to the SIP brain (sipguard.c, sg_*.c): the state it keeps and
 * the helpers its files share. Nothing here is API; user/sipguard.h is.
 *
 * State (Documentation/sip-attacks.rst, "State"):
 *  - transactions: INVITE (initial and re-INVITE) and REGISTER
 *    requests seen, keyed by Call-ID, CSeq, method and top Via branch;
 *  - dialogs: Call-ID and the two tags, with each party's transport
 *    address, side, IPsec tunnel, last CSeq and media (SDP);
 *  - registrations: AOR -> bindings learned from the core's 200 OK,
 *    each with the source (address, tunnel) of its REGISTER;
 *  - sources: per source address, the Via-reflection token bucket and
 *    the count of refused REGISTERs (hijack attempts).
 * Every table is bounded (a cap each, eviction counted) and has timers.
 */
#ifndef _SEGCTL_SG_INT_H
#define _SEGCTL_SG_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "imsseg_bucket.h"
#include "imsseg_prefix.h"
#include "sipguard.h"

/* ---- sg_table.c: bounded hash tables with age/LRU lists ---- */

/* Entries embed this first. */
struct sg_node {
	struct sg_node *hnext;		/* hash chain */
	struct sg_node *prev, *next;	/* age list of its class */
	uint64_t hash;
	uint64_t deadline_ms;		/* expires when now >= deadline */
	uint8_t cls;			/* eviction class, 0 goes first */
};

#define SG_TAB_CLASSES	2

struct sg_tab {
	struct sg_node **b;
	uint32_t mask;			/* buckets - 1 */
	uint32_t n, cap;
	struct sg_node age[SG_TAB_CLASSES];	/* list heads: oldest first */
	uint64_t evicted, expired;
	void (*destroy)(struct sg_node *n);
};

int sgt_init(struct sg_tab *t, uint32_t cap, void (*destroy)(struct sg_node *));
void sgt_free(struct sg_tab *t);
/* New cap: buckets grown if needed, entries over it evicted (counted). */
int sgt_set_cap(struct sg_tab *t, uint32_t cap);
/* Inserts @n (hash and class set by the caller); evicts when full. */
void sgt_insert(struct sg_tab *t, struct sg_node *n);
/* Removes and destroys @n; counts it as expired if @expired. */
void sgt_delete(struct sg_tab *t, struct sg_node *n, bool expired);
/* Moves @n to the young end of class @cls. */
void sgt_touch(struct sg_tab *t, struct sg_node *n, uint8_t cls);
/* First node of @hash's chain (compare n->hash, then the key). */
struct sg_node *sgt_chain(const struct sg_tab *t, uint64_t hash);
/* Deletes every node whose deadline is reached. */
void sgt_expire(struct sg_tab *t, uint64_t now_ms);
/* Calls @fn for each node, oldest first (class 1 then 0). */
void sgt_walk(const struct sg_tab *t, void (*fn)(const struct sg_node *n,
						void *arg), void *arg);

/* Keyed SipHash-2-4 of @len bytes, seeded per struct sg. */
uint64_t sg_siphash(const uint8_t key[16], const void *data, size_t len);

/* ---- the entries ---- */

/* Where a party or a source was seen. */
struct sg_peer {
	uint8_t family;			/* 0: unknown */
	uint8_t side;			/* enum sg_side */
	uint8_t l4;
	bool secure;
	uint8_t addr[16];
	uint16_t port;			/* source port of its messages */
	uint16_t port2;			/* port it was reached at, 0: none */
	uint32_t ifindex;
	uint32_t tunnel;
};

/* A transaction: an INVITE or REGISTER seen, until its timer runs out. */
struct sg_txn {
	struct sg_node node;
	uint8_t method;			/* SIPM_INVITE or SIPM_REGISTER */
	uint8_t final;			/* 0, or the class of the final (2..6) */
	bool in_dialog;			/* re-INVITE (the request had a To tag) */
	bool auth;			/* the request had credentials */
	bool has_sdp;
	bool ended;			/* a BYE ended its dialog: a late 2xx
					 * retransmission does not revive it */
	uint32_t cseq;
	struct sg_peer src;		/* who sent the request */
	struct sg_peer dst;		/* where it went (addr, port, tunnel) */
	struct sip_sdp sdp;		/* the offer in the request */
	uint64_t created_ms;
	char *call_id, *from_tag, *branch, *aor;
	char s[];			/* the strings */
};

/* One side of a dialog: the owner of the From tag (caller) or To tag. */
struct sg_party {
	struct sg_peer at;
	bool cseq_set, has_sdp;
	uint32_t cseq;			/* last CSeq of its requests */
	struct sip_sdp sdp;
	char *tag;
};

enum { SG_CALLER, SG_CALLEE };

struct sg_dialog {
	struct sg_node node;
	bool confirmed;			/* a 2xx was seen */
	struct sg_party p[2];
	uint64_t created_ms, last_ms;
	char *call_id, *from, *to;	/* from/to: the URIs, for display */
	char s[];
};

struct sg_binding {
	char *uri;			/* the Contact URI (sip:user@host:port) */
	uint64_t expires_ms;
	struct sg_peer src;		/* source of the REGISTER that made it */
	bool auth;			/* that REGISTER had credentials */
};

struct sg_reg {
	struct sg_node node;
	uint8_t n;
	struct sg_binding b[SIPMSG_CONTACT_MAX];
	uint64_t updated_ms;
	char aor[];			/* "sip:user@host" */
};

/* Per source address: reflection bucket and refused REGISTERs. */
struct sg_src {
	struct sg_node node;
	uint8_t family;
	uint8_t addr[16];
	struct imsseg_bucket bucket;
	uint32_t hijacks;		/* refused REGISTERs since the last ban */
	uint64_t last_ms;
	uint64_t banned_until;		/* a ban was asked for until then */
};

/* Redirect allow list, parsed from sg_config.redirect_allow. */
struct sg_allow {
	bool cidr;
	struct imsseg_prefix p;
	const char *dom;		/* lower case; ".x" matches subdomains */
};

struct sg {
	struct sg_config c;
	sg_tunnel_of_fn tunnel_of;
	void *arg;
	uint8_t key[16];		/* hash seed */
	struct sg_tab txns, dialogs, regs, srcs;
	struct imsseg_bucket_cfg reflect;
	struct sg_allow allow[16];
	uint8_t n_allow;
	struct sg_stats st;
	struct sipmsg m;		/* the message being judged */
	uint8_t *out;			/* SG_ACCEPT_MODIFIED payload */
	size_t out_cap;
	struct sipmsg check;		/* the rewritten top Via, parsed back */
};

/* Per-Call-ID limits (forking, retransmission with new branches). */
#define SG_TXN_PER_CALL		8
#define SG_DIALOG_PER_CALL	16

/* ---- sg_state.c: lookups, inserts, learning helpers ---- */

/* The packet, for the helpers. */
struct sg_ctx {
	struct sg *g;
	const struct sg_pkt *p;
	const struct sipmsg *m;
	struct sg_verdict *v;
	const uint8_t *buf;
	size_t len;
	uint64_t now;
	/* found by the checks, for the learning step */
	struct sg_dialog *d;
	int who;			/* SG_CALLER/SG_CALLEE: the sender */
	struct sg_txn *t;
	bool txn_looked_up;
};

int sg_tables_init(struct sg *g);
void sg_tables_free(struct sg *g);
uint64_t sg_hash_str(const struct sg *g, const char *s);
/* A key string that may have been cut (its field's size - 1 long). */
bool sg_key_cut(const char *s, size_t size);

void sg_peer_from_pkt(struct sg_peer *a, const struct sg_pkt *p);
/* Same family and address (port not compared). */
bool sg_peer_same_addr(const struct sg_peer *a, uint8_t family,
		       const uint8_t *addr);
/* "192.0.2.1:5060", "[2001:db8::1]:5060"; "?" if unknown. */
void sg_fmt_addr(char *buf, size_t size, uint8_t family, const uint8_t *addr,
		 uint16_t port);
void sg_fmt_peer(char *buf, size_t size, const struct sg_peer *a);
/* "192.0.2.1 20000,20002" */
void sg_fmt_sdp(char *buf, size_t size, const struct sip_sdp *s);
bool sg_sdp_equal(const struct sip_sdp *a, const struct sip_sdp *b);
/* IP literal host ("192.0.2.1", "[2001:db8::1]", "2001:db8::1")? */
bool sg_host_ip(const char *host, uint8_t *family, uint8_t addr[16]);
/* "sip:user@host" of a URI, host lower case; false if unusable. */
bool sg_uri_aor(const struct sip_uri *u, char *buf, size_t size);
/* "sip:user@host:port" of a Contact URI. */
bool sg_uri_contact(const struct sip_uri *u, char *buf, size_t size);

struct sg_txn *sg_txn_find(struct sg *g, const char *call_id, uint32_t cseq,
			   uint8_t method, const char *branch, uint64_t now);
/* Marks the INVITEs of a dialog (@call_id, caller tag @tag) ended. */
void sg_txn_dialog_ended(struct sg *g, const char *call_id, const char *tag);
/* Is any INVITE transaction of @call_id known? */
bool sg_txn_call_known(struct sg *g, const char *call_id, uint64_t now);
struct sg_txn *sg_txn_add(struct sg_ctx *x);
/*
 * (Re)arms a transaction's timer from @now: an INVITE without a final
 * answer max(64*T1, early_dialog_s) (like Timer C), anything else 64*T1
 * (Timer F; after a final answer: its retransmissions and the ACK).
 */
void sg_txn_timer(struct sg *g, struct sg_txn *t, uint64_t now);

struct sg_dialog *sg_dialog_find(struct sg *g, const char *call_id,
				 const char *tag1, const char *tag2,
				 uint64_t now);
struct sg_dialog *sg_dialog_add(struct sg *g, const char *call_id,
				const char *caller_tag, const char *callee_tag,
				const char *from, const char *to, uint64_t now);
void sg_dialog_delete(struct sg *g, struct sg_dialog *d);
/* Removes the early dialogs of @call_id whose caller tag is @tag. */
void sg_dialog_drop_early(struct sg *g, const char *call_id,
			  const char *tag);
void sg_dialog_touch(struct sg *g, struct sg_dialog *d, uint64_t now);

struct sg_reg *sg_reg_find(struct sg *g, const char *aor, uint64_t now);
struct sg_reg *sg_reg_get(struct sg *g, const char *aor, uint64_t now);
void sg_reg_delete(struct sg *g, struct sg_reg *r);
/* Recomputes the deadline from the bindings; deletes @r if none left. */
bool sg_reg_update(struct sg *g, struct sg_reg *r, uint64_t now);

struct sg_src *sg_src_get(struct sg *g, uint8_t family, const uint8_t *addr,
			  uint64_t now);
void sg_src_touch(struct sg *g, struct sg_src *s, uint64_t now);
/*
 * Asks the kernel to ban @s's address (reason @why) unless a ban asked
 * for earlier still runs: one request per ban, not one per packet.
 */
void sg_src_ban(struct sg_ctx *x, struct sg_src *s, const char *why);

/* ---- sg_checks.c: the attack checks, one function per attack ---- */

/* Each returns true when it decided the verdict (v filled). */
bool sg_check_insecure(struct sg_ctx *x);
bool sg_check_tls_hops(struct sg_ctx *x);
/* Reflection: 0 none, 1 rewrite needed, -1 decided (rate: dropped). */
int sg_check_reflect(struct sg_ctx *x);
bool sg_check_cancel(struct sg_ctx *x);
bool sg_check_register(struct sg_ctx *x);
bool sg_check_in_dialog(struct sg_ctx *x);
bool sg_check_response(struct sg_ctx *x);
/*
 * Does the packet come from where @a was seen? *@tunnel: no, because
 * @a is bound to a tunnel the packet did not come through.
 */
bool sg_peer_match(const struct sg_peer *a, const struct sg_pkt *p,
		   bool *tunnel);
/* The response's transaction (looked up once per packet). */
struct sg_txn *sg_resp_txn(struct sg_ctx *x);
/* SG_ACCEPT_MODIFIED with the top Via rewritten (or a drop). */
void sg_rewrite_via(struct sg_ctx *x);

/* ---- sg_learn.c: state from accepted messages ---- */
void sg_learn_request(struct sg_ctx *x);
void sg_learn_response(struct sg_ctx *x);

/* ---- verdict helpers (sipguard.c) ---- */
void sg_set(struct sg_ctx *x, uint8_t action, uint8_t reason,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Appends " text" to the detail. */
void sg_add_detail(struct sg_ctx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sg_add_kop(struct sg_ctx *x, uint8_t type, uint8_t family,
		const uint8_t *addr, uint32_t ttl, const char *reason);
/* SG_REPLY with @status (494, 403) and an extra header line. */
void sg_reply(struct sg_ctx *x, uint8_t reason, uint16_t status,
	      const char *phrase, const char *hdr);

/* ---- sg_config.c ---- */
/* Parses c->redirect_allow into g->allow; 0 or -1 (bad entry). */
int sg_allow_load(struct sg *g);
bool sg_allow_match(const struct sg *g, const char *host);

#endif /* _SEGCTL_SG_INT_H */
