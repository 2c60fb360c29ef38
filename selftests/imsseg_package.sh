#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages of "make deb-check" (out/deb), installed for real
# in the VM's throw-away root: DKMS builds and installs the module for
# the running kernel, modprobe finds it with its dependencies, segctl
# and the module agree on version and ABI, the config is a conffile;
# the systemd units pass systemd-analyze verify, and segctl.service's
# ExecStart and ExecReload lines, run by hand with the shipped config
# under strace, start, reload and stop the daemon cleanly with only
# system calls its SystemCallFilter allows (systemd is not PID 1 in the
# VM: the unit's sandboxing itself is not exercised). Purging leaves no
# file, DKMS tree or module behind. What must not happen: installing
# loads no module, enables no service and activates no example file;
# the VM compiles nothing. Setup and the compile replay: pkg_lib.sh.
# The upgrade: imsseg_package_upgrade.sh.

source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/pkg_lib.sh
source "$SELFTESTS_DIR/pkg_lib.sh"

# The unit: systemd-analyze verify, then its command lines by hand.
unit=/lib/systemd/system/segctl.service
unit_checks() {
	local man=no start reload bg pid bad

	if command -v systemd-analyze >/dev/null; then
		[ -e /usr/share/man/man8/segctl.8.gz ] && man=yes
		# shellcheck disable=SC2046 # (file names without blanks)
		systemd-analyze verify --man=$man $(dpkg -L segctl |
			grep '^/lib/systemd/system/.*\.service$') \
			>"$tmp/verify" 2>&1 ||
			fail "systemd-analyze verify: $(cat "$tmp/verify")"
	else
		log "no systemd-analyze: unit not verified"
	fi
	start=$(sed -n 's/^ExecStart=//p' "$unit")
	reload=$(sed -n 's/^ExecReload=//p' "$unit")
	check_eq "ExecStart" "$start" "/usr/sbin/segctl run -f"
	modprobe imsseg || fail "modprobe imsseg"
	# shellcheck disable=SC2086 # (a command line)
	if command -v strace >/dev/null; then
		strace -f -qq -o "$tmp/strace" $start >"$tmp/run.out" 2>&1 &
		bg=$!
		busywait 30000 pgrep -P $bg -x segctl >/dev/null
		pid=$(pgrep -P $bg -x segctl) || pid=$bg
	else
		log "no strace: system calls not checked"
		$start >"$tmp/run.out" 2>&1 &
		bg=$!
		pid=$bg
	fi
	busywait 60000 grep -q '"event":"start"' "$tmp/run.out" ||
		fail "segctl run did not start: $(cat "$tmp/run.out")"
	eval "${reload//\$MAINPID/$pid}" || fail "ExecReload: $reload"
	busywait 30000 grep -q '"event":"reload"' "$tmp/run.out" ||
		fail "no reload event after ExecReload: $(cat "$tmp/run.out")"
	kill -TERM "$pid"
	wait $bg || fail "segctl run exited $? on SIGTERM: $(cat "$tmp/run.out")"
	grep -q '"event":"stop"' "$tmp/run.out" || fail "no stop event"
	bad=$(jq -rR 'fromjson? | .event // empty' "$tmp/run.out" |
		grep -E 'error|failed|rejected')
	check_eq "error events of segctl run with the shipped config" "$bad" ""
	rmmod imsseg || fail "rmmod imsseg"
	[ -s "$tmp/strace" ] && syscalls_allowed
}

# expand GROUP...: the system calls in these systemd groups (@name) and
# names, recursively, from one systemd-analyze call (each costs ~1 s).
expand() {
	systemd-analyze syscall-filter 2>/dev/null | awk -v want="$*" '
		function add(x, k, a, i) {
			if (x !~ /^@/) { out[x] = 1; return }
			if (x in seen) return
			seen[x] = 1
			k = split(m[x], a, " ")
			for (i = 1; i <= k; i++)
				add(a[i])
		}
		/^@/ { g = $1; next }
		/^ +[@a-z0-9_-]+$/ { m[g] = m[g] " " $1 }
		END {
			n = split(want, w, " ")
			for (i = 1; i <= n; i++)
				add(w[i])
			for (x in out)
				print x
		}' | sort -u
}

# Every system call segctl made is in the unit's allow list and not in
# its deny list (SystemCallFilter=ALLOW..., then =~DENY...).
syscalls_allowed() {
	local bad

	expand "$(sed -n 's/^SystemCallFilter=\([^~]\)/\1/p' "$unit")" >"$tmp/allow"
	expand "$(sed -n 's/^SystemCallFilter=~//p' "$unit")" >"$tmp/deny"
	comm -23 "$tmp/allow" "$tmp/deny" >"$tmp/allowed"
	sed -n 's/^[0-9]* *\([a-z0-9_]*\)(.*/\1/p' "$tmp/strace" | sort -u \
		>"$tmp/used"
	[ -s "$tmp/used" ] || { fail "no system calls in the strace log"; return; }
	[ "$(wc -l <"$tmp/allowed")" -gt 100 ] ||
		{ fail "SystemCallFilter expands to $(wc -l <"$tmp/allowed") calls"; return; }
	bad=$(comm -23 "$tmp/used" "$tmp/allowed" | tr '\n' ' ')
	check_eq "system calls outside SystemCallFilter" "${bad% }" ""
	log "segctl run made $(wc -l <"$tmp/used") distinct system calls"
}

log "install $ver"
dpkg_do install -i "${newdebs[@]}" && {
	pkg_installed "$ver"
	pkg_loads
	unit_checks
}
check_eq "DKMS builds replayed" "$(grep -c '^replay' "$IMSSEG_KOCACHE_LOG")" 1
grep '^miss' "$IMSSEG_KOCACHE_LOG" && fail "a DKMS build was compiled in the VM"

log "purge"
pkg_purge
log "done in $((SECONDS - t_start)) s"
ksft_exit
