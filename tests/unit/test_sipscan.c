// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for the SIP header scanner (kernel/imsseg_sipscan.c and
 * its lexer kernel/imsseg_siplex.c) on synthetic input: the case table
 * shared with the in-module self-test, field extraction, every-prefix
 * cuts, random and mutated junk, and more than the scan cap. The
 * third-party corpora are in test_sipscan_corpora.c.
 */
#include "sipscan_check.h"
#include "imsseg_sipscan_cases.h"

static void test_names(void)
{
	CHECK_STR(imsseg_sip_verdict_name(V(OK)), "ok");
	CHECK_STR(imsseg_sip_verdict_name(V(TOO_LONG)), "too_long");
	CHECK_STR(imsseg_sip_verdict_name(V(KEEPALIVE)), "keepalive");
	CHECK_STR(imsseg_sip_verdict_name(V(VERDICT_COUNT)), "?");
	CHECK_STR(imsseg_sip_verdict_name(-1), "?");
	CHECK_STR(imsseg_sip_bad_name(BAD(NONE)), "none");
	CHECK_STR(imsseg_sip_bad_name(BAD(NUL)), "nul");
	CHECK_STR(imsseg_sip_bad_name(BAD(CL_TOO_BIG)), "cl_too_big");
	CHECK_STR(imsseg_sip_bad_name(BAD(COUNT)), "?");
	CHECK_STR(imsseg_sip_method_name(IMSSEG_SIP_M_INVITE), "INVITE");
	CHECK_STR(imsseg_sip_method_name(IMSSEG_SIP_M_PUBLISH), "PUBLISH");
	CHECK_STR(imsseg_sip_method_name(IMSSEG_SIP_M_OTHER), "other");
	CHECK_STR(imsseg_sip_method_name(IMSSEG_SIP_M_COUNT), "?");
}

/* The table shared with the in-kernel self-test. */
static void test_case_table(void)
{
	const struct imsseg_sipscan_case *c;
	struct imsseg_sip_info in;
	int v;

	for (c = imsseg_sipscan_cases;
	     c < imsseg_sipscan_cases + ARRAY_SIZE(imsseg_sipscan_cases); c++) {
		v = scan(c->msg, c->scan ? c->scan : c->len, c->len, &in);
		if (v == c->verdict && in.bad == c->bad &&
		    in.missing == c->missing &&
		    (in.flags & c->flags) == c->flags)
			continue;
		printf("# case %s: %s/%s missing %#x flags %#x\n", c->name,
		       imsseg_sip_verdict_name(v), imsseg_sip_bad_name(in.bad),
		       in.missing, in.flags);
		printf("#   expected %s/%s missing %#x flags %#x\n",
		       imsseg_sip_verdict_name(c->verdict),
		       imsseg_sip_bad_name(c->bad), c->missing, c->flags);
		CHECK(0);
	}
}

static const struct imsseg_sipscan_case *find_case(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(imsseg_sipscan_cases); i++)
		if (!strcmp(imsseg_sipscan_cases[i].name, name))
			return &imsseg_sipscan_cases[i];
	printf("# no case %s\n", name);
	exit(2);
}

/* Scan a table case whole; returns its bytes for span checks. */
static const u8 *scan_case(const char *name, struct imsseg_sip_info *in)
{
	const struct imsseg_sipscan_case *c = find_case(name);

	scan(c->msg, c->len, c->len, in);
	return (const u8 *)c->msg;
}

static void test_invite_fields(void)
{
	struct imsseg_sip_info in;
	const u8 *b = scan_case("invite", &in);

	CHECK_EQ(in.verdict, V(OK));
	CHECK_EQ(in.kind, IMSSEG_SIP_KIND_REQUEST);
	CHECK_EQ(in.method, IMSSEG_SIP_M_INVITE);
	CHECK_EQ(in.uri_scheme, IMSSEG_SIP_SCHEME_SIP);
	CHECK_SPAN(b, in.method_tok, "INVITE");
	CHECK_SPAN(b, in.ruri, "sip:bob@ims.example.com");
	CHECK_EQ(in.via_transport, IMSSEG_SIP_TP_UDP);
	CHECK_SPAN(b, in.via_host, "192.0.2.10");
	CHECK_EQ(in.via_port, 5060);
	CHECK_SPAN(b, in.via_branch, "z9hG4bK776asd");
	CHECK_EQ(in.via_rport.len, 0);
	CHECK((in.flags & IMSSEG_SIP_F_VIA_RPORT_VAL) == 0);
	CHECK_EQ(in.n_via, 1);
	CHECK_SPAN(b, in.from_tag, "1928301774");
	CHECK((in.flags & IMSSEG_SIP_F_TO_TAG) == 0);
	CHECK_SPAN(b, in.call_id, "a84b4c76e66710@pc33.example.com");
	CHECK_EQ(in.cseq, 314159);
	CHECK_EQ(in.cseq_method, IMSSEG_SIP_M_INVITE);
	CHECK_SPAN(b, in.cseq_method_tok, "INVITE");
	CHECK_EQ(in.max_forwards, 70);
	CHECK_EQ(in.content_length, 5);
	CHECK_EQ(in.n_contact, 1);
	CHECK_SPAN(b, in.user_agent, "ExampleUA/1.0");
	CHECK_EQ(in.hdr_len, find_case("invite")->len - 5);
	CHECK_EQ(in.seen, 0x2ff);
	CHECK((in.flags & (IMSSEG_SIP_F_EOL_LF | IMSSEG_SIP_F_EOL_CR |
			   IMSSEG_SIP_F_FOLDED | IMSSEG_SIP_F_BODY_EXTRA |
			   IMSSEG_SIP_F_LINE_WS)) == 0);
}

