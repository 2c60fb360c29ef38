// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for the SIP fast-path decision (kernel/imsseg_sipclass.c):
 * a table of messages, each scanned by the real scanner and classified
 * under a context, with the expected action, reason, punt class and
 * rate bucket; the pre-scan method bucket (imsseg_sip_rate_peek()); and
 * a table for the trusted-side learn decision (the prefix pre-filter and
 * imsseg_sip_learn()). Buffers are heap copies of
 * exactly the message, so ASan sees any read past it.
 */
#include <stdlib.h>

#include "unit.h"
#include "imsseg_prefix.h"
#include "imsseg_sipclass.h"
#include "imsseg_sipscan_cases.h"

#define A(x)	IMSSEG_SIPA_##x
#define R(x)	IMSSEG_SIPR_##x
#define P(x)	IMSSEG_PUNT_##x
#define RT(x)	IMSSEG_SIP_RATE_##x
#define NOP	IMSSEG_PUNT_COUNT

/* Headers after the Via line of a valid request from 192.0.2.1 */
#define HDRS(m, to)							\
	"Max-Forwards: 70\r\n"						\
	"From: <sip:a@example.com>;tag=1\r\n"				\
	"To: <sip:b@example.com>" to "\r\n"				\
	"Call-ID: c1@192.0.2.1\r\n"					\
	"CSeq: 1 " m "\r\n"						\
	"Content-Length: 0\r\n"

#define REQ(m, via, to, extra)						\
	m " sip:b@example.com SIP/2.0\r\n"				\
	"Via: SIP/2.0/UDP " via ";branch=z9hG4bK1\r\n"			\
	HDRS(m, to) extra "\r\n"

/* A response to a request of method m */
#define RESPM(code, m)							\
	"SIP/2.0 " code "\r\n"						\
	"Via: SIP/2.0/UDP 10.9.9.9;branch=z9hG4bK1\r\n"			\
	"From: <sip:a@example.com>;tag=1\r\n"				\
	"To: <sip:b@example.com>;tag=2\r\n"				\
	"Call-ID: c1@192.0.2.1\r\n"					\
	"CSeq: 1 " m "\r\n"						\
	"Content-Length: 0\r\n\r\n"

#define RESP(code)	RESPM(code, "INVITE")

/*
 * Context variants. C_V1: the default classes without "dialog" (those
 * of ABI 1), for cases about something else than dialog punts.
 */
enum { C_DEF, C_TCP, C_NONE, C_ALL, C_SECURE, C_UA, C_V6, C_INSEC, C_V1,
       C_NO3XX, C_DIALOG };

struct tcase {
	const char *name;
	const char *msg;
	int ctx;
	u8 action, reason, punt, rate;
};

