// SPDX-License-Identifier: GPL-2.0
/*
 * The SIP brain's state: every table bounded by its cap with evictions
 * counted (early dialogs before confirmed ones, a per-Call-ID limit),
 * transaction timers (Timer F = 64*T1; an INVITE without a final
 * answer like Timer C, 64*T1 after it), dialog and registration expiry
 * (also found lazily without sg_expire()), sg_reconfigure() keeping
 * state and trimming,
 * the JSON listings, the reason names and the keyed hash.
 */
#include "sg_fixture.h"
#include "sg_int.h"

static struct sg_stats st(struct sg *g)
{
	struct sg_stats s;

	sg_stats(g, &s);
	return s;
}

static void invite(struct sg *g, const char *cid, const char *branch)
{
	char via[128];

	snprintf(via, sizeof(via), "SIP/2.0/UDP 10.0.1.2:5060;branch=%s",
		 branch);
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		   .cid = cid, .via = via }));
}

static void answer(struct sg *g, const char *cid, unsigned int status)
{
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = status,
		   .cid = cid, .ttag = "btag",
		   .via = "SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKinv1" }));
}

static struct sg *with(void (*set)(struct sg_config *c))
{
	struct sg_config c;

	sg_config_defaults(&c);
	set(&c);
	return fx_sg(&c);
}

static void four_txns(struct sg_config *c)
{
	c->max_transactions = 4;
}

static void txn_cap(void)
{
	struct sg *g = with(four_txns);
	char cid[32];
	int i;

	for (i = 0; i < 6; i++) {
		snprintf(cid, sizeof(cid), "c%d", i);
		invite(g, cid, "z9hG4bKinv1");
	}
	CHECK_EQ(st(g).transactions, 4);
	CHECK_EQ(st(g).txn_evicted, 2);
	/* the oldest went first */
	answer(g, "c0", 200);
	CHECK_STR(fx_v.detail, "unknown transaction");
	answer(g, "c5", 200);
	CHECK_EQ(fx_v.reason, SG_R_LEARNED);
	CHECK_EQ(st(g).dialogs, 1);
	sg_free(g);
}

static void flood_of_call_ids(void)
{
	struct sg_config c;
	struct sg *g;
	char cid[32];
	int i;

	sg_config_defaults(&c);
	c.max_transactions = 100;
	g = fx_sg(&c);
	for (i = 0; i < 5000; i++) {
		snprintf(cid, sizeof(cid), "flood-%d", i);
		invite(g, cid, "z9hG4bKinv1");
	}
	CHECK_EQ(st(g).transactions, 100);
	CHECK_EQ(st(g).txn_evicted, 4900);
	sg_free(g);
}

/* A Call-ID keeps at most SG_TXN_PER_CALL transactions. */
static void per_call_limit(void)
{
	struct sg *g = fx_sg(NULL);
	char br[32];
	int i;

	for (i = 0; i < 20; i++) {
		snprintf(br, sizeof(br), "z9hG4bK%d", i);
		invite(g, "same", br);
	}
	CHECK_EQ(st(g).transactions, SG_TXN_PER_CALL);
	CHECK_EQ(st(g).txn_evicted, 20 - SG_TXN_PER_CALL);
	sg_free(g);
}

static void short_ring(struct sg_config *c)
{
	c->early_dialog_s = 10;
}

/*
 * An INVITE transaction lives max(64*T1, early_dialog_s) without a
 * final answer (Timer C: its provisionals may not be punted), then
 * 64*T1 after its final answer (Timer B after it, for the ACK).
 */
static void invite_timers(void)
{
	struct sg *g = fx_sg(NULL);
	uint64_t t0 = fx_now;

	invite(g, "tb", "z9hG4bKinv1");
	sg_expire(g, t0 + 180000 - 1);
	CHECK_EQ(st(g).transactions, 1);
	sg_expire(g, t0 + 180000);
	CHECK_EQ(st(g).transactions, 0);
	CHECK_EQ(st(g).txn_expired, 1);
	sg_free(g);

	g = with(short_ring);
	t0 = fx_now;
	invite(g, "tb", "z9hG4bKinv1");
	sg_expire(g, t0 + 64 * 500 - 1);
	CHECK_EQ(st(g).transactions, 1);
	sg_expire(g, t0 + 64 * 500);
	CHECK_EQ(st(g).transactions, 0);
	sg_free(g);

	g = fx_sg(NULL);
	t0 = fx_now;
	invite(g, "fin", "z9hG4bKinv1");
	fx_now = t0 + 100000;
	answer(g, "fin", 486);
	sg_expire(g, fx_now + 64 * 500 - 1);
	CHECK_EQ(st(g).transactions, 1);
	sg_expire(g, fx_now + 64 * 500);
	CHECK_EQ(st(g).transactions, 0);
	sg_free(g);
}

