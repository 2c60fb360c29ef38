/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIP start line and header scanner (pure: kernel module and host).
 *
 * imsseg_sip_scan() looks at the first @len bytes of one SIP message
 * (a UDP payload, or the start of one) and extracts a fixed set of
 * header fields into struct imsseg_sip_info, with a verdict. It never
 * reads buf[len] or beyond, does not recurse, allocate or lock, and
 * its work is linear in @len. It is a fast-path sieve, not a full SIP
 * parser: it checks framing and the fields the kernel needs, and
 * leaves grammar it does not need (URIs, display names, other headers)
 * to the user-space daemon. See Documentation/sipscan.rst.
 */
#ifndef _IMSSEG_SIPSCAN_H
#define _IMSSEG_SIPSCAN_H

#include "imsseg_pure.h"

/* At most this many bytes are scanned; offsets fit in a u16. */
#define IMSSEG_SIP_SCAN_MAX	65535U

/*
 * Verdicts, one per kernel counter. The scan stops at the first definite
 * error in byte order (info->err_off; @info then holds what was seen
 * before it). The checks that need the whole header section come last:
 * Content-Length against the datagram, then missing headers.
 */
enum imsseg_sip_verdict {
	IMSSEG_SIP_OK = 0,		/* all checks passed */
	/*
	 * First line is neither a request line (token SP ... SP
	 * SIP-Version) nor a status line ("SIP/" 1*DIGIT "." 1*DIGIT SP),
	 * or an empty or whitespace-only datagram.
	 */
	IMSSEG_SIP_NOT_SIP,
	/* SIP-shaped start line, but the version is not SIP/2.0 (505). */
	IMSSEG_SIP_BAD_VERSION,
	/* Definite syntax error; info->bad says which (enum below). */
	IMSSEG_SIP_MALFORMED,
	/* Content-Length bad: info->bad is CL_VALUE, CL_MULTI, CL_TOO_BIG */
	IMSSEG_SIP_BAD_CONTENT_LENGTH,
	/*
	 * Mandatory header(s) absent, info->missing has IMSSEG_SIP_HDR_*.
	 * A request missing only Max-Forwards is RFC 2543 style (RFC 4475
	 * inv2543, old UAs): punt it to user space rather than drop it.
	 */
	IMSSEG_SIP_MISSING_HEADER,
	/* The header section does not end inside the whole datagram. */
	IMSSEG_SIP_TRUNCATED,
	/*
	 * Headers go past the scanned bytes (or a CR is the last of them)
	 * and the datagram is longer: unsure.
	 */
	IMSSEG_SIP_TOO_LONG,
	/* Datagram of only CR/LF bytes (RFC 5626 style keep-alive). */
	IMSSEG_SIP_KEEPALIVE,
	IMSSEG_SIP_VERDICT_COUNT
};

/* Detail for MALFORMED, BAD_CONTENT_LENGTH and BAD_VERSION. */
enum imsseg_sip_bad {
	IMSSEG_SIP_BAD_NONE = 0,
	IMSSEG_SIP_BAD_START_LINE,	/* no Request-URI, LWS inside it */
	IMSSEG_SIP_BAD_RURI,		/* Request-URI has no "scheme:" */
	IMSSEG_SIP_BAD_STATUS,		/* status code not 3 digits 1xx-6xx */
	IMSSEG_SIP_BAD_VERSION_NUM,	/* SIP-Version is not 2.0 */
	IMSSEG_SIP_BAD_NUL,		/* NUL byte (not after a backslash) */
	IMSSEG_SIP_BAD_HDR_NAME,	/* header line is not token *WSP ":" */
	IMSSEG_SIP_BAD_DUP,		/* 2nd From/To/Call-ID/CSeq/Max-Fwd */
	IMSSEG_SIP_BAD_VIA,		/* top Via sent-protocol/by/params */
	IMSSEG_SIP_BAD_ADDR,		/* From/To/Contact quoting, <>, params */
	IMSSEG_SIP_BAD_CALL_ID,		/* empty Call-ID */
	IMSSEG_SIP_BAD_CSEQ,		/* not 1*DIGIT LWS token, >= 2^32 */
	IMSSEG_SIP_BAD_CSEQ_METHOD,	/* CSeq method != request method */
	IMSSEG_SIP_BAD_MAX_FORWARDS,	/* not 1*DIGIT */
	IMSSEG_SIP_BAD_CL_VALUE,	/* not 1*DIGIT, or >= 2^31 */
	IMSSEG_SIP_BAD_CL_MULTI,	/* Content-Length values differ */
	IMSSEG_SIP_BAD_CL_TOO_BIG,	/* larger than the body present */
	IMSSEG_SIP_BAD_COUNT
};

