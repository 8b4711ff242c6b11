# SPDX-License-Identifier: ISC
# tmux.sh - a private tmux server for the end-to-end tests, sourced by
# each after it sets $name (and $bin, the passage to run): without tmux
# the test is skipped; otherwise $work is a fresh directory and $sock the
# server's name, and both go when the test exits.  tm runs tmux on that server, with no
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

# caseworker_db FILE PASS: a new file with an admin and a caseworker who
# has changed the temporary passphrase, both unlocking with PASS; bails
# out of the test when it cannot be made.
caseworker_db() {
	if ! { printf '%s\n' "$2" | "$bin" init "$1" --admin admin --kdf interactive \
		--passphrase-fd 0 &&
		printf '%s\ntemporary caseworker 1\n' "$2" |
		"$bin" user add "$1" caseworker --role caseworker --user admin --passphrase-fd 0 &&
		printf 'temporary caseworker 1\n%s\n' "$2" |
		"$bin" passwd "$1" --user caseworker --passphrase-fd 0; } >"$work/setup.out" 2>&1
	then
		echo "Bail out! could not make the test database"
		sed 's/^/# /' "$work/setup.out"
		exit 1
	fi
}
