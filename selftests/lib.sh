# SPDX-License-Identifier: GPL-2.0
# Helpers for the shell selftests of mip4ha: KTAP output, checks, a suite's
# preamble, network namespaces and the shared topology, the kernel log.
# Source it from a bash test:
#
#	. "$(dirname "$0")/lib.sh"
#	test_foo() { ...; expect_eq "$(...)" "want" "what"; }
#	SUITE_TESTS=(test_foo test_bar)
#	suite_require tshark jq
#	suite_start
#	suite_setup setup          # optional: once, before the tests
#	suite_run "$@"             # all tests, or those named on the command line
#
# Each test function runs in a subshell with set -e (and an ERR trap that
# names the failing command); its output is turned into KTAP diagnostics.
# A test returns 0 (ok), 1 (not ok) or $KSFT_SKIP after ktap_skip_reason.
# Each test's duration follows it as a diagnostic (where the time of a slow
# run, e.g. on the debug kernel, goes); KTAP_TIMES= turns that off.

set -e
set -o pipefail
KTAP_TIMES=${KTAP_TIMES-1}
export LC_ALL=C

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
TOP_DIR=$(cd "$SELFTESTS_DIR/.." && pwd -P)
MIP4CTL=${MIP4CTL:-$TOP_DIR/userspace/mip4ctl}
MIP4_MN=${MIP4_MN:-$TOP_DIR/userspace/mip4-mn/mip4-mn}
# A program started again inside the Home Agent's namespace by
# suite_in_ha_namespace keeps its namespace names.
NS_PREFIX=${MIP4T_NS_PREFIX:-mip4t-$$-}
SUITE_IN_HA=${MIP4T_IN_HA:-}
unset MIP4T_NS_PREFIX MIP4T_IN_HA

KTAP_N=0
KTAP_PASS=0
KTAP_FAIL=0
KTAP_SKIP=0

# Lines of the kernel log that mean trouble (as selftests/vm/run scans).
KERNEL_PROBLEMS='Oops|WARNING:|BUG|[Pp]anic|KASAN|UBSAN|kmemleak|refcount_t|general protection fault|Call Trace|cut here|leak|use-after-free|unreferenced object'

diag() {
	local line
	printf '%s\n' "$*" | while IFS= read -r line; do
		printf '# %s\n' "$line"
	done
}

ktap_header() { # number of tests
	echo "TAP version 13"
	echo "1..$1"
}

ktap_ok() {
	KTAP_N=$((KTAP_N + 1))
	KTAP_PASS=$((KTAP_PASS + 1))
	echo "ok $KTAP_N $1"
}

ktap_fail() { # name [reason]
	KTAP_N=$((KTAP_N + 1))
	KTAP_FAIL=$((KTAP_FAIL + 1))
	[ -z "${2:-}" ] || diag "$2"
	echo "not ok $KTAP_N $1"
}

ktap_skip() { # name reason
	KTAP_N=$((KTAP_N + 1))
	KTAP_SKIP=$((KTAP_SKIP + 1))
	echo "ok $KTAP_N $1 # SKIP ${2:-}"
}

# Inside a test: say why it is skipped, then "return "$KSFT_SKIP"".
ktap_skip_reason() {
	echo "$*" >"$KTAP_SKIP_FILE"
}

# Prints the totals and exits: 1 if anything failed, 4 if all skipped.
ktap_finish() {
	echo "# Totals: pass:$KTAP_PASS fail:$KTAP_FAIL xfail:0 xpass:0 skip:$KTAP_SKIP error:0"
	[ "$KTAP_FAIL" -eq 0 ] || exit $KSFT_FAIL
	[ "$KTAP_PASS" -gt 0 ] || [ "$KTAP_SKIP" -eq 0 ] || exit $KSFT_SKIP
	exit $KSFT_PASS
}

