// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnel specification grammar, see xfrm_spec.h. One table of keywords
 * serves the command line and segctl.conf, so both accept exactly the
 * same words and report the same errors.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyfile.h"
#include "xfrm_spec.h"

enum {
	K_PEER, K_LOCAL, K_SUBNETS, K_MODE, K_AEAD, K_ENC, K_AUTH, K_KEYFILE,
	K_SPI_IN, K_SPI_OUT, K_LIFETIME, K_LIFEBYTES, K_REQUIRED, K_ZA,
	K_COUNT,
};

/* nargs: 1 value, 0 a flag, -1 one or more values (subnets) */
static const struct {
	const char *name;
	int nargs;
	const char *what;
} keys[K_COUNT] = {
	[K_PEER] = { "peer", 1, "ADDR" },
	[K_LOCAL] = { "local", 1, "ADDR" },
	[K_SUBNETS] = { "subnets", -1, "LOCAL=REMOTE" },
	[K_MODE] = { "mode", 1, "tunnel|transport" },
	[K_AEAD] = { "aead", 1, "ALG" },
	[K_ENC] = { "enc", 1, "ALG" },
	[K_AUTH] = { "auth", 1, "ALG" },
	[K_KEYFILE] = { "keyfile", 1, "PATH" },
	[K_SPI_IN] = { "spi-in", 1, "SPI" },
	[K_SPI_OUT] = { "spi-out", 1, "SPI" },
	[K_LIFETIME] = { "lifetime", 1, "SECONDS[/SOFT]" },
	[K_LIFEBYTES] = { "lifebytes", 1, "BYTES[/SOFT]" },
	[K_REQUIRED] = { "required", 0, "" },
	[K_ZA] = { "za", 0, "" },
};

__attribute__((format(printf, 3, 4)))
static int fail(struct terr *e, const char *tok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	snprintf(e->tok, sizeof(e->tok), "%s", tok ? tok : "");
	return -1;
}

const char *terr_str(const struct terr *e, char *buf, size_t len)
{
	if (e->tok[0])
		snprintf(buf, len, "%s (token '%s')", e->msg, e->tok);
	else
		snprintf(buf, len, "%s", e->msg);
	return buf;
}

int tspec_check_name(const char *name, struct terr *e)
{
	size_t i, n = strlen(name);

	if (!n || n > TNAME_MAX)
		return fail(e, name, "tunnel name must have 1..%d characters",
			    TNAME_MAX);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (!isalnum(c) && c != '_' && c != '-' && c != '.')
			return fail(e, name,
				    "tunnel name may only contain letters, digits, '_', '-' and '.'");
	}
	if (name[0] == '-' || name[0] == '.')
		return fail(e, name, "tunnel name must not start with '%c'",
			    name[0]);
	return 0;
}

void tspec_init(struct tspec *t, const char *name)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
}

static int find_key(const char *s)
{
	int i;

	for (i = 0; i < K_COUNT; i++)
		if (!strcmp(keys[i].name, s))
			return i;
	return -1;
}

static int parse_addr(const char *what, const char *s,
		      struct imsseg_prefix *p, struct terr *e)
{
	if (imsseg_prefix_parse(p, s, strlen(s), 0) ||
	    p->plen != imsseg_family_bits(p->family))
		return fail(e, s, "bad %s address: expected one IPv4 or IPv6 address",
			    what);
	return 0;
}

static int parse_prefix(const char *what, const char *s, size_t n,
			struct imsseg_prefix *p, struct terr *e, const char *tok)
{
	struct imsseg_prefix m;
	char fix[IMSSEG_PREFIX_STRLEN];
	int rc = imsseg_prefix_parse(p, s, n, 0);

	if (!rc)
		return 0;
	if (rc == -EINVAL &&
	    !imsseg_prefix_parse(&m, s, n, IMSSEG_PREFIX_PARSE_MASK)) {
		imsseg_prefix_format(&m, fix, sizeof(fix));
		return fail(e, tok, "bad %s prefix %.*s: host bits set; did you mean %s?",
			    what, (int)n, s, fix);
	}
	return fail(e, tok, "bad %s prefix %.*s: expected ADDRESS/LENGTH (IPv4 or IPv6)",
		    what, (int)n, s);
}

