// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for the SIP header scanner (kernel/imsseg_sipscan.c):
 * the shared case table, field extraction, every-prefix cuts, random
 * junk, and the third-party corpora under $IMSSEG_CORPORA (skipped when
 * absent). Every buffer handed to the scanner is a heap copy of exactly
 * the scanned size, so ASan reports any read past it.
 */
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "unit.h"
#include "imsseg_sipscan.h"
#include "imsseg_sipscan_cases.h"

#define V(x)	IMSSEG_SIP_##x
#define BAD(x)	IMSSEG_SIP_BAD_##x

static long long n_scans;

static int span_is(const u8 *buf, struct imsseg_sip_span sp, const char *s)
{
	return sp.len == strlen(s) && !memcmp(buf + sp.off, s, sp.len);
}

static int span_ok(const u8 *buf, struct imsseg_sip_span sp, const char *s,
		   const char *name)
{
	if (span_is(buf, sp, s))
		return 1;
	printf("# span %s is \"%.*s\", expected \"%s\"\n", name,
	       (int)sp.len, (const char *)buf + sp.off, s);
	return 0;
}

#define CHECK_SPAN(buf, sp, s)	CHECK(span_ok(buf, sp, s, #sp))

/* Properties every result must have, whatever the input. */
static void check_invariants(const struct imsseg_sip_info *in, u32 len,
			     int v)
{
	const struct imsseg_sip_span *sp = &in->method_tok;
	const struct imsseg_sip_span *end = &in->user_agent + 1;
	int ok = 1;

	if (len > IMSSEG_SIP_SCAN_MAX)
		len = IMSSEG_SIP_SCAN_MAX;
	ok &= v == in->verdict && v >= 0 && v < IMSSEG_SIP_VERDICT_COUNT;
	ok &= in->bad < IMSSEG_SIP_BAD_COUNT && in->hdr_len <= len;
	ok &= in->err_off <= len;
	for (; sp < end; sp++)
		ok &= (u32)sp->off + sp->len <= len;
	if (v == V(OK) || v == V(MISSING_HEADER))
		ok &= in->hdr_len > 0 && in->kind != IMSSEG_SIP_KIND_NONE;
	if (v == V(OK))
		ok &= !in->missing && !in->bad && (in->seen & 0x1f) == 0x1f;
	if (v == V(OK) && in->kind == IMSSEG_SIP_KIND_RESPONSE)
		ok &= in->status >= 100 && in->status <= 699;
	if (v == V(OK) && in->kind == IMSSEG_SIP_KIND_REQUEST)
		ok &= in->method && in->uri_scheme && in->cseq_method &&
		      (in->seen & IMSSEG_SIP_HDR_MAX_FORWARDS);
	if (!ok)
		printf("# invariant broken: verdict %d len %u\n", v, len);
	CHECK(ok);
}

/* Scan @scan bytes of @msg out of a @total byte datagram. */
static int scan(const void *msg, u32 scan, u32 total,
		struct imsseg_sip_info *info)
{
	u8 *b = malloc(scan ? scan : 1);
	int v;

	memcpy(b, msg, scan);
	v = imsseg_sip_scan(b, scan, total, info);
	check_invariants(info, scan, v);
	free(b);
	n_scans++;
	return v;
}

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

/* --- corpora ----------------------------------------------------- */

static const char *corpora;

