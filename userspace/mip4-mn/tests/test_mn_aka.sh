#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mip4-mn --aka (method 2, a software USIM) against fake_ha playing AKA's
# home agent with an HLR inside, on the loopback (no kernel module, no
# privileges). Each case checks what both ends printed: the keys the node
# derived (--show-keys) against those the fake home agent installed, the
# challenges (RAND, SQN) and what the USIM made of them, the sequence file
# it left, and the exit status. KTAP output.

set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
MN=$HERE/../mip4-mn
FAKE_HA=$HERE/fake_ha
TMP=$(mktemp -d /tmp/test_mn_aka.XXXXXX)
NAI=001010000000001@ims.mnc001.mcc001.3gppnetwork.org
HA_PID=
PORT=
n=0
failed=0

cleanup() {
	stop_ha
	rm -rf "$TMP"
}
trap cleanup EXIT

# TS 35.208 test set 1, as protocol.md §8.11; another K for the forged network.
printf '465b5ce8b199b49faa5f0a2ee238a6bc\n' >"$TMP/k"
printf 'cd63cb71954a9f4e48a5994e37a02baf\n' >"$TMP/opc"
printf '565b5ce8b199b49faa5f0a2ee238a6bc\n' >"$TMP/other-k"
# protocol.md §9: the user, at the company's RADIUS server (fake_ha's).
USER=mn-alice@example.net
printf 'alice-Pass-1\n' >"$TMP/user-pw"
printf 'alice-Pass-2\n' >"$TMP/wrong-pw"

start_ha() { # fake_ha options...
	: >"$TMP/ha.out"
	"$FAKE_HA" --aka-k "$TMP/k" --aka-opc "$TMP/opc" "$@" \
		>>"$TMP/ha.out" 2>&1 &
	HA_PID=$!
	for _ in $(seq 50); do
		PORT=$(awk '/^port/ { print $2 }' "$TMP/ha.out")
		[ -n "$PORT" ] && return 0
		sleep 0.05
	done
	echo "# fake_ha did not start" >&2
	return 1
}

stop_ha() {
	if [ -n "$HA_PID" ]; then
		kill "$HA_PID" 2>/dev/null
		wait "$HA_PID" 2>/dev/null
	fi
	HA_PID=
}

mn_run() { # mip4-mn options... (later ones win)
	"$MN" --ha 127.0.0.1 --port "$PORT" --home 10.1.0.10 --nai "$NAI" \
		--aka --k-file "$TMP/k" --opc-file "$TMP/opc" \
		--timeout-ms 200 --retries 2 "$@"
}

mn() { # mip4-mn options...: status in $st, output in $TMP/mn.out, .err
	mn_run "$@" >"$TMP/mn.out" 2>"$TMP/mn.err"
	st=$?
}

# The node's key lines and the fake home agent's, the same list.
same_keys() {
	grep '^keys:' "$TMP/mn.out" >"$TMP/mn.keys"
	grep -E '^(initial|rekey) ' "$TMP/ha.out" | sed 's/^.* keys:/keys:/' \
		>"$TMP/ha.keys"
	[ -s "$TMP/mn.keys" ] && cmp -s "$TMP/mn.keys" "$TMP/ha.keys"
}

count() { # ERE, file
	grep -cE "$1" "$2"
}

# The RANDs of the challenges the node took, and those the HLR made.
same_rands() {
	sed -n 's/^aka challenge: rand \([0-9a-f]*\) .*/\1/p' "$TMP/mn.out" |
		sort -u >"$TMP/mn.rands"
	sed -n 's/^challenge rand \([0-9a-f]*\) .*/\1/p' "$TMP/ha.out" |
		sort -u >"$TMP/ha.rands"
	[ -s "$TMP/mn.rands" ] && cmp -s "$TMP/mn.rands" "$TMP/ha.rands"
}

seq_is() { # the USIM's sequence file, whole
	[ "$(cat "$TMP/k.seq" 2>/dev/null)" = "$(printf 'mip4-usim-seq 1\nind-bits 5\n%s' "$1")" ]
}

