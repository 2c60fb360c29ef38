// SPDX-License-Identifier: GPL-2.0
/*
 * Each attack of Documentation/sip-attacks.rst is refused with exactly
 * its reason (and kernel requests where it has some), and the
 * legitimate flow next to it is accepted: the check cannot be passed by
 * refusing everything.
 */
#include "sg_fixture.h"

/* alice (UE) calls bob through the core, up to the ACK. */
static void setup_call(struct sg *g, const struct where *ue)
{
	CHECK_EQ(run(g, ue, &(struct fx){ .method = "INVITE", .conn = UE,
		 .port = 20000 }), SG_R_LEARNED);
	CHECK_EQ(run(g, &core_to_ue, &(struct fx){ .status = 200,
		 .ttag = "btag", .conn = CORE, .port = 30000 }),
		 SG_R_LEARNED);
	CHECK_PASS(run(g, ue, &(struct fx){ .method = "ACK",
		   .ttag = "btag" }));
}

static uint32_t dialogs(struct sg *g)
{
	struct sg_stats s;

	sg_stats(g, &s);
	return s.dialogs;
}

/* 1: spoofed BYE (4.2a), and BYE with an old CSeq */
static void bye_spoof(void)
{
	struct sg *g = fx_sg(NULL);
	const struct where atk_as_ue = { UE, 5062, CORE, 5060,
					 SG_SIDE_UNTRUSTED, false, 0, 0 };
	struct sg_config c;

	setup_call(g, &from_ue);
	CHECK_DROP(run(g, &from_atk, &(struct fx){ .method = "BYE",
		   .cseq = 2, .ttag = "btag" }), SG_R_BYE_SPOOF);
	CHECK(strstr(fx_v.detail, "party=10.0.1.2:5060 got=10.0.3.2:5060"));
	CHECK_EQ(fx_v.n_kops, 0);
	/* the callee's BYE forged from the Internet: the callee is the core */
	CHECK_DROP(run(g, &from_atk, &(struct fx){ .method = "BYE",
		   .from = "bob", .ftag = "btag", .to = "alice",
		   .ttag = "atag" }), SG_R_BYE_SPOOF);
	CHECK_DROP(run(g, &from_ue, &(struct fx){ .method = "BYE",
		   .from = "bob", .ftag = "btag", .to = "alice",
		   .ttag = "atag" }), SG_R_BYE_SPOOF);
	CHECK_EQ(dialogs(g), 1);
	/* the party itself, CSeq not above its INVITE's: a replay */
	CHECK_DROP(run(g, &from_ue, &(struct fx){ .method = "BYE",
		   .cseq = 1, .ttag = "btag" }), SG_R_BYE_CSEQ);
	CHECK(strstr(fx_v.detail, "cseq=1 last=1 from the caller"));
	CHECK_EQ(dialogs(g), 1);
	CHECK_EQ(run(g, &from_ue, &(struct fx){ .method = "BYE", .cseq = 2,
		 .ttag = "btag" }), SG_R_LEARNED);
	CHECK_EQ(dialogs(g), 0);
	CHECK_EQ(fx_count(g, SG_R_BYE_SPOOF), 3);
	CHECK_EQ(fx_count(g, SG_R_BYE_CSEQ), 1);
	sg_free(g);

	/* plain UDP party: its port counts (another host behind its NAT) */
	sg_config_defaults(&c);
	c.require_secure = false;
	g = fx_sg(&c);
	setup_call(g, &(struct where){ UE, 5060, CORE, 5060,
				       SG_SIDE_UNTRUSTED, false, 0, 0 });
	CHECK_DROP(run(g, &atk_as_ue, &(struct fx){ .method = "BYE",
		   .cseq = 2, .ttag = "btag",
		   .via = "SIP/2.0/UDP 10.0.1.2:5062;branch=z9hG4bKb" }),
		   SG_R_BYE_SPOOF);
	CHECK_PASS(run(g, &(struct where){ UE, 5060, CORE, 5060,
		   SG_SIDE_UNTRUSTED, false, 0, 0 }, &(struct fx){
		   .method = "BYE", .cseq = 2, .ttag = "btag" }));
	sg_free(g);
}

