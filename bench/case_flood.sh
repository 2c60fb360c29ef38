#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Case 1, flood drop rate: how many flood packets per second one
# gateway CPU absorbs with imsseg.ko, with the equivalent nftables
# ruleset (per-source dynamic sets with "limit rate over" plus an
# aggregate limit, at the same rates and table size), with nft dropping
# everything at prerouting priority -300, and with no filter at all
# (the packets are routed and sent to a dummy device).
#
#   gen a0 10.0.1.2 ----- u0 10.0.1.1 [gw, untrusted]  route 10.0.2.0/24 -> dummy "sink"
#
# pktflood runs on CPU 1 and the gateway's receive work runs inline on
# that CPU after each send (veth, no RPS); this script runs on CPU 0.
#
# Floods (bench/pktflood, AF_PACKET, as fast as it goes):
#   flood_udp      UDP from 4 sources, each far over its per-source limit
#   flood_udp_rnd  UDP from 64 k random sources (10.1.0.0/16)
#   flood_syn_rnd  TCP SYN from 64 k random sources
#
# Measure: packets per second of that CPU (generator + gateway), the
# fastest 20 ms slice of the run (the one the host disturbed least).
# "floor" drops at u0's netdev ingress hook, before the IP layer: the
# cost of generating and receiving a packet, which every variant pays.
# The report derives the gateway's own cost per packet from it.

source "$(dirname "$0")/../selftests/lib.sh"
source "$(dirname "$0")/../selftests/flood_lib.sh"
source "$(dirname "$0")/lib.sh"

require_root
[ -x "$PKTFLOOD" ] || skip "bench helpers not built"
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs (generator and gateway)"

REPS=$(bench_reps)
MS=$(bench_ms 2000 300)
VARIANTS=(none imsseg nft_meter nft_drop floor)
[ "$BENCH_QUICK" != 1 ] || VARIANTS=(none imsseg nft_meter)

setup_sink_lab || exit 1
taskset -p -c 0 $$ >/dev/null

# The module's default limits, read once; nft gets the same numbers.
imsseg_load || exit 1
for k in limits/udp limits/syn limits/pkt aggregate/udp aggregate/syn \
	 aggregate/pkt; do
	n=${k//\//_}
	eval "${n}_pps=$(cat "$IMSSEG_SYSFS/${k}_pps")"
	eval "${n}_burst=$(cat "$IMSSEG_SYSFS/${k}_burst")"
done
TABLE_MAX=$(cat "$IMSSEG_SYSFS/table/max_entries")
imsseg_unload

# nft_meter: what an operator would write instead. A per-source set per
# class (UDP, SYN) and one for all packets, each as large as imsseg's
# table; a full set makes "update" fail, so the packet skips that limit
# (fail-open, as imsseg's table_full). Then the aggregate limits.
nft_meter_rules() {
	local t=2s

	cat <<-NFT
	table ip bench {
		set udp4 { type ipv4_addr; size $TABLE_MAX; flags dynamic,timeout; timeout $t; }
		set syn4 { type ipv4_addr; size $TABLE_MAX; flags dynamic,timeout; timeout $t; }
		set pkt4 { type ipv4_addr; size $TABLE_MAX; flags dynamic,timeout; timeout $t; }
		chain pre {
			type filter hook prerouting priority -300; policy accept;
			iifname != "u0" accept
			meta l4proto udp update @udp4 { ip saddr limit rate over $limits_udp_pps/second burst $limits_udp_burst packets } counter drop
			tcp flags & (syn | ack) == syn update @syn4 { ip saddr limit rate over $limits_syn_pps/second burst $limits_syn_burst packets } counter drop
			update @pkt4 { ip saddr limit rate over $limits_pkt_pps/second burst $limits_pkt_burst packets } counter drop
			meta l4proto udp limit rate over $aggregate_udp_pps/second burst $aggregate_udp_burst packets counter drop
			tcp flags & (syn | ack) == syn limit rate over $aggregate_syn_pps/second burst $aggregate_syn_burst packets counter drop
			limit rate over $aggregate_pkt_pps/second burst $aggregate_pkt_burst packets counter drop
		}
	}
	NFT
}

floor_rules() {
	cat <<-NFT
	table netdev bench {
		chain in {
			type filter hook ingress device "u0" priority -500; policy drop;
		}
	}
	NFT
}

nft_drop_rules() {
	cat <<-NFT
	table ip bench {
		chain pre {
			type filter hook prerouting priority -300; policy accept;
			iifname "u0" drop
		}
	}
	NFT
}

variant_up() {
	case $1 in
	imsseg)
		imsseg_load || return 1
		set_role "$gw" u0 untrusted ;;
	nft_meter) nft_meter_rules | ip netns exec "$gw" nft -f - ;;
	nft_drop) nft_drop_rules | ip netns exec "$gw" nft -f - ;;
	floor) floor_rules | ip netns exec "$gw" nft -f - ;;
	esac
}

