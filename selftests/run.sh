#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the imsseg selftests (all, or the ones named) as root, the way
# kselftest's runner does: one TAP line per test, each under the
# timeout in ./settings. Normally started inside the VM by
# "make selftests" / tools/check; on a host that can load modules it
# runs as is.

cd "$(dirname "$0")" || exit 1

TESTS=(imsseg_load.sh imsseg_counters.sh imsseg_netlink.sh
	imsseg_limits_sysfs.sh imsseg_flood.sh imsseg_flood_aggregate.sh
	imsseg_flood_ban.sh imsseg_flood_table.sh)
# the SIP fast path and NFQUEUE punt
TESTS+=(imsseg_sip_sysfs.sh imsseg_sip.sh imsseg_sip_learn.sh imsseg_sip_calls.sh)
# IPsec: segctl's XFRM tunnels (Documentation/ipsec.rst)
TESTS+=(imsseg_ipsec.sh imsseg_ipsec_rekey.sh imsseg_ipsec_scale.sh)
# segctl run against the seed paper's attacks on the IMS lab (ims_lab.sh)
TESTS+=(imsseg_sip_attacks.sh imsseg_sip_attacks2.sh imsseg_sip_attacks3.sh
	imsseg_segctl_restart.sh imsseg_ipsec_ue.sh)
# the documentation matches the module (sysfs ABI file, admin guide)
TESTS+=(imsseg_docs.sh)
TESTS+=(imsseg_package.sh imsseg_package_upgrade.sh) # "make deb-check" .debs
[ $# -gt 0 ] && TESTS=("$@")

# IMSSEG_TEST_TIMEOUT overrides it (tools/check-debug: slower kernel)
timeout_s=${IMSSEG_TEST_TIMEOUT:-$(sed -n 's/^timeout=//p' settings)}
n=0
rc=0

echo "TAP version 13"
echo "1..${#TESTS[@]}"
for t in "${TESTS[@]}"; do
	n=$((n + 1))
	echo "# selftests: imsseg: $t"
	if [ ! -x "./$t" ]; then
		echo "not ok $n selftests: imsseg: $t # no such test"
		rc=1
		continue
	fi
	timeout --kill-after=10 "$timeout_s" "./$t" 2>&1 | sed 's/^/# /'
	r=${PIPESTATUS[0]}
	case $r in
	0) echo "ok $n selftests: imsseg: $t" ;;
	4) echo "ok $n selftests: imsseg: $t # SKIP" ;;
	124) echo "not ok $n selftests: imsseg: $t # TIMEOUT ${timeout_s}s"
	     rc=1 ;;
	*) echo "not ok $n selftests: imsseg: $t # exit=$r"
	   rc=1 ;;
	esac
done
exit $rc
