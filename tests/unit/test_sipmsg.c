// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for sipmsg_parse() (user/sipmsg.c, user/sipmsg_lint.c):
 * every flattened field on fixtures (long and compact forms, folded and
 * comma-separated Via, IPv6, SDP), the lint rules one by one, the
 * insertion point after the top Via and the check of one rewritten Via
 * field (sipmsg_parse_via()), and robustness (every prefix,
 * mutations). Each message handed to the parser is a heap copy of its
 * exact size, so ASan reports any read past it. The RFC 4475 / RFC
 * 5118 corpora are in test_sipmsg_corpora.c.
 */
#include <stdlib.h>

#include "unit.h"
#include "sipmsg.h"

#define HDRS(via)							\
	"Via: " via "\r\n"						\
	"Max-Forwards: 70\r\n"						\
	"From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n" \
	"To: <sip:bob@biloxi.example.com>\r\n"				\
	"Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"

#define VIA0	"SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds"

/* An INVITE with SDP */
static const char invite[] =
	"INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
	HDRS(VIA0)
	"CSeq: 314159 INVITE\r\n"
	"Contact: <sip:alice@192.0.2.101:5062;transport=tcp>;expires=60\r\n"
	"User-Agent: ExampleUA/1.0\r\n"
	"Authorization: Digest username=\"alice\", realm=\"x\", nonce=\"n\", "
	"uri=\"sip:bob@biloxi.example.com\", response=\"0\"\r\n"
	"Content-Type: application/sdp\r\n"
	"Content-Length: 159\r\n"
	"\r\n"
	"v=0\r\n"
	"o=alice 2890844526 2890844526 IN IP4 192.0.2.101\r\n"
	"s=-\r\n"
	"c=IN IP4 192.0.2.101\r\n"
	"t=0 0\r\n"
	"m=audio 49170 RTP/AVP 0\r\n"
	"m=video 51372/2 RTP/AVP 31\r\n"
	"a=rtpmap:31 LPC\r\n";

static enum sipmsg_err parse(const char *msg, size_t len, struct sipmsg *m,
			     const char **why)
{
	char *b = malloc(len ? len : 1);
	enum sipmsg_err e;

	memcpy(b, msg, len);
	e = sipmsg_parse(b, len, m, why);
	free(b);
	return e;
}

static enum sipmsg_err parse_s(const char *msg, struct sipmsg *m)
{
	const char *why = NULL;
	enum sipmsg_err e = parse(msg, strlen(msg), m, &why);

	if (!why)
		printf("# why not set\n");
	if (e && why)
		printf("# -> %d: %s\n", e, why);
	return e;
}

static void test_invite_fields(void)
{
	struct sipmsg m;

	CHECK_EQ(parse(invite, sizeof(invite) - 1, &m, NULL), SIPMSG_OK);
	CHECK(m.request);
	CHECK_EQ(m.method, SIPM_INVITE);
	CHECK_STR(m.method_name, "INVITE");
	CHECK_EQ(m.status, 0);
	CHECK_EQ(m.ruri.scheme, SIPS_SIP);
	CHECK(!m.ruri.tp_tls);
	CHECK_STR(m.ruri.user, "bob");
	CHECK_STR(m.ruri.hp.host, "biloxi.example.com");
	CHECK_EQ(m.ruri.hp.port, 0);
	CHECK_STR(m.call_id, "a84b4c76e66710@pc33.atlanta.example.com");
	CHECK_STR(m.from.user, "alice");
	CHECK_STR(m.from.hp.host, "atlanta.example.com");
	CHECK_STR(m.from_tag, "1928301774");
	CHECK_STR(m.to.user, "bob");
	CHECK_STR(m.to_tag, "");
	CHECK_EQ(m.cseq, 314159);
	CHECK_EQ(m.cseq_method, SIPM_INVITE);
	CHECK_EQ(m.n_via, 1);
	CHECK_EQ(m.via[0].tp, SIPTP_UDP);
	CHECK_STR(m.via[0].by.host, "pc33.atlanta.example.com");
	CHECK_EQ(m.via[0].by.port, 0);
	CHECK_STR(m.via[0].branch, "z9hG4bK776asdhds");
	CHECK_STR(m.via[0].received, "");
	CHECK(!m.via[0].rport);
	CHECK_EQ(m.n_contact, 1);
	CHECK(!m.contact[0].star);
	CHECK_STR(m.contact[0].uri.hp.host, "192.0.2.101");
	CHECK_EQ(m.contact[0].uri.hp.port, 5062);
	CHECK_EQ(m.contact[0].expires, 60);
	CHECK_EQ(m.expires, -1);
	CHECK_STR(m.user_agent, "ExampleUA/1.0");
	CHECK_EQ(m.flags, SIPMSG_F_AUTH | SIPMSG_F_SDP);
	CHECK_STR(m.sdp.conn, "192.0.2.101");
	CHECK_EQ(m.sdp.n_media, 2);
	CHECK_EQ(m.sdp.port[0], 49170);
	CHECK_EQ(m.sdp.port[1], 51372);
	/* right after "...776asdhds" of the top Via */
	CHECK_EQ(m.via_top_end, strstr(invite, "asdhds\r\n") + 6 - invite);
}

