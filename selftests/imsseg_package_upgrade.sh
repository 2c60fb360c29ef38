#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Upgrading the Debian packages: install the older pair of "make
# deb-check" (<version>~pkgtest1), change /etc/imsseg/segctl.conf,
# install the release pair (out/deb) over it. dpkg keeps the changed
# conffile without asking (the shipped one did not change) and leaves no
# .dpkg-* file; the upgraded imsseg-dkms has DKMS build and install the
# module; it loads and agrees with the upgraded segctl. Then purge.
#
# The older pair goes in with /etc/dkms/no-autoinstall, as in an image
# build: its postinst registers nothing with DKMS. A full DKMS cycle
# under TCG takes 1-2 minutes, and imsseg_package.sh runs one already
# (install, and the prerm's "dkms remove" at purge, the same code an
# upgrade's prerm runs); two here would not fit the suite's per-test
# timeout. Setup and the compile replay: pkg_lib.sh.

source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/pkg_lib.sh
source "$SELFTESTS_DIR/pkg_lib.sh"

conf=/etc/imsseg/segctl.conf
mark="# local change $$"

touch /etc/dkms/no-autoinstall || fail "cannot create /etc/dkms/no-autoinstall"
on_exit "rm -f /etc/dkms/no-autoinstall"
log "install $old (DKMS autoinstall off)"
dpkg_do install -i "${olddebs[@]}" && {
	for p in imsseg-dkms segctl; do
		check_eq "$p status" "$(pkg_version $p)" \
			"install ok installed $old"
	done
	grep -q 'autoinstall for dkms modules has been disabled' \
		"$tmp/dpkg-install.log" || fail "imsseg-dkms ignored no-autoinstall"
	check_eq "dkms status" "$(dkms status -m imsseg)" ""
	[ -f "$conf" ] || fail "no $conf"
}
rm -f /etc/dkms/no-autoinstall
echo "$mark" >>"$conf"

log "upgrade to $ver"
dpkg_do upgrade -i "${newdebs[@]}" && {
	pkg_installed "$ver"
	pkg_loads
	grep -qx "$mark" "$conf" || fail "the upgrade lost the local change"
	compgen -G '/etc/imsseg/*.dpkg-*' >/dev/null &&
		fail "dpkg left $(compgen -G '/etc/imsseg/*.dpkg-*')"
}
check_eq "DKMS builds replayed" "$(grep -c '^replay' "$IMSSEG_KOCACHE_LOG")" 1
grep '^miss' "$IMSSEG_KOCACHE_LOG" && fail "a DKMS build was compiled in the VM"

log "purge"
pkg_purge
log "done in $((SECONDS - t_start)) s"
ksft_exit
