#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The seed paper's response and transport attacks (4.1b, 4.1c, 4.2d,
# 5.2.2-5.2.3) and malformed SIP, from the Internet against real peers
# with segctl run guarding the gateway (the IMS lab: ims_lab.sh). Each
# attack must fail while legitimate calls complete, the core must not
# act on it, and segctl's reason counters must move by exactly the
# attack's messages:
#
#   1. 3xx/305 into calls from the core to bob (a UE): the attacker
#      answers kamailio's INVITE with a 302 and a 305 while bob rings
#      (redirect_unsolicited, use_proxy): bob's 200 still wins; bob
#      himself redirecting inside redirect_allow: passes; outside it:
#      redirect_target (the caller times out, never sees the 302)
#   2. Via reflection (4.2d): OPTIONS naming a victim in the top Via (no
#      rport): via_reflect, the core's answer goes to the attacker and
#      the victim's host gets nothing (kamailio replies to the top Via,
#      reply_to_via); a burst of them: via_reflect_rate, the attacker is
#      banned in the kernel (segctl block list); 6 legitimate calls
#      complete meanwhile
#   3. sips: Request-URI over a UDP Via: 403 with a Warning back to the
#      sender (tls_hops)
#   4. RFC 4475 messages sofia-sip accepts but the RFC calls invalid
#      (trws, lwsstart, escruri; ../shared/corpora): lint
#
# A call of the UE is held over sections 2 to 4 and must complete.
#
#   ue  (bob, alice) --- gw (imsseg.ko + segctl run) --- core (kamailio,
#   atk (attacker)   ---'                                     sipp)

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/ims_lab.sh"

lab_start "require_secure = no" "reflect_pps = 1" "reflect_burst = 3"
T=$LAB_DIR
CALLER_PORT=5090

lab_register "$ue" $LAB_UE 5064 bob
check_eq "bob registers (digest auth) through the gateway" $? 0

# bob_uas NAME [SIPP_ARGS...]: one call answered by bob's UAS in ue
bob_uas() {
	local name=$1
	shift
	lab_uas "$name" "$ue" $LAB_UE 5064 -m 1 "$@"
	lab_uas_ready "$ue" 5064
}

# got NAME STATUS: sipp NAME received a STATUS response
got() {
	grep -A2 'message received' "$T/$1.msg" | grep -q "^SIP/2.0 $2 "
}

# --- 1. 3xx and 305 ---
log "1a. forged 302 and 305 from the attacker while bob rings"
bob_uas bob1 -d "$LAB_RING_MS"
reasons_snap before
lab_call_bg redir "$core" $LAB_CORE $CALLER_PORT bob 1000
busywait 30000 lab_core_saw "rx-rpl 180 redir-1 " || fail "bob does not ring"
# what kamailio sent bob: the Via stack to answer on
awk '/^INVITE sip:bob/ { f = 1 } f && /^Via:/ { print } f && /^\r?$/ { exit }' \
	"$T/bob1.msg" | tr -d '\r' >"$T/redir.vias"
check_eq "Vias of kamailio's INVITE to bob" "$(wc -l <"$T/redir.vias")" 2
mapfile -t vias <"$T/redir.vias"
for st in "302 Moved Temporarily" "305 Use Proxy"; do
	atk_response "$T/redir.${st%% *}" "$st" redir-1 bob \
		"sip:bob@$LAB_ATK:5060" "${vias[@]}"
done
atk_send redir.302 $LAB_CORE "$T/redir.302" 0 -p 5060
atk_send redir.305 $LAB_CORE "$T/redir.305" 0 -p 5060
reason_wait redirect_unsolicited 1
reason_wait use_proxy 1
lab_wait redir
check_eq "call to bob under a forged 302/305: sipp exit status" $? 0
lab_wait bob1
check_eq "bob's UAS: sipp exit status" $? 0
check_reasons "forged 302 and 305" "redirect_unsolicited=1 use_proxy=1"
lab_core_saw "rx-rpl 30[25] redir-1 " &&
	fail "a forged 3xx reached the core"

log "1b. bob redirects inside redirect_allow"
bob_uas bob2 -set answer 302 -key target "sip:carol@$LAB_DOMAIN"
reasons_snap before
lab_call redir2 "$core" $LAB_CORE $CALLER_PORT bob 1000
check_reasons "302 inside redirect_allow" ""
got redir2 302 || fail "the caller did not get bob's 302 to carol"
lab_wait bob2
check_eq "bob's UAS (302, ACKed): sipp exit status" $? 0

log "1c. bob redirects outside redirect_allow"
# the caller gives up after kamailio's INVITE timer (15 s): checked at
# the end, the next attacks run meanwhile
bob_uas bob3 -set answer 302 -key target "sip:bob@203.0.113.66"
reasons_snap before
lab_call_bg redir3 "$core" $LAB_CORE $CALLER_PORT bob 1000
reason_wait redirect_target 1
check_reasons "302 outside redirect_allow" "redirect_target=1"
lab_core_saw "rx-rpl 302 redir3-1 " && fail "the 302 reached the core"

