#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Case 2, legitimate overhead: throughput of one UDP flow (512-byte
# datagrams) and one TCP flow through the gateway with imsseg.ko loaded
# (client side untrusted, every limit wide open, so that the whole
# flood pipeline runs and passes each packet) vs not loaded.
#
#   client c0 10.0.1.2 --- g0 [gw, untrusted] g1 --- s0 10.0.2.2 server
#
# The sender runs on CPU 1, and so does the gateway's forwarding (veth
# receive work runs inline after each send); the receiver and this
# script on CPU 0. Measure: bits per second at the receiver, the
# fastest 100 ms slice of the run.

source "$(dirname "$0")/../selftests/lib.sh"
source "$(dirname "$0")/../selftests/flood_lib.sh"
source "$(dirname "$0")/lib.sh"

TPUT=$BENCH_DIR/tput

require_root
[ -x "$TPUT" ] || skip "bench helpers not built"

REPS=$(bench_reps)
MS=$(bench_ms 3000 500)
VARIANTS=(none imsseg)

setup_gateway_lab || exit 1
taskset -p -c 0 $$ >/dev/null
tmp=$(mktemp -d)
on_exit "rm -rf $tmp"

variant_up() {
	[ "$1" = imsseg ] || return 0
	imsseg_load || return 1
	set_role "$gw" g0 untrusted
	flood_defaults
}

variant_down() {
	[ "$1" != imsseg ] || imsseg_unload
}

# run CASE VARIANT REP PROTO SIZE
run() {
	local c=$1 v=$2 rep=$3 proto=$4 size=$5 rpid out sout

	variant_up "$v" || { fail "$c: cannot set up $v"; return 1; }
	rm -f "$tmp/ready"
	ip netns exec "$server" taskset -c 0 "$TPUT" recv "$proto" 10.0.2.2 \
		9000 500 "$tmp/ready" >"$tmp/recv" &
	rpid=$!
	busywait 5000 test -e "$tmp/ready" || fail "$c: receiver not ready"
	sout=$(ip netns exec "$client" taskset -c 1 "$TPUT" send "$proto" \
		10.0.2.2 9000 "$MS" "$size") || fail "$c: sender failed"
	wait $rpid || fail "$c: receiver failed"
	out=$(cat "$tmp/recv")
	set -- $out
	# bytes B packets P elapsed_ms E bps R best_bps X median_bps M
	if [ "${2:-0}" -gt 0 ]; then
		bench_value "$c" "$v" "$rep" "${10}" \
			"{\"bytes\":$2,\"packets\":$4,\"ms\":$6,\"bps\":$8,\"median_slice_bps\":${12},\"sender\":\"$sout\"}"
	else
		fail "$c $v: nothing received"
	fi
	if [ "$v" = imsseg ]; then
		local drops

		drops=$(cat "$IMSSEG_SYSFS"/stats/drop_* | awk '{ s += $1 } END { print s }')
		[ "$drops" = 0 ] || fail "$c: imsseg dropped $drops packets"
	fi
	variant_down "$v"
}

legit_case() {
	local c=$1 title=$2 proto=$3 size=$4 rep i v n=${#VARIANTS[@]}

	bench_meta "$c" title="$title" unit="bit/s at the receiver" \
		better=higher reference=none \
		note="fastest 100 ms slice; sender and forwarding on CPU 1"
	for ((rep = 1; rep <= REPS; rep++)); do
		for ((i = 0; i < n; i++)); do
			v=${VARIANTS[$(((i + rep - 1) % n))]}
			run "$c" "$v" "$rep" "$proto" "$size"
		done
	done
}

busywait 5000 ip netns exec "$client" ping -q -c 1 -W 1 10.0.2.2 \
	>/dev/null || fail "no connectivity"
legit_case legit_udp "Legitimate UDP, 512-byte datagrams" udp 512
legit_case legit_tcp "Legitimate TCP, one flow" tcp 65536

ksft_exit
