// SPDX-License-Identifier: GPL-2.0
/*
 * The [sip] section (sg_config_defaults/sg_config_set): the defaults, a
 * table of good values read back, and a table of bad ones, each with its
 * exact message and token and the configuration left unchanged.
 */
#include <stddef.h>

#include "conf.h"
#include "sg_fixture.h"

static void defaults(void)
{
	struct sg_config c;

	sg_config_defaults(&c);
	CHECK_EQ(c.max_transactions, 65536);
	CHECK_EQ(c.max_dialogs, 65536);
	CHECK_EQ(c.max_registrations, 65536);
	CHECK_EQ(c.max_sources, 65536);
	CHECK_EQ(c.t1_ms, 500);
	CHECK_EQ(c.dialog_idle_s, 7200);
	CHECK_EQ(c.early_dialog_s, 180);
	CHECK_EQ(c.reg_max_expires, 7200);
	CHECK_EQ(c.n_redirect_allow, 0);
	CHECK_EQ(c.reflect_pps, 10);
	CHECK_EQ(c.reflect_burst, 50);
	CHECK_EQ(c.hijack_ban_after, 3);
	CHECK_EQ(c.ban_ttl, 600);
	CHECK(c.answer_insecure);
	CHECK_STR(c.security_server, "tls;q=0.2, ipsec-3gpp;q=0.1");
	CHECK(c.tls_hops);
	CHECK(c.trust_registered);
	CHECK(c.require_secure);
}

static const struct good {
	const char *key, *val;
	size_t off;		/* a uint32_t or bool field */
	bool is_bool;
	uint32_t want;
} goods[] = {
#define G(k, v, w) { #k, v, offsetof(struct sg_config, k), false, w }
#define B(k, v, w) { #k, v, offsetof(struct sg_config, k), true, w }
	G(max_transactions, "1", 1),
	G(max_transactions, "16777216", 16777216),
	G(max_dialogs, "1000", 1000),
	G(max_registrations, "0200", 200),
	G(max_sources, "7", 7),
	G(t1_ms, "50", 50),
	G(t1_ms, "60000", 60000),
	G(dialog_idle_s, "60", 60),
	G(early_dialog_s, "3600", 3600),
	G(reg_max_expires, "600000", 600000),
	G(reflect_pps, "0", 0),
	G(reflect_burst, "1000000", 1000000),
	G(hijack_ban_after, "0", 0),
	G(ban_ttl, "2592000", 2592000),
	B(answer_insecure, "no", 0),
	B(answer_insecure, "yes", 1),
	B(tls_hops, "false", 0),
	B(trust_registered, "0", 0),
	B(require_secure, "true", 1),
	B(require_secure, "1", 1),
#undef G
#undef B
};

static void good_values(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(goods); i++) {
		const struct good *t = &goods[i];
		struct sg_config c;
		struct conf_err e = { 0 };
		char v[64];
		uint32_t got;

		sg_config_defaults(&c);
		snprintf(v, sizeof(v), "%s", t->val);
		if (sg_config_set(&c, t->key, v, &e)) {
			printf("# %s = %s: %s\n", t->key, t->val, e.msg);
			CHECK(0);
			continue;
		}
		if (t->is_bool)
			got = *(bool *)((char *)&c + t->off);
		else
			got = *(uint32_t *)((char *)&c + t->off);
		CHECK_EQ(got, t->want);
	}
}

static void strings(void)
{
	struct sg_config c;
	struct conf_err e = { 0 };
	char v[256];

	sg_config_defaults(&c);
	snprintf(v, sizeof(v), "ipsec-3gpp;alg=hmac-sha-1-96;q=0.5");
	CHECK_EQ(sg_config_set(&c, "security_server", v, &e), 0);
	CHECK_STR(c.security_server, "ipsec-3gpp;alg=hmac-sha-1-96;q=0.5");

	snprintf(v, sizeof(v),
		 "IMS.Example.net, .partner.example 192.0.2.0/24,2001:DB8::/32 198.51.100.7");
	CHECK_EQ(sg_config_set(&c, "redirect_allow", v, &e), 0);
	CHECK_EQ(c.n_redirect_allow, 5);
	CHECK_STR(c.redirect_allow[0], "ims.example.net");
	CHECK_STR(c.redirect_allow[1], ".partner.example");
	CHECK_STR(c.redirect_allow[2], "192.0.2.0/24");
	CHECK_STR(c.redirect_allow[3], "2001:db8::/32");
	CHECK_STR(c.redirect_allow[4], "198.51.100.7");
	/* a later line replaces the list */
	snprintf(v, sizeof(v), "a.example");
	CHECK_EQ(sg_config_set(&c, "redirect_allow", v, &e), 0);
	CHECK_EQ(c.n_redirect_allow, 1);
	CHECK_STR(c.redirect_allow[1], "");
	snprintf(v, sizeof(v), "none");
	CHECK_EQ(sg_config_set(&c, "redirect_allow", v, &e), 0);
	CHECK_EQ(c.n_redirect_allow, 0);
}

