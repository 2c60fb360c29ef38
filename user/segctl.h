/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SEGCTL_H
#define _SEGCTL_H

#include <stdbool.h>

/* Options shared by every subcommand. */
struct segctl_opts {
	bool json;	/* -j: machine-readable output */
};

struct segctl_cmd {
	const char *name;
	int (*fn)(int argc, char **argv, const struct segctl_opts *o);
	const char *usage;	/* arguments after the command name */
	const char *help;	/* one line for "segctl help" */
};

int cmd_version(int argc, char **argv, const struct segctl_opts *o);
int cmd_stats(int argc, char **argv, const struct segctl_opts *o);
int cmd_iface(int argc, char **argv, const struct segctl_opts *o);
int cmd_list(int argc, char **argv, const struct segctl_opts *o);	/* allow, block */
int cmd_trust(int argc, char **argv, const struct segctl_opts *o);
int cmd_tunnel(int argc, char **argv, const struct segctl_opts *o);	/* IPsec */
int cmd_run(int argc, char **argv, const struct segctl_opts *o);	/* daemon */
/* segctl run's SIP state over its control socket (cmd_sip.c) */
int cmd_dialogs(int argc, char **argv, const struct segctl_opts *o);
int cmd_registrations(int argc, char **argv, const struct segctl_opts *o);
int cmd_events(int argc, char **argv, const struct segctl_opts *o);
int cmd_metrics(int argc, char **argv, const struct segctl_opts *o);	/* Prometheus */
int cmd_top(int argc, char **argv, const struct segctl_opts *o);	/* live view */

/* Prints "segctl: <msg>" to stderr; returns 1 for "return err(...)". */
int segctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* _SEGCTL_H */
