#!/bin/sh
# SPDX-License-Identifier: ISC
# folder_readonly.sh - an account that may write the database file but not
# the folder that holds it.  Passage keeps the write-ahead log (FILE-wal)
# and its index (FILE-shm) beside the file, so such an account cannot open
# it; it must be told that the folder is the trouble, not the file.  A file
# the account may only read is still called read-only.
#
# The account is nobody (65534), so the test runs only as root, with
# setpriv, and where nobody can reach the program; elsewhere it skips.
set -eu
build=${PASSAGE_BUILD:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin="$root/$build/passage"
. "$here/lib/tap.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
pass='folder test passphrase'

as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null 2>&1 ||
	! as_nobody test -x "$bin" 2>/dev/null; then
	skip "needs root, setpriv, and a program another account can run"
	done_testing
fi
chmod 755 "$work"
db="$work/site.db"
printf '%s\n' "$pass" |
	"$bin" init "$db" --admin admin --kdf interactive --site Test --time-zone UTC \
		--passphrase-fd 0 >/dev/null

chmod 666 "$db"
out=$(printf '%s\n' "$pass" | as_nobody "$bin" verify "$db" --user admin --passphrase-fd 0 2>&1) &&
	rc=0 || rc=$?
[ "$rc" -ne 0 ] && has "$out" "folder that holds the database is read-only" && has "$out" "-wal"
check $? "a file it may write in a folder it may not: the folder is named as the trouble" "$out"
[ ! -e "$db-wal" ] && [ ! -e "$db-shm" ]
check $? "and nothing was made beside the file" "$(ls -la "$work")"

chmod 644 "$db"
out=$(printf '%s\n' "$pass" | as_nobody "$bin" verify "$db" --user admin --passphrase-fd 0 2>&1) &&
	rc=0 || rc=$?
[ "$rc" -ne 0 ] && has "$out" "database file is read-only for this account"
check $? "a file it may only read: the file is named" "$out"

chmod 777 "$work"
chmod 666 "$db"
out=$(printf '%s\n' "$pass" | as_nobody "$bin" verify "$db" --user admin --passphrase-fd 0 2>&1) &&
	rc=0 || rc=$?
check $rc "with the folder open to it, it opens and verifies" "$out"
done_testing