/* 2: spoofed CANCEL (4.2c) */
static void cancel_spoof(void)
{
	struct sg *g = fx_sg(NULL);

	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		   .conn = UE }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 180,
		   .ttag = "btag" }));
	/* all keys right, wrong source */
	CHECK_DROP(run(g, &from_atk, &(struct fx){ .method = "CANCEL",
		   .via = "SIP/2.0/UDP 10.0.3.2:5060;branch=z9hG4bKinv1" }),
		   SG_R_CANCEL_SPOOF);
	CHECK(strstr(fx_v.detail, "party=10.0.1.2:5060 got=10.0.3.2:5060"));
	/* known Call-ID, no such INVITE (branch, CSeq, From tag) */
	CHECK_DROP(run(g, &from_ue, &(struct fx){ .method = "CANCEL",
		   .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKother" }),
		   SG_R_CANCEL_SPOOF);
	CHECK_DROP(run(g, &from_ue, &(struct fx){ .method = "CANCEL",
		   .cseq = 5 }), SG_R_CANCEL_SPOOF);
	CHECK_DROP(run(g, &from_ue, &(struct fx){ .method = "CANCEL",
		   .ftag = "forged" }), SG_R_CANCEL_SPOOF);
	/* the caller's own CANCEL */
	CHECK_EQ(run(g, &from_ue, &(struct fx){ .method = "CANCEL" }),
		 SG_R_OK);
	CHECK_EQ(fx_v.action, SG_ACCEPT);
	CHECK_EQ(fx_count(g, SG_R_CANCEL_SPOOF), 4);
	sg_free(g);
}

/* 3: in-dialog spoofing and media hijack (4.1a, 4.2b) */
static void indialog_media(void)
{
	struct sg *g = fx_sg(NULL);

	setup_call(g, &from_ue);
	CHECK_DROP(run(g, &from_atk, &(struct fx){ .method = "INVITE",
		   .cseq = 2, .ttag = "btag", .conn = ATK, .port = 40000 }),
		   SG_R_MEDIA_HIJACK);
	CHECK(strstr(fx_v.detail, "sdp=\"10.0.3.2 40000\""));
	CHECK_DROP(run(g, &from_atk, &(struct fx){ .method = "UPDATE",
		   .cseq = 2, .ttag = "btag", .conn = ATK }),
		   SG_R_MEDIA_HIJACK);
	CHECK_DROP(run(g, &from_atk, &(struct fx){ .method = "INFO",
		   .cseq = 2, .ttag = "btag" }), SG_R_INDIALOG_SPOOF);
	CHECK_DROP(run(g, &from_atk, &(struct fx){ .method = "REFER",
		   .cseq = 2, .ttag = "btag",
		   .extra = "Refer-To: <sip:x@evil.example>" }),
		   SG_R_INDIALOG_SPOOF);
	/* the real party changes its media: accepted, logged */
	CHECK_EQ(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		 .cseq = 2, .ttag = "btag", .conn = UE, .port = 20100,
		 .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKre" }),
		 SG_R_LEARNED);
	CHECK(strstr(fx_v.detail, "media_change=caller before=\"10.0.1.2 20000\" after=\"10.0.1.2 20100\""));
	/* an answer to that re-INVITE forged from the Internet */
	CHECK_DROP(run(g, &from_atk, &(struct fx){ .status = 200,
		   .cseq = 2, .ttag = "btag", .conn = ATK,
		   .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKre" }),
		   SG_R_MEDIA_HIJACK);
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .cseq = 2, .ttag = "btag", .conn = CORE, .port = 30000,
		   .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKre" }));
	CHECK_EQ(fx_count(g, SG_R_MEDIA_HIJACK), 3);
	CHECK_EQ(fx_count(g, SG_R_INDIALOG_SPOOF), 2);
	sg_free(g);
}

/* Responses to a transaction: only from where its request went. */
static void response_spoof(void)
{
	struct sg *g = fx_sg(NULL);
	const char *v = "SIP/2.0/UDP 10.0.2.2:5060;branch=z9hG4bKc1";
	const struct fx inv = { .method = "INVITE", .ruri = "sip:alice@10.0.1.2",
		.from = "carol", .ftag = "ctag", .to = "alice", .via = v,
		.conn = CORE };

	CHECK_PASS(run(g, &core_to_ue, &inv));
	CHECK_DROP(run(g, &from_atk, &(struct fx){ .status = 180,
		   .from = "carol", .ftag = "ctag", .to = "alice",
		   .ttag = "x", .via = v }), SG_R_RESPONSE_SPOOF);
	CHECK_DROP(run(g, &from_atk, &(struct fx){ .status = 200,
		   .from = "carol", .ftag = "ctag", .to = "alice",
		   .ttag = "x", .via = v, .conn = ATK }), SG_R_MEDIA_HIJACK);
	CHECK(strstr(fx_v.detail, "request went to 10.0.1.2:5060 got=10.0.3.2:5060"));
	CHECK_EQ(dialogs(g), 0);
	/* the core's own address forged on the Internet side */
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		   .cid = "c2" }));
	CHECK_DROP(run(g, &(struct where){ CORE, 5060, UE, 5060,
		   SG_SIDE_UNTRUSTED, true, 0, 0 }, &(struct fx){
		   .status = 200, .cid = "c2", .ttag = "t" }),
		   SG_R_RESPONSE_SPOOF);
	CHECK_EQ(run(g, &from_ue, &(struct fx){ .status = 200,
		 .from = "carol", .ftag = "ctag", .to = "alice", .ttag = "u",
		 .via = v, .conn = UE }), SG_R_LEARNED);
	CHECK_EQ(dialogs(g), 1);
	sg_free(g);
}

