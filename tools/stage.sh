# SPDX-License-Identifier: GPL-2.0
#
# Sourced by tools/check and tools/check-debug: run one stage, count its
# TAP lines, keep its log. After the stages, stage_summary prints the
# last line, "N passed, N failed, N skipped", and returns 1 on failures.
#
# Each TAP "ok"/"not ok" line counts as a test; a stage without TAP
# counts as one test; a stage that fails without a "not ok" line (a
# crash, a VM that did not boot) counts as one more failure. A comment
# line "# NAME: N s" after each stage tells how long it took.

logdir=${IMSSEG_CHECK_LOGS:-$(mktemp -d /tmp/imsseg-check.XXXXXX)}
mkdir -p "$logdir"
passed=0 failed=0 skipped=0

stage() {
	local name=$1 log=$logdir/$1.log rc ok nok skip t0
	shift

	echo "== $name: $*"
	t0=$SECONDS
	# (sed -u: line by line, so that long stages show progress live)
	"$@" 2>&1 | sed -u 's/\r//g' | tee "$log"
	rc=${PIPESTATUS[0]}
	echo "# $name: $((SECONDS - t0)) s"
	ok=$(grep -cE '^ok [0-9]+' "$log")
	skip=$(grep -cE '^ok [0-9]+.*# SKIP' "$log")
	nok=$(grep -cE '^not ok [0-9]+' "$log")
	ok=$((ok - skip))
	if [ $((ok + nok + skip)) = 0 ]; then
		if [ "$rc" = 0 ]; then
			echo "ok - $name"
			ok=1
		else
			echo "not ok - $name (exit $rc)"
			nok=1
		fi
	elif [ "$rc" != 0 ] && [ "$nok" = 0 ]; then
		echo "not ok - $name exited $rc without a failing test"
		nok=1
	fi
	passed=$((passed + ok))
	failed=$((failed + nok))
	skipped=$((skipped + skip))
	return "$rc"
}

stage_summary() {
	echo "logs: $logdir"
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" = 0 ]
}
