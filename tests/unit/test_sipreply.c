// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for sipreply_build() (user/sipreply.c): the exact bytes of
 * a response, the top Via rules (received/rport, RFC 3261 18.2.1, RFC
 * 3581), the To tag, extra headers, every refusal, every output size;
 * and every request of the RFC 4475 / RFC 5118 corpora answered with a
 * 494 that parses back (sipmsg_parse) with the request's fields.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "unit.h"
#include "sipmsg.h"
#include "sipreply.h"

static const char req[] =
	"INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
	"Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
	"Max-Forwards: 70\r\n"
	"To: Bob <sip:bob@biloxi.example.com>\r\n"
	"From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
	"Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
	"CSeq: 314159 INVITE\r\n"
	"Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
	"Content-Length: 0\r\n\r\n";

#define SECSRV	"Security-Server: tls;q=0.2, ipsec-3gpp;q=0.1"

static const struct sipreply_src src4 = { "192.0.2.10", 5060 };

/* Parse @msg and build a reply into a heap buffer of @outlen bytes. */
static int build(const char *msg, const struct sipreply_src *src,
		 uint16_t status, const char *phrase, const char *extra,
		 char *out, size_t outlen, struct sipmsg *m)
{
	size_t len = strlen(msg);
	char *b = malloc(len), *o = malloc(outlen ? outlen : 1);
	enum sipmsg_err e;
	int n;

	memcpy(b, msg, len);
	e = sipmsg_parse(b, len, m, NULL);
	if (e != SIPMSG_OK && e != SIPMSG_E_LINT) {
		printf("# fixture does not parse: %d\n", e);
		free(b);
		free(o);
		return -1000;
	}
	n = sipreply_build((const uint8_t *)b, len, m, src, status, phrase,
			   extra, o, outlen);
	if (n >= 0) {
		CHECK_EQ(strlen(o), n);
		memcpy(out, o, n + 1);
	}
	free(b);
	free(o);
	return n;
}

static void test_exact(void)
{
	static const char want[] =
		"SIP/2.0 494 Security Agreement Required\r\n"
		"Via: SIP/2.0/UDP pc33.atlanta.example.com;"
		"branch=z9hG4bK776asdhds;received=192.0.2.10;rport=5060\r\n"
		"To: Bob <sip:bob@biloxi.example.com>;tag=%s\r\n"
		"From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
		"Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
		"CSeq: 314159 INVITE\r\n"
		SECSRV "\r\n"
		"Content-Length: 0\r\n\r\n";
	char out[2048], exp[2048], tag[19];
	struct sipmsg m, r;
	int n;

	n = build(req, &src4, 494, NULL, SECSRV, out, sizeof(out), &m);
	sipreply_tag(&m, tag);
	snprintf(exp, sizeof(exp), want, tag);
	CHECK_STR(out, exp);
	CHECK_EQ(n, strlen(exp));
	CHECK(!strncmp(tag, "sg", 2) && strlen(tag) == 18);

	CHECK_EQ(sipmsg_parse(out, n, &r, NULL), SIPMSG_OK);
	CHECK(!r.request);
	CHECK_EQ(r.status, 494);
	CHECK_STR(r.to_tag, tag);
	CHECK_STR(r.from_tag, "1928301774");
	CHECK_STR(r.call_id, m.call_id);
	CHECK_EQ(r.cseq, 314159);
	CHECK_EQ(r.cseq_method, SIPM_INVITE);
	CHECK_STR(r.via[0].received, "192.0.2.10");
	CHECK_EQ(r.via[0].rport_val, 5060);

	/* 403 with a Warning and a phrase of our own; LF-separated lines */
	n = build(req, &src4, 403, "Forbidden (TLS required)",
		  "Warning: 399 seg.example.net \"Via not TLS\"\nX-A: b\n",
		  out, sizeof(out), &m);
	CHECK(n > 0);
	CHECK(!strncmp(out, "SIP/2.0 403 Forbidden (TLS required)\r\n", 38));
	CHECK(strstr(out, "\r\nWarning: 399 seg.example.net \"Via not TLS\"\r\n"
		      "X-A: b\r\nContent-Length: 0\r\n\r\n") != NULL);
	CHECK_EQ(sipmsg_parse(out, n, &r, NULL), SIPMSG_OK);
	CHECK_EQ(r.status, 403);
	CHECK_STR(sipreply_phrase(505), "Version Not Supported");
	CHECK_STR(sipreply_phrase(299), "");
}

static const char *top_via(const char *out)
{
	static char v[256];
	const char *p = strstr(out, "\r\nVia: "), *e;

	if (!p)
		return "";
	p += 7;
	e = strstr(p, "\r\n");
	snprintf(v, sizeof(v), "%.*s", (int)(e - p), p);
	return v;
}

