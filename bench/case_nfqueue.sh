#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Case 5, the NFQUEUE path: verdicts per second on punted SIP (BYEs and
# re-INVITEs, i.e. in-dialog requests, each with its own Call-ID, from
# 64 k random sources) for segctl run (parse with sofia-sip, dialog
# checks, verdict) vs bench/nfq_accept, a bare accept-all libmnl loop
# bound the same way; with 1 and 2 queues (punt/queues).
#
#   client c0 (bench/pktflood, CPU 1) --- g0 [gw, untrusted] g1 --- s0 server
#                                          listener on CPU 0
#
# The generator and the kernel's punt work run on CPU 1, the listener
# (all its threads) on CPU 0. Verdicts are counted by the kernel, the
# same way for both listeners: per queue, from
# /proc/net/netfilter/nfnetlink_queue, packets handed to the listener
# minus those still waiting, over a window in the middle of the flood.
# The dialogs are unknown to segctl, so it accepts ("unknown dialog")
# after the full parse and lookup.

source "$(dirname "$0")/../selftests/lib.sh"
source "$(dirname "$0")/../selftests/flood_lib.sh"
source "$(dirname "$0")/../selftests/sip_lib.sh"
source "$(dirname "$0")/lib.sh"

NFQ_ACCEPT=$BENCH_DIR/nfq_accept

require_root
[ -x "$PKTFLOOD" ] && [ -x "$NFQ_ACCEPT" ] || skip "bench helpers not built"
[ -x "$SEGCTL" ] || skip "$SEGCTL not built"

REPS=$(bench_reps)
MS=$(bench_ms 3000 600)

setup_gateway_lab || exit 1
ip netns exec "$gw" sysctl -wq net.ipv4.conf.all.rp_filter=0
ip netns exec "$gw" sysctl -wq net.ipv4.conf.g0.rp_filter=0
taskset -p -c 0 $$ >/dev/null
tmp=$(mktemp -d)
on_exit "rm -rf $tmp"
MAC=$(ip netns exec "$gw" cat /sys/class/net/g0/address)

imsseg_load || exit 1
on_exit imsseg_unload
set_role "$gw" g0 untrusted
flood_defaults
sip_defaults
knob punt/fail_mode closed

# in-dialog requests (To tag): a BYE and a re-INVITE; ;rport keeps them
# out of the via_mismatch class (the sources are spoofed)
for m in BYE INVITE; do
	printf '%s\r\n' \
		"$m sip:bob@10.0.2.2:5060 SIP/2.0" \
		"Via: SIP/2.0/UDP 10.1.0.1:5060;rport;branch=z9hG4bK@@@@@@@@" \
		"Max-Forwards: 70" \
		"From: <sip:alice@example.com>;tag=a@@@@@@@@" \
		"To: <sip:bob@example.com>;tag=b@@@@@@@@" \
		"Call-ID: @@@@@@@@@example.com" \
		"CSeq: 2 $m" \
		"Contact: <sip:alice@10.1.0.1:5060>" \
		"Content-Length: 0" \
		"" >"$tmp/$m.sip"
done

printf '[sip]\nenable = yes\nrequire_secure = no\n' >"$tmp/segctl.conf"

# qstat: "id_sequence user_dropped waiting" summed over the queues, and
# the time in microseconds; bash builtins only (no process to start on
# the listener's CPU), through the listener's own view of /proc/net
qstat() {
	local q p w m r d u id x t=$EPOCHREALTIME s_id=0 s_ud=0 s_w=0

	while read -r q p w m r d u id x; do
		s_id=$((s_id + id))
		s_ud=$((s_ud + u))
		s_w=$((s_w + w))
	done <"/proc/$lpid/net/netfilter/nfnetlink_queue"
	echo "$s_id $s_ud $s_w ${t/./}"
}

# bound N: are queues 0..N-1 bound?
bound() {
	test "$(ip netns exec "$gw" cat /proc/net/netfilter/nfnetlink_queue \
		2>/dev/null | awk -v n="$1" '$1 < n' | wc -l)" = "$1"
}

listener_start() {
	local v=$1 nq=$2

	rm -f "$tmp/ready"
	case $v in
	bare)
		ip netns exec "$gw" taskset -c 0 "$NFQ_ACCEPT" "0-$((nq - 1))" \
			"$tmp/ready" >"$tmp/listener.out" 2>&1 & ;;
	segctl)
		ip netns exec "$gw" env IMSSEG_RUNDIR="$tmp/run" taskset -c 0 \
			"$SEGCTL" run -f -c "$tmp/segctl.conf" \
			>"$tmp/listener.out" 2>&1 & ;;
	esac
	lpid=$!
	busywait 10000 bound "$nq"
}

listener_stop() {
	kill "$lpid" 2>/dev/null
	wait "$lpid" 2>/dev/null
	busywait 5000 eval "! bound 1"
}

# run CASE VARIANT REP NQ
run() {
	local c=$1 v=$2 rep=$3 nq=$4 fpid a b verdicts us

	knob punt/queues "$nq"
	if ! listener_start "$v" "$nq"; then
		bench_skip "$c" "$v did not bind $nq queue(s): $(tail -n 3 "$tmp/listener.out" | tr '\n' ' ')"
		listener_stop
		return 1
	fi
	ip netns exec "$client" taskset -c 1 "$PKTFLOOD" -i c0 -m "$MAC" \
		-s 10.1.0.0 -n 65536 -R -d 10.0.2.2 -p 5060 -E "$rep" \
		-f "$tmp/BYE.sip" -f "$tmp/INVITE.sip" -t 600000 \
		>"$tmp/flood.out" &
	fpid=$!
	sleep 0.3
	a=$(qstat)
	sleep "$(calc "$MS / 1000")"
	b=$(qstat)
	kill -INT "$fpid"
	wait "$fpid"
	listener_stop
	set -- $a $b
	verdicts=$((($5 - $6 - $7) - ($1 - $2 - $3)))
	us=$(($8 - $4))
	bench_value "$c" "$v" "$rep" "$(calc "$verdicts * 1e6 / $us")" \
		"{\"verdicts\":$verdicts,\"window_ms\":$((us / 1000)),\"user_dropped\":$(($6 - $2)),\"flood\":\"$(cat "$tmp/flood.out")\"}"
}

nfq_case() {
	local c=$1 nq=$2 rep v order

	bench_meta "$c" title="NFQUEUE verdicts, $nq queue(s), punted BYE/re-INVITE" \
		unit="verdicts/s" better=higher reference=bare \
		note="listener on CPU 0, generator and punting on CPU 1; bare = bench/nfq_accept"
	for ((rep = 1; rep <= REPS; rep++)); do
		order=(bare segctl)
		[ $((rep % 2)) = 1 ] || order=(segctl bare)
		for v in "${order[@]}"; do
			run "$c" "$v" "$rep" "$nq"
		done
	done
}

# quick: 2 queues only (the spread over queues and threads)
if [ "$BENCH_QUICK" = 1 ]; then
	bench_skip nfqueue_1q "not run in a quick run (BENCH_QUICK=1)"
else
	nfq_case nfqueue_1q 1
fi
nfq_case nfqueue_2q 2

ksft_exit
