# SPDX-License-Identifier: GPL-2.0
# SIP messages through sofia-sip (user/sipmsg.c, user/sipmsg_lint.c) and
# responses (user/sipreply.c): test_sipmsg.c (fields, lint rules,
# robustness), test_sipmsg_corpora.c (RFC 4475, RFC 5118) and
# test_sipreply.c. LeakSanitizer stays on: sofia-sip's memory is checked.
sipmsg_srcs := user/sipmsg.c user/sipmsg_lint.c
sipmsg_cflags := -D_GNU_SOURCE $(shell pkg-config --cflags sofia-sip-ua)
sipmsg_libs := $(shell pkg-config --libs sofia-sip-ua)

test_sipmsg_SRCS := $(sipmsg_srcs)
test_sipmsg_CFLAGS := $(sipmsg_cflags)
test_sipmsg_LIBS := $(sipmsg_libs)
test_sipmsg_corpora_SRCS := $(sipmsg_srcs)
test_sipmsg_corpora_CFLAGS := $(sipmsg_cflags)
test_sipmsg_corpora_LIBS := $(sipmsg_libs)
test_sipreply_SRCS := $(sipmsg_srcs) user/sipreply.c
test_sipreply_CFLAGS := $(sipmsg_cflags)
test_sipreply_LIBS := $(sipmsg_libs)

# Rebuild when the headers change too; keep "all" the default goal.
sipmsg_goal := $(.DEFAULT_GOAL)
test_sipmsg test_sipmsg_corpora test_sipreply: $(TOP)/user/sipmsg.h \
	$(TOP)/user/sipmsg_lint.h $(TOP)/user/sipreply.h
.DEFAULT_GOAL := $(sipmsg_goal)
