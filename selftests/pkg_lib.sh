#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared by the package selftests (imsseg_package.sh,
# imsseg_package_upgrade.sh): source it after lib.sh. It skips unless in
# the VM with the packages of "make deb-check" (out/deb: the release,
# out/deb-test/old: <version>~pkgtest1) and re-runs the test in a
# private mount namespace, then sets up:
#
#   - a small module tree over /lib/modules/<kernel>: DKMS's module
#     checks and depmod walk the whole tree (~400 MB over 9p, minutes
#     under TCG); the small one has the kernel's metadata, the build
#     links and imsseg's dependencies. The kernel's own module
#     autoloading and the rest of the suite keep seeing the real tree;
#   - the compile replay: DKMS runs its build, but "make" is
#     packaging/kocache-make, which copies in the module the host
#     compiled from the same sources (~7 minutes per build under TCG);
#   - no man-db index rebuild and no debconf frontend probing, as for
#     any unattended install on a throw-away root.
#
# Then: dpkg_do, pkg_version, pkg_installed, pkg_loads, pkg_purge.

require_root
[ "${IMSSEG_IN_VM:-}" = 1 ] ||
	skip "installs packages into the root file system: VM only"
require_cmd dpkg dpkg-query dkms modprobe modinfo jq unshare

top=$IMSSEG_TOP
ver=$("$top/packaging/version") || skip "no IMSSEG_VERSION"
kver=$(uname -r)
old=$ver~pkgtest1
newdebs=("$top"/out/deb/imsseg-dkms_"${ver}"_all.deb
	 "$top"/out/deb/segctl_"${ver}"_*.deb)
olddebs=("$top"/out/deb-test/old/imsseg-dkms_"${old}"_all.deb
	 "$top"/out/deb-test/old/segctl_"${old}"_*.deb)
for f in "${newdebs[@]}" "${olddebs[@]}"; do
	[ -f "$f" ] || skip "no $f: run 'make deb-check' on the host first"
done
[ -e "/lib/modules/$kver/build/include" ] || skip "no headers for $kver"
IMSSEG_KOCACHE_DIR=$top/out/deb-test/kocache
for p in imsseg-dkms segctl; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q installed &&
		skip "$p is already installed on this root"
done

mods=/lib/modules/$kver
if [ -z "${IMSSEG_PKG_NS:-}" ]; then
	IMSSEG_PKG_NS=1 exec unshare -m --propagation private "$0" "$@"
fi

tmp=$(mktemp -d)
on_exit "rm -rf $tmp"
imsseg_unload || { fail "cannot unload imsseg"; ksft_exit; }
t_start=$SECONDS
# dpkg reads its whole database first (~40 MB over 9p): start reading it
# into the page cache now, on the other CPU, while the test sets up.
cat /var/lib/dpkg/status /var/lib/dpkg/info/*.list >/dev/null 2>&1 &
on_exit "kill $! 2>/dev/null"

small=$tmp/modules
mkdir "$small"
cp -a "$mods"/build "$mods"/source "$mods"/modules.builtin \
	"$mods"/modules.builtin.modinfo "$mods"/modules.order "$small"/
recorded=("$IMSSEG_KOCACHE_DIR"/"$kver"-*/imsseg.ko)
[ -f "${recorded[0]}" ] ||
	skip "no recorded imsseg.ko for $kver: run make deb-check (tools/check-debug records its kernel's)"
# none on a kernel with netfilter built in (the debug kernel)
deps=$(modinfo -F depends "${recorded[0]}" | tr , ' ')
if [ -n "$deps" ]; then
	# shellcheck disable=SC2086 # (a list of module names)
	for m in $(modprobe -S "$kver" --show-depends -a $deps |
		   sed -n 's/^insmod \([^ ]*\).*/\1/p'); do
		install -D -m 0644 "$m" "$small/${m#"$mods"/}"
	done
fi
mount --bind "$small" "$mods" || skip "cannot bind a module tree over $mods"
depmod "$kver" || fail "depmod of the small tree"

mkdir "$tmp/bin"
ln -s "$top/packaging/kocache-make" "$tmp/bin/make"
export PATH=$tmp/bin:$PATH IMSSEG_KOCACHE=$IMSSEG_KOCACHE_DIR
export IMSSEG_KOCACHE_MODE=replay IMSSEG_KOCACHE_LOG=$tmp/kocache.log
: >"$IMSSEG_KOCACHE_LOG"
rm -f /var/lib/man-db/auto-update
export DEBIAN_FRONTEND=noninteractive

