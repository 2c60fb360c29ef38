// SPDX-License-Identifier: GPL-2.0
/*
 * sipmsg_parse(): one SIP message through sofia-sip's parser, then
 * segctl's own checks (sipmsg_lint.c), flattened into struct sipmsg
 * (sipmsg.h); sipmsg_parse_via(): one Via field value the same way.
 * Documentation/sipmsg.rst says what is parsed and why.
 *
 * Each call creates and destroys its own sofia-sip msg_t (all sofia
 * memory lives in that message's home), so nothing is kept between
 * calls and nothing in struct sipmsg points into sofia-sip memory.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sofia-sip/msg.h>
#include <sofia-sip/msg_buffer.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_util.h>
#include <sofia-sip/url.h>

#include "sipmsg.h"
#include "sipmsg_lint.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static const char *const method_names[] = {
	[SIPM_NONE] = "", [SIPM_INVITE] = "INVITE", [SIPM_ACK] = "ACK",
	[SIPM_BYE] = "BYE", [SIPM_CANCEL] = "CANCEL",
	[SIPM_REGISTER] = "REGISTER", [SIPM_OPTIONS] = "OPTIONS",
	[SIPM_PRACK] = "PRACK", [SIPM_UPDATE] = "UPDATE",
	[SIPM_SUBSCRIBE] = "SUBSCRIBE", [SIPM_NOTIFY] = "NOTIFY",
	[SIPM_MESSAGE] = "MESSAGE", [SIPM_INFO] = "INFO",
	[SIPM_REFER] = "REFER", [SIPM_PUBLISH] = "PUBLISH",
	[SIPM_OTHER] = "OTHER",
};

const char *sipmsg_method_name(uint8_t method)
{
	if (method >= ARRAY_SIZE(method_names))
		return "";
	return method_names[method];
}

static uint8_t method_of(sip_method_t sm)
{
	switch (sm) {
	case sip_method_invite:		return SIPM_INVITE;
	case sip_method_ack:		return SIPM_ACK;
	case sip_method_cancel:		return SIPM_CANCEL;
	case sip_method_bye:		return SIPM_BYE;
	case sip_method_options:	return SIPM_OPTIONS;
	case sip_method_register:	return SIPM_REGISTER;
	case sip_method_info:		return SIPM_INFO;
	case sip_method_prack:		return SIPM_PRACK;
	case sip_method_update:		return SIPM_UPDATE;
	case sip_method_message:	return SIPM_MESSAGE;
	case sip_method_subscribe:	return SIPM_SUBSCRIBE;
	case sip_method_notify:		return SIPM_NOTIFY;
	case sip_method_refer:		return SIPM_REFER;
	case sip_method_publish:	return SIPM_PUBLISH;
	default:			return SIPM_OTHER;
	}
}

/* Copies @src (NULL: "") into dst[size]; a cut sets SIPMSG_F_CUT. */
static void put(struct sipmsg *m, char *dst, size_t size, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= size) {
		n = size - 1;
		m->flags |= SIPMSG_F_CUT;
	}
	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
}

/* 1*DIGIT up to @max; NULL is 0 (absent). -1: not a number or too big */
static long long number(const char *s, long long max)
{
	long long v = 0;

	if (!s)
		return 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	return v;
}

/* Flattening state: the first lint-level problem found, if any. */
struct flat {
	struct sipmsg *m;
	const char *bad;
};

static void flat_bad(struct flat *fl, const char *why)
{
	if (!fl->bad)
		fl->bad = why;
}

static uint16_t port_of(struct flat *fl, const char *s, const char *why)
{
	long long v = number(s, 65535);

	if (v < 0) {
		flat_bad(fl, why);
		return 0;
	}
	return (uint16_t)v;
}

static void put_uri(struct flat *fl, struct sip_uri *u, const url_t *url)
{
	struct sipmsg *m = fl->m;
	char tp[8];

	switch (url->url_type) {
	case url_sip:
		u->scheme = SIPS_SIP;
		break;
	case url_sips:
		u->scheme = SIPS_SIPS;
		u->tp_tls = true;
		break;
	case url_tel:
		u->scheme = SIPS_TEL;
		break;
	default:
		u->scheme = SIPS_OTHER;
		break;
	}
	put(m, u->user, sizeof(u->user), url->url_user);
	put(m, u->hp.host, sizeof(u->hp.host), url->url_host);
	if (u->scheme == SIPS_SIP || u->scheme == SIPS_SIPS)
		u->hp.port = port_of(fl, url->url_port,
				     "lint: bad port in a URI");
	if (url->url_params &&
	    url_param(url->url_params, "transport", tp, sizeof(tp)) > 0 &&
	    !strcasecmp(tp, "tls"))
		u->tp_tls = true;
}

