/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Key files: the static keys of one tunnel, one key generation per
 * line, the current one first, then the keys for the next rekeys
 * (Documentation/ipsec.rst, "Key files"):
 *
 *   # comment
 *   [key] HEX | key-in HEX key-out HEX   [spi-in N spi-out N]
 *
 * HEX is the key in hexadecimal ("0x" optional): for an AEAD the key
 * followed by its salt, for enc + auth "ENCKEY:AUTHKEY". SPIs are
 * decimal or 0x-hex, 256..0xffffffff; the first line may leave them to
 * the command line or the config, every later line must name them. A
 * key file must be a regular file that only its owner (root) can read
 * or write.
 */
#ifndef _SEGCTL_KEYFILE_H
#define _SEGCTL_KEYFILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "xfrm_alg.h"

#define KEYFILE_GENS_MAX	8
#define KEYFILE_SIZE_MAX	65536

struct keymat {
	unsigned char enc[XALG_KEY_MAX];	/* AEAD: key + salt */
	unsigned char auth[XALG_KEY_MAX];
	unsigned short enc_len, auth_len;
};

struct keygen {
	struct keymat in, out;		/* inbound and outbound SA keys */
	uint32_t spi_in, spi_out;	/* 0: not in the file */
	unsigned int line;
};

struct keyfile {
	struct keygen gen[KEYFILE_GENS_MAX];
	unsigned int n;
};

/*
 * Parses the NUL-terminated @text of the key file @path for the
 * algorithms @a. Returns 0, or -1 with "PATH:LINE: message" in @err.
 * Messages never contain key material.
 */
int keyfile_parse(const char *path, const char *text, const struct xalgs *a,
		  struct keyfile *kf, char *err, size_t len);

/*
 * 0 if a file with status @st may hold keys: a regular file owned by
 * root (or by the caller) that nobody else can read or write; otherwise
 * -1 with "keyfile PATH is readable by group/others (mode 0644); chmod
 * 600 it" or the like in @err.
 */
int keyfile_check_mode(const char *path, const struct stat *st, char *err,
		       size_t len);

/* Opens, checks (keyfile_check_mode()) and parses @path. */
int keyfile_load(const char *path, const struct xalgs *a, struct keyfile *kf,
		 char *err, size_t len);

/* Overwrites the keys in @kf. */
void keyfile_wipe(struct keyfile *kf);

/* Parses an SPI: decimal or 0x-hex, 256..0xffffffff. 0 or -1. */
int keyfile_parse_spi(const char *s, uint32_t *spi);

#endif /* _SEGCTL_KEYFILE_H */
