// SPDX-License-Identifier: GPL-2.0
/*
 * The documentation keeps up with segctl: every command that the built
 * "segctl help" lists (user/segctl, or $SEGCTL) is documented
 *
 *  - in Documentation/segctl.8: named in the SYNOPSIS and as a .TP
 *    item of COMMANDS, and every option of its usage ("-o") is there
 *    too (as "\-o");
 *  - in Documentation/admin-guide.rst: as ``segctl NAME...`` and, for
 *    each subcommand of its usage ("add", "del", "list", "set"), as
 *    "segctl NAME SUB";
 *
 * and every .rst file of Documentation/ is docutils-clean (no warning)
 * when python3's docutils is installed. The sysfs side (every file under
 * /sys/kernel/imsseg documented) needs the module: it is the VM
 * selftest selftests/imsseg_docs.sh. Skipped when segctl is not built
 * (tools/check builds it first).
 */
#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "unit.h"

#define TOP "../.."
#define MAN TOP "/Documentation/segctl.8"
#define GUIDE TOP "/Documentation/admin-guide.rst"

static char *man, *guide;

static const char *segctl_bin(void)
{
	const char *b = getenv("SEGCTL");

	return b && *b ? b : TOP "/user/segctl";
}

static char *slurp(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* The text of man page section @name (".SH NAME" to the next .SH). */
static char *man_section(const char *name)
{
	char hdr[64], *s, *e;

	snprintf(hdr, sizeof(hdr), "\n.SH %s\n", name);
	s = strstr(man, hdr);
	if (!s)
		return strdup("");
	s += strlen(hdr);
	e = strstr(s, "\n.SH ");
	return strndup(s, e ? (size_t)(e - s) : strlen(s));
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* @w occurs in @hay delimited by non-word characters. */
static bool has_word(const char *hay, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = strstr(hay, w); p; p = strstr(p + 1, w))
		if ((p == hay || !word_char(p[-1])) && !word_char(p[n]))
			return true;
	return false;
}

/* A .TP/.TQ item of @sect whose first word (after .B/.BI/.BR) is @w. */
static bool man_item(const char *sect, const char *w)
{
	const char *p;
	size_t n = strlen(w);

	for (p = sect; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *q;

		if (strncmp(p, ".TP\n", 4) && strncmp(p, ".TQ\n", 4))
			continue;
		q = p + 4;
		if (q[0] != '.' || q[1] != 'B')
			continue;
		q += 2;
		while (*q && !isspace((unsigned char)*q))
			q++;	/* the rest of .BI, .BR */
		while (*q == ' ' || *q == '"')
			q++;
		if (!strncmp(q, w, n) && !word_char(q[n]))
			return true;
	}
	return false;
}

/* ``segctl NAME`` or ``segctl NAME ...`` in the admin guide. */
static bool guide_cmd(const char *name)
{
	char a[64], b[64];

	snprintf(a, sizeof(a), "``segctl %s``", name);
	snprintf(b, sizeof(b), "``segctl %s ", name);
	return strstr(guide, a) || strstr(guide, b);
}

struct cmd {
	char name[32];
	char usage[512];
};

/* The commands of "segctl help": "  NAME[ USAGE]" lines. */
static size_t parse_help(const char *out, struct cmd *c, size_t max)
{
	const char *l = out;
	size_t n = 0;

	for (; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *e = strchr(l, '\n'), *sp;
		size_t len = e ? (size_t)(e - l) : strlen(l);

		if (len < 3 || l[0] != ' ' || l[1] != ' ' ||
		    !islower((unsigned char)l[2]) || n == max)
			continue;
		sp = memchr(l + 2, ' ', len - 2);
		snprintf(c[n].name, sizeof(c[n].name), "%.*s",
			 (int)((sp ? sp : l + len) - (l + 2)), l + 2);
		snprintf(c[n].usage, sizeof(c[n].usage), "%.*s",
			 sp ? (int)(l + len - sp - 1) : 0, sp ? sp + 1 : "");
		n++;
	}
	return n;
}

static struct cmd cmds[64];
static size_t ncmds;

static void test_help_parsed(void)
{
	size_t i;
	bool help = false, run_cmd = false;

	/* the table of user/segctl.c, at least the long-standing ones */
	CHECK(ncmds >= 10);
	for (i = 0; i < ncmds; i++) {
		help |= !strcmp(cmds[i].name, "help");
		run_cmd |= !strcmp(cmds[i].name, "run");
	}
	CHECK(help);
	CHECK(run_cmd);
}

static void test_man_commands(void)
{
	char *syn, *com;
	size_t i;

	CHECK(man != NULL);
	if (!man)
		return;
	syn = man_section("SYNOPSIS");
	com = man_section("COMMANDS");
	CHECK(*syn && *com);
	for (i = 0; i < ncmds; i++) {
		const char *u = cmds[i].usage;
		const char *p;

		if (!has_word(syn, cmds[i].name)) {
			printf("# segctl.8 SYNOPSIS does not name '%s'\n",
			       cmds[i].name);
			CHECK(!"command in the man page's SYNOPSIS");
		}
		if (!man_item(com, cmds[i].name)) {
			printf("# segctl.8 COMMANDS has no .TP item '%s'\n",
			       cmds[i].name);
			CHECK(!"command in the man page's COMMANDS");
		}
		/* options of the usage: "-o", "[-d" */
		for (p = strchr(u, '-'); p; p = strchr(p + 1, '-')) {
			char opt[8];

			if ((p > u && p[-1] != ' ' && p[-1] != '[') ||
			    !isalpha((unsigned char)p[1]) ||
			    word_char(p[2]))
				continue;
			snprintf(opt, sizeof(opt), "\\-%c", p[1]);
			if (!strstr(man, opt)) {
				printf("# segctl.8 lacks option %s of '%s'\n",
				       opt, cmds[i].name);
				CHECK(!"option in the man page");
			}
		}
	}
	free(syn);
	free(com);
}

/*
 * The subcommands of a usage: the first word, if all lower case, of each
 * alternative separated by " | " outside brackets ("set DEV a|b | list"
 * gives "set" and "list"; "[aead ALG | enc ALG]" is not split).
 */
static size_t subcommands(const char *u, char sub[][32], size_t max)
{
	const char *alt = u, *p;
	size_t n = 0, len;
	int depth = 0;

	for (p = u;; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']')
			depth--;
		if (*p && (depth || strncmp(p, " | ", 3)))
			continue;
		len = strspn(alt, "abcdefghijklmnopqrstuvwxyz");
		if (len && len < 32 && (alt[len] == ' ' || alt[len] == '\0' ||
					alt + len == p) && n < max)
			snprintf(sub[n++], 32, "%.*s", (int)len, alt);
		if (!*p)
			break;
		alt = p + 3;
		p += 2;
	}
	return n;
}

