// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON reader of jsonval.h: a recursive descent parser over a
 * NUL-terminated text, building a tree of malloc'ed nodes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonval.h"

struct jp {
	const char *s;		/* the whole text */
	const char *p;		/* cursor */
	char *err;
	size_t errlen;
	bool failed;
};

__attribute__((format(printf, 2, 3)))
static void *jp_fail(struct jp *jp, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	if (jp->failed)
		return NULL;
	jp->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (jp->errlen)
		snprintf(jp->err, jp->errlen, "offset %zu: %s",
			 (size_t)(jp->p - jp->s), msg);
	return NULL;
}

static void skip_ws(struct jp *jp)
{
	while (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' ||
	       *jp->p == '\r')
		jp->p++;
}

void jv_free(struct jv *v)
{
	struct jv *next;

	while (v) {
		next = v->next;
		jv_free(v->child);
		free(v->key);
		free(v->str);
		free(v);
		v = next;
	}
}

static struct jv *jv_new(struct jp *jp, enum jv_type type)
{
	struct jv *v = calloc(1, sizeof(*v));

	if (!v)
		return jp_fail(jp, "out of memory");
	v->type = type;
	return v;
}

static int hex4(const char *p, unsigned int *out)
{
	unsigned int v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, unsigned int cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* One \uXXXX escape at jp->p (after the backslash and 'u'), pairs joined. */
static int parse_u_escape(struct jp *jp, unsigned int *cp)
{
	unsigned int hi, lo;

	if (hex4(jp->p, &hi))
		return jp_fail(jp, "bad \\u escape"), -1;
	jp->p += 4;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return jp_fail(jp, "lone low surrogate"), -1;
	if (hi >= 0xd800 && hi <= 0xdbff) {
		if (jp->p[0] != '\\' || jp->p[1] != 'u' ||
		    hex4(jp->p + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
			return jp_fail(jp, "unpaired high surrogate"), -1;
		jp->p += 6;
		hi = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	}
	if (hi == 0)
		return jp_fail(jp, "\\u0000 in a string"), -1;
	*cp = hi;
	return 0;
}

/* A string literal at jp->p (on the quote); returns the decoded copy. */
static char *parse_string(struct jp *jp)
{
	const char *start = ++jp->p;
	char *out, *o;
	unsigned int cp;

	/* The decoded text is never longer than the literal. */
	while (*jp->p && *jp->p != '"') {
		if (*jp->p == '\\' && jp->p[1])
			jp->p++;
		jp->p++;
	}
	if (*jp->p != '"')
		return jp_fail(jp, "unterminated string");
	out = malloc((size_t)(jp->p - start) + 1);
	if (!out)
		return jp_fail(jp, "out of memory");
	o = out;
	jp->p = start;
	while (*jp->p != '"') {
		unsigned char c = (unsigned char)*jp->p;

		if (c < 0x20) {
			free(out);
			return jp_fail(jp, "control character in a string");
		}
		if (c != '\\') {
			*o++ = (char)c;
			jp->p++;
			continue;
		}
		jp->p++;
		switch (*jp->p++) {
		case '"':
			*o++ = '"';
			break;
		case '\\':
			*o++ = '\\';
			break;
		case '/':
			*o++ = '/';
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u':
			if (parse_u_escape(jp, &cp)) {
				free(out);
				return NULL;
			}
			o += put_utf8(o, cp);
			break;
		default:
			jp->p--;
			free(out);
			return jp_fail(jp, "bad escape '\\%c'", *jp->p);
		}
	}
	jp->p++;
	*o = '\0';
	return out;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 8259 number grammar; the literal is kept as text. */
static struct jv *parse_number(struct jp *jp)
{
	const char *start = jp->p;
	struct jv *v;

	if (*jp->p == '-')
		jp->p++;
	if (*jp->p == '0')
		jp->p++;
	else if (is_digit(*jp->p))
		while (is_digit(*jp->p))
			jp->p++;
	else
		return jp_fail(jp, "bad number");
	if (*jp->p == '.') {
		jp->p++;
		if (!is_digit(*jp->p))
			return jp_fail(jp, "bad number");
		while (is_digit(*jp->p))
			jp->p++;
	}
	if (*jp->p == 'e' || *jp->p == 'E') {
		jp->p++;
		if (*jp->p == '+' || *jp->p == '-')
			jp->p++;
		if (!is_digit(*jp->p))
			return jp_fail(jp, "bad number");
		while (is_digit(*jp->p))
			jp->p++;
	}
	v = jv_new(jp, JV_NUM);
	if (!v)
		return NULL;
	v->str = strndup(start, (size_t)(jp->p - start));
	if (!v->str) {
		free(v);
		return jp_fail(jp, "out of memory");
	}
	return v;
}

static struct jv *parse_value(struct jp *jp, int depth);

/* Elements or members up to @close; @obj: members have keys. */
static struct jv *parse_container(struct jp *jp, int depth, bool obj)
{
	struct jv *v = jv_new(jp, obj ? JV_OBJ : JV_ARR);
	struct jv **tail, *m;
	char close = obj ? '}' : ']';
	char *key = NULL;

	if (!v)
		return NULL;
	if (depth >= JV_DEPTH_MAX) {
		free(v);
		return jp_fail(jp, "nested deeper than %d", JV_DEPTH_MAX);
	}
	tail = &v->child;
	jp->p++;
	skip_ws(jp);
	if (*jp->p == close) {
		jp->p++;
		return v;
	}
	for (;;) {
		skip_ws(jp);
		if (obj) {
			if (*jp->p != '"') {
				jp_fail(jp, "member name expected");
				goto bad;
			}
			key = parse_string(jp);
			if (!key)
				goto bad;
			if (jv_get(v, key)) {
				jp_fail(jp, "duplicate key \"%s\"", key);
				goto bad;
			}
			skip_ws(jp);
			if (*jp->p != ':') {
				jp_fail(jp, "':' expected");
				goto bad;
			}
			jp->p++;
		}
		m = parse_value(jp, depth + 1);
		if (!m)
			goto bad;
		m->key = key;
		key = NULL;
		*tail = m;
		tail = &m->next;
		skip_ws(jp);
		if (*jp->p == ',') {
			jp->p++;
			continue;
		}
		if (*jp->p == close) {
			jp->p++;
			return v;
		}
		jp_fail(jp, "',' or '%c' expected", close);
		goto bad;
	}
bad:
	jp_fail(jp, obj ? "bad object" : "bad array");
	free(key);
	jv_free(v);
	return NULL;
}

static struct jv *parse_literal(struct jp *jp, const char *word,
				enum jv_type type, bool b)
{
	size_t n = strlen(word);
	struct jv *v;

	if (strncmp(jp->p, word, n))
		return jp_fail(jp, "unexpected '%c'", *jp->p);
	jp->p += n;
	v = jv_new(jp, type);
	if (v)
		v->b = b;
	return v;
}

static struct jv *parse_value(struct jp *jp, int depth)
{
	struct jv *v;

	skip_ws(jp);
	switch (*jp->p) {
	case '{':
		return parse_container(jp, depth, true);
	case '[':
		return parse_container(jp, depth, false);
	case '"':
		v = jv_new(jp, JV_STR);
		if (!v)
			return NULL;
		v->str = parse_string(jp);
		if (!v->str) {
			free(v);
			return NULL;
		}
		return v;
	case 't':
		return parse_literal(jp, "true", JV_BOOL, true);
	case 'f':
		return parse_literal(jp, "false", JV_BOOL, false);
	case 'n':
		return parse_literal(jp, "null", JV_NULL, false);
	case '\0':
		return jp_fail(jp, "unexpected end of text");
	default:
		if (*jp->p == '-' || is_digit(*jp->p))
			return parse_number(jp);
		return jp_fail(jp, "unexpected '%c'", *jp->p);
	}
}

struct jv *jv_parse(const char *text, char *err, size_t errlen)
{
	struct jp jp = { .s = text, .p = text, .err = err, .errlen = errlen };
	struct jv *v;

	if (errlen)
		err[0] = '\0';
	v = parse_value(&jp, 0);
	if (!v)
		return NULL;
	skip_ws(&jp);
	if (*jp.p) {
		jv_free(v);
		return jp_fail(&jp, "text after the value");
	}
	return v;
}

const struct jv *jv_get(const struct jv *obj, const char *key)
{
	const struct jv *m;

	if (!obj || obj->type != JV_OBJ)
		return NULL;
	for (m = obj->child; m; m = m->next)
		if (!strcmp(m->key, key))
			return m;
	return NULL;
}

int jv_u64(const struct jv *v, uint64_t *out)
{
	const char *s;
	char *end;

	if (!v || v->type != JV_NUM)
		return -1;
	s = v->str;
	if (!is_digit(*s))
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	return 0;
}

uint64_t jv_get_u64(const struct jv *obj, const char *key, uint64_t def)
{
	uint64_t v;

	return jv_u64(jv_get(obj, key), &v) ? def : v;
}
