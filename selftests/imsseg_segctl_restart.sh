#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# segctl run killed with SIGKILL under load, in both fail modes, on the
# IMS lab (ims_lab.sh): sipp calls from the UE through kamailio while
# the daemon dies and comes back.
#
#   punt/fail_mode open:   the daemon is SIGKILLed in the middle of 60
#                          calls (3/s): every call completes (punted SIP
#                          passes unchecked while nobody listens; what
#                          waited in a queue is retransmitted); the
#                          daemon restarts during the same run, binds
#                          its queues again and judges the rest
#   punt/fail_mode closed: with the daemon dead a new call fails (its
#                          INVITE is punted and dropped: the core never
#                          sees it) while unpunted SIP (OPTIONS) still
#                          passes; after a restart calls complete again
#
# No kernel oops or warning (the VM runner checks dmesg), the queues are
# bound again after each restart and released at the end.
#
#   ue (alice) --- gw (imsseg.ko + segctl run, killed) --- core (kamailio)

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/ims_lab.sh"

lab_start "require_secure = no"
T=$LAB_DIR

lab_register "$ue" $LAB_UE 5062 alice
check_eq "alice registers" $? 0

# queues_bound: NFQUEUE queues with a listener in gw
queues_bound() {
	ip netns exec "$gw" cat /proc/net/netfilter/nfnetlink_queue 2>/dev/null |
		wc -l
}
# invites PREFIX: INVITEs of calls PREFIX-* that reached the core
invites() {
	grep -c "rx-req INVITE $1-[0-9]* " "$T/kamailio.log"
}
invites_reach() {
	[ "$(invites "$1")" -ge "$2" ]
}

bound=$(queues_bound)
check_range "queues bound by segctl run" "$bound" 2 128

# --- fail_mode open ---
log "fail_mode open: SIGKILL in the middle of 60 calls"
knob punt/fail_mode open
lab_call_bg load "$ue" $LAB_UE 5060 service 1000 -m 60 -r 3
busywait 60000 invites_reach load 6 || fail "the calls do not start"
reasons_snap before
lab_segctl_stop KILL
check_eq "segctl run killed: exit status" "$lab_segctl_rc" 137
check_eq "queues bound after SIGKILL" "$(queues_bound)" 0
n=$(invites load)
busywait 60000 invites_reach load $((n + 6)) ||
	fail "calls stop while segctl run is dead (fail_mode open)"
lab_segctl_start || lab_finish
check_eq "queues bound after the restart" "$(queues_bound)" "$bound"
# the restarted daemon starts empty and judges the calls after it
n=$(invites load)
[ "$n" -lt 60 ] || fail "all calls ended before the restart: slow restart"
busywait 60000 reason_reaches learned 1 ||
	fail "the restarted segctl run learns nothing"
lab_wait load
check_eq "60 calls across SIGKILL and restart: sipp exit status" $? 0
grep -E 'Successful call|Failed call' "$T/load.out" | tail -2 |
	sed 's/^/# /'

# --- fail_mode closed ---
log "fail_mode closed: punted SIP dropped while segctl run is dead"
knob punt/fail_mode closed
lab_segctl_stop KILL
check_eq "queues bound after SIGKILL" "$(queues_bound)" 0
snap before
lab_call closed "$ue" $LAB_UE 5060 service 500 -timeout 10
rc=$?
[ $rc != 0 ] || fail "a call completed while segctl run is dead (closed)"
log "the call failed: sipp exit status $rc"

snap after
check_range "INVITEs punted (and dropped) while dead" "$(delta punt_dialog)" 1 20
lab_core_saw "rx-req INVITE closed-1 " &&
	fail "an INVITE reached the core with fail_mode closed and no segctl run"
lab_options "$ue" $LAB_CORE || fail "OPTIONS (not punted) does not pass"

lab_segctl_start || lab_finish
check_eq "queues bound after the second restart" "$(queues_bound)" "$bound"
lab_call after "$ue" $LAB_UE 5060 service 500 -m 3 -r 3
check_eq "3 calls after the restart (closed): sipp exit status" $? 0
knob punt/fail_mode open

lab_finish
