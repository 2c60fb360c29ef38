// SPDX-License-Identifier: GPL-2.0
/*
 * The generic INI parser behind segctl.conf (user/conf.c): what a good
 * file hands to the section handlers, and for bad files the exact
 * "FILE:LINE: message (token 'x')" of every bad line.
 */
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "unit.h"

/* Records the handler calls as one string. */
struct rec {
	char log[2048];
};

static void add(struct rec *r, const char *s)
{
	strncat(r->log, s, sizeof(r->log) - strlen(r->log) - 1);
}

static int begin(void *arg, const char *name, unsigned int line,
		 struct conf_err *e)
{
	char b[128];

	if (name && !strcmp(name, "refused"))
		return conf_fail(e, name, "name refused by the handler");
	snprintf(b, sizeof(b), "[%s@%u]", name ? name : "-", line);
	add(arg, b);
	return 0;
}

static int set(void *arg, const char *key, char *value, unsigned int line,
	       struct conf_err *e)
{
	char b[300];

	if (!strcmp(key, "bad"))
		return conf_fail(e, value, "bad value for %s", key);
	snprintf(b, sizeof(b), "%s=%s@%u;", key, value, line);
	add(arg, b);
	return 0;
}

static int end(void *arg, struct conf_err *e)
{
	struct rec *r = arg;

	if (strstr(r->log, "late=yes")) {
		r->log[0] = '\0';
		e->line = 1;
		return conf_fail(e, NULL, "end refused, reported at line 1");
	}
	add(arg, "|");
	return 0;
}

static const struct conf_ops ops[] = {
	{ "tunnel", true, begin, set, end },
	{ "global", false, begin, set, end },
};

static void good(void)
{
	struct conf_diag d = { 0 };
	struct rec r = { "" };
	int bad;

	bad = conf_parse_text("t.conf",
			      "# comment\n"
			      "\n"
			      "   ; not a comment marker, but a bad line?\n", ops, 2,
			      &r, &d);
	CHECK_EQ(bad, 1);	/* ';' is not a comment: one error */
	conf_diag_free(&d);

	memset(&r, 0, sizeof(r));
	bad = conf_parse_text("t.conf",
			      "# segctl.conf\n"
			      "[global]\n"
			      "  key = value with  spaces   # trailing comment\n"
			      "[tunnel za1]\n"
			      "peer=192.0.2.2\n"
			      "subnets = 10.1.0.0/16=10.2.0.0/16 fd00::/8=fd01::/16\n"
			      "path = /etc/a#b\n"
			      "\t[ tunnel   za2 ]  \n"
			      "x_y-1 = 2\r\n"
			      "[tunnel za3]", ops, 2, &r, &d);
	CHECK_EQ(bad, 0);
	CHECK_EQ(d.n, 0);
	CHECK_STR(r.log,
		  "[-@2]key=value with  spaces@3;|"
		  "[za1@4]peer=192.0.2.2@5;subnets=10.1.0.0/16=10.2.0.0/16 fd00::/8=fd01::/16@6;path=/etc/a#b@7;|"
		  "[za2@8]x_y-1=2@9;|[za3@10]|");
	conf_diag_free(&d);
}

struct bad_case {
	const char *text;
	const char *diag;	/* every message, joined by '\n' */
};

static const struct bad_case bads[] = {
	{ "key = v\n",
	  "t.conf:1: key outside a section; start one with a [SECTION] header (token 'key')" },
	{ "[tunnel a]\nnovalue\n",
	  "t.conf:2: expected KEY = VALUE or [SECTION] (token 'novalue')" },
	{ "[tunnel a]\n= v\n",
	  "t.conf:2: missing key before '='" },
	{ "[tunnel a]\npeer =\n",
	  "t.conf:2: missing value after '=' (token 'peer')" },
	{ "[tunnel a]\nPeer = x\n",
	  "t.conf:2: bad key: use lower-case letters, digits, '-' and '_' (token 'Peer')" },
	{ "[tunnel a\n",
	  "t.conf:1: bad section header: missing ']' (token '[tunnel a')" },
	{ "[tunnel a] x\n",
	  "t.conf:1: text after ']' (token '[tunnel a] x')" },
	{ "[]\n",
	  "t.conf:1: bad section header: expected [TYPE] or [TYPE NAME] (token '[]')" },
	{ "[tunnel a b]\n",
	  "t.conf:1: bad section header: expected [TYPE] or [TYPE NAME] (token 'b')" },
	{ "[route x]\n",
	  "t.conf:1: unknown section; expected [tunnel NAME] or [global] (token 'route')" },
	{ "[tunnel]\n",
	  "t.conf:1: section [tunnel] needs a name: [tunnel NAME] (token 'tunnel')" },
	{ "[global x]\n",
	  "t.conf:1: section [global] takes no name (token 'x')" },
	{ "[tunnel a]\n[tunnel b]\n[tunnel a]\n",
	  "t.conf:3: duplicate section (first on line 1) (token 'a')" },
	{ "[tunnel refused]\nbad = 1\n",	/* keys of a refused section: skipped */
	  "t.conf:1: name refused by the handler (token 'refused')" },
	{ "[tunnel a]\nbad = 42\nok = 1\nbad = 43\n",
	  "t.conf:2: bad value for bad (token '42')\n"
	  "t.conf:4: bad value for bad (token '43')" },
	{ "[tunnel a]\nlate = yes\n",
	  "t.conf:1: end refused, reported at line 1" },
	{ "[route]\nx = 1\nnoeq\n[tunnel]\n",
	  "t.conf:1: unknown section; expected [tunnel NAME] or [global] (token 'route')\n"
	  "t.conf:3: expected KEY = VALUE or [SECTION] (token 'noeq')\n"
	  "t.conf:4: section [tunnel] needs a name: [tunnel NAME] (token 'tunnel')" },
};

static void bad_lines(void)
{
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(bads); i++) {
		struct conf_diag d = { 0 };
		struct rec r = { "" };
		char all[2048] = "";
		int n = conf_parse_text("t.conf", bads[i].text, ops, 2, &r, &d);

		for (k = 0; k < d.n; k++) {
			if (k)
				strcat(all, "\n");
			strncat(all, d.v[k], sizeof(all) - strlen(all) - 1);
		}
		CHECK_EQ(n, (long long)d.n);
		CHECK(n > 0);
		CHECK_STR(all, bads[i].diag);
		conf_diag_free(&d);
	}
}

static void long_line(void)
{
	static char text[CONF_LINE_MAX + 64];
	struct conf_diag d = { 0 };
	struct rec r = { "" };

	strcpy(text, "[tunnel a]\nk = ");
	memset(text + strlen(text), 'x', CONF_LINE_MAX);
	CHECK_EQ(conf_parse_text("t.conf", text, ops, 2, &r, &d), 1);
	CHECK_STR(d.n ? d.v[0] : "", "t.conf:2: line longer than 4096 characters");
	conf_diag_free(&d);
}

static void missing_file(void)
{
	struct conf_diag d = { 0 };

	CHECK_EQ(conf_parse_file("/nonexistent/segctl.conf", ops, 2, NULL, &d), 1);
	CHECK_STR(d.n ? d.v[0] : "",
		  "/nonexistent/segctl.conf:0: cannot open: No such file or directory");
	conf_diag_free(&d);
}

int main(void)
{
	UNIT_RUN(good);
	UNIT_RUN(bad_lines);
	UNIT_RUN(long_line);
	UNIT_RUN(missing_file);
	return unit_done();
}
