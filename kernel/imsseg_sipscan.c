// SPDX-License-Identifier: GPL-2.0
/*
 * SIP start line and header scanner. Pure file: builds unchanged in the
 * kernel module and in host tests/fuzzers (see imsseg_pure.h).
 *
 * Lines end in CRLF, bare LF or a lone CR (as sofia-sip and pjsip do,
 * and RFC 2543 allowed); a line starting with SP/HTAB continues the
 * previous header. Every access is checked against the scanned length
 * and no loop moves backwards past what it scanned, so the work is
 * linear in it. The lexical helpers (character classes, numbers,
 * parameters, addresses) are in imsseg_siplex.c.
 * Documentation/sipscan.rst describes the checks.
 */
#include "imsseg_pure.h"
#include "imsseg_siplex.h"
#include "imsseg_sipscan.h"

#define IMSSEG_CL_LIMIT	0x80000000U	/* Content-Length must stay below */

struct imsseg_scan {
	const u8 *b;
	u32 len;		/* bytes we may read */
	u32 total;		/* datagram length */
	struct imsseg_sip_info *info;
};

static int imsseg_stop(struct imsseg_scan *s, int verdict, int bad, u32 off)
{
	s->info->verdict = verdict;
	s->info->bad = bad;
	s->info->err_off = off;
	return verdict;
}

static int imsseg_malformed(struct imsseg_scan *s, int bad, u32 off)
{
	return imsseg_stop(s, IMSSEG_SIP_MALFORMED, bad, off);
}

/* The header section did not end inside the scanned bytes. */
static int imsseg_incomplete(struct imsseg_scan *s)
{
	return imsseg_stop(s, s->len < s->total ? IMSSEG_SIP_TOO_LONG :
			   IMSSEG_SIP_TRUNCATED, IMSSEG_SIP_BAD_NONE, s->len);
}

/*
 * True if one of the 8 bytes at @p is below 0x0e: the only bytes that
 * can end a line (NUL, LF, CR) are. Word-at-a-time: a byte below 0x0e
 * with no borrow from below sets its high bit in w - 0x0e.., and its
 * own high bit is clear in w; without such a byte nothing borrows and
 * no byte is both >= 0x8e and below 0x80. Only "any byte" is asked, so
 * the byte order of the load does not matter.
 */
static inline bool imsseg_ctl8(const u8 *p)
{
	u64 w;

	memcpy(&w, p, sizeof(w));
	return (w - 0x0e0e0e0e0e0e0e0eULL) & ~w & 0x8080808080808080ULL;
}

/*
 * Find the end of the line starting at @p: returns 1 with *@eol on the
 * terminator and *@nl on the next line; 0 if the scanned bytes end
 * first (or with a CR, when the datagram goes on); -1 on a NUL not
 * right after a backslash (quoted-pair, RFC 4475 intmeth).
 */
static int imsseg_line(struct imsseg_scan *s, u32 p, u32 *eol, u32 *nl)
{
	const u8 *b = s->b;
	u32 start = p, end;
	u8 c;

	while (p < s->len) {
		/* s->len <= IMSSEG_SIP_SCAN_MAX: p + 8 does not wrap */
		while (p + 8 <= s->len && !imsseg_ctl8(b + p))
			p += 8;
		end = min_t(u32, p + 8, s->len);
		for (; p < end; p++) {
			c = b[p];
			if (likely(c > '\r') || (c && c != '\n' && c != '\r'))
				continue;
			if (!c) {
				if (p > start && b[p - 1] == '\\')
					continue;
				s->info->err_off = p;
				return -1;
			}
			*eol = p;
			if (c == '\n') {
				s->info->flags |= IMSSEG_SIP_F_EOL_LF;
				*nl = p + 1;
			} else if (p + 1 < s->len && b[p + 1] == '\n') {
				s->info->flags |= IMSSEG_SIP_F_EOL_CRLF;
				*nl = p + 2;
			} else if (p + 1 < s->len || s->len == s->total) {
				s->info->flags |= IMSSEG_SIP_F_EOL_CR;
				*nl = p + 1;
			} else {
				return 0;	/* CR LF may be split by the scan */
			}
			return 1;
		}
	}
	return 0;
}

