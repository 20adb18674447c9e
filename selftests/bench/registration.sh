#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Registration benchmark of mip4ha.ko with userspace/mip4-bench: a Home Agent
# in namespace "ha", simulated mobile nodes in namespace "bench", a veth
# between them. Not a test (not part of make check): it prints numbers.
#
#   selftests/vm/run --mem 8192 --timeout 5400 -- selftests/bench/registration.sh [PART...]
#
# PART is any of rate, cpus, sink, memory, listeners, userspace, events (default:
# the first four, in that order):
#   rate    1,000 nodes: flat out (verifying the replies or not, and with
#           one request at a time), then paced at 10, 25 and 50 % of the
#           flat-out rate, each request sent and timed on its own
#   cpus    flat out with 1 and 2 sending threads on 2 CPUs, the same with
#           the Home Agent's receive work spread over both CPUs (RPS on its
#           veth, as RSS spreads it on a router's NIC; without it, veth
#           delivers in the sender's softirq), and with one CPU taken
#           offline
#   sink    the same requests into a UDP socket that never reads, and to the
#           Home Agent for nodes it has no SA for (parse, lookup, discard),
#           each round with full registration runs to compare, with
#           HMAC-MD5, HMAC-SHA-256 and keyed-MD5 SAs
#   memory  kernel memory per SA and per binding at $MIP4HA_BENCH_MEM_NODES
#   listeners  flat out with no listener on the notifications, one on the
#           events group (as mip4d), one on events and refresh
#   userspace  the kernel path against mip4-responder (a userspace answerer
#           of the same requests, one thread per CPU with SO_REUSEPORT) in
#           a second, identical pair of namespaces where the module's Home
#           Agent is not configured; 2 CPUs and 1 (cpu1 offline), flat out
#           (2 client threads) and one request at a time, RPS on all veths;
#           rounds interleaved, kernel/userspace ratios and CPU time per
#           registration from /proc/stat and the responder's /proc/PID/stat
#   events  mip4d beside $MIP4HA_BENCH_EVENT_NODES (100000) bindings: their
#           refreshes at the rate their lifetimes imply, then flat out, then
#           $MIP4HA_BENCH_EVENT_DELS (1000) deletions, each of which mip4d
#           must see, with no notification lost
# Knobs, from the environment (selftests/vm/run passes MIP4HA_* on):
#   MIP4HA_BENCH_NODES      nodes of the rate, cpus and sink runs (1000)
#   MIP4HA_BENCH_DURATION   seconds of each of those runs (10)
#   MIP4HA_BENCH_WINDOW     requests in flight (64)
#   MIP4HA_BENCH_MEM_NODES  bindings of the memory runs ("100000 1000000")
#   MIP4HA_BENCH_REPEAT     rounds of the rate, cpus and sink runs (3)
#   MIP4HA_BENCH_OUT        a file (in the work tree, to see it on the host)
#                           to append every run's JSON to, one per line
# Every run's JSON line is printed as "RESULT <label> <json>"; a summary in
# Markdown comes last.

set -euo pipefail
export LC_ALL=C

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
BENCH=${MIP4HA_BENCH:-$TOP/userspace/mip4-bench/mip4-bench}
RESPONDER=${MIP4HA_RESPONDER:-$TOP/userspace/mip4-bench/mip4-responder}
MIP4CTL=${MIP4CTL:-$TOP/userspace/mip4ctl}
NS_HA=${MIP4HA_BENCH_NS_HA:-ha}
NS_BENCH=${MIP4HA_BENCH_NS_BENCH:-bench}
NS_UHA=${MIP4HA_BENCH_NS_UHA:-ha-user}
NS_UBENCH=${MIP4HA_BENCH_NS_UBENCH:-bench-user}
NODES=${MIP4HA_BENCH_NODES:-1000}
DURATION=${MIP4HA_BENCH_DURATION:-10}
WINDOW=${MIP4HA_BENCH_WINDOW:-64}
MEM_NODES=${MIP4HA_BENCH_MEM_NODES:-100000 1000000}
REPEAT=${MIP4HA_BENCH_REPEAT:-3}

# shellcheck source=topo.sh
. "$(dirname "$0")/topo.sh"

