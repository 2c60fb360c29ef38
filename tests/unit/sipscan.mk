# SPDX-License-Identifier: GPL-2.0
# SIP header scanner (kernel/imsseg_sipscan.c and its lexer
# kernel/imsseg_siplex.c): test_sipscan.c (the case table, fields,
# cuts, random input) and test_sipscan_corpora.c (third-party corpora)
test_sipscan_SRCS := kernel/imsseg_sipscan.c kernel/imsseg_siplex.c
test_sipscan_corpora_SRCS := $(test_sipscan_SRCS)

# Rebuild when the headers change too; keep "all" the default goal.
sipscan_goal := $(.DEFAULT_GOAL)
sipscan_hdrs := $(TOP)/kernel/imsseg_sipscan.h $(TOP)/kernel/imsseg_siplex.h \
	$(TOP)/kernel/imsseg_sipscan_cases.h $(TOP)/kernel/imsseg_pure.h \
	sipscan_check.h
test_sipscan test_sipscan_corpora: $(sipscan_hdrs)
.DEFAULT_GOAL := $(sipscan_goal)
