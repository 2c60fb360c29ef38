# SPDX-License-Identifier: GPL-2.0
# segctl run's control socket, server and client (user/ctl.c), and the
# event log behind "events"/"follow" (user/daemon_log.c)
test_ctl_SRCS := user/ctl.c user/daemon_log.c user/json.c
test_ctl_CFLAGS := -D_GNU_SOURCE -pthread -Wno-unused-parameter \
	$(shell pkg-config --cflags libnl-3.0 sofia-sip-ua)
test_ctl_LIBS := -pthread