/* 96 characters: one more than a host field holds */
#define LONG_NAME "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa." \
	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static const struct bad {
	const char *key, *val, *msg, *tok;
} bads[] = {
	{ "max_dialog", "5",
	  "unknown key in [sip]; expected max_transactions, max_dialogs, max_registrations, max_sources, t1_ms, dialog_idle_s, early_dialog_s, reg_max_expires, redirect_allow, reflect_pps, reflect_burst, hijack_ban_after, ban_ttl, answer_insecure, security_server, tls_hops, trust_registered or require_secure",
	  "max_dialog" },
	{ "max_dialogs", "many", "bad max_dialogs: expected a decimal number",
	  "many" },
	{ "max_dialogs", "-1", "bad max_dialogs: expected a decimal number",
	  "-1" },
	{ "max_dialogs", "+5", "bad max_dialogs: expected a decimal number",
	  "+5" },
	{ "max_dialogs", "10k", "bad max_dialogs: expected a decimal number",
	  "10k" },
	{ "max_dialogs", "0", "max_dialogs must be 1..16777216", "0" },
	{ "max_dialogs", "16777217", "max_dialogs must be 1..16777216",
	  "16777217" },
	{ "max_dialogs", "99999999999999999999",
	  "max_dialogs must be 1..16777216", "99999999999999999999" },
	{ "t1_ms", "49", "t1_ms must be 50..60000", "49" },
	{ "dialog_idle_s", "59", "dialog_idle_s must be 60..604800", "59" },
	{ "early_dialog_s", "3601", "early_dialog_s must be 10..3600",
	  "3601" },
	{ "reg_max_expires", "0", "reg_max_expires must be 1..31536000", "0" },
	{ "reflect_pps", "10000001", "reflect_pps must be 0..10000000",
	  "10000001" },
	{ "reflect_burst", "0", "reflect_burst must be 1..1000000", "0" },
	{ "ban_ttl", "0", "ban_ttl must be 1..2592000", "0" },
	{ "answer_insecure", "maybe", "answer_insecure takes yes or no",
	  "maybe" },
	{ "tls_hops", "YES", "tls_hops takes yes or no", "YES" },
	{ "security_server", "tls\x01",
	  "security_server must be 1..127 printable ASCII characters, e.g. \"tls;q=0.2, ipsec-3gpp;q=0.1\"",
	  "tls\x01" },
	{ "redirect_allow", "ims.example 192.0.2.1/24",
	  "bad redirect_allow prefix: host bits set; did you mean 192.0.2.0/24?",
	  "192.0.2.1/24" },
	{ "redirect_allow", "192.0.2.0/33",
	  "bad redirect_allow prefix: expected ADDRESS[/LENGTH], e.g. 192.0.2.0/24 or 2001:db8::/32",
	  "192.0.2.0/33" },
	{ "redirect_allow", "300.1.2.3",
	  "bad redirect_allow prefix: expected ADDRESS[/LENGTH], e.g. 192.0.2.0/24 or 2001:db8::/32",
	  "300.1.2.3" },
	{ "redirect_allow", "2001:db8::g",
	  "bad redirect_allow prefix: expected ADDRESS[/LENGTH], e.g. 192.0.2.0/24 or 2001:db8::/32",
	  "2001:db8::g" },
	{ "redirect_allow", "ims.example bad_domain.example",
	  "bad redirect_allow entry: expected a domain (example.com, .example.com for its subdomains) or an address prefix",
	  "bad_domain.example" },
	{ "redirect_allow", "-a.example",
	  "bad redirect_allow entry: expected a domain (example.com, .example.com for its subdomains) or an address prefix",
	  "-a.example" },
	{ "redirect_allow", "a..example",
	  "bad redirect_allow entry: expected a domain (example.com, .example.com for its subdomains) or an address prefix",
	  "a..example" },
	{ "redirect_allow", "*.example",
	  "bad redirect_allow entry: expected a domain (example.com, .example.com for its subdomains) or an address prefix",
	  "*.example" },
	{ "redirect_allow", ", ,", "redirect_allow needs domains or prefixes, or none",
	  "redirect_allow" },
	{ "redirect_allow",
	  "a b c d e f g h i j k l m n o p q",
	  "too many redirect_allow entries (at most 16)", "q" },
	{ "redirect_allow", LONG_NAME,
	  "redirect_allow entry longer than 95 characters", LONG_NAME },
};