/* A ringing INVITE outlives Timer B; a 180 restarts its timer. */
static void ringing_outlives_timer_b(void)
{
	struct sg *g = fx_sg(NULL);
	uint64_t t0 = fx_now;

	invite(g, "ring", "z9hG4bKinv1");
	fx_now = t0 + 100000;
	answer(g, "ring", 180);
	fx_now = t0 + 250000;
	sg_expire(g, fx_now);
	CHECK_EQ(st(g).transactions, 1);
	CHECK_EQ(st(g).dialogs, 1);
	/* the transaction is still known: a forged CANCEL is refused */
	CHECK_DROP(run(g, &from_ue, &(struct fx){ .method = "CANCEL",
		   .cid = "ring", .cseq = 9 }), SG_R_CANCEL_SPOOF);
	fx_now = t0 + 280000;
	sg_expire(g, fx_now);
	CHECK_EQ(st(g).transactions, 0);
	CHECK_EQ(st(g).dialogs, 0);
	CHECK_EQ(st(g).dialog_expired, 1);
	sg_free(g);
}

static void timer_f(void)
{
	struct sg *g = fx_sg(NULL);
	uint64_t t0 = fx_now;

	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "REGISTER",
		   .ruri = "sip:ims.test", .to = "alice",
		   .contact = "<sip:alice@10.0.1.2>" }));
	CHECK_EQ(st(g).transactions, 1);
	sg_expire(g, t0 + 32000);
	CHECK_EQ(st(g).transactions, 0);
	/* the core's late answer teaches nothing */
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .to = "alice", .ttag = "r", .cmethod = "REGISTER",
		   .contact = "<sip:alice@10.0.1.2>;expires=60" }));
	CHECK_EQ(st(g).registrations, 0);
	sg_free(g);
}

static void short_dialogs(struct sg_config *c)
{
	c->dialog_idle_s = 60;
	c->early_dialog_s = 10;
}

static void dialog_timers(void)
{
	struct sg *g = with(short_dialogs);
	uint64_t t0 = fx_now;

	invite(g, "d1", "z9hG4bKinv1");
	answer(g, "d1", 200);
	invite(g, "d2", "z9hG4bKinv1");
	answer(g, "d2", 180);
	CHECK_EQ(st(g).dialogs, 2);
	/* the early one after early_dialog_s */
	sg_expire(g, t0 + 10000);
	CHECK_EQ(st(g).dialogs, 1);
	/* activity keeps the confirmed one alive */
	fx_now = t0 + 59000;
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INFO",
		   .cid = "d1", .cseq = 2, .ttag = "btag" }));
	sg_expire(g, t0 + 59000 + 59999);
	CHECK_EQ(st(g).dialogs, 1);
	/* past dialog_idle_s: gone even without sg_expire() */
	fx_now = t0 + 59000 + 60000;
	CHECK_EQ(run(g, &from_atk, &(struct fx){ .method = "BYE",
		 .cid = "d1", .cseq = 3, .ttag = "btag" }), SG_R_OK);
	CHECK_STR(fx_v.detail, "unknown dialog");
	CHECK_EQ(st(g).dialogs, 0);
	CHECK_EQ(st(g).dialog_expired, 2);
	sg_free(g);
}

static void two_dialogs(struct sg_config *c)
{
	c->max_dialogs = 2;
}

/* A full dialog table sheds early dialogs before confirmed ones. */
static void dialog_cap(void)
{
	struct sg *g = with(two_dialogs);

	invite(g, "conf", "z9hG4bKinv1");
	answer(g, "conf", 200);
	invite(g, "early", "z9hG4bKinv1");
	answer(g, "early", 180);
	invite(g, "new", "z9hG4bKinv1");
	answer(g, "new", 200);
	CHECK_EQ(st(g).dialogs, 2);
	CHECK_EQ(st(g).dialog_evicted, 1);
	CHECK_DROP(run(g, &from_atk, &(struct fx){ .method = "BYE",
		   .cid = "conf", .cseq = 2, .ttag = "btag" }),
		   SG_R_BYE_SPOOF);
	CHECK_EQ(run(g, &from_atk, &(struct fx){ .method = "BYE",
		 .cid = "early", .cseq = 2, .ttag = "btag" }), SG_R_OK);
	sg_free(g);
}

