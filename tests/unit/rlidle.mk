# SPDX-License-Identifier: GPL-2.0
# Per-source entry idle time (kernel/imsseg_rlidle.h), see test_rlidle.c
test_rlidle_SRCS := kernel/imsseg_bucket.c kernel/imsseg_escalate.c

rlidle_goal := $(.DEFAULT_GOAL)
test_rlidle: $(TOP)/kernel/imsseg_rlidle.h $(TOP)/kernel/imsseg_bucket.h \
	$(TOP)/kernel/imsseg_escalate.h $(TOP)/kernel/imsseg_pure.h
.DEFAULT_GOAL := $(rlidle_goal)