static void test_response_fields(void)
{
	static const char ok[] =
		"SIP/2.0 200 OK\r\n"
		"Via: SIP/2.0/TLS 10.0.0.1:5061;branch=z9hG4bKa;"
		"received=198.51.100.7;rport=40001\r\n"
		"Via: SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bKb;rport\r\n"
		"From: <sip:alice@a.example>;tag=1\r\n"
		"To: <sips:bob@b.example>;tag=a6c85cf\r\n"
		"Call-ID: c1\r\n"
		"CSeq: 2 REGISTER\r\n"
		"Contact: <sip:bob@192.0.2.4>;expires=3600, "
		"<sip:bob@192.0.2.5>;expires=99999999999\r\n"
		"Expires: 7200\r\n"
		"Content-Length: 0\r\n\r\n";
	struct sipmsg m;

	CHECK_EQ(parse_s(ok, &m), SIPMSG_OK);
	CHECK(!m.request);
	CHECK_EQ(m.status, 200);
	CHECK_EQ(m.method, SIPM_NONE);
	CHECK_EQ(m.cseq_method, SIPM_REGISTER);
	CHECK_STR(m.to_tag, "a6c85cf");
	CHECK_EQ(m.to.scheme, SIPS_SIPS);
	CHECK(m.to.tp_tls);
	CHECK_EQ(m.n_via, 2);
	CHECK_EQ(m.via[0].tp, SIPTP_TLS);
	CHECK_EQ(m.via[0].by.port, 5061);
	CHECK_STR(m.via[0].received, "198.51.100.7");
	CHECK(m.via[0].rport);
	CHECK_EQ(m.via[0].rport_val, 40001);
	CHECK_STR(m.via[1].by.host, "[2001:db8::1]");
	CHECK_EQ(m.via[1].by.port, 5070);
	CHECK(m.via[1].rport);
	CHECK_EQ(m.via[1].rport_val, 0);
	CHECK_EQ(m.n_contact, 2);
	CHECK_EQ(m.contact[0].expires, 3600);
	CHECK_EQ(m.contact[1].expires, INT32_MAX);
	CHECK_EQ(m.expires, 7200);
	CHECK_EQ(m.flags, 0);
	CHECK_STR(sipmsg_method_name(SIPM_PUBLISH), "PUBLISH");
	CHECK_STR(sipmsg_method_name(SIPM_NONE), "");
	CHECK_STR(sipmsg_method_name(200), "");
}

/* Compact names, folding, Via lists, IPv6, odd spacing. */
static void test_forms(void)
{
	static const char compact[] =
		"MESSAGE sips:[2001:db8::9]:5061 SIP/2.0\r\n"
		"v: SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKc1 ,"
		" SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKc0\r\n"
		"f: <sip:a@x>;tag=77\r\n"
		"t: sip:b@y\r\n"
		"i: c1@x\r\n"
		"CSeq: 5 MESSAGE\r\n"
		"m: *\r\n"
		"c: text/plain\r\n"
		"l: 2\r\n\r\nhi";
	static const char folded[] =
		"OPTIONS sip:b@y;transport=TLS SIP/2.0\r\n"
		"Via  :  SIP/2.0/UDP\r\n"
		"  192.0.2.10:5070\r\n"
		"\t;branch=z9hG4bK3\r\n"
		"Via: SIP/2.0/WSS a.example;branch=z9hG4bK2,\r\n"
		" SIP/2.0/SCTP b.example;branch=z9hG4bK1\r\n"
		"From: <sip:a@x>\r\n ;tag=1\r\n"
		"To: <sip:b@y>\r\n"
		"Call-ID: f1\r\n"
		"CSeq:\r\n 3 OPTIONS\r\n"
		"Content-Length: 0\r\n\r\n";
	struct sipmsg m;

	CHECK_EQ(parse_s(compact, &m), SIPMSG_OK);
	CHECK_EQ(m.method, SIPM_MESSAGE);
	CHECK_EQ(m.ruri.scheme, SIPS_SIPS);
	CHECK(m.ruri.tp_tls);
	CHECK_STR(m.ruri.hp.host, "[2001:db8::9]");
	CHECK_EQ(m.ruri.hp.port, 5061);
	CHECK_EQ(m.n_via, 2);
	CHECK_EQ(m.via[0].tp, SIPTP_TCP);
	CHECK_STR(m.via[0].by.host, "[2001:db8::1]");
	CHECK_EQ(m.via[0].by.port, 5060);
	CHECK_STR(m.via[1].branch, "z9hG4bKc0");
	CHECK_STR(m.from_tag, "77");
	CHECK_STR(m.to.user, "b");
	CHECK_STR(m.call_id, "c1@x");
	CHECK_EQ(m.n_contact, 1);
	CHECK(m.contact[0].star);
	CHECK_EQ(m.contact[0].expires, -1);
	CHECK((m.flags & (SIPMSG_F_SDP | SIPMSG_F_SDP_BAD)) == 0);
	/* before the " ," of the first value */
	CHECK_EQ(m.via_top_end, strstr(compact, "c1 ,") + 2 - compact);

	CHECK_EQ(parse_s(folded, &m), SIPMSG_OK);
	CHECK(m.ruri.tp_tls);
	CHECK_EQ(m.ruri.scheme, SIPS_SIP);
	CHECK_EQ(m.n_via, 3);
	CHECK_STR(m.via[0].by.host, "192.0.2.10");
	CHECK_EQ(m.via[0].by.port, 5070);
	CHECK_STR(m.via[0].branch, "z9hG4bK3");
	CHECK_EQ(m.via[1].tp, SIPTP_WSS);
	CHECK_EQ(m.via[2].tp, SIPTP_SCTP);
	CHECK_STR(m.via[2].branch, "z9hG4bK1");
	CHECK_STR(m.from_tag, "1");
	CHECK_EQ(m.cseq, 3);
	CHECK_EQ(m.via_top_end, strstr(folded, "bK3\r\n") + 3 - folded);
}

