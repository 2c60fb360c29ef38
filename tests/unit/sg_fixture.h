/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixtures for the SIP brain's unit tests (test_sipguard_*.c): real SIP
 * text built from a few fields (Content-Length computed), packets from
 * the lab's addresses, and a run() that feeds one message through
 * sg_process() and keeps the verdict.
 *
 * The lab: the UE 10.0.1.2 (untrusted side, port 5060), a second UE
 * 10.0.1.3, the attacker 10.0.3.2, the IMS core 10.0.2.2 (trusted).
 */
#ifndef _SG_FIXTURE_H
#define _SG_FIXTURE_H

#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imsseg_prefix.h"
#include "sipguard.h"
#include "unit.h"

#define UE	"10.0.1.2"
#define UE2	"10.0.1.3"
#define ATK	"10.0.3.2"
#define CORE	"10.0.2.2"

/* One SIP message; unset strings are left out or defaulted. */
struct fx {
	const char *method;	/* NULL: a response */
	unsigned int status;
	const char *phrase;
	const char *ruri;	/* default sip:bob@ims.test */
	const char *via;	/* Via value(s); default UE's */
	const char *from, *ftag;	/* user part; default alice */
	const char *to, *ttag;		/* default bob */
	const char *cid;	/* default "call1@ue" */
	unsigned int cseq;	/* default 1 */
	const char *cmethod;	/* CSeq method; default method or INVITE */
	const char *contact;	/* Contact value(s) */
	const char *extra;	/* more header lines, CRLF-separated */
	const char *conn;	/* SDP c= address: adds a body */
	unsigned int port;	/* SDP m=audio port */
};

static char fx_buf[8192];
static size_t fx_len;

/* Default Via: the sender's for a request, alice's INVITE's otherwise. */
static char fx_via[128];