# --- 2. Via reflection ---
# reflected NAME: UDP datagrams the victim's host got from the core on
# another port than its SIP ports (nft counter in ue)
ip netns exec "$ue" nft -f - <<NFT || fail "nft in ue"
table inet victim {
	counter reflected {}
	chain in {
		type filter hook input priority 0;
		ip saddr $LAB_CORE udp dport != { 5060, 5062, 5064, 5070 } counter name reflected
	}
}
NFT
reflected() {
	ip netns exec "$ue" nft list counter inet victim reflected |
		awk '/packets/ { print $2 }'
}

log "2. Via reflection"
# a call held over sections 2 to 4, and 6 short ones during 2
lab_call_bg hold "$ue" $LAB_UE 5070 service 0 -set gate 1
busywait 30000 lab_core_reached hold-1 || fail "call hold-1 not established"
lab_call_bg legit "$ue" $LAB_UE 5060 service 1000 -m 6 -r 1 -l 2
reasons_snap before
atk_reflect "$T/reflect" reflect-1 $LAB_UE:5099
atk_send reflect $LAB_CORE "$T/reflect" 1 -p 5066
grep -q '^SIP/2.0 200' "$T/reflect.rsp" ||
	fail "the core's 200 did not come back to the attacker"
reason_wait via_reflect 1
check_reasons "one reflected OPTIONS" "via_reflect=1"
lab_core_saw "rx-req OPTIONS reflect-1 $LAB_ATK:5066" ||
	fail "the rewritten OPTIONS did not reach the core"
check_eq "datagrams the victim got from the core" "$(reflected)" 0

log "2b. a burst of 20: rate-limited, then banned"
reasons_snap before
snap before
# -w: keep the socket open for the core's answers to the rewritten ones
# (now sent to the attacker itself), else each draws an ICMP port
# unreachable that the ban then counts as one more blocklist drop
lab_sipsend "$atk" -p 5067 -n 20 -w 3000 $LAB_CORE 5060 "$T/reflect" >/dev/null
reason_wait via_reflect_rate 1
busywait 10000 lab_banned $LAB_ATK || fail "the reflecting source was not banned"
log "ban: $(gwctl -j block list | jq -c '.block[]')"
reasons_snap after
snap after
check_eq "burst: via_reflect + via_reflect_rate + kernel blocklist drops" \
	$(($(reason_delta via_reflect) + $(reason_delta via_reflect_rate) +
	   $(delta drop_blocklist))) 20
check_range "burst: via_reflect (burst 3 of the bucket)" \
	"$(reason_delta via_reflect)" 0 4
check_eq "datagrams the victim got from the core" "$(reflected)" 0
gwctl block del $LAB_ATK/32 || fail "segctl block del $LAB_ATK/32"
lab_wait legit
check_eq "6 legitimate calls during the reflection attack: sipp exit status" $? 0

# --- 3. sips: over UDP ---
log "3. sips: Request-URI with a UDP Via"
reasons_snap before
atk_sips "$T/sips" sips-1 $LAB_ATK:5068
atk_send sips $LAB_CORE "$T/sips" 1 -p 5068
reason_wait tls_hops 1
check_reasons "sips: over UDP" "tls_hops=1"
grep -q '^SIP/2.0 403 ' "$T/sips.rsp" || fail "no 403 to the sips: INVITE"
grep -qi '^Warning: ' "$T/sips.rsp" || fail "the 403 has no Warning"
grep -q '^Call-ID: sips-1' "$T/sips.rsp" || fail "the 403 has another Call-ID"
lab_core_saw "rx-req INVITE sips-1 " && fail "the sips: INVITE reached the core"

# --- 4. RFC 4475 invalid messages sofia-sip accepts ---
corpora=${IMSSEG_CORPORA:-$IMSSEG_TOP/../shared/corpora}/rfc4475
if [ -d "$corpora" ]; then
	log "4. RFC 4475 trws, lwsstart, escruri"
	files=("$corpora/trws.dat" "$corpora/lwsstart.dat" "$corpora/escruri.dat")
	reasons_snap before
	lab_sipsend "$atk" -p 5069 $LAB_CORE 5060 "${files[@]}" >/dev/null ||
		fail "sipsend RFC 4475 files"
	reason_wait lint 3
	check_reasons "RFC 4475 invalid" "lint=3"
	for f in "${files[@]}"; do
		cid=$(sed -n 's/^Call-ID: *//p' "$f" | tr -d '\r')
		lab_core_saw "rx-req [^ ]+ $cid " &&
			fail "$(basename "$f") reached the core"
	done
else
	log "SKIP 4: no $corpora"
fi

lab_release hold "$ue" $LAB_UE 5070
lab_wait hold
check_eq "the call held during sections 2 to 4: sipp exit status" $? 0
lab_wait redir3
check_eq "the caller redirected outside: sipp exit status" $? 1
got redir3 302 && fail "the caller got bob's 302 to 203.0.113.66"
got redir3 408 || fail "the caller did not time out (408)"
lab_wait bob3

lab_call final "$ue" $LAB_UE 5060 service 500
check_eq "a call after the attacks: sipp exit status" $? 0
lab_finish
