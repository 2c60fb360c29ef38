// SPDX-License-Identifier: GPL-2.0
/*
 * SIP parse cost driver, run under valgrind --tool=callgrind by
 * bench/case_sipscan.sh: instructions per message, which unlike time
 * do not change with the load of a shared machine.
 *
 *   scancost MODE ITER FILE...
 *
 * MODE is what one message goes through:
 *   imsseg_scan      imsseg_sip_scan(), the kernel scanner's host build
 *   imsseg_fastpath  imsseg_sip_scan() + imsseg_sip_classify(): the
 *                    kernel's whole SIP decision but the rate bucket
 *   sofia            sofia-sip msg_make() + sip_sanity_check() +
 *                    msg_destroy(): a full parse into sofia's objects
 *   segctl_sipmsg    segctl's sipmsg_parse() (sofia-sip, lint, fields)
 *   segctl_decision  segctl's sg_process(): parse plus the SIP brain's
 *                    checks and state (one struct sg for the whole run;
 *                    each message comes from 198.51.100.7:5060 on the
 *                    untrusted side over UDP)
 *
 * Each FILE is one message. It is processed once untimed (warm-up:
 * lazy binding, sofia's one-time set-up, first-time state), then ITER
 * times with callgrind collecting, then the counters are dumped under
 * the file's name (CALLGRIND_DUMP_STATS_AT). Only the instructions of
 * the ITER runs are collected (start valgrind with
 * --collect-atstart=no). Outside valgrind the client requests do
 * nothing and the program just runs. Prints "FILE ok|rejected" per
 * file (the mode's own verdict); exits 2 on bad arguments or an
 * unreadable file, 3 if MODE was built out (NO_SEGCTL).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <valgrind/callgrind.h>

#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_util.h>

#include "imsseg_prefix.h"
#include "imsseg_sipclass.h"
#include "imsseg_sipscan.h"
#ifndef NO_SEGCTL
#include "sipguard.h"
#include "sipmsg.h"
#endif

#define MAX_MSG	65536

typedef int (*parse_fn)(const char *buf, size_t len);

static int do_imsseg_scan(const char *buf, size_t len)
{
	struct imsseg_sip_info info;

	return imsseg_sip_scan((const u8 *)buf, len, len, &info) ==
	       IMSSEG_SIP_OK;
}

static const u8 src4[4] = { 198, 51, 100, 7 };

static int do_imsseg_fastpath(const char *buf, size_t len)
{
	struct imsseg_sip_ctx ctx = {
		.saddr = src4,
		.family = IMSSEG_FAMILY_V4,
		.punt_mask = IMSSEG_PUNT_DEFAULT,
	};
	struct imsseg_sip_decision d;
	struct imsseg_sip_info info;

	imsseg_sip_scan((const u8 *)buf, len, len, &info);
	imsseg_sip_classify((const u8 *)buf, &info, &ctx, &d);
	return d.action != IMSSEG_SIPA_DROP;
}

static int do_sofia(const char *buf, size_t len)
{
	msg_t *msg;
	int ok;

	msg = msg_make(sip_default_mclass(), 0, buf, len);
	ok = msg && !msg_has_error(msg) && sip_object(msg) &&
	     sip_sanity_check(sip_object(msg)) == 0;
	msg_destroy(msg);
	return ok;
}

#ifndef NO_SEGCTL
static int do_segctl_sipmsg(const char *buf, size_t len)
{
	static struct sipmsg m;

	return sipmsg_parse(buf, len, &m, NULL) == SIPMSG_OK;
}

static struct sg *guard;
static uint64_t now_ms = 1000000;

static int do_segctl_decision(const char *buf, size_t len)
{
	static struct sg_verdict v;
	struct sg_pkt p = {
		.family = IMSSEG_FAMILY_V4,
		.l4 = 17,
		.side = SG_SIDE_UNTRUSTED,
		.src = { 198, 51, 100, 7 },
		.dst = { 10, 0, 2, 2 },
		.sport = 5060,
		.dport = 5060,
		.ifindex = 2,
		.now_ms = now_ms++,
	};

	sg_process(guard, &p, (const uint8_t *)buf, len, &v);
	return v.action == SG_ACCEPT || v.action == SG_ACCEPT_MODIFIED;
}
#endif

/* Not inlined: callgrind shows it as the one function that is measured. */
static __attribute__((noinline)) int measure(parse_fn fn, const char *buf,
					     size_t len, long iter)
{
	int ok = 0;
	long i;

	CALLGRIND_TOGGLE_COLLECT;
	for (i = 0; i < iter; i++)
		ok = fn(buf, len);
	CALLGRIND_TOGGLE_COLLECT;
	return ok;
}

static size_t slurp(const char *path, char *buf)
{
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		perror(path);
		exit(2);
	}
	n = read(fd, buf, MAX_MSG);
	close(fd);
	if (n <= 0 || n == MAX_MSG) {
		fprintf(stderr, "scancost: %s: empty, unreadable or too big\n",
			path);
		exit(2);
	}
	return n;
}

int main(int argc, char **argv)
{
	static char buf[MAX_MSG];
	parse_fn fn = NULL;
	long iter;
	size_t len;
	int i, ok;

	iter = argc < 4 ? 0 : atol(argv[2]);
	if (iter < 1) {
		fprintf(stderr, "usage: scancost MODE ITER FILE...\n");
		return 2;
	}
	if (!strcmp(argv[1], "imsseg_scan"))
		fn = do_imsseg_scan;
	else if (!strcmp(argv[1], "imsseg_fastpath"))
		fn = do_imsseg_fastpath;
	else if (!strcmp(argv[1], "sofia"))
		fn = do_sofia;
#ifndef NO_SEGCTL
	else if (!strcmp(argv[1], "segctl_sipmsg"))
		fn = do_segctl_sipmsg;
	else if (!strcmp(argv[1], "segctl_decision")) {
		struct sg_config c;

		sg_config_defaults(&c);
		c.require_secure = false;	/* judge, do not answer 494 */
		guard = sg_new(&c, NULL, NULL);
		if (!guard) {
			fprintf(stderr, "scancost: sg_new failed\n");
			return 1;
		}
		fn = do_segctl_decision;
	}
#else
	else if (!strncmp(argv[1], "segctl_", 7)) {
		fprintf(stderr, "scancost: %s: built without segctl\n",
			argv[1]);
		return 3;
	}
#endif
	if (!fn) {
		fprintf(stderr, "scancost: unknown mode '%s'\n", argv[1]);
		return 2;
	}
	for (i = 3; i < argc; i++) {
		len = slurp(argv[i], buf);
		fn(buf, len);			/* warm-up, not collected */
		ok = measure(fn, buf, len, iter);
		CALLGRIND_DUMP_STATS_AT(argv[i]);
		printf("%s %s\n", argv[i], ok ? "ok" : "rejected");
	}
#ifndef NO_SEGCTL
	if (guard)
		sg_free(guard);
#endif
	return 0;
}
