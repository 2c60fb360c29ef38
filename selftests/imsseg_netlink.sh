#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The control plane over generic netlink: the ABI handshake (requests
# of another ABI, or without one, are refused and change nothing),
# interface roles, allow and block lists (TTL, reasons, hits, trust
# classes), their validation, permissions, the lists/max_entries knob,
# netns isolation and teardown.
#
#   ns a                              ns b
#   seg0 === veth === seg1            seg0 === veth === seg1
#   (same names in both netns, independent roles and lists)
#
#   client                 a (the gateway, for the hits check)
#   c0 10.0.1.2 ------ g0 10.0.1.1 (untrusted)
#
# segctl validates before sending, so the kernel's own validation is
# reached with selftests/genlreq (raw requests, exact attributes).
# Everything runs in non-initial netns (ip netns exec) except where the
# initial netns is checked to be unaffected.

source "$(dirname "$0")/lib.sh"

GENLREQ=$SELFTESTS_DIR/genlreq
MAXF=$IMSSEG_SYSFS/lists/max_entries

require_root
require_cmd ip jq setpriv
[ -x "$GENLREQ" ] && [ -x "$UDPIO" ] || skip "selftests helpers not built (run make)"
[ -x "$SEGCTL" ] || skip "$SEGCTL not built (run make)"

tmp=$(mktemp -d)
on_exit "rm -rf $tmp"

setup_ns na nb client || ksft_exit
ip -n "$na" link add seg0 type veth peer name seg1 || fail "veth in a"
ip -n "$nb" link add seg0 type veth peer name seg1 || fail "veth in b"
link_ns "$client" c0 10.0.1.2/24 "$na" g0 10.0.1.1/24

imsseg_load || ksft_exit
on_exit imsseg_unload

# sg NS ARGS...: segctl in a netns ("-" for the initial one)
sg() {
	local ns=$1

	shift
	if [ "$ns" = - ]; then
		"$SEGCTL" "$@"
	else
		ip netns exec "$ns" "$SEGCTL" "$@"
	fi
}

# jqc NS FILTER ARGS...: compact jq FILTER over segctl -j ARGS in NS
jqc() {
	local ns=$1 filter=$2

	shift 2
	sg "$ns" -j "$@" | jq -c "$filter"
}

roles() { jqc "$1" '[.ifaces[] | [.ifname, .role]] | sort' iface list; }
blocks() { jqc "$1" '[.block[] | [.prefix, .origin, .reason, .ttl]]' block list; }
allows() { jqc "$1" '[.allow[] | [.prefix, .origin, .reason, .ttl]]' allow list; }
# Everything a failed command must leave unchanged in NS (but the
# seconds left, which count down).
state() {
	{
		sg "$1" -j block list
		sg "$1" -j allow list
		sg "$1" -j iface list
	} | jq -c '.[] |= map(del(.expires))'
}

# expect_err WHAT NS CODE PATTERN CMD...: CMD (run in NS) exits CODE
# ("nz": any non-zero) with PATTERN on stderr.
expect_err() {
	local what=$1 ns=$2 code=$3 pat=$4 rc

	shift 4
	if [ "$ns" = - ]; then
		"$@" >"$tmp/out" 2>"$tmp/err"
	else
		ip netns exec "$ns" "$@" >"$tmp/out" 2>"$tmp/err"
	fi
	rc=$?
	if [ $rc = 0 ]; then
		fail "$what: succeeded, expected an error"
	elif [ "$code" != nz ] && [ $rc != "$code" ]; then
		fail "$what: exit $rc, expected $code ($(cat "$tmp/err"))"
	elif ! grep -qF -- "$pat" "$tmp/err"; then
		fail "$what: stderr '$(cat "$tmp/err")' lacks '$pat'"
	else
		pass "$what: rejected: $(head -c 160 "$tmp/err")"
	fi
}

# --- interface roles ---------------------------------------------------