static uint8_t via_tp(const char *proto)
{
	static const struct {
		const char *name;
		uint8_t tp;
	} t[] = {
		{ "UDP", SIPTP_UDP }, { "TCP", SIPTP_TCP },
		{ "TLS", SIPTP_TLS }, { "SCTP", SIPTP_SCTP },
		{ "WS", SIPTP_WS }, { "WSS", SIPTP_WSS },
	};
	const char *s = proto ? strrchr(proto, '/') : NULL;
	size_t i;

	if (!s)
		return SIPTP_OTHER;
	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (!strcasecmp(s + 1, t[i].name))
			return t[i].tp;
	return SIPTP_OTHER;
}

static void put_vias(struct flat *fl, const sip_via_t *v)
{
	struct sipmsg *m = fl->m;
	struct sip_via *d;

	for (; v; v = v->v_next) {
		if (m->n_via == SIPMSG_VIA_MAX) {
			m->flags |= SIPMSG_F_MORE_VIA;
			return;
		}
		d = &m->via[m->n_via++];
		d->tp = via_tp(v->v_protocol);
		put(m, d->by.host, sizeof(d->by.host), v->v_host);
		d->by.port = port_of(fl, v->v_port, "lint: bad Via port");
		put(m, d->branch, sizeof(d->branch), v->v_branch);
		put(m, d->received, sizeof(d->received), v->v_received);
		if ((v->v_branch && !*v->v_branch) ||
		    (v->v_received && !*v->v_received))
			flat_bad(fl, "lint: empty Via branch or received");
		if (v->v_rport) {
			d->rport = true;
			if (*v->v_rport)
				d->rport_val = port_of(fl, v->v_rport,
						       "lint: bad Via rport");
		}
	}
}

static void put_contacts(struct flat *fl, const sip_contact_t *c)
{
	struct sipmsg *m = fl->m;
	struct sip_contact *d;
	long long e;

	for (; c; c = c->m_next) {
		if (m->n_contact == SIPMSG_CONTACT_MAX) {
			m->flags |= SIPMSG_F_MORE_CONTACT;
			return;
		}
		d = &m->contact[m->n_contact++];
		d->expires = -1;
		if (c->m_url->url_type == url_any)
			d->star = true;
		else
			put_uri(fl, &d->uri, c->m_url);
		if (c->m_expires) {
			/* delta-seconds, saturated as RFC 3261 20.19 says */
			e = number(c->m_expires, LLONG_MAX / 10);
			if (e < 0 && strspn(c->m_expires, "0123456789") !=
			    strlen(c->m_expires))
				flat_bad(fl, "lint: bad Contact expires");
			d->expires = e < 0 || e > INT32_MAX ? INT32_MAX : e;
		}
	}
}

/* --- SDP --------------------------------------------------------- */

/*
 * Only the c= and m= lines matter here, so a small line parser rather
 * than sdp_parse(): sofia's SDP parser refuses bodies RFC 4475 calls
 * valid ("a=rtpmap:31 LPC", no clock rate) and builds a whole session
 * tree. Lines end in CRLF or LF; unknown lines are skipped.
 */
static bool sdp_word(const char **p, const char *e, const char **w,
		     size_t *n)
{
	const char *s = *p;

	while (s < e && *s == ' ')
		s++;
	*w = s;
	while (s < e && *s != ' ')
		s++;
	*n = s - *w;
	*p = s;
	return *n > 0;
}

/* RFC 4566 connection-address: an IP4/IP6 address or an FQDN */
static bool sdp_addr_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == ':';
}

/* Numeric-looking addresses must be real ones (no 10.10.10.256). */
static bool sdp_addr_ok(const char *w, size_t n)
{
	char a[SIPMSG_HOST_MAX];
	unsigned char bin[16];

	if (n >= sizeof(a))
		return true;	/* a long FQDN, cut when copied */
	memcpy(a, w, n);
	a[n] = '\0';
	if (strchr(a, ':'))
		return inet_pton(AF_INET6, a, bin) == 1;
	if (strspn(a, "0123456789.") == n)
		return inet_pton(AF_INET, a, bin) == 1;
	return true;
}

