#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Per-source flood protection on an untrusted interface: UDP and SYN
# floods from one source are cut to burst + rate, under-rate traffic
# passes untouched, an established TCP flow from another source keeps
# working during a SYN flood, and an IPv6 attacker rotating addresses
# inside one /64 is limited as one /64.
#
#   attacker                gw                          server
#   a0 10.0.1.2 ------ u0 10.0.1.1 (untrusted)
#      fd00:1::2          fd00:1::1
#   client                   g1 10.0.2.1 ------ s0 10.0.2.2
#   c0 10.0.3.2 ------ u1 10.0.3.1 (untrusted)     fd00:2::2
#
# The attacker also sends from spoofed sources inside 10.0.1.0/24 and
# fd00:1::/64 (raw sockets), so each case has a fresh source.
# Counters are module-wide; only gw's u0/u1 are filtered, so each
# packet ends in exactly one of pass / drop_* there.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/flood_lib.sh"

require_root
require_cmd ip socat
[ -x "$FLOOD" ] && [ -x "$UDPIO" ] || skip "selftests helpers not built"

setup_ns attacker client gw server || ksft_exit
link_ns "$attacker" a0 10.0.1.2/24,fd00:1::2/64 "$gw" u0 10.0.1.1/24,fd00:1::1/64
link_ns "$client" c0 10.0.3.2/24 "$gw" u1 10.0.3.1/24
link_ns "$gw" g1 10.0.2.1/24,fd00:2::1/64 "$server" s0 10.0.2.2/24,fd00:2::2/64
ip -n "$attacker" route add default via 10.0.1.1
ip -n "$attacker" -6 route add default via fd00:1::1
ip -n "$client" route add default via 10.0.3.1
ip -n "$server" route add default via 10.0.2.1
ip -n "$server" -6 route add default via fd00:2::1
ip netns exec "$gw" sysctl -wq net.ipv4.ip_forward=1
ip netns exec "$gw" sysctl -wq net.ipv6.conf.all.forwarding=1
ip netns exec "$gw" sysctl -wq net.ipv4.conf.all.rp_filter=0
ip netns exec "$gw" sysctl -wq net.ipv4.conf.u0.rp_filter=0

imsseg_load || ksft_exit
on_exit imsseg_unload
set_role "$gw" u0 untrusted
set_role "$gw" u1 untrusted
flood_defaults

for a in 10.0.2.2 fd00:2::2; do
	busywait 5000 ip netns exec "$attacker" ping -q -c 1 -W 1 "$a" \
		>/dev/null || fail "no connectivity to $a"
done

DROPS="drop_udp_rate drop_syn_rate drop_pkt_rate drop_v6_64_rate
       drop_v6_56_rate drop_v6_48_rate drop_aggregate_udp drop_aggregate_syn
       drop_aggregate_pkt drop_blocklist drop_banned"

# udp_case FAMILY SRC DST: a flood from one source is cut to the bucket
udp_case() {
	local fam=$1 src=$2 dst=$3 passed got

	knob limits/udp_burst 20
	knob limits/udp_pps 100
	snap before
	flood_run ip netns exec "$attacker" "$FLOOD" -s "$src" -c 2000 \
		-r 1000 "$dst"
	snap after
	passed=$(delta pass)
	expect_rate "$fam UDP flood: passed" "$passed" 20 100 "$ms"
	check_sum "$fam UDP flood: pass + drop_udp_rate" \
		$((passed + $(delta drop_udp_rate))) 2000
	check_still drop_pkt_rate drop_aggregate_udp drop_aggregate_pkt \
		drop_v6_64_rate drop_banned

	# Under the rate: 60 datagrams at 40/s from a fresh source, none lost.
	rm -f "$tmp/ready"
	ip netns exec "$server" "$UDPIO" recv "$dst" 9000 60 3000 \
		"$tmp/ready" >"$tmp/got" &
	local rpid=$!
	busywait 5000 test -e "$tmp/ready" || fail "receiver not ready"
	snap before
	flood_run ip netns exec "$attacker" "$FLOOD" -s "${src%?}9" -c 60 \
		-r 40 "$dst"
	wait $rpid
	snap after
	got=$(cat "$tmp/got")
	check_eq "$fam under-rate: received by the server" "$got" 60
	check_sum "$fam under-rate: pass delta" "$(delta pass)" 60
	check_still $DROPS
	knob limits/udp_pps 10000000
}