/* 4: 3xx Contact hijack (4.1b, 4.3b) */
static void redirect(void)
{
	struct sg_config c;
	struct conf_err e;
	char allow[] = ".ims.test 192.0.2.0/24";
	const char *v = "SIP/2.0/UDP 10.0.2.2:5060;branch=z9hG4bKc1";
	const struct fx inv = { .method = "INVITE", .ruri = "sip:alice@10.0.1.2",
		.from = "carol", .ftag = "ctag", .to = "alice", .via = v };
	struct fx r = { .status = 302, .from = "carol", .ftag = "ctag",
		.to = "alice", .ttag = "u", .via = v };
	struct sg *g;

	sg_config_defaults(&c);
	CHECK_EQ(sg_config_set(&c, "redirect_allow", allow, &e), 0);
	g = fx_sg(&c);
	/* no INVITE went that way */
	r.contact = "<sip:alice@pc.ims.test>";
	CHECK_DROP(run(g, &from_ue, &r), SG_R_REDIRECT_UNSOLICITED);
	CHECK(strstr(fx_v.detail, "no request sent that way"));
	CHECK_PASS(run(g, &core_to_ue, &inv));
	/* from another hop than the INVITE went to */
	CHECK_DROP(run(g, &from_atk, &r), SG_R_REDIRECT_UNSOLICITED);
	/* from the right hop, to outside redirect_allow */
	r.contact = "<sip:alice@evil.example>";
	CHECK_DROP(run(g, &from_ue, &r), SG_R_REDIRECT_TARGET);
	CHECK(strstr(fx_v.detail, "contact=evil.example not in redirect_allow"));
	r.contact = "<sip:alice@ims.test.evil.example>";
	CHECK_DROP(run(g, &from_ue, &r), SG_R_REDIRECT_TARGET);
	r.contact = "<sip:alice@198.51.100.1>";
	CHECK_DROP(run(g, &from_ue, &r), SG_R_REDIRECT_TARGET);
	r.contact = "<sip:alice@pc.ims.test>, <sip:alice@evil.example>";
	CHECK_DROP(run(g, &from_ue, &r), SG_R_REDIRECT_TARGET);
	/* inside */
	r.contact = "<sip:alice@192.0.2.55:5070>";
	CHECK_PASS(run(g, &from_ue, &r));
	r.contact = "<sip:alice@PC.IMS.test>";
	CHECK_PASS(run(g, &from_ue, &r));
	/* from the core: never checked */
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 302,
		   .ttag = "z", .contact = "<sip:a@evil.example>" }));
	CHECK_EQ(fx_count(g, SG_R_REDIRECT_UNSOLICITED), 2);
	CHECK_EQ(fx_count(g, SG_R_REDIRECT_TARGET), 4);
	sg_free(g);
}

/* 5: 305 Use Proxy (4.1c) */
static void use_proxy(void)
{
	struct sg *g = fx_sg(NULL);
	const struct fx r = { .status = 305, .ttag = "u",
		.contact = "<sip:proxy@evil.example>" };

	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INVITE" }));
	CHECK_DROP(run(g, &from_atk, &r), SG_R_USE_PROXY);
	CHECK_DROP(run(g, &from_ue, &r), SG_R_USE_PROXY);
	CHECK(strstr(fx_v.detail, "contact=evil.example"));
	CHECK_PASS(run(g, &core_to_ue, &r));
	CHECK_EQ(fx_count(g, SG_R_USE_PROXY), 2);
	sg_free(g);
}

/*
 * The rewritten message must be one sipmsg_parse() takes, with the
 * source as its top Via: the rewrite checks only the Via field it
 * changed, this checks the whole message. "host: 70" is a port after
 * LWS (the fuzzer once made such a Via come out unparsable).
 */
static void via_rewrite_parses(struct sg *g)
{
	static const char *const vias[] = {
		"SIP/2.0/UDP reflect.example: 70;branch=z9hG4bKc",
		"SIP/2.0/UDP reflect.example :70 ;branch=z9hG4bKc (comment, x)",
		"SIP/2.0/UDP reflect.example;branch=z9hG4bKc;x=\"a,b\", "
		"SIP/2.0/TLS 192.0.2.98",
		"SIP/2.0/UDP [2001:db8::99]:5060;branch=z9hG4bKc",
	};
	struct sipmsg m;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vias); i++) {
		fx_now += 1000;
		CHECK_EQ(run(g, &from_ue2, &(struct fx){ .method = "OPTIONS",
			 .via = vias[i] }), SG_R_VIA_REFLECT);
		CHECK_EQ(fx_v.action, SG_ACCEPT_MODIFIED);
		if (fx_v.action != SG_ACCEPT_MODIFIED || !fx_v.payload)
			continue;
		CHECK_EQ(sipmsg_parse((const char *)fx_v.payload,
				      fx_v.payload_len, &m, NULL), SIPMSG_OK);
		CHECK_STR(m.via[0].by.host, UE2);
		CHECK_EQ(m.via[0].by.port, 5060);
		CHECK_STR(m.via[0].received, UE2);
		CHECK_EQ(m.via[0].rport_val, 5060);
		CHECK_STR(m.via[0].branch, "z9hG4bKc");
		CHECK_EQ(m.n_via, i == 2 ? 2 : 1);
	}
}

