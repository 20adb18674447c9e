#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # test functions run through ktap_run_tests
# Allocation failures injected into the module's own allocations (kmod/fault.h,
# /sys/kernel/debug/fail_mip4ha; the debug kernel of make check-debug) while
# SAs are installed, nodes register with static and with dynamic keys (mip4d
# and a real FreeRADIUS), packets are tunnelled and namespaces with a Home
# Agent come and go. Then, injection off: what was acknowledged is there, and
# everything works again. The VM runner fails the run on any WARN, KASAN or
# lockdep report; kmemleak is scanned after the program. On a kernel without
# fault injection (Debian's) the program is skipped.
#
# Topology: the shared one (lib.sh), the home link a veth to 10.1.0.2; the
# node keeps its home addresses on an ipip device to the Home Agent; an AAA
# namespace (10.9.0.2) on a link of its own.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

FAIL=/sys/kernel/debug/fail_mip4ha
MIP4D=${MIP4HA_MIP4D:-$TOP_DIR/userspace/mip4d/mip4d}
MKCONF=$SELFTESTS_DIR/freeradius/mkconf.sh
NS_AAA=${NS_PREFIX}aaa
SECRET=s3cret-radius
# Static nodes 10.1.0.100 + i, SPI 0x1000 + i; dynamic ones dyn<i>@example.net
# at 10.1.0.200 + i.
NODES=24
DYN_NODES=6

setup() {
	local i users=()
	topo_ha_mn
	topo_home_link veth
	ns_create aaa >/dev/null
	veth "$NS_HA" ha-aaa "$NS_AAA" aaa-ha
	ip -n "$NS_HA" addr add 10.9.0.1/24 dev ha-aaa
	ip -n "$NS_AAA" addr add 10.9.0.2/24 dev aaa-ha
	ip netns exec "$NS_HA" sysctl -qw net.ipv4.ip_forward=1
	topo_ha_config keygen-timeout 3

	# The node: its home addresses on mip0, replies back through it.
	ip -n "$NS_MN" link add mip0 type ipip local "$COA" remote "$HA_ADDR"
	ip -n "$NS_MN" link set mip0 up
	ip -n "$NS_MN" route add "$HA_ADDR/32" via "$COA_GW"
	for ((i = 0; i < NODES; i++)); do
		ip -n "$NS_MN" addr add "10.1.0.$((100 + i))/32" dev mip0
	done
	ip -n "$NS_MN" route add 10.1.0.0/24 dev mip0

	new_key "$WORK/key"
	for ((i = 0; i < DYN_NODES; i++)); do
		users+=(-u "dyn$i@example.net=dyn-Pass-$i")
		echo "dyn-Pass-$i" >"$WORK/dyn$i.pw"
	done
	printf '%s\n' "$SECRET" >"$WORK/aaa.secret"
	chmod 600 "$WORK/aaa.secret"
	"$MKCONF" -a 10.9.0.2 -c 10.9.0.1 -s "$SECRET" "${users[@]}" \
		"$WORK/raddb" >/dev/null
	ip netns exec "$NS_AAA" freeradius -f -d "$WORK/raddb" -l "$WORK/radius.log" &
	bg_track $!
	wait_for "$WORK/radius.log" 300 'Ready to process requests'
	cat >"$WORK/mip4d.conf" <<EOF
nas_identifier = ha1
[aaa]
server = 10.9.0.2
secret_file = $WORK/aaa.secret
EOF
	chmod 600 "$WORK/mip4d.conf"
	ip netns exec "$NS_HA" "$MIP4D" -f -c "$WORK/mip4d.conf" \
		>/dev/null 2>"$WORK/mip4d.log" &
	bg_track $!
	echo $! >"$WORK/mip4d.pid"
	wait_for "$WORK/mip4d.log" 60 'listening for initial registrations'
}

# Failure injection on: each allocation of the module fails with
# probability $1 %, each logged in one line (no stack: the VM runner would
# take a stack dump for a problem).
inject() { # percent
	echo 1 >"$FAIL/verbose"
	echo 0 >"$FAIL/space"
	echo 1 >"$FAIL/interval"
	echo -1 >"$FAIL/times"
	echo "$1" >"$FAIL/probability"
}