static void reg_short(struct sg_config *c)
{
	c->reg_max_expires = 300;
	c->max_registrations = 2;
}

static void registered(struct sg *g, const char *user)
{
	char cid[32], contact[64];

	snprintf(cid, sizeof(cid), "reg-%s", user);
	snprintf(contact, sizeof(contact), "<sip:%s@10.0.1.2>;expires=3600",
		 user);
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "REGISTER",
		   .ruri = "sip:ims.test", .from = user, .to = user,
		   .cid = cid, .contact = contact,
		   .extra = "Authorization: Digest username=\"x\"" }));
	CHECK_EQ(run(g, &core_to_ue, &(struct fx){ .status = 200,
		 .from = user, .to = user, .ttag = "r", .cid = cid,
		 .cmethod = "REGISTER", .contact = contact }), SG_R_LEARNED);
}

static void registration_timers(void)
{
	struct sg *g = with(reg_short);
	uint64_t t0 = fx_now;
	const struct fx hijack = { .method = "REGISTER", .ruri = "sip:ims.test",
		.to = "alice", .cid = "h", .contact = "<sip:alice@10.0.3.2>" };

	registered(g, "alice");
	/* the learned 3600 s is capped at reg_max_expires */
	CHECK_EQ(fx_v.kops[0].ttl, 300);
	fx_now = t0 + 299000;
	CHECK_DROP(run(g, &from_atk, &hijack), SG_R_REG_HIJACK);
	fx_now = t0 + 300000;
	CHECK_PASS(run(g, &from_atk, &hijack));
	CHECK_EQ(st(g).registrations, 0);
	CHECK_EQ(st(g).reg_expired, 1);
	/* the cap */
	registered(g, "a1");
	registered(g, "a2");
	registered(g, "a3");
	CHECK_EQ(st(g).registrations, 2);
	CHECK_EQ(st(g).reg_evicted, 1);
	sg_expire(g, fx_now + 300000);
	CHECK_EQ(st(g).registrations, 0);
	CHECK_EQ(st(g).reg_expired, 3);
	sg_free(g);
}

static void two_sources(struct sg_config *c)
{
	c->max_sources = 2;
	c->reflect_pps = 1;
	c->reflect_burst = 1;
}

static void source_cap(void)
{
	struct sg *g = with(two_sources);
	const struct fx refl = { .method = "OPTIONS",
		.via = "SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKr" };
	const struct where s3 = { "10.0.1.4", 5060, CORE, 5060,
				  SG_SIDE_UNTRUSTED, true, 0, 0 };

	CHECK_EQ(run(g, &from_ue, &refl), SG_R_VIA_REFLECT);
	CHECK_EQ(run(g, &from_ue2, &refl), SG_R_VIA_REFLECT);
	CHECK_EQ(run(g, &s3, &refl), SG_R_VIA_REFLECT);
	CHECK_EQ(st(g).sources, 2);
	CHECK_EQ(st(g).src_evicted, 1);
	/* the evicted one (the UE) starts with a full bucket again */
	CHECK_EQ(run(g, &from_ue, &refl), SG_R_VIA_REFLECT);
	CHECK_DROP(run(g, &s3, &refl), SG_R_VIA_REFLECT_RATE);
	sg_expire(g, fx_now + 600000);
	CHECK_EQ(st(g).sources, 0);
	sg_free(g);
}

static void reconfigure(void)
{
	struct sg_config c;
	struct sg *g = fx_sg(NULL);
	char cid[16];
	int i;

	invite(g, "kept", "z9hG4bKinv1");
	answer(g, "kept", 200);
	for (i = 0; i < 4; i++) {
		snprintf(cid, sizeof(cid), "t%d", i);
		invite(g, cid, "z9hG4bKinv1");
	}
	CHECK_EQ(st(g).transactions, 5);
	sg_config_defaults(&c);
	c.max_transactions = 2;
	c.hijack_ban_after = 1;
	sg_reconfigure(g, &c);
	CHECK_EQ(st(g).transactions, 2);
	CHECK_EQ(st(g).txn_evicted, 3);
	CHECK_EQ(st(g).dialogs, 1);
	CHECK_DROP(run(g, &from_atk, &(struct fx){ .method = "BYE",
		   .cid = "kept", .cseq = 2, .ttag = "btag" }),
		   SG_R_BYE_SPOOF);
	/* the caps grow back without losing anything */
	c.max_transactions = 100000;
	sg_reconfigure(g, &c);
	CHECK_EQ(st(g).transactions, 2);
	for (i = 0; i < 100; i++) {
		snprintf(cid, sizeof(cid), "u%d", i);
		invite(g, cid, "z9hG4bKinv1");
	}
	CHECK_EQ(st(g).transactions, 102);
	CHECK_EQ(st(g).txn_evicted, 3);
	sg_free(g);
}

