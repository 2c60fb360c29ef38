#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# segctl's IPsec tunnels against a peer configured independently with
# iproute2 (topology and tunnels: imsseg_ipsec_lib.sh).
#
#   hostA --- segA ====== Za ====== segB --- hostB
#             segctl run            ip xfrm
#
# What must happen: ping (IPv4, IPv6, IPv4 over an IPv6 outer), UDP and
# a SIP call (sipp) cross; the SA counters move; SIGKILL and restart of
# segctl, reloads, SIGTERM leave the tunnels working with the same
# objects; a reload applies a diff; bad input is refused with the bad
# token named. What must not: a single cleartext packet of the
# protected subnets, SIP or ICMP on the Za link (nft counters at both
# ends), traffic sent in clear when the SA or the main policy is
# missing, any change to foreign XFRM objects, any object left behind
# by a refused command.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/imsseg_ipsec_lib.sh"

require_root
require_cmd ip nft jq sipp
[ -x "$UDPIO" ] || skip "$UDPIO not built (run make)"
[ -x "$SEGCTL" ] || skip "$SEGCTL not built (run make)"

ipsec_topology || ksft_exit
ipsec_keys
ipsec_wire || { fail "nft wire counters"; ksft_exit; }
ipsec_peer

export IMSSEG_RUNDIR=$ipsec_tmp/run
conf=$ipsec_tmp/segctl.conf
log=$ipsec_tmp/run.log
A() { ip netns exec "$segA" "$@"; }

# Foreign objects, as an IKE daemon or an admin would leave them.
ip -n "$segA" xfrm state add src 192.0.2.1 dst 192.0.2.99 proto esp \
	spi 0x9999 reqid 7 mode tunnel aead 'rfc4106(gcm(aes))' $K4IN 128
ip -n "$segA" xfrm policy add src 10.99.0.0/24 dst 10.98.0.0/24 dir out \
	priority 100000 tmpl src 192.0.2.1 dst 192.0.2.99 proto esp reqid 7 \
	mode tunnel
foreign() {
	ip -n "$segA" xfrm state get src 192.0.2.1 dst 192.0.2.99 proto esp \
		spi 0x9999 | grep -v anti-replay
	ip -n "$segA" xfrm policy list priority 100000
}
foreign >"$ipsec_tmp/foreign.0"
check_foreign() {
	foreign >"$ipsec_tmp/foreign.1"
	if cmp -s "$ipsec_tmp/foreign.0" "$ipsec_tmp/foreign.1" &&
	   [ -s "$ipsec_tmp/foreign.0" ]; then
		pass "$1: foreign SA and policy untouched"
	else
		fail "$1: foreign XFRM objects changed"
	fi
}

# --- a bad config is rejected whole, every bad line named ---
cat >"$ipsec_tmp/bad.conf" <<BAD
# bad config
[tunnel bad1]
peer = 192.0.2.300
local = 192.0.2.1
keyfile = $ipsec_tmp/za4.key
mode = tunel
colour = blue
[tunnel]
foo
[tunnel ok1]
peer = 192.0.2.2
local = 192.0.2.1
keyfile = /nonexistent/key
spi-in = 0x1001
spi-out = 0x2001
BAD
b=$ipsec_tmp/bad.conf
A "$SEGCTL" run -f -c "$b" >"$ipsec_tmp/bad.out" 2>"$ipsec_tmp/bad.err"
check_eq "segctl run with a bad config: exit status" $? 1
for want in \
	"$b:3: bad peer address: expected one IPv4 or IPv6 address (token '192.0.2.300')" \
	"$b:6: bad mode: expected tunnel or transport (token 'tunel')" \
	"$b:7: unknown keyword; expected peer, local, subnets, mode, aead, enc, auth, keyfile, spi-in, spi-out, lifetime, lifebytes, required or za (token 'colour')" \
	"$b:8: section [tunnel] needs a name: [tunnel NAME] (token 'tunnel')" \
	"$b:9: expected KEY = VALUE or [SECTION] (token 'foo')" \
	"$b:13: keyfile /nonexistent/key: No such file or directory (token '/nonexistent/key')"; do
	grep -qxF "segctl: $want" "$ipsec_tmp/bad.err" ||
		fail "bad config: missing message: $want"
