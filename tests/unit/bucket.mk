test_bucket_SRCS := kernel/imsseg_bucket.c
