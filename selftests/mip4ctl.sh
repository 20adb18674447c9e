#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # test functions run through ktap_run_tests
# mip4ctl against the mip4ha module: configuration round trip (plain and
# JSON), error messages for bad input and for what the kernel refuses,
# counters, and the registration socket seen by ss. Runs as root with the
# module loaded; every test has its own network namespace.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

NOT_CONFIGURED="Error: mip4ha: home agent is not configured"

# Parses JSON on stdin and prints field $1 as "type:value" (jq or python3).
json_field() { # field
	if command -v jq >/dev/null 2>&1; then
		jq -r --arg k "$1" '
			if has($k) then "\(.[$k] | type):\(.[$k])" else "absent" end'
	else
		python3 -c '
import json, sys
o = json.load(sys.stdin); k = sys.argv[1]
if k not in o: print("absent")
else:
    v = o[k]
    t = "number" if isinstance(v, int) and not isinstance(v, bool) else \
        "string" if isinstance(v, str) else type(v).__name__
    print("%s:%s" % (t, v))' "$1"
	fi
}

# Keys of a JSON object on stdin, sorted, one a line.
json_keys() {
	if command -v jq >/dev/null 2>&1; then
		jq -r 'keys[]'
	else
		python3 -c 'import json, sys; print("\n".join(sorted(json.load(sys.stdin))))'
	fi
}

json_tool() {
	command -v jq >/dev/null 2>&1 || command -v python3 >/dev/null 2>&1 || {
		ktap_skip_reason "neither jq nor python3 to parse JSON"
		return "$KSFT_SKIP"
	}
}

test_config_round_trip() {
	local ns
	ns=$(ns_create rt)

	run_fail 1 "$NOT_CONFIGURED" ns_exec "$ns" "$MIP4CTL" ha show

	run_ok ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 prefix 10.1.0.0/24 \
		max-lifetime 900 replay-tolerance 12 max-bindings 3
	expect_eq "$OUT" "" "stdout of ha set"

	run_ok ns_exec "$ns" "$MIP4CTL" ha show
	expect_eq "$OUT" \
		"address 10.1.0.1 prefix 10.1.0.0/24 max-lifetime 900 replay-tolerance 12 max-bindings 3 vendor-id 32473 keygen-timeout 10 keygen-max-pending 1024 reverse-tunnel allowed" \
		"ha show"
	# "ha" alone shows too.
	run_ok ns_exec "$ns" "$MIP4CTL" ha
	expect_eq "$OUT" \
		"address 10.1.0.1 prefix 10.1.0.0/24 max-lifetime 900 replay-tolerance 12 max-bindings 3 vendor-id 32473 keygen-timeout 10 keygen-max-pending 1024 reverse-tunnel allowed" \
		"ha"

	# One setting at a time; the others stay.
	run_ok ns_exec "$ns" "$MIP4CTL" ha set max-lifetime 65535
	run_ok ns_exec "$ns" "$MIP4CTL" ha set replay-tolerance 1
	run_ok ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.254
	run_ok ns_exec "$ns" "$MIP4CTL" ha set reverse-tunnel required vendor-id 9 \
		keygen-timeout 120 keygen-max-pending 1
	run_ok ns_exec "$ns" "$MIP4CTL" ha show
	expect_eq "$OUT" \
		"address 10.1.0.254 prefix 10.1.0.0/24 max-lifetime 65535 replay-tolerance 1 max-bindings 3 vendor-id 9 keygen-timeout 120 keygen-max-pending 1 reverse-tunnel required" \
		"ha show after partial updates"
	run_ok ns_exec "$ns" "$MIP4CTL" ha set reverse-tunnel off
	run_ok ns_exec "$ns" "$MIP4CTL" -j ha show
	expect_match "$OUT" ',"reverse_tunnel":"off"}$' "-j ha show with reverse-tunnel off"

	run_ok ns_exec "$ns" "$MIP4CTL" ha del
	expect_eq "$OUT" "" "stdout of ha del"
	run_fail 1 "$NOT_CONFIGURED" ns_exec "$ns" "$MIP4CTL" ha show
	run_fail 1 "$NOT_CONFIGURED" ns_exec "$ns" "$MIP4CTL" -j ha show
	run_fail 1 "$NOT_CONFIGURED" ns_exec "$ns" "$MIP4CTL" ha del
}

