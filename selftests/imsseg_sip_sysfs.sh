#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The SIP fast-path and punt knobs: defaults, good values read back in
# canonical form, and a table of bad writes per knob, each rejected with
# the value left unchanged (including the two-block queue range:
# punt/queue + 2 * punt/queues - 1 <= 65535).

source "$(dirname "$0")/lib.sh"

require_root
imsseg_load || ksft_exit
on_exit imsseg_unload

S=$IMSSEG_SYSFS

rd() { cat "$S/$1"; }

# good KNOB WRITTEN [READ_BACK]
good() {
	echo "$2" >"$S/$1" 2>/dev/null || { fail "$1: write '$2' rejected"; return; }
	check_eq "$1 after '$2'" "$(rd "$1")" "${3-$2}"
}

# bad KNOB VALUE...: every write fails and the value stays
bad() {
	local k=$1 v before
	shift

	before=$(rd "$k")
	for v in "$@"; do
		if echo "$v" >"$S/$k" 2>/dev/null; then
			fail "$k: '$v' accepted"
		fi
		[ "$(rd "$k")" = "$before" ] || fail "$k: '$v' changed the value"
	done
	pass "$k: $# bad writes rejected, value unchanged"
}

log "defaults"
check_eq "sip/ports" "$(rd sip/ports)" 5060
check_eq "sip/scan_bytes" "$(rd sip/scan_bytes)" 2048
check_eq "sip/max_bytes" "$(rd sip/max_bytes)" 16384
check_eq "sip/require_secure" "$(rd sip/require_secure)" 0
check_eq "sip/ua_deny" "$(rd sip/ua_deny)" ""
check_eq "punt/classes" "$(rd punt/classes)" \
	"bye cancel in_dialog register redirect use_proxy via_mismatch insecure unsure dialog"
check_eq "punt/queue" "$(rd punt/queue)" 0
check_eq "punt/queues" "$(rd punt/queues)" 1
check_eq "punt/fail_mode" "$(rd punt/fail_mode)" open
check_eq "punt/learn" "$(rd punt/learn)" 1
for m in invite:20:40 register:50:100 options:20:40 other:200:400; do
	IFS=: read -r n p b <<<"$m"
	check_eq "sip/${n}_pps" "$(rd "sip/${n}_pps")" "$p"
	check_eq "sip/${n}_burst" "$(rd "sip/${n}_burst")" "$b"
done

log "good values"
good sip/ports "5060 5080"
good sip/ports "  5062	 1 65535  " "5062 1 65535"
good sip/ports "1 2 3 4 5 6 7 8"
good sip/ports "" ""
good sip/ports 5060
good sip/scan_bytes 256
good sip/scan_bytes 65535
good sip/scan_bytes 2048
good sip/max_bytes 256
good sip/max_bytes 65535
good sip/max_bytes 16384
good sip/require_secure 1
good sip/require_secure 0
good sip/ua_deny "friendly-scanner sipvicious sipcli"
good sip/ua_deny "" ""
good punt/classes "all"
good punt/classes "unsure bye" "bye unsure"
good punt/classes "all dialog" "dialog all"
good punt/classes "dialog"
good punt/classes "" ""
good punt/classes "bye cancel in_dialog register redirect use_proxy via_mismatch insecure unsure dialog"
good punt/queue 65534	# two blocks of one: 65534, 65535
good punt/queue 0
good punt/queues 64
good punt/queue 65408	# 65408 + 2 * 64 - 1 = 65535
good punt/queue 0
good punt/queues 1
good punt/fail_mode closed
good punt/fail_mode open
good punt/learn 0
good punt/learn 1
good sip/invite_pps 0
good sip/invite_pps 20

log "bad values"
long=$(printf 'x%.0s' $(seq 64))
bad sip/ports "0" "65536" "-1" "abc" "5060 5060" "1 2 3 4 5 6 7 8 9" \
	"5060,5080" "5060x" "+" "99999999999999999999"
bad sip/scan_bytes "" "255" "65536" "-1" "2k" "0"
bad sip/max_bytes "" "255" "65536" "-1" "16k" "0" "99999999999999999999"
bad sip/require_secure "2" "-1" "yes" ""
bad sip/ua_deny "$long" "a b c d e f g h i" $'bad\001char' \
	"$(printf 'y%.0s' $(seq 600))"
bad punt/classes "bogus" "bye bogus" "BYE" "bye,cancel" "dialogs" "learn"
bad punt/queue "65536" "-1" "q" "" "65535"	# 65535: no room for block 2
err=$( (echo 65535 >"$S/punt/queue") 2>&1)
case $err in
*"Numerical result out of range"*) pass "punt/queue 65535: ERANGE" ;;
*) fail "punt/queue 65535: '$err', expected ERANGE" ;;
esac
echo 65534 >"$S/punt/queue"
bad punt/queues "2"	# 65534 + 2 * 2 - 1 > 65535
echo 65472 >"$S/punt/queue"
good punt/queues 32	# 65472 + 2 * 32 - 1 = 65535
bad punt/queues "33"
echo 1 >"$S/punt/queues"
echo 0 >"$S/punt/queue"
bad punt/queues "0" "65" "-1" "x" ""
echo 64 >"$S/punt/queues"
bad punt/queue "65409" "65500"	# 65409 + 2 * 64 - 1 > 65535
echo 1 >"$S/punt/queues"
bad punt/fail_mode "" "Open" "opened" "close" "1"
bad punt/learn "2" "-1" "yes" "" "on" "01x"
bad sip/invite_pps "-1" "x" "10000001"
bad sip/invite_burst "0" "-1"

ksft_exit