/* A rewrite that would make the message too long is dropped. */
static void via_rewrite_too_long(void)
{
	static const char head[] =
		"OPTIONS sip:bob@ims.test SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bKl\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:alice@ims.test>;tag=1\r\n"
		"To: <sip:bob@ims.test>\r\n"
		"Call-ID: long@ue\r\n"
		"CSeq: 1 OPTIONS\r\n"
		"X-Pad: ";
	static const char tail[] = "\r\nContent-Length: 0\r\n\r\n";
	static char buf[SIPMSG_LEN_MAX];
	size_t pad, len;
	struct sg_pkt p;
	struct sg *g = fx_sg(NULL);

	for (pad = 0; pad < 2; pad++) {
		/* the longest message, and one 20 bytes shorter (+27) */
		len = SIPMSG_LEN_MAX - (pad ? 20 : 0);
		memcpy(buf, head, sizeof(head) - 1);
		memset(buf + sizeof(head) - 1, 'a',
		       len - (sizeof(head) - 1) - (sizeof(tail) - 1));
		memcpy(buf + len - (sizeof(tail) - 1), tail, sizeof(tail) - 1);
		fx_pkt(&p, &from_atk);
		p.now_ms = fx_now += 1000;
		sg_process(g, &p, (const uint8_t *)buf, len, &fx_v);
		CHECK_EQ(fx_v.reason, SG_R_VIA_REFLECT);
		CHECK_EQ(fx_v.action, SG_DROP);
		CHECK(!fx_v.payload);
		CHECK(strstr(fx_v.detail, "does not parse"));
	}
	/* short enough: rewritten */
	len = SIPMSG_LEN_MAX - 200;
	memset(buf + sizeof(head) - 1, 'a',
	       len - (sizeof(head) - 1) - (sizeof(tail) - 1));
	memcpy(buf + len - (sizeof(tail) - 1), tail, sizeof(tail) - 1);
	p.now_ms = fx_now += 1000;
	sg_process(g, &p, (const uint8_t *)buf, len, &fx_v);
	CHECK_EQ(fx_v.reason, SG_R_VIA_REFLECT);
	CHECK_EQ(fx_v.action, SG_ACCEPT_MODIFIED);
	CHECK(fx_v.payload_len > len && fx_v.payload_len <= SIPMSG_LEN_MAX);
	sg_free(g);
}

/* 6: Via reflection / amplification (4.2d) */
static void via_reflection(void)
{
	struct sg_config c;
	struct sg *g;
	const struct fx refl = { .method = "OPTIONS",
		.via = "SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bKr" };
	/* the sent-by is the source: a core that answers to the Via host
	 * (ignoring received) answers the source too */
	const char *want = "Via: SIP/2.0/UDP 10.0.3.2:5060;branch=z9hG4bKr"
			   ";received=10.0.3.2;rport=5060\r\n";
	char out[8192];

	sg_config_defaults(&c);
	c.reflect_pps = 1;
	c.reflect_burst = 2;
	c.ban_ttl = 900;
	g = fx_sg(&c);
	/* the UE's own Via, or rport, or TCP: nothing to do */
	CHECK_EQ(run(g, &from_ue, &(struct fx){ .method = "OPTIONS" }),
		 SG_R_OK);
	CHECK_EQ(fx_v.action, SG_ACCEPT);
	CHECK_EQ(run(g, &from_atk, &(struct fx){ .method = "OPTIONS",
		 .via = "SIP/2.0/UDP 192.0.2.99:5060;rport;branch=z9hG4bKr" }),
		 SG_R_OK);
	CHECK_EQ(run(g, &(struct where){ ATK, 5060, CORE, 5060,
		 SG_SIDE_UNTRUSTED, true, 0, IPPROTO_TCP }, &refl), SG_R_OK);
	/* a third party's address: answered to the source instead */
	CHECK_EQ(run(g, &from_atk, &refl), SG_R_VIA_REFLECT);
	CHECK_EQ(fx_v.action, SG_ACCEPT_MODIFIED);
	CHECK(fx_v.payload && fx_v.payload_len ==
	      fx_len - strlen("192.0.2.99:5060") + strlen("10.0.3.2:5060") +
	      strlen(";received=10.0.3.2;rport=5060"));
	if (fx_v.payload && fx_v.payload_len < sizeof(out)) {
		memcpy(out, fx_v.payload, fx_v.payload_len);
		out[fx_v.payload_len] = 0;
		CHECK(strstr(out, want));
		CHECK(strstr(out, "Max-Forwards: 70\r\n"));
	}
	CHECK_EQ(run(g, &from_atk, &refl), SG_R_VIA_REFLECT);
	CHECK_EQ(fx_v.n_kops, 0);
	/* over the bucket: dropped, the source banned */
	CHECK_DROP(run(g, &from_atk, &refl), SG_R_VIA_REFLECT_RATE);
	CHECK_EQ(fx_v.n_kops, 1);
	CHECK_EQ(fx_v.kops[0].type, SG_KOP_BAN);
	CHECK(!memcmp(fx_v.kops[0].addr, "\x0a\x00\x03\x02", 4));
	CHECK_EQ(fx_v.kops[0].ttl, 900);
	CHECK_STR(fx_v.kops[0].reason, "via_reflect_rate");
	/* dropped again, but the ban is asked for once, not per packet */
	CHECK_DROP(run(g, &from_atk, &refl), SG_R_VIA_REFLECT_RATE);
	CHECK_EQ(fx_v.n_kops, 0);
	/* another source has its own bucket */
	CHECK_EQ(run(g, &from_ue2, &refl), SG_R_VIA_REFLECT);
	/* a second later one more passes */
	fx_now += 1000;
	CHECK_EQ(run(g, &from_atk, &refl), SG_R_VIA_REFLECT);
	/* a bogus received: rport added, the core fills both (RFC 3581) */
	CHECK_EQ(run(g, &from_ue2, &(struct fx){ .method = "OPTIONS",
		 .via = "SIP/2.0/UDP 192.0.2.99;received=192.0.2.99;branch=z9hG4bKq" }),
		 SG_R_VIA_REFLECT);
	CHECK(strstr(fx_v.detail, "sent_by="));
	CHECK(!strstr(fx_v.detail, "sent_by=192.0.2.99"));
	via_rewrite_parses(g);
	/* a refused request is not rewritten: the drop reason wins */
	setup_call(g, &from_ue);
	CHECK_DROP(run(g, &from_ue2, &(struct fx){ .method = "BYE",
		   .cseq = 2, .ttag = "btag", .via = refl.via }),
		   SG_R_BYE_SPOOF);
	CHECK(!fx_v.payload);
	sg_free(g);
}