static const struct tcase cases[] = {
	{ "invite clean, dialog off", REQ("INVITE", "192.0.2.1:5060", "", ""),
	  C_V1, A(ACCEPT), R(ACCEPT), NOP, RT(INVITE) },
	{ "options clean", REQ("OPTIONS", "192.0.2.1", "", ""), C_DEF,
	  A(ACCEPT), R(ACCEPT), NOP, RT(OPTIONS) },
	{ "message clean", REQ("MESSAGE", "192.0.2.1", "", ""), C_DEF,
	  A(ACCEPT), R(ACCEPT), NOP, RT(OTHER) },
	{ "keepalive", "\r\n\r\n", C_DEF, A(ACCEPT), R(KEEPALIVE), NOP,
	  RT(NONE) },
	{ "not sip", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", C_DEF, A(DROP),
	  R(NOT_SIP), NOP, RT(NONE) },
	{ "bad version", "INVITE sip:b@example.com SIP/3.0\r\n\r\n", C_DEF,
	  A(DROP), R(BAD_VERSION), NOP, RT(NONE) },
	{ "missing call-id",
	  "INVITE sip:b@example.com SIP/2.0\r\n"
	  "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
	  "Max-Forwards: 70\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>\r\n"
	  "CSeq: 1 INVITE\r\n\r\n", C_DEF,
	  A(DROP), R(MISSING_HEADER), NOP, RT(NONE) },
	{ "rfc2543 no max-forwards",
	  "INVITE sip:b@example.com SIP/2.0\r\n"
	  "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
	  "From: <sip:a@x>;tag=1\r\nTo: <sip:b@x>\r\nCall-ID: c\r\n"
	  "CSeq: 1 INVITE\r\n\r\n", C_DEF,
	  A(PUNT), R(ACCEPT), P(UNSURE), RT(INVITE) },
	{ "rfc2543, unsure off",
	  "INVITE sip:b@example.com SIP/2.0\r\n"
	  "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
	  "From: <sip:a@x>;tag=1\r\nTo: <sip:b@x>\r\nCall-ID: c\r\n"
	  "CSeq: 1 INVITE\r\n\r\n", C_NONE,
	  A(ACCEPT), R(ACCEPT), NOP, RT(INVITE) },
	{ "truncated udp", "INVITE sip:b@example.com SIP/2.0\r\n"
	  "Via: SIP/2.0/UDP 192.0.2.1\r\n", C_DEF,
	  A(DROP), R(TRUNCATED), NOP, RT(NONE) },
	{ "truncated tcp: unsure", "INVITE sip:b@example.com SIP/2.0\r\n"
	  "Via: SIP/2.0/TCP 192.0.2.1\r\n", C_TCP,
	  A(PUNT), R(ACCEPT), P(UNSURE), RT(INVITE) },
	{ "cl beyond datagram", REQ("INVITE", "192.0.2.1", "", "")
	  "", C_V1, A(ACCEPT), R(ACCEPT), NOP, RT(INVITE) },
	{ "cl too big udp",
	  "INVITE sip:b@example.com SIP/2.0\r\n"
	  "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
	  "Max-Forwards: 70\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>\r\n"
	  "Call-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 100\r\n\r\nv=0\r\n",
	  C_DEF, A(DROP), R(CONTENT_LENGTH), NOP, RT(NONE) },
	{ "cl too big tcp: more follows",
	  "INVITE sip:b@example.com SIP/2.0\r\n"
	  "Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1\r\n"
	  "Max-Forwards: 70\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>\r\n"
	  "Call-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 100\r\n\r\nv=0\r\n",
	  C_TCP, A(PUNT), R(ACCEPT), P(DIALOG), RT(INVITE) },
	{ "max-forwards 0",
	  "OPTIONS sip:b@example.com SIP/2.0\r\n"
	  "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
	  "Max-Forwards: 0\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>\r\n"
	  "Call-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n", C_DEF,
	  A(DROP), R(MAX_FORWARDS), NOP, RT(NONE) },
	{ "ua denied", REQ("OPTIONS", "192.0.2.1", "",
			    "User-Agent: Friendly-Scanner 1.0\r\n"), C_UA,
	  A(DROP), R(UA), NOP, RT(NONE) },
	{ "ua not denied", REQ("OPTIONS", "192.0.2.1", "",
				"User-Agent: Linphone\r\n"), C_UA,
	  A(ACCEPT), R(ACCEPT), NOP, RT(OPTIONS) },
	{ "ua list off", REQ("OPTIONS", "192.0.2.1", "",
			      "User-Agent: friendly-scanner\r\n"), C_DEF,
	  A(ACCEPT), R(ACCEPT), NOP, RT(OPTIONS) },
	{ "bye", REQ("BYE", "192.0.2.1", ";tag=2", ""), C_DEF,
	  A(PUNT), R(ACCEPT), P(BYE), RT(OTHER) },
	{ "cancel", REQ("CANCEL", "192.0.2.1", "", ""), C_DEF,
	  A(PUNT), R(ACCEPT), P(CANCEL), RT(OTHER) },
	{ "register", REQ("REGISTER", "192.0.2.1", "", ""), C_DEF,
	  A(PUNT), R(ACCEPT), P(REGISTER), RT(REGISTER) },
	{ "re-invite", REQ("INVITE", "192.0.2.1", ";tag=2", ""), C_DEF,
	  A(PUNT), R(ACCEPT), P(IN_DIALOG), RT(INVITE) },
	{ "ack in dialog", REQ("ACK", "192.0.2.1", ";tag=2", ""), C_DEF,
	  A(PUNT), R(ACCEPT), P(IN_DIALOG), RT(OTHER) },
	{ "bye, classes empty", REQ("BYE", "192.0.2.1", ";tag=2", ""), C_NONE,
	  A(ACCEPT), R(ACCEPT), NOP, RT(OTHER) },
	{ "302", RESP("302 Moved Temporarily"), C_DEF,
	  A(PUNT), R(ACCEPT), P(REDIRECT), RT(NONE) },
	{ "305", RESP("305 Use Proxy"), C_DEF,
	  A(PUNT), R(ACCEPT), P(USE_PROXY), RT(NONE) },
	{ "200 (via elsewhere is fine)", RESP("200 OK"), C_V1,
	  A(ACCEPT), R(ACCEPT), NOP, RT(NONE) },
	{ "via other ip", REQ("INVITE", "198.51.100.7", "", ""), C_DEF,
	  A(PUNT), R(ACCEPT), P(VIA_MISMATCH), RT(INVITE) },
	{ "via hostname", REQ("INVITE", "pc.example.com", "", ""), C_DEF,
	  A(PUNT), R(ACCEPT), P(VIA_MISMATCH), RT(INVITE) },
	{ "via other ip, rport",
	  "INVITE sip:b@example.com SIP/2.0\r\n"
	  "Via: SIP/2.0/UDP 198.51.100.7;rport;branch=z9hG4bK1\r\n"
	  HDRS("INVITE", "") "\r\n", C_V1,
	  A(ACCEPT), R(ACCEPT), NOP, RT(INVITE) },
	{ "via v6 ok (dialog, not via_mismatch)",
	  REQ("INVITE", "[2001:DB8::1]:5060", "", ""), C_V6,
	  A(PUNT), R(ACCEPT), P(DIALOG), RT(INVITE) },
	{ "via v6 other", REQ("INVITE", "[2001:db8::2]", "", ""), C_V6,
	  A(PUNT), R(ACCEPT), P(VIA_MISMATCH), RT(INVITE) },
	{ "via v4 for v6 source", REQ("INVITE", "192.0.2.1", "", ""), C_V6,
	  A(PUNT), R(ACCEPT), P(VIA_MISMATCH), RT(INVITE) },
	{ "strict: all", REQ("INVITE", "192.0.2.1", "", ""), C_ALL,
	  A(PUNT), R(ACCEPT), P(ALL), RT(INVITE) },
	{ "strict: response", RESP("200 OK"), C_ALL,
	  A(PUNT), R(ACCEPT), P(ALL), RT(NONE) },
	{ "strict: still drops garbage", "hello\r\n\r\n", C_ALL,
	  A(DROP), R(NOT_SIP), NOP, RT(NONE) },
	{ "insecure", REQ("INVITE", "192.0.2.1", "", ""), C_INSEC,
	  A(PUNT), R(ACCEPT), P(INSECURE), RT(INVITE) },
	{ "secure (dialog, not insecure)", REQ("INVITE", "192.0.2.1", "", ""),
	  C_SECURE, A(PUNT), R(ACCEPT), P(DIALOG), RT(INVITE) },
	/* dialog: initial INVITEs and final non-3xx answers to INVITE */
	{ "initial invite: dialog", REQ("INVITE", "192.0.2.1:5060", "", ""),
	  C_DEF, A(PUNT), R(ACCEPT), P(DIALOG), RT(INVITE) },
	{ "initial invite, dialog only", REQ("INVITE", "192.0.2.1", "", ""),
	  C_DIALOG, A(PUNT), R(ACCEPT), P(DIALOG), RT(INVITE) },
	{ "re-invite is in_dialog, not dialog",
	  REQ("INVITE", "192.0.2.1", ";tag=2", ""), C_DIALOG,
	  A(ACCEPT), R(ACCEPT), NOP, RT(INVITE) },
	{ "bye is not dialog", REQ("BYE", "192.0.2.1", ";tag=2", ""), C_DIALOG,
	  A(ACCEPT), R(ACCEPT), NOP, RT(OTHER) },
	{ "options is not dialog", REQ("OPTIONS", "192.0.2.1", "", ""),
	  C_DIALOG, A(ACCEPT), R(ACCEPT), NOP, RT(OPTIONS) },
	{ "200 to invite: dialog", RESP("200 OK"), C_DEF,
	  A(PUNT), R(ACCEPT), P(DIALOG), RT(NONE) },
	{ "486 to invite: dialog", RESP("486 Busy Here"), C_DEF,
	  A(PUNT), R(ACCEPT), P(DIALOG), RT(NONE) },
	{ "603 to invite: dialog", RESP("603 Decline"), C_DIALOG,
	  A(PUNT), R(ACCEPT), P(DIALOG), RT(NONE) },
	{ "180 to invite: not dialog", RESP("180 Ringing"), C_DEF,
	  A(ACCEPT), R(ACCEPT), NOP, RT(NONE) },
	{ "100 to invite: not dialog", RESP("100 Trying"), C_DEF,
	  A(ACCEPT), R(ACCEPT), NOP, RT(NONE) },
	{ "200 to bye: not dialog", RESPM("200 OK", "BYE"), C_DEF,
	  A(ACCEPT), R(ACCEPT), NOP, RT(NONE) },
	{ "200 to register: not dialog", RESPM("200 OK", "REGISTER"), C_DEF,
	  A(ACCEPT), R(ACCEPT), NOP, RT(NONE) },
	{ "302 to invite: redirect, not dialog", RESP("302 Moved"), C_DEF,
	  A(PUNT), R(ACCEPT), P(REDIRECT), RT(NONE) },
	{ "302, redirect off: not dialog either", RESP("302 Moved"), C_NO3XX,
	  A(ACCEPT), R(ACCEPT), NOP, RT(NONE) },
	{ "305, use_proxy off: not dialog either", RESP("305 Use Proxy"),
	  C_NO3XX, A(ACCEPT), R(ACCEPT), NOP, RT(NONE) },
	{ "initial invite, foreign via: via_mismatch first",
	  REQ("INVITE", "198.51.100.7", "", ""), C_DEF,
	  A(PUNT), R(ACCEPT), P(VIA_MISMATCH), RT(INVITE) },
	{ "lone cr: unsure",
	  "OPTIONS sip:b@example.com SIP/2.0\r"
	  "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r"
	  "Max-Forwards: 70\rFrom: <sip:a@x>;tag=1\rTo: <sip:b@x>\r"
	  "Call-ID: c\rCSeq: 1 OPTIONS\r\r", C_DEF,
	  A(PUNT), R(ACCEPT), P(UNSURE), RT(OPTIONS) },
};

