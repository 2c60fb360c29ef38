// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the SIP header scanner (kernel/imsseg_sipscan.c).
 * Every scan gets a heap copy of exactly the bytes it may read, so ASan
 * reports any read past them. Besides crashes, the target traps when a
 * result breaks a property that holds for all inputs (spans inside the
 * scanned bytes, determinism, a prefix holding the whole header section
 * gives the same result as the whole datagram).
 */
#include <stdlib.h>
#include <string.h>

#include "imsseg_sipscan.h"

#define REQUIRE(c)	do { if (!(c)) __builtin_trap(); } while (0)

static void check(const struct imsseg_sip_info *in, u32 len, int v)
{
	const struct imsseg_sip_span *sp = &in->method_tok;

	if (len > IMSSEG_SIP_SCAN_MAX)
		len = IMSSEG_SIP_SCAN_MAX;
	REQUIRE(v == in->verdict && v >= 0 && v < IMSSEG_SIP_VERDICT_COUNT);
	REQUIRE(in->bad < IMSSEG_SIP_BAD_COUNT);
	REQUIRE(in->hdr_len <= len && in->err_off <= len);
	for (; sp <= &in->user_agent; sp++)
		REQUIRE((u32)sp->off + sp->len <= len);
	if (v == IMSSEG_SIP_OK)
		REQUIRE(in->hdr_len && !in->missing && !in->bad &&
			(in->seen & 0x1f) == 0x1f);
	if (v == IMSSEG_SIP_OK && in->kind == IMSSEG_SIP_KIND_RESPONSE)
		REQUIRE(in->status >= 100 && in->status <= 699);
	if (v == IMSSEG_SIP_OK && in->kind == IMSSEG_SIP_KIND_REQUEST)
		REQUIRE(in->method && in->uri_scheme &&
			in->content_length <= 0x7fffffff);
	REQUIRE(imsseg_sip_verdict_name(v)[0] != '?');
	REQUIRE(imsseg_sip_bad_name(in->bad)[0] != '?');
	REQUIRE(imsseg_sip_method_name(in->method)[0] != '?');
}

/* Scan the first @len bytes of @data as part of a @total byte datagram */
static int scan(const u8 *data, u32 len, u32 total,
		struct imsseg_sip_info *in)
{
	u8 *b = malloc(len ? len : 1);
	int v;

	memcpy(b, data, len);
	v = imsseg_sip_scan(b, len, total, in);
	check(in, len, v);
	if (v == IMSSEG_SIP_OK || v == IMSSEG_SIP_MISSING_HEADER)
		imsseg_sip_span_contains(b, in->user_agent, "scanner");
	free(b);
	return v;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct imsseg_sip_info a, b;
	u32 n = size, k;
	int v;

	if (size > 0x20000)
		return 0;
	/* the whole datagram, twice: same result */
	v = scan(data, n, n, &a);
	REQUIRE(scan(data, n, n, &b) == v && !memcmp(&a, &b, sizeof(a)));
	/*
	 * The header bytes alone decide: same result from that prefix, but
	 * for a lone CR ending it, which might be half a CRLF (TOO_LONG).
	 */
	if (v == IMSSEG_SIP_OK || v == IMSSEG_SIP_MISSING_HEADER ||
	    (v == IMSSEG_SIP_BAD_CONTENT_LENGTH &&
	     a.bad == IMSSEG_SIP_BAD_CL_TOO_BIG)) {
		k = a.hdr_len;
		if (scan(data, k, n, &b) == IMSSEG_SIP_TOO_LONG && k < n &&
		    data[k - 1] == '\r')
			scan(data, ++k, n, &b);
		REQUIRE(!memcmp(&a, &b, sizeof(a)));
	}
	/* a prefix of a longer datagram, as with scan_bytes */
	k = n ? (u32)data[0] * n / 256 : 0;
	v = scan(data, k, n, &b);
	REQUIRE(v != IMSSEG_SIP_TRUNCATED && v != IMSSEG_SIP_KEEPALIVE);
	if (k < n && a.verdict == IMSSEG_SIP_OK)
		REQUIRE(v == IMSSEG_SIP_OK || v == IMSSEG_SIP_TOO_LONG);
	scan(data, n < 2048 ? n : 2048, n + 1, &b);
	/* a truncated datagram */
	scan(data, k, k, &b);
	/* now and then, the input repeated past IMSSEG_SIP_SCAN_MAX */
	if (n && data[n - 1] == 0xff) {
		u32 big = IMSSEG_SIP_SCAN_MAX + data[0], i;
		u8 *r = malloc(big);

		for (i = 0; i < big; i++)
			r[i] = data[i % n];
		scan(r, big, big, &b);
		scan(r, big, big + 1, &b);
		free(r);
	}
	return 0;
}
