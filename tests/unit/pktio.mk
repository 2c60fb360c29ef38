# SPDX-License-Identifier: GPL-2.0
# segctl run's packet parse/rebuild/reply code (user/pktio.c)
test_pktio_SRCS := user/pktio.c
test_pktio_CFLAGS := -D_GNU_SOURCE
