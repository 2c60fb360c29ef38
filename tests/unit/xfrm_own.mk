# SPDX-License-Identifier: GPL-2.0
# ownership tags and priorities of segctl's XFRM objects (user/xfrm_own.h)
test_xfrm_own_SRCS :=