tmp=$(mktemp -d)
on_exit "rm -rf $tmp"

udp_case ipv4 10.0.1.20 10.0.2.2
udp_case ipv6 fd00:1::20 fd00:2::2

# SYN flood from the attacker while the client moves a file over TCP.
knob limits/syn_burst 10
knob limits/syn_pps 50
head -c 200000 /dev/urandom >"$tmp/file"
ip netns exec "$server" socat -u TCP-LISTEN:5060,reuseaddr \
	OPEN:"$tmp/recv",creat,trunc &
spid=$!
busywait 5000 ip netns exec "$server" ss -Hltn 'sport = :5060' |
	grep -q 5060 || true
snap before
ip netns exec "$attacker" "$FLOOD" -S -s 10.0.1.30 -p 5061 -c 1500 \
	-r 500 10.0.2.2 >"$tmp/synflood" &
fpid=$!
ip netns exec "$client" socat -u OPEN:"$tmp/file" TCP:10.0.2.2:5060 ||
	fail "TCP transfer from the client failed during the SYN flood"
wait $fpid || fail "SYN flood sender failed"
wait $spid
snap after
cmp -s "$tmp/file" "$tmp/recv" && pass "TCP transfer intact" ||
	fail "TCP transfer: file differs"
ms=$(awk '{ print $4 }' "$tmp/synflood")
drops=$(delta drop_syn_rate)
# The client's packets all pass; the attacker's SYNs: burst + rate.
expect_rate "SYN flood: attacker SYNs passed" $((1500 - drops)) 10 50 "$ms"
check_still drop_udp_rate drop_pkt_rate drop_aggregate_syn drop_aggregate_pkt
knob limits/syn_pps 10000000

# hping3 -S, if installed: the same limit holds for its SYNs.
if command -v hping3 >/dev/null; then
	knob limits/syn_pps 50
	snap before
	t0=$(date +%s%3N)
	ip netns exec "$attacker" hping3 -q -S -a 10.0.1.31 -p 5062 -c 500 -i u2000 \
		10.0.2.2 >/dev/null 2>&1
	t1=$(date +%s%3N)
	snap after
	# wall time includes hping3's start: an upper bound of the flood's
	passed=$((500 - $(delta drop_syn_rate)))
	check_range "hping3 SYN flood: SYNs passed" "$passed" 10 \
		$(((10 + 50 * (t1 - t0) / 1000) * 11 / 10 + 1))
	check_sum "hping3: pass + drop_syn_rate" \
		$(($(delta pass) + $(delta drop_syn_rate))) 500
	knob limits/syn_pps 10000000
fi

# IPv6: 2000 datagrams from 1000 addresses in one /64; each address
# sends 2 (under its own burst), the /64 as a whole is limited.
knob limits/udp_burst 20
knob limits/udp_pps 100
knob limits/v6_64_burst 20
knob limits/v6_64_pps 100
snap before
flood_run ip netns exec "$attacker" "$FLOOD" -s fd00:1::1:0 -n 1000 \
	-c 2000 -r 1000 fd00:2::2
snap after
expect_rate "/64 rotation: passed" "$(delta pass)" 20 100 "$ms"
check_sum "/64 rotation: pass + drop_v6_64_rate" \
	$(($(delta pass) + $(delta drop_v6_64_rate))) 2000
check_still drop_udp_rate drop_pkt_rate drop_v6_56_rate drop_v6_48_rate
# 1000 /128 entries and one each for the /64, /56, /48; an address's
# entry is idle between its two packets (a second apart), so the GC may
# have removed it and the second packet inserts it again.
check_range "/64 rotation: table_inserts" "$(delta table_inserts)" 1003 2011

ksft_exit
