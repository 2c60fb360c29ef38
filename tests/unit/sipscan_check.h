/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the SIP scanner's host tests (test_sipscan.c,
 * test_sipscan_corpora.c): scan() hands the scanner a heap copy of
 * exactly the scanned bytes (so ASan sees any read past them) and checks
 * the properties every result must have, whatever the input.
 */
#ifndef _IMSSEG_SIPSCAN_CHECK_H
#define _IMSSEG_SIPSCAN_CHECK_H

#include <stdlib.h>

#include "unit.h"
#include "imsseg_sipscan.h"

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

#endif /* _IMSSEG_SIPSCAN_CHECK_H */
