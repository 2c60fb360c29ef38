// SPDX-License-Identifier: GPL-2.0
/*
 * genlreq: send one raw request to the imsseg generic netlink family,
 * with exactly the attributes given, and print the answer. segctl
 * validates its input before sending, so this is how the selftests
 * reach the kernel's own validation. No libraries: plain sockets.
 *
 *   genlreq [-d] [-r N] [-a ABI|none] CMD [ATTR[:TYPE]=VALUE]...
 *
 *   -d      send as a dump (NLM_F_DUMP)
 *   -r N    send the request N times, adding 0..N-1 to the address
 *           (last 32 bits) of the addr attribute; stops at an error
 *   -a ABI  the u32 IMSSEG_A_ABI to send first; "none" sends none. By
 *           default every command but version carries
 *           IMSSEG_ABI_VERSION (the handshake every request needs) and
 *           version carries none
 *   CMD     version iface_set iface_get list_add list_del list_get
 *           class_get, or a number
 *   ATTR    ifindex ifname role list family addr plen ttl expires
 *           reason hits origin class, or a number
 *   TYPE    u8 u16 u32 u64 str (NUL added) raw (no NUL) hex ip; by
 *           default the attribute's type (addr: ip, i.e. inet_pton
 *           text giving 4 or 16 bytes; family: inet/inet6 or a number)
 *
 * Prints each reply message as "name=value ..." on stdout. On error
 * prints "error: <errno name> (<strerror>): <extack message>" on stderr
 * and exits with the errno (EINVAL 22, ERANGE 34, EPERM 1...).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/imsseg.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define BUFSZ 65536

/* Offset and length of the addr attribute's data in the request. */
static size_t addr_off, addr_len;

static const char * const cmd_names[] = {
	[IMSSEG_CMD_GET_VERSION] = "version",
	[IMSSEG_CMD_IFACE_SET] = "iface_set",
	[IMSSEG_CMD_IFACE_GET] = "iface_get",
	[IMSSEG_CMD_LIST_ADD] = "list_add",
	[IMSSEG_CMD_LIST_DEL] = "list_del",
	[IMSSEG_CMD_LIST_GET] = "list_get",
	[IMSSEG_CMD_CLASS_GET] = "class_get",
};

enum atype { T_NONE, T_U8, T_U16, T_U32, T_U64, T_STR, T_RAW, T_HEX, T_IP };

static const struct {
	const char *name;
	enum atype type;
} attrs[IMSSEG_A_MAX + 1] = {
	[IMSSEG_A_VERSION] = { "version", T_STR },
	[IMSSEG_A_ABI] = { "abi", T_U32 },
	[IMSSEG_A_IFINDEX] = { "ifindex", T_U32 },
	[IMSSEG_A_IFNAME] = { "ifname", T_STR },
	[IMSSEG_A_ROLE] = { "role", T_U8 },
	[IMSSEG_A_LIST] = { "list", T_U8 },
	[IMSSEG_A_FAMILY] = { "family", T_U8 },
	[IMSSEG_A_ADDR] = { "addr", T_IP },
	[IMSSEG_A_PLEN] = { "plen", T_U8 },
	[IMSSEG_A_TTL] = { "ttl", T_U32 },
	[IMSSEG_A_EXPIRES] = { "expires", T_U32 },
	[IMSSEG_A_REASON] = { "reason", T_STR },
	[IMSSEG_A_HITS] = { "hits", T_U64 },
	[IMSSEG_A_ORIGIN] = { "origin", T_U8 },
	[IMSSEG_A_CLASS] = { "class", T_U8 },
	[IMSSEG_A_PAD] = { "pad", T_RAW },
};

static const char * const type_names[] = {
	[T_U8] = "u8", [T_U16] = "u16", [T_U32] = "u32", [T_U64] = "u64",
	[T_STR] = "str", [T_RAW] = "raw", [T_HEX] = "hex", [T_IP] = "ip",
};

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "genlreq: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(125);
}

static int lookup(const char *s, const char *const *names, int n)
{
	char *end;
	long v;
	int i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(s, names[i]))
			return i;
	v = strtol(s, &end, 0);
	return *s && !*end && v >= 0 && v < 65536 ? (int)v : -1;
}

