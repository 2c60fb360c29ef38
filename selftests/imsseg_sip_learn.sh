#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What segctl sees beyond the ABI-1 punts (Documentation/design.rst, "SIP
# fast path"), with crafted datagrams:
#
#   (f) bad values for punt/learn and the two-block queue range are
#       refused (EINVAL / ERANGE) and change nothing
#   (e) class "dialog" (on by default): an initial INVITE and a 200 OK
#       to an INVITE from the untrusted side are punted as dialog; a
#       re-INVITE (in_dialog), a 302 (redirect), a 180 and a 200 to
#       REGISTER are not
#   (a) trusted-side learning: INVITE, BYE and final answers to INVITE
#       and REGISTER from the core (trusted g1) reach the NFQUEUE
#       listener and go on; OPTIONS, REGISTER requests, 1xx and answers
#       to OPTIONS/BYE are not queued; garbage, non-SIP and a message
#       over sip/max_bytes from the core all pass (nothing on the
#       trusted side is dropped), the unreadable candidates counted
#   (b) fail_mode closed, no listener: learn punts still pass (bypass)
#       while the untrusted side's punts are dropped
#   (c) punt/learn 0: nothing from the trusted side is queued
#   (d) queue blocks: SIP that came through an IPsec transport-mode SA
#       lands on punt/queue + punt/queues + hash, the same SIP in
#       cleartext on punt/queue + hash
#
#   client c0 10.0.1.2 --- g0 (untrusted) [gw] g1 (trusted) --- s0 10.0.2.2
#                 ESP transport SA 10.0.1.2 -> 10.0.1.1, UDP sport 5062 (d)

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/flood_lib.sh"
source "$(dirname "$0")/sip_lib.sh"

require_root
require_cmd ip
[ -x "$UDPIO" ] && [ -x "$SIPSEND" ] && [ -x "$NFQLISTEN" ] ||
	skip "selftests helpers not built"

setup_gateway_lab || ksft_exit
imsseg_load || ksft_exit
on_exit imsseg_unload
S=$IMSSEG_SYSFS
default_classes=$(cat "$S/punt/classes")
check_eq "punt/learn default" "$(cat "$S/punt/learn")" 1
case " $default_classes " in
*" dialog "*) pass "dialog is a default punt class" ;;
*) fail "dialog not in the default punt/classes '$default_classes'" ;;
esac
set_role "$gw" g0 untrusted
set_role "$gw" g1 trusted
flood_defaults
sip_defaults
busywait 5000 ip netns exec "$client" ping -q -c 1 -W 1 10.0.2.2 \
	>/dev/null || fail "no connectivity"

T=$_sip_tmp
C=10.0.1.2
CORE=10.0.2.2
PUNTS="punt_bye punt_cancel punt_in_dialog punt_register punt_redirect
       punt_use_proxy punt_via_mismatch punt_insecure punt_unsure
       punt_dialog punt_all"
SIPDROPS="sip_drop_not_sip sip_drop_bad_version sip_drop_malformed
	  sip_drop_content_length sip_drop_missing_header sip_drop_truncated
	  sip_drop_max_forwards sip_drop_oversized sip_drop_ua"

# queued LOG: the listener's lines, '|'-separated, CRs removed
queued() { tr -d '\r' <"$1" | paste -sd '|'; }

# refuse KNOB VALUE ERRTEXT: the write fails with ERRTEXT, value kept
refuse() {
	local k=$1 v=$2 want=$3 before err

	before=$(cat "$S/$k")
	if err=$( (echo "$v" >"$S/$k") 2>&1); then
		fail "$k: '$v' accepted"
		return
	fi
	case $err in
	*"$want"*) pass "$k: '$v' refused ($want)" ;;
	*) fail "$k: '$v': '$err', expected '$want'" ;;
	esac
	check_eq "$k unchanged after '$v'" "$(cat "$S/$k")" "$before"
}

# (f) -----------------------------------------------------------------
log "(f) bad values for punt/learn and the queue range"
EINVAL="Invalid argument"
ERANGE="Numerical result out of range"
refuse punt/learn 2 "$ERANGE"
refuse punt/learn yes "$EINVAL"
refuse punt/learn -1 "$EINVAL"
refuse punt/learn "" "$EINVAL"
refuse punt/queue 65535 "$ERANGE"	# no room for the IPsec block
knob punt/queue 65534
refuse punt/queues 2 "$ERANGE"		# 65534 + 2 * 2 - 1 > 65535
knob punt/queue 65408
knob punt/queues 64			# 65408 + 2 * 64 - 1 = 65535
refuse punt/queue 65409 "$ERANGE"
refuse punt/queues 65 "$ERANGE"
sip_defaults

# (e) -----------------------------------------------------------------
log "(e) class dialog from the untrusted side"
sip_req "$T/invite" INVITE "$C"
sip_req "$T/reinvite" INVITE "$C" ";tag=b1"
sip_resp "$T/200inv" "200 Answered"
sip_resp "$T/180" "180 Ringing"
sip_resp "$T/302" "302 Moved"
sip_resp "$T/200reg" "200 Registered" REGISTER
knob punt/classes "$default_classes"
nfq_start "$gw" 0 accept "$T/qe.log"
snap before
check_eq "untrusted INVITE, 200, re-INVITE, 180, 302, 200 reach the core" \
	"$(sip_through "$client" $CORE "$T/invite" "$T/200inv" \
	   "$T/reinvite" "$T/180" "$T/302" "$T/200reg")" 6
