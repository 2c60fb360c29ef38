// SPDX-License-Identifier: GPL-2.0
/*
 * The SIP brain must not get in the way of normal RFC 3261 flows: a
 * call in each direction, retransmissions, forking, PRACK, re-INVITE
 * from the real party, NAT with rport, CANCEL retransmission, a BYE
 * racing the 200 OK, unknown dialogs after a restart, a call between
 * two Internet UEs through the core, and IMS registration. Every step
 * is accepted, and what must be learned is learned.
 */
#include "sg_fixture.h"

static struct sg_stats st(struct sg *g)
{
	struct sg_stats s;

	sg_stats(g, &s);
	return s;
}

static uint64_t drops(struct sg *g)
{
	struct sg_stats s = st(g);
	uint64_t n = 0;
	int r;

	for (r = 0; r < SG_R_COUNT; r++)
		if (r != SG_R_OK && r != SG_R_LEARNED && r != SG_R_VIA_REFLECT)
			n += s.reason[r];
	return n;
}

/* alice (UE) calls bob through the core, up to the ACK. */
static void setup_call(struct sg *g)
{
	CHECK_EQ(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		 .contact = "<sip:alice@10.0.1.2>", .conn = UE,
		 .port = 20000 }), SG_R_LEARNED);
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 100 }));
	CHECK_EQ(run(g, &core_to_ue, &(struct fx){ .status = 180,
		 .ttag = "btag" }), SG_R_LEARNED);
	CHECK_EQ(run(g, &core_to_ue, &(struct fx){ .status = 200,
		 .ttag = "btag", .contact = "<sip:bob@10.0.2.2>",
		 .conn = CORE, .port = 30000 }), SG_R_LEARNED);
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "ACK",
		   .ttag = "btag",
		   .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKack1" }));
}

static void call_from_ue(void)
{
	struct sg *g = fx_sg(NULL);

	setup_call(g);
	CHECK_EQ(st(g).dialogs, 1);
	CHECK_EQ(run(g, &from_ue, &(struct fx){ .method = "BYE", .cseq = 2,
		 .ttag = "btag",
		 .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKbye1" }),
		 SG_R_LEARNED);
	CHECK(strstr(fx_v.detail, "dialog ended"));
	CHECK_EQ(fx_v.n_kops, 0);
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .ttag = "btag", .cseq = 2, .cmethod = "BYE",
		   .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKbye1" }));
	CHECK_EQ(st(g).dialogs, 0);
	CHECK_EQ(drops(g), 0);
	sg_free(g);
}

/* The core calls the UE: the UE is the callee, it hangs up. */
static void call_to_ue(void)
{
	struct sg *g = fx_sg(NULL);
	const char *v = "SIP/2.0/UDP 10.0.2.2:5060;branch=z9hG4bKc1";

	CHECK_EQ(run(g, &core_to_ue, &(struct fx){ .method = "INVITE",
		 .ruri = "sip:alice@10.0.1.2", .from = "carol", .ftag = "ctag",
		 .to = "alice", .via = v, .conn = CORE }), SG_R_LEARNED);
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .status = 180,
		   .from = "carol", .ftag = "ctag", .to = "alice",
		   .ttag = "utag", .via = v }));
	CHECK_EQ(run(g, &from_ue, &(struct fx){ .status = 200,
		 .from = "carol", .ftag = "ctag", .to = "alice",
		 .ttag = "utag", .via = v, .conn = UE }), SG_R_LEARNED);
	CHECK(strstr(fx_v.detail, "confirmed"));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .method = "ACK",
		   .from = "carol", .ftag = "ctag", .to = "alice",
		   .ttag = "utag",
		   .via = "SIP/2.0/UDP 10.0.2.2:5060;branch=z9hG4bKc2" }));
	/* the callee's BYE: From is the callee, CSeq space of its own */
	CHECK_EQ(run(g, &from_ue, &(struct fx){ .method = "BYE",
		 .ruri = "sip:carol@10.0.2.2", .from = "alice", .ftag = "utag",
		 .to = "carol", .ttag = "ctag", .cseq = 1 }), SG_R_LEARNED);
	CHECK_EQ(st(g).dialogs, 0);
	CHECK_EQ(drops(g), 0);
	sg_free(g);
}

