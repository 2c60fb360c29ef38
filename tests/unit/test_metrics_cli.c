// SPDX-License-Identifier: GPL-2.0
/*
 * segctl metrics and segctl top end to end: the built user/segctl (or
 * $SEGCTL) against the fake sysfs tree of metrics_fixture.h.
 * "metrics" with no segctl run and with no module (still a valid
 * exposition saying so), bad arguments, "metrics" against a fake
 * control socket server answering "stats", "metrics -o FILE -i 1"
 * writing FILE and ending cleanly on SIGTERM, and "top -n 2" printing
 * two plain frames when stdout is not a terminal. Skipped when segctl
 * is not built (the build stage of tools/check comes first).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "unit.h"
#include "metrics_check.h"
#include "metrics_fixture.h"

static const char *segctl_bin(void)
{
	const char *b = getenv("SEGCTL");

	return b && *b ? b : "../../user/segctl";
}

static bool segctl_has_metrics(void)
{
	char cmd[256], *out;
	bool ok;
	int rc;

	if (access(segctl_bin(), X_OK))
		return false;
	snprintf(cmd, sizeof(cmd), "%s help", segctl_bin());
	out = unit_run(cmd, &rc);
	ok = out && strstr(out, "\n  metrics") && strstr(out, "\n  top");
	free(out);
	return ok;
}

static void test_cli_daemon_absent(void)
{
	char cmd[512], err[256], *out;
	int rc, n;

	snprintf(cmd, sizeof(cmd), "%s metrics 2>/dev/null", segctl_bin());
	out = unit_run(cmd, &rc);
	CHECK_EQ(rc, 0);
	CHECK(out != NULL);
	if (!out)
		return;
	CHECK_EQ(prom_check(out, err, sizeof(err), &n), 0);
	CHECK_STR(err, "");
	CHECK(n > 40);
	CHECK_LINE(out, "imsseg_segctl_up 0");
	CHECK_LINE(out, "imsseg_module_loaded 1");
	CHECK_LINE(out, "imsseg_events_total{event=\"drop_banned\"} 7");
	free(out);

	/* Bad arguments fail and say why. */
	snprintf(cmd, sizeof(cmd), "%s metrics -i 5 2>&1", segctl_bin());
	out = unit_run(cmd, &rc);
	CHECK_EQ(rc, 1);
	CHECK(out && strstr(out, "-i needs -o FILE"));
	free(out);
	snprintf(cmd, sizeof(cmd), "%s metrics -o x -i 0 2>&1", segctl_bin());
	out = unit_run(cmd, &rc);
	CHECK_EQ(rc, 1);
	CHECK(out && strstr(out, "-i '0'"));
	free(out);
	snprintf(cmd, sizeof(cmd), "%s top -n 0 2>&1", segctl_bin());
	out = unit_run(cmd, &rc);
	CHECK_EQ(rc, 1);
	CHECK(out && strstr(out, "-n '0'"));
	free(out);

	/* The module absent: still an exposition, saying so. */
	snprintf(cmd, sizeof(cmd),
		 "IMSSEG_SYSFS=/nonexistent %s metrics 2>/dev/null",
		 segctl_bin());
	out = unit_run(cmd, &rc);
	CHECK_EQ(rc, 0);
	CHECK(out && has_line(out, "imsseg_module_loaded 0"));
	CHECK(out && !strstr(out, "imsseg_events_total"));
	free(out);
}

static void test_cli_top(void)
{
	char cmd[512], *out;
	int rc;

	snprintf(cmd, sizeof(cmd), "COLUMNS=70 %s top -n 2 -d 0.2 2>&1",
		 segctl_bin());
	out = unit_run(cmd, &rc);
	CHECK_EQ(rc, 0);
	if (!out)
		return;
	/* Two frames, plain text (not a terminal), 70 columns at most. */
	CHECK_EQ(count_substr(out, "imsseg.ko 0.1.0 (abi 1)"), 2);
	CHECK_EQ(count_substr(out, "Dropped in the kernel, by reason\n"), 2);
	CHECK_NO(out, "\033");
	{
		char *p;

		for (p = out; *p; p = strchr(p, '\n') + 1)
			CHECK(strcspn(p, "\n") <= 70);
	}
	free(out);
}

