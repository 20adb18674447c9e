#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # test functions run through ktap_run_tests
# The data plane of mip4ha (Documentation/dataplane.md) with a real mobile
# node: packets for a registered home address are tunnelled IP-in-IP to the
# care-of address, reverse tunnels are accepted only from it, proxy and
# gratuitous ARP on the home link, PMTU, the reverse-tunnel policy, and the
# counters. Every test builds its own namespaces:
#
#   cn 198.51.100.2 ---- .1 [ha] 10.1.0.1 ---- 10.1.0.2 home   (home link)
#                            192.0.2.1  203.0.113.1
#                               |            |
#                     192.0.2.10 [mn] 203.0.113.10  (care-of addresses)
#
# The mobile node (mip4-mn, co-located care-of address) keeps its home
# address 10.1.0.10 on an ipip device to the Home Agent and routes
# everything through it (reverse tunnel). Packets are checked with dumpcap
# and tshark, deliveries with ping and the receivers' counters.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# The shared topology (lib.sh) and around it:
HOME_ADDR=10.1.0.10
COA2=203.0.113.10
COA2_GW=203.0.113.1
CN_ADDR=198.51.100.2
CN_GW=198.51.100.1
NS_CN=${NS_PREFIX}cn
SPI=256
KEY=000102030405060708090a0b0c0d0e0f
# The lifetime of a binding that must not end during a test, however slow
# the kernel (a debug kernel spends minutes in one test); within the Home
# Agent's default max-lifetime (1800).
LIFETIME=1800

# Kills the captures of the last test and deletes its namespaces.
dp_cleanup() {
	bg_kill_all
	ns_cleanup
}

# --- the topology ------------------------------------------------------------

ha() { ns_exec "$NS_HA" "$@"; }
mn() { ns_exec "$NS_MN" "$@"; }
cn() { ns_exec "$NS_CN" "$@"; }
home() { ns_exec "$NS_HOME" "$@"; }

# The shared topology with a correspondent CN_ADDR beside it, the Home
# Agent configured with the mobile node's SA, and the mobile node's tunnel
# device mip0 (not registered yet). No IPv6: nothing but the test's packets
# on the links.
topo_setup() {
	local ns
	dp_cleanup
	for ns in ha mn cn home; do
		ns=$(ns_create "$ns")
		ns_exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	topo_ha_mn
	topo_home_link veth
	veth "$NS_HA" ha-cn "$NS_CN" cn-ha
	ip -n "$NS_HA" addr add "$CN_GW/24" dev ha-cn
	ip -n "$NS_CN" addr add "$CN_ADDR/24" dev cn-ha
	ip -n "$NS_CN" route add default via "$CN_GW"

	# What Documentation/dataplane.md asks of the operator.
	ha sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=2 \
		net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.ha-home.send_redirects=0
	run_ok topo_ha_config
	echo "$KEY" >"$WORK/key"
	run_ok hactl sa add home-address "$HOME_ADDR" spi "$SPI" \
		algorithm hmac-md5 key-file "$WORK/key"

	# The mobile node: its home address on a tunnel to the Home Agent, the
	# Home Agent reached directly, everything else through the tunnel.
	ip -n "$NS_MN" link add mip0 type ipip local "$COA" remote "$HA_ADDR"
	ip -n "$NS_MN" addr add "$HOME_ADDR/32" dev mip0
	ip -n "$NS_MN" link set mip0 up
	ip -n "$NS_MN" route add "$HA_ADDR/32" via "$COA_GW"
	ip -n "$NS_MN" route add default dev mip0 src "$HOME_ADDR"
}

# A second link between the Home Agent and the mobile node.
topo_second_link() {
	veth "$NS_HA" ha-mn2 "$NS_MN" mn2-ha
	ip -n "$NS_HA" addr add "$COA2_GW/24" dev ha-mn2
	ip -n "$NS_MN" addr add "$COA2/24" dev mn2-ha
}

# The mobile node moves its tunnel and its route to the Home Agent.
mn_move_to() { # care-of address, its gateway
	ip -n "$NS_MN" link set mip0 type ipip local "$1" remote "$HA_ADDR"
	ip -n "$NS_MN" route replace "$HA_ADDR/32" via "$2"
}

# --- the mobile node -----------------------------------------------------------

# Registers from the care-of address $2 (default $COA) with mip4-mn options
# $3...; must be accepted.
# mip4-mn at the node. It ends on the reply: waiting 10 s for it costs
# nothing, while a reply later than the default 1 s on a loaded machine
# would have it send a second request, which the tests count (a later
# --timeout-ms wins).
mip4_mn() {
	mn "$MIP4_MN" --ha "$HA_ADDR" --timeout-ms 10000 "$@"
}

mn_register() { # lifetime [coa [option...]]
	local lifetime=$1 coa=${2:-$COA}
	shift 2 || shift
	run_ok mip4_mn --home "$HOME_ADDR" --coa "$coa" \
		--spi "$SPI" --key-file "$WORK/key" --lifetime "$lifetime" --once "$@"
	expect_eq "$OUT" "registered: home $HOME_ADDR care-of $coa lifetime $lifetime" \
		"mip4-mn --once"
}

mn_deregister() {
	run_ok mip4_mn --home "$HOME_ADDR" --coa "$COA" \
		--spi "$SPI" --key-file "$WORK/key" --dereg
	expect_eq "$OUT" "deregistered" "mip4-mn --dereg"
}

