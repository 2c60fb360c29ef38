// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for the SIP header scanner (kernel/imsseg_sipscan.c) on
 * the third-party corpora under $IMSSEG_CORPORA, each skipped when
 * absent: RFC 4475 torture messages, RFC 5118 IPv6 torture, sofia-sip's
 * and pjproject's test messages, PROTOS c07-sip. Every file has an
 * expected verdict; every buffer is a heap copy of exactly the scanned
 * size, so ASan reports any read past it.
 */
#include <dirent.h>
#include <sys/stat.h>

#include "sipscan_check.h"

static const char *corpora;

/* A regular file in a heap buffer of its exact size; NULL otherwise. */
static u8 *read_file(const char *path, u32 *len)
{
	struct stat st;
	FILE *f;
	long n;
	u8 *b;

	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return NULL;
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	n = st.st_size;
	b = malloc(n ? n : 1);
	if (fread(b, 1, n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	*len = n;
	return b;
}

static int have_dir(const char *sub)
{
	char p[1024];
	struct stat st;

	if (!corpora)
		return 0;
	snprintf(p, sizeof(p), "%s/%s", corpora, sub);
	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

struct expect {
	const char *file;
	u8 verdict, bad;
	u16 missing;
	u32 flags;	/* IMSSEG_SIP_F_* that must be set */
	int seen;
};

#define E(f, v, b, m)	{ f, V(v), BAD(b), m, 0, 0 }
#define EF(f, fl)	{ f, V(OK), BAD(NONE), 0, IMSSEG_SIP_F_##fl, 0 }
#define MF		IMSSEG_SIP_HDR_MAX_FORWARDS

/*
 * RFC 4475: what the kernel scanner says for each torture message. The
 * 13 valid ones (3.1.1) are OK. inv2543 (3.4.1, RFC 2543 style) lacks
 * only Max-Forwards: punt, do not drop. Caught here: badinv01 (empty
 * Via params), badvers (505), bigcode, clerr, ncl, scalar02/scalarlg
 * (CSeq >= 2^32), quotbal, ltgtruri, lwsruri, mismatch01/02, multi01,
 * mcl01, insuf. Left to user space (OK): lwsstart and trws (with
 * F_LINE_WS), escruri, baddate, regbadct, badaspec, baddn, badbranch and
 * the other application-layer ones.
 */
static struct expect rfc4475_expect[] = {
	E("badaspec.dat", OK, NONE, 0),
	E("badbranch.dat", OK, NONE, 0),
	E("baddate.dat", OK, NONE, 0),
	E("baddn.dat", OK, NONE, 0),
	E("badinv01.dat", MALFORMED, VIA, 0),
	E("badvers.dat", BAD_VERSION, VERSION_NUM, 0),
	E("bcast.dat", OK, NONE, 0),
	E("bext01.dat", OK, NONE, 0),
	E("bigcode.dat", MALFORMED, STATUS, 0),
	E("clerr.dat", BAD_CONTENT_LENGTH, CL_TOO_BIG, 0),
	E("cparam01.dat", OK, NONE, 0),
	E("cparam02.dat", OK, NONE, 0),
	EF("dblreq.dat", BODY_EXTRA),
	E("esc01.dat", OK, NONE, 0),
	E("esc02.dat", OK, NONE, 0),
	E("escnull.dat", OK, NONE, 0),
	E("escruri.dat", OK, NONE, 0),
	E("insuf.dat", MISSING_HEADER, NONE, 0x2e),
	E("intmeth.dat", OK, NONE, 0),
	E("inv2543.dat", MISSING_HEADER, NONE, MF),
	E("invut.dat", OK, NONE, 0),
	E("longreq.dat", OK, NONE, 0),
	E("ltgtruri.dat", MALFORMED, RURI, 0),
	E("lwsdisp.dat", OK, NONE, 0),
	E("lwsruri.dat", MALFORMED, START_LINE, 0),
	EF("lwsstart.dat", LINE_WS),
	E("mcl01.dat", BAD_CONTENT_LENGTH, CL_MULTI, 0),
	E("mismatch01.dat", MALFORMED, CSEQ_METHOD, 0),
	E("mismatch02.dat", MALFORMED, CSEQ_METHOD, 0),
	EF("mpart01.dat", VIA_RPORT),
	E("multi01.dat", MALFORMED, DUP, 0),
	E("ncl.dat", BAD_CONTENT_LENGTH, CL_VALUE, 0),
	E("noreason.dat", OK, NONE, 0),
	E("novelsc.dat", OK, NONE, 0),
	E("quotbal.dat", MALFORMED, ADDR, 0),
	E("regaut01.dat", OK, NONE, 0),
	E("regbadct.dat", OK, NONE, 0),
	E("regescrt.dat", OK, NONE, 0),
	E("scalar02.dat", MALFORMED, CSEQ, 0),
	E("scalarlg.dat", MALFORMED, CSEQ, 0),
	E("sdp01.dat", OK, NONE, 0),
	E("semiuri.dat", OK, NONE, 0),
	E("transports.dat", OK, NONE, 0),
	EF("trws.dat", LINE_WS),
	E("unkscm.dat", OK, NONE, 0),
	E("unksm2.dat", OK, NONE, 0),
	E("unreason.dat", OK, NONE, 0),
	EF("wsinv.dat", FOLDED),
	EF("zeromf.dat", MF_ZERO),
};

/* RFC 5118: all parse; ipv6-bad is a Request-URI matter for user space */
static struct expect rfc5118_expect[] = {
	EF("ipv4-mapped-ipv6.dat", BODY_EXTRA),
	E("ipv6-bad.dat", OK, NONE, 0),
	E("ipv6-bug-abnf-3-colons.dat", OK, NONE, 0),
	E("ipv6-correct-abnf-2-colons.dat", OK, NONE, 0),
	E("ipv6-good.dat", OK, NONE, 0),
	EF("ipv6-in-sdp.dat", BODY_EXTRA),
	E("mult-ip-in-header.dat", OK, NONE, 0),
	EF("mult-ip-in-sdp.dat", BODY_EXTRA),
	E("port-ambiguous.dat", OK, NONE, 0),
	E("port-unambiguous.dat", OK, NONE, 0),
	EF("via-received-param-no-delim.dat", VIA_RECEIVED),
	EF("via-received-param-with-delim.dat", VIA_RECEIVED),
};

/*
 * sofia-sip's parser tests. Most lack Max-Forwards (pre RFC 3261);
 * test1, test9, test10b/c have no empty line; test41/42 are SIP/7.0.
 */
static struct expect sofia_expect[] = {
	E("10052.txt", BAD_CONTENT_LENGTH, CL_TOO_BIG, 0),
	E("own0.txt", OK, NONE, 0),
	E("own1.txt", MISSING_HEADER, NONE, MF),
	EF("own2.txt", EOL_LF),
	E("own3.txt", MISSING_HEADER, NONE, MF),
	E("own4.txt", MISSING_HEADER, NONE, MF),
	E("own5.txt", MISSING_HEADER, NONE, MF),
	E("own6.txt", MISSING_HEADER, NONE, MF),
	E("own8.txt", BAD_VERSION, VERSION_NUM, 0),
	E("test-ack-1.txt", MALFORMED, CSEQ_METHOD, 0),
	E("test1.txt", TRUNCATED, NONE, 0),
	E("test10.txt", MISSING_HEADER, NONE, MF),
	E("test10b.txt", TRUNCATED, NONE, 0),
	E("test10c.txt", TRUNCATED, NONE, 0),
	E("test11.txt", MISSING_HEADER, NONE, 0x2e),
	E("test12.txt", MALFORMED, DUP, 0),
	E("test13.txt", MISSING_HEADER, NONE, MF),
	E("test14-req.txt", MISSING_HEADER, NONE, MF),
	E("test14.txt", OK, NONE, 0),
	E("test15.txt", MALFORMED, VIA, 0),
	E("test16.txt", BAD_CONTENT_LENGTH, CL_TOO_BIG, 0),
	E("test17.txt", BAD_CONTENT_LENGTH, CL_VALUE, 0),
	E("test18.txt", MISSING_HEADER, NONE, MF),
	E("test19.txt", MALFORMED, ADDR, 0),
	E("test1a.txt", MISSING_HEADER, NONE, MF),
	E("test2.txt", MISSING_HEADER, NONE, MF),
	E("test20.txt", OK, NONE, 0),
	E("test21.txt", MALFORMED, RURI, 0),
	E("test22.txt", MALFORMED, START_LINE, 0),
	E("test23.txt", MISSING_HEADER, NONE, MF),
	E("test24.txt", MISSING_HEADER, NONE, MF),
	E("test25.txt", MISSING_HEADER, NONE, MF),
	E("test26.txt", MISSING_HEADER, NONE, MF),
	E("test27.txt", MISSING_HEADER, NONE, MF),
	E("test28.txt", MISSING_HEADER, NONE, MF),
	E("test29.txt", MISSING_HEADER, NONE, MF),
	E("test3.txt", MISSING_HEADER, NONE, MF),
	E("test30.txt", MISSING_HEADER, NONE, MF),
	E("test31.txt", OK, NONE, 0),
	E("test32.txt", MISSING_HEADER, NONE, MF),
	E("test33.txt", MISSING_HEADER, NONE, MF),
	E("test34.txt", MISSING_HEADER, NONE, MF),
	E("test35.txt", MALFORMED, DUP, 0),
	E("test36.txt", MISSING_HEADER, NONE, MF),
	E("test37.txt", MISSING_HEADER, NONE, MF),
	E("test38.txt", MISSING_HEADER, NONE, MF),
	E("test39.txt", MISSING_HEADER, NONE, MF),
	E("test4.txt", MISSING_HEADER, NONE, MF),
	E("test40.txt", MISSING_HEADER, NONE, MF),
	E("test41.txt", BAD_VERSION, VERSION_NUM, 0),
	E("test42.txt", BAD_VERSION, VERSION_NUM, 0),
	E("test5.txt", MISSING_HEADER, NONE, MF),
	E("test6.txt", MISSING_HEADER, NONE, MF),
	E("test7.txt", MISSING_HEADER, NONE, MF),
	E("test8.txt", OK, NONE, 0),
	E("test9.txt", TRUNCATED, NONE, 0),
};

/*
 * pjproject OSS-Fuzz seeds; the multipart ones declare a Content-Length
 * computed for CRLF while the files use LF.
 */
static struct expect pj_expect[] = {
	E("auth_challenge.sip", OK, NONE, 0),
	E("auth_digest.sip", MISSING_HEADER, NONE, MF),
	EF("input.1.sip", EOL_CR),
	E("input.2.sip", OK, NONE, 0),
	E("input.3.sip", OK, NONE, 0),
	E("input.4.sip", TRUNCATED, NONE, 0),
	E("input.5.sip", OK, NONE, 0),
	E("input.6.sip", OK, NONE, 0),
	E("input.7.sip", OK, NONE, 0),
	E("multipart_alternative.sip", BAD_CONTENT_LENGTH, CL_TOO_BIG, 0),
	E("multipart_basic.sip", BAD_CONTENT_LENGTH, CL_TOO_BIG, 0),
	E("replaces_refer.sip", MISSING_HEADER, NONE, MF),
	E("routing_complex.sip", MISSING_HEADER, NONE, MF),
	E("session_timers.sip", MISSING_HEADER, NONE, MF),
	E("tel_uri_basic.sip", MISSING_HEADER, NONE, MF),
};

/*
 * Scan every file of @sub against @tab: the whole file as one datagram
 * and, as the kernel does by default, its first 2048 bytes. Every file
 * must be listed and every listed file present.
 */
static void check_dir(const char *sub, const char *ext, struct expect *tab,
		      size_t n, const char *const *valid)
{
	char path[1024];
	struct imsseg_sip_info in;
	struct dirent *d;
	size_t i;
	DIR *dir;
	u32 len;
	u8 *b;
	int v, v2;

	snprintf(path, sizeof(path), "%s/%s", corpora, sub);
	dir = opendir(path);
	CHECK(dir);
	while (dir && (d = readdir(dir))) {
		i = strlen(d->d_name);
		if (i < strlen(ext) || strcmp(d->d_name + i - strlen(ext), ext))
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", corpora, sub,
			 d->d_name);
		b = read_file(path, &len);
		if (!b)
			continue;	/* a directory */
		v2 = scan(b, min_t(u32, len, 2048), len, &in);
		v = scan(b, len, len, &in);
		for (i = 0; i < n && strcmp(tab[i].file, d->d_name); i++)
			;
		if (i == n) {
			printf("# %s/%s: not in the table (%s)\n", sub,
			       d->d_name, imsseg_sip_verdict_name(v));
			CHECK(0);
		} else {
			tab[i].seen = 1;
			if (v != tab[i].verdict || in.bad != tab[i].bad ||
			    in.missing != tab[i].missing ||
			    (in.flags & tab[i].flags) != tab[i].flags) {
				printf("# %s/%s: %s/%s missing %#x flags %#x\n",
				       sub, d->d_name,
				       imsseg_sip_verdict_name(v),
				       imsseg_sip_bad_name(in.bad), in.missing,
				       in.flags);
				CHECK(0);
			}
			/* a prefix may be unsure, never a different error */
			CHECK(v2 == v || v2 == V(TOO_LONG));
		}
		for (i = 0; valid && valid[i]; i++)
			if (!strcmp(valid[i], d->d_name))
				CHECK(v == V(OK));
		free(b);
	}
	if (dir)
		closedir(dir);
	for (i = 0; i < n; i++) {
		if (!tab[i].seen)
			printf("# %s/%s: listed but missing\n", sub,
			       tab[i].file);
		CHECK(tab[i].seen);
	}
}

/* RFC 4475: MANIFEST.tsv classes; the valid ones (3.1.1) must be OK. */
static void test_rfc4475(void)
{
	static const char *valid[32];
	char path[1024], line[2048], *cat, *tab2;
	size_t nv = 0, i, nlines = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/rfc4475/MANIFEST.tsv", corpora);
	f = fopen(path, "r");
	CHECK(f);
	while (f && fgets(line, sizeof(line), f)) {
		cat = strchr(line, '\t');
		cat = cat ? strchr(cat + 1, '\t') : NULL;
		cat = cat ? strchr(cat + 1, '\t') : NULL;
		tab2 = cat ? strchr(cat + 1, '\t') : NULL;
		if (!tab2 || !nlines++)
			continue;	/* header line */
		*strchr(line, '\t') = 0;
		*tab2 = 0;
		for (i = 0; i < ARRAY_SIZE(rfc4475_expect); i++) {
			if (strcmp(rfc4475_expect[i].file, line))
				continue;
			printf("# rfc4475 %-14s %-22s -> %s/%s\n", line,
			       cat + 1,
			       imsseg_sip_verdict_name(rfc4475_expect[i].verdict),
			       imsseg_sip_bad_name(rfc4475_expect[i].bad));
			if (!strcmp(cat + 1, "valid") &&
			    nv < ARRAY_SIZE(valid) - 1)
				valid[nv++] = rfc4475_expect[i].file;
		}
	}
	if (f)
		fclose(f);
	CHECK_EQ(nlines, 50);
	CHECK_EQ(nv, 13);
	check_dir("rfc4475", ".dat", rfc4475_expect, ARRAY_SIZE(rfc4475_expect),
		  valid);
}

static void test_rfc5118(void)
{
	check_dir("rfc5118-ipv6-torture", ".dat", rfc5118_expect,
		  ARRAY_SIZE(rfc5118_expect), NULL);
}

static void test_sofia(void)
{
	check_dir("sofia-sip-tests/sip", ".txt", sofia_expect,
		  ARRAY_SIZE(sofia_expect), NULL);
}

static void test_pjproject(void)
{
	check_dir("pjproject-oss-fuzz-seeds/fuzz-sip", ".sip", pj_expect,
		  ARRAY_SIZE(pj_expect), NULL);
}

/*
 * PROTOS c07-sip: each case file holds "<len> <bytes>" records, the
 * first being the INVITE. Expanded exactly as the corpus' expand.py
 * does (placeholders replaced in this order, then <Content-Length> set
 * to the length after the first CRLFCRLF).
 */
static const char *const protos_subst[][2] = {
	{ "<To>", "bob@127.0.0.1" }, { "<From>", "alice@127.0.0.1" },
	{ "<From-Address>", "127.0.0.1" }, { "<From-IP>", "127.0.0.1" },
	{ "<Local-Port>", "5061" }, { "<Branch-ID>", "0001" },
	{ "<Call-ID>", "protos1" }, { "<CSeq>", "1" },
	{ "<Teardown-Method>", "CANCEL" }, { "<Content-Length>", NULL },
};

static long find(const char *b, size_t n, const char *s, size_t from)
{
	size_t l = strlen(s), i;

	for (i = from; i + l <= n; i++)
		if (!memcmp(b + i, s, l))
			return i;
	return -1;
}

/* Replace every @from in @b[0..*n) with @to (a new buffer). */
static char *replace_all(char *b, size_t *n, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), o = 0, i = 0;
	char *out = malloc(*n * (tl > fl ? tl : 1) + 1);
	long at;

	while ((at = find(b, *n, from, i)) >= 0) {
		memcpy(out + o, b + i, at - i);
		o += at - i;
		memcpy(out + o, to, tl);
		o += tl;
		i = at + fl;
	}
	memcpy(out + o, b + i, *n - i);
	*n = o + *n - i;
	free(b);
	return out;
}

static char *protos_expand(const u8 *f, u32 flen, size_t *n)
{
	size_t i = 0, rec = 0, k;
	char num[16], *b;
	long sep;

	while (i < flen && f[i] >= '0' && f[i] <= '9')
		rec = rec * 10 + f[i++] - '0';
	if (i == flen || f[i] != ' ' || rec > flen - i - 1)
		return NULL;
	b = malloc(rec + 1);
	memcpy(b, f + i + 1, rec);
	*n = rec;
	for (k = 0; k < ARRAY_SIZE(protos_subst); k++) {
		if (!protos_subst[k][1]) {
			sep = find(b, *n, "\r\n\r\n", 0);
			snprintf(num, sizeof(num), "%zu",
				 sep < 0 ? 0 : *n - sep - 4);
		}
		b = replace_all(b, n, protos_subst[k][0],
				protos_subst[k][1] ? protos_subst[k][1] : num);
	}
	return b;
}

/*
 * Verdict counts measured on the 4527 cases, whole datagram and the
 * kernel's default 2048-byte scan (see Documentation/sipscan.rst). A
 * change in the scanner's behaviour shows up here.
 */
static const u32 protos_full[IMSSEG_SIP_VERDICT_COUNT] = {
	[V(OK)] = 3322, [V(NOT_SIP)] = 195, [V(BAD_VERSION)] = 20,
	[V(MALFORMED)] = 841, [V(BAD_CONTENT_LENGTH)] = 38,
	[V(MISSING_HEADER)] = 51, [V(TOO_LONG)] = 60,
};

static const u32 protos_2048[IMSSEG_SIP_VERDICT_COUNT] = {
	[V(OK)] = 3061, [V(NOT_SIP)] = 169, [V(BAD_VERSION)] = 12,
	[V(MALFORMED)] = 690, [V(BAD_CONTENT_LENGTH)] = 38,
	[V(MISSING_HEADER)] = 40, [V(TOO_LONG)] = 517,
};

static const u32 protos_bad[IMSSEG_SIP_BAD_COUNT] = {
	[BAD(RURI)] = 11, [BAD(VERSION_NUM)] = 20, [BAD(NUL)] = 274,
	[BAD(HDR_NAME)] = 100, [BAD(VIA)] = 158, [BAD(ADDR)] = 65,
	[BAD(CSEQ)] = 133, [BAD(CSEQ_METHOD)] = 92, [BAD(MAX_FORWARDS)] = 8,
	[BAD(CL_VALUE)] = 23, [BAD(CL_TOO_BIG)] = 15,
};

static void test_protos(void)
{
	u32 cnt[IMSSEG_SIP_VERDICT_COUNT] = { 0 }, cnt2[ARRAY_SIZE(cnt)] = { 0 };
	u32 bad[IMSSEG_SIP_BAD_COUNT] = { 0 }, g[ARRAY_SIZE(cnt)], i, j;
	u32 len, first, last = 0, cut;
	char path[1024], name[64];
	struct imsseg_sip_info in, in2;
	FILE *groups;
	size_t n;
	char *m;
	u8 *f;
	int v;

	snprintf(path, sizeof(path), "%s/protos-c07-sip/GROUPS.tsv", corpora);
	groups = fopen(path, "r");
	CHECK(groups && fgets(path, sizeof(path), groups));	/* header */
	while (groups && fscanf(groups, "%63s %u %u %*[^\n]", name, &first,
				&last) == 3) {
		memset(g, 0, sizeof(g));
		for (i = first; i <= last; i++) {
			snprintf(path, sizeof(path),
				 "%s/protos-c07-sip/cases/%07u", corpora, i);
			f = read_file(path, &len);
			m = f ? protos_expand(f, len, &n) : NULL;
			CHECK(m);
			if (!m)
				continue;
			v = scan(m, n, n, &in);
			cnt[v]++;
			g[v]++;
			bad[in.bad]++;
			cnt2[scan(m, min_t(u32, n, 2048), n, &in2)]++;
			if (!i)
				CHECK_EQ(v, V(OK));
			/* headers cut in half: never OK */
			cut = (in.hdr_len ? in.hdr_len : n) / 2;
			CHECK(scan(m, cut, cut, &in2) != V(OK));
			CHECK(scan(m, cut, n, &in2) != V(OK));
			free(m);
			free(f);
		}
		printf("# protos %-29s", name);
		for (j = 0; j < ARRAY_SIZE(g); j++)
			if (g[j])
				printf(" %s=%u", imsseg_sip_verdict_name(j), g[j]);
		printf("\n");
	}
	if (groups)
		fclose(groups);
	CHECK_EQ(last, 4526);
	for (j = 0; j < ARRAY_SIZE(cnt); j++) {
		printf("# protos total %-18s %4u (2048 B scan: %4u)\n",
		       imsseg_sip_verdict_name(j), cnt[j], cnt2[j]);
		CHECK_EQ(cnt[j], protos_full[j]);
		CHECK_EQ(cnt2[j], protos_2048[j]);
	}
	for (j = 1; j < ARRAY_SIZE(bad); j++) {
		if (bad[j] || protos_bad[j])
			printf("# protos bad %-12s %4u\n",
			       imsseg_sip_bad_name(j), bad[j]);
		CHECK_EQ(bad[j], protos_bad[j]);
	}
}

int main(void)
{
	corpora = getenv("IMSSEG_CORPORA");
	if (have_dir("rfc4475"))
		UNIT_RUN(test_rfc4475);
	else
		UNIT_SKIP("test_rfc4475", "no $IMSSEG_CORPORA/rfc4475");
	if (have_dir("rfc5118-ipv6-torture"))
		UNIT_RUN(test_rfc5118);
	else
		UNIT_SKIP("test_rfc5118", "no corpus");
	if (have_dir("sofia-sip-tests/sip"))
		UNIT_RUN(test_sofia);
	else
		UNIT_SKIP("test_sofia", "no corpus");
	if (have_dir("pjproject-oss-fuzz-seeds/fuzz-sip"))
		UNIT_RUN(test_pjproject);
	else
		UNIT_SKIP("test_pjproject", "no corpus");
	if (have_dir("protos-c07-sip/cases"))
		UNIT_RUN(test_protos);
	else
		UNIT_SKIP("test_protos", "no corpus");
	printf("# %lld scans\n", n_scans);
	return unit_done();
}
