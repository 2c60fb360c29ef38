// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for the SIP scanner's lexical helpers
 * (kernel/imsseg_siplex.c) on their own: numbers and saturation, quoted
 * strings and comments, parameters, addresses and their tags, method
 * tokens, SIP-Version, the case-insensitive compare. Each input is a
 * heap copy of exactly its bytes and each helper gets that end, so ASan
 * reports any read at or past it.
 */
#include <stdlib.h>

#include "unit.h"
#include "imsseg_siplex.h"

/* A heap copy of @s without its NUL; *@e its length. */
static u8 *dup(const char *s, u32 *e)
{
	u8 *b;

	*e = strlen(s);
	b = malloc(*e ? *e : 1);
	memcpy(b, s, *e);
	return b;
}

static int span_is(const u8 *b, struct imsseg_sip_span sp, const char *s)
{
	return sp.len == strlen(s) && !memcmp(b + sp.off, s, sp.len);
}

static void test_classes(void)
{
	const char *tok = "abcXYZ019-.!%*_+`'~";
	const char *not = " \t\r\n\"(),/:;<=>?@[\\]{}";
	unsigned int c;

	for (; *tok; tok++)
		CHECK(imsseg_is_token(*tok));
	for (; *not; not++)
		CHECK(!imsseg_is_token(*not));
	for (c = 128; c < 256; c++)
		CHECK(!imsseg_is_token(c));
	CHECK(imsseg_is_lws('\r') && imsseg_is_lws('\n'));
	CHECK(!imsseg_is_ws('\n') && imsseg_is_ws('\t'));
	CHECK_EQ(imsseg_lc('Q'), 'q');
	CHECK_EQ(imsseg_lc('['), '[');
	CHECK(imsseg_ieq((const u8 *)"ViA", 3, "via", false));
	CHECK(!imsseg_ieq((const u8 *)"Vias", 4, "via", false));
	CHECK(imsseg_ieq((const u8 *)"SI", 2, "sip/", true));
	CHECK(!imsseg_ieq((const u8 *)"SIX", 3, "sip/", true));
}

static void test_numbers(void)
{
	u32 e, p, v;
	bool ovf;
	u8 *b;

	b = dup("4294967295x", &e);
	p = 0;
	CHECK_EQ(imsseg_num(b, &p, e, &v, &ovf), 10);
	CHECK_EQ(v, 4294967295U);
	CHECK(!ovf);
	CHECK_EQ(p, 10);
	free(b);
	b = dup("4294967296", &e);
	p = 0;
	CHECK_EQ(imsseg_num(b, &p, e, &v, &ovf), 10);
	CHECK_EQ(v, IMSSEG_U32_MAX);
	CHECK(ovf);
	free(b);
	b = dup("x1", &e);
	p = 0;
	CHECK_EQ(imsseg_num(b, &p, e, &v, &ovf), 0);
	CHECK_EQ(p, 0);
	free(b);
	b = dup(" \t70 \r\n ", &e);
	CHECK_EQ(imsseg_num_only(b, 0, e, &v, &ovf), 0);
	CHECK_EQ(v, 70);
	free(b);
	b = dup(" 70 1", &e);
	CHECK_EQ(imsseg_num_only(b, 0, e, &v, &ovf), -1);
	free(b);
	b = dup("  ", &e);
	CHECK_EQ(imsseg_num_only(b, 0, e, &v, &ovf), -1);
	free(b);
}

static void test_quotes_comments(void)
{
	u32 e, p;
	u8 *b;

	b = dup("\"a\\\"b\"rest", &e);
	p = 0;
	CHECK_EQ(imsseg_skip_quoted(b, &p, e), 0);
	CHECK_EQ(p, 6);
	free(b);
	b = dup("\"open\\\"", &e);
	p = 0;
	CHECK_EQ(imsseg_skip_quoted(b, &p, e), -1);
	free(b);
	b = dup(" (a (nested) \\) c) (d) x", &e);
	p = 0;
	CHECK_EQ(imsseg_skip_cws(b, &p, e), 0);
	CHECK_EQ(b[p], 'x');
	free(b);
	b = dup("(a (b)", &e);
	p = 0;
	CHECK_EQ(imsseg_skip_cws(b, &p, e), -1);
	free(b);
	b = dup("  ", &e);
	CHECK(span_is(b, imsseg_trim(b, 0, e), ""));
	free(b);
}