/*
 * Insert ";received=203.0.113.5;rport=4" at via_top_end: the result
 * parses, the top Via has it, the others are unchanged.
 */
static void check_insert(const char *msg)
{
	static const char ins[] = ";received=203.0.113.5;rport=4";
	struct sipmsg m, m2, v;
	size_t len = strlen(msg), at, n = sizeof(ins) - 1;
	char *b;

	CHECK_EQ(parse_s(msg, &m), SIPMSG_OK);
	at = m.via_top_end;
	CHECK(at > 0 && at < len);
	/* the first Via field's value holds the insertion point */
	CHECK(m.via_val > 0 && m.via_val < at && at <= m.via_val_end);
	CHECK(!strncmp(msg + m.via_val, "SIP/2.0/", 8));
	b = malloc(len + sizeof(ins));
	memcpy(b, msg, at);
	memcpy(b + at, ins, n);
	memcpy(b + at + n, msg + at, len - at);
	CHECK_EQ(parse(b, len + n, &m2, NULL), SIPMSG_OK);
	CHECK_STR(m2.via[0].received, "203.0.113.5");
	CHECK_EQ(m2.via[0].rport_val, 4);
	CHECK_EQ(m2.n_via, m.n_via);
	CHECK_STR(m2.via[0].branch, m.via[0].branch);
	if (m.n_via > 1)
		CHECK(!memcmp(&m2.via[1], &m.via[1], sizeof(m.via[1])));
	/* that one field alone gives the same top Via as the message */
	memset(&v, 0x5a, sizeof(v));
	CHECK_EQ(sipmsg_parse_via(b + m.via_val, m.via_val_end + n - m.via_val,
				  &v, NULL), SIPMSG_OK);
	CHECK(v.n_via >= 1 && v.n_via <= m2.n_via);
	CHECK(!memcmp(&v.via[0], &m2.via[0], sizeof(v.via[0])));
	free(b);
}

/* One Via field value through sipmsg_parse_via(): a heap copy, no NUL */
static enum sipmsg_err parse_via(const char *val, struct sipmsg *m,
				 const char **why)
{
	size_t len = strlen(val);
	char *b = malloc(len ? len : 1);
	enum sipmsg_err e;

	memcpy(b, val, len);
	*why = NULL;
	e = sipmsg_parse_via(b, len, m, why);
	free(b);
	CHECK(*why != NULL);
	return e;
}