RESULTS=$(mktemp)
SINK_PID=
RESP_PID=
RESP_LOG=$(mktemp)
cleanup() {
	[ -z "$SINK_PID" ] || kill "$SINK_PID" 2>/dev/null || true
	[ -z "$RESP_PID" ] || kill "$RESP_PID" 2>/dev/null || true
	[ -z "$LISTENER_PID" ] || kill "$LISTENER_PID" 2>/dev/null || true
	[ ! -e /sys/devices/system/cpu/cpu1/online ] ||
		echo 1 >/sys/devices/system/cpu/cpu1/online 2>/dev/null || true
	ip netns del "$NS_HA" 2>/dev/null || true
	ip netns del "$NS_BENCH" 2>/dev/null || true
	ip netns del "$NS_UHA" 2>/dev/null || true
	ip netns del "$NS_UBENCH" 2>/dev/null || true
	rm -f "$RESULTS" "$RESP_LOG"
}
trap cleanup EXIT

bench_require

# Both namespaces afresh, and the Home Agent configured in "ha".
setup() {
	bench_topo "$NS_HA" "$NS_BENCH"
}

# Waits until the kernel has freed what a deleted namespace held: Slab
# unchanged (within 256 KiB) over two seconds, at most a minute.
settle_slab() {
	local a b i
	for ((i = 0; i < 30; i++)); do
		a=$(awk '/^Slab:/ {print $2}' /proc/meminfo)
		sleep 2
		b=$(awk '/^Slab:/ {print $2}' /proc/meminfo)
		[ $((a - b)) -gt 256 ] || [ $((b - a)) -gt 256 ] || return 0
	done
}

# run LABEL BENCH-ARGS...: one run from namespace "bench", its JSON kept.
run() {
	local label=$1 out
	shift
	say "== $label: mip4-bench $*"
	out=$(ip netns exec "$NS_BENCH" "$BENCH" --ha "$HA_ADDR" \
		--netns "$NS_HA" -j "$@") || die "$label: mip4-bench failed"
	printf 'RESULT %s %s\n' "$label" "$out"
	printf '{"label":"%s","time":"%s","args":"%s","result":%s}\n' \
		"$label" "$(date +%T)" "$*" "$out" >>"$RESULTS"
	[ -z "${MIP4HA_BENCH_OUT:-}" ] || tail -n 1 "$RESULTS" >>"$MIP4HA_BENCH_OUT"
}

# The accepted replies/s of the last run.
last_rate() {
	tail -n 1 "$RESULTS" | python3 -c \
		'import json,sys; print(json.load(sys.stdin)["result"].get("accepted_per_s", 0))'
}

# rounds F...: runs every function F once per round, REPEAT rounds, so
# that a change in the host's load hits every configuration alike.
rounds() {
	local i f
	for ((i = 1; i <= REPEAT; i++)); do
		for f in "$@"; do
			"$f"
		done
	done
}

# The median accepted/s of the runs labelled $1 so far.
median_rate() {
	python3 - "$RESULTS" "$1" <<'EOF_PY'
import json, statistics, sys
v = [json.loads(l)["result"]["accepted_per_s"] for l in open(sys.argv[1])
     if json.loads(l)["label"] == sys.argv[2]]
print(int(statistics.median(v)) if v else 0)
EOF_PY
}

install_sas() {
	run install --nodes "$NODES" --install-sas --count "$NODES" \
		--window "$WINDOW"
}

load() { # label args...
	local label=$1
	shift
	run "$label" --nodes "$NODES" --duration "$DURATION" "$@"
}

r_flat() { load flat --window "$WINDOW"; }
r_flat_noverify() { load flat-noverify --window "$WINDOW" --no-verify; }
r_flat_window1() { load flat-window1 --window 1; }
r_paced() {
	local pct
	for pct in 10 25 50; do
		load "paced-$pct%" --window "$WINDOW" \
			--rate $((FLAT * pct / 100))
	done
}

part_rate() {
	setup
	install_sas
	rounds r_flat r_flat_noverify r_flat_window1
	FLAT=$(median_rate flat)
	[ "$FLAT" -gt 0 ] || die "no registration accepted flat out"
	rounds r_paced
}