injected() {
	dmesg | grep -c 'name fail_mip4ha,' || true
}

# How long mip4-mn waits for a reply: short while failures are injected,
# since many requests then get none; test_after_injection, where every one
# is answered, waits as long as a loaded machine may need.
REG_TIMEOUT_MS=1000
DYN_TIMEOUT_MS=5000

# One registration of static node $1; prints mip4-mn's verdict.
register_static() { # i
	local out
	out=$(ip netns exec "$NS_MN" "$MIP4_MN" --ha "$HA_ADDR" \
		--home "10.1.0.$((100 + $1))" --coa "$COA" --spi $((0x1000 + $1)) \
		--key-file "$WORK/key" --lifetime 600 --once --retries 0 \
		--timeout-ms "$REG_TIMEOUT_MS" 2>&1 || true)
	verdict "$out"
}

register_dynamic() { # i
	local out
	out=$(ip netns exec "$NS_MN" "$MIP4_MN" --ha "$HA_ADDR" \
		--home "10.1.0.$((200 + $1))" --coa "$COA" --nai "dyn$1@example.net" \
		--password-file "$WORK/dyn$1.pw" --lifetime 600 --once \
		--retries 0 --timeout-ms "$DYN_TIMEOUT_MS" 2>&1 || true)
	verdict "$out"
}

# How many SAs static node $1 has with its SPI.
sa_count() { # i
	local spi
	printf -v spi '0x%x' $((0x1000 + $1))
	hactl sa show home-address "10.1.0.$((100 + $1))" | grep -c " spi $spi " || true
}

verdict() { # mip4-mn output
	case $1 in
	*"registered: "*) echo accepted ;;
	*"denied: code "*) echo "denied-$(sed -n 's/.*denied: code \([0-9]*\).*/\1/p' <<<"$1" | head -1)" ;;
	*"no reply"*) echo no-reply ;;
	*) echo "other: $1" ;;
	esac
}

# Static SAs added, nodes registering, pings through the tunnel, namespaces
# with a Home Agent made and deleted, dynamic-key registrations, all while
# 20 % of the module's allocations fail. Then: every SA whose add succeeded
# is there and none other; every accepted registration has its binding; the
# failures were many and in each kind of work; the daemon still runs.
test_under_injection() {
	local i n v before after rc sa_ok=() sa_failed=0 accepted=() outcomes ns_failed=0 \
		ping_rx=0 dyn=""
	[ -d "$FAIL" ] || { ktap_skip_reason "no $FAIL (a kernel without fault injection)"; return "$KSFT_SKIP"; }
	dmesg_mark
	before=$(injected)
	on_exit sh -c "echo 0 >$FAIL/probability"
	inject 20

	for ((i = 0; i < NODES; i++)); do
		rc=0
		hactl sa add home-address "10.1.0.$((100 + i))" spi $((0x1000 + i)) \
			key-file "$WORK/key" 2>>"$WORK/sa.err" || rc=$?
		if [ "$rc" = 0 ]; then sa_ok+=("$i"); else sa_failed=$((sa_failed + 1)); fi
	done
	outcomes=""
	for i in "${sa_ok[@]}"; do
		v=$(register_static "$i")
		outcomes+="$v "
		[ "$v" != accepted ] || accepted+=("$i")
	done
	for i in "${accepted[@]}"; do
		n=$(ip netns exec "$NS_HOME" ping -n -q -c 3 -i 0.2 -W 2 \
			"10.1.0.$((100 + i))" 2>&1 |
			sed -n 's/.* \([0-9]\+\) \(packets \)\?received.*/\1/p')
		ping_rx=$((ping_rx + ${n:-0}))
	done
	for ((i = 0; i < 12; i++)); do
		if ip netns add "${NS_PREFIX}churn$i" 2>>"$WORK/ns.err"; then
			ns_exec "${NS_PREFIX}churn$i" "$MIP4CTL" ha set address 10.7.0.1 \
				prefix 10.7.0.0/24 2>/dev/null || true
			echo 00112233445566778899aabbccddeeff |
				ns_exec "${NS_PREFIX}churn$i" "$MIP4CTL" sa add \
				home-address 10.7.0.5 spi 256 key-file - 2>/dev/null || true
			ns_delete "${NS_PREFIX}churn$i"
		else
			ns_failed=$((ns_failed + 1))
		fi
	done
	for ((i = 0; i < DYN_NODES; i++)); do
		dyn+="$(register_dynamic "$i") "
	done
	echo 0 >"$FAIL/probability"
	after=$(injected)

	echo "SA adds: ${#sa_ok[@]} of $NODES succeeded; registrations: $outcomes"
	echo "pings answered: $ping_rx of $((3 * ${#accepted[@]})); namespaces not made: $ns_failed of 12"
	echo "dynamic-key registrations: $dyn"
	echo "allocations failed: $((after - before))"
	[ "$((after - before))" -ge 10 ] || fail "only $((after - before)) allocations failed"
	[ "$sa_failed" -ge 1 ] || fail "no SA add failed"
	expect_no_match "$outcomes$dyn" 'other' "mip4-mn verdicts"
	# A failed SA allocation reads as such.
	expect_eq "$(sort -u "$WORK/sa.err")" "Error: Cannot allocate memory" \
		"how a failed SA add reads"

	# What was acknowledged is there, and nothing else.
	for ((i = 0; i < NODES; i++)); do
		n=$(sa_count "$i")
		if [[ " ${sa_ok[*]} " == *" $i "* ]]; then
			expect_eq "$n" 1 "SA of node $i (its add succeeded)"
		else
			expect_eq "$n" 0 "SA of node $i (its add failed)"
		fi
	done
	for i in "${accepted[@]}"; do
		n=$(hactl binding show home-address "10.1.0.$((100 + i))" | wc -l)
		expect_eq "$n" 1 "binding of node $i (accepted)"
	done
	kill -0 "$(<"$WORK/mip4d.pid")" || fail "mip4d is gone: $(tail -5 "$WORK/mip4d.log")"
	expect_dmesg_clean "under injection"
}