static void test_parse_via(void)
{
	static char big[1200];
	struct sipmsg m;
	const char *why;

	CHECK_EQ(parse_via("SIP/2.0/UDP h;branch=z9hG4bK1;rport=7, "
			   "SIP/2.0/TCP [2001:db8::1]:5061", &m, &why),
		 SIPMSG_OK);
	CHECK_EQ(m.n_via, 2);
	CHECK_EQ(m.via[0].tp, SIPTP_UDP);
	CHECK_STR(m.via[0].by.host, "h");
	CHECK_STR(m.via[0].branch, "z9hG4bK1");
	CHECK(m.via[0].rport);
	CHECK_EQ(m.via[0].rport_val, 7);
	CHECK_EQ(m.via[1].tp, SIPTP_TCP);
	CHECK_STR(m.via[1].by.host, "[2001:db8::1]");
	CHECK_EQ(m.via[1].by.port, 5061);
	/* a fold, a comment, LWS around the port's colon */
	CHECK_EQ(parse_via("SIP/2.0/UDP h\r\n ;branch=z9hG4bK1 (c)", &m, &why),
		 SIPMSG_OK);
	CHECK_EQ(m.n_via, 1);
	CHECK_EQ(parse_via("SIP/2.0/UDP host: 70;branch=z9hG4bK1", &m, &why),
		 SIPMSG_OK);
	CHECK_STR(m.via[0].by.host, "host");
	CHECK_EQ(m.via[0].by.port, 70);
	/* longer than the stack copy: copied to the heap */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	memcpy(big, "SIP/2.0/UDP h:9;x=", 18);
	CHECK_EQ(parse_via(big, &m, &why), SIPMSG_OK);
	CHECK_EQ(m.via[0].by.port, 9);
	memcpy(big + 600, ";branch=", 8);
	CHECK_EQ(parse_via(big, &m, &why), SIPMSG_OK);
	CHECK_EQ(m.flags & SIPMSG_F_CUT, SIPMSG_F_CUT);
	big[sizeof(big) - 2] = '"';
	CHECK_EQ(parse_via(big, &m, &why), SIPMSG_E_PARSE);
	/* what sofia-sip refuses */
	CHECK_EQ(parse_via("garbage", &m, &why), SIPMSG_E_PARSE);
	CHECK_EQ(m.n_via, 0);
	CHECK_EQ(parse_via("", &m, &why), SIPMSG_E_PARSE);
	CHECK_EQ(parse_via("SIP/2.0/UDP h:", &m, &why), SIPMSG_E_PARSE);
	CHECK_EQ(parse_via("SIP/2.0/UDP h:99999", &m, &why), SIPMSG_E_PARSE);
	CHECK_EQ(parse_via("SIP/2.0/UDP h;x=\"a", &m, &why), SIPMSG_E_PARSE);
	CHECK_EQ(sipmsg_parse_via("SIP/2.0/UDP h\0x", 15, &m, &why),
		 SIPMSG_E_PARSE);
	/* what sipmsg_parse()'s rules refuse in a Via sofia-sip took */
	CHECK_EQ(parse_via("SIP/2.0/UDP a!b", &m, &why), SIPMSG_E_LINT);
	CHECK_STR(why, "lint: bad Via sent-by host");
	CHECK_EQ(parse_via("SIP/2.0/UDP h;rport=x", &m, &why), SIPMSG_E_LINT);
	CHECK_STR(why, "lint: bad Via rport");
	CHECK_EQ(parse_via("SIP/2.0/UDP h, SIP/2.0/UDP a!b", &m, &why),
		 SIPMSG_E_LINT);
}

static void test_via_top_end(void)
{
	check_insert(invite);
	check_insert("OPTIONS sip:b@y SIP/2.0\r\n"
		     "v:SIP/2.0/UDP h;branch=z9hG4bK1,SIP/2.0/UDP g\r\n"
		     "f: <sip:a@x>;tag=1\r\nt: <sip:b@y>\r\ni: 1\r\n"
		     "CSeq: 1 OPTIONS\r\n\r\n");
	check_insert("OPTIONS sip:b@y SIP/2.0\r\n"
		     "Via: SIP/2.0/UDP [2001:db8::1]:5060\r\n"
		     " ;branch=z9hG4bK1 (a comment, with comma)\r\n"
		     "Via: SIP/2.0/UDP g\r\n"
		     "f: <sip:a@x>;tag=1\r\nt: <sip:b@y>\r\ni: 1\r\n"
		     "CSeq: 1 OPTIONS\r\n\r\n");
	check_insert("OPTIONS sip:b@y SIP/2.0\r\n"
		     "X-Via: SIP/2.0/UDP not-this-one\r\n"
		     "Via: SIP/2.0/UDP h;branch=z9hG4bK1;x=\"a,b;c\"\t \r\n"
		     "f: <sip:a@x>;tag=1\r\nt: <sip:b@y>\r\ni: 1\r\n"
		     "CSeq: 1 OPTIONS\r\n\r\n");
	/* received/rport already there: sofia-sip takes the last one */
	check_insert("OPTIONS sip:b@y SIP/2.0\r\n"
		     "Via: SIP/2.0/UDP h;received=192.0.2.1;rport=9;"
		     "branch=z9hG4bK1\r\n"
		     "f: <sip:a@x>;tag=1\r\nt: <sip:b@y>\r\ni: 1\r\n"
		     "CSeq: 1 OPTIONS\r\n\r\n");
	/* bare LF line ends */
	check_insert("OPTIONS sip:b@y SIP/2.0\n"
		     "Via: SIP/2.0/UDP h;branch=z9hG4bK1\n"
		     "f: <sip:a@x>;tag=1\nt: <sip:b@y>\ni: 1\n"
		     "CSeq: 1 OPTIONS\n\n");
}