cpu1_online() { # 0 or 1
	echo "$1" >/sys/devices/system/cpu/cpu1/online
}

# Receive Packet Steering on the Home Agent's veth (and the bench's, for
# the replies): each flow (a sending thread's socket) to a CPU by its hash.
rps() { # CPU mask: 0 off
	ip netns exec "$NS_HA" sh -c "echo $1 >/sys/class/net/veth-ha/queues/rx-0/rps_cpus"
	ip netns exec "$NS_BENCH" sh -c "echo $1 >/sys/class/net/veth-bench/queues/rx-0/rps_cpus"
}

rps_ns() { # ha-namespace bench-namespace CPU-mask
	ip netns exec "$1" sh -c "echo $3 >/sys/class/net/veth-ha/queues/rx-0/rps_cpus"
	ip netns exec "$2" sh -c "echo $3 >/sys/class/net/veth-bench/queues/rx-0/rps_cpus"
}

r_cpus() {
	load "cpus$(nproc)-threads1" --window "$WINDOW" --threads 1
	load "cpus$(nproc)-threads2" --window "$WINDOW" --threads 2
	if [ "$(nproc)" -ge 2 ]; then
		rps "$(printf '%x' $(((1 << $(nproc)) - 1)))"
		load "cpus$(nproc)-threads1-rps" --window "$WINDOW" --threads 1
		load "cpus$(nproc)-threads2-rps" --window "$WINDOW" --threads 2
		rps 0
	fi
	if [ -w /sys/devices/system/cpu/cpu1/online ]; then
		cpu1_online 0
		load "cpus$(nproc)-threads1" --window "$WINDOW" --threads 1
		cpu1_online 1
	fi
}

part_cpus() {
	[ -w /sys/devices/system/cpu/cpu1/online ] ||
		say "cpu1 cannot be taken offline: no one-CPU runs"
	setup
	install_sas
	rounds r_cpus
}

SINK_PORT=9
r_sink() {
	load sink-socket --sink --port "$SINK_PORT"
	# Nodes the Home Agent has no SA for: parsed, looked up, discarded.
	load sink-no-sa --first 10.1.0.0 --sink
	load sink-registration --window "$WINDOW"
	load sink-registration-sha256 --window "$WINDOW" --first 10.2.0.0 \
		--algorithm hmac-sha256
	load sink-registration-keyed-md5 --window "$WINDOW" \
		--first 10.3.0.0 --algorithm keyed-md5
}

part_sink() {
	setup
	install_sas
	run install --nodes "$NODES" --install-sas --count "$NODES" \
		--window "$WINDOW" --first 10.2.0.0 --algorithm hmac-sha256
	run install --nodes "$NODES" --install-sas --count "$NODES" \
		--window "$WINDOW" --first 10.3.0.0 --algorithm keyed-md5
	# A socket that is never read: once its small buffer is full, the
	# kernel drops at the socket.
	ip netns exec "$NS_HA" python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.bind((sys.argv[1], int(sys.argv[2])))
time.sleep(1e6)' "$HA_ADDR" "$SINK_PORT" &
	SINK_PID=$!
	sleep 1
	rounds r_sink
	kill "$SINK_PID"
	wait "$SINK_PID" 2>/dev/null || true
	SINK_PID=
}

# Flat out with nobody listening to the kernel's notifications, with a
# listener on the events group (what mip4d joins: additions and deletions)
# and with one on both events and refresh (mip4ctl monitor): the nodes
# refresh, so only the last one is sent a message per registration.
LISTENER_PID=
listen_load() { # label [monitor group...]
	local label=$1
	shift
	if [ "$label" != listen-none ]; then
		ip netns exec "$NS_HA" "$MIP4CTL" monitor "$@" >/dev/null 2>&1 &
		LISTENER_PID=$!
		sleep 1
	fi
	load "$label" --window "$WINDOW"
	if [ -n "$LISTENER_PID" ]; then
		kill "$LISTENER_PID"
		wait "$LISTENER_PID" 2>/dev/null || true
		LISTENER_PID=
	fi
}
r_listen_none() { listen_load listen-none; }
r_listen_events() { listen_load listen-events events; }
r_listen_all() { listen_load listen-all events refresh; }

