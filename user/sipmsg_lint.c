// SPDX-License-Identifier: GPL-2.0
/*
 * segctl's own checks on SIP messages that sofia-sip accepts but RFC
 * 4475 (and RFC 3261's grammar) call invalid, and the raw byte walk
 * they, sipmsg.c and sipreply.c share. Documentation/sipmsg.rst lists
 * each rule with the RFC 4475 message that motivates it. Every loop
 * moves forward over b[0..len); nothing recurses or allocates.
 */
#include <string.h>
#include <strings.h>

#include "sipmsg_lint.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static bool is_eol(char c)
{
	return c == '\r' || c == '\n';
}

static bool is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_lws(char c)
{
	return is_wsp(c) || is_eol(c);
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* RFC 3261 token */
static bool is_token(char c)
{
	return is_alnum(c) || (c && strchr("-.!%*_+`'~", c));
}

/* Length of the line end at @i: 2 for CRLF, 1 for CR or LF, else 0. */
static size_t eol_len(const char *b, size_t len, size_t i)
{
	if (i >= len)
		return 0;
	if (b[i] == '\r')
		return i + 1 < len && b[i + 1] == '\n' ? 2 : 1;
	return b[i] == '\n';
}

bool sipraw_init(struct sipraw *r, const char *b, size_t len)
{
	size_t i = 0;

	memset(r, 0, sizeof(*r));
	r->b = b;
	r->len = len;
	for (; i < len && is_lws(b[i]); i++)
		if (is_wsp(b[i]))
			r->lead_ws = true;
	r->lead = i;
	r->sl = i;
	for (; i < len && !is_eol(b[i]); i++)
		;
	if (i >= len)
		return false;
	r->sl_end = i;
	i += eol_len(b, len, i);
	/* sofia-sip skips SP/HTAB at the start of the first header line */
	for (; i < len && is_wsp(b[i]); i++)
		r->sl_ws_after = true;
	r->pos = i;
	r->hdr_end = len;
	return true;
}

bool sipraw_next(struct sipraw *r, struct sipraw_field *f)
{
	const char *b = r->b;
	size_t len = r->len, i = r->pos, e, k;

	if (r->done || i >= len || is_eol(b[i])) {
		if (!r->done)
			r->hdr_end = i < len ? i : len;
		r->done = true;
		return false;
	}
	memset(f, 0, sizeof(*f));
	f->name = i;
	for (; i < len && is_token(b[i]); i++)
		;
	f->name_len = i - f->name;
	/* HCOLON; sofia-sip also takes a fold before the colon */
	for (e = i; e < len; e++) {
		if (is_wsp(b[e]))
			continue;
		k = eol_len(b, len, e);
		if (!k || e + k >= len || !is_wsp(b[e + k]))
			break;
		f->name_fold = true;
		e += k;
	}
	if (e < len && b[e] == ':') {
		f->colon = true;
		i = e + 1;
	}
	/* the value: LWS (folds too) skipped, up to a line end that is
	 * not followed by SP/HTAB
	 */
	for (;;) {
		for (; i < len && is_wsp(b[i]); i++)
			;
		e = eol_len(b, len, i);
		if (!e || i + e >= len || !is_wsp(b[i + e]))
			break;
		i += e;
	}
	f->val = i;
	for (;;) {
		for (; i < len && !is_eol(b[i]); i++)
			;
		e = eol_len(b, len, i);
		if (!e || i + e >= len || !is_wsp(b[i + e]))
			break;
		i += e;
	}
	f->val_end = i;
	while (f->val_end > f->val && is_lws(b[f->val_end - 1]))
		f->val_end--;
	/* a value that is only folds: its start moved past them */
	if (f->val > f->val_end)
		f->val = f->val_end;
	r->pos = i + e;
	return true;
}

bool sipraw_is(const struct sipraw *r, const struct sipraw_field *f,
	       const char *name, char c)
{
	const char *n = r->b + f->name;

	if (!f->colon)
		return false;
	if (f->name_len == 1 && c && (n[0] | 0x20) == c)
		return true;
	return f->name_len == strlen(name) &&
	       !strncasecmp(n, name, f->name_len);
}

/*
 * Skips a quoted string starting at b[i] == '"'; returns the offset
 * after the closing quote, or @end when it is unterminated.
 */
static size_t skip_quoted(const char *b, size_t i, size_t end)
{
	for (i++; i < end; i++) {
		if (b[i] == '\\' && i + 1 < end)
			i++;
		else if (b[i] == '"')
			return i + 1;
	}
	return end;
}

bool sipraw_elem(const char *b, size_t *pos, size_t end, size_t *el,
		 size_t *el_end)
{
	size_t i = *pos, depth = 0;
	bool angle = false;

	while (i < end && (is_lws(b[i]) || b[i] == ','))
		i++;
	if (i >= end) {
		*pos = end;
		return false;
	}
	*el = i;
	while (i < end) {
		char c = b[i];

		if (c == '"') {
			i = skip_quoted(b, i, end);
			continue;
		}
		if (c == '<' && !depth)
			angle = true;
		else if (c == '>' && !depth)
			angle = false;
		else if (c == '(' && !angle)
			depth++;
		else if (c == ')' && depth)
			depth--;
		else if (c == ',' && !angle && !depth)
			break;
		i++;
	}
	*el_end = i;
	while (*el_end > *el && is_lws(b[*el_end - 1]))
		(*el_end)--;
	*pos = i < end ? i + 1 : end;
	return true;
}

size_t sipraw_via_params_end(const char *b, size_t el, size_t el_end)
{
	size_t i = el;

	while (i < el_end) {
		if (b[i] == '"') {
			i = skip_quoted(b, i, el_end);
			continue;
		}
		if (b[i] == '(') {
			/* via-params end where a comment begins */
			while (i > el && is_lws(b[i - 1]))
				i--;
			return i;
		}
		i++;
	}
	return el_end;
}

/* --- the checks -------------------------------------------------- */

static enum sipmsg_err lint_fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return SIPMSG_E_LINT;
}

