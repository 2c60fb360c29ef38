# SPDX-License-Identifier: GPL-2.0
# IPsec key files (user/keyfile.c): lengths per algorithm, permissions
test_keyfile_SRCS := user/keyfile.c user/xfrm_alg.c
test_keyfile_CFLAGS := -D_GNU_SOURCE
