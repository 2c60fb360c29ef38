// SPDX-License-Identifier: GPL-2.0
/*
 * SIP fast-path decision table (Documentation/design.rst, "SIP fast
 * path"). Before any scan, the caller (imsseg_sip.c) charges the
 * per-source method bucket of a message from an untrusted source that
 * starts like a request (imsseg_sip_rate_peek(): INVITE, REGISTER,
 * OPTIONS or other) and drops it if the bucket refuses. Then, in order,
 * the first that applies wins:
 *
 *   1. scanner verdict   KEEPALIVE: accept. NOT_SIP, BAD_VERSION,
 *                        MALFORMED, BAD_CONTENT_LENGTH (on TCP not for
 *                        CL_TOO_BIG: more bytes follow), MISSING_HEADER
 *                        (not a request missing only Max-Forwards),
 *                        TRUNCATED (UDP): drop. TOO_LONG, RFC 2543 style,
 *                        TRUNCATED on TCP, F_EOL_CR, F_LINE_WS: "unsure".
 *   2. sure messages     request with Max-Forwards 0: drop;
 *                        User-Agent on the deny list: drop.
 *   3. punt class        the first enabled class that applies: all,
 *                        insecure, unsure, via_mismatch, register, bye,
 *                        cancel, in_dialog, dialog, use_proxy, redirect.
 *   4. otherwise         accept in the kernel.
 *
 * An accepted or punted request also gets its bucket in d->rate: the
 * one imsseg_sip_rate_peek() named.
 *
 * imsseg_sip_learn() is the (much smaller) decision for SIP from the
 * core on trusted interfaces: punt INVITE, BYE and the final answers to
 * INVITE and REGISTER so that user space learns dialogs and
 * registrations; never drop.
 */

#include "imsseg_prefix.h"
#include "imsseg_sipclass.h"
#include "imsseg_siplex.h"

static const char * const imsseg_punt_names[IMSSEG_PUNT_COUNT] = {
	[IMSSEG_PUNT_BYE] = "bye",
	[IMSSEG_PUNT_CANCEL] = "cancel",
	[IMSSEG_PUNT_IN_DIALOG] = "in_dialog",
	[IMSSEG_PUNT_REGISTER] = "register",
	[IMSSEG_PUNT_REDIRECT] = "redirect",
	[IMSSEG_PUNT_USE_PROXY] = "use_proxy",
	[IMSSEG_PUNT_VIA_MISMATCH] = "via_mismatch",
	[IMSSEG_PUNT_INSECURE] = "insecure",
	[IMSSEG_PUNT_UNSURE] = "unsure",
	[IMSSEG_PUNT_DIALOG] = "dialog",
	[IMSSEG_PUNT_ALL] = "all",
};

const char *imsseg_punt_name(unsigned int c)
{
	return c < IMSSEG_PUNT_COUNT ? imsseg_punt_names[c] : NULL;
}

bool imsseg_sip_via_mismatch(const u8 *buf,
			     const struct imsseg_sip_info *info,
			     u8 family, const u8 *saddr)
{
	const char *h = (const char *)buf + info->via_host.off;
	size_t len = info->via_host.len;
	u8 a[16];

	if (info->flags & (IMSSEG_SIP_F_VIA_RPORT | IMSSEG_SIP_F_VIA_RECEIVED))
		return false;
	if (!len)
		return true;
	if (family == IMSSEG_FAMILY_V6) {
		if (len < 2 || h[0] != '[' || h[len - 1] != ']' ||
		    imsseg_parse_ipv6(h + 1, len - 2, a))
			return true;
		return memcmp(a, saddr, 16) != 0;
	}
	if (imsseg_parse_ipv4(h, len, a))
		return true;
	return memcmp(a, saddr, 4) != 0;
}

