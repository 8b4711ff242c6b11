#!/bin/sh
# SPDX-License-Identifier: ISC
# header_copy.sh - a damaged copy of the header: verify names it and says
# the other was used; reading does not change it; the next change saved
# writes both copies again, and verify is clean.
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-hcopy.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"

db="$dir/site.db"
pass="river stone lantern"
run() { printf '%s\n' "$pass" | "$bin" "$@" --user Dana --passphrase-fd 0 2>&1; }
# Turn over every bit of the byte at offset $2 of file $1.
flip() {
	perl -e 'open(my $f, "+<", $ARGV[0]) or die; binmode $f; seek($f, $ARGV[1], 0);
	         read($f, my $b, 1) == 1 or die; seek($f, $ARGV[1], 0);
	         print $f chr(ord($b) ^ 0xff); close $f or die' "$1" "$2"
}

printf '%s\n' "$pass" | "$bin" init "$db" --admin Dana --kdf interactive --passphrase-fd 0 >/dev/null 2>&1
ok $? "a new database"
out=$(run verify "$db")
[ $? -eq 0 ] && ! has "$out" "header copy"; ok $? "a new file verifies clean"

# Copy A is the first 8 KiB, copy B the next; 300 is inside the key slots.
for copy in A B; do
	[ $copy = A ] && at=300 || at=$((8192 + 300))
	flip "$db" $at
	out=$(run verify "$db")
	rc=$?
	[ $rc -eq 1 ] && has "$out" "all " && has "$out" "pages authenticated" &&
		has "$out" "header copy $copy is damaged and copy $([ $copy = A ] && echo B || echo A) was used"
	check $? "copy $copy damaged: verify names it, says the other was used, exits 1" "$rc: $out"
	out=$(run verify "$db")
	[ $? -eq 1 ] && has "$out" "header copy $copy is damaged"
	ok $? "  reading leaves it as it is"
	out=$(run facility add "$db" "Annex $copy")
	check $? "  a change is saved as usual" "$out"
	out=$(run verify "$db")
	[ $? -eq 0 ] && ! has "$out" "header copy"; check $? "  after it, verify is clean" "$out"
	out=$(run facility list "$db")
	has "$out" "Annex $copy"; ok $? "  and the change is there"
done

# Both copies damaged is not a copy read around: the file is refused.
flip "$db" 300
flip "$db" $((8192 + 300))
out=$(run verify "$db")
[ $? -ne 0 ] && has "$out" "header" && ! has "$out" "was used"
check $? "both copies damaged: refused, nothing read around" "$out"

done_testing
