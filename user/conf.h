/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A generic INI-style configuration parser for segctl.conf:
 *
 *   # comment            (also after a blank: "key = value  # note")
 *   [TYPE NAME]          a named section, e.g. [tunnel za1]
 *   [TYPE]               an unnamed one, e.g. [global]
 *   key = value
 *
 * Each section TYPE has a handler (struct conf_ops); a later part of
 * segctl (the SIP daemon) adds its own sections with its own ops. The
 * parser reads the whole file and reports every bad line, as
 * "FILE:LINE: message (token 'x')", so that the caller can reject the
 * whole file at once.
 */
#ifndef _SEGCTL_CONF_H
#define _SEGCTL_CONF_H

#include <stdbool.h>
#include <stddef.h>

#define CONF_LINE_MAX	4096

struct conf_err {
	char msg[512];
	char tok[256];
	unsigned int line;	/* set by a handler: report at this line */
};

struct conf_ops {
	const char *type;	/* section type, e.g. "tunnel" */
	bool named;		/* [TYPE NAME] rather than [TYPE] */
	/* A section starts (@name NULL when unnamed). */
	int (*begin)(void *arg, const char *name, unsigned int line,
		     struct conf_err *e);
	/* One "key = value" line of the current section. */
	int (*set)(void *arg, const char *key, char *value, unsigned int line,
		   struct conf_err *e);
	/* The section ended (next header or end of file). */
	int (*end)(void *arg, struct conf_err *e);
};

/* Diagnostics: one "FILE:LINE: message (token 'x')" string each. */
struct conf_diag {
	char **v;
	size_t n;
};

/* Parses @text as file @file. Returns the number of errors (0: good). */
int conf_parse_text(const char *file, const char *text,
		    const struct conf_ops *ops, size_t nops, void *arg,
		    struct conf_diag *d);

/* Reads and parses @path; an unreadable file is one error. */
int conf_parse_file(const char *path, const struct conf_ops *ops,
		    size_t nops, void *arg, struct conf_diag *d);

/* Adds "FILE:LINE: MSG (token 'TOK')" (no token part if @tok is ""). */
void conf_diag_add(struct conf_diag *d, const char *file, unsigned int line,
		   const char *msg, const char *tok);
void conf_diag_free(struct conf_diag *d);

/* Fills @e: "printf-style message", token @tok (may be NULL). */
int conf_fail(struct conf_err *e, const char *tok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* _SEGCTL_CONF_H */
