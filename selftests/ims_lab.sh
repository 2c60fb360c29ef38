#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The IMS lab: real SIP peers on both sides of an imsseg gateway, shared
# by the SIP attack selftests (imsseg_sip_attacks*.sh,
# imsseg_segctl_restart.sh, imsseg_ipsec_ue.sh) and the demo
# (tools/demo). Source after lib.sh; it sources flood_lib.sh, sip_lib.sh
# and the attack messages, ims_attacks.sh.
#
#              Internet (untrusted)           |     IMS core (trusted)
#                                             |
#   ue   u0 10.0.1.2  --- gu -+               |
#           fd00:1::2         |  [gw]         |
#        sipp UAC/UAS,      bridge "inet"     gc 10.0.2.1 --- c0 10.0.2.2   core
#        REGISTER             |  10.0.1.1        fd00:2::1       fd00:2::2
#                             |  fd00:1::1                   kamailio :5060
#   atk  a0 10.0.3.2  --- ga -+  10.0.3.1                    (ims.test: registrar,
#           fd00:3::2            fd00:3::1                    stateful proxy)
#        sipsend, sipvicious  imsseg.ko, segctl run          sipp UAS :5080
#                                                            ("service"), :5081
#                                                            ("slow": rings)
#
# The bridge "inet" (the Internet side: one interface, as on a real
# gateway) is untrusted, gc trusted. ue and atk reach the core only
# through gw (it routes; there is no NAT); the attacker can forge the
# UE's source address (sipsend -s) and it arrives on the same interface.
# kamailio (kamailio/kamailio.cfg) challenges REGISTERs (digest,
# password $LAB_PASSWORD) unless started with "noauth", forwards INVITEs
# for "service" and "slow" to the sipp UASs and all others to the
# registered contacts, and logs one line per request and reply it
# receives ("rx-req METHOD CALLID SRC" / "rx-rpl STATUS CALLID SRC") to
# $LAB_DIR/kamailio.log: what reached the core.
#
#   lab_start [CONF_LINES]  all of the below up to segctl run (or exit)
#   lab_setup               namespaces, addresses, routes, imsseg.ko,
#                           roles, limits open, connectivity
#   lab_core_start [noauth] kamailio and the sipp UASs in core: "service"
#                           answers at once, "slow" rings $LAB_RING_MS
#   lab_segctl_conf [LINES...] / lab_segctl_start
#                           segctl run in gw with a [sip] section (plus
#                           LINES); lab_segctl_stop [SIGNAL]
#   lab_register NS IP PORT USER [EXPIRES]
#                           sipp REGISTER (with digest auth when asked)
#   lab_call NAME NS IP PORT CALLEE HOLD_MS [SIPP_ARGS...]
#                           a sipp call through kamailio; Call-ID NAME-1
#   lab_call_bg ...         lab_call in the background; lab_wait NAME
#   lab_release NAME NS IP PORT
#                           a gated call (-set gate 1) hangs up now
#   lab_uas NAME NS IP PORT [SIPP_ARGS...]
#                           a background sipp UAS (uas.xml); lab_wait NAME
#   lab_msg FILE START HDR...  a SIP message (body: $LAB_BODY)
#   lab_indialog FILE METHOD CALLID CSEQ VIA [HDR...]
#                           a request inside a uac.xml call to "service"
#                           or "slow", from the caller's side
#   reasons_snap / reason_delta R / check_reasons "R=N ..." /
#   reason_wait R N         segctl's per-reason counters
#   lab_banned ADDR         ADDR is in gw's blocklist (a ban)
#   lab_core_saw PATTERN    kamailio logged a line matching PATTERN
#   lab_finish              stop everything, check nothing is left over
#                           (processes, namespaces, queue bindings), exit;
#                           with LAB_LOGDIR set, the lab's files are kept
#                           in LAB_LOGDIR/TESTNAME/

source "$SELFTESTS_DIR/flood_lib.sh"
source "$SELFTESTS_DIR/sip_lib.sh"

LAB_SIPP=$SELFTESTS_DIR/sipp
LAB_KAMCFG=$SELFTESTS_DIR/kamailio/kamailio.cfg
LAB_SIPSEND=$SELFTESTS_DIR/sipsend
LAB_DOMAIN=ims.test
LAB_PASSWORD=imsseg-lab
LAB_CORE=10.0.2.2
LAB_CORE6=fd00:2::2
LAB_UE=10.0.1.2
LAB_UE6=fd00:1::2
LAB_ATK=10.0.3.2
LAB_ATK6=fd00:3::2
LAB_UAS_PORT=5080
LAB_SLOW_PORT=5081
LAB_RING_MS=${LAB_RING_MS:-8000}
LAB_RR='<sip:10.0.2.2;lr=on>'

