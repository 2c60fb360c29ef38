# SPDX-License-Identifier: GPL-2.0
# tunnel table: SPI/selector checks, ids, the SIP lookup (user/xfrm_table.c)
test_xfrm_table_SRCS := user/xfrm_table.c user/xfrm_spec.c user/xfrm_alg.c user/keyfile.c kernel/imsseg_prefix.c
test_xfrm_table_CFLAGS := -D_GNU_SOURCE