result() {
	local name=$1

	shift
	n=$((n + 1))
	rm -f "$TMP/k.seq"
	if "$@"; then
		echo "ok $n $name"
	else
		echo "not ok $n $name"
		failed=$((failed + 1))
		sed 's/^/# mn: /' "$TMP/mn.out" "$TMP/mn.err"
		sed 's/^/# ha: /' "$TMP/ha.out"
		sed 's/^/# seq: /' "$TMP/k.seq" 2>/dev/null
	fi
	stop_ha
}

# RRQ1, the challenge (SQN 0x21: SEQ 1 in slot 1), RRQ2, RRP2; then the
# method-1 exchanges with the keys AKA made.
t_plain() { # alg replay 133s
	start_ha || return 1
	mn --alg "$1" --replay "$2" --show-keys \
		--sequence initial,rekey,reregister,dereg
	[ $st = 0 ] && same_keys && same_rands &&
		[ "$(count '^keys:' "$TMP/mn.out")" = 2 ] &&
		[ "$(count '^challenge rand .* sqn 0x21$' "$TMP/ha.out")" = 1 ] &&
		[ "$(count '^aka challenge: rand [0-9a-f]{32} lifetime 30$' "$TMP/mn.out")" = 1 ] &&
		[ "$(count '^registered: home 10.1.0.10 care-of 127.0.0.1 lifetime 1800 keys: spi-s 0x1000 spi-d 0x1001 key-lifetime 3600$' "$TMP/mn.out")" = 1 ] &&
		[ "$(count '^deny 133' "$TMP/ha.out")" = "$3" ] &&
		[ "$(tail -n 1 "$TMP/mn.out")" = deregistered ] &&
		grep -q '^dereg spi 0x1001' "$TMP/ha.out" &&
		! grep -q '^aka \(sync\|mac\)' "$TMP/mn.out" &&
		seq_is 'slot 1 1'
}

# The sequence numbers outlive the run: a second run with the same HLR
# takes SQN 0x41 without a resynchronisation.
t_second_run() {
	start_ha || return 1
	mn --once && [ $st = 0 ] && seq_is 'slot 1 1' || return 1
	: >"$TMP/ha.out"	# appended to: the second run's lines only
	mn --once --show-keys
	[ $st = 0 ] && same_keys &&
		[ "$(count '^challenge rand .* sqn 0x41$' "$TMP/ha.out")" = 1 ] &&
		! grep -q '^resync' "$TMP/ha.out" &&
		! grep -q '^aka sync' "$TMP/mn.out" &&
		seq_is 'slot 1 2'
}

# protocol.md §8.11's resync: the USIM has SEQ 500 in slot 1 (SQN_MS
# 0x3e81). One AUTS, which the HLR verifies, then SQN 0x3ea1 is taken.
t_resync() {
	start_ha || return 1
	printf 'mip4-usim-seq 1\nind-bits 5\nslot 1 500\n' >"$TMP/k.seq"
	mn --once --show-keys
	[ $st = 0 ] && same_keys && same_rands &&
		[ "$(count '^aka sync_failure: ' "$TMP/mn.out")" = 1 ] &&
		[ "$(count '^aka challenge: ' "$TMP/mn.out")" = 2 ] &&
		[ "$(count '^resync sqn-ms 0x3e81$' "$TMP/ha.out")" = 1 ] &&
		[ "$(count '^challenge rand .* sqn 0x3ea1$' "$TMP/ha.out")" = 1 ] &&
		[ "$(count '^initial ' "$TMP/ha.out")" = 1 ] &&
		seq_is 'slot 1 501'
}

# At most one resync per attempt: an HLR that stays behind (its SQN_HE
# reset below SQN_MS again) gets no second AUTS.
t_resync_once() {
	start_ha --hlr-seq 0 || return 1
	printf 'mip4-usim-seq 1\nind-bits 5\nslot 1 500\nslot 2 600\n' >"$TMP/k.seq"
	# SQN_MS is the highest of all slots (600 in slot 2): the HLR then
	# makes SEQ 601 in slot 1, which the USIM takes.
	mn --once
	[ $st = 0 ] && [ "$(count '^aka sync_failure: ' "$TMP/mn.out")" = 1 ] &&
		grep -q '^resync sqn-ms 0x4b02$' "$TMP/ha.out" &&
		seq_is "$(printf 'slot 1 601\nslot 2 600')"
}

