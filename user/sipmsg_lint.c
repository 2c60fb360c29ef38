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

/* Character classes, one table lookup per byte (GNU range designators) */
#define C_ALNUM		0x01
#define C_TOKEN		0x02	/* RFC 3261 token */
#define C_URIC		0x04	/* Request-URI: uric, '[' ']' (NUL: below) */
#define C_CALLID	0x08	/* callid word: token and "()<>:\\\"/[]?{}" */
#define C_HOST		0x10	/* host name: alnum "-._" */
#define C_ELEM		0x20	/* what sipraw_elem() stops at: "\"<>()," */
#define C_NADDR		0x40	/* what lint_name_addr() stops at: "\"<>" LWS */

#define C_WORD		(C_ALNUM | C_TOKEN | C_URIC | C_CALLID | C_HOST)
#define C_TUC		(C_TOKEN | C_URIC | C_CALLID)

/*
 * NUL counts as C_URIC because the strchr() this replaced found it
 * (unreachable: the header section holds no NUL byte).
 */
static const unsigned char ctype[256] = {
	['0' ... '9'] = C_WORD, ['a' ... 'z'] = C_WORD, ['A' ... 'Z'] = C_WORD,
	['-'] = C_TUC | C_HOST, ['.'] = C_TUC | C_HOST, ['_'] = C_TUC | C_HOST,
	['!'] = C_TUC, ['*'] = C_TUC, ['+'] = C_TUC, ['\''] = C_TUC,
	['~'] = C_TUC, ['%'] = C_TOKEN | C_CALLID, ['`'] = C_TOKEN | C_CALLID,
	[0] = C_URIC, [';'] = C_URIC, ['@'] = C_URIC, ['&'] = C_URIC,
	['='] = C_URIC, ['$'] = C_URIC,
	['/'] = C_URIC | C_CALLID, ['?'] = C_URIC | C_CALLID,
	[':'] = C_URIC | C_CALLID, ['['] = C_URIC | C_CALLID,
	[']'] = C_URIC | C_CALLID,
	['('] = C_URIC | C_CALLID | C_ELEM, [')'] = C_URIC | C_CALLID | C_ELEM,
	[','] = C_URIC | C_ELEM,
	['<'] = C_CALLID | C_ELEM | C_NADDR,
	['>'] = C_CALLID | C_ELEM | C_NADDR,
	['"'] = C_CALLID | C_ELEM | C_NADDR,
	['\\'] = C_CALLID, ['{'] = C_CALLID, ['}'] = C_CALLID,
	[' '] = C_NADDR, ['\t'] = C_NADDR, ['\r'] = C_NADDR, ['\n'] = C_NADDR,
};

static bool is_class(char c, unsigned char cls)
{
	return ctype[(unsigned char)c] & cls;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* RFC 3261 token */
static bool is_token(char c)
{
	return is_class(c, C_TOKEN);
}

/* The first @c in b[i..len), or len. */
static size_t find_char(const char *b, size_t len, size_t i, char c)
{
	const char *p = i < len ? memchr(b + i, c, len - i) : NULL;

	return p ? (size_t)(p - b) : len;
}

/*
 * The first CR or LF at or after @i, or r->len. The CR and LF found
 * last are kept and searched again only once passed, so a walk (whose
 * @i only grows) reads each byte at most once for each.
 */
static size_t next_eol(struct sipraw *r, size_t i)
{
	if (r->cr < i)
		r->cr = find_char(r->b, r->len, i, '\r');
	if (r->lf < i)
		r->lf = find_char(r->b, r->len, i, '\n');
	return r->cr < r->lf ? r->cr : r->lf;
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
	r->cr = find_char(b, len, i, '\r');
	r->lf = find_char(b, len, i, '\n');
	i = r->cr < r->lf ? r->cr : r->lf;
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
		i = next_eol(r, i);
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
	/* a first character that differs (case aside): a cheap miss */
	if ((n[0] | 0x20) != (name[0] | 0x20))
		return false;
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

		if (!is_class(c, C_ELEM)) {
			i++;
			continue;
		}
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
		if (!is_class(c, C_URIC))
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
		if (!is_class(*s, C_CALLID))
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
		if (!is_class(h[i], C_HOST))
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

		if (!is_class(c, C_NADDR)) {
			i++;
			continue;
		}
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

/* Is [n, n + len) @lit, case-insensitive? */
#define NAME_IS(n, len, lit) \
	((len) == sizeof(lit) - 1 && !strncasecmp(n, lit, sizeof(lit) - 1))

/*
 * From, To, Contact, Route, Record-Route, Reply-To, Refer-To,
 * Referred-By, Path, Service-Route, P-Asserted-Identity and
 * P-Preferred-Identity, or a compact form (f t m r b): by first letter,
 * then length, then the bytes.
 */
static bool is_name_addr_header(const struct sipraw *r,
				const struct sipraw_field *f)
{
	const char *n = r->b + f->name;
	size_t len = f->name_len;

	if (!f->colon || !len)
		return false;
	switch (n[0] | 0x20) {
	case 'f':
		return len == 1 || NAME_IS(n, len, "From");
	case 't':
		return len == 1 || NAME_IS(n, len, "To");
	case 'm':
	case 'b':
		return len == 1;
	case 'c':
		return NAME_IS(n, len, "Contact");
	case 'r':
		return len == 1 || NAME_IS(n, len, "Route") ||
		       NAME_IS(n, len, "Record-Route") ||
		       NAME_IS(n, len, "Reply-To") ||
		       NAME_IS(n, len, "Refer-To") ||
		       NAME_IS(n, len, "Referred-By");
	case 'p':
		return NAME_IS(n, len, "Path") ||
		       NAME_IS(n, len, "P-Asserted-Identity") ||
		       NAME_IS(n, len, "P-Preferred-Identity");
	case 's':
		return NAME_IS(n, len, "Service-Route");
	default:
		return false;
	}
}

const char *sipmsg_lint_field(const struct sipraw *r,
			      const struct sipraw_field *f)
{
	/* RFC 3261 25.1: field-name is a token, then HCOLON */
	if (!f->name_len || !f->colon)
		return "lint: bad header name";
	if (f->name_fold)
		return "lint: line fold before ':'";
	if (!is_name_addr_header(r, f))
		return NULL;
	return lint_name_addr(r->b, f->val, f->val_end);
}

const char *sipmsg_lint_vias(const struct sipmsg *m)
{
	unsigned int i;

	for (i = 0; i < m->n_via; i++)
		if (!host_ok(m->via[i].by.host))
			return "lint: bad Via sent-by host";
	return NULL;
}

enum sipmsg_err sipmsg_lint(const struct sipraw *r, const char *field_err,
			    struct sipmsg *m, const char **why)
{
	enum sipmsg_err err;
	const char *msg;
	unsigned int i;

	err = lint_start_line(r, m, why);
	if (err)
		return err;
	if (field_err)
		return lint_fail(why, field_err);
	if (!call_id_ok(m->call_id))
		return lint_fail(why, "lint: bad Call-ID");
	if (m->request && !uri_host_ok(&m->ruri))
		return lint_fail(why, "lint: bad host in the Request-URI");
	if (!uri_host_ok(&m->from) || !uri_host_ok(&m->to))
		return lint_fail(why, "lint: bad host in From or To");
	for (i = 0; i < m->n_contact; i++)
		if (!m->contact[i].star && !uri_host_ok(&m->contact[i].uri))
			return lint_fail(why, "lint: bad host in a Contact");
	msg = sipmsg_lint_vias(m);
	if (msg)
		return lint_fail(why, msg);
	return SIPMSG_OK;
}