/* "SIP/2.0", "SIP" case-insensitive (RFC 3261 7.1), "2.0" exact */
static bool is_sip20(const char *s, size_t n)
{
	return n == 7 && !strncasecmp(s, "SIP/", 4) && !memcmp(s + 4, "2.0", 3);
}

/*
 * Request-URI characters: RFC 3261 25.1 uric (reserved, unreserved and
 * escaped) plus '[' ']' of IPv6 references; '%' must start %HH.
 */
static const char *lint_uri_chars(const char *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = u[i];

		if (c == '%') {
			if (i + 2 >= n || !is_hex(u[i + 1]) ||
			    !is_hex(u[i + 2]))
				return "lint: bad %-escape in the Request-URI";
			i += 2;
			continue;
		}
		if (!is_alnum(c) && !strchr("-_.!~*'();/?:@&=+$,[]", c))
			return "lint: unescaped character in the Request-URI";
	}
	return NULL;
}

/* Start line: exactly "Method SP Request-URI SP SIP/2.0" or a status. */
static enum sipmsg_err lint_start_line(const struct sipraw *r,
				       struct sipmsg *m, const char **why)
{
	const char *b = r->b, *s = b + r->sl;
	size_t n = r->sl_end - r->sl, i, u, ue;
	const char *err;

	if (r->lead_ws)
		return lint_fail(why, "lint: whitespace before the start line");
	if (r->sl_ws_after)
		return lint_fail(why,
				 "lint: whitespace at the start of a header line");
	if (!m->request) {
		/* SIP-Version SP Status-Code [SP Reason-Phrase] */
		for (i = 0; i < n && s[i] != ' '; i++)
			;
		if (!is_sip20(s, i)) {
			m->flags |= SIPMSG_F_BAD_VERSION;
			return lint_fail(why, "lint: SIP version is not 2.0");
		}
		if (n < i + 4 || s[i + 1] < '1' || s[i + 1] > '6' ||
		    s[i + 2] < '0' || s[i + 2] > '9' || s[i + 3] < '0' ||
		    s[i + 3] > '9' || (n > i + 4 && s[i + 4] != ' '))
			return lint_fail(why, "lint: malformed status line");
		return SIPMSG_OK;
	}
	/* Method SP */
	for (i = 0; i < n && is_token(s[i]); i++)
		;
	if (!i || i >= n || s[i] != ' ' || i + 1 >= n || s[i + 1] == ' ' ||
	    s[i + 1] == '\t')
		return lint_fail(why,
				 "lint: extra whitespace in the request line");
	u = ++i;
	for (; i < n && s[i] != ' ' && s[i] != '\t'; i++)
		;
	ue = i;
	/* SP SIP-Version, then nothing */
	if (i >= n || s[i] != ' ' || i + 1 >= n || is_wsp(s[i + 1]))
		return lint_fail(why,
				 "lint: extra whitespace in the request line");
	i++;
	for (; i < n && !is_wsp(s[i]); i++)
		;
	if (i != n)
		return lint_fail(why,
				 "lint: extra whitespace in the request line");
	if (!is_sip20(s + ue + 1, n - ue - 1)) {
		m->flags |= SIPMSG_F_BAD_VERSION;
		return lint_fail(why, "lint: SIP version is not 2.0");
	}
	err = lint_uri_chars(s + u, ue - u);
	if (err)
		return lint_fail(why, err);
	return SIPMSG_OK;
}