/* Appends one attribute at *len in buf. */
static void put_attr(char *buf, size_t *len, int type, const void *data,
		     size_t dlen)
{
	struct nlattr *a = (struct nlattr *)(buf + *len);

	if (*len + NLA_HDRLEN + NLA_ALIGN(dlen) > BUFSZ)
		die("%s", "request too large");
	a->nla_type = (uint16_t)type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + dlen);
	memcpy(buf + *len + NLA_HDRLEN, data, dlen);
	memset(buf + *len + NLA_HDRLEN + dlen, 0, NLA_ALIGN(dlen) - dlen);
	*len += NLA_HDRLEN + NLA_ALIGN(dlen);
}

static void put_arg(char *buf, size_t *len, char *arg)
{
	char *eq = strchr(arg, '='), *colon, *val;
	unsigned char data[4096];
	unsigned long long v;
	enum atype t;
	size_t dlen = 0, i;
	int type;

	if (!eq)
		die("bad argument '%s': expected ATTR[:TYPE]=VALUE", arg);
	*eq = '\0';
	val = eq + 1;
	colon = strchr(arg, ':');
	if (colon)
		*colon = '\0';
	type = -1;
	for (i = 1; i <= IMSSEG_A_MAX; i++)
		if (!strcmp(arg, attrs[i].name))
			type = (int)i;
	if (type < 0)
		type = lookup(arg, NULL, 0);
	if (type < 0)
		die("unknown attribute '%s'", arg);
	t = type <= IMSSEG_A_MAX ? attrs[type].type : T_RAW;
	if (colon) {
		t = (enum atype)lookup(colon + 1, type_names,
				       sizeof(type_names) / sizeof(type_names[0]));
		if ((int)t <= 0 || t > T_IP)
			die("unknown type '%s'", colon + 1);
	}
	if (type == IMSSEG_A_FAMILY && !colon) {
		if (!strcmp(val, "inet"))
			val = "2";
		else if (!strcmp(val, "inet6"))
			val = "10";
	}
	switch (t) {
	case T_U8: case T_U16: case T_U32: case T_U64:
		errno = 0;
		v = strtoull(val, NULL, 0);
		if (errno)
			die("bad number '%s'", val);
		dlen = t == T_U8 ? 1 : t == T_U16 ? 2 : t == T_U32 ? 4 : 8;
		if (t == T_U8) {
			data[0] = (uint8_t)v;
		} else if (t == T_U16) {
			uint16_t x = (uint16_t)v;

			memcpy(data, &x, 2);
		} else if (t == T_U32) {
			uint32_t x = (uint32_t)v;

			memcpy(data, &x, 4);
		} else {
			memcpy(data, &v, 8);
		}
		break;
	case T_STR: case T_RAW:
		dlen = strlen(val) + (t == T_STR);
		if (dlen > sizeof(data))
			die("value too long: '%s'", val);
		memcpy(data, val, dlen);
		break;
	case T_HEX:
		for (i = 0; val[2 * i] && val[2 * i + 1] && i < sizeof(data);
		     i++)
			if (sscanf(val + 2 * i, "%2hhx", &data[i]) != 1)
				die("bad hex '%s'", val);
		dlen = i;
		break;
	case T_IP:
		if (inet_pton(AF_INET, val, data) == 1)
			dlen = 4;
		else if (inet_pton(AF_INET6, val, data) == 1)
			dlen = 16;
		else
			die("bad address '%s'", val);
		break;
	default:
		die("%s", "bad type");
	}
	if (type == IMSSEG_A_ADDR) {
		addr_off = *len + NLA_HDRLEN;
		addr_len = dlen;
	}
	put_attr(buf, len, type, data, dlen);
}

/* Adds @n to the last 32 bits (big endian) of the addr attribute. */
static void bump_addr(char *buf, uint32_t n)
{
	unsigned char *a = (unsigned char *)buf + addr_off + addr_len - 4;
	uint32_t v = (uint32_t)a[0] << 24 | a[1] << 16 | a[2] << 8 | a[3];

	v += n;
	a[0] = v >> 24;
	a[1] = v >> 16;
	a[2] = v >> 8;
	a[3] = v;
}

