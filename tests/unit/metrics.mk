test_metrics_SRCS := user/metrics.c user/snap.c user/jsonval.c \
	user/top_view.c user/sysfs.c user/util.c
test_metrics_CFLAGS := -D_GNU_SOURCE