/* The socket path of ctl.h for this network namespace. */
static int ctl_sock_path(char *buf, size_t len)
{
	struct stat st;

	if (stat("/proc/self/ns/net", &st))
		return -1;
	snprintf(buf, len, "%s/segctl-%lu.sock", tmpdir,
		 (unsigned long)st.st_ino);
	return 0;
}

/* A fake segctl run: answers every "stats" with stats_json. */
static pid_t fake_daemon(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char req[64];
	int fd, c;
	ssize_t n;
	pid_t pid;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -1;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(fd, 8))
		return -1;
	pid = fork();
	if (pid) {
		close(fd);
		return pid;
	}
	for (;;) {
		c = accept(fd, NULL, NULL);
		if (c < 0)
			_exit(1);
		n = read(c, req, sizeof(req) - 1);
		req[n > 0 ? n : 0] = '\0';
		if (!strncmp(req, "stats", 5) && (req[5] == '\n' || !req[5]))
			n = write(c, stats_json, strlen(stats_json));
		else
			n = write(c, "{\"error\":\"unknown request\"}\n", 28);
		close(c);
	}
}

static void test_cli_fake_daemon(void)
{
	char path[128], cmd[512], err[256], *out;
	pid_t pid;
	int rc;

	if (ctl_sock_path(path, sizeof(path))) {
		CHECK(!"no /proc/self/ns/net");
		return;
	}
	pid = fake_daemon(path);
	CHECK(pid > 0);
	if (pid <= 0)
		return;
	snprintf(cmd, sizeof(cmd), "%s metrics 2>/dev/null", segctl_bin());
	out = unit_run(cmd, &rc);
	CHECK_EQ(rc, 0);
	if (out) {
		CHECK_EQ(prom_check(out, err, sizeof(err), NULL), 0);
		CHECK_STR(err, "");
		CHECK_LINE(out, "imsseg_segctl_up 1");
		CHECK_LINE(out, "imsseg_segctl_reasons_total{reason=\"bye_spoof\"} 7");
		CHECK_LINE(out, "imsseg_segctl_queue_enobufs_total{queue=\"1\",secure=\"true\"} 2");
	}
	free(out);
	snprintf(cmd, sizeof(cmd), "%s top -n 1 2>&1", segctl_bin());
	out = unit_run(cmd, &rc);
	CHECK_EQ(rc, 0);
	CHECK(out && strstr(out, "segctl run up 1h02m"));
	CHECK(out && strstr(out, "bye_spoof"));
	free(out);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	unlink(path);
}

/* "-o FILE -i 1" writes FILE and ends cleanly on SIGTERM. */
static void test_cli_loop_sigterm(void)
{
	char path[128], err[256], *text = NULL;
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	size_t len = 0;
	int st = -1, i;
	pid_t pid, w = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/loop.prom", tmpdir);
	pid = fork();
	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 2);
		execl(segctl_bin(), "segctl", "metrics", "-o", path, "-i", "1",
		      (char *)NULL);
		_exit(127);
	}
	CHECK(pid > 0);
	/* Bounded waits for liveness only; no time is asserted. */
	for (i = 0; i < 400 && access(path, R_OK); i++)
		nanosleep(&ts, NULL);
	CHECK_EQ(access(path, R_OK), 0);
	f = fopen(path, "r");
	if (f) {
		CHECK(getdelim(&text, &len, '\0', f) > 0);
		fclose(f);
		CHECK_EQ(prom_check(text ? text : "x", err, sizeof(err), NULL),
			 0);
		CHECK_STR(err, "");
		free(text);
	}
	kill(pid, SIGTERM);
	for (i = 0; i < 400 && (w = waitpid(pid, &st, WNOHANG)) == 0; i++)
		nanosleep(&ts, NULL);
	if (!w) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	CHECK(w == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	unlink(path);
}


int main(void)
{
	static const char * const cases[] = {
		"test_cli_daemon_absent", "test_cli_top",
		"test_cli_fake_daemon", "test_cli_loop_sigterm",
	};
	size_t i;

	if (!segctl_has_metrics()) {
		for (i = 0; i < ARRAY_SIZE(cases); i++)
			UNIT_SKIP(cases[i], "user/segctl not built");
		return unit_done();
	}
	fake_tree();
	UNIT_RUN(test_cli_daemon_absent);
	UNIT_RUN(test_cli_top);
	UNIT_RUN(test_cli_fake_daemon);
	UNIT_RUN(test_cli_loop_sigterm);
	cleanup();
	return unit_done();
}