static void reg_ok(struct sg *g)
{
	const char *v = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKreg1";

	CHECK_EQ(run(g, &from_ue, &(struct fx){ .method = "REGISTER",
		 .ruri = "sip:ims.test", .to = "alice", .cid = "reg-a",
		 .via = v, .contact = "<sip:alice@10.0.1.2:5060>",
		 .extra = "Authorization: Digest username=\"alice\"" }),
		 SG_R_LEARNED);
	CHECK_EQ(run(g, &core_to_ue, &(struct fx){ .status = 200,
		 .to = "alice", .ttag = "r", .cid = "reg-a", .via = v,
		 .cmethod = "REGISTER",
		 .contact = "<sip:alice@10.0.1.2:5060>;expires=3600" }),
		 SG_R_LEARNED);
}

/* 7: registration hijack (4.3a) */
static void reg_hijack(void)
{
	struct sg *g = fx_sg(NULL);
	struct fx h = { .method = "REGISTER", .ruri = "sip:ims.test",
		.to = "alice", .cid = "hijack", .contact = "<sip:alice@10.0.3.2>" };
	struct sg_stats s;

	reg_ok(g);
	CHECK_DROP(run(g, &from_atk, &h), SG_R_REG_HIJACK);
	CHECK(strstr(fx_v.detail, "adds contact=sip:alice@10.0.3.2, bound from 10.0.1.2:5060"));
	CHECK_EQ(fx_v.n_kops, 0);
	h.contact = "*";
	h.extra = "Expires: 0";
	CHECK_DROP(run(g, &from_atk, &h), SG_R_REG_HIJACK);
	CHECK(strstr(fx_v.detail, "Contact: * removes bindings"));
	h.contact = "<sip:alice@10.0.1.2:5060>;expires=0";
	h.extra = NULL;
	CHECK_DROP(run(g, &from_atk, &h), SG_R_REG_HIJACK);
	CHECK(strstr(fx_v.detail, "removes contact=sip:alice@10.0.1.2:5060"));
	CHECK(strstr(fx_v.detail, "attempt=3"));
	/* the third attempt bans (hijack_ban_after = 3) */
	CHECK_EQ(fx_v.n_kops, 1);
	CHECK_EQ(fx_v.kops[0].type, SG_KOP_BAN);
	CHECK_EQ(fx_v.kops[0].ttl, 600);
	CHECK_STR(fx_v.kops[0].reason, "reg_hijack");
	CHECK(!memcmp(fx_v.kops[0].addr, "\x0a\x00\x03\x02", 4));
	/* nothing was learned from the refused ones */
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .to = "alice", .ttag = "r", .cid = "hijack",
		   .cmethod = "REGISTER",
		   .via = "SIP/2.0/UDP 10.0.3.2:5060;branch=z9hG4bKinv1" }));
	CHECK_STR(fx_v.detail, "unknown transaction");
	/* a query changes nothing; credentials go to the core */
	h.contact = NULL;
	CHECK_PASS(run(g, &from_atk, &h));
	h.contact = "<sip:alice@10.0.3.2>";
	h.extra = "Authorization: Digest username=\"alice\", response=\"x\"";
	CHECK_PASS(run(g, &from_atk, &h));
	/* another AOR from that source: not someone else's */
	CHECK_PASS(run(g, &from_atk, &(struct fx){ .method = "REGISTER",
		   .ruri = "sip:ims.test", .from = "mallory", .to = "mallory",
		   .cid = "own", .contact = "<sip:mallory@10.0.3.2>" }));
	/* the owner refreshes without credentials */
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "REGISTER",
		   .ruri = "sip:ims.test", .to = "alice", .cid = "reg-a",
		   .cseq = 2, .contact = "<sip:alice@10.0.1.2:5060>" }));
	CHECK_EQ(fx_count(g, SG_R_REG_HIJACK), 3);
	sg_stats(g, &s);
	CHECK_EQ(s.registrations, 1);
	sg_free(g);
}