sg "$na" iface set seg0 untrusted || fail "a: iface set seg0 untrusted"
sg "$na" iface set seg1 za || fail "a: iface set seg1 za"
sg "$nb" iface set seg0 trusted || fail "b: iface set seg0 trusted"
check_eq "a: roles" "$(roles "$na")" '[["seg0","untrusted"],["seg1","za"]]'
check_eq "b: roles (same names, own netns)" "$(roles "$nb")" \
	'[["seg0","trusted"]]'
check_eq "initial netns: no roles" "$(roles -)" '[]'
sg "$na" iface list | grep -qE '^[0-9]+ +seg0 +untrusted$' ||
	fail "a: iface list text lacks 'seg0 untrusted'"

sg "$na" iface set seg1 trusted || fail "a: iface set seg1 trusted"
check_eq "a: role replaced" "$(roles "$na")" \
	'[["seg0","untrusted"],["seg1","trusted"]]'
sg "$na" iface set seg1 none || fail "a: iface set seg1 none"
check_eq "a: none removes the role" "$(roles "$na")" '[["seg0","untrusted"]]'
sg "$na" iface set seg1 none || fail "a: none on a device without a role"
check_eq "b: roles untouched by a" "$(roles "$nb")" '[["seg0","trusted"]]'

expect_err "iface set nosuchdev" "$na" 1 "no such interface" \
	"$SEGCTL" iface set nosuchdev untrusted
check_eq "a: roles after nosuchdev" "$(roles "$na")" '[["seg0","untrusted"]]'

# By ifindex, over raw netlink.
idx=$(ip -n "$na" -o link show seg1 | cut -d: -f1)
ip netns exec "$na" "$GENLREQ" iface_set ifindex="$idx" role=3 >/dev/null ||
	fail "a: IFACE_SET by ifindex"
check_eq "a: role set by ifindex" "$(roles "$na")" \
	'[["seg0","untrusted"],["seg1","za"]]'

# A deleted device loses its role, and a new device that gets the same
# ifindex does not inherit it.
idx=$(ip -n "$na" -o link show seg0 | cut -d: -f1)
ip -n "$na" link del seg0
check_eq "a: roles after deleting the veth pair" "$(roles "$na")" '[]'
ip -n "$na" link add seg0 index "$idx" type veth peer name seg1 ||
	fail "a: recreate seg0 with ifindex $idx"
check_eq "a: seg0 recreated with ifindex $idx" \
	"$(ip -n "$na" -o link show seg0 | cut -d: -f1)" "$idx"
check_eq "a: the new seg0 has no role" "$(roles "$na")" '[]'

# A device moved to another netns loses its role in the old one and
# has none in the new one.
ip -n "$na" link add mv0 type veth peer name mv1
sg "$na" iface set mv0 za || fail "a: iface set mv0 za"
ip -n "$na" link set mv0 netns "$nb" || fail "move mv0 to b"
check_eq "a: moved device's role gone" "$(roles "$na")" '[]'
check_eq "b: moved device has no role" "$(roles "$nb")" '[["seg0","trusted"]]'
sg "$na" iface set seg0 untrusted || fail "a: iface set seg0 untrusted"

# --- lists ---------------------------------------------------------------

sg "$na" block add 10.0.0.0/8 reason scanner || fail "block add 10.0.0.0/8"
sg "$na" block add 2001:db8::/32 reason "v6 net" || fail "block add v6"
sg "$na" block add 10.2.0.0/16 reason more-specific || fail "block add /16"
sg "$na" allow add 10.1.0.0/16 || fail "allow add 10.1.0.0/16"
# a TTL that outlives the test (773 s on the debug kernel on a loaded host)
t300=$(tscale 300)
sg "$na" allow add 2001:db8:1::/48 ttl "$t300" reason peer ||
	fail "allow add v6 ttl"