/* Known method tokens a TCP segment may start with, and the status line. */
static const char * const imsseg_sip_starts[] = {
	"SIP/2.0 ", "INVITE ", "ACK ", "BYE ", "CANCEL ", "REGISTER ",
	"OPTIONS ", "PRACK ", "UPDATE ", "SUBSCRIBE ", "NOTIFY ",
	"MESSAGE ", "INFO ", "REFER ", "PUBLISH ",
};

bool imsseg_sip_starts_message(const u8 *buf, u32 len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(imsseg_sip_starts); i++) {
		size_t n = strlen(imsseg_sip_starts[i]);

		if (len >= n && !memcmp(buf, imsseg_sip_starts[i], n))
			return true;
	}
	return false;
}

bool imsseg_sip_learn_candidate(const u8 *buf, u32 len)
{
	if (len >= 7 && !memcmp(buf, "INVITE ", 7))
		return true;
	if (len >= 4 && !memcmp(buf, "BYE ", 4))
		return true;
	/* "SIP/2.0 2xx": 1xx are provisional, the scan decides the rest */
	return len >= 9 && !memcmp(buf, "SIP/2.0 ", 8) &&
	       buf[8] >= '2' && buf[8] <= '6';
}

enum imsseg_sip_learn imsseg_sip_learn(const struct imsseg_sip_info *info,
				       bool tcp)
{
	bool ok;

	switch (info->verdict) {
	case IMSSEG_SIP_OK:
	case IMSSEG_SIP_TOO_LONG:	/* the fields before the cut count */
		ok = true;
		break;
	case IMSSEG_SIP_TRUNCATED:	/* TCP: headers in a later segment */
		ok = tcp;
		break;
	case IMSSEG_SIP_BAD_CONTENT_LENGTH:	/* TCP: the body follows */
		ok = tcp && info->bad == IMSSEG_SIP_BAD_CL_TOO_BIG;
		break;
	default:
		ok = false;
	}
	if (!ok)
		return IMSSEG_SIPL_UNPARSED;
	if (info->kind == IMSSEG_SIP_KIND_REQUEST)
		return info->method == IMSSEG_SIP_M_INVITE ||
		       info->method == IMSSEG_SIP_M_BYE ?
		       IMSSEG_SIPL_PUNT : IMSSEG_SIPL_SKIP;
	if (info->kind != IMSSEG_SIP_KIND_RESPONSE)
		return IMSSEG_SIPL_UNPARSED;
	if (info->status < 200)
		return IMSSEG_SIPL_SKIP;
	/* which transaction it answers: only CSeq says */
	if (!(info->seen & IMSSEG_SIP_HDR_CSEQ))
		return IMSSEG_SIPL_UNPARSED;
	return info->cseq_method == IMSSEG_SIP_M_INVITE ||
	       info->cseq_method == IMSSEG_SIP_M_REGISTER ?
	       IMSSEG_SIPL_PUNT : IMSSEG_SIPL_SKIP;
}

static u8 imsseg_sip_method_rate(u8 method)
{
	switch (method) {
	case IMSSEG_SIP_M_INVITE:
		return IMSSEG_SIP_RATE_INVITE;
	case IMSSEG_SIP_M_REGISTER:
		return IMSSEG_SIP_RATE_REGISTER;
	case IMSSEG_SIP_M_OPTIONS:
		return IMSSEG_SIP_RATE_OPTIONS;
	default:
		return IMSSEG_SIP_RATE_OTHER;
	}
}

static u8 imsseg_sip_rate_of(const struct imsseg_sip_info *info)
{
	if (info->kind != IMSSEG_SIP_KIND_REQUEST)
		return IMSSEG_SIP_RATE_NONE;
	return imsseg_sip_method_rate(info->method);
}

/*
 * The scanner's first steps on the start line, nothing more: LWS before
 * it skipped, then a token followed by SP/HTAB. "SIP/" never is one ('/'
 * is no token character), nor is a keep-alive.
 */