enum imsseg_sip_kind {
	IMSSEG_SIP_KIND_NONE = 0,
	IMSSEG_SIP_KIND_REQUEST,
	IMSSEG_SIP_KIND_RESPONSE,
};

/* Methods are matched case-sensitively (RFC 3261 7.1). */
enum imsseg_sip_method {
	IMSSEG_SIP_M_NONE = 0,		/* response, or not parsed */
	IMSSEG_SIP_M_INVITE,
	IMSSEG_SIP_M_ACK,
	IMSSEG_SIP_M_BYE,
	IMSSEG_SIP_M_CANCEL,
	IMSSEG_SIP_M_REGISTER,
	IMSSEG_SIP_M_OPTIONS,
	IMSSEG_SIP_M_PRACK,
	IMSSEG_SIP_M_UPDATE,
	IMSSEG_SIP_M_SUBSCRIBE,
	IMSSEG_SIP_M_NOTIFY,
	IMSSEG_SIP_M_MESSAGE,
	IMSSEG_SIP_M_INFO,
	IMSSEG_SIP_M_REFER,
	IMSSEG_SIP_M_PUBLISH,
	IMSSEG_SIP_M_OTHER,		/* any other token */
	IMSSEG_SIP_M_COUNT
};

enum imsseg_sip_scheme {
	IMSSEG_SIP_SCHEME_NONE = 0,
	IMSSEG_SIP_SCHEME_SIP,
	IMSSEG_SIP_SCHEME_SIPS,
	IMSSEG_SIP_SCHEME_TEL,
	IMSSEG_SIP_SCHEME_OTHER,
};

enum imsseg_sip_transport {
	IMSSEG_SIP_TP_NONE = 0,
	IMSSEG_SIP_TP_UDP,
	IMSSEG_SIP_TP_TCP,
	IMSSEG_SIP_TP_TLS,
	IMSSEG_SIP_TP_SCTP,
	IMSSEG_SIP_TP_WS,
	IMSSEG_SIP_TP_WSS,
	IMSSEG_SIP_TP_OTHER,
};

/* Header bits for info->seen and info->missing. */
#define IMSSEG_SIP_HDR_VIA		0x0001
#define IMSSEG_SIP_HDR_FROM		0x0002
#define IMSSEG_SIP_HDR_TO		0x0004
#define IMSSEG_SIP_HDR_CALL_ID		0x0008
#define IMSSEG_SIP_HDR_CSEQ		0x0010
#define IMSSEG_SIP_HDR_MAX_FORWARDS	0x0020	/* mandatory in requests */
#define IMSSEG_SIP_HDR_CONTENT_LENGTH	0x0040
#define IMSSEG_SIP_HDR_CONTACT		0x0080
#define IMSSEG_SIP_HDR_EXPIRES		0x0100
#define IMSSEG_SIP_HDR_USER_AGENT	0x0200

/*
 * info->flags. None of them changes the verdict; the ones marked
 * "punt" describe legal-but-odd input the kernel may hand to user
 * space instead of handling in the fast path.
 */
#define IMSSEG_SIP_F_EOL_CRLF	0x00000001	/* a line ended in CRLF */
#define IMSSEG_SIP_F_EOL_LF	0x00000002	/* bare LF (punt if mixed) */
#define IMSSEG_SIP_F_EOL_CR	0x00000004	/* lone CR ended a line: punt */
#define IMSSEG_SIP_F_LEADING_EOL 0x00000008	/* LWS before start line */
#define IMSSEG_SIP_F_FOLDED	0x00000010	/* a header was folded */
#define IMSSEG_SIP_F_LINE_WS	0x00000020	/* odd SP/HTAB in/after start */
#define IMSSEG_SIP_F_VIA_BRANCH	0x00000040	/* top Via has branch */
#define IMSSEG_SIP_F_VIA_MAGIC	0x00000080	/* branch starts z9hG4bK */
#define IMSSEG_SIP_F_VIA_RPORT	0x00000100	/* top Via has rport */
#define IMSSEG_SIP_F_VIA_RPORT_VAL 0x00000200	/* ... rport=<value> */
#define IMSSEG_SIP_F_VIA_RECEIVED 0x00000400	/* top Via has received */
#define IMSSEG_SIP_F_VIA_PORT	0x00000800	/* top Via sent-by port */
#define IMSSEG_SIP_F_VIA_NOT_20	0x00001000	/* top Via not SIP/2.0/... */
#define IMSSEG_SIP_F_FROM_TAG	0x00002000	/* From has ;tag */
#define IMSSEG_SIP_F_TO_TAG	0x00004000	/* To has ;tag */
#define IMSSEG_SIP_F_CONTACT_STAR 0x00008000	/* Contact: * */
#define IMSSEG_SIP_F_CL_DUP	0x00010000	/* same Content-Length twice */
#define IMSSEG_SIP_F_BODY_EXTRA	0x00020000	/* bytes past CL, ignored (18.3) */
#define IMSSEG_SIP_F_MF_ZERO	0x00040000	/* request, Max-Forwards 0 */
#define IMSSEG_SIP_F_MF_RANGE	0x00080000	/* Max-Forwards > 255 */
#define IMSSEG_SIP_F_EXPIRES_BAD 0x00100000	/* Expires not delta-secs */

