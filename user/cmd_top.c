// SPDX-License-Identifier: GPL-2.0
/*
 * segctl top [-d SECONDS] [-n ITERATIONS] [-a]
 *
 * A live view of imsseg's counters (top_view.h), refreshed every
 * SECONDS (default 1). On a terminal it redraws in place with plain
 * ANSI sequences (alternate screen, cursor home, erase to end of line)
 * so it works over ssh without curses; it reads keys in non-canonical
 * mode: q quits, a shows or hides zero rows. Ctrl-C, SIGTERM and a
 * hang-up quit too; the terminal is restored in every case. When
 * stdout is not a terminal, frames are printed one after the other.
 * -n stops after that many frames (for scripts and tests).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "segctl.h"
#include "snap.h"
#include "top_view.h"

struct top_args {
	double delay_s;
	unsigned long frames;	/* 0: until quit */
	bool all;
};

static volatile sig_atomic_t got_quit, got_winch;

static void on_signal(int sig)
{
	if (sig == SIGWINCH)
		got_winch = 1;
	else
		got_quit = 1;
}

static int parse_args(int argc, char **argv, struct top_args *a)
{
	char *end;
	int i;

	a->delay_s = 1;
	a->frames = 0;
	a->all = false;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-a")) {
			a->all = true;
		} else if (!strcmp(argv[i], "-d") && i + 1 < argc) {
			i++;
			errno = 0;
			a->delay_s = strtod(argv[i], &end);
			if (errno || end == argv[i] || *end ||
			    !(a->delay_s >= 0.1 && a->delay_s <= 3600))
				return segctl_err("top: -d '%s': seconds, 0.1..3600 expected",
						  argv[i]);
		} else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			i++;
			errno = 0;
			a->frames = strtoul(argv[i], &end, 10);
			if (errno || end == argv[i] || *end ||
			    argv[i][0] == '-' || a->frames < 1 ||
			    a->frames > 1000000)
				return segctl_err("top: -n '%s': a count, 1..1000000 expected",
						  argv[i]);
		} else if (!strcmp(argv[i], "-d") || !strcmp(argv[i], "-n")) {
			return segctl_err("top: %s needs a value", argv[i]);
		} else {
			return segctl_err("top: unexpected argument '%s'; usage: segctl top [-d SECONDS] [-n ITERATIONS] [-a]",
					  argv[i]);
		}
	}
	return 0;
}

struct term {
	bool tty;		/* stdout is a terminal: redraw in place */
	bool keys;		/* stdin is a terminal in non-canonical mode */
	struct termios saved;
};

static void term_open(struct term *t)
{
	struct termios raw;

	t->tty = isatty(STDOUT_FILENO);
	t->keys = false;
	if (t->tty && isatty(STDIN_FILENO) &&
	    !tcgetattr(STDIN_FILENO, &t->saved)) {
		raw = t->saved;
		raw.c_lflag &= ~(ICANON | ECHO);
		raw.c_cc[VMIN] = 0;
		raw.c_cc[VTIME] = 0;
		/* Ctrl-Z would leave the shell on the alternate screen. */
		raw.c_cc[VSUSP] = _POSIX_VDISABLE;
		t->keys = !tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	}
	if (t->tty) {
		/* Alternate screen, cursor hidden, screen cleared. */
		fputs("\033[?1049h\033[?25l\033[H\033[2J", stdout);
		fflush(stdout);
	}
}

static void term_close(struct term *t)
{
	if (t->tty) {
		fputs("\033[?25h\033[?1049l", stdout);
		fflush(stdout);
	}
	if (t->keys)
		tcsetattr(STDIN_FILENO, TCSANOW, &t->saved);
}

static void term_size(const struct term *t, int *cols, int *rows)
{
	const char *c = getenv("COLUMNS");
	struct winsize ws;

	*cols = 80;
	*rows = 0;
	if (t->tty && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
		return;
	}
	if (c && atoi(c) >= 20)
		*cols = atoi(c);
}

