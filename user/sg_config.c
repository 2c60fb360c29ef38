// SPDX-License-Identifier: GPL-2.0
/*
 * The [sip] section of segctl.conf (struct sg_config): defaults, one
 * "key = value" at a time with validation and messages that name the
 * key or the bad token, and the redirect allow list (domains and
 * address prefixes, parsed with the kernel's prefix parser).
 * Documentation/sip-attacks.rst, "Configuration", lists the keys.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stddef.h>

#include "sg_int.h"

#define SG_CAP_MAX	16777216U

void sg_config_defaults(struct sg_config *c)
{
	memset(c, 0, sizeof(*c));
	c->max_transactions = 65536;
	c->max_dialogs = 65536;
	c->max_registrations = 65536;
	c->max_sources = 65536;
	c->t1_ms = 500;
	c->dialog_idle_s = 7200;
	c->early_dialog_s = 180;
	c->reg_max_expires = 7200;
	c->reflect_pps = 10;
	c->reflect_burst = 50;
	c->hijack_ban_after = 3;
	c->ban_ttl = 600;
	c->answer_insecure = true;
	snprintf(c->security_server, sizeof(c->security_server),
		 "tls;q=0.2, ipsec-3gpp;q=0.1");
	c->tls_hops = true;
	c->trust_registered = true;
	c->require_secure = true;
}

enum kind { K_U32, K_BOOL, K_ALLOW, K_STR };

struct key {
	const char *name;
	enum kind kind;
	size_t off;
	uint32_t min, max;
};

#define U32(n, lo, hi) { #n, K_U32, offsetof(struct sg_config, n), lo, hi }
#define BOOL(n) { #n, K_BOOL, offsetof(struct sg_config, n), 0, 1 }

static const struct key keys[] = {
	U32(max_transactions, 1, SG_CAP_MAX),
	U32(max_dialogs, 1, SG_CAP_MAX),
	U32(max_registrations, 1, SG_CAP_MAX),
	U32(max_sources, 1, SG_CAP_MAX),
	U32(t1_ms, 50, 60000),
	U32(dialog_idle_s, 60, 604800),
	U32(early_dialog_s, 10, 3600),
	U32(reg_max_expires, 1, 31536000),
	{ "redirect_allow", K_ALLOW, 0, 0, 0 },
	U32(reflect_pps, 0, IMSSEG_BUCKET_RATE_MAX),
	U32(reflect_burst, 1, 1000000),
	U32(hijack_ban_after, 0, 1000000),
	U32(ban_ttl, 1, 2592000),
	BOOL(answer_insecure),
	{ "security_server", K_STR, 0, 0, 0 },
	BOOL(tls_hops),
	BOOL(trust_registered),
	BOOL(require_secure),
};

static int set_u32(const struct key *k, uint32_t *dst, const char *v,
		   struct conf_err *e)
{
	unsigned long long x = 0;
	const char *s;

	for (s = v; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return conf_fail(e, v, "bad %s: expected a decimal number",
					 k->name);
		x = x * 10 + (*s - '0');
		if (x > 0xffffffffULL)
			break;
	}
	if (s == v)
		return conf_fail(e, v, "bad %s: expected a decimal number",
				 k->name);
	if (x < k->min || x > k->max)
		return conf_fail(e, v, "%s must be %u..%u", k->name, k->min,
				 k->max);
	*dst = (uint32_t)x;
	return 0;
}

static int set_bool(const struct key *k, bool *dst, const char *v,
		    struct conf_err *e)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
		*dst = true;
	else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
		*dst = false;
	else
		return conf_fail(e, v, "%s takes yes or no", k->name);
	return 0;
}

static int set_str(struct sg_config *c, const char *v, struct conf_err *e)
{
	const unsigned char *s;
	size_t n = strlen(v);

	for (s = (const unsigned char *)v; *s; s++)
		if (*s < 0x20 || *s >= 0x7f)
			break;
	if (!n || n >= sizeof(c->security_server) || *s)
		return conf_fail(e, v,
				 "security_server must be 1..%zu printable ASCII characters, e.g. \"tls;q=0.2, ipsec-3gpp;q=0.1\"",
				 sizeof(c->security_server) - 1);
	memcpy(c->security_server, v, n + 1);
	return 0;
}

/* A domain: [.]label(.label)*, labels of letters, digits, '-'. */
static bool domain_ok(const char *s)
{
	size_t label = 0;
	bool alpha = false;

	if (*s == '.')
		s++;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s == '.') {
			if (!label || s[-1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char)*s) && *s != '-')
			return false;
		if (*s == '-' && !label)
			return false;
		if (isalpha((unsigned char)*s))
			alpha = true;
		if (++label > 63)
			return false;
	}
	/* all digits and dots is a (bad) address, not a name */
	return label && s[-1] != '-' && alpha;
}

static bool looks_numeric(const char *s)
{
	return strchr(s, ':') || strchr(s, '/') ||
	       strspn(s, "0123456789.") == strlen(s);
}