part_listeners() {
	setup
	install_sas
	rounds r_listen_none r_listen_events r_listen_all
}

part_memory() {
	local n
	for n in $MEM_NODES; do
		setup
		settle_slab
		run "memory-$n" --nodes "$n" --install-sas --memory \
			--lifetime 65534 --window 256 --timeout 5 --settle 5
	done
}

# ---- events: mip4d beside N bindings, none of its events lost ----
#
# N static-key bindings (lifetime 65534 s), then mip4d with accounting of
# static keys (no server answers: the records stay in memory) picks them up
# by its binding dump; the nodes refresh for EVENT_SECONDS at the rate
# their lifetimes would imply at a 1,800 s lifetime renewed at 80 %
# (N / 1,440 per second), plus a flat-out burst; then EVENT_DELS bindings
# are deleted one by one. mip4d must see every deletion (its "binding
# event 3" lines) and report no lost notification.
part_events() {
	local n=${MIP4HA_BENCH_EVENT_NODES:-100000} secs=${MIP4HA_BENCH_EVENT_SECONDS:-60}
	local dels=${MIP4HA_BENCH_EVENT_DELS:-1000} rate dir log pid i seen lost
	rate=$(((n + 1439) / 1440))
	dir=$(mktemp -d)
	log=$dir/mip4d.log
	setup
	run "events-install-$n" --nodes "$n" --install-sas --memory \
		--lifetime 65534 --window 256 --timeout 5 --settle 5
	printf '[aaa]\nserver = 127.0.0.1\nsecret = bench\n[accounting]\nserver = 127.0.0.1:1813\nsecret = bench\nstatic_keys = yes\nspool_max = 10000000\n' \
		>"$dir/mip4d.conf"
	ip netns exec "$NS_HA" "$TOP/userspace/mip4d/mip4d" -f -v \
		-c "$dir/mip4d.conf" >/dev/null 2>"$log" &
	pid=$!
	for ((i = 0; i < 600; i++)); do
		grep -q 'listening for initial registrations' "$log" && break
		sleep 1
	done
	say "mip4d up after ${i}s: $(grep -c 'binding event 1 ' "$log" || true) additions seen, $(grep -c 'accounting Start' "$log" || true) Starts"
	run "events-refresh-$n-rate-$rate" --nodes "$n" --lifetime 65534 \
		--rate "$rate" --duration "$secs" --timeout 5
	run "events-refresh-$n-flat" --nodes "$n" --lifetime 65534 \
		--duration 10 --window 256 --timeout 5
	for ((i = 0; i < dels; i++)); do
		ip netns exec "$NS_HA" "$MIP4CTL" binding del home-address \
			"10.0.$(((i + 1) / 256 + 1)).$(((i + 1) % 256))" ||
			die "binding del $i"
	done
	for ((i = 0; i < 120; i++)); do
		seen=$(grep -c 'binding event 3 ' "$log" || true)
		[ "$seen" -lt "$dels" ] || break
		sleep 1
	done
	lost=$(grep -c 'notifications lost' "$log" || true)
	printf 'RESULT events nodes %s refresh-rate %s deletions %s seen %s lost-reports %s\n' \
		"$n" "$rate" "$dels" "$seen" "$lost"
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -rf "$dir"
	if [ "$seen" != "$dels" ] || [ "$lost" != 0 ]; then
		die "mip4d missed events"
	fi
}

# ---- userspace: the kernel path against mip4-responder ----
#
# Two identical pairs of namespaces: "ha"/"bench" with the module's Home
# Agent, "ha-user"/"bench-user" where the Home Agent is not configured (so
# nothing of the module's listens on port 434 there) and mip4-responder
# owns the port. Same addresses, same veth, same client, same 1,000 nodes
# and keys; the module's SAs installed once, the responder loads the same
# list (node i: home address first + i, bench_key(i)) when it starts.

# Aggregate "cpu" line of /proc/stat: user nice system idle iowait irq
# softirq steal, in USER_HZ ticks.
proc_stat() { awk '/^cpu / {print $2, $3, $4, $5, $6, $7, $8, $9}' /proc/stat; }
# utime + stime of a process (all its threads), in ticks.
proc_times() { awk '{print $14, $15}' "/proc/$1/stat"; }