static void test_response_fields(void)
{
	struct imsseg_sip_info in;
	const u8 *b = scan_case("200_ok", &in);

	CHECK_EQ(in.verdict, V(OK));
	CHECK_EQ(in.kind, IMSSEG_SIP_KIND_RESPONSE);
	CHECK_EQ(in.status, 200);
	CHECK_EQ(in.method, IMSSEG_SIP_M_NONE);
	CHECK_EQ(in.cseq_method, IMSSEG_SIP_M_INVITE);
	CHECK_SPAN(b, in.to_tag, "a6c85cf");
	CHECK_SPAN(b, in.from_tag, "1928301774");
	b = scan_case("302_contacts", &in);
	CHECK_EQ(in.status, 302);
	CHECK_EQ(in.n_contact, 3);
	b = scan_case("rport_received", &in);
	CHECK_SPAN(b, in.via_rport, "40001");
	CHECK_SPAN(b, in.via_received, "198.51.100.7");
	CHECK_SPAN(b, in.via_host, "10.0.0.1");
	CHECK_EQ(in.cseq_method, IMSSEG_SIP_M_OPTIONS);
}

static void test_forms(void)
{
	struct imsseg_sip_info in;
	const u8 *b = scan_case("compact", &in);

	CHECK_EQ(in.method, IMSSEG_SIP_M_MESSAGE);
	CHECK_EQ(in.via_transport, IMSSEG_SIP_TP_TCP);
	CHECK_SPAN(b, in.via_host, "[2001:db8::1]");
	CHECK_EQ(in.via_port, 5060);
	CHECK_SPAN(b, in.from_tag, "77");
	CHECK_SPAN(b, in.call_id, "c1@x");
	CHECK_EQ(in.content_length, 2);
	b = scan_case("folded", &in);
	CHECK_SPAN(b, in.via_host, "192.0.2.10");
	CHECK_SPAN(b, in.via_branch, "z9hG4bK3");
	CHECK_EQ(in.max_forwards, 70);
	CHECK_EQ(in.cseq, 3);
	CHECK_SPAN(b, in.from_tag, "1");
	b = scan_case("multi_via", &in);
	CHECK_EQ(in.n_via, 4);
	CHECK_SPAN(b, in.via_host, "192.0.2.10");
	b = scan_case("mixed_case", &in);
	CHECK_EQ(in.via_transport, IMSSEG_SIP_TP_UDP);
	CHECK_SPAN(b, in.from_tag, "9");
	b = scan_case("register", &in);
	CHECK_EQ(in.n_contact, 1);
	CHECK_EQ(in.expires, 600);
	CHECK_EQ(in.method, IMSSEG_SIP_M_REGISTER);
	scan_case("contact_star", &in);
	CHECK_EQ(in.n_contact, 1);
	CHECK_EQ(in.expires, 0);
	CHECK(in.seen & IMSSEG_SIP_HDR_EXPIRES);
	scan_case("cseq_case", &in);
	CHECK_EQ(in.method, IMSSEG_SIP_M_OTHER);
	scan_case("lone_cr", &in);
	CHECK((in.flags & (IMSSEG_SIP_F_EOL_LF | IMSSEG_SIP_F_EOL_CRLF)) == 0);
	scan_case("max_fwd_range", &in);
	CHECK_EQ(in.max_forwards, 300);
}

static void test_user_agent(void)
{
	static const char m[] = IMSSEG_T_OPT("User-Agent:  friendly-scanner\r\n"
					     "User-Agent: other\r\n");
	struct imsseg_sip_info in;

	CHECK_EQ(scan(m, sizeof(m) - 1, sizeof(m) - 1, &in), V(OK));
	CHECK_SPAN((const u8 *)m, in.user_agent, "friendly-scanner");
	CHECK(imsseg_sip_span_contains((const u8 *)m, in.user_agent,
				       "Friendly-Scanner"));
	CHECK(imsseg_sip_span_contains((const u8 *)m, in.user_agent, "r"));
	CHECK(imsseg_sip_span_contains((const u8 *)m, in.user_agent, ""));
	CHECK(!imsseg_sip_span_contains((const u8 *)m, in.user_agent,
					"sipvicious"));
	CHECK(!imsseg_sip_span_contains((const u8 *)m, in.user_agent,
					"friendly-scanner2"));
	CHECK(!imsseg_sip_span_contains((const u8 *)m, in.call_id,
					"friendly"));
}

/*
 * Every prefix of a valid message: as a prefix of the whole datagram
 * it is TOO_LONG until the headers are in, then the same as the whole;
 * as a datagram of its own it must not be OK before its headers end.
 */