static bool sdp_conn(struct sipmsg *m, const char *s, const char *e)
{
	const char *w;
	size_t n, k;

	/* c=<nettype> <addrtype> <address>[/ttl[/count]] */
	if (!sdp_word(&s, e, &w, &n) || !sdp_word(&s, e, &w, &n) ||
	    !sdp_word(&s, e, &w, &n))
		return false;
	for (k = 0; k < n && w[k] != '/'; k++)
		if (!sdp_addr_char(w[k]))
			return false;
	if (!k || !sdp_addr_ok(w, k))
		return false;
	if (!m->sdp.conn[0]) {
		if (k >= sizeof(m->sdp.conn)) {
			k = sizeof(m->sdp.conn) - 1;
			m->flags |= SIPMSG_F_CUT;
		}
		memcpy(m->sdp.conn, w, k);
		m->sdp.conn[k] = '\0';
	}
	return true;
}

static bool sdp_media(struct sipmsg *m, const char *s, const char *e)
{
	const char *w;
	size_t n, k;
	long v = 0;

	/* m=<media> <port>[/<count>] <proto> <fmt> ... */
	if (!sdp_word(&s, e, &w, &n) || !sdp_word(&s, e, &w, &n))
		return false;
	for (k = 0; k < n && w[k] != '/'; k++) {
		if (w[k] < '0' || w[k] > '9')
			return false;
		v = v * 10 + (w[k] - '0');
		if (v > 65535)
			return false;
	}
	if (!k)
		return false;
	if (m->sdp.n_media == SIPMSG_MEDIA_MAX) {
		m->flags |= SIPMSG_F_MORE_MEDIA;
		return true;
	}
	m->sdp.port[m->sdp.n_media++] = (uint16_t)v;
	return true;
}

static void put_sdp(struct sipmsg *m, const char *b, size_t len)
{
	const char *p = b, *e = b + len, *l;
	char sess_conn[SIPMSG_HOST_MAX] = "";
	bool in_media = false, ok = true;

	while (p < e && ok) {
		for (l = p; l < e && *l != '\r' && *l != '\n'; l++)
			;
		if (l - p >= 2 && p[1] == '=') {
			if (p[0] == 'm') {
				if (!in_media)
					memcpy(sess_conn, m->sdp.conn,
					       sizeof(sess_conn));
				in_media = true;
				ok = sdp_media(m, p + 2, l);
			} else if (p[0] == 'c') {
				ok = sdp_conn(m, p + 2, l);
			}
		}
		p = l;
		if (p < e && *p == '\r')
			p++;
		if (p < e && *p == '\n')
			p++;
	}
	/* session-level c= wins over the first media-level one */
	if (sess_conn[0])
		memcpy(m->sdp.conn, sess_conn, sizeof(sess_conn));
	m->flags |= ok ? SIPMSG_F_SDP : SIPMSG_F_SDP_BAD;
}

/* --- sipmsg_parse ------------------------------------------------ */

static enum sipmsg_err fail(const char **why, const char *msg,
			    enum sipmsg_err err)
{
	if (why)
		*why = msg;
	return err;
}

static bool is_sdp(const sip_content_type_t *ct)
{
	return ct && ct->c_type && !strcasecmp(ct->c_type, "application/sdp");
}

/*
 * What the one walk over the raw header section finds before sofia-sip
 * runs: the walk itself (its start line, for the lint), the first
 * field that fails segctl's field checks, and the first Via field.
 */
struct prewalk {
	struct sipraw r;
	const char *field_err;
	size_t via_val, via_val_end;
	/* where ";received=..;rport=.." goes: after the top Via element */
	size_t via_top_end;
};

static void prewalk_via(struct prewalk *w, const struct sipraw_field *f)
{
	const char *b = w->r.b;
	size_t pos = f->val, el, el_end;

	w->via_val = f->val;
	w->via_val_end = f->val_end;
	if (sipraw_elem(b, &pos, f->val_end, &el, &el_end))
		w->via_top_end = sipraw_via_params_end(b, el, el_end);
}

