// SPDX-License-Identifier: GPL-2.0
/*
 * Lexical helpers of the SIP scanner: character classes, numbers,
 * quoted strings, comments, parameters, addresses, method tokens and
 * SIP-Version (imsseg_siplex.h documents each). Pure file: builds
 * unchanged in the kernel module and in host tests/fuzzers (see
 * imsseg_pure.h). Every access is checked against the end offset the
 * caller gives; no loop moves backwards.
 */
#include "imsseg_pure.h"
#include "imsseg_siplex.h"

const u32 imsseg_token_map[8] = {
	0x00000000, 0x03ff6ca2, 0x87fffffe, 0x47ffffff,
};

/* Indexed by enum imsseg_sip_method. */
static const char * const imsseg_method_names[IMSSEG_SIP_M_COUNT] = {
	"none", "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS",
	"PRACK", "UPDATE", "SUBSCRIBE", "NOTIFY", "MESSAGE", "INFO", "REFER",
	"PUBLISH", "other",
};

bool imsseg_ieq(const u8 *p, u32 n, const char *s, bool prefix)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (!s[i] || imsseg_lc(p[i]) != (u8)s[i])
			return prefix && !s[i];
	return prefix || !s[i];
}

struct imsseg_sip_span imsseg_trim(const u8 *b, u32 s, u32 e)
{
	s = imsseg_skip_lws(b, s, e);
	while (e > s && imsseg_is_lws(b[e - 1]))
		e--;
	return imsseg_span(s, e);
}

u32 imsseg_num(const u8 *b, u32 *pos, u32 e, u32 *val, bool *ovf)
{
	u32 p = *pos, v = 0, d;

	*ovf = false;
	for (; p < e && imsseg_is_digit(b[p]); p++) {
		d = b[p] - '0';
		if (*ovf || v > (IMSSEG_U32_MAX - d) / 10) {
			*ovf = true;
			v = IMSSEG_U32_MAX;
		} else {
			v = v * 10 + d;
		}
	}
	*val = v;
	d = p - *pos;
	*pos = p;
	return d;
}

int imsseg_num_only(const u8 *b, u32 p, u32 e, u32 *val, bool *ovf)
{
	p = imsseg_skip_lws(b, p, e);
	if (!imsseg_num(b, &p, e, val, ovf))
		return -1;
	return imsseg_skip_lws(b, p, e) == e ? 0 : -1;
}

int imsseg_skip_quoted(const u8 *b, u32 *pos, u32 e)
{
	u32 p;

	for (p = *pos + 1; p < e; p++) {
		if (b[p] == '\\') {
			p++;
		} else if (b[p] == '"') {
			*pos = p + 1;
			return 0;
		}
	}
	return -1;
}

int imsseg_skip_cws(const u8 *b, u32 *pos, u32 e)
{
	u32 p = *pos, depth;

	for (;;) {
		p = imsseg_skip_lws(b, p, e);
		if (p >= e || b[p] != '(')
			break;
		for (depth = 0; p < e; p++) {
			if (b[p] == '\\')
				p++;
			else if (b[p] == '(')
				depth++;
			else if (b[p] == ')' && !--depth)
				break;
		}
		if (depth)
			return -1;
		p++;
	}
	*pos = p;
	return 0;
}

int imsseg_param(const u8 *b, u32 *pos, u32 e, struct imsseg_param *pm)
{
	u32 p = *pos, v;

	if (imsseg_skip_cws(b, &p, e))
		return -1;
	*pos = p;
	if (p >= e || b[p] == ',')
		return 0;
	if (b[p] != ';')
		return -1;
	pm->name = imsseg_skip_lws(b, p + 1, e);
	p = imsseg_skip_token(b, pm->name, e);
	pm->name_len = p - pm->name;
	pm->val = imsseg_span(0, 0);
	if (!pm->name_len)
		return -1;
	p = imsseg_skip_lws(b, p, e);
	if (p < e && b[p] == '=') {
		v = imsseg_skip_lws(b, p + 1, e);
		p = v;
		if (p < e && b[p] == '"') {
			if (imsseg_skip_quoted(b, &p, e))
				return -1;
		} else {
			while (p < e && !imsseg_is_lws(b[p]) && b[p] != ';' &&
			       b[p] != ',')
				p++;
		}
		if (p == v)
			return -1;
		pm->val = imsseg_span(v, p);
	}
	*pos = p;
	return 1;
}

int imsseg_addr(const u8 *b, u32 *pos, u32 e, bool list,
		struct imsseg_sip_span *tag, bool *has_tag)
{
	struct imsseg_param pm;
	u32 p = *pos, words = 0;
	bool quoted = false;
	const u8 *gt;
	int r;

	if (imsseg_skip_cws(b, &p, e))
		return -1;
	for (;;) {
		if (p >= e || b[p] == ';' || (list && b[p] == ',')) {
			/* addr-spec: one bare word, then the params */
			if (words != 1 || quoted)
				return -1;
			break;
		}
		if (b[p] == '<') {
			gt = memchr(b + p + 1, '>', e - p - 1);
			if (!gt)
				return -1;
			p = gt - b + 1;
			break;
		}
		if (b[p] == '"') {
			if (imsseg_skip_quoted(b, &p, e))
				return -1;
			quoted = true;
		} else {
			while (p < e && !imsseg_is_lws(b[p]) && b[p] != '<' &&
			       b[p] != '"' && b[p] != ';' &&
			       !(list && b[p] == ','))
				p++;
			words++;
		}
		p = imsseg_skip_lws(b, p, e);
	}
	while ((r = imsseg_param(b, &p, e, &pm)) > 0) {
		if (!*has_tag && imsseg_ieq(b + pm.name, pm.name_len, "tag",
					    false)) {
			*has_tag = true;
			*tag = pm.val;
		}
	}
	*pos = p;
	return r;
}

u8 imsseg_method(const u8 *p, u32 n)
{
	u32 m;

	for (m = IMSSEG_SIP_M_INVITE; m < IMSSEG_SIP_M_OTHER; m++)
		if (strlen(imsseg_method_names[m]) == n &&
		    !memcmp(p, imsseg_method_names[m], n))
			return m;
	return IMSSEG_SIP_M_OTHER;
}

int imsseg_version(const u8 *p, u32 n)
{
	u32 i = 4, d;

	if (n < 7 || !imsseg_ieq(p, 4, "sip/", false))
		return 0;
	for (d = i; i < n && imsseg_is_digit(p[i]); i++)
		;
	if (i == d || i >= n || p[i] != '.')
		return 0;
	for (d = ++i; i < n && imsseg_is_digit(p[i]); i++)
		;
	if (i == d || i != n)
		return 0;
	return (n == 7 && p[4] == '2' && p[6] == '0') ? 1 : 2;
}

bool imsseg_sip_span_contains(const u8 *buf, struct imsseg_sip_span span,
			      const char *needle)
{
	u32 n = strlen(needle), i, j;
	const u8 *h = buf + span.off;

	if (!n || n > 255)
		return !n;
	for (i = 0; i + n <= span.len; i++) {
		for (j = 0; j < n; j++)
			if (imsseg_lc(h[i + j]) != imsseg_lc(needle[j]))
				break;
		if (j == n)
			return true;
	}
	return false;
}

const char *imsseg_sip_method_name(int method)
{
	return (u32)method < ARRAY_SIZE(imsseg_method_names) ?
	       imsseg_method_names[method] : "?";
}