/* A regular file in a heap buffer of its exact size; NULL otherwise. */
static u8 *read_file(const char *path, u32 *len)
{
	struct stat st;
	FILE *f;
	long n;
	u8 *b;

	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return NULL;
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	n = st.st_size;
	b = malloc(n ? n : 1);
	if (fread(b, 1, n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	*len = n;
	return b;
}

static int have_dir(const char *sub)
{
	char p[1024];
	struct stat st;

	if (!corpora)
		return 0;
	snprintf(p, sizeof(p), "%s/%s", corpora, sub);
	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

struct expect {
	const char *file;
	u8 verdict, bad;
	u16 missing;
	u32 flags;	/* IMSSEG_SIP_F_* that must be set */
	int seen;
};

#define E(f, v, b, m)	{ f, V(v), BAD(b), m, 0, 0 }
#define EF(f, fl)	{ f, V(OK), BAD(NONE), 0, IMSSEG_SIP_F_##fl, 0 }
#define MF		IMSSEG_SIP_HDR_MAX_FORWARDS

/*
 * RFC 4475: what the kernel scanner says for each torture message. The
 * 13 valid ones (3.1.1) are OK. inv2543 (3.4.1, RFC 2543 style) lacks
 * only Max-Forwards: punt, do not drop. Caught here: badinv01 (empty
 * Via params), badvers (505), bigcode, clerr, ncl, scalar02/scalarlg
 * (CSeq >= 2^32), quotbal, ltgtruri, lwsruri, mismatch01/02, multi01,
 * mcl01, insuf. Left to user space (OK): lwsstart and trws (with
 * F_LINE_WS), escruri, baddate, regbadct, badaspec, baddn, badbranch and
 * the other application-layer ones.
 */
static struct expect rfc4475_expect[] = {
	E("badaspec.dat", OK, NONE, 0),
	E("badbranch.dat", OK, NONE, 0),
	E("baddate.dat", OK, NONE, 0),
	E("baddn.dat", OK, NONE, 0),
	E("badinv01.dat", MALFORMED, VIA, 0),
	E("badvers.dat", BAD_VERSION, VERSION_NUM, 0),
	E("bcast.dat", OK, NONE, 0),
	E("bext01.dat", OK, NONE, 0),
	E("bigcode.dat", MALFORMED, STATUS, 0),
	E("clerr.dat", BAD_CONTENT_LENGTH, CL_TOO_BIG, 0),
	E("cparam01.dat", OK, NONE, 0),
	E("cparam02.dat", OK, NONE, 0),
	EF("dblreq.dat", BODY_EXTRA),
	E("esc01.dat", OK, NONE, 0),
	E("esc02.dat", OK, NONE, 0),
	E("escnull.dat", OK, NONE, 0),
	E("escruri.dat", OK, NONE, 0),
	E("insuf.dat", MISSING_HEADER, NONE, 0x2e),
	E("intmeth.dat", OK, NONE, 0),
	E("inv2543.dat", MISSING_HEADER, NONE, MF),
	E("invut.dat", OK, NONE, 0),
	E("longreq.dat", OK, NONE, 0),
	E("ltgtruri.dat", MALFORMED, RURI, 0),
	E("lwsdisp.dat", OK, NONE, 0),
	E("lwsruri.dat", MALFORMED, START_LINE, 0),
	EF("lwsstart.dat", LINE_WS),
	E("mcl01.dat", BAD_CONTENT_LENGTH, CL_MULTI, 0),
	E("mismatch01.dat", MALFORMED, CSEQ_METHOD, 0),
	E("mismatch02.dat", MALFORMED, CSEQ_METHOD, 0),
	EF("mpart01.dat", VIA_RPORT),
	E("multi01.dat", MALFORMED, DUP, 0),
	E("ncl.dat", BAD_CONTENT_LENGTH, CL_VALUE, 0),
	E("noreason.dat", OK, NONE, 0),
	E("novelsc.dat", OK, NONE, 0),
	E("quotbal.dat", MALFORMED, ADDR, 0),
	E("regaut01.dat", OK, NONE, 0),
	E("regbadct.dat", OK, NONE, 0),
	E("regescrt.dat", OK, NONE, 0),
	E("scalar02.dat", MALFORMED, CSEQ, 0),
	E("scalarlg.dat", MALFORMED, CSEQ, 0),
	E("sdp01.dat", OK, NONE, 0),
	E("semiuri.dat", OK, NONE, 0),
	E("transports.dat", OK, NONE, 0),
	EF("trws.dat", LINE_WS),
	E("unkscm.dat", OK, NONE, 0),
	E("unksm2.dat", OK, NONE, 0),
	E("unreason.dat", OK, NONE, 0),
	EF("wsinv.dat", FOLDED),
	EF("zeromf.dat", MF_ZERO),
};

/* RFC 5118: all parse; ipv6-bad is a Request-URI matter for user space */
static struct expect rfc5118_expect[] = {
	EF("ipv4-mapped-ipv6.dat", BODY_EXTRA),
	E("ipv6-bad.dat", OK, NONE, 0),
	E("ipv6-bug-abnf-3-colons.dat", OK, NONE, 0),
	E("ipv6-correct-abnf-2-colons.dat", OK, NONE, 0),
	E("ipv6-good.dat", OK, NONE, 0),
	EF("ipv6-in-sdp.dat", BODY_EXTRA),
	E("mult-ip-in-header.dat", OK, NONE, 0),
	EF("mult-ip-in-sdp.dat", BODY_EXTRA),
	E("port-ambiguous.dat", OK, NONE, 0),
	E("port-unambiguous.dat", OK, NONE, 0),
	EF("via-received-param-no-delim.dat", VIA_RECEIVED),
	EF("via-received-param-with-delim.dat", VIA_RECEIVED),
};

/*
 * sofia-sip's parser tests. Most lack Max-Forwards (pre RFC 3261);
 * test1, test9, test10b/c have no empty line; test41/42 are SIP/7.0.
 */
static struct expect sofia_expect[] = {
	E("10052.txt", BAD_CONTENT_LENGTH, CL_TOO_BIG, 0),
	E("own0.txt", OK, NONE, 0),
	E("own1.txt", MISSING_HEADER, NONE, MF),
	EF("own2.txt", EOL_LF),
	E("own3.txt", MISSING_HEADER, NONE, MF),
	E("own4.txt", MISSING_HEADER, NONE, MF),
	E("own5.txt", MISSING_HEADER, NONE, MF),
	E("own6.txt", MISSING_HEADER, NONE, MF),
	E("own8.txt", BAD_VERSION, VERSION_NUM, 0),
	E("test-ack-1.txt", MALFORMED, CSEQ_METHOD, 0),
	E("test1.txt", TRUNCATED, NONE, 0),
	E("test10.txt", MISSING_HEADER, NONE, MF),
	E("test10b.txt", TRUNCATED, NONE, 0),
	E("test10c.txt", TRUNCATED, NONE, 0),
	E("test11.txt", MISSING_HEADER, NONE, 0x2e),
	E("test12.txt", MALFORMED, DUP, 0),
	E("test13.txt", MISSING_HEADER, NONE, MF),
	E("test14-req.txt", MISSING_HEADER, NONE, MF),
	E("test14.txt", OK, NONE, 0),
	E("test15.txt", MALFORMED, VIA, 0),
	E("test16.txt", BAD_CONTENT_LENGTH, CL_TOO_BIG, 0),
	E("test17.txt", BAD_CONTENT_LENGTH, CL_VALUE, 0),
	E("test18.txt", MISSING_HEADER, NONE, MF),
	E("test19.txt", MALFORMED, ADDR, 0),
	E("test1a.txt", MISSING_HEADER, NONE, MF),
	E("test2.txt", MISSING_HEADER, NONE, MF),
	E("test20.txt", OK, NONE, 0),
	E("test21.txt", MALFORMED, RURI, 0),
	E("test22.txt", MALFORMED, START_LINE, 0),
	E("test23.txt", MISSING_HEADER, NONE, MF),
	E("test24.txt", MISSING_HEADER, NONE, MF),
	E("test25.txt", MISSING_HEADER, NONE, MF),
	E("test26.txt", MISSING_HEADER, NONE, MF),
	E("test27.txt", MISSING_HEADER, NONE, MF),
	E("test28.txt", MISSING_HEADER, NONE, MF),
	E("test29.txt", MISSING_HEADER, NONE, MF),
	E("test3.txt", MISSING_HEADER, NONE, MF),
	E("test30.txt", MISSING_HEADER, NONE, MF),
	E("test31.txt", OK, NONE, 0),
	E("test32.txt", MISSING_HEADER, NONE, MF),
	E("test33.txt", MISSING_HEADER, NONE, MF),
	E("test34.txt", MISSING_HEADER, NONE, MF),
	E("test35.txt", MALFORMED, DUP, 0),
	E("test36.txt", MISSING_HEADER, NONE, MF),
	E("test37.txt", MISSING_HEADER, NONE, MF),
	E("test38.txt", MISSING_HEADER, NONE, MF),
	E("test39.txt", MISSING_HEADER, NONE, MF),
	E("test4.txt", MISSING_HEADER, NONE, MF),
	E("test40.txt", MISSING_HEADER, NONE, MF),
	E("test41.txt", BAD_VERSION, VERSION_NUM, 0),
	E("test42.txt", BAD_VERSION, VERSION_NUM, 0),
	E("test5.txt", MISSING_HEADER, NONE, MF),
	E("test6.txt", MISSING_HEADER, NONE, MF),
	E("test7.txt", MISSING_HEADER, NONE, MF),
	E("test8.txt", OK, NONE, 0),
	E("test9.txt", TRUNCATED, NONE, 0),
};

/*
 * pjproject OSS-Fuzz seeds; the multipart ones declare a Content-Length
 * computed for CRLF while the files use LF.
 */
static struct expect pj_expect[] = {
	E("auth_challenge.sip", OK, NONE, 0),
	E("auth_digest.sip", MISSING_HEADER, NONE, MF),
	EF("input.1.sip", EOL_CR),
	E("input.2.sip", OK, NONE, 0),
	E("input.3.sip", OK, NONE, 0),
	E("input.4.sip", TRUNCATED, NONE, 0),
	E("input.5.sip", OK, NONE, 0),
	E("input.6.sip", OK, NONE, 0),
	E("input.7.sip", OK, NONE, 0),
	E("multipart_alternative.sip", BAD_CONTENT_LENGTH, CL_TOO_BIG, 0),
	E("multipart_basic.sip", BAD_CONTENT_LENGTH, CL_TOO_BIG, 0),
	E("replaces_refer.sip", MISSING_HEADER, NONE, MF),
	E("routing_complex.sip", MISSING_HEADER, NONE, MF),
	E("session_timers.sip", MISSING_HEADER, NONE, MF),
	E("tel_uri_basic.sip", MISSING_HEADER, NONE, MF),
};

/*
 * Scan every file of @sub against @tab: the whole file as one datagram
 * and, as the kernel does by default, its first 2048 bytes. Every file
 * must be listed and every listed file present.
 */
static void check_dir(const char *sub, const char *ext, struct expect *tab,
		      size_t n, const char *const *valid)
{
	char path[1024];
	struct imsseg_sip_info in;
	struct dirent *d;
	size_t i;
	DIR *dir;
	u32 len;
	u8 *b;
	int v, v2;

	snprintf(path, sizeof(path), "%s/%s", corpora, sub);
	dir = opendir(path);
	CHECK(dir);
	while (dir && (d = readdir(dir))) {
		i = strlen(d->d_name);
		if (i < strlen(ext) || strcmp(d->d_name + i - strlen(ext), ext))
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", corpora, sub,
			 d->d_name);
		b = read_file(path, &len);
		if (!b)
			continue;	/* a directory */
		v2 = scan(b, min_t(u32, len, 2048), len, &in);
		v = scan(b, len, len, &in);
		for (i = 0; i < n && strcmp(tab[i].file, d->d_name); i++)
			;
		if (i == n) {
			printf("# %s/%s: not in the table (%s)\n", sub,
			       d->d_name, imsseg_sip_verdict_name(v));
			CHECK(0);
		} else {
			tab[i].seen = 1;
			if (v != tab[i].verdict || in.bad != tab[i].bad ||
			    in.missing != tab[i].missing ||
			    (in.flags & tab[i].flags) != tab[i].flags) {
				printf("# %s/%s: %s/%s missing %#x flags %#x\n",
				       sub, d->d_name,
				       imsseg_sip_verdict_name(v),
				       imsseg_sip_bad_name(in.bad), in.missing,
				       in.flags);
				CHECK(0);
			}
			/* a prefix may be unsure, never a different error */
			CHECK(v2 == v || v2 == V(TOO_LONG));
		}
		for (i = 0; valid && valid[i]; i++)
			if (!strcmp(valid[i], d->d_name))
				CHECK(v == V(OK));
		free(b);
	}
	if (dir)
		closedir(dir);
	for (i = 0; i < n; i++) {
		if (!tab[i].seen)
			printf("# %s/%s: listed but missing\n", sub,
			       tab[i].file);
		CHECK(tab[i].seen);
	}
}

/* RFC 4475: MANIFEST.tsv classes; the valid ones (3.1.1) must be OK. */
static void test_rfc4475(void)
{
	static const char *valid[32];
	char path[1024], line[2048], *cat, *tab2;
	size_t nv = 0, i, nlines = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/rfc4475/MANIFEST.tsv", corpora);
	f = fopen(path, "r");
	CHECK(f);
	while (f && fgets(line, sizeof(line), f)) {
		cat = strchr(line, '\t');
		cat = cat ? strchr(cat + 1, '\t') : NULL;
		cat = cat ? strchr(cat + 1, '\t') : NULL;
		tab2 = cat ? strchr(cat + 1, '\t') : NULL;
		if (!tab2 || !nlines++)
			continue;	/* header line */
		*strchr(line, '\t') = 0;
		*tab2 = 0;
		for (i = 0; i < ARRAY_SIZE(rfc4475_expect); i++) {
			if (strcmp(rfc4475_expect[i].file, line))
				continue;
			printf("# rfc4475 %-14s %-22s -> %s/%s\n", line,
			       cat + 1,
			       imsseg_sip_verdict_name(rfc4475_expect[i].verdict),
			       imsseg_sip_bad_name(rfc4475_expect[i].bad));
			if (!strcmp(cat + 1, "valid") &&
			    nv < ARRAY_SIZE(valid) - 1)
				valid[nv++] = rfc4475_expect[i].file;
		}
	}
	if (f)
		fclose(f);
	CHECK_EQ(nlines, 50);
	CHECK_EQ(nv, 13);
	check_dir("rfc4475", ".dat", rfc4475_expect, ARRAY_SIZE(rfc4475_expect),
		  valid);
}

static void test_rfc5118(void)
{
	check_dir("rfc5118-ipv6-torture", ".dat", rfc5118_expect,
		  ARRAY_SIZE(rfc5118_expect), NULL);
}

static void test_sofia(void)
{
	check_dir("sofia-sip-tests/sip", ".txt", sofia_expect,
		  ARRAY_SIZE(sofia_expect), NULL);
}

static void test_pjproject(void)
{
	check_dir("pjproject-oss-fuzz-seeds/fuzz-sip", ".sip", pj_expect,
		  ARRAY_SIZE(pj_expect), NULL);
}

/*
 * PROTOS c07-sip: each case file holds "<len> <bytes>" records, the
 * first being the INVITE. Expanded exactly as the corpus' expand.py
 * does (placeholders replaced in this order, then <Content-Length> set
 * to the length after the first CRLFCRLF).
 */
static const char *const protos_subst[][2] = {
	{ "<To>", "bob@127.0.0.1" }, { "<From>", "alice@127.0.0.1" },
	{ "<From-Address>", "127.0.0.1" }, { "<From-IP>", "127.0.0.1" },
	{ "<Local-Port>", "5061" }, { "<Branch-ID>", "0001" },
	{ "<Call-ID>", "protos1" }, { "<CSeq>", "1" },
	{ "<Teardown-Method>", "CANCEL" }, { "<Content-Length>", NULL },
};

static long find(const char *b, size_t n, const char *s, size_t from)
{
	size_t l = strlen(s), i;

	for (i = from; i + l <= n; i++)
		if (!memcmp(b + i, s, l))
			return i;
	return -1;
}

/* Replace every @from in @b[0..*n) with @to (a new buffer). */
static char *replace_all(char *b, size_t *n, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), o = 0, i = 0;
	char *out = malloc(*n * (tl > fl ? tl : 1) + 1);
	long at;

	while ((at = find(b, *n, from, i)) >= 0) {
		memcpy(out + o, b + i, at - i);
		o += at - i;
		memcpy(out + o, to, tl);
		o += tl;
		i = at + fl;
	}
	memcpy(out + o, b + i, *n - i);
	*n = o + *n - i;
	free(b);
	return out;
}

static char *protos_expand(const u8 *f, u32 flen, size_t *n)
{
	size_t i = 0, rec = 0, k;
	char num[16], *b;
	long sep;

	while (i < flen && f[i] >= '0' && f[i] <= '9')
		rec = rec * 10 + f[i++] - '0';
	if (i == flen || f[i] != ' ' || rec > flen - i - 1)
		return NULL;
	b = malloc(rec + 1);
	memcpy(b, f + i + 1, rec);
	*n = rec;
	for (k = 0; k < ARRAY_SIZE(protos_subst); k++) {
		if (!protos_subst[k][1]) {
			sep = find(b, *n, "\r\n\r\n", 0);
			snprintf(num, sizeof(num), "%zu",
				 sep < 0 ? 0 : *n - sep - 4);
		}
		b = replace_all(b, n, protos_subst[k][0],
				protos_subst[k][1] ? protos_subst[k][1] : num);
	}
	return b;
}

/*
 * Verdict counts measured on the 4527 cases, whole datagram and the
 * kernel's default 2048-byte scan (see Documentation/sipscan.rst). A
 * change in the scanner's behaviour shows up here.
 */
static const u32 protos_full[IMSSEG_SIP_VERDICT_COUNT] = {
	[V(OK)] = 3322, [V(NOT_SIP)] = 195, [V(BAD_VERSION)] = 20,
	[V(MALFORMED)] = 841, [V(BAD_CONTENT_LENGTH)] = 38,
	[V(MISSING_HEADER)] = 51, [V(TOO_LONG)] = 60,
};

static const u32 protos_2048[IMSSEG_SIP_VERDICT_COUNT] = {
	[V(OK)] = 3061, [V(NOT_SIP)] = 169, [V(BAD_VERSION)] = 12,
	[V(MALFORMED)] = 690, [V(BAD_CONTENT_LENGTH)] = 38,
	[V(MISSING_HEADER)] = 40, [V(TOO_LONG)] = 517,
};

static const u32 protos_bad[IMSSEG_SIP_BAD_COUNT] = {
	[BAD(RURI)] = 11, [BAD(VERSION_NUM)] = 20, [BAD(NUL)] = 274,
	[BAD(HDR_NAME)] = 100, [BAD(VIA)] = 158, [BAD(ADDR)] = 65,
	[BAD(CSEQ)] = 133, [BAD(CSEQ_METHOD)] = 92, [BAD(MAX_FORWARDS)] = 8,
	[BAD(CL_VALUE)] = 23, [BAD(CL_TOO_BIG)] = 15,
};

static void test_protos(void)
{
	u32 cnt[IMSSEG_SIP_VERDICT_COUNT] = { 0 }, cnt2[ARRAY_SIZE(cnt)] = { 0 };
	u32 bad[IMSSEG_SIP_BAD_COUNT] = { 0 }, g[ARRAY_SIZE(cnt)], i, j;
	u32 len, first, last = 0, cut;
	char path[1024], name[64];
	struct imsseg_sip_info in, in2;
	FILE *groups;
	size_t n;
	char *m;
	u8 *f;
	int v;

	snprintf(path, sizeof(path), "%s/protos-c07-sip/GROUPS.tsv", corpora);
	groups = fopen(path, "r");
	CHECK(groups && fgets(path, sizeof(path), groups));	/* header */
	while (groups && fscanf(groups, "%63s %u %u %*[^\n]", name, &first,
				&last) == 3) {
		memset(g, 0, sizeof(g));
		for (i = first; i <= last; i++) {
			snprintf(path, sizeof(path),
				 "%s/protos-c07-sip/cases/%07u", corpora, i);
			f = read_file(path, &len);
			m = f ? protos_expand(f, len, &n) : NULL;
			CHECK(m);
			if (!m)
				continue;
			v = scan(m, n, n, &in);
			cnt[v]++;
			g[v]++;
			bad[in.bad]++;
			cnt2[scan(m, min_t(u32, n, 2048), n, &in2)]++;
			if (!i)
				CHECK_EQ(v, V(OK));
			/* headers cut in half: never OK */
			cut = (in.hdr_len ? in.hdr_len : n) / 2;
			CHECK(scan(m, cut, cut, &in2) != V(OK));
			CHECK(scan(m, cut, n, &in2) != V(OK));
			free(m);
			free(f);
		}
		printf("# protos %-29s", name);
		for (j = 0; j < ARRAY_SIZE(g); j++)
			if (g[j])
				printf(" %s=%u", imsseg_sip_verdict_name(j), g[j]);
		printf("\n");
	}
	if (groups)
		fclose(groups);
	CHECK_EQ(last, 4526);
	for (j = 0; j < ARRAY_SIZE(cnt); j++) {
		printf("# protos total %-18s %4u (2048 B scan: %4u)\n",
		       imsseg_sip_verdict_name(j), cnt[j], cnt2[j]);
		CHECK_EQ(cnt[j], protos_full[j]);
		CHECK_EQ(cnt2[j], protos_2048[j]);
	}
	for (j = 1; j < ARRAY_SIZE(bad); j++) {
		if (bad[j] || protos_bad[j])
			printf("# protos bad %-12s %4u\n",
			       imsseg_sip_bad_name(j), bad[j]);
		CHECK_EQ(bad[j], protos_bad[j]);
	}
}

int main(void)
{
	corpora = getenv("IMSSEG_CORPORA");
	UNIT_RUN(test_names);
	UNIT_RUN(test_case_table);
	UNIT_RUN(test_invite_fields);
	UNIT_RUN(test_response_fields);
	UNIT_RUN(test_forms);
	UNIT_RUN(test_user_agent);
	UNIT_RUN(test_cut_every_byte);
	UNIT_RUN(test_random);
	UNIT_RUN(test_big);
	if (have_dir("rfc4475"))
		UNIT_RUN(test_rfc4475);
	else
		UNIT_SKIP("test_rfc4475", "no $IMSSEG_CORPORA/rfc4475");
	if (have_dir("rfc5118-ipv6-torture"))
		UNIT_RUN(test_rfc5118);
	else
		UNIT_SKIP("test_rfc5118", "no corpus");
	if (have_dir("sofia-sip-tests/sip"))
		UNIT_RUN(test_sofia);
	else
		UNIT_SKIP("test_sofia", "no corpus");
	if (have_dir("pjproject-oss-fuzz-seeds/fuzz-sip"))
		UNIT_RUN(test_pjproject);
	else
		UNIT_SKIP("test_pjproject", "no corpus");
	if (have_dir("protos-c07-sip/cases"))
		UNIT_RUN(test_protos);
	else
		UNIT_SKIP("test_protos", "no corpus");
	printf("# %lld scans\n", n_scans);
	return unit_done();
}