/* The fields of @sip into @m; a lint-level problem is returned. */
static const char *flatten(struct sipmsg *m, const sip_t *sip)
{
	struct flat fl = { .m = m };
	const sip_payload_t *pl = sip->sip_payload;

	if (sip->sip_request) {
		m->request = true;
		m->method = method_of(sip->sip_request->rq_method);
		put(m, m->method_name, sizeof(m->method_name),
		    sip->sip_request->rq_method_name);
		put_uri(&fl, &m->ruri, sip->sip_request->rq_url);
		if ((m->ruri.scheme == SIPS_SIP ||
		     m->ruri.scheme == SIPS_SIPS) &&
		    sip->sip_request->rq_url->url_headers)
			flat_bad(&fl, "lint: headers in the Request-URI");
	} else {
		m->status = (uint16_t)sip->sip_status->st_status;
	}
	if (sip->sip_call_id)
		put(m, m->call_id, sizeof(m->call_id), sip->sip_call_id->i_id);
	if ((sip->sip_from && sip->sip_from->a_tag &&
	     !*sip->sip_from->a_tag) ||
	    (sip->sip_to && sip->sip_to->a_tag && !*sip->sip_to->a_tag))
		flat_bad(&fl, "lint: tag without a value");
	if (sip->sip_from) {
		put_uri(&fl, &m->from, sip->sip_from->a_url);
		put(m, m->from_tag, sizeof(m->from_tag), sip->sip_from->a_tag);
	}
	if (sip->sip_to) {
		put_uri(&fl, &m->to, sip->sip_to->a_url);
		put(m, m->to_tag, sizeof(m->to_tag), sip->sip_to->a_tag);
	}
	if (sip->sip_cseq) {
		m->cseq = sip->sip_cseq->cs_seq;
		m->cseq_method = method_of(sip->sip_cseq->cs_method);
	}
	put_vias(&fl, sip->sip_via);
	put_contacts(&fl, sip->sip_contact);
	m->expires = -1;
	if (sip->sip_expires) {
		if (sip->sip_expires->ex_date)
			flat_bad(&fl, "lint: Expires is a date");
		m->expires = sip->sip_expires->ex_delta > INT32_MAX ?
			     INT32_MAX : (int32_t)sip->sip_expires->ex_delta;
	}
	if (sip->sip_authorization || sip->sip_proxy_authorization)
		m->flags |= SIPMSG_F_AUTH;
	if (sip->sip_user_agent)
		put(m, m->user_agent, sizeof(m->user_agent),
		    sip->sip_user_agent->g_string);
	if (is_sdp(sip->sip_content_type) && pl && pl->pl_data && pl->pl_len)
		put_sdp(m, pl->pl_data, pl->pl_len);
	return fl.bad;
}

/*
 * Before sofia-sip: the header section must end in an empty line (a
 * datagram cut inside its headers is not a message; sofia-sip would
 * take the end of the data as the end of the headers) and hold no NUL
 * byte (sofia-sip's C strings would end there and hide what follows).
 * The same walk gathers what the lint and the Via rewrite need (@w).
 */
static const char *precheck(const char *buf, size_t len, struct prewalk *w)
{
	struct sipraw_field f;
	bool via = false;

	memset(w, 0, sizeof(*w));
	if (!sipraw_init(&w->r, buf, len))
		return "no start line";
	while (sipraw_next(&w->r, &f)) {
		if (!w->field_err)
			w->field_err = sipmsg_lint_field(&w->r, &f);
		if (!via && sipraw_is(&w->r, &f, "Via", 'v')) {
			via = true;
			prewalk_via(w, &f);
		}
	}
	if (w->r.hdr_end >= len)
		return "no empty line after the headers";
	if (memchr(buf, '\0', w->r.hdr_end))
		return "NUL byte in the header section";
	return NULL;
}

/*
 * sofia-sip takes a datagram that ends right after its headers whatever
 * Content-Length says (RFC 4475 clerr without the body).
 */
static bool body_missing(const sip_t *sip)
{
	const sip_payload_t *pl = sip->sip_payload;

	return sip->sip_content_length &&
	       sip->sip_content_length->l_length > (pl ? pl->pl_len : 0);
}

