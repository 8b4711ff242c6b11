#!/bin/sh
# SPDX-License-Identifier: ISC
# deploy.sh - what a county's IT admin sets up: the wait after wrong
# passphrases on the command line.
#
# Nothing here waits on the clock: a wait is checked in what the command
# says, and a long one is made by writing the count file directly.
set -u
build=${PASSAGE_BUILD:-build}
root=$PWD
bin="$root/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-deploy.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
pass="river stone lantern"
mkdb() { printf '%s\n' "$pass" | "$bin" init "$1" --admin dana --kdf interactive --passphrase-fd 0 >/dev/null 2>&1; }
verify() { printf '%s\n' "$2" | "$bin" verify "$1" --user dana --passphrase-fd 0 2>&1; }

# ------------------------------------------------ wrong passphrases (CLI)
db="$dir/site.db"
mkdb "$db"
out=$(verify "$db" "wrong one"); st=$?
[ $st -eq 1 ] && has "$out" "invalid user name or passphrase" && ! has "$out" wait
ok $? "a first wrong passphrase: the plain message, no wait"
verify "$db" "wrong two" >/dev/null
out=$(verify "$db" "wrong three")
has "$out" "invalid user name or passphrase; wait 1 second before trying again"
ok $? "the third in a row says the next try waits 1 second"
[ "$(cut -d' ' -f1 "$db.logins")" = 3 ]; ok $? "the count is kept beside the database"
[ "$(stat -c %a "$db.logins")" = 600 ]; ok $? "  with the database's mode"
now=$(date +%s)
echo "40 $now" >"$db.logins"
out=$(verify "$db" "$pass"); st=$?
[ $st -eq 1 ] && has "$out" "too many wrong passphrases in a row; wait" && has "$out" "seconds"
ok $? "during a wait even the right passphrase is refused, with the seconds left"
echo "2 $now" >"$db.logins"
out=$(verify "$db" "$pass"); st=$?
[ $st -eq 0 ]; ok $? "two wrong tries do not stop the right passphrase"
[ -e "$db.logins" ] && [ ! -s "$db.logins" ]; ok $? "  and a login starts the count again"
db2="$dir/other.db"
mkdb "$db2"
verify "$db2" "$pass" >/dev/null
[ ! -e "$db2.logins" ]; ok $? "logins with no wrong passphrase make no count file"
rm -f "$dir/nofile.db.logins"
verify "$dir/nofile.db" "$pass" >/dev/null
[ ! -e "$dir/nofile.db.logins" ]; ok $? "no database: no count file is made"

# ------------------------------------------------------ init --group
# A group to share with that is not this user's own: any as root, else a
# supplementary one.
if [ "$(id -u)" -eq 0 ]; then
	grp=$(getent group users >/dev/null && echo users || echo 100)
else
	grp=$(id -Gn | tr ' ' '\n' | grep -vx "$(id -gn)" | head -n 1)
fi
if [ -n "$grp" ]; then
	gdb="$dir/shared.db"
	out=$(printf '%s\n' "$pass" | "$bin" init "$gdb" --admin dana --group "$grp" \
		--kdf interactive --passphrase-fd 0 2>&1); st=$?
	[ $st -eq 0 ]; ok $? "init --group $grp creates the database"
	[ "$(stat -c %a "$gdb")" = 660 ]; ok $? "  with mode 660"
	[ "$(stat -c %G "$gdb")" = "$grp" ] || [ "$(stat -c %g "$gdb")" = "$grp" ]
	ok $? "  owned by the group"
	verify "$gdb" "wrong" >/dev/null
	[ "$(stat -c %a "$gdb.logins")" = 660 ] && [ "$(stat -c %g "$gdb.logins")" = "$(stat -c %g "$gdb")" ]
	ok $? "  and its count of wrong passphrases follows it"
else
	for t in 1 2 3 4; do n=$((n + 1)); echo "ok $n # SKIP no second group to share with"; done
