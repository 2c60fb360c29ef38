#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Rekeying from the key file on SA expiry. segA (segctl run) has a
# transport-mode tunnel to segB (ip xfrm) with "lifetime 30/4" (in
# seconds times IMSSEG_TIME_SCALE, see lib.sh) and a key file of two
# lines: the current key and the next one with new SPIs. At the soft
# expiry (4 s) segctl installs the next key's SAs; segB switches its
# outbound SA; a reload keeps both generations; at the hard expiry
# (30 s) the kernel removes the old SAs and segctl reports it; traffic
# keeps flowing on the new SAs. The last key's soft expiry has no
# successor: reported; at its hard expiry the tunnel is down and its
# traffic dropped (ACQUIRE reported).
#
#   segA 192.0.2.1 ======== 192.0.2.2 segB

source "$(dirname "$0")/lib.sh"

K1=0x0101010101010101010101010101010101010101
K2=0x0202020202020202020202020202020202020202

require_root
require_cmd ip jq
[ -x "$SEGCTL" ] || skip "$SEGCTL not built (run make)"

setup_ns segA segB || ksft_exit
link_ns "$segA" za 192.0.2.1/24 "$segB" zb 192.0.2.2/24
tmp=$(mktemp -d)
on_exit "rm -rf $tmp"
export IMSSEG_RUNDIR=$tmp/run
(umask 077
 printf '%s\n%s spi-in 0x1002 spi-out 0x2002\n' $K1 $K2 >"$tmp/re.key")
cat >"$tmp/segctl.conf" <<EOF2
[tunnel re]
peer = 192.0.2.2
local = 192.0.2.1
mode = transport
keyfile = $tmp/re.key
spi-in = 0x1001
spi-out = 0x2001
lifetime = $(tscale 30)/$(tscale 4)
EOF2

x="ip -n $segB xfrm state add"
aead="aead rfc4106(gcm(aes))"
$x src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x2001 mode transport $aead $K1 128
$x src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x2002 mode transport $aead $K2 128
$x src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x1001 mode transport $aead $K1 128
ip -n "$segB" xfrm policy add src 192.0.2.2 dst 192.0.2.1 dir out \
	tmpl proto esp mode transport
ip -n "$segB" xfrm policy add src 192.0.2.1 dst 192.0.2.2 dir in \
	tmpl proto esp mode transport

log_has() { jq -e -c "select($1)" "$tmp/log" 2>/dev/null | grep -q .; }
spis() {
	ip -n "$segA" xfrm state list | awk '/proto esp spi/ && $4 != "0x00000000(0)" { print $4 }' |
		sort | tr '\n' ' '
}
pings() { ip netns exec "$segA" ping -q -c 3 -i 0.2 -W 2 192.0.2.2 >/dev/null; }
reconciled() {
	test "$(jq -c 'select(.event == "reconciled")' "$tmp/log" | wc -l)" -ge "$1"
}
expired() {
	test "$(jq -c 'select(.event == "sa_expired")' "$tmp/log" | wc -l)" -ge "$1"
}

ip netns exec "$segA" "$SEGCTL" run -f -c "$tmp/segctl.conf" >"$tmp/log" 2>"$tmp/err" &
pid=$!
on_exit "kill $pid 2>/dev/null"
busywait 20000 log_has '.event == "reconciled"' || fail "no reconcile"
pings || fail "ping on the first key"

busywait 15000 log_has '.event == "rekey"' || fail "no rekey at the soft expiry"
check_eq "rekey: new inbound SPI" "$(jq -r 'select(.event == "rekey") | .spi_in' "$tmp/log")" $((0x1002))
check_eq "rekey: new outbound SPI" "$(jq -r 'select(.event == "rekey") | .spi_out' "$tmp/log")" $((0x2002))
check_eq "rekey events (one per key generation)" \
	"$(jq -c 'select(.event == "rekey")' "$tmp/log" | wc -l)" 1
check_eq "SAs while both keys live" "$(spis)" \
	"0x00001001 0x00001002 0x00002001 0x00002002 "
# the peer moves to the new key for its outbound traffic
$x src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x1002 mode transport $aead $K2 128
pings || fail "ping after the rekey"
pk=$(ip netns exec "$segA" "$SEGCTL" -j tunnel list |
     jq '[.tunnels[0].sas[] | select(.spi == 8194) | .packets] | add')
check_range "new outbound SA carries the traffic" "$pk" 3 100

# the second key's own soft expiry: no third key
busywait 15000 log_has '.event == "rekey_skipped"' ||
	fail "the last key's soft expiry was not reported"
log_has '.event == "rekey_skipped" and (.reason | startswith("the key file has no next key"))' ||
	fail "rekey_skipped gives no reason"

# a reload during the overlap keeps both generations
kill -HUP $pid
busywait 20000 reconciled 2 || fail "no reconcile on reload"
check_eq "reload keeps the rekeyed SAs" \
	"$(jq -s '[.[] | select(.event == "reconciled")][1].tunnels_changed' "$tmp/log")" 0

busywait 40000 expired 2 || fail "no hard expiry of the first key's SAs"
check_eq "SAs after the old key's hard expiry" "$(spis)" "0x00001002 0x00002002 "
ip netns exec "$segA" ping -q -c 1 -W 2 192.0.2.2 >/dev/null ||
	fail "ping on the second key alone"

# the last key's hard expiry: the tunnel is down, its traffic dropped
busywait 20000 expired 4 || fail "no hard expiry of the second key's SAs"
check_eq "SAs after the last hard expiry" "$(spis)" ""
ip netns exec "$segA" ping -q -c 1 -W 1 192.0.2.2 >/dev/null &&
	fail "traffic passed without an SA"
busywait 5000 log_has '.event == "acquire"' ||
	fail "no acquire event for traffic without an SA"
check_eq "tunnel state" "$(ip netns exec "$segA" "$SEGCTL" -j tunnel list | jq -r '.tunnels[0].state')" down
kill $pid
wait $pid
grep . "$tmp/err" && fail "segctl run wrote to stderr"
[ $ret = 0 ] || sed 's/^/segctl run: /' "$tmp/log"
ksft_exit
