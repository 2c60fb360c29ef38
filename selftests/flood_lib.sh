#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the flood-protection selftests (imsseg_flood*.sh).
# Source after lib.sh.
#
#   set_role NS DEV ROLE       segctl iface set in NS (none/untrusted/
#                              trusted/za)
#   knob PATH VALUE            write /sys/kernel/imsseg/PATH or fail
#   flood_defaults             limits wide open, bans off: each test then
#                              sets the few knobs it tests
#   snap / delta NAME          counter change between "snap before" and
#                              "snap after"
#   check_sum WHAT GOT SENT    GOT = SENT (+4 for stray IPv6 ND/MLD)
#   expect_rate WHAT GOT BURST PPS MS
#                              GOT = BURST + PPS * MS / 1000, +-10%
#                              (wider when IMSSEG_TIME_SCALE > 1)

FLOOD=$SELFTESTS_DIR/flood

set_role() {
	local ns=$1 dev=$2 role=$3

	ip netns exec "$ns" "$SEGCTL" iface set "$dev" "$role" ||
		fail "segctl iface set $dev $role in $ns"
}

knob() {
	echo "$2" >"$IMSSEG_SYSFS/$1" || fail "write $2 to $1"
}

# Every limiter open (10^7 pps), bans off, so that only what a test sets
# can drop.
flood_defaults() {
	local f

	for f in limits/udp limits/syn limits/pkt limits/v6_64 limits/v6_56 \
		 limits/v6_48 aggregate/udp aggregate/syn aggregate/pkt \
		 aggregate/trusted; do
		knob "${f}_burst" 10000000
		knob "${f}_pps" 10000000
	done
	knob ban/after_s 0
	knob ban/seconds 0
}

_snap_dir=$(mktemp -d)
on_exit "rm -rf $_snap_dir"

# snap before|after: every counter and table/entries, in one process
snap() {
	{
		grep -H . "$IMSSEG_SYSFS"/stats/*
		grep -H . "$IMSSEG_SYSFS"/table/entries
	} | sed 's|.*/||; s|:| |' >"$_snap_dir/$1"
}

delta() {
	local b a

	b=$(awk -v n="$1" '$1 == n { print $2 }' "$_snap_dir/before")
	a=$(awk -v n="$1" '$1 == n { print $2 }' "$_snap_dir/after")
	echo $((a - b))
}

# check_still NAME...: counters that must not have moved
check_still() {
	local n

	for n in "$@"; do
		check_eq "$n delta" "$(delta "$n")" 0
	done
}

# expect_rate WHAT GOT BURST PPS MS: a bucket started full passes
# BURST + PPS * MS / 1000 packets of an overload lasting MS; +-10%
# (widened on a time-scaled run, see lib.sh).
expect_rate() {
	local what=$1 got=$2 exp

	exp=$(($3 + $4 * $5 / 1000))
	# shellcheck disable=SC2046
	check_range "$what (expected ~$exp)" "$got" \
		$(widen $((exp * 9 / 10)) $((exp * 11 / 10 + 1)))
}

# check_sum WHAT GOT SENT: GOT = SENT, or a few more: the filtered
# interfaces also see the kernel's own IPv6 ND/MLD packets, which pass.
check_sum() {
	check_range "$1" "$2" "$3" $(($3 + 4))
}

# flood_run ARGS...: run flood, set $sent and $ms from its output
flood_run() {
	local out

	out=$("$@") || fail "flood failed: $*"
	sent=$(echo "$out" | awk '{ print $2 }')
	ms=$(echo "$out" | awk '{ print $4 }')
	log "flood: sent $sent packets in $ms ms"
}

# setup_attacker_lab: an IPv4-only lab, module loaded, default limits:
#
#   attacker a0 10.0.1.2 --- u0 10.0.1.1 [gw, untrusted] g1 10.0.2.1 --- s0 10.0.2.2 server
setup_attacker_lab() {
	local ns

	setup_ns attacker gw server || return 1
	for ns in "$attacker" "$gw" "$server"; do
		ip netns exec "$ns" sysctl -wq net.ipv6.conf.all.disable_ipv6=1
		ip netns exec "$ns" sysctl -wq net.ipv6.conf.default.disable_ipv6=1
	done
	link_ns "$attacker" a0 10.0.1.2/24 "$gw" u0 10.0.1.1/24 || return 1
	link_ns "$gw" g1 10.0.2.1/24 "$server" s0 10.0.2.2/24 || return 1
	ip -n "$attacker" route add default via 10.0.1.1
	ip -n "$server" route add default via 10.0.2.1
	ip netns exec "$gw" sysctl -wq net.ipv4.ip_forward=1
	ip netns exec "$gw" sysctl -wq net.ipv4.conf.all.rp_filter=0
	ip netns exec "$gw" sysctl -wq net.ipv4.conf.u0.rp_filter=0

	imsseg_load || return 1
	on_exit imsseg_unload
	busywait 5000 ip netns exec "$attacker" ping -q -c 1 -W 1 10.0.2.2 \
		>/dev/null || fail "no connectivity"
	set_role "$gw" u0 untrusted
	flood_defaults
}
