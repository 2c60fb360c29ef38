/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Argument parsing of segctl's netlink commands (iface, allow, block,
 * trust), kept apart from netlink so that the unit tests cover it.
 * Each parser takes argv from the command name on ("block", "add", ...)
 * and returns 0, or -1 with a one-line message in @err (without the
 * "segctl: " prefix) naming the bad token.
 */
#ifndef _SEGCTL_CLI_H
#define _SEGCTL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <linux/imsseg.h>

#include "imsseg_prefix.h"

enum cli_op {
	CLI_OP_LIST,
	CLI_OP_ADD,
	CLI_OP_DEL,
	CLI_OP_SET,
};

/* allow|block add PREFIX [ttl SECONDS] [reason TEXT] | del PREFIX | list */
struct list_req {
	enum cli_op op;
	enum imsseg_list list;
	struct imsseg_prefix prefix;	/* add, del */
	uint32_t ttl;			/* add: seconds, 0 = no expiry */
	bool has_reason;
	char reason[IMSSEG_REASON_LEN];
};

/* iface set DEV ROLE | list */
struct iface_req {
	enum cli_op op;
	char dev[IF_NAMESIZE];
	enum imsseg_role role;
};

/* trust ADDR */
struct trust_req {
	uint8_t family;			/* IMSSEG_FAMILY_V4 / _V6 */
	uint8_t addr[16];
	char text[IMSSEG_PREFIX_STRLEN];	/* canonical form */
};

int cli_parse_list(int argc, char **argv, struct list_req *r, char *err,
		   size_t len);
int cli_parse_iface(int argc, char **argv, struct iface_req *r, char *err,
		    size_t len);
int cli_parse_trust(int argc, char **argv, struct trust_req *r, char *err,
		    size_t len);

/* Names of the ABI's enums; "?" for a value out of range. */
const char *cli_role_name(unsigned int role);
const char *cli_list_name(unsigned int list);	/* "allow", "block" */
const char *cli_class_name(unsigned int cls);
const char *cli_origin_name(unsigned int origin);

#endif /* _SEGCTL_CLI_H */