static int parse_pair(const char *s, struct tsel *sel, struct terr *e)
{
	const char *eq = strchr(s, '=');

	if (!eq)
		return fail(e, s, "bad subnet pair: expected LOCAL=REMOTE, e.g. 10.1.0.0/16=10.2.0.0/16");
	if (parse_prefix("local", s, (size_t)(eq - s), &sel->local, e, s) ||
	    parse_prefix("remote", eq + 1, strlen(eq + 1), &sel->remote, e, s))
		return -1;
	if (sel->local.family != sel->remote.family)
		return fail(e, s, "bad subnet pair: LOCAL and REMOTE are of different families");
	return 0;
}

/* SECONDS with an optional s/m/h/d suffix, or BYTES; > 0 */
static int parse_amount(const char *s, size_t n, bool time, uint64_t *v)
{
	unsigned long long x, mul = 1;
	char buf[32], *end;

	if (!n || n >= sizeof(buf) || !isdigit((unsigned char)s[0]))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	x = strtoull(buf, &end, 10);
	if (time && *end && !end[1]) {
		mul = *end == 's' ? 1 : *end == 'm' ? 60 : *end == 'h' ? 3600 :
		      *end == 'd' ? 86400 : 0;
		if (mul)
			end++;
	}
	if (errno || *end || !x || x > UINT64_MAX / mul)
		return -1;
	*v = x * mul;
	return 0;
}

static int parse_life(const char *key, const char *s, bool time,
		      uint64_t *hard, uint64_t *soft, struct terr *e)
{
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	if (parse_amount(s, n, time, hard) ||
	    (slash && parse_amount(slash + 1, strlen(slash + 1), time, soft)))
		return fail(e, s, "bad %s: expected %s", key, time ?
			    "SECONDS[/SOFT], e.g. 3600/3240 or 8h (suffix s, m, h or d)" :
			    "BYTES[/SOFT], e.g. 1000000000/900000000");
	if (!slash)
		*soft = *hard - *hard / 10;
	if (*soft >= *hard || !*soft)
		return fail(e, s, "bad %s: the soft limit must be below the hard one and above 0",
			    key);
	return 0;
}

static int parse_flag(const char *key, char **val, int nval, bool config,
		      bool *flag, struct terr *e)
{
	const char *v;

	if (!config) {
		*flag = true;
		return 0;
	}
	v = nval == 1 ? val[0] : "";
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
		*flag = true;
	else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
		*flag = false;
	else
		return fail(e, v, "%s takes yes or no", key);
	return 0;
}

static int parse_alg(enum xalg_kind kind, const char *s,
		     const struct xalg **out, struct terr *e)
{
	char names[160];

	*out = xalg_find(kind, s);
	if (!*out)
		return fail(e, s, "unknown %s algorithm; expected %s",
			    xalg_kind_name(kind),
			    xalg_names(kind, names, sizeof(names)));
	return 0;
}

