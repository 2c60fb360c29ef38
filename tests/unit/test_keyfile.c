// SPDX-License-Identifier: GPL-2.0
/*
 * Key files (user/keyfile.c): key lengths for each algorithm, the line
 * grammar with exact messages (never containing a key), SPIs, and the
 * permission check on a real temporary file (0644 refused, 0600 taken).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keyfile.h"
#include "unit.h"

static struct xalgs alg(const char *aead, const char *enc, const char *auth)
{
	struct xalgs a = {
		aead ? xalg_find(XALG_AEAD, aead) : NULL,
		enc ? xalg_find(XALG_ENC, enc) : NULL,
		auth ? xalg_find(XALG_AUTH, auth) : NULL,
	};
	return a;
}

static const char *hex(unsigned int bytes)
{
	static char buf[2 * XALG_KEY_MAX + 8];
	unsigned int i;

	strcpy(buf, "0x");
	for (i = 0; i < bytes && i < sizeof(buf) / 2 - 2; i++)
		sprintf(buf + 2 + 2 * i, "%02x", (i * 7 + 1) & 0xff);
	return buf;
}

static int parse(const struct xalgs *a, const char *text, struct keyfile *kf,
		 char *err)
{
	return keyfile_parse("k.key", text, a, kf, err, 400);
}

/* key lengths: what each algorithm takes and refuses */
static void lengths(void)
{
	static const struct {
		const char *aead, *enc, *auth;
		unsigned int enc_len, auth_len;
		bool ok;
	} t[] = {
		{ "rfc4106(gcm(aes))", NULL, NULL, 20, 0, true },
		{ "rfc4106(gcm(aes))", NULL, NULL, 28, 0, true },
		{ "rfc4106(gcm(aes))", NULL, NULL, 36, 0, true },
		{ "rfc4106(gcm(aes))", NULL, NULL, 16, 0, false },
		{ "rfc4106(gcm(aes))", NULL, NULL, 32, 0, false },
		{ "rfc7539esp(chacha20,poly1305)", NULL, NULL, 36, 0, true },
		{ "rfc7539esp(chacha20,poly1305)", NULL, NULL, 32, 0, false },
		{ NULL, "cbc(aes)", "hmac(sha256)", 16, 32, true },
		{ NULL, "cbc(aes)", "hmac(sha256)", 24, 32, true },
		{ NULL, "cbc(aes)", "hmac(sha256)", 32, 32, true },
		{ NULL, "cbc(aes)", "hmac(sha256)", 20, 32, false },
		{ NULL, "cbc(aes)", "hmac(sha256)", 16, 20, false },
		{ NULL, "cbc(aes)", "hmac(sha1)", 16, 20, true },
		{ NULL, "cbc(aes)", "hmac(sha512)", 16, 64, true },
		{ NULL, "rfc3686(ctr(aes))", "hmac(sha384)", 20, 48, true },
		{ NULL, "rfc3686(ctr(aes))", "hmac(sha384)", 16, 48, false },
		{ NULL, "ecb(cipher_null)", "hmac(md5)", 0, 16, true },
		{ NULL, "ecb(cipher_null)", "hmac(md5)", 16, 16, false },
		{ NULL, "cbc(aes)", "xcbc(aes)", 16, 16, true },
	};
	struct keyfile kf;
	char text[400], err[400];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct xalgs a = alg(t[i].aead, t[i].enc, t[i].auth);
		int rc;

		CHECK(a.aead || (a.enc && a.auth));
		snprintf(text, sizeof(text), "%s", t[i].enc_len ? hex(t[i].enc_len) : "");
		if (!t[i].aead)
			snprintf(text + strlen(text), sizeof(text) - strlen(text),
				 ":%s", hex(t[i].auth_len));
		strcat(text, "\n");
		rc = parse(&a, text, &kf, err);
		if (rc != (t[i].ok ? 0 : -1))
			printf("# case %zu: rc %d: %s\n", i, rc, err);
		CHECK_EQ(rc, t[i].ok ? 0 : -1);
		if (!t[i].ok)
			continue;
		CHECK_EQ(kf.n, 1);
		CHECK_EQ(kf.gen[0].in.enc_len, t[i].enc_len);
		CHECK_EQ(kf.gen[0].out.auth_len, t[i].auth_len);
		CHECK(!memcmp(kf.gen[0].in.enc, kf.gen[0].out.enc, t[i].enc_len));
	}
}