# --- counters ------------------------------------------------------------------

# Field of the binding (home address, care-of address) in mip4ctl -j
# binding show, "none" when there is no such binding.
binding_field() { # field [coa]
	hactl -j binding show >"$WORK/bindings"
	jq -r --arg h "$HOME_ADDR" --arg c "${2:-$COA}" --arg f "$1" '
		[.. | objects | select(.home_address? == $h and .care_of_address? == $c)]
		| if length == 0 then "none" else .[0][$f] end' "$WORK/bindings"
}

# Number of bindings shown by mip4ctl binding show.
binding_count() {
	hactl -j binding show |
		jq '[.. | objects | select(has("care_of_address"))] | length'
}

# A counter of an interface.
if_stat() { # ns dev counter
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"
}

mip0_rx_tx() {
	echo "$(if_stat "$NS_MN" mip0 rx_packets) $(if_stat "$NS_MN" mip0 tx_packets)"
}

# Echo requests a namespace has received (IcmpInEchos).
in_echos() { # ns
	# shellcheck disable=SC2016 # awk's $
	ip netns exec "$1" awk '/^Icmp:/ { if (!h) { for (i = 1; i <= NF; i++) n[$i] = i; h = 1 }
		else print $n["InEchos"] }' /proc/net/snmp
}

# Waits until a neighbour entry has given up (no more ARP requests).
neigh_failed() { # ns address
	local state
	for _ in $(seq 100); do
		state=$(ip -n "$1" neigh show "$2")
		case $state in *FAILED*) return 0 ;; esac
		sleep 0.1
	done
	fail "neighbour $2 in $1: \"$state\", expected FAILED"
}

# Pings; prints how many replies came back. Never fails. Waits up to 5 s
# for the last reply: a VM under TCG on a busy host can stall for a second.
ping_rx() { # ns ping-argument...
	local ns=$1 out rx
	shift
	out=$(ip netns exec "$ns" ping -n -q -i 0.2 -W "${PING_WAIT:-5}" "$@" 2>&1 || true)
	rx=$(printf '%s\n' "$out" | sed -n 's/.* \([0-9]\+\) \(packets \)\?received.*/\1/p')
	# Replies missing where they were wanted: show what ping said.
	[ "${PING_WAIT:-5}" = 1 ] || printf '%s\n' "$out" | grep -q ' 0% packet loss' ||
		printf 'ping %s:\n%s\n' "$*" "$out" >&2
	echo "$rx"
}

# Pings that must not be answered: prints the number of replies (0), after
# 1 s. The counters the callers check as well catch a late reply.
ping_none() { # ns ping-argument...
	PING_WAIT=1 ping_rx "$@"
}

# --- captures ------------------------------------------------------------------

# Starts dumpcap in a namespace on the interfaces given; sets CAP_PID and
# CAP_FILE. The first run after boot is slow (cold page cache).
cap_start() { # ns file iface...
	local ns=$1 i args=()
	CAP_FILE=$2
	shift 2
	for i in "$@"; do args+=(-i "$i"); done
	ip netns exec "$ns" dumpcap -q "${args[@]}" -w "$CAP_FILE" \
		>/dev/null 2>"$CAP_FILE.err" &
	CAP_PID=$!
	bg_track "$CAP_PID"
	for _ in $(seq 600); do
		! grep -q '^Capturing on' "$CAP_FILE.err" || break
		kill -0 "$CAP_PID" 2>/dev/null || fail "dumpcap: $(cat "$CAP_FILE.err")"
		sleep 0.1
	done
	grep -q '^Capturing on' "$CAP_FILE.err" || fail "dumpcap did not start"
	sleep 0.5
}

cap_stop() {
	sleep 0.5
	kill -INT "$CAP_PID"
	wait "$CAP_PID" || fail "dumpcap: $(cat "$CAP_FILE.err")"
}

# Fields of the captured packets that match a display filter, one packet a
# line, fields separated by spaces; several occurrences of a field (the
# outer and the inner IP header) separated by commas, outer first.
cap_fields() { # file filter field...
	local file=$1 filter=$2 f args=()
	shift 2
	for f in "$@"; do args+=(-e "$f"); done
	tshark -r "$file" -o ip.defragment:FALSE -Y "$filter" -T fields \
		-E separator=/s "${args[@]}" 2>"$WORK/tshark.err" ||
		fail "tshark: $(cat "$WORK/tshark.err")"
	grep -v '^Running as user' "$WORK/tshark.err" >&2 || true
}

# Waits until the running capture holds N packets matching a display
# filter, for 30 s at most (however long each look takes): the Home Agent's
# repeated gratuitous ARPs are due a second apart, later on a loaded
# machine. The caller checks the count.
cap_wait_count() { # n filter
	local got end=$((SECONDS + 30))
	while [ "$SECONDS" -lt "$end" ]; do
		got=$(tshark -r "$CAP_FILE" -Y "$2" -T fields -e frame.number 2>/dev/null | wc -l)
		[ "$got" -lt "$1" ] || return 0
		sleep 0.2
	done
}

# Lines of $1 equal to $2.
count_lines() { # text line
	printf '%s\n' "$1" | grep -cxF -- "$2" || true
}