int tspec_key(struct tspec *t, const char *key, char **val, int nval,
	      bool config, struct terr *e)
{
	int k = find_key(key), i;

	if (k < 0)
		return fail(e, key,
			    "unknown keyword; expected peer, local, subnets, mode, aead, enc, auth, keyfile, spi-in, spi-out, lifetime, lifebytes, required or za");
	if (t->seen & (1u << k))
		return fail(e, key, "%s is given twice", key);
	t->seen |= 1u << k;
	if (keys[k].nargs > 0 && nval != 1)
		return fail(e, nval ? val[1] : key, nval ? "%s takes one value (%s)" :
			    "%s needs a value (%s)", key, keys[k].what);
	if (keys[k].nargs < 0 && nval < 1)
		return fail(e, key, "%s needs at least one %s", key,
			    keys[k].what);

	switch (k) {
	case K_PEER:
		return parse_addr("peer", val[0], &t->peer, e);
	case K_LOCAL:
		return parse_addr("local", val[0], &t->local, e);
	case K_SUBNETS:
		if (nval > TSEL_MAX)
			return fail(e, val[TSEL_MAX], "too many subnet pairs (at most %d)",
				    TSEL_MAX);
		for (i = 0; i < nval; i++)
			if (parse_pair(val[i], &t->sel[i], e))
				return -1;
		t->nsel = (unsigned int)nval;
		return 0;
	case K_MODE:
		if (strcmp(val[0], "tunnel") && strcmp(val[0], "transport"))
			return fail(e, val[0], "bad mode: expected tunnel or transport");
		t->transport = !strcmp(val[0], "transport");
		return 0;
	case K_AEAD:
		return parse_alg(XALG_AEAD, val[0], &t->alg.aead, e);
	case K_ENC:
		return parse_alg(XALG_ENC, val[0], &t->alg.enc, e);
	case K_AUTH:
		return parse_alg(XALG_AUTH, val[0], &t->alg.auth, e);
	case K_KEYFILE:
		if (val[0][0] != '/')
			return fail(e, val[0], "keyfile must be an absolute path");
		if (strlen(val[0]) >= sizeof(t->keyfile))
			return fail(e, val[0], "keyfile path too long");
		for (i = 0; val[0][i]; i++)
			if (isspace((unsigned char)val[0][i]) ||
			    iscntrl((unsigned char)val[0][i]))
				return fail(e, val[0],
					    "keyfile path must not contain blanks or control characters");
		strcpy(t->keyfile, val[0]);
		return 0;
	case K_SPI_IN:
	case K_SPI_OUT:
		if (keyfile_parse_spi(val[0], k == K_SPI_IN ? &t->spi_in :
				      &t->spi_out))
			return fail(e, val[0], "bad %s: expected 256..0xffffffff (decimal or 0x-hex)",
				    key);
		return 0;
	case K_LIFETIME:
		return parse_life(key, val[0], true, &t->life_s,
				  &t->life_soft_s, e);
	case K_LIFEBYTES:
		return parse_life(key, val[0], false, &t->bytes,
				  &t->bytes_soft, e);
	case K_REQUIRED:
		return parse_flag(key, val, nval, config, &t->required, e);
	case K_ZA:
		return parse_flag(key, val, nval, config, &t->za, e);
	}
	return 0;
}

int tspec_parse_args(struct tspec *t, int argc, char **argv, struct terr *e)
{
	int i = 0, k, n;

	while (i < argc) {
		k = find_key(argv[i]);
		n = 0;
		if (k >= 0 && keys[k].nargs > 0)
			n = i + 1 < argc ? 1 : 0;
		else if (k >= 0 && keys[k].nargs < 0)
			while (i + 1 + n < argc && find_key(argv[i + 1 + n]) < 0)
				n++;
		if (tspec_key(t, argv[i], argv + i + 1, n, false, e))
			return -1;
		i += 1 + n;
	}
	return 0;
}

int tspec_finish(struct tspec *t, struct terr *e)
{
	unsigned int i, j;
	char a[TSEL_STRLEN], b[TSEL_STRLEN];

	if (!(t->seen & (1u << K_PEER)))
		return fail(e, NULL, "peer ADDR is missing");
	if (!(t->seen & (1u << K_LOCAL)))
		return fail(e, NULL, "local ADDR is missing");
	if (!(t->seen & (1u << K_KEYFILE)))
		return fail(e, NULL, "keyfile PATH is missing");
	if (t->peer.family != t->local.family)
		return fail(e, NULL, "peer and local must be of the same family");
	if (imsseg_prefix_equal(&t->peer, &t->local))
		return fail(e, NULL, "peer and local are the same address");
	if ((t->spi_in != 0) != (t->spi_out != 0))
		return fail(e, NULL, "spi-in and spi-out go together");
	if (t->alg.aead && (t->alg.enc || t->alg.auth))
		return fail(e, t->alg.enc ? "enc" : "auth",
			    "aead cannot be combined with enc or auth");
	if (t->alg.enc && !t->alg.auth)
		return fail(e, "enc", "enc needs auth: ESP without integrity is refused");
	if (t->alg.auth && !t->alg.enc)
		return fail(e, "auth", "auth needs enc (use enc ecb(cipher_null) for integrity only)");
	if (!t->alg.aead && !t->alg.enc)
		t->alg.aead = xalg_find(XALG_AEAD, "rfc4106(gcm(aes))");
	if (t->transport && t->nsel)
		return fail(e, "subnets", "subnets need mode tunnel (transport mode protects local <-> peer)");
	if (t->za) {
		if (t->transport)
			return fail(e, "transport", "a za tunnel (TS 33.210) must use mode tunnel");
		if (t->alg.enc && t->alg.enc->null)
			return fail(e, t->alg.enc->name, "a za tunnel (TS 33.210) needs encryption and integrity");
		t->required = true;
	}
	for (i = 0; i < t->nsel; i++)
		for (j = 0; j < i; j++)
			if (tsel_overlap(&t->sel[i], &t->sel[j])) {
				tsel_format(&t->sel[i], a, sizeof(a));
				tsel_format(&t->sel[j], b, sizeof(b));
				return fail(e, a, "subnet pairs overlap (with %s)", b);
			}
	return 0;
}