# From the ERR trap: where the test failed, innermost call first.
ktap_backtrace() { # status command
	local i where=""
	for ((i = 1; i < ${#FUNCNAME[@]}; i++)); do
		[ "${FUNCNAME[i]}" != ktap_run ] || break
		where+=" ${BASH_SOURCE[i]##*/}:${BASH_LINENO[i - 1]}(${FUNCNAME[i]})"
	done
	echo "FAILED (status $1): $2 at$where"
}

# Runs one test function in a subshell with set -e; reports it in KTAP.
ktap_run() { # function
	local name=$1 rc reason start=$SECONDS
	KTAP_SKIP_FILE=$(mktemp)
	export KTAP_SKIP_FILE
	set +e
	(
		set -eE
		trap 'ktap_backtrace $? "$BASH_COMMAND"' ERR
		trap 'ktap_test_exit' EXIT
		"$name"
	) 2>&1 | sed -u 's/^/# /'
	rc=${PIPESTATUS[0]}
	set -e
	reason=$(cat "$KTAP_SKIP_FILE")
	rm -f "$KTAP_SKIP_FILE"
	[ -z "${KTAP_TIMES:-}" ] || diag "$name: $((SECONDS - start)) s"
	case $rc in
	0) ktap_ok "$name" ;;
	"$KSFT_SKIP") ktap_skip "$name" "$reason" ;;
	*) ktap_fail "$name" ;;
	esac
}

# Inside a test: run a command when the test ends, passed or failed (to
# undo a change that outlives the test's subshell). Last added, first run.
KTAP_ON_EXIT=()
on_exit() { # command...
	local cmd
	printf -v cmd '%q ' "$@"
	KTAP_ON_EXIT=("$cmd" "${KTAP_ON_EXIT[@]}")
}

ktap_test_exit() {
	local cmd
	for cmd in "${KTAP_ON_EXIT[@]}"; do
		eval "$cmd" || echo "on exit: \"$cmd\" failed" >&2
	done
	[ -z "$CAPTURE_DIR" ] || rm -rf "$CAPTURE_DIR"
}

# Header, every test, totals, exit.
ktap_run_tests() { # function...
	local t
	ktap_header $#
	for t in "$@"; do
		ktap_run "$t"
	done
	ktap_finish
}

# --- a suite: what it needs, its work directory, its setup, its tests -------

# Ends the program before any test: KTAP plan 1..0, then status 4 (skip)
# or 1 (fail).
suite_skip_all() { # reason
	echo "TAP version 13"
	echo "1..0 # SKIP $*"
	exit $KSFT_SKIP
}

suite_fail_all() { # reason [diagnostics]
	echo "TAP version 13"
	echo "1..0"
	[ -z "${2:-}" ] || diag "$2"
	echo "Bail out! $1"
	exit $KSFT_FAIL
}

# Tools from outside the project: without one the suite is skipped.
suite_require() { # command...
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || suite_skip_all "$c not found"
	done
}

# The project's own programs and the module: make builds and the VM runner
# loads them, so a missing one fails the suite rather than skipping it.
suite_require_built() { # file...
	local f
	for f in "$@"; do
		[ -x "$f" ] || suite_fail_all "$f is not built (make)"
	done
}

suite_require_module() {
	[ "$(id -u)" = 0 ] || suite_skip_all "needs root"
	module_loaded || suite_fail_all "the mip4ha module is not loaded"
}

# Starts the program again in a new namespace $NS_HA with the same
# arguments and namespace names, so that the Home Agent's mip4ctl needs no
# "ip netns exec" (each exec costs under emulation); hactl then runs it
# directly. Call before suite_start.
suite_in_ha_namespace() { # "$@" of the program
	[ -z "$SUITE_IN_HA" ] || return 0
	ns_create ha >/dev/null
	export MIP4T_NS_PREFIX=$NS_PREFIX MIP4T_IN_HA=1
	exec ip netns exec "$NS_HA" "$0" "$@"
}

# The suite's work directory $WORK and, at exit, in this order: the
# program's suite_stop if it has one, the background processes of bg_track
# killed, its namespaces deleted, $WORK removed.
WORK=
suite_start() {
	WORK=$(mktemp -d "/tmp/mip4t-${0##*/}.XXXXXX")
	: >"$WORK/bg.pids"
	trap suite_cleanup EXIT
}

