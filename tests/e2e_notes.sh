#!/bin/sh
# SPDX-License-Identifier: ISC
# e2e_notes.sh - two terminals edit the same note, in a real terminal.
#
# tmux runs the real passage twice, in two 80x24 panes of a private
# server (lib/tmux.sh), both logged in as the caseworker whose person
# N0000001 has a note (tui_fixture notes).  Both open the note and start
# an edit from the same version; the first saves; the second's save must
# be refused with one sentence saying who changed it and when, and its
# form must still be there with what was typed in it.  The audit log must
# hold one view of the note for each opening (and one for the reading
# again after the save), never one per key.  Every step polls the pane.
set -u
build=${PASSAGE_BUILD:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin="$root/$build/passage"
fixture="$root/$build/tests/tui_fixture"

name=notes
. "$here/lib/tmux.sh"
. "$here/lib/tap.sh"

pass="notes test passphrase"
db="$work/notes.db"
caseworker_db "$db" "$pass"
if ! printf '%s\n' "$pass" | "$fixture" "$db" caseworker notes >"$work/setup.out" 2>&1; then
	echo "Bail out! could not add the notes"
	sed 's/^/# /' "$work/setup.out"
	exit 1
fi

# wait_for SESSION TEXT [SECONDS]: until the pane shows TEXT; $shot is
# the pane.
wait_for() {
	left=$((${3:-60} * 10))
	while :; do
		shot=$(tm capture-pane -p -t "$1" 2>&1)
		case $shot in *"$2"*) return 0 ;; esac
		left=$((left - 1))
		[ "$left" -gt 0 ] || break
		sleep 0.1
	done
	echo "# waiting until pane $1 shows \"$2\", the pane:"
	printf '%s\n' "$shot" | sed 's/^/#   |/'
	return 1
}

# open_edit SESSION: log in, find N0000001, open the note, start an edit.
open_edit() {
	tm new-session -d -x 80 -y 24 -s "$1" -- env TERM=vt100 "$bin" "$db"
	wait_for "$1" "Type your user name and passphrase" || return 1
	tm send-keys -t "$1" -l caseworker
	tm send-keys -t "$1" Enter
	tm send-keys -t "$1" -l "$pass"
	tm send-keys -t "$1" Enter
	wait_for "$1" "Releasing in the next 48 hours" 30 || return 1
	tm send-keys -t "$1" /
	tm send-keys -t "$1" -l N0000001
	wait_for "$1" "Nadia" || return 1
	tm send-keys -t "$1" Enter
	wait_for "$1" "Notes (1)" || return 1
	tm send-keys -t "$1" T
	wait_for "$1" "Notes, newest first" || return 1
	tm send-keys -t "$1" Enter
	wait_for "$1" "Version 2 of 2" || return 1
	tm send-keys -t "$1" e
	wait_for "$1" "Edit a note"
}

open_edit one
ok $? "the first terminal opens the note at version 2 and edits it"
open_edit two
ok $? "so does the second"

# The note is selected whole as the form opens: End keeps it and types
# after it.
tm send-keys -t one End
tm send-keys -t one -l " Called on Monday."
tm send-keys -t one C-x
wait_for one "Note saved as version 3" && wait_for one "Version 3 of 3"
ok $? "the first saves: version 3"

tm send-keys -t two End
tm send-keys -t two -l " Called on Tuesday."
wait_for two "on Tuesday."
tm send-keys -t two C-x
wait_for two "this note was changed by caseworker at"
ok $? "the second is refused, with who saved in between and when"
# The pane may be captured while the screen is still being drawn: look
# again until the whole of it is there.
refused_form() {
	has "$shot" "nothing was saved" && has "$shot" "Edit a note" &&
		printf '%s\n' "$shot" | grep -q "Note \* .*Last line\. Called on Tuesday\.\$"
}
left=600
until refused_form || [ $left = 0 ]; do
	left=$((left - 1))
	sleep 0.1
	shot=$(tm capture-pane -p -t two 2>&1)
done
refused_form
ok $? "  the form is still there with what was typed"
tm send-keys -t two Escape
wait_for two "Cancelled: nothing was saved." && wait_for two "Version 2 of 2"
ok $? "  and ESC leaves it, the note as it was read"

for s in one two; do
	tm send-keys -t "$s" C-q
	tm send-keys -t "$s" y
done
left=600
until [ "$(tm display-message -p -t one '#{pane_dead}')$(tm display-message -p -t two \
	'#{pane_dead}')" = 11 ] || [ $left = 0 ]; do
	left=$((left - 1))
	sleep 0.1
done

# Admins name a person by record number: N0000001 is the file's only one.
printf '%s\n' "$pass" | "$bin" audit list "$db" --person '#1' --action view \
	--format csv --user admin --passphrase-fd 0 >"$work/audit.csv" 2>&1
# A note read whole is a view naming it; the list's views name none.
views=$(grep -c '"view","note #[0-9]*"' "$work/audit.csv")
[ "$views" = 3 ]
ok $? "three views of the note: one per opening, one after the save ($views)"
printf '%s\n' "$pass" | "$bin" audit list "$db" --action update --format csv --user admin \
	--passphrase-fd 0 2>&1 | grep -c '"update","note #' | grep -qx 2
ok $? "one edit saved, not two (the fixture made the other)"
done_testing
