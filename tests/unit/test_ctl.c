// SPDX-License-Identifier: GPL-2.0
/*
 * The control socket of segctl run (user/ctl.c), server and client over
 * a socket in a temporary $IMSSEG_RUNDIR, with stub answers: every
 * request, bad counts, unknown requests, "follow" (backlog, new lines,
 * the client's end noticed by the server, the follower limit), and the
 * client's message when no daemon runs. Then the daemon's event log
 * (user/daemon_log.c) behind "events" and "follow": the ring keeps the
 * last 1000 events, followers get new lines and are cut off when they
 * cannot take them.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "ctl.h"
#include "daemon.h"
#include "unit.h"

static char dir[64];

/* Stub daemon: records what the server asked. */
static struct {
	unsigned int events_n, follow_n;
	int follow_fd, unfollowed_fd;
	int follows;
	bool add_new;	/* follow(): a "new" line after the backlog */
} st;

static void s_stats(void *arg, FILE *f)
{
	fputs("{\"pid\":1,\"packets\":7}\n", f);
}

static void s_dialogs(void *arg, FILE *f)
{
	fputs("[{\"call_id\":\"a@b\"}]\n", f);
}

static void s_regs(void *arg, FILE *f)
{
	fputs("[]\n", f);
}

static void s_events(void *arg, unsigned int n, FILE *f)
{
	unsigned int i;

	st.events_n = n;
	for (i = 0; i < n && i < 3; i++)
		fprintf(f, "{\"event\":\"e%u\"}\n", i);
}

static int s_follow(void *arg, int fd, unsigned int n)
{
	char l[64];
	unsigned int i;

	st.follow_n = n;
	st.follow_fd = fd;
	st.follows++;
	for (i = 0; i < n; i++) {
		snprintf(l, sizeof(l), "{\"event\":\"old%u\"}\n", i);
		if (write(fd, l, strlen(l)) < 0)
			return -1;
	}
	if (st.add_new && write(fd, "{\"event\":\"new\"}\n", 16) != 16)
		return -1;
	return 0;
}

static void s_unfollow(void *arg, int fd)
{
	__atomic_store_n(&st.unfollowed_fd, fd, __ATOMIC_SEQ_CST);
}

static const struct ctl_ops ops = {
	.stats = s_stats, .dialogs = s_dialogs, .registrations = s_regs,
	.events = s_events, .follow = s_follow, .unfollow = s_unfollow,
};

static struct ctl_server srv;

static void start(void)
{
	char err[256];

	CHECK_EQ(ctl_server_open(&srv, &ops, err, sizeof(err)), 0);
	CHECK_EQ(ctl_server_start(&srv, err, sizeof(err)), 0);
}

static const char *ask(const char *req)
{
	static char buf[4096];
	char err[256], *out;

	if (ctl_request(req, &out, err, sizeof(err))) {
		snprintf(buf, sizeof(buf), "ERR %s", err);
		return buf;
	}
	snprintf(buf, sizeof(buf), "%s", out);
	free(out);
	return buf;
}