# --- the tests -------------------------------------------------------------------

# A correspondent reaches the node at its home address while it is away: the
# Home Agent tunnels the echo requests to the care-of address, the node
# reverse-tunnels the replies.
test_tunnel_both_ways() {
	local pkts req rep opened raw_pid
	topo_setup
	mn_register "$LIFETIME" "$COA" --reverse-tunnel

	cap_start "$NS_MN" "$WORK/t1.pcap" mn-ha
	expect_eq "$(ping_rx "$NS_CN" -c 3 "$HOME_ADDR")" 3 "echo replies at the correspondent"
	cap_stop

	pkts=$(cap_fields "$WORK/t1.pcap" ip ip.src ip.dst ip.proto icmp.type)
	req="$HA_ADDR,$CN_ADDR $COA,$HOME_ADDR 4,1 8"
	rep="$COA,$HOME_ADDR $HA_ADDR,$CN_ADDR 4,1 0"
	expect_eq "$pkts" "$req
$rep
$req
$rep
$req
$rep" "IP packets on the HA-MN link (outer,inner: src dst proto icmp-type)"

	expect_eq "$(ha_stat tunnel-tx-packets) $(ha_stat tunnel-rx-packets)" "3 3" \
		"tunnel-tx-packets tunnel-rx-packets"
	expect_eq "$(ha_stat tunnel-rx-dropped) $(ha_stat tunnel-errors)" "0 0" \
		"tunnel-rx-dropped tunnel-errors"

	# At the Home Agent, on the link to the node: the tunnelled packets,
	# and each reply again once opened, as a well-formed Ethernet frame
	# (received again on that device, like IPsec's tunnel mode).
	# And a raw IP-in-IP socket there, which shares each received packet
	# with the tunnel handler: opening the packet must not write into the
	# socket's copy.
	ip netns exec "$NS_HA" python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 4)
s.settimeout(30)
print("ready", flush=True)
for _ in range(2):
    p = s.recv(4096)
    print(socket.inet_ntoa(p[12:16]), socket.inet_ntoa(p[16:20]), p[9], flush=True)
' >"$WORK/raw.out" 2>&1 &
	raw_pid=$!
	bg_track "$raw_pid"
	for _ in $(seq 300); do
		! grep -q '^ready' "$WORK/raw.out" || break
		sleep 0.1
	done
	cap_start "$NS_HA" "$WORK/t1ha.pcap" ha-mn
	expect_eq "$(ping_rx "$NS_CN" -c 2 "$HOME_ADDR")" 2 "echo replies, second round"
	cap_stop
	wait "$raw_pid" || true
	expect_eq "$(cat "$WORK/raw.out")" "ready
$COA $HA_ADDR 4
$COA $HA_ADDR 4" "outer headers read from a raw IP-in-IP socket (src dst protocol)"
	pkts=$(cap_fields "$WORK/t1ha.pcap" 'not arp' eth.type ip.src ip.dst \
		icmp.type _ws.expert.message | sort)
	req="0x0800 $HA_ADDR,$CN_ADDR $COA,$HOME_ADDR 8 "
	rep="0x0800 $COA,$HOME_ADDR $HA_ADDR,$CN_ADDR 0 "
	opened="0x0800 $HOME_ADDR $CN_ADDR 0 "
	expect_eq "$pkts" "$(printf '%s\n' "$req" "$req" "$rep" "$rep" "$opened" "$opened" | sort)" \
		"frames on the Home Agent's link to the node (ethertype, src, dst, icmp-type, tshark's warnings)"
}

# No binding, no tunnel: before registration, after deregistration and after
# the binding expired the correspondent's echo requests go to the home link,
# where nobody answers.
test_no_binding_no_tunnel() {
	local rx0
	topo_setup
	rx0=$(if_stat "$NS_MN" mip0 rx_packets)

	expect_eq "$(ping_none "$NS_CN" -c 1 "$HOME_ADDR")" 0 "replies before registration"
	# The Home Agent forwarded it to the home link, where nobody answered.
	expect_match "$(ip -n "$NS_HA" neigh show "$HOME_ADDR" dev ha-home)" \
		"^$HOME_ADDR (INCOMPLETE|FAILED)" "the Home Agent's neighbour entry"
	expect_eq "$(ha_stat tunnel-tx-packets)" 0 "tunnel-tx-packets before registration"
	expect_eq "$(if_stat "$NS_MN" mip0 rx_packets)" "$rx0" "mip0 rx_packets before registration"

	mn_register "$LIFETIME"
	expect_eq "$(binding_count)" 1 "bindings after registration"
	expect_eq "$(ping_rx "$NS_CN" -c 1 "$HOME_ADDR")" 1 "replies while registered"
	expect_eq "$(ha_stat tunnel-tx-packets)" 1 "tunnel-tx-packets while registered"
	expect_eq "$(if_stat "$NS_MN" mip0 rx_packets)" $((rx0 + 1)) "mip0 rx_packets while registered"

	mn_deregister
	expect_eq "$(binding_count)" 0 "bindings after deregistration"
	expect_eq "$(ping_none "$NS_CN" -c 1 "$HOME_ADDR")" 0 "replies after deregistration"
	expect_eq "$(ha_stat tunnel-tx-packets)" 1 "tunnel-tx-packets after deregistration"
	expect_eq "$(if_stat "$NS_MN" mip0 rx_packets)" $((rx0 + 1)) "mip0 rx_packets after deregistration"

	# A binding that expires on its own: working, then refreshed with a
	# 2 s lifetime and waited out (however slow the machine).
	mn_register "$LIFETIME"
	expect_eq "$(ping_rx "$NS_CN" -c 1 "$HOME_ADDR")" 1 "replies with a new binding"
	expect_eq "$(ha_stat tunnel-tx-packets)" 2 "tunnel-tx-packets with a new binding"
	mn_register 2
	for _ in $(seq 600); do
		[ "$(binding_count)" != 0 ] || break
		sleep 0.1
	done
	expect_eq "$(binding_count)" 0 "bindings after the 2 s lifetime"
	expect_eq "$(ping_none "$NS_CN" -c 1 "$HOME_ADDR")" 0 "replies after expiry"
	expect_eq "$(ha_stat tunnel-tx-packets)" 2 "tunnel-tx-packets after expiry"
	expect_eq "$(if_stat "$NS_MN" mip0 rx_packets)" $((rx0 + 2)) "mip0 rx_packets after expiry"
}