test_defaults() {
	local ns
	ns=$(ns_create def)

	run_ok ns_exec "$ns" "$MIP4CTL" ha set prefix 192.168.0.0/16 address 192.168.200.7
	run_ok ns_exec "$ns" "$MIP4CTL" ha show
	expect_eq "$OUT" \
		"address 192.168.200.7 prefix 192.168.0.0/16 max-lifetime 1800 replay-tolerance 7 max-bindings 4 vendor-id 32473 keygen-timeout 10 keygen-max-pending 1024 reverse-tunnel allowed" \
		"ha show with defaults"
}

test_show_json() {
	local ns json f
	json_tool || return
	ns=$(ns_create json)

	run_ok ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 prefix 10.1.0.0/24 \
		max-lifetime 1800 replay-tolerance 7 max-bindings 2

	run_ok ns_exec "$ns" "$MIP4CTL" -j ha show
	json=$OUT
	# Field by field, with JSON types.
	expect_eq "$(json_field address <<<"$json")" "string:10.1.0.1" "address"
	expect_eq "$(json_field prefix <<<"$json")" "string:10.1.0.0/24" "prefix"
	expect_eq "$(json_field max_lifetime <<<"$json")" "number:1800" "max_lifetime"
	expect_eq "$(json_field replay_tolerance <<<"$json")" "number:7" "replay_tolerance"
	expect_eq "$(json_field max_bindings <<<"$json")" "number:2" "max_bindings"
	expect_eq "$(json_field vendor_id <<<"$json")" "number:32473" "vendor_id"
	expect_eq "$(json_field keygen_timeout <<<"$json")" "number:10" "keygen_timeout"
	expect_eq "$(json_field keygen_max_pending <<<"$json")" "number:1024" \
		"keygen_max_pending"
	expect_eq "$(json_field reverse_tunnel <<<"$json")" "string:allowed" \
		"reverse_tunnel"
	expect_eq "$(json_keys <<<"$json" | tr '\n' ' ')" \
		"address keygen_max_pending keygen_timeout max_bindings max_lifetime prefix replay_tolerance reverse_tunnel vendor_id " \
		"keys"
	# And byte for byte: one compact object, one line.
	expect_eq "$json" \
		"{\"address\":\"10.1.0.1\",\"prefix\":\"10.1.0.0/24\",\"max_lifetime\":1800,\"replay_tolerance\":7,\"max_bindings\":2,\"vendor_id\":32473,\"keygen_timeout\":10,\"keygen_max_pending\":1024,\"reverse_tunnel\":\"allowed\"}" \
		"-j ha show"

	# -p: the same object, indented.
	run_ok ns_exec "$ns" "$MIP4CTL" -j -p ha show
	expect_eq "$OUT" '{
    "address": "10.1.0.1",
    "prefix": "10.1.0.0/24",
    "max_lifetime": 1800,
    "replay_tolerance": 7,
    "max_bindings": 2,
    "vendor_id": 32473,
    "keygen_timeout": 10,
    "keygen_max_pending": 1024,
    "reverse_tunnel": "allowed"
}' "-j -p ha show"
	for f in address prefix max_lifetime replay_tolerance max_bindings \
		vendor_id keygen_timeout keygen_max_pending reverse_tunnel; do
		expect_eq "$(json_field "$f" <<<"$OUT")" "$(json_field "$f" <<<"$json")" \
			"pretty $f"
	done
	# -p alone implies -j.
	run_ok ns_exec "$ns" "$MIP4CTL" -p ha show
	expect_eq "$(json_field max_lifetime <<<"$OUT")" "number:1800" "-p max_lifetime"
}