static void test_cut_every_byte(void)
{
	static const char *const names[] = {
		"invite", "200_ok", "compact", "folded", "bare_lf", "lone_cr",
		"register", "multi_via", "leading_crlf",
	};
	struct imsseg_sip_info full, in;
	const struct imsseg_sipscan_case *c;
	size_t i;
	u32 k;
	int v;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		c = find_case(names[i]);
		CHECK_EQ(scan(c->msg, c->len, c->len, &full), V(OK));
		for (k = 0; k <= c->len; k++) {
			v = scan(c->msg, k, c->len, &in);
			if (k < full.hdr_len ? v != V(TOO_LONG) :
			    memcmp(&in, &full, sizeof(in))) {
				printf("# %s: prefix %u -> %s\n", c->name, k,
				       imsseg_sip_verdict_name(v));
				CHECK(0);
			}
			v = scan(c->msg, k, k, &in);
			/* "...\r\n\r" ends in a lone-CR empty line */
			if (v == V(OK) && k != c->len &&
			    !(k + 1 == full.hdr_len &&
			      (in.flags & IMSSEG_SIP_F_EOL_CR))) {
				printf("# %s: cut at %u is ok\n", c->name, k);
				CHECK(0);
			}
			if (k + 1u < full.hdr_len && k && v != V(TRUNCATED) &&
			    !(v == V(KEEPALIVE) && strspn(c->msg, "\r\n") >= k)) {
				printf("# %s: cut at %u -> %s\n", c->name, k,
				       imsseg_sip_verdict_name(v));
				CHECK(0);
			}
		}
	}
}

static u32 rnd_state = 2463534242U;

static u32 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Random bytes are never OK; mutated messages never break invariants. */
static void test_random(void)
{
	const struct imsseg_sipscan_case *c = find_case("invite");
	static const char alpha[] = "\r\n \t:;,<>\"\\=/0SIP2.aZ";
	struct imsseg_sip_info in;
	u8 buf[512];
	u32 i, j, n, cnt[IMSSEG_SIP_VERDICT_COUNT] = { 0 };

	for (i = 0; i < 20000; i++) {
		n = rnd() % sizeof(buf);
		for (j = 0; j < n; j++)
			buf[j] = rnd();
		CHECK(scan(buf, n, n + (rnd() & 1), &in) != V(OK));
	}
	for (i = 0; i < 50000; i++) {
		memcpy(buf, c->msg, c->len);
		for (j = rnd() % 4 + 1; j; j--)
			buf[rnd() % c->len] = i & 1 ? (u8)rnd() :
				(u8)alpha[rnd() % (sizeof(alpha) - 1)];
		n = rnd() % (c->len + 1);
		cnt[scan(buf, n, n + rnd() % 3, &in)]++;
	}
	printf("# mutated invite:");
	for (i = 0; i < IMSSEG_SIP_VERDICT_COUNT; i++)
		printf(" %s=%u", imsseg_sip_verdict_name(i), cnt[i]);
	printf("\n");
}

/* More than IMSSEG_SIP_SCAN_MAX bytes: the scan stops at the cap. */
static void test_big(void)
{
	const char *inv = find_case("invite")->msg;
	u32 pre = strstr(inv, "Content-Length") - inv, body = 69000, h;
	char *m = malloc(pre + 32 + body);
	struct imsseg_sip_info in;

	/* short headers, then a 69 kB body: Content-Length vs the total */
	memcpy(m, inv, pre);
	h = pre + sprintf(m + pre, "Content-Length: %u\r\n\r\n", body);
	memset(m + h, 'x', body);
	CHECK_EQ(scan(m, h + body, h + body, &in), V(OK));
	CHECK_EQ(in.content_length, body);
	CHECK_EQ(in.hdr_len, h);
	CHECK_EQ(scan(m, 2048, h + body, &in), V(OK));
	CHECK_EQ(scan(m, 2048, h + body - 1, &in), V(BAD_CONTENT_LENGTH));
	CHECK_EQ(in.bad, BAD(CL_TOO_BIG));
	/* one 69 kB header: it ends past the cap */
	memcpy(m + pre, "X-Pad: ", 7);
	memset(m + pre + 7, 'p', body);
	memcpy(m + pre + body, "\r\n\r\n", 4);
	CHECK_EQ(scan(m, pre + body + 4, pre + body + 4, &in), V(TOO_LONG));
	CHECK_EQ(scan(m, 65535, 65535, &in), V(TRUNCATED));
	CHECK_EQ(scan(m, 65536, 65536, &in), V(TOO_LONG));
	free(m);
}

int main(void)
{
	UNIT_RUN(test_names);
	UNIT_RUN(test_case_table);
	UNIT_RUN(test_invite_fields);
	UNIT_RUN(test_response_fields);
	UNIT_RUN(test_forms);
	UNIT_RUN(test_user_agent);
	UNIT_RUN(test_cut_every_byte);
	UNIT_RUN(test_random);
	UNIT_RUN(test_big);
	printf("# %lld scans\n", n_scans);
	return unit_done();
}
