# SPDX-License-Identifier: GPL-2.0
# SIP header scanner (kernel/imsseg_sipscan.c), see test_sipscan.c
test_sipscan_SRCS := kernel/imsseg_sipscan.c

# Rebuild when the headers change too; keep "all" the default goal.
sipscan_goal := $(.DEFAULT_GOAL)
test_sipscan: $(TOP)/kernel/imsseg_sipscan.h \
	$(TOP)/kernel/imsseg_sipscan_cases.h $(TOP)/kernel/imsseg_pure.h
.DEFAULT_GOAL := $(sipscan_goal)