static void retransmissions(void)
{
	struct sg *g = fx_sg(NULL);
	const struct fx inv = { .method = "INVITE", .conn = UE };
	const struct fx bye = { .method = "BYE", .cseq = 2, .ttag = "btag",
		.via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKbye1" };

	CHECK_EQ(run(g, &from_ue, &inv), SG_R_LEARNED);
	CHECK_EQ(run(g, &from_ue, &inv), SG_R_OK);
	CHECK(strstr(fx_v.detail, "retransmission"));
	CHECK_EQ(st(g).transactions, 1);
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .ttag = "btag", .conn = CORE }));
	/* 2xx retransmitted by the core, ACK twice */
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .ttag = "btag", .conn = CORE }));
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "ACK",
		   .ttag = "btag" }));
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "ACK",
		   .ttag = "btag" }));
	CHECK_EQ(st(g).dialogs, 1);
	CHECK_PASS(run(g, &from_ue, &bye));
	CHECK_PASS(run(g, &from_ue, &bye));
	/* a late 2xx retransmission does not bring the dialog back */
	CHECK_EQ(run(g, &core_to_ue, &(struct fx){ .status = 200,
		 .ttag = "btag", .conn = CORE }), SG_R_OK);
	CHECK_EQ(st(g).dialogs, 0);
	CHECK_EQ(drops(g), 0);
	sg_free(g);
}

static void forking(void)
{
	struct sg *g = fx_sg(NULL);

	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		   .conn = UE }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 180,
		   .ttag = "fork1" }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 180,
		   .ttag = "fork2" }));
	CHECK_EQ(st(g).dialogs, 2);
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .ttag = "fork1", .conn = CORE }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .ttag = "fork2", .conn = CORE, .port = 30002 }));
	CHECK_EQ(st(g).dialogs, 2);
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "ACK",
		   .ttag = "fork1" }));
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "ACK",
		   .ttag = "fork2" }));
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "BYE",
		   .cseq = 2, .ttag = "fork2",
		   .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKb2" }));
	CHECK_EQ(st(g).dialogs, 1);
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "BYE",
		   .cseq = 2, .ttag = "fork1",
		   .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKb1" }));
	CHECK_EQ(st(g).dialogs, 0);
	CHECK_EQ(drops(g), 0);
	sg_free(g);
}

static void prack(void)
{
	struct sg *g = fx_sg(NULL);

	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		   .extra = "Supported: 100rel", .conn = UE }));
	CHECK_EQ(run(g, &core_to_ue, &(struct fx){ .status = 183,
		 .ttag = "btag", .extra = "Require: 100rel\r\nRSeq: 1",
		 .conn = CORE }), SG_R_LEARNED);
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "PRACK",
		   .cseq = 2, .ttag = "btag", .extra = "RAck: 1 1 INVITE",
		   .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKpr" }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .ttag = "btag", .cseq = 2, .cmethod = "PRACK",
		   .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKpr" }));
	/* UPDATE in the early dialog from the caller */
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "UPDATE",
		   .cseq = 3, .ttag = "btag", .conn = UE, .port = 20002,
		   .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKup" }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .ttag = "btag", .conn = CORE }));
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "ACK",
		   .ttag = "btag" }));
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "BYE",
		   .cseq = 4, .ttag = "btag",
		   .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKby" }));
	CHECK_EQ(drops(g), 0);
	sg_free(g);
}

