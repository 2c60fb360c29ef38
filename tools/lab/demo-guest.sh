#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Inside the VM: the demo lab (tools/demo) on the IMS lab of the
# selftests (selftests/ims_lab.sh: Internet UE and attacker, the imsseg
# gateway with segctl run, the IMS core with kamailio and sipp).
#
# Legitimate calls run at a steady rate (sipp, 2 calls/s, 2 s each)
# while the attacker replays the seed paper's attacks (the dialog ones
# on one more call of the UE, held until they are over) with the helpers
# of the attack selftests (selftests/ims_attacks.sh), a sipvicious scan,
# an INVITE flood and a UDP flood from a forged source; every second the
# kernel's and segctl run's counters are sampled.
#
# usage: demo-guest.sh OUTDIR [SECONDS]     (default 90, at least 80)
#
# Writes to OUTDIR: samples.csv (t, calls_ok, calls_failed, then every
# kernel counter as k.NAME and every segctl reason as s.NAME), attacks.csv
# (t, attack, what), events.jsonl (segctl run's events), bans.json,
# stats-final.json, registrations.json, version.txt, legit.txt (sipp's
# final screen) and demo-guest/ (kamailio, segctl and sipp logs).
# tools/lab/demo-report.sh turns them into report.md and demo.png.

source "$(dirname "$0")/../../selftests/lib.sh"
out=$(cd "$1" && pwd) || exit 1
secs=${2:-90}
[ "$secs" -ge 80 ] || { echo "demo-guest.sh: at least 80 seconds" >&2; exit 2; }
LAB_LOGDIR=$out
LAB_TRACE=0
source "$SELFTESTS_DIR/ims_lab.sh"
corpora=${IMSSEG_CORPORA:-$IMSSEG_TOP/../shared/corpora}/rfc4475

say() { echo "== $*"; }

say "lab: namespaces, imsseg.ko, kamailio, segctl run"
lab_start "require_secure = no" "reflect_pps = 1" "reflect_burst = 3" \
	"hijack_ban_after = 3" "ban_ttl = 600"
"$SEGCTL" version >"$out/version.txt"
# the fast path's own limits, at demo values: per-source UDP and INVITE
# budgets and automatic bans (lab_setup opened them all)
knob limits/udp_pps 500
knob limits/udp_burst 1000
knob ban/after_s 2
knob ban/seconds 60
knob sip/invite_pps 20
knob sip/invite_burst 40
T=$LAB_DIR

lab_register "$ue" $LAB_UE 5062 alice || fail "alice does not register"
lab_register "$ue" $LAB_UE 5064 bob || fail "bob does not register"

# --- sampling ---
_demo_t0=${EPOCHREALTIME/[.,]/}
now_s() {
	local n=${EPOCHREALTIME/[.,]/}
	echo $(((n - _demo_t0) / 1000000))
}

# calls: cumulative successful and failed calls of the legit stream
calls() {
	awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) {
			if ($i == "SuccessfulCall(C)") s = i
			if ($i == "FailedCall(C)") f = i } }
		END { print (s ? $s : 0) + 0, (f ? $f : 0) + 0 }' \
		"$T/legit.csv" 2>/dev/null || echo 0 0
}

sampler() {
	local t c next=1

	gwctl -j stats | jq -r '["t", "calls_ok", "calls_failed"] +
		[.module | keys_unsorted[] | "k." + .] +
		[.segctl.reasons | keys_unsorted[] | "s." + .] | join(",")' \
		>"$out/samples.csv"
	while :; do
		t=$(now_s)
		read -r -a c <<<"$(calls)"
		gwctl -j stats | jq -r --argjson t "$t" --argjson ok "${c[0]}" \
			--argjson bad "${c[1]}" '[$t, $ok, $bad] +
			[.module[]] + [.segctl.reasons[]] | join(",")' \
			>>"$out/samples.csv"
		while [ "$(now_s)" -lt "$next" ]; do
			sleep 0.1
		done
		next=$(($(now_s) + 1))
	done
}

# attack NAME WHAT: log the attack's start in attacks.csv
attack() {
	echo "$(now_s),$1,\"$2\"" >>"$out/attacks.csv"
	say "t=$(now_s)s attack: $1: $2"
}

# at S: wait until S seconds since the start
at() {
	while [ "$(now_s)" -lt "$1" ]; do
		sleep 0.2
	done
}

# atk FILE...: from the attacker to kamailio, no waiting for answers
atk() {
	lab_sipsend "$atk" -p 5060 $LAB_CORE 5060 "$@" >/dev/null
}

echo "t,attack,what" >"$out/attacks.csv"
sampler &
sampler_pid=$!
on_exit "kill $sampler_pid 2>/dev/null"

say "legitimate traffic: calls UE -> core, 2/s, 2 s each, for ${secs}s"
lab_call_bg legit "$ue" $LAB_UE 5060 service 2000 -m $((secs * 2)) -r 2 \
	-trace_stat -stf "$T/legit.csv" -fd 1
lab_uas bob "$ue" $LAB_UE 5064 -set answer 302 \
	-key target "sip:bob@203.0.113.66" -m 1

# the dialog attacks target a call of the UE held until they are over
lab_call_bg victim "$ue" $LAB_UE 5070 service 0 -set gate 1
busywait 30000 lab_core_reached victim-1 || fail "the attacked call does not start"