/* A byte range of the scanned buffer; len 0 means absent. */
struct imsseg_sip_span {
	u16 off;
	u16 len;
};

struct imsseg_sip_info {
	u8 verdict;		/* enum imsseg_sip_verdict, as returned */
	u8 bad;			/* enum imsseg_sip_bad */
	u8 kind;		/* enum imsseg_sip_kind */
	u8 method;		/* enum imsseg_sip_method (requests) */
	u8 cseq_method;		/* enum imsseg_sip_method from CSeq */
	u8 uri_scheme;		/* enum imsseg_sip_scheme (requests) */
	u8 via_transport;	/* enum imsseg_sip_transport, top Via */
	u8 pad;
	u16 status;		/* responses: 100..699 */
	u16 seen;		/* IMSSEG_SIP_HDR_* present */
	u16 missing;		/* IMSSEG_SIP_HDR_* mandatory, absent */
	u16 hdr_len;		/* start line .. empty line; 0: not found */
	u16 err_off;		/* where the scan stopped on an error */
	u16 n_via;		/* Via values, comma-separated ones too */
	u16 n_contact;		/* Contact values ("*" counts one) */
	u16 via_port;		/* top Via sent-by port if F_VIA_PORT */
	u32 flags;		/* IMSSEG_SIP_F_* */
	u32 cseq;		/* CSeq number */
	u32 max_forwards;	/* saturated at 0xffffffff */
	u32 content_length;	/* < 2^31 */
	u32 expires;		/* Expires header; saturated */
	struct imsseg_sip_span method_tok;	/* request method token */
	struct imsseg_sip_span ruri;		/* Request-URI */
	struct imsseg_sip_span via_host;	/* top Via host, [v6] kept */
	struct imsseg_sip_span via_branch;	/* branch value */
	struct imsseg_sip_span via_received;	/* received value */
	struct imsseg_sip_span via_rport;	/* rport value, if any */
	struct imsseg_sip_span from_tag;
	struct imsseg_sip_span to_tag;
	struct imsseg_sip_span call_id;
	struct imsseg_sip_span cseq_method_tok;
	struct imsseg_sip_span user_agent;	/* trimmed value */
};

/*
 * Scan @buf[0..@len) holding the start of one message whose full L4
 * payload is @total_len bytes (@total_len < @len is taken as @len;
 * @len is capped at IMSSEG_SIP_SCAN_MAX). Fills @info and returns the
 * verdict (also in info->verdict).
 *
 * Content-Length is checked with datagram framing: it may not exceed
 * @total_len minus the header section (RFC 3261 18.3). On a stream
 * transport, treat BAD_CONTENT_LENGTH with bad == CL_TOO_BIG as "need
 * more bytes".
 */
int imsseg_sip_scan(const u8 *buf, u32 len, u32 total_len,
		    struct imsseg_sip_info *info);

/*
 * True if @needle (NUL-terminated, at most 255 bytes) occurs in the
 * span, ASCII case-insensitively. Work is bounded by span.len times
 * strlen(@needle). E.g. a User-Agent deny list:
 *	imsseg_sip_span_contains(buf, info->user_agent, "friendly-scanner")
 */
bool imsseg_sip_span_contains(const u8 *buf, struct imsseg_sip_span span,
			      const char *needle);

/* Short lower-case names for counters and logs; never NULL. */
const char *imsseg_sip_verdict_name(int verdict);
const char *imsseg_sip_bad_name(int bad);
const char *imsseg_sip_method_name(int method);

#endif /* _IMSSEG_SIPSCAN_H */
