// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <linux/imsseg.h>

#include "segctl.h"
#include "sysfs.h"

const char *sysfs_root(void)
{
	const char *r = getenv("IMSSEG_SYSFS");

	return r && *r ? r : IMSSEG_SYSFS_DIR;
}

int sysfs_module_present(void)
{
	struct stat st;

	if (stat(sysfs_root(), &st))
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

int sysfs_read_str(const char *rel, char *buf, size_t len)
{
	char path[512];
	FILE *f;
	size_t n;

	if (len == 0)
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/%s", sysfs_root(), rel);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f)) {
		int err = ferror(f) ? -EIO : -ENODATA;

		fclose(f);
		return err;
	}
	fclose(f);
	n = strcspn(buf, "\n");
	buf[n] = '\0';
	return 0;
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

int sysfs_read_u64(const char *rel, uint64_t *v)
{
	char buf[64];
	int err = sysfs_read_str(rel, buf, sizeof(buf));

	return err ? err : parse_u64(buf, v);
}

static int cmp_counter(const void *a, const void *b)
{
	return strcmp(((const struct sysfs_counter *)a)->name,
		      ((const struct sysfs_counter *)b)->name);
}

int sysfs_read_counters(const char *rel, struct sysfs_counter *c, int max)
{
	char path[512], file[640];
	struct dirent *de;
	int n = 0, err = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", sysfs_root(), rel);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == max || strlen(de->d_name) >= sizeof(c[n].name)) {
			err = -E2BIG;
			break;
		}
		snprintf(file, sizeof(file), "%s/%s", rel, de->d_name);
		err = sysfs_read_u64(file, &c[n].value);
		if (err) {
			segctl_err("%s/%s: not a counter (%s)", path,
				   de->d_name, strerror(-err));
			break;
		}
		strcpy(c[n].name, de->d_name);
		n++;
	}
	closedir(d);
	if (err)
		return err;
	qsort(c, n, sizeof(*c), cmp_counter);
	return n;
}