at 8
cid=victim-1
attack bye_spoof "BYE in live call $cid from the attacker"
atk_bye "$T/a1" "$cid" 20 $LAB_ATK:5060 && atk "$T/a1"
attack bye_cseq "BYE in $cid forged with the UE's address, old CSeq"
atk_bye "$T/a2" "$cid" 1 $LAB_UE:5070 &&
	lab_sipsend "$atk" -b $LAB_UE -s -p 5070 $LAB_CORE 5060 "$T/a2" >/dev/null

at 14
attack media_hijack "re-INVITE moving $cid's media to the attacker"
atk_reinvite "$T/a3" "$cid" 30 $LAB_ATK:5060 $LAB_ATK 40000 && atk "$T/a3"
attack indialog_spoof "UPDATE in $cid from the attacker"
atk_update "$T/a4" "$cid" 31 $LAB_ATK:5060 && atk "$T/a4"

at 20
attack cancel_spoof "CANCEL of $cid's INVITE from the attacker"
atk_cancel "$T/a5" "$cid" service $LAB_UE:5070 && atk "$T/a5"
sleep 1
lab_release victim "$ue" $LAB_UE 5070

at 26
attack redirect_target "bob redirects a call from the core to 203.0.113.66"
lab_call_bg tobob "$core" $LAB_CORE 5090 bob 500 -timeout 30
attack use_proxy "305 Use Proxy from the attacker"
atk_response "$T/a6" "305 Use Proxy" evil-305 service "sip:$LAB_ATK" \
	"Via: SIP/2.0/UDP $LAB_CORE;branch=z9hG4bK-evil305" && atk "$T/a6"
attack redirect_unsolicited "302 for no transaction from the attacker"
atk_response "$T/a7" "302 Moved Temporarily" evil-302 service \
	"sip:x@$LAB_ATK" "Via: SIP/2.0/UDP $LAB_CORE;branch=z9hG4bK-evil302" &&
	atk "$T/a7"

at 32
attack tls_hops "INVITE sips: over UDP (403 back)"
atk_sips "$T/a8" sips-1 $LAB_ATK:5068 && atk "$T/a8"
if [ -d "$corpora" ]; then
	attack lint "RFC 4475 trws, lwsstart, escruri"
	atk "$corpora/trws.dat" "$corpora/lwsstart.dat" "$corpora/escruri.dat"
fi
if command -v svmap >/dev/null; then
	attack svmap "sipvicious svmap scan (sip/ua_deny friendly-scanner)"
	knob sip/ua_deny friendly-scanner
	ip netns exec "$atk" svmap -x $LAB_ATK -p5060 $LAB_CORE >"$T/svmap" 2>&1 &
fi

at 40
attack via_reflect "3 OPTIONS with the UE as top Via (rewritten)"
atk_reflect "$T/a9" reflect-1 $LAB_UE:5099 &&
	lab_sipsend "$atk" -p 5066 -n 3 -r 1 $LAB_CORE 5060 "$T/a9" >/dev/null

at 46
attack invite_flood "1500 INVITEs at 300/s from the attacker"
LAB_BODY=$(lab_sdp $LAB_ATK 40000) lab_msg "$T/flood" \
	"INVITE sip:service@$LAB_DOMAIN SIP/2.0" \
	"Via: SIP/2.0/UDP $LAB_ATK:5072;branch=z9hG4bK-flood;rport" \
	"Max-Forwards: 70" "From: <sip:flood@$LAB_DOMAIN>;tag=fl" \
	"To: <sip:service@$LAB_DOMAIN>" "Call-ID: flood-1" "CSeq: 1 INVITE" \
	"Content-Type: application/sdp"
lab_sipsend "$atk" -p 5072 -n 1500 -r 300 $LAB_CORE 5060 "$T/flood" >/dev/null

at 56
attack udp_flood "12000 UDP datagrams at 3000/s from forged 198.51.100.7"
ip netns exec "$atk" "$FLOOD" -s 198.51.100.7 -p 5060 -c 12000 -r 3000 \
	$LAB_CORE >/dev/null

at 64
attack reg_hijack "3 REGISTERs taking alice's AOR, then a 4th (banned)"
for i in 1 2 3 4; do
	atk_register "$T/h$i" "hijack-$i" alice "*" 0 $LAB_ATK:5060 &&
		atk "$T/h$i"
	sleep 0.3
done
sleep 2
gwctl -j block list >"$out/bans.json"
gwctl block del $LAB_ATK >/dev/null 2>&1

at 72
attack via_reflect_rate "20 OPTIONS with the UE as top Via at once"
atk_reflect "$T/a10" reflect-2 $LAB_UE:5099 &&
	lab_sipsend "$atk" -p 5067 -n 20 $LAB_CORE 5060 "$T/a10" >/dev/null

say "waiting for the legitimate calls to end"
lab_wait legit
lab_wait victim
victim_rc=$?
lab_wait tobob
lab_wait bob
sleep 2
kill $sampler_pid
wait $sampler_pid 2>/dev/null
tail -n 14 "$T/legit.out" | grep -E 'Successful call|Failed call' |
	tee "$out/legit.txt"
echo "the attacked call (victim-1): sipp exit status $victim_rc" |
	tee -a "$out/legit.txt"
gwctl -j block list >"$out/bans-final.json"
[ -s "$out/bans.json" ] || cp "$out/bans-final.json" "$out/bans.json"
gwctl -j stats >"$out/stats-final.json"
gwctl -j registrations >"$out/registrations.json"
gwctl -j events -n 1000 >"$out/events.jsonl"
say "segctl stats"
gwctl stats | grep -E '^segctl\.reasons\.|drop' | grep -v ' 0$'
lab_finish
