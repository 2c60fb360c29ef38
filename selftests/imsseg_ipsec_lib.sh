#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared by the imsseg_ipsec*.sh selftests (sourced after lib.sh): the
# two-gateway topology, the second implementation of the tunnel
# configuration (plain "ip xfrm" on the peer gateway), the wire
# counters on the Za link, and helpers to read segctl run's JSON log.
#
#   hostA                 segA (segctl)          segB (ip xfrm)           hostB
#   a0 10.1.0.2 ----- ga 10.1.0.1                       gb 10.2.0.1 ----- b0 10.2.0.2
#      fd01::2           fd01::1                           fd02::1           fd02::2
#      10.11.0.2         10.11.0.1                         10.12.0.1         10.12.0.2
#                        za 192.0.2.1 ============= zb 192.0.2.2
#                           2001:db8::1   (Za link)    2001:db8::2
#
# Tunnel za4: outer IPv4, inner IPv4 and IPv6 (10.1/24<->10.2/24,
# fd01::/64<->fd02::/64), AES-GCM, "za" (required). Tunnel za6: outer
# IPv6, inner IPv4 (10.11/24<->10.12/24), AES-CBC + HMAC-SHA-256,
# required, SPIs in the key file.

K4IN=0x1111111111111111111111111111111122222222
K4OUT=0x3333333333333333333333333333333344444444
E6=0x55555555555555555555555555555555
A6=0x6666666666666666666666666666666666666666666666666666666666666666

ipsec_tmp=$(mktemp -d)
chmod 700 "$ipsec_tmp"
on_exit "rm -rf $ipsec_tmp"

# ipsec_topology: namespaces, addresses, routes, forwarding
ipsec_topology() {
	setup_ns hostA segA segB hostB || return 1
	link_ns "$hostA" a0 10.1.0.2/24,fd01::2/64,10.11.0.2/24 \
		"$segA" ga 10.1.0.1/24,fd01::1/64,10.11.0.1/24 || return 1
	link_ns "$segA" za 192.0.2.1/24,2001:db8::1/64 \
		"$segB" zb 192.0.2.2/24,2001:db8::2/64 || return 1
	link_ns "$segB" gb 10.2.0.1/24,fd02::1/64,10.12.0.1/24 \
		"$hostB" b0 10.2.0.2/24,fd02::2/64,10.12.0.2/24 || return 1
	ip -n "$hostA" route add default via 10.1.0.1
	ip -n "$hostA" -6 route add default via fd01::1
	ip -n "$hostB" route add default via 10.2.0.1
	ip -n "$hostB" -6 route add default via fd02::1
	# za6's subnets: their own source addresses
	ip -n "$hostA" route add 10.12.0.0/24 via 10.11.0.1 src 10.11.0.2
	ip -n "$hostB" route add 10.11.0.0/24 via 10.12.0.1 src 10.12.0.2
	ip -n "$segA" route add 10.2.0.0/24 via 192.0.2.2
	ip -n "$segA" route add 10.12.0.0/24 via 192.0.2.2
	ip -n "$segA" -6 route add fd02::/64 via 2001:db8::2
	ip -n "$segB" route add 10.1.0.0/24 via 192.0.2.1
	ip -n "$segB" route add 10.11.0.0/24 via 192.0.2.1
	ip -n "$segB" -6 route add fd01::/64 via 2001:db8::1
	local ns
	for ns in "$segA" "$segB"; do
		ip netns exec "$ns" sysctl -wq net.ipv4.ip_forward=1
		ip netns exec "$ns" sysctl -wq net.ipv6.conf.all.forwarding=1
	done
}

# ipsec_keys: segA's key files (root, 0600) and config
ipsec_keys() {
	(umask 077
	 echo "key-in $K4IN key-out $K4OUT" >"$ipsec_tmp/za4.key"
	 echo "$E6:$A6 spi-in 0x1006 spi-out 0x2006" >"$ipsec_tmp/za6.key")
	cat >"$ipsec_tmp/segctl.conf" <<-CONF
	# imsseg_ipsec selftest: segA's tunnels to segB
	[tunnel za4]
	peer = 192.0.2.2
	local = 192.0.2.1
	subnets = 10.1.0.0/24=10.2.0.0/24 fd01::/64=fd02::/64
	aead = rfc4106(gcm(aes))
	keyfile = $ipsec_tmp/za4.key
	spi-in = 0x1001
	spi-out = 0x2001
	za = yes   # TS 33.210: tunnel mode, ESP with encryption + integrity

	[tunnel za6]
	peer = 2001:db8::2
	local = 2001:db8::1
	subnets = 10.11.0.0/24=10.12.0.0/24
	enc = cbc(aes)
	auth = hmac(sha256)
	keyfile = $ipsec_tmp/za6.key
	required = yes
	CONF
}

# _peer_pol SRC DST OUTER_LOCAL OUTER_REMOTE REQID: segB's policies
_peer_pol() {
	local l=$1 r=$2 ol=$3 or=$4 id=$5 d

	ip -n "$segB" xfrm policy add src "$l" dst "$r" dir out \
		tmpl src "$ol" dst "$or" proto esp reqid "$id" mode tunnel
	for d in in fwd; do
		ip -n "$segB" xfrm policy add src "$r" dst "$l" dir $d \
			tmpl src "$or" dst "$ol" proto esp reqid "$id" mode tunnel
	done
}