LAB_DIR=${LAB_DIR:-$(mktemp -d)}
mkdir -p "$LAB_DIR"
[ -n "${LAB_KEEP_DIR:-}" ] || on_exit "rm -rf $LAB_DIR"
export IMSSEG_RUNDIR=$LAB_DIR/run

_lab_pids=()
_lab_segctl_pid=
_lab_unloaded=0

lab_require() {
	require_root
	require_cmd ip jq sipp kamailio
	[ -x "$LAB_SIPSEND" ] && [ -x "$UDPIO" ] ||
		skip "selftests helpers not built (make -C selftests)"
	[ -x "$SEGCTL" ] || skip "$SEGCTL not built (run make)"
}

# lab_topology: the namespaces, links, addresses and routes only
lab_topology() {
	setup_ns ue atk gw core || return 1
	link_ns "$ue" u0 $LAB_UE/24,$LAB_UE6/64 "$gw" gu "" || return 1
	link_ns "$atk" a0 $LAB_ATK/24,$LAB_ATK6/64 "$gw" ga "" || return 1
	link_ns "$gw" gc 10.0.2.1/24,fd00:2::1/64 \
		"$core" c0 $LAB_CORE/24,$LAB_CORE6/64 || return 1
	ip -n "$gw" link add inet type bridge || return 1
	ip -n "$gw" link set gu master inet
	ip -n "$gw" link set ga master inet
	local a
	for a in 10.0.1.1/24 fd00:1::1/64 10.0.3.1/24 fd00:3::1/64; do
		_addr_add "$gw" inet $a || return 1
	done
	ip -n "$gw" link set inet up
	ip -n "$ue" route add default via 10.0.1.1
	ip -n "$ue" -6 route add default via fd00:1::1
	ip -n "$atk" route add default via 10.0.3.1
	ip -n "$atk" -6 route add default via fd00:3::1
	ip -n "$core" route add default via 10.0.2.1
	ip -n "$core" -6 route add default via fd00:2::1
	ip netns exec "$gw" sysctl -wq net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1 net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.inet.rp_filter=0 \
		net.ipv4.conf.all.send_redirects=0 \
		net.ipv4.conf.inet.send_redirects=0
}

# The SIP method limiters open (sip_lib.sh's defaults); the punt classes
# stay the module's defaults (dialog included), which segctl run expects.
lab_sip_defaults() {
	local classes

	classes=$(cat "$IMSSEG_SYSFS/punt/classes")
	sip_defaults
	knob punt/classes "$classes"
}

_lab_reach() {
	ip netns exec "$1" ping -q -c 1 -W 1 "$2" >/dev/null 2>&1
}

lab_setup() {
	lab_topology || return 1
	imsseg_load || return 1
	on_exit '[ "$_lab_unloaded" = 1 ] || imsseg_unload'
	set_role "$gw" inet untrusted
	set_role "$gw" gc trusted
	flood_defaults
	lab_sip_defaults
	local ns dst
	for ns in "$ue" "$atk"; do
		for dst in $LAB_CORE $LAB_CORE6; do
			busywait 10000 _lab_reach "$ns" "$dst" ||
				{ fail "no connectivity to $dst"; return 1; }
		done
	done
}

# lab_start [CONF_LINES...]: lab_require, lab_setup, lab_core_start and
# segctl run with lab_segctl_conf CONF_LINES; the test ends on a failure
lab_start() {
	lab_require
	lab_setup || lab_finish
	lab_core_start || lab_finish
	lab_segctl_conf "$@"
	lab_segctl_start || lab_finish
}

# lab_bg NAME CMD...: CMD in the background, output in $LAB_DIR/NAME.bg,
# its pid remembered (lab_wait NAME, lab_finish)
lab_bg() {
	local name=$1
	shift
	"$@" >"$LAB_DIR/$name.bg" 2>&1 &
	eval "_lab_pid_${name//[^A-Za-z0-9_]/_}=$!"
	_lab_pids+=($!)
}

# lab_wait NAME: its exit status
lab_wait() {
	local v="_lab_pid_${1//[^A-Za-z0-9_]/_}"
	wait "${!v}"
}

