#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The SIP fast path on an untrusted interface, with crafted datagrams:
# clean SIP is accepted in the kernel and never queued; each punt class
# arrives on the NFQUEUE test listener (and goes on when it accepts);
# without a listener fail_mode open lets punted SIP through and closed
# drops it; garbage, Max-Forwards 0, denied User-Agents, truncated
# messages and Content-Length beyond the datagram are dropped, each with
# its counter; the RFC 4475 torture messages are dropped or punted per
# the scanner's verdict table; a >MTU INVITE (IPv4 and IPv6 fragments)
# is reassembled, scanned and accepted.
#
#   client c0 10.0.1.2 --- g0 (untrusted) [gw] g1 --- s0 10.0.2.2 server
#             fd00:1::2                                 fd00:2::2

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
set_role "$gw" g0 untrusted
flood_defaults
sip_defaults
for a in 10.0.2.2 fd00:2::2; do
	busywait 5000 ip netns exec "$client" ping -q -c 1 -W 1 "$a" \
		>/dev/null || fail "no connectivity to $a"
done

T=$_sip_tmp
C=10.0.1.2
sip_req "$T/invite" INVITE "$C:5060"
sip_req "$T/bye" BYE "$C" ";tag=b1"
sip_req "$T/cancel" CANCEL "$C"
sip_req "$T/reinvite" INVITE "$C" ";tag=b1"
sip_req "$T/register" REGISTER "$C"
sip_resp "$T/302" "302 Moved Temporarily"
sip_resp "$T/305" "305 Use Proxy"
sip_resp "$T/200" "200 OK"
sip_req "$T/mismatch" INVITE "192.0.2.99"
sip_req "$T/rport" INVITE "192.0.2.99;rport"
grep -v Max-Forwards "$T/invite" >"$T/rfc2543"

PUNTS="punt_bye punt_cancel punt_in_dialog punt_register punt_redirect
       punt_use_proxy punt_via_mismatch punt_insecure punt_unsure punt_all"
# sip_defaults leaves "dialog" out; nothing here is on a trusted iface
NOPUNTS="punt_dialog punt_learn sip_trusted_unparsed"
SIPDROPS="sip_drop_not_sip sip_drop_bad_version sip_drop_malformed
	  sip_drop_content_length sip_drop_missing_header sip_drop_truncated
	  sip_drop_max_forwards sip_drop_oversized sip_drop_ua sip_drop_invite_rate
	  sip_drop_register_rate sip_drop_options_rate sip_drop_other_rate"

# 1. Punt classes, listener on queue 0 accepting everything.
log "punt classes with a listener"
nfq_start "$gw" 0 accept "$T/q.log"
snap before
check_eq "clean INVITE, 200, rport INVITE reach the server" \
	"$(sip_through "$client" 10.0.2.2 "$T/invite" "$T/200" "$T/rport")" 3
check_eq "punted messages reach the server (listener accepts)" \
	"$(sip_through "$client" 10.0.2.2 "$T/bye" "$T/cancel" "$T/reinvite" \
	   "$T/register" "$T/302" "$T/305" "$T/mismatch" "$T/rfc2543")" 8
knob sip/require_secure 1
check_eq "plain INVITE, require_secure" \
	"$(sip_through "$client" 10.0.2.2 "$T/invite")" 1
knob sip/require_secure 0
knob punt/classes all
check_eq "clean INVITE, strict mode" \
	"$(sip_through "$client" 10.0.2.2 "$T/invite")" 1
knob punt/queue 7
knob punt/classes "bye"
check_eq "BYE to queue 7, nobody there (fail open)" \
	"$(sip_through "$client" 10.0.2.2 "$T/bye")" 1
sip_defaults
snap after
nfq_stop
for c in $PUNTS; do
	n=1
	[ "$c" = punt_bye ] && n=2	# one to queue 0, one to queue 7
	check_eq "$c delta" "$(delta "$c")" $n