# The node moves to a second care-of address and registers from there: the
# next packets go to the new address, none to the old one.
test_follows_new_coa() {
	local pkts
	topo_setup
	topo_second_link
	mn_register "$LIFETIME" "$COA" --reverse-tunnel

	cap_start "$NS_MN" "$WORK/t3.pcap" mn-ha mn2-ha
	expect_eq "$(ping_rx "$NS_CN" -c 2 "$HOME_ADDR")" 2 "replies at the first care-of address"
	mn_move_to "$COA2" "$COA2_GW"
	mn_register "$LIFETIME" "$COA2" --reverse-tunnel
	expect_eq "$(binding_field care_of_address "$COA2")" "$COA2" "the new binding"
	expect_eq "$(binding_count)" 1 "bindings after moving (no S bit: replaced)"
	expect_eq "$(ping_rx "$NS_CN" -c 2 "$HOME_ADDR")" 2 "replies at the second care-of address"
	cap_stop

	pkts=$(cap_fields "$WORK/t3.pcap" 'ip.proto == 4' frame.interface_name \
		ip.src ip.dst icmp.type)
	expect_eq "$pkts" "mn-ha $HA_ADDR,$CN_ADDR $COA,$HOME_ADDR 8
mn-ha $COA,$HOME_ADDR $HA_ADDR,$CN_ADDR 0
mn-ha $HA_ADDR,$CN_ADDR $COA,$HOME_ADDR 8
mn-ha $COA,$HOME_ADDR $HA_ADDR,$CN_ADDR 0
mn2-ha $HA_ADDR,$CN_ADDR $COA2,$HOME_ADDR 8
mn2-ha $COA2,$HOME_ADDR $HA_ADDR,$CN_ADDR 0
mn2-ha $HA_ADDR,$CN_ADDR $COA2,$HOME_ADDR 8
mn2-ha $COA2,$HOME_ADDR $HA_ADDR,$CN_ADDR 0" \
		"tunnelled packets (interface outer,inner src, dst, icmp-type)"
	expect_eq "$(binding_field tx_packets "$COA2") $(binding_field rx_packets "$COA2")" \
		"2 2" "tx-packets rx-packets of the new binding"
	expect_eq "$(ha_stat tunnel-tx-packets) $(ha_stat tunnel-rx-packets)" "4 4" \
		"tunnel-tx-packets tunnel-rx-packets"
}

# Reverse-tunnelled packets with the node's home address inside but not from
# its registered care-of address are dropped and counted.
test_spoofed_reverse_tunnel() {
	local echos
	topo_setup
	mn_register "$LIFETIME" "$COA" --reverse-tunnel
	echos=$(in_echos "$NS_HOME")

	# The genuine node reaches the home host through its reverse tunnel.
	expect_eq "$(ping_rx "$NS_MN" -c 1 "$HOME_HOST")" 1 "replies to the node"
	expect_eq "$(in_echos "$NS_HOME")" $((echos + 1)) "echo requests at the home host"
	expect_eq "$(ha_stat tunnel-rx-packets) $(ha_stat tunnel-rx-dropped)" "1 0" \
		"tunnel-rx-packets tunnel-rx-dropped after the node's ping"

	# The correspondent pretends to be the node: an ipip tunnel from its own
	# address to the Home Agent, the home address inside.
	ip -n "$NS_CN" link add t0 type ipip local "$CN_ADDR" remote "$HA_ADDR"
	ip -n "$NS_CN" addr add "$HOME_ADDR/32" dev t0
	ip -n "$NS_CN" link set t0 up
	ip -n "$NS_CN" route add "$HOME_HOST/32" dev t0 src "$HOME_ADDR"
	expect_eq "$(ping_none "$NS_CN" -c 3 -I "$HOME_ADDR" "$HOME_HOST")" 0 \
		"replies to the spoofing correspondent"
	expect_eq "$(if_stat "$NS_CN" t0 tx_packets)" 3 "packets the correspondent tunnelled"
	expect_soon 3 "tunnel-rx-dropped after 3 from the correspondent" \
		ha_stat tunnel-rx-dropped

	# From the node's own link, another outer source than the care-of address.
	ip -n "$NS_MN" addr add 192.0.2.11/24 dev mn-ha
	ip -n "$NS_MN" link add t1 type ipip local 192.0.2.11 remote "$HA_ADDR"
	ip -n "$NS_MN" link set t1 up
	ip -n "$NS_MN" route add "$HOME_HOST/32" dev t1 src "$HOME_ADDR"
	expect_eq "$(ping_none "$NS_MN" -c 2 "$HOME_HOST")" 0 "replies through the wrong outer source"
	expect_eq "$(if_stat "$NS_MN" t1 tx_packets)" 2 "packets tunnelled from 192.0.2.11"
	expect_soon 5 "tunnel-rx-dropped after 2 more from 192.0.2.11" \
		ha_stat tunnel-rx-dropped

	expect_eq "$(in_echos "$NS_HOME")" $((echos + 1)) "echo requests at the home host"
	expect_eq "$(ha_stat tunnel-rx-packets) $(ha_stat tunnel-tx-packets)" "1 1" \
		"tunnel-rx-packets tunnel-tx-packets"
	expect_eq "$(binding_field rx_packets)" 1 "rx-packets of the binding"
}