_lab_udp_listening() {
	ip netns exec "$1" ss -Hlun "sport = :$2" | grep -q .
}

# lab_core_start [noauth]: kamailio (digest-authenticated REGISTER unless
# noauth) and the sipp UAS for "service" in core
lab_core_start() {
	local auth=(-A WITH_AUTH)

	[ "${1:-}" = noauth ] && auth=()
	mkdir -p "$LAB_DIR/kamailio"
	lab_bg kamailio ip netns exec "$core" kamailio -f "$LAB_KAMCFG" \
		-DD -E -m 32 -M 8 -P "$LAB_DIR/kamailio.pid" \
		-Y "$LAB_DIR/kamailio" -w "$LAB_DIR/kamailio" \
		-l "udp:$LAB_CORE:5060" -l "tcp:$LAB_CORE:5060" \
		-l "udp:[$LAB_CORE6]:5060" "${auth[@]}"
	# its stderr is its log: lab_core_saw reads it
	ln -sf kamailio.bg "$LAB_DIR/kamailio.log"
	lab_uas uas "$core" $LAB_CORE $LAB_UAS_PORT
	lab_uas slow "$core" $LAB_CORE $LAB_SLOW_PORT -d "$LAB_RING_MS"
	busywait 60000 _lab_udp_listening "$core" 5060 ||
		{ fail "kamailio did not start"; cat "$LAB_DIR/kamailio.log"; return 1; }
	lab_uas_ready "$core" $LAB_UAS_PORT || return 1
	lab_uas_ready "$core" $LAB_SLOW_PORT || return 1
	# ready when it answers: OPTIONS from core itself
	busywait 30000 lab_options "$core" $LAB_CORE ||
		{ fail "kamailio does not answer OPTIONS"; return 1; }
}

# lab_options NS DST: an OPTIONS to DST:5060 from NS is answered 200
lab_options() {
	local ns=$1 dst=$2 src f=$LAB_DIR/options.$$

	src=$(ip -n "$ns" route get "$dst" | sed -n 's/.* src \([^ ]*\).*/\1/p')
	case $src in *:*) src="[$src]" ;; esac
	printf 'OPTIONS sip:%s SIP/2.0\r\nVia: SIP/2.0/UDP %s:5070;branch=z9hG4bK-o%s;rport\r\nMax-Forwards: 70\r\nFrom: <sip:probe@%s>;tag=p%s\r\nTo: <sip:%s>\r\nCall-ID: probe-%s\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n' \
		$LAB_DOMAIN "$src" $RANDOM $LAB_DOMAIN $RANDOM $LAB_DOMAIN \
		$RANDOM >"$f.req"
	rm -f "$f.rsp"
	ip netns exec "$ns" "$LAB_SIPSEND" -p 5070 -w 1000 -c 1 -o "$f.rsp" \
		"$dst" 5060 "$f.req" >/dev/null
	grep -q '^SIP/2.0 200' "$f.rsp" 2>/dev/null
}

# lab_sipp NAME NS SIPP_ARGS...: sipp in NS with its screen, errors and
# message trace in $LAB_DIR/NAME.{out,err,msg} (no message trace with
# LAB_TRACE=0); sipp's exit status
lab_sipp() {
	local name=$1 ns=$2 trace=()
	shift 2
	[ "${LAB_TRACE:-1}" = 0 ] ||
		trace=(-trace_msg -message_file "$LAB_DIR/$name.msg")
	ip netns exec "$ns" sipp -nostdin -trace_err \
		-error_file "$LAB_DIR/$name.err" "${trace[@]}" "$@" \
		>"$LAB_DIR/$name.out" 2>&1
}

_lab_dst() {
	case $1 in
	*:*) echo "[$LAB_CORE6]:5060" ;;
	*) echo "$LAB_CORE:5060" ;;
	esac
}

# lab_register NS IP PORT USER [EXPIRES]: sipp REGISTER of
# USER@ims.test, Contact IP:PORT; sipp's exit status (0: 200 OK)
lab_register() {
	local ns=$1 ip=$2 port=$3 user=$4 exp=${5:-600}

	lab_sipp "reg-$user-$port" "$ns" -sf "$LAB_SIPP/register.xml" \
		-key user "$user" -key domain $LAB_DOMAIN -key expires "$exp" \
		-au "$user" -ap $LAB_PASSWORD -i "$ip" -p "$port" -m 1 \
		-timeout 30 -timeout_error "$(_lab_dst "$ip")"
}

