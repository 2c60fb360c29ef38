// SPDX-License-Identifier: GPL-2.0
/*
 * Strict parsing of segctl's netlink commands, see cli.h. Prefixes and
 * addresses go through the module's own parser (kernel/imsseg_prefix.c),
 * so both sides accept exactly the same text.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char * const role_names[] = {
	[IMSSEG_ROLE_NONE] = "none",
	[IMSSEG_ROLE_UNTRUSTED] = "untrusted",
	[IMSSEG_ROLE_TRUSTED] = "trusted",
	[IMSSEG_ROLE_ZA] = "za",
};

static const char * const list_names[] = {
	[IMSSEG_LIST_ALLOW] = "allow",
	[IMSSEG_LIST_BLOCK] = "block",
};

static const char * const class_names[] = {
	[IMSSEG_CLASS_UNTRUSTED] = "untrusted",
	[IMSSEG_CLASS_TRUSTED] = "trusted",
	[IMSSEG_CLASS_DENIED] = "denied",
};

static const char * const origin_names[] = {
	[IMSSEG_ORIGIN_ADMIN] = "admin",
	[IMSSEG_ORIGIN_AUTO] = "auto",
};

#define NAME_OF(tbl, v) ((v) < ARRAY_LEN(tbl) ? (tbl)[v] : "?")

const char *cli_role_name(unsigned int role)
{
	return NAME_OF(role_names, role);
}

const char *cli_list_name(unsigned int list)
{
	return NAME_OF(list_names, list);
}

const char *cli_class_name(unsigned int cls)
{
	return NAME_OF(class_names, cls);
}

const char *cli_origin_name(unsigned int origin)
{
	return NAME_OF(origin_names, origin);
}

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* PREFIX of "allow add" etc.; @what is "block add" for messages. */
static int parse_prefix(const char *what, const char *s,
			struct imsseg_prefix *p, char *err, size_t len)
{
	struct imsseg_prefix masked;
	char fix[IMSSEG_PREFIX_STRLEN];
	int rc;

	rc = imsseg_prefix_parse(p, s, strlen(s), 0);
	if (!rc)
		return 0;
	if (rc == -ERANGE)
		return fail(err, len,
			    "%s: bad prefix '%s': prefix length above %u",
			    what, s, strchr(s, ':') ? 128 : 32);
	if (!imsseg_prefix_parse(&masked, s, strlen(s),
				 IMSSEG_PREFIX_PARSE_MASK)) {
		imsseg_prefix_format(&masked, fix, sizeof(fix));
		return fail(err, len,
			    "%s: bad prefix '%s': host bits set; did you mean %s?",
			    what, s, fix);
	}
	return fail(err, len,
		    "%s: bad prefix '%s': expected ADDRESS or ADDRESS/LENGTH (IPv4 or IPv6)",
		    what, s);
}

/* Whole decimal seconds 0..IMSSEG_TTL_MAX; no sign, no spaces. */
static int parse_ttl(const char *what, const char *s, uint32_t *ttl,
		     char *err, size_t len)
{
	unsigned long long v = 0;
	const char *c;

	if (!*s)
		goto bad;
	for (c = s; *c; c++) {
		if (*c < '0' || *c > '9')
			goto bad;
		if (v <= IMSSEG_TTL_MAX)
			v = v * 10 + (unsigned int)(*c - '0');
	}
	if (v > IMSSEG_TTL_MAX)
		return fail(err, len,
			    "%s: ttl '%s' too large: at most %u seconds (1 year); omit ttl for no expiry",
			    what, s, IMSSEG_TTL_MAX);
	*ttl = (uint32_t)v;
	return 0;
bad:
	return fail(err, len,
		    "%s: bad ttl '%s': expected whole seconds 0..%u (0: no expiry)",
		    what, s, IMSSEG_TTL_MAX);
}

/* Printable ASCII, shorter than IMSSEG_REASON_LEN. */
static int parse_reason(const char *what, const char *s, char *out,
			char *err, size_t len)
{
	size_t n = strlen(s), i;

	if (n >= IMSSEG_REASON_LEN)
		return fail(err, len,
			    "%s: reason too long (%zu characters; at most %d)",
			    what, n, IMSSEG_REASON_LEN - 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c > 0x7e)
			return fail(err, len,
				    "%s: reason has a non-printable character at position %zu; use printable ASCII",
				    what, i + 1);
	}
	memcpy(out, s, n + 1);
	return 0;
}

static int parse_op(const char *cmd, int argc, char **argv,
		    const char *const *ops, const enum cli_op *vals,
		    size_t n, const char *expect, enum cli_op *op,
		    char *err, size_t len)
{
	size_t i;

	if (argc < 2)
		return fail(err, len, "%s: missing subcommand; expected %s",
			    cmd, expect);
	for (i = 0; i < n; i++) {
		if (!strcmp(argv[1], ops[i])) {
			*op = vals[i];
			return 0;
		}
	}
	return fail(err, len, "%s: unknown subcommand '%s'; expected %s",
		    cmd, argv[1], expect);
}

