#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every flood-protection knob under /sys/kernel/imsseg rejects bad input
# (negative, out of range, overflowing, garbage, empty, trailing junk)
# with an error and leaves its value unchanged; good values are accepted
# and read back; the read-only table files refuse writes; modes are
# 0644 / 0444. That a written value takes effect on traffic is what the
# imsseg_flood*.sh tests check.

source "$(dirname "$0")/lib.sh"

require_root
imsseg_load || ksft_exit
on_exit imsseg_unload

S=$IMSSEG_SYSFS
PPS_MAX=10000000
BURST_MAX=100000000

# try FILE VALUE: write VALUE (printf %s, so "" is an empty write);
# prints "ok" or "err"
try() {
	if printf '%s' "$2" 2>/dev/null >"$S/$1"; then
		echo ok
	else
		echo err
	fi
}

# bad FILE VALUE...: each write fails and the value stays
bad() {
	local f=$1 v before after
	shift

	before=$(cat "$S/$f")
	for v in "$@"; do
		if [ "$(try "$f" "$v")" = ok ]; then
			fail "$f accepted '$v'"
		fi
		after=$(cat "$S/$f")
		[ "$after" = "$before" ] ||
			fail "$f changed to '$after' by rejected '$v'"
	done
	# a zero-length write never reaches the module: a no-op
	try "$f" "" >/dev/null
	[ "$(cat "$S/$f")" = "$before" ] || fail "$f changed by an empty write"
	pass "$f rejects $# bad values, stays $before"
}

# good FILE VALUE...: each write succeeds and reads back
good() {
	local f=$1 v
	shift

	for v in "$@"; do
		check_eq "$f after writing $v" "$(try "$f" "$v")/$(cat "$S/$f")" \
			"ok/$v"
	done
}

GARBAGE=(-1 -0 abc $'\n' " " "5x" "5 5" "0x10" "1.5" "1e3" $'5\n\n'
	 $'\n5' "+-5"
	 99999999999999999999 18446744073709551616 4294967301)

for d in limits/udp limits/syn limits/pkt limits/v6_64 limits/v6_56 \
	 limits/v6_48 aggregate/udp aggregate/syn aggregate/pkt \
	 aggregate/trusted; do
	for f in "${d}_pps" "${d}_burst"; do
		[ -f "$S/$f" ] || { fail "$f missing"; continue; }
		check_eq "$f mode" "$(command stat -c %a "$S/$f")" 644
	done
	# pps: 0 (disabled) .. 10^7
	bad "${d}_pps" "${GARBAGE[@]}" $((PPS_MAX + 1))
	good "${d}_pps" 0 1 $PPS_MAX 250
	# burst: 1 .. 10^8; 0 is invalid
	bad "${d}_burst" "${GARBAGE[@]}" 0 $((BURST_MAX + 1))
	good "${d}_burst" 1 $BURST_MAX 40
	# the largest rate x burst still fits (no overflow, no error)
	good "${d}_pps" $PPS_MAX
	good "${d}_pps" 250
done

# A rejected burst with the limiter disabled is still rejected.
good limits/udp_pps 0
bad limits/udp_burst 0 $((BURST_MAX + 1))
good limits/udp_pps 100

check_eq "ban/after_s mode" "$(command stat -c %a "$S/ban/after_s")" 644
check_eq "ban/seconds mode" "$(command stat -c %a "$S/ban/seconds")" 644
bad ban/after_s "${GARBAGE[@]}" 86401
good ban/after_s 0 86400 30
bad ban/seconds "${GARBAGE[@]}" 604801
good ban/seconds 0 604800 300

buckets=$(cat "$S/table/buckets")
check_eq "table/max_entries mode" "$(command stat -c %a "$S/table/max_entries")" 644
bad table/max_entries "${GARBAGE[@]}" 0 $((16 * buckets + 1))
good table/max_entries 1 $((16 * buckets)) $((4 * buckets))
for f in entries buckets entry_bytes memory_bytes memory_max_bytes; do
	check_eq "table/$f mode" "$(command stat -c %a "$S/table/$f")" 444
	[ "$(try "table/$f" 5)" = err ] || fail "table/$f accepted a write"
done
check_eq "table/memory_max_bytes follows max_entries" \
	$(($(cat "$S/table/memory_max_bytes") -
	   4 * buckets * $(cat "$S/table/entry_bytes"))) \
	$(($(cat "$S/table/memory_bytes") -
	   $(cat "$S/table/entries") * $(cat "$S/table/entry_bytes")))

# Defaults after a reload (documented in admin-guide.rst).
imsseg_load || ksft_exit
check_eq "default limits/udp_pps" "$(cat "$S/limits/udp_pps")" 500
check_eq "default limits/v6_64_pps" "$(cat "$S/limits/v6_64_pps")" 4000
check_eq "default aggregate/trusted_pps" \
	"$(cat "$S/aggregate/trusted_pps")" 100000
check_eq "default ban/after_s" "$(cat "$S/ban/after_s")" 30
check_eq "default ban/seconds" "$(cat "$S/ban/seconds")" 300
check_eq "default table/max_entries" "$(cat "$S/table/max_entries")" \
	$((4 * buckets))

ksft_exit
