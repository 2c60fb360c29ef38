#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Load and unload: sysfs appears with the right version; the hooks run
# in namespaces made before and after the load, at a priority between
# -450 and -300 (after defrag, before raw/conntrack); unloading
# (repeatedly) leaves no sysfs directory and no module behind, and
# traffic after the unload finds no stale hook (the VM runner fails the
# run on any oops). segctl reports versions and a missing module.

source "$(dirname "$0")/lib.sh"

require_root
require_cmd nft insmod rmmod jq ping

hdr=$IMSSEG_TOP/include/uapi/linux/imsseg.h
hdr_version=$(sed -n 's/^#define IMSSEG_VERSION[[:space:]]*"\(.*\)"/\1/p' "$hdr")
hdr_abi=$(sed -n 's/^#define IMSSEG_ABI_VERSION[[:space:]]*\([0-9]*\)/\1/p' "$hdr")

# lo_ping NS: 2 echo requests + 2 replies over lo, IPv4 and IPv6
lo_ping() {
	ip netns exec "$1" ping -q -c 2 -i 0.01 127.0.0.1 >/dev/null &&
		ip netns exec "$1" ping -q -c 2 -i 0.01 ::1 >/dev/null
}

# hooked WHAT NS: lo traffic in NS moves the ICMP counters by exactly 4
hooked() {
	local v4 v6

	v4=$(stat ipv4_icmp_packets)
	v6=$(stat ipv6_icmp_packets)
	lo_ping "$2" || fail "$1: ping over lo"
	check_eq "$1: ipv4_icmp_packets delta" \
		$(($(stat ipv4_icmp_packets) - v4)) 4
	check_eq "$1: ipv6_icmp_packets delta" \
		$(($(stat ipv6_icmp_packets) - v6)) 4
}

imsseg_unload
setup_ns before || ksft_exit

# The in-module self-tests (the host unit tests' shared case tables,
# run by the kernel build) pass, or the load fails.
dmesg -C
imsseg_load selftest=1 || ksft_exit
dmesg | grep -q 'imsseg: selftest: sipscan: [0-9]* cases passed' ||
	fail "no sipscan self-test result in dmesg: $(dmesg | grep imsseg)"
dmesg | grep -q 'selftest.*failed' && fail "a self-test failed"
check_eq "version" "$(cat $IMSSEG_SYSFS/version)" "$hdr_version"
check_eq "abi_version" "$(cat $IMSSEG_SYSFS/abi_version)" "$hdr_abi"
for fam in ipv4 ipv6; do
	for l4 in tcp udp icmp other; do
		for u in packets bytes; do
			[ -f "$IMSSEG_SYSFS/stats/${fam}_${l4}_$u" ] ||
				fail "no counter ${fam}_${l4}_$u"
		done
	done
done
nstats=$(ls "$IMSSEG_SYSFS/stats" | wc -l)
for f in "$IMSSEG_SYSFS"/stats/*; do
	grep -qE '^[0-9]+$' "$f" || fail "$f is not a decimal counter"
done
(echo 1 >"$IMSSEG_SYSFS/version") 2>/dev/null && fail "version is writable"
(echo 1 >"$IMSSEG_SYSFS/stats/ipv4_udp_packets") 2>/dev/null &&
	fail "a counter is writable"

setup_ns after || ksft_exit
hooked "netns made before load" "$before"
hooked "netns made after load" "$after"

# Priority: a drop at -450 hides packets from imsseg, a drop at -300
# (raw) does not.
nft -f - <<NFT || fail "nft ruleset"
table inet prio_probe {
	chain early { type filter hook prerouting priority -450;
		      udp dport 7000 drop; }
	chain raw { type filter hook prerouting priority -300;
		    udp dport 7001 drop; }
}
NFT
v=$(stat ipv4_udp_packets)
"$UDPIO" send 127.0.0.1 7000 5 10 || fail "send to 7000"
check_eq "udp dropped at -450 not seen" $(($(stat ipv4_udp_packets) - v)) 0
v=$(stat ipv4_udp_packets)
"$UDPIO" send 127.0.0.1 7001 5 10 || fail "send to 7001"
check_eq "udp dropped at -300 seen" $(($(stat ipv4_udp_packets) - v)) 5
nft delete table inet prio_probe

out=$("$SEGCTL" version) || fail "segctl version exit $?"
echo "$out" | grep -q "^segctl $hdr_version (abi $hdr_abi)$" ||
	fail "segctl version: no segctl line in '$out'"
echo "$out" | grep -q "^imsseg.ko $hdr_version (abi $hdr_abi)$" ||
	fail "segctl version: no module line in '$out'"
check_eq "segctl -j version module.version" \
	"$("$SEGCTL" -j version | jq -r .module.version)" "$hdr_version"
check_eq "segctl stats -j counters" \
	"$("$SEGCTL" stats -j | jq '.module | length')" "$nstats"

# Unload and load again a few times, making namespaces in between.
for i in 1 2 3; do
	rmmod imsseg || fail "rmmod round $i"
	setup_ns "round$i" || ksft_exit
	lo_ping "$(eval echo \$round$i)" || fail "lo traffic while unloaded"
	insmod "$IMSSEG_KO" || fail "insmod round $i"
done
hooked "netns made while unloaded" "$round3"

imsseg_unload || fail "final rmmod"
module_loaded && fail "imsseg still in /sys/module"
[ -e "$IMSSEG_SYSFS" ] && fail "$IMSSEG_SYSFS left behind"
# A hook left registered would now call freed code: the VM runner
# fails the run on the resulting oops.
for ns in "$before" "$after" "$round3"; do
	lo_ping "$ns" || fail "traffic in $ns after unload"
done

err=$("$SEGCTL" version 2>&1 >/dev/null) &&
	fail "segctl version succeeded without module"
echo "$err" | grep -q "imsseg.ko is not loaded" ||
	fail "segctl version error without module: '$err'"

ksft_exit
