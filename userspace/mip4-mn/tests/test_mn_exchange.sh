#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mip4-mn's dynamic-key exchanges against fake_ha, a home agent and AAA
# server in one process on the loopback (no kernel module, no privileges).
# Each case checks what both ends printed: the keys the node derived
# (--show-keys) against those the fake home agent installed, the lines and
# the exit status. KTAP output. Run from userspace/ (make check) or
# anywhere: paths are taken from this file's place.

set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
MN=$HERE/../mip4-mn
FAKE_HA=$HERE/fake_ha
TMP=$(mktemp -d /tmp/test_mn_exchange.XXXXXX)
NAI=mn-alice@example.net
HA_PID=
PORT=
n=0
failed=0

cleanup() {
	stop_ha
	rm -rf "$TMP"
}
trap cleanup EXIT

printf 'alice-Pass-1\n' >"$TMP/pw"
printf 'alice-Pass-2\n' >"$TMP/wrong-pw"

start_ha() { # fake_ha options...
	# Emptied here, not by the child's redirection: no old port read.
	: >"$TMP/ha.out"
	"$FAKE_HA" --password-file "$TMP/pw" "$@" >>"$TMP/ha.out" 2>&1 &
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

mn() { # mip4-mn options...: status in $st, stdout in $TMP/mn.out
	"$MN" --ha 127.0.0.1 --port "$PORT" --home 10.1.0.10 --nai "$NAI" \
		--password-file "$TMP/pw" --timeout-ms 200 --retries 2 "$@" \
		>"$TMP/mn.out" 2>"$TMP/mn.err"
	st=$?
}

# The key lines of the node and of the fake home agent, the same list.
same_keys() {
	grep '^keys:' "$TMP/mn.out" >"$TMP/mn.keys"
	grep -E '^(initial|rekey) ' "$TMP/ha.out" | sed 's/^.* keys:/keys:/' \
		>"$TMP/ha.keys"
	[ -s "$TMP/mn.keys" ] && cmp -s "$TMP/mn.keys" "$TMP/ha.keys"
}

# Exactly one line of the node's output matches the ERE.
has_line() {
	[ "$(grep -cE "$1" "$TMP/mn.out")" = 1 ]
}

result() { # name, then the test runs as "$@" in a subshell-free way
	local name=$1

	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n $name"
	else
		echo "not ok $n $name"
		failed=$((failed + 1))
		sed 's/^/# mn: /' "$TMP/mn.out" "$TMP/mn.err"
		sed 's/^/# ha: /' "$TMP/ha.out"
	fi
	stop_ha
}

# With timestamps no 133 is needed. With nonces, each new SA (after the
# initial registration, after a rekey) has a nonce we learn from a 133; the
# Skey SA keeps its own, so the second rekey needs none: three in all.
t_sequence() { # alg replay 133s
	start_ha || return 1
	mn --alg "$1" --replay "$2" --show-keys \
		--sequence initial,rekey,reregister,rekey,reregister,dereg
	[ $st = 0 ] && same_keys &&
		[ "$(grep -c '^keys:' "$TMP/mn.out")" = 3 ] &&
		[ "$(grep -c '^deny 133' "$TMP/ha.out")" = "$3" ] &&
		has_line "^registered: home 10.1.0.10 care-of 127.0.0.1 lifetime 1800 keys: spi-s 0x1000 spi-d 0x1001 key-lifetime 3600$" &&
		[ "$(grep -c "^rekeyed: .* keys: spi-s 0x1000 spi-d 0x1001 key-lifetime 3599$" "$TMP/mn.out")" = 2 ] &&
		has_line '^deregistered$' &&
		[ "$(grep -c '^register spi 0x1001' "$TMP/ha.out")" = 2 ] &&
		grep -q '^forget dereg' "$TMP/ha.out"
}

t_new_spis() {
	start_ha || return 1
	mn --spi-s 300 --spi-d 301 --new-spi-d 0x2000 --show-keys \
		--sequence initial,rekey,reregister
	[ $st = 0 ] && same_keys &&
		has_line '^rekeyed: .* keys: spi-s 0x12c spi-d 0x2000 ' &&
		grep -q '^register spi 0x2000 ' "$TMP/ha.out"
}

t_once_count() {
	start_ha || return 1
	mn --count 3
	[ $st = 0 ] &&
		[ "$(grep -c '^registered:' "$TMP/mn.out")" = 3 ] &&
		[ "$(grep -c '^initial ' "$TMP/ha.out")" = 1 ] &&
		[ "$(grep -c '^register spi 0x1001 ' "$TMP/ha.out")" = 2 ]
}

t_wrong_password() {
	start_ha || return 1
	mn --password-file "$TMP/wrong-pw" --once
	[ $st = 3 ] &&
		has_line '^denied: code 131 \(mobile node failed authentication\) \[unauthenticated\]$'
}

# No AAA answer (the kernel without mip4d): 128, unauthenticated; the node
# waits out the timeout for an authenticated reply, without sending again.
t_no_aaa() {
	start_ha --deny-initial 128 || return 1
	mn --once
	[ $st = 3 ] &&
		has_line '^denied: code 128 \(reason unspecified\) \[unauthenticated\]$' &&
		[ "$(grep -c '^deny 128' "$TMP/ha.out")" = 1 ]
}

# The home agent's clock is 100 s ahead: its unauthenticated 133 resyncs.
t_clock_resync() {
	start_ha --skew 100 || return 1
	mn --show-keys --sequence initial,reregister
	[ $st = 0 ] && same_keys &&
		has_line '^resync: home agent clock is \+(99|100|101) s from ours; sending again$' &&
		[ "$(grep -c '^registered:' "$TMP/mn.out")" = 2 ]
}

# The AAA server takes longer than our timeout: we send the same request
# again, which the home agent drops while the first is in progress (or
# answers with 133 once it is done); the keys are made once, and match.
t_slow_aaa() {
	start_ha --delay-initial-ms 500 || return 1
	mn --show-keys --retries 3 --sequence initial,reregister
	[ $st = 0 ] && same_keys &&
		[ "$(grep -c '^initial ' "$TMP/ha.out")" = 1 ] &&
		grep -qE '^(drop |deny 133)' "$TMP/ha.out" &&
		[ "$(grep -c '^registered:' "$TMP/mn.out")" = 2 ]
}

# A reply whose AuthenticatorResponse is wrong (not from an AAA server that
# knows the password) is ignored, even with a valid MHAE. The request sent
# again is answered with 133 (its keys were made), the new ones too: the
# node gives up, and says why.
t_bad_auth_response() {
	start_ha --bad-auth-response || return 1
	mn --once
	[ $st = 3 ] &&
		grep -q '^mip4-mn: refused an acceptance: wrong AuthenticatorResponse' "$TMP/mn.err" &&
		! grep -q '^registered' "$TMP/mn.out"
}

# With nonces, a 133 that gives back our own nonce teaches nothing: no
# request again (timestamps still resync: their 133 carries the clock).
t_133_no_nonce() {
	start_ha --echo-133 || return 1
	mn --replay nonce --once
	[ $st = 3 ] &&
		has_line '^denied: code 133 \(registration Identification mismatch\) \[unauthenticated\]$' &&
		[ "$(grep -c '^deny 133' "$TMP/ha.out")" = 1 ] &&
		! grep -q '^resync' "$TMP/mn.out"
}

# Loop mode: rekeys every second, then the home agent forgets the keys (as
# after a restart): the refresh gets no answer, the node registers anew;
# SIGTERM deregisters with the new keys.
t_loop() {
	start_ha --max-lifetime 2 --forget-after 4 || return 1
	"$MN" --ha 127.0.0.1 --port "$PORT" --home 10.1.0.10 --nai "$NAI" \
		--password-file "$TMP/pw" --timeout-ms 500 --retries 2 \
		--reregister 50 --rekey-period 1 --show-keys \
		>"$TMP/mn.out" 2>"$TMP/mn.err" &
	local pid=$! end=$((SECONDS + 60))

	# Up to a minute (a loaded machine), not a number of looks.
	while [ "$SECONDS" -lt "$end" ]; do
		[ "$(grep -c '^initial ' "$TMP/ha.out")" -ge 2 ] &&
			grep -q '^registered' <(tail -n 2 "$TMP/mn.out") && break
		sleep 0.1
	done
	kill -TERM $pid 2>/dev/null
	wait $pid
	st=$?
	[ $st = 0 ] && same_keys &&
		grep -q '^rekeyed:' "$TMP/mn.out" &&
		has_line '^renew: the home agent no longer accepts our keys; registering anew$' &&
		[ "$(tail -n 1 "$TMP/mn.out")" = deregistered ] &&
		grep -q '^dereg spi 0x1001' "$TMP/ha.out"
}

# The AAA server refuses new keys (128) when the node renews them at half
# their 6 s lifetime: the node keeps its keys, goes on registering with
# Skey', tries again at half of what is left, and when they are about to
# end stops without a deregistration (a failed authentication never ends
# what the node has, §4.4).
t_renewal_refused() {
	start_ha --key-lifetime 6 --max-lifetime 6 --deny-renewals 128 || return 1
	mn --reregister 50
	[ $st = 3 ] &&
		[ "$(grep -c '^deny renewal 128' "$TMP/ha.out")" -ge 2 ] &&
		[ "$(grep -c '^renew: new keys refused; keeping ours' "$TMP/mn.out")" -ge 1 ] &&
		# Re-registrations with Skey' after the first refusal.
		awk '/^deny renewal/ { d = 1 } d && /^register spi 0x1001/ { n++ }
			END { exit !(n >= 1) }' "$TMP/ha.out" &&
		! grep -q '^dereg' "$TMP/ha.out"
}

# A pause step holds the node until a line comes on standard input: what
# the home agent had seen when the first reply was printed is recorded
# before the line is written, and must not hold the re-registration.
t_pause() {
	start_ha || return 1
	rm -f "$TMP/mn.out"	# the last case's, before the reader looks
	mn --sequence initial,pause,reregister < <(
		for _ in $(seq 600); do
			grep -q '^registered' "$TMP/mn.out" 2>/dev/null && break
			sleep 0.1
		done
		grep -c '^register spi' "$TMP/ha.out" >"$TMP/seen"
		echo)
	[ $st = 0 ] &&
		[ "$(cat "$TMP/seen")" = 0 ] &&
		[ "$(grep -c '^registered:' "$TMP/mn.out")" = 2 ]
}

# Standard input closed at a pause: nobody will say "go on"; the node
# stops there with an error, and does not run the next step.
t_pause_eof() {
	start_ha || return 1
	mn --sequence initial,pause,reregister </dev/null
	[ $st = 1 ] &&
		grep -q '^mip4-mn: pause: standard input closed; stopping before step 3$' "$TMP/mn.err" &&
		[ "$(grep -c '^registered:' "$TMP/mn.out")" = 1 ] &&
		! grep -q '^register spi' "$TMP/ha.out"
}

echo "KTAP version 1"
echo "1..15"
result sequence_hmac_md5_timestamps t_sequence hmac-md5 timestamp 0
result sequence_hmac_sha256_timestamps t_sequence hmac-sha256 timestamp 0
result sequence_hmac_sha256_nonces t_sequence hmac-sha256 nonce 3
result new_spis t_new_spis
result count_initial_then_reregister t_once_count
result wrong_password_131_unauthenticated t_wrong_password
result no_aaa_128_unauthenticated t_no_aaa
result clock_resync_on_initial t_clock_resync
result slow_aaa_reply_to_first_request t_slow_aaa
result bad_auth_response_ignored t_bad_auth_response
result nonce_133_without_new_nonce t_133_no_nonce
result loop_rekey_keys_lost_dereg t_loop
result renewal_refused_keys_kept t_renewal_refused
result pause_until_a_line t_pause
result pause_stdin_closed t_pause_eof
echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
echo "$((n - failed)) passed, $failed failed"
[ $failed = 0 ]