suite_cleanup() {
	[ "$(type -t suite_stop)" != function ] || suite_stop || true
	bg_kill_all
	ns_cleanup
	[ -z "$WORK" ] || rm -rf "$WORK"
}

# When process $1 started (field 22 of /proc/PID/stat, after the
# command name, which may hold spaces), or nothing if it is gone.
proc_start_time() { # pid
	local stat fields
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	read -r -a fields <<<"${stat##*) }"
	echo "${fields[19]}"
}

# "PID start-time" of process $1, for kill_listed: a process that ended
# long ago may have left its PID to another, e.g. to a test program
# running beside this one once the PIDs have wrapped, and that one must not
# be killed.
proc_ident() { # pid
	echo "$1 $(proc_start_time "$1")"
}

# Kills each process listed in file $1 by proc_ident that still holds its
# PID, and empties the file.
kill_listed() { # file
	local pid start
	[ -s "$1" ] || return 0
	while read -r pid start; do
		if [ -n "$start" ] &&
			[ "$(proc_start_time "$pid")" = "$start" ]; then
			kill "$pid" 2>/dev/null || true
		fi
	done <"$1"
	: >"$1"
}

# A background process to kill when the suite ends (or at bg_kill_all),
# also one started by a test or the setup, which run in subshells.
bg_track() { # pid
	proc_ident "$1" >>"$WORK/bg.pids"
}

bg_kill_all() {
	kill_listed "$WORK/bg.pids"
}

# Runs the suite's setup once, like a test (a subshell with set -e, the
# failing command named), its output in $WORK/setup.log. If it fails, the
# program bails out with that log. What it leaves for the tests is in the
# namespaces and in $WORK.
suite_setup() { # function
	local rc
	set +e
	(
		set -eE
		trap 'ktap_backtrace $? "$BASH_COMMAND"' ERR
		"$1"
	) >"$WORK/setup.log" 2>&1
	rc=$?
	set -e
	[ "$rc" -eq 0 ] || suite_fail_all "setup" "$(cat "$WORK/setup.log")"
}

