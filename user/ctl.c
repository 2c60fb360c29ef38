// SPDX-License-Identifier: GPL-2.0
/*
 * The control socket of segctl run, server and client (ctl.h). The
 * server is one thread: it answers one client at a time (a request
 * line in, the answer out, close), with receive and send timeouts so
 * that a stuck client cannot hold it, and watches the "follow" clients
 * for their end. The answers come from struct ctl_ops (the daemon, or
 * a unit test's stubs).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "ctl.h"
#include "json.h"

#define REQ_MAX		256
#define SERVER_RCV_S	2	/* a client has 2 s to send its request */
#define SERVER_SND_S	5	/* ... and must read the answer */
#define CLIENT_RCV_S	30
#define ANSWER_MAX	(512u << 20)

static const char *rundir(void)
{
	const char *d = getenv("IMSSEG_RUNDIR");

	return d && *d ? d : "/run/imsseg";
}

int ctl_path(char *buf, size_t len)
{
	struct stat st;
	int n;

	if (stat("/proc/self/ns/net", &st))
		st.st_ino = 0;
	n = snprintf(buf, len, "%s/segctl-%lu.sock", rundir(),
		     (unsigned long)st.st_ino);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int fill_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(a->sun_path))
		return -1;
	strcpy(a->sun_path, path);
	return 0;
}

static void timeouts(int fd, int rcv_s, int snd_s)
{
	struct timeval r = { rcv_s, 0 }, w = { snd_s, 0 };

	if (rcv_s)
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &r, sizeof(r));
	if (snd_s)
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &w, sizeof(w));
}

