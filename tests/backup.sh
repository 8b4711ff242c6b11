#!/bin/sh
# SPDX-License-Identifier: ISC
# backup.sh - passage backup as the nightly job and an admin use it.
#
# Passphrases go in through --passphrase-fd 0, one per line.  A full disk
# is a 64 KiB tmpfs mounted in a private user and mount namespace; where
# the system allows no such namespace that test is skipped, and says so.
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-backup.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
sum() { cksum < "$1"; }

db="$dir/site.db"
pass="river stone lantern"
printf '%s\n' "$pass" | "$bin" init "$db" --admin Dana --kdf interactive --passphrase-fd 0 >/dev/null 2>&1 &&
	printf '%s\n' "$pass" | "$bin" demo "$db" --people 200 --user Dana --passphrase-fd 0 >/dev/null 2>&1
ok $? "a database with 200 people to back up"
before=$(sum "$db")

# Without a key: nothing asked, nothing on stderr when not on a terminal.
out=$("$bin" backup "$db" "$dir/night.db" </dev/null 2>"$dir/err")
rc=$?
[ $rc -eq 0 ] && has "$out" "Backed up" && has "$out" "run passage verify on the copy"
ok $? "a backup without a key succeeds and says its pages were not authenticated"
[ ! -s "$dir/err" ]; ok $? "and is quiet on stderr when not on a terminal"
[ "$(stat -c %a "$dir/night.db")" = 600 ]; ok $? "the copy is private to its owner (mode 600)"
out=$(printf '%s\n' "$pass" | "$bin" verify "$dir/night.db" --user Dana --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "pages authenticated; structure ok"
ok $? "the copy opens with the same passphrase, and verifies"
out=$(printf '%s\n' "$pass" | "$bin" audit verify "$dir/night.db" --user Dana --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "audit log intact"; ok $? "its audit chain verifies"
[ "$(sum "$db")" = "$before" ]; ok $? "the source is untouched"

# With a key: every page authenticated and the backup audited.
out=$(printf '%s\n' "$pass" | "$bin" backup "$db" "$dir/keyed.db" --user Dana --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "pages authenticated; structure ok; recorded in the audit log"
ok $? "a backup with a key authenticates every page of the copy"
out=$(printf '%s\n' "$pass" | "$bin" audit list "$db" --action backup --user Dana --passphrase-fd 0 2>&1)
has "$out" "keyed.db"; ok $? "and is in the source's audit log"
out=$(printf 'not it at all\n' | "$bin" backup "$db" "$dir/wrong.db" --user Dana --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "invalid user name or passphrase" && [ ! -e "$dir/wrong.db" ]
ok $? "a wrong passphrase writes nothing"

# What is refused, leaving nothing behind.
files=$(ls -A "$dir" | wc -l)
out=$("$bin" backup "$db" "$dir/no/such/folder.db" 2>&1)
[ $? -eq 1 ] && has "$out" "the folder does not exist; nothing was written"
ok $? "a folder that does not exist"
printf 'Name,Code\nAna,P1\n' > "$dir/people.csv"
out=$("$bin" backup "$dir/people.csv" "$dir/csv.db" 2>&1)
[ $? -eq 1 ] && has "$out" "is not a Passage database; nothing was written" && [ ! -e "$dir/csv.db" ]
ok $? "a file that is not a Passage database"
rm -f "$dir/people.csv"
out=$("$bin" backup "$db" "$dir/night.db" 2>&1)
[ $? -eq 1 ] && has "$out" "already exists: give --force to replace it"
ok $? "an existing copy is not replaced without --force"
[ "$(ls -A "$dir" | wc -l)" -eq "$files" ]; ok $? "no temporary file is left by the refusals"
out=$("$bin" backup "$db" "$dir/night.db" --force 2>&1)
[ $? -eq 0 ]; ok $? "--force replaces it"
out=$("$bin" backup "$db" 2>&1)
[ $? -eq 2 ] && has "$out" "give the backup's file name"; ok $? "no DEST: a usage error"

# A full disk: a 64 KiB tmpfs of its own.
before=$(sum "$db")
if unshare -Urm true 2>/dev/null; then
	mkdir "$dir/small"
	out=$(unshare -Urm sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && "$2" backup "$3" "$1/b.db"
		echo "rc=$?"; ls -A "$1"' sh "$dir/small" "$bin" "$db" 2>&1)
	has "$out" "the disk holding $dir/small/b.db is full: nothing was written; free space and run it again" && has "$out" "rc=1" &&
		[ "$(printf '%s\n' "$out" | tail -n 1)" = "rc=1" ]
	ok $? "a full disk: a clear sentence, and nothing left on it"
	[ "$(sum "$db")" = "$before" ]; ok $? "and the source is untouched"
else
	skip "a full disk (no private mount namespace here)"
	skip "and the source is untouched"
fi

done_testing