# At most one resync per attempt (protocol.md §8.5): an HLR that verifies
# the AUTS but stays behind gets no second one; the attempt fails, nothing
# is taken.
t_second_sync_failure() {
	start_ha --stale-resync || return 1
	printf 'mip4-usim-seq 1\nind-bits 5\nslot 1 500\n' >"$TMP/k.seq"
	mn --once -v
	[ $st = 3 ] &&
		[ "$(count '^aka sync_failure: SQN not fresh; sending AUTS to resynchronise$' "$TMP/mn.out")" = 1 ] &&
		has_mn '^aka sync_failure: again after a resynchronisation; giving up$' &&
		[ "$(count 'aka-failure .* cause 1 ' "$TMP/mn.err")" = 1 ] &&
		! grep -q 'aka-response' "$TMP/mn.err" &&
		[ "$(count '^resync sqn-ms 0x3e81$' "$TMP/ha.out")" = 1 ] &&
		! grep -q '^initial' "$TMP/ha.out" &&
		seq_is 'slot 1 500'
}

# A network without our K (protocol.md §8.6): no RES, a security exception, one
# report with cause 2, nothing written, a hint back, exit 3.
t_mac_failure() {
	start_ha || return 1
	mn --k-file "$TMP/other-k" --seq-file "$TMP/k.seq" --once -v
	[ $st = 3 ] &&
		[ "$(count '^aka mac_failure: reported; no new attempt for 30 s$' "$TMP/mn.out")" = 1 ] &&
		grep -q '^mip4-mn: security exception: AUTN of challenge [0-9a-f]* does not verify' "$TMP/mn.err" &&
		[ "$(count 'aka-failure .* cause 2 ' "$TMP/mn.err")" = 1 ] &&
		! grep -q 'aka-response' "$TMP/mn.err" &&
		grep -q '^denied: code 131 (mobile node failed authentication) \[unauthenticated\]$' "$TMP/mn.out" &&
		[ "$(count '^mac_failure reported$' "$TMP/ha.out")" = 1 ] &&
		! grep -q '^initial' "$TMP/ha.out" && [ ! -e "$TMP/k.seq" ]
}

# RRQ2 lost three times (all its sends): RRQ1 again gets the pending
# challenge again (protocol.md §8.7), which the record answers without a
# second run of the USIM (that would be a sync failure): one AV, SEQ 1.
t_record() {
	start_ha --drop-rrq2 3 || return 1
	mn --once --show-keys
	[ $st = 0 ] && same_keys && same_rands &&
		[ "$(count '^drop rrq2$' "$TMP/ha.out")" = 3 ] &&
		[ "$(count '^challenge rand ' "$TMP/ha.out")" = 1 ] &&
		[ "$(count '^challenge again rand ' "$TMP/ha.out")" = 1 ] &&
		has_mn '^aka: no answer to the response; asking for the challenge again$' &&
		has_mn '^aka challenge: rand [0-9a-f]{32} lifetime [0-9]+ \(again: answered from the record\)$' &&
		! grep -q '^aka sync' "$TMP/mn.out" &&
		! grep -q '^resync' "$TMP/ha.out" &&
		seq_is 'slot 1 1'
}

has_mn() {
	[ "$(count "$1" "$TMP/mn.out")" = 1 ]
}

# An RRP2 whose MHAE does not verify with Skey is ignored; the genuine
# one after it is taken.
t_forged_rrp2() {
	start_ha --forge-rrp2 || return 1
	mn --once --show-keys -v
	[ $st = 0 ] && same_keys &&
		grep -q '^forged rrp2 sent$' "$TMP/ha.out" &&
		[ "$(count '^mip4-mn: ignored: MHAE does not verify with Skey \(security exception\)$' "$TMP/mn.err")" = 1 ] &&
		has_mn '^registered: .* keys: spi-s 0x1000 spi-d 0x1001 key-lifetime 3600$'
}