done
check_eq "sip_accept delta (invite, 200, rport invite)" \
	"$(delta sip_accept)" 3
check_still $SIPDROPS $NOPUNTS
got=$(tr -d '\r' <"$T/q.log" | paste -sd '|')
exp="0 BYE sip:bob@10.0.2.2 SIP/2.0|0 CANCEL sip:bob@10.0.2.2 SIP/2.0"
exp+="|0 INVITE sip:bob@10.0.2.2 SIP/2.0|0 REGISTER sip:bob@10.0.2.2 SIP/2.0"
exp+="|0 SIP/2.0 302 Moved Temporarily|0 SIP/2.0 305 Use Proxy"
exp+="|0 INVITE sip:bob@10.0.2.2 SIP/2.0|0 INVITE sip:bob@10.0.2.2 SIP/2.0"
exp+="|0 INVITE sip:bob@10.0.2.2 SIP/2.0|0 INVITE sip:bob@10.0.2.2 SIP/2.0"
check_eq "queued messages, in order (no clean INVITE, no 200)" "$got" "$exp"

# 2. Fail mode without a listener.
log "fail mode"
snap before
check_eq "fail open: BYE passes" \
	"$(sip_through "$client" 10.0.2.2 "$T/bye")" 1
knob punt/fail_mode closed
check_eq "fail closed: BYE, CANCEL, REGISTER dropped" \
	"$(sip_through "$client" 10.0.2.2 "$T/bye" "$T/cancel" "$T/register")" 0
check_eq "fail closed: clean INVITE still passes" \
	"$(sip_through "$client" 10.0.2.2 "$T/invite")" 1
nfq_start "$gw" 0 drop "$T/q2.log"
check_eq "listener drops: BYE dropped" \
	"$(sip_through "$client" 10.0.2.2 "$T/bye")" 0
nfq_stop
knob punt/fail_mode open
snap after
check_eq "punt_bye delta" "$(delta punt_bye)" 3
check_eq "punt_cancel delta" "$(delta punt_cancel)" 1
check_eq "punt_register delta" "$(delta punt_register)" 1
check_eq "sip_accept delta" "$(delta sip_accept)" 1
check_eq "listener saw one BYE" "$(grep -c BYE "$T/q2.log")" 1
check_still $NOPUNTS

# 3. Drops in the kernel, each with its counter.
log "drops"
printf 'HELLO WORLD\r\n\r\n' >"$T/garbage"
printf '\r\n\r\n' >"$T/keepalive"
sed 's/Max-Forwards: 70/Max-Forwards: 0/' "$T/invite" >"$T/mf0"
sip_req "$T/scanner" OPTIONS "$C" "" $'User-Agent: friendly-scanner\r\n'
sip_req "$T/linphone" OPTIONS "$C" "" $'User-Agent: Linphone/5\r\n'
printf 'INVITE sip:bob@10.0.2.2 SIP/2.0\r\nVia: SIP/2.0/UDP %s\r\n' "$C" \
	>"$T/truncated"
sed 's/Content-Length: 0/Content-Length: 500/' "$T/invite" >"$T/clbig"
knob sip/ua_deny "sipvicious friendly-scanner"
snap before
check_eq "garbage, mf0, scanner, truncated, clbig dropped" \
	"$(sip_through "$client" 10.0.2.2 "$T/garbage" "$T/mf0" \
	   "$T/scanner" "$T/truncated" "$T/clbig")" 0
check_eq "keepalive and Linphone OPTIONS pass" \
	"$(sip_through "$client" 10.0.2.2 "$T/keepalive" "$T/linphone")" 2
knob sip/ports "5070"
check_eq "garbage passes when 5060 is no SIP port" \
	"$(sip_through "$client" 10.0.2.2 "$T/garbage")" 1
knob sip/ports "5060 5080"
snap after
knob sip/ua_deny ""
for c in sip_drop_not_sip sip_drop_max_forwards sip_drop_ua \
	 sip_drop_truncated sip_drop_content_length sip_keepalive \
	 sip_accept; do
	check_eq "$c delta" "$(delta "$c")" 1
