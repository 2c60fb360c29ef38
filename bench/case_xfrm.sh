#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Case 6, XFRM.
#
# xfrm_install: SA+SP pairs installed per second for N UE-style
# transport tunnels (per tunnel 2 SAs and 2 policies, i.e. 2 pairs), by
#   segctl_run  segctl run with a config of N [tunnel] sections (its
#               "reconciled" log event's ms)
#   segctl_cli  "segctl tunnel add" once per tunnel (N / 20 tunnels:
#               one process each is slow under TCG)
#   ip_batch    one "ip -batch" of the same objects (reference): the
#               same SAs (AES-GCM, reqid, replay window) and policies
#               (priority 600, the template)
# each into a fresh namespace, timed from outside (bash's clock).
#
# xfrm_forward: UDP throughput from the core through the SEG into one
# UE's ESP tunnel while 10 (reference), 1000 or 10000 UE tunnels are
# installed (each: an out and a fwd policy core-subnet <-> UE/32 and an
# SA). One namespace set per size, set up once, measured in turn.
# Encryption is ecb(cipher_null) with digest_null so that the policy
# and state lookups, not the (emulated) cipher, are what is measured.
#
#   core c0 10.60.0.2 --- s0 [seg] u0 10.200.0.1/16 --- e0 10.200.0.2 ue
#   sender on CPU 1 (forwarding and ESP inline), receiver on CPU 0

source "$(dirname "$0")/../selftests/lib.sh"
source "$(dirname "$0")/lib.sh"

TPUT=$BENCH_DIR/tput
KEY=0x0102030405060708090a0b0c0d0e0f1011121314

require_root
[ -x "$TPUT" ] || skip "bench helpers not built"
[ -x "$SEGCTL" ] || skip "$SEGCTL not built"

REPS=$(bench_reps)
MS=$(bench_ms 3000 500)
if [ "$BENCH_QUICK" = 1 ]; then
	N_INSTALL=50
	SIZES=(10 100)
else
	N_INSTALL=500
	SIZES=(10 1000 10000)
fi
N_CLI=$((N_INSTALL / 20))
taskset -p -c 0 $$ >/dev/null
tmp=$(mktemp -d)
on_exit "rm -rf $tmp"
(umask 077; echo "$KEY" >"$tmp/ue.key")

ue_addr() {
	echo "10.200.$(($1 / 250)).$(($1 % 250 + 2))"
}

now_us() {
	local t=$EPOCHREALTIME

	echo "${t/./}"
}

### xfrm_install ###

# Warm-up, untimed: the first SA of an algorithm instantiates it in the
# kernel's crypto layer and runs its self-tests (seconds under TCG).
setup_ns warm || exit 1
ip -n "$warm" xfrm state add src 10.9.0.1 dst 10.9.0.2 proto esp spi 0x100 \
	mode transport aead 'rfc4106(gcm(aes))' $KEY 128 || exit 1
ip -n "$warm" xfrm state add src 10.9.0.1 dst 10.9.0.2 proto esp spi 0x101 \
	mode tunnel enc 'ecb(cipher_null)' '' auth digest_null '' || exit 1
ip netns del "$warm"

# The config for segctl run, the batch for ip, the CLI lines for segctl
for ((i = 0; i < N_INSTALL; i++)); do
	printf '[tunnel ue%d]\npeer = %s\nlocal = 10.200.0.1\nmode = transport\nkeyfile = %s\nspi-in = %d\nspi-out = %d\n\n' \
		$i "$(ue_addr $i)" "$tmp/ue.key" $((0x10000 + i)) $((0x40000 + i))
done >"$tmp/n.conf"
for ((i = 0; i < N_INSTALL; i++)); do
	u=$(ue_addr $i)
	r=$((0x5e680001 + i))
	echo "xfrm state add src 10.200.0.1 dst $u proto esp spi $((0x40000 + i)) reqid $r mode transport replay-window 32 aead rfc4106(gcm(aes)) $KEY 128"
	echo "xfrm state add src $u dst 10.200.0.1 proto esp spi $((0x10000 + i)) reqid $r mode transport replay-window 32 aead rfc4106(gcm(aes)) $KEY 128"
	echo "xfrm policy add src 10.200.0.1/32 dst $u/32 dir out priority 600 tmpl proto esp reqid $r mode transport"
	echo "xfrm policy add src $u/32 dst 10.200.0.1/32 dir in priority 600 tmpl proto esp reqid $r mode transport"