# Loop mode, key lifetime 4 s, binding lifetime 1 s: re-authentication at
# half of the key lifetime, while Skey' keeps registering every half
# second; the new keys replace the old in one step, the deregistration
# uses the new Skey'. Nothing is refused on the way.
t_reauth() {
	start_ha --key-lifetime 4 --max-lifetime 1 || return 1
	# exec: $! is then the node itself, which the TERM must reach.
	(exec "$MN" --ha 127.0.0.1 --port "$PORT" --home 10.1.0.10 \
		--nai "$NAI" --aka --k-file "$TMP/k" --opc-file "$TMP/opc" \
		--timeout-ms 200 --retries 2 --reregister 50 --show-keys \
		>"$TMP/mn.out" 2>"$TMP/mn.err") &
	local pid=$! end=$((SECONDS + 60))

	while [ "$SECONDS" -lt "$end" ]; do
		[ "$(count '^initial ' "$TMP/ha.out")" -ge 3 ] &&
			[ "$(count '^keys:' "$TMP/mn.out")" -ge 3 ] && break
		sleep 0.1
	done
	kill -TERM $pid 2>/dev/null
	wait $pid
	st=$?
	[ $st = 0 ] && same_keys && same_rands &&
		[ "$(count '^challenge rand ' "$TMP/ha.out")" -ge 3 ] &&
		! grep -q '^deny' "$TMP/ha.out" &&
		! grep -q '^renew' "$TMP/mn.out" &&
		# Re-registrations with Skey' between the authentications.
		awk '/^initial/ { if (n) r += seen; n++; seen = 0 }
			/^register spi 0x1001/ { seen = 1 }
			END { exit !(r >= 2) }' "$TMP/ha.out" &&
		[ "$(tail -n 1 "$TMP/mn.out")" = deregistered ] &&
		[ "$(tail -n 2 "$TMP/ha.out" | head -n 1 | cut -d' ' -f1-3)" = "dereg spi 0x1001" ] &&
		seq_is "slot 1 $(count '^challenge rand ' "$TMP/ha.out")"
}

# Re-authentication meets a network without our K (protocol.md §8.6,
# §8.8): the node keeps its keys and goes on registering with Skey',
# waits the challenge lifetime (2 s) rather than half of what is left
# (1.5 s), and stops without a deregistration when the keys are about to
# end.
t_reauth_mac_failure() {
	start_ha --key-lifetime 6 --max-lifetime 6 --bad-k-after 1 \
		--challenge-lifetime 2 || return 1
	mn --reregister 50
	[ $st = 3 ] &&
		[ "$(count '^initial ' "$TMP/ha.out")" = 1 ] &&
		[ "$(count '^mac_failure reported$' "$TMP/ha.out")" -ge 1 ] &&
		grep -q '^aka mac_failure: reported; no new attempt for 2 s$' "$TMP/mn.out" &&
		grep -q '^renew: new keys refused; keeping ours (2 s left), trying again in 2 s$' "$TMP/mn.out" &&
		awk '/^mac_failure reported/ { m = 1 } m && /^register spi 0x1001/ { n++ }
			END { exit !(n >= 1) }' "$TMP/ha.out" &&
		! grep -q '^dereg' "$TMP/ha.out" &&
		seq_is 'slot 1 1'
}

# Options: the USIM's files are required, never standard input.
t_options() {
	local out

	out=$("$MN" --ha 127.0.0.1 --home 10.1.0.10 --nai "$NAI" --aka \
		--k-file "$TMP/k" 2>&1)
	[ $? = 2 ] && [[ $out == *"--aka needs the USIM's --k-file and --opc-file"* ]] || return 1
	out=$("$MN" --ha 127.0.0.1 --home 10.1.0.10 --nai "$NAI" --aka \
		--k-file - --opc-file "$TMP/opc" 2>&1 </dev/null)
	[ $? = 2 ] && [[ $out == *"not standard input"* ]] || return 1
	printf 'mip4-usim-seq 1\nind-bits 5\nslot 1 0\n' >"$TMP/bad.seq"
	out=$("$MN" --ha 127.0.0.1 --home 10.1.0.10 --nai "$NAI" --aka \
		--k-file "$TMP/k" --opc-file "$TMP/opc" --seq-file "$TMP/bad.seq" \
		--once 2>&1)
	[ $? = 2 ] && [[ $out == *"is not a USIM sequence file; not starting"* ]]
}

# ---- Multiple authentications (protocol.md §9): the device, then a user ----

start_ha_user() { # fake_ha options...
	start_ha --user-nai "$USER" --user-password-file "$TMP/user-pw" "$@"
}

# The user's line right after the registered line with keys.
user_line_after_registered() {
	awk -v u="user: $USER accepted" '
		/^registered: .* keys:/ { r = NR }
		$0 == u { if (r && NR == r + 1) ok++; else bad++ }
		END { exit !(ok >= 1 && !bad) }' "$TMP/mn.out"
}

