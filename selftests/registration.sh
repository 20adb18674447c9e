#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # test functions run through ktap_run_tests
# The kernel's fast path of registration (RFC 5944 §3.8): what mip4ha.ko
# answers to good, replayed, unauthenticated and malformed requests, checked
# byte for byte with the independent builder rrq.py, with the client
# mip4-mn, with mip4ctl (bindings, SAs, counters, monitor) and with tshark's
# dissector on a capture of the Home Agent's link.
#
# Topology: the one all suites share (lib.sh), the node with the care-of
# addresses 192.0.2.10, .11 and .12, the home link a veth to the host
# 10.1.0.2. The tests share it; each uses its own mobile node, i.e. its
# own NAI or home address and security association.
#
# The static example of protocol.md §7 gets namespaces of its own (its
# Home Agent is 10.0.0.1).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PYTHON=${PYTHON:-/usr/bin/python3}
RRQ=$SELFTESTS_DIR/rrq.py
NTP_OFFSET=2208988800
TSHARK_PID='' RRQ_PID=''

# --- helpers -------------------------------------------------------------------

# Python starts in seconds under emulation: one rrq.py --serve answers every
# run of the file through two FIFOs. Prints what rrq.py prints.
rrq_call() { # rrq.py options...
	local req line
	kill -0 "$RRQ_PID" 2>/dev/null || fail "the rrq.py server is gone: $(<"$WORK/rrq.err")"
	printf -v req '%q ' "$@"
	printf '%s\n' "$req" >"$WORK/rrq.in"
	while IFS= read -r -t 60 line; do
		printf '%s\n' "$line"
	done <"$WORK/rrq.out"
}

# rrq.py from the mobile node's namespace to the Home Agent: its JSON, one
# line per reply, {"reply": null, ...} for none.
# It ends on the reply: the timeout, as long as a loaded machine may need,
# costs only the tests that want none, and they pass a short one.
rrq() {
	rrq_call --netns "$NS_MN" --ha "$HA_ADDR" --timeout 10 "$@"
}

# The request rrq.py would send, in hex.
rrq_hex() {
	rrq_call --ha "$HA_ADDR" --print-hex "$@"
}

# mip4-mn, waiting for a reply as long as a loaded machine may need (it
# ends on the reply): a retransmission would be a second request, and the
# tests count requests.
mn() {
	ip netns exec "$NS_MN" "$MIP4_MN" --ha "$HA_ADDR" --timeout-ms 10000 "$@"
}

jf() { # json jq-filter
	jq -r "$2" <<<"$1"
}

# A value of the flat JSON object rrq.py prints (strings without quotes);
# "absent" when there is no such key. jq takes half a second under TCG.
jv() { # json key
	local re="\"$2\": (\"([^\"]*)\"|([^,}]*))"
	if [[ $1 =~ $re ]]; then
		echo "${BASH_REMATCH[2]}${BASH_REMATCH[3]}"
	else
		echo absent
	fi
}

# Keeps a reply rrq.py got, for test_tshark_capture to find in the capture.
record() { # rrq.py JSON
	local line
	while IFS= read -r line; do
		[ "$(jv "$line" hex)" = absent ] ||
			printf '%s\n' "$line" >>"$WORK/replies.jsonl"
	done <<<"$1"
}

stats() {
	hactl stats
}

