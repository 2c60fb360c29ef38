# SPDX-License-Identifier: GPL-2.0
# SIP lexer (kernel/imsseg_siplex.c) on its own, see test_siplex.c
test_siplex_SRCS := kernel/imsseg_siplex.c

siplex_goal := $(.DEFAULT_GOAL)
test_siplex: $(TOP)/kernel/imsseg_siplex.h $(TOP)/kernel/imsseg_sipscan.h \
	$(TOP)/kernel/imsseg_pure.h
.DEFAULT_GOAL := $(siplex_goal)