static const char ua_list[][IMSSEG_SIP_UA_LEN] = {
	"sipvicious", "friendly-scanner",
};

static void make_ctx(int kind, struct imsseg_sip_ctx *c, u8 *v4, u8 *v6)
{
	memset(c, 0, sizeof(*c));
	c->family = IMSSEG_FAMILY_V4;
	c->saddr = v4;
	c->punt_mask = IMSSEG_PUNT_DEFAULT;
	c->ua = ua_list;
	switch (kind) {
	case C_TCP:
		c->tcp = true;
		break;
	case C_NONE:
		c->punt_mask = 0;
		break;
	case C_ALL:
		c->punt_mask = IMSSEG_PUNT_MASK_ALL;
		break;
	case C_SECURE:
		c->require_secure = true;
		c->secure = true;
		break;
	case C_INSEC:
		c->require_secure = true;
		break;
	case C_UA:
		c->n_ua = ARRAY_SIZE(ua_list);
		break;
	case C_V6:
		c->family = IMSSEG_FAMILY_V6;
		c->saddr = v6;
		break;
	case C_V1:
		c->punt_mask &= ~IMSSEG_PUNT_BIT(IMSSEG_PUNT_DIALOG);
		break;
	case C_NO3XX:
		c->punt_mask &= ~(IMSSEG_PUNT_BIT(IMSSEG_PUNT_REDIRECT) |
				  IMSSEG_PUNT_BIT(IMSSEG_PUNT_USE_PROXY));
		break;
	case C_DIALOG:
		c->punt_mask = IMSSEG_PUNT_BIT(IMSSEG_PUNT_DIALOG);
		break;
	}
}

