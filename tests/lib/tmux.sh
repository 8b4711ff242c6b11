# SPDX-License-Identifier: ISC
# tmux.sh - a private tmux server for the end-to-end tests, sourced by
# each after it sets $name: without tmux the test is skipped; otherwise
# $work is a fresh directory and $sock the server's name, and both go
# when the test exits.  tm runs tmux on that server, with no
# configuration.  The real binary keeps the real clock, so the test
# clock is unset; names are not all ASCII, so the locale is UTF-8.
if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP no tmux"
	exit 0
fi

work=$(mktemp -d)
sock="passage-$name-$$"
# A server leaves its socket behind when killed; -L puts it here.
sockdir="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)"
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null
	rm -f "$sockdir/$sock"
	# A passage the server's end just hung up may still be closing its
	# file in there: try again once it has.
	rm -rf "$work" 2>/dev/null || { sleep 1; rm -rf "$work"; }
}
trap cleanup EXIT
trap 'exit 1' INT TERM
unset PASSAGE_TEST_NOW NO_COLOR TMUX || :
export LC_ALL=C.UTF-8 TZ=UTC

tm() { tmux -L "$sock" -f /dev/null "$@"; }

# The server starts with no session and stays up when its last session
# is killed: by default it exits then, and a new-session sent in that
# moment fails with "server exited unexpectedly".  Panes are kept, with
# what passage left on them, after it exits; set here, before any pane
# starts, so a program that exits at once is kept too.
tm start-server \; set-option -s exit-empty off \; set-option -g remain-on-exit on
