#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Case 7, memory: the per-source table's memory while 1 k, 64 k and 1 M
# spoofed sources send one UDP datagram each (bench/pktflood, sequential
# sources from 10.64.0.0), against its cap (table/memory_max_bytes, the
# reference "cap"): the ratio must stay at or below 1.
#
#   attacker a0 --- u0 [gw, untrusted]  route 10.0.2.0/24 -> dummy "sink"
#
# The per-source limits are set to 1 packet/s (burst 1) so that an
# entry stays busy (not idle, not collectable) for a second after its
# packet; the table fills as fast as the flood brings new sources, up
# to the cap. Sampled every 100 ms during the flood: table/entries and
# table/memory_bytes (peak), and at the end the imsseg_rl_entry slab
# from /proc/slabinfo (the VM boots with slab_nomerge so that the cache
# is not merged with another). Each size gets a freshly loaded module.

source "$(dirname "$0")/../selftests/lib.sh"
source "$(dirname "$0")/../selftests/flood_lib.sh"
source "$(dirname "$0")/lib.sh"

require_root
[ -x "$PKTFLOOD" ] || skip "bench helpers not built"

REPS=$(bench_reps)
if [ "$BENCH_QUICK" = 1 ]; then
	SIZES=(1000 65536)
else
	SIZES=(1000 65536 1048576)
fi

setup_sink_lab || exit 1
taskset -p -c 0 $$ >/dev/null
tmp=$(mktemp -d)
on_exit "rm -rf $tmp"

T=$IMSSEG_SYSFS/table

slab_bytes() {
	awk '$1 == "imsseg_rl_entry" { print $2 * $4; f = 1 } END { if (!f) print -1 }' \
		/proc/slabinfo
}

# run N REP
run() {
	local n=$1 rep=$2 spid peak_e peak_m cap max e m slab full evict

	imsseg_load || return 1
	set_role "$gw" u0 untrusted
	flood_defaults
	for k in udp pkt; do
		knob "limits/${k}_pps" 1
		knob "limits/${k}_burst" 1
	done
	cap=$(cat "$T/memory_max_bytes")
	max=$(cat "$T/max_entries")
	# the sampler: peaks of entries and memory_bytes, every 100 ms
	rm -f "$tmp/stop"
	(
		pe=0 pm=0
		while [ ! -e "$tmp/stop" ]; do
			read -r e <"$T/entries"
			read -r m <"$T/memory_bytes"
			[ "$e" -le "$pe" ] || pe=$e
			[ "$m" -le "$pm" ] || pm=$m
			sleep 0.1
		done
		echo "$pe $pm" >"$tmp/peak"
	) &
	spid=$!
	ip netns exec "$gen" taskset -c 1 "$PKTFLOOD" -i a0 -m "$MAC" \
		-s 10.64.0.0 -n "$n" -c "$n" -d 10.0.2.2 >"$tmp/flood.out" ||
		fail "pktflood $n sources"
	slab=$(slab_bytes)
	read -r e <"$T/entries"
	read -r m <"$T/memory_bytes"
	touch "$tmp/stop"
	wait "$spid"
	read -r peak_e peak_m <"$tmp/peak"
	# a short flood may end between two samples
	[ "$e" -le "$peak_e" ] || peak_e=$e
	[ "$m" -le "$peak_m" ] || peak_m=$m
	full=$(stat table_full)
	evict=$(stat table_evictions)
	[ "$peak_e" -le "$max" ] ||
		fail "memory: $peak_e entries with a cap of $max"
	[ "$peak_m" -le "$cap" ] ||
		fail "memory: $peak_m bytes with a cap of $cap"
	bench_value memory "src$n" "$rep" "$peak_m" \
		"{\"sources\":$n,\"peak_entries\":$peak_e,\"max_entries\":$max,\"slab_bytes_end\":$slab,\"table_full\":$full,\"table_evictions\":$evict,\"inserts\":$(stat table_inserts),\"flood\":\"$(cat "$tmp/flood.out")\"}"
	[ "$n" != "${SIZES[0]}" ] ||
		bench_value memory cap "$rep" "$cap" "{\"max_entries\":$max,\"entry_bytes\":$(cat "$T/entry_bytes"),\"buckets\":$(cat "$T/buckets")}"
	imsseg_unload
}

bench_meta memory title="Per-source table memory under spoofed sources" \
	unit="bytes (peak table/memory_bytes)" better=lower reference=cap \
	note="ratio to table/memory_max_bytes: must stay <= 1; sources send 1 packet each"
for ((rep = 1; rep <= REPS; rep++)); do
	for n in "${SIZES[@]}"; do
		run "$n" "$rep"
	done
done

ksft_exit
