#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An Internet UE behind an IPsec tunnel to the gateway, its SIP bound to
# that tunnel (issue 6, "UE tunnels bound to SIP"), on the IMS lab
# (ims_lab.sh). gw's side of the tunnel is a [tunnel ue1] section of
# segctl.conf; the UE's side is configured independently with "ip
# xfrm", as the UE's own IPsec stack would:
#
#   ue  u0 10.0.1.2 (outer) ===== ESP, tunnel mode ===== gw inet 10.0.1.1
#       lo 10.9.0.2 (inner: the UE's SIP address)       gc --- core 10.0.2.0/24
#   atk a0 10.0.3.2 (plain)
#
#   tunnel ue1: 10.0.2.0/24 (core) <-> 10.9.0.2/32 (the UE), AES-GCM,
#   required (never in clear)
#
# What must happen:
#   1. alice's REGISTER through the tunnel binds; segctl lists the
#      binding with the tunnel
#   2. the same AOR registered from outside the tunnel (the UE's outer
#      address, and the attacker) is refused: tunnel_binding, the core
#      never sees it
#   3. in a call set up through the tunnel, a BYE from outside it (the
#      attacker's own address, and the UE's inner address forged in
#      clear) is dropped: tunnel_binding; the call completes
#   4. with require_secure (reloaded with SIGHUP, state kept) a plain
#      REGISTER from the Internet gets 494 Security Agreement Required
#      with a Security-Server header (RFC 3329), built as a correct
#      response to it (Via, Call-ID, CSeq, a To tag) and is not
#      forwarded; the UE registers and calls through its tunnel as
#      before

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/ims_lab.sh"

UE_IN=10.9.0.2
KEY=0x0102030405060708090a0b0c0d0e0f1011121314

lab_require
require_cmd nft
lab_setup || lab_finish
lab_core_start || lab_finish
T=$LAB_DIR

# the UE's side, with iproute2
ip -n "$ue" addr add $UE_IN/32 dev lo
ip -n "$ue" route add 10.0.2.0/24 via 10.0.1.1 src $UE_IN
x="ip -n $ue xfrm"
$x state add src 10.0.1.1 dst $LAB_UE proto esp spi 0x5002 reqid 1 \
	mode tunnel aead 'rfc4106(gcm(aes))' $KEY 128
$x state add src $LAB_UE dst 10.0.1.1 proto esp spi 0x5001 reqid 1 \
	mode tunnel aead 'rfc4106(gcm(aes))' $KEY 128
$x policy add src $UE_IN/32 dst 10.0.2.0/24 dir out \
	tmpl src $LAB_UE dst 10.0.1.1 proto esp reqid 1 mode tunnel
$x policy add src 10.0.2.0/24 dst $UE_IN/32 dir in \
	tmpl src 10.0.1.1 dst $LAB_UE proto esp reqid 1 mode tunnel
ip -n "$gw" route add $UE_IN/32 via $LAB_UE dev inet

# gw's side: segctl.conf
(umask 077; echo "$KEY" >"$T/ue1.key")
tunnel_conf() {
	lab_segctl_conf "require_secure = $1" \
		"security_server = ipsec-3gpp;q=0.1;alg=hmac-sha-1-96, tls;q=0.2" \
		"" "[tunnel ue1]" "peer = $LAB_UE" "local = 10.0.1.1" \
		"subnets = 10.0.2.0/24=$UE_IN/32" "aead = rfc4106(gcm(aes))" \
		"keyfile = $T/ue1.key" "spi-in = 0x5001" "spi-out = 0x5002" \
		"required = yes"
}
tunnel_conf no
lab_segctl_start || lab_finish

# the UE's SIP crosses gw's inet only as ESP (its inner address never
# in clear), counted at gw's ingress
ip netns exec "$gw" nft -f - <<NFT || fail "nft in gw"
table netdev uewire {
	counter n_esp {}
	counter n_clear {}
	chain in {
		type filter hook ingress device "inet" priority 0;
		ip protocol esp ip saddr $LAB_UE counter name n_esp accept
		meta secpath exists accept
		ip saddr $UE_IN counter name n_clear
	}
}
NFT
wire() {
	ip netns exec "$gw" nft list counter netdev uewire "n_$1" |
		awk '/packets/ { print $2 }'
}
busywait 20000 ip netns exec "$ue" ping -q -c 1 -W 1 -I $UE_IN $LAB_CORE \
	>/dev/null || fail "no connectivity through the tunnel"

# --- 1. REGISTER through the tunnel ---
log "1. alice registers through the tunnel"
reasons_snap before
lab_register "$ue" $UE_IN 5062 alice
check_eq "alice registers through the tunnel: sipp exit status" $? 0
check_reasons "REGISTER through the tunnel" ""
tid=$(gwctl -j tunnel list | jq '.tunnels[] | select(.name == "ue1") | .id')
gwctl -j registrations >"$T/regs.json"
check_eq "segctl's binding of alice (contact, source, secure, tunnel)" \
	"$(jq -r '.[] | select(.aor == "sip:alice@ims.test") | .bindings[] |
		"\(.contact) \(.addr) \(.secure) \(.tunnel)"' "$T/regs.json")" \
	"sip:alice@$UE_IN:5062 $UE_IN:5062 true $tid"