void tsel_format(const struct tsel *s, char *buf, size_t len)
{
	char l[IMSSEG_PREFIX_STRLEN], r[IMSSEG_PREFIX_STRLEN];

	imsseg_prefix_format(&s->local, l, sizeof(l));
	imsseg_prefix_format(&s->remote, r, sizeof(r));
	snprintf(buf, len, "%s=%s", l, r);
}

unsigned int tspec_selectors(const struct tspec *t, struct tsel *out)
{
	if (!t->nsel) {
		out[0].local = t->local;
		out[0].remote = t->peer;
		return 1;
	}
	memcpy(out, t->sel, t->nsel * sizeof(*out));
	return t->nsel;
}

/* Two prefixes meet iff one covers the other. */
static bool meet(const struct imsseg_prefix *a, const struct imsseg_prefix *b)
{
	return imsseg_prefix_covers(a, b) || imsseg_prefix_covers(b, a);
}

bool tsel_overlap(const struct tsel *a, const struct tsel *b)
{
	return a->local.family == b->local.family &&
	       meet(&a->local, &b->local) && meet(&a->remote, &b->remote);
}

int tspec_format(const struct tspec *t, char *buf, size_t len)
{
	char p[IMSSEG_PREFIX_STRLEN], l[IMSSEG_PREFIX_STRLEN], s[TSEL_STRLEN];
	size_t n;
	unsigned int i;
	int w;

#define PUT(...) do {							\
	w = snprintf(buf + n, len - n, __VA_ARGS__);			\
	if (w < 0 || (size_t)w >= len - n)				\
		return -1;						\
	n += (size_t)w;							\
} while (0)
	n = 0;
	imsseg_prefix_format(&t->peer, p, sizeof(p));
	imsseg_prefix_format(&t->local, l, sizeof(l));
	PUT("peer %s local %s", p, l);
	if (t->nsel)
		PUT(" subnets");
	for (i = 0; i < t->nsel; i++) {
		tsel_format(&t->sel[i], s, sizeof(s));
		PUT(" %s", s);
	}
	PUT(" mode %s", t->transport ? "transport" : "tunnel");
	if (t->alg.aead)
		PUT(" aead %s", t->alg.aead->name);
	else
		PUT(" enc %s auth %s", t->alg.enc->name, t->alg.auth->name);
	PUT(" keyfile %s", t->keyfile);
	if (t->spi_in)
		PUT(" spi-in 0x%x spi-out 0x%x", t->spi_in, t->spi_out);
	if (t->life_s)
		PUT(" lifetime %llu/%llu", (unsigned long long)t->life_s,
		    (unsigned long long)t->life_soft_s);
	if (t->bytes)
		PUT(" lifebytes %llu/%llu", (unsigned long long)t->bytes,
		    (unsigned long long)t->bytes_soft);
	if (t->za)
		PUT(" za");
	else if (t->required)
		PUT(" required");
#undef PUT
	return (int)n;
}

bool tspec_same(const struct tspec *a, const struct tspec *b)
{
	char x[1024], y[1024];

	if (tspec_format(a, x, sizeof(x)) < 0 ||
	    tspec_format(b, y, sizeof(y)) < 0)
		return false;
	return !strcmp(x, y);
}