static void test_table(void)
{
	u8 v4[4], v6[16];
	unsigned int i;

	CHECK(!imsseg_parse_ipv4("192.0.2.1", 9, v4));
	CHECK(!imsseg_parse_ipv6("2001:db8::1", 11, v6));
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct tcase *t = &cases[i];
		size_t len = strlen(t->msg);
		struct imsseg_sip_decision d;
		struct imsseg_sip_info info;
		struct imsseg_sip_ctx c;
		u8 *buf = malloc(len ? len : 1);

		memcpy(buf, t->msg, len);
		make_ctx(t->ctx, &c, v4, v6);
		imsseg_sip_scan(buf, len, len, &info);
		imsseg_sip_classify(buf, &info, &c, &d);
		/* the bucket charged before the scan is the one named here */
		if (d.rate != RT(NONE))
			CHECK_EQ(imsseg_sip_rate_peek(buf, len), d.rate);
		if (d.action != t->action || d.reason != t->reason ||
		    d.punt != t->punt || d.rate != t->rate) {
			printf("# %s: verdict %s -> action %u reason %u punt %u rate %u, expected %u %u %u %u\n",
			       t->name, imsseg_sip_verdict_name(info.verdict),
			       d.action, d.reason, d.punt, d.rate, t->action,
			       t->reason, t->punt, t->rate);
			CHECK(0);
		}
		free(buf);
	}
}