done >"$tmp/n.batch"

# A fresh namespace with the SEG's address; its name in $ins
install_ns() {
	setup_ns ins || return 1
	ip -n "$ins" link add u0 type dummy
	ip -n "$ins" addr add 10.200.0.1/16 dev u0
	ip -n "$ins" link set u0 up
}

# count_pairs NS: SAs and policies installed, "SAS POLICIES"
count_pairs() {
	echo "$(ip -n "$1" xfrm state count | awk '{ print $3 }')" \
	     "$(ip -n "$1" xfrm policy count | awk '{ print $3 + $5 + $7 }')"
}

# install VARIANT REP
install_run() {
	local v=$1 rep=$2 n=$N_INSTALL t0 t1 ms pid got i

	install_ns || return 1
	case $v in
	ip_batch)
		t0=$(now_us)
		ip -n "$ins" -batch "$tmp/n.batch" || fail "ip -batch"
		t1=$(now_us)
		ms=$(calc "($t1 - $t0) / 1000") ;;
	segctl_run)
		ip netns exec "$ins" env IMSSEG_RUNDIR="$tmp/run-$rep" \
			"$SEGCTL" run -f -c "$tmp/n.conf" >"$tmp/run.log" \
			2>"$tmp/run.err" &
		pid=$!
		busywait $((60000 + n * 100)) grep -q '"event":"reconciled"' \
			"$tmp/run.log" || fail "segctl run: no reconcile"
		ms=$(grep -m1 '"event":"reconciled"' "$tmp/run.log" |
		     jq '.ms')
		kill "$pid"
		wait "$pid" ;;
	segctl_cli)
		n=$N_CLI
		t0=$(now_us)
		for ((i = 0; i < n; i++)); do
			ip netns exec "$ins" env IMSSEG_RUNDIR="$tmp/cli-$rep" \
				"$SEGCTL" tunnel add "ue$i" peer "$(ue_addr $i)" \
				local 10.200.0.1 mode transport \
				keyfile "$tmp/ue.key" spi-in $((0x10000 + i)) \
				spi-out $((0x40000 + i)) ||
				{ fail "segctl tunnel add ue$i"; break; }
		done
		t1=$(now_us)
		ms=$(calc "($t1 - $t0) / 1000") ;;
	esac
	got=$(count_pairs "$ins")
	if [ "$got" != "$((2 * n)) $((2 * n))" ]; then
		fail "xfrm_install $v: installed '$got' SAs/policies, expected $((2 * n)) each"
		bench_skip xfrm_install "$v: installed '$got' SAs/policies, expected $((2 * n)) each"
	elif [ -n "$ms" ] && [ "$ms" != null ]; then
		bench_value xfrm_install "$v" "$rep" "$(calc "2 * $n * 1000 / $ms")" \
			"{\"tunnels\":$n,\"pairs\":$((2 * n)),\"ms\":$ms}"
	fi
	ip netns del "$ins"
}

bench_meta xfrm_install title="SA+SP pairs installed per second" \
	unit="pairs/s" better=higher reference=ip_batch \
	note="$N_INSTALL UE transport tunnels (segctl_cli: $N_CLI), 2 pairs each"
V=(ip_batch segctl_run segctl_cli)
for ((rep = 1; rep <= REPS; rep++)); do
	for ((i = 0; i < 3; i++)); do
		install_run "${V[$(((i + rep - 1) % 3))]}" "$rep"
	done
done

### xfrm_forward ###

