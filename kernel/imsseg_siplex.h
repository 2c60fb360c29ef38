/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lexical helpers of the SIP scanner (pure: kernel module and host, see
 * imsseg_pure.h): RFC 3261 character classes, numbers, quoted strings
 * and comments, ";name=value" parameters, name-addr / addr-spec values,
 * method tokens and SIP-Version. imsseg_sipscan.c builds the message
 * grammar (start line, headers, framing) on top of them.
 *
 * Positions are u32 offsets into a buffer b[0..e). No helper reads b[e]
 * or beyond, none moves backwards, none allocates; the work of each is
 * linear in the bytes it consumes.
 */
#ifndef _IMSSEG_SIPLEX_H
#define _IMSSEG_SIPLEX_H

#include "imsseg_pure.h"
#include "imsseg_sipscan.h"

#define IMSSEG_U32_MAX	0xffffffffU

/* RFC 3261 token characters (alphanum and -.!%*_+`'~) as a bitmap. */
extern const u32 imsseg_token_map[8];

static inline bool imsseg_is_token(u8 c)
{
	return imsseg_token_map[c >> 5] & (1U << (c & 31));
}

static inline bool imsseg_is_ws(u8 c)
{
	return c == ' ' || c == '\t';
}

/* Inside a header value, CR and LF only occur as part of a fold. */
static inline bool imsseg_is_lws(u8 c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline bool imsseg_is_digit(u8 c)
{
	return c >= '0' && c <= '9';
}

static inline bool imsseg_is_alnum(u8 c)
{
	return imsseg_is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static inline u8 imsseg_lc(u8 c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static inline u32 imsseg_skip_lws(const u8 *b, u32 p, u32 e)
{
	while (p < e && imsseg_is_lws(b[p]))
		p++;
	return p;
}

static inline u32 imsseg_skip_token(const u8 *b, u32 p, u32 e)
{
	while (p < e && imsseg_is_token(b[p]))
		p++;
	return p;
}

static inline struct imsseg_sip_span imsseg_span(u32 s, u32 e)
{
	struct imsseg_sip_span sp = { .off = s, .len = e - s };

	return sp;
}

/*
 * Compare @n bytes case-insensitively with lower-case literal @s: the
 * whole of @s if !@prefix, else as much of @s as @n covers.
 */
bool imsseg_ieq(const u8 *p, u32 n, const char *s, bool prefix);

/* [s, e) without surrounding LWS */
struct imsseg_sip_span imsseg_trim(const u8 *b, u32 s, u32 e);

/*
 * 1*DIGIT at *@pos, saturating at 0xffffffff with *@ovf set; returns
 * the number of digits and moves *@pos past them.
 */
u32 imsseg_num(const u8 *b, u32 *pos, u32 e, u32 *val, bool *ovf);

/* A value of LWS 1*DIGIT LWS and nothing else; -1 if not. */
int imsseg_num_only(const u8 *b, u32 p, u32 e, u32 *val, bool *ovf);

/* Skip the quoted-string at b[*pos] == '"'; -1 if unterminated. */
int imsseg_skip_quoted(const u8 *b, u32 *pos, u32 e);

/* Skip LWS and (nested) comments; -1 on an unterminated comment. */
int imsseg_skip_cws(const u8 *b, u32 *pos, u32 e);

struct imsseg_param {
	u32 name, name_len;
	struct imsseg_sip_span val;	/* quotes kept; len 0: no value */
};

/*
 * Next ";name[=value]" at *@pos. Returns 1 with @pm filled, 0 at the
 * end or at a ',' (left at *@pos), -1 on a syntax error (empty name or
 * value, unterminated quote, anything else).
 */
int imsseg_param(const u8 *b, u32 *pos, u32 e, struct imsseg_param *pm);

/*
 * One name-addr or addr-spec and its parameters (From, To, Contact),
 * up to the end or, when @list, to a ',' left at *@pos. The first
 * "tag" parameter goes to *@tag and sets *@has_tag. Returns -1 on a
 * syntax error, else 0.
 */
int imsseg_addr(const u8 *b, u32 *pos, u32 e, bool list,
		struct imsseg_sip_span *tag, bool *has_tag);

/* Case-sensitive method lookup (RFC 3261 7.1): enum imsseg_sip_method. */
u8 imsseg_method(const u8 *p, u32 n);

/*
 * SIP-Version at [p, p + n): 0 if not "SIP/" 1*DIGIT "." 1*DIGIT,
 * 1 for SIP/2.0, 2 for another version. "SIP" is case-insensitive
 * (RFC 3261 7.1 and ABNF literals); the numbers must be exactly "2.0".
 */
int imsseg_version(const u8 *p, u32 n);

#endif /* _IMSSEG_SIPLEX_H */
