// SPDX-License-Identifier: GPL-2.0
/*
 * Key file parser and loader, see keyfile.h. The text is tokenised in
 * place on a private copy that is wiped afterwards; error messages name
 * the file, the line and the keyword, never the key.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keyfile.h"

#define TOKS_MAX 16

__attribute__((format(printf, 5, 6)))
static int fail(char *err, size_t len, const char *path, unsigned int line,
		const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(err, len, "%s:%u: ", path, line);
	if (n < 0 || (size_t)n >= len)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, len - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

int keyfile_parse_spi(const char *s, uint32_t *spi)
{
	unsigned long long v;
	char *end;

	if (!*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		v = strtoull(s + 2, &end, 16);
	else if (s[0] == '0' && s[1])
		return -1;	/* no octal, no leading zeros */
	else
		v = strtoull(s, &end, 10);
	if (errno || *end || end == s || v < 256 || v > 0xffffffffULL ||
	    (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !s[2]))
		return -1;
	*spi = (uint32_t)v;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* [0x]HEX of at most XALG_KEY_MAX bytes; -1 bad, -2 too long. */
static int unhex(const char *s, size_t n, unsigned char *out,
		 unsigned short *olen)
{
	size_t i;

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
	}
	if (n % 2)
		return -1;
	if (n / 2 > XALG_KEY_MAX)
		return -2;
	for (i = 0; i < n; i += 2) {
		int hi = hexval(s[i]), lo = hexval(s[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i / 2] = (unsigned char)(hi << 4 | lo);
	}
	*olen = (unsigned short)(n / 2);
	return 0;
}

struct ctx {
	const char *path;
	unsigned int line;
	const struct xalgs *a;
	char *err;
	size_t len;
};

static int key_part(struct ctx *c, const char *kw, const char *what,
		    const struct xalg *alg, const char *s, size_t n,
		    unsigned char *out, unsigned short *olen)
{
	char why[160];
	int rc = unhex(s, n, out, olen);

	if (rc == -1)
		return fail(c->err, c->len, c->path, c->line,
			    "%s: %s is not an even number of hex digits",
			    kw, what);
	if (rc == -2)
		return fail(c->err, c->len, c->path, c->line,
			    "%s: %s is longer than %d bytes", kw, what,
			    XALG_KEY_MAX);
	if (xalg_check_keylen(alg, *olen, why, sizeof(why)))
		return fail(c->err, c->len, c->path, c->line, "%s: %s", kw,
			    why);
	return 0;
}

static int parse_key(struct ctx *c, const char *kw, const char *s,
		     struct keymat *k)
{
	const char *colon = strchr(s, ':');

	memset(k, 0, sizeof(*k));
	if (c->a->aead) {
		if (colon)
			return fail(c->err, c->len, c->path, c->line,
				    "%s: %s takes one key (key and salt together), not ENCKEY:AUTHKEY",
				    kw, c->a->aead->name);
		return key_part(c, kw, "the key", c->a->aead, s, strlen(s),
				k->enc, &k->enc_len);
	}
	if (!colon)
		return fail(c->err, c->len, c->path, c->line,
			    "%s: %s + %s needs ENCKEY:AUTHKEY (two hex keys joined by ':')",
			    kw, c->a->enc->name, c->a->auth->name);
	if (key_part(c, kw, "the encryption key", c->a->enc, s,
		     (size_t)(colon - s), k->enc, &k->enc_len) ||
	    key_part(c, kw, "the authentication key", c->a->auth, colon + 1,
		     strlen(colon + 1), k->auth, &k->auth_len))
		return -1;
	return 0;
}

/* Splits @s at blanks, up to a '#' that starts a word. */
static int split(char *s, char **tok)
{
	int n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (!*s || *s == '#')
			return n;
		if (n == TOKS_MAX)
			return -1;
		tok[n++] = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\r')
			s++;
		if (*s)
			*s++ = '\0';
	}
}

static int parse_line(struct ctx *c, char **tok, int ntok, struct keygen *g)
{
	bool has_key = false, has_in = false, has_out = false;
	bool has_spi_in = false, has_spi_out = false;
	int i = 0;

	memset(g, 0, sizeof(*g));
	g->line = c->line;
	while (i < ntok) {
		const char *kw = tok[i];
		/* a bare first word of hex digits (and ':') is a key */
		bool implicit = i == 0 &&
			strspn(kw, "0123456789abcdefABCDEFxX:") == strlen(kw);

		if (implicit)
			kw = "key";
		else if (++i >= ntok)
			return fail(c->err, c->len, c->path, c->line,
				    "%s needs a value", kw);
		if (!strcmp(kw, "key") || !strcmp(kw, "key-in") ||
		    !strcmp(kw, "key-out")) {
			bool in = kw[3] != '-' || kw[4] == 'i';
			bool out = kw[3] != '-' || kw[4] == 'o';

			if ((in && has_in) || (out && has_out))
				return fail(c->err, c->len, c->path, c->line,
					    "%s: the %s key is given twice",
					    kw, in && out ? "same" :
					    in ? "inbound" : "outbound");
			if (parse_key(c, kw, tok[i], in ? &g->in : &g->out))
				return -1;
			if (in && out)
				g->out = g->in;
			has_in |= in;
			has_out |= out;
			has_key = true;
		} else if (!strcmp(kw, "spi-in") || !strcmp(kw, "spi-out")) {
			bool in = kw[4] == 'i';
			uint32_t *spi = in ? &g->spi_in : &g->spi_out;

			if ((in && has_spi_in) || (!in && has_spi_out))
				return fail(c->err, c->len, c->path, c->line,
					    "%s is given twice (token '%s')",
					    kw, tok[i]);
			if (keyfile_parse_spi(tok[i], spi))
				return fail(c->err, c->len, c->path, c->line,
					    "bad %s '%s': expected 256..0xffffffff (decimal or 0x-hex)",
					    kw, tok[i]);
			has_spi_in |= in;
			has_spi_out |= !in;
		} else {
			return fail(c->err, c->len, c->path, c->line,
				    "unknown keyword '%s'; expected key, key-in, key-out, spi-in or spi-out",
				    kw);
		}
		i++;
	}
	if (!has_key || !has_in || !has_out)
		return fail(c->err, c->len, c->path, c->line,
			    "%s", !has_key ? "no key on this line" :
			    !has_in ? "key-out without key-in" :
			    "key-in without key-out");
	if (has_spi_in != has_spi_out)
		return fail(c->err, c->len, c->path, c->line,
			    "%s without %s", has_spi_in ? "spi-in" : "spi-out",
			    has_spi_in ? "spi-out" : "spi-in");
	return 0;
}

