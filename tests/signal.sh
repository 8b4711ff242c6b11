#!/bin/sh
# SPDX-License-Identifier: ISC
# signal.sh - the interface ended by kill(1): SIGTERM or SIGHUP (an SSH
# server hanging up) end it the clean way, and its exit status says which
# signal did, as a shell's would (128 + the signal), never 0.  The
# screen-test build reads its keys from a FIFO here, so the program sits
# waiting for a key when the signal comes.
set -eu
build=${PASSAGE_BUILD:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin="$root/$build/tests/passage-screen"
. "$here/lib/tap.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
export TERM=vt100 LINES=24 COLUMNS=80 TZ=UTC LC_ALL=C.UTF-8
db="$work/signal.db"
printf 'signal test passphrase\n' |
	"$bin" init "$db" --admin admin --kdf interactive --site Test --time-zone UTC \
		--passphrase-fd 0 >/dev/null

# run SIGNAL: start the interface on a FIFO of keys, wait until it has
# drawn the login screen (it dumps it on request), send SIGNAL, and leave
# its exit status in $status.
run() {
	rm -f "$work/keys" "$work/shown"
	mkfifo "$work/keys"
	(cd "$work" && PASSAGE_TUI_SCRIPT="$work/keys" exec "$bin" "$db" >"$work/out" 2>&1) &
	pid=$!
	exec 3>"$work/keys"
	echo "dump shown" >&3
	i=0
	while [ ! -s "$work/shown" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ -n "$1" ]; then
		kill "-$1" "$pid"
	fi
	exec 3>&-
	status=0
	wait "$pid" || status=$?
}

run TERM
r=0; grep -q Passphrase "$work/shown" || r=1
ok $r "the login screen was up"
r=0; [ "$status" -eq 143 ] || r=1
ok $r "SIGTERM ends it with status 143 (128 + 15), not 0: $status"
run HUP
r=0; [ "$status" -eq 129 ] || r=1
ok $r "SIGHUP ends it with status 129: $status"
run ''
r=0; [ "$status" -eq 0 ] || r=1
ok $r "the keys running out (a quit) still end it with 0: $status"
done_testing