static void test_sdp(void)
{
	static const char media_c[] =
		"INVITE sip:b@y SIP/2.0\r\n" HDRS(VIA0)
		"CSeq: 1 INVITE\r\nContent-Type: Application/SDP\r\n"
		"Content-Length: 71\r\n\r\n"
		"v=0\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP6 2001:db8::7\r\n"
		"m=audio 0 RTP/AVP 0\n";
	static const char bad_port[] =
		"INVITE sip:b@y SIP/2.0\r\n" HDRS(VIA0)
		"CSeq: 1 INVITE\r\nContent-Type: application/sdp\r\n"
		"Content-Length: 30\r\n\r\nv=0\r\nm=audio 70000 RTP/AVP 0\r\n";
	static const char not_sdp[] =
		"INVITE sip:b@y SIP/2.0\r\n" HDRS(VIA0)
		"CSeq: 1 INVITE\r\nContent-Type: text/plain\r\n"
		"Content-Length: 22\r\n\r\nc=IN IP4 192.0.2.1\r\n\r\n";
	char many[1024];
	struct sipmsg m;
	int i, n;

	CHECK_EQ(parse_s(media_c, &m), SIPMSG_OK);
	CHECK_EQ(m.flags & (SIPMSG_F_SDP | SIPMSG_F_SDP_BAD), SIPMSG_F_SDP);
	CHECK_STR(m.sdp.conn, "2001:db8::7");
	CHECK_EQ(m.sdp.n_media, 2);
	CHECK_EQ(m.sdp.port[0], 4000);
	CHECK_EQ(m.sdp.port[1], 0);

	CHECK_EQ(parse_s(bad_port, &m), SIPMSG_OK);
	CHECK_EQ(m.flags & (SIPMSG_F_SDP | SIPMSG_F_SDP_BAD),
		 SIPMSG_F_SDP_BAD);

	CHECK_EQ(parse_s(not_sdp, &m), SIPMSG_OK);
	CHECK_EQ(m.flags & (SIPMSG_F_SDP | SIPMSG_F_SDP_BAD), 0);
	CHECK_STR(m.sdp.conn, "");

	/* ten m= lines: eight kept, MORE_MEDIA; session c= wins */
	n = snprintf(many, sizeof(many), "c=IN IP4 192.0.2.9/127\r\n");
	for (i = 0; i < 10; i++)
		n += snprintf(many + n, sizeof(many) - n,
			      "m=audio %d RTP/AVP 0\r\nc=IN IP4 10.0.0.%d\r\n",
			      1000 + i, i);
	{
		char msg[2048];

		snprintf(msg, sizeof(msg),
			 "INVITE sip:b@y SIP/2.0\r\n" HDRS(VIA0)
			 "CSeq: 1 INVITE\r\nContent-Type: application/sdp\r\n"
			 "Content-Length: %d\r\n\r\n%s", n, many);
		CHECK_EQ(parse_s(msg, &m), SIPMSG_OK);
	}
	CHECK_EQ(m.sdp.n_media, SIPMSG_MEDIA_MAX);
	CHECK_EQ(m.sdp.port[7], 1007);
	CHECK(m.flags & SIPMSG_F_MORE_MEDIA);
	CHECK_STR(m.sdp.conn, "192.0.2.9");
}

/* Limits: cut values, more Vias and Contacts than the arrays hold. */
static void test_limits(void)
{
	char msg[8192], id[200];
	struct sipmsg m;
	int i, n;

	memset(id, 'x', sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	n = snprintf(msg, sizeof(msg), "REGISTER sip:y SIP/2.0\r\n");
	for (i = 0; i < 20; i++)
		n += snprintf(msg + n, sizeof(msg) - n,
			      "Via: SIP/2.0/UDP h%d;branch=z9hG4bK%d\r\n", i, i);
	for (i = 0; i < 10; i++)
		n += snprintf(msg + n, sizeof(msg) - n,
			      "Contact: <sip:u@c%d>\r\n", i);
	snprintf(msg + n, sizeof(msg) - n,
		 "From: <sip:a@x>;tag=1\r\nTo: <sip:a@x>\r\nCall-ID: %s\r\n"
		 "CSeq: 1 REGISTER\r\n\r\n", id);
	CHECK_EQ(parse_s(msg, &m), SIPMSG_OK);
	CHECK_EQ(m.n_via, SIPMSG_VIA_MAX);
	CHECK_STR(m.via[15].by.host, "h15");
	CHECK_EQ(m.n_contact, SIPMSG_CONTACT_MAX);
	CHECK_EQ(m.flags & (SIPMSG_F_MORE_VIA | SIPMSG_F_MORE_CONTACT |
			    SIPMSG_F_CUT),
		 SIPMSG_F_MORE_VIA | SIPMSG_F_MORE_CONTACT | SIPMSG_F_CUT);
	CHECK_EQ(strlen(m.call_id), SIPMSG_TOKEN_MAX - 1);
	CHECK(!memcmp(m.call_id, id, SIPMSG_TOKEN_MAX - 1));
}

/* Each mandatory header removed in turn: E_MISSING. */
static void test_missing(void)
{
	static const char *const hdr[] = {
		"Via:", "From:", "To:", "Call-ID:", "CSeq:",
	};
	char msg[sizeof(invite)];
	struct sipmsg m;
	const char *why;
	char *p, *e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hdr); i++) {
		memcpy(msg, invite, sizeof(invite));
		p = strstr(msg, hdr[i]);
		e = strstr(p, "\r\n") + 2;
		memmove(p, e, strlen(e) + 1);
		CHECK_EQ(parse(msg, strlen(msg), &m, &why), SIPMSG_E_MISSING);
		CHECK(strstr(why, "missing") != NULL);
	}
	/* what is there is still filled */
	CHECK_STR(m.call_id, "a84b4c76e66710@pc33.atlanta.example.com");
	/* Max-Forwards is not mandatory (RFC 2543 peers, RFC 4475 inv2543) */
	memcpy(msg, invite, sizeof(invite));
	p = strstr(msg, "Max-Forwards:");
	e = strstr(p, "\r\n") + 2;
	memmove(p, e, strlen(e) + 1);
	CHECK_EQ(parse_s(msg, &m), SIPMSG_OK);
}

