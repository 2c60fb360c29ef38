#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo's report (tools/demo), on the host: from what
# tools/lab/demo-guest.sh left in OUTDIR, write OUTDIR/report.md (what
# ran, legitimate call success, drops by reason in segctl run and in
# the kernel, bans, an excerpt of the events) and OUTDIR/demo.png
# (gnuplot: legitimate calls and drops by reason over time, the
# attacks marked).
#
# usage: demo-report.sh OUTDIR

set -eu
out=$1
cd "$out"
[ -s samples.csv ] || { echo "demo-report.sh: no $out/samples.csv" >&2; exit 1; }

# raster.dat: "t row delta" for every drop counter (segctl reasons but
# ok and learned, kernel drop_* and sip_drop_*) that moved in a sample;
# rows.gp: the y tics naming the rows
awk -F, '
NR == 1 {
	for (i = 1; i <= NF; i++)
		if (($i ~ /^s\./ && $i != "s.ok" && $i != "s.learned") ||
		    $i ~ /^k\.(sip_)?drop_/)
			want[i] = $i
	next
}
{
	for (i in want) {
		if (NR > 2 && $i > prev[i]) {
			if (!(i in row)) {
				row[i] = ++rows
				name[rows] = want[i]
			}
			printf "%d %d %d\n", $1, row[i], $i - prev[i]
		}
		prev[i] = $i
	}
}
END {
	printf "set ytics (" >"rows.gp"
	for (r = 1; r <= rows; r++) {
		n = name[r]
		sub(/^s\./, "segctl: ", n)
		sub(/^k\./, "kernel: ", n)
		printf "%s\"%s\" %d", (r > 1 ? ", " : ""), n, r >"rows.gp"
	}
	printf ")\nset yrange [0.5:%d.5]\n", rows >"rows.gp"
}' samples.csv >raster.dat

last=$(tail -n 1 samples.csv)
col() {		# col NAME: NAME's value in the last sample minus the first
	awk -F, -v n="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next }
		NR == 2 { f = $c } { l = $c } END { print (c ? l - f : 0) }' samples.csv
}
ok=$(echo "$last" | cut -d, -f2)
bad=$(echo "$last" | cut -d, -f3)
total=$((ok + bad))
pct=$(awk -v o="$ok" -v t="$total" 'BEGIN { printf "%.1f", t ? 100 * o / t : 0 }')
dur=$(echo "$last" | cut -d, -f1)

# --- the plot ---
{
	echo "set terminal pngcairo size 1200,900 font ',10' noenhanced"
	echo "set output 'demo.png'"
	echo "set datafile separator ','"
	echo "set multiplot layout 2,1 title 'imsseg demo: $ok of $total legitimate calls completed ($pct %) under attack'"
	echo "set grid"
	echo "set lmargin 30"
	echo "set xrange [0:$dur]"
	echo "set xlabel 'seconds'"
	n=0
	tail -n +2 attacks.csv | while IFS=, read -r t _; do
		n=$((n + 1))
		echo "set arrow from $t, graph 0 to $t, graph 1 nohead dt 3 lc rgb 'gray50'"
		echo "set label '$n' at $t, graph $((102 + n % 3 * 3)).0/100 center font ',8' tc rgb 'gray30'"
	done
	echo "set tmargin 4"
	echo "set ylabel 'legitimate calls'"
	echo "set key top left"
	echo "plot 'samples.csv' using 1:2 every ::1 with steps lw 2 title 'completed', '' using 1:3 every ::1 with steps lw 2 title 'failed'"
	echo "set tmargin 2"
	echo "unset label"
	echo "set datafile separator whitespace"
	echo "set ylabel ''"
	echo "set title 'drops per second by reason (point area ~ log of the count)' font ',10'"
	cat rows.gp
	echo "set grid ytics"
	echo "plot 'raster.dat' using 1:2:(1 + log10(\$3)) with points pt 7 ps variable lc rgb 'dark-red' notitle"
	echo "unset multiplot"
} >demo.gp
gnuplot demo.gp