# Runs the tests named in the arguments, in that order, or else all of
# SUITE_TESTS; a name not in SUITE_TESTS fails before any test runs.
suite_run() { # [test...]
	local t k known
	[ $# -gt 0 ] || set -- "${SUITE_TESTS[@]}"
	for t in "$@"; do
		known=
		for k in "${SUITE_TESTS[@]}"; do [ "$k" != "$t" ] || known=1; done
		[ -n "$known" ] || suite_fail_all "no test $t in ${0##*/}" \
			"tests: ${SUITE_TESTS[*]}"
	done
	ktap_run_tests "$@"
}

# --- checks: print what differs and fail ------------------------------------

fail() {
	echo "$*" >&2
	return 1
}

expect_eq() { # actual expected what
	if [ "$1" != "$2" ]; then
		echo "$3: got:" >&2
		printf '    %s\n' "$1" >&2
		echo "  expected:" >&2
		printf '    %s\n' "$2" >&2
		return 1
	fi
}

# Whether a line of $1 matches the POSIX extended regex $2 (as grep -E
# would say; in bash, since every exec costs under emulation).
any_line_matches() { # text extended-regex
	local line
	while IFS= read -r line; do
		[[ $line =~ $2 ]] && return 0
	done <<<"$1"
	return 1
}

expect_match() { # actual extended-regex what
	if ! any_line_matches "$1" "$2"; then
		echo "$3: got \"$1\", expected to match /$2/" >&2
		return 1
	fi
}

expect_no_match() { # actual extended-regex what
	if any_line_matches "$1" "$2"; then
		echo "$3: got \"$1\", must not match /$2/" >&2
		return 1
	fi
}

# Runs a command, keeping its stdout, stderr and status in OUT, ERR, RC
# (trailing newlines dropped, as with $(...)).
OUT='' ERR='' RC=''
CAPTURE_DIR=
capture() { # command...
	[ -n "$CAPTURE_DIR" ] || CAPTURE_DIR=$(mktemp -d)
	RC=0
	"$@" >"$CAPTURE_DIR/out" 2>"$CAPTURE_DIR/err" || RC=$?
	OUT=$(<"$CAPTURE_DIR/out")
	ERR=$(<"$CAPTURE_DIR/err")
}

# Runs a command that must succeed silently except for stdout (in OUT).
run_ok() { # command...
	capture "$@"
	if [ "$RC" -ne 0 ] || [ -n "$ERR" ]; then
		echo "\"$*\" failed with status $RC: $ERR" >&2
		return 1
	fi
}

# Runs a command that must fail: status, stderr text, empty stdout.
run_fail() { # status stderr command...
	local want_rc=$1 want_err=$2
	shift 2
	capture "$@"
	expect_eq "$ERR" "$want_err" "stderr of \"$*\""
	expect_eq "$RC" "$want_rc" "status of \"$*\""
	expect_eq "$OUT" "" "stdout of \"$*\""
}

require_cmd() { # command...
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || {
			ktap_skip_reason "$c not found"
			return "$KSFT_SKIP"
		}
	done
}

# --- network namespaces ------------------------------------------------------

# Creates namespace $NS_PREFIX$1 with lo up; prints its full name.
ns_create() { # name
	local ns=$NS_PREFIX$1
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	echo "$ns"
}

# Creates namespace $NS_PREFIX$1 unless it exists.
ns_ensure() { # name
	[ -e "/run/netns/$NS_PREFIX$1" ] || ns_create "$1" >/dev/null
}

ns_exec() { # name command...
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

ns_delete() { # full name
	ip netns del "$1"
}

# Deletes every namespace this script created.
ns_cleanup() {
	local ns
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		case "$ns" in "$NS_PREFIX"*) ip netns del "$ns" 2>/dev/null || true ;; esac
	done
}

# UDP sockets listening on port 434 in a namespace, one local address a line.
udp434() { # full name
	ip netns exec "$1" ss -Huln 'sport = :434' | awk '{print $4}'
}

# --- the topology the suites share ---------------------------------------------
#
#   node    NS_MN   192.0.2.10 (COA) and further care-of addresses
#              |    mn-ha / ha-mn
#   HA      NS_HA   192.0.2.1 (COA_GW); Home Agent 10.1.0.1 (HA_ADDR) on
#              |    ha-home / home-ha      the home link 10.1.0.0/24
#   home    NS_HOME 10.1.0.2 (HOME_HOST), or a dummy home0 at the HA
#
# A suite adds what it needs beside it (a correspondent, an AAA server, a
# second link) with veth.

NS_HA=${NS_PREFIX}ha
NS_MN=${NS_PREFIX}mn
NS_HOME=${NS_PREFIX}home
HA_ADDR=10.1.0.1
HOME_PREFIX=10.1.0.0/24
HOME_HOST=10.1.0.2
COA=192.0.2.10
COA_GW=192.0.2.1

# A veth pair between two namespaces, both ends up.
veth() { # ns1 if1 ns2 if2
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
	ip -n "$1" link set "$2" up
	ip -n "$3" link set "$4" up
}

# NS_HA and NS_MN (made unless they exist), joined; the node has COA and
# the further addresses given.
topo_ha_mn() { # [further node address...]
	local a
	ns_ensure ha
	ns_ensure mn
	veth "$NS_HA" ha-mn "$NS_MN" mn-ha
	ip -n "$NS_HA" addr add "$COA_GW/24" dev ha-mn
	for a in "$COA" "$@"; do
		ip -n "$NS_MN" addr add "$a/24" dev mn-ha
	done
}

# The home link at the Home Agent, HA_ADDR on it: a veth to NS_HOME (a
# host HOME_HOST whose default route is the Home Agent), or a dummy device
# home0.
topo_home_link() { # veth | dummy
	case $1 in
	veth)
		ns_ensure home
		veth "$NS_HA" ha-home "$NS_HOME" home-ha
		ip -n "$NS_HOME" addr add "$HOME_HOST/24" dev home-ha
		ip -n "$NS_HOME" route add default via "$HA_ADDR"
		ip -n "$NS_HA" addr add "$HA_ADDR/24" dev ha-home
		;;
	dummy)
		ip -n "$NS_HA" link add home0 type dummy
		ip -n "$NS_HA" addr add "$HA_ADDR/24" dev home0
		ip -n "$NS_HA" link set home0 up
		;;
	*) fail "topo_home_link: $1?" ;;
	esac
}

