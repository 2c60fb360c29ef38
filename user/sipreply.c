// SPDX-License-Identifier: GPL-2.0
/*
 * sipreply_build(): a SIP response to a request, from the request's raw
 * bytes (the header values are copied as the sender wrote them, folds
 * turned into one SP) and its struct sipmsg (what to add). See
 * sipreply.h for the contract and Documentation/sipmsg.rst for the
 * rules. No allocation; work is linear in the request and the output.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sipmsg_lint.h"
#include "sipreply.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

struct out {
	char *p;
	size_t cap, n;
	bool full;
};

static void put_bytes(struct out *o, const char *s, size_t n)
{
	if (o->full || n >= o->cap - o->n) {
		o->full = true;
		return;
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
}

static void put_str(struct out *o, const char *s)
{
	put_bytes(o, s, strlen(s));
}

static bool is_lws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* b[s..e) with each fold (line end and the LWS around it) as one SP */
static void put_value(struct out *o, const char *b, size_t s, size_t e)
{
	size_t i = s, run;

	while (i < e) {
		for (run = i; run < e && b[run] != '\r' && b[run] != '\n';
		     run++)
			;
		put_bytes(o, b + i, run - i);
		if (run == e)
			break;
		while (run < e && is_lws(b[run]))
			run++;
		put_bytes(o, " ", 1);
		i = run;
	}
}

static const struct {
	uint16_t status;
	const char *phrase;
} phrases[] = {
	{ 100, "Trying" }, { 180, "Ringing" }, { 200, "OK" },
	{ 400, "Bad Request" }, { 401, "Unauthorized" },
	{ 403, "Forbidden" }, { 404, "Not Found" },
	{ 405, "Method Not Allowed" }, { 408, "Request Timeout" },
	{ 416, "Unsupported URI Scheme" }, { 420, "Bad Extension" },
	{ 421, "Extension Required" }, { 423, "Interval Too Brief" },
	{ 480, "Temporarily Unavailable" },
	{ 481, "Call/Transaction Does Not Exist" },
	{ 482, "Loop Detected" }, { 483, "Too Many Hops" },
	{ 486, "Busy Here" }, { 487, "Request Terminated" },
	{ 488, "Not Acceptable Here" },
	{ 494, "Security Agreement Required" },
	{ 500, "Server Internal Error" }, { 501, "Not Implemented" },
	{ 503, "Service Unavailable" }, { 505, "Version Not Supported" },
	{ 513, "Message Too Large" }, { 603, "Decline" },
};

const char *sipreply_phrase(uint16_t status)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(phrases); i++)
		if (phrases[i].status == status)
			return phrases[i].phrase;
	return "";
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	h ^= 0xff;		/* field separator */
	return h * 0x100000001b3ULL;
}

void sipreply_tag(const struct sipmsg *m, char tag[19])
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = fnv1a(h, m->call_id);
	h = fnv1a(h, m->n_via ? m->via[0].branch : "");
	h = fnv1a(h, m->from_tag);
	snprintf(tag, 19, "sg%016llx", (unsigned long long)h);
}

/* Numeric address text to bytes; 4 or 16, 0 if not numeric. */
static int addr_bytes(const char *s, unsigned char a[16])
{
	char tmp[INET6_ADDRSTRLEN + 2];
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		if (n - 2 >= sizeof(tmp))
			return 0;
		memcpy(tmp, s + 1, n - 2);
		tmp[n - 2] = '\0';
		return inet_pton(AF_INET6, tmp, a) == 1 ? 16 : 0;
	}
	if (inet_pton(AF_INET, s, a) == 1)
		return 4;
	return inet_pton(AF_INET6, s, a) == 1 ? 16 : 0;
}

/* Does the top Via need received/rport for a request from @src? */
static bool via_needs_fix(const struct sip_via *v,
			  const struct sipreply_src *src)
{
	unsigned char a[16], b[16];
	int na, nb;
	uint16_t port = v->by.port;

	if (v->rport)
		return true;
	if (!port)
		port = v->tp == SIPTP_TLS ? 5061 : 5060;
	if (port != src->port)
		return true;
	na = addr_bytes(v->by.host, a);
	nb = addr_bytes(src->addr, b);
	return !na || na != nb || memcmp(a, b, na);
}

/* Is the via-param at b[s..e) named received or rport? */
static bool is_rewritten_param(const char *b, size_t s, size_t e)
{
	size_t n;

	while (s < e && is_lws(b[s]))
		s++;
	for (n = 0; s + n < e && b[s + n] != '=' && !is_lws(b[s + n]); n++)
		;
	return (n == 8 && !strncasecmp(b + s, "received", 8)) ||
	       (n == 5 && !strncasecmp(b + s, "rport", 5));
}