# ipsec_peer: segB, configured independently with iproute2
ipsec_peer() {
	local x="ip -n $segB xfrm state add"

	$x src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x2001 reqid 1 \
		mode tunnel flag af-unspec aead 'rfc4106(gcm(aes))' $K4OUT 128
	$x src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x1001 reqid 1 \
		mode tunnel flag af-unspec aead 'rfc4106(gcm(aes))' $K4IN 128
	$x src 2001:db8::1 dst 2001:db8::2 proto esp spi 0x2006 reqid 2 \
		mode tunnel flag af-unspec enc 'cbc(aes)' $E6 \
		auth-trunc 'hmac(sha256)' $A6 128
	$x src 2001:db8::2 dst 2001:db8::1 proto esp spi 0x1006 reqid 2 \
		mode tunnel flag af-unspec enc 'cbc(aes)' $E6 \
		auth-trunc 'hmac(sha256)' $A6 128
	_peer_pol 10.2.0.0/24 10.1.0.0/24 192.0.2.2 192.0.2.1 1
	_peer_pol fd02::/64 fd01::/64 192.0.2.2 192.0.2.1 1
	_peer_pol 10.12.0.0/24 10.11.0.0/24 2001:db8::2 2001:db8::1 2
}

# ipsec_wire: counters at the ingress of both ends of the Za link, i.e.
# exactly what crossed the wire in each direction. A tunnel-mode packet
# that XFRM decrypted is received again on the same device, with a
# secpath: it did not cross the wire in clear and is not counted.
ipsec_wire() {
	local ns dev

	for ns in "$segA:za" "$segB:zb"; do
		dev=${ns#*:}
		ns=${ns%%:*}
		ip netns exec "$ns" nft -f - <<-NFT || return 1
		table netdev wire {
			counter n_esp {}
			counter n_leak {}
			counter n_sip {}
			counter n_icmp {}
			counter n_other {}
			chain in {
				type filter hook ingress device "$dev" priority 0;
				meta protocol ip ip protocol esp counter name n_esp accept
				# what XFRM decrypted comes in again on this device
				meta secpath exists accept
				meta protocol ip6 ip6 nexthdr esp counter name n_esp accept
				meta protocol ip ip saddr { 10.1.0.0/16, 10.2.0.0/16, 10.11.0.0/16, 10.12.0.0/16 } counter name n_leak
				meta protocol ip ip daddr { 10.1.0.0/16, 10.2.0.0/16, 10.11.0.0/16, 10.12.0.0/16 } counter name n_leak
				meta protocol ip6 ip6 saddr { fd01::/64, fd02::/64 } counter name n_leak
				meta protocol ip6 ip6 daddr { fd01::/64, fd02::/64 } counter name n_leak
				meta l4proto udp udp dport 5060 counter name n_sip
				meta l4proto udp udp sport 5060 counter name n_sip
				meta protocol ip ip protocol icmp counter name n_icmp
				meta protocol ip6 icmpv6 type { echo-request, echo-reply } counter name n_icmp
				meta protocol ip counter name n_other
				# l4proto looks past extension headers: MLD
				# reports (hop-by-hop + ICMPv6) are not "other"
				meta protocol ip6 meta l4proto != ipv6-icmp counter name n_other
			}
		}
		NFT
	done
}

# wire NAME: packets counted on both ends of the Za link
wire() {
	local a b

	a=$(ip netns exec "$segA" nft list counter netdev wire "n_$1" |
	    awk '/packets/ { print $2 }')
	b=$(ip netns exec "$segB" nft list counter netdev wire "n_$1" |
	    awk '/packets/ { print $2 }')
	echo $((a + b))
}

# check_no_clear WHAT: nothing but ESP crossed the Za link
check_no_clear() {
	check_eq "$1: cleartext packets of protected subnets on the Za link" \
		"$(wire leak)" 0
	check_eq "$1: SIP in clear on the Za link" "$(wire sip)" 0
	check_eq "$1: ICMP echo in clear on the Za link" "$(wire icmp)" 0
	check_eq "$1: non-ESP IP packets on the Za link" "$(wire other)" 0
}

# nsa NS / nsp NS: segctl-owned SAs (no ACQUIRE placeholders) / policies
nsa() {
	ip -n "$1" xfrm state list | awk '/proto esp spi/ && $4 != "0x00000000(0)" && /reqid 158/ { n++ } END { print n + 0 }'
}

nsp() {
	ip -n "$1" xfrm policy list | awk '/priority 6[0-9][0-9] / { n++ } END { print n + 0 }'
}

# xfrm_snap NS FILE: SAs and policies, without traffic-dependent lines
xfrm_snap() {
	{ ip -n "$1" xfrm state list | grep -v -e anti-replay -e 'spi 0x00000000'
	  ip -n "$1" xfrm policy list; } >"$2"
}

# udp_count FROM_NS TO_NS DST COUNT [PORT]: how many of COUNT arrive
udp_count() {
	local from=$1 to=$2 dst=$3 count=$4 port=${5:-9000}

	rm -f "$ipsec_tmp/ready"
	ip netns exec "$to" "$UDPIO" recv "$dst" "$port" "$count" 5000 \
		"$ipsec_tmp/ready" >"$ipsec_tmp/got" &
	local pid=$!
	busywait 5000 test -e "$ipsec_tmp/ready" || { kill $pid; echo -1; return; }
	ip netns exec "$from" "$UDPIO" send "$dst" "$port" "$count" 64
	wait $pid
	cat "$ipsec_tmp/got"
}

# log_has FILE JQ_FILTER: some JSON line of FILE matches
log_has() {
	jq -e -c "select($2)" "$1" 2>/dev/null | grep -q .
}

# log_count FILE JQ_FILTER
log_count() {
	jq -c "select($2)" "$1" 2>/dev/null | wc -l
}

# xfrm_stat NS NAME: a counter of /proc/net/xfrm_stat
xfrm_stat() {
	ip netns exec "$1" awk -v n="$2" '$1 == n { print $2 }' /proc/net/xfrm_stat
}
