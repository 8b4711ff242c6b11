#!/bin/sh
# SPDX-License-Identifier: ISC
# import_role.sh - the import account: made by an admin with --role
# import, it runs passage import roster and nothing else.  Every command
# passage --help lists is walked: a command that logs in refuses the
# account with one sentence; the few that never log in as a user, or
# touch only the account's own key, are named here with why.
set -u
build=${PASSAGE_BUILD:-build}
root=$PWD
bin="$root/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-import-role.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
cd "$dir" || exit 1
unset PASSAGE_DB || :
PASSAGE_CONF="$dir/none.conf"
export PASSAGE_CONF

db="$dir/site.db"
apass="admin passphrase"
ipass="import passphrase one"
sentence="this account only imports the jail's roster; it cannot see or change records, reports or the audit log"

printf '%s\n' "$apass" | "$bin" init "$db" --admin ada --kdf interactive --passphrase-fd 0 >/dev/null 2>&1
ok $? "a new database"
out=$(printf '%s\ntemporary import\n' "$apass" |
	"$bin" user add "$db" jailfeed --role import --display "Roster import" --user ada --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "Added 'jailfeed' as import"
ok $? "an admin adds an import account"
printf 'temporary import\n%s\n' "$ipass" | "$bin" passwd "$db" --user jailfeed --passphrase-fd 0 >/dev/null 2>&1
ok $? "the import account sets its own passphrase (passwd: its key only)"
out=$(printf '%s\n' "$apass" | "$bin" user list "$db" --user ada --passphrase-fd 0 2>&1)
has "$out" "jailfeed                 import"
ok $? "user list shows the role"

# The words each command takes, as the import account; every command that
# logs in is here.  Those that do not: init (makes a new file), recover
# (a recovery code, no user), open (the terminal interface: its refusal is
# the screen tests'), verify and passwd (the key only), import (allowed).
words() {
	case $1 in
	user) echo "user list $db" ;;
	audit) echo "audit list $db" ;;
	demo) echo "demo $db --people 3" ;;
	setting) echo "setting $db" ;;
	report) echo "report metrics $db --from 2026-01-01 --to 2026-01-31" ;;
	export) echo "export $db --out $dir/x.export --records people --recipient $dir/k.pub --for X" ;;
	backup) echo "backup $db $dir/copy.db" ;;
	facility) echo "facility list $db" ;;
	provider) echo "provider list $db" ;;
	plan) echo "plan $db --person P0000001 --out $dir/x.pdf" ;;
	stock) echo "stock list $db" ;;
	*) return 1 ;;
	esac
}
printf 'key passphrase one\nkey passphrase one\n' | "$bin" export --keygen --out "$dir/k" --for X --passphrase-fd 0 >/dev/null 2>&1
names=$("$bin" --help | awk '/^commands:/ { f = 1; next } f && /^  [a-z]/ { print $1 } f && /^$/ { exit }')
count=0
for c in $names; do
	case $c in init | recover | open | verify | passwd | import) continue ;; esac
	count=$((count + 1))
	if ! w=$(words "$c"); then
		ok 1 "$c: the import account's words are known to this test"
		continue
	fi
	# shellcheck disable=SC2086 # the words are split on purpose
	out=$(printf '%s\n' "$ipass" | "$bin" $w --user jailfeed --passphrase-fd 0 2>&1)
	[ $? -eq 1 ] && [ "$out" = "passage: $db: $sentence" ]
	ok $? "$c refuses the import account with one sentence"
done
[ "$count" -eq 11 ]
ok $? "11 commands that log in were walked (found $count)"
[ ! -e "$dir/copy.db" ] && [ ! -e "$dir/x.export" ] && [ ! -e "$dir/x.pdf" ]
ok $? "nothing was written by a refused command"

# Each refusal ended the account's session in the audit log.
out=$(printf '%s\n' "$apass" | "$bin" audit list "$db" --user ada --by jailfeed --action logout --passphrase-fd 0 2>&1)
[ "$(printf '%s\n' "$out" | grep -c 'refused: an import account')" -eq "$count" ]
ok $? "each refusal is a logout row in the audit log"

# What it is for: the roster import, dry run.
out=$("$bin" import roster "$root/tests/roster/lakeside.csv" --profile "$root/contrib/roster/lakeside.profile" --dry-run 2>&1 </dev/null)
[ $? -eq 0 ] && has "$out" "Dry run: nothing was changed."
ok $? "import roster --dry-run runs for it"

# The terminal interface, in a real terminal (tmux): the login is refused
# with its sentence, recorded as a login and a logout, and no screen opens.
tm() { tmux -L "$sock" -f /dev/null "$@"; }
# pane_shows TEXT: poll the pane (up to 30 s: Argon2 takes its time).
pane_shows() {
	left=300
	while [ $left -gt 0 ]; do
		shot=$(tm capture-pane -p -t tui 2>/dev/null)
		has "$shot" "$1" && return 0
		left=$((left - 1))
		sleep 0.1
	done
	printf '%s\n' "$shot" | sed 's/^/#   |/'
	return 1
}
if command -v tmux >/dev/null 2>&1; then
	sock="passage-import-role-$$"
	tm new-session -d -x 80 -y 24 -s tui -- env TERM=vt100 LC_ALL=C.UTF-8 "$bin" "$db"
	pane_shows "Type your user name and passphrase" &&
		tm send-keys -t tui -l jailfeed && tm send-keys -t tui Enter &&
		tm send-keys -t tui -l "$ipass" && tm send-keys -t tui Enter &&
		pane_shows "this account only imports the jail's roster; it has no screens" &&
		pane_shows "Type your user name and passphrase"
	ok $? "the terminal interface refuses the import account's login with its sentence"
	tm kill-server 2>/dev/null
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"
	out=$(printf '%s\n' "$apass" | "$bin" audit list "$db" --user ada --by jailfeed --action logout --passphrase-fd 0 2>&1)
	has "$out" "refused: an import account has no screens"
	ok $? "and the refusal is a logout row in the audit log"
else
	skip "no tmux: the terminal interface's refusal"
	skip "no tmux: its audit row"
fi

# Another role is not refused: the refusal is the import account's.
out=$(printf '%s\n' "$apass" | "$bin" facility list "$db" --user ada --passphrase-fd 0 2>&1)
[ $? -eq 0 ]
ok $? "an admin still lists facilities"

# No caseload: an import account is not a caseworker.
out=$(printf '%s\n' "$apass" | "$bin" user role "$db" jailfeed admin --user ada --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "'jailfeed' is now admin"
ok $? "an admin can change the role back"

done_testing
