#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for imsseg selftests (kselftest style, after the
# kernel's selftests/net/netfilter/lib.sh). Source it, then:
#
#   setup_ns c g s        create netns with unique names into $c $g $s,
#                         all removed again by the EXIT trap
#   imsseg_load           insmod $IMSSEG_KO (unloads a stale one first)
#   busywait MS CMD...    retry CMD until it succeeds or MS elapse
#   check_eq WHAT GOT EXP record a failed expectation (test goes on)
#   stat NAME             a counter from /sys/kernel/imsseg/stats
#   tscale N              N times $IMSSEG_TIME_SCALE (time windows)
#   widen LO HI           LO and HI, 20% wider on a scaled run
#
# IMSSEG_TIME_SCALE (default 1) stretches every time-based expectation
# for a slow kernel: tools/check-debug sets 4 for the KASAN/lockdep
# kernel, where a process start alone can take a second. busywait
# multiplies its timeout by it; tests multiply the TTLs, lifetimes and
# upper bounds they check with tscale, and widen the rate windows a
# slow kernel's late timers shift.
#
# A test exits $ksft_pass, $ksft_fail or $ksft_skip (via ksft_exit).

ksft_pass=0
ksft_fail=1
ksft_skip=4

SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IMSSEG_TOP=$(cd "$SELFTESTS_DIR/.." && pwd)
IMSSEG_KO=${IMSSEG_KO:-$IMSSEG_TOP/kernel/imsseg.ko}
SEGCTL=${SEGCTL:-$IMSSEG_TOP/user/segctl}
UDPIO=$SELFTESTS_DIR/udpio
IMSSEG_SYSFS=/sys/kernel/imsseg

IMSSEG_TIME_SCALE=${IMSSEG_TIME_SCALE:-1}
case $IMSSEG_TIME_SCALE in
[1-9] | [1-9][0-9]) ;;
*)
	echo "# IMSSEG_TIME_SCALE '$IMSSEG_TIME_SCALE': not an integer 1..99" >&2
	exit 1
	;;
esac

ret=$ksft_pass
_all_ns=()
_cleanup_hooks=()

log() { echo "# $*"; }

fail() {
	echo "# FAIL: $*"
	ret=$ksft_fail
}

pass() { echo "# PASS: $*"; }

check_eq() {
	local what=$1 got=$2 exp=$3

	if [ "$got" = "$exp" ]; then
		pass "$what = $exp"
	else
		fail "$what: got '$got', expected '$exp'"
	fi
}

# check_range WHAT GOT LO HI: LO <= GOT <= HI
check_range() {
	local what=$1 got=$2 lo=$3 hi=$4

	if [ "$got" -ge "$lo" ] && [ "$got" -le "$hi" ]; then
		pass "$what = $got (in $lo..$hi)"
	else
		fail "$what: got $got, expected $lo..$hi"
	fi
}

ksft_exit() {
	exit "$ret"
}

skip() {
	echo "# SKIP: $*"
	exit $ksft_skip
}

require_cmd() {
	local c

	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "command $c not found"
	done
}

require_root() {
	[ "$(id -u)" = 0 ] || skip "needs root"
}

tscale() { echo $(($1 * IMSSEG_TIME_SCALE)); }

widen() {
	if [ "$IMSSEG_TIME_SCALE" = 1 ]; then
		echo "$1 $2"
	else
		echo "$(($1 * 8 / 10)) $(($2 * 12 / 10))"
	fi
}

# busywait MS CMD...: the kernel lib.sh idiom; no fixed sleeps in tests.
# MS is scaled by IMSSEG_TIME_SCALE.
busywait() {
	local timeout=$(($1 * IMSSEG_TIME_SCALE)) start now
	shift
	start=$(date +%s%3N)
	while true; do
		"$@" && return 0
		now=$(date +%s%3N)
		[ $((now - start)) -ge "$timeout" ] && return 1
		sleep 0.05
	done
}

