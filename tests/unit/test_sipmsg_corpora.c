// SPDX-License-Identifier: GPL-2.0
/*
 * sipmsg_parse() over the third-party corpora in $IMSSEG_CORPORA
 * (../shared/corpora; each part is a TAP skip when absent):
 *
 * - RFC 4475: an expected result per message (valid ones OK, the
 *   invalid ones refused by sofia-sip or by segctl's lint), a few
 *   fields, and every file of the directory in the table;
 * - RFC 5118: all valid but ipv6-bad, with the IPv6 fields;
 * - sofia-sip's own parser tests: upstream "bad" ones never OK;
 * - PROTOS c07-sip: every case sofia-sip refused (sofia-results) is
 *   refused here too, the reference case is OK, no crash or leak.
 *
 * Each file is parsed from a heap buffer of its exact size.
 */
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "unit.h"
#include "sipmsg.h"

static const char *corpora;

static enum sipmsg_err parse_file(const char *dir, const char *name,
				  struct sipmsg *m, const char **why)
{
	char path[512];
	size_t len;
	char *b;
	enum sipmsg_err e;

	snprintf(path, sizeof(path), "%s/%s/%s", corpora, dir, name);
	b = unit_slurp(path, &len);
	if (!b) {
		printf("# cannot read %s\n", path);
		*why = "unreadable";
		return 99;
	}
	e = sipmsg_parse(b, len, m, why);
	free(b);
	return e;
}

static bool have(const char *dir)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", corpora, dir);
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

struct expect {
	const char *name;
	enum sipmsg_err err;
	const char *why;	/* substring of the reason */
	uint32_t flags;		/* SIPMSG_F_* that must be set */
};

#define OK(n)		{ n, SIPMSG_OK, "", 0 }
#define PARSE(n, w)	{ n, SIPMSG_E_PARSE, w, 0 }
#define LINT(n, w)	{ n, SIPMSG_E_LINT, w, 0 }

/* RFC 4475 section 3, in its order. */
static const struct expect rfc4475[] = {
	/* 3.1.1 valid */
	OK("wsinv.dat"),
	/* sofia-sip cannot hold a NUL inside a header, nor the method
	 * token's ` and ' characters: refused (Documentation/sipmsg.rst) */
	PARSE("intmeth.dat", "NUL"),
	OK("esc01.dat"), OK("escnull.dat"), OK("esc02.dat"),
	OK("lwsdisp.dat"), OK("longreq.dat"), OK("dblreq.dat"),
	OK("semiuri.dat"), OK("transports.dat"), OK("mpart01.dat"),
	OK("unreason.dat"), OK("noreason.dat"),
	/* 3.1.2 invalid */
	PARSE("badinv01.dat", "did not parse"),
	PARSE("clerr.dat", "parse error"),
	PARSE("ncl.dat", "parse error"),
	PARSE("scalar02.dat", "did not parse"),
	PARSE("scalarlg.dat", "did not parse"),
	PARSE("quotbal.dat", "did not parse"),
	PARSE("ltgtruri.dat", "sanity"),
	PARSE("lwsruri.dat", "parse error"),
	LINT("lwsstart.dat", "extra whitespace in the request line"),
	LINT("trws.dat", "extra whitespace in the request line"),
	LINT("escruri.dat", "headers in the Request-URI"),
	PARSE("baddate.dat", "did not parse"),
	PARSE("regbadct.dat", "did not parse"),
	LINT("badaspec.dat", "whitespace inside <addr-spec>"),
	PARSE("baddn.dat", "did not parse"),
	LINT("badvers.dat", "SIP version is not 2.0"),
	PARSE("mismatch01.dat", "sanity"),
	PARSE("mismatch02.dat", "sanity"),
	PARSE("bigcode.dat", "parse error"),
	/* 3.2 transaction layer: parses (no magic cookie is legal) */
	OK("badbranch.dat"),
	/* 3.3 application layer */
	{ "insuf.dat", SIPMSG_E_MISSING, "missing", 0 },
	OK("unkscm.dat"), OK("novelsc.dat"), OK("unksm2.dat"),
	OK("bext01.dat"), OK("invut.dat"), OK("regaut01.dat"),
	PARSE("multi01.dat", "did not parse"),
	PARSE("mcl01.dat", "parse error"),
	OK("bcast.dat"), OK("zeromf.dat"), OK("cparam01.dat"),
	OK("cparam02.dat"), OK("regescrt.dat"), OK("sdp01.dat"),
	/* 3.4 RFC 2543 */
	OK("inv2543.dat"),
	/* not among the 49: see the corpus README */
	PARSE("extras/baddn.resiprocate-variant-no-final-CRLF.dat",
	      "no empty line"),
};

