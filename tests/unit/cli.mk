# SPDX-License-Identifier: GPL-2.0
# segctl argument parsing for iface/allow/block/trust (user/cli.c)
test_cli_SRCS := user/cli.c kernel/imsseg_prefix.c
test_cli_CFLAGS := -D_GNU_SOURCE