static void test_subcommands_parse(void)
{
	char sub[8][32];

	CHECK_EQ(subcommands("set DEV untrusted|trusted|za|none | list", sub,
			     8), 2);
	CHECK_STR(sub[0], "set");
	CHECK_STR(sub[1], "list");
	CHECK_EQ(subcommands("add NAME [aead ALG | enc ALG] keyfile P | del NAME | list",
			     sub, 8), 3);
	CHECK_STR(sub[1], "del");
	CHECK_EQ(subcommands("ADDR", sub, 8), 0);
	CHECK_EQ(subcommands("[-f] [-n N]", sub, 8), 0);
	CHECK_EQ(subcommands("", sub, 8), 0);
}

static void test_guide_commands(void)
{
	size_t i, j, n;

	CHECK(guide != NULL);
	for (i = 0; guide && i < ncmds; i++) {
		char sub[16][32], want[96];

		if (!guide_cmd(cmds[i].name)) {
			printf("# admin-guide.rst has no ``segctl %s...``\n",
			       cmds[i].name);
			CHECK(!"command in the admin guide");
		}
		n = subcommands(cmds[i].usage, sub, ARRAY_SIZE(sub));
		for (j = 0; j < n; j++) {
			snprintf(want, sizeof(want), "segctl %s %s",
				 cmds[i].name, sub[j]);
			if (!strstr(guide, want)) {
				printf("# admin-guide.rst lacks '%s'\n", want);
				CHECK(!"subcommand in the admin guide");
			}
		}
	}
}