/* Status-Line = SIP-Version SP Status-Code SP Reason-Phrase */
static int imsseg_status_line(struct imsseg_scan *s, u32 p, u32 eol)
{
	struct imsseg_sip_info *info = s->info;
	const u8 *b = s->b;
	u32 v = p, code = 0, i;
	int r;

	while (p < eol && !imsseg_is_ws(b[p]))
		p++;
	r = imsseg_version(b + v, p - v);
	if (r != 1)
		return imsseg_stop(s, r ? IMSSEG_SIP_BAD_VERSION :
				   IMSSEG_SIP_NOT_SIP, r ?
				   IMSSEG_SIP_BAD_VERSION_NUM :
				   IMSSEG_SIP_BAD_NONE, v);
	info->kind = IMSSEG_SIP_KIND_RESPONSE;
	if (p == eol)
		return imsseg_malformed(s, IMSSEG_SIP_BAD_STATUS, p);
	if (b[p] != ' ' || imsseg_is_ws(b[p + 1]))
		info->flags |= IMSSEG_SIP_F_LINE_WS;
	while (p < eol && imsseg_is_ws(b[p]))
		p++;
	for (i = 0; i < 3 && p < eol && imsseg_is_digit(b[p]); i++, p++)
		code = code * 10 + b[p] - '0';
	if (i != 3 || code < 100 || code > 699 ||
	    (p < eol && !imsseg_is_ws(b[p])))
		return imsseg_malformed(s, IMSSEG_SIP_BAD_STATUS, p);
	info->status = code;
	return IMSSEG_SIP_OK;
}

/*
 * Request-Line = Method SP Request-URI SP SIP-Version, b[m_end] being
 * SP/HTAB. Runs of SP/HTAB and trailing ones are tolerated (F_LINE_WS,
 * RFC 4475 lwsstart, trws); LWS inside the Request-URI is not (lwsruri).
 */
static int imsseg_request_line(struct imsseg_scan *s, u32 p, u32 m_end,
			       u32 eol)
{
	struct imsseg_sip_info *info = s->info;
	const u8 *b = s->b;
	u32 e = eol, v, u, ue, i;
	int r;

	while (e > m_end && imsseg_is_ws(b[e - 1]))
		e--;
	if (e == m_end)
		return imsseg_stop(s, IMSSEG_SIP_NOT_SIP, IMSSEG_SIP_BAD_NONE,
				   e);
	for (v = e; !imsseg_is_ws(b[v - 1]); v--)	/* stops at m_end */
		;
	r = imsseg_version(b + v, e - v);
	if (r != 1)
		return imsseg_stop(s, r ? IMSSEG_SIP_BAD_VERSION :
				   IMSSEG_SIP_NOT_SIP, r ?
				   IMSSEG_SIP_BAD_VERSION_NUM :
				   IMSSEG_SIP_BAD_NONE, v);
	info->kind = IMSSEG_SIP_KIND_REQUEST;
	info->method_tok = imsseg_span(p, m_end);
	info->method = imsseg_method(b + p, m_end - p);
	u = m_end + 1;
	ue = v - 1;
	if (ue <= m_end)
		return imsseg_malformed(s, IMSSEG_SIP_BAD_START_LINE, u);
	if (e != eol || b[m_end] != ' ' || b[ue] != ' ' ||
	    imsseg_is_ws(b[u]) || imsseg_is_ws(b[ue - 1]))
		info->flags |= IMSSEG_SIP_F_LINE_WS;
	while (u < ue && imsseg_is_ws(b[u]))
		u++;
	while (ue > u && imsseg_is_ws(b[ue - 1]))
		ue--;
	if (u == ue)
		return imsseg_malformed(s, IMSSEG_SIP_BAD_START_LINE, u);
	for (i = u; i < ue; i++)
		if (imsseg_is_ws(b[i]))
			return imsseg_malformed(s, IMSSEG_SIP_BAD_START_LINE,
						i);
	info->ruri = imsseg_span(u, ue);
	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	for (i = u; i < ue && (imsseg_is_alnum(b[i]) || b[i] == '+' ||
			       b[i] == '-' || b[i] == '.'); i++)
		;
	if (i == u || i >= ue || b[i] != ':' || imsseg_is_digit(b[u]) ||
	    !imsseg_is_alnum(b[u]))
		return imsseg_malformed(s, IMSSEG_SIP_BAD_RURI, u);
	if (imsseg_ieq(b + u, i - u, "sip", false))
		info->uri_scheme = IMSSEG_SIP_SCHEME_SIP;
	else if (imsseg_ieq(b + u, i - u, "sips", false))
		info->uri_scheme = IMSSEG_SIP_SCHEME_SIPS;
	else if (imsseg_ieq(b + u, i - u, "tel", false))
		info->uri_scheme = IMSSEG_SIP_SCHEME_TEL;
	else
		info->uri_scheme = IMSSEG_SIP_SCHEME_OTHER;
	return IMSSEG_SIP_OK;
}