static char *json_of(struct sg *g, bool dialogs)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	json_init(&j, f);
	if (dialogs)
		sg_dialogs_json(g, &j, fx_now);
	else
		sg_registrations_json(g, &j, fx_now);
	fclose(f);
	return buf;
}

static void listings(void)
{
	struct sg *g = fx_sg(NULL);
	char *s;

	s = json_of(g, true);
	CHECK_STR(s, "[]\n");
	free(s);
	CHECK_PASS(run(g, &from_ue, &(struct fx){ .method = "INVITE",
		   .conn = UE, .port = 20000 }));
	CHECK_PASS(run(g, &core_to_ue, &(struct fx){ .status = 200,
		   .ttag = "btag", .conn = CORE, .port = 30000 }));
	fx_now += 5000;
	s = json_of(g, true);
	CHECK(s && strstr(s, "\"call_id\":\"call1@ue\""));
	CHECK(s && strstr(s, "\"state\":\"confirmed\""));
	CHECK(s && strstr(s, "\"from\":\"sip:alice@ims.test\""));
	CHECK(s && strstr(s, "\"age_s\":5"));
	CHECK(s && strstr(s, "\"caller\":{\"tag\":\"atag\",\"addr\":\"10.0.1.2:5060\",\"side\":\"untrusted\",\"secure\":true,\"tunnel\":0,\"cseq\":1,\"media\":\"10.0.1.2 20000\"}"));
	CHECK(s && strstr(s, "\"callee\":{\"tag\":\"btag\",\"addr\":\"10.0.2.2:5060\",\"side\":\"trusted\""));
	free(s);
	registered(g, "alice");
	s = json_of(g, false);
	CHECK(s && strstr(s, "[{\"aor\":\"sip:alice@ims.test\",\"expires_in_s\":3600"));
	CHECK(s && strstr(s, "\"bindings\":[{\"contact\":\"sip:alice@10.0.1.2\",\"expires_in_s\":3600,\"addr\":\"10.0.1.2:5060\""));
	CHECK(s && strstr(s, "\"auth\":true}]}]"));
	free(s);
	sg_free(g);
}

static void reason_names(void)
{
	unsigned int i, j;

	for (i = 0; i < SG_R_COUNT; i++) {
		CHECK(sg_reason_name(i) != NULL);
		for (j = 0; j < i; j++)
			CHECK(strcmp(sg_reason_name(i), sg_reason_name(j)));
	}
	CHECK(sg_reason_name(SG_R_COUNT) == NULL);
	CHECK_STR(sg_reason_name(SG_R_BYE_SPOOF), "bye_spoof");
	CHECK_STR(sg_reason_name(SG_R_VIA_REFLECT_RATE), "via_reflect_rate");
	CHECK_STR(sg_reason_name(SG_R_RESPONSE_SPOOF), "response_spoof");
}

/* SipHash-2-4 reference vector (key 00..0f, message 00..0e). */
static void keyed_hash(void)
{
	uint8_t key[16], msg[15];
	int i;

	for (i = 0; i < 16; i++)
		key[i] = i;
	for (i = 0; i < 15; i++)
		msg[i] = i;
	CHECK(sg_siphash(key, msg, 15) == 0xa129ca6149be45e5ULL);
	CHECK(sg_siphash(key, "", 0) == 0x726fdb47dd0e0e31ULL);
}

int main(void)
{
	UNIT_RUN(txn_cap);
	UNIT_RUN(flood_of_call_ids);
	UNIT_RUN(per_call_limit);
	UNIT_RUN(invite_timers);
	UNIT_RUN(ringing_outlives_timer_b);
	UNIT_RUN(timer_f);
	UNIT_RUN(dialog_timers);
	UNIT_RUN(dialog_cap);
	UNIT_RUN(registration_timers);
	UNIT_RUN(source_cap);
	UNIT_RUN(reconfigure);
	UNIT_RUN(listings);
	UNIT_RUN(reason_names);
	UNIT_RUN(keyed_hash);
	return unit_done();
}
