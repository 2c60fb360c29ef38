/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small libnl-genl-3 wrapper for the imsseg generic netlink family:
 * connect and resolve the family, send one request, collect the replies
 * (a dump or a single answer) and the ack, and turn an error into one
 * line that carries the kernel's extack message.
 */
#ifndef _SEGCTL_NL_H
#define _SEGCTL_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <netlink/attr.h>
#include <linux/imsseg.h>

struct nl_sock;
struct nl_msg;

struct segctl_nl {
	struct nl_sock *sk;
	int family;
	/* Why the last call failed: "kernel: <extack>" or strerror(). */
	char why[320];
};

/* Reply handler: the reply's attributes, validated by type/length. */
typedef int (*segctl_nl_cb)(struct nlattr **tb, void *arg);

/*
 * Opens a generic netlink socket (with extended acks), resolves the
 * imsseg family and checks the module's ABI (GET_VERSION). Returns 0 or
 * a negative errno with nl->why set ("imsseg.ko is not loaded ..." when
 * the family does not exist, -EPROTO "ABI mismatch: ..." naming both
 * ABIs and versions).
 */
int segctl_nl_open(struct segctl_nl *nl);
void segctl_nl_close(struct segctl_nl *nl);

/*
 * A request for @cmd of the family, carrying IMSSEG_A_ABI (but for
 * GET_VERSION); @dump asks for a dump. NULL: ENOMEM
 */
struct nl_msg *segctl_nl_msg(struct segctl_nl *nl, uint8_t cmd, bool dump);

/*
 * Sends @msg (always freed), calls @cb for each reply message and waits
 * for the ack or the end of the dump. Returns 0, the handler's negative
 * return, or the kernel's negative errno; on error nl->why says why.
 */
int segctl_nl_talk(struct segctl_nl *nl, struct nl_msg *msg, segctl_nl_cb cb,
		   void *arg);

/* "IMSSEG_A_TTL" etc. (NULL when unknown), for messages. */
const char *segctl_nl_attr_name(unsigned int type);

#endif /* _SEGCTL_NL_H */
