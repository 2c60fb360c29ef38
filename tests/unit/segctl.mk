test_segctl_SRCS := user/sysfs.c user/json.c user/cmd_version.c user/util.c
test_segctl_CFLAGS := -D_GNU_SOURCE