#define REQ_VIA(via)							\
	"OPTIONS sip:b@y SIP/2.0\r\nVia: " via "\r\n"			\
	"From: <sip:a@x>;tag=1\r\nTo: <sip:b@y>\r\nCall-ID: c\r\n"	\
	"CSeq: 1 OPTIONS\r\n\r\n"

static void test_top_via(void)
{
	static const struct sipreply_src v6 = { "2001:db8::1", 5060 };
	static const struct sipreply_src v6b = { "2001:db8::1", 40000 };
	char out[2048];
	struct sipmsg m;

	/* same address and port, no rport: unchanged */
	build(REQ_VIA("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1"), &src4,
	      200, NULL, NULL, out, sizeof(out), &m);
	CHECK_STR(top_via(out), "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1");
	build(REQ_VIA("SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1"), &src4,
	      200, NULL, NULL, out, sizeof(out), &m);
	CHECK_STR(top_via(out), "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1");
	/* TLS defaults to 5061 */
	build(REQ_VIA("SIP/2.0/TLS 192.0.2.10;branch=z9hG4bK1"), &src4,
	      200, NULL, NULL, out, sizeof(out), &m);
	CHECK_STR(top_via(out), "SIP/2.0/TLS 192.0.2.10;branch=z9hG4bK1;"
		  "received=192.0.2.10;rport=5060");
	/* rport asked: both, even when the address matches (RFC 3581) */
	build(REQ_VIA("SIP/2.0/UDP 192.0.2.10;rport;branch=z9hG4bK1"), &src4,
	      200, NULL, NULL, out, sizeof(out), &m);
	CHECK_STR(top_via(out), "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1;"
		  "received=192.0.2.10;rport=5060");
	/* old received/rport replaced, not doubled; other params kept */
	build(REQ_VIA("SIP/2.0/UDP 10.0.0.1:5062 ; Received=1.2.3.4 ;"
		      " branch=z9hG4bK1;RPORT=7;x=\"a;b\""), &src4, 200, NULL,
	      NULL, out, sizeof(out), &m);
	CHECK_STR(top_via(out), "SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bK1;"
		  "x=\"a;b\";received=192.0.2.10;rport=5060");
	/* IPv6: same address bracketed in sent-by */
	build(REQ_VIA("SIP/2.0/UDP [2001:DB8:0::1]:5060;branch=z9hG4bK1"),
	      &v6, 200, NULL, NULL, out, sizeof(out), &m);
	CHECK_STR(top_via(out), "SIP/2.0/UDP [2001:DB8:0::1]:5060;"
		  "branch=z9hG4bK1");
	build(REQ_VIA("SIP/2.0/UDP [2001:db8::1];branch=z9hG4bK1"), &v6b,
	      200, NULL, NULL, out, sizeof(out), &m);
	CHECK_STR(top_via(out), "SIP/2.0/UDP [2001:db8::1];branch=z9hG4bK1;"
		  "received=2001:db8::1;rport=40000");
	/* a comment after the params is dropped with the rewrite */
	build(REQ_VIA("SIP/2.0/UDP h;branch=z9hG4bK1 (old, UA)"), &src4,
	      200, NULL, NULL, out, sizeof(out), &m);
	CHECK_STR(top_via(out), "SIP/2.0/UDP h;branch=z9hG4bK1;"
		  "received=192.0.2.10;rport=5060");
	/* no source: copied as it is */
	build(REQ_VIA("SIP/2.0/UDP h;branch=z9hG4bK1;rport"), NULL, 200,
	      NULL, NULL, out, sizeof(out), &m);
	CHECK_STR(top_via(out), "SIP/2.0/UDP h;branch=z9hG4bK1;rport");
}

/* Every Via value, in order, one per line; folds become one SP. */
static void test_via_list(void)
{
	static const char msg[] =
		"OPTIONS sip:b@y SIP/2.0\r\n"
		"v: SIP/2.0/UDP h1;branch=z9hG4bK1 , SIP/2.0/TCP h2\r\n"
		"   ;branch=z9hG4bK2\r\n"
		"f: <sip:a@x>;tag=1\r\n"
		"Via: SIP/2.0/UDP h3;branch=z9hG4bK3\r\n"
		"t:\r\n <sip:b@y>\r\ni: c\r\nCSeq: 1 OPTIONS\r\n\r\n";
	char out[2048];
	struct sipmsg m, r;
	int n, i;

	n = build(msg, &src4, 200, NULL, NULL, out, sizeof(out), &m);
	CHECK(strstr(out, "Via: SIP/2.0/UDP h1;branch=z9hG4bK1;"
		      "received=192.0.2.10;rport=5060\r\n"
		      "Via: SIP/2.0/TCP h2 ;branch=z9hG4bK2\r\n"
		      "From: <sip:a@x>;tag=1\r\n"
		      "Via: SIP/2.0/UDP h3;branch=z9hG4bK3\r\n"
		      "To: <sip:b@y>;tag=sg") != NULL);
	CHECK_EQ(sipmsg_parse(out, n, &r, NULL), SIPMSG_OK);
	CHECK_EQ(r.n_via, 3);
	for (i = 0; i < 3; i++)
		CHECK_STR(r.via[i].branch, m.via[i].branch);
}

