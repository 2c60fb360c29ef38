#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Case 3, legitimate calls under attack (the headline): a sipp UAC
# places calls at a steady rate through the gateway to a sipp UAS while
# an INVITE flood (each INVITE a new call: own Call-ID, branch and tag)
# from one attacking address runs at 10x, 100x and 1000x the legitimate
# call rate, with no protection, with the equivalent nftables ruleset
# (INVITE matched by payload, per-source dynamic set with "limit rate
# over" at imsseg's sip/invite_pps and _burst) and with imsseg.ko.
#
#   client c0 10.0.1.2 (sipp UAC) --- g0 [gw, untrusted] g1 --- s0 10.0.2.2 (sipp UAS)
#          10.0.1.3 (attacker, bench/pktflood)
#
# The reference is a run without attack and without protection, in the
# same repetition. Figures: the call success rate (successful calls /
# calls placed) and the median setup latency (INVITE to 200 OK, sipp's
# response time), each as a ratio to the reference.
#
# imsseg runs with punt/classes empty: every SIP decision is the kernel
# fast path's (segctl's SIP daemon is not part of this case). The UAS is
# restarted for every run, so a flood's leftover calls do not spill over.

source "$(dirname "$0")/../selftests/lib.sh"
source "$(dirname "$0")/../selftests/flood_lib.sh"
source "$(dirname "$0")/lib.sh"

require_root
require_cmd sipp
[ -x "$PKTFLOOD" ] || skip "bench helpers not built"

REPS=$(bench_reps)
RATE=${BENCH_CALL_RATE:-5}		# legitimate calls per second
MS=$(bench_ms 3000 2000)		# how long calls are placed
CALLS=$((RATE * MS / 1000))
MULTS=(10 100 1000)
[ "$BENCH_QUICK" != 1 ] || MULTS=(1000)
PROTS=(none nft imsseg)
RECV_TIMEOUT=4000			# a call whose answer is later fails

setup_gateway_lab || exit 1
ip -n "$client" addr add 10.0.1.3/24 dev c0
ip netns exec "$gw" sysctl -wq net.ipv4.conf.all.rp_filter=0
ip netns exec "$gw" sysctl -wq net.ipv4.conf.g0.rp_filter=0
taskset -p -c 0 $$ >/dev/null
tmp=$(mktemp -d)
on_exit "rm -rf $tmp"
MAC=$(ip netns exec "$gw" cat /sys/class/net/g0/address)

# The module's INVITE limit, read once; nft gets the same numbers.
imsseg_load || exit 1
INV_PPS=$(cat "$IMSSEG_SYSFS/sip/invite_pps")
INV_BURST=$(cat "$IMSSEG_SYSFS/sip/invite_burst")
imsseg_unload

# The attack: one INVITE, "@@@@@@@@" replaced by the packet number.
printf '%s\r\n' \
	"INVITE sip:service@10.0.2.2:5060 SIP/2.0" \
	"Via: SIP/2.0/UDP 10.0.1.3:5060;branch=z9hG4bK@@@@@@@@" \
	"From: attacker <sip:attacker@10.0.1.3:5060>;tag=@@@@@@@@" \
	"To: service <sip:service@10.0.2.2:5060>" \
	"Call-ID: @@@@@@@@@10.0.1.3" \
	"CSeq: 1 INVITE" \
	"Contact: <sip:attacker@10.0.1.3:5060>" \
	"Max-Forwards: 70" \
	"User-Agent: bench-attacker" \
	"Content-Length: 0" \
	"" >"$tmp/attack.sip"

nft_rules() {
	cat <<-NFT
	table ip bench {
		set inv4 { type ipv4_addr; size 65536; flags dynamic,timeout; timeout 10s; }
		chain pre {
			type filter hook prerouting priority -300; policy accept;
			iifname "g0" udp dport 5060 @th,64,56 0x494e5649544520 update @inv4 { ip saddr limit rate over $INV_PPS/second burst $INV_BURST packets } counter drop
		}
	}
	NFT
}

prot_up() {
	case $1 in
	imsseg)
		imsseg_load || return 1
		set_role "$gw" g0 untrusted
		knob punt/classes "" ;;
	nft) nft_rules | ip netns exec "$gw" nft -f - ;;
	esac
}

prot_down() {
	case $1 in
	imsseg) imsseg_unload ;;
	nft) ip netns exec "$gw" nft flush ruleset ;;
	esac
}

# udp_bound PID PORT: does PID's namespace have a UDP socket bound to
# PORT? (bash only: starting ss costs a tenth of a second under TCG)
udp_bound() {
	local sl local rest hex

	printf -v hex ':%04X' "$2"
	while read -r sl local rest; do
		[[ $local == *"$hex" ]] && return 0
	done <"/proc/$1/net/udp" 2>/dev/null
	return 1
}