/* Start line at @p; on OK, *@next is the first header line. */
static int imsseg_start_line(struct imsseg_scan *s, u32 p, u32 *next)
{
	const u8 *b = s->b;
	u32 m_end, eol, n = s->len - p;
	bool status;
	int r;

	/* '/' is no token character: "SIP/" can only start a Status-Line */
	status = imsseg_ieq(b + p, min_t(u32, n, 4), "sip/", true);
	if (status && n < 4)
		return imsseg_incomplete(s);
	m_end = imsseg_skip_token(b, p, s->len);
	if (!status && m_end == s->len)
		return imsseg_incomplete(s);
	if (!status && (m_end == p || !imsseg_is_ws(b[m_end])))
		return imsseg_stop(s, IMSSEG_SIP_NOT_SIP, IMSSEG_SIP_BAD_NONE,
				   m_end);
	r = imsseg_line(s, p, &eol, next);
	if (r < 0)
		return imsseg_malformed(s, IMSSEG_SIP_BAD_NUL,
					s->info->err_off);
	if (!r)
		return imsseg_incomplete(s);
	if (status)
		return imsseg_status_line(s, p, eol);
	return imsseg_request_line(s, p, m_end, eol);
}

/* Top Via value: sent-protocol LWS sent-by *( SEMI via-params ) */
static int imsseg_via_top(struct imsseg_scan *s, u32 *pos, u32 e)
{
	static const char * const tps[IMSSEG_SIP_TP_OTHER] = {
		"", "udp", "tcp", "tls", "sctp", "ws", "wss",
	};
	struct imsseg_sip_info *info = s->info;
	const u8 *b = s->b;
	struct imsseg_sip_span f[3], v;
	struct imsseg_param pm;
	u32 p = *pos, i, port;
	bool ovf;
	int r;

	/* protocol-name SLASH protocol-version SLASH transport */
	for (i = 0; i < 3; i++) {
		if (i) {
			p = imsseg_skip_lws(b, p, e);
			if (p >= e || b[p] != '/')
				return -1;
			p = imsseg_skip_lws(b, p + 1, e);
		}
		f[i] = imsseg_span(p, imsseg_skip_token(b, p, e));
		if (!f[i].len)
			return -1;
		p += f[i].len;
	}
	if (!imsseg_ieq(b + f[0].off, f[0].len, "sip", false) ||
	    f[1].len != 3 || memcmp(b + f[1].off, "2.0", 3))
		info->flags |= IMSSEG_SIP_F_VIA_NOT_20;
	for (i = IMSSEG_SIP_TP_UDP; i < IMSSEG_SIP_TP_OTHER; i++)
		if (imsseg_ieq(b + f[2].off, f[2].len, tps[i], false))
			break;
	info->via_transport = i;

	/* sent-by = host [ COLON port ]; host: name, IPv4 or [IPv6] */
	p = imsseg_skip_lws(b, p, e);
	i = p;
	if (p < e && b[p] == '[') {
		while (++p < e && (imsseg_is_digit(b[p]) || b[p] == ':' ||
				   b[p] == '.' || (imsseg_lc(b[p]) >= 'a' &&
						   imsseg_lc(b[p]) <= 'f')))
			;
		if (p >= e || b[p++] != ']')
			return -1;
	} else {
		while (p < e && (imsseg_is_alnum(b[p]) || b[p] == '-' ||
				 b[p] == '.' || b[p] == '_'))
			p++;
		if (p == i)
			return -1;
	}
	info->via_host = imsseg_span(i, p);
	p = imsseg_skip_lws(b, p, e);
	if (p < e && b[p] == ':') {
		p = imsseg_skip_lws(b, p + 1, e);
		if (!imsseg_num(b, &p, e, &port, &ovf) || port > 65535)
			return -1;
		info->via_port = port;
		info->flags |= IMSSEG_SIP_F_VIA_PORT;
	}
	while ((r = imsseg_param(b, &p, e, &pm)) > 0) {
		v = pm.val;
		if (imsseg_ieq(b + pm.name, pm.name_len, "branch", false)) {
			info->flags |= IMSSEG_SIP_F_VIA_BRANCH;
			info->via_branch = v;
			if (v.len >= 7 && !memcmp(b + v.off, "z9hG4bK", 7))
				info->flags |= IMSSEG_SIP_F_VIA_MAGIC;
		} else if (imsseg_ieq(b + pm.name, pm.name_len, "rport",
				      false)) {
			info->flags |= IMSSEG_SIP_F_VIA_RPORT |
				(v.len ? IMSSEG_SIP_F_VIA_RPORT_VAL : 0);
			info->via_rport = v;
		} else if (imsseg_ieq(b + pm.name, pm.name_len, "received",
				      false)) {
			info->flags |= IMSSEG_SIP_F_VIA_RECEIVED;
			info->via_received = v;
		}
	}
	*pos = p;
	return r;
}

