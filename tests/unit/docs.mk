# The built user/segctl's command list against the docs; no sources.
test_docs_SRCS :=
test_docs_CFLAGS := -D_GNU_SOURCE
