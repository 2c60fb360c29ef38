#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real SIP calls through the SIP fast path: sipp UAC (client, behind the
# untrusted g0) calls a sipp UAS (server) over UDP and TCP.
#
#   - punt/classes empty: every message is decided in the kernel
#   - default classes with the NFQUEUE test listener accepting: the
#     in-dialog ACK and the BYE go through user space and calls complete
#   - TCP (-t t1), default classes and listener: calls complete
#   - core side trusted (g1), class dialog and punt/learn on, listener
#     accepting: the INVITEs are punted as dialog, the UAS's 200 OKs to
#     them are learned, calls complete; with fail_mode closed, no
#     listener and no untrusted class, the learn punts bypass and calls
#     still complete
#   - an INVITE flood from 10.0.1.3 is cut by sip/invite_pps while the
#     UAC at 10.0.1.2 completes every call
#
#   client c0 10.0.1.2, 10.0.1.3 --- g0 (untrusted) [gw] g1 --- s0 10.0.2.2

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/flood_lib.sh"
source "$(dirname "$0")/sip_lib.sh"

require_root
require_cmd ip sipp
[ -x "$SIPSEND" ] && [ -x "$NFQLISTEN" ] || skip "selftests helpers not built"

setup_gateway_lab || ksft_exit
ip -n "$client" addr add 10.0.1.3/24 dev c0
imsseg_load || ksft_exit
on_exit imsseg_unload
default_classes=$(cat "$IMSSEG_SYSFS/punt/classes")
set_role "$gw" g0 untrusted
flood_defaults
sip_defaults
busywait 5000 ip netns exec "$client" ping -q -c 1 -W 1 10.0.2.2 \
	>/dev/null || fail "no connectivity"

T=$_sip_tmp
# -bg: sipp forks and exits non-zero; the netns cleanup kills the UASs
ip netns exec "$server" sipp -sn uas -i 10.0.2.2 -p 5060 -nostdin -bg \
	>/dev/null 2>&1
ip netns exec "$server" sipp -sn uas -i 10.0.2.2 -p 5060 -t t1 -nostdin \
	-bg >/dev/null 2>&1
busywait 5000 eval "ip netns exec $server ss -Hlun 'sport = :5060' | grep -q ." ||
	fail "sipp uas udp not listening"
busywait 5000 eval "ip netns exec $server ss -Hltn 'sport = :5060' | grep -q ." ||
	fail "sipp uas tcp not listening"

# uac WHAT CALLS RATE [ARGS...]: sipp UAC; all calls must succeed
uac() {
	local what=$1 m=$2 r=$3
	shift 3

	if ip netns exec "$client" sipp -sn uac 10.0.2.2:5060 -i 10.0.1.2 \
		-m "$m" -r "$r" -timeout 60 -timeout_error -nostdin "$@" \
		>"$T/uac.log" 2>&1; then
		pass "$what: $m calls completed"
	else
		fail "$what: sipp uac failed"
		grep -E "Successful call|Failed call" "$T/uac.log" | tail -4
	fi
}

PUNTS="punt_bye punt_cancel punt_in_dialog punt_register punt_redirect
       punt_use_proxy punt_via_mismatch punt_insecure punt_unsure punt_all"

log "UDP calls, nothing punted"
knob punt/classes ""
snap before
uac "UDP, classes empty" 5 5
snap after
check_range "sip_accept delta (INVITE, ACK, BYE per call)" \
	"$(delta sip_accept)" 15 40
check_still $PUNTS sip_drop_not_sip sip_drop_malformed

log "UDP calls, default classes, listener accepts"
sip_defaults
nfq_start "$gw" 0 accept "$T/q.log"
snap before
uac "UDP, default classes" 5 5
snap after
check_eq "punt_bye delta" "$(delta punt_bye)" 5
check_eq "punt_in_dialog delta (ACKs)" "$(delta punt_in_dialog)" 5
check_eq "BYEs seen by the listener" "$(grep -c ' BYE ' "$T/q.log")" 5
check_eq "INVITEs seen by the listener" "$(grep -c ' INVITE ' "$T/q.log")" 0

log "TCP calls, default classes, listener accepts"
snap before
uac "TCP" 5 5 -t t1
snap after
nfq_stop
check_range "punt_bye delta (TCP)" "$(delta punt_bye)" 5 5
check_range "sip_accept delta (TCP INVITEs)" "$(delta sip_accept)" 5 40
check_still sip_drop_not_sip sip_drop_malformed sip_drop_truncated \
	sip_drop_content_length

log "UDP calls, core side trusted: dialog and learn punts"
set_role "$gw" g1 trusted
knob punt/classes "$default_classes"	# dialog included
nfq_start "$gw" 0 accept "$T/ql.log"
snap before
uac "UDP, dialog and learn" 5 5
snap after
nfq_stop
# a slow round trip under TCG may make sipp retransmit: 1 or 2 per call
check_range "punt_dialog delta (INVITEs)" "$(delta punt_dialog)" 5 10
check_range "punt_learn delta (200 OKs to INVITE)" "$(delta punt_learn)" 5 10
check_eq "punt_bye delta" "$(delta punt_bye)" 5
check_eq "sip_trusted_unparsed delta" "$(delta sip_trusted_unparsed)" 0
check_eq "INVITEs seen by the listener" "$(grep -c ' INVITE ' "$T/ql.log")" \
	"$(delta punt_dialog)"
check_eq "200 OKs seen by the listener" \
	"$(grep -c ' SIP/2.0 200 ' "$T/ql.log")" "$(delta punt_learn)"
check_eq "nothing else learned (no 180, no 200 to BYE)" \
	"$(grep -c ' SIP/2.0 1[0-9][0-9] ' "$T/ql.log")" 0

log "UDP calls, fail_mode closed, no listener: learn punts bypass"
knob punt/classes ""
knob punt/fail_mode closed
snap before
uac "UDP, learn only, closed, no listener" 5 5
snap after
check_range "punt_learn delta" "$(delta punt_learn)" 5 10
check_still $PUNTS punt_dialog
set_role "$gw" g1 none
sip_defaults

log "INVITE flood from 10.0.1.3 while 10.0.1.2 calls"
sip_req "$T/attack" INVITE 10.0.1.3
knob sip/invite_burst 10
knob sip/invite_pps 5
snap before
ip netns exec "$client" "$SIPSEND" -b 10.0.1.3 -r 200 -n 1000 10.0.2.2 5060 \
	"$T/attack" >"$T/flood.out" &
fpid=$!
uac "calls during the flood" 10 2
wait $fpid || fail "sipsend flood"
snap after
check_eq "flood sent" "$(cat "$T/flood.out")" "sent 1000"
check_range "sip_drop_invite_rate delta" "$(delta sip_drop_invite_rate)" \
	900 985
sip_defaults

ksft_exit