/* Top Via element b[el..el_end) without received/rport, with new ones. */
static void put_top_via(struct out *o, const char *b, size_t el,
			size_t el_end, const struct sipreply_src *src)
{
	size_t end = sipraw_via_params_end(b, el, el_end), i = el, s, e;
	char tail[96];
	bool first = true;

	for (;;) {
		/* one segment: sent-protocol sent-by, then each param */
		for (s = i; i < end && b[i] != ';'; i++) {
			if (b[i] != '"')
				continue;
			for (i++; i < end && b[i] != '"'; i++)
				if (b[i] == '\\' && i + 1 < end)
					i++;
			if (i == end)
				i--;
		}
		for (e = i; e > s && is_lws(b[e - 1]); e--)
			;
		while (s < e && is_lws(b[s]))
			s++;
		if (first || (s < e && !is_rewritten_param(b, s, e))) {
			if (!first)
				put_bytes(o, ";", 1);
			put_value(o, b, s, e);
		}
		first = false;
		if (i >= end)
			break;
		i++;
	}
	snprintf(tail, sizeof(tail), ";received=%s;rport=%u", src->addr,
		 src->port);
	put_str(o, tail);
}

/* One extra header line b[s..e): "token [WSP] ':' value", no CTLs. */
static bool extra_line_ok(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n && (s[i] > ' ' && s[i] < 127 && s[i] != ':'))
		i++;
	if (!i)
		return false;
	if ((i == 14 && !strncasecmp(s, "Content-Length", 14)) ||
	    (i == 1 && (s[0] | 0x20) == 'l'))
		return false;
	for (k = i; k < n && (s[k] == ' ' || s[k] == '\t'); k++)
		;
	if (k >= n || s[k] != ':')
		return false;
	for (; k < n; k++)
		if ((unsigned char)s[k] < ' ' && s[k] != '\t')
			return false;
	return true;
}

static int put_extra(struct out *o, const char *x)
{
	size_t i = 0, e, n = x ? strlen(x) : 0;

	while (i < n) {
		for (e = i; e < n && x[e] != '\r' && x[e] != '\n'; e++)
			;
		if (!extra_line_ok(x + i, e - i))
			return -EINVAL;
		put_bytes(o, x + i, e - i);
		put_bytes(o, "\r\n", 2);
		if (e < n && x[e] == '\r')
			e++;
		if (e < n && x[e] == '\n')
			e++;
		i = e;
	}
	return 0;
}

static bool has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < ' ' && *s != '\t')
			return true;
	return false;
}

int sipreply_build(const uint8_t *req, size_t len, const struct sipmsg *m,
		   const struct sipreply_src *src, uint16_t status,
		   const char *phrase, const char *extra_headers, char *out,
		   size_t outlen)
{
	const char *b = (const char *)req;
	struct out o = { .p = out, .cap = outlen };
	struct sipraw r;
	struct sipraw_field f;
	size_t pos, el, el_end;
	unsigned int n_via = 0, seen = 0;
	bool fix_via, add_tag;
	unsigned char a[16];
	char line[64 + 128], tag[19];
	int err;

	if (!m->request || m->method == SIPM_ACK || status < 100 ||
	    status > 699 || (phrase && has_ctl(phrase)))
		return -EINVAL;
	if (src && src->addr && !addr_bytes(src->addr, a))
		return -EINVAL;
	if (!outlen)
		return -ENOSPC;
	if (!phrase)
		phrase = sipreply_phrase(status);
	fix_via = src && src->addr && m->n_via &&
		  via_needs_fix(&m->via[0], src);
	add_tag = !m->to_tag[0] && status != 100;

	snprintf(line, sizeof(line), "SIP/2.0 %03u ", status);
	put_str(&o, line);
	put_str(&o, phrase);
	put_bytes(&o, "\r\n", 2);

	if (!sipraw_init(&r, b, len))
		return -EBADMSG;
	while (sipraw_next(&r, &f)) {
		if (sipraw_is(&r, &f, "Via", 'v')) {
			pos = f.val;
			while (sipraw_elem(b, &pos, f.val_end, &el, &el_end)) {
				put_str(&o, "Via: ");
				if (!n_via++ && fix_via)
					put_top_via(&o, b, el, el_end, src);
				else
					put_value(&o, b, el, el_end);
				put_bytes(&o, "\r\n", 2);
			}
			continue;
		}
		if (sipraw_is(&r, &f, "From", 'f') && !(seen & 1)) {
			seen |= 1;
			put_str(&o, "From: ");
		} else if (sipraw_is(&r, &f, "To", 't') && !(seen & 2)) {
			seen |= 2;
			put_str(&o, "To: ");
			put_value(&o, b, f.val, f.val_end);
			if (add_tag) {
				sipreply_tag(m, tag);
				put_str(&o, ";tag=");
				put_str(&o, tag);
			}
			put_bytes(&o, "\r\n", 2);
			continue;
		} else if (sipraw_is(&r, &f, "Call-ID", 'i') && !(seen & 4)) {
			seen |= 4;
			put_str(&o, "Call-ID: ");
		} else if (sipraw_is(&r, &f, "CSeq", 0) && !(seen & 8)) {
			seen |= 8;
			put_str(&o, "CSeq: ");
		} else {
			continue;
		}
		put_value(&o, b, f.val, f.val_end);
		put_bytes(&o, "\r\n", 2);
	}
	if (seen != 15 || !n_via ||
	    (!(m->flags & SIPMSG_F_MORE_VIA) && n_via != m->n_via))
		return -EBADMSG;
	err = put_extra(&o, extra_headers);
	if (err)
		return err;
	put_str(&o, "Content-Length: 0\r\n\r\n");
	if (o.full)
		return -ENOSPC;
	out[o.n] = '\0';
	return (int)o.n;
}
