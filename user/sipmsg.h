/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One SIP message as segctl's checks see it. sipmsg_parse() runs
 * sofia-sip's parser (msg_parse via sip_default_mclass()) on the bytes,
 * then segctl's own checks for what sofia-sip accepts but RFC 4475
 * calls invalid (sipmsg_lint), and flattens the fields the checks need
 * into fixed-size members: nothing here points into sofia-sip memory,
 * and the struct can be copied and kept.
 *
 * Strings are NUL-terminated and cut at their array size (a cut sets
 * SIPMSG_F_CUT: the checks treat a cut value as not matching anything).
 */
#ifndef _SEGCTL_SIPMSG_H
#define _SEGCTL_SIPMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIPMSG_TOKEN_MAX	128	/* Call-ID, tags, branch */
#define SIPMSG_HOST_MAX		96	/* host names, [v6] literals kept */
#define SIPMSG_USER_MAX		64
#define SIPMSG_METHOD_MAX	24
#define SIPMSG_VIA_MAX		16
#define SIPMSG_CONTACT_MAX	8
#define SIPMSG_MEDIA_MAX	8
#define SIPMSG_UA_MAX		96

enum sipmsg_method {
	SIPM_NONE = 0,		/* responses */
	SIPM_INVITE, SIPM_ACK, SIPM_BYE, SIPM_CANCEL, SIPM_REGISTER,
	SIPM_OPTIONS, SIPM_PRACK, SIPM_UPDATE, SIPM_SUBSCRIBE, SIPM_NOTIFY,
	SIPM_MESSAGE, SIPM_INFO, SIPM_REFER, SIPM_PUBLISH,
	SIPM_OTHER,
};

enum sipmsg_scheme { SIPS_NONE = 0, SIPS_SIP, SIPS_SIPS, SIPS_TEL, SIPS_OTHER };

enum sipmsg_tp {
	SIPTP_NONE = 0, SIPTP_UDP, SIPTP_TCP, SIPTP_TLS, SIPTP_SCTP,
	SIPTP_WS, SIPTP_WSS, SIPTP_OTHER,
};

/* Result of sipmsg_parse(). */
enum sipmsg_err {
	SIPMSG_OK = 0,
	SIPMSG_E_PARSE,		/* sofia-sip or the pre-checks (NUL, no empty
				 * line, size) refused it, or no memory */
	SIPMSG_E_LINT,		/* sofia-sip took it, segctl's checks did not */
	SIPMSG_E_MISSING,	/* Via, From, To, Call-ID or CSeq absent */
};

/* Flags in struct sipmsg.flags */
#define SIPMSG_F_CUT		0x0001	/* a value was longer than its field */
#define SIPMSG_F_MORE_VIA	0x0002	/* more than SIPMSG_VIA_MAX Vias */
#define SIPMSG_F_MORE_CONTACT	0x0004	/* more than SIPMSG_CONTACT_MAX */
#define SIPMSG_F_AUTH		0x0008	/* Authorization/Proxy-Authorization */
#define SIPMSG_F_SDP		0x0010	/* body is application/sdp, parsed */
#define SIPMSG_F_SDP_BAD	0x0020	/* body is application/sdp, but its
					 * c= or m= lines did not parse */
#define SIPMSG_F_MORE_MEDIA	0x0040	/* more than SIPMSG_MEDIA_MAX m= */
#define SIPMSG_F_BAD_VERSION	0x0080	/* E_LINT: start line version is
					 * not SIP/2.0 (a UAS answers 505) */

/* Longest message sipmsg_parse() takes (one UDP datagram's payload). */
#define SIPMSG_LEN_MAX		65535

struct sip_hostport {
	char host[SIPMSG_HOST_MAX];	/* as written; [v6] with brackets */
	uint16_t port;			/* 0: absent */
};

struct sip_uri {
	uint8_t scheme;			/* enum sipmsg_scheme */
	bool tp_tls;			/* ;transport=tls (or sips:) */
	char user[SIPMSG_USER_MAX];
	struct sip_hostport hp;
};