# lab_call NAME NS IP PORT CALLEE HOLD_MS [SIPP_ARGS...]: one call from
# IP:PORT to CALLEE@ims.test through kamailio, held HOLD_MS; the Call-ID
# is NAME-1 (uac.xml derives the tags and branch from it); sipp's exit
# status. -set gate 1: hold until lab_release; -set reinvite 1: then a
# re-INVITE (new media port) and HOLD_MS more.
lab_call() {
	local name=$1 ns=$2 ip=$3 port=$4 callee=$5 hold=$6
	shift 6

	lab_sipp "$name" "$ns" -sf "$LAB_SIPP/uac.xml" -s "$callee" \
		-key domain $LAB_DOMAIN -set reinvite 0 -set gate 0 \
		-cid_str "$name-%u" \
		-d "$hold" -i "$ip" -p "$port" -m 1 -timeout 120 \
		-timeout_error "$@" "$(_lab_dst "$ip")"
}

# lab_call_bg NAME ...: lab_call in the background (lab_wait NAME)
lab_call_bg() {
	lab_bg "$1" lab_call "$@"
}

# lab_release NAME NS IP PORT: a gated call (lab_call -set gate 1) NAME
# whose caller is IP:PORT in NS goes on: a NOTIFY of call NAME-1, sent
# from NS to IP:PORT (never through the gateway)
lab_release() {
	local cid=$1-1 ns=$2 ip=$3 port=$4 h=$3

	case $ip in *:*) h="[$ip]" ;; esac
	lab_msg "$LAB_DIR/$1.release" "NOTIFY sip:caller@$h:$port SIP/2.0" \
		"Via: SIP/2.0/UDP $h:5079;branch=z9hG4bK-rel$RANDOM;rport" \
		"Max-Forwards: 70" "From: <sip:lab@$LAB_DOMAIN>;tag=t-$cid" \
		"To: <sip:caller@$LAB_DOMAIN>;tag=f-$cid" "Call-ID: $cid" \
		"CSeq: 1 NOTIFY" "Event: lab-release"
	lab_sipsend "$ns" -p 5079 "$ip" "$port" "$LAB_DIR/$1.release" \
		>/dev/null || fail "lab_release $1"
}

# lab_uas NAME NS IP PORT [SIPP_ARGS...]: a background UAS (uas.xml),
# answering 200 after -d ms ringing (default 0), or -set answer 302
lab_uas() {
	local name=$1 ns=$2 ip=$3 port=$4 target=()
	shift 4

	# sipp keeps the first -key of a name (and the last -set)
	[[ " $* " == *" -key target "* ]] ||
		target=(-key target "sip:nobody@$LAB_DOMAIN")
	lab_bg "$name" ip netns exec "$ns" sipp -nostdin -sf "$LAB_SIPP/uas.xml" \
		-set answer 200 "${target[@]}" -trace_err \
		-error_file "$LAB_DIR/$name.err" -trace_msg \
		-message_file "$LAB_DIR/$name.msg" -i "$ip" -p "$port" "$@"
}

# lab_uas_ready NS PORT
lab_uas_ready() {
	busywait 20000 _lab_udp_listening "$1" "$2" ||
		{ fail "sipp UAS on port $2 did not start"; return 1; }
}

# lab_msg FILE START_LINE HEADER...: a SIP message with CRLF line ends
# and Content-Length; the body is $LAB_BODY (default none)
lab_msg() {
	local f=$1 h body=${LAB_BODY:-}

	{
		printf '%s\r\n' "$2"
		shift 2
		for h in "$@"; do
			printf '%s\r\n' "$h"
		done
		printf 'Content-Length: %d\r\n\r\n%s' "${#body}" "$body"
	} >"$f"
}

# lab_sdp IP PORT: an SDP offer (CRLF lines) for LAB_BODY
lab_sdp() {
	local v=4

	case $1 in *:*) v=6 ;; esac
	printf 'v=0\r\no=atk 7 7 IN IP%s %s\r\ns=-\r\nc=IN IP%s %s\r\nt=0 0\r\nm=audio %s RTP/AVP 0\r\n' \
		$v "$1" $v "$1" "$2"
}