static void test_starts(void)
{
	CHECK(imsseg_sip_starts_message((const u8 *)"SIP/2.0 200 OK", 14));
	CHECK(imsseg_sip_starts_message((const u8 *)"INVITE sip:x", 12));
	CHECK(imsseg_sip_starts_message((const u8 *)"ACK ", 4));
	CHECK(!imsseg_sip_starts_message((const u8 *)"ACK", 3));
	CHECK(!imsseg_sip_starts_message((const u8 *)"v=0\r\n", 5));
	CHECK(!imsseg_sip_starts_message((const u8 *)"invite x", 8));
	CHECK(!imsseg_sip_starts_message((const u8 *)"", 0));
}

/* Trusted side: the pre-filter, then imsseg_sip_learn() */
#define L(x)	IMSSEG_SIPL_##x

struct lcase {
	const char *name;
	const char *msg;
	bool tcp;
	u32 scan;	/* bytes scanned; 0: all */
	bool cand;	/* imsseg_sip_learn_candidate() */
	u8 learn;	/* enum imsseg_sip_learn, if a candidate */
};

#define INV_TRUNC	"INVITE sip:b@example.com SIP/2.0\r\n"		\
			"Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1\r\n"
#define INV_CL100	"INVITE sip:b@example.com SIP/2.0\r\n"		\
			"Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1\r\n"	\
			"Max-Forwards: 70\r\nFrom: <sip:a@x>;tag=1\r\n"	\
			"To: <sip:b@x>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n"	\
			"Content-Length: 100\r\n\r\nv=0\r\n"
#define RESP_TRUNC	"SIP/2.0 200 OK\r\n"				\
			"Via: SIP/2.0/TCP 10.9.9.9;branch=z9hG4bK1\r\n"

