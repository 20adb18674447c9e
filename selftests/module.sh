#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # test functions run through ktap_run_tests
# Life cycle of the mip4ha module and of namespaces with a Home Agent:
# unloading with configured namespaces, deleting configured namespaces
# (one, then fifty), and that a deleted namespace is really freed.
# Runs as root with the module loaded; leaves it loaded.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

KO=$(module_path)

# At exit (suite_cleanup): the module loaded again if a test left it out.
suite_stop() {
	if ! module_loaded && [ -f "$KO" ]; then
		insmod "$KO" || echo "# could not reload $KO"
	fi
}

# Configures the HA of namespace $1 as 10.$2.0.1 in 10.$2.0.0/24.
configure() { # full-name n
	run_ok ns_exec "$1" "$MIP4CTL" ha set address "10.$2.0.1" prefix "10.$2.0.0/24" \
		max-lifetime "$((100 + $2))"
	expect_eq "$(udp434 "$1")" "0.0.0.0:434" "UDP :434 in $1"
}

expect_config() { # full-name n
	run_ok ns_exec "$1" "$MIP4CTL" ha show
	expect_eq "$OUT" \
		"address 10.$2.0.1 prefix 10.$2.0.0/24 max-lifetime $((100 + $2)) replay-tolerance 7 max-bindings 4 vendor-id 32473 keygen-timeout 10 keygen-max-pending 1024 reverse-tunnel allowed" \
		"ha show in $1"
}

test_unload_with_configured_namespaces() {
	local ns=() i
	[ -f "$KO" ] || { ktap_skip_reason "no module file $KO to reload"; return "$KSFT_SKIP"; }
	module_loaded || fail "mip4ha is not loaded"

	for i in 1 2 3; do
		ns[i]=$(ns_create "unload$i")
		configure "${ns[i]}" "$i"
	done
	dmesg_mark
	capture rmmod mip4ha
	expect_eq "$RC:$ERR" "0:" "rmmod mip4ha with 3 Home Agents"
	module_loaded && fail "/sys/module/mip4ha still exists after rmmod"
	for i in 1 2 3; do
		expect_eq "$(udp434 "${ns[i]}")" "" "UDP :434 in ${ns[i]} after rmmod"
		run_fail 1 "Error: mip4ha module not loaded" \
			ns_exec "${ns[i]}" "$MIP4CTL" ha show
	done
	expect_dmesg_clean "rmmod"

	dmesg_mark
	capture insmod "$KO"
	expect_eq "$RC:$ERR" "0:" "insmod $KO"
	expect_dmesg_clean "insmod"
	# A new module starts with nothing configured; the port is free.
	for i in 1 2 3; do
		run_fail 1 "Error: mip4ha: home agent is not configured" \
			ns_exec "${ns[i]}" "$MIP4CTL" ha show
		expect_eq "$(udp434 "${ns[i]}")" "" "UDP :434 in ${ns[i]} after insmod"
		configure "${ns[i]}" "$((i + 10))"
		expect_config "${ns[i]}" "$((i + 10))"
	done
	for i in 1 2 3; do
		ns_delete "${ns[i]}"
	done
}

test_delete_configured_namespace() {
	local ns other
	ns=$(ns_create del)
	other=$(ns_create keep)
	configure "$ns" 1
	configure "$other" 2
	dmesg_mark
	ns_delete "$ns"
	# The namespace is torn down by a work item: give it time to run.
	sleep 2
	expect_dmesg_clean "deleting a namespace with a Home Agent"
	# The other Home Agent is untouched.
	expect_config "$other" 2
	expect_eq "$(udp434 "$other")" "0.0.0.0:434" "UDP :434 in the other namespace"
	ns_delete "$other"
	sleep 1
	expect_dmesg_clean "deleting the second namespace"
}

# A namespace with a Home Agent must be freed when its last user goes: if
# the registration socket pinned it, it would live on. A user namespace
# that may hold only one network namespace at a time tells: a second one
# can be created only once the first is gone.
test_deleted_namespace_is_freed() {
	local script
	require_cmd unshare
	# shellcheck disable=SC2016
	script='
		set -e
		echo 1 >/proc/sys/user/max_net_namespaces
		unshare --net bash -c "
			set -e
			ip link set lo up
			\"$MIP4CTL\" ha set address 10.1.0.1 prefix 10.1.0.0/24
			ss -Huln \"sport = :434\" | grep -q \"0.0.0.0:434\" ||
				{ echo \"no socket on :434\"; exit 1; }
			# The limit works: no second namespace now.
			if unshare --net true 2>/dev/null; then
				echo \"a second network namespace was allowed\"
				exit 1
			fi
		"
		for i in $(seq 100); do
			if unshare --net true 2>/dev/null; then
				echo "freed after about $((i / 10)).$((i % 10))s"
				exit 0
			fi
			sleep 0.1
		done
		echo "the network namespace of the Home Agent was never freed"
		exit 1
	'
	dmesg_mark
	MIP4CTL=$MIP4CTL unshare --user --map-root-user bash -c "$script"
	expect_dmesg_clean "freeing a namespace with a Home Agent"
}

test_fifty_namespaces() {
	local ns=() i n=50 left
	dmesg_mark
	for ((i = 1; i <= n; i++)); do
		ns[i]=$(ns_create "many$i")
		configure "${ns[i]}" "$i"
	done
	for ((i = 1; i <= n; i++)); do
		expect_config "${ns[i]}" "$i"
	done
	for ((i = 1; i <= n; i++)); do
		ns_delete "${ns[i]}"
	done
	left=$(ip netns list | grep -c "^${NS_PREFIX}many" || true)
	expect_eq "$left" 0 "namespaces left"
	sleep 2
	expect_dmesg_clean "50 namespaces with a Home Agent"
	# The module can still go and come back.
	[ -f "$KO" ] || return 0
	capture rmmod mip4ha
	expect_eq "$RC:$ERR" "0:" "rmmod after deleting 50 namespaces"
	capture insmod "$KO"
	expect_eq "$RC:$ERR" "0:" "insmod $KO"
	expect_dmesg_clean "reloading after 50 namespaces"
}

# The kernel's other IPv4-in-IPv4 receivers load beside the module, in
# either order (a tunnel handler priority in use fails with EEXIST).
test_beside_other_tunnels() {
	local m
	[ -f "$KO" ] || { ktap_skip_reason "no $KO"; return "$KSFT_SKIP"; }
	dmesg_mark
	for m in ipip sit ip_vti xfrm4_tunnel; do
		modprobe -q "$m" 2>/dev/null || diag "no module $m"
	done
	capture rmmod mip4ha
	expect_eq "$RC:$ERR" "0:" "rmmod mip4ha"
	capture insmod "$KO"
	expect_eq "$RC:$ERR" "0:" "insmod $KO after ipip, sit, ip_vti, xfrm4_tunnel"
	for m in sit ipip; do
		# Built into the debug kernel: there, loading after them is the test.
		grep -q "/$m.ko\$" "/lib/modules/$(uname -r)/modules.builtin" 2>/dev/null &&
			continue
		capture rmmod "$m"
		expect_eq "$RC" 0 "rmmod $m"
		capture modprobe "$m"
		expect_eq "$RC:$ERR" "0:" "modprobe $m with mip4ha loaded"
	done
	expect_dmesg_clean "other tunnels"
}

SUITE_TESTS=(
	test_unload_with_configured_namespaces
	test_delete_configured_namespace
	test_deleted_namespace_is_freed
	test_fifty_namespaces
	test_beside_other_tunnels
)
suite_require_built "$MIP4CTL"
suite_require_module
suite_start
suite_run "$@"
