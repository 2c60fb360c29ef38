# SPDX-License-Identifier: GPL-2.0
# "segctl tunnel add" / [tunnel] grammar (user/xfrm_spec.c)
test_xfrm_spec_SRCS := user/xfrm_spec.c user/xfrm_alg.c user/keyfile.c kernel/imsseg_prefix.c
test_xfrm_spec_CFLAGS := -D_GNU_SOURCE