# lab_indialog FILE METHOD CALLID CSEQ VIA [HEADER...]: METHOD inside the
# dialog of a uac.xml call (Call-ID CALLID) to a core UAS, as the
# caller would send it (its tags, kamailio's route: $LAB_ROUTE, default
# its IPv4 Record-Route); VIA: the top Via's sent-by (host:port)
lab_indialog() {
	local f=$1 m=$2 cid=$3 cseq=$4 via=$5
	shift 5
	lab_msg "$f" "$m sip:uas@$LAB_CORE:$LAB_UAS_PORT SIP/2.0" \
		"Via: SIP/2.0/UDP $via;branch=z9hG4bK-x$RANDOM$RANDOM;rport" \
		"Route: ${LAB_ROUTE:-$LAB_RR}" "Max-Forwards: 70" \
		"From: <sip:caller@$LAB_DOMAIN>;tag=f-$cid" \
		"To: <sip:service@$LAB_DOMAIN>;tag=t-$cid" \
		"Call-ID: $cid" "CSeq: $cseq $m" "$@"
}

# lab_sipsend NS SIPSEND_ARGS...: sipsend in NS
lab_sipsend() {
	local ns=$1
	shift
	ip netns exec "$ns" "$LAB_SIPSEND" "$@"
}

# lab_core_reached CALLID: the ACK of call CALLID reached the core and
# segctl run lists the dialog as confirmed (it is live on both sides)
lab_core_reached() {
	lab_core_saw "rx-req ACK $1 " &&
		gwctl -j dialogs | jq -e --arg c "$1" \
			'.[] | select(.call_id == $c and .state == "confirmed")' \
			>/dev/null 2>&1
}

# lab_core_saw PATTERN: the core received a message matching the
# extended regex PATTERN (in kamailio's "rx-req"/"rx-rpl" lines)
lab_core_saw() {
	grep -E 'rx-(req|rpl) ' "$LAB_DIR/kamailio.log" | grep -qE "$1"
}

# --- segctl run ---

# lab_segctl_conf [LINES...]: the daemon's config: a [sip] section with
# the lab's redirect allowlist, then LINES (one per argument)
lab_segctl_conf() {
	{
		echo "# imsseg lab: segctl run in gw"
		echo "[sip]"
		echo "enable = yes"
		echo "redirect_allow = $LAB_DOMAIN .$LAB_DOMAIN 10.0.2.0/24"
		local l
		for l in "$@"; do
			echo "$l"
		done
	} >"$LAB_DIR/segctl.conf"
}

_lab_segctl_up() {
	ip netns exec "$gw" "$SEGCTL" -j stats 2>/dev/null |
		jq -e '.segctl.pid' >/dev/null 2>&1
}

# lab_segctl_start: segctl run -f in gw with $LAB_DIR/segctl.conf
# (lab_segctl_conf writes a default one when there is none)
lab_segctl_start() {
	[ -f "$LAB_DIR/segctl.conf" ] || lab_segctl_conf
	ip netns exec "$gw" "$SEGCTL" run -f -c "$LAB_DIR/segctl.conf" \
		>>"$LAB_DIR/segctl.log" 2>>"$LAB_DIR/segctl.err" &
	_lab_segctl_pid=$!
	busywait 30000 _lab_segctl_up || {
		fail "segctl run did not come up"
		cat "$LAB_DIR/segctl.err"
		return 1
	}
}

# lab_segctl_stop [SIGNAL]: default TERM; sets $lab_segctl_rc
lab_segctl_stop() {
	[ -n "$_lab_segctl_pid" ] || return 0
	kill -"${1:-TERM}" "$_lab_segctl_pid" 2>/dev/null
	wait "$_lab_segctl_pid"
	lab_segctl_rc=$?
	_lab_segctl_pid=
}

# gwctl ARGS...: segctl in gw
gwctl() {
	ip netns exec "$gw" "$SEGCTL" "$@"
}

# reasons_snap before|after: segctl's reason counters
reasons_snap() {
	gwctl -j stats | jq -r '.segctl.reasons | to_entries[] |
		"\(.key) \(.value)"' >"$LAB_DIR/reasons.$1" ||
		fail "segctl stats -j has no segctl.reasons"
}

# reason_delta NAME: after - before
reason_delta() {
	local b a

	b=$(awk -v n="$1" '$1 == n { print $2 }' "$LAB_DIR/reasons.before")
	a=$(awk -v n="$1" '$1 == n { print $2 }' "$LAB_DIR/reasons.after")
	echo $((${a:-0} - ${b:-0}))
}

# reason_now NAME: the counter's current value
reason_now() {
	gwctl -j stats | jq -r ".segctl.reasons.\"$1\" // 0"
}