static void requests(void)
{
	struct stat sb;

	start();
	CHECK_EQ(stat(srv.path, &sb), 0);
	CHECK_EQ(sb.st_mode & 0777, 0600);
	CHECK(strstr(srv.path, dir) == srv.path);
	CHECK_STR(ask("stats"), "{\"pid\":1,\"packets\":7}\n");
	CHECK_STR(ask("dialogs"), "[{\"call_id\":\"a@b\"}]\n");
	CHECK_STR(ask("registrations"), "[]\n");
	CHECK_STR(ask("events"),
		  "{\"event\":\"e0\"}\n{\"event\":\"e1\"}\n{\"event\":\"e2\"}\n");
	CHECK_EQ(st.events_n, CTL_EVENTS_DEFAULT);
	CHECK_STR(ask("events 2"), "{\"event\":\"e0\"}\n{\"event\":\"e1\"}\n");
	CHECK_EQ(st.events_n, 2);
	CHECK_STR(ask("events 1000"),
		  "{\"event\":\"e0\"}\n{\"event\":\"e1\"}\n{\"event\":\"e2\"}\n");
	CHECK_EQ(st.events_n, 1000);
	st.events_n = 0;
	CHECK_STR(ask("events 0"),
		  "{\"error\":\"bad count in 'events 0': expected 1..1000\"}\n");
	CHECK_STR(ask("events 1001"),
		  "{\"error\":\"bad count in 'events 1001': expected 1..1000\"}\n");
	CHECK_STR(ask("events x"),
		  "{\"error\":\"bad count in 'events x': expected 1..1000\"}\n");
	CHECK_EQ(st.events_n, 0);	/* bad counts never reach the daemon */
	CHECK_STR(ask("eventsx"), "{\"error\":\"unknown request 'eventsx'\"}\n");
	CHECK_STR(ask("stat"), "{\"error\":\"unknown request 'stat'\"}\n");
	CHECK_STR(ask("follow 101"),
		  "{\"error\":\"bad count in 'follow 101': expected 0..100\"}\n");
	CHECK_STR(ask("\"quoted\""),
		  "{\"error\":\"unknown request '\\\"quoted\\\"'\"}\n");
	CHECK_EQ(st.follows, 0);
}

struct lines {
	char got[1024];
	int n, stop_after;
};

static int on_line(const char *l, void *arg)
{
	struct lines *ls = arg;

	strncat(ls->got, l, sizeof(ls->got) - strlen(ls->got) - 2);
	strcat(ls->got, "|");
	return ++ls->n == ls->stop_after;
}

static void follow(void)
{
	struct lines ls = { .stop_after = 4 };
	char err[256];
	int i;

	/* backlog of 3, then a line the "daemon" logs later (written
	 * before the client reads: the socket holds it) */
	st.follow_fd = -1;
	st.unfollowed_fd = -1;
	st.add_new = true;
	CHECK_EQ(ctl_follow(3, on_line, &ls, err, sizeof(err)), 0);
	st.add_new = false;
	CHECK_STR(ls.got, "{\"event\":\"old0\"}|{\"event\":\"old1\"}|{\"event\":\"old2\"}|{\"event\":\"new\"}|");
	CHECK_EQ(st.follow_n, 3);
	/* the client went away: the server notices and unfollows it */
	for (i = 0; i < 2000 &&
	     __atomic_load_n(&st.unfollowed_fd, __ATOMIC_SEQ_CST) < 0; i++)
		usleep(1000);
	CHECK_EQ(__atomic_load_n(&st.unfollowed_fd, __ATOMIC_SEQ_CST),
		 st.follow_fd);
}

static int raw_follow(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(a.sun_path, sizeof(a.sun_path), "%.100s", srv.path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    write(fd, "follow 0\n", 9) != 9)
		return -1;
	return fd;
}

