#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lib/gsup.c and lib/aka.c against a real HLR: osmo-hlr (Debian's), started
# from a private configuration and database on the loopback of a network
# namespace of its own (so that its fixed ports meet nobody else's), a
# subscriber provisioned over its VTY, then hlr_client: vectors fetched
# and each checked by a software USIM (Milenage, SQN freshness), a
# resynchronisation with AUTS, an unknown IMSI; then aka_hlr: mip4d's own
# AKA core and HLR link through a whole exchange, across a restart of the
# HLR, and through a resync. Needs root (unshare) and
# osmo-hlr; skipped (KTAP) without them.

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SELFTESTS=$(cd "$HERE/../../../selftests" && pwd)
CLIENT=$HERE/hlr_client
AKA_HLR=$HERE/aka_hlr
K=465b5ce8b199b49faa5f0a2ee238a6bc
OPC=cd63cb71954a9f4e48a5994e37a02baf
IMSI=001010000000001

if [ "$(id -u)" != 0 ] || ! command -v osmo-hlr >/dev/null ||
	! unshare --net true 2>/dev/null; then
	printf 'KTAP version 1\n1..0 # SKIP needs root, a new network namespace and osmo-hlr\n'
	exit 0
fi
if [ -z "${IN_NETNS:-}" ]; then
	exec unshare --net env IN_NETNS=1 "$0" "$@"
fi
echo "KTAP version 1"
ip link set lo up

TMP=$(mktemp -d)
trap 'kill $(cat "$TMP/hlr.pid") 2>/dev/null; wait $HLR 2>/dev/null; rm -rf "$TMP"' EXIT
"$SELFTESTS/hlr-config" 127.0.0.1 >"$TMP/hlr.cfg"
(cd "$TMP" && exec osmo-hlr -c hlr.cfg -l hlr.db -s >hlr.log 2>&1) &
HLR=$!
echo $HLR >"$TMP/hlr.pid"
# For aka_hlr: the same HLR (same database) stopped and started again.
cat >"$TMP/restart.sh" <<SH
#!/bin/bash
pid=\$(cat "$TMP/hlr.pid")
kill \$pid
while kill -0 \$pid 2>/dev/null; do sleep 0.05; done
cd "$TMP" && { osmo-hlr -c hlr.cfg -l hlr.db -s >>hlr.log 2>&1 & echo \$! >hlr.pid; }
SH
chmod +x "$TMP/restart.sh"

# The VTY (osmo-hlr is ready in well under a second; hlr-vty.py waits ten).
vty() {
	"$SELFTESTS/hlr-vty.py" "$@"
}

n=0
result() { # name status
	n=$((n + 1))
	if [ "$2" = 0 ]; then echo "ok $n $1"; else echo "not ok $n $1"; fi
}
echo "1..5"

vty "subscriber imsi $IMSI create" \
	"subscriber imsi $IMSI update aud3g milenage k $K opc $OPC ind-bitlen 5" \
	>"$TMP/vty.out" 2>&1
out=$("$CLIENT" 4222 mip4ha-test-1 "$IMSI" "$K" "$OPC" 3 2>&1)
printf '%s\n' "$out" | sed 's/^/# /'
[ "$(grep -c '^vector [0-2] sqn [0-9]* ok$' <<<"$out")" = 3 ]
result "three_vectors_verified_by_the_usim" $?

# The same name again: its slot goes on where it stopped (fresh SQNs).
out=$("$CLIENT" 4222 mip4ha-test-1 "$IMSI" "$K" "$OPC" 2 2>&1)
printf '%s\n' "$out" | sed 's/^/# /'
[ "$(grep -c '^vector [0-1] sqn [0-9]* ok$' <<<"$out")" = 2 ]
result "a_second_batch_fresh" $?

# The USIM is ahead (SEQ 1000): AUTS, one resync, fresh vectors.
out=$("$CLIENT" 4222 mip4ha-test-1 "$IMSI" "$K" "$OPC" 2 1000 2>&1)
printf '%s\n' "$out" | sed 's/^/# /'
grep -q '^sync-failure$' <<<"$out" &&
	[ "$(grep -c '^resync [0-1] sqn [0-9]* ok$' <<<"$out")" = 2 ]
result "resync_with_auts" $?

out=$("$CLIENT" 4222 mip4ha-test-1 001019999999999 "$K" "$OPC" 1 2>&1)
printf '%s\n' "$out" | sed 's/^/# /'
[ "$out" = "error cause 2" ]
result "unknown_imsi_error_cause_2" $?

# mip4d's AKA core and GSUP link: challenge, RRQ2 accepted with the node's
# keys; the HLR restarted under it; then a resync with the USIM's AUTS.
out=$("$AKA_HLR" 4222 mip4d-aka-test "$IMSI@ims.mnc001.mcc001.3gppnetwork.org" \
	"$K" "$OPC" "$TMP/restart.sh" 2>&1)
printf '%s\n' "$out" | sed 's/^/# /'
missing=0
for step in up first-accepted link-down reconnected after-restart-accepted \
	sync-failure resync-challenge resync-accepted; do
	grep -qx "$step" <<<"$out" || { echo "# missing: $step"; missing=1; }
done
result "mip4d_aka_core_and_link_against_osmo_hlr" $missing