u8 imsseg_sip_rate_peek(const u8 *buf, u32 len)
{
	u32 p = 0, e;

	len = min_t(u32, len, IMSSEG_SIP_SCAN_MAX);
	while (p < len && imsseg_is_lws(buf[p]))
		p++;
	e = imsseg_skip_token(buf, p, len);
	if (e == p || e == len || !imsseg_is_ws(buf[e]))
		return IMSSEG_SIP_RATE_NONE;
	return imsseg_sip_method_rate(imsseg_method(buf + p, e - p));
}

/* Step 1: the scanner's verdict. Returns true if it decided (d set). */
static bool imsseg_sip_by_verdict(const struct imsseg_sip_info *info,
				  const struct imsseg_sip_ctx *ctx,
				  struct imsseg_sip_decision *d, bool *unsure)
{
	d->action = IMSSEG_SIPA_DROP;
	switch (info->verdict) {
	case IMSSEG_SIP_OK:
		break;
	case IMSSEG_SIP_KEEPALIVE:
		d->action = IMSSEG_SIPA_ACCEPT;
		d->reason = IMSSEG_SIPR_KEEPALIVE;
		return true;
	case IMSSEG_SIP_NOT_SIP:
		d->reason = IMSSEG_SIPR_NOT_SIP;
		return true;
	case IMSSEG_SIP_BAD_VERSION:
		d->reason = IMSSEG_SIPR_BAD_VERSION;
		return true;
	case IMSSEG_SIP_BAD_CONTENT_LENGTH:
		if (ctx->tcp && info->bad == IMSSEG_SIP_BAD_CL_TOO_BIG)
			break;	/* the body continues in later segments */
		d->reason = IMSSEG_SIPR_CONTENT_LENGTH;
		return true;
	case IMSSEG_SIP_MISSING_HEADER:
		if (info->kind == IMSSEG_SIP_KIND_REQUEST &&
		    info->missing == IMSSEG_SIP_HDR_MAX_FORWARDS) {
			*unsure = true;	/* RFC 2543 style */
			break;
		}
		d->reason = IMSSEG_SIPR_MISSING_HEADER;
		return true;
	case IMSSEG_SIP_TRUNCATED:
		if (ctx->tcp) {
			*unsure = true;	/* headers continue in the stream */
			break;
		}
		d->reason = IMSSEG_SIPR_TRUNCATED;
		return true;
	case IMSSEG_SIP_TOO_LONG:
		*unsure = true;
		break;
	default:		/* MALFORMED and anything new */
		d->reason = IMSSEG_SIPR_MALFORMED;
		return true;
	}
	if (info->flags & (IMSSEG_SIP_F_EOL_CR | IMSSEG_SIP_F_LINE_WS))
		*unsure = true;
	return false;
}

static bool imsseg_sip_ua_denied(const u8 *buf,
				 const struct imsseg_sip_info *info,
				 const struct imsseg_sip_ctx *ctx)
{
	unsigned int i;

	if (!info->user_agent.len)
		return false;
	for (i = 0; i < ctx->n_ua && i < IMSSEG_SIP_UA_MAX; i++)
		if (imsseg_sip_span_contains(buf, info->user_agent,
					     ctx->ua[i]))
			return true;
	return false;
}

