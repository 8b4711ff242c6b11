#!/bin/sh
# SPDX-License-Identifier: ISC
# e2e_paste.sh - pasted text and escape sequences in a real terminal.
#
# tmux runs the real passage in an 80x24 pane of a private server, as in
# e2e_tui.sh.  On the new-person form it pastes text holding escape
# sequences (erase the screen, set the title) and presses Shift-Tab,
# which tmux sends as ESC [ Z, a sequence a VT100's terminfo does not
# name: the form must still be there with the text in it, nothing of the
# sequences in it.  As a VT100 the paste comes bare; as an xterm it comes
# bracketed, and a ^X and a line end inside it must not save the form.
# ^R must repaint what noise on the line wrote over the screen, and ESC
# alone must still cancel.  Every step polls the pane (wait_for), so
# a loaded machine makes the test slower, not flaky.
set -u
build=${PASSAGE_BUILD:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin="$root/$build/passage"

name=paste
. "$here/lib/tmux.sh"

pass="paste test passphrase"
db="$work/paste.db"
caseworker_db "$db" "$pass"

pane_dead() {
	[ "$(tm display-message -p -t "$sess" '#{pane_dead}' 2>/dev/null)" = 1 ]
}
# wait_for TEXT [SECONDS]: until the pane shows TEXT; $shot is the pane.
# wait_gone TEXT: until it does not.
wait_for() {
	wait_pane shows "$@"
}
wait_gone() {
	wait_pane lacks "$@"
}
wait_pane() {
	left=$((${3:-10} * 10))
	while :; do
		shot=$(tm capture-pane -p -t "$sess" 2>&1)
		case $shot in
		*"$2"*) [ "$1" = shows ] && return 0 ;;
		*) [ "$1" = lacks ] && return 0 ;;
		esac
		pane_dead && break
		left=$((left - 1))
		[ "$left" -gt 0 ] || break
		sleep 0.1
	done
	echo "# waiting until the pane $1 \"$2\", the pane:"
	printf '%s\n' "$shot" | sed 's/^/#   |/'
	return 1
}
# The row of the form's participant code.
code_row() {
	printf '%s\n' "$shot" | grep 'Participant code'
}

n=0
fail=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $term: $2"
	else
		echo "not ok $n - $term: $2"
		printf '%s\n' "$shot" | sed 's/^/#   |/'
		fail=1
	fi
}

# run TERM PASTE WANT: log in, open the new-person form, paste PASTE (a
# printf format), press Shift-Tab; the code must read WANT.
run() {
	term=$1
	sess="s$n"
	tm new-session -d -x 80 -y 24 -s "$sess" -- env TERM="$term" "$bin" "$db"
	wait_for "Type your user name and passphrase"
	tm send-keys -t "$sess" -l caseworker
	tm send-keys -t "$sess" Enter
	tm send-keys -t "$sess" -l "$pass"
	tm send-keys -t "$sess" Enter
	wait_for "Releasing in the next 48 hours" 30
	check $? "logged in"
	tm send-keys -t "$sess" N
	wait_for "Add a person"
	# shellcheck disable=SC2059 # the format is the test's own
	tm set-buffer -b paste -- "$(printf "$2")"
	tm paste-buffer -p -b paste -t "$sess"
	tm send-keys -t "$sess" BTab
	wait_for "Their own goals" && wait_for "In the person's own words"
	check $? "Shift-Tab moves to the form's last field"
	code_row | grep -q "Participant code \*  *$3\$"
	r=$?
	check $r "the pasted text is in the form, the sequences are not"
	[ $r = 0 ] || { echo "# the row:"; code_row | sed 's/^/#   |/'; }
	case $shot in *"[2J"* | *"0;x"*) r=1 ;; *) r=0 ;; esac
	check $r "nothing of the sequences is on the screen"
	# Noise on the line: written to the pane's terminal behind curses' back.
	printf '\033[12;30HNOISE ON THE LINE' >"$(tm display-message -p -t "$sess" '#{pane_tty}')"
	wait_for "NOISE ON THE LINE"
	tm send-keys -t "$sess" C-r
	# The noise may be gone before the repaint is: a cleared screen has
	# no noise either.  So wait for the form to be back, then look.
	wait_gone "NOISE ON THE LINE" && wait_for "In the person's own words" &&
		wait_for "$3" && code_row | grep -q "$3\$"
	check $? "^R redraws the whole screen"
	tm send-keys -t "$sess" Escape
	wait_for "Cancelled: nothing was saved."
	check $? "ESC alone still cancels the form"
	tm send-keys -t "$sess" C-q
	tm send-keys -t "$sess" y
	left=100
	until pane_dead || [ $left = 0 ]; do
		left=$((left - 1))
		sleep 0.1
	done
	pane_dead
	check $? "quits"
}

run vt100 'P-a\033[2Jb\033]0;x\007c' 'P-abc'
run xterm 'P-a\033[2Jb\030\rc\033]0;x\007\003d' 'P-ab cd'
echo "1..$n"
exit $fail
