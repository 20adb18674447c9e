#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mip4-mn with dynamic keys against the real thing: mip4ha.ko, mip4d and
# FreeRADIUS, each host a network namespace. Needs root and the module, so
# it runs in the test VM:
#
#   selftests/vm/run --timeout 600 -- userspace/mip4-mn/tests/vm_dynamic_keys.sh
#
#   mn  192.0.2.10 ---- 192.0.2.1  ha  10.1.0.1 (home, dummy)
#                                      10.9.0.1 ---- 10.9.0.2  aaa (FreeRADIUS)
#
# Checks, for each algorithm and replay method: the keys of both ends after
# the initial registration and after a rekey (mip4-mn --show-keys against
# mip4ctl sa show ... secrets), that a rekey sends nothing to the AAA server,
# and that a deregistration leaves no SA; then an AAA server slower than our
# first timeout (one key generation only), and a wrong password. Takes about
# five minutes under emulation. KTAP output.

set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
TOP=$(cd "$HERE/../../.." && pwd -P)
MN=$TOP/userspace/mip4-mn/mip4-mn
CTL=$TOP/userspace/mip4ctl
MIP4D=$TOP/userspace/mip4d/mip4d
MKCONF=$TOP/selftests/freeradius/mkconf.sh
NAI=mn-alice@example.net
W=$(mktemp -d /tmp/vm_dynamic_keys.XXXXXX)
n=0
failed=0
logs_shown=
pids=()

if [ "$(id -u)" != 0 ] || ! grep -q '^mip4ha ' /proc/modules; then
	echo "1..0 # SKIP needs root and mip4ha.ko: run it with selftests/vm/run"
	exit 4
fi

cleanup() {
	local p

	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	for ns in mn ha aaa; do
		ip netns del "dk-$ns" 2>/dev/null
	done
	rm -rf "$W"
}
trap cleanup EXIT

nsx() { # ns command...
	local ns=$1

	shift
	ip netns exec "dk-$ns" "$@"
}

ok() { # name; the status of the command before is the result
	local st=$?

	n=$((n + 1))
	if [ $st = 0 ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1"
		failed=$((failed + 1))
		[ -f "$W/mn.out" ] && sed 's/^/# mn: /' "$W/mn.out" "$W/mn.err"
		if [ -z "$logs_shown" ] && [ -f "$W/mip4d.log" ]; then
			logs_shown=1
			tail -n 60 "$W/mip4d.log" | sed 's/^/# mip4d: /'
			tail -n 30 "$W/radius.log" | sed 's/^/# radius: /'
		fi
	fi
	return $st
}

setup() {
	for ns in mn ha aaa; do
		ip netns add "dk-$ns"
		nsx "$ns" ip link set lo up
	done
	ip link add mn0 netns dk-mn type veth peer name ha0 netns dk-ha
	ip link add ha1 netns dk-ha type veth peer name aaa0 netns dk-aaa
	nsx mn ip addr add 192.0.2.10/24 dev mn0
	nsx mn ip link set mn0 up
	nsx mn ip route add 10.1.0.0/24 via 192.0.2.1
	nsx ha ip addr add 192.0.2.1/24 dev ha0
	nsx ha ip link set ha0 up
	nsx ha ip link add home0 type dummy
	nsx ha ip addr add 10.1.0.1/24 dev home0
	nsx ha ip link set home0 up
	nsx ha ip addr add 10.9.0.1/24 dev ha1
	nsx ha ip link set ha1 up
	nsx aaa ip addr add 10.9.0.2/24 dev aaa0
	nsx aaa ip link set aaa0 up
	nsx ha "$CTL" ha set address 10.1.0.1 prefix 10.1.0.0/24

	printf 'alice-Pass-1\n' >"$W/pw"
	printf 'alice-Pass-2\n' >"$W/wrong-pw"
	chmod 600 "$W/pw" "$W/wrong-pw"
	printf '[aaa]\nserver = 10.9.0.2\nsecret = testing123\n' >"$W/mip4d.conf"
	chmod 600 "$W/mip4d.conf"
	"$MKCONF" -a 10.9.0.2 -c 10.9.0.1 "$W/raddb" >/dev/null
}

start_aaa() {
	nsx aaa freeradius -f -d "$W/raddb" -l stdout >"$W/radius.log" 2>&1 &
	pids+=($!)
	nsx ha "$MIP4D" -f -v -c "$W/mip4d.conf" >"$W/mip4d.log" 2>&1 &
	pids+=($!)
	# FreeRADIUS takes half a minute to start under emulation.
	for _ in $(seq 240); do
		grep -q 'Ready to process requests' "$W/radius.log" && return 0
		sleep 0.5
	done
	echo "# FreeRADIUS did not start"
}

# Both values, as a diagnostic, and whether they are equal and not empty.
same() { # what mn-value ha-value
	echo "# $1: mn ${2:-none} ha ${3:-none}"
	[ -n "$2" ] && [ "$2" = "$3" ]
}

mn() { # options...: status in $st
	nsx mn "$MN" --ha 10.1.0.1 --home 10.1.0.10 --coa 192.0.2.10 \
		--nai "$NAI" --password-file "$W/pw" "$@" \
		>"$W/mn.out" 2>"$W/mn.err"
	st=$?
}

# UDP datagrams the AAA namespace received so far.
aaa_udp_in() {
	# shellcheck disable=SC2016 # awk's $2
	nsx aaa awk '/^Udp:/ { if (h) print $2; h = 1 }' /proc/net/snmp
}

# The key of the HA's SA of @role (skey, skey-prime) of our NAI.
ha_key() {
	nsx ha "$CTL" sa show nai "$NAI" secrets |
		awk -v role="$1" '$0 ~ " " role " " {
			for (i = 1; i < NF; i++) if ($i == "key") print $(i + 1) }'
}

