# SPDX-License-Identifier: GPL-2.0
# What the benchmarks share: their checks before they start, and their
# topology: a Home Agent namespace and a namespace for the nodes
# (mip4-bench), joined by one veth; the home network 10.0.0.0/8 is routed to
# the Home Agent. Sourced by registration.sh and teardown.sh after they set
# BENCH and MIP4CTL.

HA_ADDR=10.0.0.1
PREFIX=10.0.0.0/8
LINK_HA=192.0.2.1
LINK_BENCH=192.0.2.2

# Both namespaces afresh, and the Home Agent configured in the first
# (unless a third argument "no-ha": then nothing of the module's listens on
# port 434 there, for registration.sh's userspace responder).
bench_topo() { # ha-namespace bench-namespace [no-ha]
	local ha=$1 bench=$2 noha=${3:-}
	ip netns del "$ha" 2>/dev/null || true
	ip netns del "$bench" 2>/dev/null || true
	ip netns add "$ha"
	ip netns add "$bench"
	ip -n "$ha" link set lo up
	ip -n "$bench" link set lo up
	ip link add veth-ha netns "$ha" type veth peer name veth-bench \
		netns "$bench"
	ip -n "$ha" addr add "$LINK_HA/24" dev veth-ha
	ip -n "$ha" addr add "$HA_ADDR/8" dev veth-ha
	ip -n "$bench" addr add "$LINK_BENCH/24" dev veth-bench
	ip -n "$ha" link set veth-ha up
	ip -n "$bench" link set veth-bench up
	ip -n "$bench" route add "$PREFIX" via "$LINK_HA"
	[ "$noha" != no-ha ] || return 0
	ip netns exec "$ha" "$MIP4CTL" ha set address "$HA_ADDR" \
		prefix "$PREFIX" max-lifetime 65535
}

say() { printf '%s\n' "$*" >&2; }
die() { say "${0##*/}: $*"; exit 1; }

# Root, the programs, the module.
bench_require() {
	[ "$(id -u)" = 0 ] || die "run as root (in the VM: selftests/vm/run -- $0)"
	[ -x "$BENCH" ] || die "$BENCH not found: make -C userspace"
	[ -x "$MIP4CTL" ] || die "$MIP4CTL not found: make -C userspace"
	[ -d /sys/module/mip4ha ] || die "the mip4ha module is not loaded"
}
