// SPDX-License-Identifier: GPL-2.0
/*
 * ESP algorithm table (see xfrm_alg.h). Key lengths follow the RFCs:
 * RFC 4106 GCM and RFC 3686 CTR keys carry a 4-byte salt/nonce after
 * the AES key; RFC 7634 ChaCha20-Poly1305 a 4-byte salt after a 32-byte
 * key; HMAC keys are as long as the hash output (RFC 2404, 4868).
 */
#include <stdio.h>
#include <string.h>

#include "xfrm_alg.h"

static const struct xalg algs[] = {
	{ "rfc4106(gcm(aes))", XALG_AEAD, { 20, 28, 36 }, 3, 128, false,
	  "AES-128/192/256 key + 4-byte salt" },
	{ "rfc7539esp(chacha20,poly1305)", XALG_AEAD, { 36 }, 1, 128, false,
	  "32-byte key + 4-byte salt" },
	{ "cbc(aes)", XALG_ENC, { 16, 24, 32 }, 3, 0, false,
	  "AES-128/192/256" },
	{ "rfc3686(ctr(aes))", XALG_ENC, { 20, 28, 36 }, 3, 0, false,
	  "AES-128/192/256 key + 4-byte nonce" },
	{ "ecb(cipher_null)", XALG_ENC, { 0 }, 1, 0, true,
	  "no key: integrity only" },
	{ "hmac(sha256)", XALG_AUTH, { 32 }, 1, 128, false, "HMAC-SHA-256-128" },
	{ "hmac(sha384)", XALG_AUTH, { 48 }, 1, 192, false, "HMAC-SHA-384-192" },
	{ "hmac(sha512)", XALG_AUTH, { 64 }, 1, 256, false, "HMAC-SHA-512-256" },
	{ "hmac(sha1)", XALG_AUTH, { 20 }, 1, 96, false, "HMAC-SHA-1-96" },
	{ "hmac(md5)", XALG_AUTH, { 16 }, 1, 96, false, "HMAC-MD5-96" },
	{ "xcbc(aes)", XALG_AUTH, { 16 }, 1, 96, false, "AES-XCBC-MAC-96" },
};

const struct xalg *xalg_find(enum xalg_kind kind, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (algs[i].kind == kind && !strcmp(algs[i].name, name))
			return &algs[i];
	return NULL;
}

const char *xalg_kind_name(enum xalg_kind kind)
{
	return kind == XALG_AEAD ? "aead" : kind == XALG_ENC ? "enc" : "auth";
}

const char *xalg_names(enum xalg_kind kind, char *buf, size_t len)
{
	size_t i, n = 0, k = 0, total = 0;
	int w;

	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		total += algs[i].kind == kind;
	buf[0] = '\0';
	for (i = 0; i < sizeof(algs) / sizeof(algs[0]) && n < len; i++) {
		if (algs[i].kind != kind)
			continue;
		k++;
		w = snprintf(buf + n, len - n, "%s%s",
			     k == 1 ? "" : k == total ? " or " : ", ",
			     algs[i].name);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	return buf;
}

int xalg_check_keylen(const struct xalg *a, size_t len, char *err,
		      size_t elen)
{
	char lens[32];
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < a->nkeylen; i++)
		if (a->keylen[i] == len)
			return 0;
	lens[0] = '\0';
	for (i = 0; i < a->nkeylen && n < sizeof(lens); i++)
		n += (size_t)snprintf(lens + n, sizeof(lens) - n, "%s%u",
				      !i ? "" : i + 1 == a->nkeylen ? " or " : ", ",
				      a->keylen[i]);
	if (a->null)
		snprintf(err, elen, "%s takes no key (%s), not %zu bytes",
			 a->name, a->keyhelp, len);
	else
		snprintf(err, elen, "%s takes a %s-byte key (%s), not %zu bytes",
			 a->name, lens, a->keyhelp, len);
	return -1;
}
