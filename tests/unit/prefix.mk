test_prefix_SRCS := kernel/imsseg_prefix.c
