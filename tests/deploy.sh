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
n=0
fail=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
has() { case "$1" in *"$2"*) return 0 ;; esac; return 1; }
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
[ "$(cat "$db.logins")" = "0 0" ]; ok $? "  and a login starts the count again"
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

echo "1..$n"
exit $fail