# Counters: per binding and per Home Agent, packets and bytes, both ways.
test_counters() {
	local n=5 m=3 size=84
	topo_setup
	mn_register "$LIFETIME" "$COA" --reverse-tunnel
	expect_eq "$(binding_field tx_packets) $(binding_field rx_packets)" "0 0" \
		"binding counters after registration"

	# n echo requests in, n replies out; 84 bytes each (56 + 8 + 20).
	expect_eq "$(ping_rx "$NS_CN" -c "$n" "$HOME_ADDR")" "$n" "replies at the correspondent"
	expect_eq "$(binding_field tx_packets) $(binding_field rx_packets)" "$n $n" \
		"tx-packets rx-packets of the binding after $n pings from the correspondent"
	expect_eq "$(binding_field tx_bytes) $(binding_field rx_bytes)" \
		"$((n * size)) $((n * size))" "tx-bytes rx-bytes of the binding"
	expect_eq "$(ha_stat tunnel-tx-packets) $(ha_stat tunnel-rx-packets)" "$n $n" \
		"tunnel-tx-packets tunnel-rx-packets"
	expect_eq "$(if_stat "$NS_MN" mip0 rx_packets) $(if_stat "$NS_MN" mip0 tx_packets)" \
		"$n $n" "mip0 rx_packets tx_packets at the node"

	# m echo requests from the node, 100 bytes of data: 128-byte packets.
	expect_eq "$(ping_rx "$NS_MN" -c "$m" -s 100 "$CN_ADDR")" "$m" "replies at the node"
	expect_eq "$(binding_field tx_packets) $(binding_field rx_packets)" \
		"$((n + m)) $((n + m))" "tx-packets rx-packets of the binding after $m pings from the node"
	expect_eq "$(binding_field tx_bytes) $(binding_field rx_bytes)" \
		"$((n * size + m * 128)) $((n * size + m * 128))" "tx-bytes rx-bytes of the binding"
	expect_eq "$(ha_stat tunnel-tx-packets) $(ha_stat tunnel-rx-packets)" "$((n + m)) $((n + m))" \
		"tunnel-tx-packets tunnel-rx-packets"
	expect_eq "$(ha_stat tunnel-rx-dropped) $(ha_stat tunnel-frag-needed) $(ha_stat tunnel-errors)" \
		"0 0 0" "tunnel-rx-dropped tunnel-frag-needed tunnel-errors"
}

