/* SPDX-License-Identifier: GPL-2.0 */
/* A minimal streaming JSON writer: enough for segctl's -j output. */
#ifndef _SEGCTL_JSON_H
#define _SEGCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json {
	FILE *f;
	int depth;
	bool need_comma;
};

void json_init(struct json *j, FILE *f);
void json_obj_open(struct json *j, const char *key);	/* key NULL at top */
void json_obj_close(struct json *j);
void json_arr_open(struct json *j, const char *key);	/* key NULL at top */
void json_arr_close(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_bool(struct json *j, const char *key, bool val);
/* Writes s as a JSON string literal with every needed escape. */
void json_write_string(FILE *f, const char *s);

#endif /* _SEGCTL_JSON_H */