# Two round trips: AUTH_FOLLOWS in RRQ1, USER_AUTH in RRQ2, the keys from
# K_aka and k'' equal at both ends; then rekey, Skey' and the end as ever.
t_user() {
	start_ha_user || return 1
	mn --user-nai "$USER" --user-password-file "$TMP/user-pw" -v \
		--show-keys --sequence initial,rekey,reregister,dereg
	[ $st = 0 ] && same_keys && same_rands &&
		[ "$(count '^keys:' "$TMP/mn.out")" = 2 ] &&
		has_mn '^registered: home 10.1.0.10 care-of 127.0.0.1 lifetime 1800 keys: spi-s 0x1000 spi-d 0x1001 key-lifetime 3600$' &&
		user_line_after_registered &&
		[ "$(count "^user $USER accepted$" "$TMP/ha.out")" = 1 ] &&
		! grep -q '^device authenticated' "$TMP/ha.out" &&
		[ "$(count '^-> RRQ .* aka-start .* flags 0x01$' "$TMP/mn.err")" = 1 ] &&
		[ "$(count "^-> RRQ .* aka-response .* user-auth version 1 method 1 user nai \"$USER\" mhae spi 4096" "$TMP/mn.err")" = 1 ] &&
		[ "$(count '^<- RRP .* code 0 .* aka-result .* flags 0x02 key-lifetime 3600 .* user-result version 1 method 1 key-lifetime 3600 mhae' "$TMP/mn.err")" = 1 ] &&
		[ "$(tail -n 1 "$TMP/mn.out")" = deregistered ] &&
		seq_is 'slot 1 1'
}

# Three round trips: no AUTH_FOLLOWS, RRQ2 without USER_AUTH, the home
# agent's 131 made with K_aka asks for it, RRQ3 carries it alone.
t_user_three_round_trips() { # extra mip4-mn options
	start_ha_user || return 1
	mn --user-nai "$USER" --user-password-file "$TMP/user-pw" -v \
		--user-no-announce --show-keys --sequence initial,reregister "$@"
	[ $st = 0 ] && same_keys &&
		grep -q '^device authenticated; user step required$' "$TMP/ha.out" &&
		has_mn "^aka: device authenticated; the home agent asks for the user's step$" &&
		user_line_after_registered &&
		[ "$(count '^-> RRQ .* aka-start .* flags 0x00$' "$TMP/mn.err")" = 1 ] &&
		[ "$(count '^-> RRQ .* user-auth' "$TMP/mn.err")" = 1 ] &&
		[ "$(count '^-> RRQ .* aka-response .* rand [0-9a-f]{32} mhae spi 4096' "$TMP/mn.err")" = 1 ] &&
		[ "$(count "^-> RRQ .*3gppnetwork.org\" user-auth version 1 method 1 user nai \"$USER\" mhae spi 4096" "$TMP/mn.err")" = 1 ] &&
		[ "$(count '^<- RRP .* code 131 .* aka-result .* flags 0x01 key-lifetime 0 .* mhae spi 4096' "$TMP/mn.err")" = 1 ] &&
		grep -q '^register spi 0x1001' "$TMP/ha.out"
}

# The user refused (wrong password): 131 made with K_aka, nothing
# installed, an authenticated denial.
t_user_refused() { # extra mip4-mn options
	start_ha_user || return 1
	mn --user-nai "$USER" --user-password-file "$TMP/wrong-pw" --once "$@"
	[ $st = 3 ] &&
		[ "$(cat "$TMP/mn.out" | grep -v '^aka')" = "denied: code 131 (user refused; device authenticated)" ] &&
		grep -q "^user $USER refused; deny 131 with k_aka$" "$TMP/ha.out" &&
		! grep -q '^initial' "$TMP/ha.out" && [ ! -s "$TMP/mn.err" ]
}

# The user's RADIUS server does not answer: 128 made with K_aka.
t_user_no_answer() {
	start_ha_user --user-no-answer || return 1
	mn --user-nai "$USER" --user-password-file "$TMP/user-pw" --once
	[ $st = 3 ] &&
		has_mn "^denied: code 128 \(no answer from the user's AAA server; device authenticated\)$" &&
		! grep -q '^initial' "$TMP/ha.out"
}

