#!/bin/sh
# SPDX-License-Identifier: ISC
# header_altered.sh - a copy of the header changed by someone without the
# key, its checksum made again so that it looks whole: verify names it as
# altered (not damaged), exits 1, and the next change saved writes it
# again from the good copy.  A changed newest copy opens nothing.
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-halter.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"

db="$dir/site.db"
pass="river stone lantern"
run() { printf '%s\n' "$pass" | "$bin" "$@" --user Dana --passphrase-fd 0 2>&1; }
# The generation of copy $2 (0 = A, 1 = B) of file $1.
gen() {
	perl -e 'open(my $f, "<", $ARGV[0]) or die; binmode $f; seek($f, $ARGV[1] * 8192 + 36, 0);
	         read($f, my $b, 8) == 8 or die; print unpack("Q<", $b), "\n"' "$1" "$2"
}
# Changes a byte of copy $2 of file $1 that only the keyed MAC covers (the
# wrapped previous key, unused outside a rotation), then writes the
# unkeyed checksum (BLAKE2b-256 of the copy's first 8160 bytes) again.
alter() {
	base=$(($2 * 8192))
	perl -e 'open(my $f, "+<", $ARGV[0]) or die; binmode $f; seek($f, $ARGV[1], 0);
	         read($f, my $b, 1) == 1 or die; seek($f, $ARGV[1], 0);
	         print $f chr(ord($b) ^ 0x5a); close $f or die' "$1" $((base + 60))
	sum=$(tail -c +$((base + 1)) "$1" | head -c 8160 | b2sum -l 256 | cut -c1-64)
	perl -e 'open(my $f, "+<", $ARGV[0]) or die; binmode $f; seek($f, $ARGV[1], 0);
	         print $f pack("H*", $ARGV[2]); close $f or die' "$1" $((base + 8160)) "$sum"
}
# The copy a reader takes: the higher generation, copy A on a tie.
newest() { [ "$(gen "$1" 0)" -ge "$(gen "$1" 1)" ] && echo 0 || echo 1; }
name() { [ "$1" -eq 0 ] && echo A || echo B; }

printf '%s\n' "$pass" | "$bin" init "$db" --admin Dana --kdf interactive --passphrase-fd 0 >/dev/null 2>&1
ok $? "a new database"

for round in 1 2; do
	# The copy read around is the older (copy A wins a tie); alter it.
	old=$(newest "$db"); old=$((1 - old))
	bad=$(name $old)
	good=$(name $((1 - old)))
	alter "$db" $old
	out=$(run verify "$db")
	rc=$?
	[ $rc -eq 1 ] && has "$out" "pages authenticated" &&
		has "$out" "header copy $bad was altered and copy $good was used" &&
		! has "$out" "is damaged"
	check $? "copy $bad altered, checksum made again: verify says altered, exits 1" "$rc: $out"
	out=$(run verify "$db")
	[ $? -eq 1 ] && has "$out" "header copy $bad was altered"
	ok $? "  reading leaves it as it is"
	out=$(run facility add "$db" "Annex $round")
	check $? "  a change is saved as usual" "$out"
	out=$(run verify "$db")
	[ $? -eq 0 ] && ! has "$out" "header copy"; check $? "  after it, verify is clean" "$out"
	out=$(run facility list "$db")
	has "$out" "Annex $round"; ok $? "  and the change is there"
done

# The newest copy altered is the one that would be read: nothing opens.
alter "$db" "$(newest "$db")"
out=$(run verify "$db")
rc=$?
[ $rc -ne 0 ] && has "$out" "header" && ! has "$out" "was used"
check $? "the newest copy altered: refused, not read around" "$rc: $out"

done_testing
