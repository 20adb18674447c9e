#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs test programs that each print KTAP, as one KTAP document: every
# program is a subtest whose output is indented, then "ok N name".
#   ./run_tests.sh PROGRAM...
# Exit status: 0 if all passed or skipped, 1 otherwise. When some failed,
# the end repeats each failed test's last lines: a CI log that keeps only
# its tail still says what failed and why.
# Under the debug kernel kmemleak is scanned after each program, so that a
# leak names its program; MIP4HA_KMEMLEAK_SCANS=end leaves that to the
# VM's one scan after the module is unloaded (a leak is still found and
# fails the run, without its program's name), which saves one to two
# minutes per program (Documentation/testing.md).

cd "$(dirname "$0")" || exit 1
TIMEOUT=${MIP4HA_TEST_TIMEOUT:-1200}

echo "TAP version 13"
echo "1..$#"
n=0
failed=0
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
for t in "$@"; do
	n=$((n + 1))
	echo "# selftests: mip4ha: $t"
	if [ ! -x "./$t" ]; then
		echo "not ok $n selftests: mip4ha: $t # not built"
		failed=1
		continue
	fi
	start=$SECONDS
	timeout -k 10 "$TIMEOUT" "./$t" 2>&1 | sed -u 's/^/# /' |
		tee "$LOGS/$n.log"
	rc=${PIPESTATUS[0]}
	echo "# $t: exit $rc after $((SECONDS - start))s"
	# Under the debug kernel, what this program leaked fails it.
	scan_start=$SECONDS
	if [ "${MIP4HA_KMEMLEAK_SCANS:-each}" = end ]; then
		:
	elif ! leak=$(vm/kmemleak-scan "$t" 2>&1); then
		echo "# $leak"
		case $rc in 0 | 4) rc=1 ;; esac
	fi
	[ ! -e /sys/kernel/debug/kmemleak ] ||
		[ "${MIP4HA_KMEMLEAK_SCANS:-each}" = end ] ||
		echo "# kmemleak scans after $t: $((SECONDS - scan_start))s"
	case $rc in
	0) echo "ok $n selftests: mip4ha: $t" ;;
	4) echo "ok $n selftests: mip4ha: $t # SKIP" ;;
	124) echo "not ok $n selftests: mip4ha: $t # TIMEOUT ${TIMEOUT}s"; failed=1 ;;
	*) echo "not ok $n selftests: mip4ha: $t # exit=$rc"; failed=1 ;;
	esac
	case $rc in 0 | 4) rm -f "$LOGS/$n.log" ;; *) echo "$t" >"$LOGS/$n.name" ;; esac
done
if [ "$failed" = 1 ]; then
	echo "# ---- what failed (repeated from above) ----"
	for name in "$LOGS"/*.name; do
		[ -e "$name" ] || continue
		echo "# $(cat "$name"):"
		# Each failed test: up to 30 lines before its "not ok".
		grep -B 30 '^# not ok ' "${name%.name}.log" | tail -n 120
	done
fi
exit $failed