/*
 * Via and Contact are lists: count the values (empty Via values are
 * skipped), parse the first Via value fully and every Contact value.
 */
static int imsseg_list(struct imsseg_scan *s, bool via, u32 p, u32 e)
{
	struct imsseg_sip_info *info = s->info;
	u16 *n = via ? &info->n_via : &info->n_contact;
	bool top = via && !(info->seen & IMSSEG_SIP_HDR_VIA);
	struct imsseg_sip_span tag;
	const u8 *b = s->b;
	bool has_tag = false;

	info->seen |= via ? IMSSEG_SIP_HDR_VIA : IMSSEG_SIP_HDR_CONTACT;
	for (;; p++) {	/* p++ skips the ',' */
		p = imsseg_skip_lws(b, p, e);
		if (top) {
			if (imsseg_via_top(s, &p, e))
				return -1;
			top = false;
		} else if (via && (p >= e || b[p] == ',')) {
			if (p >= e)
				return 0;
			continue;	/* empty value */
		} else if (via) {
			while (p < e && b[p] != ',')
				if (b[p] != '"' || imsseg_skip_quoted(b, &p, e))
					p++;
		} else if (p < e && b[p] == '*' &&
			   imsseg_skip_lws(b, p + 1, e) == e) {
			info->flags |= IMSSEG_SIP_F_CONTACT_STAR;
			p = e;
		} else if (imsseg_addr(b, &p, e, true, &tag, &has_tag)) {
			return -1;
		}
		if (*n < 0xffff)
			(*n)++;
		if (p >= e)
			return 0;
	}
}

/* CSeq = 1*DIGIT LWS Method; for requests, Method must match. */
static int imsseg_cseq(struct imsseg_scan *s, u32 p, u32 e)
{
	struct imsseg_sip_info *info = s->info;
	const u8 *b = s->b;
	bool ovf;
	u32 q;

	p = imsseg_skip_lws(b, p, e);
	if (!imsseg_num(b, &p, e, &info->cseq, &ovf) || ovf)
		return IMSSEG_SIP_BAD_CSEQ;
	q = imsseg_skip_lws(b, p, e);
	if (q == p)
		return IMSSEG_SIP_BAD_CSEQ;
	p = imsseg_skip_token(b, q, e);
	if (p == q || imsseg_skip_lws(b, p, e) != e)
		return IMSSEG_SIP_BAD_CSEQ;
	info->cseq_method_tok = imsseg_span(q, p);
	info->cseq_method = imsseg_method(b + q, p - q);
	if (info->kind == IMSSEG_SIP_KIND_REQUEST &&
	    (p - q != info->method_tok.len ||
	     memcmp(b + q, b + info->method_tok.off, p - q)))
		return IMSSEG_SIP_BAD_CSEQ_METHOD;
	return IMSSEG_SIP_BAD_NONE;
}

enum imsseg_hdr {
	IMSSEG_H_OTHER = 0,
	IMSSEG_H_FROM,		/* the single-valued ones first */
	IMSSEG_H_TO,
	IMSSEG_H_CALL_ID,
	IMSSEG_H_CSEQ,
	IMSSEG_H_MAX_FORWARDS,
	IMSSEG_H_VIA,
	IMSSEG_H_CONTENT_LENGTH,
	IMSSEG_H_CONTACT,
	IMSSEG_H_EXPIRES,
	IMSSEG_H_USER_AGENT,
	IMSSEG_H_COUNT
};

