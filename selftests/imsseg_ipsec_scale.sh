#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Many UE tunnels: segctl run installs N transport-mode tunnels (an SA
# pair and an out/in policy pair each, UE-style: SEG <-> UE address)
# from one config, then removes them all on a reload with an empty
# config. N is 1000, or $IMSSEG_SCALE (e.g. IMSSEG_SCALE=10000; see
# Documentation/testing.rst). The times are logged as a bench line, not
# asserted.
#
#   client 10.50.0.2 --- seg --- 10.60.0.2 server   (plain forwarding)
#                         |
#                         u0 10.200.0.1/16 --- ue0 10.200.0.2 (UE #0, ip xfrm)
#
# UE #i is 10.200.(i/250).(i%250+2); only UE #0 exists, and it really
# talks to the SEG through its tunnel. What must hold with N tunnels
# installed: exact SA/policy counts, forwarding between client and
# server, UE #0's pings encrypted; after the removal: no SA or policy
# left.

source "$(dirname "$0")/lib.sh"

N=${IMSSEG_SCALE:-1000}
KEY=0x0102030405060708090a0b0c0d0e0f1011121314

require_root
require_cmd ip jq
[ -x "$SEGCTL" ] || skip "$SEGCTL not built (run make)"
[ "$N" -ge 1 ] && [ "$N" -le 60000 ] || skip "IMSSEG_SCALE=$N: expected 1..60000"

setup_ns client seg server ue || ksft_exit
link_ns "$client" c0 10.50.0.2/24 "$seg" s0 10.50.0.1/24
link_ns "$seg" s1 10.60.0.1/24 "$server" v0 10.60.0.2/24
link_ns "$seg" u0 10.200.0.1/16 "$ue" e0 10.200.0.2/16
ip -n "$client" route add default via 10.50.0.1
ip -n "$server" route add default via 10.60.0.1
ip netns exec "$seg" sysctl -wq net.ipv4.ip_forward=1

tmp=$(mktemp -d)
on_exit "rm -rf $tmp"
export IMSSEG_RUNDIR=$tmp/run
(umask 077; echo "$KEY" >"$tmp/ue.key")

# UE #0, configured with iproute2: in = 0x10000, out = 0x40000
ip -n "$ue" xfrm state add src 10.200.0.1 dst 10.200.0.2 proto esp \
	spi 0x40000 mode transport aead 'rfc4106(gcm(aes))' $KEY 128
ip -n "$ue" xfrm state add src 10.200.0.2 dst 10.200.0.1 proto esp \
	spi 0x10000 mode transport aead 'rfc4106(gcm(aes))' $KEY 128
ip -n "$ue" xfrm policy add src 10.200.0.2 dst 10.200.0.1 dir out \
	tmpl proto esp mode transport
ip -n "$ue" xfrm policy add src 10.200.0.1 dst 10.200.0.2 dir in \
	tmpl proto esp mode transport

t0=$(date +%s%3N)
{
	echo "# $N UE tunnels"
	for ((i = 0; i < N; i++)); do
		printf '[tunnel ue%d]\npeer = 10.200.%d.%d\nlocal = 10.200.0.1\nmode = transport\nkeyfile = %s\nspi-in = %d\nspi-out = %d\n\n' \
			$i $((i / 250)) $((i % 250 + 2)) "$tmp/ue.key" \
			$((0x10000 + i)) $((0x40000 + i))
	done
} >"$tmp/big.conf"
log "config of $N tunnels written in $(($(date +%s%3N) - t0)) ms"

sad() { ip -n "$seg" xfrm state count | awk '{ print $3 }'; }
spd() { ip -n "$seg" xfrm policy count | awk '{ print $3 + $5 + $7 }'; }
reconciled() {
	test "$(jq -c 'select(.event == "reconciled")' "$tmp/log" | wc -l)" -ge "$1"
}

t0=$(date +%s%3N)
ip netns exec "$seg" "$SEGCTL" run -f -c "$tmp/big.conf" >"$tmp/log" 2>"$tmp/err" &
pid=$!
on_exit "kill $pid 2>/dev/null"
busywait $((60000 + N * 100)) reconciled 1 || fail "no reconcile of $N tunnels"
t_add=$(($(date +%s%3N) - t0))
ms_add=$(jq -s '[.[] | select(.event == "reconciled")][0].ms' "$tmp/log")
check_eq "tunnels up" "$(jq -c 'select(.event == "tunnel_up")' "$tmp/log" | wc -l)" "$N"
check_eq "SAs installed" "$(sad)" $((2 * N))
check_eq "policies installed" "$(spd)" $((2 * N))

ip netns exec "$client" ping -q -c 3 -i 0.2 -W 2 10.60.0.2 >/dev/null ||
	fail "forwarding through the SEG with $N tunnels installed"
ip netns exec "$seg" ping -q -c 3 -i 0.2 -W 2 10.200.0.2 >/dev/null ||
	fail "ping UE #0 through its tunnel"
pk=$(ip netns exec "$seg" "$SEGCTL" -j tunnel list |
     jq '[.tunnels[] | select(.name == "ue0") | .sas[].packets] | add')
check_eq "UE #0's SA packets (3 echo + 3 reply)" "$pk" 6

echo "# nothing here" >"$tmp/empty.conf"
cp "$tmp/empty.conf" "$tmp/big.conf"
t0=$(date +%s%3N)
kill -HUP $pid
busywait $((60000 + N * 100)) reconciled 2 || fail "no reconcile of the removal"
t_del=$(($(date +%s%3N) - t0))
ms_del=$(jq -s '[.[] | select(.event == "reconciled")][1].ms' "$tmp/log")
check_eq "objects removed" \
	"$(jq -s '[.[] | select(.event == "reconciled")][1].objects_removed' "$tmp/log")" $((4 * N))
check_eq "SAs left" "$(sad)" 0
check_eq "policies left" "$(spd)" 0
ip netns exec "$client" ping -q -c 1 -W 2 10.60.0.2 >/dev/null ||
	fail "forwarding after the removal"
kill $pid
wait $pid
grep . "$tmp/err" && fail "segctl run wrote to stderr"

echo "# bench: ipsec_scale tunnels=$N sas=$((2 * N)) policies=$((2 * N)) install_ms=$ms_add (wall $t_add) remove_ms=$ms_del (wall $t_del)"
ksft_exit