int cli_parse_list(int argc, char **argv, struct list_req *r, char *err,
		   size_t len)
{
	static const char *const ops[] = { "add", "del", "list" };
	static const enum cli_op vals[] = { CLI_OP_ADD, CLI_OP_DEL,
					    CLI_OP_LIST };
	bool has_ttl = false;
	char what[32];
	int i;

	memset(r, 0, sizeof(*r));
	if (argc < 1 || (strcmp(argv[0], "allow") && strcmp(argv[0], "block")))
		return fail(err, len, "expected 'allow' or 'block'");
	r->list = strcmp(argv[0], "allow") ? IMSSEG_LIST_BLOCK :
		  IMSSEG_LIST_ALLOW;
	if (parse_op(argv[0], argc, argv, ops, vals, ARRAY_LEN(ops),
		     "add, del or list", &r->op, err, len))
		return -1;
	snprintf(what, sizeof(what), "%s %s", argv[0], argv[1]);

	if (r->op == CLI_OP_LIST) {
		if (argc > 2)
			return fail(err, len, "%s: unexpected argument '%s'",
				    what, argv[2]);
		return 0;
	}
	if (argc < 3)
		return fail(err, len, "%s: missing PREFIX", what);
	if (parse_prefix(what, argv[2], &r->prefix, err, len))
		return -1;
	if (r->op == CLI_OP_DEL) {
		if (argc > 3)
			return fail(err, len, "%s: unexpected argument '%s'",
				    what, argv[3]);
		return 0;
	}

	for (i = 3; i < argc; i += 2) {
		bool is_ttl = !strcmp(argv[i], "ttl");

		if (!is_ttl && strcmp(argv[i], "reason"))
			return fail(err, len,
				    "%s: unknown argument '%s'; expected ttl SECONDS or reason TEXT",
				    what, argv[i]);
		if ((is_ttl && has_ttl) || (!is_ttl && r->has_reason))
			return fail(err, len, "%s: %s given twice", what,
				    argv[i]);
		if (i + 1 == argc)
			return fail(err, len, "%s: %s needs a value (%s)",
				    what, argv[i], is_ttl ? "SECONDS" : "TEXT");
		if (is_ttl) {
			if (parse_ttl(what, argv[i + 1], &r->ttl, err, len))
				return -1;
			has_ttl = true;
		} else {
			if (parse_reason(what, argv[i + 1], r->reason, err,
					 len))
				return -1;
			r->has_reason = true;
		}
	}
	return 0;
}

/* As Linux's dev_valid_name(): 1..15 bytes, not "." or "..", no '/', ':', space. */
static int parse_ifname(const char *what, const char *s, char *out,
			char *err, size_t len)
{
	const char *c;

	if (!*s || strlen(s) >= IF_NAMESIZE)
		return fail(err, len,
			    "%s: bad interface name '%s': 1 to %d characters",
			    what, s, IF_NAMESIZE - 1);
	if (!strcmp(s, ".") || !strcmp(s, ".."))
		goto bad;
	for (c = s; *c; c++)
		if (*c == '/' || *c == ':' || isspace((unsigned char)*c))
			goto bad;
	strcpy(out, s);
	return 0;
bad:
	return fail(err, len, "%s: bad interface name '%s'", what, s);
}

int cli_parse_iface(int argc, char **argv, struct iface_req *r, char *err,
		    size_t len)
{
	static const char *const ops[] = { "set", "list" };
	static const enum cli_op vals[] = { CLI_OP_SET, CLI_OP_LIST };
	size_t i;

	memset(r, 0, sizeof(*r));
	if (parse_op("iface", argc, argv, ops, vals, ARRAY_LEN(ops),
		     "set or list", &r->op, err, len))
		return -1;
	if (r->op == CLI_OP_LIST) {
		if (argc > 2)
			return fail(err, len,
				    "iface list: unexpected argument '%s'",
				    argv[2]);
		return 0;
	}
	if (argc < 3)
		return fail(err, len, "iface set: missing DEV");
	if (parse_ifname("iface set", argv[2], r->dev, err, len))
		return -1;
	if (argc < 4)
		return fail(err, len,
			    "iface set: missing ROLE (untrusted, trusted, za or none)");
	for (i = 0; i < ARRAY_LEN(role_names); i++)
		if (!strcmp(argv[3], role_names[i]))
			break;
	if (i == ARRAY_LEN(role_names))
		return fail(err, len,
			    "iface set: unknown role '%s'; expected untrusted, trusted, za or none",
			    argv[3]);
	r->role = (enum imsseg_role)i;
	if (argc > 4)
		return fail(err, len, "iface set: unexpected argument '%s'",
			    argv[4]);
	return 0;
}

int cli_parse_trust(int argc, char **argv, struct trust_req *r, char *err,
		    size_t len)
{
	const char *s;
	int rc;

	memset(r, 0, sizeof(*r));
	if (argc < 2)
		return fail(err, len, "trust: missing ADDR");
	s = argv[1];
	if (strchr(s, ':')) {
		r->family = IMSSEG_FAMILY_V6;
		rc = imsseg_parse_ipv6(s, strlen(s), r->addr);
	} else {
		r->family = IMSSEG_FAMILY_V4;
		rc = imsseg_parse_ipv4(s, strlen(s), r->addr);
	}
	if (rc)
		return fail(err, len,
			    "trust: bad address '%s': expected one IPv4 or IPv6 address",
			    s);
	if (argc > 2)
		return fail(err, len, "trust: unexpected argument '%s'",
			    argv[2]);
	imsseg_addr_format(r->family, r->addr, r->text, sizeof(r->text));
	return 0;
}