static enum sipmsg_err parse_sip(const char *buf, size_t len,
				 struct sipmsg *m, const char **why,
				 const char **bad)
{
	msg_t *msg;
	sip_t *sip;
	char *b;
	enum sipmsg_err err;

	msg = msg_create(sip_default_mclass(), 0);
	if (!msg)
		return fail(why, "sofia-sip: out of memory", SIPMSG_E_PARSE);
	b = msg_buf_alloc(msg, len + 1);
	if (!b) {
		msg_destroy(msg);
		return fail(why, "sofia-sip: out of memory", SIPMSG_E_PARSE);
	}
	memcpy(b, buf, len);
	msg_buf_commit(msg, len, 1);	/* eos: the datagram is whole */

	sip = sip_object(msg);
	err = SIPMSG_E_PARSE;
	if (msg_extract(msg) <= 0 || msg_has_error(msg) || !sip)
		fail(why, "sofia-sip: parse error", err);
	else if (sip->sip_error)
		fail(why, "sofia-sip: a header did not parse", err);
	else if (!sip->sip_request && !sip->sip_status)
		fail(why, "sofia-sip: no start line", err);
	else if (body_missing(sip))
		fail(why, "Content-Length beyond the datagram", err);
	else if (sip->sip_status && (sip->sip_status->st_status < 100 ||
				     sip->sip_status->st_status > 699))
		fail(why, "sofia-sip: status code out of range", err);
	else
		err = SIPMSG_OK;
	if (err) {
		msg_destroy(msg);
		return err;
	}

	*bad = flatten(m, sip);
	if (!sip->sip_via || !sip->sip_from || !sip->sip_to ||
	    !sip->sip_call_id || !sip->sip_cseq)
		err = fail(why, "missing Via, From, To, Call-ID or CSeq",
			   SIPMSG_E_MISSING);
	else if (sip_sanity_check(sip) < 0)
		err = fail(why, "sofia-sip: sanity check failed",
			   SIPMSG_E_PARSE);
	msg_destroy(msg);
	return err;
}

enum sipmsg_err sipmsg_parse(const char *buf, size_t len, struct sipmsg *m,
			     const char **why)
{
	const char *bad = NULL;
	struct prewalk w;
	enum sipmsg_err err;

	memset(m, 0, sizeof(*m));
	m->expires = -1;
	if (why)
		*why = "";
	if (!buf || !len)
		return fail(why, "empty message", SIPMSG_E_PARSE);
	if (len > SIPMSG_LEN_MAX)
		return fail(why, "message longer than 65535 bytes",
			    SIPMSG_E_PARSE);
	bad = precheck(buf, len, &w);
	if (bad)
		return fail(why, bad, SIPMSG_E_PARSE);
	err = parse_sip(buf, len, m, why, &bad);
	if (err == SIPMSG_E_PARSE) {
		memset(m, 0, sizeof(*m));
		m->expires = -1;
		return err;
	}
	m->via_top_end = w.via_top_end;
	m->via_val = w.via_val;
	m->via_val_end = w.via_val_end;
	if (err)
		return err;
	err = sipmsg_lint(&w.r, w.field_err, m, why);
	if (!err && bad)
		err = fail(why, bad, SIPMSG_E_LINT);
	return err;
}

enum sipmsg_err sipmsg_parse_via(const char *val, size_t len,
				 struct sipmsg *m, const char **why)
{
	su_home_t home[1] = { SU_HOME_INIT(home) };
	struct flat fl = { .m = m };
	enum sipmsg_err err = SIPMSG_OK;
	char tmp[512], *s = tmp;
	const char *bad;
	sip_via_t *v;

	memset(m->via, 0, sizeof(m->via));
	m->n_via = 0;
	m->flags = 0;
	if (why)
		*why = "";
	if (!val || !len || len > SIPMSG_LEN_MAX || memchr(val, '\0', len))
		return fail(why, "Via: empty, too long or with a NUL",
			    SIPMSG_E_PARSE);
	/* a C string for sofia-sip, which copies it again */
	if (len < sizeof(tmp)) {
		memcpy(tmp, val, len);
		tmp[len] = '\0';
	} else {
		s = su_strndup(home, val, len);
	}
	v = s ? sip_via_make(home, s) : NULL;
	if (!v) {
		err = fail(why, "sofia-sip: the Via did not parse",
			   SIPMSG_E_PARSE);
	} else {
		put_vias(&fl, v);
		bad = fl.bad ? fl.bad : sipmsg_lint_vias(m);
		if (bad)
			err = fail(why, bad, SIPMSG_E_LINT);
	}
	su_home_deinit(home);
	return err;
}