/* 8: unsecured SIP from the Internet (5.2.2): 494 */
static void insecure(void)
{
	struct sg_config c;
	struct sg *g = fx_sg(NULL);
	const struct where plain = { UE, 5060, CORE, 5060, SG_SIDE_UNTRUSTED,
				     false, 0, 0 };
	const struct fx reg = { .method = "REGISTER", .ruri = "sip:ims.test",
		.to = "alice", .contact = "<sip:alice@10.0.1.2>" };
	struct sg_stats s;

	CHECK_DROP(run(g, &plain, &reg), SG_R_INSECURE);
	CHECK_EQ(fx_v.action, SG_REPLY);
	CHECK_EQ(fx_v.reply_status, 494);
	CHECK_EQ(fx_v.reply_len, strlen(fx_v.reply));
	CHECK(!strncmp(fx_v.reply, "SIP/2.0 494 Security Agreement Required\r\n",
		       41));
	CHECK(strstr(fx_v.reply,
		     "\r\nSecurity-Server: tls;q=0.2, ipsec-3gpp;q=0.1\r\n"));
	CHECK(strstr(fx_v.reply, "Call-ID: call1@ue\r\n"));
	CHECK(strstr(fx_v.reply, "CSeq: 1 REGISTER\r\n"));
	CHECK(strstr(fx_v.reply, "branch=z9hG4bKinv1"));
	/* not learned: the core's answer to it finds no transaction */
	sg_stats(g, &s);
	CHECK_EQ(s.transactions, 0);
	/* never answer an ACK */
	CHECK_DROP(run(g, &plain, &(struct fx){ .method = "ACK",
		   .ttag = "x" }), SG_R_INSECURE);
	CHECK_EQ(fx_v.action, SG_DROP);
	CHECK_EQ(fx_v.reply_len, 0);
	/* responses in clear pass (the core chose to send in clear) */
	CHECK_PASS(run(g, &plain, &(struct fx){ .status = 200, .ttag = "x" }));
	/* through IPsec: fine */
	CHECK_EQ(run(g, &from_ue, &reg), SG_R_LEARNED);
	/* a za peer is not "the Internet" */
	CHECK_PASS(run(g, &(struct where){ "192.0.2.9", 5060, CORE, 5060,
		   SG_SIDE_ZA, false, 0, 0 }, &(struct fx){ .method = "INVITE",
		   .via = "SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKz" }));
	sg_free(g);

	sg_config_defaults(&c);
	c.answer_insecure = false;
	g = fx_sg(&c);
	CHECK_DROP(run(g, &plain, &reg), SG_R_INSECURE);
	CHECK_EQ(fx_v.action, SG_DROP);
	CHECK_EQ(fx_v.reply_len, 0);
	sg_free(g);
	c.require_secure = false;
	g = fx_sg(&c);
	CHECK_EQ(run(g, &plain, &reg), SG_R_LEARNED);
	sg_free(g);
}

/* 9: TLS on all hops (5.2.2-5.2.3): 403 */
static void tls_hops(void)
{
	struct sg_config c;
	struct sg *g = fx_sg(NULL);
	const char *two_udp = "SIP/2.0/UDP 10.0.1.2;branch=z9hG4bK1, "
			      "SIP/2.0/UDP 10.9.9.9;branch=z9hG4bK0";
	const char *two_tls = "SIP/2.0/UDP 10.0.1.2;branch=z9hG4bK1, "
			      "SIP/2.0/TLS 10.9.9.9;branch=z9hG4bK0";
	const struct where za = { "192.0.2.9", 5060, CORE, 5060, SG_SIDE_ZA,
				  true, 0, 0 };

	/* protected path (IPsec UE side): every hop below must be TLS */
	CHECK_DROP(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		   .via = two_udp }), SG_R_TLS_HOPS);
	CHECK_EQ(fx_v.action, SG_REPLY);
	CHECK_EQ(fx_v.reply_status, 403);
	CHECK(strstr(fx_v.reply, "\r\nWarning: 399 imsseg \"every hop must be TLS\"\r\n"));
	CHECK(strstr(fx_v.detail, "protected: hop=1 via=UDP/10.9.9.9"));
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		   .via = two_tls }));
	/* sips: from a za peer */
	CHECK_DROP(run(g, &za, &(struct fx){ .method = "INVITE",
		   .ruri = "sips:bob@ims.test", .cid = "z1",
		   .via = "SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK1, SIP/2.0/UDP 10.9.9.9;branch=z9hG4bK0" }),
		   SG_R_TLS_HOPS);
	CHECK_PASS(run(g, &za, &(struct fx){ .method = "INVITE",
		   .ruri = "sips:bob@ims.test", .cid = "z2",
		   .via = "SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK1, SIP/2.0/TLS 10.9.9.9;branch=z9hG4bK0" }));
	/* sip: from a za peer: its inner hops are its own network's */
	CHECK_PASS(run(g, &za, &(struct fx){ .method = "INVITE",
		   .cid = "z3",
		   .via = "SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK1, SIP/2.0/UDP 10.9.9.9;branch=z9hG4bK0" }));
	/* an ACK gets no answer */
	CHECK_DROP(run(g, &from_ue, &(struct fx){ .method = "ACK",
		   .ttag = "x", .via = two_udp }), SG_R_TLS_HOPS);
	CHECK_EQ(fx_v.action, SG_DROP);
	CHECK_EQ(fx_count(g, SG_R_TLS_HOPS), 3);
	sg_free(g);

	sg_config_defaults(&c);
	c.tls_hops = false;
	g = fx_sg(&c);
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		   .via = two_udp }));
	sg_free(g);
}