setup_ns() {
	local var name

	for var in "$@"; do
		name="$var-$(mktemp -u XXXXXX)"
		ip netns add "$name" || { fail "ip netns add $name"; return 1; }
		ip -n "$name" link set lo up
		ip netns exec "$name" sysctl -wq net.ipv6.conf.all.accept_dad=0
		ip netns exec "$name" sysctl -wq net.ipv6.conf.default.accept_dad=0
		_all_ns+=("$name")
		eval "$var=$name"
	done
}

cleanup_all_ns() {
	local ns

	for ns in "${_all_ns[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	_all_ns=()
}

# on_exit CMD: run CMD (a string) at exit, before the netns are removed.
on_exit() {
	_cleanup_hooks+=("$1")
}

_lib_cleanup() {
	local h

	for h in "${_cleanup_hooks[@]}"; do
		eval "$h" 2>/dev/null
	done
	cleanup_all_ns
}
trap _lib_cleanup EXIT

module_loaded() {
	[ -d /sys/module/imsseg ]
}

imsseg_unload() {
	module_loaded || return 0
	rmmod imsseg
}

imsseg_load() {
	[ -f "$IMSSEG_KO" ] || skip "$IMSSEG_KO not built (run make)"
	imsseg_unload || { fail "cannot unload a stale imsseg"; return 1; }
	# imsseg.ko enables defragmentation: it needs these loaded
	modprobe -q nf_defrag_ipv4 && modprobe -q nf_defrag_ipv6 ||
		{ fail "modprobe nf_defrag_ipv4/ipv6"; return 1; }
	insmod "$IMSSEG_KO" "$@" || { fail "insmod $IMSSEG_KO $*"; return 1; }
}

stat() {
	cat "$IMSSEG_SYSFS/stats/$1"
}

_addr_add() {
	case $3 in
	*:*) ip -n "$1" addr add "$3" dev "$2" nodad ;;
	*) ip -n "$1" addr add "$3" dev "$2" ;;
	esac
}

# link_ns NS1 DEV1 ADDR1[,ADDR..] NS2 DEV2 ADDR2[,ADDR..]: a veth pair.
link_ns() {
	local ns1=$1 dev1=$2 a1=$3 ns2=$4 dev2=$5 a2=$6 a

	ip link add "$dev1" netns "$ns1" type veth peer name "$dev2" \
		netns "$ns2" || return 1
	for a in ${a1//,/ }; do
		_addr_add "$ns1" "$dev1" "$a" || return 1
	done
	for a in ${a2//,/ }; do
		_addr_add "$ns2" "$dev2" "$a" || return 1
	done
	ip -n "$ns1" link set "$dev1" up
	ip -n "$ns2" link set "$dev2" up
}

# setup_gateway_lab: the basic three-namespace lab, names in $client,
# $gw and $server, the gateway forwarding IPv4 and IPv6:
#
#   client c0 10.0.1.2 --- g0 10.0.1.1  [gw]  g1 10.0.2.1 --- s0 10.0.2.2 server
#             fd00:1::2       fd00:1::1           fd00:2::1       fd00:2::2
setup_gateway_lab() {
	setup_ns client gw server || return 1
	link_ns "$client" c0 10.0.1.2/24,fd00:1::2/64 \
		"$gw" g0 10.0.1.1/24,fd00:1::1/64 || return 1
	link_ns "$gw" g1 10.0.2.1/24,fd00:2::1/64 \
		"$server" s0 10.0.2.2/24,fd00:2::2/64 || return 1
	ip -n "$client" route add default via 10.0.1.1
	ip -n "$client" -6 route add default via fd00:1::1
	ip -n "$server" route add default via 10.0.2.1
	ip -n "$server" -6 route add default via fd00:2::1
	ip netns exec "$gw" sysctl -wq net.ipv4.ip_forward=1
	ip netns exec "$gw" sysctl -wq net.ipv6.conf.all.forwarding=1
}