# A node without a user at a home agent that wants one.
t_user_required() {
	start_ha_user || return 1
	mn --once
	[ $st = 3 ] &&
		has_mn '^denied: code 131 \(a user authentication is required; device authenticated\)$' &&
		! grep -q '^initial' "$TMP/ha.out"
}

# Re-authentication is the whole device+user exchange again; a refused one
# keeps the keys (as AKA alone does) until they are about to end.
t_user_reauth() {
	start_ha_user --key-lifetime 6 --max-lifetime 6 --refuse-user-after 2 ||
		return 1
	mn --user-nai "$USER" --user-password-file "$TMP/user-pw" \
		--reregister 50 --show-keys
	[ $st = 3 ] && same_keys &&
		[ "$(count '^initial ' "$TMP/ha.out")" = 2 ] &&
		[ "$(count "^user $USER accepted$" "$TMP/ha.out")" = 2 ] &&
		[ "$(count '^challenge rand ' "$TMP/ha.out")" -ge 3 ] &&
		[ "$(count "^user: $USER accepted$" "$TMP/mn.out")" = 2 ] &&
		grep -q "^user $USER refused; deny 131 with k_aka$" "$TMP/ha.out" &&
		grep -q '^renew: new keys refused; keeping ours' "$TMP/mn.out" &&
		awk '/refused; deny 131/ { m = 1 } m && /^register spi 0x1001/ { n++ }
			END { exit !(n >= 1) }' "$TMP/ha.out" &&
		! grep -q '^dereg' "$TMP/ha.out"
}

t_user_options() {
	local out

	out=$(mn_run --user-nai "$USER" --once 2>&1)
	[ $? = 2 ] && [[ $out == *"--user-nai and --user-password-file go together"* ]] || return 1
	out=$("$MN" --ha 127.0.0.1 --home 10.1.0.10 --nai "$NAI" \
		--password-file "$TMP/user-pw" --user-nai "$USER" \
		--user-password-file "$TMP/user-pw" 2>&1)
	[ $? = 2 ] && [[ $out == *"go with --aka"* ]] || return 1
	out=$(mn_run --user-no-announce --once 2>&1)
	[ $? = 2 ] && [[ $out == *"--user-no-announce needs a user"* ]] || return 1
	out=$(mn_run --user-nai "a b" --user-password-file "$TMP/user-pw" 2>&1)
	[ $? = 2 ] && [[ $out == *"--user-nai: want 1 to 255 printable characters"* ]] || return 1
	# The config file takes the same keys.
	start_ha_user || return 1
	printf 'user-nai = %s\nuser-password-file = %s\nuser-no-announce = yes\n' \
		"$USER" "$TMP/user-pw" >"$TMP/mn.conf"
	mn -c "$TMP/mn.conf" --once
	[ $st = 0 ] && user_line_after_registered &&
		grep -q '^device authenticated; user step required$' "$TMP/ha.out"
}

echo "KTAP version 1"
echo "1..22"
result plain_hmac_md5_timestamps t_plain hmac-md5 timestamp 0
result plain_hmac_sha256_timestamps t_plain hmac-sha256 timestamp 0
result plain_hmac_sha256_nonces t_plain hmac-sha256 nonce 2
result second_run_no_resync t_second_run
result resync_once t_resync
result resync_sqn_ms_of_all_slots t_resync_once
result second_sync_failure_gives_up t_second_sync_failure
result mac_failure_reported t_mac_failure
result lost_response_answered_from_record t_record
result forged_rrp2_ignored t_forged_rrp2
result reauth_keys_replaced t_reauth
result reauth_mac_failure_keys_kept t_reauth_mac_failure
result options t_options
result user_two_round_trips t_user
result user_three_round_trips t_user_three_round_trips
result user_three_round_trips_sha256_nonces t_user_three_round_trips --alg hmac-sha256 --replay nonce
result user_refused t_user_refused
result user_refused_three_round_trips t_user_refused --user-no-announce
result user_no_answer t_user_no_answer
result user_required t_user_required
result user_reauth_refused_keys_kept t_user_reauth
result user_options t_user_options
echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
echo "$((n - failed)) passed, $failed failed"
[ $failed = 0 ]