/* 10: what sofia-sip refuses, and what it takes but RFC 4475 does not */
static void parse_lint(void)
{
	struct sg *g = fx_sg(NULL);
	struct sg_pkt p;
	static const char garbage[] = "HELLO\r\n\r\n";
	static const char badvers[] =
		"OPTIONS sip:t.watson@example.org SIP/7.0\r\n"
		"Via: SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw\r\n"
		"Max-Forwards: 70\r\n"
		"From: A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe\r\n"
		"To: T. Watson <sip:t.watson@example.org>\r\n"
		"Call-ID: badvers01.98asdh@192.0.2.1\r\n"
		"CSeq: 8 OPTIONS\r\n"
		"l: 0\r\n\r\n";
	static const char nocallid[] =
		"OPTIONS sip:bob@ims.test SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 10.0.1.2;branch=z9hG4bK1\r\n"
		"From: <sip:a@ims.test>;tag=1\r\nTo: <sip:bob@ims.test>\r\n"
		"CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

	fx_pkt(&p, &from_ue);
	sg_process(g, &p, (const uint8_t *)garbage, strlen(garbage), &fx_v);
	CHECK_EQ(fx_v.action, SG_DROP);
	CHECK_EQ(fx_v.reason, SG_R_PARSE);
	CHECK(fx_v.detail[0]);
	sg_process(g, &p, (const uint8_t *)badvers, strlen(badvers), &fx_v);
	CHECK_EQ(fx_v.action, SG_DROP);
	CHECK_STR(sg_reason_name(fx_v.reason), "lint");
	CHECK_STR(fx_v.detail, "lint: SIP version is not 2.0");
	sg_process(g, &p, (const uint8_t *)nocallid, strlen(nocallid), &fx_v);
	CHECK_EQ(fx_v.action, SG_DROP);
	CHECK_EQ(fx_v.reason, SG_R_PARSE);
	/* the trusted side is never dropped */
	fx_pkt(&p, &core_to_ue);
	sg_process(g, &p, (const uint8_t *)badvers, strlen(badvers), &fx_v);
	CHECK_EQ(fx_v.action, SG_ACCEPT);
	CHECK_EQ(fx_v.reason, SG_R_OK);
	CHECK_EQ(fx_count(g, SG_R_PARSE), 2);
	CHECK_EQ(fx_count(g, SG_R_LINT), 1);
	/* and a good one from the same source passes */
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "OPTIONS" }));
	sg_free(g);
}

/* #6: tunnel 7 owns 10.9.0.0/24, tunnel 8 owns 10.8.0.0/24 */
static uint32_t tunnel_of(void *arg, uint8_t family, const void *addr)
{
	const uint8_t *a = addr;

	(void)arg;
	if (family != IMSSEG_FAMILY_V4 || a[0] != 10 || a[2] != 0)
		return 0;
	return a[1] == 9 ? 7 : a[1] == 8 ? 8 : 0;
}