static inline const char *fx_build(const struct fx *f)
{
	char body[512] = "";
	size_t n;

	if (f->conn)
		snprintf(body, sizeof(body),
			 "v=0\r\no=- 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\n"
			 "t=0 0\r\nm=audio %u RTP/AVP 0\r\n", f->conn, f->conn,
			 f->port ? f->port : 20000);
	if (f->method)
		n = snprintf(fx_buf, sizeof(fx_buf), "%s %s SIP/2.0\r\n",
			     f->method, f->ruri ? f->ruri : "sip:bob@ims.test");
	else
		n = snprintf(fx_buf, sizeof(fx_buf), "SIP/2.0 %u %s\r\n",
			     f->status, f->phrase ? f->phrase : "Whatever");
	n += snprintf(fx_buf + n, sizeof(fx_buf) - n,
		      "Via: %s\r\n"
		      "Max-Forwards: 70\r\n"
		      "From: <sip:%s@ims.test>;tag=%s\r\n"
		      "To: <sip:%s@ims.test>%s%s\r\n"
		      "Call-ID: %s\r\n"
		      "CSeq: %u %s\r\n",
		      f->via ? f->via : f->method && fx_via[0] ? fx_via :
		      "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKinv1",
		      f->from ? f->from : "alice", f->ftag ? f->ftag : "atag",
		      f->to ? f->to : "bob", f->ttag ? ";tag=" : "",
		      f->ttag ? f->ttag : "", f->cid ? f->cid : "call1@ue",
		      f->cseq ? f->cseq : 1,
		      f->cmethod ? f->cmethod : f->method ? f->method : "INVITE");
	if (f->contact)
		n += snprintf(fx_buf + n, sizeof(fx_buf) - n,
			      "Contact: %s\r\n", f->contact);
	if (f->extra)
		n += snprintf(fx_buf + n, sizeof(fx_buf) - n, "%s\r\n",
			      f->extra);
	if (body[0])
		n += snprintf(fx_buf + n, sizeof(fx_buf) - n,
			      "Content-Type: application/sdp\r\n");
	n += snprintf(fx_buf + n, sizeof(fx_buf) - n,
		      "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
	fx_len = n;
	return fx_buf;
}

/* Where a packet comes from / goes to. */
struct where {
	const char *src;
	uint16_t sport;
	const char *dst;
	uint16_t dport;
	uint8_t side;
	bool secure;
	uint32_t tunnel;
	uint8_t l4;		/* 0: UDP */
};

static uint64_t fx_now = 1000000;
static struct sg_verdict fx_v;

static inline void fx_addr(const char *s, uint8_t *family, uint8_t a[16])
{
	struct imsseg_prefix p;

	memset(a, 0, 16);
	if (imsseg_prefix_parse(&p, s, strlen(s), 0)) {
		printf("# bad fixture address %s\n", s);
		abort();
	}
	*family = p.family;
	memcpy(a, p.addr, 16);
}

static inline void fx_pkt(struct sg_pkt *p, const struct where *w)
{
	uint8_t fam;

	memset(p, 0, sizeof(*p));
	fx_addr(w->src, &p->family, p->src);
	fx_addr(w->dst, &fam, p->dst);
	p->sport = w->sport ? w->sport : 5060;
	p->dport = w->dport ? w->dport : 5060;
	p->side = w->side;
	p->secure = w->secure;
	p->tunnel = w->tunnel;
	p->l4 = w->l4 ? w->l4 : IPPROTO_UDP;
	p->ifindex = 0;
	p->now_ms = fx_now;
}

/* Feeds @f from @w; returns the reason, the verdict stays in fx_v. */
static inline int run(struct sg *g, const struct where *w, const struct fx *f)
{
	struct sg_pkt p;

	snprintf(fx_via, sizeof(fx_via),
		 strchr(w->src, ':') ? "SIP/2.0/UDP [%s]:%u;branch=z9hG4bKinv1" :
		 "SIP/2.0/UDP %s:%u;branch=z9hG4bKinv1", w->src,
		 w->sport ? w->sport : 5060);
	fx_build(f);
	fx_via[0] = 0;
	fx_pkt(&p, w);
	memset(&fx_v, 0xa5, sizeof(fx_v));
	sg_process(g, &p, (const uint8_t *)fx_buf, fx_len, &fx_v);
	if (getenv("SG_VERBOSE"))
		printf("#   %s -> action %u reason %s: %s\n",
		       f->method ? f->method : "response", fx_v.action,
		       sg_reason_name(fx_v.reason), fx_v.detail);
	return fx_v.reason;
}

/* The usual places. */
static const struct where from_ue = { UE, 5060, CORE, 5060,
				      SG_SIDE_UNTRUSTED, true, 0, 0 };
static const struct where from_ue2 = { UE2, 5060, CORE, 5060,
				       SG_SIDE_UNTRUSTED, true, 0, 0 };
static const struct where from_atk = { ATK, 5060, CORE, 5060,
				       SG_SIDE_UNTRUSTED, true, 0, 0 };
static const struct where core_to_ue = { CORE, 5060, UE, 5060,
					 SG_SIDE_TRUSTED, false, 0, 0 };
static const struct where core_to_ue2 = { CORE, 5060, UE2, 5060,
					  SG_SIDE_TRUSTED, false, 0, 0 };

/* Accepted (plain or modified) and not dropped. */
#define CHECK_PASS(r) do {						\
	int _r = (r);							\
	CHECK(_r == SG_R_OK || _r == SG_R_LEARNED ||			\
	      _r == SG_R_VIA_REFLECT);					\
	CHECK(fx_v.action == SG_ACCEPT ||				\
	      fx_v.action == SG_ACCEPT_MODIFIED);			\
	if (_r != SG_R_OK && _r != SG_R_LEARNED && _r != SG_R_VIA_REFLECT) \
		printf("#   refused: %s: %s\n", sg_reason_name(_r),	\
		       fx_v.detail);					\
} while (0)

/* Refused with exactly @reason, and not accepted. */
#define CHECK_DROP(r, reason) do {					\
	int _r = (r);							\
	CHECK_STR(sg_reason_name(_r), sg_reason_name(reason));		\
	CHECK(fx_v.action == SG_DROP || fx_v.action == SG_REPLY);	\
} while (0)

static inline struct sg *fx_sg(struct sg_config *c)
{
	struct sg_config def;

	if (!c) {
		sg_config_defaults(&def);
		c = &def;
	}
	return sg_new(c, NULL, NULL);
}

static inline uint64_t fx_count(struct sg *g, int reason)
{
	struct sg_stats s;

	sg_stats(g, &s);
	return s.reason[reason];
}

#endif /* _SG_FIXTURE_H */