fi
out=$(printf '%s\n' "$pass" | "$bin" init "$dir/nogroup.db" --admin dana --group no-such-group-here \
	--kdf interactive --passphrase-fd 0 2>&1); st=$?
[ $st -eq 1 ] && has "$out" "there is no group 'no-such-group-here'" && [ ! -e "$dir/nogroup.db" ]
ok $? "init --group with an unknown group: a clear refusal and no file"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 && [ -n "$grp" ]; then
	chmod 777 "$dir"
	out=$(printf '%s\n' "$pass" | setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$bin" init "$dir/notmine.db" --admin dana --group "$grp" --kdf interactive \
		--passphrase-fd 0 2>&1); st=$?
	chmod 700 "$dir"
	[ $st -eq 1 ] && has "$out" "you are not a member of it" && [ -z "$(ls "$dir" | grep notmine)" ]
	ok $? "init --group with a group one is not in: refused, nothing left behind"
else
	n=$((n + 1)); echo "ok $n # SKIP needs root and setpriv to act as another user"
fi

# ------------------------------------------------- the default database
# The screen-test build dumps the login screen, whose title names the file
# it opens (nothing in a file can be read before a login).
screen="$root/$build/tests/passage-screen"
mkdir "$dir/scr"
printf 'dump login.screen\n' >"$dir/dump.keys"
unset PASSAGE_DB PASSAGE_CONF SSH_CONNECTION || :
opens() {
	rm -f "$dir/scr/login.screen"
	(cd "$dir/scr" && env TERM=vt100 LINES=24 COLUMNS=80 PASSAGE_TUI_SCRIPT="$dir/dump.keys" \
		"$screen" "$@" >"$dir/scr/out" 2>&1) || return 1
	sed -n 's/^ Passage | \([^ ]*\) | log in.*/\1/p' "$dir/scr/login.screen"
}
conf="$dir/passage.conf"
printf '# the site\n\n  db =  /srv/passage/from-conf.db  \n' >"$conf"
[ "$(PASSAGE_CONF="$conf" opens)" = from-conf.db ]
ok $? "no FILE: the db line of the configuration file"
[ "$(PASSAGE_CONF="$conf" PASSAGE_DB=/srv/from-env.db opens)" = from-env.db ]
ok $? "PASSAGE_DB wins over the configuration file"
[ "$(PASSAGE_CONF="$conf" PASSAGE_DB=/srv/from-env.db opens /srv/given.db)" = given.db ]
ok $? "a FILE given wins over both"
[ "$(PASSAGE_CONF="$conf" PASSAGE_DB=/srv/from-env.db opens --db /srv/given.db)" = given.db ]
ok $? "  and so does --db FILE"
[ "$(PASSAGE_CONF="$conf" opens --user caseworker)" = from-conf.db ] &&
	grep -q "User name:  caseworker" "$dir/scr/login.screen"
ok $? "--user NAME alone still opens the default file, offering the name"
[ "$(PASSAGE_CONF="$conf" opens open)" = from-conf.db ]; ok $? "passage open alone does too"
out=$(PASSAGE_CONF="$dir/none.conf" "$bin" 2>&1); st=$?
[ $st -eq 1 ] && has "$out" "which database file?" && has "$out" "PASSAGE_DB" &&
	has "$out" "db = FILE"
ok $? "no FILE, no PASSAGE_DB, no configuration: says how to name one"
printf 'db = /srv/a.db\ndatabase = /srv/b.db\n' >"$conf"
out=$(PASSAGE_CONF="$conf" "$bin" 2>&1); st=$?
[ $st -eq 1 ] && has "$out" "$conf line 2: unknown setting 'database' (the only one is db)"
ok $? "an unknown setting is refused with its line"
printf 'db = reentry.db\n' >"$conf"
out=$(PASSAGE_CONF="$conf" "$bin" 2>&1)
has "$out" "line 1: db must be a whole path, starting with /"; ok $? "a relative path is refused"
printf 'db = /srv/a.db\ndb = /srv/b.db\n' >"$conf"
out=$(PASSAGE_CONF="$conf" "$bin" 2>&1)
has "$out" "line 2: db is set twice"; ok $? "db set twice is refused"
printf 'db /srv/a.db\n' >"$conf"
out=$(PASSAGE_CONF="$conf" "$bin" 2>&1)
has "$out" "line 1: not a setting"; ok $? "a line without = is refused"
printf 'db = /srv/a.db\n' >"$conf"
out=$(PASSAGE_CONF="$conf" PASSAGE_DB=/srv/from-env.db "$bin" verify 2>&1); st=$?
[ $st -eq 2 ] && has "$out" "which database file?"
ok $? "commands still need their FILE: the default is for the terminal interface"
out=$(PASSAGE_CONF="$conf" "$bin" open --help 2>&1); st=$?
[ $st -eq 0 ] && has "$out" "/etc/passage.conf"; ok $? "open --help tells the rule"

# ------------------------------------------------ contrib/ and its lint
# The lint runs on a scratch copy of the sources, so a file can be broken
# on purpose and the lint must say so.
lintcopy() {
	rm -rf "$dir/lint" && mkdir "$dir/lint" &&
		(cd "$root" && cp -R core cli tui tests bench tools contrib schema man Makefile "$dir/lint/")
}
runlint() { (cd "$dir/lint" && PASSAGE="$bin" sh contrib/lint.sh 2>&1); }
lintcopy
out=$(runlint); st=$?
[ $st -eq 0 ]; ok $? "the lint passes contrib/ as shipped"
printf '%s\n' "$out" | sed 's/^/# /'
sed -i '/ForceCommand/d' "$dir/lint/contrib/sshd_config.d/passage.conf"
out=$(runlint); st=$?
[ $st -eq 1 ] && has "$out" "no line matching 'ForceCommand"
ok $? "an SSH block without ForceCommand fails the lint"
lintcopy
sed -i 's/^AllowTcpForwarding no/AllowTcpForwarding yes/; s/^\(.\)AllowTcpForwarding no/\1AllowTcpForwarding yes/' \
	"$dir/lint/contrib/sshd_config.d/passage.conf"
out=$(runlint); st=$?
[ $st -eq 1 ] && has "$out" "AllowTcpForwarding no"; ok $? "  and so does one that forwards TCP"
lintcopy
sed -i 's/^PrivateTmp=yes/PrivateTmp=no/' "$dir/lint/contrib/systemd/passage-backup.service"
out=$(runlint); st=$?
[ $st -eq 1 ] && has "$out" "no line starting 'PrivateTmp=yes'"
ok $? "a backup unit without PrivateTmp fails the lint"
lintcopy
sed -i 's/^PrivateDevices=yes/PrivateDevices=sometimes/' "$dir/lint/contrib/systemd/passage-backup.service"
out=$(runlint); st=$?
if has "$out" "systemd-analyze verify cannot run" || has "$out" "no systemd-analyze"; then
	n=$((n + 1)); echo "ok $n # SKIP systemd-analyze verify cannot run here"
else
	[ $st -eq 1 ] && has "$out" "systemd-analyze verify:" && has "$out" "sometimes"
	ok $? "systemd-analyze verify's warning about a unit fails the lint"
fi
lintcopy
sed -i 's/^\(.\)PermitTTY yes/\1PermitTTY perhaps/' "$dir/lint/contrib/sshd_config.d/passage.conf"
out=$(runlint); st=$?
if has "$out" "not checked by sshd"; then
	n=$((n + 1)); echo "ok $n # SKIP sshd -t cannot run here"
else
	[ $st -eq 1 ] && has "$out" "sshd -t refuses it"; ok $? "sshd -t's refusal fails the lint"
fi

done_testing
