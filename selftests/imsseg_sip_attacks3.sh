#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Registration hijack (seed paper 4.3a) and a real scanner, from the
# Internet against real peers with segctl run guarding the gateway (the
# IMS lab: ims_lab.sh).
#
#   1. alice (digest-authenticated, IPv4) and alice6 (IPv6) register;
#      segctl learns both bindings from the core's 200 OK and lists them
#   2. the attacker, without credentials, tries to take alice's AOR: a
#      new Contact of its own, "Contact: *" with Expires 0, and the
#      removal of alice's own Contact: each dropped (reg_hijack, never
#      seen by the core); the third attempt bans the attacker in the
#      kernel (hijack_ban_after = 3; segctl block list), so a fourth
#      is dropped by imsseg.ko itself (drop_blocklist). Meanwhile alice
#      refreshes her registration, and afterwards a call from the core
#      still reaches her: her binding is intact
#   3. a REGISTER for alice with (wrong) credentials is not segctl's to
#      judge: it reaches the core, which refuses it (401)
#   4. a sipvicious scan (svmap): kamailio is found without a rule, and
#      not found with sip/ua_deny "friendly-scanner" (kernel drop)
#
#   ue  (alice) --- gw (imsseg.ko + segctl run) --- core (kamailio, sipp)
#   atk         ---'

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/ims_lab.sh"

lab_start "require_secure = no" "hijack_ban_after = 3" "ban_ttl = 600"
T=$LAB_DIR

# --- 1. registrations learned ---
log "1. alice registers over IPv4, alice6 over IPv6"
reasons_snap before
lab_register "$ue" $LAB_UE 5062 alice
check_eq "alice registers (digest auth)" $? 0
lab_register "$ue" $LAB_UE6 5062 alice6
check_eq "alice6 registers over IPv6 (digest auth)" $? 0
check_reasons "registrations" ""
gwctl -j registrations >"$T/regs.json" || fail "segctl registrations -j"
binding() {
	jq -r --arg a "$1" '.[] | select(.aor == $a) | .bindings[] |
		"\(.contact) \(.addr) \(.auth)"' "$T/regs.json"
}
check_eq "segctl's binding of alice" "$(binding sip:alice@ims.test)" \
	"sip:alice@$LAB_UE:5062 $LAB_UE:5062 true"
check_eq "segctl's binding of alice6" "$(binding sip:alice6@ims.test)" \
	"sip:alice6@[$LAB_UE6]:5062 [$LAB_UE6]:5062 true"

# --- 2. hijack attempts ---
log "2. the attacker tries to take alice's registration"
# hijack NAME CONTACT EXPIRES [HEADER...]: a REGISTER for alice from
# the attacker (no credentials unless a HEADER brings them)
hijack() {
	atk_register "$T/$1" "$1" alice "$2" "$3" $LAB_ATK:5060 "${@:4}"
}
hijack hijack-1 "<sip:alice@$LAB_ATK:5060>" 600
hijack hijack-2 "*" 0
hijack hijack-3 "<sip:alice@$LAB_UE:5062>" 0
hijack hijack-4 "*" 0
reasons_snap before
snap before
lab_bg refresh lab_register "$ue" $LAB_UE 5062 alice
for i in 1 2 3; do
	lab_sipsend "$atk" -p 5060 -w 500 -o "$T/hijack-$i.rsp" $LAB_CORE 5060 \
		"$T/hijack-$i" >"$T/hijack-$i.out"
	reason_wait reg_hijack $i
done
busywait 10000 lab_banned $LAB_ATK || fail "the hijacker was not banned"
log "ban: $(gwctl -j block list | jq -c '.block[]')"
lab_sipsend "$atk" -p 5060 $LAB_CORE 5060 "$T/hijack-4" >/dev/null
busywait 10000 eval 'snap after; [ "$(delta drop_blocklist)" -ge 1 ]' ||
	fail "the banned hijacker's fourth REGISTER was not dropped by the kernel"
lab_wait refresh
check_eq "alice's refresh during the attack: sipp exit status" $? 0
check_reasons "registration hijack" "reg_hijack=3"
check_eq "kernel drop_blocklist delta (the fourth attempt)" \
	"$(delta drop_blocklist)" 1
check_eq "answers to the hijacker" \
	"$(cat "$T"/hijack-[123].rsp 2>/dev/null | grep -c '^SIP/2.0')" 0
lab_core_saw "rx-req REGISTER hijack-" &&
	fail "a hijacking REGISTER reached the core"
gwctl -j registrations >"$T/regs.json"
check_eq "segctl's binding of alice after the attack" \
	"$(binding sip:alice@ims.test)" "sip:alice@$LAB_UE:5062 $LAB_UE:5062 true"
gwctl block del $LAB_ATK || fail "segctl block del $LAB_ATK"

lab_uas alice "$ue" $LAB_UE 5062 -m 1
lab_uas_ready "$ue" 5062
lab_call toalice "$core" $LAB_CORE 5090 alice 500
check_eq "a call from the core to alice after the attack" $? 0
lab_wait alice
check_eq "alice's UAS: sipp exit status" $? 0

# --- 3. with credentials: the core decides ---
log "3. a REGISTER with wrong credentials reaches the core"
reasons_snap before
hijack cred-1 "<sip:alice@$LAB_ATK:5060>" 600 \
	"Authorization: Digest username=\"alice\", realm=\"$LAB_DOMAIN\", nonce=\"00\", uri=\"sip:$LAB_DOMAIN\", response=\"00000000000000000000000000000000\""
lab_sipsend "$atk" -p 5060 -w 2000 -c 1 -o "$T/cred-1.rsp" $LAB_CORE 5060 \
	"$T/cred-1" >/dev/null
grep -q '^SIP/2.0 401 ' "$T/cred-1.rsp" ||
	fail "the core did not refuse wrong credentials with 401"
check_reasons "REGISTER with credentials" ""
lab_core_saw "rx-req REGISTER cred-1 $LAB_ATK:5060" ||
	fail "the REGISTER with credentials did not reach the core"

# --- 4. sipvicious ---
if command -v svmap >/dev/null; then
	log "4. sipvicious svmap scan"
	ip netns exec "$atk" svmap -x $LAB_ATK -p5060 $LAB_CORE \
		>"$T/svmap.0" 2>&1
	grep -q "$LAB_CORE:5060" "$T/svmap.0" ||
		fail "svmap does not find kamailio without a rule"
	knob sip/ua_deny friendly-scanner
	snap before
	ip netns exec "$atk" svmap -x $LAB_ATK -p5060 $LAB_CORE \
		>"$T/svmap.1" 2>&1
	snap after
	knob sip/ua_deny ""
	grep -q "$LAB_CORE:5060" "$T/svmap.1" &&
		fail "svmap finds kamailio despite sip/ua_deny"
	check_range "sip_drop_ua delta (svmap's OPTIONS)" "$(delta sip_drop_ua)" 1 10
	check_eq "svmap OPTIONS that reached the core" \
		"$(grep -cE "rx-req OPTIONS [0-9]+ $LAB_ATK:5060" "$T/kamailio.log")" 1
else
	log "SKIP 4: no svmap (sipvicious)"
fi

lab_finish