static void draw(const struct term *t, const struct top_args *a,
		 const struct snap *prev, const struct snap *cur)
{
	struct top_opts o = {
		.all = a->all, .ansi = t->tty, .keys = t->keys,
		.interval_s = a->delay_s,
	};
	char clock[32] = "", *buf = NULL;
	size_t len = 0;
	time_t now = time(NULL);
	struct tm tm;
	FILE *f;

	if (localtime_r(&now, &tm))
		strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
	o.clock = clock;
	term_size(t, &o.width, &o.height);
	if (!t->tty)
		o.height = 0;
	/* One write per frame: no flicker over a slow link. */
	f = open_memstream(&buf, &len);
	if (!f)
		return;
	if (t->tty)
		fputs("\033[H", f);
	top_render(f, prev, cur, &o);
	if (!t->tty)
		fputc('\n', f);
	fclose(f);
	fwrite(buf, 1, len, stdout);
	fflush(stdout);
	free(buf);
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * Waits until @deadline (CLOCK_MONOTONIC ms) for a key or a signal.
 * Returns 'q' to quit, 'r' to redraw, 0 at the deadline.
 */
static int wait_input(const struct term *t, uint64_t deadline,
		      const sigset_t *unblocked)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	struct timespec ts;
	uint64_t now;
	char c;
	int n;

	for (;;) {
		if (got_quit)
			return 'q';
		if (got_winch) {
			got_winch = 0;
			return 'r';
		}
		now = mono_ms();
		if (now >= deadline)
			return 0;
		ts.tv_sec = (time_t)((deadline - now) / 1000);
		ts.tv_nsec = (long)((deadline - now) % 1000) * 1000000;
		n = ppoll(&pfd, t->keys ? 1 : 0, &ts, unblocked);
		if (n > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)))
			return 'q';	/* the terminal went away */
		if (n <= 0 || !(pfd.revents & POLLIN))
			continue;
		if (read(STDIN_FILENO, &c, 1) != 1)
			continue;
		if (c == 'q' || c == 'Q')
			return 'q';
		if (c == 'a' || c == 'A')
			return 'a';
		if (c == 12)	/* Ctrl-L */
			return 'r';
	}
}

int cmd_top(int argc, char **argv, const struct segctl_opts *o)
{
	struct snap *buf[2], *prev = NULL, *cur;
	struct sigaction sa = { .sa_handler = on_signal };
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH };
	sigset_t block, saved, unblocked;
	unsigned long frames = 0;
	struct top_args a;
	struct term t;
	uint64_t deadline;
	size_t i;
	int k;

	if (o->json)
		return segctl_err("top: -j does not apply (use 'segctl metrics' or 'segctl stats -j')");
	if (parse_args(argc, argv, &a))
		return 1;
	buf[0] = snap_new();
	buf[1] = snap_new();
	if (!buf[0] || !buf[1]) {
		snap_free(buf[0]);
		snap_free(buf[1]);
		return segctl_err("top: out of memory");
	}
	/* The signals are blocked except while waiting (no lost wakeup). */
	sigemptyset(&block);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&block, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, &block, &saved);
	unblocked = saved;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigdelset(&unblocked, sigs[i]);

	term_open(&t);
	cur = buf[0];
	while (!got_quit) {
		snap_take(cur, SNAP_LISTS | SNAP_SEGCTL);
		draw(&t, &a, prev, cur);
		if (a.frames && ++frames >= a.frames)
			break;
		deadline = mono_ms() + (uint64_t)(a.delay_s * 1000);
		while ((k = wait_input(&t, deadline, &unblocked))) {
			if (k == 'q')
				break;
			if (k == 'a')
				a.all = !a.all;
			draw(&t, &a, prev, cur);
		}
		if (k == 'q')
			break;
		prev = cur;
		cur = cur == buf[0] ? buf[1] : buf[0];
	}
	term_close(&t);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	snap_free(buf[0]);
	snap_free(buf[1]);
	return 0;
}