# --- the report ---
{
	echo "# imsseg demo report"
	echo
	echo "$(head -n 1 version.txt 2>/dev/null) - $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "## What ran"
	echo
	echo "The IMS lab of the selftests (selftests/ims_lab.sh) in a QEMU VM:"
	echo "an Internet UE (alice, bob) and an attacker on the gateway's"
	echo "untrusted side; imsseg.ko and \`segctl run\` on the gateway; kamailio"
	echo "(registrar, proxy) and a sipp UAS in the IMS core. For ${dur} s"
	echo "the UE called the core at 2 calls/s (sipp, 2 s each) while the"
	echo "attacker replayed the seed paper's attacks (selftests/ims_attacks.sh)"
	echo "and two floods:"
	echo
	echo "| # | t (s) | attack | what |"
	echo "|---:|---:|---|---|"
	n=0
	tail -n +2 attacks.csv | while IFS=, read -r t name what; do
		n=$((n + 1))
		echo "| $n | $t | $name | ${what//\"/} |"
	done
	echo
	echo "## Legitimate calls"
	echo
	echo "**$ok of $total calls successful ($pct %)**, $bad failed."
	if grep -q 'attacked call.*status 0$' legit.txt 2>/dev/null; then
		echo "The call the in-dialog attacks targeted (victim-1) completed normally."
	else
		echo "The call the in-dialog attacks targeted (victim-1) did **not** complete."
	fi
	echo
	echo "## Drops by reason"
	echo
	echo "segctl run (the SIP brain; \`segctl stats\`, reasons):"
	echo
	echo "| reason | count |"
	echo "|---|---:|"
	for r in $(head -n 1 samples.csv | tr , '\n' | grep '^s\.'); do
		n=$(col "$r")
		[ "$n" = 0 ] || echo "| ${r#s.} | $n |"
	done
	echo
	echo "imsseg.ko (the fast path; /sys/kernel/imsseg/stats):"
	echo
	echo "| counter | count |"
	echo "|---|---:|"
	for r in $(head -n 1 samples.csv | tr , '\n' | grep -E '^k\.(sip_)?drop_|^k\.bans$|^k\.punt_'); do
		n=$(col "$r")
		[ "$n" = 0 ] || echo "| ${r#k.} | $n |"
	done
	echo
	echo "## Bans"
	echo
	echo "| prefix | reason | origin | ttl |"
	echo "|---|---|---|---:|"
	jq -r '.block[]? | "| \(.prefix) | \(.reason) | \(.origin) | \(.ttl) |"' \
		bans.json bans-final.json 2>/dev/null | sort -u
	echo
	echo "## Events"
	echo
	echo "The first verdict of each reason but ok and learned, then the"
	echo "kernel operations (segctl run's log):"
	echo
	echo "| time | event | source | action | detail |"
	echo "|---|---|---|---|---|"
	jq -s -r '[.[] | select(.action != null and .event != "learned" and
			.event != "ok")] | group_by(.event) | map(first) |
		sort_by(.ts)[] | "| \(.ts[11:23]) | \(.event) | \(.src) |" +
		" \(.action) | \(.detail | .[0:120] | gsub("\\|"; "/")) |"' \
		demo-guest/segctl.log 2>/dev/null
	jq -r 'select(.event == "kernel_op") | "| \(.ts[11:23]) |" +
		" kernel_op \(.op) | \(.addr) | \(.result) | \(.reason)" +
		" ttl \(.ttl) |"' demo-guest/segctl.log 2>/dev/null |
		uniq -c -f 2 | sed 's/^ *\([0-9]*\) \(.*\) |$/\2 (x\1) |/'
	echo
	echo "![legitimate calls and drops over time](demo.png)"
	echo
	echo "Raw data: samples.csv (every counter, every second), attacks.csv,"
	echo "events.jsonl, stats-final.json, demo-guest/ (kamailio, segctl, sipp logs)."
} >report.md
