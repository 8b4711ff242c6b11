#!/bin/sh
# SPDX-License-Identifier: ISC
# e2e_site.sh - a site set up from nothing, in a real terminal: passage
# init asks for the site's name and zone and the admin's passphrase; the
# admin adds a facility and a provider on their page; users are added;
# health staff log in, add a person, book the stay and record the
# release, which shows on the screen.  No demo data anywhere.
#
# As in e2e_tui.sh, tmux runs passage in a pane of a private server and
# every step polls the pane for what it expects (no fixed sleeps).
set -u
build=${PASSAGE_BUILD:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin="$root/$build/passage"

name=site
. "$here/lib/tmux.sh"

db="$work/site.db"
pass="site setup passphrase"
n=0
failed=0
why=""
shot=""
echo "1..9"

# step DESCRIPTION FUNCTION: one TAP line; after a failure the rest are
# reported failed without running (they would wait on a missing screen).
step() {
	n=$((n + 1))
	if [ "$failed" = 1 ]; then
		echo "not ok $n - $1"
		echo "# not run: an earlier step failed"
		return
	fi
	why=""
	if "$2"; then
		echo "ok $n - $1"
		return
	fi
	failed=1
	echo "not ok $n - $1"
	[ -z "$why" ] || printf '%s\n' "$why" | sed 's/^/# /'
	printf '%s\n' "$shot" | sed 's/^/#   |/'
}

press() { tm send-keys -t site "$@"; }
type_text() { tm send-keys -t site -l "$1"; }
# run ARGS...: passage with these arguments in a fresh 80x24 pane.
run() {
	tm kill-session -t site 2>/dev/null
	tm new-session -d -x 80 -y 24 -s site -- env TERM=vt100 "$bin" "$@"
}
# wait_for TEXT [SECONDS]: until the pane shows TEXT.
wait_for() {
	left=$((${2:-10} * 10))
	while [ "$left" -gt 0 ]; do
		shot=$(tm capture-pane -p -t site 2>&1)
		case $shot in *"$1"*) return 0 ;; esac
		left=$((left - 1))
		sleep 0.1
	done
	why="timed out waiting for \"$1\""
	return 1
}

# ------------------------------------------------------------ steps

init_asks() {
	run init "$db" --admin ada --kdf interactive
	wait_for "Site name [Passage]:" || return 1
	type_text "Lakeview Reentry"
	press Enter
	wait_for "Time zone [UTC]:" || return 1
	press Enter
	wait_for "Passphrase for the admin:" || return 1
	type_text "$pass"
	press Enter
	wait_for "Type it again:" || return 1
	type_text "$pass"
	press Enter
	wait_for "RECOVERY CODE" 30
}
init_kept() {
	out=$(printf '%s\n' "$pass" | "$bin" setting "$db" --user ada --passphrase-fd 0 2>&1)
	case $out in
	*"site.name              Lakeview Reentry"*"site.time_zone         UTC"*) ;;
	*) why=$out; return 1 ;;
	esac
}
admin_login() {
	run "$db"
	wait_for "Type your user name and passphrase" || return 1
	type_text ada
	press Enter
	type_text "$pass"
	press Enter
	wait_for "None yet: f adds one." 30
}
admin_adds() {
	press f
	wait_for "Add a facility" || return 1
	type_text "Lakeview County Jail"
	press C-x
	wait_for "Saved the facility 'Lakeview County Jail'." || return 1
	press v
	wait_for "Add a provider" || return 1
	type_text "Harbor Clinic"
	press Tab
	type_text "methadone"
	press Tab Tab
	type_text "555-0102"
	press C-x
	wait_for "Saved 'Harbor Clinic' in the provider directory." || return 1
	wait_for "Harbor Clinic                            555-0102" || return 1
	press q
	wait_for "Quit" || return 1
	press y
}
users_added() {
	for u in health caseworker; do
		printf '%s\ntemporary %s 1\n' "$pass" "$u" |
			"$bin" user add "$db" "$u" --role "$u" --user ada --passphrase-fd 0 \
				>"$work/user.out" 2>&1 &&
		printf 'temporary %s 1\n%s\n' "$u" "$pass" |
			"$bin" passwd "$db" --user "$u" --passphrase-fd 0 >>"$work/user.out" 2>&1 ||
			{ why=$(cat "$work/user.out"); return 1; }
	done
}
health_login() {
	run "$db"
	wait_for "Type your user name and passphrase" || return 1
	type_text health
	press Enter
	type_text "$pass"
	press Enter
	wait_for "Releasing in the next 48 hours" 30
}
health_adds_person() {
	press N
	wait_for "Add a person" || return 1
	type_text S0000001
	press C-x
	wait_for "Added S0000001" || return 1
	wait_for "Book a new stay"
}
health_books() {
	wait_for "< Lakeview County Jail >" || return 1
	press Tab Tab C-u
	type_text "$(date -u -d '-3 hours' '+%Y-%m-%d %H:%M')"
	press C-x
	wait_for "Booking recorded at Lakeview County Jail." || return 1
	wait_for "in custody at Lakeview County Jail"
}
health_releases() {
	press r
	wait_for "Record a release" || return 1
	press C-x
	wait_for "Release recorded." || return 1
	wait_for "from Lakeview County Jail"
}

step "init asks for the site's name and zone, then the passphrase" init_asks
step "  and keeps what was typed, the zone offered by ENTER" init_kept
step "the admin's page says there is no facility yet" admin_login
step "the admin adds a facility and a provider there" admin_adds
step "users are added with passage user" users_added
step "health staff log in" health_login
step "they add a person, and the booking comes next" health_adds_person
step "they book the stay at the new facility" health_books
step "they record the release, and it shows" health_releases
exit $failed