sg "$na" allow add 192.0.2.0/24 reason "core" || fail "allow add 192.0.2.0/24"
check_eq "a: block list" "$(blocks "$na")" \
	'[["10.0.0.0/8","admin","scanner",0],["10.2.0.0/16","admin","more-specific",0],["2001:db8::/32","admin","v6 net",0]]'
check_eq "a: allow list" "$(allows "$na")" \
	'[["10.1.0.0/16","admin","",0],["192.0.2.0/24","admin","core",0],["2001:db8:1::/48","admin","peer",'"$t300"']]'
check_range "a: allow 2001:db8:1::/48 expires" \
	"$(jqc "$na" '.allow[] | select(.prefix == "2001:db8:1::/48") | .expires' allow list)" \
	$((t300 - $(tscale 10))) "$t300"
sg "$na" block list | grep -qE '^10\.0\.0\.0/8 +admin +0 +- +- +scanner$' ||
	fail "block list text: no '10.0.0.0/8 admin 0 - - scanner' row"

# trust ADDR -> class and deciding entry (longest prefix, block wins)
trust() { jqc "$1" '[.class, .entry.prefix]' trust "$2"; }
check_eq "trust 10.1.2.3 (allow /16 and block /8: block wins)" \
	"$(trust "$na" 10.1.2.3)" '["denied","10.0.0.0/8"]'
check_eq "trust 10.2.3.4 (longest prefix)" "$(trust "$na" 10.2.3.4)" \
	'["denied","10.2.0.0/16"]'
check_eq "trust 192.0.2.9" "$(trust "$na" 192.0.2.9)" \
	'["trusted","192.0.2.0/24"]'
check_eq "trust 198.51.100.1" "$(trust "$na" 198.51.100.1)" '["untrusted",null]'
check_eq "trust 2001:db8:1::1 (block /32 wins over allow /48)" \
	"$(trust "$na" 2001:db8:1::1)" '["denied","2001:db8::/32"]'
check_eq "trust 2001:db9::1" "$(trust "$na" 2001:db9::1)" '["untrusted",null]'
check_eq "trust ::ffff:10.0.0.1 is IPv6, not 10/8" \
	"$(trust "$na" ::ffff:10.0.0.1)" '["untrusted",null]'
check_eq "queries are not hits (block)" \
	"$(jqc "$na" '[.block[].hits] | add' block list)" 0
check_eq "queries are not hits (allow)" \
	"$(jqc "$na" '[.allow[].hits] | add' allow list)" 0

# promotion and demotion: allowlist add/del
sg "$na" allow add 198.51.100.0/24 reason promoted || fail "promote"
check_eq "promoted" "$(trust "$na" 198.51.100.1)" '["trusted","198.51.100.0/24"]'
sg "$na" allow del 198.51.100.0/24 || fail "demote"
check_eq "demoted" "$(trust "$na" 198.51.100.1)" '["untrusted",null]'

sg "$na" block del 10.2.0.0/16 || fail "block del 10.2.0.0/16"
check_eq "a: block list after del" "$(jqc "$na" '[.block[].prefix]' block list)" \
	'["10.0.0.0/8","2001:db8::/32"]'
check_eq "trust 10.2.3.4 after del" "$(trust "$na" 10.2.3.4)" \
	'["denied","10.0.0.0/8"]'

# isolation: b and the initial netns see nothing; same prefix is fine
check_eq "b: block list empty" "$(blocks "$nb")" '[]'
check_eq "initial netns: block list empty" "$(blocks -)" '[]'
check_eq "b: trust 10.1.2.3" "$(trust "$nb" 10.1.2.3)" '["untrusted",null]'
sg "$nb" block add 10.0.0.0/8 reason other || fail "b: same prefix as a"
check_eq "a: unchanged by b" "$(jqc "$na" '.block[0].reason' block list)" \
	'"scanner"'
