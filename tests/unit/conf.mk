# SPDX-License-Identifier: GPL-2.0
# segctl.conf parser (user/conf.c): good and bad lines, exact messages
test_conf_SRCS := user/conf.c
test_conf_CFLAGS := -D_GNU_SOURCE
