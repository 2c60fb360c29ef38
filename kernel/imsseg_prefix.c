// SPDX-License-Identifier: GPL-2.0
/*
 * Address prefixes: masking, per-source keys, matching, text form and
 * hash input. Pure code, see imsseg_prefix.h.
 */
#include "imsseg_pure.h"
#include "imsseg_prefix.h"

/* IPv6 prefix lengths of the per-source keys, most specific first. */
static const u8 imsseg_v6_key_plens[IMSSEG_SRC_KEYS_MAX] = {
	128, 64, 56, 48
};

unsigned int imsseg_family_bits(u8 family)
{
	switch (family) {
	case IMSSEG_FAMILY_V4:
		return 32;
	case IMSSEG_FAMILY_V6:
		return 128;
	default:
		return 0;
	}
}

void imsseg_addr_mask(u8 *addr, unsigned int len, unsigned int plen)
{
	unsigned int full = plen / 8;

	if (plen >= len * 8)
		return;
	if (plen % 8)
		addr[full++] &= (u8)(0xff << (8 - plen % 8));
	memset(addr + full, 0, len - full);
}

int imsseg_prefix_set(struct imsseg_prefix *p, u8 family, const void *addr,
		      unsigned int plen)
{
	unsigned int bits = imsseg_family_bits(family);

	if (!bits || plen > bits)
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	p->family = family;
	p->plen = (u8)plen;
	memcpy(p->addr, addr, bits / 8);
	imsseg_addr_mask(p->addr, bits / 8, plen);
	return 0;
}

unsigned int imsseg_prefix_src_keys(struct imsseg_prefix keys[IMSSEG_SRC_KEYS_MAX],
				    u8 family, const void *saddr)
{
	unsigned int i;

	switch (family) {
	case IMSSEG_FAMILY_V4:
		imsseg_prefix_set(&keys[0], family, saddr, 32);
		return 1;
	case IMSSEG_FAMILY_V6:
		for (i = 0; i < ARRAY_SIZE(imsseg_v6_key_plens); i++)
			imsseg_prefix_set(&keys[i], family, saddr,
					  imsseg_v6_key_plens[i]);
		return i;
	default:
		return 0;
	}
}

bool imsseg_prefix_equal(const struct imsseg_prefix *a,
			 const struct imsseg_prefix *b)
{
	return a->family == b->family && a->plen == b->plen &&
	       !memcmp(a->addr, b->addr, sizeof(a->addr));
}

int imsseg_prefix_cmp(const struct imsseg_prefix *a,
		      const struct imsseg_prefix *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->plen != b->plen)
		return a->plen < b->plen ? -1 : 1;
	return memcmp(a->addr, b->addr, sizeof(a->addr));
}

bool imsseg_prefix_contains(const struct imsseg_prefix *p, u8 family,
			    const void *addr)
{
	const u8 *a = addr;
	unsigned int full = p->plen / 8, rest = p->plen % 8;

	if (family != p->family || !imsseg_family_bits(family))
		return false;
	if (memcmp(a, p->addr, full))
		return false;
	return !rest || !((a[full] ^ p->addr[full]) & (u8)(0xff << (8 - rest)));
}

bool imsseg_prefix_covers(const struct imsseg_prefix *outer,
			  const struct imsseg_prefix *inner)
{
	return inner->plen >= outer->plen &&
	       imsseg_prefix_contains(outer, inner->family, inner->addr);
}

void imsseg_prefix_hkey(const struct imsseg_prefix *p,
			u32 out[IMSSEG_PREFIX_HKEY_WORDS])
{
	out[0] = p->family | (u32)p->plen << 8;
	memcpy(&out[1], p->addr, sizeof(p->addr));
}

/* Parsing */

static int imsseg_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int imsseg_parse_ipv4(const char *s, size_t len, u8 out[4])
{
	u8 tmp[4];
	unsigned int n = 0, val = 0, ndig = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (ndig && !val)
				return -EINVAL;	/* leading zero */
			val = val * 10 + (s[i] - '0');
			if (val > 255)
				return -EINVAL;
			ndig++;
		} else if (s[i] == '.' && ndig && n < 3) {
			tmp[n++] = (u8)val;
			val = 0;
			ndig = 0;
		} else {
			return -EINVAL;
		}
	}
	if (!ndig || n != 3)
		return -EINVAL;
	tmp[3] = (u8)val;
	memcpy(out, tmp, sizeof(tmp));
	return 0;
}

int imsseg_parse_ipv6(const char *s, size_t len, u8 out[16])
{
	u16 groups[8];
	u8 v4[4], tmp[16];
	unsigned int n = 0, head, k, val, ndig;
	int dcolon = -1, d;
	size_t i = 0, start;

	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		dcolon = 0;
		i = 2;
	}
	while (i < len) {
		start = i;
		val = 0;
		ndig = 0;
		while (i < len && (d = imsseg_hex_digit(s[i])) >= 0) {
			if (ndig == 4)
				return -EINVAL;
			val = val << 4 | d;
			ndig++;
			i++;
		}
		if (i < len && s[i] == '.') {
			/* IPv4 tail: the rest of the string, two groups */
			if (n > 6 || imsseg_parse_ipv4(s + start, len - start, v4))
				return -EINVAL;
			groups[n++] = v4[0] << 8 | v4[1];
			groups[n++] = v4[2] << 8 | v4[3];
			break;
		}
		if (!ndig || n == 8)
			return -EINVAL;
		groups[n++] = (u16)val;
		if (i == len)
			break;
		if (s[i++] != ':' || i == len)
			return -EINVAL;	/* not a separator, or a trailing ':' */
		if (s[i] == ':') {
			if (dcolon >= 0)
				return -EINVAL;	/* a second "::" */
			dcolon = n;
			i++;
		}
	}
	if (dcolon >= 0 ? n == 8 : n != 8)
		return -EINVAL;	/* "::" must stand for at least one group */

	head = dcolon >= 0 ? (unsigned int)dcolon : n;
	memset(tmp, 0, sizeof(tmp));
	for (k = 0; k < n; k++) {
		unsigned int pos = k < head ? k : 8 - n + k;

		tmp[2 * pos] = groups[k] >> 8;
		tmp[2 * pos + 1] = groups[k] & 0xff;
	}
	memcpy(out, tmp, sizeof(tmp));
	return 0;
}

