# SPDX-License-Identifier: GPL-2.0
# The SIP brain (user/sipguard.c, user/sg_*.c) with the real parser
# (user/sipmsg.c over sofia-sip) and replies (user/sipreply.c):
# test_sipguard_flows.c (normal RFC 3261 flows: no drops),
# test_sipguard_attacks.c (each attack refused with its reason, the
# legitimate flow next to it accepted), test_sipguard_state.c (caps,
# eviction, timers, reconfigure, JSON), test_sipguard_config.c ([sip]).
sipguard_srcs := user/sipguard.c user/sg_table.c user/sg_state.c \
	user/sg_checks.c user/sg_learn.c user/sg_config.c user/sg_json.c \
	user/sipmsg.c user/sipmsg_lint.c user/sipreply.c user/json.c \
	user/conf.c kernel/imsseg_prefix.c kernel/imsseg_bucket.c
sipguard_cflags := -D_GNU_SOURCE $(shell pkg-config --cflags sofia-sip-ua)
sipguard_libs := $(shell pkg-config --libs sofia-sip-ua)

test_sipguard_flows_SRCS := $(sipguard_srcs)
test_sipguard_flows_CFLAGS := $(sipguard_cflags)
test_sipguard_flows_LIBS := $(sipguard_libs)
test_sipguard_attacks_SRCS := $(sipguard_srcs)
test_sipguard_attacks_CFLAGS := $(sipguard_cflags)
test_sipguard_attacks_LIBS := $(sipguard_libs)
test_sipguard_state_SRCS := $(sipguard_srcs)
test_sipguard_state_CFLAGS := $(sipguard_cflags)
test_sipguard_state_LIBS := $(sipguard_libs)
test_sipguard_config_SRCS := $(sipguard_srcs)
test_sipguard_config_CFLAGS := $(sipguard_cflags)
test_sipguard_config_LIBS := $(sipguard_libs)

# Rebuild when the headers change too; keep "all" the default goal.
sipguard_goal := $(.DEFAULT_GOAL)
test_sipguard_flows test_sipguard_attacks test_sipguard_state \
test_sipguard_config: sg_fixture.h $(TOP)/user/sipguard.h \
	$(TOP)/user/sg_int.h $(TOP)/user/sipmsg.h $(TOP)/user/sipreply.h
.DEFAULT_GOAL := $(sipguard_goal)