/* Replace the first @from in invite by @to and parse it. */
static enum sipmsg_err parse_edit(const char *from, const char *to,
				  struct sipmsg *m, const char **why)
{
	char msg[2048];
	const char *p = strstr(invite, from);
	size_t pre;

	if (!p) {
		printf("# fixture has no \"%s\"\n", from);
		return 99;
	}
	pre = p - invite;
	snprintf(msg, sizeof(msg), "%.*s%s%s", (int)pre, invite, to,
		 p + strlen(from));
	return parse(msg, strlen(msg), m, why);
}

struct lint_case {
	const char *from, *to;
	enum sipmsg_err err;
	const char *why;	/* substring of the reason */
};

static const struct lint_case lint_cases[] = {
	/* start line */
	{ "INVITE sip:", "INVITE  sip:", SIPMSG_E_LINT, "whitespace" },
	{ "INVITE sip:", " INVITE sip:", SIPMSG_E_LINT, "before the start" },
	{ "INVITE sip:", "\r\n\r\nINVITE sip:", SIPMSG_OK, "" },
	{ "com SIP/2.0\r\n", "com SIP/2.0 \r\n", SIPMSG_E_LINT, "whitespace" },
	{ "com SIP/2.0\r\n", "com  SIP/2.0\r\n", SIPMSG_E_LINT, "whitespace" },
	{ "com SIP/2.0\r\n", "com\tSIP/2.0\r\n", SIPMSG_E_LINT, "whitespace" },
	{ "com SIP/2.0\r\n", "com SIP/2.1\r\n", SIPMSG_E_LINT, "version" },
	{ "com SIP/2.0\r\n", "com sip/2.0\r\n", SIPMSG_OK, "" },
	{ "com SIP/2.0\r\nVia", "com SIP/2.0\r\n Via", SIPMSG_E_LINT,
	  "start of a header line" },
	{ "User-Agent:", "X-Bad$Name: 1\r\nUser-Agent:", SIPMSG_E_LINT,
	  "bad header name" },
	{ "User-Agent:", "Via$: SIP/2.0/UDP h\r\nUser-Agent:", SIPMSG_E_LINT,
	  "bad header name" },
	{ "Call-ID:", "Call-ID\r\n :", SIPMSG_E_LINT, "fold before" },
	{ "Call-ID:", "Call-ID \t:", SIPMSG_OK, "" },
	{ "Call-ID: a84b4c76e66710@", "Call-ID: a84b4c76e66710\r\n @",
	  SIPMSG_E_LINT, "bad Call-ID" },
	{ "Call-ID: a84b4c76e66710@", "Call-ID: a84b4c76e66710@x@",
	  SIPMSG_E_LINT, "bad Call-ID" },
	{ "Call-ID: a84b4c76e66710@", "Call-ID: a8<4>\"c\"/[7]{6}?:\\@",
	  SIPMSG_OK, "" },
	{ "To: <sip:bob@biloxi.example.com>", "To: <sip:b@y>;tag",
	  SIPMSG_E_LINT, "tag without a value" },
	{ ";tag=1928301774", ";tag", SIPMSG_E_LINT, "tag without a value" },
	{ ";branch=z9hG4bK776asdhds", ";branch", SIPMSG_E_LINT,
	  "empty Via branch" },
	{ ";branch=z9hG4bK776asdhds", ";branch=z9hG4bK776asdhds;received",
	  SIPMSG_E_LINT, "empty Via branch" },
	/* Request-URI */
	{ "INVITE sip:bob@", "INVITE sip:b%41b@", SIPMSG_OK, "" },
	{ "INVITE sip:bob@", "INVITE sip:b%4gb@", SIPMSG_E_PARSE, "" },
	/* sofia-sip checks %-escapes itself, any scheme */
	{ "INVITE sip:bob@biloxi.example.com", "INVITE x-new:b%g0",
	  SIPMSG_E_PARSE, "" },
	{ "INVITE sip:bob@biloxi.example.com", "INVITE x-new:b%0",
	  SIPMSG_E_PARSE, "" },
	{ "INVITE sip:bob@biloxi.example.com", "INVITE x-new:b{}",
	  SIPMSG_E_LINT, "unescaped" },
	{ "INVITE sip:bob@biloxi.example.com", "INVITE x-new:b%20",
	  SIPMSG_OK, "" },
	{ "INVITE sip:bob@", "INVITE sip:b{b@", SIPMSG_E_LINT, "unescaped" },
	{ "INVITE sip:bob@", "INVITE sip:b\"b@", SIPMSG_E_LINT, "unescaped" },
	{ "example.com SIP/2.0", "example.com?Route=x SIP/2.0",
	  SIPMSG_E_LINT, "headers" },
	{ "example.com SIP/2.0", "example.com:99999 SIP/2.0",
	  SIPMSG_E_LINT, "port" },
	{ "example.com SIP/2.0", "example.com:5060 SIP/2.0", SIPMSG_OK, "" },
	/* addresses */
	{ "To: <sip:bob@biloxi.example.com>", "To: < sip:bob@biloxi.example.com>",
	  SIPMSG_E_LINT, "inside <addr-spec>" },
	{ "To: <sip:bob@biloxi.example.com>", "To: <sip:bob@biloxi.example.com >",
	  SIPMSG_E_LINT, "inside <addr-spec>" },
	{ "To: <sip:bob@biloxi.example.com>", "To: Bob<sip:bob@biloxi.example.com>",
	  SIPMSG_OK, "" },
	{ "User-Agent:", "P-Asserted-Identity: <sip:x@y\r\nUser-Agent:",
	  SIPMSG_E_LINT, "without '>'" },
	{ "User-Agent:", "P-Asserted-Identity: \"a <sip:x@y>\r\nUser-Agent:",
	  SIPMSG_E_LINT, "unterminated" },
	{ "User-Agent:", "P-Asserted-Identity: \"a\\\" <\" <sip:x@y>\r\n"
	  "User-Agent:", SIPMSG_OK, "" },
	{ "alice@192.0.2.101:5062", "alice@%s%x%n:5062", SIPMSG_E_PARSE,
	  "" },
	{ "To: <sip:bob@biloxi.example.com>", "To: <sip:bob@bi$oxi.example.com>",
	  SIPMSG_E_LINT, "bad host" },
	{ "alice@192.0.2.101:5062", "alice@192.0.2.101:65536", SIPMSG_E_LINT,
	  "port" },
	/* Via */
	{ "pc33.atlanta.example.com;", "pc33.atlanta.example.com:70000;",
	  SIPMSG_E_PARSE, "" },
	{ "pc33.atlanta.example.com;", "%s%x%n;", SIPMSG_E_LINT, "sent-by" },
	{ "pc33.atlanta.example.com;", "a_b.example;rport=1x;",
	  SIPMSG_E_LINT, "rport" },
	{ "pc33.atlanta.example.com;", "[2001:db8::1];rport=1;", SIPMSG_OK,
	  "" },
	/* expiry */
	{ ";expires=60", ";expires=6x0", SIPMSG_E_LINT, "expires" },
	{ "User-Agent:", "Expires: Thu, 01 Dec 1994 16:00:00 GMT\r\n"
	  "User-Agent:", SIPMSG_E_LINT, "date" },
	/* sofia-sip itself */
	{ "CSeq: 314159 INVITE", "CSeq: 314159 BYE", SIPMSG_E_PARSE, "sanity" },
	{ "CSeq: 314159 INVITE", "CSeq: 4294967296 INVITE", SIPMSG_E_PARSE,
	  "" },
	{ "Content-Length: 159", "Content-Length: 160", SIPMSG_E_PARSE, "" },
	{ "User-Agent:", "Call-ID: second\r\nUser-Agent:", SIPMSG_E_PARSE,
	  "" },
};