uas_start() {
	(cd "$tmp" && exec ip netns exec "$server" taskset -c 0 sipp -sn uas \
		-i 10.0.2.2 -p 5060 -nostdin >/dev/null 2>&1) &
	uas_pid=$!
	busywait 5000 udp_bound "$uas_pid" 5060 || fail "sipp uas not listening"
}

uas_stop() {
	kill "$uas_pid" 2>/dev/null
	wait "$uas_pid" 2>/dev/null
}

# col FILE NAME: column NAME of the last line of sipp's ;-separated stats
col() {
	awk -F';' -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i }
		END { print $c + 0 }' "$1"
}

# run VARIANT REP PROT MULT: one sipp run; MULT 0 is no attack
run() {
	local v=$1 rep=$2 prot=$3 mult=$4 fpid= ok failed lat rate placed
	local t0 t1 t2 t3

	t0=$(date +%s%3N)
	prot_up "$prot" || { fail "cannot set up $prot"; return 1; }
	uas_start
	t1=$(date +%s%3N)
	rm -f "$tmp"/uac_*
	if [ "$mult" -gt 0 ]; then
		ip netns exec "$client" taskset -c 1 "$PKTFLOOD" -i c0 \
			-m "$MAC" -s 10.0.1.3 -d 10.0.2.2 -p 5060 \
			-f "$tmp/attack.sip" -r $((RATE * mult)) -b 1 \
			-t $((MS + 60000)) >"$tmp/flood.out" &
		fpid=$!
	fi
	(cd "$tmp" && ip netns exec "$client" taskset -c 0 sipp -sn uac \
		10.0.2.2:5060 -i 10.0.1.2 -p 5060 -r "$RATE" -m "$CALLS" \
		-recv_timeout "$RECV_TIMEOUT" -timeout $((MS / 1000 + 20))s \
		-trace_stat -stf "$tmp/uac_stat.csv" -fd 1 \
		-trace_rtt -rtt_freq 1 -nostdin >/dev/null 2>&1)
	t2=$(date +%s%3N)
	if [ -n "$fpid" ]; then
		kill -INT "$fpid"
		wait "$fpid"
		rate=$(awk '{ print $8 }' "$tmp/flood.out")
	fi
	uas_stop
	prot_down "$prot"
	t3=$(date +%s%3N)
	log "$v: setup $((t1 - t0)) ms, calls $((t2 - t1)) ms, teardown $((t3 - t2)) ms"
	ok=$(col "$tmp/uac_stat.csv" "SuccessfulCall(C)")
	failed=$(col "$tmp/uac_stat.csv" "FailedCall(C)")
	placed=$(col "$tmp/uac_stat.csv" "TotalCallCreated")
	[ "$placed" -gt 0 ] || placed=$CALLS
	# uac_<pid>_rtt.csv: "Date_ms;response_time_ms;rtd_no", one line per call
	lat=$(cat "$tmp"/uac_*_rtt.csv 2>/dev/null |
	      awk -F';' '$2 ~ /^[0-9.]+$/ { print $2 }' | sort -n |
	      awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print -1 }')
	bench_value sip_calls_success "$v" "$rep" "$(calc "$ok / $placed")" \
		"{\"successful\":$ok,\"failed\":$failed,\"placed\":$placed,\"attack_pps\":${rate:-0},\"attack_target_pps\":$((RATE * mult))}"
	if [ "$lat" != -1 ]; then
		bench_value sip_calls_latency "$v" "$rep" "$lat" \
			"{\"successful\":$ok,\"attack_pps\":${rate:-0}}"
	else
		echo "# sip_calls_latency $v rep $rep: no call completed"
	fi
}

bench_meta sip_calls_success \
	title="Legitimate call success under an INVITE flood" \
	unit="successful / placed calls" better=higher reference=noattack \
	note="$RATE calls/s for $MS ms; attack at 10x/100x/1000x that rate from one address; variant = protection@multiple"
bench_meta sip_calls_latency \
	title="Legitimate call setup latency under an INVITE flood" \
	unit="ms, median INVITE to 200 OK" better=lower reference=noattack \
	note="successful calls only; a call unanswered after $RECV_TIMEOUT ms fails"

VARIANTS=()
for p in "${PROTS[@]}"; do
	for m in "${MULTS[@]}"; do
		VARIANTS+=("$p@${m}x")
	done
done
n=${#VARIANTS[@]}
for ((rep = 1; rep <= REPS; rep++)); do
	run noattack "$rep" none 0
	for ((i = 0; i < n; i++)); do
		v=${VARIANTS[$(((i + rep - 1) % n))]}
		m=${v#*@}
		run "$v" "$rep" "${v%@*}" "${m%x}"
	done
done

ksft_exit