# Proxy ARP and the gratuitous ARP on the home link (RFC 5944 §4.6).
test_proxy_arp() {
	local ha_mac home_mac arps
	topo_setup
	ha_mac=$(ip netns exec "$NS_HA" cat /sys/class/net/ha-home/address)
	home_mac=$(ip netns exec "$NS_HOME" cat /sys/class/net/home-ha/address)

	# At home but not there: nobody answers.
	expect_eq "$(ping_none "$NS_HOME" -c 1 "$HOME_ADDR")" 0 "replies before registration"
	expect_no_match "$(ip -n "$NS_HOME" neigh show "$HOME_ADDR")" lladdr \
		"the home host's neighbour entry before registration"

	neigh_failed "$NS_HOME" "$HOME_ADDR"

	cap_start "$NS_HOME" "$WORK/t6.pcap" home-ha
	mn_register "$LIFETIME" "$COA" --reverse-tunnel
	# Three of them (RFC 5944 §4.6: repeated), a second apart.
	cap_wait_count 3 "arp.src.proto_ipv4 == $HOME_ADDR && arp.dst.proto_ipv4 == $HOME_ADDR"
	# The gratuitous ARP updated the home host's (failed) entry.
	expect_match "$(ip -n "$NS_HOME" neigh show "$HOME_ADDR")" "lladdr $ha_mac " \
		"the home host's neighbour entry after the gratuitous ARP"
	ip -n "$NS_HOME" neigh flush all
	expect_eq "$(ping_rx "$NS_HOME" -c 1 "$HOME_ADDR")" 1 "replies while away"
	expect_match "$(ip -n "$NS_HOME" neigh show "$HOME_ADDR")" \
		"^$HOME_ADDR dev home-ha lladdr $ha_mac (REACHABLE|STALE|DELAY)" \
		"the home host's neighbour entry after asking"
	# No fourth one.
	sleep 1.5
	cap_stop

	# opcode, sender MAC, sender IP, target MAC, target IP
	arps=$(cap_fields "$WORK/t6.pcap" arp eth.src arp.opcode arp.src.hw_mac \
		arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4)
	expect_eq "$(count_lines "$arps" \
		"$ha_mac 1 $ha_mac $HOME_ADDR 00:00:00:00:00:00 $HOME_ADDR")" 3 \
		"gratuitous ARPs for $HOME_ADDR from the Home Agent, in: $arps"
	expect_eq "$(count_lines "$arps" \
		"$home_mac 1 $home_mac $HOME_HOST 00:00:00:00:00:00 $HOME_ADDR")" 1 \
		"the home host's request for $HOME_ADDR, in: $arps"
	expect_eq "$(count_lines "$arps" \
		"$ha_mac 2 $ha_mac $HOME_ADDR $home_mac $HOME_HOST")" 1 \
		"the Home Agent's answer for $HOME_ADDR, in: $arps"

	# Deregistered: the Home Agent no longer answers for the address.
	mn_deregister
	ip -n "$NS_HOME" neigh flush all
	cap_start "$NS_HOME" "$WORK/t6b.pcap" home-ha
	expect_eq "$(ping_none "$NS_HOME" -c 1 "$HOME_ADDR")" 0 "replies after deregistration"
	cap_stop
	expect_no_match "$(ip -n "$NS_HOME" neigh show "$HOME_ADDR")" lladdr \
		"the home host's neighbour entry after deregistration"
	arps=$(cap_fields "$WORK/t6b.pcap" arp arp.opcode arp.src.proto_ipv4 \
		arp.dst.proto_ipv4)
	expect_match "$arps" "^1 $HOME_HOST $HOME_ADDR$" "ARP requests after deregistration"
	expect_no_match "$arps" "^2 " "ARP replies after deregistration"
}

# The node comes back to its home link (RFC 5944 §4.6): the Home Agent
# accepts its deregistration from home, stops proxying and sends gratuitous
# ARPs, repeated, that give the home address the node's own link-layer
# address (the frames themselves from the Home Agent's). A rejected one or a
# deregistration from away changes nothing on the home link.
test_return_home() {
	local ha_mac mn_mac arps own garp_filter
	topo_setup
	# The home link becomes a bridge in the home host's namespace, so that
	# the node can come back to it.
	ip -n "$NS_HOME" addr flush dev home-ha
	# A fixed address: a bridge otherwise takes its ports' lowest, and a
	# change of address flushes the host's neighbour entries on it.
	ip -n "$NS_HOME" link add br0 address 02:00:00:00:00:02 type bridge
	ip -n "$NS_HOME" link set home-ha master br0
	ip -n "$NS_HOME" link set br0 up
	ip -n "$NS_HOME" addr add "$HOME_HOST/24" dev br0
	ip -n "$NS_HOME" route add default via "$HA_ADDR"
	ha_mac=$(ip netns exec "$NS_HA" cat /sys/class/net/ha-home/address)
	garp_filter="arp && eth.src == $ha_mac && arp.src.proto_ipv4 == $HOME_ADDR && arp.dst.proto_ipv4 == $HOME_ADDR"

	mn_register "$LIFETIME" "$COA" --reverse-tunnel
	expect_eq "$(ping_rx "$NS_HOME" -c 1 "$HOME_ADDR")" 1 "replies while away"
	expect_match "$(ip -n "$NS_HOME" neigh show "$HOME_ADDR")" "lladdr $ha_mac " \
		"the home host's neighbour entry while away"
	# The node's earlier announcements are over.
	sleep 2.5

	# Home: plugged into the home link, the home address there, no tunnel.
	ip -n "$NS_MN" link del mip0
	ip -n "$NS_MN" route del "$HA_ADDR/32"
	veth "$NS_MN" mn-home "$NS_HOME" home-mn
	ip -n "$NS_HOME" link set home-mn master br0
	mn_mac=$(ip netns exec "$NS_MN" cat /sys/class/net/mn-home/address)
	ip -n "$NS_MN" addr add "$HOME_ADDR/24" dev mn-home

	# A deregistration from home with a wrong key: 131, answered on the
	# home link although the binding stays (RFC 5944 §3.8.3.1), and
	# nothing changes.
	cap_start "$NS_HOME" "$WORK/t9a.pcap" br0
	echo 0f0e0d0c0b0a09080706050403020100 >"$WORK/badkey"
	capture mip4_mn --home "$HOME_ADDR" --coa "$HOME_ADDR" \
		--spi "$SPI" --key-file "$WORK/badkey" --dereg --dereg-all --retries 0 \
		--timeout-ms 2000
	expect_match "$OUT$ERR" "code 131.*wrong key" "mip4-mn with a wrong key at home"
	expect_eq "$(binding_count)" 1 "bindings after a rejected deregistration from home"
	sleep 1.5
	cap_stop
	arps=$(cap_fields "$WORK/t9a.pcap" "$garp_filter" arp.src.hw_mac)
	expect_eq "$arps" "" "gratuitous ARPs after a rejected deregistration"

	cap_start "$NS_HOME" "$WORK/t9.pcap" br0
	run_ok mip4_mn --home "$HOME_ADDR" --coa "$HOME_ADDR" \
		--spi "$SPI" --key-file "$WORK/key" --dereg --dereg-all
	expect_eq "$OUT" "deregistered" "mip4-mn --dereg --dereg-all from home"
	expect_eq "$(binding_count)" 0 "bindings after the deregistration from home"
	cap_wait_count 3 "$garp_filter"
	sleep 1.5
	cap_stop

	# destination, opcode, sender MAC
	arps=$(cap_fields "$WORK/t9.pcap" "$garp_filter" eth.dst arp.opcode arp.src.hw_mac)
	expect_eq "$(count_lines "$arps" "ff:ff:ff:ff:ff:ff 1 $mn_mac")" 3 \
		"gratuitous ARPs for $HOME_ADDR with the node's address, in: $arps"
	expect_eq "$(wc -l <<<"$arps")" 3 "gratuitous ARPs from the Home Agent, in: $arps"
	# The node itself sent no gratuitous ARP: the Home Agent's updated the
	# home host, which now reaches the node directly.
	own=$(cap_fields "$WORK/t9.pcap" "arp && eth.src == $mn_mac && arp.src.proto_ipv4 == $HOME_ADDR && arp.dst.proto_ipv4 == $HOME_ADDR" frame.number)
	expect_eq "$own" "" "gratuitous ARPs of the node itself"
	expect_match "$(ip -n "$NS_HOME" neigh show "$HOME_ADDR")" "lladdr $mn_mac " \
		"the home host's neighbour entry after the Home Agent's gratuitous ARP"
	expect_eq "$(ping_rx "$NS_HOME" -c 1 "$HOME_ADDR")" 1 "replies at home"
}