ha_spi() {
	nsx ha "$CTL" sa show nai "$NAI" |
		awk -v role="$1" '$0 ~ " " role " " {
			for (i = 1; i < NF; i++) if ($i == "spi") print $(i + 1) }'
}

keygen_requests() {
	nsx ha "$CTL" stats | awk '$1 == "keygen-requests" { print $2 }'
}

# Field @name of the @nth "keys:" line of the node.
mn_key() { # nth name
	grep '^keys:' "$W/mn.out" | sed -n "$1p" |
		awk -v f="$2" '{ for (i = 1; i < NF; i++) if ($i == f) print $(i + 1) }'
}

# Until the node printed @count lines matching @pattern; false when it
# exited before, or after a minute (the VM is slow).
wait_lines() { # pid pattern count
	local _

	for _ in $(seq 120); do
		[ "$(grep -c "$2" "$W/mn.out")" -ge "$3" ] && return 0
		kill -0 "$1" 2>/dev/null || break
		sleep 0.5
	done
	[ "$(grep -c "$2" "$W/mn.out")" -ge "$3" ]
}

# One node through initial, rekey, re-registration, deregistration, with
# pauses for looking at the home agent (long: everything is slow in the VM).
scenario() { # alg replay new-spi-d
	local tag="$1/$2" pid udp0 udp1

	nsx mn "$MN" --ha 10.1.0.1 --home 10.1.0.10 --coa 192.0.2.10 \
		--nai "$NAI" --password-file "$W/pw" --alg "$1" --replay "$2" \
		--new-spi-d "$3" --reverse-tunnel --show-keys --print-id -v \
		--sequence initial,sleep:25,rekey,sleep:25,reregister,dereg \
		>"$W/mn.out" 2>"$W/mn.err" &
	pid=$!

	wait_lines $pid '^keys:' 1
	grep -qE '^registered: home 10.1.0.10 care-of 192.0.2.10 lifetime [0-9]+ keys: spi-s 0x1000 spi-d 0x1001 key-lifetime [0-9]+$' "$W/mn.out"
	if ! ok "$tag: initial registration accepted"; then
		wait $pid
		return
	fi
	nsx ha "$CTL" sa show nai "$NAI" | sed 's/^/# ha: /'
	same skey "$(mn_key 1 skey)" "$(ha_key skey)"
	ok "$tag: Skey equal at both ends"
	same skey-prime "$(mn_key 1 skey-prime)" "$(ha_key skey-prime)"
	ok "$tag: Skey' equal at both ends"
	udp0=$(aaa_udp_in)

	wait_lines $pid '^keys:' 2
	udp1=$(aaa_udp_in)
	grep -qE "^rekeyed: .* keys: spi-s 0x1000 spi-d $3 key-lifetime [0-9]+\$" "$W/mn.out"
	ok "$tag: rekey accepted"
	same skey-prime "$(mn_key 2 skey-prime)" "$(ha_key skey-prime)" &&
		same spi-d "$3" "$(ha_spi skey-prime)"
	ok "$tag: new Skey' equal at both ends, SPI_D $3"
	[ "$(mn_key 2 skey-prime)" != "$(mn_key 1 skey-prime)" ] &&
		[ "$(mn_key 2 skey)" = "$(mn_key 1 skey)" ]
	ok "$tag: Skey' changed, Skey kept"
	[ "$udp0" = "$udp1" ]
	ok "$tag: no AAA traffic for the rekey ($udp0 -> $udp1 datagrams)"

	wait $pid && [ "$(tail -n 1 "$W/mn.out")" = deregistered ]
	ok "$tag: re-registration and deregistration accepted"
	[ -z "$(nsx ha "$CTL" sa show nai "$NAI")" ]
	ok "$tag: no SA left at the home agent"
	nsx ha "$CTL" sa show nai "$NAI" | sed 's/^/# left: /'
}

echo "KTAP version 1"
echo "1..25"  # fewer when an initial registration fails
setup

mn --once --retries 0 --timeout-ms 1000
[ $st = 3 ] &&
	grep -q '^denied: code 128 (reason unspecified) \[unauthenticated\]$' "$W/mn.out"
ok "no key daemon: 128, unauthenticated"

start_aaa
scenario hmac-md5 timestamp 0x1001
scenario hmac-sha256 nonce 0x2000

# The AAA server answers after our first timeout (1 s): the request sent
# again must not make a second set of keys.
nsx aaa tc qdisc add dev aaa0 root netem delay 1500ms
k0=$(keygen_requests)
mn --show-keys --once
k1=$(keygen_requests)
[ $st = 0 ]
ok "slow AAA server: accepted"
same keygen-requests "$((k0 + 1))" "$k1"
ok "slow AAA server: one key generation"
same skey "$(mn_key 1 skey)" "$(ha_key skey)" &&
	same skey-prime "$(mn_key 1 skey-prime)" "$(ha_key skey-prime)"
ok "slow AAA server: keys equal at both ends"
nsx aaa tc qdisc del dev aaa0 root
mn --sequence initial,dereg
[ $st = 0 ]
ok "slow AAA server: new keys and deregistration"

mn --password-file "$W/wrong-pw" --once --retries 0 --timeout-ms 3000
[ $st = 3 ] &&
	grep -q '^denied: code 131 (mobile node failed authentication) \[unauthenticated\]$' "$W/mn.out"
ok "wrong password: 131, unauthenticated"
[ -z "$(nsx ha "$CTL" sa show nai "$NAI")" ]
ok "wrong password: no SA at the home agent"

nsx ha "$CTL" stats | sed 's/^/# stats: /'
echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
[ $failed = 0 ]
