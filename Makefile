# SPDX-License-Identifier: GPL-2.0
#
# imsseg: the kernel module (kernel/), segctl (user/) and their tests.
#
#   make            build imsseg.ko and segctl
#   make check      unit tests, fuzz smoke run, style, selftests in a VM
#   make style      checkpatch --strict + sparse on kernel code
#   make check-debug  the selftests on a KASAN/kmemleak/lockdep kernel
#   make demo       the demo lab: boot the VM, push traffic, show stats
#   make bench      benchmarks in the VM, ratios to references measured
#                   in the same run (BENCH_QUICK=1: a short smoke run)
#   make install    segctl, unit, config, imsseg.ko (DESTDIR=, PREFIX=)
#   make deb        Debian packages imsseg-dkms and segctl into out/deb
#
# KDIR=/path/to/kernel/build overrides the kernel to build against.



all: module segctl selftests-build

module:
	$(MAKE) -C kernel

segctl:
	$(MAKE) -C user

selftests-build:
	$(MAKE) -C selftests

unit:
	$(MAKE) -C tests/unit run

fuzz:
	$(MAKE) -C tests/fuzz run

style:
	tools/style

# Run the selftests in the VM (TESTS="a.sh b.sh" to pick some).
selftests: all
	tools/vm/run -t 2400 -- selftests/run.sh $(TESTS)

check:
	tools/check

# The selftests on a debug kernel (tools/check-debug; TESTS= to pick).
check-debug: all
	tools/check-debug $(TESTS)

demo:
	tools/demo

# Benchmarks (not part of check): out/bench-<time>/, see
# Documentation/performance.rst. BENCH_CASES="flood sipcalls" to pick.
bench:
	BENCH_QUICK=$(BENCH_QUICK) bench/run $(BENCH_CASES)

clean:
	$(MAKE) -C kernel clean
	$(MAKE) -C user clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C selftests clean
	-$(MAKE) -C tests/fuzz clean
	$(MAKE) -C bench clean

.PHONY: all module segctl selftests-build unit fuzz style selftests check \
	check-debug demo bench clean

# install, install-dkms, uninstall, deb, deb-check
include packaging/targets.mk