/* RFC 3261 25.1: callid = word [ "@" word ] */
static bool call_id_ok(const char *s)
{
	int at = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s == '@' && !at++)
			continue;
		if (!is_token(*s) && !strchr("()<>:\\\"/[]?{}", *s))
			return false;
	}
	return true;
}

/* Host of a sip:/sips: URI or a Via sent-by: a name, IPv4 or [IPv6]. */
static bool host_ok(const char *h)
{
	size_t i, n = strlen(h);

	if (!n)
		return false;
	if (h[0] == '[') {
		if (n < 4 || h[n - 1] != ']')
			return false;
		for (i = 1; i < n - 1; i++)
			if (!is_hex(h[i]) && h[i] != ':' && h[i] != '.')
				return false;
		return true;
	}
	for (i = 0; i < n; i++)
		if (!is_alnum(h[i]) && h[i] != '-' && h[i] != '.' &&
		    h[i] != '_')
			return false;
	return true;
}

static bool uri_host_ok(const struct sip_uri *u)
{
	if (u->scheme != SIPS_SIP && u->scheme != SIPS_SIPS)
		return true;
	return host_ok(u->hp.host);
}

/*
 * name-addr headers: inside <...> (outside quoted strings) there is no
 * LWS (RFC 3261 25.1: addr-spec has none; RFC 4475 badaspec), and
 * quotes and angle brackets are balanced.
 */
static const char *lint_name_addr(const char *b, size_t v, size_t e)
{
	size_t i = v;
	bool angle = false;

	while (i < e) {
		char c = b[i];

		if (c == '"' && !angle) {
			size_t q = i;

			i = skip_quoted(b, i, e);
			if (i == e && (e - q < 2 || b[e - 1] != '"' ||
				       b[e - 2] == '\\'))
				return "lint: unterminated quoted string";
			continue;
		}
		if (c == '<') {
			if (angle)
				return "lint: nested '<' in an address";
			angle = true;
		} else if (c == '>') {
			if (!angle)
				return "lint: '>' without '<' in an address";
			angle = false;
		} else if (angle && is_lws(c)) {
			return "lint: whitespace inside <addr-spec>";
		}
		i++;
	}
	if (angle)
		return "lint: '<' without '>' in an address";
	return NULL;
}

static bool is_name_addr_header(const struct sipraw *r,
				const struct sipraw_field *f)
{
	static const struct {
		const char *name;
		char c;
	} h[] = {
		{ "From", 'f' }, { "To", 't' }, { "Contact", 'm' },
		{ "Route", 0 }, { "Record-Route", 0 }, { "Reply-To", 0 },
		{ "Refer-To", 'r' }, { "Referred-By", 'b' }, { "Path", 0 },
		{ "Service-Route", 0 }, { "P-Asserted-Identity", 0 },
		{ "P-Preferred-Identity", 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(h); i++)
		if (sipraw_is(r, f, h[i].name, h[i].c))
			return true;
	return false;
}

enum sipmsg_err sipmsg_lint(const char *b, size_t len, struct sipmsg *m,
			    const char **why)
{
	struct sipraw r;
	struct sipraw_field f;
	enum sipmsg_err err;
	const char *msg;
	unsigned int i;

	if (!sipraw_init(&r, b, len))
		return lint_fail(why, "lint: no start line");
	err = lint_start_line(&r, m, why);
	if (err)
		return err;
	while (sipraw_next(&r, &f)) {
		/* RFC 3261 25.1: field-name is a token, then HCOLON */
		if (!f.name_len || !f.colon)
			return lint_fail(why, "lint: bad header name");
		if (f.name_fold)
			return lint_fail(why, "lint: line fold before ':'");
		if (!is_name_addr_header(&r, &f))
			continue;
		msg = lint_name_addr(b, f.val, f.val_end);
		if (msg)
			return lint_fail(why, msg);
	}
	if (!call_id_ok(m->call_id))
		return lint_fail(why, "lint: bad Call-ID");
	if (m->request && !uri_host_ok(&m->ruri))
		return lint_fail(why, "lint: bad host in the Request-URI");
	if (!uri_host_ok(&m->from) || !uri_host_ok(&m->to))
		return lint_fail(why, "lint: bad host in From or To");
	for (i = 0; i < m->n_contact; i++)
		if (!m->contact[i].star && !uri_host_ok(&m->contact[i].uri))
			return lint_fail(why, "lint: bad host in a Contact");
	for (i = 0; i < m->n_via; i++)
		if (!host_ok(m->via[i].by.host))
			return lint_fail(why, "lint: bad Via sent-by host");
	return SIPMSG_OK;
}
