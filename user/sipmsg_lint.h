/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to sipmsg.c, sipmsg_lint.c and sipreply.c: a walk over the raw
 * bytes of a SIP message that splits it the way sofia-sip does (start
 * line, header fields with their folds, the empty line), and segctl's
 * own checks for what sofia-sip accepts but RFC 4475 calls invalid.
 *
 * Line ends are CRLF, a bare LF or a lone CR, and a line end followed
 * by SP or HTAB folds the field onto the next line: exactly sofia-sip's
 * rules (msg_parser.c), so offsets found here point at the bytes sofia
 * parsed. Every function reads b[0..len) only (no NUL terminator is
 * needed) and moves forward: work is linear in len, nothing recurses.
 */
#ifndef _SEGCTL_SIPMSG_LINT_H
#define _SEGCTL_SIPMSG_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "sipmsg.h"

/* One header field. Offsets are into the walked buffer. */
struct sipraw_field {
	size_t name, name_len;	/* the name as written, no SP before ':' */
	size_t val, val_end;	/* value without leading/trailing LWS; it
				 * may span folds */
	bool colon;		/* name is followed by [LWS] ':' */
	bool name_fold;		/* a line fold before that ':' */
};

struct sipraw {
	const char *b;
	size_t len;
	size_t lead;		/* CR/LF/SP/HTAB before the start line */
	bool lead_ws;		/* some of them were SP or HTAB */
	size_t sl, sl_end;	/* start line, without its line end */
	bool sl_ws_after;	/* SP/HTAB at the start of the next line */
	size_t pos;		/* next field */
	size_t hdr_end;		/* offset of the empty line; len if none */
	bool done;
	size_t cr, lf;		/* next CR, LF found (len: none left) */
};

/* Finds the start line; false if there is none (no line end at all). */
bool sipraw_init(struct sipraw *r, const char *b, size_t len);

/* The next header field; false at the empty line or the end. */
bool sipraw_next(struct sipraw *r, struct sipraw_field *f);

/* Is field @f named @name (case-insensitive) or its compact form @c? */
bool sipraw_is(const struct sipraw *r, const struct sipraw_field *f,
	       const char *name, char c);

/*
 * The next comma-separated element of a field value: from *@pos up to
 * @end, skipping commas inside quoted strings, <...> and (comments).
 * Sets [*@el, *@el_end) without surrounding LWS and moves *@pos past
 * the comma. False when nothing is left.
 */
bool sipraw_elem(const char *b, size_t *pos, size_t end, size_t *el,
		 size_t *el_end);

/*
 * End of the part of a Via element [@el, @el_end) after which
 * parameters may be appended: @el_end, or before a trailing comment.
 */
size_t sipraw_via_params_end(const char *b, size_t el, size_t el_end);

/*
 * segctl's checks on one header field of the walk @r: the name, and
 * the address of name-addr fields. NULL if it passes, else why not.
 * The walk before sofia-sip runs it on every field (sipmsg.c), so the
 * header section is walked once.
 */
const char *sipmsg_lint_field(const struct sipraw *r,
			      const struct sipraw_field *f);

/* The sent-by hosts of m->via[]: NULL if they pass, else why not. */
const char *sipmsg_lint_vias(const struct sipmsg *m);

/*
 * segctl's checks on a message sofia-sip accepted and sipmsg.c
 * flattened into @m: the start line of the walk @r (sipraw_init() on
 * the message), then @field_err (the first sipmsg_lint_field() failure
 * of that walk, or NULL), then the fields of @m. SIPMSG_OK or
 * SIPMSG_E_LINT (with *@why set and maybe SIPMSG_F_BAD_VERSION in
 * m->flags).
 */
enum sipmsg_err sipmsg_lint(const struct sipraw *r, const char *field_err,
			    struct sipmsg *m, const char **why);

#endif /* _SEGCTL_SIPMSG_LINT_H */
