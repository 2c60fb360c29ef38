#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Aggregate buckets, trust classes and interface roles:
# - a random-source UDP flood (a new source per packet, each under its
#   own per-source budget) is held by the interface's aggregate bucket,
#   while allowlisted (trusted-class) traffic on the same interface keeps
#   flowing on its own budget; the trusted budget is enforced too;
# - a trusted interface passes a flood unlimited and untouched;
# - a za interface passes ESP, IKE (UDP 500/4500) and allowlisted peers,
#   drops everything else (drop_za) and blocklisted sources.
#
#   attacker                 gw                         server
#   a0 10.0.1.2 ------- u0 10.0.1.1 (untrusted)
#      10.77.0.2 (allowlisted)
#   core                     g1 10.0.2.1 ------- s0 10.0.2.2
#   k0 10.0.4.2 ------- t0 10.0.4.1 (trusted)
#   peer
#   p0 10.0.5.2 ------- z0 10.0.5.1 (za)
#
# Random sources: 10.99.0.0 + i (raw sockets). Allowlisted:
# 10.77.0.0/16 (clients behind u0, the peer 10.77.5.5 behind z0);
# blocklisted: 10.66.0.0/16.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/flood_lib.sh"

require_root
require_cmd ip
[ -x "$FLOOD" ] && [ -x "$UDPIO" ] || skip "selftests helpers not built"

setup_ns attacker core peer gw server || ksft_exit
# IPv4 only: no IPv6 router solicitations or MLD reports to count
for ns in "$attacker" "$core" "$peer" "$gw" "$server"; do
	ip netns exec "$ns" sysctl -wq net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$ns" sysctl -wq net.ipv6.conf.default.disable_ipv6=1
done
link_ns "$attacker" a0 10.0.1.2/24,10.77.0.2/16 "$gw" u0 10.0.1.1/24,10.77.0.1/16
link_ns "$core" k0 10.0.4.2/24 "$gw" t0 10.0.4.1/24
link_ns "$peer" p0 10.0.5.2/24 "$gw" z0 10.0.5.1/24
link_ns "$gw" g1 10.0.2.1/24 "$server" s0 10.0.2.2/24
ip -n "$attacker" route add 10.0.2.0/24 via 10.0.1.1
ip -n "$core" route add 10.0.2.0/24 via 10.0.4.1
ip -n "$peer" route add 10.0.2.0/24 via 10.0.5.1
ip -n "$server" route add default via 10.0.2.1
ip netns exec "$gw" sysctl -wq net.ipv4.ip_forward=1
ip netns exec "$gw" sysctl -wq net.ipv4.conf.all.rp_filter=0
for d in u0 t0 z0; do
	ip netns exec "$gw" sysctl -wq "net.ipv4.conf.$d.rp_filter=0"
done

imsseg_load || ksft_exit
on_exit imsseg_unload

# before the roles: a ping through z0 would be dropped afterwards
for ns in "$attacker" "$core" "$peer"; do
	busywait 5000 ip netns exec "$ns" ping -q -c 1 -W 1 10.0.2.2 \
		>/dev/null || fail "no connectivity from $ns"
done

set_role "$gw" u0 untrusted
set_role "$gw" t0 trusted
set_role "$gw" z0 za
ip netns exec "$gw" "$SEGCTL" allow add 10.77.0.0/16 ||
	fail "segctl allow add 10.77.0.0/16"
ip netns exec "$gw" "$SEGCTL" block add 10.66.0.0/16 ||
	fail "segctl block add 10.66.0.0/16"
flood_defaults

tmp=$(mktemp -d)
on_exit "rm -rf $tmp"

# recv_start COUNT PORT: a receiver on the server; recv_wait: its count.
# Every check expects all COUNT datagrams, so the receiver stops at the
# last one; the idle timeout only has to outlast the snapshot taken
# before the send (several seconds on a loaded host under TCG).
recv_start() {
	rm -f "$tmp/ready"
	ip netns exec "$server" "$UDPIO" recv 10.0.2.2 "$2" "$1" "$(tscale 15000)" \
		"$tmp/ready" >"$tmp/got" &
	rpid=$!
	busywait 5000 test -e "$tmp/ready" || fail "receiver not ready"
}

recv_wait() {
	wait $rpid
	cat "$tmp/got"
}

