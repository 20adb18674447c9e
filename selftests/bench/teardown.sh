#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Teardown benchmark of mip4ha.ko: what one node's deregistration (dynamic
# keys), key expiry and sa del (static SA) cost the Home Agent, next to 1,000
# and next to 100,000 other bindings, side by side in one run. Not a test
# (not part of make check): it prints numbers.
#
#   selftests/vm/run --mem 2048 --timeout 3600 -- selftests/bench/teardown.sh
#
# One Home Agent per size, each in its own namespace with a namespace of
# nodes behind a veth (as in registration.sh); mip4-bench gives each Home
# Agent its other bindings (static SAs keyed by home address, one binding
# each). Then teardown.py (see there) runs the rounds: in each, for each kind,
# batches of 10 on every Home Agent in turn, so that a change of the host's
# load hits all sizes alike. The costs are the kernel's, per call, from the
# function_graph tracer; the summary gives their medians and, per kind, the
# ratio of the median next to the fewest bindings over that next to the most
# (1.0: the cost does not depend on the other bindings).
# Knobs, from the environment (selftests/vm/run passes MIP4HA_* on):
#   MIP4HA_BENCH_TEARDOWN_SIZES  other bindings, one Home Agent each
#                                ("1000 100000")
#   MIP4HA_BENCH_TEARDOWN_COUNT  teardowns of each kind per round and size,
#                                a multiple of 10 (100)
#   MIP4HA_BENCH_REPEAT          rounds (3)
#   MIP4HA_BENCH_OUT             a file (in the work tree, to see it on the
#                                host) to append the RESULT lines to
#   MIP4HA_KO                    another module (selftests/vm/run loads it)

set -euo pipefail
export LC_ALL=C

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
BENCH=${MIP4HA_BENCH:-$TOP/userspace/mip4-bench/mip4-bench}
MIP4CTL=${MIP4CTL:-$TOP/userspace/mip4ctl}
SIZES=${MIP4HA_BENCH_TEARDOWN_SIZES:-1000 100000}
COUNT=${MIP4HA_BENCH_TEARDOWN_COUNT:-100}
REPEAT=${MIP4HA_BENCH_REPEAT:-3}

# shellcheck source=topo.sh
. "$(dirname "$0")/topo.sh"

OUT=$(mktemp)
cleanup() {
	local s
	for s in $SIZES; do
		ip netns del "td-ha-$s" 2>/dev/null || true
		ip netns del "td-bench-$s" 2>/dev/null || true
	done
	rm -f "$OUT"
}
trap cleanup EXIT

bench_require
[ -e /sys/kernel/tracing/trace ] || mount -t tracefs nodev /sys/kernel/tracing
KO=${MIP4HA_KO:-$TOP/kmod/mip4ha.ko}
say "module: ${KO#"$TOP"/} sha1 $(sha1sum <"$KO" | cut -c1-12); load: $(cat /proc/loadavg)"

# setup SIZE: a Home Agent in td-ha-SIZE with SIZE bindings, its nodes'
# namespace td-bench-SIZE.
setup() {
	local s=$1 ha=td-ha-$1 bench=td-bench-$1 t0 out
	bench_topo "$ha" "$bench"
	# --memory: every node registered once (lost requests resent), exit
	# status 3 unless each got its binding.
	t0=$(date +%s)
	out=$(ip netns exec "$bench" "$BENCH" --ha "$HA_ADDR" --netns "$ha" \
		--nodes "$s" --install-sas --memory --lifetime 65534 \
		--window 256 --timeout 5 --settle 0 -j) ||
		die "$ha: mip4-bench could not give every node a binding"
	say "== $ha: $s bindings in $(($(date +%s) - t0)) s"
	printf 'SETUP %s %s\n' "$ha" "$out" >>"$OUT"
}

pairs=()
for s in $SIZES; do
	setup "$s"
	pairs+=(--pair "td-ha-$s:td-bench-$s:$s")
done

python3 "$TOP/selftests/bench/teardown.py" "${pairs[@]}" \
	--rounds "$REPEAT" --count "$COUNT" | tee -a "$OUT"
[ -z "${MIP4HA_BENCH_OUT:-}" ] || grep '^RESULT ' "$OUT" >>"$MIP4HA_BENCH_OUT"

# Bindings left: each Home Agent still has exactly its SIZE others.
for s in $SIZES; do
	n=$(ip netns exec "td-ha-$s" "$MIP4CTL" binding show | wc -l)
	[ "$n" = "$s" ] || die "td-ha-$s: $n bindings left, want $s"
done
say "load: $(cat /proc/loadavg)"

# shellcheck disable=SC2086 # one argument per size
python3 - "$OUT" $SIZES <<'EOF_PY'
import json, sys
res = {}
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        r = json.loads(line[7:])
        res[(r["label"], r["kind"])] = r
sizes = sys.argv[2:]
lo, hi = sizes[0], sizes[-1]
names = {"dereg": "deregistration (dynamic keys)", "expiry": "key expiry",
         "sadel": "sa del (static SA)"}
print()
print("| teardown | " + " | ".join("µs, %s others: median (p10-p90)" % s for s in sizes)
      + " | %s/%s |" % (lo, hi))
print("|---|" + "---|" * len(sizes) + "---|")
for kind in ("dereg", "expiry", "sadel"):
    if (lo, kind) not in res:
        continue
    cells = ["%.1f (%.1f-%.1f)" % (res[(s, kind)]["median_us"], res[(s, kind)]["p10_us"],
                                   res[(s, kind)]["p90_us"]) for s in sizes]
    ratio = res[(lo, kind)]["median_us"] / res[(hi, kind)]["median_us"]
    print("| %s | %s | %.3g |" % (names[kind], " | ".join(cells), ratio))
    print("RATIO %s %s/%s %.3g" % (kind, lo, hi, ratio), file=sys.stderr)
EOF_PY
