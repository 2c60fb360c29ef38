/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON reader: parses one JSON text (RFC 8259) into a tree of
 * values. Enough for segctl's clients of the control socket (metrics,
 * top) to read the daemon's "stats" object; json.h is the writer.
 *
 * Numbers are kept as their literal text and converted on demand, so a
 * u64 counter keeps all its digits. Strings are decoded (escapes,
 * \uXXXX and surrogate pairs to UTF-8); a string holding U+0000 is
 * refused. Nesting is limited to JV_DEPTH_MAX; an object with the
 * same key twice is refused.
 */
#ifndef _SEGCTL_JSONVAL_H
#define _SEGCTL_JSONVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JV_DEPTH_MAX	32

enum jv_type { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ };

struct jv {
	enum jv_type type;
	char *key;		/* member name inside an object, else NULL */
	char *str;		/* JV_STR: decoded text; JV_NUM: the literal */
	bool b;			/* JV_BOOL */
	struct jv *child;	/* JV_ARR, JV_OBJ: first element/member */
	struct jv *next;	/* next element/member of the parent */
};

/*
 * Parses @text (NUL-terminated; whitespace around the value allowed).
 * Returns the tree (free with jv_free) or NULL with @err set to
 * "offset N: what was wrong".
 */
struct jv *jv_parse(const char *text, char *err, size_t errlen);
void jv_free(struct jv *v);

/* Member @key of object @obj; NULL if @obj is not an object or has none. */
const struct jv *jv_get(const struct jv *obj, const char *key);

/* A JV_NUM that is a non-negative integer fitting u64: 0, else -1. */
int jv_u64(const struct jv *v, uint64_t *out);

/* jv_u64 of member @key, or @def when absent or not such a number. */
uint64_t jv_get_u64(const struct jv *obj, const char *key, uint64_t def);

#endif /* _SEGCTL_JSONVAL_H */