struct sip_via {
	uint8_t tp;			/* enum sipmsg_tp of SIP/2.0/<tp> */
	struct sip_hostport by;		/* sent-by */
	char branch[SIPMSG_TOKEN_MAX];
	char received[SIPMSG_HOST_MAX];
	bool rport;			/* ;rport present */
	uint16_t rport_val;		/* ;rport=N, 0 if no value */
};

struct sip_contact {
	bool star;			/* Contact: * */
	struct sip_uri uri;
	int32_t expires;		/* ;expires=, -1 if absent */
};

/* What an SDP body says about where media goes (c= and m= lines). */
struct sip_sdp {
	char conn[SIPMSG_HOST_MAX];	/* session-level c= address, or the
					 * first media-level one */
	uint8_t n_media;
	uint16_t port[SIPMSG_MEDIA_MAX]; /* m= ports in order */
};

struct sipmsg {
	bool request;
	uint8_t method;			/* enum sipmsg_method (requests) */
	char method_name[SIPMSG_METHOD_MAX];
	uint16_t status;		/* responses: 100..699 */
	struct sip_uri ruri;		/* requests */

	char call_id[SIPMSG_TOKEN_MAX];
	struct sip_uri from, to;	/* addr-spec of From and To */
	char from_tag[SIPMSG_TOKEN_MAX];
	char to_tag[SIPMSG_TOKEN_MAX];	/* "" if absent */
	uint32_t cseq;
	uint8_t cseq_method;		/* enum sipmsg_method */

	uint8_t n_via;
	struct sip_via via[SIPMSG_VIA_MAX];	/* via[0] is the top one */

	uint8_t n_contact;
	struct sip_contact contact[SIPMSG_CONTACT_MAX];
	int32_t expires;		/* Expires header, -1 if absent */

	char user_agent[SIPMSG_UA_MAX];
	struct sip_sdp sdp;		/* valid if flags & SIPMSG_F_SDP */
	uint32_t flags;			/* SIPMSG_F_* */

	/*
	 * Byte offset in the parsed buffer just after the top Via's value
	 * (before a comma, CRLF or the next header) where
	 * ";received=A;rport=N" can be inserted; 0 if unknown.
	 */
	size_t via_top_end;
	/*
	 * The value of the first Via header field (what follows "Via:",
	 * without surrounding LWS; it may span folds): [via_val,
	 * via_val_end), both 0 if unknown. sipmsg_parse_via() takes it.
	 */
	size_t via_val, via_val_end;
};

/*
 * Parses @len bytes at @buf (one message, not NUL-terminated). On an
 * error @why (may be NULL) gets a short static description, e.g.
 * "sofia-sip: bad Via" or "lint: trailing whitespace in a header name".
 *
 * On SIPMSG_OK and SIPMSG_E_LINT all of *@m is filled (sofia-sip parsed
 * the message; E_LINT says segctl's own checks refused it, see
 * Documentation/sipmsg.rst). On SIPMSG_E_MISSING the fields of the
 * headers that are present are filled; on SIPMSG_E_PARSE *@m is zeroed
 * (except what was filled before the error; do not use it).
 * Bytes after Content-Length in a datagram are ignored (RFC 3261 18.3).
 * It keeps no state between calls (each call has its own sofia-sip
 * message, destroyed before it returns); call it from one thread at a
 * time. @buf is not modified.
 */
enum sipmsg_err sipmsg_parse(const char *buf, size_t len, struct sipmsg *m,
			     const char **why);

/*
 * One Via header field value, @val[0..@len) (what follows "Via:", no
 * NUL needed), through sofia-sip's Via parser and the rules
 * sipmsg_parse() applies to a message's Vias (ports, empty branch or
 * received, sent-by host): only m->via, m->n_via and m->flags
 * (SIPMSG_F_CUT, SIPMSG_F_MORE_VIA) are written. For checking
 * a Via segctl rewrote without parsing the whole message again: the
 * other header fields of that message are unchanged bytes. SIPMSG_OK,
 * or SIPMSG_E_PARSE / SIPMSG_E_LINT with @why (may be NULL) set.
 */
enum sipmsg_err sipmsg_parse_via(const char *val, size_t len,
				 struct sipmsg *m, const char **why);

/* "INVITE", ... for a method id; "" for SIPM_NONE. */
const char *sipmsg_method_name(uint8_t method);

#endif /* _SEGCTL_SIPMSG_H */
