// SPDX-License-Identifier: GPL-2.0
/* The tunnel state file, see xfrm_store.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xfrm_own.h"
#include "xfrm_store.h"

#define WORDS_MAX 64

static const char *rundir(void)
{
	const char *d = getenv("IMSSEG_RUNDIR");

	return d && *d ? d : "/run/imsseg";
}

int xstore_path(const char *suffix, char *buf, size_t len)
{
	struct stat st;
	int n;

	if (stat("/proc/self/ns/net", &st))
		st.st_ino = 0;
	n = snprintf(buf, len, "%s/xfrm-%lu.%s", rundir(),
		     (unsigned long)st.st_ino, suffix);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int xstore_lock(char *err, size_t len)
{
	char path[512];
	int fd;

	if (mkdir(rundir(), 0700) && errno != EEXIST) {
		snprintf(err, len, "cannot create %s: %s", rundir(),
			 strerror(errno));
		return -1;
	}
	if (xstore_path("lock", path, sizeof(path)))
		return -1;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX)) {
		snprintf(err, len, "cannot lock %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

void xstore_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

static int read_line(struct ttable *tt, char *line)
{
	char *w[WORDS_MAX], *save = NULL, *tok, *end;
	struct terr e;
	struct tunnel *t;
	unsigned long id;
	int n = 0;

	for (tok = strtok_r(line, " \t\n", &save); tok && n < WORDS_MAX;
	     tok = strtok_r(NULL, " \t\n", &save))
		w[n++] = tok;
	if (n < 2 || w[0][0] == '#')
		return 0;
	id = strtoul(w[0], &end, 10);
	if (*end || !xown_id_valid((uint32_t)id) || tspec_check_name(w[1], &e))
		return -1;
	t = tt_new(tt);
	if (!t)
		return -1;
	t->id = (uint32_t)id;
	tspec_init(&t->spec, w[1]);
	if (tspec_parse_args(&t->spec, n - 2, w + 2, &e) ||
	    tspec_finish(&t->spec, &e)) {
		tt_del(tt, t);
		return -1;
	}
	return 0;
}

static int by_name_id(const void *a, const void *b)
{
	const struct tunnel *x = *(struct tunnel * const *)a;
	const struct tunnel *y = *(struct tunnel * const *)b;
	int c = strcmp(x->spec.name, y->spec.name);

	return c ? c : x->id < y->id ? -1 : x->id > y->id;
}

static int by_id(const void *a, const void *b)
{
	const struct tunnel *x = *(struct tunnel * const *)a;
	const struct tunnel *y = *(struct tunnel * const *)b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* A damaged file may repeat a name or an id: keep the first of each. */
static int dedupe(struct ttable *tt, char *err, size_t len)
{
	struct tunnel **v = malloc((tt->n + 1) * sizeof(*v));
	size_t i;

	if (!v) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	memcpy(v, tt->v, tt->n * sizeof(*v));
	qsort(v, tt->n, sizeof(*v), by_name_id);
	for (i = 1; i < tt->n; i++)
		if (!strcmp(v[i]->spec.name, v[i - 1]->spec.name))
			v[i]->id = 0;
	qsort(v, tt->n, sizeof(*v), by_id);
	for (i = 1; i < tt->n; i++)
		if (v[i]->id && v[i]->id == v[i - 1]->id)
			v[i]->id = 0;
	free(v);
	for (i = tt->n; i-- > 0;)
		if (!tt->v[i]->id)
			tt_del(tt, tt->v[i]);
	return 0;
}

int xstore_read(struct ttable *tt, char *err, size_t len)
{
	char path[512], *line = NULL;
	size_t cap = 0;
	FILE *f;

	if (xstore_path("state", path, sizeof(path)))
		return -1;
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, len, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) > 0)
		read_line(tt, line);	/* a bad line is dropped: a cache */
	free(line);
	fclose(f);
	return dedupe(tt, err, len);
}

int xstore_write(const struct ttable *tt, char *err, size_t len)
{
	char path[512], tmp[520], words[2048];
	size_t i;
	FILE *f;
	int fd, bad;

	if (xstore_path("state", path, sizeof(path)))
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		snprintf(err, len, "cannot write %s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fprintf(f, "# segctl tunnel state: ID NAME SPEC; written by segctl, do not edit\n");
	for (i = 0; i < tt->n; i++) {
		const struct tunnel *t = tt->v[i];

		if (!t->id || tspec_format(&t->spec, words, sizeof(words)) < 0)
			continue;
		fprintf(f, "%u %s %s\n", t->id, t->spec.name, words);
	}
	bad = fflush(f) || fsync(fd);
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path)) {
		snprintf(err, len, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}
