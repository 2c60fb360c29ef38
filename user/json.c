// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>

#include "json.h"

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->need_comma = false;
}

void json_write_string(FILE *f, const char *s)
{
	const unsigned char *p;

	fputc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static void json_key(struct json *j, const char *key)
{
	if (j->need_comma)
		fputc(',', j->f);
	if (key) {
		json_write_string(j->f, key);
		fputc(':', j->f);
	}
	j->need_comma = true;
}

void json_obj_open(struct json *j, const char *key)
{
	json_key(j, key);
	fputc('{', j->f);
	j->depth++;
	j->need_comma = false;
}

void json_obj_close(struct json *j)
{
	fputc('}', j->f);
	j->need_comma = true;
	if (--j->depth == 0)
		fputc('\n', j->f);
}

void json_arr_open(struct json *j, const char *key)
{
	json_key(j, key);
	fputc('[', j->f);
	j->depth++;
	j->need_comma = false;
}

void json_arr_close(struct json *j)
{
	fputc(']', j->f);
	j->need_comma = true;
	if (--j->depth == 0)
		fputc('\n', j->f);
}

void json_str(struct json *j, const char *key, const char *val)
{
	json_key(j, key);
	json_write_string(j->f, val);
}

void json_u64(struct json *j, const char *key, uint64_t val)
{
	json_key(j, key);
	fprintf(j->f, "%" PRIu64, val);
}

void json_bool(struct json *j, const char *key, bool val)
{
	json_key(j, key);
	fputs(val ? "true" : "false", j->f);
}