# a ping and the two REGISTERs (challenged, then with credentials)
check_range "ESP packets from the UE at gw" "$(wire esp)" 3 100000

# --- 2. the same AOR from outside the tunnel ---
log "2. alice's AOR registered from outside the tunnel"
# outside NS SRC NAME: an unauthenticated REGISTER for alice from SRC
outside() {
	atk_register "$T/$3" "$3" alice "<sip:alice@$2:5064>" 600 "$2:5064"
	lab_sipsend "$1" -p 5064 -w 1000 -o "$T/$3.rsp" $LAB_CORE 5060 \
		"$T/$3" >/dev/null
}
reasons_snap before
outside "$ue" $LAB_UE outside-ue
outside "$atk" $LAB_ATK outside-atk
reason_wait tunnel_binding 2
check_reasons "REGISTERs outside the tunnel" "tunnel_binding=2"
lab_core_saw "rx-req REGISTER outside-" &&
	fail "a REGISTER from outside the tunnel reached the core"
check_eq "answers to them" \
	"$(cat "$T"/outside-*.rsp 2>/dev/null | grep -c '^SIP/2.0')" 0

# --- 3. a call through the tunnel, BYEs from outside ---
log "3. BYEs from outside the tunnel in a tunnel call"
reasons_snap before
lab_call_bg tun "$ue" $UE_IN 5060 service 0 -set gate 1
busywait 30000 lab_core_reached tun-1 || fail "call tun-1 not established"
check_eq "tun-1's caller in segctl (addr, secure, tunnel)" \
	"$(gwctl -j dialogs | jq -r '.[] | select(.call_id == "tun-1") |
		"\(.caller.addr) \(.caller.secure) \(.caller.tunnel)"')" \
	"$UE_IN:5060 true $tid"
atk_bye "$T/tunbye.atk" tun-1 20 $LAB_ATK:5060
lab_sipsend "$atk" -p 5060 $LAB_CORE 5060 "$T/tunbye.atk" >/dev/null
atk_bye "$T/tunbye.spoof" tun-1 20 $UE_IN:5060
lab_sipsend "$atk" -b $UE_IN -s -p 5060 $LAB_CORE 5060 "$T/tunbye.spoof" \
	>/dev/null
reason_wait tunnel_binding 2
lab_release tun "$ue" $UE_IN 5060
lab_wait tun
check_eq "the tunnel call under attack: sipp exit status" $? 0
check_reasons "BYEs outside the tunnel" "tunnel_binding=2"
check_eq "BYEs of tun-1 that reached the core (the UE's own)" \
	"$(grep -c 'rx-req BYE tun-1 ' "$T/kamailio.log")" 1

# --- 4. require_secure: 494 ---
log "4. require_secure: plain SIP from the Internet gets 494"
tunnel_conf yes
knob sip/require_secure 1
n=$(grep -c '"event":"sip_reload"' "$T/segctl.log")
kill -HUP "$_lab_segctl_pid"
busywait 20000 eval '[ $(grep -c "\"event\":\"sip_reload\"" "$T/segctl.log") -gt $n ]' ||
	fail "no sip_reload after SIGHUP"
gwctl -j registrations | jq -e '.[] | select(.aor == "sip:alice@ims.test")' \
	>/dev/null || fail "the reload lost alice's binding"
reasons_snap before
atk_register "$T/plain" plain-1 mallory "<sip:mallory@$LAB_ATK:5070>" 600 \
	$LAB_ATK:5070
lab_sipsend "$atk" -p 5070 -w 2000 -c 1 -o "$T/plain.rsp" $LAB_CORE 5060 \
	"$T/plain" >"$T/plain.out"
lab_register "$ue" $UE_IN 5062 alice
check_eq "alice re-registers through the tunnel: sipp exit status" $? 0
lab_call secure "$ue" $UE_IN 5060 service 500
check_eq "a call through the tunnel: sipp exit status" $? 0
reason_wait insecure 1
check_reasons "a plain REGISTER" "insecure=1"
tr -d '\r' <"$T/plain.rsp" >"$T/plain.494"
check_eq "the answer's status line" "$(head -n 1 "$T/plain.494")" \
	"SIP/2.0 494 Security Agreement Required"
check_eq "its Security-Server" \
	"$(sed -n 's/^Security-Server: *//p' "$T/plain.494")" \
	"ipsec-3gpp;q=0.1;alg=hmac-sha-1-96, tls;q=0.2"
grep -q "^Via: SIP/2.0/UDP $LAB_ATK:5070;branch=z9hG4bK-plain-1" "$T/plain.494" ||
	fail "the 494 does not carry the request's Via"
grep -q '^Call-ID: plain-1$' "$T/plain.494" || fail "the 494 has another Call-ID"
grep -q '^CSeq: 1 REGISTER$' "$T/plain.494" || fail "the 494 has another CSeq"
grep -q '^To: <sip:mallory@ims.test>;tag=' "$T/plain.494" ||
	fail "the 494's To has no tag"
lab_core_saw "rx-req REGISTER plain-1 " &&
	fail "the plain REGISTER reached the core"
check_eq "packets from the UE's inner address in clear at gw (the forged BYE)" \
	"$(wire clear)" 1
knob sip/require_secure 0

lab_finish