int imsseg_prefix_parse(struct imsseg_prefix *p, const char *s, size_t len,
			unsigned int flags)
{
	struct imsseg_prefix tmp;
	u8 addr[16], family = IMSSEG_FAMILY_V4;
	unsigned int bits, plen;
	size_t alen, i;
	int err;

	for (alen = 0; alen < len && s[alen] != '/'; alen++)
		if (s[alen] == ':')
			family = IMSSEG_FAMILY_V6;
	if (family == IMSSEG_FAMILY_V6)
		err = imsseg_parse_ipv6(s, alen, addr);
	else
		err = imsseg_parse_ipv4(s, alen, addr);
	if (err)
		return err;
	bits = imsseg_family_bits(family);

	plen = bits;
	if (alen < len) {
		/* "/length": 1..3 decimal digits, no leading zero */
		if (alen + 1 == len || (s[alen + 1] == '0' && alen + 2 < len))
			return -EINVAL;
		plen = 0;
		for (i = alen + 1; i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -EINVAL;
			if (plen <= bits)
				plen = plen * 10 + (s[i] - '0');
		}
		if (plen > bits)
			return -ERANGE;
	}

	imsseg_prefix_set(&tmp, family, addr, plen);
	if (!(flags & IMSSEG_PREFIX_PARSE_MASK) &&
	    memcmp(tmp.addr, addr, bits / 8))
		return -EINVAL;	/* host bits set */
	*p = tmp;
	return 0;
}

/* Formatting */

static char *imsseg_put_dec(char *t, unsigned int v)
{
	if (v >= 100)
		*t++ = '0' + v / 100;
	if (v >= 10)
		*t++ = '0' + v / 10 % 10;
	*t++ = '0' + v % 10;
	return t;
}

static char *imsseg_put_hex(char *t, unsigned int v)
{
	static const char hex[] = "0123456789abcdef";
	int shift = 12;

	while (shift && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*t++ = hex[(v >> shift) & 0xf];
	return t;
}

static char *imsseg_put_ipv4(char *t, const u8 *a)
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		if (i)
			*t++ = '.';
		t = imsseg_put_dec(t, a[i]);
	}
	return t;
}

static char *imsseg_put_ipv6(char *t, const u8 *a)
{
	unsigned int w[8];
	int i, best = -1, best_len = 0, cur = -1, cur_len = 0;

	/* The first longest run of zero groups, if 2 or more long */
	for (i = 0; i < 8; i++) {
		w[i] = a[2 * i] << 8 | a[2 * i + 1];
		if (w[i]) {
			cur = -1;
			continue;
		}
		if (cur < 0) {
			cur = i;
			cur_len = 0;
		}
		if (++cur_len > best_len) {
			best = cur;
			best_len = cur_len;
		}
	}
	if (best_len < 2)
		best = -1;

	for (i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*t++ = ':';
			continue;
		}
		if (i)
			*t++ = ':';
		/* ::a.b.c.d and ::ffff:a.b.c.d, as glibc prints them */
		if (i == 6 && best == 0 &&
		    (best_len == 6 || (best_len == 5 && w[5] == 0xffff)))
			return imsseg_put_ipv4(t, a + 12);
		t = imsseg_put_hex(t, w[i]);
	}
	if (best >= 0 && best + best_len == 8)
		*t++ = ':';
	return t;
}

/* Copy the @n characters of @tmp and a NUL to @buf if they fit. */
static int imsseg_put_out(char *buf, size_t size, const char *tmp, size_t n)
{
	if (n >= size) {
		if (size)
			buf[0] = '\0';
		return -ENOSPC;
	}
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return (int)n;
}

static char *imsseg_put_addr(char *t, u8 family, const void *addr)
{
	if (family == IMSSEG_FAMILY_V4)
		return imsseg_put_ipv4(t, addr);
	return imsseg_put_ipv6(t, addr);
}

int imsseg_addr_format(u8 family, const void *addr, char *buf, size_t size)
{
	char tmp[IMSSEG_PREFIX_STRLEN];
	char *t;

	if (!imsseg_family_bits(family))
		return -EINVAL;
	t = imsseg_put_addr(tmp, family, addr);
	return imsseg_put_out(buf, size, tmp, t - tmp);
}

int imsseg_prefix_format(const struct imsseg_prefix *p, char *buf,
			 size_t size)
{
	char tmp[IMSSEG_PREFIX_STRLEN];
	unsigned int bits = imsseg_family_bits(p->family);
	char *t;

	if (!bits || p->plen > bits)
		return -EINVAL;
	t = imsseg_put_addr(tmp, p->family, p->addr);
	if (p->plen != bits) {
		*t++ = '/';
		t = imsseg_put_dec(t, p->plen);
	}
	return imsseg_put_out(buf, size, tmp, t - tmp);
}