static void test_lint(void)
{
	const struct lint_case *c;
	struct sipmsg m;
	const char *why;
	enum sipmsg_err e;

	for (c = lint_cases; c < lint_cases + ARRAY_SIZE(lint_cases); c++) {
		why = NULL;
		e = parse_edit(c->from, c->to, &m, &why);
		if (e == c->err && why && strstr(why, c->why))
			continue;
		printf("# \"%s\" -> \"%s\": %d \"%s\", expected %d \"%s\"\n",
		       c->from, c->to, e, why ? why : "(null)", c->err,
		       c->why);
		CHECK(0);
	}
	/* a bad version is flagged, for a 505 */
	CHECK_EQ(parse_edit("com SIP/2.0\r\n", "com SIP/7.0\r\n", &m, &why),
		 SIPMSG_E_LINT);
	CHECK(m.flags & SIPMSG_F_BAD_VERSION);
	CHECK_STR(m.call_id, "a84b4c76e66710@pc33.atlanta.example.com");
}

/* A NUL in the body is data; in the headers sofia-sip would stop there. */
static void test_nul(void)
{
	static const char body[] =
		"MESSAGE sip:b@y SIP/2.0\r\n" HDRS(VIA0)
		"CSeq: 1 MESSAGE\r\nContent-Type: application/octet-stream\r\n"
		"Content-Length: 3\r\n\r\na\0b";
	static const char hdr[] =
		"MESSAGE sip:b@y SIP/2.0\r\n" HDRS(VIA0)
		"CSeq: 1 MESSAGE\r\nX: \0\r\nContent-Length: 0\r\n\r\n";
	struct sipmsg m;
	const char *why;

	CHECK_EQ(parse(body, sizeof(body) - 1, &m, &why), SIPMSG_OK);
	CHECK_EQ(parse(hdr, sizeof(hdr) - 1, &m, &why), SIPMSG_E_PARSE);
	CHECK(strstr(why, "NUL") != NULL);
}