static const struct {
	const char *name;
	u8 compact;
	u16 bit;
} imsseg_hdrs[IMSSEG_H_COUNT] = {
	[IMSSEG_H_FROM] = { "from", 'f', IMSSEG_SIP_HDR_FROM },
	[IMSSEG_H_TO] = { "to", 't', IMSSEG_SIP_HDR_TO },
	[IMSSEG_H_CALL_ID] = { "call-id", 'i', IMSSEG_SIP_HDR_CALL_ID },
	[IMSSEG_H_CSEQ] = { "cseq", 0, IMSSEG_SIP_HDR_CSEQ },
	[IMSSEG_H_MAX_FORWARDS] = { "max-forwards", 0,
				    IMSSEG_SIP_HDR_MAX_FORWARDS },
	[IMSSEG_H_VIA] = { "via", 'v', IMSSEG_SIP_HDR_VIA },
	[IMSSEG_H_CONTENT_LENGTH] = { "content-length", 'l',
				      IMSSEG_SIP_HDR_CONTENT_LENGTH },
	[IMSSEG_H_CONTACT] = { "contact", 'm', IMSSEG_SIP_HDR_CONTACT },
	[IMSSEG_H_EXPIRES] = { "expires", 0, IMSSEG_SIP_HDR_EXPIRES },
	[IMSSEG_H_USER_AGENT] = { "user-agent", 0, IMSSEG_SIP_HDR_USER_AGENT },
};

/*
 * Header name (case-insensitive, compact forms) to enum imsseg_hdr. The
 * length and the first letters pick the one candidate, so an unknown
 * header costs at most one imsseg_ieq().
 */
static u32 imsseg_hdr_id(const u8 *p, u32 n)
{
	u8 c = n ? imsseg_lc(p[0]) : 0;
	u32 id;

	switch (n) {
	case 1:
		for (id = IMSSEG_H_FROM; id < IMSSEG_H_COUNT; id++)
			if (c == imsseg_hdrs[id].compact)
				return id;
		return IMSSEG_H_OTHER;
	case 2:
		id = IMSSEG_H_TO;
		break;
	case 3:
		id = IMSSEG_H_VIA;
		break;
	case 4:
		id = c == 'f' ? IMSSEG_H_FROM : IMSSEG_H_CSEQ;
		break;
	case 7:
		if (c == 'e')
			id = IMSSEG_H_EXPIRES;
		else if (imsseg_lc(p[1]) == 'a')
			id = IMSSEG_H_CALL_ID;
		else
			id = IMSSEG_H_CONTACT;
		break;
	case 10:
		id = IMSSEG_H_USER_AGENT;
		break;
	case 12:
		id = IMSSEG_H_MAX_FORWARDS;
		break;
	case 14:
		id = IMSSEG_H_CONTENT_LENGTH;
		break;
	default:
		return IMSSEG_H_OTHER;
	}
	return imsseg_ieq(p, n, imsseg_hdrs[id].name, false) ? id :
	       IMSSEG_H_OTHER;
}