static int write_all(int fd, const char *s, size_t len)
{
	ssize_t n;

	while (len) {
		n = send(fd, s, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Client */

static int connect_ctl(char *path, size_t plen, char *err, size_t errlen)
{
	struct sockaddr_un a;
	int fd;

	if (ctl_path(path, plen) || fill_addr(&a, path)) {
		snprintf(err, errlen, "control socket path too long");
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		if (errno == ENOENT || errno == ECONNREFUSED)
			snprintf(err, errlen,
				 "segctl run is not running in this network namespace (%s %s)",
				 errno == ENOENT ? "no" : "nobody listens on",
				 path);
		else if (errno == EACCES || errno == EPERM)
			snprintf(err, errlen,
				 "cannot connect to %s: %s (the control socket is root-only)",
				 path, strerror(errno));
		else
			snprintf(err, errlen, "cannot connect to %s: %s", path,
				 strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int send_req(int fd, const char *req, const char *path, char *err,
		    size_t errlen)
{
	char line[REQ_MAX];
	int n = snprintf(line, sizeof(line), "%s\n", req);

	if (n < 0 || (size_t)n >= sizeof(line) ||
	    write_all(fd, line, (size_t)n)) {
		snprintf(err, errlen, "%s: cannot send the request: %s", path,
			 n < 0 || (size_t)n >= sizeof(line) ? "too long" :
			 strerror(errno));
		return -1;
	}
	return 0;
}

int ctl_request(const char *req, char **out, char *err, size_t errlen)
{
	char path[256], *buf = NULL, *nb;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd;

	*out = NULL;
	fd = connect_ctl(path, sizeof(path), err, errlen);
	if (fd < 0)
		return -1;
	timeouts(fd, CLIENT_RCV_S, SERVER_SND_S);
	if (send_req(fd, req, path, err, errlen))
		goto fail;
	shutdown(fd, SHUT_WR);
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			if (cap > ANSWER_MAX) {
				snprintf(err, errlen, "%s: answer too long", path);
				goto fail;
			}
			nb = realloc(buf, cap);
			if (!nb) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s: reading the answer: %s",
				 path, errno == EAGAIN ? "timed out" :
				 strerror(errno));
			goto fail;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}

int ctl_follow(unsigned int n, int (*line)(const char *l, void *arg),
	       void *arg, char *err, size_t errlen)
{
	char path[256], req[32], buf[65536];
	size_t have = 0;
	ssize_t r;
	char *nl;
	int fd;

	fd = connect_ctl(path, sizeof(path), err, errlen);
	if (fd < 0)
		return -1;
	snprintf(req, sizeof(req), "follow %u", n);
	if (send_req(fd, req, path, err, errlen)) {
		close(fd);
		return -1;
	}
	for (;;) {
		r = read(fd, buf + have, sizeof(buf) - have - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		have += (size_t)r;
		buf[have] = '\0';
		while ((nl = strchr(buf, '\n'))) {
			*nl = '\0';
			if (line(buf, arg)) {
				close(fd);
				return 0;
			}
			have -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, have + 1);
		}
		if (have == sizeof(buf) - 1)
			have = 0;	/* a line too long: dropped */
	}
	close(fd);
	if (r < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Server */

static int read_req(int fd, char *buf, size_t len)
{
	size_t have = 0;
	ssize_t n;

	while (have < len - 1) {
		n = read(fd, buf + have, len - 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
		if (memchr(buf, '\n', have))
			break;
	}
	buf[have] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	return have ? 0 : -1;
}

static void error_answer(FILE *f, const char *fmt, const char *arg)
{
	char m[REQ_MAX + 64];
	struct json j;

	snprintf(m, sizeof(m), fmt, arg);
	json_init(&j, f);
	json_obj_open(&j, NULL);
	json_str(&j, "error", m);
	json_obj_close(&j);
}

/* "WORD [N]" with N in lo..hi (default def) into *n; -1 if bad. */
static int count_arg(const char *rest, unsigned int lo, unsigned int hi,
		     unsigned int def, unsigned int *n)
{
	unsigned long v;
	char *end;

	while (*rest == ' ')
		rest++;
	if (!*rest) {
		*n = def;
		return 0;
	}
	if (*rest < '0' || *rest > '9')
		return -1;
	errno = 0;
	v = strtoul(rest, &end, 10);
	while (*end == ' ')
		end++;
	if (errno || *end || v < lo || v > hi)
		return -1;
	*n = (unsigned int)v;
	return 0;
}

static bool word(const char *req, const char *w, const char **rest)
{
	size_t n = strlen(w);

	if (strncmp(req, w, n) || (req[n] && req[n] != ' '))
		return false;
	*rest = req + n;
	return true;
}

static int add_follower(struct ctl_server *s, int fd, unsigned int n)
{
	if (s->nfollowers == CTL_FOLLOWERS || !s->ops.follow ||
	    s->ops.follow(s->ops.arg, fd, n))
		return -1;
	s->followers[s->nfollowers++] = fd;
	return 0;
}

int ctl_serve(struct ctl_server *s, int fd)
{
	char req[REQ_MAX], *ans = NULL;
	size_t len = 0;
	const char *rest;
	unsigned int n;
	FILE *f;

	if (read_req(fd, req, sizeof(req)))
		return 0;
	f = open_memstream(&ans, &len);
	if (!f)
		return 0;
	if (!strcmp(req, "stats") && s->ops.stats) {
		s->ops.stats(s->ops.arg, f);
	} else if (!strcmp(req, "dialogs") && s->ops.dialogs) {
		s->ops.dialogs(s->ops.arg, f);
	} else if (!strcmp(req, "registrations") && s->ops.registrations) {
		s->ops.registrations(s->ops.arg, f);
	} else if (word(req, "events", &rest) && s->ops.events) {
		if (count_arg(rest, 1, CTL_EVENTS_MAX, CTL_EVENTS_DEFAULT, &n))
			error_answer(f, "bad count in '%s': expected 1..1000",
				     req);
		else
			s->ops.events(s->ops.arg, n, f);
	} else if (word(req, "follow", &rest)) {
		if (count_arg(rest, 0, CTL_FOLLOW_MAX, CTL_FOLLOW_DEFAULT, &n)) {
			error_answer(f, "bad count in '%s': expected 0..100",
				     req);
		} else {
			fclose(f);
			free(ans);
			if (!add_follower(s, fd, n))
				return 1;
			ans = NULL;
			f = open_memstream(&ans, &len);
			if (!f)
				return 0;
			error_answer(f, "%s: too many followers", req);
		}
	} else {
		error_answer(f, "unknown request '%s'", req);
	}
	fclose(f);
	write_all(fd, ans, len);
	free(ans);
	return 0;
}

static void drop_follower(struct ctl_server *s, size_t i)
{
	int fd = s->followers[i];

	if (s->ops.unfollow)
		s->ops.unfollow(s->ops.arg, fd);
	close(fd);
	s->followers[i] = s->followers[--s->nfollowers];
}

static void *serve_loop(void *arg)
{
	struct ctl_server *s = arg;
	struct pollfd p[2 + CTL_FOLLOWERS];
	char junk[256];
	size_t i, np;
	ssize_t r;
	int fd;

	for (;;) {
		p[0] = (struct pollfd){ s->stop_fd, POLLIN, 0 };
		p[1] = (struct pollfd){ s->lfd, POLLIN, 0 };
		for (i = 0; i < s->nfollowers; i++)
			p[2 + i] = (struct pollfd){ s->followers[i], POLLIN, 0 };
		np = 2 + s->nfollowers;
		if (poll(p, np, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents)
			break;
		for (i = np - 2; i-- > 0;) {
			if (!p[2 + i].revents)
				continue;
			r = recv(s->followers[i], junk, sizeof(junk),
				 MSG_DONTWAIT);
			if (r == 0 || (r < 0 && errno != EAGAIN &&
				       errno != EINTR))
				drop_follower(s, i);
		}
		if (!p[1].revents)
			continue;
		fd = accept4(s->lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		timeouts(fd, SERVER_RCV_S, SERVER_SND_S);
		if (!ctl_serve(s, fd))
			close(fd);
	}
	while (s->nfollowers)
		drop_follower(s, s->nfollowers - 1);
	return NULL;
}

int ctl_server_open(struct ctl_server *s, const struct ctl_ops *ops,
		    char *err, size_t errlen)
{
	struct sockaddr_un a;

	memset(s, 0, sizeof(*s));
	s->ops = *ops;
	s->lfd = s->stop_fd = -1;
	if (ctl_path(s->path, sizeof(s->path)) || fill_addr(&a, s->path)) {
		snprintf(err, errlen, "control socket path too long");
		return -1;
	}
	if (mkdir(rundir(), 0700) && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", rundir(),
			 strerror(errno));
		return -1;
	}
	s->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	s->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (s->lfd < 0 || s->stop_fd < 0) {
		snprintf(err, errlen, "control socket: %s", strerror(errno));
		goto fail;
	}
	unlink(s->path);	/* a dead daemon's */
	if (bind(s->lfd, (struct sockaddr *)&a, sizeof(a)) ||
	    chmod(s->path, 0600) || listen(s->lfd, 16)) {
		snprintf(err, errlen, "control socket %s: %s", s->path,
			 strerror(errno));
		goto fail;
	}
	return 0;
fail:
	if (s->lfd >= 0)
		close(s->lfd);
	if (s->stop_fd >= 0)
		close(s->stop_fd);
	s->lfd = s->stop_fd = -1;
	return -1;
}

int ctl_server_start(struct ctl_server *s, char *err, size_t errlen)
{
	int rc = pthread_create(&s->thread, NULL, serve_loop, s);

	if (rc) {
		snprintf(err, errlen, "control thread: %s", strerror(rc));
		return -1;
	}
	s->started = true;
	return 0;
}

void ctl_server_stop(struct ctl_server *s)
{
	if (s->started) {
		eventfd_write(s->stop_fd, 1);
		pthread_join(s->thread, NULL);
		s->started = false;
	}
	if (s->lfd >= 0) {
		close(s->lfd);
		unlink(s->path);
	}
	if (s->stop_fd >= 0)
		close(s->stop_fd);
	s->lfd = s->stop_fd = -1;
}
