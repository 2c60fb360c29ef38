# SPDX-License-Identifier: GPL-2.0
#
# Install and package targets, included by the top Makefile
# (Documentation/install.rst):
#
#   make install         install-segctl + install-module
#   make install-segctl  segctl, its man page, systemd units, config
#                        (never overwritten) and its example files
#   make install-module  imsseg.ko into /lib/modules/<kernel>/extra
#                        (kbuild modules_install, then depmod) and the
#                        modprobe.d/modules-load.d examples
#   make install-dkms    the module source into /usr/src/imsseg-<version>
#                        for DKMS, then "dkms install" for DKMS_KERNELS
#                        (default: the running kernel) unless DESTDIR
#   make uninstall       remove what install put there, keep the config
#   make deb             Debian packages into out/deb (packaging/mkdeb)
#   make deb-check       make deb, lintian, a DKMS build on this host and
#                        the packages for the VM test (packaging/deb-check)
#
# DESTDIR stages an install; PREFIX (default /usr/local) places segctl
# in PREFIX/sbin, the man page in PREFIX/share/man, the units in
# PREFIX/lib/systemd/system (UNITDIR=) and the examples in
# PREFIX/share/doc/imsseg/examples (DOCDIR=, MODULE_DOCDIR= for the
# module's). The config is always /etc/imsseg/segctl.conf: that is where
# segctl run looks.

IMSSEG_VERSION := $(shell packaging/version)
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/imsseg
MODULE_DOCDIR ?= $(DOCDIR)
UNITDIR ?= $(PREFIX)/lib/systemd/system
CONFDIR := /etc/imsseg
DKMS_SRC := /usr/src/imsseg-$(IMSSEG_VERSION)
DKMS_KERNELS ?= $(shell uname -r)
SEGCTL_MAN := Documentation/segctl.8
# The kernel "make install-module" installs for (kernel/Makefile's KVER).
INSTALL_KVER = $(shell $(MAKE) -s --no-print-directory -C kernel kver)
# Every unit in packaging/ is segctl's; ExecStart= follows SBINDIR.
UNITS := $(wildcard packaging/*.service)
SEGCTL_EXAMPLES := packaging/segctl.conf $(wildcard packaging/*.rules.yml)
MODULE_EXAMPLES := packaging/examples/imsseg.modprobe.conf \
		   packaging/examples/imsseg.modules-load.conf

install: install-segctl install-module

install-segctl: segctl
	install -D -m 0755 user/segctl $(DESTDIR)$(SBINDIR)/segctl
	@if [ -f $(SEGCTL_MAN) ]; then \
		echo "install $(SEGCTL_MAN)"; \
		install -D -m 0644 $(SEGCTL_MAN) \
			$(DESTDIR)$(MANDIR)/man8/segctl.8; \
	else \
		echo "install-segctl: no $(SEGCTL_MAN), no man page" >&2; \
	fi
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DOCDIR)/examples
	for u in $(UNITS); do \
		sed 's|/usr/sbin/segctl|$(SBINDIR)/segctl|' $$u \
			>$(DESTDIR)$(UNITDIR)/$${u##*/} && \
		chmod 0644 $(DESTDIR)$(UNITDIR)/$${u##*/} || exit 1; \
	done
	install -m 0644 $(SEGCTL_EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/
	@if [ -e $(DESTDIR)$(CONFDIR)/segctl.conf ]; then \
		echo "install-segctl: keeping $(DESTDIR)$(CONFDIR)/segctl.conf"; \
	else \
		install -D -m 0644 packaging/segctl.conf \
			$(DESTDIR)$(CONFDIR)/segctl.conf; \
	fi

install-module: module install-module-examples
	$(MAKE) -C kernel modules_install \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR))

install-module-examples:
	install -d $(DESTDIR)$(MODULE_DOCDIR)/examples
	install -m 0644 $(MODULE_EXAMPLES) $(DESTDIR)$(MODULE_DOCDIR)/examples/

# The tree DKMS builds from: kernel/ sources (not build products), the
# ABI header kernel/Kbuild includes, and dkms.conf with the version.
install-dkms-src: install-module-examples
	install -d $(DESTDIR)$(DKMS_SRC)/kernel \
		$(DESTDIR)$(DKMS_SRC)/include/uapi/linux
	install -m 0644 kernel/Kbuild kernel/Makefile \
		$(filter-out %.mod.c,$(wildcard kernel/*.c)) \
		$(wildcard kernel/*.h) $(DESTDIR)$(DKMS_SRC)/kernel/
	install -m 0644 include/uapi/linux/imsseg.h \
		$(DESTDIR)$(DKMS_SRC)/include/uapi/linux/
	sed 's/#MODULE_VERSION#/$(IMSSEG_VERSION)/' packaging/dkms/dkms.conf \
		>$(DESTDIR)$(DKMS_SRC)/dkms.conf

install-dkms: install-dkms-src
ifeq ($(DESTDIR),)
	dkms status -m imsseg -v $(IMSSEG_VERSION) | grep -q . || \
		dkms add -m imsseg -v $(IMSSEG_VERSION)
	for k in $(DKMS_KERNELS); do \
		dkms install -m imsseg -v $(IMSSEG_VERSION) -k $$k || exit 1; \
	done
endif

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/segctl $(DESTDIR)$(MANDIR)/man8/segctl.8 \
		$(addprefix $(DESTDIR)$(UNITDIR)/,$(notdir $(UNITS)))
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/examples/,$(notdir $(SEGCTL_EXAMPLES))) \
		$(addprefix $(DESTDIR)$(MODULE_DOCDIR)/examples/,$(notdir $(MODULE_EXAMPLES)))
	-rmdir $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) \
		$(DESTDIR)$(MODULE_DOCDIR)/examples $(DESTDIR)$(MODULE_DOCDIR) 2>/dev/null
	rm -f $(DESTDIR)/lib/modules/$(INSTALL_KVER)/extra/imsseg.ko
	$(if $(DESTDIR),,depmod -a $(INSTALL_KVER))
	@echo "uninstall: kept $(CONFDIR) (remove it by hand);" \
		"DKMS: dkms remove imsseg/$(IMSSEG_VERSION) --all"

deb:
	packaging/mkdeb

deb-check:
	packaging/deb-check

.PHONY: install install-segctl install-module install-module-examples \
	install-dkms-src install-dkms uninstall deb deb-check