/* One complete known header; returns a verdict, OK to go on. */
static int imsseg_header(struct imsseg_scan *s, u32 id, u32 p, u32 e)
{
	struct imsseg_sip_info *info = s->info;
	u16 bit = imsseg_hdrs[id].bit;
	bool ovf, has_tag = false;
	const u8 *b = s->b;
	int bad = 0;
	u32 v;

	if (id <= IMSSEG_H_MAX_FORWARDS && (info->seen & bit))
		return imsseg_malformed(s, IMSSEG_SIP_BAD_DUP, p);
	if ((id == IMSSEG_H_EXPIRES || id == IMSSEG_H_USER_AGENT) &&
	    (info->seen & bit))
		return IMSSEG_SIP_OK;	/* the first one counts */
	switch (id) {
	case IMSSEG_H_FROM:
	case IMSSEG_H_TO:
		if (imsseg_addr(b, &p, e, false, id == IMSSEG_H_FROM ?
				&info->from_tag : &info->to_tag, &has_tag) ||
		    p != e)
			bad = IMSSEG_SIP_BAD_ADDR;
		else if (has_tag)
			info->flags |= id == IMSSEG_H_FROM ?
				IMSSEG_SIP_F_FROM_TAG : IMSSEG_SIP_F_TO_TAG;
		break;
	case IMSSEG_H_CALL_ID:
		info->call_id = imsseg_trim(b, p, e);
		if (!info->call_id.len)
			bad = IMSSEG_SIP_BAD_CALL_ID;
		break;
	case IMSSEG_H_CSEQ:
		bad = imsseg_cseq(s, p, e);
		break;
	case IMSSEG_H_MAX_FORWARDS:
		if (imsseg_num_only(b, p, e, &info->max_forwards, &ovf))
			bad = IMSSEG_SIP_BAD_MAX_FORWARDS;
		else if (info->max_forwards > 255)
			info->flags |= IMSSEG_SIP_F_MF_RANGE;
		else if (!info->max_forwards &&
			 info->kind == IMSSEG_SIP_KIND_REQUEST)
			info->flags |= IMSSEG_SIP_F_MF_ZERO;
		break;
	case IMSSEG_H_VIA:
	case IMSSEG_H_CONTACT:
		if (imsseg_list(s, id == IMSSEG_H_VIA, p, e))
			bad = id == IMSSEG_H_VIA ? IMSSEG_SIP_BAD_VIA :
				IMSSEG_SIP_BAD_ADDR;
		break;
	case IMSSEG_H_CONTENT_LENGTH:
		if (imsseg_num_only(b, p, e, &v, &ovf) || v >= IMSSEG_CL_LIMIT)
			bad = IMSSEG_SIP_BAD_CL_VALUE;
		else if ((info->seen & bit) && v != info->content_length)
			bad = IMSSEG_SIP_BAD_CL_MULTI;
		else if (info->seen & bit)
			info->flags |= IMSSEG_SIP_F_CL_DUP;
		info->content_length = v;
		if (bad)
			return imsseg_stop(s, IMSSEG_SIP_BAD_CONTENT_LENGTH,
					   bad, p);
		break;
	case IMSSEG_H_EXPIRES:
		if (imsseg_num_only(b, p, e, &info->expires, &ovf) || ovf)
			info->flags |= IMSSEG_SIP_F_EXPIRES_BAD;
		break;
	case IMSSEG_H_USER_AGENT:
		info->user_agent = imsseg_trim(b, p, e);
		break;
	}
	info->seen |= bit;
	return bad ? imsseg_malformed(s, bad, p) : IMSSEG_SIP_OK;
}

/*
 * The header line at *@pos: header-name *WSP ":" (RFC 3261 HCOLON; a
 * fold before the colon is tolerated as sofia-sip does), then the value
 * up to a line end not followed by SP/HTAB. Returns OK with *@pos on
 * the next line, or a verdict.
 */
static int imsseg_header_line(struct imsseg_scan *s, u32 *pos)
{
	struct imsseg_sip_info *info = s->info;
	const u8 *b = s->b;
	u32 p = *pos, hn, vs, eol, nl;
	int r;

	p = imsseg_skip_token(b, p, s->len);
	hn = p - *pos;
	for (;;) {
		while (p < s->len && imsseg_is_ws(b[p]))
			p++;
		if (p >= s->len)
			return imsseg_incomplete(s);
		if (!hn || (b[p] != '\r' && b[p] != '\n'))
			break;
		if (imsseg_line(s, p, &eol, &nl) <= 0 || nl >= s->len)
			return imsseg_incomplete(s);
		if (!imsseg_is_ws(b[nl]))
			break;
		info->flags |= IMSSEG_SIP_F_FOLDED;
		p = nl;
	}
	if (!hn || b[p] != ':')
		return imsseg_malformed(s, b[p] ? IMSSEG_SIP_BAD_HDR_NAME :
					IMSSEG_SIP_BAD_NUL, p);
	vs = ++p;
	for (;;) {
		r = imsseg_line(s, p, &eol, &nl);
		if (r < 0)
			return imsseg_malformed(s, IMSSEG_SIP_BAD_NUL,
						info->err_off);
		if (!r || nl >= s->len)
			return imsseg_incomplete(s);
		if (!imsseg_is_ws(b[nl]))
			break;
		info->flags |= IMSSEG_SIP_F_FOLDED;
		p = nl;
	}
	r = imsseg_hdr_id(b + *pos, hn);
	*pos = nl;
	return r ? imsseg_header(s, r, vs, eol) : IMSSEG_SIP_OK;
}

