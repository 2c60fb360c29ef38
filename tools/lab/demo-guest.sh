#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Inside the VM: the demo lab topology and traffic (see tools/demo).
#
#   client c0 10.0.1.2 --- g0 10.0.1.1 [gw: imsseg] g1 10.0.2.1 --- s0 10.0.2.2 server
#          fd00:1::2          fd00:1::1           fd00:2::1         fd00:2::2
#
# usage: demo-guest.sh OUTDIR

source "$(dirname "$0")/../../selftests/lib.sh"
out=$1

setup_gateway_lab || exit 1

imsseg_load || exit 1
on_exit imsseg_unload
"$SEGCTL" version | tee "$out/version.txt"

echo "== traffic: ping v4/v6, 1000 UDP datagrams v4/v6, one TCP transfer"
ip netns exec "$client" ping -q -c 5 -i 0.1 10.0.2.2 | tail -n 2
ip netns exec "$client" ping -q -c 5 -i 0.1 fd00:2::2 | tail -n 2
for dst in 10.0.2.2 fd00:2::2; do
	rm -f /tmp/ready
	ip netns exec "$server" "$UDPIO" recv "$dst" 9000 1000 2000 \
		/tmp/ready >"$out/udp-received-$dst.txt" &
	busywait 5000 test -e /tmp/ready
	ip netns exec "$client" "$UDPIO" send "$dst" 9000 1000 200
	wait
	echo "udp to $dst: $(cat "$out/udp-received-$dst.txt") of 1000 received"
done
ip netns exec "$server" socat -u TCP-LISTEN:9001,reuseaddr OPEN:/dev/null &
busywait 5000 ip netns exec "$server" ss -Htln 'sport = :9001' | grep -q .
head -c 1000000 /dev/zero | ip netns exec "$client" socat -u - TCP:10.0.2.2:9001
wait

echo "== segctl stats"
"$SEGCTL" stats | tee "$out/stats.txt"
"$SEGCTL" stats -j >"$out/stats.json"