static void bad_values(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bads); i++) {
		const struct bad *t = &bads[i];
		struct sg_config c, before;
		struct conf_err e = { 0 };
		char v[256];

		sg_config_defaults(&c);
		snprintf(v, sizeof(v), "b.example");
		CHECK_EQ(sg_config_set(&c, "redirect_allow", v, &e), 0);
		before = c;
		snprintf(v, sizeof(v), "%s", t->val);
		CHECK_EQ(sg_config_set(&c, t->key, v, &e), -1);
		CHECK_STR(e.msg, t->msg);
		CHECK_STR(e.tok, t->tok);
		CHECK(!memcmp(&c, &before, sizeof(c)));
	}
	/* a long security_server */
	{
		struct sg_config c;
		struct conf_err e = { 0 };
		char v[200];

		sg_config_defaults(&c);
		memset(v, 'a', 128);
		v[128] = 0;
		CHECK_EQ(sg_config_set(&c, "security_server", v, &e), -1);
		CHECK_STR(c.security_server, "tls;q=0.2, ipsec-3gpp;q=0.1");
		v[127] = 0;
		CHECK_EQ(sg_config_set(&c, "security_server", v, &e), 0);
	}
}

/* Through the segctl.conf parser: FILE:LINE: message (token 'x'). */
static int sip_set(void *arg, const char *key, char *value,
		   unsigned int line, struct conf_err *e)
{
	(void)line;
	return sg_config_set(arg, key, value, e);
}

static void in_a_file(void)
{
	static const struct conf_ops ops[] = {
		{ "sip", false, NULL, sip_set, NULL },
	};
	struct conf_diag d = { 0 };
	struct sg_config c;
	const char *text =
		"[sip]\n"
		"max_dialogs = 1000\n"
		"redirect_allow = .ims.example 192.0.2.0/24\n"
		"ban_ttl = forever\n"
		"colour = blue\n";

	sg_config_defaults(&c);
	CHECK_EQ(conf_parse_text("segctl.conf", text, ops, 1, &c, &d), 2);
	CHECK_EQ(d.n, 2);
	if (d.n == 2) {
		CHECK_STR(d.v[0], "segctl.conf:4: bad ban_ttl: expected a decimal number (token 'forever')");
		CHECK(!strncmp(d.v[1], "segctl.conf:5: unknown key in [sip]",
			       35));
	}
	CHECK_EQ(c.max_dialogs, 1000);
	CHECK_EQ(c.n_redirect_allow, 2);
	conf_diag_free(&d);
}

/* The allow list as the 3xx check applies it. */
static void allow_list_use(void)
{
	struct sg_config c;
	struct conf_err e;
	char v[] = "ims.example .partner.example 2001:db8::/32";
	const char *v6 = "SIP/2.0/UDP 10.0.2.2;branch=z9hG4bKc";
	struct fx inv = { .method = "INVITE", .ruri = "sip:a@10.0.1.2",
		.from = "c", .to = "a", .via = v6 };
	struct fx r = { .status = 301, .from = "c", .to = "a", .ttag = "t",
		.via = v6 };
	static const struct {
		const char *contact;
		int reason;
	} cases[] = {
		{ "<sip:a@ims.example>", SG_R_LEARNED },
		{ "<sip:a@ims.example.>", SG_R_LEARNED },
		{ "<sip:a@x.ims.example>", SG_R_REDIRECT_TARGET },
		{ "<sip:a@x.partner.example>", SG_R_LEARNED },
		{ "<sip:a@partner.example>", SG_R_REDIRECT_TARGET },
		{ "<sip:a@[2001:db8::5]>", SG_R_LEARNED },
		{ "<sip:a@[2001:db9::5]>", SG_R_REDIRECT_TARGET },
		{ "<tel:+15551234>", SG_R_REDIRECT_TARGET },
		{ "*", SG_R_REDIRECT_TARGET },
	};
	struct sg *g;
	unsigned int i;

	sg_config_defaults(&c);
	CHECK_EQ(sg_config_set(&c, "redirect_allow", v, &e), 0);
	g = fx_sg(&c);
	CHECK_PASS(run(g, &core_to_ue, &inv));
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int got;

		r.contact = cases[i].contact;
		got = run(g, &from_ue, &r);
		if (got != cases[i].reason)
			printf("# contact %s: %s\n", cases[i].contact,
			       sg_reason_name(got));
		CHECK_EQ(got, cases[i].reason);
	}
	sg_free(g);
}

int main(void)
{
	UNIT_RUN(defaults);
	UNIT_RUN(good_values);
	UNIT_RUN(strings);
	UNIT_RUN(bad_values);
	UNIT_RUN(in_a_file);
	UNIT_RUN(allow_list_use);
	return unit_done();
}
