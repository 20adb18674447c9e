#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Data-plane throughput of mip4ha.ko with iperf3: a correspondent node (cn)
# sends to a mobile node's home address through the Home Agent's IP-in-IP
# tunnel (mn, registered with mip4-mn from a co-located care-of address,
# replies and ACKs reverse-tunnelled), and, for comparison, to a host
# reached through the same Home Agent namespace by plain routing (srv).
# Not a test (not part of make check): it prints numbers.
#
#   selftests/vm/run --timeout 1800 -- selftests/bench/dataplane.sh [PART...]
#
# PART is any of tcp, udp, tcp-reverse (default: all three):
#   tcp          TCP, cn -> mn and cn -> srv
#   udp          UDP, unlimited rate (-b 0), cn -> mn and cn -> srv
#   tcp-reverse  TCP, mn -> cn (through the reverse tunnel) and srv -> cn
# Knobs, from the environment (selftests/vm/run passes MIP4HA_* on):
#   MIP4HA_BENCH_DURATION  seconds of each iperf3 run (10)
#   MIP4HA_BENCH_REPEAT    runs of each kind and path (3)
#   MIP4HA_BENCH_UDP_LEN   UDP payload per datagram (1400)
#   MIP4HA_BENCH_OUT       a file (in the work tree, to see it on the host)
#                          to append every run's iperf3 JSON summary to
#   MIP4HA_BENCH_PERF      a directory (in the work tree) for a profile of
#                          each run: perf record -a -g -e cpu-clock around
#                          the iperf3 client, reported in the guest (where
#                          the module's symbols are) as <part>-<path>-<run>
#                          .self.txt (--no-children) and .total.txt
#                          (--children), and .parent.txt: the samples
#                          under each of PERF_PARENTS (the innermost one
#                          in the call chain); the profiler slows the runs
#   MIP4HA_BENCH_HA_XDP    an XDP object (section "xdp", e.g. one that
#                          returns XDP_PASS) to attach to the Home Agent's
#                          veth from cn: veth then copies every packet
#                          into a fresh buffer with 256 octets of headroom
#                          and receives it by NAPI, as a NIC driver would,
#                          instead of passing the sender's own buffer on
#                          (16 octets of headroom for UDP)
# Every run is printed as "RESULT <part> <path> <run> <Mbit/s> ..."; a
# summary in Markdown comes last. The tunnel runs check that the Home Agent
# really tunnelled (tunnel-tx-packets / tunnel-rx-packets grew), the plain
# runs that it did not.
#
#   cn 198.51.100.2 --- .1 [ha] 10.1.0.1 (home link: a dummy device)
#                         192.0.2.1     172.16.0.1
#                            |              |
#            care-of 192.0.2.10 [mn]    [srv] 172.16.0.2
#            home 10.1.0.10 on mip0 (ipip to 10.1.0.1)

set -euo pipefail
export LC_ALL=C

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
MIP4CTL=${MIP4CTL:-$TOP/userspace/mip4ctl}
MN_BIN=${MIP4_MN:-$TOP/userspace/mip4-mn/mip4-mn}
DURATION=${MIP4HA_BENCH_DURATION:-10}
REPEAT=${MIP4HA_BENCH_REPEAT:-3}
UDP_LEN=${MIP4HA_BENCH_UDP_LEN:-1400}
OUT=${MIP4HA_BENCH_OUT:-}
PERF=${MIP4HA_BENCH_PERF:-}
HA_XDP=${MIP4HA_BENCH_HA_XDP:-}
# The Home Agent's forwarding and tunnel, the node's decapsulation, the
# sender and receiver.
PERF_PARENTS='udp_sendmsg|tcp_sendmsg|udp_recvmsg|tcp_recvmsg|__sys_recvfrom'
PERF_PARENTS+='|ip_forward|mip4ha_tunnel_out_hook|mip4ha_tunnel_xmit.*'
PERF_PARENTS+='|ip_route_output_flow|pskb_expand_head|iptunnel_xmit'
PERF_PARENTS+='|mip4ha_tunnel_rcv|tunnel4_rcv|gro_cell_poll|ip_local_deliver'
PERF_PARENTS+='|do_idle|do_select|__x64_sys_clock_gettime'

P=mip4dp-
HA=${P}ha MN=${P}mn CN=${P}cn SRV=${P}srv
HA_ADDR=10.1.0.1
HOME_ADDR=10.1.0.10
COA=192.0.2.10
CN_ADDR=198.51.100.2
SRV_ADDR=172.16.0.2
KEY=000102030405060708090a0b0c0d0e0f

