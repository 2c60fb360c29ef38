/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny TAP harness for host unit tests. Each test binary calls
 * UNIT_RUN() for its cases from main() and returns unit_done().
 * A case fails when any CHECK() inside it fails; it prints
 * "ok N - name" or "not ok N - name" with the failed checks as
 * diagnostics, so tools/check-summary can count it.
 */
#ifndef _IMSSEG_UNIT_H
#define _IMSSEG_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static int unit_n, unit_failed, unit_case_failed;

/*
 * unit_rnd(): xorshift64*, deterministic so that a failure reproduces.
 * A test may set unit_rnd_state to its own nonzero seed first.
 */
static unsigned long long unit_rnd_state __attribute__((unused)) =
	0x2545f4914f6cdd1dULL;

static inline unsigned long long unit_rnd(void)
{
	unit_rnd_state ^= unit_rnd_state >> 12;
	unit_rnd_state ^= unit_rnd_state << 25;
	unit_rnd_state ^= unit_rnd_state >> 27;
	return unit_rnd_state * 0x2545f4914f6cdd1dULL;
}

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		unit_case_failed++;					\
		printf("# %s:%d: CHECK(%s) failed\n",			\
		       __FILE__, __LINE__, #cond);			\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b) {							\
		unit_case_failed++;					\
		printf("# %s:%d: %s == %lld, expected %s == %lld\n",	\
		       __FILE__, __LINE__, #a, _a, #b, _b);		\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *_a = (a), *_b = (b);				\
	if (!_a || !_b || strcmp(_a, _b)) {				\
		unit_case_failed++;					\
		printf("# %s:%d: %s is \"%s\", expected \"%s\"\n",	\
		       __FILE__, __LINE__, #a, _a ? _a : "(null)",	\
		       _b ? _b : "(null)");				\
	}								\
} while (0)

#define UNIT_RUN(fn) do {						\
	unit_case_failed = 0;						\
	fn();								\
	unit_n++;							\
	if (unit_case_failed)						\
		unit_failed++;						\
	printf("%s %d - %s\n", unit_case_failed ? "not ok" : "ok",	\
	       unit_n, #fn);						\
} while (0)

/* A case that cannot run here (e.g. corpus missing) reports a skip. */
#define UNIT_SKIP(name, why) do {					\
	unit_n++;							\
	printf("ok %d - %s # SKIP %s\n", unit_n, name, why);		\
} while (0)

static inline int unit_done(void)
{
	printf("1..%d\n", unit_n);
	return unit_failed ? 1 : 0;
}

/* A regular file in a heap buffer of its exact size; NULL otherwise. */
static char *unit_slurp(const char *path, size_t *len)
{
	struct stat st;
	FILE *f;
	char *b;

	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return NULL;
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	b = malloc(st.st_size ? st.st_size : 1);
	if (b && fread(b, 1, st.st_size, f) != (size_t)st.st_size) {
		free(b);
		b = NULL;
	}
	fclose(f);
	*len = st.st_size;
	return b;
}

/* Runs @cmd (sh -c); its stdout as a malloc'ed string, status in @rc. */
static char *unit_run(const char *cmd, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *p = popen(cmd, "r");
	int st;

	if (!p)
		return NULL;
	if (getdelim(&buf, &len, '\0', p) < 0) {
		free(buf);
		buf = strdup("");
	}
	st = pclose(p);
	*rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	return buf;
}

#endif /* _IMSSEG_UNIT_H */