static const struct expect rfc5118[] = {
	OK("ipv6-good.dat"),
	PARSE("ipv6-bad.dat", "parse error"),
	OK("port-ambiguous.dat"), OK("port-unambiguous.dat"),
	OK("via-received-param-with-delim.dat"),
	OK("via-received-param-no-delim.dat"),
	OK("ipv6-in-sdp.dat"), OK("mult-ip-in-header.dat"),
	OK("mult-ip-in-sdp.dat"), OK("ipv4-mapped-ipv6.dat"),
	OK("ipv6-bug-abnf-3-colons.dat"), OK("ipv6-correct-abnf-2-colons.dat"),
};

static void run_table(const char *dir, const struct expect *t, size_t n)
{
	struct sipmsg m;
	const char *why;
	enum sipmsg_err e;
	size_t i;

	for (i = 0; i < n; i++) {
		e = parse_file(dir, t[i].name, &m, &why);
		if (e == t[i].err && strstr(why, t[i].why) &&
		    (m.flags & t[i].flags) == t[i].flags)
			continue;
		printf("# %s/%s: %d \"%s\" flags %#x, expected %d \"%s\" "
		       "flags %#x\n", dir, t[i].name, e, why, m.flags,
		       t[i].err, t[i].why, t[i].flags);
		CHECK(0);
	}
}

/* Every file of @dir ending in @ext is in the table. */
static void check_listed(const char *dir, const char *ext,
			 const struct expect *t, size_t n)
{
	size_t el = strlen(ext);
	char path[512];
	struct dirent *d;
	size_t i, files = 0;
	DIR *dp;

	snprintf(path, sizeof(path), "%s/%s", corpora, dir);
	dp = opendir(path);
	CHECK(dp != NULL);
	if (!dp)
		return;
	while ((d = readdir(dp))) {
		size_t l = strlen(d->d_name);

		if (l < el || strcmp(d->d_name + l - el, ext))
			continue;
		files++;
		for (i = 0; i < n && strcmp(t[i].name, d->d_name); i++)
			;
		if (i == n) {
			printf("# %s/%s is not in the table\n", dir,
			       d->d_name);
			CHECK(0);
		}
	}
	closedir(dp);
	printf("# %s: %zu files\n", dir, files);
}

static void test_rfc4475(void)
{
	struct sipmsg m;
	const char *why;

	run_table("rfc4475", rfc4475, ARRAY_SIZE(rfc4475));
	check_listed("rfc4475", ".dat", rfc4475, ARRAY_SIZE(rfc4475));

	CHECK_EQ(parse_file("rfc4475", "wsinv.dat", &m, &why), SIPMSG_OK);
	CHECK_EQ(m.n_via, 3);
	CHECK_STR(m.via[0].by.host, "192.0.2.2");
	CHECK_STR(m.via[0].branch, "390skdjuw");
	CHECK_EQ(m.via[1].tp, SIPTP_TCP);
	CHECK_STR(m.via[2].branch, "z9hG4bK30239");
	CHECK_STR(m.to_tag, "1918181833n");
	CHECK_STR(m.from_tag, "98asjd8");
	CHECK_EQ(m.cseq, 9);
	CHECK_EQ(m.n_contact, 1);
	CHECK(m.flags & SIPMSG_F_SDP);

	CHECK_EQ(parse_file("rfc4475", "esc02.dat", &m, &why), SIPMSG_OK);
	CHECK_EQ(m.method, SIPM_OTHER);
	CHECK_STR(m.method_name, "RE%47IST%45R");

	CHECK_EQ(parse_file("rfc4475", "transports.dat", &m, &why),
		 SIPMSG_OK);
	CHECK_EQ(m.n_via, 5);
	CHECK_EQ(m.via[1].tp, SIPTP_SCTP);
	CHECK_EQ(m.via[2].tp, SIPTP_TLS);
	CHECK_EQ(m.via[3].tp, SIPTP_OTHER);

	CHECK_EQ(parse_file("rfc4475", "longreq.dat", &m, &why), SIPMSG_OK);
	CHECK(m.flags & SIPMSG_F_CUT);

	CHECK_EQ(parse_file("rfc4475", "inv2543.dat", &m, &why), SIPMSG_OK);
	CHECK_STR(m.from_tag, "");
	CHECK_STR(m.via[0].branch, "");

	CHECK_EQ(parse_file("rfc4475", "bcast.dat", &m, &why), SIPMSG_OK);
	CHECK_EQ(m.status, 200);
	CHECK_STR(m.via[1].by.host, "255.255.255.255");

	CHECK_EQ(parse_file("rfc4475", "regaut01.dat", &m, &why), SIPMSG_OK);
	CHECK(m.flags & SIPMSG_F_AUTH);

	CHECK_EQ(parse_file("rfc4475", "badvers.dat", &m, &why),
		 SIPMSG_E_LINT);
	CHECK(m.flags & SIPMSG_F_BAD_VERSION);
	CHECK_STR(m.call_id, "badvers.31417@c.example.com");
}