sg - block add 203.0.113.0/24 reason init || fail "initial netns: add"
check_eq "initial netns: block list" "$(blocks -)" \
	'[["203.0.113.0/24","admin","init",0]]'

# --- TTL expiry ------------------------------------------------------------

expired0=$(stat list_expired)
t0=$(date +%s%3N)
t2=$(tscale 2)
sg "$na" block add 198.51.100.0/24 ttl "$t2" reason short || fail "add ttl $t2"
sg "$na" allow add 198.18.0.0/15 ttl "$(tscale 1)" || fail "add ttl $(tscale 1)"
check_eq "ttl $t2 entry listed" \
	"$(jqc "$na" '[.block[] | select(.prefix == "198.51.100.0/24") | .ttl]' block list)" \
	"[$t2]"
gone() { [ "$(jqc "$na" "[.$1[] | select(.prefix == \"$2\")] | length" "$1" list)" = 0 ]; }
busywait 6000 gone block 198.51.100.0/24 ||
	fail "ttl $t2 entry not gone after $(tscale 6) s"
t1=$(date +%s%3N)
check_range "ttl $t2 entry lifetime (ms)" $((t1 - t0)) $((t2 * 1000 - 100)) \
	"$(tscale 6000)"
gone allow 198.18.0.0/15 || fail "ttl $(tscale 1) allow entry still listed"
check_eq "expired entry does not match" "$(trust "$na" 198.51.100.7)" \
	'["untrusted",null]'
busywait 4000 test "$(stat list_expired)" -ge $((expired0 + 2)) ||
	fail "list_expired did not move"
check_eq "list_expired delta" $(($(stat list_expired) - expired0)) 2
check_eq "a: other entries survive expiry" \
	"$(jqc "$na" '[.block[].prefix]' block list)" '["10.0.0.0/8","2001:db8::/32"]'

# --- bad input: segctl ----------------------------------------------------

before=$(state "$na")
r100=$(printf 'r%.0s' $(seq 100))
expect_err "host bits" "$na" 1 "host bits set; did you mean 10.0.0.0/8?" \
	"$SEGCTL" block add 10.0.0.1/8
expect_err "plen 33" "$na" 1 "prefix length above 32" \
	"$SEGCTL" block add 10.0.0.0/33
expect_err "plen 129" "$na" 1 "prefix length above 128" \
	"$SEGCTL" allow add 2001:db8::/129
expect_err "bad address" "$na" 1 "bad prefix '300.0.0.0/8'" \
	"$SEGCTL" block add 300.0.0.0/8
expect_err "ttl -1" "$na" 1 "bad ttl '-1'" \
	"$SEGCTL" block add 10.9.0.0/16 ttl -1
expect_err "ttl huge" "$na" 1 "too large" \
	"$SEGCTL" block add 10.9.0.0/16 ttl 99999999999
expect_err "reason 100 chars" "$na" 1 "reason too long (100 characters" \
	"$SEGCTL" block add 10.9.0.0/16 reason "$r100"
expect_err "unknown keyword" "$na" 1 "unknown argument 'color'" \
	"$SEGCTL" block add 10.9.0.0/16 color red
expect_err "unknown list" "$na" 1 "unknown command 'grey'" \
	"$SEGCTL" grey add 10.9.0.0/16
expect_err "unknown subcommand" "$na" 1 "unknown subcommand 'flush'" \
	"$SEGCTL" block flush
expect_err "duplicate block add" "$na" 1 "kernel: already in the blocklist" \
	"$SEGCTL" block add 10.0.0.0/8 reason again
expect_err "duplicate allow add" "$na" 1 "kernel: already in the allowlist" \
	"$SEGCTL" allow add 10.1.0.0/16
expect_err "del of a missing prefix" "$na" 1 "kernel: not in the blocklist" \
	"$SEGCTL" block del 10.99.0.0/16
expect_err "del: extra argument" "$na" 1 "unexpected argument 'ttl'" \
	"$SEGCTL" block del 10.0.0.0/8 ttl 5
expect_err "unknown role" "$na" 1 "unknown role 'dmz'" \
	"$SEGCTL" iface set seg0 dmz
expect_err "trust of a prefix" "$na" 1 "bad address '10.0.0.0/8'" \
	"$SEGCTL" trust 10.0.0.0/8
check_eq "a: state unchanged by rejected segctl commands" "$(state "$na")" "$before"

# --- bad input: raw netlink (the kernel's validation) ----------------------

A="list=1 family=inet"
idx=$(ip -n "$na" -o link show seg0 | cut -d: -f1)
while IFS='|' read -r what code pat args; do
	[ -n "$what" ] || continue
	# shellcheck disable=SC2086 # args is a word list
	expect_err "kernel: $what" "$na" "$code" "$pat" "$GENLREQ" $args
done <<EOF
host bits|22|host bits set|list_add $A addr=10.0.0.1 plen=8
plen 33 for AF_INET|34|IMSSEG_A_PLEN is above 32|list_add $A addr=10.0.0.0 plen=33
plen 129|34|integer out of range|list_add list=1 family=inet6 addr=2001:db8:: plen=129
unknown list|34|integer out of range|list_add list=2 family=inet addr=10.9.0.0 plen=16
unknown family|22|IMSSEG_A_FAMILY is not AF_INET or AF_INET6|list_add list=1 family=7 addr=10.9.0.0 plen=16
address length vs family|22|IMSSEG_A_ADDR length does not match|list_add $A addr=2001:db8:: plen=16
address 2 bytes|34|binary attribute size out of range|list_add $A addr:hex=0a09 plen=16
address 17 bytes|34|binary attribute size out of range|list_add $A addr:hex=0a0900000000000000000000000000000000 plen=16
ttl above 1 year|34|integer out of range|list_add $A addr=10.9.0.0 plen=16 ttl=31536001
ttl as u8|22|invalid attribute length|list_add $A addr=10.9.0.0 plen=16 ttl:u8=5
reason without NUL|22|Attribute failed policy validation|list_add $A addr=10.9.0.0 plen=16 reason:raw=abc
reason 64 chars|22|Attribute failed policy validation|list_add $A addr=10.9.0.0 plen=16 reason=$(printf 'x%.0s' $(seq 64))
reason not printable|22|IMSSEG_A_REASON has a character that is not printable|list_add $A addr=10.9.0.0 plen=16 reason:hex=41074200
missing plen|22|missing attribute IMSSEG_A_PLEN|list_add $A addr=10.9.0.0
missing list|22|missing attribute IMSSEG_A_LIST|list_del family=inet addr=10.0.0.0 plen=8
output-only attribute|22|Attribute failed policy validation|list_add $A addr=10.9.0.0 plen=16 hits=5
attribute for another command|22|attribute not valid for this command|list_del $A addr=10.0.0.0 plen=8 ttl=5
unknown attribute|22|Unknown attribute type|list_add $A addr=10.9.0.0 plen=16 99:u8=1
duplicate add|17|already in the blocklist|list_add $A addr=10.0.0.0 plen=8
del of a missing prefix|2|not in the blocklist|list_del $A addr=10.99.0.0 plen=16
role out of range|34|integer out of range|iface_set ifname=seg0 role=4
ifindex and ifname|22|exactly one of IMSSEG_A_IFINDEX and IMSSEG_A_IFNAME|iface_set ifname=seg0 ifindex=$idx role=1
neither ifindex nor ifname|22|exactly one|iface_set role=1
missing role|22|missing attribute IMSSEG_A_ROLE|iface_set ifname=seg0
ifindex 0|34|integer out of range|iface_set ifindex=0 role=1
unknown ifindex|19|no such interface (IMSSEG_A_IFINDEX)|iface_set ifindex=999999 role=1
unknown ifname|19|no such interface (IMSSEG_A_IFNAME)|iface_set ifname=nosuchdev role=1
ifname 16 chars|22|Attribute failed policy validation|iface_set ifname=abcdefghijklmnop role=1
class_get with plen|22|attribute not valid for this command|class_get family=inet addr=10.0.0.1 plen=32
class_get missing addr|22|missing attribute IMSSEG_A_ADDR|class_get family=inet
list_get list out of range|34|integer out of range|-d list_get list=5
list_get with a filter it does not take|22|attribute not valid for this command|-d list_get family=2
iface_get with an attribute|22|attribute not valid for this command|-d iface_get role=1
version with an attribute|22|attribute not valid for this command|version ttl=1
unknown command|95|Operation not supported|99
EOF
check_eq "a: state unchanged by rejected requests" "$(state "$na")" "$before"

# --- ABI handshake: every request but GET_VERSION carries IMSSEG_A_ABI ---

kver=$(cat "$IMSSEG_SYSFS/version")
kabi=$(cat "$IMSSEG_SYSFS/abi_version")
abi_tail="this module ABI $kabi (imsseg $kver): install matching segctl and imsseg.ko"
old="segctl speaks imsseg ABI $((kabi - 1)), $abi_tail"
new="segctl speaks imsseg ABI $((kabi + 1)), $abi_tail"
none="request without IMSSEG_A_ABI: segctl older than ABI $kabi, $abi_tail"
check_eq "GET_VERSION without IMSSEG_A_ABI still answers" \
	"$(ip netns exec "$na" "$GENLREQ" -a none version)" \
	"version=\"$kver\" abi=$kabi"
before=$(state "$na")
while IFS='|' read -r what code pat args; do
	[ -n "$what" ] || continue
	# shellcheck disable=SC2086 # args is a word list
	expect_err "ABI: $what" "$na" "$code" "$pat" "$GENLREQ" $args
done <<EOF
older ABI, list_add of a new prefix|71|$old|-a $((kabi - 1)) list_add $A addr=10.9.0.0 plen=16
newer ABI, list_add|71|$new|-a $((kabi + 1)) list_add $A addr=10.9.0.0 plen=16 reason=x
no ABI, list_add|71|$none|-a none list_add $A addr=10.9.0.0 plen=16
no ABI, list_del of an existing prefix|71|$none|-a none list_del $A addr=10.0.0.0 plen=8
older ABI, list_del|71|$old|-a $((kabi - 1)) list_del $A addr=10.0.0.0 plen=8
older ABI, iface_set|71|$old|-a $((kabi - 1)) iface_set ifname=seg0 role=0
no ABI, iface_set|71|$none|-a none iface_set ifname=seg0 role=3
ABI 0, class_get|71|segctl speaks imsseg ABI 0, $abi_tail|-a 0 class_get family=inet addr=10.0.0.1
ABI above the table|71|segctl speaks an imsseg ABI above 15, $abi_tail|-a 4000000000 class_get family=inet addr=10.0.0.1
no ABI, list_get dump|71|$none|-d -a none list_get
older ABI, iface_get dump|71|$old|-d -a $((kabi - 1)) iface_get
ABI checked before the rest (host bits)|71|$old|-a $((kabi - 1)) list_add $A addr=10.0.0.1 plen=8
ABI as u8|22|invalid attribute length|-a none list_add $A addr=10.9.0.0 plen=16 abi:u8=$kabi
ABI in GET_VERSION|22|attribute not valid for this command|-a $kabi version
EOF
check_eq "a: state unchanged by requests of another ABI" "$(state "$na")" "$before"
ip netns exec "$na" "$GENLREQ" -a "$kabi" class_get family=inet addr=10.0.0.1 \
	>/dev/null || fail "class_get with the module's ABI"

v=$(ip netns exec "$na" "$GENLREQ" version) || fail "GET_VERSION"
check_eq "GET_VERSION" "$v" \
	"version=\"$(cat "$IMSSEG_SYSFS/version")\" abi=$(cat "$IMSSEG_SYSFS/abi_version")"

# --- lists/max_entries ------------------------------------------------------

check_eq "max_entries default" "$(cat "$MAXF")" 16384
check_eq "max_entries mode" "$(command stat -c %a "$MAXF")" 644
for bad in -1 0 99999999999 abc "" 5x 1048577 "1 2" 0x10; do
	if printf '%s\n' "$bad" >"$MAXF" 2>/dev/null; then
		fail "max_entries accepted '$bad'"
	else
		pass "max_entries rejects '$bad'"
	fi
done
check_eq "max_entries unchanged after bad writes" "$(cat "$MAXF")" 16384
echo 3 >"$MAXF" || fail "max_entries 3 rejected"
check_eq "max_entries set" "$(cat "$MAXF")" 3
# a has 2 block and 3 allow entries: one more block fits, none allowed
sg "$na" block add 10.60.0.0/16 || fail "a: third block entry under cap 3"
before=$(state "$na")
expect_err "block add beyond max_entries" "$na" 1 \
	"kernel: blocklist full (see /sys/kernel/imsseg/lists/max_entries)" \
	"$SEGCTL" block add 10.61.0.0/16
expect_err "allow add beyond max_entries" "$na" 1 "kernel: allowlist full" \
	"$SEGCTL" allow add 10.61.0.0/16
check_eq "a: lists unchanged when full" "$(state "$na")" "$before"
sg "$nb" block add 10.61.0.0/16 || fail "b: the cap is per list and netns"
echo 1048576 >"$MAXF" || fail "max_entries 1048576 rejected"
sg "$na" block add 10.61.0.0/16 || fail "a: add after raising the cap"
echo 16384 >"$MAXF"

# --- permissions --------------------------------------------------------------

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
before=$(state "$na")
expect_err "unprivileged block add" "$na" 1 "Operation not permitted" \
	"${NOBODY[@]}" "$SEGCTL" block add 10.70.0.0/16
expect_err "unprivileged block del" "$na" 1 "Operation not permitted" \
	"${NOBODY[@]}" "$SEGCTL" block del 10.0.0.0/8
expect_err "unprivileged iface set" "$na" 1 "Operation not permitted" \
	"${NOBODY[@]}" "$SEGCTL" iface set seg0 none
expect_err "unprivileged block list" "$na" 1 "Operation not permitted" \
	"${NOBODY[@]}" "$SEGCTL" block list
expect_err "unprivileged trust" "$na" 1 "Operation not permitted" \
	"${NOBODY[@]}" "$SEGCTL" trust 10.0.0.1
expect_err "unprivileged raw LIST_ADD" "$na" 1 "Operation not permitted" \
	"${NOBODY[@]}" "$GENLREQ" list_add list=1 family=inet addr=10.70.0.0 plen=16
check_eq "a: state unchanged by unprivileged commands" "$(state "$na")" "$before"
ip netns exec "$na" "${NOBODY[@]}" "$GENLREQ" version >/dev/null ||
	fail "GET_VERSION needs no privilege"
# CAP_NET_ADMIN in the user namespace that owns the netns is enough.
if "${NOBODY[@]}" unshare -Urn true 2>/dev/null; then
	out=$("${NOBODY[@]}" unshare -Urn sh -c "
		'$SEGCTL' block add 10.80.0.0/16 reason userns &&
		'$SEGCTL' iface set lo untrusted &&
		'$SEGCTL' -j block list" 2>&1)
	check_eq "user-namespace root manages its own netns" \
		"$(echo "$out" | jq -c '[.block[].prefix]' 2>/dev/null)" \
		'["10.80.0.0/16"]'
else
	log "SKIP sub-check: unprivileged user namespaces are disabled"
fi

# --- hits (needs the data plane's hook) -----------------------------------------

if grep -q 'imsseg_filter\.o' "$IMSSEG_TOP/kernel/Kbuild"; then
	sg "$na" iface set g0 untrusted || fail "iface set g0 untrusted"
	sg "$na" block add 10.0.1.2 reason "hit me" || fail "block add client"
	drops0=$(stat drop_blocklist)
	ip netns exec "$client" "$UDPIO" send 10.0.1.1 9000 25 64 ||
		fail "udpio send"
	busywait 3000 test "$(stat drop_blocklist)" -ge $((drops0 + 25))
	check_eq "hits of 10.0.1.2 after 25 datagrams" \
		"$(jqc "$na" '.block[] | select(.prefix == "10.0.1.2") | .hits' block list)" 25
	check_eq "hits of 10.0.0.0/8 (shorter prefix) unchanged" \
		"$(jqc "$na" '.block[] | select(.prefix == "10.0.0.0/8") | .hits' block list)" 0
	sg "$na" trust 10.0.1.2 >/dev/null
	check_eq "a trust query is not a hit" \
		"$(jqc "$na" '.block[] | select(.prefix == "10.0.1.2") | .hits' block list)" 25
else
	log "SKIP sub-check: hits (kernel/imsseg_filter.o not in the module yet)"
fi

# --- dumps larger than one message -----------------------------------------------

# 3000 IPv4 /32 and 1000 IPv6 /128 entries in a fresh netns, listed over
# several dump messages: each exactly once, in order, none lost.
setup_ns nl || ksft_exit
ip netns exec "$nl" "$GENLREQ" -r 3000 list_add list=1 family=inet \
	addr=10.128.0.0 plen=32 reason=bulk >/dev/null || fail "bulk add v4"
ip netns exec "$nl" "$GENLREQ" -r 1000 list_add list=1 family=inet6 \
	addr=2001:db8:100:: plen=128 >/dev/null || fail "bulk add v6"
sg "$nl" -j block list >"$tmp/big.json" || fail "list of 4000 entries"
check_eq "big dump: entries" "$(jq '.block | length' "$tmp/big.json")" 4000
check_eq "big dump: distinct entries" \
	"$(jq '[.block[].prefix] | unique | length' "$tmp/big.json")" 4000
check_eq "big dump: first, 3001st and last" \
	"$(jq -c '[.block[0].prefix, .block[3000].prefix, .block[-1].prefix]' "$tmp/big.json")" \
	'["10.128.0.0","2001:db8:100::","2001:db8:100::3e7"]'
check_eq "big dump: text lines (with header)" "$(sg "$nl" block list | wc -l)" 4001
check_eq "trust in a big list" "$(trust "$nl" 10.128.11.183)" \
	'["denied","10.128.11.183"]'
check_eq "b: unaffected by the big list" "$(jqc "$nb" '.block | length' block list)" 2

# --- teardown: a netns with entries, then the module with entries ---------------

setup_ns nd || ksft_exit
ip -n "$nd" link add d0 type veth peer name d1
sg "$nd" iface set d0 untrusted || fail "d: iface set"
sg "$nd" block add 10.0.0.0/8 ttl 600 reason "dies with netns" || fail "d: add"
sg "$nd" allow add 2001:db8::/32 || fail "d: allow add"
ip netns del "$nd" || fail "ip netns del with entries"
sg "$na" block list >/dev/null || fail "a: list after another netns died"

sg "$na" block add 10.90.0.0/16 ttl 600 || fail "a: add before unload"
rmmod imsseg || fail "rmmod with entries in three netns"
[ -d "$IMSSEG_SYSFS" ] && fail "/sys/kernel/imsseg left after rmmod"
expect_err "segctl without the module" "$na" 1 \
	"imsseg.ko is not loaded (no generic netlink family 'imsseg')" \
	"$SEGCTL" block list

ksft_exit