int imsseg_sip_scan(const u8 *buf, u32 len, u32 total_len,
		    struct imsseg_sip_info *info)
{
	struct imsseg_scan s = { .b = buf, .info = info };
	u32 p = 0, eol, nl, body;
	bool ws = false;
	int r;

	memset(info, 0, sizeof(*info));
	if (!buf)
		len = 0;
	s.len = min_t(u32, len, IMSSEG_SIP_SCAN_MAX);
	s.total = max_t(u32, total_len, len);

	/* LWS before the start line is skipped (RFC 3261 7.5, sofia-sip) */
	for (; p < s.len && imsseg_is_lws(buf[p]); p++)
		ws |= imsseg_is_ws(buf[p]);
	if (p)
		info->flags |= IMSSEG_SIP_F_LEADING_EOL;
	if (p == s.len && s.len < s.total)
		return imsseg_incomplete(&s);
	if (p == s.len)
		return imsseg_stop(&s, p && !ws ? IMSSEG_SIP_KEEPALIVE :
				   IMSSEG_SIP_NOT_SIP, IMSSEG_SIP_BAD_NONE, p);
	r = imsseg_start_line(&s, p, &p);
	if (r)
		return r;
	/* sofia-sip skips SP/HTAB after the start line: no fold there */
	if (p < s.len && imsseg_is_ws(buf[p])) {
		info->flags |= IMSSEG_SIP_F_LINE_WS;
		while (p < s.len && imsseg_is_ws(buf[p]))
			p++;
	}
	for (;;) {
		if (p >= s.len)
			return imsseg_incomplete(&s);
		if (buf[p] == '\n' || buf[p] == '\r')
			break;
		r = imsseg_header_line(&s, &p);
		if (r)
			return r;
	}
	/* the empty line */
	if (imsseg_line(&s, p, &eol, &nl) <= 0)
		return imsseg_incomplete(&s);
	info->hdr_len = nl;
	body = s.total - nl;
	if ((info->seen & IMSSEG_SIP_HDR_CONTENT_LENGTH) &&
	    info->content_length > body)
		return imsseg_stop(&s, IMSSEG_SIP_BAD_CONTENT_LENGTH,
				   IMSSEG_SIP_BAD_CL_TOO_BIG, nl);
	if ((info->seen & IMSSEG_SIP_HDR_CONTENT_LENGTH) &&
	    info->content_length < body)
		info->flags |= IMSSEG_SIP_F_BODY_EXTRA;
	info->missing = (IMSSEG_SIP_HDR_VIA | IMSSEG_SIP_HDR_FROM |
			 IMSSEG_SIP_HDR_TO | IMSSEG_SIP_HDR_CALL_ID |
			 IMSSEG_SIP_HDR_CSEQ) & ~info->seen;
	if (info->kind == IMSSEG_SIP_KIND_REQUEST)
		info->missing |= IMSSEG_SIP_HDR_MAX_FORWARDS & ~info->seen;
	return imsseg_stop(&s, info->missing ? IMSSEG_SIP_MISSING_HEADER :
			   IMSSEG_SIP_OK, IMSSEG_SIP_BAD_NONE,
			   info->missing ? nl : 0);
}

const char *imsseg_sip_verdict_name(int verdict)
{
	static const char * const names[IMSSEG_SIP_VERDICT_COUNT] = {
		"ok", "not_sip", "bad_version", "malformed",
		"bad_content_length", "missing_header", "truncated",
		"too_long", "keepalive",
	};

	return (u32)verdict < ARRAY_SIZE(names) ? names[verdict] : "?";
}

const char *imsseg_sip_bad_name(int bad)
{
	static const char * const names[IMSSEG_SIP_BAD_COUNT] = {
		"none", "start_line", "request_uri", "status", "version",
		"nul", "header_name", "duplicate", "via", "address",
		"call_id", "cseq", "cseq_method", "max_forwards", "cl_value",
		"cl_multi", "cl_too_big",
	};

	return (u32)bad < ARRAY_SIZE(names) ? names[bad] : "?";
}

