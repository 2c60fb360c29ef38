#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The documentation matches the loaded module, so that a file added to
# (or removed from) /sys/kernel/imsseg without its documentation fails:
#
#  * every file under /sys/kernel/imsseg is matched by a "What:" line of
#    Documentation/ABI/testing/sysfs-kernel-imsseg (same directory; in
#    the file name "<anything>" and "*" are wildcards) whose block says
#    (RO) for a 0444 file and (RW) for a 0644 one;
#  * every "What:" matches at least one existing file;
#  * every counter in stats/ is named as a word in the ABI file or in
#    Documentation/admin-guide.rst;
#  * every other file has a row ``dir/name`` in the admin guide's sysfs
#    reference, and for a writable file the first word after it (the
#    default column) is the value the module starts with ("(empty)" for
#    an empty one; skipped for values with spaces and for
#    table/max_entries, whose default depends on the RAM).
#
# The segctl command list is checked on the host (tests/unit/test_docs.c).

source "$(dirname "$0")/lib.sh"

require_root
require_cmd insmod rmmod find sort

abi=$IMSSEG_TOP/Documentation/ABI/testing/sysfs-kernel-imsseg
guide=$IMSSEG_TOP/Documentation/admin-guide.rst
[ -f "$abi" ] || { fail "no $abi"; ksft_exit; }
[ -f "$guide" ] || { fail "no $guide"; ksft_exit; }

imsseg_load || ksft_exit
on_exit imsseg_unload
S=$IMSSEG_SYSFS

# One line per What: "WHAT GLOB MODE": the path as written; as a glob
# relative to /sys/kernel/imsseg ("<name>" becomes "*"); RO, RW or ?
# (the first "(RO" or "(RW" of the Description of the What:'s block).
whats=$(awk '
	function flush(  i, g) {
		for (i = 1; i <= n; i++) {
			g = pat[i]
			sub("^/sys/kernel/imsseg/", "", g)
			gsub(/<[^>]*>/, "*", g)
			print pat[i], g, (mode == "" ? "?" : mode)
		}
		n = 0; mode = ""
	}
	/^What:/ { if (desc) flush(); desc = 0; pat[++n] = $2; next }
	/^Description:/ { desc = 1 }
	desc && mode == "" && match($0, /\((RO|RW)/) {
		mode = substr($0, RSTART + 1, 2)
	}
	END { flush() }' "$abi")
[ -n "$whats" ] || { fail "no What: lines in $abi"; ksft_exit; }

# matches REL GLOB: the same directory (relative to $S), and the file
# name matches the glob
matches() {
	local f=$1 g=$2

	case $f in */*) ;; *) f=./$f ;; esac
	case $g in */*) ;; *) g=./$g ;; esac
	[ "${g%/*}" = "${f%/*}" ] || return 1
	# shellcheck disable=SC2254
	case ${f##*/} in
	${g##*/}) return 0 ;;
	esac
	return 1
}

# Both documents in memory, and the guide's lines that start a table
# row with a ``path``: no process per file (each costs ~0.1 s in the VM).
docs=$(<"$abi")$'\n'$(<"$guide")
declare -A rows
while IFS= read -r line; do
	[[ $line =~ ^\`\`([a-z0-9_/]+)\`\` ]] || continue
	[ -n "${rows[${BASH_REMATCH[1]}]:-}" ] ||
		rows[${BASH_REMATCH[1]}]=$line
done <"$guide"

nfiles=0
declare -A used
while read -r mode rel; do
	nfiles=$((nfiles + 1))
	case $mode in
	444) want=RO ;;
	644) want=RW ;;
	*) fail "$rel: unexpected mode $mode"; want="?" ;;
	esac
	found=
	while read -r p g m; do
		if matches "$rel" "$g"; then
			found=$m
			used["$p"]=1
			break
		fi
	done <<<"$whats"
	if [ -z "$found" ]; then
		fail "$rel is not documented in the ABI file (no What: matches)"
	elif [ "$found" != "$want" ]; then
		fail "$rel is $want (mode $mode) but its ABI entry says ($found"
	fi

	case $rel in
	stats/*)
		name=${rel#stats/}
		[[ $docs =~ (^|[^a-zA-Z0-9_])$name([^a-zA-Z0-9_]|$) ]] ||
			fail "counter $name is named neither in the ABI file nor in the admin guide"
		continue
		;;
	esac
	row=${rows[$rel]:-}
	if [ -z "$row" ]; then
		fail "$rel has no \`\`$rel\`\` row in admin-guide.rst"
		continue
	fi
	[ "$want" = RW ] || continue
	[ "$rel" = table/max_entries ] && continue
	val=$(<"$S/$rel")
	case $val in
	*" "*) continue ;;
	"") val="(empty)" ;;
	esac
	doc=${row#*"\`\`$rel\`\`"}
	read -r doc _ <<<"$doc"
	doc=${doc//\`/}
	check_eq "$rel default in admin-guide.rst (expected: the module's)" \
		"$doc" "$val"
done < <(find "$S" -type f -printf '%m %P\n' | sort -k2)

while read -r p g m; do
	[ -n "${used["$p"]:-}" ] ||
		fail "ABI What: $p matches no file under $S"
done <<<"$whats"

log "$nfiles files under $S, $(wc -l <<<"$whats") What: lines"
[ "$nfiles" -gt 50 ] || fail "only $nfiles files under $S"
ksft_exit
