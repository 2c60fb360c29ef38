// SPDX-License-Identifier: GPL-2.0
/*
 * segctl version: segctl's and the loaded module's versions. The two
 * halves are released together; a different version or ABI is an error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/imsseg.h>

#include "json.h"
#include "segctl.h"
#include "sysfs.h"
#include "version.h"

int version_of_module(struct segctl_version *v)
{
	char buf[32];
	char *end;
	int err;

	err = sysfs_read_str("version", v->version, sizeof(v->version));
	if (err)
		return err;
	err = sysfs_read_str("abi_version", buf, sizeof(buf));
	if (err)
		return err;
	errno = 0;
	v->abi = strtoul(buf, &end, 10);
	if (errno || end == buf || *end)
		return -EINVAL;
	return 0;
}

int version_compatible(const struct segctl_version *u,
		       const struct segctl_version *k, char *why, size_t len)
{
	if (u->abi != k->abi) {
		snprintf(why, len,
			 "ABI mismatch: segctl speaks ABI %u, imsseg.ko ABI %u; install segctl and imsseg.ko from the same release",
			 u->abi, k->abi);
		return -1;
	}
	if (strcmp(u->version, k->version)) {
		snprintf(why, len,
			 "version mismatch: segctl %s, imsseg.ko %s; install segctl and imsseg.ko from the same release",
			 u->version, k->version);
		return -1;
	}
	return 0;
}

int cmd_version(int argc, char **argv, const struct segctl_opts *o)
{
	struct segctl_version u = { IMSSEG_VERSION, IMSSEG_ABI_VERSION };
	struct segctl_version k;
	char why[256];
	struct json j;
	int err;

	if (argc > 1)
		return segctl_err("version: unexpected argument '%s'", argv[1]);

	err = sysfs_module_present();
	if (!err)
		err = version_of_module(&k);

	if (o->json) {
		json_init(&j, stdout);
		json_obj_open(&j, NULL);
		json_obj_open(&j, "segctl");
		json_str(&j, "version", u.version);
		json_u64(&j, "abi", u.abi);
		json_obj_close(&j);
		if (!err) {
			json_obj_open(&j, "module");
			json_str(&j, "version", k.version);
			json_u64(&j, "abi", k.abi);
			json_obj_close(&j);
		}
		json_obj_close(&j);
	} else {
		printf("segctl %s (abi %u)\n", u.version, u.abi);
		if (!err)
			printf("imsseg.ko %s (abi %u)\n", k.version, k.abi);
	}

	if (err == -ENOENT)
		return segctl_err("imsseg.ko is not loaded (no %s): load it with 'modprobe imsseg' or 'insmod kernel/imsseg.ko'",
				  sysfs_root());
	if (err)
		return segctl_err("cannot read the module version under %s: %s",
				  sysfs_root(), strerror(-err));
	if (version_compatible(&u, &k, why, sizeof(why)))
		return segctl_err("%s", why);
	return 0;
}