/* Step 4: the punt classes that apply, as a mask. */
static u32 imsseg_sip_punts(const u8 *buf, const struct imsseg_sip_info *info,
			    const struct imsseg_sip_ctx *ctx, bool unsure)
{
	bool req = info->kind == IMSSEG_SIP_KIND_REQUEST;
	u32 m = IMSSEG_PUNT_BIT(IMSSEG_PUNT_ALL);

	if (ctx->require_secure && !ctx->secure)
		m |= IMSSEG_PUNT_BIT(IMSSEG_PUNT_INSECURE);
	if (unsure)
		m |= IMSSEG_PUNT_BIT(IMSSEG_PUNT_UNSURE);
	/* A response's top Via names its receiver, not its sender. */
	if (req && imsseg_sip_via_mismatch(buf, info, ctx->family, ctx->saddr))
		m |= IMSSEG_PUNT_BIT(IMSSEG_PUNT_VIA_MISMATCH);
	if (req && info->method == IMSSEG_SIP_M_REGISTER)
		m |= IMSSEG_PUNT_BIT(IMSSEG_PUNT_REGISTER);
	if (req && info->method == IMSSEG_SIP_M_BYE)
		m |= IMSSEG_PUNT_BIT(IMSSEG_PUNT_BYE);
	if (req && info->method == IMSSEG_SIP_M_CANCEL)
		m |= IMSSEG_PUNT_BIT(IMSSEG_PUNT_CANCEL);
	if (req && (info->flags & IMSSEG_SIP_F_TO_TAG))
		m |= IMSSEG_PUNT_BIT(IMSSEG_PUNT_IN_DIALOG);
	else if (req && info->method == IMSSEG_SIP_M_INVITE)
		m |= IMSSEG_PUNT_BIT(IMSSEG_PUNT_DIALOG);	/* initial */
	if (!req && info->status == 305)
		m |= IMSSEG_PUNT_BIT(IMSSEG_PUNT_USE_PROXY);
	else if (!req && info->status >= 300 && info->status < 400)
		m |= IMSSEG_PUNT_BIT(IMSSEG_PUNT_REDIRECT);
	else if (!req && info->status >= 200 &&
		 info->cseq_method == IMSSEG_SIP_M_INVITE)
		m |= IMSSEG_PUNT_BIT(IMSSEG_PUNT_DIALOG);	/* final answer */
	return m;
}

/*
 * Priority of the punt classes when several apply. dialog (an initial
 * INVITE, a 2xx/4xx-6xx answer to INVITE) never overlaps in_dialog
 * (requests with a To tag), use_proxy or redirect (3xx); it comes after
 * the security classes so that, e.g., an initial INVITE with a foreign
 * Via is counted as via_mismatch.
 */
static const u8 imsseg_punt_order[IMSSEG_PUNT_COUNT] = {
	IMSSEG_PUNT_ALL, IMSSEG_PUNT_INSECURE, IMSSEG_PUNT_UNSURE,
	IMSSEG_PUNT_VIA_MISMATCH, IMSSEG_PUNT_REGISTER, IMSSEG_PUNT_BYE,
	IMSSEG_PUNT_CANCEL, IMSSEG_PUNT_IN_DIALOG, IMSSEG_PUNT_DIALOG,
	IMSSEG_PUNT_USE_PROXY, IMSSEG_PUNT_REDIRECT,
};

void imsseg_sip_classify(const u8 *buf, const struct imsseg_sip_info *info,
			 const struct imsseg_sip_ctx *ctx,
			 struct imsseg_sip_decision *d)
{
	bool unsure = false;
	unsigned int i;
	u32 m;

	d->punt = IMSSEG_PUNT_COUNT;
	d->rate = IMSSEG_SIP_RATE_NONE;
	d->reason = IMSSEG_SIPR_ACCEPT;
	if (imsseg_sip_by_verdict(info, ctx, d, &unsure))
		return;

	d->action = IMSSEG_SIPA_DROP;
	if (info->kind == IMSSEG_SIP_KIND_REQUEST &&
	    (info->flags & IMSSEG_SIP_F_MF_ZERO)) {
		d->reason = IMSSEG_SIPR_MAX_FORWARDS;
		return;
	}
	if (imsseg_sip_ua_denied(buf, info, ctx)) {
		d->reason = IMSSEG_SIPR_UA;
		return;
	}

	d->action = IMSSEG_SIPA_ACCEPT;
	d->rate = imsseg_sip_rate_of(info);
	m = imsseg_sip_punts(buf, info, ctx, unsure) & ctx->punt_mask;
	for (i = 0; m && i < IMSSEG_PUNT_COUNT; i++) {
		if (m & IMSSEG_PUNT_BIT(imsseg_punt_order[i])) {
			d->action = IMSSEG_SIPA_PUNT;
			d->punt = imsseg_punt_order[i];
			return;
		}
	}
}