# reason_reaches NAME VALUE: for busywait
reason_reaches() {
	[ "$(reason_now "$1")" -ge "$2" ]
}

# reason_moved NAME N: NAME moved by N or more since reasons_snap before
reason_moved() {
	local b

	b=$(awk -v n="$1" '$1 == n { print $2 }' "$LAB_DIR/reasons.before")
	reason_reaches "$1" $((${b:-0} + $2))
}

# reason_wait NAME N: wait until reason_moved NAME N
reason_wait() {
	busywait 15000 reason_moved "$1" "$2" ||
		fail "reason $1 did not move by $2"
}

# lab_banned ADDR: ADDR (a host prefix) is in gw's blocklist
lab_banned() {
	local p=$1/32

	case $1 in *:*) p=$1/128 ;; esac
	gwctl -j block list | jq -e --arg a "$1" --arg p "$p" \
		'.block[] | select(.prefix == $a or .prefix == $p)' \
		>/dev/null 2>&1
}

# check_reasons WHAT "R=N ...": between the "before" and "after"
# snapshots each listed reason moved by exactly N, every other reason
# segctl counts (sg_reason_name) but ok and learned (legitimate
# traffic) did not move
check_reasons() {
	local what=$1 spec=" $2 " r want

	reasons_snap after
	for r in $(echo "$2" | sed "s/=[0-9]*//g"); do
		grep -q "^$r " "$LAB_DIR/reasons.after" ||
			fail "$what: segctl has no reason $r"
	done
	for r in $(awk '{ print $1 }' "$LAB_DIR/reasons.after"); do
		want=0
		case $spec in
		*" $r="*) want=${spec#*" $r="}; want=${want%% *} ;;
		*) case $r in ok | learned) continue ;; esac ;;
		esac
		check_eq "$what: reason $r delta" "$(reason_delta "$r")" "$want"
	done
}

# --- the end ---

_lab_ns_empty() {
	[ -z "$(ip netns pids "$1" 2>/dev/null)" ]
}

# lab_finish: stop segctl (SIGTERM: must exit 0), every lab process,
# remove the namespaces and unload the module; fail on anything left
# over; exit with the test's status
lab_finish() {
	local ns left

	if [ -n "$_lab_segctl_pid" ]; then
		lab_segctl_stop TERM
		check_eq "segctl run exit status on SIGTERM" "$lab_segctl_rc" 0
		left=$(ip netns exec "$gw" awk '{ print $1 }' \
			/proc/net/netfilter/nfnetlink_queue 2>/dev/null | tr '\n' ' ')
		check_eq "NFQUEUE queues still bound in gw after stop" "$left" ""
	fi
	for ns in "${_all_ns[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
	done
	for ns in "${_all_ns[@]}"; do
		busywait 30000 _lab_ns_empty "$ns" && continue
		left=$(ip netns pids "$ns" | xargs -r ps -o pid=,comm= -p |
		       tr -s ' \n' ' ')
		fail "processes left in $ns after SIGTERM: $left"
		ip netns pids "$ns" | xargs -r kill -KILL 2>/dev/null
		busywait 10000 _lab_ns_empty "$ns"
	done
	wait "${_lab_pids[@]}" 2>/dev/null
	local names=("${_all_ns[@]}")
	cleanup_all_ns
	left=0
	for ns in "${names[@]}"; do
		[ -e "/run/netns/$ns" ] && left=$((left + 1))
	done
	check_eq "lab namespaces left" "$left" 0
	imsseg_unload || fail "rmmod imsseg"
	_lab_unloaded=1
	check_eq "imsseg loaded after rmmod" "$(module_loaded && echo yes)" ""
	[ $ret = 0 ] || lab_dump
	if [ -n "${LAB_LOGDIR:-}" ]; then
		mkdir -p "$LAB_LOGDIR/$(basename "$0" .sh)" &&
			cp -a "$LAB_DIR/." "$LAB_LOGDIR/$(basename "$0" .sh)/"
	fi
	ksft_exit
}

# lab_dump: the lab's logs, for a failed test
lab_dump() {
	local f

	for f in segctl.err segctl.log kamailio.log; do
		[ -s "$LAB_DIR/$f" ] || continue
		echo "# ---- $f (last 40 lines)"
		tail -n 40 "$LAB_DIR/$f" | sed 's/^/#   /'
	done
}

source "$SELFTESTS_DIR/ims_attacks.sh"