snap after
check_eq "punt_dialog delta (initial INVITE, 200 to INVITE)" \
	"$(delta punt_dialog)" 2
check_eq "punt_in_dialog delta (re-INVITE)" "$(delta punt_in_dialog)" 1
check_eq "punt_redirect delta (302)" "$(delta punt_redirect)" 1
check_eq "sip_accept delta (180, 200 to REGISTER)" "$(delta sip_accept)" 2
check_still punt_learn sip_trusted_unparsed punt_all $SIPDROPS
got=$(queued "$T/qe.log")
exp="0 INVITE sip:bob@10.0.2.2 SIP/2.0|0 SIP/2.0 200 Answered"
exp+="|0 INVITE sip:bob@10.0.2.2 SIP/2.0|0 SIP/2.0 302 Moved"
check_eq "queued: INVITE, 200, re-INVITE, 302 (no 180, no 200 to REGISTER)" \
	"$got" "$exp"
sip_defaults			# classes without dialog
snap before
check_eq "initial INVITE, dialog off" \
	"$(sip_through "$client" $CORE "$T/invite")" 1
snap after
check_eq "punt_dialog delta, dialog off" "$(delta punt_dialog)" 0
check_eq "sip_accept delta, dialog off" "$(delta sip_accept)" 1
nfq_stop