# A deregistration of all bindings from away (care-of = home address, sent
# from the care-of address): the Home Agent stops proxying but announces no
# link-layer address of the node, which is not on the home link.
test_dereg_all_from_away() {
	local ha_mac arps
	topo_setup
	ha_mac=$(ip netns exec "$NS_HA" cat /sys/class/net/ha-home/address)
	mn_register "$LIFETIME" "$COA" --reverse-tunnel
	sleep 2.5
	cap_start "$NS_HOME" "$WORK/t10.pcap" home-ha
	run_ok mip4_mn --home "$HOME_ADDR" --coa "$COA" \
		--spi "$SPI" --key-file "$WORK/key" --dereg --dereg-all
	expect_eq "$OUT" "deregistered" "mip4-mn --dereg --dereg-all from away"
	expect_eq "$(binding_count)" 0 "bindings after the deregistration from away"
	sleep 1.5
	cap_stop
	arps=$(cap_fields "$WORK/t10.pcap" \
		"arp && eth.src == $ha_mac && arp.src.proto_ipv4 == $HOME_ADDR && arp.dst.proto_ipv4 == $HOME_ADDR" \
		arp.src.hw_mac)
	expect_eq "$arps" "" "gratuitous ARPs after a deregistration from away"
}

# Path MTU: the tunnel costs 20 bytes. Without DF the outer packet is
# fragmented; a packet that does not fit with DF set gets "fragmentation
# needed" with the tunnel's MTU.
test_pmtu() {
	local out icmp pkts
	topo_setup
	ip -n "$NS_HA" link set ha-mn mtu 1400
	ip -n "$NS_MN" link set mn-ha mtu 1400
	ip -n "$NS_MN" link set mip0 mtu 1380
	mn_register "$LIFETIME" "$COA" --reverse-tunnel

	# 1500 bytes without DF (nobody has learnt a smaller PMTU yet): one
	# packet tunnelled, in two fragments.
	cap_start "$NS_MN" "$WORK/t7a.pcap" mn-ha
	expect_eq "$(ping_rx "$NS_CN" -c 1 -M dont -s 1472 "$HOME_ADDR")" 1 \
		"replies to 1500 bytes without DF"
	cap_stop
	expect_eq "$(ha_stat tunnel-frag-needed) $(ha_stat tunnel-tx-packets)" "0 1" \
		"tunnel-frag-needed tunnel-tx-packets after 1500 bytes without DF"
	pkts=$(cap_fields "$WORK/t7a.pcap" "ip.dst == $COA" ip.len ip.flags.df \
		ip.flags.mf ip.frag_offset)
	expect_eq "$pkts" "1396,1500 0,0 1,0 0,0
144 0 0 172" "fragments of the tunnelled packet (lengths, DF, MF, offset in 8 bytes)"

	# 1372 + 8 + 20 = 1400 bytes with DF: too big for the tunnel.
	cap_start "$NS_CN" "$WORK/t7b.pcap" cn-ha
	out=$(cn ping -n -c 1 -W 5 -M "do" -s 1372 "$HOME_ADDR" 2>&1 || true)
	cap_stop
	expect_match "$out" "Frag needed and DF set \(mtu = 1380\)" "ping -M do -s 1372"
	expect_eq "$(ha_stat tunnel-frag-needed) $(ha_stat tunnel-tx-packets)" "1 1" \
		"tunnel-frag-needed tunnel-tx-packets after 1400 bytes with DF"
	icmp=$(cap_fields "$WORK/t7b.pcap" 'icmp.type == 3' ip.src ip.dst icmp.code \
		icmp.mtu ip.len)
	expect_eq "$icmp" "$CN_GW,$CN_ADDR $CN_ADDR,$HOME_ADDR 4,0 1380 576,1400" \
		"the ICMP error at the correspondent (src, dst, code, mtu, lengths)"

	# 1380 bytes with DF: fits (1400 outside, DF copied).
	cap_start "$NS_MN" "$WORK/t7c.pcap" mn-ha
	expect_eq "$(ping_rx "$NS_CN" -c 1 -M "do" -s 1352 "$HOME_ADDR")" 1 \
		"replies to 1380 bytes with DF"
	cap_stop
	expect_eq "$(ha_stat tunnel-frag-needed) $(ha_stat tunnel-tx-packets)" "1 2" \
		"tunnel-frag-needed tunnel-tx-packets after 1380 bytes with DF"
	pkts=$(cap_fields "$WORK/t7c.pcap" "ip.dst == $COA" ip.len ip.flags.df ip.flags.mf)
	expect_eq "$pkts" "1400,1380 1,1 0,0" "the tunnelled packet (lengths, DF, MF)"

	# The Home Agent itself sending 1400 bytes with DF to the node (the
	# LOCAL_OUT hook; this crashed the kernel once): the same ICMP error,
	# to its own socket, which then knows the tunnel's MTU.
	out=$(ha ping -n -c 1 -W 5 -M "do" -s 1372 "$HOME_ADDR" 2>&1 || true)
	expect_match "$out" "From $HA_ADDR icmp_seq=1 Frag needed and DF set \(mtu = 1380\)" \
		"the Home Agent's own ping -M do -s 1372"
	out=$(ha ping -n -c 1 -W 5 -M "do" -s 1372 "$HOME_ADDR" 2>&1 || true)
	expect_match "$out" "local error: message too long, mtu=1380" \
		"the Home Agent's own ping -M do -s 1372, again"
	expect_eq "$(ha_stat tunnel-frag-needed)" 2 "tunnel-frag-needed after the Home Agent's own"
	expect_eq "$(ping_rx "$NS_HA" -c 1 -M dont -s 1372 "$HOME_ADDR")" 1 \
		"replies to the Home Agent's own 1400 bytes without DF"
}