static void tunnel_binding(void)
{
	struct sg_config c;
	struct sg *g;
	const struct where t7 = { "10.9.0.2", 5060, CORE, 5060,
				  SG_SIDE_UNTRUSTED, true, 7, 0 };
	const struct where t8 = { "10.8.0.5", 5060, CORE, 5060,
				  SG_SIDE_UNTRUSTED, true, 8, 0 };
	const struct where t8_claims_7 = { "10.9.0.2", 5060, CORE, 5060,
					   SG_SIDE_UNTRUSTED, true, 8, 0 };
	const struct where out = { "10.9.0.2", 5060, CORE, 5060,
				   SG_SIDE_UNTRUSTED, false, 0, 0 };
	const char *v = "SIP/2.0/UDP 10.9.0.2:5060;branch=z9hG4bKt";
	struct fx reg = { .method = "REGISTER", .ruri = "sip:ims.test",
		.to = "alice", .cid = "reg-t", .via = v,
		.extra = "Authorization: Digest username=\"alice\"" };

	sg_config_defaults(&c);
	c.require_secure = false;
	g = sg_new(&c, tunnel_of, NULL);
	/* contacts outside the tunnel's inner addresses */
	reg.contact = "<sip:alice@10.8.0.5>";
	CHECK_DROP(run(g, &t7, &reg), SG_R_TUNNEL_BINDING);
	CHECK(strstr(fx_v.detail, "tunnel=7 contact=10.8.0.5"));
	reg.contact = "<sip:alice@ue.example.net>";
	CHECK_DROP(run(g, &t7, &reg), SG_R_TUNNEL_BINDING);
	reg.contact = "<sip:alice@10.9.0.2>, <sip:alice@10.0.3.2>";
	CHECK_DROP(run(g, &t7, &reg), SG_R_TUNNEL_BINDING);
	/* inside: bound */
	reg.contact = "<sip:alice@10.9.0.2>";
	CHECK_EQ(run(g, &t7, &reg), SG_R_LEARNED);
	CHECK_EQ(run(g, &core_to_ue, &(struct fx){ .status = 200,
		 .to = "alice", .ttag = "r", .cid = "reg-t", .via = v,
		 .cmethod = "REGISTER",
		 .contact = "<sip:alice@10.9.0.2>;expires=600" }),
		 SG_R_LEARNED);
	/* the same AOR from outside the tunnel, even with credentials */
	reg.cid = "reg-x";
	reg.contact = "<sip:alice@10.8.0.5>";
	CHECK_DROP(run(g, &t8, &reg), SG_R_TUNNEL_BINDING);
	CHECK(strstr(fx_v.detail, "aor=sip:alice@ims.test bound through tunnel=7"));
	reg.contact = "<sip:alice@10.9.0.2>";
	CHECK_DROP(run(g, &out, &reg), SG_R_TUNNEL_BINDING);
	/* a refresh through the tunnel */
	reg.cid = "reg-t";
	reg.cseq = 2;
	CHECK_PASS(run(g, &t7, &reg));

	/* a dialog set up through tunnel 7 */
	CHECK_PASS(run(g, &t7, &(struct fx){ .method = "INVITE", .via = v,
		   .conn = "10.9.0.2" }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .ttag = "btag", .via = v, .conn = CORE }));
	CHECK_DROP(run(g, &out, &(struct fx){ .method = "BYE", .cseq = 2,
		   .ttag = "btag", .via = v }), SG_R_TUNNEL_BINDING);
	CHECK_DROP(run(g, &t8_claims_7, &(struct fx){ .method = "BYE",
		   .cseq = 2, .ttag = "btag", .via = v }),
		   SG_R_TUNNEL_BINDING);
	CHECK_EQ(dialogs(g), 1);
	CHECK_EQ(run(g, &t7, &(struct fx){ .method = "BYE", .cseq = 2,
		 .ttag = "btag", .via = v }), SG_R_LEARNED);
	CHECK_EQ(dialogs(g), 0);

	/* the core calls a UE inside tunnel 7: it answers through it */
	CHECK_PASS(run(g, &(struct where){ CORE, 5060, "10.9.0.2", 5060,
		   SG_SIDE_TRUSTED, false, 0, 0 }, &(struct fx){
		   .method = "INVITE", .cid = "in7", .from = "carol",
		   .to = "alice", .ruri = "sip:alice@10.9.0.2",
		   .via = "SIP/2.0/UDP 10.0.2.2;branch=z9hG4bKi7" }));
	CHECK_DROP(run(g, &out, &(struct fx){ .status = 200, .cid = "in7",
		   .from = "carol", .to = "alice", .ttag = "u",
		   .via = "SIP/2.0/UDP 10.0.2.2;branch=z9hG4bKi7" }),
		   SG_R_TUNNEL_BINDING);
	CHECK_PASS(run(g, &t7, &(struct fx){ .status = 200, .cid = "in7",
		   .from = "carol", .to = "alice", .ttag = "u",
		   .via = "SIP/2.0/UDP 10.0.2.2;branch=z9hG4bKi7" }));
	CHECK_EQ(fx_count(g, SG_R_TUNNEL_BINDING), 8);
	sg_free(g);
}

int main(void)
{
	UNIT_RUN(bye_spoof);
	UNIT_RUN(cancel_spoof);
	UNIT_RUN(indialog_media);
	UNIT_RUN(response_spoof);
	UNIT_RUN(redirect);
	UNIT_RUN(use_proxy);
	UNIT_RUN(via_reflection);
	UNIT_RUN(via_rewrite_too_long);
	UNIT_RUN(reg_hijack);
	UNIT_RUN(insecure);
	UNIT_RUN(tls_hops);
	UNIT_RUN(parse_lint);
	UNIT_RUN(tunnel_binding);
	return unit_done();
}
