# SPDX-License-Identifier: GPL-2.0
# Helpers for the shell selftests of mip4ha: KTAP output, checks, network
# namespaces, the kernel log. Source it from a bash test:
#
#	. "$(dirname "$0")/lib.sh"
#	test_foo() { ...; expect_eq "$(...)" "want" "what"; }
#	ktap_run_tests test_foo test_bar
#
# Each test function runs in a subshell with set -e (and an ERR trap that
# names the failing command); its output is turned into KTAP diagnostics.
# A test returns 0 (ok), 1 (not ok) or $KSFT_SKIP after ktap_skip_reason.
# With KTAP_TIMES set, each test's duration follows it as a diagnostic.

set -e
set -o pipefail
export LC_ALL=C

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
TOP_DIR=$(cd "$SELFTESTS_DIR/.." && pwd -P)
MIP4CTL=${MIP4CTL:-$TOP_DIR/userspace/mip4ctl}
NS_PREFIX=mip4t-$$-

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