# reverse-tunnel off: the T bit is refused (137) and reverse-tunnelled
# packets are dropped; required: a request without T is refused (138).
test_reverse_tunnel_policy() {
	topo_setup
	run_ok hactl ha set reverse-tunnel off
	capture mip4_mn --home "$HOME_ADDR" --coa "$COA" \
		--spi "$SPI" --key-file "$WORK/key" --lifetime "$LIFETIME" --once --reverse-tunnel
	expect_eq "$RC $OUT" "3 denied: code 137 (requested reverse tunnel unavailable)" \
		"mip4-mn --reverse-tunnel with reverse-tunnel off"
	expect_eq "$(ha_stat rrq-denied) $(ha_stat rrq-accepted) $(binding_count)" "1 0 0" \
		"rrq-denied rrq-accepted bindings"

	# Without T: accepted, packets reach the node, its replies are dropped.
	mn_register "$LIFETIME"
	expect_eq "$(ping_none "$NS_CN" -c 2 "$HOME_ADDR")" 0 "replies with reverse-tunnel off"
	expect_soon "2 2" "mip0 rx_packets tx_packets at the node" \
		mip0_rx_tx
	expect_soon "2 0 2" \
		"tunnel-tx-packets tunnel-rx-packets tunnel-rx-dropped with reverse-tunnel off" \
		ha_stats tunnel-tx-packets tunnel-rx-packets tunnel-rx-dropped

	run_ok hactl ha set reverse-tunnel required
	capture mip4_mn --home "$HOME_ADDR" --coa "$COA" \
		--spi "$SPI" --key-file "$WORK/key" --lifetime "$LIFETIME" --once
	expect_eq "$RC $OUT" "3 denied: code 138 (reverse tunnel is mandatory and 'T' bit not set)" \
		"mip4-mn without --reverse-tunnel with reverse-tunnel required"
	expect_eq "$(ha_stat rrq-denied) $(ha_stat rrq-accepted)" "2 1" "rrq-denied rrq-accepted"
	# With T: accepted, both ways work.
	mn_register "$LIFETIME" "$COA" --reverse-tunnel
	expect_eq "$(ha_stat rrq-denied) $(ha_stat rrq-accepted)" "2 2" "rrq-denied rrq-accepted"
	expect_eq "$(ping_rx "$NS_CN" -c 2 "$HOME_ADDR")" 2 "replies with reverse-tunnel required"
	expect_eq "$(ha_stat tunnel-tx-packets) $(ha_stat tunnel-rx-packets) $(ha_stat tunnel-rx-dropped)" \
		"4 2 2" "tunnel-tx-packets tunnel-rx-packets tunnel-rx-dropped with reverse-tunnel required"
}

SUITE_TESTS=(test_tunnel_both_ways test_no_binding_no_tunnel test_follows_new_coa
	test_spoofed_reverse_tunnel test_counters test_proxy_arp test_return_home
	test_dereg_all_from_away test_pmtu test_reverse_tunnel_policy)
suite_require_built "$MIP4CTL" "$MIP4_MN"
suite_require_module
suite_require dumpcap tshark jq ping
suite_start
suite_run "$@"
