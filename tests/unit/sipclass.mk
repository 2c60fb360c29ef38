# SPDX-License-Identifier: GPL-2.0
# SIP fast-path decision (kernel/imsseg_sipclass.c), see test_sipclass.c
test_sipclass_SRCS := kernel/imsseg_sipclass.c kernel/imsseg_sipscan.c \
	kernel/imsseg_siplex.c kernel/imsseg_prefix.c

sipclass_goal := $(.DEFAULT_GOAL)
test_sipclass: $(TOP)/kernel/imsseg_sipclass.h \
	$(TOP)/kernel/imsseg_sipscan.h $(TOP)/kernel/imsseg_siplex.h \
	$(TOP)/kernel/imsseg_pure.h
.DEFAULT_GOAL := $(sipclass_goal)