static void reinvite_real_party(void)
{
	struct sg *g = fx_sg(NULL);
	const char *v = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKre1";

	setup_call(g);
	CHECK_EQ(run(g, &from_ue, &(struct fx){ .method = "INVITE", .cseq = 2,
		 .ttag = "btag", .via = v, .conn = UE, .port = 20010 }),
		 SG_R_LEARNED);
	CHECK(strstr(fx_v.detail,
		     "media_change=caller before=\"10.0.1.2 20000\" after=\"10.0.1.2 20010\""));
	/* a retransmission of the re-INVITE */
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		   .cseq = 2, .ttag = "btag", .via = v, .conn = UE,
		   .port = 20010 }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .cseq = 2, .ttag = "btag", .via = v, .conn = CORE,
		   .port = 30000 }));
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "ACK",
		   .cseq = 2, .ttag = "btag" }));
	/* the far end's re-INVITE through the core (trusted: learned) */
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .method = "INVITE",
		   .ruri = "sip:alice@10.0.1.2", .from = "bob", .ftag = "btag",
		   .to = "alice", .ttag = "atag", .cseq = 7, .conn = CORE,
		   .port = 30004,
		   .via = "SIP/2.0/UDP 10.0.2.2:5060;branch=z9hG4bKcr" }));
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .status = 200,
		   .from = "bob", .ftag = "btag", .to = "alice",
		   .ttag = "atag", .cseq = 7, .conn = UE, .port = 20010,
		   .via = "SIP/2.0/UDP 10.0.2.2:5060;branch=z9hG4bKcr" }));
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "BYE", .cseq = 3,
		   .ttag = "btag",
		   .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKby" }));
	CHECK_EQ(drops(g), 0);
	sg_free(g);
}

/* A plain UA behind a NAT: seen at its public address and port. */
static void nat_rport(void)
{
	struct sg_config c;
	struct sg *g;
	const struct where nat = { "198.51.100.7", 40000, CORE, 5060,
				   SG_SIDE_UNTRUSTED, false, 0, 0 };
	const char *via = "SIP/2.0/UDP 192.168.1.10:5060;rport;branch=z9hG4bKn1";

	sg_config_defaults(&c);
	c.require_secure = false;
	g = fx_sg(&c);
	CHECK_EQ(run(g, &nat, &(struct fx){ .method = "INVITE", .via = via,
		 .contact = "<sip:alice@192.168.1.10>", .conn = "192.168.1.10" }),
		 SG_R_LEARNED);
	CHECK_EQ(fx_v.action, SG_ACCEPT);
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .ttag = "btag", .via = via, .conn = CORE }));
	CHECK_PASS(run(g, &nat, &(struct fx){ .method = "ACK",
		   .ttag = "btag", .via = via }));
	CHECK_PASS(run(g, &nat, &(struct fx){ .method = "BYE", .cseq = 2,
		   .ttag = "btag", .via = via }));
	CHECK_EQ(drops(g), 0);
	sg_free(g);
}

static void cancel_retransmission(void)
{
	struct sg *g = fx_sg(NULL);
	const struct fx cancel = { .method = "CANCEL" };

	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		   .conn = UE }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 180,
		   .ttag = "btag" }));
	CHECK_EQ(run(g, &from_ue, &cancel), SG_R_OK);
	CHECK(strstr(fx_v.detail, "cancel matches the INVITE"));
	CHECK_EQ(run(g, &from_ue, &cancel), SG_R_OK);
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .cmethod = "CANCEL" }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 487,
		   .ttag = "btag" }));
	CHECK_EQ(st(g).dialogs, 0);
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "ACK",
		   .ttag = "btag" }));
	CHECK_EQ(drops(g), 0);
	sg_free(g);
}

static void bye_races_200(void)
{
	struct sg *g = fx_sg(NULL);
	const char *v = "SIP/2.0/UDP 10.0.2.2:5060;branch=z9hG4bKc1";

	/* the callee's BYE right after its 200, before the ACK */
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .method = "INVITE",
		   .ruri = "sip:alice@10.0.1.2", .from = "carol",
		   .ftag = "ctag", .to = "alice", .via = v, .conn = CORE }));
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .status = 200,
		   .from = "carol", .ftag = "ctag", .to = "alice",
		   .ttag = "utag", .via = v, .conn = UE }));
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "BYE",
		   .ruri = "sip:carol@10.0.2.2", .from = "alice",
		   .ftag = "utag", .to = "carol", .ttag = "ctag" }));
	/* the caller's BYE on an early dialog (RFC 3261 15) */
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		   .cid = "call2@ue", .conn = UE }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 180,
		   .cid = "call2@ue", .ttag = "btag" }));
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "BYE",
		   .cid = "call2@ue", .cseq = 2, .ttag = "btag" }));
	/* the caller's BYE before the 200 was seen at all */
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		   .cid = "call3@ue", .conn = UE }));
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "BYE",
		   .cid = "call3@ue", .cseq = 2, .ttag = "btag" }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .cid = "call3@ue", .ttag = "btag", .conn = CORE }));
	CHECK_EQ(drops(g), 0);
	sg_free(g);
}

