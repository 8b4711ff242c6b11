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

echo "1..$n"
exit $fail