static void messages(void)
{
	static const struct {
		const char *text, *err;
	} t[] = {
		{ "0x0102030405060708090a0b0c0d0e0f10\n",
		  "k.key:1: key: rfc4106(gcm(aes)) takes a 20, 28 or 36-byte key (AES-128/192/256 key + 4-byte salt), not 16 bytes" },
		{ "# only a comment\n\n", "k.key: no key in the file" },
		{ "key 0x123\n", "k.key:1: key: the key is not an even number of hex digits" },
		{ "key 0xzz\n", "k.key:1: key: the key is not an even number of hex digits" },
		{ "key\n", "k.key:1: key needs a value" },
		{ "frob 0x00\n",
		  "k.key:1: unknown keyword 'frob'; expected key, key-in, key-out, spi-in or spi-out" },
		{ "key-in 0x0102030405060708090a0b0c0d0e0f1011121314\n",
		  "k.key:1: key-in without key-out" },
		{ "0x0102030405060708090a0b0c0d0e0f1011121314 spi-in 0x100\n",
		  "k.key:1: spi-in without spi-out" },
		{ "0x0102030405060708090a0b0c0d0e0f1011121314 spi-in 12 spi-out 0x200\n",
		  "k.key:1: bad spi-in '12': expected 256..0xffffffff (decimal or 0x-hex)" },
		{ "0x0102030405060708090a0b0c0d0e0f1011121314 spi-in 0x100 spi-out 0x200 spi-in 0x300\n",
		  "k.key:1: spi-in is given twice (token '0x300')" },
		{ "0x0102030405060708090a0b0c0d0e0f1011121314\n"
		  "0x0102030405060708090a0b0c0d0e0f1011121314\n",
		  "k.key:2: a rekey line needs spi-in and spi-out (new SPIs for the new key)" },
		{ "0x0102030405060708090a0b0c0d0e0f1011121314 spi-in 0x100 spi-out 0x200\n"
		  "# next\n"
		  "0x0102030405060708090a0b0c0d0e0f1011121314 spi-in 0x100 spi-out 0x201\n",
		  "k.key:3: spi-in 0x100 is also used on line 1" },
		{ "0x0102030405060708090a0b0c0d0e0f10:0x01\n",
		  "k.key:1: key: rfc4106(gcm(aes)) takes one key (key and salt together), not ENCKEY:AUTHKEY" },
	};
	struct xalgs a = alg("rfc4106(gcm(aes))", NULL, NULL);
	struct keyfile kf;
	char err[400];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		err[0] = '\0';
		CHECK_EQ(parse(&a, t[i].text, &kf, err), -1);
		CHECK_STR(err, t[i].err);
		CHECK_EQ(kf.n, 0);	/* wiped on error */
	}
	a = alg(NULL, "cbc(aes)", "hmac(sha256)");
	CHECK_EQ(parse(&a, "0x00112233445566778899aabbccddeeff\n", &kf, err), -1);
	CHECK_STR(err, "k.key:1: key: cbc(aes) + hmac(sha256) needs ENCKEY:AUTHKEY (two hex keys joined by ':')");
}

