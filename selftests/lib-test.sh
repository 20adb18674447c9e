#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host test of lib.sh's kill_listed (bg_kill_all, mip4d_start in
# dynkeys.sh): a listed process that still runs is killed; a PID whose
# process ended and which another process now holds is left alone. The
# reuse is forced, not waited for: in a PID namespace of its own, with
# ns_last_pid set just below the freed PID. Needs root (unshare).
set -e
if [ "$1" != --inside ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP lib-test.sh: needs root for a PID namespace"
		exit 0
	fi
	exec unshare --pid --fork --mount-proc "$0" --inside
fi
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; kill $(jobs -p) 2>/dev/null || true' EXIT
list=$WORK/pids

sleep 1000 &
running=$!
proc_ident "$running" >>"$list"
sleep 1000 &
ended=$!
proc_ident "$ended" >>"$list"
kill "$ended"
wait "$ended" || true
# Start times count in clock ticks (10 ms); a real wrap takes minutes.
sleep 0.05
echo $((ended - 1)) >/proc/sys/kernel/ns_last_pid
sleep 1000 &
bystander=$!
if [ "$bystander" != "$ended" ]; then
	echo "not ok: PID $ended not reused (got $bystander)"
	exit 1
fi

kill_listed "$list"
wait "$running" 2>/dev/null || true
sleep 0.1
rc=0
if kill -0 "$running" 2>/dev/null; then
	echo "not ok: the listed process $running still runs"
	rc=1
fi
if ! kill -0 "$bystander" 2>/dev/null; then
	echo "not ok: PID $ended, now another process's, was killed"
	rc=1
fi
if [ -s "$list" ]; then
	echo "not ok: the list is not emptied"
	rc=1
fi
[ $rc != 0 ] || echo "ok lib-test.sh: kill_listed kills what it listed, not a reused PID"
exit $rc