done
check_eq "bad config: error lines" "$(grep -c "^segctl: $b:" "$ipsec_tmp/bad.err")" 6
check_eq "bad config: SAs installed" "$(nsa "$segA")" 0
check_eq "bad config: policies installed" "$(nsp "$segA")" 0

# --- start ---
# reconciled N: segctl run's log has N "reconciled" lines
reconciled() {
	test "$(log_count "$log" '.event == "reconciled"')" -ge "$1"
}

start_run() {
	ip netns exec "$segA" "$SEGCTL" run -f -c "$conf" >>"$log" \
		2>>"$ipsec_tmp/run.err" &
	run_pid=$!
	busywait 30000 reconciled "$1" ||
		fail "segctl run did not reconcile (run $1)"
}
on_exit 'kill $run_pid 2>/dev/null'
: >"$log"
start_run 1
check_eq "tunnels up at start" "$(log_count "$log" '.event == "tunnel_up"')" 2
check_eq "SAs after start" "$(nsa "$segA")" 4
# za4: 2 pairs x (out, fwd, in) x (main, block); za6: 1 x 3 x 2
check_eq "policies after start" "$(nsp "$segA")" 18
check_foreign "start"
A "$SEGCTL" -j tunnel list >"$ipsec_tmp/list.json" || fail "tunnel list -j"
check_eq "za4 state" "$(jq -r '.tunnels[] | select(.name == "za4") | .state' "$ipsec_tmp/list.json")" up
check_eq "za6 state" "$(jq -r '.tunnels[] | select(.name == "za6") | .state' "$ipsec_tmp/list.json")" up

# --- traffic crosses, encrypted ---
for dst in 10.2.0.2 fd02::2 10.12.0.2; do
	busywait 10000 ip netns exec "$hostA" ping -q -c 1 -W 1 "$dst" \
		>/dev/null || fail "no connectivity to $dst through the tunnel"
	ip netns exec "$hostA" ping -q -c 3 -i 0.2 "$dst" >/dev/null ||
		fail "ping $dst through the tunnel"
done
check_eq "UDP over za4 (IPv4)" "$(udp_count "$hostA" "$hostB" 10.2.0.2 100)" 100
check_eq "UDP over za4 (IPv6)" "$(udp_count "$hostA" "$hostB" fd02::2 100)" 100
check_eq "UDP over za6 (IPv4 in IPv6)" "$(udp_count "$hostA" "$hostB" 10.12.0.2 100)" 100

ip netns exec "$hostB" timeout 120 sipp -sn uas -i 10.2.0.2 -p 5060 -m 1 \
	-nostdin >"$ipsec_tmp/uas.log" 2>&1 &
uas=$!
busywait 20000 sh -c "ip netns exec $hostB ss -Hlun | grep -q 10.2.0.2:5060" ||
	fail "sipp uas did not start"
ip netns exec "$hostA" timeout 120 sipp -sn uac -i 10.1.0.2 -p 5070 -m 1 \
	-nostdin 10.2.0.2:5060 >"$ipsec_tmp/uac.log" 2>&1
check_eq "SIP call (sipp uac) exit status" $? 0
wait $uas
check_eq "SIP call (sipp uas) exit status" $? 0

check_no_clear "traffic"
esp=$(wire esp)
check_range "ESP packets on the Za link" "$esp" 320 100000
A "$SEGCTL" -j tunnel list >"$ipsec_tmp/list.json"
# out: 200 datagrams, pings, SIP requests; in: ping replies, SIP answers
sapk() {
	jq "[.tunnels[] | select(.name == \"$1\") | .sas[] | select(.dir == \"$2\") | .packets] | add" "$ipsec_tmp/list.json"
}
check_range "za4 outbound SA packets" "$(sapk za4 out)" 210 100000
check_range "za4 inbound SA packets" "$(sapk za4 in)" 10 100000
check_range "za6 outbound SA packets" "$(sapk za6 out)" 104 100000
check_range "za6 inbound SA packets" "$(sapk za6 in)" 4 100000