static void generations(void)
{
	struct xalgs a = alg("rfc4106(gcm(aes))", NULL, NULL);
	struct keyfile kf;
	char err[400];

	CHECK_EQ(parse(&a,
		       "# current, directions apart\n"
		       "key-in 0x0102030405060708090a0b0c0d0e0f1011121314 key-out 0x1102030405060708090a0b0c0d0e0f1011121314\n"
		       "\t0x2102030405060708090a0b0c0d0e0f1011121314   spi-in 4096 spi-out 0xffffffff  # next\n",
		       &kf, err), 0);
	CHECK_EQ(kf.n, 2);
	CHECK_EQ(kf.gen[0].spi_in, 0);
	CHECK_EQ(kf.gen[0].in.enc[0], 0x01);
	CHECK_EQ(kf.gen[0].out.enc[0], 0x11);
	CHECK_EQ(kf.gen[1].in.enc[0], 0x21);
	CHECK_EQ(kf.gen[1].out.enc[0], 0x21);
	CHECK_EQ(kf.gen[1].spi_in, 4096);
	CHECK_EQ(kf.gen[1].spi_out, 0xffffffffu);
	CHECK_EQ(kf.gen[1].line, 3);
	keyfile_wipe(&kf);
	CHECK_EQ(kf.gen[0].in.enc[0], 0);
}

static void spis(void)
{
	uint32_t v;

	CHECK_EQ(keyfile_parse_spi("256", &v), 0);
	CHECK_EQ(v, 256);
	CHECK_EQ(keyfile_parse_spi("0x1001", &v), 0);
	CHECK_EQ(v, 0x1001);
	CHECK_EQ(keyfile_parse_spi("4294967295", &v), 0);
	CHECK_EQ(keyfile_parse_spi("255", &v), -1);
	CHECK_EQ(keyfile_parse_spi("0", &v), -1);
	CHECK_EQ(keyfile_parse_spi("4294967296", &v), -1);
	CHECK_EQ(keyfile_parse_spi("0x", &v), -1);
	CHECK_EQ(keyfile_parse_spi("0400", &v), -1);
	CHECK_EQ(keyfile_parse_spi("-300", &v), -1);
	CHECK_EQ(keyfile_parse_spi("300x", &v), -1);
	CHECK_EQ(keyfile_parse_spi("", &v), -1);
}

/* A real file: refused at 0644 and 0640, taken at 0600. */
static void permissions(void)
{
	struct xalgs a = alg("rfc4106(gcm(aes))", NULL, NULL);
	char path[] = "/tmp/imsseg-keyXXXXXX", want[300], err[400];
	struct keyfile kf;
	struct stat st;
	FILE *f;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	f = fdopen(fd, "w");
	fprintf(f, "0x0102030405060708090a0b0c0d0e0f1011121314 spi-in 0x100 spi-out 0x200\n");
	fclose(f);

	chmod(path, 0644);
	CHECK_EQ(keyfile_load(path, &a, &kf, err, sizeof(err)), -1);
	snprintf(want, sizeof(want),
		 "keyfile %s is readable by group/others (mode 0644); chmod 600 it", path);
	CHECK_STR(err, want);

	chmod(path, 0620);
	CHECK_EQ(keyfile_load(path, &a, &kf, err, sizeof(err)), -1);
	snprintf(want, sizeof(want),
		 "keyfile %s is writable by group/others (mode 0620); chmod 600 it", path);
	CHECK_STR(err, want);

	chmod(path, 0600);
	CHECK_EQ(keyfile_load(path, &a, &kf, err, sizeof(err)), 0);
	CHECK_EQ(kf.gen[0].spi_out, 0x200);

	/* owner check, without needing another user: a faked stat */
	CHECK_EQ(stat(path, &st), 0);
	st.st_uid = 12345;
	if (geteuid() != 12345) {
		CHECK_EQ(keyfile_check_mode(path, &st, err, sizeof(err)), -1);
		CHECK(strstr(err, "belongs to uid 12345; it must belong to root") != NULL);
	}
	unlink(path);
	CHECK_EQ(keyfile_load(path, &a, &kf, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "keyfile %s: No such file or directory", path);
	CHECK_STR(err, want);
	CHECK_EQ(keyfile_load("/tmp", &a, &kf, err, sizeof(err)), -1);
	CHECK_STR(err, "keyfile /tmp is not a regular file");
}

int main(void)
{
	UNIT_RUN(lengths);
	UNIT_RUN(messages);
	UNIT_RUN(generations);
	UNIT_RUN(spis);
	UNIT_RUN(permissions);
	return unit_done();
}
