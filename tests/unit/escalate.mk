test_escalate_SRCS := kernel/imsseg_escalate.c