TMP=$(mktemp -d)
cleanup() {
	local f
	for f in "$TMP"/*.pid; do
		[ -e "$f" ] || continue
		kill "$(cat "$f")" 2>/dev/null || true
	done
	for f in "$HA" "$MN" "$CN" "$SRV"; do
		ip netns del "$f" 2>/dev/null || true
	done
	rm -rf "$TMP"
}
trap cleanup EXIT

[ -z "$PERF" ] || mkdir -p "$PERF"
for c in iperf3 jq ${PERF:+perf}; do
	command -v "$c" >/dev/null || { echo "$c not found (scripts/setup-deps)" >&2; exit 1; }
done
if [ ! -x "$MIP4CTL" ] || [ ! -x "$MN_BIN" ]; then
	echo "build userspace first" >&2
	exit 1
fi

veth() { # ns1 if1 addr1 ns2 if2 addr2
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4"
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$4" addr add "$6" dev "$5"
	ip -n "$1" link set "$2" up
	ip -n "$4" link set "$5" up
}

setup() {
	local ns
	for ns in "$HA" "$MN" "$CN" "$SRV"; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	veth "$HA" ha-mn 192.0.2.1/24 "$MN" mn-ha "$COA/24"
	veth "$HA" ha-cn 198.51.100.1/24 "$CN" cn-ha "$CN_ADDR/24"
	veth "$HA" ha-srv 172.16.0.1/24 "$SRV" srv-ha "$SRV_ADDR/24"
	[ -z "$HA_XDP" ] || ip -n "$HA" link set dev ha-cn xdpdrv obj "$HA_XDP" sec xdp
	# The home link, with nobody on it.
	ip -n "$HA" link add ha-home type dummy
	ip -n "$HA" addr add "$HA_ADDR/24" dev ha-home
	ip -n "$HA" link set ha-home up
	ip -n "$CN" route add default via 198.51.100.1
	ip -n "$SRV" route add default via 172.16.0.1
	ip netns exec "$HA" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.all.send_redirects=0

	ip netns exec "$HA" "$MIP4CTL" ha set address "$HA_ADDR" prefix 10.1.0.0/24 \
		max-lifetime 65535
	echo "$KEY" >"$TMP/key"
	ip netns exec "$HA" "$MIP4CTL" sa add home-address "$HOME_ADDR" spi 256 \
		algorithm hmac-md5 key-file "$TMP/key"

	ip -n "$MN" link add mip0 type ipip local "$COA" remote "$HA_ADDR"
	ip -n "$MN" addr add "$HOME_ADDR/32" dev mip0
	ip -n "$MN" link set mip0 up
	ip -n "$MN" route add "$HA_ADDR/32" via 192.0.2.1
	ip -n "$MN" route add default dev mip0 src "$HOME_ADDR"
	ip netns exec "$MN" "$MN_BIN" --ha "$HA_ADDR" --home "$HOME_ADDR" --coa "$COA" \
		--spi 256 --key-file "$TMP/key" --lifetime 65535 --reverse-tunnel --once

	# iperf3 servers: the mobile node (at its home address), srv and cn.
	ip netns exec "$MN" iperf3 -s -B "$HOME_ADDR" -D -I "$TMP/mn.pid"
	ip netns exec "$SRV" iperf3 -s -B "$SRV_ADDR" -D -I "$TMP/srv.pid"
	ip netns exec "$CN" iperf3 -s -B "$CN_ADDR" -D -I "$TMP/cn.pid"
	sleep 1
}

counter() { # name
	ip netns exec "$HA" "$MIP4CTL" stats | awk -v n="$1" '$1 == n { print $2 }'
}

perf_report() { # prefix
	perf report -i "$TMP/perf.data" --stdio --no-children --sort sym -g none \
		--percent-limit 0.3 >"$1.self.txt" 2>/dev/null
	perf report -i "$TMP/perf.data" --stdio --children --sort sym -g none \
		--percent-limit 1 >"$1.total.txt" 2>/dev/null
	# Each sample under the innermost of these functions in its chain.
	perf report -i "$TMP/perf.data" --stdio --no-children --sort parent -g none \
		-p "^($PERF_PARENTS)\$" >"$1.parent.txt" 2>/dev/null
	rm -f "$TMP/perf.data"
}

# One iperf3 run; prints the rate the receiver saw, the retransmits (TCP)
# or the rate sent and the loss (UDP), and the tunnel counters' growth.
run_one() { # part path run
	local part=$1 path=$2 run=$3 ns=$CN dst opts=() json mbps extra tx0 rx0 tx rx
	case $path in
	tunnel) dst=$HOME_ADDR ;;
	plain) dst=$SRV_ADDR ;;
	esac
	case $part in
	tcp) ;;
	udp) opts=(-u -b 0 -l "$UDP_LEN") ;;
	tcp-reverse)
		# The mobile node (or srv) sends to cn.
		[ "$path" = tunnel ] && ns=$MN || ns=$SRV
		dst=$CN_ADDR
		;;
	esac
	tx0=$(counter tunnel-tx-packets)
	rx0=$(counter tunnel-rx-packets)
	if [ -n "$PERF" ]; then
		json=$(perf record -q -a -g -e cpu-clock -o "$TMP/perf.data" -- \
			ip netns exec "$ns" iperf3 -c "$dst" -t "$DURATION" -J "${opts[@]}")
		perf_report "$PERF/$part-$path-$run"
	else
		json=$(ip netns exec "$ns" iperf3 -c "$dst" -t "$DURATION" -J "${opts[@]}")
	fi
	tx=$(($(counter tunnel-tx-packets) - tx0))
	rx=$(($(counter tunnel-rx-packets) - rx0))
	if [ "$part" = udp ]; then
		# Received by the server; what the client sent, and the loss.
		mbps=$(jq '.end.sum_received.bits_per_second / 1e6 * 100 | round / 100' <<<"$json")
		extra="sent $(jq '.end.sum_sent.bits_per_second / 1e6 * 100 | round / 100' <<<"$json") Mbit/s"
		extra+=" lost $(jq '.end.sum_received.lost_percent * 100 | round / 100' <<<"$json")%"
	else
		mbps=$(jq '.end.sum_received.bits_per_second / 1e6 * 100 | round / 100' <<<"$json")
		extra="retransmits $(jq '.end.sum_sent.retransmits' <<<"$json")"
	fi
	if [ "$path" = tunnel ] && { [ "$tx" -eq 0 ] || [ "$rx" -eq 0 ]; }; then
		echo "error: $part through the tunnel but tunnel-tx +$tx tunnel-rx +$rx" >&2
		exit 1
	fi
	if [ "$path" = plain ] && [ $((tx + rx)) -ne 0 ]; then
		echo "error: $part by plain routing but tunnel-tx +$tx tunnel-rx +$rx" >&2
		exit 1
	fi
	[ -z "$OUT" ] || jq -c --arg part "$part" --arg path "$path" --argjson run "$run" \
		'{part: $part, path: $path, run: $run, start: .start.test_start, end: .end}' \
		<<<"$json" >>"$OUT"
	echo "RESULT $part $path $run $mbps Mbit/s $extra tunnel-tx +$tx tunnel-rx +$rx"
	echo "$part $path $mbps" >>"$TMP/results"
}

PARTS=${*:-tcp udp tcp-reverse}
for part in $PARTS; do
	case $part in
	tcp | udp | tcp-reverse) ;;
	*) echo "unknown part \"$part\" (tcp, udp, tcp-reverse)" >&2; exit 2 ;;
	esac
done

setup
echo "# $(uname -r), $(nproc) CPUs, $(iperf3 --version | head -n 1)"
echo "# ${DURATION}s per run, $REPEAT runs each, UDP payload $UDP_LEN${HA_XDP:+, XDP on ha-cn}"
for part in $PARTS; do
	for run in $(seq "$REPEAT"); do
		# Alternate the paths so that a slow phase of the host hits both.
		run_one "$part" tunnel "$run"
		run_one "$part" plain "$run"
	done
done

echo
echo "| part | path | runs (Mbit/s) | median | tunnel/plain |"
echo "|---|---|---|---|---|"
for part in $PARTS; do
	for path in tunnel plain; do
		awk -v p="$part" -v q="$path" '$1 == p && $2 == q { print $3 }' \
			"$TMP/results" | sort -n >"$TMP/$part.$path"
	done
	for path in tunnel plain; do
		awk -v part="$part" -v path="$path" -v plain="$TMP/$part.plain" '
			{ v[NR] = $1 }
			END {
				m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
				while ((getline x < plain) > 0) w[++n] = x
				pm = n % 2 ? w[(n + 1) / 2] : (w[n / 2] + w[n / 2 + 1]) / 2
				runs = v[1]; for (i = 2; i <= NR; i++) runs = runs ", " v[i]
				ratio = path == "tunnel" && pm > 0 ? sprintf("%.2f", m / pm) : ""
				printf "| %s | %s | %s | %.2f | %s |\n", part, path, runs, m, ratio
			}' "$TMP/$part.$path"
	done
done
