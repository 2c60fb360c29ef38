#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the SIP fast-path selftests (imsseg_sip*.sh). Source after
# lib.sh and flood_lib.sh.
#
#   sip_defaults               SIP method limiters open, fast-path
#                              settings at their defaults, except that
#                              punt/classes leaves out "dialog" (so
#                              clean INVITEs and their answers stay in
#                              the kernel unless a test enables it)
#   sip_req FILE METHOD VIA [TO_TAG [HEADERS]]
#                              write a SIP request (VIA: sent-by host)
#   sip_resp FILE STATUS [CSEQ_METHOD]
#                              write a response ("302 Moved"; to an
#                              INVITE unless CSEQ_METHOD says otherwise)
#   sip_through NS DST FILE... send each FILE as one datagram from NS
#                              to DST:5060; print how many reached the
#                              server's port 5060
#   sip_to NS RNS DST FILE...  the same, counted at port 5060 in RNS
#                              ($SIP_SPORT, if set: the source port)
#   nfq_start NS QUEUE[-LAST] VERDICT LOG / nfq_stop
#                              NFQUEUE test listener in NS

SIPSEND=$SELFTESTS_DIR/sipsend
NFQLISTEN=$SELFTESTS_DIR/nfqlisten
# A receiver gives up after this long without a datagram: generous, as
# the VM runs under TCG on a shared host (only "dropped" checks wait it).
SIP_IDLE_MS=${SIP_IDLE_MS:-5000}

sip_defaults() {
	local m

	for m in invite register options other; do
		knob "sip/${m}_burst" 10000000
		knob "sip/${m}_pps" 10000000
	done
	knob sip/ports 5060
	knob sip/ua_deny ""
	knob sip/require_secure 0
	knob punt/classes "bye cancel in_dialog register redirect use_proxy via_mismatch insecure unsure"
	knob punt/queue 0
	knob punt/queues 1
	knob punt/fail_mode open
	knob punt/learn 1
}

sip_req() {
	local f=$1 m=$2 via=$3 tag=${4:-} hdrs=${5:-}

	printf '%s sip:bob@10.0.2.2 SIP/2.0\r\nVia: SIP/2.0/UDP %s;branch=z9hG4bK%s\r\nMax-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>%s\r\nCall-ID: %s@example.com\r\nCSeq: 1 %s\r\n%sContent-Length: 0\r\n\r\n' \
		"$m" "$via" "$RANDOM" "$tag" "$RANDOM" "$m" "$hdrs" >"$f"
}

sip_resp() {
	printf 'SIP/2.0 %s\r\nVia: SIP/2.0/UDP 10.0.2.2;branch=z9hG4bK1\r\nFrom: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>;tag=b1\r\nCall-ID: c1@example.com\r\nCSeq: 1 %s\r\nContent-Length: 0\r\n\r\n' \
		"$2" "${3:-INVITE}" >"$1"
}

_sip_tmp=$(mktemp -d)
on_exit "rm -rf $_sip_tmp"

sip_through() {
	local ns=$1
	shift

	sip_to "$ns" "$server" "$@"
}

sip_to() {
	local ns=$1 rns=$2 dst=$3 bind=0.0.0.0 rpid
	shift 3

	case $dst in *:*) bind=:: ;; esac
	rm -f "$_sip_tmp/ready"
	ip netns exec "$rns" "$UDPIO" recv "$bind" 5060 $# "$SIP_IDLE_MS" \
		"$_sip_tmp/ready" >"$_sip_tmp/got" &
	rpid=$!
	busywait 3000 test -e "$_sip_tmp/ready" || fail "receiver not ready"
	ip netns exec "$ns" "$SIPSEND" ${SIP_SPORT:+-p "$SIP_SPORT"} "$dst" \
		5060 "$@" >/dev/null ||
		fail "sipsend $*"
	wait $rpid
	cat "$_sip_tmp/got"
}

nfq_start() {
	local ns=$1 q=$2 v=$3 log=$4

	rm -f "$_sip_tmp/qready"
	# appending: a test may empty LOG while the listener runs
	: >"$log"
	ip netns exec "$ns" "$NFQLISTEN" "$q" "$v" "$_sip_tmp/qready" \
		>>"$log" &
	_nfq_pid=$!
	busywait 10000 test -e "$_sip_tmp/qready" || fail "nfqlisten not ready"
}

nfq_stop() {
	[ -n "${_nfq_pid:-}" ] || return 0
	kill "$_nfq_pid" 2>/dev/null
	wait "$_nfq_pid" 2>/dev/null
	_nfq_pid=
}
on_exit nfq_stop