# fwd_lab N: core - seg - ue with N UE tunnels on seg; names in
# core_N seg_N ue_N
fwd_lab() {
	local n=$1 c s u i a t0

	setup_ns c s u || return 1
	link_ns "$c" c0 10.60.0.2/24 "$s" s0 10.60.0.1/24 || return 1
	link_ns "$s" u0 10.200.0.1/16 "$u" e0 10.200.0.2/16 || return 1
	ip -n "$c" route add default via 10.60.0.1
	ip -n "$u" route add 10.60.0.0/24 via 10.200.0.1
	ip netns exec "$s" sysctl -wq net.ipv4.ip_forward=1
	ip -n "$u" xfrm state add src 10.200.0.1 dst 10.200.0.2 proto esp \
		spi 0x40000 reqid 1 mode tunnel enc 'ecb(cipher_null)' '' \
		auth digest_null ''
	ip -n "$u" xfrm policy add src 10.60.0.0/24 dst 10.200.0.2/32 dir in \
		tmpl src 10.200.0.1 dst 10.200.0.2 proto esp reqid 1 mode tunnel
	t0=$(now_us)
	for ((i = 0; i < n; i++)); do
		a=$(ue_addr $i)
		echo "xfrm state add src 10.200.0.1 dst $a proto esp spi $((0x40000 + i)) reqid $((i + 1)) mode tunnel enc ecb(cipher_null) \"\" auth digest_null \"\""
		echo "xfrm policy add src 10.60.0.0/24 dst $a/32 dir out priority 600 tmpl src 10.200.0.1 dst $a proto esp reqid $((i + 1)) mode tunnel"
		echo "xfrm policy add src $a/32 dst 10.60.0.0/24 dir fwd priority 600 tmpl src $a dst 10.200.0.1 proto esp reqid $((i + 1)) mode tunnel"
	done >"$tmp/fwd.batch"
	ip -n "$s" -batch "$tmp/fwd.batch" || return 1
	log "forward lab with $n tunnels set up in $((($(now_us) - t0) / 1000)) ms"
	eval "core_$n=$c seg_$n=$s ue_$n=$u"
}

# fwd_run N REP
fwd_run() {
	local n=$1 rep=$2 c s u rpid out

	eval "c=\$core_$n s=\$seg_$n u=\$ue_$n"
	rm -f "$tmp/ready"
	ip netns exec "$u" taskset -c 0 "$TPUT" recv udp 10.200.0.2 9000 500 \
		"$tmp/ready" >"$tmp/recv" &
	rpid=$!
	busywait 5000 test -e "$tmp/ready" || fail "xfrm_forward: receiver not ready"
	ip netns exec "$c" taskset -c 1 "$TPUT" send udp 10.200.0.2 9000 \
		"$MS" 256 >/dev/null || fail "xfrm_forward: sender failed"
	wait $rpid
	out=$(cat "$tmp/recv")
	set -- $out
	if [ "${2:-0}" -gt 0 ]; then
		bench_value xfrm_forward "pol$n" "$rep" "$(calc "${10} / 8 / 256")" \
			"{\"tunnels\":$n,\"packets\":$4,\"ms\":$6,\"median_slice_pps\":$(calc "${12} / 8 / 256")}"
	else
		fail "xfrm_forward $n: nothing received"
	fi
}

bench_meta xfrm_forward title="Forwarding into a UE tunnel with N tunnels installed" \
	unit="pps (256-byte UDP, null cipher)" better=higher \
	reference="pol${SIZES[0]}" \
	note="variant polN: N UE tunnels (out+fwd policies, SA) on the SEG"
for n in "${SIZES[@]}"; do
	fwd_lab "$n" || { bench_skip xfrm_forward "lab with $n tunnels failed"; ksft_exit; }
done
for ((rep = 1; rep <= REPS; rep++)); do
	for ((i = 0; i < ${#SIZES[@]}; i++)); do
		fwd_run "${SIZES[$(((i + rep - 1) % ${#SIZES[@]}))]}" "$rep"
	done
done
# the traffic really went through the tunnel: UE #0's SA carried it
for n in "${SIZES[@]}"; do
	eval "s=\$seg_$n"
	pk=$(ip -n "$s" -s xfrm state get src 10.200.0.1 dst 10.200.0.2 \
		proto esp spi 0x40000 | awk '/^[ \t]*[0-9]+\(bytes\), [0-9]+\(packets\)/ { gsub(/\(packets\)/, "", $2); print $2 }')
	[ "${pk:-0}" -gt 0 ] || fail "xfrm_forward $n: UE #0's SA carried no packets"
done

ksft_exit