static void test_rfc5118(void)
{
	struct sipmsg m;
	const char *why;
	const char *d = "rfc5118-ipv6-torture";

	run_table(d, rfc5118, ARRAY_SIZE(rfc5118));
	check_listed(d, ".dat", rfc5118, ARRAY_SIZE(rfc5118));

	CHECK_EQ(parse_file(d, "ipv6-good.dat", &m, &why), SIPMSG_OK);
	CHECK_STR(m.ruri.hp.host, "[2001:db8::10]");
	CHECK_STR(m.via[0].by.host, "[2001:db8::9:1]");
	CHECK_EQ(parse_file(d, "port-ambiguous.dat", &m, &why), SIPMSG_OK);
	CHECK_STR(m.ruri.hp.host, "[2001:db8::10:5070]");
	CHECK_EQ(m.ruri.hp.port, 0);
	CHECK_EQ(parse_file(d, "port-unambiguous.dat", &m, &why), SIPMSG_OK);
	CHECK_STR(m.ruri.hp.host, "[2001:db8::10]");
	CHECK_EQ(m.ruri.hp.port, 5070);
	CHECK_EQ(parse_file(d, "via-received-param-with-delim.dat", &m, &why),
		 SIPMSG_OK);
	CHECK_STR(m.via[0].received, "[2001:db8::9:255]");
	CHECK_EQ(parse_file(d, "via-received-param-no-delim.dat", &m, &why),
		 SIPMSG_OK);
	CHECK_STR(m.via[0].received, "2001:db8::9:255");
	CHECK_EQ(parse_file(d, "mult-ip-in-header.dat", &m, &why), SIPMSG_OK);
	CHECK_EQ(m.n_via, 3);
	CHECK_EQ(m.via[0].by.port, 6050);
	CHECK_STR(m.via[2].received, "192.0.2.200");
	/* the SDP ones: Content-Length is 8..10 bytes short (NOTE.md) */
	CHECK_EQ(parse_file(d, "ipv6-in-sdp.dat", &m, &why), SIPMSG_OK);
	CHECK_STR(m.sdp.conn, "2001:db8::20");
	CHECK_EQ(m.sdp.n_media, 2);
	CHECK_EQ(m.sdp.port[1], 6024);
	CHECK_EQ(parse_file(d, "mult-ip-in-sdp.dat", &m, &why), SIPMSG_OK);
	CHECK_STR(m.sdp.conn, "192.0.2.1");
	CHECK_EQ(m.sdp.port[0], 22334);
	CHECK_EQ(parse_file(d, "ipv4-mapped-ipv6.dat", &m, &why), SIPMSG_OK);
	CHECK_STR(m.sdp.conn, "::ffff:192.0.2.2");
	CHECK_STR(m.via[0].by.host, "[::ffff:192.0.2.10]");
}

/*
 * sofia-sip's own parser tests, by upstream class (corpus README).
 * Where segctl differs from upstream the reason is the lint rule that
 * RFC 4475 motivates, a header section without its empty line (RFC
 * 3261 7: the CRLF is not optional), the datagram framing of RFC 3261 18.3 (test10:
 * a second message after the first is trailing octets) or the SDP
 * (flagged SIPMSG_F_SDP_BAD, the SIP message is fine).
 */