# Injection off: every node's SA installs and it registers, packets reach
# it, dynamic keys work, namespaces come and go.
test_after_injection() {
	local i v n
	[ -d "$FAIL" ] || { ktap_skip_reason "no $FAIL (a kernel without fault injection)"; return "$KSFT_SKIP"; }
	expect_eq "$(cat "$FAIL/probability")" 0 "injection off"
	REG_TIMEOUT_MS=10000
	DYN_TIMEOUT_MS=30000
	hactl ha set keygen-timeout 30
	dmesg_mark
	for ((i = 0; i < NODES; i++)); do
		hactl sa add home-address "10.1.0.$((100 + i))" spi $((0x1000 + i)) \
			key-file "$WORK/key" 2>/dev/null || true
		expect_eq "$(sa_count "$i")" 1 "SA of node $i"
		expect_eq "$(register_static "$i")" accepted "registration of node $i"
	done
	n=$(ip netns exec "$NS_HOME" ping -n -q -c 3 -i 0.2 -W 5 10.1.0.100 2>&1 |
		sed -n 's/.* \([0-9]\+\) \(packets \)\?received.*/\1/p')
	expect_eq "$n" 3 "pings to node 0 answered"
	for ((i = 0; i < DYN_NODES; i++)); do
		v=$(register_dynamic "$i")
		expect_eq "$v" accepted "dynamic-key registration of dyn$i"
	done
	for ((i = 0; i < 3; i++)); do
		ns_create "again$i" >/dev/null
		run_ok ns_exec "${NS_PREFIX}again$i" "$MIP4CTL" ha set address 10.7.0.1 \
			prefix 10.7.0.0/24
		ns_delete "${NS_PREFIX}again$i"
	done
	expect_eq "$(dmesg_since_mark | grep -c 'name fail_mip4ha,' || true)" 0 \
		"failures injected after injection stopped"
	expect_dmesg_clean "after injection"
}

SUITE_TESTS=(test_under_injection test_after_injection)
suite_require freeradius ping
suite_require_built "$MIP4CTL" "$MIP4_MN" "$MIP4D"
suite_require_module
[ -d "$FAIL" ] || suite_skip_all "no $FAIL (a kernel without fault injection: make check-debug)"
suite_start
suite_setup setup
suite_run "$@"