done
check_still sip_drop_malformed sip_drop_missing_header $PUNTS $NOPUNTS

# 4. RFC 4475 torture messages: expectations from the scanner's table
# (tests/unit/test_sipscan.c, Documentation/sipscan.rst).
corpora=${IMSSEG_CORPORA:-$IMSSEG_TOP/../shared/corpora}/rfc4475
if [ -d "$corpora" ]; then
	log "RFC 4475 corpus"
	files=()
	declare -A want=()
	for f in "$corpora"/*.dat; do
		case $(basename "$f") in
		badinv01.dat | bigcode.dat | ltgtruri.dat | lwsruri.dat | \
		mismatch01.dat | mismatch02.dat | multi01.dat | quotbal.dat | \
		scalar02.dat | scalarlg.dat)
			c=sip_drop_malformed ;;
		badvers.dat) c=sip_drop_bad_version ;;
		clerr.dat | mcl01.dat | ncl.dat) c=sip_drop_content_length ;;
		insuf.dat) c=sip_drop_missing_header ;;
		zeromf.dat) c=sip_drop_max_forwards ;;
		inv2543.dat) c=punt_unsure ;;
		*) continue ;;
		esac
		files+=("$f")
		want[$c]=$((${want[$c]:-0} + 1))
	done
	snap before
	check_eq "torture messages reaching the server (inv2543, fail open)" \
		"$(sip_through "$client" 10.0.2.2 "${files[@]}")" 1
	snap after
	for c in sip_drop_malformed sip_drop_bad_version \
		 sip_drop_content_length sip_drop_missing_header \
		 sip_drop_max_forwards punt_unsure; do
		check_eq "$c delta" "$(delta "$c")" "${want[$c]:-0}"
	done
	check_eq "torture files sent" "${#files[@]}" 17
else
	log "SKIP RFC 4475 part: no $corpora"
fi

# 5. >MTU INVITE, IPv4 and IPv6: reassembled, scanned, accepted.
log "fragmented INVITE"
big_invite() {
	local f=$1 via=$2 body

	body=$(printf 'v=0\r\n'; for i in $(seq 60); do
		printf 'a=x-pad:%050d\r\n' "$i"; done)
	printf 'INVITE sip:bob@10.0.2.2 SIP/2.0\r\nVia: SIP/2.0/UDP %s;branch=z9hG4bKbig\r\nMax-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>\r\nCall-ID: big@example.com\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: %d\r\n\r\n%s' \
		"$via" $((${#body} + 2)) "$body"$'\r\n' >"$f"
}
big_invite "$T/big4" "$C"
big_invite "$T/big6" "[fd00:1::2]"
check_range "big INVITE size" "$(wc -c <"$T/big4")" 3000 5000
snap before
check_eq "IPv4 big INVITE reaches the server" \
	"$(sip_through "$client" 10.0.2.2 "$T/big4")" 1
check_eq "IPv6 big INVITE reaches the server" \
	"$(sip_through "$client" fd00:2::2 "$T/big6")" 1
snap after
check_eq "sip_accept delta (both scanned whole)" "$(delta sip_accept)" 2
check_still $SIPDROPS $PUNTS $NOPUNTS

# 6. Over sip/max_bytes: the same INVITE is dropped as oversized.
echo 3000 >"$IMSSEG_SYSFS/sip/max_bytes"
snap before
check_eq "IPv4 big INVITE over max_bytes dropped" \
	"$(sip_through "$client" 10.0.2.2 "$T/big4")" 0
snap after
check_eq "sip_drop_oversized delta" "$(delta sip_drop_oversized)" 1
check_eq "sip_accept delta (oversized)" "$(delta sip_accept)" 0
echo 16384 >"$IMSSEG_SYSFS/sip/max_bytes"

ksft_exit
