#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkconf.sh: builds a private FreeRADIUS 3 configuration directory for the
# mip4ha tests from the packaged one (/etc/freeradius/3.0), with the minimal
# edits the dynamic-keys protocol needs: MS-CHAPv2 users with cleartext
# passwords, MPPE keys in Access-Accepts, a Message-Authenticator in every
# reply, no reject delay, and listeners only on the address and ports given.
#
#   mkconf.sh [options] DIR
#     -u NAME=PASSWORD  a user (repeatable; default
#                       mn-alice@example.net=alice-Pass-1)
#     -m NAME           that user may have one session at a time
#                       (Simultaneous-Use := 1, counted in radutmp from
#                       the accounting records; repeatable)
#     -T SECONDS        Session-Timeout in every Access-Accept
#     -s SECRET         shared secret (default testing123)
#     -c ADDR[/LEN]     a client allowed to ask (repeatable; default 127.0.0.1)
#     -a ADDR           address to listen on (default 127.0.0.1)
#     -p PORT           authentication port (default 1812; accounting PORT+1)
#     -n                no Message-Authenticator in replies (stock behaviour)
#     -f                replace DIR if it exists
#
# Then, as root:  freeradius -f -d DIR -l stdout     (or -X to debug)
# It runs as the invoking user, logs and accounting detail under DIR/log.

set -eu

SRC=${FREERADIUS_CONF:-/etc/freeradius/3.0}
users=()
single=()
clients=()
timeout=
secret=testing123
addr=127.0.0.1
port=1812
msg_auth=1
force=0

usage() {
	sed -n '/^#   mkconf.sh/,/^# It runs/p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

while getopts "u:m:T:s:c:a:p:nfh" opt; do
	case $opt in
	u) users+=("$OPTARG") ;;
	m) single+=("$OPTARG") ;;
	T) timeout=$OPTARG ;;
	s) secret=$OPTARG ;;
	c) clients+=("$OPTARG") ;;
	a) addr=$OPTARG ;;
	p) port=$OPTARG ;;
	n) msg_auth=0 ;;
	f) force=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