test_stats() {
	local ns json want
	ns=$(ns_create stats)

	# Before any configuration: all the counters, zero.
	want="rx-packets 0
rx-bytes 0
rx-discarded 0
rrq-accepted 0
rrq-denied 0
tx-packets 0
tx-errors 0
keygen-requests 0
keygen-timeouts 0
keygen-rejected 0
rekeys 0
tunnel-tx-packets 0
tunnel-rx-packets 0
tunnel-rx-dropped 0
tunnel-frag-needed 0
tunnel-errors 0"
	run_ok ns_exec "$ns" "$MIP4CTL" stats
	expect_eq "$OUT" "$want" "stats"
	run_ok ns_exec "$ns" "$MIP4CTL" -j stats
	expect_eq "$OUT" \
		'{"rx_packets":0,"rx_bytes":0,"rx_discarded":0,"rrq_accepted":0,"rrq_denied":0,"tx_packets":0,"tx_errors":0,"keygen_requests":0,"keygen_timeouts":0,"keygen_rejected":0,"rekeys":0,"tunnel_tx_packets":0,"tunnel_rx_packets":0,"tunnel_rx_dropped":0,"tunnel_frag_needed":0,"tunnel_errors":0}' \
		"-j stats"
	if command -v jq >/dev/null 2>&1; then
		expect_eq "$(jq -r '.rx_packets | type' <<<"$OUT")" "number" "rx_packets type"
	fi

	# A datagram that is no registration request: received, discarded,
	# no reply.
	ip -n "$ns" addr add 10.1.0.1/24 dev lo
	run_ok ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 prefix 10.1.0.0/24
	ns_exec "$ns" bash -c 'printf garbage >/dev/udp/10.1.0.1/434'
	want="rx-packets 1
rx-bytes 7
rx-discarded 1
rrq-accepted 0
rrq-denied 0
tx-packets 0
tx-errors 0
keygen-requests 0
keygen-timeouts 0
keygen-rejected 0
rekeys 0
tunnel-tx-packets 0
tunnel-rx-packets 0
tunnel-rx-dropped 0
tunnel-frag-needed 0
tunnel-errors 0"
	for _ in $(seq 50); do
		run_ok ns_exec "$ns" "$MIP4CTL" stats
		[ "$OUT" != "$want" ] || break
		sleep 0.1
	done
	expect_eq "$OUT" "$want" "stats after one 7-byte datagram"

	# Counters survive ha del.
	run_ok ns_exec "$ns" "$MIP4CTL" ha del
	run_ok ns_exec "$ns" "$MIP4CTL" stats
	expect_eq "$OUT" "$want" "stats after ha del"
}

test_kernel_errors() {
	local ns holder
	ns=$(ns_create kerr)

	# The first set needs address and prefix: the kernel names the missing
	# attribute.
	run_fail 1 "Error: mip4ha: first ha-set needs address (missing attribute address)" \
		ns_exec "$ns" "$MIP4CTL" ha set max-lifetime 600
	run_fail 1 "Error: mip4ha: first ha-set needs prefix (missing attribute prefix)" \
		ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 replay-tolerance 3

	# Checks of the kernel, with the offending attribute.
	run_fail 1 "Error: mip4ha: address is outside the home network prefix (attribute address)" \
		ns_exec "$ns" "$MIP4CTL" ha set address 10.2.0.1 prefix 10.1.0.0/24
	run_fail 1 "Error: mip4ha: prefix has host bits set (attribute prefix)" \
		ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 prefix 10.1.0.1/24
	run_fail 1 "Error: mip4ha: address must be a unicast address (attribute address)" \
		ns_exec "$ns" "$MIP4CTL" ha set address 224.0.0.1 prefix 224.0.0.0/4
	run_fail 1 "Error: integer out of range (attribute prefix-len)" \
		ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 prefix 0.0.0.0/0
	run_fail 1 "Error: integer out of range (attribute max-lifetime)" \
		ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 prefix 10.1.0.0/24 max-lifetime 70000
	run_fail 1 "Error: integer out of range (attribute replay-tolerance)" \
		ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 prefix 10.1.0.0/24 replay-tolerance 0
	run_fail 1 "Error: integer out of range (attribute max-bindings)" \
		ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 prefix 10.1.0.0/24 max-bindings 256
	run_fail 1 "Error: integer out of range (attribute keygen-timeout)" \
		ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 prefix 10.1.0.0/24 keygen-timeout 121
	run_fail 1 "$NOT_CONFIGURED" ns_exec "$ns" "$MIP4CTL" ha show

	# Without CAP_NET_ADMIN: no extack message, so strerror.
	if command -v setpriv >/dev/null 2>&1; then
		run_fail 1 "Error: Operation not permitted" \
			ns_exec "$ns" setpriv --bounding-set -net_admin --inh-caps -net_admin \
			"$MIP4CTL" ha set address 10.1.0.1 prefix 10.1.0.0/24
		run_fail 1 "$NOT_CONFIGURED" ns_exec "$ns" "$MIP4CTL" ha show
	else
		echo "setpriv not found: not checking EPERM"
	fi

	# Port 434 taken by someone else.
	require_cmd python3
	# ip netns exec execs python3: $! is the holder itself.
	ip netns exec "$ns" python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 434))
