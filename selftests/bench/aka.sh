#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# AKA benchmark (Documentation/performance.md, "AKA registrations"): what an
# initial AKA registration costs with the vector already in mip4d's store
# (warm) and with the HLR to ask first (cold), side by side in one run, and
# how many vectors each HLR request brings. Not a test (not part of make
# check): it prints numbers.
#
#   selftests/vm/run --timeout 1800 -- selftests/bench/aka.sh
#
# One Home Agent namespace with mip4d and a real osmo-hlr on its loopback
# (GSUP never leaves the host), a node namespace behind a veth. mip4d
# fetches MIP4HA_BENCH_AKA_BATCH vectors per SendAuthInfo (5), so of each
# run of that many registrations the first is cold and the others warm: the
# two kinds alternate through the run and meet the same load. Each
# registration is one `mip4-mn --aka --once` (RRQ1, the challenge, RRQ2, the
# keys; the node's sequence file kept from run to run). Per registration:
# mip4d's own time for the challenge (its log line's ms: the HLR's round
# trip for a cold one) and the node's time from its first request to the
# keys (-v's timestamps are not kept: the wall time of the process, which
# adds its start-up alike to both kinds). The summary gives medians and the
# ratio cold/warm.
# Knobs (selftests/vm/run passes MIP4HA_* on):
#   MIP4HA_BENCH_AKA_COUNT   registrations (30, a multiple of the batch; at
#                            most 60, mip4d's highest challenge rate a minute)
#   MIP4HA_BENCH_AKA_BATCH   vectors per SendAuthInfo, 1-5 (5)

set -euo pipefail
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
# shellcheck disable=SC2034 # MIP4CTL and BENCH are topo.sh's
MIP4CTL=$TOP/userspace/mip4ctl
MIP4D=$TOP/userspace/mip4d/mip4d
MN=$TOP/userspace/mip4-mn/mip4-mn
# shellcheck disable=SC2034
BENCH=$MN
COUNT=${MIP4HA_BENCH_AKA_COUNT:-30}
BATCH=${MIP4HA_BENCH_AKA_BATCH:-5}
NS_HA=bench-aka-ha
NS_MN=bench-aka-mn
IMSI=001010000000001
NAI=$IMSI@ims.mnc001.mcc001.3gppnetwork.org
# shellcheck source=topo.sh
. "$HERE/topo.sh"

bench_require
command -v osmo-hlr >/dev/null || die "osmo-hlr not found: scripts/setup-deps"
[ $((COUNT % BATCH)) = 0 ] && [ "$COUNT" -le 60 ] ||
	die "MIP4HA_BENCH_AKA_COUNT must be a multiple of the batch, at most 60"
WORK=$(mktemp -d)
cleanup() {
	kill "$MIP4D_PID" "$HLR_PID" 2>/dev/null || true
	wait 2>/dev/null || true
	ip netns del "$NS_HA" 2>/dev/null || true
	ip netns del "$NS_MN" 2>/dev/null || true
	rm -rf "$WORK"
}
MIP4D_PID='' HLR_PID=''
trap cleanup EXIT
bench_topo "$NS_HA" "$NS_MN"

"$TOP/selftests/hlr-config" 127.0.0.1 >"$WORK/hlr.cfg"
ip netns exec "$NS_HA" osmo-hlr -c "$WORK/hlr.cfg" -l "$WORK/hlr.db" -s \
	>"$WORK/hlr.log" 2>&1 &
HLR_PID=$!
ip netns exec "$NS_HA" "$TOP/selftests/hlr-vty.py" \
	"subscriber imsi $IMSI create" \
	"subscriber imsi $IMSI update aud3g milenage k 465b5ce8b199b49faa5f0a2ee238a6bc opc cd63cb71954a9f4e48a5994e37a02baf ind-bitlen 5" \
	>/dev/null 2>&1 || die "cannot provision osmo-hlr"
echo 465b5ce8b199b49faa5f0a2ee238a6bc >"$WORK/k"
echo cd63cb71954a9f4e48a5994e37a02baf >"$WORK/opc"

cat >"$WORK/mip4d.conf" <<CONF
nas_identifier = bench
[aka]
hlr = 127.0.0.1:4222
gsup_name = mip4d-bench
batch = $BATCH
challenges_per_minute = 60
[accounting]
state_dir = none
CONF
ip netns exec "$NS_HA" "$MIP4D" -f -v -c "$WORK/mip4d.conf" \
	>/dev/null 2>"$WORK/mip4d.log" &
MIP4D_PID=$!
for _ in $(seq 100); do
	grep -q "HLR 127.0.0.1:4222: up" "$WORK/mip4d.log" && break
	sleep 0.1
done
grep -q "HLR 127.0.0.1:4222: up" "$WORK/mip4d.log" || die "mip4d has no HLR link"

say "aka: $COUNT registrations, batch $BATCH"
for ((i = 0; i < COUNT; i++)); do
	start=$(date +%s%N)
	ip netns exec "$NS_MN" "$MN" --ha "$HA_ADDR" --home 10.0.1.1 \
		--coa "$LINK_BENCH" --nai "$NAI" --aka --k-file "$WORK/k" \
		--opc-file "$WORK/opc" --seq-file "$WORK/seq" --once -q ||
		die "registration $i failed (mip4d: $(tail -n 3 "$WORK/mip4d.log"))"
	end=$(date +%s%N)
	kind=warm
	[ $((i % BATCH)) = 0 ] && kind=cold
	echo "$kind $(((end - start) / 1000))" >>"$WORK/node.us"
done
kill -USR1 "$MIP4D_PID"
sleep 1

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
# mip4d's challenges, in order: the first of each batch was cold.
grep -o 'code 131, AKA challenge, lifetime [0-9]* s ([0-9]* ms)' "$WORK/mip4d.log" |
	sed 's/.*(\([0-9]*\) ms)/\1/' |
	awk -v b="$BATCH" '{ print ((NR - 1) % b ? "warm" : "cold"), $1 }' >"$WORK/ha.ms"
[ "$(wc -l <"$WORK/ha.ms")" = "$COUNT" ] || die "$(wc -l <"$WORK/ha.ms") challenges in mip4d's log, not $COUNT"
hc=$(awk '$1 == "cold" { print $2 }' "$WORK/ha.ms" | median)
hw=$(awk '$1 == "warm" { print $2 }' "$WORK/ha.ms" | median)
nc=$(awk '$1 == "cold" { print $2 / 1000 }' "$WORK/node.us" | median)
nw=$(awk '$1 == "warm" { print $2 / 1000 }' "$WORK/node.us" | median)
counters=$(grep -o 'sai-sent [0-9]*, avs-received [0-9]*' "$WORK/mip4d.log" | tail -n 1)
echo "RESULT aka batch $BATCH registrations $COUNT"
echo "RESULT mip4d challenge ms: cold median $hc, warm median $hw"
echo "RESULT node registration ms: cold median $nc, warm median $nw, ratio cold/warm $(awk -v c="$nc" -v w="$nw" 'BEGIN { printf "%.2f", c / w }')"
echo "RESULT hlr $counters ($(awk -v s="${counters#sai-sent }" 'BEGIN { split(s, a, ", avs-received "); printf "%.1f", a[2] / a[1] }') vectors per request)"
