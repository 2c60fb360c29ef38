#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared by the benchmark cases (bench/case_*.sh, run inside the VM by
# bench/vm-suite). Source it after selftests/lib.sh (namespaces, module
# loading, cleanup) and, for the flood knobs, selftests/flood_lib.sh.
#
# A case writes JSON lines to $BENCH_RAW (one file per case):
#
#   bench_meta CASE KEY=VALUE...  what the case measures: title, unit,
#                                 better (higher|lower), reference (the
#                                 variant every ratio divides by), note
#   bench_value CASE VARIANT REP VALUE [JSON]
#                                 one measurement (a number), with an
#                                 optional object of details
#   bench_skip CASE REASON        the case was not measured, and why
#
# The host (bench/report) turns them into result.json: per variant the
# median, quartiles and min/max; per variant the ratio to the reference
# of the same repetition, and its median and spread.
#
#   bench_reps / bench_ms MS      repetitions and a duration, both cut
#                                 down under BENCH_QUICK=1
#   cpu_busy CPU                  busy time of CPU so far, in USER_HZ
#                                 ticks (everything but idle and iowait)
#   softnet CPU                   "processed dropped" packets of CPU
#   ns_sysfs NS DEV FILE          a /sys/class/net statistic in NS

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_RAW=${BENCH_RAW:-/dev/stdout}
BENCH_QUICK=${BENCH_QUICK:-0}
PKTFLOOD=$BENCH_DIR/pktflood

bench_reps() {
	if [ "$BENCH_QUICK" = 1 ]; then
		echo "${BENCH_QUICK_REPS:-1}"
	else
		echo "${BENCH_REPS:-5}"
	fi
}

# bench_ms MS [QUICK_MS]: MS, or QUICK_MS (default MS / 6) when quick
bench_ms() {
	if [ "$BENCH_QUICK" = 1 ]; then
		echo "${2:-$(($1 / 6))}"
	else
		echo "$1"
	fi
}

_json_str() {
	local s=${1//\\/\\\\}

	s=${s//\"/\\\"}
	s=${s//$'\n'/ }
	s=${s//$'\t'/ }
	printf '"%s"' "$s"
}

bench_meta() {
	local c=$1 kv out=
	shift

	for kv in "$@"; do
		out+=",$(_json_str "${kv%%=*}"):$(_json_str "${kv#*=}")"
	done
	echo "{\"case\":$(_json_str "$c"),\"meta\":{${out#,}}}" >>"$BENCH_RAW"
}

bench_value() {
	local c=$1 v=$2 rep=$3 val=$4 extra=${5:-\{\}}

	case $val in
	'' | *[!0-9.eE+-]*)
		echo "# bench: $c $v rep $rep: no number ('$val')" >&2
		return 1 ;;
	esac
	echo "{\"case\":$(_json_str "$c"),\"variant\":$(_json_str "$v"),\"rep\":$rep,\"value\":$val,\"details\":$extra}" >>"$BENCH_RAW"
	echo "# $c $v rep $rep: $val"
}

bench_skip() {
	echo "{\"case\":$(_json_str "$1"),\"skip\":$(_json_str "$2")}" >>"$BENCH_RAW"
	echo "# $1: not measured: $2"
}

cpu_busy() {
	awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $7 + $8 + $9 }' \
		/proc/stat
}

softnet() {
	local p d

	read -r p d _ < <(sed -n "$(($1 + 1))p" /proc/net/softnet_stat)
	echo "$((16#$p)) $((16#$d))"
}

ns_sysfs() {
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"
}

# calc EXPR: floating point with awk (the VM has no bc)
calc() {
	awk "BEGIN { printf \"%.6g\n\", $* }"
}

# setup_sink_lab: a generator and a gateway whose forwarded packets end
# in a dummy device; $MAC is u0's, for AF_PACKET frames.
#
#   gen a0 10.0.1.2 ----- u0 10.0.1.1 [gw]  route 10.0.2.0/24 -> dummy "sink"
setup_sink_lab() {
	setup_ns gen gw || return 1
	link_ns "$gen" a0 10.0.1.2/24 "$gw" u0 10.0.1.1/24 || return 1
	ip -n "$gw" link add sink type dummy &&
		ip -n "$gw" link set sink up &&
		ip -n "$gw" route add 10.0.2.0/24 dev sink || return 1
	ip netns exec "$gw" sysctl -wq net.ipv4.ip_forward=1 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.u0.rp_filter=0 ||
		return 1
	MAC=$(ip netns exec "$gw" cat /sys/class/net/u0/address)
}