static int allow_entry(char *out, const char *tok, struct conf_err *e)
{
	struct imsseg_prefix p;
	size_t n = strlen(tok), i;
	char buf[IMSSEG_PREFIX_STRLEN];

	if (n >= SIPMSG_HOST_MAX)
		return conf_fail(e, tok,
				 "redirect_allow entry longer than %d characters",
				 SIPMSG_HOST_MAX - 1);
	if (looks_numeric(tok)) {
		int rc = imsseg_prefix_parse(&p, tok, n, 0);

		if (rc == -EINVAL &&
		    !imsseg_prefix_parse(&p, tok, n, IMSSEG_PREFIX_PARSE_MASK)) {
			imsseg_prefix_format(&p, buf, sizeof(buf));
			return conf_fail(e, tok,
					 "bad redirect_allow prefix: host bits set; did you mean %s?",
					 buf);
		}
		if (rc)
			return conf_fail(e, tok,
					 "bad redirect_allow prefix: expected ADDRESS[/LENGTH], e.g. 192.0.2.0/24 or 2001:db8::/32");
		imsseg_prefix_format(&p, out, SIPMSG_HOST_MAX);
		return 0;
	}
	if (!domain_ok(tok))
		return conf_fail(e, tok,
				 "bad redirect_allow entry: expected a domain (example.com, .example.com for its subdomains) or an address prefix");
	for (i = 0; i <= n; i++)
		out[i] = tolower((unsigned char)tok[i]);
	return 0;
}

static int set_allow(struct sg_config *c, char *v, struct conf_err *e)
{
	char list[16][SIPMSG_HOST_MAX];
	char *save = NULL, *tok;
	unsigned int n = 0;

	if (!strcmp(v, "none")) {
		c->n_redirect_allow = 0;
		memset(c->redirect_allow, 0, sizeof(c->redirect_allow));
		return 0;
	}
	for (tok = strtok_r(v, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save)) {
		if (n == 16)
			return conf_fail(e, tok,
					 "too many redirect_allow entries (at most 16)");
		if (allow_entry(list[n], tok, e))
			return -1;
		n++;
	}
	if (!n)
		return conf_fail(e, "redirect_allow",
				 "redirect_allow needs domains or prefixes, or none");
	memset(c->redirect_allow, 0, sizeof(c->redirect_allow));
	memcpy(c->redirect_allow, list, n * sizeof(list[0]));
	c->n_redirect_allow = n;
	return 0;
}

int sg_config_set(struct sg_config *c, const char *key, char *value,
		  struct conf_err *e)
{
	const struct key *k = NULL;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(keys[i].name, key))
			k = &keys[i];
	if (!k)
		return conf_fail(e, key,
				 "unknown key in [sip]; expected max_transactions, max_dialogs, max_registrations, max_sources, t1_ms, dialog_idle_s, early_dialog_s, reg_max_expires, redirect_allow, reflect_pps, reflect_burst, hijack_ban_after, ban_ttl, answer_insecure, security_server, tls_hops, trust_registered or require_secure");
	switch (k->kind) {
	case K_U32:
		return set_u32(k, (uint32_t *)((char *)c + k->off), value, e);
	case K_BOOL:
		return set_bool(k, (bool *)((char *)c + k->off), value, e);
	case K_STR:
		return set_str(c, value, e);
	case K_ALLOW:
		return set_allow(c, value, e);
	}
	return -1;
}

int sg_allow_load(struct sg *g)
{
	unsigned int i;

	g->n_allow = 0;
	for (i = 0; i < g->c.n_redirect_allow && i < 16; i++) {
		const char *s = g->c.redirect_allow[i];
		struct sg_allow *a = &g->allow[g->n_allow];

		memset(a, 0, sizeof(*a));
		if (looks_numeric(s)) {
			if (imsseg_prefix_parse(&a->p, s, strlen(s),
						IMSSEG_PREFIX_PARSE_MASK))
				return -1;
			a->cidr = true;
		} else {
			a->dom = s;
		}
		g->n_allow++;
	}
	return 0;
}

bool sg_allow_match(const struct sg *g, const char *host)
{
	char h[SIPMSG_HOST_MAX];
	uint8_t fam, addr[16];
	bool ip = sg_host_ip(host, &fam, addr);
	size_t n, i;

	for (i = 0; host[i] && i + 1 < sizeof(h); i++)
		h[i] = tolower((unsigned char)host[i]);
	h[i] = 0;
	n = strlen(h);
	if (n && h[n - 1] == '.')	/* FQDN with the root dot */
		h[--n] = 0;
	for (i = 0; i < g->n_allow; i++) {
		const struct sg_allow *a = &g->allow[i];
		size_t dn;

		if (a->cidr) {
			if (ip && imsseg_prefix_contains(&a->p, fam, addr))
				return true;
			continue;
		}
		if (ip)
			continue;
		dn = strlen(a->dom);
		if (a->dom[0] == '.' ? n > dn && !strcmp(h + n - dn, a->dom) :
		    !strcmp(h, a->dom))
			return true;
	}
	return false;
}