time.sleep(120)' &
	holder=$!
	for _ in $(seq 100); do
		[ -z "$(udp434 "$ns")" ] || break
		sleep 0.1
	done
	expect_eq "$(udp434 "$ns")" "0.0.0.0:434" "the port holder's socket"
	run_fail 1 "Error: mip4ha: UDP port 434 is already in use" \
		ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 prefix 10.1.0.0/24
	kill "$holder"
	wait "$holder" 2>/dev/null || true
	expect_eq "$(udp434 "$ns")" "" "UDP :434 after the holder is gone"
	run_fail 1 "$NOT_CONFIGURED" ns_exec "$ns" "$MIP4CTL" ha show
	run_ok ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 prefix 10.1.0.0/24

	# Refused updates leave the configuration as it was.
	run_fail 1 "Error: integer out of range (attribute max-lifetime)" \
		ns_exec "$ns" "$MIP4CTL" ha set max-lifetime 0
	run_fail 1 "Error: mip4ha: address is outside the home network prefix (attribute address)" \
		ns_exec "$ns" "$MIP4CTL" ha set address 10.9.9.9 max-lifetime 5
	run_ok ns_exec "$ns" "$MIP4CTL" ha show
	expect_eq "$OUT" \
		"address 10.1.0.1 prefix 10.1.0.0/24 max-lifetime 1800 replay-tolerance 7 max-bindings 4 vendor-id 32473 keygen-timeout 10 keygen-max-pending 1024 reverse-tunnel allowed" \
		"ha show after refused updates"
}

