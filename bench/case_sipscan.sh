#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Case 4, SIP parse cost: instructions per message, counted by
# valgrind's callgrind (bench/scancost.c), for
#
#   imsseg_scan      the kernel scanner (kernel/imsseg_sipscan.c and its
#                    lexer), built for the host from the same files
#   imsseg_fastpath  the scanner + the fast-path decision (sipclass)
#   sofia            sofia-sip msg_make + sip_sanity_check (reference)
#   segctl_sipmsg    segctl's parser (sofia-sip, lint, fields)
#   segctl_decision  segctl's SIP brain, sg_process(): parse + checks
#
# over the RFC 4475 valid messages (3.1.1, from ../shared/corpora) and
# bench/fixtures (a typical INVITE with SDP, REGISTER, BYE, 200 OK).
# Runs on the host: instruction counts do not depend on the VM or on the
# machine's load, so the repetitions agree exactly (they are kept to
# show it). The value of a run is the mean over the messages; the
# details keep every message's count.

cd "$(dirname "$0")/.." || exit 1
source bench/lib.sh

SCANCOST=bench/scancost
CORPUS=${IMSSEG_CORPORA:-../shared/corpora}/rfc4475
ITER=2
MODES=(sofia imsseg_scan imsseg_fastpath segctl_sipmsg segctl_decision)
REPS=$(bench_reps)
c=sipscan

bench_meta $c title="SIP parse cost per message" \
	unit="instructions per message (callgrind)" better=lower \
	reference=sofia \
	note="mean over RFC 4475 valid messages + bench/fixtures; deterministic"

command -v valgrind >/dev/null || { bench_skip $c "valgrind not installed"; exit 0; }
[ -x "$SCANCOST" ] || { bench_skip $c "bench/scancost not built"; exit 0; }

msgs=()
if [ -f "$CORPUS/MANIFEST.tsv" ]; then
	while read -r f; do
		msgs+=("$CORPUS/$f")
	done < <(awk -F'\t' '$4 == "valid" { print $1 }' "$CORPUS/MANIFEST.tsv")
else
	echo "# $CORPUS absent: fixtures only"
fi
msgs+=(bench/fixtures/*.sip)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# one MODE REP: callgrind over all messages, one dump per message
one() {
	local mode=$1 rep=$2 d=$tmp/$1.$2 rc details sum n

	mkdir "$d"
	valgrind --tool=callgrind --collect-atstart=no --dump-line=no \
		--callgrind-out-file="$d/cg" "$SCANCOST" "$mode" "$ITER" \
		"${msgs[@]}" >"$d/out" 2>"$d/err"
	rc=$?
	if [ $rc = 3 ]; then
		bench_skip $c "$mode: $(tail -n1 "$d/err") (segctl's SIP sources did not build)"
		return 1
	elif [ $rc != 0 ]; then
		bench_skip $c "$mode: scancost failed (exit $rc): $(grep -v '^==' "$d/err" | tail -n1)"
		return 1
	fi
	# "desc: Trigger: Client Request: FILE" ... "totals: N", per dump
	awk -v iter=$ITER '
		/^desc: Trigger: Client Request: / { f = $0; sub(/.*Request: /, "", f) }
		/^totals: / && f != "" { n = split(f, p, "/"); printf "%s %d\n", p[n], $2 / iter; f = "" }
	' "$d"/cg.* >"$d/per-msg"
	n=$(wc -l <"$d/per-msg")
	[ "$n" = "${#msgs[@]}" ] || {
		bench_skip $c "$mode: $n of ${#msgs[@]} messages measured"
		return 1
	}
	sum=$(awk '{ s += $2 } END { print s }' "$d/per-msg")
	details=$(awk '{ printf "%s\"%s\":%d", (NR > 1 ? "," : ""), $1, $2 }' "$d/per-msg")
	details+=",\"rejected\":$(grep -c ' rejected$' "$d/out")"
	bench_value $c "$mode" "$rep" "$(calc "$sum / $n")" "{$details}"
}

declare -A dead
n=${#MODES[@]}
for ((rep = 1; rep <= REPS; rep++)); do
	for ((i = 0; i < n; i++)); do
		m=${MODES[$(((i + rep - 1) % n))]}
		[ -z "${dead[$m]:-}" ] || continue
		one "$m" "$rep" || dead[$m]=1
	done
done
exit 0