# The node reaches the home network through the Home Agent's link (not
# through a tunnel: the suites that test registration alone).
topo_mn_route_home() {
	ip -n "$NS_MN" route add "$HOME_PREFIX" via "$COA_GW"
}

# The Home Agent serves HA_ADDR and HOME_PREFIX.
topo_ha_config() { # [further mip4ctl ha set argument...]
	hactl ha set address "$HA_ADDR" prefix "$HOME_PREFIX" "$@"
}

# A random key in hex, as mip4ctl's and mip4-mn's key files take it.
new_key() { # file [bytes]
	od -An -tx1 -N"${2:-16}" /dev/urandom | tr -d ' \n' >"$1"
}

# mip4ctl at the Home Agent.
hactl() {
	if [ -n "$SUITE_IN_HA" ]; then
		"$MIP4CTL" "$@"
	else
		ip netns exec "$NS_HA" "$MIP4CTL" "$@"
	fi
}

# A counter of mip4ctl stats at the Home Agent (keygen-timeouts or
# keygen_timeouts).
ha_stat() { # name
	hactl stats | awk -v n="${1//_/-}" '$1 == n { print $2 }'
}

# Several counters, on one line.
ha_stats() { # name...
	local n out=()
	for n in "$@"; do out+=("$(ha_stat "$n")"); done
	echo "${out[*]}"
}

# --- waiting without deciding by the clock -----------------------------------

# Like expect_eq on the output of a command, but gives the command 5 s to
# get there (a packet still on its way in a slow VM).
expect_soon() { # expected what command...
	local want=$1 what=$2 got
	shift 2
	for _ in $(seq 50); do
		got=$("$@")
		[ "$got" != "$want" ] || return 0
		sleep 0.1
	done
	expect_eq "$got" "$want" "$what"
}

# Waits up to $2 seconds for file $1 to contain the regexp $3 ($4 matches).
wait_for() { # file seconds regexp [count]
	local i n
	for ((i = 0; i < $2 * 10; i++)); do
		n=$(grep -Ec -- "$3" "$1" 2>/dev/null || true)
		[ "${n:-0}" -lt "${4:-1}" ] || return 0
		sleep 0.1
	done
	echo "timed out waiting for /$3/ in $1" >&2
	return 1
}

# --- mip4ha ------------------------------------------------------------------

mip4ctl() {
	"$MIP4CTL" "$@"
}

module_loaded() {
	[ -d /sys/module/mip4ha ]
}

# The module file: $MIP4HA_KO, else kmod/mip4ha.ko of the work tree.
module_path() {
	local top
	if [ -n "${MIP4HA_KO:-}" ]; then
		echo "$MIP4HA_KO"
		return
	fi
	top=$(git -C "$SELFTESTS_DIR" rev-parse --show-toplevel 2>/dev/null) ||
		top=$TOP_DIR
	echo "$top/kmod/mip4ha.ko"
}

# --- the kernel log ----------------------------------------------------------

# Remembers how long the kernel log is now.
dmesg_mark() {
	DMESG_MARK=$(dmesg | wc -l)
}

# Kernel log lines since dmesg_mark.
dmesg_since_mark() {
	dmesg | tail -n +$((DMESG_MARK + 1))
}

# Fails if the kernel logged a problem since dmesg_mark.
expect_dmesg_clean() { # what
	local new bad
	new=$(dmesg_since_mark)
	bad=$(printf '%s\n' "$new" | grep -E "$KERNEL_PROBLEMS" || true)
	if [ -n "$bad" ]; then
		echo "$1: the kernel logged problems:" >&2
		printf '%s\n' "$new" | sed 's/^/    /' >&2
		return 1
	fi
}