# Checks that each counter NAME grew by exactly N since BEFORE (a stats).
# Leaves the counters now in STATS.
STATS=
expect_counters() { # before "name=N ..."
	local -A old new
	local kv name want got n v
	while read -r n v; do old[$n]=$v; done <<<"$1"
	STATS=$(stats)
	while read -r n v; do new[$n]=$v; done <<<"$STATS"
	for kv in $2; do
		name=${kv%=*}
		name=${name//_/-}
		want=${kv#*=}
		got=$((${new[$name]:-0} - ${old[$name]:-0}))
		expect_eq "$got" "$want" "growth of counter $name"
	done
}

now_ms() {
	local t=${EPOCHREALTIME/./}
	echo $((t / 1000))
}

# The bindings of a home address, as mip4ctl -j prints them (an array).
bindings() { # home
	hactl -j binding show home-address "$1"
}

# How many bindings a home address has, and their care-of addresses.
nbindings() { # home
	hactl binding show home-address "$1" | wc -l
}

coas() { # home
	hactl binding show home-address "$1" | awk '{printf "%s%s", sep, $4; sep = " "}'
}

# A binding without the fields that change by themselves.
binding_fixed() { # home
	hactl binding show home-address "$1" | sed 's/ remaining [0-9]* / /'
}

ntp_now() {
	echo $((EPOCHSECONDS + NTP_OFFSET))
}

# $2 <= $1 <= $3: a time read between two readings of the clock, so that
# what a loaded machine adds between them widens the bounds, not the error.
expect_within() { # got low high what
	if [ "$1" -lt "$2" ] || [ "$1" -gt "$3" ]; then
		fail "$4: got $1, expected $2 to $3"
	fi
}

# Seconds since now_ms read $1, rounded up.
secs_since() { # ms
	echo $((($(now_ms) - $1 + 999) / 1000))
}

# An SA for a test node: NAI or home address, SPI, key file, options.
add_sa() { # identity-keyword identity spi keyfile [args...]
	local kw=$1 id=$2 spi=$3 key=$4
	shift 4
	hactl sa add "$kw" "$id" spi "$spi" key-file "$key" "$@"
}

# Checks a reply of rrq.py: fields given as "key=value ...".
expect_reply() { # json "key=value ..." what
	local kv field want
	[ "$(jv "$1" error)" = absent ] || fail "$3: rrq.py: $(jv "$1" error)"
	[ "$(jv "$1" reply)" != null ] || fail "$3: no reply"
	for kv in $2; do
		field=${kv%%=*}
		want=${kv#*=}
		expect_eq "$(jv "$1" "$field")" "$want" "$3: $field"
	done
}

expect_no_reply() { # json what
	[ "$(jv "$1" error)" = absent ] || fail "$2: rrq.py: $(jv "$1" error)"
	expect_eq "$(jv "$1" reply)" null "$2: a reply came"
}

low32() { # 16 hex digits
	echo "${1:8:8}"
}

high32() {
	echo $((16#${1:0:8}))
}

# --- setup -------------------------------------------------------------------

setup() {
	local i

	topo_ha_mn 192.0.2.11 192.0.2.12
	topo_home_link veth
	topo_mn_route_home
	topo_ha_config
	: >"$WORK/replies.jsonl"

	mkfifo "$WORK/rrq.in" "$WORK/rrq.out"
	"$PYTHON" "$RRQ" --serve "$WORK/rrq.in" "$WORK/rrq.out" 2>"$WORK/rrq.err" &
	RRQ_PID=$!
	bg_track "$RRQ_PID"
	echo "$RRQ_PID" >"$WORK/rrq.pid"

	# Everything on the Home Agent's side of the mobile node's link.
	tshark -q -i ha-mn -f 'udp port 434' \
		-w "$WORK/cap.pcapng" >"$WORK/tshark.log" 2>&1 &
	TSHARK_PID=$!
	bg_track "$TSHARK_PID"
	echo "$TSHARK_PID" >"$WORK/tshark.pid"
	for i in $(seq 600); do
		! grep -q "Capturing on" "$WORK/tshark.log" || break
		kill -0 "$TSHARK_PID" 2>/dev/null || break
		sleep 0.1
	done
	grep -q "Capturing on" "$WORK/tshark.log" || {
		cat "$WORK/tshark.log"
		return 1
	}

	# The events of the whole file, as text and as JSON.
	"$MIP4CTL" monitor >"$WORK/mon.txt" 2>"$WORK/mon.err" &
	bg_track $!
	"$MIP4CTL" -j monitor >"$WORK/monj.txt" 2>&1 &
	bg_track $!
	# They are listening once a registration shows in both.
	new_key "$WORK/sync.key"
	add_sa nai sync@example.org 0x1000 "$WORK/sync.key"
	for i in $(seq 100); do
		mn --home 10.1.0.99 --nai sync@example.org --spi 0x1000 \
			--key-file "$WORK/sync.key" --coa 192.0.2.10 --once -q
		if [ -s "$WORK/mon.txt" ] && [ -s "$WORK/monj.txt" ]; then
			break
		fi
		sleep 0.1
	done
	[ -s "$WORK/mon.txt" ] && [ -s "$WORK/monj.txt" ]
	hactl binding del home-address 10.1.0.99
}

# --- tests ---------------------------------------------------------------------

# mip4-mn registers; the binding, the SA, the counters and the reply bytes
# agree.
test_accept() {
	local key=$WORK/mn1.key out id b before reply t0
	new_key "$key"
	add_sa nai mn1@example.org 0x1000 "$key"
	before=$(stats)

	t0=$(now_ms)
	run_ok mn --home 10.1.0.10 --coa 192.0.2.10 --nai mn1@example.org \
		--spi 0x1000 --key-file "$key" --lifetime 1000 --decap --once \
		--print-id --dump-reply "$WORK/accept.rrp"
	out=$OUT
	expect_match "$out" "^registered: home 10.1.0.10 care-of 192.0.2.10 lifetime 1000$" \
		"mip4-mn output"
	id=$(sed -n 's/^id \(0x[0-9a-f]\{16\}\)$/\1/p' <<<"$out")
	[ -n "$id" ] || fail "no id line in: $out"
	expect_counters "$before" "rx_packets=1 rrq_accepted=1 rrq_denied=0 tx_packets=1 rx_discarded=0"

	# shellcheck disable=SC2016 # jq's variable
	b=$(jf "$(bindings 10.1.0.10)" 'length as $n | .[0] | [$n, .home_address, .care_of_address, .lifetime, .identification, .nai, .spi, .flags, .source_address, .tx_packets, .remaining] | map(tostring) | join(" ")')
	expect_eq "${b% *}" "1 10.1.0.10 192.0.2.10 1000 $id mn1@example.org 4096 D 192.0.2.10 0" \
		"binding show -j"
	expect_within "${b##* }" $((1000 - $(secs_since "$t0") - 1)) 1000 "remaining lifetime"
	run_ok hactl binding show home-address 10.1.0.10
	expect_match "$OUT" "^home 10\.1\.0\.10 care-of 192\.0\.2\.10 lifetime 1000 remaining [0-9]+ flags D identification $id nai mn1@example\.org spi 0x1000 source 192\.0\.2\.10:[0-9]+ tx-packets 0 tx-bytes 0 rx-packets 0 rx-bytes 0$" \
		"binding show"
	run_ok hactl sa show nai mn1@example.org spi 0x1000
	expect_eq "$OUT" \
		"nai mn1@example.org spi 0x1000 static algorithm hmac-md5 replay timestamp last-identification $id" \
		"sa show"

	# The reply mip4-mn took, decoded independently.
	reply=$(rrq_call --parse "$WORK/accept.rrp" --key "$(<"$key")")
	expect_reply "$reply" "type=3 code=0 lifetime=1000 home=10.1.0.10 ha=10.1.0.1 id=${id#0x} nai=mn1@example.org spi=4096 auth_ok=true" \
		"reply"
	record "$reply"
	expect_match "$(<"$WORK/mon.txt")" \
		"^binding add home 10\.1\.0\.10 care-of 192\.0\.2\.10 lifetime 1000 remaining 1000 flags D identification $id nai mn1@example\.org spi 0x1000 " \
		"monitor"
}

# A wrong authenticator: 131, signed with the SA's key; the node's binding
# stays as it was.
test_wrong_key() {
	local key=$WORK/mn1.key wrong=$WORK/wrong.key before b r
	[ -s "$key" ] || fail "needs test_accept"
	b=$(binding_fixed 10.1.0.10)
	expect_eq "$(wc -l <<<"$b")" 1 "binding of test_accept"
	before=$(stats)

	r=$(rrq --home 10.1.0.10 --coa 192.0.2.11 --nai mn1@example.org \
		--spi 0x1000 --key "$(<"$key")" --corrupt --lifetime 900)
	expect_reply "$r" "type=3 code=131 lifetime=0 home=10.1.0.10 ha=10.1.0.1 nai=mn1@example.org spi=4096 auth_ok=true from=10.1.0.1:434" \
		"131"
	expect_eq "$(jv "$r" id)" "$(jv "$r" sent_id)" "identification of the 131"
	record "$r"
	expect_counters "$before" "rx_packets=1 rrq_denied=1 rrq_accepted=0 tx_packets=1"
	expect_eq "$(binding_fixed 10.1.0.10)" "$b" "binding after a 131"

	# mip4-mn with another key: it cannot verify the 131 and says why
	# (after waiting out its timeout for a reply it can verify).
	new_key "$wrong"
	capture mn --home 10.1.0.10 --coa 192.0.2.12 --nai mn1@example.org \
		--spi 0x1000 --key-file "$wrong" --once --retries 0 --timeout-ms 3000
	expect_eq "$RC" 3 "status of mip4-mn with a wrong key"
	expect_match "$OUT$ERR" "code 131.*wrong key" "mip4-mn with a wrong key"
	expect_eq "$(binding_fixed 10.1.0.10)" "$b" "binding after mip4-mn's 131"
}

# No SA for the SPI: no reply at all, counted as discarded.
test_unknown_spi() {
	local before r
	before=$(stats)
	r=$(rrq --home 10.1.0.10 --coa 192.0.2.10 --nai mn1@example.org \
		--spi 0x9999 --key 00112233445566778899aabbccddeeff --timeout 1.5)
	expect_no_reply "$r" "unknown SPI"
	expect_counters "$before" "rx_packets=1 rx_discarded=1 tx_packets=0 rrq_denied=0 rrq_accepted=0"
	# Nor for an identity without any SA.
	before=$(stats)
	r=$(rrq --home 10.1.0.10 --coa 192.0.2.10 --nai nobody@example.org \
		--spi 0x1000 --key 00112233445566778899aabbccddeeff --timeout 1.5)
	expect_no_reply "$r" "unknown NAI"
	expect_counters "$before" "rx_packets=1 rx_discarded=1 tx_packets=0"
}

# A timestamp 100 s off: 133 with the Home Agent's clock in the high half and
# our low half; mip4-mn resynchronises and registers.
test_stale_timestamp() {
	local key=$WORK/mn2.key r id now before off t0
	new_key "$key"
	add_sa nai mn2@example.org 0x1000 "$key"

	for off in -100 +100; do
		before=$(stats)
		t0=$(ntp_now)
		r=$(rrq --home 10.1.0.11 --coa 192.0.2.10 --nai mn2@example.org \
			--spi 0x1000 --key "$(<"$key")" --id "now$off")
		now=$(ntp_now)
		expect_reply "$r" "type=3 code=133 lifetime=0 home=10.1.0.11 nai=mn2@example.org spi=4096 auth_ok=true" \
			"timestamp $off s"
		id=$(jv "$r" id)
		expect_within "$(high32 "$id")" $((t0 - 2)) $((now + 2)) \
			"HA clock in the 133 ($off s)"
		expect_eq "$(low32 "$id")" "$(low32 "$(jv "$r" sent_id)")" \
			"low half of the 133 ($off s)"
		expect_counters "$before" "rrq_denied=1 rrq_accepted=0"
		record "$r"
	done
	expect_eq "$(nbindings 10.1.0.11)" 0 "bindings after 133s"

	t0=$(ntp_now)
	run_ok mn --home 10.1.0.11 --coa 192.0.2.10 --nai mn2@example.org \
		--spi 0x1000 --key-file "$key" --clock-offset -100 --once --print-id
	now=$(ntp_now)
	expect_match "$OUT" "^resync: home agent clock is" "mip4-mn resync"
	expect_match "$OUT" "^registered: home 10.1.0.11 care-of 192.0.2.10 lifetime 1800$" \
		"mip4-mn after the resync"
	id=$(sed -n 's/^id //p' <<<"$OUT" | tail -1)
	expect_eq "$(jf "$(bindings 10.1.0.11)" '.[0].identification')" "$id" \
		"identification of the binding"
	expect_within "$(high32 "${id#0x}")" $((t0 - 3)) $((now + 3)) "resynchronised timestamp"
}

# Nonces (and a home address identity, HMAC-SHA-256): the first request gets
# 133 with a nonce, the next one with that nonce is accepted and its reply
# carries another nonce; the used nonce is then stale.
test_nonce() {
	local key=$WORK/nonce.key r n1 n2 id args
	new_key "$key" 32
	add_sa home-address 10.1.0.12 0x2000 "$key" algorithm hmac-sha256 replay nonce
	args="--home 10.1.0.12 --coa 192.0.2.10 --spi 0x2000 --alg hmac-sha256 --key $(<"$key")"

	# shellcheck disable=SC2086
	r=$(rrq $args --id 000000000000abcd)
	expect_reply "$r" "type=3 code=133 lifetime=0 spi=8192 auth_ok=true" "first request"
	expect_eq "$(jv "$r" nai)" absent "NAI in a reply to a request without"
	n1=$(jv "$r" id)
	expect_eq "$(low32 "$n1")" 0000abcd "low half of the 133"
	record "$r"

	# shellcheck disable=SC2086
	r=$(rrq $args --id "${n1:0:8}00001234" --lifetime 600)
	expect_reply "$r" "type=3 code=0 lifetime=600 spi=8192 auth_ok=true" "request with the nonce"
	n2=$(jv "$r" id)
	expect_eq "$(low32 "$n2")" 00001234 "low half of the acceptance"
	[ "${n2:0:8}" != "${n1:0:8}" ] || fail "the nonce did not change: $n1 then $n2"
	record "$r"
	expect_eq "$(jf "$(bindings 10.1.0.12)" '.[0] | [.identification, .lifetime, .spi, has("nai")] | join(" ")')" \
		"0x${n1:0:8}00001234 600 8192 false" "binding"
	run_ok hactl sa show home-address 10.1.0.12
	expect_match "$OUT" "^home-address 10\.1\.0\.12 spi 0x2000 static algorithm hmac-sha256 replay nonce last-identification 0x${n1:0:8}00001234$" \
		"sa show"

	# The first nonce again: 133 with yet another one.
	# shellcheck disable=SC2086
	r=$(rrq $args --id "${n1:0:8}00005678")
	expect_reply "$r" "code=133 auth_ok=true" "a used nonce"
	id=$(jv "$r" id)
	[ "${id:0:8}" != "${n2:0:8}" ] || fail "the 133 repeats the nonce ${n2:0:8}"
	record "$r"

	# mip4-mn starts without a nonce and recovers.
	run_ok mn --home 10.1.0.12 --coa 192.0.2.11 --spi 0x2000 --alg hmac-sha256 \
		--key-file "$key" --replay nonce --once --print-id
	expect_match "$OUT" "^resync: new nonce 0x[0-9a-f]{8} from the home agent" "mip4-mn resync"
	expect_match "$OUT" "^registered: home 10.1.0.12 care-of 192.0.2.11 lifetime 1800$" "mip4-mn"
	expect_eq "$(coas 10.1.0.12)" \
		192.0.2.11 "binding replaced by mip4-mn's"
}

# The same bytes twice: the second is a replay (133) and changes nothing,
# also from another source port.
test_replayed_request() {
	local key=$WORK/mn3.key hex r b now t0
	new_key "$key"
	add_sa nai mn3@example.org 0x1000 "$key"
	hex=$(rrq_hex --home 10.1.0.13 --coa 192.0.2.10 --nai mn3@example.org \
		--spi 0x1000 --key "$(<"$key")")

	r=$(rrq --raw "$hex" --home 10.1.0.13 --coa 192.0.2.10 --key "$(<"$key")")
	expect_reply "$r" "code=0 lifetime=1800 id=${hex:32:16} auth_ok=true" "first"
	record "$r"
	b=$(binding_fixed 10.1.0.13)
	expect_match "$b" "^home 10\.1\.0\.13 care-of 192\.0\.2\.10 lifetime 1800 flags - identification 0x${hex:32:16} " \
		"binding"

	t0=$(ntp_now)
	r=$(rrq --raw "$hex" --home 10.1.0.13 --coa 192.0.2.10 --key "$(<"$key")" \
		--repeat 2)
	now=$(ntp_now)
	expect_eq "$(while read -r l; do jv "$l" code; done <<<"$r" | tr '\n' ' ')" \
		"133 133 " "codes of the replays"
	expect_reply "$(head -1 <<<"$r")" "lifetime=0 auth_ok=true" "replay"
	expect_eq "$(low32 "$(jv "$(head -1 <<<"$r")" id)")" "${hex:40:8}" \
		"low half of the 133"
	expect_within "$(high32 "$(jv "$(head -1 <<<"$r")" id)")" $((t0 - 2)) $((now + 2)) \
		"HA clock in the 133"
	record "$r"
	expect_eq "$(binding_fixed 10.1.0.13)" "$b" "binding after the replays"
}

# 65000 s asked, max-lifetime 300: 300 granted.
test_lifetime_capped() {
	local key=$WORK/mn4.key r b t0
	new_key "$key"
	add_sa nai mn4@example.org 0x1000 "$key"
	hactl ha set max-lifetime 300
	on_exit hactl ha set max-lifetime 1800
	t0=$(now_ms)
	r=$(rrq --home 10.1.0.14 --coa 192.0.2.10 --nai mn4@example.org \
		--spi 0x1000 --key "$(<"$key")" --lifetime 65000)
	expect_reply "$r" "type=3 code=0 lifetime=300 auth_ok=true" "capped"
	record "$r"
	b=$(jf "$(bindings 10.1.0.14)" '.[0] | "\(.lifetime) \(.remaining)"')
	expect_eq "${b% *}" 300 "binding lifetime"
	expect_within "${b#* }" $((300 - $(secs_since "$t0") - 1)) 300 "remaining"

	# 65535 is infinity: no remaining lifetime.
	hactl ha set max-lifetime 65535
	r=$(rrq --home 10.1.0.14 --coa 192.0.2.10 --nai mn4@example.org \
		--spi 0x1000 --key "$(<"$key")" --lifetime 65535)
	expect_reply "$r" "code=0 lifetime=65535" "infinite"
	expect_match "$(hactl binding show home-address 10.1.0.14)" \
		"^home 10\.1\.0\.14 care-of 192\.0\.2\.10 lifetime 65535 remaining infinite flags - " \
		"binding show of an infinite binding"
	expect_eq "$(jf "$(bindings 10.1.0.14)" '.[0] | "\(.lifetime) \(has("remaining"))"')" \
		"65535 false" "binding show -j of an infinite binding"

	# Under the cap, what is asked.
	hactl ha set max-lifetime 1800
	r=$(rrq --home 10.1.0.14 --coa 192.0.2.10 --nai mn4@example.org \
		--spi 0x1000 --key "$(<"$key")" --lifetime 1234)
	expect_reply "$r" "code=0 lifetime=1234" "not capped"
}

# Two care-of addresses (S bit); lifetime 0 for one of them ends only that
# one, lifetime 0 with the home address as care-of address ends all.
test_deregistration() {
	local key=$WORK/mn5.key r coa args
	new_key "$key"
	add_sa nai mn5@example.org 0x1000 "$key"
	args="--home 10.1.0.15 --nai mn5@example.org --spi 0x1000 --key $(<"$key")"

	for coa in 192.0.2.10 192.0.2.11; do
		# shellcheck disable=SC2086
		r=$(rrq $args --coa $coa --flags 0x80)
		expect_reply "$r" "code=0 lifetime=1800" "S registration at $coa"
	done
	expect_eq "$(jf "$(bindings 10.1.0.15)" '[.[] | .care_of_address + "/" + .flags] | join(" ")')" \
		"192.0.2.10/S 192.0.2.11/S" "two bindings"

	# shellcheck disable=SC2086
	r=$(rrq $args --coa 192.0.2.10 --lifetime 0)
	expect_reply "$r" "type=3 code=0 lifetime=0 auth_ok=true" "deregistration of 192.0.2.10"
	record "$r"
	expect_eq "$(coas 10.1.0.15)" \
		192.0.2.11 "bindings after one deregistration"
	expect_match "$(<"$WORK/mon.txt")" \
		"^binding delete home 10\.1\.0\.15 care-of 192\.0\.2\.10 .* reason dereg$" "monitor"

	# shellcheck disable=SC2086
	r=$(rrq $args --coa 192.0.2.10 --flags 0x80)
	expect_reply "$r" "code=0" "S registration again"
	expect_eq "$(nbindings 10.1.0.15)" 2 "two bindings again"
	# shellcheck disable=SC2086
	r=$(rrq $args --coa 10.1.0.15 --bind 192.0.2.10 --lifetime 0)
	expect_reply "$r" "code=0 lifetime=0 auth_ok=true" "deregistration of all"
	record "$r"
	expect_eq "$(nbindings 10.1.0.15)" 0 "bindings after deregistering all"
}

# Lifetime 2: gone after about 2 s (never before 1 s), and the monitor says why.
test_binding_expiry() {
	local key=$WORK/mn6.key r t0 i gone=
	new_key "$key"
	add_sa nai mn6@example.org 0x1000 "$key"
	# t0 before the request: the binding cannot be older than now - t0.
	t0=$(now_ms)
	r=$(rrq --home 10.1.0.16 --coa 192.0.2.10 --nai mn6@example.org \
		--spi 0x1000 --key "$(<"$key")" --lifetime 2)
	expect_reply "$r" "code=0 lifetime=2" "registration"
	r=$(hactl binding show home-address 10.1.0.16)
	# Under emulation 2 s may be over already.
	if [ $(($(now_ms) - t0)) -lt 1000 ]; then
		expect_match "$r" "^home 10\.1\.0\.16 care-of 192\.0\.2\.10 lifetime 2 remaining [12] " \
			"binding"
	fi
	for i in $(seq 600); do
		if [ "$(nbindings 10.1.0.16)" = 0 ]; then
			gone=$(($(now_ms) - t0))
			break
		fi
		sleep 0.1
	done
	[ -n "$gone" ] || fail "the binding is still there after 60 s"
	echo "gone after ${gone} ms"
	# Never early; late only by what a loaded machine adds to polling.
	if [ "$gone" -lt 1000 ] || [ "$gone" -gt 30000 ]; then
		fail "binding of lifetime 2 gone after $gone ms"
	fi
	expect_match "$(<"$WORK/mon.txt")" \
		"^binding delete home 10\.1\.0\.16 care-of 192\.0\.2\.10 lifetime 2 remaining 0 .* reason expiry$" \
		"monitor"
	expect_eq "$(grep '"home_address":"10.1.0.16"' "$WORK/monj.txt" | jq -r '[.event, .reason // "-", .lifetime] | join(" ")' | tr '\n' ',')" \
		"add - 2,delete expiry 2," "monitor -j"
}

# max-bindings 2: a third care-of address with the S bit gets 135.
test_simultaneous_limit() {
	local key=$WORK/mn7.key r coa args
	new_key "$key"
	add_sa nai mn7@example.org 0x1000 "$key"
	args="--home 10.1.0.17 --nai mn7@example.org --spi 0x1000 --key $(<"$key") --flags 0x80"
	hactl ha set max-bindings 2
	on_exit hactl ha set max-bindings 4
	for coa in 192.0.2.10 192.0.2.11; do
		# shellcheck disable=SC2086
		r=$(rrq $args --coa $coa)
		expect_reply "$r" "code=0" "S registration at $coa"
	done
	# shellcheck disable=SC2086
	r=$(rrq $args --coa 192.0.2.12)
	expect_reply "$r" "type=3 code=135 lifetime=0 auth_ok=true" "third care-of address"
	record "$r"
	expect_eq "$(coas 10.1.0.17)" \
		"192.0.2.10 192.0.2.11" "bindings"
	# A refresh of one of them is no new binding.
	# shellcheck disable=SC2086
	r=$(rrq $args --coa 192.0.2.11 --lifetime 100)
	expect_reply "$r" "code=0 lifetime=100" "refresh at the limit"
}

# The other denials of Documentation/registration.md step 7, and the rule
# that a home address belongs to the identity that bound it.
test_other_denials() {
	local key=$WORK/mn12.key key2=$WORK/mn2.key r b args h
	[ -s "$key2" ] || fail "needs test_stale_timestamp (mn2)"
	new_key "$key"
	add_sa nai mn12@example.org 0x1000 "$key"
	args="--coa 192.0.2.10 --nai mn12@example.org --spi 0x1000 --key $(<"$key")"

	# shellcheck disable=SC2086
	r=$(rrq $args --home 10.1.1.22)
	expect_reply "$r" "type=3 code=129 lifetime=0 home=10.1.1.22 auth_ok=true" "home address outside the prefix"
	record "$r"
	# shellcheck disable=SC2086
	r=$(rrq $args --home 0.0.0.0)
	expect_reply "$r" "code=129 home=0.0.0.0 auth_ok=true" "home address 0.0.0.0"
	# Addresses of the home prefix no node can have (RFC 5944 §3.8.3.2).
	for h in "10.1.0.1:the Home Agent's own address" "10.1.0.0:the network address" \
		"10.1.0.255:the subnet broadcast address"; do
		# shellcheck disable=SC2086
		r=$(rrq $args --home "${h%%:*}")
		expect_reply "$r" "code=129 lifetime=0 home=${h%%:*} auth_ok=true" "home address ${h#*:}"
		expect_eq "$(nbindings "${h%%:*}")" 0 "bindings of ${h#*:}"
	done
	# shellcheck disable=SC2086
	r=$(rrq $args --home 10.1.0.22 --flags 0x10)
	expect_reply "$r" "code=139 lifetime=0 auth_ok=true" "M flag"
	record "$r"
	# shellcheck disable=SC2086
	r=$(rrq $args --home 10.1.0.22 --flags 0x08)
	expect_reply "$r" "code=139 auth_ok=true" "G flag"
	expect_eq "$(nbindings 10.1.0.22)" 0 "bindings after the denials"
	# shellcheck disable=SC2086
	r=$(rrq $args --home 10.1.0.22 --flags 0x20)
	expect_reply "$r" "code=0 lifetime=1800 auth_ok=true" "registration"

	# mn2 (another NAI, its own valid SA) may neither take nor end
	# 10.1.0.22.
	b=$(binding_fixed 10.1.0.22)
	r=$(rrq --home 10.1.0.22 --coa 192.0.2.11 --nai mn2@example.org \
		--spi 0x1000 --key "$(<"$key2")")
	expect_reply "$r" "code=129 auth_ok=true" "registration of another's home address"
	r=$(rrq --home 10.1.0.22 --coa 10.1.0.22 --bind 192.0.2.11 --nai mn2@example.org \
		--spi 0x1000 --key "$(<"$key2")" --lifetime 0)
	expect_reply "$r" "code=129 auth_ok=true" "deregistration of another's home address"
	expect_eq "$(binding_fixed 10.1.0.22)" "$b" "binding of mn12"

	# Without the S bit a new care-of address replaces the others.
	# shellcheck disable=SC2086
	r=$(rrq $args --home 10.1.0.22 --coa 192.0.2.12 --bind 192.0.2.12)
	expect_reply "$r" "code=0" "registration at another care-of address"
	expect_eq "$(coas 10.1.0.22)" 192.0.2.12 "binding replaced"
	expect_match "$(<"$WORK/mon.txt")" \
		"^binding delete home 10\.1\.0\.22 care-of 192\.0\.2\.10 .* reason replaced$" "monitor"
}

# A care-of address is one to tunnel to: an address of one node (134
# otherwise) outside the home network (129: a tunnel there would lead back
# into the Home Agent's own hooks, and nest without end). A deregistration
# from home carries the home address, and is accepted.
test_care_of_address() {
	local key=$WORK/mn20.key key2=$WORK/mn21.key r coa args before
	new_key "$key"
	new_key "$key2"
	add_sa nai mn20@example.org 0x1000 "$key"
	add_sa nai mn21@example.org 0x1000 "$key2"
	args="--bind 192.0.2.10 --nai mn20@example.org --spi 0x1000 --key $(<"$key") --home 10.1.0.30"
	for coa in 0.0.0.0 127.0.0.1 224.0.0.5 240.0.0.1 255.255.255.255; do
		# shellcheck disable=SC2086
		r=$(rrq $args --coa $coa)
		expect_reply "$r" "code=134 lifetime=0 auth_ok=true" "care-of address $coa"
	done
	for coa in 10.1.0.30 10.1.0.1 10.1.0.77; do
		# shellcheck disable=SC2086
		r=$(rrq $args --coa $coa)
		expect_reply "$r" "code=129 lifetime=0 auth_ok=true" "care-of address $coa (home network)"
	done
	expect_eq "$(nbindings 10.1.0.30)" 0 "bindings after the refusals"
	# shellcheck disable=SC2086
	r=$(rrq $args --coa 192.0.2.10)
	expect_reply "$r" "code=0 auth_ok=true" "registration"
	# shellcheck disable=SC2086
	r=$(rrq $args --coa 10.1.0.30 --lifetime 0)
	expect_reply "$r" "code=0 lifetime=0 auth_ok=true" "deregistration from home"
	expect_eq "$(nbindings 10.1.0.30)" 0 "bindings after the deregistration"

	# Moving the Home Agent to another home network in between makes two
	# bindings whose care-of addresses are each other's home addresses: a
	# packet to one is tunnelled once, never again inside its own tunnel.
	# shellcheck disable=SC2086
	r=$(rrq $args --coa 10.1.1.31)
	expect_reply "$r" "code=0 auth_ok=true" "registration at 10.1.1.31"
	on_exit ip addr del 10.1.1.1/24 dev ha-home
	on_exit "$MIP4CTL" ha set address "$HA_ADDR" prefix 10.1.0.0/24
	on_exit "$MIP4CTL" binding del home-address 10.1.0.30
	on_exit "$MIP4CTL" binding del home-address 10.1.1.31
	ip addr add 10.1.1.1/24 dev ha-home
	hactl ha set address 10.1.1.1 prefix 10.1.1.0/24
	r=$(rrq --ha-field 10.1.1.1 --bind 192.0.2.10 --nai mn21@example.org \
		--spi 0x1000 --key "$(<"$key2")" --home 10.1.1.31 --coa 10.1.0.30)
	expect_reply "$r" "code=0 auth_ok=true" "registration of 10.1.1.31 at 10.1.0.30"
	before=$(stats)
	ping -n -q -c 1 -W 1 10.1.0.30 >/dev/null 2>&1 || true
	expect_counters "$before" "tunnel_tx_packets=1 tunnel_errors=0"
}

# Documentation/registration.md: the reserved bits r and x are ignored on
# reception (RFC 5944 §3.3), and not stored.
test_reserved_flags() {
	local key=$WORK/mn13.key r
	new_key "$key"
	add_sa nai mn13@example.org 0x1000 "$key"
	r=$(rrq --home 10.1.0.23 --coa 192.0.2.10 --nai mn13@example.org \
		--spi 0x1000 --key "$(<"$key")" --flags 0x25)
	expect_reply "$r" "type=3 code=0 lifetime=1800 auth_ok=true" "D, r and x bits"
	record "$r"
	expect_match "$(binding_fixed 10.1.0.23)" " flags D identification " \
		"flags of the binding"
}

# An initial registration with dynamic keys (protocol.md §4.1), rrq.py
# standing in for both the node and the key daemon: the SAs the kernel
# installs, the sa-ntf events mip4ctl monitor prints, a re-registration with
# Skey', and sa del of the pair.
test_dynamic_keys() {
	local skey skeyp ext cvse r id before out nai=mn-dyn@example.org
	new_key "$WORK/skey"
	new_key "$WORK/skeyp"
	skey=$(<"$WORK/skey")
	skeyp=$(<"$WORK/skeyp")
	# KEYGEN_REP value: version, method, algorithm, replay; SPI_S; SPI_D;
	# key lifetime 3600; HA-nonce; AuthenticatorResponse.
	ext=01010102000010000000100100000e10a0a1a2a3a4a5a6a7a8a9aaabacadaeaf1b1cee97522fda4eaaa3645433ccf6c7191bc5cb
	# KEYGEN_REQ: the same four octets and SPIs, AuthenticatorChallenge,
	# NT-Response (only the key daemon would look at those).
	cvse=2600003a00007ed90001010101020000100000001001101112131415161718191a1b1c1d1e1f91af9888add464ca1c600acfe54cca733da8dec2dc26fafa
	before=$(stats)
	r=$(rrq --home 10.1.0.24 --coa 192.0.2.10 --nai "$nai" --no-mhae \
		--ext-before "$cvse" --spi 0x1000 --key "$skey" \
		--keygen-answer "0:$skey:$skeyp:3600:$ext")
	expect_reply "$r" "type=3 code=0 lifetime=1800 home=10.1.0.24 nai=$nai spi=4096 auth_ok=true cvse=003a00007ed90002$ext" \
		"initial registration"
	record "$r"
	id=$(jv "$r" id)
	expect_counters "$before" "keygen_requests=1 rrq_accepted=1 rx_discarded=0"

	run_ok hactl sa show nai "$nai" secrets
	expect_match "$OUT" "^nai $nai spi 0x1000 skey key-lifetime (3600|359[0-9]) algorithm hmac-md5 replay timestamp last-identification 0x$id key $skey$" \
		"sa show of Skey"
	expect_match "$OUT" "^nai $nai spi 0x1001 skey-prime key-lifetime (3600|359[0-9]) algorithm hmac-md5 replay timestamp last-identification 0x[0-9a-f]{16} key $skeyp$" \
		"sa show of Skey'"
	expect_eq "$(wc -l <<<"$OUT")" 2 "SAs of $nai"
	out=$(<"$WORK/mon.txt")
	# The lifetime left when the notification was made: a slow machine
	# (the debug kernel) takes seconds from the answer to it.
	expect_match "$out" "^sa add nai $nai spi 0x1000 skey key-lifetime (3600|359[0-9]) algorithm hmac-md5 replay timestamp " \
		"monitor: Skey"
	expect_match "$out" "^sa add nai $nai spi 0x1001 skey-prime key-lifetime (3600|359[0-9]) algorithm hmac-md5 replay timestamp " \
		"monitor: Skey'"
	expect_no_match "$out" "$skey|$skeyp" "keys in the monitor's output"
	expect_match "$(<"$WORK/monj.txt")" \
		"^\\{\"type\":\"sa\",\"event\":\"add\",\"nai\":\"$nai\",\"spi\":4097,\"dynamic\":true,\"role\":\"skey-prime\",\"key_lifetime\":(3600|359[0-9])," \
		"monitor -j: Skey'"

	# A re-registration with Skey' is an ordinary one.
	r=$(rrq --home 10.1.0.24 --coa 192.0.2.11 --nai "$nai" --spi 0x1001 \
		--key "$skeyp" --lifetime 600)
	expect_reply "$r" "code=0 lifetime=600 spi=4097 auth_ok=true" "re-registration with Skey'"
	record "$r"

	# sa del of either deletes both and the bindings.
	run_ok hactl sa del nai "$nai" spi 0x1001
	run_ok hactl sa show nai "$nai"
	expect_eq "$OUT" "" "SAs after sa del"
	expect_eq "$(nbindings 10.1.0.24)" 0 "bindings after sa del"
	out=$(<"$WORK/mon.txt")
	expect_match "$out" "^sa delete nai $nai spi 0x1000 skey .* reason admin$" "monitor: Skey deleted"
	expect_match "$out" "^sa delete nai $nai spi 0x1001 skey-prime .* reason admin$" "monitor: Skey' deleted"
	expect_match "$out" "^binding delete home 10\.1\.0\.24 care-of 192\.0\.2\.11 .* reason admin$" \
		"monitor: binding deleted"
}

# AKA (protocol.md §8.4), rrq.py standing in for the node and the key
# daemon: every request of the key agreement goes to the daemon whatever
# keys the node has; the daemon's challenge goes out in a 131 without MHAE,
# its result with the keys and an MHAE made with Skey; a registration the
# kernel refuses after the keys were made is authenticated with them and
# installs nothing; a failed round leaves keys and binding alone; a reply
# extension that is not of its type's length is refused.
test_aka_routing() {
	local nai=001010000000009@ims.mnc001.mcc001.3gppnetwork.org
	local h=010201020000100000001001 rand=a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
	local autn=c2ed09cd7f6a000035a11d3a025e8336 res=06df059fb98e5b1a0000000000000000
	local start chal resp result fail skey skeyp skey2 r b before t
	new_key "$WORK/aka-skey"
	new_key "$WORK/aka-skeyp"
	new_key "$WORK/aka-skey2"
	skey=$(<"$WORK/aka-skey")
	skeyp=$(<"$WORK/aka-skeyp")
	skey2=$(<"$WORK/aka-skey2")
	start=2600001600007ed90005${h}00000000
	chal=${h}0000001e$rand$autn
	resp=2600003600007ed90007${h}08000000$rand$res
	result=${h}0000000000000e10$rand
	fail=2600003600007ed90008${h}02000000${rand}00000000000000000000000000000000
	# Dynamic SAs left behind would show in later tests' sa show.
	on_exit hactl sa del nai "$nai" spi 0x1000

	# RRQ1: the daemon's challenge, no MHAE.
	before=$(stats)
	r=$(rrq --home 10.1.0.30 --coa 192.0.2.10 --nai "$nai" --no-mhae \
		--ext-before "$start" --keygen-answer "131:::0:$chal:6")
	expect_reply "$r" "type=3 code=131 lifetime=0 home=10.1.0.30 nai=$nai spi=absent cvse=003600007ed90006$chal" \
		"AKA_START: the challenge"
	expect_counters "$before" "keygen_requests=1 rrq_denied=1 rx_discarded=0"

	# RRQ2: the daemon's keys and AKA_RESULT; RRP2 with an MHAE by Skey.
	r=$(rrq --home 10.1.0.30 --coa 192.0.2.10 --nai "$nai" --spi 0x1000 \
		--key "$skey" --ext-before "$resp" \
		--keygen-answer "0:$skey:$skeyp:3600:$result:9")
	expect_reply "$r" "type=3 code=0 lifetime=1800 nai=$nai spi=4096 auth_ok=true cvse=002a00007ed90009$result" \
		"AKA_RESPONSE: the result"
	record "$r"
	run_ok hactl sa show nai "$nai" secrets
	expect_match "$OUT" "^nai $nai spi 0x1000 skey .* key $skey$" "Skey installed"
	expect_match "$OUT" "^nai $nai spi 0x1001 skey-prime .* key $skeyp$" "Skey' installed"
	b=$(binding_fixed 10.1.0.30)

	# With those keys installed, an AKA_RESPONSE whose MHAE they would
	# verify still goes to the daemon; its 131 takes nothing away.
	before=$(stats)
	r=$(rrq --home 10.1.0.30 --coa 192.0.2.11 --nai "$nai" --spi 0x1000 \
		--key "$skey" --ext-before "$resp" --keygen-answer "131::::")
	expect_reply "$r" "code=131 lifetime=0 spi=absent cvse=absent" \
		"AKA_RESPONSE under installed keys: to the daemon"
	expect_counters "$before" "keygen_requests=1 rrq_accepted=0"
	r=$(rrq --home 10.1.0.30 --coa 192.0.2.11 --nai "$nai" --no-mhae \
		--ext-before "$fail" --keygen-answer "131::::")
	expect_reply "$r" "code=131 spi=absent cvse=absent" "AKA_FAILURE: to the daemon"

	# Keys made, registration refused (M flag: 139): authenticated with the
	# new Skey, nothing installed.
	r=$(rrq --home 10.1.0.30 --coa 192.0.2.11 --nai "$nai" --spi 0x1000 \
		--key "$skey2" --ext-before "$resp" --flags 0x12 \
		--keygen-answer "0:$skey2:$skeyp:3600:$result:9")
	expect_reply "$r" "code=139 lifetime=0 spi=4096 auth_ok=true cvse=absent" \
		"a refused registration, authenticated with the new Skey"
	run_ok hactl sa show nai "$nai" secrets
	expect_match "$OUT" "^nai $nai spi 0x1000 skey .* key $skey$" "Skey after the failures"
	expect_eq "$(binding_fixed 10.1.0.30)" "$b" "binding after the failures"
	# An ordinary re-registration with Skey' still passes in the kernel.
	r=$(rrq --home 10.1.0.30 --coa 192.0.2.10 --nai "$nai" --spi 0x1001 \
		--key "$skeyp" --lifetime 600)
	expect_reply "$r" "code=0 lifetime=600 spi=4097 auth_ok=true" "re-registration with Skey'"
	record "$r"

	# H of method 1 in an AKA_START: 134 from the kernel, no daemon.
	before=$(stats)
	r=$(rrq --home 10.1.0.30 --coa 192.0.2.10 --nai "$nai" --no-mhae \
		--ext-before "2600001600007ed9000501010102000010000000100100000000")
	expect_reply "$r" "code=134 spi=absent" "AKA_START with method 1"
	expect_counters "$before" "keygen_requests=0 keygen_rejected=1"

	# Reply extensions of another length than their type's are refused;
	# the kernel then answers those requests itself at its keygen-timeout
	# (1 s here: their 128s must not land in a later test's counters).
	hactl ha set keygen-timeout 1
	on_exit hactl ha set keygen-timeout 10
	t=$(ha_stat keygen_timeouts)
	r=$(rrq --home 10.1.0.31 --coa 192.0.2.10 --nai "x$nai" --no-mhae \
		--ext-before "$start" --keygen-answer "131:::0:${chal}00:6")
	expect_match "$(jf "$r" .error)" "Errno 22\] netlink request 14 refused" "a 49-octet AKA_CHALLENGE"
	r=$(rrq --home 10.1.0.32 --coa 192.0.2.10 --nai "y$nai" --no-mhae \
		--ext-before "$start" --keygen-answer "131:::0:$chal:9")
	expect_match "$(jf "$r" .error)" "Errno 22\] netlink request 14 refused" "a 48-octet AKA_RESULT"
	expect_soon "$((t + 2))" "the kernel's 128 to both" ha_stat keygen_timeouts
}

# Multiple authentications (Documentation/protocol.md §9): requests with
# USER_AUTH (after AKA_RESPONSE, or alone with an MHAE made with the AKA key)
# go to the key daemon whatever keys are installed; its answers carry
# USER_RESULT after AKA_RESULT, or an MHAE made with the AKA key it gives
# (reply-key) for a denial; for a request without H it names the agreement
# (agreement-h). The user's NAI is kept with the keys.
test_multi_auth() {
	local nai=001010000000011@ims.mnc001.mcc001.3gppnetwork.org
	local unai=mn-alice@example.net
	local h=010201020000100000001001 h2=010202020000200000002001
	local rand=a0a1a2a3a4a5a6a7a8a9aaabacadaeaf res=06df059fb98e5b1a0000000000000000
	local resp uauth ures done cont start chal kaka skey skeyp skey2 skeyp2
	local r b before t
	new_key "$WORK/ma-kaka"
	new_key "$WORK/ma-skey"
	new_key "$WORK/ma-skeyp"
	new_key "$WORK/ma-skey2" 32
	new_key "$WORK/ma-skeyp2" 32
	kaka=$(<"$WORK/ma-kaka")
	skey=$(<"$WORK/ma-skey")
	skeyp=$(<"$WORK/ma-skeyp")
	skey2=$(<"$WORK/ma-skey2")
	skeyp2=$(<"$WORK/ma-skeyp2")
	resp=2600003600007ed90007${h}08000000$rand$res
	# USER_AUTH of §9.6: n = 20, AuthenticatorChallenge, NT-Response, uNAI.
	uauth=2600004600007ed9000a01011400101112131415161718191a1b1c1d1e1f
	uauth+=f9055fd81d1530d940133c6205d01e70deb4a8e532beff26
	uauth+=6d6e2d616c696365406578616d706c652e6e6574
	ures=0101000000000e10a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
	ures+=6e7c4707ad90f10cf710bf551900e9fd12e41449
	done=${h}0200000000000e10$rand
	cont=${h}0100000000000000$rand
	start=2600001600007ed90005${h}00000000
	chal=${h}0000001e${rand}c2ed09cd7f6a000035a11d3a025e8336
	# Whichever pair is left (0x2000 replaces 0x1000 on the way).
	on_exit sh -c '"$0" sa del nai "$1" spi 0x1000 2>/dev/null;
		"$0" sa del nai "$1" spi 0x2000 2>/dev/null; true' "$MIP4CTL" "$nai"

	# RRQ2: AKA_RESPONSE, USER_AUTH, MHAE(K_aka). Code 0: AKA_RESULT then
	# USER_RESULT, in that order, and an MHAE made with Skey.
	before=$(stats)
	r=$(rrq --home 10.1.0.33 --coa 192.0.2.10 --nai "$nai" --spi 0x1000 \
		--key "$kaka" --verify-key "$skey" --ext-before "$resp$uauth" \
		--keygen-answer "0:$skey:$skeyp:3600:$done:9" \
		--keygen-user-ext "$ures" --keygen-user-nai "$unai")
	expect_reply "$r" "type=3 code=0 lifetime=1800 nai=$nai spi=4096 auth_ok=true cvse=002a00007ed90009$done cvse2=003200007ed9000b$ures" \
		"AKA_RESPONSE + USER_AUTH: AKA_RESULT, USER_RESULT, MHAE(Skey)"
	expect_counters "$before" "keygen_requests=1 rrq_accepted=1 rx_discarded=0"
	run_ok hactl sa show nai "$nai" secrets
	expect_match "$OUT" "^nai $nai spi 0x1000 skey user-nai $unai .* key $skey$" "Skey, with the user's NAI"
	expect_match "$OUT" "^nai $nai spi 0x1001 skey-prime user-nai $unai .* key $skeyp$" "Skey', with the user's NAI"
	run_ok hactl -j sa show nai "$nai" spi 0x1000
	expect_eq "$(jf "$OUT" '.[0].user_nai')" "$unai" "sa show -j: user_nai"
	b=$(binding_fixed 10.1.0.33)

	# With those keys installed, RRQ2 without USER_AUTH (its MHAE verifies
	# with them) still goes to the daemon: the 3-round-trip "continue",
	# 131 + AKA_RESULT(USER_AUTH_REQUIRED) + MHAE(K_aka) under the request's
	# SPI_S. Nothing installed, the keys and binding stay.
	before=$(stats)
	r=$(rrq --home 10.1.0.33 --coa 192.0.2.11 --nai "$nai" --spi 0x1000 \
		--key "$skey" --verify-key "$kaka" --ext-before "$resp" \
		--keygen-answer "131::::$cont:9" --keygen-reply-key "$kaka")
	expect_reply "$r" "code=131 lifetime=0 spi=4096 auth_ok=true cvse=002a00007ed90009$cont cvse2=absent" \
		"131 with reply-key: MHAE(K_aka)"
	expect_counters "$before" "keygen_requests=1 rrq_accepted=0 rrq_denied=1"
	run_ok hactl sa show nai "$nai" secrets
	expect_match "$OUT" "^nai $nai spi 0x1000 skey user-nai $unai .* key $skey$" "Skey after the 131"
	expect_eq "$(binding_fixed 10.1.0.33)" "$b" "binding after the 131"

	# A denial with reply-key and no CVSE (an Access-Reject).
	r=$(rrq --home 10.1.0.33 --coa 192.0.2.11 --nai "$nai" --spi 0x1000 \
		--key "$kaka" --ext-before "$resp$uauth" \
		--keygen-answer "131::::" --keygen-reply-key "$kaka")
	expect_reply "$r" "code=131 spi=4096 auth_ok=true cvse=absent" "Access-Reject: 131, MHAE(K_aka)"

	# RRQ3: USER_AUTH alone under the installed keys' SPI: to the daemon;
	# its answer names the agreement (agreement-h: HMAC-SHA-256, SPIs
	# 0x2000/0x2001), which replaces the keys.
	before=$(stats)
	r=$(rrq --home 10.1.0.33 --coa 192.0.2.10 --nai "$nai" --spi 0x1000 \
		--key "$kaka" --verify-key "$skey2" --verify-alg hmac-sha256 \
		--ext-before "$uauth" \
		--keygen-answer "0:$skey2:$skeyp2:3600:$done:9" \
		--keygen-user-ext "$ures" --keygen-agreement-h "$h2" \
		--keygen-user-nai "$unai")
	expect_reply "$r" "code=0 lifetime=1800 spi=8192 auth_ok=true cvse=002a00007ed90009$done cvse2=003200007ed9000b$ures" \
		"USER_AUTH alone + agreement-h"
	expect_counters "$before" "keygen_requests=1 rrq_accepted=1"
	run_ok hactl sa show nai "$nai" secrets
	expect_match "$OUT" "^nai $nai spi 0x2000 skey user-nai $unai .* algorithm hmac-sha256 .* key $skey2$" \
		"Skey of agreement-h"
	expect_match "$OUT" "^nai $nai spi 0x2001 skey-prime user-nai $unai .* algorithm hmac-sha256 .* key $skeyp2$" \
		"Skey' of agreement-h"
	expect_no_match "$OUT" "spi 0x1000" "the keys it replaced"

	# Refused answers: EINVAL, and the kernel answers 128 itself at its
	# keygen-timeout (1 s here).
	hactl ha set keygen-timeout 1
	on_exit hactl ha set keygen-timeout 10
	t=$(ha_stat keygen_timeouts)
	r=$(rrq --home 10.1.0.34 --coa 192.0.2.10 --nai "a$nai" --no-mhae \
		--ext-before "$start" --keygen-answer "131:::0:$chal:6" \
		--keygen-user-ext "$ures")
	expect_match "$(jf "$r" .error)" "Errno 22\] netlink request 14 refused" \
		"USER_RESULT after an AKA_CHALLENGE"
	r=$(rrq --home 10.1.0.35 --coa 192.0.2.10 --nai "b$nai" --spi 0x1000 \
		--key "$kaka" --ext-before "$resp$uauth" \
		--keygen-answer "131::::" --keygen-reply-key "$skey2")
	expect_match "$(jf "$r" .error)" "Errno 22\] netlink request 14 refused" \
		"a 32-octet reply-key for HMAC-MD5"
	r=$(rrq --home 10.1.0.36 --coa 192.0.2.10 --nai "c$nai" --spi 0x1000 \
		--key "$kaka" --ext-before "$resp$uauth" \
		--keygen-answer "0:$skey:$skeyp:3600:$done:9" --keygen-agreement-h "$h")
	expect_match "$(jf "$r" .error)" "Errno 22\] netlink request 14 refused" \
		"agreement-h for a request with H"
	r=$(rrq --home 10.1.0.37 --coa 192.0.2.10 --nai "d$nai" --spi 0x1000 \
		--key "$kaka" --ext-before "$uauth" \
		--keygen-answer "0:$skey:$skeyp:3600:$done:9")
	expect_match "$(jf "$r" .error)" "Errno 22\] netlink request 14 refused" \
		"no agreement-h for a request without H"
	expect_soon "$((t + 4))" "the kernel's 128 to all four" ha_stat keygen_timeouts
}

# An initial registration that also carries an MHAE is malformed
# (Documentation/registration.md): 134 without MHAE, as for any other
# malformed initial request, the key daemon never asked, and a node that
# already has keys keeps them and its binding.
test_initial_with_mhae() {
	local skey cvse r b before mhae nai=mn-dyn2@example.org
	new_key "$WORK/skey2"
	skey=$(<"$WORK/skey2")
	cvse=2600003a00007ed90001010101020000100000001001101112131415161718191a1b1c1d1e1f91af9888add464ca1c600acfe54cca733da8dec2dc26fafa
	add_sa nai "$nai" 0x1000 "$WORK/skey2"
	r=$(rrq --home 10.1.0.25 --coa 192.0.2.10 --nai "$nai" --spi 0x1000 \
		--key "$skey" --lifetime 700)
	expect_reply "$r" "code=0 lifetime=700 auth_ok=true" "registration with the node's key"
	record "$r"
	b=$(binding_fixed 10.1.0.25)

	for mhae in "with the node's key:$skey" "with a zero key:00000000000000000000000000000000"; do
		before=$(stats)
		r=$(rrq --home 10.1.0.25 --coa 192.0.2.11 --nai "$nai" \
			--ext-before "$cvse" --spi 0x1000 --key "${mhae#*:}" --lifetime 800)
		expect_reply "$r" "type=3 code=134 lifetime=0 home=10.1.0.25 nai=$nai spi=absent cvse=absent" \
			"KEYGEN_REQ and an MHAE ${mhae%%:*}"
		expect_counters "$before" "rrq_denied=1 keygen_rejected=1 keygen_requests=0 rx_discarded=0"
	done
	# An FHAE after the KEYGEN_REQ: no key shared with foreign agents
	# (RFC 5944 §3.8.2.1 d), silently discarded (else 128: no key daemon).
	before=$(stats)
	r=$(rrq --home 10.1.0.25 --coa 192.0.2.11 --nai "$nai" --no-mhae --spi 0x1000 \
		--ext-before "$cvse" --timeout 0.5 \
		--ext-after "22140000100000000000000000000000000000000000")
	expect_no_reply "$r" "KEYGEN_REQ and an FHAE"
	expect_counters "$before" "rx_discarded=1 keygen_rejected=0 rrq_denied=0"
	expect_eq "$(binding_fixed 10.1.0.25)" "$b" "binding after the malformed initial requests"
	run_ok hactl sa show nai "$nai"
	expect_match "$OUT" "^nai $nai spi 0x1000 " "the node's SA after them"
}

# Sends a request to the test node mn8 and checks the outcome: "discard"
# (no reply, rx-discarded + 1) or a code (reply, rx-discarded + 0).
MN8_KEY=
mn8() { # outcome what rrq.py-args...
	local want=$1 what=$2 before r
	shift 2
	# The counters after the previous request, when there was one.
	before=${STATS:-$(stats)}
	if [ "$want" = discard ]; then
		# The reply, if any, would be sent before the counter moves.
		r=$(rrq --home 10.1.0.18 --coa 192.0.2.10 --spi 0x1000 \
			--key "$MN8_KEY" --timeout 0.5 "$@")
		expect_no_reply "$r" "$what"
		expect_counters "$before" "rx_packets=1 rx_discarded=1 tx_packets=0 rrq_accepted=0 rrq_denied=0"
	else
		r=$(rrq --home 10.1.0.18 --coa 192.0.2.10 --spi 0x1000 \
			--key "$MN8_KEY" "$@")
		expect_reply "$r" "type=3 code=$want auth_ok=true" "$what"
		expect_counters "$before" "rx_packets=1 rx_discarded=0 tx_packets=1"
		record "$r"
	fi
	echo "$what: $([ "$want" = discard ] && echo "no reply" || echo "code $want")"
}

mn8_setup() {
	local key=$WORK/mn8.key
	if [ ! -s "$key" ]; then
		new_key "$key"
		add_sa home-address 10.1.0.18 0x1000 "$key"
	fi
	MN8_KEY=$(<"$key")
}

# Requests the parser refuses: no reply, counted, the binding untouched, and
# the Home Agent still answers.
test_malformed_discarded() {
	local b fixed len
	mn8_setup
	mn8 0 "well-formed" --lifetime 500
	b=$(binding_fixed 10.1.0.18)

	mn8 discard "fixed part truncated to 20 octets" --truncate 20
	mn8 discard "fixed part truncated to 23 octets" --truncate 23
	mn8 discard "extension length past the end (last extension)" --ext-after c80a0102
	mn8 discard "extension length past the end (before the MHAE)" --ext-before c8ff
	mn8 discard "only an extension type octet at the end" --ext-after c8
	mn8 discard "zero-length NAI" --nai ""
	mn8 discard "two NAIs" --nai a@b --ext-before 8303612362
	mn8 discard "unknown non-skippable extension (100)" --ext-before 6402abcd
	mn8 discard "unknown non-skippable extension (1)" --ext-before 0102abcd
	mn8 discard "unknown non-skippable extension (100) after the MHAE" --ext-after 640461626364
	mn8 discard "unknown non-skippable extension (100) after an FHAE" \
		--ext-after "22140000100000000000000000000000000000000000640461626364"
	mn8 discard "two MHAEs" --ext-after "20140000100000000000000000000000000000000000"
	mn8 discard "MFAE before the MHAE" --ext-before "21140000100000000000000000000000000000000000"
	mn8 discard "no authentication extension" --no-mhae
	# RFC 5944 §3.8.2.1 a: a CVSE is not an authorization-enabling
	# extension, unless it is the KEYGEN_REQ of an initial registration.
	mn8 discard "no MHAE, another vendor's CVSE" --no-mhae --ext-before 26000006000030390001
	mn8 discard "no MHAE, a REKEY_REQ" --no-mhae --ext-before 2600000e00007ed90003010000000000100a
	# Nor one that goes on with a key agreement: its MHAE enables it.
	mn8 discard "no MHAE, an AKA_RESPONSE" --no-mhae --ext-before \
		2600003600007ed9000701020102000010000000100108000000a0a1a2a3a4a5a6a7a8a9aaabacadaeaf06df059fb98e5b1a0000000000000000
	mn8 discard "no MHAE, a USER_AUTH alone" --no-mhae --ext-before \
		2600003500007ed9000a01010300101112131415161718191a1b1c1d1e1f000102030405060708090a0b0c0d0e0f1011121314151617754078
	fixed=$(rrq_hex --home 10.1.0.18 --coa 192.0.2.10 --spi 0x1000 --key "$MN8_KEY")
	mn8 discard "a reply sent to the Home Agent" --raw "03${fixed:2}"
	mn8 discard "unknown message type" --raw "07${fixed:2}"
	mn8 discard "empty datagram" --raw ""
	len=$((${#fixed} / 2))
	mn8 discard "MHAE cut short" --truncate $((len - 1))
	mn8 discard "MHAE header only" --truncate $((len - 16))
	expect_eq "$(binding_fixed 10.1.0.18)" "$b" "binding after the discards"
	mn8 0 "well-formed afterwards"
	expect_dmesg_clean "malformed requests"
}

# Extensions after the MHAE (Documentation/registration.md): skippable ones
# and an MFAE are skipped, an FHAE discards (no SA with foreign agents), a
# CVSE gets 141 (RFC 3115 §2.4); One-byte Padding is skipped anywhere.
test_extension_order() {
	local b
	mn8_setup
	mn8 0 "unknown skippable extension (200) before the MHAE" --ext-before c802abcd --lifetime 400
	mn8 0 "skippable extension after the MHAE" --ext-after c802abcd --lifetime 401
	mn8 0 "skippable extension of length 0" --ext-before ff00 --ext-after 8000 --lifetime 402
	mn8 0 "One-byte Padding before and after the MHAE" --ext-before 0000 --ext-after 00 \
		--lifetime 403
	mn8 0 "MFAE after the MHAE" --ext-after "21140000100000000000000000000000000000000000" \
		--lifetime 404
	b=$(binding_fixed 10.1.0.18)
	expect_match "$b" "^home 10\.1\.0\.18 care-of 192\.0\.2\.10 lifetime 404 " "binding"
	mn8 discard "FHAE after the MHAE" --ext-after "22140000100000000000000000000000000000000000"
	mn8 discard "skippable, then FHAE after the MHAE" \
		--ext-after "c802abcd22140000100000000000000000000000000000000000"
	expect_eq "$(binding_fixed 10.1.0.18)" "$b" "binding after the FHAEs"
	mn8 141 "CVSE of vendor 12345 after the MHAE" --ext-after 26000006000030390001 \
		--lifetime 405
	mn8 141 "a REKEY_REQ CVSE of ours after the MHAE" \
		--ext-after 2600000e00007ed90003010000000000100a --lifetime 406
	expect_eq "$(binding_fixed 10.1.0.18)" "$b" "binding after the 141s"
}

# The MHAE's length octet must match the algorithm's authenticator: a
# length that lies fails authentication (131) when the message holds it,
# and the request is discarded when it runs past the end.
test_mhae_length() {
	local b len
	mn8_setup
	mn8 0 "well-formed" --lifetime 300
	b=$(binding_fixed 10.1.0.18)
	mn8 131 "MHAE length +4, 20 octets of authenticator" --mhae-len-delta 4 --ext-after 00000000
	mn8 discard "MHAE length +4 past the end" --mhae-len-delta 4
	len=$(($(rrq_hex --home 10.1.0.18 --coa 192.0.2.10 --spi 0x1000 --key "$MN8_KEY" | wc -c) / 2))
	mn8 131 "MHAE length -4, 12 octets of authenticator" --mhae-len-delta -4 --truncate $((len - 4))
	mn8 discard "MHAE length 3 (shorter than its SPI)" --mhae-len-delta -17 --truncate $((len - 17))
	mn8 131 "MHAE length 4, no authenticator" --mhae-len-delta -16 --truncate $((len - 16))
	expect_eq "$(binding_fixed 10.1.0.18)" "$b" "binding after the lies"
}

# 136: a request naming another Home Agent, or sent to the home subnet's
# broadcast address; the reply carries our unicast address.
test_unknown_home_agent() {
	local key=$WORK/mn9.key r before args
	new_key "$key"
	add_sa nai mn9@example.org 0x1000 "$key"
	args="--home 10.1.0.19 --coa 192.0.2.10 --nai mn9@example.org --spi 0x1000 --key $(<"$key")"

	before=$(stats)
	# shellcheck disable=SC2086
	r=$(rrq $args --ha-field 10.1.0.2)
	expect_reply "$r" "type=3 code=136 lifetime=0 ha=10.1.0.1 home=10.1.0.19 auth_ok=true from=10.1.0.1:434" \
		"another Home Agent address"
	record "$r"
	expect_counters "$before" "rrq_denied=1"

	before=$(stats)
	# shellcheck disable=SC2086
	r=$(rrq_call --netns "$NS_MN" --ha 10.1.0.255 --ha-field 10.1.0.1 \
		--timeout 1.5 $args)
	expect_reply "$r" "type=3 code=136 lifetime=0 ha=10.1.0.1 auth_ok=true from=10.1.0.1:434" \
		"request to 10.1.0.255"
	record "$r"
	expect_counters "$before" "rrq_denied=1"
	expect_eq "$(nbindings 10.1.0.19)" 0 "bindings"

	# From the home link, to the limited broadcast address.
	ip -n "$NS_HOME" addr add 10.1.0.19/24 dev home-ha
	r=$(rrq_call --netns "$NS_HOME" --ha 255.255.255.255 \
		--ha-field 10.1.0.1 --bind 10.1.0.19 --broadcast --timeout 1.5 \
		--home 10.1.0.19 --coa 10.1.0.19 --nai mn9@example.org --spi 0x1000 \
		--key "$(<"$key")" --lifetime 0)
	ip -n "$NS_HOME" addr del 10.1.0.19/24 dev home-ha
	expect_reply "$r" "type=3 code=136 ha=10.1.0.1 auth_ok=true from=10.1.0.1:434" \
		"request to 255.255.255.255"
}

# protocol.md §7, static SAs: rrq.py's bytes carry the published
# authenticator, and the Home Agent's 133 verifies with the same key.
static_example() { # algorithm authenticator
	local alg=$1 want=$2 ha mn hex r now t0 key=000102030405060708090a0b0c0d0e0f
	ha=$(ns_create "ha7-$alg")
	mn=$(ns_create "mn7-$alg")
	# Not ha-mn and mn-ha: "ip link add" fails on a name of the namespace
	# it runs in (the suite's Home Agent), even when it creates elsewhere.
	veth "$ha" ex-mn "$mn" ex-ha
	ip -n "$ha" addr add 192.0.2.1/24 dev ex-mn
	ip -n "$ha" link add home type dummy
	ip -n "$ha" addr add 10.0.0.1/24 dev home
	ip -n "$ha" link set home up
	ip -n "$mn" addr add 192.0.2.7/24 dev ex-ha
	ip -n "$mn" route add 10.0.0.0/24 via 192.0.2.1
	ip netns exec "$ha" "$MIP4CTL" ha set address 10.0.0.1 prefix 10.0.0.0/24
	echo "$key" | ip netns exec "$ha" "$MIP4CTL" sa add nai user@example.com \
		spi 0x100 algorithm "$alg" key-file -

	hex=$(rrq_call --print-hex --ha 10.0.0.1 --home 10.0.0.5 \
		--coa 192.0.2.7 --lifetime 1800 --id e123456789abcdef \
		--nai user@example.com --spi 0x100 --alg "$alg" --key "$key")
	expect_eq "$hex" \
		"010007080a0000050a000001c0000207e123456789abcdef831075736572406578616d706c652e636f6d201400000100$want" \
		"the §7 request ($alg)"
	t0=$(ntp_now)
	r=$(rrq_call --netns "$mn" --raw "$hex" --ha 10.0.0.1 \
		--home 10.0.0.5 --coa 192.0.2.7 --alg "$alg" --key "$key" --timeout 10)
	now=$(ntp_now)
	expect_reply "$r" "type=3 code=133 lifetime=0 home=10.0.0.5 ha=10.0.0.1 nai=user@example.com spi=256 auth_ok=true from=10.0.0.1:434" \
		"the Home Agent's answer ($alg)"
	expect_eq "$(low32 "$(jv "$r" id)")" 89abcdef "low half of the 133"
	expect_within "$(high32 "$(jv "$r" id)")" $((t0 - 2)) $((now + 2)) "HA clock in the 133"
	# And the reply's own bytes: fixed part, NAI, MHAE.
	expect_match "$(jv "$r" hex)" \
		"^038500000a0000050a000001[0-9a-f]{8}89abcdef831075736572406578616d706c652e636f6d201400000100[0-9a-f]{32}$" \
		"reply bytes ($alg)"
	expect_eq "$(ip netns exec "$ha" "$MIP4CTL" -j binding show)" "[]" "bindings"
}

test_static_example_hmac_md5() {
	static_example hmac-md5 3a0161ab37e2e8f5a61d0888499fe627
}

test_static_example_keyed_md5() {
	static_example keyed-md5 7097ce2e4ae984d4df59b961e198c530
}

# mip4ctl's SA and binding commands on the state the tests made.
test_mip4ctl_sa() {
	local key=$WORK/ctl.key out
	printf '00 11 22 33\n44556677 8899aabb ccddeeff\n' >"$key"
	run_ok hactl sa add nai ctl@example.org spi 300 algorithm keyed-md5 \
		replay nonce replay-tolerance 30 key-file "$key"
	expect_eq "$OUT" "" "stdout of sa add"
	run_fail 1 "Error: mip4ha: security association exists" \
		hactl sa add nai ctl@example.org spi 300 key-file "$key"
	run_fail 1 "Error: integer out of range (attribute spi)" \
		hactl sa add nai ctl@example.org spi 255 key-file "$key"
	run_fail 1 "Error: sa add: the key is never given on the command line; use key-file FILE (or - for standard input)" \
		hactl sa add nai ctl@example.org spi 301 key 00
	printf 'abc' >"$WORK/odd.key"
	run_fail 1 "Error: sa add: key file \"$WORK/odd.key\": odd number of hex digits" \
		hactl sa add nai ctl@example.org spi 301 key-file "$WORK/odd.key"
	run_fail 1 "Error: sa add: needs key-file FILE (or - for standard input)" \
		hactl sa add nai ctl@example.org spi 301
	# 65 octets: the kernel's limit is 64.
	new_key "$WORK/long.key" 65
	capture hactl sa add nai ctl@example.org spi 301 key-file "$WORK/long.key"
	expect_eq "$RC/$OUT" "1/" "status and output of sa add with a 65-octet key"
	expect_match "$ERR" "^Error: .* \(attribute key\)$" "sa add with a 65-octet key"
	new_key "$WORK/long.key" 64
	run_ok hactl sa add nai ctl@example.org spi 301 key-file "$WORK/long.key"
	run_ok hactl sa del nai ctl@example.org spi 301

	run_ok hactl sa show nai ctl@example.org
	expect_eq "$OUT" \
		"nai ctl@example.org spi 0x12c static algorithm keyed-md5 replay nonce replay-tolerance 30 last-identification 0x0000000000000000" \
		"sa show"
	run_ok hactl -j sa show nai ctl@example.org spi 300 secrets
	expect_eq "$OUT" \
		'[{"nai":"ctl@example.org","spi":300,"dynamic":false,"algorithm":"keyed-md5","replay":"nonce","replay_tolerance":30,"last_identification":"0x0000000000000000","key":"00112233445566778899aabbccddeeff"}]' \
		"sa show -j secrets"
	# Keys only on request, and only to CAP_NET_ADMIN.
	run_ok hactl sa show
	expect_no_match "$OUT" "key " "sa show without secrets"
	expect_match "$OUT" "^nai mn1@example.org spi 0x1000 static " "sa show of all"
	out=$(hactl sa show secrets)
	expect_match "$out" "^nai ctl@example.org spi 0x12c .* key 00112233445566778899aabbccddeeff$" \
		"sa show secrets"
	run_fail 1 "Error: mip4ha: with-secrets needs CAP_NET_ADMIN (attribute with-secrets)" \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all "$MIP4CTL" sa show nai ctl@example.org spi 300 secrets
	# A dump: Linux 6.1 drops the message of its start (mip4ctl's own
	# text then), later kernels or a check moved to the dump itself not.
	capture setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all "$MIP4CTL" sa show secrets
	expect_eq "$RC/$OUT" "1/" "status and output of sa show secrets without privileges"
	expect_match "$ERR" '^Error: (mip4ha: with-secrets needs CAP_NET_ADMIN|secrets need CAP_NET_ADMIN \(Operation not permitted\))$' \
		"sa show secrets without privileges"
	capture setpriv --reuid=65534 --regid=65534 \
		--clear-groups --inh-caps=-all "$MIP4CTL" sa show nai ctl@example.org
	expect_eq "$RC" 0 "sa show without privileges"
	expect_match "$OUT" "^nai ctl@example.org spi 0x12c static" "sa show without privileges"

	run_ok hactl sa del nai ctl@example.org spi 300
	run_fail 1 "Error: mip4ha: no such security association" \
		hactl sa del nai ctl@example.org spi 300
	run_fail 1 "Error: mip4ha: no such security association" \
		hactl sa show nai ctl@example.org spi 300
	run_ok hactl sa show nai ctl@example.org
	expect_eq "$OUT" "" "sa show after sa del"

	# sa del takes the SA's bindings with it (reason admin).
	expect_eq "$(nbindings 10.1.0.14)" 1 "binding of mn4"
	run_ok hactl sa del nai mn4@example.org spi 0x1000
	expect_eq "$(nbindings 10.1.0.14)" 0 "binding of mn4 after sa del"
	expect_match "$(<"$WORK/mon.txt")" \
		"^binding delete home 10\.1\.0\.14 care-of 192\.0\.2\.10 .* reason admin$" "monitor"
}

# sa del ends the bindings its SA authenticated, whatever their home address
# (the Home Agent finds them by owner): those the same NAI made with its other
# SA stay, and so do another node's made with the same SPI.
test_sa_del_owner() {
	local ka=$WORK/mn14a.key kb=$WORK/mn14b.key kc=$WORK/mn15.key r
	local nai=mn14@example.org node home id spi key
	new_key "$ka"
	new_key "$kb"
	new_key "$kc"
	add_sa nai "$nai" 0x1000 "$ka"
	add_sa nai "$nai" 0x1001 "$kb"
	add_sa nai mn15@example.org 0x1000 "$kc"
	for node in "10.1.0.40 $nai 0x1000 $ka" "10.1.0.41 $nai 0x1000 $ka" \
		"10.1.0.42 $nai 0x1001 $kb" "10.1.0.43 mn15@example.org 0x1000 $kc"; do
		read -r home id spi key <<<"$node"
		r=$(rrq --home "$home" --coa 192.0.2.10 --nai "$id" --spi "$spi" \
			--key "$(<"$key")")
		expect_reply "$r" "code=0 auth_ok=true" "$id at $home with SPI $spi"
		record "$r"
	done

	run_ok hactl sa del nai "$nai" spi 0x1000
	expect_eq "$(nbindings 10.1.0.40) $(nbindings 10.1.0.41)" "0 0" \
		"bindings made with the deleted SA"
	expect_eq "$(nbindings 10.1.0.42)" 1 "binding of $nai with its other SA"
	expect_eq "$(nbindings 10.1.0.43)" 1 "binding of mn15 with the same SPI"
	expect_match "$(<"$WORK/mon.txt")" \
		"^binding delete home 10\.1\.0\.41 care-of 192\.0\.2\.10 .* reason admin$" "monitor"

	run_ok hactl sa del nai "$nai" spi 0x1001
	run_ok hactl sa del nai mn15@example.org spi 0x1000
	expect_eq "$(nbindings 10.1.0.42) $(nbindings 10.1.0.43)" "0 0" \
		"bindings after the other sa del"
}

test_mip4ctl_binding() {
	local key=$WORK/mn10.key r c
	new_key "$key"
	add_sa nai mn10@example.org 0x1000 "$key"
	for c in 192.0.2.10 192.0.2.11 192.0.2.12; do
		r=$(rrq --home 10.1.0.20 --coa "$c" --nai mn10@example.org --spi 0x1000 \
			--key "$(<"$key")" --flags 0xa2)
		expect_reply "$r" "code=0" "registration at $c"
	done
	run_ok hactl binding show home-address 10.1.0.20
	expect_eq "$(sed 's/ remaining [0-9]* / /; s/ source \([0-9.]*\):[0-9]* / source \1 /; s/ identification [0-9a-fx]* / /' <<<"$OUT")" \
		"home 10.1.0.20 care-of 192.0.2.10 lifetime 1800 flags SDT nai mn10@example.org spi 0x1000 source 192.0.2.10 tx-packets 0 tx-bytes 0 rx-packets 0 rx-bytes 0
home 10.1.0.20 care-of 192.0.2.11 lifetime 1800 flags SDT nai mn10@example.org spi 0x1000 source 192.0.2.11 tx-packets 0 tx-bytes 0 rx-packets 0 rx-bytes 0
home 10.1.0.20 care-of 192.0.2.12 lifetime 1800 flags SDT nai mn10@example.org spi 0x1000 source 192.0.2.12 tx-packets 0 tx-bytes 0 rx-packets 0 rx-bytes 0" \
		"binding show"
	run_ok hactl binding del home-address 10.1.0.20 care-of-address 192.0.2.11
	expect_eq "$(coas 10.1.0.20)" \
		"192.0.2.10 192.0.2.12" "after binding del of one"
	run_fail 1 "Error: mip4ha: no such binding" \
		hactl binding del home-address 10.1.0.20 care-of-address 192.0.2.11
	run_ok hactl binding del home-address 10.1.0.20
	expect_eq "$(bindings 10.1.0.20)" "[]" "after binding del of all"
	run_fail 1 "Error: binding del: needs home-address A" hactl binding del
	run_fail 1 "Error: binding show: invalid address \"10.1.0\"" \
		hactl binding show home-address 10.1.0
	run_ok hactl binding flush
	run_ok hactl -j binding show
	expect_eq "$OUT" "[]" "after binding flush"
	run_ok hactl binding show
	expect_eq "$OUT" "" "binding show of none"
	run_fail 1 "Error: Operation not permitted" \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all "$MIP4CTL" binding flush
}

# monitor in the background ends cleanly on SIGTERM and on SIGINT.
test_monitor_signals() {
	local key=$WORK/mn11.key sig pid rc i
	new_key "$key"
	add_sa nai mn11@example.org 0x1000 "$key"
	for sig in TERM INT; do
		"$MIP4CTL" -j monitor >"$WORK/m-$sig" 2>&1 &
		pid=$!
		for i in $(seq 100); do
			mn --home 10.1.0.21 --coa 192.0.2.10 --nai mn11@example.org \
				--spi 0x1000 --key-file "$key" --once -q --lifetime 60
			[ ! -s "$WORK/m-$sig" ] || break
			sleep 0.1
		done
		kill -"$sig" "$pid"
		rc=0
		wait "$pid" || rc=$?
		expect_eq "$rc" 0 "exit status of monitor after SIG$sig"
		expect_match "$(head -1 "$WORK/m-$sig")" \
			'^\{"type":"binding","event":"(add|refresh)","home_address":"10\.1\.0\.21","care_of_address":"192\.0\.2\.10","lifetime":60,' \
			"monitor -j output"
		jq -e . "$WORK/m-$sig" >/dev/null || fail "monitor -j: invalid JSON"
	done
	run_fail 1 'Error: monitor: unexpected argument "x"' hactl monitor x
}

count_lines_with() { # fixed-string file
	grep -cF -- "$1" "$2" || true
}

# Whether file $2 shows at least $3 refreshes of home address $1.
has_refreshes() { # home file n
	local n
	n=$(grep -F "\"home_address\":\"$1\"" "$2" | grep -c '"event":"refresh"' || true)
	[ "$n" -ge "$3" ] && echo yes || echo "no: $n"
}

refreshes_of_lifetime() { # lifetime file
	grep -F '"event":"refresh"' "$2" | grep -cF "\"lifetime\":$1," || true
}

# Refreshes come on the refresh group, additions and deletions on events:
# a listener on events only (as mip4d is) gets no message per refresh.
test_monitor_groups() {
	local key=$WORK/mn31.key ev=$WORK/m-events rf=$WORK/m-refresh i pe pr
	new_key "$key"
	add_sa nai mn31@example.org 0x1000 "$key"
	# Appending: the files are emptied below while the monitors write.
	"$MIP4CTL" -j monitor events >>"$ev" 2>&1 &
	pe=$!
	"$MIP4CTL" -j monitor refresh >>"$rf" 2>&1 &
	pr=$!
	on_exit kill "$pe" "$pr"
	# Both listen once the node's registrations show in both (an add,
	# then refreshes).
	for i in $(seq 100); do
		mn --home 10.1.0.31 --coa 192.0.2.10 --nai mn31@example.org \
			--spi 0x1000 --key-file "$key" --once -q --lifetime 60
		[ ! -s "$ev" ] || [ ! -s "$rf" ] || break
		sleep 0.1
	done
	[ -s "$ev" ] && [ -s "$rf" ] || fail "the monitors do not listen"
	# The refreshes counted are those of lifetime 61: a refresh of the
	# loop above may still be on its way to the monitor.
	: >"$ev"
	for i in 1 2 3; do
		mn --home 10.1.0.31 --coa 192.0.2.10 --nai mn31@example.org \
			--spi 0x1000 --key-file "$key" --once -q --lifetime 61
	done
	mn --home 10.1.0.31 --coa 192.0.2.10 --nai mn31@example.org \
		--spi 0x1000 --key-file "$key" --dereg -q
	expect_soon 1 "delete events" count_lines_with '"event":"delete"' "$ev"
	expect_soon 3 "refresh events of lifetime 61" refreshes_of_lifetime 61 "$rf"
	expect_eq "$(count_lines_with '"event":"refresh"' "$ev")" 0 \
		"refreshes on the events group"
	expect_eq "$(grep -vcF '"event":"refresh"' "$rf" || true)" 0 \
		"lines other than refreshes on the refresh group"
	expect_soon yes "refreshes of 10.1.0.31 seen by monitor without argument" \
		has_refreshes 10.1.0.31 "$WORK/monj.txt" 3
}

# The replies in the capture of the Home Agent's link are those rrq.py and
# mip4-mn decoded, field by field as tshark dissects them; tshark finds
# nothing malformed in them.
test_tshark_capture() {
	local fields line hex got want nai spi n=0 bad
	kill -INT "$TSHARK_PID"
	for _ in $(seq 300); do
		kill -0 "$TSHARK_PID" 2>/dev/null || break
		sleep 0.1
	done
	! kill -0 "$TSHARK_PID" 2>/dev/null || fail "tshark does not stop"
	fields=$(tshark -r "$WORK/cap.pcapng" -Y 'udp.srcport == 434' -T fields \
		-E 'separator=|' -e ip.src -e udp.payload -e mip.type -e mip.code \
		-e mip.life -e mip.homeaddr -e mip.haaddr -e mip.nai -e mip.auth.spi \
		2>"$WORK/tshark.err") ||
		fail "tshark -r: $(<"$WORK/tshark.err")"
	echo "$(wc -l <<<"$fields") replies captured, $(wc -l <"$WORK/replies.jsonl") to find"
	while IFS= read -r line; do
		hex=$(jv "$line" hex)
		got=$(grep "^[0-9.]*|$hex|" <<<"$fields" | head -1 || true)
		[ -n "$got" ] || fail "reply not captured: $hex
$(grep -F "${hex:8:16}" <<<"$fields" || echo "nothing for ${hex:8:16}")"
		nai=$(jv "$line" nai)
		[ "$nai" != absent ] || nai=
		printf -v spi '0x%08x' "$(jv "$line" spi)"
		# Source, payload, fields.
		want="10.1.0.1|$hex|$(jv "$line" type)|$(jv "$line" code)|$(jv "$line" lifetime)|$(jv "$line" home)|$(jv "$line" ha)|$nai|$spi"
		expect_eq "$got" "$want" "tshark's view of the reply"
		n=$((n + 1))
	done <"$WORK/replies.jsonl"
	[ "$n" -ge 20 ] || fail "only $n replies checked"
	# Every reply came from the Home Agent address; tshark finds none
	# malformed and has nothing to say about any (but "Possible
	# traceroute": UDP's guess for any datagram to ports 33435-33464,
	# where a node's ephemeral port sometimes is).
	while IFS='|' read -r line _; do
		[ "$line" = 10.1.0.1 ] || fail "a reply from $line"
	done <<<"$fields"
	bad=$(tshark -r "$WORK/cap.pcapng" -Y 'udp.srcport == 434 &&
		(_ws.malformed || (_ws.expert && !udp.possible_traceroute))' \
		-T fields -e frame.number -e _ws.expert.message 2>"$WORK/tshark.err") ||
		fail "tshark -r: $(<"$WORK/tshark.err")"
	expect_eq "$bad" "" "replies tshark finds malformed or has something to say about"
}

test_kernel_log() {
	expect_dmesg_clean "the whole file"
}

SUITE_TESTS=(
	test_accept
	test_wrong_key
	test_unknown_spi
	test_stale_timestamp
	test_nonce
	test_replayed_request
	test_lifetime_capped
	test_deregistration
	test_binding_expiry
	test_simultaneous_limit
	test_other_denials
	test_care_of_address
	test_reserved_flags
	test_dynamic_keys
	test_aka_routing
	test_multi_auth
	test_initial_with_mhae
	test_malformed_discarded
	test_extension_order
	test_mhae_length
	test_unknown_home_agent
	test_static_example_hmac_md5
	test_static_example_keyed_md5
	test_mip4ctl_sa
	test_sa_del_owner
	test_mip4ctl_binding
	test_monitor_signals
	test_monitor_groups
	test_tshark_capture
	test_kernel_log
)
suite_require jq tshark setpriv "$PYTHON"
suite_require_built "$MIP4CTL" "$MIP4_MN"
suite_require_module
# Every exec counts under emulation: the script runs in the Home Agent's
# namespace, where mip4ctl needs no "ip netns exec".
suite_in_ha_namespace "$@"
suite_start
suite_setup setup
TSHARK_PID=$(<"$WORK/tshark.pid")
RRQ_PID=$(<"$WORK/rrq.pid")
dmesg_mark
suite_run "$@"
