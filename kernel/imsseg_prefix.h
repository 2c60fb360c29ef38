/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address prefixes: the keys of per-source buckets and of allow/block
 * lists, their text form (parse and format) and a hash input. Pure code:
 * compiles unchanged in the kernel module and in user space (segctl,
 * tests).
 *
 * Addresses are plain bytes in network byte order (no __be types), with
 * an explicit family. IPv4-mapped IPv6 addresses (::ffff:192.0.2.1) are
 * IPv6: they are parsed, stored and matched as IPv6 and never equal or
 * inside an IPv4 prefix (an IPv4 packet never carries them, and an IPv6
 * packet carrying one is not IPv4 traffic).
 */
#ifndef _IMSSEG_PREFIX_H
#define _IMSSEG_PREFIX_H

#include "imsseg_pure.h"

#ifdef __KERNEL__
#include <linux/errno.h>
#else
#include <errno.h>
#endif

/* Families of struct imsseg_prefix: deliberately not AF_INET/AF_INET6. */
#define IMSSEG_FAMILY_V4	4
#define IMSSEG_FAMILY_V6	6

/* Room for any imsseg_prefix_format() output, NUL included. */
#define IMSSEG_PREFIX_STRLEN	50

/* Keys per source address: IPv4 /32; IPv6 /128, /64, /56, /48. */
#define IMSSEG_SRC_KEYS_MAX	4

/* u32 words of a hash input (see imsseg_prefix_hkey()). */
#define IMSSEG_PREFIX_HKEY_WORDS	5

/* imsseg_prefix_parse() flags */
#define IMSSEG_PREFIX_PARSE_MASK	0x1	/* mask host bits, not -EINVAL */

/*
 * An address or a CIDR prefix. Always canonical when built by the
 * functions below: host bits, unused address bytes and pad are zero, so
 * two prefixes are equal iff their 20 bytes are equal.
 */
struct imsseg_prefix {
	u8 family;	/* IMSSEG_FAMILY_V4 or IMSSEG_FAMILY_V6 */
	u8 plen;	/* prefix length, 0..32 or 0..128 */
	u8 pad[2];	/* zero */
	u8 addr[16];	/* network byte order; IPv4 in addr[0..3] */
};

/* Address length in bits of a family: 32, 128, or 0 if unknown. */
unsigned int imsseg_family_bits(u8 family);

/* Clear the bits after the first @plen of the @len-byte address @addr. */
void imsseg_addr_mask(u8 *addr, unsigned int len, unsigned int plen);

/*
 * Build the canonical prefix @addr/@plen (@addr: 4 or 16 bytes by family,
 * host bits are masked). Returns 0, or -EINVAL for an unknown family or a
 * @plen above the address length; *p is unchanged on error.
 */
int imsseg_prefix_set(struct imsseg_prefix *p, u8 family, const void *addr,
		      unsigned int plen);

/*
 * The keys a packet from @saddr (4 or 16 bytes by @family) is limited by,
 * most specific first: IPv4 /32; IPv6 /128, /64, /56, /48. Returns the
 * number of keys filled (1 or 4), 0 for an unknown family.
 */
unsigned int imsseg_prefix_src_keys(struct imsseg_prefix keys[IMSSEG_SRC_KEYS_MAX],
				    u8 family, const void *saddr);

bool imsseg_prefix_equal(const struct imsseg_prefix *a,
			 const struct imsseg_prefix *b);

/* Total order (family, then prefix length, then address): <0, 0, >0. */
int imsseg_prefix_cmp(const struct imsseg_prefix *a,
		      const struct imsseg_prefix *b);

/* Is the address @addr (4 or 16 bytes by @family) inside @p? */
bool imsseg_prefix_contains(const struct imsseg_prefix *p, u8 family,
			    const void *addr);

/* Is the prefix @inner equal to or inside @outer? */
bool imsseg_prefix_covers(const struct imsseg_prefix *outer,
			  const struct imsseg_prefix *inner);

/*
 * Fill a hash input: family, prefix length and the masked address in 20
 * bytes, for hsiphash(out, sizeof(u32) * IMSSEG_PREFIX_HKEY_WORDS, &key).
 */
void imsseg_prefix_hkey(const struct imsseg_prefix *p,
			u32 out[IMSSEG_PREFIX_HKEY_WORDS]);

/*
 * Parse exactly @len characters (no NUL needed; a NUL inside is an error)
 * as an address, with the rules of glibc inet_pton(): IPv4 is four
 * decimal octets 0..255 without leading zeros ("01.2.3.4" is rejected);
 * IPv6 is RFC 4291 text: up to 8 groups of 1..4 hex digits, at most one
 * "::" standing for at least one zero group, optionally ending in an
 * IPv4 address in place of the last two groups. Returns 0 or -EINVAL;
 * @out is written only on success.
 */
int imsseg_parse_ipv4(const char *s, size_t len, u8 out[4]);
int imsseg_parse_ipv6(const char *s, size_t len, u8 out[16]);

/*
 * Parse "address" or "address/length" (@len characters). The family is
 * IPv6 if the address contains ':', IPv4 otherwise; a plain address is a
 * /32 or /128. The length is decimal without sign or leading zeros.
 * Returns 0; -EINVAL for bad syntax, or for host bits set after the prefix
 * length ("192.0.2.1/24") unless @flags has IMSSEG_PREFIX_PARSE_MASK (then
 * they are cleared); -ERANGE for a length above 32 or 128. *p is written
 * only on success.
 */
int imsseg_prefix_parse(struct imsseg_prefix *p, const char *s, size_t len,
			unsigned int flags);

/*
 * Format the address @addr (4 or 16 bytes by @family) like glibc
 * inet_ntop(): IPv6 in RFC 5952 form (lower case, no leading zeros, the
 * first longest run of two or more zero groups as "::"), with a dotted
 * IPv4 tail for ::ffff:a.b.c.d and ::a.b.c.d. Returns the length written
 * (without the NUL); -ENOSPC if @size is too small (then @buf is "" if
 * @size > 0); -EINVAL for an unknown family.
 */
int imsseg_addr_format(u8 family, const void *addr, char *buf, size_t size);

/* Format "address/length", or just the address for a /32 or /128. */
int imsseg_prefix_format(const struct imsseg_prefix *p, char *buf,
			 size_t size);

#endif /* _IMSSEG_PREFIX_H */