static const struct lcase lcases[] = {
	{ "initial invite", REQ("INVITE", "192.0.2.1", "", ""), 0, 0,
	  true, L(PUNT) },
	{ "re-invite", REQ("INVITE", "192.0.2.1", ";tag=2", ""), 0, 0,
	  true, L(PUNT) },
	{ "bye", REQ("BYE", "192.0.2.1", ";tag=2", ""), 0, 0, true, L(PUNT) },
	{ "200 to invite", RESP("200 OK"), 0, 0, true, L(PUNT) },
	{ "486 to invite", RESP("486 Busy Here"), 0, 0, true, L(PUNT) },
	{ "302 to invite", RESP("302 Moved"), 0, 0, true, L(PUNT) },
	{ "200 to register", RESPM("200 OK", "REGISTER"), 0, 0, true,
	  L(PUNT) },
	{ "401 to register", RESPM("401 Unauthorized", "REGISTER"), 0, 0,
	  true, L(PUNT) },
	{ "200 to options", RESPM("200 OK", "OPTIONS"), 0, 0, true, L(SKIP) },
	{ "200 to bye", RESPM("200 OK", "BYE"), 0, 0, true, L(SKIP) },
	{ "180 to invite", RESP("180 Ringing"), 0, 0, false, 0 },
	{ "100 to invite", RESP("100 Trying"), 0, 0, false, 0 },
	{ "options", REQ("OPTIONS", "192.0.2.1", "", ""), 0, 0, false, 0 },
	{ "ack", REQ("ACK", "192.0.2.1", ";tag=2", ""), 0, 0, false, 0 },
	{ "register", REQ("REGISTER", "192.0.2.1", "", ""), 0, 0, false, 0 },
	{ "cancel", REQ("CANCEL", "192.0.2.1", "", ""), 0, 0, false, 0 },
	{ "lower-case invite", "invite sip:b@x SIP/2.0\r\n\r\n", 0, 0,
	  false, 0 },
	{ "keepalive", "\r\n\r\n", 0, 0, false, 0 },
	{ "garbage after INVITE", "INVITE garbage\r\n\r\n", 0, 0, true,
	  L(UNPARSED) },
	{ "invite without call-id",
	  "INVITE sip:b@example.com SIP/2.0\r\n"
	  "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
	  "Max-Forwards: 70\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>\r\n"
	  "CSeq: 1 INVITE\r\n\r\n", 0, 0, true, L(UNPARSED) },
	{ "bad status", "SIP/2.0 2000 OK\r\n\r\n", 0, 0, true,
	  L(UNPARSED) },
	{ "invite, udp, headers cut", INV_TRUNC, false, 0, true, L(UNPARSED) },
	{ "invite, tcp, headers continue", INV_TRUNC, true, 0, true, L(PUNT) },
	{ "invite, udp, body missing", INV_CL100, false, 0, true,
	  L(UNPARSED) },
	{ "invite, tcp, body follows", INV_CL100, true, 0, true, L(PUNT) },
	{ "200, tcp, CSeq not yet seen", RESP_TRUNC, true, 0, true,
	  L(UNPARSED) },
	{ "invite beyond scan_bytes", REQ("INVITE", "192.0.2.1", "", ""), 0,
	  40, true, L(PUNT) },
	{ "200 beyond scan_bytes, CSeq seen", RESP("200 OK"), 0, 175, true,
	  L(PUNT) },
	{ "200 beyond scan_bytes, CSeq unseen", RESP("200 OK"), 0, 60, true,
	  L(UNPARSED) },
};

static void test_learn(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lcases); i++) {
		const struct lcase *t = &lcases[i];
		u32 len = strlen(t->msg), n = t->scan ? t->scan : len;
		struct imsseg_sip_info info;
		u8 *buf = malloc(n);
		int got;

		memcpy(buf, t->msg, n);
		if (imsseg_sip_learn_candidate(buf, n) != t->cand) {
			printf("# %s: candidate %d, expected %d\n", t->name,
			       !t->cand, t->cand);
			CHECK(0);
		}
		if (t->cand) {
			imsseg_sip_scan(buf, n, len, &info);
			got = imsseg_sip_learn(&info, t->tcp);
			if (got != t->learn) {
				printf("# %s: verdict %s -> learn %d, expected %d\n",
				       t->name,
				       imsseg_sip_verdict_name(info.verdict),
				       got, t->learn);
				CHECK(0);
			}
		}
		free(buf);
	}
	/* the pre-filter never reads past len */
	CHECK(!imsseg_sip_learn_candidate((const u8 *)"INVITE", 6));
	CHECK(!imsseg_sip_learn_candidate((const u8 *)"BYE", 3));
	CHECK(!imsseg_sip_learn_candidate((const u8 *)"SIP/2.0 2", 8));
	CHECK(imsseg_sip_learn_candidate((const u8 *)"SIP/2.0 2", 9));
	CHECK(!imsseg_sip_learn_candidate((const u8 *)"SIP/2.0 7", 9));
	CHECK(!imsseg_sip_learn_candidate((const u8 *)"", 0));
}

