// SPDX-License-Identifier: GPL-2.0
/*
 * segctl - control and inspect imsseg.
 *
 *   segctl [-j] COMMAND [ARGS...]
 *
 * Commands live in a table (like wg(8) and ip(8)); each one parses its
 * own arguments and returns the process exit status.
 */
#include <stdio.h>
#include <string.h>
#include <linux/imsseg.h>

#include "segctl.h"

static int cmd_help(int argc, char **argv, const struct segctl_opts *o);

static const struct segctl_cmd commands[] = {
	{ "version", cmd_version, "",
	  "show segctl's and the loaded module's versions; a mismatch is an error" },
	{ "stats", cmd_stats, "",
	  "show the module's counters and segctl run's (-j: JSON; \"segctl\" is null when segctl run is not running)" },
	{ "iface", cmd_iface, "set DEV untrusted|trusted|za|none | list",
	  "set or list the interface roles of this network namespace" },
	{ "allow", cmd_list,
	  "add PREFIX [ttl SECONDS] [reason TEXT] | del PREFIX | list",
	  "the allowlist (trusted class) of this network namespace" },
	{ "block", cmd_list,
	  "add PREFIX [ttl SECONDS] [reason TEXT] | del PREFIX | list",
	  "the blocklist (denied class; wins over the allowlist)" },
	{ "trust", cmd_trust, "ADDR",
	  "the trust class of an address: untrusted, trusted or denied" },
	{ "tunnel", cmd_tunnel,
	  "add NAME peer ADDR local ADDR [subnets LOCAL=REMOTE ...] [mode tunnel|transport] [aead ALG | enc ALG auth ALG] keyfile PATH [spi-in N spi-out N] [lifetime S[/SOFT]] [lifebytes B[/SOFT]] [required] [za] | del NAME | list",
	  "IPsec tunnels (XFRM SAs and policies) to peer SEGs and UEs; see Documentation/ipsec.rst" },
	{ "metrics", cmd_metrics, "[-o FILE [-i SECONDS]]",
	  "every kernel and segctl run counter in the Prometheus text format; -o: write FILE atomically (node_exporter textfile), -i: every SECONDS until SIGTERM; see Documentation/metrics.rst" },
	{ "top", cmd_top, "[-d SECONDS] [-n ITERATIONS] [-a]",
	  "live view of rates and totals: passes, drops by reason, punts, bans, segctl run verdicts, dialogs, tunnels (q quits; -a: zero rows too)" },
	{ "run", cmd_run, "[-c CONFIG] [-f]",
	  "the daemon: apply /etc/imsseg/segctl.conf (tunnels, [sip], [global]), judge punted SIP from the module's NFQUEUE queues, reload on SIGHUP, log JSON lines; see Documentation/segctl-run.rst" },
	{ "dialogs", cmd_dialogs, "",
	  "the SIP dialogs segctl run tracks (-j: JSON)" },
	{ "registrations", cmd_registrations, "",
	  "the SIP registrations segctl run learned (-j: JSON)" },
	{ "events", cmd_events, "[-f] [-n N]",
	  "segctl run's recent events (last N, default 100; -f: follow new ones; -j: JSON lines)" },
	{ "help", cmd_help, "",
	  "show this help" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: segctl [-j] COMMAND [ARGS...]\n\n");
	fprintf(f, "options:\n  -j, --json   machine-readable JSON output\n\n");
	fprintf(f, "commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %s%s%s\n      %s\n", commands[i].name,
			*commands[i].usage ? " " : "", commands[i].usage,
			commands[i].help);
	fprintf(f, "\nsegctl %s; documentation: Documentation/admin-guide.rst\n",
		IMSSEG_VERSION);
}

static int cmd_help(int argc, char **argv, const struct segctl_opts *o)
{
	usage(stdout);
	return 0;
}

static int is_json_flag(const char *a)
{
	return !strcmp(a, "-j") || !strcmp(a, "--json");
}

int main(int argc, char **argv)
{
	struct segctl_opts o = { 0 };
	char *args[64];
	int i, n = 0;
	size_t c;

	/* -j is accepted before or after the command name. */
	for (i = 1; i < argc; i++) {
		if (is_json_flag(argv[i])) {
			o.json = true;
			continue;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		}
		if (n == (int)(sizeof(args) / sizeof(args[0])))
			return segctl_err("too many arguments");
		args[n++] = argv[i];
	}
	if (n == 0) {
		usage(stderr);
		return 1;
	}
	for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (!strcmp(args[0], commands[c].name))
			return commands[c].fn(n, args, &o);

	segctl_err("unknown command '%s'; try 'segctl help'", args[0]);
	return 1;
}
