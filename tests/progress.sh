#!/bin/sh
# SPDX-License-Identifier: ISC
# progress.sh - the long walks over every page (verify, a user's removal,
# a backup's check with a key) show pages done of pages on stderr when it
# is a terminal, and say nothing there when it is not: a nightly job's log
# or a pipe gets only the answer.  The terminal is a real one, a tmux pane
# of a private server; each step polls the pane, so a loaded machine makes
# the test slower, not flaky.
set -u
build=${PASSAGE_BUILD:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin="$root/$build/passage"

name=progress
. "$here/lib/tap.sh"
. "$here/lib/tmux.sh"

pass="progress test passphrase"
db="$work/site.db"
printf '%s\n' "$pass" > "$work/pass"
printf '%s\n%s\n' "$pass" "temporary passphrase 1" > "$work/add"
add() {
	"$bin" user add "$db" "$1" --role caseworker --user admin --passphrase-fd 3 \
		3<"$work/add" >/dev/null 2>&1
}
if ! { "$bin" init "$db" --admin admin --kdf interactive --passphrase-fd 3 3<"$work/pass" &&
	"$bin" demo "$db" --people 40 --user admin --passphrase-fd 3 3<"$work/pass" &&
	add Robin && add Sky; } >"$work/setup.out" 2>&1; then
	echo "Bail out! could not make the test database"
	sed 's/^/# /' "$work/setup.out"
	exit 1
fi

# Not a terminal: nothing on stderr, the answer on stdout.
out=$("$bin" verify "$db" --user admin --passphrase-fd 3 3<"$work/pass" 2>"$work/err")
[ $? -eq 0 ] && has "$out" "pages authenticated" && [ ! -s "$work/err" ]
ok $? "verify with stderr not a terminal: the answer, and nothing on stderr"
out=$("$bin" user disable "$db" Robin --user admin --passphrase-fd 3 3<"$work/pass" 2>"$work/err")
[ $? -eq 0 ] && has "$out" "Disabled 'Robin'" && [ ! -s "$work/err" ]
ok $? "user disable with stderr not a terminal: quiet there too"
out=$("$bin" backup "$db" "$work/copy1.db" --user admin --passphrase-fd 3 3<"$work/pass" \
	2>"$work/err")
[ $? -eq 0 ] && has "$out" "pages authenticated" && [ ! -s "$work/err" ]
ok $? "a backup with a key with stderr not a terminal: quiet there too"

# A terminal: the pane.  run NAME ARGS... starts passage ARGS in a pane of
# its own, the admin's passphrase on descriptor 3 (no name holds a quote).
run() {
	sess=$1
	shift
	tm new-session -d -s "$sess" -x 80 -y 24 \
		"'$bin' $* --user admin --passphrase-fd 3 3<'$work/pass'"
}
pane_dead() {
	[ "$(tm display-message -p -t "$sess" '#{pane_dead}' 2>/dev/null)" = 1 ]
}
# wait_for TEXT: until the pane shows TEXT (or its program ended without).
wait_for() {
	left=300
	while :; do
		dead=0
		pane_dead && dead=1
		shot=$(tm capture-pane -p -S -50 -t "$sess" 2>&1)
		has "$shot" "$1" && return 0
		[ "$dead" -eq 0 ] || break
		left=$((left - 1))
		[ "$left" -gt 0 ] || break
		sleep 0.1
	done
	echo "# waiting until the pane shows \"$1\", the pane:"
	printf '%s\n' "$shot" | sed 's/^/#   |/'
	return 1
}

pages=$(printf '%s\n' "$out" | sed -n 's/.*all \([0-9]*\) pages.*/\1/p')
run verify verify "$db"
wait_for "pages authenticated; structure ok" &&
	wait_for "Authenticating pages: $pages of $pages (100%)"
ok $? "verify on a terminal shows the pages authenticated, to all $pages of them"

run disable user disable "$db" Sky
wait_for "Disabled 'Sky'" && wait_for "Moving pages to the new key: " &&
	wait_for "Checking that no page is left under the old key: $pages of $pages (100%)"
ok $? "user disable on a terminal shows the pages moved, then the pages checked"

run backup backup "$db" "$work/copy2.db"
wait_for "recorded in the audit log" && wait_for "Copying " &&
	wait_for "Authenticating pages: "
ok $? "a backup with a key on a terminal shows the copy, then the pages authenticated"

done_testing
