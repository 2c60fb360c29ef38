// SPDX-License-Identifier: GPL-2.0
/*
 * segctl run's log: one JSON object per line, so that "segctl run | jq"
 * and journald both work:
 *   {"ts":"2026-01-02T03:04:05.678Z","event":"tunnel_up",...}
 *
 * Any thread may log (the NFQUEUE threads do). dlog_begin() writes the
 * event into a per-thread memory stream; dlog_end() hands the finished
 * line, under one mutex, to: stdout (flushed), the [global] log file if
 * any, the ring of the last DLOG_RING events (for "segctl events") and
 * the followers ("segctl events -f"). A follower that cannot take a
 * line at once (its socket is full, or gone) is cut off: its socket is
 * shut down, so that the client sees the end, and the control thread
 * closes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include "daemon.h"

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -1;			/* [global] log, -1: none */
static char *ring[DLOG_RING];
static size_t ring_head, ring_n;	/* oldest at ring_head */
static int followers[DLOG_FOLLOWERS];
static size_t nfollowers;

static __thread char *tl_buf;
static __thread size_t tl_len;
static __thread FILE *tl_f;

void dlog_begin(struct json *j, const char *event)
{
	struct timespec ts;
	struct tm tm;
	char buf[48], t[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, sizeof(buf), "%s.%03ldZ", t, ts.tv_nsec / 1000000);
	tl_f = open_memstream(&tl_buf, &tl_len);
	json_init(j, tl_f ? tl_f : stdout);	/* no memory: unlocked stdout */
	json_obj_open(j, NULL);
	json_str(j, "ts", buf);
	json_str(j, "event", event);
}

static void ring_add(const char *line)
{
	char *copy = strdup(line);
	size_t at;

	if (!copy)
		return;
	if (ring_n == DLOG_RING) {
		free(ring[ring_head]);
		ring[ring_head] = copy;
		ring_head = (ring_head + 1) % DLOG_RING;
		return;
	}
	at = (ring_head + ring_n) % DLOG_RING;
	ring[at] = copy;
	ring_n++;
}

static void drop_follower(size_t i)
{
	shutdown(followers[i], SHUT_RDWR);
	followers[i] = followers[--nfollowers];
}

static bool send_all_now(int fd, const char *s, size_t len)
{
	ssize_t n = send(fd, s, len, MSG_DONTWAIT | MSG_NOSIGNAL);

	return n >= 0 && (size_t)n == len;
}

static void write_all(int fd, const char *s, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

static void dispatch(const char *line, size_t len)
{
	size_t i;

	pthread_mutex_lock(&log_mu);
	fwrite(line, 1, len, stdout);
	fflush(stdout);
	if (log_fd >= 0)
		write_all(log_fd, line, len);
	ring_add(line);
	for (i = nfollowers; i-- > 0;)
		if (!send_all_now(followers[i], line, len))
			drop_follower(i);
	pthread_mutex_unlock(&log_mu);
}

void dlog_end(struct json *j)
{
	json_obj_close(j);
	if (!tl_f) {
		fflush(stdout);
		return;
	}
	fclose(tl_f);
	tl_f = NULL;
	if (tl_buf)
		dispatch(tl_buf, tl_len);
	free(tl_buf);
	tl_buf = NULL;
	tl_len = 0;
}

void dlog_error(const char *event, const char *msg)
{
	struct json j;

	fprintf(stderr, "segctl: %s\n", msg);
	dlog_begin(&j, event);
	json_str(&j, "message", msg);
	dlog_end(&j);
}

int dlog_set_file(const char *path, char *err, size_t len)
{
	int fd = -1, old;

	if (path && *path) {
		fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
		if (fd < 0) {
			snprintf(err, len, "log file %s: %s", path,
				 strerror(errno));
			return -1;
		}
	}
	pthread_mutex_lock(&log_mu);
	old = log_fd;
	log_fd = fd;
	pthread_mutex_unlock(&log_mu);
	if (old >= 0)
		close(old);
	return 0;
}

/* The last @n lines of the ring, oldest first; call with log_mu. */
static void ring_tail(unsigned int n, void (*out)(const char *l, void *arg),
		      void *arg)
{
	size_t i, from = n < ring_n ? ring_n - n : 0;

	for (i = from; i < ring_n; i++)
		out(ring[(ring_head + i) % DLOG_RING], arg);
}

static void to_file(const char *l, void *arg)
{
	fputs(l, arg);
}

void dlog_recent(unsigned int n, FILE *f)
{
	pthread_mutex_lock(&log_mu);
	ring_tail(n, to_file, f);
	pthread_mutex_unlock(&log_mu);
}

struct fd_out {
	int fd;
	bool ok;
};

static void to_fd(const char *l, void *arg)
{
	struct fd_out *o = arg;

	if (o->ok)
		o->ok = send_all_now(o->fd, l, strlen(l));
}

int dlog_follow(int fd, unsigned int n)
{
	struct fd_out o = { fd, true };
	int rc = -1;

	pthread_mutex_lock(&log_mu);
	if (nfollowers < DLOG_FOLLOWERS) {
		ring_tail(n, to_fd, &o);
		if (o.ok) {
			followers[nfollowers++] = fd;
			rc = 0;
		}
	}
	pthread_mutex_unlock(&log_mu);
	return rc;
}

void dlog_unfollow(int fd)
{
	size_t i;

	pthread_mutex_lock(&log_mu);
	for (i = 0; i < nfollowers; i++)
		if (followers[i] == fd) {
			followers[i] = followers[--nfollowers];
			break;
		}
	pthread_mutex_unlock(&log_mu);
}

void dlog_reset(void)
{
	size_t i;

	pthread_mutex_lock(&log_mu);
	for (i = 0; i < ring_n; i++)
		free(ring[(ring_head + i) % DLOG_RING]);
	ring_head = ring_n = 0;
	nfollowers = 0;
	pthread_mutex_unlock(&log_mu);
	dlog_set_file(NULL, NULL, 0);
}