static void print_attrs(const struct nlattr *a, int rem)
{
	const char *sep = "";

	for (; rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rem;
	     rem -= NLA_ALIGN(a->nla_len),
	     a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		const unsigned char *d = (const unsigned char *)a + NLA_HDRLEN;
		int type = a->nla_type & NLA_TYPE_MASK, dlen = a->nla_len - NLA_HDRLEN;
		enum atype t = type <= IMSSEG_A_MAX ? attrs[type].type : T_RAW;
		char ip[INET6_ADDRSTRLEN];
		uint64_t v = 0;
		int i;

		if (type <= IMSSEG_A_MAX && attrs[type].name)
			printf("%s%s=", sep, attrs[type].name);
		else
			printf("%s%d=", sep, type);
		sep = " ";
		if ((t == T_U8 || t == T_U16 || t == T_U32 || t == T_U64) &&
		    dlen <= 8) {
			memcpy(&v, d, (size_t)dlen);
			printf("%llu", (unsigned long long)v);
		} else if (t == T_STR) {
			printf("\"%.*s\"", dlen, (const char *)d);
		} else if (t == T_IP && (dlen == 4 || dlen == 16)) {
			inet_ntop(dlen == 4 ? AF_INET : AF_INET6, d, ip,
				  sizeof(ip));
			printf("%s", ip);
		} else {
			for (i = 0; i < dlen; i++)
				printf("%02x", d[i]);
		}
	}
	printf("\n");
}

/* Sends buf (a complete message) and handles the replies. */
static int talk(int fd, char *buf, size_t len, uint16_t family, bool print)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	uint32_t seq = h->nlmsg_seq;
	static char rbuf[BUFSZ];
	ssize_t n;

	if (send(fd, buf, len, 0) != (ssize_t)len) {
		perror("genlreq: send");
		exit(125);
	}
	for (;;) {
		n = recv(fd, rbuf, sizeof(rbuf), 0);
		if (n < 0) {
			perror("genlreq: recv");
			exit(125);
		}
		for (h = (struct nlmsghdr *)rbuf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			const struct nlattr *tlv = NULL;
			int err = 0, tlvlen = 0;

			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				err = e->error;
				tlv = (const void *)((char *)e + sizeof(*e));
				tlvlen = (int)h->nlmsg_len - NLMSG_LENGTH(sizeof(*e));
			} else if (h->nlmsg_type == NLMSG_DONE) {
				memcpy(&err, NLMSG_DATA(h), sizeof(err));
				tlv = (const void *)((char *)NLMSG_DATA(h) + 4);
				tlvlen = (int)h->nlmsg_len - NLMSG_LENGTH(4);
				if (!err)
					return 0;
			} else if (h->nlmsg_type == family) {
				if (print)
					print_attrs((const void *)((char *)NLMSG_DATA(h) + GENL_HDRLEN),
						    (int)h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN));
				continue;
			} else {
				continue;
			}
			if (!err)
				return 0;	/* ack */
			fprintf(stderr, "error: %d (%s)", -err, strerror(-err));
			for (; tlvlen >= NLA_HDRLEN && tlv->nla_len >= NLA_HDRLEN &&
			       tlv->nla_len <= tlvlen;
			     tlvlen -= NLA_ALIGN(tlv->nla_len),
			     tlv = (const void *)((const char *)tlv + NLA_ALIGN(tlv->nla_len))) {
				if (tlv->nla_type == NLMSGERR_ATTR_MSG)
					fprintf(stderr, ": %s",
						(const char *)tlv + NLA_HDRLEN);
				else if (tlv->nla_type == NLMSGERR_ATTR_OFFS)
					fprintf(stderr, " [offset %u]",
						*(const uint32_t *)((const char *)tlv + NLA_HDRLEN));
				else if (tlv->nla_type == NLMSGERR_ATTR_MISS_TYPE)
					fprintf(stderr, " [missing %u]",
						*(const uint32_t *)((const char *)tlv + NLA_HDRLEN));
			}
			fprintf(stderr, "\n");
			return -err;
		}
	}
}

