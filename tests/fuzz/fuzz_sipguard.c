// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the SIP brain's packet -> verdict path
 * (user/sipguard.c, user/sg_*.c, with sipmsg_parse() and sipreply_build()
 * inside). One input is a short session: up to MSGS_MAX SIP messages
 * separated by "\n%%\n" (a single corpus message is a session of one).
 * Every message is fed in several packet contexts (the core, an IPsec
 * UE in a tunnel, a plain Internet host, a za peer, TCP) to one struct
 * sg with tiny tables, so learned state is hit by the next messages
 * and the eviction, expiry (time moves on) and reconfigure paths run.
 *
 * Besides ASan/UBSan/LSan it checks what the daemon relies on: the
 * reason and action are in range, the detail is terminated, kernel
 * requests within SG_KOPS_MAX, a reply is a terminated response of
 * reply_len bytes, a modified payload is the input plus a Via parameter
 * and still parses, and the trusted side is never dropped.
 */
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imsseg_prefix.h"
#include "sipguard.h"

#define MSGS_MAX	8
#define SEP		"\n%%\n"

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_sipguard: invariant broken: %s\n", what);
		abort();
	}
}

/* Tunnel 7 owns 10.9.0.0/24. */
static uint32_t tunnel_of(void *arg, uint8_t family, const void *addr)
{
	const uint8_t *a = addr;

	(void)arg;
	return family == IMSSEG_FAMILY_V4 && a[0] == 10 && a[1] == 9 ? 7 : 0;
}

struct ctx {
	const char *src, *dst;
	uint8_t side, l4;
	bool secure;
	uint32_t tunnel;
};

static const struct ctx ctxs[] = {
	{ "10.0.2.2", "10.9.0.2", SG_SIDE_TRUSTED, IPPROTO_UDP, false, 0 },
	{ "10.9.0.2", "10.0.2.2", SG_SIDE_UNTRUSTED, IPPROTO_UDP, true, 7 },
	{ "198.51.100.7", "10.0.2.2", SG_SIDE_UNTRUSTED, IPPROTO_UDP, false, 0 },
	{ "2001:db8::7", "fd00::2", SG_SIDE_ZA, IPPROTO_UDP, true, 0 },
	{ "10.9.0.2", "10.0.2.2", SG_SIDE_UNTRUSTED, IPPROTO_TCP, false, 0 },
};

static void addr(const char *s, uint8_t *family, uint8_t a[16])
{
	struct imsseg_prefix p;

	memset(a, 0, 16);
	if (imsseg_prefix_parse(&p, s, strlen(s), 0))
		abort();
	*family = p.family;
	memcpy(a, p.addr, 16);
}

static void check_verdict(const struct sg_verdict *v, const struct sg_pkt *p,
			  const uint8_t *buf, size_t len)
{
	unsigned int i;

	check(v->reason < SG_R_COUNT, "reason");
	check(sg_reason_name(v->reason) != NULL, "reason name");
	check(v->action <= SG_REPLY, "action");
	check(memchr(v->detail, 0, sizeof(v->detail)) != NULL, "detail");
	check(v->n_kops <= SG_KOPS_MAX, "n_kops");
	for (i = 0; i < v->n_kops; i++) {
		check(v->kops[i].type <= SG_KOP_UNTRUST, "kop type");
		check(memchr(v->kops[i].reason, 0, sizeof(v->kops[i].reason))
		      != NULL, "kop reason");
	}
	if (p->side == SG_SIDE_TRUSTED)
		check(v->action == SG_ACCEPT, "trusted side dropped");
	if (v->action == SG_REPLY) {
		check(v->reply_len > 0 && v->reply_len < SG_REPLY_MAX,
		      "reply_len");
		check(strlen(v->reply) == v->reply_len, "reply terminated");
		check(!strncmp(v->reply, "SIP/2.0 ", 8), "reply status line");
		check(v->reply_status == 494 || v->reply_status == 403,
		      "reply status");
	}
	if (v->action == SG_ACCEPT_MODIFIED) {
		struct sipmsg m;

		check(v->payload && v->payload_len > 0 && len > 0, "payload");
		check(v->reason == SG_R_VIA_REFLECT, "modified reason");
		check(sipmsg_parse((const char *)v->payload, v->payload_len,
				   &m, NULL) == SIPMSG_OK, "payload parses");
		check(m.n_via && (m.via[0].rport || m.via[0].received[0]),
		      "payload Via");
		check(!memcmp(v->payload, buf, 8), "payload start");
	} else {
		check(!v->payload, "payload without MODIFIED");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *msg[MSGS_MAX];
	size_t len[MSGS_MAX], n = 0, i, c;
	const uint8_t *p = data, *end = data + size;
	static FILE *null;
	struct sg_config cfg;
	struct sg_verdict v;
	struct json j;
	struct sg *g;
	uint64_t now = 1000;
	char allow[] = ".ims.test 10.9.0.0/16";
	struct conf_err e;

	while (p <= end && n < MSGS_MAX) {
		const uint8_t *s = memmem(p, end - p, SEP, strlen(SEP));

		msg[n] = p;
		len[n] = (s ? s : end) - p;
		n++;
		if (!s)
			break;
		p = s + strlen(SEP);
	}
	sg_config_defaults(&cfg);
	cfg.max_transactions = 4;
	cfg.max_dialogs = 3;
	cfg.max_registrations = 2;
	cfg.max_sources = 2;
	cfg.reflect_pps = 1;
	cfg.reflect_burst = 2;
	cfg.hijack_ban_after = 2;
	if (size && (data[0] & 1))
		cfg.require_secure = false;
	if (size && (data[0] & 2))
		cfg.answer_insecure = false;
	if (sg_config_set(&cfg, "redirect_allow", allow, &e))
		abort();
	g = sg_new(&cfg, tunnel_of, NULL);
	if (!g)
		return 0;
	for (i = 0; i < n; i++) {
		for (c = 0; c < ARRAY_SIZE(ctxs); c++) {
			struct sg_pkt pk = { 0 };

			addr(ctxs[c].src, &pk.family, pk.src);
			addr(ctxs[c].dst, &pk.family, pk.dst);
			pk.sport = 5060;
			pk.dport = 5060;
			pk.side = ctxs[c].side;
			pk.l4 = ctxs[c].l4;
			pk.secure = ctxs[c].secure;
			pk.tunnel = ctxs[c].tunnel;
			pk.now_ms = now;
			sg_process(g, &pk, msg[i], len[i], &v);
			check_verdict(&v, &pk, msg[i], len[i]);
			now += 50;
		}
		if (i == n / 2) {
			cfg.max_dialogs = 1;
			cfg.max_transactions = 2;
			sg_reconfigure(g, &cfg);
		}
		now += (i & 1) ? 40000 : 5000;
		sg_expire(g, now);
	}
	if (!null)
		null = fopen("/dev/null", "w");
	if (null) {
		json_init(&j, null);
		sg_dialogs_json(g, &j, now);
		sg_registrations_json(g, &j, now);
	}
	sg_free(g);
	return 0;
}