static void test_names(void)
{
	unsigned int i;

	for (i = 0; i < IMSSEG_PUNT_COUNT; i++)
		CHECK(imsseg_punt_name(i) != NULL);
	CHECK(imsseg_punt_name(IMSSEG_PUNT_COUNT) == NULL);
	CHECK_STR(imsseg_punt_name(IMSSEG_PUNT_IN_DIALOG), "in_dialog");
	CHECK_STR(imsseg_punt_name(IMSSEG_PUNT_DIALOG), "dialog");
	CHECK_EQ(IMSSEG_PUNT_DEFAULT & IMSSEG_PUNT_BIT(IMSSEG_PUNT_ALL), 0);
	CHECK(IMSSEG_PUNT_DEFAULT & IMSSEG_PUNT_BIT(IMSSEG_PUNT_DIALOG));
}

/* Copy of exactly @s (ASan sees a read past it), peeked. */
static u8 peek(const char *s)
{
	size_t len = strlen(s);
	u8 *buf = malloc(len ? len : 1), r;

	memcpy(buf, s, len);
	r = imsseg_sip_rate_peek(buf, len);
	free(buf);
	return r;
}

/*
 * The pre-scan method bucket: by the first token alone, and the same
 * bucket as the decision's for every scanner case that gets one.
 */
static void test_peek(void)
{
	u8 v4[4], v6[16];
	unsigned int i;

	CHECK_EQ(peek("INVITE sip:b@x SIP/2.0\r\n"), RT(INVITE));
	CHECK_EQ(peek("INVITE "), RT(INVITE));
	CHECK_EQ(peek("REGISTER\tsip:x"), RT(REGISTER));
	CHECK_EQ(peek("\r\n \tOPTIONS sip:x"), RT(OPTIONS));
	CHECK_EQ(peek("BYE sip:x"), RT(OTHER));
	CHECK_EQ(peek("invite sip:x"), RT(OTHER));	/* case-sensitive */
	CHECK_EQ(peek("INVITEX sip:x"), RT(OTHER));
	CHECK_EQ(peek("HELLO WORLD\r\n"), RT(OTHER));	/* garbage too */
	CHECK_EQ(peek("INVITE"), RT(NONE));	/* no SP inside the bytes */
	CHECK_EQ(peek("INVITE\r\n"), RT(NONE));
	CHECK_EQ(peek("INV/ITE sip:x"), RT(NONE));
	CHECK_EQ(peek(" sip:x"), RT(NONE));
	CHECK_EQ(peek("SIP/2.0 200 OK\r\n"), RT(NONE));
	CHECK_EQ(peek("\r\n\r\n"), RT(NONE));
	CHECK_EQ(peek(""), RT(NONE));
	CHECK_EQ(imsseg_sip_rate_peek((const u8 *)"INVITE sip:x", 6),
		 RT(NONE));

	CHECK(!imsseg_parse_ipv4("192.0.2.1", 9, v4));
	CHECK(!imsseg_parse_ipv6("2001:db8::1", 11, v6));
	for (i = 0; i < ARRAY_SIZE(imsseg_sipscan_cases); i++) {
		const struct imsseg_sipscan_case *t = &imsseg_sipscan_cases[i];
		u32 n = t->scan ? t->scan : t->len;
		struct imsseg_sip_decision d;
		struct imsseg_sip_info info;
		struct imsseg_sip_ctx c;
		u8 *buf = malloc(n ? n : 1);

		memcpy(buf, t->msg, n);
		make_ctx(C_DEF, &c, v4, v6);
		imsseg_sip_scan(buf, n, t->len, &info);
		imsseg_sip_classify(buf, &info, &c, &d);
		if (d.rate != RT(NONE) &&
		    imsseg_sip_rate_peek(buf, n) != d.rate) {
			printf("# %s: peek %u, decision rate %u\n", t->name,
			       imsseg_sip_rate_peek(buf, n), d.rate);
			CHECK(0);
		}
		if (info.kind == IMSSEG_SIP_KIND_RESPONSE)
			CHECK_EQ(imsseg_sip_rate_peek(buf, n), RT(NONE));
		free(buf);
	}
}

int main(void)
{
	UNIT_RUN(test_table);
	UNIT_RUN(test_peek);
	UNIT_RUN(test_starts);
	UNIT_RUN(test_learn);
	UNIT_RUN(test_names);
	return unit_done();
}