static size_t start_msg(char *buf, uint16_t type, uint16_t flags, uint8_t cmd,
			uint32_t seq)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(h);

	memset(buf, 0, NLMSG_LENGTH(GENL_HDRLEN));
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq;
	g->cmd = cmd;
	g->version = 1;
	return NLMSG_LENGTH(GENL_HDRLEN);
}

/* The imsseg family id from the genl controller; exits if missing. */
static uint16_t resolve(int fd, char *buf)
{
	static char rbuf[BUFSZ];
	struct nlmsghdr *h;
	size_t len;
	ssize_t n;

	len = start_msg(buf, GENL_ID_CTRL, NLM_F_REQUEST, CTRL_CMD_GETFAMILY, 1);
	put_attr(buf, &len, CTRL_ATTR_FAMILY_NAME, IMSSEG_GENL_NAME,
		 sizeof(IMSSEG_GENL_NAME));
	((struct nlmsghdr *)buf)->nlmsg_len = (uint32_t)len;
	if (send(fd, buf, len, 0) != (ssize_t)len)
		die("%s", "cannot query the genl controller");
	n = recv(fd, rbuf, sizeof(rbuf), 0);
	h = (struct nlmsghdr *)rbuf;
	if (n < 0 || !NLMSG_OK(h, (size_t)n) || h->nlmsg_type != GENL_ID_CTRL)
		die("%s", "no generic netlink family 'imsseg' (module not loaded?)");
	{
		const struct nlattr *a = (const void *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
		int rem = (int)h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

		for (; rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN;
		     rem -= NLA_ALIGN(a->nla_len),
		     a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len)))
			if (a->nla_type == CTRL_ATTR_FAMILY_ID)
				return *(const uint16_t *)((const char *)a + NLA_HDRLEN);
	}
	die("%s", "no family id in the controller's answer");
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[BUFSZ];
	bool dump = false;
	uint16_t family;
	size_t len;
	long reps = 1, r, abi = -2;	/* -2: default, -1: none */
	int fd, one = 1, cmd, i = 1, err;
	char *end;

	if (i < argc && !strcmp(argv[i], "-d")) {
		dump = true;
		i++;
	}
	if (i + 1 < argc && !strcmp(argv[i], "-r")) {
		reps = strtol(argv[i + 1], NULL, 10);
		if (reps < 1)
			die("bad repeat count '%s'", argv[i + 1]);
		i += 2;
	}
	if (i + 1 < argc && !strcmp(argv[i], "-a")) {
		abi = strtol(argv[i + 1], &end, 0);
		if (!strcmp(argv[i + 1], "none"))
			abi = -1;
		else if (!*argv[i + 1] || *end || abi < 0 || abi > UINT32_MAX)
			die("bad ABI '%s'", argv[i + 1]);
		i += 2;
	}
	if (i >= argc)
		die("%s", "usage: genlreq [-d] [-r N] [-a ABI|none] CMD [ATTR[:TYPE]=VALUE]...");
	cmd = lookup(argv[i], cmd_names, sizeof(cmd_names) / sizeof(cmd_names[0]));
	if (cmd < 0 || cmd > 255)
		die("unknown command '%s'", argv[i]);

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0) {
		perror("genlreq: socket");
		return 125;
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	family = resolve(fd, buf);

	len = start_msg(buf, family, NLM_F_REQUEST | NLM_F_ACK |
			(dump ? NLM_F_DUMP : 0), (uint8_t)cmd, 2);
	if (abi == -2)
		abi = cmd == IMSSEG_CMD_GET_VERSION ? -1 : IMSSEG_ABI_VERSION;
	if (abi >= 0) {
		uint32_t a = (uint32_t)abi;

		put_attr(buf, &len, IMSSEG_A_ABI, &a, sizeof(a));
	}
	for (i++; i < argc; i++)
		put_arg(buf, &len, argv[i]);
	((struct nlmsghdr *)buf)->nlmsg_len = (uint32_t)len;
	if (reps > 1 && addr_len < 4)
		die("%s", "-r needs an addr attribute");
	for (r = 0; r < reps; r++) {
		err = talk(fd, buf, len, family, true);
		if (err)
			return err;
		if (reps > 1) {
			bump_addr(buf, 1);
			((struct nlmsghdr *)buf)->nlmsg_seq++;
		}
	}
	return 0;
}
