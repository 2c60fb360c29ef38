/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Known inputs and the verdict imsseg_sip_scan() must give for them,
 * shared by the host unit test (tests/unit/test_sipscan.c) and an
 * in-module self-test, so that both builds are held to the same table.
 * Include after imsseg_sipscan.h.
 *
 * For each case: scan the first @scan bytes (all when 0) of a datagram
 * of @len bytes; expect @verdict, @bad, exactly @missing, and at least
 * the IMSSEG_SIP_F_* bits in @flags.
 */
#ifndef _IMSSEG_SIPSCAN_CASES_H
#define _IMSSEG_SIPSCAN_CASES_H

#include "imsseg_sipscan.h"

struct imsseg_sipscan_case {
	const char *name;
	const char *msg;
	u32 len;
	u32 scan;
	u8 verdict;
	u8 bad;
	u16 missing;
	u32 flags;
};

#define IMSSEG_SC(n, m, v, b, miss, f) \
	{ n, m, sizeof(m) - 1, 0, IMSSEG_SIP_##v, IMSSEG_SIP_BAD_##b, miss, f }
#define IMSSEG_SC_SCAN(n, m, s, v) \
	{ n, m, sizeof(m) - 1, s, IMSSEG_SIP_##v, IMSSEG_SIP_BAD_NONE, 0, 0 }

/* A typical IMS INVITE, one header per macro */
#define IMSSEG_T_RL	"INVITE sip:bob@ims.example.com SIP/2.0\r\n"
#define IMSSEG_T_VIA \
	"Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asd;rport\r\n"
#define IMSSEG_T_MF	"Max-Forwards: 70\r\n"
#define IMSSEG_T_TO	"To: Bob <sip:bob@ims.example.com>\r\n"
#define IMSSEG_T_FROM \
	"From: \"Alice\" <sip:alice@ims.example.com>;tag=1928301774\r\n"
#define IMSSEG_T_CID	"Call-ID: a84b4c76e66710@pc33.example.com\r\n"
#define IMSSEG_T_CSEQ	"CSeq: 314159 INVITE\r\n"
#define IMSSEG_T_TAIL \
	"Contact: <sip:alice@192.0.2.10:5060>\r\n" \
	"User-Agent: ExampleUA/1.0\r\n" \
	"Content-Type: application/sdp\r\n" \
	"Content-Length: 5\r\n" \
	"\r\n" \
	"v=0\r\n"
#define IMSSEG_T_INVITE	"INVITE sip:bob@ims.example.com SIP/2.0\r\n" \
	IMSSEG_T_VIA IMSSEG_T_MF IMSSEG_T_TO IMSSEG_T_FROM IMSSEG_T_CID \
	IMSSEG_T_CSEQ IMSSEG_T_TAIL

/* Mandatory headers of a response, no body */
#define IMSSEG_T_RSP(status, cseq) \
	"SIP/2.0 " status "\r\n" IMSSEG_T_VIA IMSSEG_T_TO_TAG IMSSEG_T_FROM \
	IMSSEG_T_CID "CSeq: " cseq "\r\n"
#define IMSSEG_T_TO_TAG	"To: Bob <sip:bob@ims.example.com>;tag=a6c85cf\r\n"
#define IMSSEG_T_END	"Content-Length: 0\r\n\r\n"

/* An OPTIONS request with all mandatory headers but @hdrs in between */
#define IMSSEG_T_OPT(hdrs) \
	"OPTIONS sip:bob@ims.example.com SIP/2.0\r\n" IMSSEG_T_VIA \
	IMSSEG_T_MF IMSSEG_T_TO IMSSEG_T_FROM IMSSEG_T_CID \
	"CSeq: 1 OPTIONS\r\n" hdrs "\r\n"

#define IMSSEG_F_INV (IMSSEG_SIP_F_EOL_CRLF | IMSSEG_SIP_F_VIA_BRANCH | \
	IMSSEG_SIP_F_VIA_MAGIC | IMSSEG_SIP_F_VIA_RPORT | \
	IMSSEG_SIP_F_VIA_PORT | IMSSEG_SIP_F_FROM_TAG)

static const struct imsseg_sipscan_case imsseg_sipscan_cases[] = {
	IMSSEG_SC("invite", IMSSEG_T_INVITE, OK, NONE, 0, IMSSEG_F_INV),
	IMSSEG_SC("register",
		  "REGISTER sip:ims.example.com SIP/2.0\r\n" IMSSEG_T_VIA
		  IMSSEG_T_MF "To: <sip:alice@ims.example.com>\r\n"
		  IMSSEG_T_FROM IMSSEG_T_CID "CSeq: 1 REGISTER\r\n"
		  "Contact: <sip:alice@192.0.2.10>;expires=600;"
		  "+sip.instance=\"<urn:gsma:imei:3500,0>\";q=0.5\r\n"
		  "Expires: 600\r\n" IMSSEG_T_END,
		  OK, NONE, 0, IMSSEG_SIP_F_FROM_TAG),
	IMSSEG_SC("bye",
		  "BYE sip:alice@192.0.2.10 SIP/2.0\r\n" IMSSEG_T_VIA
		  IMSSEG_T_MF IMSSEG_T_TO_TAG IMSSEG_T_FROM IMSSEG_T_CID
		  "CSeq: 314160 BYE\r\n" IMSSEG_T_END,
		  OK, NONE, 0, IMSSEG_SIP_F_TO_TAG | IMSSEG_SIP_F_FROM_TAG),
	IMSSEG_SC("200_ok", IMSSEG_T_RSP("200 OK", "314159 INVITE")
		  "Contact: <sip:bob@192.0.2.20>\r\n" IMSSEG_T_END,
		  OK, NONE, 0, IMSSEG_SIP_F_TO_TAG),
	IMSSEG_SC("180_ringing", IMSSEG_T_RSP("180 Ringing", "314159 INVITE")
		  IMSSEG_T_END, OK, NONE, 0, IMSSEG_SIP_F_TO_TAG),
	IMSSEG_SC("302_contacts", IMSSEG_T_RSP("302 Moved Temporarily",
					       "314159 INVITE")
		  "Contact: <sip:b@192.0.2.30>;q=0.7, \"B, B\" <sip:b@x;lr>;q=0\r\n"
		  "m: sip:bob@192.0.2.32\r\n" IMSSEG_T_END, OK, NONE, 0, 0),
	IMSSEG_SC("305_use_proxy", IMSSEG_T_RSP("305 Use Proxy", "1 OPTIONS")
		  "Contact: <sip:proxy.example.com>\r\n" IMSSEG_T_END,
		  OK, NONE, 0, 0),
	IMSSEG_SC("compact",
		  "MESSAGE sip:bob@ims.example.com SIP/2.0\r\n"
		  "v: SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bK1\r\n"
		  "f: <sip:alice@ims.example.com>;tag=77\r\n"
		  "t: sip:bob@ims.example.com\r\ni: c1@x\r\n"
		  "CSeq: 7 MESSAGE\r\nMax-Forwards: 70\r\nc: text/plain\r\n"
		  "l: 2\r\nk: 100rel\r\n\r\nhi",
		  OK, NONE, 0, IMSSEG_SIP_F_FROM_TAG | IMSSEG_SIP_F_VIA_PORT),
	IMSSEG_SC("mixed_case",
		  "INVITE sip:bob@ims.example.com SIP/2.0\r\n"
		  "vIA: SIP/2.0/udp 192.0.2.10;BRANCH=z9hG4bK2\r\n"
		  "MAX-FORWARDS: 70\r\nto: <sip:bob@x>\r\n"
		  "FROM: <sip:a@x>;TAG=9\r\nCALL-id: c2\r\ncSEQ: 2 INVITE\r\n"
		  "CONTENT-length: 0\r\n\r\n",
		  OK, NONE, 0, IMSSEG_SIP_F_VIA_BRANCH | IMSSEG_SIP_F_FROM_TAG),
	IMSSEG_SC("hcolon_ws", IMSSEG_T_OPT("Via : SIP/2.0/UDP h2\r\n"
					    "User-Agent\t :  x\r\n"),
		  OK, NONE, 0, 0),
	IMSSEG_SC("folded",
		  "OPTIONS sip:bob@x SIP/2.0\r\nVia: SIP/2.0/UDP\r\n"
		  " 192.0.2.10\r\n\t;branch=z9hG4bK3\r\nMax-Forwards:\r\n 70\r\n"
		  "To: <sip:bob@x>\r\nFrom: <sip:a@x>\r\n ;tag=1\r\n"
		  "Call-ID: c3\r\nCSeq: 3\r\n  OPTIONS\r\nSubject: a\r\n b\r\n"
		  "\r\n", OK, NONE, 0, IMSSEG_SIP_F_FOLDED |
		  IMSSEG_SIP_F_FROM_TAG | IMSSEG_SIP_F_VIA_MAGIC),
	IMSSEG_SC("bare_lf",
		  "OPTIONS sip:bob@x SIP/2.0\nVia: SIP/2.0/UDP h\n"
		  "Max-Forwards: 1\nTo: <sip:bob@x>\nFrom: <sip:a@x>;tag=1\n"
		  "Call-ID: c4\nCSeq: 4 OPTIONS\n\n", OK, NONE, 0, IMSSEG_SIP_F_EOL_LF),
	IMSSEG_SC("lone_cr",
		  "OPTIONS sip:bob@x SIP/2.0\rVia: SIP/2.0/UDP h\rMax-Forwards: 1\r"
		  "To: <sip:bob@x>\rFrom: <sip:a@x>;tag=1\rCall-ID: c5\r"
		  "CSeq: 5 OPTIONS\r\r", OK, NONE, 0, IMSSEG_SIP_F_EOL_CR),
	IMSSEG_SC("multi_via",
		  IMSSEG_T_OPT("Via: SIP/2.0/UDP p1;branch=z9, SIP/2.0/UDP p2 , ,\r\n"
			       "v: SIP/2.0/TLS p3;x=\"a,b\"\r\n"),
		  OK, NONE, 0, IMSSEG_SIP_F_VIA_RPORT),
	IMSSEG_SC("rport_received",
		  "SIP/2.0 200 OK\r\n"
		  "Via: SIP/2.0/UDP 10.0.0.1:5060;rport=40001;received=198.51.100.7;branch=z9hG4bK4\r\n"
		  IMSSEG_T_TO_TAG
		  IMSSEG_T_FROM IMSSEG_T_CID "CSeq: 1 OPTIONS\r\n\r\n",
		  OK, NONE, 0, IMSSEG_SIP_F_VIA_RPORT |
		  IMSSEG_SIP_F_VIA_RPORT_VAL | IMSSEG_SIP_F_VIA_RECEIVED),
	IMSSEG_SC("miss_via", IMSSEG_T_RL IMSSEG_T_MF IMSSEG_T_TO
		  IMSSEG_T_FROM IMSSEG_T_CID IMSSEG_T_CSEQ IMSSEG_T_TAIL,
		  MISSING_HEADER, NONE, IMSSEG_SIP_HDR_VIA, 0),
	IMSSEG_SC("miss_from", IMSSEG_T_RL IMSSEG_T_VIA IMSSEG_T_MF
		  IMSSEG_T_TO IMSSEG_T_CID IMSSEG_T_CSEQ IMSSEG_T_TAIL,
		  MISSING_HEADER, NONE, IMSSEG_SIP_HDR_FROM, 0),
	IMSSEG_SC("miss_to", IMSSEG_T_RL IMSSEG_T_VIA IMSSEG_T_MF
		  IMSSEG_T_FROM IMSSEG_T_CID IMSSEG_T_CSEQ IMSSEG_T_TAIL,
		  MISSING_HEADER, NONE, IMSSEG_SIP_HDR_TO, 0),
	IMSSEG_SC("miss_call_id", IMSSEG_T_RL IMSSEG_T_VIA IMSSEG_T_MF
		  IMSSEG_T_TO IMSSEG_T_FROM IMSSEG_T_CSEQ IMSSEG_T_TAIL,
		  MISSING_HEADER, NONE, IMSSEG_SIP_HDR_CALL_ID, 0),
	IMSSEG_SC("miss_cseq", IMSSEG_T_RL IMSSEG_T_VIA IMSSEG_T_MF
		  IMSSEG_T_TO IMSSEG_T_FROM IMSSEG_T_CID IMSSEG_T_TAIL,
		  MISSING_HEADER, NONE, IMSSEG_SIP_HDR_CSEQ, 0),
	IMSSEG_SC("miss_max_fwd", IMSSEG_T_RL IMSSEG_T_VIA IMSSEG_T_TO
		  IMSSEG_T_FROM IMSSEG_T_CID IMSSEG_T_CSEQ IMSSEG_T_TAIL,
		  MISSING_HEADER, NONE, IMSSEG_SIP_HDR_MAX_FORWARDS, 0),
	IMSSEG_SC("rsp_no_max_fwd", IMSSEG_T_RSP("100 Trying", "1 INVITE")
		  "\r\n", OK, NONE, 0, 0),
	IMSSEG_SC("max_fwd_zero", IMSSEG_T_RL IMSSEG_T_VIA "Max-Forwards: 0\r\n"
		  IMSSEG_T_TO IMSSEG_T_FROM IMSSEG_T_CID IMSSEG_T_CSEQ
		  IMSSEG_T_TAIL, OK, NONE, 0, IMSSEG_SIP_F_MF_ZERO),
	IMSSEG_SC("dup_max_fwd", IMSSEG_T_OPT("Max-Forwards: 70\r\n"),
		  MALFORMED, DUP, 0, 0),
	IMSSEG_SC("max_fwd_range",
		  "OPTIONS sip:b@x SIP/2.0\r\nMax-Forwards: 0300\r\n"
		  "Via: SIP/2.0/UDP h\r\nTo: <sip:b@x>\r\nFrom: <sip:a@x>\r\n"
		  "Call-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n",
		  OK, NONE, 0, IMSSEG_SIP_F_MF_RANGE),
	IMSSEG_SC("max_fwd_alpha",
		  "OPTIONS sip:b@x SIP/2.0\r\nMax-Forwards: 7O\r\n\r\n",
		  MALFORMED, MAX_FORWARDS, 0, 0),
	IMSSEG_SC("cl_too_big", IMSSEG_T_OPT("Content-Length: 10\r\n") "12345",
		  BAD_CONTENT_LENGTH, CL_TOO_BIG, 0, 0),
	IMSSEG_SC("cl_smaller", IMSSEG_T_OPT("Content-Length: 2\r\n") "12345",
		  OK, NONE, 0, IMSSEG_SIP_F_BODY_EXTRA),
	IMSSEG_SC("cl_huge",
		  IMSSEG_T_OPT("Content-Length: 99999999999999999999\r\n"),
		  BAD_CONTENT_LENGTH, CL_VALUE, 0, 0),
	IMSSEG_SC("cl_2g", IMSSEG_T_OPT("l: 2147483648\r\n"),
		  BAD_CONTENT_LENGTH, CL_VALUE, 0, 0),
	IMSSEG_SC("cl_negative", IMSSEG_T_OPT("l: -1\r\n"),
		  BAD_CONTENT_LENGTH, CL_VALUE, 0, 0),
	IMSSEG_SC("cl_multi", IMSSEG_T_OPT("l: 0\r\nContent-Length: 1\r\n") "x",
		  BAD_CONTENT_LENGTH, CL_MULTI, 0, 0),
	IMSSEG_SC("cl_dup_same", IMSSEG_T_OPT("l: 1\r\nContent-Length: 1\r\n")
		  "x", OK, NONE, 0, IMSSEG_SIP_F_CL_DUP),
	IMSSEG_SC("http", "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
		  NOT_SIP, NONE, 0, 0),
	IMSSEG_SC("binary", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
		  NOT_SIP, NONE, 0, 0),
	IMSSEG_SC("stun", "\x00\x01\x00\x00\x21\x12\xa4\x42\x01\x02\x03\x04",
		  NOT_SIP, NONE, 0, 0),
	IMSSEG_SC("empty", "", NOT_SIP, NONE, 0, 0),
	IMSSEG_SC("keepalive", "\r\n\r\n", KEEPALIVE, NONE, 0, 0),
	IMSSEG_SC("spaces", "  \r\n", NOT_SIP, NONE, 0, 0),
	IMSSEG_SC("sip_2_1", "OPTIONS sip:b@x SIP/2.1\r\n\r\n",
		  BAD_VERSION, VERSION_NUM, 0, 0),
	IMSSEG_SC("sip_7_0_rsp", "SIP/7.0 200 OK\r\n\r\n",
		  BAD_VERSION, VERSION_NUM, 0, 0),
	IMSSEG_SC("sip_lower", "OPTIONS sip:b@x sip/2.0\r\n\r\n",
		  MISSING_HEADER, NONE, 0x3f, 0),
	IMSSEG_SC("no_version", "OPTIONS sip:b@x\r\n\r\n", NOT_SIP, NONE, 0, 0),
	IMSSEG_SC("status_099", "SIP/2.0 099 x\r\n\r\n",
		  MALFORMED, STATUS, 0, 0),
	IMSSEG_SC("status_700", "SIP/2.0 700 x\r\n\r\n",
		  MALFORMED, STATUS, 0, 0),
	IMSSEG_SC("status_4digit", "SIP/2.0 2000 OK\r\n\r\n",
		  MALFORMED, STATUS, 0, 0),
	IMSSEG_SC("status_none", "SIP/2.0\r\n\r\n", MALFORMED, STATUS, 0, 0),
	IMSSEG_SC("ruri_brackets", "INVITE <sip:b@x> SIP/2.0\r\n\r\n",
		  MALFORMED, RURI, 0, 0),
	IMSSEG_SC("ruri_lws", "INVITE sip:b@x; lr SIP/2.0\r\n\r\n",
		  MALFORMED, START_LINE, 0, 0),
	IMSSEG_SC("ruri_none", "INVITE SIP/2.0\r\n\r\n",
		  MALFORMED, START_LINE, 0, 0),
	IMSSEG_SC("line_ws", "OPTIONS  sip:b@x\tSIP/2.0 \r\n\r\n",
		  MISSING_HEADER, NONE, 0x3f, IMSSEG_SIP_F_LINE_WS),
	IMSSEG_SC("leading_crlf", "\r\n\r\n" IMSSEG_T_INVITE, OK, NONE, 0,
		  IMSSEG_SIP_F_LEADING_EOL),
	IMSSEG_SC("cseq_mismatch", IMSSEG_T_RL IMSSEG_T_VIA IMSSEG_T_MF
		  "CSeq: 1 ACK\r\n\r\n", MALFORMED, CSEQ_METHOD, 0, 0),
	IMSSEG_SC("cseq_case", "invite sip:b@x SIP/2.0\r\n"
		  "CSeq: 1 INVITE\r\n\r\n", MALFORMED, CSEQ_METHOD, 0, 0),
	IMSSEG_SC("cseq_alpha", IMSSEG_T_RL "CSeq: x INVITE\r\n\r\n",
		  MALFORMED, CSEQ, 0, 0),
	IMSSEG_SC("cseq_2_32", IMSSEG_T_RL "CSeq: 4294967296 INVITE\r\n\r\n",
		  MALFORMED, CSEQ, 0, 0),
	IMSSEG_SC("cseq_no_lws", IMSSEG_T_RL "CSeq: 1INVITE\r\n\r\n",
		  MALFORMED, CSEQ, 0, 0),
	IMSSEG_SC("cseq_extra", IMSSEG_T_RL "CSeq: 1 INVITE x\r\n\r\n",
		  MALFORMED, CSEQ, 0, 0),
	IMSSEG_SC("dup_from", IMSSEG_T_OPT("f: <sip:x@y>;tag=2\r\n"),
		  MALFORMED, DUP, 0, 0),
	IMSSEG_SC("dup_call_id", IMSSEG_T_OPT("i: other\r\n"),
		  MALFORMED, DUP, 0, 0),
	IMSSEG_SC("nul_header", IMSSEG_T_OPT("Subject: a\0b\r\n"),
		  MALFORMED, NUL, 0, 0),
	IMSSEG_SC("nul_quoted_pair", IMSSEG_T_OPT("Subject: \"a\\\0b\"\r\n"),
		  OK, NONE, 0, 0),
	IMSSEG_SC("nul_start_line", "OPTIONS sip:b@x SIP/2.0\0\r\n\r\n",
		  MALFORMED, NUL, 0, 0),
	IMSSEG_SC("no_colon", IMSSEG_T_OPT("Subject a\r\n"),
		  MALFORMED, HDR_NAME, 0, 0),
	IMSSEG_SC("fold_first", "OPTIONS sip:b@x SIP/2.0\r\n"
		  " To: <sip:b@x>\r\nTo: <sip:c@x>\r\n\r\n", MALFORMED, DUP, 0,
		  IMSSEG_SIP_F_LINE_WS),
	IMSSEG_SC("fold_hcolon", IMSSEG_T_OPT("Subject\r\n : a\r\n"),
		  OK, NONE, 0, IMSSEG_SIP_F_FOLDED),
	IMSSEG_SC("quote_open", IMSSEG_T_RL "To: \"Bob <sip:b@x>\r\n\r\n",
		  MALFORMED, ADDR, 0, 0),
	IMSSEG_SC("to_quoted_spec", IMSSEG_T_RL "To: \"Bob\" sip:b@x\r\n\r\n",
		  MALFORMED, ADDR, 0, 0),
	IMSSEG_SC("to_two_words", IMSSEG_T_RL "To: Bob sip:b@x\r\n\r\n",
		  MALFORMED, ADDR, 0, 0),
	IMSSEG_SC("to_two_values", IMSSEG_T_RL "To: <sip:b@x>, <sip:c@x>\r\n"
		  "\r\n", MALFORMED, ADDR, 0, 0),
	IMSSEG_SC("from_empty_param", IMSSEG_T_RL "From: <sip:a@x>;;tag=1\r\n"
		  "\r\n", MALFORMED, ADDR, 0, 0),
	IMSSEG_SC("contact_gt", IMSSEG_T_OPT("m: <sip:a@x>>\r\n"),
		  MALFORMED, ADDR, 0, 0),
	IMSSEG_SC("contact_star",
		  "REGISTER sip:x SIP/2.0\r\n" IMSSEG_T_VIA IMSSEG_T_MF
		  IMSSEG_T_TO IMSSEG_T_FROM IMSSEG_T_CID "CSeq: 9 REGISTER\r\n"
		  "Contact: *\r\nExpires: 0\r\n\r\n",
		  OK, NONE, 0, IMSSEG_SIP_F_CONTACT_STAR),
	IMSSEG_SC("via_port", IMSSEG_T_RL "Via: SIP/2.0/UDP h:65536\r\n\r\n",
		  MALFORMED, VIA, 0, 0),
	IMSSEG_SC("via_no_host", IMSSEG_T_RL "Via: SIP/2.0/UDP ;branch=1\r\n"
		  "\r\n", MALFORMED, VIA, 0, 0),
	IMSSEG_SC("via_proto", IMSSEG_T_RL "Via: SIP/2.0 h\r\n\r\n",
		  MALFORMED, VIA, 0, 0),
	IMSSEG_SC("via_empty_param", IMSSEG_T_RL "Via: SIP/2.0/UDP h;;,\r\n"
		  "\r\n", MALFORMED, VIA, 0, 0),
	IMSSEG_SC("via_v3", "OPTIONS sip:b@x SIP/2.0\r\nVia: SIP/3.0/UDP h\r\n"
		  "Max-Forwards: 1\r\nTo: <sip:b@x>\r\nFrom: <sip:a@x>\r\n"
		  "Call-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n",
		  OK, NONE, 0, IMSSEG_SIP_F_VIA_NOT_20),
	IMSSEG_SC("call_id_empty", IMSSEG_T_RL "Call-ID: \r\n\r\n",
		  MALFORMED, CALL_ID, 0, 0),
	IMSSEG_SC("expires_bad", IMSSEG_T_OPT("Expires: Thu, 1 Jan 2026\r\n"),
		  OK, NONE, 0, IMSSEG_SIP_F_EXPIRES_BAD),
	IMSSEG_SC("truncated", IMSSEG_T_RL IMSSEG_T_VIA IMSSEG_T_MF,
		  TRUNCATED, NONE, 0, 0),
	IMSSEG_SC_SCAN("too_long", IMSSEG_T_INVITE, 100, TOO_LONG),
	IMSSEG_SC_SCAN("scan_cr_split", "OPTIONS sip:b@x SIP/2.0\r\n", 24,
		       TOO_LONG),
};

#endif /* _IMSSEG_SIPSCAN_CASES_H */