static void test_edges(void)
{
	struct sipmsg m;
	const char *why;
	char *big;

	CHECK_EQ(parse("", 0, &m, &why), SIPMSG_E_PARSE);
	CHECK_EQ(sipmsg_parse(NULL, 0, &m, NULL), SIPMSG_E_PARSE);
	CHECK_EQ(parse("\r\n\r\n", 4, &m, &why), SIPMSG_E_PARSE);
	CHECK_EQ(parse("SIP/2.0 200 OK", 14, &m, &why), SIPMSG_E_PARSE);
	CHECK_EQ(parse_s("SIP/2.0 099 Low\r\nVia: SIP/2.0/UDP h\r\n"
			 "From: <sip:a@x>;tag=1\r\nTo: <sip:b@y>\r\ni: 1\r\n"
			 "CSeq: 1 OPTIONS\r\n\r\n", &m), SIPMSG_E_PARSE);
	CHECK_EQ(parse_s("SIP/2.0 180\r\nVia: SIP/2.0/UDP h\r\n"
			 "From: <sip:a@x>;tag=1\r\nTo: <sip:b@y>\r\ni: 1\r\n"
			 "CSeq: 1 INVITE\r\n\r\n", &m), SIPMSG_OK);
	CHECK_EQ(m.status, 180);
	CHECK_EQ(parse_s("SIP/3.0 180 x\r\nVia: SIP/2.0/UDP h\r\n"
			 "From: <sip:a@x>;tag=1\r\nTo: <sip:b@y>\r\ni: 1\r\n"
			 "CSeq: 1 INVITE\r\n\r\n", &m), SIPMSG_E_LINT);
	CHECK(m.flags & SIPMSG_F_BAD_VERSION);
	/* longer than one datagram */
	big = malloc(SIPMSG_LEN_MAX + 1);
	memset(big, 'a', SIPMSG_LEN_MAX + 1);
	CHECK_EQ(sipmsg_parse(big, SIPMSG_LEN_MAX + 1, &m, &why),
		 SIPMSG_E_PARSE);
	free(big);
}

/* Every prefix: never OK before the headers end, never a crash. */
static void test_prefixes(void)
{
	size_t k, hdr = strstr(invite, "\r\n\r\n") + 4 - invite;
	struct sipmsg m;
	enum sipmsg_err e;

	for (k = 0; k < sizeof(invite) - 1; k++) {
		e = parse(invite, k, &m, NULL);
		if (e == SIPMSG_OK && k < hdr + 159) {
			printf("# prefix %zu is OK\n", k);
			CHECK(0);
		}
	}
}

static unsigned int rnd_state = 2463534242U;

static unsigned int rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Mutated fixtures: any verdict, but no crash, leak or bad offset. */
static void test_mutations(void)
{
	static const char alpha[] = "\r\n \t:;,<>\"\\=/0SIP2.aZ%[]()@?";
	size_t len = sizeof(invite) - 1, n;
	unsigned int i, j, cnt[4] = { 0 };
	struct sipmsg m;
	char buf[sizeof(invite)];
	enum sipmsg_err e;

	for (i = 0; i < 4000; i++) {
		memcpy(buf, invite, len);
		for (j = rnd() % 4 + 1; j; j--)
			buf[rnd() % len] = i & 1 ? (char)rnd() :
				alpha[rnd() % (sizeof(alpha) - 1)];
		n = len - rnd() % 8;
		e = parse(buf, n, &m, NULL);
		if (e > SIPMSG_E_MISSING || m.via_top_end > n ||
		    (e == SIPMSG_OK && (!m.n_via || !m.via_top_end))) {
			printf("# mutation %u: %d, via_top_end %zu\n", i, e,
			       m.via_top_end);
			CHECK(0);
		}
		cnt[e]++;
	}
	printf("# mutated invite: ok=%u parse=%u lint=%u missing=%u\n",
	       cnt[0], cnt[1], cnt[2], cnt[3]);
	CHECK(cnt[0] > 0 && cnt[1] > 0 && cnt[2] > 0);
}

int main(void)
{
	UNIT_RUN(test_invite_fields);
	UNIT_RUN(test_response_fields);
	UNIT_RUN(test_forms);
	UNIT_RUN(test_via_top_end);
	UNIT_RUN(test_parse_via);
	UNIT_RUN(test_sdp);
	UNIT_RUN(test_limits);
	UNIT_RUN(test_missing);
	UNIT_RUN(test_lint);
	UNIT_RUN(test_nul);
	UNIT_RUN(test_edges);
	UNIT_RUN(test_prefixes);
	UNIT_RUN(test_mutations);
	return unit_done();
}
