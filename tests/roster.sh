#!/bin/sh
# SPDX-License-Identifier: ISC
# roster.sh - passage import roster --dry-run on the example jails'
# fixtures: what it prints (counts, never a name or an id), what it
# refuses and how, and that it needs no database (roster_import.sh
# imports into one).
set -u
build=${PASSAGE_BUILD:-build}
root=$PWD
bin="$root/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-roster.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
cd "$dir" || exit 1
unset PASSAGE_DB || :
PASSAGE_CONF="$dir/none.conf"
export PASSAGE_CONF
prof="$root/contrib/roster"
fix="$root/tests/roster"

# $1 the profile's name, then the words; out and err, st set.
imp() {
	p=$1
	shift
	out=$("$bin" import roster "$@" --profile "$prof/$p.profile" 2>"$dir/err" </dev/null)
	st=$?
	err=$(cat "$dir/err")
}

imp lakeside "$fix/lakeside.csv" --dry-run
[ $st -eq 0 ] && [ -z "$err" ] && has "$out" "bookings                             4" &&
	has "$out" "released, with a time                1" &&
	has "$out" "released, with a date only           1" &&
	has "$out" "transferred to another agency        1" &&
	has "$out" "in custody                           1" &&
	has "$out" "Dry run: nothing was changed."
ok $? "lakeside: counts by kind"
! has "$out" DOE && ! has "$out" 17007382 && ! has "$out" ROE && ! has "$out" 1988
ok $? "lakeside: no name, id or birth date on the output"

imp ridge "$fix/ridge.csv" --dry-run
[ $st -eq 0 ] && has "$out" "released, with no time               1" &&
	has "$out" "bookings                             5"
ok $? "ridge: Latin-1 with CRLF line ends"

imp harbor "$fix/harbor.csv" --dry-run
[ $st -eq 0 ] && has "$out" "with an expected release date        1" &&
	has "$out" "full snapshot"
ok $? "harbor: a snapshot with packed ids"

imp harbor nothing.db "$fix/harbor.csv" --dry-run --passphrase-fd 0
[ $st -eq 1 ] && [ ! -e nothing.db ]
ok $? "a database named before the roster that is not there: refused, not made"

imp harbor "$fix/lakeside.csv" --dry-run
[ $st -eq 1 ] && [ -z "$out" ] && has "$err" "lakeside.csv: line 1, column \"Identifiers\"" &&
	has "$err" "is it the right profile for this file?"
ok $? "the wrong profile is refused, naming the line and column"

printf 'Booking Number,Inmate Name,DOB,Booking Date,Release Date,Status\n' >bad.csv
printf '1,"DOE, JANE",1980,2024-01-02,,In Custody\n' >>bad.csv
printf '2,"ROE, RAY",1981,01/02/2024,,In Custody\n' >>bad.csv
printf '3,"POE, AL",1982,2024-01-05,2024-01-04,Released\n' >>bad.csv
imp lakeside bad.csv --dry-run
[ $st -eq 1 ] && [ -z "$out" ] &&
	[ "$err" = "passage: bad.csv: line 3, column \"Booking Date\": '01/02/2024' matches none of the date formats (--skip-bad-rows leaves out such rows)" ]
ok $? "a bad row refuses the file, and says how to leave it out"
imp lakeside bad.csv --dry-run --skip-bad-rows
[ $st -eq 0 ] && has "$out" "bookings                             1" &&
	has "$out" "rows skipped                         2" &&
	has "$out" "skipped: line 3, column \"Booking Date\"" &&
	has "$out" "skipped: line 4, column \"Release Date\": the release is before the booking" &&
	! has "$out" ROE && ! has "$out" POE
ok $? "--skip-bad-rows lists the rows left out, without their names"

imp lakeside "$fix/lakeside.csv"
[ $st -eq 2 ] && [ -z "$out" ] && has "$err" "which database? say passage import roster FILE ROSTER"
ok $? "without a database or --dry-run: a usage error"
out=$("$bin" import roster "$fix/lakeside.csv" --dry-run 2>&1)
[ $? -eq 2 ] && has "$out" "which profile?"
ok $? "without a profile: a usage error"
imp lakeside no-such.csv --dry-run
[ $st -eq 1 ] && has "$err" "no-such.csv: could not be read"
ok $? "a roster that is not there"
out=$("$bin" import roster "$fix/lakeside.csv" --dry-run --profile nosuchjail 2>&1)
[ $? -eq 1 ] && has "$out" "/etc/passage/roster/nosuchjail.profile: the profile could not be read"
ok $? "a profile by name is looked for in /etc/passage/roster"
printf 'time_zone = UTC\ncolumn.nickname = Alias\n' >p.profile
out=$("$bin" import roster "$fix/lakeside.csv" --dry-run --profile ./p.profile 2>&1)
[ $? -eq 1 ] && has "$out" "p.profile: line 2: column.nickname: unknown column"
ok $? "a profile with a mistake is refused with its line"

done_testing