# 1. Random-source flood held by the aggregate; trusted class flows.
knob limits/udp_burst 5
knob limits/udp_pps 10
knob aggregate/udp_burst 50
knob aggregate/udp_pps 200
recv_start 100 9001
snap before
ip netns exec "$attacker" "$FLOOD" -s 10.99.0.0 -n 4000 -c 4000 -r 1000 \
	10.0.2.2 >"$tmp/flood" &
fpid=$!
# allowlisted client, 100 datagrams at 50/s, during the flood
flood_run ip netns exec "$attacker" "$FLOOD" -s 10.77.0.2 -p 9001 -c 100 \
	-r 50 10.0.2.2
wait $fpid || fail "random-source flood failed"
snap after
ms=$(awk '{ print $4 }' "$tmp/flood")
check_eq "trusted class during the flood: received" "$(recv_wait)" 100
check_eq "pass_trusted delta" "$(delta pass_trusted)" 100
passed=$(delta pass)
expect_rate "random-source flood: passed the aggregate" "$passed" 50 200 "$ms"
check_eq "random-source flood: pass + drop_aggregate_udp" \
	$((passed + $(delta drop_aggregate_udp))) 4000
check_eq "table_inserts (one per random source)" "$(delta table_inserts)" 4000
check_still drop_udp_rate drop_pkt_rate drop_aggregate_trusted \
	drop_aggregate_pkt

# 2. The trusted class has a budget of its own, enforced.
knob aggregate/trusted_burst 10
knob aggregate/trusted_pps 100
snap before
flood_run ip netns exec "$attacker" "$FLOOD" -s 10.77.0.3 -c 1000 -r 1000 \
	10.0.2.2
snap after
expect_rate "trusted budget: pass_trusted" "$(delta pass_trusted)" 10 100 "$ms"
check_eq "trusted budget: pass_trusted + drop_aggregate_trusted" \
	$(($(delta pass_trusted) + $(delta drop_aggregate_trusted))) 1000
check_still pass drop_udp_rate drop_aggregate_udp
knob aggregate/trusted_pps 10000000

# 3. A trusted interface: a flood passes unlimited and uncounted.
knob limits/udp_pps 1
knob aggregate/udp_pps 1
recv_start 1000 9002
snap before
flood_run ip netns exec "$core" "$FLOOD" -s 10.0.4.2 -p 9002 -c 1000 \
	10.0.2.2
snap after
check_eq "trusted iface: received" "$(recv_wait)" 1000
check_still pass pass_trusted drop_udp_rate drop_aggregate_udp drop_za \
	table_inserts
knob limits/udp_pps 10000000
knob aggregate/udp_pps 10000000

# 4. za: ESP, IKE and peers pass; the rest is dropped.
snap before
ip netns exec "$peer" "$FLOOD" -s 10.0.5.2 -p 9000 -c 50 10.0.2.2 >/dev/null
snap after
check_eq "za: UDP from a non-peer: drop_za" "$(delta drop_za)" 50
check_still pass pass_trusted

snap before
ip netns exec "$peer" "$FLOOD" -E -s 10.0.5.2 -c 20 10.0.2.2 >/dev/null
ip netns exec "$peer" "$FLOOD" -s 10.0.5.2 -p 500 -c 20 10.0.2.2 >/dev/null
ip netns exec "$peer" "$FLOOD" -s 10.0.5.2 -p 4500 -c 20 10.0.2.2 >/dev/null
snap after
check_eq "za: ESP + IKE 500 + 4500: pass" "$(delta pass)" 60
check_still drop_za pass_trusted

recv_start 30 9003
snap before
ip netns exec "$peer" "$FLOOD" -s 10.77.5.5 -p 9003 -c 30 10.0.2.2 >/dev/null
snap after
check_eq "za: allowlisted peer: received" "$(recv_wait)" 30
check_eq "za: allowlisted peer: pass_trusted" "$(delta pass_trusted)" 30
check_still drop_za

snap before
ip netns exec "$peer" "$FLOOD" -E -s 10.66.0.9 -c 10 10.0.2.2 >/dev/null
snap after
check_eq "za: blocklisted ESP: drop_blocklist" "$(delta drop_blocklist)" 10
check_still pass

ksft_exit