static void test_params(void)
{
	struct imsseg_param pm;
	u32 e, p = 0;
	u8 *b = dup(" ; branch = z9hG4bK1 ;rport;q=\"x;y\" , next", &e);

	CHECK_EQ(imsseg_param(b, &p, e, &pm), 1);
	CHECK_EQ(pm.name_len, 6);
	CHECK(!memcmp(b + pm.name, "branch", 6));
	CHECK(span_is(b, pm.val, "z9hG4bK1"));
	CHECK_EQ(imsseg_param(b, &p, e, &pm), 1);
	CHECK_EQ(pm.val.len, 0);
	CHECK_EQ(imsseg_param(b, &p, e, &pm), 1);
	CHECK(span_is(b, pm.val, "\"x;y\""));
	CHECK_EQ(imsseg_param(b, &p, e, &pm), 0);
	CHECK_EQ(b[p], ',');
	free(b);
	b = dup(";=x", &e);
	p = 0;
	CHECK_EQ(imsseg_param(b, &p, e, &pm), -1);
	free(b);
	b = dup(";a=", &e);
	p = 0;
	CHECK_EQ(imsseg_param(b, &p, e, &pm), -1);
	free(b);
	b = dup("junk", &e);
	p = 0;
	CHECK_EQ(imsseg_param(b, &p, e, &pm), -1);
	free(b);
}

static void test_addr(void)
{
	struct imsseg_sip_span tag = { 0 };
	bool has = false;
	u32 e, p = 0;
	u8 *b;

	b = dup("\"Bob <x>\" <sip:b@x;tag=no>;x=1;TAG=t1;tag=t2", &e);
	CHECK_EQ(imsseg_addr(b, &p, e, false, &tag, &has), 0);
	CHECK(has);
	CHECK(span_is(b, tag, "t1"));
	CHECK_EQ(p, e);
	free(b);
	b = dup("sip:a@x;tag=9, <sip:c@y>", &e);
	p = 0;
	has = false;
	CHECK_EQ(imsseg_addr(b, &p, e, true, &tag, &has), 0);
	CHECK(span_is(b, tag, "9"));
	CHECK_EQ(b[p], ',');
	free(b);
	b = dup("two words;tag=1", &e);
	p = 0;
	has = false;
	CHECK_EQ(imsseg_addr(b, &p, e, false, &tag, &has), -1);
	free(b);
	b = dup("<sip:unterminated", &e);
	p = 0;
	CHECK_EQ(imsseg_addr(b, &p, e, false, &tag, &has), -1);
	free(b);
}

static void test_method_version(void)
{
	CHECK_EQ(imsseg_method((const u8 *)"INVITE", 6), IMSSEG_SIP_M_INVITE);
	CHECK_EQ(imsseg_method((const u8 *)"PUBLISH", 7),
		 IMSSEG_SIP_M_PUBLISH);
	CHECK_EQ(imsseg_method((const u8 *)"invite", 6), IMSSEG_SIP_M_OTHER);
	CHECK_EQ(imsseg_method((const u8 *)"INVITEX", 7), IMSSEG_SIP_M_OTHER);
	CHECK_EQ(imsseg_method((const u8 *)"INVIT", 5), IMSSEG_SIP_M_OTHER);
	CHECK_EQ(imsseg_version((const u8 *)"SIP/2.0", 7), 1);
	CHECK_EQ(imsseg_version((const u8 *)"sip/2.0", 7), 1);
	CHECK_EQ(imsseg_version((const u8 *)"SIP/2.00", 8), 2);
	CHECK_EQ(imsseg_version((const u8 *)"SIP/3.0", 7), 2);
	CHECK_EQ(imsseg_version((const u8 *)"SIP/2", 5), 0);
	CHECK_EQ(imsseg_version((const u8 *)"SIP/2.", 6), 0);
	CHECK_EQ(imsseg_version((const u8 *)"SIP/.0x", 7), 0);
	CHECK_EQ(imsseg_version((const u8 *)"HTTP/1.1", 8), 0);
	CHECK_STR(imsseg_sip_method_name(IMSSEG_SIP_M_BYE), "BYE");
}

int main(void)
{
	UNIT_RUN(test_classes);
	UNIT_RUN(test_numbers);
	UNIT_RUN(test_quotes_comments);
	UNIT_RUN(test_params);
	UNIT_RUN(test_addr);
	UNIT_RUN(test_method_version);
	return unit_done();
}
