#!/bin/sh
# SPDX-License-Identifier: ISC
# witness.sh - audit verify --head: a chain head noted outside the file,
# checked again later; and every row's MAC in the listing.
#
# The rewrite and the cut an insider could make with the library are in
# unit_witness.c; here the command line reads heads, says what it finds
# in one sentence, and refuses a head it cannot read.
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-witness.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"

db="$dir/site.db"
pass="river stone lantern"
run() { printf '%s\n' "$pass" | "$bin" "$@" --user Dana --passphrase-fd 0 2>&1; }
printf '%s\n' "$pass" | "$bin" init "$db" --admin Dana --kdf interactive --passphrase-fd 0 >/dev/null 2>&1
ok $? "a new database"

out=$(run audit verify "$db")
head1=$(printf '%s\n' "$out" | sed -n 's/.*; head \([0-9]*:[0-9a-f]*\)$/\1/p')
[ -n "$head1" ]; ok $? "audit verify prints the head ($head1)"
run audit verify "$db" >/dev/null
run audit verify "$db" >/dev/null

out=$(run audit verify "$db" --head "$head1")
[ $? -eq 0 ] && has "$out" "audit log intact" && has "$out" "still passes through the 1 head given"
ok $? "a later check passes through the head noted earlier"

csv=$(run audit list "$db" --format csv)
row2=$(printf '%s\n' "$csv" | tr -d '\r' | sed -n 's/^"2",.*,"\([0-9a-f]\{16\}\)"$/2:\1/p')
[ -n "$row2" ]; ok $? "audit list shows each row's MAC ($row2)"
tab=$(run audit list "$db")
printf '%s\n' "$tab" | grep -q "^ *2  ${row2#2:}  "; ok $? "  in the table too"
out=$(run audit verify "$db" --head "$row2" --head "$head1")
[ $? -eq 0 ] && has "$out" "the 2 heads given"; ok $? "any row's MAC is a head to check"

seq=${head1%%:*}
out=$(run audit verify "$db" --head "$seq:0123456789abcdef")
[ $? -eq 1 ] && has "$out" "audit row $seq is not the row witnessed earlier" && has "$out" "rewritten"
ok $? "another MAC at that row: the log was rewritten"
out=$(run audit verify "$db" --head "9999:${head1#*:}")
[ $? -eq 1 ] && has "$out" "audit row 9999, witnessed earlier as a chain head, is missing" &&
	has "$out" "cut off"
ok $? "a row past the end: rows were cut off"
out=$(run audit verify "$db" --head "$seq")
[ $? -eq 2 ] && has "$out" "--head is SEQ:MAC"; ok $? "a head without its MAC is a usage error"

# What neither check can see: the whole file put back from an older copy.
cp "$db" "$dir/old.db"
old=$(run audit verify "$db" | sed -n 's/.*; head \([0-9]*:[0-9a-f]*\)$/\1/p')
run audit verify "$db" >/dev/null
new=$(run audit verify "$db" | sed -n 's/.*; head \([0-9]*:[0-9a-f]*\)$/\1/p')
cp "$dir/old.db" "$db"
out=$(run verify "$db")
[ $? -eq 0 ] && [ "$(printf '%s\n' "$out" | tail -n 1)" = "$db: not seen by this check: the whole file put back from an older copy; to check, give a newer head from the system log to audit verify --head" ]
ok $? "verify passes an older copy put back, and its last line says it cannot see that"
out=$(run audit verify "$db")
[ $? -eq 0 ] && printf '%s\n' "$out" | tail -n 1 | grep -q "not seen by this check: the whole file put back"
ok $? "  so does audit verify"
out=$(run audit verify "$db" --head "$new")
[ $? -eq 1 ] && has "$out" "is missing"; ok $? "  and a head witnessed since the copy shows it ($old, then $new)"

done_testing