static void test_to_tag(void)
{
	char out[2048], out2[2048], tag[19];
	struct sipmsg m, m2;

	/* stable: a retransmission gets the same tag */
	build(req, &src4, 494, NULL, NULL, out, sizeof(out), &m);
	build(req, &src4, 494, NULL, NULL, out2, sizeof(out2), &m2);
	CHECK_STR(out, out2);
	sipreply_tag(&m, tag);
	CHECK(strstr(out, tag) != NULL);
	/* another branch (a new transaction): another tag */
	m2 = m;
	strcpy(m2.via[0].branch, "z9hG4bKother");
	sipreply_tag(&m2, out2);
	CHECK(strcmp(out2, tag) != 0);
	/* a To tag is kept, none added */
	build(REQ_VIA("SIP/2.0/UDP h;branch=z9hG4bK1"), &src4, 481, NULL,
	      NULL, out, sizeof(out), &m);
	CHECK(strstr(out, "\r\nTo: <sip:b@y>;tag=sg") != NULL);
	build("BYE sip:b@y SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
	      "From: <sip:a@x>;tag=1\r\nTo: <sip:b@y>;tag=99\r\ni: c\r\n"
	      "CSeq: 2 BYE\r\n\r\n", &src4, 481, NULL, NULL, out,
	      sizeof(out), &m);
	CHECK(strstr(out, "\r\nTo: <sip:b@y>;tag=99\r\n") != NULL);
	/* not on a 100 */
	build(req, &src4, 100, NULL, NULL, out, sizeof(out), &m);
	CHECK(strstr(out, "\r\nTo: Bob <sip:bob@biloxi.example.com>\r\n"));
	CHECK(!strncmp(out, "SIP/2.0 100 Trying\r\n", 20));
}

static void test_refused(void)
{
	static const struct sipreply_src bad = { "host.example", 5060 };
	char out[2048];
	struct sipmsg m, m2;
	size_t len = strlen(req);

	CHECK_EQ(build("ACK sip:b@y SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n"
		       "From: <sip:a@x>;tag=1\r\nTo: <sip:b@y>;tag=2\r\n"
		       "i: c\r\nCSeq: 1 ACK\r\n\r\n", &src4, 400, NULL, NULL,
		       out, sizeof(out), &m), -EINVAL);
	CHECK_EQ(build("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h\r\n"
		       "From: <sip:a@x>;tag=1\r\nTo: <sip:b@y>;tag=2\r\n"
		       "i: c\r\nCSeq: 1 INVITE\r\n\r\n", &src4, 400, NULL,
		       NULL, out, sizeof(out), &m), -EINVAL);
	CHECK_EQ(build(req, &src4, 99, NULL, NULL, out, sizeof(out), &m),
		 -EINVAL);
	CHECK_EQ(build(req, &src4, 700, NULL, NULL, out, sizeof(out), &m),
		 -EINVAL);
	CHECK_EQ(build(req, &src4, 400, "Bad\r\nX: y", NULL, out,
		       sizeof(out), &m), -EINVAL);
	CHECK_EQ(build(req, &bad, 400, NULL, NULL, out, sizeof(out), &m),
		 -EINVAL);
	CHECK_EQ(build(req, &src4, 494, NULL, "no colon here", out,
		       sizeof(out), &m), -EINVAL);
	CHECK_EQ(build(req, &src4, 494, NULL, "Content-Length: 5", out,
		       sizeof(out), &m), -EINVAL);
	CHECK_EQ(build(req, &src4, 494, NULL, "l: 5", out, sizeof(out), &m),
		 -EINVAL);
	CHECK_EQ(build(req, &src4, 494, NULL, "X: a\r\n\r\nINVITE x", out,
		       sizeof(out), &m), -EINVAL);
	CHECK_EQ(build(req, &src4, 494, NULL, "X: a\tb\x01", out,
		       sizeof(out), &m), -EINVAL);
	CHECK_EQ(build(req, &src4, 494, NULL, " X: a", out, sizeof(out), &m),
		 -EINVAL);
	/* @m of another message: -EBADMSG */
	CHECK(build(REQ_VIA("SIP/2.0/UDP a, SIP/2.0/UDP b"), &src4, 400, NULL,
		    NULL, out, sizeof(out), &m2) > 0);
	CHECK_EQ(sipreply_build((const uint8_t *)req, len, &m2, &src4, 400,
				NULL, NULL, out, sizeof(out)), -EBADMSG);
	CHECK_EQ(sipreply_build((const uint8_t *)"junk", 4, &m2, &src4, 400,
				NULL, NULL, out, sizeof(out)), -EBADMSG);
}

