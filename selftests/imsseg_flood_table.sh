#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The per-source table is bounded: more sources than table/max_entries
# never grow it past the cap; inserts into a full table evict idle
# entries or are counted as table_full (the packet then passes, still
# bounded by the aggregate); an active ban is never evicted; the GC
# empties the table of idle entries; memory_bytes follows the entries
# and stays under memory_max_bytes. Finally the module is unloaded
# during a flood: no oops, no leaked entry (the VM runner fails the run
# on any kernel BUG/WARNING, e.g. kmem_cache_destroy() finding objects).
#
#   attacker                gw                          server
#   a0 10.0.1.2 ------ u0 10.0.1.1 (untrusted)
#                          g1 10.0.2.1 ------ s0 10.0.2.2
#
# Random sources: 10.99.0.0 + i.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/flood_lib.sh"

require_root
require_cmd ip
[ -x "$FLOOD" ] || skip "selftests helpers not built"

setup_attacker_lab || ksft_exit

T=$IMSSEG_SYSFS/table
tval() {
	cat "$T/$1"
}

# entries_are N / entries_above N: for busywait
entries_are() {
	[ "$(tval entries)" = "$1" ]
}

entries_above() {
	[ "$(tval entries)" -gt "$1" ]
}

# memory_bytes = entries * entry_bytes + fixed, at most memory_max_bytes
check_memory() {
	local n eb mem max fixed

	n=$(tval entries)
	eb=$(tval entry_bytes)
	mem=$(tval memory_bytes)
	max=$(tval memory_max_bytes)
	fixed=$((max - $(tval max_entries) * eb))
	check_eq "$1: memory_bytes = entries * entry_bytes + table" "$mem" \
		$((n * eb + fixed))
	check_range "$1: memory_bytes <= memory_max_bytes" "$mem" 0 "$max"
	check_range "$1: hash table bytes >= 8 * buckets" "$fixed" \
		$((8 * $(tval buckets))) $((16 * $(tval buckets)))
}

# (lockdep's spinlocks are larger: the debug kernel of make check-debug)
eb_max=256
[ "${IMSSEG_DEBUG_KERNEL:-0}" != 1 ] || eb_max=1024
check_range "entry_bytes" "$(tval entry_bytes)" 64 "$eb_max"
check_memory "idle"
busywait 5000 entries_are 0 || fail "table not empty at start"

# A banned source first (ban after 1 s, for 60 s).
knob limits/udp_burst 5
knob limits/udp_pps 10
knob ban/after_s 1
knob ban/seconds 60
snap before
flood_run ip netns exec "$attacker" "$FLOOD" -s 10.0.1.50 -c 800 -r 400 \
	10.0.2.2
snap after
check_eq "ban before the flood: bans" "$(delta bans)" 1
# Take it off the blocklist: only the table's ban drops it now.
ip netns exec "$gw" "$SEGCTL" block del 10.0.1.50 || fail "segctl block del"

# 3000 sources into a 100-entry table.
knob table/max_entries 100
snap before
flood_run ip netns exec "$attacker" "$FLOOD" -s 10.99.0.0 -n 3000 \
	-c 3000 -r 1000 10.0.2.2
snap after
n=$(awk '$1 == "entries" { print $2 }' "$_snap_dir/after")
check_range "table/entries after 3000 sources" "$n" 1 100
ins=$(delta table_inserts)
ev=$(delta table_evictions)
full=$(delta table_full)
check_eq "inserts + table_full = sources" $((ins + full)) 3000

# The GC may remove entries while the counters are read: retry until a
# snapshot is consistent (a real leak or double count never is).
table_balanced() {
	local n0 n1 e0 e1

	snap now
	n0=$(awk '$1 == "entries" { print $2 }' "$_snap_dir/now")
	e0=$(awk '$1 == "table_expired" { print $2 }' "$_snap_dir/now")
	n1=$(tval entries)
	e1=$(stat table_expired)
	[ "$n0" = "$n1" ] && [ "$e0" = "$e1" ] || return 1
	cp "$_snap_dir/now" "$_snap_dir/after"
	[ "$n1" = $((1 + $(delta table_inserts) - $(delta table_evictions) -
		      $(delta table_expired))) ]
}
busywait 3000 table_balanced ||
	fail "entries != 1 + inserts - evictions - expired: $(tval entries)"
pass "table/entries = inserts - evictions - expired (+ the ban)"
check_range "evictions + table_full" $((ev + full)) 1 3000
check_eq "every random source passed (fail-open per source)" \
	"$(delta pass)" 3000
check_memory "after the flood"

# The ban survived: the banned source is still dropped by the table.
snap before
flood_run ip netns exec "$attacker" "$FLOOD" -s 10.0.1.50 -c 10 -r 20 \
	10.0.2.2
snap after
check_eq "banned source after the flood: drop_banned" "$(delta drop_banned)" 10
check_still pass

# The GC removes every idle entry; the ban stays.
busywait 6000 entries_are 1 ||
	fail "GC: table/entries $(tval entries), expected 1 (the ban)"
check_memory "after GC"

# Bans off: the GC removes the last entry too.
knob ban/seconds 0
busywait 6000 entries_are 0 ||
	fail "GC with bans off: table/entries $(tval entries), expected 0"

# Unload during a random-source flood.
knob table/max_entries 1000
ip netns exec "$attacker" "$FLOOD" -s 10.99.0.0 -n 50000 -c 200000 \
	10.0.2.2 >/dev/null &
fpid=$!
busywait 5000 entries_above 100 || fail "flood did not start"
rmmod imsseg || fail "rmmod during the flood"
module_loaded && fail "module still loaded"
kill $fpid 2>/dev/null
wait $fpid 2>/dev/null
grep -q '^imsseg_rl_entry ' /proc/slabinfo &&
	fail "imsseg_rl_entry cache left behind"
# and it loads again
imsseg_load && check_eq "reload: table/entries" "$(tval entries)" 0

ksft_exit
