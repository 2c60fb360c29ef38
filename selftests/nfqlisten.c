// SPDX-License-Identifier: GPL-2.0
/*
 * NFQUEUE test listener (libmnl + libnetfilter_queue nfq_nlmsg_* API).
 *
 *   nfqlisten QUEUE[-LAST] accept|drop [READYFILE]
 *	bind QUEUE (or every queue QUEUE..LAST, at most 256), create
 *	READYFILE, then for every packet print one line "Q <first line of
 *	the UDP/TCP payload>" (flushed; Q the queue it arrived on) and
 *	give it the verdict; runs until killed.
 */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct mnl_socket *nl;
static unsigned int verdict = NF_ACCEPT;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Print the first line of the L4 payload of an IPv4/IPv6 packet. */
static void print_payload(unsigned int q, const unsigned char *p,
			  unsigned int len)
{
	unsigned int off, proto, n;

	if (len < 20)
		return;
	if ((p[0] >> 4) == 4) {
		off = (p[0] & 0xf) * 4;
		proto = p[9];
	} else {
		off = 40;
		proto = p[6];
	}
	if (proto == IPPROTO_UDP)
		off += 8;
	else if (proto == IPPROTO_TCP && off + 13 < len)
		off += (p[off + 12] >> 4) * 4;
	if (off > len)
		off = len;
	for (n = 0; off + n < len && p[off + n] != '\r' &&
		    p[off + n] != '\n' && n < 200; n++)
		;
	printf("%u %.*s\n", q, (int)n, (const char *)p + off);
	fflush(stdout);
}

static int queue_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *attr[NFQA_MAX + 1] = {};
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nfqnl_msg_packet_hdr *ph;
	struct nfgenmsg *nfg;
	struct nlmsghdr *v;
	unsigned int q;

	(void)data;
	if (nfq_nlmsg_parse(nlh, attr) < 0 || !attr[NFQA_PACKET_HDR])
		return MNL_CB_ERROR;
	nfg = mnl_nlmsg_get_payload(nlh);
	q = ntohs(nfg->res_id);
	ph = mnl_attr_get_payload(attr[NFQA_PACKET_HDR]);
	if (attr[NFQA_PAYLOAD])
		print_payload(q, mnl_attr_get_payload(attr[NFQA_PAYLOAD]),
			      mnl_attr_get_payload_len(attr[NFQA_PAYLOAD]));
	v = nfq_nlmsg_put(buf, NFQNL_MSG_VERDICT, q);
	nfq_nlmsg_verdict_put(v, ntohl(ph->packet_id), verdict);
	if (mnl_socket_sendto(nl, v, v->nlmsg_len) < 0)
		die("verdict");
	return MNL_CB_OK;
}

int main(int argc, char **argv)
{
	size_t size = 0xffff + MNL_SOCKET_BUFFER_SIZE / 2;
	unsigned int portid, queue, last, q;
	struct nlmsghdr *nlh;
	char *buf, *end;
	FILE *f;
	int ret;

	if (argc < 3) {
		fprintf(stderr, "usage: nfqlisten QUEUE[-LAST] accept|drop [READYFILE]\n");
		return 2;
	}
	queue = strtoul(argv[1], &end, 10);
	last = *end == '-' ? strtoul(end + 1, &end, 10) : queue;
	if (*end || last < queue || last > 65535 || last - queue >= 256) {
		fprintf(stderr, "nfqlisten: bad queue range '%s'\n", argv[1]);
		return 2;
	}
	verdict = strcmp(argv[2], "drop") ? NF_ACCEPT : NF_DROP;
	buf = malloc(size);
	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!buf || !nl)
		die("open");
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("bind");
	portid = mnl_socket_get_portid(nl);

	for (q = queue; q <= last; q++) {
		nlh = nfq_nlmsg_put(buf, NFQNL_MSG_CONFIG, q);
		nfq_nlmsg_cfg_put_cmd(nlh, AF_INET, NFQNL_CFG_CMD_BIND);
		if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
			die("config bind");
		nlh = nfq_nlmsg_put(buf, NFQNL_MSG_CONFIG, q);
		nfq_nlmsg_cfg_put_params(nlh, NFQNL_COPY_PACKET, 0xffff);
		if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
			die("config params");
	}
	ret = 1;
	mnl_socket_setsockopt(nl, NETLINK_NO_ENOBUFS, &ret, sizeof(ret));
	if (argc > 3) {
		f = fopen(argv[3], "w");
		if (!f)
			die(argv[3]);
		fclose(f);
	}
	for (;;) {
		ret = mnl_socket_recvfrom(nl, buf, size);
		if (ret < 0)
			die("recv");
		if (mnl_cb_run(buf, ret, 0, portid, queue_cb, NULL) < 0)
			die("cb");
	}
}