test_bad_input() {
	local ns usage
	ns=$(ns_create input)
	run_ok ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 prefix 10.1.0.0/24 max-lifetime 77

	# Each is refused by mip4ctl itself: one line on stderr, status 1,
	# nothing changed in the kernel.
	run_fail 1 'Error: ha set: invalid address "10.1.0"' \
		ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0
	run_fail 1 'Error: ha set: invalid address "10.1.0.256"' \
		ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.256
	run_fail 1 'Error: ha set: invalid address "ha.example"' \
		ns_exec "$ns" "$MIP4CTL" ha set address ha.example
	run_fail 1 'Error: ha set: invalid prefix "10.1.0.0/33" (expected A.B.C.D/N, N at most 32)' \
		ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 prefix 10.1.0.0/33
	run_fail 1 'Error: ha set: invalid prefix "10.1.0.0" (expected A.B.C.D/N, N at most 32)' \
		ns_exec "$ns" "$MIP4CTL" ha set prefix 10.1.0.0
	run_fail 1 'Error: ha set: invalid prefix "10.1.0.0/x" (expected A.B.C.D/N, N at most 32)' \
		ns_exec "$ns" "$MIP4CTL" ha set prefix 10.1.0.0/x
	run_fail 1 'Error: ha set: address needs a value' \
		ns_exec "$ns" "$MIP4CTL" ha set max-lifetime 5 address
	run_fail 1 'Error: ha set: unknown keyword "lifetime"' \
		ns_exec "$ns" "$MIP4CTL" ha set lifetime 5
	run_fail 1 'Error: ha set: invalid max-lifetime "-5"' \
		ns_exec "$ns" "$MIP4CTL" ha set max-lifetime -5
	run_fail 1 'Error: ha set: invalid max-lifetime "5s"' \
		ns_exec "$ns" "$MIP4CTL" ha set max-lifetime 5s
	run_fail 1 'Error: ha set: invalid replay-tolerance "4294967296"' \
		ns_exec "$ns" "$MIP4CTL" ha set replay-tolerance 4294967296
	run_fail 1 'Error: ha set: invalid max-bindings ""' \
		ns_exec "$ns" "$MIP4CTL" ha set max-bindings ""
	run_fail 1 'Error: ha set: invalid reverse-tunnel "1"' \
		ns_exec "$ns" "$MIP4CTL" ha set reverse-tunnel 1
	run_fail 1 'Error: ha set: invalid reverse-tunnel "sideways"' \
		ns_exec "$ns" "$MIP4CTL" ha set reverse-tunnel sideways
	run_fail 1 'Error: ha set: max-lifetime given twice' \
		ns_exec "$ns" "$MIP4CTL" ha set max-lifetime 5 max-lifetime 6
	run_fail 1 'Error: ha set: nothing to set; try "mip4ctl help"' \
		ns_exec "$ns" "$MIP4CTL" ha set
	run_fail 1 'Error: ha: unknown command "add"; try "mip4ctl help"' \
		ns_exec "$ns" "$MIP4CTL" ha add
	run_fail 1 'Error: ha show: unexpected argument "all"' \
		ns_exec "$ns" "$MIP4CTL" ha show all
	run_fail 1 'Error: ha del: unexpected argument "now"' \
		ns_exec "$ns" "$MIP4CTL" ha del now
	run_fail 1 'Error: unknown command "bindings"; try "mip4ctl help"' \
		ns_exec "$ns" "$MIP4CTL" bindings
	run_fail 1 'Error: unknown option "-x"; try "mip4ctl help"' \
		ns_exec "$ns" "$MIP4CTL" -x ha show
	run_fail 1 'Error: unknown option "--jsn"; try "mip4ctl help"' \
		ns_exec "$ns" "$MIP4CTL" --jsn ha show

	run_ok ns_exec "$ns" "$MIP4CTL" ha show
	expect_eq "$OUT" \
		"address 10.1.0.1 prefix 10.1.0.0/24 max-lifetime 77 replay-tolerance 7 max-bindings 4 vendor-id 32473 keygen-timeout 10 keygen-max-pending 1024 reverse-tunnel allowed" \
		"ha show after bad input"

	# Usage: on stdout for help, on stderr (status 1) without a command.
	run_ok "$MIP4CTL" help
	usage=$OUT
	expect_eq "$(head -n 1 <<<"$usage")" "Usage: mip4ctl [-j] [-p] COMMAND [ARGS]" "help"
	expect_match "$usage" "ha set \[address A\.B\.C\.D\] \[prefix A\.B\.C\.D/N\]" "help"
	run_ok "$MIP4CTL" -h
	expect_eq "$OUT" "$usage" "-h"
	run_ok "$MIP4CTL" --help
	expect_eq "$OUT" "$usage" "--help"
	capture "$MIP4CTL"
	expect_eq "$RC" 1 "status without a command"
	expect_eq "$OUT" "" "stdout without a command"
	expect_eq "$ERR" "$usage" "stderr without a command"
}

test_socket_follows_config() {
	local ns
	ns=$(ns_create ss)

	expect_eq "$(udp434 "$ns")" "" "UDP :434 before ha set"
	run_ok ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.1 prefix 10.1.0.0/24
	expect_eq "$(udp434 "$ns")" "0.0.0.0:434" "UDP :434 after ha set"
	# Changing the configuration keeps the one socket.
	run_ok ns_exec "$ns" "$MIP4CTL" ha set address 10.1.0.2 max-lifetime 10
	expect_eq "$(udp434 "$ns")" "0.0.0.0:434" "UDP :434 after an update"
	# Nothing in the other namespaces.
	expect_eq "$(ss -Huln 'sport = :434' | awk '{print $4}')" "" \
		"UDP :434 in the test's own namespace"
	run_ok ns_exec "$ns" "$MIP4CTL" ha del
	expect_eq "$(udp434 "$ns")" "" "UDP :434 after ha del"
	# A failed set does not leave a socket behind.
	capture ns_exec "$ns" "$MIP4CTL" ha set address 10.2.0.1 prefix 10.1.0.0/24
	expect_eq "$RC" 1 "status of a refused first set"
	expect_eq "$(udp434 "$ns")" "" "UDP :434 after a refused first set"
}

SUITE_TESTS=(
	test_config_round_trip
	test_defaults
	test_show_json
	test_stats
	test_kernel_errors
	test_bad_input
	test_socket_follows_config
)
suite_require_built "$MIP4CTL"
suite_require_module
suite_start
suite_run "$@"