#define MISSING(n)	{ n, SIPMSG_E_MISSING, "missing", 0 }
#define SDPBAD(n)	{ n, SIPMSG_OK, "", SIPMSG_F_SDP_BAD }
static const struct expect sofia_tests[] = {
	/* "good"; test1 and test9 end without the empty line */
	PARSE("test1.txt", "no empty line"),
	OK("test2.txt"), SDPBAD("test3.txt"),
	LINT("test4.txt", "Expires is a date"),
	SDPBAD("test5.txt"), OK("test6.txt"), SDPBAD("test7.txt"),
	SDPBAD("test8.txt"), PARSE("test9.txt", "no empty line"),
	SDPBAD("test14.txt"),
	LINT("test20.txt", "extra whitespace in the request line"),
	LINT("test23.txt", "extra whitespace in the request line"),
	SDPBAD("test24.txt"), SDPBAD("test31.txt"),
	SDPBAD("own1.txt"), OK("own2.txt"), OK("own3.txt"), OK("own4.txt"),
	{ "own5.txt", SIPMSG_OK, "", SIPMSG_F_SDP },
	LINT("own6.txt", "whitespace inside <addr-spec>"),
	/* "ugly" */
	LINT("test25.txt", "headers in the Request-URI"),
	OK("test27.txt"), OK("test28.txt"),
	LINT("test30.txt", "Expires is a date"),
	OK("test32.txt"),
	{ "test34.txt", SIPMSG_OK, "", SIPMSG_F_MORE_VIA | SIPMSG_F_SDP_BAD },
	{ "test36.txt", SIPMSG_OK, "", SIPMSG_F_SDP },
	OK("test37.txt"), OK("test38.txt"), OK("test39.txt"),
	LINT("test41.txt", "SIP version is not 2.0"),
	LINT("test42.txt", "SIP version is not 2.0"),
	/* "bad" */
	OK("test10.txt"), MISSING("test11.txt"),
	PARSE("test12.txt", ""), PARSE("test13.txt", ""),
	PARSE("test15.txt", ""), PARSE("test16.txt", ""),
	PARSE("test17.txt", ""), SDPBAD("test18.txt"),
	PARSE("test19.txt", ""), PARSE("test21.txt", ""),
	PARSE("test22.txt", ""), SDPBAD("test26.txt"),
	PARSE("test29.txt", ""), PARSE("test33.txt", ""),
	PARSE("test35.txt", ""), PARSE("test40.txt", ""),
};