# --- reload without changes: nothing is touched ---
xfrm_snap "$segA" "$ipsec_tmp/snap.0"
kill -HUP $run_pid
busywait 20000 reconciled 2 ||
	fail "no reconcile after SIGHUP"
check_eq "unchanged reload: tunnels changed" \
	"$(jq -s '[.[] | select(.event == "reconciled")][1].tunnels_changed' "$log")" 0
xfrm_snap "$segA" "$ipsec_tmp/snap.1"
cmp -s "$ipsec_tmp/snap.0" "$ipsec_tmp/snap.1" ||
	fail "an unchanged reload changed XFRM objects"
check_foreign "reload"

# --- SIGKILL and restart under traffic: no gap, no duplicates ---
ip netns exec "$hostA" ping -q -c 40 -i 0.1 10.2.0.2 >"$ipsec_tmp/ping" 2>&1 &
ping_pid=$!
kill -KILL $run_pid
wait $run_pid 2>/dev/null
check_eq "SAs while segctl is dead" "$(nsa "$segA")" 4
check_eq "UDP while segctl is dead" "$(udp_count "$hostA" "$hostB" 10.2.0.2 50)" 50
start_run 3
wait $ping_pid
check_eq "ping across SIGKILL + restart: exit status" $? 0
grep -q ' 0% packet loss' "$ipsec_tmp/ping" || fail "ping lost packets across the restart: $(grep loss "$ipsec_tmp/ping")"
check_eq "restart: tunnels changed" \
	"$(jq -s '[.[] | select(.event == "reconciled")][2].tunnels_changed' "$log")" 0
xfrm_snap "$segA" "$ipsec_tmp/snap.2"
cmp -s "$ipsec_tmp/snap.0" "$ipsec_tmp/snap.2" ||
	fail "restart after SIGKILL changed XFRM objects (duplicates or stale ones)"
check_eq "SAs after restart" "$(nsa "$segA")" 4
check_eq "policies after restart" "$(nsp "$segA")" 18
check_foreign "restart"
check_no_clear "restart"

# --- a missing SA, then a missing policy: dropped, never in clear ---
nostates=$(xfrm_stat "$segA" XfrmOutNoStates)
ip -n "$segA" xfrm state del src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x2001
check_eq "UDP with za4's outbound SA deleted" \
	"$(udp_count "$hostA" "$hostB" 10.2.0.2 20)" 0
check_range "XfrmOutNoStates grew" $(($(xfrm_stat "$segA" XfrmOutNoStates) - nostates)) 20 1000
busywait 5000 log_has "$log" '.event == "xfrm_change" and .op == "sa_del" and .tunnel == "za4"' ||
	fail "no xfrm_change event for the SA deleted by hand"
idx=$(ip -n "$segA" -s xfrm policy list dir out | awk '/^src 10.1.0.0\/24 dst 10.2.0.0\/24/ {
	getline; if (/priority 600 /) for (i = 1; i < NF; i++) if ($i == "index") print $(i + 1) }')
polblock=$(xfrm_stat "$segA" XfrmOutPolBlock)
ip -n "$segA" xfrm policy delete dir out index "$idx" || fail "deleting the main policy by hand"
check_eq "UDP with za4's SA and main policy deleted" \
	"$(udp_count "$hostA" "$hostB" 10.2.0.2 20)" 0
check_range "XfrmOutPolBlock grew (the block policy dropped it)" \
	$(($(xfrm_stat "$segA" XfrmOutPolBlock) - polblock)) 20 1000
check_no_clear "missing SA and policy"
kill -HUP $run_pid
busywait 20000 reconciled 4 ||
	fail "no reconcile after SIGHUP"
check_eq "reload repairs za4: tunnel_changed events" \
	"$(log_count "$log" '.event == "tunnel_changed" and .tunnel == "za4"')" 1
check_eq "UDP after the repair" "$(udp_count "$hostA" "$hostB" 10.2.0.2 20)" 20
check_eq "SAs after the repair" "$(nsa "$segA")" 4
check_eq "policies after the repair" "$(nsp "$segA")" 18

