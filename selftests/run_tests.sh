#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs test programs that each print KTAP, as one KTAP document: every
# program is a subtest whose output is indented, then "ok N name".
#   ./run_tests.sh PROGRAM...
# Exit status: 0 if all passed or skipped, 1 otherwise. When some failed,
# the end repeats each failed test's last lines: a CI log that keeps only
# its tail still says what failed and why.
#
# MIP4HA_TEST_JOBS=N runs up to N programs at a time (default 1). Each
# program has namespaces, processes and a work directory of its own, so
# they do not see each other; but the programs named in
# MIP4HA_TEST_ALONE (default "module.sh faults.sh") change what is
# module-wide (they unload the module, or make its allocations fail), so
# each of them runs with nothing beside it. A program run beside others
# prints its output when it ends, still in the order given; the document
# is the same as with one at a time. Why: under the debug kernel a VM
# running one program keeps about one of its two CPUs busy
# (Documentation/testing.md).
#
# Under the debug kernel kmemleak is scanned after each program that ran
# alone, so that a leak names its program (a program run beside others is
# covered by the next scan: the next lone program's or the VM's last one);
# MIP4HA_KMEMLEAK_SCANS=end leaves all of it to the VM's one scan after the
# module is unloaded (a leak is still found and fails the run, without its
# program's name), which saves one to two minutes per program.
# MIP4HA_KMEMLEAK=alone turns kmemleak off, after a last scan, before the
# first program that runs beside others: kmemleak then watches the programs
# run alone before it (put them first), and the rest run without its cost,
# about a third to three fifths of their time (how CI fits its budget).

cd "$(dirname "$0")" || exit 1
TIMEOUT=${MIP4HA_TEST_TIMEOUT:-1200}
JOBS=${MIP4HA_TEST_JOBS:-1}
ALONE=" ${MIP4HA_TEST_ALONE-module.sh faults.sh} "
KMEMLEAK=/sys/kernel/debug/kmemleak

case $JOBS in '' | *[!0-9]* | 0)
	echo "run_tests.sh: MIP4HA_TEST_JOBS must be a number >= 1, not '$JOBS'" >&2
	exit 2 ;;
esac

echo "TAP version 13"
echo "1..$#"
failed=0
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT

# Runs program $2, number $1: its output, indented, into $LOGS/$1.log (and
# on stdout as it comes with "stream"), its exit status into $LOGS/$1.rc
# (last: the file's presence says the program is over).
run_program() { # n program alone|beside [stream]
	local n=$1 t=$2 start=$SECONDS rc leak scan_start trailer
	if [ ! -x "./$t" ]; then
		echo "# $t: not built" >"$LOGS/$n.log"
		echo 127 >"$LOGS/$n.rc"
		return
	fi
	if [ "${4:-}" = stream ]; then
		timeout -k 10 "$TIMEOUT" "./$t" 2>&1 | sed -u 's/^/# /' |
			tee "$LOGS/$n.log"
	else
		timeout -k 10 "$TIMEOUT" "./$t" 2>&1 | sed -u 's/^/# /' \
			>"$LOGS/$n.log"
	fi
	rc=${PIPESTATUS[0]}
	trailer="# $t: exit $rc after $((SECONDS - start))s"
	# Under the debug kernel, what a lone program leaked fails it.
	scan_start=$SECONDS
	if [ "$3" = alone ] && [ -w "$KMEMLEAK" ] &&
		[ "${MIP4HA_KMEMLEAK_SCANS:-each}" != end ]; then
		if ! leak=$(vm/kmemleak-scan "$t" 2>&1); then
			trailer+=$'\n'"# $leak"
			case $rc in 0 | 4) rc=1 ;; esac
		fi
		trailer+=$'\n'"# kmemleak scans after $t: $((SECONDS - scan_start))s"
	fi
	echo "$trailer" >>"$LOGS/$n.log"
	[ "${4:-}" != stream ] || echo "$trailer"
	echo "$rc" >"$LOGS/$n.rc.tmp" && mv "$LOGS/$n.rc.tmp" "$LOGS/$n.rc"
}

# Prints the results of the programs that are over, in the order given, up
# to the first one still running.
NEXT=1
report_finished() {
	local rc t
	while [ -e "$LOGS/$NEXT.rc" ]; do
		t=$(cat "$LOGS/$NEXT.name")
		rc=$(cat "$LOGS/$NEXT.rc")
		if [ ! -e "$LOGS/$NEXT.streamed" ]; then
			echo "# selftests: mip4ha: $t"
			cat "$LOGS/$NEXT.log"
		fi
		case $rc in
		0) echo "ok $NEXT selftests: mip4ha: $t" ;;
		4) echo "ok $NEXT selftests: mip4ha: $t # SKIP" ;;
		127) echo "not ok $NEXT selftests: mip4ha: $t # not built"; failed=1 ;;
		124) echo "not ok $NEXT selftests: mip4ha: $t # TIMEOUT ${TIMEOUT}s"; failed=1 ;;
		*) echo "not ok $NEXT selftests: mip4ha: $t # exit=$rc"; failed=1 ;;
		esac
		case $rc in 0 | 4) rm -f "$LOGS/$NEXT.log" ;; *) touch "$LOGS/$NEXT.failed" ;; esac
		NEXT=$((NEXT + 1))
	done
}

# Waits until fewer than $1 programs run, reporting those that end.
wait_below() { # n
	while [ "$(jobs -pr | wc -l)" -ge "$1" ]; do
		wait -n
		report_finished
	done
	report_finished
}

n=0
for t in "$@"; do
	n=$((n + 1))
	echo "$t" >"$LOGS/$n.name"
	if [ "$JOBS" = 1 ] || [[ $ALONE == *" $t "* ]]; then
		wait_below 1
		echo "# selftests: mip4ha: $t"
		touch "$LOGS/$n.streamed"
		run_program "$n" "$t" alone stream
		report_finished
		continue
	fi
	if [ "${MIP4HA_KMEMLEAK:-}" = alone ] && [ -w "$KMEMLEAK" ] &&
		[ ! -e "$LOGS/kmemleak-off" ]; then
		wait_below 1
		if ! leak=$(vm/kmemleak-scan --final "the programs before $t" 2>&1); then
			echo "# $leak"
			failed=1
		fi
		echo off >"$KMEMLEAK" 2>/dev/null || true
		echo "# kmemleak turned off before $t (MIP4HA_KMEMLEAK=alone)"
		touch "$LOGS/kmemleak-off"
	fi
	wait_below "$JOBS"
	echo "# started $t beside others (its output comes when it ends)"
	run_program "$n" "$t" beside &
done
wait_below 1

if [ "$failed" = 1 ]; then
	echo "# ---- what failed (repeated from above) ----"
	for f in "$LOGS"/*.failed; do
		[ -e "$f" ] || continue
		echo "# $(cat "${f%.failed}.name"):"
		# Each failed test: up to 30 lines before its "not ok".
		grep -B 30 '^# not ok ' "${f%.failed}.log" | tail -n 120
	done
fi
exit $failed