# (a) -----------------------------------------------------------------
log "(a) trusted-side learning"
sip_req "$T/c_invite" INVITE $CORE
sip_req "$T/c_bye" BYE $CORE ";tag=b1"
sip_req "$T/c_options" OPTIONS $CORE
sip_req "$T/c_register" REGISTER $CORE
sip_resp "$T/c_200inv" "200 Answered"
sip_resp "$T/c_486" "486 Busy Here"
sip_resp "$T/c_302" "302 Moved"
sip_resp "$T/c_200reg" "200 Registered" REGISTER
sip_resp "$T/c_401reg" "401 Unauthorized" REGISTER
sip_resp "$T/c_180" "180 Ringing"
sip_resp "$T/c_100" "100 Trying"
sip_resp "$T/c_200opt" "200 Options" OPTIONS
sip_resp "$T/c_200bye" "200 Bye" BYE
printf 'INVITE garbage\r\n\r\n' >"$T/c_garbage"
printf 'SIP/2.0 200 Headless\r\n\r\n' >"$T/c_headless"
printf 'HELLO WORLD\r\n\r\n' >"$T/c_notsip"
body=$(for i in $(seq 60); do printf 'a=x-pad:%050d\r\n' "$i"; done)
printf 'INVITE sip:alice@10.0.1.2 SIP/2.0\r\nVia: SIP/2.0/UDP %s;branch=z9hG4bKbig\r\nMax-Forwards: 70\r\nFrom: <sip:bob@example.com>;tag=b9\r\nTo: <sip:alice@example.com>\r\nCall-ID: big@example.com\r\nCSeq: 1 INVITE\r\nContent-Length: %d\r\n\r\n%s' \
	$CORE ${#body} "$body" >"$T/c_big"
knob sip/max_bytes 3000
check_range "big INVITE over max_bytes" "$(wc -c <"$T/c_big")" 3001 5000
nfq_start "$gw" 0 accept "$T/qa.log"
snap before
check_eq "every trusted-side message reaches the client" \
	"$(sip_to "$server" "$client" $C "$T/c_invite" "$T/c_options" \
	   "$T/c_180" "$T/c_200inv" "$T/c_100" "$T/c_bye" "$T/c_200bye" \
	   "$T/c_register" "$T/c_200reg" "$T/c_401reg" "$T/c_200opt" \
	   "$T/c_486" "$T/c_302" "$T/c_garbage" "$T/c_headless" \
	   "$T/c_notsip" "$T/c_big")" 17
snap after
check_eq "punt_learn delta" "$(delta punt_learn)" 8
check_eq "sip_trusted_unparsed delta (garbage INVITE, headless 200)" \
	"$(delta sip_trusted_unparsed)" 2
check_still sip_accept sip_keepalive sip_tcp_unscanned $PUNTS $SIPDROPS
got=$(queued "$T/qa.log")
exp="0 INVITE sip:bob@10.0.2.2 SIP/2.0|0 SIP/2.0 200 Answered"
exp+="|0 BYE sip:bob@10.0.2.2 SIP/2.0|0 SIP/2.0 200 Registered"
exp+="|0 SIP/2.0 401 Unauthorized|0 SIP/2.0 486 Busy Here"
exp+="|0 SIP/2.0 302 Moved|0 INVITE sip:alice@10.0.1.2 SIP/2.0"
check_eq "queued: INVITE, 200/INVITE, BYE, 200+401/REGISTER, 486, 302, big INVITE" \
	"$got" "$exp"
knob sip/max_bytes 16384

# (c) -----------------------------------------------------------------
log "(c) punt/learn 0"
: >"$T/qa.log"
knob punt/learn 0
snap before
check_eq "trusted INVITE, BYE, 200s, garbage pass" \
	"$(sip_to "$server" "$client" $C "$T/c_invite" "$T/c_bye" \
	   "$T/c_200inv" "$T/c_200reg" "$T/c_garbage")" 5
snap after
check_eq "nothing queued with learn 0" "$(queued "$T/qa.log")" ""
check_still punt_learn sip_trusted_unparsed
knob punt/learn 1
snap before
check_eq "trusted INVITE, learn 1 again" \
	"$(sip_to "$server" "$client" $C "$T/c_invite")" 1
snap after
check_eq "punt_learn delta, learn 1 again" "$(delta punt_learn)" 1
check_eq "queued again" "$(queued "$T/qa.log")" \
	"0 INVITE sip:bob@10.0.2.2 SIP/2.0"
nfq_stop

# (b) -----------------------------------------------------------------
log "(b) fail_mode closed, no listener"
sip_req "$T/bye" BYE "$C" ";tag=b1"
sip_req "$T/register" REGISTER "$C"
sip_req "$T/options" OPTIONS "$C"
knob punt/fail_mode closed
snap before
check_eq "trusted INVITE, 200 to REGISTER, 486 pass (learn punts bypass)" \
	"$(sip_to "$server" "$client" $C "$T/c_invite" "$T/c_200reg" \
	   "$T/c_486")" 3
check_eq "untrusted BYE, REGISTER dropped (no listener, closed)" \
	"$(sip_through "$client" $CORE "$T/bye" "$T/register")" 0
check_eq "untrusted clean OPTIONS still passes" \
	"$(sip_through "$client" $CORE "$T/options")" 1
snap after
knob punt/fail_mode open
check_eq "punt_learn delta" "$(delta punt_learn)" 3
check_eq "punt_bye delta" "$(delta punt_bye)" 1
check_eq "punt_register delta" "$(delta punt_register)" 1

# (d) -----------------------------------------------------------------
log "(d) queue blocks: IPsec transport SA vs cleartext"
K=0x0123456789abcdef0123456789abcdef01234567
SEL="src 10.0.1.2/32 dst 10.0.1.1/32 proto udp sport 5062 dport 5060"
TMPL="tmpl src 10.0.1.2 dst 10.0.1.1 proto esp mode transport"
for ns in "$client" "$gw"; do
	ip -n "$ns" xfrm state add src 10.0.1.2 dst 10.0.1.1 proto esp \
		spi 0x5001 mode transport aead 'rfc4106(gcm(aes))' $K 128 ||
		fail "xfrm state in $ns"
done
# shellcheck disable=SC2086 # word lists
ip -n "$client" xfrm policy add $SEL dir out $TMPL || fail "policy out"
# shellcheck disable=SC2086
ip -n "$gw" xfrm policy add $SEL dir in $TMPL || fail "policy in"
# packets the gateway's SA decrypted
esp_in() {
	ip -n "$gw" -s xfrm state get src 10.0.1.2 dst 10.0.1.1 proto esp \
		spi 0x5001 | sed -n 's/.*(bytes), *\([0-9]*\)(packets).*/\1/p'
}

# send_pair WHAT: the BYE from sport 5062 (through the SA), then from
# 5064 (cleartext), both 10.0.1.2 -> 10.0.1.1:5060 so that the address
# hash is the same; $got: the queues the listener saw them on
send_pair() {
	: >"$T/qd.log"
	check_eq "$1: BYE through the SA reaches the gateway" \
		"$(SIP_SPORT=5062 sip_to "$client" "$gw" 10.0.1.1 "$T/bye")" 1
	check_eq "$1: cleartext BYE reaches the gateway" \
		"$(SIP_SPORT=5064 sip_to "$client" "$gw" 10.0.1.1 "$T/bye")" 1
	got=$(awk '{ print $1 }' "$T/qd.log" | paste -sd ' ')
}

knob punt/queue 4
knob punt/queues 1
nfq_start "$gw" 4-7 accept "$T/qd.log"
esp0=$(esp_in)
[ -n "$esp0" ] || fail "no packet count in 'ip -s xfrm state get'"
snap before
send_pair "queues 1"
check_eq "queues 1: IPsec BYE on 5 (4 + 1), cleartext on 4" "$got" "5 4"
check_eq "ESP packets decrypted by the SA" $(($(esp_in) - esp0)) 1
knob punt/queues 2
send_pair "queues 2"
snap after
sec=${got% *}
plain=${got#* }
check_range "queues 2: cleartext queue in the first block" "$plain" 4 5
check_eq "queues 2: IPsec queue = cleartext queue + 2 (same hash)" \
	"$sec" $((plain + 2))
check_eq "ESP packets decrypted by the SA" $(($(esp_in) - esp0)) 2
check_eq "punt_bye delta" "$(delta punt_bye)" 4
nfq_stop
sip_defaults

ksft_exit