# --- bad input: refused, nothing installed ---
xfrm_snap "$segA" "$ipsec_tmp/before"
refuse() {
	local want=$1 err
	shift
	err=$(A "$SEGCTL" tunnel add "$@" 2>&1 >/dev/null)
	if [ $? = 0 ]; then
		fail "tunnel add $* was accepted"
	elif [[ "$err" != *"$want"* ]]; then
		fail "tunnel add $1: got '$err', expected '$want'"
	else
		pass "refused: $err"
	fi
	xfrm_snap "$segA" "$ipsec_tmp/after"
	cmp -s "$ipsec_tmp/before" "$ipsec_tmp/after" ||
		fail "tunnel add $1 left XFRM objects behind"
}
(umask 077; echo 0x0102030405060708090a0b0c0d0e0f10 >"$ipsec_tmp/short.key"
 echo 0x0102030405060708090a0b0c0d0e0f1011121314 >"$ipsec_tmp/ok.key"
 echo 0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324 \
	>"$ipsec_tmp/cc.key")
cp -p "$ipsec_tmp/ok.key" "$ipsec_tmp/open.key"
chmod 644 "$ipsec_tmp/open.key"
T="peer 192.0.2.7 local 192.0.2.1"
refuse "/short.key:1: key: rfc4106(gcm(aes)) takes a 20, 28 or 36-byte key (AES-128/192/256 key + 4-byte salt), not 16 bytes" \
	x1 $T keyfile "$ipsec_tmp/short.key" spi-in 0x3001 spi-out 0x3002
refuse "unknown aead algorithm; expected rfc4106(gcm(aes)) or rfc7539esp(chacha20,poly1305) (token 'gcm(foo)')" \
	x2 $T aead 'gcm(foo)' keyfile "$ipsec_tmp/ok.key" spi-in 0x3001 spi-out 0x3002
refuse "keyfile $ipsec_tmp/open.key is readable by group/others (mode 0644); chmod 600 it" \
	x3 $T keyfile "$ipsec_tmp/open.key" spi-in 0x3001 spi-out 0x3002
refuse "tunnel x4: selector 10.1.0.0/16=10.2.0.0/24 overlaps tunnel za4's 10.1.0.0/24=10.2.0.0/24" \
	x4 $T subnets 10.1.0.0/16=10.2.0.0/24 keyfile "$ipsec_tmp/ok.key" spi-in 0x3001 spi-out 0x3002
refuse "tunnel x5: spi-in 0x1001 is already used by tunnel za4" \
	x5 $T keyfile "$ipsec_tmp/ok.key" spi-in 0x1001 spi-out 0x3002
refuse "tunnel x6: spi-out 0x9999 to 192.0.2.99 is taken by an SA that is not segctl's (reqid 7)" \
	x6 peer 192.0.2.99 local 192.0.2.1 keyfile "$ipsec_tmp/ok.key" spi-in 0x3001 spi-out 0x9999
# The kernel refuses the SA (its algorithm cannot load) after the three
# block policies went in: all three must be rolled back.
if lsmod | grep -q '^chacha20poly1305 '; then
	log "chacha20poly1305 already loaded: kernel-refusal case skipped"
else
	mkdir -p /etc/modprobe.d
	echo "install chacha20poly1305 /bin/false" >/etc/modprobe.d/imsseg-selftest.conf
	on_exit "rm -f /etc/modprobe.d/imsseg-selftest.conf"
	refuse "adding SA 192.0.2.7->192.0.2.1 spi 0x3001 of tunnel x7: kernel: Requested AEAD algorithm not found" \
		x7 $T subnets 10.7.0.0/24=10.8.0.0/24 aead 'rfc7539esp(chacha20,poly1305)' \
		keyfile "$ipsec_tmp/cc.key" spi-in 0x3001 spi-out 0x3002 required
	rm -f /etc/modprobe.d/imsseg-selftest.conf
fi
check_no_clear "bad input"

# --- reload with a changed config: a diff, no flapping ---
pkts=$(A "$SEGCTL" -j tunnel list | jq '[.tunnels[] | select(.name == "za4") | .sas[].packets] | add')
cp "$conf" "$ipsec_tmp/conf.orig"
cat >>"$conf" <<ZA9