/* A later generation needs SPIs, all different from the others'. */
static int check_gens(struct ctx *c, const struct keyfile *kf)
{
	unsigned int i, j;

	for (i = 0; i < kf->n; i++) {
		const struct keygen *g = &kf->gen[i];

		c->line = g->line;
		if (i > 0 && !g->spi_in)
			return fail(c->err, c->len, c->path, c->line,
				    "a rekey line needs spi-in and spi-out (new SPIs for the new key)");
		for (j = 0; j < i && g->spi_in; j++) {
			if (kf->gen[j].spi_in == g->spi_in)
				return fail(c->err, c->len, c->path, c->line,
					    "spi-in 0x%x is also used on line %u",
					    g->spi_in, kf->gen[j].line);
			if (kf->gen[j].spi_out == g->spi_out)
				return fail(c->err, c->len, c->path, c->line,
					    "spi-out 0x%x is also used on line %u",
					    g->spi_out, kf->gen[j].line);
		}
	}
	return 0;
}

int keyfile_parse(const char *path, const char *text, const struct xalgs *a,
		  struct keyfile *kf, char *err, size_t len)
{
	struct ctx c = { .path = path, .a = a, .err = err, .len = len };
	size_t n = strlen(text);
	char *buf, *line, *next, *tok[TOKS_MAX];
	int ntok, rc = -1;

	memset(kf, 0, sizeof(*kf));
	buf = malloc(n + 1);
	if (!buf) {
		snprintf(err, len, "%s: out of memory", path);
		return -1;
	}
	memcpy(buf, text, n + 1);
	for (line = buf; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		c.line++;
		ntok = split(line, tok);
		if (ntok == 0)
			continue;
		if (ntok < 0) {
			fail(err, len, path, c.line, "too many words (at most %d)",
			     TOKS_MAX);
			goto out;
		}
		if (kf->n == KEYFILE_GENS_MAX) {
			fail(err, len, path, c.line,
			     "too many keys (at most %d lines)", KEYFILE_GENS_MAX);
			goto out;
		}
		if (parse_line(&c, tok, ntok, &kf->gen[kf->n]))
			goto out;
		kf->n++;
	}
	if (!kf->n) {
		snprintf(err, len, "%s: no key in the file", path);
		goto out;
	}
	rc = check_gens(&c, kf);
out:
	explicit_bzero(buf, n);
	free(buf);
	if (rc)
		keyfile_wipe(kf);
	return rc;
}

int keyfile_check_mode(const char *path, const struct stat *st, char *err,
		       size_t len)
{
	mode_t m = st->st_mode & 07777;

	if (!S_ISREG(st->st_mode)) {
		snprintf(err, len, "keyfile %s is not a regular file", path);
		return -1;
	}
	if (st->st_uid != 0 && st->st_uid != geteuid()) {
		snprintf(err, len,
			 "keyfile %s belongs to uid %u; it must belong to root (chown root %s)",
			 path, (unsigned int)st->st_uid, path);
		return -1;
	}
	if (m & 077) {
		snprintf(err, len,
			 "keyfile %s is %s by group/others (mode %04o); chmod 600 it",
			 path, m & 044 ? "readable" : m & 022 ? "writable" :
			 "accessible", (unsigned int)m);
		return -1;
	}
	return 0;
}

int keyfile_load(const char *path, const struct xalgs *a, struct keyfile *kf,
		 char *err, size_t len)
{
	struct stat st;
	char *buf;
	ssize_t n;
	size_t got = 0;
	int fd, rc;

	memset(kf, 0, sizeof(*kf));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(err, len, "keyfile %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		snprintf(err, len, "keyfile %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (keyfile_check_mode(path, &st, err, len)) {
		close(fd);
		return -1;
	}
	if (st.st_size > KEYFILE_SIZE_MAX) {
		snprintf(err, len, "keyfile %s is larger than %d bytes", path,
			 KEYFILE_SIZE_MAX);
		close(fd);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		snprintf(err, len, "keyfile %s: out of memory", path);
		return -1;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	if (strlen(buf) != got) {
		snprintf(err, len, "keyfile %s contains a NUL byte", path);
		rc = -1;
	} else {
		rc = keyfile_parse(path, buf, a, kf, err, len);
	}
	explicit_bzero(buf, got);
	free(buf);
	return rc;
}

void keyfile_wipe(struct keyfile *kf)
{
	explicit_bzero(kf, sizeof(*kf));
}
