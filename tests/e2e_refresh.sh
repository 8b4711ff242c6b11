#!/bin/sh
# SPDX-License-Identifier: ISC
# e2e_refresh.sh - what another process records shows up on the queues
# by itself, in a real terminal.
#
# tmux runs the real passage in an 80x24 pane (lib/tmux.sh), logged in
# as a caseworker, on the queues.  While it sits there untouched, another
# process (tui_fixture overdue, through the model, as the hourly roster
# import or a colleague would) records the release of a person on that
# caseworker's list.  The 48-hour queue must show them without a key
# being pressed.  The pane is polled; nothing waits on the clock alone.
set -u
build=${PASSAGE_BUILD:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin="$root/$build/passage"
fixture="$root/$build/tests/tui_fixture"

name=refresh
. "$here/lib/tmux.sh"
. "$here/lib/tap.sh"

pass="refresh test passphrase"
db="$work/refresh.db"
caseworker_db "$db" "$pass"
if ! printf '%s\n' "$pass" | "$bin" facility add "$db" "County Jail" --user admin \
	--passphrase-fd 0 >"$work/setup.out" 2>&1; then
	echo "Bail out! could not add a facility"
	sed 's/^/# /' "$work/setup.out"
	exit 1
fi

# wait_for TEXT [SECONDS]: until the pane shows TEXT; $shot is the pane.
wait_for() {
	left=$((${2:-10} * 10))
	while :; do
		shot=$(tm capture-pane -p -t q 2>&1)
		case $shot in *"$1"*) return 0 ;; esac
		left=$((left - 1))
		[ "$left" -gt 0 ] || break
		sleep 0.1
	done
	echo "# waiting until the pane shows \"$1\", the pane:"
	printf '%s\n' "$shot" | sed 's/^/#   |/'
	return 1
}

tm new-session -d -x 80 -y 24 -s q -- env TERM=vt100 "$bin" "$db"
wait_for "Type your user name and passphrase"
tm send-keys -t q -l caseworker
tm send-keys -t q Enter
tm send-keys -t q -l "$pass"
tm send-keys -t q Enter
wait_for "48-hour contacts due and overdue" 30
ok $? "the caseworker is on the queues"
! has "$shot" "Omar"
ok $? "  with nobody released"

if printf '%s\n' "$pass" | "$fixture" "$db" caseworker overdue >"$work/fixture.out" 2>&1; then
	ok 0 "another process records Omar's release, three days ago"
else
	ok 1 "another process records Omar's release, three days ago"
	sed 's/^/# /' "$work/fixture.out"
fi
# The queues ask every 10 s whether the file changed; 40 s is ample.
wait_for "Omar" 40
ok $? "his overdue 48-hour contact shows up with no key pressed"
has "$shot" "48-hour contacts due and overdue (1)"
ok $? "  and the queue counts him"

tm send-keys -t q q
done_testing