[tunnel za9]
peer = 192.0.2.9
local = 192.0.2.1
mode = transport
keyfile = $ipsec_tmp/ok.key
spi-in = 0x9001
spi-out = 0x9002
required = yes
ZA9
kill -HUP $run_pid
busywait 20000 reconciled 5 ||
	fail "no reconcile after adding za9"
check_eq "diff reload: za9 up" "$(log_count "$log" '.event == "tunnel_up" and .tunnel == "za9"')" 1
check_eq "diff reload: tunnels changed" \
	"$(jq -s '[.[] | select(.event == "reconciled")][4].tunnels_changed' "$log")" 1
check_eq "diff reload: SAs" "$(nsa "$segA")" 6
pkts2=$(A "$SEGCTL" -j tunnel list | jq '[.tunnels[] | select(.name == "za4") | .sas[].packets] | add')
check_range "za4's SA counters survive the reload (not re-created)" "$pkts2" "$pkts" 1000000

xfrm_snap "$segA" "$ipsec_tmp/snap.3"
echo "this is not a config line" >>"$conf"
kill -HUP $run_pid
busywait 20000 log_has "$log" '.event == "config_rejected"' ||
	fail "a bad config on SIGHUP was not rejected"
xfrm_snap "$segA" "$ipsec_tmp/snap.4"
cmp -s "$ipsec_tmp/snap.3" "$ipsec_tmp/snap.4" ||
	fail "a rejected reload changed XFRM objects"
log_has "$log" '.event == "config_error" and (.message | endswith("(token '"'"'this'"'"')"))' ||
	fail "config_error does not name the bad token"

cp "$ipsec_tmp/conf.orig" "$conf"
kill -HUP $run_pid
busywait 20000 log_has "$log" '.event == "tunnel_removed" and .tunnel == "za9"' ||
	fail "za9 not removed when its section went"
check_eq "za9 removed: SAs" "$(nsa "$segA")" 4
check_eq "za9 removed: policies" "$(nsp "$segA")" 18

# --- stop: everything stays, traffic flows ---
kill -TERM $run_pid
wait $run_pid
check_eq "segctl run exit status on SIGTERM" $? 0
log_has "$log" '.event == "stop"' || fail "no stop event"
check_eq "SAs after stop" "$(nsa "$segA")" 4
check_eq "policies after stop" "$(nsp "$segA")" 18
check_eq "UDP after stop" "$(udp_count "$hostA" "$hostB" 10.2.0.2 20)" 20
check_foreign "stop"
check_no_clear "stop"
grep -v '^segctl: warning' "$ipsec_tmp/run.err" | grep . &&
	fail "segctl run wrote to stderr after a good start"

# --- without -f: returns once applied, goes on in the background ---
ip netns exec "$segA" "$SEGCTL" run -c "$conf" >>"$log" 2>>"$ipsec_tmp/run.err"
check_eq "segctl run (background): exit status" $? 0
busywait 10000 log_has "$log" '.event == "detached"' || fail "no detached event"
bg=$(jq -r 'select(.event == "detached") | .pid' "$log")
kill -0 "$bg" 2>/dev/null || fail "the background segctl run is not running"
check_eq "background start: tunnels changed" \
	"$(jq -s '[.[] | select(.event == "reconciled")] | last | .tunnels_changed' "$log")" 0
kill -TERM "$bg"
busywait 10000 sh -c "! kill -0 $bg 2>/dev/null" || fail "background segctl run did not stop"
check_eq "stop events" "$(log_count "$log" '.event == "stop"')" 2

# --- tunnel del removes everything of the tunnel, block policies too ---
A "$SEGCTL" tunnel del za4 2>/dev/null || fail "tunnel del za4"
A "$SEGCTL" tunnel del za6 2>/dev/null || fail "tunnel del za6"
check_eq "SAs after tunnel del" "$(nsa "$segA")" 0
check_eq "policies after tunnel del" "$(nsp "$segA")" 0
check_foreign "tunnel del"
A "$SEGCTL" tunnel del za4 2>/dev/null && fail "deleting a deleted tunnel succeeded"

[ $ret = 0 ] || sed 's/^/segctl run: /' "$log" "$ipsec_tmp/run.err"
ksft_exit