/* After a restart nothing is known: in-dialog requests pass. */
static void unknown_dialog(void)
{
	struct sg *g = fx_sg(NULL);

	CHECK_EQ(run(g, &from_atk, &(struct fx){ .method = "BYE", .cseq = 9,
		 .ttag = "btag" }), SG_R_OK);
	CHECK_STR(fx_v.detail, "unknown dialog");
	CHECK_EQ(fx_v.action, SG_ACCEPT);
	CHECK_EQ(run(g, &from_ue, &(struct fx){ .method = "INFO", .cseq = 9,
		 .ttag = "btag" }), SG_R_OK);
	CHECK_EQ(run(g, &from_ue, &(struct fx){ .method = "CANCEL",
		 .cid = "never@seen" }), SG_R_OK);
	CHECK_EQ(run(g, &from_ue, &(struct fx){ .status = 200,
		 .cid = "never@seen", .ttag = "x" }), SG_R_OK);
	CHECK_EQ(drops(g), 0);
	sg_free(g);
}

/*
 * alice (UE) calls bob (UE2) through the core: the gateway sees the
 * INVITE twice (UE -> core, core -> UE2) with one Call-ID and one pair
 * of tags. Each side's BYE is checked against that side's UE.
 */
static void two_ues_through_core(void)
{
	struct sg *g = fx_sg(NULL);
	const char *va = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKa";
	const char *vc = "SIP/2.0/UDP 10.0.2.2:5060;branch=z9hG4bKcore, "
			 "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKa";

	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		   .via = va, .conn = UE }));
	CHECK_PASS(run(g, &core_to_ue2, &(struct fx){ .method = "INVITE",
		   .ruri = "sip:bob@10.0.1.3", .via = vc, .conn = UE }));
	CHECK_PASS(run(g, &from_ue2, &(struct fx){ .status = 180,
		   .ttag = "btag", .via = vc }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 180,
		   .ttag = "btag", .via = va }));
	CHECK_PASS(run(g, &from_ue2, &(struct fx){ .status = 200,
		   .ttag = "btag", .via = vc, .conn = UE2 }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .ttag = "btag", .via = va, .conn = UE2 }));
	CHECK_EQ(st(g).dialogs, 1);
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "ACK",
		   .ttag = "btag", .via = va }));
	/* bob's re-INVITE from UE2 is bob's; alice's UE may not send it */
	CHECK_DROP(run(g, &from_ue, &(struct fx){ .method = "INFO",
		   .from = "bob", .ftag = "btag", .to = "alice",
		   .ttag = "atag" }), SG_R_INDIALOG_SPOOF);
	CHECK_PASS(run(g, &from_ue2, &(struct fx){ .method = "INFO",
		   .from = "bob", .ftag = "btag", .to = "alice",
		   .ttag = "atag" }));
	CHECK_PASS(run(g, &from_ue2, &(struct fx){ .method = "BYE",
		   .cseq = 2, .from = "bob", .ftag = "btag", .to = "alice",
		   .ttag = "atag" }));
	CHECK_EQ(st(g).dialogs, 0);
	sg_free(g);
}

/*
 * IMS registration (TS 24.229): REGISTER, 401, REGISTER with
 * credentials, 200 OK; refresh; de-registration.
 */