dir=$1
[ ${#users[@]} -gt 0 ] || users=("mn-alice@example.net=alice-Pass-1")
[ ${#clients[@]} -gt 0 ] || clients=(127.0.0.1)
case $port in ''|*[!0-9]*) echo "mkconf.sh: bad port $port" >&2; exit 2 ;; esac
if [ -n "$timeout" ]; then
	case $timeout in *[!0-9]*) echo "mkconf.sh: bad timeout" >&2; exit 2 ;; esac
fi
# Strings go between double quotes in the config files: checked here, in
# the main shell, so that a bad one stops the script before any copying.
check_str() {
	case $1 in
	''|*[\"\\]*|*$'\n'*)
		echo "mkconf.sh: empty, or quotes, backslashes or newlines: $1" >&2
		exit 2 ;;
	esac
}
check_str "$secret"
for u in "${users[@]}"; do
	if [ "${u%%=*}" = "$u" ]; then
		echo "mkconf.sh: -u NAME=PASSWORD" >&2
		exit 2
	fi
	check_str "${u%%=*}"
	check_str "${u#*=}"
done

if [ -e "$dir" ]; then
	[ $force = 1 ] || { echo "mkconf.sh: $dir exists (-f replaces it)" >&2; exit 1; }
	rm -rf -- "$dir"
fi
[ -r "$SRC/radiusd.conf" ] || { echo "mkconf.sh: no $SRC/radiusd.conf" >&2; exit 1; }
# -a keeps mods-enabled/ and sites-enabled/ as relative links into the copy.
cp -a -- "$SRC" "$dir"
dir=$(cd "$dir" && pwd -P)
mkdir -p "$dir/log" "$dir/run"

# radiusd.conf: private log/run directories, stay the invoking user, and
# answer Access-Rejects at once.
sed -i \
	-e "s|^logdir = .*|logdir = $dir/log|" \
	-e "s|^run_dir = .*|run_dir = $dir/run|" \
	-e 's/^\(\s*\)\(user\|group\) = /\1#\2 = /' \
	-e 's/^\(\s*\)reject_delay = .*/\1reject_delay = 0/' \
	"$dir/radiusd.conf"

# Drops the top-level listen { } sections of a site (braces after a '#'
# are comments).
drop_listen() {
	awk '
	{ code = $0; sub(/#.*/, "", code) }
	!skip && code ~ /^[ \t]*listen[ \t]*\{/ { skip = 1; depth = 0 }
	skip {
		depth += gsub(/\{/, "{", code) - gsub(/\}/, "}", code)
		if (depth <= 0) skip = 0
		next
	}
	{ print }' "$1" > "$1.new"
	mv -- "$1.new" "$1"
}

# Appends @2 after the one line of file @1 that matches the regexp @3.
insert_after() {
	local n

	n=$(grep -c -- "$3" "$1" || true)
	[ "$n" = 1 ] || { echo "mkconf.sh: $n lines match '$3' in $1" >&2; exit 1; }
	awk -v re="$3" -v text="$2" '{ print } $0 ~ re { print text }' "$1" \
		> "$1.new"
	mv -- "$1.new" "$1"
}

# The sites: our own listeners only (inner-tunnel needs none: EAP calls it).
site=$dir/sites-available/default
drop_listen "$site"
drop_listen "$dir/sites-available/inner-tunnel"
insert_after "$site" "$(printf 'listen {\n\ttype = auth\n\tipaddr = %s\n\tport = %s\n}\nlisten {\n\ttype = acct\n\tipaddr = %s\n\tport = %s\n}' \
	"$addr" "$port" "$addr" $((port + 1)))" '^server default {'
# Debian 3.2.1 signs replies only when told to (Documentation/protocol.md, appendix).
if [ $msg_auth = 1 ]; then
	insert_after "$site" "$(printf '\tupdate reply {\n\t\t&Message-Authenticator := 0x00\n\t}')" \
		'^authorize {'
	# Rejects made after authorize (Simultaneous-Use) start afresh.
	insert_after "$site" "$(printf '\t\tupdate reply {\n\t\t\t&Message-Authenticator := 0x00\n\t\t}')" \
		'^[[:space:]]*attr_filter.access_reject$'
fi

# Simultaneous-Use: the radutmp session database, fed by accounting and
# consulted after authentication. Its sessions are trusted: no checkrad
# (which knows a NAS by the client list, not by the NAS-IP-Address the
# Home Agent sends, and would let every login through).
sed -i 's/^#\tradutmp$/\tradutmp/' "$site"
sed -i 's/^\(\s*\)check_with_nas = yes/\1check_with_nas = no/' \
	"$dir/mods-available/radutmp"
grep -q '^\s*check_with_nas = no' "$dir/mods-available/radutmp"
# FreeRADIUS 3.2 answers no Accounting-On while the file does not exist.
: >"$dir/log/radutmp"
[ "$(grep -c '^[[:space:]]radutmp$' "$site")" = 2 ] ||
	{ echo "mkconf.sh: radutmp not enabled in $site" >&2; exit 1; }

# mschap: MS-MPPE-Recv-Key and MS-MPPE-Send-Key in Access-Accepts.
sed -i 's/^\(\s*\)#\?\s*use_mppe = .*/\1use_mppe = yes/' \
	"$dir/mods-available/mschap"
grep -q '^\s*use_mppe = yes' "$dir/mods-available/mschap"

# clients.conf: only ours, each required to sign its requests.
{
	i=0
	for c in "${clients[@]}"; do
		printf 'client mip4t%d {\n\tipaddr = %s\n\tsecret = %s\n' \
			$i "$c" "\"$secret\""
		printf '\trequire_message_authenticator = yes\n}\n'
		i=$((i + 1))
	done
} > "$dir/clients.conf"

# users (mods-config/files/authorize): ours first.
auth=$dir/mods-config/files/authorize
{
	for u in "${users[@]}"; do
		limit=
		for m in "${single[@]}"; do
			[ "$m" != "${u%%=*}" ] || limit=', Simultaneous-Use := 1'
		done
		printf '"%s" Cleartext-Password := "%s"%s\n' "${u%%=*}" "${u#*=}" \
			"$limit"
		[ -z "$timeout" ] || printf '\tSession-Timeout = %s\n' "$timeout"
		printf '\n'
	done
	cat "$auth"
} > "$auth.new"
mv -- "$auth.new" "$auth"

echo "$dir"
