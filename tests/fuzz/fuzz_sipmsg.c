// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for segctl's SIP message layer: sipmsg_parse()
 * (sofia-sip plus segctl's lint, user/sipmsg*.c) and sipreply_build()
 * (user/sipreply.c) on every input that parses as a request. Besides
 * ASan/UBSan/LSan it checks what callers rely on:
 *
 * - the result is in range, a reason is given, strings are terminated,
 *   counts within their arrays, via_top_end inside the input;
 * - a message that parses OK still parses OK, with the same top Via
 *   but for the added received and rport, when ";received=..;rport=.."
 *   is inserted at via_top_end (what segctl does to reflect a Via);
 * - a response to an OK request parses OK and carries its Call-ID,
 *   CSeq, From tag, Vias; an ACK or a response is never answered.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipmsg.h"
#include "sipreply.h"

#define FUZZ_OUT_MAX	(4 * SIPMSG_LEN_MAX)

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_sipmsg: invariant broken: %s\n", what);
		abort();
	}
}

static int terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

static void check_fields(const struct sipmsg *m, size_t len)
{
	unsigned int i;

	check(terminated(m->method_name, sizeof(m->method_name)), "method");
	check(terminated(m->call_id, sizeof(m->call_id)), "call_id");
	check(terminated(m->from_tag, sizeof(m->from_tag)), "from_tag");
	check(terminated(m->to_tag, sizeof(m->to_tag)), "to_tag");
	check(terminated(m->user_agent, sizeof(m->user_agent)), "ua");
	check(terminated(m->sdp.conn, sizeof(m->sdp.conn)), "sdp conn");
	check(terminated(m->ruri.hp.host, sizeof(m->ruri.hp.host)), "ruri");
	check(m->n_via <= SIPMSG_VIA_MAX, "n_via");
	check(m->n_contact <= SIPMSG_CONTACT_MAX, "n_contact");
	check(m->sdp.n_media <= SIPMSG_MEDIA_MAX, "n_media");
	check(m->via_top_end <= len, "via_top_end");
	for (i = 0; i < m->n_via; i++) {
		check(terminated(m->via[i].by.host, SIPMSG_HOST_MAX), "via");
		check(terminated(m->via[i].branch, SIPMSG_TOKEN_MAX), "br");
		check(terminated(m->via[i].received, SIPMSG_HOST_MAX), "rcv");
	}
}

/* Insert a received/rport at via_top_end: still OK, top Via has it. */
static void check_insert(const uint8_t *data, size_t size,
			 const struct sipmsg *m)
{
	static const char ins[] = ";received=203.0.113.5;rport=4";
	static char buf[SIPMSG_LEN_MAX + sizeof(ins)];
	size_t at = m->via_top_end, n = size + sizeof(ins) - 1;
	struct sipmsg m2;

	if (n > SIPMSG_LEN_MAX || (m->flags & SIPMSG_F_CUT))
		return;
	memcpy(buf, data, at);
	memcpy(buf + at, ins, sizeof(ins) - 1);
	memcpy(buf + at + sizeof(ins) - 1, data + at, size - at);
	check(sipmsg_parse(buf, n, &m2, NULL) == SIPMSG_OK, "insert: parse");
	check(!strcmp(m2.via[0].received, "203.0.113.5"), "insert: rcvd");
	check(m2.via[0].rport_val == 4, "insert: rport");
	check(m2.n_via == m->n_via, "insert: n_via");
	check(!strcmp(m2.via[0].branch, m->via[0].branch), "insert: br");
	check(!strcmp(m2.call_id, m->call_id), "insert: call_id");
}

static void check_reply(const uint8_t *data, size_t size,
			const struct sipmsg *m, enum sipmsg_err e)
{
	static const struct sipreply_src src = { "198.51.100.9", 40000 };
	static char out[FUZZ_OUT_MAX];
	struct sipmsg r;
	int n, i;

	n = sipreply_build(data, size, m, &src, 494, NULL,
			   "Security-Server: tls;q=0.2", out, sizeof(out));
	if (!m->request || m->method == SIPM_ACK) {
		check(n == -EINVAL, "reply to a response or an ACK");
		return;
	}
	check(n > 0 && (size_t)n < sizeof(out), "reply: built");
	check(out[n] == '\0', "reply: terminated");
	if (e != SIPMSG_OK || (m->flags & SIPMSG_F_CUT) ||
	    (size_t)n > SIPMSG_LEN_MAX)
		return;
	check(sipmsg_parse(out, n, &r, NULL) == SIPMSG_OK, "reply: parse");
	check(r.status == 494, "reply: status");
	check(!strcmp(r.call_id, m->call_id), "reply: call_id");
	check(r.cseq == m->cseq, "reply: cseq");
	check(!strcmp(r.from_tag, m->from_tag), "reply: from tag");
	check(r.to_tag[0] != '\0', "reply: to tag");
	check(r.n_via == m->n_via, "reply: n_via");
	for (i = 0; i < r.n_via; i++)
		check(!strcmp(r.via[i].branch, m->via[i].branch),
		      "reply: branch");
	check(!strcmp(r.via[0].received, "198.51.100.9"), "reply: received");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sipmsg m;
	const char *why = NULL;
	enum sipmsg_err e;

	e = sipmsg_parse((const char *)data, size, &m, &why);
	check(e >= SIPMSG_OK && e <= SIPMSG_E_MISSING, "result");
	check(why != NULL && (e == SIPMSG_OK || *why), "why");
	check_fields(&m, size);
	if (e == SIPMSG_OK) {
		check(m.n_via > 0 && m.via_top_end > 0, "top Via");
		check(m.request || (m.status >= 100 && m.status <= 699),
		      "status");
		check_insert(data, size, &m);
	}
	if (e == SIPMSG_OK || e == SIPMSG_E_LINT)
		check_reply(data, size, &m, e);
	return 0;
}