resp_start() {
	local i
	: >"$RESP_LOG"
	ip netns exec "$NS_UHA" "$RESPONDER" --ha "$HA_ADDR" --prefix "$PREFIX" \
		--nodes "$NODES" --threads "$(nproc)" 2>"$RESP_LOG" &
	RESP_PID=$!
	for ((i = 0; i < 100; i++)); do
		grep -q ready "$RESP_LOG" && return 0
		kill -0 "$RESP_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$RESP_LOG" >&2
	die "mip4-responder did not start"
}

resp_stop() {
	kill "$RESP_PID"
	wait "$RESP_PID" 2>/dev/null || true
	RESP_PID=
	say "   $(grep rx "$RESP_LOG" || echo 'mip4-responder: no counters')"
}

# urun LABEL kernel|user BENCH-ARGS...: one run of the client in the pair
# of that side, with the machine's CPU ticks (and the responder's) over it.
urun() {
	local label=$1 side=$2 out s0 s1 p0=(0 0) p1=(0 0) ns args=()
	shift 2
	if [ "$side" = kernel ]; then
		ns=$NS_BENCH
		args=(--netns "$NS_HA")
	else
		ns=$NS_UBENCH
		resp_start
		read -ra p0 <<<"$(proc_times "$RESP_PID")"
	fi
	say "== $label: mip4-bench $*"
	s0=$(proc_stat)
	out=$(ip netns exec "$ns" "$BENCH" --ha "$HA_ADDR" "${args[@]}" -j \
		--nodes "$NODES" --duration "$DURATION" "$@") ||
		die "$label: mip4-bench failed"
	s1=$(proc_stat)
	if [ "$side" = user ]; then
		read -ra p1 <<<"$(proc_times "$RESP_PID")"
		resp_stop
	fi
	printf 'RESULT %s %s\n' "$label" "$out"
	printf '{"label":"%s","side":"%s","time":"%s","args":"%s","hz":%d,"stat0":"%s","stat1":"%s","resp_ticks":[%d,%d],"result":%s}\n' \
		"$label" "$side" "$(date +%T)" "$*" "$(getconf CLK_TCK)" \
		"$s0" "$s1" $((p1[0] - p0[0])) $((p1[1] - p0[1])) "$out" \
		>>"$RESULTS"
	[ -z "${MIP4HA_BENCH_OUT:-}" ] || tail -n 1 "$RESULTS" >>"$MIP4HA_BENCH_OUT"
}

# One round: for 2 CPUs, then 1, each load on each side, the two sides
# back to back (the order alternating with the rounds).
UROUND=0
r_userspace() {
	local cpus load side sides=(kernel user)
	UROUND=$((UROUND + 1))
	[ $((UROUND % 2)) = 1 ] || sides=(user kernel)
	for cpus in 2 1; do
		if [ "$cpus" = 1 ]; then
			[ -w /sys/devices/system/cpu/cpu1/online ] || continue
			cpu1_online 0
		fi
		for load in flat window1; do
			for side in "${sides[@]}"; do
				case $load in
				flat) urun "us-cpus$cpus-flat-$side" "$side" \
					--window "$WINDOW" --threads 2 ;;
				window1) urun "us-cpus$cpus-window1-$side" "$side" \
					--window 1 --threads 1 ;;
				esac
			done
		done
		[ "$cpus" = 2 ] || cpu1_online 1
	done
}

part_userspace() {
	[ -x "$RESPONDER" ] || die "$RESPONDER not found: make -C userspace"
	[ "$(nproc)" -ge 2 ] || die "the userspace part wants 2 CPUs"
	setup
	bench_topo "$NS_UHA" "$NS_UBENCH" no-ha
	install_sas
	# RPS over both CPUs on all four veths.
	rps_ns "$NS_HA" "$NS_BENCH" 3
	rps_ns "$NS_UHA" "$NS_UBENCH" 3
	rounds r_userspace
	userspace_summary
}