/* The unclassified ones: any result, no crash, no leak. */
static void parse_unlisted(const char *dir, const struct expect *t,
			   size_t n)
{
	char path[512];
	struct dirent *d;
	struct sipmsg m;
	const char *why;
	size_t i, files = 0;
	DIR *dp;

	snprintf(path, sizeof(path), "%s/%s", corpora, dir);
	dp = opendir(path);
	if (!dp)
		return;
	while ((d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		for (i = 0; i < n && strcmp(t[i].name, d->d_name); i++)
			;
		if (i < n)
			continue;
		CHECK(parse_file(dir, d->d_name, &m, &why) <=
		      SIPMSG_E_MISSING);
		files++;
	}
	closedir(dp);
	printf("# %s: %zu unclassified files parsed\n", dir, files);
}

static void test_sofia_tests(void)
{
	const char *d = "sofia-sip-tests/sip";

	run_table(d, sofia_tests, ARRAY_SIZE(sofia_tests));
	parse_unlisted(d, sofia_tests, ARRAY_SIZE(sofia_tests));
}

/*
 * PROTOS c07-sip: a case file holds "<len> <bytes>" records; the first
 * is the INVITE, with placeholders (corpus README) given loopback
 * values here and <Content-Length> the length of the body.
 */
static const char *const protos_values[][2] = {
	{ "<To>", "bob@127.0.0.1" }, { "<From>", "alice@127.0.0.1" },
	{ "<From-Address>", "127.0.0.1" }, { "<From-IP>", "127.0.0.1" },
	{ "<Local-Port>", "5061" }, { "<Branch-ID>", "0001" },
	{ "<Call-ID>", "protos1" }, { "<CSeq>", "1" },
	{ "<Teardown-Method>", "CANCEL" },
};

/* @s with every @from replaced by @to; a new heap buffer. */
static char *subst(const char *s, size_t n, const char *from,
		   const char *to, size_t *out_n)
{
	size_t fl = strlen(from), tl = strlen(to), i, k = 0, hits = 0;
	char *r;

	for (i = 0; i + fl <= n; i++)
		if (!memcmp(s + i, from, fl))
			hits++, i += fl - 1;
	r = malloc(n + hits * tl + 1);
	for (i = 0; i < n;) {
		if (i + fl <= n && !memcmp(s + i, from, fl)) {
			memcpy(r + k, to, tl);
			k += tl;
			i += fl;
		} else {
			r[k++] = s[i++];
		}
	}
	*out_n = k;
	return r;
}

static char *protos_case(const char *raw, size_t rlen, size_t *n)
{
	char *b, *t, num[24];
	const char *sep;
	size_t len, k, body;

	len = strtoul(raw, &t, 10);
	if (*t != ' ' || (size_t)(t + 1 - raw) + len > rlen)
		return NULL;
	b = malloc(len ? len : 1);
	memcpy(b, t + 1, len);
	for (k = 0; k < ARRAY_SIZE(protos_values); k++) {
		t = subst(b, len, protos_values[k][0], protos_values[k][1],
			  &len);
		free(b);
		b = t;
	}
	sep = memmem(b, len, "\r\n\r\n", 4);
	body = sep ? len - (sep + 4 - b) : 0;
	snprintf(num, sizeof(num), "%zu", body);
	t = subst(b, len, "<Content-Length>", num, n);
	free(b);
	return t;
}

static void test_protos(void)
{
	char path[512], *line = NULL, *id, *verdict, *tab;
	size_t line_size = 0;
	unsigned int cnt[4] = { 0 }, cases = 0, sofia_rej = 0;
	struct sipmsg m;
	const char *why;
	enum sipmsg_err e;
	size_t rlen, n;
	char *raw, *msg;
	FILE *res;

	snprintf(path, sizeof(path),
		 "%s/sofia-results/protos_sofia_results.tsv", corpora);
	res = fopen(path, "r");
	CHECK(res != NULL);
	if (!res)
		return;
	while (getline(&line, &line_size, res) > 0) {
		tab = strchr(line, '\t');
		if (!tab || tab - line != 7 || strspn(line, "0123456789") != 7)
			continue;
		*tab = '\0';
		id = line;
		verdict = tab + 1;
		snprintf(path, sizeof(path), "%s/protos-c07-sip/cases/%.7s",
			 corpora, id);
		raw = unit_slurp(path, &rlen);
		msg = raw ? protos_case(raw, rlen, &n) : NULL;
		free(raw);
		if (!msg) {
			printf("# protos %s: unreadable\n", id);
			CHECK(0);
			continue;
		}
		e = sipmsg_parse(msg, n, &m, &why);
		free(msg);
		cases++;
		cnt[e]++;
		if (!strcmp(id, "0000000"))
			CHECK_EQ(e, SIPMSG_OK);
		/* refused at the SIP layer (not for its SDP) */
		if (!strncmp(verdict, "REJECT", 6) &&
		    !strstr(verdict, "SDP")) {
			sofia_rej++;
			if (e == SIPMSG_OK) {
				printf("# protos %s: sofia-sip refused it, "
				       "sipmsg_parse took it\n", id);
				CHECK(0);
			}
		}
	}
	fclose(res);
	free(line);
	printf("# protos: %u cases (sofia-sip refused %u): ok=%u parse=%u "
	       "lint=%u missing=%u\n", cases, sofia_rej, cnt[0], cnt[1],
	       cnt[2], cnt[3]);
	CHECK_EQ(cases, 4527);
	CHECK_EQ(sofia_rej, 1529);
	/* as measured; a change here is a change of behaviour */
	CHECK_EQ(cnt[SIPMSG_OK], 2694);
	CHECK_EQ(cnt[SIPMSG_E_PARSE], 1539);
	CHECK_EQ(cnt[SIPMSG_E_LINT], 245);
	CHECK_EQ(cnt[SIPMSG_E_MISSING], 49);
}

int main(void)
{
	corpora = getenv("IMSSEG_CORPORA");
	if (!corpora)
		corpora = "../../../shared/corpora";
	if (have("rfc4475"))
		UNIT_RUN(test_rfc4475);
	else
		UNIT_SKIP("test_rfc4475", "no rfc4475 corpus");
	if (have("rfc5118-ipv6-torture"))
		UNIT_RUN(test_rfc5118);
	else
		UNIT_SKIP("test_rfc5118", "no rfc5118-ipv6-torture corpus");
	if (have("sofia-sip-tests/sip"))
		UNIT_RUN(test_sofia_tests);
	else
		UNIT_SKIP("test_sofia_tests", "no sofia-sip-tests corpus");
	if (have("protos-c07-sip/cases") && have("sofia-results"))
		UNIT_RUN(test_protos);
	else
		UNIT_SKIP("test_protos", "no protos-c07-sip corpus");
	return unit_done();
}
