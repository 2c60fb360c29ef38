#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The seed paper's attacks on dialogs and transactions (4.1a, 4.2a-c),
# from the Internet against real peers, with segctl run guarding the
# gateway (the IMS lab: ims_lab.sh). Each attack targets a live call of
# the UE through kamailio to a sipp UAS; the attack must fail, the call
# must complete normally (the UE's own BYE answered 200), the core must
# never see the forged message, and segctl's reason counters must move
# by exactly the attack's messages:
#
#   1. spoofed BYE: from the attacker's address (IPv4 and IPv6):
#      bye_spoof; from the UE's own address and port (forged source)
#      with a CSeq not above the UE's last: bye_cseq
#   2. spoofed CANCEL of a ringing call (the INVITE's Via, branch and
#      tags) from the attacker: cancel_spoof
#   3. session modification in a live call from the attacker: a
#      re-INVITE moving the media to the attacker: media_hijack; an
#      UPDATE without SDP: indialog_spoof; meanwhile the UE's own
#      re-INVITE (new media port) is accepted and logged
#
#   ue  (alice, caller) --- gw (imsseg.ko + segctl run) --- core (kamailio,
#   atk (attacker)     ---'                                      sipp UAS)

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/ims_lab.sh"

lab_start "require_secure = no"
T=$LAB_DIR

lab_register "$ue" $LAB_UE 5062 alice
check_eq "alice registers (digest auth) through the gateway" $? 0

# --- 1. spoofed BYE ---
log "1. spoofed BYE in a live call (IPv4 and IPv6)"
reasons_snap before
lab_call_bg bye "$ue" $LAB_UE 5060 service 0 -set gate 1
lab_call_bg bye6 "$ue" $LAB_UE6 5060 service 0 -set gate 1
busywait 30000 lab_core_reached bye-1 || fail "call bye-1 not established"
busywait 30000 lab_core_reached bye6-1 || fail "call bye6-1 not established"

atk_bye "$T/bye.atk" bye-1 20 $LAB_ATK:5060
atk_send bye.atk $LAB_CORE "$T/bye.atk" 0 -p 5060
# IPv6: kamailio record-routes twice (IPv6 in, IPv4 out); the caller's
# route set is the reversed Record-Route of the answer it got
LAB_ROUTE=$(tr -d '\r' <"$T/bye6.msg" | awk '/^Record-Route: / {
	sub(/^Record-Route: /, ""); r = $0 (r ? ", " r : ""); n = 1; next }
	n { exit } END { print r }')
atk_bye "$T/bye6.atk" bye6-1 20 "[$LAB_ATK6]:5060"
LAB_ROUTE=
atk_send bye6.atk $LAB_CORE6 "$T/bye6.atk" 0 -p 5060
# the UE's own address and port, an old CSeq (the INVITE's)
atk_bye "$T/byecseq.atk" bye-1 1 $LAB_UE:5060
atk_send byecseq.atk $LAB_CORE "$T/byecseq.atk" 0 -b $LAB_UE -s -p 5060
reason_wait bye_spoof 2
reason_wait bye_cseq 1
lab_release bye "$ue" $LAB_UE 5060
lab_release bye6 "$ue" $LAB_UE6 5060
lab_wait bye
check_eq "call bye-1 under attack: sipp exit status" $? 0
lab_wait bye6
check_eq "call bye6-1 under attack: sipp exit status" $? 0
check_reasons "spoofed BYE" "bye_spoof=2 bye_cseq=1"
lab_core_saw "rx-req BYE bye6?-1 ($LAB_ATK|$LAB_ATK6)" &&
	fail "a BYE from the attacker reached the core"
check_eq "BYEs of bye-1 that reached the core (the UE's own)" \
	"$(grep -c 'rx-req BYE bye-1 ' "$T/kamailio.log")" 1

# --- 2. spoofed CANCEL ---
log "2. spoofed CANCEL of a ringing call"
reasons_snap before
lab_call_bg cancel "$ue" $LAB_UE 5060 slow 1000
busywait 30000 lab_core_saw "rx-rpl 180 cancel-1 " ||
	fail "call cancel-1 does not ring"
atk_cancel "$T/cancel.atk" cancel-1 slow $LAB_UE:5060
atk_send cancel.atk $LAB_CORE "$T/cancel.atk" 0 -p 5060
reason_wait cancel_spoof 1
lab_wait cancel
check_eq "ringing call cancel-1 under attack: sipp exit status" $? 0
check_reasons "spoofed CANCEL" "cancel_spoof=1"
lab_core_saw "rx-req CANCEL cancel-1 " &&
	fail "the forged CANCEL reached the core"

# --- 3. re-INVITE / UPDATE from the attacker; the UE's own re-INVITE ---
log "3. session modification from the attacker"
reasons_snap before
lab_call_bg media "$ue" $LAB_UE 5060 service 500 -set gate 1 \
	-set reinvite 1
busywait 30000 lab_core_reached media-1 || fail "call media-1 not established"
atk_reinvite "$T/reinvite.atk" media-1 30 $LAB_ATK:5060 $LAB_ATK 40000
atk_update "$T/update.atk" media-1 31 $LAB_ATK:5060
atk_send reinvite.atk $LAB_CORE "$T/reinvite.atk" 0 -p 5060
atk_send update.atk $LAB_CORE "$T/update.atk" 0 -p 5060
reason_wait media_hijack 1
reason_wait indialog_spoof 1
lab_release media "$ue" $LAB_UE 5060
lab_wait media
check_eq "call media-1 with the UE's re-INVITE: sipp exit status" $? 0
check_reasons "re-INVITE/UPDATE from the attacker" \
	"media_hijack=1 indialog_spoof=1"
lab_core_saw "rx-req (INVITE|UPDATE) media-1 $LAB_ATK" &&
	fail "the attacker's re-INVITE or UPDATE reached the core"
check_eq "INVITEs of media-1 from the UE that reached the core" \
	"$(grep -c "rx-req INVITE media-1 $LAB_UE:" "$T/kamailio.log")" 2
gwctl -j events -n 1000 >"$T/events.json" || fail "segctl events"
check_eq "media_change events of media-1 (the UE's re-INVITE, 6000 -> 6002)" \
	"$(jq -s '[.[] | select(.event == "learned" and
		(.detail | test("call_id=media-1 .*media_change=caller before=\"[^ ]+ 6000\" after=\"[^ ]+ 6002\"")))]
		| length' "$T/events.json")" 1

lab_register "$ue" $LAB_UE 5062 alice
check_eq "alice re-registers after the attacks" $? 0
lab_finish