userspace_summary() {
	python3 - "$RESULTS" <<'EOF_PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
runs = [r for r in runs if r["label"].startswith("us-")]

def med(xs):
    return statistics.median(xs) if xs else 0

def cpu(r):
    """CPU µs per accepted registration: machine busy (all CPUs, all
    states but idle and iowait); the kernel path's measure (system +
    softirq + irq of the machine); the responder's (its utime + stime,
    plus the machine's softirq + irq); the client's own (user + sys)."""
    s0 = [int(x) for x in r["stat0"].split()]
    s1 = [int(x) for x in r["stat1"].split()]
    d = [b - a for a, b in zip(s0, s1)]
    user, nice, system, idle, iowait, irq, softirq, steal = d
    us = 1e6 / r["hz"]
    acc = max(r["result"]["accepted"], 1)
    busy = (user + nice + system + irq + softirq + steal) * us / acc
    ru, rs = r["resp_ticks"]
    if r["side"] == "kernel":
        server = (system + softirq + irq) * us / acc
    else:
        server = (ru + rs + softirq + irq) * us / acc
    oc = r["result"]["our_cpu_ms"]
    client = (oc["user"] + oc["sys"]) * 1000 / acc
    return busy, server, client, (ru, rs), softirq * us / acc, us / acc

groups = {}
for r in runs:
    base = r["label"].rsplit("-", 1)[0]
    groups.setdefault(base, {"kernel": [], "user": []})[r["side"]].append(r)

print()
print("| run | side | runs | accepted/s median (min-max) | p50 µs | machine busy µs/reg | server µs/reg | client µs/reg | responder utime / stime µs/reg | softirq µs/reg |")
print("|---|---|---|---|---|---|---|---|---|---|")
for base, sides in groups.items():
    for side in ("kernel", "user"):
        xs = sides[side]
        if not xs:
            continue
        rates = [x["result"]["accepted_per_s"] for x in xs]
        c = [cpu(x) for x in xs]
        print("| %s | %s | %d | %d (%d-%d) | %d | %.0f | %.0f | %.0f | %s | %.0f |" % (
            base, side, len(xs), med(rates), min(rates), max(rates),
            med([x["result"]["latency_us"]["p50"] for x in xs]),
            med([y[0] for y in c]), med([y[1] for y in c]), med([y[2] for y in c]),
            "-" if side == "kernel" else "%.0f / %.0f" % (
                med([y[3][0] * y[5] for y in c]), med([y[3][1] * y[5] for y in c])),
            med([y[4] for y in c])))
print()
print("| run | kernel/userspace accepted/s (ratio of medians) | per round, min-max | kernel/userspace machine busy per registration | kernel/userspace server CPU per registration |")
print("|---|---|---|---|---|")
for base, sides in groups.items():
    k, u = sides["kernel"], sides["user"]
    if not k or not u:
        continue
    kr = [x["result"]["accepted_per_s"] for x in k]
    ur = [x["result"]["accepted_per_s"] for x in u]
    per = [a / b for a, b in zip(kr, ur) if b]
    kc = [cpu(x) for x in k]
    uc = [cpu(x) for x in u]
    print("| %s | %.2f | %.2f-%.2f | %.2f | %.2f |" % (
        base, med(kr) / med(ur) if med(ur) else 0, min(per), max(per),
        med([y[0] for y in kc]) / med([y[0] for y in uc]),
        med([y[1] for y in kc]) / med([y[1] for y in uc])))
bad = [r for r in runs if r["result"]["denied"] or r["result"]["lost"]
       or r["result"]["bad_auth"] or r["result"]["unmatched"]]
for r in bad:
    x = r["result"]
    print("\n%s: denied %d %s lost %d bad-auth %d unmatched %d" % (
        r["label"], x["denied"], x["denied_by_code"], x["lost"], x["bad_auth"], x["unmatched"]))
EOF_PY
}

