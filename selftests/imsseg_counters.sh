#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# imsseg counts every IPv4/IPv6 packet at PRE_ROUTING, per family and
# transport protocol, in every network namespace. Send an exact number
# of UDP datagrams through a gateway namespace and check that the
# counters move by exactly that, and that unrelated counters do not.
#
#   client                 gw                      server
#   c0 10.0.1.2 ------ g0 10.0.1.1
#      fd00:1::2           fd00:1::1
#                          g1 10.0.2.1 ------ s0 10.0.2.2
#                             fd00:2::1          fd00:2::2
#
# Each datagram crosses PRE_ROUTING twice (gw, then server), so the
# expected delta is 2 * COUNT packets and 2 * COUNT * (L3 + 8 + SIZE)
# bytes. The client's own output is not PRE_ROUTING.

source "$(dirname "$0")/lib.sh"

COUNT=200
SIZE=100

require_root
require_cmd ip jq sysctl
[ -x "$UDPIO" ] || skip "$UDPIO not built (run make)"

# Namespaces exist before the module loads: pernet init must cover them.
setup_gateway_lab || ksft_exit

imsseg_load || ksft_exit
on_exit imsseg_unload

# Resolve neighbours first so that no datagram waits in a queue.
for a in 10.0.2.2 fd00:2::2; do
	busywait 5000 ip netns exec "$client" ping -q -c 1 -W 1 "$a" \
		>/dev/null || fail "no connectivity to $a"
done

# snapshot: "name value" for every counter, in one process
snapshot() {
	grep -H . "$IMSSEG_SYSFS"/stats/* | sed 's|.*/||; s|:| |'
}

# delta NAME: counter change between snapshot files $before and $after
delta() {
	local b a

	b=$(awk -v n="$1" '$1 == n { print $2 }' "$before")
	a=$(awk -v n="$1" '$1 == n { print $2 }' "$after")
	echo $((a - b))
}

tmp=$(mktemp -d)
on_exit "rm -rf $tmp"
before=$tmp/before
after=$tmp/after

# udp_through FAMILY DST L3LEN: COUNT datagrams client -> server
udp_through() {
	local fam=$1 dst=$2 l3=$3 other got

	rm -f "$tmp/ready"
	ip netns exec "$server" "$UDPIO" recv "$dst" 9000 $COUNT 10000 \
		"$tmp/ready" >"$tmp/got" &
	local rpid=$!
	busywait 5000 test -e "$tmp/ready" || fail "$fam receiver not ready"

	snapshot >"$before"
	ip netns exec "$client" "$UDPIO" send "$dst" 9000 $COUNT $SIZE
	wait $rpid
	snapshot >"$after"

	got=$(cat "$tmp/got")
	check_eq "$fam datagrams received by the server" "$got" $COUNT
	check_eq "${fam}_udp_packets delta" "$(delta "${fam}_udp_packets")" \
		$((2 * COUNT))
	check_eq "${fam}_udp_bytes delta" "$(delta "${fam}_udp_bytes")" \
		$((2 * COUNT * (l3 + 8 + SIZE)))

	# What must not move: the other family's UDP and both TCP counters.
	[ "$fam" = ipv4 ] && other=ipv6 || other=ipv4
	check_eq "${other}_udp_packets delta" "$(delta "${other}_udp_packets")" 0
	check_eq "ipv4_tcp_packets delta" "$(delta ipv4_tcp_packets)" 0
	check_eq "ipv6_tcp_packets delta" "$(delta ipv6_tcp_packets)" 0
}

udp_through ipv4 10.0.2.2 20
udp_through ipv6 fd00:2::2 40

# ICMP echo: 3 requests and 3 replies, each crossing PRE_ROUTING twice.
snapshot >"$before"
ip netns exec "$client" ping -q -c 3 -i 0.1 10.0.2.2 >/dev/null ||
	fail "ping 10.0.2.2"
snapshot >"$after"
check_eq "ipv4_icmp_packets delta (3 echo + 3 reply)" \
	"$(delta ipv4_icmp_packets)" 12
check_eq "ipv4_udp_packets delta during ping" "$(delta ipv4_udp_packets)" 0

# A namespace created after the module loaded is hooked too.
setup_ns late || ksft_exit
link_ns "$late" l0 10.0.3.1/24 "$server" s1 10.0.3.2/24
snapshot >"$before"
ip netns exec "$server" "$UDPIO" send 10.0.3.1 9001 10 $SIZE
snapshot >"$after"
check_eq "ipv4_udp_packets delta into a new netns" \
	"$(delta ipv4_udp_packets)" 10

# segctl stats reports the same counters.
jstats=$("$SEGCTL" stats -j) || fail "segctl stats -j"
v=$(echo "$jstats" | jq .module.ipv4_udp_packets)
check_eq "segctl stats -j ipv4_udp_packets" "$v" "$(stat ipv4_udp_packets)"
"$SEGCTL" stats | grep -q '^ipv6_udp_bytes ' ||
	fail "segctl stats table lacks ipv6_udp_bytes"

ksft_exit
