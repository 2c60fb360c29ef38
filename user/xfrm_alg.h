/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ESP algorithms segctl accepts, by their kernel crypto names (the
 * ones "ip xfrm state" uses), with the key lengths each one takes.
 */
#ifndef _SEGCTL_XFRM_ALG_H
#define _SEGCTL_XFRM_ALG_H

#include <stdbool.h>
#include <stddef.h>

#define XALG_KEY_MAX	64	/* bytes, longest key of any algorithm */
#define XALG_NAME_MAX	64	/* the kernel's alg_name[64] */

enum xalg_kind {
	XALG_AEAD,	/* combined mode: key + salt */
	XALG_ENC,	/* encryption, paired with XALG_AUTH */
	XALG_AUTH,	/* integrity */
};

struct xalg {
	const char *name;		/* kernel name, e.g. "cbc(aes)" */
	enum xalg_kind kind;
	unsigned char keylen[3];	/* allowed key lengths, bytes */
	unsigned char nkeylen;
	unsigned int bits;		/* AEAD ICV or AUTH truncation */
	bool null;			/* no confidentiality */
	const char *keyhelp;		/* what the key is made of */
};

/* The algorithms of one tunnel: aead, or enc + auth. */
struct xalgs {
	const struct xalg *aead, *enc, *auth;
};

const struct xalg *xalg_find(enum xalg_kind kind, const char *name);

/* "rfc4106(gcm(aes)) or rfc7539esp(chacha20,poly1305)" etc. */
const char *xalg_names(enum xalg_kind kind, char *buf, size_t len);

const char *xalg_kind_name(enum xalg_kind kind);	/* "aead" ... */

/*
 * 0 if @len bytes is a key length of @a; otherwise -1 and a sentence in
 * @err: "cbc(aes) takes a 16, 24 or 32-byte key (AES-128/192/256), not 20".
 */
int xalg_check_keylen(const struct xalg *a, size_t len, char *err,
		      size_t elen);

#endif /* _SEGCTL_XFRM_ALG_H */