static void registration(void)
{
	struct sg *g = fx_sg(NULL);
	const struct fx reg = { .method = "REGISTER", .ruri = "sip:ims.test",
		.to = "alice", .contact = "<sip:alice@10.0.1.2:5060>",
		.extra = "Expires: 600" };
	struct fx r2 = reg;

	CHECK_EQ(run(g, &from_ue, &reg), SG_R_LEARNED);
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 401,
		   .to = "alice", .ttag = "r1", .cmethod = "REGISTER" }));
	CHECK_EQ(st(g).registrations, 0);
	r2.cseq = 2;
	r2.via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKreg2";
	r2.extra = "Expires: 600\r\nAuthorization: Digest username=\"alice\", "
		   "realm=\"ims.test\", nonce=\"n\", uri=\"sip:ims.test\", "
		   "response=\"00\"";
	CHECK_EQ(run(g, &from_ue, &r2), SG_R_LEARNED);
	CHECK_EQ(run(g, &core_to_ue, &(struct fx){ .status = 200,
		 .to = "alice", .ttag = "r2", .cseq = 2, .cmethod = "REGISTER",
		 .via = r2.via,
		 .contact = "<sip:alice@10.0.1.2:5060>;expires=600" }),
		 SG_R_LEARNED);
	CHECK_EQ(st(g).registrations, 1);
	CHECK_EQ(fx_v.n_kops, 1);
	CHECK_EQ(fx_v.kops[0].type, SG_KOP_TRUST);
	CHECK_EQ(fx_v.kops[0].family, IMSSEG_FAMILY_V4);
	CHECK(!memcmp(fx_v.kops[0].addr, "\x0a\x00\x01\x02", 4));
	CHECK_EQ(fx_v.kops[0].ttl, 600);
	/* refresh from the same UE (no credentials: same source) */
	r2.cseq = 3;
	r2.extra = "Expires: 600";
	r2.via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKreg3";
	CHECK_PASS(run(g, &from_ue, &r2));
	/* another UE registers its own AOR */
	CHECK_PASS(run(g, &from_ue2, &(struct fx){ .method = "REGISTER",
		   .ruri = "sip:ims.test", .from = "bob", .to = "bob",
		   .contact = "<sip:bob@10.0.1.3>", .cid = "reg-bob" }));
	/* de-registration with credentials: 200 with no Contact */
	r2.cseq = 4;
	r2.via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKreg4";
	r2.contact = "*";
	r2.extra = "Expires: 0\r\nAuthorization: Digest username=\"alice\"";
	CHECK_PASS(run(g, &from_ue, &r2));
	CHECK_EQ(run(g, &core_to_ue, &(struct fx){ .status = 200,
		 .to = "alice", .ttag = "r4", .cseq = 4, .cmethod = "REGISTER",
		 .via = r2.via }), SG_R_LEARNED);
	CHECK_EQ(st(g).registrations, 0);
	CHECK_EQ(fx_v.n_kops, 1);
	CHECK_EQ(fx_v.kops[0].type, SG_KOP_UNTRUST);
	CHECK_EQ(drops(g), 0);
	sg_free(g);
}

static void out_of_dialog(void)
{
	struct sg *g = fx_sg(NULL);

	CHECK_EQ(run(g, &from_ue, &(struct fx){ .method = "OPTIONS" }),
		 SG_R_OK);
	CHECK_EQ(run(g, &from_ue, &(struct fx){ .method = "MESSAGE",
		 .extra = "Content-Type: text/plain" }), SG_R_OK);
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .method = "NOTIFY",
		   .ttag = "s1", .via = "SIP/2.0/UDP 10.0.2.2;branch=z9hG4bKn" }));
	CHECK_EQ(drops(g), 0);
	sg_free(g);
}

int main(void)
{
	UNIT_RUN(call_from_ue);
	UNIT_RUN(call_to_ue);
	UNIT_RUN(retransmissions);
	UNIT_RUN(forking);
	UNIT_RUN(prack);
	UNIT_RUN(reinvite_real_party);
	UNIT_RUN(nat_rport);
	UNIT_RUN(cancel_retransmission);
	UNIT_RUN(bye_races_200);
	UNIT_RUN(unknown_dialog);
	UNIT_RUN(two_ues_through_core);
	UNIT_RUN(registration);
	UNIT_RUN(out_of_dialog);
	return unit_done();
}