variant_down() {
	case $1 in
	imsseg) imsseg_unload ;;
	nft_* | floor) ip netns exec "$gw" nft flush ruleset ;;
	esac
}

# imsseg's verdicts of the run, as JSON details (one process: each one
# costs a tenth of a second under TCG)
imsseg_details() {
	local d=$IMSSEG_SYSFS/stats

	awk '{ n = FILENAME; sub(/.*\//, "", n); printf "%s\"%s\":%s", s, n, $1; s = "," }' \
		"$d/pass" "$d/drop_udp_rate" "$d/drop_syn_rate" \
		"$d/drop_pkt_rate" "$d/drop_aggregate_udp" \
		"$d/drop_aggregate_syn" "$d/drop_aggregate_pkt" \
		"$d/table_inserts" "$d/table_evictions" "$d/table_full"
}

# run CASE VARIANT REP PKTFLOOD-ARGS...
run() {
	local c=$1 v=$2 rep=$3 p0 d0 p1 d1 b0 b1 out sent busy value extra
	shift 3

	variant_up "$v" || { fail "$c: cannot set up $v"; return 1; }
	read -r p0 d0 < <(softnet 1)
	b0=$(cpu_busy 1)
	out=$(ip netns exec "$gen" taskset -c 1 "$PKTFLOOD" -i a0 -m "$MAC" \
		-d 10.0.2.2 -t "$MS" -I 20 -E "$rep" "$@") ||
		{ fail "$c: pktflood $*"; variant_down "$v"; return 1; }
	read -r p1 d1 < <(softnet 1)
	b1=$(cpu_busy 1)
	set -- $out
	value=${10}
	extra="\"processed\":$((p1 - p0)),\"backlog_drops\":$((d1 - d0)),\"busy_ticks\":$((b1 - b0)),\"sent\":$2,\"errors\":$4,\"ms\":$6,\"pps\":$8,\"median_slice_pps\":${12}"
	[ "$v" != imsseg ] || extra+=",$(imsseg_details)"
	bench_value "$c" "$v" "$rep" "$value" "{$extra}"
	variant_down "$v"
}

flood_case() {
	local c=$1 title=$2 rep i v n=${#VARIANTS[@]}
	shift 2

	bench_meta "$c" title="$title" unit="pps, generator + gateway on one CPU" \
		better=higher reference=none floor=floor pairs=imsseg/nft_meter \
		note="fastest 20 ms slice; nft sets of $TABLE_MAX entries"
	for ((rep = 1; rep <= REPS; rep++)); do
		for ((i = 0; i < n; i++)); do
			v=${VARIANTS[$(((i + rep - 1) % n))]}
			run "$c" "$v" "$rep" "$@"
		done
	done
}

# quick: the random-source UDP flood only (it exercises the table)
if [ "$BENCH_QUICK" = 1 ]; then
	bench_skip flood_udp "not run in a quick run (BENCH_QUICK=1)"
	bench_skip flood_syn_rnd "not run in a quick run (BENCH_QUICK=1)"
else
	flood_case flood_udp "UDP flood, 4 sources over their limit" \
		-s 10.1.0.1 -n 4
fi
flood_case flood_udp_rnd "UDP flood, 64k random sources" \
	-s 10.1.0.0 -n 65536 -R
[ "$BENCH_QUICK" = 1 ] ||
	flood_case flood_syn_rnd "SYN flood, 64k random sources" \
		-S -p 5060 -s 10.1.0.0 -n 65536 -R

ksft_exit
