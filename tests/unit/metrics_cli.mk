# The built user/segctl end to end; no sources of its own.
test_metrics_cli_SRCS :=
test_metrics_cli_CFLAGS := -D_GNU_SOURCE