/* Every output size: -ENOSPC until it fits, never a byte past outlen. */
static void test_sizes(void)
{
	char out[2048];
	struct sipmsg m;
	int full, n;
	size_t k;

	full = build(req, &src4, 494, NULL, SECSRV, out, sizeof(out), &m);
	CHECK(full > 0);
	for (k = 0; k <= (size_t)full + 1; k++) {
		n = build(req, &src4, 494, NULL, SECSRV, out, k, &m);
		if (k <= (size_t)full ? n != -ENOSPC : n != full) {
			printf("# outlen %zu -> %d\n", k, n);
			CHECK(0);
		}
	}
}

/* --- corpora ----------------------------------------------------- */

static const char *corpora;

/* A 494 to each request of @dir: it parses back with the same fields. */
static unsigned int reply_dir(const char *dir)
{
	static const struct sipreply_src src = { "198.51.100.9", 40000 };
	char path[512], out[8192], tag[19];
	unsigned int done = 0;
	struct dirent *d;
	struct sipmsg m, r;
	enum sipmsg_err e;
	size_t len;
	char *b;
	DIR *dp;
	int n, i;

	snprintf(path, sizeof(path), "%s/%s", corpora, dir);
	dp = opendir(path);
	if (!dp)
		return 0;
	while ((d = readdir(dp))) {
		snprintf(path, sizeof(path), "%s/%s/%s", corpora, dir,
			 d->d_name);
		b = unit_slurp(path, &len);
		if (!b)
			continue;
		e = sipmsg_parse(b, len, &m, NULL);
		if ((e != SIPMSG_OK && e != SIPMSG_E_LINT) || !m.request ||
		    m.method == SIPM_ACK) {
			free(b);
			continue;
		}
		n = sipreply_build((const uint8_t *)b, len, &m, &src, 494,
				   NULL, SECSRV, out, sizeof(out));
		free(b);
		if (n < 0) {
			printf("# %s: sipreply_build %d\n", d->d_name, n);
			CHECK(0);
			continue;
		}
		done++;
		/* a lint-refused request is echoed as it was: not checked */
		if (e != SIPMSG_OK)
			continue;
		if (sipmsg_parse(out, n, &r, NULL) != SIPMSG_OK) {
			printf("# %s: the 494 does not parse\n", d->d_name);
			CHECK(0);
			continue;
		}
		sipreply_tag(&m, tag);
		CHECK_EQ(r.status, 494);
		CHECK_STR(r.call_id, m.call_id);
		CHECK_EQ(r.cseq, m.cseq);
		CHECK_EQ(r.cseq_method, m.cseq_method);
		CHECK_STR(r.from_tag, m.from_tag);
		CHECK_STR(r.to_tag, m.to_tag[0] ? m.to_tag : tag);
		CHECK_STR(r.from.user, m.from.user);
		CHECK_STR(r.to.hp.host, m.to.hp.host);
		CHECK_EQ(r.n_via, m.n_via);
		for (i = 0; i < r.n_via; i++) {
			CHECK_STR(r.via[i].branch, m.via[i].branch);
			CHECK_STR(r.via[i].by.host, m.via[i].by.host);
		}
		CHECK_STR(r.via[0].received, "198.51.100.9");
		CHECK_EQ(r.via[0].rport_val, 40000);
		CHECK_EQ(r.n_contact, 0);
	}
	closedir(dp);
	printf("# %s: %u requests answered\n", dir, done);
	return done;
}

static void test_corpora(void)
{
	CHECK_EQ(reply_dir("rfc4475"), 28);
	CHECK_EQ(reply_dir("rfc5118-ipv6-torture"), 11);
	CHECK_EQ(reply_dir("sofia-sip-tests/sip"), 33);
}

int main(void)
{
	struct stat st;

	corpora = getenv("IMSSEG_CORPORA");
	if (!corpora)
		corpora = "../../../shared/corpora";
	UNIT_RUN(test_exact);
	UNIT_RUN(test_top_via);
	UNIT_RUN(test_via_list);
	UNIT_RUN(test_to_tag);
	UNIT_RUN(test_refused);
	UNIT_RUN(test_sizes);
	if (!stat(corpora, &st) && S_ISDIR(st.st_mode))
		UNIT_RUN(test_corpora);
	else
		UNIT_SKIP("test_corpora", "no corpora");
	return unit_done();
}