# dpkg_do WHAT ARGS...: run dpkg; its output, each line prefixed with
# the seconds since the start, is shown on failure or with
# IMSSEG_PKG_VERBOSE=1
dpkg_do() {
	local what=$1 log=$tmp/dpkg-$1.log t0=$SECONDS rc l
	shift

	log "dpkg $*"
	dpkg "$@" </dev/null 2>&1 | while IFS= read -r l; do
		printf '%4d %s\n' $((SECONDS - t0)) "$l"
	done >"$log"
	rc=${PIPESTATUS[0]}
	if [ "$rc" != 0 ] || [ -n "${IMSSEG_PKG_VERBOSE:-}" ]; then
		sed 's/^/#   /' "$log"
	fi
	if [ "$rc" != 0 ]; then
		fail "dpkg $what: exit $rc"
		return 1
	fi
	pass "dpkg $what ($((SECONDS - t0)) s)"
}

pkg_version() {
	dpkg-query -W -f='${Status} ${Version}' "$1" 2>/dev/null
}

# pkg_installed VERSION: both packages installed at VERSION, the module
# built by DKMS for this kernel and found by modprobe, nothing active
pkg_installed() {
	local v=$1 p f

	for p in imsseg-dkms segctl; do
		check_eq "$p status" "$(pkg_version $p)" \
			"install ok installed $v"
	done
	dkms status -m imsseg -v "$ver" -k "$kver" | grep -q ': installed$' ||
		fail "dkms status: $(dkms status -m imsseg 2>&1)"
	check_eq "modinfo -n imsseg" "$(modinfo -n imsseg 2>&1)" \
		"/lib/modules/$kver/updates/dkms/imsseg.ko"
	check_eq "modinfo version" "$(modinfo -F version imsseg)" "$ver"
	module_loaded && fail "installing loaded the module"
	[ -f /etc/imsseg/segctl.conf ] || fail "no /etc/imsseg/segctl.conf"
	dpkg-query -W -f='${Conffiles}' segctl |
		grep -q '^ /etc/imsseg/segctl.conf ' ||
		fail "/etc/imsseg/segctl.conf is not a conffile"
	for f in imsseg.modprobe.conf imsseg.modules-load.conf; do
		[ -f "/usr/share/doc/imsseg-dkms/examples/$f" ] ||
			fail "no example $f"
	done
	for f in '/etc/modprobe.d/*imsseg*' '/etc/modules-load.d/*imsseg*' \
		 '/etc/systemd/system/*.wants/segctl.service'; do
		compgen -G "$f" >/dev/null && fail "installing made $(compgen -G "$f")"
	done
	[ -x /usr/sbin/segctl ] || fail "no /usr/sbin/segctl"
}

# pkg_loads: modprobe pulls in its dependencies; segctl and module agree
pkg_loads() {
	local j m shown

	modprobe imsseg || { fail "modprobe imsseg"; return; }
	shown=$(modprobe --show-depends imsseg)
	grep -q '/updates/dkms/imsseg\.ko' <<<"$shown" ||
		fail "modprobe does not load DKMS's imsseg.ko: $shown"
	# nf_defrag_ipv4 and nf_defrag_ipv6 on Debian's kernel; none when
	# netfilter is built in (the debug kernel)
	for m in $deps; do
		grep -q "/${m//_/[-_]}\.ko" <<<"$shown" ||
			fail "depmod did not record imsseg's dependency $m"
	done
	check_eq "module version" "$(cat "$IMSSEG_SYSFS"/version)" "$ver"
	j=$(/usr/sbin/segctl -j version) || fail "segctl version exit $?"
	check_eq "segctl version" "$(jq -r .segctl.version <<<"$j")" "$ver"
	check_eq "segctl's module version" "$(jq -r .module.version <<<"$j")" "$ver"
	check_eq "ABI" "$(jq -r .segctl.abi <<<"$j")" "$(jq -r .module.abi <<<"$j")"
	rmmod imsseg || fail "rmmod imsseg"
}

# pkg_purge: purge both; nothing of them is left
pkg_purge() {
	dpkg_do purge -P segctl imsseg-dkms || return
	[ -e /etc/imsseg ] && fail "purge left /etc/imsseg: $(ls -A /etc/imsseg)"
	[ -e /usr/sbin/segctl ] && fail "purge left /usr/sbin/segctl"
	[ -e /var/lib/dkms/imsseg ] && fail "purge left /var/lib/dkms/imsseg"
	[ -e "/usr/src/imsseg-$ver" ] && fail "purge left /usr/src/imsseg-$ver"
	[ -e "$mods/updates/dkms/imsseg.ko" ] && fail "purge left the module"
	modinfo imsseg >/dev/null 2>&1 && fail "modinfo still finds imsseg"
	for p in imsseg-dkms segctl; do
		pkg_version $p | grep -qE 'ok (installed|config-files|half-[a-z]*) ' &&
			fail "$p after purge: $(pkg_version $p)"
	done
}