static void follower_limit(void)
{
	int fds[CTL_FOLLOWERS], i, fd;
	char buf[256] = "";
	ssize_t n;

	st.follows = 0;
	for (i = 0; i < CTL_FOLLOWERS; i++)
		fds[i] = raw_follow();
	/* the server takes one client at a time: when it answers a plain
	 * request, every follower before it has been registered */
	CHECK_STR(ask("registrations"), "[]\n");
	CHECK_EQ(st.follows, CTL_FOLLOWERS);
	fd = raw_follow();
	CHECK(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	CHECK(n > 0);
	buf[n > 0 ? n : 0] = '\0';
	CHECK_STR(buf, "{\"error\":\"follow 0: too many followers\"}\n");
	CHECK_EQ(st.follows, CTL_FOLLOWERS);
	close(fd);
	for (i = 0; i < CTL_FOLLOWERS; i++)
		close(fds[i]);
}

static void stop_and_absent(void)
{
	char err[256], *out = NULL, p[256];
	struct stat sb;

	ctl_server_stop(&srv);
	CHECK(ctl_path(p, sizeof(p)) == 0);
	CHECK(stat(p, &sb) != 0);	/* socket removed */
	CHECK_EQ(ctl_request("stats", &out, err, sizeof(err)), -1);
	CHECK(out == NULL);
	CHECK(strstr(err, "segctl run is not running in this network namespace (no ") == err);
	CHECK(strstr(err, dir) != NULL);
	CHECK_EQ(ctl_follow(1, on_line, NULL, err, sizeof(err)), -1);
}

/* The daemon's log behind "events"/"follow" (stdout muted). */
static void log_ring(void)
{
	int devnull = open("/dev/null", O_WRONLY), out = dup(1), sv[2];
	char buf[65536], *rec = NULL, first[64];
	size_t len = 0;
	struct json j;
	ssize_t n;
	FILE *f;
	int i;

	fflush(stdout);
	dup2(devnull, 1);
	dlog_reset();
	for (i = 0; i < 1005; i++) {
		dlog_begin(&j, "test");
		json_u64(&j, "n", (uint64_t)i);
		dlog_end(&j);
	}
	f = open_memstream(&rec, &len);
	dlog_recent(2000, f);
	fclose(f);
	/* 1000 kept: 5..1004 */
	n = 0;
	for (i = 0; rec && rec[i]; i++)
		n += rec[i] == '\n';
	snprintf(first, sizeof(first), "%.*s", 40, rec ? strstr(rec, "\"n\":") : "");
	free(rec);

	f = open_memstream(&rec, &len);
	dlog_recent(2, f);
	fclose(f);

	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	CHECK_EQ(dlog_follow(sv[0], 1), 0);
	dlog_begin(&j, "after");
	dlog_end(&j);
	dlog_unfollow(sv[0]);
	dlog_begin(&j, "unfollowed");
	dlog_end(&j);
	fflush(stdout);
	dup2(out, 1);
	close(out);
	close(devnull);

	CHECK_EQ(n, 1000);
	CHECK(!strncmp(first, "\"n\":5}", 6));
	CHECK(rec && strstr(rec, "\"n\":1003}") && strstr(rec, "\"n\":1004}") &&
	      !strstr(rec, "\"n\":1002}"));
	free(rec);
	n = recv(sv[1], buf, sizeof(buf) - 1, MSG_DONTWAIT);
	buf[n > 0 ? n : 0] = '\0';
	CHECK(strstr(buf, "\"n\":1004}") != NULL);	/* backlog of 1 */
	CHECK(strstr(buf, "\"n\":1003}") == NULL);
	CHECK(strstr(buf, "\"event\":\"after\"") != NULL);
	CHECK(strstr(buf, "unfollowed") == NULL);
	close(sv[0]);
	close(sv[1]);
	dlog_reset();
}

/* A follower that does not read is cut off, not waited for. */
static void slow_follower(void)
{
	int devnull = open("/dev/null", O_WRONLY), out = dup(1), sv[2];
	int small = 4096, i;
	struct json j;
	char buf[256];
	struct pollfd p;
	ssize_t n;

	fflush(stdout);
	dup2(devnull, 1);
	dlog_reset();
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	dlog_follow(sv[0], 0);
	for (i = 0; i < 2000; i++) {
		dlog_begin(&j, "flood");
		json_str(&j, "pad", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		dlog_end(&j);
	}
	fflush(stdout);
	dup2(out, 1);
	close(out);
	close(devnull);
	/* the reader sees data, then the end (shutdown by the log) */
	do {
		p = (struct pollfd){ sv[1], POLLIN, 0 };
		CHECK_EQ(poll(&p, 1, 5000), 1);
		n = read(sv[1], buf, sizeof(buf));
	} while (n > 0);
	CHECK_EQ(n, 0);
	close(sv[0]);
	close(sv[1]);
	dlog_reset();
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/segctl-ctl-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	setenv("IMSSEG_RUNDIR", dir, 1);
	signal(SIGPIPE, SIG_IGN);
	UNIT_RUN(requests);
	UNIT_RUN(follow);
	UNIT_RUN(follower_limit);
	UNIT_RUN(stop_and_absent);
	UNIT_RUN(log_ring);
	UNIT_RUN(slow_follower);
	rmdir(dir);
	return unit_done();
}
