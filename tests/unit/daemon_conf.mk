# SPDX-License-Identifier: GPL-2.0
# segctl run's config: [global], [sip], [tunnel] (user/daemon_conf.c) and
# the source-only tunnel lookup (user/xfrm_table.c tt_lookup_src)
test_daemon_conf_SRCS := user/daemon_conf.c user/conf.c user/xfrm_spec.c \
	user/xfrm_table.c user/xfrm_alg.c user/keyfile.c user/json.c \
	user/sipguard.c user/sg_table.c user/sg_state.c user/sg_checks.c \
	user/sg_learn.c user/sg_config.c user/sg_json.c user/sipmsg.c \
	user/sipmsg_lint.c user/sipreply.c \
	kernel/imsseg_prefix.c kernel/imsseg_bucket.c
test_daemon_conf_CFLAGS := -D_GNU_SOURCE \
	$(shell pkg-config --cflags libnl-3.0 sofia-sip-ua)
test_daemon_conf_LIBS := $(shell pkg-config --libs sofia-sip-ua)