summary() {
	python3 - "$RESULTS" <<'EOF_PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]

def med(xs):
    return int(statistics.median(xs))

def spread(xs):
    m = med(xs)
    return "%d" % m if len(xs) == 1 else "%d (%d-%d)" % (m, min(xs), max(xs))

groups = {}
for r in runs:
    x = r["result"]
    if r["label"] == "install" or "sent" not in x:
        continue
    key = (r["label"], x["cpus"], x["threads"])
    groups.setdefault(key, []).append(x)
if groups:
    print("| run | CPUs | threads | batch | paced at | runs | requests/s median (min-max) | replies/s median | p50 µs | p90 µs | p99 µs | max µs | VM CPU busy |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (label, cpus, threads), xs in groups.items():
        x0 = xs[0]
        lat = lambda k: "-" if x0["sink"] else str(med([x["latency_us"][k] for x in xs]))
        print("| %s | %d | %d | %d | %s | %d | %s | %s | %s | %s | %s | %s | %d%% |" % (
            label, cpus, threads, x0["batch"], x0["rate"] or "flat out", len(xs),
            spread([x["sent_per_s"] for x in xs]),
            "-" if x0["sink"] else med([x["accepted_per_s"] for x in xs]),
            lat("p50"), lat("p90"), lat("p99"),
            "-" if x0["sink"] else max(x["latency_us"]["max"] for x in xs),
            med([100 - x["machine_cpu_pct"]["idle"] for x in xs])))
    bad = [(k[0], x) for k, xs in groups.items() for x in xs
           if not x["sink"] and (x["denied"] or x["lost"] or x["bad_auth"] or x["unmatched"])]
    for label, x in bad:
        print("\n%s: denied %d %s lost %d bad-auth %d unmatched %d" % (
            label, x["denied"], x["denied_by_code"], x["lost"], x["bad_auth"], x["unmatched"]))
one = [x["accepted_per_s"] for (l, c, _), xs in groups.items() for x in xs if l == "cpus1-threads1"]
if one:
    print()
    for label in ("cpus2-threads1", "cpus2-threads2", "cpus2-threads1-rps", "cpus2-threads2-rps"):
        xs = [x["accepted_per_s"] for (l, _, _), ys in groups.items() for x in ys if l == label]
        if xs:
            print("%s: %.2f of one CPU's rate (medians)" % (label, med(xs) / med(one)))
none = [x["accepted_per_s"] for (label, _, _), xs in groups.items() for x in xs if label == "listen-none"]
if none:
    print()
    for label, what in (("listen-events", "a listener on events (as mip4d)"),
                        ("listen-all", "a listener on events and refresh (mip4ctl monitor)")):
        xs = [x["accepted_per_s"] for (l, _, _), ys in groups.items() for x in ys if l == label]
        if xs:
            print("%s: %.2f of the rate with no listener (medians)" % (what, med(xs) / med(none)))
mem = [r["result"] for r in runs if "bytes_per_binding" in r["result"]]
if mem:
    print()
    print("| bindings | SAs installed in | registered in | per SA: Slab+Percpu | per SA: VmallocUsed | per SA: MemAvailable | per binding: Slab+Percpu | per binding: VmallocUsed | per binding: MemAvailable |")
    print("|---|---|---|---|---|---|---|---|---|")
    for x in mem:
        s, b = x["bytes_per_sa"], x["bytes_per_binding"]
        print("| %d | %.1f s | %.1f s | %d B | %d B | %d B | %d B | %d B | %d B |" % (
            x["bindings"], x["install_ms"] / 1000, x["register_ms"] / 1000,
            s["slab_percpu"], s["vmalloc_used"], s["mem_available"],
            b["slab_percpu"], b["vmalloc_used"], b["mem_available"]))
    for x in mem:
        if "slab_objects" in x:
            for what in ("sas", "bindings"):
                print("\n%d %s, slab objects: %s" % (x["nodes"], what, ", ".join(
                    "%s %+d (%d B)" % (k, v["objects"], v["objsize"])
                    for k, v in x["slab_objects"][what].items())))
EOF_PY
}

say "guest: $(nproc) CPUs, $(awk '/^MemTotal:/ {print $2 " kB"}' /proc/meminfo), kernel $(uname -r)"
say "guest CPU: $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(rate cpus sink memory)
for p in "${parts[@]}"; do
	case "$p" in
	rate | cpus | sink | memory | listeners | userspace | events) "part_$p" ;;
	*) die "unknown part $p (rate, cpus, sink, memory, listeners, userspace, events)" ;;
	esac
done
summary