/*
 * One python3 for all files (a start costs more than a document): each
 * is published as by "python3 -m docutils --halt=warning FILE"; the
 * output names the files that are not clean and why.
 */
static const char rst_check_py[] =
	"import sys\n"
	"from docutils.core import publish_file\n"
	"bad = 0\n"
	"for f in sys.argv[1:]:\n"
	"    try:\n"
	"        publish_file(source_path=f, destination_path='/dev/null',\n"
	"                     writer_name='html',\n"
	"                     settings_overrides={'halt_level': 2,\n"
	"                                         'report_level': 5,\n"
	"                                         'traceback': True})\n"
	"    except BaseException as e:\n"
	"        print('# %s: %s' % (f, str(e).replace(chr(10), ' ')))\n"
	"        bad += 1\n"
	"print('# checked %d, not clean %d' % (len(sys.argv) - 1, bad))\n"
	"sys.exit(1 if bad else 0)\n";

static void test_rst_clean(void)
{
	char cmd[4096], *out, *l, *e;
	DIR *d = opendir(TOP "/Documentation");
	struct dirent *de;
	size_t used;
	int n = 0, rc;

	CHECK(d != NULL);
	if (!d)
		return;
	used = snprintf(cmd, sizeof(cmd), "python3 -c \"$RST_CHECK\"");
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 4, ".rst") ||
		    used >= sizeof(cmd))
			continue;
		used += snprintf(cmd + used, sizeof(cmd) - used,
				 " %s/Documentation/%s", TOP, de->d_name);
		CHECK(used < sizeof(cmd));
		n++;
	}
	closedir(d);
	CHECK(n >= 5);
	if (used >= sizeof(cmd))
		return;
	snprintf(cmd + used, sizeof(cmd) - used, " 2>&1");
	setenv("RST_CHECK", rst_check_py, 1);
	out = unit_run(cmd, &rc);
	for (l = out; l && *l; l = e ? e + 1 : NULL) {
		e = strchr(l, '\n');
		printf("%s%.*s\n", *l == '#' ? "" : "# ",
		       (int)(e ? e - l : (long)strlen(l)), l);
	}
	CHECK_EQ(rc, 0);
	free(out);
}

int main(void)
{
	char cmd[256], *out;
	int rc;

	man = slurp(MAN);
	guide = slurp(GUIDE);
	if (access(segctl_bin(), X_OK)) {
		UNIT_SKIP("test_help_parsed", "user/segctl not built");
		UNIT_SKIP("test_man_commands", "user/segctl not built");
		UNIT_SKIP("test_guide_commands", "user/segctl not built");
	} else {
		snprintf(cmd, sizeof(cmd), "%s help", segctl_bin());
		out = unit_run(cmd, &rc);
		ncmds = out ? parse_help(out, cmds, ARRAY_SIZE(cmds)) : 0;
		free(out);
		UNIT_RUN(test_help_parsed);
		UNIT_RUN(test_man_commands);
		UNIT_RUN(test_guide_commands);
	}
	UNIT_RUN(test_subcommands_parse);
	if (system("python3 -c 'import docutils' >/dev/null 2>&1"))
		UNIT_SKIP("test_rst_clean", "python3-docutils not installed");
	else
		UNIT_RUN(test_rst_clean);
	free(man);
	free(guide);
	return unit_done();
}
